"""Schemathesis hooks for scripts/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS).

The privacy-policy upload takes `application/pdf` bytes; Schemathesis has no serializer
for that media type, so it sends them as it sends `application/octet-stream`.
"""

import schemathesis

schemathesis.serializer.alias("application/pdf", "application/octet-stream")
