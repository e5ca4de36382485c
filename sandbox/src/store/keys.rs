//! The sandbox's own keys under `--data-dir`: beside the database, never inside it.
//!
//! The sealing key opens every client secret for its owner's reveal, and the signing key
//! makes access and ID tokens. Kept in `sandbox.sqlite3`, a copy of that one file (a
//! backup, a file attached to a help-desk ticket) would reveal every client secret and
//! let anyone forge tokens; kept apart, a dump of the database holds hashes and seals
//! only. So each key is a file of its own, `DIR/keys/<name>.key`, in a directory only
//! the owner may enter, readable by the owner alone, and written whole or not at all: a
//! temporary file, flushed to disk, renamed over the old one, the directory flushed too,
//! so a crash leaves the old key or the new one, never half of one.
//!
//! Keys an earlier version kept in the database are moved out when the store opens
//! (`Durable::take_legacy_keys`).

use super::PersistError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The directory of key files inside the data directory.
pub const KEYS_DIR: &str = "keys";

/// The key files of one data directory.
#[derive(Debug)]
pub(crate) struct KeyFiles {
    dir: PathBuf,
}

impl KeyFiles {
    /// The key directory of `data_dir`, created (owner only) if needed.
    pub fn open(data_dir: &Path) -> Result<Self, PersistError> {
        let dir = data_dir.join(KEYS_DIR);
        create_private_dir(&dir).map_err(|source| PersistError::Key {
            path: dir.clone(),
            source,
        })?;
        Ok(Self { dir })
    }

    /// Where the key called `name` is kept.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.key"))
    }

    /// The key called `name`, if one was kept.
    pub fn get(&self, name: &str) -> Result<Option<Vec<u8>>, PersistError> {
        let path = self.path(name);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(PersistError::Key { path, source }),
        }
    }

    /// Keeps `bytes` as the key called `name`, durably, replacing any earlier one.
    pub fn put(&self, name: &str, bytes: &[u8]) -> Result<(), PersistError> {
        let path = self.path(name);
        write_atomically(&self.dir, &path, bytes).map_err(|source| PersistError::Key {
            path: path.clone(),
            source,
        })
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    // An existing directory is narrowed too.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let temporary = path.with_extension("key.tmp");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, path)?;
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(tag: &str) -> PathBuf {
        std::env::temp_dir().join(format!(
            "conform-keys-{tag}-{}",
            crate::secrets::random_hex(8)
        ))
    }

    #[test]
    fn a_kept_key_reads_back_and_only_its_owner_can_read_it() {
        use std::os::unix::fs::PermissionsExt;
        let data = dir("mode");
        let keys = KeyFiles::open(&data).expect("opens");
        assert_eq!(keys.get("sealing").expect("reads"), None);
        keys.put("sealing", b"first").expect("keeps");
        keys.put("sealing", b"second").expect("replaces");
        assert_eq!(
            keys.get("sealing").expect("reads"),
            Some(b"second".to_vec())
        );
        let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode(&keys.path("sealing")), 0o600);
        assert_eq!(mode(&data.join(KEYS_DIR)), 0o700);
        assert!(
            !keys.path("sealing").with_extension("key.tmp").exists(),
            "no temporary file is left behind"
        );
        let _ = std::fs::remove_dir_all(&data);
    }
}
