//! ESENT_TRACE: one line per Jet call, for people porting Windows programs.
//!
//! The variable is read once. A value containing `/` is a file, appended to; `1`, `yes`,
//! `true`, `on` (any case) mean stderr; unset, empty, `0`, `no`, `false`, `off` mean no trace;
//! anything else also means no trace, with one warning line on stderr (so `ESENT_TRACE=yes`
//! never creates a file `./yes`). Afterwards the cost of tracing being off is one load of a
//! cached byte per call.
//!
//! When the engine refuses a call for a thread rule (-1910, -1912, -1913, -1914) it records why,
//! in words, for the calling thread; the trace line of that call ends with the explanation. A
//! shim records the values it wrote to out-parameters the same way ([`wrote`]).
//!
//! Nothing here may panic or abort: tracing runs from atexit handlers, C++ global destructors
//! and pthread key destructors, after this thread's thread-local storage is gone. The one
//! thread-local is reached with `try_with` only (when it is gone, the notes are dropped and the
//! line is still written), and stderr is written without `eprintln!` (which panics on error).

use parking_lot::Mutex;
use std::cell::RefCell;
use std::ffi::OsStr;
use std::fs::OpenOptions;
use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};

const UNKNOWN: u8 = 0;
const OFF: u8 = 1;
const ON: u8 = 2;

static STATE: AtomicU8 = AtomicU8::new(UNKNOWN);
static SINK: Mutex<Option<Box<dyn Write + Send>>> = Mutex::new(None);

/// What the current call of this thread left for its trace line.
struct Notes {
    /// Why the call was refused.
    why: Option<String>,
    /// The out-parameters it wrote, each with a leading space.
    out: String,
}

thread_local! {
    static NOTES: RefCell<Notes> = const { RefCell::new(Notes { why: None, out: String::new() }) };
}

/// Is tracing on? Reads ESENT_TRACE the first time only.
#[inline(always)]
pub fn enabled() -> bool {
    match STATE.load(Ordering::Relaxed) {
        OFF => false,
        ON => true,
        _ => init(),
    }
}

/// What a value of ESENT_TRACE asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Setting {
    Off,
    Stderr,
    /// A file path (the value contains a `/`).
    File,
    /// Not understood: off, with a warning.
    Invalid,
}

/// Reads a value of ESENT_TRACE (see the module comment).
pub fn parse(v: &OsStr) -> Setting {
    let bytes = v.as_encoded_bytes();
    if bytes.contains(&b'/') {
        return Setting::File;
    }
    let is = |word: &str| bytes.eq_ignore_ascii_case(word.as_bytes());
    if ["1", "yes", "true", "on"].into_iter().any(is) {
        Setting::Stderr
    } else if bytes.is_empty() || ["0", "no", "false", "off"].into_iter().any(is) {
        Setting::Off
    } else {
        Setting::Invalid
    }
}

/// One line on stderr, ignoring failure (never `eprintln!`, which panics when stderr is closed).
fn warn(args: std::fmt::Arguments<'_>) {
    let _ = std::io::stderr().write_fmt(args);
}

#[cold]
fn init() -> bool {
    // Reached before a shim's panic boundary: a panic here must not escape either (S-ABI-10).
    let on = std::panic::catch_unwind(|| {
        let v = std::env::var_os("ESENT_TRACE").unwrap_or_default();
        let sink: Option<Box<dyn Write + Send>> = match parse(&v) {
            Setting::Off => None,
            Setting::Stderr => Some(Box::new(std::io::stderr())),
            Setting::Invalid => {
                warn(format_args!(
                    "libesent: ESENT_TRACE={:?} not understood: tracing is off (1/yes/true/on: stderr; \
                     a path containing '/': that file; 0/no/false/off: none)\n",
                    v.to_string_lossy()
                ));
                None
            }
            Setting::File => match OpenOptions::new().create(true).append(true).open(&v) {
                Ok(f) => Some(Box::new(f)),
                Err(e) => {
                    warn(format_args!(
                        "libesent: ESENT_TRACE={}: {e}; tracing to stderr\n",
                        v.to_string_lossy()
                    ));
                    Some(Box::new(std::io::stderr()))
                }
            },
        };
        let on = sink.is_some();
        *SINK.lock() = sink;
        on
    })
    .unwrap_or(false);
    STATE.store(if on { ON } else { OFF }, Ordering::Relaxed);
    on
}

/// Writes one finished line (a newline is added).
pub fn emit(line: &str) {
    if let Some(out) = SINK.lock().as_mut() {
        let _ = out.write_all(line.as_bytes());
        let _ = out.write_all(b"\n");
        let _ = out.flush();
    }
}

/// Runs `f` on this thread's notes, unless the thread-local storage is gone (or in use).
fn with_notes<R>(f: impl FnOnce(&mut Notes) -> R) -> Option<R> {
    NOTES.try_with(|n| n.try_borrow_mut().ok().map(|mut n| f(&mut n))).ok().flatten()
}

/// Records why the current call is refused, when tracing is on; `why` runs only then.
#[inline]
pub fn explain(why: impl FnOnce() -> String) {
    if enabled() {
        with_notes(|n| n.why = Some(why()));
    }
}

/// Records an out-parameter the current call wrote (`what` writes e.g. `out=0x1`), when tracing
/// is on; `what` runs only then.
#[inline]
pub fn wrote(what: impl FnOnce(&mut String)) {
    if enabled() {
        with_notes(|n| {
            n.out.push(' ');
            what(&mut n.out);
        });
    }
}

/// Clears the notes of this thread's previous call.
pub fn clear_notes() {
    with_notes(|n| {
        n.why = None;
        n.out.clear();
    });
}

/// The notes of this thread's current call, (explanation, out-parameters), clearing them.
pub fn take_notes() -> (Option<String>, String) {
    with_notes(|n| (n.why.take(), std::mem::take(&mut n.out))).unwrap_or_default()
}

/// How a thread is named in traces and explanations: `T<n>`, n from [`crate::engine::thread`].
pub fn thread_name(id: u64) -> String {
    format!("T{id}")
}

/// Closes the trace sink and forgets the setting (the library is being unloaded).
pub fn teardown() {
    *SINK.lock() = None;
    STATE.store(UNKNOWN, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_esent_trace() {
        // S-LIF-05: only a value with a '/' is a file.
        for v in ["1", "yes", "YES", "True", "on", "ON"] {
            assert_eq!(parse(OsStr::new(v)), Setting::Stderr, "{v}");
        }
        for v in ["", "0", "no", "No", "false", "FALSE", "off"] {
            assert_eq!(parse(OsStr::new(v)), Setting::Off, "{v}");
        }
        for v in ["/tmp/x.log", "./yes", "a/b"] {
            assert_eq!(parse(OsStr::new(v)), Setting::File, "{v}");
        }
        for v in ["yes.log", "2", "enable", " 1"] {
            assert_eq!(parse(OsStr::new(v)), Setting::Invalid, "{v}");
        }
    }
}
