//! JetEnumerateColumns (data-records §5.3): every column of the current record (or of the
//! prepared update's copy buffer), or the columns and values the caller lists, as a tree of
//! values the C shim copies into memory it gets from the caller's allocator.
//!
//! ESE's rules (fldenum.cxx, ErrRECEnumerateAllColumns and ErrRECEnumerateReqColumns):
//!
//! * All columns: the record's columns (fixed 1..=fidFixedLastInRec, variable
//!   128..=fidVarLastInRec, the tagged columns it holds, NULL markers included) merged with the
//!   table's default record's, by column id (template columns first), the record's entry winning
//!   when both have a column. Ids of columns that no longer exist are skipped.
//!   `JET_bitEnumerateTaggedOnly` leaves fixed and variable columns out;
//!   `JET_bitEnumerateIgnoreDefault` leaves the default record out.
//! * Listed columns: one entry per request, in order; id 0 → `JET_wrnColumnSkipped`; an id
//!   that is bad or not found gets that error in its entry and, after the whole list is done,
//!   the call returns the first such error with the entries kept (the caller frees them).
//! * A column without values → `JET_wrnColumnNull`; with `PresenceOnly` → `JET_wrnColumnPresent`;
//!   one value with `CompressOutput` → `JET_wrnColumnSingleValue` and the value in the entry
//!   (never a separated long value); otherwise an array of values, each 0 with its data, or
//!   `JET_wrnColumnNull` (no such value), `JET_wrnColumnSkipped` (itag 0 asked),
//!   `JET_wrnColumnDefault` (absent, with IgnoreDefault), `JET_wrnColumnPresent`,
//!   `JET_wrnColumnNotInRecord` (a separated long value with `InRecordOnly`), or
//!   `JET_wrnColumnTruncated` (a separated long value longer than `cbDataMost`: its first
//!   `cbDataMost` bytes). Values inside the record are returned whole whatever `cbDataMost`
//!   says (only separated long values are cut, fldenum.cxx:1838-1851).

use crate::abi::consts::*;
use crate::engine::catalog::ColumnRef;
use crate::engine::coltype::ColumnClass;
use crate::engine::cursor::TableCursor;
use crate::engine::data::{LvView, Schema};
use crate::engine::error::{JetResult, fail};
use crate::engine::lv::{self, ChunkSize, Lid};
use crate::engine::record::{ColumnRead, Record, TaggedId, TaggedRead};
use crate::engine::session::Tx;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The grbits JetEnumerateColumns knows (fldenum.cxx:1943-1954); any other → -900.
const KNOWN: u32 = JET_bitEnumerateCopy
    | JET_bitEnumerateIgnoreDefault
    | JET_bitEnumerateLocal
    | JET_bitEnumeratePresenceOnly
    | JET_bitEnumerateTaggedOnly
    | JET_bitEnumerateCompressOutput
    | JET_bitEnumerateIgnoreUserDefinedDefault
    | JET_bitEnumerateInRecordOnly
    | JET_bitEnumerateAsRefIfNotInRecord;

/// One requested column (`JET_ENUMCOLUMNID`): its id and the itags asked for (empty: all).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnumRequest {
    pub columnid: u32,
    pub itags: Vec<u32>,
}

/// One value of a column (`JET_ENUMCOLUMNVALUE`): `data` `None` leaves `pvData` NULL (no
/// allocation); `Some` is allocated even when empty, as ESE does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    pub itag: u32,
    pub err: i32,
    pub data: Option<Vec<u8>>,
}

/// What a `JET_ENUMCOLUMN` carries besides its id and code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnumBody {
    /// No values (a warning or error code says why).
    None,
    /// `JET_wrnColumnSingleValue`: the value itself.
    Single(Vec<u8>),
    /// The value array.
    Values(Vec<EnumValue>),
}

/// One `JET_ENUMCOLUMN`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumColumn {
    pub columnid: u32,
    pub err: i32,
    pub body: EnumBody,
}

/// The result: the entries, how many `JET_ENUMCOLUMN`s ESE allocates for them (the worst case
/// of the all-columns walk, fldenum.cxx:2146-2157), and the call's code (0, or with listed
/// columns the first column-id error, the entries being returned all the same).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enumerated {
    pub columns: Vec<EnumColumn>,
    pub alloc: usize,
    pub err: i32,
}

/// Where a column's values are: the record, or the default record (`None`: neither).
#[derive(Clone, Copy)]
enum Source {
    Record,
    Default,
}

/// A value as the record holds it.
enum Raw<'a> {
    Data(&'a [u8]),
    /// A separated long value: its id in the record.
    Separated(&'a [u8]),
}

fn tagged_id(sch: &Schema, c: &ColumnRef<'_>) -> TaggedId {
    TaggedId { fid: c.def.fid, derived: c.from_template() && sch.table.is_derived() }
}

/// The values `rec` holds for column `c`: `None` when the record does not have the column
/// (fixed/variable past its last of the class, tagged without an entry), else its values (none
/// for NULL or a NULL marker).
fn values_in<'r>(sch: &Schema, rec: &'r Record, c: &ColumnRef<'_>) -> Option<Vec<Raw<'r>>> {
    let one = |r: ColumnRead<'r>| match r {
        ColumnRead::Absent => None,
        ColumnRead::Null => Some(Vec::new()),
        ColumnRead::Value(v) => Some(vec![Raw::Data(v)]),
    };
    match c.def.class() {
        ColumnClass::Fixed => one(rec.fixed(c.def.fid)),
        ColumnClass::Variable => one(rec.var(c.def.fid)),
        ColumnClass::Tagged => {
            let id = tagged_id(sch, c);
            match rec.tagged(id, 1) {
                TaggedRead::Absent => None,
                _ => Some(
                    rec.tagged_values(id)
                        .unwrap_or_default()
                        .iter()
                        .map(|v| if v.separated { Raw::Separated(&v.data) } else { Raw::Data(&v.data) })
                        .collect(),
                ),
            }
        }
    }
}

/// The order of ESE's column union: by column id with the template bit flipped, so template
/// columns come first (fldenum.cxx:930-948).
fn order_key(columnid: u32) -> u32 {
    columnid ^ 0x8000_0000
}

impl TableCursor {
    /// JetEnumerateColumns after the shim's pointer checks (`pcEnumColumn`, `prgEnumColumn`,
    /// `pfnRealloc` non-NULL): `count` 0 enumerates every column, else `read` gives the `count`
    /// requests (called where ESE reads them, after the state checks: a NULL list is its -1003).
    pub fn enumerate_columns(
        &mut self,
        tx: &Tx<'_>,
        count: u32,
        read: &mut dyn FnMut() -> JetResult<Vec<EnumRequest>>,
        cb_data_most: u32,
        grbit: u32,
    ) -> JetResult<Enumerated> {
        let sch = self.refresh()?;
        if grbit & !KNOWN != 0 || grbit & JET_bitEnumerateLocal != 0 {
            return fail(JET_errInvalidGrbit);
        }
        if count > 0 && grbit & JET_bitEnumerateTaggedOnly != 0 {
            return fail(JET_errInvalidGrbit);
        }
        let columns = sch.cat.columns_of(&sch.table);
        let ignore_default = grbit & JET_bitEnumerateIgnoreDefault != 0;
        if !ignore_default
            && grbit & JET_bitEnumerateIgnoreUserDefinedDefault == 0
            && columns.iter().any(|c| c.def.user_defined_default.is_some())
        {
            // Defaults computed by callbacks are not enumerated (ESE does not either).
            return fail(JET_errCallbackFailed);
        }
        if grbit & JET_bitEnumerateInRecordOnly != 0 && grbit & JET_bitEnumerateAsRefIfNotInRecord != 0 {
            return fail(JET_errInvalidGrbit);
        }
        let copy = self.read_only_copy() || grbit & JET_bitEnumerateCopy != 0 && self.rec.update.is_some();
        let rec = match (&self.rec.update, copy) {
            (Some(u), true) => u.rec.clone(),
            _ => Record::decode(&self.current(tx)?.1, &sch.layout)?,
        };
        if grbit & JET_bitEnumerateAsRefIfNotInRecord != 0 {
            // Column references (JetRetrieveColumnByReference) are not part of libesent: refused
            // as ESE refuses them over an unstable copy (fldenum.cxx:2139-2144).
            return fail(JET_errInvalidGrbit);
        }
        let any_default = columns.iter().any(|c| c.def.default.is_some());
        let non_escrow_default =
            columns.iter().any(|c| c.def.default.is_some() && !c.def.has(JET_bitColumnEscrowUpdate));
        let dflt =
            if !ignore_default && any_default { Some(sch.cat.default_record(&sch.table)?) } else { None };
        let opts = Opts {
            cb_data_most,
            presence_only: grbit & JET_bitEnumeratePresenceOnly != 0,
            compress: grbit & JET_bitEnumerateCompressOutput != 0,
            in_record_only: grbit & JET_bitEnumerateInRecordOnly != 0,
            ignore_default,
            copy,
        };
        if count == 0 {
            self.enumerate_all(tx, &sch, &columns, &rec, dflt.as_ref(), non_escrow_default, grbit, &opts)
        } else {
            let requests = read()?;
            self.enumerate_listed(tx, &sch, &requests, &rec, dflt.as_ref(), non_escrow_default, &opts)
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn enumerate_all(
        &mut self,
        tx: &Tx<'_>,
        sch: &Arc<Schema>,
        columns: &[ColumnRef<'_>],
        rec: &Record,
        dflt: Option<&Record>,
        non_escrow_default: bool,
        grbit: u32,
        o: &Opts,
    ) -> JetResult<Enumerated> {
        let tagged_only = grbit & JET_bitEnumerateTaggedOnly != 0;
        // Which parts of each record the walk reads (fldenum.cxx:1990-2110): the record's
        // fixed, variable and tagged parts; the default record's fixed part, and its variable
        // and tagged parts when some default is not on an escrow column.
        let parts = |r: &Record, with_var_tagged: bool| -> (usize, usize, usize) {
            let f = if tagged_only { 0 } else { r.fixed_last() as usize };
            let v = if tagged_only || !with_var_tagged {
                0
            } else {
                (r.var_last() as usize + 1).saturating_sub(crate::engine::coltype::FID_VAR_FIRST as usize)
            };
            let t = if with_var_tagged { r.tagged_columns().len() } else { 0 };
            (f, v, t)
        };
        let (rf, rv, rt) = parts(rec, true);
        let (df, dv, dt) = match dflt {
            Some(d) => parts(d, non_escrow_default),
            None => (0, 0, 0),
        };
        let alloc = rf + rv + rt + df + dv + dt;
        // The union: column id → where its values come from, the record first. The columns by
        // fid (fixed, variable) and by tagged id, looked up once each.
        let mut by_fid: HashMap<u16, usize> = HashMap::new();
        let mut by_tag: HashMap<TaggedId, usize> = HashMap::new();
        for (i, c) in columns.iter().enumerate() {
            match c.def.class() {
                ColumnClass::Tagged => {
                    by_tag.insert(tagged_id(sch, c), i);
                }
                _ => {
                    by_fid.insert(c.def.fid, i);
                }
            }
        }
        let mut found: Vec<(u32, usize, Source)> = Vec::new();
        let mut taken: HashSet<usize> = HashSet::new();
        let mut add = |c: Option<&usize>, src: Source| {
            if let Some(&i) = c
                && taken.insert(i)
            {
                found.push((order_key(columns[i].columnid()), i, src));
            }
        };
        for (r, (f, v, t), src) in
            [(Some(rec), (rf, rv, rt), Source::Record), (dflt, (df, dv, dt), Source::Default)]
        {
            let Some(r) = r else { continue };
            for fid in 1..=f as u16 {
                add(by_fid.get(&fid), src);
            }
            for k in 0..v as u16 {
                add(by_fid.get(&(crate::engine::coltype::FID_VAR_FIRST + k)), src);
            }
            for col in r.tagged_columns().iter().take(t) {
                add(by_tag.get(&col.id), src);
            }
        }
        found.sort_by_key(|(k, _, _)| *k);
        let mut out = Vec::with_capacity(found.len());
        for (_, i, src) in found {
            let c = &columns[i];
            let r = match src {
                Source::Record => rec,
                Source::Default => dflt.unwrap_or(rec),
            };
            let vals = values_in(sch, r, c).unwrap_or_default();
            out.push(self.enum_column(tx, sch, c, &vals, None, true, o)?);
        }
        Ok(Enumerated { columns: out, alloc, err: 0 })
    }

    #[allow(clippy::too_many_arguments)]
    fn enumerate_listed(
        &mut self,
        tx: &Tx<'_>,
        sch: &Arc<Schema>,
        requests: &[EnumRequest],
        rec: &Record,
        dflt: Option<&Record>,
        non_escrow_default: bool,
        o: &Opts,
    ) -> JetResult<Enumerated> {
        let mut out = Vec::with_capacity(requests.len());
        let mut first_err = 0;
        for q in requests {
            if q.columnid == 0 {
                out.push(EnumColumn { columnid: 0, err: JET_wrnColumnSkipped, body: EnumBody::None });
                continue;
            }
            let c = match sch.column(q.columnid) {
                Ok(c) => c,
                Err(e) => {
                    if first_err == 0 {
                        first_err = e.0;
                    }
                    out.push(EnumColumn { columnid: q.columnid, err: e.0, body: EnumBody::None });
                    continue;
                }
            };
            // The record first; where it does not have the column, the default record (for
            // variable and tagged columns only when some default is not an escrow one).
            let mut vals = values_in(sch, rec, &c);
            if vals.is_none()
                && let Some(d) = dflt
                && (c.def.class() == ColumnClass::Fixed || non_escrow_default)
            {
                vals = values_in(sch, d, &c);
            }
            let found = vals.is_some();
            let vals = vals.unwrap_or_default();
            let itags = (!q.itags.is_empty()).then_some(q.itags.as_slice());
            let mut e = self.enum_column(tx, sch, &c, &vals, itags, found, o)?;
            // Report the id as asked (with or without the template bit).
            e.columnid = q.columnid;
            out.push(e);
        }
        let alloc = out.len();
        Ok(Enumerated { columns: out, alloc, err: first_err })
    }

    /// One column's entry from its values; `itags` the values asked for (`None`: all),
    /// `found` whether the record (or default record) has the column at all.
    #[allow(clippy::too_many_arguments)]
    fn enum_column(
        &mut self,
        tx: &Tx<'_>,
        sch: &Schema,
        c: &ColumnRef<'_>,
        vals: &[Raw<'_>],
        itags: Option<&[u32]>,
        found: bool,
        o: &Opts,
    ) -> JetResult<EnumColumn> {
        let columnid = c.columnid();
        let entry = |err: i32, body: EnumBody| Ok(EnumColumn { columnid, err, body });
        let count = vals.len() as u32;
        if itags.is_none() {
            if !found && o.ignore_default {
                return entry(JET_wrnColumnDefault, EnumBody::None);
            }
            if count == 0 {
                return entry(JET_wrnColumnNull, EnumBody::None);
            }
            if o.presence_only {
                return entry(JET_wrnColumnPresent, EnumBody::None);
            }
            if count == 1
                && o.compress
                && let Raw::Data(d) = vals[0]
            {
                return entry(JET_wrnColumnSingleValue, EnumBody::Single(d.to_vec()));
            }
        }
        let wanted: Vec<u32> = match itags {
            Some(t) => t.to_vec(),
            None => (1..=count).collect(),
        };
        let mut values = Vec::with_capacity(wanted.len());
        for itag in wanted {
            let v = |err: i32, data: Option<Vec<u8>>| EnumValue { itag, err, data };
            if itag == 0 {
                values.push(v(JET_wrnColumnSkipped, None));
                continue;
            }
            if itag > count {
                let err = if !found && o.ignore_default { JET_wrnColumnDefault } else { JET_wrnColumnNull };
                values.push(v(err, None));
                continue;
            }
            if o.presence_only {
                values.push(v(JET_wrnColumnPresent, None));
                continue;
            }
            match vals[itag as usize - 1] {
                Raw::Data(d) => values.push(v(0, Some(d.to_vec()))),
                Raw::Separated(_) if o.in_record_only => values.push(v(JET_wrnColumnNotInRecord, None)),
                Raw::Separated(lid) => {
                    let lid = Lid::from_record(lid)?;
                    let (data, size) = self.enum_lv(tx, sch, lid, o.cb_data_most, o.copy)?;
                    let err = if size > o.cb_data_most { JET_wrnColumnTruncated } else { 0 };
                    values.push(v(err, Some(data)));
                }
            }
        }
        entry(0, EnumBody::Values(values))
    }

    /// The first `most` bytes of a separated long value and its size, through the session's
    /// view (and the prepared update's own changes when the copy buffer is read).
    fn enum_lv(
        &mut self,
        tx: &Tx<'_>,
        sch: &Schema,
        lid: Lid,
        most: u32,
        copy: bool,
    ) -> JetResult<(Vec<u8>, u32)> {
        let Some((lv_objid, chunk, store)) = self.lv_info(sch)? else { return fail(JET_errLVCorrupted) };
        let chunk: ChunkSize = chunk;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), lv_objid));
        let staged = if copy { self.rec.update.as_mut().map(|u| &mut u.lv_staged) } else { None };
        let mut tree = LvView { store: store.as_ref(), own, staged, read_only: true };
        let size = lv::size(&mut tree, lid)?;
        let mut buf = vec![0u8; size.min(most) as usize];
        lv::read(&mut tree, lid, 0, &mut buf, chunk)?;
        Ok((buf, size))
    }
}

/// The options of one call.
struct Opts {
    cb_data_most: u32,
    presence_only: bool,
    compress: bool,
    in_record_only: bool,
    ignore_default: bool,
    copy: bool,
}
