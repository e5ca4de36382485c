//! Is this upload really a PDF? (guide 3.3.1: "The privacy policy must be in PDF format")
//!
//! The declared media type says what the client claims; the bytes say what it sent.
//! A PDF starts with `%PDF-` (readers tolerate up to 1 KiB of junk before it) and
//! ends with `%%EOF` (possibly followed by white space); a file missing its trailer
//! was cut off in transit, which a reviewer would find out only when opening it.

use crate::error::FieldError;

const HEADER_WINDOW: usize = 1024;
const TRAILER_WINDOW: usize = 1024;

/// Checks the bytes of an upload that claims to be a PDF.
pub fn sniff(bytes: &[u8]) -> Result<(), FieldError> {
    if bytes.is_empty() {
        return Err(FieldError::new(
            "body",
            "body.empty",
            "the upload is empty; send the PDF's bytes",
        ));
    }
    let head = &bytes[..bytes.len().min(HEADER_WINDOW)];
    if !contains(head, b"%PDF-") {
        return Err(FieldError::new(
            "body",
            "body.not_pdf",
            "the file is not a PDF (it does not start with %PDF-); export the privacy policy as PDF",
        ));
    }
    let tail = &bytes[bytes.len().saturating_sub(TRAILER_WINDOW)..];
    if !contains(tail, b"%%EOF") {
        return Err(FieldError::new(
            "body",
            "body.truncated_pdf",
            "the PDF has no %%EOF trailer: it looks cut off; upload the whole file again",
        ));
    }
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether a Content-Type header names a PDF.
pub fn is_pdf_media_type(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/pdf"))
}

/// The file name from `Content-Disposition: attachment; filename="..."`, without any path.
pub fn filename(content_disposition: Option<&str>) -> String {
    content_disposition
        .and_then(|cd| {
            cd.split(';')
                .map(str::trim)
                .find_map(|part| part.strip_prefix("filename="))
        })
        .map(|name| name.trim_matches('"'))
        .map(|name| name.rsplit(['/', '\\']).next().unwrap_or(name))
        .map(|name| {
            name.chars()
                .filter(|c| !c.is_control())
                .take(255)
                .collect::<String>()
        })
        // Checked after the control characters go: a name of nothing else is no name.
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "privacy-policy.pdf".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

    #[test]
    fn a_real_pdf_passes() {
        assert!(sniff(MINIMAL).is_ok());
    }

    #[test]
    fn text_that_only_claims_to_be_a_pdf_is_refused() {
        assert_eq!(
            sniff(b"Our privacy policy: we never sell data.")
                .unwrap_err()
                .code,
            "body.not_pdf"
        );
    }

    #[test]
    fn a_pdf_cut_before_its_trailer_is_refused() {
        assert_eq!(
            sniff(&MINIMAL[..20]).unwrap_err().code,
            "body.truncated_pdf"
        );
    }

    #[test]
    fn an_empty_upload_is_refused() {
        assert_eq!(sniff(b"").unwrap_err().code, "body.empty");
    }

    #[test]
    fn the_file_name_loses_its_path_and_quotes() {
        assert_eq!(
            filename(Some(r#"attachment; filename="C:\docs\policy.pdf""#)),
            "policy.pdf"
        );
        assert_eq!(filename(None), "privacy-policy.pdf");
    }

    #[test]
    fn a_file_name_of_control_characters_only_gets_the_default_name() {
        assert_eq!(
            filename(Some("attachment; filename=\"\0\"")),
            "privacy-policy.pdf"
        );
    }

    #[test]
    fn media_type_parameters_do_not_matter() {
        assert!(is_pdf_media_type(Some("application/PDF; charset=binary")));
        assert!(!is_pdf_media_type(Some("text/plain")));
    }
}

#[cfg(test)]
mod fuzz;
