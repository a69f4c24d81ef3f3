//! System parameters: JetSetSystemParameter and JetGetSystemParameter, A and W.
#![allow(non_snake_case)]

use super::{Encoding, Fit, Outcome, Utf8, Utf16, get, guard, non_null, put, trace, write_str};
use crate::abi::consts::*;
use crate::abi::*;
use crate::engine::error::{fail, try_string};
use crate::engine::instance::{self as inst, Got, UnicodeArg};
use crate::engine::params::UnicodeDefault;
use std::fmt::Write as _;

/// `JET_paramUnicodeIndexDefault`'s `lParam` read as ESE's setter reads it (jetapi.cxx
/// SetUnicodeIndexDefault): NULL → the built-in default; else the JET_UNICODEINDEX it points to,
/// its LCID turned into a locale name as index creation turns it (`ddl::lcid_locale`). An LCID
/// that names no locale (0 included: there is no user default locale to fall back on) →
/// `JET_errInvalidParameter`. Every other id → `None`.
///
/// # Safety
/// For `JET_paramUnicodeIndexDefault`, `lparam` is 0 or the address of a readable
/// JET_UNICODEINDEX.
pub(crate) unsafe fn unicode_arg(id: u32, lparam: JET_API_PTR) -> UnicodeArg {
    if id != JET_paramUnicodeIndexDefault {
        return None;
    }
    // SAFETY: 0 or a readable JET_UNICODEINDEX, by the caller's contract.
    let Some(u) = (unsafe { get(lparam as *const JET_UNICODEINDEX) }) else {
        return Some(UnicodeDefault::builtin());
    };
    Some(match super::ddl::lcid_locale(u.lcid) {
        Ok(Some(name)) => try_string(name).map(|locale| UnicodeDefault { locale, lcmap_flags: u.dwMapFlags }),
        Ok(None) | Err(_) => fail(JET_errInvalidParameter),
    })
}

unsafe fn set<E: Encoding>(
    pinstance: *mut JET_INSTANCE,
    sesid: JET_SESID,
    paramid: u32,
    lParam: JET_API_PTR,
    szParam: *const E::Unit,
) -> Outcome {
    // SAFETY: the caller passes NULL or a NUL-terminated string, and NULL or a JET_INSTANCE.
    let text = unsafe { E::read(szParam) }?;
    // SAFETY: NULL or, by the caller's contract, valid for this read.
    let target = unsafe { get(pinstance) }.map(|h| h as u64);
    // SAFETY: the caller passes what the parameter takes (a JET_UNICODEINDEX for that one).
    let unicode = unsafe { unicode_arg(paramid, lParam) };
    inst::set_system_parameter_with(target, sesid as u64, paramid, lParam as u64, text.as_deref(), unicode)
}

unsafe fn get_param<E: Encoding>(
    instance: JET_INSTANCE,
    sesid: JET_SESID,
    paramid: u32,
    plParam: *mut JET_API_PTR,
    szParam: *mut E::Unit,
    cbMax: u32,
) -> Outcome {
    let lparam_in =
        // SAFETY: NULL or, by the caller's contract, valid for this read.
        if inst::reads_lparam(paramid) { unsafe { get(plParam) }.map(|v| v as u64) } else { None };
    match inst::get_system_parameter(instance as u64, sesid as u64, paramid, lparam_in)? {
        Got::Int(v) => {
            non_null(plParam)?;
            // SAFETY: NULL or, by the caller's contract, valid for this write.
            unsafe { put(plParam, v as JET_API_PTR) };
            trace::wrote(|s| {
                let _ = write!(s, "out={}", v as i64);
            });
            Ok(())
        }
        Got::Str(s) => {
            // SAFETY: the caller passes NULL or a buffer of cbMax bytes.
            unsafe { write_text::<E>(szParam, cbMax, &s, Fit::Exact) }
        }
        Got::Text(s) => {
            // SAFETY: as above.
            unsafe { write_text::<E>(szParam, cbMax, &s, Fit::Truncate) }
        }
        Got::Unicode(u) => {
            // jetapi.cxx GetUnicodeIndexDefault: plParam is a JET_UNICODEINDEX of cbMax bytes.
            non_null(plParam)?;
            if (cbMax as usize) < size_of::<JET_UNICODEINDEX>() {
                return fail(JET_errBufferTooSmall);
            }
            // The locale back to its LCID as JET_IdxInfoLCID finds it (the root locale "" is
            // 0x7F); a name without one cannot be stored, but would be -1062 as in ESE.
            let lcid = match super::info::locale_lcid(&u.locale) {
                0 => return fail(JET_errInvalidLanguageId),
                l => l,
            };
            let v = JET_UNICODEINDEX { lcid, dwMapFlags: u.lcmap_flags };
            // SAFETY: non-NULL, and by the caller's contract a buffer of cbMax >= 8 bytes.
            unsafe { put(plParam as *mut JET_UNICODEINDEX, v) };
            trace::wrote(|s| {
                let _ = write!(s, "out={{lcid={:#x}, dwMapFlags={:#x}}}", v.lcid, v.dwMapFlags);
            });
            Ok(())
        }
        Got::Nothing => Ok(()),
    }
}

/// Writes a string parameter's value and traces what was written.
///
/// # Safety
/// `szParam` is NULL or a buffer of `cbMax` bytes.
unsafe fn write_text<E: Encoding>(szParam: *mut E::Unit, cbMax: u32, s: &str, fit: Fit) -> Outcome {
    // SAFETY: the caller passes NULL or a buffer of cbMax bytes.
    unsafe { write_str::<E>(szParam, cbMax, s, fit) }?;
    trace::wrote(|line| {
        // What was written: the text, cut to the buffer when truncated (S-PAR-04).
        let room = (cbMax as usize / size_of::<E::Unit>()).saturating_sub(1);
        let shown = if E::len(s) <= room { trace::quote(s) } else { trace::quote(&truncated::<E>(s, room)) };
        let _ = write!(line, "out={shown}");
    });
    Ok(())
}

/// The first `room` units of `s` as text (for the trace of a truncated string).
fn truncated<E: Encoding>(s: &str, room: usize) -> String {
    let mut units = 0;
    s.chars()
        .take_while(|c| {
            units += E::len(c.encode_utf8(&mut [0; 4]));
            units <= room
        })
        .collect()
}

/// Sets a system parameter (contract S-PAR-01..03, S-PAR-05).
///
/// The target is, in multi-instance mode: the instance of `sesid` when it is not 0/nil, else
/// `*pinstance` when `pinstance` is given and not 0/nil, else the global defaults that
/// JetCreateInstance copies. In single-instance mode per-instance parameters go to the single
/// instance. `JET_paramCommitDefault` with a sesid sets that session's default. Integer
/// parameters take `lParam`; string parameters take `szParam` (UTF-8).
///
/// `JET_paramUnicodeIndexDefault` takes a `JET_UNICODEINDEX *` in `lParam` and copies the locale
/// and LCMap flags that Unicode indexes of the instance take where their definition gives none
/// (NULL: back to en-US with `LCMAP_SORTKEY | NORM_IGNORECASE | NORM_IGNOREKANATYPE |
/// NORM_IGNOREWIDTH`); `LCMAP_SORTKEY` is added to the flags. An unknown LCID (0 included) or
/// invalid flags give `JET_errInvalidParameter`. It may still change after JetInit.
///
/// Setting the current value always succeeds (string parameters excepted). An advanced
/// parameter is silently ignored while `JET_paramEnableAdvanced` is 0.
///
/// Returns 0, or: `JET_errInvalidParameter` (unknown, illegal or read-only id; value out of
/// range; string too short or long), `JET_errAlreadyInitialized` (the parameter is locked once
/// an instance exists or is initialized), `JET_errInvalidSesid`, `JET_errInvalidInstance`,
/// `JET_errTermInProgress`, `JET_errUnicodeTranslationFail`.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetSystemParameterA(
    pinstance: *mut JET_INSTANCE,
    sesid: JET_SESID,
    paramid: u32,
    lParam: JET_API_PTR,
    szParam: JET_PCSTR,
) -> JET_ERR {
    guard!(
        "JetSetSystemParameterA",
        [PH(pinstance as *const usize), H(sesid), P(paramid), SysV(paramid, lParam), A(szParam)],
        {
            // SAFETY: the pointers are what this export's `# Safety` section requires.
            unsafe { set::<Utf8>(pinstance, sesid, paramid, lParam, szParam) }
        }
    )
}

/// JetSetSystemParameterA with a UTF-16 `szParam`.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetSystemParameterW(
    pinstance: *mut JET_INSTANCE,
    sesid: JET_SESID,
    paramid: u32,
    lParam: JET_API_PTR,
    szParam: JET_PCWSTR,
) -> JET_ERR {
    guard!(
        "JetSetSystemParameterW",
        [PH(pinstance as *const usize), H(sesid), P(paramid), SysV(paramid, lParam), W(szParam)],
        {
            // SAFETY: the pointers are what this export's `# Safety` section requires.
            unsafe { set::<Utf16>(pinstance, sesid, paramid, lParam, szParam) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetSetSystemParameterA.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetSystemParameter(
    pinstance: *mut JET_INSTANCE,
    sesid: JET_SESID,
    paramid: u32,
    lParam: JET_API_PTR,
    szParam: JET_PCSTR,
) -> JET_ERR {
    guard!(
        "JetSetSystemParameter",
        [PH(pinstance as *const usize), H(sesid), P(paramid), SysV(paramid, lParam), A(szParam)],
        {
            // SAFETY: the pointers are what this export's `# Safety` section requires.
            unsafe { set::<Utf8>(pinstance, sesid, paramid, lParam, szParam) }
        }
    )
}

/// Reads a system parameter (contract S-PAR-01, S-PAR-03..05, S-TRX-05), with the target rules
/// of JetSetSystemParameter (`instance` by value).
///
/// Integer parameters are written to `*plParam`; string parameters to `szParam`, at most
/// `cbMax` bytes including the NUL. For `JET_paramUnicodeIndexDefault`, `plParam` points to a
/// `JET_UNICODEINDEX` of `cbMax` bytes (less than its size: `JET_errBufferTooSmall`), which
/// receives the LCID and map flags. `JET_paramTransactionLevel` needs a sesid and reads its
/// level. `JET_paramErrorToString` reads a JET_ERR from `*plParam` and writes
/// `"JET_errName, description"`, truncated to `cbMax`.
///
/// Returns 0, or: `JET_errInvalidParameter` (unknown id, NULL `plParam` or `szParam`,
/// `cbMax` 0 for ErrorToString, TransactionLevel without a sesid), `JET_errBufferTooSmall`,
/// `JET_errInvalidSesid`, `JET_errInvalidInstance`, `JET_errTermInProgress`.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetSystemParameterA(
    instance: JET_INSTANCE,
    sesid: JET_SESID,
    paramid: u32,
    plParam: *mut JET_API_PTR,
    szParam: JET_PSTR,
    cbMax: u32,
) -> JET_ERR {
    guard!(
        "JetGetSystemParameterA",
        [H(instance), H(sesid), P(paramid), SysL(paramid, plParam), O(szParam as usize), N(cbMax as i64)],
        {
            // SAFETY: the pointers are what this export's `# Safety` section requires.
            unsafe { get_param::<Utf8>(instance, sesid, paramid, plParam, szParam, cbMax) }
        }
    )
}

/// JetGetSystemParameterA writing UTF-16 (`cbMax` still counts bytes).
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetSystemParameterW(
    instance: JET_INSTANCE,
    sesid: JET_SESID,
    paramid: u32,
    plParam: *mut JET_API_PTR,
    szParam: JET_PWSTR,
    cbMax: u32,
) -> JET_ERR {
    guard!(
        "JetGetSystemParameterW",
        [H(instance), H(sesid), P(paramid), SysL(paramid, plParam), O(szParam as usize), N(cbMax as i64)],
        {
            // SAFETY: the pointers are what this export's `# Safety` section requires.
            unsafe { get_param::<Utf16>(instance, sesid, paramid, plParam, szParam, cbMax) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetGetSystemParameterA.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetSystemParameter(
    instance: JET_INSTANCE,
    sesid: JET_SESID,
    paramid: u32,
    plParam: *mut JET_API_PTR,
    szParam: JET_PSTR,
    cbMax: u32,
) -> JET_ERR {
    guard!(
        "JetGetSystemParameter",
        [H(instance), H(sesid), P(paramid), SysL(paramid, plParam), O(szParam as usize), N(cbMax as i64)],
        {
            // SAFETY: the pointers are what this export's `# Safety` section requires.
            unsafe { get_param::<Utf8>(instance, sesid, paramid, plParam, szParam, cbMax) }
        }
    )
}
