//! The first [`Store`] backend: one redb database per file (see the module above for the
//! design). Trees are redb tables of `&[u8] -> &[u8]` named by the caller; the store's own
//! metadata lives in a table whose name starts with a NUL byte, which no caller's name may.

use super::backend::FileStorage;
use super::{
    Batch, CreateOptions, Cursor, Durability, FORMAT_MAGIC, FORMAT_UPDATE, FORMAT_VERSION, FileId, Op,
    OpenOptions, Result, Snapshot, SpaceInfo, Store, StoreError, StoreMeta, Tree, check_tree_name,
};
use parking_lot::{Mutex, RwLock};
use redb::{
    Builder, CommitError, Database, DatabaseError, ReadableDatabase, ReadableTableMetadata, StorageError,
    TableDefinition, TableError, TableHandle, TransactionError,
};
use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::ops::Bound;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Once};

type Bytes = &'static [u8];
type KvTable = redb::ReadOnlyTable<Bytes, Bytes>;
type KvRange = redb::Range<'static, Bytes, Bytes>;
type KvGuard = redb::AccessGuard<'static, Bytes>;

/// The store's own table; the NUL first byte keeps it apart from every caller's tree.
const META_TREE: &str = "\0libesent";
const META_KEY: &[u8] = b"meta";
/// ESE's database header magic (`ulDAEMagic`), little-endian at byte 4 of a `.edb` file.
const ESE_MAGIC: u32 = 0x89AB_CDEF;
/// The first bytes of every redb file.
const REDB_MAGIC: [u8; 4] = *b"redb";

fn def(name: &str) -> TableDefinition<'_, Bytes, Bytes> {
    TableDefinition::new(name)
}

// ---- error mapping -------------------------------------------------------------------------

fn storage(e: StorageError) -> StoreError {
    match e {
        StorageError::Corrupted(why) => StoreError::Corrupted(why),
        StorageError::Io(io) => StoreError::from_io(&io),
        StorageError::ValueTooLarge(n) => StoreError::InvalidArgument(format!("value of {n} bytes")),
        StorageError::PreviousIo => StoreError::Io("an earlier I/O failure".into()),
        other => StoreError::Io(other.to_string()),
    }
}

fn table(e: TableError) -> StoreError {
    match e {
        TableError::Storage(s) => storage(s),
        TableError::TableDoesNotExist(name) => StoreError::NoSuchTree(name),
        other => StoreError::Corrupted(other.to_string()),
    }
}

fn transaction(e: TransactionError) -> StoreError {
    match e {
        TransactionError::Storage(s) => storage(s),
        other => StoreError::Io(other.to_string()),
    }
}

fn commit_err(e: CommitError) -> StoreError {
    match e {
        CommitError::Storage(s) => storage(s),
        other => StoreError::Io(other.to_string()),
    }
}

fn database(e: DatabaseError) -> StoreError {
    match e {
        DatabaseError::Storage(s) => storage(s),
        DatabaseError::DatabaseAlreadyOpen => StoreError::Locked,
        // libesent has only ever written redb's current file format: a commit slot naming an
        // older one is damage (a changed version byte), not a file of another version.
        DatabaseError::UpgradeRequired(v) => StoreError::Corrupted(format!(
            "a commit slot names redb file format {v}, which libesent never wrote"
        )),
        other => StoreError::Corrupted(other.to_string()),
    }
}

/// Runs `f`, turning a panic inside redb (a malformed file can cause one) into `Corrupted`.
///
/// Such a panic is an answer about the file, not a fault of the host program, so it is kept
/// off the host's stderr: while `f` runs, the panic hook [`quiet_panics`] installs says nothing
/// and keeps the panic's message for the error instead.
fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    quiet_panics();
    let depth = Guarded::enter();
    let r = catch_unwind(AssertUnwindSafe(f));
    drop(depth);
    match r {
        Ok(r) => r,
        Err(_) => {
            let why = PANIC_MESSAGE.with(|m| m.take()).unwrap_or_default();
            Err(StoreError::Corrupted(format!("{what}: the file is malformed ({why})")))
        }
    }
}

thread_local! {
    /// How many [`guarded`] sections this thread is in.
    static GUARDED: Cell<u32> = const { Cell::new(0) };
    /// What the last panic of a guarded section said (where, and its message).
    static PANIC_MESSAGE: Cell<Option<String>> = const { Cell::new(None) };
}

/// A thread's stay in a guarded section: counted on entry, uncounted when dropped, which
/// happens on every way out (`catch_unwind` returns, whatever `f` did).
struct Guarded;

impl Guarded {
    fn enter() -> Guarded {
        GUARDED.with(|g| g.set(g.get() + 1));
        Guarded
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        GUARDED.with(|g| g.set(g.get() - 1));
    }
}

/// Installs, once per process, a panic hook in front of the one in place (the default hook,
/// or the host's): on a thread inside a guarded section it records the panic's location and
/// message for [`guarded`] and prints nothing; anywhere else it hands the panic to the hook it
/// replaced, so every other panic is reported as before.
fn quiet_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(|g| g.get()) == 0 {
                return previous(info);
            }
            let text = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let at = info.location().map(|l| format!("{}:{}: ", l.file(), l.line())).unwrap_or_default();
            PANIC_MESSAGE.with(|m| m.set(Some(format!("a panic at {at}{text}"))));
        }));
    });
}

// ---- files ---------------------------------------------------------------------------------

fn file_id(file: &File) -> Result<FileId> {
    let m = file.metadata().map_err(|e| StoreError::from_io(&e))?;
    Ok(FileId { dev: m.dev(), ino: m.ino() })
}

/// Takes the store's exclusive lock on `file` (an `flock`) without waiting. The lock belongs
/// to the open file description, so it lasts while `file` (or a duplicate of it) is open.
fn lock(file: &File) -> Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock only acts on the descriptor, which `file` keeps open for the call.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc == 0 {
        return Ok(());
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EWOULDBLOCK) => Err(StoreError::Locked),
        _ => Err(StoreError::from_io(&e)),
    }
}

fn tag_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Reads the first bytes of `file` and refuses what cannot be a database of ours (step 1 of
/// the module's open sequence). Plain reads only.
fn sniff(file: &File) -> Result<()> {
    use std::os::unix::fs::FileExt;
    let len = file.metadata().map_err(|e| StoreError::from_io(&e))?.len();
    if len == 0 {
        return Err(StoreError::Corrupted("the file is empty".into()));
    }
    let mut head = vec![0u8; len.min(4096) as usize];
    file.read_exact_at(&mut head, 0).map_err(|e| StoreError::from_io(&e))?;
    if head.len() >= 8 && u32::from_le_bytes(head[4..8].try_into().expect("4 bytes")) == ESE_MAGIC {
        return Err(StoreError::ForeignFormat("a Windows ESE database (.edb)".into()));
    }
    if !head.starts_with(&REDB_MAGIC) {
        return Err(StoreError::Corrupted("not a libesent database".into()));
    }
    Ok(())
}

fn encode_meta(m: &StoreMeta) -> Vec<u8> {
    let mut v = Vec::with_capacity(48);
    v.extend_from_slice(&FORMAT_MAGIC);
    v.extend_from_slice(&m.format_version.to_le_bytes());
    v.extend_from_slice(&m.format_update.to_le_bytes());
    v.extend_from_slice(&m.page_size.to_le_bytes());
    v.extend_from_slice(&m.random.to_le_bytes());
    v.extend_from_slice(&m.created_unix.to_le_bytes());
    let name = &m.computer_name[..m.computer_name.len().min(15)];
    v.push(name.len() as u8);
    v.extend_from_slice(name);
    v
}

fn decode_meta(v: &[u8]) -> Result<StoreMeta> {
    let bad = || StoreError::Corrupted("the libesent metadata record is malformed".into());
    if v.len() < 33 || v[..8] != FORMAT_MAGIC {
        return Err(bad());
    }
    let u32_at = |i: usize| u32::from_le_bytes(v[i..i + 4].try_into().expect("4 bytes"));
    let format_version = u32_at(8);
    if format_version > FORMAT_VERSION {
        return Err(StoreError::ForeignFormat(format!(
            "libesent format {format_version}, newer than this library's {FORMAT_VERSION}"
        )));
    }
    let n = v[32] as usize;
    if n > 15 || v.len() != 33 + n {
        return Err(bad());
    }
    Ok(StoreMeta {
        format_version,
        format_update: u32_at(12),
        page_size: u32_at(16),
        random: u32_at(20),
        created_unix: u64::from_le_bytes(v[24..32].try_into().expect("8 bytes")),
        computer_name: v[33..].to_vec(),
    })
}

fn new_meta(page_size: u32) -> StoreMeta {
    use std::hash::{BuildHasher, Hasher};
    // std seeds each RandomState from the OS's random source: enough for a signature, which only
    // has to differ between databases.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    let random = h.finish() as u32;
    let computer_name = std::fs::read("/proc/sys/kernel/hostname")
        .map(|mut v| {
            v.retain(|&b| b != b'\n');
            v.truncate(15);
            v
        })
        .unwrap_or_default();
    StoreMeta {
        format_version: FORMAT_VERSION,
        format_update: FORMAT_UPDATE,
        page_size,
        created_unix: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        random,
        computer_name,
    }
}

fn builder(cache: usize, check: bool) -> Builder {
    let mut b = Builder::new();
    b.set_cache_size(cache).set_check_integrity_on_open(check);
    b
}

/// A second descriptor of the store's file for redb, with its own open file description, so
/// the store's flock belongs to the store's descriptor alone: dropping the store releases the
/// file even while old snapshots still hold redb's handle. (A `dup` would share the lock.)
/// Opened through `/proc/self/fd`, which names the same inode whatever happened to the path.
fn second_descriptor(file: &File, writable: bool) -> Result<File> {
    use std::os::fd::AsRawFd;
    let again = std::fs::OpenOptions::new()
        .read(true)
        .write(writable)
        .open(format!("/proc/self/fd/{}", file.as_raw_fd()))
        .map_err(|e| StoreError::from_io(&e))?;
    if file_id(&again)? != file_id(file)? {
        return Err(StoreError::Io("the database file changed identity while opening".into()));
    }
    Ok(again)
}

/// Opens the redb database of an already locked file (no probe).
fn open_direct(file: &File, cache: usize, max: Option<u64>, tag: &str) -> Result<Database> {
    let f = second_descriptor(file, true)?;
    guarded("open", || {
        builder(cache, false)
            .create_with_backend(FileStorage::direct(f, max, tag.to_string()))
            .map_err(database)
    })
}

/// Opens the file through the probe backend and verifies it, then reads the metadata; the file
/// is not written (step 2 of the module's open sequence).
///
/// The open runs redb's integrity check (`set_check_integrity_on_open`): it verifies the
/// checksum of every page of the committed trees, walking down from the commit slot's roots and
/// reading a page's children only once the page itself matched the checksum its parent (or the
/// slot, itself checksummed) recorded, and then rebuilds the allocator state from those trees.
/// A plain open instead trusts a cleanly closed file: it looks up redb's allocator state in the
/// system tree without verifying a page, so a damaged page there hands redb a page number of any
/// order (up to 2^20 pages) or region, and redb allocates and zero-fills a buffer of that page's
/// size (gigabytes) before asking the backend to read it (`read_direct_into_arc` allocates
/// first), or panics on the allocator state it decodes. Failing the backend's read of a range
/// past the file's end would come too late for the allocation, and checking the commit slots
/// against the file's length would not help either: the slots are checksummed, the damage is in
/// the pages. With the check, no page is read through a reference that was not verified.
///
/// The check also settles what a damaged file may not do: a commit slot written with redb's
/// two-phase commit (each close writes one) whose trees fail the check is refused rather than
/// replaced by the older slot, which would silently drop the last commit; a slot of an ordinary
/// commit that fails is what a crash leaves, and redb opens at the older one (S-STO-03).
fn open_probe(file: &File, cache: usize, tag: &str) -> Result<(Database, StoreMeta)> {
    let f = second_descriptor(file, false)?;
    guarded("verify", || {
        let backend = FileStorage::probe(f, tag.to_string()).map_err(|e| StoreError::from_io(&e))?;
        let db = builder(cache, true).create_with_backend(backend).map_err(database)?;
        let txn = db.begin_read().map_err(transaction)?;
        let meta = match txn.open_table(def(META_TREE)) {
            Ok(t) => match t.get(META_KEY).map_err(storage)? {
                Some(v) => decode_meta(v.value())?,
                None => return Err(StoreError::Corrupted("no libesent metadata".into())),
            },
            Err(TableError::TableDoesNotExist(_)) => {
                return Err(StoreError::Corrupted("a redb file that is not a libesent database".into()));
            }
            Err(e) => return Err(table(e)),
        };
        drop(txn);
        Ok((db, meta))
    })
}

fn tree_names_of(db: &Database) -> Result<BTreeSet<String>> {
    guarded("list trees", || {
        let txn = db.begin_read().map_err(transaction)?;
        let list = txn.list_tables().map_err(storage)?;
        Ok(list.map(|h| h.name().to_string()).filter(|n| check_tree_name(n).is_ok()).collect())
    })
}

// ---- create / open -------------------------------------------------------------------------

static TEMP_SEQ: AtomicU64 = AtomicU64::new(0);

/// Creates a new database file at `path`, with the metadata record and no trees. The file is
/// built under a temporary name in the same directory and renamed into place once its first
/// commit is durable, so a crash never leaves a half-made database at `path`. Fails with
/// `AlreadyExists` if `path` exists, unless `opts.overwrite` (then a file locked by another
/// store is `Locked`, and the old file is replaced atomically).
pub fn create(path: &Path, opts: &CreateOptions) -> Result<Arc<dyn Store>> {
    if path.as_os_str().is_empty() || path.file_name().is_none() {
        return Err(StoreError::InvalidPath);
    }
    for t in &opts.trees {
        check_tree_name(t)?;
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => return Err(StoreError::InvalidPath),
        Ok(_) if !opts.overwrite => return Err(StoreError::AlreadyExists),
        Ok(_) => {
            // Replacing a file another store holds would pull it from under that store.
            if let Ok(old) = std::fs::OpenOptions::new().read(true).open(path) {
                lock(&old)?;
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(StoreError::from_io(&e)),
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tag = tag_of(path);
    remove_stale_temps(&dir, &tag);
    let temp = dir.join(format!(
        ".{tag}.libesent-new-{}-{}",
        std::process::id(),
        TEMP_SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let file =
        std::fs::OpenOptions::new().read(true).write(true).create_new(true).mode(0o644).open(&temp).map_err(
            |e| match StoreError::from_io(&e) {
                StoreError::NotFound => StoreError::InvalidPath,
                other => other,
            },
        )?;
    let made = (|| {
        lock(&file)?;
        let meta = new_meta(opts.page_size);
        let db = open_direct(&file, opts.cache_bytes, opts.max_size_bytes, &tag)?;
        guarded("create", || {
            let txn = db.begin_write().map_err(transaction)?;
            {
                let mut t = txn.open_table(def(META_TREE)).map_err(table)?;
                t.insert(META_KEY, encode_meta(&meta).as_slice()).map_err(storage)?;
            }
            for name in &opts.trees {
                txn.open_table(def(name)).map_err(table)?;
            }
            txn.commit().map_err(commit_err)
        })?;
        rename_into_place(&temp, path, opts.overwrite)?;
        sync_dir(&dir);
        Ok((db, meta))
    })();
    match made {
        Ok((db, meta)) => {
            Ok(Arc::new(RedbStore::new(path, file, db, meta, false, opts.max_size_bytes, opts.cache_bytes)?))
        }
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Removes what creates of `tag` by processes that died left in `dir` (their temporary files:
/// a crash during a create leaves no half-made file behind for long).
fn remove_stale_temps(dir: &Path, tag: &str) {
    let prefix = format!(".{tag}.libesent-new-");
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(&prefix)) else { continue };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<i32>().ok()) else { continue };
        // SAFETY: kill with signal 0 only asks whether the process exists.
        let gone = pid > 0
            && unsafe { libc::kill(pid, 0) } != 0
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
        if gone {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn rename_into_place(from: &Path, to: &Path, overwrite: bool) -> Result<()> {
    if overwrite {
        return std::fs::rename(from, to).map_err(|e| StoreError::from_io(&e));
    }
    // A hard link fails if `to` exists, so a file made meanwhile by someone else is never lost.
    match std::fs::hard_link(from, to) {
        Ok(()) => {
            let _ = std::fs::remove_file(from);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(StoreError::AlreadyExists),
        // A file system without hard links: check, then rename (a narrow race, not a loss of
        // anything of ours).
        Err(_) if std::fs::symlink_metadata(to).is_err() => {
            std::fs::rename(from, to).map_err(|e| StoreError::from_io(&e))
        }
        Err(_) => Err(StoreError::AlreadyExists),
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Opens the database file at `path` (see the module docs for how a file is checked first).
pub fn open(path: &Path, opts: &OpenOptions) -> Result<Arc<dyn Store>> {
    if path.as_os_str().is_empty() {
        return Err(StoreError::InvalidPath);
    }
    let ro = || std::fs::OpenOptions::new().read(true).open(path);
    let file = if opts.read_only {
        ro().map_err(|e| StoreError::from_io(&e))?
    } else {
        match std::fs::OpenOptions::new().read(true).write(true).open(path) {
            Ok(f) => f,
            Err(e) => match e.raw_os_error() {
                Some(libc::EACCES) | Some(libc::EROFS) if ro().is_ok() => {
                    return Err(StoreError::FileReadOnly);
                }
                _ => return Err(StoreError::from_io(&e)),
            },
        }
    };
    let m = file.metadata().map_err(|e| StoreError::from_io(&e))?;
    if !m.is_file() {
        return Err(StoreError::InvalidPath);
    }
    lock(&file)?;
    sniff(&file)?;
    let tag = tag_of(path);
    let (probe, meta) = open_probe(&file, opts.cache_bytes, &tag)?;
    let db = if opts.read_only {
        probe
    } else {
        drop(probe);
        open_direct(&file, opts.cache_bytes, opts.max_size_bytes, &tag)?
    };
    Ok(Arc::new(RedbStore::new(path, file, db, meta, opts.read_only, opts.max_size_bytes, opts.cache_bytes)?))
}

// ---- the store -----------------------------------------------------------------------------

struct RedbStore {
    path: PathBuf,
    /// Holds the flock for the store's life (redb reads and writes through a second descriptor).
    file: File,
    id: FileId,
    meta: StoreMeta,
    read_only: bool,
    max_size: Option<u64>,
    cache: usize,
    tag: String,
    /// `None` only between a failed reopen and the next successful one.
    db: RwLock<Option<Database>>,
    /// Set by any read of the current handle that failed with an I/O error (redb answers
    /// nothing more through a handle after one): the next snapshot reopens. Each handle has
    /// its own; its snapshots report it ([`Snapshot::failed`]).
    failed: Mutex<Arc<AtomicBool>>,
    /// Serialises commits; holds the names of the committed trees.
    commit: Mutex<BTreeSet<String>>,
}

impl RedbStore {
    fn new(
        path: &Path,
        file: File,
        db: Database,
        meta: StoreMeta,
        read_only: bool,
        max_size: Option<u64>,
        cache: usize,
    ) -> Result<RedbStore> {
        let trees = tree_names_of(&db)?;
        Ok(RedbStore {
            path: path.to_path_buf(),
            id: file_id(&file)?,
            file,
            meta,
            read_only,
            max_size,
            cache,
            tag: tag_of(path),
            db: RwLock::new(Some(db)),
            failed: Mutex::new(Arc::default()),
            commit: Mutex::new(trees),
        })
    }

    /// Replaces the database handle after an I/O failure (redb refuses everything after one).
    /// The caller holds the commit lock.
    fn reopen(&self, trees: &mut BTreeSet<String>) -> Result<()> {
        let mut slot = self.db.write();
        drop(slot.take());
        let db = if self.read_only {
            open_probe(&self.file, self.cache, &self.tag)?.0
        } else {
            open_direct(&self.file, self.cache, self.max_size, &self.tag)?
        };
        *trees = tree_names_of(&db)?;
        *slot = Some(db);
        *self.failed.lock() = Arc::default();
        Ok(())
    }

    fn apply(&self, trees: &mut BTreeSet<String>, batches: &[&Batch], durability: Durability) -> Result<()> {
        let guard = self.db.read();
        let db = guard.as_ref().ok_or_else(unavailable)?;
        guarded("commit", || {
            let mut txn = db.begin_write().map_err(transaction)?;
            txn.set_durability(match durability {
                Durability::Durable => redb::Durability::Immediate,
                Durability::Lazy => redb::Durability::None,
            })
            .map_err(|e| StoreError::Io(e.to_string()))?;
            // Trees this batch creates (true) or drops (false), over the committed set.
            let mut changed: HashMap<&str, bool> = HashMap::new();
            let exists = |changed: &HashMap<&str, bool>, n: &str| {
                changed.get(n).copied().unwrap_or_else(|| trees.contains(n))
            };
            {
                let mut open: Option<(String, redb::Table<'_, Bytes, Bytes>)> = None;
                for op in batches.iter().flat_map(|b| b.ops()) {
                    match op {
                        Op::CreateTree(n) => {
                            if exists(&changed, n) {
                                return Err(StoreError::TreeExists(n.clone()));
                            }
                            changed.insert(n, true);
                            open = Some((n.clone(), txn.open_table(def(n)).map_err(table)?));
                        }
                        Op::DropTree(n) => {
                            if !exists(&changed, n) {
                                return Err(StoreError::NoSuchTree(n.clone()));
                            }
                            changed.insert(n, false);
                            open = None;
                            txn.delete_table(def(n)).map_err(table)?;
                        }
                        Op::Put { tree, key, value } => {
                            let t = table_for(&txn, &mut open, tree, |n| exists(&changed, n))?;
                            t.insert(key.as_slice(), value.as_slice()).map_err(storage)?;
                        }
                        Op::Delete { tree, key } => {
                            let t = table_for(&txn, &mut open, tree, |n| exists(&changed, n))?;
                            t.remove(key.as_slice()).map_err(storage)?;
                        }
                    }
                }
            }
            txn.commit().map_err(commit_err)?;
            for (n, created) in changed {
                if created {
                    trees.insert(n.to_string());
                } else {
                    trees.remove(n);
                }
            }
            Ok(())
        })
    }
}

/// The open handle of `tree` in this write transaction, opening it (and closing another) if
/// needed: redb lets a transaction hold one handle per table, and a batch usually writes
/// runs of operations on the same tree. `exists` says whether a tree not open exists.
fn table_for<'o, 't>(
    txn: &'t redb::WriteTransaction,
    open: &'o mut Option<(String, redb::Table<'t, Bytes, Bytes>)>,
    tree: &str,
    exists: impl Fn(&str) -> bool,
) -> Result<&'o mut redb::Table<'t, Bytes, Bytes>> {
    if open.as_ref().is_none_or(|(n, _)| n != tree) {
        if !exists(tree) {
            return Err(StoreError::NoSuchTree(tree.to_string()));
        }
        *open = Some((tree.to_string(), txn.open_table(def(tree)).map_err(table)?));
    }
    Ok(&mut open.as_mut().expect("opened above").1)
}

fn unavailable() -> StoreError {
    StoreError::Io("the database could not be reopened after an I/O failure".into())
}

fn is_io_failure(e: &StoreError) -> bool {
    matches!(e, StoreError::Io(_) | StoreError::DiskFull | StoreError::SizeLimit)
}

impl Store for RedbStore {
    fn snapshot(&self) -> Result<Arc<dyn Snapshot>> {
        for attempt in 0..2 {
            let failed = self.failed.lock().clone();
            let r = {
                let guard = self.db.read();
                match guard.as_ref() {
                    _ if failed.load(Ordering::Acquire) => {
                        Err(StoreError::Io("an earlier read failed".into()))
                    }
                    Some(db) => guarded("snapshot", || db.begin_read().map_err(transaction)),
                    None => Err(unavailable()),
                }
            };
            match r {
                Ok(txn) => return Ok(Arc::new(RedbSnapshot { txn, open: Default::default(), failed })),
                Err(e) if attempt == 0 && is_io_failure(&e) => {
                    let mut trees = self.commit.lock();
                    self.reopen(&mut trees)?;
                }
                Err(e) => return Err(e),
            }
        }
        Err(unavailable())
    }

    fn commit(&self, batch: &Batch, durability: Durability) -> Result<()> {
        self.commit_group(&[batch], durability)
    }

    fn commit_group(&self, batches: &[&Batch], durability: Durability) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        for op in batches.iter().flat_map(|b| b.ops()) {
            let (Op::CreateTree(n) | Op::DropTree(n) | Op::Put { tree: n, .. } | Op::Delete { tree: n, .. }) =
                op;
            check_tree_name(n)?;
        }
        let mut trees = self.commit.lock();
        if self.db.read().is_none() {
            self.reopen(&mut trees)?;
        }
        let r = self.apply(&mut trees, batches, durability);
        if let Err(e) = &r
            && is_io_failure(e)
        {
            // The file is at its previous commit; a fresh handle makes the store usable again.
            // If that fails too, the next call tries again.
            let _ = self.reopen(&mut trees);
        }
        r
    }

    fn flush(&self) -> Result<()> {
        if self.read_only {
            return Ok(());
        }
        self.commit(&Batch::new(), Durability::Durable)
    }

    fn meta(&self) -> &StoreMeta {
        &self.meta
    }

    fn space(&self) -> Result<SpaceInfo> {
        let m = self.file.metadata().map_err(|e| StoreError::from_io(&e))?;
        let guard = self.db.read();
        let db = guard.as_ref().ok_or_else(unavailable)?;
        let stats = guarded("space", || {
            let txn = db.begin_write().map_err(transaction)?;
            let s = txn.stats().map_err(storage)?;
            txn.abort().map_err(storage)?;
            Ok(s)
        })?;
        let page = stats.page_size() as u64;
        Ok(SpaceInfo {
            file_bytes: m.len(),
            on_disk_bytes: m.blocks() * 512,
            allocated_bytes: stats.allocated_pages() * page,
            stored_bytes: stats.stored_bytes(),
            metadata_bytes: stats.metadata_bytes(),
            fragmented_bytes: stats.fragmented_bytes(),
            backend_page_size: page as u32,
        })
    }

    fn file_id(&self) -> FileId {
        self.id
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn read_only(&self) -> bool {
        self.read_only
    }
}

// ---- reading -------------------------------------------------------------------------------

/// A tree a snapshot has opened (or found absent), by name.
type OpenTree = (Box<str>, Option<Arc<dyn Tree>>);

struct RedbSnapshot {
    /// The trees opened so far (a snapshot never changes, so neither does what a name opens):
    /// opening a redb table costs a walk of its table tree, and point reads through a shared
    /// snapshot (the write checks of every insert) open the same few trees again and again.
    /// (Declared first: dropped before the transaction.)
    open: parking_lot::Mutex<Vec<OpenTree>>,
    txn: redb::ReadTransaction,
    /// The handle's failure flag (see `RedbStore::failed`), shared with its trees and cursors.
    failed: Arc<AtomicBool>,
}

/// `r`, noting an I/O failure in `failed`.
fn noted<T>(failed: &AtomicBool, r: Result<T>) -> Result<T> {
    if let Err(e) = &r
        && is_io_failure(e)
    {
        failed.store(true, Ordering::Release);
    }
    r
}

/// Trees a snapshot remembers; past this, a name is opened each time (a snapshot read by
/// name across more trees than this is a rare, short-lived one).
const OPEN_TREES_KEPT: usize = 16;

impl Snapshot for RedbSnapshot {
    fn tree(&self, name: &str) -> Result<Option<Arc<dyn Tree>>> {
        if check_tree_name(name).is_err() {
            return Ok(None);
        }
        if let Some((_, t)) = self.open.lock().iter().find(|(n, _)| &**n == name) {
            return Ok(t.clone());
        }
        let failed = &self.failed;
        let t = noted(
            failed,
            guarded("open tree", || match self.txn.open_table(def(name)) {
                Ok(t) => Ok(Some(
                    Arc::new(RedbTree { table: Arc::new(t), failed: failed.clone() }) as Arc<dyn Tree>
                )),
                Err(TableError::TableDoesNotExist(_)) => Ok(None),
                Err(e) => Err(table(e)),
            }),
        )?;
        let mut open = self.open.lock();
        if open.len() < OPEN_TREES_KEPT && !open.iter().any(|(n, _)| &**n == name) {
            open.push((name.into(), t.clone()));
        }
        Ok(t)
    }

    fn tree_names(&self) -> Result<Vec<String>> {
        noted(
            &self.failed,
            guarded("list trees", || {
                let list = self.txn.list_tables().map_err(storage)?;
                let mut v: Vec<String> =
                    list.map(|h| h.name().to_string()).filter(|n| check_tree_name(n).is_ok()).collect();
                v.sort();
                Ok(v)
            }),
        )
    }

    fn failed(&self) -> bool {
        self.failed.load(Ordering::Acquire)
    }
}

struct RedbTree {
    table: Arc<KvTable>,
    failed: Arc<AtomicBool>,
}

impl Tree for RedbTree {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        noted(
            &self.failed,
            guarded("get", || Ok(self.table.get(key).map_err(storage)?.map(|g| g.value().to_vec()))),
        )
    }

    fn len(&self) -> Result<u64> {
        noted(&self.failed, self.table.len().map_err(storage))
    }

    fn cursor(&self) -> Result<Box<dyn Cursor>> {
        Ok(Box::new(RedbCursor {
            table: self.table.clone(),
            failed: self.failed.clone(),
            iter: None,
            forward: true,
            cur: None,
            after_last: false,
        }))
    }
}

/// A cursor keeps the redb range it is walking; a move in the other direction, or a seek,
/// starts a new range at the current key.
///
/// Fields drop in declaration order, and the order matters: a redb value guard (`cur`) holds
/// pages of the read transaction but not the transaction itself, which only `iter` and `table`
/// keep open. Dropped after them, the guard would hold pages that a concurrent durable commit
/// may already free (redb's debug builds assert on exactly that).
struct RedbCursor {
    cur: Option<(KvGuard, KvGuard)>,
    iter: Option<KvRange>,
    table: Arc<KvTable>,
    failed: Arc<AtomicBool>,
    forward: bool,
    /// Not on an entry: after the last (true) or before the first (false).
    after_last: bool,
}

impl RedbCursor {
    fn range(&self, lo: Bound<&[u8]>, hi: Bound<&[u8]>) -> Result<KvRange> {
        noted(&self.failed, guarded("range", || self.table.range::<&[u8]>((lo, hi)).map_err(storage)))
    }

    /// Takes the next entry of the current range in its direction.
    fn step(&mut self) -> Result<bool> {
        let forward = self.forward;
        // Borrowed apart: a clone of the flag's `Arc` would touch a count every reader shares.
        let iter = &mut self.iter;
        let item = noted(
            &self.failed,
            guarded("move", || {
                let it = iter.as_mut().expect("a range is set before stepping");
                let next = if forward { it.next() } else { it.next_back() };
                next.transpose().map_err(storage)
            }),
        )?;
        match item {
            Some(entry) => {
                self.cur = Some(entry);
                Ok(true)
            }
            None => {
                self.cur = None;
                self.iter = None;
                self.after_last = forward;
                Ok(false)
            }
        }
    }

    fn start(&mut self, lo: Bound<&[u8]>, hi: Bound<&[u8]>, forward: bool) -> Result<bool> {
        let r = self.range(lo, hi)?;
        self.iter = Some(r);
        self.forward = forward;
        self.step()
    }
}

impl Cursor for RedbCursor {
    fn first(&mut self) -> Result<bool> {
        self.start(Bound::Unbounded, Bound::Unbounded, true)
    }

    fn last(&mut self) -> Result<bool> {
        self.start(Bound::Unbounded, Bound::Unbounded, false)
    }

    fn seek_ge(&mut self, key: &[u8]) -> Result<bool> {
        self.start(Bound::Included(key), Bound::Unbounded, true)
    }

    fn seek_le(&mut self, key: &[u8]) -> Result<bool> {
        self.start(Bound::Unbounded, Bound::Included(key), false)
    }

    fn next(&mut self) -> Result<bool> {
        match &self.cur {
            None if self.after_last => Ok(false),
            None => self.first(),
            Some(_) if self.forward && self.iter.is_some() => self.step(),
            Some((k, _)) => {
                let k = k.value().to_vec();
                self.start(Bound::Excluded(&k), Bound::Unbounded, true)
            }
        }
    }

    fn prev(&mut self) -> Result<bool> {
        match &self.cur {
            None if self.after_last => self.last(),
            None => Ok(false),
            Some(_) if !self.forward && self.iter.is_some() => self.step(),
            Some((k, _)) => {
                let k = k.value().to_vec();
                self.start(Bound::Unbounded, Bound::Excluded(&k), false)
            }
        }
    }

    fn key(&self) -> Option<&[u8]> {
        self.cur.as_ref().map(|(k, _)| k.value())
    }

    fn value(&self) -> Option<&[u8]> {
        self.cur.as_ref().map(|(_, v)| v.value())
    }
}
