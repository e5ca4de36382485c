//! Reading the state back from the database's rows at start-up.

use super::table::{Row, Table};
use super::{PersistError, State};
use serde::de::DeserializeOwned;
use std::path::Path;

fn decode<T: DeserializeOwned>(
    path: &Path,
    table: &str,
    what: &str,
    bytes: &[u8],
) -> Result<T, PersistError> {
    serde_json::from_slice(bytes).map_err(|e| PersistError::Corrupt {
        path: path.to_owned(),
        table: table.to_owned(),
        reason: format!("its {what} is not what this version writes: {e}"),
    })
}

fn load_into<K, V>(table: &mut Table<K, V>, path: &Path, row: &Row) -> Result<(), PersistError>
where
    K: Ord + Clone + DeserializeOwned,
    V: DeserializeOwned,
{
    let key = decode(path, row.table, "key", &row.key)?;
    let value = decode(
        path,
        row.table,
        "value",
        row.value.as_deref().unwrap_or_default(),
    )?;
    table.load(key, value);
    Ok(())
}

/// The state the rows describe, with the derived indexes rebuilt.
pub(super) fn state_from_rows(path: &Path, rows: Vec<Row>) -> Result<State, PersistError> {
    let mut state = State::default();
    for row in &rows {
        match row.table {
            "accounts" => load_into(&mut state.accounts, path, row)?,
            "verifications" => load_into(&mut state.verifications, path, row)?,
            "sessions" => load_into(&mut state.sessions, path, row)?,
            "apps" => load_into(&mut state.apps, path, row)?,
            "attestations" => load_into(&mut state.attestations, path, row)?,
            "tickets" => load_into(&mut state.tickets, path, row)?,
            "outbox" => load_into(&mut state.outbox, path, row)?,
            "flows" => load_into(&mut state.flows, path, row)?,
            "codes" => load_into(&mut state.codes, path, row)?,
            "grants" => load_into(&mut state.grants, path, row)?,
            "refresh_tokens" => load_into(&mut state.refresh_tokens, path, row)?,
            "access_tokens" => load_into(&mut state.access_tokens, path, row)?,
            "revoked_access" => load_into(&mut state.revoked_access, path, row)?,
            "used_nonces" => load_into(&mut state.used_nonces, path, row)?,
            "meta" => {
                let value = row.value.as_deref().unwrap_or_default();
                state.last_id = decode(path, "meta", "last_id", value)?;
            }
            // The keys kept beside the state (`key:*`) are read by whoever needs them.
            _ => {}
        }
    }
    state.saved_last_id = state.last_id;
    let accounts: Vec<(u64, String, String)> = state
        .accounts
        .values()
        .map(|a| (a.id, a.username.to_lowercase(), a.email.to_lowercase()))
        .collect();
    for (id, username, email) in accounts {
        state.usernames.insert(username, id);
        state.emails.insert(email, id);
    }
    // Ids are never reused, even if the sequence row was lost with an old version.
    let highest = state
        .accounts
        .values()
        .map(|a| a.id)
        .chain(state.apps.values().map(|a| a.id))
        .chain(state.attestations.values().map(|a| a.id))
        .chain(state.tickets.values().map(|t| t.id))
        .chain(state.grants.values().map(|g| g.id))
        .chain(state.outbox.values().map(|m| m.id))
        .max()
        .unwrap_or(0);
    state.last_id = state.last_id.max(highest);
    Ok(state)
}
