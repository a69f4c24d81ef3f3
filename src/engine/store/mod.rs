//! The bottom of the data engine: a database file as a set of named, ordered trees of byte keys
//! to byte values, read through snapshots and changed by atomic batches. Nothing here knows about
//! ESE, sessions or handles; the database layer above names trees by object id (catalog, a
//! table's records, each secondary index, each long-value tree) and encodes keys and records.
//!
//! # The shape
//!
//! - [`create`] / [`open`] give an `Arc<dyn Store>` for the one file at the caller's path.
//! - [`Store::snapshot`] gives an `Arc<dyn Snapshot>`: a frozen, consistent view of the last
//!   commit, cheap to take, `Send + Sync` so one snapshot can serve several sessions, and isolated
//!   from every later commit (including tree drops).
//! - [`Snapshot::tree`] opens one tree of that view; [`Tree::cursor`] navigates it in order
//!   ([`Cursor`]: first, last, seek to the first key `>=` or the last key `<=` a key, next,
//!   prev). A run of moves in one direction costs O(1) amortised each; a seek, and the first
//!   move after a change of direction, cost one descent (O(log n)).
//! - [`Store::commit`] applies a [`Batch`] (puts, deletes, tree creates and drops, across any
//!   number of trees) all-or-nothing, [`Durability::Durable`] (on disk when it returns) or
//!   [`Durability::Lazy`] (atomic and ordered, on disk at the next durable commit or
//!   [`Store::flush`]).
//! - Every failure is a [`StoreError`]; [`StoreError::jet_code`] is the one place that maps it to
//!   an ESE code.
//!
//! A backend is one file implementing these traits; [`redb`] is the first.
//!
//! # Why redb
//!
//! redb is pure Rust (no system library, built by cargo), keeps copy-on-write B-trees with a
//! checksum on every page, lets readers run beside the single writer without a reader table
//! (a read transaction pins the pages of its root), accepts keys and values far larger than
//! ESE's (2,000-byte keys, megabyte long-value chunks) and chooses durability per transaction.
//! Its file is one file with no side files (no log, no lock file), which is what a database path
//! means to an ESE caller.
//!
//! # Durability
//!
//! `Durable` is redb's `Durability::Immediate`: the commit's pages are written, the file is
//! synced, the commit slot is switched and synced again before `commit` returns, so a `kill -9`
//! or a power loss afterwards keeps it. `Lazy` is redb's `Durability::None`: the commit is
//! visible to later snapshots at once and is atomic, but nothing is synced; after a crash the
//! file opens at the last durable commit, so what survives of lazy commits is a prefix of them
//! (none after the last durable one), never part of a batch. [`Store::flush`] makes every earlier
//! lazy commit durable.
//!
//! # Files that are not ours, damaged files, crashes
//!
//! Opening never writes to a file before it is known to be a sound libesent database:
//!
//! 1. The first bytes are read with plain reads: an empty file, or one that does not start with
//!    redb's magic, is refused (`Corrupted`); one with ESE's database header magic
//!    (`ulDAEMagic`, 0x89ABCDEF little-endian at byte 4 of the header, right after its 4-byte
//!    checksum) is refused as a Windows database (`ForeignFormat`, -1209).
//! 2. redb then opens the file through a *probe* backend that reads the file but keeps every
//!    write in memory, with its integrity check on: every page of the committed trees is
//!    verified against its checksum, from the commit slot's roots down, a page's children read
//!    only once the page verified (a plain open would trust a cleanly closed file and read its
//!    allocator state unverified, where a damaged page can make redb allocate gigabytes or
//!    panic). A file a crash left is recovered (in memory here) at the older commit slot if the
//!    last, ordinary commit is torn; a slot written by redb's two-phase commit (each close writes
//!    one) that fails the check was damaged after redb last wrote it, and falling back would
//!    silently lose the last commit, so the file is refused (`Corrupted`), as is a failed check,
//!    a read past the end (a truncated file), or a panic inside redb on a malformed file (caught,
//!    and kept off the host's stderr). The probe then reads our metadata record; a redb file without it (someone else's redb
//!    database) is refused, one of a newer libesent format is `ForeignFormat`. Nothing has been
//!    written.
//! 3. Only then is the file opened for real, where redb's ordinary recovery runs if a crash left
//!    the file: that is normal (S-STO-03), and the store opens at the last durable commit. This
//!    open is a plain one: what it reads unverified the probe has just verified. A
//!    read-only store keeps the probe instead: it never writes, even to a file that needed
//!    recovery.
//!
//! The check reads the whole file, so opening costs time in proportion to its size; that is the
//! price of never trusting a file we did not verify (a plain redb open trusts a cleanly closed
//! file and may panic on one damaged since).
//!
//! Creating builds the file under a temporary name (`.<name>.libesent-new-<pid>-<n>`) in the
//! same directory and moves it to the path once its first commit (the metadata record) is
//! durable, so a crash never leaves a half-made database at the path; it can leave that
//! temporary file behind.
//!
//! # Locking
//!
//! A store holds an exclusive `flock` on its file for its whole life, taken before the first
//! read, on a descriptor of its own (redb works through a second one, so snapshots that outlive
//! the store do not keep the file locked); another process (or another store in this process) opening the same file gets
//! [`StoreError::Locked`] (-1032, S-STO-04). redb's own byte-range locks are not used (the file
//! backend here declines them), so the flock is the one lock. [`Store::file_id`] gives the file's
//! (device, inode) so that the layer above can find a second attach in the same process
//! (-1215) before it reaches the lock.
//!
//! # Size limit
//!
//! `max_size_bytes` (JetCreateDatabase2/JetAttachDatabase2's `cpgDatabaseSizeMax` times the page
//! size) is enforced where the file grows: the backend refuses to extend the file past it and the
//! commit fails with `SizeLimit`. redb grows its file geometrically (about doubling), so the file
//! stops at the last step that fits under the limit, which may be well below it.
//!
//! # I/O errors
//!
//! redb latches the first I/O error of a database handle and refuses every later operation. A
//! store therefore reopens its handle after a commit fails on I/O (the file is at its previous
//! committed state: redb never switches the commit slot of a commit that failed) and when a new
//! snapshot finds the handle failed, so the store stays usable once the disk is. Snapshots taken
//! before the failure report `Io` for reads; take a new one. Lazy commits not yet made durable
//! when the handle is replaced may be lost, as in a crash (a prefix of them survives).

pub mod backend;
pub mod redb;

use crate::abi::consts::*;
use crate::engine::error::JetError;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

pub use self::redb::{create, open};

/// The result of a store operation.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Why a store operation failed. [`StoreError::jet_code`] maps each to the ESE code the API
/// returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The file does not exist (-1811).
    NotFound,
    /// `create` without `overwrite` found a file at the path (-1201, as JetCreateDatabase).
    AlreadyExists,
    /// The path cannot name a database file: a directory, a missing directory, too long (-1023).
    InvalidPath,
    /// The file is held by another store, here or in another process (-1032, S-STO-04).
    Locked,
    /// The OS refused access to the file or its directory (-1032).
    AccessDenied,
    /// A writable open of a file that may only be read (-1008).
    FileReadOnly,
    /// A commit on a store opened read-only (-1809).
    ReadOnly,
    /// A Windows ESE database, or a libesent database of a newer format (-1209, S-STO-01).
    ForeignFormat(String),
    /// Not a database of ours, or a damaged one (-1206, S-STO-01/05).
    Corrupted(String),
    /// The volume is full (-1808).
    DiskFull,
    /// Any other I/O failure (-1022).
    Io(String),
    /// The commit would grow the file beyond `max_size_bytes` (-1012, `JET_errOutOfDatabaseSpace`:
    /// ESE's space manager returns it when the database cannot grow past its page limit).
    SizeLimit,
    /// A batch names a tree that does not exist (-1305).
    NoSuchTree(String),
    /// A batch creates a tree that exists (-1303 would be the table's; the store says -1003).
    TreeExists(String),
    /// A tree name that is empty or reserved, or a value beyond the backend's limit (-1003).
    InvalidArgument(String),
}

impl StoreError {
    /// The ESE error code for this failure: the one place the mapping lives.
    pub fn jet_code(&self) -> i32 {
        match self {
            StoreError::NotFound => JET_errFileNotFound,
            StoreError::AlreadyExists => JET_errDatabaseDuplicate,
            StoreError::InvalidPath => JET_errInvalidPath,
            StoreError::Locked | StoreError::AccessDenied => JET_errFileAccessDenied,
            StoreError::FileReadOnly => JET_errDatabaseFileReadOnly,
            StoreError::ReadOnly => JET_errPermissionDenied,
            StoreError::ForeignFormat(_) => JET_errInvalidDatabaseVersion,
            StoreError::Corrupted(_) => JET_errDatabaseCorrupted,
            StoreError::DiskFull => JET_errDiskFull,
            StoreError::Io(_) => JET_errDiskIO,
            StoreError::SizeLimit => JET_errOutOfDatabaseSpace,
            StoreError::NoSuchTree(_) => JET_errObjectNotFound,
            StoreError::TreeExists(_) | StoreError::InvalidArgument(_) => JET_errInvalidParameter,
        }
    }

    /// Classifies an OS error (from opening, reading or writing the file).
    pub fn from_io(e: &std::io::Error) -> StoreError {
        match e.raw_os_error() {
            Some(libc::ENOENT) => StoreError::NotFound,
            Some(libc::ENOSPC) | Some(libc::EDQUOT) | Some(libc::EFBIG) => StoreError::DiskFull,
            Some(libc::EACCES) | Some(libc::EPERM) => StoreError::AccessDenied,
            Some(libc::EROFS) => StoreError::FileReadOnly,
            Some(libc::EEXIST) => StoreError::AlreadyExists,
            Some(libc::ENOTDIR)
            | Some(libc::EISDIR)
            | Some(libc::ENAMETOOLONG)
            | Some(libc::ELOOP)
            | Some(libc::EINVAL) => StoreError::InvalidPath,
            Some(libc::EWOULDBLOCK) => StoreError::Locked,
            // A read past the end: the file is shorter than its own structure says.
            _ if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                StoreError::Corrupted("the file is truncated".into())
            }
            // What redb reports for a header it cannot parse.
            _ if e.kind() == std::io::ErrorKind::InvalidData => StoreError::Corrupted(e.to_string()),
            _ => match backend::size_limit_in(e) {
                true => StoreError::SizeLimit,
                false => StoreError::Io(e.to_string()),
            },
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::ForeignFormat(why)
            | StoreError::Corrupted(why)
            | StoreError::Io(why)
            | StoreError::NoSuchTree(why)
            | StoreError::TreeExists(why)
            | StoreError::InvalidArgument(why) => {
                write!(f, "{}: {why}", crate::engine::error::name(self.jet_code()).unwrap_or("?"))
            }
            _ => write!(f, "{}", crate::engine::error::name(self.jet_code()).unwrap_or("?")),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<StoreError> for JetError {
    fn from(e: StoreError) -> JetError {
        JetError(e.jet_code())
    }
}

/// How a commit reaches the disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// On disk (synced) when `commit` returns.
    Durable,
    /// Atomic and ordered, visible at once, not synced: durable with the next durable commit or
    /// [`Store::flush`]; a crash keeps a prefix of lazy commits.
    Lazy,
}

/// Options of [`create`].
#[derive(Clone, Debug)]
pub struct CreateOptions {
    /// Replace an existing file (JET_bitDbOverwriteExisting); otherwise an existing file is
    /// [`StoreError::AlreadyExists`].
    pub overwrite: bool,
    /// The page size the database reports (JET_paramDatabasePageSize); recorded in the metadata.
    pub page_size: u32,
    /// Commits that would grow the file beyond this many bytes fail with
    /// [`StoreError::SizeLimit`]. `None`: no limit.
    pub max_size_bytes: Option<u64>,
    /// Memory the backend may use to cache pages.
    pub cache_bytes: usize,
    /// Trees made empty in the same first commit as the metadata record, so a file at the
    /// path always has them (the database layer's catalog).
    pub trees: Vec<String>,
}

impl Default for CreateOptions {
    fn default() -> Self {
        CreateOptions {
            overwrite: false,
            page_size: 8192,
            max_size_bytes: None,
            cache_bytes: DEFAULT_CACHE,
            trees: Vec::new(),
        }
    }
}

/// Options of [`open`].
#[derive(Clone, Debug)]
pub struct OpenOptions {
    /// Never write the file; commits fail with [`StoreError::ReadOnly`].
    pub read_only: bool,
    /// As [`CreateOptions::max_size_bytes`].
    pub max_size_bytes: Option<u64>,
    /// As [`CreateOptions::cache_bytes`].
    pub cache_bytes: usize,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions { read_only: false, max_size_bytes: None, cache_bytes: DEFAULT_CACHE }
    }
}

/// The page cache of a store unless the caller gives another size (the most a database's cache
/// may use: a smaller `JET_paramCacheSizeMax` lowers it, a larger one does not raise it). The
/// cache fills only with the pages read or written, so a small database never comes near it;
/// with 64 MiB a lookup in a table of 10^6 records cost 4.9 times one in 10^4, with this 1.5.
pub const DEFAULT_CACHE: usize = 1 << 30;

/// libesent's own format magic, first field of the metadata record.
pub const FORMAT_MAGIC: [u8; 8] = *b"LIBESENT";
/// The format version this build writes and reads (reported as JET_DBINFOMISC.ulVersion by the
/// layer above, which may add its own offset).
pub const FORMAT_VERSION: u32 = 1;
/// The format update (backward-compatible revisions within a version).
pub const FORMAT_UPDATE: u32 = 0;

/// What the metadata record written at creation says (read by [`Store::meta`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreMeta {
    pub format_version: u32,
    pub format_update: u32,
    /// The page size given at creation (what JetGetDatabaseInfo/JET_DbInfoPageSize reports).
    pub page_size: u32,
    /// Seconds since the Unix epoch at creation (JET_SIGNATURE.logtimeCreate).
    pub created_unix: u64,
    /// A random number drawn at creation (JET_SIGNATURE.ulRandom).
    pub random: u32,
    /// The host name at creation, at most 15 bytes (JET_SIGNATURE.szComputerName).
    pub computer_name: Vec<u8>,
}

/// A file's identity: equal for two paths that name the same file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileId {
    pub dev: u64,
    pub ino: u64,
}

/// Space figures for JetGetDatabaseInfo's space levels, in bytes (divide by
/// [`StoreMeta::page_size`] for ESE pages).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpaceInfo {
    /// The file's logical size (JET_DbInfoFilesize).
    pub file_bytes: u64,
    /// Bytes the file occupies on disk (JET_DbInfoFilesizeOnDisk).
    pub on_disk_bytes: u64,
    /// Bytes of pages the backend has allocated to trees (owned space).
    pub allocated_bytes: u64,
    /// Bytes of keys and values stored.
    pub stored_bytes: u64,
    /// Bytes of tree structure (branch pages, headers).
    pub metadata_bytes: u64,
    /// Bytes allocated but unused inside pages.
    pub fragmented_bytes: u64,
    /// The backend's own page size.
    pub backend_page_size: u32,
}

impl SpaceInfo {
    /// Bytes of the file not allocated to anything (JET_DbInfoSpaceAvailable).
    pub fn free_bytes(&self) -> u64 {
        self.file_bytes.saturating_sub(self.allocated_bytes)
    }
}

/// One change of a [`Batch`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    CreateTree(String),
    DropTree(String),
    Put { tree: String, key: Vec<u8>, value: Vec<u8> },
    Delete { tree: String, key: Vec<u8> },
}

/// Changes applied together by [`Store::commit`], in order, all or none. Creating a tree that
/// exists, dropping, writing or deleting in one that does not exist fails the whole batch
/// (a tree created earlier in the same batch exists for the later operations). Deleting an
/// absent key is not an error; putting an existing key replaces its value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    ops: Vec<Op>,
}

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }
    pub fn create_tree(&mut self, tree: &str) -> &mut Self {
        self.ops.push(Op::CreateTree(tree.to_string()));
        self
    }
    pub fn drop_tree(&mut self, tree: &str) -> &mut Self {
        self.ops.push(Op::DropTree(tree.to_string()));
        self
    }
    pub fn put(&mut self, tree: &str, key: &[u8], value: &[u8]) -> &mut Self {
        self.ops.push(Op::Put { tree: tree.to_string(), key: key.to_vec(), value: value.to_vec() });
        self
    }
    pub fn delete(&mut self, tree: &str, key: &[u8]) -> &mut Self {
        self.ops.push(Op::Delete { tree: tree.to_string(), key: key.to_vec() });
        self
    }
    pub fn push(&mut self, op: Op) -> &mut Self {
        self.ops.push(op);
        self
    }
    pub fn ops(&self) -> &[Op] {
        &self.ops
    }
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
    pub fn len(&self) -> usize {
        self.ops.len()
    }
}

/// Tree names beginning with this byte are the store's own.
pub const RESERVED_PREFIX: char = '\0';

/// Checks a caller's tree name: non-empty, not reserved.
pub fn check_tree_name(name: &str) -> Result<()> {
    if name.is_empty() || name.starts_with(RESERVED_PREFIX) {
        return Err(StoreError::InvalidArgument(format!("tree name {name:?}")));
    }
    Ok(())
}

/// A database file. Shared by every session of the instance that attached it.
pub trait Store: Send + Sync {
    /// The newest committed state, isolated from later commits. Does not wait for a commit in
    /// progress.
    fn snapshot(&self) -> Result<Arc<dyn Snapshot>>;
    /// Applies `batch` all-or-nothing. Commits from several threads are serialised. On failure
    /// the store is at its previous committed state and usable.
    fn commit(&self, batch: &Batch, durability: Durability) -> Result<()>;
    /// Applies several batches, in order, as one commit: all or none (group commit: one write
    /// and one sync for several transactions). The default commits them one by one.
    fn commit_group(&self, batches: &[&Batch], durability: Durability) -> Result<()> {
        for b in batches {
            self.commit(b, durability)?;
        }
        Ok(())
    }
    /// Makes every earlier lazy commit durable.
    fn flush(&self) -> Result<()>;
    /// The metadata record written at creation.
    fn meta(&self) -> &StoreMeta;
    /// Space figures of the file now.
    fn space(&self) -> Result<SpaceInfo>;
    /// The file's identity (same-process duplicate detection).
    fn file_id(&self) -> FileId;
    /// The path the store was created or opened with.
    fn path(&self) -> &Path;
    /// Whether the store was opened read-only.
    fn read_only(&self) -> bool;
}

/// A consistent read view. Dropping the last reference releases the pages it pins (a long-lived
/// snapshot keeps the pages of the state it sees from being reused, so the file grows while it
/// lives). A snapshot does not keep its store open: once the last `Arc` of the store is dropped
/// the file is closed and unlocked, and surviving snapshots answer from what they already hold
/// or fail with `Io`.
pub trait Snapshot: Send + Sync {
    /// Opens a tree of this view; `None` if the view has no such tree. Open it once and keep it
    /// for many reads: opening costs a lookup in the store's tree directory.
    fn tree(&self, name: &str) -> Result<Option<Arc<dyn Tree>>>;
    /// Names of the caller's trees in this view, sorted.
    fn tree_names(&self) -> Result<Vec<String>>;
    /// Whether a read of this view (or of another view of the same file handle) failed with
    /// an I/O error: such a view answers nothing more, and [`Store::snapshot`] gives a new one
    /// (on a new handle) once the file can be read again.
    fn failed(&self) -> bool {
        false
    }
    /// `tree(name)?.get(key)`: `Ok(None)` also when the tree is absent.
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        match self.tree(tree)? {
            Some(t) => t.get(key),
            None => Ok(None),
        }
    }
}

/// One tree of a snapshot.
pub trait Tree: Send + Sync {
    /// The value stored under `key`.
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>>;
    /// The number of entries (exact, O(1)).
    fn len(&self) -> Result<u64>;
    /// Whether the tree has no entries.
    fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }
    /// A cursor before the first entry.
    fn cursor(&self) -> Result<Box<dyn Cursor>>;
}

/// Ordered navigation over one tree of a snapshot. A cursor is on an entry, before the first or
/// after the last. Every move returns whether it landed on an entry; one that does not leaves
/// the cursor before the first (moving back) or after the last (moving forward) entry, from
/// where the opposite move finds the first or last entry.
pub trait Cursor: Send {
    /// To the first entry.
    fn first(&mut self) -> Result<bool>;
    /// To the last entry.
    fn last(&mut self) -> Result<bool>;
    /// To the first entry whose key is `>= key` (else after the last).
    fn seek_ge(&mut self, key: &[u8]) -> Result<bool>;
    /// To the last entry whose key is `<= key` (else before the first).
    fn seek_le(&mut self, key: &[u8]) -> Result<bool>;
    /// To the next entry (from before the first: the first).
    fn next(&mut self) -> Result<bool>;
    /// To the previous entry (from after the last: the last).
    fn prev(&mut self) -> Result<bool>;
    /// The current entry's key, `None` when not on an entry.
    fn key(&self) -> Option<&[u8]>;
    /// The current entry's value, `None` when not on an entry.
    fn value(&self) -> Option<&[u8]>;
}
