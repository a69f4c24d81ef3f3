//! Formatting of trace lines: arguments as a porter wants to read them (handles in hex, strings,
//! grbits and parameter ids by name). Only reached when ESENT_TRACE is on.

use crate::abi::consts::*;
use crate::abi::{JET_SETSYSPARAM_A, JET_SETSYSPARAM_W, JET_UNICODEINDEX};
pub use crate::engine::trace::wrote;
use crate::engine::{error, params, thread, trace};
use core::ffi::{CStr, c_char};
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
pub const DB_BITS: Bits = &[
    ("JET_bitDbReadOnly", JET_bitDbReadOnly),
    ("JET_bitDbExclusive", JET_bitDbExclusive),
    ("JET_bitDbRecoveryOff", JET_bitDbRecoveryOff),
    ("JET_bitDbDeleteCorruptIndexes", JET_bitDbDeleteCorruptIndexes),
    ("JET_bitDbVersioningOff", JET_bitDbVersioningOff),
    ("JET_bitDbShadowingOff", JET_bitDbShadowingOff),
    ("JET_bitDbOverwriteExisting", JET_bitDbOverwriteExisting),
    ("JET_bitDbDeleteUnicodeIndexes", JET_bitDbDeleteUnicodeIndexes),
    ("JET_bitDbEnableBackgroundMaintenance", JET_bitDbEnableBackgroundMaintenance),
    ("JET_bitDbPurgeCacheOnAttach", JET_bitDbPurgeCacheOnAttach),
];
pub const TABLE_BITS: Bits = &[
    ("JET_bitTableDenyWrite", JET_bitTableDenyWrite),
    ("JET_bitTableDenyRead", JET_bitTableDenyRead),
    ("JET_bitTableReadOnly", JET_bitTableReadOnly),
    ("JET_bitTableUpdatable", JET_bitTableUpdatable),
    ("JET_bitTablePermitDDL", JET_bitTablePermitDDL),
    ("JET_bitTableNoCache", JET_bitTableNoCache),
    ("JET_bitTablePreread", JET_bitTablePreread),
    ("JET_bitTableOpportuneRead", JET_bitTableOpportuneRead),
    ("JET_bitTableSequential", JET_bitTableSequential),
];
pub const DETACH_BITS: Bits =
    &[("JET_bitForceCloseAndDetach", JET_bitForceCloseAndDetach), ("JET_bitForceDetach", JET_bitForceDetach)];

/// One argument of a traced call, rendered before the call. Out-only parameters are never
/// read here (they may be uninitialised, S-LIF-05): the shim reports what it wrote
/// through [`trace::wrote`] and the line shows it after the result.
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
    /// A secret the call ignores (a password): shown as NULL or `<hidden>`, never its text.
    Hidden(bool),
    /// A pointer argument the call neither reads nor writes through, or a buffer it returns:
    /// shown as NULL or its address.
    Ptr(usize),
    /// An out-only pointer: shown as NULL or `out`; the value written follows the result.
    O(usize),
    /// A pointer to a handle the call reads (and may write): shown with the value it holds.
    PH(*const usize),
    /// `*plParam` of JetGetSystemParameter: read (a JET_ERR, by name) for
    /// `JET_paramErrorToString`, out-only otherwise.
    SysL(u32, *const usize),
    /// `lParam` of JetSetSystemParameter (id, lParam): a number, except for
    /// `JET_paramUnicodeIndexDefault`, whose JET_UNICODEINDEX (which the call reads) is shown.
    SysV(u32, usize),
    /// The value of JetSetSessionParameter: (id, pvParam, cbParam), read when cbParam is the
    /// parameter's size.
    SesV(u32, *const u8, u32),
    /// A JET_RSTINFO: NULL or its `cbStruct`.
    Rst(*const u32),
    /// The elements of JetEnableMultiInstanceA (array, count): id, lParam and string of each.
    SspA(*const JET_SETSYSPARAM_A, u32),
    /// The elements of JetEnableMultiInstanceW.
    SspW(*const JET_SETSYSPARAM_W, u32),
    /// A plain number.
    N(i64),
}

/// How many elements of an array a trace line shows.
const MAX_ELEMENTS: usize = 8;

/// Elements `[a, b, ...]`, at most [`MAX_ELEMENTS`] of `n`, each rendered by `one(i)`.
fn elements(n: usize, one: impl Fn(usize) -> String) -> String {
    let shown: Vec<String> = (0..n.min(MAX_ELEMENTS)).map(one).collect();
    let more = if n > MAX_ELEMENTS { ", ..." } else { "" };
    format!("[{}{more}]", shown.join(", "))
}

/// The longest string a trace line quotes; longer ones are cut and their length given. This
/// keeps every allocation of tracing small (S-LIF-01: a 64 MiB name is not copied).
const MAX_QUOTED: usize = 200;

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
        Err(_) if id == crate::engine::lp64::PARAM => "ESENT_paramLP64Compat".into(),
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

/// A code as a porter reads it: `JET_errName (-n)`, or the number alone.
pub fn code_text(code: i32) -> String {
    match error::name(code) {
        Some(n) => format!("{n} ({code})"),
        None => code.to_string(),
    }
}

/// A string quoted, cut to [`MAX_QUOTED`] characters (with its full length in units after).
fn quote_chars(chars: impl Iterator<Item = char>, total_units: usize, unit: &str) -> String {
    let mut chars = chars.peekable();
    let head: String = chars.by_ref().take(MAX_QUOTED).collect();
    if chars.peek().is_some() { format!("{head:?}...({total_units} {unit})") } else { format!("{head:?}") }
}

/// A narrow string as a trace shows it: quoted and bounded, NULL, or `<invalid UTF-8>`.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
pub unsafe fn quote_a(p: *const c_char) -> String {
    if p.is_null() {
        return "NULL".into();
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's contract.
    match unsafe { CStr::from_ptr(p) }.to_str() {
        Ok(s) => quote_chars(s.chars(), s.len(), "bytes"),
        Err(_) => "<invalid UTF-8>".into(),
    }
}

/// A wide string as a trace shows it (see [`quote_a`]).
///
/// # Safety
/// `p` is NULL or a NUL-terminated UTF-16 string.
pub unsafe fn quote_w(p: *const u16) -> String {
    if p.is_null() {
        return "NULL".into();
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's contract.
    let units = unsafe { super::wide_units(p) };
    if char::decode_utf16(units.clone()).any(|c| c.is_err()) {
        return "<invalid UTF-16>".into();
    }
    let total = units.clone().count();
    quote_chars(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)), total, "units")
}

/// A string the library holds, as a trace shows it.
pub fn quote(s: &str) -> String {
    quote_chars(s.chars(), s.len(), "bytes")
}

/// A session parameter value as a trace shows it (`bytes` holds its size, 4 or 8).
pub fn sesparam_value(id: u32, bytes: &[u8]) -> String {
    match (id, bytes.len()) {
        (JET_sesparamOperationContext, 8) => format!(
            "{{ulUserID={:#x}, nOperationID={}, nOperationType={}, nClientType={}, fFlags={:#x}}}",
            u32::from_ne_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
            bytes[4],
            bytes[5],
            bytes[6],
            bytes[7]
        ),
        (_, 4) => {
            let v = u32::from_ne_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
            match id {
                JET_sesparamCommitDefault => bits(v, COMMIT_BITS),
                JET_sesparamTransactionLevel => (v as i32).to_string(),
                _ => format!("{v:#x}"),
            }
        }
        _ => format!("<{} bytes>", bytes.len()),
    }
}

/// The size of a session parameter's value, for the ids that have one.
pub fn sesparam_size(id: u32) -> Option<usize> {
    match id {
        JET_sesparamCommitDefault | JET_sesparamTransactionLevel | JET_sesparamCorrelationID => Some(4),
        JET_sesparamOperationContext => Some(8),
        _ => None,
    }
}

/// The `lParam` of a parameter set: the JET_UNICODEINDEX that `JET_paramUnicodeIndexDefault`
/// points to (or NULL), a signed number for every other id.
///
/// # Safety
/// For `JET_paramUnicodeIndexDefault`, `v` is 0 or the address of a readable JET_UNICODEINDEX.
unsafe fn set_lparam(id: u32, v: usize) -> String {
    if id != JET_paramUnicodeIndexDefault {
        return (v as i64).to_string();
    }
    // SAFETY: 0 or a readable JET_UNICODEINDEX, by the caller's contract.
    match unsafe { super::get(v as *const JET_UNICODEINDEX) } {
        None => "NULL".into(),
        Some(u) => format!("&{{lcid={:#x}, dwMapFlags={:#x}}}", u.lcid, u.dwMapFlags),
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
            Arg::A(p) => unsafe { quote_a(p) },
            // SAFETY: as above, for a UTF-16 string.
            Arg::W(p) => unsafe { quote_w(p) },
            Arg::Hidden(true) => "NULL".into(),
            Arg::Hidden(false) => "<hidden>".into(),
            Arg::Ptr(0) | Arg::O(0) => "NULL".into(),
            Arg::Ptr(p) => format!("{p:#x}"),
            Arg::O(_) => "out".into(),
            // SAFETY: NULL or a valid JET_API_PTR the call reads, as the call itself requires.
            Arg::PH(p) => match unsafe { super::get(p) } {
                None => "NULL".into(),
                Some(v) => format!("&{v:#x}"),
            },
            Arg::SysL(id, p) if id == JET_paramErrorToString => {
                // SAFETY: for ErrorToString the call reads *plParam too (NULL or valid).
                match unsafe { super::get(p) } {
                    None => "NULL".into(),
                    Some(v) => format!("&{}", code_text(v as i32)),
                }
            }
            Arg::SysL(_, p) => Arg::O(p as usize).render(),
            // SAFETY: what the call itself reads: for UnicodeIndexDefault, NULL or a readable
            // JET_UNICODEINDEX.
            Arg::SysV(id, v) => unsafe { set_lparam(id, v) },
            Arg::SesV(id, p, cb) => match sesparam_size(id) {
                Some(n) if !p.is_null() && cb as usize == n => {
                    // SAFETY: the caller passes cb readable bytes at p, which the call reads.
                    let bytes = unsafe { core::slice::from_raw_parts(p, n) };
                    format!("&{}", sesparam_value(id, bytes))
                }
                _ => Arg::Ptr(p as usize).render(),
            },
            // SAFETY: NULL or a JET_RSTINFO, whose first field (read by the call) is cbStruct.
            Arg::Rst(p) => match unsafe { super::get(p) } {
                None => "NULL".into(),
                Some(cb) => format!("&{{cbStruct={cb}}}"),
            },
            Arg::SspA(p, _) if p.is_null() => "NULL".into(),
            Arg::SspW(p, _) if p.is_null() => "NULL".into(),
            Arg::SspA(p, n) => elements(n as usize, |i| {
                // SAFETY: i < n, and the call reads the same n elements and their strings.
                let e = unsafe { &*p.add(i) };
                // SAFETY: the element's string is NULL or NUL-terminated, as the call requires.
                let sz = unsafe { quote_a(e.sz) };
                // SAFETY: the call reads the element's lParam the same way.
                let v = unsafe { set_lparam(e.paramid, e.lParam) };
                format!("{{{}, {}, {}}}", param_name(e.paramid), v, sz)
            }),
            Arg::SspW(p, n) => elements(n as usize, |i| {
                // SAFETY: as for SspA.
                let e = unsafe { &*p.add(i) };
                // SAFETY: the element's string is NULL or NUL-terminated, as the call requires.
                let sz = unsafe { quote_w(e.sz) };
                // SAFETY: as above.
                let v = unsafe { set_lparam(e.paramid, e.lParam) };
                format!("{{{}, {}, {}}}", param_name(e.paramid), v, sz)
            }),
            Arg::N(n) => n.to_string(),
        }
    }
}

/// Runs a shim body with tracing: out of line, so the untraced path stays as small as before.
/// The tracing itself runs inside the panic boundary too (S-ABI-10): a panic while formatting
/// costs the trace line, never the call's result.
#[cold]
#[inline(never)]
pub fn traced(
    name: &'static str,
    args: impl FnOnce() -> Vec<Arg>,
    body: impl FnOnce() -> super::Outcome,
) -> i32 {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    let call = catch_unwind(AssertUnwindSafe(|| Call::start(name, args()))).ok();
    let code = super::catch(body);
    if let Some(call) = call {
        let _ = catch_unwind(AssertUnwindSafe(|| call.finish(code)));
    }
    code
}

/// A call being traced: the text of its start, and its start time.
pub struct Call {
    head: String,
    start: Instant,
}

impl Call {
    pub fn start(name: &'static str, args: Vec<Arg>) -> Self {
        let tid = thread::current();
        let mut head = format!("esent {} [{}] {name}(", trace::thread_name(tid), os_thread_id());
        let rendered: Vec<String> = args.iter().map(Arg::render).collect();
        head.push_str(&rendered.join(", "));
        head.push(')');
        trace::clear_notes();
        Self { head, start: Instant::now() }
    }

    /// Completes the line with the result, the out-parameters written, the duration and, for a
    /// refused call, why.
    pub fn finish(self, code: i32) {
        let micros = self.start.elapsed().as_secs_f64() * 1e6;
        let mut line = self.head;
        let name = error::name(code).unwrap_or("?");
        let (why, out) = trace::take_notes();
        let _ = write!(line, " -> {name} ({code}){out}");
        let _ = write!(line, " {micros:.1}us");
        if let Some(why) = why {
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
        assert_eq!(Arg::O(0x1000).render(), "out");
        assert_eq!(Arg::O(0).render(), "NULL");
        assert_eq!(Arg::Hidden(false).render(), "<hidden>");
    }

    #[test]
    fn long_strings_are_cut() {
        // S-LIF-01: tracing never copies a whole (possibly huge) argument.
        let long = vec![b'a'; 5000].into_iter().chain([0]).collect::<Vec<u8>>();
        let r = Arg::A(long.as_ptr() as *const c_char).render();
        assert!(r.starts_with("\"aaa") && r.ends_with("...(5000 bytes)") && r.len() < 300, "{r}");
        let wide: Vec<u16> = "wide".encode_utf16().chain([0]).collect();
        assert_eq!(Arg::W(wide.as_ptr()).render(), "\"wide\"");
        let bad: Vec<u16> = vec![0xd800, 0];
        assert_eq!(Arg::W(bad.as_ptr()).render(), "<invalid UTF-16>");
    }

    #[test]
    fn values_not_pointers() {
        // S-LIF-05: what the call reads is shown as a value.
        let code = JET_errInvalidSesid as isize as usize;
        assert_eq!(Arg::SysL(JET_paramErrorToString, &code).render(), "&JET_errInvalidSesid (-1104)");
        assert_eq!(Arg::SysL(JET_paramMaxSessions, &code).render(), "out");
        // JET_paramUnicodeIndexDefault's lParam is a JET_UNICODEINDEX *, not a number.
        let ui = JET_UNICODEINDEX { lcid: 0x407, dwMapFlags: 0x401 };
        let at = &ui as *const JET_UNICODEINDEX as usize;
        assert_eq!(Arg::SysV(JET_paramUnicodeIndexDefault, at).render(), "&{lcid=0x407, dwMapFlags=0x401}");
        assert_eq!(Arg::SysV(JET_paramUnicodeIndexDefault, 0).render(), "NULL");
        assert_eq!(Arg::SysV(JET_paramMaxSessions, usize::MAX).render(), "-1");
        let cd = JET_bitCommitLazyFlush.to_ne_bytes();
        assert_eq!(Arg::SesV(JET_sesparamCommitDefault, cd.as_ptr(), 4).render(), "&JET_bitCommitLazyFlush");
        assert!(Arg::SesV(JET_sesparamCommitDefault, cd.as_ptr(), 3).render().starts_with("0x"));
        let cb: u32 = 48;
        assert_eq!(Arg::Rst(&cb).render(), "&{cbStruct=48}");
    }
}
