//! Temporary tables through the engine's Rust API (data-records §8): a sort's phases, the
//! scratch database and the list tables, below the C shims. The engine is process-wide, so
//! tests take a lock.

use esent::abi::consts::*;
use esent::engine::cursor::CursorData;
use esent::engine::error::JetError;
use esent::engine::instance::{self, InitTarget};
use esent::engine::session::{self, Stop};
use esent::engine::temp::{Op, Phase, TempColumn, TempSpec};
use parking_lot::Mutex;

static SERIAL: Mutex<()> = Mutex::new(());

fn code<T>(r: Result<T, JetError>) -> i32 {
    match r {
        Ok(_) => 0,
        Err(JetError(c)) => c,
    }
}

/// An initialized instance whose scratch database lives in `dir`.
fn running(name: &str, dir: &std::path::Path) -> u64 {
    let h = instance::create(Some(name.into()), None).unwrap();
    let path = format!("{}/", dir.display());
    instance::set_system_parameter(Some(h), 0, JET_paramTempPath, 0, Some(&path)).unwrap();
    assert!(instance::init(InitTarget::Existing(h), true).unwrap().is_none());
    h
}

fn scratch_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("libesent-temp-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn long_key() -> TempSpec {
    TempSpec {
        columns: vec![TempColumn { coltyp: JET_coltypLong, grbit: JET_bitColumnTTKey, ..Default::default() }],
        ..Default::default()
    }
}

/// Inserts `v` through cursor `t` of session `sesid`.
fn insert(sesid: u64, t: u64, id: u32, v: i32) {
    let (mut s, c) = session::enter_table(sesid, t, Stop::Blocks).unwrap();
    let (data, mut tx) = s.data(c);
    let CursorData::Temp(tc) = data else { panic!("not a temp table") };
    tc.with(Op::Write, &mut tx, |t, tx| t.prepare_update(tx, JET_prepInsert)).unwrap();
    let b = v.to_le_bytes();
    tc.with(Op::Write, &mut tx, |t, tx| t.set_column(tx, id, Some(&b), 4, 0, 1, 0)).unwrap();
    let table = tc.phase == Phase::Table;
    let bm = tc.update(&mut tx, None, 0).unwrap();
    assert_eq!(bm.is_some(), table, "a sort's insert gives no bookmark, a table's does");
}

/// The value of column `id` of the current record, or the error code.
fn current(sesid: u64, t: u64, id: u32) -> Result<i32, i32> {
    let (mut s, c) = session::enter_table(sesid, t, Stop::Blocks).unwrap();
    let (data, mut tx) = s.data(c);
    let CursorData::Temp(tc) = data else { panic!("not a temp table") };
    let mut out = vec![0u8; 4];
    tc.with(Op::Read, &mut tx, |t, tx| t.retrieve_column(tx, id, &mut out, 0, 1, 0))
        .map(|_| i32::from_le_bytes(out[..4].try_into().unwrap()))
        .map_err(|e| e.0)
}

fn move_(sesid: u64, t: u64, crow: i32) -> i32 {
    let (mut s, c) = session::enter_table(sesid, t, Stop::Blocks).unwrap();
    let (data, mut tx) = s.data(c);
    let CursorData::Temp(tc) = data else { panic!("not a temp table") };
    code(tc.move_(&mut tx, crow, 0))
}

fn phase(sesid: u64, t: u64) -> Phase {
    let (mut s, c) = session::enter_table(sesid, t, Stop::Blocks).unwrap();
    let CursorData::Temp(tc) = s.cursor(c) else { panic!("not a temp table") };
    tc.phase
}

#[test]
fn a_sort_takes_records_then_gives_them_back_in_key_order() {
    // data-records 8.4: duplicates dropped, reads refused while inserting, the first move ends
    // the insert phase on the first record.
    let _g = SERIAL.lock();
    let dir = scratch_dir("sort");
    let inst = running("temp-sort", &dir);
    let sesid = instance::begin_session(inst, true).unwrap();
    let mut ids = [0u32];
    let t = session::enter(sesid, Stop::Blocks).unwrap().open_temp_table(&long_key(), &mut ids).unwrap();
    assert_eq!(ids, [1]);
    assert_eq!(phase(sesid, t), Phase::Insert);
    for v in [7, -3, 7, 12, 0] {
        insert(sesid, t, ids[0], v);
    }
    assert_eq!(current(sesid, t, ids[0]), Err(JET_errIllegalOperation));
    assert_eq!(move_(sesid, t, JET_MoveNext), 0);
    assert_eq!(phase(sesid, t), Phase::Retrieve);
    let mut got = vec![current(sesid, t, ids[0]).unwrap()];
    while move_(sesid, t, JET_MoveNext) == 0 {
        got.push(current(sesid, t, ids[0]).unwrap());
    }
    assert_eq!(got, [-3, 0, 7, 12]);
    assert_eq!(move_(sesid, t, JET_MovePrevious), JET_errIllegalOperation);
    // The scratch database was unlinked as soon as it was made.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    session::enter(sesid, Stop::Ignored).unwrap().end().unwrap();
    instance::term(inst, 0).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn validation_order_and_materialization() {
    // data-records 8.2, 8.3.
    let _g = SERIAL.lock();
    let dir = scratch_dir("order");
    let inst = running("temp-order", &dir);
    let sesid = instance::begin_session(inst, true).unwrap();
    let mut s = session::enter(sesid, Stop::Blocks).unwrap();
    let mut ids = [0u32; 2];
    let mut spec = long_key();
    spec.grbit = JET_bitTTForwardOnly | JET_bitTTScrollable;
    assert_eq!(code(s.open_temp_table(&spec, &mut ids)), JET_errCannotMaterializeForwardOnlySort);
    spec.grbit = 0;
    spec.cb_key_most = 254;
    assert_eq!(code(s.open_temp_table(&spec, &mut ids)), JET_errInvalidParameter);
    spec.cb_key_most = 0;
    spec.columns.push(TempColumn { coltyp: JET_coltypText, cp: 850, ..Default::default() });
    assert_eq!(code(s.open_temp_table(&spec, &mut ids)), JET_errInvalidCodePage);
    assert_eq!(ids, [1, 128], "ids are given before the code page is checked");
    spec.columns[1].cp = 0;
    spec.grbit = JET_bitTTForceMaterialization;
    let t = s.open_temp_table(&spec, &mut ids).unwrap();
    drop(s);
    assert_eq!(phase(sesid, t), Phase::Table);
    session::enter(sesid, Stop::Ignored).unwrap().end().unwrap();
    instance::term(inst, 0).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The records of temp table `t` (key column `id`) in order, read from its first.
fn all(sesid: u64, t: u64, id: u32) -> Vec<i32> {
    let mut got = Vec::new();
    let mut r = move_(sesid, t, JET_MoveFirst);
    while r == 0 {
        got.push(current(sesid, t, id).unwrap());
        r = move_(sesid, t, JET_MoveNext);
    }
    assert_eq!(r, JET_errNoCurrentRecord);
    got
}

fn begin(sesid: u64) {
    session::enter(sesid, Stop::Blocks).unwrap().begin_transaction(0).unwrap();
}

fn commit(sesid: u64) {
    session::enter(sesid, Stop::Blocks).unwrap().commit(0, 0).unwrap();
}

fn rollback(sesid: u64) {
    session::enter(sesid, Stop::Blocks).unwrap().rollback(0).unwrap();
}

#[test]
fn a_materialized_table_is_versioned_a_sort_is_not() {
    // data-records 8.5 (JET_paramEnableTempTableVersioning on, its default): a rollback undoes
    // what a materialized temp table took inside the level, a commit hands it to the outer
    // level; a sort keeps what it took.
    let _g = SERIAL.lock();
    let dir = scratch_dir("versions");
    let inst = running("temp-versions", &dir);
    let sesid = instance::begin_session(inst, true).unwrap();
    let mut ids = [0u32];
    let mut spec = long_key();
    spec.grbit = JET_bitTTForceMaterialization;
    let t = session::enter(sesid, Stop::Blocks).unwrap().open_temp_table(&spec, &mut ids).unwrap();
    assert_eq!(phase(sesid, t), Phase::Table);
    spec.grbit = 0;
    let sort = session::enter(sesid, Stop::Blocks).unwrap().open_temp_table(&spec, &mut ids).unwrap();
    insert(sesid, t, ids[0], 1);
    begin(sesid);
    insert(sesid, t, ids[0], 2);
    insert(sesid, sort, ids[0], 7);
    begin(sesid);
    insert(sesid, t, ids[0], 3);
    commit(sesid);
    begin(sesid);
    insert(sesid, t, ids[0], 4);
    assert_eq!(all(sesid, t, ids[0]), [1, 2, 3, 4]);
    rollback(sesid);
    assert_eq!(all(sesid, t, ids[0]), [1, 2, 3]);
    rollback(sesid);
    assert_eq!(all(sesid, t, ids[0]), [1]);
    assert_eq!(all(sesid, sort, ids[0]), [7]);
    session::enter(sesid, Stop::Ignored).unwrap().end().unwrap();
    instance::term(inst, 0).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
