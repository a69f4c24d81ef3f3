//! Concurrency stress of the public `extern "C"` API.
//!
//! 2 to 8 threads (chosen from the printed seed; `ESENT_SEED` replays the choices, not the
//! interleaving) run for a bounded time (`ESENT_STRESS_SECS`, default 3) and mix:
//! - private sessions: begun, used and ended by one thread, each shadowed by a small exact model
//!   (level, owner, context), so every code is the contract's exact answer or one of the codes
//!   that the instance's life cycle may cause underneath (-1104 after JetTerm, -1000 during it,
//!   -1329 after a stop, -1090);
//! - sessions shared by all threads (JET_errSessionSharingViolation -1910 must appear, S-SES-07, and
//!   nothing outside the allow-list of each function);
//! - session contexts handed between threads: one thread sets a context, begins a transaction
//!   and resets the context; another sets the same context and commits (S-TRX-03);
//! - thread 0 also creates, configures, initializes, stops and terms instances underneath the
//!   others (S-INST-05..08).
//!
//! Checked: every code is allowed for its call; after a JetTerm that freed an instance, no session
//! of it works (-1104) and the instance handle is stale (-1115); never more live sessions than
//! `JET_paramMaxSessions` (S-SES-02); a watchdog fails the run when any thread makes no progress
//! for 10 s (deadlock) or the run overstays its bound; at the end every instance is termed and
//! JetGetInstanceInfoA lists none.

#![allow(non_upper_case_globals)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod common;

use common::{Rng, code_name, env_u64};
use esent::abi::consts::*;
use esent::abi::{JET_INSTANCE, JET_INSTANCE_INFO_A, JET_SESID};
use esent::api::instance::*;
use esent::api::params::*;
use esent::api::session::*;
use esent::api::transaction::*;
use parking_lot::{Mutex, RwLock};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::ffi::{CString, c_char, c_void};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

// Allow-lists: what the contract lets each call return when its arguments are well-formed and
// everything else (other threads, the instance's life cycle) may be going on. -1090 needs a
// fault, but the contract allows it everywhere, so it is accepted.
const BEGIN_SESSION: &[i32] = &[0, -1115, -1329, -1090, -1000, -1101, -1011];
const DUP: &[i32] = &[0, -1104, -1329, -1090, -1000, -1910, -1101, -1011];
const END: &[i32] = &[0, -1104, -1090, -1000, -1910, -1914];
const BEGIN_TRX: &[i32] = &[0, -1104, -1329, -1090, -1000, -1910, -1103];
const COMMIT: &[i32] = &[0, -1104, -1329, -1090, -1000, -1910, -1054];
const ROLLBACK: &[i32] = &[0, -1104, -1090, -1000, -1910, -1054];
const SET_CTX: &[i32] = &[0, -1104, -1329, -1090, -1000, -1910, -1912];
const RESET_CTX: &[i32] = &[0, -1104, -1090, -1000, -1910, -1913];
const GET_SES: &[i32] = &[0, -1104, -1090, -1000, -1910];
const SET_SES: &[i32] = &[0, -1104, -1329, -1090, -1000, -1910];
const VERSION: &[i32] = &[0, -1104, -1329, -1090, -1000, -1910];
/// What the instance's life cycle may do to a call on a session nobody else uses.
const UNDERNEATH: &[i32] = &[-1104, -1000, -1090];

const WATCHDOG: Duration = Duration::from_secs(10);

#[derive(Clone)]
struct LiveInst {
    h: u64,
    stopped: bool,
    term_fails: u32,
}

#[derive(Default)]
struct Registry {
    /// Sessions known to be live: registered after begin returned, unregistered before end is
    /// called (and again if end fails), so at any instant they are a subset of the live ones.
    ses: HashMap<u64, u64>,
    per_inst: HashMap<u64, u64>,
    max: HashMap<u64, u64>,
}

struct Shared {
    seed: u64,
    stop: AtomicBool,
    progress: Vec<AtomicU64>,
    doing: Vec<Mutex<&'static str>>,
    insts: Mutex<Vec<LiveInst>>,
    reg: Mutex<Registry>,
    /// Instances whose JetTerm has returned (written under `reg`).
    dead: RwLock<HashSet<u64>>,
    shared: Mutex<Vec<(u64, u64)>>,
    handoff: Mutex<VecDeque<Mini>>,
    failures: Mutex<Vec<String>>,
    counts: Mutex<BTreeMap<(&'static str, i32), u64>>,
    sharing_violations: AtomicU64,
    handoffs: AtomicU64,
    terms: AtomicU64,
}

/// Owner of an open transaction (S-TRX-03), threads named by worker index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    None,
    Thread(usize),
    Context(usize),
}

/// An exact model of a session that one thread at a time uses.
#[derive(Clone, Debug)]
struct Mini {
    sesid: u64,
    inst: u64,
    level: u8,
    owner: Owner,
    ctx: usize,
    ctx_thread: usize,
    /// Seen -1104: stale for good (S-HDL-02).
    dead: bool,
    /// Seen -1329: stopped for good (S-INST-08).
    stopped: bool,
    handoff_ctx: usize,
}

#[derive(Clone, Copy, Debug)]
enum MOp {
    Begin(u32),
    Commit(u32),
    Rollback(u32),
    SetCtx(usize),
    ResetCtx,
    GetLevel,
    SetCorrelation(u32),
    Version,
    End,
}

impl MOp {
    fn name(self) -> &'static str {
        match self {
            MOp::Begin(_) => "JetBeginTransaction2",
            MOp::Commit(_) => "JetCommitTransaction",
            MOp::Rollback(_) => "JetRollback",
            MOp::SetCtx(_) => "JetSetSessionContext",
            MOp::ResetCtx => "JetResetSessionContext",
            MOp::GetLevel => "JetGetSessionParameter",
            MOp::SetCorrelation(_) => "JetSetSessionParameter",
            MOp::Version => "JetGetVersion",
            MOp::End => "JetEndSession",
        }
    }

    /// Blocked by a stop-service request (S-INST-10).
    fn blocks(self) -> bool {
        matches!(
            self,
            MOp::Begin(_) | MOp::Commit(_) | MOp::SetCtx(_) | MOp::SetCorrelation(_) | MOp::Version
        )
    }

    fn allowed(self) -> &'static [i32] {
        match self {
            MOp::Begin(_) => BEGIN_TRX,
            MOp::Commit(_) => COMMIT,
            MOp::Rollback(_) => ROLLBACK,
            MOp::SetCtx(_) => SET_CTX,
            MOp::ResetCtx => RESET_CTX,
            MOp::GetLevel => GET_SES,
            MOp::SetCorrelation(_) => SET_SES,
            MOp::Version => VERSION,
            MOp::End => END,
        }
    }

    /// Performs the call; `level` receives the transaction level for GetLevel.
    fn call(self, sesid: u64, level: &mut i32) -> i32 {
        let s = sesid as JET_SESID;
        match self {
            MOp::Begin(g) => JetBeginTransaction2(s, g),
            MOp::Commit(g) => JetCommitTransaction(s, g),
            MOp::Rollback(g) => JetRollback(s, g),
            MOp::SetCtx(c) => JetSetSessionContext(s, c),
            MOp::ResetCtx => JetResetSessionContext(s),
            MOp::GetLevel => {
                // SAFETY: a 4-byte buffer for the 4-byte level.
                unsafe {
                    JetGetSessionParameter(
                        s,
                        JET_sesparamTransactionLevel,
                        level as *mut i32 as *mut c_void,
                        4,
                        null_mut(),
                    )
                }
            }
            MOp::SetCorrelation(v) => {
                let mut v = v;
                // SAFETY: a 4-byte value.
                unsafe {
                    JetSetSessionParameter(s, JET_sesparamCorrelationID, &mut v as *mut u32 as *mut c_void, 4)
                }
            }
            MOp::Version => {
                let mut v = 0u32;
                // SAFETY: `v` receives the version.
                unsafe { JetGetVersion(s, &mut v) }
            }
            MOp::End => JetEndSession(s, 0),
        }
    }
}

impl Mini {
    fn new(sesid: u64, inst: u64) -> Self {
        Mini {
            sesid,
            inst,
            level: 0,
            owner: Owner::None,
            ctx: 0,
            ctx_thread: usize::MAX,
            dead: false,
            stopped: false,
            handoff_ctx: 0,
        }
    }

    fn owns(&self, me: usize) -> bool {
        match self.owner {
            Owner::None => true,
            Owner::Thread(t) => t == me,
            Owner::Context(c) => self.ctx == c && self.ctx_thread == me,
        }
    }

    /// The contract's answer when nothing happens underneath (S-TRX-01..04, S-SES-04/05/08/09).
    fn exact(&self, op: MOp, me: usize) -> i32 {
        match op {
            MOp::Begin(_) if self.level >= 7 => JET_errTransTooDeep,
            MOp::Begin(_) if self.level > 0 && !self.owns(me) => JET_errSessionSharingViolation,
            MOp::Commit(_) | MOp::Rollback(_) if self.level == 0 => JET_errNotInTransaction,
            MOp::Commit(_) | MOp::Rollback(_) if !self.owns(me) => JET_errSessionSharingViolation,
            MOp::SetCtx(_) if self.ctx != 0 => JET_errSessionContextAlreadySet,
            MOp::ResetCtx if self.ctx == 0 || self.ctx_thread != me => {
                JET_errSessionContextNotSetByThisThread
            }
            MOp::End if self.ctx != 0 => JET_errSessionInUse,
            MOp::End if self.level > 0 && matches!(self.owner, Owner::Thread(t) if t != me) => {
                JET_errSessionSharingViolation
            }
            _ => 0,
        }
    }

    fn apply(&mut self, op: MOp, me: usize) {
        match op {
            MOp::Begin(_) => {
                if self.level == 0 {
                    self.owner = if self.ctx != 0 { Owner::Context(self.ctx) } else { Owner::Thread(me) };
                }
                self.level += 1;
            }
            MOp::Commit(_) => self.level -= 1,
            MOp::Rollback(g) => self.level = if g & JET_bitRollbackAll != 0 { 0 } else { self.level - 1 },
            MOp::SetCtx(c) => {
                self.ctx = c;
                self.ctx_thread = me;
            }
            MOp::ResetCtx => self.ctx = 0,
            MOp::End => self.dead = true,
            _ => {}
        }
        if self.level == 0 {
            self.owner = Owner::None;
        }
    }
}

struct Worker<'a> {
    sh: &'a Shared,
    me: usize,
    rng: Rng,
    counts: BTreeMap<(&'static str, i32), u64>,
}

impl<'a> Worker<'a> {
    fn fail(&self, msg: String) {
        let m = format!("seed {}, thread {}: {msg}", self.sh.seed, self.me);
        eprintln!("STRESS FAILURE: {m}");
        self.sh.failures.lock().push(m);
        self.sh.stop.store(true, Ordering::SeqCst);
    }

    fn running(&self) -> bool {
        !self.sh.stop.load(Ordering::Relaxed)
    }

    fn is_dead(&self, inst: u64) -> bool {
        self.sh.dead.read().contains(&inst)
    }

    /// Runs one API call, counting it and marking progress for the watchdog.
    fn call(&mut self, f: &'static str, c: impl FnOnce() -> i32) -> i32 {
        *self.sh.doing[self.me].lock() = f;
        let code = c();
        *self.counts.entry((f, code)).or_default() += 1;
        self.sh.progress[self.me].fetch_add(1, Ordering::Relaxed);
        if code == JET_errSessionSharingViolation {
            self.sh.sharing_violations.fetch_add(1, Ordering::Relaxed);
        }
        code
    }

    /// A call on a session of `inst` checked against an allow-list, and against -1104 when the
    /// instance was termed before the call (S-INST-06, S-HDL-02).
    fn checked(
        &mut self,
        f: &'static str,
        allowed: &[i32],
        sesid: u64,
        inst: u64,
        c: impl FnOnce() -> i32,
    ) -> i32 {
        let dead_before = self.is_dead(inst);
        let code = self.call(f, c);
        if dead_before && code != JET_errInvalidSesid {
            self.fail(format!(
                "{f}({sesid:#x}) on a session of termed instance {inst:#x} returned {}, expected -1104",
                code_name(code)
            ));
        } else if !allowed.contains(&code) {
            self.fail(format!("{f}({sesid:#x}) returned {}, not allowed here {allowed:?}", code_name(code)));
        }
        code
    }

    /// Records a live session; false (and nothing recorded) when its instance is already termed.
    fn register(&self, sesid: u64, inst: u64) -> bool {
        let mut reg = self.sh.reg.lock();
        if self.sh.dead.read().contains(&inst) {
            return false;
        }
        reg.ses.insert(sesid, inst);
        let n = {
            let n = reg.per_inst.entry(inst).or_default();
            *n += 1;
            *n
        };
        let max = reg.max.get(&inst).copied().unwrap_or(u64::MAX);
        let mine: Vec<u64> = if n > max {
            reg.ses.iter().filter(|&(_, &i)| i == inst).map(|(&s, _)| s).collect()
        } else {
            Vec::new()
        };
        drop(reg);
        if n > max {
            // Which of them answer (a stale one would be a fault of this harness's bookkeeping)?
            let states: Vec<String> = mine
                .iter()
                .map(|&s| {
                    let mut v = 0i32;
                    // SAFETY: a 4-byte buffer.
                    let c = unsafe {
                        JetGetSessionParameter(
                            s as JET_SESID,
                            JET_sesparamTransactionLevel,
                            &mut v as *mut i32 as *mut c_void,
                            4,
                            null_mut(),
                        )
                    };
                    format!("{s:#x}: {c}")
                })
                .collect();
            self.fail(format!(
                "instance {inst:#x} has {n} live sessions, JET_paramMaxSessions is {max} (S-SES-02); \
                 registered: {states:?}; just begun: {sesid:#x}"
            ));
        }
        true
    }

    fn unregister(&self, sesid: u64) -> bool {
        let mut reg = self.sh.reg.lock();
        match reg.ses.remove(&sesid) {
            Some(inst) => {
                if let Some(n) = reg.per_inst.get_mut(&inst) {
                    *n -= 1;
                }
                true
            }
            None => false,
        }
    }

    fn pick_inst(&mut self) -> Option<u64> {
        let insts = self.sh.insts.lock();
        if insts.is_empty() {
            return None;
        }
        let i = self.rng.index(insts.len());
        Some(insts[i].h)
    }

    /// JetBeginSession on `inst`: -1115 when the instance was termed before the call.
    fn begin_session(&mut self, inst: u64) -> Option<u64> {
        let dead_before = self.is_dead(inst);
        let mut out = 0 as JET_SESID;
        // SAFETY: `out` receives the handle; user and password are NULL.
        let code = self.call("JetBeginSessionA", || unsafe {
            JetBeginSessionA(inst as usize, &mut out, null(), null())
        });
        if dead_before && code != JET_errInvalidInstance {
            self.fail(format!("JetBeginSession on termed instance {inst:#x} returned {}", code_name(code)));
        } else if !BEGIN_SESSION.contains(&code) {
            self.fail(format!("JetBeginSession({inst:#x}) returned {}", code_name(code)));
        }
        (code == 0).then_some(out as u64)
    }

    /// One call on a session this thread alone uses: the exact answer, or what the instance's
    /// life cycle may cause (-1104, -1000, -1090, and -1329 for calls a stop blocks).
    fn mini(&mut self, m: &mut Mini, op: MOp) -> i32 {
        let me = self.me;
        let exp = m.exact(op, me);
        let dead_before = m.dead || self.is_dead(m.inst);
        let mut level = -1i32;
        let sesid = m.sesid;
        let code = self.call(op.name(), || op.call(sesid, &mut level));
        let ok = if dead_before {
            code == JET_errInvalidSesid
        } else if m.stopped && op.blocks() {
            [JET_errClientRequestToStopJetService, -1104, -1000, -1090].contains(&code)
        } else {
            code == exp
                || UNDERNEATH.contains(&code)
                || (op.blocks() && code == JET_errClientRequestToStopJetService)
        };
        if !ok || !op.allowed().contains(&code) {
            self.fail(format!(
                "{}({sesid:#x}) [{op:?}] on a session only this thread uses returned {}, expected {} \
                 (model: {m:?}, instance termed before the call: {dead_before})",
                op.name(),
                code_name(code),
                code_name(exp)
            ));
        }
        match code {
            JET_errInvalidSesid => m.dead = true,
            JET_errClientRequestToStopJetService => m.stopped = true,
            0 if exp == 0 && ok => {
                if let MOp::GetLevel = op
                    && level != m.level as i32
                {
                    self.fail(format!("transaction level of {sesid:#x} is {level}, model {}", m.level));
                }
                m.apply(op, me);
            }
            _ => {}
        }
        code
    }

    /// Resets this thread's context if set, then ends the session.
    fn finish(&mut self, mut m: Mini) {
        if m.ctx != 0 && m.ctx_thread == self.me && !m.dead {
            self.mini(&mut m, MOp::ResetCtx);
        }
        let was = self.unregister(m.sesid);
        let code = if m.dead { JET_errInvalidSesid } else { self.mini(&mut m, MOp::End) };
        if code != 0 && code != JET_errInvalidSesid && was {
            // Still alive (say -1000 while a term that then failed was running): record it
            // again, unless its instance was termed meanwhile.
            self.register(m.sesid, m.inst);
        }
    }

    fn random_mop(&mut self, m: &Mini) -> MOp {
        match self.rng.below(12) {
            0..=2 => MOp::Begin(self.rng.pick(&[0, 0, JET_bitTransactionReadOnly])),
            3..=4 => MOp::Commit(self.rng.pick(&[0, JET_bitCommitLazyFlush])),
            5..=6 => MOp::Rollback(self.rng.pick(&[0, 0, JET_bitRollbackAll])),
            7 => MOp::GetLevel,
            8 => MOp::SetCorrelation(self.rng.next_u64() as u32),
            9 => MOp::Version,
            10 if m.ctx == 0 => MOp::SetCtx(0x1000 + self.me * 0x10 + self.rng.index(4)),
            _ => MOp::ResetCtx,
        }
    }

    fn private_session(&mut self) {
        let Some(inst) = self.pick_inst() else { return thread::yield_now() };
        let Some(sesid) = self.begin_session(inst) else { return };
        let mut m = Mini::new(sesid, inst);
        if !self.register(sesid, inst) {
            m.dead = true; // its instance's term returned before we could record it
        }
        for _ in 0..self.rng.below(16) {
            let op = self.random_mop(&m);
            self.mini(&mut m, op);
        }
        self.finish(m);
    }

    /// First half of a context handoff (S-TRX-03): set a context, begin, reset, pass it on.
    fn handoff_start(&mut self) {
        let Some(inst) = self.pick_inst() else { return thread::yield_now() };
        let Some(sesid) = self.begin_session(inst) else { return };
        let mut m = Mini::new(sesid, inst);
        if !self.register(sesid, inst) {
            m.dead = true;
        }
        let ctx = 0x10_0000 + self.me * 0x100 + self.rng.index(0x100);
        m.handoff_ctx = ctx;
        let ok = self.mini(&mut m, MOp::SetCtx(ctx)) == 0
            && self.mini(&mut m, MOp::Begin(0)) == 0
            && self.mini(&mut m, MOp::ResetCtx) == 0;
        let mut q = self.sh.handoff.lock();
        if ok && q.len() < 16 {
            q.push_back(m);
        } else {
            drop(q);
            self.finish(m);
        }
    }

    /// Second half: another thread sets the same context and commits.
    fn handoff_finish(&mut self) {
        let Some(mut m) = self.sh.handoff.lock().pop_front() else { return self.handoff_start() };
        if self.rng.chance(1, 6) {
            // The wrong context first: the transaction does not follow it (S-TRX-03).
            let wrong = m.handoff_ctx ^ 0x8000_0000;
            self.mini(&mut m, MOp::SetCtx(wrong));
            self.mini(&mut m, MOp::Begin(0));
            self.mini(&mut m, MOp::Commit(0));
            self.mini(&mut m, MOp::ResetCtx);
        }
        let ctx = m.handoff_ctx;
        self.mini(&mut m, MOp::SetCtx(ctx));
        self.mini(&mut m, MOp::Begin(0));
        self.mini(&mut m, MOp::Commit(0));
        if self.mini(&mut m, MOp::Commit(0)) == 0 {
            self.sh.handoffs.fetch_add(1, Ordering::Relaxed);
        }
        self.mini(&mut m, MOp::ResetCtx);
        if m.level > 0 && !m.dead && self.rng.chance(1, 2) {
            self.mini(&mut m, MOp::Rollback(JET_bitRollbackAll)); // a stop blocked the commit
        }
        self.finish(m);
    }

    fn pick_shared(&mut self) -> Option<(u64, u64)> {
        let n = self.sh.shared.lock().len();
        if n < 3 || (n < 6 && self.rng.chance(1, 20)) {
            let inst = self.pick_inst()?;
            let sesid = self.begin_session(inst)?;
            if self.register(sesid, inst) {
                self.sh.shared.lock().push((sesid, inst));
            }
            return Some((sesid, inst));
        }
        let list = self.sh.shared.lock();
        if list.is_empty() {
            return None;
        }
        Some(list[self.rng.index(list.len())])
    }

    fn drop_shared(&self, sesid: u64) {
        self.sh.shared.lock().retain(|&(s, _)| s != sesid);
    }

    /// A call on a session every thread uses: allow-lists only.
    fn shared_op(&mut self) {
        let Some((s, inst)) = self.pick_shared() else { return thread::yield_now() };
        let sid = s as JET_SESID;
        let me = self.me;
        let code = match self.rng.below(20) {
            0..=3 => self.checked("JetBeginTransaction", BEGIN_TRX, s, inst, || JetBeginTransaction(sid)),
            4..=6 => self.checked("JetCommitTransaction", COMMIT, s, inst, || JetCommitTransaction(sid, 0)),
            7..=9 => self.checked("JetRollback", ROLLBACK, s, inst, || JetRollback(sid, 0)),
            10..=11 => {
                let mut v = 0i32;
                self.checked("JetGetSessionParameter", GET_SES, s, inst, || {
                    // SAFETY: a 4-byte buffer for the 4-byte level.
                    unsafe {
                        JetGetSessionParameter(
                            sid,
                            JET_sesparamTransactionLevel,
                            &mut v as *mut i32 as *mut c_void,
                            4,
                            null_mut(),
                        )
                    }
                })
            }
            12 => {
                let mut v = me as u32;
                self.checked("JetSetSessionParameter", SET_SES, s, inst, || {
                    // SAFETY: a 4-byte value.
                    unsafe {
                        JetSetSessionParameter(
                            sid,
                            JET_sesparamCorrelationID,
                            &mut v as *mut u32 as *mut c_void,
                            4,
                        )
                    }
                })
            }
            13 => {
                let mut v = 0u32;
                // SAFETY: `v` receives the version.
                self.checked("JetGetVersion", VERSION, s, inst, || unsafe { JetGetVersion(sid, &mut v) })
            }
            14..=15 => {
                // A context set and reset by this thread on a shared session.
                let ctx = 0x2000 + me;
                let c =
                    self.checked("JetSetSessionContext", SET_CTX, s, inst, || JetSetSessionContext(sid, ctx));
                if c == 0 {
                    self.checked("JetBeginTransaction", BEGIN_TRX, s, inst, || JetBeginTransaction(sid));
                    self.checked("JetRollback", ROLLBACK, s, inst, || JetRollback(sid, JET_bitRollbackAll));
                    for _ in 0..100 {
                        let r = self.checked("JetResetSessionContext", RESET_CTX, s, inst, || {
                            JetResetSessionContext(sid)
                        });
                        if r != JET_errSessionSharingViolation {
                            if r == JET_errSessionContextNotSetByThisThread {
                                self.fail(format!(
                                    "JetResetSessionContext({s:#x}) after this thread set it: -1913"
                                ));
                            }
                            break;
                        }
                        thread::yield_now();
                    }
                }
                c
            }
            16 => {
                let mut out = 0 as JET_SESID;
                // SAFETY: `out` receives the new handle.
                let c =
                    self.checked("JetDupSession", DUP, s, inst, || unsafe { JetDupSession(sid, &mut out) });
                if c == 0 {
                    let mut m = Mini::new(out as u64, inst);
                    if !self.register(m.sesid, inst) {
                        m.dead = true;
                    }
                    // S-SES-03: the copy inherits nothing.
                    self.mini(&mut m, MOp::GetLevel);
                    self.finish(m);
                }
                c
            }
            17 => self.checked("JetResetSessionContext", RESET_CTX, s, inst, || JetResetSessionContext(sid)),
            _ => {
                // Only the thread that takes a shared session off the list ends it, so that the
                // bookkeeping knows whether it is still alive when the end fails (-1910, -1914).
                let mine = {
                    let mut list = self.sh.shared.lock();
                    match list.iter().position(|&(x, _)| x == s) {
                        Some(p) if self.rng.chance(1, 4) => {
                            list.remove(p);
                            true
                        }
                        _ => false,
                    }
                };
                if mine {
                    let was = self.unregister(s);
                    let c = self.checked("JetEndSession", END, s, inst, || JetEndSession(sid, 0));
                    if c != 0 && c != JET_errInvalidSesid && was && self.register(s, inst) {
                        self.sh.shared.lock().push((s, inst));
                    }
                    c
                } else {
                    0
                }
            }
        };
        if code == JET_errInvalidSesid {
            self.drop_shared(s);
        }
    }

    /// Every thread on one shared session at once: concurrent use must give -1910 (S-SES-07).
    fn hammer(&mut self) {
        let target = self.sh.shared.lock().first().copied();
        let Some((s, inst)) = target else { return };
        let sid = s as JET_SESID;
        for _ in 0..50 {
            if !self.running() {
                break;
            }
            let mut v = 0u32;
            let c = match self.rng.below(3) {
                0 => self.checked("JetGetVersion", VERSION, s, inst, || {
                    // SAFETY: `v` receives the version.
                    unsafe { JetGetVersion(sid, &mut v) }
                }),
                1 => self.checked("JetBeginTransaction", BEGIN_TRX, s, inst, || JetBeginTransaction(sid)),
                _ => self.checked("JetRollback", ROLLBACK, s, inst, || JetRollback(sid, 0)),
            };
            if c == JET_errInvalidSesid {
                self.drop_shared(s);
                break;
            }
        }
    }

    fn work(&mut self) {
        match self.rng.weighted(&[30, 30, 8, 8, 6]) {
            0 => self.private_session(),
            1 => self.shared_op(),
            2 => self.handoff_start(),
            3 => self.handoff_finish(),
            _ => self.hammer(),
        }
    }

    // ---- the life-cycle thread ----

    fn create_instance(&mut self, k: u64) {
        let name = CString::new(format!("stress-{k}")).expect("no NUL");
        let mut h = 0 as JET_INSTANCE;
        // SAFETY: `h` receives the handle; the name is NUL-terminated.
        let c = self.call("JetCreateInstanceA", || unsafe { JetCreateInstanceA(&mut h, name.as_ptr()) });
        if c != 0 {
            return self.fail(format!("JetCreateInstanceA: {}", code_name(c)));
        }
        let max = self.rng.pick(&[1u64, 2, 4, 8, 16, 64]);
        let mut hv = h;
        // SAFETY: `hv` holds the instance handle; no string.
        let c = self.call("JetSetSystemParameterA", || unsafe {
            JetSetSystemParameterA(&mut hv, 0, JET_paramMaxSessions, max as usize, null())
        });
        if c != 0 {
            return self
                .fail(format!("JetSetSystemParameterA(MaxSessions {max}) before init: {}", code_name(c)));
        }
        let stopped = self.rng.chance(1, 25);
        if stopped {
            let c = self.call("JetStopServiceInstance", || JetStopServiceInstance(h));
            if c != 0 {
                return self.fail(format!("JetStopServiceInstance before init: {}", code_name(c)));
            }
        }
        let mut hi = h;
        // SAFETY: `hi` names the created instance.
        let c = self.call("JetInit", || unsafe { JetInit(&mut hi) });
        if c != 0 || hi != h {
            return self
                .fail(format!("JetInit of a created instance: {} (*pinstance {hi:#x})", code_name(c)));
        }
        self.sh.reg.lock().max.insert(h as u64, max);
        self.sh.insts.lock().push(LiveInst { h: h as u64, stopped, term_fails: 0 });
    }

    fn term_instance(&mut self, forced: Option<u32>) {
        let li = {
            let mut insts = self.sh.insts.lock();
            if insts.is_empty() {
                return;
            }
            let i = self.rng.index(insts.len());
            insts.remove(i)
        };
        let grbit = forced.map(Some).unwrap_or_else(|| {
            if li.term_fails >= 2 || self.rng.chance(1, 4) {
                Some(JET_bitTermDirty)
            } else {
                self.rng.pick(&[None, Some(0), Some(JET_bitTermComplete), Some(JET_bitTermAbrupt)])
            }
        });
        let h = li.h as JET_INSTANCE;
        let code = match grbit {
            None => self.call("JetTerm", || JetTerm(h)),
            Some(g) => self.call("JetTerm2", || JetTerm2(h, g)),
        };
        let dirty = grbit.is_some_and(|g| g & JET_bitTermDirty != 0);
        let allowed: &[i32] = if dirty { &[JET_errDirtyShutdown] } else { &[0, JET_errTooManyActiveUsers] };
        if !allowed.contains(&code) {
            return self.fail(format!("JetTerm2({h:#x}, {grbit:?}) returned {}", code_name(code)));
        }
        if code == JET_errTooManyActiveUsers {
            // S-INST-05: nothing termed, everything usable; try again later.
            self.sh.insts.lock().push(LiveInst { term_fails: li.term_fails + 1, ..li });
            return;
        }
        self.sh.terms.fetch_add(1, Ordering::Relaxed);
        let purged: Vec<u64> = {
            let mut reg = self.sh.reg.lock();
            self.sh.dead.write().insert(li.h);
            let gone: Vec<u64> = reg.ses.iter().filter(|&(_, &i)| i == li.h).map(|(&s, _)| s).collect();
            for s in &gone {
                reg.ses.remove(s);
            }
            reg.per_inst.remove(&li.h);
            gone
        };
        self.sh.shared.lock().retain(|&(_, i)| i != li.h);
        // S-INST-06, S-HDL-02: no session of a termed instance works; its handle is stale.
        for s in purged {
            let sid = s as JET_SESID;
            let mut v = 0i32;
            // SAFETY: a 4-byte buffer.
            let c = self.call("JetGetSessionParameter", || unsafe {
                JetGetSessionParameter(
                    sid,
                    JET_sesparamTransactionLevel,
                    &mut v as *mut i32 as *mut c_void,
                    4,
                    null_mut(),
                )
            });
            let c2 = self.call("JetBeginTransaction", || JetBeginTransaction(sid));
            let c3 = self.call("JetEndSession", || JetEndSession(sid, 0));
            if [c, c2, c3] != [JET_errInvalidSesid; 3] {
                self.fail(format!(
                    "session {s:#x} of instance {h:#x} still answers after JetTerm returned {}: {}, {}, {}",
                    code_name(code),
                    code_name(c),
                    code_name(c2),
                    code_name(c3)
                ));
            }
        }
        let mut out = 0 as JET_SESID;
        // SAFETY: `out` would receive a handle.
        let c = self.call("JetBeginSessionA", || unsafe { JetBeginSessionA(h, &mut out, null(), null()) });
        if c != JET_errInvalidInstance {
            self.fail(format!("JetBeginSession on termed instance {h:#x}: {}", code_name(c)));
        }
    }

    fn stop_instance(&mut self) {
        let li = {
            let insts = self.sh.insts.lock();
            if insts.is_empty() {
                return;
            }
            insts[self.rng.index(insts.len())].clone()
        };
        let h = li.h as JET_INSTANCE;
        let (grbit, full) = match self.rng.below(6) {
            0 => (None, true),
            1 => (Some(JET_bitStopServiceAll), true),
            2 => (Some(JET_bitStopServiceBackgroundUserTasks), false),
            3 => (Some(JET_bitStopServiceQuiesceCaches | JET_bitStopServiceResume), false),
            _ => (Some(JET_bitStopServiceResume), false),
        };
        let code = match grbit {
            None => self.call("JetStopServiceInstance", || JetStopServiceInstance(h)),
            Some(g) => self.call("JetStopServiceInstance2", || JetStopServiceInstance2(h, g)),
        };
        // S-INST-09: Resume alone after a full stop cannot undo it.
        let want = if grbit == Some(JET_bitStopServiceResume) && li.stopped {
            JET_errClientRequestToStopJetService
        } else {
            0
        };
        if code != want {
            return self.fail(format!("JetStopServiceInstance2({h:#x}, {grbit:?}): {}", code_name(code)));
        }
        if full {
            for i in self.sh.insts.lock().iter_mut().filter(|i| i.h == li.h) {
                i.stopped = true;
            }
        }
    }

    /// JetGetInstanceInfoA lists exactly the instances this thread keeps (only it creates and
    /// terms them).
    fn info_check(&mut self) {
        let want: HashSet<u64> = self.sh.insts.lock().iter().map(|i| i.h).collect();
        let got = list_instances();
        self.call("JetGetInstanceInfoA", || 0);
        if got != want {
            self.fail(format!("JetGetInstanceInfoA lists {got:x?}, expected {want:x?}"));
        }
    }

    fn lifecycle(&mut self) {
        let mut k = 0;
        let mut next = Instant::now();
        while self.running() {
            if Instant::now() < next {
                self.work();
                continue;
            }
            next = Instant::now() + Duration::from_micros(500 + self.rng.below(4000));
            let live = self.sh.insts.lock().len() as u64;
            if live < 1 + self.rng.below(4) {
                k += 1;
                self.create_instance(k);
            } else {
                match self.rng.below(10) {
                    0 => self.stop_instance(),
                    1 => self.info_check(),
                    _ => self.term_instance(None),
                }
            }
        }
    }
}

/// Runs a closure when dropped (also while unwinding).
struct OnDrop<F: FnMut()>(F);

impl<F: FnMut()> Drop for OnDrop<F> {
    fn drop(&mut self) {
        (self.0)()
    }
}

fn list_instances() -> HashSet<u64> {
    let mut c: u32 = 0;
    let mut a: *mut JET_INSTANCE_INFO_A = null_mut();
    // SAFETY: out-pointers to locals.
    let r = unsafe { JetGetInstanceInfoA(&mut c, &mut a) };
    assert_eq!(r, 0, "JetGetInstanceInfoA");
    // SAFETY: `c` elements returned by the library.
    let set = (0..c as usize).map(|i| unsafe { (*a.add(i)).hInstanceId as u64 }).collect();
    if c > 0 {
        // SAFETY: the block just returned.
        assert_eq!(unsafe { JetFreeBuffer(a as *mut c_char) }, 0);
    }
    set
}

#[test]
fn stress() {
    let _serial = SERIAL.lock();
    let seed = common::seed();
    let mut rng = Rng::new(seed);
    let threads = 2 + rng.below(7) as usize;
    let secs = env_u64("ESENT_STRESS_SECS").unwrap_or(3);
    let duration = Duration::from_secs(secs);
    println!("stress: seed {seed} (replay with ESENT_SEED={seed}), {threads} threads, {secs} s");
    assert_eq!(JetStopService(), JET_errInvalidParameter, "the process starts in mode none");

    let sh = Shared {
        seed,
        stop: AtomicBool::new(false),
        progress: (0..threads).map(|_| AtomicU64::new(0)).collect(),
        doing: (0..threads).map(|_| Mutex::new("")).collect(),
        insts: Mutex::new(Vec::new()),
        reg: Mutex::new(Registry::default()),
        dead: RwLock::new(HashSet::new()),
        shared: Mutex::new(Vec::new()),
        handoff: Mutex::new(VecDeque::new()),
        failures: Mutex::new(Vec::new()),
        counts: Mutex::new(BTreeMap::new()),
        sharing_violations: AtomicU64::new(0),
        handoffs: AtomicU64::new(0),
        terms: AtomicU64::new(0),
    };
    let done = AtomicBool::new(false);
    let start = Instant::now();
    let seeds: Vec<u64> = (0..threads).map(|_| rng.next_u64()).collect();

    thread::scope(|scope| {
        // The watchdog: any thread without progress for 10 s is a deadlock; the whole run is
        // bounded too. It exits the process, since a deadlocked thread cannot be joined.
        scope.spawn(|| {
            let mut last: Vec<(u64, Instant)> = (0..threads).map(|_| (0, Instant::now())).collect();
            while !done.load(Ordering::SeqCst) {
                thread::sleep(Duration::from_millis(100));
                let now = Instant::now();
                for (k, l) in last.iter_mut().enumerate() {
                    let p = sh.progress[k].load(Ordering::Relaxed);
                    let idle = sh.stop.load(Ordering::Relaxed)
                        && p == l.0
                        && sh.doing[k].try_lock().is_some_and(|d| d.is_empty());
                    if p != l.0 || idle {
                        *l = (p, now);
                    } else if now - l.1 > WATCHDOG {
                        let doing = sh.doing[k].try_lock().map(|d| *d).unwrap_or("?");
                        eprintln!(
                            "STRESS WATCHDOG: thread {k} made no progress for {WATCHDOG:?} (inside {doing}); \
                             deadlock. seed {seed}, {threads} threads"
                        );
                        std::process::exit(101);
                    }
                }
                if start.elapsed() > duration + Duration::from_secs(60) {
                    eprintln!(
                        "STRESS WATCHDOG: run exceeded {:?}; seed {seed}",
                        duration + Duration::from_secs(60)
                    );
                    std::process::exit(101);
                }
            }
        });

        // Whatever happens below (a panic included), the watchdog stops with the run.
        let _release = OnDrop(|| {
            sh.stop.store(true, Ordering::SeqCst);
            done.store(true, Ordering::SeqCst);
        });
        let workers: Vec<_> = (0..threads)
            .map(|me| {
                let sh = &sh;
                let s = seeds[me];
                scope.spawn(move || {
                    let mut w = Worker { sh, me, rng: Rng::new(s), counts: BTreeMap::new() };
                    if me == 0 {
                        w.lifecycle();
                    } else {
                        while w.running() {
                            w.work();
                        }
                    }
                    *sh.doing[me].lock() = "";
                    let mut all = sh.counts.lock();
                    for (k, v) in w.counts {
                        *all.entry(k).or_default() += v;
                    }
                })
            })
            .collect();

        // The clock: stop everyone after the duration (or at the first failure).
        while start.elapsed() < duration && !sh.stop.load(Ordering::SeqCst) {
            thread::sleep(Duration::from_millis(20));
        }
        // -1910 must have appeared; give the hammer a little longer on a slow machine.
        let extra = Instant::now();
        while sh.sharing_violations.load(Ordering::SeqCst) == 0
            && extra.elapsed() < Duration::from_secs(5)
            && !sh.stop.load(Ordering::SeqCst)
        {
            thread::sleep(Duration::from_millis(20));
        }
        sh.stop.store(true, Ordering::SeqCst);
        for w in workers {
            w.join().expect("worker panicked");
        }

        // The end: every instance termed (dirty, sessions may hold transactions), none listed.
        let mut w = Worker { sh: &sh, me: 0, rng: Rng::new(seed ^ 1), counts: BTreeMap::new() };
        while !sh.insts.lock().is_empty() {
            w.term_instance(Some(JET_bitTermDirty));
        }
        let leftover: Vec<u64> = sh.reg.lock().ses.keys().copied().collect();
        for s in leftover {
            let c = JetEndSession(s as JET_SESID, 0);
            if c != JET_errInvalidSesid {
                w.fail(format!("session {s:#x} survived every JetTerm: {}", code_name(c)));
            }
        }
        let left = list_instances();
        if !left.is_empty() {
            w.fail(format!("instances left after the run: {left:x?}"));
        }
        if JetStopService() != JET_errInvalidParameter {
            w.fail("the process is not back in mode none".into());
        }
        let mut all = sh.counts.lock();
        for (k, v) in w.counts {
            *all.entry(k).or_default() += v;
        }
        done.store(true, Ordering::SeqCst);
    });

    let elapsed = start.elapsed();
    let counts = sh.counts.lock();
    let total: u64 = counts.values().sum();
    println!(
        "stress: {total} calls on {threads} threads in {elapsed:.2?}: {} instance terms, {} context handoffs, \
         {} sharing violations",
        sh.terms.load(Ordering::SeqCst),
        sh.handoffs.load(Ordering::SeqCst),
        sh.sharing_violations.load(Ordering::SeqCst)
    );
    let mut by_fn: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for ((f, c), n) in counts.iter() {
        by_fn.entry(f).or_default().push(format!("{c}×{n}"));
    }
    for (f, v) in by_fn {
        println!("  {f:26} {}", v.join(" "));
    }
    let failures = sh.failures.lock();
    assert!(failures.is_empty(), "stress failed (seed {seed}, {threads} threads):\n{}", failures.join("\n"));
    assert!(
        sh.sharing_violations.load(Ordering::SeqCst) > 0,
        "no JET_errSessionSharingViolation in the whole run (seed {seed}, {threads} threads)"
    );
    assert!(sh.handoffs.load(Ordering::SeqCst) > 0, "no context handoff completed (seed {seed})");
}

// ---- the data layer under threads ---------------------------------------------------------------
//
// One instance, one database, one table T shared by 2-8 threads, each with its own session and
// cursors: K (long, primary), A (long, non-unique index IA that indexes every record), U (long,
// unique IgnoreNull index IU), S (a signature of K, A, U and the long value, so that a torn read
// shows), E (escrow, on the counter records K < NC only, never deleted) and L (long binary, a
// run of one byte). Readers scan (JetMove), seek (JetSeek), walk index ranges of IA and read
// with JetRetrieveColumns; writers insert, replace, delete, apply escrow deltas and write long
// values, in transactions of one or two levels ended by random commits (lazy or durable) and
// rollbacks. Each call's code must be on its allow-list (contract-data S-VER-02, S-VER-04;
// data-records 9.3). One phase ends quietly (rollback, end sessions, JetTerm), the other with a
// JetTerm2(JET_bitTermDirty) racing the workers (S-INST-06/07: calls after it get -1104, during
// it -1000). After each phase the database is reattached in a new instance and checked: every IA
// and IU entry points at a record whose column matches the entry, the counts agree with the
// primary index, and every escrow counter equals its start value plus the committed deltas.

use esent::abi::{JET_COLUMNDEF, JET_DBID, JET_INDEXCREATE_A, JET_INDEXCREATE_LCID, JET_INDEXCREATE_VARSEG};
use esent::abi::{JET_COLUMNID, JET_RETRIEVECOLUMN, JET_TABLEID};
use esent::api::cursors::{JetMakeKey, JetSeek, JetSetCurrentIndex, JetSetIndexRange};
use esent::api::database::{JetAttachDatabase, JetCreateDatabase, JetOpenDatabase};
use esent::api::records::{
    JetDelete, JetEscrowUpdate, JetMove, JetPrepareUpdate, JetRetrieveColumn, JetRetrieveColumns,
    JetSetColumn, JetUpdate,
};
use esent::api::schema::{JetAddColumn, JetCreateIndex2};
use esent::api::table::{JetCloseTable, JetCreateTable, JetOpenTable};

/// Counter records are K 0..NC; other records K NC..NK.
const NC: i32 = 8;
const NK: i32 = 160;
const NA: i32 = 12;
const NU: i32 = 48;
const E0: i32 = 1000;
const LV_MAX: usize = 6000;
/// The most writes of a big transaction (far more than the small version store holds).
const BIG_MOST: usize = 5000;

/// Serializes the tests of this file: the library is process-global and the session stress
/// checks that no instance is left.
static SERIAL: Mutex<()> = Mutex::new(());

// Allow-lists of the data calls (contract-data S-VER-02: -1102 at once; S-VER-04: -1069;
// data-records 9.3: an insert meeting a held or newer key is -1605).
const D_SEEK: &[i32] = &[0, -1601];
const D_MOVE: &[i32] = &[0, -1603];
const D_OK: &[i32] = &[0];
const D_RANGE: &[i32] = &[0, -1603];
const D_RETRIEVE: &[i32] = &[0, 1004];
/// Outside a transaction each call sees the latest commit, so the record a cursor is on may
/// have been deleted meanwhile by another session (data-records 4.5 item 6, 5.1 item 8).
const D_RETRIEVE0: &[i32] = &[0, 1004, -1017];
const D_PREP_REPLACE: &[i32] = &[0, -1102, -1069];
const D_CANCEL: &[i32] = &[0, -1609];
const D_UPDATE_INSERT: &[i32] = &[0, -1605, -1069];
const D_UPDATE_REPLACE: &[i32] = &[0, -1102, -1605, -1069];
const D_DELETE: &[i32] = &[0, -1102, -1069];
const D_ESCROW: &[i32] = &[0, -1102, -1069];
/// While a JetTerm runs underneath (S-INST-07).
const D_TERM: &[i32] = &[-1000, -1104];

#[derive(Clone, Copy)]
struct DCols {
    k: JET_COLUMNID,
    a: JET_COLUMNID,
    u: JET_COLUMNID,
    s: JET_COLUMNID,
    e: JET_COLUMNID,
    l: JET_COLUMNID,
}

fn sig(k: i32, a: i32, u: Option<i32>, lv: &[u8]) -> i32 {
    let fill = lv.first().copied().unwrap_or(0) as i32;
    k.wrapping_mul(1_000_003)
        .wrapping_add(a.wrapping_mul(1009))
        .wrapping_add(u.unwrap_or(-1).wrapping_mul(17))
        .wrapping_add((lv.len() as i32).wrapping_mul(7))
        .wrapping_add(fill.wrapping_mul(131))
}

struct DShared {
    seed: u64,
    inst: u64,
    path: CString,
    cols: DCols,
    stop: AtomicBool,
    /// Set before the racing JetTerm2 is called, and once it has returned.
    terming: AtomicBool,
    termed: AtomicBool,
    progress: Vec<AtomicU64>,
    failures: Mutex<Vec<String>>,
    counts: Mutex<BTreeMap<(&'static str, i32), u64>>,
    /// Committed escrow deltas per counter record.
    committed: Mutex<Vec<i64>>,
    /// Transactions of 20-100 writes (`ESENT_STRESS_BURSTS=1`).
    bursts: bool,
    /// The version-store phase: the first `big` threads make transactions that grow until
    /// they meet -1069 (see [`DWorker::big_transaction`]).
    big: usize,
    /// Some call has returned -1069.
    met_1069: AtomicBool,
    /// Big transactions that met -1069 and were then rolled back, or committed.
    full_rolled_back: AtomicU64,
    full_committed: AtomicU64,
    /// Level-0 commits of the other threads, with a successful write, after the first -1069.
    commits_after_1069: AtomicU64,
    ops: AtomicU64,
    commits: AtomicU64,
    rollbacks: AtomicU64,
}

fn d_add_column(
    s: JET_SESID,
    t: JET_TABLEID,
    name: &str,
    coltyp: u32,
    grbit: u32,
    default: Option<&[u8]>,
) -> JET_COLUMNID {
    let def = JET_COLUMNDEF {
        cbStruct: size_of::<JET_COLUMNDEF>() as u32,
        columnid: 0,
        coltyp,
        wCountry: 0,
        langid: 0,
        cp: 0,
        wCollate: 0,
        cbMax: 0,
        grbit,
    };
    let n = CString::new(name).unwrap();
    let mut id = 0;
    let (p, cb) = default.map_or((null(), 0), |d| (d.as_ptr() as *const c_void, d.len() as u32));
    // SAFETY: valid pointers for the call.
    let r = unsafe { JetAddColumn(s, t, n.as_ptr(), &def, p, cb, &mut id) };
    assert_eq!(r, 0, "JetAddColumn {name}");
    id
}

fn d_add_index(s: JET_SESID, t: JET_TABLEID, name: &str, key: &[u8], grbit: u32) {
    let n = CString::new(name).unwrap();
    let mut key = key.to_vec();
    let mut ix = JET_INDEXCREATE_A {
        cbStruct: size_of::<JET_INDEXCREATE_A>() as u32,
        szIndexName: n.as_ptr() as *mut _,
        szKey: key.as_mut_ptr() as *mut _,
        cbKey: key.len() as u32,
        grbit,
        ulDensity: 100,
        lcid_or_pidxunicode: JET_INDEXCREATE_LCID { lcid: 0 },
        cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_VARSEG { cbVarSegMac: 0 },
        rgconditionalcolumn: null_mut(),
        cConditionalColumn: 0,
        err: 0,
        cbKeyMost: 0,
    };
    // SAFETY: valid pointers for the call.
    assert_eq!(unsafe { JetCreateIndex2(s, t, &mut ix, 1) }, 0, "JetCreateIndex2 {name}");
}

fn d_make_key(s: JET_SESID, t: JET_TABLEID, v: i32) -> i32 {
    let b = v.to_le_bytes();
    // SAFETY: `b` outlives the call.
    unsafe { JetMakeKey(s, t, b.as_ptr() as *const c_void, 4, JET_bitNewKey) }
}

fn d_set(s: JET_SESID, t: JET_TABLEID, col: JET_COLUMNID, data: &[u8]) -> i32 {
    // SAFETY: `data` outlives the call.
    unsafe { JetSetColumn(s, t, col, data.as_ptr() as *const c_void, data.len() as u32, 0, null()) }
}

fn d_open_table(s: JET_SESID, dbid: JET_DBID, index: Option<&str>) -> Result<JET_TABLEID, i32> {
    let tname = CString::new("T").unwrap();
    let mut tid = 0;
    // SAFETY: valid pointers for the call.
    let r = unsafe { JetOpenTable(s, dbid, tname.as_ptr(), null(), 0, 0, &mut tid) };
    if r != 0 {
        return Err(r);
    }
    if let Some(ix) = index {
        let iname = CString::new(ix).unwrap();
        // SAFETY: a NUL-terminated name.
        let r = unsafe { JetSetCurrentIndex(s, tid, iname.as_ptr()) };
        if r != 0 {
            return Err(r);
        }
    }
    Ok(tid)
}

/// A record as JetRetrieveColumns reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DRec {
    k: i32,
    a: i32,
    u: Option<i32>,
    s: i32,
    e: i32,
    lv: Vec<u8>,
}

impl DRec {
    fn torn(&self) -> Option<String> {
        if self.lv.iter().any(|&b| b != self.lv[0]) {
            return Some(format!("record {} has a mixed long value", self.k));
        }
        if sig(self.k, self.a, self.u, &self.lv) != self.s {
            return Some(format!(
                "record {} is torn: A {} U {:?} L {} bytes, signature {} does not match",
                self.k,
                self.a,
                self.u,
                self.lv.len(),
                self.s
            ));
        }
        None
    }
}

/// JetRetrieveColumns of every column of the current record: the code and the record.
fn d_read(s: JET_SESID, t: JET_TABLEID, c: &DCols, lvbuf: &mut [u8]) -> (i32, DRec) {
    let mut k = [0u8; 4];
    let mut a = [0u8; 4];
    let mut u = [0u8; 4];
    let mut sg = [0u8; 4];
    let mut e = [0u8; 4];
    let col = |columnid, pv: *mut u8, cb: usize| JET_RETRIEVECOLUMN {
        columnid,
        pvData: pv as *mut c_void,
        cbData: cb as u32,
        cbActual: 0,
        grbit: 0,
        ibLongValue: 0,
        itagSequence: 1,
        columnidNextTagged: 0,
        err: 0,
    };
    let mut rc = [
        col(c.k, k.as_mut_ptr(), 4),
        col(c.a, a.as_mut_ptr(), 4),
        col(c.u, u.as_mut_ptr(), 4),
        col(c.s, sg.as_mut_ptr(), 4),
        col(c.e, e.as_mut_ptr(), 4),
        col(c.l, lvbuf.as_mut_ptr(), lvbuf.len()),
    ];
    // SAFETY: every buffer outlives the call and its size is the one given.
    let r = unsafe { JetRetrieveColumns(s, t, rc.as_mut_ptr(), rc.len() as u32) };
    let null_u = rc[2].err == JET_wrnColumnNull;
    let n = if rc[5].err == JET_wrnColumnNull { 0 } else { (rc[5].cbActual as usize).min(lvbuf.len()) };
    let rec = DRec {
        k: i32::from_le_bytes(k),
        a: i32::from_le_bytes(a),
        u: if null_u { None } else { Some(i32::from_le_bytes(u)) },
        s: i32::from_le_bytes(sg),
        e: i32::from_le_bytes(e),
        lv: lvbuf[..n].to_vec(),
    };
    (r, rec)
}

struct DWorker<'a> {
    sh: &'a DShared,
    me: usize,
    rng: Rng,
    sesid: JET_SESID,
    tp: JET_TABLEID,
    ta: JET_TABLEID,
    /// Escrow deltas per open level (index 0 = level 1).
    pending: Vec<Vec<(usize, i64)>>,
    ops_in_trx: u32,
    counts: BTreeMap<(&'static str, i32), u64>,
    lvbuf: Vec<u8>,
    /// The session was found stale (-1104): nothing more to do.
    gone: bool,
    /// A write of the open transaction succeeded.
    wrote: bool,
}

impl<'a> DWorker<'a> {
    fn fail(&mut self, msg: String) {
        let m = format!("seed {}, data thread {}: {msg}", self.sh.seed, self.me);
        eprintln!("STRESS FAILURE: {m}");
        self.sh.failures.lock().push(m);
        self.sh.stop.store(true, Ordering::SeqCst);
        self.gone = true;
    }

    /// One checked call: its code is counted and must be in `allowed`, or, while a JetTerm runs
    /// underneath, -1000/-1104; once JetTerm has returned, exactly -1104. Returns None when the
    /// instance is going (the caller stops).
    fn call(&mut self, f: &'static str, allowed: &[i32], c: impl FnOnce() -> i32) -> Option<i32> {
        let termed = self.sh.termed.load(Ordering::SeqCst);
        let code = c();
        // Read after the call: a JetTerm that began during it may have answered it.
        let terming = self.sh.terming.load(Ordering::SeqCst);
        if code == JET_errVersionStoreOutOfMemory {
            self.sh.met_1069.store(true, Ordering::SeqCst);
        }
        *self.counts.entry((f, code)).or_default() += 1;
        self.sh.progress[self.me].fetch_add(1, Ordering::Relaxed);
        if termed {
            if code != JET_errInvalidSesid {
                self.fail(format!("{f} after JetTerm returned {}, expected -1104", code_name(code)));
            }
            self.gone = true;
            return None;
        }
        if allowed.contains(&code) {
            return Some(code);
        }
        if terming && D_TERM.contains(&code) {
            if code == JET_errInvalidSesid {
                self.gone = true;
            }
            return None;
        }
        let level = self.level();
        self.fail(format!("{f} at level {level} returned {}, not allowed here {allowed:?}", code_name(code)));
        None
    }

    fn level(&self) -> usize {
        self.pending.len()
    }

    fn begin(&mut self) -> Option<()> {
        let s = self.sesid;
        self.call("JetBeginTransaction", D_OK, || JetBeginTransaction(s))?;
        self.pending.push(Vec::new());
        Some(())
    }

    fn commit(&mut self) -> Option<()> {
        let s = self.sesid;
        let g = if self.rng.chance(1, 2) { JET_bitCommitLazyFlush } else { 0 };
        self.call("JetCommitTransaction", D_OK, || JetCommitTransaction(s, g))?;
        let top = self.pending.pop().unwrap_or_default();
        match self.pending.last_mut() {
            Some(below) => below.extend(top),
            None => {
                let mut c = self.sh.committed.lock();
                for (k, d) in top {
                    c[k] += d;
                }
                self.sh.commits.fetch_add(1, Ordering::Relaxed);
                if self.wrote && self.me >= self.sh.big && self.sh.met_1069.load(Ordering::SeqCst) {
                    self.sh.commits_after_1069.fetch_add(1, Ordering::Relaxed);
                }
                self.ops_in_trx = 0;
                self.wrote = false;
            }
        }
        Some(())
    }

    fn rollback(&mut self, all: bool) -> Option<()> {
        let s = self.sesid;
        let g = if all { JET_bitRollbackAll } else { 0 };
        self.call("JetRollback", D_OK, || JetRollback(s, g))?;
        if all {
            self.pending.clear();
        } else {
            self.pending.pop();
        }
        if self.pending.is_empty() {
            self.sh.rollbacks.fetch_add(1, Ordering::Relaxed);
            self.ops_in_trx = 0;
            self.wrote = false;
        }
        Some(())
    }

    /// Positions the primary cursor on `k`: Some(true) when found.
    fn seek_p(&mut self, k: i32) -> Option<bool> {
        let (s, t) = (self.sesid, self.tp);
        self.call("JetMakeKey", D_OK, || d_make_key(s, t, k))?;
        let r = self.call("JetSeek", D_SEEK, || JetSeek(s, t, JET_bitSeekEQ))?;
        Some(r == 0)
    }

    /// Reads the current record: None stops the step, Some(None) is a record deleted under a
    /// level-0 cursor.
    fn read(&mut self, t: JET_TABLEID) -> Option<Option<DRec>> {
        let s = self.sesid;
        let c = self.sh.cols;
        let mut buf = std::mem::take(&mut self.lvbuf);
        let mut out = None;
        let allowed = if self.level() == 0 { D_RETRIEVE0 } else { D_RETRIEVE };
        let res = self.call("JetRetrieveColumns", allowed, || {
            let (r, rec) = d_read(s, t, &c, &mut buf);
            out = Some(rec);
            r
        });
        self.lvbuf = buf;
        if res? == JET_errRecordDeleted {
            return Some(None);
        }
        let rec = out?;
        if let Some(m) = rec.torn() {
            self.fail(m);
            return None;
        }
        Some(Some(rec))
    }

    fn scan(&mut self) -> Option<()> {
        let (s, t) = (self.sesid, self.tp);
        let n = 1 + self.rng.below(40);
        let mut r = self.call("JetMove", D_MOVE, || JetMove(s, t, JET_MoveFirst, 0))?;
        let mut last = i32::MIN;
        let mut i = 0;
        while r == 0 && i < n {
            let Some(rec) = self.read(t)? else {
                r = self.call("JetMove", D_MOVE, || JetMove(s, t, JET_MoveNext, 0))?;
                continue;
            };
            if rec.k <= last {
                self.fail(format!("scan of the primary index went from {last} to {}", rec.k));
                return None;
            }
            last = rec.k;
            r = self.call("JetMove", D_MOVE, || JetMove(s, t, JET_MoveNext, 0))?;
            i += 1;
        }
        Some(())
    }

    fn point(&mut self) -> Option<()> {
        let k = self.rng.below(NK as u64) as i32;
        if self.seek_p(k)?
            && let Some(rec) = self.read(self.tp)?
            && rec.k != k
        {
            self.fail(format!("JetSeek to {k} landed on {}", rec.k));
        }
        Some(())
    }

    fn range(&mut self) -> Option<()> {
        let (s, t) = (self.sesid, self.ta);
        let a = self.rng.below(NA as u64) as i32;
        self.call("JetMakeKey", D_OK, || d_make_key(s, t, a))?;
        if self.call("JetSeek", D_SEEK, || JetSeek(s, t, JET_bitSeekEQ))? != 0 {
            return Some(());
        }
        self.call("JetMakeKey", D_OK, || d_make_key(s, t, a))?;
        let mut r = self.call("JetSetIndexRange", D_RANGE, || {
            JetSetIndexRange(s, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive)
        })?;
        let mut last = i32::MIN;
        while r == 0 {
            let Some(rec) = self.read(t)? else {
                r = self.call("JetMove", D_MOVE, || JetMove(s, t, JET_MoveNext, 0))?;
                continue;
            };
            // Outside a transaction the record may have been replaced since the entry was
            // read (each call sees the latest commit), so only a transaction's walk checks A.
            if (rec.a != a && self.level() > 0) || rec.k <= last {
                self.fail(format!(
                    "index range A = {a} gave record {} with A {} after K {last}",
                    rec.k, rec.a
                ));
                return None;
            }
            last = rec.k;
            r = self.call("JetMove", D_MOVE, || JetMove(s, t, JET_MoveNext, 0))?;
        }
        Some(())
    }

    /// Sets A, U, S and (sometimes) L of the prepared record `k`.
    fn fill(&mut self, k: i32, insert: bool) -> Option<()> {
        let (s, t) = (self.sesid, self.tp);
        let c = self.sh.cols;
        let a = self.rng.below(NA as u64) as i32;
        let u = if self.rng.chance(1, 2) { Some(self.rng.below(NU as u64) as i32) } else { None };
        let lv = if self.rng.chance(1, 3) {
            vec![self.rng.below(256) as u8; self.rng.below(LV_MAX as u64 + 1) as usize]
        } else {
            Vec::new()
        };
        if insert {
            self.call("JetSetColumn", D_OK, || d_set(s, t, c.k, &k.to_le_bytes()))?;
        }
        self.call("JetSetColumn", D_OK, || d_set(s, t, c.a, &a.to_le_bytes()))?;
        match u {
            Some(u) => self.call("JetSetColumn", D_OK, || d_set(s, t, c.u, &u.to_le_bytes()))?,
            None => self.call("JetSetColumn", D_OK, || d_set(s, t, c.u, &[]))?,
        };
        // An empty value sets L to NULL, the record's long value is then replaced or removed.
        self.call("JetSetColumn", D_OK, || d_set(s, t, c.l, &lv))?;
        let sg = sig(k, a, u, &lv);
        self.call("JetSetColumn", D_OK, || d_set(s, t, c.s, &sg.to_le_bytes()))?;
        Some(())
    }

    fn cancel(&mut self) -> Option<()> {
        let (s, t) = (self.sesid, self.tp);
        self.call("JetPrepareUpdate(cancel)", D_CANCEL, || JetPrepareUpdate(s, t, JET_prepCancel))?;
        Some(())
    }

    /// JetUpdate of the prepared record (cancelled when it fails): its code.
    fn update(&mut self, f: &'static str, allowed: &[i32]) -> Option<i32> {
        let (s, t) = (self.sesid, self.tp);
        // SAFETY: no bookmark is asked for.
        let r = self.call(f, allowed, || unsafe { JetUpdate(s, t, null_mut(), 0, null_mut()) })?;
        if r != 0 {
            self.cancel()?;
        } else {
            self.wrote = true;
        }
        Some(r)
    }

    fn insert(&mut self) -> Option<()> {
        let k = NC + self.rng.below((NK - NC) as u64) as i32;
        self.insert_k(k).map(|_| ())
    }

    /// Inserts record `k`: the code of JetUpdate.
    fn insert_k(&mut self, k: i32) -> Option<i32> {
        let (s, t) = (self.sesid, self.tp);
        self.call("JetPrepareUpdate(insert)", D_OK, || JetPrepareUpdate(s, t, JET_prepInsert))?;
        self.fill(k, true)?;
        self.update("JetUpdate(insert)", D_UPDATE_INSERT)
    }

    fn replace(&mut self) -> Option<()> {
        let k = self.rng.below(NK as u64) as i32;
        self.replace_k(k).map(|_| ())
    }

    /// Replaces record `k`: 0 when it was replaced, or the code of the call that stopped it
    /// (-1601: there is no record `k`).
    fn replace_k(&mut self, k: i32) -> Option<i32> {
        let (s, t) = (self.sesid, self.tp);
        if !self.seek_p(k)? {
            return Some(JET_errRecordNotFound);
        }
        let r = self
            .call("JetPrepareUpdate(replace)", D_PREP_REPLACE, || JetPrepareUpdate(s, t, JET_prepReplace))?;
        if r != 0 {
            return Some(r);
        }
        self.fill(k, false)?;
        self.update("JetUpdate(replace)", D_UPDATE_REPLACE)
    }

    /// Record `k` as the session sees it now (None: there is none).
    fn read_k(&mut self, k: i32) -> Option<Option<DRec>> {
        if !self.seek_p(k)? {
            return Some(None);
        }
        self.read(self.tp)
    }

    /// The session's transaction level, as JetGetSessionParameter gives it.
    fn level_of_session(&mut self) -> Option<i32> {
        let s = self.sesid;
        let mut level = -1i32;
        self.call("JetGetSessionParameter", D_OK, || {
            // SAFETY: a 4-byte buffer for the 4-byte level.
            unsafe {
                JetGetSessionParameter(
                    s,
                    JET_sesparamTransactionLevel,
                    &mut level as *mut i32 as *mut c_void,
                    4,
                    null_mut(),
                )
            }
        })?;
        Some(level)
    }

    /// A transaction of the version-store phase: inserts and replaces until one meets
    /// -1069, then what contract-data S-VER-04 and data-records 9.1 promise of it: the failed
    /// statement is undone (its record reads as before it), the transaction is still open (the
    /// level is unchanged and its earlier writes still read back), and it can end either way:
    /// rolled back (level 0 after it) or committed (its successful writes then count, which the
    /// final check sees through the indexes).
    fn big_transaction(&mut self) -> Option<()> {
        self.begin()?;
        let mut last_written: Option<DRec> = None;
        for _ in 0..BIG_MOST {
            let insert = self.rng.chance(1, 2);
            let k = if insert {
                NC + self.rng.below((NK - NC) as u64) as i32
            } else {
                self.rng.below(NK as u64) as i32
            };
            let before = self.read_k(k)?;
            let r = if insert { self.insert_k(k)? } else { self.replace_k(k)? };
            if r == 0 {
                last_written = self.read_k(k)?;
                if last_written.is_none() {
                    self.fail(format!("record {k} is not there after its own successful write"));
                    return None;
                }
                continue;
            }
            if r != JET_errVersionStoreOutOfMemory {
                continue;
            }
            let level = self.level_of_session()?;
            if level != self.level() as i32 {
                self.fail(format!("after -1069 the transaction level is {level}, not {}", self.level()));
                return None;
            }
            let now = self.read_k(k)?;
            if now != before {
                self.fail(format!(
                    "the statement that met -1069 was not undone: record {k} was {before:?}, is {now:?}"
                ));
                return None;
            }
            if let Some(w) = last_written.clone()
                && self.read_k(w.k)?.as_ref() != Some(&w)
            {
                self.fail(format!(
                    "after -1069 an earlier write of the transaction (record {}) is gone",
                    w.k
                ));
                return None;
            }
            if self.rng.chance(1, 2) {
                self.rollback(true)?;
                let level = self.level_of_session()?;
                if level != 0 {
                    self.fail(format!(
                        "after the rollback of a transaction that met -1069 the level is {level}"
                    ));
                    return None;
                }
                self.sh.full_rolled_back.fetch_add(1, Ordering::Relaxed);
            } else {
                self.commit()?;
                self.sh.full_committed.fetch_add(1, Ordering::Relaxed);
            }
            return Some(());
        }
        // Never full (the version store is the instance's: others may have freed it meanwhile).
        self.commit()
    }

    fn delete(&mut self) -> Option<()> {
        let (s, t) = (self.sesid, self.tp);
        let k = NC + self.rng.below((NK - NC) as u64) as i32;
        if !self.seek_p(k)? {
            return Some(());
        }
        if self.call("JetDelete", D_DELETE, || JetDelete(s, t))? == 0 {
            self.wrote = true;
        }
        Some(())
    }

    fn escrow(&mut self) -> Option<()> {
        let (s, t) = (self.sesid, self.tp);
        let k = self.rng.below(NC as u64) as i32;
        if !self.seek_p(k)? {
            self.fail(format!("counter record {k} not found"));
            return None;
        }
        let mut d = self.rng.below(21) as i32 - 10;
        if d == 0 {
            d = 1;
        }
        let col = self.sh.cols.e;
        let db = d.to_le_bytes();
        let r = self.call("JetEscrowUpdate", D_ESCROW, || {
            // SAFETY: `db` outlives the call; no old value is asked for.
            unsafe {
                JetEscrowUpdate(s, t, col, db.as_ptr() as *const c_void, 4, null_mut(), 0, null_mut(), 0)
            }
        })?;
        if r == 0 {
            self.pending.last_mut().expect("in a transaction").push((k as usize, d as i64));
            self.wrote = true;
        }
        Some(())
    }

    fn step(&mut self) -> Option<()> {
        self.sh.ops.fetch_add(1, Ordering::Relaxed);
        if self.me < self.sh.big {
            return if self.rng.chance(1, 4) { self.point() } else { self.big_transaction() };
        }
        if self.level() == 0 {
            return match self.rng.weighted(&[8, 1, 1, 1]) {
                0 => self.begin(),
                1 => self.scan(),
                2 => self.point(),
                _ => self.range(),
            };
        }
        self.ops_in_trx += 1;
        if self.ops_in_trx > 12 && self.rng.chance(1, 3) {
            return if self.rng.chance(3, 4) {
                while self.level() > 0 {
                    self.commit()?;
                }
                Some(())
            } else {
                let all = self.rng.chance(1, 2);
                self.rollback(all)
            };
        }
        let bursts = if self.sh.bursts { 1 } else { 0 };
        match self.rng.weighted(&[3, 6, 3, 4, 5, 3, 6, 1, 3, 1, bursts]) {
            0 => self.scan(),
            1 => self.point(),
            2 => self.range(),
            3 => self.insert(),
            4 => self.replace(),
            5 => self.delete(),
            6 => self.escrow(),
            7 if self.level() < 2 => self.begin(),
            8 => self.commit(),
            9 => self.rollback(false),
            _ => {
                // A burst of writes: a big transaction (it meets -1069 with a small version store).
                for _ in 0..20 + self.rng.below(80) {
                    if self.rng.chance(1, 2) { self.insert()? } else { self.replace()? }
                }
                Some(())
            }
        }
    }

    fn run(&mut self) {
        while !self.gone && !self.sh.stop.load(Ordering::Relaxed) {
            if self.step().is_none() && !self.gone && !self.sh.stop.load(Ordering::Relaxed) {
                // A call outside the allow-list already failed the run; None otherwise means
                // the instance is going.
                if !self.sh.terming.load(Ordering::SeqCst) {
                    self.fail("a step gave up without a reason".into());
                }
            }
        }
    }
}

static DRUN: AtomicU64 = AtomicU64::new(0);

/// Creates the instance, the database and table T with its counter records; returns the
/// instance, the database path and the column ids. `small_ver` sets a small version store so
/// that -1069 can happen.
fn d_setup(dir: &std::path::Path, small_ver: bool) -> (u64, CString, DCols) {
    let run = DRUN.fetch_add(1, Ordering::Relaxed);
    let path = CString::new(dir.join("stress.edb").to_str().unwrap()).unwrap();
    let iname = CString::new(format!("sdata-{}-{run}", std::process::id())).unwrap();
    let mut inst: JET_INSTANCE = 0;
    // SAFETY: valid pointers for each call.
    unsafe {
        assert_eq!(JetCreateInstance(&mut inst, iname.as_ptr()), 0, "JetCreateInstance");
        if small_ver {
            assert_eq!(
                JetSetSystemParameter(&mut inst, 0, JET_paramMaxVerPages, 1, null()),
                0,
                "MaxVerPages"
            );
        }
        assert_eq!(JetInit(&mut inst), 0, "JetInit");
    }
    let mut s: JET_SESID = 0;
    let mut dbid: JET_DBID = 0;
    let mut tid: JET_TABLEID = 0;
    let t = CString::new("T").unwrap();
    // SAFETY: valid pointers for each call.
    unsafe {
        assert_eq!(JetBeginSession(inst, &mut s, null(), null()), 0);
        let r = JetCreateDatabase(s, path.as_ptr(), null(), &mut dbid, JET_bitDbOverwriteExisting);
        assert_eq!(r, 0, "JetCreateDatabase");
        assert_eq!(JetCreateTable(s, dbid, t.as_ptr(), 0, 0, &mut tid), 0, "JetCreateTable");
    }
    let cols = DCols {
        k: d_add_column(s, tid, "K", JET_coltypLong, JET_bitColumnNotNULL, None),
        a: d_add_column(s, tid, "A", JET_coltypLong, 0, None),
        u: d_add_column(s, tid, "U", JET_coltypLong, 0, None),
        s: d_add_column(s, tid, "S", JET_coltypLong, 0, None),
        e: d_add_column(s, tid, "E", JET_coltypLong, JET_bitColumnEscrowUpdate, Some(&0i32.to_le_bytes())),
        l: d_add_column(s, tid, "L", JET_coltypLongBinary, 0, None),
    };
    d_add_index(s, tid, "PK", b"+K\0\0", JET_bitIndexPrimary);
    d_add_index(s, tid, "IA", b"+A\0\0", 0);
    d_add_index(s, tid, "IU", b"+U\0\0", JET_bitIndexUnique | JET_bitIndexIgnoreNull);
    assert_eq!(JetBeginTransaction(s), 0);
    for k in 0..NC + 20 {
        assert_eq!(JetPrepareUpdate(s, tid, JET_prepInsert), 0);
        let a = k % NA;
        assert_eq!(d_set(s, tid, cols.k, &k.to_le_bytes()), 0);
        assert_eq!(d_set(s, tid, cols.a, &a.to_le_bytes()), 0);
        assert_eq!(d_set(s, tid, cols.s, &sig(k, a, None, &[]).to_le_bytes()), 0);
        if k < NC {
            assert_eq!(d_set(s, tid, cols.e, &E0.to_le_bytes()), 0);
        }
        // SAFETY: no bookmark is asked for.
        assert_eq!(unsafe { JetUpdate(s, tid, null_mut(), 0, null_mut()) }, 0, "insert {k}");
    }
    assert_eq!(JetCommitTransaction(s, 0), 0);
    assert_eq!(JetCloseTable(s, tid), 0);
    assert_eq!(JetEndSession(s, 0), 0);
    (inst as u64, path, cols)
}

/// Reattaches the database in a new instance and checks it (see the section's comment). Returns
/// the number of records.
fn d_check(path: &CString, cols: &DCols, committed: &[i64]) -> Result<usize, String> {
    let run = DRUN.fetch_add(1, Ordering::Relaxed);
    let iname = CString::new(format!("sdata-check-{}-{run}", std::process::id())).unwrap();
    let mut inst: JET_INSTANCE = 0;
    let mut s: JET_SESID = 0;
    let mut dbid: JET_DBID = 0;
    // SAFETY: valid pointers for each call.
    unsafe {
        assert_eq!(JetCreateInstance(&mut inst, iname.as_ptr()), 0, "JetCreateInstance");
        assert_eq!(JetInit(&mut inst), 0, "JetInit");
        assert_eq!(JetBeginSession(inst, &mut s, null(), null()), 0);
    }
    let res = (|| {
        // SAFETY: valid pointers for each call.
        let r = unsafe { JetAttachDatabase(s, path.as_ptr(), 0) };
        if r < 0 {
            return Err(format!("JetAttachDatabase in a new instance: {}", code_name(r)));
        }
        // SAFETY: as above.
        let r = unsafe { JetOpenDatabase(s, path.as_ptr(), null(), &mut dbid, 0) };
        if r < 0 {
            return Err(format!("JetOpenDatabase: {}", code_name(r)));
        }
        let mut buf = vec![0u8; LV_MAX + 16];
        let walk = |ix: Option<&str>, buf: &mut Vec<u8>| -> Result<Vec<(DRec, i32)>, String> {
            let t = d_open_table(s, dbid, ix).map_err(|e| format!("open T on {ix:?}: {}", code_name(e)))?;
            let mut out = Vec::new();
            let mut r = JetMove(s, t, JET_MoveFirst, 0);
            while r == 0 {
                let (rr, rec) = d_read(s, t, cols, buf);
                if rr < 0 {
                    return Err(format!("JetRetrieveColumns on {ix:?}: {}", code_name(rr)));
                }
                if let Some(m) = rec.torn() {
                    return Err(m);
                }
                // The entry's own key column, read from the index (data-records 8: RetrieveFromIndex).
                let mut v = [0u8; 4];
                let mut cb = 0u32;
                let col = if ix == Some("IU") { cols.u } else { cols.a };
                let e = if ix.is_some() {
                    // SAFETY: `v` and `cb` outlive the call.
                    let r = unsafe {
                        JetRetrieveColumn(
                            s,
                            t,
                            col,
                            v.as_mut_ptr() as *mut c_void,
                            4,
                            &mut cb,
                            JET_bitRetrieveFromIndex,
                            null_mut(),
                        )
                    };
                    if r != 0 {
                        return Err(format!("JetRetrieveColumn(FromIndex) on {ix:?}: {}", code_name(r)));
                    }
                    i32::from_le_bytes(v)
                } else {
                    rec.k
                };
                out.push((rec, e));
                r = JetMove(s, t, JET_MoveNext, 0);
            }
            if r != JET_errNoCurrentRecord {
                return Err(format!("JetMove on {ix:?}: {}", code_name(r)));
            }
            assert_eq!(JetCloseTable(s, t), 0);
            Ok(out)
        };
        let prim = walk(None, &mut buf)?;
        let by_k: BTreeMap<i32, DRec> = prim.iter().map(|(r, _)| (r.k, r.clone())).collect();
        if by_k.len() != prim.len() || prim.windows(2).any(|w| w[0].0.k >= w[1].0.k) {
            return Err("the primary index is not strictly ascending".into());
        }
        for (ix, full) in [("IA", true), ("IU", false)] {
            let ents = walk(Some(ix), &mut buf)?;
            let mut seen = HashSet::new();
            let mut last: Option<(i32, i32)> = None;
            for (rec, e) in &ents {
                let col = if ix == "IU" { rec.u } else { Some(rec.a) };
                if col != Some(*e) {
                    return Err(format!("{ix} entry {e} points at record {} whose column is {col:?}", rec.k));
                }
                if by_k.get(&rec.k) != Some(rec) {
                    return Err(format!(
                        "{ix} entry {e} reads record {rec:?}, the primary has {:?}",
                        by_k.get(&rec.k)
                    ));
                }
                if !seen.insert(rec.k) {
                    return Err(format!("{ix} has record {} twice", rec.k));
                }
                let key = (*e, rec.k);
                if last.is_some_and(|l| if full { l >= key } else { l.0 >= key.0 }) {
                    return Err(format!(
                        "{ix} out of order (or a duplicate unique key): {last:?} then {key:?}"
                    ));
                }
                last = Some(key);
            }
            let want = if full { by_k.len() } else { by_k.values().filter(|r| r.u.is_some()).count() };
            if ents.len() != want {
                return Err(format!("{ix} has {} entries, the primary index implies {want}", ents.len()));
            }
        }
        for (k, d) in committed.iter().enumerate() {
            let got = by_k.get(&(k as i32)).map(|r| r.e as i64);
            if got != Some(E0 as i64 + d) {
                return Err(format!(
                    "counter {k} is {got:?}, start {E0} plus committed deltas {d} is {}",
                    E0 as i64 + d
                ));
            }
        }
        Ok(by_k.len())
    })();
    let e = JetEndSession(s, 0);
    let t = JetTerm(inst);
    if res.is_ok() && (e != 0 || t != 0) {
        return Err(format!("closing the check instance: JetEndSession {e}, JetTerm {t}"));
    }
    res
}

/// How many records one transaction of a new session can insert before -1069 (then rolled
/// back): the version store's free room, in records, when nothing else holds any of it.
fn d_capacity(inst: u64, path: &CString, cols: &DCols) -> Result<usize, String> {
    let mut s: JET_SESID = 0;
    let mut dbid: JET_DBID = 0;
    // SAFETY: valid pointers for each call.
    unsafe {
        assert_eq!(JetBeginSession(inst as JET_INSTANCE, &mut s, null(), null()), 0);
        assert_eq!(JetOpenDatabase(s, path.as_ptr(), null(), &mut dbid, 0), 0);
    }
    let t = d_open_table(s, dbid, None).expect("open T");
    assert_eq!(JetBeginTransaction(s), 0);
    let mut n = 0usize;
    let res = loop {
        let k = 1_000_000 + n as i32;
        assert_eq!(JetPrepareUpdate(s, t, JET_prepInsert), 0);
        assert_eq!(d_set(s, t, cols.k, &k.to_le_bytes()), 0);
        assert_eq!(d_set(s, t, cols.a, &0i32.to_le_bytes()), 0);
        assert_eq!(d_set(s, t, cols.s, &sig(k, 0, None, &[]).to_le_bytes()), 0);
        // SAFETY: no bookmark is asked for.
        let r = unsafe { JetUpdate(s, t, null_mut(), 0, null_mut()) };
        if r == JET_errVersionStoreOutOfMemory {
            assert_eq!(JetPrepareUpdate(s, t, JET_prepCancel), 0);
            break Ok(n);
        }
        if r != 0 {
            break Err(format!("capacity insert {n}: {}", code_name(r)));
        }
        n += 1;
        if n > 1_000_000 {
            break Err("no -1069 in a million inserts".into());
        }
    };
    assert_eq!(JetRollback(s, JET_bitRollbackAll), 0);
    assert_eq!(JetCloseTable(s, t), 0);
    assert_eq!(JetEndSession(s, 0), 0);
    res
}

/// One phase: workers on the shared table for `duration`, then a quiet end or a racing JetTerm,
/// then the check. `big` > 0 is the version-store phase (a small version store, the first `big`
/// threads make big transactions, a quiet end): -1069 must happen, the other threads must go
/// on committing, and once every session has ended the version store must be as free as before
/// the phase. Returns a line of figures.
fn d_phase(
    seed: u64,
    threads: usize,
    duration: Duration,
    race: bool,
    small_ver: bool,
    big: usize,
    all: &mut BTreeMap<(&'static str, i32), u64>,
) -> String {
    let small_ver = small_ver || big > 0;
    let dir = std::env::temp_dir().join(format!(
        "esent-sdata-{}-{}",
        std::process::id(),
        DRUN.load(Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (inst, path, cols) = d_setup(&dir, small_ver);
    let sh = DShared {
        seed,
        inst,
        path,
        cols,
        stop: AtomicBool::new(false),
        terming: AtomicBool::new(false),
        termed: AtomicBool::new(false),
        progress: (0..threads).map(|_| AtomicU64::new(0)).collect(),
        failures: Mutex::new(Vec::new()),
        counts: Mutex::new(BTreeMap::new()),
        committed: Mutex::new(vec![0; NC as usize]),
        bursts: env_u64("ESENT_STRESS_BURSTS").unwrap_or(0) != 0,
        big,
        met_1069: AtomicBool::new(false),
        full_rolled_back: AtomicU64::new(0),
        full_committed: AtomicU64::new(0),
        commits_after_1069: AtomicU64::new(0),
        ops: AtomicU64::new(0),
        commits: AtomicU64::new(0),
        rollbacks: AtomicU64::new(0),
    };
    let mut rng = Rng::new(seed);
    let seeds: Vec<u64> = (0..threads).map(|_| rng.next_u64()).collect();
    let room_before = if big > 0 { Some(d_capacity(inst, &sh.path, &sh.cols)) } else { None };
    let start = Instant::now();
    let done = AtomicBool::new(false);
    let mut term_code = None;
    thread::scope(|scope| {
        scope.spawn(|| {
            let mut last: Vec<(u64, Instant)> = (0..threads).map(|_| (0, Instant::now())).collect();
            while !done.load(Ordering::SeqCst) {
                thread::sleep(Duration::from_millis(100));
                for (k, l) in last.iter_mut().enumerate() {
                    let p = sh.progress[k].load(Ordering::Relaxed);
                    if p != l.0 || sh.stop.load(Ordering::Relaxed) {
                        *l = (p, Instant::now());
                    } else if l.1.elapsed() > WATCHDOG {
                        eprintln!(
                            "STRESS WATCHDOG: data thread {k} made no progress for {WATCHDOG:?}; seed {seed}"
                        );
                        std::process::exit(101);
                    }
                }
                if start.elapsed() > duration + Duration::from_secs(60) {
                    eprintln!("STRESS WATCHDOG: data phase exceeded its bound; seed {seed}");
                    std::process::exit(101);
                }
            }
        });
        let _release = OnDrop(|| {
            sh.stop.store(true, Ordering::SeqCst);
            done.store(true, Ordering::SeqCst);
        });
        let workers: Vec<_> = (0..threads)
            .map(|me| {
                let sh = &sh;
                let s = seeds[me];
                scope.spawn(move || {
                    let mut sesid: JET_SESID = 0;
                    let mut dbid: JET_DBID = 0;
                    // SAFETY: valid pointers for each call.
                    unsafe {
                        assert_eq!(JetBeginSession(sh.inst as JET_INSTANCE, &mut sesid, null(), null()), 0);
                        assert_eq!(JetOpenDatabase(sesid, sh.path.as_ptr(), null(), &mut dbid, 0), 0);
                    }
                    let tp = d_open_table(sesid, dbid, None).expect("open T");
                    let ta = d_open_table(sesid, dbid, Some("IA")).expect("open T on IA");
                    let mut w = DWorker {
                        sh,
                        me,
                        rng: Rng::new(s),
                        sesid,
                        tp,
                        ta,
                        pending: Vec::new(),
                        ops_in_trx: 0,
                        counts: BTreeMap::new(),
                        lvbuf: vec![0; LV_MAX + 16],
                        gone: false,
                        wrote: false,
                    };
                    w.run();
                    if !race && !w.gone {
                        if w.level() > 0 {
                            let _ = w.rollback(true);
                        }
                        let _ = w.call("JetCloseTable", D_OK, || JetCloseTable(sesid, tp));
                        let _ = w.call("JetCloseTable", D_OK, || JetCloseTable(sesid, ta));
                        let _ = w.call("JetEndSession", D_OK, || JetEndSession(sesid, 0));
                    }
                    let mut all = sh.counts.lock();
                    for (k, v) in w.counts {
                        *all.entry(k).or_default() += v;
                    }
                })
            })
            .collect();
        // The version-store phase goes on (on a loaded machine) until what it must see has
        // happened: a big transaction met -1069 and another thread committed after it.
        let unseen = || {
            sh.full_rolled_back.load(Ordering::Relaxed) + sh.full_committed.load(Ordering::Relaxed) == 0
                || sh.commits_after_1069.load(Ordering::Relaxed) == 0
        };
        while !sh.stop.load(Ordering::SeqCst) {
            let t = start.elapsed();
            if t >= duration && !(big > 0 && t < duration + Duration::from_secs(30) && unseen()) {
                break;
            }
            thread::sleep(Duration::from_millis(20));
        }
        if race && sh.failures.lock().is_empty() {
            // JetTerm2 dirty under the running workers (S-INST-06/07).
            sh.terming.store(true, Ordering::SeqCst);
            let r = JetTerm2(sh.inst as JET_INSTANCE, JET_bitTermDirty);
            sh.termed.store(true, Ordering::SeqCst);
            term_code = Some(r);
            if r != JET_errDirtyShutdown && r != 0 {
                sh.failures
                    .lock()
                    .push(format!("seed {seed}: racing JetTerm2(dirty) returned {}", code_name(r)));
            }
            // Let the workers meet the stale sessions for a moment.
            thread::sleep(Duration::from_millis(50));
        }
        sh.stop.store(true, Ordering::SeqCst);
        for w in workers {
            w.join().expect("data worker panicked");
        }
        done.store(true, Ordering::SeqCst);
    });
    let mut room_after = None;
    if !race {
        if big > 0 && sh.failures.lock().is_empty() {
            room_after = Some(d_capacity(sh.inst, &sh.path, &sh.cols));
        }
        let r = JetTerm(sh.inst as JET_INSTANCE);
        term_code = Some(r);
        if r != 0 {
            sh.failures
                .lock()
                .push(format!("seed {seed}: JetTerm after the quiet end returned {}", code_name(r)));
        }
    }
    let elapsed = start.elapsed();
    let committed = sh.committed.lock().clone();
    let check = if sh.failures.lock().is_empty() { d_check(&sh.path, &sh.cols, &committed) } else { Ok(0) };
    let _ = std::fs::remove_dir_all(&dir);
    let counts = sh.counts.lock();
    for (k, v) in counts.iter() {
        *all.entry(*k).or_default() += v;
    }
    let calls: u64 = counts.values().sum();
    let line = format!(
        "stress data ({}): {threads} threads, {elapsed:.2?}, {} steps, {calls} calls, {} commits, {} rollbacks, \
         JetTerm {:?}, net escrow {:?}, {} records at the check",
        if race { "JetTerm racing" } else { "quiet end" },
        sh.ops.load(Ordering::Relaxed),
        sh.commits.load(Ordering::Relaxed),
        sh.rollbacks.load(Ordering::Relaxed),
        term_code,
        committed,
        check.as_ref().map_or(0, |n| *n),
    );
    println!("{line}");
    let mut failures = sh.failures.lock().clone();
    if big > 0 && failures.is_empty() {
        let met: u64 =
            counts.iter().filter(|((_, c), _)| *c == JET_errVersionStoreOutOfMemory).map(|(_, n)| n).sum();
        let full = sh.full_rolled_back.load(Ordering::Relaxed) + sh.full_committed.load(Ordering::Relaxed);
        let after = sh.commits_after_1069.load(Ordering::Relaxed);
        println!(
            "stress data (version store): -1069 {met} times, {full} big transactions full ({} rolled back, {} \
             committed), {after} commits of the other threads after the first -1069, room {room_before:?} \
             records before the phase, {room_after:?} after",
            sh.full_rolled_back.load(Ordering::Relaxed),
            sh.full_committed.load(Ordering::Relaxed),
        );
        // S-VER-04: the small version store fills up.
        if full == 0 {
            failures.push(format!("seed {seed}: no big transaction met -1069 ({met} -1069 in all)"));
        }
        // Other sessions go on: they commit writes while the big ones fill the store.
        if after == 0 {
            failures.push(format!("seed {seed}: no other thread committed a write after the first -1069"));
        }
        // What the transactions held is all given back when they end.
        match (&room_before, &room_after) {
            (Some(Ok(b)), Some(Ok(a))) if a == b && *b > 0 => {}
            _ => failures.push(format!(
                "seed {seed}: the version store's room was {room_before:?} records before the phase and \
                 {room_after:?} after it"
            )),
        }
    }
    if let Err(m) = check {
        failures.push(format!(
            "seed {seed}: consistency check after the {} phase: {m}",
            if race { "racing" } else { "quiet" }
        ));
    }
    assert!(
        failures.is_empty(),
        "data stress failed (seed {seed}, {threads} threads):\n{}",
        failures.join("\n")
    );
    line
}

#[test]
fn stress_data() {
    let _serial = SERIAL.lock();
    let seed = common::seed();
    let mut rng = Rng::new(seed ^ 0xDA7A);
    let threads = 2 + rng.below(7) as usize;
    // Half the session stress's time for each phase by default (about 3 s in all).
    let secs = env_u64("ESENT_STRESS_SECS").unwrap_or(3) as f64;
    let phase = Duration::from_secs_f64((secs / 2.0).max(0.5));
    let small_ver = rng.chance(1, 3);
    println!(
        "stress data: seed {seed} (replay with ESENT_SEED={seed}), {threads} threads, {phase:?} per phase, small version store {small_ver}"
    );
    let mut all = BTreeMap::new();
    d_phase(rng.next_u64(), threads, phase, false, small_ver, 0, &mut all);
    d_phase(rng.next_u64(), threads, phase, true, small_ver, 0, &mut all);
    let mut by_fn: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for ((f, c), n) in all.iter() {
        by_fn.entry(f).or_default().push(format!("{c}×{n}"));
    }
    for (f, v) in by_fn {
        println!("  {f:26} {}", v.join(" "));
    }
}

/// The version store under threads (contract-data S-VER-04; data-records 9.1): a store of one
/// version page (`JET_paramMaxVerPages` 1), 2-8 threads of which a third (at least one) make
/// transactions that grow until they meet -1069, the others the mixed workload of
/// `stress_data` (where -1069 is on every writing call's allow-list). -1069 must happen; after
/// it the failed statement is undone and the transaction is still open, and it can be rolled
/// back or committed (`DWorker::big_transaction`); the other threads go on committing; after
/// the quiet end the store has as much room as before, and the reattached database passes the
/// check of `stress_data` (committed data intact, every index agreeing with the records).
/// A sixth of `ESENT_STRESS_SECS` (at least 0.5 s).
#[test]
fn stress_version_store() {
    let _serial = SERIAL.lock();
    let seed = common::seed();
    let mut rng = Rng::new(seed ^ 0x1069);
    let threads = 2 + rng.below(7) as usize;
    let big = (threads / 3).max(1);
    let secs = env_u64("ESENT_STRESS_SECS").unwrap_or(3) as f64;
    let phase = Duration::from_secs_f64((secs / 6.0).max(0.5));
    println!(
        "stress version store: seed {seed} (replay with ESENT_SEED={seed}), {threads} threads ({big} big), {phase:?}"
    );
    let mut all = BTreeMap::new();
    d_phase(rng.next_u64(), threads, phase, false, true, big, &mut all);
    let mut by_fn: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for ((f, c), n) in all.iter() {
        by_fn.entry(f).or_default().push(format!("{c}×{n}"));
    }
    for (f, v) in by_fn {
        println!("  {f:26} {}", v.join(" "));
    }
}
