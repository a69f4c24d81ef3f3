//! Object names (tables, columns, indexes): ESE's validation (`data-ddl` §1.2, util.cxx
//! ErrUTILICheckName) and comparison, for names held as UTF-8 (S-NAM-01).
//!
//! ESE works on Windows-1252 bytes, one byte per character. We store UTF-8 and count
//! **characters**: a name is valid when each of its characters exists in Windows-1252, so the
//! count of characters is exactly the count of bytes the name has in Windows-1252, and the
//! 64-character limit accepts and refuses the same names as Windows. A W name is first turned
//! from UTF-16 into UTF-8 ([`name_from_utf16`]); an A name is taken as UTF-8 ([`name_from_bytes`]).
//!
//! Comparison folds ASCII letters only (`_stricmp` in the C locale for columns and indexes,
//! normu.cxx's `a`-`z` upper-casing of the catalog's Name key for tables): `Orders` and `ORDERS`
//! are one name, while `é` (0xE9) and `É` (0xC9) stay different, as on Windows.

use crate::abi::consts::*;
use crate::engine::error::{JetResult, fail, try_string};

/// `JET_cbNameMost` as the engine counts it: 64 characters (the narrow header's value; the
/// `JET_UNICODE` header's 128 is the same 64 characters in bytes of UTF-16).
pub const CCH_NAME_MOST: usize = 64;

/// Windows-1252's characters at 0x80..=0x9F, by byte. The five bytes Windows leaves undefined
/// (0x81, 0x8D, 0x8F, 0x90, 0x9D) convert to and from the C1 code points of the same value,
/// as `MultiByteToWideChar`/`WideCharToMultiByte` do for code page 1252.
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
    0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
    0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
];

/// The Windows-1252 byte of a character, or `None` when code page 1252 has no such character.
pub fn to_cp1252(c: char) -> Option<u8> {
    let u = c as u32;
    match u {
        0..=0x7F | 0xA0..=0xFF => Some(u as u8),
        _ => CP1252_HIGH.iter().position(|&x| x as u32 == u).map(|i| 0x80 + i as u8),
    }
}

/// The character of a Windows-1252 byte (every byte has one, see [`CP1252_HIGH`]).
pub fn from_cp1252(b: u8) -> char {
    match b {
        0x80..=0x9F => char::from_u32(CP1252_HIGH[(b - 0x80) as usize] as u32).unwrap_or('\u{FFFD}'),
        _ => b as char,
    }
}

/// An A name as the caller gave it (the bytes before its NUL): UTF-8 (S-ABI-06), anything
/// else `JET_errInvalidName`. `None` is a NULL pointer: `JET_errInvalidName` (util.cxx:205).
pub fn name_from_bytes(bytes: Option<&[u8]>) -> JetResult<&str> {
    match bytes.map(std::str::from_utf8) {
        Some(Ok(s)) => Ok(s),
        _ => fail(JET_errInvalidName),
    }
}

/// A W name (the UTF-16 units before its NUL) as UTF-8; an unpaired surrogate cannot be a
/// Windows-1252 character and is `JET_errInvalidName`, as is `None` (NULL). The result still
/// goes through [`check_name`].
pub fn name_from_utf16(units: Option<&[u16]>) -> JetResult<String> {
    let Some(units) = units else { return fail(JET_errInvalidName) };
    let mut out = String::new();
    out.try_reserve(units.len()).map_err(crate::engine::error::oom)?;
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => out.push(c),
            Err(_) => return fail(JET_errInvalidName),
        }
    }
    Ok(out)
}

/// Validates an object name and returns the name to store (`data-ddl` §1.2, S-NAM-01):
///
/// - empty, or a first character that is a space → `JET_errInvalidName`;
/// - a control character (U+0000..U+001F) or one of `!` `.` `[` `]` anywhere → -1002;
/// - a character that does not exist in Windows-1252 → -1002 (ESE's W path fails the same way);
/// - more than 64 characters → -1002, counted **before** trailing spaces are removed
///   (util.cxx:236-243: ESE refuses a name whose 65th byte is not its NUL);
/// - trailing spaces are removed; nothing left → -1002.
///
/// Every other character is legal, DEL and spaces inside the name included.
pub fn check_name(name: &str) -> JetResult<String> {
    if name.starts_with(' ') {
        return fail(JET_errInvalidName);
    }
    let mut end = 0;
    for (count, (i, c)) in name.char_indices().enumerate() {
        if count == CCH_NAME_MOST {
            return fail(JET_errInvalidName);
        }
        if c < ' ' || matches!(c, '!' | '.' | '[' | ']') || to_cp1252(c).is_none() {
            return fail(JET_errInvalidName);
        }
        if c != ' ' {
            end = i + c.len_utf8();
        }
    }
    if end == 0 {
        return fail(JET_errInvalidName);
    }
    try_string(&name[..end])
}

/// Whether two stored names are the same name: ASCII letters compare without case, every other
/// character exactly (`data-ddl` §1.2).
pub fn names_equal(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The form of a name that orders and finds it: ASCII letters upper-cased (as the catalog's
/// Name index normalizes it, normu.cxx:31-70), everything else as is.
pub fn name_key(name: &str) -> String {
    name.to_ascii_uppercase()
}
