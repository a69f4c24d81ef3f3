//! Cursor handles (JET_TABLEID) and database ids through the engine's API: resolution of
//! forged, stale and foreign tableids, ownership, the exact cursor limit, and what commit,
//! rollback, JetEndSession and JetTerm do to a session's cursors (contract-data S-THD-01..04).
//! C reaches these once tables can be opened (the schema issue); until then they are proven here.

#![allow(non_upper_case_globals)]

use esent::abi::consts::*;
use esent::engine::cursor::CursorData;
use esent::engine::error::JetError;
use esent::engine::instance::{self, InitTarget};
use esent::engine::session::{self, Stop};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

fn code<T>(r: Result<T, JetError>) -> i32 {
    match r {
        Ok(_) => 0,
        Err(JetError(c)) => c,
    }
}

fn running(name: &str, max_cursors: Option<u64>) -> u64 {
    let h = instance::create(Some(name.into()), None).unwrap();
    if let Some(n) = max_cursors {
        instance::set_system_parameter(Some(h), 0, JET_paramMaxCursors, n, None).unwrap();
    }
    assert!(instance::init(InitTarget::Existing(h), true).unwrap().is_none());
    h
}

fn open(sesid: u64) -> u64 {
    session::enter(sesid, Stop::Blocks).unwrap().open_cursor(CursorData::Empty).unwrap()
}

fn probe(sesid: u64, tableid: u64) -> i32 {
    code(session::enter_table(sesid, tableid, Stop::Blocks))
}

#[test]
fn forged_stale_and_foreign_tableids() {
    // S-THD-01: -1310 for anything that is not a live cursor, -1114 for another session's.
    let inst = running("cursors-resolution", None);
    let s1 = instance::begin_session(inst, true).unwrap();
    let s2 = instance::begin_session(inst, true).unwrap();
    let t = open(s1);
    assert_eq!(probe(s1, t), 0);
    for bad in [0, u64::MAX, s1, inst, t + 1, t ^ (1 << 27), t ^ (1 << 50), t & !(7 << 61)] {
        assert_eq!(probe(s1, bad), JET_errInvalidTableId, "{bad:#x}");
    }
    assert_eq!(probe(s2, t), JET_errSesidTableIdMismatch);
    // A bad sesid is reported before a bad tableid (data-records 1.1).
    assert_eq!(probe(0, t), JET_errInvalidSesid);
    assert_eq!(probe(s2 + 1, 0), JET_errInvalidSesid);

    // Closed: stale at once, for its owner and for everyone else; a new cursor never aliases it.
    let (mut s, c) = session::enter_table(s1, t, Stop::Blocks).unwrap();
    s.close_cursor(c);
    drop(s);
    assert_eq!(probe(s1, t), JET_errInvalidTableId);
    assert_eq!(probe(s2, t), JET_errInvalidTableId);
    let t2 = open(s1);
    assert_ne!(t2, t);
    assert_eq!(probe(s1, t), JET_errInvalidTableId);
    assert_eq!(probe(s1, t2), 0);

    // JetEndSession closes every cursor of the session (S-THD-02).
    let t3 = open(s1);
    assert_eq!(session::enter(s1, Stop::Blocks).unwrap().cursor_count(), 2);
    session::enter(s1, Stop::Ignored).unwrap().end().unwrap();
    assert_eq!(probe(s2, t2), JET_errInvalidTableId);
    assert_eq!(probe(s2, t3), JET_errInvalidTableId);

    // JetTerm closes them too; the tableid stays stale in a later instance in the same slot.
    let t4 = open(s2);
    instance::term(inst, 0).unwrap();
    assert_eq!(probe(s2, t4), JET_errInvalidSesid);
    let again = running("cursors-resolution", None);
    let s3 = instance::begin_session(again, true).unwrap();
    for old in [t, t2, t3, t4] {
        assert_eq!(probe(s3, old), JET_errInvalidTableId);
    }
    let t5 = open(s3);
    assert!(![t, t2, t3, t4].contains(&t5));
    instance::term(again, 0).unwrap();
}

#[test]
fn the_cursor_limit_is_exact() {
    // JET_paramMaxCursors: exactly that many cursors per instance, across sessions.
    let inst = running("cursors-limit", Some(5));
    let s1 = instance::begin_session(inst, true).unwrap();
    let s2 = instance::begin_session(inst, true).unwrap();
    let mut open_ones: Vec<(u64, u64)> = (0..3).map(|_| (s1, open(s1))).collect();
    open_ones.extend((0..2).map(|_| (s2, open(s2))));
    for s in [s1, s2] {
        assert_eq!(
            code(session::enter(s, Stop::Blocks).unwrap().open_cursor(CursorData::Empty)),
            JET_errOutOfCursors
        );
    }
    // Closing one gives its place back; ending a session gives back all of its places.
    let (s, t) = open_ones.remove(0);
    let (mut g, c) = session::enter_table(s, t, Stop::Blocks).unwrap();
    g.close_cursor(c);
    drop(g);
    let _again = open(s2);
    session::enter(s1, Stop::Ignored).unwrap().end().unwrap();
    for _ in 0..2 {
        open(s2);
    }
    assert_eq!(
        code(session::enter(s2, Stop::Blocks).unwrap().open_cursor(CursorData::Empty)),
        JET_errOutOfCursors
    );
    instance::term(inst, 0).unwrap();
}

#[test]
fn rollback_closes_the_cursors_of_its_level_and_commit_keeps_them() {
    // S-THD-02, S-VER-03, data-records 9.5 / 9.6.
    let inst = running("cursors-levels", None);
    let s = instance::begin_session(inst, true).unwrap();
    let outside = open(s);
    session::enter(s, Stop::Blocks).unwrap().begin_transaction(0).unwrap();
    let level1 = open(s);
    session::enter(s, Stop::Blocks).unwrap().begin_transaction(0).unwrap();
    let level2 = open(s);
    session::enter(s, Stop::Blocks).unwrap().rollback(0).unwrap();
    assert_eq!(probe(s, level2), JET_errInvalidTableId);
    assert_eq!(probe(s, level1), 0);
    assert_eq!(probe(s, outside), 0);

    // A commit merges a level's cursors into its parent: rolling back the parent closes them.
    session::enter(s, Stop::Blocks).unwrap().begin_transaction(0).unwrap();
    let merged = open(s);
    session::enter(s, Stop::Blocks).unwrap().commit(0, 0).unwrap();
    assert_eq!(probe(s, merged), 0);
    session::enter(s, Stop::Blocks).unwrap().rollback(0).unwrap();
    assert_eq!(probe(s, merged), JET_errInvalidTableId);
    assert_eq!(probe(s, level1), JET_errInvalidTableId);
    assert_eq!(probe(s, outside), 0);

    // Committed to level 0, a cursor opened in the transaction stays open for good.
    session::enter(s, Stop::Blocks).unwrap().begin_transaction(0).unwrap();
    let kept = open(s);
    session::enter(s, Stop::Blocks).unwrap().commit(0, 0).unwrap();
    session::enter(s, Stop::Blocks).unwrap().begin_transaction(0).unwrap();
    session::enter(s, Stop::Blocks).unwrap().rollback(JET_bitRollbackAll).unwrap();
    assert_eq!(probe(s, kept), 0);

    // JET_bitRollbackAll closes every level's cursors.
    session::enter(s, Stop::Blocks).unwrap().begin_transaction(0).unwrap();
    let a = open(s);
    session::enter(s, Stop::Blocks).unwrap().begin_transaction(0).unwrap();
    let b = open(s);
    session::enter(s, Stop::Blocks).unwrap().rollback(JET_bitRollbackAll).unwrap();
    assert_eq!(probe(s, a), JET_errInvalidTableId);
    assert_eq!(probe(s, b), JET_errInvalidTableId);
    assert_eq!(session::enter(s, Stop::Blocks).unwrap().cursor_count(), 2);
    instance::term(inst, 0).unwrap();
}

#[test]
fn database_ids_are_per_session_open_counts() {
    // S-THD-03: a dbid is valid for a session only while that session has it open.
    let inst = running("cursors-dbids", None);
    let s1 = instance::begin_session(inst, true).unwrap();
    let s2 = instance::begin_session(inst, true).unwrap();
    let mut g = session::enter(s1, Stop::Blocks).unwrap();
    assert_eq!(code(g.check_dbid(1)), JET_errInvalidDatabaseId);
    g.note_open(1).unwrap();
    g.note_open(1).unwrap();
    assert_eq!(code(g.check_dbid(1)), 0);
    assert_eq!(g.note_close(1).unwrap(), 1);
    assert_eq!(code(g.check_dbid(1)), 0);
    assert_eq!(g.note_close(1).unwrap(), 0);
    assert_eq!(code(g.check_dbid(1)), JET_errInvalidDatabaseId);
    assert_eq!(code(g.note_close(1)), JET_errInvalidDatabaseId);
    for bad in [7, 100, u32::MAX] {
        assert_eq!(code(g.check_dbid(bad)), JET_errInvalidDatabaseId);
        assert_eq!(code(g.note_open(bad)), JET_errInvalidDatabaseId);
    }
    g.note_open(2).unwrap();
    drop(g);
    // Another session of the same instance has its own counts.
    assert_eq!(code(session::enter(s2, Stop::Blocks).unwrap().check_dbid(2)), JET_errInvalidDatabaseId);
    instance::term(inst, 0).unwrap();
}

#[test]
fn threads_probing_each_others_cursors_never_see_a_wrong_owner() {
    // S-THD-01 under concurrency: while owners open and close their cursors, every probe by
    // another session gets -1114 (live) or -1310 (closed), never success.
    let inst = running("cursors-threads", Some(1000));
    let owners: Vec<u64> = (0..3).map(|_| instance::begin_session(inst, true).unwrap()).collect();
    let prober = instance::begin_session(inst, true).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let latest: Arc<Vec<std::sync::atomic::AtomicU64>> =
        Arc::new((0..3).map(|_| std::sync::atomic::AtomicU64::new(0)).collect());
    let workers: Vec<_> = owners
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let (stop, latest) = (stop.clone(), latest.clone());
            std::thread::spawn(move || {
                let mut n = 0u32;
                while !stop.load(Ordering::Relaxed) || n < 2000 {
                    let t = open(s);
                    latest[i].store(t, Ordering::SeqCst);
                    assert_eq!(probe(s, t), 0);
                    let (mut g, c) = session::enter_table(s, t, Stop::Blocks).unwrap();
                    g.close_cursor(c);
                    n += 1;
                }
            })
        })
        .collect();
    while latest.iter().any(|l| l.load(Ordering::SeqCst) == 0) {
        std::thread::yield_now();
    }
    let mut seen = [0u32; 2];
    for _ in 0..20_000 {
        for l in latest.iter() {
            let t = l.load(Ordering::SeqCst);
            if t == 0 {
                continue;
            }
            match probe(prober, t) {
                JET_errSesidTableIdMismatch => seen[0] += 1,
                JET_errInvalidTableId => seen[1] += 1,
                other => panic!("probe of another session's cursor gave {other}"),
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    workers.into_iter().for_each(|w| w.join().unwrap());
    assert!(seen[0] + seen[1] > 0);
    instance::term(inst, 0).unwrap();
}
