//! The engine through its Rust API: the rules that C cannot reach directly (a call held open
//! inside a session while JetTerm runs) and the core state machine. The engine is process-wide,
//! so tests take a lock and leave the process in mode "none".

use esent::abi::consts::*;
use esent::engine::error::JetError;
use esent::engine::instance::{self, Got, InitTarget};
use esent::engine::session::{self, Stop};
use parking_lot::Mutex;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

static SERIAL: Mutex<()> = Mutex::new(());

fn code<T>(r: Result<T, JetError>) -> i32 {
    match r {
        Ok(_) => 0,
        Err(e) => e.0,
    }
}

/// A created and initialized multi-instance instance.
fn running(name: &str) -> u64 {
    let h = instance::create(Some(name.into()), None).unwrap();
    assert!(instance::init(InitTarget::Existing(h), true).unwrap().is_none());
    h
}

#[test]
fn term_waits_for_a_call_in_flight_and_blocks_new_calls() {
    // S-INST-07: from the start of JetTerm every call gets -1000; calls inside finish first.
    let _g = SERIAL.lock();
    let inst = running("term-waits");
    let sesid = instance::begin_session(inst, true).unwrap();
    let other = instance::begin_session(inst, true).unwrap();

    let (entered_tx, entered_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let holder = thread::spawn(move || {
        let mut s = session::enter(sesid, Stop::Blocks).unwrap();
        entered_tx.send(()).unwrap();
        release_rx.recv().unwrap();
        // Still inside the call: this work completes before JetTerm goes on.
        s.begin_transaction(0).unwrap();
        s.commit(0, 0).unwrap();
    });
    entered_rx.recv().unwrap();

    // Another thread on the same session: concurrent use.
    assert_eq!(code(session::enter(sesid, Stop::Blocks)), JET_errSessionSharingViolation);

    let terminator = thread::spawn(move || instance::term(inst, 0));
    // Wait until the term has started: every new call is refused with -1000.
    let mut seen = 0;
    for _ in 0..2000 {
        seen = code(instance::begin_session(inst, true));
        if seen == JET_errTermInProgress {
            break;
        }
        thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(seen, JET_errTermInProgress);
    assert_eq!(code(session::enter(other, Stop::Ignored)), JET_errTermInProgress);
    assert_eq!(code(session::enter(sesid, Stop::Ignored)), JET_errTermInProgress);
    assert!(!terminator.is_finished(), "JetTerm must wait for the call in flight");

    release_tx.send(()).unwrap();
    holder.join().unwrap();
    assert_eq!(code(terminator.join().unwrap()), 0);
    // S-INST-06 / S-HDL-02: every session handle is stale now.
    assert_eq!(code(session::enter(sesid, Stop::Ignored)), JET_errInvalidSesid);
    assert_eq!(code(session::enter(other, Stop::Ignored)), JET_errInvalidSesid);
    assert_eq!(instance::mode(), instance::Mode::None);
}

#[test]
fn term_with_open_transaction_fails_and_leaves_everything_usable() {
    // S-INST-05
    let _g = SERIAL.lock();
    let inst = running("open-trx");
    let sesid = instance::begin_session(inst, true).unwrap();
    session::enter(sesid, Stop::Blocks).unwrap().begin_transaction(JET_bitTransactionReadOnly).unwrap();
    assert_eq!(code(instance::term(inst, JET_bitTermComplete)), JET_errTooManyActiveUsers);
    assert_eq!(code(instance::term(inst, JET_bitTermAbrupt)), JET_errTooManyActiveUsers);
    let mut s = session::enter(sesid, Stop::Blocks).unwrap();
    assert_eq!(s.level(), 1);
    s.commit(0, 0).unwrap();
    drop(s);
    let again = instance::begin_session(inst, true).unwrap();
    assert_ne!(again, sesid);
    assert_eq!(code(instance::term(inst, 0)), 0);
}

#[test]
fn dirty_term_discards_transactions() {
    // S-INST-06
    let _g = SERIAL.lock();
    let inst = running("dirty");
    let sesid = instance::begin_session(inst, true).unwrap();
    session::enter(sesid, Stop::Blocks).unwrap().begin_transaction(0).unwrap();
    assert_eq!(code(instance::term(inst, JET_bitTermDirty)), JET_errDirtyShutdown);
    assert_eq!(code(session::enter(sesid, Stop::Ignored)), JET_errInvalidSesid);
    assert_eq!(instance::mode(), instance::Mode::None);
}

#[test]
fn handles_of_a_reused_slot_stay_stale() {
    // S-HDL-02: the new instance takes the same slot; old handles never reach it.
    let _g = SERIAL.lock();
    let first = running("reuse");
    let old_sessions: Vec<u64> = (0..4).map(|_| instance::begin_session(first, true).unwrap()).collect();
    instance::term(first, 0).unwrap();
    let second = running("reuse");
    assert_ne!(first, second);
    let new_sessions: Vec<u64> = (0..4).map(|_| instance::begin_session(second, true).unwrap()).collect();
    for old in &old_sessions {
        assert!(!new_sessions.contains(old));
        assert_eq!(code(session::enter(*old, Stop::Ignored)), JET_errInvalidSesid);
    }
    assert_eq!(code(instance::begin_session(first, true)), JET_errInvalidInstance);
    for s in new_sessions {
        session::enter(s, Stop::Ignored).unwrap().end().unwrap();
    }
    instance::term(second, 0).unwrap();
}

#[test]
fn session_limit_is_exact_and_freed_at_once() {
    // S-SES-02, S-PAR-03
    let _g = SERIAL.lock();
    let inst = instance::create(Some("limit".into()), None).unwrap();
    instance::set_system_parameter(Some(inst), 0, JET_paramMaxSessions, 3, None).unwrap();
    instance::init(InitTarget::Existing(inst), true).unwrap();
    let s: Vec<u64> = (0..3).map(|_| instance::begin_session(inst, true).unwrap()).collect();
    assert_eq!(code(instance::begin_session(inst, true)), JET_errOutOfSessions);
    assert_eq!(code(session::enter(s[0], Stop::Blocks).unwrap().dup()), JET_errOutOfSessions);
    session::enter(s[1], Stop::Ignored).unwrap().end().unwrap();
    let again = instance::begin_session(inst, true).unwrap();
    assert_eq!(code(instance::begin_session(inst, true)), JET_errOutOfSessions);
    assert!(!s.contains(&again));
    instance::term(inst, 0).unwrap();
}

#[test]
fn transaction_binding_follows_thread_or_context() {
    // S-TRX-03, S-TRX-04
    let _g = SERIAL.lock();
    let inst = running("binding");
    let sesid = instance::begin_session(inst, true).unwrap();
    session::enter(sesid, Stop::Blocks).unwrap().begin_transaction(0).unwrap();
    let other = thread::spawn(move || {
        let mut s = session::enter(sesid, Stop::Blocks).unwrap();
        (code(s.commit(0, 0)), code(s.rollback(0)), code(s.begin_transaction(0)), s.level())
    });
    assert_eq!(
        other.join().unwrap(),
        (JET_errSessionSharingViolation, JET_errSessionSharingViolation, JET_errSessionSharingViolation, 1)
    );
    assert_eq!(
        code(thread::spawn(move || session::enter(sesid, Stop::Ignored).unwrap().end()).join().unwrap()),
        JET_errSessionSharingViolation
    );
    session::enter(sesid, Stop::Blocks).unwrap().commit(0, 0).unwrap();

    // Context model: the transaction moves with the context.
    {
        let mut s = session::enter(sesid, Stop::Blocks).unwrap();
        s.set_context(0x77).unwrap();
        s.begin_transaction(0).unwrap();
        s.reset_context().unwrap();
    }
    let moved = thread::spawn(move || {
        let mut s = session::enter(sesid, Stop::Blocks).unwrap();
        s.set_context(0x77).unwrap();
        let r = code(s.commit(0, 0));
        s.reset_context().unwrap();
        r
    });
    assert_eq!(moved.join().unwrap(), 0);
    instance::term(inst, 0).unwrap();
}

#[test]
fn stop_service_blocks_work_but_not_cleanup() {
    // S-INST-08, S-INST-10
    let _g = SERIAL.lock();
    let inst = running("stop");
    let sesid = instance::begin_session(inst, true).unwrap();
    session::enter(sesid, Stop::Blocks).unwrap().begin_transaction(0).unwrap();
    instance::stop_service_instance(inst, None).unwrap();
    assert_eq!(code(instance::begin_session(inst, true)), JET_errClientRequestToStopJetService);
    assert_eq!(code(session::enter(sesid, Stop::Blocks)), JET_errClientRequestToStopJetService);
    session::enter(sesid, Stop::Ignored).unwrap().rollback(0).unwrap();
    assert_eq!(
        code(instance::stop_service_instance(inst, Some(JET_bitStopServiceResume))),
        JET_errClientRequestToStopJetService
    );
    session::enter(sesid, Stop::Ignored).unwrap().end().unwrap();
    instance::term(inst, 0).unwrap();
}

#[test]
fn parameters_clone_at_create_and_lock_after_init() {
    // S-PAR-01, S-PAR-02
    let _g = SERIAL.lock();
    instance::set_system_parameter(None, 0, JET_paramMaxSessions, 40, None).unwrap();
    let inst = instance::create(Some("params".into()), None).unwrap();
    instance::set_system_parameter(None, 0, JET_paramMaxSessions, 16, None).unwrap();
    assert_eq!(instance::get_system_parameter(inst, 0, JET_paramMaxSessions, None).unwrap(), Got::Int(40));
    assert_eq!(instance::get_system_parameter(0, 0, JET_paramMaxSessions, None).unwrap(), Got::Int(16));
    instance::init(InitTarget::Existing(inst), true).unwrap();
    assert_eq!(
        code(instance::set_system_parameter(Some(inst), 0, JET_paramMaxSessions, 41, None)),
        JET_errAlreadyInitialized
    );
    assert_eq!(code(instance::set_system_parameter(Some(inst), 0, JET_paramMaxSessions, 40, None)), 0);
    assert_eq!(
        code(instance::set_system_parameter(None, 0, JET_paramMaxInstances, 3, None)),
        JET_errAlreadyInitialized
    );
    match instance::get_system_parameter(0, 0, JET_paramErrorToString, Some(JET_errInvalidSesid as u64)) {
        Ok(Got::Text(s)) => assert!(s.starts_with("JET_errInvalidSesid, ")),
        other => panic!("{other:?}"),
    }
    instance::term(inst, 0).unwrap();
}

#[test]
fn unicode_index_default_reaches_the_running_instance() {
    // jetapi.cxx SetUnicodeIndexDefault: no lock after JetInit; the shim's decoding error comes
    // after the target checks (-1115 first), and without the decoded value the set is -1003.
    use esent::engine::params::UnicodeDefault;
    let _g = SERIAL.lock();
    let inst = running("unicode-default");
    let de = || Some(Ok(UnicodeDefault { locale: "de-DE".into(), lcmap_flags: 0x1 }));
    let id = JET_paramUnicodeIndexDefault;
    instance::set_system_parameter_with(Some(inst), 0, id, 1, None, de()).unwrap();
    let want = UnicodeDefault { locale: "de-DE".into(), lcmap_flags: 0x401 };
    assert_eq!(instance::get_system_parameter(inst, 0, id, None).unwrap(), Got::Unicode(want));
    let bad = Some(Err(JetError(JET_errInvalidParameter)));
    assert_eq!(
        code(instance::set_system_parameter_with(Some(12345), 0, id, 1, None, bad)),
        JET_errInvalidInstance
    );
    assert_eq!(code(instance::set_system_parameter(Some(inst), 0, id, 1, None)), JET_errInvalidParameter);
    // The globals were not touched.
    let builtin = UnicodeDefault { locale: "en-US".into(), lcmap_flags: 0x30401 };
    assert_eq!(instance::get_system_parameter(0, 0, id, None).unwrap(), Got::Unicode(builtin));
    instance::term(inst, 0).unwrap();
}
