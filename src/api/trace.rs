//! Formatting of trace lines: arguments as a porter wants to read them (handles in hex, strings,
//! grbits and parameter ids by name). Only reached when ESENT_TRACE is on.

use super::{Encoding, Utf8, Utf16};
use crate::abi::consts::*;
use crate::engine::{error, params, thread, trace};
use core::ffi::c_char;
use std::fmt::Write as _;
use std::time::Instant;

/// Names of option bits, per function family.
pub type Bits = &'static [(&'static str, u32)];

pub const TERM_BITS: Bits = &[
    ("JET_bitTermComplete", JET_bitTermComplete),
    ("JET_bitTermAbrupt", JET_bitTermAbrupt),
    ("JET_bitTermStopBackup", JET_bitTermStopBackup),
    ("JET_bitTermDirty", JET_bitTermDirty),
];
pub const STOP_BITS: Bits = &[
    ("JET_bitStopServiceBackgroundUserTasks", JET_bitStopServiceBackgroundUserTasks),
    ("JET_bitStopServiceQuiesceCaches", JET_bitStopServiceQuiesceCaches),
    ("JET_bitStopServiceStopAndEmitLog", JET_bitStopServiceStopAndEmitLog),
    ("JET_bitStopServiceResume", JET_bitStopServiceResume),
];
pub const BEGIN_BITS: Bits = &[("JET_bitTransactionReadOnly", JET_bitTransactionReadOnly)];
pub const COMMIT_BITS: Bits = &[
    ("JET_bitCommitLazyFlush", JET_bitCommitLazyFlush),
    ("JET_bitWaitLastLevel0Commit", JET_bitWaitLastLevel0Commit),
    ("JET_bitWaitAllLevel0Commit", JET_bitWaitAllLevel0Commit),
    ("JET_bitForceNewLog", JET_bitForceNewLog),
];
pub const ROLLBACK_BITS: Bits = &[("JET_bitRollbackAll", JET_bitRollbackAll)];
pub const END_BITS: Bits = &[("JET_bitForceSessionClosed", JET_bitForceSessionClosed)];
pub const NO_BITS: Bits = &[];

/// One argument of a traced call.
pub enum Arg {
    /// A handle or context value, in hex.
    H(usize),
    /// Option bits, by name.
    G(u32, Bits),
    /// A system parameter id, by name.
    P(u32),
    /// A session parameter id, by name.
    S(u32),
    /// A narrow (UTF-8) string argument.
    A(*const c_char),
    /// A wide (UTF-16) string argument.
    W(*const u16),
    /// A pointer argument (out-parameters and buffers), shown as NULL or its address.
    Ptr(usize),
    /// A pointer to a handle the call reads or writes: shown with the value it holds.
    PH(*const usize),
    /// A plain number.
    N(i64),
}

fn bits(v: u32, names: Bits) -> String {
    if v == 0 {
        return "0".into();
    }
    let mut parts: Vec<String> = Vec::new();
    let mut rest = v;
    for &(name, bit) in names {
        if bit != 0 && v & bit == bit {
            parts.push(name.into());
            rest &= !bit;
        }
    }
    if rest != 0 {
        parts.push(format!("{rest:#x}"));
    }
    parts.join("|")
}

fn param_name(id: u32) -> String {
    match params::def(id) {
        Ok(d) => d.name.into(),
        Err(_) => id.to_string(),
    }
}

fn sesparam_name(id: u32) -> String {
    match id {
        JET_sesparamCommitDefault => "JET_sesparamCommitDefault".into(),
        JET_sesparamTransactionLevel => "JET_sesparamTransactionLevel".into(),
        JET_sesparamOperationContext => "JET_sesparamOperationContext".into(),
        JET_sesparamCorrelationID => "JET_sesparamCorrelationID".into(),
        _ => id.to_string(),
    }
}

fn quoted(r: Result<Option<String>, error::JetError>, what: &str) -> String {
    match r {
        Ok(Some(s)) => format!("{s:?}"),
        Ok(None) => "NULL".into(),
        Err(_) => format!("<invalid {what}>"),
    }
}

impl Arg {
    fn render(&self) -> String {
        match *self {
            Arg::H(h) => format!("{h:#x}"),
            Arg::G(v, names) => bits(v, names),
            Arg::P(id) => param_name(id),
            Arg::S(id) => sesparam_name(id),
            // SAFETY: the same pointers the call itself reads: NULL or NUL-terminated strings.
            Arg::A(p) => quoted(unsafe { Utf8::read(p) }, "UTF-8"),
            Arg::W(p) => quoted(unsafe { Utf16::read(p) }, "UTF-16"),
            Arg::Ptr(0) => "NULL".into(),
            Arg::Ptr(p) => format!("{p:#x}"),
            // SAFETY: NULL or a valid JET_API_PTR, as the call itself requires.
            Arg::PH(p) => match unsafe { super::get(p) } {
                None => "NULL".into(),
                Some(v) => format!("&{v:#x}"),
            },
            Arg::N(n) => n.to_string(),
        }
    }
}

/// Runs a shim body with tracing: out of line, so the untraced path stays as small as before.
#[cold]
#[inline(never)]
pub fn traced(
    name: &'static str,
    args: impl FnOnce() -> Vec<Arg>,
    body: impl FnOnce() -> super::Outcome,
) -> i32 {
    let call = Call::start(name, args());
    let code = super::catch(body);
    call.finish(code);
    code
}

/// A call being traced: the text of its start, and its start time.
pub struct Call {
    head: String,
    start: Instant,
    args: Vec<Arg>,
}

impl Call {
    pub fn start(name: &'static str, args: Vec<Arg>) -> Self {
        let tid = thread::current();
        let mut head = format!("esent {} [{}] {name}(", trace::thread_name(tid), os_thread_id());
        let rendered: Vec<String> = args.iter().map(Arg::render).collect();
        head.push_str(&rendered.join(", "));
        head.push(')');
        let _ = trace::take_explanation();
        Self { head, start: Instant::now(), args }
    }

    /// Completes the line with the result, the out-handles written, the duration and, for a
    /// refused call, why.
    pub fn finish(self, code: i32) {
        let micros = self.start.elapsed().as_secs_f64() * 1e6;
        let mut line = self.head;
        let name = error::name(code).unwrap_or("?");
        let _ = write!(line, " -> {name} ({code})");
        if code >= 0 {
            for a in &self.args {
                if let Arg::PH(p) = a {
                    // SAFETY: as in render; the call has written its out-handle on success.
                    if let Some(v) = unsafe { super::get(*p) } {
                        let _ = write!(line, " out={v:#x}");
                    }
                }
            }
        }
        let _ = write!(line, " {micros:.1}us");
        if let Some(why) = trace::take_explanation() {
            let _ = write!(line, ": {why}");
        }
        trace::emit(&line);
    }
}

fn os_thread_id() -> i64 {
    // SAFETY: gettid has no preconditions.
    unsafe { libc::gettid() as i64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grbits_and_ids_read_by_name() {
        assert_eq!(bits(0, COMMIT_BITS), "0");
        assert_eq!(bits(0x1 | 0x8, COMMIT_BITS), "JET_bitCommitLazyFlush|JET_bitWaitAllLevel0Commit");
        assert_eq!(bits(0x1 | 0x40, ROLLBACK_BITS), "JET_bitRollbackAll|0x40");
        assert_eq!(Arg::P(JET_paramMaxSessions).render(), "JET_paramMaxSessions");
        assert_eq!(Arg::P(9999).render(), "9999");
        assert_eq!(Arg::S(JET_sesparamCorrelationID).render(), "JET_sesparamCorrelationID");
        assert_eq!(Arg::H(0xff).render(), "0xff");
        assert_eq!(Arg::Ptr(0).render(), "NULL");
        assert_eq!(Arg::A(c"x\"y".as_ptr()).render(), "\"x\\\"y\"");
        assert_eq!(Arg::A(c"\xff".as_ptr()).render(), "<invalid UTF-8>");
    }
}
