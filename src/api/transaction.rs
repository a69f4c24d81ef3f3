//! Transactions: begin, commit, rollback (contract §6).
#![allow(non_snake_case)]

use super::guard;
use crate::abi::*;
use crate::engine::session::{self, Stop};

/// Begins a transaction (one more level, at most 7): JetBeginTransaction2 with grbit 0.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errClientRequestToStopJetService`,
/// `JET_errInstanceUnavailable`, `JET_errTermInProgress`, `JET_errSessionSharingViolation`
/// (another thread is inside a call on the session, or the open transaction belongs to another
/// thread or session context), `JET_errTransTooDeep`.
#[unsafe(no_mangle)]
pub extern "C" fn JetBeginTransaction(sesid: JET_SESID) -> JET_ERR {
    guard!("JetBeginTransaction", [H(sesid)], {
        session::with(sesid as u64, Stop::Blocks, |mut s| s.begin_transaction(0))
    })
}

/// Begins a transaction (contract S-TRX-01..03). At level 0 the transaction is bound to the
/// calling thread, or to the session context if one is set, and `JET_bitTransactionReadOnly`
/// is honoured; every other bit is ignored. Codes as JetBeginTransaction.
#[unsafe(no_mangle)]
pub extern "C" fn JetBeginTransaction2(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    guard!("JetBeginTransaction2", [H(sesid), G(grbit, BEGIN_BITS)], {
        session::with(sesid as u64, Stop::Blocks, |mut s| s.begin_transaction(grbit))
    })
}

/// JetBeginTransaction2 with a caller's transaction id, which is only a diagnostic tag.
#[unsafe(no_mangle)]
pub extern "C" fn JetBeginTransaction3(sesid: JET_SESID, trxid: i64, grbit: JET_GRBIT) -> JET_ERR {
    let _ = trxid;
    guard!("JetBeginTransaction3", [H(sesid), N(trxid), G(grbit, BEGIN_BITS)], {
        session::with(sesid as u64, Stop::Blocks, |mut s| s.begin_transaction(grbit))
    })
}

/// Commits one transaction level: JetCommitTransaction2 with no durable-commit wait.
#[unsafe(no_mangle)]
pub extern "C" fn JetCommitTransaction(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    guard!("JetCommitTransaction", [H(sesid), G(grbit, COMMIT_BITS)], {
        session::with(sesid as u64, Stop::Blocks, |mut s| s.commit(grbit, 0))
    })
}

/// Commits one transaction level (contract S-TRX-01..03). Allowed bits: `JET_bitCommitLazyFlush`,
/// `JET_bitWaitLastLevel0Commit`, `JET_bitWaitAllLevel0Commit`, `JET_bitForceNewLog` and 0x20; the
/// three wait options must stand alone and succeed without committing, at any level.
/// A commit to level 0 that wrote data fills `pCommitId` (if not NULL) as ESE does once its
/// commit record is logged (dir.cxx ErrDIRCommitTransaction): `commitId` is the commit's place
/// in the instance's commit order (a later commit has a greater id, whichever session made
/// it), `signLog` the instance's signature (a random number and a creation time; no computer
/// name), `reserved` 0. Other commits (nested, read-only, lock-only, wait options) leave it
/// untouched, as ESE does when nothing was logged.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errClientRequestToStopJetService`,
/// `JET_errInstanceUnavailable`, `JET_errTermInProgress`, `JET_errSessionSharingViolation`,
/// `JET_errInvalidGrbit`, `JET_errNotInTransaction` (level 0), `JET_errInvalidParameter`
/// (`cmsecDurableCommit` without lazy flush in the grbit or the session's commit default).
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCommitTransaction2(
    sesid: JET_SESID,
    grbit: JET_GRBIT,
    cmsecDurableCommit: u32,
    pCommitId: *mut JET_COMMIT_ID,
) -> JET_ERR {
    guard!(
        "JetCommitTransaction2",
        [H(sesid), G(grbit, COMMIT_BITS), N(cmsecDurableCommit as i64), O(pCommitId as usize)],
        {
            session::with(sesid as u64, Stop::Blocks, |mut s| {
                let id = s.commit_id(grbit, cmsecDurableCommit)?;
                if let (Some(id), Some((random, created))) = (id, s.commit_signature()) {
                    let t = crate::engine::database::logtime_of(created);
                    let logtime = JET_LOGTIME {
                        bSeconds: t[0] as _,
                        bMinutes: t[1] as _,
                        bHours: t[2] as _,
                        bDay: t[3] as _,
                        bMonth: t[4] as _,
                        bYear: t[5] as _,
                        bFiller1: 0,
                        bFiller2: 0,
                    };
                    let v = JET_COMMIT_ID {
                        signLog: JET_SIGNATURE {
                            ulRandom: random,
                            logtimeCreate: logtime,
                            szComputerName: [0; 16],
                        },
                        reserved: 0,
                        commitId: id as i64,
                    };
                    // SAFETY: NULL or valid for a write of JET_COMMIT_ID (the caller's contract);
                    // `put` skips NULL.
                    unsafe { super::put(pCommitId, v) };
                }
                Ok(())
            })
        }
    )
}

/// Undoes one transaction level, or all with `JET_bitRollbackAll` (contract S-TRX-01..03).
/// Works after a stop-service request.
///
/// Returns 0, or: `JET_errInvalidSesid`, `JET_errInstanceUnavailable`, `JET_errTermInProgress`,
/// `JET_errSessionSharingViolation`, `JET_errInvalidGrbit` (bits other than 0x1 and 0x20,
/// checked before the level), `JET_errNotInTransaction`.
#[unsafe(no_mangle)]
pub extern "C" fn JetRollback(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    guard!("JetRollback", [H(sesid), G(grbit, ROLLBACK_BITS)], {
        session::with(sesid as u64, Stop::Ignored, |mut s| s.rollback(grbit))
    })
}
