//! Cursor positions and the smaller cursor calls: JetGetRecordPosition, JetGotoPosition,
//! JetDupCursor, JetGetCursorInfo, JetSetTableSequential, JetResetTableSequential,
//! JetPrereadKeys, JetGetLock (data-records §4.7, §6.6, §6.9-§6.12). Every function takes a
//! session and a cursor of it, checked in data-records §1.1's order (-1104, -1310, -1114, then
//! the session's state).
#![allow(non_snake_case)]

use super::temp::on_table;
use super::{guard, non_null, put};
use crate::abi::consts::*;
use crate::abi::{JET_ERR, JET_GRBIT, JET_RECPOS, JET_RECPOS2, JET_SESID, JET_TABLEID};
use crate::engine::error::fail;
use crate::engine::position::PrereadKey;
use crate::engine::session::{self, Stop};
use crate::engine::temp::Op;
use core::ffi::c_void;

/// Gives the current entry's position on the current index (data-records §6.6):
/// `centriesLT` entries come before it of `centriesTotal`, `centriesInRange` is 1. The counts
/// are exact (Windows estimates them), so JetGotoPosition with the same struct comes back to
/// the same entry while the index does not change. A `cbRecpos` of 16 to 31 fills a
/// `JET_RECPOS` (counts above 2^32-1 are truncated, as in Windows); 32 or more fills a
/// `JET_RECPOS2` (its 64-bit counts, and truncated copies in the deprecated fields).
/// `cbStruct` is set to the size filled. On a record this cursor deleted, the place it had.
/// The cost grows with the distance of the entry from the nearer end of the index.
///
/// Returns 0, or: the handle and session codes, `JET_errInvalidParameter` (`cbRecpos` below
/// 16, or a NULL `precpos`), `JET_errNoCurrentRecord` (not on an entry).
///
/// # Safety
/// `precpos` is NULL or valid for writes of `cbRecpos` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetRecordPosition(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    precpos: *mut JET_RECPOS,
    cbRecpos: u32,
) -> JET_ERR {
    guard!("JetGetRecordPosition", [H(sesid), H(tableid), O(precpos as usize), N(cbRecpos as i64)], {
        on_table(sesid, tableid, Op::Never, |t, tx| {
            if (cbRecpos as usize) < size_of::<JET_RECPOS>() {
                return fail(JET_errInvalidParameter);
            }
            let (lt, total) = t.record_position(tx)?;
            // S-BAD-01: where Windows would write.
            non_null(precpos)?;
            if (cbRecpos as usize) < size_of::<JET_RECPOS2>() {
                let r = JET_RECPOS {
                    cbStruct: size_of::<JET_RECPOS>() as u32,
                    centriesLT: lt as u32,
                    centriesInRange: 1,
                    centriesTotal: total as u32,
                };
                // SAFETY: non-NULL, and writable for cbRecpos >= 16 bytes by the contract.
                unsafe { put(precpos, r) };
            } else {
                let r = JET_RECPOS2 {
                    cbStruct: size_of::<JET_RECPOS2>() as u32,
                    centriesLTDeprecated: lt as u32,
                    centriesInRangeDeprecated: 1,
                    centriesTotalDeprecated: total as u32,
                    centriesLT: lt,
                    centriesTotal: total,
                };
                // SAFETY: non-NULL, and writable for cbRecpos >= 32 bytes by the contract.
                unsafe { put(precpos as *mut JET_RECPOS2, r) };
            }
            Ok(())
        })
    })
}

/// Moves to the entry at fraction `centriesLT / centriesTotal` of the current index
/// (data-records §6.6): entry number `centriesLT * n / centriesTotal` of its `n` entries, the
/// last one for a fraction of 1 (a `centriesTotal` of 0 counts as the fraction 0).
/// `precpos->cbStruct` is 16 (a `JET_RECPOS`) or 32 (a `JET_RECPOS2`, whose 64-bit counts are
/// used and whose deprecated `centriesLTDeprecated` and `centriesTotalDeprecated` must be 0).
/// A prepared update is cancelled, the index range removed and the search key cleared. The
/// cost grows with the distance of the target from the nearer end of the index.
///
/// Returns 0, or: the handle and session codes, `JET_errInvalidParameter` (NULL `precpos`,
/// another `cbStruct`, non-zero deprecated fields, `centriesLT > centriesTotal`),
/// `JET_errRecordNotFound` (the index is empty: the cursor is then before the first entry).
///
/// # Safety
/// `precpos` is NULL or valid for reads of its `cbStruct` bytes (16 at least).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGotoPosition(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    precpos: *mut JET_RECPOS,
) -> JET_ERR {
    guard!("JetGotoPosition", [H(sesid), H(tableid), Ptr(precpos as usize)], {
        on_table(sesid, tableid, Op::Never, |t, tx| {
            // SAFETY: the caller's contract: at least a JET_RECPOS is readable.
            let Some(r) = (unsafe { super::get(precpos as *const JET_RECPOS) }) else {
                return fail(JET_errInvalidParameter);
            };
            let (lt, total) = match r.cbStruct as usize {
                n if n == size_of::<JET_RECPOS>() => (r.centriesLT as u64, r.centriesTotal as u64),
                n if n == size_of::<JET_RECPOS2>() => {
                    // SAFETY: cbStruct says the caller's struct is a JET_RECPOS2, readable whole.
                    let Some(r2) = (unsafe { super::get(precpos as *const JET_RECPOS2) }) else {
                        return fail(JET_errInvalidParameter);
                    };
                    if r2.centriesLTDeprecated != 0 || r2.centriesTotalDeprecated != 0 {
                        return fail(JET_errInvalidParameter);
                    }
                    (r2.centriesLT, r2.centriesTotal)
                }
                _ => return fail(JET_errInvalidParameter),
            };
            t.goto_position(tx, lt, total)
        })
    })
}

/// Opens a second cursor on the table of `tableid` (data-records §6.9), as Windows does: on
/// the primary index (whatever index `tableid` is on), with no search key and no prepared
/// update, updatable exactly when `tableid` is. Like a cursor JetOpenTable opens, it moves to
/// the first record at its first call that needs one (a read finds the first record, seeing
/// records inserted since the duplicate was made; JetMove(JET_MoveNext) the second). It is the
/// session's own cursor, closed with JetCloseTable; opened inside a transaction, a rollback of
/// that level closes it. `grbit` is ignored.
///
/// Returns 0, or: the handle and session codes, `JET_errInvalidParameter` (NULL `ptableid`,
/// nothing opened), `JET_errOutOfCursors`. `*ptableid` is written only on success.
///
/// # Safety
/// `ptableid` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDupCursor(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    ptableid: *mut JET_TABLEID,
    grbit: JET_GRBIT,
) -> JET_ERR {
    let _ = grbit;
    guard!("JetDupCursor", [H(sesid), H(tableid), O(ptableid as usize), N(grbit as i64)], {
        let (mut s, c) = session::enter_table(sesid as u64, tableid as u64, Stop::Blocks)?;
        non_null(ptableid)?;
        let t = s.dup_cursor(c)?;
        // SAFETY: non-NULL, checked above; writable by the contract.
        unsafe { put(ptableid, t as JET_TABLEID) };
        Ok(())
    })
}

/// Checks that the cursor is on a record (data-records §6.10). `pvResult` is not used;
/// `cbMax` and `InfoLevel` must be 0. As in Windows, a cursor that has not yet made its first
/// move (just opened) is on no record: this call does not make the move.
///
/// Not yet as Windows: Windows also returns `JET_errWriteConflict` when another session has
/// an uncommitted change to the record; libesent has no table of other sessions' changes yet,
/// so it never does.
///
/// Returns 0, or: the handle and session codes, `JET_errInvalidParameter` (`cbMax` or
/// `InfoLevel` not 0), `JET_errNoCurrentRecord`, `JET_errRecordDeleted`.
#[unsafe(no_mangle)]
pub extern "C" fn JetGetCursorInfo(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pvResult: *mut c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    let _ = pvResult;
    guard!(
        "JetGetCursorInfo",
        [H(sesid), H(tableid), Ptr(pvResult as usize), N(cbMax as i64), N(InfoLevel as i64)],
        { on_table(sesid, tableid, Op::CursorInfo, |t, tx| t.cursor_info(tx, cbMax, InfoLevel)) }
    )
}

/// Hints that the current index will be scanned in order (data-records §6.11). The store
/// reads ahead through the OS page cache by itself, so the hint changes nothing; any `grbit`
/// is accepted (`JET_bitPrereadForward` / `Backward` in Windows).
///
/// Returns 0, or the handle and session codes.
#[unsafe(no_mangle)]
pub extern "C" fn JetSetTableSequential(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    guard!("JetSetTableSequential", [H(sesid), H(tableid), N(grbit as i64)], {
        on_table(sesid, tableid, Op::Never, |t, _| t.set_sequential(grbit, true))
    })
}

/// Ends the hint of JetSetTableSequential (data-records §6.11); any `grbit` is accepted.
///
/// Returns 0, or the handle and session codes.
#[unsafe(no_mangle)]
pub extern "C" fn JetResetTableSequential(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetResetTableSequential", [H(sesid), H(tableid), N(grbit as i64)], {
        on_table(sesid, tableid, Op::Never, |t, _| t.set_sequential(grbit, false))
    })
}

/// Reads ahead the parts of the current index where `ckeys` normalized keys (as
/// JetRetrieveKey gives them) would be (data-records §6.12): each key is looked up once.
/// `grbit` is `JET_bitPrereadForward` (keys ascending) or `JET_bitPrereadBackward`
/// (descending); equal neighbours are allowed. `*pckeysPreread` (optional) is set to 0 first,
/// then to the number of keys read ahead: all of them, on success.
///
/// Returns 0, or: the handle and session codes, `JET_errInvalidParameter` (NULL arrays,
/// `ckeys` below 1, a NULL key, keys out of order), `JET_errInvalidGrbit`,
/// `JET_errInvalidBufferSize` (a key of 0 bytes or longer than the index's key size).
///
/// # Safety
/// `rgpvKeys` and `rgcbKeys` are NULL or valid for reads of `ckeys` elements, each key NULL or
/// valid for reads of its size; `pckeysPreread` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetPrereadKeys(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    rgpvKeys: *const *const c_void,
    rgcbKeys: *const u32,
    ckeys: i32,
    pckeysPreread: *mut i32,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetPrereadKeys",
        [
            H(sesid),
            H(tableid),
            Ptr(rgpvKeys as usize),
            Ptr(rgcbKeys as usize),
            N(ckeys as i64),
            O(pckeysPreread as usize),
            N(grbit as i64)
        ],
        {
            on_table(sesid, tableid, Op::Never, |t, _| {
                // SAFETY: NULL or writable (the contract).
                unsafe { put(pckeysPreread, 0) };
                if rgpvKeys.is_null() || rgcbKeys.is_null() || ckeys <= 0 {
                    return fail(JET_errInvalidParameter);
                }
                let mut keys = Vec::new();
                keys.try_reserve_exact(ckeys as usize).map_err(crate::engine::error::oom)?;
                for i in 0..ckeys as usize {
                    // SAFETY: both arrays hold `ckeys` readable elements (the contract).
                    let (pv, cb) =
                        unsafe { (rgpvKeys.add(i).read_unaligned(), rgcbKeys.add(i).read_unaligned()) };
                    keys.push(if pv.is_null() {
                        PrereadKey::Null
                    } else if cb > JET_cbKeyMostMost {
                        PrereadKey::TooLong
                    } else {
                        // SAFETY: a non-NULL key is readable for its size (the contract); the
                        // slice lives no longer than the call.
                        PrereadKey::Key(unsafe { std::slice::from_raw_parts(pv as *const u8, cb as usize) })
                    });
                }
                let n = t.preread_keys(&keys, grbit)?;
                // SAFETY: as above.
                unsafe { put(pckeysPreread, n) };
                Ok(())
            })
        }
    )
}

/// Checks a lock request on the current record (data-records §4.7): `grbit` holds exactly
/// one of `JET_bitReadLock` and `JET_bitWriteLock`; the session is in a transaction.
///
/// Not yet as Windows: the lock is not taken. Windows makes another session's change to a
/// read-locked record, and any other session's lock or change of a write-locked one, fail
/// with `JET_errWriteConflict` until the transaction ends; libesent does not detect write
/// conflicts between sessions yet at all (for locks or for updates), so this call checks its
/// arguments and the cursor and returns.
///
/// Returns 0, or: the handle and session codes, `JET_errNotInTransaction`,
/// `JET_errInvalidGrbit`, `JET_errPermissionDenied` (a write lock through a read-only cursor),
/// `JET_errTransReadOnly` (a write lock in a read-only transaction), `JET_errNoCurrentRecord`,
/// `JET_errRecordDeleted`.
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLock(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    guard!("JetGetLock", [H(sesid), H(tableid), N(grbit as i64)], {
        on_table(sesid, tableid, Op::Never, |t, tx| t.get_lock(tx, grbit))
    })
}
