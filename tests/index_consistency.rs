//! Secondary indexes stay exactly what the records say (data-records 4.4 insert step 10,
//! replace step 8, 4.5 step 5, 9.6): random inserts, replaces and deletes, some in transactions
//! that are rolled back, through the C ABI, on a table with a unique IgnoreNull index, a
//! multi-valued one, a conditional descending one, an IgnoreAnyNull one and a two-segment one
//! over a multi-valued column. Afterwards every index is rebuilt from the stored records
//! (`engine::index::index_entries`) and compared with its tree in the store, entry for entry;
//! the records are compared with a model of what was committed.
//!
//! Also JetRetrieveColumn with JET_bitRetrieveFromIndex | JET_bitRetrieveTag on a multi-valued
//! index (data-records 5.1 step 5, fldext.cxx:1300-1420).
//!
//! ESENT_TEST_SEED replays a run; ESENT_TEST_OPS sets its length.
#![allow(non_snake_case, non_upper_case_globals)]

mod common;

use common::Rng;
use esent::abi::consts::*;
use esent::abi::*;
use esent::api::database::JetCreateDatabase;
use esent::api::instance::{JetCreateInstance, JetInit, JetTerm};
use esent::api::records::*;
use esent::api::schema::{JetAddColumn, JetCreateIndex2};
use esent::api::session::JetBeginSession;
use esent::api::table::JetCreateTable;
use esent::api::transaction::{JetBeginTransaction, JetCommitTransaction, JetRollback};
use esent::engine::cursor::CursorData;
use esent::engine::database::tree_of;
use esent::engine::record::Record;
use esent::engine::session::{self, Stop};
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::CString;
use std::ptr::{null, null_mut};

fn ok(e: JET_ERR, what: &str) {
    assert_eq!(e, 0, "{what}");
}

struct Db {
    inst: JET_INSTANCE,
    s: JET_SESID,
    t: JET_TABLEID,
    id: JET_COLUMNID,
    name: JET_COLUMNID,
    code: JET_COLUMNID,
    tags: JET_COLUMNID,
    flag: JET_COLUMNID,
}

fn add_column(
    s: JET_SESID,
    t: JET_TABLEID,
    name: &str,
    coltyp: u32,
    cb_max: u32,
    grbit: u32,
) -> JET_COLUMNID {
    let def = JET_COLUMNDEF {
        cbStruct: size_of::<JET_COLUMNDEF>() as u32,
        columnid: 0,
        coltyp,
        wCountry: 0,
        langid: 0,
        cp: if coltyp == JET_coltypText { 1252 } else { 0 },
        wCollate: 0,
        cbMax: cb_max,
        grbit,
    };
    let n = CString::new(name).unwrap();
    let mut id = 0;
    // SAFETY: valid pointers for the call.
    ok(unsafe { JetAddColumn(s, t, n.as_ptr(), &def, null(), 0, &mut id) }, name);
    id
}

/// An index `name` over `key` ("+A\0-B\0\0"), conditional on `cond` (a column that must be
/// non-NULL) when given.
fn add_index(s: JET_SESID, t: JET_TABLEID, name: &str, key: &[u8], grbit: u32, cond: Option<&str>) {
    let n = CString::new(name).unwrap();
    let c = cond.map(|c| CString::new(c).unwrap());
    let mut cc = c.as_ref().map(|c| JET_CONDITIONALCOLUMN_A {
        cbStruct: size_of::<JET_CONDITIONALCOLUMN_A>() as u32,
        szColumnName: c.as_ptr() as *mut _,
        grbit: JET_bitIndexColumnMustBeNonNull,
    });
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
        rgconditionalcolumn: cc.as_mut().map_or(null_mut(), |c| c as *mut _),
        cConditionalColumn: u32::from(cc.is_some()),
        err: 0,
        cbKeyMost: 0,
    };
    // SAFETY: valid pointers for the call.
    ok(unsafe { JetCreateIndex2(s, t, &mut ix, 1) }, name);
}

fn open(label: &str) -> Db {
    let dir = std::env::temp_dir().join(format!("esent-ixc-{}-{label}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = CString::new(dir.join("ix.edb").to_str().unwrap()).unwrap();
    let iname = CString::new(format!("ixc-{label}")).unwrap();
    let mut inst = 0;
    let mut s = 0;
    let mut dbid = 0;
    let mut t = 0;
    let tname = CString::new("T").unwrap();
    // SAFETY: valid pointers for each call.
    unsafe {
        ok(JetCreateInstance(&mut inst, iname.as_ptr()), "create instance");
        ok(JetInit(&mut inst), "init");
        ok(JetBeginSession(inst, &mut s, null(), null()), "session");
        ok(JetCreateDatabase(s, path.as_ptr(), null(), &mut dbid, 0), "database");
        ok(JetCreateTable(s, dbid, tname.as_ptr(), 0, 0, &mut t), "table");
    }
    let id = add_column(s, t, "Id", JET_coltypLong, 0, 0);
    let name = add_column(s, t, "Name", JET_coltypText, 40, 0);
    let code = add_column(s, t, "Code", JET_coltypLong, 0, 0);
    let tags = add_column(s, t, "Tags", JET_coltypLong, 0, JET_bitColumnTagged | JET_bitColumnMultiValued);
    let flag = add_column(s, t, "Flag", JET_coltypUnsignedByte, 0, 0);
    add_index(s, t, "PK", b"+Id\0\0", JET_bitIndexPrimary, None);
    add_index(s, t, "UName", b"+Name\0\0", JET_bitIndexUnique | JET_bitIndexIgnoreNull, None);
    add_index(s, t, "MTags", b"+Tags\0\0", 0, None);
    add_index(s, t, "Cond", b"-Code\0\0", 0, Some("Flag"));
    add_index(s, t, "DescAny", b"-Name\0+Code\0\0", JET_bitIndexIgnoreAnyNull, None);
    add_index(s, t, "CodeTags", b"+Code\0-Tags\0\0", 0, None);
    Db { inst, s, t, id, name, code, tags, flag }
}

/// A record as the model keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    name: Option<String>,
    code: Option<i32>,
    tags: Vec<i32>,
    flag: Option<u8>,
    bookmark: Vec<u8>,
}

fn set(db: &Db, col: JET_COLUMNID, data: Option<&[u8]>, itag: u32) -> JET_ERR {
    let si = JET_SETINFO { cbStruct: size_of::<JET_SETINFO>() as u32, ibLongValue: 0, itagSequence: itag };
    let (p, n) = data.map_or((null(), 0), |d| (d.as_ptr() as *const _, d.len() as u32));
    // SAFETY: valid pointers for the call.
    unsafe { JetSetColumn(db.s, db.t, col, p, n, 0, &si) }
}

/// Sets the row's columns in the prepared update (`old`: the tags there now).
fn set_row(db: &Db, row: &Row, old_tags: usize) {
    ok(set(db, db.name, row.name.as_deref().map(str::as_bytes), 1), "name");
    ok(set(db, db.code, row.code.map(|c| c.to_le_bytes()).as_ref().map(|b| &b[..]), 1), "code");
    ok(set(db, db.flag, row.flag.map(|f| [f]).as_ref().map(|b| &b[..]), 1), "flag");
    for k in (1..=old_tags as u32).rev() {
        ok(set(db, db.tags, None, k), "tag delete");
    }
    for t in &row.tags {
        ok(set(db, db.tags, Some(&t.to_le_bytes()), 0), "tag");
    }
}

fn update(db: &Db) -> (JET_ERR, Vec<u8>) {
    let mut bm = [0u8; 64];
    let mut cb = 0u32;
    // SAFETY: valid pointers for the call.
    let e = unsafe { JetUpdate(db.s, db.t, bm.as_mut_ptr() as *mut _, bm.len() as u32, &mut cb) };
    (e, bm[..cb as usize].to_vec())
}

fn goto(db: &Db, bm: &[u8]) {
    // SAFETY: valid pointers for the call.
    ok(unsafe { JetGotoBookmark(db.s, db.t, bm.as_ptr() as *const _, bm.len() as u32) }, "goto");
}

fn random_row(rng: &mut Rng) -> Row {
    let names =
        ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa", "mu", "nu"];
    Row {
        name: rng.chance(4, 5).then(|| names[rng.index(names.len())].to_string()),
        code: rng.chance(4, 5).then(|| rng.below(40) as i32 - 20),
        tags: (0..rng.below(4)).map(|_| rng.below(12) as i32 - 3).collect(),
        flag: rng.chance(1, 2).then(|| rng.below(3) as u8),
        bookmark: Vec::new(),
    }
}

/// Whether `row` collides with another record of `model` on the unique name index.
fn name_taken(model: &BTreeMap<i32, Row>, id: i32, row: &Row) -> bool {
    row.name.is_some() && model.iter().any(|(k, r)| *k != id && r.name == row.name)
}

/// One random operation; the model follows what succeeded.
fn step(db: &Db, rng: &mut Rng, model: &mut BTreeMap<i32, Row>) {
    let op = rng.weighted(&[5, 4, 2]);
    let existing: Vec<i32> = model.keys().copied().collect();
    if op == 0 || existing.is_empty() {
        let id = rng.below(60) as i32;
        let mut row = random_row(rng);
        ok(JetPrepareUpdate(db.s, db.t, JET_prepInsert), "prepare insert");
        ok(set(db, db.id, Some(&id.to_le_bytes()), 1), "id");
        set_row(db, &row, 0);
        let (e, bm) = update(db);
        let expect_dup = model.contains_key(&id) || name_taken(model, id, &row);
        if expect_dup {
            assert_eq!(e, JET_errKeyDuplicate, "insert {id} {row:?}");
            ok(JetPrepareUpdate(db.s, db.t, JET_prepCancel), "cancel");
        } else {
            assert_eq!(e, 0, "insert {id} {row:?}");
            row.bookmark = bm;
            model.insert(id, row);
        }
    } else if op == 1 {
        let id = existing[rng.index(existing.len())];
        let old = model[&id].clone();
        goto(db, &old.bookmark);
        let mut row = random_row(rng);
        row.bookmark = old.bookmark.clone();
        ok(JetPrepareUpdate(db.s, db.t, JET_prepReplace), "prepare replace");
        set_row(db, &row, old.tags.len());
        let (e, _) = update(db);
        if name_taken(model, id, &row) {
            assert_eq!(e, JET_errKeyDuplicate, "replace {id} {row:?}");
            ok(JetPrepareUpdate(db.s, db.t, JET_prepCancel), "cancel");
        } else {
            assert_eq!(e, 0, "replace {id} {row:?}");
            model.insert(id, row);
        }
    } else {
        let id = existing[rng.index(existing.len())];
        goto(db, &model[&id].bookmark);
        ok(JetDelete(db.s, db.t), "delete");
        model.remove(&id);
    }
}

/// Every index rebuilt from the stored records equals its tree in the store.
fn check_indexes(db: &Db) -> usize {
    let (mut s, c) = session::enter_table(db.s as u64, db.t as u64, Stop::Blocks).unwrap();
    let (data, _) = s.data(c);
    let CursorData::Table(t) = data else { panic!("not a table cursor") };
    let database = t.lock.database().clone();
    let cat = database.catalog();
    let table = cat.table_by_objid(t.lock.objid()).unwrap().clone();
    let layout = cat.record_layout(&table).unwrap();
    let snap = database.newest().unwrap();
    let all = |objid: u32| -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        let Some(tree) = snap.tree(&tree_of(objid)).unwrap() else { return out };
        let mut cur = tree.cursor().unwrap();
        let mut at = cur.first().unwrap();
        while at {
            out.push((cur.key().unwrap().to_vec(), cur.value().unwrap().to_vec()));
            at = cur.next().unwrap();
        }
        out
    };
    let records = all(table.objid);
    let mut checked = 0;
    for ix in table.indexes.iter().filter(|ix| !ix.is_primary()) {
        let kd = cat.key_def(&table, ix).unwrap();
        let mut want = BTreeSet::new();
        for (bm, bytes) in &records {
            let rec = Record::decode(bytes, &layout).unwrap();
            let mut no_lv = |_: &[u8], _: usize| -> esent::engine::error::JetResult<Vec<u8>> {
                panic!("no long values in these keys")
            };
            for e in esent::engine::index::index_entries(&cat, &table, ix, &kd, &rec, &mut no_lv).unwrap() {
                want.insert(esent::engine::index::secondary_tree_key(&e.key, bm));
            }
        }
        let have: Vec<Vec<u8>> = all(ix.objid)
            .into_iter()
            .map(|(k, v)| {
                assert!(v.is_empty(), "index {} entry with a value", ix.name);
                k
            })
            .collect();
        let want: Vec<Vec<u8>> = want.into_iter().collect();
        assert_eq!(have, want, "index {} differs from its records", ix.name);
        checked += want.len();
    }
    checked
}

/// The records the cursor walks are the model's.
fn check_records(db: &Db, model: &BTreeMap<i32, Row>) {
    let mut seen = BTreeMap::new();
    // SAFETY: plain calls with valid buffers.
    unsafe {
        let mut e = JetMove(db.s, db.t, JET_MoveFirst, 0);
        while e == 0 {
            let get = |col: JET_COLUMNID, itag: u32| -> Option<Vec<u8>> {
                let mut buf = [0u8; 64];
                let mut cb = 0u32;
                let mut ri = JET_RETINFO {
                    cbStruct: size_of::<JET_RETINFO>() as u32,
                    ibLongValue: 0,
                    itagSequence: itag,
                    columnidNextTagged: 0,
                };
                let r =
                    JetRetrieveColumn(db.s, db.t, col, buf.as_mut_ptr() as *mut _, 64, &mut cb, 0, &mut ri);
                assert!(r == 0 || r == JET_wrnColumnNull, "retrieve {r}");
                (r == 0).then(|| buf[..cb as usize].to_vec())
            };
            let i32_of = |b: Vec<u8>| i32::from_le_bytes(b.try_into().unwrap());
            let id = i32_of(get(db.id, 1).unwrap());
            let mut tags = Vec::new();
            while let Some(t) = get(db.tags, tags.len() as u32 + 1) {
                tags.push(i32_of(t));
            }
            let row = Row {
                name: get(db.name, 1).map(|b| String::from_utf8(b).unwrap()),
                code: get(db.code, 1).map(i32_of),
                tags,
                flag: get(db.flag, 1).map(|b| b[0]),
                bookmark: model.get(&id).map(|r| r.bookmark.clone()).unwrap_or_default(),
            };
            seen.insert(id, row);
            e = JetMove(db.s, db.t, JET_MoveNext, 0);
        }
        assert_eq!(e, JET_errNoCurrentRecord);
    }
    assert_eq!(&seen, model);
}

#[test]
fn random_updates_keep_every_index_exact() {
    // data-records 4.4, 4.5, 9.6; S-VER-03: rollbacks undo index entries with the records.
    let seed = common::env_u64("ESENT_TEST_SEED").unwrap_or(0x1D3C_0515);
    let ops = common::env_u64("ESENT_TEST_OPS").unwrap_or(600);
    eprintln!("index_consistency seed {seed:#x}, {ops} operations");
    let mut rng = Rng::new(seed);
    let db = open("random");
    let mut model = BTreeMap::new();
    let mut done = 0;
    while done < ops {
        if rng.chance(1, 3) {
            // A transaction of a few steps, maybe with a nested level, committed or rolled back.
            let saved = model.clone();
            ok(JetBeginTransaction(db.s), "begin");
            for _ in 0..rng.below(6) + 1 {
                step(&db, &mut rng, &mut model);
                done += 1;
            }
            if rng.chance(1, 3) {
                let inner = model.clone();
                ok(JetBeginTransaction(db.s), "begin nested");
                for _ in 0..rng.below(4) + 1 {
                    step(&db, &mut rng, &mut model);
                    done += 1;
                }
                if rng.chance(1, 2) {
                    ok(JetRollback(db.s, 0), "rollback nested");
                    model = inner;
                } else {
                    ok(JetCommitTransaction(db.s, 0), "commit nested");
                }
            }
            if rng.chance(1, 2) {
                ok(JetRollback(db.s, 0), "rollback");
                model = saved;
            } else {
                ok(JetCommitTransaction(db.s, 0), "commit");
            }
        } else {
            step(&db, &mut rng, &mut model);
            done += 1;
        }
        if done % 100 < 2 {
            check_indexes(&db);
        }
    }
    let entries = check_indexes(&db);
    check_records(&db, &model);
    assert!(!model.is_empty() && entries > model.len(), "the run must leave records and entries");
    ok(JetTerm(db.inst), "term");
}

#[test]
fn retrieve_from_index_gives_the_entry_itag() {
    // data-records 5.1 step 5 (fldext.cxx:1300-1420): on a multi-valued index the value read
    // is the one of the current entry, and JET_bitRetrieveTag reports its itag.
    let db = open("fromindex");
    ok(JetPrepareUpdate(db.s, db.t, JET_prepInsert), "prepare");
    ok(set(&db, db.id, Some(&1i32.to_le_bytes()), 1), "id");
    for v in [30i32, 10, 20] {
        ok(set(&db, db.tags, Some(&v.to_le_bytes()), 0), "tag");
    }
    ok(update(&db).0, "update");
    {
        let (mut s, c) = session::enter_table(db.s as u64, db.t as u64, Stop::Blocks).unwrap();
        let (data, _) = s.data(c);
        let CursorData::Table(t) = data else { panic!("not a table cursor") };
        // The index a JetSetCurrentIndex would select.
        t.rec = Default::default();
        t.rec.index = Some("MTags".into());
    }
    let retrieve = |col: JET_COLUMNID, grbit: u32| -> (JET_ERR, i32, u32) {
        let mut v = 0i32;
        let mut cb = 0u32;
        let mut ri = JET_RETINFO {
            cbStruct: size_of::<JET_RETINFO>() as u32,
            ibLongValue: 0,
            itagSequence: 1,
            columnidNextTagged: 0,
        };
        // SAFETY: valid buffers.
        let e = unsafe {
            JetRetrieveColumn(db.s, db.t, col, &mut v as *mut i32 as *mut _, 4, &mut cb, grbit, &mut ri)
        };
        (e, v, ri.itagSequence)
    };
    let mut seen = Vec::new();
    let mut e = JetMove(db.s, db.t, JET_MoveFirst, 0);
    while e == 0 {
        let (r, v, itag) = retrieve(db.tags, JET_bitRetrieveFromIndex | JET_bitRetrieveTag);
        assert_eq!(r, 0);
        seen.push((v, itag));
        // Without RetrieveTag the itag is not reported; the value is still the entry's.
        let (r, v2, itag2) = retrieve(db.tags, JET_bitRetrieveFromIndex);
        assert_eq!((r, v2, itag2), (0, v, 1));
        // A plain retrieval reads itag 1 of the record.
        assert_eq!(retrieve(db.tags, 0).1, 30);
        // A column outside the index, from the index: -1507; the primary key's column from
        // the primary bookmark: the record's.
        assert_eq!(retrieve(db.code, JET_bitRetrieveFromIndex).0, JET_errColumnNotFound);
        assert_eq!(retrieve(db.id, JET_bitRetrieveFromPrimaryBookmark).1, 1);
        assert_eq!(retrieve(db.code, JET_bitRetrieveFromPrimaryBookmark).0, JET_errColumnNotFound);
        assert_eq!(
            retrieve(db.tags, JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark).0,
            JET_errInvalidGrbit
        );
        e = JetMove(db.s, db.t, JET_MoveNext, 0);
    }
    assert_eq!(e, JET_errNoCurrentRecord);
    // In key order 10, 20, 30: the itags they were set with.
    assert_eq!(seen, vec![(10, 2), (20, 3), (30, 1)]);
    ok(JetTerm(db.inst), "term");
}
