//! Instances: create, init, term, stop service, multi-instance mode, instance info.
#![allow(non_snake_case)]

use super::{Encoding, Outcome, Utf8, Utf16, get, guard, non_null, put, trace};
use crate::abi::consts::*;
use crate::abi::*;
use crate::engine::error::{JetError, fail};
use crate::engine::instance::{self as inst, InitTarget, SetParam};
use core::ffi::{c_char, c_void};
use std::fmt::Write as _;

unsafe fn create_instance<E: Encoding>(
    pinstance: *mut JET_INSTANCE,
    name: *const E::Unit,
    display: *const E::Unit,
) -> Outcome {
    // SAFETY: the caller passes NULL or NUL-terminated strings.
    let name = unsafe { E::read(name) }?;
    // SAFETY: NULL or NUL-terminated, by the caller's contract.
    let display = unsafe { E::read(display) }?;
    non_null(pinstance)?;
    // SAFETY: non-NULL, checked above.
    unsafe { put(pinstance, JET_instanceNil) };
    let h = inst::create(name, display)?;
    // SAFETY: NULL or, by the caller's contract, valid for this write.
    unsafe { put(pinstance, h as JET_INSTANCE) };
    trace::wrote(|s| {
        let _ = write!(s, "out={h:#x}");
    });
    Ok(())
}

const JET_instanceNil: JET_INSTANCE = JET_INSTANCE::MAX;

/// Creates an instance and enters multi-instance mode (contract S-INST-01, S-INST-02).
///
/// `*pinstance` is set to `JET_instanceNil` first, then to the new handle on success; the
/// caller releases it with JetTerm/JetTerm2. `szInstanceName` (UTF-8, may be NULL) must be
/// unique among live instances, compared case-sensitively.
///
/// Returns 0, or: `JET_errInvalidParameter` (NULL `pinstance`), `JET_errRunningInOneInstanceMode`,
/// `JET_errTooManyInstances` (more than `JET_paramMaxInstances`), `JET_errInstanceNameInUse`,
/// `JET_errUnicodeTranslationFail` (name not UTF-8).
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateInstanceA(
    pinstance: *mut JET_INSTANCE,
    szInstanceName: JET_PCSTR,
) -> JET_ERR {
    guard!("JetCreateInstanceA", [O(pinstance as usize), A(szInstanceName)], {
        // SAFETY: the pointers are what this export's `# Safety` section requires.
        unsafe { create_instance::<Utf8>(pinstance, szInstanceName, core::ptr::null()) }
    })
}

/// JetCreateInstanceA with a UTF-16 name (invalid UTF-16 gives `JET_errUnicodeTranslationFail`).
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateInstanceW(
    pinstance: *mut JET_INSTANCE,
    szInstanceName: JET_PCWSTR,
) -> JET_ERR {
    guard!("JetCreateInstanceW", [O(pinstance as usize), W(szInstanceName)], {
        // SAFETY: the pointers are what this export's `# Safety` section requires.
        unsafe { create_instance::<Utf16>(pinstance, szInstanceName, core::ptr::null()) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetCreateInstanceA. In C the header maps
/// `JetCreateInstance` to the A or W form (see `JET_UNICODE`).
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateInstance(
    pinstance: *mut JET_INSTANCE,
    szInstanceName: JET_PCSTR,
) -> JET_ERR {
    guard!("JetCreateInstance", [O(pinstance as usize), A(szInstanceName)], {
        // SAFETY: the pointers are what this export's `# Safety` section requires.
        unsafe { create_instance::<Utf8>(pinstance, szInstanceName, core::ptr::null()) }
    })
}

/// JetCreateInstanceA with a display name (UTF-8, may be NULL). `grbit` is ignored.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateInstance2A(
    pinstance: *mut JET_INSTANCE,
    szInstanceName: JET_PCSTR,
    szDisplayName: JET_PCSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    let _ = grbit;
    guard!(
        "JetCreateInstance2A",
        [O(pinstance as usize), A(szInstanceName), A(szDisplayName), G(grbit, NO_BITS)],
        {
            // SAFETY: the pointers are what this export's `# Safety` section requires.
            unsafe { create_instance::<Utf8>(pinstance, szInstanceName, szDisplayName) }
        }
    )
}

/// JetCreateInstance2A with UTF-16 strings.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateInstance2W(
    pinstance: *mut JET_INSTANCE,
    szInstanceName: JET_PCWSTR,
    szDisplayName: JET_PCWSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    let _ = grbit;
    guard!(
        "JetCreateInstance2W",
        [O(pinstance as usize), W(szInstanceName), W(szDisplayName), G(grbit, NO_BITS)],
        {
            // SAFETY: the pointers are what this export's `# Safety` section requires.
            unsafe { create_instance::<Utf16>(pinstance, szInstanceName, szDisplayName) }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetCreateInstance2A.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetCreateInstance2(
    pinstance: *mut JET_INSTANCE,
    szInstanceName: JET_PCSTR,
    szDisplayName: JET_PCSTR,
    grbit: JET_GRBIT,
) -> JET_ERR {
    let _ = grbit;
    guard!(
        "JetCreateInstance2",
        [O(pinstance as usize), A(szInstanceName), A(szDisplayName), G(grbit, NO_BITS)],
        {
            // SAFETY: the pointers are what this export's `# Safety` section requires.
            unsafe { create_instance::<Utf8>(pinstance, szInstanceName, szDisplayName) }
        }
    )
}

/// The shared body of every JetInit; `rstinfo_ok` is the `cbStruct` check of JET_RSTINFO.
unsafe fn init(pinstance: *mut JET_INSTANCE, rstinfo_ok: bool) -> Outcome {
    // SAFETY: the caller passes NULL or a valid JET_INSTANCE.
    let target = match unsafe { get(pinstance) } {
        None => InitTarget::Null,
        Some(h) if inst::is_null(h as u64) => {
            // SAFETY: NULL or, by the caller's contract, valid for this write.
            unsafe { put(pinstance, JET_instanceNil) };
            InitTarget::Allocate
        }
        Some(h) => InitTarget::Existing(h as u64),
    };
    match inst::init(target, rstinfo_ok) {
        Ok(Some(h)) => {
            // SAFETY: NULL or, by the caller's contract, valid for this write.
            unsafe { put(pinstance, h as JET_INSTANCE) };
            trace::wrote(|s| {
                let _ = write!(s, "out={h:#x}");
            });
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(e) => {
            if e.freed && !pinstance.is_null() {
                // SAFETY: NULL or, by the caller's contract, valid for this write.
                unsafe { put(pinstance, 0) };
                trace::wrote(|s| s.push_str("out=0"));
            }
            Err(e.err)
        }
    }
}

/// The `cbStruct` of a JET_RSTINFO must be its size; NULL is fine (S-INST-03).
///
/// # Safety
/// `p` is NULL or points to a structure that starts with a `uint32_t cbStruct`.
unsafe fn rstinfo_ok<T>(p: *const T) -> bool {
    // SAFETY: every JET_RSTINFO starts with its u32 cbStruct.
    unsafe { get(p as *const u32) }.is_none_or(|cb| cb as usize == size_of::<T>())
}

/// Initializes an instance so that sessions can begin (contract S-INST-01, S-INST-03).
///
/// With `pinstance` NULL, or `*pinstance` 0 or `JET_instanceNil`, and no instance created, it
/// creates and initializes the single instance (single-instance mode); `*pinstance`, if given,
/// receives its handle. In multi-instance mode `*pinstance` names an instance from
/// JetCreateInstance, or is 0/nil to create an unnamed one. On a failure after an instance was
/// allocated, the instance is freed and `*pinstance` is set to 0.
///
/// Returns 0, or: `JET_errRunningInMultiInstanceMode` (NULL `pinstance` in multi-instance mode),
/// `JET_errAlreadyInitialized` (already initialized, or a second JetInit in single-instance mode),
/// `JET_errInvalidParameter` (`*pinstance` not a live instance), `JET_errTooManyInstances`,
/// `JET_errInstanceNameInUse` (a second unnamed instance), `JET_errTermInProgress`.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetInit(pinstance: *mut JET_INSTANCE) -> JET_ERR {
    guard!("JetInit", [PH(pinstance as *const usize)], {
        // SAFETY: the pointers are what this export's `# Safety` section requires.
        unsafe { init(pinstance, true) }
    })
}

/// JetInit with recovery options; no grbit changes anything yet (there is no log to replay).
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetInit2(pinstance: *mut JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard!("JetInit2", [PH(pinstance as *const usize), G(grbit, NO_BITS)], {
        // SAFETY: the pointers are what this export's `# Safety` section requires.
        unsafe { init(pinstance, true) }
    })
}

/// JetInit2 with restore information: a non-NULL `prstInfo` whose `cbStruct` is not
/// `sizeof(JET_RSTINFO_A)` gives `JET_errInvalidParameter`.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetInit3A(
    pinstance: *mut JET_INSTANCE,
    prstInfo: *mut JET_RSTINFO_A,
    grbit: JET_GRBIT,
) -> JET_ERR {
    let _ = grbit;
    guard!("JetInit3A", [PH(pinstance as *const usize), Rst(prstInfo as *const u32), G(grbit, NO_BITS)], {
        // SAFETY: the pointers are what this export's `# Safety` section requires.
        unsafe { init(pinstance, rstinfo_ok(prstInfo)) }
    })
}

/// JetInit3A with `JET_RSTINFO_W`.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetInit3W(
    pinstance: *mut JET_INSTANCE,
    prstInfo: *mut JET_RSTINFO_W,
    grbit: JET_GRBIT,
) -> JET_ERR {
    let _ = grbit;
    guard!("JetInit3W", [PH(pinstance as *const usize), Rst(prstInfo as *const u32), G(grbit, NO_BITS)], {
        // SAFETY: the pointers are what this export's `# Safety` section requires.
        unsafe { init(pinstance, rstinfo_ok(prstInfo)) }
    })
}

/// The exported unsuffixed name, with the behaviour of JetInit3A.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetInit3(
    pinstance: *mut JET_INSTANCE,
    prstInfo: *mut JET_RSTINFO_A,
    grbit: JET_GRBIT,
) -> JET_ERR {
    let _ = grbit;
    guard!("JetInit3", [PH(pinstance as *const usize), Rst(prstInfo as *const u32), G(grbit, NO_BITS)], {
        // SAFETY: the pointers are what this export's `# Safety` section requires.
        unsafe { init(pinstance, rstinfo_ok(prstInfo)) }
    })
}

/// Terminates an instance: JetTerm2 with `JET_bitTermAbrupt` (contract S-INST-04).
#[unsafe(no_mangle)]
pub extern "C" fn JetTerm(instance: JET_INSTANCE) -> JET_ERR {
    guard!("JetTerm", [H(instance)], { inst::term(instance as u64, JET_bitTermAbrupt) })
}

/// Terminates an instance and frees it; its handle and every handle of its sessions become
/// invalid (contract S-INST-04..07).
///
/// Idle sessions are ended. Calls already inside a session are waited for; from the start of
/// the call every other call on the instance or its sessions returns `JET_errTermInProgress`.
/// A never-initialized instance is simply freed. `instance` 0 with no instance at all is a
/// no-op; in single-instance mode 0 and nil name the single instance. Unknown grbits are ignored.
///
/// Returns 0, or: `JET_errTooManyActiveUsers` (a session has an open transaction; nothing is
/// terminated and everything stays usable), `JET_errDirtyShutdown` (with `JET_bitTermDirty`:
/// open transactions were discarded and the instance was freed), `JET_errInvalidInstance`
/// (not a live instance), `JET_errInvalidParameter` (0/nil in multi-instance mode),
/// `JET_errTermInProgress`.
#[unsafe(no_mangle)]
pub extern "C" fn JetTerm2(instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    guard!("JetTerm2", [H(instance), G(grbit, TERM_BITS)], { inst::term(instance as u64, grbit) })
}

/// Asks the single instance to stop: from now on, new sessions, transactions, commits and other
/// work return `JET_errClientRequestToStopJetService`, while ending, rolling back and JetTerm
/// still work (contract S-INST-08, S-INST-10). The stop is permanent.
///
/// Returns 0, or `JET_errRunningInMultiInstanceMode`, or `JET_errInvalidParameter` (no instance).
#[unsafe(no_mangle)]
pub extern "C" fn JetStopService() -> JET_ERR {
    guard!("JetStopService", [], { inst::stop_service() })
}

/// JetStopService for one instance (also allowed before JetInit).
///
/// Returns 0, or `JET_errInvalidInstance`, `JET_errInvalidParameter` (0/nil outside
/// single-instance mode), `JET_errTermInProgress`.
#[unsafe(no_mangle)]
pub extern "C" fn JetStopServiceInstance(instance: JET_INSTANCE) -> JET_ERR {
    guard!("JetStopServiceInstance", [H(instance)], { inst::stop_service_instance(instance as u64, None) })
}

/// JetStopServiceInstance with options (contract S-INST-09): `JET_bitStopServiceAll` (0) is the
/// permanent stop; `JET_bitStopServiceBackgroundUserTasks` and `JET_bitStopServiceQuiesceCaches`
/// pause background work and block no API; with `JET_bitStopServiceResume` they resume it.
/// `JET_bitStopServiceStopAndEmitLog` (0x8) must stand alone and stops like All.
///
/// Returns 0, or `JET_errInvalidGrbit` (other bits, or 0x8 combined), and
/// `JET_errClientRequestToStopJetService` for Resume alone after a full stop.
#[unsafe(no_mangle)]
pub extern "C" fn JetStopServiceInstance2(instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    guard!("JetStopServiceInstance2", [H(instance), G(grbit, STOP_BITS)], {
        inst::stop_service_instance(instance as u64, Some(grbit))
    })
}

/// The shared body of JetEnableMultiInstance A and W: reads element `i` only when the engine
/// asks for it, so that a bad string in one element is that element's error (-602, written to
/// its `err`) with `*pcsetsucceed` still written (S-INST-11).
///
/// # Safety
/// `p` is NULL or points to `n` elements whose strings are NULL or NUL-terminated.
unsafe fn enable_multi_instance<E: Encoding, T>(
    p: *mut T,
    n: u32,
    pcsetsucceed: *mut u32,
    fields: impl Fn(&T) -> (u32, JET_API_PTR, *const E::Unit),
    set_err: impl Fn(&mut T, JET_ERR),
) -> Outcome {
    if n != 0 && p.is_null() {
        return fail(JET_errInvalidParameter);
    }
    let element = |i: usize| {
        // SAFETY: i < n and the caller passes n readable elements (non-NULL when n > 0).
        let (id, lparam, sz) = fields(unsafe { &*p.add(i) });
        // SAFETY: the element's string is NULL or NUL-terminated; its lParam is what the
        // parameter takes (a JET_UNICODEINDEX for JET_paramUnicodeIndexDefault).
        let (text, unicode) = (unsafe { E::read(sz) }?, unsafe { super::params::unicode_arg(id, lparam) });
        Ok(SetParam { id, lparam: lparam as u64, text, unicode })
    };
    let mut errs = String::new();
    let (r, count) = inst::enable_multi_instance(n as usize, element, |i, err| {
        // SAFETY: the engine reports indices below n.
        set_err(unsafe { &mut *p.add(i) }, err);
        // The first few codes only: a trace line stays small whatever the count.
        if crate::engine::trace::enabled() && i <= 8 {
            let _ = match i {
                0 => write!(errs, "{err}"),
                8 => write!(errs, ", ..."),
                _ => write!(errs, ", {err}"),
            };
        }
    });
    // SAFETY: NULL or, by the caller's contract, valid for this write.
    unsafe { put(pcsetsucceed, count) };
    if !pcsetsucceed.is_null() {
        trace::wrote(|s| {
            let _ = write!(s, "*pcsetsucceed={count}");
        });
    }
    if !errs.is_empty() {
        trace::wrote(|s| {
            let _ = write!(s, "err=[{errs}]");
        });
    }
    r
}

/// Sets global system parameters and enters multi-instance mode (contract S-INST-11).
///
/// The elements are set in order; each one processed gets its code in `err`, and the first
/// failure stops the call (earlier ones stay set). An element's string that is not UTF-8 fails
/// that element with `JET_errUnicodeTranslationFail`, one that cannot be copied with
/// `JET_errOutOfMemory`. `*pcsetsucceed` (may be NULL) receives the number set, on failure too.
/// A NULL array with a count, or an array with count 0, is `JET_errInvalidParameter`.
///
/// Returns 0, or the failing element's code, or `JET_errRunningInOneInstanceMode`,
/// `JET_errSystemParamsAlreadySet` (already in multi-instance mode, every value equal),
/// `JET_errSystemParameterConflict` (already in multi-instance mode, some value different).
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetEnableMultiInstanceA(
    psetsysparam: *mut JET_SETSYSPARAM_A,
    csetsysparam: u32,
    pcsetsucceed: *mut u32,
) -> JET_ERR {
    guard!(
        "JetEnableMultiInstanceA",
        [SspA(psetsysparam, csetsysparam), N(csetsysparam as i64), O(pcsetsucceed as usize)],
        {
            // SAFETY: the pointers are what this export's `# Safety` section requires.
            unsafe { enable_multi_instance_a(psetsysparam, csetsysparam, pcsetsucceed) }
        }
    )
}

unsafe fn enable_multi_instance_a(p: *mut JET_SETSYSPARAM_A, n: u32, pcsetsucceed: *mut u32) -> Outcome {
    if n == 0 && !p.is_null() {
        return fail(JET_errInvalidParameter);
    }
    // SAFETY: the pointers are what this export's `# Safety` section requires.
    unsafe {
        enable_multi_instance::<Utf8, _>(
            p,
            n,
            pcsetsucceed,
            |e| (e.paramid, e.lParam, e.sz),
            |e, err| e.err = err,
        )
    }
}

/// JetEnableMultiInstanceA with UTF-16 strings (here a NULL array with count 0 is accepted).
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetEnableMultiInstanceW(
    psetsysparam: *mut JET_SETSYSPARAM_W,
    csetsysparam: u32,
    pcsetsucceed: *mut u32,
) -> JET_ERR {
    guard!(
        "JetEnableMultiInstanceW",
        [SspW(psetsysparam, csetsysparam), N(csetsysparam as i64), O(pcsetsucceed as usize)],
        {
            // SAFETY: the pointers are what this export's `# Safety` section requires.
            unsafe {
                enable_multi_instance::<Utf16, _>(
                    psetsysparam,
                    csetsysparam,
                    pcsetsucceed,
                    |e| (e.paramid, e.lParam, e.sz),
                    |e, err| e.err = err,
                )
            }
        }
    )
}

/// The exported unsuffixed name, with the behaviour of JetEnableMultiInstanceA.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetEnableMultiInstance(
    psetsysparam: *mut JET_SETSYSPARAM_A,
    csetsysparam: u32,
    pcsetsucceed: *mut u32,
) -> JET_ERR {
    guard!(
        "JetEnableMultiInstance",
        [SspA(psetsysparam, csetsysparam), N(csetsysparam as i64), O(pcsetsucceed as usize)],
        {
            // SAFETY: the pointers are what this export's `# Safety` section requires.
            unsafe { enable_multi_instance_a(psetsysparam, csetsysparam, pcsetsucceed) }
        }
    )
}

/// What one element of the instance-info array points at, inside the block.
struct Parts<U> {
    name: *mut U,
    databases: usize,
    files: *mut *mut U,
    displays: *mut *mut U,
}

/// Builds JetGetInstanceInfo's block: the array of `T`, then each instance's two arrays of
/// database-name pointers (file name and display name, both pointing at the one copy of the
/// path), then every string.
///
/// # Safety
/// `pc` and `pa` are NULL or valid for writes.
unsafe fn instance_info<E: Encoding, T>(
    pc: *mut u32,
    pa: *mut *mut T,
    make: impl Fn(JET_INSTANCE, Parts<E::Unit>) -> T,
) -> Outcome {
    non_null(pc)?;
    non_null(pa)?;
    inst::instance_info(|list| {
        if list.is_empty() {
            // SAFETY: the pointers are what this export's `# Safety` section requires.
            unsafe {
                put(pc, 0);
                put(pa, core::ptr::null_mut());
            }
            trace::wrote(|s| s.push_str("out=0 NULL"));
            return Ok(());
        }
        let unit = size_of::<E::Unit>();
        let ptr = size_of::<*mut E::Unit>();
        let oom = JetError(JET_errOutOfMemory);
        let head = list.len().checked_mul(size_of::<T>()).ok_or(oom)?;
        let pointers: usize = list.iter().map(|i| 2 * i.databases.len()).sum();
        let mut total = head.checked_add(pointers.checked_mul(ptr).ok_or(oom)?).ok_or(oom)?;
        let strings_at = total;
        let text_len = |t: &str| (E::len(t) + 1).checked_mul(unit).ok_or(oom);
        for i in list {
            if let Some(name) = i.name {
                total = total.checked_add(text_len(name)?).ok_or(oom)?;
            }
            for db in &i.databases {
                total = total.checked_add(text_len(db)?).ok_or(oom)?;
            }
        }
        let block = super::buffers::alloc(total).ok_or(oom)?;
        let mut text_at = strings_at;
        let mut ptr_at = head;
        // Writes one string at text_at and returns where it went.
        let mut put_text = |t: &str| -> *mut E::Unit {
            // SAFETY: text_at + (len + 1) * unit <= total, inside the block (measured above);
            // alignment holds: head and the pointer arrays are multiples of 8 bytes and every
            // string is a whole number of units.
            let dst = unsafe { block.add(text_at) } as *mut E::Unit;
            let mut n = 0;
            for u in E::units(t).chain(Some(E::NUL)) {
                // SAFETY: n <= len, inside this string's place, measured above.
                unsafe { dst.add(n).write(u) };
                n += 1;
            }
            text_at += n * unit;
            dst
        };
        for (k, i) in list.iter().enumerate() {
            let name = i.name.map_or(core::ptr::null_mut(), &mut put_text);
            let cdb = i.databases.len();
            let (files, displays) = if cdb == 0 {
                (core::ptr::null_mut(), core::ptr::null_mut())
            } else {
                // SAFETY: the two arrays of cdb pointers lie inside the pointer area measured
                // above, 8-byte aligned.
                let files = unsafe { block.add(ptr_at) } as *mut *mut E::Unit;
                // SAFETY: as above.
                let displays = unsafe { files.add(cdb) };
                ptr_at += 2 * cdb * ptr;
                for (j, db) in i.databases.iter().enumerate() {
                    // The display name is the file name: one copy, two pointers.
                    let text = put_text(db);
                    // SAFETY: j < cdb, inside the two arrays.
                    unsafe {
                        files.add(j).write(text);
                        displays.add(j).write(text);
                    }
                }
                (files, displays)
            };
            let parts = Parts { name, databases: cdb, files, displays };
            // SAFETY: element k of the array at the start of the block.
            unsafe { (block as *mut T).add(k).write(make(i.handle as JET_INSTANCE, parts)) };
        }
        // SAFETY: the pointers are what this export's `# Safety` section requires.
        unsafe {
            put(pc, list.len() as u32);
            put(pa, block as *mut T);
        }
        trace::wrote(|s| {
            let _ = write!(s, "out={} [", list.len());
            for (k, i) in list.iter().take(8).enumerate() {
                let name = i.name.map_or("NULL".into(), trace::quote);
                let _ = write!(s, "{}{:#x} {name}", if k == 0 { "" } else { ", " }, i.handle);
                if !i.databases.is_empty() {
                    let _ = write!(s, " ({} databases)", i.databases.len());
                }
            }
            s.push_str(if list.len() > 8 { ", ...]" } else { "]" });
        });
        Ok(())
    })?
}

/// Lists every live instance, created ones included (contract S-INST-12): `*pcInstanceInfo`
/// receives the count and `*paInstanceInfo` one block holding the array, the names (NULL for an
/// unnamed instance) and, per instance, `cDatabases` attached databases with their absolute
/// paths in `szDatabaseFileName` and `szDatabaseDisplayName` (`szDatabaseSLVFileName_Obsolete` is
/// NULL), which the caller frees with JetFreeBuffer as a whole. With no
/// instance, the count is 0 and the pointer NULL.
///
/// Returns 0, or `JET_errInvalidParameter` (a NULL argument), `JET_errOutOfMemory`.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetInstanceInfoA(
    pcInstanceInfo: *mut u32,
    paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A,
) -> JET_ERR {
    guard!("JetGetInstanceInfoA", [O(pcInstanceInfo as usize), O(paInstanceInfo as usize)], {
        // SAFETY: the pointers are what this export's `# Safety` section requires.
        unsafe { instance_info::<Utf8, _>(pcInstanceInfo, paInstanceInfo, info_a) }
    })
}

fn info_a(h: JET_INSTANCE, p: Parts<c_char>) -> JET_INSTANCE_INFO_A {
    JET_INSTANCE_INFO_A {
        hInstanceId: h,
        szInstanceName: p.name,
        cDatabases: p.databases,
        szDatabaseFileName: p.files,
        szDatabaseDisplayName: p.displays,
        szDatabaseSLVFileName_Obsolete: core::ptr::null_mut(),
    }
}

/// JetGetInstanceInfoA with UTF-16 names.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetInstanceInfoW(
    pcInstanceInfo: *mut u32,
    paInstanceInfo: *mut *mut JET_INSTANCE_INFO_W,
) -> JET_ERR {
    guard!("JetGetInstanceInfoW", [O(pcInstanceInfo as usize), O(paInstanceInfo as usize)], {
        // SAFETY: the pointers are what this export's `# Safety` section requires.
        unsafe {
            instance_info::<Utf16, _>(pcInstanceInfo, paInstanceInfo, |h, p| JET_INSTANCE_INFO_W {
                hInstanceId: h,
                szInstanceName: p.name,
                cDatabases: p.databases,
                szDatabaseFileName: p.files,
                szDatabaseDisplayName: p.displays,
                szDatabaseSLVFileName_Obsolete: core::ptr::null_mut(),
            })
        }
    })
}

/// The exported unsuffixed name, with the behaviour of JetGetInstanceInfoA.
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetGetInstanceInfo(
    pcInstanceInfo: *mut u32,
    paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A,
) -> JET_ERR {
    guard!("JetGetInstanceInfo", [O(pcInstanceInfo as usize), O(paInstanceInfo as usize)], {
        // SAFETY: the pointers are what this export's `# Safety` section requires.
        unsafe { instance_info::<Utf8, _>(pcInstanceInfo, paInstanceInfo, info_a) }
    })
}

/// Frees a buffer the library returned (from JetGetInstanceInfo). NULL is a no-op.
///
/// Returns 0, or `JET_errInvalidParameter` for a pointer the library did not return or has
/// already freed (nothing is freed then).
///
/// # Safety
/// Each pointer argument is NULL or valid for the reads and writes described above; strings are
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn JetFreeBuffer(pbBuf: *mut c_char) -> JET_ERR {
    guard!("JetFreeBuffer", [Ptr(pbBuf as usize)], {
        if pbBuf.is_null() || super::buffers::free(pbBuf as *mut c_void as *mut u8) {
            Ok(())
        } else {
            fail(JET_errInvalidParameter)
        }
    })
}
