//! Tables: create, open, close, delete (data-ddl §5; S-THD-01/02, S-NAM-01).
#![allow(non_snake_case)]

use super::{Encoding, Outcome, Utf8, Utf16, guard, non_null, put};
use crate::abi::consts::*;
use crate::abi::*;
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::session::{self, Stop};
use crate::engine::trace;
use std::fmt::Write as _;

/// A table name: NULL stays `None`; text that is not valid UTF-8 (A) or UTF-16 (W) is an
/// invalid name, as ESE's W functions report a name without a code-page form (data-ddl §1.3).
///
/// # Safety
/// `p` is NULL or NUL-terminated.
pub(crate) unsafe fn read_name<E: Encoding>(p: *const E::Unit) -> JetResult<Option<String>> {
    // SAFETY: as this function's contract.
    match unsafe { E::read(p) } {
        Err(JetError(JET_errUnicodeTranslationFail)) => fail(JET_errInvalidName),
        other => other,
    }
}

/// # Safety
/// `name` is NULL or NUL-terminated; `ptableid` is NULL or valid for a write.
unsafe fn create<E: Encoding>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    name: *const E::Unit,
    pages: u32,
    density: u32,
    ptableid: *mut JET_TABLEID,
) -> Outcome {
    super::check_sesid(sesid)?;
    // SAFETY: the caller's contract.
    let name = unsafe { read_name::<E>(name) };
    let mut s = session::enter(sesid as u64, Stop::Blocks)?;
    // A handle or dbid error leaves *ptableid alone; a later one writes nil there.
    s.check_dbid(dbid)?;
    let r = name.and_then(|n| s.create_table(dbid, n.as_deref(), pages, density, !ptableid.is_null()));
    // SAFETY: NULL or valid for a write (the caller's contract); put skips NULL.
    unsafe { put(ptableid, *r.as_ref().unwrap_or(&(JET_TABLEID::MAX as u64)) as JET_TABLEID) };
    let t = r?;
    trace::wrote(|w| {
        let _ = write!(w, "out={t:#x}");
    });
    Ok(())
}

/// Creates an empty table (no columns, no index: it uses the sequential index) in a database
/// this session has open, and opens it for this session with `JET_bitTableDenyRead` (data-ddl
/// §5.2). `lPages` is a size hint; `lDensity` 0 or 20-100. Inside a transaction, a rollback of
/// the level removes the table and closes the cursor (S-THD-02).
///
/// `*ptableid` receives the cursor; on an error after the handle and dbid checks it receives
/// `JET_tableidNil`. Close it with JetCloseTable.
///
/// Returns 0, or: `JET_errInvalidSesid`, the session-entry codes, `JET_errInvalidDatabaseId`,
/// `JET_errPermissionDenied` (read-only attachment), `JET_errInvalidName`,
/// `JET_errDensityInvalid`, `JET_errInvalidParameter` (NULL `ptableid`), `JET_errTableDuplicate`,
/// `JET_errOutOfCursors`, `JET_errDiskFull`, `JET_errDiskIO`.
///
/// # Safety
/// `szTableName` is NULL or NUL-terminated; `ptableid` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateTableA(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCSTR,
    lPages: u32,
    lDensity: u32,
    ptableid: *mut JET_TABLEID,
) -> JET_ERR {
    guard!(
        "JetCreateTableA",
        [
            H(sesid),
            N(dbid as i64),
            A(szTableName),
            N(lPages as i64),
            N(lDensity as i64),
            O(ptableid as usize)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe { create::<Utf8>(sesid, dbid, szTableName, lPages, lDensity, ptableid) }
        }
    )
}

/// JetCreateTableA with a UTF-16 name.
///
/// # Safety
/// As JetCreateTableA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateTableW(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCWSTR,
    lPages: u32,
    lDensity: u32,
    ptableid: *mut JET_TABLEID,
) -> JET_ERR {
    guard!(
        "JetCreateTableW",
        [
            H(sesid),
            N(dbid as i64),
            W(szTableName),
            N(lPages as i64),
            N(lDensity as i64),
            O(ptableid as usize)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe { create::<Utf16>(sesid, dbid, szTableName, lPages, lDensity, ptableid) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetCreateTableA.
///
/// # Safety
/// As JetCreateTableA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateTable(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCSTR,
    lPages: u32,
    lDensity: u32,
    ptableid: *mut JET_TABLEID,
) -> JET_ERR {
    guard!(
        "JetCreateTable",
        [
            H(sesid),
            N(dbid as i64),
            A(szTableName),
            N(lPages as i64),
            N(lDensity as i64),
            O(ptableid as usize)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe { create::<Utf8>(sesid, dbid, szTableName, lPages, lDensity, ptableid) }
        }
    )
}

/// # Safety
/// `name` is NULL or NUL-terminated; `ptableid` is NULL or valid for a write.
unsafe fn open<E: Encoding>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    name: *const E::Unit,
    grbit: JET_GRBIT,
    ptableid: *mut JET_TABLEID,
) -> Outcome {
    super::check_sesid(sesid)?;
    // SAFETY: the caller's contract.
    let name = unsafe { read_name::<E>(name) };
    let mut s = session::enter(sesid as u64, Stop::Blocks)?;
    s.check_dbid(dbid)?;
    non_null(ptableid)?;
    // SAFETY: non-NULL, checked above: nil first, the cursor on success.
    unsafe { put(ptableid, JET_TABLEID::MAX) };
    let t = s.open_table(dbid, name?.as_deref(), grbit)?;
    // SAFETY: as above.
    unsafe { put(ptableid, t as JET_TABLEID) };
    trace::wrote(|w| {
        let _ = write!(w, "out={t:#x}");
    });
    Ok(())
}

/// Opens a cursor on a table of a database this session has open (data-ddl §5.4).
/// `pvParameters`/`cbParameters` are ignored. `grbit`: `JET_bitTableDenyRead` (no other
/// session may have the table open while it is), `JET_bitTableDenyWrite`,
/// `JET_bitTableReadOnly`, `JET_bitTableUpdatable`, `JET_bitTablePermitDDL` (needs DenyRead);
/// other bits are accepted. `*ptableid` is set to `JET_tableidNil`, then to the cursor.
///
/// Returns 0, or: `JET_errInvalidSesid`, the session-entry codes, `JET_errInvalidDatabaseId`,
/// `JET_errInvalidParameter` (NULL `ptableid`), `JET_errInvalidGrbit` (PermitDDL without
/// DenyRead, DenyRead with ReadOnly, ReadOnly with Updatable, the internal Create/Delete bits),
/// `JET_errInvalidName`, `JET_errObjectNotFound`, `JET_errTableLocked` (another session holds
/// DenyRead, or DenyWrite against an Updatable open), `JET_errTableInUse` (a DenyWrite or DenyRead
/// open that others' cursors prevent), `JET_errOutOfCursors`.
///
/// # Safety
/// `szTableName` is NULL or NUL-terminated; `ptableid` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetOpenTableA(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCSTR,
    pvParameters: *const core::ffi::c_void,
    cbParameters: u32,
    grbit: JET_GRBIT,
    ptableid: *mut JET_TABLEID,
) -> JET_ERR {
    let _ = (pvParameters, cbParameters);
    guard!(
        "JetOpenTableA",
        [
            H(sesid),
            N(dbid as i64),
            A(szTableName),
            Ptr(pvParameters as usize),
            N(cbParameters as i64),
            G(grbit, TABLE_BITS),
            O(ptableid as usize)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe { open::<Utf8>(sesid, dbid, szTableName, grbit, ptableid) }
        }
    )
}

/// JetOpenTableA with a UTF-16 name.
///
/// # Safety
/// As JetOpenTableA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetOpenTableW(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCWSTR,
    pvParameters: *const core::ffi::c_void,
    cbParameters: u32,
    grbit: JET_GRBIT,
    ptableid: *mut JET_TABLEID,
) -> JET_ERR {
    let _ = (pvParameters, cbParameters);
    guard!(
        "JetOpenTableW",
        [
            H(sesid),
            N(dbid as i64),
            W(szTableName),
            Ptr(pvParameters as usize),
            N(cbParameters as i64),
            G(grbit, TABLE_BITS),
            O(ptableid as usize)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe { open::<Utf16>(sesid, dbid, szTableName, grbit, ptableid) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetOpenTableA.
///
/// # Safety
/// As JetOpenTableA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetOpenTable(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCSTR,
    pvParameters: *const core::ffi::c_void,
    cbParameters: u32,
    grbit: JET_GRBIT,
    ptableid: *mut JET_TABLEID,
) -> JET_ERR {
    let _ = (pvParameters, cbParameters);
    guard!(
        "JetOpenTable",
        [
            H(sesid),
            N(dbid as i64),
            A(szTableName),
            Ptr(pvParameters as usize),
            N(cbParameters as i64),
            G(grbit, TABLE_BITS),
            O(ptableid as usize)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe { open::<Utf8>(sesid, dbid, szTableName, grbit, ptableid) }
        }
    )
}

/// Closes a cursor (data-ddl §5.5): its tableid is stale at once and its table locks are
/// released. Works after a stop-service request.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInvalidTableId` (not a live cursor),
/// `JET_errSesidTableIdMismatch` (another session's cursor), `JET_errInstanceUnavailable`,
/// `JET_errTermInProgress`, `JET_errSessionSharingViolation`.
#[unsafe(no_mangle)]
pub extern "C" fn JetCloseTable(sesid: JET_SESID, tableid: JET_TABLEID) -> JET_ERR {
    guard!("JetCloseTable", [H(sesid), H(tableid)], {
        let (mut s, c) = session::enter_table(sesid as u64, tableid as u64, Stop::Ignored)?;
        s.close_cursor(c);
        Ok(())
    })
}

/// # Safety
/// `name` is NULL or NUL-terminated.
unsafe fn delete<E: Encoding>(sesid: JET_SESID, dbid: JET_DBID, name: *const E::Unit) -> Outcome {
    super::check_sesid(sesid)?;
    // SAFETY: the caller's contract.
    let name = unsafe { read_name::<E>(name) };
    let mut s = session::enter(sesid as u64, Stop::Blocks)?;
    s.check_dbid(dbid)?;
    s.delete_table(dbid, name?.as_deref())
}

/// Deletes a table and its data (data-ddl §5.6). Inside a transaction a rollback of the level
/// restores it, data included.
///
/// Returns 0, or: `JET_errInvalidSesid`, the session-entry codes, `JET_errInvalidDatabaseId`,
/// `JET_errTransReadOnly`, `JET_errInvalidName`, `JET_errPermissionDenied` (read-only
/// attachment), `JET_errObjectNotFound`, `JET_errTableInUse` (a cursor is open on it, this
/// session's included), `JET_errCannotDeleteTemplateTable`, `JET_errDiskFull`, `JET_errDiskIO`.
///
/// # Safety
/// `szTableName` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDeleteTableA(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCSTR,
) -> JET_ERR {
    guard!("JetDeleteTableA", [H(sesid), N(dbid as i64), A(szTableName)], {
        // SAFETY: as this function's contract.
        unsafe { delete::<Utf8>(sesid, dbid, szTableName) }
    })
}

/// JetDeleteTableA with a UTF-16 name.
///
/// # Safety
/// As JetDeleteTableA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDeleteTableW(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCWSTR,
) -> JET_ERR {
    guard!("JetDeleteTableW", [H(sesid), N(dbid as i64), W(szTableName)], {
        // SAFETY: as this function's contract.
        unsafe { delete::<Utf16>(sesid, dbid, szTableName) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetDeleteTableA.
///
/// # Safety
/// As JetDeleteTableA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDeleteTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR) -> JET_ERR {
    guard!("JetDeleteTable", [H(sesid), N(dbid as i64), A(szTableName)], {
        // SAFETY: as this function's contract.
        unsafe { delete::<Utf8>(sesid, dbid, szTableName) }
    })
}

/// # Safety
/// `old` and `new` are NULL or NUL-terminated.
unsafe fn rename<E: Encoding>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    old: *const E::Unit,
    new: *const E::Unit,
) -> Outcome {
    super::check_sesid(sesid)?;
    // SAFETY: the caller's contract.
    let (old, new) = unsafe { (read_name::<E>(old), read_name::<E>(new)) };
    let mut s = session::enter(sesid as u64, Stop::Blocks)?;
    s.check_dbid(dbid)?;
    s.rename_table(dbid, old?.as_deref(), new?.as_deref())
}

/// Renames a table (data-ddl §5.7), also while cursors are open on it. Inside a transaction a
/// rollback puts the old name back.
///
/// Returns 0, or: `JET_errInvalidSesid`, the session-entry codes, `JET_errInvalidDatabaseId`,
/// `JET_errTransReadOnly`, `JET_errInvalidParameter` (a NULL name), `JET_errInvalidName`,
/// `JET_errPermissionDenied` (read-only attachment), `JET_errObjectNotFound`, `JET_errFixedDDL`
/// (a template or FixedDDL table), `JET_errTableDuplicate` (the new name is taken),
/// `JET_errDiskFull`, `JET_errDiskIO`.
///
/// # Safety
/// `szName` and `szNameNew` are NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetRenameTableA(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szName: JET_PCSTR,
    szNameNew: JET_PCSTR,
) -> JET_ERR {
    guard!("JetRenameTableA", [H(sesid), N(dbid as i64), A(szName), A(szNameNew)], {
        // SAFETY: as this function's contract.
        unsafe { rename::<Utf8>(sesid, dbid, szName, szNameNew) }
    })
}

/// JetRenameTableA with UTF-16 names.
///
/// # Safety
/// As JetRenameTableA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetRenameTableW(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szName: JET_PCWSTR,
    szNameNew: JET_PCWSTR,
) -> JET_ERR {
    guard!("JetRenameTableW", [H(sesid), N(dbid as i64), W(szName), W(szNameNew)], {
        // SAFETY: as this function's contract.
        unsafe { rename::<Utf16>(sesid, dbid, szName, szNameNew) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetRenameTableA.
///
/// # Safety
/// As JetRenameTableA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetRenameTable(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szName: JET_PCSTR,
    szNameNew: JET_PCSTR,
) -> JET_ERR {
    guard!("JetRenameTable", [H(sesid), N(dbid as i64), A(szName), A(szNameNew)], {
        // SAFETY: as this function's contract.
        unsafe { rename::<Utf8>(sesid, dbid, szName, szNameNew) }
    })
}

/// # Safety
/// `p` is NULL or a valid JET_TABLECREATE* of the version `T` names, with its arrays.
unsafe fn create_column_index<T: super::ddl::TableCreate>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    p: *mut T,
) -> Outcome {
    super::check_sesid(sesid)?;
    let mut s = session::enter(sesid as u64, Stop::Blocks)?;
    s.check_dbid(dbid)?;
    // SAFETY: the caller's contract.
    let input = unsafe { super::ddl::table_create(p as *const T) }?;
    let (r, report) = s.create_table_with(dbid, &input.spec);
    let tableid = match &r {
        Ok(Some(t)) => *t as JET_TABLEID,
        _ => JET_TABLEID::MAX,
    };
    // SAFETY: p was read above, so it is a valid struct of this version with its arrays.
    unsafe { super::ddl::write_table_results(p, tableid, &report) };
    r?;
    trace::wrote(|w| {
        let _ = write!(w, "tableid={tableid:#x} cCreated={}", report.c_created);
    });
    Ok(())
}

/// Creates a table with its columns and indexes in one step (data-ddl §5.3) from a
/// JET_TABLECREATE (`cbStruct` is not checked, as in ESE; each JET_COLUMNCREATE must be 56
/// bytes, each JET_INDEXCREATE 80 or 72), and opens it for this session with
/// `JET_bitTableDenyRead`. All or nothing: on an error nothing of the table remains. The
/// struct receives `tableid` (`JET_tableidNil` on an error), `cCreated` (how far it got) and
/// each column's `columnid` and `err` and each index's `err`; with
/// `JET_bitTableCreateImmutableStructure` nothing is written back and no cursor is returned.
/// Inside a transaction a rollback removes the table.
///
/// Returns 0, or: `JET_errInvalidSesid`, the session-entry codes, `JET_errInvalidDatabaseId`,
/// `JET_errInvalidParameter` (NULL struct, a bad `cbStruct`, NULL arrays with counts),
/// `JET_errPermissionDenied`, `JET_errInvalidName`, `JET_errTableDuplicate`,
/// `JET_errDensityInvalid`, the column codes of JetAddColumn and the index codes of
/// JetCreateIndex (`JET_errColumnDuplicate`, `JET_errInvalidColumnType`,
/// `JET_errIndexHasPrimary`, `JET_errIndexDuplicate`, `JET_errInvalidCreateIndex`, ...),
/// `JET_errCannotNestDDL`, `JET_errInvalidGrbit`, `JET_errObjectNotFound` (a template that does
/// not exist), `JET_errDDLNotInheritable`, `JET_errOutOfCursors`, `JET_errDiskIO`.
///
/// # Safety
/// `ptablecreate` is NULL or a valid struct of this version, with `cColumns` and `cIndexes`
/// elements in its arrays.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateTableColumnIndexA(
    sesid: JET_SESID,
    dbid: JET_DBID,
    ptablecreate: *mut JET_TABLECREATE_A,
) -> JET_ERR {
    guard!("JetCreateTableColumnIndexA", [H(sesid), N(dbid as i64), Ptr(ptablecreate as usize)], {
        // SAFETY: as this function's contract.
        unsafe { create_column_index::<JET_TABLECREATE_A>(sesid, dbid, ptablecreate) }
    })
}

/// JetCreateTableColumnIndexA with UTF-16 names and key strings.
///
/// # Safety
/// `ptablecreate` is NULL or a valid struct of this version, with `cColumns` and `cIndexes`
/// elements in its arrays.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateTableColumnIndexW(
    sesid: JET_SESID,
    dbid: JET_DBID,
    ptablecreate: *mut JET_TABLECREATE_W,
) -> JET_ERR {
    guard!("JetCreateTableColumnIndexW", [H(sesid), N(dbid as i64), Ptr(ptablecreate as usize)], {
        // SAFETY: as this function's contract.
        unsafe { create_column_index::<JET_TABLECREATE_W>(sesid, dbid, ptablecreate) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetCreateTableColumnIndexA.
///
/// # Safety
/// `ptablecreate` is NULL or a valid struct of this version, with `cColumns` and `cIndexes`
/// elements in its arrays.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateTableColumnIndex(
    sesid: JET_SESID,
    dbid: JET_DBID,
    ptablecreate: *mut JET_TABLECREATE_A,
) -> JET_ERR {
    guard!("JetCreateTableColumnIndex", [H(sesid), N(dbid as i64), Ptr(ptablecreate as usize)], {
        // SAFETY: as this function's contract.
        unsafe { create_column_index::<JET_TABLECREATE_A>(sesid, dbid, ptablecreate) }
    })
}

/// JetCreateTableColumnIndexA from a JET_TABLECREATE2 (`cbStruct` 96; adds a callback).
///
/// # Safety
/// `ptablecreate` is NULL or a valid struct of this version, with `cColumns` and `cIndexes`
/// elements in its arrays.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateTableColumnIndex2A(
    sesid: JET_SESID,
    dbid: JET_DBID,
    ptablecreate: *mut JET_TABLECREATE2_A,
) -> JET_ERR {
    guard!("JetCreateTableColumnIndex2A", [H(sesid), N(dbid as i64), Ptr(ptablecreate as usize)], {
        // SAFETY: as this function's contract.
        unsafe { create_column_index::<JET_TABLECREATE2_A>(sesid, dbid, ptablecreate) }
    })
}

/// JetCreateTableColumnIndex2A with UTF-16 strings.
///
/// # Safety
/// `ptablecreate` is NULL or a valid struct of this version, with `cColumns` and `cIndexes`
/// elements in its arrays.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateTableColumnIndex2W(
    sesid: JET_SESID,
    dbid: JET_DBID,
    ptablecreate: *mut JET_TABLECREATE2_W,
) -> JET_ERR {
    guard!("JetCreateTableColumnIndex2W", [H(sesid), N(dbid as i64), Ptr(ptablecreate as usize)], {
        // SAFETY: as this function's contract.
        unsafe { create_column_index::<JET_TABLECREATE2_W>(sesid, dbid, ptablecreate) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetCreateTableColumnIndex2A.
///
/// # Safety
/// `ptablecreate` is NULL or a valid struct of this version, with `cColumns` and `cIndexes`
/// elements in its arrays.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateTableColumnIndex2(
    sesid: JET_SESID,
    dbid: JET_DBID,
    ptablecreate: *mut JET_TABLECREATE2_A,
) -> JET_ERR {
    guard!("JetCreateTableColumnIndex2", [H(sesid), N(dbid as i64), Ptr(ptablecreate as usize)], {
        // SAFETY: as this function's contract.
        unsafe { create_column_index::<JET_TABLECREATE2_A>(sesid, dbid, ptablecreate) }
    })
}

/// JetCreateTableColumnIndexA from a JET_TABLECREATE3 (`cbStruct` 120; JET_INDEXCREATE2
/// indexes of 88 bytes, space hints).
///
/// # Safety
/// `ptablecreate` is NULL or a valid struct of this version, with `cColumns` and `cIndexes`
/// elements in its arrays.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateTableColumnIndex3A(
    sesid: JET_SESID,
    dbid: JET_DBID,
    ptablecreate: *mut JET_TABLECREATE3_A,
) -> JET_ERR {
    guard!("JetCreateTableColumnIndex3A", [H(sesid), N(dbid as i64), Ptr(ptablecreate as usize)], {
        // SAFETY: as this function's contract.
        unsafe { create_column_index::<JET_TABLECREATE3_A>(sesid, dbid, ptablecreate) }
    })
}

/// JetCreateTableColumnIndex3A with UTF-16 strings.
///
/// # Safety
/// `ptablecreate` is NULL or a valid struct of this version, with `cColumns` and `cIndexes`
/// elements in its arrays.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateTableColumnIndex3W(
    sesid: JET_SESID,
    dbid: JET_DBID,
    ptablecreate: *mut JET_TABLECREATE3_W,
) -> JET_ERR {
    guard!("JetCreateTableColumnIndex3W", [H(sesid), N(dbid as i64), Ptr(ptablecreate as usize)], {
        // SAFETY: as this function's contract.
        unsafe { create_column_index::<JET_TABLECREATE3_W>(sesid, dbid, ptablecreate) }
    })
}

/// JetCreateTableColumnIndexA from a JET_TABLECREATE4 (`cbStruct` 120; JET_INDEXCREATE3
/// indexes with locale names).
///
/// # Safety
/// `ptablecreate` is NULL or a valid struct of this version, with `cColumns` and `cIndexes`
/// elements in its arrays.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateTableColumnIndex4A(
    sesid: JET_SESID,
    dbid: JET_DBID,
    ptablecreate: *mut JET_TABLECREATE4_A,
) -> JET_ERR {
    guard!("JetCreateTableColumnIndex4A", [H(sesid), N(dbid as i64), Ptr(ptablecreate as usize)], {
        // SAFETY: as this function's contract.
        unsafe { create_column_index::<JET_TABLECREATE4_A>(sesid, dbid, ptablecreate) }
    })
}

/// JetCreateTableColumnIndex4A with UTF-16 strings.
///
/// # Safety
/// `ptablecreate` is NULL or a valid struct of this version, with `cColumns` and `cIndexes`
/// elements in its arrays.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateTableColumnIndex4W(
    sesid: JET_SESID,
    dbid: JET_DBID,
    ptablecreate: *mut JET_TABLECREATE4_W,
) -> JET_ERR {
    guard!("JetCreateTableColumnIndex4W", [H(sesid), N(dbid as i64), Ptr(ptablecreate as usize)], {
        // SAFETY: as this function's contract.
        unsafe { create_column_index::<JET_TABLECREATE4_W>(sesid, dbid, ptablecreate) }
    })
}
