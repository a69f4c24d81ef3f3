//! A transaction's changes to data: the session's write set (data-records §9.1, §9.4-§9.6).
//!
//! Record, index and long-value changes made inside a transaction are not written to the store
//! at once: they are kept here, per tree, until the transaction commits to level 0, and then
//! written in one store commit per database (durable, or lazy with `JET_bitCommitLazyFlush`).
//! So a rollback costs no I/O, a crash never leaves half a transaction in the file, and other
//! sessions read only committed data. The session's own reads merge its write set over the
//! store's snapshot (`engine::view`).
//!
//! Each change is logged with the state it replaced and the level that made it: a rollback of
//! a level puts back, newest first, what its changes replaced; a commit of a nested level hands
//! its changes to its parent (the log entries change level, nothing is copied).
//!
//! An update outside any transaction runs in an implicit transaction of its own (ESE's internal
//! level, §9.4): a write set made for the one call and applied before it returns.
//!
//! The write set also holds the record and unique-key holds its transaction took (write
//! conflicts, `Database::lock_as`: writes, JetGetLock read locks, escrow deltas), released with
//! the level that took them, its escrow deltas (committed as additions to the newest record,
//! so that deltas of several transactions commute), and the undo log of its DDL. Which snapshot the transaction reads is `engine::snapshots`.

use crate::abi::consts::*;
use crate::engine::database::{Database, DeltaOp, LockKind, tree_of};
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::store::{Batch, Durability};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The version-store budget of an instance (S-VER-04): what its sessions' uncommitted
/// changes may cost together (`JET_paramMaxVerPages` version pages of `JET_paramVerPageSize`
/// bytes) and one transaction alone (`JET_paramMaxTransactionSize` percent of that). A
/// change costs what ESE's version entry for it would: a fixed overhead and its key (the data
/// of a change is not versioned, since ours live in the write set until commit).
#[derive(Debug)]
pub struct Budget {
    used: AtomicU64,
    limit: AtomicU64,
    per_transaction: AtomicU64,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget {
            used: AtomicU64::new(0),
            limit: AtomicU64::new(u64::MAX),
            per_transaction: AtomicU64::new(u64::MAX),
        }
    }
}

/// ESE's version-entry overhead, counted for every change.
pub const ENTRY_COST: usize = 64;

impl Budget {
    /// Sets the limits (JetInit).
    pub fn set_limits(&self, total: u64, per_transaction: u64) {
        self.limit.store(total, Ordering::Relaxed);
        self.per_transaction.store(per_transaction, Ordering::Relaxed);
    }

    /// Takes `n` bytes for a transaction that holds `mine` already.
    fn take(&self, n: usize, mine: usize) -> JetResult<()> {
        let n = n as u64;
        if mine as u64 + n > self.per_transaction.load(Ordering::Relaxed) {
            return fail(JET_errVersionStoreOutOfMemory);
        }
        let before = self.used.fetch_add(n, Ordering::Relaxed);
        if before + n > self.limit.load(Ordering::Relaxed) {
            self.used.fetch_sub(n, Ordering::Relaxed);
            return fail(JET_errVersionStoreOutOfMemory);
        }
        Ok(())
    }

    fn give(&self, n: usize) {
        self.used.fetch_sub(n as u64, Ordering::Relaxed);
    }

    /// Bytes in use by every transaction of the instance.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }
}

/// One tree's changes: key → new value, or `None` for a deleted key.
pub type TreeWrites = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

/// What one change replaced: the tree's entry in the write set before it (`None`: the write
/// set had no entry for the key, the store's value showed through).
struct Logged {
    level: u8,
    db: usize,
    objid: u32,
    key: Vec<u8>,
    before: Option<Option<Vec<u8>>>,
    /// What it added to `WriteSet::bytes`.
    size: usize,
}

/// One hold on a record (see [`LockKind`]).
struct Lock {
    level: u8,
    db: Arc<Database>,
    objid: u32,
    key: Vec<u8>,
    sesid: u64,
    kind: LockKind,
}

/// How an escrow delta changes a record's bytes (the data layer knows the layout).
pub type DeltaFn = Arc<dyn Fn(&[u8]) -> JetResult<Vec<u8>> + Send + Sync>;

/// One escrow delta of the transaction.
struct Delta {
    level: u8,
    db: Arc<Database>,
    objid: u32,
    key: Vec<u8>,
    fid: u32,
    /// The column's size (4 or 8 bytes).
    size: u8,
    delta: i64,
    apply: DeltaFn,
}

/// The changes of one database.
struct DbWrites {
    db: Arc<Database>,
    trees: BTreeMap<u32, TreeWrites>,
}

/// A session's uncommitted changes to data.
#[derive(Default)]
pub struct WriteSet {
    dbs: Vec<DbWrites>,
    log: Vec<Logged>,
    /// Record holds taken (S-VER-02), with the level that took them: released by a
    /// rollback of that level, or with everything at the level-0 commit.
    locks: Vec<Lock>,
    /// Escrow deltas made (oldest first), each also in the record's value in `dbs`: a
    /// record this transaction holds only as a delta is written at commit as the newest
    /// committed record plus these, not as the value in `dbs`.
    deltas: Vec<Delta>,
    /// What the changes cost against the version-store budget.
    bytes: usize,
    /// Bytes of keys and values held (bounded by [`BYTES_MOST`]).
    held: usize,
    /// What a rollback must undo besides data (DDL steps), by level; the session keeps it
    /// here so that its own state stays one word for both.
    pub(crate) undo: Vec<crate::engine::undo::Entry>,
    /// The instance's version-store budget (`None`: unbounded, for tests).
    budget: Option<Arc<Budget>>,
    /// Changes with every write and rollback (process-wide unique values), so that a cursor
    /// knows whether what it read through this write set may have changed.
    generation: u64,
    /// The published snapshots the owning transaction holds (`Arc::as_ptr` of its
    /// `Published`, 0: none), which its own commit does not count as another reader's
    /// ([`Database::commit_with`]).
    ///
    /// [`Database::commit_with`]: crate::engine::database::Database::commit_with
    pub(crate) holder: usize,
}

static GENERATION: AtomicU64 = AtomicU64::new(1);

fn next_gen() -> u64 {
    GENERATION.fetch_add(1, Ordering::Relaxed)
}

impl std::fmt::Debug for WriteSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WriteSet({} changes, {} bytes)", self.log.len(), self.bytes)
    }
}

/// The most data a write set may hold before a change fails with
/// `JET_errVersionStoreOutOfMemory`, whatever the budget says (the address space).
pub const BYTES_MOST: usize = 1 << 40;

impl WriteSet {
    pub fn new() -> WriteSet {
        WriteSet::default()
    }

    /// A write set whose changes are counted against `budget`.
    pub fn with_budget(budget: Arc<Budget>) -> WriteSet {
        let mut w = WriteSet::default();
        w.budget = Some(budget);
        w
    }

    /// Bytes of keys and values it holds (what a temporary table's memory bound counts).
    pub fn held_bytes(&self) -> usize {
        self.held
    }

    /// How many changes it holds (a key changed twice counts twice).
    pub fn change_count(&self) -> usize {
        self.log.len()
    }

    /// Whether nothing has been changed or locked.
    pub fn is_empty(&self) -> bool {
        self.log.is_empty() && self.locks.is_empty()
    }

    /// Takes record `key`'s write lock in tree `objid` for session `sesid` at `level`:
    /// `JET_errWriteConflict` if another session holds it.
    pub fn lock(
        &mut self,
        level: u8,
        db: &Arc<Database>,
        objid: u32,
        key: &[u8],
        sesid: u64,
    ) -> JetResult<()> {
        self.lock_as(level, db, objid, key, sesid, LockKind::Write)
    }

    /// Takes record `key` of tree `objid` as `kind` (`Database::lock_as`).
    pub fn lock_as(
        &mut self,
        level: u8,
        db: &Arc<Database>,
        objid: u32,
        key: &[u8],
        sesid: u64,
        kind: LockKind,
    ) -> JetResult<()> {
        self.locks.try_reserve(1).map_err(|_| JetError(JET_errOutOfMemory))?;
        if db.lock_as(objid, key, sesid, kind)? {
            self.generation = next_gen();
            self.locks.push(Lock { level, db: db.clone(), objid, key: key.to_vec(), sesid, kind });
        }
        Ok(())
    }

    /// Records an escrow delta of `delta` on column `fid` (of `size` bytes) of record `key`
    /// (whose new value the caller writes with [`WriteSet::write`] at the same level): counted in the database's
    /// pending sums until it is committed or rolled back.
    #[allow(clippy::too_many_arguments)]
    pub fn delta(
        &mut self,
        level: u8,
        db: &Arc<Database>,
        objid: u32,
        key: &[u8],
        (fid, size): (u32, u8),
        delta: i64,
        apply: DeltaFn,
    ) -> JetResult<()> {
        self.deltas.try_reserve(1).map_err(|_| JetError(JET_errOutOfMemory))?;
        db.add_pending(objid, key, fid, delta);
        self.deltas.push(Delta { level, db: db.clone(), objid, key: key.to_vec(), fid, size, delta, apply });
        Ok(())
    }

    /// How many locks the write set holds: a mark for [`WriteSet::unlock_since`].
    pub fn lock_count(&self) -> usize {
        self.locks.len()
    }

    /// Releases the locks taken since `mark`: a statement that fails has no effect
    /// (S-VER-02), so the locks its checks took before failing go with it.
    pub fn unlock_since(&mut self, mark: usize) {
        while self.locks.len() > mark {
            if let Some(l) = self.locks.pop() {
                l.db.unlock_record(l.objid, &l.key, l.sesid, l.kind);
            }
        }
    }

    /// Releases the hold taken last (a check that failed after taking it).
    pub fn unlock_newest(&mut self) {
        if let Some(l) = self.locks.pop() {
            l.db.unlock_record(l.objid, &l.key, l.sesid, l.kind);
        }
    }

    fn undo_deltas_from(&mut self, level: u8) {
        while self.deltas.last().is_some_and(|d| d.level > level) {
            if let Some(d) = self.deltas.pop() {
                d.db.add_pending(d.objid, &d.key, d.fid, d.delta.wrapping_neg());
            }
        }
    }

    fn unlock_from(&mut self, level: u8) {
        while self.locks.last().is_some_and(|l| l.level > level) {
            if let Some(l) = self.locks.pop() {
                l.db.unlock_record(l.objid, &l.key, l.sesid, l.kind);
            }
        }
    }

    /// Whether this transaction holds record `key` of tree `objid` for writing (its own
    /// value of the record is then the one to commit, deltas included).
    fn holds_write(&self, db: &Arc<Database>, objid: u32, key: &[u8]) -> bool {
        self.locks
            .iter()
            .any(|l| l.kind == LockKind::Write && l.objid == objid && l.key == key && Arc::ptr_eq(&l.db, db))
    }

    fn db_index(&mut self, db: &Arc<Database>) -> usize {
        match self.dbs.iter().position(|d| Arc::ptr_eq(&d.db, db)) {
            Some(i) => i,
            None => {
                // Until the changes are applied or dropped, the database cannot be detached.
                db.undo_pending(true);
                self.dbs.push(DbWrites { db: db.clone(), trees: BTreeMap::new() });
                self.dbs.len() - 1
            }
        }
    }

    /// Sets `key` of tree `objid` to `value` (`None` deletes it) at transaction level `level`.
    pub fn write(
        &mut self,
        level: u8,
        db: &Arc<Database>,
        objid: u32,
        key: &[u8],
        value: Option<Vec<u8>>,
    ) -> JetResult<()> {
        let size = key.len() + ENTRY_COST;
        let held = key.len() + value.as_ref().map_or(0, |v| v.len());
        if self.held + held > BYTES_MOST {
            return fail(JET_errVersionStoreOutOfMemory);
        }
        self.log.try_reserve(1).map_err(|_| JetError(JET_errOutOfMemory))?;
        if let Some(b) = &self.budget {
            b.take(size, self.bytes)?;
        }
        self.held += held;
        self.generation = next_gen();
        let d = self.db_index(db);
        let tree = self.dbs[d].trees.entry(objid).or_default();
        let before = tree.insert(key.to_vec(), value);
        self.bytes += size;
        self.log.push(Logged { level, db: d, objid, key: key.to_vec(), before, size });
        Ok(())
    }

    /// The write set's entry for `key`: `None` if it has none (read the store), `Some(None)`
    /// if the key is deleted, `Some(Some(v))` for its new value.
    pub fn get(&self, db: &Arc<Database>, objid: u32, key: &[u8]) -> Option<Option<&[u8]>> {
        self.tree(db, objid)?.get(key).map(|v| v.as_deref())
    }

    /// Every record it has a change for: its database, tree and key.
    pub fn keys(&self) -> impl Iterator<Item = (&Arc<Database>, u32, &[u8])> {
        self.dbs.iter().flat_map(|d| {
            d.trees.iter().flat_map(move |(o, t)| t.keys().map(move |k| (&d.db, *o, k.as_slice())))
        })
    }

    /// One tree's changes, if it has any.
    pub fn tree(&self, db: &Arc<Database>, objid: u32) -> Option<&TreeWrites> {
        self.dbs.iter().find(|d| Arc::ptr_eq(&d.db, db))?.trees.get(&objid)
    }

    /// A commit of the levels above `to` into `to` (> 0): their changes become `to`'s.
    pub fn commit_to(&mut self, to: u8) {
        for e in self.log.iter_mut().rev() {
            if e.level <= to {
                break;
            }
            e.level = to;
        }
        for l in self.locks.iter_mut().rev() {
            if l.level <= to {
                break;
            }
            l.level = to;
        }
        for d in self.deltas.iter_mut().rev() {
            if d.level <= to {
                break;
            }
            d.level = to;
        }
    }

    /// A rollback of every level above `to`: each change is undone, newest first.
    /// What changes with every write and rollback (see `generation`).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn rollback_to(&mut self, to: u8) {
        self.generation = next_gen();
        while self.log.last().is_some_and(|e| e.level > to) {
            let Some(e) = self.log.pop() else { break };
            self.bytes = self.bytes.saturating_sub(e.size);
            if let Some(b) = &self.budget {
                b.give(e.size);
            }
            let tree = self.dbs[e.db].trees.entry(e.objid).or_default();
            match e.before {
                Some(v) => {
                    tree.insert(e.key, v);
                }
                None => {
                    tree.remove(&e.key);
                }
            }
        }
        self.undo_deltas_from(to);
        self.unlock_from(to);
        if self.log.is_empty() && self.locks.is_empty() {
            self.release();
        }
    }

    /// Forgets everything (after apply, or a rollback to level 0).
    fn release(&mut self) {
        for d in self.dbs.drain(..) {
            d.db.undo_pending(false);
        }
        self.log.clear();
        if let Some(b) = &self.budget {
            b.give(self.bytes);
        }
        self.bytes = 0;
        self.held = 0;
        self.undo_deltas_from(0);
        self.unlock_from(0);
    }

    /// [`WriteSet::apply`] in store commits of at most `most` records each, in key order (a
    /// temporary table's spill: a store commit keeps the pages it changes in memory until it
    /// ends, so one commit of a whole spill of random keys would hold most of the tree). A
    /// write set with escrow deltas, or changes to more than one database, is applied whole.
    pub fn apply_in_parts(&mut self, durability: Durability, most: usize) -> JetResult<()> {
        if !self.deltas.is_empty() || self.dbs.len() != 1 {
            return self.apply(durability).map(|_| ());
        }
        let d = &self.dbs[0];
        let live = d.db.live_trees();
        let mut batch = Batch::new();
        for (objid, tree) in &d.trees {
            let name = tree_of(*objid);
            if !live.contains(&name) {
                continue;
            }
            for (k, v) in tree {
                match v {
                    Some(v) => batch.put(&name, k, v),
                    None => batch.delete(&name, k),
                };
                if batch.len() >= most.max(1) {
                    d.db.commit_with(
                        std::mem::replace(&mut batch, Batch::new()),
                        Vec::new(),
                        durability,
                        self.holder,
                    )?;
                }
            }
        }
        if !batch.is_empty() {
            d.db.commit_with(batch, Vec::new(), durability, self.holder)?;
        }
        self.release();
        Ok(())
    }

    /// The commit to level 0: every database's changes in one store commit each. Changes to
    /// trees that no longer exist (a table the same transaction deleted) are dropped. A record
    /// the transaction changed only by escrow deltas is written as the newest committed record
    /// plus its deltas (another transaction's deltas committed meanwhile stay counted). On an
    /// error, the databases before the failing one are written and the write set keeps the
    /// rest, so that the caller may retry or roll back what is left. Returns the id of the
    /// last store commit made (0 if none: nothing was changed).
    pub fn apply(&mut self, durability: Durability) -> JetResult<u64> {
        let mut id = 0;
        while let Some(d) = self.dbs.first() {
            let live = d.db.live_trees();
            // Records held only by deltas: (objid, key) -> their deltas, oldest first.
            let mut by_delta: BTreeMap<(u32, Vec<u8>), Vec<usize>> = BTreeMap::new();
            // Deltas on records held for writing: the record's own value carries them, and
            // their pending sums go once it is written.
            let mut in_writes = Vec::new();
            for (i, x) in self.deltas.iter().enumerate() {
                if !Arc::ptr_eq(&x.db, &d.db) {
                    continue;
                }
                if self.holds_write(&d.db, x.objid, &x.key) {
                    in_writes.push(i);
                } else {
                    by_delta.entry((x.objid, x.key.clone())).or_default().push(i);
                }
            }
            let mut batch = Batch::new();
            for (objid, tree) in &d.trees {
                let name = tree_of(*objid);
                if !live.contains(&name) {
                    continue;
                }
                for (k, v) in tree {
                    if !by_delta.is_empty() && by_delta.contains_key(&(*objid, k.clone())) {
                        continue;
                    }
                    match v {
                        Some(v) => batch.put(&name, k, v),
                        None => batch.delete(&name, k),
                    };
                }
            }
            let mut ops = Vec::new();
            for ((objid, key), idx) in &by_delta {
                if !live.contains(&tree_of(*objid)) {
                    continue;
                }
                let fns: Vec<DeltaFn> = idx.iter().map(|i| self.deltas[*i].apply.clone()).collect();
                let mut sums: Vec<(u32, i64)> = Vec::new();
                let mut sizes = 0;
                for i in idx {
                    let x = &self.deltas[*i];
                    sizes |= crate::engine::database::delta_size_bit(x.size);
                    match sums.iter_mut().find(|s| s.0 == x.fid) {
                        Some(s) => s.1 = s.1.wrapping_add(x.delta),
                        None => sums.push((x.fid, x.delta)),
                    }
                }
                ops.push(DeltaOp {
                    objid: *objid,
                    key: key.clone(),
                    sums,
                    sizes,
                    apply: Box::new(move |cur: &[u8]| {
                        let mut v = cur.to_vec();
                        for f in &fns {
                            v = f(&v)?;
                        }
                        Ok(v)
                    }),
                });
            }
            if !batch.is_empty() || !ops.is_empty() {
                id = d.db.commit_with(batch, ops, durability, self.holder)?;
            }
            // Nobody else can ask for those sums yet: the record's write lock is still held.
            for i in in_writes {
                let x = &self.deltas[i];
                x.db.add_pending(x.objid, &x.key, x.fid, x.delta.wrapping_neg());
            }
            // The written deltas left the database's pending sums with the commit.
            let db = d.db.clone();
            self.deltas.retain(|x| !Arc::ptr_eq(&x.db, &db));
            let d = self.dbs.remove(0);
            d.db.undo_pending(false);
            // Log entries name databases by position: shift the others down.
            self.log.retain(|e| e.db != 0);
            self.log.iter_mut().for_each(|e| e.db -= 1);
        }
        self.release();
        Ok(id)
    }
}

impl Drop for WriteSet {
    fn drop(&mut self) {
        self.release();
    }
}
