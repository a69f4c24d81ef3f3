//! ESENT_TRACE: one line per Jet call, for people porting Windows programs.
//!
//! `ESENT_TRACE=1` writes to stderr, `ESENT_TRACE=/path/file` appends to a file; unset, `0` or
//! empty, nothing is traced. The variable is read once; afterwards the cost of tracing being off
//! is one load of a cached byte per call.
//!
//! When the engine refuses a call for a thread rule (-1910, -1912, -1913, -1914) it records why,
//! in words, for the calling thread; the trace line of that call ends with the explanation.

use parking_lot::Mutex;
use std::cell::RefCell;
use std::fs::OpenOptions;
use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};

const UNKNOWN: u8 = 0;
const OFF: u8 = 1;
const ON: u8 = 2;

static STATE: AtomicU8 = AtomicU8::new(UNKNOWN);
static SINK: Mutex<Option<Box<dyn Write + Send>>> = Mutex::new(None);

thread_local! {
    static WHY: RefCell<Option<String>> = const { RefCell::new(None) };
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

#[cold]
fn init() -> bool {
    let sink: Option<Box<dyn Write + Send>> = match std::env::var_os("ESENT_TRACE") {
        None => None,
        Some(v) if v.is_empty() || v == "0" => None,
        Some(v) if v == "1" => Some(Box::new(std::io::stderr())),
        Some(path) => match OpenOptions::new().create(true).append(true).open(&path) {
            Ok(f) => Some(Box::new(f)),
            Err(e) => {
                eprintln!("libesent: ESENT_TRACE={}: {e}; tracing to stderr", path.to_string_lossy());
                Some(Box::new(std::io::stderr()))
            }
        },
    };
    let on = sink.is_some();
    *SINK.lock() = sink;
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

/// Records why the current call is refused, when tracing is on; `why` runs only then.
#[inline]
pub fn explain(why: impl FnOnce() -> String) {
    if enabled() {
        WHY.with(|w| *w.borrow_mut() = Some(why()));
    }
}

/// The explanation recorded during this thread's current call, if any (and clears it).
pub fn take_explanation() -> Option<String> {
    WHY.with(|w| w.borrow_mut().take())
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
