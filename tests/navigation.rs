//! Randomized model check of navigation through the public `extern "C"` API: random inserts,
//! deletes and replaces, random JetMove calls (first, last, next, previous, multi-row, with and
//! without `JET_bitMoveKeyNE`), JetSeek (each comparison), JetSetIndexRange (both limits,
//! inclusive or not, instant, remove), JetGotoPosition and JetDupCursor, at level 0 and inside
//! nested transactions that commit or roll back, on two cursors: one on the primary index and
//! one on a non-unique secondary index. After every call the code is compared with a
//! `BTreeMap` model, and then each cursor's record (JetRetrieveColumn) and position
//! (JetGetRecordPosition), including the codes off the ends (data-records 6.1, 6.3, 6.4, 6.6,
//! 6.9, 9.6).
//!
//! Knobs: `ESENT_SEED=<n>` replays a seed (printed at the start), `ESENT_NAV_CALLS=<n>` sets
//! the number of generated calls (default 3,000).
//!
//! The secondary cursor's index is chosen with JetSetCurrentIndex. Fresh cursors are moved
//! before they are read; duplicated cursors are read or moved at once, from ESE's deferred move
//! to the first record (data-records 6.9).
//!
//! The library is process-global, so this file holds exactly one `#[test]`.

#![allow(non_upper_case_globals)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod common;

use common::{Rng, code_name, env_u64, seed};
use esent::abi::consts::*;
use esent::abi::{JET_COLUMNDEF, JET_COLUMNID, JET_DBID, JET_INSTANCE, JET_RECPOS, JET_SESID, JET_TABLEID};
use esent::api::cursor_info::*;
use esent::api::cursors::*;
use esent::api::database::*;
use esent::api::instance::*;
use esent::api::records::*;
use esent::api::schema::*;
use esent::api::session::*;
use esent::api::table::*;
use esent::api::transaction::*;
use std::collections::BTreeMap;
use std::ffi::{CString, c_void};
use std::ptr::{null, null_mut};

/// An entry of an index in the model: (index key, bookmark). The primary index's key is the
/// id (its bookmark too); the secondary's is the group value G, the bookmark the id.
type Key = (i32, i32);

#[derive(Clone, Debug, PartialEq)]
enum MPos {
    /// Owing ESE's deferred move to the first entry (a cursor just duplicated): made by the
    /// first call that needs an entry, kept while the index is empty (data-records 6.9).
    Deferred,
    BeforeFirst,
    AfterLast,
    /// On an entry; `deleted` once this cursor deleted its record.
    On(Key, bool),
    /// After a JetSeek(JET_bitSeekEQ) that found nothing: at the place of index key `k`, with
    /// no current record; a move forward goes to the first entry with a key >= k, backward to
    /// the last one below it (data-records 6.3 item 7).
    Between(i32),
}

/// An index range of the model (data-records 6.4): a limit on index keys above the cursor
/// (`upper`, for moves forward) or below it.
#[derive(Clone, Copy, Debug)]
struct MRange {
    limit: i32,
    upper: bool,
    inclusive: bool,
}

impl MRange {
    fn contains(&self, k: i32) -> bool {
        match (self.upper, self.inclusive) {
            (true, true) => k <= self.limit,
            (true, false) => k < self.limit,
            (false, true) => k >= self.limit,
            (false, false) => k > self.limit,
        }
    }
}

/// One cursor of the model.
#[derive(Clone, Debug)]
struct MCursor {
    tableid: JET_TABLEID,
    secondary: bool,
    pos: MPos,
    range: Option<MRange>,
    /// The level of its last navigation (data-records 9.6).
    nav_level: u8,
}

struct Model {
    /// id -> G of the records the session sees.
    recs: BTreeMap<i32, i32>,
    /// The records as each open level began.
    saved: Vec<BTreeMap<i32, i32>>,
}

impl Model {
    fn entries(&self, secondary: bool) -> Vec<Key> {
        let mut v: Vec<Key> =
            self.recs.iter().map(|(&id, &g)| if secondary { (g, id) } else { (id, id) }).collect();
        v.sort();
        v
    }
    fn level(&self) -> u8 {
        self.saved.len() as u8
    }
}

struct Api {
    s: JET_SESID,
    id: JET_COLUMNID,
    g: JET_COLUMNID,
}

impl Api {
    fn retrieve(&self, t: JET_TABLEID, col: JET_COLUMNID) -> Result<i32, i32> {
        let mut v = 0i32;
        let mut cb = 0u32;
        // SAFETY: a 4-byte buffer and a u32 out-parameter that outlive the call.
        let e = unsafe {
            JetRetrieveColumn(self.s, t, col, &mut v as *mut i32 as *mut c_void, 4, &mut cb, 0, null_mut())
        };
        if e == 0 {
            assert_eq!(cb, 4);
            Ok(v)
        } else {
            Err(e)
        }
    }
    fn set(&self, t: JET_TABLEID, col: JET_COLUMNID, v: i32) {
        // SAFETY: 4 readable bytes; no JET_SETINFO.
        let e = unsafe { JetSetColumn(self.s, t, col, &v as *const i32 as *const c_void, 4, 0, null()) };
        assert_eq!(e, 0, "JetSetColumn: {}", code_name(e));
    }
    fn update(&self, t: JET_TABLEID) -> i32 {
        // SAFETY: no bookmark buffer.
        unsafe { JetUpdate(self.s, t, null_mut(), 0, null_mut()) }
    }
    fn position(&self, t: JET_TABLEID) -> Result<(u32, u32), i32> {
        let mut r = JET_RECPOS::default();
        // SAFETY: a JET_RECPOS of the size given.
        let e = unsafe { JetGetRecordPosition(self.s, t, &mut r, size_of::<JET_RECPOS>() as u32) };
        if e == 0 {
            assert_eq!((r.cbStruct, r.centriesInRange), (16, 1));
            Ok((r.centriesLT, r.centriesTotal))
        } else {
            Err(e)
        }
    }
}

/// What the model says a read of cursor `c` gives: the record (id, G) or the code.
fn expect_record(m: &Model, c: &MCursor) -> Result<(i32, i32), i32> {
    match &c.pos {
        MPos::Deferred | MPos::BeforeFirst | MPos::AfterLast | MPos::Between(_) => {
            Err(JET_errNoCurrentRecord)
        }
        // The record is read by its bookmark, also when the cursor's secondary entry moved away
        // under it (a replace changed the key): ESE reads the record through the table
        // cursor, which a secondary-index move leaves on the record. A record this cursor
        // deleted reads again once a record has its bookmark (inserted anew, or put back by a
        // rollback), as in ManagedEsent's DMLCurrency tests.
        MPos::On(k, _) => match m.recs.get(&k.1) {
            Some(g) => Ok((k.1, *g)),
            None => Err(JET_errRecordDeleted),
        },
    }
}

fn expect_position(m: &Model, c: &MCursor) -> Result<(u32, u32), i32> {
    match &c.pos {
        MPos::On(k, _) => {
            let e = m.entries(c.secondary);
            Ok((e.iter().filter(|x| *x < k).count() as u32, e.len() as u32))
        }
        _ => Err(JET_errNoCurrentRecord),
    }
}

/// JetMove in the model (data-records 6.1); returns the code and moves the cursor.
fn model_move(m: &Model, c: &mut MCursor, crow: i32, key_ne: bool) -> i32 {
    let e = m.entries(c.secondary);
    if crow == JET_MoveFirst || crow == JET_MoveLast {
        c.range = None;
        let found = if crow == JET_MoveFirst { e.first() } else { e.last() };
        return match found {
            Some(k) => {
                c.pos = MPos::On(*k, false);
                0
            }
            None => {
                c.pos = if crow == JET_MoveFirst { MPos::BeforeFirst } else { MPos::AfterLast };
                JET_errNoCurrentRecord
            }
        };
    }
    if c.pos == MPos::Deferred {
        // The deferred move first, then the step from there (so JetMove(JET_MoveNext) lands on
        // the second entry); on an empty index a step fails as off the end, a check keeps the
        // move owed.
        settle(m, c);
        if c.pos == MPos::Deferred && crow != 0 {
            c.pos = if crow > 0 { MPos::AfterLast } else { MPos::BeforeFirst };
            return JET_errNoCurrentRecord;
        }
    }
    if crow == 0 {
        return expect_record(m, c).map_or_else(|e| e, |_| 0);
    }
    let forward = crow > 0;
    let mut pos = c.pos.clone();
    for _ in 0..crow.unsigned_abs() {
        let next = match (&pos, forward) {
            (MPos::BeforeFirst, true) => e.first().copied(),
            (MPos::AfterLast, false) => e.last().copied(),
            // Settled above.
            (MPos::BeforeFirst, false) | (MPos::AfterLast, true) | (MPos::Deferred, _) => None,
            (MPos::Between(k), true) => e.iter().copied().find(|x| x.0 >= *k),
            (MPos::Between(k), false) => e.iter().rev().copied().find(|x| x.0 < *k),
            (MPos::On(k, _), true) => {
                e.iter().copied().find(|x| if key_ne { x.0 > k.0 || (x > k && !c.secondary) } else { x > k })
            }
            (MPos::On(k, _), false) => e
                .iter()
                .rev()
                .copied()
                .find(|x| if key_ne { x.0 < k.0 || (x < k && !c.secondary) } else { x < k }),
        };
        // An index range ends a walk towards its limit, and goes (data-records 6.1 item 8).
        let stopped = next.is_some_and(|k| c.range.is_some_and(|r| r.upper == forward && !r.contains(k.0)));
        if stopped {
            c.range = None;
        }
        match next.filter(|_| !stopped) {
            Some(k) => pos = MPos::On(k, false),
            None => {
                c.pos = if forward { MPos::AfterLast } else { MPos::BeforeFirst };
                return JET_errNoCurrentRecord;
            }
        }
    }
    c.pos = pos;
    0
}

/// The deferred move of a cursor that owes it, onto the first entry if there is one.
fn settle(m: &Model, c: &mut MCursor) {
    if c.pos == MPos::Deferred
        && let Some(k) = m.entries(c.secondary).first()
    {
        c.pos = MPos::On(*k, false);
    }
}

/// Reads the cursor's record and position through the API (both make a deferred move).
/// JetSetIndexRange in the model (data-records 6.4): after the deferred move, the current
/// entry (or a failed seek's place) must be within the new range, else the range is gone and
/// the cursor past it; off the entries the range is set all the same, with -1603.
fn model_set_range(m: &Model, c: &mut MCursor, r: MRange, instant: bool) -> i32 {
    settle(m, c);
    let inside = match c.pos {
        MPos::On(x, _) => Some(r.contains(x.0)),
        MPos::Between(k) => Some(r.contains(k)),
        _ => None,
    };
    match inside {
        Some(true) => {
            c.range = if instant { None } else { Some(r) };
            0
        }
        Some(false) => {
            c.range = None;
            c.pos = if r.upper { MPos::AfterLast } else { MPos::BeforeFirst };
            JET_errNoCurrentRecord
        }
        None => {
            c.range = if instant { None } else { Some(r) };
            JET_errNoCurrentRecord
        }
    }
}

/// JetSeek in the model (data-records 6.3, with SeekLE on duplicates landing on the first of
/// them, as ManagedEsent's tests show Windows doing); returns the code and moves the cursor.
fn model_seek(m: &Model, c: &mut MCursor, op: u32, k: i32) -> i32 {
    c.range = None;
    let e = m.entries(c.secondary);
    let first_ge = e.iter().copied().find(|x| x.0 >= k);
    let first_gt = e.iter().copied().find(|x| x.0 > k);
    let last_lt = e.iter().rev().copied().find(|x| x.0 < k);
    let equal = first_ge.filter(|x| x.0 == k);
    let (found, code, miss) = match op {
        JET_bitSeekEQ => {
            if equal.is_none() {
                c.pos = MPos::Between(k);
                return JET_errRecordNotFound;
            }
            (equal, 0, MPos::BeforeFirst)
        }
        JET_bitSeekGE => (first_ge, if equal.is_some() { 0 } else { JET_wrnSeekNotEqual }, MPos::AfterLast),
        JET_bitSeekGT => (first_gt, 0, MPos::AfterLast),
        JET_bitSeekLE if equal.is_some() => (equal, 0, MPos::BeforeFirst),
        JET_bitSeekLE => (last_lt, JET_wrnSeekNotEqual, MPos::BeforeFirst),
        _ => (last_lt, 0, MPos::BeforeFirst),
    };
    match found {
        Some(x) => {
            c.pos = MPos::On(x, false);
            code
        }
        None => {
            c.pos = miss;
            JET_errRecordNotFound
        }
    }
}

fn check_cursor(api: &Api, m: &Model, c: &mut MCursor, what: &str) {
    settle(m, c);
    let got = api.retrieve(c.tableid, api.id).and_then(|id| Ok((id, api.retrieve(c.tableid, api.g)?)));
    assert_eq!(got, expect_record(m, c), "{what}: record of {} cursor at {:?}", name(c), c.pos);
    assert_eq!(api.position(c.tableid), expect_position(m, c), "{what}: position of {} cursor", name(c));
}

fn name(c: &MCursor) -> &'static str {
    if c.secondary { "secondary" } else { "primary" }
}

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

#[test]
fn navigation_matches_the_model() {
    let seed = seed();
    let calls = env_u64("ESENT_NAV_CALLS").unwrap_or(3_000);
    println!("navigation: ESENT_SEED={seed} ESENT_NAV_CALLS={calls}");
    let mut rng = Rng::new(seed);

    let dir = std::env::temp_dir().join(format!("esent-nav-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = cstr(dir.join("nav.edb").to_str().unwrap());
    let mut inst: JET_INSTANCE = 0;
    let mut s: JET_SESID = 0;
    let mut dbid: JET_DBID = 0;
    let mut t: JET_TABLEID = 0;
    let (mut id, mut g): (JET_COLUMNID, JET_COLUMNID) = (0, 0);
    let col = JET_COLUMNDEF {
        cbStruct: size_of::<JET_COLUMNDEF>() as u32,
        coltyp: JET_coltypLong,
        ..Default::default()
    };
    // SAFETY: every pointer is to a live local of the right type; strings are NUL-terminated.
    unsafe {
        assert_eq!(JetCreateInstance(&mut inst, cstr("navigation").as_ptr()), 0);
        assert_eq!(JetInit(&mut inst), 0);
        assert_eq!(JetBeginSession(inst, &mut s, null(), null()), 0);
        assert_eq!(JetCreateDatabase(s, path.as_ptr(), null(), &mut dbid, 0), 0);
        assert_eq!(JetCreateTable(s, dbid, cstr("T").as_ptr(), 0, 0, &mut t), 0);
        assert_eq!(JetAddColumn(s, t, cstr("Id").as_ptr(), &col, null(), 0, &mut id), 0);
        assert_eq!(JetAddColumn(s, t, cstr("G").as_ptr(), &col, null(), 0, &mut g), 0);
        // Index keys are lists of NUL-terminated column names ending with an empty one.
        let (pk, byg): (&[u8], &[u8]) = (b"+Id\0\0", b"+G\0\0");
        let e = JetCreateIndex(s, t, cstr("PK").as_ptr(), JET_bitIndexPrimary, pk.as_ptr().cast(), 5, 100);
        assert_eq!(e, 0);
        assert_eq!(JetCreateIndex(s, t, cstr("ByG").as_ptr(), 0, byg.as_ptr().cast(), 4, 100), 0);
        assert_eq!(JetCloseTable(s, t), 0);
    }
    let api = Api { s, id, g };
    let open = |secondary: bool| -> MCursor {
        let mut tableid: JET_TABLEID = 0;
        // SAFETY: as above.
        let e = unsafe { JetOpenTable(s, dbid, cstr("T").as_ptr(), null(), 0, 0, &mut tableid) };
        assert_eq!(e, 0);
        if secondary {
            // SAFETY: a NUL-terminated name.
            assert_eq!(unsafe { JetSetCurrentIndex(s, tableid, cstr("ByG").as_ptr()) }, 0);
        }
        MCursor { tableid, secondary, pos: MPos::BeforeFirst, range: None, nav_level: 0 }
    };
    let mut cursors = [open(false), open(true)];
    // Explicitly before the first record (the table is empty), not in the deferred "move to the
    // first record" state of a fresh cursor, which libesent does not model yet.
    for c in &cursors {
        assert_eq!(JetMove(s, c.tableid, JET_MoveFirst, 0), JET_errNoCurrentRecord);
    }
    let mut m = Model { recs: BTreeMap::new(), saved: Vec::new() };

    for call in 0..calls {
        let op = rng.weighted(&[22, 8, 8, 40, 6, 5, 4, 5, 2, 10, 8]);
        let what = format!("call {call} (seed {seed}) op {op}");
        match op {
            0 => {
                // Insert through the primary cursor: its position does not change.
                let (nid, ng) = (rng.below(40) as i32, rng.below(5) as i32);
                let p = &cursors[0];
                assert_eq!(JetPrepareUpdate(s, p.tableid, JET_prepInsert), 0, "{what}");
                api.set(p.tableid, id, nid);
                api.set(p.tableid, g, ng);
                let e = api.update(p.tableid);
                match m.recs.entry(nid) {
                    std::collections::btree_map::Entry::Occupied(_) => {
                        assert_eq!(e, JET_errKeyDuplicate, "{what}: insert {nid}: {}", code_name(e));
                        assert_eq!(JetPrepareUpdate(s, p.tableid, JET_prepCancel), 0);
                    }
                    std::collections::btree_map::Entry::Vacant(v) => {
                        assert_eq!(e, 0, "{what}: insert {nid}: {}", code_name(e));
                        v.insert(ng);
                    }
                }
            }
            1 => {
                // Delete through the primary cursor.
                let want = expect_record(&m, &cursors[0]);
                let e = JetDelete(s, cursors[0].tableid);
                match want {
                    Ok((rid, _)) => {
                        assert_eq!(e, 0, "{what}: delete: {}", code_name(e));
                        m.recs.remove(&rid);
                        if let MPos::On(_, d) = &mut cursors[0].pos {
                            *d = true;
                        }
                    }
                    Err(c) => assert_eq!(e, c, "{what}: delete: {}", code_name(e)),
                }
            }
            2 => {
                // Replace G through the primary cursor (the record's secondary entry moves).
                let want = expect_record(&m, &cursors[0]);
                let e = JetPrepareUpdate(s, cursors[0].tableid, JET_prepReplace);
                match want {
                    Ok((rid, _)) => {
                        assert_eq!(e, 0, "{what}: prepare replace: {}", code_name(e));
                        let ng = rng.below(5) as i32;
                        api.set(cursors[0].tableid, g, ng);
                        assert_eq!(api.update(cursors[0].tableid), 0, "{what}: replace");
                        m.recs.insert(rid, ng);
                    }
                    Err(c) => assert_eq!(e, c, "{what}: prepare replace: {}", code_name(e)),
                }
            }
            3 => {
                let c = &mut cursors[rng.index(2)];
                let crow = match rng.below(8) {
                    0 => JET_MoveFirst,
                    1 => JET_MoveLast,
                    2 | 3 => JET_MoveNext,
                    4 | 5 => JET_MovePrevious,
                    6 => 0,
                    _ => (rng.below(7) as i32 - 3) * 2 + 1,
                };
                let key_ne = rng.chance(1, 3);
                let grbit = if key_ne { JET_bitMoveKeyNE } else { 0 };
                let e = JetMove(s, c.tableid, crow, grbit);
                if crow != 0 {
                    c.nav_level = m.level();
                }
                let want = model_move(&m, c, crow, key_ne);
                assert_eq!(e, want, "{what}: JetMove({crow}, {grbit:#x}) on {}: {}", name(c), code_name(e));
            }
            4 => {
                let c = &mut cursors[rng.index(2)];
                let total = rng.below(20) as u32;
                let lt = if total == 0 { 0 } else { rng.below(total as u64 + 1) as u32 };
                let mut r =
                    JET_RECPOS { cbStruct: 16, centriesLT: lt, centriesInRange: 1, centriesTotal: total };
                // SAFETY: a JET_RECPOS of the size its cbStruct says.
                let e = unsafe { JetGotoPosition(s, c.tableid, &mut r) };
                c.nav_level = m.level();
                c.range = None;
                let en = m.entries(c.secondary);
                if en.is_empty() {
                    assert_eq!(e, JET_errRecordNotFound, "{what}: goto on an empty index");
                    c.pos = MPos::BeforeFirst;
                } else {
                    assert_eq!(e, 0, "{what}: goto {lt}/{total}: {}", code_name(e));
                    let n = en.len() as u64;
                    let at = if total == 0 { 0 } else { (lt as u64 * n / total as u64).min(n - 1) };
                    c.pos = MPos::On(en[at as usize], false);
                }
            }
            5 => {
                if m.level() >= 3 {
                    continue;
                }
                assert_eq!(JetBeginTransaction(s), 0, "{what}");
                m.saved.push(m.recs.clone());
            }
            6 => {
                let e = JetCommitTransaction(s, 0);
                if m.saved.pop().is_none() {
                    assert_eq!(e, JET_errNotInTransaction, "{what}");
                    continue;
                }
                assert_eq!(e, 0, "{what}");
                let to = m.level();
                for c in &mut cursors {
                    c.nav_level = c.nav_level.min(to);
                }
            }
            7 => {
                let e = JetRollback(s, 0);
                let Some(before) = m.saved.pop() else {
                    assert_eq!(e, JET_errNotInTransaction, "{what}");
                    continue;
                };
                assert_eq!(e, 0, "{what}");
                m.recs = before;
                let to = m.level();
                for c in &mut cursors {
                    // data-records 9.6: a cursor that navigated in the level goes before the first.
                    if c.nav_level > to {
                        c.nav_level = to;
                        c.pos = MPos::BeforeFirst;
                    }
                }
            }
            9 => {
                // JetSeek, every comparison, on either cursor; keys also just outside the
                // records' (ids 0..40, G 0..5).
                let c = &mut cursors[rng.index(2)];
                let k = if c.secondary { rng.below(7) as i32 - 1 } else { rng.below(42) as i32 - 1 };
                let op =
                    rng.pick(&[JET_bitSeekEQ, JET_bitSeekGE, JET_bitSeekGT, JET_bitSeekLE, JET_bitSeekLT]);
                // SAFETY: 4 readable bytes.
                let e =
                    unsafe { JetMakeKey(s, c.tableid, &k as *const i32 as *const c_void, 4, JET_bitNewKey) };
                assert_eq!(e, 0, "{what}: JetMakeKey");
                let e = JetSeek(s, c.tableid, op);
                c.nav_level = m.level();
                let want = model_seek(&m, c, op, k);
                assert_eq!(e, want, "{what}: JetSeek({k}, {op:#x}) on {}: {}", name(c), code_name(e));
            }
            10 => {
                // JetSetIndexRange: set (either limit, inclusive or not, instant or not) or remove.
                let c = &mut cursors[rng.index(2)];
                if rng.chance(1, 4) {
                    let e = JetSetIndexRange(s, c.tableid, JET_bitRangeRemove);
                    let want = if c.range.take().is_some() { 0 } else { JET_errInvalidOperation };
                    assert_eq!(e, want, "{what}: remove the range of {}", name(c));
                    continue;
                }
                let k = if c.secondary { rng.below(7) as i32 - 1 } else { rng.below(42) as i32 - 1 };
                let r = MRange { limit: k, upper: rng.chance(1, 2), inclusive: rng.chance(1, 2) };
                let instant = rng.chance(1, 5);
                let grbit = if r.upper { JET_bitRangeUpperLimit } else { 0 }
                    | if r.inclusive { JET_bitRangeInclusive } else { 0 }
                    | if instant { JET_bitRangeInstantDuration } else { 0 };
                // SAFETY: 4 readable bytes.
                let e =
                    unsafe { JetMakeKey(s, c.tableid, &k as *const i32 as *const c_void, 4, JET_bitNewKey) };
                assert_eq!(e, 0, "{what}: JetMakeKey");
                let e = JetSetIndexRange(s, c.tableid, grbit);
                let want = model_set_range(&m, c, r, instant);
                assert_eq!(
                    e,
                    want,
                    "{what}: JetSetIndexRange({k}, {grbit:#x}) on {}: {}",
                    name(c),
                    code_name(e)
                );
            }
            _ => {
                // JetDupCursor (data-records 6.9): on the primary index, before the first record.
                let from = cursors[rng.index(2)].tableid;
                let mut d: JET_TABLEID = 0;
                // SAFETY: a live out-parameter.
                assert_eq!(unsafe { JetDupCursor(s, from, &mut d, 0) }, 0, "{what}");
                let mut dc =
                    MCursor { tableid: d, secondary: false, pos: MPos::Deferred, range: None, nav_level: 0 };
                // Its first call is any move, or a read (which makes the deferred move).
                let first =
                    rng.pick(&[JET_MoveFirst, JET_MoveLast, JET_MoveNext, JET_MovePrevious, 0, 2, -2]);
                if rng.chance(1, 4) {
                    check_cursor(&api, &m, &mut dc, &what);
                }
                for crow in [first, JET_MoveNext, JET_MovePrevious] {
                    let e = JetMove(s, d, crow, 0);
                    assert_eq!(e, model_move(&m, &mut dc, crow, false), "{what}: dup JetMove({crow})");
                    check_cursor(&api, &m, &mut dc, &what);
                }
                assert_eq!(JetCloseTable(s, d), 0);
            }
        }
        for c in &mut cursors {
            check_cursor(&api, &m, c, &what);
        }
    }
    assert_eq!(JetEndSession(s, 0), 0);
    assert_eq!(JetTerm(inst), 0);
    let _ = std::fs::remove_dir_all(&dir);
}
