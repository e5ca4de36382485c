//! The Patient Access API (guide 3.6, 3.7.2.1): a member's claims and clinical
//! records, behind a bearer token bound to their patient. The records themselves are
//! generated in `seed::clinical`.

mod definitions;

pub use definitions::TYPES;
