//! Escaping of arbitrary text (response bodies, panic messages) for XML and HTML output.
//!
//! Written here rather than pulled from a crate: the rules are short and both renderers
//! need exactly the same ones.

/// Escapes `text` for use in XML/HTML element content *and* quoted attribute values.
///
/// Control characters that XML 1.0 forbids (everything below U+0020 except tab, newline
/// and carriage return) are replaced by U+FFFD so a binary body cannot make the file
/// unreadable.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_the_five_special_characters() {
        assert_eq!(
            markup(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn markup_replaces_control_characters_forbidden_in_xml() {
        assert_eq!(markup("a\u{0}b\u{1b}c\td\n"), "a\u{FFFD}b\u{FFFD}c\td\n");
    }
}
