//! The schema of one database: tables, their columns and indexes, as pure data with ESE's DDL
//! rules (`data-ddl` §1.2, §2, §5-§7) and ESE's catalog row shape (MSysObjects, §5.1).
//!
//! A [`Catalog`] is immutable. Every DDL operation (`create_table`, `add_column`,
//! `create_index`, ...; see [`ddl`]) checks the reference's rules in the reference's order and
//! returns either a **new** `Arc<Catalog>` or the ESE error code; readers keep the `Arc` they
//! hold (copy-on-write: the tables an operation does not touch are shared, not copied). The
//! layer above swaps the database's current `Arc` when the DDL commits and keeps the old one
//! to restore on rollback.
//!
//! Persistence ([`rows`]): every table, column, index, LV tree and callback is one row of
//! MSysObjects, encoded with ESE's record layout ([`crate::engine::record`]) and keyed by ESE's
//! primary index of MSysObjects (ObjidTable, Type, Id) normalized by [`crate::engine::key`];
//! [`Catalog::from_rows`] rebuilds the catalog and refuses malformed rows with
//! `JET_errCatalogCorrupted`.
//!
//! What stays with the layers above: handles, sessions, cursors and their locks (the
//! `exclusive` / `permit_ddl` / `table_empty` facts come in as a [`DdlCursor`]), transactions,
//! the temporary database and read-only attachments.

pub mod ddl;
pub mod keystr;
pub mod name;
pub mod rows;
#[cfg(test)]
mod tests;

pub use ddl::*;
pub use keystr::{KeySegmentSpec, key_from_utf16, parse_key};
pub use name::{CCH_NAME_MOST, check_name, name_from_bytes, name_from_utf16, name_key, names_equal};
pub use rows::{CatalogRow, catalog_key, msysobjects_layout, table_key_range};

use crate::abi::consts::*;
use crate::engine::coltype::{ColType, ColumnClass, FID_TAGGED_FIRST, FID_VAR_FIRST};
use crate::engine::error::JetResult;
use crate::engine::key::{KeyDef, SegmentDef, UnicodeCollation};
use crate::engine::record::{FixedColumn, Record, RecordLayout, TaggedId, TaggedSlot, TaggedValue};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The template bit of a column id (`fCOLUMNIDTemplate`, daedef.hxx:716-748): the column
/// belongs to a template table (seen from the template or from a derived table).
pub const COLUMNID_TEMPLATE: u32 = 0x8000_0000;

/// Object ids below this belong to ESE's own system trees (the database root 1, MSysObjects
/// 2, its shadow 3 and its two secondary indexes 4 and 5, cat.hxx); user objects start above.
pub const OBJID_SYSTEM_LAST: u32 = 5;

/// Table density: 0 means this default; otherwise 20..=100 percent (daeconst.hxx:83-85).
pub const DENSITY_DEFAULT: u32 = 80;
pub const DENSITY_MIN: u32 = 20;
pub const DENSITY_MAX: u32 = 100;

/// The JET_bitColumn* bits a column keeps (and JetGetColumnInfo reports besides its class):
/// everything else (Fixed/Tagged, which the column id says; Unversioned, MaybeNull, Updatable,
/// TTKey, TTDescending, Variable) is not part of the stored definition (`data-ddl` §8.3).
pub const COLUMN_GRBIT_KEPT: u32 = JET_bitColumnNotNULL
    | JET_bitColumnVersion
    | JET_bitColumnAutoincrement
    | JET_bitColumnMultiValued
    | JET_bitColumnEscrowUpdate
    | JET_bitColumnFinalize
    | JET_bitColumnDeleteOnZero
    | JET_bitColumnUserDefinedDefault
    | JET_bitColumnCompressed
    | JET_bitColumnEncrypted;

/// A column computed by a callback (`JET_bitColumnUserDefinedDefault`, JET_USERDEFINEDDEFAULT).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserDefinedDefault {
    /// `szCallback`: the callback's name, as given.
    pub callback: String,
    /// `pbUserData`/`cbUserData`.
    pub user_data: Vec<u8>,
    /// `szDependantColumns`: the names of the columns the value depends on.
    pub dependencies: Vec<String>,
}

/// A live column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnDef {
    pub name: String,
    /// The field id (1..=65248), without the template bit; see [`TableDef::api_columnid`].
    pub fid: u16,
    pub coltype: ColType,
    /// The stored maximum length (the type's size for fixed-size types, `data-ddl` §2.2).
    pub cb_max: u32,
    /// 1252 or 1200 for text, 0 for every other type.
    pub cp: u16,
    /// The kept JET_bitColumn* bits ([`COLUMN_GRBIT_KEPT`]).
    pub grbit: u32,
    /// The default value (never empty); `None` for a user-defined default.
    pub default: Option<Vec<u8>>,
    pub user_defined_default: Option<UserDefinedDefault>,
}

impl ColumnDef {
    pub fn class(&self) -> ColumnClass {
        ColumnClass::of_fid(self.fid).unwrap_or(ColumnClass::Tagged)
    }

    /// The grbit JetGetColumnInfo reports (without `JET_bitColumnUpdatable`, which depends on
    /// the cursor): the kept bits plus Fixed or Tagged from the class (`data-ddl` §8.3).
    pub fn info_grbit(&self) -> u32 {
        self.grbit
            | match self.class() {
                ColumnClass::Fixed => JET_bitColumnFixed,
                ColumnClass::Variable => 0,
                ColumnClass::Tagged => JET_bitColumnTagged,
            }
    }

    pub fn has(&self, bit: u32) -> bool {
        self.grbit & bit != 0
    }
}

/// A deleted column: its id stays used (ids are never reused, `data-ddl` §2.4) and a fixed
/// column keeps its slot in every record. Persisted as ESE's stub row ("JetStub_<objid>_<fid>"
/// with column type Nil, cat.cxx:3600-3640).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeletedColumn {
    pub fid: u16,
    /// The size of the slot (fixed columns); the former `cbMax` otherwise.
    pub cb_max: u32,
}

/// One key segment of an index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexSegment {
    /// The column id as the API sees it (with [`COLUMNID_TEMPLATE`] for a template column).
    pub columnid: u32,
    pub descending: bool,
}

/// A conditional column of an index (JET_CONDITIONALCOLUMN).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConditionalColumn {
    pub columnid: u32,
    /// `JET_bitIndexColumnMustBeNull`; otherwise MustBeNonNull.
    pub must_be_null: bool,
}

/// The substring limits of a tuple index (JET_TUPLELIMITS, as stored: LE_TUPLELIMITS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TupleLimits {
    pub len_min: u32,
    pub len_max: u32,
    pub to_index_max: u32,
    pub increment: u32,
    /// `ichStart`; the caller's `u32::MAX` (-1) means 0.
    pub start: u32,
}

/// ESE's defaults (`JET_paramIndexTuples*`, idb.hxx cchIDXTuples*Default). A trait impl rather
/// than an associated const, which cbindgen would put into the header.
impl Default for TupleLimits {
    fn default() -> TupleLimits {
        TupleLimits { len_min: 3, len_max: 10, to_index_max: 0x7FFF, increment: 1, start: 0 }
    }
}

/// A secondary or primary index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexDef {
    pub name: String,
    /// The index's tree; a primary index has the table's object id (cat.cxx:2725-2728).
    pub objid: u32,
    pub pgno_fdp: u32,
    pub density: u32,
    /// The JET_bitIndex* grbit as JetGetIndexInfo reports it (IDB::GrbitFromFlags,
    /// fcreate.cxx:9649-9705): Primary, Unique (also for primary), Tuples, CrossProduct,
    /// NestedTable, DotNetGuid, DisallowTruncation, DisallowNull or the Ignore*Null bits each
    /// implied bit included (IgnoreAnyNull ⇒ IgnoreFirstNull ⇒ IgnoreNull), SortNullsHigh
    /// (never with DisallowNull), KeyMost when `cb_key_most` > 255; and the private
    /// OptionallyUnique bit when it was asked for.
    pub grbit: u32,
    pub segments: Vec<IndexSegment>,
    pub conditional: Vec<ConditionalColumn>,
    pub cb_key_most: u16,
    pub cb_var_seg_mac: u16,
    /// The locale of Unicode text segments ("" = root) and its LCMap flags.
    pub locale: String,
    pub lcmap_flags: u32,
    /// `JET_bitIndexUnicode` was given (fidbLocaleSet).
    pub locale_set: bool,
    /// A key column is multi-valued (fidbMultivalued).
    pub multivalued: bool,
    /// The index of a template table / inherited from one (fidbTemplateIndex / DerivedIndex).
    pub template_index: bool,
    pub derived_index: bool,
    pub tuple_limits: Option<TupleLimits>,
    /// The collation version that built the index's cp-1200 text segments (S-KEY-02), `None`
    /// when no segment is Unicode text (fidbLocalizedText is derived from it).
    pub collation_version: Option<String>,
}

impl IndexDef {
    pub fn is_primary(&self) -> bool {
        self.grbit & JET_bitIndexPrimary != 0
    }
    pub fn is_unique(&self) -> bool {
        self.grbit & JET_bitIndexUnique != 0
    }
}

/// A table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableDef {
    pub name: String,
    pub objid: u32,
    pub pgno_fdp: u32,
    /// The initial size hint in pages (`lPages`, `ulPages`).
    pub pages: u32,
    /// 20..=100 (0 given becomes [`DENSITY_DEFAULT`]).
    pub density: u32,
    /// `JET_bitObjectTable*` / `JET_bitObjectSystem*` flags (JET_OBJECTINFO.flags).
    pub flags: u32,
    /// The template table of a derived table.
    pub template: Option<String>,
    /// Live columns by field id.
    pub columns: Vec<ColumnDef>,
    /// Deleted columns by field id.
    pub deleted: Vec<DeletedColumn>,
    /// Indexes by object id: the primary index, if any, first.
    pub indexes: Vec<IndexDef>,
    /// The last field id given out per class, deleted columns included (a derived table
    /// continues the template's fixed and variable numbering, fcreate.cxx:1218-1231).
    pub fid_fixed_last: u16,
    pub fid_var_last: u16,
    pub fid_tagged_last: u16,
    /// The LV tree's object id, once the table has one.
    pub lv_objid: Option<u32>,
    pub lv_pgno_fdp: u32,
    /// The table callback (a sysobjCallback row; its Id is fixed, so a table has at most one):
    /// (JET_CBTYP, callback name).
    pub callback: Option<(u32, String)>,
}

impl TableDef {
    pub fn is_template(&self) -> bool {
        self.flags & JET_bitObjectTableTemplate != 0
    }
    pub fn is_fixed_ddl(&self) -> bool {
        self.flags & JET_bitObjectTableFixedDDL != 0
    }
    pub fn is_derived(&self) -> bool {
        self.template.is_some()
    }

    /// A column of this table (not of its template) by name, case-insensitively.
    pub fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| names_equal(&c.name, name))
    }

    pub fn column_by_fid(&self, fid: u16) -> Option<&ColumnDef> {
        self.columns.binary_search_by_key(&fid, |c| c.fid).ok().map(|i| &self.columns[i])
    }

    /// The column id the API uses for a column of this table: the template bit on every
    /// column of a template table (daedef.hxx:716-748).
    pub fn api_columnid(&self, c: &ColumnDef) -> u32 {
        c.fid as u32 | if self.is_template() { COLUMNID_TEMPLATE } else { 0 }
    }

    pub fn index(&self, name: &str) -> Option<&IndexDef> {
        self.indexes.iter().find(|i| names_equal(&i.name, name))
    }

    /// The primary index; `None` means the table uses the sequential index (`data-ddl` §5.1).
    pub fn primary_index(&self) -> Option<&IndexDef> {
        self.indexes.first().filter(|i| i.is_primary())
    }

    pub fn autoincrement_column(&self) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.has(JET_bitColumnAutoincrement))
    }

    pub fn version_column(&self) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.has(JET_bitColumnVersion))
    }

    /// The size of every fixed slot of this table, deleted ones included, by field id.
    fn own_fixed_sizes(&self) -> impl Iterator<Item = (u16, u32, Option<&ColumnDef>)> + '_ {
        let live = self
            .columns
            .iter()
            .filter(|c| c.class() == ColumnClass::Fixed)
            .map(|c| (c.fid, c.cb_max, Some(c)));
        let dead = self
            .deleted
            .iter()
            .filter(|d| ColumnClass::of_fid(d.fid) == Some(ColumnClass::Fixed))
            .map(|d| (d.fid, d.cb_max, None));
        live.chain(dead)
    }
}

/// A column as a table sees it: its own or its template's.
#[derive(Clone, Copy, Debug)]
pub struct ColumnRef<'a> {
    pub def: &'a ColumnDef,
    /// The table that defines it (the template for an inherited column).
    pub table: &'a TableDef,
}

impl ColumnRef<'_> {
    pub fn columnid(&self) -> u32 {
        self.table.api_columnid(self.def)
    }
    pub fn from_template(&self) -> bool {
        self.table.is_template()
    }
}

/// Instance defaults index creation needs (`JET_paramUnicodeIndexDefault`,
/// `JET_paramIndexTuples*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexDefaults {
    pub locale: String,
    pub lcmap_flags: u32,
    pub tuples: TupleLimits,
}

impl Default for IndexDefaults {
    fn default() -> IndexDefaults {
        IndexDefaults {
            locale: "en-US".to_string(),
            lcmap_flags: crate::engine::key::lcmap::DEFAULT,
            tuples: TupleLimits::default(),
        }
    }
}

/// The schema of one database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    cb_page: u32,
    objid_last: u32,
    /// By [`name_key`].
    tables: BTreeMap<String, Arc<TableDef>>,
}

impl Catalog {
    /// The catalog of a new database with pages of `cb_page` bytes.
    pub fn new(cb_page: u32) -> Catalog {
        Catalog { cb_page, objid_last: OBJID_SYSTEM_LAST, tables: BTreeMap::new() }
    }

    pub fn cb_page(&self) -> u32 {
        self.cb_page
    }

    /// The last object id given out. The database keeps it (ESE keeps it in the root page)
    /// and hands it back to [`Catalog::from_rows`], so ids of deleted objects are not reused.
    pub fn objid_last(&self) -> u32 {
        self.objid_last
    }

    /// The largest `cbKeyMost` an index may ask for on this page size (`data-ddl` §11.1).
    pub fn cb_key_most_for_page(&self) -> u32 {
        match self.cb_page {
            0..=2048 => JET_cbKeyMost2KBytePage,
            2049..=4096 => JET_cbKeyMost4KBytePage,
            _ => JET_cbKeyMost8KBytePage,
        }
    }

    /// A table by name, case-insensitively (`data-ddl` §1.2).
    pub fn table(&self, name: &str) -> Option<&Arc<TableDef>> {
        self.tables.get(&name_key(name))
    }

    pub fn table_by_objid(&self, objid: u32) -> Option<&Arc<TableDef>> {
        self.tables.values().find(|t| t.objid == objid)
    }

    /// This schema with the table of object id `objid` put back as `before`, or removed when
    /// `before` is `None`: the undo of one DDL step on that table.
    pub fn with_table(&self, objid: u32, before: Option<Arc<TableDef>>) -> Arc<Catalog> {
        let mut c = self.clone();
        c.tables.retain(|_, t| t.objid != objid);
        if let Some(t) = before {
            c.tables.insert(name_key(&t.name), t);
        }
        Arc::new(c)
    }

    /// Every table, ordered by name as the catalog's Name index orders them.
    pub fn tables(&self) -> impl Iterator<Item = &Arc<TableDef>> {
        self.tables.values()
    }

    /// The template of a derived table.
    pub fn template_of(&self, t: &TableDef) -> Option<&Arc<TableDef>> {
        t.template.as_deref().and_then(|n| self.table(n))
    }

    /// A column of a table by name: its own, else its template's (`data-ddl` §5.1).
    pub fn find_column<'a>(&'a self, t: &'a TableDef, name: &str) -> Option<ColumnRef<'a>> {
        if let Some(def) = t.column(name) {
            return Some(ColumnRef { def, table: t });
        }
        let tt = self.template_of(t)?;
        tt.column(name).map(|def| ColumnRef { def, table: tt })
    }

    /// A column by its API column id: the template bit selects the template's columns.
    pub fn column_by_id<'a>(&'a self, t: &'a TableDef, columnid: u32) -> Option<ColumnRef<'a>> {
        let (fid, template) = crate::engine::coltype::fid_of_columnid(columnid).ok()?;
        let owner: &TableDef = if template == t.is_template() {
            t
        } else if template {
            self.template_of(t)?
        } else {
            return None;
        };
        owner.column_by_fid(fid).map(|def| ColumnRef { def, table: owner })
    }

    /// Every column a table has: the template's first, then its own, each by field id.
    pub fn columns_of<'a>(&'a self, t: &'a TableDef) -> Vec<ColumnRef<'a>> {
        let mut v = Vec::new();
        if let Some(tt) = self.template_of(t) {
            v.extend(tt.columns.iter().map(|def| ColumnRef { def, table: tt }));
        }
        v.extend(t.columns.iter().map(|def| ColumnRef { def, table: t }));
        v
    }

    /// The fixed slots of a table's records (the template's first for a derived table), by
    /// field id, and where each column's data starts (`RecordOffset`, from 4).
    fn fixed_slots<'a>(&'a self, t: &'a TableDef) -> Vec<(u16, u32, Option<&'a ColumnDef>)> {
        let mut v: Vec<_> = t.own_fixed_sizes().collect();
        if let Some(tt) = self.template_of(t) {
            v.extend(tt.own_fixed_sizes());
        }
        v.sort_by_key(|s| s.0);
        v
    }

    /// The end of the fixed data of a record holding every fixed column (ESE's
    /// `IbEndFixedColumns`): the 4-byte header plus every slot.
    pub fn ib_end_fixed(&self, t: &TableDef) -> usize {
        crate::engine::record::CB_RECORD_HEADER
            + self.fixed_slots(t).iter().map(|s| s.1 as usize).sum::<usize>()
    }

    /// The offset of a fixed column's data in a record (persisted as RecordOffset).
    pub fn record_offset(&self, t: &TableDef, fid: u16) -> u16 {
        let before: u32 = self.fixed_slots(t).iter().filter(|s| s.0 < fid).map(|s| s.1).sum();
        (crate::engine::record::CB_RECORD_HEADER as u32 + before) as u16
    }

    /// The record layout of a table's records (deleted fixed columns keep their slots).
    pub fn record_layout(&self, t: &TableDef) -> JetResult<RecordLayout> {
        let slots = self.fixed_slots(t);
        let fixed = slots
            .iter()
            .map(|(_, size, c)| FixedColumn {
                size: *size as u16,
                coltype: c.map(|c| c.coltype),
                cp: c.map_or(0, |c| c.cp),
            })
            .collect();
        RecordLayout::new(fixed, self.cb_page)
    }

    /// The largest record of a table (REC::CbRecordMost with its primary key size).
    pub fn cb_record_most(&self, t: &TableDef) -> usize {
        let key = t.primary_index().map_or(JET_cbKeyMost, |i| i.cb_key_most as u32);
        crate::engine::record::cb_record_most(self.cb_page, key)
    }

    /// The default record: every column with a default value set to it (ESE's
    /// FILEPrepareDefaultRecord / ErrFILERebuildDefaultRec). Template columns are included.
    pub fn default_record(&self, t: &TableDef) -> JetResult<Record> {
        let layout = self.record_layout(t)?;
        let most = self.cb_record_most(t);
        let mut r = Record::new();
        for c in self.columns_of(t) {
            let Some(d) = &c.def.default else { continue };
            match c.def.class() {
                ColumnClass::Fixed => r.set_fixed(&layout, c.def.fid, Some(d), most)?,
                ColumnClass::Variable => r.set_var(&layout, c.def.fid, Some(d), most)?,
                ColumnClass::Tagged => {
                    let id = TaggedId { fid: c.def.fid, derived: c.from_template() && t.is_derived() };
                    let slot = TaggedSlot { id, itag: 1, long_value: c.def.coltype.is_long_value() };
                    r.set_tagged(&layout, slot, Some(TaggedValue::plain(d)), Default::default(), most)?
                }
            }
        }
        Ok(r)
    }

    /// What key normalization needs of an index ([`crate::engine::key::KeyDef`]): each
    /// segment's column type, code page, direction and class, the key sizes, the grbits that
    /// change keys, and the index's collation for cp-1200 text (built here: cache the result
    /// per index). A segment whose column is gone is `JET_errColumnNotFound`.
    pub fn key_def(&self, t: &TableDef, ix: &IndexDef) -> JetResult<KeyDef> {
        let mut segments = Vec::with_capacity(ix.segments.len());
        for s in &ix.segments {
            let Some(c) = self.column_by_id(t, s.columnid) else {
                return crate::engine::error::fail(JET_errColumnNotFound);
            };
            segments.push(SegmentDef {
                coltype: c.def.coltype,
                cp: c.def.cp,
                descending: s.descending,
                fixed: c.def.class() == ColumnClass::Fixed,
                cb_fixed: c.def.cb_max as usize,
            });
        }
        let collation = match &ix.collation_version {
            Some(_) => Some(Arc::new(UnicodeCollation::new(&ix.locale, ix.lcmap_flags)?)),
            None => None,
        };
        Ok(KeyDef {
            segments,
            cb_key_most: ix.cb_key_most as usize,
            cb_var_seg_mac: ix.cb_var_seg_mac as usize,
            sort_nulls_high: ix.grbit & JET_bitIndexSortNullsHigh != 0,
            dot_net_guid: ix.grbit & JET_bitIndexDotNetGuid != 0,
            disallow_truncation: ix.grbit & JET_bitIndexDisallowTruncation != 0,
            collation,
        })
    }

    // Internal constructors used by ddl.rs and rows.rs.

    fn with_tables(&self, tables: BTreeMap<String, Arc<TableDef>>, objid_last: u32) -> Arc<Catalog> {
        Arc::new(Catalog { cb_page: self.cb_page, objid_last, tables })
    }

    /// A copy with `t` stored under its name (replacing the table of `old_name`, if given).
    fn put_table(&self, old_name: Option<&str>, t: TableDef, objid_last: u32) -> Arc<Catalog> {
        let mut tables = self.tables.clone();
        if let Some(old) = old_name {
            tables.remove(&name_key(old));
        }
        tables.insert(name_key(&t.name), Arc::new(t));
        self.with_tables(tables, objid_last)
    }
}

/// Index of the first tagged and variable field ids (for the next-id counters).
pub(crate) const FID_TAGGED_NONE: u16 = FID_TAGGED_FIRST - 1;
pub(crate) const FID_VAR_NONE: u16 = FID_VAR_FIRST - 1;
