//! Fault injection for tests (cargo feature `failpoints`). A named point in the engine can be
//! armed to fail a number of times with an error code, to panic, or to mark the instance it is
//! reached in unavailable (S-INST-13). The store's file backend adds I/O actions (an OS error
//! number, a short write) and `arm_after` lets a point pass a number of hits before it fires,
//! so a test can fail the Nth write of a commit. Without the feature every point compiles to
//! nothing.

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
        /// An I/O point fails with this OS error number (`libc::ENOSPC`, `libc::EIO`...). A
        /// point that is not an I/O point treats it as `JET_errDiskIO`.
        Errno(i32),
        /// An I/O write point writes only the first half of its data and reports success (a torn
        /// write); anywhere else it counts as `JET_errDiskIO`.
        ShortWrite,
        /// The process ends at once (`abort`: no destructor, no flush, no exit handler), as a
        /// crash or SIGKILL would end it: a crash test kills its child at the Nth write or sync
        /// of a commit.
        Kill,
        /// The thread reaching the point waits while `<name>.hold` is armed, then goes on
        /// without failing: a test holds an operation in the middle to look at what others can
        /// do meanwhile.
        Pause,
    }

    struct Armed {
        name: String,
        action: Action,
        skip: u32,
        remaining: u32,
    }

    static ARMED: Mutex<Vec<Armed>> = Mutex::new(Vec::new());
    static ANY: AtomicBool = AtomicBool::new(false);

    /// Arms `name` to fire `count` times (0 disarms it).
    pub fn arm(name: &str, action: Action, count: u32) {
        arm_after(name, action, 0, count);
    }

    /// Arms `name` to pass its next `skip` hits, then fire `count` times (0 disarms it).
    pub fn arm_after(name: &str, action: Action, skip: u32, count: u32) {
        let mut armed = ARMED.lock();
        armed.retain(|a| a.name != name);
        if count > 0 {
            armed.push(Armed { name: name.to_string(), action, skip, remaining: count });
        }
        ANY.store(!armed.is_empty(), Ordering::Release);
    }

    /// Whether `name` is armed.
    pub fn is_armed(name: &str) -> bool {
        ANY.load(Ordering::Acquire) && ARMED.lock().iter().any(|a| a.name == name)
    }

    /// What [`Action::Pause`] does at `name`: wait while `<name>.hold` is armed.
    pub fn pause(name: &str) {
        let hold = format!("{name}.hold");
        while is_armed(&hold) {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Whether any point is armed (a cheap test before building a point's name).
    pub fn any_armed() -> bool {
        ANY.load(Ordering::Acquire)
    }

    /// Disarms every point (a test's cleanup).
    pub fn disarm_all() {
        ARMED.lock().clear();
        ANY.store(false, Ordering::Release);
    }

    /// The action for `name` if it is armed, counting one firing.
    pub fn fire(name: &str) -> Option<Action> {
        if !ANY.load(Ordering::Acquire) {
            return None;
        }
        let mut armed = ARMED.lock();
        let i = armed.iter().position(|a| a.name == name)?;
        if armed[i].skip > 0 {
            armed[i].skip -= 1;
            return None;
        }
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
            Some(Action::Errno(_) | Action::ShortWrite) => Err(JetError(crate::abi::consts::JET_errDiskIO)),
            Some(Action::Pause) => {
                pause(name);
                Ok(())
            }
            Some(Action::Kill) => std::process::abort(),
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

#[cfg(all(test, feature = "failpoints"))]
mod tests {
    use super::*;
    use crate::engine::error::JetError;

    // The store's fault tests fail "the Nth write": a point passes `skip` hits, then fires
    // `count` times, then is gone.
    #[test]
    fn arm_after_skips_then_fires() {
        let name = "failpoint.self-test.skip";
        arm_after(name, Action::Errno(libc::EIO), 2, 2);
        assert!(any_armed());
        let got: Vec<_> = (0..5).map(|_| fire(name)).collect();
        let e = Some(Action::Errno(libc::EIO));
        assert_eq!(got, vec![None, None, e, e, None]);
    }

    // An I/O action reached at a point that is not an I/O point is a disk error.
    #[test]
    fn io_actions_elsewhere_are_disk_errors() {
        let name = "failpoint.self-test.io";
        arm(name, Action::Errno(libc::ENOSPC), 1);
        assert_eq!(check(name), Err(JetError(crate::abi::consts::JET_errDiskIO)));
        arm(name, Action::ShortWrite, 1);
        assert_eq!(check(name), Err(JetError(crate::abi::consts::JET_errDiskIO)));
        assert_eq!(check(name), Ok(()));
    }
}
