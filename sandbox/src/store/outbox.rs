//! The mails the sandbox would have sent.

use super::Store;
use super::records::Mail;

impl Store {
    /// Every queued mail, oldest first, optionally only those to one address (any case).
    pub fn mails(&self, to: Option<&str>) -> Vec<Mail> {
        self.read()
            .outbox
            .values()
            .filter(|m| to.is_none_or(|to| m.to.eq_ignore_ascii_case(to)))
            .cloned()
            .collect()
    }
}
