//! Buffers the library hands to C callers (JetGetInstanceInfo) and takes back in JetFreeBuffer.
//! Each live buffer's address is remembered, so freeing a pointer the library did not hand out,
//! or freeing twice, is an error code rather than heap corruption.

use parking_lot::Mutex;
use std::collections::HashSet;

static LIVE: Mutex<Option<HashSet<usize>>> = Mutex::new(None);

/// Allocates `size` bytes with malloc (aligned for any C type), or `None` when out of memory.
pub fn alloc(size: usize) -> Option<*mut u8> {
    // SAFETY: malloc with a non-zero size; the result is checked for NULL.
    let p = unsafe { libc::malloc(size.max(1)) } as *mut u8;
    if p.is_null() {
        return None;
    }
    let mut live = LIVE.lock();
    let set = live.get_or_insert_with(HashSet::new);
    // The registry grows fallibly too: out of memory is `None`, never an abort (S-LIF-01).
    if set.try_reserve(1).is_err() {
        drop(live);
        // SAFETY: p came from malloc just above and was never handed out.
        unsafe { libc::free(p as *mut libc::c_void) };
        return None;
    }
    set.insert(p as usize);
    Some(p)
}

/// Frees a buffer from [`alloc`]; `false` (and nothing freed) for any other pointer.
pub fn free(p: *mut u8) -> bool {
    let known = LIVE.lock().as_mut().is_some_and(|s| s.remove(&(p as usize)));
    if known {
        // SAFETY: p came from malloc in alloc() and was still live (just removed from the set).
        unsafe { libc::free(p as *mut libc::c_void) };
    }
    known
}
