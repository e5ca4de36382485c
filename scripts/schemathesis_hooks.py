"""Schemathesis hooks for scripts/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS).

The privacy-policy upload takes `application/pdf` bytes. Schemathesis has no strategy for
that media type (its built-in file samples cover images only), so this module registers
one: mostly real PDFs, so the stateful phase gets past the upload to submitting the
policy and registering in production, and otherwise the bodies the sandbox must refuse
with 422 (empty, not a PDF, a PDF cut off before its `%%EOF`, junk before `%PDF-`).
Registering the media type also gives it a serializer (the raw bytes).
"""

from pathlib import Path

import schemathesis
from hypothesis import strategies as st

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pdfs"
POLICY = (FIXTURES / "privacy-policy.pdf").read_bytes()
TRUNCATED = (FIXTURES / "truncated-policy.pdf").read_bytes()

# A PDF is what starts with `%PDF-` in its first KiB and ends with `%%EOF` in its last
# (sandbox/src/portal/pdf.rs); anything between goes.
wrapped = st.binary(max_size=2048).map(lambda middle: b"%PDF-1.7\n" + middle + b"\n%%EOF\n")
valid = st.one_of(st.just(POLICY), wrapped)
refused = st.one_of(
    st.just(b""),
    st.just(TRUNCATED),
    st.binary(max_size=2048),
    st.binary(min_size=1025, max_size=1500).map(lambda junk: junk.replace(b"%PDF-", b"") + POLICY),
)

schemathesis.openapi.media_type(
    "application/pdf",
    st.one_of(valid, valid, valid, refused),
)
