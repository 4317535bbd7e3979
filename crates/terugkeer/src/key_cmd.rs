//! The key that seals special-category data: where it comes from (`--key-file`, else `TERUGKEER_KEY`, else
//! `terugkeer.key` in the data directory), `terugkeer key new` and `terugkeer key rotate`. The key never
//! goes into the database; losing it loses the sealed fields, so a key made on first use is announced with
//! where it is and that it must be backed up.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use terugkeer_store::Store;
use terugkeer_store::seal::Key;

use crate::{Failure, store_failure};

/// The `--key-file` given on the command line, for every command that opens a database.
static KEY_FILE: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Remembers `--key-file` (called once, by `main`).
pub fn configure(path: Option<PathBuf>) {
    let _ = KEY_FILE.set(path);
}

fn read(path: &Path, what: &str) -> Result<Key, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Invalid(format!("{what}: cannot read {}: {e}", path.display())))?;
    Key::parse(&text).map_err(|e| Failure::Invalid(format!("{what}: {}: {e}", path.display())))
}

/// Writes a new key file readable by its owner only; refuses to overwrite one.
fn write_new(path: &Path) -> Result<Key, Failure> {
    let key = Key::generate().map_err(store_failure)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options
        .open(path)
        .map_err(|e| Failure::Invalid(format!("cannot create key file {}: {e}", path.display())))?;
    std::io::Write::write_all(&mut f, format!("{}\n", key.to_text()).as_bytes())?;
    Ok(key)
}

/// The key, if one is configured; with `create`, a missing default key file is made (first use).
pub fn load(create: bool) -> Result<Option<Key>, Failure> {
    if let Some(Some(path)) = KEY_FILE.get() {
        return read(path, "--key-file").map(Some);
    }
    if let Ok(text) = std::env::var("TERUGKEER_KEY") {
        return Key::parse(&text)
            .map(Some)
            .map_err(|e| Failure::Invalid(format!("TERUGKEER_KEY: {e}")));
    }
    let path = crate::data_dir()?.join("terugkeer.key");
    if path.exists() {
        return read(&path, "key file").map(Some);
    }
    if !create {
        return Ok(None);
    }
    let key = write_new(&path)?;
    eprintln!(
        "terugkeer: made a new encryption key in {} — back it up and keep it apart from the database: \
         without it the sealed special-category data cannot be read",
        path.display()
    );
    Ok(Some(key))
}

/// Gives `store` the configured key (made on first use when `create`); a store whose data is sealed with
/// another key is refused here, naming both.
pub async fn attach(store: Store, create: bool) -> Result<Store, Failure> {
    match load(create)? {
        Some(key) => store.with_key(key).await.map_err(store_failure),
        None => Ok(store),
    }
}

/// `terugkeer key new --out FILE`.
pub fn new_key(out: &Path) -> Result<(), Failure> {
    let key = write_new(out)?;
    println!("new key {} in {}", key.id(), out.display());
    Ok(())
}

/// `terugkeer key rotate --db URL --new-key-file FILE`: re-seals everything with the new key.
pub fn rotate(url: &str, new_file: &Path) -> Result<(), Failure> {
    let new = read(new_file, "--new-key-file")?;
    let rt = crate::current_thread()?;
    rt.block_on(async {
        let store = Store::connect(url, false).await.map_err(store_failure)?;
        store.migrate().await.map_err(store_failure)?;
        let store = attach(store, false).await?;
        let id = new.id();
        let (_, n) = store.rotate_key(new).await.map_err(store_failure)?;
        println!("re-sealed {n} clients with key {id}; from now on use the new key file");
        Ok(())
    })
}
