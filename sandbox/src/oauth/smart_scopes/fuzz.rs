//! Fuzzing SMART scope strings as the authorize and token endpoints and the FHIR API
//! read them: v1 and v2 forms, wildcards, and scopes that name no resource.

use super::{ORDER, Permissions, Scope, permits};
use crate::fuzzing::config;
use proptest::prelude::*;

/// A resource scope as parts: context, resource type (or `*`), permission bits.
#[derive(Debug, Clone)]
struct Parts {
    context: &'static str,
    resource: String,
    bits: u8,
}

fn parts() -> impl Strategy<Value = Parts> {
    (
        prop_oneof![Just("patient"), Just("user"), Just("system")],
        prop_oneof![Just("*".to_owned()), "[A-Z][A-Za-z0-9]{0,15}"],
        1u8..32,
    )
        .prop_map(|(context, resource, bits)| Parts {
            context,
            resource,
            bits,
        })
}

/// The v2 letters of `bits`, in `c r u d s` order.
fn letters(bits: u8) -> String {
    ORDER
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, b)| *b as char)
        .collect()
}

/// Every way to write `bits`: the v2 letters, and the v1 word when one means the same.
fn spellings(bits: u8) -> Vec<String> {
    let mut out = vec![letters(bits)];
    match letters(bits).as_str() {
        "rs" => out.push("read".into()),
        "cud" => out.push("write".into()),
        "cruds" => out.push("*".into()),
        _ => {}
    }
    out
}

fn render(p: &Parts, spelling: &str) -> String {
    format!("{}/{}.{spelling}", p.context, p.resource)
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn any_text_parses_to_a_scope_and_other_scopes_keep_their_text(text in any::<String>()) {
        match Scope::parse(&text) {
            Scope::Other(kept) => prop_assert_eq!(kept, text),
            Scope::Resource { context, resource, .. } => {
                let start = format!("{context}/{resource}.");
                prop_assert!(text.starts_with(&start));
            }
        }
    }

    #[test]
    fn a_resource_scope_written_in_either_form_reads_back_as_its_parts(
        p in parts(),
        which in any::<prop::sample::Index>(),
    ) {
        let all = spellings(p.bits);
        let text = render(&p, which.get::<String>(&all));
        prop_assert_eq!(
            Scope::parse(&text),
            Scope::Resource {
                context: p.context.to_owned(),
                resource: p.resource.clone(),
                permissions: Permissions(p.bits),
            }
        );
    }

    #[test]
    fn letters_out_of_order_or_repeated_are_not_a_resource_scope(
        p in parts(),
        before in "[cruds]{0,2}",
        (later, earlier) in (0usize..5, 0usize..5).prop_map(|(a, b)| (a.max(b), a.min(b))),
        after in "[cruds]{0,2}",
    ) {
        // A letter followed by itself or by one that comes before it in `c r u d s`.
        let garbled = format!(
            "{before}{}{}{after}",
            ORDER[later] as char,
            ORDER[earlier] as char
        );
        let text = render(&p, &garbled);
        prop_assert_eq!(Scope::parse(&text), Scope::Other(text.clone()));
    }

    #[test]
    fn a_held_scope_covers_a_wanted_one_exactly_when_context_type_and_letters_allow(
        held in parts(),
        wanted in parts(),
        held_form in any::<prop::sample::Index>(),
        wanted_form in any::<prop::sample::Index>(),
        same_type in any::<bool>(),
    ) {
        let mut wanted = wanted;
        if same_type {
            wanted.resource = held.resource.clone();
        }
        let held_text = render(&held, held_form.get::<String>(&spellings(held.bits)));
        let wanted_text = render(&wanted, wanted_form.get::<String>(&spellings(wanted.bits)));
        let expected = held.context == wanted.context
            && (held.resource == "*" || held.resource == wanted.resource)
            && held.bits & wanted.bits == wanted.bits;
        prop_assert_eq!(permits(&[held_text], &wanted_text), expected);
    }

    #[test]
    fn every_scope_covers_itself_and_more_held_scopes_never_cover_less(
        held in proptest::collection::vec(prop_oneof![
            parts().prop_map(|p| render(&p, &letters(p.bits))),
            "[a-zA-Z/._*]{1,20}",
        ], 1..5),
        extra in proptest::collection::vec("[a-zA-Z/._*]{1,20}", 0..3),
        wanted in prop_oneof![
            parts().prop_map(|p| render(&p, &letters(p.bits))),
            "[a-zA-Z/._*]{1,20}",
        ],
    ) {
        for h in &held {
            prop_assert!(permits(std::slice::from_ref(h), h), "{} does not cover itself", h);
        }
        if permits(&held, &wanted) {
            let mut more = held.clone();
            more.extend(extra);
            prop_assert!(permits(&more, &wanted));
        }
    }

    #[test]
    fn scopes_that_name_no_resource_are_matched_exactly(
        a in "[a-zA-Z_/]{1,16}",
        b in "[a-zA-Z_/]{1,16}",
    ) {
        // No `.` in either, so neither is a resource scope.
        prop_assert_eq!(permits(std::slice::from_ref(&a), &b), a == b);
    }
}
