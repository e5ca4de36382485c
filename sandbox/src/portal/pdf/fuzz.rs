//! Fuzzing the privacy-policy upload checks (`PUT /portal/api/apps/{id}/privacy-policy`):
//! the PDF sniff, the media type and the file name of `Content-Disposition`.

use super::{HEADER_WINDOW, TRAILER_WINDOW, filename, is_pdf_media_type, sniff};
use crate::fuzzing::config;
use proptest::prelude::*;

/// The sample policy the README's walkthrough uploads.
const POLICY: &[u8] = include_bytes!("../../../../fixtures/pdfs/privacy-policy.pdf");

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// What the sniff promises, written out: the `%PDF-` header whole within the first KiB
/// (where readers look for it), the `%%EOF` trailer whole within the last KiB.
fn expected(bytes: &[u8]) -> Result<(), &'static str> {
    if bytes.is_empty() {
        return Err("body.empty");
    }
    let header_at = find(bytes, b"%PDF-");
    if header_at.is_none_or(|at| at + 5 > HEADER_WINDOW) {
        return Err("body.not_pdf");
    }
    let trailer_in_tail = (0..bytes.len().saturating_sub(4))
        .filter(|at| bytes[*at..].starts_with(b"%%EOF"))
        .any(|at| at >= bytes.len().saturating_sub(TRAILER_WINDOW));
    if !trailer_in_tail {
        return Err("body.truncated_pdf");
    }
    Ok(())
}

/// Bytes that often hold pieces of the markers, so both sides of each rule get tried.
fn pdfish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"%PDF-".to_vec()),
        Just(b"%PDF-1.7\n".to_vec()),
        Just(b"%%EOF".to_vec()),
        Just(b"%%EOF\n".to_vec()),
        Just(b"%".to_vec()),
        Just(b"PDF".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..40),
        proptest::collection::vec(Just(b' '), 0..1100),
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_bytes_are_sniffed_as_the_rules_say(bytes in pdfish()) {
        prop_assert_eq!(sniff(&bytes).map_err(|e| e.code), expected(&bytes));
    }

    #[test]
    fn anything_without_a_pdf_header_in_its_first_kib_is_refused(
        bytes in proptest::collection::vec(any::<u8>(), 1..3000)
    ) {
        prop_assume!(find(&bytes[..bytes.len().min(HEADER_WINDOW)], b"%PDF-").is_none());
        let e = sniff(&bytes).unwrap_err();
        prop_assert_eq!(e.code, "body.not_pdf");
        prop_assert_eq!(e.field, "body");
    }

    #[test]
    fn anything_that_starts_with_the_header_and_ends_with_the_trailer_passes(
        body in proptest::collection::vec(any::<u8>(), 0..5000),
        white in "[ \r\n\t]{0,4}",
    ) {
        let bytes = [b"%PDF-1.4\n".as_slice(), &body, b"%%EOF", white.as_bytes()].concat();
        prop_assert!(sniff(&bytes).is_ok());
    }

    #[test]
    fn the_sample_policy_cut_before_its_trailer_is_refused(cut in 1..POLICY.len() - 6) {
        let e = sniff(&POLICY[..cut]).unwrap_err();
        let code = if cut < 5 { "body.not_pdf" } else { "body.truncated_pdf" };
        prop_assert_eq!(e.code, code);
    }

    #[test]
    fn any_content_type_names_a_pdf_only_when_its_essence_is_application_pdf(
        essence in prop_oneof![
            "[aA][pP][pP][lL][iI][cC][aA][tT][iI][oO][nN]/[pP][dD][fF]",
            "[a-z]{1,12}/[a-z+.-]{1,12}",
            "[^;]{0,30}",
        ],
        spaces in (" {0,2}", " {0,2}"),
        params in proptest::option::of("; ?[a-z]{1,8}=[a-z0-9]{1,8}"),
    ) {
        let header = format!("{}{essence}{}{}", spaces.0, spaces.1, params.clone().unwrap_or_default());
        let expected = essence.trim().eq_ignore_ascii_case("application/pdf");
        prop_assert_eq!(is_pdf_media_type(Some(&header)), expected, "{}", header);
    }

    #[test]
    fn the_file_name_of_any_content_disposition_is_a_plain_name(cd in prop_oneof![
        any::<String>(),
        "attachment; filename=\"[^\"]{0,300}\"",
        "inline; filename=[a-zA-Z0-9./\\\\:]{0,40}",
    ]) {
        let name = filename(Some(&cd));
        prop_assert!(!name.is_empty());
        prop_assert!(name.chars().count() <= 255);
        prop_assert!(!name.contains(['/', '\\']), "{}", name);
        prop_assert!(!name.chars().any(char::is_control), "{:?}", name);
    }
}

#[test]
fn the_sample_policy_passes_the_sniff() {
    assert_eq!(expected(POLICY), Ok(()));
    assert!(sniff(POLICY).is_ok());
}
