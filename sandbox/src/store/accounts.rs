//! Accounts, email verification, sign-in bookkeeping, sessions and terms.

use super::records::{Account, Mail, Session};
use super::{State, Store, StoreError};
use time::{Duration, OffsetDateTime};

/// Sign-up input once validated and hashed.
pub struct NewAccount {
    pub username: String,
    pub email: String,
    pub password_hash: String,
    pub verification_digest: [u8; 32],
}

/// Outcome of a failed sign-in, for the throttling rules.
#[derive(Debug, PartialEq, Eq)]
pub enum FailedSignIn {
    /// Still allowed to try.
    Counted,
    /// This failure locked the account until the given instant.
    Locked(OffsetDateTime),
}

impl Store {
    /// Creates an account and queues its verification mail, both or neither.
    pub fn create_account(
        &self,
        new: NewAccount,
        now: OffsetDateTime,
        verification_mail: impl FnOnce(&Account) -> (String, String),
    ) -> Result<Account, StoreError> {
        let mut state = self.write();
        let username_key = new.username.to_lowercase();
        let email_key = new.email.to_lowercase();
        if state.usernames.contains_key(&username_key) {
            return Err(StoreError::UsernameTaken);
        }
        if state.emails.contains_key(&email_key) {
            return Err(StoreError::EmailTaken);
        }
        let id = state.next_id();
        let account = Account {
            id,
            username: new.username,
            email: new.email,
            password_hash: new.password_hash,
            email_verified: false,
            terms_accepted_at: None,
            created_at: now,
            failed_sign_ins: 0,
            locked_until: None,
        };
        let (subject, body) = verification_mail(&account);
        state.usernames.insert(username_key, id);
        state.emails.insert(email_key, id);
        state.verifications.insert(new.verification_digest, id);
        state.accounts.insert(id, account.clone());
        push_mail(&mut state, &account.email, subject, body, now);
        Ok(account)
    }

    /// Marks the account behind a verification link verified; opening it twice is fine.
    pub fn verify_email(&self, digest: &[u8; 32]) -> Result<Account, StoreError> {
        let mut state = self.write();
        let id = *state
            .verifications
            .get(digest)
            .ok_or(StoreError::NotFound("verification link"))?;
        let account = state
            .accounts
            .get_mut(&id)
            .ok_or(StoreError::NotFound("account"))?;
        account.email_verified = true;
        Ok(account.clone())
    }

    /// The account signing in under `username` (any case).
    pub fn account_by_username(&self, username: &str) -> Option<Account> {
        let state = self.read();
        let id = state.usernames.get(&username.to_lowercase())?;
        state.accounts.get(id).cloned()
    }

    /// An account by id.
    pub fn account(&self, id: u64) -> Option<Account> {
        self.read().accounts.get(&id).cloned()
    }

    /// Counts a wrong password; the `max`-th in a row locks the account for `lock_for`.
    pub fn note_failed_sign_in(
        &self,
        id: u64,
        now: OffsetDateTime,
        max: u32,
        lock_for: Duration,
    ) -> FailedSignIn {
        let mut state = self.write();
        let Some(account) = state.accounts.get_mut(&id) else {
            return FailedSignIn::Counted;
        };
        account.failed_sign_ins += 1;
        if account.failed_sign_ins >= max {
            let until = now + lock_for;
            account.failed_sign_ins = 0;
            account.locked_until = Some(until);
            FailedSignIn::Locked(until)
        } else {
            FailedSignIn::Counted
        }
    }

    /// Opens a session after a right password, unless a concurrent failure locked the account.
    pub fn start_session(
        &self,
        id: u64,
        digest: [u8; 32],
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> Result<Account, Option<OffsetDateTime>> {
        let mut state = self.write();
        let Some(account) = state.accounts.get_mut(&id) else {
            return Err(None);
        };
        if let Some(until) = account.locked_until.filter(|until| *until > now) {
            return Err(Some(until));
        }
        account.failed_sign_ins = 0;
        account.locked_until = None;
        let account = account.clone();
        state.sessions.insert(
            digest,
            Session {
                account_id: id,
                expires_at,
            },
        );
        Ok(account)
    }

    /// The live session behind a token digest.
    pub fn session(&self, digest: &[u8; 32], now: OffsetDateTime) -> Option<Session> {
        self.read()
            .sessions
            .get(digest)
            .filter(|s| s.expires_at > now)
            .cloned()
    }

    /// Signs a session out.
    pub fn end_session(&self, digest: &[u8; 32]) {
        self.write().sessions.remove(digest);
    }

    /// Records the developer's acceptance of the Terms of Service (guide 2.1 step 7).
    pub fn accept_terms(&self, id: u64, now: OffsetDateTime) -> Result<Account, StoreError> {
        let mut state = self.write();
        let account = state
            .accounts
            .get_mut(&id)
            .ok_or(StoreError::NotFound("account"))?;
        account.terms_accepted_at.get_or_insert(now);
        Ok(account.clone())
    }
}

/// Queues a mail; every mail of the sandbox goes through here.
pub(super) fn push_mail(
    state: &mut State,
    to: &str,
    subject: String,
    body: String,
    now: OffsetDateTime,
) {
    let id = state.next_id();
    state.outbox.insert(
        id,
        Mail {
            id,
            to: to.to_owned(),
            subject,
            body,
            sent_at: now,
        },
    );
}
