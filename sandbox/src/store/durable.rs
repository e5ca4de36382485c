//! The store's database: an embedded SQLite file under `--data-dir`.
//!
//! One table holds every record as JSON, keyed by its collection and key; a write is
//! one transaction holding every row a store operation changed, committed with
//! `synchronous = FULL` in WAL mode before the operation returns. So a change the
//! sandbox has acknowledged is on disk, and a crash mid-write leaves the previous
//! state, never half of an operation (an account without its verification mail, an
//! attestation without its ticket).
//!
//! This is the one place that knows SQL. A server database for several sandbox
//! replicas would implement the same two operations (load everything, apply a batch
//! of rows atomically); see "Several replicas" in README.md and docs/persistence.md.

use super::table::Row;
use rusqlite::{Connection, params};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "sandbox.sqlite3";

/// Why the data directory cannot be used; said once at start-up (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    #[error("cannot create the data directory {path}: {source}")]
    Directory {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the database {path}: {source}")]
    Database {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("the key file {path}: {source}")]
    Key {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the key file {path} cannot be used: {reason}")]
    BadKey { path: PathBuf, reason: String },
    #[error("the database {path} holds a {table} row that cannot be read: {reason}")]
    Corrupt {
        path: PathBuf,
        table: String,
        reason: String,
    },
}

/// A row as the database holds it, before `load.rs` decodes it.
#[derive(Debug)]
pub(crate) struct StoredRow {
    pub table: String,
    pub key: Vec<u8>,
    pub value: Vec<u8>,
}

/// An open database.
pub(crate) struct Durable {
    path: PathBuf,
    connection: Mutex<Connection>,
}

impl std::fmt::Debug for Durable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Durable({})", self.path.display())
    }
}

impl Durable {
    /// Opens (creating if needed) the database in `dir`.
    pub fn open(dir: &Path) -> Result<Self, PersistError> {
        std::fs::create_dir_all(dir).map_err(|source| PersistError::Directory {
            path: dir.to_owned(),
            source,
        })?;
        let path = dir.join(DATABASE_FILE);
        // Password hashes and sealed secrets live here (the keys do not: `keys.rs`):
        // the owner alone reads it. SQLite gives its -wal and -shm files the database's mode.
        restrict_to_owner(&path).map_err(|source| PersistError::Directory {
            path: path.clone(),
            source,
        })?;
        let db = |source| PersistError::Database {
            path: path.clone(),
            source,
        };
        let connection = Connection::open(&path).map_err(db)?;
        // WAL: readers never block the writer; FULL: every commit is fsynced, so an
        // acknowledged write survives a power cut, not only a process crash.
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(db)?;
        connection
            .pragma_update(None, "synchronous", "FULL")
            .map_err(db)?;
        connection
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS records (
                    tbl TEXT NOT NULL,
                    key BLOB NOT NULL,
                    value BLOB NOT NULL,
                    PRIMARY KEY (tbl, key)
                 ) WITHOUT ROWID;",
            )
            .map_err(db)?;
        Ok(Self {
            path,
            connection: Mutex::new(connection),
        })
    }

    /// Where the database is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every row, for loading the state at start-up.
    pub fn load(&self) -> Result<Vec<StoredRow>, PersistError> {
        let connection = self.lock();
        let db = |source| PersistError::Database {
            path: self.path.clone(),
            source,
        };
        let mut statement = connection
            .prepare("SELECT tbl, key, value FROM records")
            .map_err(db)?;
        let rows = statement
            .query_map([], |row| {
                Ok(StoredRow {
                    table: row.get(0)?,
                    key: row.get(1)?,
                    value: row.get(2)?,
                })
            })
            .map_err(db)?;
        rows.collect::<Result<_, _>>().map_err(db)
    }

    /// Takes out the keys an earlier version kept in the database (`key:<name>` rows)
    /// and erases them from its file: they belong in key files (`keys.rs`). `keep`
    /// stores each one first, so a crash in between loses nothing.
    pub fn take_legacy_keys(
        &self,
        keep: impl Fn(&str, &[u8]) -> Result<(), PersistError>,
    ) -> Result<(), PersistError> {
        let connection = self.lock();
        let db = |source| PersistError::Database {
            path: self.path.clone(),
            source,
        };
        let keys: Vec<(String, Vec<u8>)> = connection
            .prepare("SELECT tbl, value FROM records WHERE tbl LIKE 'key:%'")
            .and_then(|mut statement| {
                statement
                    .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                    .collect()
            })
            .map_err(db)?;
        if keys.is_empty() {
            return Ok(());
        }
        for (table, value) in &keys {
            keep(table.trim_start_matches("key:"), value)?;
        }
        // secure_delete overwrites the freed bytes; the checkpoint empties the WAL, which
        // still held the old pages.
        connection
            .pragma_update(None, "secure_delete", "ON")
            .and_then(|()| connection.execute("DELETE FROM records WHERE tbl LIKE 'key:%'", []))
            .and_then(|_| connection.pragma_update(None, "secure_delete", "OFF"))
            .and_then(|()| connection.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())))
            .map_err(db)
    }

    /// Applies `rows` in one transaction; `clear_first` empties the state's
    /// collections first (a reset; the keys are files of their own and stay).
    pub fn apply(&self, clear_first: bool, rows: &[Row]) -> Result<(), rusqlite::Error> {
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        if clear_first {
            tx.execute("DELETE FROM records", [])?;
        }
        {
            let mut upsert = tx.prepare_cached(
                "INSERT OR REPLACE INTO records (tbl, key, value) VALUES (?1, ?2, ?3)",
            )?;
            let mut delete =
                tx.prepare_cached("DELETE FROM records WHERE tbl = ?1 AND key = ?2")?;
            for row in rows {
                match &row.value {
                    Some(value) => upsert.execute(params![row.table, row.key, value])?,
                    None => delete.execute(params![row.table, row.key])?,
                };
            }
        }
        tx.commit()
    }

    // A panic never happens while the connection is held, so a poisoned lock is usable.
    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.connection.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Creates the database file readable by its owner alone (or narrows an existing one).
fn restrict_to_owner(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}
