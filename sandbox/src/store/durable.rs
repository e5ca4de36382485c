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
//! of rows atomically); see "Several replicas" in README.md.

use super::table::Row;
use rusqlite::{Connection, OptionalExtension, params};
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
        // Password hashes, sealed secrets and the signing key live here: the owner
        // alone reads it. SQLite gives its -wal and -shm files the database's mode.
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
            .prepare("SELECT tbl, key, value FROM records WHERE tbl NOT LIKE 'key:%'")
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

    /// One value outside the state's collections (the keys), if stored.
    pub fn get(&self, table: &str, key: &str) -> Result<Option<Vec<u8>>, PersistError> {
        self.lock()
            .query_row(
                "SELECT value FROM records WHERE tbl = ?1 AND key = ?2",
                params![table, key.as_bytes()],
                |row| row.get(0),
            )
            .optional()
            .map_err(|source| PersistError::Database {
                path: self.path.clone(),
                source,
            })
    }

    /// Stores one value outside the state's collections.
    pub fn put(&self, table: &str, key: &str, value: &[u8]) -> Result<(), PersistError> {
        self.lock()
            .execute(
                "INSERT OR REPLACE INTO records (tbl, key, value) VALUES (?1, ?2, ?3)",
                params![table, key.as_bytes(), value],
            )
            .map(drop)
            .map_err(|source| PersistError::Database {
                path: self.path.clone(),
                source,
            })
    }

    /// Applies `rows` in one transaction; `clear_first` empties the state's
    /// collections first (a reset), keeping the keys.
    pub fn apply(&self, clear_first: bool, rows: &[Row]) -> Result<(), rusqlite::Error> {
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        if clear_first {
            tx.execute("DELETE FROM records WHERE tbl NOT LIKE 'key:%'", [])?;
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
