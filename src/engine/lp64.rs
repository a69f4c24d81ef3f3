//! The LP64 compatibility mode, a libesent extension, off by default.
//!
//! Windows is LLP64: `long` is 4 bytes, and Windows programs pass `sizeof(long)` for the values
//! of `JET_coltypLong` columns. On Linux that is 8, which ESE refuses
//! (`JET_errInvalidBufferSize`). With the mode on, a 4-byte integer column
//! (`JET_coltypLong`, `JET_coltypUnsignedLong`) also takes an 8-byte value in JetSetColumn(s),
//! JetMakeKey and JetEscrowUpdate (its delta) when the value fits in 4 bytes (sign-extended for
//! `Long`, upper half zero for `UnsignedLong`); one that does not fit gets the normal size error.
//! JetRetrieveColumn(s) into an 8-byte buffer, and JetEscrowUpdate's old value into one, write
//! the widened value and report 8 bytes. Nothing else changes.
//!
//! The mode is process-wide. Its first value comes from `ESENT_LP64_COMPAT` (read once: `1`,
//! `yes`, `true`, `on` in any case mean on; unset, empty, `0`, `no`, `false`, `off` mean off;
//! anything else is off with one warning line on stderr); `ESENT_paramLP64Compat` sets and
//! gets it at any time. Each value that the mode converts adds a note to the call's trace line.

use crate::abi::consts::*;
use crate::engine::coltype::ColType;
use std::sync::atomic::{AtomicU8, Ordering};

const UNKNOWN: u8 = 0;
const OFF: u8 = 1;
const ON: u8 = 2;

static STATE: AtomicU8 = AtomicU8::new(UNKNOWN);

/// What a value of `ESENT_LP64_COMPAT` asks for: `Some(on)`, or `None` when not understood.
pub fn parse(v: &[u8]) -> Option<bool> {
    let is = |word: &str| v.eq_ignore_ascii_case(word.as_bytes());
    if ["1", "yes", "true", "on"].into_iter().any(is) {
        Some(true)
    } else if v.is_empty() || ["0", "no", "false", "off"].into_iter().any(is) {
        Some(false)
    } else {
        None
    }
}

/// Is the mode on? Reads `ESENT_LP64_COMPAT` the first time (unless the parameter was set).
#[inline]
pub fn enabled() -> bool {
    match STATE.load(Ordering::Relaxed) {
        OFF => false,
        ON => true,
        _ => init(),
    }
}

#[cold]
fn init() -> bool {
    // Reached inside shims, before or within their panic boundary: nothing here may panic.
    let v = std::env::var_os("ESENT_LP64_COMPAT").unwrap_or_default();
    let on = match parse(v.as_encoded_bytes()) {
        Some(on) => on,
        None => {
            use std::io::Write;
            let _ = std::io::stderr().write_fmt(format_args!(
                "libesent: ESENT_LP64_COMPAT={:?} not understood: the LP64 mode is off (1/yes/true/on: on)\n",
                v.to_string_lossy()
            ));
            false
        }
    };
    // A set of the parameter that raced with this first read wins.
    let _ = STATE.compare_exchange(UNKNOWN, if on { ON } else { OFF }, Ordering::Relaxed, Ordering::Relaxed);
    STATE.load(Ordering::Relaxed) == ON
}

/// `ESENT_paramLP64Compat` set: nonzero turns the mode on, 0 off.
pub fn set(on: bool) {
    STATE.store(if on { ON } else { OFF }, Ordering::Relaxed);
}

/// Forgets the setting (the library is being unloaded): the next load reads the variable again.
pub fn teardown() {
    STATE.store(UNKNOWN, Ordering::Relaxed);
}

/// Whether the mode applies to a column of this type: the 4-byte integers.
pub fn applies(coltype: ColType) -> bool {
    matches!(coltype, ColType::Long | ColType::UnsignedLong)
}

/// An 8-byte value given for a 4-byte integer column, as the column's 4 bytes: `None` when it
/// does not fit (the caller then reports the normal size error) or when `data` is not 8 bytes.
pub fn narrow(coltype: ColType, data: &[u8]) -> Option<[u8; 4]> {
    let v: [u8; 8] = data.try_into().ok()?;
    let v = i64::from_le_bytes(v);
    let four = match coltype {
        ColType::Long => i32::try_from(v).ok()?.to_le_bytes(),
        ColType::UnsignedLong => u32::try_from(v).ok()?.to_le_bytes(),
        _ => return None,
    };
    Some(four)
}

/// A 4-byte integer column's value widened to 8 bytes (sign-extended for `Long`).
pub fn widen(coltype: ColType, four: [u8; 4]) -> [u8; 8] {
    match coltype {
        ColType::Long => i64::from(i32::from_le_bytes(four)).to_le_bytes(),
        _ => u64::from(u32::from_le_bytes(four)).to_le_bytes(),
    }
}

/// The narrowing of `data` for a column when the mode is on and applies: the 4 bytes to use
/// instead, with a note on the trace line of the call (`what`: the column id, or for a key the
/// segment's number).
pub fn narrowed_for(coltype: ColType, data: &[u8], what: std::fmt::Arguments<'_>) -> Option<[u8; 4]> {
    if data.len() != 8 || !applies(coltype) || !enabled() {
        return None;
    }
    let r = narrow(coltype, data);
    crate::engine::trace::wrote(|s| {
        use std::fmt::Write as _;
        let how = if r.is_some() { "narrowed" } else { "out-of-range" };
        let _ = write!(s, "lp64={how}({what})");
    });
    r
}

/// Whether a retrieval into `cb_data` bytes of a column of this type is one the mode widens.
pub fn widens(coltype: ColType, cb_data: u32) -> bool {
    cb_data == 8 && applies(coltype) && enabled()
}

/// Records on the trace line that a retrieved value was widened.
pub fn note_widened(columnid: u32) {
    crate::engine::trace::wrote(|s| {
        use std::fmt::Write as _;
        let _ = write!(s, "lp64=widened({columnid:#x})");
    });
}

/// The parameter's id: far above ESE's (which end below `JET_paramMaxValueInvalid`).
pub const PARAM: u32 = ESENT_paramLP64Compat;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_the_variable() {
        for v in ["1", "yes", "YES", "True", "on"] {
            assert_eq!(parse(v.as_bytes()), Some(true), "{v}");
        }
        for v in ["", "0", "no", "False", "OFF"] {
            assert_eq!(parse(v.as_bytes()), Some(false), "{v}");
        }
        for v in ["2", " 1", "enable"] {
            assert_eq!(parse(v.as_bytes()), None, "{v}");
        }
    }

    #[test]
    fn narrowing_checks_the_range() {
        let l = ColType::Long;
        let u = ColType::UnsignedLong;
        assert_eq!(narrow(l, &(-5i64).to_le_bytes()), Some((-5i32).to_le_bytes()));
        assert_eq!(narrow(l, &i64::from(i32::MAX).to_le_bytes()), Some(i32::MAX.to_le_bytes()));
        assert_eq!(narrow(l, &i64::from(i32::MIN).to_le_bytes()), Some(i32::MIN.to_le_bytes()));
        assert_eq!(narrow(l, &(i64::from(i32::MAX) + 1).to_le_bytes()), None);
        assert_eq!(narrow(l, &(i64::from(i32::MIN) - 1).to_le_bytes()), None);
        assert_eq!(narrow(u, &u64::from(u32::MAX).to_le_bytes()), Some(u32::MAX.to_le_bytes()));
        assert_eq!(narrow(u, &(-1i64).to_le_bytes()), None);
        assert_eq!(narrow(u, &(1u64 << 32).to_le_bytes()), None);
        assert_eq!(narrow(l, &[1, 2, 3, 4]), None);
        assert_eq!(narrow(ColType::LongLong, &5i64.to_le_bytes()), None);
    }

    #[test]
    fn widening_extends_by_signedness() {
        assert_eq!(widen(ColType::Long, (-2i32).to_le_bytes()), (-2i64).to_le_bytes());
        assert_eq!(widen(ColType::UnsignedLong, u32::MAX.to_le_bytes()), u64::from(u32::MAX).to_le_bytes());
        assert!(applies(ColType::Long) && applies(ColType::UnsignedLong));
        assert!(!applies(ColType::Short) && !applies(ColType::IEEESingle) && !applies(ColType::LongLong));
    }
}
