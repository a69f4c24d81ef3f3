//! Catalog information (data-ddl §8.2-§8.5): JetGetTableInfo, JetGetColumnInfo, JetGetIndexInfo,
//! JetGetTableColumnInfo, JetGetTableIndexInfo, JetGetObjectInfo, struct- and number-valued levels.
//!
//! The levels that return a temporary table: `JET_ObjInfoList` and `JET_ObjInfoListNoStats` fill
//! their JET_OBJECTLIST, `JET_ColInfoList`, `JET_ColInfoListCompact` and
//! `JET_ColInfoListSortColumnid` their JET_COLUMNLIST, `JET_IdxInfo` and `JET_IdxInfoList`
//! their JET_INDEXLIST (data-ddl §8.1). Statistics (`cRecord`, `cPage`) are 0, and the
//! space levels are derived from the catalog (see `engine::info`).
#![allow(non_snake_case)]

use super::{Encoding, Fit, Outcome, Utf8, Utf16, get, guard, non_null, write_str};
use crate::abi::consts::*;
use crate::abi::*;
use crate::engine::error::{JetResult, fail};
use crate::engine::info::IndexInfo;
use crate::engine::info::{
    COLINFO_FLAGS, COUNTRY_DEFAULT, ColumnArg, ColumnInfo, Info, LANGID_DEFAULT, TableArg,
};
use crate::engine::session::{self, Stop};
use crate::engine::trace;
use core::ffi::c_void;
use std::fmt::Write as _;

use super::table::read_name;

/// Copies a name into a fixed array of code units, NUL-terminated (names are at most 64
/// characters, so they fit the 256-unit arrays of JET_COLUMNBASE).
fn fill<E: Encoding>(dst: &mut [E::Unit], s: &str) {
    let n = E::len(s).min(dst.len() - 1);
    for (d, u) in dst.iter_mut().zip(E::units(s).take(n)) {
        *d = u;
    }
    dst[n] = E::NUL;
}

fn column_def(c: &ColumnInfo) -> JET_COLUMNDEF {
    JET_COLUMNDEF {
        cbStruct: size_of::<JET_COLUMNDEF>() as u32,
        columnid: c.columnid,
        coltyp: c.coltyp,
        wCountry: COUNTRY_DEFAULT,
        langid: LANGID_DEFAULT,
        cp: c.cp,
        wCollate: 0,
        cbMax: c.cb_max,
        grbit: c.grbit,
    }
}

/// Writes `v` at the start of the caller's buffer.
///
/// # Safety
/// `pv` is non-NULL and valid for writes of `size_of::<T>()` bytes.
unsafe fn emit<T>(pv: *mut c_void, v: T) {
    // SAFETY: as this function's contract; unaligned writes are tolerated.
    unsafe { (pv as *mut T).write_unaligned(v) }
}

/// Writes an answer the engine checked against `cb_max` into the caller's buffer.
///
/// # Safety
/// `pv` is NULL or valid for writes of `cb_max` bytes.
unsafe fn write_info<E: Encoding>(info: Info, pv: *mut c_void, cb_max: u32) -> Outcome {
    non_null(pv)?;
    match &info {
        Info::List(l) => {
            // The members the list sets, each at its place: cbStruct, tableid, cRecord, then the
            // column ids (padding, and members past the ids given, are left alone).
            let put_at = |at: usize, b: &[u8]| {
                // SAFETY: the engine checked cb_max against the struct's size, which covers
                // every member written here.
                unsafe { std::ptr::copy_nonoverlapping(b.as_ptr(), (pv as *mut u8).add(at), b.len()) }
            };
            put_at(0, &l.cb_struct.to_ne_bytes());
            put_at(8, &(l.tableid as JET_TABLEID).to_ne_bytes());
            put_at(16, &l.count.to_ne_bytes());
            for (i, id) in l.columnids.iter().enumerate() {
                put_at(20 + 4 * i, &id.to_ne_bytes());
            }
        }
        Info::U32s(vs) => {
            for (i, v) in vs.iter().enumerate() {
                // SAFETY: the engine checked cb_max >= 4 * vs.len().
                unsafe { emit((pv as *mut u32).add(i) as *mut c_void, *v) };
            }
        }
        // SAFETY: the engine checked cb_max >= 2.
        Info::U16(v) => unsafe { emit(pv, *v) },
        Info::Text(s) => {
            // SAFETY: pv is valid for cb_max bytes.
            unsafe { write_str::<E>(pv as *mut E::Unit, cb_max, s, Fit::Exact) }?
        }
        Info::WideText(s) => {
            // SAFETY: pv is valid for cb_max bytes.
            unsafe { write_str::<Utf16>(pv as *mut WCHAR, cb_max, s, Fit::Exact) }?
        }
        Info::Object(o) => {
            let v = JET_OBJECTINFO {
                cbStruct: size_of::<JET_OBJECTINFO>() as u32,
                objtyp: JET_objtypTable,
                dtCreate: 0.0,
                dtUpdate: 0.0,
                grbit: o.grbit,
                flags: o.flags,
                cRecord: o.records,
                cPage: o.pages,
            };
            // SAFETY: the engine checked cb_max >= 40.
            unsafe { emit(pv, v) }
        }
        // SAFETY: the engine checked cb_max >= 28.
        Info::Column(c) => unsafe { emit(pv, column_def(c)) },
        Info::ColumnBase(c) => {
            let d = column_def(c);
            if size_of::<E::Unit>() == 1 {
                let mut b = JET_COLUMNBASE_A {
                    cbStruct: size_of::<JET_COLUMNBASE_A>() as u32,
                    columnid: d.columnid,
                    coltyp: d.coltyp,
                    wCountry: d.wCountry,
                    langid: d.langid,
                    cp: d.cp,
                    wFiller: 0,
                    cbMax: d.cbMax,
                    grbit: d.grbit,
                    szBaseTableName: [0; 256],
                    szBaseColumnName: [0; 256],
                };
                fill::<Utf8>(&mut b.szBaseTableName, &c.base_table);
                fill::<Utf8>(&mut b.szBaseColumnName, &c.name);
                // SAFETY: the engine checked cb_max >= 540 for an A function.
                unsafe { emit(pv, b) }
            } else {
                let mut b = JET_COLUMNBASE_W {
                    cbStruct: size_of::<JET_COLUMNBASE_W>() as u32,
                    columnid: d.columnid,
                    coltyp: d.coltyp,
                    wCountry: d.wCountry,
                    langid: d.langid,
                    cp: d.cp,
                    wFiller: 0,
                    cbMax: d.cbMax,
                    grbit: d.grbit,
                    szBaseTableName: [0; 256],
                    szBaseColumnName: [0; 256],
                };
                fill::<Utf16>(&mut b.szBaseTableName, &c.base_table);
                fill::<Utf16>(&mut b.szBaseColumnName, &c.name);
                // SAFETY: the engine checked cb_max >= 1052 for a W function.
                unsafe { emit(pv, b) }
            }
        }
        Info::IndexId(b) => {
            let v = JET_INDEXID { cbStruct: size_of::<JET_INDEXID>() as u32, rgbIndexId: *b };
            // SAFETY: the engine checked cb_max >= 20.
            unsafe { emit(pv, v) }
        }
    }
    trace::wrote(|w| {
        let _ = write!(w, "out={info:?}");
    });
    Ok(())
}

/// # Safety
/// `pv` is NULL or valid for writes of `cb_max` bytes.
unsafe fn table_info<E: Encoding>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pv: *mut c_void,
    cb_max: u32,
    level: u32,
) -> Outcome {
    let (mut s, c) = session::enter_table(sesid as u64, tableid as u64, Stop::Blocks)?;
    let info = s.table_info(c, level, cb_max, size_of::<E::Unit>())?;
    // SAFETY: as this function's contract.
    unsafe { write_info::<E>(info, pv, cb_max) }
}

/// The column a JetGetColumnInfo-family call names: for the ByColid levels the pointer is a
/// `JET_COLUMNID *` (data-ddl §8.3), otherwise a name.
///
/// # Safety
/// `p` is NULL, or a `JET_COLUMNID *` for the ByColid levels, or NUL-terminated otherwise.
unsafe fn read_column<E: Encoding>(p: *const E::Unit, level: u32) -> JetResult<Col> {
    match level & !COLINFO_FLAGS {
        JET_ColInfoByColid | JET_ColInfoBaseByColid => {
            // SAFETY: NULL or a JET_COLUMNID *, as this function's contract.
            Ok(Col::Id(unsafe { get(p as *const JET_COLUMNID) }))
        }
        // SAFETY: NULL or NUL-terminated, as this function's contract.
        _ => Ok(Col::Name(unsafe { read_name::<E>(p) }?)),
    }
}

enum Col {
    Name(Option<String>),
    Id(Option<u32>),
}

impl Col {
    fn arg(&self) -> ColumnArg<'_> {
        match self {
            Col::Name(n) => ColumnArg::Name(n.as_deref()),
            Col::Id(i) => ColumnArg::Id(*i),
        }
    }
}

/// # Safety
/// As JetGetColumnInfoA.
unsafe fn column_info<E: Encoding>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    table: *const E::Unit,
    column: *const E::Unit,
    pv: *mut c_void,
    cb_max: u32,
    level: u32,
) -> Outcome {
    super::check_sesid(sesid)?;
    // SAFETY: the caller's contract.
    let table = unsafe { read_name::<E>(table) }?;
    // SAFETY: the caller's contract.
    let column = unsafe { read_column::<E>(column, level) }?;
    let mut s = session::enter(sesid as u64, Stop::Blocks)?;
    s.check_dbid(dbid)?;
    let wide = size_of::<E::Unit>() == 2;
    let t = TableArg::Named { dbid, name: table.as_deref() };
    let info = s.column_info(t, column.arg(), cb_max, level, wide, !pv.is_null())?;
    // SAFETY: as this function's contract.
    unsafe { write_info::<E>(info, pv, cb_max) }
}

/// # Safety
/// As JetGetTableColumnInfoA.
unsafe fn table_column_info<E: Encoding>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    column: *const E::Unit,
    pv: *mut c_void,
    cb_max: u32,
    level: u32,
) -> Outcome {
    super::check_sesid(sesid)?;
    // SAFETY: the caller's contract.
    let column = unsafe { read_column::<E>(column, level) }?;
    let (mut s, c) = session::enter_table(sesid as u64, tableid as u64, Stop::Blocks)?;
    let wide = size_of::<E::Unit>() == 2;
    let info = s.column_info(TableArg::Cursor(c), column.arg(), cb_max, level, wide, !pv.is_null())?;
    // SAFETY: as this function's contract.
    unsafe { write_info::<E>(info, pv, cb_max) }
}

/// # Safety
/// As JetGetObjectInfoA.
#[allow(clippy::too_many_arguments)]
unsafe fn object_info<E: Encoding>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    objtyp: JET_OBJTYP,
    container: *const E::Unit,
    object: *const E::Unit,
    pv: *mut c_void,
    cb_max: u32,
    level: u32,
) -> Outcome {
    super::check_sesid(sesid)?;
    // SAFETY: the caller's contract.
    let container = unsafe { read_name::<E>(container) }?;
    // SAFETY: the caller's contract.
    let object = unsafe { read_name::<E>(object) }?;
    let mut s = session::enter(sesid as u64, Stop::Blocks)?;
    let wide = size_of::<E::Unit>() == 2;
    let info = s.object_info(
        dbid,
        objtyp,
        container.as_deref(),
        object.as_deref(),
        cb_max,
        level,
        wide,
        !pv.is_null(),
    )?;
    // SAFETY: as this function's contract.
    unsafe { write_info::<E>(info, pv, cb_max) }
}

/// Describes the table of a cursor (data-ddl §8.2). By `InfoLevel`, with the smallest `cbMax`:
/// `JET_TblInfo` (40: JET_OBJECTINFO; `objtyp` Table, `flags` the catalog's JET_bitObject*
/// flags, `grbit` Bookmark | Rollback, plus Updatable when the cursor is, `cRecord`/`cPage` 0),
/// `JET_TblInfoName` (the name and its NUL; W: UTF-16, `cbMax` in bytes),
/// `JET_TblInfoTemplateTableName` (65 code units: the template's name or ""), `JET_TblInfoDbid`
/// (4), `JET_TblInfoSpaceAlloc` (8: initial pages, density), `JET_TblInfoSpaceUsage` (8: owned,
/// available pages), `JET_TblInfoSpaceOwned` (4), `JET_TblInfoSpaceAvailable` (exactly 4),
/// `JET_TblInfoSpaceOwnedLV` / `JET_TblInfoSpaceAvailableLV` (4: the LV tree's pages). A table
/// owns its initial size (at least 1 page), all but its root page available; its LV tree owns 1
/// page once it exists.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInvalidTableId`, `JET_errSesidTableIdMismatch`,
/// the session-entry codes, `JET_errBufferTooSmall` (`cbMax` below the level's size),
/// `JET_errInvalidBufferSize` (`JET_TblInfoSpaceAvailable` with `cbMax` not 4),
/// `JET_errInvalidParameter` (NULL `pvResult`), `JET_errFeatureNotAvailable` (any other level).
///
/// # Safety
/// `pvResult` is NULL or valid for writes of `cbMax` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetTableInfoA(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pvResult: *mut c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetTableInfoA",
        [H(sesid), H(tableid), O(pvResult as usize), N(cbMax as i64), N(InfoLevel as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe { table_info::<Utf8>(sesid, tableid, pvResult, cbMax, InfoLevel) }
        }
    )
}

/// JetGetTableInfoA with UTF-16 text.
///
/// # Safety
/// As JetGetTableInfoA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetTableInfoW(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pvResult: *mut c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetTableInfoW",
        [H(sesid), H(tableid), O(pvResult as usize), N(cbMax as i64), N(InfoLevel as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe { table_info::<Utf16>(sesid, tableid, pvResult, cbMax, InfoLevel) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetGetTableInfoA.
///
/// # Safety
/// As JetGetTableInfoA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetTableInfo(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pvResult: *mut c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetTableInfo",
        [H(sesid), H(tableid), O(pvResult as usize), N(cbMax as i64), N(InfoLevel as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe { table_info::<Utf8>(sesid, tableid, pvResult, cbMax, InfoLevel) }
        }
    )
}

/// Describes one column of a table named in a database this session has open (data-ddl §8.3).
/// `InfoLevel` is a level with JET_ColInfoGrbit* flags in its top four bits (accepted; they
/// change only list levels). `JET_ColInfo` (`cbMax` >= 28: JET_COLUMNDEF of the column named by
/// `pColumnNameOrId`), `JET_ColInfoByColid` (28: `pColumnNameOrId` is a `JET_COLUMNID *`),
/// `JET_ColInfoBase` / `JET_ColInfoBaseByColid` (540 for A, 1052 for W: JET_COLUMNBASE_A / _W,
/// whose base table is the template for an inherited column). The JET_COLUMNDEF has `wCountry`
/// 1, `langid` 0x409, `wCollate` 0, and `grbit` Fixed or Tagged (neither: variable) with the
/// column's stored bits; never `JET_bitColumnUpdatable` (the table is opened read-only for the
/// call). The list levels (`JET_ColInfoList`, `JET_ColInfoListCompact`,
/// `JET_ColInfoListSortColumnid`, `cbMax` >= 80) fill a JET_COLUMNLIST: a temporary table of
/// every column (the template's too, unless `JET_ColInfoGrbitNonDerivedColumnsOnly`), sorted by
/// name (by column id with `JET_ColInfoGrbitSortByColumnid` or the SortColumnid level), on its
/// first row, which the caller closes with JetCloseTable; `JET_ColInfoGrbitMinimalInfo` sets only
/// names and ids (data-ddl §8.1). The column name argument does not filter it.
///
/// Returns 0, or: `JET_errInvalidSesid`, the session-entry codes, `JET_errInvalidName` (a table
/// or column name that is not valid, or not valid text), `JET_errInvalidDatabaseId`,
/// `JET_errBufferTooSmall`, `JET_errFeatureNotAvailable` (`JET_ColInfoSysTabCursor`),
/// `JET_errInvalidParameter` (another level, NULL table name, NULL `pvResult`, NULL
/// column id pointer), `JET_errObjectNotFound` (no such table), `JET_errColumnNotFound` (no such
/// column, or a NULL or empty name).
///
/// # Safety
/// `szTableName` is NULL or NUL-terminated; `pColumnNameOrId` is NULL, a `JET_COLUMNID *` for
/// the ByColid levels, else NUL-terminated; `pvResult` is NULL or valid for `cbMax` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetColumnInfoA(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCSTR,
    pColumnNameOrId: JET_PCSTR,
    pvResult: *mut c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetColumnInfoA",
        [
            H(sesid),
            N(dbid as i64),
            A(szTableName),
            O(pColumnNameOrId as usize),
            O(pvResult as usize),
            N(cbMax as i64),
            N(InfoLevel as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                column_info::<Utf8>(sesid, dbid, szTableName, pColumnNameOrId, pvResult, cbMax, InfoLevel)
            }
        }
    )
}

/// JetGetColumnInfoA with UTF-16 names.
///
/// # Safety
/// As JetGetColumnInfoA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetColumnInfoW(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCWSTR,
    pwColumnNameOrId: JET_PCWSTR,
    pvResult: *mut c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetColumnInfoW",
        [
            H(sesid),
            N(dbid as i64),
            W(szTableName),
            O(pwColumnNameOrId as usize),
            O(pvResult as usize),
            N(cbMax as i64),
            N(InfoLevel as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                column_info::<Utf16>(sesid, dbid, szTableName, pwColumnNameOrId, pvResult, cbMax, InfoLevel)
            }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetGetColumnInfoA.
///
/// # Safety
/// As JetGetColumnInfoA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetColumnInfo(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCSTR,
    pColumnNameOrId: JET_PCSTR,
    pvResult: *mut c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetColumnInfo",
        [
            H(sesid),
            N(dbid as i64),
            A(szTableName),
            O(pColumnNameOrId as usize),
            O(pvResult as usize),
            N(cbMax as i64),
            N(InfoLevel as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                column_info::<Utf8>(sesid, dbid, szTableName, pColumnNameOrId, pvResult, cbMax, InfoLevel)
            }
        }
    )
}

/// JetGetColumnInfoA for the table of a cursor (data-ddl §8.3): the same levels, sizes and
/// results, and `grbit` includes `JET_bitColumnUpdatable` when the cursor may update.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInvalidTableId`, `JET_errSesidTableIdMismatch`,
/// the session-entry codes, `JET_errInvalidName`, `JET_errBufferTooSmall`,
/// `JET_errFeatureNotAvailable` (`JET_ColInfoSysTabCursor`),
/// `JET_errInvalidParameter` (another level, NULL `pvResult`, NULL column id pointer),
/// `JET_errColumnNotFound`.
///
/// # Safety
/// `szColumnName` is NULL, a `JET_COLUMNID *` for the ByColid levels, else NUL-terminated;
/// `pvResult` is NULL or valid for `cbMax` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetTableColumnInfoA(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szColumnName: JET_PCSTR,
    pvResult: *mut c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetTableColumnInfoA",
        [
            H(sesid),
            H(tableid),
            O(szColumnName as usize),
            O(pvResult as usize),
            N(cbMax as i64),
            N(InfoLevel as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe { table_column_info::<Utf8>(sesid, tableid, szColumnName, pvResult, cbMax, InfoLevel) }
        }
    )
}

/// JetGetTableColumnInfoA with a UTF-16 name and JET_COLUMNBASE_W.
///
/// # Safety
/// As JetGetTableColumnInfoA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetTableColumnInfoW(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szColumnName: JET_PCWSTR,
    pvResult: *mut c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetTableColumnInfoW",
        [
            H(sesid),
            H(tableid),
            O(szColumnName as usize),
            O(pvResult as usize),
            N(cbMax as i64),
            N(InfoLevel as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe { table_column_info::<Utf16>(sesid, tableid, szColumnName, pvResult, cbMax, InfoLevel) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetGetTableColumnInfoA.
///
/// # Safety
/// As JetGetTableColumnInfoA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetTableColumnInfo(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szColumnName: JET_PCSTR,
    pvResult: *mut c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetTableColumnInfo",
        [
            H(sesid),
            H(tableid),
            O(szColumnName as usize),
            O(pvResult as usize),
            N(cbMax as i64),
            N(InfoLevel as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe { table_column_info::<Utf8>(sesid, tableid, szColumnName, pvResult, cbMax, InfoLevel) }
        }
    )
}

/// Describes one table of a database this session has open (data-ddl §8.5). `objtyp` is
/// ignored for one object. `szContainerName` NULL, "" or "Tables" (case-insensitively).
/// `JET_ObjInfo` / `JET_ObjInfoNoStats` (`cbMax` >= 40): JET_OBJECTINFO of `szObjectName` with
/// `objtyp` Table, `flags` from the catalog, `grbit` Bookmark | Rollback, plus Updatable when the
/// database is, `cRecord`/`cPage` 0, `dtCreate`/`dtUpdate` 0. The list levels
/// (`JET_ObjInfoList`, `JET_ObjInfoListNoStats`, `cbMax` >= 56) fill a JET_OBJECTLIST: a
/// scrollable, indexed temporary table of the tables (an `objtyp` other than Nil or Table: none),
/// sorted by container and name, on its first row, which the caller closes with JetCloseTable
/// (data-ddl §8.1; the W form's names are Unicode text). `szObjectName` does not filter it.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInvalidName` (a name that is not valid, or not
/// valid text), the session-entry codes, `JET_errInvalidDatabaseId`, `JET_errBufferTooSmall`,
/// `JET_errFeatureNotAvailable` (levels 3, 4, 6, 7),
/// `JET_errInvalidParameter` (another level, NULL `pvResult`), `JET_errObjectNotFound` (another
/// container, no such table, a NULL or empty object name).
///
/// # Safety
/// `szContainerName` and `szObjectName` are NULL or NUL-terminated; `pvResult` is NULL or valid
/// for writes of `cbMax` bytes.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn JetGetObjectInfoA(
    sesid: JET_SESID,
    dbid: JET_DBID,
    objtyp: JET_OBJTYP,
    szContainerName: JET_PCSTR,
    szObjectName: JET_PCSTR,
    pvResult: *mut c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetObjectInfoA",
        [
            H(sesid),
            N(dbid as i64),
            N(objtyp as i64),
            A(szContainerName),
            A(szObjectName),
            O(pvResult as usize),
            N(cbMax as i64),
            N(InfoLevel as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                object_info::<Utf8>(
                    sesid,
                    dbid,
                    objtyp,
                    szContainerName,
                    szObjectName,
                    pvResult,
                    cbMax,
                    InfoLevel,
                )
            }
        }
    )
}

/// JetGetObjectInfoA with UTF-16 names.
///
/// # Safety
/// As JetGetObjectInfoA.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn JetGetObjectInfoW(
    sesid: JET_SESID,
    dbid: JET_DBID,
    objtyp: JET_OBJTYP,
    szContainerName: JET_PCWSTR,
    szObjectName: JET_PCWSTR,
    pvResult: *mut c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetObjectInfoW",
        [
            H(sesid),
            N(dbid as i64),
            N(objtyp as i64),
            W(szContainerName),
            W(szObjectName),
            O(pvResult as usize),
            N(cbMax as i64),
            N(InfoLevel as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                object_info::<Utf16>(
                    sesid,
                    dbid,
                    objtyp,
                    szContainerName,
                    szObjectName,
                    pvResult,
                    cbMax,
                    InfoLevel,
                )
            }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetGetObjectInfoA.
///
/// # Safety
/// As JetGetObjectInfoA.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn JetGetObjectInfo(
    sesid: JET_SESID,
    dbid: JET_DBID,
    objtyp: JET_OBJTYP,
    szContainerName: JET_PCSTR,
    szObjectName: JET_PCSTR,
    pvResult: *mut c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetObjectInfo",
        [
            H(sesid),
            N(dbid as i64),
            N(objtyp as i64),
            A(szContainerName),
            A(szObjectName),
            O(pvResult as usize),
            N(cbMax as i64),
            N(InfoLevel as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                object_info::<Utf8>(
                    sesid,
                    dbid,
                    objtyp,
                    szContainerName,
                    szObjectName,
                    pvResult,
                    cbMax,
                    InfoLevel,
                )
            }
        }
    )
}

// ---------------------------------------------------------------------------------------------
// Indexes

/// The LCID of a locale name, for `JET_IdxInfoLCID` and the V1/V2 create structs: the LCID
/// whose name it is in libesent's table (`lcid_locale`), 0 for a locale outside it.
pub(crate) fn locale_lcid(locale: &str) -> u32 {
    (1..0x1400u32).find(|&l| super::ddl::lcid_locale(l) == Ok(Some(locale))).unwrap_or(0)
}

// The A and W create structs differ only in their pointers' target types.
const _: () = {
    assert!(size_of::<JET_INDEXCREATE_A>() == size_of::<JET_INDEXCREATE_W>());
    assert!(size_of::<JET_INDEXCREATE2_A>() == size_of::<JET_INDEXCREATE2_W>());
    assert!(size_of::<JET_INDEXCREATE3_A>() == size_of::<JET_INDEXCREATE3_W>());
    assert!(size_of::<JET_CONDITIONALCOLUMN_A>() == size_of::<JET_CONDITIONALCOLUMN_W>());
};

/// Lays out a create struct and what it points to in an image of the caller's buffer, whose
/// address is `base`: every pointer written points into that buffer.
struct Packer {
    base: usize,
    buf: Vec<u8>,
}

impl Packer {
    /// Room for `size` bytes aligned to `align` (as the caller's address sees it).
    fn reserve(&mut self, size: usize, align: usize) -> usize {
        let end = self.base + self.buf.len();
        let off = end.next_multiple_of(align) - self.base;
        self.buf.resize(off + size, 0);
        off
    }
    fn addr(&self, off: usize) -> usize {
        self.base + off
    }
    fn put<T: Copy>(&mut self, off: usize, v: T) {
        assert!(off + size_of::<T>() <= self.buf.len());
        // SAFETY: in bounds (checked above); unaligned write into the byte image.
        unsafe { (self.buf.as_mut_ptr().add(off) as *mut T).write_unaligned(v) }
    }
    /// The strings `parts`, each with its NUL, in encoding `E`, plus `extra` more NULs.
    fn text<E: Encoding>(&mut self, parts: &[String], extra: usize) -> (usize, usize) {
        let unit = size_of::<E::Unit>();
        let units: usize = parts.iter().map(|p| E::len(p) + 1).sum::<usize>() + extra;
        let off = self.reserve(units * unit, unit);
        let mut at = off;
        for p in parts {
            for u in E::units(p) {
                self.put(at, u);
                at += unit;
            }
            self.put(at, E::NUL);
            at += unit;
        }
        (off, units * unit)
    }
}

/// The packed JET_INDEXCREATE / 2 / 3 (data-ddl §8.4): the struct, then its strings and
/// structs; `JET_errBufferTooSmall` when the whole does not fit in `cb_max` bytes.
fn pack_create<E: Encoding>(
    x: &crate::engine::info::IndexCreateInfo,
    base: usize,
    cb_max: u32,
) -> JetResult<Vec<u8>> {
    let size = match x.version {
        1 => size_of::<JET_INDEXCREATE_A>(),
        2 => size_of::<JET_INDEXCREATE2_A>(),
        _ => size_of::<JET_INDEXCREATE3_A>(),
    };
    let mut p = Packer { base, buf: Vec::new() };
    p.buf.try_reserve(size + 1024).map_err(crate::engine::error::oom)?;
    p.buf.resize(size, 0);
    let (name, _) = p.text::<E>(std::slice::from_ref(&x.name), 0);
    let segs: Vec<String> = x.key.iter().map(|(n, d)| format!("{}{n}", if *d { '-' } else { '+' })).collect();
    let (key, cb_key) = p.text::<E>(&segs, 1);
    let unicode = x.grbit & JET_bitIndexUnicode != 0;
    // V1/V2: an LCID or a JET_UNICODEINDEX; V3: a JET_UNICODEINDEX2 with a locale name.
    let lcid_or_unicode: usize = if !unicode {
        if x.version == 3 { 0 } else { locale_lcid(&x.locale) as usize }
    } else if x.version == 3 {
        let (loc, _) = p.text::<Utf16>(std::slice::from_ref(&x.locale), 0);
        let off = p.reserve(size_of::<JET_UNICODEINDEX2>(), align_of::<JET_UNICODEINDEX2>());
        let v = JET_UNICODEINDEX2 { szLocaleName: p.addr(loc) as *mut WCHAR, dwMapFlags: x.lcmap_flags };
        p.put(off, v);
        p.addr(off)
    } else {
        let off = p.reserve(size_of::<JET_UNICODEINDEX>(), align_of::<JET_UNICODEINDEX>());
        p.put(off, JET_UNICODEINDEX { lcid: locale_lcid(&x.locale), dwMapFlags: x.lcmap_flags });
        p.addr(off)
    };
    let varseg_or_tuples: usize = match &x.tuple_limits {
        Some(t) => {
            let off = p.reserve(size_of::<JET_TUPLELIMITS>(), align_of::<JET_TUPLELIMITS>());
            let v = JET_TUPLELIMITS {
                chLengthMin: t.len_min,
                chLengthMax: t.len_max,
                chToIndexMax: t.to_index_max,
                cchIncrement: t.increment,
                ichStart: t.start,
            };
            p.put(off, v);
            p.addr(off)
        }
        None => x.cb_var_seg_mac as usize,
    };
    let conditional = if x.conditional.is_empty() {
        0
    } else {
        let n = x.conditional.len();
        let each = size_of::<JET_CONDITIONALCOLUMN_A>();
        let arr = p.reserve(n * each, align_of::<JET_CONDITIONALCOLUMN_A>());
        for (i, (col, grbit)) in x.conditional.iter().enumerate() {
            let (s, _) = p.text::<E>(std::slice::from_ref(col), 0);
            let v = JET_CONDITIONALCOLUMN_A {
                cbStruct: each as u32,
                szColumnName: p.addr(s) as *mut core::ffi::c_char,
                grbit: *grbit,
            };
            p.put(arr + i * each, v);
        }
        p.addr(arr)
    };
    let hints = if x.version >= 2 {
        let off = p.reserve(size_of::<JET_SPACEHINTS>(), align_of::<JET_SPACEHINTS>());
        let v = JET_SPACEHINTS {
            cbStruct: size_of::<JET_SPACEHINTS>() as u32,
            ulInitialDensity: x.density,
            cbInitial: x.cb_page,
            ..Default::default()
        };
        p.put(off, v);
        p.addr(off)
    } else {
        0
    };
    if p.buf.len() > cb_max as usize {
        return fail(JET_errBufferTooSmall);
    }
    let (name, key) = (p.addr(name) as *mut core::ffi::c_char, p.addr(key) as *mut core::ffi::c_char);
    let rgcond = conditional as *mut JET_CONDITIONALCOLUMN_A;
    let lcid_u = if x.version < 3 && !unicode {
        JET_INDEXCREATE_LCID { lcid: lcid_or_unicode as u32 }
    } else {
        JET_INDEXCREATE_LCID { pidxunicode: lcid_or_unicode as *mut JET_UNICODEINDEX }
    };
    let var_u = if x.tuple_limits.is_some() {
        JET_INDEXCREATE_VARSEG { ptuplelimits: varseg_or_tuples as *mut JET_TUPLELIMITS }
    } else {
        JET_INDEXCREATE_VARSEG { cbVarSegMac: varseg_or_tuples as u32 }
    };
    match x.version {
        1 => p.put(
            0,
            JET_INDEXCREATE_A {
                cbStruct: size as u32,
                szIndexName: name,
                szKey: key,
                cbKey: cb_key as u32,
                grbit: x.grbit,
                ulDensity: x.density,
                lcid_or_pidxunicode: lcid_u,
                cbVarSegMac_or_ptuplelimits: var_u,
                rgconditionalcolumn: rgcond,
                cConditionalColumn: x.conditional.len() as u32,
                err: 0,
                cbKeyMost: x.cb_key_most,
            },
        ),
        2 => p.put(
            0,
            JET_INDEXCREATE2_A {
                cbStruct: size as u32,
                szIndexName: name,
                szKey: key,
                cbKey: cb_key as u32,
                grbit: x.grbit,
                ulDensity: x.density,
                lcid_or_pidxunicode: lcid_u,
                cbVarSegMac_or_ptuplelimits: var_u,
                rgconditionalcolumn: rgcond,
                cConditionalColumn: x.conditional.len() as u32,
                err: 0,
                cbKeyMost: x.cb_key_most,
                pSpacehints: hints as *mut JET_SPACEHINTS,
            },
        ),
        _ => p.put(
            0,
            JET_INDEXCREATE3_A {
                cbStruct: size as u32,
                szIndexName: name,
                szKey: key,
                cbKey: cb_key as u32,
                grbit: x.grbit,
                ulDensity: x.density,
                pidxunicode: lcid_or_unicode as *mut JET_UNICODEINDEX2,
                cbVarSegMac_or_ptuplelimits: var_u,
                rgconditionalcolumn: rgcond,
                cConditionalColumn: x.conditional.len() as u32,
                err: 0,
                cbKeyMost: x.cb_key_most,
                pSpacehints: hints as *mut JET_SPACEHINTS,
            },
        ),
    }
    Ok(p.buf)
}

/// # Safety
/// `pv` is NULL or valid for writes of `cb_max` bytes.
unsafe fn write_index_info<E: Encoding>(info: IndexInfo, pv: *mut c_void, cb_max: u32) -> Outcome {
    non_null(pv)?;
    match info {
        // SAFETY: as this function's contract.
        IndexInfo::Plain(i) => unsafe { write_info::<E>(i, pv, cb_max) },
        IndexInfo::Lcid(locale) => {
            let lcid = locale_lcid(&locale);
            if cb_max < 4 {
                // SAFETY: the engine checked cb_max >= 2.
                unsafe { emit(pv, lcid as u16) }
            } else {
                // SAFETY: cb_max >= 4.
                unsafe { emit(pv, lcid) }
            }
            trace::wrote(|w| {
                let _ = write!(w, "out={lcid:#x}");
            });
            Ok(())
        }
        IndexInfo::Create(x) => {
            let image = pack_create::<E>(&x, pv as usize, cb_max)?;
            // SAFETY: image.len() <= cb_max (checked by pack_create); the caller's buffer is
            // valid for cb_max bytes and does not overlap the image.
            unsafe { core::ptr::copy_nonoverlapping(image.as_ptr(), pv as *mut u8, image.len()) };
            trace::wrote(|w| {
                let _ = write!(w, "out={x:?}");
            });
            Ok(())
        }
    }
}

/// # Safety
/// As JetGetIndexInfoA.
unsafe fn index_info<E: Encoding>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    table: *const E::Unit,
    index: *const E::Unit,
    pv: *mut c_void,
    cb_max: u32,
    level: u32,
) -> Outcome {
    super::check_sesid(sesid)?;
    // SAFETY: the caller's contract.
    let table = unsafe { read_name::<E>(table) }?;
    // SAFETY: the caller's contract.
    let index = unsafe { read_name::<E>(index) }?;
    let mut s = session::enter(sesid as u64, Stop::Blocks)?;
    s.check_dbid(dbid)?;
    let t = TableArg::Named { dbid, name: table.as_deref() };
    let wide = size_of::<E::Unit>() == 2;
    let info = s.index_info(t, index.as_deref(), cb_max, level, wide, !pv.is_null(), locale_lcid)?;
    // SAFETY: as this function's contract.
    unsafe { write_index_info::<E>(info, pv, cb_max) }
}

/// # Safety
/// As JetGetTableIndexInfoA.
unsafe fn table_index_info<E: Encoding>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    index: *const E::Unit,
    pv: *mut c_void,
    cb_max: u32,
    level: u32,
) -> Outcome {
    super::check_sesid(sesid)?;
    // SAFETY: the caller's contract.
    let index = unsafe { read_name::<E>(index) }?;
    let (mut s, c) = session::enter_table(sesid as u64, tableid as u64, Stop::Blocks)?;
    let wide = size_of::<E::Unit>() == 2;
    let info =
        s.index_info(TableArg::Cursor(c), index.as_deref(), cb_max, level, wide, !pv.is_null(), locale_lcid)?;
    // SAFETY: as this function's contract.
    unsafe { write_index_info::<E>(info, pv, cb_max) }
}

/// Describes an index of a table named in a database this session has open (data-ddl §8.4).
/// `szIndexName` NULL or "" names the primary index (JET_IdxInfoCount ignores it). By
/// `InfoLevel`, with the smallest `cbResult`: `JET_IdxInfoCount` (4: 1 for the clustered
/// index, primary or sequential, plus the secondary indexes), `JET_IdxInfoLCID` (2: the
/// LANGID; 4 or more: the LCID of the index's locale, 0 for a locale without one),
/// `JET_IdxInfoVarSegMac`, `JET_IdxInfoKeyMost` (2: 16-bit sizes), `JET_IdxInfoIndexId` (20:
/// JET_INDEXID), `JET_IdxInfoLocaleName` (170: the locale name in UTF-16 in both forms, "" for
/// the root locale), `JET_IdxInfoSpaceAlloc` / `SpaceOwned` / `SpaceAvailable` (4: the table's
/// figures for the primary index; 1, 1 and 0 pages for a secondary index),
/// `JET_IdxInfoCreateIndex`, `2`, `3` (80, 88, 88 at least: a JET_INDEXCREATE_A/W, 2 or 3 that
/// recreates the index, with its name, key string, JET_UNICODEINDEX (V1, V2) or
/// JET_UNICODEINDEX2 (V3) when the index has its own locale, JET_TUPLELIMITS of a tuple index,
/// conditional columns and JET_SPACEHINTS (V2, V3) packed into the same buffer after the
/// struct; `cbKey` counts bytes, both NULs of the key string included). `JET_IdxInfo` and
/// `JET_IdxInfoList` (84) fill a JET_INDEXLIST: a temporary table with a row per key segment of
/// every index (or of the named one), sorted by index name and segment, on its first row, which
/// the caller closes with JetCloseTable; `cbStruct` is 88 and `columnidLCMapFlags` set when
/// `cbResult` holds the whole struct, else 84 (data-ddl §8.1).
///
/// Returns 0, or: `JET_errInvalidSesid`, the session-entry codes, `JET_errInvalidName`,
/// `JET_errInvalidDatabaseId`, `JET_errBufferTooSmall` (below the level's size, or a create
/// struct whose packed data does not fit), `JET_errFeatureNotAvailable`
/// (`JET_IdxInfoSysTabCursor`, `JET_IdxInfoOLC`, `JET_IdxInfoResetOLC`),
/// `JET_errInvalidParameter` (another level, NULL table name, NULL `pvResult`),
/// `JET_errObjectNotFound` (no such table), `JET_errIndexNotFound` (no such index, or no
/// primary index for a NULL name), `JET_errOutOfMemory`.
///
/// # Safety
/// `szTableName` and `szIndexName` are NULL or NUL-terminated; `pvResult` is NULL or valid for
/// writes of `cbResult` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetIndexInfoA(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCSTR,
    szIndexName: JET_PCSTR,
    pvResult: *mut c_void,
    cbResult: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetIndexInfoA",
        [
            H(sesid),
            N(dbid as i64),
            A(szTableName),
            A(szIndexName),
            O(pvResult as usize),
            N(cbResult as i64),
            N(InfoLevel as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                index_info::<Utf8>(sesid, dbid, szTableName, szIndexName, pvResult, cbResult, InfoLevel)
            }
        }
    )
}

/// JetGetIndexInfoA with UTF-16 names and JET_INDEXCREATE*_W.
///
/// # Safety
/// As JetGetIndexInfoA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetIndexInfoW(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCWSTR,
    szIndexName: JET_PCWSTR,
    pvResult: *mut c_void,
    cbResult: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetIndexInfoW",
        [
            H(sesid),
            N(dbid as i64),
            W(szTableName),
            W(szIndexName),
            O(pvResult as usize),
            N(cbResult as i64),
            N(InfoLevel as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                index_info::<Utf16>(sesid, dbid, szTableName, szIndexName, pvResult, cbResult, InfoLevel)
            }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetGetIndexInfoA.
///
/// # Safety
/// As JetGetIndexInfoA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetIndexInfo(
    sesid: JET_SESID,
    dbid: JET_DBID,
    szTableName: JET_PCSTR,
    szIndexName: JET_PCSTR,
    pvResult: *mut c_void,
    cbResult: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetIndexInfo",
        [
            H(sesid),
            N(dbid as i64),
            A(szTableName),
            A(szIndexName),
            O(pvResult as usize),
            N(cbResult as i64),
            N(InfoLevel as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                index_info::<Utf8>(sesid, dbid, szTableName, szIndexName, pvResult, cbResult, InfoLevel)
            }
        }
    )
}

/// JetGetIndexInfoA for the table of a cursor (data-ddl §8.4): the same levels and results.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInvalidTableId`, `JET_errSesidTableIdMismatch`,
/// the session-entry codes, `JET_errInvalidName`, `JET_errBufferTooSmall`,
/// `JET_errFeatureNotAvailable`, `JET_errInvalidParameter`, `JET_errIndexNotFound`,
/// `JET_errOutOfMemory`, as JetGetIndexInfoA.
///
/// # Safety
/// `szIndexName` is NULL or NUL-terminated; `pvResult` is NULL or valid for writes of
/// `cbResult` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetTableIndexInfoA(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCSTR,
    pvResult: *mut c_void,
    cbResult: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetTableIndexInfoA",
        [H(sesid), H(tableid), A(szIndexName), O(pvResult as usize), N(cbResult as i64), N(InfoLevel as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe { table_index_info::<Utf8>(sesid, tableid, szIndexName, pvResult, cbResult, InfoLevel) }
        }
    )
}

/// JetGetTableIndexInfoA with a UTF-16 name and JET_INDEXCREATE*_W.
///
/// # Safety
/// As JetGetTableIndexInfoA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetTableIndexInfoW(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCWSTR,
    pvResult: *mut c_void,
    cbResult: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetTableIndexInfoW",
        [H(sesid), H(tableid), W(szIndexName), O(pvResult as usize), N(cbResult as i64), N(InfoLevel as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe { table_index_info::<Utf16>(sesid, tableid, szIndexName, pvResult, cbResult, InfoLevel) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetGetTableIndexInfoA.
///
/// # Safety
/// As JetGetTableIndexInfoA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetTableIndexInfo(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCSTR,
    pvResult: *mut c_void,
    cbResult: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetTableIndexInfo",
        [H(sesid), H(tableid), A(szIndexName), O(pvResult as usize), N(cbResult as i64), N(InfoLevel as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe { table_index_info::<Utf8>(sesid, tableid, szIndexName, pvResult, cbResult, InfoLevel) }
        }
    )
}
