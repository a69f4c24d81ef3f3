//! Error codes: one table gives each code its name and description (generated from
//! `data/jet-constants.tsv` and `data/errors.tsv`); everything textual comes from it.

use crate::abi::consts::*;
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

/// The text of `JET_paramErrorToString`: `"JET_errName, description"`.
pub fn describe(code: i32) -> String {
    match lookup(code) {
        Some(e) => format!("{}, {}", e.name, e.description),
        None if code == JET_errSuccess => unreachable!("JET_errSuccess is in the table"),
        None => format!("Unknown error {code}, not a code this library knows"),
    }
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
        f.write_str(&describe(self.0))
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
        assert!(describe(JET_errSessionInUse).starts_with("JET_errSessionInUse, "));
        assert!(describe(-123_456).contains("-123456"));
        assert_eq!(format!("{:?}", JetError(JET_errOutOfSessions)), "JET_errOutOfSessions (-1101)");
    }
}
