//! Temporary tables and sorts (data-records §8): JetOpenTempTable and its variants.
//!
//! A temporary table is a real table of the instance's scratch database (JET_DBID 0, ESE's
//! temporary database), so the record, key and long-value code of ordinary tables serves it
//! unchanged: JetSetColumn, JetRetrieveColumn, JetMakeKey, JetSeek, index ranges and the
//! column ids handed back in `prgcolumnid` behave exactly as on a table made by
//! JetCreateTableColumnIndex with the same columns and a unique primary index over the
//! `JET_bitColumnTTKey` columns. What makes it a sort is its *phase* (§8.4, §8.6): a cursor
//! starts in the insert phase (unless §8.3 materializes it at once), where duplicates of a key
//! are dropped silently and nothing can be read; its first move or seek ends that phase and
//! makes it a read-only sorted result (or, with `JET_bitTTUpdatable`, a materialized table).
//!
//! The scratch database is one redb file under `JET_paramTempPath`, made at the first temporary
//! table of the instance and unlinked at once (its open descriptor keeps it alive), so no file is
//! ever left behind, not even by a crash; its commits are never synced. A sort in its insert
//! phase keeps its records in memory (a write set nothing reads until the phase ends) and
//! writes them to the scratch store, in key order, when they fill half of `spill_bytes()` (4
//! MiB, or `ESENT_TEMP_MEMORY_BYTES`) and when the phase ends; the store's cache and the pages
//! of one spill's commit have a quarter each, so a sort's memory stays within that bound (plus
//! a constant) however many records it takes.
//!
//! Each update is applied to the scratch database at once, inside a transaction or not. A sort
//! is never versioned: a rollback leaves its records, and the records an updatable sort took
//! before it became a table (ESE's sort.cxx asserts a sort has no version entries, and
//! sortapi.cxx `ErrIsamSortMaterialize` copies them with `fDIRNoVersion`). A materialized
//! temporary table is versioned when `JET_paramEnableTempTableVersioning` is on (the default):
//! ESE then creates its temporary database without `JET_bitDbVersioningOff` (sysinit.cxx),
//! so an insert, replace or delete inside a transaction makes version entries that serve only
//! a rollback (ver.cxx, the temp-db case of the commit). Here the table keeps an undo log of
//! the values its changes replaced, by level: a rollback puts them back, a commit moves them to
//! the outer level, the level-0 commit forgets them. With the parameter off nothing is undone.
//! Either way a table opened inside the rolled-back level is closed by the rollback
//! (S-THD-02), and its creation and deletion are never undone.

use crate::abi::consts::*;
use crate::engine::catalog::{ColumnSpec, IndexSpec, TableSpec, UnicodeSpec};
use crate::engine::coltype::ColType;
use crate::engine::cursor::{CursorData, TableCursor};
use crate::engine::data::Pos;
use crate::engine::database::{CATALOG_TREE, Database, OBJIDS_TREE, tree_of};
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::session::{Session, Tx};
use crate::engine::store::{self, CreateOptions, Durability};
use crate::engine::txn::WriteSet;
use parking_lot::Mutex;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

// ---- the scratch database -----------------------------------------------------------------

/// The instance's scratch database and what it is made from (`JET_paramTempPath` and
/// `JET_paramMaxTemporaryTables`, both locked at JetInit).
#[derive(Debug, Default)]
pub struct TempStore {
    path: String,
    max_tables: u64,
    /// `JET_paramEnableTempTableVersioning`: whether a rollback undoes a materialized
    /// temporary table's changes.
    versioned: bool,
    db: Mutex<Option<Arc<Database>>>,
    /// Temporary tables alive (a table with its duplicate cursors is one), against
    /// `max_tables` (ESE's sort control blocks, at most `JET_paramMaxTemporaryTables`).
    live: Arc<AtomicU64>,
}

/// One temporary table's place in its instance's count; dropping it gives the place back.
#[derive(Debug)]
struct Place(Arc<AtomicU64>);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

static SCRATCH_SEQ: AtomicU64 = AtomicU64::new(0);
static TABLE_SEQ: AtomicU64 = AtomicU64::new(0);

impl TempStore {
    pub fn new(path: String, max_tables: u64, versioned: bool) -> TempStore {
        TempStore { path, max_tables, versioned, db: Mutex::new(None), live: Arc::default() }
    }

    /// A place for one more temporary table, or `JET_errTooManySorts` when
    /// `JET_paramMaxTemporaryTables` are alive.
    fn place(&self) -> JetResult<Place> {
        let n = self.live.fetch_add(1, Ordering::SeqCst);
        let place = Place(self.live.clone());
        if n >= self.max_tables {
            return fail(JET_errTooManySorts);
        }
        Ok(place)
    }

    /// The file the scratch database is made at: `JET_paramTempPath` names a file, or a
    /// directory when it ends with a separator (then `tmp.edb` in it, as ESE does), made
    /// unique per process and instance because it is unlinked as soon as it exists.
    fn file(&self) -> PathBuf {
        let p = crate::engine::database::native_path(&self.path);
        let base = if p.is_empty() {
            "tmp.edb".to_string()
        } else if p.ends_with('/') {
            format!("{p}tmp.edb")
        } else {
            p
        };
        let n = SCRATCH_SEQ.fetch_add(1, Ordering::Relaxed);
        PathBuf::from(format!("{base}.libesent-scratch-{}-{n}", std::process::id()))
    }

    /// The scratch database, made on first use.
    fn database(&self, instance: usize, page_size: u32) -> JetResult<Arc<Database>> {
        let mut g = self.db.lock();
        if let Some(db) = &*g {
            return Ok(db.clone());
        }
        let file = self.file();
        let opts = CreateOptions {
            overwrite: false,
            page_size,
            max_size_bytes: None,
            trees: vec![CATALOG_TREE.to_string(), OBJIDS_TREE.to_string()],
            cache_bytes: cache_bytes(),
        };
        let store = store::create(&file, &opts)?;
        // The store works through its open descriptors: the name is not needed again.
        let _ = std::fs::remove_file(&file);
        let db = Arc::new(Database::scratch(file, store, instance)?);
        *g = Some(db.clone());
        Ok(db)
    }
}

// ---- what the caller asks for ---------------------------------------------------------------

/// One JET_COLUMNDEF of a temporary table (only these fields are read, §8.2 step 11).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TempColumn {
    pub coltyp: u32,
    pub cb_max: u32,
    pub cp: u32,
    pub grbit: u32,
}

/// A temporary table's definition, as every JetOpenTemp* entry point gives it (§8.1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TempSpec {
    pub columns: Vec<TempColumn>,
    pub grbit: u32,
    /// The key's locale and map flags (`None`: the instance default).
    pub unicode: Option<UnicodeSpec>,
    pub cb_key_most: u32,
    pub cb_var_seg_mac: u32,
}

/// Whether a column type is one of the fixed-size numeric types (§8.2 step 6, sortapi.cxx).
fn numeric(coltyp: u32) -> bool {
    ColType::from_u32(coltyp).is_ok_and(|t| t.fixed_size().is_some())
}

fn long_value(coltyp: u32) -> bool {
    coltyp == JET_coltypLongText || coltyp == JET_coltypLongBinary
}

/// The column ids of a temporary table (§8.2 step 6): by class, in definition order — tagged
/// for `JET_bitColumnTagged` or a long type, fixed for a numeric type or `JET_bitColumnFixed`,
/// variable otherwise. Ids are written into `ids` as they are given, so a
/// `JET_errTooManyColumns` leaves those before the failing column written.
pub fn assign_ids(columns: &[TempColumn], ids: &mut [u32]) -> JetResult<()> {
    let (mut fixed, mut var, mut tagged) = (0u32, 127u32, 255u32);
    for (i, c) in columns.iter().enumerate() {
        let id = if c.grbit & JET_bitColumnTagged != 0 || long_value(c.coltyp) {
            tagged += 1;
            if tagged > 0xFFFF {
                return fail(JET_errTooManyColumns);
            }
            tagged
        } else if numeric(c.coltyp) || c.grbit & JET_bitColumnFixed != 0 {
            fixed += 1;
            if fixed > 127 {
                return fail(JET_errTooManyColumns);
            }
            fixed
        } else {
            var += 1;
            if var > 255 {
                return fail(JET_errTooManyColumns);
            }
            var
        };
        if let Some(slot) = ids.get_mut(i) {
            *slot = id;
        }
    }
    Ok(())
}

/// Whether a sort keeps records with equal keys: forward-only without Unique.
fn keeps_duplicates(grbit: u32) -> bool {
    grbit & JET_bitTTForwardOnly != 0 && grbit & JET_bitTTUnique == 0
}

/// The name of the key's index in the scratch catalog.
const KEY_INDEX: &str = "key";

/// The column name a temporary table's column `i` gets in the scratch catalog (temporary
/// tables have no names in ESE; no API shows these).
fn column_name(i: usize) -> String {
    format!("c{i}")
}

/// The ordinary table the definition becomes: each column in its class (only the Fixed and
/// Tagged bits count; NotNULL, MultiValued, escrow and the rest are not kept by a sort, §8.2),
/// and a primary index over the TTKey columns (at most 16; more are ignored, step 8) with
/// the open's key sizes, locale, SortNullsHigh and DotNetGuid.
///
/// A forward-only sort without `JET_bitTTUnique` keeps records with equal keys (sortapi.cxx:69):
/// its key is then a non-unique secondary index over a table in insertion order, so equal keys
/// come back in the order they were inserted.
fn table_spec(name: String, spec: &TempSpec) -> JetResult<TableSpec> {
    let mut columns = Vec::with_capacity(spec.columns.len());
    let mut key = Vec::new();
    let mut segments = 0;
    for (i, c) in spec.columns.iter().enumerate() {
        let grbit = if c.grbit & JET_bitColumnTagged != 0 || long_value(c.coltyp) {
            if long_value(c.coltyp) { 0 } else { JET_bitColumnTagged }
        } else if !numeric(c.coltyp) && c.grbit & JET_bitColumnFixed != 0 {
            JET_bitColumnFixed
        } else {
            0
        };
        // Step 7: the code page of a text column (0 is 1252); other types ignore it.
        let cp = if c.coltyp == JET_coltypText || c.coltyp == JET_coltypLongText {
            match c.cp {
                0 | 1252 => 1252,
                1200 => 1200,
                _ => return fail(JET_errInvalidCodePage),
            }
        } else {
            0
        };
        // Step 7 too: cbMax is not checked (UlCATColumnSize): a fixed-size type
        // ignores it, text and binary cut it to 255 (no warning), a long value keeps it. So an
        // unset (garbage) cbMax of a Long column is no error, as on Windows.
        let cb_max = if numeric(c.coltyp) {
            0
        } else if long_value(c.coltyp) {
            c.cb_max.min(JET_cbLVColumnMost)
        } else {
            c.cb_max.min(JET_cbColumnMost)
        };
        columns.push(ColumnSpec {
            name: column_name(i),
            coltyp: c.coltyp,
            cb_max,
            cp,
            grbit,
            ..ColumnSpec::default()
        });
        if c.grbit & JET_bitColumnTTKey != 0 && segments < JET_ccolKeyMost {
            key.push(if c.grbit & JET_bitColumnTTDescending != 0 { b'-' } else { b'+' });
            key.extend_from_slice(column_name(i).as_bytes());
            key.push(0);
            segments += 1;
        }
    }
    let mut indexes = Vec::new();
    if segments > 0 {
        key.push(0);
        let mut grbit = JET_bitIndexKeyMost;
        if !keeps_duplicates(spec.grbit) {
            grbit |= JET_bitIndexPrimary | JET_bitIndexUnique;
        }
        if spec.grbit & JET_bitTTSortNullsHigh != 0 {
            grbit |= JET_bitIndexSortNullsHigh;
        }
        if spec.grbit & JET_bitTTDotNetGuid != 0 {
            grbit |= JET_bitIndexDotNetGuid;
        }
        if spec.unicode.is_some() {
            grbit |= JET_bitIndexUnicode;
        }
        indexes.push(IndexSpec {
            name: KEY_INDEX.to_string(),
            grbit,
            key,
            cb_key_most: if spec.cb_key_most == 0 { JET_cbKeyMostMin } else { spec.cb_key_most },
            cb_var_seg_mac: spec.cb_var_seg_mac,
            unicode: spec.unicode.clone(),
            ..IndexSpec::default()
        });
    }
    Ok(TableSpec { name, columns, indexes, ..TableSpec::default() })
}

// ---- the cursor -----------------------------------------------------------------------------

/// A temporary table's phase (§8.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// An unmaterialized sort taking records (`vtfndefTTSortIns`).
    Insert,
    /// A read-only sorted result (`vtfndefTTSortRet`).
    Retrieve,
    /// A materialized temporary table (`vtfndefTTBase`).
    Table,
}

/// What an API call does to a temporary table, for the admission rules of §8.6.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// JetPrepareUpdate, JetSetColumn(s), JetEscrowUpdate: insert phase and tables.
    Write,
    /// JetDelete: tables only.
    Delete,
    /// JetRetrieveColumn(s), JetEnumerateColumns, JetGetRecordSize: after the insert phase.
    Read,
    /// JetMakeKey, JetRetrieveKey: every phase.
    Key,
    /// JetSetIndexRange: a scrollable or indexed sort after the insert phase, and tables.
    IndexRange,
    /// JetGetCursorInfo: tables only.
    CursorInfo,
    /// JetSetCurrentIndex, JetGetCurrentIndex, secondary-index bookmarks, JetIndexRecordCount,
    /// record positions, JetPrereadKeys, JetGetLock, JetSet/ResetTableSequential, and DDL
    /// through the cursor: never.
    Never,
}

/// The table of a temporary table: dropped from the scratch database when the last cursor on
/// it closes.
#[derive(Debug)]
struct TempTable {
    db: Arc<Database>,
    name: String,
    /// Its place in the instance's count (given back after the table is deleted).
    _place: Place,
    /// Whether its changes as a table are versioned (`TempStore::versioned`).
    versioned: bool,
    /// What a rollback puts back, oldest first (the table's cursors all belong to one session,
    /// so one log serves them all).
    undo: Mutex<Vec<Undo>>,
}

/// One change to a versioned temporary table inside a transaction: record `key` of tree
/// `objid` (the table's, or its long values') held `before` until level `level` changed it.
#[derive(Debug)]
struct Undo {
    level: u8,
    objid: u32,
    key: Vec<u8>,
    before: Option<Vec<u8>>,
}

impl TempTable {
    /// Saves what the changes of `ws`, made at transaction level `level` (> 0), replace.
    fn save_before(&self, level: u8, ws: &WriteSet) -> JetResult<()> {
        let snap = self.db.store.snapshot().map_err(JetError::from)?;
        let mut log = self.undo.lock();
        for (db, objid, key) in ws.keys() {
            if !Arc::ptr_eq(db, &self.db) {
                continue;
            }
            let before = snap.get(&tree_of(objid), key).map_err(JetError::from)?;
            log.try_reserve(1).map_err(|_| JetError(JET_errOutOfMemory))?;
            log.push(Undo { level, objid, key: key.to_vec(), before });
        }
        Ok(())
    }

    /// A commit into `level`: the deeper levels' changes become its own (at 0: kept for good).
    fn commit_to(&self, level: u8) {
        let mut log = self.undo.lock();
        if level == 0 {
            log.clear();
            return;
        }
        for u in log.iter_mut().rev() {
            if u.level <= level {
                break;
            }
            u.level = level;
        }
    }

    /// A rollback to `level`: every change made deeper is undone, newest first, in one commit
    /// of the scratch store.
    fn rollback_to(&self, level: u8) -> JetResult<()> {
        let mut log = self.undo.lock();
        if log.last().is_none_or(|u| u.level <= level) {
            return Ok(());
        }
        let mut ws = WriteSet::new();
        // Newest first: a key changed twice ends with the value from before the first change.
        while let Some(u) = log.pop_if(|u| u.level > level) {
            ws.write(1, &self.db, u.objid, &u.key, u.before)?;
        }
        ws.apply(Durability::Lazy)?;
        Ok(())
    }
}

impl Drop for TempTable {
    fn drop(&mut self) {
        // Nothing else names the table; a failure leaves a table nobody can reach, in a
        // database that goes with the instance.
        let _ = self.db.ddl(|c| c.delete_table(&self.name).map(|n| (n, ())));
    }
}

/// A cursor on a temporary table (`CursorData::Temp`).
#[derive(Debug)]
pub struct TempCursor {
    /// The cursor on the underlying table (declared first: it drops, releasing its lock,
    /// before the table is deleted).
    pub table: TableCursor,
    owner: Arc<TempTable>,
    /// The open grbit (JET_bitTT*).
    pub grbit: u32,
    pub phase: Phase,
    /// In the retrieve phase: the records in order, so a sort's bookmark is the record's
    /// ordinal (a 4-byte number, sortapi.cxx `ErrIsamSortGetBookmark`).
    order: Option<Arc<Vec<Entry>>>,
    /// In the insert phase: the records taken and not yet written to the scratch store (a
    /// write set with no version-store budget: temporary tables do not use it).
    pending: Option<Box<WriteSet>>,
}

/// The memory a temporary table may use, unless `ESENT_TEMP_MEMORY_BYTES` says otherwise. It
/// is shared out as: half for the records a sort holds before writing them to the scratch store
/// (their keys and values and [`PENDING_OVERHEAD`] of bookkeeping each: rows of 100 KB spill
/// after a few dozen, rows of 100 bytes after a few thousand), a quarter for the scratch store's
/// page cache, a quarter for the pages one store commit of a spill changes.
const SPILL_BYTES_DEFAULT: usize = 4 << 20;

/// The least bound `ESENT_TEMP_MEMORY_BYTES` can set (smaller values are raised to it).
const SPILL_BYTES_MIN: usize = 64 << 10;

/// What a record held by a sort costs besides its key and value: the write set's map entry and
/// log entry, with their allocations (about 230 bytes on x86-64 by their sizes, rounded up).
const PENDING_OVERHEAD: usize = 256;

/// The page size the shares of the bound are counted in (the scratch store's, at most).
const SPILL_PAGE: usize = 8 << 10;

/// The memory bound of temporary tables, read once per process.
pub fn spill_bytes() -> usize {
    static B: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *B.get_or_init(|| {
        std::env::var("ESENT_TEMP_MEMORY_BYTES")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .map_or(SPILL_BYTES_DEFAULT, |b| b.max(SPILL_BYTES_MIN))
    })
}

/// Whether the records a sort holds have reached their share of the bound.
fn must_spill(pending: &WriteSet) -> bool {
    pending.held_bytes() + pending.change_count() * PENDING_OVERHEAD >= spill_bytes() / 2
}

/// The scratch store's page cache: a quarter of the bound.
fn cache_bytes() -> usize {
    spill_bytes() / 4
}

/// How many records one store commit of a spill writes: the store keeps the pages a commit
/// changes in memory until it ends, and each record may land on a page of its own, so a
/// quarter of the bound in pages (at least 8).
fn spill_commit_records() -> usize {
    (spill_bytes() / 4 / SPILL_PAGE).max(8)
}

/// One record of a sorted result: its key in the current index's tree and its bookmark.
type Entry = (Vec<u8>, Vec<u8>);

/// Runs `f` with the session's transaction context made for the scratch database: the
/// session's level (so the rules that depend on it, such as long values needing a
/// transaction, hold as on any table), but a write set of its own, applied (never synced)
/// when `f` returns: temporary tables are not versioned.
///
/// `log`: the undo log of a versioned table, which saves what the changes replace when they are
/// made inside a transaction.
fn in_scratch<R>(
    tx: &Tx<'_>,
    log: Option<&TempTable>,
    f: impl FnOnce(&mut Tx<'_>) -> JetResult<R>,
) -> JetResult<R> {
    let mut own: Option<Box<WriteSet>> = None;
    let r = {
        let mut ttx = Tx {
            sesid: tx.sesid,
            level: tx.level,
            read_only: false,
            commit_default: tx.commit_default,
            writes: &mut own,
            budget: tx.budget,
        };
        f(&mut ttx)
    };
    if let Some(ws) = own.as_mut()
        && !ws.is_empty()
    {
        if let Some(t) = log
            && tx.level > 0
        {
            t.save_before(tx.level, ws)?;
        }
        ws.apply(Durability::Lazy)?;
    }
    r
}

impl TempCursor {
    fn scrollable(&self) -> bool {
        self.grbit & (JET_bitTTScrollable | JET_bitTTIndexed) != 0
    }

    /// Whether `op` is allowed in the current phase (§8.6): `JET_errIllegalOperation` if not.
    pub fn admit(&self, op: Op) -> JetResult<()> {
        let ok = match (op, self.phase) {
            (Op::Key, _) => true,
            (Op::Write, Phase::Insert | Phase::Table) => true,
            (Op::Read, Phase::Retrieve | Phase::Table) => true,
            (Op::IndexRange, Phase::Retrieve) => self.scrollable(),
            (Op::IndexRange | Op::Delete | Op::CursorInfo, Phase::Table) => true,
            _ => false,
        };
        if ok { Ok(()) } else { fail(JET_errIllegalOperation) }
    }

    /// Runs `f` on the underlying table cursor if `op` is allowed now.
    pub fn with<R>(
        &mut self,
        op: Op,
        tx: &mut Tx<'_>,
        f: impl FnOnce(&mut TableCursor, &mut Tx<'_>) -> JetResult<R>,
    ) -> JetResult<R> {
        self.admit(op)?;
        let log = self.undo_log();
        in_scratch(tx, log.as_deref(), |ttx| f(&mut self.table, ttx))
    }

    /// The undo log its changes go to: a versioned table's, in the table phase.
    fn undo_log(&self) -> Option<Arc<TempTable>> {
        (self.phase == Phase::Table && self.owner.versioned).then(|| self.owner.clone())
    }

    /// A commit into `level` (`engine::data::committed`): an update prepared deeper now
    /// belongs to `level`, and so do the table's changes.
    pub fn committed(&mut self, level: u8) {
        if self.phase == Phase::Table {
            crate::engine::data::table_committed(&mut self.table, level);
        } else if let Some(u) = &mut self.table.rec.update
            && u.level > level
        {
            u.level = level;
        }
        self.owner.commit_to(level);
    }

    /// A rollback to `level` (`engine::data::rolled_back`): an update prepared deeper is
    /// cancelled (ESE resets every cursor's copy buffer); a table also puts back what its
    /// versioned changes replaced and is reset as an ordinary table's cursor is (§9.6).
    pub fn rolled_back(&mut self, level: u8) -> JetResult<()> {
        if self.phase != Phase::Table {
            if self.table.rec.update.as_ref().is_some_and(|u| u.level > level) {
                self.table.rec.update = None;
            }
            return Ok(());
        }
        crate::engine::data::table_rolled_back(&mut self.table, level);
        self.owner.rollback_to(level)
    }

    /// Ends the insert phase (sortapi.cxx `ErrTTEndInsert`): an updatable sort becomes a
    /// table; any other becomes a sorted result standing on its first record, which is
    /// `Ok(true)`, or `JET_errNoCurrentRecord` when it has none. A prepared update is cancelled
    /// first.
    fn end_insert(&mut self, ttx: &mut Tx<'_>) -> JetResult<bool> {
        if self.table.rec.update.is_some() {
            self.table.prepare_update(ttx, JET_prepCancel)?;
        }
        self.spill()?;
        if self.grbit & JET_bitTTUpdatable != 0 {
            self.phase = Phase::Table;
            return Ok(false);
        }
        self.phase = Phase::Retrieve;
        self.table.move_(ttx, JET_MoveFirst, 0)?;
        Ok(true)
    }

    /// The sorted result's records in order, for its ordinal bookmarks: made at the first
    /// bookmark call (a sort whose bookmarks are never asked for does not hold its keys in
    /// memory), by a walk that leaves the cursor where it was.
    fn ensure_order(&mut self, ttx: &mut Tx<'_>) -> JetResult<Arc<Vec<Entry>>> {
        if let Some(o) = &self.order {
            return Ok(o.clone());
        }
        let saved = self.table.rec.pos.clone();
        // The walk covers every record, whatever index range is set.
        let range = self.table.rec.range.take();
        let mut entries = Vec::new();
        let mut r = self.table.move_(ttx, JET_MoveFirst, 0);
        while r.is_ok() {
            if let Pos::On { key, bookmark, .. } = &self.table.rec.pos {
                entries.push((key.clone(), bookmark.clone()));
            }
            r = self.table.move_(ttx, JET_MoveNext, 0);
        }
        self.table.rec.range = range;
        self.table.rec.pos = saved;
        self.table.rec.nav.reset();
        self.table.rec.cur = None;
        match r {
            Err(JetError(JET_errNoCurrentRecord)) | Ok(()) => {}
            Err(e) => return Err(e),
        }
        let o = Arc::new(entries);
        self.order = Some(o.clone());
        Ok(o)
    }

    /// JetMove (§8.4): the first move ends the insert phase, and counts the step to the first
    /// record it made (sortapi.cxx `ErrTTSortInsMove`); a sorted result moves forward, to its
    /// first or last record, and backward only when scrollable or indexed.
    pub fn move_(&mut self, tx: &mut Tx<'_>, crow: i32, grbit: u32) -> JetResult<()> {
        in_scratch(tx, None, |ttx| self.move_in(ttx, crow, grbit))
    }

    fn move_in(&mut self, ttx: &mut Tx<'_>, crow: i32, grbit: u32) -> JetResult<()> {
        let mut crow = crow;
        if self.phase == Phase::Insert && self.end_insert(ttx)? {
            if crow > 0 && crow < JET_MoveLast {
                crow -= 1;
            }
            if crow == JET_MoveFirst || crow == 0 {
                return Ok(());
            }
        }
        match self.phase {
            Phase::Table => self.table.move_(ttx, crow, grbit),
            _ => {
                if crow < 0 && crow != JET_MoveFirst && !self.scrollable() {
                    return fail(JET_errIllegalOperation);
                }
                if crow == 0 {
                    // Whether the sort stands on a record (sortapi.cxx `ErrIsamSortMove`).
                    return match self.table.rec.pos {
                        Pos::On { .. } => Ok(()),
                        _ => fail(JET_errNoCurrentRecord),
                    };
                }
                // A sort's move takes no options.
                self.table.move_(ttx, crow, 0)
            }
        }
    }

    /// JetSeek (§8.4): the first seek ends the insert phase (an empty sort then has nothing to
    /// find, `JET_errRecordNotFound`); a sorted result seeks only when scrollable or indexed.
    pub fn seek(&mut self, tx: &mut Tx<'_>, grbit: u32) -> JetResult<i32> {
        in_scratch(tx, None, |ttx| self.seek_in(ttx, grbit))
    }

    fn seek_in(&mut self, ttx: &mut Tx<'_>, grbit: u32) -> JetResult<i32> {
        if self.phase == Phase::Insert {
            match self.end_insert(ttx) {
                Err(JetError(JET_errNoCurrentRecord)) => return fail(JET_errRecordNotFound),
                r => {
                    r?;
                }
            }
        }
        if self.phase == Phase::Retrieve && !self.scrollable() {
            return fail(JET_errIllegalOperation);
        }
        self.table.seek(ttx, grbit)
    }

    /// JetUpdate: in the insert phase a sort takes the record and gives no bookmark (`None`);
    /// a record whose key the sort has already is dropped silently (§8.4). A table's update
    /// is the ordinary one (a duplicate key is `JET_errKeyDuplicate`, §8.5).
    pub fn update(
        &mut self,
        tx: &mut Tx<'_>,
        cb_bookmark: Option<u32>,
        grbit: u32,
    ) -> JetResult<Option<Vec<u8>>> {
        self.admit(Op::Write)?;
        if self.phase == Phase::Table {
            let log = self.undo_log();
            return in_scratch(tx, log.as_deref(), |ttx| self.table.update(ttx, cb_bookmark, grbit))
                .map(Some);
        }
        // The sort's records stay in memory (the pending write set, which nothing can read
        // until the insert phase ends) up to half of `spill_bytes()`, then go to the scratch
        // store.
        let table = &mut self.table;
        let pending = &mut self.pending;
        if pending.is_none() {
            *pending = Some(Box::new(WriteSet::new()));
        }
        let mut ttx = Tx {
            sesid: tx.sesid,
            // A level of the write set's own, so that the update's nested level lands in it
            // (the update itself has no rule that depends on the session's level).
            level: tx.level.max(1),
            read_only: false,
            commit_default: tx.commit_default,
            writes: pending,
            budget: tx.budget,
        };
        let r = match table.update(&mut ttx, None, grbit) {
            Ok(_) => Ok(None),
            Err(JetError(JET_errKeyDuplicate)) => {
                table.prepare_update(&mut ttx, JET_prepCancel).map(|_| None)
            }
            Err(e) => Err(e),
        };
        if r.is_ok() && self.pending.as_deref().is_some_and(must_spill) {
            self.spill()?;
        }
        r
    }

    /// Writes the records held in memory to the scratch store, in key order, in store commits
    /// of [`SPILL_COMMIT_RECORDS`] records (`WriteSet::apply_in_parts`).
    fn spill(&mut self) -> JetResult<()> {
        if let Some(ws) = self.pending.as_mut()
            && !ws.is_empty()
        {
            ws.apply_in_parts(Durability::Lazy, spill_commit_records())?;
        }
        self.pending = None;
        Ok(())
    }

    /// JetGetBookmark: a sorted result's bookmark is its record's ordinal, 4 bytes
    /// (`JET_errBufferTooSmall` for a smaller buffer, before anything else).
    pub fn bookmark(&mut self, tx: &mut Tx<'_>, cb_max: u32) -> JetResult<Vec<u8>> {
        match self.phase {
            Phase::Insert => fail(JET_errIllegalOperation),
            Phase::Table => self.with(Op::Read, tx, |t, tx| t.bookmark(tx)),
            Phase::Retrieve => {
                if cb_max < 4 {
                    return fail(JET_errBufferTooSmall);
                }
                if !matches!(self.table.rec.pos, Pos::On { .. }) {
                    return fail(JET_errNoCurrentRecord);
                }
                let order = in_scratch(tx, None, |ttx| self.ensure_order(ttx))?;
                let Pos::On { key, .. } = &self.table.rec.pos else {
                    return fail(JET_errNoCurrentRecord);
                };
                match order.binary_search_by(|(k, _)| k.cmp(key)) {
                    Ok(i) => Ok((i as u32).to_le_bytes().to_vec()),
                    Err(_) => fail(JET_errNoCurrentRecord),
                }
            }
        }
    }

    /// JetGotoBookmark: on a sorted result, a 4-byte ordinal it gave (`JET_errInvalidBookmark`
    /// for any other size or an ordinal past its records).
    pub fn goto_bookmark(&mut self, tx: &mut Tx<'_>, bm: &[u8]) -> JetResult<()> {
        match self.phase {
            Phase::Insert => fail(JET_errIllegalOperation),
            Phase::Table => self.with(Op::Read, tx, |t, tx| t.goto_bookmark(tx, bm)),
            Phase::Retrieve => {
                let Ok(n) = <[u8; 4]>::try_from(bm) else { return fail(JET_errInvalidBookmark) };
                let i = u32::from_le_bytes(n) as usize;
                let order = in_scratch(tx, None, |ttx| self.ensure_order(ttx))?;
                let Some((_, bm)) = order.get(i).cloned() else {
                    return fail(JET_errInvalidBookmark);
                };
                in_scratch(tx, None, |ttx| self.table.goto_bookmark(ttx, &bm))
            }
        }
    }

    /// JetGetTableInfo on a temporary table (sortapi.cxx `ErrIsamSortGetTableInfo`): not in the
    /// insert phase (-1312); only `JET_TblInfo` (else `JET_errInvalidOperation`), into at least
    /// a JET_OBJECTINFO (else -1003), with the number of records and nothing else.
    pub fn table_info(&mut self, level: u32, cb: u32) -> JetResult<crate::engine::info::Info> {
        if self.phase == Phase::Insert {
            return fail(JET_errIllegalOperation);
        }
        if level != JET_TblInfo {
            return fail(JET_errInvalidOperation);
        }
        if (cb as usize) < size_of::<crate::abi::JET_OBJECTINFO>() {
            return fail(JET_errInvalidParameter);
        }
        let records = self.record_count()?.min(u32::MAX as u64) as u32;
        Ok(crate::engine::info::Info::Object(crate::engine::info::ObjectInfo {
            grbit: 0,
            flags: 0,
            records,
            pages: 0,
        }))
    }

    /// The number of records of the table (of the sorted result, after the insert phase).
    fn record_count(&mut self) -> JetResult<u64> {
        if let Some(o) = &self.order {
            return Ok(o.len() as u64);
        }
        self.table.refresh()?;
        match self.table.store_tree(self.table.objid())? {
            Some(t) => Ok(t.len()?),
            None => Ok(0),
        }
    }

    /// JetDupCursor (sortapi.cxx `ErrTTSortRetDupCursor`, `ErrTTBaseDupCursor`): another cursor
    /// on the same records, in the same phase, on the first record. Not in the insert phase.
    pub fn dup(&mut self, tx: &mut Tx<'_>, sesid: u64) -> JetResult<TempCursor> {
        if self.phase == Phase::Insert {
            return fail(JET_errIllegalOperation);
        }
        let db = self.owner.db.clone();
        let lock = db.lock_table(self.table.objid(), sesid, JET_bitTableUpdatable, true)?;
        let mut d = TempCursor {
            table: on_key(
                TableCursor {
                    lock,
                    dbid: 0,
                    grbit: JET_bitTableUpdatable,
                    updatable: true,
                    rec: Default::default(),
                },
                self.grbit,
            ),
            owner: self.owner.clone(),
            grbit: self.grbit,
            phase: self.phase,
            order: self.order.clone(),
            pending: None,
        };
        match in_scratch(tx, None, |ttx| d.table.move_(ttx, JET_MoveFirst, 0)) {
            Ok(()) | Err(JetError(JET_errNoCurrentRecord)) => Ok(d),
            Err(e) => Err(e),
        }
    }
}

/// A new cursor on a temporary table, on its key: the secondary index of a sort that keeps
/// duplicates (the primary index, or the insertion order, otherwise).
///
/// It stands before the first record, not on a deferred move to it as a table's new cursor
/// does: ESE puts a sort, and a materialized temporary table, before its first record
/// (sortapi.cxx `DIRBeforeFirst`), so the first JetMove(JET_MoveNext) lands on the first record.
fn on_key(mut t: TableCursor, grbit: u32) -> TableCursor {
    if keeps_duplicates(grbit) {
        t.rec.index = Some(KEY_INDEX.to_string());
    }
    t.rec.pos = Pos::BeforeFirst;
    t
}

// ---- opening ---------------------------------------------------------------------------------

impl Session {
    /// JetOpenTempTable* (§8.2, in its order): `ids` receives each column's id (as soon as
    /// ids are given, even when a later step fails). Returns the new cursor's handle.
    pub fn open_temp_table(&mut self, spec: &TempSpec, ids: &mut [u32]) -> JetResult<u64> {
        let cursor = self.make_temp(spec, ids)?;
        self.open_cursor(CursorData::Temp(Box::new(cursor)))
    }

    /// A temporary table filled with `rows` (each a value, or `None` for NULL, per column of
    /// `columns`), scrollable and indexed with 255-byte keys, positioned on its first row: the
    /// result of the list levels of the information calls (data-ddl §8.1). Returns the cursor,
    /// the column ids and the number of rows taken.
    pub fn list_table(
        &mut self,
        columns: &[TempColumn],
        rows: &[Vec<Option<Vec<u8>>>],
    ) -> JetResult<(u64, Vec<u32>, u32)> {
        let spec = TempSpec {
            columns: columns.to_vec(),
            grbit: JET_bitTTScrollable | JET_bitTTIndexed,
            unicode: None,
            cb_key_most: JET_cbKeyMost_OLD,
            cb_var_seg_mac: JET_cbKeyMost_OLD,
        };
        let mut ids = vec![0; columns.len()];
        let mut t = self.make_temp(&spec, &mut ids)?;
        let budget = self.instance().budget.clone();
        let mut none = None;
        // The rows are written in a transaction of the call's own (a level-0 caller's lists hold
        // long values, which need one).
        let level = self.level().max(1);
        let mut tx = Tx {
            sesid: self.sesid,
            level,
            read_only: false,
            commit_default: 0,
            writes: &mut none,
            budget: &budget,
        };
        for row in rows {
            t.with(Op::Write, &mut tx, |c, tx| c.prepare_update(tx, JET_prepInsert))?;
            for (i, v) in row.iter().enumerate() {
                if let Some(v) = v {
                    let id = ids[i];
                    let cb = v.len() as u32;
                    t.with(Op::Write, &mut tx, |c, tx| {
                        c.set_column(tx, id, Some(v.as_slice()), cb, 0, 1, 0)
                    })?;
                }
            }
            t.update(&mut tx, None, 0)?;
        }
        // The rows are committed with the call (at the caller's level, where a rollback
        // closes the list anyway).
        t.owner.commit_to(self.level());
        match t.move_(&mut tx, JET_MoveFirst, 0) {
            Ok(()) | Err(JetError(JET_errNoCurrentRecord)) => {}
            Err(e) => return Err(e),
        }
        let count = t.record_count()?.min(u32::MAX as u64) as u32;
        let h = self.open_cursor(CursorData::Temp(Box::new(t)))?;
        Ok((h, ids, count))
    }

    /// A temporary table's cursor, not yet in the session's list (§8.2's steps).
    fn make_temp(&mut self, spec: &TempSpec, ids: &mut [u32]) -> JetResult<TempCursor> {
        let core = self.instance().core().ok_or(JetError(JET_errNotInitialized))?;
        // 2. Temporary tables disabled.
        if core.temp.max_tables == 0 {
            return fail(JET_errTooManySorts);
        }
        let g = spec.grbit;
        // 3. A forward-only sort cannot have what needs a table.
        let table_bits =
            JET_bitTTIndexed | JET_bitTTUpdatable | JET_bitTTScrollable | JET_bitTTForceMaterialization;
        if g & JET_bitTTForwardOnly != 0 && g & table_bits != 0 {
            return fail(JET_errCannotMaterializeForwardOnlySort);
        }
        // 4. A sort (at most JET_paramMaxTemporaryTables alive) in the scratch database.
        let place = core.temp.place()?;
        let db = core.temp.database(self.handle().instance, core.settings.page_size)?;
        // 5. Key sizes.
        let key_max = db.catalog().cb_key_most_for_page();
        let (km, vs) = (spec.cb_key_most, spec.cb_var_seg_mac);
        if (km != 0 && km < JET_cbKeyMostMin) || km > key_max {
            return fail(JET_errInvalidParameter);
        }
        if (km != 0 && vs > km) || (km == 0 && vs > JET_cbKeyMostMin) {
            return fail(JET_errInvalidParameter);
        }
        // 6. Column ids.
        assign_ids(&spec.columns, ids)?;
        // 7-10. Code pages, sizes, the key, the index: the catalog's rules on the table.
        let name = format!("tt{}", TABLE_SEQ.fetch_add(1, Ordering::Relaxed));
        let defaults = self.index_defaults();
        let mut spec = spec.clone();
        if let Some(u) = &mut spec.unicode
            && u.locale.is_none()
        {
            // A locale asked for without a name is the instance default's (not the root).
            u.locale = Some(defaults.locale.clone());
        }
        let ts = table_spec(name.clone(), &spec)?;
        let (_, objid) = db.ddl(|cat| {
            let (r, _) = cat.create_table(&ts, &defaults);
            let new = r?;
            let objid = new.table(&name).map(|t| t.objid).ok_or(JetError(JET_errInternalError))?;
            Ok((new, objid))
        })?;
        let owner = Arc::new(TempTable {
            db: db.clone(),
            name,
            _place: place,
            versioned: core.temp.versioned,
            undo: Mutex::new(Vec::new()),
        });
        let lock = db.lock_table(objid, self.sesid, JET_bitTableUpdatable, true)?;
        // 8.3: what is materialized at once.
        let keyed = spec.columns.iter().any(|c| c.grbit & JET_bitColumnTTKey != 0);
        let lvs = spec.columns.iter().any(|c| long_value(c.coltyp));
        let materialize =
            !keyed || (lvs && g & JET_bitTTIntrinsicLVsOnly == 0) || g & JET_bitTTForceMaterialization != 0;
        if materialize && g & JET_bitTTForwardOnly != 0 {
            return fail(JET_errCannotMaterializeForwardOnlySort);
        }
        let cursor = TempCursor {
            table: on_key(
                TableCursor {
                    lock,
                    dbid: 0,
                    grbit: JET_bitTableUpdatable,
                    updatable: true,
                    rec: Default::default(),
                },
                g,
            ),
            owner,
            grbit: g,
            phase: if materialize { Phase::Table } else { Phase::Insert },
            order: None,
            pending: None,
        };
        Ok(cursor)
    }
}

impl Session {
    /// JetDupCursor on a temporary table's cursor `c` (`TempCursor::dup`).
    pub(crate) fn dup_temp_cursor(&mut self, c: crate::engine::session::CursorRef) -> JetResult<u64> {
        let sesid = self.sesid;
        let (data, mut tx) = self.data(c);
        let CursorData::Temp(t) = data else { return fail(JET_errInvalidTableId) };
        let d = t.dup(&mut tx, sesid)?;
        self.open_cursor(CursorData::Temp(Box::new(d)))
    }
}

/// One JET_INDEXRANGE of JetIntersectIndexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexRange {
    pub cb_struct: u32,
    pub tableid: u64,
    pub grbit: u32,
}

/// What JetIntersectIndexes gives: the temporary table of bookmarks (`None` when a range
/// gave no bookmark at all, where ESE returns no table: not reached while every cursor must
/// stand on a record), its row count and its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordList {
    pub tableid: Option<u64>,
    pub count: u32,
    pub columnid: u32,
}

impl Session {
    /// JetIntersectIndexes (rec.cxx `ErrIsamIntersectIndexes`): the bookmarks of the records
    /// that every cursor reaches on its current secondary index, from where it stands to the
    /// end of its index range (each cursor is left after its range), as a sort over one Binary
    /// key column in its insert phase. Each range: `cbStruct` 24 (else -1003), a cursor of this
    /// session (-1310, -1114) on a table's secondary index (else -1003), `JET_bitRecordInIndex`
    /// (else `JET_errInvalidGrbit`); all on the same table and on different indexes (else
    /// -1003). A cursor that is not on a record is `JET_errNoCurrentRecord`.
    pub fn intersect_indexes(&mut self, ranges: &[IndexRange]) -> JetResult<RecordList> {
        let mut refs = Vec::with_capacity(ranges.len());
        let mut seen: Vec<(usize, u32, String)> = Vec::new();
        for r in ranges {
            if r.cb_struct as usize != size_of::<crate::abi::JET_INDEXRANGE>() {
                return fail(JET_errInvalidParameter);
            }
            let c = self.cursor_of(r.tableid)?;
            let CursorData::Table(t) = self.cursor(c) else { return fail(JET_errInvalidParameter) };
            let sch = t.refresh()?;
            if !t.on_secondary(&sch) {
                return fail(JET_errInvalidParameter);
            }
            if r.grbit != JET_bitRecordInIndex {
                return fail(JET_errInvalidGrbit);
            }
            let db = Arc::as_ptr(t.db()) as usize;
            let index = t.rec.index.clone().unwrap_or_default();
            for (d, o, i) in &seen {
                if *d != db || *o != t.objid() {
                    return fail(JET_errInvalidParameter);
                }
                if crate::engine::catalog::names_equal(i, &index) {
                    return fail(JET_errInvalidParameter);
                }
            }
            seen.push((db, t.objid(), index));
            refs.push(c);
        }
        // Each range's bookmarks, sorted and unique.
        let mut sets: Vec<std::collections::BTreeSet<Vec<u8>>> = Vec::with_capacity(refs.len());
        for c in refs {
            let (data, mut tx) = self.data(c);
            let CursorData::Table(t) = data else { return fail(JET_errInvalidParameter) };
            t.current(&tx)?;
            let mut set = std::collections::BTreeSet::new();
            loop {
                if let Pos::On { bookmark, .. } = &t.rec.pos {
                    set.insert(bookmark.clone());
                }
                match t.move_(&mut tx, JET_MoveNext, 0) {
                    Ok(()) => {}
                    Err(JetError(JET_errNoCurrentRecord)) => break,
                    Err(e) => return Err(e),
                }
            }
            sets.push(set);
        }
        if sets.iter().any(|s| s.is_empty()) {
            return Ok(RecordList { tableid: None, count: 0, columnid: 0 });
        }
        let (first, rest) = sets.split_first().expect("at least one range");
        let common: Vec<&Vec<u8>> = first.iter().filter(|b| rest.iter().all(|s| s.contains(*b))).collect();
        let core = self.instance().core().ok_or(JetError(JET_errNotInitialized))?;
        let key_most = core
            .temp
            .database(self.handle().instance, core.settings.page_size)?
            .catalog()
            .cb_key_most_for_page();
        let spec = TempSpec {
            columns: vec![TempColumn {
                coltyp: JET_coltypBinary,
                cb_max: 0,
                cp: 0,
                grbit: JET_bitColumnTTKey,
            }],
            grbit: 0,
            unicode: None,
            cb_key_most: key_most,
            cb_var_seg_mac: key_most,
        };
        let mut ids = [0u32];
        let mut t = self.make_temp(&spec, &mut ids)?;
        let budget = self.instance().budget.clone();
        let mut none = None;
        let mut tx = Tx {
            sesid: self.sesid,
            level: self.level(),
            read_only: false,
            commit_default: 0,
            writes: &mut none,
            budget: &budget,
        };
        let mut count = 0u32;
        for bm in common {
            t.with(Op::Write, &mut tx, |c, tx| c.prepare_update(tx, JET_prepInsert))?;
            let cb = bm.len() as u32;
            t.with(Op::Write, &mut tx, |c, tx| c.set_column(tx, ids[0], Some(bm.as_slice()), cb, 0, 1, 0))?;
            t.update(&mut tx, None, 0)?;
            count += 1;
        }
        let h = self.open_cursor(CursorData::Temp(Box::new(t)))?;
        Ok(RecordList { tableid: Some(h), count, columnid: ids[0] })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(coltyp: u32, grbit: u32) -> TempColumn {
        TempColumn { coltyp, grbit, ..TempColumn::default() }
    }

    #[test]
    fn ids_by_class_in_definition_order() {
        let cols = [
            col(JET_coltypLong, 0),
            col(JET_coltypText, 0),
            col(JET_coltypLongText, 0),
            col(JET_coltypBinary, JET_bitColumnFixed),
            col(JET_coltypLong, JET_bitColumnTagged),
            col(JET_coltypText, JET_bitColumnFixed | JET_bitColumnTagged),
        ];
        let mut ids = [0; 6];
        assign_ids(&cols, &mut ids).unwrap();
        assert_eq!(ids, [1, 128, 256, 2, 257, 258]);
    }

    #[test]
    fn too_many_fixed_columns_leave_the_earlier_ids() {
        let cols = vec![col(JET_coltypLong, 0); 128];
        let mut ids = vec![0; 128];
        assert_eq!(assign_ids(&cols, &mut ids), fail(JET_errTooManyColumns));
        assert_eq!(ids[126], 127);
        assert_eq!(ids[127], 0);
    }

    #[test]
    fn the_key_is_the_ttkey_columns_at_most_sixteen() {
        let mut columns = vec![col(JET_coltypLong, JET_bitColumnTTKey | JET_bitColumnTTDescending)];
        columns.extend(std::iter::repeat_n(col(JET_coltypLong, JET_bitColumnTTKey), 17));
        let spec = TempSpec { columns, grbit: JET_bitTTSortNullsHigh, ..TempSpec::default() };
        let t = table_spec("t".into(), &spec).unwrap();
        let ix = &t.indexes[0];
        assert!(ix.key.starts_with(b"-c0\0+c1\0"));
        assert_eq!(ix.key.iter().filter(|&&b| b == 0).count(), 17);
        assert_eq!(ix.cb_key_most, JET_cbKeyMostMin);
        assert_ne!(ix.grbit & JET_bitIndexSortNullsHigh, 0);
    }

    #[test]
    fn text_code_pages() {
        let bad = TempSpec {
            columns: vec![TempColumn { coltyp: JET_coltypText, cp: 437, ..Default::default() }],
            ..Default::default()
        };
        assert_eq!(table_spec("t".into(), &bad).map(|_| ()), fail(JET_errInvalidCodePage));
        let ok = TempSpec {
            columns: vec![TempColumn { coltyp: JET_coltypLong, cp: 437, ..Default::default() }],
            ..Default::default()
        };
        assert_eq!(table_spec("t".into(), &ok).unwrap().columns[0].cp, 0);
    }
}
