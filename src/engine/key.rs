//! Key normalization: ESE's byte encoding of index keys (`data-records` §7), so that keys
//! compare as plain byte strings in the order of the values, and are byte-identical to the
//! keys Windows stores for every type but Unicode text (S-KEY-01). Unicode text (code page
//! 1200) uses ICU4X collation sort keys instead of Windows' `LCMapStringEx` (S-KEY-02).
//!
//! Everything here is a pure function of an index's key definition ([`KeyDef`]) and values:
//! [`record_key`] builds the key of a record's values, [`KeyBuilder`] the search key of
//! successive `JetMakeKey` calls. References are to ESE's `fldnorm.cxx` and `normu.cxx`
//! (microsoft/Extensible-Storage-Engine at 7030fe7).

use crate::abi::consts::*;
use crate::engine::coltype::{CP_UNICODE, ColType, pad_fixed_text};
use crate::engine::error::{JetResult, fail};
use icu_collator::options::{AlternateHandling, CaseLevel, CollatorOptions, MaxVariable, Strength};
use icu_collator::preferences::CollationNumericOrdering;
use icu_collator::{CollatorBorrowed, CollatorPreferences};
use std::sync::Arc;

/// Segment header bytes (fldnorm.cxx:8-12).
pub const PREFIX_NULL: u8 = 0x00;
pub const PREFIX_ZERO_LENGTH: u8 = 0x40;
pub const PREFIX_DATA: u8 = 0x7F;
pub const PREFIX_NULL_HIGH: u8 = 0xC0;
/// Fills the rest of the key space of an end limit.
pub const SENTINEL: u8 = 0xFF;
/// Ends a text segment (fldnorm.cxx:17-20); Unicode sort keys separate weight levels by 0x01.
const TEXT_TERMINATOR: u8 = 0x00;
const UNICODE_DELIMITER: u8 = 0x01;
/// Binary data is normalized in chunks of 8 bytes, each followed by a count byte
/// (rec.hxx:981-982).
const BINARY_CHUNK: usize = 8;
const BINARY_CHUNK_NORMALIZED: usize = BINARY_CHUNK + 1;
/// The legacy key size: indexes of this size cut their source data first (fldnorm.cxx:65-88,
/// 2611-2618).
const CB_KEY_MOST_OLD: usize = JET_cbKeyMost_OLD as usize;

/// The version of the Unicode collation that builds cp-1200 key segments. An index records it
/// when it is built (S-KEY-02); an index whose recorded version differs must be rebuilt, as ESE
/// does after an NLS change. It names the crate version, which pins the algorithm and the CLDR
/// data compiled into it (a test checks it against Cargo.lock).
pub const UNICODE_COLLATION_VERSION: &str = "icu4x-collator-2.1.2";

/// `LCMapStringEx` flags an index may give (norm.cxx:685-713).
pub mod lcmap {
    pub const NORM_IGNORECASE: u32 = 0x0000_0001;
    pub const NORM_IGNORENONSPACE: u32 = 0x0000_0002;
    pub const NORM_IGNORESYMBOLS: u32 = 0x0000_0004;
    pub const SORT_DIGITSASNUMBERS: u32 = 0x0000_0008;
    pub const LINGUISTIC_IGNORECASE: u32 = 0x0000_0010;
    pub const LINGUISTIC_IGNOREDIACRITIC: u32 = 0x0000_0020;
    pub const LCMAP_UPPERCASE: u32 = 0x0000_0200;
    pub const LCMAP_SORTKEY: u32 = 0x0000_0400;
    pub const LCMAP_BYTEREV: u32 = 0x0000_0800;
    pub const SORT_STRINGSORT: u32 = 0x0000_1000;
    pub const NORM_IGNOREKANATYPE: u32 = 0x0001_0000;
    pub const NORM_IGNOREWIDTH: u32 = 0x0002_0000;
    pub const NORM_LINGUISTIC_CASING: u32 = 0x0800_0000;
    /// The default of ESE (norm.cxx:24): case, kana and width insensitive.
    pub const DEFAULT: u32 = LCMAP_SORTKEY | NORM_IGNORECASE | NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH;
    pub(super) const VALID_WITH_SORTKEY: u32 = LCMAP_BYTEREV
        | NORM_IGNORECASE
        | NORM_IGNORENONSPACE
        | NORM_IGNORESYMBOLS
        | LINGUISTIC_IGNORECASE
        | LINGUISTIC_IGNOREDIACRITIC
        | SORT_DIGITSASNUMBERS
        | NORM_IGNOREKANATYPE
        | NORM_IGNOREWIDTH
        | NORM_LINGUISTIC_CASING
        | SORT_STRINGSORT;
}

/// The collation of ESE's defaults, built once.
fn default_collation() -> &'static UnicodeCollation {
    static DEFAULT: std::sync::LazyLock<UnicodeCollation> =
        std::sync::LazyLock::new(UnicodeCollation::default_collation);
    &DEFAULT
}

/// The collation of an index's Unicode text segments: a locale and LCMap flags turned into an
/// ICU4X collator. Built once per index definition and shared.
pub struct UnicodeCollation {
    collator: CollatorBorrowed<'static>,
    locale: String,
    flags: u32,
}

impl std::fmt::Debug for UnicodeCollation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnicodeCollation").field("locale", &self.locale).field("flags", &self.flags).finish()
    }
}

impl UnicodeCollation {
    /// A collation for `locale` (a BCP 47 / Windows locale name such as `en-US`; empty means
    /// the root collation) and `flags` (`LCMapStringEx` flags; `LCMAP_SORTKEY` is implied, as in
    /// norm.cxx:718-727).
    ///
    /// Flags outside ESE's valid set, or `LCMAP_UPPERCASE` (not supported) →
    /// `JET_errInvalidLCMapStringFlags`; a malformed locale name → `JET_errInvalidLanguageId`.
    ///
    /// Strength: ignoring non-spacing marks (or diacritics) → primary (plus the case level when
    /// case is not ignored); ignoring case only → secondary; else tertiary. `NORM_IGNORESYMBOLS`
    /// shifts punctuation and symbols to ignorable, `SORT_DIGITSASNUMBERS` orders digits
    /// numerically. Kana type and width are ignored at primary and secondary strength and not
    /// separately: at tertiary strength they count (a deliberate difference, S-KEY-02).
    /// `LCMAP_BYTEREV`, `SORT_STRINGSORT` and `NORM_LINGUISTIC_CASING` are accepted and ignored.
    pub fn new(locale: &str, flags: u32) -> JetResult<UnicodeCollation> {
        use lcmap::*;
        let flags = flags | LCMAP_SORTKEY;
        if flags & !(VALID_WITH_SORTKEY | LCMAP_SORTKEY) != 0 {
            return fail(JET_errInvalidLCMapStringFlags);
        }
        let loc = if locale.is_empty() {
            icu_locale_core::Locale::UNKNOWN
        } else {
            match icu_locale_core::Locale::try_from_str(locale) {
                Ok(l) => l,
                Err(_) => return fail(JET_errInvalidLanguageId),
            }
        };
        let ignore_case = flags & (NORM_IGNORECASE | LINGUISTIC_IGNORECASE) != 0;
        let ignore_accents = flags & (NORM_IGNORENONSPACE | LINGUISTIC_IGNOREDIACRITIC) != 0;
        let mut options = CollatorOptions::default();
        options.strength = Some(match (ignore_accents, ignore_case) {
            (true, _) => Strength::Primary,
            (false, true) => Strength::Secondary,
            (false, false) => Strength::Tertiary,
        });
        if ignore_accents && !ignore_case {
            options.case_level = Some(CaseLevel::On);
        }
        if flags & NORM_IGNORESYMBOLS != 0 {
            options.alternate_handling = Some(AlternateHandling::Shifted);
            options.max_variable = Some(MaxVariable::Symbol);
        }
        let mut prefs = CollatorPreferences::from(&loc);
        if flags & SORT_DIGITSASNUMBERS != 0 {
            prefs.numeric_ordering = Some(CollationNumericOrdering::True);
        }
        let collator = match CollatorBorrowed::try_new(prefs, options) {
            Ok(c) => c,
            Err(_) => return fail(JET_errInvalidLanguageId),
        };
        Ok(UnicodeCollation { collator, locale: locale.to_string(), flags })
    }

    /// The collation of ESE's defaults: locale `en-US`, [`lcmap::DEFAULT`].
    pub fn default_collation() -> UnicodeCollation {
        UnicodeCollation::new("en-US", lcmap::DEFAULT).expect("the default collation exists")
    }

    /// The version to record with an index built by this collation.
    pub fn version(&self) -> &'static str {
        UNICODE_COLLATION_VERSION
    }

    pub fn locale(&self) -> &str {
        &self.locale
    }

    /// The flags in effect (with `LCMAP_SORTKEY`).
    pub fn flags(&self) -> u32 {
        self.flags
    }

    /// Appends the sort key of UTF-16 text `units` and a 0x00 terminator to `out`. ICU4X sort
    /// keys never contain 0x00, and 0x01 only between levels, so the result has the structure
    /// of a Windows sort key (`data-records` §7.4) and compares like the collator.
    pub fn sort_key(&self, units: &[u16], out: &mut Vec<u8>) {
        // Writing into a Vec cannot fail.
        let _ = self.collator.write_sort_key_utf16_to(units, out);
        out.push(TEXT_TERMINATOR);
    }
}

/// One segment of an index key: the column's type and where it lives.
#[derive(Clone, Debug)]
pub struct SegmentDef {
    pub coltype: ColType,
    /// 1252 or 1200 for text (see `ColType::code_page`), else 0.
    pub cp: u16,
    pub descending: bool,
    /// The column is of the fixed class (FID 1..=127): binary is copied as is, and
    /// `JetMakeKey` data must have the column's size.
    pub fixed: bool,
    /// The size of a fixed column (its `cbMax`); unused otherwise.
    pub cb_fixed: usize,
}

/// What normalization needs of an index.
#[derive(Clone, Debug)]
pub struct KeyDef {
    pub segments: Vec<SegmentDef>,
    /// The index's `cbKeyMost` (255 unless `JET_bitIndexKeyMost`).
    pub cb_key_most: usize,
    /// The index's `cbVarSegMac` as stored (equal to `cb_key_most` when not limited).
    pub cb_var_seg_mac: usize,
    /// `JET_bitIndexSortNullsHigh`, already cleared by the caller when
    /// `JET_bitIndexDisallowNull` is set (`data-ddl` §2.7).
    pub sort_nulls_high: bool,
    /// `JET_bitIndexDotNetGuid`.
    pub dot_net_guid: bool,
    /// `JET_bitIndexDisallowTruncation`: a truncated record key is `JET_errKeyTruncated`.
    pub disallow_truncation: bool,
    /// The collation of cp-1200 text segments; `None` uses [`UnicodeCollation::default_collation`].
    pub collation: Option<Arc<UnicodeCollation>>,
}

impl KeyDef {
    /// A key definition with ESE's defaults: 255-byte keys, no segment limit, nulls low.
    pub fn new(segments: Vec<SegmentDef>) -> KeyDef {
        KeyDef {
            segments,
            cb_key_most: JET_cbKeyMost as usize,
            cb_var_seg_mac: JET_cbKeyMost as usize,
            sort_nulls_high: false,
            dot_net_guid: false,
            disallow_truncation: false,
            collation: None,
        }
    }

    /// `cbVarSegMac` as the normalizers compare it: "not limited" becomes cbKeyMost + 1
    /// (fldnorm.cxx:2163-2167).
    fn var_seg_mac(&self) -> usize {
        if self.cb_var_seg_mac == self.cb_key_most || self.cb_var_seg_mac == 0 {
            self.cb_key_most + 1
        } else {
            self.cb_var_seg_mac
        }
    }

    /// The longest key a limit may make: cbKeyMost + 1 (daedef.hxx:1442-1446).
    pub fn cb_limit_key_most(&self) -> usize {
        self.cb_key_most + 1
    }
}

/// The value of one key segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyValue<'a> {
    Null,
    /// A zero-length value (text and binary only; other types make it NULL).
    ZeroLength,
    Data(&'a [u8]),
}

/// A normalized segment before inversion: its bytes, whether it was cut because the key space
/// ran out, and where binary data ends (0 when unknown), for partial limits.
struct Segment {
    bytes: Vec<u8>,
    truncated: bool,
    binary_delimiter: usize,
}

fn read2(b: &[u8], native: bool) -> u16 {
    let a = [b[0], b[1]];
    if native { u16::from_ne_bytes(a) } else { u16::from_le_bytes(a) }
}
fn read4(b: &[u8], native: bool) -> u32 {
    let a = [b[0], b[1], b[2], b[3]];
    if native { u32::from_ne_bytes(a) } else { u32::from_le_bytes(a) }
}
fn read8(b: &[u8], native: bool) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    if native { u64::from_ne_bytes(a) } else { u64::from_le_bytes(a) }
}

/// Fixed-size types (FLDNormalizeFixedSegment, fldnorm.cxx:448-703): big-endian, signed types
/// with the sign bit flipped, floats with all bits inverted when negative. `native` says the
/// data comes from `JetMakeKey` in machine order rather than from a record (little-endian).
fn normalize_fixed(coltype: ColType, data: &[u8], native: bool, dot_net_guid: bool) -> JetResult<Vec<u8>> {
    use ColType::*;
    let size = coltype.fixed_size().expect("fixed-size type") as usize;
    if data.len() < size {
        // ESE would read past the caller's data; a short value is refused instead.
        return fail(JET_errInvalidBufferSize);
    }
    let mut out = Vec::with_capacity(size + 1);
    out.push(PREFIX_DATA);
    match coltype {
        Bit => out.push(if data[0] == 0 { 0x00 } else { 0xFF }),
        UnsignedByte => out.push(data[0]),
        Short => out.extend_from_slice(&(read2(data, native) ^ 0x8000).to_be_bytes()),
        UnsignedShort => out.extend_from_slice(&read2(data, native).to_be_bytes()),
        Long => out.extend_from_slice(&(read4(data, native) ^ 0x8000_0000).to_be_bytes()),
        UnsignedLong => out.extend_from_slice(&read4(data, native).to_be_bytes()),
        LongLong | Currency => out.extend_from_slice(&(read8(data, native) ^ (1 << 63)).to_be_bytes()),
        UnsignedLongLong => out.extend_from_slice(&read8(data, native).to_be_bytes()),
        IEEESingle => {
            let v = read4(data, native);
            let v = if v & 0x8000_0000 != 0 { !v } else { v ^ 0x8000_0000 };
            out.extend_from_slice(&v.to_be_bytes());
        }
        IEEEDouble | DateTime => {
            let v = read8(data, native);
            let v = if v & (1 << 63) != 0 { !v } else { v ^ (1 << 63) };
            out.extend_from_slice(&v.to_be_bytes());
        }
        Guid => {
            // A GUID is stored as its in-memory struct (little-endian fields); ESE orders it by
            // the last group first (fldnorm.cxx:640-700).
            let order: [usize; 16] = if dot_net_guid {
                [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
            } else {
                [10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3]
            };
            out.extend(order.iter().map(|&i| data[i]));
        }
        Binary | Text | LongBinary | LongText => unreachable!("not a fixed-size type"),
    }
    Ok(out)
}

/// cp-1252 text (ErrUtilNormText, normu.cxx:31-100): up to the first NUL, `a`-`z` upper-cased,
/// then a NUL. When the text does not fit `space` bytes, the first `space - 1` bytes are
/// upper-cased and the next source byte is added less 0x20 whatever it is (the old
/// `_toupper` quirk), without terminator; the result then reports `true` (cut).
fn normalize_ansi(text: &[u8], space: usize, out: &mut Vec<u8>) -> bool {
    let upper = |b: u8| if b.is_ascii_lowercase() { b - 0x20 } else { b };
    if space > text.len() {
        let n = text.iter().position(|&b| b == 0).unwrap_or(text.len());
        out.extend(text[..n].iter().map(|&b| upper(b)));
        out.push(TEXT_TERMINATOR);
        false
    } else if space > 0 {
        let room = space - 1;
        let n = text[..room].iter().position(|&b| b == 0).unwrap_or(room);
        out.extend(text[..n].iter().map(|&b| upper(b)));
        if n == room && text[room] != 0 {
            out.push(text[room].wrapping_sub(0x20));
            true
        } else {
            out.push(TEXT_TERMINATOR);
            false
        }
    } else {
        false
    }
}

/// Text segments (ErrFLDNormalizeTextSegment, fldnorm.cxx:23-176).
fn normalize_text(def: &KeyDef, seg: &SegmentDef, data: &[u8], cb_avail: usize) -> Segment {
    let var_seg_mac = def.var_seg_mac();
    // Room for the data after the header byte; nothing when no key space is left.
    let space = cb_avail.min(var_seg_mac).saturating_sub(1);
    let unicode = seg.cp == CP_UNICODE;
    let char_size = if unicode { 2 } else { 1 };
    let mut len = data.len() / char_size * char_size;
    if def.cb_key_most == CB_KEY_MOST_OLD {
        len = len.min(CB_KEY_MOST_OLD.div_ceil(char_size) * char_size);
    }
    let data = &data[..len];
    let mut bytes = vec![PREFIX_DATA];
    let cut = if unicode {
        let units: Vec<u16> = data.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        let mut key = Vec::new();
        match &def.collation {
            Some(c) => c.sort_key(&units, &mut key),
            None => default_collation().sort_key(&units, &mut key),
        }
        let cut = key.len() > space;
        key.truncate(space);
        bytes.extend_from_slice(&key);
        cut
    } else {
        normalize_ansi(data, space, &mut bytes)
    };
    // A cut forced by cbVarSegMac is on purpose and does not mark the key truncated.
    let truncated = cut && (var_seg_mac > def.cb_key_most || bytes.len() - 1 < var_seg_mac - 1);
    Segment { bytes, truncated, binary_delimiter: 0 }
}

/// Binary segments (FLDNormalizeBinarySegment, fldnorm.cxx:243-446): fixed binary as is;
/// variable binary in 8-byte chunks, each followed by 9 when more data follows, the last one
/// zero-padded and followed by its count of real bytes (8 for a whole last chunk, 9 if the
/// column was cut at a chunk boundary).
fn normalize_binary(def: &KeyDef, seg: &SegmentDef, data: &[u8], cb_avail: usize) -> Segment {
    let var_seg_mac = def.var_seg_mac();
    let mut truncated = false;
    let mut delimiter = 0;
    let mut out = vec![PREFIX_DATA];
    if seg.fixed {
        let mut cb_seg = data.len() + 1;
        if var_seg_mac < def.cb_key_most && cb_seg > var_seg_mac {
            cb_seg = var_seg_mac;
        }
        if cb_seg > cb_avail {
            cb_seg = cb_avail;
            truncated = true;
        }
        out.extend_from_slice(&data[..cb_seg.saturating_sub(1)]);
        out.truncate(cb_seg);
        return Segment { bytes: out, truncated, binary_delimiter: 0 };
    }
    let chunks = data.len().div_ceil(BINARY_CHUNK);
    let mut cb_seg = chunks * BINARY_CHUNK_NORMALIZED + 1;
    let mut whole = true;
    if var_seg_mac < def.cb_key_most && cb_seg > var_seg_mac {
        cb_seg = var_seg_mac;
        whole = false;
    }
    if cb_seg > cb_avail {
        cb_seg = cb_avail;
        whole = false;
        truncated = true;
    }
    let mut room = cb_seg.saturating_sub(1);
    let mut rest = data;
    while room >= BINARY_CHUNK_NORMALIZED {
        if rest.len() <= BINARY_CHUNK {
            out.extend_from_slice(rest);
            delimiter = out.len();
            if rest.len() == BINARY_CHUNK {
                out.push(if whole { BINARY_CHUNK as u8 } else { BINARY_CHUNK_NORMALIZED as u8 });
            } else {
                out.resize(out.len() + BINARY_CHUNK - rest.len(), 0);
                out.push(rest.len() as u8);
            }
            rest = &[];
        } else {
            out.extend_from_slice(&rest[..BINARY_CHUNK]);
            out.push(BINARY_CHUNK_NORMALIZED as u8);
            rest = &rest[BINARY_CHUNK..];
        }
        room -= BINARY_CHUNK_NORMALIZED;
    }
    if room > 0 {
        if rest.len() >= room {
            out.extend_from_slice(&rest[..room]);
        } else {
            out.extend_from_slice(rest);
            delimiter = out.len();
            out.resize(out.len() + room - rest.len(), 0);
        }
    }
    Segment { bytes: out, truncated, binary_delimiter: delimiter }
}

/// The normalized form of one segment value in `cb_avail` bytes of key space, before
/// descending inversion. Fixed-size types are not cut here; the caller cuts to the space.
fn normalize_segment(
    def: &KeyDef,
    seg: &SegmentDef,
    value: KeyValue<'_>,
    cb_avail: usize,
    native: bool,
) -> JetResult<Segment> {
    let null = if def.sort_nulls_high { PREFIX_NULL_HIGH } else { PREFIX_NULL };
    let text_or_binary = seg.coltype.is_text() || seg.coltype.is_binary();
    let one = |b| Ok(Segment { bytes: vec![b], truncated: false, binary_delimiter: 0 });
    match value {
        KeyValue::Null => one(null),
        KeyValue::Data([]) | KeyValue::ZeroLength => {
            one(if text_or_binary { PREFIX_ZERO_LENGTH } else { null })
        }
        KeyValue::Data(data) => {
            if seg.coltype.is_text() {
                Ok(normalize_text(def, seg, data, cb_avail))
            } else if seg.coltype.is_binary() {
                Ok(normalize_binary(def, seg, data, cb_avail))
            } else {
                let bytes = normalize_fixed(seg.coltype, data, native, def.dot_net_guid)?;
                Ok(Segment { bytes, truncated: false, binary_delimiter: 0 })
            }
        }
    }
}

/// The key of a record (fldnorm.cxx:1560-1856): one value per segment of `def`, in segment
/// order, taken from the record (little-endian). Segments are appended until the key space of
/// `cb_key_most` runs out; the segment that does not fit is cut and no later segment follows.
/// Returns the key and whether it was truncated; with `disallow_truncation` a truncated key is
/// `JET_errKeyTruncated` (-346). A value count other than the segment count is
/// `JET_errInvalidParameter`.
pub fn record_key(def: &KeyDef, values: &[KeyValue<'_>]) -> JetResult<(Vec<u8>, bool)> {
    if values.len() != def.segments.len() {
        return fail(JET_errInvalidParameter);
    }
    let mut key = Vec::with_capacity(def.cb_key_most.min(64));
    let mut truncated = false;
    for (seg, value) in def.segments.iter().zip(values) {
        if truncated {
            break;
        }
        let cb_avail = def.cb_key_most - key.len();
        let mut s = normalize_segment(def, seg, *value, cb_avail, false)?;
        if s.truncated || s.bytes.len() > cb_avail {
            truncated = true;
            if def.disallow_truncation {
                return fail(JET_errKeyTruncated);
            }
            s.bytes.truncate(cb_avail);
        }
        if seg.descending {
            s.bytes.iter_mut().for_each(|b| *b ^= 0xFF);
        }
        key.extend_from_slice(&s.bytes);
    }
    Ok((key, truncated))
}

/// FullColumnEndLimit: fill the segment up to `cb_with_suffix` bytes with 0xFF
/// (FLDISetFullColumnLimit, fldnorm.cxx:1941-1955). A start limit leaves it as is.
fn full_limit(seg: &mut Vec<u8>, cb_with_suffix: usize, sentinel: bool) {
    if sentinel && seg.len() < cb_with_suffix {
        seg.resize(cb_with_suffix, SENTINEL);
    }
}

/// Partial limit on text (FLDISetPartialColumnLimitOnTextColumn, fldnorm.cxx:1957-2022): cut
/// the segment before its terminator (cp 1252) or its first level separator (cp 1200) and,
/// for an end limit, fill the rest of the key space with 0xFF.
fn partial_text_limit(seg: &mut Vec<u8>, cb_with_suffix: usize, descending: bool, sentinel: bool, cp: u16) {
    if seg.len() < 2 {
        full_limit(seg, cb_with_suffix, sentinel);
        return;
    }
    let flip = if descending { 0xFF } else { 0x00 };
    let suffix = cb_with_suffix - 1;
    let mut ib = if cp == CP_UNICODE {
        // ICU4X sort keys have no level separator at primary strength; the terminator then
        // ends the base weights (Windows keys always have the separator).
        let mut i = 1;
        while i < seg.len()
            && i < suffix
            && seg[i] != UNICODE_DELIMITER ^ flip
            && seg[i] != TEXT_TERMINATOR ^ flip
        {
            i += 1;
        }
        i
    } else if seg[seg.len() - 1] == TEXT_TERMINATOR ^ flip {
        seg.len() - 1
    } else {
        seg.len()
    };
    ib = ib.min(suffix);
    seg.truncate(ib);
    if sentinel {
        seg.resize(cb_with_suffix, SENTINEL);
    }
}

/// Partial limit on binary (FLDITrySetPartialColumnLimitOnBinaryColumn, fldnorm.cxx:2075-2115):
/// from where the data ends, 0xFF up to one byte past the segment (end limit), or cut there
/// (start limit); without a known end, a full column limit.
fn partial_binary_limit(seg: &mut Vec<u8>, cb_with_suffix: usize, delimiter: usize, sentinel: bool) {
    if delimiter == 0 {
        full_limit(seg, cb_with_suffix, sentinel);
    } else if sentinel {
        let len = seg.len() + 1;
        seg.truncate(delimiter);
        seg.resize(len, SENTINEL);
    } else {
        seg.truncate(delimiter);
    }
}

/// The search key of one cursor, built by successive `JetMakeKey` calls (ErrIsamMakeKey,
/// fldnorm.cxx:2444-2912; `data-records` §6.2). Pure: the caller passes the current index's
/// [`KeyDef`] to each call and keeps the builder in the cursor.
#[derive(Clone, Debug, Default)]
pub struct KeyBuilder {
    key: Vec<u8>,
    segments: usize,
    prepared: bool,
    limit: bool,
    too_big: bool,
}

impl KeyBuilder {
    pub fn new() -> KeyBuilder {
        KeyBuilder::default()
    }

    /// Forgets the key (JetSeek, JetSetIndexRange, JetSetCurrentIndex … reset it).
    pub fn reset(&mut self) {
        *self = KeyBuilder { key: std::mem::take(&mut self.key), ..KeyBuilder::default() };
        self.key.clear();
    }

    /// The key made so far.
    pub fn key(&self) -> &[u8] {
        &self.key
    }

    /// Whether a key has been started (`JET_errKeyNotMade` otherwise, for JetSeek and others).
    pub fn is_prepared(&self) -> bool {
        self.prepared
    }

    /// Whether a limit grbit (or a normalized key longer than cbKeyMost) made this a limit key.
    pub fn is_limit(&self) -> bool {
        self.limit
    }

    /// The number of segments given so far.
    pub fn segment_count(&self) -> usize {
        self.segments
    }

    /// One JetMakeKey: `data` in machine order (an empty slice for a NULL `pvData`), `grbit` as
    /// given. Errors: `JET_errInvalidParameter` for a normalized key too long,
    /// `JET_errKeyIsMade` after a limit or when every segment is given, `JET_errKeyNotMade`
    /// without `JET_bitNewKey` on a fresh builder, `JET_errInvalidBufferSize` for fixed columns
    /// of the wrong size and zero-length data where it cannot be, `JET_errInvalidGrbit` for
    /// limit bits that are not one known option or a partial limit on a type without one.
    /// A key that grows past cbKeyMost + 1 is cut without a warning. On error the key is as
    /// before the call, except that `JET_bitNewKey` has already discarded it (as in ESE).
    pub fn make_key(&mut self, def: &KeyDef, data: &[u8], grbit: u32) -> JetResult<()> {
        let cb_key_most = def.cb_key_most;
        if grbit & JET_bitNormalizedKey != 0 {
            let limit_most = def.cb_limit_key_most();
            if data.len() > limit_most && data.len() > JET_cbKeyMost as usize {
                return fail(JET_errInvalidParameter);
            }
            let cb = data.len().min(limit_most);
            self.reset();
            self.key.extend_from_slice(&data[..cb]);
            self.segments = 1;
            self.prepared = true;
            self.limit = cb > cb_key_most;
            return Ok(());
        }
        if grbit & JET_bitNewKey != 0 {
            self.reset();
        } else if self.limit {
            return fail(JET_errKeyIsMade);
        } else if !self.prepared {
            return fail(JET_errKeyNotMade);
        }
        if self.segments >= def.segments.len() {
            return fail(JET_errKeyIsMade);
        }
        let seg = &def.segments[self.segments];
        // The LP64 mode: an 8-byte value for a 4-byte integer segment (when it fits).
        let narrowed;
        let data = match crate::engine::lp64::narrowed_for(
            seg.coltype,
            data,
            format_args!("segment {}", self.segments + 1),
        ) {
            Some(four) => {
                narrowed = four;
                &narrowed[..]
            }
            None => data,
        };
        // Legacy indexes cut the caller's data to 255 bytes first (fldnorm.cxx:2611-2618).
        let mut data =
            if cb_key_most == CB_KEY_MOST_OLD { &data[..data.len().min(CB_KEY_MOST_OLD)] } else { data };
        let padded;
        if seg.fixed && !data.is_empty() && data.len() != seg.cb_fixed {
            if seg.coltype == ColType::Text && data.len() < seg.cb_fixed {
                padded = pad_fixed_text(data, seg.cb_fixed, seg.cp);
                data = &padded;
            } else {
                return fail(JET_errInvalidBufferSize);
            }
        }
        let limit_bits = grbit & JET_maskLimitOptions;
        match limit_bits {
            JET_bitPartialColumnStartLimit | JET_bitPartialColumnEndLimit => {
                if !seg.coltype.is_text() && (seg.fixed || !seg.coltype.is_binary()) {
                    return fail(JET_errInvalidGrbit);
                }
            }
            0 | JET_bitFullColumnStartLimit | JET_bitFullColumnEndLimit => {}
            _ => return fail(JET_errInvalidGrbit),
        }
        let mut seg_bytes = Vec::new();
        let mut made_limit = false;
        let mut too_big = self.too_big;
        if !self.too_big && self.key.len() < cb_key_most {
            let cb_avail = cb_key_most - self.key.len();
            let value = if !data.is_empty() {
                KeyValue::Data(data)
            } else if grbit & JET_bitKeyDataZeroLength != 0 {
                if seg.fixed || !(seg.coltype.is_text() || seg.coltype.is_binary()) {
                    return fail(JET_errInvalidBufferSize);
                }
                KeyValue::ZeroLength
            } else {
                KeyValue::Null
            };
            let s = normalize_segment(def, seg, value, cb_avail, true)?;
            let mut bytes = s.bytes;
            if s.truncated || bytes.len() > cb_avail {
                too_big = true;
                bytes.truncate(cb_avail);
            }
            if seg.descending {
                bytes.iter_mut().for_each(|b| *b ^= 0xFF);
            }
            let with_suffix = cb_avail + 1;
            match limit_bits {
                JET_bitFullColumnStartLimit | JET_bitFullColumnEndLimit => {
                    full_limit(&mut bytes, with_suffix, limit_bits == JET_bitFullColumnEndLimit);
                    made_limit = true;
                }
                JET_bitPartialColumnStartLimit | JET_bitPartialColumnEndLimit => {
                    let end = limit_bits == JET_bitPartialColumnEndLimit;
                    if seg.coltype.is_text() {
                        partial_text_limit(&mut bytes, with_suffix, seg.descending, end, seg.cp);
                    } else {
                        partial_binary_limit(&mut bytes, with_suffix, s.binary_delimiter, end);
                    }
                    made_limit = true;
                }
                _ => {
                    if grbit & JET_bitSubStrLimit != 0 && seg.coltype.is_text() {
                        partial_text_limit(&mut bytes, with_suffix, seg.descending, true, seg.cp);
                        made_limit = true;
                    } else if grbit & JET_bitStrLimit != 0 {
                        partial_binary_limit(&mut bytes, with_suffix, s.binary_delimiter, true);
                        made_limit = true;
                    }
                }
            }
            seg_bytes = bytes;
        }
        let room = def.cb_limit_key_most().saturating_sub(self.key.len());
        seg_bytes.truncate(room);
        self.key.extend_from_slice(&seg_bytes);
        self.segments += 1;
        self.prepared = true;
        self.too_big = too_big;
        self.limit |= made_limit;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
