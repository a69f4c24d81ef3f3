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
