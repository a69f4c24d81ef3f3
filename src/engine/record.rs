//! ESE's record layout (`data-records` §3), as pure encode/decode functions with no handles or
//! I/O. References are to ESE's `rec.hxx`, `tagfld.hxx` and `tagfld.cxx`
//! (microsoft/Extensible-Storage-Engine at 7030fe7); the code is our own.
//!
//! A record is, in order (rec.hxx:284-320):
//!
//! ```text
//! header    fidFixedLastInRec: u8, fidVarLastInRec: u8, ibEndOfFixedData: u16 LE
//! fixed     the data of fixed columns 1..=fidFixedLastInRec, each at the offset the table's
//!           sizes give (deleted columns keep their slot), then the null bitmap: one bit per
//!           fixed column, set = NULL (rec.hxx:4-19); ibEndOfFixedData points past it
//! var       one u16 LE per variable column 128..=fidVarLastInRec: the END of its data relative
//!           to the start of variable data, bit 15 set = NULL (rec.hxx:21-44, 549-566)
//! vardata   the variable columns' bytes, back to back
//! tagged    TAGFLD entries {fid: u16, ib: u16} sorted by (template first, fid), then the data
//!           of each at ib (relative to the first entry) up to the next entry's ib
//!           (tagfld.hxx:150-245)
//! ```
//!
//! A tagged column's data may start with a header byte (TAGFLD_HEADER, tagfld.hxx:5-57) whose
//! flags say long value, compressed, separated (the data is an LV id), multi-valued,
//! two-valued, NULL, encrypted. Pages up to 8 KiB keep the header only when a flag is needed
//! (bit 0x4000 of ib says it is there) and mark a NULL override with bit 0x2000 of ib; larger
//! pages always have the header and use its NULL flag (tagfld.hxx:240-246; tagfld.cxx:1061-1062).
//! Multi-values are either TWOVALUES (small pages, not LV: header, length of the first value:
//! u8, both values) or MULTIVALUES (header, one u16 offset per value relative to the offset
//! array, bit 15 = that value is separated, then the values) (tagfld.hxx:397-700).
//!
//! [`RecordView`] reads a stored record in place; [`Record`] is the editable form (the copy
//! buffer of a prepared update): decode, set columns, encode. Encoding is canonical: it may
//! differ from the bytes ESE would leave after the same edits in two ways that do not change
//! what any column reads (a NULL fixed column's stale bytes are rewritten with the fill byte,
//! and a non-LV column left with two values after a delete is written as TWOVALUES where ESE
//! keeps MULTIVALUES); decoding accepts both forms.

use crate::abi::consts::*;
use crate::engine::coltype::{ColType, FID_TAGGED_FIRST, FID_TAGGED_LAST, FID_VAR_FIRST, pad_fixed_text};
use crate::engine::error::{JetResult, fail};

/// Size of the record header (rec.hxx:296-301, 344-346).
pub const CB_RECORD_HEADER: usize = 4;
/// The byte ESE writes into room a record gains, such as the slot of a fixed column made NULL by
/// extending the record (daedef.hxx:1056).
const FILL: u8 = b'*';
const VAR_NULL: u16 = 0x8000;

// TAGFLD.ib bits (tagfld.hxx:177-183, 240-246).
const TAG_DERIVED: u16 = 0x8000;
const TAG_EXTENDED_SMALL: u16 = 0x4000;
const TAG_NULL_SMALL: u16 = 0x2000;
// TAGFLD_HEADER bits (tagfld.hxx:46-53).
const H_LONG_VALUE: u8 = 0x01;
const H_COMPRESSED: u8 = 0x02;
const H_SEPARATED: u8 = 0x04;
const H_MULTI: u8 = 0x08;
const H_TWO: u8 = 0x10;
const H_NULL: u8 = 0x20;
const H_ENCRYPTED: u8 = 0x40;
// MULTIVALUES offset bits (tagfld.hxx:501-503).
const MV_SEPARATED: u16 = 0x8000;
const MV_MASK: u16 = 0x7FFF;

/// The largest record for a page size and primary key size (REC::CbRecordMost, rec.hxx:351-380;
/// page data from cpage.hxx:992-1021, 1100-1105, node.hxx:256): the page less its header (40
/// bytes up to 8 KiB, 80 above), one reserved tag and one tag of 4 bytes, the key count, and
/// the key (at least `JET_cbKeyMostMin` on small pages).
pub fn cb_record_most(cb_page: u32, cb_key_most: u32) -> usize {
    let cb_page = cb_page as usize;
    let cb_key_most = cb_key_most as usize;
    let small = cb_page <= 8192;
    let data_max = cb_page - if small { 40 } else { 80 } - 4 - 4;
    if small {
        data_max - 2 - (JET_cbKeyMostMin as usize).max(2 + cb_key_most)
    } else {
        data_max - 2 - 2 - cb_key_most
    }
}

/// A fixed column of the table's layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedColumn {
    /// Its stored size: the type's size, or `cbMax` for fixed Text/Binary.
    pub size: u16,
    /// Its type; `None` for a deleted column, whose slot remains.
    pub coltype: Option<ColType>,
    /// Its code page (text only; 1200 pads with UTF-16 spaces).
    pub cp: u16,
}

/// What a record's bytes depend on beyond themselves: the sizes of fixed columns 1..=n (every
/// fixed column ever added, deleted ones included) and the page format.
#[derive(Clone, Debug)]
pub struct RecordLayout {
    fixed: Vec<FixedColumn>,
    /// Offset of each fixed column's data, and one past the last.
    offsets: Vec<usize>,
    large_page: bool,
}

impl RecordLayout {
    /// `fixed[i]` describes fixed column `i + 1`. Pages above 8 KiB use the large tagged format.
    /// More than 127 fixed columns → `JET_errTooManyColumns`.
    pub fn new(fixed: Vec<FixedColumn>, cb_page: u32) -> JetResult<RecordLayout> {
        if fixed.len() > JET_ccolFixedMost as usize {
            return fail(JET_errTooManyColumns);
        }
        let mut offsets = Vec::with_capacity(fixed.len() + 1);
        let mut at = CB_RECORD_HEADER;
        for c in &fixed {
            offsets.push(at);
            at += c.size as usize;
        }
        offsets.push(at);
        Ok(RecordLayout { fixed, offsets, large_page: cb_page > 8192 })
    }

    /// The size of the header and fixed area of a record holding every fixed column: the DDL
    /// layer refuses a new fixed column that pushes it past the record limit
    /// (`JET_errRecordTooBig`, fcreate.cxx:1294-1300).
    pub fn cb_fixed_area(&self) -> usize {
        self.fixed_end(self.fixed.len())
    }

    pub fn fixed_columns(&self) -> &[FixedColumn] {
        &self.fixed
    }

    pub fn large_page(&self) -> bool {
        self.large_page
    }

    /// The size of the fixed area (data and bitmap) of a record holding fixed columns 1..=n.
    fn fixed_end(&self, n: usize) -> usize {
        self.offsets[n] + n.div_ceil(8)
    }

    fn ib_mask(&self) -> u16 {
        if self.large_page { 0x7FFF } else { 0x1FFF }
    }
}

/// A tagged column's identity: its field id and whether it is a template (derived) column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TaggedId {
    pub fid: u16,
    pub derived: bool,
}

impl TaggedId {
    pub fn new(fid: u16) -> TaggedId {
        TaggedId { fid, derived: false }
    }

    /// Entries sort template columns first, then by fid (TAGFLD::FIsLessThan, tagfld.hxx:300-330).
    fn sort_key(self) -> (bool, u16) {
        (!self.derived, self.fid)
    }
}

/// One value of a tagged column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggedValue {
    /// The value, or with `separated` the LV id the layer above interprets.
    pub data: Vec<u8>,
    /// The value lives in the LV tree; `data` is its id.
    pub separated: bool,
    /// The (intrinsic) value is compressed. Only the first value of a column can be.
    pub compressed: bool,
}

impl TaggedValue {
    pub fn plain(data: &[u8]) -> TaggedValue {
        TaggedValue { data: data.to_vec(), separated: false, compressed: false }
    }
}

/// A borrowed tagged value as read from a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaggedRef<'a> {
    pub data: &'a [u8],
    pub separated: bool,
    pub compressed: bool,
}

/// A tagged column present in a record: its values (none for a NULL-override marker).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggedColumn {
    pub id: TaggedId,
    /// The column is of a long-value type (the header's LV flag). Not kept for a NULL marker
    /// on small pages, which has no header.
    pub long_value: bool,
    pub encrypted: bool,
    /// Empty: an explicit NULL that hides the column's default (`data-records` §3.5).
    pub values: Vec<TaggedValue>,
}

/// A fixed or variable column read from a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnRead<'a> {
    /// Past the record's last column of its class: the layer above returns the default.
    Absent,
    Null,
    Value(&'a [u8]),
}

/// One value of a tagged column read from a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaggedRead<'a> {
    /// The record has no entry for the column: itag 1 reads the default, if any.
    Absent,
    /// An explicit NULL marker: NULL, the default is hidden.
    NullOverride,
    /// The column has fewer values than the itag asked for (`JET_wrnColumnNull`).
    Missing,
    Value(TaggedRef<'a>),
}

/// Which value of which tagged column a set addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaggedSlot {
    pub id: TaggedId,
    /// 1-based; 0 (or past the count) appends.
    pub itag: u32,
    /// The column is LongText/LongBinary.
    pub long_value: bool,
}

/// How a NULL set on a tagged column treats its default (tagfld.cxx:1094-1111, 1452-1480).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NullRules {
    /// The column has a default value: a NULL at itag 1 leaves a NULL marker.
    pub has_default: bool,
    /// `JET_bitSetRevertToDefaultValue`: no marker; an existing marker is removed.
    pub revert_to_default: bool,
}

fn corrupt<T>() -> JetResult<T> {
    fail(JET_errDatabaseCorrupted)
}

fn le16(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

/// A stored record, validated once and read in place.
#[derive(Clone, Debug)]
pub struct RecordView<'a> {
    bytes: &'a [u8],
    layout: &'a RecordLayout,
    fixed_last: usize,
    var_count: usize,
    var_data: usize,
    tagged_start: usize,
    /// The number of TAGFLDs; each is read in place from the tag table (4 bytes a TAGFLD at
    /// `tagged_start`), validated once by `new`, so reading a view allocates nothing.
    tag_count: usize,
}

/// One TAGFLD: its id, the start and end of its data in the tagged area, its small-page flags.
type Tag = (TaggedId, usize, usize, u16);

impl<'a> RecordView<'a> {
    /// Validates `bytes` as a record of `layout`; anything inconsistent (offsets out of order or
    /// out of bounds, more fixed columns than the table has) is `JET_errDatabaseCorrupted`.
    pub fn new(bytes: &'a [u8], layout: &'a RecordLayout) -> JetResult<RecordView<'a>> {
        if bytes.len() < CB_RECORD_HEADER {
            return corrupt();
        }
        let fixed_last = bytes[0] as usize;
        let var_last = bytes[1] as usize;
        let end_fixed = le16(bytes, 2) as usize;
        if fixed_last > layout.fixed.len() || var_last < FID_VAR_FIRST as usize - 1 {
            return corrupt();
        }
        if end_fixed != layout.fixed_end(fixed_last) || end_fixed > bytes.len() {
            return corrupt();
        }
        let var_count = var_last + 1 - FID_VAR_FIRST as usize;
        let var_data = end_fixed + 2 * var_count;
        if var_data > bytes.len() {
            return corrupt();
        }
        let mut prev = 0;
        for i in 0..var_count {
            let end = (le16(bytes, end_fixed + 2 * i) & !VAR_NULL) as usize;
            if end < prev || var_data + end > bytes.len() {
                return corrupt();
            }
            prev = end;
        }
        let tagged_start = var_data + prev;
        let mut view =
            RecordView { bytes, layout, fixed_last, var_count, var_data, tagged_start, tag_count: 0 };
        view.tag_count = view.check_tags()?;
        Ok(view)
    }

    /// Validates the tag table and every TAGFLD's data; returns the number of TAGFLDs.
    fn check_tags(&self) -> JetResult<usize> {
        let area = &self.bytes[self.tagged_start..];
        if area.is_empty() {
            return Ok(0);
        }
        let mask = self.layout.ib_mask();
        if area.len() < 4 {
            return corrupt();
        }
        let first = (le16(area, 2) & mask) as usize;
        if first < 4 || !first.is_multiple_of(4) || first > area.len() {
            return corrupt();
        }
        let count = first / 4;
        let mut last: Option<TaggedId> = None;
        for i in 0..count {
            let t = self.tag_in(i, count);
            let (id, start, end, _) = t;
            if !(FID_TAGGED_FIRST..=FID_TAGGED_LAST).contains(&id.fid)
                || start < first
                || start > end
                || end > area.len()
            {
                return corrupt();
            }
            if last.is_some_and(|l| l.sort_key() >= id.sort_key()) {
                return corrupt();
            }
            last = Some(id);
            self.check_tag_data(&t)?;
        }
        Ok(count)
    }

    /// TAGFLD `i` of `count`, read from the tag table (bounds are checked by `check_tags`).
    fn tag_in(&self, i: usize, count: usize) -> Tag {
        let area = &self.bytes[self.tagged_start..];
        let mask = self.layout.ib_mask();
        let fid = le16(area, 4 * i);
        let raw = le16(area, 4 * i + 2);
        let start = (raw & mask) as usize;
        let end = if i + 1 < count { (le16(area, 4 * i + 6) & mask) as usize } else { area.len() };
        (TaggedId { fid, derived: raw & TAG_DERIVED != 0 }, start, end, raw & !mask & !TAG_DERIVED)
    }

    /// TAGFLD `i` of a validated view.
    fn tag(&self, i: usize) -> Tag {
        self.tag_in(i, self.tag_count)
    }

    /// Every TAGFLD in stored order.
    fn tags(&self) -> impl Iterator<Item = Tag> + '_ {
        (0..self.tag_count).map(|i| self.tag(i))
    }

    /// Whether the column's data starts with a header byte.
    fn has_header(&self, flags: u16) -> bool {
        self.layout.large_page || flags & TAG_EXTENDED_SMALL != 0
    }

    fn check_tag_data(&self, t: &Tag) -> JetResult<()> {
        let data = self.tag_data(t);
        let (_, _, _, flags) = *t;
        if !self.layout.large_page && flags & TAG_NULL_SMALL != 0 {
            return if data.is_empty() && flags & TAG_EXTENDED_SMALL == 0 { Ok(()) } else { corrupt() };
        }
        if !self.has_header(flags) {
            return Ok(());
        }
        let Some((&h, payload)) = data.split_first() else { return corrupt() };
        if h & H_NULL != 0 {
            return if payload.is_empty() { Ok(()) } else { corrupt() };
        }
        if h & H_MULTI == 0 {
            return Ok(());
        }
        if h & H_TWO != 0 {
            return match payload.first() {
                Some(&cb) if (cb as usize) < payload.len() => Ok(()),
                _ => corrupt(),
            };
        }
        if payload.len() < 2 {
            return corrupt();
        }
        let first = (le16(payload, 0) & MV_MASK) as usize;
        if first < 2 || !first.is_multiple_of(2) || first > payload.len() {
            return corrupt();
        }
        let mut prev = first;
        for i in 0..first / 2 {
            let ib = (le16(payload, 2 * i) & MV_MASK) as usize;
            if ib < prev || ib > payload.len() {
                return corrupt();
            }
            prev = ib;
        }
        Ok(())
    }

    fn tag_data(&self, t: &Tag) -> &'a [u8] {
        &self.bytes[self.tagged_start + t.1..self.tagged_start + t.2]
    }

    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// fidFixedLastInRec (0 when the record has no fixed column).
    pub fn fixed_last(&self) -> u16 {
        self.fixed_last as u16
    }

    /// fidVarLastInRec (127 when the record has no variable column).
    pub fn var_last(&self) -> u16 {
        (FID_VAR_FIRST as usize - 1 + self.var_count) as u16
    }

    /// A fixed column (fid 1..=127): its full slot, NULL, or absent past fidFixedLastInRec.
    pub fn fixed(&self, fid: u16) -> ColumnRead<'a> {
        let f = fid as usize;
        if f == 0 || f > self.fixed_last {
            return ColumnRead::Absent;
        }
        let bitmap = self.layout.offsets[self.fixed_last];
        if self.bytes[bitmap + (f - 1) / 8] & (1 << ((f - 1) % 8)) != 0 {
            return ColumnRead::Null;
        }
        ColumnRead::Value(&self.bytes[self.layout.offsets[f - 1]..self.layout.offsets[f]])
    }

    /// A variable column (fid 128..=255).
    pub fn var(&self, fid: u16) -> ColumnRead<'a> {
        let Some(i) = (fid as usize).checked_sub(FID_VAR_FIRST as usize) else { return ColumnRead::Absent };
        if i >= self.var_count {
            return ColumnRead::Absent;
        }
        let base = self.var_data - 2 * self.var_count;
        let raw = le16(self.bytes, base + 2 * i);
        if raw & VAR_NULL != 0 {
            return ColumnRead::Null;
        }
        let start = if i == 0 { 0 } else { (le16(self.bytes, base + 2 * i - 2) & !VAR_NULL) as usize };
        let end = (raw & !VAR_NULL) as usize;
        ColumnRead::Value(&self.bytes[self.var_data + start..self.var_data + end])
    }

    fn find(&self, id: TaggedId) -> Option<Tag> {
        let key = id.sort_key();
        let (mut lo, mut hi) = (0, self.tag_count);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let t = self.tag(mid);
            match t.0.sort_key().cmp(&key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(t),
            }
        }
        None
    }

    /// The number of values of one TAGFLD (0 for a NULL marker), counted in place.
    fn count_of(&self, t: &Tag) -> usize {
        let data = self.tag_data(t);
        if !self.layout.large_page && t.3 & TAG_NULL_SMALL != 0 {
            return 0;
        }
        if !self.has_header(t.3) {
            return 1;
        }
        let (h, payload) = (data[0], &data[1..]);
        if h & H_NULL != 0 {
            0
        } else if h & H_MULTI == 0 {
            1
        } else if h & H_TWO != 0 {
            2
        } else {
            (le16(payload, 0) & MV_MASK) as usize / 2
        }
    }

    /// Value `itag` (1-based) of one TAGFLD without collecting the others: `None` for a NULL
    /// marker, `Some(None)` past its last value.
    fn value_of(&self, t: &Tag, itag: u32) -> Option<Option<TaggedRef<'a>>> {
        let data = self.tag_data(t);
        if !self.layout.large_page && t.3 & TAG_NULL_SMALL != 0 {
            return None;
        }
        let plain = |d| TaggedRef { data: d, separated: false, compressed: false };
        let i = (itag as usize).wrapping_sub(1);
        if !self.has_header(t.3) {
            return Some((i == 0).then(|| plain(data)));
        }
        let (h, payload) = (data[0], &data[1..]);
        if h & H_NULL != 0 {
            return None;
        }
        if h & H_MULTI == 0 {
            let v = TaggedRef {
                data: payload,
                separated: h & H_SEPARATED != 0,
                compressed: h & H_COMPRESSED != 0,
            };
            return Some((i == 0).then_some(v));
        }
        if h & H_TWO != 0 {
            let cb = payload[0] as usize;
            return Some(match i {
                0 => Some(plain(&payload[1..1 + cb])),
                1 => Some(plain(&payload[1 + cb..])),
                _ => None,
            });
        }
        let n = (le16(payload, 0) & MV_MASK) as usize / 2;
        if i >= n {
            return Some(None);
        }
        let raw = le16(payload, 2 * i);
        let start = (raw & MV_MASK) as usize;
        let end = if i + 1 < n { (le16(payload, 2 * i + 2) & MV_MASK) as usize } else { payload.len() };
        Some(Some(TaggedRef {
            data: &payload[start..end],
            separated: raw & MV_SEPARATED != 0,
            compressed: i == 0 && h & H_COMPRESSED != 0,
        }))
    }

    /// The values of one TAGFLD with its header byte (0 without one), or `None` for a NULL
    /// marker.
    fn values_of(&self, t: &Tag) -> Option<(u8, Vec<TaggedRef<'a>>)> {
        // A NULL marker first: its data may be empty.
        self.value_of(t, 1)?;
        let h = if self.has_header(t.3) { self.tag_data(t)[0] } else { 0 };
        let n = self.count_of(t) as u32;
        Some((h, (1..=n).filter_map(|i| self.value_of(t, i).flatten()).collect()))
    }

    /// Value `itag` (1-based) of a tagged column. itag 0 reads as [`TaggedRead::Missing`].
    pub fn tagged(&self, id: TaggedId, itag: u32) -> TaggedRead<'a> {
        let Some(t) = self.find(id) else { return TaggedRead::Absent };
        match self.value_of(&t, itag) {
            None => TaggedRead::NullOverride,
            Some(Some(v)) => TaggedRead::Value(v),
            Some(None) => TaggedRead::Missing,
        }
    }

    /// The number of values of a tagged column (0 when absent or a NULL marker).
    pub fn tagged_count(&self, id: TaggedId) -> usize {
        self.find(id).map_or(0, |t| self.count_of(&t))
    }

    /// Every value of a tagged column in itag order: `None` when the column is absent, empty for
    /// a NULL marker.
    pub fn tagged_values(&self, id: TaggedId) -> Option<Vec<TaggedRef<'a>>> {
        self.find(id).map(|t| self.values_of(&t).map_or(Vec::new(), |(_, v)| v))
    }

    /// The tagged columns present in the record, in stored order, with their value counts
    /// (0 for a NULL marker).
    pub fn tagged_columns(&self) -> impl Iterator<Item = (TaggedId, usize)> + '_ {
        self.tags().map(|t| (t.0, self.count_of(&t)))
    }

    /// The editable form of this record.
    pub fn to_record(&self) -> Record {
        let fixed = (1..=self.fixed_last as u16)
            .map(|f| match self.fixed(f) {
                ColumnRead::Value(v) => Some(v.to_vec()),
                _ => None,
            })
            .collect();
        let var = (0..self.var_count)
            .map(|i| match self.var(FID_VAR_FIRST + i as u16) {
                ColumnRead::Value(v) => Some(v.to_vec()),
                _ => None,
            })
            .collect();
        let tagged = self
            .tags()
            .map(|t| {
                let (h, values) = self.values_of(&t).unwrap_or_else(|| {
                    let d = self.tag_data(&t);
                    (d.first().copied().filter(|_| self.layout.large_page).unwrap_or(0), Vec::new())
                });
                TaggedColumn {
                    id: t.0,
                    long_value: h & H_LONG_VALUE != 0,
                    encrypted: h & H_ENCRYPTED != 0,
                    values: values
                        .into_iter()
                        .map(|v| TaggedValue {
                            data: v.data.to_vec(),
                            separated: v.separated,
                            compressed: v.compressed,
                        })
                        .collect(),
                }
            })
            .collect();
        Record { fixed, var, tagged }
    }
}

/// The editable form of a record: the copy buffer of a prepared update.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// Fixed columns 1..=fidFixedLastInRec; `None` = NULL.
    fixed: Vec<Option<Vec<u8>>>,
    /// Variable columns 128..=fidVarLastInRec; `None` = NULL, empty = zero-length.
    var: Vec<Option<Vec<u8>>>,
    /// Tagged columns in stored order.
    tagged: Vec<TaggedColumn>,
}

impl Record {
    /// An empty record (ESE's minimal record, rec.hxx:450-467): no fixed, variable or tagged
    /// column, so every column reads as absent.
    pub fn new() -> Record {
        Record::default()
    }

    /// Decodes stored bytes (`JET_errDatabaseCorrupted` if they are not a record of `layout`).
    pub fn decode(bytes: &[u8], layout: &RecordLayout) -> JetResult<Record> {
        Ok(RecordView::new(bytes, layout)?.to_record())
    }

    /// fidFixedLastInRec.
    pub fn fixed_last(&self) -> u16 {
        self.fixed.len() as u16
    }

    /// Drops every tagged column (a new record's copy buffer keeps only the default record's
    /// fixed and variable part: tagged defaults are read from the schema, not stored).
    pub fn clear_tagged(&mut self) {
        self.tagged.clear();
    }

    /// fidVarLastInRec.
    pub fn var_last(&self) -> u16 {
        FID_VAR_FIRST - 1 + self.var.len() as u16
    }

    pub fn fixed(&self, fid: u16) -> ColumnRead<'_> {
        match (fid as usize).checked_sub(1).and_then(|i| self.fixed.get(i)) {
            None => ColumnRead::Absent,
            Some(None) => ColumnRead::Null,
            Some(Some(v)) => ColumnRead::Value(v),
        }
    }

    pub fn var(&self, fid: u16) -> ColumnRead<'_> {
        match (fid as usize).checked_sub(FID_VAR_FIRST as usize).and_then(|i| self.var.get(i)) {
            None => ColumnRead::Absent,
            Some(None) => ColumnRead::Null,
            Some(Some(v)) => ColumnRead::Value(v),
        }
    }

    fn find(&self, id: TaggedId) -> Result<usize, usize> {
        self.tagged.binary_search_by(|c| c.id.sort_key().cmp(&id.sort_key()))
    }

    pub fn tagged(&self, id: TaggedId, itag: u32) -> TaggedRead<'_> {
        let Ok(i) = self.find(id) else { return TaggedRead::Absent };
        let c = &self.tagged[i];
        if c.values.is_empty() {
            return TaggedRead::NullOverride;
        }
        match (itag as usize).checked_sub(1).and_then(|i| c.values.get(i)) {
            Some(v) => TaggedRead::Value(TaggedRef {
                data: &v.data,
                separated: v.separated,
                compressed: v.compressed,
            }),
            None => TaggedRead::Missing,
        }
    }

    pub fn tagged_count(&self, id: TaggedId) -> usize {
        self.find(id).map_or(0, |i| self.tagged[i].values.len())
    }

    /// Every value of a tagged column: `None` when absent, empty for a NULL marker.
    pub fn tagged_values(&self, id: TaggedId) -> Option<&[TaggedValue]> {
        self.find(id).ok().map(|i| &self.tagged[i].values[..])
    }

    /// The tagged columns present, in stored order (a NULL marker has no values).
    pub fn tagged_columns(&self) -> &[TaggedColumn] {
        &self.tagged
    }

    /// Sets fixed column `fid` (1..=number of fixed columns of the layout). `None` or empty data
    /// is NULL (fixed columns have no zero-length value, `data-records` §3.2). Data must have the
    /// column's size, except that shorter Binary is padded with 0x00 and shorter Text with
    /// spaces (§3.3); otherwise `JET_errInvalidBufferSize`. Setting a column past
    /// fidFixedLastInRec extends the record, the columns in between NULL (the layer above bursts
    /// their defaults first). A deleted column or a fid outside the layout is
    /// `JET_errColumnNotFound`; a record that would exceed `cb_record_most`,
    /// `JET_errRecordTooBig` (-1026). On error nothing changes.
    pub fn set_fixed(
        &mut self,
        layout: &RecordLayout,
        fid: u16,
        data: Option<&[u8]>,
        cb_record_most: usize,
    ) -> JetResult<()> {
        let Some(col) = (fid as usize).checked_sub(1).and_then(|i| layout.fixed.get(i)) else {
            return fail(JET_errColumnNotFound);
        };
        let Some(coltype) = col.coltype else { return fail(JET_errColumnNotFound) };
        let size = col.size as usize;
        let value = match data {
            None | Some([]) => None,
            Some(d) if d.len() == size => Some(d.to_vec()),
            Some(d) if d.len() < size && coltype == ColType::Binary => {
                let mut v = d.to_vec();
                v.resize(size, 0);
                Some(v)
            }
            Some(d) if d.len() < size && coltype == ColType::Text => Some(pad_fixed_text(d, size, col.cp)),
            Some(_) => return fail(JET_errInvalidBufferSize),
        };
        let i = fid as usize - 1;
        if i >= self.fixed.len() {
            let grow = layout.fixed_end(fid as usize) - layout.fixed_end(self.fixed.len());
            self.check_size(layout, grow as isize, cb_record_most)?;
            self.fixed.resize(fid as usize, None);
        }
        self.fixed[i] = value;
        Ok(())
    }

    /// Sets variable column `fid` (128..=255): `None` is NULL, empty data a zero-length value.
    /// Data longer than 255 bytes is `JET_errInvalidParameter` (the layer above truncates to the
    /// column's `cbMax` with `JET_wrnColumnMaxTruncated`). Past fidVarLastInRec the record is
    /// extended, the columns in between NULL. `JET_errRecordTooBig` past `cb_record_most`; on
    /// error nothing changes.
    pub fn set_var(
        &mut self,
        layout: &RecordLayout,
        fid: u16,
        data: Option<&[u8]>,
        cb_record_most: usize,
    ) -> JetResult<()> {
        let Some(i) =
            (fid as usize).checked_sub(FID_VAR_FIRST as usize).filter(|&i| i < JET_ccolVarMost as usize)
        else {
            return fail(JET_errColumnNotFound);
        };
        if data.is_some_and(|d| d.len() > JET_cbColumnMost as usize) {
            return fail(JET_errInvalidParameter);
        }
        let old = self.var.get(i).and_then(|v| v.as_ref()).map_or(0, |v| v.len()) as isize;
        let grow_entries = (i + 1).saturating_sub(self.var.len()) as isize * 2;
        let new = data.map_or(0, |d| d.len()) as isize;
        self.check_size(layout, grow_entries + new - old, cb_record_most)?;
        if i >= self.var.len() {
            self.var.resize(i + 1, None);
        }
        self.var[i] = data.map(|d| d.to_vec());
        Ok(())
    }

    /// Sets value `itag` of a tagged column, with ESE's rules (tagfld.cxx:1042-1500,
    /// `data-records` §3.5):
    ///
    /// - a value at itag 0 or past the count is appended; 1..=count overwrites that value;
    /// - `None` (NULL) at an existing itag deletes that value and later values move down; a NULL
    ///   at itag 1 of a single value with `has_default` leaves a NULL marker instead, unless
    ///   `revert_to_default`; NULL on an absent column at itag 1 with a default writes the
    ///   marker (again unless `revert_to_default`), otherwise NULL where no value is changes
    ///   nothing; `revert_to_default` removes an existing marker;
    /// - a value on a NULL marker replaces it.
    ///
    /// `slot.long_value` is whether the column is LongText/LongBinary (the header's LV flag);
    /// `separated` and `compressed` need it and exclude each other (`JET_errInvalidParameter`
    /// otherwise, tagfld.hxx:15), and only the
    /// first value may be compressed (`JET_errInvalidParameter`). A non-LV value longer than 255
    /// bytes is `JET_errInvalidParameter`; a fid outside 256..=65248 `JET_errColumnNotFound`;
    /// a record past `cb_record_most` `JET_errRecordTooBig`. On error nothing changes.
    pub fn set_tagged(
        &mut self,
        layout: &RecordLayout,
        slot: TaggedSlot,
        value: Option<TaggedValue>,
        nulls: NullRules,
        cb_record_most: usize,
    ) -> JetResult<()> {
        let TaggedSlot { id, itag, long_value } = slot;
        if !(FID_TAGGED_FIRST..=FID_TAGGED_LAST).contains(&id.fid) {
            return fail(JET_errColumnNotFound);
        }
        if let Some(v) = &value
            && ((v.separated && v.compressed)
                || (!long_value && (v.separated || v.compressed || v.data.len() > JET_cbColumnMost as usize)))
        {
            return fail(JET_errInvalidParameter);
        }
        // Work on a copy of this one column, so a refused set changes nothing and costs
        // O(column), not O(record).
        let pos = self.find(id);
        let large = layout.large_page;
        let cost = |c: &TaggedColumn| 4 + tagged_data_len(c, large) as isize;
        let mut one = Record {
            tagged: pos.ok().map(|i| self.tagged[i].clone()).into_iter().collect(),
            ..Record::new()
        };
        one.apply_tagged(id, long_value, itag, value, nulls)?;
        let old = pos.ok().map_or(0, |i| cost(&self.tagged[i]));
        let new: isize = one.tagged.iter().map(cost).sum();
        self.check_size(layout, new - old, cb_record_most)?;
        match (pos, one.tagged.pop()) {
            (Ok(i), Some(c)) => self.tagged[i] = c,
            (Ok(i), None) => {
                self.tagged.remove(i);
            }
            (Err(at), Some(c)) => self.tagged.insert(at, c),
            (Err(_), None) => {}
        }
        Ok(())
    }

    fn apply_tagged(
        &mut self,
        id: TaggedId,
        long_value: bool,
        itag: u32,
        value: Option<TaggedValue>,
        nulls: NullRules,
    ) -> JetResult<()> {
        let marker = |lv| TaggedColumn { id, long_value: lv, encrypted: false, values: Vec::new() };
        let pos = self.find(id);
        match (pos, value) {
            (Err(at), None) => {
                if nulls.has_default && itag == 1 && !nulls.revert_to_default {
                    self.tagged.insert(at, marker(long_value));
                }
            }
            (Err(at), Some(v)) => {
                // Whatever the itag, the new value is the first one, which may be compressed.
                self.tagged.insert(at, TaggedColumn { id, long_value, encrypted: false, values: vec![v] });
            }
            (Ok(i), Some(v)) => {
                let c = &mut self.tagged[i];
                let n = c.values.len();
                let slot = itag as usize;
                if n == 0 {
                    c.values.push(v);
                } else if slot >= 1 && slot <= n {
                    if v.compressed && slot != 1 {
                        return fail(JET_errInvalidParameter);
                    }
                    c.values[slot - 1] = v;
                } else {
                    if v.compressed {
                        return fail(JET_errInvalidParameter);
                    }
                    c.values.push(v);
                }
                c.long_value = long_value;
            }
            (Ok(i), None) => {
                let c = &mut self.tagged[i];
                let n = c.values.len();
                let slot = itag as usize;
                if n == 0 {
                    if nulls.revert_to_default {
                        self.tagged.remove(i);
                    }
                } else if n > 1 {
                    if slot >= 1 && slot <= n {
                        c.values.remove(slot - 1);
                    }
                } else if slot == 1 {
                    if nulls.has_default && !nulls.revert_to_default {
                        c.values.clear();
                    } else {
                        self.tagged.remove(i);
                    }
                }
            }
        }
        Ok(())
    }

    /// Replaces value `itag` of a tagged LV column by an LV id: the value now lives in the LV
    /// tree. No such value → `JET_errColumnNotFound`; a column that is not a long value →
    /// `JET_errInvalidParameter`; a record past `cb_record_most` (an id longer than the value
    /// it replaces) → `JET_errRecordTooBig`. On error nothing changes.
    pub fn set_separated(
        &mut self,
        layout: &RecordLayout,
        id: TaggedId,
        itag: u32,
        lv_id: &[u8],
        cb_record_most: usize,
    ) -> JetResult<()> {
        let Ok(i) = self.find(id) else { return fail(JET_errColumnNotFound) };
        if !self.tagged[i].long_value {
            return fail(JET_errInvalidParameter);
        }
        let Some(k) = (itag as usize).checked_sub(1).filter(|&k| k < self.tagged[i].values.len()) else {
            return fail(JET_errColumnNotFound);
        };
        // The header flags do not change size: an LV column always has its header.
        let delta = lv_id.len() as isize - self.tagged[i].values[k].data.len() as isize;
        self.check_size(layout, delta, cb_record_most)?;
        self.tagged[i].values[k] = TaggedValue { data: lv_id.to_vec(), separated: true, compressed: false };
        Ok(())
    }

    fn check_size(&self, layout: &RecordLayout, delta: isize, cb_record_most: usize) -> JetResult<()> {
        let len = self.encoded_len(layout) as isize + delta;
        if len > cb_record_most.min(max_record(layout)) as isize {
            return fail(JET_errRecordTooBig);
        }
        Ok(())
    }

    /// The size of the encoded record, without encoding it.
    pub fn encoded_len(&self, layout: &RecordLayout) -> usize {
        let fixed = layout.fixed_end(self.fixed.len());
        let var: usize = self.var.iter().map(|v| 2 + v.as_ref().map_or(0, |v| v.len())).sum();
        let tagged: usize = self.tagged.iter().map(|c| 4 + tagged_data_len(c, layout.large_page)).sum();
        fixed + var + tagged
    }

    /// The size this record would take in ESE97's format, which JetUpdate's
    /// `JET_bitUpdateCheckESE97Compatibility` compares with ESE97's record limit
    /// (ErrRECICheckESE97Compatibility, recupd.cxx:1356-1470; fldenum.hxx/cxx CbESE97Format):
    /// fixed and variable data as today; each tagged value a 4-byte TAGFLD plus its data, a long
    /// value one flag byte more and at most 4 bytes of data (it could move out to a 32-bit LID);
    /// a NULL marker its TAGFLD alone. Tagged columns `visible` refuses (deleted ones) count
    /// nothing: their space can be taken back.
    pub fn ese97_len(&self, layout: &RecordLayout, visible: impl Fn(TaggedId) -> bool) -> usize {
        let fixed = layout.fixed_end(self.fixed.len());
        let var: usize = self.var.iter().map(|v| 2 + v.as_ref().map_or(0, |v| v.len())).sum();
        let tagged: usize = self
            .tagged
            .iter()
            .filter(|c| visible(c.id))
            .map(|c| {
                if c.values.is_empty() {
                    return 4;
                }
                let lv = c.long_value || c.values.iter().any(|v| v.separated);
                c.values
                    .iter()
                    .map(|v| if lv { 4 + 1 + v.data.len().min(4) } else { 4 + v.data.len() })
                    .sum::<usize>()
            })
            .sum();
        fixed + var + tagged
    }

    /// The stored bytes of this record.
    pub fn encode(&self, layout: &RecordLayout) -> Vec<u8> {
        let n = self.fixed.len();
        let mut out = Vec::with_capacity(self.encoded_len(layout));
        let end_fixed = layout.fixed_end(n);
        out.push(n as u8);
        out.push((FID_VAR_FIRST as usize - 1 + self.var.len()) as u8);
        out.extend_from_slice(&(end_fixed as u16).to_le_bytes());
        for (i, v) in self.fixed.iter().enumerate() {
            let size = layout.fixed[i].size as usize;
            match v {
                Some(v) => out.extend_from_slice(v),
                None => out.resize(out.len() + size, FILL),
            }
        }
        // Bits past the last column are set, as ESE initializes new bitmap bytes (fldmod.cxx:2280-2310).
        let bitmap = out.len();
        out.resize(end_fixed, 0xFF);
        for (i, v) in self.fixed.iter().enumerate() {
            if v.is_some() {
                out[bitmap + i / 8] &= !(1 << (i % 8));
            }
        }
        let mut end = 0usize;
        for v in &self.var {
            end += v.as_ref().map_or(0, |v| v.len());
            let null = if v.is_none() { VAR_NULL } else { 0 };
            out.extend_from_slice(&(end as u16 | null).to_le_bytes());
        }
        for v in self.var.iter().flatten() {
            out.extend_from_slice(v);
        }
        let tag_start = out.len();
        out.resize(tag_start + 4 * self.tagged.len(), 0);
        for (k, c) in self.tagged.iter().enumerate() {
            let ib = out.len() - tag_start;
            let flags = encode_tagged_data(c, layout.large_page, &mut out);
            let derived = if c.id.derived { TAG_DERIVED } else { 0 };
            let at = tag_start + 4 * k;
            out[at..at + 2].copy_from_slice(&c.id.fid.to_le_bytes());
            out[at + 2..at + 4].copy_from_slice(&(ib as u16 | flags | derived).to_le_bytes());
        }
        out
    }
}

/// The hard ceiling of the format: offsets of tagged data have 13 bits on small pages and 15
/// on large ones.
fn max_record(layout: &RecordLayout) -> usize {
    layout.ib_mask() as usize
}

fn header_of(c: &TaggedColumn) -> u8 {
    let mut h = 0;
    if c.long_value {
        h |= H_LONG_VALUE;
    }
    if c.encrypted {
        h |= H_ENCRYPTED;
    }
    h
}

/// Whether a column is written as TWOVALUES: small pages, two values, not LV (tagfld.cxx:1411-1440).
fn two_values(c: &TaggedColumn, large_page: bool) -> bool {
    !large_page && c.values.len() == 2 && !c.long_value && c.values[0].data.len() <= 255
}

fn tagged_data_len(c: &TaggedColumn, large_page: bool) -> usize {
    match c.values.len() {
        0 => usize::from(large_page),
        1 => {
            let v = &c.values[0];
            let header = large_page || c.long_value || c.encrypted || v.separated || v.compressed;
            usize::from(header) + v.data.len()
        }
        _ if two_values(c, large_page) => 2 + c.values.iter().map(|v| v.data.len()).sum::<usize>(),
        n => 1 + 2 * n + c.values.iter().map(|v| v.data.len()).sum::<usize>(),
    }
}

/// Appends a tagged column's data; returns the small-page TAGFLD flags it needs.
fn encode_tagged_data(c: &TaggedColumn, large_page: bool, out: &mut Vec<u8>) -> u16 {
    let ext = if large_page { 0 } else { TAG_EXTENDED_SMALL };
    match c.values.len() {
        0 => {
            if large_page {
                out.push(header_of(c) | H_NULL);
                0
            } else {
                TAG_NULL_SMALL
            }
        }
        1 => {
            let v = &c.values[0];
            let mut h = header_of(c);
            if v.separated {
                h |= H_SEPARATED;
            }
            if v.compressed {
                h |= H_COMPRESSED;
            }
            let flags = if large_page || h != 0 {
                out.push(h);
                ext
            } else {
                0
            };
            out.extend_from_slice(&v.data);
            flags
        }
        _ if two_values(c, large_page) => {
            out.push(H_MULTI | H_TWO);
            out.push(c.values[0].data.len() as u8);
            out.extend_from_slice(&c.values[0].data);
            out.extend_from_slice(&c.values[1].data);
            ext
        }
        n => {
            let mut h = header_of(c) | H_MULTI;
            if c.values[0].compressed {
                h |= H_COMPRESSED;
            }
            out.push(h);
            let mut ib = 2 * n;
            for v in &c.values {
                let sep = if v.separated { MV_SEPARATED } else { 0 };
                out.extend_from_slice(&(ib as u16 | sep).to_le_bytes());
                ib += v.data.len();
            }
            for v in &c.values {
                out.extend_from_slice(&v.data);
            }
            ext
        }
    }
}

#[cfg(test)]
mod tests;
