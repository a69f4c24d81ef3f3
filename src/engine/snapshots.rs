//! The snapshots an instance's transactions read (S-VER-01, S-VER-05).
//!
//! Each instance publishes one [`Published`] value: the newest committed snapshot of each of
//! its attached databases. A commit to a database (a data commit or a DDL step) takes a fresh
//! snapshot of it and publishes a new value; attach and detach do too. A level-0
//! JetBeginTransaction takes a reference to the value published at that moment, and every read
//! of the transaction goes to that value's snapshot of the database read, so it sees what was
//! committed before it began; a call outside a transaction reads the value current at the
//! call. A snapshot no transaction holds is released with the last reference to it.
//!
//! The published value is kept in [`SHARDS`] copies, each behind its own reader-writer lock;
//! a reader takes the read lock of one copy, chosen by the caller (its session slot, its
//! cursor), so that no lock is shared by every session. Publishing, which follows a store
//! commit, replaces every copy. Nothing here uses thread-local storage: the library can be
//! unloaded with threads still running.

use crate::engine::store::Snapshot;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, Weak};

/// The newest committed snapshot of each attached database, by JET_DBID.
#[derive(Default)]
pub struct Published {
    pub dbs: Vec<Option<Arc<dyn Snapshot>>>,
    /// Per JET_DBID, the database's data-commit sequence number its snapshot holds (every
    /// commit numbered up to it, none after; `Database::changed_since`).
    pub seqs: Vec<u64>,
}

impl Published {
    /// The snapshot of database `dbid`, if it was attached when this was published.
    pub fn db(&self, dbid: u32) -> Option<&Arc<dyn Snapshot>> {
        self.dbs.get(dbid as usize).and_then(|s| s.as_ref())
    }

    /// The commit sequence number of database `dbid`'s snapshot (0 if not attached).
    pub fn seq(&self, dbid: u32) -> u64 {
        self.seqs.get(dbid as usize).copied().unwrap_or(0)
    }
}

impl std::fmt::Debug for Published {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Published({} databases)", self.dbs.iter().filter(|d| d.is_some()).count())
    }
}

/// How many copies of the published value readers spread over.
pub const SHARDS: usize = 16;

/// An instance's published snapshots. Empty while it has no database attached.
#[derive(Default)]
pub struct Views {
    /// The value publishers build from (serialises publishing).
    master: Mutex<Option<Arc<Published>>>,
    shards: [RwLock<Option<Arc<Published>>>; SHARDS],
    /// Whether anything is published: a begin on an instance with no database attached
    /// skips the read.
    any: AtomicBool,
    /// How many publications have completed: a reader that took a snapshot at this count
    /// holds the newest one while the count is unchanged (one load instead of a lock and two
    /// reference counts shared by every thread).
    epoch: AtomicU64,
    /// The last commit id handed out (JET_COMMIT_ID.commitId): data commits of the
    /// instance's databases in the order they were written.
    commits: AtomicU64,
    /// What stands for the instance's log signature in a JET_COMMIT_ID (commit ids compare
    /// only under one signature): a random number and the time of the first commit id.
    signature: std::sync::OnceLock<(u32, u64)>,
    /// Every value published that may still be held (by a transaction, or a call reading
    /// it): [`Views::oldest_seq`] reads the oldest snapshot anybody can still read from.
    live: Mutex<Live>,
}

/// The published values that may still be held; the dead ones are dropped each time the
/// list has doubled since it was last swept, so it stays within twice the live ones.
#[derive(Default)]
struct Live {
    values: Vec<Weak<Published>>,
    sweep_at: usize,
}

impl Live {
    fn sweep(&mut self) {
        self.values.retain(|w| w.strong_count() > 0);
        self.sweep_at = (self.values.len() * 2).max(64);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    }
}

fn read(lock: &RwLock<Option<Arc<Published>>>) -> Option<Arc<Published>> {
    match lock.read() {
        Ok(g) => g.clone(),
        Err(p) => p.into_inner().clone(),
    }
}

impl Views {
    /// The id of a commit just written: one more than the last.
    pub fn next_commit_id(&self) -> u64 {
        self.commits.fetch_add(1, Ordering::AcqRel) + 1
    }

    /// The instance's signature for commit ids: (random number, creation time in Unix
    /// seconds), made on first use.
    pub fn signature(&self) -> (u32, u64) {
        *self.signature.get_or_init(|| {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::hash::Hash::hash(
                &(now.as_nanos(), std::process::id(), self as *const Views as usize),
                &mut h,
            );
            (std::hash::Hasher::finish(&h) as u32, now.as_secs())
        })
    }

    /// The id of the last commit written (0: none yet).
    pub fn last_commit_id(&self) -> u64 {
        self.commits.load(Ordering::Acquire)
    }

    /// Whether anything is published.
    #[inline(always)]
    pub fn any(&self) -> bool {
        self.any.load(Ordering::Acquire)
    }

    /// What is published now (a reference the caller may keep), read from copy `hint`.
    #[inline]
    pub fn current(&self, hint: usize) -> Option<Arc<Published>> {
        if !self.any() {
            return None;
        }
        read(&self.shards[hint % SHARDS])
    }

    /// The newest snapshot of database `dbid`, if published, read from copy `hint`.
    pub fn newest(&self, dbid: u32, hint: usize) -> Option<Arc<dyn Snapshot>> {
        self.current(hint).and_then(|p| p.db(dbid).cloned())
    }

    /// Publishes `snap` as database `dbid`'s newest snapshot (`None`: detached), of commit
    /// sequence number 0 (attach and detach).
    pub fn publish(&self, dbid: u32, snap: Option<Arc<dyn Snapshot>>) {
        self.publish_at(dbid, snap, 0)
    }

    /// [`Views::publish`] of a snapshot that holds the database's commits up to sequence
    /// number `seq`.
    pub fn publish_at(&self, dbid: u32, snap: Option<Arc<dyn Snapshot>>, seq: u64) {
        let i = dbid as usize;
        let mut master = match self.master.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        let mut dbs = master.as_ref().map(|p| p.dbs.clone()).unwrap_or_default();
        let mut seqs = master.as_ref().map(|p| p.seqs.clone()).unwrap_or_default();
        if dbs.len() <= i {
            dbs.resize(i + 1, None);
        }
        if seqs.len() <= i {
            seqs.resize(i + 1, 0);
        }
        dbs[i] = snap;
        seqs[i] = seq;
        let next =
            if dbs.iter().all(|d| d.is_none()) { None } else { Some(Arc::new(Published { dbs, seqs })) };
        if let Some(n) = &next {
            let mut live = lock(&self.live);
            live.values.push(Arc::downgrade(n));
            if live.values.len() > live.sweep_at {
                live.sweep();
            }
        }
        *master = next.clone();
        for s in &self.shards {
            let mut g = match s.write() {
                Ok(g) => g,
                Err(p) => p.into_inner(),
            };
            *g = next.clone();
        }
        self.any.store(next.is_some(), Ordering::Release);
        self.epoch.fetch_add(1, Ordering::Release);
    }

    /// How many publications have completed. Read before a snapshot is taken: while it is
    /// unchanged, no newer snapshot was published since.
    #[inline]
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::Acquire)
    }

    /// Whether a snapshot of database `dbid` older than commit `seq` is held by anybody but
    /// the transactions whose published values are `mine` (`Arc::as_ptr` of each, one entry
    /// per transaction; 0 for none). A count is taken under the lock of the copy it was read
    /// from, and publishing takes every copy's lock, so after a publication this sees every
    /// reference taken to an older value before it.
    pub fn others_hold_older(&self, dbid: u32, seq: u64, mine: &[usize]) -> bool {
        let live = lock(&self.live);
        live.values.iter().any(|w| {
            let Some(p) = w.upgrade() else { return false };
            if p.db(dbid).is_none() || p.seq(dbid) >= seq {
                return false;
            }
            let at = Arc::as_ptr(&p) as usize;
            // Less the reference just taken.
            Arc::strong_count(&p) - 1 > mine.iter().filter(|&&m| m == at).count()
        })
    }

    /// The commit sequence number of the oldest snapshot of database `dbid` that anybody can
    /// still read (a transaction that began with it, or a call reading it), or `None` if none
    /// is published. A transaction that begins later takes the newest, so nothing older than
    /// this can be read again: what changed only before it can no longer be a write conflict.
    pub fn oldest_seq(&self, dbid: u32) -> Option<u64> {
        let mut live = lock(&self.live);
        live.sweep();
        live.values
            .iter()
            .filter_map(|w| w.upgrade())
            .filter(|p| p.db(dbid).is_some())
            .map(|p| p.seq(dbid))
            .min()
    }

    /// Forgets everything (JetTerm).
    pub fn clear(&self) {
        let mut master = match self.master.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        *master = None;
        for s in &self.shards {
            let mut g = match s.write() {
                Ok(g) => g,
                Err(p) => p.into_inner(),
            };
            *g = None;
        }
        self.any.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::store::{self, Tree};

    struct Nothing;
    impl Snapshot for Nothing {
        fn tree(&self, _: &str) -> store::Result<Option<Arc<dyn Tree>>> {
            Ok(None)
        }
        fn tree_names(&self) -> store::Result<Vec<String>> {
            Ok(Vec::new())
        }
    }

    #[test]
    fn a_begin_reads_one_copy_of_several() {
        // S-VER-05: with nothing published a begin reads nothing; afterwards each reader takes
        // the read lock of its own copy only, so a copy held by someone else does not stop it.
        let v = Views::default();
        assert!(!v.any());
        assert!(v.current(3).is_none());
        let snap: Arc<dyn Snapshot> = Arc::new(Nothing);
        v.publish(1, Some(snap.clone()));
        assert!(v.any());
        let held = v.shards[0].write().unwrap();
        let p = v.current(1).expect("published");
        assert!(std::ptr::addr_eq(Arc::as_ptr(p.db(1).unwrap()), Arc::as_ptr(&snap)));
        drop(held);
        // Every copy holds the same value; detaching the last database empties them all.
        for hint in 0..SHARDS {
            assert!(Arc::ptr_eq(&v.current(hint).unwrap(), &p));
        }
        v.publish(1, None);
        assert!(!v.any());
        assert!((0..SHARDS).all(|h| v.current(h).is_none()));
    }

    #[test]
    fn the_oldest_readable_snapshot_is_the_oldest_still_held() {
        // S-VER-02: what a transaction holds keeps its number the oldest; once it lets go,
        // the oldest is the newest published (which the views themselves hold).
        let v = Views::default();
        assert_eq!(v.oldest_seq(1), None);
        let snap: Arc<dyn Snapshot> = Arc::new(Nothing);
        v.publish_at(1, Some(snap.clone()), 5);
        let txn = v.current(0).expect("published");
        for seq in 6..200 {
            v.publish_at(1, Some(snap.clone()), seq);
        }
        assert_eq!(v.oldest_seq(1), Some(5));
        assert_eq!(v.oldest_seq(2), None, "no snapshot of another database");
        drop(txn);
        assert_eq!(v.oldest_seq(1), Some(199));
        // The list of values that may be held stays within twice those alive.
        assert!(lock(&v.live).values.len() <= 64);
    }

    fn ptr(p: &Arc<Published>) -> usize {
        Arc::as_ptr(p) as usize
    }

    #[test]
    fn older_snapshots_held_by_others_are_seen_and_the_committers_own_are_not() {
        // S-VER-02: a commit may skip noting its keys for write checks only when no
        // transaction but the committing ones can still read a snapshot older than it.
        let v = Views::default();
        v.publish_at(1, Some(Arc::new(Nothing)), 1);
        let mine = v.current(0).expect("published");
        v.publish_at(1, Some(Arc::new(Nothing)), 2);
        assert!(!v.others_hold_older(1, 2, &[ptr(&mine)]), "only the committer holds seq 1");
        assert!(v.others_hold_older(1, 2, &[]), "a holder not named is another's");
        let other = mine.clone();
        assert!(v.others_hold_older(1, 2, &[ptr(&mine)]), "a second transaction holds seq 1");
        assert!(!v.others_hold_older(1, 2, &[ptr(&mine), ptr(&other)]), "both are committing");
        // A snapshot of the commit's own number or newer is no older snapshot.
        let newest = v.current(3).expect("published");
        assert!(!v.others_hold_older(1, 2, &[ptr(&mine), ptr(&other)]));
        v.publish_at(1, Some(Arc::new(Nothing)), 3);
        assert!(v.others_hold_older(1, 3, &[ptr(&mine), ptr(&other)]), "a reader holds seq 2");
        assert!(!v.others_hold_older(1, 3, &[ptr(&mine), ptr(&other), ptr(&newest)]));
        // Another database's commits are not this one's.
        assert!(!v.others_hold_older(2, 2, &[]));
        drop((mine, other, newest));
        assert!(!v.others_hold_older(1, 3, &[]), "nobody holds anything older now");
    }
}
