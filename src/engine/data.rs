//! Records through a table cursor (data-records §4-§6): preparing, setting and applying
//! updates, deleting, retrieving columns, walking the current index, bookmarks and keys.
//!
//! A cursor reads its database's newest snapshot with its session's own uncommitted changes over
//! it (`engine::view`), and writes into the session's write set (`engine::txn`). An update or a
//! delete runs in a nested level of its own, as ESE's internal transaction does: everything it
//! writes (the record, each index entry, long values) is applied together or not at all, and
//! outside a transaction that level is a write set of its own applied before the call returns
//! (§9.4).
//!
//! Trees (named by object id, `engine::database::tree_of`): a table's records keyed by primary
//! key (the bookmark: the normalized primary key, or a 4-byte big-endian sequential id for a
//! table without primary index, §5.5); each secondary index keyed by
//! `engine::index::secondary_tree_key(key, bookmark)` with an empty value; the long values.

use crate::abi::consts::*;
use crate::engine::catalog::{Catalog, ColumnDef, ColumnRef, IndexDef, TableDef};
use crate::engine::coltype::{ColumnClass, fid_of_columnid};
use crate::engine::cursor::{CursorData, TableCursor};
use crate::engine::database::Database;
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::key::{KeyDef, KeyValue};
use crate::engine::lv::{self, ChunkSize, Lid, LvTree};
use crate::engine::record::{
    ColumnRead, NullRules, Record, RecordLayout, RecordView, TaggedId, TaggedRead, TaggedSlot, TaggedValue,
};
use crate::engine::session::Tx;
use crate::engine::store::{Durability, Snapshot, Tree};
use crate::engine::txn::{TreeWrites, WriteSet};
use crate::engine::view::{Merge, View};
use parking_lot::Mutex;
use std::ops::Bound;
use std::sync::Arc;

// ---- per-table counters -------------------------------------------------------------------

/// Values a table hands out that must never repeat while its database is attached (ESE keeps
/// them in memory in the table's FCB and finds their start from the data once): the next
/// sequential record id, the next long-value id, the next autoincrement value. `None` until
/// first used.
#[derive(Debug, Default)]
pub struct Counters {
    seq: Mutex<Option<u64>>,
    lid: Mutex<Option<u64>>,
    autoinc: Mutex<Option<u64>>,
}

impl Counters {
    /// Takes the next value of `counter`, starting it from `start()` (the first value to give)
    /// on first use.
    fn next(counter: &Mutex<Option<u64>>, start: impl FnOnce() -> JetResult<u64>) -> JetResult<u64> {
        let mut c = counter.lock();
        let v = match *c {
            Some(v) => v,
            None => start()?,
        };
        *c = Some(v + 1);
        Ok(v)
    }
}

// ---- the cursor's record state ------------------------------------------------------------

/// Where a cursor stands on its current index (§6.1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Pos {
    /// ESE's deferred move to the first entry (data-records 6.7, 6.9): where a cursor just
    /// opened, duplicated or given a new index with `JET_bitMoveFirst` stands. The first call
    /// that needs a current entry (a read, a delete, a move, a record position, an index range)
    /// makes the move then ([`TableCursor::settle`]), so records inserted in between are seen;
    /// on an empty index the cursor stays deferred.
    #[default]
    Deferred,
    BeforeFirst,
    AfterLast,
    /// On an entry: its key in the index's tree and the record's bookmark; `deleted` once the
    /// record was deleted through this cursor (moves go to the neighbours; reads give
    /// `JET_errRecordDeleted` until a record with that bookmark exists again, as ESE's cursor
    /// stays on the bookmark and sees a record inserted there).
    On {
        key: Vec<u8>,
        bookmark: Vec<u8>,
        deleted: bool,
    },
    /// Between entries, with no current record (after a failed JetSeek with SeekEQ, or a
    /// JetGotoSecondaryIndexBookmark with virtual currency, `engine::seek`): `key` is a key of
    /// the index's tree that no entry has; a move forward goes to the first entry at or after
    /// it, a move backward to the last one before it.
    Between {
        key: Vec<u8>,
    },
}

/// A prepared update: the copy buffer and what it was prepared from (§4.1).
#[derive(Debug)]
pub struct Update {
    pub prep: u32,
    pub rec: Record,
    /// The record it was copied from (replace, insert-copy-*): its bookmark and stored bytes.
    pub original: Option<(Vec<u8>, Vec<u8>)>,
    /// The transaction level it was prepared at (lowered by commits; a rollback below it
    /// cancels it).
    pub level: u8,
    /// Column ids set since it was prepared.
    pub set: Vec<u32>,
    /// Long-value changes made for this update (its LV tree's keys), written with the record
    /// by JetUpdate and dropped by a cancel; until then the record's stored long values read
    /// as they were.
    pub lv_staged: TreeWrites,
    /// Separated long values the update stops using (deleted by JetUpdate).
    pub lv_drop: Vec<Vec<u8>>,
}

/// The schema as one cursor uses it, rebuilt when the database's catalog changes.
pub struct Schema {
    pub cat: Arc<Catalog>,
    pub table: Arc<TableDef>,
    pub layout: RecordLayout,
    pub cb_record_most: usize,
    /// Key definitions of the table's indexes, in `table.indexes` order.
    pub keys: Vec<KeyDef>,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Schema({})", self.table.name)
    }
}

impl Schema {
    fn build(cat: Arc<Catalog>, objid: u32) -> JetResult<Schema> {
        let Some(table) = cat.table_by_objid(objid).cloned() else { return fail(JET_errObjectNotFound) };
        let layout = cat.record_layout(&table)?;
        let cb_record_most = cat.cb_record_most(&table);
        let keys = table.indexes.iter().map(|ix| cat.key_def(&table, ix)).collect::<JetResult<Vec<_>>>()?;
        Ok(Schema { cat, table, layout, cb_record_most, keys })
    }

    fn primary(&self) -> Option<(&IndexDef, &KeyDef)> {
        self.table.indexes.iter().zip(&self.keys).find(|(ix, _)| ix.is_primary())
    }

    /// The column `columnid` names: `JET_errBadColumnId` for bits outside a column id,
    /// `JET_errColumnNotFound` for one the table does not have.
    pub fn column(&self, columnid: u32) -> JetResult<ColumnRef<'_>> {
        fid_of_columnid(columnid)?;
        match self.cat.column_by_id(&self.table, columnid) {
            Some(c) => Ok(c),
            None => fail(JET_errColumnNotFound),
        }
    }

    fn tagged_id(&self, c: &ColumnRef<'_>) -> TaggedId {
        TaggedId { fid: c.def.fid, derived: c.from_template() && self.table.is_derived() }
    }
}

/// What a table cursor keeps for records: its schema view, snapshot, position and update.
#[derive(Default)]
pub struct RecState {
    pub(crate) schema: Option<Arc<Schema>>,
    /// The snapshot read and the database commit count it is of.
    pub(crate) snap: Option<Arc<dyn Snapshot>>,
    /// The database's schema count and the instance's publication count when `schema` and
    /// `snap` were last checked (`TableCursor::refresh`); the second is `u64::MAX` when `snap`
    /// was a transaction's snapshot, not the newest.
    pub(crate) seen: (u64, u64),
    /// Trees of that snapshot opened so far, by object id.
    pub(crate) trees: Vec<(u32, Option<Arc<dyn Tree>>)>,
    /// Navigation on the current index's tree.
    pub(crate) nav: Merge,
    pub pos: Pos,
    pub update: Option<Box<Update>>,
    /// The current secondary index, by name (`None`: the primary index or the sequential
    /// order of a table without one).
    pub index: Option<String>,
    /// Where that index is in the schema's `table.indexes`: found by name once, when the index
    /// is chosen or the schema view is rebuilt, so that moves and seeks never look it up by
    /// name (`None` with `index` set: the index is gone).
    pub(crate) index_at: Option<usize>,
    /// The transaction level the current secondary index was chosen at (lowered as commits
    /// merge levels): a rollback of that level puts the cursor back on the primary index
    /// (data-records 9.6).
    pub(crate) index_level: u8,
    /// The snapshot this call reads: the transaction's (set by `Session::data` for each call),
    /// or `None` for the newest.
    pub read_at: Option<Arc<dyn Snapshot>>,
    /// The commit sequence number of `read_at` (`Published::seq`; `u64::MAX`: not known),
    /// what the write checks compare the last commit to a record with.
    pub read_seq: u64,
    /// The current record as last read: (bookmark, stored bytes, write-set generation), valid
    /// while the snapshot (`snap`) and the session's write set are unchanged.
    pub(crate) cur: Option<(Vec<u8>, Vec<u8>, u64)>,
    /// The transaction level of the cursor's last navigation (ESE's "navigate level": moves,
    /// seeks, positions; not updates, which ESE makes through a cursor of its own); a rollback
    /// of that level puts the cursor before the first entry (§9.6).
    pub(crate) nav_level: u8,
    /// The search key JetMakeKey builds (`engine::seek`).
    pub(crate) key: crate::engine::key::KeyBuilder,
    /// Buffers JetMove and JetSeek reuse, so that a move allocates nothing once they have
    /// grown to the entries' size: the entry just found, a second key (JET_bitMoveKeyNE's
    /// walk, a seek's bound) and a copy of the search key.
    pub(crate) scratch: crate::engine::view::Entry,
    pub(crate) scratch_key: Vec<u8>,
    pub(crate) seek_key: Vec<u8>,
    /// The key and bookmark buffers of the last position on an entry, kept while the cursor is
    /// off the entries (past an end), for the move back.
    pub(crate) spare: (Vec<u8>, Vec<u8>),
    /// The index range JetSetIndexRange set (`engine::seek`); JetMove stops at it.
    pub(crate) range: Option<crate::engine::seek::IndexRange>,
    /// Bookmarks of records whose DeleteOnZero escrow column reached 0 in the current
    /// transaction (deleted after its commit if still 0).
    pub(crate) zeroed: Vec<Vec<u8>>,
}

impl std::fmt::Debug for RecState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecState").field("pos", &self.pos).field("update", &self.update).finish()
    }
}

/// Whether two snapshot references are the same snapshot.
fn same_snapshot(a: &Arc<dyn Snapshot>, b: &Arc<dyn Snapshot>) -> bool {
    std::ptr::addr_eq(Arc::as_ptr(a), Arc::as_ptr(b))
}

/// A commit from a deeper level to `level`: prepared updates made deeper now belong to it.
pub fn committed(c: &mut CursorData, level: u8) {
    match c {
        CursorData::Table(t) => table_committed(t, level),
        CursorData::Temp(t) => t.committed(level),
        CursorData::Empty => {}
    }
}

/// [`committed`] for a table's cursor (a materialized temporary table's included).
pub(crate) fn table_committed(t: &mut TableCursor, level: u8) {
    if let Some(u) = &mut t.rec.update
        && u.level > level
    {
        u.level = level;
    }
    t.rec.nav_level = t.rec.nav_level.min(level);
    t.rec.index_level = t.rec.index_level.min(level);
    if level == 0 && !t.rec.zeroed.is_empty() {
        t.finalize_zeroed();
    }
}

/// A rollback to `level`: updates prepared deeper are cancelled, cursors that navigated or
/// chose their secondary index deeper are reset (§9.6).
///
/// A temporary table's cursor also undoes its table's versioned changes (`engine::temp`): the
/// scratch store's error, if that fails.
pub fn rolled_back(c: &mut CursorData, level: u8) -> JetResult<()> {
    match c {
        CursorData::Table(t) => table_rolled_back(t, level),
        CursorData::Temp(t) => return t.rolled_back(level),
        CursorData::Empty => {}
    }
    Ok(())
}

/// [`rolled_back`] for a table's cursor (a materialized temporary table's included).
pub(crate) fn table_rolled_back(t: &mut TableCursor, level: u8) {
    if t.rec.update.as_ref().is_some_and(|u| u.level > level) {
        t.rec.update = None;
    }
    // A cursor that navigated inside the rolled-back levels goes before the first entry.
    if t.rec.nav_level > level {
        t.rec.nav_level = level;
        t.rec.pos = Pos::BeforeFirst;
    }
    // A secondary index chosen inside them is given up for the primary index, the cursor
    // before its first entry (ESE's rollback sets the primary index: the secondary one may
    // be rolled back too).
    if t.rec.index.is_some() && t.rec.index_level > level {
        t.lock.set_current_index(None);
        t.rec.index = None;
        t.rec.index_at = None;
        t.rec.index_level = level;
        t.rec.nav.reset();
        t.rec.key.reset();
        t.rec.range = None;
        t.rec.pos = Pos::BeforeFirst;
    }
    // What it read may have been undone.
    t.rec.snap = None;
    if level == 0 {
        t.rec.zeroed.clear();
    }
}

/// The result of a column retrieval (§5.1): a warning or 0, the value's full length, and the
/// column it came from (for `columnid` 0, the tagged column found).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Retrieved {
    pub status: i32,
    pub cb_actual: u32,
    pub columnid: u32,
    pub itag: u32,
}

/// Where a retrieval writes: the caller's buffer, which the engine only writes (the C shim's
/// implementation copies into memory the caller owns; tests use a slice).
pub trait Out {
    /// Its size in bytes.
    fn cap(&self) -> usize;
    /// Copies `bytes` to offset `at` (both within `cap`).
    fn put(&mut self, at: usize, bytes: &[u8]);
}

impl Out for [u8] {
    fn cap(&self) -> usize {
        self.len()
    }
    fn put(&mut self, at: usize, bytes: &[u8]) {
        self[at..at + bytes.len()].copy_from_slice(bytes);
    }
}

impl Out for Vec<u8> {
    fn cap(&self) -> usize {
        self.len()
    }
    fn put(&mut self, at: usize, bytes: &[u8]) {
        self[at..at + bytes.len()].copy_from_slice(bytes);
    }
}

/// A column value as read from a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Val<'a> {
    Null,
    Data(&'a [u8]),
    /// A long value in the LV tree: its id.
    Separated(&'a [u8]),
}

/// `JET_bitUpdateCheckESE97Compatibility`: the record must fit ESE97's limit, the largest
/// record of the page size with ESE97's 255-byte keys (recupd.cxx:1356-1470), counting only the
/// tagged columns the table still has.
fn ese97_check(sch: &Schema, rec: &Record) -> JetResult<()> {
    const CB_KEY_MOST_ESE97: u32 = 255;
    let most = crate::engine::record::cb_record_most(sch.cat.cb_page(), CB_KEY_MOST_ESE97);
    let columns = sch.cat.columns_of(&sch.table);
    let visible =
        |id: TaggedId| columns.iter().any(|c| c.def.class() == ColumnClass::Tagged && sch.tagged_id(c) == id);
    if rec.ese97_len(&sch.layout, visible) > most {
        return fail(JET_errRecordTooBigForBackwardCompatibility);
    }
    Ok(())
}

/// Value `itag` of column `c` of `rec`, with its default where the record does not have it
/// (§3.5, §3.6).
pub(crate) fn column_val<'a, R: crate::engine::index::RecordColumns + ?Sized>(
    sch: &'a Schema,
    rec: &'a R,
    c: &ColumnRef<'a>,
    itag: u32,
    ignore_default: bool,
) -> Val<'a> {
    let def = c.def;
    let dflt = |ignore: bool| match (&def.default, ignore) {
        (Some(d), false) => Val::Data(d.as_slice()),
        _ => Val::Null,
    };
    match def.class() {
        ColumnClass::Fixed | ColumnClass::Variable => {
            let r = if def.class() == ColumnClass::Fixed {
                rec.fixed_column(def.fid)
            } else {
                rec.var_column(def.fid)
            };
            match r {
                ColumnRead::Absent => dflt(false),
                ColumnRead::Null => Val::Null,
                ColumnRead::Value(v) => Val::Data(v),
            }
        }
        ColumnClass::Tagged => match rec.tagged_column(sch.tagged_id(c), itag) {
            TaggedRead::Absent if itag == 1 => dflt(ignore_default),
            TaggedRead::Absent | TaggedRead::NullOverride | TaggedRead::Missing => Val::Null,
            TaggedRead::Value(v) if v.separated => Val::Separated(v.data),
            TaggedRead::Value(v) => Val::Data(v.data),
        },
    }
}

/// The nested level an update or delete runs in, and where its changes go.
pub(crate) struct Nested<'a> {
    level: u8,
    writes: &'a mut WriteSet,
}

impl Nested<'_> {
    fn put(&mut self, db: &Arc<Database>, objid: u32, key: &[u8], value: Vec<u8>) -> JetResult<()> {
        self.writes.write(self.level, db, objid, key, Some(value))
    }
    fn del(&mut self, db: &Arc<Database>, objid: u32, key: &[u8]) -> JetResult<()> {
        self.writes.write(self.level, db, objid, key, None)
    }
    fn delta(
        &mut self,
        db: &Arc<Database>,
        objid: u32,
        key: &[u8],
        (fid, size): (u32, u8),
        delta: i64,
        apply: crate::engine::txn::DeltaFn,
    ) -> JetResult<()> {
        self.writes.delta(self.level, db, objid, key, (fid, size), delta, apply)
    }
}

/// Runs `f` in a nested level (ESE's internal transaction): its changes stay only if it
/// succeeds; at level 0 they are applied to the store before this returns (durable unless the
/// session's commit default asks for lazy commits).
pub(crate) fn nested<R>(tx: &mut Tx<'_>, f: impl FnOnce(&mut Nested<'_>) -> JetResult<R>) -> JetResult<R> {
    let level = tx.level;
    if level == 0 {
        let mut own = tx.implicit_write_set();
        let r = f(&mut Nested { level: 1, writes: &mut own })?;
        let lazy = tx.commit_default & JET_bitCommitLazyFlush != 0;
        own.apply(if lazy { Durability::Lazy } else { Durability::Durable })?;
        return Ok(r);
    }
    let writes = tx.write_set();
    match f(&mut Nested { level: level + 1, writes }) {
        Ok(r) => {
            writes.commit_to(level);
            Ok(r)
        }
        Err(e) => {
            writes.rollback_to(level);
            Err(e)
        }
    }
}

const ESCROW_SIZES: [u32; 2] = [4, 8];

/// The stored value of escrow column `columnid` in `record` (its default if absent).
fn escrow_value(sch: &Schema, columnid: u32, record: &[u8]) -> JetResult<Vec<u8>> {
    let c = sch.column(columnid)?;
    let rec = Record::decode(record, &sch.layout)?;
    Ok(match column_val(sch, &rec, &c, 1, false) {
        Val::Data(d) if d.len() == c.def.cb_max as usize => d.to_vec(),
        _ => vec![0; c.def.cb_max as usize],
    })
}

/// A 4- or 8-byte little-endian value plus `delta`, wrapping as ESE's does.
fn add_wrapping(v: &[u8], delta: i64) -> Vec<u8> {
    match v.len() {
        8 => {
            let mut a = [0; 8];
            a.copy_from_slice(v);
            i64::from_le_bytes(a).wrapping_add(delta).to_le_bytes().to_vec()
        }
        4 => {
            let mut a = [0; 4];
            a.copy_from_slice(v);
            i32::from_le_bytes(a).wrapping_add(delta as i32).to_le_bytes().to_vec()
        }
        _ => v.to_vec(),
    }
}

/// `record` with `delta` added to escrow column `columnid`.
fn add_to_escrow(sch: &Schema, columnid: u32, record: &[u8], delta: i64) -> JetResult<Vec<u8>> {
    let c = sch.column(columnid)?;
    let new = add_wrapping(&escrow_value(sch, columnid, record)?, delta);
    let mut rec = Record::decode(record, &sch.layout)?;
    rec.set_fixed(&sch.layout, c.def.fid, Some(&new), sch.cb_record_most)?;
    Ok(rec.encode(&sch.layout))
}

/// `record` with its `size`-byte escrow columns zeroed: two records that differ only by
/// escrow deltas of that size compare equal.
fn without_escrow(sch: &Schema, record: &[u8], size: u8) -> JetResult<Vec<u8>> {
    let mut rec = Record::decode(record, &sch.layout)?;
    let zero = vec![0u8; size as usize];
    for c in sch.cat.columns_of(&sch.table) {
        if c.def.has(JET_bitColumnEscrowUpdate)
            && c.def.cb_max == u32::from(size)
            && c.def.class() == ColumnClass::Fixed
        {
            rec.set_fixed(&sch.layout, c.def.fid, Some(&zero), sch.cb_record_most)?;
        }
    }
    Ok(rec.encode(&sch.layout))
}

/// A table's LV tree as the LV layer sees it: the snapshot's tree, the session's changes over
/// it, and (while an update is prepared) that update's own changes over both, which is where
/// writes go.
pub(crate) struct LvView<'a> {
    pub(crate) store: Option<&'a Arc<dyn Tree>>,
    pub(crate) own: Option<&'a TreeWrites>,
    pub(crate) staged: Option<&'a mut TreeWrites>,
    pub(crate) read_only: bool,
}

impl LvTree for LvView<'_> {
    fn get(&mut self, key: &[u8]) -> JetResult<Option<Vec<u8>>> {
        if let Some(st) = &self.staged
            && let Some(v) = st.get(key)
        {
            return Ok(v.clone());
        }
        View { store: self.store, own: self.own }.get(key)
    }
    fn put(&mut self, key: &[u8], value: &[u8]) -> JetResult<()> {
        match (&mut self.staged, self.read_only) {
            (Some(st), false) => {
                st.insert(key.to_vec(), Some(value.to_vec()));
                Ok(())
            }
            _ => fail(JET_errInternalError),
        }
    }
    fn delete(&mut self, key: &[u8]) -> JetResult<()> {
        match (&mut self.staged, self.read_only) {
            (Some(st), false) => {
                st.insert(key.to_vec(), None);
                Ok(())
            }
            _ => fail(JET_errInternalError),
        }
    }
    fn last_key(&mut self) -> JetResult<Option<Vec<u8>>> {
        let mut nav = Merge::default();
        Ok(nav.backward(View { store: self.store, own: self.own }, Bound::Unbounded)?.map(|e| e.0))
    }
}

/// The LV tree as an update or delete being applied sees it: reads through the session's
/// changes, writes into its nested level.
struct NestedLv<'a, 'w> {
    store: Option<&'a Arc<dyn Tree>>,
    w: &'a mut Nested<'w>,
    db: &'a Arc<Database>,
    objid: u32,
}

impl LvTree for NestedLv<'_, '_> {
    fn get(&mut self, key: &[u8]) -> JetResult<Option<Vec<u8>>> {
        View { store: self.store, own: self.w.writes.tree(self.db, self.objid) }.get(key)
    }
    fn put(&mut self, key: &[u8], value: &[u8]) -> JetResult<()> {
        self.w.put(self.db, self.objid, key, value.to_vec())
    }
    fn delete(&mut self, key: &[u8]) -> JetResult<()> {
        self.w.del(self.db, self.objid, key)
    }
    fn last_key(&mut self) -> JetResult<Option<Vec<u8>>> {
        let mut nav = Merge::default();
        let view = View { store: self.store, own: self.w.writes.tree(self.db, self.objid) };
        Ok(nav.backward(view, Bound::Unbounded)?.map(|e| e.0))
    }
}

/// A table's LV tree: its object id, chunk size, and the snapshot's tree.
type LvInfo = (u32, ChunkSize, Option<Arc<dyn Tree>>);

/// What an LV column value is in the copy buffer.
enum LvNow {
    None,
    Intrinsic(Vec<u8>),
    Separated(Lid),
}

impl TableCursor {
    pub(crate) fn db(&self) -> &Arc<Database> {
        self.lock.database()
    }

    pub(crate) fn objid(&self) -> u32 {
        self.lock.objid()
    }

    /// Brings the schema view and the snapshot up to date (at the start of every call).
    pub(crate) fn refresh(&mut self) -> JetResult<Arc<Schema>> {
        // The common case: neither the schema nor (outside a transaction) the newest snapshot
        // changed since the last call, which two loads prove without touching a lock or a
        // reference count that other threads share.
        if let (Some(s), Some(snap)) = (&self.rec.schema, &self.rec.snap) {
            let db = self.db();
            if db.catalog_gen() == self.rec.seen.0
                && match &self.rec.read_at {
                    Some(r) => same_snapshot(snap, r),
                    None => db.views_epoch() == self.rec.seen.1 && !snap.failed(),
                }
            {
                return Ok(s.clone());
            }
        }
        self.refresh_slow()
    }

    #[inline(never)]
    fn refresh_slow(&mut self) -> JetResult<Arc<Schema>> {
        let db = self.db().clone();
        // Each count is read before what it vouches for, so a change in between is seen as a
        // change by the next call.
        let cat_gen = db.catalog_gen();
        let epoch = db.views_epoch();
        let cat = db.catalog();
        let schema = match &self.rec.schema {
            Some(s) if Arc::ptr_eq(&s.cat, &cat) => s.clone(),
            _ => {
                let s = Arc::new(Schema::build(cat, self.objid())?);
                self.rec.index_at =
                    self.rec.index.as_ref().and_then(|n| s.table.indexes.iter().position(|ix| &ix.name == n));
                self.rec.schema = Some(s.clone());
                self.rec.trees.clear();
                self.rec.nav.reset();
                s
            }
        };
        // The publication count vouches only for a newest snapshot: a transaction's is older,
        // and the call after the transaction must not take it for the newest.
        let (want, epoch) = match &self.rec.read_at {
            Some(s) => (s.clone(), u64::MAX),
            None => (db.newest_for(self as *const TableCursor as usize >> 6)?, epoch),
        };
        if self.rec.snap.as_ref().is_none_or(|s| !same_snapshot(s, &want)) {
            self.rec.snap = Some(want);
            self.rec.trees.clear();
            self.rec.nav.reset();
            self.rec.cur = None;
        }
        self.rec.seen = (cat_gen, epoch);
        Ok(schema)
    }

    /// The snapshot's tree of object `objid` (opened once per snapshot).
    pub(crate) fn store_tree(&mut self, objid: u32) -> JetResult<Option<Arc<dyn Tree>>> {
        if let Some((_, t)) = self.rec.trees.iter().find(|(o, _)| *o == objid) {
            return Ok(t.clone());
        }
        let Some(snap) = &self.rec.snap else { return Ok(None) };
        let t = snap.tree(&crate::engine::database::tree_of(objid))?;
        self.rec.trees.push((objid, t.clone()));
        Ok(t)
    }

    /// The current index (`None`: the primary/sequential order) and the object id of its tree.
    pub(crate) fn current_index<'s>(
        &self,
        sch: &'s Schema,
    ) -> JetResult<(Option<(&'s IndexDef, &'s KeyDef)>, u32)> {
        match (&self.rec.index, self.rec.index_at) {
            (None, _) => Ok((sch.primary(), sch.table.objid)),
            (Some(_), None) => fail(JET_errIndexNotFound),
            (Some(_), Some(i)) => {
                let Some(ix) = sch.table.indexes.get(i) else { return fail(JET_errIndexNotFound) };
                let objid = if ix.is_primary() { sch.table.objid } else { ix.objid };
                Ok((Some((ix, &sch.keys[i])), objid))
            }
        }
    }

    pub(crate) fn on_secondary(&self, sch: &Schema) -> bool {
        self.rec.index.is_some()
            && self.rec.index_at.is_some_and(|i| sch.table.indexes.get(i).is_some_and(|ix| !ix.is_primary()))
    }

    /// The stored bytes of the record with bookmark `bm`, as this session sees it.
    pub(crate) fn read_record(&mut self, tx: &Tx<'_>, bm: &[u8]) -> JetResult<Option<Vec<u8>>> {
        let objid = self.objid();
        let store = self.store_tree(objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), objid));
        View { store: store.as_ref(), own }.get(bm)
    }

    /// Makes ESE's deferred move to the first entry if the cursor still owes it
    /// (`Pos::Deferred`, data-records 6.7, 6.9): onto the first entry of the current index as
    /// the session sees it now, or, on an empty index, nowhere (the move stays owed). Every
    /// call that needs a current entry runs this first, as ESE's directory layer refreshes a
    /// deferred cursor at its first access. It is not a navigation of the transaction level
    /// (ESE's refresh does not set the navigate level either).
    pub(crate) fn settle(&mut self, tx: &Tx<'_>) -> JetResult<()> {
        if !matches!(self.rec.pos, Pos::Deferred) {
            return Ok(());
        }
        let Some(sch) = self.rec.schema.clone() else { return Ok(()) };
        let (_, objid) = self.current_index(&sch)?;
        let secondary = self.on_secondary(&sch);
        let store = self.store_tree(objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), objid));
        let Some((key, value)) =
            self.rec.nav.forward(View { store: store.as_ref(), own }, Bound::Unbounded)?
        else {
            return Ok(());
        };
        let bookmark = if secondary {
            crate::engine::index::split_secondary_tree_key(&key)?.1
        } else {
            // The entry is the record: keep it for the read that made the move.
            let wgen = tx.writes.as_ref().map_or(0, |w| w.generation());
            self.rec.cur = Some((key.clone(), value, wgen));
            key.clone()
        };
        self.rec.pos = Pos::On { key, bookmark, deleted: false };
        Ok(())
    }

    /// The bookmark of the current record after the deferred move, or
    /// `JET_errNoCurrentRecord` off the entries.
    fn current_bookmark(&mut self, tx: &Tx<'_>) -> JetResult<&[u8]> {
        self.settle(tx)?;
        match &self.rec.pos {
            Pos::On { bookmark, .. } => Ok(bookmark),
            _ => fail(JET_errNoCurrentRecord),
        }
    }

    /// A record with the current bookmark was read: a record this cursor deleted exists again
    /// (inserted anew with the same key), and the cursor is on it as ESE's is.
    fn found_again(&mut self) {
        if let Pos::On { deleted, .. } = &mut self.rec.pos {
            *deleted = false;
        }
    }

    /// The current record: `JET_errNoCurrentRecord` off the records, `JET_errRecordDeleted` if
    /// it was deleted (here or by a commit since) and no record has its bookmark now.
    pub(crate) fn current(&mut self, tx: &Tx<'_>) -> JetResult<(Vec<u8>, Vec<u8>)> {
        let bm = self.current_bookmark(tx)?.to_vec();
        match self.read_record(tx, &bm)? {
            Some(bytes) => {
                self.found_again();
                Ok((bm, bytes))
            }
            None => fail(JET_errRecordDeleted),
        }
    }

    /// Makes `rec.cur` the current record (read once per snapshot and write-set state), with
    /// `current`'s codes.
    pub(crate) fn load_current(&mut self, tx: &Tx<'_>) -> JetResult<()> {
        let wgen = tx.writes.as_ref().map_or(0, |w| w.generation());
        self.settle(tx)?;
        let bm = match &self.rec.pos {
            Pos::On { bookmark, deleted: false, .. } => bookmark,
            Pos::On { .. } => {
                // Deleted through this cursor: read again whatever was cached.
                self.rec.cur = None;
                return self.current(tx).map(|(bm, bytes)| self.rec.cur = Some((bm, bytes, wgen)));
            }
            _ => return fail(JET_errNoCurrentRecord),
        };
        if let Some((b, _, g)) = &self.rec.cur
            && b == bm
            && *g == wgen
        {
            return Ok(());
        }
        let bm = bm.clone();
        match self.read_record(tx, &bm)? {
            Some(bytes) => {
                self.rec.cur = Some((bm, bytes, wgen));
                Ok(())
            }
            None => fail(JET_errRecordDeleted),
        }
    }

    /// A unique secondary key this change (an insert, or a replace that gives the record a new
    /// key) gives record `bm` (S-VER-02, data-records 9.3): ESE versions a unique entry by its
    /// key alone and inserts it with a B-tree insert, which never reports a write conflict
    /// (bt.cxx ErrBTInsert turns one into a duplicate). So another session's uncommitted
    /// claim on the key is `JET_errKeyDuplicate`; so, inside a transaction, is a record
    /// committed with the key since the transaction began (its view does not show it), and a
    /// key committed and removed again since then. The key is then claimed until the
    /// transaction level ends.
    fn unique_claim(&mut self, tx: &mut Tx<'_>, ix_objid: u32, key: &[u8], bm: &[u8]) -> JetResult<()> {
        let db = self.db().clone();
        if db.locked_by_other(ix_objid, key, tx.sesid) {
            return fail(JET_errKeyDuplicate);
        }
        if tx.level > 0 && !db.locked_by(ix_objid, key, tx.sesid) {
            let prefix = crate::engine::index::secondary_key_prefix(key);
            if db.prefix_written_since(ix_objid, &prefix, self.rec.read_seq) == Some(true) {
                return fail(JET_errKeyDuplicate);
            }
            let mine = self.store_tree(ix_objid)?;
            if let Some(t) = db.newest()?.tree(&crate::engine::database::tree_of(ix_objid))? {
                let mut c = t.cursor()?;
                let mut on = c.seek_ge(&prefix)?;
                while on {
                    let Some(k) = c.key() else { break };
                    if !k.starts_with(&prefix) {
                        break;
                    }
                    // An entry this transaction's snapshot has is its view's business (it
                    // may have deleted it); one committed since is a duplicate it cannot see.
                    let since = match &mine {
                        Some(m) => m.get(k)?.is_none(),
                        None => true,
                    };
                    if since && crate::engine::index::split_secondary_tree_key(k)?.1 != bm {
                        return fail(JET_errKeyDuplicate);
                    }
                    on = c.next()?;
                }
            }
            let (level, sesid) = (tx.level, tx.sesid);
            tx.write_set().lock(level, &db, ix_objid, key, sesid).map_err(insert_conflict_is_duplicate)?;
        }
        Ok(())
    }

    /// The write-conflict rule (S-VER-02, data-records 9.3) for a change to record `bm` of
    /// this table: another session's uncommitted change to it, or, inside a transaction, a
    /// commit to it since the transaction began, is `JET_errWriteConflict` at once. Inside a
    /// transaction the record's write lock is then taken (until the level that took it ends).
    pub(crate) fn write_check(&mut self, tx: &mut Tx<'_>, bm: &[u8]) -> JetResult<()> {
        let db = self.db().clone();
        // A temporary table belongs to one session: nothing to conflict with or to hold.
        if db.is_scratch() {
            return Ok(());
        }
        let objid = self.objid();
        if db.locked_by_other(objid, bm, tx.sesid) {
            return fail(JET_errWriteConflict);
        }
        if tx.level > 0 && !db.locked_by(objid, bm, tx.sesid) {
            // Not locked yet by this transaction: nobody may have committed a change to the
            // record since it began. (Once it holds the lock, only it can have: an unversioned
            // escrow delta.)
            // A commit counts even if it left the bytes as they were (changed and changed
            // back, deleted and inserted again, inserted and deleted).
            match db.changed_since(objid, bm, self.rec.read_seq, None) {
                Some(true) => return fail(JET_errWriteConflict),
                Some(false) => {}
                None => {
                    // Older than what the table still knows: the bytes tell what they can.
                    let newest = db.newest()?.get(&crate::engine::database::tree_of(objid), bm)?;
                    let mine = match self.store_tree(objid)? {
                        Some(t) => t.get(bm)?,
                        None => None,
                    };
                    if newest != mine {
                        return fail(JET_errWriteConflict);
                    }
                }
            }
            let (level, sesid) = (tx.level, tx.sesid);
            tx.write_set().lock(level, &db, objid, bm, sesid)?;
        }
        Ok(())
    }

    // ---- navigation (§6.1) --------------------------------------------------------------

    /// JetMove on the current index. A step is one step of the merged store cursor and, once
    /// the cursor's buffers (its position's key and bookmark, its scratch entry, its copy of
    /// the current record) have grown to the entries' size, no allocation: each entry found is
    /// written into the scratch entry, whose buffers then trade places with the position's.
    pub fn move_(&mut self, tx: &mut Tx<'_>, crow: i32, grbit: u32) -> JetResult<()> {
        let sch = self.refresh()?;
        self.rec.update = None;
        if crow == 0 {
            return self.current(tx).map(|_| ());
        }
        self.rec.nav_level = tx.level;
        if crow != JET_MoveFirst && crow != JET_MoveLast && matches!(self.rec.pos, Pos::Deferred) {
            // ESE first makes the deferred move onto the first entry, then steps from there (so
            // a JetMove(JET_MoveNext) on a cursor just opened lands on the second entry); on an
            // empty index the move fails as a step off the end does.
            self.settle(tx)?;
            if matches!(self.rec.pos, Pos::Deferred) {
                self.rec.pos = if crow > 0 { Pos::AfterLast } else { Pos::BeforeFirst };
                return fail(JET_errNoCurrentRecord);
            }
        }
        let (_, objid) = self.current_index(&sch)?;
        let secondary = self.on_secondary(&sch);
        let store = self.store_tree(objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), objid));
        let view = View { store: store.as_ref(), own };
        let wgen = tx.writes.as_ref().map_or(0, |w| w.generation());
        let rec = &mut self.rec;
        let r = if crow == JET_MoveFirst || crow == JET_MoveLast {
            rec.range = None;
            let first = crow == JET_MoveFirst;
            let found = if first {
                rec.nav.forward_into(view, Bound::Unbounded, &mut rec.scratch)
            } else {
                rec.nav.backward_into(view, Bound::Unbounded, &mut rec.scratch)
            };
            match found {
                Ok(true) => land(rec, secondary, wgen),
                Ok(false) => {
                    park(rec, if first { Pos::BeforeFirst } else { Pos::AfterLast });
                    fail(JET_errNoCurrentRecord)
                }
                Err(e) => Err(e),
            }
        } else {
            let forward = crow > 0;
            let key_ne = grbit & JET_bitMoveKeyNE != 0;
            let mut r = Ok(());
            for _ in 0..crow.unsigned_abs() {
                let found = match step(rec, view, forward, key_ne, secondary) {
                    Ok(f) => f,
                    Err(e) => {
                        r = Err(e);
                        break;
                    }
                };
                // An index range ends the walk towards its limit, and goes (data-records §6.1 8).
                let stopped = found && rec.range.as_ref().is_some_and(|g| !g.admits(&rec.scratch.0, forward));
                if stopped {
                    rec.range = None;
                }
                if !found || stopped {
                    park(rec, if forward { Pos::AfterLast } else { Pos::BeforeFirst });
                    return fail(JET_errNoCurrentRecord);
                }
                if let Err(e) = land(rec, secondary, wgen) {
                    r = Err(e);
                    break;
                }
            }
            r
        };
        if r.is_err() && !matches!(rec.pos, Pos::BeforeFirst | Pos::AfterLast) {
            // Any other failure leaves the cursor before the first entry (data-records 6.1 7).
            park(rec, Pos::BeforeFirst);
        }
        r
    }

    // ---- retrieval (§5.1-§5.2) ----------------------------------------------------------

    /// The type of column `columnid` of the cursor's table (`None`: no such column), for the
    /// LP64 mode's widening of a retrieved value.
    pub fn column_type(&mut self, columnid: u32) -> Option<crate::engine::coltype::ColType> {
        let sch = self.refresh().ok()?;
        sch.column(columnid).ok().map(|c| c.def.coltype)
    }

    /// JetRetrieveColumn after the argument checks of the shim (`JET_RETINFO` size, reserved
    /// grbits): value `itag` of `columnid` (0: the `itag`-th tagged value of the record), from
    /// `ib` for a long value, copied into `out`.
    pub fn retrieve_column(
        &mut self,
        tx: &Tx<'_>,
        columnid: u32,
        out: &mut dyn Out,
        grbit: u32,
        itag: u32,
        ib: u32,
    ) -> JetResult<Retrieved> {
        let sch = self.refresh()?;
        // A read-only copy is what every retrieval reads, never an index entry
        // (fldext.cxx:1746-1749; fucb.hxx PrepareInsertReadOnlyCopy).
        let ro_copy = self.read_only_copy();
        let grbit = if ro_copy {
            grbit & !(JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark)
        } else {
            grbit
        };
        if grbit & JET_bitRetrieveTuple != 0 && grbit & JET_bitRetrieveFromIndex == 0 {
            return fail(JET_errInvalidGrbit);
        }
        if grbit & JET_bitRetrieveFromIndex != 0 && grbit & JET_bitRetrieveFromPrimaryBookmark != 0 {
            return fail(JET_errInvalidGrbit);
        }
        let from_index = grbit & (JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark) != 0;
        if from_index && columnid == 0 {
            // An index entry holds no column 0 (FCOLUMNIDValid, fldext.cxx:976-977).
            return fail(JET_errBadColumnId);
        }
        if columnid == 0 && itag == 0 {
            return fail(JET_errBadItagSequence);
        }
        // The common case: a column of the current record, read in place.
        if self.in_place(columnid, itag, grbit) {
            return self.retrieve_one_in_place(tx, columnid, out, grbit, itag, ib);
        }
        let mut itag = itag;
        if columnid != 0 {
            sch.column(columnid)?;
            if from_index {
                // The value of the current index entry (ErrRECIRetrieveFromIndex,
                // fldext.cxx:925-1420). It is read from the record, which holds the same value
                // (ESE itself falls back to the record for every type whose key does not keep
                // the value whole), at the itag the entry was made from.
                itag = self.index_entry_itag(tx, &sch, columnid, grbit)?;
            }
        }
        let copy = ro_copy || grbit & JET_bitRetrieveCopy != 0 && self.rec.update.is_some();
        let stored;
        let rec = if copy {
            match &self.rec.update {
                Some(u) => u.rec.clone(),
                None => unreachable!("checked above"),
            }
        } else {
            stored = self.current(tx)?.1;
            Record::decode(&stored, &sch.layout)?
        };
        let ignore_default = grbit & JET_bitRetrieveIgnoreDefault != 0;
        let (val, cid, itag_found) = if columnid == 0 {
            match nth_tagged(&sch, &rec, itag, grbit & JET_bitRetrieveNull != 0) {
                Some((cid, v, k)) => (v, cid, k),
                None => {
                    return Ok(Retrieved { status: JET_wrnColumnNull, cb_actual: 0, columnid: 0, itag: 0 });
                }
            }
        } else {
            let c = sch.column(columnid)?;
            (column_val(&sch, &rec, &c, itag.max(1), ignore_default), columnid, itag)
        };
        if val == Val::Null && cid != 0 && columnid == 0 {
            // An explicit NULL counted by JET_bitRetrieveNull (tagfld.cxx:2125-2142).
            return Ok(Retrieved {
                status: JET_wrnColumnSetNull,
                cb_actual: 0,
                columnid: cid,
                itag: itag_found,
            });
        }
        let mut r = Retrieved { status: 0, cb_actual: 0, columnid: cid, itag: itag_found };
        match val {
            Val::Null => r.status = JET_wrnColumnNull,
            Val::Data(d) => {
                let is_lv = sch.column(cid).map(|c| c.def.coltype.is_long_value()).unwrap_or(false);
                let d = if is_lv { d.get(ib as usize..).unwrap_or(&[]) } else { d };
                r.cb_actual = d.len() as u32;
                let n = d.len().min(out.cap());
                out.put(0, &d[..n]);
                if d.len() > out.cap() {
                    r.status = JET_wrnBufferTruncated;
                }
            }
            Val::Separated(lid) => {
                let lid = lid.to_vec();
                let total = self.read_lv(tx, &sch, &lid, ib, out, copy)?;
                r.cb_actual = total;
                if total as usize > out.cap() {
                    r.status = JET_wrnBufferTruncated;
                }
            }
        }
        Ok(r)
    }

    /// The itag JetRetrieveColumn with `JET_bitRetrieveFromIndex` / `FromPrimaryBookmark` reads
    /// (fldext.cxx:925-1420): on the primary index or a table without one both mean the record
    /// at itag 1 (a sequential table reads any column from it); `FromPrimaryBookmark` on a
    /// secondary index needs the column in the primary key (itag 1: a primary key has no
    /// multi-valued column); `FromIndex` on a secondary index needs the column in that index
    /// and gives the itag of the value the current entry was made from (the first entry of the
    /// record's with the current key; for a multi-valued column other than the index's first
    /// one, ESE's per-column itag of a cross-product entry is approximated by 1). A column
    /// outside the index is `JET_errColumnNotFound`.
    fn index_entry_itag(&mut self, tx: &Tx<'_>, sch: &Schema, columnid: u32, grbit: u32) -> JetResult<u32> {
        let has = |ix: &IndexDef| ix.segments.iter().any(|s| s.columnid == columnid);
        if !self.on_secondary(sch) {
            return match sch.primary() {
                Some((ix, _)) if !has(ix) => fail(JET_errColumnNotFound),
                _ => Ok(1),
            };
        }
        if grbit & JET_bitRetrieveFromPrimaryBookmark != 0 {
            return match sch.primary() {
                Some((ix, _)) if has(ix) => Ok(1),
                _ => fail(JET_errColumnNotFound),
            };
        }
        let (Some((ix, kd)), _) = self.current_index(sch)? else { return fail(JET_errNoCurrentIndex) };
        if !has(ix) {
            return fail(JET_errColumnNotFound);
        }
        let c = sch.column(columnid)?;
        if !c.def.has(JET_bitColumnMultiValued) {
            return Ok(1);
        }
        let first_mv = ix.segments.iter().find_map(|s| {
            sch.column(s.columnid).ok().filter(|c| c.def.has(JET_bitColumnMultiValued)).map(|c| c.columnid())
        });
        let (_, bytes) = self.current(tx)?;
        let Pos::On { key, .. } = &self.rec.pos else { return fail(JET_errNoCurrentRecord) };
        let (ikey, _) = crate::engine::index::split_secondary_tree_key(key)?;
        let rec = Record::decode(&bytes, &sch.layout)?;
        let entries = self.entries(tx, sch, ix, kd, &rec, false)?;
        match entries.iter().find(|e| e.key == ikey) {
            Some(e) if first_mv == Some(c.columnid()) => Ok(e.itag),
            Some(_) => Ok(1),
            // The entry cannot be made from the record (fldext.cxx:1400-1410).
            None => fail(JET_errSecondaryIndexCorrupted),
        }
    }

    /// Whether a `JET_prepReadOnlyCopy` is prepared: retrievals then always read its copy.
    pub(crate) fn read_only_copy(&self) -> bool {
        self.rec.update.as_ref().is_some_and(|u| u.prep == JET_prepReadOnlyCopy)
    }

    /// Reads a separated long value from `ib` into `out`; returns its length from `ib`.
    pub(crate) fn read_lv(
        &mut self,
        tx: &Tx<'_>,
        sch: &Schema,
        lid: &[u8],
        ib: u32,
        out: &mut dyn Out,
        copy: bool,
    ) -> JetResult<u32> {
        let lid = Lid::from_record(lid)?;
        let chunk = ChunkSize::for_page(sch.cat.cb_page())?;
        let Some(lv_objid) = sch.table.lv_objid else { return fail(JET_errLVCorrupted) };
        let store = self.store_tree(lv_objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), lv_objid));
        let staged = if copy { self.rec.update.as_mut().map(|u| &mut u.lv_staged) } else { None };
        let mut tree = LvView { store: store.as_ref(), own, staged, read_only: true };
        // In pieces, so that a large value is never held twice.
        const PIECE: usize = 1 << 20;
        let cap = out.cap();
        let mut buf = vec![0u8; cap.min(PIECE)];
        let mut done = 0usize;
        let mut actual = None;
        loop {
            let want = (cap - done).min(PIECE);
            let r = lv::read(&mut tree, lid, ib.saturating_add(done as u32), &mut buf[..want], chunk)?;
            actual.get_or_insert(r.actual);
            out.put(done, &buf[..r.copied]);
            done += r.copied;
            if r.copied < want || done >= cap {
                break;
            }
        }
        Ok(actual.unwrap_or(0))
    }

    /// Gives every separated long value of `u`'s copy buffer a copy of its own (JET_prepInsertCopy).
    fn copy_separated(&mut self, tx: &Tx<'_>, sch: &Schema, u: &mut Update) -> JetResult<()> {
        let mut found = Vec::new();
        for col in u.rec.tagged_columns() {
            for (k, v) in col.values.iter().enumerate() {
                if v.separated {
                    found.push((col.id, k as u32 + 1, v.data.clone()));
                }
            }
        }
        if found.is_empty() {
            return Ok(());
        }
        let (lv_objid, chunk) = self.lv_tree(sch)?;
        for (id, itag, old) in found {
            let new = self.next_lid(tx, sch, lv_objid)?;
            let store = self.store_tree(lv_objid)?;
            let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), lv_objid));
            let mut tree =
                LvView { store: store.as_ref(), own, staged: Some(&mut u.lv_staged), read_only: false };
            lv::copy(&mut tree, Lid::from_record(&old)?, new, chunk)?;
            u.rec.set_separated(&sch.layout, id, itag, new.to_record().as_bytes(), usize::MAX)?;
        }
        Ok(())
    }

    /// The table's LV tree (made on first use, as ESE makes it when the first long value is
    /// separated) and the chunk size of its pages.
    fn lv_tree(&mut self, sch: &Schema) -> JetResult<(u32, ChunkSize)> {
        let chunk = ChunkSize::for_page(sch.cat.cb_page())?;
        if let Some(id) = sch.table.lv_objid {
            return Ok((id, chunk));
        }
        if let Some(id) = self.db().catalog().table_by_objid(sch.table.objid).and_then(|t| t.lv_objid) {
            return Ok((id, chunk));
        }
        let name = sch.table.name.clone();
        let (_, id) = self.db().ddl(|cat| cat.ensure_lv_tree(&name))?;
        Ok((id, chunk))
    }

    /// The table's LV tree now (it may have been made since the schema view was built): its
    /// object id, chunk size and snapshot tree.
    pub(crate) fn lv_info(&mut self, sch: &Schema) -> JetResult<Option<LvInfo>> {
        let id = match sch.table.lv_objid {
            Some(id) => Some(id),
            None => self.db().catalog().table_by_objid(sch.table.objid).and_then(|t| t.lv_objid),
        };
        match id {
            Some(id) => Ok(Some((id, ChunkSize::for_page(sch.cat.cb_page())?, self.store_tree(id)?))),
            None => Ok(None),
        }
    }

    /// A long-value id never given before in this table.
    fn next_lid(&mut self, tx: &Tx<'_>, sch: &Schema, lv_objid: u32) -> JetResult<Lid> {
        let counters = self.db().counters(sch.table.objid);
        let store = self.store_tree(lv_objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), lv_objid));
        let v = Counters::next(&counters.lid, || {
            let mut tree = LvView { store: store.as_ref(), own, staged: None, read_only: true };
            Ok(Lid::next_after(lv::last_lid(&mut tree)?)?.get())
        })?;
        Lid::new(v)
    }

    /// The number of values of `columnid` (JetRetrieveColumns with itagSequence 0, §3.5), or of
    /// every tagged column for `columnid` 0.
    pub fn value_count(&mut self, tx: &Tx<'_>, columnid: u32, grbit: u32) -> JetResult<u32> {
        let sch = self.refresh()?;
        let copy = self.read_only_copy() || grbit & JET_bitRetrieveCopy != 0 && self.rec.update.is_some();
        let rec = match (&self.rec.update, copy) {
            (Some(u), true) => u.rec.clone(),
            _ => Record::decode(&self.current(tx)?.1, &sch.layout)?,
        };
        if columnid == 0 {
            return Ok(rec.tagged_columns().iter().map(|c| c.values.len() as u32).sum());
        }
        let c = sch.column(columnid)?;
        Ok(match c.def.class() {
            ColumnClass::Tagged => match rec.tagged(sch.tagged_id(&c), 1) {
                TaggedRead::Absent => {
                    u32::from(c.def.default.is_some() && grbit & JET_bitRetrieveIgnoreDefault == 0)
                }
                _ => rec.tagged_count(sch.tagged_id(&c)) as u32,
            },
            _ => u32::from(column_val(&sch, &rec, &c, 1, false) != Val::Null),
        })
    }

    // ---- updates (§4.1-§4.5) ------------------------------------------------------------

    pub(crate) fn check_writable(&self, tx: &Tx<'_>) -> JetResult<()> {
        if !self.updatable {
            return fail(JET_errPermissionDenied);
        }
        if tx.read_only {
            return fail(JET_errTransReadOnly);
        }
        Ok(())
    }

    /// JetSetColumns' first checks (§4.3 step 1): writable, then an update prepared.
    pub fn check_prepared(&mut self, tx: &Tx<'_>) -> JetResult<()> {
        self.check_writable(tx)?;
        match &self.rec.update {
            Some(u) if u.prep != JET_prepReadOnlyCopy => Ok(()),
            _ => fail(JET_errUpdateNotPrepared),
        }
    }

    /// JetPrepareUpdate.
    pub fn prepare_update(&mut self, tx: &mut Tx<'_>, prep: u32) -> JetResult<()> {
        let sch = self.refresh()?;
        if prep == JET_prepCancel {
            return match self.rec.update.take() {
                Some(_) => Ok(()),
                None => fail(JET_errUpdateNotPrepared),
            };
        }
        match prep {
            p if p == JET_prepInsert
                || p == JET_prepInsertMustSetAutoIncrement
                || p == JET_prepReplace
                || p == JET_prepReplaceNoLock
                || p == JET_prepInsertCopy
                || p == JET_prepInsertCopyDeleteOriginal
                || p == JET_prepInsertCopyReplaceOriginal => {}
            p if p == JET_prepReadOnlyCopy => {
                if self.rec.update.is_some() {
                    return fail(JET_errAlreadyPrepared);
                }
                if tx.level == 0 {
                    return fail(JET_errNotInTransaction);
                }
            }
            _ => return fail(JET_errInvalidParameter),
        }
        if prep != JET_prepReadOnlyCopy {
            self.check_writable(tx)?;
            if self.rec.update.is_some() {
                return fail(JET_errAlreadyPrepared);
            }
        }
        let autoinc =
            sch.cat.columns_of(&sch.table).into_iter().find(|c| c.def.has(JET_bitColumnAutoincrement));
        let mut prep = prep;
        let (rec, original) = if prep == JET_prepInsert || prep == JET_prepInsertMustSetAutoIncrement {
            if prep == JET_prepInsertMustSetAutoIncrement
                && autoinc.as_ref().is_none_or(|c| c.def.default.is_some())
            {
                return fail(JET_errIllegalOperation);
            }
            let mut rec = sch.cat.default_record(&sch.table)?;
            rec.clear_tagged();
            (rec, None)
        } else {
            if prep == JET_prepReplace && tx.level == 0 {
                prep = JET_prepReplaceNoLock;
            }
            let (bm, bytes) = self.current(tx)?;
            if prep == JET_prepReplace
                || prep == JET_prepInsertCopyDeleteOriginal
                || prep == JET_prepInsertCopyReplaceOriginal
            {
                self.write_check(tx, &bm)?;
            }
            (Record::decode(&bytes, &sch.layout)?, Some((bm, bytes)))
        };
        let mut rec = rec;
        let new_record =
            prep == JET_prepInsert || prep == JET_prepInsertCopy || prep == JET_prepInsertCopyDeleteOriginal;
        if new_record && let Some(c) = &autoinc {
            let v = self.next_autoinc(tx, &sch, c)?;
            let bytes =
                if c.def.cb_max == 8 { v.to_le_bytes().to_vec() } else { (v as u32).to_le_bytes().to_vec() };
            rec.set_fixed(&sch.layout, c.def.fid, Some(&bytes), usize::MAX)?;
        }
        if prep == JET_prepInsertMustSetAutoIncrement
            && let Some(c) = &autoinc
        {
            rec.set_fixed(&sch.layout, c.def.fid, None, usize::MAX)?;
        }
        let mut u = Update {
            prep,
            rec,
            original,
            level: tx.level,
            set: Vec::new(),
            lv_staged: TreeWrites::new(),
            lv_drop: Vec::new(),
        };
        if prep == JET_prepInsertCopy {
            // The copy gets long values of its own (the original keeps its own).
            self.copy_separated(tx, &sch, &mut u)?;
        }
        self.rec.update = Some(Box::new(u));
        Ok(())
    }

    /// The next autoincrement value of the table (§3.8): from the largest value stored, on
    /// first use; the first value of an empty table is 1.
    fn next_autoinc(&mut self, tx: &Tx<'_>, sch: &Schema, c: &ColumnRef<'_>) -> JetResult<u64> {
        let counters = self.db().counters(sch.table.objid);
        let objid = self.objid();
        let store = self.store_tree(objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), objid));
        let view = View { store: store.as_ref(), own };
        let wide = c.def.cb_max == 8;
        let fid = c.def.fid;
        let v = Counters::next(&counters.autoinc, || {
            let mut nav = Merge::default();
            let mut max = 0u64;
            let mut at = nav.forward(view, Bound::Unbounded)?;
            while let Some((k, v)) = at {
                if let ColumnRead::Value(d) = RecordView::new(&v, &sch.layout)?.fixed(fid) {
                    let n = if wide && d.len() == 8 {
                        u64::from_le_bytes(d.try_into().unwrap_or_default())
                    } else if d.len() == 4 {
                        u32::from_le_bytes(d.try_into().unwrap_or_default()) as u64
                    } else {
                        0
                    };
                    max = max.max(n);
                }
                at = nav.forward(view, Bound::Excluded(&k))?;
            }
            Ok(max + 1)
        })?;
        if !wide && v > u32::MAX as u64 {
            return fail(JET_errOutOfAutoincrementValues);
        }
        Ok(v)
    }

    /// JetSetColumn after the shim's checks: sets value `itag` of `columnid` in the copy buffer.
    /// `data` `None` is a NULL pointer; `cb` its size (meaningful alone with SizeLV).
    #[allow(clippy::too_many_arguments)]
    pub fn set_column(
        &mut self,
        tx: &mut Tx<'_>,
        columnid: u32,
        data: Option<&[u8]>,
        cb: u32,
        grbit: u32,
        itag: u32,
        ib: u32,
    ) -> JetResult<i32> {
        let sch = self.refresh()?;
        self.check_writable(tx)?;
        if cb > JET_cbLVColumnMost {
            return fail(JET_errInvalidParameter);
        }
        let Some(u) = self.rec.update.as_mut() else { return fail(JET_errUpdateNotPrepared) };
        if u.prep == JET_prepReadOnlyCopy {
            return fail(JET_errUpdateNotPrepared);
        }
        let unique = grbit & (JET_bitSetUniqueMultiValues | JET_bitSetUniqueNormalizedMultiValues) != 0;
        if unique && grbit & (JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV) != 0 {
            return fail(JET_errInvalidGrbit);
        }
        if grbit & JET_bitSetContiguousLV != 0 {
            if grbit & JET_bitSetSeparateLV == 0 {
                return fail(JET_errInvalidGrbit);
            }
            if cb < sch.cat.cb_page() {
                return fail(JET_errInvalidBufferSize);
            }
        }
        if grbit & 0xF000_0000 != 0 {
            return fail(JET_errInvalidGrbit);
        }
        let c = sch.column(columnid)?;
        let def: &ColumnDef = c.def;
        let data: &[u8] = match data {
            Some(d) => d,
            None => &[],
        };
        // The LP64 mode: an 8-byte value for a 4-byte integer column (when it fits).
        let narrowed;
        let data = match crate::engine::lp64::narrowed_for(def.coltype, data, format_args!("{columnid:#x}")) {
            Some(four) => {
                narrowed = four;
                &narrowed[..]
            }
            None => data,
        };
        let replace = u.prep == JET_prepReplace || u.prep == JET_prepReplaceNoLock;
        if def.class() == ColumnClass::Fixed {
            if def.has(JET_bitColumnVersion) && replace {
                return fail(JET_errInvalidColumnType);
            }
            if def.has(JET_bitColumnAutoincrement) && u.prep != JET_prepInsertMustSetAutoIncrement {
                return fail(JET_errInvalidColumnType);
            }
        }
        if def.coltype.is_long_value() {
            if tx.level == 0 {
                return fail(JET_errNotInTransaction);
            }
            let r = self.set_lv(tx, &sch, columnid, data, cb, grbit, itag, ib)?;
            if let Some(u) = self.rec.update.as_mut()
                && !u.set.contains(&columnid)
            {
                u.set.push(columnid);
            }
            return Ok(r);
        }
        let zero_length = grbit & JET_bitSetZeroLength != 0;
        let value: Option<&[u8]> = if data.is_empty() && !zero_length { None } else { Some(data) };
        let mut status = 0;
        let u = match self.rec.update.as_mut() {
            Some(u) => u,
            None => unreachable!("checked above"),
        };
        match def.class() {
            ColumnClass::Fixed => {
                if value.is_none_or(|v| v.is_empty()) {
                    if def.has(JET_bitColumnNotNULL) {
                        return fail(JET_errNullInvalid);
                    }
                    u.rec.set_fixed(&sch.layout, def.fid, None, sch.cb_record_most)?;
                } else {
                    let v = value.unwrap_or_default();
                    if v.len() > def.cb_max as usize {
                        return fail(JET_errInvalidBufferSize);
                    }
                    if def.coltype.fixed_size().is_some_and(|n| n as usize != v.len()) {
                        return fail(JET_errInvalidBufferSize);
                    }
                    u.rec.set_fixed(&sch.layout, def.fid, Some(v), sch.cb_record_most)?;
                }
            }
            ColumnClass::Variable => {
                if value.is_none() && def.has(JET_bitColumnNotNULL) {
                    return fail(JET_errNullInvalid);
                }
                let mut v = value;
                if let Some(d) = v
                    && d.len() > def.cb_max as usize
                {
                    v = Some(&d[..def.cb_max as usize]);
                    status = JET_wrnColumnMaxTruncated;
                }
                u.rec.set_var(&sch.layout, def.fid, v, sch.cb_record_most)?;
            }
            ColumnClass::Tagged => {
                if value.is_none() && def.has(JET_bitColumnNotNULL) {
                    return fail(JET_errNullInvalid);
                }
                let id = sch.tagged_id(&c);
                if let Some(v) = value {
                    if def.cb_max > 0 && v.len() > def.cb_max as usize {
                        return fail(JET_errColumnTooBig);
                    }
                    if !v.is_empty() && def.coltype.fixed_size().is_some_and(|n| n as usize != v.len()) {
                        return fail(JET_errInvalidBufferSize);
                    }
                    if !def.coltype.is_long_value() && v.len() > JET_cbColumnMost as usize {
                        return fail(JET_errColumnDoesNotFit);
                    }
                    if unique && (!v.is_empty() || zero_length) {
                        let normalized = grbit & JET_bitSetUniqueNormalizedMultiValues != 0;
                        let mine = if normalized { Some(unique_form(def, v)?) } else { None };
                        let n = u.rec.tagged_count(id) as u32;
                        for k in 1..=n {
                            if k == itag {
                                continue;
                            }
                            let TaggedRead::Value(o) = u.rec.tagged(id, k) else { continue };
                            if o.separated {
                                continue;
                            }
                            match &mine {
                                Some(m) => unique_check(m, &unique_form(def, o.data)?)?,
                                None if o.data == v => return fail(JET_errMultiValuedDuplicate),
                                None => {}
                            }
                        }
                    }
                }
                let slot = TaggedSlot { id, itag, long_value: def.coltype.is_long_value() };
                let nulls = NullRules {
                    has_default: def.default.is_some(),
                    revert_to_default: grbit & JET_bitSetRevertToDefaultValue != 0,
                };
                let tv = value.map(TaggedValue::plain);
                u.rec.set_tagged(&sch.layout, slot, tv, nulls, sch.cb_record_most)?;
            }
        }
        if !u.set.contains(&columnid) {
            u.set.push(columnid);
        }
        Ok(status)
    }

    /// JetSetColumn on a LongText/LongBinary column (data-records 3.7): the grbit chooses
    /// replace, append, overwrite at `ib` or resize; the value stays in the record while it is
    /// small and the record has room, and lives in the LV tree otherwise, changed there chunk
    /// by chunk.
    #[allow(clippy::too_many_arguments)]
    fn set_lv(
        &mut self,
        tx: &Tx<'_>,
        sch: &Schema,
        columnid: u32,
        data: &[u8],
        cb: u32,
        grbit: u32,
        itag: u32,
        ib: u32,
    ) -> JetResult<i32> {
        let c = sch.column(columnid)?;
        let def = c.def;
        let id = sch.tagged_id(&c);
        let Some(u) = self.rec.update.as_ref() else { return fail(JET_errUpdateNotPrepared) };
        let n = u.rec.tagged_count(id) as u32;
        let exists = itag >= 1 && itag <= n;
        let now = if exists {
            match u.rec.tagged(id, itag) {
                TaggedRead::Value(v) if v.separated => LvNow::Separated(Lid::from_record(v.data)?),
                TaggedRead::Value(v) => LvNow::Intrinsic(v.data.to_vec()),
                _ => LvNow::None,
            }
        } else {
            LvNow::None
        };
        let append = grbit & JET_bitSetAppendLV != 0;
        let overwrite = grbit & JET_bitSetOverwriteLV != 0;
        let size = grbit & JET_bitSetSizeLV != 0;
        let zero_length = grbit & JET_bitSetZeroLength != 0;
        if grbit & (JET_bitSetUniqueMultiValues | JET_bitSetUniqueNormalizedMultiValues) != 0
            && (!data.is_empty() || zero_length)
        {
            if grbit & JET_bitSetUniqueNormalizedMultiValues != 0 {
                // Normalized forms of the first 255 bytes (fldmod.cxx:1538-1580).
                let mine = unique_form(def, &data[..data.len().min(UNIQUE_CB_MOST)])?;
                for k in 1..=n {
                    if k != itag
                        && let Some(p) = self.lv_prefix(tx, sch, id, k, UNIQUE_CB_MOST)?
                    {
                        unique_check(&mine, &unique_form(def, &p)?)?;
                    }
                }
            } else {
                for k in 1..=n {
                    if k != itag && self.lv_value_equals(tx, sch, id, k, data)? {
                        return fail(JET_errMultiValuedDuplicate);
                    }
                }
            }
        }
        let cb_max = if def.cb_max == 0 { JET_cbLVColumnMost } else { def.cb_max };
        // What the value becomes: None = NULL (the value is removed), or new bytes / an
        // operation on the separated value.
        enum Op<'d> {
            Null,
            Whole(std::borrow::Cow<'d, [u8]>),
            Append(&'d [u8]),
            Overwrite(u32, &'d [u8], bool),
            Resize(u32),
        }
        let op = match &now {
            LvNow::None => {
                if overwrite && ib != 0 {
                    return fail(JET_errColumnNoChunk);
                }
                if size && !overwrite {
                    if cb == 0 {
                        Op::Null
                    } else {
                        Op::Whole(std::borrow::Cow::Owned(vec![0u8; cb as usize]))
                    }
                } else if data.is_empty() && !append && !zero_length {
                    Op::Null
                } else {
                    Op::Whole(std::borrow::Cow::Borrowed(data))
                }
            }
            _ => {
                if append {
                    if data.is_empty() { return Ok(0) } else { Op::Append(data) }
                } else if overwrite {
                    if data.is_empty() && !size {
                        return Ok(0);
                    }
                    let cur = self.lv_len(tx, sch, &now)?;
                    if ib > cur {
                        return fail(JET_errColumnNoChunk);
                    }
                    if size && data.is_empty() && ib == 0 { Op::Null } else { Op::Overwrite(ib, data, size) }
                } else if size {
                    if cb == 0 { Op::Null } else { Op::Resize(cb) }
                } else if data.is_empty() && !zero_length {
                    Op::Null
                } else {
                    Op::Whole(std::borrow::Cow::Borrowed(data))
                }
            }
        };
        // The size the value will have, against the column's limit.
        let cur_len = self.lv_len(tx, sch, &now)?;
        let new_len: u64 = match &op {
            Op::Null => 0,
            Op::Whole(d) => d.len() as u64,
            Op::Append(d) => cur_len as u64 + d.len() as u64,
            Op::Overwrite(ib, d, true) => *ib as u64 + d.len() as u64,
            Op::Overwrite(ib, d, false) => (cur_len as u64).max(*ib as u64 + d.len() as u64),
            Op::Resize(n) => *n as u64,
        };
        if new_len > cb_max as u64 {
            return fail(JET_errColumnTooBig);
        }
        let nulls = NullRules {
            has_default: def.default.is_some(),
            revert_to_default: grbit & JET_bitSetRevertToDefaultValue != 0,
        };
        let slot = TaggedSlot { id, itag: if exists { itag } else { 0 }, long_value: true };
        let threshold = if grbit & JET_bitSetSeparateLV != 0 { 8 } else { (sch.cat.cb_page() / 2) as usize };
        let intrinsic_most = if grbit & JET_bitSetIntrinsicLV != 0 { sch.cb_record_most } else { threshold };
        match (op, now) {
            (Op::Null, now) => {
                if let LvNow::Separated(l) = now {
                    self.drop_lid(l);
                }
                let u = self.update_mut()?;
                u.rec.set_tagged(
                    &sch.layout,
                    TaggedSlot { itag, ..slot },
                    None,
                    nulls,
                    sch.cb_record_most,
                )?;
            }
            (Op::Whole(d), now) => {
                if let LvNow::Separated(l) = now {
                    self.drop_lid(l);
                }
                self.put_lv_value(tx, sch, slot, &d, intrinsic_most, nulls)?;
            }
            (op, LvNow::Intrinsic(mut v)) => {
                match op {
                    Op::Append(d) => v.extend_from_slice(d),
                    Op::Overwrite(ib, d, trunc) => {
                        let ib = ib as usize;
                        if v.len() < ib + d.len() {
                            v.resize(ib + d.len(), 0);
                        }
                        v[ib..ib + d.len()].copy_from_slice(d);
                        if trunc {
                            v.truncate(ib + d.len());
                        }
                    }
                    Op::Resize(n) => v.resize(n as usize, 0),
                    Op::Null | Op::Whole(_) => unreachable!("handled above"),
                }
                self.put_lv_value(tx, sch, slot, &v, intrinsic_most, nulls)?;
            }
            (op, LvNow::Separated(l)) => {
                let (lv_objid, chunk) = self.lv_tree(sch)?;
                let store = self.store_tree(lv_objid)?;
                let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), lv_objid));
                let u = match self.rec.update.as_mut() {
                    Some(u) => u,
                    None => return fail(JET_errUpdateNotPrepared),
                };
                let mut tree =
                    LvView { store: store.as_ref(), own, staged: Some(&mut u.lv_staged), read_only: false };
                match op {
                    Op::Append(d) => lv::append(&mut tree, l, d, chunk)?,
                    Op::Overwrite(ib, d, false) => lv::overwrite(&mut tree, l, ib, d, chunk)?,
                    Op::Overwrite(ib, d, true) => lv::overwrite_and_truncate(&mut tree, l, ib, d, chunk)?,
                    Op::Resize(n) => lv::resize(&mut tree, l, n, chunk)?,
                    Op::Null | Op::Whole(_) => unreachable!("handled above"),
                };
            }
            (_, LvNow::None) => unreachable!("a new value is whole or NULL"),
        }
        Ok(0)
    }

    fn update_mut(&mut self) -> JetResult<&mut Update> {
        match self.rec.update.as_deref_mut() {
            Some(u) => Ok(u),
            None => fail(JET_errUpdateNotPrepared),
        }
    }

    fn drop_lid(&mut self, l: Lid) {
        if let Some(u) = self.rec.update.as_mut() {
            u.lv_drop.push(l.to_record().as_bytes().to_vec());
        }
    }

    /// The length of an LV value of the copy buffer.
    fn lv_len(&mut self, tx: &Tx<'_>, sch: &Schema, now: &LvNow) -> JetResult<u32> {
        match now {
            LvNow::None => Ok(0),
            LvNow::Intrinsic(v) => Ok(v.len() as u32),
            LvNow::Separated(l) => {
                let Some(lv_objid) = sch.table.lv_objid else { return fail(JET_errLVCorrupted) };
                let store = self.store_tree(lv_objid)?;
                let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), lv_objid));
                let staged = self.rec.update.as_mut().map(|u| &mut u.lv_staged);
                let mut tree = LvView { store: store.as_ref(), own, staged, read_only: true };
                lv::size(&mut tree, *l)
            }
        }
    }

    /// The first `most` bytes of value `itag` of an LV column of the copy buffer (`None`: no
    /// such value).
    fn lv_prefix(
        &mut self,
        tx: &Tx<'_>,
        sch: &Schema,
        id: TaggedId,
        itag: u32,
        most: usize,
    ) -> JetResult<Option<Vec<u8>>> {
        let l = match self.rec.update.as_ref().map(|u| u.rec.tagged(id, itag)) {
            Some(TaggedRead::Value(v)) if v.separated => Lid::from_record(v.data)?,
            Some(TaggedRead::Value(v)) => return Ok(Some(v.data[..v.data.len().min(most)].to_vec())),
            _ => return Ok(None),
        };
        let size = self.lv_len(tx, sch, &LvNow::Separated(l))? as usize;
        let mut buf = vec![0u8; size.min(most)];
        let (lv_objid, chunk) = self.lv_tree(sch)?;
        let store = self.store_tree(lv_objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), lv_objid));
        let staged = self.rec.update.as_mut().map(|u| &mut u.lv_staged);
        let mut tree = LvView { store: store.as_ref(), own, staged, read_only: true };
        lv::read(&mut tree, l, 0, &mut buf, chunk)?;
        Ok(Some(buf))
    }

    /// Whether value `itag` of an LV column of the copy buffer equals `data`.
    fn lv_value_equals(
        &mut self,
        tx: &Tx<'_>,
        sch: &Schema,
        id: TaggedId,
        itag: u32,
        data: &[u8],
    ) -> JetResult<bool> {
        let now = match self.rec.update.as_ref().map(|u| u.rec.tagged(id, itag)) {
            Some(TaggedRead::Value(v)) if v.separated => LvNow::Separated(Lid::from_record(v.data)?),
            Some(TaggedRead::Value(v)) => return Ok(v.data == data),
            _ => return Ok(false),
        };
        if self.lv_len(tx, sch, &now)? as usize != data.len() {
            return Ok(false);
        }
        let LvNow::Separated(l) = now else { return Ok(false) };
        let mut buf = vec![0u8; data.len()];
        let (lv_objid, chunk) = self.lv_tree(sch)?;
        let store = self.store_tree(lv_objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), lv_objid));
        let staged = self.rec.update.as_mut().map(|u| &mut u.lv_staged);
        let mut tree = LvView { store: store.as_ref(), own, staged, read_only: true };
        lv::read(&mut tree, l, 0, &mut buf, chunk)?;
        Ok(buf == data)
    }

    /// Stores a whole LV value in the copy buffer: in the record when it is at most
    /// `intrinsic_most` bytes and the record has room, else as a new separated value; when
    /// the record is too big, other long values of the record are separated, largest
    /// threshold first, as ESE does (fldmod.cxx:1801-1830).
    fn put_lv_value(
        &mut self,
        tx: &Tx<'_>,
        sch: &Schema,
        slot: TaggedSlot,
        data: &[u8],
        intrinsic_most: usize,
        nulls: NullRules,
    ) -> JetResult<()> {
        if data.len() <= intrinsic_most.max(8) || data.len() <= 8 {
            let u = self.update_mut()?;
            match u.rec.set_tagged(
                &sch.layout,
                slot,
                Some(TaggedValue::plain(data)),
                nulls,
                sch.cb_record_most,
            ) {
                Ok(()) => return Ok(()),
                Err(JetError(JET_errRecordTooBig)) => {
                    // Make room: separate the record's other long values, then try again.
                    let mut threshold = sch.cat.cb_page() as usize;
                    while threshold > 8 {
                        threshold /= 2;
                        if threshold < sch.cat.cb_page() as usize / 64 {
                            threshold = 8;
                        }
                        self.separate_all(tx, sch, threshold)?;
                        let u = self.update_mut()?;
                        match u.rec.set_tagged(
                            &sch.layout,
                            slot,
                            Some(TaggedValue::plain(data)),
                            nulls,
                            sch.cb_record_most,
                        ) {
                            Ok(()) => return Ok(()),
                            Err(JetError(JET_errRecordTooBig)) if data.len() > threshold => {
                                return self.put_separated(tx, sch, slot, data, nulls);
                            }
                            Err(JetError(JET_errRecordTooBig)) => continue,
                            Err(e) => return Err(e),
                        }
                    }
                    return self.put_separated(tx, sch, slot, data, nulls);
                }
                Err(e) => return Err(e),
            }
        }
        self.put_separated(tx, sch, slot, data, nulls)
    }

    fn put_separated(
        &mut self,
        tx: &Tx<'_>,
        sch: &Schema,
        slot: TaggedSlot,
        data: &[u8],
        nulls: NullRules,
    ) -> JetResult<()> {
        let (lv_objid, chunk) = self.lv_tree(sch)?;
        let lid = self.next_lid(tx, sch, lv_objid)?;
        let store = self.store_tree(lv_objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), lv_objid));
        let u = match self.rec.update.as_mut() {
            Some(u) => u,
            None => return fail(JET_errUpdateNotPrepared),
        };
        {
            let mut tree =
                LvView { store: store.as_ref(), own, staged: Some(&mut u.lv_staged), read_only: false };
            lv::create(&mut tree, lid, data, chunk)?;
        }
        let v = TaggedValue { data: lid.to_record().as_bytes().to_vec(), separated: true, compressed: false };
        u.rec.set_tagged(&sch.layout, slot, Some(v), nulls, sch.cb_record_most)
    }

    /// Separates every intrinsic long value of the copy buffer longer than `threshold`.
    fn separate_all(&mut self, tx: &Tx<'_>, sch: &Schema, threshold: usize) -> JetResult<()> {
        let mut found = Vec::new();
        if let Some(u) = self.rec.update.as_ref() {
            for col in u.rec.tagged_columns() {
                if !col.long_value {
                    continue;
                }
                for (k, v) in col.values.iter().enumerate() {
                    if !v.separated && v.data.len() > threshold {
                        found.push((col.id, k as u32 + 1, v.data.clone()));
                    }
                }
            }
        }
        if found.is_empty() {
            return Ok(());
        }
        let (lv_objid, chunk) = self.lv_tree(sch)?;
        for (id, itag, data) in found {
            let lid = self.next_lid(tx, sch, lv_objid)?;
            let store = self.store_tree(lv_objid)?;
            let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), lv_objid));
            let u = match self.rec.update.as_mut() {
                Some(u) => u,
                None => return fail(JET_errUpdateNotPrepared),
            };
            let mut tree =
                LvView { store: store.as_ref(), own, staged: Some(&mut u.lv_staged), read_only: false };
            lv::create(&mut tree, lid, &data, chunk)?;
            u.rec.set_separated(&sch.layout, id, itag, lid.to_record().as_bytes(), usize::MAX)?;
        }
        Ok(())
    }

    /// JetUpdate/JetUpdate2: applies the prepared update. Returns the bookmark of the record
    /// (the new record of an insert, the replaced one of a replace). On an error the update
    /// stays prepared (§4.4). `cb_bookmark` is the caller's buffer size (for -1038 before
    /// anything is written).
    pub fn update(&mut self, tx: &mut Tx<'_>, cb_bookmark: Option<u32>, grbit: u32) -> JetResult<Vec<u8>> {
        let sch = self.refresh()?;
        let Some(u) = self.rec.update.as_ref() else { return fail(JET_errUpdateNotPrepared) };
        if u.prep == JET_prepReadOnlyCopy {
            return fail(JET_errUpdateNotPrepared);
        }
        self.check_writable(tx)?;
        let replace = u.prep == JET_prepReplace || u.prep == JET_prepReplaceNoLock;
        if grbit & JET_bitUpdateNoVersion != 0 {
            // Only for a table created in the current transaction; never for a replace.
            return fail(JET_errUpdateMustVersion);
        }
        // An insert or replace of a table whose primary index another open transaction
        // created (fcb.cxx ErrSetUpdatingAndEnterDML, called by ErrRECIInsert/ErrRECIReplace).
        self.db().primary_check(sch.table.objid, tx.sesid)?;
        let ese97 = grbit & JET_bitUpdateCheckESE97Compatibility != 0;
        // A failed update leaves no lock behind (S-VER-02: the failed call has no effect): the
        // record lock and unique-key claims its checks took before a later check failed are
        // released (those of JetPrepareUpdate(prepReplace) were taken before the mark and stay).
        let mark = tx.writes.as_ref().map_or(0, |w| w.lock_count());
        let r =
            if replace { self.replace(tx, &sch, ese97) } else { self.insert(tx, &sch, cb_bookmark, ese97) };
        let bm = match r {
            Ok(bm) => bm,
            Err(e) => {
                if let Some(w) = tx.writes.as_mut() {
                    w.unlock_since(mark);
                }
                return Err(e);
            }
        };
        self.rec.update = None;
        Ok(bm)
    }

    /// The bookmark (primary key) a record gets, and the primary index's entry check.
    pub(crate) fn primary_key(
        &mut self,
        tx: &Tx<'_>,
        sch: &Schema,
        rec: &Record,
    ) -> JetResult<Option<Vec<u8>>> {
        let Some((ix, kd)) = sch.primary() else { return Ok(None) };
        let mut entries = self.entries(tx, sch, ix, kd, rec, true)?;
        match entries.len() {
            1 => Ok(entries.pop().map(|e| e.key)),
            // A primary index holds every record: a NULL segment it disallows is -1053 (the
            // entry builder raises it); an index that would skip the record cannot be primary.
            _ => fail(JET_errNullKeyDisallowed),
        }
    }

    /// The entries of `rec` in index `ix`; separated long values in its key are read through
    /// the session's view, and through the prepared update's own changes with `staged` (the
    /// copy buffer's record; the stored record reads what is stored).
    pub(crate) fn entries(
        &mut self,
        tx: &Tx<'_>,
        sch: &Schema,
        ix: &IndexDef,
        kd: &KeyDef,
        rec: &Record,
        staged: bool,
    ) -> JetResult<Vec<crate::engine::index::IndexEntry>> {
        let lvs = self.lv_info(sch)?;
        let own = lvs.as_ref().and_then(|(id, _, _)| tx.writes.as_ref().and_then(|w| w.tree(self.db(), *id)));
        let staged = if staged { self.rec.update.as_mut().map(|u| &mut u.lv_staged) } else { None };
        let mut view =
            LvView { store: lvs.as_ref().and_then(|l| l.2.as_ref()), own, staged, read_only: true };
        let mut lv = |lid: &[u8], n: usize| -> JetResult<Vec<u8>> {
            let Some((_, chunk, _)) = &lvs else { return fail(JET_errLVCorrupted) };
            let lid = Lid::from_record(lid)?;
            let size = lv::size(&mut view, lid)? as usize;
            let mut buf = vec![0u8; size.min(n)];
            lv::read(&mut view, lid, 0, &mut buf, *chunk)?;
            Ok(buf)
        };
        crate::engine::index::index_entries(&sch.cat, &sch.table, ix, kd, rec, &mut lv)
    }

    fn not_null_check(&self, sch: &Schema, rec: &Record) -> JetResult<()> {
        for c in sch.cat.columns_of(&sch.table) {
            if c.def.has(JET_bitColumnNotNULL) && column_val(sch, rec, &c, 1, false) == Val::Null {
                return fail(JET_errNullInvalid);
            }
        }
        Ok(())
    }

    /// Whether a unique secondary index already has an entry of `key` for another record.
    fn unique_taken(&mut self, tx: &Tx<'_>, objid: u32, key: &[u8], bm: &[u8]) -> JetResult<bool> {
        let store = self.store_tree(objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), objid));
        let view = View { store: store.as_ref(), own };
        let prefix = crate::engine::index::secondary_key_prefix(key);
        let mut nav = Merge::default();
        let mut at = nav.forward(view, Bound::Included(&prefix))?;
        while let Some((k, _)) = at {
            if !k.starts_with(&prefix) {
                return Ok(false);
            }
            let (_, other) = crate::engine::index::split_secondary_tree_key(&k)?;
            if other != bm {
                return Ok(true);
            }
            at = nav.forward(view, Bound::Excluded(&k))?;
        }
        Ok(false)
    }

    fn insert(
        &mut self,
        tx: &mut Tx<'_>,
        sch: &Schema,
        cb_bookmark: Option<u32>,
        ese97: bool,
    ) -> JetResult<Vec<u8>> {
        let (prep, mut rec, original) = match self.rec.update.as_ref() {
            Some(u) => (u.prep, u.rec.clone(), u.original.clone()),
            None => return fail(JET_errUpdateNotPrepared),
        };
        let autoinc =
            sch.cat.columns_of(&sch.table).into_iter().find(|c| c.def.has(JET_bitColumnAutoincrement));
        if prep == JET_prepInsertMustSetAutoIncrement
            && let Some(c) = &autoinc
            && column_val(sch, &rec, c, 1, false) == Val::Null
        {
            return fail(JET_errAutoIncrementNotSet);
        }
        self.not_null_check(sch, &rec)?;
        if ese97 {
            ese97_check(sch, &rec)?;
        }
        if let Some(c) = sch.cat.columns_of(&sch.table).into_iter().find(|c| c.def.has(JET_bitColumnVersion))
            && column_val(sch, &rec, &c, 1, false) == Val::Null
        {
            rec.set_fixed(&sch.layout, c.def.fid, Some(&0u32.to_le_bytes()), sch.cb_record_most)?;
        }
        let bm = match self.primary_key(tx, sch, &rec)? {
            Some(k) => k,
            None => {
                let counters = self.db().counters(sch.table.objid);
                let objid = self.objid();
                let store = self.store_tree(objid)?;
                let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), objid));
                let view = View { store: store.as_ref(), own };
                let id = Counters::next(&counters.seq, || {
                    let mut nav = Merge::default();
                    Ok(match nav.backward(view, Bound::Unbounded)? {
                        Some((k, _)) if k.len() == 4 => {
                            u32::from_be_bytes([k[0], k[1], k[2], k[3]]) as u64 + 1
                        }
                        _ => 1,
                    })
                })?;
                if id > u32::MAX as u64 {
                    return fail(JET_errOutOfSequentialIndexValues);
                }
                (id as u32).to_be_bytes().to_vec()
            }
        };
        if let Some(cb) = cb_bookmark
            && (cb as usize) < bm.len()
        {
            return fail(JET_errBufferTooSmall);
        }
        // Both delete the original first, in the update's own level (recupd.cxx:1654-1660); they
        // differ only in the autoincrement value (fldmod.cxx:1255-1275).
        let delete_original = is_delete_original(prep);
        if !delete_original || original.as_ref().is_none_or(|(o, _)| *o != bm) {
            let exists = self.read_record(tx, &bm)?.is_some();
            if exists {
                return fail(JET_errKeyDuplicate);
            }
            // Another session's uncommitted insert, delete or replace of the key, or a commit
            // to it since this transaction began: a duplicate, as an insert never reports a
            // write conflict (S-VER-02, data-records 9.3, bt.cxx ErrBTInsert).
            self.write_check(tx, &bm).map_err(insert_conflict_is_duplicate)?;
        }
        // The secondary entries and their unique checks, before anything is written.
        let mut adds = Vec::new();
        for (ix, kd) in sch.table.indexes.iter().zip(&sch.keys) {
            if ix.is_primary() {
                continue;
            }
            for e in self.entries(tx, sch, ix, kd, &rec, true)? {
                if ix.is_unique() && self.unique_taken(tx, ix.objid, &e.key, &bm)? {
                    let ours = delete_original
                        && original
                            .as_ref()
                            .is_some_and(|(obm, _)| self.unique_owner_is(tx, ix.objid, &e.key, obm));
                    if !ours {
                        return fail(JET_errKeyDuplicate);
                    }
                }
                if ix.is_unique() {
                    self.unique_claim(tx, ix.objid, &e.key, &bm)?;
                }
                adds.push((ix.objid, crate::engine::index::secondary_tree_key(&e.key, &bm)));
            }
        }
        let db = self.db().clone();
        let table = sch.table.objid;
        let bytes = rec.encode(&sch.layout);
        let old = match (delete_original, &original) {
            (true, Some((obm, obytes))) => {
                let orec = Record::decode(obytes, &sch.layout)?;
                let mut dels = Vec::new();
                for (ix, kd) in sch.table.indexes.iter().zip(&sch.keys) {
                    if ix.is_primary() {
                        continue;
                    }
                    for e in self.entries(tx, sch, ix, kd, &orec, false)? {
                        dels.push((ix.objid, crate::engine::index::secondary_tree_key(&e.key, obm)));
                    }
                }
                Some((obm.clone(), dels))
            }
            _ => None,
        };
        let lv = self.lv_info(sch)?;
        let (staged, mut drop) = match self.rec.update.as_mut() {
            Some(u) => (std::mem::take(&mut u.lv_staged), u.lv_drop.clone()),
            None => (TreeWrites::new(), Vec::new()),
        };
        if let (true, Some((_, obytes))) = (delete_original, &original) {
            // The new record takes over the original's long values; those it no longer has go.
            let keep = separated_lids(&rec);
            let orec = Record::decode(obytes, &sch.layout)?;
            drop.extend(separated_lids(&orec).into_iter().filter(|l| !keep.contains(l)));
        }
        let staged_back = staged.clone();
        let r = nested(tx, |w| {
            apply_lv(w, &db, lv, staged, &drop)?;
            if let Some((obm, dels)) = &old {
                for (objid, k) in dels {
                    w.del(&db, *objid, k)?;
                }
                w.del(&db, table, obm)?;
            }
            w.put(&db, table, &bm, bytes)?;
            for (objid, k) in &adds {
                w.put(&db, *objid, k, Vec::new())?;
            }
            Ok(())
        });
        if let Err(e) = r {
            // The update stays prepared (4.4): give it back what it staged.
            if let Some(u) = self.rec.update.as_mut() {
                u.lv_staged = staged_back;
            }
            return Err(e);
        }
        if let Some((obm, _)) = &old {
            // The original is gone: the cursor stands where it was, on a deleted record, unless
            // the new record took its key.
            if let Pos::On { deleted, .. } = &mut self.rec.pos {
                *deleted = *obm != bm;
            }
        }
        Ok(bm)
    }

    fn unique_owner_is(&mut self, tx: &Tx<'_>, objid: u32, key: &[u8], bm: &[u8]) -> bool {
        let k = crate::engine::index::secondary_tree_key(key, bm);
        let store = self.store_tree(objid).ok().flatten();
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), objid));
        View { store: store.as_ref(), own }.get(&k).ok().flatten().is_some()
    }

    fn replace(&mut self, tx: &mut Tx<'_>, sch: &Schema, ese97: bool) -> JetResult<Vec<u8>> {
        let (mut rec, original, set) = match self.rec.update.as_ref() {
            Some(u) => (u.rec.clone(), u.original.clone(), u.set.clone()),
            None => return fail(JET_errUpdateNotPrepared),
        };
        let Some((bm, obytes)) = original else { return fail(JET_errUpdateNotPrepared) };
        self.write_check(tx, &bm)?;
        // The record must still be there (deleted since: -1017), and unchanged for a replace
        // prepared without a lock.
        match self.read_record(tx, &bm)? {
            None => return fail(JET_errRecordDeleted),
            Some(now) if now != obytes => return fail(JET_errWriteConflict),
            Some(_) => {}
        }
        if set.is_empty() {
            return Ok(bm);
        }
        if ese97 {
            ese97_check(sch, &rec)?;
        }
        self.not_null_check(sch, &rec)?;
        if sch.primary().is_some() && self.primary_key(tx, sch, &rec)?.as_deref() != Some(bm.as_slice()) {
            return fail(JET_errRecordPrimaryChanged);
        }
        // The columns the update changed, by their canonical ids: an index none of whose key
        // or conditional columns is among them keeps its entries, as ESE's replace skips the
        // indexes whose keys cannot have changed.
        let mut touched: Vec<u32> =
            set.iter().filter_map(|&id| sch.column(id).ok().map(|c| c.columnid())).collect();
        if let Some(c) = sch.cat.columns_of(&sch.table).into_iter().find(|c| c.def.has(JET_bitColumnVersion))
        {
            touched.push(c.columnid());
            let orec = Record::decode(&obytes, &sch.layout)?;
            let next = match column_val(sch, &orec, &c, 1, false) {
                Val::Data(d) if d.len() == 4 => u32::from_le_bytes([d[0], d[1], d[2], d[3]]).wrapping_add(1),
                _ => 1,
            };
            rec.set_fixed(&sch.layout, c.def.fid, Some(&next.to_le_bytes()), sch.cb_record_most)?;
        }
        let orec = Record::decode(&obytes, &sch.layout)?;
        let mut dels = Vec::new();
        let mut adds = Vec::new();
        for (ix, kd) in sch.table.indexes.iter().zip(&sch.keys) {
            if ix.is_primary() {
                continue;
            }
            let mut uses =
                ix.segments.iter().map(|g| g.columnid).chain(ix.conditional.iter().map(|c| c.columnid));
            if !uses.any(|id| sch.column(id).map_or(true, |c| touched.contains(&c.columnid()))) {
                continue;
            }
            let before: Vec<Vec<u8>> =
                self.entries(tx, sch, ix, kd, &orec, false)?.into_iter().map(|e| e.key).collect();
            let after: Vec<Vec<u8>> =
                self.entries(tx, sch, ix, kd, &rec, true)?.into_iter().map(|e| e.key).collect();
            for k in before.iter().filter(|k| !after.contains(k)) {
                dels.push((ix.objid, crate::engine::index::secondary_tree_key(k, &bm)));
            }
            for k in after.iter().filter(|k| !before.contains(k)) {
                if ix.is_unique() && self.unique_taken(tx, ix.objid, k, &bm)? {
                    return fail(JET_errKeyDuplicate);
                }
                if ix.is_unique() {
                    self.unique_claim(tx, ix.objid, k, &bm)?;
                }
                adds.push((ix.objid, crate::engine::index::secondary_tree_key(k, &bm)));
            }
        }
        let db = self.db().clone();
        let table = sch.table.objid;
        let bytes = rec.encode(&sch.layout);
        let lv = self.lv_info(sch)?;
        let (staged, drop) = match self.rec.update.as_mut() {
            Some(u) => (std::mem::take(&mut u.lv_staged), u.lv_drop.clone()),
            None => (TreeWrites::new(), Vec::new()),
        };
        let staged_back = staged.clone();
        let r = nested(tx, |w| {
            apply_lv(w, &db, lv, staged, &drop)?;
            for (objid, k) in &dels {
                w.del(&db, *objid, k)?;
            }
            w.put(&db, table, &bm, bytes)?;
            for (objid, k) in &adds {
                w.put(&db, *objid, k, Vec::new())?;
            }
            Ok(())
        });
        if let Err(e) = r {
            if let Some(u) = self.rec.update.as_mut() {
                u.lv_staged = staged_back;
            }
            return Err(e);
        }
        Ok(bm)
    }

    /// JetDelete (§4.5).
    pub fn delete(&mut self, tx: &mut Tx<'_>) -> JetResult<()> {
        let sch = self.refresh()?;
        self.check_writable(tx)?;
        if self.rec.update.as_ref().is_some_and(|u| is_delete_original(u.prep)) {
            return fail(JET_errAlreadyPrepared);
        }
        self.rec.update = None;
        let (bm, bytes) = self.current(tx)?;
        self.delete_record(tx, &sch, &bm, &bytes)?;
        if let Pos::On { deleted, .. } = &mut self.rec.pos {
            *deleted = true;
        }
        Ok(())
    }

    /// Deletes the record `bm` (stored as `bytes`), its index entries and its long values, in
    /// a nested level.
    fn delete_record(&mut self, tx: &mut Tx<'_>, sch: &Schema, bm: &[u8], bytes: &[u8]) -> JetResult<()> {
        self.write_check(tx, bm)?;
        let rec = Record::decode(bytes, &sch.layout)?;
        let mut dels = Vec::new();
        for (ix, kd) in sch.table.indexes.iter().zip(&sch.keys) {
            if ix.is_primary() {
                continue;
            }
            for e in self.entries(tx, sch, ix, kd, &rec, false)? {
                dels.push((ix.objid, crate::engine::index::secondary_tree_key(&e.key, bm)));
            }
        }
        let db = self.db().clone();
        let table = sch.table.objid;
        let lv = self.lv_info(sch)?;
        let drop = separated_lids(&rec);
        nested(tx, |w| {
            apply_lv(w, &db, lv, TreeWrites::new(), &drop)?;
            for (objid, k) in &dels {
                w.del(&db, *objid, k)?;
            }
            w.del(&db, table, bm)
        })
    }

    // ---- bookmarks and keys (§5.4, §5.5) ------------------------------------------------

    /// JetGetBookmark: the current record's bookmark, as the cursor holds it (ESE's
    /// ErrDIRGetBookmark): a cursor still owing its deferred move, or off the records, has none
    /// (-1603); one on a record deleted since still has that record's.
    pub fn bookmark(&mut self, _tx: &Tx<'_>) -> JetResult<Vec<u8>> {
        self.refresh()?;
        match &self.rec.pos {
            Pos::On { bookmark, .. } => Ok(bookmark.clone()),
            _ => fail(JET_errNoCurrentRecord),
        }
    }

    /// JetGotoBookmark: to the record of `bm` (on a secondary index, to its first entry there).
    pub fn goto_bookmark(&mut self, tx: &Tx<'_>, bm: &[u8]) -> JetResult<()> {
        let sch = self.refresh()?;
        self.rec.update = None;
        self.rec.range = None;
        self.rec.key.reset();
        let Some(bytes) = self.read_record(tx, bm)? else {
            return fail(JET_errRecordDeleted);
        };
        if !self.on_secondary(&sch) {
            self.rec.pos = Pos::On { key: bm.to_vec(), bookmark: bm.to_vec(), deleted: false };
            return Ok(());
        }
        let (Some((ix, kd)), _) = self.current_index(&sch)? else { return fail(JET_errNoCurrentIndex) };
        let rec = Record::decode(&bytes, &sch.layout)?;
        // On a secondary index the move to the entry navigates the level (ESE's
        // ErrDIRDownKeyData); on the primary index ESE goes to the bookmark without doing so.
        self.rec.nav_level = tx.level;
        match self.entries(tx, &sch, ix, kd, &rec, false)?.first() {
            Some(e) => {
                let key = crate::engine::index::secondary_tree_key(&e.key, bm);
                self.rec.pos = Pos::On { key, bookmark: bm.to_vec(), deleted: false };
                Ok(())
            }
            None => {
                self.rec.pos = Pos::BeforeFirst;
                fail(JET_errNoCurrentRecord)
            }
        }
    }

    /// JetRetrieveKey without RetrieveCopy: the current entry's normalized key.
    pub fn current_key(&mut self, tx: &Tx<'_>) -> JetResult<Vec<u8>> {
        let sch = self.refresh()?;
        self.current(tx)?;
        let Pos::On { key, .. } = &self.rec.pos else { return fail(JET_errNoCurrentRecord) };
        if self.on_secondary(&sch) {
            return Ok(crate::engine::index::split_secondary_tree_key(key)?.0);
        }
        Ok(key.clone())
    }

    // ---- escrow (§4.6) ------------------------------------------------------------------

    /// JetEscrowUpdate: adds `delta` to an escrow column of the current record; returns the
    /// value before.
    pub fn escrow_update(
        &mut self,
        tx: &mut Tx<'_>,
        columnid: u32,
        delta: &[u8],
        cb_old_max: Option<u32>,
        grbit: u32,
    ) -> JetResult<Vec<u8>> {
        if tx.level == 0 {
            return fail(JET_errNotInTransaction);
        }
        let sch = self.refresh()?;
        self.check_writable(tx)?;
        let c = sch.column(columnid)?;
        if self.rec.update.is_some() {
            return fail(JET_errAlreadyPrepared);
        }
        // The checks in ErrRECIEscrowUpdate's order (recupd.cxx:3574-3620): the size against the
        // column's, whatever its class, before the class and the escrow flag.
        let size = c.def.cb_max;
        // The LP64 mode: an 8-byte delta for a 4-byte column (when it fits).
        let narrowed;
        let delta =
            match crate::engine::lp64::narrowed_for(c.def.coltype, delta, format_args!("{columnid:#x}")) {
                Some(four) => {
                    narrowed = four;
                    &narrowed[..]
                }
                None => delta,
            };
        if delta.len() as u32 != size {
            return fail(JET_errInvalidBufferSize);
        }
        if cb_old_max.is_some_and(|n| n != 0 && n < size) {
            return fail(JET_errInvalidBufferSize);
        }
        if c.def.class() != ColumnClass::Fixed
            || !c.def.has(JET_bitColumnEscrowUpdate)
            || !ESCROW_SIZES.contains(&size)
        {
            return fail(JET_errInvalidOperation);
        }
        let (bm, bytes) = self.current(tx)?;
        let db = self.db().clone();
        let table = sch.table.objid;
        let fid = u32::from(c.def.fid);
        let d = if size == 8 {
            i64::from_le_bytes(delta.try_into().map_err(|_| JetError(JET_errInvalidBufferSize))?)
        } else {
            i64::from(i32::from_le_bytes(delta.try_into().map_err(|_| JetError(JET_errInvalidBufferSize))?))
        };
        let no_rollback = grbit & JET_bitEscrowNoRollback != 0;
        // A versioned delta commutes with other sessions' deltas of the same size and
        // conflicts with anything else they hold on the record (S-VER-02, ver.cxx
        // FVERIWriteConflict); a JET_bitEscrowNoRollback delta is not versioned at all
        // (fDIRNoVersion, recupd.cxx ErrRECIEscrowUpdate), so it meets no conflict.
        if !no_rollback {
            self.delta_check(tx, &sch, &bm, size as u8)?;
        }
        let exclusive = db.locked_by(table, &bm, tx.sesid);
        // The value before the delta is the one ESE's page holds (ErrNDDelta): the newest
        // committed value plus every session's uncommitted deltas, not this session's view
        // (unless it holds the record for writing: then nobody else has deltas on it and
        // its view is the page).
        let old_view = escrow_value(&sch, columnid, &bytes)?;
        let old = if exclusive {
            old_view.clone()
        } else {
            let (snap, pending) = db.newest_with_pending(table, &bm, fid)?;
            match snap.get(&crate::engine::database::tree_of(table), &bm)? {
                Some(newest) => add_wrapping(&escrow_value(&sch, columnid, &newest)?, pending),
                None => add_wrapping(&old_view, pending),
            }
        };
        let out = add_to_escrow(&sch, columnid, &bytes, d)?;
        let apply: crate::engine::txn::DeltaFn = {
            let sch = sch.clone();
            Arc::new(move |cur: &[u8]| add_to_escrow(&sch, columnid, cur, d))
        };
        if no_rollback {
            // Committed on its own at once, added to the newest committed record; this
            // transaction's view of the record gets it too.
            let op = crate::engine::database::DeltaOp {
                objid: table,
                key: bm.clone(),
                sums: Vec::new(),
                sizes: crate::engine::database::delta_size_bit(size as u8),
                apply: Box::new({
                    let apply = apply.clone();
                    move |cur: &[u8]| apply(cur)
                }),
            };
            let lazy = tx.commit_default & JET_bitCommitLazyFlush != 0;
            db.commit_with(
                crate::engine::store::Batch::new(),
                vec![op],
                if lazy { Durability::Lazy } else { Durability::Durable },
                0,
            )?;
            // This transaction's view of the record shows it too (ESE's page has it): its own
            // version of the record carries it, or, held as deltas or not at all, a delta of
            // nothing over the newest record at commit.
            nested(tx, |w| {
                w.put(&db, table, &bm, out)?;
                if !exclusive {
                    let zero: crate::engine::txn::DeltaFn = Arc::new(|cur: &[u8]| Ok(cur.to_vec()));
                    w.delta(&db, table, &bm, (fid, size as u8), 0, zero)?;
                }
                Ok(())
            })?;
        } else {
            nested(tx, |w| {
                w.put(&db, table, &bm, out)?;
                if exclusive { Ok(()) } else { w.delta(&db, table, &bm, (fid, size as u8), d, apply) }
            })?;
        }
        // A delta on a DeleteOnZero (or Finalize, which Windows treats alike) column has the
        // record checked once the transaction commits: deleted if its newest value is 0 then
        // and no other session still holds it (ESE flags the delta whose page value reaches 0
        // and deletes at version cleanup, after every transaction that could see it has ended,
        // bt.cxx ErrBTDelta, dbtask.cxx; a delta of another session that brought it to 0 and
        // committed first is so counted when the last one commits).
        if (c.def.has(JET_bitColumnDeleteOnZero) || c.def.has(JET_bitColumnFinalize))
            && !self.rec.zeroed.contains(&bm)
        {
            self.rec.zeroed.push(bm);
        }
        Ok(old)
    }

    /// The write-conflict rule for a versioned escrow delta of a `size`-byte column on record
    /// `bm` (S-VER-02, ver.cxx FVERIWriteConflict): another session's hold on the record that is
    /// not a delta of the same size conflicts; so does a commit since this transaction began
    /// that changed more than the escrow columns of that size (a replace or delete; other
    /// transactions' committed deltas commute). The record is then held as a delta until the
    /// level ends.
    fn delta_check(&mut self, tx: &mut Tx<'_>, sch: &Schema, bm: &[u8], size: u8) -> JetResult<()> {
        let db = self.db().clone();
        let objid = self.objid();
        let kind = crate::engine::database::LockKind::Delta(size);
        if db.locked_by(objid, bm, tx.sesid) || db.holds(objid, bm, tx.sesid, kind) {
            return Ok(());
        }
        let (level, sesid) = (tx.level, tx.sesid);
        tx.write_set().lock_as(level, &db, objid, bm, sesid, kind)?;
        // Held now, so a commit that conflicts is already published.
        match db.changed_since(objid, bm, self.rec.read_seq, Some(size)) {
            Some(true) => {
                tx.write_set().unlock_newest();
                return fail(JET_errWriteConflict);
            }
            Some(false) => return Ok(()),
            None => {}
        }
        let newest = db.newest()?.get(&crate::engine::database::tree_of(objid), bm)?;
        let mine = match self.store_tree(objid)? {
            Some(t) => t.get(bm)?,
            None => None,
        };
        let same = match (&newest, &mine) {
            (Some(a), Some(b)) => a == b || without_escrow(sch, a, size)? == without_escrow(sch, b, size)?,
            (a, b) => a == b,
        };
        if !same {
            tx.write_set().unlock_newest();
            return fail(JET_errWriteConflict);
        }
        Ok(())
    }

    /// After a commit to level 0: deletes the records whose DeleteOnZero / Finalize escrow
    /// column reached 0 in the transaction and is still 0 now (and that still exist), each in a
    /// lazy transaction of its own as ESE's task does. Failures are ignored, as ESE only counts
    /// them.
    fn finalize_zeroed(&mut self) {
        let pending = std::mem::take(&mut self.rec.zeroed);
        // After the commit: the newest state, not the ended transaction's snapshot.
        self.rec.read_at = None;
        let budget = Arc::new(crate::engine::txn::Budget::default());
        for bm in pending {
            let mut none = None;
            let mut tx = Tx {
                sesid: 0,
                level: 0,
                read_only: false,
                commit_default: JET_bitCommitLazyFlush,
                writes: &mut none,
                budget: &budget,
            };
            let _ = self.finalize_one(&mut tx, &bm);
        }
    }

    fn finalize_one(&mut self, tx: &mut Tx<'_>, bm: &[u8]) -> JetResult<()> {
        let sch = self.refresh()?;
        let Some(bytes) = self.read_record(tx, bm)? else { return Ok(()) };
        let rec = Record::decode(&bytes, &sch.layout)?;
        let zero = sch.cat.columns_of(&sch.table).into_iter().any(|c| {
            c.def.has(JET_bitColumnEscrowUpdate)
                && (c.def.has(JET_bitColumnDeleteOnZero) || c.def.has(JET_bitColumnFinalize))
                && matches!(column_val(&sch, &rec, &c, 1, false), Val::Data(d) if d.iter().all(|b| *b == 0))
        });
        if !zero {
            return Ok(());
        }
        self.delete_record(tx, &sch, bm, &bytes)?;
        if let Pos::On { bookmark, deleted, .. } = &mut self.rec.pos
            && bookmark.as_slice() == bm
        {
            *deleted = true;
        }
        Ok(())
    }
}

/// How much of a value JET_bitSetUniqueNormalizedMultiValues compares: ESE's old key size
/// (`JET_cbKeyMost_OLD`).
const UNIQUE_CB_MOST: usize = 255;

/// The normalized form of a tagged value that JET_bitSetUniqueNormalizedMultiValues compares
/// (ErrFLDNormalizeTaggedData, fldnorm.cxx:741-830): the value as a one-segment ascending key of
/// at most 255 bytes (binary chunked as a variable column's, text by its code page's rules, the
/// default collation for cp 1200), and whether it was truncated.
/// One step of JetMove from the cursor's position, in direction `forward`: the entry found is
/// in `rec.scratch` (whether there is one). With `key_ne` (`JET_bitMoveKeyNE`) the entries of
/// the current key are skipped; on a secondary index keys are compared without the bookmark.
fn step(rec: &mut RecState, view: View<'_>, forward: bool, key_ne: bool, secondary: bool) -> JetResult<bool> {
    let RecState { nav, pos, scratch, scratch_key, .. } = rec;
    let go = |nav: &mut Merge, b: Bound<&[u8]>, out: &mut crate::engine::view::Entry| {
        if forward { nav.forward_into(view, b, out) } else { nav.backward_into(view, b, out) }
    };
    match &*pos {
        Pos::BeforeFirst if forward => go(nav, Bound::Unbounded, scratch),
        Pos::AfterLast if !forward => go(nav, Bound::Unbounded, scratch),
        Pos::BeforeFirst | Pos::AfterLast | Pos::Deferred => Ok(false),
        Pos::Between { key } => {
            go(nav, if forward { Bound::Included(key) } else { Bound::Excluded(key) }, scratch)
        }
        Pos::On { key, .. } => {
            if !go(nav, Bound::Excluded(key), scratch)? {
                return Ok(false);
            }
            if !key_ne {
                return Ok(true);
            }
            let same = |a: &[u8], b: &[u8]| -> JetResult<bool> {
                if secondary {
                    Ok(crate::engine::index::secondary_key_part(a)?
                        == crate::engine::index::secondary_key_part(b)?)
                } else {
                    Ok(a == b)
                }
            };
            while same(&scratch.0, key)? {
                // Go on from the entry just found (its key moves to the second buffer).
                std::mem::swap(&mut scratch.0, scratch_key);
                if !go(nav, Bound::Excluded(scratch_key), scratch)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
    }
}

/// Puts the cursor off the entries (`off`: before the first or after the last), keeping the
/// buffers of the entry it was on for [`land`].
fn park(rec: &mut RecState, off: Pos) {
    if let Pos::On { key, bookmark, .. } = std::mem::replace(&mut rec.pos, off) {
        rec.spare = (key, bookmark);
    }
}

/// Puts the cursor on the entry in `rec.scratch` (found by a move or a seek): its key and the
/// position's trade buffers, the bookmark is copied into the position's own. On the primary
/// index the entry is the record: it is kept (`rec.cur`) for the reads that usually follow.
pub(crate) fn land(rec: &mut RecState, secondary: bool, wgen: u64) -> JetResult<()> {
    let RecState { pos, scratch, cur, spare, .. } = rec;
    fn bm_of(k: &[u8], secondary: bool) -> JetResult<&[u8]> {
        if secondary { crate::engine::index::secondary_bookmark_of(k) } else { Ok(k) }
    }
    match &mut *pos {
        Pos::On { key, bookmark, deleted } => {
            let bm = bm_of(&scratch.0, secondary)?;
            bookmark.clear();
            bookmark.extend_from_slice(bm);
            std::mem::swap(key, &mut scratch.0);
            *deleted = false;
        }
        other => {
            // Back onto an entry: the buffers of the last one serve again.
            let mut bookmark = std::mem::take(&mut spare.1);
            bookmark.clear();
            bookmark.extend_from_slice(bm_of(&scratch.0, secondary)?);
            let key = std::mem::replace(&mut scratch.0, std::mem::take(&mut spare.0));
            *other = Pos::On { key, bookmark, deleted: false };
        }
    }
    if !secondary && let Pos::On { key, .. } = &*pos {
        match cur {
            Some(c) => {
                c.0.clear();
                c.0.extend_from_slice(key);
                std::mem::swap(&mut c.1, &mut scratch.1);
                c.2 = wgen;
            }
            None => *cur = Some((key.clone(), std::mem::take(&mut scratch.1), wgen)),
        }
    }
    Ok(())
}

fn unique_form(def: &ColumnDef, data: &[u8]) -> JetResult<(Vec<u8>, bool)> {
    let seg = crate::engine::key::SegmentDef {
        coltype: def.coltype,
        cp: def.cp,
        descending: false,
        fixed: false,
        cb_fixed: def.cb_max as usize,
    };
    let mut kd = KeyDef::new(vec![seg]);
    kd.cb_key_most = UNIQUE_CB_MOST;
    kd.cb_var_seg_mac = UNIQUE_CB_MOST;
    let v = if data.is_empty() { KeyValue::ZeroLength } else { KeyValue::Data(data) };
    crate::engine::key::record_key(&kd, &[v])
}

/// Two normalized values: equal → `JET_errMultiValuedDuplicate`, or
/// `JET_errMultiValuedDuplicateAfterTruncation` when they were cut to be compared
/// (fldmod.cxx:1345-1390).
fn unique_check(a: &(Vec<u8>, bool), b: &(Vec<u8>, bool)) -> JetResult<()> {
    if a.0 != b.0 {
        return Ok(());
    }
    if a.1 || b.1 {
        fail(JET_errMultiValuedDuplicateAfterTruncation)
    } else {
        fail(JET_errMultiValuedDuplicate)
    }
}

/// `JET_prepInsertCopyDeleteOriginal` or `JET_prepInsertCopyReplaceOriginal`: ESE's one
/// insert-copy-delete-original state (fldmod.cxx:1277-1281).
/// What an insert reports where a write would meet a write conflict: ESE's B-tree insert turns
/// `JET_errWriteConflict` into `JET_errKeyDuplicate` (S-VER-02, data-records 9.3, bt.cxx
/// ErrBTInsert). Any other code passes through.
fn insert_conflict_is_duplicate(e: JetError) -> JetError {
    if e.0 == JET_errWriteConflict { JetError(JET_errKeyDuplicate) } else { e }
}

fn is_delete_original(prep: u32) -> bool {
    prep == JET_prepInsertCopyDeleteOriginal || prep == JET_prepInsertCopyReplaceOriginal
}

/// The ids of a record's separated long values.
fn separated_lids(rec: &Record) -> Vec<Vec<u8>> {
    rec.tagged_columns()
        .iter()
        .flat_map(|c| c.values.iter())
        .filter(|v| v.separated)
        .map(|v| v.data.clone())
        .collect()
}

/// Writes what an update staged in the LV tree and deletes the long values it no longer uses
/// (inside the update's nested level).
fn apply_lv(
    w: &mut Nested<'_>,
    db: &Arc<Database>,
    lv: Option<LvInfo>,
    staged: TreeWrites,
    drop: &[Vec<u8>],
) -> JetResult<()> {
    let Some((objid, chunk, store)) = lv else {
        return if staged.is_empty() && drop.is_empty() { Ok(()) } else { fail(JET_errLVCorrupted) };
    };
    for (k, v) in staged {
        w.writes.write(w.level, db, objid, &k, v)?;
    }
    let mut tree = NestedLv { store: store.as_ref(), w, db, objid };
    for l in drop {
        lv::delete(&mut tree, Lid::from_record(l)?, chunk)?;
    }
    Ok(())
}

/// The `n`-th tagged value of a record over all its tagged columns (JetRetrieveColumn with
/// columnid 0, §5.1 step 6): its column id, value and itag within its column. With
/// `count_null`, a NULL marker counts as one value (read as NULL).
fn nth_tagged<'a>(sch: &'a Schema, rec: &'a Record, n: u32, count_null: bool) -> Option<(u32, Val<'a>, u32)> {
    let mut left = n;
    for col in rec.tagged_columns() {
        let cid = sch
            .cat
            .columns_of(&sch.table)
            .into_iter()
            .find(|c| c.def.class() == ColumnClass::Tagged && sch.tagged_id(c) == col.id)
            .map(|c| c.columnid())?;
        if col.values.is_empty() {
            if count_null {
                if left == 1 {
                    return Some((cid, Val::Null, 1));
                }
                left -= 1;
            }
            continue;
        }
        let k = col.values.len() as u32;
        if left <= k {
            let v = &col.values[left as usize - 1];
            let val = if v.separated { Val::Separated(&v.data) } else { Val::Data(&v.data) };
            return Some((cid, val, left));
        }
        left -= k;
    }
    None
}
