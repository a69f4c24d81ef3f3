//! The schema functions' C structures, read into the engine's plain specs ([`ColumnSpec`],
//! [`IndexSpec`], [`TableSpec`]) and their outputs written back. The shims of JetAddColumn,
//! JetCreateIndex* and JetCreateTableColumnIndex* call only these readers; nothing here decides
//! anything the engine decides.
//!
//! What is checked here, as ESE's API layer checks it before the engine (`data-ddl` §5.3, §7.2):
//! every pointer that is dereferenced (NULL → `JET_errInvalidParameter`, S-BAD-01), every
//! `cbStruct` (→ -1003, S-BAD-02), arrays with counts (NULL with a count → -1003), string
//! encodings (names: S-NAM-01 through `name_from_bytes` / `name_from_utf16`, → -1002), W key
//! strings (`key_from_utf16`), and the LCID → locale-name step of the index conversion chain.
//! What the engine checks (names' rules, types, grbits, the key's segments, the A conditional
//! column's `cbStruct`, densities, tuple limits) is passed through as given.
//!
//! Where ESE checks something at the engine's step and we check it while reading (a NULL name, a
//! bad column `cbStruct`, a bad JET_SPACEHINTS `cbStruct`), the code is the same; only the order
//! against the engine's earlier checks can differ, and only for input that fails anyway.
//!
//! The A and W forms of every struct have the same layout (`data-ddl` §3, asserted below), so
//! each struct is read through its A layout and its string pointers are read as the caller's
//! encoding: UTF-8 for A, UTF-16 for W (S-ABI-06).

use super::structs::{read_versioned, walk_versioned};
use super::{Encoding, Utf8, Utf16, put, wide_units};
use crate::abi::consts::*;
use crate::abi::*;
use crate::abi::{JET_TABLEID, WCHAR};
use crate::engine::catalog::{
    CB_CONDITIONAL_COLUMN, ColumnSpec, ConditionalSpec, CreateReport, IndexSpec, TableSpec, TupleLimits,
    UnicodeSpec, UserDefinedDefault, key_from_utf16, name_from_bytes, name_from_utf16,
};
use crate::engine::error::{JetError, JetResult, fail, oom, try_string};
use core::ffi::{CStr, c_char, c_void};

// The A and W forms share one layout: reading a W struct through its A form is sound.
const _: () = {
    assert!(size_of::<JET_COLUMNCREATE_A>() == size_of::<JET_COLUMNCREATE_W>());
    assert!(size_of::<JET_USERDEFINEDDEFAULT_A>() == size_of::<JET_USERDEFINEDDEFAULT_W>());
    assert!(size_of::<JET_CONDITIONALCOLUMN_A>() == size_of::<JET_CONDITIONALCOLUMN_W>());
    assert!(size_of::<JET_INDEXCREATE_A>() == size_of::<JET_INDEXCREATE_W>());
    assert!(size_of::<JET_INDEXCREATE2_A>() == size_of::<JET_INDEXCREATE2_W>());
    assert!(size_of::<JET_INDEXCREATE3_A>() == size_of::<JET_INDEXCREATE3_W>());
    assert!(size_of::<JET_TABLECREATE_A>() == size_of::<JET_TABLECREATE_W>());
    assert!(size_of::<JET_TABLECREATE2_A>() == size_of::<JET_TABLECREATE2_W>());
    assert!(size_of::<JET_TABLECREATE3_A>() == size_of::<JET_TABLECREATE3_W>());
    assert!(size_of::<JET_TABLECREATE4_A>() == size_of::<JET_TABLECREATE4_W>());
    // JET_INDEXCREATE2 is JET_INDEXCREATE with `pSpacehints` appended (data-ddl 3.8).
    assert!(std::mem::offset_of!(JET_INDEXCREATE2_A, cbKeyMost) == CB_INDEXCREATE_OLD);
    assert!(std::mem::offset_of!(JET_INDEXCREATE2_A, pSpacehints) == size_of::<JET_INDEXCREATE_A>());
    assert!(size_of::<JET_USERDEFINEDDEFAULT_A>() == 32);
    assert!(size_of::<JET_SPACEHINTS>() == 32);
};

/// `sizeof(JET_INDEXCREATEOLD)` on LP64: JET_INDEXCREATE without `cbKeyMost`, still accepted in
/// JET_INDEXCREATE arrays (`data-ddl` §3.8; jetapi.cxx:8089-8095).
pub(crate) const CB_INDEXCREATE_OLD: usize = 72;

/// The encodings of the A and W schema structs: how a name is read.
pub(crate) trait DdlText: Encoding {
    /// Whether this is the W form: W entry points convert their names before anything else, and
    /// check a conditional column's `cbStruct` while converting it.
    const WIDE: bool;

    /// Reads a DDL name (S-NAM-01): NULL or bad encoding → `JET_errInvalidName`, as the
    /// catalog's `name_from_bytes` / `name_from_utf16` give it. Returns the name and its length
    /// in code units (without the NUL). The name's own rules are the engine's (`check_name`).
    ///
    /// # Safety
    /// `p` is NULL or points to a NUL-terminated string of this encoding.
    unsafe fn name(p: *const Self::Unit) -> JetResult<(String, usize)>;
}

impl DdlText for Utf8 {
    const WIDE: bool = false;
    unsafe fn name(p: *const c_char) -> JetResult<(String, usize)> {
        if p.is_null() {
            return name_from_bytes(None).map(|_| (String::new(), 0));
        }
        // SAFETY: non-NULL and NUL-terminated by the caller's contract.
        let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
        Ok((try_string(name_from_bytes(Some(bytes))?)?, bytes.len()))
    }
}

impl DdlText for Utf16 {
    const WIDE: bool = true;
    unsafe fn name(p: *const WCHAR) -> JetResult<(String, usize)> {
        if p.is_null() {
            return name_from_utf16(None).map(|_| (String::new(), 0));
        }
        // SAFETY: non-NULL and NUL-terminated by the caller's contract.
        let it = unsafe { wide_units(p) };
        let mut units = Vec::new();
        units.try_reserve_exact(it.clone().count()).map_err(oom)?;
        units.extend(it);
        Ok((name_from_utf16(Some(&units))?, units.len()))
    }
}

/// A JET_COLUMNCREATE form: `_A` (UTF-8 names) or `_W` (UTF-16).
#[allow(dead_code)] // its caller, JetCreateTableColumnIndex*, is still to come
pub(crate) trait ColumnCreate: Copy {
    type E: DdlText;
}
impl ColumnCreate for JET_COLUMNCREATE_A {
    type E = Utf8;
}
impl ColumnCreate for JET_COLUMNCREATE_W {
    type E = Utf16;
}

/// Which index-create struct an entry point takes (`data-ddl` §7.1-7.2): JET_INDEXCREATE
/// (JetCreateIndex2, JET_TABLECREATE and JET_TABLECREATE2), JET_INDEXCREATE2 (JetCreateIndex3,
/// JET_TABLECREATE3) or JET_INDEXCREATE3 (JetCreateIndex4, JET_TABLECREATE4).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum IndexVersion {
    V1,
    V2,
    V3,
}

impl IndexVersion {
    /// The `cbStruct` values accepted for each element (`data-ddl` §7.2; jetapi.cxx:8089-8095,
    /// 8199-8203, 8352-8355): 80 or 72 for V1, 88 for V2 and V3.
    pub(crate) fn sizes(self) -> &'static [usize] {
        match self {
            IndexVersion::V1 => &[size_of::<JET_INDEXCREATE_A>(), CB_INDEXCREATE_OLD],
            IndexVersion::V2 => &[size_of::<JET_INDEXCREATE2_A>()],
            IndexVersion::V3 => &[size_of::<JET_INDEXCREATE3_A>()],
        }
    }
}

/// An index-create struct of some version and encoding.
pub(crate) trait IndexCreate: Copy {
    type E: DdlText;
    const VERSION: IndexVersion;
}
macro_rules! index_create {
    ($($t:ty => $e:ty, $v:ident;)*) => {$(
        impl IndexCreate for $t {
            type E = $e;
            const VERSION: IndexVersion = IndexVersion::$v;
        }
    )*};
}
index_create! {
    JET_INDEXCREATE_A => Utf8, V1;
    JET_INDEXCREATE_W => Utf16, V1;
    JET_INDEXCREATE2_A => Utf8, V2;
    JET_INDEXCREATE2_W => Utf16, V2;
    JET_INDEXCREATE3_A => Utf8, V3;
    JET_INDEXCREATE3_W => Utf16, V3;
}

/// Which JET_TABLECREATE an entry point takes (JetCreateTableColumnIndex 1-4).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[allow(dead_code)] // its caller, JetCreateTableColumnIndex*, is still to come
pub(crate) enum TableVersion {
    V1,
    V2,
    V3,
    V4,
}

/// A table-create struct of some version and encoding, with the index struct its
/// `rgindexcreate` points to (`data-ddl` §3.9).
#[allow(dead_code)] // its caller, JetCreateTableColumnIndex*, is still to come
pub(crate) trait TableCreate: Copy {
    type E: DdlText;
    type Index: IndexCreate;
    type Column: ColumnCreate;
    const VERSION: TableVersion;
}
macro_rules! table_create {
    ($($t:ty => $e:ty, $i:ty, $c:ty, $v:ident;)*) => {$(
        impl TableCreate for $t {
            type E = $e;
            type Index = $i;
            type Column = $c;
            const VERSION: TableVersion = TableVersion::$v;
        }
    )*};
}
table_create! {
    JET_TABLECREATE_A => Utf8, JET_INDEXCREATE_A, JET_COLUMNCREATE_A, V1;
    JET_TABLECREATE_W => Utf16, JET_INDEXCREATE_W, JET_COLUMNCREATE_W, V1;
    JET_TABLECREATE2_A => Utf8, JET_INDEXCREATE_A, JET_COLUMNCREATE_A, V2;
    JET_TABLECREATE2_W => Utf16, JET_INDEXCREATE_W, JET_COLUMNCREATE_W, V2;
    JET_TABLECREATE3_A => Utf8, JET_INDEXCREATE2_A, JET_COLUMNCREATE_A, V3;
    JET_TABLECREATE3_W => Utf16, JET_INDEXCREATE2_W, JET_COLUMNCREATE_W, V3;
    JET_TABLECREATE4_A => Utf8, JET_INDEXCREATE3_A, JET_COLUMNCREATE_A, V4;
    JET_TABLECREATE4_W => Utf16, JET_INDEXCREATE3_W, JET_COLUMNCREATE_W, V4;
}

/// Copies `cb` bytes the caller passed; NULL with a length → -1003; no memory → -1011.
///
/// # Safety
/// `p` is NULL or points to `cb` readable bytes.
unsafe fn copy_bytes(p: *const u8, cb: u32) -> JetResult<Vec<u8>> {
    if cb == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return fail(JET_errInvalidParameter);
    }
    let mut v = Vec::new();
    v.try_reserve_exact(cb as usize).map_err(oom)?;
    // SAFETY: the caller promises `cb` readable bytes at p.
    v.extend_from_slice(unsafe { std::slice::from_raw_parts(p, cb as usize) });
    Ok(v)
}

/// A string pointer of an A-layout struct, read as the encoding `E`.
fn units<E: Encoding, T>(p: *mut T) -> *const E::Unit {
    p as *const E::Unit
}

// ---------------------------------------------------------------------------------------------
// Columns

/// The default of a column (`data-ddl` §6.1, §2.3): `pvDefault` NULL or `cbDefault` 0 → none.
/// With `JET_bitColumnUserDefinedDefault`, `pvDefault` is a JET_USERDEFINEDDEFAULT of the
/// caller's encoding, read when `cbDefault` is its size (32); another size leaves it unread, and
/// the engine refuses the column with -1003 at ESE's step (fcreate.cxx:1087-1088).
///
/// # Safety
/// `pv` is NULL or points to `cb` readable bytes.
unsafe fn read_default<E: DdlText>(
    grbit: u32,
    pv: *const c_void,
    cb: u32,
) -> JetResult<(Option<Vec<u8>>, Option<UserDefinedDefault>)> {
    if pv.is_null() || cb == 0 {
        return Ok((None, None));
    }
    if grbit & JET_bitColumnUserDefinedDefault != 0 {
        if cb as usize != size_of::<JET_USERDEFINEDDEFAULT_A>() {
            return Ok((None, None));
        }
        // SAFETY: `cb` bytes are readable, exactly one JET_USERDEFINEDDEFAULT.
        let udd = unsafe { (pv as *const JET_USERDEFINEDDEFAULT_A).read_unaligned() };
        // SAFETY: the struct's pointers are the caller's, valid by its contract.
        return Ok((None, Some(unsafe { user_defined_default::<E>(&udd) }?)));
    }
    // SAFETY: `cb` readable bytes at pv.
    Ok((Some(unsafe { copy_bytes(pv as *const u8, cb) }?), None))
}

/// JET_USERDEFINEDDEFAULT (`data-ddl` §3.3): `szCallback` NULL → -1003 (ESE would dereference
/// it, S-BAD-01), bad encoding → -602; `pbUserData` NULL with `cbUserData` → -1003;
/// `szDependantColumns` NULL → no dependencies, else a list of names ended by an empty one, each
/// read as a name (S-NAM-01, -1002).
///
/// # Safety
/// The struct's pointers are NULL or valid as described.
unsafe fn user_defined_default<E: DdlText>(u: &JET_USERDEFINEDDEFAULT_A) -> JetResult<UserDefinedDefault> {
    // SAFETY: NULL or NUL-terminated by the caller's contract.
    let Some(callback) = (unsafe { E::read(units::<E, _>(u.szCallback)) })? else {
        return fail(JET_errInvalidParameter);
    };
    // SAFETY: `cbUserData` readable bytes at pbUserData.
    let user_data = unsafe { copy_bytes(u.pbUserData, u.cbUserData) }?;
    let mut dependencies = Vec::new();
    let mut p = units::<E, _>(u.szDependantColumns);
    if !p.is_null() {
        loop {
            // SAFETY: inside the caller's list: each name is NUL-terminated and the list ends
            // with an empty name, so `p` stays within it.
            let (name, len) = unsafe { E::name(p) }?;
            if len == 0 {
                break;
            }
            dependencies.try_reserve(1).map_err(oom)?;
            dependencies.push(name);
            p = p.wrapping_add(len + 1);
        }
    }
    Ok(UserDefinedDefault { callback, user_data, dependencies })
}

/// JetAddColumn's arguments (`data-ddl` §6.2): `pcolumndef` NULL → -1003 (ESE crashes; the
/// reference's recommendation); `cbStruct` below 28 → -1003 (step 4; larger values are
/// accepted, only 28 bytes are read); the name by S-NAM-01 (-1002), converted first for W
/// (which converts it before the session is entered, §1.1 step 2; a NULL W name stays NULL
/// until the engine's step) and checked after the struct for A; `cp` of
/// the struct; the default by [`read_default`]. `columnid`, `wCountry`, `langid` and `wCollate`
/// are not read (ignored on input, §3.1).
///
/// # Safety
/// Every pointer is NULL or valid as the C API describes it.
pub(crate) unsafe fn column_def<E: DdlText>(
    p: *const JET_COLUMNDEF,
    name: *const E::Unit,
    pv_default: *const c_void,
    cb_default: u32,
) -> JetResult<ColumnSpec> {
    let mut early = None;
    if E::WIDE && !name.is_null() {
        // SAFETY: non-NULL and NUL-terminated.
        early = Some(unsafe { E::name(name) }?.0);
    }
    if p.is_null() {
        return fail(JET_errInvalidParameter);
    }
    // SAFETY: non-NULL; a JET_COLUMNDEF by the caller's contract.
    let def = unsafe { p.read_unaligned() };
    if (def.cbStruct as usize) < size_of::<JET_COLUMNDEF>() {
        return fail(JET_errInvalidParameter);
    }
    let name = match early {
        Some(n) => n,
        // SAFETY: NULL or NUL-terminated.
        None => unsafe { E::name(name) }?.0,
    };
    // SAFETY: `cb_default` readable bytes at pv_default.
    let (default, user_defined_default) = unsafe { read_default::<E>(def.grbit, pv_default, cb_default) }?;
    Ok(ColumnSpec {
        name,
        coltyp: def.coltyp,
        cb_max: def.cbMax,
        cp: def.cp as u32,
        grbit: def.grbit,
        default,
        user_defined_default,
    })
}

/// One JET_COLUMNCREATE (`data-ddl` §3.2, §5.3 step 10): `cbStruct` other than 56 → -1003
/// (fcreate.cxx:1256-1260; W: jetapi.cxx:15278-15281); the name (S-NAM-01); `cp` keeps its low
/// 16 bits as ESE does (fcreate.cxx:1269); the default by [`read_default`].
///
/// # Safety
/// `c`'s pointers are NULL or valid.
#[allow(dead_code)] // its caller, JetCreateTableColumnIndex*, is still to come
unsafe fn column_create<E: DdlText>(c: &JET_COLUMNCREATE_A) -> JetResult<ColumnSpec> {
    if c.cbStruct as usize != size_of::<JET_COLUMNCREATE_A>() {
        return fail(JET_errInvalidParameter);
    }
    // SAFETY: NULL or NUL-terminated.
    let (name, _) = unsafe { E::name(units::<E, _>(c.szColumnName)) }?;
    // SAFETY: `cbDefault` bytes at pvDefault.
    let (default, user_defined_default) = unsafe { read_default::<E>(c.grbit, c.pvDefault, c.cbDefault) }?;
    Ok(ColumnSpec {
        name,
        coltyp: c.coltyp,
        cb_max: c.cbMax,
        cp: c.cp & 0xFFFF,
        grbit: c.grbit,
        default,
        user_defined_default,
    })
}

/// The columns of JetCreateTableColumnIndex* (`data-ddl` §5.3 step 10): NULL with a count →
/// -1003; no count → none (NULL or not); each element by its rules, in array order, stopping at
/// the first bad one (a count larger than the array fails at the first element that is not a
/// JET_COLUMNCREATE instead of reading on).
///
/// # Safety
/// `p` is NULL or points to `count` JET_COLUMNCREATE of the form `C`.
#[allow(dead_code)] // its caller, JetCreateTableColumnIndex*, is still to come
pub(crate) unsafe fn column_creates<C: ColumnCreate>(p: *const C, count: u32) -> JetResult<Vec<ColumnSpec>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return fail(JET_errInvalidParameter);
    }
    let base = p as *const JET_COLUMNCREATE_A;
    let mut out = Vec::new();
    for i in 0..count as usize {
        // SAFETY: i < count, inside the caller's array (same layout for A and W).
        let c = unsafe { base.wrapping_add(i).read_unaligned() };
        // SAFETY: the element's pointers are the caller's.
        let spec = unsafe { column_create::<C::E>(&c) }?;
        out.try_reserve(1).map_err(oom)?;
        out.push(spec);
    }
    Ok(out)
}

/// Writes each reached column's `columnid` and `err` into the caller's array, in order
/// (`data-ddl` §5.3: "only the outputs are copied back"); `results` is the engine's
/// [`CreateReport::columns`]. Columns past `results` are left untouched. NULL writes nothing.
///
/// # Safety
/// `p` is NULL or points to at least `results.len()` writable JET_COLUMNCREATE.
#[allow(dead_code)] // its caller, JetCreateTableColumnIndex*, is still to come
pub(crate) unsafe fn write_column_results<C: ColumnCreate>(p: *mut C, results: &[(u32, i32)]) {
    if p.is_null() {
        return;
    }
    let base = p as *mut JET_COLUMNCREATE_A;
    for (i, &(columnid, err)) in results.iter().enumerate() {
        let e = base.wrapping_add(i);
        // SAFETY: element i exists and is writable; the field places are computed without
        // references, so an unaligned array is fine.
        unsafe {
            put(std::ptr::addr_of_mut!((*e).columnid), columnid);
            put(std::ptr::addr_of_mut!((*e).err), err);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Indexes

/// The locale name of a Windows LCID, as the V2 → V3 conversion asks Windows for it
/// (`data-ddl` §7.2; jetapi.cxx:8228-8236, norm.cxx:1141-1170 `ErrNORMLcidToLocale`): 0 (no
/// LCID) → `None`, the instance default; `LOCALE_INVARIANT` (0x7F) → the root collation (`""`);
/// the primary locales of the common languages below → their name; any other LCID →
/// `JET_errInvalidLanguageId` (-1062), the code ESE gives when Windows does not know it. The
/// table is ours (LCID values are Windows' published numbers); it covers what programs pass.
pub(crate) fn lcid_locale(lcid: u32) -> JetResult<Option<&'static str>> {
    const TABLE: &[(u32, &str)] = &[
        (0x007F, ""),
        (0x0401, "ar-SA"),
        (0x0404, "zh-TW"),
        (0x0405, "cs-CZ"),
        (0x0406, "da-DK"),
        (0x0407, "de-DE"),
        (0x0408, "el-GR"),
        (0x0409, "en-US"),
        (0x040B, "fi-FI"),
        (0x040C, "fr-FR"),
        (0x040D, "he-IL"),
        (0x040E, "hu-HU"),
        (0x0410, "it-IT"),
        (0x0411, "ja-JP"),
        (0x0412, "ko-KR"),
        (0x0413, "nl-NL"),
        (0x0414, "nb-NO"),
        (0x0415, "pl-PL"),
        (0x0416, "pt-BR"),
        (0x0419, "ru-RU"),
        (0x041D, "sv-SE"),
        (0x041E, "th-TH"),
        (0x041F, "tr-TR"),
        (0x0804, "zh-CN"),
        (0x0807, "de-CH"),
        (0x0809, "en-GB"),
        (0x080C, "fr-BE"),
        (0x0816, "pt-PT"),
        (0x0C07, "de-AT"),
        (0x0C09, "en-AU"),
        (0x0C0A, "es-ES"),
        (0x0C0C, "fr-CA"),
        (0x1009, "en-CA"),
    ];
    if lcid == 0 {
        return Ok(None);
    }
    match TABLE.iter().find(|(l, _)| *l == lcid) {
        Some((_, name)) => Ok(Some(name)),
        None => fail(JET_errInvalidLanguageId),
    }
}

/// An index key string (`szKey`/`cbKey`, `data-ddl` §7.3; W: §7.2). `cbKey` counts bytes in both
/// forms. A: the `cbKey` bytes as given (`cbKey` 0 gives an empty key, which the engine refuses
/// with -1003 at ESE's step). W: the `cbKey / 2` UTF-16 units through `key_from_utf16` (0 units
/// → -1003, a bad frame → -1406, a character outside Windows-1252 → -1002). `szKey` NULL with
/// `cbKey` > 0 → -1003 (S-BAD-01).
///
/// # Safety
/// `sz_key` is NULL or points to `cb_key` readable bytes.
pub(crate) unsafe fn index_key<E: DdlText>(sz_key: *const E::Unit, cb_key: u32) -> JetResult<Vec<u8>> {
    if !E::WIDE {
        // SAFETY: `cb_key` readable bytes.
        return unsafe { copy_bytes(sz_key as *const u8, cb_key) };
    }
    let n = cb_key as usize / 2;
    if n > 0 && sz_key.is_null() {
        return fail(JET_errInvalidParameter);
    }
    let mut units: Vec<u16> = Vec::new();
    units.try_reserve_exact(n).map_err(oom)?;
    let p = sz_key as *const u16;
    // SAFETY: i < cbKey / 2, inside the caller's `cb_key` bytes.
    units.extend((0..n).map(|i| unsafe { p.add(i).read_unaligned() }));
    key_from_utf16(&units)
}

/// Whether a pointer of an LCID union is NULL: ESE looks at its low 32 bits only, since a caller
/// that set the 32-bit member leaves the upper half as it was (`data-ddl` §3.8,
/// fcreate.cxx:424-431).
fn null_low32<T>(p: *mut T) -> bool {
    (p as usize) & 0xFFFF_FFFF == 0
}

/// JET_SPACEHINTS' initial density (`data-ddl` §3.7): NULL → 0 (the table's); `cbStruct` other
/// than 32 → -1003 (cat.cxx:967-971; checked here, while reading). The other hints are not
/// part of the engine's spec.
///
/// # Safety
/// `p` is NULL or points to a JET_SPACEHINTS.
unsafe fn space_hints(p: *const JET_SPACEHINTS) -> JetResult<Option<JET_SPACEHINTS>> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL, a JET_SPACEHINTS (32 bytes, its only version).
    let h = unsafe { p.read_unaligned() };
    if h.cbStruct as usize != size_of::<JET_SPACEHINTS>() {
        return fail(JET_errInvalidParameter);
    }
    Ok(Some(h))
}

/// The conditional columns of an index (`data-ddl` §3.4, §7.4): NULL with a count → -1003; more
/// than `JET_ccolKeyMost` (16) → `JET_errIndexInvalidDef` (-1406) without reading the array (the
/// engine's rule, fcreate.cxx:2096-2100, applied here so that an oversized count is never
/// walked). A: a `cbStruct` other than 24 is passed to the engine (-1406 at its step) and the
/// element's name is not read. W: `cbStruct` other than 24 → -1003, as the W conversion checks
/// it (jetapi.cxx:14638-14648). A NULL name → -1003 (S-BAD-01); a name in a bad encoding →
/// -1002 (S-NAM-01).
///
/// # Safety
/// `p` is NULL or points to `count` JET_CONDITIONALCOLUMN.
unsafe fn conditional_columns<E: DdlText>(
    p: *const JET_CONDITIONALCOLUMN_A,
    count: u32,
) -> JetResult<Vec<ConditionalSpec>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return fail(JET_errInvalidParameter);
    }
    if count > JET_ccolKeyMost {
        return fail(JET_errIndexInvalidDef);
    }
    let mut out = Vec::new();
    out.try_reserve_exact(count as usize).map_err(oom)?;
    for i in 0..count as usize {
        // SAFETY: i < count, inside the caller's array.
        let c = unsafe { p.add(i).read_unaligned() };
        if c.cbStruct != CB_CONDITIONAL_COLUMN {
            if E::WIDE {
                return fail(JET_errInvalidParameter);
            }
            out.push(ConditionalSpec { cb_struct: c.cbStruct, column: String::new(), grbit: c.grbit });
            continue;
        }
        if c.szColumnName.is_null() {
            return fail(JET_errInvalidParameter);
        }
        // SAFETY: non-NULL and NUL-terminated.
        let (column, _) = unsafe { E::name(units::<E, _>(c.szColumnName)) }?;
        out.push(ConditionalSpec { cb_struct: c.cbStruct, column, grbit: c.grbit });
    }
    Ok(out)
}

/// An index-create element of any version, read through the layout of JET_INDEXCREATE2_A (V1
/// and V2; the bytes past a V1 element are zero) or JET_INDEXCREATE3_A (V3).
#[derive(Clone, Copy)]
enum RawIndex {
    V12(JET_INDEXCREATE2_A, IndexVersion),
    V3(JET_INDEXCREATE3_A),
}

/// One index-create element into an [`IndexSpec`] (`data-ddl` §7.2 conversion chain, §7.4):
///
/// - the name by S-NAM-01 (-1002); the key by [`index_key`];
/// - density: V1 `ulDensity` (moved into space hints by the V1 → V2 step, jetapi.cxx:8103-8106);
///   V2/V3 the `ulInitialDensity` of `pSpacehints` (NULL → 0, the table's; a bad `cbStruct` →
///   -1003); ESE ignores `ulDensity` once space hints exist (fcreate.cxx:7093-7106);
/// - `cbKeyMost` (0 for a 72-byte V1 element, which has none);
/// - with `JET_bitIndexTupleLimits`, `ptuplelimits` (NULL → none: the engine gives -1406),
///   else `cbVarSegMac` from the union's low 32 bits;
/// - V1/V2 locale: with `JET_bitIndexUnicode`, `pidxunicode` (NULL by its low 32 bits → none:
///   the engine gives -1003) whose LCID becomes a locale name by [`lcid_locale`]; without the
///   bit, a non-zero `lcid` becomes a locale name with map flags 0 and sets
///   `JET_bitIndexUnicode` (jetapi.cxx:8215-8245); an unknown LCID → -1062;
/// - V3 locale: with `JET_bitIndexUnicode`, `pidxunicode` (a JET_UNICODEINDEX2; NULL → none)
///   whose `szLocaleName` (UTF-16 in both forms; NULL → none) is taken as given, a bad UTF-16
///   name → -1062; without the bit, `pidxunicode` is ignored (fcreate.cxx:1564-1577);
/// - the conditional columns by [`conditional_columns`].
///
/// # Safety
/// The element's pointers are NULL or valid.
unsafe fn index_create<E: DdlText>(raw: RawIndex) -> JetResult<IndexSpec> {
    let (name, key, cb_key, mut grbit, cond, ccond, cb_key_most, varseg) = match &raw {
        RawIndex::V12(x, _) => (
            x.szIndexName,
            x.szKey,
            x.cbKey,
            x.grbit,
            x.rgconditionalcolumn,
            x.cConditionalColumn,
            x.cbKeyMost,
            x.cbVarSegMac_or_ptuplelimits,
        ),
        RawIndex::V3(x) => (
            x.szIndexName,
            x.szKey,
            x.cbKey,
            x.grbit,
            x.rgconditionalcolumn,
            x.cConditionalColumn,
            x.cbKeyMost,
            x.cbVarSegMac_or_ptuplelimits,
        ),
    };
    // SAFETY: NULL or NUL-terminated.
    let (name, _) = unsafe { E::name(units::<E, _>(name)) }?;
    // SAFETY: `cbKey` bytes at szKey.
    let key = unsafe { index_key::<E>(units::<E, _>(key), cb_key) }?;
    let density = match &raw {
        RawIndex::V12(x, IndexVersion::V1) => x.ulDensity,
        RawIndex::V12(x, _) => {
            // SAFETY: NULL or a JET_SPACEHINTS.
            unsafe { space_hints(x.pSpacehints) }?.map_or(0, |h| h.ulInitialDensity)
        }
        // SAFETY: NULL or a JET_SPACEHINTS.
        RawIndex::V3(x) => unsafe { space_hints(x.pSpacehints) }?.map_or(0, |h| h.ulInitialDensity),
    };
    let (cb_var_seg_mac, tuple_limits) = if grbit & JET_bitIndexTupleLimits != 0 {
        // SAFETY: with the bit the union holds a pointer (all 8 bytes are initialized).
        let p = unsafe { varseg.ptuplelimits };
        let limits = if p.is_null() {
            None
        } else {
            // SAFETY: non-NULL, a JET_TUPLELIMITS by the caller's contract.
            let t = unsafe { p.read_unaligned() };
            Some(TupleLimits {
                len_min: t.chLengthMin,
                len_max: t.chLengthMax,
                to_index_max: t.chToIndexMax,
                increment: t.cchIncrement,
                start: t.ichStart,
            })
        };
        (0, limits)
    } else {
        // SAFETY: the low 4 bytes of the union are the 32-bit member.
        (unsafe { varseg.cbVarSegMac }, None)
    };
    let unicode = match &raw {
        RawIndex::V12(x, _) => {
            if grbit & JET_bitIndexUnicode != 0 {
                // SAFETY: with the bit the union holds a pointer.
                let p = unsafe { x.lcid_or_pidxunicode.pidxunicode };
                if null_low32(p) {
                    None
                } else {
                    // SAFETY: a JET_UNICODEINDEX by the caller's contract.
                    let u = unsafe { p.read_unaligned() };
                    let locale = lcid_locale(u.lcid)?.map(try_string).transpose()?;
                    Some(UnicodeSpec { locale, map_flags: u.dwMapFlags })
                }
            } else {
                // SAFETY: the low 4 bytes of the union are the 32-bit member.
                let lcid = unsafe { x.lcid_or_pidxunicode.lcid };
                match lcid_locale(lcid)? {
                    None => None,
                    Some(l) => {
                        grbit |= JET_bitIndexUnicode;
                        Some(UnicodeSpec { locale: Some(try_string(l)?), map_flags: 0 })
                    }
                }
            }
        }
        RawIndex::V3(x) => {
            if grbit & JET_bitIndexUnicode != 0 && !null_low32(x.pidxunicode) {
                // SAFETY: non-NULL, a JET_UNICODEINDEX2 by the caller's contract.
                let u = unsafe { x.pidxunicode.read_unaligned() };
                // SAFETY: NULL or a NUL-terminated UTF-16 string.
                let locale = unsafe { Utf16::read(u.szLocaleName) }.map_err(|e| {
                    if e.0 == JET_errOutOfMemory { e } else { JetError(JET_errInvalidLanguageId) }
                })?;
                Some(UnicodeSpec { locale, map_flags: u.dwMapFlags })
            } else {
                None
            }
        }
    };
    // SAFETY: NULL or `ccond` elements.
    let conditional = unsafe { conditional_columns::<E>(cond, ccond) }?;
    Ok(IndexSpec {
        name,
        grbit,
        key,
        density,
        cb_key_most,
        cb_var_seg_mac,
        unicode,
        conditional,
        tuple_limits,
    })
}

/// The elements of an index-create array of version `T::VERSION` (`data-ddl` §7.2): walked by
/// each element's `cbStruct` (80 or 72 for V1, 88 for V2 and V3, else -1003); NULL with a
/// count → -1003; no count → none, NULL or not (success, nothing done).
///
/// # Safety
/// `p` is NULL or points to `count` elements.
unsafe fn raw_indexes<T: IndexCreate>(p: *const T, count: u32) -> JetResult<Vec<RawIndex>> {
    let sizes = T::VERSION.sizes();
    let mut out = Vec::new();
    match T::VERSION {
        IndexVersion::V1 | IndexVersion::V2 => {
            // SAFETY: the caller's array; each element is read for its cbStruct bytes only.
            let v = unsafe { walk_versioned(p as *const JET_INDEXCREATE2_A, count, sizes) }?;
            out.try_reserve_exact(v.len()).map_err(oom)?;
            out.extend(v.into_iter().map(|(x, _, _)| RawIndex::V12(x, T::VERSION)));
        }
        IndexVersion::V3 => {
            // SAFETY: as above.
            let v = unsafe { walk_versioned(p as *const JET_INDEXCREATE3_A, count, sizes) }?;
            out.try_reserve_exact(v.len()).map_err(oom)?;
            out.extend(v.into_iter().map(|(x, _, _)| RawIndex::V3(x)));
        }
    }
    Ok(out)
}

/// The indexes of JetCreateIndex2/3/4 (`T` = JET_INDEXCREATE/2/3, A or W) and of a
/// JET_TABLECREATE's `rgindexcreate`: the array by [`raw_indexes`], each element by
/// [`index_create`], in order, stopping at the first failure (ESE converts every element before
/// the engine runs, so a conversion error leaves every `err` untouched, jetapi.cxx:16474-16489).
///
/// # Safety
/// `p` is NULL or points to `count` elements of `T`.
pub(crate) unsafe fn index_creates<T: IndexCreate>(p: *const T, count: u32) -> JetResult<Vec<IndexSpec>> {
    // SAFETY: the caller's array.
    let raws = unsafe { raw_indexes(p, count) }?;
    let mut out = Vec::new();
    out.try_reserve_exact(raws.len()).map_err(oom)?;
    for r in raws {
        // SAFETY: the element's pointers are the caller's.
        out.push(unsafe { index_create::<T::E>(r) }?);
    }
    Ok(out)
}

/// JetCreateIndex's arguments (`data-ddl` §7.2 first two items): one index with the name, grbit
/// and key given, `cbKeyMost` 255 (unused without `JET_bitIndexKeyMost`), no LCID, no
/// `cbVarSegMac`, no conditional columns, and `lDensity` as its density.
///
/// # Safety
/// `name` is NULL or NUL-terminated; `sz_key` NULL or `cb_key` readable bytes.
pub(crate) unsafe fn index_simple<E: DdlText>(
    name: *const E::Unit,
    grbit: u32,
    sz_key: *const E::Unit,
    cb_key: u32,
    density: u32,
) -> JetResult<IndexSpec> {
    // SAFETY: as promised by the caller.
    let (name, _) = unsafe { E::name(name) }?;
    // SAFETY: as promised by the caller.
    let key = unsafe { index_key::<E>(sz_key, cb_key) }?;
    Ok(IndexSpec { name, grbit, key, density, cb_key_most: JET_cbKeyMost, ..IndexSpec::default() })
}

/// Writes each reached index's `err` into the caller's array (`data-ddl` §7.2 last item): the
/// array is walked by each element's `cbStruct` as it was read; an element with
/// `JET_bitIndexImmutableStructure` is not written (jetapi.cxx:8385-8391); elements past
/// `errs` are untouched. The walk stops at a `cbStruct` that is no longer valid.
///
/// # Safety
/// `p` is NULL or the array [`index_creates`] read, still valid for writes.
pub(crate) unsafe fn write_index_results<T: IndexCreate>(p: *mut T, errs: &[i32]) {
    if p.is_null() {
        return;
    }
    let sizes = T::VERSION.sizes();
    let mut at = p as *mut u8;
    for &err in errs {
        let e = at as *mut JET_INDEXCREATE_A;
        // SAFETY: `at` is an element of the caller's array (the walk repeats the one that read
        // it); fields are reached without references.
        unsafe {
            let cb = std::ptr::addr_of!((*e).cbStruct).read_unaligned() as usize;
            if !sizes.contains(&cb) {
                return;
            }
            if std::ptr::addr_of!((*e).grbit).read_unaligned() & JET_bitIndexImmutableStructure == 0 {
                put(std::ptr::addr_of_mut!((*e).err), err);
            }
            at = at.wrapping_add(cb);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tables

/// A JET_TABLECREATE of any version, read: the engine's [`TableSpec`] and what the engine's
/// spec does not carry.
#[derive(Clone, Debug)]
#[allow(dead_code)] // its caller, JetCreateTableColumnIndex*, is still to come
pub(crate) struct TableCreateIn {
    pub spec: TableSpec,
    /// `pSeqSpacehints` (V3+; NULL → `None`; `cbStruct` checked).
    pub seq_hints: Option<JET_SPACEHINTS>,
    /// `pLVSpacehints` (V3+).
    pub lv_hints: Option<JET_SPACEHINTS>,
    /// `cbSeparateLV` (V3+, else 0).
    pub cb_separate_lv: u32,
}

/// The fields every JET_TABLECREATE version has, in one shape.
#[allow(dead_code)] // its caller, JetCreateTableColumnIndex*, is still to come
struct RawTable {
    name: *mut c_char,
    template: *mut c_char,
    pages: u32,
    density: u32,
    columns: *mut c_void,
    c_columns: u32,
    indexes: *mut c_void,
    c_indexes: u32,
    callback: Option<(*mut c_char, u32)>,
    grbit: u32,
    seq: *mut JET_SPACEHINTS,
    lv: *mut JET_SPACEHINTS,
    cb_separate_lv: u32,
}

#[allow(dead_code)] // its caller, JetCreateTableColumnIndex*, is still to come
const NO_HINTS: (*mut JET_SPACEHINTS, *mut JET_SPACEHINTS, u32) =
    (std::ptr::null_mut(), std::ptr::null_mut(), 0);

macro_rules! raw_table {
    ($x:expr, $cb:expr, $hints:expr) => {{
        let x = $x;
        let (seq, lv, sep) = $hints(&x);
        RawTable {
            name: x.szTableName,
            template: x.szTemplateTableName,
            pages: x.ulPages,
            density: x.ulDensity,
            columns: x.rgcolumncreate as *mut c_void,
            c_columns: x.cColumns,
            indexes: x.rgindexcreate as *mut c_void,
            c_indexes: x.cIndexes,
            callback: $cb(&x),
            grbit: x.grbit,
            seq,
            lv,
            cb_separate_lv: sep,
        }
    }};
}

/// Reads the caller's struct by its version (`data-ddl` §5.3 table): NULL → -1003 (V1 crashes
/// in ESE; S-BAD-01); V1 `cbStruct` is not checked (jetapi.cxx:15088-15119), V2 must be 96,
/// V3 and V4 120, else -1003.
///
/// # Safety
/// `p` is NULL or points to a struct of its type.
#[allow(dead_code)] // its caller, JetCreateTableColumnIndex*, is still to come
unsafe fn raw_table<T: TableCreate>(p: *const T) -> JetResult<RawTable> {
    if p.is_null() {
        return fail(JET_errInvalidParameter);
    }
    Ok(match T::VERSION {
        TableVersion::V1 => {
            // SAFETY: non-NULL, a whole V1 struct by its type (its cbStruct is not looked at).
            let x = unsafe { (p as *const JET_TABLECREATE_A).read_unaligned() };
            raw_table!(x, |_: &JET_TABLECREATE_A| None, |_: &JET_TABLECREATE_A| NO_HINTS)
        }
        TableVersion::V2 => {
            // SAFETY: non-NULL; read_versioned reads only the accepted size.
            let (x, _) = unsafe { read_versioned(p as *const JET_TABLECREATE2_A, &[96]) }?;
            raw_table!(x, |x: &JET_TABLECREATE2_A| Some((x.szCallback, x.cbtyp)), |_: &JET_TABLECREATE2_A| {
                NO_HINTS
            })
        }
        TableVersion::V3 => {
            // SAFETY: as above.
            let (x, _) = unsafe { read_versioned(p as *const JET_TABLECREATE3_A, &[120]) }?;
            raw_table!(x, |x: &JET_TABLECREATE3_A| Some((x.szCallback, x.cbtyp)), |x: &JET_TABLECREATE3_A| (
                x.pSeqSpacehints,
                x.pLVSpacehints,
                x.cbSeparateLV
            ))
        }
        TableVersion::V4 => {
            // SAFETY: as above.
            let (x, _) = unsafe { read_versioned(p as *const JET_TABLECREATE4_A, &[120]) }?;
            raw_table!(x, |x: &JET_TABLECREATE4_A| Some((x.szCallback, x.cbtyp)), |x: &JET_TABLECREATE4_A| (
                x.pSeqSpacehints,
                x.pLVSpacehints,
                x.cbSeparateLV
            ))
        }
    })
}

/// JetCreateTableColumnIndex 1-4, A and W (`data-ddl` §5.3): the struct by its version; the
/// table name (S-NAM-01, -1002); `szTemplateTableName` NULL → none, else a name; `ulPages`,
/// `ulDensity`, `grbit` as given; the columns by [`column_creates`] and the indexes by
/// [`index_creates`] (NULL with a count → -1003 for both: the engine's step 10 for columns,
/// the index conversion for indexes, jetapi.cxx:8063-8070); a NULL `rgcolumncreate` without
/// columns is `columns_null` (the engine then refuses any index with -1409, step 11);
/// `indexes_null` is never set, the conversion having refused its case; V2+ `szCallback` (NULL
/// → none; bad encoding → -602) with `cbtyp`; V3+ space hints (`cbStruct` 32, else -1003) and
/// `cbSeparateLV`.
///
/// # Safety
/// `p` is NULL or points to a struct of type `T` whose pointers are NULL or valid.
#[allow(dead_code)] // its caller, JetCreateTableColumnIndex*, is still to come
pub(crate) unsafe fn table_create<T: TableCreate>(p: *const T) -> JetResult<TableCreateIn> {
    // SAFETY: as promised by the caller.
    let raw = unsafe { raw_table(p) }?;
    // SAFETY: the struct's pointers are the caller's.
    let (name, _) = unsafe { T::E::name(units::<T::E, _>(raw.name)) }?;
    let template = if raw.template.is_null() {
        None
    } else {
        // SAFETY: non-NULL and NUL-terminated.
        Some(unsafe { T::E::name(units::<T::E, _>(raw.template)) }?.0)
    };
    // SAFETY: NULL or `cColumns` elements.
    let columns = unsafe { column_creates(raw.columns as *const T::Column, raw.c_columns) }?;
    // SAFETY: NULL or `cIndexes` elements.
    let indexes = unsafe { index_creates(raw.indexes as *const T::Index, raw.c_indexes) }?;
    let callback = match raw.callback {
        // SAFETY: NULL or NUL-terminated.
        Some((s, cbtyp)) => unsafe { T::E::read(units::<T::E, _>(s)) }?.map(|s| (cbtyp, s)),
        None => None,
    };
    // SAFETY: NULL or a JET_SPACEHINTS each.
    let (seq_hints, lv_hints) = unsafe { (space_hints(raw.seq)?, space_hints(raw.lv)?) };
    Ok(TableCreateIn {
        spec: TableSpec {
            name,
            template,
            grbit: raw.grbit,
            pages: raw.pages,
            density: raw.density,
            columns,
            indexes,
            columns_null: raw.columns.is_null(),
            indexes_null: false,
            callback,
        },
        seq_hints,
        lv_hints,
        cb_separate_lv: raw.cb_separate_lv,
    })
}

/// Writes JetCreateTableColumnIndex's outputs into the caller's struct (`data-ddl` §5.3: only
/// the outputs are copied back): `tableid` (`JET_tableidNil` on failure is the shim's value),
/// `cCreated`, each reached column's `columnid` and `err` ([`write_column_results`]) and each
/// reached index's `err` ([`write_index_results`]). With `JET_bitTableCreateImmutableStructure`
/// nothing is written (fcreate.cxx:508-516). NULL writes nothing.
///
/// # Safety
/// `p` is NULL or the struct [`table_create`] read, still valid for writes, with its arrays.
#[allow(dead_code)] // its caller, JetCreateTableColumnIndex*, is still to come
pub(crate) unsafe fn write_table_results<T: TableCreate>(
    p: *mut T,
    tableid: JET_TABLEID,
    report: &CreateReport,
) {
    if p.is_null() {
        return;
    }
    macro_rules! write {
        ($t:ty) => {{
            let x = p as *mut $t;
            // SAFETY: the caller's struct of this layout; fields reached without references.
            unsafe {
                if std::ptr::addr_of!((*x).grbit).read_unaligned() & JET_bitTableCreateImmutableStructure != 0
                {
                    return;
                }
                put(std::ptr::addr_of_mut!((*x).tableid), tableid);
                put(std::ptr::addr_of_mut!((*x).cCreated), report.c_created);
                let cols = std::ptr::addr_of!((*x).rgcolumncreate).read_unaligned();
                let cc = std::ptr::addr_of!((*x).cColumns).read_unaligned() as usize;
                write_column_results(cols as *mut T::Column, &report.columns[..report.columns.len().min(cc)]);
                let idx = std::ptr::addr_of!((*x).rgindexcreate).read_unaligned();
                let ci = std::ptr::addr_of!((*x).cIndexes).read_unaligned() as usize;
                write_index_results(idx as *mut T::Index, &report.indexes[..report.indexes.len().min(ci)]);
            }
        }};
    }
    match T::VERSION {
        TableVersion::V1 => write!(JET_TABLECREATE_A),
        TableVersion::V2 => write!(JET_TABLECREATE2_A),
        TableVersion::V3 => write!(JET_TABLECREATE3_A),
        TableVersion::V4 => write!(JET_TABLECREATE4_A),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::{null, null_mut};

    const INVALID: Option<JetError> = Some(JetError(JET_errInvalidParameter));

    fn err<T>(r: JetResult<T>) -> Option<JetError> {
        r.err()
    }

    /// A NUL-terminated narrow string (the bytes as given, UTF-8 or not).
    fn a(s: &[u8]) -> Vec<c_char> {
        s.iter().map(|&b| b as c_char).chain([0]).collect()
    }

    /// A NUL-terminated wide string.
    fn w(s: &str) -> Vec<u16> {
        s.encode_utf16().chain([0]).collect()
    }

    /// All-zero bytes: a valid value of every plain C struct read here (NULL pointers, zeros).
    fn zeroed<T>() -> T {
        // SAFETY: only used for the repr(C) structs of abi::data, whose fields are integers,
        // raw pointers, unions of those, and Option<fn> (None is zero).
        unsafe { std::mem::zeroed() }
    }

    fn coldef(cb: u32) -> JET_COLUMNDEF {
        JET_COLUMNDEF {
            cbStruct: cb,
            columnid: 77,
            coltyp: JET_coltypText,
            cp: 1200,
            cbMax: 100,
            grbit: JET_bitColumnTagged,
            ..Default::default()
        }
    }

    // SAFETY (every unsafe block in these tests): each pointer is NULL or points to live locals
    // of the sizes and terminations the readers' contracts ask for.

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn column_def_reads_the_struct_the_name_and_the_default() {
        // data-ddl 6.2 step 4 (cbStruct >= 28), 3.1 (fields), 6.1 (default).
        let name = a(b"Col");
        let dflt = [1u8, 2, 3];
        let d = coldef(28);
        let s = unsafe { column_def::<Utf8>(&d, name.as_ptr(), dflt.as_ptr().cast(), 3) }.unwrap();
        assert_eq!(
            s,
            ColumnSpec {
                name: "Col".into(),
                coltyp: JET_coltypText,
                cb_max: 100,
                cp: 1200,
                grbit: JET_bitColumnTagged,
                default: Some(vec![1, 2, 3]),
                user_defined_default: None,
            }
        );
        // A larger cbStruct is accepted; below 28 is -1003 (data-ddl 6.2 step 4).
        assert!(unsafe { column_def::<Utf8>(&coldef(64), name.as_ptr(), null(), 0) }.is_ok());
        for cb in [0, 4, 27] {
            assert_eq!(err(unsafe { column_def::<Utf8>(&coldef(cb), name.as_ptr(), null(), 0) }), INVALID);
        }
        // NULL pcolumndef: -1003, the reference's recommendation (data-ddl 6.2 step 1, S-BAD-01).
        assert_eq!(err(unsafe { column_def::<Utf8>(null(), name.as_ptr(), null(), 0) }), INVALID);
        // No default: NULL pvDefault (cbDefault ignored) or cbDefault 0 (data-ddl 6.1).
        let s = unsafe { column_def::<Utf8>(&d, name.as_ptr(), null(), 9) }.unwrap();
        assert_eq!(s.default, None);
        let s = unsafe { column_def::<Utf8>(&d, name.as_ptr(), dflt.as_ptr().cast(), 0) }.unwrap();
        assert_eq!(s.default, None);
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn column_def_names_follow_s_nam_01_and_w_converts_first() {
        let d = coldef(28);
        let bad = coldef(3);
        // S-NAM-01: a NULL name and invalid UTF-8 are JET_errInvalidName.
        let name_err = Some(JetError(JET_errInvalidName));
        assert_eq!(err(unsafe { column_def::<Utf8>(&d, null(), null(), 0) }), name_err);
        let latin1 = a(b"caf\xe9");
        assert_eq!(err(unsafe { column_def::<Utf8>(&d, latin1.as_ptr(), null(), 0) }), name_err);
        let utf8 = a("café".as_bytes());
        assert_eq!(unsafe { column_def::<Utf8>(&d, utf8.as_ptr(), null(), 0) }.unwrap().name, "café");
        // W: UTF-16 names; an unpaired surrogate is -1002.
        let wn = w("Wide é");
        assert_eq!(unsafe { column_def::<Utf16>(&d, wn.as_ptr(), null(), 0) }.unwrap().name, "Wide é");
        let lone = [0x41u16, 0xD800, 0];
        assert_eq!(err(unsafe { column_def::<Utf16>(&d, lone.as_ptr(), null(), 0) }), name_err);
        // Order (data-ddl 1.1 step 2 vs 6.2 step 4): W converts the name before the struct is
        // looked at, A checks the struct first.
        assert_eq!(err(unsafe { column_def::<Utf16>(&bad, lone.as_ptr(), null(), 0) }), name_err);
        assert_eq!(err(unsafe { column_def::<Utf8>(&bad, latin1.as_ptr(), null(), 0) }), INVALID);
        // A NULL W name is not converted: the struct's -1003 comes first, then -1002.
        assert_eq!(err(unsafe { column_def::<Utf16>(&bad, null(), null(), 0) }), INVALID);
        assert_eq!(err(unsafe { column_def::<Utf16>(&d, null(), null(), 0) }), name_err);
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn user_defined_defaults_are_read_when_cbdefault_is_their_size() {
        // data-ddl 2.3 (UserDefinedDefault: cbDefault == sizeof JET_USERDEFINEDDEFAULT), 3.3.
        let name = a(b"Computed");
        let cb = a(b"module!fn");
        let data = [9u8, 8];
        let deps = a(b"A\0Bee\0");
        let udd = JET_USERDEFINEDDEFAULT_A {
            szCallback: cb.as_ptr() as *mut _,
            pbUserData: data.as_ptr() as *mut _,
            cbUserData: 2,
            szDependantColumns: deps.as_ptr() as *mut _,
        };
        let mut d = coldef(28);
        d.grbit = JET_bitColumnTagged | JET_bitColumnUserDefinedDefault;
        let pv = &udd as *const _ as *const c_void;
        let s = unsafe { column_def::<Utf8>(&d, name.as_ptr(), pv, 32) }.unwrap();
        assert_eq!(s.default, None);
        assert_eq!(
            s.user_defined_default,
            Some(UserDefinedDefault {
                callback: "module!fn".into(),
                user_data: vec![9, 8],
                dependencies: vec!["A".into(), "Bee".into()],
            })
        );
        // Another size: not read, the engine refuses it with -1003 (fcreate.cxx:1087-1088).
        let s = unsafe { column_def::<Utf8>(&d, name.as_ptr(), pv, 31) }.unwrap();
        assert_eq!((s.default, s.user_defined_default), (None, None));
        // A NULL callback or NULL user data with a length: -1003 (S-BAD-01).
        let mut u2 = udd;
        u2.szCallback = null_mut();
        let pv2 = &u2 as *const _ as *const c_void;
        assert_eq!(err(unsafe { column_def::<Utf8>(&d, name.as_ptr(), pv2, 32) }), INVALID);
        let mut u3 = udd;
        u3.pbUserData = null_mut();
        let pv3 = &u3 as *const _ as *const c_void;
        assert_eq!(err(unsafe { column_def::<Utf8>(&d, name.as_ptr(), pv3, 32) }), INVALID);
        // No dependency list: none.
        let mut u4 = udd;
        u4.szDependantColumns = null_mut();
        let pv4 = &u4 as *const _ as *const c_void;
        let s = unsafe { column_def::<Utf8>(&d, name.as_ptr(), pv4, 32) }.unwrap();
        assert!(s.user_defined_default.unwrap().dependencies.is_empty());
        // W: the strings are UTF-16.
        let wcb = w("cb");
        let wdeps: Vec<u16> = "X\0Y\0\0".encode_utf16().collect();
        let uw = JET_USERDEFINEDDEFAULT_W {
            szCallback: wcb.as_ptr() as *mut _,
            pbUserData: null_mut(),
            cbUserData: 0,
            szDependantColumns: wdeps.as_ptr() as *mut _,
        };
        let wn = w("C");
        let pvw = &uw as *const _ as *const c_void;
        let u =
            unsafe { column_def::<Utf16>(&d, wn.as_ptr(), pvw, 32) }.unwrap().user_defined_default.unwrap();
        assert_eq!((u.callback.as_str(), u.dependencies), ("cb", vec!["X".to_string(), "Y".to_string()]));
    }

    fn colcreate_a(name: &[c_char], cb: u32) -> JET_COLUMNCREATE_A {
        JET_COLUMNCREATE_A {
            cbStruct: cb,
            szColumnName: name.as_ptr() as *mut _,
            coltyp: JET_coltypLong,
            cbMax: 0,
            grbit: JET_bitColumnFixed,
            pvDefault: null_mut(),
            cbDefault: 0,
            cp: 0x1_04B0,
            columnid: 0,
            err: 0,
        }
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn column_creates_check_each_cbstruct_and_null_arrays() {
        // data-ddl 3.2 (cbStruct 56, cp low 16 bits), 5.3 step 10 (NULL with a count -> -1003).
        let n1 = a(b"One");
        let n2 = a(b"Two");
        let cols = [colcreate_a(&n1, 56), colcreate_a(&n2, 56)];
        let got = unsafe { column_creates(cols.as_ptr(), 2) }.unwrap();
        assert_eq!(got.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["One", "Two"]);
        assert_eq!((got[0].coltyp, got[0].grbit, got[0].cp), (JET_coltypLong, JET_bitColumnFixed, 1200));
        for cb in [0, 48, 55, 57, 80] {
            let bad = [colcreate_a(&n1, 56), colcreate_a(&n2, cb)];
            assert_eq!(err(unsafe { column_creates(bad.as_ptr(), 2) }), INVALID, "cbStruct {cb}");
        }
        assert_eq!(err(unsafe { column_creates(null::<JET_COLUMNCREATE_A>(), 1) }), INVALID);
        assert_eq!(err(unsafe { column_creates(null::<JET_COLUMNCREATE_A>(), u32::MAX) }), INVALID);
        assert!(unsafe { column_creates(null::<JET_COLUMNCREATE_A>(), 0) }.unwrap().is_empty());
        // A count past the array stops at the first element that is not a JET_COLUMNCREATE (the
        // bytes after `cols` here: a third element whose cbStruct is 0).
        #[repr(C)]
        struct Padded([JET_COLUMNCREATE_A; 2], [u8; 56]);
        let padded = Padded(cols, [0; 56]);
        let whole = (&padded as *const Padded).cast::<JET_COLUMNCREATE_A>();
        assert_eq!(err(unsafe { column_creates(whole, 3) }), INVALID);
        // W names (S-NAM-01).
        let wn = w("Wide");
        let mut cw: JET_COLUMNCREATE_W = zeroed();
        cw.cbStruct = 56;
        cw.szColumnName = wn.as_ptr() as *mut _;
        cw.coltyp = JET_coltypBinary;
        assert_eq!(unsafe { column_creates(&cw, 1) }.unwrap()[0].name, "Wide");
        cw.szColumnName = null_mut();
        assert_eq!(err(unsafe { column_creates(&cw, 1) }), Some(JetError(JET_errInvalidName)));
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn column_results_are_written_to_the_reached_elements() {
        // data-ddl 5.3: each column's columnid and err are copied back.
        let n = a(b"x");
        let mut cols = [colcreate_a(&n, 56), colcreate_a(&n, 56), colcreate_a(&n, 56)];
        cols[2].err = 42;
        unsafe { write_column_results(cols.as_mut_ptr(), &[(1, 0), (128, JET_wrnColumnMaxTruncated)]) };
        assert_eq!((cols[0].columnid, cols[0].err), (1, 0));
        assert_eq!((cols[1].columnid, cols[1].err), (128, JET_wrnColumnMaxTruncated));
        assert_eq!((cols[2].columnid, cols[2].err), (0, 42));
        unsafe { write_column_results(null_mut::<JET_COLUMNCREATE_W>(), &[(1, 0)]) };
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn key_strings_in_a_and_w() {
        // data-ddl 7.3 (cbKey in bytes, both NULs) and 7.2 (W conversion).
        let k = b"+Last\0-Age\0\0";
        let ka: Vec<c_char> = k.iter().map(|&b| b as c_char).collect();
        assert_eq!(unsafe { index_key::<Utf8>(ka.as_ptr(), 12) }.unwrap(), k.to_vec());
        // A: cbKey 0 is an empty key (the engine's -1003); NULL with a length is -1003.
        assert_eq!(unsafe { index_key::<Utf8>(null(), 0) }.unwrap(), Vec::<u8>::new());
        assert_eq!(err(unsafe { index_key::<Utf8>(null(), 3) }), INVALID);
        // W: cbKey counts bytes, 2 per unit.
        let kw: Vec<u16> = "+Last\0-Age\0\0".encode_utf16().collect();
        assert_eq!(unsafe { index_key::<Utf16>(kw.as_ptr(), 24) }.unwrap(), k.to_vec());
        let kw2: Vec<u16> = "+Café\0\0".encode_utf16().collect();
        assert_eq!(unsafe { index_key::<Utf16>(kw2.as_ptr(), 14) }.unwrap(), "+Café\0\0".as_bytes().to_vec());
        assert_eq!(err(unsafe { index_key::<Utf16>(kw.as_ptr(), 0) }), INVALID);
        assert_eq!(err(unsafe { index_key::<Utf16>(null(), 24) }), INVALID);
        // cbKey in units would cut the frame: -1406 (the last two units are not NUL).
        assert_eq!(
            err(unsafe { index_key::<Utf16>(kw.as_ptr(), 12) }),
            Some(JetError(JET_errIndexInvalidDef))
        );
        // A character outside Windows-1252: -1002.
        let kw3: Vec<u16> = "+\u{0416}\0\0".encode_utf16().collect();
        assert_eq!(err(unsafe { index_key::<Utf16>(kw3.as_ptr(), 8) }), Some(JetError(JET_errInvalidName)));
    }

    #[test]
    fn lcids_become_locale_names() {
        // data-ddl 7.2 (V2 -> V3: LCID -> locale name, bad LCID -> -1062).
        assert_eq!(lcid_locale(0), Ok(None));
        assert_eq!(lcid_locale(0x409), Ok(Some("en-US")));
        assert_eq!(lcid_locale(0x407), Ok(Some("de-DE")));
        assert_eq!(lcid_locale(0x7F), Ok(Some("")));
        for bad in [1, 0x400, 0x12345, u32::MAX] {
            assert_eq!(lcid_locale(bad), fail(JET_errInvalidLanguageId));
        }
    }

    struct Strs {
        name: Vec<c_char>,
        key: Vec<c_char>,
    }

    fn strs(name: &[u8]) -> Strs {
        Strs { name: a(name), key: b"+Col\0\0".iter().map(|&b| b as c_char).collect() }
    }

    fn ix1(s: &Strs, cb: u32) -> JET_INDEXCREATE_A {
        let mut x: JET_INDEXCREATE_A = zeroed();
        x.cbStruct = cb;
        x.szIndexName = s.name.as_ptr() as *mut _;
        x.szKey = s.key.as_ptr() as *mut _;
        x.cbKey = s.key.len() as u32;
        x.grbit = JET_bitIndexUnique;
        x.ulDensity = 90;
        x.cbKeyMost = 500;
        x
    }

    fn ix2(s: &Strs, cb: u32) -> JET_INDEXCREATE2_A {
        let mut x: JET_INDEXCREATE2_A = zeroed();
        x.cbStruct = cb;
        x.szIndexName = s.name.as_ptr() as *mut _;
        x.szKey = s.key.as_ptr() as *mut _;
        x.cbKey = s.key.len() as u32;
        x.ulDensity = 90;
        x
    }

    fn ix3(s: &Strs, cb: u32) -> JET_INDEXCREATE3_A {
        let mut x: JET_INDEXCREATE3_A = zeroed();
        x.cbStruct = cb;
        x.szIndexName = s.name.as_ptr() as *mut _;
        x.szKey = s.key.as_ptr() as *mut _;
        x.cbKey = s.key.len() as u32;
        x
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn v1_arrays_accept_80_and_72_byte_elements_walked_by_cbstruct() {
        // data-ddl 3.8 and 7.2 (V1: 80 or JET_INDEXCREATEOLD's 72, each cbStruct the step;
        // ulDensity carried as the density).
        let s1 = strs(b"Full");
        let s2 = strs(b"Old");
        let full = ix1(&s1, 80);
        let old = ix1(&s2, 72);
        // One 80-byte element then one 72-byte element, packed as a C caller would.
        let mut buf = vec![0u8; 80 + 72 + 8];
        unsafe {
            std::ptr::copy_nonoverlapping(&full as *const _ as *const u8, buf.as_mut_ptr(), 80);
            std::ptr::copy_nonoverlapping(&old as *const _ as *const u8, buf.as_mut_ptr().add(80), 72);
        }
        let p = buf.as_ptr() as *const JET_INDEXCREATE_A;
        let got = unsafe { index_creates(p, 2) }.unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0],
            IndexSpec {
                name: "Full".into(),
                grbit: JET_bitIndexUnique,
                key: b"+Col\0\0".to_vec(),
                density: 90,
                cb_key_most: 500,
                ..IndexSpec::default()
            }
        );
        // The 72-byte element has no cbKeyMost.
        assert_eq!((got[1].name.as_str(), got[1].cb_key_most, got[1].density), ("Old", 0, 90));
        // Any other cbStruct in a V1 array: -1003, also for the second element.
        for cb in [0, 71, 73, 79, 81, 88] {
            let bad = [ix1(&s1, 80), ix1(&s1, cb)];
            assert_eq!(err(unsafe { index_creates(bad.as_ptr(), 2) }), INVALID, "cbStruct {cb}");
        }
        // NULL with a count: -1003; no count: nothing, NULL or not (data-ddl 7.2).
        assert_eq!(err(unsafe { index_creates(null::<JET_INDEXCREATE_A>(), 1) }), INVALID);
        assert_eq!(err(unsafe { index_creates(null::<JET_INDEXCREATE_W>(), u32::MAX) }), INVALID);
        assert!(unsafe { index_creates(null::<JET_INDEXCREATE_A>(), 0) }.unwrap().is_empty());
        // The name: S-NAM-01.
        let mut x = ix1(&s1, 80);
        x.szIndexName = null_mut();
        assert_eq!(err(unsafe { index_creates(&x, 1) }), Some(JetError(JET_errInvalidName)));
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn v2_and_v3_take_88_bytes_and_their_density_from_space_hints() {
        // data-ddl 7.2 (V2, V3: cbStruct 88), 3.7 (JET_SPACEHINTS cbStruct 32), fcreate.cxx:7093.
        let s = strs(b"Ix");
        let x2 = ix2(&s, 88);
        let got = unsafe { index_creates(&x2, 1) }.unwrap();
        // No space hints: the table's density (0); ulDensity is not used.
        assert_eq!(got[0].density, 0);
        let hints = JET_SPACEHINTS { cbStruct: 32, ulInitialDensity: 70, ..Default::default() };
        let mut x2h = x2;
        x2h.pSpacehints = &hints as *const _ as *mut _;
        assert_eq!(unsafe { index_creates(&x2h, 1) }.unwrap()[0].density, 70);
        let bad_hints = JET_SPACEHINTS { cbStruct: 28, ..hints };
        x2h.pSpacehints = &bad_hints as *const _ as *mut _;
        assert_eq!(err(unsafe { index_creates(&x2h, 1) }), INVALID);
        let mut x3 = ix3(&s, 88);
        x3.pSpacehints = &hints as *const _ as *mut _;
        assert_eq!(unsafe { index_creates(&x3, 1) }.unwrap()[0].density, 70);
        for cb in [0, 72, 80, 87, 89, 96] {
            let b2 = ix2(&s, cb);
            assert_eq!(err(unsafe { index_creates(&b2, 1) }), INVALID, "V2 cbStruct {cb}");
            let b3 = ix3(&s, cb);
            assert_eq!(err(unsafe { index_creates(&b3, 1) }), INVALID, "V3 cbStruct {cb}");
        }
        // W forms: names and keys in UTF-16.
        let wn = w("Wix");
        let wk: Vec<u16> = "+C\0\0".encode_utf16().collect();
        let mut xw: JET_INDEXCREATE3_W = zeroed();
        xw.cbStruct = 88;
        xw.szIndexName = wn.as_ptr() as *mut _;
        xw.szKey = wk.as_ptr() as *mut _;
        xw.cbKey = 8;
        let got = unsafe { index_creates(&xw, 1) }.unwrap();
        assert_eq!((got[0].name.as_str(), got[0].key.as_slice()), ("Wix", &b"+C\0\0"[..]));
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn lcid_and_pidxunicode_of_v1_and_v2() {
        // data-ddl 3.8 (the union, NULL by its low 32 bits) and 7.2 (V2 -> V3 conversion).
        let s = strs(b"Ix");
        let mut x = ix1(&s, 80);
        // A plain LCID becomes a locale and sets JET_bitIndexUnicode.
        x.lcid_or_pidxunicode = JET_INDEXCREATE_LCID { pidxunicode: 0xDEAD_BEEF_0000_0409usize as *mut _ };
        let got = unsafe { index_creates(&x, 1) }.unwrap();
        assert_eq!(got[0].grbit, JET_bitIndexUnique | JET_bitIndexUnicode);
        assert_eq!(got[0].unicode, Some(UnicodeSpec { locale: Some("en-US".into()), map_flags: 0 }));
        // LCID 0: no locale, no bit (the instance default).
        x.lcid_or_pidxunicode = JET_INDEXCREATE_LCID { lcid: 0 };
        let got = unsafe { index_creates(&x, 1) }.unwrap();
        assert_eq!((got[0].grbit, got[0].unicode.clone()), (JET_bitIndexUnique, None));
        // An LCID Windows would not know: -1062.
        x.lcid_or_pidxunicode = JET_INDEXCREATE_LCID { lcid: 0x12345 };
        assert_eq!(err(unsafe { index_creates(&x, 1) }), Some(JetError(JET_errInvalidLanguageId)));
        // With JET_bitIndexUnicode: pidxunicode's LCID and map flags.
        let ui = JET_UNICODEINDEX { lcid: 0x407, dwMapFlags: 0x10 };
        x.grbit = JET_bitIndexUnicode;
        x.lcid_or_pidxunicode = JET_INDEXCREATE_LCID { pidxunicode: &ui as *const _ as *mut _ };
        let got = unsafe { index_creates(&x, 1) }.unwrap();
        assert_eq!(got[0].unicode, Some(UnicodeSpec { locale: Some("de-DE".into()), map_flags: 0x10 }));
        let ui0 = JET_UNICODEINDEX { lcid: 0, dwMapFlags: 0x10 };
        x.lcid_or_pidxunicode = JET_INDEXCREATE_LCID { pidxunicode: &ui0 as *const _ as *mut _ };
        assert_eq!(
            unsafe { index_creates(&x, 1) }.unwrap()[0].unicode,
            Some(UnicodeSpec { locale: None, map_flags: 0x10 })
        );
        let bad = JET_UNICODEINDEX { lcid: 0xFFFF, dwMapFlags: 0 };
        x.lcid_or_pidxunicode = JET_INDEXCREATE_LCID { pidxunicode: &bad as *const _ as *mut _ };
        assert_eq!(err(unsafe { index_creates(&x, 1) }), Some(JetError(JET_errInvalidLanguageId)));
        // The bit with a pointer NULL in its low 32 bits: no unicode spec (the engine's -1003).
        x.lcid_or_pidxunicode = JET_INDEXCREATE_LCID { pidxunicode: 0x1234_5678_0000_0000usize as *mut _ };
        let got = unsafe { index_creates(&x, 1) }.unwrap();
        assert_eq!((got[0].grbit, got[0].unicode.clone()), (JET_bitIndexUnicode, None));
        // The same rules in a V2 element.
        let mut x2 = ix2(&s, 88);
        x2.lcid_or_pidxunicode = JET_INDEXCREATE_LCID { lcid: 0x809 };
        let got = unsafe { index_creates(&x2, 1) }.unwrap();
        assert_eq!(got[0].unicode.as_ref().and_then(|u| u.locale.as_deref()), Some("en-GB"));
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn v3_locale_names_are_taken_as_given() {
        // data-ddl 3.5 (JET_UNICODEINDEX2: UTF-16 in both forms), 7.4 step 10.
        let s = strs(b"Ix");
        let loc = w("fr-CA");
        let ui = JET_UNICODEINDEX2 { szLocaleName: loc.as_ptr() as *mut _, dwMapFlags: 0x100 };
        let mut x = ix3(&s, 88);
        x.grbit = JET_bitIndexUnicode;
        x.pidxunicode = &ui as *const _ as *mut _;
        let got = unsafe { index_creates(&x, 1) }.unwrap();
        assert_eq!(got[0].unicode, Some(UnicodeSpec { locale: Some("fr-CA".into()), map_flags: 0x100 }));
        // NULL locale name: None (the root collation, as the engine reads it).
        let ui_null = JET_UNICODEINDEX2 { szLocaleName: null_mut(), dwMapFlags: 0 };
        x.pidxunicode = &ui_null as *const _ as *mut _;
        assert_eq!(
            unsafe { index_creates(&x, 1) }.unwrap()[0].unicode,
            Some(UnicodeSpec { locale: None, map_flags: 0 })
        );
        // Not UTF-16: -1062.
        let lone = [0xDC00u16, 0];
        let ui_bad = JET_UNICODEINDEX2 { szLocaleName: lone.as_ptr() as *mut _, dwMapFlags: 0 };
        x.pidxunicode = &ui_bad as *const _ as *mut _;
        assert_eq!(err(unsafe { index_creates(&x, 1) }), Some(JetError(JET_errInvalidLanguageId)));
        // The bit with NULL: no spec (the engine's -1003). Without the bit: ignored.
        x.pidxunicode = null_mut();
        assert_eq!(unsafe { index_creates(&x, 1) }.unwrap()[0].unicode, None);
        x.grbit = 0;
        x.pidxunicode = &ui as *const _ as *mut _;
        assert_eq!(unsafe { index_creates(&x, 1) }.unwrap()[0].unicode, None);
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn tuple_limits_and_var_seg_mac_share_their_union() {
        // data-ddl 3.6, 3.8, 7.4 steps 3 and 9.
        let s = strs(b"Ix");
        let mut x = ix2(&s, 88);
        x.cbVarSegMac_or_ptuplelimits =
            JET_INDEXCREATE_VARSEG { ptuplelimits: 0xFFFF_FFFF_0000_0040usize as *mut _ };
        let got = unsafe { index_creates(&x, 1) }.unwrap();
        assert_eq!((got[0].cb_var_seg_mac, got[0].tuple_limits), (0x40, None));
        let tl = JET_TUPLELIMITS {
            chLengthMin: 2,
            chLengthMax: 8,
            chToIndexMax: 100,
            cchIncrement: 2,
            ichStart: 1,
        };
        x.grbit = JET_bitIndexTupleLimits;
        x.cbVarSegMac_or_ptuplelimits = JET_INDEXCREATE_VARSEG { ptuplelimits: &tl as *const _ as *mut _ };
        let got = unsafe { index_creates(&x, 1) }.unwrap();
        assert_eq!(
            (got[0].cb_var_seg_mac, got[0].tuple_limits),
            (0, Some(TupleLimits { len_min: 2, len_max: 8, to_index_max: 100, increment: 2, start: 1 }))
        );
        x.cbVarSegMac_or_ptuplelimits = JET_INDEXCREATE_VARSEG { ptuplelimits: null_mut() };
        assert_eq!(unsafe { index_creates(&x, 1) }.unwrap()[0].tuple_limits, None);
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn conditional_columns_a_and_w() {
        // data-ddl 3.4, 7.4 (conditional columns), 5.3 (W conditional cbStruct -> -1003).
        let s = strs(b"Ix");
        let c1 = a(b"Deleted");
        let cc = [
            JET_CONDITIONALCOLUMN_A {
                cbStruct: 24,
                szColumnName: c1.as_ptr() as *mut _,
                grbit: JET_bitIndexColumnMustBeNull,
            },
            // A wrong cbStruct in A: passed on for the engine's -1406; the name is not read.
            JET_CONDITIONALCOLUMN_A { cbStruct: 16, szColumnName: null_mut(), grbit: 7 },
        ];
        let mut x = ix3(&s, 88);
        x.rgconditionalcolumn = cc.as_ptr() as *mut _;
        x.cConditionalColumn = 2;
        let got = unsafe { index_creates(&x, 1) }.unwrap();
        assert_eq!(
            got[0].conditional,
            vec![
                ConditionalSpec {
                    cb_struct: 24,
                    column: "Deleted".into(),
                    grbit: JET_bitIndexColumnMustBeNull
                },
                ConditionalSpec { cb_struct: 16, column: String::new(), grbit: 7 },
            ]
        );
        // A NULL name with the right cbStruct: -1003 (S-BAD-01).
        let cn = [JET_CONDITIONALCOLUMN_A { cbStruct: 24, szColumnName: null_mut(), grbit: 0 }];
        x.rgconditionalcolumn = cn.as_ptr() as *mut _;
        x.cConditionalColumn = 1;
        assert_eq!(err(unsafe { index_creates(&x, 1) }), INVALID);
        // NULL array with a count: -1003; more than 16: -1406 without reading the array.
        x.rgconditionalcolumn = null_mut();
        assert_eq!(err(unsafe { index_creates(&x, 1) }), INVALID);
        x.rgconditionalcolumn = cc.as_ptr() as *mut _;
        x.cConditionalColumn = 17;
        assert_eq!(err(unsafe { index_creates(&x, 1) }), Some(JetError(JET_errIndexInvalidDef)));
        x.cConditionalColumn = u32::MAX;
        assert_eq!(err(unsafe { index_creates(&x, 1) }), Some(JetError(JET_errIndexInvalidDef)));
        // W: the cbStruct is checked while converting, -1003.
        let wn = w("Wix");
        let wk: Vec<u16> = "+C\0\0".encode_utf16().collect();
        let wc = w("Flag");
        let ccw = [JET_CONDITIONALCOLUMN_W {
            cbStruct: 24,
            szColumnName: wc.as_ptr() as *mut _,
            grbit: JET_bitIndexColumnMustBeNonNull,
        }];
        let mut xw: JET_INDEXCREATE_W = zeroed();
        xw.cbStruct = 80;
        xw.szIndexName = wn.as_ptr() as *mut _;
        xw.szKey = wk.as_ptr() as *mut _;
        xw.cbKey = 8;
        xw.rgconditionalcolumn = ccw.as_ptr() as *mut _;
        xw.cConditionalColumn = 1;
        assert_eq!(unsafe { index_creates(&xw, 1) }.unwrap()[0].conditional[0].column, "Flag");
        let ccw_bad = [JET_CONDITIONALCOLUMN_W { cbStruct: 23, ..ccw[0] }];
        xw.rgconditionalcolumn = ccw_bad.as_ptr() as *mut _;
        assert_eq!(err(unsafe { index_creates(&xw, 1) }), INVALID);
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn index_results_follow_the_walk_and_skip_immutable_elements() {
        // data-ddl 7.2 last item (err copied back unless JET_bitIndexImmutableStructure).
        let s = strs(b"Ix");
        let mut buf = vec![0u8; 72 + 80 + 80];
        let e0 = ix1(&s, 72);
        let e1 = ix1(&s, 80);
        let mut e2 = ix1(&s, 80);
        e2.grbit |= JET_bitIndexImmutableStructure;
        e2.err = 5;
        unsafe {
            std::ptr::copy_nonoverlapping(&e0 as *const _ as *const u8, buf.as_mut_ptr(), 72);
            std::ptr::copy_nonoverlapping(&e1 as *const _ as *const u8, buf.as_mut_ptr().add(72), 80);
            std::ptr::copy_nonoverlapping(&e2 as *const _ as *const u8, buf.as_mut_ptr().add(152), 80);
        }
        let p = buf.as_mut_ptr() as *mut JET_INDEXCREATE_A;
        unsafe { write_index_results(p, &[-1406, -1507, -1403]) };
        let err_at = |off: usize| i32::from_ne_bytes(buf[off + 68..off + 72].try_into().unwrap());
        assert_eq!((err_at(0), err_at(72), err_at(152)), (-1406, -1507, 5));
    }

    fn tc4(name: &[c_char], cb: u32) -> JET_TABLECREATE4_A {
        let mut t: JET_TABLECREATE4_A = zeroed();
        t.cbStruct = cb;
        t.szTableName = name.as_ptr() as *mut _;
        t.ulPages = 4;
        t.ulDensity = 90;
        t
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn table_create_checks_each_version_s_cbstruct() {
        // data-ddl 5.3 table: V1 unchecked, V2 96, V3 and V4 120; NULL -> -1003 (S-BAD-01).
        let n = a(b"T");
        let mut t1: JET_TABLECREATE_A = zeroed();
        t1.szTableName = n.as_ptr() as *mut _;
        for cb in [0, 80, 12345] {
            t1.cbStruct = cb;
            assert_eq!(unsafe { table_create(&t1) }.unwrap().spec.name, "T");
        }
        assert_eq!(err(unsafe { table_create(null::<JET_TABLECREATE_W>()) }), INVALID);
        let mut t2: JET_TABLECREATE2_A = zeroed();
        t2.szTableName = n.as_ptr() as *mut _;
        t2.cbStruct = 96;
        assert!(unsafe { table_create(&t2) }.is_ok());
        for cb in [0, 80, 95, 97, 120] {
            t2.cbStruct = cb;
            assert_eq!(err(unsafe { table_create(&t2) }), INVALID, "V2 {cb}");
        }
        let mut t3: JET_TABLECREATE3_W = zeroed();
        let wn = w("T3");
        t3.szTableName = wn.as_ptr() as *mut _;
        t3.cbStruct = 120;
        assert_eq!(unsafe { table_create(&t3) }.unwrap().spec.name, "T3");
        for cb in [0, 96, 119, 121] {
            t3.cbStruct = cb;
            assert_eq!(err(unsafe { table_create(&t3) }), INVALID, "V3 {cb}");
            let t4 = tc4(&n, cb);
            assert_eq!(err(unsafe { table_create(&t4) }), INVALID, "V4 {cb}");
        }
        // Names: S-NAM-01.
        let mut t4 = tc4(&n, 120);
        t4.szTableName = null_mut();
        assert_eq!(err(unsafe { table_create(&t4) }), Some(JetError(JET_errInvalidName)));
        let bad = a(b"\xff");
        t4.szTemplateTableName = bad.as_ptr() as *mut _;
        t4.szTableName = n.as_ptr() as *mut _;
        assert_eq!(err(unsafe { table_create(&t4) }), Some(JetError(JET_errInvalidName)));
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn table_create_reads_columns_indexes_callback_and_hints() {
        // data-ddl 5.3 (steps 10-12, the up-conversion, NULL arrays: -1003 vs -1409).
        let n = a(b"Orders");
        let tmpl = a(b"Base");
        let cn = a(b"Id");
        let cols = [colcreate_a(&cn, 56)];
        let s = strs(b"PK");
        let idx = [ix3(&s, 88)];
        let cb = a(b"mod!cb");
        let hints = JET_SPACEHINTS { cbStruct: 32, ulInitialDensity: 60, ..Default::default() };
        let mut t = tc4(&n, 120);
        t.szTemplateTableName = tmpl.as_ptr() as *mut _;
        t.rgcolumncreate = cols.as_ptr() as *mut _;
        t.cColumns = 1;
        t.rgindexcreate = idx.as_ptr() as *mut _;
        t.cIndexes = 1;
        t.szCallback = cb.as_ptr() as *mut _;
        t.cbtyp = JET_cbtypBeforeInsert;
        t.grbit = JET_bitTableCreateFixedDDL;
        t.pLVSpacehints = &hints as *const _ as *mut _;
        t.cbSeparateLV = 1000;
        let got = unsafe { table_create(&t) }.unwrap();
        let spec = &got.spec;
        assert_eq!(
            (spec.name.as_str(), spec.template.as_deref(), spec.pages, spec.density, spec.grbit),
            ("Orders", Some("Base"), 4, 90, JET_bitTableCreateFixedDDL)
        );
        assert_eq!((spec.columns.len(), spec.columns[0].name.as_str()), (1, "Id"));
        assert_eq!((spec.indexes.len(), spec.indexes[0].name.as_str()), (1, "PK"));
        assert_eq!(spec.callback, Some((JET_cbtypBeforeInsert, "mod!cb".to_string())));
        assert!(!spec.columns_null && !spec.indexes_null);
        assert!(got.seq_hints.is_none());
        assert_eq!((got.lv_hints.map(|h| h.ulInitialDensity), got.cb_separate_lv), (Some(60), 1000));
        // Space hints with a wrong cbStruct: -1003.
        let bad_hints = JET_SPACEHINTS { cbStruct: 0, ..hints };
        let mut tb = t;
        tb.pSeqSpacehints = &bad_hints as *const _ as *mut _;
        assert_eq!(err(unsafe { table_create(&tb) }), INVALID);
        // NULL columns with a count, NULL indexes with a count: -1003.
        let mut tc = t;
        tc.rgcolumncreate = null_mut();
        assert_eq!(err(unsafe { table_create(&tc) }), INVALID);
        let mut ti = t;
        ti.rgindexcreate = null_mut();
        assert_eq!(err(unsafe { table_create(&ti) }), INVALID);
        // NULL columns without a count but with indexes: columns_null (the engine's -1409).
        tc.cColumns = 0;
        let got = unsafe { table_create(&tc) }.unwrap();
        assert!(got.spec.columns_null && got.spec.columns.is_empty() && got.spec.indexes.len() == 1);
        // A V4 table takes JET_INDEXCREATE3 (88 bytes); an 80-byte element is refused.
        let idx80 = [ix3(&s, 80)];
        let mut tw = t;
        tw.rgindexcreate = idx80.as_ptr() as *mut _;
        assert_eq!(err(unsafe { table_create(&tw) }), INVALID);
        // A V1 table takes JET_INDEXCREATE (80 or 72).
        let i1 = [ix1(&s, 72)];
        let mut t1: JET_TABLECREATE_A = zeroed();
        t1.szTableName = n.as_ptr() as *mut _;
        t1.rgcolumncreate = cols.as_ptr() as *mut _;
        t1.cColumns = 1;
        t1.rgindexcreate = i1.as_ptr() as *mut _;
        t1.cIndexes = 1;
        let got = unsafe { table_create(&t1) }.unwrap();
        assert_eq!((got.spec.indexes[0].density, got.spec.callback), (90, None));
        // No callback name: none.
        let mut tn = t;
        tn.szCallback = null_mut();
        assert_eq!(unsafe { table_create(&tn) }.unwrap().spec.callback, None);
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn table_results_are_written_unless_immutable() {
        // data-ddl 5.3 (outputs copied back; nothing with JET_bitTableCreateImmutableStructure).
        let n = a(b"T");
        let cn = a(b"c");
        let mut cols = [colcreate_a(&cn, 56), colcreate_a(&cn, 56)];
        let s = strs(b"I");
        let mut idx = [ix3(&s, 88), ix3(&s, 88)];
        let mut t = tc4(&n, 120);
        t.rgcolumncreate = cols.as_mut_ptr();
        t.cColumns = 2;
        t.rgindexcreate = idx.as_mut_ptr();
        t.cIndexes = 2;
        let report = CreateReport { c_created: 3, columns: vec![(1, 0), (2, 0)], indexes: vec![-1507] };
        unsafe { write_table_results(&mut t, 0x55, &report) };
        assert_eq!((t.tableid, t.cCreated), (0x55, 3));
        assert_eq!((cols[1].columnid, idx[0].err, idx[1].err), (2, -1507, 0));
        let mut t2 = tc4(&n, 120);
        t2.grbit = JET_bitTableCreateImmutableStructure;
        t2.rgcolumncreate = cols.as_mut_ptr();
        t2.cColumns = 2;
        t2.tableid = 9;
        unsafe { write_table_results(&mut t2, 0x55, &CreateReport { c_created: 7, ..report.clone() }) };
        assert_eq!((t2.tableid, t2.cCreated), (9, 0));
        // V1's outputs sit at other offsets.
        let mut t1: JET_TABLECREATE_W = zeroed();
        unsafe { write_table_results(&mut t1, 0x77, &CreateReport { c_created: 1, ..Default::default() }) };
        assert_eq!((t1.tableid, t1.cCreated), (0x77, 1));
        unsafe { write_table_results(null_mut::<JET_TABLECREATE2_A>(), 1, &report) };
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn jet_create_index_arguments() {
        // data-ddl 7.2 first item: JetCreateIndex's name, grbit, key and density.
        let n = a(b"Ix");
        let k = b"+a\0\0".map(|b| b as c_char);
        let got = unsafe { index_simple::<Utf8>(n.as_ptr(), JET_bitIndexUnique, k.as_ptr(), 4, 80) }.unwrap();
        assert_eq!(
            got,
            IndexSpec {
                name: "Ix".into(),
                grbit: JET_bitIndexUnique,
                key: b"+a\0\0".to_vec(),
                density: 80,
                cb_key_most: 255,
                ..Default::default()
            }
        );
        assert_eq!(
            err(unsafe { index_simple::<Utf8>(null(), 0, k.as_ptr(), 4, 0) }),
            Some(JetError(JET_errInvalidName))
        );
        let wn = w("Ix");
        let wk: Vec<u16> = "+a\0\0".encode_utf16().collect();
        assert_eq!(
            unsafe { index_simple::<Utf16>(wn.as_ptr(), 0, wk.as_ptr(), 8, 0) }.unwrap().key,
            b"+a\0\0"
        );
    }
}
