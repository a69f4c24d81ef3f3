use super::*;
use crate::engine::catalog::{
    CB_CONDITIONAL_COLUMN, ColumnSpec, ConditionalSpec, IndexDefaults, IndexSpec, TableSpec, UnicodeSpec,
};
use crate::engine::error::JetError;
use crate::engine::key::KeyBuilder;
use crate::engine::record::{NullRules, TaggedSlot, TaggedValue};
use proptest::prelude::*;
use std::cell::RefCell;
use std::sync::Arc;

const PAGE: u32 = 8192;

fn col(name: &str, coltyp: u32, grbit: u32) -> ColumnSpec {
    ColumnSpec { name: name.into(), coltyp, grbit, ..Default::default() }
}

fn col_default(name: &str, coltyp: u32, grbit: u32, default: &[u8]) -> ColumnSpec {
    ColumnSpec { default: Some(default.to_vec()), ..col(name, coltyp, grbit) }
}

fn ix(name: &str, key: &[u8], grbit: u32) -> IndexSpec {
    IndexSpec { name: name.into(), key: key.to_vec(), grbit, ..Default::default() }
}

fn long(v: i32) -> Vec<u8> {
    v.to_le_bytes().to_vec()
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|c| c.to_le_bytes()).collect()
}

fn code<T: std::fmt::Debug>(r: JetResult<T>) -> i32 {
    r.expect_err("an error").0
}

const MV: u32 = JET_bitColumnTagged | JET_bitColumnMultiValued;

/// One table "T" and its catalog.
struct Fx {
    cat: Arc<Catalog>,
}

impl Fx {
    fn new(columns: Vec<ColumnSpec>, indexes: Vec<IndexSpec>) -> Fx {
        let spec = TableSpec { name: "T".into(), columns, indexes, ..Default::default() };
        let cat = Catalog::new(PAGE).create_table(&spec, &IndexDefaults::default()).0.unwrap();
        Fx { cat }
    }

    fn t(&self) -> &TableDef {
        self.cat.table("T").unwrap()
    }

    fn ixdef(&self, name: &str) -> &IndexDef {
        self.t().index(name).unwrap()
    }

    fn kd(&self, name: &str) -> KeyDef {
        self.cat.key_def(self.t(), self.ixdef(name)).unwrap()
    }

    fn layout(&self) -> crate::engine::record::RecordLayout {
        self.cat.record_layout(self.t()).unwrap()
    }

    /// A record with these columns set: fixed and variable columns to the value (`None` =
    /// NULL); a tagged column gets the value appended (`None` = a NULL marker at itag 1).
    fn rec(&self, sets: &[(&str, Option<&[u8]>)]) -> Record {
        let layout = self.layout();
        let most = self.cat.cb_record_most(self.t());
        let mut r = Record::new();
        for (name, v) in sets {
            let c = self.cat.find_column(self.t(), name).unwrap();
            match c.def.class() {
                ColumnClass::Fixed => r.set_fixed(&layout, c.def.fid, *v, most).unwrap(),
                ColumnClass::Variable => r.set_var(&layout, c.def.fid, *v, most).unwrap(),
                ColumnClass::Tagged => {
                    let id = TaggedId { fid: c.def.fid, derived: c.from_template() && self.t().is_derived() };
                    let long_value = c.def.coltype.is_long_value();
                    let (itag, value, nulls) = match v {
                        Some(d) => (0, Some(TaggedValue::plain(d)), NullRules::default()),
                        None => (1, None, NullRules { has_default: true, revert_to_default: false }),
                    };
                    r.set_tagged(&layout, TaggedSlot { id, itag, long_value }, value, nulls, most).unwrap()
                }
            }
        }
        r
    }

    /// Replaces value `itag` of a tagged LV column by the LV id `lid`.
    fn separate(&self, r: &mut Record, name: &str, itag: u32, lid: &[u8]) {
        let c = self.cat.find_column(self.t(), name).unwrap();
        let most = self.cat.cb_record_most(self.t());
        r.set_separated(&self.layout(), TaggedId::new(c.def.fid), itag, lid, most).unwrap();
    }

    fn entries_lv(&self, name: &str, r: &Record, lv: &mut LvReader<'_>) -> JetResult<Vec<IndexEntry>> {
        index_entries(&self.cat, self.t(), self.ixdef(name), &self.kd(name), r, lv)
    }

    fn entries(&self, name: &str, r: &Record) -> JetResult<Vec<IndexEntry>> {
        self.entries_lv(name, r, &mut |_, _| panic!("no separated value here"))
    }

    fn keys(&self, name: &str, r: &Record) -> Vec<Vec<u8>> {
        self.entries(name, r).unwrap().into_iter().map(|e| e.key).collect()
    }

    /// The key `record_key` makes of these segment values.
    fn key(&self, name: &str, vals: &[KeyValue<'_>]) -> Vec<u8> {
        record_key(&self.kd(name), vals).unwrap().0
    }
}

fn sorted(mut v: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    v.sort();
    v.dedup();
    v
}

// ---- the primary index, defaults ----

// data-records 7.3, data-ddl 7.7: a primary index gives one entry, the normalized key.
#[test]
fn primary_index_has_one_entry() {
    let fx = Fx::new(
        vec![col("Id", JET_coltypLong, 0), col("Name", JET_coltypText, 0)],
        vec![ix("pk", b"+Id\0-Name\0\0", JET_bitIndexPrimary)],
    );
    let r = fx.rec(&[("Id", Some(&long(42))), ("Name", Some(b"ab"))]);
    let e = fx.entries("pk", &r).unwrap();
    // 7f + 42 with the sign bit flipped; then "AB\0" with its header, inverted.
    let want = vec![0x7f, 0x80, 0, 0, 42, !0x7f, !b'A', !b'B', 0xFF];
    assert_eq!(e, vec![IndexEntry { key: want.clone(), itag: 1 }]);
    let kd = fx.kd("pk");
    assert_eq!(primary_key(&fx.cat, fx.t(), &kd, &r, &mut |_, _| unreachable!()).unwrap(), Some(want));
    // a primary key may be all NULL (no Ignore bits on a primary index)
    let e = fx.entries("pk", &Record::new()).unwrap();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].key, vec![0x00, 0xFF]);
    // a table without a primary index has none: the caller numbers its records
    let seq = Fx::new(vec![col("Id", JET_coltypLong, 0)], vec![]);
    assert_eq!(primary_key(&seq.cat, seq.t(), &kd, &r, &mut |_, _| unreachable!()).unwrap(), None);
}

// data-records 3.6: columns a record does not hold read as their defaults (fixed and variable
// columns past the record's last one, absent tagged columns at itag 1); a NULL marker hides
// the default.
#[test]
fn absent_columns_read_as_their_defaults() {
    let fx = Fx::new(
        vec![
            col_default("F", JET_coltypLong, 0, &long(7)),
            col_default("V", JET_coltypText, 0, b"dv"),
            col_default("G", JET_coltypBinary, JET_bitColumnTagged, b"\x01"),
        ],
        vec![ix("f", b"+F\0\0", 0), ix("v", b"+V\0\0", 0), ix("g", b"+G\0\0", 0)],
    );
    let empty = Record::new();
    assert_eq!(fx.keys("f", &empty), vec![vec![0x7f, 0x80, 0, 0, 7]]);
    assert_eq!(fx.keys("v", &empty), vec![b"\x7fDV\0".to_vec()]);
    assert_eq!(fx.keys("g", &empty), vec![vec![0x7f, 1, 0, 0, 0, 0, 0, 0, 0, 1]]);
    // explicit NULLs: fixed/variable NULL, tagged NULL marker
    let nulls = fx.rec(&[("F", None), ("V", None), ("G", None)]);
    for name in ["f", "v", "g"] {
        assert_eq!(fx.keys(name, &nulls), vec![vec![0x00]], "{name}");
    }
    // a zero-length variable value is not NULL
    let zl = fx.rec(&[("V", Some(b""))]);
    assert_eq!(fx.keys("v", &zl), vec![vec![0x40]]);
}

// ---- NULL rules ----

/* data-ddl 2.7: DisallowNull refuses, IgnoreNull / IgnoreFirstNull / IgnoreAnyNull leave out
 * keys that are all NULL / NULL first / NULL anywhere (each implying the ones before). */
#[test]
fn null_rules_follow_the_index_grbit() {
    let grbits = [
        0,
        JET_bitIndexIgnoreNull,
        JET_bitIndexIgnoreFirstNull,
        JET_bitIndexIgnoreAnyNull,
        JET_bitIndexDisallowNull,
        JET_bitIndexEmpty | JET_bitIndexIgnoreAnyNull,
    ];
    let indexes = grbits.iter().enumerate().map(|(i, g)| ix(&format!("i{i}"), b"+A\0+B\0\0", *g)).collect();
    let fx = Fx::new(vec![col("A", JET_coltypLong, 0), col("B", JET_coltypLong, 0)], indexes);
    let v = long(1);
    let x = Some(&v[..]);
    // (A, B) → in the index under grbit i? (None = JET_errNullKeyDisallowed)
    type Case<'a> = (Option<&'a [u8]>, Option<&'a [u8]>, [Option<bool>; 6]);
    let cases: [Case<'_>; 4] = [
        (None, None, [Some(true), Some(false), Some(false), Some(false), None, Some(false)]),
        (None, x, [Some(true), Some(true), Some(false), Some(false), None, Some(false)]),
        (x, None, [Some(true), Some(true), Some(true), Some(false), None, Some(false)]),
        (x, x, [Some(true); 6]),
    ];
    for (a, b, want) in cases {
        let r = fx.rec(&[("A", a), ("B", b)]);
        for (i, w) in want.iter().enumerate() {
            let got = fx.entries(&format!("i{i}"), &r);
            match w {
                None => assert_eq!(code(got), JET_errNullKeyDisallowed, "{a:?} {b:?} i{i}"),
                Some(w) => assert_eq!(!got.unwrap().is_empty(), *w, "{a:?} {b:?} i{i}"),
            }
        }
    }
}

// data-records 7.8 + data-ddl 2.7: a NULL segment past the end of a full key still counts.
#[test]
fn null_after_a_full_key_still_counts() {
    let fx = Fx::new(
        vec![col("A", JET_coltypLongText, 0), col("B", JET_coltypLong, 0)],
        vec![
            ix("any", b"+A\0+B\0\0", JET_bitIndexIgnoreAnyNull),
            ix("dis", b"+A\0+B\0\0", JET_bitIndexDisallowNull),
            ix("plain", b"+A\0+B\0\0", 0),
        ],
    );
    let long_text = vec![b'q'; 400];
    let r = fx.rec(&[("A", Some(&long_text))]);
    assert_eq!(fx.entries("any", &r).unwrap(), vec![]);
    assert_eq!(code(fx.entries("dis", &r)), JET_errNullKeyDisallowed);
    let k = fx.keys("plain", &r);
    assert_eq!(k.len(), 1);
    assert_eq!(k[0].len(), 255);
}

// ---- truncation ----

/* data-records 7.8: keys are cut at cbKeyMost; equal cut keys of one record collapse to one
 * entry; DisallowTruncation makes a cut key (or a full key with segments left) -346. */
#[test]
fn truncated_keys() {
    let fx = Fx::new(
        vec![col("M", JET_coltypLongBinary, MV), col("A", JET_coltypBinary, 0), col("B", JET_coltypLong, 0)],
        vec![
            ix("m", b"+M\0\0", 0),
            ix("mdis", b"+M\0\0", JET_bitIndexDisallowTruncation),
            ix("ab", b"+A\0+B\0\0", JET_bitIndexDisallowTruncation),
        ],
    );
    let mut a = vec![5u8; 300];
    let mut b = a.clone();
    a.push(1);
    b.push(2);
    let r = fx.rec(&[("M", Some(&a)), ("M", Some(&b)), ("M", Some(b"short"))]);
    let e = fx.entries("m", &r).unwrap();
    assert_eq!(e.len(), 2, "the two long values share their cut key");
    let cut = e.iter().find(|e| e.key.len() == 255).unwrap();
    assert_eq!(cut.itag, 1, "the first value made keeps the entry");
    assert_eq!(cut.key, record_key(&fx.kd("m"), &[KeyValue::Data(&a)]).unwrap().0);
    assert_eq!(code(fx.entries("mdis", &r)), JET_errKeyTruncated);
    assert_eq!(fx.entries("mdis", &fx.rec(&[("M", Some(b"short"))])).unwrap().len(), 1);
    // a variable binary of 225 bytes makes 1 + 29 * 9 = 262 > 255 key bytes
    let r = fx.rec(&[("A", Some(&[1u8; 225])), ("B", Some(&long(1)))]);
    assert_eq!(code(fx.entries("ab", &r)), JET_errKeyTruncated);
    // 27 chunks: 1 + 27 * 9 = 244 bytes, then B's 5 bytes fit
    let r = fx.rec(&[("A", Some(&[1u8; 216])), ("B", Some(&long(1)))]);
    assert_eq!(fx.keys("ab", &r)[0].len(), 249);
}

// data-records 7.8: a key exactly full while a segment remains is truncated (fldnorm.cxx
// cbKeyAvail == 0 path), also when that segment is an exhausted multi-value.
#[test]
fn full_key_with_segments_left_is_truncated() {
    let fx = Fx::new(
        vec![col("A", JET_coltypText, 0), col("B", JET_coltypLong, 0)],
        vec![ix("dis", b"+A\0+B\0\0", JET_bitIndexDisallowTruncation), ix("cut", b"+A\0+B\0\0", 0)],
    );
    // 253 characters + header + terminator = 255 bytes exactly
    let r = fx.rec(&[("A", Some(&[b'x'; 253])), ("B", Some(&long(3)))]);
    assert_eq!(code(fx.entries("dis", &r)), JET_errKeyTruncated);
    let k = fx.keys("cut", &r);
    assert_eq!(k[0].len(), 255);
    assert_eq!(*k[0].last().unwrap(), 0x00, "A's terminator is the last byte: B left out");
    let r = fx.rec(&[("A", Some(&[b'x'; 252])), ("B", Some(&long(3)))]);
    assert_eq!(code(fx.entries("dis", &r)), JET_errKeyTruncated, "254 + B's 5 bytes");
    let r = fx.rec(&[("A", Some(&[b'x'; 248])), ("B", Some(&long(3)))]);
    assert_eq!(fx.keys("dis", &r)[0].len(), 255, "250 + 5 fits exactly, no segment left");
}

// ---- conditional columns ----

/* data-ddl 2.6 (JET_CONDITIONALCOLUMN): MustBeNull / MustBeNonNull on the value at itag 1, the
 * column's default included. */
#[test]
fn conditional_columns() {
    let cond = |column: &str, grbit| ConditionalSpec {
        cb_struct: CB_CONDITIONAL_COLUMN,
        column: column.into(),
        grbit,
    };
    let fx = Fx::new(
        vec![
            col("K", JET_coltypLong, 0),
            col("Flag", JET_coltypBit, 0),
            col_default("D", JET_coltypText, JET_bitColumnTagged, b"d"),
        ],
        vec![
            IndexSpec {
                conditional: vec![cond("Flag", JET_bitIndexColumnMustBeNull)],
                ..ix("null", b"+K\0\0", 0)
            },
            IndexSpec {
                conditional: vec![cond("Flag", JET_bitIndexColumnMustBeNonNull)],
                ..ix("set", b"+K\0\0", 0)
            },
            IndexSpec {
                conditional: vec![cond("D", JET_bitIndexColumnMustBeNull)],
                ..ix("dnull", b"+K\0\0", 0)
            },
            IndexSpec {
                conditional: vec![
                    cond("D", JET_bitIndexColumnMustBeNonNull),
                    cond("Flag", JET_bitIndexColumnMustBeNonNull),
                ],
                ..ix("both", b"+K\0\0", 0)
            },
        ],
    );
    let k = long(1);
    let plain = fx.rec(&[("K", Some(&k))]);
    let flagged = fx.rec(&[("K", Some(&k)), ("Flag", Some(&[1]))]);
    let d_null = fx.rec(&[("K", Some(&k)), ("Flag", Some(&[0])), ("D", None)]);
    let present = |name: &str, r: &Record| !fx.entries(name, r).unwrap().is_empty();
    assert!(present("null", &plain) && !present("null", &flagged));
    assert!(!present("set", &plain) && present("set", &flagged));
    // D's default makes it non-NULL when absent; the NULL marker makes it NULL
    assert!(!present("dnull", &plain) && present("dnull", &d_null));
    assert!(present("both", &flagged) && !present("both", &plain) && !present("both", &d_null));
    // a bit 0 is a value, not NULL
    assert!(present("set", &fx.rec(&[("K", Some(&k)), ("Flag", Some(&[0]))])));
}

// ---- multi-valued columns ----

fn mv_fixture() -> Fx {
    Fx::new(
        vec![col("A", JET_coltypLong, MV), col("B", JET_coltypLong, MV), col("C", JET_coltypLong, 0)],
        vec![
            ix("first", b"+A\0+B\0\0", 0),
            ix("cross", b"+A\0+B\0\0", JET_bitIndexCrossProduct),
            ix("nested", b"+A\0+B\0\0", JET_bitIndexNestedTable),
            ix("nested_any", b"+A\0+B\0\0", JET_bitIndexNestedTable | JET_bitIndexIgnoreAnyNull),
            ix("second", b"+C\0+B\0\0", 0),
            ix("ignore", b"+A\0\0", JET_bitIndexIgnoreNull),
            ix("a", b"+A\0\0", 0),
        ],
    )
}

fn lk(v: i32) -> Vec<u8> {
    let mut k = vec![0x7f];
    k.extend_from_slice(&((v as u32) ^ 0x8000_0000).to_be_bytes());
    k
}

fn cat_keys(parts: &[Vec<u8>]) -> Vec<u8> {
    parts.concat()
}

// data-records 7.9: one entry per value of the first multi-valued segment; later multi-valued
// segments read at itag 1 (KeySequence, rec.hxx).
#[test]
fn multivalued_first_segment_iterates() {
    let fx = mv_fixture();
    let r = fx.rec(&[
        ("A", Some(&long(3))),
        ("A", Some(&long(1))),
        ("A", Some(&long(2))),
        ("B", Some(&long(10))),
        ("B", Some(&long(20))),
    ]);
    let e = fx.entries("first", &r).unwrap();
    let want: Vec<IndexEntry> = [(1, 2), (2, 3), (3, 1)]
        .iter()
        .map(|&(v, itag)| IndexEntry { key: cat_keys(&[lk(v), lk(10)]), itag })
        .collect();
    assert_eq!(e, want, "sorted by key, each with the itag of its value");
    // a multi-valued column in a later segment iterates when it is the first one
    let r = fx.rec(&[("C", Some(&long(5))), ("B", Some(&long(10))), ("B", Some(&long(20)))]);
    let e = fx.entries("second", &r).unwrap();
    assert_eq!(e.iter().map(|e| e.itag).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(e[1].key, cat_keys(&[lk(5), lk(20)]));
    // duplicate values make one entry
    let r = fx.rec(&[("A", Some(&long(4))), ("A", Some(&long(4)))]);
    assert_eq!(fx.entries("a", &r).unwrap(), vec![IndexEntry { key: lk(4), itag: 1 }]);
}

// data-ddl 2.7: JET_bitIndexCrossProduct indexes every combination.
#[test]
fn cross_product_indexes_every_combination() {
    let fx = mv_fixture();
    let r = fx.rec(&[
        ("A", Some(&long(1))),
        ("A", Some(&long(2))),
        ("B", Some(&long(10))),
        ("B", Some(&long(20))),
        ("B", Some(&long(30))),
    ]);
    let got = fx.keys("cross", &r);
    let mut want = Vec::new();
    for a in [1, 2] {
        for b in [10, 20, 30] {
            want.push(cat_keys(&[lk(a), lk(b)]));
        }
    }
    assert_eq!(got, sorted(want));
    // B without values: a NULL segment for each value of A
    let r = fx.rec(&[("A", Some(&long(1))), ("A", Some(&long(2)))]);
    assert_eq!(fx.keys("cross", &r), vec![cat_keys(&[lk(1), vec![0]]), cat_keys(&[lk(2), vec![0]])]);
}

// data-ddl 2.7: JET_bitIndexNestedTable pairs values of the same itag; a column that ran out
// reads as NULL; with IgnoreAnyNull the first NULL ends the record's entries (recupd.cxx
// wrnFLDNullSeg sets the sequence complete).
#[test]
fn nested_table_pairs_equal_itags() {
    let fx = mv_fixture();
    let r = fx.rec(&[
        ("A", Some(&long(1))),
        ("A", Some(&long(2))),
        ("A", Some(&long(3))),
        ("B", Some(&long(10))),
    ]);
    let want = vec![cat_keys(&[lk(1), lk(10)]), cat_keys(&[lk(2), vec![0]]), cat_keys(&[lk(3), vec![0]])];
    assert_eq!(fx.keys("nested", &r), want);
    assert_eq!(fx.keys("nested_any", &r), vec![cat_keys(&[lk(1), lk(10)])]);
    let e = fx.entries("nested", &r).unwrap();
    assert_eq!(e.iter().map(|e| e.itag).collect::<Vec<_>>(), vec![1, 2, 3]);
}

// data-ddl 2.7: a multi-valued column without values is one NULL segment.
#[test]
fn multivalued_without_values_is_null() {
    let fx = mv_fixture();
    assert_eq!(fx.keys("a", &Record::new()), vec![vec![0x00]]);
    assert_eq!(fx.keys("ignore", &Record::new()), Vec::<Vec<u8>>::new());
    assert_eq!(fx.keys("cross", &Record::new()), vec![vec![0x00, 0x00]]);
}

// ---- tuples ----

fn tuple_fixture() -> Fx {
    let limits = |len_min, len_max, to_index_max, increment, start| TupleLimits {
        len_min,
        len_max,
        to_index_max,
        increment,
        start,
    };
    let t = JET_bitIndexTuples;
    let tl = JET_bitIndexTuples | JET_bitIndexTupleLimits;
    Fx::new(
        vec![
            col("S", JET_coltypText, 0),
            ColumnSpec { cp: 1200, ..col("U", JET_coltypText, 0) },
            col("L", JET_coltypLongText, 0),
            col("M", JET_coltypText, MV),
            col("N", JET_coltypLong, 0),
        ],
        vec![
            ix("s", b"+S\0\0", t),
            IndexSpec { tuple_limits: Some(limits(2, 3, 2, 2, 1)), ..ix("s_lim", b"+S\0\0", tl) },
            IndexSpec { tuple_limits: Some(limits(2, 2, 100, 1, 0)), ..ix("u", b"+U\0\0", tl) },
            ix("l", b"+L\0\0", t),
            ix("m", b"+M\0\0", t),
            ix("sn", b"+S\0+N\0\0", t),
        ],
    )
}

/* data-ddl 2.7 (JET_bitIndexTuples): one entry per substring of the first segment, from
 * `start` every `increment` characters, at most `len_max` long, until one is shorter than
 * `len_min` or `to_index_max` are made. */
#[test]
fn tuples_index_substrings() {
    let fx = tuple_fixture();
    let text = |s: &str| {
        let mut k = vec![0x7f];
        k.extend(s.to_ascii_uppercase().bytes());
        k.push(0);
        k
    };
    // defaults: 3..=10 characters, every character from 0
    let r = fx.rec(&[("S", Some(b"abcdefghijkl"))]);
    let want = [
        "abcdefghij",
        "bcdefghijk",
        "cdefghijkl",
        "defghijkl",
        "efghijkl",
        "fghijkl",
        "ghijkl",
        "hijkl",
        "ijkl",
        "jkl",
    ];
    assert_eq!(fx.keys("s", &r), sorted(want.iter().map(|s| text(s)).collect()));
    // start 1, every 2nd character, 2 tuples of 2..=3 characters
    assert_eq!(fx.keys("s_lim", &r), vec![text("bcd"), text("def")]);
    let short = fx.rec(&[("S", Some(b"abc"))]);
    assert_eq!(fx.keys("s_lim", &short), vec![text("bc")]);
    assert_eq!(fx.keys("s", &fx.rec(&[("S", Some(b"ab"))])), Vec::<Vec<u8>>::new());
    // NULL and zero-length values have no tuple
    assert_eq!(fx.keys("s", &Record::new()), Vec::<Vec<u8>>::new());
    assert_eq!(fx.keys("s", &fx.rec(&[("S", Some(b""))])), Vec::<Vec<u8>>::new());
    // cp 1200: characters are two bytes
    let r = fx.rec(&[("U", Some(&utf16("xyz")))]);
    let kd = fx.kd("u");
    let uk = |s: &str| record_key(&kd, &[KeyValue::Data(&utf16(s))]).unwrap().0;
    assert_eq!(fx.keys("u", &r), sorted(vec![uk("xy"), uk("yz")]));
    // a multi-valued first column: the tuples of every value
    let r = fx.rec(&[("M", Some(b"abc")), ("M", Some(b"wxyz"))]);
    assert_eq!(fx.keys("m", &r), sorted(vec![text("abc"), text("wxyz"), text("xyz")]));
    let e = fx.entries("m", &r).unwrap();
    assert_eq!(e.iter().find(|e| e.key == text("xyz")).unwrap().itag, 2);
    // later segments are whole
    let r = fx.rec(&[("S", Some(b"abcd")), ("N", Some(&long(9)))]);
    assert_eq!(fx.keys("sn", &r), vec![cat_keys(&[text("abcd"), lk(9)]), cat_keys(&[text("bcd"), lk(9)])]);
}

// data-ddl 2.7 (tuples) over a separated long value: each substring comes from the LV, which
// is read once per call and only as far as needed.
#[test]
fn tuples_over_a_separated_long_value() {
    let fx = tuple_fixture();
    let value: Vec<u8> = (0..2000).map(|i| b'a' + (i % 26) as u8).collect();
    let mut r = fx.rec(&[("L", Some(b"placeholder"))]);
    fx.separate(&mut r, "L", 1, &[9, 0, 0, 0]);
    let calls = RefCell::new(Vec::new());
    let mut lv = |lid: &[u8], want: usize| {
        assert_eq!(lid, &[9, 0, 0, 0]);
        calls.borrow_mut().push(want);
        Ok(value[..want.min(value.len())].to_vec())
    };
    let e = fx.entries_lv("l", &r, &mut lv).unwrap();
    // 1998 substrings of 3..=10 characters: 26 distinct ones of 10 (the text repeats every 26
    // characters), and the 7 shorter ones at the end
    assert_eq!(e.len(), 26 + 7);
    let mut tail = b"\x7f".to_vec();
    tail.extend(value[1997..].to_ascii_uppercase());
    tail.push(0);
    assert!(e.iter().any(|e| e.key == tail), "the last substring, of len_min characters");
    let calls = calls.into_inner();
    assert!(calls.len() <= 5, "the LV is read geometrically, not once per tuple: {calls:?}");
    assert!(calls.iter().all(|&w| w <= 2 * 2000 + 255));
}

// ---- long values ----

// data-records 7.8 + fldnorm.cxx ErrRECIRetrieveKey: a separated LV is read for cbKeyMost
// bytes; its key is the key of the whole value.
#[test]
fn separated_long_values_read_only_the_key_prefix() {
    let fx = Fx::new(
        vec![col("L", JET_coltypLongText, 0), col("B", JET_coltypLongBinary, 0)],
        vec![
            ix("l", b"+L\0\0", 0),
            IndexSpec { cb_key_most: 1000, ..ix("lbig", b"+L\0\0", JET_bitIndexKeyMost) },
            ix("lb", b"+L\0+B\0\0", 0),
        ],
    );
    let value: Vec<u8> = (0..5000).map(|i| b'a' + (i % 26) as u8).collect();
    let mut r = fx.rec(&[("L", Some(b"x")), ("B", Some(b"y"))]);
    fx.separate(&mut r, "L", 1, &[1, 0, 0, 0]);
    fx.separate(&mut r, "B", 1, &[2, 0, 0, 0]);
    let asked = RefCell::new(Vec::new());
    let mut lv = |lid: &[u8], want: usize| {
        asked.borrow_mut().push((lid[0], want));
        Ok(value[..want.min(value.len())].to_vec())
    };
    let whole = |name: &str| fx.key(name, &[KeyValue::Data(&value)]);
    assert_eq!(fx.entries_lv("l", &r, &mut lv).unwrap()[0].key, whole("l"));
    assert_eq!(asked.borrow().as_slice(), &[(1, 255)]);
    asked.borrow_mut().clear();
    assert_eq!(fx.entries_lv("lbig", &r, &mut lv).unwrap()[0].key, whole("lbig"));
    assert_eq!(asked.borrow().as_slice(), &[(1, 1000)]);
    // B is past the end of a full key: not read at all
    asked.borrow_mut().clear();
    let k = fx.entries_lv("lb", &r, &mut lv).unwrap();
    assert_eq!(k[0].key.len(), 255);
    assert_eq!(asked.borrow().as_slice(), &[(1, 255)]);
    // errors of the reader are passed on
    let mut failing = |_: &[u8], _: usize| -> JetResult<Vec<u8>> { Err(JetError(JET_errDiskIO)) };
    assert_eq!(code(fx.entries_lv("l", &r, &mut failing)), JET_errDiskIO);
}

// fldnorm.cxx:1770-1790 (fNeedMoreData): a cp-1200 LV whose first cbKeyMost bytes make a
// sort key shorter than the key space is read again with twice as many bytes; legacy
// 255-byte indexes never read more than 255.
#[test]
fn unicode_long_values_ask_for_more_when_the_key_is_short() {
    let fx = Fx::new(
        vec![ColumnSpec { cp: 1200, ..col("L", JET_coltypLongText, 0) }],
        vec![
            IndexSpec {
                cb_key_most: 1000,
                unicode: Some(UnicodeSpec::default()),
                ..ix("big", b"+L\0\0", JET_bitIndexKeyMost | JET_bitIndexUnicode)
            },
            ix("legacy", b"+L\0\0", 0),
        ],
    );
    // one primary weight per letter at secondary strength: about half a key byte per source byte
    let value = utf16(&"ab".repeat(3000));
    let mut r = fx.rec(&[("L", Some(b"x\0"))]);
    fx.separate(&mut r, "L", 1, &[1, 0, 0, 0]);
    let asked = RefCell::new(Vec::new());
    let mut lv = |_: &[u8], want: usize| {
        asked.borrow_mut().push(want);
        Ok(value[..want.min(value.len())].to_vec())
    };
    let k = fx.entries_lv("big", &r, &mut lv).unwrap();
    let asked_big = asked.borrow().clone();
    assert!(asked_big.len() >= 2 && asked_big[0] == 1000, "{asked_big:?}");
    assert!(asked_big.windows(2).all(|w| w[1] > w[0]));
    assert_eq!(k[0].key.len(), 1000, "the key is filled");
    let used = *asked_big.last().unwrap();
    assert_eq!(k[0].key, fx.key("big", &[KeyValue::Data(&value[..used])]));
    asked.borrow_mut().clear();
    let k = fx.entries_lv("legacy", &r, &mut lv).unwrap();
    assert_eq!(asked.borrow().as_slice(), &[255]);
    assert_eq!(k[0].key, fx.key("legacy", &[KeyValue::Data(&value[..255])]));
}

// A compressed intrinsic value cannot be read (libesent writes none): a defined error.
#[test]
fn compressed_values_are_refused() {
    let fx = Fx::new(vec![col("L", JET_coltypLongBinary, 0)], vec![ix("l", b"+L\0\0", 0)]);
    let layout = fx.layout();
    let c = fx.cat.find_column(fx.t(), "L").unwrap();
    let mut r = Record::new();
    let v = TaggedValue { data: vec![1, 2, 3], separated: false, compressed: true };
    let slot = TaggedSlot { id: TaggedId::new(c.def.fid), itag: 0, long_value: true };
    r.set_tagged(&layout, slot, Some(v), NullRules::default(), 4000).unwrap();
    assert_eq!(code(fx.entries("l", &r)), JET_errFeatureNotAvailable);
}

// ---- other shapes ----

// data-records 7.6: descending segments are inverted; a stored record gives the entries its
// decoded copy does.
#[test]
fn descending_segments_and_stored_records() {
    let fx = Fx::new(
        vec![col("A", JET_coltypLong, 0), col("M", JET_coltypBinary, MV)],
        vec![ix("d", b"-A\0+M\0\0", 0)],
    );
    let r = fx.rec(&[("A", Some(&long(-1))), ("M", Some(b"p")), ("M", Some(b"q"))]);
    let e = fx.entries("d", &r).unwrap();
    let inv = |k: Vec<u8>| k.into_iter().map(|b| !b).collect::<Vec<u8>>();
    assert_eq!(e.len(), 2);
    assert!(e[0].key.starts_with(&inv(lk(-1))));
    let layout = fx.layout();
    let bytes = r.encode(&layout);
    let view = RecordView::new(&bytes, &layout).unwrap();
    let kd = fx.kd("d");
    let from_view = index_entries(&fx.cat, fx.t(), fx.ixdef("d"), &kd, &view, &mut |_, _| unreachable!());
    assert_eq!(from_view.unwrap(), e);
    // a key definition of another index is refused, not misread
    let other = KeyDef::new(vec![]);
    assert_eq!(
        code(index_entries(&fx.cat, fx.t(), fx.ixdef("d"), &other, &r, &mut |_, _| unreachable!())),
        JET_errInvalidParameter
    );
}

// data-ddl 5.1: a derived table's index over a template column reads the template's tagged id.
#[test]
fn derived_tables_use_template_columns() {
    let cat = Catalog::new(PAGE);
    let tmpl = TableSpec {
        name: "Tmpl".into(),
        grbit: JET_bitTableCreateTemplateTable,
        columns: vec![col("G", JET_coltypLong, MV)],
        indexes: vec![ix("g", b"+G\0\0", 0)],
        ..Default::default()
    };
    let cat = cat.create_table(&tmpl, &IndexDefaults::default()).0.unwrap();
    let derived = TableSpec { name: "T".into(), template: Some("Tmpl".into()), ..Default::default() };
    let cat = cat.create_table(&derived, &IndexDefaults::default()).0.unwrap();
    let fx = Fx { cat };
    assert!(fx.t().is_derived());
    let r = fx.rec(&[("G", Some(&long(1))), ("G", Some(&long(2)))]);
    let ixdef = fx.cat.template_of(fx.t()).unwrap().index("g").unwrap();
    let kd = fx.cat.key_def(fx.t(), ixdef).unwrap();
    let e = index_entries(&fx.cat, fx.t(), ixdef, &kd, &r, &mut |_, _| unreachable!()).unwrap();
    assert_eq!(e.iter().map(|e| e.key.clone()).collect::<Vec<_>>(), vec![lk(1), lk(2)]);
}

// ---- secondary entries in the store ----

// design: a secondary entry is (key ‖ bookmark), 0x00 escaped as 0x00 0x01, ended by 0x00 0x00.
#[test]
fn secondary_tree_key_bytes() {
    assert_eq!(
        secondary_tree_key(&[0x7f, 0x00, 0x41], &[1, 2]),
        vec![0x7f, 0x00, 0x01, 0x41, 0x00, 0x00, 1, 2]
    );
    assert_eq!(secondary_key_prefix(&[0x00]), vec![0x00, 0x01, 0x00, 0x00]);
    assert_eq!(split_secondary_tree_key(&[0x00, 0x01, 0x00, 0x00, 0x00]).unwrap(), (vec![0], vec![0]));
    for bad in [&[][..], &[0x7f], &[0x00], &[0x00, 0x02], &[0x41, 0x00, 0xFF, 0x00, 0x00]] {
        assert_eq!(code(split_secondary_tree_key(bad)), JET_errDatabaseCorrupted, "{bad:?}");
    }
    assert_eq!(secondary_prefix_range(&[0x41, 0xFF]), (vec![0x41, 0xFF], Some(vec![0x42])));
    assert_eq!(secondary_prefix_range(&[0x00]), (vec![0x00, 0x01], Some(vec![0x00, 0x02])));
    assert_eq!(secondary_prefix_range(&[0xFF, 0xFF]), (vec![0xFF, 0xFF], None));
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    // few distinct bytes, the escaped one and the limit byte among them, so that prefixes and
    // equal keys are common
    proptest::collection::vec(prop_oneof![Just(0x00u8), Just(0x01), Just(0x7f), Just(0xFF)], 0..6)
}

fn in_range(stored: &[u8], r: &(Vec<u8>, Option<Vec<u8>>)) -> bool {
    stored >= &r.0[..] && r.1.as_ref().is_none_or(|e| stored < &e[..])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    // design (secondary entries): byte order of stored keys == (key, bookmark) order, the
    // split gives both back, and the key prefix selects exactly the entries of that key.
    #[test]
    fn secondary_tree_keys_order_and_split(k1 in bytes(), b1 in bytes(), k2 in bytes(), b2 in bytes()) {
        let s1 = secondary_tree_key(&k1, &b1);
        let s2 = secondary_tree_key(&k2, &b2);
        prop_assert_eq!(s1.cmp(&s2), (&k1, &b1).cmp(&(&k2, &b2)));
        prop_assert_eq!(split_secondary_tree_key(&s1).unwrap(), (k1.clone(), b1.clone()));
        prop_assert_eq!(s2.starts_with(&secondary_key_prefix(&k1)), k1 == k2);
    }

    // data-records 6.3 / 7.7: the store ranges hold exactly the entries whose key compares to
    // the search key as asked (search keys of any bytes: limit keys end in 0xFF).
    #[test]
    fn secondary_store_ranges(k in bytes(), b in bytes(), lo in bytes(), hi in bytes()) {
        let s = secondary_tree_key(&k, &b);
        let k = &k[..];
        use Bound::*;
        let check = |l: Bound<&[u8]>, h: Bound<&[u8]>| {
            let above = match l { Included(x) => k >= x, Excluded(x) => k > x, Unbounded => true };
            let below = match h { Included(x) => k <= x, Excluded(x) => k < x, Unbounded => true };
            let want = above && below;
            prop_assert_eq!(in_range(&s, &secondary_store_range(l, h)), want, "{:?} {:?}", l, h);
            Ok(())
        };
        for l in [Included(&lo[..]), Excluded(&lo[..]), Unbounded] {
            for h in [Included(&hi[..]), Excluded(&hi[..]), Unbounded] {
                check(l, h)?;
            }
        }
        prop_assert_eq!(in_range(&s, &secondary_prefix_range(&lo)), k.starts_with(&lo));
    }
}

// data-records 7.7: JetMakeKey limit keys bound the stored entries as they bound the keys:
// a partial-column end limit of "ab" includes every "ab…" value and nothing after.
#[test]
fn limit_keys_bound_stored_entries() {
    let fx = Fx::new(vec![col("S", JET_coltypText, 0)], vec![ix("s", b"+S\0\0", 0)]);
    let kd = fx.kd("s");
    let values: [&[u8]; 7] = [b"a", b"ab", b"ab\xff", b"abc", b"abzzz", b"ac", b"b"];
    let stored: Vec<(Vec<u8>, &[u8])> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (secondary_tree_key(&fx.key("s", &[KeyValue::Data(v)]), &[i as u8]), *v))
        .collect();
    let limit = |grbit| {
        let mut b = KeyBuilder::new();
        b.make_key(&kd, b"ab", JET_bitNewKey | grbit).unwrap();
        b.key().to_vec()
    };
    let start = limit(JET_bitPartialColumnStartLimit);
    let end = limit(JET_bitPartialColumnEndLimit);
    assert_eq!(*end.last().unwrap(), 0xFF);
    let r = secondary_store_range(Bound::Included(&start), Bound::Included(&end));
    let inside: Vec<&[u8]> = stored.iter().filter(|(s, _)| in_range(s, &r)).map(|(_, v)| *v).collect();
    assert_eq!(inside, vec![&b"ab"[..], b"ab\xff", b"abc", b"abzzz"]);
    // GE on the full key of "ab" starts at "ab", LE on it ends after "ab"
    let ab = fx.key("s", &[KeyValue::Data(b"ab")]);
    let (ge, _) = secondary_store_range(Bound::Included(&ab), Bound::Unbounded);
    assert_eq!(stored.iter().find(|(s, _)| s[..] >= ge[..]).unwrap().1, b"ab");
    let (_, le) = secondary_store_range(Bound::Unbounded, Bound::Included(&ab));
    let le = le.unwrap();
    assert_eq!(stored.iter().rfind(|(s, _)| s[..] < le[..]).unwrap().1, b"ab");
}

// ---- random records against record_key ----

/// A column value for the random schema: NULL, or a small value.
fn value() -> impl Strategy<Value = Option<Vec<u8>>> {
    prop_oneof![
        Just(None),
        proptest::collection::vec(prop_oneof![Just(0u8), Just(b'a'), Just(b'B')], 0..4).prop_map(Some)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    // data-records 7.9: the entries of a random record of a small schema are the keys
    // record_key makes of its column values (defaults included), one per value of the
    // multi-valued column, with the null rules of data-ddl 2.7.
    #[test]
    fn entries_are_record_keys_of_the_values(
        fixed in proptest::option::of(any::<i16>()),
        var in value(),
        mv in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..10), 0..4),
        tagged_default in any::<bool>(),
        tagged in value(),
        grbit in prop_oneof![Just(0u32), Just(JET_bitIndexIgnoreNull), Just(JET_bitIndexIgnoreFirstNull), Just(JET_bitIndexIgnoreAnyNull)],
        desc in any::<[bool; 4]>(),
    ) {
        let dir = |d: bool| if d { b'-' } else { b'+' };
        let key = [
            &[dir(desc[0])][..], b"F\0", &[dir(desc[1])], b"V\0", &[dir(desc[2])], b"M\0", &[dir(desc[3])], b"G\0\0",
        ].concat();
        let g = if tagged_default { col_default("G", JET_coltypText, JET_bitColumnTagged, b"dflt") } else { col("G", JET_coltypText, JET_bitColumnTagged) };
        let fx = Fx::new(
            vec![col("F", JET_coltypShort, 0), col("V", JET_coltypText, 0), col("M", JET_coltypBinary, MV), g],
            vec![ix("i", &key, grbit)],
        );
        let f = fixed.map(|v| v.to_le_bytes().to_vec());
        let mut sets: Vec<(&str, Option<&[u8]>)> = vec![("F", f.as_deref()), ("V", var.as_deref())];
        for m in &mv {
            sets.push(("M", Some(m)));
        }
        if let Some(t) = &tagged {
            sets.push(("G", Some(t)));
        }
        let r = fx.rec(&sets);
        // the model: the values as the columns read
        let g_val: Option<Vec<u8>> = tagged.clone().or_else(|| tagged_default.then(|| b"dflt".to_vec()));
        let kv = |v: &Option<Vec<u8>>| -> Option<Vec<u8>> { v.clone() };
        let mvs: Vec<Option<Vec<u8>>> = if mv.is_empty() { vec![None] } else { mv.iter().cloned().map(Some).collect() };
        let mut want = Vec::new();
        for m in &mvs {
            let vals = [kv(&f), kv(&var), m.clone(), g_val.clone()];
            let nulls = vals.iter().filter(|v| v.is_none()).count();
            let in_index = match grbit {
                0 => true,
                JET_bitIndexIgnoreNull => nulls < 4,
                JET_bitIndexIgnoreFirstNull => vals[0].is_some(),
                _ => nulls == 0,
            };
            if in_index {
                let kvs: Vec<KeyValue<'_>> = vals.iter().map(|v| v.as_deref().map_or(KeyValue::Null, KeyValue::Data)).collect();
                want.push(fx.key("i", &kvs));
            }
        }
        prop_assert_eq!(fx.keys("i", &r), sorted(want));
    }
}

// Where ESE would count itags forever (see the module doc), the sequence ends: a cross-product
// tuple index whose first value has no tuple, and a nested-table index with a tagged column
// that is not multi-valued.
#[test]
fn sequences_ese_would_not_end_do() {
    let fx = Fx::new(
        vec![
            col("M", JET_coltypText, MV),
            col("B", JET_coltypLong, MV),
            col("G", JET_coltypLong, JET_bitColumnTagged),
        ],
        vec![
            ix("tc", b"+M\0+B\0\0", JET_bitIndexTuples | JET_bitIndexCrossProduct),
            ix("ng", b"+B\0+G\0\0", JET_bitIndexNestedTable),
        ],
    );
    let r = fx.rec(&[
        ("M", Some(b"ab")),
        ("M", Some(b"wxyz")),
        ("B", Some(&long(1))),
        ("B", Some(&long(2))),
        ("G", Some(&long(5))),
    ]);
    let t = |s: &[u8], b: i32| cat_keys(&[[&[0x7f][..], s, &[0]].concat(), lk(b)]);
    let want = vec![t(b"WXYZ", 1), t(b"WXYZ", 2), t(b"XYZ", 1), t(b"XYZ", 2)];
    assert_eq!(fx.keys("tc", &r), sorted(want));
    assert_eq!(fx.keys("ng", &r), vec![cat_keys(&[lk(1), lk(5)]), cat_keys(&[lk(2), lk(5)])]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    // data-ddl 2.7 (CrossProduct, NestedTable) and data-records 7.9: random values of two
    // multi-valued columns and a third column give the combinations of the model; a stored
    // record gives what its decoded copy gives.
    #[test]
    fn multivalued_combinations(
        a in proptest::collection::vec(any::<i32>(), 0..4),
        b in proptest::collection::vec(any::<i32>(), 0..4),
        c in proptest::option::of(any::<i32>()),
        form in 0..3usize,
        ignore_any in any::<bool>(),
    ) {
        let grbit = [0, JET_bitIndexCrossProduct, JET_bitIndexNestedTable][form]
            | if ignore_any { JET_bitIndexIgnoreAnyNull } else { 0 };
        let fx = Fx::new(
            vec![col("A", JET_coltypLong, MV), col("C", JET_coltypLong, 0), col("B", JET_coltypLong, MV)],
            vec![ix("i", b"+A\0+C\0+B\0\0", grbit)],
        );
        let (la, lb, lc): (Vec<_>, Vec<_>, _) = (a.iter().map(|v| long(*v)).collect(), b.iter().map(|v| long(*v)).collect(), c.map(long));
        let mut sets: Vec<(&str, Option<&[u8]>)> = vec![("C", lc.as_deref())];
        sets.extend(la.iter().map(|v| ("A", Some(&v[..]))));
        sets.extend(lb.iter().map(|v| ("B", Some(&v[..]))));
        let r = fx.rec(&sets);
        let one = |v: &[i32]| -> Vec<Option<i32>> { if v.is_empty() { vec![None] } else { v.iter().copied().map(Some).collect() } };
        // the combinations, in the order ESE makes them
        let combos: Vec<(Option<i32>, Option<i32>)> = match form {
            0 => one(&a).into_iter().map(|x| (x, b.first().copied())).collect(),
            1 => one(&a).into_iter().flat_map(|x| one(&b).into_iter().map(move |y| (x, y))).collect(),
            _ => (0..a.len().max(b.len()).max(1)).map(|i| (a.get(i).copied(), b.get(i).copied())).collect(),
        };
        let mut want = Vec::new();
        for (x, y) in combos {
            let vals = [x, c, y];
            if ignore_any && vals.iter().any(|v| v.is_none()) {
                // the first key with a NULL ends the record's entries
                break;
            }
            want.push(cat_keys(&vals.map(|v| v.map_or(vec![0], lk))));
        }
        prop_assert_eq!(fx.keys("i", &r), sorted(want));
        let layout = fx.layout();
        let bytes = r.encode(&layout);
        let view = RecordView::new(&bytes, &layout).unwrap();
        let kd = fx.kd("i");
        let from_view = index_entries(&fx.cat, fx.t(), fx.ixdef("i"), &kd, &view, &mut |_, _| unreachable!()).unwrap();
        prop_assert_eq!(from_view, fx.entries("i", &r).unwrap());
    }
}
