//! Columns and indexes of an existing table: JetAddColumn, JetDeleteColumn(2),
//! JetRenameColumn, JetSetColumnDefaultValue, JetCreateIndex(2, 3, 4), JetDeleteIndex, in A, W
//! and (where Windows exports one) unsuffixed form (data-ddl §6.2-6.4, §7.1-7.6, §10.1;
//! S-THD-01, S-NAM-01, S-BAD-01). Each shim checks the sesid before reading strings, enters the
//! cursor API with its tableid (S-THD-01), reads the C structures through `api::ddl`, and leaves
//! every rule to the engine (`engine::schema`, `engine::catalog`).
#![allow(non_snake_case)]

use super::ddl::{DdlText, IndexCreate, column_def, index_creates, index_simple, write_index_results};
use super::table::read_name;
use super::{Outcome, Utf8, Utf16, guard, put};
use crate::abi::consts::*;
use crate::abi::*;
use crate::engine::catalog::name::to_cp1252;
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::session::{self, Stop};
use crate::engine::trace;
use core::ffi::c_void;
use std::fmt::Write as _;

/// Whether every character of a W name has a Windows-1252 form: ESE's W functions convert DDL
/// names to code page 1252 before the session is entered and fail with `JET_errInvalidName`
/// there (data-ddl §1.1 step 2, §1.3). A names are taken as given and checked at the engine's
/// step.
fn check_w_name<E: DdlText>(name: &str) -> Outcome {
    if !E::WIDE || name.chars().all(|c| to_cp1252(c).is_some()) { Ok(()) } else { fail(JET_errInvalidName) }
}

/// A W name converted as ESE converts it before the session is entered; its error (-1002) is
/// kept for the step after the entry checks, where the table shims report it too.
///
/// # Safety
/// `p` is NULL or NUL-terminated.
unsafe fn convert_early<E: DdlText>(p: *const E::Unit) -> Outcome {
    if E::WIDE && !p.is_null() {
        // SAFETY: non-NULL and NUL-terminated by the caller's contract.
        let (name, _) = unsafe { E::name(p) }?;
        check_w_name::<E>(&name)
    } else {
        Ok(())
    }
}

/// A name argument ([`read_name`]) with the W conversion's check.
///
/// # Safety
/// `p` is NULL or NUL-terminated.
unsafe fn ddl_name<E: DdlText>(p: *const E::Unit) -> JetResult<Option<String>> {
    // SAFETY: the caller's contract.
    let name = unsafe { read_name::<E>(p) }?;
    if let Some(n) = &name {
        check_w_name::<E>(n)?;
    }
    Ok(name)
}

/// The bytes of a default value: NULL or 0 bytes → `None` (the engine's -1116).
///
/// # Safety
/// `pv` is NULL or points to `cb` readable bytes.
unsafe fn value<'a>(pv: *const c_void, cb: u32) -> Option<&'a [u8]> {
    if pv.is_null() || cb == 0 {
        None
    } else {
        // SAFETY: `cb` readable bytes at pv, by the caller's contract; only read during the call.
        Some(unsafe { std::slice::from_raw_parts(pv as *const u8, cb as usize) })
    }
}

/// # Safety
/// `name` is NULL or NUL-terminated; `pcolumndef` NULL or a JET_COLUMNDEF; `pv` NULL or `cb`
/// readable bytes; `pcolumnid` NULL or valid for a write.
unsafe fn add_column<E: DdlText>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: *const E::Unit,
    pcolumndef: *const JET_COLUMNDEF,
    pv: *const c_void,
    cb: u32,
    pcolumnid: *mut JET_COLUMNID,
) -> Outcome {
    super::check_sesid(sesid)?;
    let (mut s, c) = session::enter_table(sesid as u64, tableid as u64, Stop::Blocks)?;
    // SAFETY: the caller's contract.
    unsafe { convert_early::<E>(name) }?;
    // The struct's own checks (step 4), reported before the name's and the default's.
    let grbit = if pcolumndef.is_null() {
        fail(JET_errInvalidParameter)
    } else {
        // SAFETY: non-NULL; a JET_COLUMNDEF by the caller's contract.
        let def = unsafe { pcolumndef.read_unaligned() };
        if (def.cbStruct as usize) < size_of::<JET_COLUMNDEF>() {
            fail(JET_errInvalidParameter)
        } else {
            Ok(def.grbit)
        }
    };
    // SAFETY: the caller's contract.
    let spec = unsafe { column_def::<E>(pcolumndef, name, pv, cb) };
    match s.add_column(c, grbit, spec) {
        Ok((id, warning)) => {
            // SAFETY: NULL (skipped) or valid for a write.
            unsafe { put(pcolumnid, id) };
            trace::wrote(|w| {
                let _ = write!(w, "columnid={id:#x}");
            });
            if warning != 0 { Err(JetError(warning)) } else { Ok(()) }
        }
        Err(e) => {
            if let Some(id) = e.columnid {
                // SAFETY: as above.
                unsafe { put(pcolumnid, id) };
            }
            Err(e.err)
        }
    }
}

/// Adds a column to the table of cursor `tableid` (data-ddl §6.2). `pcolumndef` gives its type
/// (`coltyp`), `cbMax`, code page and `JET_bitColumn*` grbit (its `columnid`, `wCountry`,
/// `langid`, `wCollate` are ignored); `pvDefault`/`cbDefault` its default (NULL or 0 bytes: none;
/// with `JET_bitColumnUserDefinedDefault`, a JET_USERDEFINEDDEFAULT). Column ids are assigned
/// as ESE assigns them (fixed 1-127, variable 128-255, tagged 256+, never given again).
/// `*pcolumnid` (optional) receives the new id; as in ESE it is also written when the call fails
/// after the id was given (a second Version or Autoincrement column, a default the record
/// cannot take). Inside a transaction a rollback of the level removes the column.
///
/// Returns 0, `JET_wrnColumnMaxTruncated` (+1512: a Binary/Text `cbMax` above 255 was cut to
/// 255), or: `JET_errInvalidSesid`, `JET_errInvalidTableId`, `JET_errSesidTableIdMismatch`, the
/// session-entry codes, `JET_errPermissionDenied` (cursor opened read-only, read-only
/// attachment), `JET_errTransReadOnly`, `JET_errFixedDDL`, `JET_errInvalidParameter` (NULL
/// `pcolumndef`, `cbStruct` below 28, `cbMax` above 0x7FFFFFFF, a bad user-defined default),
/// `JET_errInTransaction` (`JET_bitColumnUnversioned` inside a transaction without DenyRead),
/// `JET_errInvalidName`, `JET_errColumnDuplicate`, `JET_errInvalidColumnType`,
/// `JET_errInvalidCodePage`, `JET_errColumnCannotBeCompressed`, `JET_errColumnCannotBeEncrypted`,
/// `JET_errInvalidGrbit`, `JET_errMultiValuedColumnMustBeTagged`, `JET_errCannotBeTagged`,
/// `JET_errExclusiveTableLockRequired` (Autoincrement or EscrowUpdate without DenyRead),
/// `JET_errDefaultValueTooBig`, `JET_errTableNotEmpty`, `JET_errRecordTooBig`,
/// `JET_errTooManyColumns`, `JET_errColumnRedundant`, `JET_errInvalidBufferSize`,
/// `JET_errOutOfMemory`, `JET_errDiskFull`, `JET_errDiskIO`.
///
/// # Safety
/// `szColumnName` is NULL or NUL-terminated; `pcolumndef` NULL or a JET_COLUMNDEF; `pvDefault`
/// NULL or `cbDefault` readable bytes; `pcolumnid` NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetAddColumnA(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szColumnName: JET_PCSTR,
    pcolumndef: *const JET_COLUMNDEF,
    pvDefault: *const c_void,
    cbDefault: u32,
    pcolumnid: *mut JET_COLUMNID,
) -> JET_ERR {
    guard!(
        "JetAddColumnA",
        [
            H(sesid),
            H(tableid),
            A(szColumnName),
            Ptr(pcolumndef as usize),
            Ptr(pvDefault as usize),
            N(cbDefault as i64),
            O(pcolumnid as usize)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                add_column::<Utf8>(sesid, tableid, szColumnName, pcolumndef, pvDefault, cbDefault, pcolumnid)
            }
        }
    )
}

/// JetAddColumnA with UTF-16 names.
///
/// # Safety
/// As JetAddColumnA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetAddColumnW(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szColumnName: JET_PCWSTR,
    pcolumndef: *const JET_COLUMNDEF,
    pvDefault: *const c_void,
    cbDefault: u32,
    pcolumnid: *mut JET_COLUMNID,
) -> JET_ERR {
    guard!(
        "JetAddColumnW",
        [
            H(sesid),
            H(tableid),
            W(szColumnName),
            Ptr(pcolumndef as usize),
            Ptr(pvDefault as usize),
            N(cbDefault as i64),
            O(pcolumnid as usize)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                add_column::<Utf16>(sesid, tableid, szColumnName, pcolumndef, pvDefault, cbDefault, pcolumnid)
            }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetAddColumnA.
///
/// # Safety
/// As JetAddColumnA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetAddColumn(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szColumnName: JET_PCSTR,
    pcolumndef: *const JET_COLUMNDEF,
    pvDefault: *const c_void,
    cbDefault: u32,
    pcolumnid: *mut JET_COLUMNID,
) -> JET_ERR {
    guard!(
        "JetAddColumn",
        [
            H(sesid),
            H(tableid),
            A(szColumnName),
            Ptr(pcolumndef as usize),
            Ptr(pvDefault as usize),
            N(cbDefault as i64),
            O(pcolumnid as usize)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                add_column::<Utf8>(sesid, tableid, szColumnName, pcolumndef, pvDefault, cbDefault, pcolumnid)
            }
        }
    )
}

/// # Safety
/// `name` is NULL or NUL-terminated.
unsafe fn delete_column<E: DdlText>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: *const E::Unit,
    grbit: JET_GRBIT,
) -> Outcome {
    super::check_sesid(sesid)?;
    // SAFETY: the caller's contract.
    let name = unsafe { ddl_name::<E>(name) };
    let (mut s, c) = session::enter_table(sesid as u64, tableid as u64, Stop::Blocks)?;
    s.delete_column(c, name?.as_deref(), grbit)
}

/// Deletes a column of the table of cursor `tableid` (data-ddl §6.3): JetDeleteColumn2 with
/// grbit 0. Its id is never given again. Inside a transaction a rollback of the level brings
/// the column back.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInvalidTableId`, `JET_errSesidTableIdMismatch`,
/// the session-entry codes, `JET_errInvalidName`, `JET_errPermissionDenied` (cursor opened
/// read-only, read-only attachment), `JET_errTransReadOnly`, `JET_errFixedDDL` (any FixedDDL
/// table, PermitDDL or not), `JET_errFixedInheritedDDL` (a template's column),
/// `JET_errColumnNotFound`, `JET_errColumnInUse` (a key or conditional column of an index),
/// `JET_errDiskFull`, `JET_errDiskIO`.
///
/// # Safety
/// `szColumnName` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDeleteColumnA(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szColumnName: JET_PCSTR,
) -> JET_ERR {
    guard!("JetDeleteColumnA", [H(sesid), H(tableid), A(szColumnName)], {
        // SAFETY: as this function's contract.
        unsafe { delete_column::<Utf8>(sesid, tableid, szColumnName, 0) }
    })
}

/// JetDeleteColumnA with UTF-16 names.
///
/// # Safety
/// As JetDeleteColumnA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDeleteColumnW(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szColumnName: JET_PCWSTR,
) -> JET_ERR {
    guard!("JetDeleteColumnW", [H(sesid), H(tableid), W(szColumnName)], {
        // SAFETY: as this function's contract.
        unsafe { delete_column::<Utf16>(sesid, tableid, szColumnName, 0) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetDeleteColumnA.
///
/// # Safety
/// As JetDeleteColumnA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDeleteColumn(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szColumnName: JET_PCSTR,
) -> JET_ERR {
    guard!("JetDeleteColumn", [H(sesid), H(tableid), A(szColumnName)], {
        // SAFETY: as this function's contract.
        unsafe { delete_column::<Utf8>(sesid, tableid, szColumnName, 0) }
    })
}

/// JetDeleteColumn with a grbit (data-ddl §6.3): `JET_bitDeleteColumnIgnoreTemplateColumns`
/// lets a derived table's call pass over a template column of the same name (which is then not
/// found here: -1507); other bits are ignored, as in ESE.
///
/// Returns the codes of JetDeleteColumnA.
///
/// # Safety
/// `szColumnName` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDeleteColumn2A(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szColumnName: JET_PCSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetDeleteColumn2A", [H(sesid), H(tableid), A(szColumnName), G(grbit, NO_BITS)], {
        // SAFETY: as this function's contract.
        unsafe { delete_column::<Utf8>(sesid, tableid, szColumnName, grbit) }
    })
}

/// JetDeleteColumn2A with UTF-16 names.
///
/// # Safety
/// As JetDeleteColumn2A.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDeleteColumn2W(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szColumnName: JET_PCWSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetDeleteColumn2W", [H(sesid), H(tableid), W(szColumnName), G(grbit, NO_BITS)], {
        // SAFETY: as this function's contract.
        unsafe { delete_column::<Utf16>(sesid, tableid, szColumnName, grbit) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetDeleteColumn2A.
///
/// # Safety
/// As JetDeleteColumn2A.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDeleteColumn2(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szColumnName: JET_PCSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetDeleteColumn2", [H(sesid), H(tableid), A(szColumnName), G(grbit, NO_BITS)], {
        // SAFETY: as this function's contract.
        unsafe { delete_column::<Utf8>(sesid, tableid, szColumnName, grbit) }
    })
}

/// # Safety
/// `old` and `new` are NULL or NUL-terminated.
unsafe fn rename_column<E: DdlText>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    old: *const E::Unit,
    new: *const E::Unit,
) -> Outcome {
    super::check_sesid(sesid)?;
    // SAFETY: the caller's contract.
    let (old, new) = unsafe { (ddl_name::<E>(old), ddl_name::<E>(new)) };
    let (mut s, c) = session::enter_table(sesid as u64, tableid as u64, Stop::Blocks)?;
    let (old, new) = (old?, new?);
    s.rename_column(c, old.as_deref(), new.as_deref())
}

/// Renames a column of the table of cursor `tableid` (data-ddl §6.4). Only outside a
/// transaction. The new name may be another spelling of the old one (other case); a name taken
/// by another column of the table or of its template is refused. `grbit` is ignored (the
/// placeholder conversion bit is private to ESE).
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInvalidTableId`, `JET_errSesidTableIdMismatch`,
/// the session-entry codes, `JET_errTransReadOnly`, `JET_errInvalidParameter` (either name
/// NULL), `JET_errInTransaction` (at level > 0), `JET_errPermissionDenied` (read-only
/// attachment), `JET_errInvalidName` (old name first), `JET_errColumnNotFound` (template columns
/// are not found), `JET_errColumnDuplicate`, `JET_errDiskFull`, `JET_errDiskIO`.
///
/// # Safety
/// `szName` and `szNameNew` are NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetRenameColumnA(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szName: JET_PCSTR,
    szNameNew: JET_PCSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetRenameColumnA", [H(sesid), H(tableid), A(szName), A(szNameNew), G(grbit, NO_BITS)], {
        // SAFETY: as this function's contract.
        unsafe {
            let _ = grbit;
            rename_column::<Utf8>(sesid, tableid, szName, szNameNew)
        }
    })
}

/// JetRenameColumnA with UTF-16 names.
///
/// # Safety
/// As JetRenameColumnA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetRenameColumnW(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szName: JET_PCWSTR,
    szNameNew: JET_PCWSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetRenameColumnW", [H(sesid), H(tableid), W(szName), W(szNameNew), G(grbit, NO_BITS)], {
        // SAFETY: as this function's contract.
        unsafe {
            let _ = grbit;
            rename_column::<Utf16>(sesid, tableid, szName, szNameNew)
        }
    })
}

/// The exported unsuffixed name, with the behaviour of JetRenameColumnA.
///
/// # Safety
/// As JetRenameColumnA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetRenameColumn(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szName: JET_PCSTR,
    szNameNew: JET_PCSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetRenameColumn", [H(sesid), H(tableid), A(szName), A(szNameNew), G(grbit, NO_BITS)], {
        // SAFETY: as this function's contract.
        unsafe {
            let _ = grbit;
            rename_column::<Utf8>(sesid, tableid, szName, szNameNew)
        }
    })
}

/// # Safety
/// `table` and `column` are NULL or NUL-terminated; `pv` NULL or `cb` readable bytes.
unsafe fn set_default<E: DdlText>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    table: *const E::Unit,
    column: *const E::Unit,
    pv: *const c_void,
    cb: u32,
) -> Outcome {
    super::check_sesid(sesid)?;
    // SAFETY: the caller's contract. W converts the table name, then the column name.
    let table = unsafe { ddl_name::<E>(table) };
    // SAFETY: as above.
    let column = unsafe { ddl_name::<E>(column) };
    let mut s = session::enter(sesid as u64, Stop::Blocks)?;
    s.check_dbid(dbid)?;
    let (table, column) = (table?, column?);
    // SAFETY: the caller's contract.
    let v = unsafe { value(pv, cb) };
    s.set_column_default(dbid, table.as_deref(), column.as_deref(), v)
}

/// Sets the default value of a column of a table in a database this session has open
/// (ErrIsamSetColumnDefaultValue, ESE's fldmod.cxx:3228-3420; data-ddl §6.1). The table is
/// taken for the change as a DenyRead open would take it: another session's cursor on it
/// refuses the change. Only the table's own columns (not a template's) and no key or
/// conditional column of an index. `grbit` is ignored, as ESE ignores it. Inside a transaction
/// a rollback of the level puts the previous default back.
///
/// Returns 0, or: `JET_errInvalidSesid`, the session-entry codes, `JET_errInvalidDatabaseId`,
/// `JET_errInvalidName` (the column name first, then the table name),
/// `JET_errNullInvalid` (NULL `pvData` or `cbData` 0: an empty default cannot be set),
/// `JET_errDefaultValueTooBig` (longer than a record, than the column's `cbMax`, or 255 bytes
/// for a Long column; an escrow column's default keeps its size), `JET_errObjectNotFound`,
/// `JET_errTableInUse` (another session has a cursor on it), `JET_errTableLocked` (another
/// session holds it with DenyRead), `JET_errColumnNotFound`, `JET_errColumnInUse`,
/// `JET_errTransReadOnly`, `JET_errPermissionDenied` (read-only attachment),
/// `JET_errInvalidBufferSize` (a fixed-size column given another size), `JET_errDiskFull`,
/// `JET_errDiskIO`.
///
/// # Safety
/// `szTableName` and `szColumnName` are NULL or NUL-terminated; `pvData` NULL or `cbData`
/// readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetColumnDefaultValueA(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCSTR,
    szColumnName: JET_PCSTR,
    pvData: *const c_void,
    cbData: u32,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetSetColumnDefaultValueA",
        [
            H(sesid),
            N(dbid as i64),
            A(szTableName),
            A(szColumnName),
            Ptr(pvData as usize),
            N(cbData as i64),
            G(grbit, NO_BITS)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                let _ = grbit;
                set_default::<Utf8>(sesid, dbid, szTableName, szColumnName, pvData, cbData)
            }
        }
    )
}

/// JetSetColumnDefaultValueA with UTF-16 names.
///
/// # Safety
/// As JetSetColumnDefaultValueA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetColumnDefaultValueW(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCWSTR,
    szColumnName: JET_PCWSTR,
    pvData: *const c_void,
    cbData: u32,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetSetColumnDefaultValueW",
        [
            H(sesid),
            N(dbid as i64),
            W(szTableName),
            W(szColumnName),
            Ptr(pvData as usize),
            N(cbData as i64),
            G(grbit, NO_BITS)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                let _ = grbit;
                set_default::<Utf16>(sesid, dbid, szTableName, szColumnName, pvData, cbData)
            }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetSetColumnDefaultValueA.
///
/// # Safety
/// As JetSetColumnDefaultValueA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetColumnDefaultValue(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCSTR,
    szColumnName: JET_PCSTR,
    pvData: *const c_void,
    cbData: u32,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetSetColumnDefaultValue",
        [
            H(sesid),
            N(dbid as i64),
            A(szTableName),
            A(szColumnName),
            Ptr(pvData as usize),
            N(cbData as i64),
            G(grbit, NO_BITS)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                let _ = grbit;
                set_default::<Utf8>(sesid, dbid, szTableName, szColumnName, pvData, cbData)
            }
        }
    )
}

/// Runs JetCreateIndex* with the indexes read (or the reader's error, reported after the entry
/// checks, before any engine check: data-ddl §7.5 step 2).
fn create_indexes(
    s: &mut session::Session,
    c: session::CursorRef,
    specs: JetResult<Vec<crate::engine::catalog::IndexSpec>>,
) -> (Outcome, Vec<i32>) {
    match specs {
        Err(e) => (Err(e), Vec::new()),
        Ok(specs) => {
            let (r, report) = s.create_indexes(c, &specs);
            (r, report.errs)
        }
    }
}

/// # Safety
/// `name` is NULL or NUL-terminated; `key` NULL or `cb_key` readable bytes.
unsafe fn create_index<E: DdlText>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: *const E::Unit,
    grbit: JET_GRBIT,
    key: *const E::Unit,
    cb_key: u32,
    density: u32,
) -> Outcome {
    super::check_sesid(sesid)?;
    let (mut s, c) = session::enter_table(sesid as u64, tableid as u64, Stop::Blocks)?;
    // SAFETY: the caller's contract.
    let spec = unsafe { index_simple::<E>(name, grbit, key, cb_key, density) };
    create_indexes(&mut s, c, spec.map(|x| vec![x])).0
}

/// # Safety
/// `p` is NULL or points to `count` elements of `T`, valid for reads and writes.
unsafe fn create_index_n<T: IndexCreate>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    p: *mut T,
    count: u32,
) -> Outcome {
    super::check_sesid(sesid)?;
    let (mut s, c) = session::enter_table(sesid as u64, tableid as u64, Stop::Blocks)?;
    // SAFETY: the caller's contract.
    let specs = unsafe { index_creates(p as *const T, count) };
    let (r, errs) = create_indexes(&mut s, c, specs);
    // SAFETY: the array just read, valid for writes by the caller's contract.
    unsafe { write_index_results(p, &errs) };
    r
}

/// Creates one index on the table of cursor `tableid` (data-ddl §7.1-7.5): `szKey`/`cbKey`
/// is the key string (`+col\0-col2\0\0`; `cbKey` counts bytes in both forms), `grbit` the
/// `JET_bitIndex*` bits, `lDensity` 0 (the table's) or 20-100. A primary index replaces the
/// sequential one and needs an empty table. Inside a transaction a rollback of the level
/// removes the index.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInvalidTableId`, `JET_errSesidTableIdMismatch`,
/// the session-entry codes, the conversion's codes (`JET_errInvalidParameter` for a NULL key
/// with a length, an empty W key, a wrong `cbStruct`, a NULL array with a count;
/// `JET_errIndexInvalidDef` for a bad W key frame; `JET_errInvalidName` for W text without a
/// Windows-1252 form; `JET_errInvalidLanguageId` for an unknown LCID or locale),
/// `JET_errInvalidParameter` (Unicode bit and `pidxunicode` disagree), `JET_errInTransaction`
/// (`JET_bitIndexUnversioned` inside a transaction without DenyRead; several indexes inside a
/// transaction), `JET_errPermissionDenied` (cursor opened read-only, read-only attachment),
/// `JET_errTransReadOnly`, `JET_errExclusiveTableLockRequired` (several indexes without
/// DenyRead), `JET_errFixedDDL`, `JET_errInvalidName`, `JET_errIndexInvalidDef` (key string,
/// key sizes, conditional columns, ...), `JET_errInvalidGrbit`, `JET_errDensityInvalid`,
/// `JET_errColumnNotFound`, `JET_errInvalidLCMapStringFlags`, the tuple codes
/// (`JET_errIndexTuples*`), `JET_errCannotIndex`, `JET_errCannotIndexOnEncryptedColumn`,
/// `JET_errIndexHasPrimary`, `JET_errTableNotEmpty`, `JET_errRecordTooBig`,
/// `JET_errIndexDuplicate`, `JET_errOutOfObjectIDs`, `JET_errDiskFull`, `JET_errDiskIO`.
///
/// # Safety
/// `szIndexName` is NULL or NUL-terminated; `szKey` NULL or `cbKey` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateIndexA(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCSTR,
    grbit: JET_GRBIT,
    szKey: *const core::ffi::c_char,
    cbKey: u32,
    lDensity: u32,
) -> JET_ERR {
    guard!(
        "JetCreateIndexA",
        [
            H(sesid),
            H(tableid),
            A(szIndexName),
            G(grbit, NO_BITS),
            Ptr(szKey as usize),
            N(cbKey as i64),
            N(lDensity as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe { create_index::<Utf8>(sesid, tableid, szIndexName, grbit, szKey, cbKey, lDensity) }
        }
    )
}

/// JetCreateIndexA with UTF-16 names.
///
/// # Safety
/// As JetCreateIndexA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateIndexW(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCWSTR,
    grbit: JET_GRBIT,
    szKey: *const WCHAR,
    cbKey: u32,
    lDensity: u32,
) -> JET_ERR {
    guard!(
        "JetCreateIndexW",
        [
            H(sesid),
            H(tableid),
            W(szIndexName),
            G(grbit, NO_BITS),
            Ptr(szKey as usize),
            N(cbKey as i64),
            N(lDensity as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe { create_index::<Utf16>(sesid, tableid, szIndexName, grbit, szKey, cbKey, lDensity) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetCreateIndexA.
///
/// # Safety
/// As JetCreateIndexA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateIndex(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCSTR,
    grbit: JET_GRBIT,
    szKey: *const core::ffi::c_char,
    cbKey: u32,
    lDensity: u32,
) -> JET_ERR {
    guard!(
        "JetCreateIndex",
        [
            H(sesid),
            H(tableid),
            A(szIndexName),
            G(grbit, NO_BITS),
            Ptr(szKey as usize),
            N(cbKey as i64),
            N(lDensity as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe { create_index::<Utf8>(sesid, tableid, szIndexName, grbit, szKey, cbKey, lDensity) }
        }
    )
}

/// Creates `cIndexCreate` indexes, each a JET_INDEXCREATE (`cbStruct` 80, or 72 without `cbKeyMost`), walked by
/// each element's `cbStruct` (data-ddl §7.2, §7.5). No index: success, nothing done. One index
/// behaves as JetCreateIndex; several need level 0 and a DenyRead cursor, accept no Primary,
/// Unversioned or Empty index (`JET_errInvalidGrbit`), and are created all or none. Each
/// element the engine reached gets its `err` (0 or the code that stopped it) unless it has
/// `JET_bitIndexImmutableStructure`; a conversion error writes none.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInvalidTableId`, `JET_errSesidTableIdMismatch`,
/// the session-entry codes, the conversion's codes (`JET_errInvalidParameter` for a NULL key
/// with a length, an empty W key, a wrong `cbStruct`, a NULL array with a count;
/// `JET_errIndexInvalidDef` for a bad W key frame; `JET_errInvalidName` for W text without a
/// Windows-1252 form; `JET_errInvalidLanguageId` for an unknown LCID or locale),
/// `JET_errInvalidParameter` (Unicode bit and `pidxunicode` disagree), `JET_errInTransaction`
/// (`JET_bitIndexUnversioned` inside a transaction without DenyRead; several indexes inside a
/// transaction), `JET_errPermissionDenied` (cursor opened read-only, read-only attachment),
/// `JET_errTransReadOnly`, `JET_errExclusiveTableLockRequired` (several indexes without
/// DenyRead), `JET_errFixedDDL`, `JET_errInvalidName`, `JET_errIndexInvalidDef` (key string,
/// key sizes, conditional columns, ...), `JET_errInvalidGrbit`, `JET_errDensityInvalid`,
/// `JET_errColumnNotFound`, `JET_errInvalidLCMapStringFlags`, the tuple codes
/// (`JET_errIndexTuples*`), `JET_errCannotIndex`, `JET_errCannotIndexOnEncryptedColumn`,
/// `JET_errIndexHasPrimary`, `JET_errTableNotEmpty`, `JET_errRecordTooBig`,
/// `JET_errIndexDuplicate`, `JET_errOutOfObjectIDs`, `JET_errDiskFull`, `JET_errDiskIO`.
///
/// # Safety
/// `pindexcreate` is NULL or points to `cIndexCreate` elements valid for reads and writes,
/// whose pointers are NULL or valid as the C API describes them.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateIndex2A(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pindexcreate: *mut JET_INDEXCREATE_A,
    cIndexCreate: u32,
) -> JET_ERR {
    guard!("JetCreateIndex2A", [H(sesid), H(tableid), Ptr(pindexcreate as usize), N(cIndexCreate as i64)], {
        // SAFETY: as this function's contract.
        unsafe { create_index_n(sesid, tableid, pindexcreate, cIndexCreate) }
    })
}

/// JetCreateIndex2A with UTF-16 names.
///
/// # Safety
/// As JetCreateIndex2A.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateIndex2W(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pindexcreate: *mut JET_INDEXCREATE_W,
    cIndexCreate: u32,
) -> JET_ERR {
    guard!("JetCreateIndex2W", [H(sesid), H(tableid), Ptr(pindexcreate as usize), N(cIndexCreate as i64)], {
        // SAFETY: as this function's contract.
        unsafe { create_index_n(sesid, tableid, pindexcreate, cIndexCreate) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetCreateIndex2A.
///
/// # Safety
/// As JetCreateIndex2A.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateIndex2(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pindexcreate: *mut JET_INDEXCREATE_A,
    cIndexCreate: u32,
) -> JET_ERR {
    guard!("JetCreateIndex2", [H(sesid), H(tableid), Ptr(pindexcreate as usize), N(cIndexCreate as i64)], {
        // SAFETY: as this function's contract.
        unsafe { create_index_n(sesid, tableid, pindexcreate, cIndexCreate) }
    })
}

/// Creates `cIndexCreate` indexes, each a JET_INDEXCREATE2 (`cbStruct` 88, with space hints), walked by
/// each element's `cbStruct` (data-ddl §7.2, §7.5). No index: success, nothing done. One index
/// behaves as JetCreateIndex; several need level 0 and a DenyRead cursor, accept no Primary,
/// Unversioned or Empty index (`JET_errInvalidGrbit`), and are created all or none. Each
/// element the engine reached gets its `err` (0 or the code that stopped it) unless it has
/// `JET_bitIndexImmutableStructure`; a conversion error writes none.
/// Windows exports no unsuffixed name for it; the header's macro gives one (data-ddl §1.4).
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInvalidTableId`, `JET_errSesidTableIdMismatch`,
/// the session-entry codes, the conversion's codes (`JET_errInvalidParameter` for a NULL key
/// with a length, an empty W key, a wrong `cbStruct`, a NULL array with a count;
/// `JET_errIndexInvalidDef` for a bad W key frame; `JET_errInvalidName` for W text without a
/// Windows-1252 form; `JET_errInvalidLanguageId` for an unknown LCID or locale),
/// `JET_errInvalidParameter` (Unicode bit and `pidxunicode` disagree), `JET_errInTransaction`
/// (`JET_bitIndexUnversioned` inside a transaction without DenyRead; several indexes inside a
/// transaction), `JET_errPermissionDenied` (cursor opened read-only, read-only attachment),
/// `JET_errTransReadOnly`, `JET_errExclusiveTableLockRequired` (several indexes without
/// DenyRead), `JET_errFixedDDL`, `JET_errInvalidName`, `JET_errIndexInvalidDef` (key string,
/// key sizes, conditional columns, ...), `JET_errInvalidGrbit`, `JET_errDensityInvalid`,
/// `JET_errColumnNotFound`, `JET_errInvalidLCMapStringFlags`, the tuple codes
/// (`JET_errIndexTuples*`), `JET_errCannotIndex`, `JET_errCannotIndexOnEncryptedColumn`,
/// `JET_errIndexHasPrimary`, `JET_errTableNotEmpty`, `JET_errRecordTooBig`,
/// `JET_errIndexDuplicate`, `JET_errOutOfObjectIDs`, `JET_errDiskFull`, `JET_errDiskIO`.
///
/// # Safety
/// `pindexcreate` is NULL or points to `cIndexCreate` elements valid for reads and writes,
/// whose pointers are NULL or valid as the C API describes them.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateIndex3A(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pindexcreate: *mut JET_INDEXCREATE2_A,
    cIndexCreate: u32,
) -> JET_ERR {
    guard!("JetCreateIndex3A", [H(sesid), H(tableid), Ptr(pindexcreate as usize), N(cIndexCreate as i64)], {
        // SAFETY: as this function's contract.
        unsafe { create_index_n(sesid, tableid, pindexcreate, cIndexCreate) }
    })
}

/// JetCreateIndex3A with UTF-16 names.
///
/// # Safety
/// As JetCreateIndex3A.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateIndex3W(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pindexcreate: *mut JET_INDEXCREATE2_W,
    cIndexCreate: u32,
) -> JET_ERR {
    guard!("JetCreateIndex3W", [H(sesid), H(tableid), Ptr(pindexcreate as usize), N(cIndexCreate as i64)], {
        // SAFETY: as this function's contract.
        unsafe { create_index_n(sesid, tableid, pindexcreate, cIndexCreate) }
    })
}

/// Creates `cIndexCreate` indexes, each a JET_INDEXCREATE3 (`cbStruct` 88, with a locale name), walked by
/// each element's `cbStruct` (data-ddl §7.2, §7.5). No index: success, nothing done. One index
/// behaves as JetCreateIndex; several need level 0 and a DenyRead cursor, accept no Primary,
/// Unversioned or Empty index (`JET_errInvalidGrbit`), and are created all or none. Each
/// element the engine reached gets its `err` (0 or the code that stopped it) unless it has
/// `JET_bitIndexImmutableStructure`; a conversion error writes none.
/// Windows exports no unsuffixed name for it; the header's macro gives one (data-ddl §1.4).
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInvalidTableId`, `JET_errSesidTableIdMismatch`,
/// the session-entry codes, the conversion's codes (`JET_errInvalidParameter` for a NULL key
/// with a length, an empty W key, a wrong `cbStruct`, a NULL array with a count;
/// `JET_errIndexInvalidDef` for a bad W key frame; `JET_errInvalidName` for W text without a
/// Windows-1252 form; `JET_errInvalidLanguageId` for an unknown LCID or locale),
/// `JET_errInvalidParameter` (Unicode bit and `pidxunicode` disagree), `JET_errInTransaction`
/// (`JET_bitIndexUnversioned` inside a transaction without DenyRead; several indexes inside a
/// transaction), `JET_errPermissionDenied` (cursor opened read-only, read-only attachment),
/// `JET_errTransReadOnly`, `JET_errExclusiveTableLockRequired` (several indexes without
/// DenyRead), `JET_errFixedDDL`, `JET_errInvalidName`, `JET_errIndexInvalidDef` (key string,
/// key sizes, conditional columns, ...), `JET_errInvalidGrbit`, `JET_errDensityInvalid`,
/// `JET_errColumnNotFound`, `JET_errInvalidLCMapStringFlags`, the tuple codes
/// (`JET_errIndexTuples*`), `JET_errCannotIndex`, `JET_errCannotIndexOnEncryptedColumn`,
/// `JET_errIndexHasPrimary`, `JET_errTableNotEmpty`, `JET_errRecordTooBig`,
/// `JET_errIndexDuplicate`, `JET_errOutOfObjectIDs`, `JET_errDiskFull`, `JET_errDiskIO`.
///
/// # Safety
/// `pindexcreate` is NULL or points to `cIndexCreate` elements valid for reads and writes,
/// whose pointers are NULL or valid as the C API describes them.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateIndex4A(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pindexcreate: *mut JET_INDEXCREATE3_A,
    cIndexCreate: u32,
) -> JET_ERR {
    guard!("JetCreateIndex4A", [H(sesid), H(tableid), Ptr(pindexcreate as usize), N(cIndexCreate as i64)], {
        // SAFETY: as this function's contract.
        unsafe { create_index_n(sesid, tableid, pindexcreate, cIndexCreate) }
    })
}

/// JetCreateIndex4A with UTF-16 names.
///
/// # Safety
/// As JetCreateIndex4A.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateIndex4W(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pindexcreate: *mut JET_INDEXCREATE3_W,
    cIndexCreate: u32,
) -> JET_ERR {
    guard!("JetCreateIndex4W", [H(sesid), H(tableid), Ptr(pindexcreate as usize), N(cIndexCreate as i64)], {
        // SAFETY: as this function's contract.
        unsafe { create_index_n(sesid, tableid, pindexcreate, cIndexCreate) }
    })
}

/// # Safety
/// `name` is NULL or NUL-terminated.
unsafe fn delete_index<E: DdlText>(sesid: JET_SESID, tableid: JET_TABLEID, name: *const E::Unit) -> Outcome {
    super::check_sesid(sesid)?;
    // SAFETY: the caller's contract.
    let name = unsafe { ddl_name::<E>(name) };
    let (mut s, c) = session::enter_table(sesid as u64, tableid as u64, Stop::Blocks)?;
    s.delete_index(c, name?.as_deref())
}

/// Deletes a secondary index of the table of cursor `tableid` (data-ddl §7.6). Inside a
/// transaction a rollback of the level brings it back.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInvalidTableId`, `JET_errSesidTableIdMismatch`,
/// the session-entry codes, `JET_errInvalidName`, `JET_errPermissionDenied` (cursor opened
/// read-only, read-only attachment), `JET_errTransReadOnly`, `JET_errFixedDDL` (any FixedDDL
/// table), `JET_errFixedInheritedDDL` (an index a derived table inherited),
/// `JET_errIndexNotFound`, `JET_errIndexMustStay` (the primary index), `JET_errDiskFull`,
/// `JET_errDiskIO`.
///
/// # Safety
/// `szIndexName` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDeleteIndexA(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCSTR,
) -> JET_ERR {
    guard!("JetDeleteIndexA", [H(sesid), H(tableid), A(szIndexName)], {
        // SAFETY: as this function's contract.
        unsafe { delete_index::<Utf8>(sesid, tableid, szIndexName) }
    })
}

/// JetDeleteIndexA with UTF-16 names.
///
/// # Safety
/// As JetDeleteIndexA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDeleteIndexW(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCWSTR,
) -> JET_ERR {
    guard!("JetDeleteIndexW", [H(sesid), H(tableid), W(szIndexName)], {
        // SAFETY: as this function's contract.
        unsafe { delete_index::<Utf16>(sesid, tableid, szIndexName) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetDeleteIndexA.
///
/// # Safety
/// As JetDeleteIndexA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDeleteIndex(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCSTR,
) -> JET_ERR {
    guard!("JetDeleteIndex", [H(sesid), H(tableid), A(szIndexName)], {
        // SAFETY: as this function's contract.
        unsafe { delete_index::<Utf8>(sesid, tableid, szIndexName) }
    })
}
