//! The library's life inside a process: what happens at fork and at unload.
//!
//! **fork** (S-LIF-02, README "fork"). In the child only the forking thread exists; the
//! parent's other threads may have been inside calls, holding sessions and locks. The rule:
//! the child gets a library in which every handle of the parent is stale (instances give
//! `JET_errInvalidInstance`, sessions `JET_errInvalidSesid`, table ids `JET_errInvalidTableId`)
//! and new instances work. The prepare handler takes the registry lock, so the registry is
//! consistent at the fork; in the child, every instance the parent had is flagged FORKED and
//! its slot retired for the child's lifetime, so nothing in the child ever touches the
//! parent's session pools or their locks again (which another thread may have held). What the
//! parent's instances held is left alone in the child, never freed or written: in particular
//! no database file of the parent is flushed or closed by the child, and the parent's files
//! count as another process's (their lock is the parent's).
//!
//! **unload** (dlclose). When the library is unmapped with no instance left, everything it
//! allocated is freed: the registry, the instance slots with their pools, the trace sink and
//! the buffer registry. With live instances it frees nothing (they may still be used by
//! threads of the program until the process ends).

use crate::engine::database::{self, AttachedFiles};
use crate::engine::instance::{self, Registry};
use parking_lot::MutexGuard;
use std::cell::UnsafeCell;
use std::sync::Once;

/// The guards held from fork's prepare handler to its parent or child handler: the registry,
/// then the process-wide list of attached database files (the lock order).
type Guards = (MutexGuard<'static, Option<Registry>>, MutexGuard<'static, AttachedFiles>);
struct Held(UnsafeCell<Option<Guards>>);

// SAFETY: the cell is written by `prepare` after it took the registry lock and emptied by
// `parent`/`child` in the same thread before that lock is released, so accesses never
// overlap: a second fork's prepare blocks on the registry lock until the first is done.
unsafe impl Sync for Held {}

static HELD: Held = Held(UnsafeCell::new(None));
static INSTALL: Once = Once::new();

/// Registers the fork handlers (once; called when the registry is first used).
pub fn install() {
    INSTALL.call_once(|| {
        // SAFETY: the three handlers are extern "C" functions with no arguments that never
        // unwind (each catches panics).
        unsafe { libc::pthread_atfork(Some(prepare), Some(parent), Some(child)) };
    });
}

extern "C" fn prepare() {
    let _ = std::panic::catch_unwind(|| {
        let registry = instance::registry_lock().lock();
        let attached = database::attached_lock().lock();
        // SAFETY: see `Held`: this thread holds the registry lock.
        unsafe { *HELD.0.get() = Some((registry, attached)) };
    });
}

extern "C" fn parent() {
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: see `Held`: this thread took the lock in `prepare` and still holds it.
        drop(unsafe { (*HELD.0.get()).take() });
    });
}

extern "C" fn child() {
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: see `Held`: the child's only thread is the one that ran `prepare`.
        if let Some((mut registry, mut attached)) = unsafe { (*HELD.0.get()).take() } {
            if let Some(reg) = registry.as_mut() {
                reg.abandon_after_fork();
            }
            // The parent's files are the parent's: for the child they are held by another
            // process (the store's lock says so, -1032).
            attached.clear();
        }
    });
}

/// Runs when the library is unloaded (or the process exits): see the module docs.
extern "C" fn on_unload() {
    let _ = std::panic::catch_unwind(|| {
        let mut reg = instance::registry_lock().lock();
        if reg.as_ref().is_some_and(|r| r.live_instances() > 0) {
            return;
        }
        *reg = None;
        drop(reg);
        crate::engine::slots::teardown();
        crate::engine::trace::teardown();
        crate::engine::lp64::teardown();
    });
}

#[used]
#[unsafe(link_section = ".fini_array")]
static ON_UNLOAD: extern "C" fn() = on_unload;
