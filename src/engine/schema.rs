//! Column and index DDL on an existing table (data-ddl §6.2-6.4, §7.5-7.6, §10.1):
//! JetAddColumn, JetDeleteColumn(2), JetRenameColumn, JetSetColumnDefaultValue, JetCreateIndex*,
//! JetDeleteIndex. The catalog ([`Catalog`]) decides every schema rule; this layer adds the
//! cursor's and the transaction's checks at the step where ESE makes them, and runs the change
//! through [`Session::table_ddl`], so that a rollback of the level puts the table back.

use crate::abi::consts::*;
use crate::engine::catalog::{AddColumnError, Catalog, ColumnSpec, IndexSpec, check_name};
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::session::{CursorRef, Session};
use crate::engine::table::TableUndo;
use std::sync::Arc;

/// What JetCreateIndex* reports: the call's result, and the `err` of each index the engine
/// reached (in array order), for the shim to write back.
#[derive(Debug, Default)]
pub struct IndexesCreated {
    pub errs: Vec<i32>,
}

/// A name argument: NULL → `JET_errInvalidName`, then the name rules (S-NAM-01).
fn name_arg(name: Option<&str>) -> JetResult<String> {
    check_name(name.ok_or(JetError(JET_errInvalidName))?)
}

impl Session {
    /// The open grbit of cursor `c` and whether it may change its table.
    fn cursor_facts(&mut self, c: CursorRef) -> JetResult<(u32, bool)> {
        let tc = self.cursor(c).table()?;
        Ok((tc.grbit, tc.updatable))
    }

    /// A cursor opened read-only, or on a read-only attachment, changes nothing (-1809,
    /// ErrFUCBCheckUpdatable, which ESE checks before the transaction's -1110).
    fn check_updatable(&mut self, c: CursorRef) -> JetResult<u32> {
        let (grbit, updatable) = self.cursor_facts(c)?;
        if updatable { Ok(grbit) } else { fail(JET_errPermissionDenied) }
    }

    /// JetAddColumn (data-ddl §6.2). `grbit` is the JET_COLUMNDEF's grbit, or the error of a
    /// NULL or short JET_COLUMNDEF (step 4); `spec` is what the shim read (its other errors, a
    /// bad name or default, come at step 7). Order: -1809 (step 2), -1110, -1323 (step 3), the
    /// struct's -1003 (step 4), `JET_bitColumnUnversioned` on a shared cursor inside a
    /// transaction → -1108 (step 5), the reader's error, then the catalog's rules (steps 6-18).
    /// Returns the column id and `JET_wrnColumnMaxTruncated` or 0; on failure, the column id
    /// when ESE had already written `*pcolumnid` (step 17).
    pub fn add_column(
        &mut self,
        c: CursorRef,
        grbit: JetResult<u32>,
        spec: JetResult<ColumnSpec>,
    ) -> Result<(u32, i32), AddColumnError> {
        self.check_updatable(c)?;
        let level = self.level();
        let mut written = None;
        let r = self.table_ddl(c, |cat, t| {
            let table = cat.table(t.name).ok_or(JetError(JET_errObjectNotFound))?;
            if table.is_fixed_ddl() && !t.cursor.permit_ddl {
                return fail(JET_errFixedDDL);
            }
            if grbit? & JET_bitColumnUnversioned != 0 && !t.cursor.exclusive && level > 0 {
                return fail(JET_errInTransaction);
            }
            let spec = spec?;
            match cat.add_column(t.name, &spec, t.cursor) {
                Ok(a) => Ok((a.catalog, (a.columnid, a.warning))),
                Err(e) => {
                    written = e.columnid;
                    Err(e.err)
                }
            }
        });
        r.map_err(|err| AddColumnError { err, columnid: written })
    }

    /// JetDeleteColumn / JetDeleteColumn2 (data-ddl §6.3): the name (-1002, step 2), -1809,
    /// -1110, then the catalog's rules (-1323 always on a FixedDDL table, -1324, -1507, -1046).
    /// The column's id is never given again; inside a transaction a rollback brings the column
    /// back.
    pub fn delete_column(&mut self, c: CursorRef, name: Option<&str>, grbit: u32) -> JetResult<()> {
        let name = name_arg(name)?;
        self.check_updatable(c)?;
        self.table_ddl(c, |cat, t| cat.delete_column(t.name, &name, grbit).map(|n| (n, ())))
    }

    /// JetRenameColumn (data-ddl §6.4): -1110 (step 1), either name NULL → -1003 (step 2), inside
    /// a transaction → -1108 (step 3), then the catalog's rules (old then new name -1002,
    /// -1507, the new name taken → -1508). A read-only attachment gives -1809 (the reference's
    /// expectation, §12 item 12); the cursor's own updatability is not checked, as in ESE.
    pub fn rename_column(&mut self, c: CursorRef, old: Option<&str>, new: Option<&str>) -> JetResult<()> {
        if self.read_only_transaction() {
            return fail(JET_errTransReadOnly);
        }
        let (Some(old), Some(new)) = (old, new) else { return fail(JET_errInvalidParameter) };
        if self.level() > 0 {
            return fail(JET_errInTransaction);
        }
        self.table_ddl(c, |cat, t| cat.rename_column(t.name, old, new).map(|n| (n, ())))
    }

    /// JetSetColumnDefaultValue (ErrIsamSetColumnDefaultValue, fldmod.cxx:3228-3420): the column
    /// name (-1002), no value (NULL or 0 bytes → `JET_errNullInvalid`), a value longer than a
    /// record (-1524), then the table is opened with DenyRead as ESE opens it (name -1002, not
    /// found -1305, another session's cursor on it → -1304, another session's DenyRead → -1302),
    /// then the catalog's rules (-1507, -1046, -1524); last the change is written (a read-only
    /// transaction → -1110, a read-only attachment → -1809, as ESE's catalog update refuses
    /// them). `grbit` is ignored, as ESE ignores it. Inside a transaction a rollback restores
    /// the column's previous default.
    pub fn set_column_default(
        &mut self,
        dbid: u32,
        table: Option<&str>,
        column: Option<&str>,
        value: Option<&[u8]>,
    ) -> JetResult<()> {
        let db = self.database(dbid)?;
        let column = name_arg(column)?;
        let value = match value {
            Some(v) if !v.is_empty() => v,
            _ => return fail(JET_errNullInvalid),
        };
        let cb_page = db.catalog().cb_page();
        if value.len() > crate::engine::record::cb_record_most(cb_page, JET_cbKeyMost) {
            return fail(JET_errDefaultValueTooBig);
        }
        let table = name_arg(table)?;
        let before = db.catalog().table(&table).cloned().ok_or(JetError(JET_errObjectNotFound))?;
        // ESE opens the table with DenyRead for the change; the lock is held until it is made.
        let _lock = db.lock_table(before.objid, self.sesid, JET_bitTableDenyRead, false)?;
        // The catalog's rules first (the column and its uses), then the write's refusals.
        db.catalog().set_column_default(&table, &column, Some(value))?;
        if self.read_only_transaction() {
            return fail(JET_errTransReadOnly);
        }
        if db.read_only {
            return fail(JET_errPermissionDenied);
        }
        let before = db.catalog().table(&table).cloned().ok_or(JetError(JET_errObjectNotFound))?;
        let mut undo = Box::new(TableUndo::new(db.clone(), before.objid, Some(before)));
        let set = |cat: &Catalog| cat.set_column_default(&table, &column, Some(value)).map(|n| (n, ()));
        match self.ddl_in_transaction(&db, &mut undo, set, |_, _| Ok(())) {
            Ok(_) => self.log_undo(undo),
            Err(e) => {
                let _ = crate::engine::undo::Undo::settle(undo);
                Err(e)
            }
        }
    }

    /// JetCreateIndex* on an existing table (data-ddl §7.5, §10.1) with the indexes the shim
    /// read (its conversion errors come before this, step 2). No index: nothing to do. Each
    /// index's Unicode bit and `pidxunicode` must agree (-1003, step 3). One index: Unversioned
    /// inside a transaction on a shared cursor → -1108, -1809, -1110, then the catalog's rules
    /// (-1323, §7.4, -1402, -1308, -1026, -1403). Several indexes (ErrFILEIBatchCreateIndex,
    /// fcreate.cxx:7583-7660): -1809, -1110, inside a transaction → -1108, without DenyRead →
    /// -1322, FixedDDL without PermitDDL or a template → -1323, then per index Primary,
    /// Unversioned or Empty → `JET_errInvalidGrbit` and the catalog's rules; they are created
    /// all or none. The report gives the `err` of each index reached.
    pub fn create_indexes(&mut self, c: CursorRef, specs: &[IndexSpec]) -> (JetResult<()>, IndexesCreated) {
        let mut report = IndexesCreated::default();
        let r = self.create_indexes_inner(c, specs, &mut report);
        (r, report)
    }

    fn create_indexes_inner(
        &mut self,
        c: CursorRef,
        specs: &[IndexSpec],
        report: &mut IndexesCreated,
    ) -> JetResult<()> {
        if specs.is_empty() {
            return Ok(());
        }
        if specs.iter().any(|s| (s.grbit & JET_bitIndexUnicode != 0) != s.unicode.is_some()) {
            return fail(JET_errInvalidParameter);
        }
        let (grbit, updatable) = self.cursor_facts(c)?;
        let exclusive = grbit & JET_bitTableDenyRead != 0;
        let level = self.level();
        let defaults = self.index_defaults();
        let errs = &mut report.errs;
        if let [spec] = specs {
            if spec.grbit & JET_bitIndexUnversioned != 0 && level > 0 && !exclusive {
                return fail(JET_errInTransaction);
            }
            if !updatable {
                return fail(JET_errPermissionDenied);
            }
            let r = self.table_ddl(c, |cat, t| {
                let r = cat.create_index(t.name, spec, t.cursor, &defaults);
                errs.push(r.as_ref().map_or_else(|e| e.0, |_| 0));
                r.map(|n| (n, ()))
            });
            return r;
        }
        if !updatable {
            return fail(JET_errPermissionDenied);
        }
        if self.read_only_transaction() {
            return fail(JET_errTransReadOnly);
        }
        if level > 0 {
            return fail(JET_errInTransaction);
        }
        if !exclusive {
            return fail(JET_errExclusiveTableLockRequired);
        }
        self.table_ddl(c, |cat, t| {
            let table = cat.table(t.name).ok_or(JetError(JET_errObjectNotFound))?;
            if table.is_fixed_ddl() && (!t.cursor.permit_ddl || table.is_template()) {
                return fail(JET_errFixedDDL);
            }
            let mut next: Option<Arc<Catalog>> = None;
            for spec in specs {
                let r = if spec.grbit & (JET_bitIndexPrimary | JET_bitIndexUnversioned | JET_bitIndexEmpty)
                    != 0
                {
                    fail(JET_errInvalidGrbit)
                } else {
                    match &next {
                        Some(n) => n.create_index(t.name, spec, t.cursor, &defaults),
                        None => cat.create_index(t.name, spec, t.cursor, &defaults),
                    }
                };
                match r {
                    Ok(n) => {
                        errs.push(0);
                        next = Some(n);
                    }
                    Err(e) => {
                        errs.push(e.0);
                        return Err(e);
                    }
                }
            }
            next.map(|n| (n, ())).ok_or(JetError(JET_errInternalError))
        })
    }

    /// JetDeleteIndex (data-ddl §7.6): the name (-1002, step 2), -1809, -1110, then the
    /// catalog's rules (-1323 always on a FixedDDL table, -1324, -1404, -1405), then
    /// `JET_errIndexInUse` (-1051) while a cursor has the index current. Inside a
    /// transaction a rollback brings the index back.
    pub fn delete_index(&mut self, c: CursorRef, name: Option<&str>) -> JetResult<()> {
        let name = name_arg(name)?;
        self.check_updatable(c)?;
        let tc = self.cursor(c).table()?;
        let (db, objid) = (tc.lock.database().clone(), tc.lock.objid());
        self.table_ddl(c, |cat, t| {
            let ix = cat.table(t.name).and_then(|tb| tb.index(&name)).map(|ix| ix.objid);
            let next = cat.delete_index(t.name, &name)?;
            // Step 6: no cursor (of any session) may have it as its current index.
            if ix.is_some_and(|ix| db.index_in_use(objid, ix)) {
                return fail(JET_errIndexInUse);
            }
            Ok((next, ()))
        })
    }
}
