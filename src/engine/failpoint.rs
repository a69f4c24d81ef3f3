//! Fault injection for tests (cargo feature `failpoints`). A named point in the engine can be
//! armed to fail a number of times with an error code, to panic, or to mark the instance it is
//! reached in unavailable (S-INST-13). Without the feature every point compiles to nothing.

#[cfg(feature = "failpoints")]
mod imp {
    use crate::engine::error::{JetError, JetResult};
    use parking_lot::Mutex;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Action {
        /// Return this error code.
        Error(i32),
        /// Panic (to prove the panic boundary, S-ABI-10).
        Panic,
        /// Mark the instance the point is reached in unavailable, then fail with -1090.
        Unavailable,
        /// Sleep this many milliseconds, then go on (to hold a call open in a test).
        Sleep(u32),
    }

    struct Armed {
        name: String,
        action: Action,
        remaining: u32,
    }

    static ARMED: Mutex<Vec<Armed>> = Mutex::new(Vec::new());
    static ANY: AtomicBool = AtomicBool::new(false);

    /// Arms `name` to fire `count` times (0 disarms it).
    pub fn arm(name: &str, action: Action, count: u32) {
        let mut armed = ARMED.lock();
        armed.retain(|a| a.name != name);
        if count > 0 {
            armed.push(Armed { name: name.to_string(), action, remaining: count });
        }
        ANY.store(!armed.is_empty(), Ordering::Release);
    }

    /// The action for `name` if it is armed, counting one firing.
    pub fn fire(name: &str) -> Option<Action> {
        if !ANY.load(Ordering::Acquire) {
            return None;
        }
        let mut armed = ARMED.lock();
        let i = armed.iter().position(|a| a.name == name)?;
        let action = armed[i].action;
        armed[i].remaining -= 1;
        if armed[i].remaining == 0 {
            armed.remove(i);
            ANY.store(!armed.is_empty(), Ordering::Release);
        }
        Some(action)
    }

    /// Evaluates a point that has no instance at hand.
    pub fn check(name: &str) -> JetResult<()> {
        check_in(name, || {})
    }

    /// Evaluates a point reached inside an instance; `mark_unavailable` makes it unavailable.
    pub fn check_in(name: &str, mark_unavailable: impl FnOnce()) -> JetResult<()> {
        match fire(name) {
            None => Ok(()),
            Some(Action::Panic) => panic!("failpoint {name}"),
            Some(Action::Error(code)) => Err(JetError(code)),
            Some(Action::Sleep(ms)) => {
                std::thread::sleep(std::time::Duration::from_millis(ms as u64));
                Ok(())
            }
            Some(Action::Unavailable) => {
                mark_unavailable();
                Err(JetError(crate::abi::consts::JET_errInstanceUnavailable))
            }
        }
    }
}

#[cfg(feature = "failpoints")]
pub use imp::*;

/// Evaluates a failpoint that needs no instance. Expands to nothing without the feature.
macro_rules! fail_point {
    ($name:expr) => {
        #[cfg(feature = "failpoints")]
        $crate::engine::failpoint::check($name)?;
    };
}
pub(crate) use fail_point;
