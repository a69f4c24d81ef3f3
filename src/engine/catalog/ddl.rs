//! The DDL operations on a [`Catalog`]: each checks ESE's rules in ESE's order and returns a new
//! `Arc<Catalog>` or the error code. References are to `data-ddl` sections and, through them,
//! to ESE's fcreate.cxx / cat.cxx (microsoft/Extensible-Storage-Engine at 7030fe7).
//!
//! Names arrive as UTF-8 strings (see [`super::name`] for A/W); each operation validates them
//! itself, at the step where ESE does.

use super::keystr::{check_key_frame, split_key};
use super::*;
use crate::engine::coltype::{FID_FIXED_LAST, FID_TAGGED_LAST, FID_VAR_LAST};
use crate::engine::error::{JetError, fail};
use crate::engine::key::{UNICODE_COLLATION_VERSION, UnicodeCollation};

/// What the layers above know of the caller's cursor on the table a DDL call changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DdlCursor {
    /// The cursor holds `JET_bitTableDenyRead` (an exclusive lock).
    pub exclusive: bool,
    /// The cursor was opened with `JET_bitTablePermitDDL`.
    pub permit_ddl: bool,
    /// The table has no record.
    pub table_empty: bool,
}

/// One column to create (JET_COLUMNCREATE, or JetAddColumn's arguments).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnSpec {
    pub name: String,
    pub coltyp: u32,
    pub cb_max: u32,
    pub cp: u32,
    pub grbit: u32,
    /// `pvDefault`/`cbDefault`: `None` for a NULL pointer or `cbDefault` 0 (no default,
    /// `data-ddl` §6.1). With `JET_bitColumnUserDefinedDefault` this is unused.
    pub default: Option<Vec<u8>>,
    /// With `JET_bitColumnUserDefinedDefault`: the JET_USERDEFINEDDEFAULT the shim read, or
    /// `None` when `cbDefault` was not its size (→ `JET_errInvalidParameter` at ESE's step).
    pub user_defined_default: Option<UserDefinedDefault>,
}

/// JET_UNICODEINDEX / JET_UNICODEINDEX2 (an LCID already turned into a locale name).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnicodeSpec {
    /// `None` for a NULL `szLocaleName`: the root collation.
    pub locale: Option<String>,
    /// 0 = the instance default.
    pub map_flags: u32,
}

/// One JET_CONDITIONALCOLUMN.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConditionalSpec {
    pub cb_struct: u32,
    pub column: String,
    pub grbit: u32,
}

/// The size of JET_CONDITIONALCOLUMN on LP64 (`data-ddl` §3).
pub const CB_CONDITIONAL_COLUMN: u32 = 24;

/// One index to create (JET_INDEXCREATE3 after the shim's up-conversion, `data-ddl` §7.2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexSpec {
    pub name: String,
    pub grbit: u32,
    /// `szKey` as `cbKey` bytes (A form; W keys through [`super::key_from_utf16`]).
    pub key: Vec<u8>,
    /// The space hints' initial density (0 = the table's).
    pub density: u32,
    pub cb_key_most: u32,
    pub cb_var_seg_mac: u32,
    /// `pidxunicode` (NULL = `None`).
    pub unicode: Option<UnicodeSpec>,
    pub conditional: Vec<ConditionalSpec>,
    /// `ptuplelimits` (with `JET_bitIndexTupleLimits`).
    pub tuple_limits: Option<TupleLimits>,
}

/// JET_TABLECREATE5 after the shim's up-conversion.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableSpec {
    pub name: String,
    pub template: Option<String>,
    pub grbit: u32,
    pub pages: u32,
    pub density: u32,
    pub columns: Vec<ColumnSpec>,
    pub indexes: Vec<IndexSpec>,
    /// `rgcolumncreate` was NULL (with `cColumns` 0): indexes then cannot be created (-1409).
    pub columns_null: bool,
    /// `cIndexes` > 0 with a NULL `rgindexcreate` (-1409 at the index step).
    pub indexes_null: bool,
    /// `cbtyp` and `szCallback` (JET_TABLECREATE2+), when `szCallback` is not NULL.
    pub callback: Option<(u32, String)>,
}

/// Per-item results of JetCreateTableColumnIndex (the caller's `cCreated`, each column's
/// `columnid` and `err`, each index's `err`; `data-ddl` §5.3).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CreateReport {
    pub c_created: u32,
    /// (`columnid`, `err`) of each column reached, in array order; `err` may be
    /// `JET_wrnColumnMaxTruncated`.
    pub columns: Vec<(u32, i32)>,
    /// `err` of each index reached.
    pub indexes: Vec<i32>,
}

/// A column JetAddColumn created.
#[derive(Clone, Debug)]
pub struct ColumnAdded {
    pub catalog: Arc<Catalog>,
    pub columnid: u32,
    /// `JET_wrnColumnMaxTruncated` (`cbMax` cut to 255), else 0.
    pub warning: i32,
}

/// A JetAddColumn failure; `columnid` is set when ESE had already written `*pcolumnid`
/// (fcreate.cxx:3517-3520, `data-ddl` §6.2 step 17).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddColumnError {
    pub err: JetError,
    pub columnid: Option<u32>,
}

impl From<JetError> for AddColumnError {
    fn from(err: JetError) -> AddColumnError {
        AddColumnError { err, columnid: None }
    }
}

fn density_of(d: u32, default: u32) -> JetResult<u32> {
    match d {
        0 => Ok(default),
        DENSITY_MIN..=DENSITY_MAX => Ok(d),
        _ => fail(JET_errDensityInvalid),
    }
}

/// ErrFILEIValidateAddColumn (fcreate.cxx:866-1126; `data-ddl` §2.3, §6.2 steps 6-13): the
/// column without its id, and whether `cbMax` was cut to 255.
fn validate_column(
    spec: &ColumnSpec,
    exclusive: bool,
    template: Option<&TableDef>,
) -> JetResult<(ColumnDef, bool)> {
    if spec.cb_max > JET_cbLVColumnMost {
        return fail(JET_errInvalidParameter);
    }
    let name = check_name(&spec.name)?;
    if template.is_some_and(|t| t.column(&name).is_some()) {
        return fail(JET_errColumnDuplicate);
    }
    let coltype = ColType::from_u32(spec.coltyp)?;
    let cp = coltype.code_page(spec.cp)?;
    let g = spec.grbit;
    let has = |b: u32| g & b != 0;
    let long = coltype.is_long_value();
    let default = spec.default.as_ref().filter(|d| !d.is_empty());
    if has(JET_bitColumnCompressed) && !long {
        return fail(JET_errColumnCannotBeCompressed);
    }
    if has(JET_bitColumnEncrypted) && (!long || has(JET_bitColumnMultiValued) || default.is_some()) {
        return fail(JET_errColumnCannotBeEncrypted);
    }
    if has(JET_bitColumnTagged) || long {
        if has(JET_bitColumnFixed) {
            return fail(JET_errInvalidGrbit);
        }
    } else if has(JET_bitColumnMultiValued) {
        return fail(JET_errMultiValuedColumnMustBeTagged);
    }
    if has(JET_bitColumnEscrowUpdate) {
        if !matches!(coltype, ColType::Long | ColType::LongLong) {
            return fail(JET_errInvalidGrbit);
        }
        if has(JET_bitColumnTagged) {
            return fail(JET_errCannotBeTagged);
        }
        if has(JET_bitColumnVersion) || has(JET_bitColumnAutoincrement) || default.is_none() {
            return fail(JET_errInvalidGrbit);
        }
        if !exclusive {
            return fail(JET_errExclusiveTableLockRequired);
        }
        if has(JET_bitColumnFinalize) && has(JET_bitColumnDeleteOnZero) {
            return fail(JET_errInvalidGrbit);
        }
    } else if has(JET_bitColumnFinalize) || has(JET_bitColumnDeleteOnZero) {
        return fail(JET_errInvalidGrbit);
    } else if has(JET_bitColumnVersion) || has(JET_bitColumnAutoincrement) {
        use ColType::*;
        let type_ok = if has(JET_bitColumnAutoincrement) {
            matches!(coltype, Long | LongLong | UnsignedLongLong | Currency)
        } else {
            coltype == Long
        };
        if !type_ok {
            return fail(JET_errInvalidGrbit);
        }
        if has(JET_bitColumnTagged) {
            return fail(JET_errCannotBeTagged);
        }
        if has(JET_bitColumnVersion) && has(JET_bitColumnAutoincrement) {
            return fail(JET_errInvalidGrbit);
        }
        if has(JET_bitColumnAutoincrement) && !exclusive {
            return fail(JET_errExclusiveTableLockRequired);
        }
    }
    let mut udd = None;
    if has(JET_bitColumnUserDefinedDefault) {
        let refused = JET_bitColumnFixed
            | JET_bitColumnNotNULL
            | JET_bitColumnVersion
            | JET_bitColumnAutoincrement
            | JET_bitColumnUpdatable
            | JET_bitColumnEscrowUpdate
            | JET_bitColumnFinalize
            | JET_bitColumnDeleteOnZero
            | JET_bitColumnMaybeNull;
        if g & refused != 0 || !(has(JET_bitColumnTagged) || long) {
            return fail(JET_errInvalidGrbit);
        }
        match &spec.user_defined_default {
            Some(u) => udd = Some(u.clone()),
            None => return fail(JET_errInvalidParameter),
        }
    }
    let (cb_max, truncated) = coltype.stored_cb_max(spec.cb_max)?;
    let default = if udd.is_some() { None } else { default.cloned() };
    if let Some(d) = &default
        && cb_max != 0
        && (d.len() as u32) > cb_max
    {
        return fail(JET_errDefaultValueTooBig);
    }
    // Fixed with Tagged or a long type was refused above, so this cannot fail.
    let class = coltype.class_for(g)?;
    let fid = match class {
        ColumnClass::Fixed => 1,
        ColumnClass::Variable => FID_VAR_FIRST,
        ColumnClass::Tagged => FID_TAGGED_FIRST,
    };
    let def = ColumnDef {
        name,
        fid,
        coltype,
        cb_max,
        cp,
        grbit: g & COLUMN_GRBIT_KEPT,
        default,
        user_defined_default: udd,
    };
    Ok((def, truncated))
}

/// Gives a validated column its id and checks what depends on the table (fcreate.cxx:1290-1330,
/// 3495-3560; `data-ddl` §2.4, §6.2 step 17): the fixed area (-1026), the class limit (-1040),
/// one Version and one Autoincrement column per table (-1510).
fn place_column(
    cat: &Catalog,
    t: &mut TableDef,
    mut c: ColumnDef,
    cb_record_most: usize,
) -> Result<u32, AddColumnError> {
    let class = c.class();
    if class == ColumnClass::Fixed && cat.ib_end_fixed(t) + c.cb_max as usize > cb_record_most {
        return Err(JetError(JET_errRecordTooBig).into());
    }
    let (last, max) = match class {
        ColumnClass::Fixed => (&mut t.fid_fixed_last, FID_FIXED_LAST),
        ColumnClass::Variable => (&mut t.fid_var_last, FID_VAR_LAST),
        ColumnClass::Tagged => (&mut t.fid_tagged_last, FID_TAGGED_LAST),
    };
    if *last >= max {
        return Err(JetError(JET_errTooManyColumns).into());
    }
    *last += 1;
    c.fid = *last;
    let columnid = t.api_columnid(&c);
    let template = cat.template_of(t);
    let redundant = |bit: u32| {
        c.has(bit)
            && (t.columns.iter().any(|o| o.has(bit))
                || template.is_some_and(|tt| tt.columns.iter().any(|o| o.has(bit))))
    };
    if redundant(JET_bitColumnVersion) || redundant(JET_bitColumnAutoincrement) {
        return Err(AddColumnError { err: JetError(JET_errColumnRedundant), columnid: Some(columnid) });
    }
    if c.coltype.is_long_value()
        && c.default.as_ref().is_some_and(|d| d.len() > JET_cbLVDefaultValueMost as usize)
    {
        return Err(AddColumnError { err: JetError(JET_errDefaultValueTooBig), columnid: Some(columnid) });
    }
    let at = t.columns.partition_point(|o| o.fid < c.fid);
    t.columns.insert(at, c);
    Ok(columnid)
}

/// Normalizes an index grbit to what ESE keeps and reports (fidb flags and back,
/// fcreate.cxx:1761-1806 and 9649-9705).
pub fn normalize_index_grbit(g: u32, cb_key_most: u16) -> u32 {
    let has = |b: u32| g & b != 0;
    let mut out = 0;
    if has(JET_bitIndexPrimary) {
        out |= JET_bitIndexPrimary | JET_bitIndexUnique;
    }
    if has(JET_bitIndexUnique) {
        out |= JET_bitIndexUnique;
    }
    if has(JET_bitIndexTuples) || has(JET_bitIndexTupleLimits) {
        out |= JET_bitIndexTuples;
    }
    if has(JET_bitIndexCrossProduct) {
        out |= JET_bitIndexCrossProduct;
    } else if has(JET_bitIndexNestedTable) {
        out |= JET_bitIndexNestedTable;
    }
    out |= g & (JET_bitIndexDotNetGuid | JET_bitIndexDisallowTruncation | JET_bitIndexOptionallyUnique);
    if has(JET_bitIndexDisallowNull) {
        out |= JET_bitIndexDisallowNull;
    } else {
        let any = has(JET_bitIndexIgnoreAnyNull);
        let first = any || has(JET_bitIndexIgnoreFirstNull);
        let all = first || has(JET_bitIndexIgnoreNull);
        if all {
            out |= JET_bitIndexIgnoreNull;
        }
        if first {
            out |= JET_bitIndexIgnoreFirstNull;
        }
        if any {
            out |= JET_bitIndexIgnoreAnyNull;
        }
        if has(JET_bitIndexSortNullsHigh) {
            out |= JET_bitIndexSortNullsHigh;
        }
    }
    if cb_key_most as u32 > JET_cbKeyMost_OLD {
        out |= JET_bitIndexKeyMost;
    }
    out
}

/// The columns an index may use while it is validated: during table creation the columns
/// created so far (fcreate.cxx:1970-2090), else the table's; then the template's.
fn resolve<'a>(cat: &'a Catalog, t: &'a TableDef, name: &str) -> JetResult<ColumnRef<'a>> {
    if let Some(def) = t.column(name) {
        return Ok(ColumnRef { def, table: t });
    }
    if let Some(tt) = t.template.as_deref().and_then(|n| cat.table(n))
        && let Some(def) = tt.column(name)
    {
        return Ok(ColumnRef { def, table: tt });
    }
    fail(JET_errColumnNotFound)
}

/// ErrFILEIValidateCreateIndex and the per-column checks (`data-ddl` §7.4; fcreate.cxx:1425-1846,
/// 1970-2170, 6590-6650): the index without its object id.
fn build_index(
    cat: &Catalog,
    t: &TableDef,
    spec: &IndexSpec,
    defaults: &IndexDefaults,
) -> JetResult<IndexDef> {
    let name = check_name(&spec.name)?;
    let g = spec.grbit;
    let has = |b: u32| g & b != 0;
    let primary = has(JET_bitIndexPrimary);
    let unique = has(JET_bitIndexUnique) || primary;
    let tuples = has(JET_bitIndexTuples) || has(JET_bitIndexTupleLimits);
    // 2-3: key sizes.
    let cb_key_most = if has(JET_bitIndexKeyMost) {
        if spec.cb_key_most < JET_cbKeyMostMin || spec.cb_key_most > cat.cb_key_most_for_page() {
            return fail(JET_errIndexInvalidDef);
        }
        spec.cb_key_most as u16
    } else {
        JET_cbKeyMost_OLD as u16
    };
    // ESE keeps cbVarSegMac in 16 bits (fcreate.cxx:1492-1499).
    let mut cb_var_seg_mac = if has(JET_bitIndexTupleLimits) || spec.cb_var_seg_mac == 0 {
        cb_key_most
    } else {
        spec.cb_var_seg_mac as u16
    };
    // 4-10: grbit combinations and the structures they need.
    if primary
        && (has(JET_bitIndexIgnoreNull) || has(JET_bitIndexIgnoreAnyNull) || has(JET_bitIndexIgnoreFirstNull))
    {
        return fail(JET_errInvalidGrbit);
    }
    if has(JET_bitIndexOptionallyUnique) && unique {
        return fail(JET_errInvalidGrbit);
    }
    if has(JET_bitIndexCrossProduct) && has(JET_bitIndexNestedTable) {
        return fail(JET_errInvalidGrbit);
    }
    if primary && !spec.conditional.is_empty() {
        return fail(JET_errIndexInvalidDef);
    }
    if has(JET_bitIndexEmpty) && !has(JET_bitIndexIgnoreAnyNull) {
        return fail(JET_errInvalidGrbit);
    }
    if has(JET_bitIndexTupleLimits) && spec.tuple_limits.is_none() {
        return fail(JET_errIndexInvalidDef);
    }
    let (locale, flags, locale_set) = if has(JET_bitIndexUnicode) {
        let Some(u) = &spec.unicode else { return fail(JET_errIndexInvalidDef) };
        let flags = if u.map_flags != 0 { u.map_flags } else { defaults.lcmap_flags };
        (u.locale.clone().unwrap_or_default(), flags, true)
    } else {
        (defaults.locale.clone(), defaults.lcmap_flags, false)
    };
    // 11-13: the key string, with the space hints checked between its frame and its segments.
    check_key_frame(&spec.key)?;
    let density = density_of(spec.density, t.density)?;
    let keys = split_key(&spec.key)?;
    if cb_var_seg_mac == 0 || cb_var_seg_mac > cb_key_most {
        return fail(JET_errIndexInvalidDef);
    }
    // 14: locale and LCMap flags.
    let collation = UnicodeCollation::new(&locale, flags)?;
    // 15: tuples.
    let mut tuple_limits = None;
    if tuples {
        if primary {
            return fail(JET_errIndexTuplesSecondaryIndexOnly);
        }
        if unique {
            return fail(JET_errIndexTuplesNonUniqueOnly);
        }
        if cb_var_seg_mac < cb_key_most {
            return fail(JET_errIndexTuplesVarSegMacNotAllowed);
        }
        let l = if has(JET_bitIndexTupleLimits) {
            spec.tuple_limits.unwrap_or(defaults.tuples)
        } else {
            defaults.tuples
        };
        let max = u16::MAX as u32;
        if l.len_min > max
            || l.len_max > max
            || l.to_index_max > max
            || l.increment > max
            || (l.start > max && l.start != u32::MAX)
        {
            return fail(JET_errIndexTuplesInvalidLimits);
        }
        let or = |v: u32, d: u32| if v != 0 { v } else { d };
        let d = TupleLimits::default();
        let l = TupleLimits {
            len_min: or(l.len_min, d.len_min),
            len_max: or(l.len_max, d.len_max),
            to_index_max: or(l.to_index_max, d.to_index_max),
            increment: or(l.increment, d.increment),
            start: if l.start == u32::MAX { 0 } else { l.start },
        };
        if !(2..=255).contains(&l.len_min)
            || !(2..=255).contains(&l.len_max)
            || l.len_min > l.len_max
            || l.to_index_max > 0x7FFF
        {
            return fail(JET_errIndexTuplesInvalidLimits);
        }
        cb_var_seg_mac = cb_key_most;
        tuple_limits = Some(l);
    }
    // Key columns.
    let mut segments = Vec::with_capacity(keys.len());
    let mut multivalued = false;
    let mut localized = false;
    for (i, k) in keys.iter().enumerate() {
        let c = resolve(cat, t, &k.column)?;
        if c.def.has(JET_bitColumnEncrypted) {
            return fail(JET_errCannotIndexOnEncryptedColumn);
        }
        if c.def.has(JET_bitColumnEscrowUpdate) {
            return fail(JET_errCannotIndex);
        }
        if c.def.has(JET_bitColumnMultiValued) {
            if primary {
                return fail(JET_errIndexInvalidDef);
            }
            multivalued = true;
        }
        if i == 0 && tuples && !c.def.coltype.is_text() && !c.def.coltype.is_binary() {
            return fail(JET_errIndexTuplesTextBinaryColumnsOnly);
        }
        if has(JET_bitIndexEmpty) && c.def.default.is_some() {
            return fail(JET_errIndexInvalidDef);
        }
        localized |= c.def.coltype.is_text() && c.def.cp == crate::engine::coltype::CP_UNICODE;
        segments.push(IndexSegment { columnid: c.columnid(), descending: k.descending });
    }
    // Conditional columns.
    if spec.conditional.len() > JET_ccolKeyMost as usize {
        return fail(JET_errIndexInvalidDef);
    }
    let mut conditional = Vec::with_capacity(spec.conditional.len());
    for cc in &spec.conditional {
        if cc.cb_struct != CB_CONDITIONAL_COLUMN {
            return fail(JET_errIndexInvalidDef);
        }
        if cc.grbit != JET_bitIndexColumnMustBeNull && cc.grbit != JET_bitIndexColumnMustBeNonNull {
            return fail(JET_errInvalidGrbit);
        }
        let c = resolve(cat, t, &cc.column)?;
        conditional.push(ConditionalColumn {
            columnid: c.columnid(),
            must_be_null: cc.grbit == JET_bitIndexColumnMustBeNull,
        });
    }
    Ok(IndexDef {
        name,
        objid: 0,
        pgno_fdp: 0,
        density,
        grbit: normalize_index_grbit(g, cb_key_most),
        segments,
        conditional,
        cb_key_most,
        cb_var_seg_mac,
        locale,
        lcmap_flags: collation.flags(),
        locale_set,
        multivalued,
        template_index: t.is_template(),
        derived_index: false,
        tuple_limits,
        collation_version: localized.then(|| UNICODE_COLLATION_VERSION.to_string()),
    })
}

/// Adds a built index to the table (`data-ddl` §5.3 step 11, §7.5 step 7): a second primary
/// index → -1402; an existing name → -1403. Returns the new last object id.
fn place_index(t: &mut TableDef, mut ix: IndexDef, objid_last: u32) -> JetResult<u32> {
    if ix.is_primary() && t.primary_index().is_some() {
        return fail(JET_errIndexHasPrimary);
    }
    if t.index(&ix.name).is_some() {
        return fail(JET_errIndexDuplicate);
    }
    let mut last = objid_last;
    if ix.is_primary() {
        ix.objid = t.objid;
        t.indexes.insert(0, ix);
    } else {
        last += 1;
        ix.objid = last;
        t.indexes.push(ix);
    }
    Ok(last)
}

fn too_many_objids<T>() -> JetResult<T> {
    // ESE runs out of object ids at 0x7FFFFFFF... (objidFDPMax); a 32-bit counter near its end
    // is refused rather than wrapped.
    fail(JET_errOutOfObjectIDs)
}

impl Catalog {
    fn table_mut(&self, name: &str) -> JetResult<TableDef> {
        let name = check_name(name)?;
        match self.table(&name) {
            Some(t) => Ok((**t).clone()),
            None => fail(JET_errObjectNotFound),
        }
    }

    /// JetCreateTable / JetCreateTableColumnIndex* (`data-ddl` §5.2-5.3), from step 2 (the
    /// temporary database and read-only attachments are the caller's). On any failure nothing
    /// is created; the report says how far it got either way.
    pub fn create_table(
        &self,
        spec: &TableSpec,
        defaults: &IndexDefaults,
    ) -> (JetResult<Arc<Catalog>>, CreateReport) {
        let mut report = CreateReport::default();
        let r = self.create_table_inner(spec, defaults, &mut report);
        (r, report)
    }

    fn create_table_inner(
        &self,
        spec: &TableSpec,
        defaults: &IndexDefaults,
        report: &mut CreateReport,
    ) -> JetResult<Arc<Catalog>> {
        let g = spec.grbit;
        let template_bit = g & JET_bitTableCreateTemplateTable != 0;
        let no_fixed_var = g & JET_bitTableCreateNoFixedVarColumnsInDerivedTables != 0;
        if template_bit && spec.template.is_some() {
            return fail(JET_errCannotNestDDL);
        }
        if no_fixed_var || g & JET_bitTableCreateSystemTable != 0 {
            // With a template it is deprecated and refused, without one it is meaningless.
            return fail(JET_errInvalidGrbit);
        }
        for ix in &spec.indexes {
            if (ix.grbit & JET_bitIndexUnicode != 0) != ix.unicode.is_some() {
                return fail(JET_errInvalidParameter);
            }
        }
        let name = check_name(&spec.name)?;
        let template = match &spec.template {
            Some(tn) => {
                let tn = check_name(tn)?;
                match self.table(&tn) {
                    None => return fail(JET_errObjectNotFound),
                    Some(tt) if !tt.is_template() => return fail(JET_errDDLNotInheritable),
                    Some(tt) => Some(tt.clone()),
                }
            }
            None => None,
        };
        let density = density_of(spec.density, DENSITY_DEFAULT)?;
        if self.table(&name).is_some() {
            return fail(JET_errTableDuplicate);
        }
        if self.objid_last >= 0x7FFF_FFF0 {
            return too_many_objids();
        }
        let mut objid_last = self.objid_last + 1;
        let mut flags =
            if template_bit { JET_bitObjectTableTemplate | JET_bitObjectTableFixedDDL } else { 0 };
        if template.is_some() {
            flags |= JET_bitObjectTableDerived;
        }
        if g & JET_bitTableCreateFixedDDL != 0 {
            flags |= JET_bitObjectTableFixedDDL;
        }
        let mut t = TableDef {
            name,
            objid: objid_last,
            pgno_fdp: 0,
            pages: spec.pages,
            density,
            flags,
            template: template.as_ref().map(|tt| tt.name.clone()),
            columns: Vec::new(),
            deleted: Vec::new(),
            indexes: Vec::new(),
            fid_fixed_last: template.as_ref().map_or(0, |tt| tt.fid_fixed_last),
            fid_var_last: template.as_ref().map_or(FID_VAR_NONE, |tt| tt.fid_var_last),
            fid_tagged_last: FID_TAGGED_NONE,
            lv_objid: None,
            lv_pgno_fdp: 0,
            callback: None,
        };
        report.c_created = 1;
        // Inherited indexes (fcreate.cxx:2760-2790).
        if let Some(tt) = &template {
            for ix in &tt.indexes {
                let mut ix = ix.clone();
                ix.template_index = false;
                ix.derived_index = true;
                objid_last = place_index(&mut t, ix, objid_last)?;
            }
        }
        // The record limit of the columns: with the primary index's cbKeyMost when the call
        // creates one with JET_bitIndexKeyMost (fcreate.cxx:1160-1210).
        let key_most = spec
            .indexes
            .iter()
            .filter(|i| i.grbit & JET_bitIndexPrimary != 0 && i.grbit & JET_bitIndexKeyMost != 0)
            .map(|i| i.cb_key_most)
            .next_back()
            .unwrap_or(JET_cbKeyMost);
        let cb_record_most = crate::engine::record::cb_record_most(self.cb_page, key_most);
        for cs in &spec.columns {
            let (def, truncated) = match validate_column(cs, true, template.as_deref()) {
                Ok(v) => v,
                Err(e) => {
                    report.columns.push((JET_columnidNil, e.0));
                    return Err(e);
                }
            };
            if t.column(&def.name).is_some() {
                report.columns.push((JET_columnidNil, JET_errColumnDuplicate));
                return fail(JET_errColumnDuplicate);
            }
            match place_column(self, &mut t, def, cb_record_most) {
                Ok(id) => {
                    report.columns.push((id, if truncated { JET_wrnColumnMaxTruncated } else { 0 }));
                    report.c_created += 1;
                }
                Err(e) => {
                    report.columns.push((e.columnid.unwrap_or(JET_columnidNil), e.err.0));
                    return Err(e.err);
                }
            }
        }
        // The default record of the new columns (FILEPrepareDefaultRecord).
        self.default_record(&t)?;
        if spec.indexes_null || (!spec.indexes.is_empty() && spec.columns_null) {
            return fail(JET_errInvalidCreateIndex);
        }
        for is in &spec.indexes {
            let r = build_index(self, &t, is, defaults).and_then(|ix| {
                let primary = ix.is_primary();
                let key_most = ix.cb_key_most as u32;
                let last = place_index(&mut t, ix, objid_last)?;
                if primary
                    && self.ib_end_fixed(&t) > crate::engine::record::cb_record_most(self.cb_page, key_most)
                {
                    return fail(JET_errRecordTooBig);
                }
                Ok(last)
            });
            match r {
                Ok(last) => {
                    objid_last = last;
                    report.indexes.push(0);
                    report.c_created += 1;
                }
                Err(e) => {
                    report.indexes.push(e.0);
                    return Err(e);
                }
            }
        }
        if let Some(cb) = &spec.callback {
            t.callback = Some(cb.clone());
            report.c_created += 1;
        }
        Ok(self.put_table(None, t, objid_last))
    }

    /// JetDeleteTable (`data-ddl` §5.6 steps 4-6): an invalid name → -1002; no such table →
    /// -1305; a template table → `JET_errCannotDeleteTemplateTable`. Open cursors are the
    /// caller's check.
    pub fn delete_table(&self, name: &str) -> JetResult<Arc<Catalog>> {
        let t = self.table_mut(name)?;
        if t.is_template() {
            return fail(JET_errCannotDeleteTemplateTable);
        }
        let mut tables = self.tables.clone();
        tables.remove(&name_key(&t.name));
        Ok(self.with_tables(tables, self.objid_last))
    }

    /// JetRenameTable (`data-ddl` §5.7 steps 3-6): either name invalid → -1002 (old first); not
    /// found → -1305; a template or FixedDDL table → `JET_errFixedDDL`; the new name taken by
    /// another table → `JET_errTableDuplicate` (the reference's recommendation, §12 item 1).
    /// Renaming to a spelling of the same name (other case) is allowed.
    pub fn rename_table(&self, old: &str, new: &str) -> JetResult<Arc<Catalog>> {
        let old = check_name(old)?;
        let new = check_name(new)?;
        let mut t = self.table_mut(&old)?;
        if t.is_template() || t.is_fixed_ddl() {
            return fail(JET_errFixedDDL);
        }
        if self.table(&new).is_some_and(|o| o.objid != t.objid) {
            return fail(JET_errTableDuplicate);
        }
        // A template cannot be renamed, so no derived table's template name changes.
        let old_name = std::mem::replace(&mut t.name, new);
        Ok(self.put_table(Some(&old_name), t, self.objid_last))
    }

    /// JetAddColumn (`data-ddl` §6.2 steps 3, 6-18) on table `table`: FixedDDL without
    /// PermitDDL → -1323; the column rules; a template table takes only tagged/long columns
    /// after creation (-1323); an escrow column needs an empty table (-1308); the name taken →
    /// -1508; then the id (-1026, -1040, -1510, and -1524 for a long default over 255 bytes).
    pub fn add_column(
        &self,
        table: &str,
        spec: &ColumnSpec,
        cursor: DdlCursor,
    ) -> Result<ColumnAdded, AddColumnError> {
        let mut t = self.table_mut(table)?;
        if t.is_fixed_ddl() && !cursor.permit_ddl {
            return Err(JetError(JET_errFixedDDL).into());
        }
        let template = self.template_of(&t).cloned();
        let (def, truncated) = validate_column(spec, cursor.exclusive, template.as_deref())?;
        if t.is_template() && def.class() != ColumnClass::Tagged {
            return Err(JetError(JET_errFixedDDL).into());
        }
        if def.has(JET_bitColumnEscrowUpdate) && !cursor.table_empty {
            return Err(JetError(JET_errTableNotEmpty).into());
        }
        if t.column(&def.name).is_some() {
            return Err(JetError(JET_errColumnDuplicate).into());
        }
        let most = self.cb_record_most(&t);
        let columnid = place_column(self, &mut t, def, most)?;
        // The default record is rebuilt with the new column's default (data-ddl 6.2 step 18):
        // a default a record cannot hold (a fixed-size type given fewer bytes than its size:
        // JET_errInvalidBufferSize, as SetColumn) fails here, after the id was given.
        if let Err(err) = self.default_record(&t) {
            return Err(AddColumnError { err, columnid: Some(columnid) });
        }
        let catalog = self.put_table(None, t, self.objid_last);
        Ok(ColumnAdded { catalog, columnid, warning: if truncated { JET_wrnColumnMaxTruncated } else { 0 } })
    }

    /// JetDeleteColumn / JetDeleteColumn2 (`data-ddl` §6.3 steps 2-6): name → -1002; FixedDDL →
    /// -1323 always; a template column of a derived table without
    /// `JET_bitDeleteColumnIgnoreTemplateColumns` → `JET_errFixedInheritedDDL`; not found →
    /// -1507; used by an index as key or conditional column → `JET_errColumnInUse`. The id
    /// stays used; a fixed column keeps its slot.
    pub fn delete_column(&self, table: &str, column: &str, grbit: u32) -> JetResult<Arc<Catalog>> {
        let mut t = self.table_mut(table)?;
        let column = check_name(column)?;
        if t.is_fixed_ddl() {
            return fail(JET_errFixedDDL);
        }
        if grbit & JET_bitDeleteColumnIgnoreTemplateColumns == 0
            && self.template_of(&t).is_some_and(|tt| tt.column(&column).is_some())
        {
            return fail(JET_errFixedInheritedDDL);
        }
        let Some(pos) = t.columns.iter().position(|c| names_equal(&c.name, &column)) else {
            return fail(JET_errColumnNotFound);
        };
        let id = t.api_columnid(&t.columns[pos]);
        let used = t.indexes.iter().any(|ix| {
            ix.segments.iter().any(|s| s.columnid == id) || ix.conditional.iter().any(|c| c.columnid == id)
        });
        if used {
            return fail(JET_errColumnInUse);
        }
        let c = t.columns.remove(pos);
        let at = t.deleted.partition_point(|d| d.fid < c.fid);
        t.deleted.insert(at, DeletedColumn { fid: c.fid, cb_max: c.cb_max });
        Ok(self.put_table(None, t, self.objid_last))
    }

    /// JetRenameColumn (`data-ddl` §6.4 steps 4-5): old then new name → -1002; the old name not
    /// a column of this table (template columns are not found) → -1507; the new name taken by
    /// another column, of the table or its template → `JET_errColumnDuplicate` (the
    /// reference's recommendation). The transaction-level rule (-1108) is the caller's.
    pub fn rename_column(&self, table: &str, old: &str, new: &str) -> JetResult<Arc<Catalog>> {
        let old = check_name(old)?;
        let new = check_name(new)?;
        let mut t = self.table_mut(table)?;
        let Some(pos) = t.columns.iter().position(|c| names_equal(&c.name, &old)) else {
            return fail(JET_errColumnNotFound);
        };
        let taken = t.columns.iter().enumerate().any(|(i, c)| i != pos && names_equal(&c.name, &new))
            || self.template_of(&t).is_some_and(|tt| tt.column(&new).is_some());
        if taken {
            return fail(JET_errColumnDuplicate);
        }
        t.columns[pos].name = new;
        Ok(self.put_table(None, t, self.objid_last))
    }

    /// JetSetColumnDefaultValue (fldmod.cxx:3228-3420): the column name → -1002; no value →
    /// `JET_errNullInvalid`; a value longer than a record → -1524; no such table → -1305; the
    /// column not in this table (template columns cannot be changed) → -1507; a key or
    /// conditional column of an index → -1046. Beyond ESE, a value longer than the column's
    /// `cbMax` (or 255 bytes for a long column) is -1524, as for JetAddColumn, and an escrow
    /// column's default must keep its size.
    pub fn set_column_default(
        &self,
        table: &str,
        column: &str,
        value: Option<&[u8]>,
    ) -> JetResult<Arc<Catalog>> {
        let column = check_name(column)?;
        let value = match value {
            Some(v) if !v.is_empty() => v,
            _ => return fail(JET_errNullInvalid),
        };
        if value.len() > crate::engine::record::cb_record_most(self.cb_page, JET_cbKeyMost) {
            return fail(JET_errDefaultValueTooBig);
        }
        let mut t = self.table_mut(table)?;
        let Some(pos) = t.columns.iter().position(|c| names_equal(&c.name, &column)) else {
            return fail(JET_errColumnNotFound);
        };
        let id = t.api_columnid(&t.columns[pos]);
        if t.indexes.iter().any(|ix| {
            ix.segments.iter().any(|s| s.columnid == id) || ix.conditional.iter().any(|c| c.columnid == id)
        }) {
            return fail(JET_errColumnInUse);
        }
        let c = &mut t.columns[pos];
        let limit = if c.coltype.is_long_value() { JET_cbLVDefaultValueMost } else { c.cb_max };
        if (limit != 0 && value.len() as u32 > limit)
            || (c.coltype.fixed_size().is_some()
                && value.len() as u32 != c.cb_max
                && c.has(JET_bitColumnEscrowUpdate))
        {
            return fail(JET_errDefaultValueTooBig);
        }
        c.default = Some(value.to_vec());
        c.user_defined_default = None;
        c.grbit &= !JET_bitColumnUserDefinedDefault;
        let key = name_key(&t.name);
        let cat = self.put_table(None, t, self.objid_last);
        // The default record must still fit a record.
        cat.default_record(&cat.tables[&key])?;
        Ok(cat)
    }

    /// JetCreateIndex* for one index (`data-ddl` §7.5 steps 3, 5-7; §7.4): Unicode bit and
    /// `pidxunicode` disagree → -1003; FixedDDL without PermitDDL, or a template table → -1323;
    /// the name and definition (§7.4); a second primary index → -1402; a primary index on a
    /// table with records → -1308, or one whose key size leaves no room for the fixed columns
    /// → -1026; the name taken → -1403. Several indexes in one call are this, one after the
    /// other, once the caller checked level 0 and DenyRead.
    pub fn create_index(
        &self,
        table: &str,
        spec: &IndexSpec,
        cursor: DdlCursor,
        defaults: &IndexDefaults,
    ) -> JetResult<Arc<Catalog>> {
        if (spec.grbit & JET_bitIndexUnicode != 0) != spec.unicode.is_some() {
            return fail(JET_errInvalidParameter);
        }
        let mut t = self.table_mut(table)?;
        if (t.is_fixed_ddl() && !cursor.permit_ddl) || t.is_template() {
            return fail(JET_errFixedDDL);
        }
        let ix = build_index(self, &t, spec, defaults)?;
        if ix.is_primary() {
            if t.primary_index().is_some() {
                return fail(JET_errIndexHasPrimary);
            }
            if !cursor.table_empty {
                return fail(JET_errTableNotEmpty);
            }
            if self.ib_end_fixed(&t)
                > crate::engine::record::cb_record_most(self.cb_page, ix.cb_key_most as u32)
            {
                return fail(JET_errRecordTooBig);
            }
        }
        if self.objid_last >= 0x7FFF_FFF0 {
            return too_many_objids();
        }
        let last = place_index(&mut t, ix, self.objid_last)?;
        Ok(self.put_table(None, t, last))
    }

    /// JetDeleteIndex (`data-ddl` §7.6 steps 2-5): name → -1002; FixedDDL → -1323; an index a
    /// derived table inherited → -1324; not found → -1404; the primary index →
    /// `JET_errIndexMustStay`. "In use as a current index" (-1051) is the caller's check.
    pub fn delete_index(&self, table: &str, index: &str) -> JetResult<Arc<Catalog>> {
        let index = check_name(index)?;
        let mut t = self.table_mut(table)?;
        if t.is_fixed_ddl() {
            return fail(JET_errFixedDDL);
        }
        let Some(pos) = t.indexes.iter().position(|i| names_equal(&i.name, &index)) else {
            return fail(JET_errIndexNotFound);
        };
        if t.indexes[pos].derived_index {
            return fail(JET_errFixedInheritedDDL);
        }
        if t.indexes[pos].is_primary() {
            return fail(JET_errIndexMustStay);
        }
        t.indexes.remove(pos);
        Ok(self.put_table(None, t, self.objid_last))
    }

    /// Gives a table its LV tree (created when its first long value is separated); returns
    /// the catalog and the tree's object id. A table that has one keeps it.
    pub fn ensure_lv_tree(&self, table: &str) -> JetResult<(Arc<Catalog>, u32)> {
        let mut t = self.table_mut(table)?;
        if let Some(id) = t.lv_objid {
            return Ok((Arc::new(self.clone()), id));
        }
        if self.objid_last >= 0x7FFF_FFF0 {
            return too_many_objids();
        }
        let id = self.objid_last + 1;
        t.lv_objid = Some(id);
        Ok((self.put_table(None, t, id), id))
    }
}
