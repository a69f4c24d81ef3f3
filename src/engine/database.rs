//! Databases: files attached to an instance and opened by its sessions (data-ddl §4; S-THD-03,
//! S-NAM-03, S-STO-01..05).
//!
//! An attached database is one [`Database`], shared by every session of the instance through the
//! instance core's attachment table (its index is the JET_DBID). A session *opens* a database
//! by counting it in its own state (`Session::note_open`); the database keeps the total of all
//! sessions' opens and the session holding it exclusively, so JetDetachDatabase can refuse a
//! database still open (-1202) and JetOpenDatabase can refuse an exclusive one (-1207).
//!
//! A file is attached to at most one instance of the process (-1215); a process-wide list of
//! attached files (by absolute path and by device and inode) finds the other instance before
//! the store's own lock would report another process (-1032).
//!
//! Every operation on the attachment table takes the core's one mutex: attach, detach, open and
//! close are rare next to record operations, which reach the database through their cursor.

use crate::abi::consts::*;
use crate::engine::catalog::Catalog;
use crate::engine::core::InstanceCore;
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::session::{DBID_SLOTS, Session};
use crate::engine::store::{self, Batch, CreateOptions, Durability, FileId, Op, OpenOptions, Store};
use parking_lot::{Mutex, RwLock};
use std::collections::BTreeSet;

/// The lock table's guard ([`Database::republish`] is called with it held).
type LockTable<'a> = parking_lot::MutexGuard<'a, std::collections::HashMap<(u32, Vec<u8>), RecordLock>>;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The catalog tree every database has from its creation: MSysObjects' rows, keyed as ESE keys
/// them (`engine::catalog::rows`).
pub const CATALOG_TREE: &str = "MSysObjects";

/// The tree holding the last object id ever given (ESE keeps it in the catalog's root page), so
/// object ids are never reused.
pub const OBJIDS_TREE: &str = "MSysObjids";
const OBJID_LAST_KEY: &[u8] = b"objid_last";

/// The store tree of an object (a table's records, a secondary index, a long-value tree).
pub fn tree_of(objid: u32) -> String {
    format!("o{objid}")
}

/// The journal tree of DDL not yet committed (`engine::journal`).
pub fn journal_tree() -> String {
    tree_of(crate::engine::journal::JOURNAL_OBJID)
}

/// JET_DbInfoVersion / JET_DBINFOMISC.ulVersion: the database format major version libesent
/// reports (ESE's current major, 0x620).
pub const FORMAT_VERSION: u32 = 0x620;

/// A database file attached to an instance.
pub struct Database {
    pub dbid: u32,
    /// The path as given (backslashes turned into slashes, S-NAM-03).
    pub path: PathBuf,
    /// The absolute path it is known by.
    pub full: PathBuf,
    pub store: Arc<dyn Store>,
    pub read_only: bool,
    /// The instance slot that attached it.
    instance: usize,
    shared: Mutex<Shared>,
    /// The schema, shared read-only: DDL builds a new one and swaps it in (design: the catalog
    /// is replaced, not locked). Readers clone the `Arc` and keep their view.
    catalog: RwLock<Arc<Catalog>>,
    /// How many times `catalog` was replaced: a cursor that built its schema view at this
    /// count knows the view is current with one load, without the lock or the `Arc`.
    catalog_gen: std::sync::atomic::AtomicU64,
    /// Serialises DDL on this database (catalog swap and its store write).
    ddl: Mutex<()>,
    /// The table cursors open on this database, by table object id (the lock matrix of
    /// data-ddl §5.4).
    opens: Mutex<std::collections::HashMap<u32, Vec<TableOpen>>>,
    /// Trees that an open transaction's undo may still need (a table deleted inside a
    /// transaction keeps its data until the deletion is committed), with how many undo
    /// entries hold each.
    protected: Mutex<std::collections::HashMap<String, u32>>,
    /// Undo entries of open transactions that name this database: it cannot be detached until
    /// they are settled or undone (-1202).
    pending_undo: std::sync::atomic::AtomicU32,
    /// Per table (by object id): the counters that hand out sequential record ids, long-value
    /// ids and autoincrement values, which must never repeat while the database is attached.
    counters: Mutex<std::collections::HashMap<u32, Arc<crate::engine::data::Counters>>>,
    /// Where its newest snapshot is published for the instance's transactions.
    views: Arc<crate::engine::snapshots::Views>,
    /// Records (and unique keys) with uncommitted changes or locks, by (tree, key): who holds
    /// them and how (write conflicts, S-VER-02).
    locks: Mutex<std::collections::HashMap<(u32, Vec<u8>), RecordLock>>,
    /// The last commit to each record or key (S-VER-02, ver.cxx FVERIWriteConflict): what a
    /// transaction's write checks against its begin.
    changes: Mutex<Changes>,
    /// The sequence number of the last commit written (`Changes::seq`), read without its lock:
    /// a transaction that began after it needs no look-up.
    last_seq: std::sync::atomic::AtomicU64,
    /// Tables whose primary index a still-open transaction created: the session that did
    /// (another's insert or replace there is `JET_errWriteConflictPrimaryIndex`).
    primary_uncommitted: Mutex<std::collections::HashMap<u32, u64>>,
    /// How many entries `primary_uncommitted` has, read without its lock: every insert and
    /// replace asks, and almost always there are none.
    primary_pending: std::sync::atomic::AtomicUsize,
    /// Commits waiting to be written, and their results (group commit).
    queue: Mutex<CommitQueue>,
    queue_cv: parking_lot::Condvar,
    /// The instance's scratch database of temporary tables (`engine::temp`): nothing in it
    /// outlives the instance, so no commit of it is ever synced.
    scratch: bool,
    /// The next journal key (`engine::journal`); the journal is empty after attach.
    journal_next: std::sync::atomic::AtomicU64,
}

/// The undo entry of a primary index created in a transaction: the mark goes with the
/// transaction's end, whichever way it ends.
pub struct PrimaryCreated {
    db: Arc<Database>,
    objid: u32,
}

impl PrimaryCreated {
    fn end(&self) -> JetResult<()> {
        let mut p = self.db.primary_uncommitted.lock();
        p.remove(&self.objid);
        self.db.primary_pending.store(p.len(), std::sync::atomic::Ordering::Release);
        Ok(())
    }
}

impl crate::engine::undo::Undo for PrimaryCreated {
    fn undo(self: Box<Self>) -> JetResult<()> {
        self.end()
    }
    fn settle(self: Box<Self>) -> JetResult<()> {
        self.end()
    }
}

/// Whether session `sesid` taking a record as `kind` conflicts with the holds of others: only
/// read locks share with read locks and deltas with deltas of their size (FVERIWriteConflict).
fn conflicts(holders: &[(u64, LockKind)], sesid: u64, kind: LockKind) -> bool {
    holders.iter().any(|&(s, k)| s != sesid && (k != kind || kind == LockKind::Write))
}

fn add_pending(l: &mut RecordLock, fid: u32, delta: i64) {
    match l.pending.iter().position(|p| p.0 == fid) {
        Some(i) => {
            l.pending[i].1 = l.pending[i].1.wrapping_add(delta);
            if l.pending[i].1 == 0 {
                l.pending.swap_remove(i);
            }
        }
        None if delta != 0 => l.pending.push((fid, delta)),
        None => {}
    }
}

/// The bit of an escrow column's size (4 or 8 bytes) in [`DeltaOp::sizes`].
pub fn delta_size_bit(size: u8) -> u8 {
    if size == 8 { 2 } else { 1 }
}

/// When a commit last changed one key ([`Changes`]): the numbers of the last commit that wrote
/// or deleted it, of the last that changed it in any way, and of the last that made a delta of
/// a 4-byte and of an 8-byte escrow column on it.
#[derive(Clone, Copy, Debug, Default)]
struct Last {
    write: u64,
    any: u64,
    delta: [u64; 2],
}

/// How many keys [`Changes`] holds before it first forgets those no transaction needs.
const CHANGES_KEPT: usize = 1 << 16;
/// How many keys it holds at most: past this (transactions that began long ago pinning more
/// changes than this), it forgets the older half of them, and those transactions fall back on
/// the byte comparison.
const CHANGES_MOST: usize = 1 << 17;

/// The commit sequence numbers of a database's records and keys: per tree (object id) and
/// key, the number of the last commit that wrote or deleted it and of the last that changed it
/// in any way (an escrow delta too). Each group of commits written together takes the next
/// number; the snapshot published with it carries that number, and so does every transaction
/// that begins with it. Past [`CHANGES_KEPT`] keys, those changed only before the oldest
/// snapshot anybody can still read are forgotten (no transaction can conflict with them), and
/// the next sweep waits until the table has doubled; past [`CHANGES_MOST`], the older half goes
/// too. `floor` says up to which number the table no longer knows.
#[derive(Default)]
struct Changes {
    seq: u64,
    floor: u64,
    count: usize,
    /// The count past which the next prune runs (at least [`CHANGES_KEPT`]).
    prune_at: usize,
    /// Ordered per tree, so that the entries of one unique secondary key (its prefix) are
    /// found together.
    keys: std::collections::HashMap<u32, std::collections::BTreeMap<Vec<u8>, Last>>,
}

impl Changes {
    /// Notes a write of `key` (`sizes` 0) or deltas on it of the sizes in `sizes`
    /// ([`delta_size_bit`]) by the commit numbered `seq`.
    fn note(&mut self, objid: u32, key: &[u8], sizes: u8) {
        let seq = self.seq;
        let t = self.keys.entry(objid).or_default();
        let e = match t.get_mut(key) {
            Some(e) => e,
            None => {
                self.count += 1;
                t.entry(key.to_vec()).or_default()
            }
        };
        if sizes == 0 {
            e.write = seq;
        }
        for (i, d) in e.delta.iter_mut().enumerate() {
            if sizes & (1 << i) != 0 {
                *d = seq;
            }
        }
        e.any = seq;
    }

    /// [`Database::changed_since`] once the table is needed.
    fn changed_since(&self, objid: u32, key: &[u8], since: u64, delta: Option<u8>) -> Option<bool> {
        if since < self.floor {
            return None;
        }
        let e = self.keys.get(&objid).and_then(|t| t.get(key));
        Some(e.is_some_and(|e| match delta {
            None => e.any > since,
            // A delta commutes only with deltas of its own size: the other size's count.
            Some(size) => e.write > since || e.delta[if size == 8 { 0 } else { 1 }] > since,
        }))
    }

    /// [`Database::prefix_written_since`] once the table is needed.
    fn prefix_written_since(&self, objid: u32, prefix: &[u8], since: u64) -> Option<bool> {
        if since < self.floor {
            return None;
        }
        let Some(t) = self.keys.get(&objid) else { return Some(false) };
        Some(
            t.range(prefix.to_vec()..)
                .take_while(|(k, _)| k.starts_with(prefix))
                .any(|(_, e)| e.write > since),
        )
    }

    /// Once there are too many keys: forgets those changed only up to `oldest()` (the number
    /// of the oldest snapshot still readable), then, if more than [`CHANGES_MOST`] / 2 are
    /// left, the older of them down to that many. Each prune at least halves what the next one
    /// reads, so the work is amortized O(1) per key noted.
    fn prune(&mut self, oldest: impl FnOnce() -> u64) {
        if self.count <= self.prune_at.max(CHANGES_KEPT) {
            return;
        }
        let mut cut = oldest().min(self.seq);
        let newer = self.keys.values().flat_map(|t| t.values()).filter(|e| e.any > cut).count();
        if newer > CHANGES_MOST / 2 {
            let mut all: Vec<u64> = self.keys.values().flat_map(|t| t.values().map(|e| e.any)).collect();
            let rank = all.len() - CHANGES_MOST / 2;
            cut = cut.max(*all.select_nth_unstable(rank).1);
        }
        for t in self.keys.values_mut() {
            t.retain(|_, e| e.any > cut);
        }
        self.keys.retain(|_, t| !t.is_empty());
        self.count = self.keys.values().map(|t| t.len()).sum();
        self.floor = self.floor.max(cut);
        self.prune_at = self.count * 2;
    }
}

/// The tree object id of a store tree's name (`tree_of`).
fn objid_of(tree: &str) -> Option<u32> {
    tree.strip_prefix('o')?.parse().ok()
}

/// A commit waiting in a [`CommitQueue`]: its number, its changes, and the snapshots its
/// transaction holds ([`Database::commit_with`]).
struct Waiting {
    me: u64,
    batch: Batch,
    deltas: Vec<DeltaOp>,
    durability: Durability,
    holder: usize,
}

/// The commits of a database waiting for the one being written.
#[derive(Default)]
struct CommitQueue {
    next: u64,
    waiting: Vec<Waiting>,
    done: std::collections::HashMap<u64, JetResult<u64>>,
    leading: bool,
}

/// How a session holds a record (ESE's version operations, ver.cxx FVERIWriteConflict): an
/// uncommitted insert, replace or delete, a unique-key claim or a JetGetLock write lock is
/// `Write`, which no other session may share; a JetGetLock read lock (`Read`) and an escrow
/// delta on a 4- or 8-byte column (`Delta(4)`, `Delta(8)`) commute with the same kind held by
/// other sessions and conflict with every other kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockKind {
    Write,
    Read,
    Delta(u8),
}

/// Who holds one record, and the sum of the uncommitted escrow deltas on each of its columns
/// (by field id; what ESE's page would hold beyond the committed value).
#[derive(Default, Debug)]
struct RecordLock {
    holders: Vec<(u64, LockKind)>,
    pending: Vec<(u32, i64)>,
}

/// A change of a record's bytes (an escrow delta's, `DeltaOp`).
pub type RecordFn = Box<dyn Fn(&[u8]) -> JetResult<Vec<u8>> + Send>;

/// An escrow change committed by [`Database::commit_with`]: the deltas (by field id) of one
/// session on record `key` of tree `objid`, applied to the newest committed record when the
/// commit is written, so that deltas of several transactions all count.
pub struct DeltaOp {
    pub objid: u32,
    pub key: Vec<u8>,
    pub sums: Vec<(u32, i64)>,
    /// The sizes of the deltas' columns ([`delta_size_bit`] of each).
    pub sizes: u8,
    /// The record with the deltas added.
    pub apply: RecordFn,
}

impl std::fmt::Debug for DeltaOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeltaOp({}, {:?})", self.objid, self.sums)
    }
}

/// One table cursor as the lock matrix sees it.
#[derive(Clone, Copy, Debug)]
struct TableOpen {
    id: u64,
    sesid: u64,
    deny_read: bool,
    deny_write: bool,
    updatable: bool,
    /// The object id of the cursor's current secondary index (JetDeleteIndex refuses an index
    /// some cursor has current, data-ddl §7.6 step 6).
    index: Option<u32>,
}

/// A table cursor's place in its database's lock matrix; dropping it releases the locks.
#[derive(Debug)]
pub struct TableLock {
    db: Arc<Database>,
    objid: u32,
    id: u64,
}

impl TableLock {
    pub fn database(&self) -> &Arc<Database> {
        &self.db
    }

    pub fn objid(&self) -> u32 {
        self.objid
    }

    /// Records the cursor's current secondary index (`None`: the primary or sequential order).
    pub fn set_current_index(&self, index: Option<u32>) {
        if let Some(v) = self.db.opens.lock().get_mut(&self.objid)
            && let Some(o) = v.iter_mut().find(|o| o.id == self.id)
        {
            o.index = index;
        }
    }
}

impl Drop for TableLock {
    fn drop(&mut self) {
        let mut opens = self.db.opens.lock();
        if let Some(v) = opens.get_mut(&self.objid) {
            v.retain(|o| o.id != self.id);
            if v.is_empty() {
                opens.remove(&self.objid);
            }
        }
    }
}

static NEXT_OPEN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

struct Shared {
    /// Opens by every session of the instance together.
    opens: u32,
    /// The session that opened it with `JET_bitDbExclusive`, while it has it open.
    exclusive: Option<u64>,
}

impl Database {
    #[allow(clippy::too_many_arguments)]
    fn new(
        dbid: usize,
        path: PathBuf,
        full: PathBuf,
        store: Arc<dyn Store>,
        read_only: bool,
        instance: usize,
        opens: u32,
        views: Arc<crate::engine::snapshots::Views>,
    ) -> JetResult<Database> {
        recover(&*store, read_only)?;
        let catalog = Arc::new(load_catalog(&*store)?);
        views.publish(dbid as u32, Some(store.snapshot()?));
        Ok(Database {
            dbid: dbid as u32,
            path,
            full,
            store,
            read_only,
            instance,
            shared: Mutex::new(Shared { opens, exclusive: None }),
            catalog: RwLock::new(catalog),
            catalog_gen: std::sync::atomic::AtomicU64::new(0),
            ddl: Mutex::new(()),
            opens: Mutex::default(),
            protected: Mutex::default(),
            pending_undo: std::sync::atomic::AtomicU32::new(0),
            counters: Mutex::default(),
            views,
            locks: Mutex::default(),
            changes: Mutex::default(),
            last_seq: std::sync::atomic::AtomicU64::new(0),
            primary_uncommitted: Mutex::default(),
            primary_pending: std::sync::atomic::AtomicUsize::new(0),
            queue: Mutex::default(),
            queue_cv: parking_lot::Condvar::new(),
            scratch: false,
            journal_next: std::sync::atomic::AtomicU64::new(1),
        })
    }

    /// The scratch database of temporary tables (`engine::temp`) on a freshly created store:
    /// JET_DBID 0, with snapshots published to views of its own (no transaction of the
    /// instance reads it at a snapshot), and commits that are never synced.
    pub(crate) fn scratch(path: PathBuf, store: Arc<dyn Store>, instance: usize) -> JetResult<Database> {
        let views = Arc::new(crate::engine::snapshots::Views::default());
        let mut db = Database::new(0, path.clone(), path, store, false, instance, 0, views)?;
        db.scratch = true;
        Ok(db)
    }

    /// Counts an undo entry of an open transaction on this database (see `pending_undo`).
    pub fn undo_pending(&self, more: bool) {
        use std::sync::atomic::Ordering::SeqCst;
        if more {
            self.pending_undo.fetch_add(1, SeqCst);
        } else {
            self.pending_undo.fetch_sub(1, SeqCst);
        }
    }

    /// Whether a session has it open or an open transaction may still undo a change to it.
    fn in_use(&self) -> bool {
        self.opens() > 0 || self.pending_undo.load(std::sync::atomic::Ordering::SeqCst) > 0
    }

    /// Takes a place in table `objid`'s lock matrix for a cursor of `sesid` opened with `grbit`
    /// (data-ddl §5.4): `JET_errTableLocked` (-1302) while another session holds DenyRead, or
    /// DenyWrite against an explicit Updatable open; `JET_errTableInUse` (-1304) for DenyWrite
    /// while any cursor holds DenyWrite or another session has an updatable cursor, and for
    /// DenyRead while another session has any cursor.
    pub fn lock_table(
        self: &Arc<Self>,
        objid: u32,
        sesid: u64,
        grbit: u32,
        updatable: bool,
    ) -> JetResult<TableLock> {
        let deny_read = grbit & JET_bitTableDenyRead != 0;
        let deny_write = grbit & JET_bitTableDenyWrite != 0;
        let mut opens = self.opens.lock();
        let list = opens.entry(objid).or_default();
        if list.iter().any(|o| o.sesid != sesid && o.deny_read) {
            return fail(JET_errTableLocked);
        }
        if grbit & JET_bitTableUpdatable != 0 && list.iter().any(|o| o.sesid != sesid && o.deny_write) {
            return fail(JET_errTableLocked);
        }
        if deny_write && list.iter().any(|o| o.deny_write || (o.sesid != sesid && o.updatable)) {
            return fail(JET_errTableInUse);
        }
        if deny_read && list.iter().any(|o| o.sesid != sesid) {
            return fail(JET_errTableInUse);
        }
        let id = NEXT_OPEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        list.push(TableOpen { id, sesid, deny_read, deny_write, updatable, index: None });
        Ok(TableLock { db: self.clone(), objid, id })
    }

    /// How many cursors (of any session) are open on table `objid`.
    pub fn open_cursors(&self, objid: u32) -> usize {
        self.opens.lock().get(&objid).map_or(0, |v| v.len())
    }

    /// Whether a cursor (of any session) has secondary index `index` of table `objid` as its
    /// current index.
    pub fn index_in_use(&self, objid: u32, index: u32) -> bool {
        self.opens.lock().get(&objid).is_some_and(|v| v.iter().any(|o| o.index == Some(index)))
    }

    /// Keeps the trees of `t` from being dropped while an undo entry may restore it.
    pub fn protect(&self, t: &crate::engine::catalog::TableDef) {
        let mut p = self.protected.lock();
        for tree in table_trees(t) {
            *p.entry(tree).or_default() += 1;
        }
    }

    /// Releases what [`Database::protect`] kept, then drops the trees no table uses.
    pub fn unprotect(&self, t: &crate::engine::catalog::TableDef) -> JetResult<()> {
        {
            let mut p = self.protected.lock();
            for tree in table_trees(t) {
                if let Some(n) = p.get_mut(&tree) {
                    *n -= 1;
                    if *n == 0 {
                        p.remove(&tree);
                    }
                }
            }
        }
        self.drop_orphan_trees()
    }

    /// Drops the object trees that no table of the schema uses and no undo protects.
    fn drop_orphan_trees(&self) -> JetResult<()> {
        if self.read_only {
            return Ok(());
        }
        let _serial = self.ddl.lock();
        let used = trees_of(&self.catalog());
        let protected = self.protected.lock().clone();
        let mut batch = Batch::new();
        for t in self.store.snapshot()?.tree_names()? {
            if is_object_tree(&t) && !used.contains(&t) && !protected.contains_key(&t) {
                batch.drop_tree(&t);
            }
        }
        if !batch.is_empty() {
            self.commit(batch, Durability::Durable)?;
        }
        Ok(())
    }

    /// Applies a batch to the store; later snapshots see it. Commits that arrive while
    /// another is being written wait and are written together, in arrival order, in one store
    /// commit (group commit: one write and one sync for all of them; durable if any of them
    /// asks to be). Each batch stays all-or-nothing: if the group's commit fails, its batches
    /// are committed one by one, so that one bad batch fails alone.
    pub fn commit(&self, batch: Batch, durability: Durability) -> JetResult<()> {
        self.commit_with(batch, Vec::new(), durability, 0).map(|_| ())
    }

    /// [`Database::commit`] with escrow deltas, resolved against the newest committed records
    /// by the writer of the group (so no other commit comes between the read and the write).
    /// Returns the commit's place in the instance's commit order (its JET_COMMIT_ID).
    ///
    /// `holder` is the identity of the published snapshots the committing transaction holds
    /// (`Arc::as_ptr` of its `Published`; 0 if none, or not known): the commit does not count
    /// them as read by another transaction (see `commit_now`).
    pub fn commit_with(
        &self,
        batch: Batch,
        deltas: Vec<DeltaOp>,
        durability: Durability,
        holder: usize,
    ) -> JetResult<u64> {
        let durability = if self.scratch { Durability::Lazy } else { durability };
        let mut q = self.queue.lock();
        let me = q.next;
        q.next += 1;
        q.waiting.push(Waiting { me, batch, deltas, durability, holder });
        loop {
            if let Some(r) = q.done.remove(&me) {
                return r;
            }
            if !q.leading {
                q.leading = true;
                let group = std::mem::take(&mut q.waiting);
                let results = parking_lot::MutexGuard::unlocked(&mut q, || self.commit_now(group));
                q.done.extend(results);
                q.leading = false;
                self.queue_cv.notify_all();
                continue;
            }
            self.queue_cv.wait(&mut q);
        }
    }

    /// A batch with its escrow deltas turned into puts of the records they change, read from
    /// `snap` or from `seen` (what earlier batches of the same group made of them).
    fn resolve(
        snap: &dyn store::Snapshot,
        batch: &Batch,
        deltas: &[DeltaOp],
        seen: &mut std::collections::HashMap<(u32, Vec<u8>), Vec<u8>>,
    ) -> JetResult<Batch> {
        let mut out = batch.clone();
        for d in deltas {
            let name = tree_of(d.objid);
            let cur = match seen.get(&(d.objid, d.key.clone())) {
                Some(v) => Some(v.clone()),
                None => snap.get(&name, &d.key)?,
            };
            // A record with a pending delta cannot be deleted by another session (the delete
            // conflicts), so it is there; if not, there is nothing to add to.
            let Some(cur) = cur else { continue };
            let new = (d.apply)(&cur)?;
            out.put(&name, &d.key, &new);
            seen.insert((d.objid, d.key.clone()), new);
        }
        Ok(out)
    }

    /// Writes one group of commits (the leader's part of [`Database::commit`]).
    fn commit_now(&self, group: Vec<Waiting>) -> Vec<(u64, JetResult<u64>)> {
        let durability = if group.iter().any(|g| g.durability == Durability::Durable) {
            Durability::Durable
        } else {
            Durability::Lazy
        };
        let mut results: Vec<(u64, JetResult<u64>)> = Vec::with_capacity(group.len());
        // Borrowed when there is nothing to resolve: a transaction's batch is not copied.
        let mut resolved: Vec<(usize, std::borrow::Cow<'_, Batch>)> = Vec::with_capacity(group.len());
        let any_deltas = group.iter().any(|g| !g.deltas.is_empty());
        let snap = if any_deltas { self.store.snapshot().map_err(JetError::from) } else { Err(JetError(0)) };
        let mut seen = std::collections::HashMap::new();
        for (i, g) in group.iter().enumerate() {
            if g.deltas.is_empty() {
                resolved.push((i, std::borrow::Cow::Borrowed(&g.batch)));
                continue;
            }
            match snap
                .as_ref()
                .map_err(|e| *e)
                .and_then(|s| Self::resolve(s.as_ref(), &g.batch, &g.deltas, &mut seen))
            {
                Ok(b) => resolved.push((i, std::borrow::Cow::Owned(b))),
                Err(e) => results.push((g.me, Err(e))),
            }
        }
        let batches: Vec<&Batch> = resolved.iter().map(|r| &*r.1).collect();
        let all = if batches.is_empty() { Ok(()) } else { self.store.commit_group(&batches, durability) };
        let mut written: Vec<usize> = Vec::new();
        match all {
            Ok(()) => written.extend(resolved.iter().map(|r| r.0)),
            Err(e) if resolved.len() == 1 => results.push((group[resolved[0].0].me, Err(e.into()))),
            Err(_) => {
                // One by one, each resolved again against what the ones before it wrote.
                for (i, _) in &resolved {
                    let g = &group[*i];
                    let r = self.store.snapshot().map_err(JetError::from).and_then(|s| {
                        let b = Self::resolve(
                            s.as_ref(),
                            &g.batch,
                            &g.deltas,
                            &mut std::collections::HashMap::new(),
                        )?;
                        self.store.commit(&b, g.durability).map_err(JetError::from)
                    });
                    match r {
                        Ok(()) => written.push(*i),
                        Err(e) => results.push((g.me, Err(e))),
                    }
                }
            }
        }
        // The written deltas leave the pending sums as the snapshot that holds them is
        // published, under the lock table's lock, so that a reader of both sees each once.
        let mut locks = self.locks.lock();
        let mut changes = self.changes.lock();
        if !written.is_empty() {
            changes.seq += 1;
        }
        let seq = changes.seq;
        for i in &written {
            for d in &group[*i].deltas {
                if let Some(l) = locks.get_mut(&(d.objid, d.key.clone())) {
                    for (fid, n) in &d.sums {
                        add_pending(l, *fid, -*n);
                    }
                }
            }
        }
        // Also after a failure: the store may have reopened its handle. If it could not (the
        // disk still failing), the published snapshot belongs to the failed handle, whose every
        // read fails: it is withdrawn, so that readers ask the store, which reopens once the
        // disk is back (S-STO-05), and [`Database::newest_for`] publishes again.
        match self.store.snapshot() {
            Ok(snap) => self.views.publish_at(self.dbid, Some(snap), seq),
            Err(_) => self.views.publish_at(self.dbid, None, seq),
        }
        if !written.is_empty() {
            // The keys written are noted for the write checks of transactions that read an
            // older snapshot (`changed_since`). When no transaction but the committing ones
            // holds one, nothing can ask: a transaction that begins from now on reads the
            // snapshot just published, and one that took an older snapshot before the
            // publication holds it counted (its reference was taken under a lock the
            // publication then took). Both checks and notes are made under `changes`, which
            // every write check takes, and before the committing transactions release their
            // records' locks, so no check falls between them.
            let holders: Vec<usize> = written.iter().map(|i| group[*i].holder).collect();
            // The scratch database has no write conflicts to tell (`changed_since`).
            if !self.scratch && self.views.others_hold_older(self.dbid, seq, &holders) {
                for i in &written {
                    for op in group[*i].batch.ops() {
                        if let Op::Put { tree, key, .. } | Op::Delete { tree, key } = op
                            && let Some(objid) = objid_of(tree)
                        {
                            changes.note(objid, key, 0);
                        }
                    }
                    for d in &group[*i].deltas {
                        changes.note(d.objid, &d.key, d.sizes.max(1));
                    }
                }
            }
            changes.prune(|| self.views.oldest_seq(self.dbid).unwrap_or(0));
            self.last_seq.store(changes.seq, std::sync::atomic::Ordering::Release);
        }
        drop(changes);
        drop(locks);
        for i in written {
            results.push((group[i].me, Ok(self.views.next_commit_id())));
        }
        results
    }

    /// Takes the write lock of record `key` of tree `objid` for session `sesid`: `Ok(true)` if
    /// taken now, `Ok(false)` if the session holds it already, `JET_errWriteConflict` if
    /// another session holds the record in any way (S-VER-02).
    pub fn lock_record(&self, objid: u32, key: &[u8], sesid: u64) -> JetResult<bool> {
        self.lock_as(objid, key, sesid, LockKind::Write)
    }

    /// Takes record `key` of tree `objid` for session `sesid` as `kind`: `Ok(true)` if taken
    /// now, `Ok(false)` if the session holds it so already (or holds its write lock),
    /// `JET_errWriteConflict` if another session holds it in a way that does not commute
    /// (ver.cxx FVERIWriteConflict: only read locks with read locks, and deltas of one size
    /// with deltas of that size).
    pub fn lock_as(&self, objid: u32, key: &[u8], sesid: u64, kind: LockKind) -> JetResult<bool> {
        let mut locks = self.locks.lock();
        let l = locks.entry((objid, key.to_vec())).or_default();
        if conflicts(&l.holders, sesid, kind) {
            if l.holders.is_empty() {
                locks.remove(&(objid, key.to_vec()));
            }
            return fail(JET_errWriteConflict);
        }
        if l.holders.iter().any(|&(s, k)| s == sesid && (k == kind || k == LockKind::Write)) {
            return Ok(false);
        }
        l.holders.push((sesid, kind));
        Ok(true)
    }

    /// Whether this is an instance's scratch database of temporary tables.
    pub(crate) fn is_scratch(&self) -> bool {
        self.scratch
    }

    /// Whether a commit newer than commit sequence number `since` (a transaction's begin,
    /// `Published::seq`) changed key `key` of tree `objid` (S-VER-02, ver.cxx
    /// FVERIWriteConflict: a version committed after the writer's begin): with `delta` (the
    /// size of an escrow column a delta is asked about), only a write or delete or a delta of
    /// the other size counts (deltas of one size commute); without, any change. `None` if the
    /// table cannot tell (`since` older than what it still knows, or `u64::MAX`: no begin
    /// known).
    pub fn changed_since(&self, objid: u32, key: &[u8], since: u64, delta: Option<u8>) -> Option<bool> {
        // A temporary table belongs to one session, whose changes are committed as each call
        // ends: nothing committed to one is another transaction's.
        if self.scratch {
            return Some(false);
        }
        if since == u64::MAX {
            return None;
        }
        if self.last_seq.load(std::sync::atomic::Ordering::Acquire) <= since {
            return Some(false);
        }
        self.changes.lock().changed_since(objid, key, since, delta)
    }

    /// Whether a commit newer than `since` wrote or deleted a key of tree `objid` that starts
    /// with `prefix` (the entries of one secondary key, `index::secondary_key_prefix`): for a
    /// unique index, whether the key was inserted or removed since a transaction began, even
    /// if it is back as it was (S-VER-02: ESE versions a unique index's entry by its key
    /// alone). `None` if the table cannot tell, as [`Database::changed_since`].
    pub fn prefix_written_since(&self, objid: u32, prefix: &[u8], since: u64) -> Option<bool> {
        // As in `changed_since`: nothing committed to a temporary table is another's.
        if self.scratch {
            return Some(false);
        }
        if since == u64::MAX {
            return None;
        }
        if self.last_seq.load(std::sync::atomic::Ordering::Acquire) <= since {
            return Some(false);
        }
        self.changes.lock().prefix_written_since(objid, prefix, since)
    }

    /// Whether another session than `sesid` holds record `key` in any way.
    pub fn locked_by_other(&self, objid: u32, key: &[u8], sesid: u64) -> bool {
        let locks = self.locks.lock();
        !locks.is_empty()
            && locks.get(&(objid, key.to_vec())).is_some_and(|l| l.holders.iter().any(|h| h.0 != sesid))
    }

    /// Whether session `sesid` holds record `key`'s write lock.
    pub fn locked_by(&self, objid: u32, key: &[u8], sesid: u64) -> bool {
        self.holds(objid, key, sesid, LockKind::Write)
    }

    /// Whether session `sesid` holds record `key` as `kind`.
    pub fn holds(&self, objid: u32, key: &[u8], sesid: u64, kind: LockKind) -> bool {
        let locks = self.locks.lock();
        !locks.is_empty()
            && locks.get(&(objid, key.to_vec())).is_some_and(|l| l.holders.contains(&(sesid, kind)))
    }

    /// Adds `delta` to the uncommitted escrow sum of column `fid` of record `key`.
    pub fn add_pending(&self, objid: u32, key: &[u8], fid: u32, delta: i64) {
        let mut locks = self.locks.lock();
        let l = locks.entry((objid, key.to_vec())).or_default();
        add_pending(l, fid, delta);
        if l.holders.is_empty() && l.pending.is_empty() {
            locks.remove(&(objid, key.to_vec()));
        }
    }

    /// The newest snapshot and the sum of every session's uncommitted escrow deltas on column
    /// `fid` of record `key`, read together: the value ESE's page holds (what JetEscrowUpdate
    /// reports as the value before its delta) is the snapshot's plus the sum.
    pub fn newest_with_pending(
        &self,
        objid: u32,
        key: &[u8],
        fid: u32,
    ) -> JetResult<(Arc<dyn store::Snapshot>, i64)> {
        let locks = self.locks.lock();
        let sum = locks
            .get(&(objid, key.to_vec()))
            .and_then(|l| l.pending.iter().find(|p| p.0 == fid))
            .map_or(0, |p| p.1);
        let snap = match self.views.newest(self.dbid, 0) {
            Some(s) if !s.failed() => s,
            _ => self.republish(&locks)?,
        };
        Ok((snap, sum))
    }

    /// Session `sesid` created table `objid`'s primary index in an open transaction: until
    /// `step` is settled or undone, another session's insert or replace there is
    /// `JET_errWriteConflictPrimaryIndex` (S-VER-02; fcb.cxx ErrSetUpdatingAndEnterDML, ESE's
    /// update path does not wait for it).
    pub fn primary_created(self: &Arc<Self>, objid: u32, sesid: u64) -> PrimaryCreated {
        let mut p = self.primary_uncommitted.lock();
        p.insert(objid, sesid);
        self.primary_pending.store(p.len(), std::sync::atomic::Ordering::Release);
        drop(p);
        PrimaryCreated { db: self.clone(), objid }
    }

    /// `JET_errWriteConflictPrimaryIndex` if another session than `sesid` created table
    /// `objid`'s primary index in a transaction still open.
    pub fn primary_check(&self, objid: u32, sesid: u64) -> JetResult<()> {
        if self.primary_pending.load(std::sync::atomic::Ordering::Acquire) == 0 {
            return Ok(());
        }
        let p = self.primary_uncommitted.lock();
        if p.get(&objid).is_some_and(|&s| s != sesid) {
            return fail(JET_errWriteConflictPrimaryIndex);
        }
        Ok(())
    }

    /// Releases a hold taken by [`Database::lock_as`].
    pub fn unlock_record(&self, objid: u32, key: &[u8], sesid: u64, kind: LockKind) {
        let mut locks = self.locks.lock();
        if let Some(l) = locks.get_mut(&(objid, key.to_vec())) {
            if let Some(i) = l.holders.iter().position(|h| *h == (sesid, kind)) {
                l.holders.swap_remove(i);
            }
            if l.holders.is_empty() && l.pending.is_empty() {
                locks.remove(&(objid, key.to_vec()));
            }
        }
    }

    /// The newest published snapshot (what a call outside a transaction reads).
    pub fn newest(&self) -> JetResult<Arc<dyn store::Snapshot>> {
        self.newest_for(0)
    }

    /// [`Database::newest`] read from published copy `hint` (callers spread over the copies by
    /// something of their own, such as the address of their state).
    pub fn newest_for(&self, hint: usize) -> JetResult<Arc<dyn store::Snapshot>> {
        match self.views.newest(self.dbid, hint) {
            Some(s) if !s.failed() => Ok(s),
            _ => self.republish(&self.locks.lock()),
        }
    }

    /// The store's newest snapshot when none is published (after a commit whose failure left
    /// the store without a handle) or the published one failed a read (its handle is broken,
    /// S-STO-05), published again so that transactions and cursors share it.
    /// Under the lock table's lock, as a commit publishes: a commit cannot publish between the
    /// snapshot and its publication, so a newer state is never replaced by an older one.
    #[cold]
    fn republish(&self, _locks: &LockTable<'_>) -> JetResult<std::sync::Arc<dyn store::Snapshot>> {
        if let Some(s) = self.views.newest(self.dbid, 0)
            && !s.failed()
        {
            return Ok(s);
        }
        let snap = self.store.snapshot()?;
        let seq = self.changes.lock().seq;
        self.views.publish_at(self.dbid, Some(snap.clone()), seq);
        Ok(snap)
    }

    /// The trees the current schema uses, and the journal (a transaction's commit deletes its
    /// journal entries with its data).
    pub fn live_trees(&self) -> BTreeSet<String> {
        let mut t = trees_of(&self.catalog());
        t.insert(journal_tree());
        t
    }

    /// Table `objid`'s counters, made on first use.
    pub fn counters(&self, objid: u32) -> Arc<crate::engine::data::Counters> {
        self.counters.lock().entry(objid).or_default().clone()
    }

    /// The current schema.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog.read().clone()
    }

    /// How many times the schema was replaced. Read before [`Database::catalog`], a count
    /// unchanged later means that schema is still current.
    #[inline]
    pub fn catalog_gen(&self) -> u64 {
        self.catalog_gen.load(std::sync::atomic::Ordering::Acquire)
    }

    /// How many times the instance published snapshots ([`Views::epoch`]).
    ///
    /// [`Views::epoch`]: crate::engine::snapshots::Views::epoch
    #[inline]
    pub fn views_epoch(&self) -> u64 {
        self.views.epoch()
    }

    /// Runs a DDL step: `f` turns the current schema into a new one (or an ESE code); the
    /// catalog rows that changed, the last object id, and the trees of objects made or
    /// dropped are written in one durable store commit, and only then is the new schema swapped
    /// in. On any error nothing changed. Returns the schema before and after.
    pub fn ddl<R>(
        &self,
        f: impl FnOnce(&Catalog) -> JetResult<(Arc<Catalog>, R)>,
    ) -> JetResult<(Arc<Catalog>, R)> {
        self.ddl_with(f, |_, _| Ok(()))
    }

    /// [`Database::ddl`], with more changes in the same store commit: `extra` sees the new
    /// schema and adds to the batch (the entries of an index built on a table with records).
    /// An error from it changes nothing.
    pub fn ddl_with<R>(
        &self,
        f: impl FnOnce(&Catalog) -> JetResult<(Arc<Catalog>, R)>,
        extra: impl FnOnce(&Arc<Catalog>, &mut Batch) -> JetResult<()>,
    ) -> JetResult<(Arc<Catalog>, R)> {
        self.ddl_journaled(false, f, extra).map(|(c, r, _)| (c, r))
    }

    /// [`Database::ddl_with`]; with `journal` (a step inside a transaction) the same store
    /// commit also writes a journal entry that saves, for every table the step changes, its
    /// catalog rows before it (`engine::journal`), and returns the entry's store key: the
    /// transaction's level-0 commit deletes it (the session's write set), a rollback's
    /// [`Database::restore_table`] does.
    pub fn ddl_journaled<R>(
        &self,
        journal: bool,
        f: impl FnOnce(&Catalog) -> JetResult<(Arc<Catalog>, R)>,
        extra: impl FnOnce(&Arc<Catalog>, &mut Batch) -> JetResult<()>,
    ) -> JetResult<(Arc<Catalog>, R, Option<[u8; 8]>)> {
        if self.read_only {
            return fail(JET_errPermissionDenied);
        }
        let _serial = self.ddl.lock();
        let old = self.catalog();
        let (new, r) = f(&old)?;
        let protected = self.protected.lock().clone();
        let mut batch = catalog_change(&old, &new, &protected)?;
        extra(&new, &mut batch)?;
        let key = if journal {
            let saved = saved_tables(&old, &new)?;
            let n = self.journal_next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let key = crate::engine::journal::key_of(n);
            batch.put(&journal_tree(), &key, &crate::engine::journal::encode(&saved));
            Some(key)
        } else {
            None
        };
        self.commit(batch, Durability::Durable)?;
        *self.catalog.write() = new.clone();
        self.catalog_gen.fetch_add(1, std::sync::atomic::Ordering::Release);
        Ok((new, r, key))
    }

    /// Puts back an earlier schema (the undo of a DDL step), writing it as [`Database::ddl`]
    /// does.
    pub fn restore_catalog(&self, to: Arc<Catalog>) -> JetResult<()> {
        self.ddl(|_| Ok((to, ()))).map(|_| ())
    }

    /// Whether `sesid` holds this database exclusively (JET_DbInfoOptions).
    pub fn exclusive_to(&self, sesid: u64) -> bool {
        self.shared.lock().exclusive == Some(sesid)
    }

    /// Total opens by all sessions.
    pub fn opens(&self) -> u32 {
        self.shared.lock().opens
    }
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database").field("dbid", &self.dbid).field("path", &self.path).finish()
    }
}

/// Files attached anywhere in this process, so a second instance is refused (-1215).
static ATTACHED: Mutex<Vec<(PathBuf, FileId, usize)>> = Mutex::new(Vec::new());

/// A file attached somewhere in this process: (absolute path, identity, instance slot).
pub(crate) type AttachedFiles = Vec<(PathBuf, FileId, usize)>;

/// The list itself, for fork's handlers (`engine::lifetime`).
pub(crate) fn attached_lock() -> &'static Mutex<AttachedFiles> {
    &ATTACHED
}

/// Whether `full` / `id` is attached to an instance slot, and which.
fn attached_to(full: &Path, id: Option<FileId>) -> Option<usize> {
    ATTACHED.lock().iter().find(|(p, i, _)| p == full || Some(*i) == id).map(|&(_, _, inst)| inst)
}

/// A path as a caller wrote it, as Linux takes it: a backslash is a separator, as on Windows
/// (S-NAM-03). Every path the library receives (database names, `JET_paramTempPath`) becomes a
/// file system path here.
pub fn native_path(given: &str) -> String {
    given.replace('\\', "/")
}

/// A caller's database path: NULL or empty → `JET_errDatabaseInvalidPath` (-1217). Backslashes
/// are separators (S-NAM-03); the absolute form resolves a relative path against the working
/// directory, `.` and `..` lexically, and the directory's symbolic links when it exists.
pub fn db_path(given: Option<&str>) -> JetResult<(PathBuf, PathBuf)> {
    let given = match given {
        Some(g) if !g.is_empty() => g,
        _ => return fail(JET_errDatabaseInvalidPath),
    };
    let path = PathBuf::from(native_path(given));
    let cwd = std::env::current_dir().map_err(|_| JetError(JET_errDatabaseInvalidPath))?;
    let mut full = PathBuf::new();
    for c in cwd.join(&path).components() {
        match c {
            Component::ParentDir => {
                full.pop();
            }
            Component::CurDir => {}
            other => full.push(other.as_os_str()),
        }
    }
    if let (Some(dir), Some(name)) = (full.parent(), full.file_name())
        && let Ok(real) = std::fs::canonicalize(dir)
    {
        full = real.join(name);
    }
    Ok((path, full))
}

/// The file identity of an existing path (None if it does not exist).
fn file_id_of(p: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).ok().map(|m| FileId { dev: m.dev(), ino: m.ino() })
}

/// Instance-wide settings the databases use, captured at JetInit (they lock there).
#[derive(Clone, Copy, Debug)]
pub struct DbSettings {
    /// `JET_paramDatabasePageSize`.
    pub page_size: u32,
    /// `JET_paramOneDatabasePerSession`.
    pub one_per_session: bool,
    /// `JET_paramIndexTuplesLengthMin`, `JET_paramIndexTuplesLengthMax`,
    /// `JET_paramIndexTuplesToIndexMax`: the limits of a tuple index created without its own.
    pub tuples: crate::engine::catalog::TupleLimits,
    /// The page cache of each database file: `JET_paramCacheSizeMax` pages at JetInit, at most
    /// [`store::DEFAULT_CACHE`] bytes.
    pub cache_bytes: usize,
}

impl Default for DbSettings {
    fn default() -> Self {
        DbSettings {
            page_size: 8192,
            one_per_session: false,
            tuples: Default::default(),
            cache_bytes: store::DEFAULT_CACHE,
        }
    }
}

fn size_limit(pages: u32, page_size: u32) -> Option<u64> {
    (pages != 0).then(|| pages as u64 * page_size as u64)
}

/// What JetAttachDatabase did: attached, or found it already attached (+1007).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Attached {
    Now,
    Already,
}

/// What JetOpenDatabase gives: the dbid, and +1813 when the attachment is read-only and the
/// open did not ask for read-only.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Opened {
    pub dbid: u32,
    pub warning: i32,
}

impl InstanceCore {
    /// The database attached as `dbid` (user dbids only).
    pub fn database(&self, dbid: u32) -> Option<Arc<Database>> {
        if dbid == 0 {
            return None;
        }
        self.attachments.lock().get(dbid as usize)?.clone()
    }

    /// Every attached database, by dbid.
    pub fn databases(&self) -> Vec<Arc<Database>> {
        self.attachments.lock().iter().flatten().cloned().collect()
    }

    /// Gives back a session's opens (JetEndSession, JetTerm): `counts[dbid]` opens each.
    pub fn release_opens(&self, sesid: u64, counts: &[u32; DBID_SLOTS]) {
        let table = self.attachments.lock();
        for (dbid, &n) in counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            if let Some(db) = &table[dbid] {
                let mut sh = db.shared.lock();
                sh.opens = sh.opens.saturating_sub(n);
                if sh.exclusive == Some(sesid) {
                    sh.exclusive = None;
                }
            }
        }
    }

    /// Detaches everything (JetTerm, after every session ended): each store is flushed and
    /// closed, and the files are free for any instance or process.
    pub fn detach_all(&self) {
        let mut table = self.attachments.lock();
        for slot in table.iter_mut() {
            if let Some(db) = slot.take() {
                close_database_file(&db);
            }
        }
    }
}

/// Flushes a detached database's lazy commits and forgets it in the process-wide list. The file
/// closes when the last reference to its store goes.
fn close_database_file(db: &Database) {
    db.views.publish(db.dbid, None);
    let _ = db.store.flush();
    ATTACHED.lock().retain(|(_, id, inst)| !(*id == db.store.file_id() && *inst == db.instance));
}

/// The checks JetCreateDatabase and JetAttachDatabase share after the path: in a transaction
/// (-1108) and VersioningOff without RecoveryOff (-1208) come first (data-ddl §4.2 steps 3-5).
fn common_checks(s: &Session, grbit: u32) -> JetResult<()> {
    if s.level() > 0 {
        return fail(JET_errInTransaction);
    }
    if grbit & JET_bitDbVersioningOff != 0 && grbit & JET_bitDbRecoveryOff == 0 {
        return fail(JET_errCannotDisableVersioning);
    }
    Ok(())
}

/// The free user dbid of an attachment table, or -1805.
fn free_dbid(table: &[Option<Arc<Database>>; DBID_SLOTS]) -> JetResult<usize> {
    (1..DBID_SLOTS).find(|&i| table[i].is_none()).ok_or(JetError(JET_errTooManyAttachedDatabases))
}

impl Session {
    fn core_of(&self) -> JetResult<Arc<InstanceCore>> {
        self.instance().core().ok_or(JetError(JET_errNotInitialized))
    }

    /// The attached database `dbid`, which this session must have open (-1010).
    pub fn database(&self, dbid: u32) -> JetResult<Arc<Database>> {
        self.check_dbid(dbid)?;
        self.core_of()?.database(dbid).ok_or(JetError(JET_errInvalidDatabaseId))
    }

    /// JetCreateDatabase / JetCreateDatabase2 (data-ddl §4.2): creates the file, attaches it,
    /// and opens it once for this session. `out_present` is whether `pdbid` is non-NULL
    /// (checked after the state checks and before any file is made, S-BAD-01).
    pub fn create_database(
        &mut self,
        given: Option<&str>,
        max_pages: u32,
        grbit: u32,
        out_present: bool,
    ) -> JetResult<u32> {
        common_checks(self, grbit)?;
        let (path, full) = db_path(given)?;
        let core = self.core_of()?;
        let mut table = core.attachments.lock();
        let me = self.handle().instance;
        let existing = file_id_of(&full);
        match attached_to(&full, existing) {
            Some(i) if i == me => return fail(JET_errDatabaseDuplicate),
            Some(_) => return fail(JET_errDatabaseSharingViolation),
            None => {}
        }
        let dbid = free_dbid(&table)?;
        if existing.is_some() && grbit & JET_bitDbOverwriteExisting == 0 {
            return fail(JET_errDatabaseDuplicate);
        }
        if !out_present {
            return fail(JET_errInvalidParameter);
        }
        let settings = core.settings;
        let opts = CreateOptions {
            overwrite: grbit & JET_bitDbOverwriteExisting != 0,
            page_size: settings.page_size,
            max_size_bytes: size_limit(max_pages, settings.page_size),
            cache_bytes: settings.cache_bytes,
            trees: vec![CATALOG_TREE.to_string(), OBJIDS_TREE.to_string(), journal_tree()],
        };
        let store = store::create(&path, &opts)?;
        let db = Arc::new(Database::new(
            dbid,
            path,
            full.clone(),
            store,
            false,
            me,
            1,
            self.instance().views.clone(),
        )?);
        ATTACHED.lock().push((full, db.store.file_id(), me));
        table[dbid] = Some(db);
        drop(table);
        self.note_open(dbid as u32)?;
        Ok(dbid as u32)
    }

    /// JetAttachDatabase / JetAttachDatabase2 (data-ddl §4.3).
    pub fn attach_database(
        &mut self,
        given: Option<&str>,
        max_pages: u32,
        grbit: u32,
    ) -> JetResult<Attached> {
        common_checks(self, grbit)?;
        let (path, full) = db_path(given)?;
        let read_only = grbit & JET_bitDbReadOnly != 0;
        if read_only && grbit & JET_bitDbDeleteUnicodeIndexes != 0 {
            return fail(JET_errInvalidGrbit);
        }
        let meta = std::fs::metadata(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => JetError(JET_errFileNotFound),
            _ => JetError(JET_errDatabaseInvalidPath),
        })?;
        if meta.is_dir() {
            return fail(JET_errDatabaseInvalidPath);
        }
        if !read_only && meta.permissions().readonly() {
            return fail(JET_errDatabaseFileReadOnly);
        }
        let core = self.core_of()?;
        let mut table = core.attachments.lock();
        let me = self.handle().instance;
        match attached_to(&full, file_id_of(&full)) {
            Some(i) if i == me => return Ok(Attached::Already),
            Some(_) => return fail(JET_errDatabaseSharingViolation),
            None => {}
        }
        let dbid = free_dbid(&table)?;
        let settings = core.settings;
        let opts = OpenOptions {
            read_only,
            max_size_bytes: size_limit(max_pages, settings.page_size),
            cache_bytes: settings.cache_bytes,
        };
        let store = store::open(&path, &opts)?;
        if store.meta().page_size != settings.page_size {
            return fail(JET_errPageSizeMismatch);
        }
        let db = Arc::new(Database::new(
            dbid,
            path,
            full.clone(),
            store,
            read_only,
            me,
            0,
            self.instance().views.clone(),
        )?);
        ATTACHED.lock().push((full, db.store.file_id(), me));
        table[dbid] = Some(db);
        Ok(Attached::Now)
    }

    /// JetDetachDatabase / JetDetachDatabase2 (data-ddl §4.4): NULL or empty detaches every
    /// database of the instance.
    pub fn detach_database(&mut self, given: Option<&str>, grbit: u32) -> JetResult<()> {
        if grbit & JET_bitForceDetach != 0 {
            return fail(JET_errForceDetachNotAllowed);
        }
        if self.level() > 0 {
            return fail(JET_errInTransaction);
        }
        let core = self.core_of()?;
        let mut table = core.attachments.lock();
        let which: Vec<usize> = match given {
            None | Some("") => {
                if table.iter().flatten().any(|db| db.in_use()) {
                    return fail(JET_errDatabaseInUse);
                }
                (1..DBID_SLOTS).filter(|&i| table[i].is_some()).collect()
            }
            Some(_) => {
                let (_, full) = db_path(given)?;
                let id = file_id_of(&full);
                let i = (1..DBID_SLOTS)
                    .find(|&i| {
                        table[i].as_ref().is_some_and(|db| db.full == full || Some(db.store.file_id()) == id)
                    })
                    .ok_or(JetError(JET_errDatabaseNotFound))?;
                if table[i].as_ref().is_some_and(|db| db.in_use()) {
                    return fail(JET_errDatabaseInUse);
                }
                vec![i]
            }
        };
        for i in which {
            if let Some(db) = table[i].take() {
                close_database_file(&db);
            }
        }
        Ok(())
    }

    /// JetOpenDatabase (data-ddl §4.5). The caller has set `*pdbid` to nil already.
    pub fn open_database(&mut self, given: Option<&str>, grbit: u32) -> JetResult<Opened> {
        let (_, full) = db_path(given)?;
        let core = self.core_of()?;
        let table = core.attachments.lock();
        let id = file_id_of(&full);
        let dbid = (1..DBID_SLOTS)
            .find(|&i| table[i].as_ref().is_some_and(|db| db.full == full || Some(db.store.file_id()) == id))
            .ok_or(JetError(JET_errDatabaseNotFound))?;
        let db = table[dbid].clone().ok_or(JetError(JET_errDatabaseNotFound))?;
        if core.settings.one_per_session
            && (1..DBID_SLOTS as u32).any(|d| d != dbid as u32 && self.open_count(d) > 0)
        {
            return fail(JET_errOneDatabasePerSession);
        }
        let warning =
            if db.read_only && grbit & JET_bitDbReadOnly == 0 { JET_wrnFileOpenReadOnly } else { 0 };
        let mut sh = db.shared.lock();
        if sh.exclusive.is_some_and(|s| s != self.sesid) {
            return fail(JET_errDatabaseLocked);
        }
        if grbit & JET_bitDbExclusive != 0 {
            if sh.opens > 0 {
                return fail(JET_errDatabaseInUse);
            }
            sh.exclusive = Some(self.sesid);
        }
        self.note_open(dbid as u32)?;
        sh.opens += 1;
        Ok(Opened { dbid: dbid as u32, warning })
    }

    /// JetCloseDatabase (data-ddl §4.6): the grbit is ignored; the session's last close of the
    /// database closes its cursors on it.
    pub fn close_database(&mut self, dbid: u32) -> JetResult<()> {
        self.check_dbid(dbid)?;
        let core = self.core_of()?;
        let left = self.note_close(dbid)?;
        if left == 0 {
            self.close_cursors_of_database(dbid);
        }
        if let Some(db) = core.database(dbid) {
            let mut sh = db.shared.lock();
            sh.opens = sh.opens.saturating_sub(1);
            if left == 0 && sh.exclusive == Some(self.sesid) {
                sh.exclusive = None;
            }
        }
        Ok(())
    }
}

/// Whether a store tree is an object's (`tree_of`) and not the journal.
fn is_object_tree(t: &str) -> bool {
    t.len() > 1 && t.starts_with('o') && t[1..].bytes().all(|b| b.is_ascii_digit()) && t != journal_tree()
}

/// The tables a DDL step changes, each with its catalog rows before it (none if it is new).
fn saved_tables(old: &Catalog, new: &Catalog) -> JetResult<Vec<crate::engine::journal::SavedTable>> {
    use crate::engine::journal::SavedTable;
    let mut saved = Vec::new();
    for t in old.tables() {
        match new.table_by_objid(t.objid) {
            Some(n) if Arc::ptr_eq(n, t) => {}
            _ => saved.push(SavedTable {
                objid: t.objid,
                rows: old.table_rows(t)?.into_iter().map(|r| (r.key, r.record)).collect(),
            }),
        }
    }
    for t in new.tables() {
        if old.table_by_objid(t.objid).is_none() {
            saved.push(SavedTable { objid: t.objid, rows: Vec::new() });
        }
    }
    Ok(saved)
}

/// Crash recovery of DDL (S-STO-03, `engine::journal`), before the catalog is read: the
/// journal's entries, newest first, put back each saved table's catalog rows; the trees no
/// table uses any more (made by those steps, or left by a deletion whose commit was cut short)
/// are dropped; the entries are deleted; all in one durable store commit. A file with entries
/// cannot be attached read-only: it needs recovery (`JET_errDatabaseInconsistent`, -550, as
/// ESE refuses a dirty file, data-ddl §4.3 step 11).
fn recover(store: &dyn Store, read_only: bool) -> JetResult<()> {
    let snap = store.snapshot()?;
    let journal = journal_tree();
    let jtree = snap.tree(&journal)?;
    let mut entries: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    if let Some(t) = &jtree {
        let mut c = t.cursor()?;
        let mut on = c.first()?;
        while on {
            if let (Some(k), Some(v)) = (c.key(), c.value()) {
                entries.push((k.to_vec(), v.to_vec()));
            }
            on = c.next()?;
        }
    }
    if read_only {
        return if entries.is_empty() { Ok(()) } else { fail(JET_errDatabaseInconsistent) };
    }
    let mut batch = Batch::new();
    if jtree.is_none() {
        batch.create_tree(&journal);
    }
    let rows = catalog_rows(&*snap)?;
    let mut now = rows.clone();
    for (_, v) in entries.iter().rev() {
        for t in crate::engine::journal::decode(v)? {
            let (start, end) = crate::engine::catalog::table_key_range(t.objid);
            let gone: Vec<Vec<u8>> = now.range(start..end).map(|(k, _)| k.clone()).collect();
            for k in gone {
                now.remove(&k);
            }
            now.extend(t.rows);
        }
    }
    for (k, v) in &now {
        if rows.get(k) != Some(v) {
            batch.put(CATALOG_TREE, k, v);
        }
    }
    for k in rows.keys() {
        if !now.contains_key(k) {
            batch.delete(CATALOG_TREE, k);
        }
    }
    for (k, _) in &entries {
        batch.delete(&journal, k);
    }
    let cat = parse_catalog(store, &*snap, &now)?;
    let used = trees_of(&cat);
    for t in snap.tree_names()? {
        if is_object_tree(&t) && !used.contains(&t) {
            batch.drop_tree(&t);
        }
    }
    if !batch.is_empty() {
        store.commit(&batch, Durability::Durable)?;
    }
    Ok(())
}

/// Every MSysObjects row of a snapshot, by key.
fn catalog_rows(snap: &dyn store::Snapshot) -> JetResult<std::collections::BTreeMap<Vec<u8>, Vec<u8>>> {
    let tree = snap.tree(CATALOG_TREE)?.ok_or(JetError(JET_errCatalogCorrupted))?;
    let mut rows = std::collections::BTreeMap::new();
    let mut c = tree.cursor()?;
    let mut on = c.first()?;
    while on {
        if let (Some(k), Some(v)) = (c.key(), c.value()) {
            rows.insert(k.to_vec(), v.to_vec());
        }
        on = c.next()?;
    }
    Ok(rows)
}

/// The schema that catalog rows `rows` and the snapshot's last object id describe.
fn parse_catalog(
    store: &dyn Store,
    snap: &dyn store::Snapshot,
    rows: &std::collections::BTreeMap<Vec<u8>, Vec<u8>>,
) -> JetResult<Catalog> {
    let page = store.meta().page_size;
    let objid_last = match snap.get(OBJIDS_TREE, OBJID_LAST_KEY)? {
        Some(v) => {
            u32::from_le_bytes(v.as_slice().try_into().map_err(|_| JetError(JET_errCatalogCorrupted))?)
        }
        None => Catalog::new(page).objid_last(),
    };
    Catalog::from_rows(page, objid_last, rows.iter().map(|(k, v)| (k.as_slice(), v.as_slice())))
}

/// Reads a database's schema: every MSysObjects row and the last object id. A file of ours
/// without its catalog, or with a row that does not parse, is `JET_errCatalogCorrupted`.
fn load_catalog(store: &dyn Store) -> JetResult<Catalog> {
    let snap = store.snapshot()?;
    let rows = catalog_rows(&*snap)?;
    parse_catalog(store, &*snap, &rows)
}

/// The trees a schema's objects live in: each table's records, each secondary index, each
/// long-value tree.
fn trees_of(cat: &Catalog) -> BTreeSet<String> {
    cat.tables().flat_map(|t| table_trees(t)).collect()
}

/// The trees of one table: its records, each secondary index, its long values.
fn table_trees(t: &crate::engine::catalog::TableDef) -> Vec<String> {
    let mut trees = vec![tree_of(t.objid)];
    trees.extend(t.indexes.iter().filter(|ix| ix.objid != t.objid).map(|ix| tree_of(ix.objid)));
    trees.extend(t.lv_objid.map(tree_of));
    trees
}

/// The store batch that turns schema `old` into `new`: changed rows, the last object id, and
/// the trees made or dropped.
fn catalog_change(
    old: &Catalog,
    new: &Catalog,
    protected: &std::collections::HashMap<String, u32>,
) -> JetResult<Batch> {
    let mut batch = Batch::new();
    let (before, after) = (trees_of(old), trees_of(new));
    for t in after.difference(&before) {
        // A tree an undo kept (a deleted table restored by rollback) exists already.
        if !protected.contains_key(t) {
            batch.create_tree(t);
        }
    }
    for t in before.difference(&after) {
        if !protected.contains_key(t) {
            batch.drop_tree(t);
        }
    }
    // Only the tables whose definition changed (copy-on-write keeps the others' Arc) are
    // turned into rows and compared.
    let by_objid = |c: &Catalog| -> std::collections::BTreeMap<u32, Arc<crate::engine::catalog::TableDef>> {
        c.tables().map(|t| (t.objid, t.clone())).collect()
    };
    let (old_tables, new_tables) = (by_objid(old), by_objid(new));
    let mut old_rows = Vec::new();
    let mut new_rows = Vec::new();
    for (objid, t) in &old_tables {
        match new_tables.get(objid) {
            Some(n) if Arc::ptr_eq(n, t) => {}
            _ => old_rows.extend(old.table_rows(t)?),
        }
    }
    for (objid, t) in &new_tables {
        match old_tables.get(objid) {
            Some(o) if Arc::ptr_eq(o, t) => {}
            _ => new_rows.extend(new.table_rows(t)?),
        }
    }
    let old_map: std::collections::BTreeMap<&[u8], &[u8]> =
        old_rows.iter().map(|r| (r.key.as_slice(), r.record.as_slice())).collect();
    let new_map: std::collections::BTreeMap<&[u8], &[u8]> =
        new_rows.iter().map(|r| (r.key.as_slice(), r.record.as_slice())).collect();
    for (k, v) in &new_map {
        if old_map.get(k) != Some(v) {
            batch.put(CATALOG_TREE, k, v);
        }
    }
    for k in old_map.keys() {
        if !new_map.contains_key(k) {
            batch.delete(CATALOG_TREE, k);
        }
    }
    if new.objid_last() != old.objid_last() {
        batch.put(OBJIDS_TREE, OBJID_LAST_KEY, &new.objid_last().to_le_bytes());
    }
    Ok(batch)
}

/// The paths of an instance's attached databases (JetGetInstanceInfo).
pub fn attached_paths(core: &InstanceCore) -> Vec<String> {
    core.databases().iter().map(|db| db.full.to_string_lossy().into_owned()).collect()
}

/// A value JetGetDatabaseInfo or JetGetDatabaseFileInfo gives, before the shim writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbInfo {
    /// A 4-byte value.
    U32(u32),
    /// An 8-byte value.
    U64(u64),
    /// A file name, written whole or `JET_errBufferTooSmall` (-1038).
    Path(String),
    /// `JET_DbInfoConnect`: one NUL.
    Connect,
    /// `JET_DbInfoMisc`: the header fields, written as the JET_DBINFOMISC version whose size
    /// `cbMax` is (checked by the shim, which knows the sizes).
    Misc(Header),
}

/// What a database header reports (JET_DBINFOMISC's fields libesent tracks; the rest are 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub version: u32,
    pub update: u32,
    pub random: u32,
    pub created_unix: u64,
    pub computer_name: Vec<u8>,
    pub page_size: u32,
    /// `JET_dbstate*`: clean (a libesent database is consistent at every commit), or dirty
    /// while it holds DDL journal entries of a transaction that never ended (a crash), which
    /// the next read-write attach undoes.
    pub state: u32,
}

/// Whether the store's DDL journal has entries (`engine::journal`).
fn needs_recovery(store: &dyn Store) -> bool {
    let journal = store.snapshot().and_then(|s| s.tree(&journal_tree()));
    matches!(journal, Ok(Some(t)) if !t.is_empty().unwrap_or(true))
}

fn header_of(store: &dyn Store) -> Header {
    let m = store.meta();
    let state = if needs_recovery(store) { JET_dbstateDirtyShutdown } else { JET_dbstateCleanShutdown };
    Header {
        version: FORMAT_VERSION,
        update: m.format_update,
        random: m.random,
        created_unix: m.created_unix,
        computer_name: m.computer_name.clone(),
        page_size: m.page_size,
        state,
    }
}

/// `cbMax` must be exactly `n` (else `code`).
fn exactly(cb_max: u32, n: u32, code: i32) -> JetResult<()> {
    if cb_max == n { Ok(()) } else { fail(code) }
}

impl Session {
    /// JetGetDatabaseInfo (data-ddl §4.7), after the dbid check. `cb_max` checks that depend
    /// only on the level are made here; the obsolete `JET_DbInfoUseCachedResult` flag is
    /// dropped.
    pub fn database_info(&self, dbid: u32, level: u32, cb_max: u32) -> JetResult<DbInfo> {
        let db = self.database(dbid)?;
        let level = level & !JET_DbInfoUseCachedResult;
        let page = db.store.meta().page_size.max(1) as u64;
        let four = |v: u32| exactly(cb_max, 4, JET_errInvalidBufferSize).map(|()| DbInfo::U32(v));
        match level {
            JET_DbInfoFilename => Ok(DbInfo::Path(db.full.to_string_lossy().into_owned())),
            JET_DbInfoConnect if cb_max >= 1 => Ok(DbInfo::Connect),
            JET_DbInfoConnect => fail(JET_errBufferTooSmall),
            // countryDefault, the LCID of en-US, code page 1252, no collation.
            JET_DbInfoCountry => four(1),
            JET_DbInfoLCID => four(0x409),
            JET_DbInfoCp => four(1252),
            JET_DbInfoCollate => four(0),
            JET_DbInfoOptions => four(if db.exclusive_to(self.sesid) { JET_bitDbExclusive } else { 0 }),
            JET_DbInfoTransactions => four(crate::engine::session::MAX_LEVEL as u32),
            JET_DbInfoVersion => four(FORMAT_VERSION),
            JET_DbInfoIsam => fail(JET_errFeatureNotAvailable),
            JET_DbInfoMisc => Ok(DbInfo::Misc(header_of(&*db.store))),
            JET_DbInfoPageSize => {
                exactly(cb_max, 4, JET_errBufferTooSmall).map(|()| DbInfo::U32(page as u32))
            }
            JET_DbInfoFilesize
            | JET_DbInfoFilesizeOnDisk
            | JET_DbInfoSpaceOwned
            | JET_DbInfoSpaceAvailable => {
                exactly(cb_max, 4, JET_errInvalidBufferSize)?;
                let space = db.store.space()?;
                let bytes = match level {
                    JET_DbInfoFilesize | JET_DbInfoSpaceOwned => space.file_bytes,
                    JET_DbInfoFilesizeOnDisk => space.on_disk_bytes,
                    _ => space.free_bytes(),
                };
                Ok(DbInfo::U32((bytes / page).min(u32::MAX as u64) as u32))
            }
            _ => fail(JET_errInvalidParameter),
        }
    }
}

/// JetGetDatabaseFileInfo (data-ddl §4.8): needs no instance. A database attached in this
/// process answers from its open store (the file is locked by it); another file is opened
/// read-only for the call (it is never written).
pub fn database_file_info(given: Option<&str>, level: u32, cb_max: u32) -> JetResult<DbInfo> {
    let (path, full) = db_path(given)?;
    let meta = std::fs::metadata(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => JetError(JET_errFileNotFound),
        _ => JetError(JET_errDatabaseInvalidPath),
    })?;
    let level = level & !JET_DbInfoUseCachedResult;
    use std::os::unix::fs::MetadataExt;
    let id = FileId { dev: meta.dev(), ino: meta.ino() };
    let in_use = attached_to(&full, Some(id)).is_some();
    match level {
        JET_DbInfoFilesize => exactly(cb_max, 8, JET_errInvalidBufferSize).map(|()| DbInfo::U64(meta.len())),
        JET_DbInfoFilesizeOnDisk => {
            exactly(cb_max, 8, JET_errInvalidBufferSize).map(|()| DbInfo::U64(meta.blocks() * 512))
        }
        JET_DbInfoDBInUse => {
            exactly(cb_max, 4, JET_errInvalidBufferSize).map(|()| DbInfo::U32(in_use as u32))
        }
        JET_DbInfoMisc | JET_DbInfoPageSize | JET_DbInfoFileType => {
            if level != JET_DbInfoMisc {
                exactly(cb_max, 4, JET_errInvalidBufferSize)?;
            }
            let header = match in_use.then(|| store_of_attached(id)).flatten() {
                Some(store) => header_of(&*store),
                None => header_of(&*store::open(
                    &path,
                    &OpenOptions { read_only: true, ..OpenOptions::default() },
                )?),
            };
            Ok(match level {
                JET_DbInfoMisc => DbInfo::Misc(header),
                JET_DbInfoPageSize => DbInfo::U32(header.page_size),
                _ => DbInfo::U32(JET_filetypeDatabase),
            })
        }
        _ => fail(JET_errInvalidParameter),
    }
}

/// The store of the database attached in this process as file `id`, if any.
fn store_of_attached(id: FileId) -> Option<Arc<dyn Store>> {
    let inst = attached_to(Path::new(""), Some(id))?;
    let core = crate::engine::slots::slot(inst)?.core()?;
    core.databases().into_iter().find(|db| db.store.file_id() == id).map(|db| db.store.clone())
}

/// A time as JET_LOGTIME's fields: seconds, minutes, hours, day (1-31), month (1-12), years
/// since 1900, all UTC.
pub fn logtime_of(unix: u64) -> [u8; 6] {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    // Civil date from days since 1970-01-01 (the proleptic Gregorian calendar).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    [
        (secs % 60) as u8,
        (secs / 60 % 60) as u8,
        (secs / 3600) as u8,
        day as u8,
        month as u8,
        (year - 1900).clamp(0, 255) as u8,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_commute_only_with_their_own_kind() {
        use LockKind::*;
        let held = [(1, Delta(4)), (2, Delta(4))];
        assert!(!conflicts(&held, 3, Delta(4)));
        assert!(conflicts(&held, 3, Delta(8)));
        assert!(conflicts(&held, 3, Read));
        assert!(conflicts(&held, 3, Write));
        // A session's own holds never stop it; another's do.
        assert!(!conflicts(&[(1, Delta(4))], 1, Write));
        assert!(conflicts(&[(1, Delta(4)), (2, Delta(4))], 1, Write));
        assert!(!conflicts(&[(1, Read)], 2, Read));
        assert!(conflicts(&[(1, Read)], 2, Delta(4)));
        assert!(conflicts(&[(1, Write)], 2, Read));
        assert!(!conflicts(&[], 2, Write));
    }

    /// A commit numbered `seq` that wrote the keys `writes` and made deltas on `deltas` of
    /// tree 1, as `Database::commit_with` notes it, with a transaction that began before
    /// every commit still open (so pruning can only forget the older half).
    fn commit(c: &mut Changes, writes: &[&[u8]], deltas: &[&[u8]]) -> u64 {
        commit_seen_from(c, writes, deltas, 0)
    }

    /// [`commit`], with `oldest` the number of the oldest snapshot still readable.
    fn commit_seen_from(c: &mut Changes, writes: &[&[u8]], deltas: &[&[u8]], oldest: u64) -> u64 {
        c.seq += 1;
        for k in writes {
            c.note(1, k, 0);
        }
        for k in deltas {
            c.note(1, k, delta_size_bit(4));
        }
        c.prune(|| oldest);
        c.seq
    }

    /// 1,024 keys named after `batch`, for filling the table.
    fn batch_keys(batch: u32) -> Vec<Vec<u8>> {
        (0..1024).map(|i| format!("k{batch}-{i}").into_bytes()).collect()
    }

    #[test]
    fn pruning_forgets_what_no_readable_snapshot_can_conflict_with() {
        // S-VER-02: the keys changed only before the oldest snapshot still readable go first,
        // and the transaction holding that snapshot keeps exact answers (an ABA included),
        // where forgetting the older half of the keys would have sent it to the fallback.
        let mut c = Changes::default();
        for b in 0..20 {
            let keys = batch_keys(b);
            let refs: Vec<&[u8]> = keys.iter().map(|k| k.as_slice()).collect();
            let now = c.seq;
            commit_seen_from(&mut c, &refs, &[], now);
        }
        assert_eq!(c.floor, 0, "nothing pruned yet: {} keys", c.count);
        let begin = c.seq; // a transaction begins here and stays open
        commit_seen_from(&mut c, &[b"r"], &[], begin);
        commit_seen_from(&mut c, &[b"r"], &[], begin); // and back
        let mut b = 20;
        while c.floor == 0 {
            let keys = batch_keys(b);
            let refs: Vec<&[u8]> = keys.iter().map(|k| k.as_slice()).collect();
            commit_seen_from(&mut c, &refs, &[], begin);
            b += 1;
            assert!(b < 200, "never pruned");
        }
        assert_eq!(c.floor, begin, "only what changed before the open transaction went");
        assert!(c.count < CHANGES_KEPT - 20 * 1024 + 2048, "the 20 first batches went: {}", c.count);
        assert_eq!(c.changed_since(1, b"r", begin, None), Some(true));
        assert_eq!(c.changed_since(1, b"k0-0", begin, None), Some(false));
        assert_eq!(c.changed_since(1, format!("k{}-0", b - 1).as_bytes(), begin, None), Some(true));
    }

    #[test]
    fn a_commit_since_the_begin_counts_whatever_the_bytes_became() {
        // S-VER-02 (ver.cxx FVERIWriteConflict: a version committed after the writer's begin
        // conflicts; the versions' data is not compared): changed and changed back (ABA) is
        // a change.
        let mut c = Changes::default();
        let before = commit(&mut c, &[b"r"], &[]);
        let begin = before; // a transaction begins here
        commit(&mut c, &[b"r"], &[]); // X
        commit(&mut c, &[b"r"], &[]); // and back
        assert_eq!(c.changed_since(1, b"r", begin, None), Some(true));
        assert_eq!(c.changed_since(1, b"r", begin, Some(4)), Some(true));
        // A transaction that began after them sees no change; other keys and trees none.
        assert_eq!(c.changed_since(1, b"r", c.seq, None), Some(false));
        assert_eq!(c.changed_since(1, b"s", begin, None), Some(false));
        assert_eq!(c.changed_since(2, b"r", begin, None), Some(false));
        // Inserted and deleted again since the begin: a key the transaction never saw.
        commit(&mut c, &[b"new"], &[]);
        commit(&mut c, &[b"new"], &[]);
        assert_eq!(c.changed_since(1, b"new", begin, None), Some(true));
    }

    #[test]
    fn a_committed_delta_conflicts_with_a_write_not_with_a_delta() {
        // S-VER-02, ver.cxx FVERIWriteConflict: another session's delta committed after our
        // begin commutes with our delta (every version since the begin is a delta), but our
        // replace or delete finds a version active for us of another kind: a conflict. A
        // delta and its opposite are two changes all the same.
        let mut c = Changes::default();
        let begin = commit(&mut c, &[b"r"], &[]);
        commit(&mut c, &[], &[b"r"]);
        commit(&mut c, &[], &[b"r"]);
        assert_eq!(c.changed_since(1, b"r", begin, Some(4)), Some(false));
        assert_eq!(c.changed_since(1, b"r", begin, None), Some(true));
        // A delta of the other size committed since does not commute (operDelta and
        // operDelta64 are different operations).
        assert_eq!(c.changed_since(1, b"r", begin, Some(8)), Some(true));
        // A write after the deltas counts for a delta too; one before the begin for nothing.
        let mid = c.seq;
        commit(&mut c, &[b"r"], &[]);
        assert_eq!(c.changed_since(1, b"r", mid, Some(4)), Some(true));
        assert_eq!(c.changed_since(1, b"r", c.seq, Some(4)), Some(false));
        let begin8 = c.seq;
        c.seq += 1;
        c.note(1, b"r", delta_size_bit(8));
        assert_eq!(c.changed_since(1, b"r", begin8, Some(8)), Some(false));
        assert_eq!(c.changed_since(1, b"r", begin8, Some(4)), Some(true));
        // Deltas on a key never written: known as deltas only.
        let begin = commit(&mut c, &[b"x"], &[]);
        commit(&mut c, &[], &[b"d"]);
        assert_eq!(c.changed_since(1, b"d", begin, Some(4)), Some(false));
        assert_eq!(c.changed_since(1, b"d", begin, None), Some(true));
    }

    #[test]
    fn pruning_raises_the_floor_and_keeps_what_newer_transactions_need() {
        // Past CHANGES_KEPT keys the older half goes: a transaction that began before the
        // floor gets None (the caller compares bytes instead); one that began after it still
        // gets exact answers, the ABA included.
        let mut c = Changes::default();
        let old_begin = commit(&mut c, &[b"r"], &[]);
        commit(&mut c, &[b"r"], &[]);
        let aba_begin = c.seq;
        commit(&mut c, &[b"a"], &[]);
        commit(&mut c, &[b"a"], &[]);
        let mut n = 0u32;
        while c.floor == 0 {
            let keys: Vec<Vec<u8>> = (0..1024).map(|i| format!("k{n}-{i}").into_bytes()).collect();
            let refs: Vec<&[u8]> = keys.iter().map(|k| k.as_slice()).collect();
            commit(&mut c, &refs, &[]);
            n += 1;
            assert!(c.count <= CHANGES_KEPT);
        }
        assert!(c.count >= CHANGES_KEPT / 4, "only the older part goes: {}", c.count);
        assert_eq!(c.changed_since(1, b"r", old_begin, None), None);
        assert_eq!(c.changed_since(1, b"a", aba_begin, Some(4)), None);
        let late = c.floor;
        assert_eq!(c.changed_since(1, b"r", late, None), Some(false));
        let fresh = format!("k{}-0", n - 1).into_bytes();
        assert_eq!(c.changed_since(1, &fresh, late, None), Some(true));
        // After the floor, a new ABA is seen again.
        let begin = c.seq;
        commit(&mut c, &[b"a"], &[]);
        commit(&mut c, &[b"a"], &[]);
        assert_eq!(c.changed_since(1, b"a", begin, None), Some(true));
    }

    #[test]
    fn pending_sums_vanish_at_zero() {
        let mut l = RecordLock::default();
        add_pending(&mut l, 3, 5);
        add_pending(&mut l, 3, -2);
        add_pending(&mut l, 4, 0);
        assert_eq!(l.pending, vec![(3, 3)]);
        add_pending(&mut l, 3, -3);
        assert!(l.pending.is_empty());
    }

    #[test]
    fn logtime_is_utc_civil_time() {
        assert_eq!(logtime_of(0), [0, 0, 0, 1, 1, 70]);
        // 2026-12-01 22:19:59 UTC
        assert_eq!(logtime_of(1_796_163_599), [59, 19, 22, 1, 12, 126]);
        // 2000-02-29 12:00:00 UTC (a leap day)
        assert_eq!(logtime_of(951_825_600), [0, 0, 12, 29, 2, 100]);
    }

    #[test]
    fn paths_use_slashes_and_resolve_dots() {
        let (p, full) = db_path(Some("a\\b\\..\\c.edb")).unwrap();
        assert_eq!(p, PathBuf::from("a/b/../c.edb"));
        assert!(full.is_absolute());
        assert!(full.ends_with("a/c.edb"));
        assert_eq!(db_path(None).err(), Some(JetError(JET_errDatabaseInvalidPath)));
        assert_eq!(db_path(Some("")).err(), Some(JetError(JET_errDatabaseInvalidPath)));
    }
}
