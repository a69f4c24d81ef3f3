//! Test-only exports, compiled only with the `failpoints` feature: never in the release
//! library, the header or exports.txt.
#![allow(non_snake_case)]

use super::{Encoding, Utf8, guard};
use crate::abi::JET_ERR;
use crate::abi::consts::*;
use crate::engine::error::fail;
use crate::engine::failpoint::{Action, arm};
use core::ffi::c_char;

/// Arms the failpoint `name` to fire `count` times (0 disarms). `action` is `"panic"`,
/// `"unavailable"` or `"error:<code>"`. Failpoints: "api" (the start of every export),
/// "instance.enter" (JetBeginSession after its state checks), "session.enter" (every session
/// call after its entry checks), "session.alloc" (a new block of session slots), and
/// "instance.init" (inside JetInit).
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
        let action = match action.as_str() {
            "panic" => Action::Panic,
            "unavailable" => Action::Unavailable,
            a => match a.strip_prefix("error:").and_then(|c| c.parse().ok()) {
                Some(code) => Action::Error(code),
                None => return fail(JET_errInvalidParameter),
            },
        };
        arm(&name, action, count);
        Ok(())
    })
}

/// Panics inside the panic boundary: returns `JET_errInternalError` (S-ABI-10).
#[unsafe(no_mangle)]
pub extern "C" fn esent_test_panic() -> JET_ERR {
    guard!("esent_test_panic", [], { panic!("esent_test_panic") })
}
