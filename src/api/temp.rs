//! Temporary tables: JetOpenTempTable, JetOpenTempTable2, JetOpenTempTable3,
//! JetOpenTemporaryTable, JetOpenTemporaryTable2 (data-records §8.1-§8.3); and the dispatch
//! every cursor shim uses, so that a temporary table's cursor takes each call by the rules of
//! its phase (§8.6, `engine::temp`). None of these has a string argument, so none has A/W forms.
#![allow(non_snake_case)]

use super::{Utf16, guard, non_null, put};
use crate::abi::consts::*;
use crate::abi::{
    JET_COLUMNDEF, JET_COLUMNID, JET_ERR, JET_GRBIT, JET_OPENTEMPORARYTABLE, JET_OPENTEMPORARYTABLE2,
    JET_SESID, JET_TABLEID, JET_UNICODEINDEX,
};
use crate::engine::catalog::UnicodeSpec;
use crate::engine::cursor::{CursorData, TableCursor};
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::session::{self, Stop, Tx};
use crate::engine::temp::{Op, TempColumn, TempCursor, TempSpec};
use std::fmt::Write as _;

/// Runs `f` on a cursor of the session: a table cursor directly, a temporary table's if `op`
/// is allowed in its phase (`JET_errIllegalOperation` if not).
pub(crate) fn on_table<R>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    op: Op,
    f: impl FnOnce(&mut TableCursor, &mut Tx<'_>) -> JetResult<R>,
) -> JetResult<R> {
    let (mut s, c) = session::enter_table(sesid as u64, tableid as u64, Stop::Blocks)?;
    let (data, mut tx) = s.data(c);
    match data {
        CursorData::Table(t) => f(t, &mut tx),
        CursorData::Temp(t) => t.with(op, &mut tx, f),
        CursorData::Empty => fail(JET_errInvalidTableId),
    }
}

/// Runs `table` on a table cursor of the session, `temp` on a temporary table's (for the calls
/// whose meaning depends on the phase: moves, seeks, updates, bookmarks).
pub(crate) fn on_cursor<R>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    table: impl FnOnce(&mut TableCursor, &mut Tx<'_>) -> JetResult<R>,
    temp: impl FnOnce(&mut TempCursor, &mut Tx<'_>) -> JetResult<R>,
) -> JetResult<R> {
    let (mut s, c) = session::enter_table(sesid as u64, tableid as u64, Stop::Blocks)?;
    let (data, mut tx) = s.data(c);
    match data {
        CursorData::Table(t) => table(t, &mut tx),
        CursorData::Temp(t) => temp(t, &mut tx),
        CursorData::Empty => fail(JET_errInvalidTableId),
    }
}

/// Where a JetOpenTemp* call's locale comes from.
enum Locale {
    /// No JET_UNICODEINDEX: the instance default, with no locale of the index's own.
    None,
    /// A locale (`None`: the instance default locale) and map flags (0: the default).
    Given(UnicodeSpec),
}

/// The common part of every entry point (§8.2): the session, the out-parameters (NULL
/// `ptableid`, or NULL arrays with columns, is -1003 here, where ESE would crash), nil first,
/// then the engine's steps; `prgcolumnid` is written as the ids are given.
///
/// # Safety
/// `prgcolumndef` is NULL or valid for `ccolumn` reads; `prgcolumnid` NULL or valid for
/// `ccolumn` writes; `ptableid` NULL or valid for a write.
#[allow(clippy::too_many_arguments)]
unsafe fn open(
    s: &mut session::Session,
    prgcolumndef: *const JET_COLUMNDEF,
    ccolumn: u32,
    locale: Locale,
    grbit: JET_GRBIT,
    ptableid: *mut JET_TABLEID,
    prgcolumnid: *mut JET_COLUMNID,
    cb_key_most: u32,
    cb_var_seg_mac: u32,
) -> JetResult<()> {
    non_null(ptableid)?;
    // SAFETY: non-NULL (checked above) and valid by the caller's contract.
    unsafe { put(ptableid, JET_TABLEID::MAX) };
    if ccolumn > 0 && (prgcolumndef.is_null() || prgcolumnid.is_null()) {
        return fail(JET_errInvalidParameter);
    }
    // A definition longer than every column class together fails at the first column past
    // them (-1040); nothing beyond it is read.
    let n = ccolumn.min(0x1_0000) as usize;
    let mut columns = Vec::new();
    columns.try_reserve_exact(n).map_err(|_| JetError(JET_errOutOfMemory))?;
    for i in 0..n {
        // SAFETY: `i < ccolumn`, within the caller's array.
        let d = unsafe { prgcolumndef.add(i).read_unaligned() };
        columns.push(TempColumn { coltyp: d.coltyp, cb_max: d.cbMax, cp: d.cp as u32, grbit: d.grbit });
    }
    let unicode = match locale {
        Locale::None => None,
        Locale::Given(u) => Some(u),
    };
    let spec = TempSpec { columns, grbit, unicode, cb_key_most, cb_var_seg_mac };
    let mut ids = vec![0u32; n];
    let r = s.open_temp_table(&spec, &mut ids);
    // The ids given so far are the caller's even on failure (§8.2 step 12).
    for (i, id) in ids.iter().enumerate() {
        if *id != 0 {
            // SAFETY: `i < ccolumn`, within the caller's array (non-NULL, checked above).
            unsafe { prgcolumnid.add(i).write_unaligned(*id) };
        }
    }
    let t = r?;
    // SAFETY: as above.
    unsafe { put(ptableid, t as JET_TABLEID) };
    super::trace::wrote(|w| {
        let _ = write!(w, "out={t:#x}");
    });
    Ok(())
}

/// The locale of a JET_UNICODEINDEX: its LCID as a locale name (0: the instance default).
fn lcid_spec(u: JET_UNICODEINDEX) -> JetResult<UnicodeSpec> {
    let locale = super::ddl::lcid_locale(u.lcid)?.map(crate::engine::error::try_string).transpose()?;
    Ok(UnicodeSpec { locale, map_flags: u.dwMapFlags })
}

/// Opens a temporary table (data-records §8): a sort over the columns marked
/// `JET_bitColumnTTKey` (`JET_bitColumnTTDescending` for a descending segment), or a
/// materialized table (§8.3). `prgcolumnid[i]` receives column i's id; `*ptableid` is set to
/// `JET_tableidNil`, then to the new cursor. `grbit`: `JET_bitTTIndexed`, `JET_bitTTUnique`,
/// `JET_bitTTUpdatable`, `JET_bitTTScrollable`, `JET_bitTTSortNullsHigh`,
/// `JET_bitTTForceMaterialization` (= `JET_bitTTErrorOnDuplicateInsertion`),
/// `JET_bitTTForwardOnly`, `JET_bitTTIntrinsicLVsOnly`, `JET_bitTTDotNetGuid`.
///
/// Returns 0, or: the session codes, `JET_errInvalidParameter` (NULL `ptableid`, NULL arrays
/// with columns, bad key sizes), `JET_errTooManySorts` (`JET_paramMaxTemporaryTables` 0),
/// `JET_errCannotMaterializeForwardOnlySort`, `JET_errTooManyColumns`,
/// `JET_errInvalidCodePage`, `JET_errInvalidColumnType`, `JET_errRecordTooBig`,
/// `JET_errOutOfCursors`, and the scratch database's file codes.
///
/// # Safety
/// `prgcolumndef` is NULL or valid for `ccolumn` reads; `prgcolumnid` NULL or valid for
/// `ccolumn` writes; `ptableid` NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetOpenTempTable(
    sesid: JET_SESID,
    prgcolumndef: *const JET_COLUMNDEF,
    ccolumn: u32,
    grbit: JET_GRBIT,
    ptableid: *mut JET_TABLEID,
    prgcolumnid: *mut JET_COLUMNID,
) -> JET_ERR {
    guard!(
        "JetOpenTempTable",
        [H(sesid), Ptr(prgcolumndef as usize), N(ccolumn as i64), G(grbit, NO_BITS), O(ptableid as usize)],
        {
            let mut s = session::enter(sesid as u64, Stop::Blocks)?;
            // SAFETY: the caller's contract.
            unsafe { open(&mut s, prgcolumndef, ccolumn, Locale::None, grbit, ptableid, prgcolumnid, 0, 0) }
        }
    )
}

/// JetOpenTempTable with a locale for the key: `lcid` as a Windows LCID (0: the instance
/// default locale), with the instance's default map flags. An unknown LCID is
/// `JET_errInvalidLanguageId` (after the session's check, §8.1's recommendation).
///
/// # Safety
/// As [`JetOpenTempTable`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetOpenTempTable2(
    sesid: JET_SESID,
    prgcolumndef: *const JET_COLUMNDEF,
    ccolumn: u32,
    lcid: u32,
    grbit: JET_GRBIT,
    ptableid: *mut JET_TABLEID,
    prgcolumnid: *mut JET_COLUMNID,
) -> JET_ERR {
    guard!(
        "JetOpenTempTable2",
        [
            H(sesid),
            Ptr(prgcolumndef as usize),
            N(ccolumn as i64),
            N(lcid as i64),
            G(grbit, NO_BITS),
            O(ptableid as usize)
        ],
        {
            let mut s = session::enter(sesid as u64, Stop::Blocks)?;
            let locale = super::ddl::lcid_locale(lcid)?.map(crate::engine::error::try_string).transpose()?;
            let u = Locale::Given(UnicodeSpec { locale, map_flags: 0 });
            // SAFETY: the caller's contract.
            unsafe { open(&mut s, prgcolumndef, ccolumn, u, grbit, ptableid, prgcolumnid, 0, 0) }
        }
    )
}

/// JetOpenTempTable with the key's locale and map flags from a JET_UNICODEINDEX (NULL: the
/// instance default; an unknown LCID is `JET_errInvalidLanguageId`).
///
/// # Safety
/// As [`JetOpenTempTable`]; `pidxunicode` is NULL or valid for a read.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetOpenTempTable3(
    sesid: JET_SESID,
    prgcolumndef: *const JET_COLUMNDEF,
    ccolumn: u32,
    pidxunicode: *const JET_UNICODEINDEX,
    grbit: JET_GRBIT,
    ptableid: *mut JET_TABLEID,
    prgcolumnid: *mut JET_COLUMNID,
) -> JET_ERR {
    guard!(
        "JetOpenTempTable3",
        [
            H(sesid),
            Ptr(prgcolumndef as usize),
            N(ccolumn as i64),
            Ptr(pidxunicode as usize),
            G(grbit, NO_BITS),
            O(ptableid as usize)
        ],
        {
            let mut s = session::enter(sesid as u64, Stop::Blocks)?;
            // SAFETY: the caller's contract.
            let u = match unsafe { super::get(pidxunicode) } {
                Some(u) => Locale::Given(lcid_spec(u)?),
                None => Locale::None,
            };
            // SAFETY: the caller's contract.
            unsafe { open(&mut s, prgcolumndef, ccolumn, u, grbit, ptableid, prgcolumnid, 0, 0) }
        }
    )
}

/// What JetOpenTemporaryTable and JetOpenTemporaryTable2 read from their structures (which
/// differ only in the type of the locale's).
struct Parts<U> {
    cb_struct: u32,
    columns: *const JET_COLUMNDEF,
    ccolumn: u32,
    unicode: *const U,
    grbit: JET_GRBIT,
    ids: *mut JET_COLUMNID,
    cb_key_most: u32,
    cb_var_seg_mac: u32,
}

/// A JET_OPENTEMPORARYTABLE or JET_OPENTEMPORARYTABLE2.
trait OpenTemporary: Copy {
    /// Its locale structure: JET_UNICODEINDEX or JET_UNICODEINDEX2.
    type Unicode: Copy;
    fn parts(&self) -> Parts<Self::Unicode>;
    /// The address of its `tableid`.
    ///
    /// # Safety
    /// `p` is non-NULL and points to the structure.
    unsafe fn tableid(p: *mut Self) -> *mut JET_TABLEID;
}

macro_rules! open_temporary {
    ($t:ty, $u:ty) => {
        impl OpenTemporary for $t {
            type Unicode = $u;
            fn parts(&self) -> Parts<$u> {
                Parts {
                    cb_struct: self.cbStruct,
                    columns: self.prgcolumndef,
                    ccolumn: self.ccolumn,
                    unicode: self.pidxunicode,
                    grbit: self.grbit,
                    ids: self.prgcolumnid,
                    cb_key_most: self.cbKeyMost,
                    cb_var_seg_mac: self.cbVarSegMac,
                }
            }
            unsafe fn tableid(p: *mut Self) -> *mut JET_TABLEID {
                // SAFETY: `p` points to the structure (the caller's contract); no reference is
                // made, only the field's address.
                unsafe { &raw mut (*p).tableid }
            }
        }
    };
}
open_temporary!(JET_OPENTEMPORARYTABLE, JET_UNICODEINDEX);
open_temporary!(JET_OPENTEMPORARYTABLE2, crate::abi::JET_UNICODEINDEX2);

/// The body of JetOpenTemporaryTable and JetOpenTemporaryTable2: the structure (NULL, or a
/// `cbStruct` other than its size, is -1003), its locale through `locale` when it has one,
/// then [`open`] with its fields, the cursor written to its `tableid`.
///
/// # Safety
/// `p` is NULL or valid for a read and a write of the structure, and its pointers as for
/// [`JetOpenTempTable3`].
unsafe fn open_temporary<T: OpenTemporary>(
    sesid: JET_SESID,
    p: *mut T,
    locale: impl FnOnce(T::Unicode) -> JetResult<UnicodeSpec>,
) -> JetResult<()> {
    let mut s = session::enter(sesid as u64, Stop::Blocks)?;
    // SAFETY: the caller's contract.
    let Some(v) = (unsafe { super::get(p as *const T) }) else {
        return fail(JET_errInvalidParameter);
    };
    let f = v.parts();
    if f.cb_struct as usize != size_of::<T>() {
        return fail(JET_errInvalidParameter);
    }
    // SAFETY: the caller's contract.
    let u = match unsafe { super::get(f.unicode) } {
        Some(u) => Locale::Given(locale(u)?),
        None => Locale::None,
    };
    // SAFETY: non-NULL (read above) and valid for writes by the caller's contract.
    let ptableid = unsafe { T::tableid(p) };
    // SAFETY: the caller's contract.
    unsafe {
        open(&mut s, f.columns, f.ccolumn, u, f.grbit, ptableid, f.ids, f.cb_key_most, f.cb_var_seg_mac)
    }
}

/// JetOpenTempTable3 with every argument in a JET_OPENTEMPORARYTABLE, including the key's
/// `cbKeyMost` (0, or 255 up to the page's key limit) and `cbVarSegMac` (at most
/// `cbKeyMost`, or 255 when it is 0); the cursor is written to its `tableid`. A `cbStruct`
/// other than the structure's size (64) is `JET_errInvalidParameter`, as is a NULL pointer to
/// it (where ESE would crash).
///
/// # Safety
/// `popentemporarytable` is NULL or valid for a read and a write of the structure, and its
/// pointers as for [`JetOpenTempTable3`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetOpenTemporaryTable(
    sesid: JET_SESID,
    popentemporarytable: *mut JET_OPENTEMPORARYTABLE,
) -> JET_ERR {
    guard!("JetOpenTemporaryTable", [H(sesid), Ptr(popentemporarytable as usize)], {
        // SAFETY: the caller's contract.
        unsafe { open_temporary(sesid, popentemporarytable, lcid_spec) }
    })
}

/// JetOpenTemporaryTable with the key's locale as a name (JET_UNICODEINDEX2; a NULL name is
/// the instance default; a name that is not UTF-16 is `JET_errInvalidLanguageId`).
///
/// # Safety
/// As [`JetOpenTemporaryTable`]; `pidxunicode->szLocaleName` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetOpenTemporaryTable2(
    sesid: JET_SESID,
    popentemporarytable: *mut JET_OPENTEMPORARYTABLE2,
) -> JET_ERR {
    guard!("JetOpenTemporaryTable2", [H(sesid), Ptr(popentemporarytable as usize)], {
        let name = |u: crate::abi::JET_UNICODEINDEX2| {
            // SAFETY: NULL or a NUL-terminated UTF-16 string, by the caller's contract.
            let locale = unsafe { <Utf16 as super::Encoding>::read(u.szLocaleName) }.map_err(|e| {
                if e.0 == JET_errOutOfMemory { e } else { JetError(JET_errInvalidLanguageId) }
            })?;
            Ok(UnicodeSpec { locale, map_flags: u.dwMapFlags })
        };
        // SAFETY: the caller's contract.
        unsafe { open_temporary(sesid, popentemporarytable, name) }
    })
}

/// The bookmarks of the records found in every one of several index ranges of one table
/// (rec.cxx `ErrIsamIntersectIndexes`): each JET_INDEXRANGE names a cursor of this session on a
/// different secondary index of the same table, walked from its current entry to the end of
/// its index range (the cursors are left there); `grbit` must be `JET_bitRecordInIndex`.
/// `precordlist` (its `cbStruct` 24) receives a sort of the common bookmarks (one Binary key
/// column, `columnidBookmark`, in bookmark order; walk it with JetMove, close it with
/// JetCloseTable) and their count in `cRecord` (0: an empty sort). The call's `grbit` is
/// ignored.
///
/// Returns 0, or: the session codes, `JET_errInvalidParameter` (NULL or wrongly sized
/// `precordlist`, no ranges or more than 64, NULL `rgindexrange`, a range whose `cbStruct` is
/// not 24, a cursor on its primary or sequential index, two on different tables or on the same
/// index), `JET_errInvalidTableId`, `JET_errSesidTableIdMismatch`, `JET_errInvalidGrbit`,
/// `JET_errNoCurrentRecord` (a cursor not on a record).
///
/// # Safety
/// `rgindexrange` is NULL or valid for `cindexrange` reads; `precordlist` NULL or valid for a
/// read and a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetIntersectIndexes(
    sesid: JET_SESID,
    rgindexrange: *const crate::abi::JET_INDEXRANGE,
    cindexrange: u32,
    precordlist: *mut crate::abi::JET_RECORDLIST,
    grbit: JET_GRBIT,
) -> JET_ERR {
    let _ = grbit;
    guard!(
        "JetIntersectIndexes",
        [
            H(sesid),
            Ptr(rgindexrange as usize),
            N(cindexrange as i64),
            Ptr(precordlist as usize),
            N(grbit as i64)
        ],
        {
            let mut s = session::enter(sesid as u64, Stop::Blocks)?;
            // SAFETY: the caller's contract.
            let Some(mut list) = (unsafe { super::get(precordlist as *const crate::abi::JET_RECORDLIST) })
            else {
                return fail(JET_errInvalidParameter);
            };
            if list.cbStruct as usize != size_of::<crate::abi::JET_RECORDLIST>()
                || cindexrange == 0
                || cindexrange > 64
                || rgindexrange.is_null()
            {
                return fail(JET_errInvalidParameter);
            }
            let mut ranges = Vec::with_capacity(cindexrange as usize);
            for i in 0..cindexrange as usize {
                // SAFETY: `i < cindexrange`, within the caller's array.
                let r = unsafe { rgindexrange.add(i).read_unaligned() };
                ranges.push(crate::engine::temp::IndexRange {
                    cb_struct: r.cbStruct,
                    tableid: r.tableid as u64,
                    grbit: r.grbit,
                });
            }
            let r = s.intersect_indexes(&ranges)?;
            list.tableid = r.tableid.map_or(JET_TABLEID::MAX, |t| t as JET_TABLEID);
            list.cRecord = r.count;
            list.columnidBookmark = r.columnid;
            // SAFETY: non-NULL (read above) and writable by the caller's contract.
            unsafe { put(precordlist, list) };
            Ok(())
        }
    )
}
