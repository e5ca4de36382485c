//! SMART scopes as authorize, token refresh and the FHIR API read and compare them
//! (`Scope::parse`, `permits`): the input is a list of scopes separated by white space.
//!
//! Checked against an oracle written from SMART App Launch 1 and 2: a resource scope is
//! `patient|user|system` `/` a type (`*` or an upper-case letter then letters and digits)
//! `.` `read` (`rs`), `write` (`cud`), `*` (`cruds`) or v2 letters in `c r u d s` order,
//! each at most once; anything else is a scope of its own that only itself matches. Every
//! pair of scopes in the input is compared both ways; every scope reads back as written
//! or as its parts, covers itself, and more held scopes never cover less.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sandbox::fuzzing::{Scope, permits};

/// Bit `i` of a permission set is the `i`th letter of `cruds`.
const READ: u8 = (1 << 1) | (1 << 4);
const WRITE: u8 = 1 | (1 << 2) | (1 << 3);
const ALL: u8 = 0b11111;

/// `(context, type, permission bits)`, or `None` for a scope of its own.
fn oracle(text: &str) -> Option<(&str, &str, u8)> {
    let (context, rest) = text.split_once('/')?;
    if !["patient", "user", "system"].contains(&context) {
        return None;
    }
    let (kind, permission) = rest.rsplit_once('.')?;
    let kind_ok = kind == "*"
        || (kind.starts_with(|c: char| c.is_ascii_uppercase())
            && kind.chars().all(|c| c.is_ascii_alphanumeric()));
    if !kind_ok {
        return None;
    }
    let bits = match permission {
        "read" => READ,
        "write" => WRITE,
        "*" => ALL,
        letters => {
            let mut bits = 0u8;
            let mut next = 0;
            for b in letters.bytes() {
                let i = b"cruds"[next..].iter().position(|o| *o == b)? + next;
                bits |= 1 << i;
                next = i + 1;
            }
            bits
        }
    };
    (bits != 0).then_some((context, kind, bits))
}

fn covers(held: &str, wanted: &str) -> bool {
    match (oracle(held), oracle(wanted)) {
        (None, None) => held == wanted,
        (Some((c1, k1, b1)), Some((c2, k2, b2))) => {
            c1 == c2 && (k1 == "*" || k1 == k2) && b1 & b2 == b2
        }
        _ => false,
    }
}

fn v2(bits: u8) -> String {
    (0..5)
        .filter(|i| bits & (1 << i) != 0)
        .map(|i| char::from(b"cruds"[i]))
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let scopes: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
    for s in &scopes {
        match (Scope::parse(s), oracle(s)) {
            (Scope::Other(t), None) => assert_eq!(&t, s),
            (
                Scope::Resource {
                    context, resource, ..
                },
                Some((c, k, bits)),
            ) => {
                assert_eq!((context.as_str(), resource.as_str()), (c, k));
                // The v2 spelling of the same permissions is the same scope.
                assert_eq!(
                    Scope::parse(&format!("{c}/{k}.{}", v2(bits))),
                    Scope::parse(s)
                );
            }
            (got, _) => panic!("{s:?} read as {got:?}, the rule says {:?}", oracle(s)),
        }
        assert!(permits(std::slice::from_ref(s), s), "{s:?} covers itself");
    }
    // Pairs of the first few only: the comparisons grow with the square of the count.
    let few = &scopes[..scopes.len().min(32)];
    for held in few {
        for wanted in few {
            let one = std::slice::from_ref(held);
            assert_eq!(
                permits(one, wanted),
                covers(held, wanted),
                "{held:?} covers {wanted:?}?"
            );
        }
    }
    // Any one held scope that covers a wanted one is enough; more never cover less.
    for wanted in few {
        let any = scopes
            .iter()
            .any(|h| permits(std::slice::from_ref(h), wanted));
        assert_eq!(permits(&scopes, wanted), any);
    }
});
