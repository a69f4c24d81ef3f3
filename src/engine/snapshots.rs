//! The snapshots an instance's transactions read (S-VER-01, S-VER-05).
//!
//! Each instance publishes one [`Published`] value: the newest committed snapshot of each of
//! its attached databases. A commit to a database (a data commit or a DDL step) takes a fresh
//! snapshot of it and publishes a new value; attach and detach do too. A level-0
//! JetBeginTransaction takes a reference to the value published at that moment (one atomic
//! load and reference count, no lock), and every read of the transaction goes to that
//! value's snapshot of the database read, so it sees what was committed before it began; a call
//! outside a transaction reads the value current at the call. A snapshot no transaction holds
//! is released with the last reference to it.

use crate::engine::store::Snapshot;
use arc_swap::ArcSwapOption;
use std::sync::Arc;

/// The newest committed snapshot of each attached database, by JET_DBID.
#[derive(Default)]
pub struct Published {
    pub dbs: Vec<Option<Arc<dyn Snapshot>>>,
}

impl Published {
    /// The snapshot of database `dbid`, if it was attached when this was published.
    pub fn db(&self, dbid: u32) -> Option<&Arc<dyn Snapshot>> {
        self.dbs.get(dbid as usize).and_then(|s| s.as_ref())
    }
}

impl std::fmt::Debug for Published {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Published({} databases)", self.dbs.iter().filter(|d| d.is_some()).count())
    }
}

/// An instance's published snapshots. Empty while it has no database attached.
#[derive(Default)]
pub struct Views {
    cell: ArcSwapOption<Published>,
    /// Whether anything is published: a begin on an instance with no database attached
    /// skips the load.
    any: std::sync::atomic::AtomicBool,
}

impl Views {
    /// Whether anything is published (one relaxed-cost load).
    #[inline(always)]
    pub fn any(&self) -> bool {
        self.any.load(std::sync::atomic::Ordering::Acquire)
    }

    /// What is published now (a reference the caller may keep).
    #[inline]
    pub fn current(&self) -> Option<Arc<Published>> {
        if !self.any.load(std::sync::atomic::Ordering::Acquire) {
            return None;
        }
        self.cell.load_full()
    }

    /// The newest snapshot of database `dbid`, if published.
    pub fn newest(&self, dbid: u32) -> Option<Arc<dyn Snapshot>> {
        self.cell.load().as_ref().and_then(|p| p.db(dbid).cloned())
    }

    /// Publishes `snap` as database `dbid`'s newest snapshot (`None`: detached).
    pub fn publish(&self, dbid: u32, snap: Option<Arc<dyn Snapshot>>) {
        let i = dbid as usize;
        self.cell.rcu(|cur| {
            let mut dbs = cur.as_ref().map(|p| p.dbs.clone()).unwrap_or_default();
            if dbs.len() <= i {
                dbs.resize(i + 1, None);
            }
            dbs[i] = snap.clone();
            if dbs.iter().all(|d| d.is_none()) { None } else { Some(Arc::new(Published { dbs })) }
        });
        self.any.store(self.cell.load().is_some(), std::sync::atomic::Ordering::Release);
    }

    /// Forgets everything (JetTerm).
    pub fn clear(&self) {
        self.cell.store(None);
        self.any.store(false, std::sync::atomic::Ordering::Release);
    }
}
