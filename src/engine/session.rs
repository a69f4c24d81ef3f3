//! Sessions: the registry every Jet call resolves a sesid through, the entry guard, session
//! contexts, transaction levels and session parameters (contract §5-§6).
//!
//! Each instance slot owns a [`SessionTable`] for the life of the process: segments of slots
//! that are allocated on demand and never freed or moved, so resolving a handle is a few array
//! indexings. Because the table belongs to the instance *slot* rather than to one instance, and
//! a slot's generation only grows, a handle of a termed instance can never name a session of a
//! later instance in the same slot (S-HDL-02).
//!
//! **The state word.** Each slot has one atomic word: `generation << 32 | WAITER | BUSY | LIVE`.
//! Entering a call is a single compare-exchange from `gen|LIVE` to `gen|LIVE|BUSY`: it checks the
//! handle and takes the in-call guard at once (S-SES-06, S-SES-07). Leaving is one swap. While a
//! thread holds BUSY it alone touches the session's state. JetTerm waits for BUSY to clear by
//! setting WAITER and sleeping on a condition variable, which the leaving thread signals: no
//! spinning (S-INST-07).
//!
//! **Places and the limit.** Free slots and the right to begin a session ("tokens") are kept in
//! 16 shards, picked by thread, so begin and end on different threads do not contend (S-SES-11).
//! The invariant `live sessions + tokens anywhere == JET_paramMaxSessions` makes the limit exact
//! (S-SES-02): a shard out of tokens takes every lock in a fixed order, moves tokens from the
//! reserve or other shards, and reports `JET_errOutOfSessions` only when none exist at all.

use crate::abi::consts::*;
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::failpoint::fail_point;
use crate::engine::handle::{SESSION_GEN_MAX, SESSION_SLOTS, SessionHandle};
use crate::engine::instance::{self, InstanceSlot, flags};
use crate::engine::thread;
use crate::engine::trace::{self, thread_name};
use parking_lot::{Condvar, Mutex, MutexGuard};
use std::cell::UnsafeCell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// Deepest user transaction nesting (S-TRX-01).
pub const MAX_LEVEL: u8 = 7;

/// Slots in the first segment; segment `k` holds `SEGMENT_BASE << k`.
const SEGMENT_BASE: usize = 64;
const SEGMENTS: usize = 10;
const _: () = assert!(SEGMENT_BASE * ((1 << SEGMENTS) - 1) >= SESSION_SLOTS);

const SHARDS: usize = 16;
/// Tokens a shard takes from the others when it runs out.
const BATCH: u32 = 16;

/// Bits of the state word (the generation is the upper half).
const LIVE: u64 = 1;
const BUSY: u64 = 2;
const WAITER: u64 = 4;

fn word(generation: u32, bits: u64) -> u64 {
    (generation as u64) << 32 | bits
}

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

/// The state of one session, touched only by the thread holding the slot's BUSY bit (or by
/// begin, before the slot is published as LIVE).
#[derive(Debug, Default)]
pub struct SessionState {
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
    state: AtomicU64,
    /// While the slot is free: the next free slot of the same list (index + 1; 0 ends the list).
    /// Read and written only under the lock of the list that holds the slot.
    next_free: AtomicU32,
    data: UnsafeCell<SessionState>,
}

// SAFETY: `data` is only accessed by the one thread that owns the slot: the thread whose
// compare-exchange set BUSY (released by a swap with Release ordering, acquired by the next
// owner's compare-exchange with Acquire ordering), or the beginning thread before the slot is
// published as LIVE (a Release store). Nothing else reads or writes it.
unsafe impl Sync for SessionSlot {}

impl SessionSlot {
    fn new() -> Self {
        Self {
            state: AtomicU64::new(0),
            next_free: AtomicU32::new(0),
            data: UnsafeCell::new(SessionState::default()),
        }
    }

    fn generation(&self) -> u32 {
        (self.state.load(Ordering::Acquire) >> 32) as u32
    }
}

/// A stack of free slots linked through the slots themselves: pushing and popping never
/// allocate, so ending a session cannot fail and beginning one allocates only new segments.
#[derive(Default)]
struct FreeList {
    /// Index + 1 of the top slot; 0 when empty.
    head: u32,
    len: u32,
}

impl FreeList {
    fn push(&mut self, table: &SessionTable, index: usize) {
        let slot = table.slot(index).expect("free slots exist");
        slot.next_free.store(self.head, Ordering::Relaxed);
        self.head = index as u32 + 1;
        self.len += 1;
    }

    fn pop(&mut self, table: &SessionTable) -> Option<usize> {
        let index = self.head.checked_sub(1)? as usize;
        self.head = table.slot(index).expect("free slots exist").next_free.load(Ordering::Relaxed);
        self.len -= 1;
        Some(index)
    }
}

#[derive(Default)]
struct Shard {
    tokens: u32,
    free: FreeList,
}

/// Keeps each shard on its own cache line.
#[repr(align(64))]
#[derive(Default)]
struct Padded(Mutex<Shard>);

#[derive(Default)]
struct Reserve {
    tokens: u32,
    free: FreeList,
    /// Slots below this index have been handed out at least once.
    high_water: usize,
}

/// The sessions of one instance slot.
pub struct SessionTable {
    segments: [OnceLock<Box<[SessionSlot]>>; SEGMENTS],
    shards: [Padded; SHARDS],
    reserve: Mutex<Reserve>,
    /// JetTerm sleeps here until a call it waits for leaves.
    waiting: Mutex<()>,
    left: Condvar,
}

impl Default for SessionTable {
    fn default() -> Self {
        Self {
            segments: Default::default(),
            shards: Default::default(),
            reserve: Mutex::default(),
            waiting: Mutex::new(()),
            left: Condvar::new(),
        }
    }
}

fn segment_of(index: usize) -> (usize, usize) {
    let j = index / SEGMENT_BASE + 1;
    let k = (usize::BITS - 1 - j.leading_zeros()) as usize;
    (k, index - SEGMENT_BASE * ((1 << k) - 1))
}

/// Every lock of a table, taken in the one order used everywhere: reserve, then shards 0..16.
struct AllLocked<'a> {
    reserve: MutexGuard<'a, Reserve>,
    shards: [MutexGuard<'a, Shard>; SHARDS],
}

impl SessionTable {
    #[inline]
    fn slot(&self, index: usize) -> Option<&SessionSlot> {
        if index >= SESSION_SLOTS {
            return None;
        }
        let (k, off) = segment_of(index);
        self.segments[k].get().map(|seg| &seg[off])
    }

    /// The slot at `index`, allocating its segment if needed; allocation failure is reported,
    /// never an abort (S-SES-01). Called with the reserve locked, so growth cannot race.
    fn slot_or_grow(&self, index: usize) -> JetResult<&SessionSlot> {
        let (k, off) = segment_of(index);
        if self.segments[k].get().is_none() {
            fail_point!("session.alloc");
            let len = SEGMENT_BASE << k;
            let mut v: Vec<SessionSlot> = Vec::new();
            v.try_reserve_exact(len).map_err(|_| JetError(JET_errOutOfMemory))?;
            v.extend((0..len).map(|_| SessionSlot::new()));
            let _ = self.segments[k].set(v.into_boxed_slice());
        }
        Ok(&self.segments[k].get().expect("segment just set")[off])
    }

    fn lock_all(&self) -> AllLocked<'_> {
        let reserve = self.reserve.lock();
        AllLocked { reserve, shards: std::array::from_fn(|i| self.shards[i].0.lock()) }
    }

    fn my_shard(&self) -> (usize, &Mutex<Shard>) {
        let i = (thread::current() as usize) % SHARDS;
        (i, &self.shards[i].0)
    }

    /// The slots ever handed out (for JetTerm, which looks at each).
    fn used_slots(&self) -> impl Iterator<Item = (usize, &SessionSlot)> {
        let high = self.reserve.lock().high_water;
        (0..high).filter_map(move |i| self.slot(i).map(|s| (i, s)))
    }

    /// Gives shard `me` tokens and free slots (the slow path of begin). `JET_errOutOfSessions`
    /// only when no token is left anywhere: the instance holds exactly its limit.
    fn refill(&self, all: &mut AllLocked<'_>, me: usize) -> JetResult<()> {
        let mut want = BATCH;
        let take = want.min(all.reserve.tokens);
        all.reserve.tokens -= take;
        all.shards[me].tokens += take;
        want -= take;
        for i in (0..SHARDS).filter(|&i| i != me) {
            if want == 0 {
                break;
            }
            let take = want.min(all.shards[i].tokens);
            all.shards[i].tokens -= take;
            all.shards[me].tokens += take;
            want -= take;
        }
        if all.shards[me].tokens == 0 {
            return fail(JET_errOutOfSessions);
        }
        // One free slot per token, from the reserve, then new ones, then other shards.
        let AllLocked { reserve, shards } = all;
        while shards[me].free.len < shards[me].tokens {
            let index = if let Some(i) = reserve.free.pop(self) {
                i
            } else if reserve.high_water < SESSION_SLOTS {
                let i = reserve.high_water;
                self.slot_or_grow(i)?;
                reserve.high_water += 1;
                i
            } else if let Some(i) = (0..SHARDS).filter(|&i| i != me).find_map(|i| shards[i].free.pop(self)) {
                i
            } else {
                break; // Every slot is live or retired.
            };
            shards[me].free.push(self, index);
        }
        if shards[me].free.len == 0 { fail(JET_errOutOfSessions) } else { Ok(()) }
    }

    /// Waits, without spinning, until no call is inside slot `s`; with `take`, also takes the
    /// slot for JetTerm. Returns the slot's word (without BUSY), or `None` if it is not live.
    /// Leaving a call is a plain store (the hot path has one atomic read-modify-write, on
    /// entry), so the waiter sleeps in short timed waits on the table's condition variable and
    /// looks again; a leaving thread that sees WAITER also wakes it at once.
    fn wait_idle(&self, s: &SessionSlot, take: bool) -> Option<u64> {
        let mut guard = self.waiting.lock();
        loop {
            let cur = s.state.load(Ordering::Acquire);
            if cur & LIVE == 0 {
                return None;
            }
            if cur & BUSY == 0 {
                if !take {
                    return Some(cur);
                }
                if s.state.compare_exchange(cur, cur | BUSY, Ordering::Acquire, Ordering::Relaxed).is_ok() {
                    return Some(cur);
                }
                continue;
            }
            if cur & WAITER == 0
                && s.state.compare_exchange(cur, cur | WAITER, Ordering::Relaxed, Ordering::Relaxed).is_err()
            {
                continue;
            }
            self.left.wait_for(&mut guard, WAIT_SLICE);
        }
    }

    /// Leaves slot `s`, setting its word to `to`; wakes JetTerm if it visibly waits.
    #[inline(always)]
    fn leave(&self, s: &SessionSlot, to: u64) {
        // Only the owner changes the word while BUSY is set, except for JetTerm adding WAITER;
        // a WAITER added after this load is caught by the waiter's timed wait.
        let waiter = s.state.load(Ordering::Relaxed) & WAITER != 0;
        s.state.store(to, Ordering::Release);
        if waiter {
            self.wake();
        }
    }

    #[cold]
    fn wake(&self) {
        let _g = self.waiting.lock();
        self.left.notify_all();
    }
}

/// How long JetTerm sleeps before looking again at a call it waits for.
const WAIT_SLICE: std::time::Duration = std::time::Duration::from_millis(1);

/// A session entered by the calling thread: holding it is being "inside a call" on the
/// session. Dropping it leaves the call.
pub struct Session {
    pub handle: SessionHandle,
    inst: &'static InstanceSlot,
    table: &'static SessionTable,
    slot: &'static SessionSlot,
}

impl Drop for Session {
    #[inline(always)]
    fn drop(&mut self) {
        self.table.leave(self.slot, word(self.handle.generation, LIVE));
    }
}

/// Whether the stop-service flag blocks the call (S-INST-10).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Blocks,
    Ignored,
}

#[inline(always)]
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
    table_of(h).is_some_and(|(_, _, s)| {
        s.state.load(Ordering::Acquire) & !(BUSY | WAITER) == word(h.generation, LIVE)
    })
}

#[inline(always)]
fn instance_checks(f: u32, stop: Stop) -> JetResult<()> {
    if f & (flags::STOPPED | flags::UNAVAILABLE | flags::TERMINATING) == 0 {
        return Ok(());
    }
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

/// Enters a session API: handle (-1104), stop (-1329), unavailable (-1090), term in progress
/// (-1000), concurrent use (-1910), in that order (S-SES-06). Always inlined: returning the
/// guard through memory costs a store-forwarding stall on every call.
#[inline(always)]
pub fn enter(sesid: u64, stop: Stop) -> JetResult<Session> {
    let invalid = JetError(JET_errInvalidSesid);
    let h = SessionHandle::decode(sesid).ok_or(invalid)?;
    let (inst, table, slot) = table_of(&h).ok_or(invalid)?;
    let idle = word(h.generation, LIVE);
    match slot.state.compare_exchange(idle, idle | BUSY, Ordering::Acquire, Ordering::Relaxed) {
        Ok(_) => {
            let s = Session { handle: h, inst, table, slot };
            // Checked after entering: a JetTerm that started meanwhile owns the session now.
            instance_checks(inst.flags(), stop)?;
            #[cfg(feature = "failpoints")]
            instance::failpoint_in(inst, "session.enter")?;
            Ok(s)
        }
        Err(cur) if cur & !(BUSY | WAITER) != idle => Err(invalid),
        Err(_) => {
            instance_checks(inst.flags(), stop)?;
            trace::explain(|| {
                "another thread is inside a call on this session, and a session takes one call at a time: \
                 give each thread its own session (JetBeginSession or JetDupSession) or serialize the calls"
                    .to_string()
            });
            fail(JET_errSessionSharingViolation)
        }
    }
}

/// Starts a session on an instance slot that the caller has resolved and checked (S-SES-01
/// from the limit check on; S-SES-03 for JetDupSession). The new session starts from the
/// defaults and the instance's commit default.
pub fn begin(inst_index: usize, inst: &'static InstanceSlot, inst_gen: u64) -> JetResult<u64> {
    let table = inst.sessions_or_init();
    let (me, shard) = table.my_shard();
    {
        let mut sh = shard.lock();
        begin_checks(inst, inst_gen)?;
        if let Some(index) = take(table, &mut sh) {
            return Ok(publish(table, inst, inst_index, index));
        }
    }
    // Slow path: every lock, rebalance, and take the place while still holding them.
    let mut all = table.lock_all();
    begin_checks(inst, inst_gen)?;
    table.refill(&mut all, me)?;
    let index = take(table, &mut all.shards[me]).expect("refill leaves a token and a slot");
    Ok(publish(table, inst, inst_index, index))
}

/// The state checks of begin, made under a shard lock: JetTerm sets TERMINATING, and frees the
/// instance (changing its generation), holding every shard lock.
fn begin_checks(inst: &InstanceSlot, inst_gen: u64) -> JetResult<()> {
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
    Ok(())
}

/// A token and a free slot from the shard, if it has both.
fn take(table: &SessionTable, sh: &mut Shard) -> Option<usize> {
    if sh.tokens == 0 {
        return None;
    }
    let index = sh.free.pop(table)?;
    sh.tokens -= 1;
    Some(index)
}

/// Makes the free slot `index` a new live session and returns its handle.
fn publish(table: &SessionTable, inst: &InstanceSlot, inst_index: usize, index: usize) -> u64 {
    let slot = table.slot(index).expect("free slots exist");
    let generation = slot.generation() + 1;
    // SAFETY: the slot is free (taken from a free list under its lock): no thread owns it, and
    // none can enter it until the Release store below publishes it.
    unsafe {
        *slot.data.get() = SessionState {
            commit_default: inst.commit_default(),
            operation_context: OPERATION_CONTEXT_DEFAULT,
            ..SessionState::default()
        };
    }
    slot.state.store(word(generation, LIVE), Ordering::Release);
    SessionHandle { instance: inst_index, slot: index, generation }.encode()
}

/// Sets the token count of a table to the instance's limit (JetInit: no session exists yet).
pub fn reset_limit(table: &SessionTable, max_sessions: u32) {
    let mut all = table.lock_all();
    all.reserve.tokens = max_sessions;
    for s in all.shards.iter_mut() {
        s.tokens = 0;
    }
}

impl Session {
    fn st(&self) -> &SessionState {
        // SAFETY: this thread holds the slot's BUSY bit (see `unsafe impl Sync`).
        unsafe { &*self.slot.data.get() }
    }

    fn st_mut(&mut self) -> &mut SessionState {
        // SAFETY: this thread holds the slot's BUSY bit, and `&mut self` makes this the only
        // reference handed out.
        unsafe { &mut *self.slot.data.get() }
    }

    pub fn level(&self) -> u8 {
        self.st().level
    }

    pub fn commit_default(&self) -> u32 {
        self.st().commit_default
    }

    pub fn set_commit_default(&mut self, grbit: u32) {
        self.st_mut().commit_default = grbit;
    }

    /// JetDupSession: a new session on this session's instance (S-SES-03).
    pub fn dup(&self) -> JetResult<u64> {
        begin(self.handle.instance, self.inst, self.inst.generation())
    }

    /// Why the calling thread does not own the open transaction, for the trace.
    fn explain_owner(&self, tid: u64) {
        let st = self.st();
        let (owner, context, context_thread) = (st.owner, st.context, st.context_thread);
        trace::explain(|| match owner {
            Owner::Thread(t) => format!(
                "the transaction was begun on thread {} and this is {}: commit or roll back on {0}; to hand \
                 a transaction to another thread, set a session context before beginning it, reset it, and \
                 set the same context on the other thread",
                thread_name(t),
                thread_name(tid)
            ),
            Owner::Context(c) if context == 0 => format!(
                "the transaction belongs to session context {c:#x}, which is not set now: call \
                 JetSetSessionContext(sesid, {c:#x}) on this thread first"
            ),
            Owner::Context(c) if context != c => format!(
                "the transaction belongs to session context {c:#x}, but the session's context is now \
                 {context:#x}: reset it and set {c:#x}"
            ),
            Owner::Context(c) => format!(
                "session context {c:#x} was set by thread {} and this is {}: reset it on {0}, then set it here",
                thread_name(context_thread),
                thread_name(tid)
            ),
            Owner::None => String::new(),
        });
    }

    /// Does the calling thread own the open transaction (S-TRX-03)?
    fn owns_transaction(&self, tid: u64) -> bool {
        let st = self.st();
        match st.owner {
            Owner::None => true,
            Owner::Thread(t) => t == tid,
            Owner::Context(c) => st.context == c && st.context_thread == tid,
        }
    }

    /// JetEndSession (S-SES-04, S-SES-05, S-TRX-04). The grbit is ignored entirely.
    pub fn end(mut self) -> JetResult<()> {
        if self.st().context != 0 {
            let (c, t) = (self.st().context, self.st().context_thread);
            trace::explain(|| {
                format!(
                    "session context {c:#x} is still set (by thread {}): call JetResetSessionContext on that \
                     thread before JetEndSession",
                    thread_name(t)
                )
            });
            return fail(JET_errSessionInUse);
        }
        // Under the thread model only the thread that began level 0 may roll it back; under the
        // context model (whose context is reset by now) any thread may end the session.
        if let Owner::Thread(t) = self.st().owner {
            let tid = thread::current();
            if self.st().level > 0 && t != tid {
                trace::explain(|| {
                    format!(
                        "the open transaction was begun on thread {} and this is {}: end the session on {0}, \
                         or commit or roll back there first",
                        thread_name(t),
                        thread_name(tid)
                    )
                });
                return fail(JET_errSessionSharingViolation);
            }
        }
        self.rollback_all();
        let (table, slot, h) = (self.table, self.slot, self.handle);
        std::mem::forget(self);
        release(table, slot, h);
        Ok(())
    }

    fn rollback_all(&mut self) {
        let st = self.st_mut();
        st.level = 0;
        st.read_only = false;
        st.owner = Owner::None;
    }

    /// JetSetSessionContext (S-SES-08).
    pub fn set_context(&mut self, ctx: usize) -> JetResult<()> {
        if ctx == 0 || ctx == usize::MAX {
            return fail(JET_errInvalidParameter);
        }
        let st = self.st_mut();
        if st.context != 0 {
            let (c, t) = (st.context, st.context_thread);
            trace::explain(|| {
                format!(
                    "session context {c:#x} is already set, by thread {}: call JetResetSessionContext on that \
                     thread first",
                    thread_name(t)
                )
            });
            return fail(JET_errSessionContextAlreadySet);
        }
        st.context = ctx;
        st.context_thread = thread::current();
        Ok(())
    }

    /// JetResetSessionContext (S-SES-08).
    pub fn reset_context(&mut self) -> JetResult<()> {
        let st = self.st_mut();
        let tid = thread::current();
        if st.context == 0 || st.context_thread != tid {
            let (c, t) = (st.context, st.context_thread);
            trace::explain(|| {
                if c == 0 {
                    "no session context is set on this session".to_string()
                } else {
                    format!(
                        "session context {c:#x} was set by thread {} and this is {}: only {0} can reset it",
                        thread_name(t),
                        thread_name(tid)
                    )
                }
            });
            return fail(JET_errSessionContextNotSetByThisThread);
        }
        st.context = 0;
        st.context_thread = 0;
        Ok(())
    }

    /// JetBeginTransaction/2/3 (S-TRX-01..03). Only the read-only bit means anything, and only
    /// at level 0; other bits are dropped.
    pub fn begin_transaction(&mut self, grbit: u32) -> JetResult<()> {
        let tid = thread::current();
        let level = self.st().level;
        if level >= MAX_LEVEL {
            return fail(JET_errTransTooDeep);
        }
        // Only nested begins are bound; a level-0 begin (re)captures the owner.
        if level > 0 && !self.owns_transaction(tid) {
            self.explain_owner(tid);
            return fail(JET_errSessionSharingViolation);
        }
        let st = self.st_mut();
        if level == 0 {
            st.owner = if st.context != 0 { Owner::Context(st.context) } else { Owner::Thread(tid) };
            st.read_only = grbit & JET_bitTransactionReadOnly != 0;
        }
        st.level += 1;
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
        if self.st().level == 0 {
            return fail(JET_errNotInTransaction);
        }
        if durable_ms != 0 && (grbit | self.st().commit_default) & JET_bitCommitLazyFlush == 0 {
            return fail(JET_errInvalidParameter);
        }
        let tid = thread::current();
        if !self.owns_transaction(tid) {
            self.explain_owner(tid);
            return fail(JET_errSessionSharingViolation);
        }
        self.st_mut().level -= 1;
        if self.st().level == 0 {
            self.rollback_all();
        }
        Ok(())
    }

    /// JetRollback (S-TRX-01..03).
    pub fn rollback(&mut self, grbit: u32) -> JetResult<()> {
        if grbit & !ROLLBACK_GRBITS != 0 {
            return fail(JET_errInvalidGrbit);
        }
        if self.st().level == 0 {
            return fail(JET_errNotInTransaction);
        }
        let tid = thread::current();
        if !self.owns_transaction(tid) {
            self.explain_owner(tid);
            return fail(JET_errSessionSharingViolation);
        }
        if grbit & JET_bitRollbackAll != 0 || self.st().level == 1 {
            self.rollback_all();
        } else {
            self.st_mut().level -= 1;
        }
        Ok(())
    }

    /// JetGetSessionParameter: the value's bytes, in the first `len` bytes of the array
    /// (S-SES-09).
    pub fn get_param(&self, id: u32) -> JetResult<([u8; 8], usize)> {
        fn four(v: [u8; 4]) -> ([u8; 8], usize) {
            ([v[0], v[1], v[2], v[3], 0, 0, 0, 0], 4)
        }
        let st = self.st();
        Ok(match id {
            JET_sesparamCommitDefault => four(st.commit_default.to_ne_bytes()),
            JET_sesparamTransactionLevel => four((st.level as i32).to_ne_bytes()),
            JET_sesparamOperationContext => (st.operation_context, 8),
            JET_sesparamCorrelationID => four(st.correlation_id.to_ne_bytes()),
            _ => return fail(JET_errInvalidSesparamId),
        })
    }

    /// JetSetSessionParameter: `value` must have the parameter's exact size (S-SES-09).
    pub fn set_param(&mut self, id: u32, value: &[u8]) -> JetResult<()> {
        fn exact<const N: usize>(v: &[u8]) -> JetResult<[u8; N]> {
            v.try_into().map_err(|_| JetError(JET_errInvalidBufferSize))
        }
        let st = self.st_mut();
        match id {
            JET_sesparamCommitDefault => st.commit_default = u32::from_ne_bytes(exact(value)?),
            JET_sesparamTransactionLevel => return fail(JET_errFeatureNotAvailable),
            JET_sesparamOperationContext => st.operation_context = exact(value)?,
            JET_sesparamCorrelationID => st.correlation_id = u32::from_ne_bytes(exact(value)?),
            _ => return fail(JET_errInvalidSesparamId),
        }
        Ok(())
    }
}

/// Frees an owned slot: the handle is stale from here on, and its place returns to the
/// calling thread's shard. The shard lock is held across the state change, so JetTerm and
/// JetInit (which take every lock) see either a live session or a returned token, never both.
fn release(table: &SessionTable, slot: &SessionSlot, h: SessionHandle) {
    let (_, shard) = table.my_shard();
    let mut sh = shard.lock();
    table.leave(slot, word(h.generation, 0));
    sh.tokens += 1;
    // A slot whose generation is spent is retired, never reused (S-HDL-02).
    if h.generation < SESSION_GEN_MAX {
        sh.free.push(table, h.slot);
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
/// call that enters a session after this leaves at once with -1000 (S-INST-07).
pub fn quiesce(table: &SessionTable) -> Quiesce {
    // The slots are only watched, never taken: a caller that found one taken by JetTerm could
    // see the terminating flag already cleared (when JetTerm fails) and mistake JetTerm for
    // another thread inside a call (-1910).
    let mut open = false;
    for (_, slot) in table.used_slots() {
        if table.wait_idle(slot, false).is_some() {
            // SAFETY: TERMINATING is set and no call was inside the slot when wait_idle loaded
            // its word (Acquire, so this thread sees everything the last call wrote). Any call
            // entering from now on sees TERMINATING and leaves without touching the state, so
            // nothing writes it while it is read here.
            open |= unsafe { (*slot.data.get()).level } > 0;
        }
    }
    if open { Quiesce::OpenTransactions } else { Quiesce::Idle }
}

/// Ends every session of the table, discarding open transactions (S-INST-06).
pub fn end_all(table: &SessionTable) {
    for (i, slot) in table.used_slots() {
        if let Some(cur) = table.wait_idle(slot, true) {
            let h = SessionHandle { instance: 0, slot: i, generation: (cur >> 32) as u32 };
            release(table, slot, h);
        }
    }
}

/// Runs `f` with every lock of the table held: JetTerm sets TERMINATING and frees the instance
/// this way, atomically with respect to begin and end.
pub fn with_all_locked<R>(table: &SessionTable, f: impl FnOnce() -> R) -> R {
    let _all = table.lock_all();
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

    #[test]
    fn state_word_layout() {
        assert_eq!(word(7, LIVE) >> 32, 7);
        assert_eq!(word(u32::MAX, LIVE | BUSY | WAITER) & 0xFFFF_FFFF, 7);
    }
}
