//! The store layer (`esent::engine::store`) through its trait: a suite written against
//! `dyn Store` that every backend runs (see `suite!`), plus the file checks,
//! locking, crash and fault-injection tests of the redb backend. Statements: S-STO-01..05
//! (contract-data §4); data-ddl §4 for what the database layer needs.

mod common;

use common::Rng;
use esent::abi::consts::*;
use esent::engine::store::{self, Batch, CreateOptions, Durability, OpenOptions, Result, Store, StoreError};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

// ---- helpers -------------------------------------------------------------------------------

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(what: &str) -> Scratch {
        static N: AtomicU64 = AtomicU64::new(0);
        let p = std::env::temp_dir().join(format!(
            "esent-store-{what}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Scratch(p)
    }
    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
    fn entries(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A backend under test: how to create and open a store.
struct Backend {
    create: fn(&Path, &CreateOptions) -> Result<Arc<dyn Store>>,
    open: fn(&Path, &OpenOptions) -> Result<Arc<dyn Store>>,
}

const REDB: Backend = Backend { create: store::redb::create, open: store::redb::open };

impl Backend {
    fn new_store(&self, path: &Path) -> Arc<dyn Store> {
        (self.create)(path, &CreateOptions::default()).unwrap()
    }
    fn reopen(&self, path: &Path) -> Arc<dyn Store> {
        (self.open)(path, &OpenOptions::default()).unwrap()
    }
}

fn code<T>(r: Result<T>) -> i32 {
    match r {
        Ok(_) => 0,
        Err(e) => e.jet_code(),
    }
}

fn commit(s: &dyn Store, f: impl FnOnce(&mut Batch)) {
    let mut b = Batch::new();
    f(&mut b);
    s.commit(&b, Durability::Durable).unwrap();
}

/// Every (key, value) of `tree` in the newest snapshot, by a forward walk.
fn walk(s: &dyn Store, tree: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    let snap = s.snapshot().unwrap();
    let t = snap.tree(tree).unwrap().expect("tree exists");
    let mut c = t.cursor().unwrap();
    let mut out = Vec::new();
    let mut ok = c.first().unwrap();
    while ok {
        out.push((c.key().unwrap().to_vec(), c.value().unwrap().to_vec()));
        ok = c.next().unwrap();
    }
    out
}

fn hash_file(p: &Path) -> (u64, Vec<u8>) {
    let bytes = std::fs::read(p).unwrap();
    // FNV-1a over the whole file, plus the bytes themselves for an exact comparison.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in &bytes {
        h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
    (h, bytes)
}

fn key(i: u32) -> Vec<u8> {
    format!("k{i:06}").into_bytes()
}

// ---- the suite (every backend) -------------------------------------------------------------

// data-ddl 4.1: trees are ordered; a forward and a backward walk give every key in byte order.
fn ordered_iteration(b: &Backend) {
    let dir = Scratch::new("order");
    let s = b.new_store(&dir.file("db"));
    let mut rng = Rng::new(7);
    let mut keys: Vec<Vec<u8>> =
        (0..500).map(|_| rng.next_u64().to_be_bytes()[..rng.index(8) + 1].to_vec()).collect();
    keys.push(Vec::new()); // the empty key is a key
    commit(&*s, |bt| {
        bt.create_tree("t");
        for k in &keys {
            bt.put("t", k, &[k.len() as u8]);
        }
    });
    keys.sort();
    keys.dedup();
    let fwd = walk(&*s, "t");
    assert_eq!(fwd.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(), keys);
    let snap = s.snapshot().unwrap();
    let t = snap.tree("t").unwrap().unwrap();
    assert_eq!(t.len().unwrap(), keys.len() as u64);
    let mut c = t.cursor().unwrap();
    let mut back = Vec::new();
    let mut ok = c.last().unwrap();
    while ok {
        back.push(c.key().unwrap().to_vec());
        ok = c.prev().unwrap();
    }
    back.reverse();
    assert_eq!(back, keys);
}

// Seeks at, between and beyond keys (the JetSeek primitives: first >= k, last <= k).
fn seeks(b: &Backend) {
    let dir = Scratch::new("seek");
    let s = b.new_store(&dir.file("db"));
    commit(&*s, |bt| {
        bt.create_tree("t");
        for k in [10u8, 20, 30] {
            bt.put("t", &[k], &[k + 1]);
        }
    });
    let snap = s.snapshot().unwrap();
    let t = snap.tree("t").unwrap().unwrap();
    let mut c = t.cursor().unwrap();
    let at = |c: &dyn store::Cursor| c.key().map(|k| k[0]);
    assert!(c.seek_ge(&[20]).unwrap());
    assert_eq!(at(&*c), Some(20));
    assert_eq!(c.value(), Some(&[21u8][..]));
    assert!(c.seek_ge(&[15]).unwrap());
    assert_eq!(at(&*c), Some(20));
    assert!(c.seek_ge(&[0]).unwrap());
    assert_eq!(at(&*c), Some(10));
    assert!(c.seek_ge(&[20, 0]).unwrap());
    assert_eq!(at(&*c), Some(30));
    assert!(!c.seek_ge(&[31]).unwrap());
    assert_eq!(at(&*c), None);
    assert!(c.prev().unwrap(), "after the last, prev finds the last");
    assert_eq!(at(&*c), Some(30));
    assert!(c.seek_le(&[20]).unwrap());
    assert_eq!(at(&*c), Some(20));
    assert!(c.seek_le(&[25]).unwrap());
    assert_eq!(at(&*c), Some(20));
    assert!(c.seek_le(&[255, 255]).unwrap());
    assert_eq!(at(&*c), Some(30));
    assert!(!c.seek_le(&[9]).unwrap());
    assert_eq!(at(&*c), None);
    assert!(c.next().unwrap(), "before the first, next finds the first");
    assert_eq!(at(&*c), Some(10));
    assert!(!c.seek_le(&[]).unwrap());
    assert!(c.seek_ge(&[]).unwrap());
    assert_eq!(at(&*c), Some(10));
}

// next/prev across direction changes, and off both ends.
fn direction_changes(b: &Backend) {
    let dir = Scratch::new("dir");
    let s = b.new_store(&dir.file("db"));
    commit(&*s, |bt| {
        bt.create_tree("t");
        for i in 1..=5u8 {
            bt.put("t", &[i], &[]);
        }
    });
    let snap = s.snapshot().unwrap();
    let t = snap.tree("t").unwrap().unwrap();
    let mut c = t.cursor().unwrap();
    let mut trace = Vec::new();
    // A fresh cursor is before the first entry.
    for step in "nnnppnnnnnppppppnpnpn".chars() {
        let ok = if step == 'n' { c.next() } else { c.prev() }.unwrap();
        trace.push(if ok { c.key().unwrap()[0] } else { 0 });
    }
    assert_eq!(trace, vec![1, 2, 3, 2, 1, 2, 3, 4, 5, 0, 5, 4, 3, 2, 1, 0, 1, 0, 1, 0, 1]);
    assert!(c.last().unwrap());
    assert!(!c.next().unwrap());
    assert!(!c.next().unwrap(), "stays after the last");
    assert!(c.prev().unwrap());
    assert_eq!(c.key(), Some(&[5u8][..]));
}

// Empty trees, absent trees, absent keys.
fn empty_and_absent(b: &Backend) {
    let dir = Scratch::new("empty");
    let s = b.new_store(&dir.file("db"));
    commit(&*s, |bt| {
        bt.create_tree("e");
    });
    let snap = s.snapshot().unwrap();
    let t = snap.tree("e").unwrap().unwrap();
    assert_eq!(t.len().unwrap(), 0);
    assert!(t.is_empty().unwrap());
    assert_eq!(t.get(b"x").unwrap(), None);
    let mut c = t.cursor().unwrap();
    assert!(!c.first().unwrap());
    assert!(!c.last().unwrap());
    assert!(!c.next().unwrap());
    assert!(!c.prev().unwrap());
    assert!(!c.seek_ge(b"").unwrap());
    assert!(!c.seek_le(b"\xff").unwrap());
    assert_eq!((c.key(), c.value()), (None, None));
    assert!(snap.tree("missing").unwrap().is_none());
    assert_eq!(snap.get("missing", b"k").unwrap(), None);
    assert_eq!(snap.tree_names().unwrap(), vec!["e".to_string()], "the store's own tree is hidden");
    assert!(snap.tree("\0libesent").unwrap().is_none(), "reserved names are not the caller's");
}

// data-ddl 11.1 (keys up to 2,000 bytes), data-records (long values of megabytes).
fn large_keys_and_values(b: &Backend) {
    let dir = Scratch::new("large");
    let s = b.new_store(&dir.file("db"));
    let big_key_a = vec![0xAB; 2_500];
    let mut big_key_b = big_key_a.clone();
    big_key_b.push(0);
    let big_value: Vec<u8> = (0..5_000_000u32).map(|i| (i * 31 % 251) as u8).collect();
    commit(&*s, |bt| {
        bt.create_tree("t");
        bt.put("t", &big_key_b, b"b").put("t", &big_key_a, &big_value).put("t", b"small", b"s");
    });
    let snap = s.snapshot().unwrap();
    assert_eq!(snap.get("t", &big_key_a).unwrap().as_deref(), Some(&big_value[..]));
    let t = snap.tree("t").unwrap().unwrap();
    let mut c = t.cursor().unwrap();
    assert!(c.seek_ge(&big_key_a[..2_000]).unwrap());
    assert_eq!(c.key(), Some(&big_key_a[..]));
    assert_eq!(c.value().map(|v| v.len()), Some(big_value.len()));
    assert!(c.next().unwrap());
    assert_eq!(c.key(), Some(&big_key_b[..]));
    drop((c, t, snap));
    drop(s);
    let s = b.reopen(&dir.file("db"));
    assert_eq!(s.snapshot().unwrap().get("t", &big_key_a).unwrap().as_deref(), Some(&big_value[..]));
}

// design.md "shared snapshots" / S-VER-01's base: a snapshot sees the state of its moment,
// whatever commits (puts, deletes, tree drops) follow; it is shared across threads.
fn snapshot_isolation(b: &Backend) {
    let dir = Scratch::new("snap");
    let s = b.new_store(&dir.file("db"));
    commit(&*s, |bt| {
        bt.create_tree("a").create_tree("b");
        bt.put("a", b"1", b"one").put("a", b"2", b"two").put("b", b"x", b"ex");
    });
    let old = s.snapshot().unwrap();
    let old_a = old.tree("a").unwrap().unwrap();
    let mut cur = old_a.cursor().unwrap();
    assert!(cur.first().unwrap());
    commit(&*s, |bt| {
        bt.put("a", b"1", b"uno").delete("a", b"2").put("a", b"3", b"tres");
        bt.drop_tree("b").create_tree("c");
    });
    // The old view, including a cursor opened before the commit.
    assert!(cur.next().unwrap());
    assert_eq!((cur.key(), cur.value()), (Some(&b"2"[..]), Some(&b"two"[..])));
    assert!(!cur.next().unwrap());
    assert_eq!(old.get("a", b"1").unwrap().as_deref(), Some(&b"one"[..]));
    assert_eq!(
        old.get("b", b"x").unwrap().as_deref(),
        Some(&b"ex"[..]),
        "a dropped tree stays in older snapshots"
    );
    assert!(old.tree("c").unwrap().is_none());
    assert_eq!(old_a.len().unwrap(), 2);
    // Shared with another thread.
    let shared = old.clone();
    std::thread::spawn(move || assert_eq!(shared.get("a", b"2").unwrap().as_deref(), Some(&b"two"[..])))
        .join()
        .unwrap();
    // The new view.
    let new = s.snapshot().unwrap();
    assert_eq!(new.get("a", b"1").unwrap().as_deref(), Some(&b"uno"[..]));
    assert_eq!(new.get("a", b"2").unwrap(), None);
    assert!(new.tree("b").unwrap().is_none());
    assert_eq!(new.tree_names().unwrap(), vec!["a".to_string(), "c".to_string()]);
}

// A batch is all-or-nothing: a failing operation anywhere leaves no part of it (S-STO-05).
fn batch_all_or_nothing(b: &Backend) {
    let dir = Scratch::new("batch");
    let s = b.new_store(&dir.file("db"));
    commit(&*s, |bt| {
        bt.create_tree("t").put("t", b"keep", b"1");
    });
    let before = walk(&*s, "t");
    let failing: Vec<(Batch, i32)> = vec![
        (
            {
                let mut x = Batch::new();
                x.put("t", b"a", b"1")
                    .create_tree("n")
                    .put("n", b"z", b"")
                    .put("missing", b"k", b"v")
                    .put("t", b"b", b"2");
                x
            },
            JET_errObjectNotFound,
        ),
        (
            {
                let mut x = Batch::new();
                x.put("t", b"a", b"1").create_tree("t");
                x
            },
            JET_errInvalidParameter,
        ),
        (
            {
                let mut x = Batch::new();
                x.delete("t", b"keep").drop_tree("never");
                x
            },
            JET_errObjectNotFound,
        ),
        (
            {
                let mut x = Batch::new();
                x.create_tree("n").drop_tree("n").put("n", b"k", b"v");
                x
            },
            JET_errObjectNotFound,
        ),
        (
            {
                let mut x = Batch::new();
                x.put("t", b"a", b"1").put("\0libesent", b"meta", b"x");
                x
            },
            JET_errInvalidParameter,
        ),
        (
            {
                let mut x = Batch::new();
                x.put("t", b"a", b"1").create_tree("");
                x
            },
            JET_errInvalidParameter,
        ),
    ];
    for (batch, want) in failing {
        for d in [Durability::Durable, Durability::Lazy] {
            assert_eq!(code(s.commit(&batch, d)), want, "{batch:?}");
            assert_eq!(walk(&*s, "t"), before, "nothing of {batch:?} applied");
            assert_eq!(s.snapshot().unwrap().tree_names().unwrap(), vec!["t".to_string()]);
        }
    }
    // Order inside a batch: later operations see earlier ones.
    commit(&*s, |bt| {
        bt.create_tree("n")
            .put("n", b"k", b"1")
            .put("n", b"k", b"2")
            .delete("t", b"keep")
            .delete("t", b"absent");
    });
    assert_eq!(walk(&*s, "n"), vec![(b"k".to_vec(), b"2".to_vec())]);
    assert_eq!(walk(&*s, "t"), vec![]);
    // An empty batch is a valid commit.
    s.commit(&Batch::new(), Durability::Durable).unwrap();
    drop(s);
    let s = b.reopen(&dir.file("db"));
    assert_eq!(walk(&*s, "n"), vec![(b"k".to_vec(), b"2".to_vec())]);
}

// S-STO-01/02/03: durable and flushed lazy commits survive closing; the database is one file at
// the path, with its metadata.
fn reopen_persistence(b: &Backend) {
    let dir = Scratch::new("persist");
    let path = dir.file("data.edb");
    let opts = CreateOptions { page_size: 16384, ..Default::default() };
    let s = (b.create)(&path, &opts).unwrap();
    let meta = s.meta().clone();
    assert_eq!(meta.page_size, 16384);
    assert_eq!(meta.format_version, store::FORMAT_VERSION);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    assert!(meta.created_unix <= now && meta.created_unix + 600 > now);
    commit(&*s, |bt| {
        bt.create_tree("d").put("d", b"durable", b"1");
    });
    let mut lazy = Batch::new();
    lazy.put("d", b"lazy", b"2");
    s.commit(&lazy, Durability::Lazy).unwrap();
    assert_eq!(
        s.snapshot().unwrap().get("d", b"lazy").unwrap().as_deref(),
        Some(&b"2"[..]),
        "a lazy commit is visible at once"
    );
    s.flush().unwrap();
    let id = s.file_id();
    drop(s);
    assert_eq!(dir.entries(), vec!["data.edb".to_string()], "one file, no side files");
    let s = b.reopen(&path);
    assert_eq!(s.meta(), &meta);
    assert_eq!(s.file_id(), id);
    assert_eq!(walk(&*s, "d"), vec![(b"durable".to_vec(), b"1".to_vec()), (b"lazy".to_vec(), b"2".to_vec())]);
    // A second database has another signature.
    let other = b.new_store(&dir.file("other.edb"));
    assert_ne!((other.meta().random, other.file_id()), (meta.random, id));
}

// Several threads commit while others read; every snapshot sees whole batches only.
fn concurrency(b: &Backend) {
    let dir = Scratch::new("conc");
    let s = b.new_store(&dir.file("db"));
    commit(&*s, |bt| {
        for w in 0..3 {
            bt.create_tree(&format!("w{w}"));
        }
    });
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut readers = Vec::new();
    for _ in 0..2 {
        let (s, stop) = (s.clone(), stop.clone());
        readers.push(std::thread::spawn(move || {
            let mut seen = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let snap = s.snapshot().unwrap();
                for w in 0..3 {
                    let t = snap.tree(&format!("w{w}")).unwrap().unwrap();
                    // Each batch writes "a" and "b" with the same counter and adds one key.
                    let a = t.get(b"a").unwrap();
                    assert_eq!(a, t.get(b"b").unwrap(), "a batch seen in part");
                    let n = a.map(|v| u64::from_le_bytes(v.try_into().unwrap())).unwrap_or(0);
                    assert_eq!(t.len().unwrap(), if n == 0 { 0 } else { n + 2 });
                    seen += n;
                }
            }
            seen
        }));
    }
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let s = s.clone();
            std::thread::spawn(move || {
                let tree = format!("w{w}");
                for n in 1..=40u64 {
                    let mut bt = Batch::new();
                    bt.put(&tree, b"a", &n.to_le_bytes()).put(&tree, b"b", &n.to_le_bytes());
                    bt.put(&tree, &key(n as u32), b"");
                    let d = if n % 2 == 0 { Durability::Durable } else { Durability::Lazy };
                    s.commit(&bt, d).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    for r in readers {
        r.join().unwrap();
    }
    for w in 0..3 {
        assert_eq!(walk(&*s, &format!("w{w}")).len(), 42);
    }
}

// data-ddl 4.2 step 8 / 4.3 step 7: create refuses an existing file unless overwriting; open
// needs the file; paths that cannot be a database file.
fn create_and_open_rules(b: &Backend) {
    let dir = Scratch::new("rules");
    let path = dir.file("db");
    let s = b.new_store(&path);
    commit(&*s, |bt| {
        bt.create_tree("t");
    });
    drop(s);
    assert_eq!(code((b.create)(&path, &CreateOptions::default())), JET_errDatabaseDuplicate);
    let s = (b.create)(&path, &CreateOptions { overwrite: true, ..Default::default() }).unwrap();
    assert!(s.snapshot().unwrap().tree_names().unwrap().is_empty(), "overwrite starts afresh");
    // Overwriting a file another store holds is refused (S-STO-04).
    assert_eq!(
        code((b.create)(&path, &CreateOptions { overwrite: true, ..Default::default() })),
        JET_errFileAccessDenied
    );
    drop(s);
    assert_eq!(code((b.open)(&dir.file("absent"), &OpenOptions::default())), JET_errFileNotFound);
    assert_eq!(code((b.open)(&dir.0, &OpenOptions::default())), JET_errInvalidPath);
    assert_eq!(code((b.create)(&dir.0, &CreateOptions::default())), JET_errInvalidPath);
    assert_eq!(code((b.create)(&dir.file("no/such/dir/db"), &CreateOptions::default())), JET_errInvalidPath);
    assert_eq!(code((b.open)(Path::new(""), &OpenOptions::default())), JET_errInvalidPath);
    assert_eq!(dir.entries(), vec!["db".to_string()], "no temporary file left behind");
}

// S-STO-01/05: files that are not ours are refused with the right code and never written.
fn foreign_and_damaged_files(b: &Backend) {
    let dir = Scratch::new("foreign");
    let refuse = |name: &str, bytes: &[u8], want: i32| {
        let p = dir.file(name);
        std::fs::write(&p, bytes).unwrap();
        let before = hash_file(&p);
        for ro in [false, true] {
            let got = code((b.open)(&p, &OpenOptions { read_only: ro, ..Default::default() }));
            assert_eq!(got, want, "{name} (read-only {ro})");
            assert!(hash_file(&p) == before, "{name} was written");
        }
    };
    // An ESE database header: a 4-byte checksum, then ulDAEMagic at byte 4, then the version.
    let mut ese = vec![0u8; 8192];
    ese[4..8].copy_from_slice(&0x89AB_CDEFu32.to_le_bytes());
    ese[8..12].copy_from_slice(&0x620u32.to_le_bytes());
    refuse("windows.edb", &ese, JET_errInvalidDatabaseVersion);
    refuse("empty", &[], JET_errDatabaseCorrupted);
    refuse("tiny", b"redb", JET_errDatabaseCorrupted);
    let mut rng = Rng::new(99);
    let random: Vec<u8> = (0..65536).map(|_| rng.next_u64() as u8).collect();
    refuse("random", &random, JET_errDatabaseCorrupted);
    let mut fake = b"redb\x1a\x0a\xa9\x0d\x0a".to_vec();
    fake.extend_from_slice(&random);
    refuse("fake-redb", &fake, JET_errDatabaseCorrupted);

    // A genuine database of ours, then damaged copies of it.
    let good = dir.file("good");
    let s = b.new_store(&good);
    let marker = vec![0x5A; 3000];
    commit(&*s, |bt| {
        bt.create_tree("t").put("t", b"marker", &marker);
    });
    drop(s);
    let bytes = std::fs::read(&good).unwrap();
    let at = bytes.windows(64).position(|w| w == &marker[..64]).expect("the value is in the file");
    let mut flipped = bytes.clone();
    flipped[at + 100] ^= 0x10;
    refuse("flipped", &flipped, JET_errDatabaseCorrupted);
    refuse("truncated", &bytes[..bytes.len() / 2], JET_errDatabaseCorrupted);
    refuse("header-only", &bytes[..512], JET_errDatabaseCorrupted);
    // Random flips anywhere: never a crash; a refused file is never written.
    for i in 0..12 {
        let p = dir.file(&format!("flip{i}"));
        let mut f = bytes.clone();
        let pos = rng.index(f.len());
        f[pos] ^= 1 << rng.index(8);
        std::fs::write(&p, &f).unwrap();
        let before = hash_file(&p);
        if let Err(e) = (b.open)(&p, &OpenOptions::default()) {
            assert!(matches!(e, StoreError::Corrupted(_)), "flip at {pos}: {e:?}");
            assert!(hash_file(&p) == before, "flip at {pos}: written");
        }
    }
}

// S-STO-04 (same process): a second store on an open file is refused; the identity of a file
// is the same through another path.
fn second_open_refused(b: &Backend) {
    let dir = Scratch::new("second");
    let path = dir.file("db");
    let s = b.new_store(&path);
    assert_eq!(code((b.open)(&path, &OpenOptions::default())), JET_errFileAccessDenied);
    assert_eq!(
        code((b.open)(&path, &OpenOptions { read_only: true, ..Default::default() })),
        JET_errFileAccessDenied
    );
    let id = s.file_id();
    drop(s);
    let link = dir.file("link");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    let s2 = b.reopen(&link);
    assert_eq!(s2.file_id(), id);
}

// data-ddl 4.3 read-only attach: reads work, commits are refused, the file is never written.
fn read_only_open(b: &Backend) {
    let dir = Scratch::new("ro");
    let path = dir.file("db");
    let s = b.new_store(&path);
    commit(&*s, |bt| {
        bt.create_tree("t").put("t", b"k", b"v");
    });
    drop(s);
    let before = hash_file(&path);
    let s = (b.open)(&path, &OpenOptions { read_only: true, ..Default::default() }).unwrap();
    assert!(s.read_only());
    assert_eq!(s.snapshot().unwrap().get("t", b"k").unwrap().as_deref(), Some(&b"v"[..]));
    let mut bt = Batch::new();
    bt.put("t", b"k2", b"v");
    assert_eq!(code(s.commit(&bt, Durability::Durable)), JET_errPermissionDenied);
    s.flush().unwrap();
    assert!(s.space().unwrap().file_bytes > 0);
    drop(s);
    assert!(hash_file(&path) == before);
    // A file the OS lets us only read: a writable open says so (-1008), a read-only one works.
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o444);
    std::fs::set_permissions(&path, perms).unwrap();
    if std::fs::OpenOptions::new().write(true).open(&path).is_err() {
        assert_eq!(code((b.open)(&path, &OpenOptions::default())), JET_errDatabaseFileReadOnly);
    }
    assert!((b.open)(&path, &OpenOptions { read_only: true, ..Default::default() }).is_ok());
}

// JetGetDatabaseInfo space levels (data-ddl 4.7) and cpgDatabaseSizeMax (4.2): real figures; a
// commit past the limit fails with -1012 and leaves the database as it was, still usable.
fn space_and_size_limit(b: &Backend) {
    let dir = Scratch::new("space");
    let path = dir.file("db");
    let s =
        (b.create)(&path, &CreateOptions { max_size_bytes: Some(8 << 20), ..Default::default() }).unwrap();
    let empty = s.space().unwrap();
    assert!(empty.file_bytes > 0 && empty.allocated_bytes <= empty.file_bytes, "{empty:?}");
    assert_eq!(empty.file_bytes, std::fs::metadata(&path).unwrap().len());
    commit(&*s, |bt| {
        bt.create_tree("t").put("t", b"one", &vec![1u8; 1 << 20]);
    });
    let used = s.space().unwrap();
    assert!(used.stored_bytes >= 1 << 20 && used.stored_bytes > empty.stored_bytes, "{used:?}");
    assert!(used.allocated_bytes > empty.allocated_bytes);
    assert_eq!(used.free_bytes(), used.file_bytes - used.allocated_bytes);
    let mut big = Batch::new();
    big.put("t", b"two", &vec![2u8; 8 << 20]);
    assert_eq!(code(s.commit(&big, Durability::Durable)), JET_errOutOfDatabaseSpace);
    assert_eq!(s.snapshot().unwrap().get("t", b"two").unwrap(), None);
    assert!(std::fs::metadata(&path).unwrap().len() <= 8 << 20);
    commit(&*s, |bt| {
        bt.put("t", b"small", b"after");
    });
    drop(s);
    let s = b.reopen(&path);
    let got = walk(&*s, "t");
    assert_eq!(got.iter().map(|(k, _)| k.as_slice()).collect::<Vec<_>>(), vec![&b"one"[..], b"small"]);
}

// A snapshot that outlives its store: the file is released (it opens again at once) and the old
// snapshot answers correctly or with -1022, never a crash (what a detach leaves behind).
fn snapshot_outlives_store(b: &Backend) {
    let dir = Scratch::new("outlive");
    let path = dir.file("db");
    let s = b.new_store(&path);
    commit(&*s, |bt| {
        bt.create_tree("t");
        for i in 0..3000 {
            bt.put("t", &key(i), &[5u8; 50]);
        }
    });
    let snap = s.snapshot().unwrap();
    let tree = snap.tree("t").unwrap().unwrap();
    drop(s);
    let again = b.reopen(&path);
    for i in (0..3000).step_by(97) {
        match tree.get(&key(i)) {
            Ok(v) => assert_eq!(v.as_deref(), Some(&[5u8; 50][..])),
            Err(e) => assert_eq!(e.jet_code(), JET_errDiskIO),
        }
    }
    assert_eq!(again.snapshot().unwrap().tree("t").unwrap().unwrap().len().unwrap(), 3000);
}

macro_rules! suite {
    ($module:ident, $backend:expr, $($test:ident),* $(,)?) => {
        mod $module {
            $(
                #[test]
                fn $test() {
                    super::$test(&$backend);
                }
            )*
        }
    };
}

suite!(
    redb_suite,
    super::REDB,
    ordered_iteration,
    seeks,
    direction_changes,
    empty_and_absent,
    large_keys_and_values,
    snapshot_isolation,
    batch_all_or_nothing,
    reopen_persistence,
    concurrency,
    create_and_open_rules,
    foreign_and_damaged_files,
    second_open_refused,
    read_only_open,
    space_and_size_limit,
    snapshot_outlives_store,
);

// ---- other processes (redb backend) ------------------------------------------------------
//
// A child process is this test binary run again on the ignored test `child_process` with the
// job in the environment; it is killed with SIGKILL (`Child::kill`). Re-running the binary
// rather than calling fork() keeps the child free of the harness's other threads.

const CHILD_ENV: &str = "ESENT_STORE_CHILD";

fn spawn_child(job: &str) -> std::process::Child {
    std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_process", "--ignored", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, job)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// The child's side: `lock <path>` holds the store open until stdin closes; `crash <path>
/// <first>` commits numbered batches forever, reporting each number on stderr once its commit
/// returned.
#[test]
#[ignore = "run as a child process by the tests below"]
fn child_process() {
    use std::io::Write;
    let Ok(job) = std::env::var(CHILD_ENV) else { return };
    let words: Vec<&str> = job.split(' ').collect();
    let path = Path::new(words[1]);
    if words[0] == "open" {
        // `open <path>`: the code of one open of the file, as "code <n>".
        let got = code(store::open(path, &OpenOptions::default()));
        eprintln!("code {got}");
        return;
    }
    #[cfg(feature = "failpoints")]
    if words[0] == "quiet" {
        // `quiet <path>`: an open whose first read panics inside redb, then a panic elsewhere.
        use esent::engine::failpoint::{self, Action};
        let name = path.file_name().unwrap().to_string_lossy();
        failpoint::arm(&format!("store.read@{name}"), Action::Panic, 1);
        let got = code(store::open(path, &OpenOptions::default()));
        eprintln!("code {got}");
        let _ = std::panic::catch_unwind(|| panic!("a panic outside the store"));
        return;
    }
    let s = store::open(path, &OpenOptions::default()).unwrap();
    // Reports go to stderr: the harness writes its own lines to stdout.
    let mut out = std::io::stderr().lock();
    match words[0] {
        "lock" => {
            writeln!(out, "ready").unwrap();
            out.flush().unwrap();
            let mut sink = String::new();
            let _ = std::io::stdin().read_line(&mut sink);
        }
        "crash" => {
            let mut n: u32 = words[2].parse().unwrap();
            loop {
                // A lazy batch, then a durable one that also makes it durable (S-STO-02).
                let mut lazy = Batch::new();
                lazy.put("l", &key(n), b"");
                s.commit(&lazy, Durability::Lazy).unwrap();
                let mut b = Batch::new();
                b.put("t", &key(n), &vec![n as u8; 1 + (n as usize * 37) % 3000]).put("u", &key(n), b"");
                s.commit(&b, Durability::Durable).unwrap();
                writeln!(out, "{n}").unwrap();
                out.flush().unwrap();
                n += 1;
            }
        }
        other => panic!("unknown child job {other}"),
    }
}

// S-STO-04: another process holding the file → -1032, for open and for an overwriting create;
// once it is gone the file opens.
#[test]
fn another_process_holds_the_file() {
    use std::io::BufRead;
    let dir = Scratch::new("lockproc");
    let path = dir.file("held.edb");
    drop(REDB.new_store(&path));
    let before = hash_file(&path);
    let mut child = spawn_child(&format!("lock {}", path.display()));
    let mut line = String::new();
    std::io::BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
    assert_eq!(line, "ready\n");
    let after_child_open = hash_file(&path);
    assert_eq!(code(store::open(&path, &OpenOptions::default())), JET_errFileAccessDenied);
    assert_eq!(
        code(store::open(&path, &OpenOptions { read_only: true, ..Default::default() })),
        JET_errFileAccessDenied
    );
    assert_eq!(
        code(store::create(&path, &CreateOptions { overwrite: true, ..Default::default() })),
        JET_errFileAccessDenied
    );
    assert!(hash_file(&path) == after_child_open, "the refused opens did not write");
    child.kill().unwrap();
    child.wait().unwrap();
    let s = REDB.reopen(&path);
    assert!(s.snapshot().unwrap().tree_names().unwrap().is_empty());
    let _ = before;
}

/// A copy of the redb file `bytes` whose system tree root (named by the commit slot in use) is
/// replaced by a branch page with a single child: a page of order 19 (2^19 pages, 2 GiB of 4 KiB
/// pages) at region 0, index 0, far past the file's end. The commit slot is untouched, so it
/// still passes its checksum; only the page's own checksum (kept in the slot) no longer matches.
/// Offsets are redb 4's file format (tree_store/page_store/header.rs, base.rs, btree_base.rs).
fn with_huge_child_under_system_root(bytes: &[u8]) -> Vec<u8> {
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap()) as u64;
    let (god, page_size) = (bytes[9], u32_at(12));
    let (region_header_pages, region_data_pages) = (u32_at(16), u32_at(20));
    // A close commits with two-phase commit (bit 4), which is what lets a plain open look the
    // allocator state up in the system tree without verifying it first.
    assert_ne!(god & 4, 0, "the file was not closed cleanly: the test would prove nothing");
    let slot = if god & 1 == 0 { 64 } else { 192 };
    assert_ne!(bytes[slot + 2], 0, "the slot has a system tree");
    let root = u64::from_le_bytes(bytes[slot + 40..slot + 48].try_into().unwrap());
    let order = root >> 59;
    let index = root & (0xF_FFFF >> order);
    let region = (root >> 20) & 0xF_FFFF;
    let region_size = (region_header_pages + region_data_pages) * page_size;
    let at =
        (page_size + region * region_size + region_header_pages * page_size + index * (page_size << order))
            as usize;
    assert!(at + page_size as usize <= bytes.len(), "the system root lies in the file");
    let mut out = bytes.to_vec();
    let page = &mut out[at..at + page_size as usize];
    page.fill(0);
    page[0] = 2; // a branch page with no key: one child
    page[24..32].copy_from_slice(&(19u64 << 59).to_le_bytes());
    out
}

// S-STO-05: a cleanly closed file whose system tree names a page of a huge order (as damage to
// the page can) is refused with -1206, and without first allocating that page: the open runs in
// a child limited to 1 GiB of address space, where a 2 GiB buffer cannot be had (the child
// would abort with "memory allocation failed").
#[test]
fn huge_page_reference_is_refused_in_bounded_memory() {
    let dir = Scratch::new("hugepage");
    let good = dir.file("good.edb");
    let s = REDB.new_store(&good);
    commit(&*s, |b| {
        b.create_tree("t").put("t", b"k", &[7u8; 5000]);
    });
    drop(s);
    let bad = dir.file("huge.edb");
    std::fs::write(&bad, with_huge_child_under_system_root(&std::fs::read(&good).unwrap())).unwrap();
    let before = hash_file(&bad);
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -v 1048576 && exec "$0" --exact child_process --ignored --nocapture --test-threads=1"#)
        .arg(&exe)
        .env(CHILD_ENV, format!("open {}", bad.display()))
        .stdout(std::process::Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the open under a 1 GiB limit: {:?}\n{err}", out.status);
    assert!(err.contains(&format!("code {JET_errDatabaseCorrupted}")), "{err}");
    assert!(hash_file(&bad) == before, "the refused file was written");
    // The same file in this process, read-only too; the undamaged file still opens.
    for ro in [false, true] {
        assert_eq!(
            code(store::open(&bad, &OpenOptions { read_only: ro, ..Default::default() })),
            JET_errDatabaseCorrupted
        );
    }
    assert_eq!(walk(&*REDB.reopen(&good), "t"), vec![(b"k".to_vec(), vec![7u8; 5000])]);
}

/// What a killed child left: every reported batch whole, no batch in part, lazy commits a prefix.
fn check_after_crash(s: &dyn Store, reported: &[u32], seed: u64) -> u32 {
    let t: Vec<Vec<u8>> = walk(s, "t").into_iter().map(|(k, _)| k).collect();
    let u: Vec<Vec<u8>> = walk(s, "u").into_iter().map(|(k, _)| k).collect();
    let l: Vec<Vec<u8>> = walk(s, "l").into_iter().map(|(k, _)| k).collect();
    assert_eq!(t, u, "seed {seed}: a batch is present in part");
    for &n in reported {
        assert!(t.binary_search(&key(n)).is_ok(), "seed {seed}: reported commit {n} lost");
    }
    let expect: Vec<Vec<u8>> = (1..=l.len() as u32).map(key).collect();
    assert_eq!(l, expect, "seed {seed}: lazy commits are not a prefix");
    assert!(l.len() >= t.len(), "seed {seed}: a durable commit left an earlier lazy one behind");
    let snap = s.snapshot().unwrap();
    let tt = snap.tree("t").unwrap().unwrap();
    for k in &t {
        let n: u32 = std::str::from_utf8(&k[1..]).unwrap().parse().unwrap();
        assert_eq!(
            tt.get(k).unwrap().unwrap(),
            vec![n as u8; 1 + (n as usize * 37) % 3000],
            "seed {seed}: value of {n}"
        );
    }
    t.len() as u32
}

// S-STO-02/03: a child commits durable batches and is killed at a random moment; the file
// opens without any log replay, with every reported commit whole and nothing in part. A
// crash-interrupted file also opens read-only, without being written.
#[test]
fn killed_writer_loses_nothing_committed() {
    use std::io::Read;
    let seed = common::seed();
    println!("killed_writer_loses_nothing_committed: seed {seed} (ESENT_SEED to repeat)");
    let mut rng = Rng::new(seed);
    let dir = Scratch::new("crash");
    let path = dir.file("crash.edb");
    let s = REDB.new_store(&path);
    commit(&*s, |b| {
        b.create_tree("t").create_tree("u").create_tree("l");
    });
    drop(s);
    let mut done = 0u32;
    let mut total_reported = 0usize;
    for round in 0..20 {
        let mut child = spawn_child(&format!("crash {} {}", path.display(), done + 1));
        // Until a child has reported a commit, each round waits twice as long: a child slowed
        // down (a sanitizer, a loaded machine) gets to commit before it is killed.
        let slow = if total_reported == 0 { 1u64 << round.min(7) } else { 1 };
        std::thread::sleep(std::time::Duration::from_millis((5 + rng.below(60)) * slow));
        child.kill().unwrap();
        child.wait().unwrap();
        let mut text = String::new();
        child.stderr.take().unwrap().read_to_string(&mut text).unwrap();
        // Only whole lines are reports: the kill may cut the last one.
        let whole =
            if text.ends_with('\n') { &text[..] } else { &text[..text.rfind('\n').map_or(0, |i| i + 1)] };
        let reported: Vec<u32> = whole.lines().map(|l| l.parse().unwrap()).collect();
        total_reported += reported.len();
        if round % 5 == 4 {
            let before = hash_file(&path);
            let ro = store::open(&path, &OpenOptions { read_only: true, ..Default::default() }).unwrap();
            check_after_crash(&*ro, &reported, seed);
            drop(ro);
            assert!(hash_file(&path) == before, "seed {seed}: a read-only open wrote the file");
        }
        let s = REDB.reopen(&path);
        done = check_after_crash(&*s, &reported, seed);
        assert!(done as usize >= reported.last().copied().unwrap_or(0) as usize);
    }
    println!(
        "killed_writer_loses_nothing_committed: {total_reported} commits reported over 20 kills, {done} present"
    );
    assert!(total_reported > 0, "the children never committed: the test proved nothing");
}

// ---- fault injection (cargo feature `failpoints`) ------------------------------------------

#[cfg(feature = "failpoints")]
mod faults {
    use super::*;
    use esent::engine::failpoint::{self, Action};

    /// A store named `name` (failpoints are per file name) with a committed base state.
    fn base(dir: &Scratch, name: &str) -> (PathBuf, Arc<dyn Store>) {
        let path = dir.file(name);
        let s = REDB.new_store(&path);
        commit(&*s, |b| {
            b.create_tree("t").put("t", b"base", b"1").put("t", b"other", b"2");
        });
        (path, s)
    }

    fn failing_batch() -> Batch {
        let mut b = Batch::new();
        b.put("t", b"base", b"changed").delete("t", b"other").create_tree("new").put(
            "new",
            b"k",
            &vec![7u8; 300_000],
        );
        b
    }

    fn at_base(s: &dyn Store) {
        assert_eq!(walk(s, "t"), vec![(b"base".to_vec(), b"1".to_vec()), (b"other".to_vec(), b"2".to_vec())]);
        assert!(s.snapshot().unwrap().tree("new").unwrap().is_none());
    }

    /// S-STO-05: the failed commit reports `want`, leaves the base state (now and after a
    /// reopen), and the store keeps working.
    fn failed_commit(name: &str, point: &str, action: Action, skip: u32, want: i32) {
        let dir = Scratch::new("fault");
        let (path, s) = base(&dir, name);
        failpoint::arm_after(&format!("{point}@{name}"), action, skip, 1);
        let got = code(s.commit(&failing_batch(), Durability::Durable));
        failpoint::arm(&format!("{point}@{name}"), action, 0);
        assert_eq!(got, want, "{point} {action:?}");
        at_base(&*s);
        commit(&*s, |b| {
            b.put("t", b"later", b"3");
        });
        drop(s);
        let s = REDB.reopen(&path);
        assert_eq!(walk(&*s, "t").len(), 3);
        assert_eq!(s.snapshot().unwrap().get("t", b"base").unwrap().as_deref(), Some(&b"1"[..]));
        assert!(s.snapshot().unwrap().tree("new").unwrap().is_none());
    }

    #[test]
    fn write_disk_full() {
        failed_commit("enospc.edb", "store.write", Action::Errno(libc::ENOSPC), 0, JET_errDiskFull);
    }

    #[test]
    fn third_write_io_error() {
        failed_commit("eio3.edb", "store.write", Action::Errno(libc::EIO), 2, JET_errDiskIO);
    }

    #[test]
    fn grow_disk_full() {
        failed_commit("grow.edb", "store.set_len", Action::Errno(libc::ENOSPC), 0, JET_errDiskFull);
    }

    #[test]
    fn sync_failure() {
        failed_commit("fsync.edb", "store.sync", Action::Errno(libc::EIO), 0, JET_errDiskIO);
    }

    // S-STO-05: a read error reaches the caller as -1022; the store recovers for later reads.
    #[test]
    fn read_io_error() {
        let dir = Scratch::new("fault");
        let name = "readerr.edb";
        let (path, s) = base(&dir, name);
        commit(&*s, |b| {
            for i in 0..2000 {
                b.put("t", &key(i), &[9u8; 100]);
            }
        });
        drop(s);
        let s = (REDB.open)(&path, &OpenOptions { cache_bytes: 0, ..Default::default() }).unwrap();
        let point = format!("store.read@{name}");
        // A read of a snapshot already taken fails.
        let snap = s.snapshot().unwrap();
        let tree = snap.tree("t").unwrap().unwrap();
        failpoint::arm(&point, Action::Errno(libc::EIO), u32::MAX);
        assert!(!snap.failed());
        assert_eq!(code(tree.get(&key(1500))), JET_errDiskIO);
        // The snapshot says its handle failed: the engine stops serving it (S-STO-05).
        assert!(snap.failed());
        // While the disk keeps failing, a new snapshot fails too (its retry cannot reopen).
        assert_eq!(code(s.snapshot()), JET_errDiskIO);
        failpoint::arm(&point, Action::Errno(libc::EIO), 0);
        // The disk is back, but the failed handle still answers nothing.
        assert_eq!(code(tree.get(&key(1500))), JET_errDiskIO);
        drop((tree, snap));
        // The store reopens its handle and reads again, through a snapshot that has not failed.
        let fresh = s.snapshot().unwrap();
        assert!(!fresh.failed());
        assert_eq!(fresh.get("t", &key(1500)).unwrap().as_deref(), Some(&[9u8; 100][..]));
        drop(fresh);
        // One transient failure is absorbed by that retry.
        failpoint::arm(&point, Action::Errno(libc::EIO), 1);
        let got = s.snapshot().and_then(|snap| snap.get("t", &key(1700)));
        failpoint::arm(&point, Action::Errno(libc::EIO), 0);
        let got = got.or_else(|_| s.snapshot()?.get("t", &key(1700))).unwrap();
        assert_eq!(got.as_deref(), Some(&[9u8; 100][..]));
        commit(&*s, |b| {
            b.put("t", b"after", b"");
        });
        assert_eq!(walk(&*s, "t").len(), 2003);
    }

    // S-STO-05: a panic inside redb under an open (here a failpoint's, in the backend's first
    // read) gives -1206 and prints nothing on the host's stderr; a panic outside the store still
    // reaches the panic hook that was there before.
    #[test]
    fn caught_panics_are_silent() {
        let dir = Scratch::new("quiet");
        let path = dir.file("quiet.edb");
        drop(REDB.new_store(&path));
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_process", "--ignored", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, format!("quiet {}", path.display()))
            .stdout(std::process::Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{:?}\n{err}", out.status);
        let (first, rest) = err.split_once('\n').unwrap_or((&err, ""));
        assert_eq!(first, format!("code {JET_errDatabaseCorrupted}"), "the open's stderr: {err}");
        assert!(rest.contains("panicked") && rest.contains("a panic outside the store"), "{err}");
        assert_eq!(err.matches("panicked").count(), 1, "{err}");
        assert!(!err.contains("failpoint"), "{err}");
    }

    // S-STO-01: no file is left half-made: a create whose first commit fails leaves nothing at
    // the path and no temporary file; the path can be created afterwards.
    #[test]
    fn failed_create_leaves_nothing() {
        let dir = Scratch::new("fault");
        let name = "newborn.edb";
        let path = dir.file(name);
        for (point, errno, want) in
            [("store.sync", libc::EIO, JET_errDiskIO), ("store.write", libc::ENOSPC, JET_errDiskFull)]
        {
            failpoint::arm(&format!("{point}@{name}"), Action::Errno(errno), 1);
            let got = code(store::create(&path, &CreateOptions::default()));
            failpoint::arm(&format!("{point}@{name}"), Action::Errno(errno), 0);
            assert_eq!(got, want, "{point}");
            assert!(dir.entries().is_empty(), "{point}: {:?}", dir.entries());
        }
        drop(REDB.new_store(&path));
        assert_eq!(dir.entries(), vec![name.to_string()]);
    }

    // A commit held in the middle (paused in its fsync) blocks neither new snapshots nor reads,
    // which see the state before it; the commit then completes.
    #[test]
    fn commit_in_progress_does_not_block_readers() {
        let dir = Scratch::new("fault");
        let name = "paused.edb";
        let (_path, s) = base(&dir, name);
        let point = format!("store.sync@{name}");
        failpoint::arm(&format!("{point}.hold"), Action::Error(0), 1);
        failpoint::arm(&point, Action::Pause, 1);
        let writer = {
            let s = s.clone();
            std::thread::spawn(move || {
                let mut b = Batch::new();
                b.put("t", b"base", b"new");
                s.commit(&b, Durability::Durable)
            })
        };
        while failpoint::is_armed(&point) {
            std::thread::yield_now(); // until the commit has reached its sync and waits there
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = {
            let s = s.clone();
            std::thread::spawn(move || {
                let snap = s.snapshot().unwrap();
                tx.send(snap.get("t", b"base").unwrap()).unwrap();
            })
        };
        // A deadlock detector, not a speed requirement.
        let seen = rx.recv_timeout(std::time::Duration::from_secs(30));
        failpoint::arm(&format!("{point}.hold"), Action::Error(0), 0);
        assert_eq!(seen.expect("a snapshot waited for a commit in progress").as_deref(), Some(&b"1"[..]));
        reader.join().unwrap();
        writer.join().unwrap().unwrap();
        assert_eq!(s.snapshot().unwrap().get("t", b"base").unwrap().as_deref(), Some(&b"new"[..]));
    }

    // A torn write that the disk reports as done: whatever happens, never a partial batch and
    // never a crash; the file either opens whole or is refused as corrupted.
    #[test]
    fn torn_write() {
        for skip in [0u32, 1, 3] {
            let dir = Scratch::new("fault");
            let name = format!("torn{skip}.edb");
            let (path, s) = base(&dir, &name);
            failpoint::arm_after(&format!("store.write@{name}"), Action::ShortWrite, skip, 1);
            let r = s.commit(&failing_batch(), Durability::Durable);
            failpoint::arm(&format!("store.write@{name}"), Action::ShortWrite, 0);
            drop(s);
            match (REDB.open)(&path, &OpenOptions::default()) {
                Ok(s) => {
                    let t = walk(&*s, "t");
                    let has_new = s.snapshot().unwrap().tree("new").unwrap().is_some();
                    if has_new {
                        assert!(r.is_ok(), "a failed commit is present");
                        assert_eq!(t, vec![(b"base".to_vec(), b"changed".to_vec())]);
                    } else {
                        at_base(&*s);
                    }
                }
                Err(e) => assert_eq!(e.jet_code(), JET_errDatabaseCorrupted, "skip {skip}"),
            }
        }
    }
}

// ---- measurements (printed, never asserted) -------------------------------------------------

// What the layer above pays per store call on this machine: a small durable commit, a small
// lazy commit, a snapshot plus a point read. `cargo test --release --test store measure --
// --nocapture` prints them.
#[test]
fn measure_costs() {
    let dir = Scratch::new("measure");
    let s = REDB.new_store(&dir.file("m.edb"));
    commit(&*s, |b| {
        b.create_tree("t");
        for i in 0..10_000 {
            b.put("t", &key(i), &[1u8; 64]);
        }
    });
    let time = |n: u32, f: &mut dyn FnMut(u32)| {
        let start = Instant::now();
        for i in 0..n {
            f(i);
        }
        start.elapsed().as_secs_f64() * 1e6 / n as f64
    };
    let durable = time(50, &mut |i| {
        let mut b = Batch::new();
        b.put("t", &key(i), &[2u8; 64]);
        s.commit(&b, Durability::Durable).unwrap();
    });
    let lazy = time(300, &mut |i| {
        let mut b = Batch::new();
        b.put("t", &key(i), &[3u8; 64]);
        s.commit(&b, Durability::Lazy).unwrap();
    });
    s.flush().unwrap();
    let mut found = 0;
    let read = time(20_000, &mut |i| {
        let snap = s.snapshot().unwrap();
        found += snap.get("t", &key(i % 10_000)).unwrap().is_some() as u32;
    });
    let snap = s.snapshot().unwrap();
    let tree = snap.tree("t").unwrap().unwrap();
    let get = time(20_000, &mut |i| {
        found += tree.get(&key(i % 10_000)).unwrap().is_some() as u32;
    });
    let mut c = tree.cursor().unwrap();
    c.first().unwrap();
    let next = time(9_000, &mut |_| {
        found += c.next().unwrap() as u32;
    });
    assert_eq!(found, 49_000, "every read found its key");
    println!(
        "store costs: durable commit {durable:.0} µs, lazy commit {lazy:.1} µs, snapshot+get {read:.2} µs, \
         get on an open tree {get:.2} µs, cursor next {next:.3} µs"
    );
}
