//! Reading the state back from the database's rows at start-up.

use super::durable::StoredRow;
use super::{PersistError, State};
use std::path::Path;

/// The collection of rows that are not records: the id sequence.
pub(super) const META: &str = "meta";
/// The key of the id sequence's row in [`META`].
pub(super) const LAST_ID_KEY: &[u8] = b"\"last_id\"";

fn corrupt(path: &Path, table: &str, reason: String) -> PersistError {
    PersistError::Corrupt {
        path: path.to_owned(),
        table: table.to_owned(),
        reason,
    }
}

/// The state the rows describe, with the derived indexes rebuilt; it notes its changes
/// from here on, for the database they came from.
pub(super) fn state_from_rows(path: &Path, rows: Vec<StoredRow>) -> Result<State, PersistError> {
    let mut state = State::empty(true);
    for row in &rows {
        if row.table == META {
            state.last_id = serde_json::from_slice(&row.value).map_err(|e| {
                corrupt(
                    path,
                    META,
                    format!("its last_id is not what this version writes: {e}"),
                )
            })?;
            continue;
        }
        let mut collections = state.collections();
        let Some((_, collection)) = collections.iter_mut().find(|(name, _)| *name == row.table)
        else {
            return Err(corrupt(
                path,
                &row.table,
                "no such collection in this version of the sandbox".into(),
            ));
        };
        collection.load_row(&row.key, &row.value).map_err(|wrong| {
            corrupt(
                path,
                &row.table,
                format!(
                    "its {} is not what this version writes: {}",
                    wrong.what, wrong.error
                ),
            )
        })?;
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
