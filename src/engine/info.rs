//! Catalog information: JetGetTableInfo, JetGetColumnInfo / JetGetTableColumnInfo,
//! JetGetIndexInfo / JetGetTableIndexInfo and JetGetObjectInfo (data-ddl §8.2-§8.5), the
//! struct- and number-valued levels. Each level's `cbMax` rule and code is checked here, in the
//! reference's order; the layer above only writes the answer into the caller's buffer.
//!
//! The levels that return a list as a temporary table (data-ddl §8.1): `JET_ObjInfoList*`,
//! `JET_ColInfoList*` and `JET_IdxInfo` / `JET_IdxInfoList` build it (`engine::temp`'s
//! `list_table`).
//!
//! Statistics (`cRecord`, `cPage`) are 0: ESE reports the figures JetComputeStats last stored,
//! which a table never given statistics has as 0, and libesent keeps none. The space levels are
//! computed from the catalog, because the store does not give pages to trees: a table owns its
//! initial size (`lPages`, at least 1 page), of which all but its root page are available; a
//! table's LV tree owns 1 page once it exists (none available), else 0.

use crate::abi::consts::*;
use crate::engine::catalog::{Catalog, ColumnRef, TableDef, check_name, names_equal};
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::session::{CursorRef, Session};
use std::sync::Arc;

/// The language id ESE reports for columns and indexes: the instance default, en-US.
pub const LANGID_DEFAULT: u16 = 0x409;
/// `wCountry` of JET_COLUMNDEF: always 1.
pub const COUNTRY_DEFAULT: u16 = 1;

/// The info-level flags of JetGetColumnInfo: the top four bits (data-ddl §8.3).
pub const COLINFO_FLAGS: u32 = 0xF000_0000;

/// One table as JET_OBJECTINFO describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObjectInfo {
    pub grbit: u32,
    pub flags: u32,
    pub records: u32,
    pub pages: u32,
}

/// One column as JET_COLUMNDEF / JET_COLUMNBASE describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnInfo {
    pub columnid: u32,
    pub coltyp: u32,
    pub cp: u16,
    pub cb_max: u32,
    pub grbit: u32,
    /// The table that defines the column (the template for an inherited one).
    pub base_table: String,
    pub name: String,
}

/// An answer to write into the caller's buffer; its size was checked against `cbMax`.
#[derive(Clone, Debug, PartialEq)]
pub enum Info {
    /// Host-order 32-bit values, one after the other.
    U32s(Vec<u32>),
    /// A 16-bit value.
    U16(u16),
    /// A NUL-terminated string in the function's encoding.
    Text(String),
    /// A NUL-terminated UTF-16 string in both the A and W functions.
    WideText(String),
    Object(ObjectInfo),
    /// JET_COLUMNDEF.
    Column(ColumnInfo),
    /// JET_COLUMNBASE_A / _W.
    ColumnBase(ColumnInfo),
    /// JET_INDEXID's 16 bytes.
    IndexId([u8; 16]),
    /// A list level's temporary table (data-ddl §8.1): the cursor, its row count and its
    /// columns' ids in the order of the list struct's members.
    List(ListInfo),
}

/// The temporary table a list level returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListInfo {
    /// The struct's size as its cbStruct says (its members after the ids are not written).
    pub cb_struct: u32,
    pub tableid: u64,
    pub count: u32,
    pub columnids: Vec<u32>,
}

/// A text column of a list table: cp 1252 for the A functions, Unicode for the W ones.
fn list_text(wide: bool, key: bool) -> crate::engine::temp::TempColumn {
    crate::engine::temp::TempColumn {
        coltyp: JET_coltypText,
        cb_max: 0,
        cp: if wide { 1200 } else { 1252 },
        grbit: if key { JET_bitColumnTTKey } else { 0 },
    }
}

/// A fixed column of a list table.
fn list_fixed(coltyp: u32) -> crate::engine::temp::TempColumn {
    crate::engine::temp::TempColumn { coltyp, cb_max: 0, cp: 0, grbit: JET_bitColumnFixed }
}

/// A name as a list table's text: cp 1252 bytes (names are ASCII) or UTF-16LE.
fn list_name(name: &str, wide: bool) -> Option<Vec<u8>> {
    Some(if wide {
        name.encode_utf16().flat_map(u16::to_le_bytes).collect()
    } else {
        name.as_bytes().to_vec()
    })
}

/// Where a column-information call finds its table.
pub enum TableArg<'a> {
    /// JetGetTableColumnInfo: the cursor.
    Cursor(CursorRef),
    /// JetGetColumnInfo: the table by name (NULL is `None`).
    Named { dbid: u32, name: Option<&'a str> },
}

/// Which column a column-information call asks for.
#[derive(Clone, Copy)]
pub enum ColumnArg<'a> {
    Name(Option<&'a str>),
    /// The `JET_COLUMNID *` of the ByColid levels (`None`: NULL).
    Id(Option<u32>),
}

/// `JET_errBufferTooSmall` unless `cb >= min`.
fn at_least(cb: u32, min: usize) -> JetResult<()> {
    if (cb as usize) < min { fail(JET_errBufferTooSmall) } else { Ok(()) }
}

/// A table snapshot: the schema it belongs to and the table.
struct Snapshot {
    catalog: Arc<Catalog>,
    table: Arc<TableDef>,
    /// The cursor may update (JetGet*Table*Info only; a by-name call never is).
    updatable: bool,
}

impl Snapshot {
    /// JET_bitTableInfo* of this table.
    fn table_grbit(&self, updatable: bool) -> u32 {
        JET_bitTableInfoBookmark
            | JET_bitTableInfoRollback
            | if updatable { JET_bitTableInfoUpdatable } else { 0 }
    }
}

/// The space figures of a table (see the module comment): (owned, available).
fn table_space(t: &TableDef) -> (u32, u32) {
    let owned = t.pages.max(1);
    (owned, owned - 1)
}

fn lv_space(t: &TableDef) -> (u32, u32) {
    (if t.lv_objid.is_some() { 1 } else { 0 }, 0)
}

impl Session {
    fn snapshot_of_cursor(&mut self, c: CursorRef) -> JetResult<Snapshot> {
        let tc = self.cursor(c).table()?;
        let (db, objid, updatable) = (tc.lock.database().clone(), tc.lock.objid(), tc.updatable);
        let catalog = db.catalog();
        let table = catalog.table_by_objid(objid).cloned().ok_or(JetError(JET_errObjectNotFound))?;
        Ok(Snapshot { catalog, table, updatable })
    }

    /// A table by name for the by-name functions: NULL -1003, an invalid name -1002, a missing
    /// table -1305.
    fn snapshot_by_name(&self, dbid: u32, name: Option<&str>) -> JetResult<Snapshot> {
        let db = self.database(dbid)?;
        let name = check_name(name.ok_or(JetError(JET_errInvalidParameter))?)?;
        let catalog = db.catalog();
        let table = catalog.table(&name).cloned().ok_or(JetError(JET_errObjectNotFound))?;
        Ok(Snapshot { catalog, table, updatable: false })
    }

    /// JetGetTableInfo (data-ddl §8.2). `unit` is the size of one code unit of the function's
    /// strings (1 for A, 2 for W).
    pub fn table_info(&mut self, c: CursorRef, level: u32, cb: u32, unit: usize) -> JetResult<Info> {
        if let crate::engine::cursor::CursorData::Temp(t) = self.cursor(c) {
            return t.table_info(level, cb);
        }
        let s = self.snapshot_of_cursor(c)?;
        let t = &s.table;
        let four = |v: u32| at_least(cb, 4).map(|_| Info::U32s(vec![v]));
        match level {
            JET_TblInfo => {
                at_least(cb, size_of::<crate::abi::JET_OBJECTINFO>())?;
                Ok(Info::Object(ObjectInfo {
                    grbit: s.table_grbit(s.updatable),
                    flags: t.flags,
                    records: 0,
                    pages: 0,
                }))
            }
            JET_TblInfoName => {
                let len = if unit == 1 { t.name.len() } else { t.name.encode_utf16().count() };
                at_least(cb, (len + 1) * unit)?;
                Ok(Info::Text(t.name.clone()))
            }
            JET_TblInfoTemplateTableName => {
                at_least(cb, (JET_cbNameMost as usize + 1) * unit)?;
                Ok(Info::Text(t.template.clone().unwrap_or_default()))
            }
            JET_TblInfoDbid => {
                let tc = self.cursor(c).table()?;
                let dbid = tc.dbid;
                four(dbid)
            }
            JET_TblInfoSpaceAlloc => {
                at_least(cb, 8)?;
                Ok(Info::U32s(vec![t.pages, t.density]))
            }
            JET_TblInfoSpaceUsage => {
                at_least(cb, 8)?;
                let (owned, available) = table_space(t);
                Ok(Info::U32s(vec![owned, available]))
            }
            JET_TblInfoSpaceOwned => four(table_space(t).0),
            JET_TblInfoSpaceAvailable => {
                if cb != 4 {
                    return fail(JET_errInvalidBufferSize);
                }
                four(table_space(t).1)
            }
            JET_TblInfoSpaceOwnedLV => four(lv_space(t).0),
            JET_TblInfoSpaceAvailableLV => four(lv_space(t).1),
            _ => fail(JET_errFeatureNotAvailable),
        }
    }

    /// JetGetColumnInfo / JetGetTableColumnInfo (data-ddl §8.3). `level` includes the flags.
    /// `wide` is the W function (its Base levels need 1052 bytes).
    pub fn column_info(
        &mut self,
        table: TableArg<'_>,
        column: ColumnArg<'_>,
        cb: u32,
        level: u32,
        wide: bool,
        out_present: bool,
    ) -> JetResult<Info> {
        let base_size = if wide {
            size_of::<crate::abi::JET_COLUMNBASE_W>()
        } else {
            size_of::<crate::abi::JET_COLUMNBASE_A>()
        };
        let kind = level & !COLINFO_FLAGS;
        match kind {
            JET_ColInfo | JET_ColInfoByColid => at_least(cb, size_of::<crate::abi::JET_COLUMNDEF>())?,
            JET_ColInfoBase | JET_ColInfoBaseByColid => at_least(cb, base_size)?,
            JET_ColInfoList | JET_ColInfoListCompact | JET_ColInfoListSortColumnid => {
                at_least(cb, size_of::<crate::abi::JET_COLUMNLIST>())?
            }
            JET_ColInfoSysTabCursor => return fail(JET_errFeatureNotAvailable),
            _ => return fail(JET_errInvalidParameter),
        }
        let s = match table {
            TableArg::Cursor(c) => self.snapshot_of_cursor(c)?,
            TableArg::Named { dbid, name } => self.snapshot_by_name(dbid, name)?,
        };
        if matches!(kind, JET_ColInfoList | JET_ColInfoListCompact | JET_ColInfoListSortColumnid) {
            if !out_present {
                return fail(JET_errInvalidParameter);
            }
            let mut flags = level & COLINFO_FLAGS;
            if kind == JET_ColInfoListSortColumnid {
                flags |= JET_ColInfoGrbitSortByColumnid;
            }
            return self.column_list(&s, flags, kind == JET_ColInfoListCompact, wide);
        }
        let found: Option<ColumnRef<'_>> = match column {
            ColumnArg::Name(None) => None,
            ColumnArg::Name(Some("")) => None,
            ColumnArg::Name(Some(n)) => {
                let n = check_name(n)?;
                s.catalog.find_column(&s.table, &n)
            }
            ColumnArg::Id(None) => return fail(JET_errInvalidParameter),
            ColumnArg::Id(Some(id)) => s.catalog.column_by_id(&s.table, id),
        };
        let c = found.ok_or(JetError(JET_errColumnNotFound))?;
        let info = ColumnInfo {
            columnid: c.columnid(),
            coltyp: c.def.coltype.as_u32(),
            cp: c.def.cp,
            cb_max: c.def.cb_max,
            grbit: c.def.info_grbit() | if s.updatable { JET_bitColumnUpdatable } else { 0 },
            base_table: c.table.name.clone(),
            name: c.def.name.clone(),
        };
        Ok(match kind {
            JET_ColInfoBase | JET_ColInfoBaseByColid => Info::ColumnBase(info),
            _ => Info::Column(info),
        })
    }

    /// JetGetObjectInfo (data-ddl §8.5), after the sesid check and the names' conversion.
    #[allow(clippy::too_many_arguments)]
    pub fn object_info(
        &mut self,
        dbid: u32,
        objtyp: u32,
        container: Option<&str>,
        object: Option<&str>,
        cb: u32,
        level: u32,
        wide: bool,
        out_present: bool,
    ) -> JetResult<Info> {
        let db = self.database(dbid)?;
        let list = match level {
            JET_ObjInfo | JET_ObjInfoNoStats => {
                at_least(cb, size_of::<crate::abi::JET_OBJECTINFO>())?;
                false
            }
            JET_ObjInfoList | JET_ObjInfoListNoStats => {
                at_least(cb, size_of::<crate::abi::JET_OBJECTLIST>())?;
                true
            }
            JET_ObjInfoSysTabCursor
            | JET_ObjInfoListACM
            | JET_ObjInfoSysTabReadOnly
            | JET_ObjInfoRulesLoaded => {
                return fail(JET_errFeatureNotAvailable);
            }
            _ => return fail(JET_errInvalidParameter),
        };
        if let Some(c) = container.filter(|c| !c.is_empty()) {
            let c = check_name(c)?;
            if !names_equal(&c, "Tables") {
                return fail(JET_errObjectNotFound);
            }
        }
        let object = match object.filter(|o| !o.is_empty()) {
            Some(o) => Some(check_name(o)?),
            None => None,
        };
        if list {
            if !out_present {
                return fail(JET_errInvalidParameter);
            }
            return self.object_list(&db, objtyp, wide);
        }
        let catalog = db.catalog();
        let t = object.and_then(|o| catalog.table(&o).cloned()).ok_or(JetError(JET_errObjectNotFound))?;
        let updatable = !db.read_only;
        Ok(Info::Object(ObjectInfo {
            grbit: JET_bitTableInfoBookmark
                | JET_bitTableInfoRollback
                | if updatable { JET_bitTableInfoUpdatable } else { 0 },
            flags: t.flags,
            records: 0,
            pages: 0,
        }))
    }
}

impl Session {
    /// JET_ObjInfoList / JET_ObjInfoListNoStats (data-ddl §8.1, info.cxx `ErrInfoGetObjectInfoList`):
    /// one row per table, keyed by (container, name); statistics are 0 (none are kept). An
    /// `objtyp` other than Nil or Table gives an empty list. The columns, in JET_OBJECTLIST's
    /// order: container name, object name, objtyp, dtCreate, dtUpdate (never set), grbit,
    /// flags, cRecord, cPage.
    fn object_list(
        &mut self,
        db: &Arc<crate::engine::database::Database>,
        objtyp: u32,
        wide: bool,
    ) -> JetResult<Info> {
        // ESE's column order (its ids follow from it): names, objtyp, the two dates, cRecord,
        // cPage, grbit, flags.
        let columns = [
            list_text(wide, true),
            list_text(wide, true),
            list_fixed(JET_coltypLong),
            list_fixed(JET_coltypDateTime),
            list_fixed(JET_coltypDateTime),
            list_fixed(JET_coltypLong),
            list_fixed(JET_coltypLong),
            list_fixed(JET_coltypLong),
            list_fixed(JET_coltypLong),
        ];
        let mut rows = Vec::new();
        if objtyp == JET_objtypNil || objtyp == JET_objtypTable {
            let grbit = JET_bitTableInfoBookmark
                | JET_bitTableInfoRollback
                | if db.read_only { 0 } else { JET_bitTableInfoUpdatable };
            let long = |v: u32| Some(v.to_le_bytes().to_vec());
            for t in db.catalog().tables() {
                rows.push(vec![
                    list_name("Tables", wide),
                    list_name(&t.name, wide),
                    long(JET_objtypTable),
                    None,
                    None,
                    long(0),
                    long(0),
                    long(grbit),
                    long(t.flags),
                ]);
            }
        }
        let (tableid, ids, count) = self.list_table(&columns, &rows)?;
        let columnids = vec![ids[0], ids[1], ids[2], ids[3], ids[4], ids[7], ids[8], ids[5], ids[6]];
        Ok(Info::List(ListInfo {
            cb_struct: size_of::<crate::abi::JET_OBJECTLIST>() as u32,
            tableid,
            count,
            columnids,
        }))
    }

    /// JET_ColInfoList, JET_ColInfoListSortColumnid, JET_ColInfoListCompact (data-ddl §8.1,
    /// info.cxx `ErrInfoGetTableColumnInfoList`): one row per column, the template's first
    /// (unless `JET_ColInfoGrbitNonDerivedColumnsOnly`, or compacting), keyed by (presentation
    /// order, name): the presentation order is the column id with
    /// `JET_ColInfoGrbitSortByColumnid`, else NULL, so rows sort by name. With
    /// `JET_ColInfoGrbitMinimalInfo` only the name and id are set. The compact form's columns
    /// are no keys (rows in column order) and its default is Binary. The columns, in
    /// JET_COLUMNLIST's order (the definition name is the name column again).
    fn column_list(&mut self, s: &Snapshot, flags: u32, compact: bool, wide: bool) -> JetResult<Info> {
        let key = !compact;
        let columns = [
            crate::engine::temp::TempColumn {
                grbit: JET_bitColumnFixed | if key { JET_bitColumnTTKey } else { 0 },
                ..list_fixed(JET_coltypLong)
            },
            list_text(wide, key),
            list_fixed(JET_coltypLong),
            list_fixed(JET_coltypLong),
            list_fixed(JET_coltypShort),
            list_fixed(JET_coltypShort),
            list_fixed(JET_coltypShort),
            list_fixed(JET_coltypShort),
            list_fixed(JET_coltypLong),
            list_fixed(JET_coltypLong),
            crate::engine::temp::TempColumn {
                coltyp: if compact { JET_coltypBinary } else { JET_coltypLongBinary },
                cb_max: 0,
                cp: 0,
                grbit: 0,
            },
            list_text(wide, false),
            list_text(wide, false),
        ];
        let minimal = flags & JET_ColInfoGrbitMinimalInfo != 0;
        let by_id = flags & JET_ColInfoGrbitSortByColumnid != 0;
        let own_only = compact || flags & JET_ColInfoGrbitNonDerivedColumnsOnly != 0;
        let long = |v: u32| Some(v.to_le_bytes().to_vec());
        let short = |v: u16| Some(v.to_le_bytes().to_vec());
        let mut rows = Vec::new();
        for c in s.catalog.columns_of(&s.table) {
            if own_only && c.from_template() {
                continue;
            }
            let id = c.columnid();
            let mut row = vec![None; columns.len()];
            if by_id {
                row[0] = long(id);
            }
            row[1] = list_name(&c.def.name, wide);
            row[2] = long(id);
            if !minimal {
                row[3] = long(c.def.coltype.as_u32());
                row[4] = short(COUNTRY_DEFAULT);
                row[5] = short(LANGID_DEFAULT);
                row[6] = short(c.def.cp);
                row[7] = short(0);
                row[8] = long(c.def.cb_max);
                row[9] = long(c.def.info_grbit() | if s.updatable { JET_bitColumnUpdatable } else { 0 });
                row[10] = c.def.default.clone().filter(|d| !d.is_empty());
                // The list names the table it was asked about (info.cxx), also for a
                // template's columns.
                row[11] = list_name(&s.table.name, wide);
                row[12] = list_name(&c.def.name, wide);
            }
            rows.push(row);
        }
        let (tableid, ids, count) = self.list_table(&columns, &rows)?;
        let mut columnids = ids[..13].to_vec();
        columnids.push(ids[1]);
        Ok(Info::List(ListInfo {
            cb_struct: size_of::<crate::abi::JET_COLUMNLIST>() as u32,
            tableid,
            count,
            columnids,
        }))
    }

    /// JET_IdxInfo / JET_IdxInfoList (data-ddl §8.1, info.cxx `ErrINFOGetTableIndexInfo`): one
    /// row per key segment of each index (of the named one only, -1404 if it has none; the
    /// sequential index is never listed), keyed by (index name, segment number). cbStruct is 88
    /// with the LCMapFlags column when the buffer holds the whole JET_INDEXLIST, else 84 without
    /// it. Statistics are 0. `lcid_of` turns a locale name into its LCID (the layer above has
    /// the table).
    fn index_list(
        &mut self,
        s: &Snapshot,
        index: Option<&str>,
        cb: u32,
        wide: bool,
        lcid_of: fn(&str) -> u32,
    ) -> JetResult<IndexInfo> {
        let t = &s.table;
        let indexes: Vec<&crate::engine::catalog::IndexDef> = match index {
            Some(n) => vec![t.index(n).ok_or(JetError(JET_errIndexNotFound))?],
            None => t.indexes.iter().collect(),
        };
        let mut columns = vec![list_text(wide, true)];
        columns.extend(std::iter::repeat_n(list_fixed(JET_coltypLong), 5));
        columns.push(crate::engine::temp::TempColumn {
            grbit: JET_bitColumnFixed | JET_bitColumnTTKey,
            ..list_fixed(JET_coltypLong)
        });
        columns.extend([list_fixed(JET_coltypLong), list_fixed(JET_coltypLong)]);
        columns.extend(std::iter::repeat_n(list_fixed(JET_coltypShort), 4));
        columns.push(list_fixed(JET_coltypLong));
        columns.push(list_text(wide, false));
        columns.push(list_fixed(JET_coltypLong));
        let long = |v: u32| Some(v.to_le_bytes().to_vec());
        let short = |v: u16| Some(v.to_le_bytes().to_vec());
        let mut rows = Vec::new();
        for ix in indexes {
            let grbit = ix.grbit | if ix.locale_set { JET_bitIndexUnicode } else { 0 };
            let langid = (lcid_of(&ix.locale) & 0xFFFF) as u16;
            for (i, seg) in ix.segments.iter().enumerate() {
                let c = s.catalog.column_by_id(t, seg.columnid).ok_or(JetError(JET_errColumnNotFound))?;
                rows.push(vec![
                    list_name(&ix.name, wide),
                    long(grbit),
                    long(0),
                    long(0),
                    long(0),
                    long(ix.segments.len() as u32),
                    long(i as u32),
                    long(seg.columnid),
                    long(c.def.coltype.as_u32()),
                    short(COUNTRY_DEFAULT),
                    short(langid),
                    short(c.def.cp),
                    short(0),
                    long(if seg.descending { JET_bitKeyDescending } else { JET_bitKeyAscending }),
                    list_name(&c.def.name, wide),
                    long(ix.lcmap_flags),
                ]);
            }
        }
        let (tableid, ids, count) = self.list_table(&columns, &rows)?;
        let full = cb as usize >= size_of::<crate::abi::JET_INDEXLIST>();
        let columnids = if full { ids } else { ids[..15].to_vec() };
        let cb_struct = if full { 88 } else { 84 };
        Ok(IndexInfo::Plain(Info::List(ListInfo { cb_struct, tableid, count, columnids })))
    }
}

/// An index as a JET_INDEXCREATE / 2 / 3 that recreates it (data-ddl §8.4).
#[derive(Clone, Debug, PartialEq)]
pub struct IndexCreateInfo {
    /// 1, 2 or 3: JET_INDEXCREATE, JET_INDEXCREATE2, JET_INDEXCREATE3.
    pub version: u8,
    pub name: String,
    /// The key segments: column name, descending.
    pub key: Vec<(String, bool)>,
    /// The stored grbit, with `JET_bitIndexUnicode` when the index has its own locale and
    /// `JET_bitIndexTupleLimits` when it is a tuple index.
    pub grbit: u32,
    pub density: u32,
    pub locale: String,
    pub lcmap_flags: u32,
    pub cb_var_seg_mac: u32,
    pub tuple_limits: Option<crate::engine::catalog::TupleLimits>,
    /// Conditional columns: name, JET_bitIndexColumnMustBeNull / MustBeNonNull.
    pub conditional: Vec<(String, u32)>,
    pub cb_key_most: u32,
    /// The page size (the space hints' `cbInitial`: one page).
    pub cb_page: u32,
}

/// An answer of the index levels.
#[derive(Clone, Debug, PartialEq)]
pub enum IndexInfo {
    Plain(Info),
    /// The index's locale, for the LCID level (the layer above knows LCIDs), with `cbMax`.
    Lcid(String),
    Create(IndexCreateInfo),
}

impl Session {
    /// JetGetIndexInfo / JetGetTableIndexInfo (data-ddl §8.4).
    #[allow(clippy::too_many_arguments)]
    pub fn index_info(
        &mut self,
        table: TableArg<'_>,
        index: Option<&str>,
        cb: u32,
        level: u32,
        wide: bool,
        out_present: bool,
        lcid_of: fn(&str) -> u32,
    ) -> JetResult<IndexInfo> {
        use crate::abi::{JET_INDEXCREATE_A, JET_INDEXCREATE2_A, JET_INDEXCREATE3_A, JET_INDEXID};
        let min = match level {
            JET_IdxInfo | JET_IdxInfoList => size_of::<crate::abi::JET_INDEXLIST>() - 4,
            JET_IdxInfoSpaceAlloc | JET_IdxInfoCount | JET_IdxInfoSpaceOwned | JET_IdxInfoSpaceAvailable => 4,
            JET_IdxInfoLCID | JET_IdxInfoVarSegMac | JET_IdxInfoKeyMost => 2,
            JET_IdxInfoIndexId => size_of::<JET_INDEXID>(),
            JET_IdxInfoCreateIndex => size_of::<JET_INDEXCREATE_A>(),
            JET_IdxInfoCreateIndex2 => size_of::<JET_INDEXCREATE2_A>(),
            JET_IdxInfoCreateIndex3 => size_of::<JET_INDEXCREATE3_A>(),
            JET_IdxInfoLocaleName => 85 * 2,
            JET_IdxInfoSysTabCursor | JET_IdxInfoOLC | JET_IdxInfoResetOLC => {
                return fail(JET_errFeatureNotAvailable);
            }
            _ => return fail(JET_errInvalidParameter),
        };
        at_least(cb, min)?;
        let s = match table {
            TableArg::Cursor(c) => self.snapshot_of_cursor(c)?,
            TableArg::Named { dbid, name } => self.snapshot_by_name(dbid, name)?,
        };
        let index = match index.filter(|n| !n.is_empty()) {
            Some(n) => Some(check_name(n)?),
            None => None,
        };
        let t = &s.table;
        match level {
            JET_IdxInfo | JET_IdxInfoList => {
                if !out_present {
                    return fail(JET_errInvalidParameter);
                }
                return self.index_list(&s, index.as_deref(), cb, wide, lcid_of);
            }
            JET_IdxInfoCount => {
                let secondary = t.indexes.iter().filter(|i| !i.is_primary()).count() as u32;
                return Ok(IndexInfo::Plain(Info::U32s(vec![1 + secondary])));
            }
            _ => {}
        }
        // NULL or "" names the clustered index: the primary one (the sequential index has no
        // definition to describe).
        let ix = match &index {
            Some(n) => t.index(n),
            None => t.primary_index(),
        }
        .ok_or(JetError(JET_errIndexNotFound))?;
        let name_of = |columnid: u32| {
            s.catalog
                .column_by_id(t, columnid)
                .map(|c| c.def.name.clone())
                .ok_or(JetError(JET_errColumnNotFound))
        };
        let plain = |i: Info| Ok(IndexInfo::Plain(i));
        match level {
            JET_IdxInfoSpaceAlloc => plain(Info::U32s(vec![if ix.is_primary() { t.pages } else { 1 }])),
            JET_IdxInfoSpaceOwned => {
                plain(Info::U32s(vec![if ix.is_primary() { table_space(t).0 } else { 1 }]))
            }
            JET_IdxInfoSpaceAvailable => {
                plain(Info::U32s(vec![if ix.is_primary() { table_space(t).1 } else { 0 }]))
            }
            JET_IdxInfoLCID => Ok(IndexInfo::Lcid(ix.locale.clone())),
            JET_IdxInfoVarSegMac => plain(Info::U16(ix.cb_var_seg_mac)),
            JET_IdxInfoKeyMost => plain(Info::U16(ix.cb_key_most)),
            JET_IdxInfoLocaleName => plain(Info::WideText(ix.locale.clone())),
            JET_IdxInfoIndexId => {
                let mut b = [0u8; 16];
                b[0..4].copy_from_slice(&t.objid.to_ne_bytes());
                b[4..8].copy_from_slice(&ix.objid.to_ne_bytes());
                b[8..12].copy_from_slice(&ix.pgno_fdp.to_ne_bytes());
                plain(Info::IndexId(b))
            }
            _ => {
                let version = match level {
                    JET_IdxInfoCreateIndex => 1,
                    JET_IdxInfoCreateIndex2 => 2,
                    _ => 3,
                };
                let mut key = Vec::with_capacity(ix.segments.len());
                for seg in &ix.segments {
                    key.push((name_of(seg.columnid)?, seg.descending));
                }
                let mut conditional = Vec::with_capacity(ix.conditional.len());
                for c in &ix.conditional {
                    let bit = if c.must_be_null {
                        JET_bitIndexColumnMustBeNull
                    } else {
                        JET_bitIndexColumnMustBeNonNull
                    };
                    conditional.push((name_of(c.columnid)?, bit));
                }
                let tuple_limits = if ix.grbit & JET_bitIndexTuples != 0 { ix.tuple_limits } else { None };
                let grbit = ix.grbit
                    | if ix.locale_set { JET_bitIndexUnicode } else { 0 }
                    | if tuple_limits.is_some() { JET_bitIndexTupleLimits } else { 0 };
                Ok(IndexInfo::Create(IndexCreateInfo {
                    version,
                    name: ix.name.clone(),
                    key,
                    grbit,
                    density: ix.density,
                    locale: ix.locale.clone(),
                    lcmap_flags: ix.lcmap_flags,
                    cb_var_seg_mac: ix.cb_var_seg_mac as u32,
                    tuple_limits,
                    conditional,
                    cb_key_most: ix.cb_key_most as u32,
                    cb_page: s.catalog.cb_page(),
                }))
            }
        }
    }
}
