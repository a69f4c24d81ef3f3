//! Thread identity for the transaction and session-context rules (S-TRX-03, S-SES-08).
//!
//! OS thread ids are recycled when a thread exits; these ids never are, so a transaction begun
//! by a thread that has since exited can never be continued by an unrelated newer thread.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT: AtomicU64 = AtomicU64::new(1);

thread_local! {
    static ID: Cell<u64> = const { Cell::new(0) };
}

/// A non-zero id unique to the calling thread for the life of the process.
#[inline(always)]
pub fn current() -> u64 {
    ID.with(|id| {
        let v = id.get();
        if v != 0 {
            return v;
        }
        let v = NEXT.fetch_add(1, Ordering::Relaxed);
        id.set(v);
        v
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_stable_per_thread_and_distinct_across_threads() {
        let a = super::current();
        assert_eq!(a, super::current());
        let b = std::thread::spawn(super::current).join().unwrap();
        assert_ne!(a, b);
        assert_ne!(b, 0);
    }
}
