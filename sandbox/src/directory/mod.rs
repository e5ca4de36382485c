//! The Provider Directory API (guide 3.7.2.2): open, Plan-Net shaped, per tenant.
//! The records themselves are generated in `seed::directory`.

mod definitions;

pub use definitions::TYPES;
