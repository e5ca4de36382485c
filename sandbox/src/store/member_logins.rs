//! Failed member logins on the authorization pages; `oauth::throttle` decides what they
//! mean (when a login locks, for how long), the store only keeps them.

use super::Store;
use super::records::MemberLoginFailures;

impl Store {
    /// The failures recorded for `username` at `tenant`, if any.
    pub fn member_login(&self, tenant: &str, username: &str) -> Option<MemberLoginFailures> {
        self.read()
            .member_logins
            .get(&(tenant.to_owned(), username.to_owned()))
            .cloned()
    }

    /// Changes the failures of `username` at `tenant` in one step under the write lock,
    /// so two wrong passwords at once both count; `change` returning `None` forgets them.
    /// Returns what was stored.
    pub fn update_member_login(
        &self,
        tenant: &str,
        username: &str,
        change: impl FnOnce(Option<MemberLoginFailures>) -> Option<MemberLoginFailures>,
    ) -> Option<MemberLoginFailures> {
        let key = (tenant.to_owned(), username.to_owned());
        let mut state = self.write();
        let updated = change(state.member_logins.get(&key).cloned());
        match &updated {
            Some(record) => {
                state.member_logins.insert(key, record.clone());
            }
            None => {
                state.member_logins.remove(&key);
            }
        }
        updated
    }

    /// How many logins have failures recorded.
    pub fn member_login_count(&self) -> usize {
        self.read().member_logins.len()
    }

    /// When each recorded login last failed.
    pub fn member_login_failure_times(&self) -> Vec<time::OffsetDateTime> {
        self.read()
            .member_logins
            .values()
            .map(|r| r.last_failure)
            .collect()
    }

    /// Keeps the records `keep` says yes to (a bound on how many are kept).
    pub fn retain_member_logins(&self, keep: impl FnMut(&MemberLoginFailures) -> bool) {
        let mut keep = keep;
        self.write().member_logins.retain(|_, r| keep(r));
    }
}
