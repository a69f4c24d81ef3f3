//! Randomized model check of the public `extern "C"` API.
//!
//! A seeded generator drives instances (created, configured, initialized, stopped, termed, in
//! multi-instance and single-instance mode), sessions (begun, duplicated, ended), transactions,
//! session contexts and session/system parameters, mixed with bad input: stale, forged, zero and
//! nil handles, handles of the other kind, NULL pointers, unknown grbits and ids, out-of-range
//! values, invalid UTF-8 and UTF-16. After every call the return code and the out-parameters are
//! compared with a small reference model written from the contract (docs/behaviour.md,
//! statement ids S-xxx-nn in the comments); at intervals the
//! observable state (transaction levels, session and system parameters, the live instances, the
//! process mode) is read back through the API and compared too.
//!
//! Knobs: `ESENT_SEED=<n>` replays a seed (printed at the start), `ESENT_MODEL_CALLS=<n>` sets the
//! number of generated calls (default 100,000). Every difference from the model fails: there is
//! no list of tolerated deviations (a known bug is fixed, or the contract changed, never
//! allowed here). On a failure the harness replays the seed with fewer calls (binary search on
//! the count) and reports the shortest failing prefix.
//!
//! The library is process-global and cargo runs the tests of one binary on several threads, so
//! this file holds exactly one `#[test]`, and every run ends with every instance termed (mode
//! none).

#![allow(non_upper_case_globals)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod common;

use common::{Rng, code_name, env_u64};
use esent::abi::consts::*;
use esent::abi::{
    JET_COMMIT_ID, JET_INSTANCE, JET_INSTANCE_INFO_A, JET_INSTANCE_INFO_W, JET_LGPOS, JET_LOGTIME,
    JET_RSTINFO_A, JET_RSTINFO_W, JET_SESID, JET_SETSYSPARAM_A, JET_SETSYSPARAM_W,
};
use esent::api::instance::*;
use esent::api::params::*;
use esent::api::session::*;
use esent::api::transaction::*;
use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::ffi::{CStr, c_char, c_void};
use std::fmt;
use std::ptr::{null, null_mut};
use std::time::Instant;

// ---- handles and strings ------------------------------------------------------------------

const NIL: u64 = u64::MAX;
/// What out-parameters hold before a call, to see whether the call wrote them.
const SENTINEL: u64 = 0x5A5A_5A5A_5A5A_5A5A;
/// Commit grbits a commit default may hold (S-PAR-01 via reference §2.4) and commit accepts.
const COMMIT_MASK: u32 = 0x1 | 0x2 | 0x8 | 0x10 | 0x20;
const ROLLBACK_MASK: u32 = 0x1 | 0x20;
const STOP_MASK: u32 = 0x2 | 0x4 | 0x8 | 0x8000_0000;
const MAX_LEVEL: u8 = 7;
/// The default of `JET_sesparamOperationContext`: user id INT32_MIN, other fields 0 (S-SES-09).
const OP_CTX_DEFAULT: [u8; 8] = [0, 0, 0, 0x80, 0, 0, 0, 0];

fn is_null(h: u64) -> bool {
    h == 0 || h == NIL
}

/// A handle value as passed to the API (printed in hex, 0 and nil by name).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct H(u64);

impl fmt::Debug for H {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => f.write_str("0"),
            NIL => f.write_str("nil"),
            v => write!(f, "{v:#x}"),
        }
    }
}

/// A string argument: NULL, text (encoded as UTF-8 or UTF-16 as the function wants), or a
/// string that is invalid in the function's encoding (S-ABI-06).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Str {
    Null,
    Text(&'static str),
    Bad(u8),
}

impl Str {
    fn bad(self) -> bool {
        matches!(self, Str::Bad(_))
    }

    fn text(self) -> Option<&'static str> {
        match self {
            Str::Text(t) => Some(t),
            _ => None,
        }
    }

    /// NUL-terminated UTF-8 (or invalid UTF-8).
    fn a(self) -> Option<Vec<u8>> {
        match self {
            Str::Null => None,
            Str::Text(t) => Some(t.bytes().chain(Some(0)).collect()),
            Str::Bad(k) => Some(match k % 3 {
                0 => b"\xff\0".to_vec(),
                1 => b"ab\xc3\0".to_vec(),
                _ => b"\xed\xa0\x80\0".to_vec(), // an encoded surrogate
            }),
        }
    }

    /// NUL-terminated UTF-16 (or invalid UTF-16: lone surrogates).
    fn w(self) -> Option<Vec<u16>> {
        match self {
            Str::Null => None,
            Str::Text(t) => Some(t.encode_utf16().chain(Some(0)).collect()),
            Str::Bad(k) => Some(match k % 3 {
                0 => vec![0xD800, 0],
                1 => vec![0xDC00, 0x41, 0],
                _ => vec![0x41, 0xD800, 0x42, 0],
            }),
        }
    }
}

fn pa(b: &Option<Vec<u8>>) -> *const c_char {
    b.as_ref().map_or(null(), |v| v.as_ptr() as *const c_char)
}

fn pw(b: &Option<Vec<u16>>) -> *const u16 {
    b.as_ref().map_or(null(), |v| v.as_ptr())
}

/// Reads a NUL-terminated UTF-16 string.
///
/// # Safety
/// `p` is non-NULL and NUL-terminated.
unsafe fn read_w(p: *const u16) -> Vec<u16> {
    let mut v = Vec::new();
    let mut i = 0;
    // SAFETY: NUL-terminated by the caller's contract.
    while unsafe { *p.add(i) } != 0 {
        // SAFETY: unit i is before the NUL, inside the string (checked just above).
        v.push(unsafe { *p.add(i) });
        i += 1;
    }
    v
}

// ---- operations -----------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Enc {
    A,
    W,
    Plain,
}

#[derive(Clone, Copy, Debug)]
enum CreateFn {
    A,
    W,
    Plain,
    TwoA,
    TwoW,
    Two,
}

#[derive(Clone, Copy, Debug)]
enum Rst {
    Null,
    Good,
    BadSize(u32),
}

#[derive(Clone, Copy, Debug)]
enum InitFn {
    Init,
    Init2(u32),
    Init3A(Rst, u32),
    Init3W(Rst, u32),
    Init3(Rst, u32),
}

impl InitFn {
    fn rst_ok(self) -> bool {
        !matches!(
            self,
            InitFn::Init3A(Rst::BadSize(_), _)
                | InitFn::Init3W(Rst::BadSize(_), _)
                | InitFn::Init3(Rst::BadSize(_), _)
        )
    }
}

#[derive(Clone, Copy, Debug)]
enum BeginFn {
    B1,
    B2(u32),
    B3(i64, u32),
}

#[derive(Clone, Debug)]
struct Elem {
    id: u32,
    lparam: u64,
    sz: Str,
}

#[derive(Clone, Debug)]
enum Op {
    Create { f: CreateFn, null_out: bool, name: Str, display: Str, grbit: u32 },
    Init { f: InitFn, pin: Option<H> },
    Term { h: H, grbit: Option<u32> },
    StopService,
    StopInstance { h: H, grbit: Option<u32> },
    EnableMulti { enc: Enc, elems: Option<Vec<Elem>>, count: u32, null_pc: bool },
    InstanceInfo { enc: Enc, null_pc: bool, null_pa: bool, double_free: bool },
    FreeBuffer { forged: bool },
    SetSys { enc: Enc, pinst: Option<H>, sesid: H, id: u32, lparam: u64, sz: Str },
    GetSys { enc: Enc, inst: H, sesid: H, id: u32, pl: Option<i64>, cb: Option<u32> },
    BeginSession { enc: Enc, inst: H, null_out: bool, user: Str, pwd: Str },
    Dup { sesid: H, null_out: bool },
    End { sesid: H, grbit: u32 },
    SetCtx { sesid: H, ctx: usize },
    ResetCtx { sesid: H },
    GetSesParam { sesid: H, id: u32, null_pv: bool, cb: u32, null_pcb: bool },
    SetSesParam { sesid: H, id: u32, null_pv: bool, cb: u32, value: [u8; 8] },
    Version { sesid: H, null_out: bool },
    Begin { sesid: H, f: BeginFn },
    Commit { sesid: H, grbit: u32, durable: Option<(u32, bool)> },
    Rollback { sesid: H, grbit: u32 },
}

impl Op {
    fn name(&self) -> &'static str {
        match self {
            Op::Create { .. } => "JetCreateInstance*",
            Op::Init { .. } => "JetInit*",
            Op::Term { .. } => "JetTerm*",
            Op::StopService => "JetStopService",
            Op::StopInstance { .. } => "JetStopServiceInstance*",
            Op::EnableMulti { .. } => "JetEnableMultiInstance*",
            Op::InstanceInfo { .. } => "JetGetInstanceInfo*",
            Op::FreeBuffer { .. } => "JetFreeBuffer",
            Op::SetSys { .. } => "JetSetSystemParameter*",
            Op::GetSys { .. } => "JetGetSystemParameter*",
            Op::BeginSession { .. } => "JetBeginSession*",
            Op::Dup { .. } => "JetDupSession",
            Op::End { .. } => "JetEndSession",
            Op::SetCtx { .. } => "JetSetSessionContext",
            Op::ResetCtx { .. } => "JetResetSessionContext",
            Op::GetSesParam { .. } => "JetGetSessionParameter",
            Op::SetSesParam { .. } => "JetSetSessionParameter",
            Op::Version { .. } => "JetGetVersion",
            Op::Begin { .. } => "JetBeginTransaction*",
            Op::Commit { .. } => "JetCommitTransaction*",
            Op::Rollback { .. } => "JetRollback",
        }
    }
}

// ---- the reference model ------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    None,
    Single,
    Multi,
}

/// The modelled system parameters of one store (the global defaults or one instance).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Params {
    base_name: String,
    max_sessions: u64,
    log_file_size: u64,
    commit_default: u64,
    max_instances: u64,
    enable_advanced: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            base_name: "edb".into(),
            max_sessions: 16,
            log_file_size: 5120,
            commit_default: 0,
            max_instances: 16,
            enable_advanced: 1,
        }
    }
}

impl Params {
    fn int(&self, id: u32) -> u64 {
        match id {
            JET_paramMaxSessions => self.max_sessions,
            JET_paramLogFileSize => self.log_file_size,
            JET_paramCommitDefault => self.commit_default,
            JET_paramMaxInstances => self.max_instances,
            JET_paramEnableAdvanced => self.enable_advanced,
            _ => unreachable!("not an integer parameter of the model: {id}"),
        }
    }

    fn set_int(&mut self, id: u32, v: u64) {
        match id {
            JET_paramMaxSessions => self.max_sessions = v,
            JET_paramLogFileSize => self.log_file_size = v,
            JET_paramCommitDefault => self.commit_default = v,
            JET_paramMaxInstances => self.max_instances = v,
            JET_paramEnableAdvanced => self.enable_advanced = v,
            _ => unreachable!("not an integer parameter of the model: {id}"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PKind {
    Str { low: usize, high: usize },
    Int { low: u64, high: u64 },
    Bool,
    Commit,
    TransLevel,
    ErrStr,
    ReadOnly,
}

#[derive(Clone, Copy, Debug)]
struct PDef {
    kind: PKind,
    adv: bool,
    global: bool,
    lock_global: bool,
    lock_inst: bool,
}

/// The parameters the generator uses (sysparams.tsv); anything else it generates is illegal.
fn pdef(id: u32) -> Option<PDef> {
    let d =
        |kind, adv, global, lock_global, lock_inst| Some(PDef { kind, adv, global, lock_global, lock_inst });
    match id {
        JET_paramBaseName => d(PKind::Str { low: 3, high: 3 }, false, false, false, true),
        JET_paramMaxSessions => d(PKind::Int { low: 0, high: 30000 }, true, false, false, true),
        JET_paramLogFileSize => d(PKind::Int { low: 64, high: 32768 }, false, false, false, true),
        JET_paramCommitDefault => d(PKind::Commit, false, false, false, false),
        JET_paramTransactionLevel => d(PKind::TransLevel, false, false, false, false),
        JET_paramCacheRequests => d(PKind::ReadOnly, false, true, true, true),
        JET_paramErrorToString => d(PKind::ErrStr, false, true, false, false),
        JET_paramMaxInstances => d(PKind::Int { low: 1, high: 10240 }, false, true, true, true),
        JET_paramEnableAdvanced => d(PKind::Bool, false, false, false, false),
        _ => None,
    }
}

/// Illegal or out-of-table parameter ids (S-PAR-01).
const ILLEGAL_IDS: [u32; 6] = [185, JET_paramMaxValueInvalid, 222, 4097, 100_000, u32::MAX];

#[derive(Clone, Debug)]
struct Inst {
    handle: u64,
    name: Option<String>,
    initialized: bool,
    stopped: bool,
    params: Params,
}

/// Who an open transaction belongs to (S-TRX-03). The model runs on one thread, so the thread
/// model always matches; the context model matches while the same context is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    None,
    Thread,
    Context(usize),
}

#[derive(Clone)]
struct Ses {
    handle: u64,
    inst: u64,
    level: u8,
    owner: Owner,
    context: usize,
    commit_default: u32,
    op_ctx: [u8; 8],
    correlation: u32,
}

impl fmt::Debug for Ses {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Ses {{ {:?} of {:?}, level {}, owner {:?}, context {:#x}, commit default {:#x}, correlation {:#x} }}",
            H(self.handle),
            H(self.inst),
            self.level,
            self.owner,
            self.context,
            self.commit_default,
            self.correlation
        )
    }
}

impl Ses {
    fn owns(&self) -> bool {
        match self.owner {
            Owner::Context(c) => self.context == c,
            _ => true,
        }
    }

    fn sesparam(&self, id: u32) -> Option<Vec<u8>> {
        Some(match id {
            JET_sesparamCommitDefault => self.commit_default.to_ne_bytes().to_vec(),
            JET_sesparamTransactionLevel => (self.level as i32).to_ne_bytes().to_vec(),
            JET_sesparamOperationContext => self.op_ctx.to_vec(),
            JET_sesparamCorrelationID => self.correlation.to_ne_bytes().to_vec(),
            _ => return None,
        })
    }
}

/// Where a system-parameter call lands (reference §8.1 step 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Global,
    Inst(usize),
    Ses(usize),
}

/// The expected result of JetGetSystemParameter.
#[derive(Clone, Debug, PartialEq, Eq)]
enum GotExp {
    Int(u64),
    IntAny,
    Str(String),
    ErrStr(i32),
}

#[derive(Clone, Debug)]
struct World {
    mode: Mode,
    globals: Params,
    /// `JET_paramMaxInstances` as captured when the mode was chosen.
    max_instances: u64,
    /// Global parameters ever set (ESE's `m_fWritten`): a repeated JetEnableMultiInstance
    /// compares the global fixed ones (S-INST-11).
    written: BTreeSet<u32>,
    insts: Vec<Inst>,
    sess: Vec<Ses>,
    dead_insts: VecDeque<u64>,
    dead_sess: VecDeque<u64>,
}

impl World {
    fn new() -> Self {
        World {
            mode: Mode::None,
            globals: Params::default(),
            max_instances: 16,
            // What `reset_globals` sets before every run (written, in ESE's sense).
            written: [
                JET_paramEnableAdvanced,
                JET_paramMaxSessions,
                JET_paramLogFileSize,
                JET_paramCommitDefault,
                JET_paramMaxInstances,
                JET_paramBaseName,
            ]
            .into(),
            insts: Vec::new(),
            sess: Vec::new(),
            dead_insts: VecDeque::new(),
            dead_sess: VecDeque::new(),
        }
    }

    fn inst_idx(&self, h: u64) -> Option<usize> {
        self.insts.iter().position(|i| i.handle == h)
    }

    fn ses_idx(&self, h: u64) -> Option<usize> {
        self.sess.iter().position(|s| s.handle == h)
    }

    fn inst_of(&self, s: usize) -> usize {
        self.inst_idx(self.sess[s].inst).expect("a live session has a live instance")
    }

    fn session_count(&self, inst: usize) -> u64 {
        let h = self.insts[inst].handle;
        self.sess.iter().filter(|s| s.inst == h).count() as u64
    }

    /// Instance resolution of JetBeginSession, JetTerm and JetStopServiceInstance (S-HDL-04,
    /// S-INST-01): a non-0/nil handle must be live; 0/nil name the single instance in
    /// single-instance mode, and are -1003 otherwise.
    fn find(&self, h: u64) -> Result<usize, i32> {
        if !is_null(h) {
            return self.inst_idx(h).ok_or(JET_errInvalidInstance);
        }
        match self.mode {
            Mode::Single => Ok(0),
            _ => Err(JET_errInvalidParameter),
        }
    }

    /// Entering a session API: handle (-1104), then the stop flag where it blocks (S-SES-06,
    /// S-INST-10). Unavailable and term-in-progress cannot arise on one thread without faults.
    fn enter(&self, sesid: u64, stop_blocks: bool) -> Result<usize, i32> {
        let s = self.ses_idx(sesid).ok_or(JET_errInvalidSesid)?;
        if stop_blocks && self.insts[self.inst_of(s)].stopped {
            return Err(JET_errClientRequestToStopJetService);
        }
        Ok(s)
    }

    fn new_session(&self, inst: usize) -> Ses {
        let i = &self.insts[inst];
        Ses {
            handle: 0,
            inst: i.handle,
            level: 0,
            owner: Owner::None,
            context: 0,
            commit_default: i.params.commit_default as u32,
            op_ctx: OP_CTX_DEFAULT,
            correlation: 0,
        }
    }

    fn new_instance(&self, name: Option<String>, initialized: bool) -> Inst {
        Inst { handle: 0, name, initialized, stopped: false, params: self.globals.clone() }
    }

    /// The instance limit of JetCreateInstance and an allocating JetInit (S-INST-02).
    fn instance_limit(&self) -> u64 {
        if self.mode == Mode::None { self.globals.max_instances } else { self.max_instances }
    }

    fn enter_mode(&mut self, mode: Mode) {
        if self.mode == Mode::None {
            self.max_instances = if mode == Mode::Single { 1 } else { self.globals.max_instances };
        }
        self.mode = mode;
    }

    /// Frees an instance: its sessions end, its handle and theirs become stale, and the mode
    /// returns to none after the last one (S-INST-01, S-INST-06, S-HDL-02).
    fn free_inst(&mut self, i: usize) {
        let inst = self.insts.remove(i);
        push_ring(&mut self.dead_insts, inst.handle);
        let (gone, kept): (Vec<Ses>, Vec<Ses>) =
            std::mem::take(&mut self.sess).into_iter().partition(|s| s.inst == inst.handle);
        self.sess = kept;
        for s in gone {
            push_ring(&mut self.dead_sess, s.handle);
        }
        if self.insts.is_empty() {
            self.mode = Mode::None;
        }
    }

    fn end_session(&mut self, s: usize) {
        let ses = self.sess.remove(s);
        push_ring(&mut self.dead_sess, ses.handle);
    }

    /// Target resolution of Get/SetSystemParameter (S-PAR-02 → reference §8.1-§8.2): a sesid
    /// that is not 0/nil names the target and must be live (-1104, S-HDL-02), else an instance
    /// handle that is not 0/nil must be live (-1115, S-HDL-04), in every mode; otherwise the
    /// single instance in single-instance mode, or the global defaults.
    fn resolve_sys(&self, inst: Option<u64>, sesid: u64) -> Result<Target, i32> {
        if !is_null(sesid) {
            return self.ses_idx(sesid).map(Target::Ses).ok_or(JET_errInvalidSesid);
        }
        match inst.filter(|&h| !is_null(h)) {
            Some(h) => self.inst_idx(h).map(Target::Inst).ok_or(JET_errInvalidInstance),
            None if self.mode == Mode::Single => Ok(Target::Inst(0)),
            None => Ok(Target::Global),
        }
    }

    fn target_inst(&self, t: Target) -> Option<usize> {
        match t {
            Target::Global => None,
            Target::Inst(i) => Some(i),
            Target::Ses(s) => Some(self.inst_of(s)),
        }
    }

    /// JetSetSystemParameter on a resolved target (S-PAR-01..03): returns the code and applies
    /// the effect.
    fn set_param(&mut self, t: Target, id: u32, lparam: u64, text: Option<&str>) -> i32 {
        let Some(d) = pdef(id) else { return JET_errInvalidParameter };
        if matches!(d.kind, PKind::TransLevel | PKind::ErrStr | PKind::ReadOnly) {
            return JET_errInvalidParameter;
        }
        let inst = self.target_inst(t);
        let store_i = if d.global { None } else { inst };
        let initialized = inst.is_some_and(|i| self.insts[i].initialized);
        let mode = self.mode;
        let store = match store_i {
            Some(i) => &mut self.insts[i].params,
            None => &mut self.globals,
        };
        if d.adv && store.enable_advanced == 0 {
            return 0; // silently ignored (S-PAR-02)
        }
        match d.kind {
            PKind::Commit => {
                if lparam & !(COMMIT_MASK as u64) != 0 {
                    return JET_errInvalidParameter;
                }
                match t {
                    Target::Ses(s) => self.sess[s].commit_default = lparam as u32,
                    _ => store.commit_default = lparam,
                }
                return 0;
            }
            PKind::Int { .. } | PKind::Bool if store.int(id) == lparam => {
                // An equal value is a successful set all the same.
                if store_i.is_none() {
                    self.written.insert(id);
                }
                return 0;
            }
            _ => {}
        }
        if d.lock_global && mode != Mode::None {
            return JET_errAlreadyInitialized;
        }
        if d.lock_inst && initialized {
            return JET_errAlreadyInitialized;
        }
        match d.kind {
            PKind::Int { low, high } => {
                if lparam < low || lparam > high {
                    return JET_errInvalidParameter;
                }
                store.set_int(id, lparam);
            }
            PKind::Bool => store.set_int(id, (lparam != 0) as u64),
            PKind::Str { low, high } => {
                let t = text.unwrap_or("");
                let n = t.encode_utf16().count();
                if n < low || n > high {
                    return JET_errInvalidParameter;
                }
                store.base_name = t.to_string();
            }
            _ => unreachable!(),
        }
        if store_i.is_none() {
            self.written.insert(id);
        }
        0
    }

    /// JetGetSystemParameter on a resolved target.
    fn get_param(&self, t: Target, id: u32, pl: bool, cb: Option<u32>, wide: bool) -> Result<GotExp, i32> {
        let d = pdef(id).ok_or(JET_errInvalidParameter)?;
        let store = match (d.global, self.target_inst(t)) {
            (false, Some(i)) => &self.insts[i].params,
            _ => &self.globals,
        };
        let need_pl = |v: GotExp| if pl { Ok(v) } else { Err(JET_errInvalidParameter) };
        match d.kind {
            PKind::TransLevel => match t {
                Target::Ses(s) => need_pl(GotExp::Int(self.sess[s].level as u64)),
                _ => Err(JET_errInvalidParameter),
            },
            PKind::ErrStr => {
                // S-PAR-04: cbMax 0 → -1003; for W a 1-byte buffer cannot hold a NUL either
                // (the contract is silent: read as "no room", like 0).
                let room = if wide { cb.unwrap_or(0) / 2 } else { cb.unwrap_or(0) };
                if !pl || room == 0 {
                    return Err(JET_errInvalidParameter);
                }
                Ok(GotExp::ErrStr(0))
            }
            PKind::Commit => match t {
                Target::Ses(s) => need_pl(GotExp::Int(self.sess[s].commit_default as u64)),
                _ => need_pl(GotExp::Int(store.commit_default)),
            },
            PKind::ReadOnly => need_pl(GotExp::IntAny),
            PKind::Int { .. } | PKind::Bool => need_pl(GotExp::Int(store.int(id))),
            PKind::Str { .. } => {
                let Some(cb) = cb else { return Err(JET_errInvalidParameter) };
                let s = &store.base_name;
                let fits =
                    if wide { cb as usize / 2 > s.encode_utf16().count() } else { cb as usize > s.len() };
                if !fits {
                    return Err(JET_errBufferTooSmall); // S-PAR-05
                }
                Ok(GotExp::Str(s.clone()))
            }
        }
    }

    /// Do the values of JetEnableMultiInstance's elements all equal the current globals
    /// (S-INST-11)? Unknown ids never do.
    fn elem_equal(&self, e: &Elem) -> bool {
        match pdef(e.id).map(|d| d.kind) {
            Some(PKind::Int { .. }) | Some(PKind::Bool) | Some(PKind::Commit) => {
                self.globals.int(e.id) == e.lparam
            }
            Some(PKind::Str { .. }) => e.sz.text().unwrap_or("") == self.globals.base_name,
            _ => false,
        }
    }
}

fn push_ring(v: &mut VecDeque<u64>, h: u64) {
    if v.len() >= 64 {
        v.pop_front();
    }
    v.push_back(h);
}

struct Model {
    w: World,
    /// Every handle the library ever issued in this process (S-HDL-01..03).
    issued: HashSet<u64>,
    /// (function, code) → count, for the coverage summary.
    stats: BTreeMap<(&'static str, i32), u64>,
    calls: u64,
    check_calls: u64,
    recent: VecDeque<String>,
    /// The generator is terming every instance (see `generate`).
    drain: bool,
}

type R = Result<(), String>;

fn mismatch(what: &str, exp: impl fmt::Debug, got: impl fmt::Debug) -> String {
    format!("{what}: expected {exp:?}, got {got:?}")
}

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)*) => {
        if !$cond {
            return Err(format!($($fmt)*));
        }
    };
}

impl Model {
    fn new(issued: HashSet<u64>) -> Self {
        Model {
            w: World::new(),
            issued,
            stats: BTreeMap::new(),
            calls: 0,
            check_calls: 0,
            recent: VecDeque::new(),
            drain: false,
        }
    }

    /// Compares a return code with the model's.
    fn verdict(&mut self, got: i32, exp: i32) -> R {
        if got == exp {
            return Ok(());
        }
        Err(format!("expected {}, got {}", code_name(exp), code_name(got)))
    }

    /// A newly issued handle: never 0 or nil, never issued before, of either kind (S-HDL-01..03).
    fn fresh(&mut self, h: u64) -> R {
        ensure!(!is_null(h), "issued handle {:?} is 0 or nil", H(h));
        ensure!(self.issued.insert(h), "handle {:?} issued a second time", H(h));
        Ok(())
    }

    fn run_op(&mut self, op: &Op) -> R {
        if self.recent.len() >= 12 {
            self.recent.pop_front();
        }
        self.recent.push_back(format!("#{} {op:?}", self.calls));
        self.calls += 1;
        let before = self.describe(op);
        let r = self.exec(op);
        if let Err(e) = &r {
            self.recent.push_back(format!("   ^ {e}"));
            self.recent.push_back(format!("   model before the call: {before}"));
        }
        r
    }

    /// The model's view of what the call addresses, for failure messages.
    fn describe(&self, op: &Op) -> String {
        let w = &self.w;
        let ses = |h: u64| match w.ses_idx(h) {
            Some(s) => {
                let i = &w.insts[w.inst_of(s)];
                format!("{:?} (instance stopped {})", w.sess[s], i.stopped)
            }
            None => "not a live session".into(),
        };
        let inst = |h: u64| match w.inst_idx(h) {
            Some(i) => format!("{:?}", w.insts[i]),
            None => "not a live instance".into(),
        };
        let detail = match op {
            Op::Dup { sesid, .. }
            | Op::End { sesid, .. }
            | Op::SetCtx { sesid, .. }
            | Op::ResetCtx { sesid }
            | Op::GetSesParam { sesid, .. }
            | Op::SetSesParam { sesid, .. }
            | Op::Version { sesid, .. }
            | Op::Begin { sesid, .. }
            | Op::Commit { sesid, .. }
            | Op::Rollback { sesid, .. } => ses(sesid.0),
            Op::Term { h, .. } | Op::StopInstance { h, .. } | Op::BeginSession { inst: h, .. } => inst(h.0),
            Op::SetSys { pinst, sesid, .. } => {
                format!("instance {}; session {}", inst(pinst.map_or(0, |h| h.0)), ses(sesid.0))
            }
            Op::GetSys { inst: h, sesid, .. } => format!("instance {}; session {}", inst(h.0), ses(sesid.0)),
            _ => String::new(),
        };
        format!("mode {:?}, {} instances, {} sessions; {detail}", w.mode, w.insts.len(), w.sess.len())
    }

    fn exec(&mut self, op: &Op) -> R {
        let name = op.name();
        let code = match op.clone() {
            Op::Create { f, null_out, name, display, grbit } => {
                self.create(f, null_out, name, display, grbit)?
            }
            Op::Init { f, pin } => self.init(f, pin.map(|h| h.0))?,
            Op::Term { h, grbit } => self.term(h.0, grbit)?,
            Op::StopService => self.stop_service()?,
            Op::StopInstance { h, grbit } => self.stop_instance(h.0, grbit)?,
            Op::EnableMulti { enc, elems, count, null_pc } => {
                self.enable_multi(enc, elems, count, null_pc)?
            }
            Op::InstanceInfo { enc, null_pc, null_pa, double_free } => {
                self.instance_info(enc, null_pc, null_pa, double_free)?
            }
            Op::FreeBuffer { forged } => self.free_buffer(forged)?,
            Op::SetSys { enc, pinst, sesid, id, lparam, sz } => {
                self.set_sys(enc, pinst.map(|h| h.0), sesid.0, id, lparam, sz)?
            }
            Op::GetSys { enc, inst, sesid, id, pl, cb } => self.get_sys(enc, inst.0, sesid.0, id, pl, cb)?,
            Op::BeginSession { enc, inst, null_out, user, pwd } => {
                self.begin_session(enc, inst.0, null_out, user, pwd)?
            }
            Op::Dup { sesid, null_out } => self.dup(sesid.0, null_out)?,
            Op::End { sesid, grbit } => self.end(sesid.0, grbit)?,
            Op::SetCtx { sesid, ctx } => self.set_ctx(sesid.0, ctx)?,
            Op::ResetCtx { sesid } => self.reset_ctx(sesid.0)?,
            Op::GetSesParam { sesid, id, null_pv, cb, null_pcb } => {
                self.get_ses_param(sesid.0, id, null_pv, cb, null_pcb)?
            }
            Op::SetSesParam { sesid, id, null_pv, cb, value } => {
                self.set_ses_param(sesid.0, id, null_pv, cb, value)?
            }
            Op::Version { sesid, null_out } => self.version(sesid.0, null_out)?,
            Op::Begin { sesid, f } => self.begin(sesid.0, f)?,
            Op::Commit { sesid, grbit, durable } => self.commit(sesid.0, grbit, durable)?,
            Op::Rollback { sesid, grbit } => self.rollback(sesid.0, grbit)?,
        };
        *self.stats.entry((name, code)).or_default() += 1;
        Ok(())
    }

    // ---- instances ----

    fn create(
        &mut self,
        f: CreateFn,
        null_out: bool,
        name: Str,
        display: Str,
        grbit: u32,
    ) -> Result<i32, String> {
        let (na, nw, da, dw) = (name.a(), name.w(), display.a(), display.w());
        let mut out = SENTINEL as JET_INSTANCE;
        let pout: *mut JET_INSTANCE = if null_out { null_mut() } else { &mut out };
        // SAFETY: `pout` is NULL or points to `out`; each string is NULL or a NUL-terminated
        // buffer that lives across the call.
        let got = unsafe {
            match f {
                CreateFn::A => JetCreateInstanceA(pout, pa(&na)),
                CreateFn::W => JetCreateInstanceW(pout, pw(&nw)),
                CreateFn::Plain => JetCreateInstance(pout, pa(&na)),
                CreateFn::TwoA => JetCreateInstance2A(pout, pa(&na), pa(&da), grbit),
                CreateFn::TwoW => JetCreateInstance2W(pout, pw(&nw), pw(&dw), grbit),
                CreateFn::Two => JetCreateInstance2(pout, pa(&na), pa(&da), grbit),
            }
        };
        let two = matches!(f, CreateFn::TwoA | CreateFn::TwoW | CreateFn::Two);
        let w = &self.w;
        // S-INST-02 (strings first, S-ABI-06; the grbit is ignored).
        let exp = if name.bad() || (two && display.bad()) {
            JET_errUnicodeTranslationFail
        } else if null_out {
            JET_errInvalidParameter
        } else if w.mode == Mode::Single {
            JET_errRunningInOneInstanceMode
        } else if w.insts.len() as u64 >= w.instance_limit() {
            JET_errTooManyInstances
        } else if w.insts.iter().any(|i| i.name.as_deref() == name.text()) {
            JET_errInstanceNameInUse
        } else {
            0
        };
        self.verdict(got, exp)?;
        let out = out as u64;
        if exp == JET_errUnicodeTranslationFail {
            ensure!(
                out == SENTINEL,
                "*pinstance written ({:?}) by a call that failed its string check",
                H(out)
            );
        } else if exp != 0 && !null_out {
            ensure!(out == NIL, "{}", mismatch("*pinstance after a failed create", H(NIL), H(out)));
        }
        if exp == 0 {
            self.fresh(out)?;
            self.w.enter_mode(Mode::Multi);
            let mut inst = self.w.new_instance(name.text().map(String::from), false);
            inst.handle = out;
            self.w.insts.push(inst);
        }
        Ok(got)
    }

    fn init(&mut self, f: InitFn, pin: Option<u64>) -> Result<i32, String> {
        let rst_cb = |r: Rst, size: usize| match r {
            Rst::BadSize(cb) => cb,
            _ => size as u32,
        };
        let (r, g) = match f {
            InitFn::Init => (Rst::Null, 0),
            InitFn::Init2(g) => (Rst::Null, g),
            InitFn::Init3A(r, g) | InitFn::Init3W(r, g) | InitFn::Init3(r, g) => (r, g),
        };
        let mut rsta = JET_RSTINFO_A {
            cbStruct: rst_cb(r, size_of::<JET_RSTINFO_A>()),
            rgrstmap: null_mut(),
            crstmap: 0,
            lgposStop: JET_LGPOS::default(),
            logtimeStop: JET_LOGTIME::default(),
            pfnStatus: None,
        };
        let mut rstw = JET_RSTINFO_W {
            cbStruct: rst_cb(r, size_of::<JET_RSTINFO_W>()),
            rgrstmap: null_mut(),
            crstmap: 0,
            lgposStop: JET_LGPOS::default(),
            logtimeStop: JET_LOGTIME::default(),
            pfnStatus: None,
        };
        let prsta: *mut JET_RSTINFO_A = if matches!(r, Rst::Null) { null_mut() } else { &mut rsta };
        let prstw: *mut JET_RSTINFO_W = if matches!(r, Rst::Null) { null_mut() } else { &mut rstw };
        let mut v = pin.unwrap_or(0) as JET_INSTANCE;
        let p: *mut JET_INSTANCE = if pin.is_some() { &mut v } else { null_mut() };
        // SAFETY: `p` is NULL or points to `v`; the restore infos are NULL or live structures.
        let got = unsafe {
            match f {
                InitFn::Init => JetInit(p),
                InitFn::Init2(_) => JetInit2(p, g),
                InitFn::Init3A(..) => JetInit3A(p, prsta, g),
                InitFn::Init3W(..) => JetInit3W(p, prstw, g),
                InitFn::Init3(..) => JetInit3(p, prsta, g),
            }
        };
        let allocate = pin.is_none_or(is_null);
        let w = &self.w;
        enum Eff {
            None,
            Single,
            NewMulti,
            Existing(usize),
        }
        // S-INST-03, reference §3.7 step by step.
        let (exp, eff) = if w.mode == Mode::Multi && pin.is_none() {
            (JET_errRunningInMultiInstanceMode, Eff::None)
        } else if w.mode == Mode::Single {
            (JET_errAlreadyInitialized, Eff::None)
        } else if !f.rst_ok() {
            (JET_errInvalidParameter, Eff::None)
        } else if w.mode == Mode::None {
            (0, Eff::Single)
        } else if allocate {
            if w.insts.len() as u64 >= w.instance_limit() {
                (JET_errTooManyInstances, Eff::None)
            } else if w.insts.iter().any(|i| i.name.is_none()) {
                (JET_errInstanceNameInUse, Eff::None)
            } else {
                (0, Eff::NewMulti)
            }
        } else {
            match w.inst_idx(pin.unwrap_or(0)) {
                None => (JET_errInvalidParameter, Eff::None),
                Some(i) if w.insts[i].initialized => (JET_errAlreadyInitialized, Eff::None),
                Some(i) => (0, Eff::Existing(i)),
            }
        };
        self.verdict(got, exp)?;
        let v = v as u64;
        if let Some(x) = pin {
            let want = match (exp, allocate) {
                (0, true) => None,
                (_, true) => Some(NIL),
                (_, false) => Some(x),
            };
            if let Some(want) = want {
                ensure!(v == want, "{}", mismatch("*pinstance after JetInit", H(want), H(v)));
            }
        }
        match eff {
            Eff::None => {}
            Eff::Single => {
                self.w.enter_mode(Mode::Single);
                let inst = self.w.new_instance(None, true);
                self.w.insts.push(inst);
                let h = if allocate && pin.is_some() { v } else { self.learn_single_handle()? };
                self.fresh(h)?;
                self.w.insts[0].handle = h;
            }
            Eff::NewMulti => {
                self.fresh(v)?;
                let mut inst = self.w.new_instance(None, true);
                inst.handle = v;
                self.w.insts.push(inst);
            }
            Eff::Existing(i) => self.w.insts[i].initialized = true,
        }
        Ok(got)
    }

    /// The single instance's handle, when JetInit did not report it: from JetGetInstanceInfoA.
    fn learn_single_handle(&mut self) -> Result<u64, String> {
        let list = self.list_instances()?;
        ensure!(list.len() == 1, "single-instance mode lists {} instances", list.len());
        ensure!(list[0].1.is_none(), "the single instance has a name: {:?}", list[0].1);
        Ok(list[0].0)
    }

    /// Every live instance per JetGetInstanceInfoA (handle, name), buffer freed.
    fn list_instances(&mut self) -> Result<Vec<(u64, Option<String>)>, String> {
        self.check_calls += 2;
        let mut c: u32 = 0xFFFF;
        let mut a: *mut JET_INSTANCE_INFO_A = null_mut();
        // SAFETY: both out-pointers point to locals.
        let r = unsafe { JetGetInstanceInfoA(&mut c, &mut a) };
        ensure!(r == 0, "JetGetInstanceInfoA: {}", code_name(r));
        let mut v = Vec::new();
        for i in 0..c as usize {
            // SAFETY: the library returned an array of `c` elements with NUL-terminated names.
            let e = unsafe { &*a.add(i) };
            let name = (!e.szInstanceName.is_null()).then(|| {
                // SAFETY: non-NULL, and the library NUL-terminates every name in the block.
                unsafe { CStr::from_ptr(e.szInstanceName) }.to_string_lossy().into_owned()
            });
            v.push((e.hInstanceId as u64, name));
        }
        if c > 0 {
            // SAFETY: the block the library just returned.
            let r = unsafe { JetFreeBuffer(a as *mut c_char) };
            ensure!(r == 0, "JetFreeBuffer: {}", code_name(r));
        } else {
            ensure!(a.is_null(), "no instance but a non-NULL array");
        }
        Ok(v)
    }

    fn term(&mut self, h: u64, grbit: Option<u32>) -> Result<i32, String> {
        let got = match grbit {
            None => JetTerm(h as JET_INSTANCE),
            Some(g) => JetTerm2(h as JET_INSTANCE, g),
        };
        let g = grbit.unwrap_or(JET_bitTermAbrupt); // S-INST-04
        let w = &self.w;
        let (exp, free) = if is_null(h) && w.insts.is_empty() {
            (0, None) // S-INST-04: no instance at all, a no-op
        } else {
            match w.find(h) {
                Err(c) => (c, None),
                Ok(i) => {
                    let ih = w.insts[i].handle;
                    if !w.insts[i].initialized {
                        (0, Some(i))
                    } else if g & JET_bitTermDirty != 0 {
                        (JET_errDirtyShutdown, Some(i)) // S-INST-06
                    } else if w.sess.iter().any(|s| s.inst == ih && s.level > 0) {
                        (JET_errTooManyActiveUsers, None) // S-INST-05
                    } else {
                        (0, Some(i))
                    }
                }
            }
        };
        self.verdict(got, exp)?;
        if let Some(i) = free {
            self.w.free_inst(i);
        }
        Ok(got)
    }

    fn stop_service(&mut self) -> Result<i32, String> {
        let got = JetStopService();
        let exp = match self.w.mode {
            Mode::None => JET_errInvalidParameter,
            Mode::Multi => JET_errRunningInMultiInstanceMode,
            Mode::Single => 0,
        };
        self.verdict(got, exp)?;
        if exp == 0 {
            self.w.insts[0].stopped = true;
        }
        Ok(got)
    }

    fn stop_instance(&mut self, h: u64, grbit: Option<u32>) -> Result<i32, String> {
        let got = match grbit {
            None => JetStopServiceInstance(h as JET_INSTANCE),
            Some(g) => JetStopServiceInstance2(h as JET_INSTANCE, g),
        };
        // S-INST-08, S-INST-09.
        let (exp, stop) = match self.w.find(h) {
            Err(c) => (c, None),
            Ok(i) => match grbit.unwrap_or(JET_bitStopServiceAll) {
                g if g & !STOP_MASK != 0 => (JET_errInvalidGrbit, None),
                g if g & 0x8 != 0 && g != 0x8 => (JET_errInvalidGrbit, None),
                g if g & JET_bitStopServiceResume != 0 => {
                    if g & 0x6 == 0 && self.w.insts[i].stopped {
                        (JET_errClientRequestToStopJetService, None)
                    } else {
                        (0, None)
                    }
                }
                g if g & 0x6 != 0 => (0, None),
                _ => (0, Some(i)),
            },
        };
        self.verdict(got, exp)?;
        if let Some(i) = stop {
            self.w.insts[i].stopped = true;
        }
        Ok(got)
    }

    fn enable_multi(
        &mut self,
        enc: Enc,
        elems: Option<Vec<Elem>>,
        count: u32,
        null_pc: bool,
    ) -> Result<i32, String> {
        const UNTOUCHED: i32 = 0x7777;
        let list = elems.clone().unwrap_or_default();
        let bufs_a: Vec<Option<Vec<u8>>> = list.iter().map(|e| e.sz.a()).collect();
        let bufs_w: Vec<Option<Vec<u16>>> = list.iter().map(|e| e.sz.w()).collect();
        let mut arr_a: Vec<JET_SETSYSPARAM_A> = list
            .iter()
            .zip(&bufs_a)
            .map(|(e, b)| JET_SETSYSPARAM_A {
                paramid: e.id,
                lParam: e.lparam as usize,
                sz: pa(b),
                err: UNTOUCHED,
            })
            .collect();
        let mut arr_w: Vec<JET_SETSYSPARAM_W> = list
            .iter()
            .zip(&bufs_w)
            .map(|(e, b)| JET_SETSYSPARAM_W {
                paramid: e.id,
                lParam: e.lparam as usize,
                sz: pw(b),
                err: UNTOUCHED,
            })
            .collect();
        let mut pc: u32 = 0xDEAD;
        let ppc: *mut u32 = if null_pc { null_mut() } else { &mut pc };
        let pa_: *mut JET_SETSYSPARAM_A = if elems.is_some() { arr_a.as_mut_ptr() } else { null_mut() };
        let pw_: *mut JET_SETSYSPARAM_W = if elems.is_some() { arr_w.as_mut_ptr() } else { null_mut() };
        // SAFETY: the arrays hold at least `count` elements (the generator keeps count <= len),
        // their strings live across the call, and `ppc` is NULL or points to `pc`.
        let got = unsafe {
            match enc {
                Enc::A => JetEnableMultiInstanceA(pa_, count, ppc),
                Enc::W => JetEnableMultiInstanceW(pw_, count, ppc),
                Enc::Plain => JetEnableMultiInstance(pa_, count, ppc),
            }
        };
        let n = count as usize;
        let used = &list[..n.min(list.len())];
        let null = elems.is_none();
        // S-INST-11, reference §3.9.
        let exp;
        let mut processed: Option<Vec<i32>> = None;
        // A NULL array with a count; for A also an array with count 0 (W accepts it).
        if (null && n != 0) || (!null && n == 0 && enc != Enc::W) {
            exp = JET_errInvalidParameter;
        } else {
            // A string that is not UTF-8/UTF-16 is its own element's failure (-602), met in
            // order like any other (S-INST-11).
            match self.w.mode {
                Mode::Single => exp = JET_errRunningInOneInstanceMode,
                Mode::Multi => {
                    // In order: each matching element is counted (err 0); the first that
                    // differs, or is a global fixed parameter never set, is -1087 and stops; an
                    // id past the table is -1003 with its err untouched; then every global
                    // fixed parameter set before must be listed (jetapi.cxx 21173-21289).
                    let mut codes = Vec::new();
                    let mut r = JET_errSystemParamsAlreadySet;
                    for e in used {
                        if !e.sz.bad() && e.id >= JET_paramMaxValueInvalid {
                            r = JET_errInvalidParameter;
                            break;
                        }
                        let fixed_unset = pdef(e.id)
                            .is_some_and(|d| d.global && d.lock_global && !self.w.written.contains(&e.id));
                        if e.sz.bad() || fixed_unset || !self.w.elem_equal(e) {
                            codes.push(JET_errSystemParameterConflict);
                            r = JET_errSystemParameterConflict;
                            break;
                        }
                        codes.push(0);
                    }
                    if r == JET_errSystemParamsAlreadySet
                        && self.w.written.iter().any(|&id| {
                            pdef(id).is_some_and(|d| d.global && d.lock_global)
                                && !used.iter().any(|e| e.id == id)
                        })
                    {
                        r = JET_errSystemParameterConflict;
                    }
                    exp = r;
                    processed = Some(codes);
                }
                Mode::None => {
                    let mut codes = Vec::new();
                    let mut r = 0;
                    for e in used {
                        r = if e.sz.bad() {
                            JET_errUnicodeTranslationFail
                        } else {
                            self.w.set_param(Target::Global, e.id, e.lparam, e.sz.text())
                        };
                        codes.push(r);
                        if r != 0 {
                            break;
                        }
                    }
                    if r == 0 {
                        self.w.enter_mode(Mode::Multi);
                    }
                    exp = r;
                    processed = Some(codes);
                }
            }
        }
        self.verdict(got, exp)?;
        if let Some(codes) = processed {
            let set = codes.iter().filter(|&&c| c == 0).count() as u32;
            if !null_pc {
                ensure!(pc == set, "{}", mismatch("*pcsetsucceed", set, pc));
            }
            for k in 0..n {
                let e = if enc == Enc::W { arr_w[k].err } else { arr_a[k].err };
                let want = codes.get(k).copied().unwrap_or(UNTOUCHED);
                ensure!(e == want, "element {k}: {}", mismatch("err", want, e));
            }
        }
        Ok(got)
    }

    fn instance_info(
        &mut self,
        enc: Enc,
        null_pc: bool,
        null_pa: bool,
        double_free: bool,
    ) -> Result<i32, String> {
        let mut c: u32 = 0xFFFF;
        let pc: *mut u32 = if null_pc { null_mut() } else { &mut c };
        let mut a: *mut JET_INSTANCE_INFO_A = std::ptr::dangling_mut(); // must be overwritten
        let mut aw: *mut JET_INSTANCE_INFO_W = std::ptr::dangling_mut();
        // SAFETY: every out-pointer is NULL or points to a local.
        let got = unsafe {
            match enc {
                Enc::A => JetGetInstanceInfoA(pc, if null_pa { null_mut() } else { &mut a }),
                Enc::Plain => JetGetInstanceInfo(pc, if null_pa { null_mut() } else { &mut a }),
                Enc::W => JetGetInstanceInfoW(pc, if null_pa { null_mut() } else { &mut aw }),
            }
        };
        let exp = if null_pc || null_pa { JET_errInvalidParameter } else { 0 }; // S-INST-12
        self.verdict(got, exp)?;
        if exp != 0 {
            return Ok(got);
        }
        let block = if enc == Enc::W { aw as *mut c_char } else { a as *mut c_char };
        let mut listed = Vec::new();
        for i in 0..c as usize {
            // SAFETY: the library returned `c` elements whose names are NULL or NUL-terminated.
            let (h, name, cdb) = unsafe {
                if enc == Enc::W {
                    let e = &*aw.add(i);
                    let n = (!e.szInstanceName.is_null()).then(|| {
                        String::from_utf16(&read_w(e.szInstanceName))
                            .unwrap_or_else(|_| "<bad utf-16>".into())
                    });
                    (e.hInstanceId, n, e.cDatabases)
                } else {
                    let e = &*a.add(i);
                    let n = (!e.szInstanceName.is_null()).then(|| {
                        CStr::from_ptr(e.szInstanceName).to_str().unwrap_or("<bad utf-8>").to_string()
                    });
                    (e.hInstanceId, n, e.cDatabases)
                }
            };
            ensure!(cdb == 0, "cDatabases {cdb}");
            listed.push((h as u64, name));
        }
        let mut want: Vec<(u64, Option<String>)> =
            self.w.insts.iter().map(|i| (i.handle, i.name.clone())).collect();
        listed.sort();
        want.sort();
        ensure!(listed == want, "{}", mismatch("JetGetInstanceInfo list", &want, &listed));
        if c == 0 {
            ensure!(block.is_null(), "no instance but *paInstanceInfo = {block:?}");
        } else {
            // SAFETY: the block the library just returned.
            let r = unsafe { JetFreeBuffer(block) };
            ensure!(r == 0, "JetFreeBuffer of the block: {}", code_name(r));
            if double_free {
                // SAFETY: the library checks the pointer against the buffers it handed out.
                let r = unsafe { JetFreeBuffer(block) };
                ensure!(r == JET_errInvalidParameter, "second JetFreeBuffer: {}", code_name(r));
            }
        }
        Ok(got)
    }

    fn free_buffer(&mut self, forged: bool) -> Result<i32, String> {
        let mut local = [0u64; 4];
        let p = if forged { local.as_mut_ptr() as *mut c_char } else { null_mut() };
        // SAFETY: NULL, or a pointer the library never returned (it checks and frees nothing).
        let got = unsafe { JetFreeBuffer(p) };
        let exp = if forged { JET_errInvalidParameter } else { 0 };
        self.verdict(got, exp)?;
        Ok(got)
    }

    // ---- system parameters ----

    fn set_sys(
        &mut self,
        enc: Enc,
        pinst: Option<u64>,
        sesid: u64,
        id: u32,
        lparam: u64,
        sz: Str,
    ) -> Result<i32, String> {
        let (a, w) = (sz.a(), sz.w());
        let mut iv = pinst.unwrap_or(0) as JET_INSTANCE;
        let p: *mut JET_INSTANCE = if pinst.is_some() { &mut iv } else { null_mut() };
        // SAFETY: `p` is NULL or points to `iv`; the string is NULL or NUL-terminated.
        let got = unsafe {
            match enc {
                Enc::A => JetSetSystemParameterA(p, sesid as JET_SESID, id, lparam as usize, pa(&a)),
                Enc::W => JetSetSystemParameterW(p, sesid as JET_SESID, id, lparam as usize, pw(&w)),
                Enc::Plain => JetSetSystemParameter(p, sesid as JET_SESID, id, lparam as usize, pa(&a)),
            }
        };
        ensure!(iv as u64 == pinst.unwrap_or(0), "JetSetSystemParameter wrote *pinstance");
        if sz.bad() {
            self.verdict(got, JET_errUnicodeTranslationFail)?;
            return Ok(got);
        }
        // The model applies the effect as it computes the code (a mismatch ends the run).
        let exp = match self.w.resolve_sys(pinst, sesid) {
            Err(c) => c,
            Ok(t) => self.w.set_param(t, id, lparam, sz.text()),
        };
        self.verdict(got, exp)?;
        Ok(got)
    }

    fn get_sys(
        &mut self,
        enc: Enc,
        inst: u64,
        sesid: u64,
        id: u32,
        pl: Option<i64>,
        cb: Option<u32>,
    ) -> Result<i32, String> {
        let wide = enc == Enc::W;
        let mut lv = pl.unwrap_or(0) as JET_INSTANCE;
        let plp: *mut usize = if pl.is_some() { &mut lv } else { null_mut() };
        let n = cb.unwrap_or(0) as usize;
        let mut ba = vec![0xCCu8; n.max(1)];
        let mut bw = vec![0xCCCCu16; n / 2 + 1];
        let (pba, pbw) = if cb.is_some() {
            (ba.as_mut_ptr() as *mut c_char, bw.as_mut_ptr())
        } else {
            (null_mut(), null_mut())
        };
        let cbv = cb.unwrap_or(0);
        // SAFETY: `plp` is NULL or points to `lv`; the buffers are NULL or hold `cbv` bytes.
        let got = unsafe {
            match enc {
                Enc::A => JetGetSystemParameterA(inst as usize, sesid as usize, id, plp, pba, cbv),
                Enc::W => JetGetSystemParameterW(inst as usize, sesid as usize, id, plp, pbw, cbv),
                Enc::Plain => JetGetSystemParameter(inst as usize, sesid as usize, id, plp, pba, cbv),
            }
        };
        let res = self
            .w
            .resolve_sys(Some(inst), sesid)
            .and_then(|t| self.w.get_param(t, id, pl.is_some(), cb, wide));
        let exp = res.clone().err().unwrap_or(0);
        self.verdict(got, exp)?;
        match res {
            Ok(GotExp::Int(v)) => ensure!(lv as u64 == v, "{}", mismatch("*plParam", v, lv)),
            Ok(GotExp::Str(s)) => {
                let text = if wide {
                    // SAFETY: the call succeeded, so the buffer holds a NUL-terminated string.
                    String::from_utf16(&unsafe { read_w(bw.as_ptr()) }).unwrap_or_default()
                } else {
                    // SAFETY: as above.
                    unsafe { CStr::from_ptr(ba.as_ptr() as *const c_char) }.to_string_lossy().into_owned()
                };
                ensure!(text == s, "{}", mismatch("string parameter", s, text));
            }
            Ok(GotExp::ErrStr(_)) => {
                // S-PAR-04: "JET_errName, description", truncated and NUL-terminated to cbMax.
                let units: Vec<u16> =
                    if wide { bw[..n / 2].to_vec() } else { ba[..n].iter().map(|&b| b as u16).collect() };
                let len = units.iter().position(|&u| u == 0);
                ensure!(len.is_some(), "ErrorToString result not NUL-terminated within cbMax {n}");
                let len = len.unwrap_or(0);
                let text: String = if wide {
                    String::from_utf16_lossy(&units[..len])
                } else {
                    String::from_utf8_lossy(&ba[..len]).into_owned()
                };
                let code = pl.unwrap_or(0) as i32;
                let cap = if wide { n / 2 } else { n };
                if let Some(full) = known_error_prefix(code) {
                    let ok = if text.len() >= full.len() {
                        text.starts_with(&full)
                    } else {
                        full.starts_with(&text) && len + 1 == cap
                    };
                    ensure!(ok, "ErrorToString({code}) with cbMax {n} gave {text:?}");
                } else if code == -123_456 && cap > 64 {
                    ensure!(text.contains("-123456"), "ErrorToString of an unknown code: {text:?}");
                }
            }
            _ => {}
        }
        Ok(got)
    }

    // ---- sessions ----

    fn begin_session(
        &mut self,
        enc: Enc,
        inst: u64,
        null_out: bool,
        user: Str,
        pwd: Str,
    ) -> Result<i32, String> {
        let (ua, uw, wa, ww) = (user.a(), user.w(), pwd.a(), pwd.w());
        let mut out = SENTINEL as JET_SESID;
        let pout: *mut JET_SESID = if null_out { null_mut() } else { &mut out };
        // SAFETY: `pout` is NULL or points to `out`; the strings are NULL or NUL-terminated.
        let got = unsafe {
            match enc {
                Enc::A => JetBeginSessionA(inst as usize, pout, pa(&ua), pa(&wa)),
                Enc::W => JetBeginSessionW(inst as usize, pout, pw(&uw), pw(&ww)),
                Enc::Plain => JetBeginSession(inst as usize, pout, pa(&ua), pa(&wa)),
            }
        };
        let w = &self.w;
        // S-SES-01: instance, stop, (unavailable, term), not initialized, NULL psesid, limit.
        // User and password are ignored, invalid encodings included.
        let resolved = if !is_null(inst) {
            w.inst_idx(inst).ok_or(JET_errInvalidInstance)
        } else if w.mode == Mode::Single {
            Ok(0)
        } else {
            Err(JET_errInvalidParameter)
        };
        let (exp, on) = match resolved {
            Err(c) => (c, None),
            Ok(i) if w.insts[i].stopped => (JET_errClientRequestToStopJetService, None),
            Ok(i) if !w.insts[i].initialized => (JET_errNotInitialized, None),
            Ok(_) if null_out => (JET_errInvalidParameter, None),
            Ok(i) if w.session_count(i) >= w.insts[i].params.max_sessions => (JET_errOutOfSessions, None),
            Ok(i) => (0, Some(i)),
        };
        self.verdict(got, exp)?;
        self.new_session_out(on, null_out, out as u64)?;
        Ok(got)
    }

    /// Checks `*psesid` (written only on success) and records the new session.
    fn new_session_out(&mut self, on: Option<usize>, null_out: bool, out: u64) -> R {
        match on {
            None => ensure!(null_out || out == SENTINEL, "*psesid written ({:?}) by a failed call", H(out)),
            Some(i) => {
                self.fresh(out)?;
                let mut s = self.w.new_session(i);
                s.handle = out;
                self.w.sess.push(s);
            }
        }
        Ok(())
    }

    fn dup(&mut self, sesid: u64, null_out: bool) -> Result<i32, String> {
        let mut out = SENTINEL as JET_SESID;
        let pout: *mut JET_SESID = if null_out { null_mut() } else { &mut out };
        // SAFETY: `pout` is NULL or points to `out`.
        let got = unsafe { JetDupSession(sesid as usize, pout) };
        let w = &self.w;
        // S-SES-03: the source session's checks, then as JetBeginSession on its instance.
        let (exp, on) = match w.enter(sesid, true) {
            Err(c) => (c, None),
            Ok(_) if null_out => (JET_errInvalidParameter, None),
            Ok(s) => {
                let i = w.inst_of(s);
                if w.session_count(i) >= w.insts[i].params.max_sessions {
                    (JET_errOutOfSessions, None)
                } else {
                    (0, Some(i))
                }
            }
        };
        self.verdict(got, exp)?;
        self.new_session_out(on, null_out, out as u64)?;
        Ok(got)
    }

    fn end(&mut self, sesid: u64, grbit: u32) -> Result<i32, String> {
        let got = JetEndSession(sesid as usize, grbit);
        // S-SES-04 (grbit ignored, works after a stop), S-SES-05, S-TRX-04.
        let (exp, s) = match self.w.enter(sesid, false) {
            Err(c) => (c, None),
            Ok(s) if self.w.sess[s].context != 0 => (JET_errSessionInUse, None),
            Ok(s) => (0, Some(s)),
        };
        // S-TRX-04: under the context model (context reset by now) the end rolls back and succeeds.
        self.verdict(got, exp)?;
        if let Some(s) = s {
            self.w.end_session(s);
        }
        Ok(got)
    }

    fn set_ctx(&mut self, sesid: u64, ctx: usize) -> Result<i32, String> {
        let got = JetSetSessionContext(sesid as usize, ctx);
        // S-SES-08.
        let (exp, s) = match self.w.enter(sesid, true) {
            Err(c) => (c, None),
            Ok(_) if ctx == 0 || ctx == usize::MAX => (JET_errInvalidParameter, None),
            Ok(s) if self.w.sess[s].context != 0 => (JET_errSessionContextAlreadySet, None),
            Ok(s) => (0, Some(s)),
        };
        self.verdict(got, exp)?;
        if let Some(s) = s {
            self.w.sess[s].context = ctx;
        }
        Ok(got)
    }

    fn reset_ctx(&mut self, sesid: u64) -> Result<i32, String> {
        let got = JetResetSessionContext(sesid as usize);
        let (exp, s) = match self.w.enter(sesid, false) {
            Err(c) => (c, None),
            Ok(s) if self.w.sess[s].context == 0 => (JET_errSessionContextNotSetByThisThread, None),
            Ok(s) => (0, Some(s)),
        };
        self.verdict(got, exp)?;
        if let Some(s) = s {
            self.w.sess[s].context = 0;
        }
        Ok(got)
    }

    fn get_ses_param(
        &mut self,
        sesid: u64,
        id: u32,
        null_pv: bool,
        cb: u32,
        null_pcb: bool,
    ) -> Result<i32, String> {
        let mut buf = [0xCCu8; 16];
        let mut pcb: u32 = 0xDEAD;
        let pv: *mut c_void = if null_pv { null_mut() } else { buf.as_mut_ptr() as *mut c_void };
        let ppcb: *mut u32 = if null_pcb { null_mut() } else { &mut pcb };
        // SAFETY: `pv` is NULL or 16 writable bytes (cb <= 16); `ppcb` is NULL or points to `pcb`.
        let got = unsafe { JetGetSessionParameter(sesid as usize, id, pv, cb, ppcb) };
        // S-SES-09 (reference §8.3).
        let mut size_written = None;
        let mut value = None;
        let exp = match self.w.enter(sesid, false) {
            Err(c) => c,
            Ok(_) if null_pv && null_pcb => JET_errInvalidParameter,
            Ok(s) => match self.w.sess[s].sesparam(id) {
                None => JET_errInvalidSesparamId,
                Some(v) => {
                    size_written = Some(v.len() as u32);
                    // The two 4-byte parameters want exactly 4 bytes (S-SES-09).
                    let exact = matches!(id, JET_sesparamCommitDefault | JET_sesparamTransactionLevel);
                    if (cb as usize) < v.len() || (exact && cb as usize != v.len()) {
                        JET_errInvalidBufferSize
                    } else if null_pv {
                        JET_errInvalidParameter
                    } else {
                        value = Some(v);
                        0
                    }
                }
            },
        };
        self.verdict(got, exp)?;
        if let (Some(size), false) = (size_written, null_pcb) {
            ensure!(pcb == size, "{}", mismatch("*pcbParamActual", size, pcb));
        }
        if let Some(v) = value {
            ensure!(buf[..v.len()] == v[..], "{}", mismatch(&format!("session parameter {id}"), v, &buf[..]));
        }
        Ok(got)
    }

    fn set_ses_param(
        &mut self,
        sesid: u64,
        id: u32,
        null_pv: bool,
        cb: u32,
        value: [u8; 8],
    ) -> Result<i32, String> {
        let mut buf = [0u8; 16];
        buf[..8].copy_from_slice(&value);
        let pv: *mut c_void = if null_pv { null_mut() } else { buf.as_mut_ptr() as *mut c_void };
        // SAFETY: `pv` is NULL or 16 readable bytes (cb <= 16).
        let got = unsafe { JetSetSessionParameter(sesid as usize, id, pv, cb) };
        let mut apply = None;
        let exp = match self.w.enter(sesid, true) {
            Err(c) => c,
            Ok(_) if null_pv && cb != 0 => JET_errInvalidParameter,
            Ok(_) if id == JET_sesparamTransactionLevel => JET_errFeatureNotAvailable,
            Ok(s) => match self.w.sess[s].sesparam(id) {
                None => JET_errInvalidSesparamId,
                Some(v) if v.len() != cb as usize => JET_errInvalidBufferSize,
                Some(_) => {
                    apply = Some(s);
                    0
                }
            },
        };
        self.verdict(got, exp)?;
        if let Some(s) = apply {
            let ses = &mut self.w.sess[s];
            let b = &buf;
            match id {
                JET_sesparamCommitDefault => {
                    ses.commit_default = u32::from_ne_bytes([b[0], b[1], b[2], b[3]])
                }
                JET_sesparamOperationContext => ses.op_ctx.copy_from_slice(&b[..8]),
                JET_sesparamCorrelationID => ses.correlation = u32::from_ne_bytes([b[0], b[1], b[2], b[3]]),
                _ => unreachable!(),
            }
        }
        Ok(got)
    }

    fn version(&mut self, sesid: u64, null_out: bool) -> Result<i32, String> {
        let mut v: u32 = 0;
        let p: *mut u32 = if null_out { null_mut() } else { &mut v };
        // SAFETY: `p` is NULL or points to `v`.
        let got = unsafe { JetGetVersion(sesid as usize, p) };
        let exp = match self.w.enter(sesid, true) {
            Err(c) => c,
            Ok(_) if null_out => JET_errInvalidParameter,
            Ok(_) => 0,
        };
        self.verdict(got, exp)?;
        if exp == 0 {
            ensure!(v != 0, "JetGetVersion wrote 0 (S-SES-10)");
        }
        Ok(got)
    }

    // ---- transactions ----

    fn begin(&mut self, sesid: u64, f: BeginFn) -> Result<i32, String> {
        let got = match f {
            BeginFn::B1 => JetBeginTransaction(sesid as usize),
            BeginFn::B2(g) => JetBeginTransaction2(sesid as usize, g),
            BeginFn::B3(t, g) => JetBeginTransaction3(sesid as usize, t, g),
        };
        // S-TRX-01..03: every grbit is accepted.
        let (exp, s) = match self.w.enter(sesid, true) {
            Err(c) => (c, None),
            Ok(s) if self.w.sess[s].level >= MAX_LEVEL => (JET_errTransTooDeep, None),
            Ok(s) if self.w.sess[s].level > 0 && !self.w.sess[s].owns() => {
                (JET_errSessionSharingViolation, None)
            }
            Ok(s) => (0, Some(s)),
        };
        self.verdict(got, exp)?;
        if let Some(s) = s {
            let ses = &mut self.w.sess[s];
            if ses.level == 0 {
                ses.owner = if ses.context != 0 { Owner::Context(ses.context) } else { Owner::Thread };
            }
            ses.level += 1;
        }
        Ok(got)
    }

    fn commit(&mut self, sesid: u64, grbit: u32, durable: Option<(u32, bool)>) -> Result<i32, String> {
        // SAFETY: JET_COMMIT_ID is plain data of exactly 40 bytes (asserted by the library).
        let mut cid: JET_COMMIT_ID = unsafe { std::mem::transmute([0xA5u8; 40]) };
        let got = match durable {
            None => JetCommitTransaction(sesid as usize, grbit),
            Some((ms, null_id)) => {
                let p: *mut JET_COMMIT_ID = if null_id { null_mut() } else { &mut cid };
                // SAFETY: `p` is NULL or points to `cid`.
                unsafe { JetCommitTransaction2(sesid as usize, grbit, ms, p) }
            }
        };
        // SAFETY: as above, back to bytes.
        let after: [u8; 40] = unsafe { std::mem::transmute(cid) };
        ensure!(after == [0xA5u8; 40], "pCommitId written although nothing was logged (S-TRX-02)");
        let ms = durable.map_or(0, |d| d.0);
        // S-TRX-01, S-TRX-02, S-TRX-03.
        let (exp, s) = match self.w.enter(sesid, true) {
            Err(c) => (c, None),
            Ok(s) => {
                let ses = &self.w.sess[s];
                let wait = [JET_bitForceNewLog, JET_bitWaitAllLevel0Commit, JET_bitWaitLastLevel0Commit]
                    .into_iter()
                    .find(|&b| grbit & b != 0);
                if grbit & !COMMIT_MASK != 0 {
                    (JET_errInvalidGrbit, None)
                } else if let Some(b) = wait {
                    (if grbit == b { 0 } else { JET_errInvalidGrbit }, None)
                } else if ses.level == 0 {
                    (JET_errNotInTransaction, None)
                } else if ms != 0 && (grbit | ses.commit_default) & JET_bitCommitLazyFlush == 0 {
                    (JET_errInvalidParameter, None)
                } else if !ses.owns() {
                    (JET_errSessionSharingViolation, None)
                } else {
                    (0, Some(s))
                }
            }
        };
        self.verdict(got, exp)?;
        if let Some(s) = s {
            let ses = &mut self.w.sess[s];
            ses.level -= 1;
            if ses.level == 0 {
                ses.owner = Owner::None;
            }
        }
        Ok(got)
    }

    fn rollback(&mut self, sesid: u64, grbit: u32) -> Result<i32, String> {
        let got = JetRollback(sesid as usize, grbit);
        let (exp, s) = match self.w.enter(sesid, false) {
            Err(c) => (c, None),
            Ok(_) if grbit & !ROLLBACK_MASK != 0 => (JET_errInvalidGrbit, None),
            Ok(s) if self.w.sess[s].level == 0 => (JET_errNotInTransaction, None),
            Ok(s) if !self.w.sess[s].owns() => (JET_errSessionSharingViolation, None),
            Ok(s) => (0, Some(s)),
        };
        self.verdict(got, exp)?;
        if let Some(s) = s {
            let ses = &mut self.w.sess[s];
            if grbit & JET_bitRollbackAll != 0 || ses.level == 1 {
                ses.level = 0;
                ses.owner = Owner::None;
            } else {
                ses.level -= 1;
            }
        }
        Ok(got)
    }

    // ---- observable state ----

    /// Reads back what the model claims: the live instances, every session's level and
    /// commit default (S-TRX-05), every instance's and the global parameters, and the mode.
    fn check_state(&mut self) -> R {
        let mut listed = self.list_instances()?;
        let mut want: Vec<(u64, Option<String>)> =
            self.w.insts.iter().map(|i| (i.handle, i.name.clone())).collect();
        listed.sort();
        want.sort();
        ensure!(listed == want, "{}", mismatch("live instances", want, listed));
        for s in self.w.sess.clone() {
            for (id, v) in [
                (JET_sesparamTransactionLevel, s.level as u32),
                (JET_sesparamCommitDefault, s.commit_default),
                (JET_sesparamCorrelationID, s.correlation),
            ] {
                let mut got: u32 = 0xDEAD;
                self.check_calls += 1;
                // SAFETY: a 4-byte buffer for a 4-byte value.
                let r = unsafe {
                    JetGetSessionParameter(
                        s.handle as usize,
                        id,
                        &mut got as *mut u32 as *mut c_void,
                        4,
                        null_mut(),
                    )
                };
                ensure!(
                    r == 0 && got == v,
                    "session {:?} parameter {id}: expected {v}, got {got} ({})",
                    H(s.handle),
                    code_name(r)
                );
            }
            let mut lv: usize = 77;
            self.check_calls += 1;
            // SAFETY: `lv` receives the level.
            let r = unsafe {
                JetGetSystemParameterA(
                    0,
                    s.handle as usize,
                    JET_paramTransactionLevel,
                    &mut lv,
                    null_mut(),
                    0,
                )
            };
            ensure!(
                r == 0 && lv == s.level as usize,
                "JET_paramTransactionLevel of {:?}: {lv} ({}), model {}",
                H(s.handle),
                code_name(r),
                s.level
            );
        }
        let stores: Vec<(u64, Params)> = match self.w.mode {
            Mode::Single => vec![(0, self.w.insts[0].params.clone())],
            _ => self.w.insts.iter().map(|i| (i.handle, i.params.clone())).collect(),
        };
        let globals = self.w.globals.clone();
        for (h, p) in stores
            .iter()
            .chain(if self.w.mode == Mode::Single { None } else { Some((0u64, globals.clone())) }.iter())
        {
            for id in
                [JET_paramMaxSessions, JET_paramLogFileSize, JET_paramCommitDefault, JET_paramEnableAdvanced]
            {
                self.check_param_int(*h, id, p.int(id))?;
            }
            self.check_param_int(*h, JET_paramMaxInstances, globals.max_instances)?;
            let mut buf = [0u8; 64];
            self.check_calls += 1;
            // SAFETY: a 64-byte buffer.
            let r = unsafe {
                JetGetSystemParameterA(
                    *h as usize,
                    0,
                    JET_paramBaseName,
                    null_mut(),
                    buf.as_mut_ptr() as *mut c_char,
                    64,
                )
            };
            // SAFETY: NUL-terminated on success; the buffer is zeroed otherwise.
            let text =
                unsafe { CStr::from_ptr(buf.as_ptr() as *const c_char) }.to_string_lossy().into_owned();
            ensure!(
                r == 0 && text == p.base_name,
                "JET_paramBaseName of {:?}: {text:?} ({}), model {:?}",
                H(*h),
                code_name(r),
                p.base_name
            );
        }
        if self.w.mode != Mode::Single {
            self.check_calls += 1;
            let r = JetStopService();
            let want = if self.w.mode == Mode::None {
                JET_errInvalidParameter
            } else {
                JET_errRunningInMultiInstanceMode
            };
            ensure!(
                r == want,
                "mode probe (JetStopService): expected {}, got {} (model mode {:?})",
                code_name(want),
                code_name(r),
                self.w.mode
            );
        }
        Ok(())
    }

    fn check_param_int(&mut self, h: u64, id: u32, want: u64) -> R {
        let mut v: usize = 0xDEAD;
        self.check_calls += 1;
        // SAFETY: `v` receives the value.
        let r = unsafe { JetGetSystemParameterA(h as usize, 0, id, &mut v, null_mut(), 0) };
        ensure!(
            r == 0 && v as u64 == want,
            "system parameter {id} of {:?}: {v} ({}), model {want}",
            H(h),
            code_name(r)
        );
        Ok(())
    }

    /// Ends the run through the API, checked like every other call: contexts reset, open
    /// transactions rolled back where a term refuses, every instance termed, mode none.
    fn teardown(&mut self, rng: &mut Rng) -> R {
        for _ in 0..4 {
            for s in self.w.sess.clone() {
                if s.context != 0 {
                    self.run_op(&Op::ResetCtx { sesid: H(s.handle) })?;
                }
            }
            for i in self.w.insts.clone() {
                let grbit = rng.pick(&[
                    None,
                    Some(0),
                    Some(JET_bitTermComplete),
                    Some(JET_bitTermAbrupt),
                    Some(JET_bitTermDirty),
                ]);
                self.run_op(&Op::Term { h: H(i.handle), grbit })?;
                if self.w.inst_idx(i.handle).is_some() {
                    // Open transactions (S-INST-05): roll back what this thread may roll back,
                    // then term; a transaction bound to a context that is no longer set, or a
                    // stopped instance, leaves JET_bitTermDirty.
                    for s in self.w.sess.clone() {
                        if s.inst == i.handle && s.level > 0 && s.owns() {
                            self.run_op(&Op::Rollback { sesid: H(s.handle), grbit: JET_bitRollbackAll })?;
                        }
                    }
                    self.run_op(&Op::Term { h: H(i.handle), grbit: Some(0) })?;
                }
                if self.w.inst_idx(i.handle).is_some() {
                    self.run_op(&Op::Term { h: H(i.handle), grbit: Some(JET_bitTermDirty) })?;
                }
            }
            if self.w.insts.is_empty() {
                break;
            }
        }
        if self.w.mode == Mode::Multi && self.w.insts.is_empty() {
            // Multi-instance mode entered by JetEnableMultiInstance with no instance: only freeing
            // an instance returns to none (S-INST-01).
            self.run_op(&Op::Create {
                f: CreateFn::A,
                null_out: false,
                name: Str::Text("teardown"),
                display: Str::Null,
                grbit: 0,
            })?;
            let h = self.w.insts[0].handle;
            self.run_op(&Op::Term { h: H(h), grbit: None })?;
        }
        ensure!(self.w.mode == Mode::None && self.w.insts.is_empty(), "teardown left mode {:?}", self.w.mode);
        self.check_state()
    }

    // ---- the generator ----

    fn forged(&self, r: &mut Rng) -> u64 {
        match r.below(5) {
            0 => r.next_u64(),
            1 => 1 + r.below(0x1_0000),
            2 => (r.below(8) << 61) | (r.next_u64() >> 3),
            _ => {
                let pool: Vec<u64> = self
                    .w
                    .insts
                    .iter()
                    .map(|i| i.handle)
                    .chain(self.w.sess.iter().map(|s| s.handle))
                    .collect();
                if pool.is_empty() { r.next_u64() } else { pool[r.index(pool.len())] ^ (1 << r.below(64)) }
            }
        }
    }

    fn pick_inst(&self, r: &mut Rng) -> u64 {
        let w = &self.w;
        let k = r.below(100);
        if k < 65 && !w.insts.is_empty() {
            w.insts[r.index(w.insts.len())].handle
        } else if k < 75 && !w.dead_insts.is_empty() {
            w.dead_insts[r.index(w.dead_insts.len())]
        } else if k < 81 {
            0
        } else if k < 86 {
            NIL
        } else if k < 91 && !w.sess.is_empty() {
            w.sess[r.index(w.sess.len())].handle // the other kind (S-HDL-03)
        } else {
            self.forged(r)
        }
    }

    fn pick_ses(&self, r: &mut Rng, live_pct: u64) -> u64 {
        let w = &self.w;
        let k = r.below(100);
        if k < live_pct && !w.sess.is_empty() {
            w.sess[r.index(w.sess.len())].handle
        } else if k < live_pct + (100 - live_pct) / 3 && !w.dead_sess.is_empty() {
            w.dead_sess[r.index(w.dead_sess.len())]
        } else {
            match r.below(5) {
                0 => 0,
                1 => NIL,
                2 if !w.insts.is_empty() => w.insts[r.index(w.insts.len())].handle, // the other kind
                _ => self.forged(r),
            }
        }
    }

    fn pick_str(r: &mut Rng, texts: &[&'static str], null_pct: u64, bad_pct: u64) -> Str {
        let k = r.below(100);
        if k < null_pct {
            Str::Null
        } else if k < null_pct + bad_pct {
            Str::Bad(r.below(3) as u8)
        } else {
            Str::Text(r.pick(texts))
        }
    }

    fn pick_enc(r: &mut Rng) -> Enc {
        r.pick(&[Enc::A, Enc::A, Enc::W, Enc::Plain])
    }

    fn pick_param(&self, r: &mut Rng, get: bool) -> (u32, u64) {
        let none = self.w.mode == Mode::None;
        let ids = [
            (JET_paramMaxSessions, 5),
            (JET_paramCommitDefault, 5),
            (JET_paramBaseName, 3),
            (JET_paramMaxInstances, if none { 8 } else { 2 }),
            (JET_paramEnableAdvanced, 2),
            (JET_paramLogFileSize, 2),
            (JET_paramTransactionLevel, if get { 4 } else { 1 }),
            (JET_paramErrorToString, if get { 3 } else { 1 }),
            (JET_paramCacheRequests, 1),
            (0, 1), // an illegal id
        ];
        let weights: Vec<u32> = ids.iter().map(|p| p.1).collect();
        let id = ids[r.weighted(&weights)].0;
        let lparam = match id {
            JET_paramMaxSessions => r.pick(&[0, 1, 2, 3, 4, 5, 8, 16, 16, 16, 30000, 30001, u64::MAX]),
            JET_paramCommitDefault => r.pick(&[0, 0, 1, 2, 8, 0x10, 0x20, 0x3B, 0x4, 0x40, 0x8000_0000]),
            JET_paramMaxInstances => r.pick(&[1, 2, 3, 4, 6, 16, 16, 10240, 10241, 0]),
            JET_paramEnableAdvanced => r.pick(&[0, 1, 1, 1, 5]),
            JET_paramLogFileSize => r.pick(&[64, 5120, 63, 32768, 32769, 1000]),
            _ => r.below(100),
        };
        let id = if id == 0 { r.pick(&ILLEGAL_IDS) } else { id };
        (id, lparam)
    }

    fn generate(&mut self, r: &mut Rng) -> Op {
        // Phases: now and then every instance is termed ("drain"), so that mode none, a fresh
        // choice of mode (single-instance included) and the global parameters get their turn.
        if self.drain && self.w.insts.is_empty() {
            self.drain = false;
        } else if !self.drain && r.chance(1, 700) {
            self.drain = true;
        }
        let drain = self.drain;
        let w = &self.w;
        let ni = w.insts.len();
        let ns = w.sess.len();
        if drain && ni > 0 && r.chance(1, 4) {
            let i = &w.insts[r.index(ni)];
            let stuck = w.sess.iter().any(|s| s.inst == i.handle && s.level > 0 && !s.owns());
            let grbit = if stuck || r.chance(1, 3) {
                Some(JET_bitTermDirty)
            } else {
                r.pick(&[None, Some(0), Some(JET_bitTermComplete)])
            };
            return Op::Term { h: H(i.handle), grbit };
        }
        let weights = [
            /* 0 create */
            if drain || w.mode == Mode::Single {
                1
            } else if ni < 3 {
                12
            } else if ni < 8 {
                4
            } else {
                1
            },
            /* 1 init */ if w.mode == Mode::None { 4 } else { 6 },
            /* 2 term */
            if ni == 0 {
                1
            } else if ni > 5 {
                8
            } else {
                3
            },
            /* 3 stop service */ 1,
            /* 4 stop instance */ 2,
            /* 5 enable multi */ if w.mode == Mode::None { 4 } else { 1 },
            /* 6 instance info */ 2,
            /* 7 free buffer */ 1,
            /* 8 set sys */ 8,
            /* 9 get sys */ 8,
            /* 10 begin session */ if ns < 3 * ni + 2 { 14 } else { 4 },
            /* 11 dup */ 5,
            /* 12 end */ if ns > 2 * ni { 12 } else { 5 },
            /* 13 set ctx */ 4,
            /* 14 reset ctx */ 5,
            /* 15 get ses param */ 5,
            /* 16 set ses param */ 4,
            /* 17 version */ 1,
            /* 18 begin trx */ 14,
            /* 19 commit */ 10,
            /* 20 rollback */ 8,
        ];
        let names = ["a", "A", "b", "", "inst", "ü名", "😀"];
        let grbit_any = |r: &mut Rng| r.pick(&[0, 0, 1, 2, 4, 8, 0x10, 0x40, 0x8000_0000, u32::MAX]);
        match r.weighted(&weights) {
            0 => Op::Create {
                f: r.pick(&[
                    CreateFn::A,
                    CreateFn::W,
                    CreateFn::Plain,
                    CreateFn::TwoA,
                    CreateFn::TwoW,
                    CreateFn::Two,
                ]),
                null_out: r.chance(1, 25),
                name: if r.chance(1, 3) { Str::Null } else { Self::pick_str(r, &names, 0, 4) },
                display: Self::pick_str(r, &["Display", ""], 60, 5),
                grbit: grbit_any(r),
            },
            1 => {
                let rst = |r: &mut Rng| match r.below(10) {
                    0..=5 => Rst::Null,
                    6..=8 => Rst::Good,
                    _ => Rst::BadSize(r.pick(&[0, 1, 40, 200])),
                };
                let f = match r.below(5) {
                    0 => InitFn::Init,
                    1 => InitFn::Init2(grbit_any(r)),
                    2 => InitFn::Init3A(rst(r), grbit_any(r)),
                    3 => InitFn::Init3W(rst(r), grbit_any(r)),
                    _ => InitFn::Init3(rst(r), grbit_any(r)),
                };
                let uninit: Vec<u64> = w.insts.iter().filter(|i| !i.initialized).map(|i| i.handle).collect();
                let pin = match r.below(20) {
                    0..=2 => None,
                    3..=12 if !uninit.is_empty() => Some(uninit[r.index(uninit.len())]),
                    3..=5 => Some(0),
                    6 => Some(NIL),
                    _ => Some(self.pick_inst(r)),
                };
                Op::Init { f, pin: pin.map(H) }
            }
            2 => Op::Term {
                h: H(self.pick_inst(r)),
                grbit: if r.chance(3, 10) {
                    None
                } else {
                    Some(r.pick(&[0, 0, 1, 2, 4, 8, 9, 0x10, u32::MAX]))
                },
            },
            3 => Op::StopService,
            4 => Op::StopInstance {
                h: H(self.pick_inst(r)),
                grbit: if r.chance(1, 8) {
                    None
                } else {
                    Some(r.pick(&[
                        0,
                        2,
                        4,
                        6,
                        8,
                        0x8000_0000,
                        0x8000_0002,
                        0x8000_0004,
                        0x8000_0006,
                        0x8000_0008,
                        0xA,
                        1,
                        0x10,
                        u32::MAX,
                    ]))
                },
            },
            5 => {
                let mut v = Vec::new();
                for _ in 0..r.below(4) {
                    let (id, lparam) = match r.below(8) {
                        0 => (JET_paramMaxInstances, r.pick(&[1, 2, 3, 4, 16])),
                        1 => (JET_paramMaxSessions, r.pick(&[2, 4, 16, 30001])),
                        2 => (JET_paramCommitDefault, r.pick(&[0, 1, 0x4])),
                        3 => (JET_paramEnableAdvanced, r.pick(&[0, 1, 1])),
                        4 => (JET_paramBaseName, 0),
                        5 => (JET_paramLogFileSize, r.pick(&[5120, 64, 1])),
                        6 if w.mode == Mode::None => (JET_paramTransactionLevel, 0),
                        _ => (r.pick(&ILLEGAL_IDS), 0),
                    };
                    let sz = if id == JET_paramBaseName {
                        Self::pick_str(r, &["edb", "abc", "ab"], 10, 5)
                    } else {
                        Self::pick_str(r, &["x"], 90, 3)
                    };
                    v.push(Elem { id, lparam, sz });
                }
                let enc = Self::pick_enc(r);
                let (elems, count) = match r.below(10) {
                    0 => (None, 0),
                    1 => (None, 1 + r.below(3) as u32),
                    2 => (Some(v), 0),
                    _ => {
                        let n = v.len() as u32;
                        (Some(v), n)
                    }
                };
                Op::EnableMulti { enc, elems, count, null_pc: r.chance(1, 5) }
            }
            6 => Op::InstanceInfo {
                enc: Self::pick_enc(r),
                null_pc: r.chance(1, 20),
                null_pa: r.chance(1, 20),
                double_free: r.chance(1, 5),
            },
            7 => Op::FreeBuffer { forged: r.chance(1, 2) },
            8 => {
                let (id, lparam) = self.pick_param(r, false);
                let sz = if id == JET_paramBaseName {
                    Self::pick_str(r, &["abc", "xyz", "edb", "é€x", "😀a", "ab", "abcd", ""], 8, 4)
                } else {
                    Self::pick_str(r, &["x", "abc"], 85, 4)
                };
                Op::SetSys {
                    enc: Self::pick_enc(r),
                    pinst: if r.chance(3, 10) {
                        None
                    } else {
                        Some(H(if r.chance(1, 3) { 0 } else { self.pick_inst(r) }))
                    },
                    sesid: H(if r.chance(6, 10) { 0 } else { self.pick_ses(r, 70) }),
                    id,
                    lparam,
                    sz,
                }
            }
            9 => {
                let (id, _) = self.pick_param(r, true);
                let pl = if r.chance(1, 10) {
                    None
                } else if id == JET_paramErrorToString {
                    Some(r.pick(&[0i64, -1104, -1003, -1910, -1, -123_456]))
                } else {
                    Some(r.below(1000) as i64)
                };
                Op::GetSys {
                    enc: Self::pick_enc(r),
                    inst: H(if r.chance(4, 10) { 0 } else { self.pick_inst(r) }),
                    sesid: H(if r.chance(5, 10) { 0 } else { self.pick_ses(r, 75) }),
                    id,
                    pl,
                    cb: if r.chance(1, 10) { None } else { Some(r.pick(&[0, 1, 3, 4, 5, 7, 8, 16, 300])) },
                }
            }
            10 => Op::BeginSession {
                enc: Self::pick_enc(r),
                inst: H(self.pick_inst(r)),
                null_out: r.chance(1, 25),
                user: Self::pick_str(r, &["user", ""], 70, 10),
                pwd: Self::pick_str(r, &["pwd"], 70, 10),
            },
            11 => Op::Dup { sesid: H(self.pick_ses(r, 80)), null_out: r.chance(1, 25) },
            12 => Op::End {
                sesid: H(self.pick_ses(r, 80)),
                grbit: r.pick(&[0, 0, 0, JET_bitForceSessionClosed, 2, u32::MAX]),
            },
            13 => Op::SetCtx {
                sesid: H(self.pick_ses(r, 85)),
                ctx: r.pick(&[0x10, 0x20, 0x30, 0x10, 0, usize::MAX]),
            },
            14 => {
                let with_ctx: Vec<u64> = w.sess.iter().filter(|s| s.context != 0).map(|s| s.handle).collect();
                let sesid = if !with_ctx.is_empty() && r.chance(7, 10) {
                    with_ctx[r.index(with_ctx.len())]
                } else {
                    self.pick_ses(r, 85)
                };
                Op::ResetCtx { sesid: H(sesid) }
            }
            15 => Op::GetSesParam {
                sesid: H(self.pick_ses(r, 85)),
                id: r.pick(&[4097, 4099, 4100, 4101, 4097, 4099, 4098, 4102, 4111, 0, u32::MAX]),
                null_pv: r.chance(1, 10),
                cb: r.pick(&[0, 1, 3, 4, 4, 7, 8, 8, 16]),
                null_pcb: r.chance(3, 10),
            },
            16 => Op::SetSesParam {
                sesid: H(self.pick_ses(r, 85)),
                id: r.pick(&[4097, 4099, 4100, 4101, 4097, 4100, 4101, 4098, 4102, 4111, 0]),
                null_pv: r.chance(1, 10),
                cb: r.pick(&[0, 1, 3, 4, 4, 5, 8, 8, 9]),
                value: r.next_u64().to_ne_bytes(),
            },
            17 => Op::Version { sesid: H(self.pick_ses(r, 85)), null_out: r.chance(1, 10) },
            18 => Op::Begin {
                sesid: H(self.pick_ses(r, 90)),
                f: match r.below(3) {
                    0 => BeginFn::B1,
                    1 => BeginFn::B2(r.pick(&[0, 0, JET_bitTransactionReadOnly, 2, 0x40, u32::MAX])),
                    _ => BeginFn::B3(r.next_u64() as i64, r.pick(&[0, JET_bitTransactionReadOnly, 0x400])),
                },
            },
            19 => Op::Commit {
                sesid: H(self.pick_ses(r, 90)),
                grbit: r.pick(&[0, 0, 0, 0, 1, 1, 2, 8, 0x10, 0x20, 0x21, 3, 0x4, 0x40, 0x8000_0000]),
                durable: if r.chance(1, 2) { None } else { Some((r.pick(&[0, 0, 1, 100]), r.chance(1, 2))) },
            },
            _ => Op::Rollback {
                sesid: H(self.pick_ses(r, 90)),
                grbit: r.pick(&[0, 0, 0, 1, 1, 0x20, 0x21, 2, 0x40]),
            },
        }
    }
}

/// `"JET_errName, "` for the codes the generator asks ErrorToString about.
fn known_error_prefix(code: i32) -> Option<String> {
    let name = match code {
        0 => "JET_errSuccess",
        -1104 => "JET_errInvalidSesid",
        -1003 => "JET_errInvalidParameter",
        -1910 => "JET_errSessionSharingViolation",
        _ => return None,
    };
    Some(format!("{name}, "))
}

// ---- runs, replay and shrinking -----------------------------------------------------------

struct Failure {
    call: u64,
    msg: String,
    recent: Vec<String>,
}

struct Summary {
    calls: u64,
    check_calls: u64,
    stats: BTreeMap<(&'static str, i32), u64>,
}

/// Puts the library back in mode none with default globals, whatever a failed run left.
fn force_cleanup() {
    for _ in 0..4 {
        let mut c: u32 = 0;
        let mut a: *mut JET_INSTANCE_INFO_A = null_mut();
        // SAFETY: out-pointers to locals.
        if unsafe { JetGetInstanceInfoA(&mut c, &mut a) } == 0 && c > 0 {
            // SAFETY: `c` elements returned by the library.
            let hs: Vec<JET_INSTANCE> = (0..c as usize).map(|i| unsafe { (*a.add(i)).hInstanceId }).collect();
            // SAFETY: the block just returned.
            unsafe { JetFreeBuffer(a as *mut c_char) };
            for h in hs {
                JetTerm2(h, JET_bitTermDirty);
            }
        }
        match JetStopService() {
            JET_errInvalidParameter => break,
            JET_errRunningInMultiInstanceMode => {
                let mut h: JET_INSTANCE = 0;
                // SAFETY: out-pointer to a local, a literal name.
                if unsafe { JetCreateInstanceA(&mut h, c"cleanup".as_ptr()) } == 0 {
                    JetTerm(h);
                }
            }
            _ => {}
        }
    }
}

fn reset_globals() -> R {
    force_cleanup();
    ensure!(JetStopService() == JET_errInvalidParameter, "could not return the library to mode none");
    let d = Params::default();
    for (id, v) in [
        (JET_paramEnableAdvanced, d.enable_advanced),
        (JET_paramMaxSessions, d.max_sessions),
        (JET_paramLogFileSize, d.log_file_size),
        (JET_paramCommitDefault, d.commit_default),
        (JET_paramMaxInstances, d.max_instances),
    ] {
        // SAFETY: no pointers besides NULL.
        let r = unsafe { JetSetSystemParameterA(null_mut(), 0, id, v as usize, null()) };
        ensure!(r == 0, "resetting global parameter {id}: {}", code_name(r));
    }
    // SAFETY: a literal NUL-terminated string.
    let r = unsafe { JetSetSystemParameterA(null_mut(), 0, JET_paramBaseName, 0, c"edb".as_ptr()) };
    ensure!(r == 0, "resetting JET_paramBaseName: {}", code_name(r));
    Ok(())
}

/// One run: `calls` generated calls, then the teardown. Handles issued persist in `issued`.
fn run(seed: u64, calls: u64, issued: &mut HashSet<u64>) -> Result<Summary, Failure> {
    if let Err(msg) = reset_globals() {
        return Err(Failure { call: 0, msg, recent: Vec::new() });
    }
    let mut m = Model::new(std::mem::take(issued));
    let mut rng = Rng::new(seed);
    let mut result = Ok(());
    for i in 0..calls {
        let op = m.generate(&mut rng);
        result = m.run_op(&op);
        if result.is_ok() && i % 256 == 255 {
            result = m.check_state().map_err(|e| format!("state check after call #{i}: {e}"));
        }
        if result.is_err() {
            break;
        }
    }
    if result.is_ok() {
        result = m.check_state().map_err(|e| format!("final state check: {e}"));
    }
    if result.is_ok() {
        let mut trng = Rng::new(seed ^ 0x7EA2_D0A1);
        result = m.teardown(&mut trng).map_err(|e| format!("teardown: {e}"));
    }
    *issued = std::mem::take(&mut m.issued);
    match result {
        Ok(()) => Ok(Summary { calls: m.calls, check_calls: m.check_calls, stats: m.stats }),
        Err(msg) => {
            force_cleanup();
            Err(Failure { call: m.calls.saturating_sub(1), msg, recent: m.recent.into_iter().collect() })
        }
    }
}

fn print_failure(seed: u64, f: &Failure) {
    eprintln!("  seed {seed}, call #{}: {}", f.call, f.msg);
    eprintln!("  last calls:");
    for c in &f.recent {
        eprintln!("    {c}");
    }
}

#[test]
fn model_check() {
    let seed = common::seed();
    let calls = env_u64("ESENT_MODEL_CALLS").unwrap_or(100_000);
    println!("model: seed {seed} (replay with ESENT_SEED={seed}), {calls} calls");
    let start = Instant::now();
    let mut issued = HashSet::new();
    match run(seed, calls, &mut issued) {
        Ok(s) => {
            println!(
                "model: {} calls checked against the model (+{} read-back calls) in {:.2?}",
                s.calls,
                s.check_calls,
                start.elapsed()
            );
            let mut by_fn: BTreeMap<&str, Vec<String>> = BTreeMap::new();
            for ((f, c), n) in &s.stats {
                by_fn.entry(f).or_default().push(format!("{c}×{n}"));
            }
            for (f, v) in by_fn {
                println!("  {f:26} {}", v.join(" "));
            }
        }
        Err(first) => {
            eprintln!("MODEL MISMATCH (seed {seed}, {calls} calls):");
            print_failure(seed, &first);
            // Shortest failing prefix: binary search on the number of generated calls (each run
            // ends with a full state read-back and the teardown, so a divergence that the
            // periodic checks saw late shows up at its first call).
            let (mut lo, mut hi) = (0u64, (first.call + 1).min(calls));
            let mut best = None;
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                match run(seed, mid, &mut issued) {
                    Ok(_) => lo = mid,
                    Err(f) => {
                        hi = mid;
                        best = Some(f);
                    }
                }
            }
            let best = match best {
                Some(b) => b,
                None => match run(seed, hi, &mut issued) {
                    Err(f) => f,
                    Ok(_) => first,
                },
            };
            eprintln!(
                "shortest failing prefix: {hi} generated calls (replay: ESENT_SEED={seed} ESENT_MODEL_CALLS={hi})"
            );
            print_failure(seed, &best);
            force_cleanup();
            panic!("model mismatch, seed {seed}: {}", best.msg);
        }
    }
}
