use super::*;
use crate::engine::error::JetError;
use proptest::prelude::*;

const MOST: usize = 7885;

fn fixed(coltype: ColType, size: u16) -> FixedColumn {
    FixedColumn { size, coltype: Some(coltype), cp: if coltype.is_text() { 1252 } else { 0 } }
}

fn layout() -> RecordLayout {
    RecordLayout::new(
        vec![
            fixed(ColType::Long, 4),
            fixed(ColType::Short, 2),
            fixed(ColType::Text, 5),
            FixedColumn { size: 3, coltype: None, cp: 0 },
            fixed(ColType::Binary, 4),
            FixedColumn { size: 6, coltype: Some(ColType::Text), cp: 1200 },
        ],
        8192,
    )
    .unwrap()
}

fn roundtrip(r: &Record, l: &RecordLayout) -> Vec<u8> {
    let bytes = r.encode(l);
    assert_eq!(bytes.len(), r.encoded_len(l));
    assert_eq!(&Record::decode(&bytes, l).unwrap(), r);
    bytes
}

const T: TaggedId = TaggedId { fid: 256, derived: false };
const T2: TaggedId = TaggedId { fid: 300, derived: false };

fn plain(d: &[u8]) -> Option<TaggedValue> {
    Some(TaggedValue::plain(d))
}

fn values(r: &Record, id: TaggedId) -> Vec<Vec<u8>> {
    (1..=r.tagged_count(id) as u32)
        .map(|i| match r.tagged(id, i) {
            TaggedRead::Value(v) => v.data.to_vec(),
            other => panic!("itag {i}: {other:?}"),
        })
        .collect()
}

// data-records 3.11; rec.hxx:351-380.
#[test]
fn record_size_limit_per_page() {
    assert_eq!(cb_record_most(8192, 255), 8192 - 40 - 8 - 2 - 257);
    assert_eq!(cb_record_most(4096, 4), 4096 - 40 - 8 - 2 - 255);
    assert_eq!(cb_record_most(32768, 2000), 32768 - 80 - 8 - 4 - 2000);
}

// data-ddl 2.4: at most 127 fixed columns.
#[test]
fn layout_limits() {
    let col = fixed(ColType::Bit, 1);
    assert!(RecordLayout::new(vec![col; 127], 8192).is_ok());
    assert_eq!(RecordLayout::new(vec![col; 128], 8192).map(|_| ()), fail(JET_errTooManyColumns));
    assert!(!RecordLayout::new(Vec::new(), 8192).unwrap().large_page());
    assert!(RecordLayout::new(Vec::new(), 16384).unwrap().large_page());
}

// rec.hxx:450-467: the minimal record; every column absent.
#[test]
fn empty_record() {
    let l = layout();
    let r = Record::new();
    assert_eq!(roundtrip(&r, &l), vec![0, 127, 4, 0]);
    let bytes = r.encode(&l);
    let v = RecordView::new(&bytes, &l).unwrap();
    assert_eq!(v.fixed(1), ColumnRead::Absent);
    assert_eq!(v.var(128), ColumnRead::Absent);
    assert_eq!(v.tagged(T, 1), TaggedRead::Absent);
    assert_eq!((v.fixed_last(), v.var_last()), (0, 127));
}

// data-records 3.1/3.3; rec.hxx:4-19: fixed slots, the null bitmap, extension.
#[test]
fn fixed_columns_layout() {
    let l = layout();
    let mut r = Record::new();
    r.set_fixed(&l, 2, Some(&7i16.to_le_bytes()), MOST).unwrap();
    // columns 1 and 2 are in the record now: column 1 NULL (filled), bitmap bit 0 set, padding set
    assert_eq!(roundtrip(&r, &l), vec![2, 127, 11, 0, b'*', b'*', b'*', b'*', 7, 0, 0xFD]);
    assert_eq!(r.fixed(1), ColumnRead::Null);
    assert_eq!(r.fixed(2), ColumnRead::Value(&[7, 0]));
    assert_eq!(r.fixed(3), ColumnRead::Absent);
    // data-records 3.2: zero-length on a fixed column is NULL
    r.set_fixed(&l, 2, Some(&[]), MOST).unwrap();
    assert_eq!(r.fixed(2), ColumnRead::Null);
    // data-records 3.3: numeric sizes are exact; Binary pads 0x00, Text pads spaces
    // S-BAD-03: a value of the wrong size for a fixed column type
    assert_eq!(r.set_fixed(&l, 1, Some(&[1, 2]), MOST), fail(JET_errInvalidBufferSize));
    assert_eq!(r.set_fixed(&l, 3, Some(b"abcdef"), MOST), fail(JET_errInvalidBufferSize));
    r.set_fixed(&l, 3, Some(b"ab"), MOST).unwrap();
    assert_eq!(r.fixed(3), ColumnRead::Value(b"ab   "));
    r.set_fixed(&l, 5, Some(&[9]), MOST).unwrap();
    assert_eq!(r.fixed(5), ColumnRead::Value(&[9, 0, 0, 0]));
    r.set_fixed(&l, 6, Some(&[b'a', 0]), MOST).unwrap();
    assert_eq!(r.fixed(6), ColumnRead::Value(&[b'a', 0, 0x20, 0, 0x20, 0]));
    assert_eq!(r.fixed(4), ColumnRead::Null, "the deleted column's slot is kept, NULL");
    // deleted and unknown columns
    assert_eq!(r.set_fixed(&l, 4, Some(&[1, 2, 3]), MOST), fail(JET_errColumnNotFound));
    assert_eq!(r.set_fixed(&l, 7, Some(&[1]), MOST), fail(JET_errColumnNotFound));
    assert_eq!(r.set_fixed(&l, 0, Some(&[1]), MOST), fail(JET_errColumnNotFound));
    let bytes = roundtrip(&r, &l);
    assert_eq!(l.cb_fixed_area(), 4 + 24 + 1);
    assert_eq!(bytes[0], 6);
    assert_eq!(bytes[2] as usize, 4 + 4 + 2 + 5 + 3 + 4 + 6 + 1);
}

// data-records 3.2/3.4; rec.hxx:21-44: variable offsets with the NULL bit, zero-length apart.
#[test]
fn variable_columns_layout() {
    let l = RecordLayout::new(Vec::new(), 8192).unwrap();
    let mut r = Record::new();
    r.set_var(&l, 130, Some(b"xyz"), MOST).unwrap();
    r.set_var(&l, 129, Some(b""), MOST).unwrap();
    let bytes = roundtrip(&r, &l);
    assert_eq!(bytes, vec![0, 130, 4, 0, 0x00, 0x80, 0x00, 0x00, 0x03, 0x00, b'x', b'y', b'z']);
    assert_eq!(r.var(128), ColumnRead::Null);
    assert_eq!(r.var(129), ColumnRead::Value(b""));
    assert_eq!(r.var(130), ColumnRead::Value(b"xyz"));
    assert_eq!(r.var(131), ColumnRead::Absent);
    let v = RecordView::new(&bytes, &l).unwrap();
    assert_eq!(v.var(128), ColumnRead::Null);
    assert_eq!(v.var(129), ColumnRead::Value(b""));
    assert_eq!(v.var(130), ColumnRead::Value(b"xyz"));
    assert_eq!(v.var(131), ColumnRead::Absent);
    assert_eq!(v.var(127), ColumnRead::Absent);
    r.set_var(&l, 130, None, MOST).unwrap();
    assert_eq!(r.var(130), ColumnRead::Null);
    assert_eq!(r.var_last(), 130, "setting NULL does not shrink the record's range");
    assert_eq!(r.set_var(&l, 256, Some(b"a"), MOST), fail(JET_errColumnNotFound));
    assert_eq!(r.set_var(&l, 128, Some(&[0; 256]), MOST), fail(JET_errInvalidParameter));
}

// tagfld.hxx:5-57, 150-246 small-page TAGFLD formats.
#[test]
fn tagged_small_page_formats() {
    let l = RecordLayout::new(Vec::new(), 8192).unwrap();
    let n = NullRules::default();
    let mut r = Record::new();
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, plain(b"ab"), n, MOST).unwrap();
    // no header for a plain value: entry {256, ib 4}, then the data
    assert_eq!(roundtrip(&r, &l), vec![0, 127, 4, 0, 0x00, 0x01, 0x04, 0x00, b'a', b'b']);
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 0 }, plain(b"c"), n, MOST).unwrap();
    // TWOVALUES: header 0x18, length of the first value, both values; ib has the header bit
    assert_eq!(roundtrip(&r, &l), vec![0, 127, 4, 0, 0x00, 0x01, 0x04, 0x40, 0x18, 2, b'a', b'b', b'c']);
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 9 }, plain(b"d"), n, MOST).unwrap();
    // MULTIVALUES: header 0x08, offsets 6, 8, 9 relative to the offset array
    assert_eq!(
        roundtrip(&r, &l),
        vec![0, 127, 4, 0, 0x00, 0x01, 0x04, 0x40, 0x08, 6, 0, 8, 0, 9, 0, b'a', b'b', b'c', b'd']
    );
    // a long value: header 0x01; separated: 0x05
    let mut lv = Record::new();
    lv.set_tagged(&l, TaggedSlot { id: T2, long_value: true, itag: 1 }, plain(b"big"), n, MOST).unwrap();
    assert_eq!(roundtrip(&lv, &l), vec![0, 127, 4, 0, 0x2C, 0x01, 0x04, 0x40, 0x01, b'b', b'i', b'g']);
    lv.set_separated(&l, T2, 1, &[1, 0, 0, 0], MOST).unwrap();
    assert_eq!(roundtrip(&lv, &l), vec![0, 127, 4, 0, 0x2C, 0x01, 0x04, 0x40, 0x05, 1, 0, 0, 0]);
    assert!(matches!(lv.tagged(T2, 1), TaggedRead::Value(TaggedRef { separated: true, .. })));
    // two LV values are MULTIVALUES, the separated one flagged in its offset
    lv.set_tagged(&l, TaggedSlot { id: T2, long_value: true, itag: 0 }, plain(b"x"), n, MOST).unwrap();
    assert_eq!(
        roundtrip(&lv, &l),
        vec![0, 127, 4, 0, 0x2C, 0x01, 0x04, 0x40, 0x09, 4, 0x80, 8, 0, 1, 0, 0, 0, b'x']
    );
    // a NULL marker: bit 0x2000 and no data
    let mut m = Record::new();
    m.set_tagged(
        &l,
        TaggedSlot { id: T, long_value: false, itag: 1 },
        None,
        NullRules { has_default: true, revert_to_default: false },
        MOST,
    )
    .unwrap();
    assert_eq!(roundtrip(&m, &l), vec![0, 127, 4, 0, 0x00, 0x01, 0x04, 0x20]);
    assert_eq!(m.tagged(T, 1), TaggedRead::NullOverride);
}

// tagfld.hxx:240-246: pages above 8 KiB always have the header and use its NULL flag.
#[test]
fn tagged_large_page_formats() {
    let l = RecordLayout::new(Vec::new(), 32768).unwrap();
    let n = NullRules::default();
    let mut r = Record::new();
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, plain(b"ab"), n, MOST).unwrap();
    assert_eq!(roundtrip(&r, &l), vec![0, 127, 4, 0, 0x00, 0x01, 0x04, 0x00, 0x00, b'a', b'b']);
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 0 }, plain(b"c"), n, MOST).unwrap();
    // no TWOVALUES on large pages
    assert_eq!(
        roundtrip(&r, &l),
        vec![0, 127, 4, 0, 0x00, 0x01, 0x04, 0x00, 0x08, 4, 0, 6, 0, b'a', b'b', b'c']
    );
    let mut m = Record::new();
    m.set_tagged(
        &l,
        TaggedSlot { id: T2, long_value: true, itag: 1 },
        None,
        NullRules { has_default: true, revert_to_default: false },
        MOST,
    )
    .unwrap();
    assert_eq!(roundtrip(&m, &l), vec![0, 127, 4, 0, 0x2C, 0x01, 0x04, 0x00, 0x21]);
    assert_eq!(m.tagged(T2, 1), TaggedRead::NullOverride);
}

// data-records 3.5: append, overwrite, delete with renumbering, NULL where nothing is.
#[test]
fn multi_value_renumbering() {
    for page in [8192, 32768] {
        let l = RecordLayout::new(Vec::new(), page).unwrap();
        let n = NullRules::default();
        let mut r = Record::new();
        for v in [b"v1", b"v2", b"v3", b"v4"] {
            r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 0 }, plain(v), n, MOST).unwrap();
            roundtrip(&r, &l);
        }
        r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 99 }, plain(b"v5"), n, MOST).unwrap();
        assert_eq!(values(&r, T), [b"v1", b"v2", b"v3", b"v4", b"v5"]);
        r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 2 }, plain(b"two"), n, MOST).unwrap();
        assert_eq!(
            values(&r, T),
            vec![b"v1".to_vec(), b"two".to_vec(), b"v3".to_vec(), b"v4".to_vec(), b"v5".to_vec()]
        );
        r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 2 }, None, n, MOST).unwrap();
        assert_eq!(values(&r, T), [b"v1", b"v3", b"v4", b"v5"]);
        r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, None, n, MOST).unwrap();
        assert_eq!(values(&r, T), [b"v3", b"v4", b"v5"]);
        // NULL past the count, or at itag 0: nothing
        r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 7 }, None, n, MOST).unwrap();
        r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 0 }, None, n, MOST).unwrap();
        assert_eq!(values(&r, T), [b"v3", b"v4", b"v5"]);
        assert_eq!(r.tagged(T, 4), TaggedRead::Missing);
        assert_eq!(r.tagged(T, 0), TaggedRead::Missing);
        r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 3 }, None, n, MOST).unwrap();
        r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, None, n, MOST).unwrap();
        assert_eq!(values(&r, T), [b"v4"]);
        roundtrip(&r, &l);
        // NULL at itag 2 of a single value: nothing; at itag 1: the column goes
        r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 2 }, None, n, MOST).unwrap();
        assert_eq!(values(&r, T), [b"v4"]);
        r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, None, n, MOST).unwrap();
        assert_eq!(r.tagged(T, 1), TaggedRead::Absent);
        assert_eq!(roundtrip(&r, &l), vec![0, 127, 4, 0]);
    }
}

// data-records 3.5; tagfld.cxx:1094-1111, 1452-1500: the NULL marker of a column with a default.
#[test]
fn null_override_marker() {
    let l = RecordLayout::new(Vec::new(), 8192).unwrap();
    let dflt = NullRules { has_default: true, revert_to_default: false };
    let revert = NullRules { has_default: true, revert_to_default: true };
    let mut r = Record::new();
    // absent + NULL at itag 2 or with RevertToDefault: nothing
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 2 }, None, dflt, MOST).unwrap();
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, None, revert, MOST).unwrap();
    assert_eq!(r.tagged(T, 1), TaggedRead::Absent);
    // absent + NULL at itag 1 with a default: the marker
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, None, dflt, MOST).unwrap();
    assert_eq!(r.tagged(T, 1), TaggedRead::NullOverride);
    assert_eq!(r.tagged_count(T), 0);
    // a value replaces the marker, at any itag
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 3 }, plain(b"v"), dflt, MOST).unwrap();
    assert_eq!(values(&r, T), [b"v"]);
    // NULL over the single value with a default: back to the marker
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, None, dflt, MOST).unwrap();
    assert_eq!(r.tagged(T, 1), TaggedRead::NullOverride);
    // RevertToDefault removes the marker
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, None, revert, MOST).unwrap();
    assert_eq!(r.tagged(T, 1), TaggedRead::Absent);
    // NULL over a single value with RevertToDefault: the column goes
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, plain(b"w"), dflt, MOST).unwrap();
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, None, revert, MOST).unwrap();
    assert_eq!(r.tagged(T, 1), TaggedRead::Absent);
}

// data-records 3.2: zero-length tagged values are values, not NULL.
#[test]
fn tagged_zero_length_values() {
    let l = RecordLayout::new(Vec::new(), 8192).unwrap();
    let n = NullRules::default();
    let mut r = Record::new();
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 0 }, plain(b""), n, MOST).unwrap();
    assert_eq!(
        r.tagged(T, 1),
        TaggedRead::Value(TaggedRef { data: b"", separated: false, compressed: false })
    );
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 0 }, plain(b""), n, MOST).unwrap();
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 0 }, plain(b"x"), n, MOST).unwrap();
    assert_eq!(values(&r, T), vec![b"".to_vec(), b"".to_vec(), b"x".to_vec()]);
    roundtrip(&r, &l);
}

// tagfld.hxx:300-330: template (derived) columns sort first; iteration in stored order.
#[test]
fn tagged_order_and_iteration() {
    let l = RecordLayout::new(Vec::new(), 8192).unwrap();
    let n = NullRules::default();
    let mut r = Record::new();
    let d = TaggedId { fid: 400, derived: true };
    r.set_tagged(&l, TaggedSlot { id: T2, long_value: false, itag: 1 }, plain(b"b"), n, MOST).unwrap();
    r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, plain(b"a"), n, MOST).unwrap();
    r.set_tagged(&l, TaggedSlot { id: d, long_value: false, itag: 1 }, plain(b"d"), n, MOST).unwrap();
    r.set_tagged(&l, TaggedSlot { id: d, long_value: false, itag: 0 }, plain(b"e"), n, MOST).unwrap();
    let bytes = roundtrip(&r, &l);
    let v = RecordView::new(&bytes, &l).unwrap();
    let cols: Vec<_> = v.tagged_columns().collect();
    assert_eq!(cols, vec![(d, 2), (T, 1), (T2, 1)]);
    assert_eq!(bytes[6..8], [0x0C, 0x80 | 0x40], "derived bit and header bit on the first entry");
    assert_eq!(r.tagged_columns().iter().map(|c| c.id).collect::<Vec<_>>(), vec![d, T, T2]);
    assert_eq!(r.tagged(TaggedId::new(400), 1), TaggedRead::Absent, "same fid, not derived");
    assert_eq!(v.tagged_values(TaggedId::new(400)), None);
    assert_eq!(r.tagged_values(d).map(|v| v.len()), Some(2));
}

// data-records 3.11: JET_errRecordTooBig at the limit, and nothing changes.
#[test]
fn record_too_big() {
    let l = layout();
    let mut r = Record::new();
    let limit = 100;
    r.set_var(&l, 128, Some(&[1; 90]), limit).unwrap();
    let before = r.clone();
    assert_eq!(r.set_var(&l, 129, Some(&[2; 10]), limit), fail(JET_errRecordTooBig));
    assert_eq!(r.set_fixed(&l, 6, Some(&[1, 2, 3, 4, 5, 6]), limit), fail(JET_errRecordTooBig));
    assert_eq!(
        r.set_tagged(
            &l,
            TaggedSlot { id: T, long_value: false, itag: 1 },
            plain(&[3; 10]),
            NullRules::default(),
            limit
        ),
        fail(JET_errRecordTooBig)
    );
    assert_eq!(r, before);
    // exactly at the limit is fine
    let room = limit - r.encoded_len(&l) - 4;
    r.set_tagged(
        &l,
        TaggedSlot { id: T, long_value: false, itag: 1 },
        plain(&vec![3; room]),
        NullRules::default(),
        limit,
    )
    .unwrap();
    assert_eq!(r.encoded_len(&l), limit);
}

#[test]
fn bad_tagged_arguments() {
    let l = RecordLayout::new(Vec::new(), 8192).unwrap();
    let n = NullRules::default();
    let mut r = Record::new();
    let sep = Some(TaggedValue { data: vec![1, 0, 0, 0], separated: true, compressed: false });
    assert_eq!(
        r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, sep, n, MOST),
        fail(JET_errInvalidParameter)
    );
    let both = Some(TaggedValue { data: vec![1, 0, 0, 0], separated: true, compressed: true });
    let slot = TaggedSlot { id: T, long_value: true, itag: 1 };
    assert_eq!(r.set_tagged(&l, slot, both, n, MOST), fail(JET_errInvalidParameter));
    assert_eq!(
        r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, plain(&[0; 256]), n, MOST),
        fail(JET_errInvalidParameter)
    );
    assert_eq!(
        r.set_tagged(
            &l,
            TaggedSlot { id: TaggedId::new(255), long_value: false, itag: 1 },
            plain(b"a"),
            n,
            MOST
        ),
        fail(JET_errColumnNotFound)
    );
    let comp = || Some(TaggedValue { data: vec![9], separated: false, compressed: true });
    // the first value of an absent column may be compressed whatever the itag
    let mut first = Record::new();
    first.set_tagged(&l, TaggedSlot { id: T2, long_value: true, itag: 3 }, comp(), n, MOST).unwrap();
    assert!(matches!(first.tagged(T2, 1), TaggedRead::Value(TaggedRef { compressed: true, .. })));
    roundtrip(&first, &l);
    r.set_tagged(&l, TaggedSlot { id: T, long_value: true, itag: 1 }, plain(b"a"), n, MOST).unwrap();
    assert_eq!(
        r.set_tagged(&l, TaggedSlot { id: T, long_value: true, itag: 0 }, comp(), n, MOST),
        fail(JET_errInvalidParameter)
    );
    r.set_tagged(&l, TaggedSlot { id: T, long_value: true, itag: 1 }, comp(), n, MOST).unwrap();
    assert_eq!(r.set_separated(&l, T, 2, &[1, 0, 0, 0], MOST), fail(JET_errColumnNotFound));
    assert_eq!(r.set_separated(&l, T2, 1, &[1, 0, 0, 0], MOST), fail(JET_errColumnNotFound));
    roundtrip(&r, &l);
}

// S-BAD: inconsistent bytes are JET_errDatabaseCorrupted, never a panic.
#[test]
fn corrupt_records() {
    let l = layout();
    for bad in [
        vec![],
        vec![0, 127, 4],
        vec![7, 127, 4, 0],                // more fixed columns than the table has
        vec![0, 100, 4, 0],                // fidVarLastInRec below 127
        vec![0, 127, 5, 0],                // ibEndOfFixedData wrong
        vec![0, 128, 4, 0, 9, 0],          // variable data past the end
        vec![0, 127, 4, 0, 0, 1, 8, 0],    // TAGFLD offset past the data
        vec![0, 127, 4, 0, 5, 0, 4, 0],    // tagged fid below 256
        vec![0, 127, 4, 0, 0, 1, 4, 0x40], // header bit without a header byte
    ] {
        assert_eq!(RecordView::new(&bad, &l).map(|_| ()), fail(JET_errDatabaseCorrupted), "{bad:?}");
    }
}

#[derive(Clone, Debug)]
enum Op {
    Fixed(u16, Option<Vec<u8>>),
    Var(u16, Option<Vec<u8>>),
    Tagged(u16, bool, u32, Option<Vec<u8>>, bool, bool, (bool, bool)),
    Separate(u16, u32),
}

fn op() -> impl Strategy<Value = Op> {
    let data = proptest::option::weighted(0.8, proptest::collection::vec(any::<u8>(), 0..40));
    prop_oneof![
        (1u16..=6, data.clone()).prop_map(|(f, d)| Op::Fixed(f, d)),
        (128u16..=135, data.clone()).prop_map(|(f, d)| Op::Var(f, d)),
        (256u16..=260, any::<bool>(), 0u32..5, data, any::<bool>(), any::<bool>(), any::<(bool, bool)>())
            .prop_map(|(f, derived, i, d, dflt, rev, flags)| Op::Tagged(f, derived, i, d, dflt, rev, flags)),
        (256u16..=260, 1u32..4).prop_map(|(f, i)| Op::Separate(f, i)),
    ]
}

fn schema() -> impl Strategy<Value = Vec<FixedColumn>> {
    let types = [
        ColType::Bit,
        ColType::Short,
        ColType::Long,
        ColType::Currency,
        ColType::Guid,
        ColType::Text,
        ColType::Binary,
    ];
    proptest::collection::vec((0usize..types.len(), 1u16..20, any::<bool>(), any::<bool>()), 6).prop_map(
        move |cols| {
            cols.into_iter()
                .map(|(t, n, deleted, unicode)| {
                    let coltype = types[t];
                    let size = coltype.fixed_size().map_or(n, |s| s as u16);
                    let cp = if coltype.is_text() { if unicode { 1200 } else { 1252 } } else { 0 };
                    FixedColumn { size, coltype: (!deleted).then_some(coltype), cp }
                })
                .collect()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    // Random schemas and random edits: decode(encode(r)) == r after every step, the in-place
    // view reads what the record holds, and a failed edit changes nothing.
    #[test]
    fn random_records_roundtrip(
        fixed in schema(),
        large in any::<bool>(),
        ops in proptest::collection::vec(op(), 0..40),
        limit in 60usize..600,
    ) {
        let l = RecordLayout::new(fixed, if large { 32768 } else { 8192 }).unwrap();
        let mut r = Record::new();
        for op in ops {
            let before = r.clone();
            let res = match &op {
                Op::Fixed(f, d) => r.set_fixed(&l, *f, d.as_deref(), limit),
                Op::Var(f, d) => r.set_var(&l, *f, d.as_deref(), limit),
                Op::Tagged(f, derived, itag, d, dflt, rev, (separated, compressed)) => {
                    let id = TaggedId { fid: *f, derived: *derived };
                    let lv = f % 2 == 0;
                    let nulls = NullRules { has_default: *dflt, revert_to_default: *rev };
                    let slot = TaggedSlot { id, long_value: lv, itag: *itag };
                    // flags only on LV columns, where they are legal (elsewhere: refused, tested above)
                    let value = d.as_ref().map(|d| TaggedValue {
                        data: d.clone(),
                        separated: lv && *separated,
                        compressed: lv && *compressed && !*separated,
                    });
                    r.set_tagged(&l, slot, value, nulls, limit)
                }
                Op::Separate(f, itag) => r.set_separated(&l, TaggedId::new(*f), *itag, &[1, 0, 0, 0], limit),
            };
            if res.is_err() {
                prop_assert_eq!(&r, &before, "{:?} failed with {:?} but changed the record", op, res);
            }
            prop_assert!(r.encoded_len(&l) <= limit);
            let bytes = r.encode(&l);
            prop_assert_eq!(bytes.len(), r.encoded_len(&l));
            let view = RecordView::new(&bytes, &l).unwrap();
            let mut back = view.to_record();
            // a small-page NULL marker keeps no LV flag
            if !large {
                for (c, o) in back.tagged.iter_mut().zip(&r.tagged) {
                    if c.values.is_empty() { c.long_value = o.long_value; }
                }
            }
            prop_assert_eq!(&back, &r);
            // S-BAD: cut or damaged copies of a valid record are refused or read without a panic
            for cut in 0..bytes.len() {
                let _ = RecordView::new(&bytes[..cut], &l).map(|v| v.to_record());
            }
            let mut damaged = bytes.clone();
            let at = damaged.len() / 2;
            damaged[at] ^= 0xA5;
            let _ = RecordView::new(&damaged, &l).map(|v| v.to_record());
            for f in 1..=7u16 { prop_assert_eq!(view.fixed(f), r.fixed(f)); }
            for f in 127..=136u16 { prop_assert_eq!(view.var(f), r.var(f)); }
            for c in r.tagged_columns() {
                prop_assert_eq!(view.tagged_count(c.id), c.values.len());
                let from_view: Vec<Vec<u8>> =
                    view.tagged_values(c.id).unwrap().iter().map(|v| v.data.to_vec()).collect();
                let from_record: Vec<Vec<u8>> =
                    r.tagged_values(c.id).unwrap().iter().map(|v| v.data.clone()).collect();
                prop_assert_eq!(from_view, from_record);
                for i in 0..=c.values.len() as u32 + 1 {
                    prop_assert_eq!(view.tagged(c.id, i), r.tagged(c.id, i));
                }
            }
        }
    }

    // S-BAD: any bytes at all give a record or JET_errDatabaseCorrupted, and reading every
    // column of an accepted one does not panic.
    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..64),
        large in any::<bool>(),
    ) {
        let page = if large { 32768 } else { 8192 };
        let l = RecordLayout::new(vec![fixed(ColType::Long, 4), fixed(ColType::Text, 3)], page).unwrap();
        match RecordView::new(&bytes, &l) {
            Err(e) => prop_assert_eq!(e, JetError(JET_errDatabaseCorrupted)),
            Ok(v) => {
                for f in 0..=3u16 { let _ = v.fixed(f); }
                for f in 127..=255u16 { let _ = v.var(f); }
                let cols: Vec<_> = v.tagged_columns().collect();
                for (id, n) in cols {
                    for i in 0..=n as u32 + 1 { let _ = v.tagged(id, i); }
                }
                let r = v.to_record();
                let again = r.encode(&l);
                prop_assert!(RecordView::new(&again, &l).is_ok());
            }
        }
    }
}

// data-records 4.4 (JET_bitUpdateCheckESE97Compatibility; fldenum.hxx/cxx CbESE97Format): the
// size a record has in ESE97's format, tagged column by tagged column.
#[test]
fn ese97_size_of_tagged_columns() {
    let l = layout();
    let n = NullRules::default();
    let mut r = Record::new();
    r.set_fixed(&l, 1, Some(&7i32.to_le_bytes()), MOST).unwrap();
    let base = r.ese97_len(&l, |_| true);
    assert_eq!(base, r.encoded_len(&l), "no tagged data: the same size in both formats");
    // Three 2-byte multi-values of a plain column: a TAGFLD (4) and the data each.
    for v in [b"ab", b"cd", b"ef"] {
        r.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 0 }, plain(v), n, MOST).unwrap();
    }
    assert_eq!(r.ese97_len(&l, |_| true), base + 3 * (4 + 2));
    // One 100-byte long value: TAGFLD, flag byte, at most 4 bytes of data.
    let big = [9u8; 100];
    r.set_tagged(&l, TaggedSlot { id: T2, long_value: true, itag: 1 }, plain(&big), n, MOST).unwrap();
    assert_eq!(r.ese97_len(&l, |_| true), base + 3 * (4 + 2) + 4 + 1 + 4);
    // A column the table no longer has counts nothing.
    assert_eq!(r.ese97_len(&l, |id| id != T), base + 4 + 1 + 4);
    // An explicit NULL marker: its TAGFLD alone.
    let mut m = Record::new();
    let rules = NullRules { has_default: true, revert_to_default: false };
    m.set_tagged(&l, TaggedSlot { id: T, long_value: false, itag: 1 }, None, rules, MOST).unwrap();
    assert_eq!(m.tagged_columns().len(), 1);
    assert_eq!(m.ese97_len(&l, |_| true), m.ese97_len(&l, |_| false) + 4);
}
