//! Sessions: the registry every Jet call resolves a sesid through, the entry guard, session
//! contexts, transaction levels and session parameters (contract §5-§6).
//!
//! Each instance slot owns a [`SessionTable`] for the life of the process: segments of slots
//! that are allocated on demand and never freed or moved, so resolving a handle is two array
//! indexings and an atomic load, with no lock (S-SES-11). A slot's generation only grows, and
//! because the table belongs to the instance *slot* rather than to one instance, a handle of a
//! termed instance can never name a session of a later instance in the same slot (S-HDL-02).
//!
//! A call holds the slot's mutex for its whole duration: that is the "one call at a time" rule
//! (S-SES-07). A second thread fails `try_lock` and gets `JET_errSessionSharingViolation`; JetTerm
//! takes the same mutex with a blocking `lock` to wait for calls in flight (S-INST-07).

use crate::abi::consts::*;
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::failpoint::fail_point;
use crate::engine::handle::{SESSION_GEN_MAX, SESSION_SLOTS, SessionHandle};
use crate::engine::instance::{self, InstanceSlot, flags};
use crate::engine::thread;
use parking_lot::{Mutex, MutexGuard};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// Deepest user transaction nesting (S-TRX-01).
pub const MAX_LEVEL: u8 = 7;

/// Slots in the first segment; segment `k` holds `SEGMENT_BASE << k`.
const SEGMENT_BASE: usize = 64;
const SEGMENTS: usize = 10;
const _: () = assert!(SEGMENT_BASE * ((1 << SEGMENTS) - 1) >= SESSION_SLOTS);

/// Default of `JET_sesparamOperationContext`: user id INT32_MIN, every other field 0 (S-SES-09).
const OPERATION_CONTEXT_DEFAULT: [u8; 8] = [0x00, 0x00, 0x00, 0x80, 0, 0, 0, 0];

/// Who a transaction belongs to: captured by a level-0 begin (S-TRX-03).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum Owner {
    #[default]
    None,
    /// Thread model: the thread that began level 0.
    Thread(u64),
    /// Context model: the session context set when level 0 began.
    Context(usize),
}

/// The state of one session, reachable only through the slot's mutex.
#[derive(Debug, Default)]
pub struct SessionState {
    /// Generation of the current (or last) occupant.
    generation: u32,
    live: bool,
    level: u8,
    read_only: bool,
    owner: Owner,
    /// Session context (0: none) and the thread that set it.
    context: usize,
    context_thread: u64,
    commit_default: u32,
    operation_context: [u8; 8],
    correlation_id: u32,
}

pub struct SessionSlot {
    /// The generation of the live occupant, 0 while the slot is free. Read without the mutex
    /// to reject stale handles cheaply; written only with the mutex held.
    live_gen: AtomicU32,
    state: Mutex<SessionState>,
}

#[derive(Default)]
struct Pool {
    free: Vec<u16>,
    /// Slots below this index have been handed out at least once.
    high_water: usize,
    /// Live user sessions: the count `JET_paramMaxSessions` bounds (S-SES-02).
    live: u32,
}

/// The sessions of one instance slot.
pub struct SessionTable {
    segments: [OnceLock<Box<[SessionSlot]>>; SEGMENTS],
    /// Taken by begin and end (per instance, never shared across instances: S-SES-11), and by
    /// JetTerm to set the terminating flag so no begin can slip past it.
    pool: Mutex<Pool>,
}

fn segment_of(index: usize) -> (usize, usize) {
    let j = index / SEGMENT_BASE + 1;
    let k = (usize::BITS - 1 - j.leading_zeros()) as usize;
    (k, index - SEGMENT_BASE * ((1 << k) - 1))
}

impl Default for SessionTable {
    fn default() -> Self {
        Self { segments: Default::default(), pool: Mutex::new(Pool::default()) }
    }
}

impl SessionTable {
    fn slot(&self, index: usize) -> Option<&SessionSlot> {
        if index >= SESSION_SLOTS {
            return None;
        }
        let (k, off) = segment_of(index);
        self.segments[k].get().map(|seg| &seg[off])
    }

    /// The slot at `index`, allocating its segment if needed; allocation failure is reported,
    /// never an abort (S-SES-01).
    fn slot_or_grow(&self, index: usize) -> JetResult<&SessionSlot> {
        let (k, off) = segment_of(index);
        if self.segments[k].get().is_none() {
            fail_point!("session.alloc");
            let len = SEGMENT_BASE << k;
            let mut v: Vec<SessionSlot> = Vec::new();
            v.try_reserve_exact(len).map_err(|_| JetError(JET_errOutOfMemory))?;
            v.extend((0..len).map(|_| SessionSlot {
                live_gen: AtomicU32::new(0),
                state: Mutex::new(SessionState::default()),
            }));
            // Only callers holding the pool lock grow the table, so this cannot race.
            let _ = self.segments[k].set(v.into_boxed_slice());
        }
        Ok(&self.segments[k].get().expect("segment just set")[off])
    }

    /// Indices of the live sessions (for JetTerm).
    fn live_indices(&self) -> Vec<usize> {
        let high = self.pool.lock().high_water;
        (0..high).filter(|&i| self.slot(i).is_some_and(|s| s.live_gen.load(Ordering::Acquire) != 0)).collect()
    }
}

/// A session entered by the calling thread: holding it is being "inside a call" on the
/// session. Dropping it leaves the call.
pub struct Session {
    pub handle: SessionHandle,
    inst: &'static InstanceSlot,
    table: &'static SessionTable,
    st: MutexGuard<'static, SessionState>,
}

/// Whether the stop-service flag blocks the call (S-INST-10).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Blocks,
    Ignored,
}

fn table_of(
    h: &SessionHandle,
) -> Option<(&'static InstanceSlot, &'static SessionTable, &'static SessionSlot)> {
    let inst = instance::slot(h.instance)?;
    let table = inst.sessions()?;
    let slot = table.slot(h.slot)?;
    Some((inst, table, slot))
}

/// Is `h` a live session? A probe that does not enter: no stop, term or concurrency rules.
pub fn is_live(h: &SessionHandle) -> bool {
    table_of(h).is_some_and(|(_, _, slot)| slot.live_gen.load(Ordering::Acquire) == h.generation)
}

/// Enters a session API: handle (-1104), stop (-1329), unavailable (-1090), term in progress
/// (-1000), concurrent use (-1910), in that order (S-SES-06).
pub fn enter(sesid: u64, stop: Stop) -> JetResult<Session> {
    let invalid = JetError(JET_errInvalidSesid);
    let h = SessionHandle::decode(sesid).ok_or(invalid)?;
    let (inst, table, slot) = table_of(&h).ok_or(invalid)?;
    if slot.live_gen.load(Ordering::Acquire) != h.generation {
        return Err(invalid);
    }
    instance_checks(inst, stop)?;
    let st = match slot.state.try_lock() {
        Some(st) => st,
        None => {
            // Someone else is inside a call on this slot: report the most important reason.
            if slot.live_gen.load(Ordering::Acquire) != h.generation {
                return Err(invalid);
            }
            instance_checks(inst, stop)?;
            return fail(JET_errSessionSharingViolation);
        }
    };
    if !st.live || st.generation != h.generation {
        return Err(invalid);
    }
    // JetTerm may have started while we waited for the mutex; it then owns the session.
    instance_checks(inst, stop)?;
    #[cfg(feature = "failpoints")]
    instance::failpoint_in(inst, "session.enter")?;
    Ok(Session { handle: h, inst, table, st })
}

fn instance_checks(inst: &InstanceSlot, stop: Stop) -> JetResult<()> {
    let f = inst.flags();
    if stop == Stop::Blocks && f & flags::STOPPED != 0 {
        return fail(JET_errClientRequestToStopJetService);
    }
    if f & flags::UNAVAILABLE != 0 {
        return fail(JET_errInstanceUnavailable);
    }
    if f & flags::TERMINATING != 0 {
        return fail(JET_errTermInProgress);
    }
    Ok(())
}

/// Starts a session on an instance slot that the caller has resolved and checked (S-SES-01
/// from the limit check on; S-SES-03 for JetDupSession). The new session starts from the
/// defaults and the instance's commit default.
pub fn begin(inst_index: usize, inst: &'static InstanceSlot, inst_gen: u64) -> JetResult<u64> {
    let table = inst.sessions_or_init();
    let mut pool = table.pool.lock();
    // Re-checked under the pool lock: JetTerm sets TERMINATING under it, and frees the
    // instance (changing its generation) under it.
    if inst.generation() != inst_gen {
        return fail(JET_errInvalidInstance);
    }
    let f = inst.flags();
    if f & flags::TERMINATING != 0 {
        return fail(JET_errTermInProgress);
    }
    if f & flags::INITIALIZED == 0 {
        return fail(JET_errNotInitialized);
    }
    if pool.live >= inst.max_sessions() {
        return fail(JET_errOutOfSessions);
    }
    let (index, reused) = match pool.free.pop() {
        Some(i) => (i as usize, true),
        None if pool.high_water < SESSION_SLOTS => (pool.high_water, false),
        None => return fail(JET_errOutOfSessions),
    };
    let slot = match table.slot_or_grow(index) {
        Ok(s) => s,
        Err(e) => {
            if reused {
                pool.free.push(index as u16);
            }
            return Err(e);
        }
    };
    if !reused {
        pool.high_water += 1;
    }
    let mut st = slot.state.lock();
    let generation = st.generation + 1;
    *st = SessionState {
        generation,
        live: true,
        commit_default: inst.commit_default(),
        operation_context: OPERATION_CONTEXT_DEFAULT,
        ..SessionState::default()
    };
    slot.live_gen.store(generation, Ordering::Release);
    drop(st);
    pool.live += 1;
    Ok(SessionHandle { instance: inst_index, slot: index, generation }.encode())
}

/// Frees a session's slot: the handle is stale from here on. The caller holds its mutex.
fn release(table: &SessionTable, slot: &SessionSlot, st: &mut SessionState, index: usize) {
    st.live = false;
    slot.live_gen.store(0, Ordering::Release);
    let mut pool = table.pool.lock();
    pool.live -= 1;
    // A slot whose generation is spent is retired, never reused (S-HDL-02).
    if st.generation < SESSION_GEN_MAX {
        pool.free.push(index as u16);
    }
}

impl Session {
    fn slot(&self) -> &'static SessionSlot {
        self.table.slot(self.handle.slot).expect("entered session has a slot")
    }

    pub fn level(&self) -> u8 {
        self.st.level
    }

    pub fn commit_default(&self) -> u32 {
        self.st.commit_default
    }

    pub fn set_commit_default(&mut self, grbit: u32) {
        self.st.commit_default = grbit;
    }

    pub fn instance(&self) -> &'static InstanceSlot {
        self.inst
    }

    /// JetDupSession: a new session on this session's instance (S-SES-03).
    pub fn dup(&self) -> JetResult<u64> {
        begin(self.handle.instance, self.inst, self.inst.generation())
    }

    /// Does the calling thread own the open transaction (S-TRX-03)?
    fn owns_transaction(&self, tid: u64) -> bool {
        match self.st.owner {
            Owner::None => true,
            Owner::Thread(t) => t == tid,
            Owner::Context(c) => self.st.context == c && self.st.context_thread == tid,
        }
    }

    /// JetEndSession (S-SES-04, S-SES-05, S-TRX-04). The grbit is ignored entirely.
    pub fn end(mut self) -> JetResult<()> {
        if self.st.context != 0 {
            return fail(JET_errSessionInUse);
        }
        if self.st.level > 0 && !self.owns_transaction(thread::current()) {
            return fail(JET_errSessionSharingViolation);
        }
        self.rollback_all();
        let slot = self.slot();
        release(self.table, slot, &mut self.st, self.handle.slot);
        Ok(())
    }

    fn rollback_all(&mut self) {
        self.st.level = 0;
        self.st.read_only = false;
        self.st.owner = Owner::None;
    }

    /// JetSetSessionContext (S-SES-08).
    pub fn set_context(&mut self, ctx: usize) -> JetResult<()> {
        if ctx == 0 || ctx == usize::MAX {
            return fail(JET_errInvalidParameter);
        }
        if self.st.context != 0 {
            return fail(JET_errSessionContextAlreadySet);
        }
        self.st.context = ctx;
        self.st.context_thread = thread::current();
        Ok(())
    }

    /// JetResetSessionContext (S-SES-08).
    pub fn reset_context(&mut self) -> JetResult<()> {
        if self.st.context == 0 || self.st.context_thread != thread::current() {
            return fail(JET_errSessionContextNotSetByThisThread);
        }
        self.st.context = 0;
        self.st.context_thread = 0;
        Ok(())
    }

    /// JetBeginTransaction/2/3 (S-TRX-01..03). Only the read-only bit means anything, and only
    /// at level 0; other bits are dropped.
    pub fn begin_transaction(&mut self, grbit: u32) -> JetResult<()> {
        if self.st.level >= MAX_LEVEL {
            return fail(JET_errTransTooDeep);
        }
        let tid = thread::current();
        if self.st.level == 0 {
            self.st.owner =
                if self.st.context != 0 { Owner::Context(self.st.context) } else { Owner::Thread(tid) };
            self.st.read_only = grbit & JET_bitTransactionReadOnly != 0;
        } else if !self.owns_transaction(tid) {
            return fail(JET_errSessionSharingViolation);
        }
        self.st.level += 1;
        Ok(())
    }

    /// JetCommitTransaction/2 (S-TRX-01..03). `pCommitId` is never written: nothing is logged.
    pub fn commit(&mut self, grbit: u32, durable_ms: u32) -> JetResult<()> {
        if grbit & !COMMIT_GRBITS != 0 {
            return fail(JET_errInvalidGrbit);
        }
        // The wait-only options stand alone and succeed at any level without committing.
        for wait in [JET_bitForceNewLog, JET_bitWaitAllLevel0Commit, JET_bitWaitLastLevel0Commit] {
            if grbit & wait != 0 {
                return if grbit == wait { Ok(()) } else { fail(JET_errInvalidGrbit) };
            }
        }
        if self.st.level == 0 {
            return fail(JET_errNotInTransaction);
        }
        if durable_ms != 0 && (grbit | self.st.commit_default) & JET_bitCommitLazyFlush == 0 {
            return fail(JET_errInvalidParameter);
        }
        if !self.owns_transaction(thread::current()) {
            return fail(JET_errSessionSharingViolation);
        }
        self.st.level -= 1;
        if self.st.level == 0 {
            self.rollback_all();
        }
        Ok(())
    }

    /// JetRollback (S-TRX-01..03).
    pub fn rollback(&mut self, grbit: u32) -> JetResult<()> {
        if grbit & !ROLLBACK_GRBITS != 0 {
            return fail(JET_errInvalidGrbit);
        }
        if self.st.level == 0 {
            return fail(JET_errNotInTransaction);
        }
        if !self.owns_transaction(thread::current()) {
            return fail(JET_errSessionSharingViolation);
        }
        if grbit & JET_bitRollbackAll != 0 || self.st.level == 1 {
            self.rollback_all();
        } else {
            self.st.level -= 1;
        }
        Ok(())
    }

    /// JetGetSessionParameter: the value's bytes (S-SES-09).
    pub fn get_param(&self, id: u32) -> JetResult<Vec<u8>> {
        Ok(match id {
            JET_sesparamCommitDefault => self.st.commit_default.to_ne_bytes().to_vec(),
            JET_sesparamTransactionLevel => (self.st.level as i32).to_ne_bytes().to_vec(),
            JET_sesparamOperationContext => self.st.operation_context.to_vec(),
            JET_sesparamCorrelationID => self.st.correlation_id.to_ne_bytes().to_vec(),
            _ => return fail(JET_errInvalidSesparamId),
        })
    }

    /// JetSetSessionParameter: `value` must have the parameter's exact size (S-SES-09).
    pub fn set_param(&mut self, id: u32, value: &[u8]) -> JetResult<()> {
        fn exact<const N: usize>(v: &[u8]) -> JetResult<[u8; N]> {
            v.try_into().map_err(|_| JetError(JET_errInvalidBufferSize))
        }
        match id {
            JET_sesparamCommitDefault => self.st.commit_default = u32::from_ne_bytes(exact(value)?),
            JET_sesparamTransactionLevel => return fail(JET_errFeatureNotAvailable),
            JET_sesparamOperationContext => self.st.operation_context = exact(value)?,
            JET_sesparamCorrelationID => self.st.correlation_id = u32::from_ne_bytes(exact(value)?),
            _ => return fail(JET_errInvalidSesparamId),
        }
        Ok(())
    }
}

const COMMIT_GRBITS: u32 = 0x1 | 0x2 | 0x8 | 0x10 | 0x20;
const ROLLBACK_GRBITS: u32 = 0x1 | 0x20;

/// What JetTerm found after waiting for calls in flight.
pub enum Quiesce {
    Idle,
    OpenTransactions,
}

/// Waits (blocking, not spinning) until no call is inside a session of the table, and reports
/// whether any session holds an open transaction. The caller has set TERMINATING, so every
/// call that gets a session's mutex after this returns -1000 without touching it (S-INST-07).
pub fn quiesce(table: &SessionTable) -> Quiesce {
    let mut open = false;
    for i in table.live_indices() {
        let slot = table.slot(i).expect("live slot");
        let st = slot.state.lock();
        open |= st.live && st.level > 0;
    }
    if open { Quiesce::OpenTransactions } else { Quiesce::Idle }
}

/// Ends every session of the table, discarding open transactions (S-INST-06).
pub fn end_all(table: &SessionTable) {
    for i in table.live_indices() {
        let slot = table.slot(i).expect("live slot");
        let mut st = slot.state.lock();
        if st.live {
            st.level = 0;
            st.owner = Owner::None;
            st.context = 0;
            release(table, slot, &mut st, i);
        }
    }
}

/// Live sessions in the table (for tests and the term path).
pub fn live_count(table: &SessionTable) -> u32 {
    table.pool.lock().live
}

/// Runs `f` with the pool lock held: JetTerm uses it to set TERMINATING and to free the
/// instance atomically with respect to begin.
pub fn with_pool_locked<R>(table: &SessionTable, f: impl FnOnce() -> R) -> R {
    let _pool = table.pool.lock();
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_partition_the_slot_space() {
        assert_eq!(segment_of(0), (0, 0));
        assert_eq!(segment_of(63), (0, 63));
        assert_eq!(segment_of(64), (1, 0));
        assert_eq!(segment_of(191), (1, 127));
        assert_eq!(segment_of(192), (2, 0));
        let (k, off) = segment_of(SESSION_SLOTS - 1);
        assert!(k < SEGMENTS && off < SEGMENT_BASE << k);
    }
}
