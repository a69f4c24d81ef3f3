//! Instances, the process mode, and system parameters by target (contract §2-§4).
//!
//! Lifecycle operations (create, init, term, parameters, instance info) serialise on one
//! registry mutex; they are rare. Session calls never take it: they read an instance slot's
//! atomics (generation, flags, session limit, commit default) and its session table.

use crate::abi::consts::*;
use crate::engine::core::InstanceCore;
use crate::engine::database::DbSettings;
use crate::engine::error::{self, JetError, JetResult, fail, oom, try_string};
use crate::engine::handle::{self, Handle, INSTANCE_SLOTS};
use crate::engine::lp64;
use crate::engine::params::{self, ParamSet, UnicodeDefault, Value};
use crate::engine::session::{self, Quiesce, Stop};
use crate::engine::slots::{self, InstanceSlot, flags, slot, slots};
use parking_lot::{MappedMutexGuard, Mutex, MutexGuard};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Mode {
    None = 0,
    Single = 1,
    Multi = 2,
}

/// Mirrors of registry fields for lock-free readers.
static MODE: AtomicU8 = AtomicU8::new(Mode::None as u8);
static SINGLE: AtomicUsize = AtomicUsize::new(0);

pub fn mode() -> Mode {
    match MODE.load(Ordering::Acquire) {
        1 => Mode::Single,
        2 => Mode::Multi,
        _ => Mode::None,
    }
}

/// Registry data that only lifecycle calls touch.
struct InstanceData {
    name: Option<String>,
    /// JetCreateInstance2's display name (for diagnostics; no API reads it back).
    #[allow(dead_code)]
    display_name: Option<String>,
    params: ParamSet,
    /// Background work paused by JetStopServiceInstance2 (0x2, 0x4), for Resume.
    paused: u32,
}

pub(crate) struct Registry {
    mode: Mode,
    globals: ParamSet,
    /// Indexed by slot: the live instance's data.
    instances: Vec<Option<InstanceData>>,
    /// Indexed by slot: the last generation issued there.
    last_gen: Vec<u64>,
    live: usize,
    /// `JET_paramMaxInstances` as captured when the mode was chosen.
    max_instances: usize,
    /// The global parameters ever set (ESE's `m_fWritten`), one bit per id: a repeated
    /// JetEnableMultiInstance compares the global fixed ones.
    written: [u64; WRITTEN_WORDS],
}

/// Words of a bit set over parameter ids.
const WRITTEN_WORDS: usize = (params::PARAM_COUNT as usize).div_ceil(64);

fn mark(bits: &mut [u64; WRITTEN_WORDS], id: u32) {
    if let Some(w) = bits.get_mut(id as usize / 64) {
        *w |= 1 << (id % 64);
    }
}

fn is_marked(bits: &[u64; WRITTEN_WORDS], id: u32) -> bool {
    bits.get(id as usize / 64).is_some_and(|w| w & (1 << (id % 64)) != 0)
}

impl Registry {
    fn is_written(&self, id: u32) -> bool {
        is_marked(&self.written, id)
    }
}

/// The registry, created on first use and dropped when the library is unloaded with no
/// instance left (see `engine::lifetime`).
static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

/// Locks the registry, creating it the first time.
fn registry() -> MappedMutexGuard<'static, Registry> {
    MutexGuard::map(REGISTRY.lock(), |r| {
        r.get_or_insert_with(|| {
            crate::engine::lifetime::install();
            Registry {
                mode: Mode::None,
                globals: ParamSet::defaults(),
                instances: Vec::new(),
                last_gen: Vec::new(),
                live: 0,
                max_instances: 0,
                written: [0; WRITTEN_WORDS],
            }
        })
    })
}

/// The registry lock itself, for fork's prepare handler and the unload teardown.
pub(crate) fn registry_lock() -> &'static Mutex<Option<Registry>> {
    &REGISTRY
}

impl Registry {
    pub(crate) fn live_instances(&self) -> usize {
        self.live
    }

    /// The child side of fork (see `engine::lifetime`): every instance of the parent becomes
    /// stale and its slot is retired for the life of the child. Nothing of it is freed.
    pub(crate) fn abandon_after_fork(&mut self) {
        for i in 0..self.instances.len() {
            if self.instances[i].take().is_some() {
                let slot = &slots()[i];
                slot.set_flag(flags::FORKED);
                slot.set_generation(0);
                self.last_gen[i] = handle::INSTANCE.gen_max();
                self.live -= 1;
            }
        }
        self.set_mode(Mode::None);
    }

    fn set_mode(&mut self, mode: Mode) {
        if self.mode == Mode::None && mode != Mode::None {
            self.max_instances = match mode {
                Mode::Single => 1,
                _ => self.globals.int(JET_paramMaxInstances) as usize,
            };
        }
        self.mode = mode;
        MODE.store(mode as u8, Ordering::Release);
    }

    fn data(&self, slot: usize) -> &InstanceData {
        self.instances[slot].as_ref().expect("live instance has data")
    }

    fn data_mut(&mut self, slot: usize) -> &mut InstanceData {
        self.instances[slot].as_mut().expect("live instance has data")
    }

    /// Allocates an instance (ErrNewInst): limit, then name uniqueness (S-INST-02).
    fn new_instance(
        &mut self,
        name: Option<String>,
        display_name: Option<String>,
    ) -> JetResult<(usize, u64)> {
        if self.live >= self.max_instances {
            return fail(JET_errTooManyInstances);
        }
        if self.instances.iter().flatten().any(|d| d.name == name) {
            return fail(JET_errInstanceNameInUse);
        }
        // Before anything changes: out of memory leaves no trace (S-LIF-01).
        let params = self.globals.try_clone()?;
        let table = slots();
        // The first free slot whose generations are not spent (those are never reused,
        // S-HDL-02).
        let index = (0..INSTANCE_SLOTS)
            .find(|&i| {
                self.instances.get(i).is_none_or(Option::is_none)
                    && self.last_gen.get(i).is_none_or(|&g| g < handle::INSTANCE.gen_max())
            })
            .ok_or(JetError(JET_errTooManyInstances))?;
        if index >= self.instances.len() {
            self.instances.resize_with(index + 1, || None);
            self.last_gen.resize(index + 1, 0);
        }
        let slot = &table[index];
        slot.sessions_or_init();
        slot.cursors_or_init();
        let generation = self.last_gen[index] + 1;
        self.last_gen[index] = generation;
        slot.set_commit_default(params.int(JET_paramCommitDefault) as u32);
        slot.set_flags(0);
        slot.set_generation(generation);
        self.instances[index] = Some(InstanceData { name, display_name, params, paused: 0 });
        self.live += 1;
        Ok((index, generation))
    }

    /// Frees an instance whose sessions are all ended; back to mode none after the last one.
    fn free_instance(&mut self, index: usize) {
        let slot = &slots()[index];
        slot.sessions_or_init().with_all_locked(|_| {
            slot.set_generation(0);
            slot.set_flags(0);
        });
        self.instances[index] = None;
        self.live -= 1;
        if self.live == 0 {
            self.set_mode(Mode::None);
        }
    }

    /// Resolves a live instance handle, or `err` for one this registry does not hold.
    fn live_handle(&self, h: u64, err: i32) -> JetResult<usize> {
        let ih = handle::INSTANCE.decode(h).ok_or(JetError(err))?;
        match slot(ih.slot) {
            Some(s) if s.generation() == ih.generation => Ok(ih.slot),
            _ => fail(err),
        }
    }

    /// Instance resolution of JetTerm, JetStopServiceInstance and friends: a non-0, non-nil
    /// handle must be live (-1115, S-HDL-04); 0 and nil name the single instance in
    /// single-instance mode and nothing otherwise (-1003).
    fn find(&self, h: u64) -> JetResult<usize> {
        if !is_null(h) {
            return self.live_handle(h, JET_errInvalidInstance);
        }
        match self.mode {
            Mode::Single => Ok(SINGLE.load(Ordering::Relaxed)),
            _ => fail(JET_errInvalidParameter),
        }
    }
}

fn instance_handle(slot: usize, generation: u64) -> u64 {
    handle::INSTANCE.encode(Handle { instance: 0, slot, generation })
}

/// 0 and all-bits-set: "no instance" / "no session".
pub fn is_null(h: u64) -> bool {
    h == 0 || h == u64::MAX
}

/// Lock-free resolution for JetBeginSession: (slot index, slot, generation).
fn resolve(h: u64) -> JetResult<(usize, &'static InstanceSlot, u64)> {
    if is_null(h) {
        if mode() != Mode::Single {
            return fail(JET_errInvalidParameter);
        }
        let i = SINGLE.load(Ordering::Acquire);
        let s = slot(i).ok_or(JetError(JET_errInvalidParameter))?;
        let g = s.generation();
        return if g == 0 { fail(JET_errInvalidParameter) } else { Ok((i, s, g)) };
    }
    let invalid = JetError(JET_errInvalidInstance);
    let ih = handle::INSTANCE.decode(h).ok_or(invalid)?;
    let s = slot(ih.slot).ok_or(invalid)?;
    if s.generation() != ih.generation {
        return Err(invalid);
    }
    Ok((ih.slot, s, ih.generation))
}

/// JetBeginSession (S-SES-01): instance, stop, unavailable, term, init, NULL out-pointer,
/// limit, allocation.
pub fn begin_session(instance: u64, out_present: bool) -> JetResult<u64> {
    let (index, inst, generation) = resolve(instance)?;
    let f = inst.flags();
    // The flags belong to this instance only if it is still the one in the slot: JetTerm
    // clears the generation before the flags when it frees an instance.
    if inst.generation() != generation {
        return fail(if is_null(instance) { JET_errInvalidParameter } else { JET_errInvalidInstance });
    }
    if f & flags::STOPPED != 0 {
        return fail(JET_errClientRequestToStopJetService);
    }
    if f & flags::UNAVAILABLE != 0 {
        return fail(JET_errInstanceUnavailable);
    }
    if f & flags::TERMINATING != 0 {
        return fail(JET_errTermInProgress);
    }
    if f & flags::INITIALIZED == 0 {
        return fail(JET_errNotInitialized);
    }
    slots::failpoint_in(inst, "instance.enter")?;
    if !out_present {
        return fail(JET_errInvalidParameter);
    }
    session::begin(index, inst, generation)
}

/// JetCreateInstance(2) after the strings are converted and `*pinstance` set to nil (S-INST-02).
pub fn create(name: Option<String>, display_name: Option<String>) -> JetResult<u64> {
    let mut reg = registry();
    match reg.mode {
        Mode::Single => return fail(JET_errRunningInOneInstanceMode),
        Mode::None => reg.set_mode(Mode::Multi),
        Mode::Multi => {}
    }
    match reg.new_instance(name, display_name) {
        Ok((slot, generation)) => Ok(instance_handle(slot, generation)),
        Err(e) => {
            if reg.live == 0 {
                reg.set_mode(Mode::None);
            }
            Err(e)
        }
    }
}

/// What JetInit is given in `pinstance`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum InitTarget {
    /// `pinstance` is NULL.
    Null,
    /// `*pinstance` is 0 or nil: allocate an instance.
    Allocate,
    /// `*pinstance` holds this handle.
    Existing(u64),
}

/// A failed JetInit; `freed` says the call had allocated an instance and freed it again, so
/// `*pinstance` must become 0.
#[derive(Debug)]
pub struct InitError {
    pub err: JetError,
    pub freed: bool,
}

impl From<JetError> for InitError {
    fn from(err: JetError) -> Self {
        Self { err, freed: false }
    }
}

/// JetInit/2/3 (S-INST-03). Returns the handle to write to `*pinstance` when the call
/// allocated the instance.
pub fn init(target: InitTarget, rstinfo_ok: bool) -> Result<Option<u64>, InitError> {
    let mut reg = registry();
    if reg.mode == Mode::Multi && target == InitTarget::Null {
        return Err(JetError(JET_errRunningInMultiInstanceMode).into());
    }
    if reg.mode == Mode::Single {
        return Err(JetError(JET_errAlreadyInitialized).into());
    }
    if !rstinfo_ok {
        return Err(JetError(JET_errInvalidParameter).into());
    }
    let single = reg.mode == Mode::None;
    let (index, allocated) = match target {
        _ if single => {
            reg.set_mode(Mode::Single);
            match reg.new_instance(None, None) {
                Ok((i, _)) => {
                    SINGLE.store(i, Ordering::Release);
                    (i, true)
                }
                Err(e) => {
                    reg.set_mode(Mode::None);
                    return Err(e.into());
                }
            }
        }
        InitTarget::Existing(h) => (reg.live_handle(h, JET_errInvalidParameter)?, false),
        _ => (reg.new_instance(None, None)?.0, true),
    };
    let inst = &slots()[index];
    let f = inst.flags();
    if f & flags::TERMINATING != 0 {
        return Err(JetError(JET_errTermInProgress).into());
    }
    if f & flags::INITIALIZED != 0 {
        return Err(JetError(JET_errAlreadyInitialized).into());
    }
    let started = init_hook();
    if let Err(err) = started {
        // A failed init frees the instance, whoever created it (reference §3.7 step 10).
        reg.free_instance(index);
        return Err(InitError { err, freed: true });
    }
    // Limits that are locked after init are read once more, now final.
    // The session limit is final now (it locks at init): it becomes the table's tokens.
    let max_sessions = reg.data(index).params.int(JET_paramMaxSessions) as u32;
    inst.sessions_or_init().set_limit(max_sessions);
    let max_cursors = reg.data(index).params.int(JET_paramMaxCursors).min(u32::MAX as u64) as u32;
    inst.cursors_or_init().set_limit(max_cursors);
    let params = &reg.data(index).params;
    let settings = DbSettings {
        page_size: reg.globals.int(JET_paramDatabasePageSize) as u32,
        one_per_session: params.int(JET_paramOneDatabasePerSession) != 0,
        tuples: crate::engine::catalog::TupleLimits {
            len_min: params.int(JET_paramIndexTuplesLengthMin) as u32,
            len_max: params.int(JET_paramIndexTuplesLengthMax) as u32,
            to_index_max: params.int(JET_paramIndexTuplesToIndexMax) as u32,
            ..Default::default()
        },
    };
    // Index creation reads it from the core from now on (a set on the instance updates both).
    let unicode = match params.get(JET_paramUnicodeIndexDefault) {
        Value::Unicode(u) => u.clone(),
        _ => UnicodeDefault::default(),
    };
    // The version store's size: pages of JET_paramVerPageSize (global), and the share one
    // transaction may use (S-VER-04).
    let ver_total = params.int(JET_paramMaxVerPages).saturating_mul(reg.globals.int(JET_paramVerPageSize));
    let ver_one = ver_total / 100 * params.int(JET_paramMaxTransactionSize).clamp(1, 100);
    inst.budget.set_limits(ver_total, ver_one);
    let mut core = InstanceCore::new(settings, unicode);
    let temp_path = match params.get(JET_paramTempPath) {
        Value::Str(p) => p.clone(),
        _ => String::new(),
    };
    core.temp = crate::engine::temp::TempStore::new(
        temp_path,
        params.int(JET_paramMaxTemporaryTables),
        params.int(JET_paramEnableTempTableVersioning) != 0,
    );
    inst.set_core(Some(Arc::new(core)));
    inst.set_flag(flags::INITIALIZED);
    // Only a caller that passed 0 or nil learns the new handle (reference §3.7 step 9).
    let report = allocated && target == InitTarget::Allocate;
    Ok(report.then(|| instance_handle(index, inst.generation())))
}

/// Where JetInit would start logging and recovery: a failpoint until then.
fn init_hook() -> JetResult<()> {
    crate::engine::failpoint::fail_point!("instance.init");
    Ok(())
}

/// JetTerm/JetTerm2 (S-INST-04..07, S-INST-13). JetTerm is JetTerm2 with JET_bitTermAbrupt.
pub fn term(h: u64, grbit: u32) -> JetResult<()> {
    let index = {
        let mut reg = registry();
        if is_null(h) && reg.live == 0 {
            return Ok(()); // No instance at all: nothing to terminate (S-INST-04).
        }
        let index = reg.find(h)?;
        let inst = &slots()[index];
        let f = inst.flags();
        if f & flags::TERMINATING != 0 {
            return fail(JET_errTermInProgress);
        }
        if f & flags::INITIALIZED == 0 {
            reg.free_instance(index);
            return Ok(());
        }
        // Set under every shard lock: a begin either completed before (and is ended below) or
        // sees the flag.
        inst.sessions_or_init().with_all_locked(|_| inst.set_flag(flags::TERMINATING));
        index
    };
    // Outside the registry lock, so lifecycle calls on other instances go on meanwhile.
    let inst = &slots()[index];
    let pool = inst.sessions_or_init();
    let dirty = grbit & JET_bitTermDirty != 0;
    let unavailable = inst.flags() & flags::UNAVAILABLE != 0;
    if let Quiesce::OpenTransactions = session::quiesce(pool)
        && !dirty
        && !unavailable
    {
        inst.clear_flag(flags::TERMINATING);
        return fail(JET_errTooManyActiveUsers);
    }
    session::end_all(index, inst);
    // Every session is gone: nothing can reach the core any more. Its databases are flushed
    // and detached (S-STO-02: lazy commits are made durable by a clean JetTerm).
    if let Some(core) = inst.set_core(None) {
        core.detach_all();
    }
    registry().free_instance(index);
    if dirty { fail(JET_errDirtyShutdown) } else { Ok(()) }
}

const STOP_ALL: u32 = 0;
const STOP_GRBITS: u32 = JET_bitStopServiceBackgroundUserTasks
    | JET_bitStopServiceQuiesceCaches
    | JET_bitStopServiceStopAndEmitLog
    | JET_bitStopServiceResume;
const STOP_PAUSABLE: u32 = JET_bitStopServiceBackgroundUserTasks | JET_bitStopServiceQuiesceCaches;

/// JetStopServiceInstance (grbit `None`) and JetStopServiceInstance2 (S-INST-08, S-INST-09).
pub fn stop_service_instance(h: u64, grbit: Option<u32>) -> JetResult<()> {
    let mut reg = registry();
    let index = reg.find(h)?;
    let inst = &slots()[index];
    if inst.flags() & flags::TERMINATING != 0 {
        return fail(JET_errTermInProgress);
    }
    let grbit = grbit.unwrap_or(STOP_ALL);
    if grbit & !STOP_GRBITS != 0 {
        return fail(JET_errInvalidGrbit);
    }
    if grbit & JET_bitStopServiceStopAndEmitLog != 0 && grbit != JET_bitStopServiceStopAndEmitLog {
        return fail(JET_errInvalidGrbit);
    }
    let data = reg.data_mut(index);
    if grbit & JET_bitStopServiceResume != 0 {
        let which = grbit & STOP_PAUSABLE;
        if which == 0 && inst.flags() & flags::STOPPED != 0 {
            return fail(JET_errClientRequestToStopJetService); // a full stop cannot be undone
        }
        data.paused &= if which == 0 { 0 } else { !which };
        return Ok(());
    }
    if grbit & STOP_PAUSABLE != 0 {
        data.paused |= grbit;
        return Ok(());
    }
    // JET_bitStopServiceAll (0) or StopAndEmitLog: the permanent stop.
    inst.set_flag(flags::STOPPED);
    Ok(())
}

/// JetStopService: stops the single instance (S-INST-08).
pub fn stop_service() -> JetResult<()> {
    match mode() {
        Mode::Multi => fail(JET_errRunningInMultiInstanceMode),
        Mode::None => fail(JET_errInvalidParameter),
        Mode::Single => stop_service_instance(0, None),
    }
}

/// One element of JetEnableMultiInstance, strings already converted.
pub struct SetParam {
    pub id: u32,
    pub lparam: u64,
    pub text: Option<String>,
    /// For `JET_paramUnicodeIndexDefault`: see [`UnicodeArg`].
    pub unicode: UnicodeArg,
}

/// What the shim read for `JET_paramUnicodeIndexDefault` (`None` for every other id): the
/// built-in default for a NULL `lParam`, else the locale and flags of the caller's
/// JET_UNICODEINDEX, or the error its LCID gave (reported where ESE's setter reports it, after
/// the target checks).
pub type UnicodeArg = Option<JetResult<UnicodeDefault>>;

/// JetEnableMultiInstance (S-INST-11) over `count` elements that `element(i)` reads (its
/// string conversion may fail, -602, like a failed set: that element gets the code and the
/// call stops there). Reports each processed element's code through `report(index, code)` and
/// returns the number set, which the caller reports even on failure.
pub fn enable_multi_instance(
    count: usize,
    mut element: impl FnMut(usize) -> JetResult<SetParam>,
    mut report: impl FnMut(usize, i32),
) -> (JetResult<()>, u32) {
    let mut reg = registry();
    match reg.mode {
        Mode::Single => (fail(JET_errRunningInOneInstanceMode), 0),
        Mode::Multi => {
            // The comparison of jetapi.cxx JetEnableMultiInstanceEx (21173-21289): in order,
            // each element that matches the value in force gets err 0 and is counted; the first
            // that does not (or a global fixed parameter never set before) gets -1087 and stops
            // the call; `*pcsetsucceed` is the count either way.
            let mut listed = [0u64; WRITTEN_WORDS];
            let mut n = 0u32;
            for i in 0..count {
                // A string that does not convert differs; one that does not fit in memory is
                // that error (S-LIF-01).
                let p = match element(i) {
                    Ok(p) => Some(p),
                    Err(e) if e.0 == JET_errOutOfMemory => return (Err(e), n),
                    Err(_) => None,
                };
                if p.as_ref().is_some_and(|p| p.id >= params::PARAM_COUNT) {
                    return (fail(JET_errInvalidParameter), n);
                }
                let equal = match p {
                    None => false,
                    Some(SetParam { unicode: Some(u), .. }) => {
                        let stored = reg.globals.get(JET_paramUnicodeIndexDefault);
                        u.and_then(UnicodeDefault::checked).is_ok_and(|u| *stored == Value::Unicode(u))
                    }
                    Some(p) => params::def(p.id).is_ok_and(|d| {
                        if d.global && d.lock_global && !reg.is_written(p.id) {
                            return false;
                        }
                        mark(&mut listed, p.id);
                        let stored = reg.globals.get(p.id);
                        if p.id == JET_paramConfiguration {
                            // Compared without the "default" bit (21212-21215).
                            let v = reg.globals.int(p.id) & !u64::from(JET_configDefault);
                            return v == p.lparam;
                        }
                        params::holds_proposed(d, stored, p.lparam, p.text.as_deref())
                    }),
                };
                if !equal {
                    report(i, JET_errSystemParameterConflict);
                    return (fail(JET_errSystemParameterConflict), n);
                }
                report(i, JET_errSuccess);
                n += 1;
            }
            // Every global fixed parameter set before must be in this list too (21254-21284).
            let missing = params::PARAM_TABLE
                .iter()
                .any(|d| d.global && d.lock_global && reg.is_written(d.id) && !is_marked(&listed, d.id));
            let err = if missing { JET_errSystemParameterConflict } else { JET_errSystemParamsAlreadySet };
            (fail(err), n)
        }
        Mode::None => {
            for i in 0..count {
                let r = element(i).and_then(|p| {
                    set_locked(&mut reg, Target::Global, p.id, p.lparam, p.text.as_deref(), p.unicode)
                });
                report(i, r.err().map_or(JET_errSuccess, |e| e.0));
                if let Err(e) = r {
                    return (Err(e), i as u32);
                }
            }
            reg.set_mode(Mode::Multi);
            (Ok(()), count as u32)
        }
    }
}

/// JetGetInstanceInfo: `f` sees handle, name and databases of every live instance, created ones included
/// (S-INST-12), under the registry lock, so the names are borrowed, not copied. The one list is
/// allocated fallibly (`JET_errOutOfMemory`, S-LIF-01).
pub fn instance_info<R>(f: impl FnOnce(&[InstanceInfo<'_>]) -> R) -> JetResult<R> {
    let reg = registry();
    let mut list = Vec::new();
    list.try_reserve_exact(reg.live).map_err(oom)?;
    for (i, d) in reg.instances.iter().enumerate() {
        if let Some(d) = d {
            if list.len() == list.capacity() {
                list.try_reserve(1).map_err(oom)?;
            }
            let slot = &slots()[i];
            let mut databases = Vec::new();
            if let Some(core) = slot.core() {
                let dbs = core.databases();
                databases.try_reserve_exact(dbs.len()).map_err(oom)?;
                for db in dbs {
                    databases.push(try_string(&db.full.to_string_lossy())?);
                }
            }
            list.push(InstanceInfo {
                handle: instance_handle(i, slot.generation()),
                name: d.name.as_deref(),
                databases,
            });
        }
    }
    Ok(f(&list))
}

/// One live instance as JetGetInstanceInfo lists it.
pub struct InstanceInfo<'a> {
    pub handle: u64,
    pub name: Option<&'a str>,
    /// The absolute paths of its attached databases, by dbid.
    pub databases: Vec<String>,
}

/// Where a system parameter call lands (reference §8.1 step 2).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Target {
    Global,
    Instance(usize),
    /// A session (and its instance): only `JET_paramCommitDefault` and
    /// `JET_paramTransactionLevel` address the session itself.
    Session(usize, u64),
}

fn resolve_target(reg: &Registry, pinstance: Option<u64>, sesid: u64, id: u32) -> JetResult<Target> {
    let session_target = || -> JetResult<Target> {
        let h = handle::SESSION.decode(sesid).ok_or(JetError(JET_errInvalidSesid))?;
        if session::is_live(sesid) {
            Ok(Target::Session(h.instance, sesid))
        } else {
            fail(JET_errInvalidSesid)
        }
    };
    // Handles are checked in every mode (S-HDL-02, S-HDL-04); 0 and nil follow the mode rules.
    let target = if !is_null(sesid) {
        session_target()?
    } else if let Some(h) = pinstance.filter(|&h| !is_null(h)) {
        Target::Instance(reg.live_handle(h, JET_errInvalidInstance)?)
    } else if reg.mode == Mode::Single && !params::def(id).map(|d| d.global).unwrap_or(true) {
        Target::Instance(SINGLE.load(Ordering::Relaxed))
    } else {
        Target::Global
    };
    if let Target::Instance(i) | Target::Session(i, _) = target
        && slots()[i].flags() & flags::TERMINATING != 0
    {
        return fail(JET_errTermInProgress);
    }
    Ok(target)
}

/// JetSetSystemParameter (S-PAR-01, S-PAR-02). `pinstance` is `None` when the pointer is NULL.
/// `JET_paramUnicodeIndexDefault` needs [`set_system_parameter_with`] (-1003 here).
pub fn set_system_parameter(
    pinstance: Option<u64>,
    sesid: u64,
    id: u32,
    lparam: u64,
    text: Option<&str>,
) -> JetResult<()> {
    set_system_parameter_with(pinstance, sesid, id, lparam, text, None)
}

/// [`set_system_parameter`] with what the shim read for `JET_paramUnicodeIndexDefault`.
pub fn set_system_parameter_with(
    pinstance: Option<u64>,
    sesid: u64,
    id: u32,
    lparam: u64,
    text: Option<&str>,
    unicode: UnicodeArg,
) -> JetResult<()> {
    let mut reg = registry();
    let target = resolve_target(&reg, pinstance, sesid, id)?;
    if id == lp64::PARAM {
        // libesent's own, process-wide whatever the target (its handles checked all the same).
        lp64::set(lparam != 0);
        return Ok(());
    }
    set_locked(&mut reg, target, id, lparam, text, unicode)
}

fn set_locked(
    reg: &mut Registry,
    target: Target,
    id: u32,
    lparam: u64,
    text: Option<&str>,
    unicode: UnicodeArg,
) -> JetResult<()> {
    let def = params::def(id)?;
    if params::is_get_only(def) {
        return fail(JET_errInvalidParameter);
    }
    let inst_index = match target {
        Target::Global => None,
        Target::Instance(i) | Target::Session(i, _) => Some(i),
    };
    let store_index = inst_index.filter(|_| !def.global);
    fn store(reg: &Registry, index: Option<usize>) -> &ParamSet {
        match index {
            Some(i) => &reg.data(i).params,
            None => &reg.globals,
        }
    }
    if def.advanced && store(reg, store_index).int(JET_paramEnableAdvanced) == 0 {
        return Ok(()); // Silently dropped, as the reference engine does (S-PAR-02).
    }
    match id {
        _ if params::is_ignored_entirely(id) => return Ok(()),
        JET_paramCommitDefault => {
            // Its own setter: no equal-value shortcut and no lock (reference notes, part c).
            params::validate(def, lparam, None)?;
            if let Target::Session(_, sesid) = target {
                session::enter(sesid, Stop::Ignored)?.set_commit_default(lparam as u32);
                return Ok(());
            }
        }
        JET_paramEnableShrinkDatabase => params::check_shrink_grbit(lparam)?,
        JET_paramConfigStoreSpec if matches!(target, Target::Session(..)) => {
            return fail(JET_errInvalidParameter);
        }
        JET_paramUnicodeIndexDefault => {
            // Its own setter (jetapi.cxx SetUnicodeIndexDefault): no equal-value shortcut and no
            // lock, so it changes after JetInit too; a bad LCID or bad flags → -1003.
            let new = unicode.ok_or(JetError(JET_errInvalidParameter))?.and_then(UnicodeDefault::checked)?;
            if let Some(i) = store_index
                && let Some(core) = slots()[i].core()
            {
                *core.unicode_default.lock() = new.try_clone()?;
            }
            match store_index {
                Some(i) => reg.data_mut(i).params.put(id, Value::Unicode(new)),
                None => reg.globals.put(id, Value::Unicode(new)),
            }
            return Ok(());
        }
        _ => {}
    }
    if id != JET_paramCommitDefault {
        if params::is_same(def, store(reg, store_index).get(id), lparam) {
            // An equal value is a successful set all the same (jetapi.cxx ValidateSet).
            if store_index.is_none() {
                mark(&mut reg.written, id);
            }
            return Ok(());
        }
        if def.lock_global && reg.mode != Mode::None {
            return fail(JET_errAlreadyInitialized);
        }
        if def.lock_instance && inst_index.is_some_and(|i| slots()[i].flags() & flags::INITIALIZED != 0) {
            return fail(JET_errAlreadyInitialized);
        }
        params::validate(def, lparam, text)?;
    }
    let new = params::proposed(def, lparam, text)?;
    match store_index {
        Some(i) => {
            let slot = &slots()[i];
            if id == JET_paramCommitDefault {
                slot.set_commit_default(lparam as u32);
            }
            reg.data_mut(i).params.put(id, new);
        }
        None => {
            reg.globals.put(id, new);
            mark(&mut reg.written, id);
        }
    }
    Ok(())
}

/// A value read by JetGetSystemParameter.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Got {
    Int(u64),
    /// A string that must fit the caller's buffer whole (`JET_errBufferTooSmall` otherwise,
    /// S-PAR-05).
    Str(String),
    /// A text that is cut to the caller's buffer, which must have room for at least the NUL
    /// (`JET_paramErrorToString`, S-PAR-04).
    Text(String),
    /// `JET_paramUnicodeIndexDefault`: written as a JET_UNICODEINDEX.
    Unicode(UnicodeDefault),
    /// The parameter reads as success with nothing written.
    Nothing,
}

/// Whether JetGetSystemParameter reads `*plParam` on input for this parameter (only
/// `JET_paramErrorToString` does: the code to describe).
pub fn reads_lparam(id: u32) -> bool {
    id == JET_paramErrorToString
}

/// JetGetSystemParameter (S-PAR-01, S-PAR-03, S-PAR-04, S-TRX-05). `lparam_in` is `*plParam`
/// on input where [`reads_lparam`] says so.
pub fn get_system_parameter(instance: u64, sesid: u64, id: u32, lparam_in: Option<u64>) -> JetResult<Got> {
    let reg = registry();
    let target = resolve_target(&reg, Some(instance), sesid, id)?;
    if id == lp64::PARAM {
        return Ok(Got::Int(lp64::enabled() as u64));
    }
    let def = params::def(id)?;
    match (id, target) {
        (JET_paramTransactionLevel, Target::Session(_, sesid)) => {
            let s = session::enter(sesid, Stop::Ignored)?;
            Ok(Got::Int(s.level() as u64))
        }
        (JET_paramTransactionLevel, _) => fail(JET_errInvalidParameter),
        (JET_paramErrorToString, _) => {
            let code = lparam_in.ok_or(JetError(JET_errInvalidParameter))?;
            Ok(Got::Text(error::describe(code as i32)?))
        }
        _ if params::is_ignored_entirely(id) => Ok(Got::Nothing),
        (JET_paramCommitDefault, Target::Session(_, sesid)) => {
            let s = session::enter(sesid, Stop::Ignored)?;
            Ok(Got::Int(s.commit_default() as u64))
        }
        _ => {
            let store = match target {
                Target::Instance(i) | Target::Session(i, _) if !def.global => &reg.data(i).params,
                _ => &reg.globals,
            };
            Ok(match store.get(id) {
                Value::Int(v) => Got::Int(*v),
                Value::Str(s) => Got::Str(try_string(s)?),
                Value::Unicode(u) => Got::Unicode(u.try_clone()?),
            })
        }
    }
}
