//! Tables: create, open, close, delete (data-ddl §5; S-THD-01/02). A table cursor holds its
//! database (through its lock in the table's lock matrix); DDL goes through the database's
//! catalog, and inside a transaction leaves an undo entry so that a rollback puts the table
//! back as it was (data-ddl §10.1).

use crate::abi::consts::*;
use crate::engine::catalog::{CreateReport, TableDef, TableSpec, check_name};
use crate::engine::cursor::{CursorData, TableCursor};
use crate::engine::database::Database;
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::session::Session;
use crate::engine::undo::Undo;
use std::sync::Arc;

/// The undo of one DDL step on one table: the table as it was (`None`: it did not exist), and
/// the step's journal entry (`engine::journal`), which the undo deletes with the restore.
pub(crate) struct TableUndo {
    db: Arc<Database>,
    objid: u32,
    before: Option<Arc<TableDef>>,
    journal: Option<[u8; 8]>,
}

impl TableUndo {
    /// Keeps the trees of the table as it was while the undo may need them.
    pub(crate) fn new(db: Arc<Database>, objid: u32, before: Option<Arc<TableDef>>) -> TableUndo {
        if let Some(t) = &before {
            db.protect(t);
        }
        db.undo_pending(true);
        TableUndo { db, objid, before, journal: None }
    }
}

impl Drop for TableUndo {
    fn drop(&mut self) {
        self.db.undo_pending(false);
    }
}

impl Undo for TableUndo {
    fn undo(self: Box<Self>) -> JetResult<()> {
        let before = self.before.clone();
        let r = self.db.restore_table(self.objid, before, self.journal);
        let settled = match &self.before {
            Some(t) => self.db.unprotect(t),
            None => Ok(()),
        };
        r.and(settled)
    }

    fn settle(self: Box<Self>) -> JetResult<()> {
        match &self.before {
            Some(t) => self.db.unprotect(t),
            None => Ok(()),
        }
    }
}

impl Database {
    /// Puts table `objid` back as `before` (removed when `None`), deleting journal entry
    /// `journal` in the same store commit.
    pub fn restore_table(
        &self,
        objid: u32,
        before: Option<Arc<TableDef>>,
        journal: Option<[u8; 8]>,
    ) -> JetResult<()> {
        let forget = |_: &Arc<crate::engine::catalog::Catalog>, b: &mut crate::engine::store::Batch| {
            if let Some(k) = journal {
                b.delete(&crate::engine::database::journal_tree(), &k);
            }
            Ok(())
        };
        self.ddl_with(|c| Ok((c.with_table(objid, before), ())), forget).map(|_| ())
    }
}

impl Session {
    /// Runs DDL step `f` (and `extra`) as [`Database::ddl_journaled`] does, journaled when this
    /// session is inside a transaction: the entry's deletion then goes into the write set at the
    /// current level (the level-0 commit deletes it with the transaction's data; a rollback
    /// drops that deletion and `undo`'s restore deletes the entry), and `undo` learns the key.
    /// If the deletion cannot be recorded, the step is undone at once and the error returned.
    pub(crate) fn ddl_in_transaction<R>(
        &mut self,
        db: &Arc<Database>,
        undo: &mut TableUndo,
        f: impl FnOnce(&crate::engine::catalog::Catalog) -> JetResult<(Arc<crate::engine::catalog::Catalog>, R)>,
        extra: impl FnOnce(
            &Arc<crate::engine::catalog::Catalog>,
            &mut crate::engine::store::Batch,
        ) -> JetResult<()>,
    ) -> JetResult<(Arc<crate::engine::catalog::Catalog>, R)> {
        let (cat, r, key) = db.ddl_journaled(self.level() > 0, f, extra)?;
        self.note_journal(db, undo, key)?;
        Ok((cat, r))
    }

    /// The session's part of a journaled step (see [`Session::ddl_in_transaction`]).
    fn note_journal(
        &mut self,
        db: &Arc<Database>,
        undo: &mut TableUndo,
        key: Option<[u8; 8]>,
    ) -> JetResult<()> {
        if let Some(k) = key {
            undo.journal = Some(k);
            let objid = crate::engine::journal::JOURNAL_OBJID;
            if let Err(e) = self.write_at_level(db, objid, &k, None) {
                let _ = db.restore_table(undo.objid, undo.before.clone(), Some(k));
                return Err(e);
            }
        }
        Ok(())
    }
}

/// What JetOpenTable refuses in its grbit (data-ddl §5.4 step 2 and step 6).
fn check_open_grbit(grbit: u32) -> JetResult<()> {
    let internal = JET_bitTableDelete | JET_bitTableCreate;
    let bad = grbit & internal != 0
        || (grbit & JET_bitTablePermitDDL != 0 && grbit & JET_bitTableDenyRead == 0)
        || (grbit & JET_bitTableDenyRead != 0 && grbit & JET_bitTableReadOnly != 0)
        || (grbit & JET_bitTableReadOnly != 0 && grbit & JET_bitTableUpdatable != 0);
    if bad { fail(JET_errInvalidGrbit) } else { Ok(()) }
}

impl Session {
    /// Opens a cursor of this session on table `objid` of `db` under the lock matrix.
    fn open_table_cursor(&mut self, db: &Arc<Database>, dbid: u32, objid: u32, grbit: u32) -> JetResult<u64> {
        let updatable = grbit & JET_bitTableReadOnly == 0 && !db.read_only;
        let lock = db.lock_table(objid, self.sesid, grbit, updatable)?;
        self.open_cursor(CursorData::Table(Box::new(TableCursor {
            lock,
            dbid,
            grbit,
            updatable,
            rec: Default::default(),
        })))
    }

    /// JetCreateTable (data-ddl §5.2, through §5.3's steps): a table with no columns and no
    /// index, opened for this session with DenyRead. `out_present` is whether `ptableid` is
    /// non-NULL (checked after the state checks, before anything is made, S-BAD-01).
    pub fn create_table(
        &mut self,
        dbid: u32,
        name: Option<&str>,
        pages: u32,
        density: u32,
        out_present: bool,
    ) -> JetResult<u64> {
        let db = self.database(dbid)?;
        if db.read_only {
            return fail(JET_errPermissionDenied);
        }
        let name = check_name(name.ok_or(JetError(JET_errInvalidName))?)?;
        if density != 0 && !(20..=100).contains(&density) {
            return fail(JET_errDensityInvalid);
        }
        if !out_present {
            return fail(JET_errInvalidParameter);
        }
        let spec = TableSpec { name, pages, density, ..TableSpec::default() };
        let (r, _) = self.create_table_with(dbid, &spec);
        r?.ok_or(JetError(JET_errInternalError))
    }

    /// JetCreateTableColumnIndex 1-4 (data-ddl §5.3) after the struct is read: creates the table
    /// with its columns and indexes in one DDL step (all or nothing) and opens it for this session
    /// with DenyRead (plus PermitDDL on a FixedDDL table that is not a template), unless
    /// `JET_bitTableCreateImmutableStructure`, which returns no cursor. The report says how far
    /// it got and each column's id and code and each index's code, for the caller's struct.
    pub fn create_table_with(
        &mut self,
        dbid: u32,
        spec: &TableSpec,
    ) -> (JetResult<Option<u64>>, CreateReport) {
        let mut report = CreateReport::default();
        let db = match self.database(dbid) {
            Ok(db) => db,
            Err(e) => return (Err(e), report),
        };
        if db.read_only {
            return (fail(JET_errPermissionDenied), report);
        }
        let defaults = self.index_defaults();
        // The table's object id is known once it is made: the undo is filled in then, before
        // the session records the journal entry's deletion (whose failure undoes the create).
        let mut undo = TableUndo::new(db.clone(), 0, None);
        let made = db.ddl_journaled(
            self.level() > 0,
            |c| {
                let (r, rep) = c.create_table(spec, &defaults);
                report = rep;
                r.map(|n| (n, ()))
            },
            |_, _| Ok(()),
        );
        let (cat, key) = match made {
            Ok((cat, (), key)) => (cat, key),
            Err(e) => return (Err(e), report),
        };
        let Some(t) = check_name(&spec.name).ok().and_then(|n| cat.table(&n).cloned()) else {
            return (fail(JET_errInternalError), report);
        };
        let objid = t.objid;
        undo.objid = objid;
        if let Err(e) = self.note_journal(&db, &mut undo, key) {
            return (Err(e), report);
        }
        let cursor = if spec.grbit & JET_bitTableCreateImmutableStructure != 0 {
            Ok(None)
        } else {
            let mut grbit = JET_bitTableDenyRead;
            if t.is_fixed_ddl() && !t.is_template() {
                grbit |= JET_bitTablePermitDDL;
            }
            self.open_table_cursor(&db, dbid, objid, grbit).map(Some)
        };
        let journal = undo.journal;
        let r = cursor.and_then(|c| self.log_undo(Box::new(undo)).map(|()| c));
        if r.is_err() {
            self.undo_create(&db, objid, journal);
        }
        (r, report)
    }

    /// A create that could not be finished leaves nothing behind (its journal entry neither;
    /// the write set's deletion of it is then a no-op).
    fn undo_create(&mut self, db: &Database, objid: u32, journal: Option<[u8; 8]>) {
        let _ = db.restore_table(objid, None, journal);
    }

    /// JetOpenTable (data-ddl §5.4). The caller has set `*ptableid` to nil already.
    pub fn open_table(&mut self, dbid: u32, name: Option<&str>, grbit: u32) -> JetResult<u64> {
        let db = self.database(dbid)?;
        check_open_grbit(grbit)?;
        let name = check_name(name.ok_or(JetError(JET_errInvalidName))?)?;
        let objid = db.catalog().table(&name).map(|t| t.objid).ok_or(JetError(JET_errObjectNotFound))?;
        self.open_table_cursor(&db, dbid, objid, grbit)
    }

    /// JetRenameTable (data-ddl §5.7): allowed with cursors open; inside a transaction a
    /// rollback puts the old name back (it is fully versioned here, data-ddl §10.1's choice).
    pub fn rename_table(&mut self, dbid: u32, old: Option<&str>, new: Option<&str>) -> JetResult<()> {
        let db = self.database(dbid)?;
        if self.read_only_transaction() {
            return fail(JET_errTransReadOnly);
        }
        let (Some(old), Some(new)) = (old, new) else { return fail(JET_errInvalidParameter) };
        let old = check_name(old)?;
        let new = check_name(new)?;
        if db.read_only {
            return fail(JET_errPermissionDenied);
        }
        let before = db.catalog().table(&old).cloned().ok_or(JetError(JET_errObjectNotFound))?;
        let mut undo = Box::new(TableUndo::new(db.clone(), before.objid, Some(before)));
        if let Err(e) = self.ddl_in_transaction(
            &db,
            &mut undo,
            |c| c.rename_table(&old, &new).map(|n| (n, ())),
            |_, _| Ok(()),
        ) {
            let _ = undo.settle();
            return Err(e);
        }
        self.log_undo(undo)
    }

    /// JetDeleteTable (data-ddl §5.6): refused while any cursor (this session's too) is open on
    /// the table; inside a transaction a rollback restores it with its data.
    pub fn delete_table(&mut self, dbid: u32, name: Option<&str>) -> JetResult<()> {
        let db = self.database(dbid)?;
        if self.read_only_transaction() {
            return fail(JET_errTransReadOnly);
        }
        let name = check_name(name.ok_or(JetError(JET_errInvalidName))?)?;
        if db.read_only {
            return fail(JET_errPermissionDenied);
        }
        let before = db.catalog().table(&name).cloned().ok_or(JetError(JET_errObjectNotFound))?;
        if db.open_cursors(before.objid) > 0 {
            return fail(JET_errTableInUse);
        }
        // The undo is made (and the table's trees kept) before the deletion is written, so a
        // rollback finds the data where it was.
        let mut undo = Box::new(TableUndo::new(db.clone(), before.objid, Some(before.clone())));
        if let Err(e) =
            self.ddl_in_transaction(&db, &mut undo, |c| c.delete_table(&name).map(|n| (n, ())), |_, _| Ok(()))
        {
            let _ = undo.settle();
            return Err(e);
        }
        self.log_undo(undo)
    }
}

/// What a DDL step through a cursor knows about its table (`Session::table_ddl`).
pub struct DdlTarget<'a> {
    /// The table's name as stored.
    pub name: &'a str,
    /// The cursor's facts for the catalog's rules (exclusive, PermitDDL, table empty).
    pub cursor: crate::engine::catalog::DdlCursor,
    /// The open grbit of the cursor (JET_bitTable*).
    pub grbit: u32,
}

impl Session {
    /// Runs one DDL step on the table of cursor `c` (JetAddColumn, JetCreateIndex, ...):
    /// refused in a read-only transaction (-1110) or on a read-only attachment (-1809); `f`
    /// turns the schema into the new one (`catalog` rules and codes), the change is written as
    /// [`Database::ddl`] writes it, and, inside a transaction, an undo entry restores the table
    /// as it was on rollback (its trees kept until then). Returns `f`'s extra result.
    pub fn table_ddl<R>(
        &mut self,
        c: crate::engine::session::CursorRef,
        f: impl FnOnce(
            &crate::engine::catalog::Catalog,
            DdlTarget<'_>,
        ) -> JetResult<(Arc<crate::engine::catalog::Catalog>, R)>,
    ) -> JetResult<R> {
        if self.read_only_transaction() {
            return fail(JET_errTransReadOnly);
        }
        let tc = self.cursor(c).table()?;
        let (db, objid, grbit) = (tc.lock.database().clone(), tc.lock.objid(), tc.grbit);
        if db.read_only {
            return fail(JET_errPermissionDenied);
        }
        let before = db.catalog().table_by_objid(objid).cloned().ok_or(JetError(JET_errObjectNotFound))?;
        let snap = db.newest()?;
        let cursor = crate::engine::catalog::DdlCursor {
            exclusive: grbit & JET_bitTableDenyRead != 0,
            permit_ddl: grbit & JET_bitTablePermitDDL != 0,
            table_empty: crate::engine::build::table_is_empty(&db, &snap, &before, self.writes())?,
        };
        let mut undo = Box::new(TableUndo::new(db.clone(), objid, Some(before.clone())));
        let target = DdlTarget { name: &before.name, cursor, grbit };
        // A new secondary index of a table with records gets their entries in the same commit
        // (the session's own uncommitted records' in its write set, below).
        let mut own_changes = Vec::new();
        let journaled = self.level() > 0;
        let own = self.writes();
        let extra = |new: &Arc<crate::engine::catalog::Catalog>, batch: &mut crate::engine::store::Batch| {
            if cursor.table_empty {
                return Ok(());
            }
            let Some(t) = new.table_by_objid(objid) else { return Ok(()) };
            for ix in &t.indexes {
                if ix.is_primary() || before.indexes.iter().any(|o| o.objid == ix.objid) {
                    continue;
                }
                let built = crate::engine::build::build_index(&db, &snap, new, t, ix, own)?;
                let tree = crate::engine::database::tree_of(ix.objid);
                for k in &built.store {
                    batch.put(&tree, k, &[]);
                }
                own_changes.extend(built.add.into_iter().map(|k| (ix.objid, k, Some(Vec::new()))));
                own_changes.extend(built.del.into_iter().map(|k| (ix.objid, k, None)));
            }
            Ok(())
        };
        match db.ddl_journaled(journaled, |cat| f(cat, target), extra) {
            Ok((new, r, key)) => {
                if let Err(e) = self.note_journal(&db, &mut undo, key) {
                    let _ = undo.settle();
                    return Err(e);
                }
                for (ix, k, v) in own_changes {
                    self.write_at_level(&db, ix, &k, v)?;
                }
                self.log_undo(undo)?;
                // A primary index made inside a transaction (S-VER-02): others' updates of the
                // table meet JET_errWriteConflictPrimaryIndex until it ends.
                let primary =
                    |t: &crate::engine::catalog::TableDef| t.indexes.iter().any(|ix| ix.is_primary());
                if self.level() > 0
                    && !primary(&before)
                    && new.table_by_objid(objid).is_some_and(|t| primary(t))
                {
                    let sesid = self.sesid;
                    self.log_undo(Box::new(db.primary_created(objid, sesid)))?;
                }
                Ok(r)
            }
            Err(e) => {
                let _ = undo.settle();
                Err(e)
            }
        }
    }

    /// The database, table object id and stored name of cursor `c`'s table.
    pub fn table_of(
        &mut self,
        c: crate::engine::session::CursorRef,
    ) -> JetResult<(Arc<Database>, u32, String)> {
        let tc = self.cursor(c).table()?;
        let (db, objid) = (tc.lock.database().clone(), tc.lock.objid());
        let name = db
            .catalog()
            .table_by_objid(objid)
            .map(|t| t.name.clone())
            .ok_or(JetError(JET_errObjectNotFound))?;
        Ok((db, objid, name))
    }
}
