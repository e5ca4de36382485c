//! The privacy-policy upload (`PUT /portal/api/apps/{id}/privacy-policy`): the input is
//! the uploaded bytes, and also the text of its `Content-Type` and `Content-Disposition`.
//!
//! Checked against an oracle of the sniffing rules: empty is `body.empty`; no `%PDF-`
//! whole within the first KiB is `body.not_pdf`; no `%%EOF` whole within the last KiB is
//! `body.truncated_pdf`; anything else passes; every refusal is on the field `body`. A
//! content type names a PDF exactly when its essence is `application/pdf` in any case.
//! The stored file name is never empty, at most 255 characters, without a path separator
//! or a control character.
#![no_main]

use conform_fuzz::contains;
use libfuzzer_sys::fuzz_target;
use sandbox::fuzzing::{is_pdf_media_type, pdf_file_name, sniff_pdf};

const WINDOW: usize = 1024;

fn expected(bytes: &[u8]) -> Result<(), &'static str> {
    if bytes.is_empty() {
        Err("body.empty")
    } else if !contains(&bytes[..bytes.len().min(WINDOW)], b"%PDF-") {
        Err("body.not_pdf")
    } else if !contains(&bytes[bytes.len().saturating_sub(WINDOW)..], b"%%EOF") {
        Err("body.truncated_pdf")
    } else {
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let got = sniff_pdf(data);
    if let Err(e) = &got {
        assert_eq!(e.field, "body");
    }
    assert_eq!(got.map_err(|e| e.code), expected(data));

    let text = String::from_utf8_lossy(data);
    let essence = text.split(';').next().unwrap_or("").trim();
    let pdf = essence.eq_ignore_ascii_case("application/pdf");
    assert_eq!(is_pdf_media_type(Some(&text)), pdf, "{text:?}");
    assert!(!is_pdf_media_type(None));

    for disposition in [Some(text.as_ref()), None] {
        let name = pdf_file_name(disposition);
        assert!(!name.is_empty() && name.chars().count() <= 255, "{name:?}");
        assert!(
            !name.contains(['/', '\\']) && !name.chars().any(char::is_control),
            "{name:?}"
        );
    }
});
