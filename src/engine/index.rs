//! The index entries of a record (`data-records` §7.8-§7.9, `data-ddl` §2.7), as a pure
//! function of the schema, the record and a reader of separated long values; and the byte
//! encoding of secondary-index entries in the store, with the seek bounds a cursor needs.
//!
//! JetUpdate and JetDelete maintain an index by comparing [`index_entries`] of the old record
//! with those of the new one. The rules follow ESE's record-key path (ErrRECIIRetrieveKey in
//! fldnorm.cxx, the KeySequence odometer in rec.hxx, ErrRECIEnumerateKeys in recupd.cxx;
//! microsoft/Extensible-Storage-Engine at 7030fe7):
//!
//! - **Conditional columns** are checked first, on the value a retrieval of itag 1 gives (an
//!   absent column reads as its default): a MustBeNull column that is not NULL, or a
//!   MustBeNonNull column that is, leaves the record out of the index.
//! - **Segments** read the column's value (fixed and variable columns past the record's last
//!   one, and absent tagged columns at itag 1, read as the column's default; a tagged NULL
//!   marker reads as NULL) and are normalized by [`record_key`]; the segment that does not fit
//!   the key is cut and no later segment is appended. With `JET_bitIndexDisallowTruncation` a
//!   cut key, or a key that is full while segments remain, is `JET_errKeyTruncated` (-346).
//! - **NULLs**: a key whose segments are all NULL, whose first segment is NULL, or which has a
//!   NULL segment is refused with `JET_errNullKeyDisallowed` (-1053) by
//!   `JET_bitIndexDisallowNull` (ESE raises it for the new and the old record alike), and left
//!   out by IgnoreNull / IgnoreFirstNull / IgnoreAnyNull respectively (each implies the ones
//!   before, fcreate.cxx:1761-1771). A segment past the end of a full key still counts.
//!   `JET_bitIndexEmpty` changes nothing here: it only skips building the index, and requires
//!   IgnoreAnyNull. ESE's "sparse index" flags are an optimisation of insert (skip computing the
//!   entries when the unset columns and their defaults already exclude the record); the
//!   result is the same as computing them, which is what this module does.
//! - **Multi-valued columns** (tagged, `JET_bitColumnMultiValued`): one entry per value of the
//!   first multi-valued segment, the others read at itag 1; with `JET_bitIndexCrossProduct`
//!   every combination of the values of all multi-valued segments (the last one fastest); with
//!   `JET_bitIndexNestedTable` the values of the same itag of every multi-valued segment
//!   together, a column that has run out reading as NULL, until all have run out. A
//!   multi-valued column without values is a NULL segment, at itag 1 only.
//! - **Tuples** (`JET_bitIndexTuples`): the first segment gives one entry per substring: from
//!   character `start`, every `increment` characters, at most `to_index_max` substrings, each
//!   at most `len_max` characters; a substring shorter than `len_min` ends the value (the last
//!   ones are shorter than `len_max`). Characters are bytes, or two bytes for cp-1200 text.
//! - Entries with equal (possibly truncated) keys collapse to the first one made.
//!
//! Long values: a separated value (its LV id) is read through the caller's `lv`, which
//! returns at most the bytes asked for from the start of the value. Like ESE, a segment asks
//! for `cb_key_most` bytes (past a tuple's offset) and asks again for twice as many while a
//! cp-1200 text segment built from all of them still does not fill its space: Unicode sort keys
//! can be shorter than their text. Other types never need more than `cb_key_most` source bytes
//! to fill `cb_key_most` key bytes. Indexes of the legacy 255-byte key size always use the
//! first 255 bytes only, as ESE does. The bytes read are kept for the rest of the call, so a
//! tuple index reads each LV once, growing it geometrically.
//!
//! Deliberate differences from ESE, each where ESE would not terminate or cannot be followed:
//! a cross-product index whose multi-valued column stops being read (its first segment has no
//! tuple left) rolls over to the next value instead of counting itags forever, and a nested-table
//! index ends when every multi-valued segment has run out even if other tagged columns are in the
//! key (ESE counts those as never running out). A column with a user-defined default reads as
//! NULL when absent (the callback is the caller's business). A compressed intrinsic value is
//! `JET_errFeatureNotAvailable`: libesent never writes one and has no decompressor.

use crate::abi::consts::*;
use crate::engine::catalog::{Catalog, ColumnDef, IndexDef, TableDef, TupleLimits};
use crate::engine::coltype::{CP_UNICODE, ColumnClass};
use crate::engine::error::{JetResult, fail, oom};
use crate::engine::key::{KeyDef, KeyValue, record_key};
use crate::engine::record::{ColumnRead, Record, RecordView, TaggedId, TaggedRead};
use std::borrow::Cow;
use std::ops::Bound;

/// One entry a record has in an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexEntry {
    /// The normalized key (at most the index's `cb_key_most` bytes).
    pub key: Vec<u8>,
    /// The itagSequence of the multi-valued value it came from: the first multi-valued
    /// segment's (1 if the index has none).
    pub itag: u32,
}

/// What the entries are computed from: a decoded [`Record`] (the copy buffer of an update) or a
/// stored record read in place ([`RecordView`], for a delete).
pub trait RecordColumns {
    fn fixed_column(&self, fid: u16) -> ColumnRead<'_>;
    fn var_column(&self, fid: u16) -> ColumnRead<'_>;
    fn tagged_column(&self, id: TaggedId, itag: u32) -> TaggedRead<'_>;
}

impl RecordColumns for Record {
    fn fixed_column(&self, fid: u16) -> ColumnRead<'_> {
        self.fixed(fid)
    }
    fn var_column(&self, fid: u16) -> ColumnRead<'_> {
        self.var(fid)
    }
    fn tagged_column(&self, id: TaggedId, itag: u32) -> TaggedRead<'_> {
        self.tagged(id, itag)
    }
}

impl RecordColumns for RecordView<'_> {
    fn fixed_column(&self, fid: u16) -> ColumnRead<'_> {
        self.fixed(fid)
    }
    fn var_column(&self, fid: u16) -> ColumnRead<'_> {
        self.var(fid)
    }
    fn tagged_column(&self, id: TaggedId, itag: u32) -> TaggedRead<'_> {
        self.tagged(id, itag)
    }
}

/// Reads `bytes wanted` bytes from the start of the separated long value whose LV id is given
/// (fewer when the value is shorter).
pub type LvReader<'a> = dyn FnMut(&[u8], usize) -> JetResult<Vec<u8>> + 'a;

/// The entries of `rec` in index `ix` of table `t` (`kd` = `cat.key_def(t, ix)`), deduplicated
/// and sorted by key. Empty when the record is not in the index (conditional columns, ignored
/// NULLs, no tuple). `JET_errNullKeyDisallowed` (-1053) and `JET_errKeyTruncated` (-346) as the
/// module documentation says; a key or conditional column the table does not have is
/// `JET_errColumnNotFound`; errors of `lv` are passed on.
pub fn index_entries<R: RecordColumns + ?Sized>(
    cat: &Catalog,
    t: &TableDef,
    ix: &IndexDef,
    kd: &KeyDef,
    rec: &R,
    lv: &mut LvReader<'_>,
) -> JetResult<Vec<IndexEntry>> {
    if kd.segments.len() != ix.segments.len() || ix.segments.is_empty() {
        return fail(JET_errInvalidParameter);
    }
    let segs = ix.segments.iter().map(|s| column(cat, t, s.columnid)).collect::<JetResult<Vec<_>>>()?;
    // data-ddl 2.7 (JET_CONDITIONALCOLUMN): ESE checks these before any segment.
    for cc in &ix.conditional {
        let c = column(cat, t, cc.columnid)?;
        let null = matches!(read(rec, &c, 1), Source::Null);
        if cc.must_be_null != null {
            return Ok(Vec::new());
        }
    }
    let g = ix.grbit;
    let has = |bit: u32| g & bit != 0;
    let nested = has(JET_bitIndexNestedTable);
    let n = segs.len();
    // KeySequence::Init (rec.hxx:646-735): which segments iterate over their values.
    let mut mv = vec![false; n];
    if ix.multivalued {
        for (i, c) in segs.iter().enumerate() {
            if c.class == ColumnClass::Tagged && c.def.has(JET_bitColumnMultiValued) {
                mv[i] = true;
                if !has(JET_bitIndexCrossProduct) && !nested {
                    break;
                }
            }
        }
    }
    let mv_most = mv.iter().rposition(|&m| m);
    let first_mv = mv.iter().position(|&m| m);
    let tuples = has(JET_bitIndexTuples).then(|| ix.tuple_limits.unwrap_or_default());
    let (ich_start, ich_increment, tuple_max) = match &tuples {
        Some(l) => (l.start, l.increment.max(1), l.to_index_max.max(1)),
        None => (0, 1, 1),
    };
    // fcreate.cxx:1761-1771.
    let disallow_null = has(JET_bitIndexDisallowNull);
    let allow_some = !disallow_null && !has(JET_bitIndexIgnoreAnyNull);
    let allow_first = allow_some && !has(JET_bitIndexIgnoreFirstNull);
    let allow_all = allow_first && !has(JET_bitIndexIgnoreNull);

    let mut ctx = Ctx { kd, segs, rec, nested, tuples, mv, lv, cache: Vec::new() };
    let mut itags = vec![1u32; n];
    let mut out: Vec<IndexEntry> = Vec::new();
    // ErrRECIEnumerateKeys (recupd.cxx:497-690).
    loop {
        let mut next = Next::Step;
        let mut ich = ich_start;
        for _ in 0..tuple_max {
            match ctx.retrieve(&itags, ich)? {
                Outcome::OutOfKeys(0) => {
                    next = Next::Complete;
                    break;
                }
                Outcome::OutOfKeys(i) => {
                    next = Next::Rollover(i);
                    break;
                }
                Outcome::OutOfTuples => {
                    if first_mv != Some(0) {
                        next = Next::Complete;
                    }
                    break;
                }
                Outcome::Key(key, nulls) => {
                    if disallow_null && nulls != Nulls::None {
                        return fail(JET_errNullKeyDisallowed);
                    }
                    let keep = match nulls {
                        Nulls::None => true,
                        Nulls::All => {
                            next = Next::Complete;
                            allow_all
                        }
                        Nulls::First => allow_first,
                        Nulls::Some => allow_some,
                    };
                    if !keep {
                        next = Next::Complete;
                        break;
                    }
                    let itag = first_mv.map_or(1, |i| itags[i]);
                    out.try_reserve(1).map_err(oom)?;
                    out.push(IndexEntry { key, itag });
                    if nulls == Nulls::All {
                        break;
                    }
                    next = Next::Step;
                }
            }
            ich = ich.saturating_add(ich_increment);
        }
        if next == Next::Complete || !ix.multivalued || mv_most.is_none() {
            break;
        }
        // KeySequence::Increment (rec.hxx:805-878).
        let mv_most = mv_most.unwrap_or(0);
        match next {
            Next::Step if ctx.nested => {
                for (i, m) in ctx.mv.iter().enumerate() {
                    if *m {
                        itags[i] = itags[i].saturating_add(1);
                    }
                }
            }
            Next::Step => itags[mv_most] = itags[mv_most].saturating_add(1),
            Next::Rollover(i) => {
                let Some(j) = ctx.mv[..i].iter().rposition(|&m| m) else { break };
                itags[j] = itags[j].saturating_add(1);
                for it in &mut itags[i..=mv_most.max(i)] {
                    *it = 1;
                }
            }
            Next::Complete => break,
        }
    }
    // TRACK_INDEX_ENTRY_CONTEXT::CleanActionList: one entry per key, the first one made.
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out.dedup_by(|later, first| later.key == first.key);
    Ok(out)
}

/// The primary key of `rec` (its bookmark), or `None` for a table without a primary index
/// (the caller numbers its records). Errors as [`index_entries`].
pub fn primary_key<R: RecordColumns + ?Sized>(
    cat: &Catalog,
    t: &TableDef,
    kd: &KeyDef,
    rec: &R,
    lv: &mut LvReader<'_>,
) -> JetResult<Option<Vec<u8>>> {
    let Some(ix) = t.primary_index() else { return Ok(None) };
    let mut entries = index_entries(cat, t, ix, kd, rec, lv)?;
    // A primary index has no ignored NULLs, conditions, multi-values or tuples (data-ddl 7.7).
    match entries.pop() {
        Some(e) if entries.is_empty() => Ok(Some(e.key)),
        _ => fail(JET_errIndexInvalidDef),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Next {
    /// Go on with the next value (NoRollover).
    Step,
    /// The multi-valued segment at this position ran out.
    Rollover(usize),
    Complete,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Nulls {
    None,
    /// Every segment is NULL (wrnFLDNullKey).
    All,
    /// The first segment is NULL (wrnFLDNullFirstSeg).
    First,
    /// Some other segment is NULL (wrnFLDNullSeg).
    Some,
}

enum Outcome {
    Key(Vec<u8>, Nulls),
    /// A multi-valued segment has no value at its itag (wrnFLDOutOfKeys).
    OutOfKeys(usize),
    /// The tuple segment has no substring left at this offset (wrnFLDOutOfTuples).
    OutOfTuples,
}

/// A key or conditional column as a record holds it.
struct Col<'a> {
    def: &'a ColumnDef,
    class: ColumnClass,
    id: TaggedId,
}

fn column<'a>(cat: &'a Catalog, t: &'a TableDef, columnid: u32) -> JetResult<Col<'a>> {
    let Some(c) = cat.column_by_id(t, columnid) else { return fail(JET_errColumnNotFound) };
    let id = TaggedId { fid: c.def.fid, derived: c.from_template() && t.is_derived() };
    Ok(Col { def: c.def, class: c.def.class(), id })
}

/// A column value before its data is fetched.
enum Source<'a> {
    Null,
    Bytes(&'a [u8]),
    /// The LV id of a value in the LV tree.
    Separated(&'a [u8]),
    Compressed,
}

/// Value `itag` of a column, as ESE's retrieval for keys gives it (defaults included).
fn read<'a, R: RecordColumns + ?Sized>(rec: &'a R, c: &Col<'a>, itag: u32) -> Source<'a> {
    let default = || c.def.default.as_deref().map_or(Source::Null, Source::Bytes);
    let plain = |r: ColumnRead<'a>| match r {
        ColumnRead::Absent => default(),
        ColumnRead::Null => Source::Null,
        ColumnRead::Value(v) => Source::Bytes(v),
    };
    match c.class {
        ColumnClass::Fixed => plain(rec.fixed_column(c.def.fid)),
        ColumnClass::Variable => plain(rec.var_column(c.def.fid)),
        ColumnClass::Tagged => match rec.tagged_column(c.id, itag) {
            TaggedRead::Absent if itag == 1 => default(),
            TaggedRead::Absent | TaggedRead::NullOverride | TaggedRead::Missing => Source::Null,
            TaggedRead::Value(v) if v.separated => Source::Separated(v.data),
            TaggedRead::Value(v) if v.compressed => Source::Compressed,
            TaggedRead::Value(v) => Source::Bytes(v.data),
        },
    }
}

/// A segment's value for [`record_key`].
enum Val<'a> {
    Null,
    Data(Cow<'a, [u8]>),
}

fn key_values<'v>(vals: &'v [Val<'_>]) -> Vec<KeyValue<'v>> {
    vals.iter()
        .map(|v| match v {
            Val::Null => KeyValue::Null,
            Val::Data(d) => KeyValue::Data(d),
        })
        .collect()
}

struct LvCache {
    lid: Vec<u8>,
    bytes: Vec<u8>,
    /// The value has no more bytes than these.
    complete: bool,
}

struct Ctx<'a, 'l, R: RecordColumns + ?Sized> {
    kd: &'a KeyDef,
    segs: Vec<Col<'a>>,
    rec: &'a R,
    nested: bool,
    tuples: Option<TupleLimits>,
    /// The segments that iterate over their values.
    mv: Vec<bool>,
    lv: &'a mut LvReader<'l>,
    cache: Vec<LvCache>,
}

impl<'a, R: RecordColumns + ?Sized> Ctx<'a, '_, R> {
    /// ErrRECIRetrieveKey (fldnorm.cxx:875-931): the key of one itag combination and tuple
    /// offset, with ever more source data while a segment asks for it.
    fn retrieve(&mut self, itags: &[u32], ich: u32) -> JetResult<Outcome> {
        // Where ESE would find a multi-valued segment out of values only after segments that
        // cannot change (they were read the same way for the previous itag), find it first:
        // this is what ends the sequences ESE would count forever (see the module doc).
        if self.nested {
            let mut any = false;
            let mut all_out = true;
            for (i, c) in self.segs.iter().enumerate() {
                if self.mv[i] {
                    any = true;
                    all_out &= itags[i] > 1 && matches!(read(self.rec, c, itags[i]), Source::Null);
                }
            }
            if any && all_out {
                return Ok(Outcome::OutOfKeys(0));
            }
        } else {
            for (i, c) in self.segs.iter().enumerate() {
                if self.mv[i] && itags[i] > 1 && matches!(read(self.rec, c, itags[i]), Source::Null) {
                    return Ok(Outcome::OutOfKeys(i));
                }
            }
        }
        let mut cb_data_most = self.kd.cb_key_most.max(1);
        loop {
            let (outcome, more) = self.retrieve_once(itags, ich, cb_data_most)?;
            if !more {
                return Ok(outcome);
            }
            cb_data_most = cb_data_most.saturating_mul(2);
        }
    }

    /// The first `want` bytes of a separated LV (fewer if it is shorter), from `offset`.
    fn lv_bytes(&mut self, lid: &[u8], offset: usize, want: usize) -> JetResult<Vec<u8>> {
        let end = offset.saturating_add(want);
        let at = match self.cache.iter().position(|c| c.lid == lid) {
            Some(at) => at,
            None => {
                self.cache.try_reserve(1).map_err(oom)?;
                self.cache.push(LvCache { lid: lid.to_vec(), bytes: Vec::new(), complete: false });
                self.cache.len() - 1
            }
        };
        let c = &mut self.cache[at];
        if c.bytes.len() < end && !c.complete {
            // Grow at least geometrically: a tuple index asks for one more character each time.
            let ask = end.max(c.bytes.len().saturating_mul(2));
            let mut got = (self.lv)(lid, ask)?;
            c.complete = got.len() < ask;
            got.truncate(ask);
            c.bytes = got;
        }
        let b = &c.bytes;
        let from = offset.min(b.len());
        let to = end.min(b.len());
        let mut v = Vec::new();
        v.try_reserve_exact(to - from).map_err(oom)?;
        v.extend_from_slice(&b[from..to]);
        Ok(v)
    }

    /// The key of the first `s` segments of `vals`.
    fn prefix_key(&self, vals: &[Val<'_>], disallow_truncation: bool) -> JetResult<(Vec<u8>, bool)> {
        let s = vals.len();
        if s == self.kd.segments.len() && disallow_truncation == self.kd.disallow_truncation {
            return record_key(self.kd, &key_values(vals));
        }
        let def = KeyDef { segments: self.kd.segments[..s].to_vec(), disallow_truncation, ..self.kd.clone() };
        record_key(&def, &key_values(vals))
    }

    /// ErrRECIIRetrieveKey (fldnorm.cxx:933-1907) with `cb_data_most` bytes of source data per
    /// segment; also says whether a segment wants more (fNeedMoreData).
    fn retrieve_once(&mut self, itags: &[u32], ich: u32, cb_data_most: usize) -> JetResult<(Outcome, bool)> {
        let kd = self.kd;
        let n = self.segs.len();
        let mut vals: Vec<Val<'a>> = Vec::with_capacity(n);
        // Segments whose data was cut to cb_data_most bytes.
        let mut cut = vec![false; n];
        let (mut all_null, mut first_null, mut some_null) = (true, false, false);
        let mut stop = None;
        for i in 0..n {
            let rec = self.rec;
            let src = read(rec, &self.segs[i], itags[i]);
            let null = matches!(src, Source::Null);
            if null && itags[i] > 1 && !self.nested {
                stop = Some(Outcome::OutOfKeys(i));
                break;
            }
            let unicode = self.segs[i].def.cp == CP_UNICODE;
            let cb_char = if unicode { 2 } else { 1 };
            let tuple = if i == 0 { self.tuples } else { None };
            let offset = tuple.map_or(0, |_| ich as usize * cb_char);
            let mut data: Option<Cow<'a, [u8]>> = match src {
                Source::Null => None,
                Source::Bytes(b) => {
                    let from = offset.min(b.len());
                    let to = from + (b.len() - from).min(cb_data_most);
                    Some(Cow::Borrowed(&b[from..to]))
                }
                Source::Separated(_) | Source::Compressed if self.key_full(&vals)? => {
                    // ESE does not read a value once the key is full; any data stands for it.
                    Some(Cow::Borrowed(&[0u8][..]))
                }
                Source::Separated(lid) => Some(Cow::Owned(self.lv_bytes(lid, offset, cb_data_most)?)),
                Source::Compressed => return fail(JET_errFeatureNotAvailable),
            };
            if let Some(l) = tuple {
                // data-ddl 2.7 (tuples): the substring at this offset, at most len_max
                // characters; a NULL has none (fldnorm.cxx:1623-1667).
                let max = l.len_max as usize * cb_char;
                if let Some(d) = &mut data
                    && d.len() > max
                {
                    *d = match std::mem::take(d) {
                        Cow::Borrowed(b) => Cow::Borrowed(&b[..max]),
                        Cow::Owned(mut v) => {
                            v.truncate(max);
                            Cow::Owned(v)
                        }
                    };
                }
                if data.as_ref().map_or(0, |d| d.len()) < l.len_min as usize * cb_char {
                    stop = Some(Outcome::OutOfTuples);
                    break;
                }
            }
            match data {
                None => {
                    if i == 0 {
                        first_null = true;
                    }
                    some_null = true;
                    vals.push(Val::Null);
                }
                Some(d) => {
                    all_null = false;
                    cut[i] = d.len() == cb_data_most;
                    vals.push(Val::Data(d));
                }
            }
        }
        let s = vals.len();
        let (key, _) = self.prefix_key(&vals, kd.disallow_truncation)?;
        if stop.is_some() && kd.disallow_truncation && key.len() >= kd.cb_key_most {
            // The next segment finds no room (fldnorm.cxx:1325-1333).
            return fail(JET_errKeyTruncated);
        }
        let more = self.needs_more(&vals[..s], &cut)?;
        if let Some(o) = stop {
            return Ok((o, more));
        }
        let nulls = if all_null {
            Nulls::All
        } else if first_null {
            Nulls::First
        } else if some_null {
            Nulls::Some
        } else {
            Nulls::None
        };
        Ok((Outcome::Key(key, nulls), more))
    }

    /// Whether the key is already full before the next segment of `vals`.
    fn key_full(&self, vals: &[Val<'_>]) -> JetResult<bool> {
        let (key, truncated) = self.prefix_key(vals, false)?;
        Ok(truncated || key.len() >= self.kd.cb_key_most)
    }

    /// fldnorm.cxx:1770-1790: a segment made of all the source data it was given that still
    /// does not fill its space wants more. Only cp-1200 text can make a shorter key from more
    /// text than from its prefix; for the other types more data would give the same key, so
    /// they are not asked (the result is ESE's either way).
    fn needs_more(&self, vals: &[Val<'_>], cut: &[bool]) -> JetResult<bool> {
        let kd = self.kd;
        if kd.cb_key_most == JET_cbKeyMost_OLD as usize {
            return Ok(false);
        }
        let vsm = if kd.cb_var_seg_mac == kd.cb_key_most || kd.cb_var_seg_mac == 0 {
            kd.cb_key_most + 1
        } else {
            kd.cb_var_seg_mac
        };
        for (i, v) in vals.iter().enumerate() {
            let seg = &kd.segments[i];
            let Val::Data(d) = v else { continue };
            if !cut[i] || !seg.coltype.is_text() || seg.cp != CP_UNICODE {
                continue;
            }
            let (before, _) = self.prefix_key(&vals[..i], false)?;
            let avail = kd.cb_key_most - before.len().min(kd.cb_key_most);
            if avail == 0 {
                continue;
            }
            let mut one = seg.clone();
            one.descending = false;
            let def = KeyDef { segments: vec![one], disallow_truncation: false, ..kd.clone() };
            let (alone, _) = record_key(&def, &[KeyValue::Data(d)])?;
            let cb_seg = alone.len().min(avail.min(vsm));
            if cb_seg < kd.cb_key_most && cb_seg < avail && cb_seg < kd.cb_var_seg_mac {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

// ---- secondary index entries in the store ----

/// Appends `key` with every 0x00 byte written as 0x00 0x01.
fn escape_into(key: &[u8], out: &mut Vec<u8>) {
    for &b in key {
        out.push(b);
        if b == 0 {
            out.push(1);
        }
    }
}

fn escaped(key: &[u8], tail: [u8; 2]) -> Vec<u8> {
    let zeros = key.iter().filter(|&&b| b == 0).count();
    let mut out = Vec::with_capacity(key.len() + zeros + 2);
    escape_into(key, &mut out);
    out.extend_from_slice(&tail);
    out
}

/// Ends the escaped key: below every escaped byte (0x00 0x01 or 0x01..=0xFF).
const TERMINATOR: [u8; 2] = [0x00, 0x00];
/// Just above the terminator, below every escaped byte that can follow a key.
const AFTER_TERMINATOR: [u8; 2] = [0x00, 0x01];

/// The store key of a secondary index entry: the secondary key with each 0x00 byte written as
/// 0x00 0x01, then 0x00 0x00, then the primary bookmark as is. Plain byte order of these is
/// ESE's order of entries (by key, a prefix first, then by bookmark), and the bookmark can be
/// split off again.
pub fn secondary_tree_key(key: &[u8], bookmark: &[u8]) -> Vec<u8> {
    let mut out = escaped(key, TERMINATOR);
    out.extend_from_slice(bookmark);
    out
}

/// The (secondary key, bookmark) of a stored secondary entry; bytes that no
/// [`secondary_tree_key`] makes are `JET_errDatabaseCorrupted`.
pub fn split_secondary_tree_key(stored: &[u8]) -> JetResult<(Vec<u8>, Vec<u8>)> {
    let mut key = Vec::with_capacity(stored.len());
    let mut i = 0;
    while i < stored.len() {
        match stored[i] {
            0 => match stored.get(i + 1) {
                Some(0) => return Ok((key, stored[i + 2..].to_vec())),
                Some(1) => {
                    key.push(0);
                    i += 2;
                }
                _ => return fail(JET_errDatabaseCorrupted),
            },
            b => {
                key.push(b);
                i += 1;
            }
        }
    }
    fail(JET_errDatabaseCorrupted)
}

/// Where the bookmark of a stored secondary entry starts (just past the terminator of its
/// escaped key); bytes that no [`secondary_tree_key`] makes are `JET_errDatabaseCorrupted`.
fn bookmark_start(stored: &[u8]) -> JetResult<usize> {
    let mut i = 0;
    while i < stored.len() {
        if stored[i] == 0 {
            match stored.get(i + 1) {
                Some(0) => return Ok(i + 2),
                Some(1) => i += 2,
                _ => return fail(JET_errDatabaseCorrupted),
            }
        } else {
            i += 1;
        }
    }
    fail(JET_errDatabaseCorrupted)
}

/// The bookmark of a stored secondary entry, borrowed (as [`split_secondary_tree_key`]'s
/// second part, without copying: the navigation hot path).
pub fn secondary_bookmark_of(stored: &[u8]) -> JetResult<&[u8]> {
    Ok(&stored[bookmark_start(stored)?..])
}

/// The escaped key of a stored secondary entry with its terminator, borrowed: two entries
/// have the same secondary key exactly when these are equal, and they equal
/// [`secondary_key_prefix`] of that key.
pub fn secondary_key_part(stored: &[u8]) -> JetResult<&[u8]> {
    Ok(&stored[..bookmark_start(stored)?])
}

/// [`secondary_key_prefix`] of `key` into `out` (its buffer reused).
pub fn secondary_key_prefix_into(key: &[u8], out: &mut Vec<u8>) {
    out.clear();
    escape_into(key, out);
    out.extend_from_slice(&TERMINATOR);
}

/// The first stored key of the entries whose secondary key is > `key` (a JetSeek GT bound), into
/// `out`.
pub fn secondary_after_key_into(key: &[u8], out: &mut Vec<u8>) {
    out.clear();
    escape_into(key, out);
    out.extend_from_slice(&AFTER_TERMINATOR);
}

/// The prefix every stored entry of secondary key `key` starts with, and only those: for
/// unique-index checks and seeks on an exact key. It is also the first stored key of the
/// entries whose key is >= `key` (see [`secondary_store_range`]).
pub fn secondary_key_prefix(key: &[u8]) -> Vec<u8> {
    escaped(key, TERMINATOR)
}

/// The stored keys `[start, end)` (`end` `None`: to the end of the tree) of exactly the entries
/// whose secondary key lies between `lower` and `upper`, compared as ESE compares keys (bytes,
/// a prefix first). Search keys are JetMakeKey's bytes as they are, limit keys (0xFF filled)
/// included: `(Included(k), Unbounded)` seeks `JET_bitSeekGE`, `(Unbounded, Included(k))` ends
/// where `JET_bitSeekLE` looks back from, `Excluded` gives GT / LT.
pub fn secondary_store_range(lower: Bound<&[u8]>, upper: Bound<&[u8]>) -> (Vec<u8>, Option<Vec<u8>>) {
    let start = match lower {
        Bound::Included(k) => escaped(k, TERMINATOR),
        Bound::Excluded(k) => escaped(k, AFTER_TERMINATOR),
        Bound::Unbounded => Vec::new(),
    };
    let end = match upper {
        Bound::Included(k) => Some(escaped(k, AFTER_TERMINATOR)),
        Bound::Excluded(k) => Some(escaped(k, TERMINATOR)),
        Bound::Unbounded => None,
    };
    (start, end)
}

/// The stored keys `[start, end)` of exactly the entries whose secondary key starts with
/// `prefix` (a JetMakeKey prefix without its limit bytes).
pub fn secondary_prefix_range(prefix: &[u8]) -> (Vec<u8>, Option<Vec<u8>>) {
    let mut start = Vec::with_capacity(prefix.len() + 2);
    escape_into(prefix, &mut start);
    (start.clone(), prefix_successor(start))
}

/// The smallest byte string above every string that starts with `p`; `None` if there is none
/// (`p` is all 0xFF).
fn prefix_successor(mut p: Vec<u8>) -> Option<Vec<u8>> {
    while let Some(&last) = p.last() {
        if last < 0xFF {
            *p.last_mut()? += 1;
            return Some(p);
        }
        p.pop();
    }
    None
}

#[cfg(test)]
mod tests;
