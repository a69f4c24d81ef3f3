//! Databases: create, attach, detach, open, close (data-ddl §4; S-THD-03, S-NAM-03, S-STO-*).
#![allow(non_snake_case)]

use super::{Encoding, Outcome, Utf8, Utf16, guard, non_null, put};
use crate::abi::consts::*;
use crate::abi::*;
use crate::engine::database::Attached;
use crate::engine::error::{JetError, fail};
use crate::engine::session::{self, Stop};
use crate::engine::trace;
use std::fmt::Write as _;

/// The sesid is checked before strings are converted (data-ddl §1.1 steps 1-2); the session's
/// own checks come after.
fn check_sesid(sesid: JET_SESID) -> Outcome {
    if session::is_live(sesid as u64) { Ok(()) } else { fail(JET_errInvalidSesid) }
}

/// # Safety
/// `name` is NULL or NUL-terminated; `pdbid` is NULL or valid for a write.
unsafe fn create<E: Encoding>(
    sesid: JET_SESID,
    name: *const E::Unit,
    max_pages: u32,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> Outcome {
    check_sesid(sesid)?;
    // SAFETY: NULL or NUL-terminated (the caller's contract).
    let name = unsafe { E::read(name) }?;
    let mut s = session::enter(sesid as u64, Stop::Blocks)?;
    let dbid = s.create_database(name.as_deref(), max_pages, grbit, !pdbid.is_null())?;
    // SAFETY: checked non-NULL by the engine before anything was made.
    unsafe { put(pdbid, dbid) };
    trace::wrote(|t| {
        let _ = write!(t, "out={dbid}");
    });
    Ok(())
}

/// Creates a database file and attaches it to the session's instance, opened once for this
/// session (data-ddl §4.2). `szConnect` is ignored. On success `*pdbid` receives the database
/// id (the same for every session of the instance); close it with JetCloseDatabase and detach
/// it with JetDetachDatabase (JetTerm detaches everything).
///
/// The file is libesent's own format (S-STO-01), created atomically: after a crash there is
/// either no file or a whole empty database, never a half-made one. Backslashes in the path are
/// separators (S-NAM-03).
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errUnicodeTranslationFail`,
/// `JET_errClientRequestToStopJetService`, `JET_errInstanceUnavailable`,
/// `JET_errTermInProgress`, `JET_errSessionSharingViolation`, `JET_errInTransaction` (level >
/// 0), `JET_errCannotDisableVersioning`, `JET_errDatabaseInvalidPath` (NULL or empty name),
/// `JET_errDatabaseDuplicate` (already attached to this instance, or the file exists without
/// `JET_bitDbOverwriteExisting`), `JET_errDatabaseSharingViolation` (attached to another
/// instance of this process), `JET_errTooManyAttachedDatabases` (6 already),
/// `JET_errInvalidParameter` (NULL `pdbid`), `JET_errFileAccessDenied` (another process holds
/// the file), `JET_errInvalidPath`, `JET_errDiskFull`, `JET_errDiskIO`.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateDatabaseA(
    sesid: JET_SESID,
    szFilename: JET_PCSTR,
    szConnect: JET_PCSTR,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetCreateDatabaseA",
        [H(sesid), A(szFilename), A(szConnect), O(pdbid as usize), G(grbit, DB_BITS)],
        {
            // SAFETY: as this function's contract.
            unsafe { create::<Utf8>(sesid, szFilename, 0, pdbid, grbit) }
        }
    )
}

/// JetCreateDatabaseA with UTF-16 strings.
///
/// # Safety
/// As JetCreateDatabaseA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateDatabaseW(
    sesid: JET_SESID,
    szFilename: JET_PCWSTR,
    szConnect: JET_PCWSTR,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetCreateDatabaseW",
        [H(sesid), W(szFilename), W(szConnect), O(pdbid as usize), G(grbit, DB_BITS)],
        {
            // SAFETY: as this function's contract.
            unsafe { create::<Utf16>(sesid, szFilename, 0, pdbid, grbit) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetCreateDatabaseA.
///
/// # Safety
/// As JetCreateDatabaseA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateDatabase(
    sesid: JET_SESID,
    szFilename: JET_PCSTR,
    szConnect: JET_PCSTR,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetCreateDatabase",
        [H(sesid), A(szFilename), A(szConnect), O(pdbid as usize), G(grbit, DB_BITS)],
        {
            // SAFETY: as this function's contract.
            unsafe { create::<Utf8>(sesid, szFilename, 0, pdbid, grbit) }
        }
    )
}

/// JetCreateDatabaseA with a size limit: `cpgDatabaseSizeMax` pages of `JET_paramDatabasePageSize`
/// (0: no limit). A commit that would grow the file past it fails with
/// `JET_errOutOfDatabaseSpace` and changes nothing. Other codes as JetCreateDatabaseA.
///
/// # Safety
/// As JetCreateDatabaseA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateDatabase2A(
    sesid: JET_SESID,
    szFilename: JET_PCSTR,
    cpgDatabaseSizeMax: u32,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetCreateDatabase2A",
        [H(sesid), A(szFilename), N(cpgDatabaseSizeMax as i64), O(pdbid as usize), G(grbit, DB_BITS)],
        {
            // SAFETY: as this function's contract.
            unsafe { create::<Utf8>(sesid, szFilename, cpgDatabaseSizeMax, pdbid, grbit) }
        }
    )
}

/// JetCreateDatabase2A with a UTF-16 file name.
///
/// # Safety
/// As JetCreateDatabaseA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateDatabase2W(
    sesid: JET_SESID,
    szFilename: JET_PCWSTR,
    cpgDatabaseSizeMax: u32,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetCreateDatabase2W",
        [H(sesid), W(szFilename), N(cpgDatabaseSizeMax as i64), O(pdbid as usize), G(grbit, DB_BITS)],
        {
            // SAFETY: as this function's contract.
            unsafe { create::<Utf16>(sesid, szFilename, cpgDatabaseSizeMax, pdbid, grbit) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetCreateDatabase2A.
///
/// # Safety
/// As JetCreateDatabaseA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateDatabase2(
    sesid: JET_SESID,
    szFilename: JET_PCSTR,
    cpgDatabaseSizeMax: u32,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetCreateDatabase2",
        [H(sesid), A(szFilename), N(cpgDatabaseSizeMax as i64), O(pdbid as usize), G(grbit, DB_BITS)],
        {
            // SAFETY: as this function's contract.
            unsafe { create::<Utf8>(sesid, szFilename, cpgDatabaseSizeMax, pdbid, grbit) }
        }
    )
}

/// # Safety
/// `name` is NULL or NUL-terminated.
unsafe fn attach<E: Encoding>(
    sesid: JET_SESID,
    name: *const E::Unit,
    max_pages: u32,
    grbit: JET_GRBIT,
) -> Outcome {
    check_sesid(sesid)?;
    // SAFETY: NULL or NUL-terminated (the caller's contract).
    let name = unsafe { E::read(name) }?;
    let mut s = session::enter(sesid as u64, Stop::Blocks)?;
    match s.attach_database(name.as_deref(), max_pages, grbit)? {
        Attached::Now => Ok(()),
        // A warning: the database was attached already, and nothing was done.
        Attached::Already => Err(JetError(JET_wrnDatabaseAttached)),
    }
}

/// Attaches an existing database file to the session's instance (data-ddl §4.3); open it with
/// JetOpenDatabase. With `JET_bitDbReadOnly` the file is never written.
///
/// Returns 0, `JET_wrnDatabaseAttached` (+1007: already attached to this instance; nothing
/// done), or: `JET_errInvalidSesid`, `JET_errUnicodeTranslationFail`, the session-entry codes
/// (as JetCreateDatabaseA), `JET_errInTransaction`, `JET_errCannotDisableVersioning`,
/// `JET_errDatabaseInvalidPath`, `JET_errInvalidGrbit` (`JET_bitDbDeleteUnicodeIndexes` with
/// `JET_bitDbReadOnly`), `JET_errFileNotFound`, `JET_errDatabaseFileReadOnly` (the file cannot be
/// written and `JET_bitDbReadOnly` is not given), `JET_errDatabaseSharingViolation`,
/// `JET_errTooManyAttachedDatabases`, `JET_errInvalidDatabaseVersion` (a Windows ESE database or
/// a newer libesent format), `JET_errDatabaseCorrupted` (any other file: not ours, truncated,
/// damaged; the file is not written), `JET_errPageSizeMismatch`, `JET_errFileAccessDenied`
/// (another process holds it), `JET_errDiskIO`.
///
/// # Safety
/// `szFilename` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetAttachDatabaseA(
    sesid: JET_SESID,
    szFilename: JET_PCSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetAttachDatabaseA", [H(sesid), A(szFilename), G(grbit, DB_BITS)], {
        // SAFETY: as this function's contract.
        unsafe { attach::<Utf8>(sesid, szFilename, 0, grbit) }
    })
}

/// JetAttachDatabaseA with a UTF-16 file name.
///
/// # Safety
/// As JetAttachDatabaseA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetAttachDatabaseW(
    sesid: JET_SESID,
    szFilename: JET_PCWSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetAttachDatabaseW", [H(sesid), W(szFilename), G(grbit, DB_BITS)], {
        // SAFETY: as this function's contract.
        unsafe { attach::<Utf16>(sesid, szFilename, 0, grbit) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetAttachDatabaseA.
///
/// # Safety
/// As JetAttachDatabaseA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetAttachDatabase(
    sesid: JET_SESID,
    szFilename: JET_PCSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetAttachDatabase", [H(sesid), A(szFilename), G(grbit, DB_BITS)], {
        // SAFETY: as this function's contract.
        unsafe { attach::<Utf8>(sesid, szFilename, 0, grbit) }
    })
}

/// JetAttachDatabaseA with a size limit in pages (0: none), as JetCreateDatabase2A.
///
/// # Safety
/// As JetAttachDatabaseA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetAttachDatabase2A(
    sesid: JET_SESID,
    szFilename: JET_PCSTR,
    cpgDatabaseSizeMax: u32,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetAttachDatabase2A",
        [H(sesid), A(szFilename), N(cpgDatabaseSizeMax as i64), G(grbit, DB_BITS)],
        {
            // SAFETY: as this function's contract.
            unsafe { attach::<Utf8>(sesid, szFilename, cpgDatabaseSizeMax, grbit) }
        }
    )
}

/// JetAttachDatabase2A with a UTF-16 file name.
///
/// # Safety
/// As JetAttachDatabaseA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetAttachDatabase2W(
    sesid: JET_SESID,
    szFilename: JET_PCWSTR,
    cpgDatabaseSizeMax: u32,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetAttachDatabase2W",
        [H(sesid), W(szFilename), N(cpgDatabaseSizeMax as i64), G(grbit, DB_BITS)],
        {
            // SAFETY: as this function's contract.
            unsafe { attach::<Utf16>(sesid, szFilename, cpgDatabaseSizeMax, grbit) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetAttachDatabase2A.
///
/// # Safety
/// As JetAttachDatabaseA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetAttachDatabase2(
    sesid: JET_SESID,
    szFilename: JET_PCSTR,
    cpgDatabaseSizeMax: u32,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetAttachDatabase2",
        [H(sesid), A(szFilename), N(cpgDatabaseSizeMax as i64), G(grbit, DB_BITS)],
        {
            // SAFETY: as this function's contract.
            unsafe { attach::<Utf8>(sesid, szFilename, cpgDatabaseSizeMax, grbit) }
        }
    )
}

/// # Safety
/// `name` is NULL or NUL-terminated.
unsafe fn detach<E: Encoding>(sesid: JET_SESID, name: *const E::Unit, grbit: JET_GRBIT) -> Outcome {
    check_sesid(sesid)?;
    // SAFETY: NULL or NUL-terminated (the caller's contract).
    let name = unsafe { E::read(name) }?;
    session::enter(sesid as u64, Stop::Ignored)?.detach_database(name.as_deref(), grbit)
}

/// Detaches a database from the session's instance (data-ddl §4.4): its lazy commits are made
/// durable and the file is closed. NULL or an empty name detaches every database of the
/// instance. Works after a stop-service request. JetDetachDatabase is JetDetachDatabase2 with
/// grbit 0.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errUnicodeTranslationFail`,
/// `JET_errInstanceUnavailable`, `JET_errTermInProgress`, `JET_errSessionSharingViolation`,
/// `JET_errForceDetachNotAllowed` (`JET_bitForceDetach`), `JET_errInTransaction`,
/// `JET_errDatabaseNotFound` (not attached to this instance), `JET_errDatabaseInUse` (a session,
/// this one included, still has it open).
///
/// # Safety
/// `szFilename` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDetachDatabase2A(
    sesid: JET_SESID,
    szFilename: JET_PCSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetDetachDatabase2A", [H(sesid), A(szFilename), G(grbit, DETACH_BITS)], {
        // SAFETY: as this function's contract.
        unsafe { detach::<Utf8>(sesid, szFilename, grbit) }
    })
}

/// JetDetachDatabase2A with a UTF-16 file name.
///
/// # Safety
/// As JetDetachDatabase2A.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDetachDatabase2W(
    sesid: JET_SESID,
    szFilename: JET_PCWSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetDetachDatabase2W", [H(sesid), W(szFilename), G(grbit, DETACH_BITS)], {
        // SAFETY: as this function's contract.
        unsafe { detach::<Utf16>(sesid, szFilename, grbit) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetDetachDatabase2A.
///
/// # Safety
/// As JetDetachDatabase2A.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDetachDatabase2(
    sesid: JET_SESID,
    szFilename: JET_PCSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!("JetDetachDatabase2", [H(sesid), A(szFilename), G(grbit, DETACH_BITS)], {
        // SAFETY: as this function's contract.
        unsafe { detach::<Utf8>(sesid, szFilename, grbit) }
    })
}

/// JetDetachDatabase2A with grbit 0.
///
/// # Safety
/// As JetDetachDatabase2A.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDetachDatabaseA(sesid: JET_SESID, szFilename: JET_PCSTR) -> JET_ERR {
    guard!("JetDetachDatabaseA", [H(sesid), A(szFilename)], {
        // SAFETY: as this function's contract.
        unsafe { detach::<Utf8>(sesid, szFilename, 0) }
    })
}

/// JetDetachDatabaseA with a UTF-16 file name.
///
/// # Safety
/// As JetDetachDatabase2A.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDetachDatabaseW(sesid: JET_SESID, szFilename: JET_PCWSTR) -> JET_ERR {
    guard!("JetDetachDatabaseW", [H(sesid), W(szFilename)], {
        // SAFETY: as this function's contract.
        unsafe { detach::<Utf16>(sesid, szFilename, 0) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetDetachDatabaseA.
///
/// # Safety
/// As JetDetachDatabase2A.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetDetachDatabase(sesid: JET_SESID, szFilename: JET_PCSTR) -> JET_ERR {
    guard!("JetDetachDatabase", [H(sesid), A(szFilename)], {
        // SAFETY: as this function's contract.
        unsafe { detach::<Utf8>(sesid, szFilename, 0) }
    })
}

/// # Safety
/// `name` is NULL or NUL-terminated; `pdbid` is NULL or valid for a write.
unsafe fn open<E: Encoding>(
    sesid: JET_SESID,
    name: *const E::Unit,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> Outcome {
    check_sesid(sesid)?;
    // SAFETY: NULL or NUL-terminated (the caller's contract).
    let name = unsafe { E::read(name) }?;
    let mut s = session::enter(sesid as u64, Stop::Blocks)?;
    non_null(pdbid)?;
    // SAFETY: non-NULL, checked above; nil stays there on every later error.
    unsafe { put(pdbid, JET_DBID::MAX) };
    let opened = s.open_database(name.as_deref(), grbit)?;
    // SAFETY: as above.
    unsafe { put(pdbid, opened.dbid) };
    trace::wrote(|t| {
        let _ = write!(t, "out={}", opened.dbid);
    });
    if opened.warning != 0 { Err(JetError(opened.warning)) } else { Ok(()) }
}

/// Opens an attached database for this session (data-ddl §4.5), at any transaction level;
/// each open needs its own JetCloseDatabase. `*pdbid` is set to `JET_dbidNil` first, then to the
/// database id. `szConnect` is ignored. With `JET_bitDbExclusive` no other session may open it
/// while this one has it open.
///
/// Returns 0, `JET_wrnFileOpenReadOnly` (+1813: attached read-only and opened without
/// `JET_bitDbReadOnly`; `*pdbid` is set), or: `JET_errInvalidSesid`,
/// `JET_errUnicodeTranslationFail`, the session-entry codes, `JET_errInvalidParameter` (NULL
/// `pdbid`), `JET_errDatabaseInvalidPath`, `JET_errDatabaseNotFound` (not attached to this
/// instance, even if the file exists), `JET_errOneDatabasePerSession`, `JET_errDatabaseLocked`
/// (another session has it exclusively), `JET_errDatabaseInUse` (`JET_bitDbExclusive` while
/// any session, this one included, has it open).
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetOpenDatabaseA(
    sesid: JET_SESID,
    szFilename: JET_PCSTR,
    szConnect: JET_PCSTR,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetOpenDatabaseA",
        [H(sesid), A(szFilename), A(szConnect), O(pdbid as usize), G(grbit, DB_BITS)],
        {
            // SAFETY: as this function's contract.
            unsafe { open::<Utf8>(sesid, szFilename, pdbid, grbit) }
        }
    )
}

/// JetOpenDatabaseA with UTF-16 strings.
///
/// # Safety
/// As JetOpenDatabaseA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetOpenDatabaseW(
    sesid: JET_SESID,
    szFilename: JET_PCWSTR,
    szConnect: JET_PCWSTR,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetOpenDatabaseW",
        [H(sesid), W(szFilename), W(szConnect), O(pdbid as usize), G(grbit, DB_BITS)],
        {
            // SAFETY: as this function's contract.
            unsafe { open::<Utf16>(sesid, szFilename, pdbid, grbit) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetOpenDatabaseA.
///
/// # Safety
/// As JetOpenDatabaseA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetOpenDatabase(
    sesid: JET_SESID,
    szFilename: JET_PCSTR,
    szConnect: JET_PCSTR,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> JET_ERR {
    guard!(
        "JetOpenDatabase",
        [H(sesid), A(szFilename), A(szConnect), O(pdbid as usize), G(grbit, DB_BITS)],
        {
            // SAFETY: as this function's contract.
            unsafe { open::<Utf8>(sesid, szFilename, pdbid, grbit) }
        }
    )
}

/// Closes one open of a database by this session (data-ddl §4.6); the grbit is ignored. The
/// session's last close of it closes its cursors on that database. The database stays attached.
/// Works after a stop-service request and at any transaction level.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInstanceUnavailable`, `JET_errTermInProgress`,
/// `JET_errSessionSharingViolation`, `JET_errInvalidDatabaseId` (not open by this session).
#[unsafe(no_mangle)]
pub extern "C" fn JetCloseDatabase(sesid: JET_SESID, dbid: JET_DBID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard!("JetCloseDatabase", [H(sesid), N(dbid as i64), G(grbit, NO_BITS)], {
        session::enter(sesid as u64, Stop::Ignored)?.close_database(dbid)
    })
}
