//! Error codes: one table gives each code its name and description (generated from
//! `data/jet-constants.tsv` and `data/errors.tsv`); everything textual comes from it.

use crate::abi::consts::*;
use std::collections::TryReserveError;
use std::fmt;

/// A JET error code (negative) carried through the engine as a `Result` error.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct JetError(pub i32);

pub type JetResult<T> = Result<T, JetError>;

/// Shorthand for `Err(JetError(code))`.
pub fn fail<T>(code: i32) -> JetResult<T> {
    Err(JetError(code))
}

pub struct ErrorInfo {
    pub code: i32,
    pub name: &'static str,
    pub description: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/errors.rs"));

/// The table entry for `code`; where several names share a value, the first listed.
pub fn lookup(code: i32) -> Option<&'static ErrorInfo> {
    ERROR_TABLE.binary_search_by_key(&code, |e| e.code).ok().map(|i| &ERROR_TABLE[i])
}

/// The name of a code (`"JET_errInvalidParameter"`), or `None` for a number no table lists.
pub fn name(code: i32) -> Option<&'static str> {
    lookup(code).map(|e| e.name)
}

/// An allocation that failed: `JET_errOutOfMemory`, for `map_err` after a `try_reserve`.
/// Every allocation a C call makes goes through `try_reserve` and this, never through an
/// infallible allocation that would abort the process (S-LIF-01).
pub fn oom(_: TryReserveError) -> JetError {
    JetError(JET_errOutOfMemory)
}

/// A copy of `s`, or `JET_errOutOfMemory`.
pub fn try_string(s: &str) -> JetResult<String> {
    let mut out = String::new();
    out.try_reserve_exact(s.len()).map_err(oom)?;
    out.push_str(s);
    Ok(out)
}

/// Writes the text of `code` (see [`describe`]) to `out`.
fn write_description(code: i32, out: &mut impl fmt::Write) -> fmt::Result {
    match lookup(code) {
        Some(e) => write!(out, "{}, {}", e.name, e.description),
        None => write!(out, "Unknown error {code}, not a code this library knows"),
    }
}

/// The text of `JET_paramErrorToString`: `"JET_errName, description"`; `JET_errOutOfMemory`
/// when even that string cannot be allocated.
pub fn describe(code: i32) -> JetResult<String> {
    // The longest text: a table entry, or the unknown-code sentence with an 11-digit number.
    let need = lookup(code).map_or(64, |e| e.name.len() + 2 + e.description.len());
    let mut out = String::new();
    out.try_reserve_exact(need).map_err(oom)?;
    // Within the reserved capacity, so the writes do not allocate.
    let _ = write_description(code, &mut out);
    Ok(out)
}

impl fmt::Debug for JetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match name(self.0) {
            Some(n) => write!(f, "{n} ({})", self.0),
            None => write!(f, "JET_ERR({})", self.0),
        }
    }
}

impl fmt::Display for JetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_description(self.0, f)
    }
}

impl std::error::Error for JetError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_complete() {
        assert!(ERROR_TABLE.windows(2).all(|w| w[0].code < w[1].code));
        assert_eq!(name(JET_errInvalidSesid), Some("JET_errInvalidSesid"));
        assert_eq!(name(JET_wrnNyi), Some("JET_wrnNyi"));
        assert!(ERROR_TABLE.iter().all(|e| !e.description.is_empty()));
    }

    #[test]
    fn describe_names_known_and_unknown_codes() {
        assert!(describe(JET_errSessionInUse).unwrap().starts_with("JET_errSessionInUse, "));
        assert!(describe(-123_456).unwrap().contains("-123456"));
        // The reservation is exact: the text never outgrows it (no reallocation, S-LIF-01).
        for code in [i32::MIN, -123_456, JET_errSuccess, JET_errInvalidSesid, 1_234_567_890] {
            let s = describe(code).unwrap();
            assert!(s.len() <= s.capacity() && s.capacity() <= 64.max(s.len()), "{code}: {s}");
        }
        assert_eq!(format!("{}", JetError(JET_errOutOfSessions)), describe(JET_errOutOfSessions).unwrap());
        assert_eq!(format!("{:?}", JetError(JET_errOutOfSessions)), "JET_errOutOfSessions (-1101)");
    }
}
