//! Randomized model check of the data layer through the public `extern "C"` API.
//!
//! Each run makes one instance, 2-4 sessions, one database and 1-2 tables of the same shape:
//! an int primary key K, a nullable int A under a non-unique secondary index (NULLs indexed),
//! a nullable int U under a unique IgnoreNull index, an escrow column E, a tagged multi-valued
//! int column and a long binary column. A seeded generator then drives the sessions through
//! nested transactions (begin, lazy and durable commits, rollbacks of one level or all),
//! inserts, replaces, deletes and escrow updates, and reads: seeks of every kind on every
//! index, moves (first/last/next/previous, counts, KeyNE), index ranges walked both ways,
//! JetIndexRecordCount, column retrieval, whole-table scans; cursors opened inside a level (a
//! rollback closes them) and bad input (stale and foreign tableids, unknown grbits, seeks with
//! no or two seek bits or no key).
//!
//! The reference model is written from the contracts (contract-data S-VER-01..03 and
//! data-records §3.10, §4, §5.1, §6.1-§6.5, §9): the committed state as maps (records by primary
//! key, each index an ordered set of (key, primary key)); each transaction a snapshot taken at
//! its level-0 begin, its own view saved per nesting level, the records it wrote and the escrow
//! deltas it made; visibility is snapshot plus own changes, and outside a transaction each call
//! sees the latest commit. The write-conflict rule is ESE's (ver.cxx
//! FVERIWriteConflict): a write (insert, replace, delete) conflicts with another session's hold
//! on the record of any kind and, in a transaction, with any commit to the record after its
//! snapshot, however the bytes ended up (ABA: changed and changed back, deleted and inserted
//! again, inserted and deleted, a delta and its opposite); an escrow delta conflicts only with
//! another session's write hold and with a committed write since the snapshot, so deltas of
//! several sessions on one record all succeed and all count at commit, and the value before a
//! delta is the newest committed one with every open transaction's deltas. The generator makes
//! such ABA sequences on purpose (`Op::Aba`: another session changes a record back and commits,
//! then the victim, whose cursor is on it, tries its own change). A replace, delete or delta
//! that meets the rule fails with -1102; an insert never does (bt.cxx ErrBTInsert turns the
//! conflict into a duplicate), so an insert whose primary key meets it fails with -1605, as
//! does one of a key this session can see. Giving a record a unique secondary key (an insert,
//! or a replace that changes the key: both insert the index entry) is -1605 when this session
//! sees the key, another open transaction claimed it, or a commit since the snapshot has it
//! (still there, or inserted and removed again) (data.rs `unique_claim`). Every return code
//! and every out-value (retrieved bytes and sizes, old escrow values, counts, the record a
//! cursor is on after each seek or move) is compared.
//!
//! Knobs: `ESENT_SEED=<n>` replays a seed (printed at the start), `ESENT_MODEL_CALLS=<n>` sets
//! the number of API calls (default 120,000; an operation makes 1-70), `ESENT_MODEL_TRACE=1`
//! prints every operation with the codes its calls returned. A failure
//! is shrunk to the shortest failing prefix by replaying the seed with fewer operations
//! (binary search), as tests/model.rs does.
//!
//! The library is process-global, so this file holds exactly one `#[test]`.

#![allow(non_upper_case_globals)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod common;

use common::{Rng, env_u64};
use esent::abi::consts::*;
use esent::abi::*;
use esent::api::cursors::*;
use esent::api::database::{JetCreateDatabase, JetOpenDatabase};
use esent::api::instance::{JetCreateInstance, JetInit, JetTerm};
use esent::api::records::*;
use esent::api::schema::{JetAddColumn, JetCreateIndex2};
use esent::api::session::{JetBeginSession, JetEndSession};
use esent::api::table::{JetCloseTable, JetCreateTable, JetOpenTable};
use esent::api::transaction::{JetBeginTransaction, JetCommitTransaction, JetRollback};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::ffi::{CString, c_void};
use std::fmt;
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

// ---- shape of the data ----------------------------------------------------------------------

/// Primary keys are 0..NK, A values 0..NA, U values 0..NU: small, so that sessions collide.
const NK: i32 = 40;
const NA: i32 = 5;
const NU: i32 = 10;
/// The model's first key component of a NULL segment: below every value (data-records 7.1).
const NULLK: i64 = -(1 << 40);
const MAX_LEVEL: u8 = 7;
/// Index numbers of a cursor: the primary index, IA, IU.
const IX_P: usize = 0;
const IX_A: usize = 1;
const IX_U: usize = 2;
const IX_NAMES: [&str; 3] = ["PK", "IA", "IU"];

/// A record's columns besides its key.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Rec {
    a: Option<i32>,
    u: Option<i32>,
    e: i32,
    tags: Vec<i32>,
    /// A long value: its length and fill byte.
    lv: Option<(u16, u8)>,
}

fn lv_bytes(lv: (u16, u8)) -> Vec<u8> {
    vec![lv.1; lv.0 as usize]
}

type Rows = BTreeMap<i32, Rec>;

/// An index entry in the model's order: the index key's value (NULL lowest) and the primary
/// key; on the primary index (k, 0).
type Ek = (i64, i64);

fn entries(rows: &Rows, ix: usize) -> Vec<Ek> {
    let mut v: Vec<Ek> = match ix {
        IX_P => rows.keys().map(|&k| (k as i64, 0)).collect(),
        IX_A => rows.iter().map(|(&k, r)| (r.a.map_or(NULLK, |a| a as i64), k as i64)).collect(),
        _ => rows.iter().filter_map(|(&k, r)| r.u.map(|u| (u as i64, k as i64))).collect(),
    };
    v.sort_unstable();
    v
}

fn pk_of(ix: usize, e: Ek) -> i32 {
    if ix == IX_P { e.0 as i32 } else { e.1 as i32 }
}

// ---- cursors ------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pos {
    Before,
    After,
    /// On an entry; `deleted` once the record was deleted through this cursor.
    On {
        key: Ek,
        deleted: bool,
    },
    /// Between entries (after a failed SeekEQ): forward goes to the first entry >= the point.
    Between(Ek),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Range {
    upper: bool,
    incl: bool,
    lim: i64,
}

impl Range {
    fn contains(&self, x: i64) -> bool {
        match (self.upper, self.incl) {
            (true, true) => x <= self.lim,
            (true, false) => x < self.lim,
            (false, true) => x >= self.lim,
            (false, false) => x > self.lim,
        }
    }
    /// Only the limit a move walks towards stops it (data-records 6.1 item 8, 6.4).
    fn admits(&self, x: i64, forward: bool) -> bool {
        self.upper != forward || self.contains(x)
    }
}

#[derive(Clone, Debug)]
struct Cur {
    tid: JET_TABLEID,
    ix: usize,
    pos: Pos,
    range: Option<Range>,
    /// The search key made (its first component), if any.
    key: Option<i64>,
    /// The level of the last navigation (S-VER-03: its rollback puts the cursor before first).
    nav_level: u8,
}

impl Cur {
    fn new(tid: JET_TABLEID, ix: usize) -> Cur {
        Cur { tid, ix, pos: Pos::Before, range: None, key: None, nav_level: 0 }
    }
}

/// A cursor opened with JetOpenTable by the generator (S-VER-03: a rollback of the level it
/// was opened at closes it).
#[derive(Clone, Debug)]
struct Spare {
    tid: JET_TABLEID,
    level: u8,
}

// ---- transactions -------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Lock {
    /// A record's write lock: table, primary key.
    Rec(usize, i32),
    /// A unique key's claim: table, U value.
    Uniq(usize, i32),
}

#[derive(Clone, Debug)]
struct Txn {
    level: u8,
    /// The commit count at the level-0 begin.
    snap_seq: u64,
    snapshot: Vec<Rows>,
    /// What the session sees: the snapshot with its own changes.
    view: Vec<Rows>,
    /// The view at the begin of each level above 1 (rollback puts it back).
    saved: Vec<Vec<Rows>>,
    /// Records written at each level (index 0: level 1).
    touched: Vec<BTreeSet<(usize, i32)>>,
    /// The escrow deltas made at each level (index 0: level 1): table, primary key, delta.
    deltas: Vec<Vec<(usize, i32, i32)>>,
    /// The unique keys (table, U) whose entries each level added or removed.
    utouched: Vec<BTreeSet<(usize, i32)>>,
}

struct Ses {
    sesid: JET_SESID,
    txn: Option<Txn>,
    /// Per table, per index.
    curs: Vec<[Cur; 3]>,
    spare: Option<Spare>,
    /// A tableid that was closed (bad input).
    stale: JET_TABLEID,
}

impl Ses {
    fn level(&self) -> u8 {
        self.txn.as_ref().map_or(0, |t| t.level)
    }
}

// ---- the API, thinly ------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
struct Cols {
    k: JET_COLUMNID,
    a: JET_COLUMNID,
    u: JET_COLUMNID,
    e: JET_COLUMNID,
    tags: JET_COLUMNID,
    lv: JET_COLUMNID,
}

fn set_col(s: JET_SESID, t: JET_TABLEID, col: JET_COLUMNID, data: &[u8], itag: u32) -> JET_ERR {
    let si = JET_SETINFO { cbStruct: size_of::<JET_SETINFO>() as u32, ibLongValue: 0, itagSequence: itag };
    // SAFETY: `data` and `si` outlive the call.
    unsafe { JetSetColumn(s, t, col, data.as_ptr() as *const c_void, data.len() as u32, 0, &si) }
}

/// JetRetrieveColumn into a buffer large enough for every value: the code and the bytes
/// (`*pcbActual` of them).
fn retrieve(
    s: JET_SESID,
    t: JET_TABLEID,
    col: JET_COLUMNID,
    itag: u32,
    buf: &mut [u8],
) -> (JET_ERR, Vec<u8>) {
    let mut cb: u32 = 0xA5A5_A5A5;
    let mut ri = JET_RETINFO {
        cbStruct: size_of::<JET_RETINFO>() as u32,
        ibLongValue: 0,
        itagSequence: itag,
        columnidNextTagged: 0,
    };
    // SAFETY: `buf`, `cb` and `ri` outlive the call; the size passed is the buffer's.
    let r = unsafe {
        JetRetrieveColumn(s, t, col, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, &mut cb, 0, &mut ri)
    };
    if r < 0 {
        return (r, Vec::new());
    }
    let n = (cb as usize).min(buf.len());
    (r, buf[..n].to_vec())
}

fn make_key(s: JET_SESID, t: JET_TABLEID, v: Option<i64>) -> JET_ERR {
    match v {
        // A NULL segment: no data and no JET_bitKeyDataZeroLength (data-records 6.2 item 8).
        None => {
            // SAFETY: no data is read.
            unsafe { JetMakeKey(s, t, null(), 0, JET_bitNewKey) }
        }
        Some(v) => {
            let b = (v as i32).to_le_bytes();
            // SAFETY: `b` outlives the call.
            unsafe { JetMakeKey(s, t, b.as_ptr() as *const c_void, 4, JET_bitNewKey) }
        }
    }
}

/// The name of a code for messages, with the data layer's codes.
fn code_name(code: i32) -> String {
    let name = match code {
        JET_errRecordNotFound => "JET_errRecordNotFound",
        JET_errNoCurrentRecord => "JET_errNoCurrentRecord",
        JET_errRecordDeleted => "JET_errRecordDeleted",
        JET_errKeyDuplicate => "JET_errKeyDuplicate",
        JET_errWriteConflict => "JET_errWriteConflict",
        JET_errKeyNotMade => "JET_errKeyNotMade",
        JET_errInvalidTableId => "JET_errInvalidTableId",
        JET_errSesidTableIdMismatch => "JET_errSesidTableIdMismatch",
        JET_errUpdateNotPrepared => "JET_errUpdateNotPrepared",
        JET_wrnSeekNotEqual => "JET_wrnSeekNotEqual",
        JET_wrnColumnNull => "JET_wrnColumnNull",
        _ => return common::code_name(code),
    };
    format!("{name} ({code})")
}

fn ok(e: JET_ERR, what: &str) -> Result<(), String> {
    if e == 0 { Ok(()) } else { Err(format!("setup: {what}: {}", code_name(e))) }
}

// ---- operations -----------------------------------------------------------------------------

/// A cursor of a session: table, index.
type Cr = (usize, usize);

#[derive(Clone, Debug)]
enum Bad {
    StaleTableid,
    ForeignTableid(usize),
    CommitGrbit(u32),
    RollbackGrbit(u32),
    SeekNoBit,
    SeekTwoBits,
    SeekNoKey,
    RangeNoKey,
}

#[derive(Clone, Debug)]
enum Op {
    Begin(usize),
    Commit {
        s: usize,
        lazy: bool,
    },
    Rollback {
        s: usize,
        all: bool,
    },
    Insert {
        s: usize,
        t: usize,
        k: i32,
        a: Option<i32>,
        u: Option<i32>,
        tags: Vec<i32>,
        lv: Option<(u16, u8)>,
    },
    Replace {
        s: usize,
        c: Cr,
        nolock: bool,
        a: Option<Option<i32>>,
        u: Option<Option<i32>>,
        /// itag 0 appends, 1 overwrites the first value.
        tag: Option<(u32, i32)>,
        lv: Option<(u16, u8)>,
    },
    Delete {
        s: usize,
        c: Cr,
    },
    Escrow {
        s: usize,
        c: Cr,
        delta: i32,
    },
    Move {
        s: usize,
        c: Cr,
        crow: i32,
        keyne: bool,
    },
    Seek {
        s: usize,
        c: Cr,
        op: u32,
        v: Option<i64>,
        range: bool,
    },
    Range {
        s: usize,
        c: Cr,
        lim: Option<i64>,
        upper: bool,
        incl: bool,
        instant: bool,
        walk: u8,
    },
    RangeRemove {
        s: usize,
        c: Cr,
    },
    Count {
        s: usize,
        c: Cr,
        max: u32,
    },
    Read {
        s: usize,
        c: Cr,
        col: u8,
        itag: u32,
    },
    Scan {
        s: usize,
        c: Cr,
        back: bool,
    },
    OpenSpare {
        s: usize,
        t: usize,
    },
    CloseSpare(usize),
    SpareMove(usize),
    Bad {
        s: usize,
        c: Cr,
        what: Bad,
    },
    /// An ABA on purpose (S-VER-02): session `s` changes record `k` of table `t` and changes it
    /// back, committed, while session `v` has the record in its transaction's snapshot (its
    /// cursor `vc` is on it); then `v` tries a change of its own (`then`).
    Aba {
        s: usize,
        t: usize,
        k: i32,
        kind: Aba,
        v: usize,
        vc: Cr,
        then: Then,
    },
}

/// How an [`Op::Aba`] changes a record and back.
#[derive(Clone, Copy, Debug)]
enum Aba {
    /// In one transaction: A to `x`, then back to what it was.
    ReplaceBack(i32),
    /// The same, each replace outside a transaction (each its own commit).
    ReplaceBackLevel0(i32),
    /// In one transaction: deleted, then inserted again with the same columns (E is 0 again).
    DeleteInsert,
    /// In one transaction: inserted (the key is free) with unique key U, then deleted.
    InsertDelete(Option<i32>),
    /// In one transaction: an escrow delta and its opposite.
    EscrowBack(i32),
}

/// What the victim of an [`Op::Aba`] tries afterwards.
#[derive(Clone, Copy, Debug)]
enum Then {
    Replace(i32),
    Delete,
    Escrow(i32),
    /// An insert of the record the actor inserted and deleted.
    Insert,
    /// An insert of another record (a key free in the victim's view) with the unique key the
    /// actor's record had.
    InsertU(i32, i32),
}

type R = Result<(), String>;

fn mismatch(what: &str, exp: impl fmt::Debug, got: impl fmt::Debug) -> String {
    format!("{what}: model {exp:?}, library {got:?}")
}

fn code_ck(what: &str, got: i32, exp: i32) -> R {
    if got == exp {
        Ok(())
    } else {
        Err(format!("{what}: model {}, library {}", code_name(exp), code_name(got)))
    }
}

/// When a record was last changed by a commit: the commit count of the last commit that wrote
/// (inserted, replaced, deleted) it, and of the last that changed it in any way (an escrow
/// delta too).
#[derive(Clone, Copy, Debug, Default)]
struct Seqs {
    write: u64,
    any: u64,
}

struct World {
    committed: Vec<Rows>,
    /// Per record, when a commit last changed it (S-VER-02: a change committed after a
    /// transaction's snapshot is a conflict for its writes, however the bytes ended up).
    seq: Vec<HashMap<i32, Seqs>>,
    commit_seq: u64,
    /// Per unique key (U value), the last commit that added or removed an entry with it
    /// (bt.cxx ErrBTInsert: a unique entry is versioned by its key alone).
    useq: Vec<HashMap<i32, u64>>,
    locks: HashMap<Lock, (usize, u8)>,
    /// Records held for escrow deltas (ver.cxx FVERIWriteConflict: deltas of several
    /// sessions commute): (table, primary key, session) -> the level that took the hold.
    dholds: BTreeMap<(usize, i32, usize), u8>,
}

struct Model {
    inst: JET_INSTANCE,
    dir: std::path::PathBuf,
    cols: Vec<Cols>,
    w: World,
    ses: Vec<Ses>,
    dbids: Vec<JET_DBID>,
    buf: Vec<u8>,
    calls: u64,
    stats: BTreeMap<(&'static str, i32), u64>,
    recent: VecDeque<String>,
    /// `ESENT_MODEL_TRACE`: every operation is printed, with its cursor's position.
    trace: bool,
}

static RUN: AtomicU64 = AtomicU64::new(0);

fn add_column(
    s: JET_SESID,
    t: JET_TABLEID,
    name: &str,
    coltyp: u32,
    grbit: u32,
    default: Option<&[u8]>,
) -> Result<JET_COLUMNID, String> {
    let def = JET_COLUMNDEF {
        cbStruct: size_of::<JET_COLUMNDEF>() as u32,
        columnid: 0,
        coltyp,
        wCountry: 0,
        langid: 0,
        cp: 0,
        wCollate: 0,
        cbMax: 0,
        grbit,
    };
    let n = CString::new(name).unwrap();
    let mut id = 0;
    let (p, cb) = default.map_or((null(), 0), |d| (d.as_ptr() as *const c_void, d.len() as u32));
    // SAFETY: valid pointers for the call.
    ok(unsafe { JetAddColumn(s, t, n.as_ptr(), &def, p, cb, &mut id) }, name)?;
    Ok(id)
}

fn add_index(s: JET_SESID, t: JET_TABLEID, name: &str, key: &[u8], grbit: u32) -> R {
    let n = CString::new(name).unwrap();
    let mut key = key.to_vec();
    let mut ix = JET_INDEXCREATE_A {
        cbStruct: size_of::<JET_INDEXCREATE_A>() as u32,
        szIndexName: n.as_ptr() as *mut _,
        szKey: key.as_mut_ptr() as *mut _,
        cbKey: key.len() as u32,
        grbit,
        ulDensity: 100,
        lcid_or_pidxunicode: JET_INDEXCREATE_LCID { lcid: 0 },
        cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_VARSEG { cbVarSegMac: 0 },
        rgconditionalcolumn: null_mut(),
        cConditionalColumn: 0,
        err: 0,
        cbKeyMost: 0,
    };
    // SAFETY: valid pointers for the call.
    ok(unsafe { JetCreateIndex2(s, t, &mut ix, 1) }, name)
}

fn open_cursor(s: JET_SESID, dbid: JET_DBID, table: usize, ix: usize) -> Result<JET_TABLEID, String> {
    let tname = CString::new(format!("T{table}")).unwrap();
    let mut tid = 0;
    // SAFETY: valid pointers for the call.
    ok(unsafe { JetOpenTable(s, dbid, tname.as_ptr(), null(), 0, 0, &mut tid) }, "open table")?;
    if ix != IX_P {
        let iname = CString::new(IX_NAMES[ix]).unwrap();
        // SAFETY: a NUL-terminated name.
        ok(unsafe { JetSetCurrentIndex(s, tid, iname.as_ptr()) }, "set current index")?;
    }
    // A new cursor owes its move to the first entry until a call needs a record (data-records
    // 6.1, ESE's deferred move first); the model's cursors start before the first entry, so the
    // owed move is made here, on the still empty table: a move back from it ends before first.
    let r = JetMove(s, tid, JET_MovePrevious, 0);
    if r != JET_errNoCurrentRecord {
        return Err(format!("MovePrevious on a new cursor of an empty table: {r}"));
    }
    Ok(tid)
}

impl Model {
    fn setup(rng: &mut Rng) -> Result<Model, String> {
        let run = RUN.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("esent-mdata-{}-{run}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = CString::new(dir.join("m.edb").to_str().unwrap()).unwrap();
        let iname = CString::new(format!("mdata-{}-{run}", std::process::id())).unwrap();
        let nses = 2 + rng.index(3);
        let ntab = 1 + rng.index(2);
        let mut inst = 0;
        // SAFETY: valid pointers for each call.
        unsafe {
            ok(JetCreateInstance(&mut inst, iname.as_ptr()), "create instance")?;
            ok(JetInit(&mut inst), "init")?;
        }
        let mut m = Model {
            inst,
            dir,
            cols: Vec::new(),
            w: World {
                committed: vec![Rows::new(); ntab],
                seq: vec![HashMap::new(); ntab],
                commit_seq: 0,
                useq: vec![HashMap::new(); ntab],
                locks: HashMap::new(),
                dholds: BTreeMap::new(),
            },
            ses: Vec::new(),
            dbids: Vec::new(),
            buf: vec![0; 4096],
            calls: 0,
            stats: BTreeMap::new(),
            recent: VecDeque::new(),
            trace: std::env::var_os("ESENT_MODEL_TRACE").is_some(),
        };
        let mut dbids = Vec::new();
        for i in 0..nses {
            let mut s = 0;
            // SAFETY: valid pointers.
            ok(unsafe { JetBeginSession(inst, &mut s, null(), null()) }, "session")?;
            let mut dbid = 0;
            if i == 0 {
                // SAFETY: valid pointers.
                ok(unsafe { JetCreateDatabase(s, path.as_ptr(), null(), &mut dbid, 0) }, "database")?;
                for t in 0..ntab {
                    let tname = CString::new(format!("T{t}")).unwrap();
                    let mut tid = 0;
                    // SAFETY: valid pointers.
                    ok(unsafe { JetCreateTable(s, dbid, tname.as_ptr(), 0, 0, &mut tid) }, "table")?;
                    let cols = Cols {
                        k: add_column(s, tid, "K", JET_coltypLong, 0, None)?,
                        a: add_column(s, tid, "A", JET_coltypLong, 0, None)?,
                        u: add_column(s, tid, "U", JET_coltypLong, 0, None)?,
                        e: add_column(
                            s,
                            tid,
                            "E",
                            JET_coltypLong,
                            JET_bitColumnEscrowUpdate,
                            Some(&0i32.to_le_bytes()),
                        )?,
                        tags: add_column(
                            s,
                            tid,
                            "Tags",
                            JET_coltypLong,
                            JET_bitColumnTagged | JET_bitColumnMultiValued,
                            None,
                        )?,
                        lv: add_column(s, tid, "L", JET_coltypLongBinary, 0, None)?,
                    };
                    add_index(s, tid, "PK", b"+K\0\0", JET_bitIndexPrimary)?;
                    add_index(s, tid, "IA", b"+A\0\0", 0)?;
                    add_index(s, tid, "IU", b"+U\0\0", JET_bitIndexUnique | JET_bitIndexIgnoreNull)?;
                    ok(JetCloseTable(s, tid), "close table")?;
                    m.cols.push(cols);
                }
            } else {
                // SAFETY: valid pointers.
                ok(unsafe { JetOpenDatabase(s, path.as_ptr(), null(), &mut dbid, 0) }, "open database")?;
            }
            dbids.push(dbid);
            let mut curs = Vec::new();
            for t in 0..ntab {
                curs.push([
                    Cur::new(open_cursor(s, dbid, t, IX_P)?, IX_P),
                    Cur::new(open_cursor(s, dbid, t, IX_A)?, IX_A),
                    Cur::new(open_cursor(s, dbid, t, IX_U)?, IX_U),
                ]);
            }
            let stale = open_cursor(s, dbid, 0, IX_P)?;
            ok(JetCloseTable(s, stale), "close")?;
            m.ses.push(Ses { sesid: s, txn: None, curs, spare: None, stale });
        }
        m.dbids = dbids;
        Ok(m)
    }
}

// ---- the reference model ----------------------------------------------------------------------

/// What a write finds (S-VER-02): `Some(code)` when it must fail.
enum Verdict {
    Ok,
    Fail(i32),
}

impl Model {
    fn view(&self, s: usize, t: usize) -> &Rows {
        match &self.ses[s].txn {
            Some(x) => &x.view[t],
            None => &self.w.committed[t],
        }
    }

    fn cur(&self, s: usize, c: Cr) -> &Cur {
        &self.ses[s].curs[c.0][c.1]
    }

    fn cur_mut(&mut self, s: usize, c: Cr) -> &mut Cur {
        &mut self.ses[s].curs[c.0][c.1]
    }

    /// The cursor's current record (data-records 5.1, 6.1 item 4): its primary key, or
    /// -1603 off the records, -1017 if deleted through the cursor or no longer visible.
    fn current(&self, s: usize, c: Cr) -> Result<i32, i32> {
        let cur = self.cur(s, c);
        match cur.pos {
            Pos::On { deleted: true, .. } => Err(JET_errRecordDeleted),
            Pos::On { key, .. } => {
                let pk = pk_of(cur.ix, key);
                if self.view(s, c.0).contains_key(&pk) { Ok(pk) } else { Err(JET_errRecordDeleted) }
            }
            _ => Err(JET_errNoCurrentRecord),
        }
    }

    /// The model's state of record `k` for a message.
    fn diag(&self, s: usize, t: usize, k: i32) -> String {
        let x = self.ses[s].txn.as_ref();
        let dh: Vec<_> =
            self.w.dholds.range((t, k, 0)..=(t, k, usize::MAX)).map(|(h, l)| (h.2, *l)).collect();
        format!(
            "[record {t}/{k}: lock {:?}, delta holds {dh:?}, pending {}, last commit {:?}, snapshot #{:?}; committed {:?}, snapshot {:?}, view {:?}]",
            self.w.locks.get(&Lock::Rec(t, k)),
            self.pending(t, k),
            self.w.seq[t].get(&k),
            x.map(|x| x.snap_seq),
            self.w.committed[t].get(&k),
            x.map(|x| x.snapshot[t].get(&k)),
            self.view(s, t).get(&k),
        )
    }

    fn lock_owner(&self, l: Lock) -> Option<usize> {
        self.w.locks.get(&l).map(|o| o.0)
    }

    /// Whether a session other than `s` holds record `k` for escrow deltas.
    fn delta_held_by_other(&self, s: usize, t: usize, k: i32) -> bool {
        self.w.dholds.range((t, k, 0)..=(t, k, usize::MAX)).any(|(h, _)| h.2 != s)
    }

    /// The sum of every open transaction's escrow deltas on record `k` (what ESE's page adds
    /// to the committed value).
    fn pending(&self, t: usize, k: i32) -> i32 {
        let mut sum = 0i32;
        for x in self.ses.iter().filter_map(|x| x.txn.as_ref()) {
            for &(t2, k2, d) in x.deltas.iter().flatten() {
                if (t2, k2) == (t, k) {
                    sum = sum.wrapping_add(d);
                }
            }
        }
        sum
    }

    /// The write-conflict rule for a write (insert, replace, delete) of record `k` (S-VER-02,
    /// data-records 9.3, ver.cxx FVERIWriteConflict): another session holds it in any way (a
    /// write or escrow deltas), or, in a transaction that does not hold it for writing yet, a
    /// commit changed it in any way after this transaction's snapshot. The commit counts even
    /// if it left the bytes as they were (ABA: changed and changed back, deleted and inserted
    /// again, inserted and deleted, a delta and its opposite).
    fn record_conflict(&self, s: usize, t: usize, k: i32) -> bool {
        match self.lock_owner(Lock::Rec(t, k)) {
            Some(o) if o != s => return true,
            Some(_) => return false,
            None => {}
        }
        if self.delta_held_by_other(s, t, k) {
            return true;
        }
        match &self.ses[s].txn {
            Some(x) => self.w.seq[t].get(&k).is_some_and(|q| q.any > x.snap_seq),
            None => false,
        }
    }

    /// The write-conflict rule for a (versioned) escrow delta on record `k` (S-VER-02,
    /// data-records 3.10, 9.3): another session's write hold conflicts, its delta holds do not;
    /// once this transaction holds the record (for writing or for deltas) nothing else is
    /// asked; otherwise a commit since the snapshot that wrote the record conflicts, one that
    /// only made deltas does not.
    fn delta_conflict(&self, s: usize, t: usize, k: i32) -> bool {
        match self.lock_owner(Lock::Rec(t, k)) {
            Some(o) if o != s => return true,
            Some(_) => return false,
            None => {}
        }
        if self.w.dholds.contains_key(&(t, k, s)) {
            return false;
        }
        match &self.ses[s].txn {
            Some(x) => self.w.seq[t].get(&k).is_some_and(|q| q.write > x.snap_seq),
            None => false,
        }
    }

    /// Takes lock `l` for session `s` at its level (nothing outside a transaction: the
    /// implicit transaction of the call ends with it).
    fn take_lock(&mut self, s: usize, l: Lock) {
        let level = self.ses[s].level();
        if level > 0 {
            self.w.locks.entry(l).or_insert((s, level));
        }
    }

    /// Giving record `k` the unique key `u` (data-records 4.4, 9.3; bt.cxx ErrBTInsert: the
    /// index entry's insert never reports a write conflict): a record this session sees with
    /// the key, another open transaction's claim on the key, a record committed with it since
    /// the snapshot (which the transaction cannot see) and a key committed and removed again
    /// since then are all a duplicate.
    fn unique_verdict(&self, s: usize, t: usize, k: i32, u: i32) -> Verdict {
        if self.view(s, t).iter().any(|(&k2, r)| k2 != k && r.u == Some(u)) {
            return Verdict::Fail(JET_errKeyDuplicate);
        }
        match self.lock_owner(Lock::Uniq(t, u)) {
            Some(o) if o != s => return Verdict::Fail(JET_errKeyDuplicate),
            Some(_) => return Verdict::Ok,
            None => {}
        }
        if let Some(x) = &self.ses[s].txn {
            let since = self.w.committed[t].iter().any(|(&k2, r)| {
                k2 != k && r.u == Some(u) && x.snapshot[t].get(&k2).is_none_or(|sr| sr.u != Some(u))
            });
            // Or one whose entry a commit since the snapshot added or removed, though none is
            // there now (S-VER-02).
            if since || self.w.useq[t].get(&u).is_some_and(|&q| q > x.snap_seq) {
                return Verdict::Fail(JET_errKeyDuplicate);
            }
        }
        Verdict::Ok
    }

    /// A successful write of record `k`: into the transaction's view, or committed at once.
    fn write(&mut self, s: usize, t: usize, k: i32, new: Option<Rec>) {
        // The unique keys whose entries this write adds or removes.
        let old_u = self.view(s, t).get(&k).and_then(|r| r.u);
        let new_u = new.as_ref().and_then(|r| r.u);
        let us: Vec<i32> = if old_u == new_u { Vec::new() } else { old_u.into_iter().chain(new_u).collect() };
        match &mut self.ses[s].txn {
            Some(x) => {
                x.utouched.last_mut().unwrap().extend(us.iter().map(|&u| (t, u)));
                match new {
                    Some(r) => x.view[t].insert(k, r),
                    None => x.view[t].remove(&k),
                };
                x.touched.last_mut().unwrap().insert((t, k));
            }
            None => {
                self.w.commit_seq += 1;
                match new {
                    Some(r) => self.w.committed[t].insert(k, r),
                    None => self.w.committed[t].remove(&k),
                };
                let q = self.w.commit_seq;
                self.w.seq[t].insert(k, Seqs { write: q, any: q });
                for u in us {
                    self.w.useq[t].insert(u, q);
                }
            }
        }
    }

    /// A successful escrow delta of session `s` (in a transaction) on record `k`: its view
    /// gets it, the transaction's level records it, and the record is held for deltas unless
    /// the transaction holds it already (for writing, or for deltas at a lower level).
    fn add_delta(&mut self, s: usize, t: usize, k: i32, delta: i32) {
        let held = self.lock_owner(Lock::Rec(t, k)) == Some(s);
        let x = self.ses[s].txn.as_mut().unwrap();
        let level = x.level;
        if let Some(r) = x.view[t].get_mut(&k) {
            r.e = r.e.wrapping_add(delta);
        }
        x.deltas.last_mut().unwrap().push((t, k, delta));
        if !held {
            self.w.dholds.entry((t, k, s)).or_insert(level);
        }
    }

    fn begin(&mut self, s: usize) -> i32 {
        let w = &self.w;
        let ses = &mut self.ses[s];
        match &mut ses.txn {
            None => {
                ses.txn = Some(Txn {
                    level: 1,
                    snap_seq: w.commit_seq,
                    snapshot: w.committed.clone(),
                    view: w.committed.clone(),
                    saved: Vec::new(),
                    touched: vec![BTreeSet::new()],
                    deltas: vec![Vec::new()],
                    utouched: vec![BTreeSet::new()],
                });
                0
            }
            Some(x) if x.level >= MAX_LEVEL => JET_errTransTooDeep,
            Some(x) => {
                x.level += 1;
                x.saved.push(x.view.clone());
                x.touched.push(BTreeSet::new());
                x.deltas.push(Vec::new());
                x.utouched.push(BTreeSet::new());
                0
            }
        }
    }

    /// Commit of the top level (S-VER-03, data-records 9.5): merged into the parent, or at
    /// level 1 committed: every record written becomes the latest committed version.
    fn commit(&mut self, s: usize) {
        let ses = &mut self.ses[s];
        let Some(x) = &mut ses.txn else { return };
        let level = x.level;
        for l in self.w.locks.values_mut() {
            if l.0 == s && l.1 == level {
                l.1 = level - 1;
            }
        }
        for (h, l) in self.w.dholds.iter_mut() {
            if h.2 == s && *l == level {
                *l = level - 1;
            }
        }
        if let Some(sp) = &mut ses.spare
            && sp.level == level
        {
            sp.level = level - 1;
        }
        for cs in &mut ses.curs {
            for c in cs.iter_mut() {
                c.nav_level = c.nav_level.min(level - 1);
            }
        }
        if level > 1 {
            x.level -= 1;
            x.saved.pop();
            let t = x.touched.pop().unwrap();
            x.touched.last_mut().unwrap().extend(t);
            let d = x.deltas.pop().unwrap();
            x.deltas.last_mut().unwrap().extend(d);
            let u = x.utouched.pop().unwrap();
            x.utouched.last_mut().unwrap().extend(u);
            return;
        }
        let x = ses.txn.take().unwrap();
        self.w.commit_seq += 1;
        let q = self.w.commit_seq;
        // A record the transaction holds for writing is committed as its view has it (nobody
        // else can have changed it since the hold was taken); one changed only by escrow
        // deltas gets their sum added to its newest committed value (data-records 3.10:
        // deltas of other transactions committed meanwhile stay counted).
        let mut recs: BTreeSet<(usize, i32)> = x.touched[0].clone();
        recs.extend(x.deltas[0].iter().map(|d| (d.0, d.1)));
        for (t, k) in recs {
            if self.w.locks.get(&Lock::Rec(t, k)).is_some_and(|o| o.0 == s) {
                match x.view[t].get(&k) {
                    Some(r) => self.w.committed[t].insert(k, r.clone()),
                    None => self.w.committed[t].remove(&k),
                };
                self.w.seq[t].insert(k, Seqs { write: q, any: q });
            } else {
                let sum = x.deltas[0]
                    .iter()
                    .filter(|d| (d.0, d.1) == (t, k))
                    .fold(0i32, |a, d| a.wrapping_add(d.2));
                if let Some(r) = self.w.committed[t].get_mut(&k) {
                    r.e = r.e.wrapping_add(sum);
                }
                self.w.seq[t].entry(k).or_default().any = q;
            }
        }
        for &(t, u) in &x.utouched[0] {
            self.w.useq[t].insert(u, q);
        }
        self.w.locks.retain(|_, o| o.0 != s);
        self.w.dholds.retain(|h, _| h.2 != s);
    }

    /// Rollback of the top level (S-VER-03, data-records 9.6): its changes and locks go, the
    /// cursors it opened are closed, the cursors that navigated in it go before the first
    /// entry.
    fn rollback_one(&mut self, s: usize) {
        let ses = &mut self.ses[s];
        let Some(x) = &mut ses.txn else { return };
        let level = x.level;
        self.w.locks.retain(|_, o| !(o.0 == s && o.1 == level));
        self.w.dholds.retain(|h, l| !(h.2 == s && *l == level));
        if ses.spare.as_ref().is_some_and(|sp| sp.level == level) {
            ses.stale = ses.spare.take().unwrap().tid;
        }
        for cs in &mut ses.curs {
            for c in cs.iter_mut() {
                if c.nav_level >= level {
                    c.nav_level = level - 1;
                    c.pos = Pos::Before;
                }
            }
        }
        if level > 1 {
            x.level -= 1;
            x.view = x.saved.pop().unwrap();
            x.touched.pop();
            x.deltas.pop();
            x.utouched.pop();
        } else {
            ses.txn = None;
        }
    }
}

// ---- navigation in the model ---------------------------------------------------------------------

fn first_ge(es: &[Ek], p: Ek) -> Option<Ek> {
    es.iter().copied().find(|&e| e >= p)
}
fn first_gt(es: &[Ek], p: Ek) -> Option<Ek> {
    es.iter().copied().find(|&e| e > p)
}
fn last_lt(es: &[Ek], p: Ek) -> Option<Ek> {
    es.iter().rev().copied().find(|&e| e < p)
}

/// One step of JetMove from `pos` (data-records 6.1 item 5).
fn step(es: &[Ek], pos: Pos, forward: bool, keyne: bool) -> Option<Ek> {
    match (pos, forward) {
        (Pos::Before, true) => es.first().copied(),
        (Pos::After, false) => es.last().copied(),
        (Pos::Before, false) | (Pos::After, true) => None,
        (Pos::Between(p), true) => first_ge(es, p),
        (Pos::Between(p), false) => last_lt(es, p),
        (Pos::On { key, .. }, true) if keyne => es.iter().copied().find(|e| e.0 > key.0),
        (Pos::On { key, .. }, false) if keyne => es.iter().rev().copied().find(|e| e.0 < key.0),
        (Pos::On { key, .. }, true) => first_gt(es, key),
        (Pos::On { key, .. }, false) => last_lt(es, key),
    }
}

// ---- running operations ----------------------------------------------------------------------------

impl Model {
    fn note(&mut self, f: &'static str, code: i32) {
        *self.stats.entry((f, code)).or_default() += 1;
        self.calls += 1;
        if let Some(l) = self.recent.back_mut() {
            l.push_str(&format!(" {code}"));
        }
    }

    fn sesid(&self, s: usize) -> JET_SESID {
        self.ses[s].sesid
    }

    /// Checks JetRetrieveColumn of K on cursor `c` against the model's current record.
    fn check_on(&mut self, s: usize, c: Cr, what: &str) -> R {
        let tid = self.cur(s, c).tid;
        let col = self.cols[c.0].k;
        let sesid = self.sesid(s);
        let (r, got) = retrieve(sesid, tid, col, 1, &mut self.buf);
        self.note("JetRetrieveColumn", r);
        match self.current(s, c) {
            Ok(pk) => {
                code_ck(&format!("{what}: retrieve K"), r, 0)?;
                if got != pk.to_le_bytes() {
                    return Err(mismatch(&format!("{what}: the record the cursor is on (K)"), pk, got));
                }
            }
            Err(code) => code_ck(&format!("{what}: retrieve K"), r, code)?,
        }
        Ok(())
    }

    /// The expected value of column `col` (0 K, 1 A, 2 U, 3 E, 4 Tags, 5 L) of record `k`.
    fn expect_col(k: i32, rec: &Rec, col: u8, itag: u32) -> Option<Vec<u8>> {
        let int = |v: i32| Some(v.to_le_bytes().to_vec());
        match col {
            0 => int(k),
            1 => rec.a.and_then(int),
            2 => rec.u.and_then(int),
            3 => int(rec.e),
            4 => rec.tags.get(itag as usize - 1).copied().and_then(int),
            _ => rec.lv.map(lv_bytes),
        }
    }

    fn colid(&self, t: usize, col: u8) -> JET_COLUMNID {
        let c = self.cols[t];
        [c.k, c.a, c.u, c.e, c.tags, c.lv][col as usize]
    }

    fn check_col(&mut self, s: usize, c: Cr, col: u8, itag: u32, what: &str) -> R {
        let tid = self.cur(s, c).tid;
        let colid = self.colid(c.0, col);
        let sesid = self.sesid(s);
        let (r, got) = retrieve(sesid, tid, colid, itag, &mut self.buf);
        self.note("JetRetrieveColumn", r);
        let what = format!("{what}: retrieve column {col} itag {itag}");
        match self.current(s, c) {
            Ok(pk) => {
                let rec = &self.view(s, c.0)[&pk];
                match Self::expect_col(pk, rec, col, itag) {
                    Some(v) => {
                        code_ck(&what, r, 0)?;
                        if got != v {
                            return Err(mismatch(&what, v, got));
                        }
                    }
                    None => {
                        code_ck(&what, r, JET_wrnColumnNull)?;
                        if !got.is_empty() {
                            return Err(mismatch(&format!("{what}: cbActual"), 0, got.len()));
                        }
                    }
                }
            }
            Err(code) => code_ck(&what, r, code)?,
        }
        Ok(())
    }

    fn check_record(&mut self, s: usize, c: Cr, what: &str) -> R {
        for col in 0..6u8 {
            if col == 4 {
                let n = self.current(s, c).ok().map_or(0, |pk| self.view(s, c.0)[&pk].tags.len());
                for itag in 1..=(n as u32 + 1) {
                    self.check_col(s, c, 4, itag, what)?;
                }
            } else {
                self.check_col(s, c, col, 1, what)?;
            }
        }
        Ok(())
    }

    fn cancel(&mut self, s: usize, tid: JET_TABLEID) -> R {
        let r = JetPrepareUpdate(self.sesid(s), tid, JET_prepCancel);
        self.note("JetPrepareUpdate", r);
        code_ck("JetPrepareUpdate(cancel) after a failed update", r, 0)
    }

    fn update(&mut self, s: usize, tid: JET_TABLEID, exp: i32, what: &str) -> R {
        // SAFETY: no bookmark is asked for.
        let r = unsafe { JetUpdate(self.sesid(s), tid, null_mut(), 0, null_mut()) };
        self.note("JetUpdate", r);
        code_ck(what, r, exp)?;
        if r != 0 { self.cancel(s, tid) } else { Ok(()) }
    }

    #[allow(clippy::too_many_arguments)]
    fn set(&mut self, s: usize, t: usize, tid: JET_TABLEID, col: u8, data: &[u8], itag: u32, exp: i32) -> R {
        let colid = self.colid(t, col);
        let r = set_col(self.sesid(s), tid, colid, data, itag);
        self.note("JetSetColumn", r);
        code_ck(&format!("JetSetColumn of column {col}"), r, exp)
    }

    fn exec(&mut self, op: &Op) -> R {
        // A record this cursor deleted is current again once a record with its bookmark is
        // back (data-records 5.5: the cursor keeps the deleted record's bookmark).
        let on = match op {
            // Outside a transaction JetEscrowUpdate fails before it looks at the record
            // (data-records 4.6 item 1), so the cursor does not find its record back then.
            Op::Escrow { s, .. } if self.ses[*s].txn.is_none() => None,
            Op::Replace { s, c, .. }
            | Op::Delete { s, c }
            | Op::Escrow { s, c, .. }
            | Op::Move { s, c, .. }
            | Op::Range { s, c, .. }
            | Op::Count { s, c, .. }
            | Op::Read { s, c, .. } => Some((*s, *c)),
            _ => None,
        };
        if self.trace
            && let Some((s, c)) = on
        {
            let pos = format!(" (on {:?})", self.cur(s, c).pos);
            if let Some(l) = self.recent.back_mut() {
                l.push_str(&pos);
            }
        }
        if let Some((s, c)) = on
            && let Pos::On { key, deleted: true } = self.cur(s, c).pos
            && self.view(s, c.0).contains_key(&pk_of(c.1, key))
        {
            self.cur_mut(s, c).pos = Pos::On { key, deleted: false };
        }
        match op.clone() {
            Op::Begin(s) => {
                let r = JetBeginTransaction(self.sesid(s));
                self.note("JetBeginTransaction", r);
                let exp = self.begin(s);
                code_ck("JetBeginTransaction", r, exp)
            }
            Op::Commit { s, lazy } => {
                let r = JetCommitTransaction(self.sesid(s), if lazy { JET_bitCommitLazyFlush } else { 0 });
                self.note("JetCommitTransaction", r);
                if self.ses[s].txn.is_none() {
                    return code_ck("JetCommitTransaction", r, JET_errNotInTransaction);
                }
                self.commit(s);
                code_ck("JetCommitTransaction", r, 0)
            }
            Op::Rollback { s, all } => {
                let r = JetRollback(self.sesid(s), if all { JET_bitRollbackAll } else { 0 });
                self.note("JetRollback", r);
                if self.ses[s].txn.is_none() {
                    return code_ck("JetRollback", r, JET_errNotInTransaction);
                }
                self.rollback_one(s);
                while all && self.ses[s].txn.is_some() {
                    self.rollback_one(s);
                }
                code_ck("JetRollback", r, 0)
            }
            Op::Insert { s, t, k, a, u, tags, lv } => self.insert(s, t, k, a, u, &tags, lv),
            Op::Replace { s, c, nolock, a, u, tag, lv } => self.replace(s, c, nolock, a, u, tag, lv),
            Op::Delete { s, c } => {
                let tid = self.cur(s, c).tid;
                let r = JetDelete(self.sesid(s), tid);
                self.note("JetDelete", r);
                let d = self.current(s, c).map_or(String::new(), |pk| self.diag(s, c.0, pk));
                let exp = match self.current(s, c) {
                    Err(code) => code,
                    Ok(pk) if self.record_conflict(s, c.0, pk) => JET_errWriteConflict,
                    Ok(pk) => {
                        self.take_lock(s, Lock::Rec(c.0, pk));
                        self.write(s, c.0, pk, None);
                        if let Pos::On { deleted, .. } = &mut self.cur_mut(s, c).pos {
                            *deleted = true;
                        }
                        0
                    }
                };
                code_ck(&format!("JetDelete {d}"), r, exp)
            }
            Op::Escrow { s, c, delta } => {
                let tid = self.cur(s, c).tid;
                let db = delta.to_le_bytes();
                let mut old = [0xEEu8; 4];
                let mut cb: u32 = 0xA5A5;
                let col = self.cols[c.0].e;
                // SAFETY: `db`, `old` and `cb` outlive the call; the sizes are theirs.
                let r = unsafe {
                    JetEscrowUpdate(
                        self.sesid(s),
                        tid,
                        col,
                        db.as_ptr() as *const c_void,
                        4,
                        old.as_mut_ptr() as *mut c_void,
                        4,
                        &mut cb,
                        0,
                    )
                };
                self.note("JetEscrowUpdate", r);
                // data-records 9.4: not at level 0.
                let d = self.current(s, c).map_or(String::new(), |pk| self.diag(s, c.0, pk));
                let exp = if self.ses[s].txn.is_none() {
                    Err(JET_errNotInTransaction)
                } else {
                    match self.current(s, c) {
                        Err(code) => Err(code),
                        Ok(pk) if self.delta_conflict(s, c.0, pk) => Err(JET_errWriteConflict),
                        Ok(pk) => {
                            // The value before the delta is ESE's page value (data-records 4.6):
                            // the newest committed value with every open transaction's deltas,
                            // or, where this transaction holds the record for writing (nobody
                            // else has deltas on it then), its own view's.
                            let t = c.0;
                            let was = if self.lock_owner(Lock::Rec(t, pk)) == Some(s) {
                                self.view(s, t)[&pk].e
                            } else {
                                let base = self.w.committed[t].get(&pk).unwrap_or(&self.view(s, t)[&pk]).e;
                                base.wrapping_add(self.pending(t, pk))
                            };
                            self.add_delta(s, t, pk, delta);
                            Ok(was)
                        }
                    }
                };
                match exp {
                    Err(code) => code_ck(&format!("JetEscrowUpdate {d}"), r, code),
                    Ok(was) => {
                        code_ck("JetEscrowUpdate", r, 0)?;
                        if old != was.to_le_bytes() || cb != 4 {
                            let what = format!("JetEscrowUpdate: old value {d}");
                            return Err(mismatch(&what, (was, 4), (i32::from_le_bytes(old), cb)));
                        }
                        Ok(())
                    }
                }
            }
            Op::Move { s, c, crow, keyne } => self.move_(s, c, crow, keyne),
            Op::Seek { s, c, op, v, range } => self.seek(s, c, op, v, range, true),
            Op::Range { s, c, lim, upper, incl, instant, walk } => {
                self.range(s, c, lim, upper, incl, instant, walk)
            }
            Op::RangeRemove { s, c } => {
                let tid = self.cur(s, c).tid;
                let r = JetSetIndexRange(self.sesid(s), tid, JET_bitRangeRemove);
                self.note("JetSetIndexRange", r);
                let exp = if self.cur_mut(s, c).range.take().is_some() { 0 } else { JET_errInvalidOperation };
                code_ck("JetSetIndexRange(remove)", r, exp)
            }
            Op::Count { s, c, max } => {
                let tid = self.cur(s, c).tid;
                let mut n: u32 = 0xA5A5_A5A5;
                // SAFETY: `n` outlives the call.
                let r = unsafe { JetIndexRecordCount(self.sesid(s), tid, &mut n, max) };
                self.note("JetIndexRecordCount", r);
                let es = entries(self.view(s, c.0), c.1);
                let cur = self.cur(s, c).clone();
                let from = match cur.pos {
                    // A record this cursor deleted is current again once its key is back.
                    Pos::On { key, deleted: true } if es.contains(&key) => {
                        self.cur_mut(s, c).pos = Pos::On { key, deleted: false };
                        Some(key)
                    }
                    Pos::On { deleted: true, .. } => {
                        return code_ck("JetIndexRecordCount", r, JET_errRecordDeleted);
                    }
                    Pos::On { key, .. } => Some(key),
                    // Off the entries (before the first included): -1603 (data-records 6.5).
                    _ => return code_ck("JetIndexRecordCount", r, JET_errNoCurrentRecord),
                };
                let mut want = 0u32;
                for e in es.iter().filter(|&&e| from.is_none_or(|f| e >= f)) {
                    if (max != 0 && want >= max) || cur.range.is_some_and(|rg| !rg.admits(e.0, true)) {
                        break;
                    }
                    want += 1;
                }
                self.cur_mut(s, c).range = None;
                code_ck("JetIndexRecordCount", r, 0)?;
                if n != want {
                    return Err(mismatch("JetIndexRecordCount: count", want, n));
                }
                Ok(())
            }
            Op::Read { s, c, col, itag } => self.check_col(s, c, col, itag, "read"),
            Op::Scan { s, c, back } => {
                let (first, next) =
                    if back { (JET_MoveLast, JET_MovePrevious) } else { (JET_MoveFirst, JET_MoveNext) };
                self.move_(s, c, first, false)?;
                for i in 0..(NK + 2) {
                    if !matches!(self.cur(s, c).pos, Pos::On { .. }) {
                        return Ok(());
                    }
                    self.check_record(s, c, &format!("scan step {i}"))?;
                    self.move_(s, c, next, false)?;
                }
                Err("scan: more entries than records".into())
            }
            Op::OpenSpare { s, t } => {
                let tname = CString::new(format!("T{t}")).unwrap();
                let mut tid = 0;
                // SAFETY: valid pointers for the call.
                let r = unsafe {
                    JetOpenTable(self.sesid(s), self.dbids[s], tname.as_ptr(), null(), 0, 0, &mut tid)
                };
                self.note("JetOpenTable", r);
                code_ck("JetOpenTable", r, 0)?;
                let level = self.ses[s].level();
                self.ses[s].spare = Some(Spare { tid, level });
                Ok(())
            }
            Op::CloseSpare(s) => {
                let sp = self.ses[s].spare.take().unwrap();
                let r = JetCloseTable(self.sesid(s), sp.tid);
                self.note("JetCloseTable", r);
                self.ses[s].stale = sp.tid;
                code_ck("JetCloseTable", r, 0)
            }
            Op::SpareMove(s) => {
                let sp = self.ses[s].spare.clone().unwrap();
                let r = JetMove(self.sesid(s), sp.tid, JET_MoveFirst, 0);
                self.note("JetMove", r);
                // A spare cursor is on table 0's primary index.
                let exp = if self.view(s, 0).is_empty() { JET_errNoCurrentRecord } else { 0 };
                code_ck("JetMove(first) on a cursor opened by JetOpenTable", r, exp)
            }
            Op::Bad { s, c, what } => self.bad(s, c, what),
            Op::Aba { s, t, k, kind, v, vc, then } => self.aba(s, t, k, kind, v, vc, then),
        }
    }

    /// [`Op::Aba`]: each step is an operation of its own, checked against the model.
    #[allow(clippy::too_many_arguments)]
    fn aba(&mut self, s: usize, t: usize, k: i32, kind: Aba, v: usize, vc: Cr, then: Then) -> R {
        let c = (t, IX_P);
        let seek = Op::Seek { s, c, op: JET_bitSeekEQ, v: Some(k as i64), range: false };
        let replace =
            |a: Option<i32>| Op::Replace { s, c, nolock: false, a: Some(a), u: None, tag: None, lv: None };
        let txn = !matches!(kind, Aba::ReplaceBackLevel0(_));
        if txn {
            self.exec(&Op::Begin(s))?;
        }
        match kind {
            Aba::ReplaceBack(x) | Aba::ReplaceBackLevel0(x) => {
                self.exec(&seek)?;
                if let Some(old) = self.view(s, t).get(&k).map(|r| r.a) {
                    self.exec(&replace(Some(x)))?;
                    self.exec(&replace(old))?;
                }
            }
            Aba::DeleteInsert => {
                self.exec(&seek)?;
                if let Some(r) = self.view(s, t).get(&k).cloned() {
                    self.exec(&Op::Delete { s, c })?;
                    self.exec(&Op::Insert { s, t, k, a: r.a, u: r.u, tags: r.tags, lv: r.lv })?;
                }
            }
            Aba::InsertDelete(u) => {
                if !self.view(s, t).contains_key(&k) {
                    self.exec(&Op::Insert { s, t, k, a: Some(0), u, tags: Vec::new(), lv: None })?;
                    self.exec(&seek)?;
                    self.exec(&Op::Delete { s, c })?;
                }
            }
            Aba::EscrowBack(d) => {
                self.exec(&seek)?;
                self.exec(&Op::Escrow { s, c, delta: d })?;
                self.exec(&Op::Escrow { s, c, delta: d.wrapping_neg() })?;
            }
        }
        if txn {
            self.exec(&Op::Commit { s, lazy: true })?;
        }
        // How often the victim's change is expected to meet the conflict (in the summary).
        let name = match then {
            Then::Replace(_) => "ABA, then replace",
            Then::Delete => "ABA, then delete",
            Then::Escrow(_) => "ABA, then escrow",
            Then::Insert => "ABA, then insert",
            Then::InsertU(..) => "ABA, then insert its U",
        };
        let wc = |c: bool| if c { JET_errWriteConflict } else { 0 };
        let code = match (then, self.current(v, vc)) {
            (Then::Insert, _) => {
                // An insert meets the rule as a duplicate (bt.cxx ErrBTInsert).
                let met = !self.view(v, t).contains_key(&k) && self.record_conflict(v, t, k);
                if met { JET_errKeyDuplicate } else { 0 }
            }
            (Then::InsertU(k2, u), _) => {
                let free = !self.view(v, t).contains_key(&k2) && !self.record_conflict(v, t, k2);
                match self.unique_verdict(v, t, k2, u) {
                    Verdict::Fail(code) if free => code,
                    _ => 0,
                }
            }
            (Then::Escrow(_), Ok(pk)) => wc(self.ses[v].txn.is_some() && self.delta_conflict(v, vc.0, pk)),
            (_, Ok(pk)) => wc(self.record_conflict(v, vc.0, pk)),
            (_, Err(_)) => 0,
        };
        *self.stats.entry((name, code)).or_default() += 1;
        match then {
            Then::Replace(x) => self.exec(&Op::Replace {
                s: v,
                c: vc,
                nolock: false,
                a: Some(Some(x)),
                u: None,
                tag: None,
                lv: None,
            }),
            Then::Delete => self.exec(&Op::Delete { s: v, c: vc }),
            Then::Escrow(d) => self.exec(&Op::Escrow { s: v, c: vc, delta: d }),
            Then::Insert => {
                self.exec(&Op::Insert { s: v, t, k, a: Some(1), u: None, tags: Vec::new(), lv: None })
            }
            Then::InsertU(k2, u) => {
                self.exec(&Op::Insert { s: v, t, k: k2, a: Some(1), u: Some(u), tags: Vec::new(), lv: None })
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn insert(
        &mut self,
        s: usize,
        t: usize,
        k: i32,
        a: Option<i32>,
        u: Option<i32>,
        tags: &[i32],
        lv: Option<(u16, u8)>,
    ) -> R {
        let tid = self.ses[s].curs[t][IX_P].tid;
        let r = JetPrepareUpdate(self.sesid(s), tid, JET_prepInsert);
        self.note("JetPrepareUpdate", r);
        code_ck("JetPrepareUpdate(insert)", r, 0)?;
        self.set(s, t, tid, 0, &k.to_le_bytes(), 1, 0)?;
        if let Some(a) = a {
            self.set(s, t, tid, 1, &a.to_le_bytes(), 1, 0)?;
        }
        if let Some(u) = u {
            self.set(s, t, tid, 2, &u.to_le_bytes(), 1, 0)?;
        }
        for &g in tags {
            self.set(s, t, tid, 4, &g.to_le_bytes(), 0, 0)?;
        }
        if let Some(l) = lv {
            // data-records 9.4: a long value only inside a transaction.
            if self.ses[s].txn.is_none() {
                self.set(s, t, tid, 5, &lv_bytes(l), 1, JET_errNotInTransaction)?;
                return self.cancel(s, tid);
            }
            self.set(s, t, tid, 5, &lv_bytes(l), 1, 0)?;
        }
        // An insert never reports a write conflict (S-VER-02, data-records 9.3, bt.cxx
        // ErrBTInsert): a key this session sees, and one the conflict rule stops, are both
        // duplicates.
        let exp = if self.view(s, t).contains_key(&k) || self.record_conflict(s, t, k) {
            JET_errKeyDuplicate
        } else {
            match u.map_or(Verdict::Ok, |u| self.unique_verdict(s, t, k, u)) {
                Verdict::Fail(code) => code,
                Verdict::Ok => 0,
            }
        };
        if exp == 0 {
            self.take_lock(s, Lock::Rec(t, k));
            if let Some(u) = u {
                self.take_lock(s, Lock::Uniq(t, u));
            }
            let rec = Rec { a, u, e: 0, tags: tags.to_vec(), lv };
            self.write(s, t, k, Some(rec));
        }
        self.update(s, tid, exp, "JetUpdate(insert)")
    }

    #[allow(clippy::too_many_arguments)]
    fn replace(
        &mut self,
        s: usize,
        c: Cr,
        nolock: bool,
        a: Option<Option<i32>>,
        u: Option<Option<i32>>,
        tag: Option<(u32, i32)>,
        lv: Option<(u16, u8)>,
    ) -> R {
        let t = c.0;
        let tid = self.cur(s, c).tid;
        let prep = if nolock { JET_prepReplaceNoLock } else { JET_prepReplace };
        let r = JetPrepareUpdate(self.sesid(s), tid, prep);
        self.note("JetPrepareUpdate", r);
        let in_txn = self.ses[s].txn.is_some();
        let pk = match self.current(s, c) {
            Err(code) => return code_ck("JetPrepareUpdate(replace)", r, code),
            Ok(pk) => pk,
        };
        // data-records 9.3: prepReplace in a transaction takes the record's lock; at level 0
        // it is prepReplaceNoLock (9.4).
        if !nolock && in_txn {
            if self.record_conflict(s, t, pk) {
                return code_ck("JetPrepareUpdate(replace)", r, JET_errWriteConflict);
            }
            self.take_lock(s, Lock::Rec(t, pk));
        }
        code_ck("JetPrepareUpdate(replace)", r, 0)?;
        let mut rec = self.view(s, t)[&pk].clone();
        let old_u = rec.u;
        if let Some(a) = a {
            self.set(s, t, tid, 1, &a.map_or(vec![], |v| v.to_le_bytes().to_vec()), 1, 0)?;
            rec.a = a;
        }
        if let Some(u) = u {
            self.set(s, t, tid, 2, &u.map_or(vec![], |v| v.to_le_bytes().to_vec()), 1, 0)?;
            rec.u = u;
        }
        if let Some((itag, g)) = tag {
            self.set(s, t, tid, 4, &g.to_le_bytes(), itag, 0)?;
            if itag == 0 || rec.tags.is_empty() {
                rec.tags.push(g);
            } else {
                rec.tags[0] = g;
            }
        }
        if let Some(l) = lv {
            if !in_txn {
                self.set(s, t, tid, 5, &lv_bytes(l), 1, JET_errNotInTransaction)?;
                return self.cancel(s, tid);
            }
            self.set(s, t, tid, 5, &lv_bytes(l), 1, 0)?;
            rec.lv = Some(l);
        }
        let exp = if self.record_conflict(s, t, pk) {
            JET_errWriteConflict
        } else {
            match rec
                .u
                .filter(|&nu| Some(nu) != old_u)
                .map_or(Verdict::Ok, |nu| self.unique_verdict(s, t, pk, nu))
            {
                Verdict::Fail(code) => code,
                Verdict::Ok => 0,
            }
        };
        if exp == 0 {
            self.take_lock(s, Lock::Rec(t, pk));
            if let Some(nu) = rec.u.filter(|&nu| Some(nu) != old_u) {
                self.take_lock(s, Lock::Uniq(t, nu));
            }
            self.write(s, t, pk, Some(rec));
        }
        self.update(s, tid, exp, "JetUpdate(replace)")
    }

    fn move_(&mut self, s: usize, c: Cr, crow: i32, keyne: bool) -> R {
        let tid = self.cur(s, c).tid;
        let r = JetMove(self.sesid(s), tid, crow, if keyne { JET_bitMoveKeyNE } else { 0 });
        self.note("JetMove", r);
        let what = format!("JetMove({crow}{})", if keyne { ", KeyNE" } else { "" });
        let es = entries(self.view(s, c.0), c.1);
        let level = self.ses[s].level();
        let exp = if crow == 0 {
            // data-records 6.1 item 4.
            self.current(s, c).err().unwrap_or(0)
        } else {
            let cur = self.cur_mut(s, c);
            cur.nav_level = level;
            if crow == JET_MoveFirst || crow == JET_MoveLast {
                cur.range = None;
                let e = if crow == JET_MoveFirst { es.first() } else { es.last() };
                match e {
                    Some(&e) => {
                        cur.pos = Pos::On { key: e, deleted: false };
                        0
                    }
                    None => {
                        cur.pos = if crow == JET_MoveFirst { Pos::Before } else { Pos::After };
                        JET_errNoCurrentRecord
                    }
                }
            } else {
                let forward = crow > 0;
                let mut pos = cur.pos;
                let mut exp = 0;
                for _ in 0..crow.unsigned_abs() {
                    let found = step(&es, pos, forward, keyne);
                    if let (Some(e), Some(rg)) = (found, cur.range)
                        && !rg.admits(e.0, forward)
                    {
                        cur.range = None;
                        exp = JET_errNoCurrentRecord;
                        break;
                    }
                    match found {
                        Some(e) => pos = Pos::On { key: e, deleted: false },
                        None => {
                            exp = JET_errNoCurrentRecord;
                            break;
                        }
                    }
                }
                cur.pos = if exp == 0 {
                    pos
                } else if forward {
                    Pos::After
                } else {
                    Pos::Before
                };
                exp
            }
        };
        code_ck(&what, r, exp)?;
        self.check_on(s, c, &what)
    }

    fn seek(&mut self, s: usize, c: Cr, op: u32, v: Option<i64>, range: bool, make: bool) -> R {
        let tid = self.cur(s, c).tid;
        let sesid = self.sesid(s);
        let x = v.unwrap_or(NULLK);
        if make {
            let r = make_key(sesid, tid, v);
            self.note("JetMakeKey", r);
            code_ck("JetMakeKey", r, 0)?;
            self.cur_mut(s, c).key = Some(x);
        }
        let grbit = op | if range && op == JET_bitSeekEQ { JET_bitSetIndexRange } else { 0 };
        let r = JetSeek(sesid, tid, grbit);
        self.note("JetSeek", r);
        let what = format!("JetSeek({grbit:#x})");
        let es = entries(self.view(s, c.0), c.1);
        let level = self.ses[s].level();
        let cur = self.cur_mut(s, c);
        // data-records 6.3 items 1-3, 8.
        let Some(x) = cur.key else { return code_ck(&what, r, JET_errKeyNotMade) };
        cur.range = None;
        cur.key = None;
        // A seek navigates (ErrDIRDown sets the cursor's navigation level; S-VER-03, 9.6).
        cur.nav_level = level;
        let (lo, hi) = ((x, i64::MIN), (x, i64::MAX));
        let (exp, pos) = match op {
            JET_bitSeekEQ => match first_ge(&es, lo) {
                // A failed equal seek stands at the key's own place (not at the entry after
                // it), so a record inserted there later is the next one a move finds.
                None => (JET_errRecordNotFound, Pos::Between(lo)),
                Some(e) if e.0 != x => (JET_errRecordNotFound, Pos::Between(lo)),
                Some(e) => {
                    if range {
                        cur.range = Some(Range { upper: true, incl: true, lim: x });
                    }
                    (0, Pos::On { key: e, deleted: false })
                }
            },
            JET_bitSeekGE => match first_ge(&es, lo) {
                None => (JET_errRecordNotFound, Pos::After),
                Some(e) => {
                    (if e.0 == x { 0 } else { JET_wrnSeekNotEqual }, Pos::On { key: e, deleted: false })
                }
            },
            JET_bitSeekGT => match first_gt(&es, hi) {
                None => (JET_errRecordNotFound, Pos::After),
                Some(e) => (0, Pos::On { key: e, deleted: false }),
            },
            // LE: an equal entry is the first of its duplicates (as an equal seek finds it,
            // ManagedEsent's seek tests on Windows), else the last entry before the key.
            JET_bitSeekLE => match first_ge(&es, lo).filter(|e| e.0 == x).or_else(|| last_lt(&es, lo)) {
                None => (JET_errRecordNotFound, Pos::Before),
                Some(e) => {
                    (if e.0 == x { 0 } else { JET_wrnSeekNotEqual }, Pos::On { key: e, deleted: false })
                }
            },
            _ => match last_lt(&es, lo) {
                None => (JET_errRecordNotFound, Pos::Before),
                Some(e) => (0, Pos::On { key: e, deleted: false }),
            },
        };
        cur.pos = pos;
        if r != exp {
            let model: Vec<Ek> = es.clone();
            let got = self.engine_keys(s, c);
            let fresh = self.engine_keys_fresh(s, c.0);
            return Err(format!(
                "{what}: model {}, library {}; model entries {model:?}; engine scan on this cursor {got:?}; on a fresh cursor {fresh:?}",
                code_name(exp),
                code_name(r)
            ));
        }
        self.check_on(s, c, &what)
    }

    #[allow(clippy::too_many_arguments)]
    fn range(
        &mut self,
        s: usize,
        c: Cr,
        lim: Option<i64>,
        upper: bool,
        incl: bool,
        instant: bool,
        walk: u8,
    ) -> R {
        let tid = self.cur(s, c).tid;
        let sesid = self.sesid(s);
        if let Some(l) = lim {
            let r = make_key(sesid, tid, Some(l));
            self.note("JetMakeKey", r);
            code_ck("JetMakeKey", r, 0)?;
            self.cur_mut(s, c).key = Some(l);
        }
        let grbit = if upper { JET_bitRangeUpperLimit } else { 0 }
            | if incl { JET_bitRangeInclusive } else { 0 }
            | if instant { JET_bitRangeInstantDuration } else { 0 };
        let r = JetSetIndexRange(sesid, tid, grbit);
        self.note("JetSetIndexRange", r);
        let what = format!("JetSetIndexRange({grbit:#x})");
        let cur = self.cur_mut(s, c);
        // data-records 6.4.
        let Some(x) = cur.key.take() else { return code_ck(&what, r, JET_errKeyNotMade) };
        let rg = Range { upper, incl, lim: x };
        cur.range = None;
        let exp = match cur.pos {
            Pos::On { key: p, .. } | Pos::Between(p) => {
                if rg.contains(p.0) {
                    if !instant {
                        cur.range = Some(rg);
                    }
                    0
                } else {
                    cur.pos = if upper { Pos::After } else { Pos::Before };
                    JET_errNoCurrentRecord
                }
            }
            // Off the entries: the range is set all the same (ESE sets it before it checks
            // the position), and the call says there is no current record.
            _ => {
                if !instant {
                    cur.range = Some(rg);
                }
                JET_errNoCurrentRecord
            }
        };
        code_ck(&what, r, exp)?;
        if exp != 0 {
            return Ok(());
        }
        for _ in 0..walk {
            self.move_(s, c, if upper { JET_MoveNext } else { JET_MovePrevious }, false)?;
            if !matches!(self.cur(s, c).pos, Pos::On { .. }) {
                break;
            }
        }
        Ok(())
    }

    /// Diagnostics: the primary keys the engine shows on cursor `c` (moves it).
    fn engine_keys(&mut self, s: usize, c: Cr) -> Vec<i32> {
        let tid = self.cur(s, c).tid;
        self.keys_of(s, c.0, tid)
    }

    fn engine_keys_fresh(&mut self, s: usize, t: usize) -> Vec<i32> {
        let Ok(tid) = open_cursor(self.sesid(s), self.dbids[s], t, IX_P) else { return vec![-999] };
        let v = self.keys_of(s, t, tid);
        JetCloseTable(self.sesid(s), tid);
        v
    }

    fn keys_of(&mut self, s: usize, t: usize, tid: JET_TABLEID) -> Vec<i32> {
        let sesid = self.sesid(s);
        let mut v = Vec::new();
        let mut r = JetMove(sesid, tid, JET_MoveFirst, 0);
        while r >= 0 && v.len() < 100 {
            let (_, b) = retrieve(sesid, tid, self.cols[t].k, 1, &mut self.buf);
            v.push(i32::from_le_bytes(b.try_into().unwrap_or([0xff; 4])));
            r = JetMove(sesid, tid, JET_MoveNext, 0);
        }
        v
    }

    fn bad(&mut self, s: usize, c: Cr, what: Bad) -> R {
        let sesid = self.sesid(s);
        let tid = self.cur(s, c).tid;
        match what {
            Bad::StaleTableid => {
                let r = JetMove(sesid, self.ses[s].stale, JET_MoveNext, 0);
                self.note("JetMove", r);
                code_ck("JetMove on a closed tableid", r, JET_errInvalidTableId)
            }
            Bad::ForeignTableid(o) => {
                let other = self.ses[o].curs[c.0][c.1].tid;
                let r = JetMove(sesid, other, JET_MoveNext, 0);
                self.note("JetMove", r);
                code_ck("JetMove on another session's tableid", r, JET_errSesidTableIdMismatch)
            }
            Bad::CommitGrbit(g) => {
                let r = JetCommitTransaction(sesid, g);
                self.note("JetCommitTransaction", r);
                code_ck("JetCommitTransaction with an unknown grbit", r, JET_errInvalidGrbit)
            }
            Bad::RollbackGrbit(g) => {
                let r = JetRollback(sesid, g);
                self.note("JetRollback", r);
                code_ck("JetRollback with an unknown grbit", r, JET_errInvalidGrbit)
            }
            Bad::SeekNoBit => {
                let r = JetSeek(sesid, tid, 0);
                self.note("JetSeek", r);
                // data-records 6.3 item 1: before the key check; the key stays.
                code_ck("JetSeek(0)", r, JET_errInvalidParameter)
            }
            Bad::SeekTwoBits => {
                let r = make_key(sesid, tid, Some(1));
                self.note("JetMakeKey", r);
                code_ck("JetMakeKey", r, 0)?;
                self.cur_mut(s, c).key = Some(1);
                let r = JetSeek(sesid, tid, JET_bitSeekEQ | JET_bitSeekGE);
                self.note("JetSeek", r);
                let cur = self.cur_mut(s, c);
                if cur.key.is_none() {
                    return code_ck("JetSeek(EQ|GE) with no key", r, JET_errKeyNotMade);
                }
                // data-records 6.3 items 3, 8 and §10 item 3: the key and range go, -900.
                cur.key = None;
                cur.range = None;
                code_ck("JetSeek(EQ|GE)", r, JET_errInvalidGrbit)
            }
            Bad::SeekNoKey => self.seek(s, c, JET_bitSeekGE, None, false, false),
            Bad::RangeNoKey => self.range(s, c, None, true, true, false, 1),
        }
    }
}

// ---- the generator ------------------------------------------------------------------------------

impl Model {
    fn gen_val(r: &mut Rng, ix: usize) -> Option<i64> {
        match ix {
            IX_P => Some(r.below(NK as u64 + 2) as i64 - 1),
            IX_A if r.chance(1, 7) => None,
            IX_A => Some(r.below(NA as u64 + 2) as i64 - 1),
            _ if r.chance(1, 10) => None,
            _ => Some(r.below(NU as u64 + 2) as i64 - 1),
        }
    }

    fn gen_a(r: &mut Rng) -> Option<i32> {
        if r.chance(1, 6) { None } else { Some(r.below(NA as u64) as i32) }
    }

    fn gen_u(r: &mut Rng) -> Option<i32> {
        if r.chance(2, 5) { None } else { Some(r.below(NU as u64) as i32) }
    }

    fn gen_lv(r: &mut Rng) -> Option<(u16, u8)> {
        if !r.chance(1, 25) {
            return None;
        }
        let len = if r.chance(1, 2) { 1 + r.below(40) } else { 1500 + r.below(1500) };
        Some((len as u16, r.below(256) as u8))
    }

    fn generate(&self, r: &mut Rng) -> Op {
        let s = r.index(self.ses.len());
        let ntab = self.cols.len();
        let c: Cr = (r.index(ntab), r.index(3));
        let level = self.ses[s].level();
        let w = [
            if level == 0 { 60 } else { 8 }, // 0 begin
            if level == 0 { 1 } else { 14 }, // 1 commit
            if level == 0 { 1 } else { 6 },  // 2 rollback
            22,                              // 3 insert
            14,                              // 4 replace
            12,                              // 5 delete
            10,                              // 6 escrow
            24,                              // 7 move
            24,                              // 8 seek
            8,                               // 9 range
            2,                               // 10 range remove
            5,                               // 11 count
            8,                               // 12 read
            2,                               // 13 scan
            2,                               // 14 spare
            3,                               // 15 bad
            3,                               // 16 ABA on purpose
        ];
        match r.weighted(&w) {
            0 => Op::Begin(s),
            1 => Op::Commit { s, lazy: !r.chance(1, 30) },
            2 => Op::Rollback { s, all: r.chance(1, 5) },
            3 => {
                let n = r.below(3) as usize;
                Op::Insert {
                    s,
                    t: c.0,
                    k: r.below(NK as u64) as i32,
                    a: Self::gen_a(r),
                    u: Self::gen_u(r),
                    tags: (0..n).map(|_| r.below(100) as i32).collect(),
                    lv: Self::gen_lv(r),
                }
            }
            4 => {
                let mut a = r.chance(1, 2).then(|| Self::gen_a(r));
                let u = r.chance(2, 5).then(|| Self::gen_u(r));
                let tag = r.chance(1, 4).then(|| (r.below(2) as u32, r.below(100) as i32));
                let lv = Self::gen_lv(r);
                if a.is_none() && u.is_none() && tag.is_none() && lv.is_none() {
                    a = Some(Self::gen_a(r));
                }
                Op::Replace { s, c, nolock: r.chance(1, 4), a, u, tag, lv }
            }
            5 => Op::Delete { s, c },
            // Outside a transaction a delta fails (-1054); inside, deltas of several sessions
            // on one record commute (S-VER-02, data-records 3.10).
            6 => Op::Escrow { s, c, delta: r.below(7) as i32 - 3 },
            7 => {
                let crow = match r.below(10) {
                    0 => JET_MoveFirst,
                    1 => JET_MoveLast,
                    2 => 0,
                    3 => r.below(3) as i32 + 2,
                    4 => -(r.below(3) as i32) - 2,
                    5 | 6 => JET_MovePrevious,
                    _ => JET_MoveNext,
                };
                Op::Move { s, c, crow, keyne: c.1 != IX_P && r.chance(1, 3) }
            }
            8 => {
                let op = r.pick(&[JET_bitSeekEQ, JET_bitSeekGE, JET_bitSeekGT, JET_bitSeekLE, JET_bitSeekLT]);
                Op::Seek { s, c, op, v: Self::gen_val(r, c.1), range: r.chance(1, 3) }
            }
            9 => Op::Range {
                s,
                c,
                lim: Self::gen_val(r, c.1).or(Some(0)),
                upper: r.chance(1, 2),
                incl: r.chance(1, 2),
                instant: r.chance(1, 8),
                walk: r.below(6) as u8,
            },
            10 => Op::RangeRemove { s, c },
            11 => Op::Count { s, c, max: if r.chance(1, 3) { r.below(5) as u32 + 1 } else { 0 } },
            12 => {
                let col = r.below(6) as u8;
                Op::Read { s, c, col, itag: if col == 4 { 1 + r.below(3) as u32 } else { 1 } }
            }
            13 => Op::Scan { s, c, back: r.chance(1, 2) },
            14 => match &self.ses[s].spare {
                None => Op::OpenSpare { s, t: 0 },
                Some(_) if r.chance(1, 3) => Op::CloseSpare(s),
                Some(_) => Op::SpareMove(s),
            },
            16 => self.gen_aba(r),
            _ => {
                let what = match r.below(8) {
                    0 => Bad::StaleTableid,
                    1 => Bad::ForeignTableid((s + 1 + r.index(self.ses.len() - 1)) % self.ses.len()),
                    2 => Bad::CommitGrbit(r.pick(&[0x4, 0x40, 0x8000, 0x4000_0000])),
                    3 => Bad::RollbackGrbit(r.pick(&[0x2, 0x4, 0x100])),
                    4 => Bad::SeekNoBit,
                    5 => Bad::SeekTwoBits,
                    6 => Bad::SeekNoKey,
                    _ => Bad::RangeNoKey,
                };
                Op::Bad { s, c, what }
            }
        }
    }

    /// An [`Op::Aba`]: the victim is a session in a transaction whose cursor is on a record
    /// (so the record is in its snapshot), the actor another session, at level 0 where there
    /// is one (so that its transaction commits).
    fn gen_aba(&self, r: &mut Rng) -> Op {
        let n = self.ses.len();
        let mut on = Vec::new();
        for v in 0..n {
            if self.ses[v].txn.is_none() {
                continue;
            }
            for t in 0..self.cols.len() {
                for ix in 0..3 {
                    if let Ok(pk) = self.current(v, (t, ix)) {
                        on.push((v, (t, ix), pk));
                    }
                }
            }
        }
        let in_txn: Vec<usize> = (0..n).filter(|&v| self.ses[v].txn.is_some()).collect();
        if in_txn.is_empty() {
            return Op::Begin(r.index(n));
        }
        let free = r.chance(1, 6) || on.is_empty();
        let (v, vc, t, k) = if free {
            // A key nobody has (so that the actor may insert it and delete it again).
            let v = in_txn[r.index(in_txn.len())];
            let t = r.index(self.cols.len());
            let k =
                (0..NK).find(|k| !self.w.committed[t].contains_key(k) && !self.view(v, t).contains_key(k));
            match k {
                Some(k) => (v, (t, IX_P), t, k),
                None => return Op::Begin(r.index(n)),
            }
        } else {
            let (v, vc, pk) = on[r.index(on.len())];
            (v, vc, vc.0, pk)
        };
        let others: Vec<usize> = (0..n).filter(|&o| o != v).collect();
        let idle: Vec<usize> = others.iter().copied().filter(|&o| self.ses[o].txn.is_none()).collect();
        let s = if idle.is_empty() { others[r.index(others.len())] } else { idle[r.index(idle.len())] };
        let x = r.below(NA as u64) as i32;
        let d = r.below(7) as i32 - 3;
        let kind = if free {
            Aba::InsertDelete(r.chance(2, 3).then(|| r.below(NU as u64) as i32))
        } else {
            match r.below(5) {
                0 => Aba::ReplaceBack(x),
                1 if self.ses[s].txn.is_none() => Aba::ReplaceBackLevel0(x),
                1 | 2 => Aba::DeleteInsert,
                _ => Aba::EscrowBack(d),
            }
        };
        let then = match (kind, r.below(3)) {
            (Aba::InsertDelete(Some(u)), 0 | 1) => {
                let from = r.below(NK as u64) as i32;
                let free = (0..NK)
                    .map(|i| (from + i) % NK)
                    .find(|&k2| k2 != k && !self.view(v, t).contains_key(&k2));
                match free {
                    Some(k2) => Then::InsertU(k2, u),
                    None => Then::Insert,
                }
            }
            (Aba::InsertDelete(_), _) => Then::Insert,
            (_, 0) => Then::Replace(x),
            (Aba::EscrowBack(_), _) => Then::Escrow(r.below(7) as i32 - 3),
            (_, 1) => Then::Delete,
            _ => Then::Escrow(d),
        };
        Op::Aba { s, t, k, kind, v, vc, then }
    }

    /// A full comparison at the end of a run: every session's view through its primary cursor
    /// of each table, forward.
    fn final_check(&mut self) -> R {
        for s in 0..self.ses.len() {
            for t in 0..self.cols.len() {
                self.exec(&Op::Scan { s, c: (t, IX_P), back: false })
                    .map_err(|e| format!("final scan of session {s}, table {t}: {e}"))?;
            }
        }
        Ok(())
    }

    /// Ends every session (S-VER-03: JetEndSession rolls back first) and the instance.
    fn teardown(&mut self) -> R {
        let mut r = Ok(());
        for s in &self.ses {
            let e = JetEndSession(s.sesid, 0);
            if e != 0 && r.is_ok() {
                r = Err(format!("JetEndSession at the end of the run: {}", code_name(e)));
            }
        }
        let e = JetTerm(self.inst);
        if e != 0 && r.is_ok() {
            r = Err(format!("JetTerm at the end of the run: {}", code_name(e)));
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        r
    }
}

// ---- runs, replay and shrinking -----------------------------------------------------------

struct Failure {
    op: u64,
    /// API calls made up to and including the failing one.
    calls: u64,
    msg: String,
    recent: Vec<String>,
}

struct Summary {
    ops: u64,
    calls: u64,
    sessions: usize,
    tables: usize,
    stats: BTreeMap<(&'static str, i32), u64>,
}

fn run(seed: u64, calls: u64) -> Result<Summary, Failure> {
    let mut rng = Rng::new(seed);
    let mut m = match Model::setup(&mut rng) {
        Ok(m) => m,
        Err(msg) => return Err(Failure { op: 0, calls: 0, msg, recent: Vec::new() }),
    };
    let mut result = Ok(());
    let mut i = 0u64;
    while m.calls < calls {
        let op = m.generate(&mut rng);
        i += 1;
        let i = i - 1;
        if m.recent.len() == 40 {
            m.recent.pop_front();
        }
        let level = m.ses.iter().map(|s| s.level()).collect::<Vec<_>>();
        m.recent.push_back(format!("#{i} levels {level:?}: {op:?}"));
        m.recent.back_mut().unwrap().push_str(" ->");
        result = m.exec(&op).map_err(|e| format!("op #{i} {op:?}: {e}"));
        if m.trace {
            eprintln!("{}", m.recent.back().unwrap());
        }
        if result.is_err() {
            break;
        }
    }
    if result.is_ok() {
        result = m.final_check();
    }
    let down = m.teardown();
    if result.is_ok() {
        result = down;
    }
    match result {
        Ok(()) => Ok(Summary {
            ops: i,
            calls: m.calls,
            sessions: m.ses.len(),
            tables: m.cols.len(),
            stats: std::mem::take(&mut m.stats),
        }),
        Err(msg) => {
            let op = m.recent.back().and_then(|l| l[1..].split(' ').next()?.parse().ok()).unwrap_or(i);
            Err(Failure { op, calls: m.calls, msg, recent: m.recent.into_iter().collect() })
        }
    }
}

fn print_failure(seed: u64, f: &Failure) {
    eprintln!("  seed {seed}, op #{}: {}", f.op, f.msg);
    eprintln!("  last operations (levels of the sessions before each):");
    for c in &f.recent {
        eprintln!("    {c}");
    }
}

#[test]
fn data_model_check() {
    let seed = common::seed();
    let calls = env_u64("ESENT_MODEL_CALLS").unwrap_or(120_000);
    println!("data model: seed {seed} (replay with ESENT_SEED={seed}), {calls} API calls");
    let start = Instant::now();
    match run(seed, calls) {
        Ok(s) => {
            println!(
                "data model: {} operations ({} API calls) on {} sessions and {} tables agreed with the model in {:.2?}",
                s.ops,
                s.calls,
                s.sessions,
                s.tables,
                start.elapsed()
            );
            let mut by_fn: BTreeMap<&str, Vec<String>> = BTreeMap::new();
            for ((f, c), n) in &s.stats {
                by_fn.entry(f).or_default().push(format!("{c}×{n}"));
            }
            for (f, v) in by_fn {
                println!("  {f:22} {}", v.join(" "));
            }
        }
        Err(first) => {
            eprintln!("DATA MODEL MISMATCH (seed {seed}, {calls} API calls):");
            print_failure(seed, &first);
            // Shortest failing prefix: binary search on the call budget (a run stops after the
            // operation that reaches it, so a smaller budget replays a prefix of the same
            // operations; each run ends with a full scan of every session's view).
            let (mut lo, mut hi) = (0u64, first.calls.clamp(1, calls));
            let mut best = None;
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                match run(seed, mid) {
                    Ok(_) => lo = mid,
                    Err(f) => {
                        hi = mid;
                        best = Some(f);
                    }
                }
            }
            let best = match best {
                Some(b) => b,
                None => match run(seed, hi) {
                    Err(f) => f,
                    Ok(_) => first,
                },
            };
            eprintln!(
                "shortest failing prefix: {} operations (replay: ESENT_SEED={seed} ESENT_MODEL_CALLS={hi})",
                best.op + 1
            );
            print_failure(seed, &best);
            panic!("data model mismatch, seed {seed}: {}", best.msg);
        }
    }
}
