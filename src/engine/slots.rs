//! The instance slots: the part of each instance that calls on its sessions and cursors read
//! without the registry lock (generation, flags, commit default), the pools its sessions and
//! cursors live in, and its data-layer core.
//!
//! A slot's pools belong to the slot, not to one instance, and are kept for as long as the
//! library is loaded: a slot's generations only grow, so a handle of a termed instance can
//! never name a session or cursor of a later instance in the same slot (S-HDL-02, S-THD-01).
//! The table of slots is allocated on first use and freed when the library is unloaded with no
//! instance left (see [`teardown`]).

use crate::engine::core::InstanceCore;
use crate::engine::cursor::CursorState;
use crate::engine::error::JetResult;
use crate::engine::handle::{self, INSTANCE_SLOTS};
use crate::engine::pool::{Names, Pool};
use crate::engine::session::SessionState;
use parking_lot::RwLock;
use std::sync::atomic::{AtomicPtr, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// Bits of [`InstanceSlot::flags`].
pub mod flags {
    /// JetInit completed: sessions may begin.
    pub const INITIALIZED: u32 = 1;
    /// A full stop-service was requested; never cleared (S-INST-08).
    pub const STOPPED: u32 = 2;
    /// A fatal internal error; only JetTerm still works (S-INST-13).
    pub const UNAVAILABLE: u32 = 4;
    /// JetTerm is running (S-INST-07).
    pub const TERMINATING: u32 = 8;
    /// The instance belongs to the parent of a forked process: its handles are stale here.
    pub const FORKED: u32 = 16;
}

pub type SessionPool = Pool<SessionState>;
pub type CursorPool = Pool<CursorState>;

/// The parts of an instance that session calls read without the registry lock.
pub struct InstanceSlot {
    /// Generation of the live instance, 0 while the slot is free.
    generation: AtomicU64,
    flags: AtomicU32,
    commit_default: AtomicU32,
    sessions: OnceLock<Box<SessionPool>>,
    cursors: OnceLock<Box<CursorPool>>,
    /// The data-layer state, from JetInit until JetTerm has ended every session.
    core: RwLock<Option<Arc<InstanceCore>>>,
    /// The snapshots transactions read (`engine::snapshots`); read without any lock.
    pub views: Arc<crate::engine::snapshots::Views>,
    /// The version-store budget of its transactions (`engine::txn::Budget`).
    pub budget: Arc<crate::engine::txn::Budget>,
}

impl InstanceSlot {
    fn new() -> Self {
        Self {
            generation: AtomicU64::new(0),
            flags: AtomicU32::new(0),
            commit_default: AtomicU32::new(0),
            sessions: OnceLock::new(),
            cursors: OnceLock::new(),
            core: RwLock::new(None),
            views: Arc::default(),
            budget: Arc::default(),
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn set_generation(&self, g: u64) {
        self.generation.store(g, Ordering::Release);
    }

    /// The flags, read sequentially consistent: see `engine::pool` on why entering needs it.
    #[inline(always)]
    pub fn flags(&self) -> u32 {
        self.flags.load(Ordering::SeqCst)
    }

    pub fn set_flags(&self, f: u32) {
        self.flags.store(f, Ordering::SeqCst);
    }

    pub fn set_flag(&self, f: u32) {
        self.flags.fetch_or(f, Ordering::SeqCst);
    }

    pub fn clear_flag(&self, f: u32) {
        self.flags.fetch_and(!f, Ordering::SeqCst);
    }

    pub fn commit_default(&self) -> u32 {
        self.commit_default.load(Ordering::Relaxed)
    }

    pub fn set_commit_default(&self, grbit: u32) {
        self.commit_default.store(grbit, Ordering::Relaxed);
    }

    pub fn sessions(&self) -> Option<&SessionPool> {
        self.sessions.get().map(|b| &**b)
    }

    pub fn sessions_or_init(&self) -> &SessionPool {
        self.sessions.get_or_init(|| Box::new(Pool::new(&handle::SESSION, Names { alloc: "session.alloc" })))
    }

    pub fn cursors(&self) -> Option<&CursorPool> {
        self.cursors.get().map(|b| &**b)
    }

    pub fn cursors_or_init(&self) -> &CursorPool {
        self.cursors.get_or_init(|| Box::new(Pool::new(&handle::TABLE, Names { alloc: "cursor.alloc" })))
    }

    /// The data-layer core, while the instance is initialized.
    pub fn core(&self) -> Option<Arc<InstanceCore>> {
        self.core.read().clone()
    }

    pub fn set_core(&self, core: Option<Arc<InstanceCore>>) -> Option<Arc<InstanceCore>> {
        std::mem::replace(&mut *self.core.write(), core)
    }

    /// Marks the instance unavailable (S-INST-13).
    pub fn mark_unavailable(&self) {
        self.set_flag(flags::UNAVAILABLE);
    }
}

static SLOTS: AtomicPtr<InstanceSlot> = AtomicPtr::new(std::ptr::null_mut());

/// The table of slots, allocated on first use. Only the registry creates it (under its lock).
pub fn slots() -> &'static [InstanceSlot] {
    let p = SLOTS.load(Ordering::Acquire);
    if !p.is_null() {
        // SAFETY: a non-null SLOTS points to a leaked Box<[InstanceSlot]> of INSTANCE_SLOTS
        // elements, freed only by `teardown`, which runs when no caller can be inside the
        // library (it is being unloaded).
        return unsafe { std::slice::from_raw_parts(p, INSTANCE_SLOTS) };
    }
    let table: Box<[InstanceSlot]> = (0..INSTANCE_SLOTS).map(|_| InstanceSlot::new()).collect();
    let fresh = Box::into_raw(table) as *mut InstanceSlot;
    match SLOTS.compare_exchange(std::ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => slots(),
        Err(_) => {
            // SAFETY: `fresh` was never published; it is ours to free.
            drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(fresh, INSTANCE_SLOTS)) });
            slots()
        }
    }
}

/// The slot at `index`, if the table exists (it does once any instance was created).
#[inline(always)]
pub fn slot(index: usize) -> Option<&'static InstanceSlot> {
    let p = SLOTS.load(Ordering::Acquire);
    if p.is_null() || index >= INSTANCE_SLOTS {
        return None;
    }
    // SAFETY: as in `slots`; index is in range.
    Some(unsafe { &*p.add(index) })
}

/// Frees the table of slots (and with it every pool). Called when the library is unloaded
/// and no instance is live, so no caller can hold a reference into it.
pub fn teardown() {
    let p = SLOTS.swap(std::ptr::null_mut(), Ordering::AcqRel);
    if !p.is_null() {
        // SAFETY: `p` is the leaked table (see `slots`), now unpublished; the library is being
        // unloaded, so no thread is inside it.
        drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(p, INSTANCE_SLOTS)) });
    }
}

/// A failpoint reached inside instance `inst` ("unavailable" marks it so).
#[cfg(feature = "failpoints")]
pub fn failpoint_in(inst: &InstanceSlot, name: &str) -> JetResult<()> {
    crate::engine::failpoint::check_in(name, || inst.mark_unavailable())
}

/// Without the feature, no failpoint exists.
#[cfg(not(feature = "failpoints"))]
#[inline(always)]
pub fn failpoint_in(_inst: &InstanceSlot, _name: &str) -> JetResult<()> {
    Ok(())
}
