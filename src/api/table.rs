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

fn check_sesid(sesid: JET_SESID) -> Outcome {
    if session::is_live(sesid as u64) { Ok(()) } else { fail(JET_errInvalidSesid) }
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
    check_sesid(sesid)?;
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
    check_sesid(sesid)?;
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
    check_sesid(sesid)?;
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
