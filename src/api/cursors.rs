//! Cursors on indexes: JetSetCurrentIndex(2, 3, 4), JetGetCurrentIndex (A, W and unsuffixed),
//! JetMakeKey, JetSeek, JetSetIndexRange, JetIndexRecordCount, JetGetSecondaryIndexBookmark,
//! JetGotoSecondaryIndexBookmark (data-records §5.5, §6.2-§6.5, §6.7-§6.8). Every function takes
//! a session and a cursor of it, checked in data-records §1.1's order (-1104, -1310, -1114, then
//! the session's state); the rules are the engine's (`engine::seek`).
#![allow(non_snake_case)]

use super::table::read_name;
use super::temp::{on_cursor, on_table};
use super::{Encoding, Fit, Outcome, Utf8, Utf16, guard, put, write_str};
use crate::abi::consts::*;
use crate::abi::{
    JET_ERR, JET_GRBIT, JET_INDEXID, JET_PCSTR, JET_PCWSTR, JET_PSTR, JET_PWSTR, JET_SESID, JET_TABLEID,
};
use crate::engine::catalog::name::to_cp1252;
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::seek::IndexChoice;
use crate::engine::temp::Op;
use core::ffi::c_void;

/// A warning (positive code) as the shim's outcome.
fn status(code: i32) -> Outcome {
    if code == 0 { Ok(()) } else { Err(JetError(code)) }
}

/// The input bytes at `pv` (NULL: none; NULL with a size is `JET_errInvalidParameter`).
///
/// # Safety
/// `pv` is NULL or valid for reads of `cb` bytes.
unsafe fn input<'a>(pv: *const c_void, cb: u32) -> JetResult<&'a [u8]> {
    if pv.is_null() {
        return if cb == 0 { Ok(&[]) } else { fail(JET_errInvalidParameter) };
    }
    // SAFETY: the caller's contract; the slice lives no longer than the call.
    Ok(unsafe { std::slice::from_raw_parts(pv as *const u8, cb as usize) })
}

/// Copies `bytes` into the caller's buffer (at most `cb` bytes; NULL: nothing).
///
/// # Safety
/// `pv` is NULL or valid for writes of `cb` bytes.
unsafe fn copy_out(pv: *mut c_void, cb: u32, bytes: &[u8]) {
    let n = bytes.len().min(cb as usize);
    if !pv.is_null() && n > 0 {
        // SAFETY: non-NULL and valid for `cb >= n` bytes (the caller's contract); the bytes are
        // the library's own, so they do not overlap.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), pv as *mut u8, n) };
    }
}

// ---- JetSetCurrentIndex* ------------------------------------------------------------------

/// # Safety
/// `name` is NULL or NUL-terminated; `pindexid` NULL or a readable JET_INDEXID.
unsafe fn set_current_index<E: Encoding>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: *const E::Unit,
    wide: bool,
    pindexid: *const JET_INDEXID,
    grbit: JET_GRBIT,
    itag: u32,
) -> Outcome {
    super::check_sesid(sesid)?;
    // SAFETY: the caller's contract.
    let name = unsafe { read_name::<E>(name) }.and_then(|n| match n {
        // A W name must have a Windows-1252 form (S-NAM-01).
        Some(n) if wide && !n.chars().all(|c| to_cp1252(c).is_some()) => fail(JET_errInvalidName),
        n => Ok(n),
    });
    // SAFETY: NULL or readable (the caller's contract).
    let id = unsafe { super::get(pindexid) };
    on_table(sesid, tableid, Op::Never, |t, tx| {
        if grbit & !(JET_bitMoveFirst | JET_bitNoMove) != 0 {
            return fail(JET_errInvalidGrbit);
        }
        let name = name?;
        let choice = match id {
            Some(id) => IndexChoice::Id(id.cbStruct, id.rgbIndexId),
            None => IndexChoice::Name(name.as_deref()),
        };
        t.set_current_index(tx, choice, grbit, itag)
    })
}

/// Makes an index the cursor's current index (data-records §6.7) and puts the cursor on its
/// first entry, as Windows does, lazily: the move is made by the first call that needs a
/// current entry (a read finds the first entry then, JetMove(JET_MoveNext) the second); a
/// prepared update is cancelled. NULL or "" names the primary index (or the sequential order of
/// a table without one). The search key and the index range go, unless the index named is the
/// current one (as in Windows, which then keeps them).
///
/// Returns 0, or: the handle and session codes, `JET_errInvalidName`, `JET_errIndexNotFound`.
///
/// # Safety
/// `szIndexName` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetCurrentIndexA(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCSTR,
) -> JET_ERR {
    guard!("JetSetCurrentIndexA", [H(sesid), H(tableid), A(szIndexName)], {
        // SAFETY: as this function's contract.
        unsafe { set_current_index::<Utf8>(sesid, tableid, szIndexName, false, std::ptr::null(), 0, 1) }
    })
}

/// JetSetCurrentIndexA with a UTF-16 name.
///
/// # Safety
/// As JetSetCurrentIndexA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetCurrentIndexW(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCWSTR,
) -> JET_ERR {
    guard!("JetSetCurrentIndexW", [H(sesid), H(tableid), W(szIndexName)], {
        // SAFETY: as this function's contract.
        unsafe { set_current_index::<Utf16>(sesid, tableid, szIndexName, true, std::ptr::null(), 0, 1) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetSetCurrentIndexA.
///
/// # Safety
/// As JetSetCurrentIndexA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetCurrentIndex(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCSTR,
) -> JET_ERR {
    guard!("JetSetCurrentIndex", [H(sesid), H(tableid), A(szIndexName)], {
        // SAFETY: as this function's contract.
        unsafe { set_current_index::<Utf8>(sesid, tableid, szIndexName, false, std::ptr::null(), 0, 1) }
    })
}

/// JetSetCurrentIndexA with a grbit: `JET_bitMoveFirst` (0) as JetSetCurrentIndexA;
/// `JET_bitNoMove` keeps the current record (its first entry in the new index) and a prepared
/// update.
///
/// Returns the codes of JetSetCurrentIndexA, and: `JET_errInvalidGrbit`,
/// `JET_errNoCurrentRecord` (NoMove off the records, or the record has no entry in the index),
/// `JET_errRecordDeleted`.
///
/// # Safety
/// As JetSetCurrentIndexA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetCurrentIndex2A(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetSetCurrentIndex2A", [H(sesid), H(tableid), A(szIndexName), N(grbit as i64)], {
        // SAFETY: as this function's contract.
        unsafe { set_current_index::<Utf8>(sesid, tableid, szIndexName, false, std::ptr::null(), grbit, 1) }
    })
}

/// JetSetCurrentIndex2A with a UTF-16 name.
///
/// # Safety
/// As JetSetCurrentIndexA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetCurrentIndex2W(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCWSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetSetCurrentIndex2W", [H(sesid), H(tableid), W(szIndexName), N(grbit as i64)], {
        // SAFETY: as this function's contract.
        unsafe { set_current_index::<Utf16>(sesid, tableid, szIndexName, true, std::ptr::null(), grbit, 1) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetSetCurrentIndex2A.
///
/// # Safety
/// As JetSetCurrentIndexA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetCurrentIndex2(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetSetCurrentIndex2", [H(sesid), H(tableid), A(szIndexName), N(grbit as i64)], {
        // SAFETY: as this function's contract.
        unsafe { set_current_index::<Utf8>(sesid, tableid, szIndexName, false, std::ptr::null(), grbit, 1) }
    })
}

/// JetSetCurrentIndex2A with `itagSequence`: with `JET_bitNoMove`, which entry of a
/// multi-valued record (0 counts as 1).
///
/// Returns the codes of JetSetCurrentIndex2A, and `JET_errBadItagSequence` (the record has no
/// value `itagSequence`).
///
/// # Safety
/// As JetSetCurrentIndexA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetCurrentIndex3A(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCSTR,
    grbit: JET_GRBIT,
    itagSequence: u32,
) -> JET_ERR {
    guard!(
        "JetSetCurrentIndex3A",
        [H(sesid), H(tableid), A(szIndexName), N(grbit as i64), N(itagSequence as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe {
                set_current_index::<Utf8>(
                    sesid,
                    tableid,
                    szIndexName,
                    false,
                    std::ptr::null(),
                    grbit,
                    itagSequence,
                )
            }
        }
    )
}

/// JetSetCurrentIndex3A with a UTF-16 name.
///
/// # Safety
/// As JetSetCurrentIndexA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetCurrentIndex3W(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCWSTR,
    grbit: JET_GRBIT,
    itagSequence: u32,
) -> JET_ERR {
    guard!(
        "JetSetCurrentIndex3W",
        [H(sesid), H(tableid), W(szIndexName), N(grbit as i64), N(itagSequence as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe {
                set_current_index::<Utf16>(
                    sesid,
                    tableid,
                    szIndexName,
                    true,
                    std::ptr::null(),
                    grbit,
                    itagSequence,
                )
            }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetSetCurrentIndex3A.
///
/// # Safety
/// As JetSetCurrentIndexA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetCurrentIndex3(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCSTR,
    grbit: JET_GRBIT,
    itagSequence: u32,
) -> JET_ERR {
    guard!(
        "JetSetCurrentIndex3",
        [H(sesid), H(tableid), A(szIndexName), N(grbit as i64), N(itagSequence as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe {
                set_current_index::<Utf8>(
                    sesid,
                    tableid,
                    szIndexName,
                    false,
                    std::ptr::null(),
                    grbit,
                    itagSequence,
                )
            }
        }
    )
}

/// JetSetCurrentIndex3A with `pindexid` (optional): a JET_INDEXID from JetGetTableIndexInfo
/// (`JET_IdxInfoIndexId`) names the index instead of `szIndexName`, which is then ignored.
///
/// Returns the codes of JetSetCurrentIndex3A, and `JET_errInvalidIndexId` (a `cbStruct` other
/// than 20, an id of another table or of an index that is gone).
///
/// # Safety
/// As JetSetCurrentIndexA; `pindexid` is NULL or a readable JET_INDEXID.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetCurrentIndex4A(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCSTR,
    pindexid: *const JET_INDEXID,
    grbit: JET_GRBIT,
    itagSequence: u32,
) -> JET_ERR {
    guard!(
        "JetSetCurrentIndex4A",
        [
            H(sesid),
            H(tableid),
            A(szIndexName),
            Ptr(pindexid as usize),
            N(grbit as i64),
            N(itagSequence as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                set_current_index::<Utf8>(sesid, tableid, szIndexName, false, pindexid, grbit, itagSequence)
            }
        }
    )
}

/// JetSetCurrentIndex4A with a UTF-16 name.
///
/// # Safety
/// As JetSetCurrentIndex4A.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetCurrentIndex4W(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCWSTR,
    pindexid: *const JET_INDEXID,
    grbit: JET_GRBIT,
    itagSequence: u32,
) -> JET_ERR {
    guard!(
        "JetSetCurrentIndex4W",
        [
            H(sesid),
            H(tableid),
            W(szIndexName),
            Ptr(pindexid as usize),
            N(grbit as i64),
            N(itagSequence as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                set_current_index::<Utf16>(sesid, tableid, szIndexName, true, pindexid, grbit, itagSequence)
            }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetSetCurrentIndex4A.
///
/// # Safety
/// As JetSetCurrentIndex4A.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetCurrentIndex4(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PCSTR,
    pindexid: *const JET_INDEXID,
    grbit: JET_GRBIT,
    itagSequence: u32,
) -> JET_ERR {
    guard!(
        "JetSetCurrentIndex4",
        [
            H(sesid),
            H(tableid),
            A(szIndexName),
            Ptr(pindexid as usize),
            N(grbit as i64),
            N(itagSequence as i64)
        ],
        {
            // SAFETY: as this function's contract.
            unsafe {
                set_current_index::<Utf8>(sesid, tableid, szIndexName, false, pindexid, grbit, itagSequence)
            }
        }
    )
}

// ---- JetGetCurrentIndex -------------------------------------------------------------------

/// # Safety
/// `buf` is NULL or valid for writes of `cb` bytes.
unsafe fn get_current_index<E: Encoding>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    buf: *mut E::Unit,
    cb: u32,
) -> Outcome {
    on_table(sesid, tableid, Op::Never, |t, _| {
        let unit = size_of::<E::Unit>() as u32;
        if cb < unit {
            return fail(JET_wrnBufferTruncated);
        }
        let name = t.current_index_name()?;
        // ESE copies at most JET_cbNameMost + 1 characters, NUL included, and cuts silently.
        let cb = cb.min((JET_cbNameMost + 1) * unit);
        // SAFETY: NULL (-1003) or valid for `cb` bytes (the caller's contract).
        unsafe { write_str::<E>(buf, cb, &name, Fit::Truncate) }
    })
}

/// Copies the name of the cursor's current index (data-records §6.8): a secondary index, the
/// primary index, or "" for the sequential order of a table without primary index. A name
/// longer than the buffer is cut (always NUL-terminated) without a warning.
///
/// Returns 0, `JET_wrnBufferTruncated` (`cbIndexName` 0: nothing written), or: the handle and
/// session codes, `JET_errInvalidParameter` (NULL buffer).
///
/// # Safety
/// `szIndexName` is NULL or valid for writes of `cbIndexName` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetCurrentIndexA(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PSTR,
    cbIndexName: u32,
) -> JET_ERR {
    guard!("JetGetCurrentIndexA", [H(sesid), H(tableid), O(szIndexName as usize), N(cbIndexName as i64)], {
        // SAFETY: as this function's contract.
        unsafe { get_current_index::<Utf8>(sesid, tableid, szIndexName, cbIndexName) }
    })
}

/// JetGetCurrentIndexA in UTF-16 (`cbIndexName` in bytes; below 2 is the warning).
///
/// # Safety
/// As JetGetCurrentIndexA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetCurrentIndexW(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PWSTR,
    cbIndexName: u32,
) -> JET_ERR {
    guard!("JetGetCurrentIndexW", [H(sesid), H(tableid), O(szIndexName as usize), N(cbIndexName as i64)], {
        // SAFETY: as this function's contract.
        unsafe { get_current_index::<Utf16>(sesid, tableid, szIndexName, cbIndexName) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetGetCurrentIndexA.
///
/// # Safety
/// As JetGetCurrentIndexA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetCurrentIndex(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    szIndexName: JET_PSTR,
    cbIndexName: u32,
) -> JET_ERR {
    guard!("JetGetCurrentIndex", [H(sesid), H(tableid), O(szIndexName as usize), N(cbIndexName as i64)], {
        // SAFETY: as this function's contract.
        unsafe { get_current_index::<Utf8>(sesid, tableid, szIndexName, cbIndexName) }
    })
}

// ---- keys, seeks, ranges ------------------------------------------------------------------

/// Adds a segment to the cursor's search key for its current index (data-records §6.2):
/// `pvData`/`cbData` in machine order (0 bytes: NULL, or zero-length with
/// `JET_bitKeyDataZeroLength`). The first call of a key needs `JET_bitNewKey`;
/// `JET_bitNormalizedKey` takes a whole normalized key (as JetRetrieveKey returns it); the limit
/// grbits (`JET_bitFullColumnStartLimit`, `…EndLimit`, `JET_bitPartialColumnStartLimit`,
/// `…EndLimit`, `JET_bitStrLimit`, `JET_bitSubStrLimit`) end the key. A prepared update stays.
///
/// Returns 0, or: the handle and session codes, `JET_errKeyNotMade` (no `JET_bitNewKey` on a
/// new key), `JET_errKeyIsMade` (every segment given, or after a limit),
/// `JET_errNoCurrentIndex` (the sequential order without `JET_bitNormalizedKey`),
/// `JET_errInvalidBufferSize` (a fixed column of another size; zero-length where it cannot
/// be), `JET_errInvalidGrbit` (two limit grbits, a partial limit on a type without one),
/// `JET_errInvalidParameter` (NULL `pvData` with a size; a normalized key too long).
///
/// # Safety
/// `pvData` is NULL or valid for reads of `cbData` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetMakeKey(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pvData: *const c_void,
    cbData: u32,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetMakeKey", [H(sesid), H(tableid), Ptr(pvData as usize), N(cbData as i64), N(grbit as i64)], {
        on_table(sesid, tableid, Op::Key, |t, _| {
            // SAFETY: the caller's contract.
            let data = unsafe { input(pvData, cbData) }?;
            t.make_key(data, grbit)
        })
    })
}

/// Seeks the current index with the search key (data-records §6.3): `JET_bitSeekEQ` (the
/// first entry equal to the key; with `JET_bitSetIndexRange` the entries equal to it become
/// the index range; with `JET_bitCheckUniqueness`, `JET_wrnUniqueKey` when no other entry has
/// that key), `JET_bitSeekGE`, `JET_bitSeekGT`, `JET_bitSeekLE` (the first entry equal to the
/// key, else the last entry below it), `JET_bitSeekLT`. A prepared update is cancelled, the
/// index range removed, and the search key is gone afterwards. After `JET_errRecordNotFound` there is no current record;
/// after SeekEQ a move goes on from the place of the key, after GE/GT the cursor is after the
/// last entry, after LE/LT before the first.
///
/// Returns 0, `JET_wrnSeekNotEqual` (GE/LE landed on another key), `JET_wrnUniqueKey`, or: the
/// handle and session codes, `JET_errInvalidParameter` (no seek bit), `JET_errInvalidGrbit`
/// (two seek bits), `JET_errKeyNotMade`, `JET_errRecordNotFound`.
#[unsafe(no_mangle)]
pub extern "C" fn JetSeek(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    guard!("JetSeek", [H(sesid), H(tableid), N(grbit as i64)], {
        on_cursor(sesid, tableid, |t, tx| t.seek(tx, grbit), |t, tx| t.seek(tx, grbit)).and_then(status)
    })
}

/// Sets (or with `JET_bitRangeRemove` removes) the index range (data-records §6.4): the search
/// key is the limit, above the cursor with `JET_bitRangeUpperLimit` (else below);
/// `JET_bitRangeInclusive` keeps entries equal to it; `JET_bitRangeInstantDuration` only checks.
/// JetMove towards the limit stops past it with `JET_errNoCurrentRecord` and removes the range;
/// JetMove First/Last, JetSeek, JetGotoBookmark, JetGotoSecondaryIndexBookmark, JetGotoPosition,
/// JetSetCurrentIndex and JetIndexRecordCount remove it.
///
/// Returns 0, or: the handle and session codes, `JET_errInvalidOperation` (remove without a
/// range), `JET_errNoCurrentIndex` (the sequential order), `JET_errKeyNotMade`,
/// `JET_errNoCurrentRecord` (the cursor is outside the new range: it is removed, the cursor
/// after the last entry or before the first; or the cursor is on no entry: as in Windows the
/// range is set all the same).
#[unsafe(no_mangle)]
pub extern "C" fn JetSetIndexRange(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    guard!("JetSetIndexRange", [H(sesid), H(tableid), N(grbit as i64)], {
        on_table(sesid, tableid, Op::IndexRange, |t, tx| t.set_index_range(tx, grbit))
    })
}

/// Counts the entries of the current index from the current one to the end or the index range
/// (data-records §6.5), at most `crecMax` (0: all); the range is removed. A cursor that has
/// not yet made its first move (just opened) makes it and counts from the first entry (0 on an
/// empty index); one before the first entry or after the last has none
/// (`JET_errNoCurrentRecord`).
///
/// Returns 0, or: the handle and session codes, `JET_errInvalidParameter` (NULL `pcrec`),
/// `JET_errNoCurrentRecord`, `JET_errRecordDeleted`.
///
/// # Safety
/// `pcrec` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetIndexRecordCount(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pcrec: *mut u32,
    crecMax: u32,
) -> JET_ERR {
    guard!("JetIndexRecordCount", [H(sesid), H(tableid), O(pcrec as usize), N(crecMax as i64)], {
        on_table(sesid, tableid, Op::Never, |t, tx| {
            super::non_null(pcrec)?;
            // SAFETY: non-NULL and writable (the caller's contract).
            unsafe { put(pcrec, 0) };
            let n = t.index_record_count(tx, crecMax)?;
            // SAFETY: as above.
            unsafe { put(pcrec, n) };
            Ok(())
        })
    })
}

/// Copies the current secondary index entry's key and its record's primary bookmark
/// (data-records §5.5). `grbit` is ignored.
///
/// Returns 0, or: the handle and session codes, `JET_errNoCurrentIndex` (no secondary index
/// current), `JET_errNoCurrentRecord`, `JET_errRecordDeleted`, `JET_errBufferTooSmall` (either
/// buffer too small: both copied as far as they fit, the sizes reported).
///
/// # Safety
/// Each buffer is NULL or valid for writes of its size; each size pointer NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetSecondaryIndexBookmark(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pvSecondaryKey: *mut c_void,
    cbSecondaryKeyMax: u32,
    pcbSecondaryKeyActual: *mut u32,
    pvPrimaryBookmark: *mut c_void,
    cbPrimaryBookmarkMax: u32,
    pcbPrimaryBookmarkActual: *mut u32,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetGetSecondaryIndexBookmark",
        [
            H(sesid),
            H(tableid),
            O(pvSecondaryKey as usize),
            N(cbSecondaryKeyMax as i64),
            O(pcbSecondaryKeyActual as usize),
            O(pvPrimaryBookmark as usize),
            N(cbPrimaryBookmarkMax as i64),
            O(pcbPrimaryBookmarkActual as usize),
            N(grbit as i64)
        ],
        {
            on_table(sesid, tableid, Op::Never, |t, tx| {
                let (key, bm) = t.secondary_bookmark(tx)?;
                // SAFETY: NULL or writable for their sizes (the caller's contract).
                unsafe {
                    copy_out(pvSecondaryKey, cbSecondaryKeyMax, &key);
                    copy_out(pvPrimaryBookmark, cbPrimaryBookmarkMax, &bm);
                    put(pcbSecondaryKeyActual, key.len() as u32);
                    put(pcbPrimaryBookmarkActual, bm.len() as u32);
                }
                let fits = |pv: *mut c_void, cb: u32, n: usize| n == 0 || (!pv.is_null() && n <= cb as usize);
                if fits(pvSecondaryKey, cbSecondaryKeyMax, key.len())
                    && fits(pvPrimaryBookmark, cbPrimaryBookmarkMax, bm.len())
                {
                    Ok(())
                } else {
                    fail(JET_errBufferTooSmall)
                }
            })
        }
    )
}

/// Moves the cursor to a secondary index entry by the key and bookmark
/// JetGetSecondaryIndexBookmark gave (data-records §5.5); a unique index needs only the key. A
/// prepared update is cancelled, the index range and the search key go.
/// `JET_bitBookmarkPermitVirtualCurrency`: an entry that is gone leaves the cursor at its place,
/// with no current record, and JetMove goes on from there.
///
/// Returns 0, or: the handle and session codes, `JET_errNoCurrentIndex` (no secondary index
/// current), `JET_errInvalidBookmark` (no key, or no bookmark on a non-unique index),
/// `JET_errRecordDeleted` (no such entry).
///
/// # Safety
/// `pvSecondaryKey` and `pvPrimaryBookmark` are NULL or valid for reads of their sizes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGotoSecondaryIndexBookmark(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pvSecondaryKey: *const c_void,
    cbSecondaryKey: u32,
    pvPrimaryBookmark: *const c_void,
    cbPrimaryBookmark: u32,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetGotoSecondaryIndexBookmark",
        [
            H(sesid),
            H(tableid),
            Ptr(pvSecondaryKey as usize),
            N(cbSecondaryKey as i64),
            Ptr(pvPrimaryBookmark as usize),
            N(cbPrimaryBookmark as i64),
            N(grbit as i64)
        ],
        {
            on_table(sesid, tableid, Op::Never, |t, tx| {
                let key = if pvSecondaryKey.is_null() {
                    &[][..]
                } else {
                    // SAFETY: non-NULL and valid for reads of its size (the caller's contract).
                    unsafe { input(pvSecondaryKey, cbSecondaryKey) }?
                };
                let bm = if pvPrimaryBookmark.is_null() || cbPrimaryBookmark == 0 {
                    None
                } else {
                    // SAFETY: non-NULL and valid for reads of its size (the caller's contract).
                    Some(unsafe { input(pvPrimaryBookmark, cbPrimaryBookmark) }?)
                };
                t.goto_secondary_bookmark(tx, key, bm, grbit)
            })
        }
    )
}
