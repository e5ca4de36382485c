//! What every sandbox starts with, derived from the tenants and the seed.

pub mod members;
