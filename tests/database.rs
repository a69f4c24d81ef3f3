//! The schema persists in its database: a DDL step writes its MSysObjects rows and the trees of
//! the objects it made in one durable commit, and attaching reads them back, in this process
//! after JetTerm and in another process (S-STO-01..03, data-ddl §5.1). The DDL functions of C
//! come with the schema layer; these tests drive the catalog through the engine.

use esent::abi::consts::*;
use esent::engine::catalog::{Catalog, ColumnSpec, IndexDefaults, IndexSpec, TableSpec};
use esent::engine::database::{CATALOG_TREE, tree_of};
use esent::engine::error::JetError;
use esent::engine::instance::{self, InitTarget};
use esent::engine::session::{self, Stop};
use esent::engine::store::{self, Batch, Durability, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn code<T>(r: Result<T, JetError>) -> i32 {
    match r {
        Ok(_) => 0,
        Err(JetError(c)) => c,
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("esent-db-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("db.edb")
}

fn running(name: &str) -> (u64, u64) {
    let inst = instance::create(Some(name.into()), None).unwrap();
    assert!(instance::init(InitTarget::Existing(inst), true).unwrap().is_none());
    (inst, instance::begin_session(inst, true).unwrap())
}

fn orders() -> TableSpec {
    let col = |name: &str, coltyp: u32, grbit: u32| ColumnSpec {
        name: name.into(),
        coltyp,
        grbit,
        ..ColumnSpec::default()
    };
    TableSpec {
        name: "Orders".into(),
        columns: vec![
            col("id", JET_coltypLong, JET_bitColumnAutoincrement),
            col("customer", JET_coltypText, 0),
            col("notes", JET_coltypLongText, 0),
            col("tags", JET_coltypText, JET_bitColumnTagged | JET_bitColumnMultiValued),
        ],
        indexes: vec![
            IndexSpec {
                name: "primary".into(),
                grbit: JET_bitIndexPrimary,
                key: b"+id\0\0".to_vec(),
                ..IndexSpec::default()
            },
            IndexSpec {
                name: "by_customer".into(),
                key: b"+customer\0-id\0\0".to_vec(),
                ..IndexSpec::default()
            },
        ],
        ..TableSpec::default()
    }
}

/// Creates the database at `path` with the Orders table; returns the schema written.
fn create_with_orders(path: &Path, name: &str) -> Arc<Catalog> {
    let (inst, s) = running(name);
    let mut g = session::enter(s, Stop::Blocks).unwrap();
    let dbid = g.create_database(path.to_str(), 0, 0, true).unwrap();
    let db = g.database(dbid).unwrap();
    let (cat, report) = db
        .ddl(|cat| {
            let (r, report) = cat.create_table(&orders(), &IndexDefaults::default());
            r.map(|c| (c, report))
        })
        .unwrap();
    assert_eq!(report.c_created, 1 + 4 + 2, "{report:?}");
    assert!(report.columns.iter().all(|&(_, e)| e == 0));
    // The table's trees were made with the rows.
    let t = cat.table("Orders").unwrap().clone();
    let names = db.store.snapshot().unwrap().tree_names().unwrap();
    assert!(names.contains(&tree_of(t.objid)), "{names:?}");
    let secondary = t.indexes.iter().find(|ix| ix.name == "by_customer").unwrap();
    assert!(names.contains(&tree_of(secondary.objid)));
    drop(g);
    instance::term(inst, 0).unwrap();
    cat
}

fn reattach(path: &Path, name: &str, read_only: bool) -> (u64, u64, Arc<Catalog>) {
    let (inst, s) = running(name);
    let mut g = session::enter(s, Stop::Blocks).unwrap();
    g.attach_database(path.to_str(), 0, if read_only { JET_bitDbReadOnly } else { 0 }).unwrap();
    let dbid = g.open_database(path.to_str(), if read_only { JET_bitDbReadOnly } else { 0 }).unwrap().dbid;
    let cat = g.database(dbid).unwrap().catalog();
    (inst, s, cat)
}

#[test]
fn the_schema_survives_term_and_reattach() {
    // S-STO-01, S-STO-03: create, write catalog entries, JetTerm, attach, open: all there.
    let path = scratch("term");
    let written = create_with_orders(&path, "db-term-1");
    let (inst, _, read) = reattach(&path, "db-term-2", false);
    assert_eq!(*read, *written);
    instance::term(inst, 0).unwrap();
}

#[test]
fn the_schema_survives_in_another_process() {
    // S-STO-01, S-STO-02: a durable DDL commit is in the file when it returns; another process
    // (this test binary run again) reads the same schema.
    let path = scratch("process");
    let written = create_with_orders(&path, "db-proc-1");
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_reads_schema", "--ignored", "--nocapture", "--test-threads=1"])
        .env("ESENT_TEST_DB", &path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    // The harness may print its own words before the child's line.
    let line = text
        .lines()
        .find_map(|l| l.find("schema: ").map(|i| &l[i..]))
        .unwrap_or_else(|| panic!("the child printed {text}"));
    assert_eq!(line, format!("schema: {}", summary(&written)));
}

fn summary(cat: &Catalog) -> String {
    cat.tables()
        .map(|t| {
            let cols: Vec<String> =
                t.columns.iter().map(|c| format!("{}={:#x}", c.name, t.api_columnid(c))).collect();
            let ixs: Vec<&str> = t.indexes.iter().map(|i| i.name.as_str()).collect();
            format!("{} objid {} [{}] [{}]", t.name, t.objid, cols.join(","), ixs.join(","))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The child side of `the_schema_survives_in_another_process`.
#[test]
#[ignore]
fn child_reads_schema() {
    let Some(path) = std::env::var_os("ESENT_TEST_DB") else { return };
    let (inst, _, cat) = reattach(Path::new(&path), "db-proc-child", true);
    println!("schema: {}", summary(&cat));
    instance::term(inst, 0).unwrap();
}

#[test]
fn ddl_on_a_read_only_attachment_is_refused() {
    // data-ddl 4.3: a read-only attachment takes no DDL (-1809), and its file is not written.
    let path = scratch("ro");
    create_with_orders(&path, "db-ro-1");
    let before = std::fs::read(&path).unwrap();
    let (inst, s, cat) = reattach(&path, "db-ro-2", true);
    let g = session::enter(s, Stop::Blocks).unwrap();
    let db = g.database(1).unwrap();
    let r = db.ddl(|c| c.delete_table("Orders").map(|n| (n, ())));
    assert_eq!(code(r), JET_errPermissionDenied);
    assert!(db.catalog().table("Orders").is_some());
    assert_eq!(*db.catalog(), *cat);
    drop(g);
    instance::term(inst, 0).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_failed_ddl_step_changes_nothing_and_dropping_a_table_drops_its_trees() {
    // data-ddl 5.6: deleting a table removes its rows and trees; a refused step leaves the
    // schema and the file as they were.
    let path = scratch("drop");
    create_with_orders(&path, "db-drop-1");
    let (inst, s, before) = reattach(&path, "db-drop-2", false);
    let g = session::enter(s, Stop::Blocks).unwrap();
    let db = g.database(1).unwrap();
    assert_eq!(code(db.ddl(|c| c.delete_table("NoSuchTable").map(|n| (n, ())))), JET_errObjectNotFound);
    assert_eq!(*db.catalog(), *before);
    let objid = before.table("Orders").unwrap().objid;
    db.ddl(|c| c.delete_table("Orders").map(|n| (n, ()))).unwrap();
    let names = db.store.snapshot().unwrap().tree_names().unwrap();
    assert!(!names.contains(&tree_of(objid)), "{names:?}");
    assert!(db.catalog().table("Orders").is_none());
    drop((g, db));
    instance::term(inst, 0).unwrap();
    // Gone for good, and its object id is never given again.
    let (inst, s, after) = reattach(&path, "db-drop-3", false);
    assert!(after.table("Orders").is_none());
    let g = session::enter(s, Stop::Blocks).unwrap();
    let (cat, _) = g
        .database(1)
        .unwrap()
        .ddl(|c| {
            let (r, rep) = c.create_table(&orders(), &IndexDefaults::default());
            r.map(|c| (c, rep))
        })
        .unwrap();
    assert!(cat.table("Orders").unwrap().objid > objid);
    drop(g);
    instance::term(inst, 0).unwrap();
}

#[test]
fn a_damaged_catalog_row_is_refused_on_attach() {
    // S-STO-05: a catalog that does not parse is JET_errCatalogCorrupted, not garbage.
    let path = scratch("corrupt");
    create_with_orders(&path, "db-corrupt-1");
    {
        let st = store::open(&path, &OpenOptions::default()).unwrap();
        let mut b = Batch::new();
        b.put(CATALOG_TREE, b"\x7f\x80\x00\x00\x02", b"not a record");
        st.commit(&b, Durability::Durable).unwrap();
    }
    let (inst, s) = running("db-corrupt-2");
    let mut g = session::enter(s, Stop::Blocks).unwrap();
    assert_eq!(code(g.attach_database(path.to_str(), 0, 0)), JET_errCatalogCorrupted);
    drop(g);
    instance::term(inst, 0).unwrap();
}

#[test]
fn an_unsettled_ddl_journal_is_undone_on_attach() {
    // S-STO-03 (engine::journal): journaled steps whose entries were never deleted (a
    // transaction that never ended) are undone at the next read-write attach, newest first:
    // the deleted table is back with its trees, the new one gone with its trees, the journal
    // empty, and object ids are not given again.
    let path = scratch("journal");
    let written = create_with_orders(&path, "db-journal-1");
    let (inst, s, _) = reattach(&path, "db-journal-2", false);
    let g = session::enter(s, Stop::Blocks).unwrap();
    let db = g.database(1).unwrap();
    let orders_objid = written.table("Orders").unwrap().objid;
    // As JetDeleteTable in a transaction does: the trees stay while the undo may need them.
    db.protect(written.table("Orders").unwrap());
    let (_, (), k1) =
        db.ddl_journaled(true, |c| c.delete_table("Orders").map(|n| (n, ())), |_, _| Ok(())).unwrap();
    let mut other = orders();
    other.name = "Other".into();
    let (cat, _, k2) = db
        .ddl_journaled(
            true,
            |c| {
                let (r, rep) = c.create_table(&other, &IndexDefaults::default());
                r.map(|c| (c, rep))
            },
            |_, _| Ok(()),
        )
        .unwrap();
    assert!(k1.is_some() && k2.is_some() && k1 < k2);
    let other_objid = cat.table("Other").unwrap().objid;
    // A step outside a transaction is not journaled.
    let (_, (), k3) = db
        .ddl_journaled(false, |c| c.rename_table("Other", "Third").map(|n| (n, ())), |_, _| Ok(()))
        .unwrap();
    assert_eq!(k3, None);
    let journal = esent::engine::database::journal_tree();
    assert_eq!(db.store.snapshot().unwrap().tree(&journal).unwrap().unwrap().len().unwrap(), 2);
    drop((g, db));
    instance::term(inst, 0).unwrap();

    let (inst, s, read) = reattach(&path, "db-journal-3", false);
    assert_eq!(*read.table("Orders").unwrap(), *written.table("Orders").unwrap());
    assert!(read.table("Other").is_none() && read.table("Third").is_none());
    let g = session::enter(s, Stop::Blocks).unwrap();
    let db = g.database(1).unwrap();
    let snap = db.store.snapshot().unwrap();
    assert_eq!(snap.tree(&journal).unwrap().unwrap().len().unwrap(), 0);
    let names = snap.tree_names().unwrap();
    assert!(names.contains(&tree_of(orders_objid)), "{names:?}");
    assert!(!names.contains(&tree_of(other_objid)), "{names:?}");
    let (cat, _) = db
        .ddl(|c| {
            let (r, rep) = c.create_table(&other, &IndexDefaults::default());
            r.map(|c| (c, rep))
        })
        .unwrap();
    assert!(cat.table("Other").unwrap().objid > other_objid);
    drop((g, db, snap));
    instance::term(inst, 0).unwrap();
}
