//! Test-only exports, compiled only with the `failpoints` feature: never in the release
//! library, the header or exports.txt.
#![allow(non_snake_case)]

use super::{Encoding, Utf8, guard};
use crate::abi::JET_ERR;
use crate::abi::consts::*;
use crate::engine::error::fail;
use crate::engine::failpoint::{Action, arm_after};
use core::ffi::c_char;

/// Arms the failpoint `name` to fire `count` times (0 disarms). `action` is `"panic"`,
/// `"unavailable"`, `"error:<code>"`, `"sleep:<ms>"`, `"errno:<n>"` (an I/O point fails
/// with that OS error), `"short-write"` or `"kill"` (the process aborts at once, as in a crash);
/// `"after:<n>:<action>"` lets the point pass n hits before it fires. Failpoints: "api" (the start of every export),
/// "instance.enter" (JetBeginSession after its state checks), "session.enter" (every session
/// call after its entry checks), "session.alloc" / "cursor.alloc" (a new block of session or
/// cursor slots), "instance.init" (inside JetInit), and the store's I/O points
/// "store.read@<file>", "store.write@<file>", "store.set_len@<file>", "store.sync@<file>" (file:
/// the database's file name, during its creation too).
///
/// # Safety
/// Both strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn esent_test_failpoint(
    name: *const c_char,
    action: *const c_char,
    count: u32,
) -> JET_ERR {
    guard!("esent_test_failpoint", [A(name), A(action), N(count as i64)], {
        // SAFETY: both strings are NULL or NUL-terminated, by the caller's contract.
        let (name, action) = unsafe { (Utf8::read(name)?, Utf8::read(action)?) };
        let (Some(name), Some(action)) = (name, action) else {
            return fail(JET_errInvalidParameter);
        };
        // "after:<n>:<action>": the point passes its next n hits first.
        let (skip, action) = match action.strip_prefix("after:").and_then(|r| r.split_once(':')) {
            Some((n, rest)) => match n.parse::<u32>() {
                Ok(n) => (n, rest.to_string()),
                Err(_) => return fail(JET_errInvalidParameter),
            },
            None => (0, action),
        };
        let action = match action.as_str() {
            "panic" => Action::Panic,
            "kill" => Action::Kill,
            "unavailable" => Action::Unavailable,
            a => {
                let number = |prefix: &str| a.strip_prefix(prefix).and_then(|n| n.parse::<i64>().ok());
                match (number("error:"), number("sleep:"), number("errno:")) {
                    (Some(code), _, _) if i32::try_from(code).is_ok() => Action::Error(code as i32),
                    (_, Some(ms), _) if u32::try_from(ms).is_ok() => Action::Sleep(ms as u32),
                    (_, _, Some(n)) if i32::try_from(n).is_ok() => Action::Errno(n as i32),
                    _ if a == "short-write" => Action::ShortWrite,
                    _ => return fail(JET_errInvalidParameter),
                }
            }
        };
        arm_after(&name, action, skip, count);
        Ok(())
    })
}

/// Panics inside the panic boundary: returns `JET_errInternalError` (S-ABI-10).
#[unsafe(no_mangle)]
pub extern "C" fn esent_test_panic() -> JET_ERR {
    guard!("esent_test_panic", [], { panic!("esent_test_panic") })
}
