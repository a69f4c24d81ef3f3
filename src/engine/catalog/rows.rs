//! The catalog in ESE's row shape: one MSysObjects row per table, column (live or deleted stub),
//! index, LV tree and callback, with ESE's columns (\_cat.cxx rgcdescMSO; field ids cat.hxx:90-127;
//! what each row sets: cat.cxx ErrCATAddTable 2458-2608, ErrCATAddTableColumn 2610-2697,
//! ErrCATAddTableIndex 2699-2931, ErrCATIAddTableLV 2933-3001, ErrCATAddTableCallback 3003-3055,
//! the deleted-column stub 3600-3640), encoded by [`crate::engine::record`] and keyed by
//! MSysObjects' primary index `+ObjidTable\0+Type\0+Id\0` (\_cat.cxx rgidescMSO) through
//! [`crate::engine::key`].
//!
//! Deliberate differences, because this store has no pages and its Unicode keys come from
//! ICU4X (S-KEY-02): `ColtypOrPgnoFDP` of trees holds the model's `pgno_fdp` (0 unless set);
//! an index's `Version` holds the UTF-8 name of the collation version instead of an NLS
//! version, and `SortID` is not written; `PgnoFDPLastSetTime`, `Stats`, `SpaceHints`,
//! `SeparateLV` and `LVChunkMax` are not written.

use super::*;
use crate::engine::coltype::{CP_ANSI, CP_UNICODE, FID_FIXED_LAST};
use crate::engine::error::{JetError, fail};
use crate::engine::key::{KeyDef, KeyValue, SegmentDef, record_key};
use crate::engine::record::{ColumnRead, RecordView, TaggedRead};

/// The row types (SYSOBJ, cat.hxx).
pub const SYSOBJ_TABLE: u16 = 1;
pub const SYSOBJ_COLUMN: u16 = 2;
pub const SYSOBJ_INDEX: u16 = 3;
pub const SYSOBJ_LONG_VALUE: u16 = 4;
pub const SYSOBJ_CALLBACK: u16 = 5;

/// MSysObjects' field ids (cat.hxx:90-127: FID(fidtypFixed, n) is n + 1, FID(fidtypVar, n)
/// is 128 + n, FID(fidtypTagged, n) is 256 + n).
pub mod fid {
    pub const OBJID_TABLE: u16 = 1;
    pub const TYPE: u16 = 2;
    pub const ID: u16 = 3;
    pub const COLTYP_OR_PGNO_FDP: u16 = 4;
    pub const SPACE_USAGE: u16 = 5;
    pub const FLAGS: u16 = 6;
    pub const PAGES_OR_LOCALE: u16 = 7;
    pub const ROOT_FLAG: u16 = 8;
    pub const RECORD_OFFSET: u16 = 9;
    pub const LCMAP_FLAGS: u16 = 10;
    pub const KEY_MOST: u16 = 11;
    pub const LV_CHUNK_MAX: u16 = 12;
    pub const PGNO_FDP_LAST_SET_TIME: u16 = 13;
    pub const NAME: u16 = 128;
    pub const STATS: u16 = 129;
    pub const TEMPLATE_TABLE_OR_CALLBACK: u16 = 130;
    pub const DEFAULT_VALUE: u16 = 131;
    pub const KEY_FLD_IDS: u16 = 132;
    pub const VAR_SEG_MAC: u16 = 133;
    pub const CONDITIONAL_COLUMNS: u16 = 134;
    pub const TUPLE_LIMITS: u16 = 135;
    pub const VERSION: u16 = 136;
    pub const SORT_ID: u16 = 137;
    pub const CALLBACK_DATA: u16 = 256;
    pub const CALLBACK_DEPENDENCIES: u16 = 257;
    pub const SEPARATE_LV: u16 = 258;
    pub const SPACE_HINTS: u16 = 259;
    pub const SPACE_DEFERRED_LV_HINTS: u16 = 260;
    pub const LOCALE_NAME: u16 = 261;
}

/// MSysObjects' columns: name, field id, type (\_cat.cxx rgcdescMSO).
pub const MSYSOBJECTS_COLUMNS: [(&str, u16, ColType); 29] = [
    ("ObjidTable", fid::OBJID_TABLE, ColType::Long),
    ("Type", fid::TYPE, ColType::Short),
    ("Id", fid::ID, ColType::Long),
    ("ColtypOrPgnoFDP", fid::COLTYP_OR_PGNO_FDP, ColType::Long),
    ("SpaceUsage", fid::SPACE_USAGE, ColType::Long),
    ("Flags", fid::FLAGS, ColType::Long),
    ("PagesOrLocale", fid::PAGES_OR_LOCALE, ColType::Long),
    ("RootFlag", fid::ROOT_FLAG, ColType::Bit),
    ("RecordOffset", fid::RECORD_OFFSET, ColType::Short),
    ("LCMapFlags", fid::LCMAP_FLAGS, ColType::Long),
    ("KeyMost", fid::KEY_MOST, ColType::UnsignedShort),
    ("LVChunkMax", fid::LV_CHUNK_MAX, ColType::Long),
    ("PgnoFDPLastSetTime", fid::PGNO_FDP_LAST_SET_TIME, ColType::DateTime),
    ("Name", fid::NAME, ColType::Text),
    ("Stats", fid::STATS, ColType::Binary),
    ("TemplateTable", fid::TEMPLATE_TABLE_OR_CALLBACK, ColType::Text),
    ("DefaultValue", fid::DEFAULT_VALUE, ColType::Binary),
    ("KeyFldIDs", fid::KEY_FLD_IDS, ColType::Binary),
    ("VarSegMac", fid::VAR_SEG_MAC, ColType::Binary),
    ("ConditionalColumns", fid::CONDITIONAL_COLUMNS, ColType::Binary),
    ("TupleLimits", fid::TUPLE_LIMITS, ColType::Binary),
    ("Version", fid::VERSION, ColType::Binary),
    ("SortID", fid::SORT_ID, ColType::Binary),
    ("CallbackData", fid::CALLBACK_DATA, ColType::LongBinary),
    ("CallbackDependencies", fid::CALLBACK_DEPENDENCIES, ColType::LongBinary),
    ("SeparateLV", fid::SEPARATE_LV, ColType::LongBinary),
    ("SpaceHints", fid::SPACE_HINTS, ColType::LongBinary),
    ("SpaceDeferredLVHints", fid::SPACE_DEFERRED_LV_HINTS, ColType::LongBinary),
    ("LocaleName", fid::LOCALE_NAME, ColType::LongBinary),
];

/// Persisted column flags (FIELDFLAG, tdb.hxx:175-187).
mod ffield {
    pub const NOT_NULL: u32 = 0x0001;
    pub const VERSION: u32 = 0x0002;
    pub const AUTOINCREMENT: u32 = 0x0004;
    pub const MULTIVALUED: u32 = 0x0008;
    pub const DEFAULT: u32 = 0x0010;
    pub const ESCROW_UPDATE: u32 = 0x0020;
    pub const FINALIZE: u32 = 0x0040;
    pub const USER_DEFINED_DEFAULT: u32 = 0x0080;
    pub const TEMPLATE_COLUMN_ESE98: u32 = 0x0100;
    pub const DELETE_ON_ZERO: u32 = 0x0200;
    pub const PRIMARY_INDEX_PLACEHOLDER: u32 = 0x0800;
    pub const COMPRESSED: u32 = 0x1000;
    pub const ENCRYPTED: u32 = 0x2000;
}

/// The JET_bitColumn* bit of each persisted FIELDFLAG.
const FFIELD_GRBIT: [(u32, u32); 10] = [
    (ffield::NOT_NULL, JET_bitColumnNotNULL),
    (ffield::VERSION, JET_bitColumnVersion),
    (ffield::AUTOINCREMENT, JET_bitColumnAutoincrement),
    (ffield::MULTIVALUED, JET_bitColumnMultiValued),
    (ffield::ESCROW_UPDATE, JET_bitColumnEscrowUpdate),
    (ffield::FINALIZE, JET_bitColumnFinalize),
    (ffield::USER_DEFINED_DEFAULT, JET_bitColumnUserDefinedDefault),
    (ffield::DELETE_ON_ZERO, JET_bitColumnDeleteOnZero),
    (ffield::COMPRESSED, JET_bitColumnCompressed),
    (ffield::ENCRYPTED, JET_bitColumnEncrypted),
];

/// Persisted index flags (IDBFLAG and IDXFLAG, idb.hxx:7-26, 71-74). The row's Flags holds
/// the IDBFLAG in its low 16 bits and the IDXFLAG in its high 16 (LE_IDXFLAG, idb.hxx:81-85).
mod fidb {
    pub const UNIQUE: u32 = 0x0001;
    pub const ALLOW_ALL_NULLS: u32 = 0x0002;
    pub const ALLOW_FIRST_NULL: u32 = 0x0004;
    pub const ALLOW_SOME_NULLS: u32 = 0x0008;
    pub const NO_NULL_SEG: u32 = 0x0010;
    pub const PRIMARY: u32 = 0x0020;
    pub const LOCALE_SET: u32 = 0x0040;
    pub const MULTIVALUED: u32 = 0x0080;
    pub const TEMPLATE_INDEX: u32 = 0x0100;
    pub const DERIVED_INDEX: u32 = 0x0200;
    pub const LOCALIZED_TEXT: u32 = 0x0400;
    pub const SORT_NULLS_HIGH: u32 = 0x0800;
    pub const CROSS_PRODUCT: u32 = 0x2000;
    pub const DISALLOW_TRUNCATION: u32 = 0x4000;
    pub const NESTED_TABLE: u32 = 0x8000;
    pub const KNOWN: u32 = 0xEFFF;
    pub const X_EXTENDED_COLUMNS: u32 = 0x0001;
    pub const X_DOT_NET_GUID: u32 = 0x0002;
    pub const X_OPTIONALLY_UNIQUE: u32 = 0x0008;
    pub const X_KNOWN: u32 = 0x000B;
}

/// IDXSEG flags (daedef.hxx:710-712); a persisted segment is {flags: u8, 0: u8, fid: u16 LE}.
const IDXSEG_TEMPLATE: u8 = 0x80;
const IDXSEG_DESCENDING: u8 = 0x40;
const IDXSEG_MUST_BE_NULL: u8 = 0x20;

/// The name of the LV tree's row and of a callback row (\_cat.cxx szLVRoot, szTableCallback).
const LV_ROOT_NAME: &str = "LV";
const CALLBACK_NAME: &str = "CB";
const STUB_PREFIX: &str = "JetStub_";

/// One row of MSysObjects: its primary key and its record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogRow {
    pub key: Vec<u8>,
    pub record: Vec<u8>,
}

fn corrupt<T>() -> JetResult<T> {
    fail(JET_errCatalogCorrupted)
}

fn key_def() -> KeyDef {
    let seg = |coltype: ColType| SegmentDef {
        coltype,
        cp: 0,
        descending: false,
        fixed: true,
        cb_fixed: coltype.fixed_size().unwrap_or(0) as usize,
    };
    KeyDef::new(vec![seg(ColType::Long), seg(ColType::Short), seg(ColType::Long)])
}

/// The primary key of a row of MSysObjects: (ObjidTable, Type, Id) normalized as ESE keys its
/// Id index (`+ObjidTable\0+Type\0+Id\0`, ascending, \_cat.cxx rgidescMSO).
pub fn catalog_key(objid_table: u32, sysobj: u16, id: u32) -> Vec<u8> {
    let (a, b, c) = (objid_table.to_le_bytes(), sysobj.to_le_bytes(), id.to_le_bytes());
    let values = [KeyValue::Data(&a), KeyValue::Data(&b), KeyValue::Data(&c)];
    // Three fixed segments of 11 bytes in all always fit 255 bytes.
    record_key(&key_def(), &values).map(|k| k.0).unwrap_or_default()
}

/// The keys of every row of one table: `start <= key < end`. Every row's Type segment starts
/// with the data prefix 0x7F (Type is NOT NULL), so the ObjidTable segment followed by 0x80
/// bounds them.
pub fn table_key_range(objid_table: u32) -> (Vec<u8>, Vec<u8>) {
    let full = catalog_key(objid_table, 0, 0);
    let start = full[..5].to_vec();
    let mut end = start.clone();
    end.push(0x80);
    (start, end)
}

/// The record layout of MSysObjects' rows on pages of `cb_page` bytes.
pub fn msysobjects_layout(cb_page: u32) -> RecordLayout {
    let fixed = MSYSOBJECTS_COLUMNS
        .iter()
        .filter(|c| c.1 <= FID_FIXED_LAST)
        .map(|c| FixedColumn { size: c.2.fixed_size().unwrap_or(0) as u16, coltype: Some(c.2), cp: 0 })
        .collect();
    RecordLayout::new(fixed, cb_page).expect("13 fixed columns")
}

struct RowBuilder<'a> {
    layout: &'a RecordLayout,
    record: Record,
}

impl RowBuilder<'_> {
    fn fixed(&mut self, f: u16, v: &[u8]) -> JetResult<()> {
        self.record.set_fixed(self.layout, f, Some(v), usize::MAX)
    }
    fn u32(&mut self, f: u16, v: u32) -> JetResult<()> {
        self.fixed(f, &v.to_le_bytes())
    }
    fn var(&mut self, f: u16, v: &[u8]) -> JetResult<()> {
        if v.is_empty() {
            return Ok(());
        }
        self.record.set_var(self.layout, f, Some(v), usize::MAX)
    }
    fn tagged(&mut self, f: u16, v: &[u8]) -> JetResult<()> {
        if v.is_empty() {
            return Ok(());
        }
        let slot = TaggedSlot { id: TaggedId::new(f), itag: 1, long_value: true };
        self.record.set_tagged(self.layout, slot, Some(TaggedValue::plain(v)), Default::default(), usize::MAX)
    }
    /// The columns every row has: the key (ObjidTable, Type, Id), then ColtypOrPgnoFDP,
    /// SpaceUsage, Flags and PagesOrLocale, and the Name.
    fn head(&mut self, key: (u32, u16, u32), v: [u32; 4], name: &str) -> JetResult<()> {
        self.u32(fid::OBJID_TABLE, key.0)?;
        self.fixed(fid::TYPE, &key.1.to_le_bytes())?;
        self.u32(fid::ID, key.2)?;
        self.u32(fid::COLTYP_OR_PGNO_FDP, v[0])?;
        self.u32(fid::SPACE_USAGE, v[1])?;
        self.u32(fid::FLAGS, v[2])?;
        self.u32(fid::PAGES_OR_LOCALE, v[3])?;
        self.var(fid::NAME, name.as_bytes())
    }
}

fn row(
    layout: &RecordLayout,
    objid: u32,
    sysobj: u16,
    id: u32,
    build: impl FnOnce(&mut RowBuilder) -> JetResult<()>,
) -> JetResult<CatalogRow> {
    let mut b = RowBuilder { layout, record: Record::new() };
    build(&mut b)?;
    Ok(CatalogRow { key: catalog_key(objid, sysobj, id), record: b.record.encode(layout) })
}

fn column_ffield(t: &TableDef, c: &ColumnDef) -> u32 {
    let mut f = FFIELD_GRBIT.iter().filter(|(_, g)| c.grbit & g != 0).fold(0, |f, (b, _)| f | b);
    if c.default.is_some() || c.user_defined_default.is_some() {
        f |= ffield::DEFAULT;
    }
    if t.is_template() {
        f |= ffield::TEMPLATE_COLUMN_ESE98;
    }
    f
}

fn index_flags(ix: &IndexDef) -> u32 {
    let g = ix.grbit;
    let has = |b: u32| g & b != 0;
    let mut f = 0;
    let bit = |on: bool, b: u32| if on { b } else { 0 };
    f |= bit(has(JET_bitIndexUnique), fidb::UNIQUE);
    f |= bit(has(JET_bitIndexPrimary), fidb::PRIMARY);
    if has(JET_bitIndexDisallowNull) {
        f |= fidb::NO_NULL_SEG;
    } else {
        f |= bit(!has(JET_bitIndexIgnoreAnyNull), fidb::ALLOW_SOME_NULLS);
        f |= bit(!has(JET_bitIndexIgnoreFirstNull), fidb::ALLOW_FIRST_NULL);
        f |= bit(!has(JET_bitIndexIgnoreNull), fidb::ALLOW_ALL_NULLS);
        f |= bit(has(JET_bitIndexSortNullsHigh), fidb::SORT_NULLS_HIGH);
    }
    f |= bit(ix.locale_set, fidb::LOCALE_SET);
    f |= bit(ix.multivalued, fidb::MULTIVALUED);
    f |= bit(ix.template_index, fidb::TEMPLATE_INDEX);
    f |= bit(ix.derived_index, fidb::DERIVED_INDEX);
    f |= bit(ix.collation_version.is_some(), fidb::LOCALIZED_TEXT);
    f |= bit(has(JET_bitIndexCrossProduct), fidb::CROSS_PRODUCT);
    f |= bit(has(JET_bitIndexDisallowTruncation), fidb::DISALLOW_TRUNCATION);
    f |= bit(has(JET_bitIndexNestedTable), fidb::NESTED_TABLE);
    let mut x = fidb::X_EXTENDED_COLUMNS;
    x |= bit(has(JET_bitIndexDotNetGuid), fidb::X_DOT_NET_GUID);
    x |= bit(has(JET_bitIndexOptionallyUnique), fidb::X_OPTIONALLY_UNIQUE);
    f | x << 16
}

/// The inverse of [`index_flags`] for the grbit (IDB::GrbitFromFlags, fcreate.cxx:9649-9705).
fn index_grbit(f: u32, cb_key_most: u16, tuples: bool) -> u32 {
    let (b, x) = (f & 0xFFFF, f >> 16);
    let on = |cond: bool, g: u32| if cond { g } else { 0 };
    let mut g =
        on(b & fidb::PRIMARY != 0, JET_bitIndexPrimary) | on(b & fidb::UNIQUE != 0, JET_bitIndexUnique);
    g |= on(tuples, JET_bitIndexTuples);
    g |= on(b & fidb::CROSS_PRODUCT != 0, JET_bitIndexCrossProduct)
        | on(b & fidb::NESTED_TABLE != 0, JET_bitIndexNestedTable);
    g |= on(x & fidb::X_DOT_NET_GUID != 0, JET_bitIndexDotNetGuid);
    g |= on(x & fidb::X_OPTIONALLY_UNIQUE != 0, JET_bitIndexOptionallyUnique);
    g |= on(b & fidb::DISALLOW_TRUNCATION != 0, JET_bitIndexDisallowTruncation);
    if b & fidb::NO_NULL_SEG != 0 {
        g |= JET_bitIndexDisallowNull;
    } else {
        g |= on(b & fidb::ALLOW_ALL_NULLS == 0, JET_bitIndexIgnoreNull);
        g |= on(b & fidb::ALLOW_FIRST_NULL == 0, JET_bitIndexIgnoreFirstNull);
        g |= on(b & fidb::ALLOW_SOME_NULLS == 0, JET_bitIndexIgnoreAnyNull);
        g |= on(b & fidb::SORT_NULLS_HIGH != 0, JET_bitIndexSortNullsHigh);
    }
    g | on(cb_key_most as u32 > JET_cbKeyMost_OLD, JET_bitIndexKeyMost)
}

fn idxseg(columnid: u32, flags: u8) -> [u8; 4] {
    let f = columnid as u16;
    let t = if columnid & COLUMNID_TEMPLATE != 0 { IDXSEG_TEMPLATE } else { 0 };
    let [lo, hi] = f.to_le_bytes();
    [flags | t, 0, lo, hi]
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

impl Catalog {
    /// The rows of one table, in key order: the table, its columns (deleted ones as stubs),
    /// its indexes, its LV tree, its callback. A value too long for its catalog column (a
    /// callback name past 255 bytes) is `JET_errInvalidParameter`.
    pub fn table_rows(&self, t: &TableDef) -> JetResult<Vec<CatalogRow>> {
        let l = msysobjects_layout(self.cb_page);
        let o = t.objid;
        let mut rows = Vec::new();
        rows.push(row(&l, o, SYSOBJ_TABLE, o, |b| {
            b.head((o, SYSOBJ_TABLE, o), [t.pgno_fdp, t.density, t.flags, t.pages], &t.name)?;
            b.fixed(fid::ROOT_FLAG, &[0xFF])?;
            b.var(fid::TEMPLATE_TABLE_OR_CALLBACK, t.template.as_deref().unwrap_or("").as_bytes())
        })?);
        let mut cols: Vec<(u16, Option<&ColumnDef>, u32)> =
            t.columns.iter().map(|c| (c.fid, Some(c), c.cb_max)).collect();
        cols.extend(t.deleted.iter().map(|d| (d.fid, None, d.cb_max)));
        cols.sort_by_key(|c| c.0);
        for (f, c, cb_max) in cols {
            rows.push(row(&l, o, SYSOBJ_COLUMN, f as u32, |b| {
                match c {
                    Some(c) => b.head(
                        (o, SYSOBJ_COLUMN, f as u32),
                        [c.coltype.as_u32(), c.cb_max, column_ffield(t, c), c.cp as u32],
                        &c.name,
                    )?,
                    None => b.head(
                        (o, SYSOBJ_COLUMN, f as u32),
                        [0, cb_max, 0, 0],
                        &format!("{STUB_PREFIX}{o}_{f}"),
                    )?,
                }
                if ColumnClass::of_fid(f) == Some(ColumnClass::Fixed) {
                    b.fixed(fid::RECORD_OFFSET, &self.record_offset(t, f).to_le_bytes())?;
                }
                let Some(c) = c else { return Ok(()) };
                if let Some(u) = &c.user_defined_default {
                    b.var(fid::TEMPLATE_TABLE_OR_CALLBACK, u.callback.as_bytes())?;
                    b.tagged(fid::CALLBACK_DATA, &u.user_data)?;
                    let mut deps = Vec::new();
                    for d in &u.dependencies {
                        deps.extend_from_slice(d.as_bytes());
                        deps.push(0);
                    }
                    if !deps.is_empty() {
                        deps.push(0);
                    }
                    b.tagged(fid::CALLBACK_DEPENDENCIES, &deps)?;
                }
                b.var(fid::DEFAULT_VALUE, c.default.as_deref().unwrap_or(&[]))
            })?);
        }
        for ix in &t.indexes {
            rows.push(row(&l, o, SYSOBJ_INDEX, ix.objid, |b| {
                b.head((o, SYSOBJ_INDEX, ix.objid), [ix.pgno_fdp, ix.density, index_flags(ix), 0], &ix.name)?;
                b.u32(fid::LCMAP_FLAGS, ix.lcmap_flags)?;
                if ix.cb_key_most as u32 != JET_cbKeyMost_OLD {
                    b.fixed(fid::KEY_MOST, &ix.cb_key_most.to_le_bytes())?;
                }
                let segs: Vec<u8> = ix
                    .segments
                    .iter()
                    .flat_map(|s| idxseg(s.columnid, if s.descending { IDXSEG_DESCENDING } else { 0 }))
                    .collect();
                b.var(fid::KEY_FLD_IDS, &segs)?;
                if ix.cb_var_seg_mac != ix.cb_key_most {
                    b.var(fid::VAR_SEG_MAC, &ix.cb_var_seg_mac.to_le_bytes())?;
                }
                let conds: Vec<u8> = ix
                    .conditional
                    .iter()
                    .flat_map(|c| idxseg(c.columnid, if c.must_be_null { IDXSEG_MUST_BE_NULL } else { 0 }))
                    .collect();
                b.var(fid::CONDITIONAL_COLUMNS, &conds)?;
                if let Some(tl) = &ix.tuple_limits {
                    let v: Vec<u8> = [tl.len_min, tl.len_max, tl.to_index_max, tl.increment, tl.start]
                        .iter()
                        .flat_map(|x| x.to_le_bytes())
                        .collect();
                    b.var(fid::TUPLE_LIMITS, &v)?;
                }
                if let Some(v) = &ix.collation_version {
                    b.var(fid::VERSION, v.as_bytes())?;
                }
                b.tagged(fid::LOCALE_NAME, &utf16le(&ix.locale))
            })?);
        }
        if let Some(lv) = t.lv_objid {
            rows.push(row(&l, o, SYSOBJ_LONG_VALUE, lv, |b| {
                b.head((o, SYSOBJ_LONG_VALUE, lv), [t.lv_pgno_fdp, DENSITY_MAX, 0, 1], LV_ROOT_NAME)
            })?);
        }
        if let Some((cbtyp, name)) = &t.callback {
            let id = SYSOBJ_CALLBACK as u32;
            rows.push(row(&l, o, SYSOBJ_CALLBACK, id, |b| {
                b.head((o, SYSOBJ_CALLBACK, id), [0, 0, *cbtyp, 0], CALLBACK_NAME)?;
                b.var(fid::TEMPLATE_TABLE_OR_CALLBACK, name.as_bytes())
            })?);
        }
        Ok(rows)
    }

    /// Every row of the catalog, in key order.
    pub fn to_rows(&self) -> JetResult<Vec<CatalogRow>> {
        let mut rows = Vec::new();
        for t in self.tables.values() {
            rows.extend(self.table_rows(t)?);
        }
        rows.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(rows)
    }

    /// Rebuilds a catalog from its rows (any order) for pages of `cb_page` bytes, with the
    /// last object id the database kept (the larger of it and every id found is used).
    /// Anything inconsistent is `JET_errCatalogCorrupted`: a record that does not decode, a key
    /// that is not the row's (ObjidTable, Type, Id), a missing NOT NULL column, an unknown row
    /// type, a column or index before its table, invalid or duplicate names, unknown types,
    /// code pages or flags, sizes that do not match the type, a record offset that is not
    /// where the fixed columns put it, key columns that do not exist, a missing template.
    pub fn from_rows<'a>(
        cb_page: u32,
        objid_last: u32,
        rows: impl IntoIterator<Item = (&'a [u8], &'a [u8])>,
    ) -> JetResult<Catalog> {
        let l = msysobjects_layout(cb_page);
        let mut parsed = Vec::new();
        for (key, rec) in rows {
            let v = RecordView::new(rec, &l).map_err(|_| JetError(JET_errCatalogCorrupted))?;
            let p = Parsed::read(&v)?;
            if key != catalog_key(p.objid_table, p.sysobj, p.id).as_slice() {
                return corrupt();
            }
            parsed.push(p);
        }
        parsed.sort_by_key(|p| (p.objid_table, p.sysobj, p.id));
        if parsed
            .windows(2)
            .any(|w| (w[0].objid_table, w[0].sysobj, w[0].id) == (w[1].objid_table, w[1].sysobj, w[1].id))
        {
            return corrupt();
        }
        let mut cat = Catalog::new(cb_page);
        let mut offsets = Offsets::new();
        let mut max_objid = objid_last.max(OBJID_SYSTEM_LAST);
        let mut i = 0;
        while i < parsed.len() {
            let p = &parsed[i];
            if p.sysobj != SYSOBJ_TABLE || p.id != p.objid_table || p.objid_table <= OBJID_SYSTEM_LAST {
                return corrupt();
            }
            let mut t = p.table()?;
            let mut j = i + 1;
            while j < parsed.len() && parsed[j].objid_table == t.objid {
                let q = &parsed[j];
                match q.sysobj {
                    SYSOBJ_COLUMN => q.column(&mut t, &mut offsets)?,
                    SYSOBJ_INDEX => q.index(&mut t)?,
                    SYSOBJ_LONG_VALUE => {
                        if t.lv_objid.is_some() || q.name != LV_ROOT_NAME || q.id <= t.objid {
                            return corrupt();
                        }
                        t.lv_objid = Some(q.id);
                        t.lv_pgno_fdp = q.coltyp_pgno;
                    }
                    SYSOBJ_CALLBACK => {
                        let name = q.template_or_callback.clone().filter(|_| q.id == SYSOBJ_CALLBACK as u32);
                        let Some(name) = name else { return corrupt() };
                        t.callback = Some((q.flags, name));
                    }
                    _ => return corrupt(),
                }
                if q.sysobj == SYSOBJ_INDEX || q.sysobj == SYSOBJ_LONG_VALUE {
                    max_objid = max_objid.max(q.id);
                }
                j += 1;
            }
            max_objid = max_objid.max(t.objid);
            if cat.table(&t.name).is_some() {
                return corrupt();
            }
            cat.tables.insert(name_key(&t.name), Arc::new(t));
            i = j;
        }
        cat.objid_last = max_objid;
        cat.check_loaded(&offsets)?;
        Ok(cat)
    }

    /// The checks that need every table: templates, id counters, record offsets, key columns.
    fn check_loaded(&mut self, offsets: &Offsets) -> JetResult<()> {
        // Templates first: a derived table's counters continue the template's.
        let mut names: Vec<(bool, String)> =
            self.tables.iter().map(|(k, t)| (t.is_derived(), k.clone())).collect();
        names.sort();
        for (_, k) in names {
            let mut t = (*self.tables[&k]).clone();
            let template = match &t.template {
                Some(n) => match self.table(n) {
                    Some(tt) if tt.is_template() && !tt.is_derived() => Some(tt.clone()),
                    _ => return corrupt(),
                },
                None => None,
            };
            let first_fixed = template.as_ref().map_or(0, |tt| tt.fid_fixed_last);
            let first_var = template.as_ref().map_or(FID_VAR_NONE, |tt| tt.fid_var_last);
            let (mut fixed, mut var, mut tagged) = (first_fixed, first_var, FID_TAGGED_NONE);
            for f in t.columns.iter().map(|c| c.fid).chain(t.deleted.iter().map(|d| d.fid)) {
                // A derived table's own fixed and variable ids come after the template's.
                let (slot, floor) = match ColumnClass::of_fid(f) {
                    Some(ColumnClass::Fixed) => (&mut fixed, first_fixed),
                    Some(ColumnClass::Variable) => (&mut var, first_var),
                    _ => (&mut tagged, FID_TAGGED_NONE),
                };
                if f <= floor {
                    return corrupt();
                }
                *slot = (*slot).max(f);
            }
            t.fid_fixed_last = fixed;
            t.fid_var_last = var;
            t.fid_tagged_last = tagged;
            self.tables.insert(k.clone(), Arc::new(t));
        }
        for t in self.tables.values() {
            for &(f, off) in offsets.get(&t.objid).map_or(&[][..], |v| v.as_slice()) {
                if off != self.record_offset(t, f) {
                    return corrupt();
                }
            }
            for ix in &t.indexes {
                let ids =
                    ix.segments.iter().map(|s| s.columnid).chain(ix.conditional.iter().map(|c| c.columnid));
                for id in ids {
                    if self.column_by_id(t, id).is_none() {
                        return corrupt();
                    }
                }
            }
            self.record_layout(t).map_err(|_| JetError(JET_errCatalogCorrupted))?;
            // The DDL keeps every fixed column settable with the primary key's size.
            if self.ib_end_fixed(t) > self.cb_record_most(t) {
                return corrupt();
            }
        }
        Ok(())
    }
}

/// The RecordOffset of each fixed column read, by table object id (checked once every table
/// is known, since a derived table's offsets follow its template's columns).
type Offsets = std::collections::HashMap<u32, Vec<(u16, u16)>>;

/// One decoded row.
struct Parsed {
    objid_table: u32,
    sysobj: u16,
    id: u32,
    coltyp_pgno: u32,
    space: u32,
    flags: u32,
    pages: u32,
    root: bool,
    record_offset: Option<u16>,
    lcmap: Option<u32>,
    key_most: Option<u16>,
    name: String,
    template_or_callback: Option<String>,
    default: Option<Vec<u8>>,
    key_fld_ids: Vec<u8>,
    var_seg_mac: Option<u16>,
    conditional: Vec<u8>,
    tuple_limits: Option<Vec<u8>>,
    version: Option<Vec<u8>>,
    callback_data: Vec<u8>,
    callback_deps: Vec<u8>,
    locale: Vec<u8>,
}

fn fixed_bytes<'a>(v: &RecordView<'a>, f: u16) -> Option<&'a [u8]> {
    match v.fixed(f) {
        ColumnRead::Value(b) => Some(b),
        _ => None,
    }
}

fn var_bytes<'a>(v: &RecordView<'a>, f: u16) -> Option<&'a [u8]> {
    match v.var(f) {
        ColumnRead::Value(b) => Some(b),
        _ => None,
    }
}

fn tagged_bytes(v: &RecordView<'_>, f: u16) -> JetResult<Vec<u8>> {
    match v.tagged(TaggedId::new(f), 1) {
        TaggedRead::Value(r) if !r.separated && !r.compressed => Ok(r.data.to_vec()),
        TaggedRead::Value(_) => corrupt(),
        _ => Ok(Vec::new()),
    }
}

fn le32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn text(b: &[u8]) -> JetResult<String> {
    match std::str::from_utf8(b) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => corrupt(),
    }
}

fn checked_name(b: &[u8]) -> JetResult<String> {
    let s = text(b)?;
    match check_name(&s) {
        Ok(n) if n == s => Ok(s),
        _ => corrupt(),
    }
}

impl Parsed {
    fn read(v: &RecordView<'_>) -> JetResult<Parsed> {
        let need = |f: u16| fixed_bytes(v, f).map(le32).map_or_else(corrupt, Ok);
        let sysobj = match fixed_bytes(v, fid::TYPE) {
            Some(b) => u16::from_le_bytes([b[0], b[1]]),
            None => return corrupt(),
        };
        let Some(name) = var_bytes(v, fid::NAME) else { return corrupt() };
        let opt_var = |f: u16| var_bytes(v, f).map(|b| b.to_vec());
        Ok(Parsed {
            objid_table: need(fid::OBJID_TABLE)?,
            sysobj,
            id: need(fid::ID)?,
            coltyp_pgno: need(fid::COLTYP_OR_PGNO_FDP)?,
            space: need(fid::SPACE_USAGE)?,
            flags: need(fid::FLAGS)?,
            pages: need(fid::PAGES_OR_LOCALE)?,
            root: fixed_bytes(v, fid::ROOT_FLAG).is_some_and(|b| b[0] != 0),
            record_offset: fixed_bytes(v, fid::RECORD_OFFSET).map(|b| u16::from_le_bytes([b[0], b[1]])),
            lcmap: fixed_bytes(v, fid::LCMAP_FLAGS).map(le32),
            key_most: fixed_bytes(v, fid::KEY_MOST).map(|b| u16::from_le_bytes([b[0], b[1]])),
            name: text(name)?,
            template_or_callback: match var_bytes(v, fid::TEMPLATE_TABLE_OR_CALLBACK) {
                Some(b) => Some(text(b)?),
                None => None,
            },
            default: opt_var(fid::DEFAULT_VALUE),
            key_fld_ids: opt_var(fid::KEY_FLD_IDS).unwrap_or_default(),
            var_seg_mac: match var_bytes(v, fid::VAR_SEG_MAC) {
                Some([a, b]) => Some(u16::from_le_bytes([*a, *b])),
                Some(_) => return corrupt(),
                None => None,
            },
            conditional: opt_var(fid::CONDITIONAL_COLUMNS).unwrap_or_default(),
            tuple_limits: opt_var(fid::TUPLE_LIMITS),
            version: opt_var(fid::VERSION),
            callback_data: tagged_bytes(v, fid::CALLBACK_DATA)?,
            callback_deps: tagged_bytes(v, fid::CALLBACK_DEPENDENCIES)?,
            locale: tagged_bytes(v, fid::LOCALE_NAME)?,
        })
    }

    fn table(&self) -> JetResult<TableDef> {
        let known = JET_bitObjectTableFixedDDL
            | JET_bitObjectTableTemplate
            | JET_bitObjectTableDerived
            | JET_bitObjectSystemDynamic;
        let template = match &self.template_or_callback {
            Some(n) => Some(checked_name(n.as_bytes())?),
            None => None,
        };
        if !self.root
            || self.flags & !known != 0
            || !(DENSITY_MIN..=DENSITY_MAX).contains(&self.space)
            || (self.flags & JET_bitObjectTableDerived != 0) != template.is_some()
        {
            return corrupt();
        }
        Ok(TableDef {
            name: checked_name(self.name.as_bytes())?,
            objid: self.objid_table,
            pgno_fdp: self.coltyp_pgno,
            pages: self.pages,
            density: self.space,
            flags: self.flags,
            template,
            columns: Vec::new(),
            deleted: Vec::new(),
            indexes: Vec::new(),
            fid_fixed_last: 0,
            fid_var_last: FID_VAR_NONE,
            fid_tagged_last: FID_TAGGED_NONE,
            lv_objid: None,
            lv_pgno_fdp: 0,
            callback: None,
        })
    }

    fn column(&self, t: &mut TableDef, offsets: &mut Offsets) -> JetResult<()> {
        let Ok(f) = u16::try_from(self.id) else { return corrupt() };
        let Some(class) = ColumnClass::of_fid(f) else { return corrupt() };
        if self.root || (class == ColumnClass::Fixed) != self.record_offset.is_some() {
            return corrupt();
        }
        if let Some(off) = self.record_offset {
            offsets.entry(t.objid).or_default().push((f, off));
        }
        if self.coltyp_pgno == 0 {
            // A deleted column's stub.
            if self.name != format!("{STUB_PREFIX}{}_{f}", t.objid)
                || (class != ColumnClass::Tagged && self.space > 255)
            {
                return corrupt();
            }
            t.deleted.push(DeletedColumn { fid: f, cb_max: self.space });
            return Ok(());
        }
        let coltype = ColType::from_u32(self.coltyp_pgno).map_err(|_| JetError(JET_errCatalogCorrupted))?;
        let name = checked_name(self.name.as_bytes())?;
        let known = FFIELD_GRBIT.iter().fold(
            ffield::DEFAULT | ffield::TEMPLATE_COLUMN_ESE98 | ffield::PRIMARY_INDEX_PLACEHOLDER,
            |a, b| a | b.0,
        );
        let cp_ok = match coltype.is_text() {
            true => self.pages == CP_ANSI as u32 || self.pages == CP_UNICODE as u32,
            false => self.pages == 0,
        };
        let size_ok = match (coltype.fixed_size(), class) {
            (Some(n), _) => self.space == n,
            (None, ColumnClass::Tagged) => coltype.is_long_value() || (1..=255).contains(&self.space),
            (None, _) => !coltype.is_long_value() && (1..=255).contains(&self.space),
        };
        if self.flags & !known != 0 || !cp_ok || !size_ok || !coltype.allows_class(class) {
            return corrupt();
        }
        let grbit = FFIELD_GRBIT.iter().filter(|(b, _)| self.flags & b != 0).fold(0, |g, (_, j)| g | j);
        let udd = if grbit & JET_bitColumnUserDefinedDefault != 0 {
            let Some(callback) = self.template_or_callback.clone() else { return corrupt() };
            let mut dependencies = Vec::new();
            if !self.callback_deps.is_empty() {
                let d = &self.callback_deps;
                if d.len() < 2 || d[d.len() - 1] != 0 || d[d.len() - 2] != 0 {
                    return corrupt();
                }
                for part in d[..d.len() - 2].split(|&b| b == 0) {
                    dependencies.push(text(part)?);
                }
            }
            Some(UserDefinedDefault { callback, user_data: self.callback_data.clone(), dependencies })
        } else {
            None
        };
        let has_default = self.flags & ffield::DEFAULT != 0;
        if udd.is_none() && has_default != self.default.is_some() || udd.is_some() && self.default.is_some() {
            return corrupt();
        }
        if t.column(&name).is_some() {
            return corrupt();
        }
        t.columns.push(ColumnDef {
            name,
            fid: f,
            coltype,
            cb_max: self.space,
            cp: self.pages as u16,
            grbit,
            default: self.default.clone(),
            user_defined_default: udd,
        });
        Ok(())
    }

    fn index(&self, t: &mut TableDef) -> JetResult<()> {
        let (b, x) = (self.flags & 0xFFFF, self.flags >> 16);
        let cb_key_most = self.key_most.unwrap_or(JET_cbKeyMost_OLD as u16);
        let cb_var_seg_mac = self.var_seg_mac.unwrap_or(cb_key_most);
        let primary = b & fidb::PRIMARY != 0;
        if self.root
            || b & !fidb::KNOWN != 0
            || x & !fidb::X_KNOWN != 0
            || x & fidb::X_EXTENDED_COLUMNS == 0
            || self.key_fld_ids.is_empty()
            || !self.key_fld_ids.len().is_multiple_of(4)
            || self.key_fld_ids.len() > 4 * JET_ccolKeyMost as usize
            || !self.conditional.len().is_multiple_of(4)
            || self.conditional.len() > 4 * JET_ccolKeyMost as usize
            || !(JET_cbKeyMostMin..=JET_cbKeyMostMost).contains(&(cb_key_most as u32))
            || cb_var_seg_mac == 0
            || cb_var_seg_mac > cb_key_most
            || primary != (self.id == t.objid)
            || (!primary && self.id <= t.objid)
            || !(DENSITY_MIN..=DENSITY_MAX).contains(&self.space)
            || (b & fidb::LOCALIZED_TEXT != 0) != self.version.is_some()
        {
            return corrupt();
        }
        let seg = |s: &[u8]| {
            (
                u16::from_le_bytes([s[2], s[3]]) as u32
                    | if s[0] & IDXSEG_TEMPLATE != 0 { COLUMNID_TEMPLATE } else { 0 },
                s[0],
            )
        };
        let mut segments = Vec::new();
        for s in self.key_fld_ids.chunks(4) {
            let (columnid, f) = seg(s);
            if f & !(IDXSEG_TEMPLATE | IDXSEG_DESCENDING) != 0 || s[1] != 0 {
                return corrupt();
            }
            segments.push(IndexSegment { columnid, descending: f & IDXSEG_DESCENDING != 0 });
        }
        let mut conditional = Vec::new();
        for s in self.conditional.chunks(4) {
            let (columnid, f) = seg(s);
            if f & !(IDXSEG_TEMPLATE | IDXSEG_MUST_BE_NULL) != 0 || s[1] != 0 {
                return corrupt();
            }
            conditional.push(ConditionalColumn { columnid, must_be_null: f & IDXSEG_MUST_BE_NULL != 0 });
        }
        let tuple_limits = match &self.tuple_limits {
            Some(v) if v.len() == 20 => Some(TupleLimits {
                len_min: le32(&v[0..]),
                len_max: le32(&v[4..]),
                to_index_max: le32(&v[8..]),
                increment: le32(&v[12..]),
                start: le32(&v[16..]),
            }),
            Some(_) => return corrupt(),
            None => None,
        };
        if !self.locale.len().is_multiple_of(2) {
            return corrupt();
        }
        let units: Vec<u16> = self.locale.chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        let Ok(locale) = String::from_utf16(&units) else { return corrupt() };
        let grbit = index_grbit(self.flags, cb_key_most, tuple_limits.is_some());
        let name = checked_name(self.name.as_bytes())?;
        if t.index(&name).is_some() || (primary && !t.indexes.is_empty()) {
            return corrupt();
        }
        let Some(lcmap_flags) = self.lcmap else { return corrupt() };
        t.indexes.push(IndexDef {
            name,
            objid: self.id,
            pgno_fdp: self.coltyp_pgno,
            density: self.space,
            grbit,
            segments,
            conditional,
            cb_key_most,
            cb_var_seg_mac,
            locale,
            lcmap_flags,
            locale_set: b & fidb::LOCALE_SET != 0,
            multivalued: b & fidb::MULTIVALUED != 0,
            template_index: b & fidb::TEMPLATE_INDEX != 0,
            derived_index: b & fidb::DERIVED_INDEX != 0,
            tuple_limits,
            collation_version: match &self.version {
                Some(v) => Some(text(v)?),
                None => None,
            },
        });
        Ok(())
    }
}
