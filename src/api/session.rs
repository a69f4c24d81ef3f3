//! Sessions: begin, duplicate, end, session contexts, session parameters, version.
#![allow(non_snake_case)]

use super::{guard, non_null, put, trace};
use crate::abi::consts::*;
use crate::abi::*;
use crate::engine::error::fail;
use crate::engine::instance as inst;
use crate::engine::session::{self, Stop};
use core::ffi::c_void;
use std::fmt::Write as _;

/// The version JetGetVersion reports: the Windows 10 API level (major 10, build 10240) that
/// this header declares, in esent.dll's layout (major << 28 | minor << 24 | build << 8).
pub const VERSION: u32 = (10 << 28) | (10240 << 8);

#[inline(always)]
fn begin(instance: JET_INSTANCE, psesid: *mut JET_SESID) -> super::Outcome {
    let h = inst::begin_session(instance as u64, !psesid.is_null())?;
    // SAFETY: checked non-NULL by the engine's argument check above.
    unsafe { put(psesid, h as JET_SESID) };
    trace::wrote(|s| {
        let _ = write!(s, "out={h:#x}");
    });
    Ok(())
}

/// Begins a session on an instance (contract S-SES-01, S-SES-02). `szUserName` and
/// `szPassword` are ignored (any value, NULL included).
///
/// On success `*psesid` receives a new session handle (written only on success); the caller
/// ends it with JetEndSession, or JetTerm ends it. In single-instance mode `instance` may be 0,
/// `JET_instanceNil` or the single instance's handle; any other value is checked like in
/// multi-instance mode and gives `JET_errInvalidInstance` (contract S-HDL-04). The session
/// starts at transaction level 0 with the instance's commit default.
///
/// Returns 0, or, in this order: `JET_errInvalidInstance` (not 0/nil and not live),
/// `JET_errInvalidParameter` (0/nil outside single-instance mode), `JET_errClientRequestToStopJetService`,
/// `JET_errInstanceUnavailable`, `JET_errTermInProgress`, `JET_errNotInitialized`,
/// `JET_errInvalidParameter` (NULL `psesid`), `JET_errOutOfSessions` (already
/// `JET_paramMaxSessions` sessions, exactly), `JET_errOutOfMemory`.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetBeginSessionA(
    instance: JET_INSTANCE,
    psesid: *mut JET_SESID,
    szUserName: JET_PCSTR,
    szPassword: JET_PCSTR,
) -> JET_ERR {
    let _ = (szUserName, szPassword);
    guard!(
        "JetBeginSessionA",
        [H(instance), O(psesid as usize), A(szUserName), Hidden(szPassword.is_null())],
        { begin(instance, psesid) }
    )
}

/// JetBeginSessionA with UTF-16 user name and password (both ignored).
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetBeginSessionW(
    instance: JET_INSTANCE,
    psesid: *mut JET_SESID,
    szUserName: JET_PCWSTR,
    szPassword: JET_PCWSTR,
) -> JET_ERR {
    let _ = (szUserName, szPassword);
    guard!(
        "JetBeginSessionW",
        [H(instance), O(psesid as usize), W(szUserName), Hidden(szPassword.is_null())],
        { begin(instance, psesid) }
    )
}

/// The exported unsuffixed name, with the behaviour of JetBeginSessionA.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetBeginSession(
    instance: JET_INSTANCE,
    psesid: *mut JET_SESID,
    szUserName: JET_PCSTR,
    szPassword: JET_PCSTR,
) -> JET_ERR {
    let _ = (szUserName, szPassword);
    guard!(
        "JetBeginSession",
        [H(instance), O(psesid as usize), A(szUserName), Hidden(szPassword.is_null())],
        { begin(instance, psesid) }
    )
}

/// Begins a new session on the instance of `sesid` (contract S-SES-03). The new session
/// inherits nothing: level 0, no context, the instance's commit default. `*psesid` is written
/// only on success; the caller ends the new session with JetEndSession.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errClientRequestToStopJetService`,
/// `JET_errInstanceUnavailable`, `JET_errTermInProgress`, `JET_errSessionSharingViolation`
/// (another thread is inside a call on `sesid`), `JET_errInvalidParameter` (NULL `psesid`),
/// `JET_errOutOfSessions`, `JET_errOutOfMemory`.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDupSession(sesid: JET_SESID, psesid: *mut JET_SESID) -> JET_ERR {
    guard!("JetDupSession", [H(sesid), O(psesid as usize)], {
        let s = session::enter(sesid as u64, Stop::Blocks)?;
        non_null(psesid)?;
        let h = s.dup()?;
        // SAFETY: NULL or, by the caller's contract, valid for this write.
        unsafe { put(psesid, h as JET_SESID) };
        trace::wrote(|s| {
            let _ = write!(s, "out={h:#x}");
        });
        Ok(())
    })
}

/// Ends a session (contract S-SES-04, S-SES-05, S-TRX-04): rolls back every open transaction
/// level, frees its place under `JET_paramMaxSessions`, and makes `sesid` invalid. `grbit` is
/// ignored entirely (`JET_bitForceSessionClosed` included). Works after a stop-service request.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInstanceUnavailable`, `JET_errTermInProgress`,
/// `JET_errSessionSharingViolation` (another thread is inside a call on it, or its open
/// transaction was begun by another thread), `JET_errSessionInUse` (a session context is set:
/// reset it first). On any error the session stays alive and usable.
#[unsafe(no_mangle)]
pub extern "C" fn JetEndSession(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard!("JetEndSession", [H(sesid), G(grbit, END_BITS)], {
        session::with(sesid as u64, Stop::Ignored, |s| s.end())
    })
}

/// Attaches a caller-chosen context to the session, recording the calling thread (contract
/// S-SES-08). A transaction begun while a context is set belongs to the context: any thread
/// that sets the same context may continue it.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errClientRequestToStopJetService`,
/// `JET_errInstanceUnavailable`, `JET_errTermInProgress`, `JET_errSessionSharingViolation`,
/// `JET_errInvalidParameter` (`ulContext` 0 or all bits set), `JET_errSessionContextAlreadySet`
/// (a context is set, whatever its value).
#[unsafe(no_mangle)]
pub extern "C" fn JetSetSessionContext(sesid: JET_SESID, ulContext: JET_API_PTR) -> JET_ERR {
    guard!("JetSetSessionContext", [H(sesid), H(ulContext)], {
        session::enter(sesid as u64, Stop::Blocks)?.set_context(ulContext)
    })
}

/// Removes the session context; only the thread that set it may (contract S-SES-08).
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInstanceUnavailable`, `JET_errTermInProgress`,
/// `JET_errSessionSharingViolation`, `JET_errSessionContextNotSetByThisThread` (no context, or
/// another thread set it).
#[unsafe(no_mangle)]
pub extern "C" fn JetResetSessionContext(sesid: JET_SESID) -> JET_ERR {
    guard!("JetResetSessionContext", [H(sesid)], {
        session::enter(sesid as u64, Stop::Ignored)?.reset_context()
    })
}

/// Reads a session parameter (contract S-SES-09): `JET_sesparamCommitDefault` (4 bytes),
/// `JET_sesparamTransactionLevel` (4 bytes), `JET_sesparamOperationContext` (8 bytes, a
/// JET_OPERATIONCONTEXT), `JET_sesparamCorrelationID` (4 bytes). `*pcbParamActual` (may be NULL)
/// receives the size before the buffer is checked.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInstanceUnavailable`, `JET_errTermInProgress`,
/// `JET_errSessionSharingViolation`, `JET_errInvalidParameter` (both `pvParam` and
/// `pcbParamActual` NULL, or NULL `pvParam` with room), `JET_errInvalidSesparamId`,
/// `JET_errInvalidBufferSize` (`cbParamMax` not exactly 4 for `JET_sesparamCommitDefault` and
/// `JET_sesparamTransactionLevel`, a larger buffer included; smaller than the value for the
/// others).
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetSessionParameter(
    sesid: JET_SESID,
    sesparamid: u32,
    pvParam: *mut c_void,
    cbParamMax: u32,
    pcbParamActual: *mut u32,
) -> JET_ERR {
    guard!(
        "JetGetSessionParameter",
        [H(sesid), S(sesparamid), O(pvParam as usize), N(cbParamMax as i64), O(pcbParamActual as usize)],
        {
            let s = session::enter(sesid as u64, Stop::Ignored)?;
            let r = s.read_param(sesparamid, !pvParam.is_null(), !pcbParamActual.is_null(), cbParamMax)?;
            let (len, value) = (r.len, &r.bytes[..r.len]);
            // SAFETY: NULL or, by the caller's contract, valid for this write.
            unsafe { put(pcbParamActual, len as u32) };
            if !pcbParamActual.is_null() {
                trace::wrote(|s| {
                    let _ = write!(s, "*pcbParamActual={len}");
                });
            }
            r.fits?;
            // SAFETY: pvParam is non-NULL with room for cbParamMax >= value.len() bytes.
            unsafe { core::ptr::copy_nonoverlapping(value.as_ptr(), pvParam as *mut u8, value.len()) };
            trace::wrote(|s| {
                let _ = write!(s, "out={}", trace::sesparam_value(sesparamid, value));
            });
            Ok(())
        }
    )
}

/// Sets a session parameter (contract S-SES-09); `cbParam` must be the parameter's exact size.
/// `JET_sesparamCommitDefault` is stored as given (it is the default grbit of this session's
/// commits).
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errClientRequestToStopJetService`,
/// `JET_errInstanceUnavailable`, `JET_errTermInProgress`, `JET_errSessionSharingViolation`,
/// `JET_errInvalidParameter` (NULL `pvParam` with a non-zero size), `JET_errInvalidSesparamId`,
/// `JET_errInvalidBufferSize`, `JET_errFeatureNotAvailable` (`JET_sesparamTransactionLevel`
/// is read-only).
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetSetSessionParameter(
    sesid: JET_SESID,
    sesparamid: u32,
    pvParam: *mut c_void,
    cbParam: u32,
) -> JET_ERR {
    guard!(
        "JetSetSessionParameter",
        [H(sesid), S(sesparamid), SesV(sesparamid, pvParam as *const u8, cbParam), N(cbParam as i64)],
        {
            let mut s = session::enter(sesid as u64, Stop::Blocks)?;
            if pvParam.is_null() && cbParam != 0 {
                return fail(JET_errInvalidParameter);
            }
            let value: &[u8] = if cbParam == 0 {
                &[]
            } else {
                // SAFETY: non-NULL (checked) and, by the caller's contract, cbParam readable bytes.
                unsafe { core::slice::from_raw_parts(pvParam as *const u8, cbParam as usize) }
            };
            s.set_param(sesparamid, value)
        }
    )
}

/// Writes the engine version to `*pwVersion`: a non-zero number in esent.dll's layout
/// (contract S-SES-10; see `VERSION` in the README).
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errClientRequestToStopJetService`,
/// `JET_errInstanceUnavailable`, `JET_errTermInProgress`, `JET_errSessionSharingViolation`,
/// `JET_errInvalidParameter` (NULL `pwVersion`).
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetVersion(sesid: JET_SESID, pwVersion: *mut u32) -> JET_ERR {
    guard!("JetGetVersion", [H(sesid), O(pwVersion as usize)], {
        let _s = session::enter(sesid as u64, Stop::Blocks)?;
        non_null(pwVersion)?;
        // SAFETY: NULL or, by the caller's contract, valid for this write.
        unsafe { put(pwVersion, VERSION) };
        trace::wrote(|s| {
            let (major, minor, build) = (VERSION >> 28, (VERSION >> 24) & 0xf, (VERSION >> 8) & 0xffff);
            let _ = write!(s, "out={VERSION:#x} ({major}.{minor}.{build})");
        });
        Ok(())
    })
}
