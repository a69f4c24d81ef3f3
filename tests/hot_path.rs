//! The navigation hot path allocates nothing of its own (neither JetMove nor JetSeek reads
//! the catalog or allocates per call): after a warm-up that lets the cursor's reused buffers grow,
//! JetMove steps in one direction on the primary and a secondary index make no heap allocation
//! at all, and calls that reposition the store cursor (JetSeek, JetMove First/Last, a change of
//! direction) only what the store (redb) allocates to open a range of its tree; and
//! JetRetrieveColumn / JetRetrieveColumns on the record a move landed on make none (one decode
//! of the record for the whole array, its tag table read in place). Counted by a
//! global allocator that counts the calling thread's allocations while a test section is open.
//!
//! The library is process-global, so this file holds exactly one `#[test]`.

#![deny(clippy::undocumented_unsafe_blocks)]

use esent::abi::consts::*;
use esent::abi::{
    JET_COLUMNDEF, JET_COLUMNID, JET_DBID, JET_INSTANCE, JET_RETRIEVECOLUMN, JET_SESID, JET_TABLEID,
};
use esent::api::cursors::*;
use esent::api::database::*;
use esent::api::instance::*;
use esent::api::records::*;
use esent::api::schema::*;
use esent::api::session::*;
use esent::api::table::*;
use esent::api::transaction::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ffi::{CString, c_void};
use std::ptr::{null, null_mut};

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<u64> = const { Cell::new(0) };
}

fn note() {
    // `try_with`: the thread's locals may be gone while it exits.
    let _ = COUNTING.try_with(|on| {
        if on.get() {
            let _ = COUNT.try_with(|c| c.set(c.get() + 1));
        }
    });
}

// SAFETY: every call is passed on to the system allocator unchanged; counting touches only
// const-initialized thread-locals, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: the caller's layout, as GlobalAlloc requires.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        // SAFETY: as `dealloc`, with the caller's new size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// What opening a range of a store tree allocates (inside redb), at most.
const STORE_RANGE: u64 = 2;

/// The allocations `f` makes on this thread.
fn allocations(f: impl FnOnce()) -> u64 {
    COUNT.with(|c| c.set(0));
    COUNTING.with(|on| on.set(true));
    f();
    COUNTING.with(|on| on.set(false));
    COUNT.with(|c| c.get())
}

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn seek(s: JET_SESID, t: JET_TABLEID, v: i32, grbit: u32) -> i32 {
    // SAFETY: 4 readable bytes.
    let e = unsafe { JetMakeKey(s, t, &v as *const i32 as *const c_void, 4, JET_bitNewKey) };
    assert_eq!(e, 0);
    JetSeek(s, t, grbit)
}

#[test]
fn moves_and_seeks_allocate_nothing() {
    let dir = std::env::temp_dir().join(format!("esent-hot-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = cstr(dir.join("hot.edb").to_str().unwrap());
    let mut inst: JET_INSTANCE = 0;
    let mut s: JET_SESID = 0;
    let mut dbid: JET_DBID = 0;
    let mut t: JET_TABLEID = 0;
    let (mut id, mut g, mut tg): (JET_COLUMNID, JET_COLUMNID, JET_COLUMNID) = (0, 0, 0);
    let col = JET_COLUMNDEF {
        cbStruct: size_of::<JET_COLUMNDEF>() as u32,
        coltyp: JET_coltypLong,
        ..Default::default()
    };
    // SAFETY: every pointer is to a live local of the right type; strings are NUL-terminated.
    unsafe {
        assert_eq!(JetCreateInstance(&mut inst, cstr("hot").as_ptr()), 0);
        assert_eq!(JetInit(&mut inst), 0);
        assert_eq!(JetBeginSession(inst, &mut s, null(), null()), 0);
        assert_eq!(JetCreateDatabase(s, path.as_ptr(), null(), &mut dbid, 0), 0);
        assert_eq!(JetCreateTable(s, dbid, cstr("T").as_ptr(), 0, 0, &mut t), 0);
        assert_eq!(JetAddColumn(s, t, cstr("Id").as_ptr(), &col, null(), 0, &mut id), 0);
        assert_eq!(JetAddColumn(s, t, cstr("G").as_ptr(), &col, null(), 0, &mut g), 0);
        // A tagged column: its values are found through the record's tag table.
        let lcol = JET_COLUMNDEF { coltyp: JET_coltypLongBinary, ..col };
        assert_eq!(JetAddColumn(s, t, cstr("Tg").as_ptr(), &lcol, null(), 0, &mut tg), 0);
        let (pk, byg): (&[u8], &[u8]) = (b"+Id\0\0", b"+G\0\0");
        assert_eq!(
            JetCreateIndex(s, t, cstr("PK").as_ptr(), JET_bitIndexPrimary, pk.as_ptr().cast(), 5, 100),
            0
        );
        assert_eq!(JetCreateIndex(s, t, cstr("ByG").as_ptr(), 0, byg.as_ptr().cast(), 4, 100), 0);
        assert_eq!(JetBeginTransaction(s), 0);
        for i in 0..300i32 {
            assert_eq!(JetPrepareUpdate(s, t, JET_prepInsert), 0);
            let gv = i % 7;
            assert_eq!(JetSetColumn(s, t, id, &i as *const i32 as *const c_void, 4, 0, null()), 0);
            assert_eq!(JetSetColumn(s, t, g, &gv as *const i32 as *const c_void, 4, 0, null()), 0);
            assert_eq!(JetSetColumn(s, t, tg, &i as *const i32 as *const c_void, 4, 0, null()), 0);
            assert_eq!(JetUpdate(s, t, null_mut(), 0, null_mut()), 0);
        }
        assert_eq!(JetCommitTransaction(s, 0), 0);
    }
    for index in [None, Some("ByG")] {
        let name = index.map(cstr);
        // SAFETY: NULL or a NUL-terminated name.
        let e = unsafe { JetSetCurrentIndex(s, t, name.as_ref().map_or(null(), |n| n.as_ptr())) };
        assert_eq!(e, 0);
        // The warm-up: the buffers grow to the entries' size.
        assert_eq!(JetMove(s, t, JET_MoveFirst, 0), 0);
        assert_eq!(JetMove(s, t, JET_MoveNext, JET_bitMoveKeyNE), 0);
        for _ in 0..20 {
            assert_eq!(JetMove(s, t, JET_MoveNext, 0), 0);
            assert_eq!(JetMove(s, t, JET_MoveNext, 0), 0);
            assert_eq!(JetMove(s, t, JET_MovePrevious, 0), 0);
        }
        // Steps in one direction: nothing at all.
        assert_eq!(JetMove(s, t, JET_MoveFirst, 0), 0);
        assert_eq!(JetMove(s, t, JET_MoveNext, 0), 0);
        let n = allocations(|| {
            for _ in 0..50 {
                assert_eq!(JetMove(s, t, JET_MoveNext, 0), 0);
            }
            assert_eq!(JetMove(s, t, 3, 0), 0);
        });
        assert_eq!(n, 0, "JetMove(Next) on {index:?} allocated");
        assert_eq!(JetMove(s, t, JET_MovePrevious, 0), 0);
        let n = allocations(|| {
            for _ in 0..30 {
                assert_eq!(JetMove(s, t, JET_MovePrevious, 0), 0);
            }
        });
        assert_eq!(n, 0, "JetMove(Previous) on {index:?} allocated");
        // A call that puts the store cursor somewhere new (First, Last, a change of direction)
        // opens a new range of the store's tree, which costs the store (redb) its own small
        // allocations; none is the engine's.
        for (crow, grbit) in [(JET_MoveFirst, 0), (JET_MoveLast, 0), (1, 0), (-1, 0), (1, JET_bitMoveKeyNE)] {
            let n = allocations(|| {
                let e = JetMove(s, t, crow, grbit);
                assert!(e == 0 || e == JET_errNoCurrentRecord, "JetMove({crow}): {e}");
            });
            assert!(n <= STORE_RANGE, "JetMove({crow}, {grbit:#x}) on {index:?}: {n} allocations");
        }
        if index.is_none() {
            // data-records 5.2: JetRetrieveColumn and JetRetrieveColumns read the current record
            // in place, one decode of its bytes for the whole array, and allocate nothing (on
            // the primary index the entry a move lands on is the record itself).
            assert_eq!(JetMove(s, t, JET_MoveFirst, 0), 0);
            let (mut a, mut b, mut c3) = (0i32, 0i32, 0i32);
            let rcol = |columnid: JET_COLUMNID, v: &mut i32| JET_RETRIEVECOLUMN {
                columnid,
                pvData: (v as *mut i32).cast(),
                cbData: 4,
                cbActual: 0,
                grbit: 0,
                ibLongValue: 0,
                itagSequence: 1,
                columnidNextTagged: 0,
                err: 0,
            };
            let mut rc = [rcol(id, &mut a), rcol(g, &mut b), rcol(tg, &mut c3)];
            // SAFETY: three valid elements, each with 4 writable bytes.
            assert_eq!(unsafe { JetRetrieveColumns(s, t, rc.as_mut_ptr(), 3) }, 0);
            let n = allocations(|| {
                for i in 1..40 {
                    assert_eq!(JetMove(s, t, JET_MoveNext, 0), 0);
                    // SAFETY: as above.
                    assert_eq!(unsafe { JetRetrieveColumns(s, t, rc.as_mut_ptr(), 3) }, 0);
                    assert_eq!((rc[0].cbActual, rc[1].cbActual, rc[2].cbActual), (4, 4, 4));
                    let mut c = 0i32;
                    let mut cb = 0u32;
                    // SAFETY: 4 writable bytes and a u32.
                    let e = unsafe {
                        JetRetrieveColumn(s, t, tg, (&mut c as *mut i32).cast(), 4, &mut cb, 0, null_mut())
                    };
                    assert_eq!((e, cb, c), (0, 4, i));
                }
            });
            assert_eq!((a, b, c3), (39, 39 % 7, 39));
            assert_eq!(n, 0, "JetRetrieveColumn(s) allocated");
        }
        let key = |i: i32| if index.is_some() { i % 7 } else { i };
        for i in 0..20 {
            assert!(seek(s, t, key(i), JET_bitSeekGE) >= 0);
        }
        // JetMakeKey is outside the count: only JetSeek is measured. A seek is a new range of
        // the store's tree: the store's allocations only.
        for i in 20..60 {
            let k = key(i);
            // SAFETY: 4 readable bytes.
            let e = unsafe { JetMakeKey(s, t, &k as *const i32 as *const c_void, 4, JET_bitNewKey) };
            assert_eq!(e, 0);
            let op =
                [JET_bitSeekEQ, JET_bitSeekGE, JET_bitSeekGT, JET_bitSeekLE, JET_bitSeekLT][i as usize % 5];
            let n = allocations(|| {
                let e = JetSeek(s, t, op);
                assert!(e >= 0 || e == JET_errRecordNotFound, "JetSeek: {e}");
            });
            assert!(n <= 2 * STORE_RANGE, "JetSeek({op:#x}) on {index:?}: {n} allocations");
        }
    }
    assert_eq!(JetCloseTable(s, t), 0);
    assert_eq!(JetEndSession(s, 0), 0);
    assert_eq!(JetTerm(inst), 0);
    let _ = std::fs::remove_dir_all(&dir);
}
