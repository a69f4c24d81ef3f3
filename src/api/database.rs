//! Databases: create, attach, detach, open, close (data-ddl §4; S-THD-03, S-NAM-03, S-STO-*).
#![allow(non_snake_case)]

use super::{Encoding, Outcome, Utf8, Utf16, guard, non_null, put};
use crate::abi::consts::*;
use crate::abi::*;
use crate::engine::database::{self, Attached, DbInfo, Header};
use crate::engine::error::{JetError, fail};
use crate::engine::session::{self, Stop};
use crate::engine::trace;
use std::fmt::Write as _;

/// # Safety
/// `name` is NULL or NUL-terminated; `pdbid` is NULL or valid for a write.
unsafe fn create<E: Encoding>(
    sesid: JET_SESID,
    name: *const E::Unit,
    max_pages: u32,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> Outcome {
    super::check_sesid(sesid)?;
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
    super::check_sesid(sesid)?;
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
    super::check_sesid(sesid)?;
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
    super::check_sesid(sesid)?;
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

/// The `cbMax` of each JET_DBINFOMISC version, oldest first.
const MISC_SIZES: [usize; 7] = [
    size_of::<JET_DBINFOMISC>(),
    size_of::<JET_DBINFOMISC2>(),
    size_of::<JET_DBINFOMISC3>(),
    size_of::<JET_DBINFOMISC4>(),
    size_of::<JET_DBINFOMISC5>(),
    size_of::<JET_DBINFOMISC6>(),
    size_of::<JET_DBINFOMISC7>(),
];

fn signature(h: &Header) -> JET_SIGNATURE {
    let t = database::logtime_of(h.created_unix);
    let mut name = [0 as core::ffi::c_char; 16];
    for (d, &s) in name.iter_mut().zip(h.computer_name.iter().take(15)) {
        *d = s as core::ffi::c_char;
    }
    JET_SIGNATURE {
        ulRandom: h.random,
        logtimeCreate: JET_LOGTIME {
            bSeconds: t[0] as _,
            bMinutes: t[1] as _,
            bHours: t[2] as _,
            bDay: t[3] as _,
            bMonth: t[4] as _,
            bYear: t[5] as _,
            bFiller1: 1, // fTimeIsUTC
            bFiller2: 0,
        },
        szComputerName: name,
    }
}

/// Writes a database-info value into the caller's buffer of `cb_max` bytes.
///
/// # Safety
/// `pv` is NULL or valid for writes of `cb_max` bytes.
unsafe fn write_info<E: Encoding>(info: DbInfo, pv: *mut core::ffi::c_void, cb_max: u32) -> Outcome {
    non_null(pv)?;
    let cb = cb_max as usize;
    let bytes = |b: &[u8]| {
        // SAFETY: the engine checked that cbMax is at least (in fact exactly) b.len().
        unsafe { core::ptr::copy_nonoverlapping(b.as_ptr(), pv as *mut u8, b.len()) };
    };
    match info {
        DbInfo::U32(v) => {
            bytes(&v.to_ne_bytes());
            trace::wrote(|t| {
                let _ = write!(t, "out={v}");
            });
        }
        DbInfo::U64(v) => {
            bytes(&v.to_ne_bytes());
            trace::wrote(|t| {
                let _ = write!(t, "out={v}");
            });
        }
        DbInfo::Path(p) => {
            // SAFETY: pv is valid for cb_max bytes.
            unsafe { super::write_str::<E>(pv as *mut E::Unit, cb_max, &p, super::Fit::Exact) }?;
            trace::wrote(|t| {
                let _ = write!(t, "out={}", super::trace::quote(&p));
            });
        }
        DbInfo::Connect => {
            // One NUL (of the encoding's width, as far as the buffer has room).
            let n = cb.min(size_of::<E::Unit>());
            // SAFETY: n <= cb_max.
            unsafe { core::ptr::write_bytes(pv as *mut u8, 0, n) };
        }
        DbInfo::Misc(h) => {
            if !MISC_SIZES.contains(&cb) {
                return fail(JET_errInvalidBufferSize);
            }
            let misc = JET_DBINFOMISC {
                ulVersion: h.version,
                ulUpdate: h.update,
                signDb: signature(&h),
                dbstate: h.state,
                dwMajorVersion: 10,
                dwMinorVersion: 0,
                dwBuildNumber: 10240,
                cbPageSize: h.page_size,
                // SAFETY: JET_DBINFOMISC is plain data; zero is a valid value of every field.
                ..unsafe { core::mem::zeroed() }
            };
            // SAFETY: cb is one of the versions' sizes, all >= size_of JET_DBINFOMISC; the
            // later versions' extra fields are what libesent does not track: zero.
            unsafe {
                core::ptr::write_bytes(pv as *mut u8, 0, cb);
                (pv as *mut JET_DBINFOMISC).write_unaligned(misc);
            }
            trace::wrote(|t| {
                let _ = write!(t, "out=dbstate {} page {} version {:#x}", h.state, h.page_size, h.version);
            });
        }
    }
    Ok(())
}

/// # Safety
/// `pv` is NULL or valid for writes of `cb_max` bytes.
unsafe fn get_info<E: Encoding>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    pv: *mut core::ffi::c_void,
    cb_max: u32,
    level: u32,
) -> Outcome {
    let s = session::enter(sesid as u64, Stop::Blocks)?;
    let info = s.database_info(dbid, level, cb_max)?;
    // SAFETY: as this function's contract.
    unsafe { write_info::<E>(info, pv, cb_max) }
}

/// Reads information about a database this session has open (data-ddl §4.7). By `InfoLevel`:
/// `JET_DbInfoFilename` (the absolute path; `JET_errBufferTooSmall` if it does not fit with its
/// NUL), `JET_DbInfoConnect` (a NUL), `JET_DbInfoCountry` (1), `JET_DbInfoLCID` (0x409),
/// `JET_DbInfoCp` (1252), `JET_DbInfoCollate` (0), `JET_DbInfoOptions` (`JET_bitDbExclusive` if
/// this session holds it exclusively), `JET_DbInfoTransactions` (7), `JET_DbInfoVersion`
/// (0x620), `JET_DbInfoMisc` (a JET_DBINFOMISC of the size `cbMax` names, versions 1 to 7),
/// `JET_DbInfoPageSize`, and in pages `JET_DbInfoFilesize`, `JET_DbInfoFilesizeOnDisk`,
/// `JET_DbInfoSpaceOwned`, `JET_DbInfoSpaceAvailable` (from the store's own figures). Every
/// 4-byte value needs `cbMax` exactly 4.
///
/// Returns 0, or: `JET_errInvalidSesid`, the session-entry codes, `JET_errInvalidDatabaseId`
/// (not open by this session), `JET_errInvalidBufferSize`, `JET_errBufferTooSmall`
/// (`JET_DbInfoPageSize` with `cbMax` not 4, a name or connect string that does not fit),
/// `JET_errFeatureNotAvailable` (`JET_DbInfoIsam`), `JET_errInvalidParameter` (another level, or
/// NULL `pvResult`), `JET_errDiskIO`.
///
/// # Safety
/// `pvResult` is NULL or valid for writes of `cbMax` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetDatabaseInfoA(
    sesid: JET_SESID,
    dbid: JET_DBID,
    pvResult: *mut core::ffi::c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetDatabaseInfoA",
        [H(sesid), N(dbid as i64), O(pvResult as usize), N(cbMax as i64), N(InfoLevel as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe { get_info::<Utf8>(sesid, dbid, pvResult, cbMax, InfoLevel) }
        }
    )
}

/// JetGetDatabaseInfoA with UTF-16 text.
///
/// # Safety
/// As JetGetDatabaseInfoA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetDatabaseInfoW(
    sesid: JET_SESID,
    dbid: JET_DBID,
    pvResult: *mut core::ffi::c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetDatabaseInfoW",
        [H(sesid), N(dbid as i64), O(pvResult as usize), N(cbMax as i64), N(InfoLevel as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe { get_info::<Utf16>(sesid, dbid, pvResult, cbMax, InfoLevel) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetGetDatabaseInfoA.
///
/// # Safety
/// As JetGetDatabaseInfoA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetDatabaseInfo(
    sesid: JET_SESID,
    dbid: JET_DBID,
    pvResult: *mut core::ffi::c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetDatabaseInfo",
        [H(sesid), N(dbid as i64), O(pvResult as usize), N(cbMax as i64), N(InfoLevel as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe { get_info::<Utf8>(sesid, dbid, pvResult, cbMax, InfoLevel) }
        }
    )
}

/// # Safety
/// `name` is NULL or NUL-terminated; `pv` is NULL or valid for `cb_max` bytes.
unsafe fn file_info<E: Encoding>(
    name: *const E::Unit,
    pv: *mut core::ffi::c_void,
    cb_max: u32,
    level: u32,
) -> Outcome {
    // SAFETY: NULL or NUL-terminated.
    let name = unsafe { E::read(name) }?;
    if level & !JET_DbInfoUseCachedResult == JET_DbInfoUpgrade {
        // The caller says which version it holds: cbMax and cbStruct must both be 28.
        // SAFETY: checked non-NULL and cbMax before the read.
        let cb_struct = (!pv.is_null() && cb_max as usize == size_of::<JET_DBINFOUPGRADE>())
            .then(|| unsafe { (pv as *const u32).read_unaligned() });
        if cb_struct != Some(size_of::<JET_DBINFOUPGRADE>() as u32) {
            return fail(JET_errInvalidParameter);
        }
        let DbInfo::U64(size) = database::database_file_info(name.as_deref(), JET_DbInfoFilesize, 8)? else {
            return fail(JET_errInternalError);
        };
        // Nothing to upgrade: the format is current.
        let up = JET_DBINFOUPGRADE {
            cbStruct: size_of::<JET_DBINFOUPGRADE>() as u32,
            cbFilesizeLow: size as u32,
            cbFilesizeHigh: (size >> 32) as u32,
            cbFreeSpaceRequiredLow: 0,
            cbFreeSpaceRequiredHigh: 0,
            csecToUpgrade: 0,
            ulFlags: 0,
        };
        // SAFETY: pv holds cb_max == sizeof(JET_DBINFOUPGRADE) writable bytes.
        unsafe { (pv as *mut JET_DBINFOUPGRADE).write_unaligned(up) };
        return Ok(());
    }
    let info = database::database_file_info(name.as_deref(), level, cb_max)?;
    // SAFETY: as this function's contract.
    unsafe { write_info::<E>(info, pv, cb_max) }
}

/// Reads information about a database file, attached or not, with no instance or session
/// needed (data-ddl §4.8). By `InfoLevel`: `JET_DbInfoFilesize` and `JET_DbInfoFilesizeOnDisk`
/// (bytes, `cbMax` 8), `JET_DbInfoMisc` (the header, as JetGetDatabaseInfo), `JET_DbInfoPageSize`,
/// `JET_DbInfoFileType` (`JET_filetypeDatabase`), `JET_DbInfoDBInUse` (whether an instance of
/// this process has it attached), `JET_DbInfoUpgrade` (a JET_DBINFOUPGRADE whose `cbStruct` the
/// caller set to its size: nothing to upgrade). A file that is not attached is opened read-only
/// for the call and never written.
///
/// Returns 0, or: `JET_errUnicodeTranslationFail`, `JET_errDatabaseInvalidPath`,
/// `JET_errFileNotFound`, `JET_errInvalidBufferSize`, `JET_errInvalidParameter` (another level,
/// NULL `pvResult`, a bad JET_DBINFOUPGRADE), `JET_errInvalidDatabaseVersion` (a Windows
/// database), `JET_errDatabaseCorrupted`, `JET_errFileAccessDenied` (another process holds it).
///
/// # Safety
/// `szDatabaseName` is NULL or NUL-terminated; `pvResult` is NULL or valid for writes of
/// `cbMax` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetDatabaseFileInfoA(
    szDatabaseName: JET_PCSTR,
    pvResult: *mut core::ffi::c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetDatabaseFileInfoA",
        [A(szDatabaseName), O(pvResult as usize), N(cbMax as i64), N(InfoLevel as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe { file_info::<Utf8>(szDatabaseName, pvResult, cbMax, InfoLevel) }
        }
    )
}

/// JetGetDatabaseFileInfoA with a UTF-16 file name.
///
/// # Safety
/// As JetGetDatabaseFileInfoA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetDatabaseFileInfoW(
    szDatabaseName: JET_PCWSTR,
    pvResult: *mut core::ffi::c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetDatabaseFileInfoW",
        [W(szDatabaseName), O(pvResult as usize), N(cbMax as i64), N(InfoLevel as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe { file_info::<Utf16>(szDatabaseName, pvResult, cbMax, InfoLevel) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetGetDatabaseFileInfoA.
///
/// # Safety
/// As JetGetDatabaseFileInfoA.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetDatabaseFileInfo(
    szDatabaseName: JET_PCSTR,
    pvResult: *mut core::ffi::c_void,
    cbMax: u32,
    InfoLevel: u32,
) -> JET_ERR {
    guard!(
        "JetGetDatabaseFileInfo",
        [A(szDatabaseName), O(pvResult as usize), N(cbMax as i64), N(InfoLevel as i64)],
        {
            // SAFETY: as this function's contract.
            unsafe { file_info::<Utf8>(szDatabaseName, pvResult, cbMax, InfoLevel) }
        }
    )
}
