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
/// `pCommitId` is left untouched (nothing is logged yet).
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
    let _ = pCommitId;
    guard!(
        "JetCommitTransaction2",
        [H(sesid), G(grbit, COMMIT_BITS), N(cmsecDurableCommit as i64), O(pCommitId as usize)],
        { session::with(sesid as u64, Stop::Blocks, |mut s| s.commit(grbit, cmsecDurableCommit)) }
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
