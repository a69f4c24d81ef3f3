//! Column types and the rules that follow from a type alone: its stored size, the column
//! classes it may live in, whether it is a long value, and which code pages text accepts.
//! Pure facts (ESE's `data-ddl` §2.2-2.5, `data-records` §3.1/§3.3); no state.

use crate::abi::consts::*;
use crate::engine::error::{JetResult, fail};

/// A column type as ESE knows it. Built only through [`ColType::from_u32`], never from a raw
/// integer cast, so an unknown `JET_COLTYP` from a caller cannot become an invalid enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ColType {
    Bit = JET_coltypBit,
    UnsignedByte = JET_coltypUnsignedByte,
    Short = JET_coltypShort,
    Long = JET_coltypLong,
    Currency = JET_coltypCurrency,
    IEEESingle = JET_coltypIEEESingle,
    IEEEDouble = JET_coltypIEEEDouble,
    DateTime = JET_coltypDateTime,
    Binary = JET_coltypBinary,
    Text = JET_coltypText,
    LongBinary = JET_coltypLongBinary,
    LongText = JET_coltypLongText,
    UnsignedLong = JET_coltypUnsignedLong,
    LongLong = JET_coltypLongLong,
    Guid = JET_coltypGUID,
    UnsignedShort = JET_coltypUnsignedShort,
    UnsignedLongLong = JET_coltypUnsignedLongLong,
}

/// Where a column's data lives in a record (`data-records` §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColumnClass {
    /// FID 1..=127: a slot at a fixed offset of every record, plus a null bit.
    Fixed,
    /// FID 128..=255: an entry of the variable offset table, at most 255 bytes.
    Variable,
    /// FID 256..=65248: a (fid, data) entry of the tagged area; may be multi-valued or a long value.
    Tagged,
}

/// The first and last field id of each class (daedef.hxx:211-225; `JET_ccolMost`).
pub const FID_FIXED_FIRST: u16 = 1;
pub const FID_FIXED_LAST: u16 = 127;
pub const FID_VAR_FIRST: u16 = 128;
pub const FID_VAR_LAST: u16 = 255;
pub const FID_TAGGED_FIRST: u16 = 256;
pub const FID_TAGGED_LAST: u16 = JET_ccolMost as u16;

/// Windows-1252, the code page of non-Unicode text (and what code page 0 means).
pub const CP_ANSI: u16 = 1252;
/// UTF-16LE text.
pub const CP_UNICODE: u16 = 1200;

impl ColumnClass {
    /// The class of a field id, or `None` for 0 and ids past `JET_ccolMost`.
    pub fn of_fid(fid: u16) -> Option<ColumnClass> {
        match fid {
            FID_FIXED_FIRST..=FID_FIXED_LAST => Some(ColumnClass::Fixed),
            FID_VAR_FIRST..=FID_VAR_LAST => Some(ColumnClass::Variable),
            FID_TAGGED_FIRST..=FID_TAGGED_LAST => Some(ColumnClass::Tagged),
            _ => None,
        }
    }

    /// The range of field ids of this class.
    pub fn fids(self) -> std::ops::RangeInclusive<u16> {
        match self {
            ColumnClass::Fixed => FID_FIXED_FIRST..=FID_FIXED_LAST,
            ColumnClass::Variable => FID_VAR_FIRST..=FID_VAR_LAST,
            ColumnClass::Tagged => FID_TAGGED_FIRST..=FID_TAGGED_LAST,
        }
    }
}

/// The field id of a column id: the low 16 bits. Bit 31 marks a template column; any other high
/// bit makes the id invalid (`JET_errBadColumnId`, daedef.hxx:716-733, fldext.cxx:68-71).
pub fn fid_of_columnid(columnid: u32) -> JetResult<(u16, bool)> {
    const TEMPLATE: u32 = 0x8000_0000;
    if columnid & !TEMPLATE & 0xFFFF_0000 != 0 {
        return fail(JET_errBadColumnId);
    }
    Ok((columnid as u16, columnid & TEMPLATE != 0))
}

impl ColType {
    /// Validates a `JET_COLTYP` from the caller: 0 (Nil), the obsolete 13 (SLV) and anything
    /// at or past `JET_coltypMax` are `JET_errInvalidColumnType` (fcreate.cxx:900-903).
    pub fn from_u32(v: u32) -> JetResult<ColType> {
        use ColType::*;
        Ok(match v {
            JET_coltypBit => Bit,
            JET_coltypUnsignedByte => UnsignedByte,
            JET_coltypShort => Short,
            JET_coltypLong => Long,
            JET_coltypCurrency => Currency,
            JET_coltypIEEESingle => IEEESingle,
            JET_coltypIEEEDouble => IEEEDouble,
            JET_coltypDateTime => DateTime,
            JET_coltypBinary => Binary,
            JET_coltypText => Text,
            JET_coltypLongBinary => LongBinary,
            JET_coltypLongText => LongText,
            JET_coltypUnsignedLong => UnsignedLong,
            JET_coltypLongLong => LongLong,
            JET_coltypGUID => Guid,
            JET_coltypUnsignedShort => UnsignedShort,
            JET_coltypUnsignedLongLong => UnsignedLongLong,
            _ => return fail(JET_errInvalidColumnType),
        })
    }

    /// The `JET_COLTYP` value.
    pub fn as_u32(self) -> u32 {
        self as u32
    }

    /// The stored size of a fixed-size type (fldmod.cxx:3145-3186); `None` for Text/Binary and
    /// the long types, whose size is the column's `cbMax`.
    pub fn fixed_size(self) -> Option<u32> {
        use ColType::*;
        match self {
            Bit | UnsignedByte => Some(1),
            Short | UnsignedShort => Some(2),
            Long | UnsignedLong | IEEESingle => Some(4),
            LongLong | UnsignedLongLong | Currency | IEEEDouble | DateTime => Some(8),
            Guid => Some(16),
            Binary | Text | LongBinary | LongText => None,
        }
    }

    /// LongText and LongBinary: always tagged, may be stored separated in the LV tree.
    pub fn is_long_value(self) -> bool {
        matches!(self, ColType::LongText | ColType::LongBinary)
    }

    /// Text and LongText: the types with a code page.
    pub fn is_text(self) -> bool {
        matches!(self, ColType::Text | ColType::LongText)
    }

    /// Binary and LongBinary.
    pub fn is_binary(self) -> bool {
        matches!(self, ColType::Binary | ColType::LongBinary)
    }

    /// The class a column of this type gets from its grbits (fcreate.cxx:3076-3097): the Tagged
    /// bit or a long type → tagged; else the Fixed bit or a fixed-size type → fixed; else
    /// variable. `JET_bitColumnFixed` with `JET_bitColumnTagged` or on a long type is
    /// `JET_errInvalidGrbit` (fcreate.cxx:934-939).
    pub fn class_for(self, grbit: u32) -> JetResult<ColumnClass> {
        let fixed = grbit & JET_bitColumnFixed != 0;
        let tagged = grbit & JET_bitColumnTagged != 0;
        if fixed && (tagged || self.is_long_value()) {
            return fail(JET_errInvalidGrbit);
        }
        Ok(if tagged || self.is_long_value() {
            ColumnClass::Tagged
        } else if fixed || self.fixed_size().is_some() {
            ColumnClass::Fixed
        } else {
            ColumnClass::Variable
        })
    }

    /// Whether a column of this type may live in `class`: long values only tagged, everything
    /// else in any class (a fixed-size type is allowed in a tagged column; Text/Binary in all).
    pub fn allows_class(self, class: ColumnClass) -> bool {
        !self.is_long_value() || class == ColumnClass::Tagged
    }

    /// The code page a column of this type keeps (S-NAM-02; fcreate.cxx:906-923): text with 0
    /// → 1252, 1252 and 1200 as given, anything else `JET_errInvalidCodePage`; every other type
    /// ignores `cp` and keeps 0.
    pub fn code_page(self, cp: u32) -> JetResult<u16> {
        if !self.is_text() {
            return Ok(0);
        }
        match cp {
            0 => Ok(CP_ANSI),
            1252 => Ok(CP_ANSI),
            1200 => Ok(CP_UNICODE),
            _ => fail(JET_errInvalidCodePage),
        }
    }

    /// The stored maximum length of a column (cat.cxx:8722-8782, `data-ddl` §2.2): the fixed
    /// size for fixed-size types; Text/Binary `cbMax` 0 → 255 and more than 255 → 255 with
    /// `truncated` set (the caller returns `JET_wrnColumnMaxTruncated`); long types as given
    /// (0 = no limit), above `JET_cbLVColumnMost` `JET_errInvalidParameter`.
    pub fn stored_cb_max(self, cb_max: u32) -> JetResult<(u32, bool)> {
        if let Some(size) = self.fixed_size() {
            return Ok((size, false));
        }
        if self.is_long_value() {
            if cb_max > JET_cbLVColumnMost {
                return fail(JET_errInvalidParameter);
            }
            return Ok((cb_max, false));
        }
        match cb_max {
            0 => Ok((JET_cbColumnMost, false)),
            n if n > JET_cbColumnMost => Ok((JET_cbColumnMost, true)),
            n => Ok((n, false)),
        }
    }
}

/// Fixed text shorter than its column, padded with spaces as a record stores it (rec.hxx:1690-1712;
/// daedef.hxx:1054-1055): 0x20, or the bytes of a little-endian U+0020 for cp 1200, by position.
pub fn pad_fixed_text(data: &[u8], size: usize, cp: u16) -> Vec<u8> {
    let mut v = data.to_vec();
    while v.len() < size {
        let b = if cp == CP_UNICODE && v.len() % 2 == 1 { 0x00 } else { 0x20 };
        v.push(b);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    // data-ddl 2.2: every value 0..=20 and a few absurd ones.
    #[test]
    fn from_u32_accepts_exactly_the_known_types() {
        for v in 0..=20u32 {
            let r = ColType::from_u32(v);
            match v {
                0 | 13 | 19 | 20 => assert_eq!(r, fail(JET_errInvalidColumnType), "coltyp {v}"),
                _ => assert_eq!(r.unwrap().as_u32(), v, "coltyp {v}"),
            }
        }
        for v in [u32::MAX, 0x8000_0001, 0x1_0001, 256, JET_coltypMax] {
            assert_eq!(ColType::from_u32(v), fail(JET_errInvalidColumnType), "coltyp {v:#x}");
        }
    }

    // data-records 3.3: sizes per type.
    #[test]
    fn fixed_sizes() {
        let want = [
            (JET_coltypBit, Some(1)),
            (JET_coltypUnsignedByte, Some(1)),
            (JET_coltypShort, Some(2)),
            (JET_coltypUnsignedShort, Some(2)),
            (JET_coltypLong, Some(4)),
            (JET_coltypUnsignedLong, Some(4)),
            (JET_coltypIEEESingle, Some(4)),
            (JET_coltypCurrency, Some(8)),
            (JET_coltypIEEEDouble, Some(8)),
            (JET_coltypDateTime, Some(8)),
            (JET_coltypLongLong, Some(8)),
            (JET_coltypUnsignedLongLong, Some(8)),
            (JET_coltypGUID, Some(16)),
            (JET_coltypBinary, None),
            (JET_coltypText, None),
            (JET_coltypLongBinary, None),
            (JET_coltypLongText, None),
        ];
        for (v, size) in want {
            assert_eq!(ColType::from_u32(v).unwrap().fixed_size(), size, "coltyp {v}");
        }
    }

    // data-ddl 2.4 class choice; 2.3 Fixed with Tagged or a long type is -900.
    #[test]
    fn class_rules() {
        let t = |v| ColType::from_u32(v).unwrap();
        assert_eq!(t(JET_coltypLong).class_for(0), Ok(ColumnClass::Fixed));
        assert_eq!(t(JET_coltypText).class_for(0), Ok(ColumnClass::Variable));
        assert_eq!(t(JET_coltypBinary).class_for(JET_bitColumnFixed), Ok(ColumnClass::Fixed));
        assert_eq!(t(JET_coltypLongText).class_for(0), Ok(ColumnClass::Tagged));
        assert_eq!(t(JET_coltypLong).class_for(JET_bitColumnTagged), Ok(ColumnClass::Tagged));
        assert_eq!(t(JET_coltypLongBinary).class_for(JET_bitColumnFixed), fail(JET_errInvalidGrbit));
        assert_eq!(
            t(JET_coltypText).class_for(JET_bitColumnFixed | JET_bitColumnTagged),
            fail(JET_errInvalidGrbit)
        );
        assert!(!t(JET_coltypLongText).allows_class(ColumnClass::Fixed));
        assert!(t(JET_coltypGUID).allows_class(ColumnClass::Tagged));
        // data-records 3.1 fid ranges
        assert_eq!(ColumnClass::of_fid(0), None);
        assert_eq!(ColumnClass::of_fid(1), Some(ColumnClass::Fixed));
        assert_eq!(ColumnClass::of_fid(127), Some(ColumnClass::Fixed));
        assert_eq!(ColumnClass::of_fid(128), Some(ColumnClass::Variable));
        assert_eq!(ColumnClass::of_fid(255), Some(ColumnClass::Variable));
        assert_eq!(ColumnClass::of_fid(256), Some(ColumnClass::Tagged));
        assert_eq!(ColumnClass::of_fid(65248), Some(ColumnClass::Tagged));
        assert_eq!(ColumnClass::of_fid(65249), None);
        assert_eq!(ColumnClass::Tagged.fids().count() as u32, JET_ccolTaggedMost);
        assert_eq!(ColumnClass::Fixed.fids().count() as u32, JET_ccolFixedMost);
        assert_eq!(ColumnClass::Variable.fids().count() as u32, JET_ccolVarMost);
    }

    // data-records 3.1: column ids.
    #[test]
    fn columnid_bits() {
        assert_eq!(fid_of_columnid(300), Ok((300, false)));
        assert_eq!(fid_of_columnid(0x8000_0001), Ok((1, true)));
        assert_eq!(fid_of_columnid(0x0001_0001), fail(JET_errBadColumnId));
        assert_eq!(fid_of_columnid(0x4000_0100), fail(JET_errBadColumnId));
    }

    /* S-NAM-02 */
    #[test]
    fn code_pages() {
        let text = ColType::Text;
        assert_eq!(text.code_page(0), Ok(1252));
        assert_eq!(text.code_page(1252), Ok(1252));
        assert_eq!(text.code_page(1200), Ok(1200));
        for cp in [1, 437, 1201, 65001, u32::MAX] {
            assert_eq!(text.code_page(cp), fail(JET_errInvalidCodePage), "cp {cp}");
            assert_eq!(ColType::LongText.code_page(cp), fail(JET_errInvalidCodePage), "cp {cp}");
        }
        assert_eq!(ColType::Long.code_page(437), Ok(0));
        assert_eq!(ColType::Binary.code_page(1200), Ok(0));
    }

    // data-ddl 2.2 size rules of cbMax.
    #[test]
    fn cb_max_rules() {
        assert_eq!(ColType::Long.stored_cb_max(100), Ok((4, false)));
        assert_eq!(ColType::Text.stored_cb_max(0), Ok((255, false)));
        assert_eq!(ColType::Binary.stored_cb_max(300), Ok((255, true)));
        assert_eq!(ColType::Binary.stored_cb_max(17), Ok((17, false)));
        assert_eq!(ColType::LongText.stored_cb_max(0), Ok((0, false)));
        assert_eq!(ColType::LongBinary.stored_cb_max(0x8000_0000), fail(JET_errInvalidParameter));
    }
}
