//! What a fuzzed request target looks like on the wire, shared by the proptest router
//! properties (`sandbox/tests/fuzz_http.rs`) and the libFuzzer `router` target
//! (`fuzz/fuzz_targets/router.rs`, which includes this file by path), so both send the
//! server the same kind of malformed-but-sendable paths.

/// `text` with what cannot stand in a request target percent-encoded: controls, white
/// space, `#` and every byte outside ASCII. Everything else, a stray `%zz` included, is
/// left as written, so the server still meets malformed escapes.
pub fn on_the_wire(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if (0x21..0x7f).contains(&b)
            && !matches!(
                b,
                b'#' | b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^'
            )
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
