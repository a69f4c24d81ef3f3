//! Feeds arbitrary handles and strings to the handle-resolution and string-conversion paths of
//! the public API. Every call must return a code (never crash, hang or leak); a forged handle
//! must never act on a live object.
#![no_main]

use esent::abi::consts::*;
use esent::api::{instance, params, session, transaction};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut words = data.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap()) as usize);
    let mut inst = 0usize;
    let mut sesid = 0usize;
    // SAFETY: every pointer passed is to a live local, or NULL-terminated buffers built here.
    unsafe {
        assert_eq!(instance::JetCreateInstanceA(&mut inst, c"fuzz".as_ptr()), 0);
        assert_eq!(instance::JetInit(&mut inst), 0);
        assert_eq!(session::JetBeginSessionA(inst, &mut sesid, core::ptr::null(), core::ptr::null()), 0);

        // Forged handles: anything but the live ones must be refused without effect.
        for h in words.by_ref().take(8) {
            if h != sesid {
                assert_ne!(session::JetEndSession(h, 0), 0);
                assert_ne!(transaction::JetBeginTransaction(h), 0);
            }
            if h != inst && h != 0 && h != usize::MAX {
                let mut s = 0usize;
                assert_ne!(session::JetBeginSessionA(h, &mut s, core::ptr::null(), core::ptr::null()), 0);
            }
        }

        // Arbitrary narrow and wide strings as names and parameter values.
        let narrow: Vec<u8> = data.iter().copied().filter(|&b| b != 0).chain(Some(0)).collect();
        let wide: Vec<u16> = data.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).filter(|&u| u != 0).chain(Some(0)).collect();
        let mut other = 0usize;
        let r = instance::JetCreateInstanceA(&mut other, narrow.as_ptr().cast());
        assert!(r == 0 || r == JET_errUnicodeTranslationFail || r == JET_errInstanceNameInUse, "{r}");
        if r == 0 {
            assert_eq!(instance::JetTerm(other), 0);
        }
        let r = instance::JetCreateInstanceW(&mut other, wide.as_ptr());
        assert!(r == 0 || r == JET_errUnicodeTranslationFail || r == JET_errInstanceNameInUse, "{r}");
        if r == 0 {
            assert_eq!(instance::JetTerm(other), 0);
        }
        let mut i2 = inst;
        let r = params::JetSetSystemParameterW(&mut i2, 0, JET_paramEventSource, 0, wide.as_ptr());
        assert!(r == 0 || r == JET_errUnicodeTranslationFail || r == JET_errAlreadyInitialized || r == JET_errInvalidParameter, "{r}");

        // The live session is untouched by all of the above.
        assert_eq!(transaction::JetBeginTransaction(sesid), 0);
        assert_eq!(transaction::JetRollback(sesid, 0), 0);
        assert_eq!(session::JetEndSession(sesid, 0), 0);
        assert_eq!(instance::JetTerm(inst), 0);
    }
});
