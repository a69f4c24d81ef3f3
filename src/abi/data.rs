//! The C-visible types of the data layer: databases, tables, columns, indexes, records, cursors
//! and temporary tables. Nothing here has behaviour.
//!
//! Widths follow contract §1 (S-ABI-02..04): every Windows `unsigned long` is `u32`, every
//! `long` is `i32`, pointers, `JET_API_PTR` and `JET_TABLEID` are 8 bytes, `WCHAR` is `u16`.
//! The layouts are those of the public Windows header (jethdr.w, Extensible-Storage-Engine commit
//! 7030fe7), at natural alignment; the `const` block at the end pins every size and the offsets
//! that matter, and c-tests/test_abi_data.c checks the same numbers against the C header.
//!
//! Where the Windows header uses an anonymous union (the `lcid`/`pidxunicode` and
//! `cbVarSegMac`/`ptuplelimits` pairs of the index-create structs, the two views of
//! `JET_ENUMCOLUMN`, the bit fields of `JET_DBINFOUPGRADE` and of `JET_BKINFO`'s timestamp), a C
//! program names the union's members directly (`pidxcreate->lcid`). cbindgen cannot write an
//! anonymous union, so cbindgen.toml declares those structs by hand; the Rust definitions here
//! give the union a field name of their own and keep exactly the same layout (asserted below).
#![allow(non_camel_case_types, non_snake_case)]

use core::ffi::{c_char, c_int, c_void};

use super::{
    JET_API_PTR, JET_DBID, JET_ERR, JET_GRBIT, JET_LGPOS, JET_LOGTIME, JET_SESID, JET_SIGNATURE, JET_TABLEID,
    WCHAR,
};

/// A column id within a table.
pub type JET_COLUMNID = u32;
/// An object type (`JET_objtyp*`).
pub type JET_OBJTYP = u32;
/// A column type (`JET_coltyp*`).
pub type JET_COLTYP = u32;
/// A callback type (`JET_cbtyp*`).
pub type JET_CBTYP = u32;
/// A date and time: days since 1899-12-30, the fraction being the time of day.
pub type JET_DATESERIAL = f64;

/// A comparison of `JET_INDEX_COLUMN`. In C an enum (written in cbindgen.toml, values 0-8 as
/// below); an `int` on every Linux ABI.
pub type JET_RELOP = c_int;
pub const JET_relopEquals: JET_RELOP = 0;
pub const JET_relopPrefixEquals: JET_RELOP = 1;
pub const JET_relopNotEquals: JET_RELOP = 2;
pub const JET_relopLessThanOrEqual: JET_RELOP = 3;
pub const JET_relopLessThan: JET_RELOP = 4;
pub const JET_relopGreaterThanOrEqual: JET_RELOP = 5;
pub const JET_relopGreaterThan: JET_RELOP = 6;
pub const JET_relopBitmaskEqualsZero: JET_RELOP = 7;
pub const JET_relopBitmaskNotEqualsZero: JET_RELOP = 8;

/// The values of `JET_paramEnableIndexChecking`. In C an enum (written in cbindgen.toml).
pub type JET_INDEXCHECKING = c_int;
pub const JET_IndexCheckingOff: JET_INDEXCHECKING = 0;
pub const JET_IndexCheckingOn: JET_INDEXCHECKING = 1;
pub const JET_IndexCheckingDeferToOpenTable: JET_INDEXCHECKING = 2;
pub const JET_IndexCheckingMax: JET_INDEXCHECKING = 3;

/// The allocator JetEnumerateColumns calls: `pv` NULL allocates `cb` bytes, `cb` 0 frees `pv`,
/// otherwise resizes it.
pub type JET_PFNREALLOC =
    Option<unsafe extern "C" fn(pvContext: *mut c_void, pv: *mut c_void, cb: u32) -> *mut c_void>;

/// A table or column callback (JetRegisterCallback, `szCallback` of JET_TABLECREATE2+).
pub type JET_CALLBACK = Option<
    unsafe extern "C" fn(
        sesid: JET_SESID,
        dbid: JET_DBID,
        tableid: JET_TABLEID,
        cbtyp: JET_CBTYP,
        pvArg1: *mut c_void,
        pvArg2: *mut c_void,
        pvContext: *mut c_void,
        ulUnused: JET_API_PTR,
    ) -> JET_ERR,
>;

/// Names an index to JetSetCurrentIndex4 faster than its name. Opaque: 16 bytes on LP64.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INDEXID {
    pub cbStruct: u32,
    pub rgbIndexId: [u8; 16],
}

// ---------------------------------------------------------------------------------------------
// Columns

/// A column definition (JetAddColumn, JetGetColumnInfo, temporary tables). 28 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_COLUMNDEF {
    pub cbStruct: u32,
    pub columnid: JET_COLUMNID,
    pub coltyp: JET_COLTYP,
    pub wCountry: u16,
    pub langid: u16,
    pub cp: u16,
    /// Must be 0.
    pub wCollate: u16,
    pub cbMax: u32,
    pub grbit: JET_GRBIT,
}

/// A column with the table and column it comes from (`JET_ColInfoBase`), narrow names.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct JET_COLUMNBASE_A {
    pub cbStruct: u32,
    pub columnid: JET_COLUMNID,
    pub coltyp: JET_COLTYP,
    pub wCountry: u16,
    pub langid: u16,
    pub cp: u16,
    /// Must be 0.
    pub wFiller: u16,
    pub cbMax: u32,
    pub grbit: JET_GRBIT,
    pub szBaseTableName: [c_char; 256],
    pub szBaseColumnName: [c_char; 256],
}

/// A column with the table and column it comes from (`JET_ColInfoBase`), wide names.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct JET_COLUMNBASE_W {
    pub cbStruct: u32,
    pub columnid: JET_COLUMNID,
    pub coltyp: JET_COLTYP,
    pub wCountry: u16,
    pub langid: u16,
    pub cp: u16,
    /// Must be 0.
    pub wFiller: u16,
    pub cbMax: u32,
    pub grbit: JET_GRBIT,
    pub szBaseTableName: [WCHAR; 256],
    pub szBaseColumnName: [WCHAR; 256],
}

/// One column of JetCreateTableColumnIndex*, narrow name; the library writes `columnid`, `err`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_COLUMNCREATE_A {
    pub cbStruct: u32,
    pub szColumnName: *mut c_char,
    pub coltyp: JET_COLTYP,
    pub cbMax: u32,
    pub grbit: JET_GRBIT,
    pub pvDefault: *mut c_void,
    pub cbDefault: u32,
    pub cp: u32,
    pub columnid: JET_COLUMNID,
    pub err: JET_ERR,
}

/// One column of JetCreateTableColumnIndex*, wide name; the library writes `columnid`, `err`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_COLUMNCREATE_W {
    pub cbStruct: u32,
    pub szColumnName: *mut WCHAR,
    pub coltyp: JET_COLTYP,
    pub cbMax: u32,
    pub grbit: JET_GRBIT,
    pub pvDefault: *mut c_void,
    pub cbDefault: u32,
    pub cp: u32,
    pub columnid: JET_COLUMNID,
    pub err: JET_ERR,
}

/// A default computed by a callback (`pvDefault` with `JET_bitColumnUserDefinedDefault`), narrow.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_USERDEFINEDDEFAULT_A {
    pub szCallback: *mut c_char,
    pub pbUserData: *mut u8,
    pub cbUserData: u32,
    /// A list of NUL-terminated names ending with an empty one.
    pub szDependantColumns: *mut c_char,
}

/// A default computed by a callback (`pvDefault` with `JET_bitColumnUserDefinedDefault`), wide.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_USERDEFINEDDEFAULT_W {
    pub szCallback: *mut WCHAR,
    pub pbUserData: *mut u8,
    pub cbUserData: u32,
    /// A list of NUL-terminated names ending with an empty one.
    pub szDependantColumns: *mut WCHAR,
}

/// A column whose NULL-ness decides whether a record is in an index, narrow name.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_CONDITIONALCOLUMN_A {
    pub cbStruct: u32,
    pub szColumnName: *mut c_char,
    /// `JET_bitIndexColumnMustBeNull` or `JET_bitIndexColumnMustBeNonNull`.
    pub grbit: JET_GRBIT,
}

/// A column whose NULL-ness decides whether a record is in an index, wide name.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_CONDITIONALCOLUMN_W {
    pub cbStruct: u32,
    pub szColumnName: *mut WCHAR,
    /// `JET_bitIndexColumnMustBeNull` or `JET_bitIndexColumnMustBeNonNull`.
    pub grbit: JET_GRBIT,
}

// ---------------------------------------------------------------------------------------------
// Indexes

/// The locale of a Unicode index, as a Windows LCID, and its LCMapString flags.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_UNICODEINDEX {
    pub lcid: u32,
    pub dwMapFlags: u32,
}

/// The locale of a Unicode index, as a locale name (always UTF-16), and its LCMapString flags.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_UNICODEINDEX2 {
    pub szLocaleName: *mut WCHAR,
    pub dwMapFlags: u32,
}

/// The substrings a tuple index holds (`JET_bitIndexTupleLimits`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_TUPLELIMITS {
    pub chLengthMin: u32,
    pub chLengthMax: u32,
    pub chToIndexMax: u32,
    pub cchIncrement: u32,
    pub ichStart: u32,
}

/// Space allocation hints of a B-tree (table, index or long-value tree). 32 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_SPACEHINTS {
    pub cbStruct: u32,
    pub ulInitialDensity: u32,
    pub cbInitial: u32,
    pub grbit: JET_GRBIT,
    pub ulMaintDensity: u32,
    pub ulGrowth: u32,
    pub cbMinExtent: u32,
    pub cbMaxExtent: u32,
}

/// The first union of JET_INDEXCREATE and JET_INDEXCREATE2: `pidxunicode` with
/// `JET_bitIndexUnicode`, else `lcid` (in the low 4 bytes).
#[repr(C)]
#[derive(Clone, Copy)]
pub union JET_INDEXCREATE_LCID {
    pub lcid: u32,
    pub pidxunicode: *mut JET_UNICODEINDEX,
}

/// The second union of the index-create structs: `ptuplelimits` with `JET_bitIndexTupleLimits`,
/// else `cbVarSegMac` (in the low 4 bytes).
#[repr(C)]
#[derive(Clone, Copy)]
pub union JET_INDEXCREATE_VARSEG {
    pub cbVarSegMac: u32,
    pub ptuplelimits: *mut JET_TUPLELIMITS,
}

/// An index definition (JetCreateIndex2, JetCreateTableColumnIndex), narrow strings. 80 bytes.
/// In C the two unions are anonymous (`lcid`, `pidxunicode`, `cbVarSegMac`, `ptuplelimits`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct JET_INDEXCREATE_A {
    pub cbStruct: u32,
    pub szIndexName: *mut c_char,
    /// Key columns: `+name\0-name\0\0`; `cbKey` counts every byte with both final NULs.
    pub szKey: *mut c_char,
    pub cbKey: u32,
    pub grbit: JET_GRBIT,
    pub ulDensity: u32,
    pub lcid_or_pidxunicode: JET_INDEXCREATE_LCID,
    pub cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_VARSEG,
    pub rgconditionalcolumn: *mut JET_CONDITIONALCOLUMN_A,
    pub cConditionalColumn: u32,
    pub err: JET_ERR,
    pub cbKeyMost: u32,
}

/// An index definition, wide strings. 80 bytes; see JET_INDEXCREATE_A.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct JET_INDEXCREATE_W {
    pub cbStruct: u32,
    pub szIndexName: *mut WCHAR,
    pub szKey: *mut WCHAR,
    pub cbKey: u32,
    pub grbit: JET_GRBIT,
    pub ulDensity: u32,
    pub lcid_or_pidxunicode: JET_INDEXCREATE_LCID,
    pub cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_VARSEG,
    pub rgconditionalcolumn: *mut JET_CONDITIONALCOLUMN_W,
    pub cConditionalColumn: u32,
    pub err: JET_ERR,
    pub cbKeyMost: u32,
}

/// JET_INDEXCREATE_A with space hints (JetCreateIndex3, JET_TABLECREATE3). 88 bytes.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct JET_INDEXCREATE2_A {
    pub cbStruct: u32,
    pub szIndexName: *mut c_char,
    pub szKey: *mut c_char,
    pub cbKey: u32,
    pub grbit: JET_GRBIT,
    pub ulDensity: u32,
    pub lcid_or_pidxunicode: JET_INDEXCREATE_LCID,
    pub cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_VARSEG,
    pub rgconditionalcolumn: *mut JET_CONDITIONALCOLUMN_A,
    pub cConditionalColumn: u32,
    pub err: JET_ERR,
    pub cbKeyMost: u32,
    pub pSpacehints: *mut JET_SPACEHINTS,
}

/// JET_INDEXCREATE_W with space hints. 88 bytes.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct JET_INDEXCREATE2_W {
    pub cbStruct: u32,
    pub szIndexName: *mut WCHAR,
    pub szKey: *mut WCHAR,
    pub cbKey: u32,
    pub grbit: JET_GRBIT,
    pub ulDensity: u32,
    pub lcid_or_pidxunicode: JET_INDEXCREATE_LCID,
    pub cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_VARSEG,
    pub rgconditionalcolumn: *mut JET_CONDITIONALCOLUMN_W,
    pub cConditionalColumn: u32,
    pub err: JET_ERR,
    pub cbKeyMost: u32,
    pub pSpacehints: *mut JET_SPACEHINTS,
}

/// JET_INDEXCREATE2_A with a locale name instead of an LCID (JetCreateIndex4,
/// JET_TABLECREATE4). 88 bytes, the same as JET_INDEXCREATE2: `cbStruct` cannot tell them apart.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct JET_INDEXCREATE3_A {
    pub cbStruct: u32,
    pub szIndexName: *mut c_char,
    pub szKey: *mut c_char,
    pub cbKey: u32,
    pub grbit: JET_GRBIT,
    pub ulDensity: u32,
    pub pidxunicode: *mut JET_UNICODEINDEX2,
    pub cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_VARSEG,
    pub rgconditionalcolumn: *mut JET_CONDITIONALCOLUMN_A,
    pub cConditionalColumn: u32,
    pub err: JET_ERR,
    pub cbKeyMost: u32,
    pub pSpacehints: *mut JET_SPACEHINTS,
}

/// JET_INDEXCREATE2_W with a locale name instead of an LCID. 88 bytes.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct JET_INDEXCREATE3_W {
    pub cbStruct: u32,
    pub szIndexName: *mut WCHAR,
    pub szKey: *mut WCHAR,
    pub cbKey: u32,
    pub grbit: JET_GRBIT,
    pub ulDensity: u32,
    pub pidxunicode: *mut JET_UNICODEINDEX2,
    pub cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_VARSEG,
    pub rgconditionalcolumn: *mut JET_CONDITIONALCOLUMN_W,
    pub cConditionalColumn: u32,
    pub err: JET_ERR,
    pub cbKeyMost: u32,
    pub pSpacehints: *mut JET_SPACEHINTS,
}

// ---------------------------------------------------------------------------------------------
// Tables

/// A table with its columns and indexes (JetCreateTableColumnIndex), narrow. 80 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE_A {
    pub cbStruct: u32,
    pub szTableName: *mut c_char,
    pub szTemplateTableName: *mut c_char,
    pub ulPages: u32,
    pub ulDensity: u32,
    pub rgcolumncreate: *mut JET_COLUMNCREATE_A,
    pub cColumns: u32,
    pub rgindexcreate: *mut JET_INDEXCREATE_A,
    pub cIndexes: u32,
    pub grbit: JET_GRBIT,
    pub tableid: JET_TABLEID,
    pub cCreated: u32,
}

/// A table with its columns and indexes (JetCreateTableColumnIndex), wide. 80 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE_W {
    pub cbStruct: u32,
    pub szTableName: *mut WCHAR,
    pub szTemplateTableName: *mut WCHAR,
    pub ulPages: u32,
    pub ulDensity: u32,
    pub rgcolumncreate: *mut JET_COLUMNCREATE_W,
    pub cColumns: u32,
    pub rgindexcreate: *mut JET_INDEXCREATE_W,
    pub cIndexes: u32,
    pub grbit: JET_GRBIT,
    pub tableid: JET_TABLEID,
    pub cCreated: u32,
}

/// JET_TABLECREATE_A with a callback (JetCreateTableColumnIndex2). 96 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE2_A {
    pub cbStruct: u32,
    pub szTableName: *mut c_char,
    pub szTemplateTableName: *mut c_char,
    pub ulPages: u32,
    pub ulDensity: u32,
    pub rgcolumncreate: *mut JET_COLUMNCREATE_A,
    pub cColumns: u32,
    pub rgindexcreate: *mut JET_INDEXCREATE_A,
    pub cIndexes: u32,
    pub szCallback: *mut c_char,
    pub cbtyp: JET_CBTYP,
    pub grbit: JET_GRBIT,
    pub tableid: JET_TABLEID,
    pub cCreated: u32,
}

/// JET_TABLECREATE_W with a callback (JetCreateTableColumnIndex2). 96 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE2_W {
    pub cbStruct: u32,
    pub szTableName: *mut WCHAR,
    pub szTemplateTableName: *mut WCHAR,
    pub ulPages: u32,
    pub ulDensity: u32,
    pub rgcolumncreate: *mut JET_COLUMNCREATE_W,
    pub cColumns: u32,
    pub rgindexcreate: *mut JET_INDEXCREATE_W,
    pub cIndexes: u32,
    pub szCallback: *mut WCHAR,
    pub cbtyp: JET_CBTYP,
    pub grbit: JET_GRBIT,
    pub tableid: JET_TABLEID,
    pub cCreated: u32,
}

/// JET_TABLECREATE2_A with space hints; indexes are JET_INDEXCREATE2_A
/// (JetCreateTableColumnIndex3). 120 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE3_A {
    pub cbStruct: u32,
    pub szTableName: *mut c_char,
    pub szTemplateTableName: *mut c_char,
    pub ulPages: u32,
    pub ulDensity: u32,
    pub rgcolumncreate: *mut JET_COLUMNCREATE_A,
    pub cColumns: u32,
    pub rgindexcreate: *mut JET_INDEXCREATE2_A,
    pub cIndexes: u32,
    pub szCallback: *mut c_char,
    pub cbtyp: JET_CBTYP,
    pub grbit: JET_GRBIT,
    pub pSeqSpacehints: *mut JET_SPACEHINTS,
    pub pLVSpacehints: *mut JET_SPACEHINTS,
    pub cbSeparateLV: u32,
    pub tableid: JET_TABLEID,
    pub cCreated: u32,
}

/// JET_TABLECREATE2_W with space hints; indexes are JET_INDEXCREATE2_W. 120 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE3_W {
    pub cbStruct: u32,
    pub szTableName: *mut WCHAR,
    pub szTemplateTableName: *mut WCHAR,
    pub ulPages: u32,
    pub ulDensity: u32,
    pub rgcolumncreate: *mut JET_COLUMNCREATE_W,
    pub cColumns: u32,
    pub rgindexcreate: *mut JET_INDEXCREATE2_W,
    pub cIndexes: u32,
    pub szCallback: *mut WCHAR,
    pub cbtyp: JET_CBTYP,
    pub grbit: JET_GRBIT,
    pub pSeqSpacehints: *mut JET_SPACEHINTS,
    pub pLVSpacehints: *mut JET_SPACEHINTS,
    pub cbSeparateLV: u32,
    pub tableid: JET_TABLEID,
    pub cCreated: u32,
}

/// JET_TABLECREATE3_A whose indexes are JET_INDEXCREATE3_A (JetCreateTableColumnIndex4).
/// 120 bytes, the same as JET_TABLECREATE3.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE4_A {
    pub cbStruct: u32,
    pub szTableName: *mut c_char,
    pub szTemplateTableName: *mut c_char,
    pub ulPages: u32,
    pub ulDensity: u32,
    pub rgcolumncreate: *mut JET_COLUMNCREATE_A,
    pub cColumns: u32,
    pub rgindexcreate: *mut JET_INDEXCREATE3_A,
    pub cIndexes: u32,
    pub szCallback: *mut c_char,
    pub cbtyp: JET_CBTYP,
    pub grbit: JET_GRBIT,
    pub pSeqSpacehints: *mut JET_SPACEHINTS,
    pub pLVSpacehints: *mut JET_SPACEHINTS,
    pub cbSeparateLV: u32,
    pub tableid: JET_TABLEID,
    pub cCreated: u32,
}

/// JET_TABLECREATE3_W whose indexes are JET_INDEXCREATE3_W. 120 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE4_W {
    pub cbStruct: u32,
    pub szTableName: *mut WCHAR,
    pub szTemplateTableName: *mut WCHAR,
    pub ulPages: u32,
    pub ulDensity: u32,
    pub rgcolumncreate: *mut JET_COLUMNCREATE_W,
    pub cColumns: u32,
    pub rgindexcreate: *mut JET_INDEXCREATE3_W,
    pub cIndexes: u32,
    pub szCallback: *mut WCHAR,
    pub cbtyp: JET_CBTYP,
    pub grbit: JET_GRBIT,
    pub pSeqSpacehints: *mut JET_SPACEHINTS,
    pub pLVSpacehints: *mut JET_SPACEHINTS,
    pub cbSeparateLV: u32,
    pub tableid: JET_TABLEID,
    pub cCreated: u32,
}

// ---------------------------------------------------------------------------------------------
// Catalog information

/// One table (JetGetObjectInfo, JetGetTableInfo `JET_TblInfo`). 40 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_OBJECTINFO {
    pub cbStruct: u32,
    pub objtyp: JET_OBJTYP,
    /// Deprecated: never set.
    pub dtCreate: JET_DATESERIAL,
    /// Deprecated: never set.
    pub dtUpdate: JET_DATESERIAL,
    pub grbit: JET_GRBIT,
    pub flags: u32,
    pub cRecord: u32,
    pub cPage: u32,
}

/// A temporary table listing objects, and the column ids of its columns. 56 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_OBJECTLIST {
    pub cbStruct: u32,
    pub tableid: JET_TABLEID,
    pub cRecord: u32,
    pub columnidcontainername: JET_COLUMNID,
    pub columnidobjectname: JET_COLUMNID,
    pub columnidobjtyp: JET_COLUMNID,
    pub columniddtCreate: JET_COLUMNID,
    pub columniddtUpdate: JET_COLUMNID,
    pub columnidgrbit: JET_COLUMNID,
    pub columnidflags: JET_COLUMNID,
    pub columnidcRecord: JET_COLUMNID,
    pub columnidcPage: JET_COLUMNID,
}

/// A temporary table listing columns, and the column ids of its columns. 80 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_COLUMNLIST {
    pub cbStruct: u32,
    pub tableid: JET_TABLEID,
    pub cRecord: u32,
    pub columnidPresentationOrder: JET_COLUMNID,
    pub columnidcolumnname: JET_COLUMNID,
    pub columnidcolumnid: JET_COLUMNID,
    pub columnidcoltyp: JET_COLUMNID,
    pub columnidCountry: JET_COLUMNID,
    pub columnidLangid: JET_COLUMNID,
    pub columnidCp: JET_COLUMNID,
    pub columnidCollate: JET_COLUMNID,
    pub columnidcbMax: JET_COLUMNID,
    pub columnidgrbit: JET_COLUMNID,
    pub columnidDefault: JET_COLUMNID,
    pub columnidBaseTableName: JET_COLUMNID,
    pub columnidBaseColumnName: JET_COLUMNID,
    pub columnidDefinitionName: JET_COLUMNID,
}

/// A temporary table listing index segments, and the column ids of its columns. 88 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_INDEXLIST {
    pub cbStruct: u32,
    pub tableid: JET_TABLEID,
    pub cRecord: u32,
    pub columnidindexname: JET_COLUMNID,
    pub columnidgrbitIndex: JET_COLUMNID,
    pub columnidcKey: JET_COLUMNID,
    pub columnidcEntry: JET_COLUMNID,
    pub columnidcPage: JET_COLUMNID,
    pub columnidcColumn: JET_COLUMNID,
    pub columnidiColumn: JET_COLUMNID,
    pub columnidcolumnid: JET_COLUMNID,
    pub columnidcoltyp: JET_COLUMNID,
    pub columnidCountry: JET_COLUMNID,
    pub columnidLangid: JET_COLUMNID,
    pub columnidCp: JET_COLUMNID,
    pub columnidCollate: JET_COLUMNID,
    pub columnidgrbitColumn: JET_COLUMNID,
    pub columnidcolumnname: JET_COLUMNID,
    pub columnidLCMapFlags: JET_COLUMNID,
}

// ---------------------------------------------------------------------------------------------
// Database information

/// A backup: its log position and time, and its range of log generations. 24 bytes. In C the
/// time is a union of `logtimeMark` and `bklogtimeMark` (JET_BKLOGTIME, the same 8 bytes with
/// an OS-snapshot bit), written by hand in cbindgen.toml.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_BKINFO {
    pub lgposMark: JET_LGPOS,
    pub logtimeMark: JET_LOGTIME,
    pub genLow: u32,
    pub genHigh: u32,
}

/// What JetGetDatabaseInfo `JET_DbInfoUpgrade` reports. 28 bytes. In C `ulFlags` is a union
/// with the bit fields `fUpgradable` (bit 0) and `fAlreadyUpgraded` (bit 1), written by hand
/// in cbindgen.toml.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_DBINFOUPGRADE {
    pub cbStruct: u32,
    pub cbFilesizeLow: u32,
    pub cbFilesizeHigh: u32,
    pub cbFreeSpaceRequiredLow: u32,
    pub cbFreeSpaceRequiredHigh: u32,
    pub csecToUpgrade: u32,
    pub ulFlags: u32,
}

/// The database header (JetGetDatabaseInfo / JetGetDatabaseFileInfo `JET_DbInfoMisc` with
/// `cbMax` 216). Every member is 4-byte aligned: no padding.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_DBINFOMISC {
    pub ulVersion: u32,
    pub ulUpdate: u32,
    pub signDb: JET_SIGNATURE,
    pub dbstate: u32,
    pub lgposConsistent: JET_LGPOS,
    pub logtimeConsistent: JET_LOGTIME,
    pub logtimeAttach: JET_LOGTIME,
    pub lgposAttach: JET_LGPOS,
    pub logtimeDetach: JET_LOGTIME,
    pub lgposDetach: JET_LGPOS,
    pub signLog: JET_SIGNATURE,
    pub bkinfoFullPrev: JET_BKINFO,
    pub bkinfoIncPrev: JET_BKINFO,
    pub bkinfoFullCur: JET_BKINFO,
    pub fShadowingDisabled: u32,
    pub fUpgradeDb: u32,
    pub dwMajorVersion: u32,
    pub dwMinorVersion: u32,
    pub dwBuildNumber: u32,
    pub lSPNumber: i32,
    /// 0 means 4096.
    pub cbPageSize: u32,
}

/// JET_DBINFOMISC with the log range, repair and checksum counters (`cbMax` 296).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_DBINFOMISC2 {
    pub ulVersion: u32,
    pub ulUpdate: u32,
    pub signDb: JET_SIGNATURE,
    pub dbstate: u32,
    pub lgposConsistent: JET_LGPOS,
    pub logtimeConsistent: JET_LOGTIME,
    pub logtimeAttach: JET_LOGTIME,
    pub lgposAttach: JET_LGPOS,
    pub logtimeDetach: JET_LOGTIME,
    pub lgposDetach: JET_LGPOS,
    pub signLog: JET_SIGNATURE,
    pub bkinfoFullPrev: JET_BKINFO,
    pub bkinfoIncPrev: JET_BKINFO,
    pub bkinfoFullCur: JET_BKINFO,
    pub fShadowingDisabled: u32,
    pub fUpgradeDb: u32,
    pub dwMajorVersion: u32,
    pub dwMinorVersion: u32,
    pub dwBuildNumber: u32,
    pub lSPNumber: i32,
    /// 0 means 4096.
    pub cbPageSize: u32,
    pub genMinRequired: u32,
    pub genMaxRequired: u32,
    pub logtimeGenMaxCreate: JET_LOGTIME,
    pub ulRepairCount: u32,
    pub logtimeRepair: JET_LOGTIME,
    pub ulRepairCountOld: u32,
    pub ulECCFixSuccess: u32,
    pub logtimeECCFixSuccess: JET_LOGTIME,
    pub ulECCFixSuccessOld: u32,
    pub ulECCFixFail: u32,
    pub logtimeECCFixFail: JET_LOGTIME,
    pub ulECCFixFailOld: u32,
    pub ulBadChecksum: u32,
    pub logtimeBadChecksum: JET_LOGTIME,
    pub ulBadChecksumOld: u32,
}

/// JET_DBINFOMISC2 with the last committed log generation (`cbMax` 300).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_DBINFOMISC3 {
    pub ulVersion: u32,
    pub ulUpdate: u32,
    pub signDb: JET_SIGNATURE,
    pub dbstate: u32,
    pub lgposConsistent: JET_LGPOS,
    pub logtimeConsistent: JET_LOGTIME,
    pub logtimeAttach: JET_LOGTIME,
    pub lgposAttach: JET_LGPOS,
    pub logtimeDetach: JET_LOGTIME,
    pub lgposDetach: JET_LGPOS,
    pub signLog: JET_SIGNATURE,
    pub bkinfoFullPrev: JET_BKINFO,
    pub bkinfoIncPrev: JET_BKINFO,
    pub bkinfoFullCur: JET_BKINFO,
    pub fShadowingDisabled: u32,
    pub fUpgradeDb: u32,
    pub dwMajorVersion: u32,
    pub dwMinorVersion: u32,
    pub dwBuildNumber: u32,
    pub lSPNumber: i32,
    /// 0 means 4096.
    pub cbPageSize: u32,
    pub genMinRequired: u32,
    pub genMaxRequired: u32,
    pub logtimeGenMaxCreate: JET_LOGTIME,
    pub ulRepairCount: u32,
    pub logtimeRepair: JET_LOGTIME,
    pub ulRepairCountOld: u32,
    pub ulECCFixSuccess: u32,
    pub logtimeECCFixSuccess: JET_LOGTIME,
    pub ulECCFixSuccessOld: u32,
    pub ulECCFixFail: u32,
    pub logtimeECCFixFail: JET_LOGTIME,
    pub ulECCFixFailOld: u32,
    pub ulBadChecksum: u32,
    pub logtimeBadChecksum: JET_LOGTIME,
    pub ulBadChecksumOld: u32,
    pub genCommitted: u32,
}

/// JET_DBINFOMISC3 with the copy and differential backups (`cbMax` 348).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_DBINFOMISC4 {
    pub ulVersion: u32,
    pub ulUpdate: u32,
    pub signDb: JET_SIGNATURE,
    pub dbstate: u32,
    pub lgposConsistent: JET_LGPOS,
    pub logtimeConsistent: JET_LOGTIME,
    pub logtimeAttach: JET_LOGTIME,
    pub lgposAttach: JET_LGPOS,
    pub logtimeDetach: JET_LOGTIME,
    pub lgposDetach: JET_LGPOS,
    pub signLog: JET_SIGNATURE,
    pub bkinfoFullPrev: JET_BKINFO,
    pub bkinfoIncPrev: JET_BKINFO,
    pub bkinfoFullCur: JET_BKINFO,
    pub fShadowingDisabled: u32,
    pub fUpgradeDb: u32,
    pub dwMajorVersion: u32,
    pub dwMinorVersion: u32,
    pub dwBuildNumber: u32,
    pub lSPNumber: i32,
    /// 0 means 4096.
    pub cbPageSize: u32,
    pub genMinRequired: u32,
    pub genMaxRequired: u32,
    pub logtimeGenMaxCreate: JET_LOGTIME,
    pub ulRepairCount: u32,
    pub logtimeRepair: JET_LOGTIME,
    pub ulRepairCountOld: u32,
    pub ulECCFixSuccess: u32,
    pub logtimeECCFixSuccess: JET_LOGTIME,
    pub ulECCFixSuccessOld: u32,
    pub ulECCFixFail: u32,
    pub logtimeECCFixFail: JET_LOGTIME,
    pub ulECCFixFailOld: u32,
    pub ulBadChecksum: u32,
    pub logtimeBadChecksum: JET_LOGTIME,
    pub ulBadChecksumOld: u32,
    pub genCommitted: u32,
    pub bkinfoCopyPrev: JET_BKINFO,
    pub bkinfoDiffPrev: JET_BKINFO,
}

/// JET_DBINFOMISC4 with the incremental reseed and page patch counters (`cbMax` 380).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_DBINFOMISC5 {
    pub ulVersion: u32,
    pub ulUpdate: u32,
    pub signDb: JET_SIGNATURE,
    pub dbstate: u32,
    pub lgposConsistent: JET_LGPOS,
    pub logtimeConsistent: JET_LOGTIME,
    pub logtimeAttach: JET_LOGTIME,
    pub lgposAttach: JET_LGPOS,
    pub logtimeDetach: JET_LOGTIME,
    pub lgposDetach: JET_LGPOS,
    pub signLog: JET_SIGNATURE,
    pub bkinfoFullPrev: JET_BKINFO,
    pub bkinfoIncPrev: JET_BKINFO,
    pub bkinfoFullCur: JET_BKINFO,
    pub fShadowingDisabled: u32,
    pub fUpgradeDb: u32,
    pub dwMajorVersion: u32,
    pub dwMinorVersion: u32,
    pub dwBuildNumber: u32,
    pub lSPNumber: i32,
    /// 0 means 4096.
    pub cbPageSize: u32,
    pub genMinRequired: u32,
    pub genMaxRequired: u32,
    pub logtimeGenMaxCreate: JET_LOGTIME,
    pub ulRepairCount: u32,
    pub logtimeRepair: JET_LOGTIME,
    pub ulRepairCountOld: u32,
    pub ulECCFixSuccess: u32,
    pub logtimeECCFixSuccess: JET_LOGTIME,
    pub ulECCFixSuccessOld: u32,
    pub ulECCFixFail: u32,
    pub logtimeECCFixFail: JET_LOGTIME,
    pub ulECCFixFailOld: u32,
    pub ulBadChecksum: u32,
    pub logtimeBadChecksum: JET_LOGTIME,
    pub ulBadChecksumOld: u32,
    pub genCommitted: u32,
    pub bkinfoCopyPrev: JET_BKINFO,
    pub bkinfoDiffPrev: JET_BKINFO,
    pub ulIncrementalReseedCount: u32,
    pub logtimeIncrementalReseed: JET_LOGTIME,
    pub ulIncrementalReseedCountOld: u32,
    pub ulPagePatchCount: u32,
    pub logtimePagePatch: JET_LOGTIME,
    pub ulPagePatchCountOld: u32,
}

/// JET_DBINFOMISC5 with the checksum pass (`cbMax` 400).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_DBINFOMISC6 {
    pub ulVersion: u32,
    pub ulUpdate: u32,
    pub signDb: JET_SIGNATURE,
    pub dbstate: u32,
    pub lgposConsistent: JET_LGPOS,
    pub logtimeConsistent: JET_LOGTIME,
    pub logtimeAttach: JET_LOGTIME,
    pub lgposAttach: JET_LGPOS,
    pub logtimeDetach: JET_LOGTIME,
    pub lgposDetach: JET_LGPOS,
    pub signLog: JET_SIGNATURE,
    pub bkinfoFullPrev: JET_BKINFO,
    pub bkinfoIncPrev: JET_BKINFO,
    pub bkinfoFullCur: JET_BKINFO,
    pub fShadowingDisabled: u32,
    pub fUpgradeDb: u32,
    pub dwMajorVersion: u32,
    pub dwMinorVersion: u32,
    pub dwBuildNumber: u32,
    pub lSPNumber: i32,
    /// 0 means 4096.
    pub cbPageSize: u32,
    pub genMinRequired: u32,
    pub genMaxRequired: u32,
    pub logtimeGenMaxCreate: JET_LOGTIME,
    pub ulRepairCount: u32,
    pub logtimeRepair: JET_LOGTIME,
    pub ulRepairCountOld: u32,
    pub ulECCFixSuccess: u32,
    pub logtimeECCFixSuccess: JET_LOGTIME,
    pub ulECCFixSuccessOld: u32,
    pub ulECCFixFail: u32,
    pub logtimeECCFixFail: JET_LOGTIME,
    pub ulECCFixFailOld: u32,
    pub ulBadChecksum: u32,
    pub logtimeBadChecksum: JET_LOGTIME,
    pub ulBadChecksumOld: u32,
    pub genCommitted: u32,
    pub bkinfoCopyPrev: JET_BKINFO,
    pub bkinfoDiffPrev: JET_BKINFO,
    pub ulIncrementalReseedCount: u32,
    pub logtimeIncrementalReseed: JET_LOGTIME,
    pub ulIncrementalReseedCountOld: u32,
    pub ulPagePatchCount: u32,
    pub logtimePagePatch: JET_LOGTIME,
    pub ulPagePatchCountOld: u32,
    pub logtimeChecksumPrev: JET_LOGTIME,
    pub logtimeChecksumStart: JET_LOGTIME,
    pub cpgDatabaseChecked: u32,
}

/// JET_DBINFOMISC6 with the last re-attach (`cbMax` 416).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_DBINFOMISC7 {
    pub ulVersion: u32,
    pub ulUpdate: u32,
    pub signDb: JET_SIGNATURE,
    pub dbstate: u32,
    pub lgposConsistent: JET_LGPOS,
    pub logtimeConsistent: JET_LOGTIME,
    pub logtimeAttach: JET_LOGTIME,
    pub lgposAttach: JET_LGPOS,
    pub logtimeDetach: JET_LOGTIME,
    pub lgposDetach: JET_LGPOS,
    pub signLog: JET_SIGNATURE,
    pub bkinfoFullPrev: JET_BKINFO,
    pub bkinfoIncPrev: JET_BKINFO,
    pub bkinfoFullCur: JET_BKINFO,
    pub fShadowingDisabled: u32,
    pub fUpgradeDb: u32,
    pub dwMajorVersion: u32,
    pub dwMinorVersion: u32,
    pub dwBuildNumber: u32,
    pub lSPNumber: i32,
    /// 0 means 4096.
    pub cbPageSize: u32,
    pub genMinRequired: u32,
    pub genMaxRequired: u32,
    pub logtimeGenMaxCreate: JET_LOGTIME,
    pub ulRepairCount: u32,
    pub logtimeRepair: JET_LOGTIME,
    pub ulRepairCountOld: u32,
    pub ulECCFixSuccess: u32,
    pub logtimeECCFixSuccess: JET_LOGTIME,
    pub ulECCFixSuccessOld: u32,
    pub ulECCFixFail: u32,
    pub logtimeECCFixFail: JET_LOGTIME,
    pub ulECCFixFailOld: u32,
    pub ulBadChecksum: u32,
    pub logtimeBadChecksum: JET_LOGTIME,
    pub ulBadChecksumOld: u32,
    pub genCommitted: u32,
    pub bkinfoCopyPrev: JET_BKINFO,
    pub bkinfoDiffPrev: JET_BKINFO,
    pub ulIncrementalReseedCount: u32,
    pub logtimeIncrementalReseed: JET_LOGTIME,
    pub ulIncrementalReseedCountOld: u32,
    pub ulPagePatchCount: u32,
    pub logtimePagePatch: JET_LOGTIME,
    pub ulPagePatchCountOld: u32,
    pub logtimeChecksumPrev: JET_LOGTIME,
    pub logtimeChecksumStart: JET_LOGTIME,
    pub cpgDatabaseChecked: u32,
    pub logtimeLastReAttach: JET_LOGTIME,
    pub lgposLastReAttach: JET_LGPOS,
}

// ---------------------------------------------------------------------------------------------
// Temporary tables

/// JetOpenTemporaryTable's arguments; the library writes `prgcolumnid[]` and `tableid`.
/// 64 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_OPENTEMPORARYTABLE {
    pub cbStruct: u32,
    pub prgcolumndef: *const JET_COLUMNDEF,
    pub ccolumn: u32,
    pub pidxunicode: *mut JET_UNICODEINDEX,
    pub grbit: JET_GRBIT,
    pub prgcolumnid: *mut JET_COLUMNID,
    pub cbKeyMost: u32,
    pub cbVarSegMac: u32,
    pub tableid: JET_TABLEID,
}

/// JET_OPENTEMPORARYTABLE with a locale name (JetOpenTemporaryTable2). 64 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_OPENTEMPORARYTABLE2 {
    pub cbStruct: u32,
    pub prgcolumndef: *const JET_COLUMNDEF,
    pub ccolumn: u32,
    pub pidxunicode: *mut JET_UNICODEINDEX2,
    pub grbit: JET_GRBIT,
    pub prgcolumnid: *mut JET_COLUMNID,
    pub cbKeyMost: u32,
    pub cbVarSegMac: u32,
    pub tableid: JET_TABLEID,
}

// ---------------------------------------------------------------------------------------------
// Records and cursors

/// Options of JetRetrieveColumn: offset in a long value, which value of a multi-valued column;
/// the library writes `columnidNextTagged`. 16 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_RETINFO {
    pub cbStruct: u32,
    pub ibLongValue: u32,
    pub itagSequence: u32,
    pub columnidNextTagged: JET_COLUMNID,
}

/// Options of JetSetColumn: offset in a long value, which value of a multi-valued column.
/// 12 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_SETINFO {
    pub cbStruct: u32,
    pub ibLongValue: u32,
    pub itagSequence: u32,
}

/// An approximate position of a record in its index (JetGetRecordPosition, JetGotoPosition).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_RECPOS {
    pub cbStruct: u32,
    pub centriesLT: u32,
    pub centriesInRange: u32,
    pub centriesTotal: u32,
}

/// JET_RECPOS with 64-bit counts; the 32-bit ones hold truncated copies on output and must be
/// 0 on input. 32 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_RECPOS2 {
    pub cbStruct: u32,
    pub centriesLTDeprecated: u32,
    pub centriesInRangeDeprecated: u32,
    pub centriesTotalDeprecated: u32,
    pub centriesLT: u64,
    pub centriesTotal: u64,
}

/// A temporary table of bookmarks. 24 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_RECORDLIST {
    pub cbStruct: u32,
    pub tableid: JET_TABLEID,
    pub cRecord: u32,
    pub columnidBookmark: JET_COLUMNID,
}

/// A cursor and an index range on it (JetIntersectIndexes). 24 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_INDEXRANGE {
    pub cbStruct: u32,
    pub tableid: JET_TABLEID,
    pub grbit: JET_GRBIT,
}

/// A column value and how to compare with it (JetPrereadIndexRanges, JetSetCursorFilter).
/// 24 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INDEX_COLUMN {
    pub columnid: JET_COLUMNID,
    pub relop: JET_RELOP,
    pub pv: *mut c_void,
    pub cb: u32,
    pub grbit: JET_GRBIT,
}

/// A range of index entries given by its start and end columns. 32 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INDEX_RANGE {
    pub rgStartColumns: *mut JET_INDEX_COLUMN,
    pub cStartColumns: u32,
    pub rgEndColumns: *mut JET_INDEX_COLUMN,
    pub cEndColumns: u32,
}

/// One value for JetSetColumns; the library writes `err`. 40 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_SETCOLUMN {
    pub columnid: JET_COLUMNID,
    pub pvData: *const c_void,
    pub cbData: u32,
    pub grbit: JET_GRBIT,
    pub ibLongValue: u32,
    pub itagSequence: u32,
    pub err: JET_ERR,
}

/// One value for JetRetrieveColumns; the library writes `cbActual`, `columnidNextTagged` and
/// `err`. 48 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_RETRIEVECOLUMN {
    pub columnid: JET_COLUMNID,
    pub pvData: *mut c_void,
    pub cbData: u32,
    pub cbActual: u32,
    pub grbit: JET_GRBIT,
    pub ibLongValue: u32,
    pub itagSequence: u32,
    pub columnidNextTagged: JET_COLUMNID,
    pub err: JET_ERR,
}

/// A column JetEnumerateColumns is asked for, and which of its values (all when
/// `ctagSequence` is 0). 16 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_ENUMCOLUMNID {
    pub columnid: JET_COLUMNID,
    pub ctagSequence: u32,
    pub rgtagSequence: *mut u32,
}

/// One value of a column returned by JetEnumerateColumns. 24 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_ENUMCOLUMNVALUE {
    pub itagSequence: u32,
    pub err: JET_ERR,
    pub cbData: u32,
    pub pvData: *mut c_void,
}

/// The values of a column (`err` is not `JET_wrnColumnSingleValue`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_ENUMCOLUMN_VALUES {
    pub cEnumColumnValue: u32,
    pub rgEnumColumnValue: *mut JET_ENUMCOLUMNVALUE,
}

/// The single value of a column (`err` is `JET_wrnColumnSingleValue`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_ENUMCOLUMN_SINGLE {
    pub cbData: u32,
    pub pvData: *mut c_void,
}

/// The union of JET_ENUMCOLUMN; in C it and both of its structs are anonymous.
#[repr(C)]
#[derive(Clone, Copy)]
pub union JET_ENUMCOLUMN_U {
    pub values: JET_ENUMCOLUMN_VALUES,
    pub single: JET_ENUMCOLUMN_SINGLE,
}

/// One column returned by JetEnumerateColumns. 24 bytes. In C the members of the union are
/// named directly (`cEnumColumnValue`, `rgEnumColumnValue`, `cbData`, `pvData`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct JET_ENUMCOLUMN {
    pub columnid: JET_COLUMNID,
    pub err: JET_ERR,
    pub u: JET_ENUMCOLUMN_U,
}

/// The size of a record (JetGetRecordSize). 64 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_RECSIZE {
    pub cbData: u64,
    pub cbLongValueData: u64,
    pub cbOverhead: u64,
    pub cbLongValueOverhead: u64,
    pub cNonTaggedColumns: u64,
    pub cTaggedColumns: u64,
    pub cLongValues: u64,
    pub cMultiValues: u64,
}

/// JET_RECSIZE with compression figures (JetGetRecordSize2). 88 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct JET_RECSIZE2 {
    pub cbData: u64,
    pub cbLongValueData: u64,
    pub cbOverhead: u64,
    pub cbLongValueOverhead: u64,
    pub cNonTaggedColumns: u64,
    pub cTaggedColumns: u64,
    pub cLongValues: u64,
    pub cMultiValues: u64,
    pub cCompressedColumns: u64,
    pub cbDataCompressed: u64,
    pub cbLongValueDataCompressed: u64,
}

/// Sizes and offsets of data-ddl §3 and data-records §2.3 (checked against jethdr.w), the same
/// numbers c-tests/test_abi_data.c checks in C.
const _: () = {
    use core::mem::{align_of, offset_of, size_of};

    assert!(size_of::<JET_INDEXID>() == 20);
    assert!(offset_of!(JET_INDEXID, rgbIndexId) == 4);

    assert!(size_of::<JET_COLUMNDEF>() == 28);
    assert!(offset_of!(JET_COLUMNDEF, coltyp) == 8);
    assert!(offset_of!(JET_COLUMNDEF, wCountry) == 12);
    assert!(offset_of!(JET_COLUMNDEF, cp) == 16);
    assert!(offset_of!(JET_COLUMNDEF, wCollate) == 18);
    assert!(offset_of!(JET_COLUMNDEF, cbMax) == 20);
    assert!(offset_of!(JET_COLUMNDEF, grbit) == 24);

    assert!(size_of::<JET_COLUMNBASE_A>() == 540);
    assert!(offset_of!(JET_COLUMNBASE_A, wFiller) == 18);
    assert!(offset_of!(JET_COLUMNBASE_A, szBaseTableName) == 28);
    assert!(offset_of!(JET_COLUMNBASE_A, szBaseColumnName) == 284);
    assert!(size_of::<JET_COLUMNBASE_W>() == 1052);
    assert!(offset_of!(JET_COLUMNBASE_W, szBaseTableName) == 28);
    assert!(offset_of!(JET_COLUMNBASE_W, szBaseColumnName) == 540);

    assert!(size_of::<JET_COLUMNCREATE_A>() == 56);
    assert!(size_of::<JET_COLUMNCREATE_W>() == 56);
    assert!(offset_of!(JET_COLUMNCREATE_A, szColumnName) == 8);
    assert!(offset_of!(JET_COLUMNCREATE_A, coltyp) == 16);
    assert!(offset_of!(JET_COLUMNCREATE_A, grbit) == 24);
    assert!(offset_of!(JET_COLUMNCREATE_A, pvDefault) == 32);
    assert!(offset_of!(JET_COLUMNCREATE_A, cbDefault) == 40);
    assert!(offset_of!(JET_COLUMNCREATE_A, cp) == 44);
    assert!(offset_of!(JET_COLUMNCREATE_A, columnid) == 48);
    assert!(offset_of!(JET_COLUMNCREATE_A, err) == 52);
    assert!(offset_of!(JET_COLUMNCREATE_W, err) == 52);

    assert!(size_of::<JET_USERDEFINEDDEFAULT_A>() == 32);
    assert!(size_of::<JET_USERDEFINEDDEFAULT_W>() == 32);
    assert!(offset_of!(JET_USERDEFINEDDEFAULT_A, cbUserData) == 16);
    assert!(offset_of!(JET_USERDEFINEDDEFAULT_W, szDependantColumns) == 24);

    assert!(size_of::<JET_CONDITIONALCOLUMN_A>() == 24);
    assert!(size_of::<JET_CONDITIONALCOLUMN_W>() == 24);
    assert!(offset_of!(JET_CONDITIONALCOLUMN_A, szColumnName) == 8);
    assert!(offset_of!(JET_CONDITIONALCOLUMN_W, grbit) == 16);

    assert!(size_of::<JET_UNICODEINDEX>() == 8);
    assert!(size_of::<JET_UNICODEINDEX2>() == 16);
    assert!(offset_of!(JET_UNICODEINDEX2, dwMapFlags) == 8);
    assert!(size_of::<JET_TUPLELIMITS>() == 20);
    assert!(offset_of!(JET_TUPLELIMITS, ichStart) == 16);
    assert!(size_of::<JET_SPACEHINTS>() == 32);
    assert!(offset_of!(JET_SPACEHINTS, cbMaxExtent) == 28);

    assert!(size_of::<JET_INDEXCREATE_LCID>() == 8);
    assert!(size_of::<JET_INDEXCREATE_VARSEG>() == 8);
    assert!(size_of::<JET_INDEXCREATE_A>() == 80);
    assert!(size_of::<JET_INDEXCREATE_W>() == 80);
    assert!(offset_of!(JET_INDEXCREATE_A, szIndexName) == 8);
    assert!(offset_of!(JET_INDEXCREATE_A, szKey) == 16);
    assert!(offset_of!(JET_INDEXCREATE_A, cbKey) == 24);
    assert!(offset_of!(JET_INDEXCREATE_A, grbit) == 28);
    assert!(offset_of!(JET_INDEXCREATE_A, ulDensity) == 32);
    assert!(offset_of!(JET_INDEXCREATE_A, lcid_or_pidxunicode) == 40);
    assert!(offset_of!(JET_INDEXCREATE_A, cbVarSegMac_or_ptuplelimits) == 48);
    assert!(offset_of!(JET_INDEXCREATE_A, rgconditionalcolumn) == 56);
    assert!(offset_of!(JET_INDEXCREATE_A, cConditionalColumn) == 64);
    assert!(offset_of!(JET_INDEXCREATE_A, err) == 68);
    assert!(offset_of!(JET_INDEXCREATE_A, cbKeyMost) == 72);
    assert!(offset_of!(JET_INDEXCREATE_W, cbKeyMost) == 72);
    assert!(size_of::<JET_INDEXCREATE2_A>() == 88);
    assert!(size_of::<JET_INDEXCREATE2_W>() == 88);
    assert!(offset_of!(JET_INDEXCREATE2_A, lcid_or_pidxunicode) == 40);
    assert!(offset_of!(JET_INDEXCREATE2_A, pSpacehints) == 80);
    assert!(offset_of!(JET_INDEXCREATE2_W, pSpacehints) == 80);
    assert!(size_of::<JET_INDEXCREATE3_A>() == 88);
    assert!(size_of::<JET_INDEXCREATE3_W>() == 88);
    assert!(offset_of!(JET_INDEXCREATE3_A, pidxunicode) == 40);
    assert!(offset_of!(JET_INDEXCREATE3_A, cbVarSegMac_or_ptuplelimits) == 48);
    assert!(offset_of!(JET_INDEXCREATE3_A, err) == 68);
    assert!(offset_of!(JET_INDEXCREATE3_W, pSpacehints) == 80);

    assert!(size_of::<JET_TABLECREATE_A>() == 80);
    assert!(size_of::<JET_TABLECREATE_W>() == 80);
    assert!(offset_of!(JET_TABLECREATE_A, szTemplateTableName) == 16);
    assert!(offset_of!(JET_TABLECREATE_A, ulPages) == 24);
    assert!(offset_of!(JET_TABLECREATE_A, ulDensity) == 28);
    assert!(offset_of!(JET_TABLECREATE_A, rgcolumncreate) == 32);
    assert!(offset_of!(JET_TABLECREATE_A, cColumns) == 40);
    assert!(offset_of!(JET_TABLECREATE_A, rgindexcreate) == 48);
    assert!(offset_of!(JET_TABLECREATE_A, cIndexes) == 56);
    assert!(offset_of!(JET_TABLECREATE_A, grbit) == 60);
    assert!(offset_of!(JET_TABLECREATE_A, tableid) == 64);
    assert!(offset_of!(JET_TABLECREATE_A, cCreated) == 72);
    assert!(offset_of!(JET_TABLECREATE_W, cCreated) == 72);
    assert!(size_of::<JET_TABLECREATE2_A>() == 96);
    assert!(size_of::<JET_TABLECREATE2_W>() == 96);
    assert!(offset_of!(JET_TABLECREATE2_A, szCallback) == 64);
    assert!(offset_of!(JET_TABLECREATE2_A, cbtyp) == 72);
    assert!(offset_of!(JET_TABLECREATE2_A, grbit) == 76);
    assert!(offset_of!(JET_TABLECREATE2_A, tableid) == 80);
    assert!(offset_of!(JET_TABLECREATE2_W, cCreated) == 88);
    assert!(size_of::<JET_TABLECREATE3_A>() == 120);
    assert!(size_of::<JET_TABLECREATE3_W>() == 120);
    assert!(offset_of!(JET_TABLECREATE3_A, pSeqSpacehints) == 80);
    assert!(offset_of!(JET_TABLECREATE3_A, pLVSpacehints) == 88);
    assert!(offset_of!(JET_TABLECREATE3_A, cbSeparateLV) == 96);
    assert!(offset_of!(JET_TABLECREATE3_A, tableid) == 104);
    assert!(offset_of!(JET_TABLECREATE3_W, cCreated) == 112);
    assert!(size_of::<JET_TABLECREATE4_A>() == 120);
    assert!(size_of::<JET_TABLECREATE4_W>() == 120);
    assert!(offset_of!(JET_TABLECREATE4_A, tableid) == 104);
    assert!(offset_of!(JET_TABLECREATE4_W, cCreated) == 112);

    assert!(size_of::<JET_OBJECTINFO>() == 40);
    assert!(offset_of!(JET_OBJECTINFO, dtCreate) == 8);
    assert!(offset_of!(JET_OBJECTINFO, grbit) == 24);
    assert!(offset_of!(JET_OBJECTINFO, cPage) == 36);
    assert!(size_of::<JET_OBJECTLIST>() == 56);
    assert!(offset_of!(JET_OBJECTLIST, tableid) == 8);
    assert!(offset_of!(JET_OBJECTLIST, columnidcontainername) == 20);
    assert!(offset_of!(JET_OBJECTLIST, columnidcPage) == 52);
    assert!(size_of::<JET_COLUMNLIST>() == 80);
    assert!(offset_of!(JET_COLUMNLIST, columnidPresentationOrder) == 20);
    assert!(offset_of!(JET_COLUMNLIST, columnidDefinitionName) == 72);
    assert!(size_of::<JET_INDEXLIST>() == 88);
    assert!(offset_of!(JET_INDEXLIST, columnidindexname) == 20);
    assert!(offset_of!(JET_INDEXLIST, columnidLCMapFlags) == 80);

    assert!(size_of::<JET_LGPOS>() == 8);
    assert!(size_of::<JET_BKINFO>() == 24);
    assert!(offset_of!(JET_BKINFO, logtimeMark) == 8);
    assert!(offset_of!(JET_BKINFO, genLow) == 16);
    assert!(offset_of!(JET_BKINFO, genHigh) == 20);
    assert!(size_of::<JET_DBINFOUPGRADE>() == 28);
    assert!(offset_of!(JET_DBINFOUPGRADE, ulFlags) == 24);

    assert!(size_of::<JET_DBINFOMISC>() == 216);
    assert!(align_of::<JET_DBINFOMISC>() == 4);
    assert!(offset_of!(JET_DBINFOMISC, signDb) == 8);
    assert!(offset_of!(JET_DBINFOMISC, dbstate) == 36);
    assert!(offset_of!(JET_DBINFOMISC, lgposConsistent) == 40);
    assert!(offset_of!(JET_DBINFOMISC, logtimeConsistent) == 48);
    assert!(offset_of!(JET_DBINFOMISC, logtimeAttach) == 56);
    assert!(offset_of!(JET_DBINFOMISC, lgposAttach) == 64);
    assert!(offset_of!(JET_DBINFOMISC, logtimeDetach) == 72);
    assert!(offset_of!(JET_DBINFOMISC, lgposDetach) == 80);
    assert!(offset_of!(JET_DBINFOMISC, signLog) == 88);
    assert!(offset_of!(JET_DBINFOMISC, bkinfoFullPrev) == 116);
    assert!(offset_of!(JET_DBINFOMISC, bkinfoIncPrev) == 140);
    assert!(offset_of!(JET_DBINFOMISC, bkinfoFullCur) == 164);
    assert!(offset_of!(JET_DBINFOMISC, fShadowingDisabled) == 188);
    assert!(offset_of!(JET_DBINFOMISC, fUpgradeDb) == 192);
    assert!(offset_of!(JET_DBINFOMISC, dwMajorVersion) == 196);
    assert!(offset_of!(JET_DBINFOMISC, lSPNumber) == 208);
    assert!(offset_of!(JET_DBINFOMISC, cbPageSize) == 212);
    assert!(size_of::<JET_DBINFOMISC2>() == 296);
    assert!(offset_of!(JET_DBINFOMISC2, genMinRequired) == 216);
    assert!(offset_of!(JET_DBINFOMISC2, ulBadChecksumOld) == 292);
    assert!(size_of::<JET_DBINFOMISC3>() == 300);
    assert!(offset_of!(JET_DBINFOMISC3, genCommitted) == 296);
    assert!(size_of::<JET_DBINFOMISC4>() == 348);
    assert!(offset_of!(JET_DBINFOMISC4, bkinfoCopyPrev) == 300);
    assert!(offset_of!(JET_DBINFOMISC4, bkinfoDiffPrev) == 324);
    assert!(size_of::<JET_DBINFOMISC5>() == 380);
    assert!(offset_of!(JET_DBINFOMISC5, ulIncrementalReseedCount) == 348);
    assert!(offset_of!(JET_DBINFOMISC5, ulPagePatchCountOld) == 376);
    assert!(size_of::<JET_DBINFOMISC6>() == 400);
    assert!(offset_of!(JET_DBINFOMISC6, logtimeChecksumPrev) == 380);
    assert!(offset_of!(JET_DBINFOMISC6, cpgDatabaseChecked) == 396);
    assert!(size_of::<JET_DBINFOMISC7>() == 416);
    assert!(offset_of!(JET_DBINFOMISC7, logtimeLastReAttach) == 400);
    assert!(offset_of!(JET_DBINFOMISC7, lgposLastReAttach) == 408);

    assert!(size_of::<JET_OPENTEMPORARYTABLE>() == 64);
    assert!(offset_of!(JET_OPENTEMPORARYTABLE, prgcolumndef) == 8);
    assert!(offset_of!(JET_OPENTEMPORARYTABLE, ccolumn) == 16);
    assert!(offset_of!(JET_OPENTEMPORARYTABLE, pidxunicode) == 24);
    assert!(offset_of!(JET_OPENTEMPORARYTABLE, grbit) == 32);
    assert!(offset_of!(JET_OPENTEMPORARYTABLE, prgcolumnid) == 40);
    assert!(offset_of!(JET_OPENTEMPORARYTABLE, cbKeyMost) == 48);
    assert!(offset_of!(JET_OPENTEMPORARYTABLE, cbVarSegMac) == 52);
    assert!(offset_of!(JET_OPENTEMPORARYTABLE, tableid) == 56);
    assert!(size_of::<JET_OPENTEMPORARYTABLE2>() == 64);
    assert!(offset_of!(JET_OPENTEMPORARYTABLE2, pidxunicode) == 24);
    assert!(offset_of!(JET_OPENTEMPORARYTABLE2, tableid) == 56);

    assert!(size_of::<JET_RETINFO>() == 16);
    assert!(offset_of!(JET_RETINFO, columnidNextTagged) == 12);
    assert!(size_of::<JET_SETINFO>() == 12);
    assert!(offset_of!(JET_SETINFO, itagSequence) == 8);
    assert!(size_of::<JET_RECPOS>() == 16);
    assert!(offset_of!(JET_RECPOS, centriesTotal) == 12);
    assert!(size_of::<JET_RECPOS2>() == 32);
    assert!(offset_of!(JET_RECPOS2, centriesLT) == 16);
    assert!(offset_of!(JET_RECPOS2, centriesTotal) == 24);
    assert!(size_of::<JET_RECORDLIST>() == 24);
    assert!(offset_of!(JET_RECORDLIST, columnidBookmark) == 20);
    assert!(size_of::<JET_INDEXRANGE>() == 24);
    assert!(offset_of!(JET_INDEXRANGE, tableid) == 8);
    assert!(offset_of!(JET_INDEXRANGE, grbit) == 16);
    assert!(size_of::<JET_INDEX_COLUMN>() == 24);
    assert!(offset_of!(JET_INDEX_COLUMN, relop) == 4);
    assert!(offset_of!(JET_INDEX_COLUMN, pv) == 8);
    assert!(offset_of!(JET_INDEX_COLUMN, cb) == 16);
    assert!(offset_of!(JET_INDEX_COLUMN, grbit) == 20);
    assert!(size_of::<JET_INDEX_RANGE>() == 32);
    assert!(offset_of!(JET_INDEX_RANGE, cStartColumns) == 8);
    assert!(offset_of!(JET_INDEX_RANGE, rgEndColumns) == 16);
    assert!(offset_of!(JET_INDEX_RANGE, cEndColumns) == 24);

    assert!(size_of::<JET_SETCOLUMN>() == 40);
    assert!(offset_of!(JET_SETCOLUMN, pvData) == 8);
    assert!(offset_of!(JET_SETCOLUMN, cbData) == 16);
    assert!(offset_of!(JET_SETCOLUMN, grbit) == 20);
    assert!(offset_of!(JET_SETCOLUMN, ibLongValue) == 24);
    assert!(offset_of!(JET_SETCOLUMN, itagSequence) == 28);
    assert!(offset_of!(JET_SETCOLUMN, err) == 32);
    assert!(size_of::<JET_RETRIEVECOLUMN>() == 48);
    assert!(offset_of!(JET_RETRIEVECOLUMN, pvData) == 8);
    assert!(offset_of!(JET_RETRIEVECOLUMN, cbData) == 16);
    assert!(offset_of!(JET_RETRIEVECOLUMN, cbActual) == 20);
    assert!(offset_of!(JET_RETRIEVECOLUMN, grbit) == 24);
    assert!(offset_of!(JET_RETRIEVECOLUMN, ibLongValue) == 28);
    assert!(offset_of!(JET_RETRIEVECOLUMN, itagSequence) == 32);
    assert!(offset_of!(JET_RETRIEVECOLUMN, columnidNextTagged) == 36);
    assert!(offset_of!(JET_RETRIEVECOLUMN, err) == 40);

    assert!(size_of::<JET_ENUMCOLUMNID>() == 16);
    assert!(offset_of!(JET_ENUMCOLUMNID, rgtagSequence) == 8);
    assert!(size_of::<JET_ENUMCOLUMNVALUE>() == 24);
    assert!(offset_of!(JET_ENUMCOLUMNVALUE, cbData) == 8);
    assert!(offset_of!(JET_ENUMCOLUMNVALUE, pvData) == 16);
    assert!(size_of::<JET_ENUMCOLUMN>() == 24);
    assert!(offset_of!(JET_ENUMCOLUMN, u) == 8);
    assert!(offset_of!(JET_ENUMCOLUMN_VALUES, rgEnumColumnValue) == 8);
    assert!(offset_of!(JET_ENUMCOLUMN_SINGLE, pvData) == 8);

    assert!(size_of::<JET_RECSIZE>() == 64);
    assert!(size_of::<JET_RECSIZE2>() == 88);
    assert!(offset_of!(JET_RECSIZE2, cbLongValueDataCompressed) == 80);
};
