//! The `extern "C"` shims, one file per API family. A shim validates pointers, converts strings,
//! catches panics, calls the engine, and writes out-parameters on success. It keeps no state
//! and makes no decision beyond the shape of its arguments.

use crate::abi::consts::*;
use crate::abi::{JET_ERR, WCHAR};
use crate::engine::error::{JetError, JetResult, fail};
use core::ffi::{CStr, c_char};

pub mod buffers;
pub mod instance;
pub mod params;
pub mod session;
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
pub(crate) trait Encoding {
    type Unit: Copy;
    /// Reads a NUL-terminated string; NULL gives `None`, bad encoding -602.
    ///
    /// # Safety
    /// `p` is NULL or points to a NUL-terminated string.
    unsafe fn read(p: *const Self::Unit) -> JetResult<Option<String>>;
    /// The string as code units followed by a NUL.
    fn encode(s: &str) -> Vec<Self::Unit>;
}

pub(crate) enum Utf8 {}
pub(crate) enum Utf16 {}

impl Encoding for Utf8 {
    type Unit = c_char;
    unsafe fn read(p: *const c_char) -> JetResult<Option<String>> {
        if p.is_null() {
            return Ok(None);
        }
        // SAFETY: non-NULL and NUL-terminated by the caller's contract.
        let c = unsafe { CStr::from_ptr(p) };
        match c.to_str() {
            Ok(s) => Ok(Some(s.to_owned())),
            Err(_) => fail(JET_errUnicodeTranslationFail),
        }
    }
    fn encode(s: &str) -> Vec<c_char> {
        s.bytes().map(|b| b as c_char).chain(Some(0)).collect()
    }
}

impl Encoding for Utf16 {
    type Unit = WCHAR;
    unsafe fn read(p: *const WCHAR) -> JetResult<Option<String>> {
        if p.is_null() {
            return Ok(None);
        }
        let mut len = 0;
        // SAFETY: the caller's string is NUL-terminated, so every unit up to the NUL is readable.
        while unsafe { p.add(len).read_unaligned() } != 0 {
            len += 1;
        }
        let units: Vec<u16> = (0..len).map(|i| unsafe { p.add(i).read_unaligned() }).collect();
        String::from_utf16(&units).map(Some).map_err(|_| JetError(JET_errUnicodeTranslationFail))
    }
    fn encode(s: &str) -> Vec<WCHAR> {
        s.encode_utf16().chain(Some(0)).collect()
    }
}

/// How a string result meets a buffer that is too small.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    /// `JET_errBufferTooSmall`, nothing written (S-PAR-05).
    Exact,
    /// Truncated and NUL-terminated (S-PAR-04).
    Truncate,
}

/// Copies `s` and its NUL into a caller buffer of `cb` bytes.
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
    let mut units = E::encode(s);
    if units.len() > room {
        if fit == Fit::Exact {
            return fail(JET_errBufferTooSmall);
        }
        units.truncate(room);
        *units.last_mut().expect("room > 0") = truncate_nul::<E>();
    }
    for (i, u) in units.into_iter().enumerate() {
        // SAFETY: i < room, and room units fit in the caller's cb bytes.
        unsafe { buf.add(i).write_unaligned(u) };
    }
    Ok(())
}

fn truncate_nul<E: Encoding>() -> E::Unit {
    // The NUL of any encoding: the last unit of an encoded empty string.
    *E::encode("").last().expect("NUL")
}
