//! Help-desk tickets.

use super::Store;
use super::records::Ticket;
use time::OffsetDateTime;

impl Store {
    /// Opens a ticket on the developer's own initiative.
    pub fn open_ticket(
        &self,
        owner: u64,
        subject: String,
        description: String,
        severity: u8,
        now: OffsetDateTime,
    ) -> Ticket {
        let mut state = self.write();
        let id = state.next_id();
        let ticket = Ticket {
            id,
            owner,
            subject,
            description,
            severity,
            resolved: false,
            app_id: None,
            attestation_id: None,
            created_at: now,
            updated_at: now,
        };
        state.tickets.insert(id, ticket.clone());
        ticket
    }

    /// Tickets newest first; only `owner`'s, or every ticket for the help desk.
    pub fn tickets(&self, owner: Option<u64>) -> Vec<Ticket> {
        self.read()
            .tickets
            .values()
            .rev()
            .filter(|t| owner.is_none_or(|o| t.owner == o))
            .cloned()
            .collect()
    }
}
