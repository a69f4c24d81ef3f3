//! One slot pool for every kind of checked handle (sessions, cursors): the machinery that makes
//! resolving a handle a few array indexings and one atomic check, and beginning or ending an
//! object O(1) with no lock shared by every thread (S-SES-11, S-THD-04).
//!
//! **Slots never move.** A pool is a list of segments allocated on demand (segment `k` holds
//! `SEGMENT_BASE << k` slots) and kept for the life of the pool, so `&Slot` references are
//! stable and a slot keeps its generation after it is freed: a handle of a freed object can never
//! name a later object in the same slot (S-HDL-02, S-THD-01).
//!
//! **The state word.** Each slot has one atomic word, `generation << 8 | WAITER | BUSY | LIVE`.
//! Entering a call on an object is one compare-exchange from `gen|LIVE` to `gen|LIVE|BUSY`: it
//! checks the handle and takes the one-call-at-a-time guard at once. Leaving is one store.
//! While a thread holds BUSY it alone touches the slot's data. A waiter (JetTerm) sets WAITER
//! and sleeps on the pool's condition variable; a leaving thread that sees WAITER wakes it.
//! Kinds whose objects are only touched from inside another object's call (cursors, inside
//! their session's call) never set BUSY: their owner's guard covers them.
//!
//! **Places and the limit.** Free slots and the right to take one ("tokens") are kept in 16
//! shards picked by thread, so objects begun and ended on different threads do not contend.
//! The invariant `live objects + tokens anywhere == limit` makes the limit exact: a shard out of
//! tokens takes every lock in one fixed order (reserve, then shards 0..16), gathers tokens from
//! the reserve and the other shards, and fails only when none exist at all.
//!
//! **Reuse before growth.** A slot freed on any shard is found again before a fresh slot is
//! taken, so the slots ever used (and the memory, and JetTerm's walk over them) stay bounded by
//! the peak number of live objects plus the retired slots.
//!
//! **Memory ordering.** Entering uses a sequentially consistent compare-exchange, and the
//! caller then reads its instance's flags with a sequentially consistent load; JetTerm stores
//! the flags (sequentially consistent) and then reads each slot's word (sequentially
//! consistent) in [`Pool::wait_idle`]. In the single total order of these four operations,
//! either JetTerm's store comes before the caller's load (the caller sees TERMINATING and
//! leaves without touching anything), or the caller's compare-exchange comes before JetTerm's
//! load (JetTerm sees BUSY and waits). Acquire/release alone would allow both to read the old
//! values (store buffering); on x86 both forms compile to the same instructions.

use crate::abi::consts::*;
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::failpoint::fail_point;
use crate::engine::handle::Layout;
use crate::engine::thread;
use parking_lot::{Condvar, Mutex, MutexGuard};
use std::cell::UnsafeCell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// Slots in the first segment; segment `k` holds `SEGMENT_BASE << k`.
const SEGMENT_BASE: usize = 64;
const SEGMENTS: usize = 15;
const _: () = assert!(SEGMENT_BASE * ((1 << SEGMENTS) - 1) >= crate::engine::handle::TABLE.slots());

const SHARDS: usize = 16;
/// Tokens a shard takes from the others when it runs out.
const BATCH: u32 = 16;

/// Bits of the state word (the generation is above them).
pub const LIVE: u64 = 1;
pub const BUSY: u64 = 2;
pub const WAITER: u64 = 4;
const GEN_SHIFT: u32 = 8;

/// The state word of a slot holding `generation` with `bits`.
#[inline(always)]
pub const fn word(generation: u64, bits: u64) -> u64 {
    generation << GEN_SHIFT | bits
}

#[inline(always)]
pub const fn generation_of(word: u64) -> u64 {
    word >> GEN_SHIFT
}

/// How long a waiter sleeps before looking again at a slot it waits for: leaving is a plain
/// store, so a WAITER bit set just after the leaving thread looked is caught by this timeout.
const WAIT_SLICE: std::time::Duration = std::time::Duration::from_millis(1);

pub struct Slot<T> {
    state: AtomicU64,
    /// While the slot is free: the next free slot of the same list (index + 1; 0 ends the list).
    /// Read and written only under the lock of the list that holds the slot.
    next_free: AtomicU32,
    /// A word anyone may read while the slot is live (a cursor keeps its owner's sesid here);
    /// written only before the slot is published.
    tag: AtomicU64,
    data: UnsafeCell<T>,
}

// SAFETY: `data` is only accessed by the one thread that owns the slot: the thread whose
// compare-exchange set BUSY (released by a Release store, acquired by the next owner's
// compare-exchange), the owner of the enclosing object for kinds that never set BUSY, or the
// thread publishing the slot before its Release store makes it LIVE. The atomics are shared.
unsafe impl<T: Send> Sync for Slot<T> {}

impl<T: Default> Slot<T> {
    fn new() -> Self {
        Self {
            state: AtomicU64::new(0),
            next_free: AtomicU32::new(0),
            tag: AtomicU64::new(0),
            data: UnsafeCell::new(T::default()),
        }
    }
}

impl<T> Slot<T> {
    /// The slot's state word.
    #[inline(always)]
    pub fn state(&self) -> u64 {
        self.state.load(Ordering::SeqCst)
    }

    /// Is the slot live with this generation (BUSY and WAITER aside)?
    #[inline(always)]
    pub fn is_live(&self, generation: u64) -> bool {
        self.state() & !(BUSY | WAITER) == word(generation, LIVE)
    }

    pub fn generation(&self) -> u64 {
        generation_of(self.state())
    }

    pub fn tag(&self) -> u64 {
        self.tag.load(Ordering::Acquire)
    }

    /// The slot's data.
    ///
    /// # Safety
    /// The caller owns the slot (see `unsafe impl Sync`): it holds the slot's BUSY bit, or the
    /// guard of the object that owns this slot, or is publishing the slot; and no other
    /// reference to the data is alive.
    #[allow(clippy::mut_from_ref)]
    #[inline(always)]
    pub unsafe fn data(&self) -> &mut T {
        // SAFETY: exclusivity is the caller's obligation, stated above.
        unsafe { &mut *self.data.get() }
    }
}

/// A stack of free slots linked through the slots themselves: pushing and popping never
/// allocate, so freeing an object cannot fail and taking one allocates only new segments.
#[derive(Default)]
struct FreeList {
    /// Index + 1 of the top slot; 0 when empty.
    head: u32,
    len: u32,
}

impl FreeList {
    fn push<T: Default + Send>(&mut self, pool: &Pool<T>, index: usize) {
        if let Some(slot) = pool.slot(index) {
            self.push_slot(slot, index);
        }
    }

    #[inline(always)]
    fn push_slot<T>(&mut self, slot: &Slot<T>, index: usize) {
        slot.next_free.store(self.head, Ordering::Relaxed);
        self.head = index as u32 + 1;
        self.len += 1;
    }

    fn pop<T: Default + Send>(&mut self, pool: &Pool<T>) -> Option<usize> {
        let index = self.head.checked_sub(1)? as usize;
        self.head = pool.slot(index)?.next_free.load(Ordering::Relaxed);
        self.len -= 1;
        Some(index)
    }
}

#[derive(Default)]
struct Shard {
    tokens: u32,
    free: FreeList,
}

/// Keeps each shard on its own cache line.
#[repr(align(64))]
#[derive(Default)]
struct Padded(Mutex<Shard>);

#[derive(Default)]
struct Reserve {
    tokens: u32,
    free: FreeList,
    /// Slots below this index have been handed out at least once.
    high_water: usize,
}

/// Every lock of a pool, taken in the one order used everywhere: reserve, then shards 0..16.
pub struct AllLocked<'a> {
    reserve: MutexGuard<'a, Reserve>,
    shards: [MutexGuard<'a, Shard>; SHARDS],
}

/// The failpoint evaluated when a pool grows (tests make allocation fail there).
#[derive(Clone, Copy)]
pub struct Names {
    pub alloc: &'static str,
}

pub struct Pool<T> {
    capacity: usize,
    gen_max: u64,
    #[cfg_attr(not(feature = "failpoints"), allow(dead_code))]
    names: Names,
    segments: [OnceLock<Box<[Slot<T>]>>; SEGMENTS],
    shards: [Padded; SHARDS],
    reserve: Mutex<Reserve>,
    /// Waiters (JetTerm) sleep here until a call they wait for leaves.
    waiting: Mutex<()>,
    left: Condvar,
}

fn segment_of(index: usize) -> (usize, usize) {
    let j = index / SEGMENT_BASE + 1;
    let k = (usize::BITS - 1 - j.leading_zeros()) as usize;
    (k, index - SEGMENT_BASE * ((1 << k) - 1))
}

/// Why [`Pool::try_enter`] did not enter.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NotEntered {
    /// The slot does not hold this generation live: a stale or forged handle.
    Stale,
    /// Another thread is inside a call on it.
    Busy,
}

impl<T: Default + Send> Pool<T> {
    /// A pool for handles of `layout`, whose growth evaluates the failpoint `names.alloc`.
    pub fn new(layout: &Layout, names: Names) -> Self {
        Self {
            capacity: layout.slots(),
            gen_max: layout.gen_max(),
            names,
            segments: Default::default(),
            shards: Default::default(),
            reserve: Mutex::default(),
            waiting: Mutex::new(()),
            left: Condvar::new(),
        }
    }

    #[inline(always)]
    pub fn slot(&self, index: usize) -> Option<&Slot<T>> {
        if index >= self.capacity {
            return None;
        }
        let (k, off) = segment_of(index);
        self.segments[k].get().map(|seg| &seg[off])
    }

    /// The slot at `index`, allocating its segment if needed; allocation failure is reported,
    /// never an abort. Called with the reserve locked, so growth cannot race.
    fn grow_to(&self, index: usize) -> JetResult<()> {
        let (k, _) = segment_of(index);
        if self.segments[k].get().is_none() {
            fail_point!(self.names.alloc);
            let len = SEGMENT_BASE << k;
            let mut v: Vec<Slot<T>> = Vec::new();
            v.try_reserve_exact(len).map_err(|_| JetError(JET_errOutOfMemory))?;
            v.extend((0..len).map(|_| Slot::new()));
            let _ = self.segments[k].set(v.into_boxed_slice());
        }
        Ok(())
    }

    pub fn lock_all(&self) -> AllLocked<'_> {
        let reserve = self.reserve.lock();
        AllLocked { reserve, shards: std::array::from_fn(|i| self.shards[i].0.lock()) }
    }

    fn my_shard(&self) -> usize {
        (thread::current() as usize) % SHARDS
    }

    /// The slots ever handed out, each with its index (JetTerm looks at each).
    pub fn used(&self) -> impl Iterator<Item = (usize, &Slot<T>)> {
        let high = self.reserve.lock().high_water;
        (0..high).filter_map(move |i| self.slot(i).map(|s| (i, s)))
    }

    /// How many slots were ever handed out (bounded by the peak of live objects).
    pub fn high_water(&self) -> usize {
        self.reserve.lock().high_water
    }

    /// Sets the limit: the number of live objects the pool allows. Only while none is live.
    pub fn set_limit(&self, limit: u32) {
        let mut all = self.lock_all();
        all.reserve.tokens = limit.min(self.capacity as u32);
        for s in all.shards.iter_mut() {
            s.tokens = 0;
        }
    }

    /// Gives shard `me` tokens and free slots (the slow path of `acquire`).
    fn refill(&self, all: &mut AllLocked<'_>, me: usize, exhausted: i32) -> JetResult<()> {
        let mut want = BATCH;
        let take = want.min(all.reserve.tokens);
        all.reserve.tokens -= take;
        all.shards[me].tokens += take;
        want -= take;
        for i in (0..SHARDS).filter(|&i| i != me) {
            if want == 0 {
                break;
            }
            let take = want.min(all.shards[i].tokens);
            all.shards[i].tokens -= take;
            all.shards[me].tokens += take;
            want -= take;
        }
        if all.shards[me].tokens == 0 {
            return fail(exhausted);
        }
        // One free slot per token: freed slots first (the reserve's, then other shards'), and
        // a fresh slot only when no freed one exists anywhere.
        let AllLocked { reserve, shards } = all;
        while shards[me].free.len < shards[me].tokens {
            let index = if let Some(i) = reserve.free.pop(self) {
                i
            } else if let Some(i) = (0..SHARDS).filter(|&i| i != me).find_map(|i| shards[i].free.pop(self)) {
                i
            } else if reserve.high_water < self.capacity {
                let i = reserve.high_water;
                self.grow_to(i)?;
                reserve.high_water += 1;
                i
            } else {
                break; // Every slot is live or retired.
            };
            shards[me].free.push(self, index);
        }
        if shards[me].free.len == 0 { fail(exhausted) } else { Ok(()) }
    }

    /// Takes a token and a free slot, initialises its data and tag, and publishes it as live.
    /// `check` runs under the lock the slot is taken under (so a JetTerm that sets its flag
    /// under every lock either sees the new object or makes `check` fail). `exhausted` is the
    /// code for "limit reached". Returns the slot index and its new generation.
    pub fn acquire(
        &self,
        exhausted: i32,
        check: impl Fn() -> JetResult<()>,
        init: impl FnOnce(&mut T),
        tag: u64,
    ) -> JetResult<(usize, u64)> {
        let me = self.my_shard();
        {
            let mut sh = self.shards[me].0.lock();
            check()?;
            if let Some(index) = take(self, &mut sh) {
                return Ok(self.publish(index, init, tag));
            }
        }
        // Slow path: every lock, rebalance, and take the place while still holding them.
        let mut all = self.lock_all();
        check()?;
        self.refill(&mut all, me, exhausted)?;
        match take(self, &mut all.shards[me]) {
            Some(index) => Ok(self.publish(index, init, tag)),
            None => fail(exhausted),
        }
    }

    /// Makes the free slot `index` live with the next generation.
    #[inline]
    fn publish(&self, index: usize, init: impl FnOnce(&mut T), tag: u64) -> (usize, u64) {
        let Some(slot) = self.slot(index) else { unreachable!("free slots exist") };
        let generation = slot.generation() + 1;
        // SAFETY: the slot is free (taken from a free list under its lock): no thread owns it,
        // and none can reach its data until the store below publishes it.
        let data = unsafe { slot.data() };
        *data = T::default();
        init(data);
        slot.tag.store(tag, Ordering::Release);
        slot.state.store(word(generation, LIVE), Ordering::Release);
        (index, generation)
    }

    /// Frees slot `index` holding `generation`: the handle is stale from here on, and the place
    /// returns to the calling thread's shard. The caller owns the slot. The shard lock is held
    /// across the state change, so a thread holding every lock sees either a live object or a
    /// returned token, never both. Never panics and never allocates.
    pub fn release(&self, index: usize, generation: u64) {
        if let Some(slot) = self.slot(index) {
            self.release_slot(slot, index, generation);
        }
    }

    /// [`Pool::release`] for a caller that holds the slot's reference already.
    #[inline]
    pub fn release_slot(&self, slot: &Slot<T>, index: usize, generation: u64) {
        let mut sh = self.shards[self.my_shard()].0.lock();
        self.leave(slot, word(generation, 0));
        sh.tokens += 1;
        // A slot whose generation is spent is retired, never reused (S-HDL-02).
        if generation < self.gen_max {
            sh.free.push_slot(slot, index);
        }
    }

    /// Enters slot `slot` holding `generation`: one compare-exchange (see the module docs for
    /// why it is sequentially consistent).
    #[inline(always)]
    pub fn try_enter(slot: &Slot<T>, generation: u64) -> Result<(), NotEntered> {
        let idle = word(generation, LIVE);
        match slot.state.compare_exchange(idle, idle | BUSY, Ordering::SeqCst, Ordering::Relaxed) {
            Ok(_) => Ok(()),
            Err(cur) if cur & !(BUSY | WAITER) != idle => Err(NotEntered::Stale),
            Err(_) => Err(NotEntered::Busy),
        }
    }

    /// Leaves slot `s`, setting its word to `to`; wakes a waiter if one visibly waits.
    #[inline(always)]
    pub fn leave(&self, s: &Slot<T>, to: u64) {
        // Only the owner changes the word while BUSY is set, except for a waiter adding
        // WAITER; one added after this load is caught by the waiter's timed wait.
        let waiter = s.state.load(Ordering::Relaxed) & WAITER != 0;
        s.state.store(to, Ordering::Release);
        if waiter {
            self.wake();
        }
    }

    #[cold]
    fn wake(&self) {
        let _g = self.waiting.lock();
        self.left.notify_all();
    }

    /// Waits, without spinning, until no call is inside slot `s`; with `take`, also takes the
    /// slot (sets BUSY) for the caller. Returns the slot's word (without BUSY), or `None` if
    /// it is not live.
    pub fn wait_idle(&self, s: &Slot<T>, take: bool) -> Option<u64> {
        let mut guard = self.waiting.lock();
        loop {
            let cur = s.state.load(Ordering::SeqCst);
            if cur & LIVE == 0 {
                return None;
            }
            if cur & BUSY == 0 {
                if !take {
                    return Some(cur);
                }
                if s.state.compare_exchange(cur, cur | BUSY, Ordering::SeqCst, Ordering::Relaxed).is_ok() {
                    return Some(cur);
                }
                continue;
            }
            if cur & WAITER == 0
                && s.state.compare_exchange(cur, cur | WAITER, Ordering::SeqCst, Ordering::Relaxed).is_err()
            {
                continue;
            }
            self.left.wait_for(&mut guard, WAIT_SLICE);
        }
    }

    /// Runs `f` with every lock of the pool held.
    pub fn with_all_locked<R>(&self, f: impl FnOnce(&mut AllLocked<'_>) -> R) -> R {
        let mut all = self.lock_all();
        f(&mut all)
    }
}

/// A token and a free slot from the shard, if it has both.
fn take<T: Default + Send>(pool: &Pool<T>, sh: &mut Shard) -> Option<usize> {
    if sh.tokens == 0 {
        return None;
    }
    let index = sh.free.pop(pool)?;
    sh.tokens -= 1;
    Some(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::handle::{SESSION, TABLE};
    use std::collections::HashSet;
    use std::sync::Arc;

    const NAMES: Names = Names { alloc: "test.alloc" };

    #[test]
    fn segments_partition_the_slot_space() {
        assert_eq!(segment_of(0), (0, 0));
        assert_eq!(segment_of(63), (0, 63));
        assert_eq!(segment_of(64), (1, 0));
        assert_eq!(segment_of(191), (1, 127));
        assert_eq!(segment_of(192), (2, 0));
        let (k, off) = segment_of(TABLE.slots() - 1);
        assert!(k < SEGMENTS && off < SEGMENT_BASE << k);
    }

    #[test]
    fn state_word_layout() {
        assert_eq!(generation_of(word(7, LIVE | BUSY | WAITER)), 7);
        assert_eq!(word(u32::MAX as u64, LIVE) & 0xFF, LIVE);
    }

    fn ok() -> JetResult<()> {
        Ok(())
    }

    #[test]
    fn limit_is_exact_and_freed_places_return() {
        let pool: Pool<u32> = Pool::new(&SESSION, NAMES);
        pool.set_limit(5);
        let got: Vec<_> = (0..5).map(|i| pool.acquire(-1, ok, |d| *d = i, 0).unwrap()).collect();
        assert_eq!(pool.acquire(-1, ok, |_| {}, 0), Err(JetError(-1)));
        let (i, g) = got[2];
        pool.release(i, g);
        let (j, g2) = pool.acquire(-1, ok, |_| {}, 0).unwrap();
        assert_eq!(j, i, "a freed slot is reused");
        assert_eq!(g2, g + 1, "with the next generation");
        assert!(!pool.slot(i).unwrap().is_live(g));
    }

    #[test]
    fn a_failing_check_takes_nothing() {
        let pool: Pool<u32> = Pool::new(&SESSION, NAMES);
        pool.set_limit(1);
        assert_eq!(pool.acquire(-1, || fail(-7), |_| {}, 0), Err(JetError(-7)));
        assert!(pool.acquire(-1, ok, |_| {}, 0).is_ok());
    }

    #[test]
    fn spent_generations_retire_the_slot() {
        // A layout whose generations run out after 3 uses of a slot.
        let pool: Pool<u32> = Pool { gen_max: 3, ..Pool::new(&SESSION, NAMES) };
        pool.set_limit(1);
        let mut seen = HashSet::new();
        for _ in 0..10 {
            let (i, g) = pool.acquire(-1, ok, |_| {}, 0).unwrap();
            assert!(g <= 3);
            assert!(seen.insert((i, g)), "({i}, {g}) issued twice");
            pool.release(i, g);
        }
        assert!(pool.high_water() >= 4);
    }

    /// Issue 10 item 5: one thread takes, another frees; freed slots are found again.
    #[test]
    fn slots_freed_on_another_thread_are_reused() {
        let pool: Arc<Pool<u32>> = Arc::new(Pool::new(&SESSION, NAMES));
        pool.set_limit(64);
        for _ in 0..3000 {
            let taken: Vec<_> = (0..16).map(|_| pool.acquire(-1, ok, |_| {}, 0).unwrap()).collect();
            let p = pool.clone();
            std::thread::spawn(move || taken.into_iter().for_each(|(i, g)| p.release(i, g))).join().unwrap();
        }
        // 16 live at most, plus what the shards cache: far from the 48,000 ever begun.
        assert!(pool.high_water() <= 64, "high water {}", pool.high_water());
    }

    /// Threads racing: never more live than the limit, no slot lost, generations never reused.
    #[test]
    fn threads_keep_the_limit_exact_and_lose_nothing() {
        const LIMIT: u32 = 40;
        let pool: Arc<Pool<u32>> = Arc::new(Pool::new(&SESSION, NAMES));
        pool.set_limit(LIMIT);
        let live = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let issued = Arc::new(Mutex::new(HashSet::new()));
        let threads: Vec<_> = (0..6)
            .map(|t| {
                let (pool, live, issued) = (pool.clone(), live.clone(), issued.clone());
                std::thread::spawn(move || {
                    let mut mine = Vec::new();
                    let mut x = t as u64 + 1;
                    for _ in 0..20_000 {
                        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        if x >> 63 == 0 || mine.is_empty() {
                            match pool.acquire(-1, ok, |_| {}, 0) {
                                Ok(h) => {
                                    let n = live.fetch_add(1, Ordering::SeqCst) + 1;
                                    assert!(n <= LIMIT, "{n} live");
                                    assert!(issued.lock().insert(h), "{h:?} issued twice");
                                    mine.push(h);
                                }
                                Err(e) => assert_eq!(e, JetError(-1)),
                            }
                        } else {
                            let (i, g) = mine.swap_remove((x as usize >> 8) % mine.len());
                            live.fetch_sub(1, Ordering::SeqCst);
                            pool.release(i, g);
                        }
                    }
                    for (i, g) in mine {
                        live.fetch_sub(1, Ordering::SeqCst);
                        pool.release(i, g);
                    }
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        // Every place came back: the whole limit can be taken again, and no more.
        let all: Vec<_> = (0..LIMIT).map(|_| pool.acquire(-1, ok, |_| {}, 0).unwrap()).collect();
        assert_eq!(pool.acquire(-1, ok, |_| {}, 0), Err(JetError(-1)));
        assert_eq!(all.len(), LIMIT as usize);
        assert!(pool.high_water() <= (LIMIT as usize) + SHARDS * BATCH as usize);
    }

    #[test]
    fn enter_checks_generation_and_guard() {
        let pool: Pool<u32> = Pool::new(&TABLE, NAMES);
        pool.set_limit(2);
        let (i, g) = pool.acquire(-1, ok, |_| {}, 99).unwrap();
        let s = pool.slot(i).unwrap();
        assert_eq!(s.tag(), 99);
        assert_eq!(Pool::try_enter(s, g + 1), Err(NotEntered::Stale));
        assert_eq!(Pool::try_enter(s, g), Ok(()));
        assert_eq!(Pool::try_enter(s, g), Err(NotEntered::Busy));
        pool.leave(s, word(g, LIVE));
        assert_eq!(Pool::try_enter(s, g), Ok(()));
        pool.release(i, g);
        assert_eq!(Pool::try_enter(s, g), Err(NotEntered::Stale));
    }
}
