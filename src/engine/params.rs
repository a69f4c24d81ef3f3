//! System parameters: the one table (generated from `data/sysparams.tsv`) and the rules that
//! read it (S-PAR-01..05). Where a value lives (global or per instance) and which target a call
//! addresses is decided in `instance.rs`; this module validates and stores values.

use crate::abi::consts::*;
use crate::engine::error::{JetError, JetResult, fail, oom, try_string};
use crate::engine::key::{UnicodeCollation, lcmap};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Normal,
    /// Accepted and stored, without effect in any engine.
    Ignored,
    /// Has its own get/set logic in the reference engine.
    Custom,
    ReadOnly,
    Illegal,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Type {
    Integer,
    Boolean,
    Grbit,
    BlockSize,
    String,
    Path,
    Folder,
    Pointer,
    UserDefined,
    None,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Default {
    Int(u64),
    Str(&'static str),
    None,
}

#[derive(Debug)]
pub struct ParamDef {
    pub id: u32,
    pub name: &'static str,
    pub kind: Kind,
    pub ty: Type,
    pub advanced: bool,
    pub global: bool,
    /// May not change once the process has chosen a mode (an instance exists).
    pub lock_global: bool,
    /// May not change once the target instance is initialized.
    pub lock_instance: bool,
    pub low: u64,
    pub high: u64,
    pub has_range: bool,
    pub default: Default,
}

include!(concat!(env!("OUT_DIR"), "/sysparams.rs"));

/// Ids at or above this one are not parameters.
pub const PARAM_COUNT: u32 = JET_paramMaxValueInvalid;

/// The commit grbits a commit default may hold.
pub const COMMIT_MASK: u32 = 0x1 | 0x2 | 0x8 | 0x10 | 0x20;

impl ParamDef {
    pub fn is_string(&self) -> bool {
        matches!(self.ty, Type::String | Type::Path | Type::Folder)
    }
}

/// The definition of a settable-or-gettable parameter id; illegal ids and ids past the table
/// give `JET_errInvalidParameter` (S-PAR-01).
pub fn def(id: u32) -> JetResult<&'static ParamDef> {
    match PARAM_TABLE.get(id as usize) {
        Some(d) if id < PARAM_COUNT && d.kind != Kind::Illegal => Ok(d),
        _ => fail(JET_errInvalidParameter),
    }
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Value {
    Int(u64),
    Str(String),
    /// `JET_paramUnicodeIndexDefault`.
    Unicode(UnicodeDefault),
}

/// The value of `JET_paramUnicodeIndexDefault`: the locale (the shim turns the caller's LCID
/// into its name) and the LCMap flags that Unicode indexes take where their definition is silent.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct UnicodeDefault {
    pub locale: String,
    pub lcmap_flags: u32,
}

impl std::default::Default for UnicodeDefault {
    /// ESE's built-in default: `en-US` with [`lcmap::DEFAULT`].
    fn default() -> Self {
        Self { locale: "en-US".to_string(), lcmap_flags: lcmap::DEFAULT }
    }
}

impl UnicodeDefault {
    /// ESE's built-in default: `en-US` with [`lcmap::DEFAULT`] (what a NULL `lParam` restores).
    pub fn builtin() -> JetResult<Self> {
        Ok(Self { locale: try_string("en-US")?, lcmap_flags: lcmap::DEFAULT })
    }

    /// The value a set stores: the locale and flags checked as an index's are (the same
    /// collation is built), the flags with `LCMAP_SORTKEY` added as ESE adds it. Any failure is
    /// `JET_errInvalidParameter`, as in ESE's setter.
    pub fn checked(self) -> JetResult<Self> {
        let c = UnicodeCollation::new(&self.locale, self.lcmap_flags)
            .map_err(|_| JetError(JET_errInvalidParameter))?;
        Ok(Self { lcmap_flags: c.flags(), ..self })
    }

    pub fn try_clone(&self) -> JetResult<Self> {
        Ok(Self { locale: try_string(&self.locale)?, lcmap_flags: self.lcmap_flags })
    }
}

/// One value for every parameter id: the global defaults, or one instance's copy.
#[derive(Clone, Debug)]
pub struct ParamSet {
    values: Vec<Value>,
}

impl ParamSet {
    pub fn defaults() -> Self {
        let values = PARAM_TABLE
            .iter()
            .map(|d| match d.default {
                _ if d.id == JET_paramUnicodeIndexDefault => Value::Unicode(UnicodeDefault::default()),
                Default::Int(v) => Value::Int(v),
                Default::Str(s) => Value::Str(s.to_string()),
                Default::None if d.is_string() => Value::Str(String::new()),
                Default::None => Value::Int(0),
            })
            .collect();
        Self { values }
    }

    /// A copy for a new instance (S-PAR-01), or `JET_errOutOfMemory`: never an abort.
    pub fn try_clone(&self) -> JetResult<Self> {
        let mut values = Vec::new();
        values.try_reserve_exact(self.values.len()).map_err(oom)?;
        for v in &self.values {
            values.push(match v {
                Value::Int(i) => Value::Int(*i),
                Value::Str(s) => Value::Str(try_string(s)?),
                Value::Unicode(u) => Value::Unicode(u.try_clone()?),
            });
        }
        Ok(Self { values })
    }

    pub fn get(&self, id: u32) -> &Value {
        &self.values[id as usize]
    }

    pub fn int(&self, id: u32) -> u64 {
        match self.get(id) {
            Value::Int(v) => *v,
            Value::Str(_) | Value::Unicode(_) => 0,
        }
    }

    pub fn put(&mut self, id: u32, v: Value) {
        self.values[id as usize] = v;
    }
}

/// Parameters that can be read but never set (besides the read-only kind): computed values.
pub fn is_get_only(def: &ParamDef) -> bool {
    def.kind == Kind::ReadOnly
        || matches!(
            def.id,
            JET_paramTransactionLevel
                | JET_paramErrorToString
                | JET_paramKeyMost
                | JET_paramRecordSizeMost
                | JET_paramRecoveryCurrentLogfile
        )
}

/// Parameters whose get and set succeed and do nothing in the reference engine.
pub fn is_ignored_entirely(id: u32) -> bool {
    matches!(id, JET_paramDBAPageAvailThreshold | JET_paramDBAK1 | JET_paramDBAK2)
}

/// The value a set call stores: strings as given (NULL as ""), booleans as 0 or 1;
/// `JET_errOutOfMemory` when the string cannot be copied.
pub fn proposed(def: &ParamDef, lparam: u64, text: Option<&str>) -> JetResult<Value> {
    Ok(if def.is_string() {
        Value::Str(try_string(text.unwrap_or(""))?)
    } else {
        Value::Int(proposed_int(def, lparam))
    })
}

fn proposed_int(def: &ParamDef, lparam: u64) -> u64 {
    if def.ty == Type::Boolean { (lparam != 0) as u64 } else { lparam }
}

/// Whether `current` equals what [`proposed`] would store, without copying anything.
pub fn holds_proposed(def: &ParamDef, current: &Value, lparam: u64, text: Option<&str>) -> bool {
    match current {
        Value::Str(s) => def.is_string() && s == text.unwrap_or(""),
        Value::Int(v) => !def.is_string() && *v == proposed_int(def, lparam),
        Value::Unicode(_) => false,
    }
}

/// The "equal value" shortcut of S-PAR-02. Integer-like parameters compare the raw `lParam`
/// with the stored value (so 5 is not "equal" to a stored boolean 1); strings never compare
/// equal, because the reference engine compares their pointers.
pub fn is_same(def: &ParamDef, current: &Value, lparam: u64) -> bool {
    !def.is_string() && *current == Value::Int(lparam)
}

/// Range, length and shape checks of a new value, on the raw `lParam` or the text (the last
/// step of a set). Ranges are inclusive; string lengths count UTF-16 units, NUL excluded.
pub fn validate(def: &ParamDef, lparam: u64, text: Option<&str>) -> JetResult<()> {
    if def.is_string() {
        let len = text.map_or(0, |s| s.encode_utf16().count()) as u64;
        return if def.has_range && (len < def.low || len > def.high) {
            fail(JET_errInvalidParameter)
        } else {
            Ok(())
        };
    }
    if def.id == JET_paramCommitDefault && lparam & !(COMMIT_MASK as u64) != 0 {
        return fail(JET_errInvalidParameter);
    }
    if def.has_range && (lparam < def.low || lparam > def.high) {
        return fail(JET_errInvalidParameter);
    }
    if def.ty == Type::BlockSize && !lparam.is_power_of_two() {
        return fail(JET_errInvalidParameter);
    }
    Ok(())
}

/// JET_paramEnableShrinkDatabase checks its bits before anything else (-900 beats -1030).
pub fn check_shrink_grbit(lparam: u64) -> JetResult<()> {
    const KNOWN: u64 = 0x8003;
    if lparam & !KNOWN != 0 || (lparam != 0 && lparam & 0x1 == 0) {
        return fail(JET_errInvalidGrbit);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_covers_every_id_in_order() {
        assert_eq!(PARAM_TABLE.len(), 222);
        for (i, d) in PARAM_TABLE.iter().enumerate() {
            assert_eq!(d.id as usize, i);
        }
        assert_eq!(PARAM_TABLE[JET_paramMaxSessions as usize].name, "JET_paramMaxSessions");
        assert_eq!(PARAM_TABLE[JET_paramMaxInstances as usize].name, "JET_paramMaxInstances");
    }

    #[test]
    fn defaults_of_the_effective_parameters() {
        let p = ParamSet::defaults();
        assert_eq!(p.int(JET_paramMaxSessions), 16);
        assert_eq!(p.int(JET_paramMaxInstances), 16);
        assert_eq!(p.int(JET_paramEnableAdvanced), 1);
        assert_eq!(p.int(JET_paramCommitDefault), 0);
        assert_eq!(p.get(JET_paramBaseName), &Value::Str("edb".into()));
    }

    #[test]
    fn illegal_and_out_of_table_ids_are_invalid() {
        assert!(def(JET_paramMaxValueInvalid).is_err());
        assert!(def(185).is_err());
        assert!(def(u32::MAX).is_err());
        assert!(def(JET_paramMaxSessions).is_ok());
    }

    #[test]
    fn ranges_and_lengths() {
        let ms = def(JET_paramMaxSessions).unwrap();
        assert!(validate(ms, 30000, None).is_ok());
        assert!(validate(ms, 30001, None).is_err());
        let base = def(JET_paramBaseName).unwrap();
        assert!(validate(base, 0, Some("abc")).is_ok());
        assert!(validate(base, 0, Some("abcd")).is_err());
        assert!(validate(base, 0, None).is_err());
        let cd = def(JET_paramCommitDefault).unwrap();
        assert!(validate(cd, 0x1, None).is_ok());
        assert!(validate(cd, 0x4, None).is_err());
        let page = def(JET_paramDatabasePageSize).unwrap();
        assert!(validate(page, 8192, None).is_ok());
        assert!(validate(page, 8193, None).is_err());
    }

    #[test]
    fn booleans_compare_raw_and_store_normalised() {
        let b = def(JET_paramCircularLog).unwrap();
        assert_eq!(proposed(b, 5, None), Ok(Value::Int(1)));
        assert!(holds_proposed(b, &Value::Int(1), 5, None));
        assert!(!holds_proposed(b, &Value::Int(0), 5, None));
        assert!(!is_same(b, &Value::Int(1), 5));
        assert!(is_same(b, &Value::Int(1), 1));
        let s = def(JET_paramBaseName).unwrap();
        assert!(!is_same(s, &Value::Str("edb".into()), 0));
        assert!(holds_proposed(s, &Value::Str("edb".into()), 0, Some("edb")));
        assert!(!holds_proposed(s, &Value::Str("edb".into()), 0, Some("edc")));
        assert!(holds_proposed(s, &Value::Str(String::new()), 0, None));
    }

    #[test]
    fn unicode_default_is_checked_like_an_index() {
        // jetapi.cxx SetUnicodeIndexDefault / norm.cxx ErrNORMCheckLCMapFlags: the built-in
        // value, LCMAP_SORTKEY added, invalid flags and bad locales -1003 (not -1055/-1062).
        let d = ParamSet::defaults();
        let builtin = UnicodeDefault { locale: "en-US".into(), lcmap_flags: 0x30401 };
        assert_eq!(d.get(JET_paramUnicodeIndexDefault), &Value::Unicode(builtin.clone()));
        assert_eq!(UnicodeDefault::builtin(), Ok(builtin));
        let u = UnicodeDefault { locale: "de-DE".into(), lcmap_flags: lcmap::NORM_IGNORECASE };
        assert_eq!(u.checked().map(|u| u.lcmap_flags), Ok(0x401));
        let root = UnicodeDefault { locale: String::new(), lcmap_flags: 0 };
        assert_eq!(root.checked().map(|u| u.lcmap_flags), Ok(0x400));
        for bad in [lcmap::LCMAP_UPPERCASE, 0x40, 0x8000_0000] {
            let u = UnicodeDefault { locale: "en-US".into(), lcmap_flags: bad };
            assert_eq!(u.checked(), fail(JET_errInvalidParameter), "{bad:#x}");
        }
        let u = UnicodeDefault { locale: "not a locale!".into(), lcmap_flags: 0 };
        assert_eq!(u.checked(), fail(JET_errInvalidParameter));
    }

    #[test]
    fn try_clone_copies_every_value() {
        // S-LIF-01: the clone of a new instance's parameters is fallible and faithful.
        let mut p = ParamSet::defaults();
        p.put(JET_paramSystemPath, Value::Str("/var/lib/x/".into()));
        p.put(JET_paramMaxSessions, Value::Int(77));
        p.put(
            JET_paramUnicodeIndexDefault,
            Value::Unicode(UnicodeDefault { locale: "fr-FR".into(), lcmap_flags: 0x401 }),
        );
        let c = p.try_clone().unwrap();
        for id in 0..PARAM_TABLE.len() as u32 {
            assert_eq!(c.get(id), p.get(id));
        }
    }
}
