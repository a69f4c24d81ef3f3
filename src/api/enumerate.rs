//! JetEnumerateColumns (data-records §5.3): the engine lists the columns and values
//! (`engine::enumerate`); this shim reads the caller's request array and builds the result in
//! memory it gets from the caller's `pfnRealloc`, freeing all of it again if an allocation fails.
#![allow(non_snake_case)]

use super::{guard, put};
use crate::abi::consts::*;
use crate::abi::{JET_ENUMCOLUMN, JET_ENUMCOLUMNID, JET_ENUMCOLUMNVALUE, JET_ERR, JET_GRBIT, JET_PFNREALLOC};
use crate::abi::{JET_ENUMCOLUMN_SINGLE, JET_ENUMCOLUMN_U, JET_ENUMCOLUMN_VALUES, JET_SESID, JET_TABLEID};
use crate::engine::enumerate::{EnumBody, EnumRequest, Enumerated};
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::session::{self, Stop};
use core::ffi::c_void;

type Realloc = unsafe extern "C" fn(pvContext: *mut c_void, pv: *mut c_void, cb: u32) -> *mut c_void;

/// Everything allocated through the caller's allocator for one call, so that a failure frees
/// exactly that (fldenum.cxx:2500-2550).
struct Allocs {
    f: Realloc,
    ctx: *mut c_void,
    done: Vec<*mut c_void>,
}

impl Allocs {
    /// `cb` bytes from the caller's allocator (called even for 0 bytes, as ESE does);
    /// `JET_errOutOfMemory` when it returns NULL.
    fn get(&mut self, cb: usize) -> JetResult<*mut c_void> {
        let Ok(cb32) = u32::try_from(cb) else { return fail(JET_errOutOfMemory) };
        self.done.try_reserve(1).map_err(|_| JetError(JET_errOutOfMemory))?;
        // SAFETY: the caller's contract: `pfnRealloc` with a NULL block allocates `cb` bytes.
        let p = unsafe { (self.f)(self.ctx, std::ptr::null_mut(), cb32) };
        if p.is_null() {
            return fail(JET_errOutOfMemory);
        }
        self.done.push(p);
        Ok(p)
    }

    /// Gives every block back (newest first).
    fn free_all(&mut self) {
        for p in self.done.drain(..).rev() {
            // SAFETY: `p` came from this allocator in this call and was not freed yet.
            unsafe { (self.f)(self.ctx, p, 0) };
        }
    }
}

/// A block holding `bytes`.
fn copy_out(a: &mut Allocs, bytes: &[u8]) -> JetResult<*mut c_void> {
    let p = a.get(bytes.len())?;
    if !bytes.is_empty() {
        // SAFETY: `p` is a fresh block of `bytes.len()` bytes, not overlapping ours.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), p as *mut u8, bytes.len()) };
    }
    Ok(p)
}

/// Builds the caller's `JET_ENUMCOLUMN` array from the engine's result.
fn build(a: &mut Allocs, r: &Enumerated) -> JetResult<*mut JET_ENUMCOLUMN> {
    let n = r.alloc.max(r.columns.len());
    let cb = n.checked_mul(size_of::<JET_ENUMCOLUMN>()).ok_or(JetError(JET_errOutOfMemory))?;
    let arr = a.get(cb)? as *mut JET_ENUMCOLUMN;
    // SAFETY: `arr` holds `cb` writable bytes.
    unsafe { std::ptr::write_bytes(arr as *mut u8, 0, cb) };
    for (i, c) in r.columns.iter().enumerate() {
        let u = match &c.body {
            EnumBody::None => JET_ENUMCOLUMN_U {
                values: JET_ENUMCOLUMN_VALUES {
                    cEnumColumnValue: 0,
                    rgEnumColumnValue: std::ptr::null_mut(),
                },
            },
            EnumBody::Single(d) => {
                let p = copy_out(a, d)?;
                JET_ENUMCOLUMN_U { single: JET_ENUMCOLUMN_SINGLE { cbData: d.len() as u32, pvData: p } }
            }
            EnumBody::Values(vs) => {
                let cbv = vs
                    .len()
                    .checked_mul(size_of::<JET_ENUMCOLUMNVALUE>())
                    .ok_or(JetError(JET_errOutOfMemory))?;
                let rg = a.get(cbv)? as *mut JET_ENUMCOLUMNVALUE;
                // SAFETY: `rg` holds `cbv` writable bytes.
                unsafe { std::ptr::write_bytes(rg as *mut u8, 0, cbv) };
                // Written in the array at once, so that a later failure still frees it through
                // `Allocs` (the array itself needs no walk).
                for (k, v) in vs.iter().enumerate() {
                    let (cb, pv) = match &v.data {
                        Some(d) => (d.len() as u32, copy_out(a, d)?),
                        None => (0, std::ptr::null_mut()),
                    };
                    let e = JET_ENUMCOLUMNVALUE { itagSequence: v.itag, err: v.err, cbData: cb, pvData: pv };
                    // SAFETY: `k < vs.len()`, inside the block.
                    unsafe { rg.add(k).write_unaligned(e) };
                }
                JET_ENUMCOLUMN_U {
                    values: JET_ENUMCOLUMN_VALUES {
                        cEnumColumnValue: vs.len() as u32,
                        rgEnumColumnValue: rg,
                    },
                }
            }
        };
        let e = JET_ENUMCOLUMN { columnid: c.columnid, err: c.err, u };
        // SAFETY: `i < n`, inside the array.
        unsafe { arr.add(i).write_unaligned(e) };
    }
    Ok(arr)
}

/// Reads the caller's requests.
///
/// # Safety
/// `rg` is valid for reads of `n` elements, each `rgtagSequence` for its `ctagSequence`.
unsafe fn requests(n: u32, rg: *const JET_ENUMCOLUMNID) -> JetResult<Vec<EnumRequest>> {
    if rg.is_null() {
        return fail(JET_errInvalidParameter);
    }
    let mut v = Vec::new();
    v.try_reserve(n as usize).map_err(|_| JetError(JET_errOutOfMemory))?;
    for i in 0..n as usize {
        // SAFETY: the caller's contract.
        let e = unsafe { rg.add(i).read_unaligned() };
        let itags = if e.ctagSequence == 0 {
            Vec::new()
        } else {
            if e.rgtagSequence.is_null() {
                return fail(JET_errInvalidParameter);
            }
            let mut t = Vec::new();
            t.try_reserve(e.ctagSequence as usize).map_err(|_| JetError(JET_errOutOfMemory))?;
            // SAFETY: the caller's contract: `ctagSequence` readable itags.
            t.extend_from_slice(unsafe {
                std::slice::from_raw_parts(e.rgtagSequence, e.ctagSequence as usize)
            });
            t
        };
        v.push(EnumRequest { columnid: e.columnid, itags });
    }
    Ok(v)
}

/// Enumerates the columns of the current record, or of the prepared update's copy buffer with
/// `JET_bitEnumerateCopy` (data-records §5.3): all of them when `cEnumColumnId` is 0, else
/// those `rgEnumColumnId` lists (each with the itags of its `rgtagSequence`, all values when
/// `ctagSequence` is 0). The result is an array of `*pcEnumColumn` `JET_ENUMCOLUMN`s at
/// `*prgEnumColumn`, allocated with `pfnRealloc(pvReallocContext, NULL, cb)`, and in it each
/// value array and value; the caller frees each block with `pfnRealloc(pvReallocContext, pv,
/// 0)`. `err` of an entry: 0 (its values in `rgEnumColumnValue`), `JET_wrnColumnSingleValue`
/// (`JET_bitEnumerateCompressOutput`: its one value in `cbData`/`pvData`), `JET_wrnColumnNull`,
/// `JET_wrnColumnPresent` (`JET_bitEnumeratePresenceOnly`), `JET_wrnColumnDefault`
/// (`JET_bitEnumerateIgnoreDefault`, the record lacks the column), `JET_wrnColumnSkipped`
/// (id 0), `JET_errBadColumnId` / `JET_errColumnNotFound`; of a value also
/// `JET_wrnColumnTruncated` (a long value stored outside the record is cut to `cbDataMost`
/// bytes) and `JET_wrnColumnNotInRecord` (`JET_bitEnumerateInRecordOnly`). Other grbits:
/// `JET_bitEnumerateTaggedOnly` (only tagged columns; not with a list),
/// `JET_bitEnumerateIgnoreUserDefinedDefault`.
///
/// Returns 0, or: the handle and session codes; `JET_errInvalidParameter` (NULL
/// `pcEnumColumn`, `prgEnumColumn` or `pfnRealloc`, or a NULL list with a count);
/// `JET_errInvalidGrbit`; `JET_errCallbackFailed` (a column has a user-defined default and
/// neither IgnoreDefault grbit is given); `JET_errNoCurrentRecord`; `JET_errRecordDeleted`;
/// `JET_errOutOfMemory` (`pfnRealloc` returned NULL: everything this call allocated is freed,
/// `*pcEnumColumn` is 0 and `*prgEnumColumn` NULL); with a list, the first
/// `JET_errBadColumnId` / `JET_errColumnNotFound` of its entries, the result being returned
/// (and to be freed) all the same. `*pcEnumColumn` and `*prgEnumColumn` are set to 0 and NULL
/// once the handles are checked, so they are defined after every other error.
///
/// # Safety
/// `rgEnumColumnId` is NULL or valid for reads of `cEnumColumnId` elements (each
/// `rgtagSequence` of its `ctagSequence`); `pcEnumColumn` and `prgEnumColumn` NULL or
/// writable; `pfnRealloc` behaves as `realloc` does for the blocks it returns.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetEnumerateColumns(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    cEnumColumnId: u32,
    rgEnumColumnId: *mut JET_ENUMCOLUMNID,
    pcEnumColumn: *mut u32,
    prgEnumColumn: *mut *mut JET_ENUMCOLUMN,
    pfnRealloc: JET_PFNREALLOC,
    pvReallocContext: *mut c_void,
    cbDataMost: u32,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetEnumerateColumns",
        [
            H(sesid),
            H(tableid),
            N(cEnumColumnId as i64),
            Ptr(rgEnumColumnId as usize),
            O(pcEnumColumn as usize),
            O(prgEnumColumn as usize),
            Ptr(pfnRealloc.map_or(0, |f| f as usize)),
            Ptr(pvReallocContext as usize),
            N(cbDataMost as i64),
            N(grbit as i64)
        ],
        {
            let r = {
                let (mut s, c) = session::enter_table(sesid as u64, tableid as u64, Stop::Blocks)?;
                // ESE's outputs are references cleared first (fldenum.cxx:1872-1876).
                // SAFETY: NULL or writable (the caller's contract).
                unsafe {
                    put(pcEnumColumn, 0);
                    put(prgEnumColumn, std::ptr::null_mut());
                }
                if pcEnumColumn.is_null() || prgEnumColumn.is_null() || pfnRealloc.is_none() {
                    return fail(JET_errInvalidParameter);
                }
                let (data, tx) = s.data(c);
                let t = match data {
                    crate::engine::cursor::CursorData::Table(t) => t,
                    crate::engine::cursor::CursorData::Temp(t) => {
                        t.admit(crate::engine::temp::Op::Read)?;
                        &mut t.table
                    }
                    crate::engine::cursor::CursorData::Empty => return fail(JET_errInvalidTableId),
                };
                // SAFETY: the caller's contract for the list.
                let mut read = || unsafe { requests(cEnumColumnId, rgEnumColumnId) };
                t.enumerate_columns(&tx, cEnumColumnId, &mut read, cbDataMost, grbit)?
            };
            // The session is left before the caller's allocator runs.
            let Some(f) = pfnRealloc else { return fail(JET_errInvalidParameter) };
            let mut a = Allocs { f, ctx: pvReallocContext, done: Vec::new() };
            match build(&mut a, &r) {
                Ok(arr) => {
                    // SAFETY: both non-NULL (checked above) and writable.
                    unsafe {
                        put(pcEnumColumn, r.columns.len() as u32);
                        put(prgEnumColumn, arr);
                    }
                    if r.err == 0 { Ok(()) } else { Err(JetError(r.err)) }
                }
                Err(e) => {
                    a.free_all();
                    Err(e)
                }
            }
        }
    )
}
