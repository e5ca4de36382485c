//! Help-desk reproductions: `conform repro --ticket ID`.
//!
//! A help-desk person turns a reported failure into a scenario under
//! `features/helpdesk/`, tagged `@ticket-<id>`, with the symptom, its cause and the
//! fix in the feature's description. `conform repro` runs exactly the scenarios of
//! one ticket, keeps the HTTP transcript of every one of them (not only of failures)
//! and the target's own request log, and writes all of it to one folder,
//! `reports/tickets/<id>/`, ready to attach to the ticket.
//!
//! A passing reproduction means the target behaves as the portal guide and the
//! specifications say, so the reported symptom is the app's to fix (the description
//! says how); a failing one means the target itself deviates.

mod bundle;
mod tickets;

pub use bundle::{Bundle, write_bundle};
pub use tickets::{TicketError, TicketIndex, valid_ticket_id};
