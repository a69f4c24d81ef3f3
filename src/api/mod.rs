//! The `extern "C"` shims, one file per API family. A shim validates pointers, converts strings,
//! catches panics, calls the engine, and writes out-parameters on success. It keeps no state
//! and makes no decision beyond the shape of its arguments.

use crate::abi::consts::*;
use crate::abi::{JET_ERR, WCHAR};
use crate::engine::error::{JetError, JetResult, fail, oom, try_string};
use core::ffi::{CStr, c_char};

pub mod buffers;
pub mod cursor_info;
pub mod cursors;
pub mod database;
pub mod ddl;
pub mod enumerate;
pub mod info;
pub mod instance;
pub mod params;
pub mod records;
pub mod schema;
pub mod session;
pub mod structs;
pub mod table;
pub mod temp;
#[cfg(feature = "failpoints")]
pub mod testing;
pub mod trace;
pub mod transaction;
pub mod version;

/// The panic boundary (S-ABI-10) and the trace point of every export: runs the body, turning a
/// panic into `JET_errInternalError`. The engine's locks do not poison, so the library stays
/// usable after one. With ESENT_TRACE set, the call is logged with its arguments (formatted only
/// then: one cached flag is the whole cost otherwise). With the `failpoints` feature, the
/// failpoint "api" fires at the start of every export, so a test can inject a panic (or an
/// error) into any API family.
macro_rules! guard {
    ($name:literal, [$($arg:expr),* $(,)?], $body:block) => {{
        // The body is expanded twice, one closure per path, so that the untraced path is the
        // only caller of its closure and the compiler inlines it (one caller per instantiation).
        if $crate::engine::trace::enabled() {
            #[allow(unused_imports)]
            use $crate::api::trace::{Arg::*, *};
            $crate::api::trace::traced($name, || vec![$($arg),*], || -> $crate::api::Outcome {
                $crate::engine::failpoint::fail_point!("api");
                $body
            })
        } else {
            $crate::api::catch(|| -> $crate::api::Outcome {
                $crate::engine::failpoint::fail_point!("api");
                $body
            })
        }
    }};
}
pub(crate) use guard;

/// Runs a shim body inside the panic boundary.
#[inline(always)]
pub(crate) fn catch(body: impl FnOnce() -> Outcome) -> JET_ERR {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(r) => code(r),
        Err(_) => JET_errInternalError,
    }
}

/// What a shim body produces: success, or the code to return.
pub(crate) type Outcome = JetResult<()>;

pub(crate) fn code(r: Outcome) -> JET_ERR {
    match r {
        Ok(()) => JET_errSuccess,
        Err(JetError(c)) => c,
    }
}

/// The sesid check that data APIs make before converting their strings (data-ddl §1.1 steps
/// 1-2: a bad sesid is reported before a bad string); the session's own checks follow at entry.
pub(crate) fn check_sesid(sesid: crate::abi::JET_SESID) -> Outcome {
    if crate::engine::session::is_live(sesid as u64) { Ok(()) } else { fail(JET_errInvalidSesid) }
}

/// `JET_errInvalidParameter` unless `p` is non-NULL.
pub(crate) fn non_null<T>(p: *const T) -> JetResult<()> {
    if p.is_null() { fail(JET_errInvalidParameter) } else { Ok(()) }
}

/// Writes an out-parameter the caller passed (NULL is skipped; callers that require it check
/// first with [`non_null`]).
///
/// # Safety
/// `p` is NULL or valid for a write of `T`.
pub(crate) unsafe fn put<T>(p: *mut T, v: T) {
    if !p.is_null() {
        // SAFETY: non-NULL and, by the caller's contract, valid for writes of T. Unaligned
        // writes are tolerated because C callers sometimes pack their structures.
        unsafe { p.write_unaligned(v) }
    }
}

/// Reads an in-parameter the caller passed, or `None` for NULL.
///
/// # Safety
/// `p` is NULL or valid for a read of `T`.
pub(crate) unsafe fn get<T: Copy>(p: *const T) -> Option<T> {
    // SAFETY: non-NULL and, by the caller's contract, valid for reads of T.
    (!p.is_null()).then(|| unsafe { p.read_unaligned() })
}

/// A string encoding of the API: the A functions take UTF-8, the W functions UTF-16 (S-ABI-06).
/// Nothing here allocates infallibly: a copy that does not fit in memory is
/// `JET_errOutOfMemory`, never an abort (S-LIF-01).
pub(crate) trait Encoding {
    type Unit: Copy;
    /// The terminator.
    const NUL: Self::Unit;
    /// Reads a NUL-terminated string; NULL gives `None`, bad encoding -602, no memory -1011.
    ///
    /// # Safety
    /// `p` is NULL or points to a NUL-terminated string.
    unsafe fn read(p: *const Self::Unit) -> JetResult<Option<String>>;
    /// The string's code units, without a NUL.
    fn units(s: &str) -> impl Iterator<Item = Self::Unit>;
    /// How many code units [`Encoding::units`] yields.
    fn len(s: &str) -> usize;
}

pub(crate) enum Utf8 {}
pub(crate) enum Utf16 {}

impl Encoding for Utf8 {
    type Unit = c_char;
    const NUL: c_char = 0;
    unsafe fn read(p: *const c_char) -> JetResult<Option<String>> {
        if p.is_null() {
            return Ok(None);
        }
        // SAFETY: non-NULL and NUL-terminated by the caller's contract.
        let c = unsafe { CStr::from_ptr(p) };
        match c.to_str() {
            Ok(s) => try_string(s).map(Some),
            Err(_) => fail(JET_errUnicodeTranslationFail),
        }
    }
    fn units(s: &str) -> impl Iterator<Item = c_char> {
        s.bytes().map(|b| b as c_char)
    }
    fn len(s: &str) -> usize {
        s.len()
    }
}

impl Encoding for Utf16 {
    type Unit = WCHAR;
    const NUL: WCHAR = 0;
    unsafe fn read(p: *const WCHAR) -> JetResult<Option<String>> {
        if p.is_null() {
            return Ok(None);
        }
        // SAFETY: NUL-terminated by the caller's contract.
        let units = unsafe { wide_units(p) };
        // Two passes over the caller's string, so that the copy is one exact, fallible
        // reservation: first validate and measure, then fill.
        let mut bytes = 0usize;
        for c in char::decode_utf16(units.clone()) {
            bytes += c.map_err(|_| JetError(JET_errUnicodeTranslationFail))?.len_utf8();
        }
        let mut s = String::new();
        s.try_reserve_exact(bytes).map_err(oom)?;
        s.extend(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)));
        Ok(Some(s))
    }
    fn units(s: &str) -> impl Iterator<Item = WCHAR> {
        s.encode_utf16()
    }
    fn len(s: &str) -> usize {
        s.encode_utf16().count()
    }
}

/// The code units of a NUL-terminated UTF-16 string, NUL excluded, read in place.
///
/// # Safety
/// `p` is non-NULL and points to a NUL-terminated UTF-16 string that outlives the iterator.
pub(crate) unsafe fn wide_units(p: *const WCHAR) -> impl Iterator<Item = WCHAR> + Clone {
    let mut len = 0;
    // SAFETY: the string is NUL-terminated, so every unit up to the NUL is readable.
    while unsafe { p.add(len).read_unaligned() } != 0 {
        len += 1;
    }
    // SAFETY: i < len, inside the string measured above.
    (0..len).map(move |i| unsafe { p.add(i).read_unaligned() })
}

/// How a string result meets a buffer that is too small.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    /// `JET_errBufferTooSmall`, nothing written (S-PAR-05).
    Exact,
    /// Truncated and NUL-terminated (S-PAR-04).
    Truncate,
}

/// Copies `s` and its NUL into a caller buffer of `cb` bytes, without allocating.
///
/// # Safety
/// `buf` is NULL or valid for writes of `cb` bytes.
pub(crate) unsafe fn write_str<E: Encoding>(buf: *mut E::Unit, cb: u32, s: &str, fit: Fit) -> Outcome {
    non_null(buf)?;
    let unit = size_of::<E::Unit>();
    let room = cb as usize / unit;
    if room == 0 {
        return fail(if fit == Fit::Exact { JET_errBufferTooSmall } else { JET_errInvalidParameter });
    }
    let len = E::len(s);
    if len + 1 > room && fit == Fit::Exact {
        return fail(JET_errBufferTooSmall);
    }
    // Truncated to leave room for the NUL.
    let n = len.min(room - 1);
    for (i, u) in E::units(s).take(n).enumerate() {
        // SAFETY: i < n < room, and room units fit in the caller's cb bytes.
        unsafe { buf.add(i).write_unaligned(u) };
    }
    // SAFETY: n < room.
    unsafe { buf.add(n).write_unaligned(E::NUL) };
    Ok(())
}
