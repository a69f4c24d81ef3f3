//! Index key strings (`szKey`/`cbKey`, `data-ddl` §7.3 and §7.2 for the W form): a list of
//! NUL-terminated segments `+col` / `-col` ended by an extra NUL, `cbKey` counting every byte
//! including both final NULs (fcreate.cxx:1582-1640).
//!
//! The A form is parsed as bytes ([`parse_key`]). The W form ([`key_from_utf16`]) is first
//! checked and converted as ESE's W entry points do (jetapi.cxx:14224-14330) and then parsed
//! as an A key; the shim hands the `cbKey / 2` UTF-16 units it read.

use crate::abi::consts::*;
use crate::engine::catalog::name::to_cp1252;
use crate::engine::error::{JetResult, fail};

/// One segment of a key string: the column name as written and its direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySegmentSpec {
    /// The bytes between the prefix and the NUL, as UTF-8 (bytes that are not UTF-8 can match
    /// no column). Not validated as a name: an invalid name is simply not found (-1507).
    pub column: String,
    pub descending: bool,
}

/// The checks ESE makes before it looks at the segments (fcreate.cxx:1582-1593): `cbKey` 0 →
/// `JET_errInvalidParameter`; a first byte other than `+`/`-`, or a last or second-to-last
/// byte that is not NUL → `JET_errIndexInvalidDef`. ESE reads `szKey[cbKey-2]` unchecked; a
/// key shorter than 3 bytes (the shortest well-formed one, `"+\0\0"`) is -1406 here
/// (`data-ddl` §7.3 recommendation).
pub(crate) fn check_key_frame(key: &[u8]) -> JetResult<()> {
    let n = key.len();
    if n == 0 {
        return fail(JET_errInvalidParameter);
    }
    if n < 3 || (key[0] != b'+' && key[0] != b'-') || key[n - 1] != 0 || key[n - 2] != 0 {
        return fail(JET_errIndexInvalidDef);
    }
    Ok(())
}

/// The segments of a key whose frame [`check_key_frame`] accepted (fcreate.cxx:1595-1640):
/// more than `JET_ccolKeyMost` (16) segments, none at all, or bytes left after the double NUL
/// (the legacy LANGID / cbVarSegMac trailer, on which ESE fails fast) → `JET_errIndexInvalidDef`.
/// A segment's prefix is optional after the first.
pub(crate) fn split_key(key: &[u8]) -> JetResult<Vec<KeySegmentSpec>> {
    // The frame ends in two NULs, so every scan below stops inside the buffer.
    let mut segments = Vec::new();
    let mut i = 0;
    while key[i] != 0 {
        if segments.len() >= JET_ccolKeyMost as usize {
            return fail(JET_errIndexInvalidDef);
        }
        let descending = key[i] == b'-';
        if key[i] == b'-' || key[i] == b'+' {
            i += 1;
        }
        let start = i;
        while key[i] != 0 {
            i += 1;
        }
        segments.push(KeySegmentSpec {
            column: String::from_utf8_lossy(&key[start..i]).into_owned(),
            descending,
        });
        i += 1;
    }
    if segments.is_empty() {
        return fail(JET_errIndexInvalidDef);
    }
    if i + 1 < key.len() {
        return fail(JET_errIndexInvalidDef);
    }
    Ok(segments)
}

/// Parses an A key string (`cbKey` bytes) with every rule of `data-ddl` §7.3. The index
/// validation in [`super::Catalog`] runs the same two steps with the space-hint check between
/// them, as ESE orders them.
pub fn parse_key(key: &[u8]) -> JetResult<Vec<KeySegmentSpec>> {
    check_key_frame(key)?;
    split_key(key)
}

/// Converts a W key string (`cbKey / 2` units) to the A form the engine parses, with the W
/// rules of `data-ddl` §7.2: no units → `JET_errInvalidParameter`; a first unit other than
/// `+`/`-`, or a last or second-to-last unit that is not 0 → `JET_errIndexInvalidDef`; a
/// character that has no Windows-1252 form (or an unpaired surrogate) → `JET_errInvalidName`.
/// The result is UTF-8 with the NULs where the W string had them; a legacy trailer after the
/// double NUL is copied as its bytes, so that [`parse_key`] refuses it.
pub fn key_from_utf16(units: &[u16]) -> JetResult<Vec<u8>> {
    let n = units.len();
    if n == 0 {
        return fail(JET_errInvalidParameter);
    }
    let plus = b'+' as u16;
    let minus = b'-' as u16;
    if n < 2 || (units[0] != plus && units[0] != minus) || units[n - 1] != 0 || units[n - 2] != 0 {
        return fail(JET_errIndexInvalidDef);
    }
    // The end of the multi-string: past the NUL that ends its list. The last two units are 0,
    // so the scan stays inside the buffer.
    let mut i = 0;
    while units[i] != 0 {
        while units[i] != 0 {
            i += 1;
        }
        i += 1;
    }
    let end = i + 1;
    let mut out = Vec::with_capacity(2 * n);
    for c in char::decode_utf16(units[..end].iter().copied()) {
        match c {
            Ok(c) if to_cp1252(c).is_some() => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            _ => return fail(JET_errInvalidName),
        }
    }
    // A legacy trailer is passed through unconverted, as ESE copies it, for the engine to refuse.
    for u in &units[end..] {
        out.extend_from_slice(&u.to_le_bytes());
    }
    Ok(out)
}
