//! Records: JetPrepareUpdate, JetSetColumn(s), JetUpdate(2), JetDelete, JetRetrieveColumn(s),
//! JetMove, JetGetBookmark, JetGotoBookmark, JetRetrieveKey, JetEscrowUpdate
//! (data-records §4-§6). Every function takes a session and a cursor of it, checked in
//! data-records §1.1's order (-1104, -1310, -1114, then the session's state).
#![allow(non_snake_case)]

use super::temp::{on_cursor, on_table};
use super::{Outcome, guard, put};
use crate::abi::consts::*;
use crate::abi::{JET_COLUMNID, JET_ERR, JET_GRBIT, JET_SESID, JET_TABLEID};
use crate::abi::{JET_RETINFO, JET_RETRIEVECOLUMN, JET_SETCOLUMN, JET_SETINFO};
use crate::engine::cursor::TableCursor;
use crate::engine::data::{Out, Retrieved};
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::lp64;
use crate::engine::retrieve::Wanted;
use crate::engine::session::Tx;
use crate::engine::temp::Op;
use core::ffi::c_void;

/// The caller's output buffer: `cap` bytes at `ptr` (NULL: none, whatever `cap` says).
struct RawOut {
    ptr: *mut u8,
    cap: usize,
}

impl RawOut {
    fn new(pv: *mut c_void, cb: u32) -> RawOut {
        RawOut { ptr: pv as *mut u8, cap: if pv.is_null() { 0 } else { cb as usize } }
    }
}

impl Out for RawOut {
    fn cap(&self) -> usize {
        self.cap
    }
    fn put(&mut self, at: usize, bytes: &[u8]) {
        let n = bytes.len().min(self.cap.saturating_sub(at));
        if n == 0 {
            return;
        }
        // SAFETY: `ptr` is non-NULL (cap is 0 otherwise) and, by the caller's contract, valid
        // for writes of `cap` bytes; `at + n <= cap`; our bytes cannot overlap the caller's
        // buffer (they are the library's own).
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), self.ptr.add(at), n) };
    }
}

/// A warning (positive code) as the shim's outcome.
fn status(code: i32) -> Outcome {
    if code == 0 { Ok(()) } else { Err(JetError(code)) }
}

/// The input bytes at `pv` (NULL: none).
///
/// # Safety
/// `pv` is NULL or valid for reads of `cb` bytes.
unsafe fn input<'a>(pv: *const c_void, cb: u32) -> Option<&'a [u8]> {
    if pv.is_null() {
        return None;
    }
    // SAFETY: the caller's contract; the slice lives no longer than the call.
    Some(unsafe { std::slice::from_raw_parts(pv as *const u8, cb as usize) })
}

/// Prepares the cursor's update (data-records §4.1): `JET_prepInsert` (a new record from the
/// table's defaults; an autoincrement column gets its value now), `JET_prepReplace` /
/// `JET_prepReplaceNoLock` (the current record), `JET_prepInsertCopy`,
/// `JET_prepInsertCopyDeleteOriginal`, `JET_prepInsertCopyReplaceOriginal` (a new record
/// copied from the current one), or `JET_prepCancel`.
///
/// Returns 0, or: the handle and session codes, `JET_errPermissionDenied` (read-only cursor),
/// `JET_errTransReadOnly`, `JET_errAlreadyPrepared`, `JET_errUpdateNotPrepared` (cancel with
/// nothing prepared), `JET_errNoCurrentRecord`, `JET_errRecordDeleted`,
/// `JET_errIllegalOperation`, `JET_errNotInTransaction`, `JET_errInvalidParameter` (an
/// unknown prep).
#[unsafe(no_mangle)]
pub extern "C" fn JetPrepareUpdate(sesid: JET_SESID, tableid: JET_TABLEID, prep: u32) -> JET_ERR {
    guard!("JetPrepareUpdate", [H(sesid), H(tableid), N(prep as i64)], {
        on_table(sesid, tableid, Op::Write, |t, tx| t.prepare_update(tx, prep))
    })
}

/// # Safety
/// As [`JetSetColumn`].
unsafe fn set_column(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    columnid: JET_COLUMNID,
    pv: *const c_void,
    cb: u32,
    grbit: JET_GRBIT,
    psetinfo: *const JET_SETINFO,
) -> JetResult<i32> {
    on_table(sesid, tableid, Op::Write, |t, tx| {
        // SAFETY: the caller's contract.
        let info = unsafe { super::get(psetinfo) };
        if cb > JET_cbLVColumnMost {
            return fail(JET_errInvalidParameter);
        }
        let (ib, itag) = match info {
            Some(i) if i.cbStruct < size_of::<JET_SETINFO>() as u32 => return fail(JET_errInvalidParameter),
            Some(i) => (i.ibLongValue, i.itagSequence),
            None => (0, 1),
        };
        // SAFETY: the caller's contract (`pvData` is valid for `cbData` bytes when not NULL).
        let data = unsafe { input(pv, cb) };
        t.set_column(tx, columnid, data, cb, grbit, itag, ib)
    })
}

/// Sets a column of the prepared update's copy buffer (data-records §4.2); nothing is written
/// until JetUpdate. `cbData` 0 sets NULL, or a zero-length value with `JET_bitSetZeroLength`;
/// a fixed column cannot be zero-length. `psetinfo` (optional) chooses the value of a
/// multi-valued column (`itagSequence`, 0 appends) and the offset in a long value.
///
/// Returns 0, `JET_wrnColumnMaxTruncated` (a variable column's value was cut to its maximum),
/// or: the handle and session codes, `JET_errUpdateNotPrepared`, `JET_errPermissionDenied`,
/// `JET_errTransReadOnly`, `JET_errInvalidParameter` (`cbData` beyond 2 GB, a short
/// `JET_SETINFO`), `JET_errInvalidGrbit`, `JET_errBadColumnId`, `JET_errColumnNotFound`,
/// `JET_errInvalidColumnType` (an autoincrement column, or a version column during a replace),
/// `JET_errInvalidBufferSize` (a fixed column of another size), `JET_errNullInvalid`,
/// `JET_errColumnTooBig`, `JET_errColumnDoesNotFit`, `JET_errRecordTooBig`,
/// `JET_errMultiValuedDuplicate`, `JET_errNotInTransaction` (a long value outside a
/// transaction).
///
/// # Safety
/// `pvData` is NULL or valid for reads of `cbData` bytes; `psetinfo` NULL or valid for reads of
/// its `cbStruct`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetColumn(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    columnid: JET_COLUMNID,
    pvData: *const c_void,
    cbData: u32,
    grbit: JET_GRBIT,
    psetinfo: *const JET_SETINFO,
) -> JET_ERR {
    guard!(
        "JetSetColumn",
        [
            H(sesid),
            H(tableid),
            N(columnid as i64),
            Ptr(pvData as usize),
            N(cbData as i64),
            N(grbit as i64),
            Ptr(psetinfo as usize)
        ],
        {
            // SAFETY: this function's contract.
            status(unsafe { set_column(sesid, tableid, columnid, pvData, cbData, grbit, psetinfo) }?)
        }
    )
}

/// Sets several columns (data-records §4.3): each element as JetSetColumn would, in order.
/// Each element that succeeds gets its result (0 or a warning) in `err`; the first error stops
/// the call and is returned, that element's `err` unwritten, the columns already set staying
/// set.
///
/// Returns 0 or the first error; the handle and session codes; `JET_errUpdateNotPrepared`
/// before the array is read; `JET_errInvalidParameter` (a NULL array with a count, or an
/// element of more than 2 GB, found before anything is set).
///
/// # Safety
/// `psetcolumn` is NULL or valid for reads and writes of `csetcolumn` elements, each `pvData`
/// valid for its `cbData`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetColumns(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    psetcolumn: *mut JET_SETCOLUMN,
    csetcolumn: u32,
) -> JET_ERR {
    guard!("JetSetColumns", [H(sesid), H(tableid), Ptr(psetcolumn as usize), N(csetcolumn as i64)], {
        on_table(sesid, tableid, Op::Write, |t, tx| {
            t.check_prepared(tx)?;
            if csetcolumn == 0 {
                return Ok(());
            }
            if psetcolumn.is_null() {
                return fail(JET_errInvalidParameter);
            }
            for i in 0..csetcolumn as usize {
                // SAFETY: the caller's contract: `csetcolumn` readable elements.
                let e = unsafe { psetcolumn.add(i).read_unaligned() };
                if e.cbData > JET_cbLVColumnMost {
                    return fail(JET_errInvalidParameter);
                }
            }
            let mut last = 0;
            for i in 0..csetcolumn as usize {
                // SAFETY: as above.
                let e = unsafe { psetcolumn.add(i).read_unaligned() };
                // SAFETY: the caller's contract for each element's data.
                let data = unsafe { input(e.pvData, e.cbData) };
                let r =
                    t.set_column(tx, e.columnid, data, e.cbData, e.grbit, e.itagSequence, e.ibLongValue)?;
                // SAFETY: the element is writable (the caller's contract).
                unsafe { std::ptr::addr_of_mut!((*psetcolumn.add(i)).err).write_unaligned(r) };
                last = r;
            }
            // The last element's result, as ESE returns it (fldmod.cxx:2040-2062).
            status(last)
        })
    })
}

/// # Safety
/// As [`JetUpdate2`].
unsafe fn update(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pv: *mut c_void,
    cb: u32,
    pcb: *mut u32,
    grbit: JET_GRBIT,
) -> Outcome {
    let on_temp = |t: &mut crate::engine::temp::TempCursor, tx: &mut Tx<'_>| {
        let replace = t
            .table
            .rec
            .update
            .as_ref()
            .is_some_and(|u| u.prep == JET_prepReplace || u.prep == JET_prepReplaceNoLock);
        let want = (!pv.is_null()).then_some(cb);
        // A sort in its insert phase gives no bookmark: `pv` and `*pcbActual` are untouched.
        if let Some(bm) = t.update(tx, if replace { None } else { want }, grbit)?
            && (!replace || cb > 0)
        {
            RawOut::new(pv, cb).put(0, &bm);
            // SAFETY: NULL or writable (the caller's contract).
            unsafe { put(pcb, bm.len() as u32) };
        }
        Ok(())
    };
    on_cursor(
        sesid,
        tableid,
        |t, tx| {
            let replace = t
                .rec
                .update
                .as_ref()
                .is_some_and(|u| u.prep == JET_prepReplace || u.prep == JET_prepReplaceNoLock);
            let want = (!pv.is_null()).then_some(cb);
            let bm = t.update(tx, if replace { None } else { want }, grbit)?;
            // An insert writes the bookmark whole (its size was checked first); a replace writes
            // what fits, and only when a buffer size was given.
            if !replace || cb > 0 {
                RawOut::new(pv, cb).put(0, &bm);
                // SAFETY: NULL or writable (the caller's contract).
                unsafe { put(pcb, bm.len() as u32) };
            }
            Ok(())
        },
        on_temp,
    )
}

/// Applies the prepared update (data-records §4.4): inserts the new record, or replaces the
/// current one, with every index. The cursor does not move. `pvBookmark` (optional, `cbBookmark`
/// bytes) receives the record's bookmark and `*pcbActual` its size. On an error the update stays
/// prepared, so the caller can fix it and try again or cancel it.
///
/// `grbit`: `JET_bitUpdateCheckESE97Compatibility` also refuses a record too big for ESE97's
/// format (`JET_errRecordTooBigForBackwardCompatibility`; a replace that set nothing is not
/// checked); other bits are ignored, as by Windows.
///
/// Returns 0, or: the handle and session codes, `JET_errUpdateNotPrepared`,
/// `JET_errPermissionDenied`, `JET_errTransReadOnly`, `JET_errBufferTooSmall` (the bookmark does
/// not fit, nothing written), `JET_errKeyDuplicate` (the primary key, or a unique index's key,
/// is taken, also where another session holds it or a commit since the transaction began
/// touched it: as in ESE, an insert never reports a write conflict), `JET_errNullInvalid`,
/// `JET_errNullKeyDisallowed`, `JET_errKeyTruncated`, `JET_errRecordPrimaryChanged` (a replace
/// changed the primary key), `JET_errRecordDeleted`, `JET_errWriteConflict` (a replace of a
/// record another session holds or that changed since the transaction began or since a replace
/// without lock was prepared),
/// `JET_errAutoIncrementNotSet`, `JET_errUpdateMustVersion`, `JET_errDiskFull`, `JET_errDiskIO`.
///
/// # Safety
/// `pvBookmark` is NULL or valid for writes of `cbBookmark` bytes; `pcbActual` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetUpdate2(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pvBookmark: *mut c_void,
    cbBookmark: u32,
    pcbActual: *mut u32,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetUpdate2",
        [
            H(sesid),
            H(tableid),
            O(pvBookmark as usize),
            N(cbBookmark as i64),
            O(pcbActual as usize),
            N(grbit as i64)
        ],
        {
            // SAFETY: this function's contract.
            unsafe { update(sesid, tableid, pvBookmark, cbBookmark, pcbActual, grbit) }
        }
    )
}

/// JetUpdate2 with grbit 0.
///
/// # Safety
/// As [`JetUpdate2`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetUpdate(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pvBookmark: *mut c_void,
    cbBookmark: u32,
    pcbActual: *mut u32,
) -> JET_ERR {
    guard!(
        "JetUpdate",
        [H(sesid), H(tableid), O(pvBookmark as usize), N(cbBookmark as i64), O(pcbActual as usize)],
        {
            // SAFETY: this function's contract.
            unsafe { update(sesid, tableid, pvBookmark, cbBookmark, pcbActual, 0) }
        }
    )
}

/// Deletes the current record and its index entries (data-records §4.5). The cursor stays where
/// the record was: reading it gives `JET_errRecordDeleted`, JetMove goes to its neighbours. A
/// prepared update is cancelled.
///
/// Returns 0, or: the handle and session codes, `JET_errPermissionDenied`,
/// `JET_errTransReadOnly`, `JET_errAlreadyPrepared` (an insert-copy-delete-original is
/// prepared), `JET_errNoCurrentRecord`, `JET_errRecordDeleted`, `JET_errDiskFull`,
/// `JET_errDiskIO`.
#[unsafe(no_mangle)]
pub extern "C" fn JetDelete(sesid: JET_SESID, tableid: JET_TABLEID) -> JET_ERR {
    guard!("JetDelete", [H(sesid), H(tableid)], {
        on_table(sesid, tableid, Op::Delete, |t, tx| t.delete(tx))
    })
}

/// The LP64 mode's retrieval (`engine::lp64`): a 4-byte integer value just copied into an 8-byte
/// buffer is widened in place and reported as 8 bytes. Anything else is left as it is.
///
/// # Safety
/// `pv` is NULL or valid for reads and writes of `cb` bytes.
unsafe fn widen_lp64(
    t: &mut TableCursor,
    columnid: u32,
    pv: *mut c_void,
    cb: u32,
    status: i32,
    cb_actual: &mut u32,
) {
    if *cb_actual != 4 || status != 0 || columnid == 0 || pv.is_null() || cb != 8 || !lp64::enabled() {
        return;
    }
    let Some(ct) = t.column_type(columnid).filter(|&ct| lp64::applies(ct)) else { return };
    let mut four = [0u8; 4];
    // SAFETY: `pv` is non-NULL and valid for `cb` (8) bytes, by the caller's contract; the
    // retrieval has just written its first 4.
    unsafe { std::ptr::copy_nonoverlapping(pv as *const u8, four.as_mut_ptr(), 4) };
    let eight = lp64::widen(ct, four);
    // SAFETY: as above: 8 writable bytes.
    unsafe { std::ptr::copy_nonoverlapping(eight.as_ptr(), pv as *mut u8, 8) };
    *cb_actual = 8;
    lp64::note_widened(columnid);
}

/// [`widen_lp64`] for the first `n` elements of a JetRetrieveColumns array, all written by it.
///
/// # Safety
/// `p` is valid for reads and writes of `n` elements, each `pvData` valid for its `cbData`.
unsafe fn widen_elements(t: &mut TableCursor, p: *mut JET_RETRIEVECOLUMN, n: usize) {
    if !lp64::enabled() {
        return;
    }
    for i in 0..n {
        // SAFETY: the caller's contract: `n` elements.
        let mut e = unsafe { p.add(i).read_unaligned() };
        let before = e.cbActual;
        // SAFETY: the caller's contract for the element's buffer.
        unsafe { widen_lp64(t, e.columnid, e.pvData, e.cbData, e.err, &mut e.cbActual) };
        if e.cbActual != before {
            // SAFETY: writable (the caller's contract).
            unsafe { p.add(i).write_unaligned(e) };
        }
    }
}

/// The shared checks of a retrieval element (data-records §5.1 steps 2 and 4).
fn check_retrieve_grbit(grbit: u32) -> Outcome {
    if grbit & 0xF000_0000 != 0 {
        return fail(JET_errInvalidGrbit);
    }
    Ok(())
}

/// # Safety
/// As [`JetRetrieveColumn`].
#[allow(clippy::too_many_arguments)]
unsafe fn retrieve_column(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    columnid: JET_COLUMNID,
    pv: *mut c_void,
    cb: u32,
    pcb: *mut u32,
    grbit: JET_GRBIT,
    pretinfo: *mut JET_RETINFO,
) -> Outcome {
    on_table(sesid, tableid, Op::Read, |t, tx| {
        // SAFETY: the caller's contract.
        let info = unsafe { super::get(pretinfo) };
        let (ib, itag) = match info {
            Some(i) if i.cbStruct < size_of::<JET_RETINFO>() as u32 => return fail(JET_errInvalidParameter),
            Some(i) => (i.ibLongValue, i.itagSequence),
            None => (0, 1),
        };
        check_retrieve_grbit(grbit)?;
        let mut out = RawOut::new(pv, cb);
        let mut r = t.retrieve_column(tx, columnid, &mut out, grbit, itag, ib)?;
        // SAFETY: the caller's contract for `pv`.
        unsafe { widen_lp64(t, columnid, pv, cb, r.status, &mut r.cb_actual) };
        // SAFETY: NULL or writable (the caller's contract).
        unsafe { put(pcb, r.cb_actual) };
        if !pretinfo.is_null() {
            // SAFETY: non-NULL and writable (the caller's contract).
            unsafe { std::ptr::addr_of_mut!((*pretinfo).columnidNextTagged).write_unaligned(r.columnid) };
            // Only a retrieval from an index entry reports its itag, and only when asked
            // (fldext.cxx:1866-1872); `columnid` 0 leaves the caller's ordinal alone.
            if grbit & JET_bitRetrieveTag != 0
                && grbit & (JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark) != 0
            {
                // SAFETY: as above.
                unsafe { std::ptr::addr_of_mut!((*pretinfo).itagSequence).write_unaligned(r.itag) };
            }
        }
        status(r.status)
    })
}

/// Reads a column of the current record, or of the prepared update's copy buffer with
/// `JET_bitRetrieveCopy` (data-records §5.1). Copies up to `cbData` bytes into `pvData` and
/// sets `*pcbActual` to the value's full size (0 for NULL). `pretinfo` (optional) chooses the
/// value of a multi-valued column and the offset in a long value; `columnid` 0 reads the
/// record's tagged values in order, `itagSequence` counting over all of them.
///
/// Returns 0, `JET_wrnColumnNull` (+1004), `JET_wrnBufferTruncated` (+1006: the value is longer
/// than `cbData`; `*pcbActual` says how long), or: the handle and session codes,
/// `JET_errInvalidParameter` (a short `JET_RETINFO`), `JET_errInvalidGrbit`,
/// `JET_errBadColumnId`, `JET_errColumnNotFound`, `JET_errBadItagSequence`,
/// `JET_errNoCurrentRecord`, `JET_errRecordDeleted`.
///
/// # Safety
/// `pvData` is NULL or valid for writes of `cbData` bytes; `pcbActual` NULL or writable;
/// `pretinfo` NULL or valid for reads and writes of a `JET_RETINFO`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetRetrieveColumn(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    columnid: JET_COLUMNID,
    pvData: *mut c_void,
    cbData: u32,
    pcbActual: *mut u32,
    grbit: JET_GRBIT,
    pretinfo: *mut JET_RETINFO,
) -> JET_ERR {
    guard!(
        "JetRetrieveColumn",
        [
            H(sesid),
            H(tableid),
            N(columnid as i64),
            O(pvData as usize),
            N(cbData as i64),
            O(pcbActual as usize),
            N(grbit as i64),
            Ptr(pretinfo as usize)
        ],
        {
            // SAFETY: this function's contract.
            unsafe { retrieve_column(sesid, tableid, columnid, pvData, cbData, pcbActual, grbit, pretinfo) }
        }
    )
}

/// Reads several columns (data-records §5.2). Each element is read as JetRetrieveColumn
/// would, its `cbActual`, `columnidNextTagged` and `err` written; an element with
/// `itagSequence` 0 receives the number of values of its column (of all tagged columns for
/// `columnid` 0) in `itagSequence`. An error in an element stops the call with that error.
///
/// Returns 0, `JET_wrnBufferTruncated` if any element was truncated, or the first error.
///
/// # Safety
/// `pretrievecolumn` is NULL or valid for reads and writes of `cretrievecolumn` elements, each
/// `pvData` valid for writes of its `cbData`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetRetrieveColumns(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pretrievecolumn: *mut JET_RETRIEVECOLUMN,
    cretrievecolumn: u32,
) -> JET_ERR {
    guard!(
        "JetRetrieveColumns",
        [H(sesid), H(tableid), Ptr(pretrievecolumn as usize), N(cretrievecolumn as i64)],
        {
            on_table(sesid, tableid, Op::Read, |t, tx| {
                if cretrievecolumn == 0 {
                    return Ok(());
                }
                if pretrievecolumn.is_null() {
                    return fail(JET_errInvalidParameter);
                }
                if let Some(r) = retrieve_in_place(t, tx, pretrievecolumn, cretrievecolumn as usize) {
                    return r;
                }
                let mut truncated = false;
                for i in 0..cretrievecolumn as usize {
                    // SAFETY: the caller's contract: `cretrievecolumn` elements.
                    let p = unsafe { pretrievecolumn.add(i) };
                    // SAFETY: as above.
                    let mut e = unsafe { p.read_unaligned() };
                    check_retrieve_grbit(e.grbit)?;
                    // From an index entry, the element's itag becomes the entry's (always, not
                    // only with JET_bitRetrieveTag: fldext.cxx:2497-2525); a read-only copy
                    // reads no index.
                    let from_index =
                        e.grbit & (JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark) != 0
                            && !t.read_only_copy();
                    if from_index {
                        let mut out = RawOut::new(e.pvData, e.cbData);
                        let r = t.retrieve_column(tx, e.columnid, &mut out, e.grbit, 1, e.ibLongValue)?;
                        e.itagSequence = r.itag;
                        e.cbActual = r.cb_actual;
                        e.columnidNextTagged = r.columnid;
                        e.err = r.status;
                        truncated |= r.status == JET_wrnBufferTruncated;
                    } else if e.itagSequence == 0 {
                        e.itagSequence = t.value_count(tx, e.columnid, e.grbit)?;
                        e.cbActual = 0;
                        e.err = 0;
                    } else {
                        let mut out = RawOut::new(e.pvData, e.cbData);
                        let r = t.retrieve_column(
                            tx,
                            e.columnid,
                            &mut out,
                            e.grbit,
                            e.itagSequence,
                            e.ibLongValue,
                        )?;
                        e.cbActual = r.cb_actual;
                        e.columnidNextTagged = r.columnid;
                        e.err = r.status;
                        truncated |= r.status == JET_wrnBufferTruncated;
                        // SAFETY: the caller's contract for the element's buffer.
                        unsafe { widen_lp64(t, e.columnid, e.pvData, e.cbData, e.err, &mut e.cbActual) };
                    }
                    // SAFETY: writable (the caller's contract).
                    unsafe { p.write_unaligned(e) };
                }
                status(if truncated { JET_wrnBufferTruncated } else { 0 })
            })
        }
    )
}

/// JetRetrieveColumns' common case (`None` when it does not apply): elements that are each a column of the current record at a real itag, read with one decode of the record. The
/// elements before a failing one are filled in, as the element-by-element loop leaves them.
fn retrieve_in_place(
    t: &mut TableCursor,
    tx: &Tx<'_>,
    p: *mut JET_RETRIEVECOLUMN,
    n: usize,
) -> Option<Outcome> {
    if n == 0 {
        return None;
    }
    // Only ever called with i < n.
    let at = |i: usize| {
        // SAFETY: the caller's contract: `n` readable elements.
        unsafe { p.add(i).read_unaligned() }
    };
    if !(0..n).all(|i| {
        let e = at(i);
        t.in_place(e.columnid, e.itagSequence, e.grbit)
    }) {
        return None;
    }
    let mut truncated = false;
    let want = |i: usize| {
        let e = at(i);
        Wanted {
            columnid: e.columnid,
            itag: e.itagSequence,
            grbit: e.grbit,
            ib: e.ibLongValue,
            out: RawOut::new(e.pvData, e.cbData),
        }
    };
    let got = |i: usize, d: Retrieved| {
        let mut e = at(i);
        e.cbActual = d.cb_actual;
        e.columnidNextTagged = d.columnid;
        e.err = d.status;
        truncated |= d.status == JET_wrnBufferTruncated;
        // SAFETY: writable (the caller's contract).
        unsafe { p.add(i).write_unaligned(e) };
    };
    let r = t.retrieve_in_place(tx, n, want, got);
    // The LP64 mode widens what the elements before any failing one received.
    let done = match r {
        Ok(()) => n,
        Err((i, _)) => i,
    };
    // SAFETY: the caller's contract; the first `done` elements were written.
    unsafe { widen_elements(t, p, done) };
    Some(match r {
        Err((_, e)) => Err(e),
        Ok(()) => status(if truncated { JET_wrnBufferTruncated } else { 0 }),
    })
}

/// Moves the cursor on its current index (data-records §6.1): `JET_MoveFirst`,
/// `JET_MoveLast`, `JET_MoveNext`, `JET_MovePrevious`, or any count of entries forward
/// (positive) or backward (negative); 0 checks that the cursor is on a record.
/// `JET_bitMoveKeyNE` skips entries with the current key. A prepared update is cancelled.
///
/// Returns 0, or: the handle and session codes, `JET_errNoCurrentRecord` (the move ran off the
/// index: the cursor is then after the last entry for a forward move, before the first for a
/// backward one), `JET_errRecordDeleted` (`cRow` 0 on a deleted record).
#[unsafe(no_mangle)]
pub extern "C" fn JetMove(sesid: JET_SESID, tableid: JET_TABLEID, cRow: i32, grbit: JET_GRBIT) -> JET_ERR {
    guard!("JetMove", [H(sesid), H(tableid), N(cRow as i64), N(grbit as i64)], {
        on_cursor(sesid, tableid, |t, tx| t.move_(tx, cRow, grbit), |t, tx| t.move_(tx, cRow, grbit))
    })
}

/// Copies the current record's bookmark (data-records §5.5): its normalized primary key, or
/// its 4-byte sequential id in a table without primary index. As in Windows the bookmark is
/// the one the cursor holds: that of a record deleted since is still given, and a cursor that
/// has not yet made its first move (just opened) has none.
///
/// Returns 0, or: the handle and session codes, `JET_errNoCurrentRecord`,
/// `JET_errBufferTooSmall` (`cbMax` too small: the start is copied and
/// `*pcbActual` says the size).
///
/// # Safety
/// `pvBookmark` is NULL or valid for writes of `cbMax` bytes; `pcbActual` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetBookmark(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pvBookmark: *mut c_void,
    cbMax: u32,
    pcbActual: *mut u32,
) -> JET_ERR {
    guard!(
        "JetGetBookmark",
        [H(sesid), H(tableid), O(pvBookmark as usize), N(cbMax as i64), O(pcbActual as usize)],
        {
            let write = |bm: Vec<u8>| {
                let mut out = RawOut::new(pvBookmark, cbMax);
                out.put(0, &bm);
                // SAFETY: NULL or writable (the caller's contract).
                unsafe { put(pcbActual, bm.len() as u32) };
                if bm.len() > out.cap() { fail(JET_errBufferTooSmall) } else { Ok(()) }
            };
            let cap = if pvBookmark.is_null() { 0 } else { cbMax };
            on_cursor(sesid, tableid, |t, tx| t.bookmark(tx), |t, tx| t.bookmark(tx, cap)).and_then(write)
        }
    )
}

/// Moves the cursor to the record of a bookmark (data-records §5.5). A prepared update is
/// cancelled. On a secondary index the cursor goes to the record's entry there.
///
/// Returns 0, or: the handle and session codes, `JET_errInvalidBookmark` (NULL or empty),
/// `JET_errRecordDeleted` (no such record), `JET_errNoCurrentRecord` (the record has no entry
/// in the current secondary index).
///
/// # Safety
/// `pvBookmark` is NULL or valid for reads of `cbBookmark` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGotoBookmark(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pvBookmark: *const c_void,
    cbBookmark: u32,
) -> JET_ERR {
    guard!("JetGotoBookmark", [H(sesid), H(tableid), Ptr(pvBookmark as usize), N(cbBookmark as i64)], {
        // SAFETY: the caller's contract.
        let bm = || match unsafe { input(pvBookmark, cbBookmark) } {
            Some(b) if !b.is_empty() => Ok(b),
            _ => fail(JET_errInvalidBookmark),
        };
        on_cursor(sesid, tableid, |t, tx| t.goto_bookmark(tx, bm()?), |t, tx| t.goto_bookmark(tx, bm()?))
    })
}

/// Copies the normalized key of the current index entry (data-records §5.4), or with
/// `JET_bitRetrieveCopy` the search key JetMakeKey built.
///
/// Returns 0, `JET_wrnBufferTruncated` (the key is longer than `cbMax`; `*pcbActual` says its
/// size), or: the handle and session codes, `JET_errNoCurrentRecord`, `JET_errRecordDeleted`,
/// `JET_errKeyNotMade` (RetrieveCopy without a search key).
///
/// # Safety
/// `pvKey` is NULL or valid for writes of `cbMax` bytes; `pcbActual` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetRetrieveKey(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pvKey: *mut c_void,
    cbMax: u32,
    pcbActual: *mut u32,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetRetrieveKey",
        [H(sesid), H(tableid), O(pvKey as usize), N(cbMax as i64), O(pcbActual as usize), N(grbit as i64)],
        {
            on_table(sesid, tableid, Op::Key, |t, tx| {
                if grbit & JET_bitRetrieveCopy != 0 {
                    // The search key (engine::seek): cut to the buffer without a warning.
                    let key = t.search_key()?;
                    RawOut::new(pvKey, cbMax).put(0, &key);
                    // SAFETY: NULL or writable (the caller's contract).
                    unsafe { put(pcbActual, key.len() as u32) };
                    return Ok(());
                }
                let key = t.current_key(tx)?;
                let mut out = RawOut::new(pvKey, cbMax);
                out.put(0, &key);
                // SAFETY: NULL or writable (the caller's contract).
                unsafe { put(pcbActual, key.len() as u32) };
                status(if key.len() > out.cap() { JET_wrnBufferTruncated } else { 0 })
            })
        }
    )
}

/// Adds a signed delta to an escrow column of the current record, inside a transaction
/// (data-records §4.6). `pvOld` (optional) receives the value before, `*pcbOldActual` the
/// column's size.
///
/// Returns 0, or: `JET_errNotInTransaction` (first), the handle and session codes,
/// `JET_errPermissionDenied`, `JET_errTransReadOnly`, `JET_errBadColumnId`,
/// `JET_errColumnNotFound`, `JET_errAlreadyPrepared`, `JET_errInvalidBufferSize` (`cbMax` not
/// the column's 4 or 8 bytes, or `cbOldMax` too small), `JET_errInvalidOperation` (not an
/// escrow column), `JET_errNoCurrentRecord`, `JET_errRecordDeleted`.
///
/// # Safety
/// `pv` is NULL or valid for reads of `cbMax` bytes; `pvOld` NULL or valid for writes of
/// `cbOldMax` bytes; `pcbOldActual` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetEscrowUpdate(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    columnid: JET_COLUMNID,
    pv: *const c_void,
    cbMax: u32,
    pvOld: *mut c_void,
    cbOldMax: u32,
    pcbOldActual: *mut u32,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetEscrowUpdate",
        [
            H(sesid),
            H(tableid),
            N(columnid as i64),
            Ptr(pv as usize),
            N(cbMax as i64),
            O(pvOld as usize),
            N(cbOldMax as i64),
            O(pcbOldActual as usize),
            N(grbit as i64)
        ],
        {
            on_table(sesid, tableid, Op::Write, |t, tx| {
                // SAFETY: the caller's contract.
                let delta = unsafe { input(pv, cbMax) }.unwrap_or(&[]);
                let old_max = (!pvOld.is_null()).then_some(cbOldMax);
                let mut old = t.escrow_update(tx, columnid, delta, old_max, grbit)?;
                // The LP64 mode: the old value of a 4-byte column into 8 bytes, widened.
                if let Ok(four) = <[u8; 4]>::try_from(old.as_slice())
                    && !pvOld.is_null()
                    && let Some(ct) = t.column_type(columnid).filter(|&ct| lp64::widens(ct, cbOldMax))
                {
                    old = lp64::widen(ct, four).to_vec();
                    lp64::note_widened(columnid);
                }
                RawOut::new(pvOld, cbOldMax).put(0, &old);
                // SAFETY: NULL or writable (the caller's contract).
                unsafe { put(pcbOldActual, old.len() as u32) };
                Ok(())
            })
        }
    )
}
