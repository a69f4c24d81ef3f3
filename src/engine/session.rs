//! Sessions: resolving a sesid (and a tableid with it), the entry guard, session contexts,
//! transaction levels, session parameters, and the session's cursors and open databases
//! (contract §5-§6, S-THD-01..03).
//!
//! Sessions live in their instance slot's [`SessionPool`] (see `engine::pool` for the slot
//! machinery: the state word, the shards, the exact limit, the memory ordering). Entering a
//! call is one compare-exchange on the session's state word; the [`Session`] guard holds the
//! session for the call and leaves it when dropped, on every path, unwinding included.
//!
//! **Panics.** A panic that unwinds while a session is entered can have left that session (or
//! the data it was changing) half-way. The guard still leaves the session, so it is never
//! stuck "inside a call", and it marks the instance unavailable (S-INST-13): every later call
//! on it returns `JET_errInstanceUnavailable` and JetTerm tears it down. A panic outside any
//! session (argument conversion, lifecycle calls under the registry lock, whose locks do not
//! poison) leaves everything usable.
//!
//! **Cursors** (`JET_TABLEID`s) live in the instance slot's [`CursorPool`]. A cursor belongs to
//! the session that opened it: the slot's tag holds the owner's sesid, and the session keeps
//! its cursors in an intrusive list (through the cursor slots), so closing one is O(1) and
//! JetEndSession closes them all in O(its cursors). A cursor slot never sets BUSY: it is only
//! touched inside a call of its owner, whose guard covers it.

use crate::abi::consts::*;
use crate::engine::cursor::{CursorData, CursorState};
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::handle::{self, Handle};
use crate::engine::pool::{self, LIVE, NotEntered, Pool, Slot};
use crate::engine::slots::{self, CursorPool, InstanceSlot, SessionPool, flags};
use crate::engine::store::Durability;
use crate::engine::thread;
use crate::engine::trace::{self, thread_name};
use crate::engine::txn::WriteSet;
use crate::engine::undo::{self, Undo};

/// Deepest user transaction nesting (S-TRX-01).
pub const MAX_LEVEL: u8 = 7;

/// JET_DBIDs: 0 is the temporary database, 1..=6 the user databases (S-THD-03).
pub const DBID_SLOTS: usize = 7;

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
    /// The session's cursors: index + 1 of the first cursor slot of the list (0: none).
    cursors: u32,
    /// How many of them were opened inside a transaction (level > 0), which commit and rollback
    /// must look at; when 0, neither walks the list.
    cursors_in_transaction: u32,
    /// Per JET_DBID, how many times this session has the database open (S-THD-03).
    open_db: [u32; DBID_SLOTS],
    /// Whether any count of `open_db` is not 0 (so ending a session that opened none costs
    /// nothing).
    any_db_open: bool,
    /// The transaction's uncommitted data changes (`engine::txn`) and what a rollback must
    /// undo besides (DDL, `engine::undo`, kept in `WriteSet::undo`); boxed, because most
    /// sessions never have any and the session's slot stays small (one word for both).
    writes: Option<Box<WriteSet>>,
    /// The snapshots published when level 0 began: what the transaction reads (S-VER-01).
    view: Option<std::sync::Arc<crate::engine::snapshots::Published>>,
}

/// What a data operation needs of its session besides the cursor: the transaction it runs in.
pub struct Tx<'a> {
    pub sesid: u64,
    pub level: u8,
    pub read_only: bool,
    pub commit_default: u32,
    pub writes: &'a mut Option<Box<WriteSet>>,
    /// The instance's version-store budget.
    pub budget: &'a std::sync::Arc<crate::engine::txn::Budget>,
}

impl Tx<'_> {
    /// The transaction's write set, made on first use.
    pub fn write_set(&mut self) -> &mut WriteSet {
        let budget = self.budget;
        self.writes.get_or_insert_with(|| Box::new(WriteSet::with_budget(budget.clone())))
    }

    /// A write set of its own for one implicit transaction (an update outside a transaction).
    pub fn implicit_write_set(&self) -> WriteSet {
        WriteSet::with_budget(self.budget.clone())
    }
}

/// A session entered by the calling thread: holding it is being "inside a call" on the
/// session. Dropping it leaves the call; [`Session::end`] frees the session instead. Four
/// words, so that returning it costs little: the handle's fields are decoded from `sesid` when
/// needed.
#[repr(C)]
pub struct Session {
    pub sesid: u64,
    inst: &'static InstanceSlot,
    pool: &'static SessionPool,
    slot: &'static Slot<SessionState>,
}

impl Drop for Session {
    #[inline(always)]
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.unwinding();
        }
        self.pool.leave(self.slot, pool::word(self.handle().generation, LIVE));
    }
}

impl Session {
    /// A panic unwinds through the guard: the session may be half-changed (module docs).
    #[cold]
    #[inline(never)]
    fn unwinding(&self) {
        self.inst.mark_unavailable();
    }

    /// Frees the session and consumes the guard. Nothing between the release and the forget
    /// can panic (`Pool::release` never does), so the slot is either still held by the guard
    /// (whose drop leaves it) or freed, never lost.
    fn free(self) {
        let h = self.handle();
        self.pool.release_slot(self.slot, h.slot, h.generation);
        std::mem::forget(self);
    }

    /// The fields of this session's handle.
    #[inline(always)]
    pub fn handle(&self) -> Handle {
        handle::SESSION.fields(self.sesid)
    }
}

/// The snapshots a level-0 begin reads from (kept out of line: most begins have none).
#[cold]
#[inline(never)]
/// The identity of a transaction's published snapshots (0: none), for its write set.
fn st_view_ptr(view: &Option<std::sync::Arc<crate::engine::snapshots::Published>>) -> usize {
    view.as_ref().map_or(0, |v| std::sync::Arc::as_ptr(v) as usize)
}

fn take_view(
    inst: &InstanceSlot,
    hint: usize,
) -> Option<std::sync::Arc<crate::engine::snapshots::Published>> {
    inst.views.current(hint)
}

/// Whether the stop-service flag blocks the call (S-INST-10).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Blocks,
    Ignored,
}

#[inline(always)]
fn resolve(h: &Handle) -> Option<(&'static InstanceSlot, &'static SessionPool, &'static Slot<SessionState>)> {
    let inst = slots::slot(h.instance)?;
    let pool = inst.sessions()?;
    let slot = pool.slot(h.slot)?;
    Some((inst, pool, slot))
}

/// Is `sesid` a live session? A probe that does not enter: no stop, term or concurrency rules.
pub fn is_live(sesid: u64) -> bool {
    handle::SESSION.decode(sesid).is_some_and(|h| {
        resolve(&h).is_some_and(|(inst, _, s)| s.is_live(h.generation) && inst.flags() & flags::FORKED == 0)
    })
}

#[inline(always)]
fn instance_checks(f: u32, stop: Stop) -> JetResult<()> {
    if f & (flags::STOPPED | flags::UNAVAILABLE | flags::TERMINATING | flags::FORKED) == 0 {
        return Ok(());
    }
    if f & flags::FORKED != 0 {
        return fail(JET_errInvalidSesid);
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

/// What JetGetSessionParameter reads (see [`Session::read_param`]).
pub struct ParamRead {
    pub bytes: [u8; 8],
    pub len: usize,
    /// Whether the value may be written to the caller's buffer.
    pub fits: JetResult<()>,
}

/// A live cursor of the entered session, found by [`enter_table`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CursorRef {
    pub index: usize,
    pub generation: u64,
}

/// The tableid checks of S-THD-01 (data-ddl §1.1, data-records §1.1 steps 2-3), made with
/// atomics only, so they can precede the session's own checks: not a live cursor of this
/// instance → -1310; a live cursor of another session → -1114.
#[inline(always)]
fn check_tableid(inst: &InstanceSlot, instance: usize, sesid: u64, tableid: u64) -> JetResult<CursorRef> {
    let invalid = JetError(JET_errInvalidTableId);
    let t = handle::TABLE.decode(tableid).ok_or(invalid)?;
    let (owner_inst, slot) = if t.instance == instance {
        (inst, inst.cursors().and_then(|p| p.slot(t.slot)).ok_or(invalid)?)
    } else {
        let other = slots::slot(t.instance).ok_or(invalid)?;
        (other, other.cursors().and_then(|p| p.slot(t.slot)).ok_or(invalid)?)
    };
    let before = slot.state();
    if before != pool::word(t.generation, LIVE) || owner_inst.flags() & flags::FORKED != 0 {
        return Err(invalid);
    }
    let owner = slot.tag();
    // The slot may have been freed and reused between the two reads: look again.
    if slot.state() != before {
        return Err(invalid);
    }
    if owner != sesid {
        return fail(JET_errSesidTableIdMismatch);
    }
    Ok(CursorRef { index: t.slot, generation: t.generation })
}

/// Enters a session API: handle (-1104), stop (-1329), unavailable (-1090), term in progress
/// (-1000), concurrent use (-1910), in that order (S-SES-06). Always inlined, and written out
/// rather than shared with [`enter_table`]: returning the guard through a tuple costs a
/// store-forwarding stall on every call.
#[inline(always)]
pub fn enter(sesid: u64, stop: Stop) -> JetResult<Session> {
    let invalid = JetError(JET_errInvalidSesid);
    let h = handle::SESSION.decode(sesid).ok_or(invalid)?;
    let (inst, pool, slot) = resolve(&h).ok_or(invalid)?;
    match Pool::try_enter(slot, h.generation) {
        Ok(()) => {
            let s = Session { sesid, inst, pool, slot };
            // Checked after entering: a JetTerm that started meanwhile owns the session now.
            instance_checks(inst.flags(), stop)?;
            slots::failpoint_in(inst, "session.enter")?;
            Ok(s)
        }
        Err(NotEntered::Stale) => Err(invalid),
        Err(NotEntered::Busy) => Err(busy(inst, stop, slot, h.generation)),
    }
}

/// [`enter`] for the hottest calls: runs `f` on the entered session without returning the
/// guard through a `Result` first (which costs a copy of it on every call).
#[inline(always)]
pub fn with<R>(sesid: u64, stop: Stop, f: impl FnOnce(Session) -> JetResult<R>) -> JetResult<R> {
    let invalid = JetError(JET_errInvalidSesid);
    let h = handle::SESSION.decode(sesid).ok_or(invalid)?;
    let (inst, pool, slot) = resolve(&h).ok_or(invalid)?;
    match Pool::try_enter(slot, h.generation) {
        Ok(()) => {
            let s = Session { sesid, inst, pool, slot };
            instance_checks(inst.flags(), stop)?;
            slots::failpoint_in(inst, "session.enter")?;
            f(s)
        }
        Err(NotEntered::Stale) => Err(invalid),
        Err(NotEntered::Busy) => Err(busy(inst, stop, slot, h.generation)),
    }
}

/// Enters a cursor API: sesid (-1104), tableid (-1310, -1114), then the session's checks as
/// [`enter`] (data-records §1.1).
#[inline]
pub fn enter_table(sesid: u64, tableid: u64, stop: Stop) -> JetResult<(Session, CursorRef)> {
    let invalid = JetError(JET_errInvalidSesid);
    let h = handle::SESSION.decode(sesid).ok_or(invalid)?;
    let (inst, pool, slot) = resolve(&h).ok_or(invalid)?;
    match Pool::try_enter(slot, h.generation) {
        Ok(()) => {
            let s = Session { sesid, inst, pool, slot };
            let c = check_tableid(inst, h.instance, sesid, tableid).map_err(|e| terming_first(inst, e))?;
            instance_checks(inst.flags(), stop)?;
            slots::failpoint_in(inst, "session.enter")?;
            Ok((s, c))
        }
        Err(NotEntered::Stale) => Err(invalid),
        Err(NotEntered::Busy) => match check_tableid(inst, h.instance, sesid, tableid) {
            Err(e) => Err(terming_first(inst, e)),
            Ok(_) => Err(busy(inst, stop, slot, h.generation)),
        },
    }
}

/// A tableid check that failed while the session is still live: during a JetTerm the cursor may
/// be one that JetTerm has just closed (it closes a session's cursors before it retires the
/// session), and every call on the instance answers -1000 then (S-INST-07), not -1310.
#[cold]
#[inline(never)]
fn terming_first(inst: &InstanceSlot, e: JetError) -> JetError {
    if inst.flags() & (flags::TERMINATING | flags::FORKED) == flags::TERMINATING {
        JetError(JET_errTermInProgress)
    } else {
        e
    }
}

/// The code for a session another thread is inside of: the instance's state first, then -1910.
#[cold]
#[inline(never)]
fn busy<T>(inst: &InstanceSlot, stop: Stop, slot: &Slot<T>, generation: u64) -> JetError {
    if inst.flags() & flags::FORKED != 0 {
        return JetError(JET_errInvalidSesid);
    }
    if let Err(e) = instance_checks(inst.flags(), stop) {
        return e;
    }
    // The thread inside may have been a JetTerm that has since ended the session and cleared
    // its flag: the session retired before the flag was cleared, so this read sees it stale.
    if !slot.is_live(generation) {
        return JetError(JET_errInvalidSesid);
    }
    trace::explain(|| {
        "another thread is inside a call on this session, and a session takes one call at a time: \
         give each thread its own session (JetBeginSession or JetDupSession) or serialize the calls"
            .to_string()
    });
    JetError(JET_errSessionSharingViolation)
}

/// Starts a session on an instance slot that the caller has resolved and checked (S-SES-01
/// from the limit check on; S-SES-03 for JetDupSession). The new session starts from the
/// defaults and the instance's commit default.
pub fn begin(inst_index: usize, inst: &'static InstanceSlot, inst_gen: u64) -> JetResult<u64> {
    let pool = inst.sessions_or_init();
    let (slot, generation) = pool.acquire(
        JET_errOutOfSessions,
        || begin_checks(inst, inst_gen),
        |st: &mut SessionState| {
            st.commit_default = inst.commit_default();
            st.operation_context = OPERATION_CONTEXT_DEFAULT;
        },
        0,
    )?;
    Ok(handle::SESSION.encode(Handle { instance: inst_index, slot, generation }))
}

/// The state checks of begin, made under a pool lock: JetTerm sets TERMINATING, and frees the
/// instance (changing its generation), holding every lock of the pool.
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

impl Session {
    fn st(&self) -> &SessionState {
        // SAFETY: this thread holds the slot's BUSY bit (see `engine::pool`).
        unsafe { self.slot.data() }
    }

    fn st_mut(&mut self) -> &mut SessionState {
        // SAFETY: this thread holds the slot's BUSY bit, and `&mut self` makes this the only
        // reference handed out.
        unsafe { self.slot.data() }
    }

    pub fn instance(&self) -> &'static InstanceSlot {
        self.inst
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
        begin(self.handle().instance, self.inst, self.inst.generation())
    }

    // ---- cursors (S-THD-01, S-THD-02) ---------------------------------------------------

    fn cursor_pool(&self) -> &'static CursorPool {
        self.inst.cursors_or_init()
    }

    fn cursor_slot(&self, index: usize) -> &'static Slot<CursorState> {
        match self.cursor_pool().slot(index) {
            Some(s) => s,
            None => unreachable!("a cursor of this session has a slot"),
        }
    }

    /// The state of one of this session's cursors.
    fn cursor_state(&mut self, index: usize) -> &mut CursorState {
        // SAFETY: the cursor belongs to this session (its index came from this session's list
        // or from `enter_table`'s owner check), and this session's guard is held: nothing else
        // touches a cursor's data. `&mut self` makes this the only reference handed out.
        unsafe { self.cursor_slot(index).data() }
    }

    /// Opens a cursor owned by this session at its current level; returns its tableid.
    /// `JET_errOutOfCursors` (-1013) at `JET_paramMaxCursors`, exactly.
    pub fn open_cursor(&mut self, data: CursorData) -> JetResult<u64> {
        let level = self.level();
        let head = self.st().cursors;
        let (index, generation) = self.cursor_pool().acquire(
            JET_errOutOfCursors,
            || Ok(()),
            |c: &mut CursorState| {
                c.level = level;
                c.next = head;
                c.data = data;
            },
            self.sesid,
        )?;
        if let Some(first) = head.checked_sub(1) {
            self.cursor_state(first as usize).prev = index as u32 + 1;
        }
        let st = self.st_mut();
        st.cursors = index as u32 + 1;
        if level > 0 {
            st.cursors_in_transaction += 1;
        }
        Ok(handle::TABLE.encode(Handle { instance: self.handle().instance, slot: index, generation }))
    }

    /// Another tableid of this session, with [`enter_table`]'s checks (-1310, -1114), for the
    /// calls that take several (JetIntersectIndexes).
    pub(crate) fn cursor_of(&self, tableid: u64) -> JetResult<CursorRef> {
        check_tableid(self.inst, self.handle().instance, self.sesid, tableid)
    }

    /// The data of a cursor of this session found by [`enter_table`].
    pub fn cursor(&mut self, c: CursorRef) -> &mut CursorData {
        &mut self.cursor_state(c.index).data
    }

    /// The data of a cursor of this session and the transaction it works in.
    pub fn data(&mut self, c: CursorRef) -> (&mut CursorData, Tx<'_>) {
        // SAFETY: as `cursor_state`; the cursor's slot is not the session's slot, so the two
        // references do not alias, and both live no longer than `&mut self`.
        let cursor = unsafe { &mut self.cursor_slot(c.index).data().data };
        let sesid = self.sesid;
        let budget = &self.inst.budget;
        let st = self.st_mut();
        if let CursorData::Table(t) = cursor {
            // Inside a transaction, its snapshot of the cursor's database; outside, the newest.
            // Set again only when it changed: a clone would touch a count every thread shares.
            let want = st.view.as_ref().and_then(|v| v.db(t.dbid));
            match (want, &t.rec.read_at) {
                (Some(w), Some(r))
                    if std::ptr::addr_eq(std::sync::Arc::as_ptr(w), std::sync::Arc::as_ptr(r)) => {}
                (None, None) => {}
                _ => t.rec.read_at = want.cloned(),
            }
            t.rec.read_seq = match (&st.view, &t.rec.read_at) {
                (Some(v), Some(_)) => v.seq(t.dbid),
                _ => u64::MAX,
            };
        }
        let tx = Tx {
            sesid,
            level: st.level,
            read_only: st.read_only,
            commit_default: st.commit_default,
            writes: &mut st.writes,
            budget,
        };
        (cursor, tx)
    }

    /// The defaults an index created by this session takes where its definition is silent:
    /// the instance's tuple limits (fixed at JetInit) and its `JET_paramUnicodeIndexDefault` as
    /// it is now (that one may change after JetInit).
    pub(crate) fn index_defaults(&self) -> crate::engine::catalog::IndexDefaults {
        let mut d = crate::engine::catalog::IndexDefaults::default();
        if let Some(core) = self.inst.core() {
            d.tuples = core.settings.tuples;
            let u = core.unicode_default.lock();
            d.locale.clone_from(&u.locale);
            d.lcmap_flags = u.lcmap_flags;
        }
        d
    }

    /// The transaction's uncommitted data changes, if any.
    pub(crate) fn writes(&self) -> Option<&WriteSet> {
        self.st().writes.as_deref()
    }

    /// Writes `value` (`None` deletes) into the transaction's write set at its current level.
    pub(crate) fn write_at_level(
        &mut self,
        db: &std::sync::Arc<crate::engine::database::Database>,
        objid: u32,
        key: &[u8],
        value: Option<Vec<u8>>,
    ) -> JetResult<()> {
        let level = self.st().level;
        let budget = self.inst.budget.clone();
        self.st_mut()
            .writes
            .get_or_insert_with(|| Box::new(WriteSet::with_budget(budget)))
            .write(level, db, objid, key, value)
    }

    /// Every cursor of this session, for a commit or a rollback to adjust their prepared
    /// updates (`engine::data`).
    fn for_each_cursor(&mut self, mut f: impl FnMut(&mut CursorData)) {
        let mut at = self.st().cursors;
        while let Some(index) = at.checked_sub(1) {
            let c = self.cursor_state(index as usize);
            at = c.next;
            f(&mut c.data);
        }
    }

    /// Closes a cursor of this session: its tableid is stale at once, and what it held is freed.
    pub fn close_cursor(&mut self, c: CursorRef) {
        self.close_index(c.index);
    }

    fn close_index(&mut self, index: usize) {
        let (prev, next, level) = {
            let c = self.cursor_state(index);
            let links = (c.prev, c.next, c.level);
            c.data = CursorData::default();
            links
        };
        match prev.checked_sub(1) {
            Some(p) => self.cursor_state(p as usize).next = next,
            None => self.st_mut().cursors = next,
        }
        if let Some(n) = next.checked_sub(1) {
            self.cursor_state(n as usize).prev = prev;
        }
        if level > 0 {
            self.st_mut().cursors_in_transaction -= 1;
        }
        let generation = self.cursor_slot(index).generation();
        self.cursor_pool().release(index, generation);
    }

    /// Closes every cursor of this session opened at `level` or deeper (0: all of them).
    #[inline(always)]
    fn close_cursors_from(&mut self, level: u8) {
        if (level == 0 && self.st().cursors != 0) || self.st().cursors_in_transaction != 0 {
            self.close_cursors_slow(level);
        }
    }

    #[cold]
    #[inline(never)]
    fn close_cursors_slow(&mut self, level: u8) {
        let mut at = self.st().cursors;
        while let Some(index) = at.checked_sub(1) {
            let c = self.cursor_state(index as usize);
            at = c.next;
            if c.level >= level {
                self.close_index(index as usize);
            }
        }
    }

    /// A commit from `level + 1` to `level`: cursors opened deeper now belong to `level`.
    #[inline(always)]
    fn merge_cursors_into(&mut self, level: u8) {
        if self.st().cursors_in_transaction != 0 {
            self.merge_cursors_slow(level);
        }
    }

    #[cold]
    #[inline(never)]
    fn merge_cursors_slow(&mut self, level: u8) {
        let mut at = self.st().cursors;
        let mut moved_out = 0;
        while let Some(index) = at.checked_sub(1) {
            let c = self.cursor_state(index as usize);
            at = c.next;
            if c.level > level {
                c.level = level;
                if level == 0 {
                    moved_out += 1;
                }
            }
        }
        self.st_mut().cursors_in_transaction -= moved_out;
    }

    /// The tableids of this session's open cursors (tests and diagnostics).
    pub fn cursor_count(&mut self) -> usize {
        let mut n = 0;
        let mut at = self.st().cursors;
        while let Some(index) = at.checked_sub(1) {
            at = self.cursor_state(index as usize).next;
            n += 1;
        }
        n
    }

    // ---- the undo log (engine::undo) -----------------------------------------------------

    /// Records what a rollback of the current level must undo. At level 0 there is nothing to
    /// undo: the step is settled at once.
    pub fn log_undo(&mut self, step: Box<dyn Undo>) -> JetResult<()> {
        let level = self.level();
        if level == 0 {
            return step.settle();
        }
        let budget = self.inst.budget.clone();
        let undo =
            &mut self.st_mut().writes.get_or_insert_with(|| Box::new(WriteSet::with_budget(budget))).undo;
        undo.try_reserve(1).map_err(|_| JetError(JET_errOutOfMemory))?;
        undo.push(undo::Entry { level, step });
        Ok(())
    }

    fn has_undo(&self) -> bool {
        self.st().writes.as_ref().is_some_and(|w| !w.undo.is_empty())
    }

    /// A commit to `level`: the committed level's entries now belong to `level`; at level 0
    /// they are settled.
    #[cold]
    fn commit_undo(&mut self, level: u8) -> JetResult<()> {
        if level > 0 {
            for e in
                self.st_mut().writes.iter_mut().flat_map(|w| w.undo.iter_mut()).filter(|e| e.level > level)
            {
                e.level = level;
            }
            return Ok(());
        }
        let mut first = Ok(());
        let entries = self.st_mut().writes.as_mut().map(|w| std::mem::take(&mut w.undo)).unwrap_or_default();
        for e in entries {
            if let Err(err) = e.step.settle() {
                first = first.and(Err(err));
            }
        }
        first
    }

    /// Undoes, newest first, every entry of a level above `to`. A step that cannot be undone
    /// (an I/O error writing the catalog back) leaves the instance unavailable (S-INST-13): its
    /// state would no longer be what the caller was promised.
    #[cold]
    fn undo_to(&mut self, to: u8) -> JetResult<()> {
        let mut first = Ok(());
        while self.st().writes.as_ref().and_then(|w| w.undo.last()).is_some_and(|e| e.level > to) {
            let Some(e) = self.st_mut().writes.as_mut().and_then(|w| w.undo.pop()) else { break };
            if let Err(err) = e.step.undo() {
                self.inst.mark_unavailable();
                first = first.and(Err(err));
            }
        }
        first
    }

    /// Whether the open transaction was begun read-only (`JET_errTransReadOnly` for changes).
    pub fn read_only_transaction(&self) -> bool {
        self.st().level > 0 && self.st().read_only
    }

    // ---- databases (S-THD-03) -----------------------------------------------------------

    /// Checks that this session has `dbid` open (`JET_errInvalidDatabaseId`, -1010).
    pub fn check_dbid(&self, dbid: u32) -> JetResult<()> {
        match self.st().open_db.get(dbid as usize) {
            Some(&n) if n > 0 => Ok(()),
            _ => fail(JET_errInvalidDatabaseId),
        }
    }

    /// Counts one more open of `dbid` by this session.
    pub fn note_open(&mut self, dbid: u32) -> JetResult<()> {
        let st = self.st_mut();
        let n = st.open_db.get_mut(dbid as usize).ok_or(JetError(JET_errInvalidDatabaseId))?;
        *n = n.checked_add(1).ok_or(JetError(JET_errTooManyOpenDatabases))?;
        st.any_db_open = true;
        Ok(())
    }

    /// Counts one close of `dbid` (checked open first); returns how many opens remain.
    pub fn note_close(&mut self, dbid: u32) -> JetResult<u32> {
        self.check_dbid(dbid)?;
        let n = &mut self.st_mut().open_db[dbid as usize];
        *n -= 1;
        Ok(*n)
    }

    /// How many times this session has `dbid` open.
    pub fn open_count(&self, dbid: u32) -> u32 {
        self.st().open_db.get(dbid as usize).copied().unwrap_or(0)
    }

    /// Closes every cursor and database of the session and ends its transaction: the one
    /// teardown path of JetEndSession and JetTerm.
    #[inline]
    fn close_all(&mut self) {
        self.close_cursors_from(0);
        if let Some(w) = self.st_mut().writes.as_mut() {
            w.rollback_to(0);
            let _ = self.undo_to(0);
            self.st_mut().writes = None;
        }
        if self.st().any_db_open {
            self.release_databases();
        }
        self.reset_transaction();
    }

    #[cold]
    #[inline(never)]
    fn release_databases(&mut self) {
        let st = self.st_mut();
        st.any_db_open = false;
        let counts = std::mem::take(&mut st.open_db);
        if let Some(core) = self.inst.core() {
            core.release_opens(self.sesid, &counts);
        }
    }

    /// Closes this session's cursors on database `dbid` (its last JetCloseDatabase of it).
    pub(crate) fn close_cursors_of_database(&mut self, dbid: u32) {
        let mut at = self.st().cursors;
        while let Some(index) = at.checked_sub(1) {
            let c = self.cursor_state(index as usize);
            at = c.next;
            if c.data.dbid() == Some(dbid) {
                self.close_index(index as usize);
            }
        }
    }

    // ---- transactions ------------------------------------------------------------------

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
        self.close_all();
        self.free();
        Ok(())
    }

    /// Back to level 0 with no owner: after a commit to level 0 or a rollback of everything.
    #[inline]
    fn reset_transaction(&mut self) {
        let st = self.st_mut();
        st.level = 0;
        st.read_only = false;
        st.owner = Owner::None;
        if st.view.is_some() {
            st.view = None;
        }
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
    #[inline(always)]
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
        let inst = self.inst;
        let slot_hint = self.handle().slot;
        let st = self.st_mut();
        if level == 0 {
            st.owner = if st.context != 0 { Owner::Context(st.context) } else { Owner::Thread(tid) };
            st.read_only = grbit & JET_bitTransactionReadOnly != 0;
            if inst.views.any() {
                st.view = take_view(inst, slot_hint);
            }
        }
        st.level += 1;
        Ok(())
    }

    /// JetCommitTransaction/2 (S-TRX-01..03).
    #[inline]
    pub fn commit(&mut self, grbit: u32, durable_ms: u32) -> JetResult<()> {
        // The common case, inline: a plain or lazy commit by the owner of a level that has
        // nothing to carry (no data, no DDL, no cursor). Every check `commit_id` makes passes
        // here, so the result is the one it would give; anything else goes through it.
        if grbit & !JET_bitCommitLazyFlush == 0 && durable_ms == 0 {
            let st = self.st();
            if st.level != 0
                && st.writes.is_none()
                && st.cursors == 0
                && self.owns_transaction(thread::current())
            {
                let level = self.st().level - 1;
                self.st_mut().level = level;
                if level == 0 {
                    self.reset_transaction();
                }
                return Ok(());
            }
        }
        self.commit_id(grbit, durable_ms).map(|_| ())
    }

    /// [`Session::commit`], returning the commit id of a level-0 commit that wrote data (what
    /// JetCommitTransaction2 puts in its JET_COMMIT_ID; ESE fills it only when the transaction
    /// logged something, dir.cxx ErrDIRCommitTransaction): the instance's commits in the order
    /// they were written, so a later commit has a greater id.
    pub fn commit_id(&mut self, grbit: u32, durable_ms: u32) -> JetResult<Option<u64>> {
        if grbit & !COMMIT_GRBITS != 0 {
            return fail(JET_errInvalidGrbit);
        }
        // The wait-only options stand alone and succeed at any level without committing.
        for wait in [JET_bitForceNewLog, JET_bitWaitAllLevel0Commit, JET_bitWaitLastLevel0Commit] {
            if grbit & wait != 0 {
                if grbit != wait {
                    return fail(JET_errInvalidGrbit);
                }
                // Waiting for earlier level-0 commits: every lazy commit so far becomes
                // durable (S-STO-02).
                return if wait == JET_bitForceNewLog {
                    Ok(None)
                } else {
                    self.flush_lazy_commits().map(|_| None)
                };
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
        let level = self.st().level - 1;
        // Nothing but the level to change (no data, no DDL, no cursor): the common case.
        if self.st().writes.is_none() && self.st().cursors == 0 {
            self.st_mut().level = level;
            if level == 0 {
                self.reset_transaction();
            }
            return Ok(None);
        }
        self.commit_with_state(level, grbit)
    }

    /// The instance's commit-id signature (`Views::signature`), if it is running.
    pub fn commit_signature(&self) -> Option<(u32, u64)> {
        self.inst.core().map(|_| self.inst.views.signature())
    }

    /// Makes every lazy commit of the instance's databases durable.
    #[cold]
    fn flush_lazy_commits(&self) -> JetResult<()> {
        let Some(core) = self.inst.core() else { return Ok(()) };
        for db in core.databases() {
            db.store.flush()?;
        }
        Ok(())
    }

    /// A commit of a transaction that has data, DDL or cursors to carry.
    #[cold]
    #[inline(never)]
    fn commit_with_state(&mut self, level: u8, grbit: u32) -> JetResult<Option<u64>> {
        // The data first: if the store refuses it, the transaction is still open and the
        // caller may retry or roll back.
        let mut id = None;
        if self.st().writes.is_some() {
            id = self.commit_data(level, grbit)?;
        }
        if self.st().cursors != 0 {
            self.for_each_cursor(|c| crate::engine::data::committed(c, level));
        }
        self.st_mut().level = level;
        self.merge_cursors_into(level);
        let settled = if self.has_undo() { self.commit_undo(level) } else { Ok(()) };
        if level == 0 {
            if self.st().writes.is_some() {
                self.st_mut().writes = None;
            }
            self.reset_transaction();
        }
        settled.map(|_| id)
    }

    /// A commit's data step: at level 0 the write set goes to the store (durable unless
    /// lazy), else its changes move to `level`.
    #[cold]
    #[inline(never)]
    fn commit_data(&mut self, level: u8, grbit: u32) -> JetResult<Option<u64>> {
        let lazy = (grbit | self.st().commit_default) & JET_bitCommitLazyFlush != 0;
        let holder = st_view_ptr(&self.st().view);
        let Some(w) = self.st_mut().writes.as_mut() else { return Ok(None) };
        if level == 0 {
            w.holder = holder;
            let id = w.apply(if lazy { Durability::Lazy } else { Durability::Durable })?;
            Ok((id != 0).then_some(id))
        } else {
            w.commit_to(level);
            Ok(None)
        }
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
        // Level by level, as ESE does: each level's cursors are closed (S-THD-02, S-VER-03).
        let to = if grbit & JET_bitRollbackAll != 0 { 0 } else { self.st().level - 1 };
        self.close_cursors_from(to + 1);
        if let Some(w) = self.st_mut().writes.as_mut() {
            w.rollback_to(to);
        }
        // A temporary table's versioned changes are undone here: the first failure is kept.
        let mut temp_undone = Ok(());
        if self.st().cursors != 0 {
            self.for_each_cursor(|c| {
                let r = crate::engine::data::rolled_back(c, to);
                if temp_undone.is_ok() {
                    temp_undone = r;
                }
            });
        }
        let undone = if self.has_undo() { self.undo_to(to) } else { Ok(()) };
        let undone = undone.and(temp_undone);
        if to == 0 {
            if self.st().writes.is_some() {
                self.st_mut().writes = None;
            }
            self.reset_transaction();
        } else {
            self.st_mut().level = to;
        }
        undone
    }

    /// JetGetSessionParameter's rules (S-SES-09), in order: both out-pointers NULL → -1003;
    /// an unknown id → -1093; then the size is known (the caller writes `*pcbParamActual`
    /// whatever follows); then `fits` says whether the value may be written: the two 4-byte
    /// parameters want exactly 4 bytes, the others room enough (-1047), and a NULL buffer
    /// with room → -1003.
    pub fn read_param(
        &self,
        id: u32,
        has_buffer: bool,
        has_actual: bool,
        cb_max: u32,
    ) -> JetResult<ParamRead> {
        if !has_buffer && !has_actual {
            return fail(JET_errInvalidParameter);
        }
        let (bytes, len) = self.get_param(id)?;
        let exact = matches!(id, JET_sesparamCommitDefault | JET_sesparamTransactionLevel);
        let cb = cb_max as usize;
        let fits = if cb < len || (exact && cb != len) {
            fail(JET_errInvalidBufferSize)
        } else if !has_buffer {
            fail(JET_errInvalidParameter)
        } else {
            Ok(())
        };
        Ok(ParamRead { bytes, len, fits })
    }

    /// A session parameter's value: its bytes, in the first `len` bytes of the array
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

const COMMIT_GRBITS: u32 = 0x1 | 0x2 | 0x8 | 0x10 | 0x20;
const ROLLBACK_GRBITS: u32 = 0x1 | 0x20;

/// What JetTerm found after waiting for calls in flight.
pub enum Quiesce {
    Idle,
    OpenTransactions,
}

/// Waits (blocking, not spinning) until no call is inside a session of the pool, and reports
/// whether any session holds an open transaction. The caller has set TERMINATING, so every
/// call that enters a session after this leaves at once with -1000 (S-INST-07).
pub fn quiesce(pool: &SessionPool) -> Quiesce {
    // The slots are only watched, never taken: a caller that found one taken by JetTerm could
    // see the terminating flag already cleared (when JetTerm fails) and mistake JetTerm for
    // another thread inside a call (-1910).
    let mut open = false;
    for (_, slot) in pool.used() {
        if pool.wait_idle(slot, false).is_some() {
            // SAFETY: TERMINATING is set and no call was inside the slot when wait_idle loaded
            // its word (sequentially consistent, so this thread sees everything the last call
            // wrote). Any call entering from now on sees TERMINATING and leaves without
            // touching the state, so nothing writes it while it is read here.
            open |= unsafe { slot.data() }.level > 0;
        }
    }
    if open { Quiesce::OpenTransactions } else { Quiesce::Idle }
}

/// Ends every session of the instance, closing their cursors and discarding open transactions
/// (S-INST-06, S-THD-02): each session is taken as if entered, and freed by its guard.
pub fn end_all(inst_index: usize, inst: &'static InstanceSlot) {
    let Some(pool) = inst.sessions() else { return };
    for (i, slot) in pool.used() {
        if let Some(cur) = pool.wait_idle(slot, true) {
            let h = Handle { instance: inst_index, slot: i, generation: pool::generation_of(cur) };
            let sesid = handle::SESSION.encode(h);
            let mut s = Session { sesid, inst, pool, slot };
            s.close_all();
            // A test holds JetTerm here, between closing a session's cursors and retiring it.
            let _ = slots::failpoint_in(inst, "term.session");
            s.free();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_state_stays_small() {
        // Resident memory per idle session is a measured target (README "Performance").
        assert!(
            std::mem::size_of::<Slot<SessionState>>() <= 128,
            "{}",
            std::mem::size_of::<Slot<SessionState>>()
        );
    }
}
