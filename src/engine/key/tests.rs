use super::*;
use proptest::prelude::*;
use std::cmp::Ordering;

fn seg(coltype: ColType) -> SegmentDef {
    let fixed = coltype.fixed_size().is_some();
    let cb_fixed = coltype.fixed_size().unwrap_or(0) as usize;
    let cp = if coltype.is_text() { 1252 } else { 0 };
    SegmentDef { coltype, cp, descending: false, fixed, cb_fixed }
}

fn one(s: SegmentDef) -> KeyDef {
    KeyDef::new(vec![s])
}

fn key1(def: &KeyDef, v: KeyValue<'_>) -> Vec<u8> {
    record_key(def, &[v]).unwrap().0
}

fn hex(s: &str) -> Vec<u8> {
    s.split_whitespace().map(|b| u8::from_str_radix(b, 16).unwrap()).collect()
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/* S-KEY-01 */
// data-records 7.10: keys read out of a database written by Windows ESE.
#[test]
fn golden_vectors_from_windows() {
    let guid = hex("f1 0a 36 3f 66 67 dc 46 9a f2 0d ac f2 95 c2 a1");
    let cases: Vec<(ColType, Vec<u8>, Vec<u8>)> = vec![
        (ColType::Bit, vec![0], hex("7f 00")),
        (ColType::UnsignedByte, vec![213], hex("7f d5")),
        (ColType::Short, (-1337i16).to_le_bytes().to_vec(), hex("7f 7a c7")),
        (ColType::Long, (-13371337i32).to_le_bytes().to_vec(), hex("7f 7f 33 f8 37")),
        (ColType::Currency, 1337133713371337i64.to_le_bytes().to_vec(), hex("7f 80 04 c0 1d b4 00 b0 c9")),
        (ColType::IEEESingle, 1.0f32.to_le_bytes().to_vec(), hex("7f bf 80 00 00")),
        (ColType::IEEEDouble, 13371337.13371337f64.to_le_bytes().to_vec(), hex("7f c1 69 80 f9 24 47 61 43")),
        (ColType::UnsignedLong, 13371337u32.to_le_bytes().to_vec(), hex("7f 00 cc 07 c9")),
        (ColType::LongLong, (-13371337i64).to_le_bytes().to_vec(), hex("7f 7f ff ff ff ff 33 f8 37")),
        (ColType::Guid, guid, hex("7f 0d ac f2 95 c2 a1 9a f2 dc 46 66 67 f1 0a 36 3f")),
        (ColType::UnsignedShort, 1337u16.to_le_bytes().to_vec(), hex("7f 05 39")),
        (ColType::Binary, b"test binary data".to_vec(), cat(&[b"\x7ftest bin\x09ary data\x08"])),
        (ColType::Text, b"Simple ASCII text".to_vec(), cat(&[b"\x7fSIMPLE ASCII TEXT\x00"])),
    ];
    for (coltype, value, want) in cases {
        let def = one(seg(coltype));
        assert_eq!(key1(&def, KeyValue::Data(&value)), want, "{coltype:?}");
        // JetMakeKey with the same value in machine order (little-endian here) agrees.
        let mut b = KeyBuilder::new();
        b.make_key(&def, &value, JET_bitNewKey).unwrap();
        assert_eq!(b.key(), &want[..], "{coltype:?} via JetMakeKey");
        // and JET_bitNormalizedKey accepts these bytes as a key
        let mut n = KeyBuilder::new();
        n.make_key(&def, &want, JET_bitNormalizedKey).unwrap();
        assert_eq!(n.key(), &want[..]);
        assert!(!n.is_limit());
    }
}

// data-records 7.3: DotNetGuid order.
#[test]
fn dot_net_guid_order() {
    let mut def = one(seg(ColType::Guid));
    def.dot_net_guid = true;
    let g: Vec<u8> = (0u8..16).collect();
    assert_eq!(key1(&def, KeyValue::Data(&g)), hex("7f 03 02 01 00 05 04 07 06 08 09 0a 0b 0c 0d 0e 0f"));
}

// data-records 7.1-7.2: NULL, zero-length and data prefixes, SortNullsHigh.
#[test]
fn null_and_zero_length_prefixes() {
    for coltype in [ColType::Text, ColType::Binary, ColType::LongText, ColType::LongBinary] {
        let mut def = one(seg(coltype));
        assert_eq!(key1(&def, KeyValue::Null), vec![0x00]);
        assert_eq!(key1(&def, KeyValue::ZeroLength), vec![0x40]);
        assert_eq!(key1(&def, KeyValue::Data(b"")), vec![0x40]);
        def.sort_nulls_high = true;
        assert_eq!(key1(&def, KeyValue::Null), vec![0xC0]);
        assert_eq!(key1(&def, KeyValue::ZeroLength), vec![0x40]);
    }
    let mut def = one(seg(ColType::Long));
    assert_eq!(key1(&def, KeyValue::Null), vec![0x00]);
    assert_eq!(key1(&def, KeyValue::ZeroLength), vec![0x00]);
    def.sort_nulls_high = true;
    assert_eq!(key1(&def, KeyValue::Null), vec![0xC0]);
    // data-records 7.6: descending inverts the header too
    def.segments[0].descending = true;
    assert_eq!(key1(&def, KeyValue::Null), vec![0x3F]);
    assert_eq!(key1(&def, KeyValue::Data(&1i32.to_le_bytes())), hex("80 7f ff ff fe"));
}

// data-records 7.5: binary chunks.
#[test]
fn binary_chunks() {
    let def = one(seg(ColType::Binary));
    assert_eq!(key1(&def, KeyValue::Data(&[1, 2, 3])), hex("7f 01 02 03 00 00 00 00 00 03"));
    assert_eq!(key1(&def, KeyValue::Data(b"12345678")), cat(&[b"\x7f12345678\x08"]));
    assert_eq!(key1(&def, KeyValue::Data(b"123456789")), cat(&[b"\x7f12345678\x099\0\0\0\0\0\0\0\x01"]));
    let ab = key1(&def, KeyValue::Data(b"ab"));
    let ab0 = key1(&def, KeyValue::Data(b"ab\0"));
    assert!(ab < ab0, "\"ab\" < \"ab\\0\"");
    // fixed binary: the bytes as stored
    let mut fixed = seg(ColType::Binary);
    fixed.fixed = true;
    fixed.cb_fixed = 4;
    assert_eq!(key1(&one(fixed), KeyValue::Data(&[1, 0, 0, 0])), hex("7f 01 00 00 00"));
}

// data-records 7.5: a column cut at a chunk boundary ends with 9, a cut inside a chunk has no
// count byte; 7.8 the key is marked truncated.
#[test]
fn binary_truncation() {
    let mut def = one(seg(ColType::Binary));
    def.cb_key_most = 10;
    let (k, t) = record_key(&def, &[KeyValue::Data(b"12345678abc")]).unwrap();
    assert_eq!(k, cat(&[b"\x7f12345678\x09"]));
    assert!(t);
    def.cb_key_most = 13;
    let (k, t) = record_key(&def, &[KeyValue::Data(b"12345678abcdef")]).unwrap();
    assert_eq!(k, cat(&[b"\x7f12345678\x09abc"]));
    assert!(t);
    def.cb_key_most = 10;
    let (k, t) = record_key(&def, &[KeyValue::Data(b"12345678")]).unwrap();
    assert_eq!(k, cat(&[b"\x7f12345678\x08"]));
    assert!(!t);
}

// data-records 7.4: cp 1252 text rules and the truncation quirk (normu.cxx:57-95).
#[test]
fn ansi_text_rules() {
    let def = one(seg(ColType::Text));
    assert_eq!(key1(&def, KeyValue::Data(b"az AZ \xe9\xff")), cat(&[b"\x7fAZ AZ \xe9\xff\0"]));
    // stops at an embedded NUL
    assert_eq!(key1(&def, KeyValue::Data(b"ab\0cd")), cat(&[b"\x7fAB\0"]));
    let mut small = def.clone();
    small.cb_key_most = 5;
    small.cb_var_seg_mac = 5;
    // 4 bytes of room: 3 upper-cased, then the 4th source byte less 0x20 whatever it is
    let (k, t) = record_key(&small, &[KeyValue::Data(b"abc1xyz")]).unwrap();
    assert_eq!(k, hex("7f 41 42 43 11"));
    assert!(t);
    let (k, t) = record_key(&small, &[KeyValue::Data(b"abcdef")]).unwrap();
    assert_eq!(k, hex("7f 41 42 43 44"));
    assert!(t);
    // exactly fitting text keeps its terminator and is not truncated
    let (k, t) = record_key(&small, &[KeyValue::Data(b"abc")]).unwrap();
    assert_eq!(k, hex("7f 41 42 43 00"));
    assert!(!t);
    // a NUL right at the cut: terminator, no quirk
    let (k, t) = record_key(&small, &[KeyValue::Data(b"abc\0zz")]).unwrap();
    assert_eq!(k, hex("7f 41 42 43 00"));
    assert!(!t);
}

// data-records 7.4: cbVarSegMac cuts on purpose without marking the key truncated.
#[test]
fn var_seg_mac() {
    let mut def = KeyDef::new(vec![seg(ColType::Text), seg(ColType::Long)]);
    def.cb_var_seg_mac = 4;
    let (k, t) = record_key(&def, &[KeyValue::Data(b"abcdef"), KeyValue::Data(&7i32.to_le_bytes())]).unwrap();
    assert_eq!(k, hex("7f 41 42 43 7f 80 00 00 07"));
    assert!(!t);
    let mut def = one(seg(ColType::Binary));
    def.cb_var_seg_mac = 5;
    let (k, t) = record_key(&def, &[KeyValue::Data(b"abcdefghij")]).unwrap();
    assert_eq!(k, cat(&[b"\x7fabcd"]));
    assert!(!t);
}

// data-records 7.8, S-KEY-03: truncation at cbKeyMost, no later segment, DisallowTruncation.
#[test]
fn record_key_truncation() {
    let mut def = KeyDef::new(vec![seg(ColType::Long), seg(ColType::Long), seg(ColType::Long)]);
    def.cb_key_most = 7;
    let v = |x: i32| x.to_le_bytes();
    let (a, b, c) = (v(1), v(2), v(3));
    let (k, t) = record_key(&def, &[KeyValue::Data(&a), KeyValue::Data(&b), KeyValue::Data(&c)]).unwrap();
    assert_eq!(k, hex("7f 80 00 00 01 7f 80"));
    assert!(t);
    def.cb_key_most = 10;
    let (k, t) = record_key(&def, &[KeyValue::Data(&a), KeyValue::Data(&b), KeyValue::Data(&c)]).unwrap();
    assert_eq!(k, hex("7f 80 00 00 01 7f 80 00 00 02"), "the third segment has no room at all");
    assert!(t);
    def.disallow_truncation = true;
    assert_eq!(
        record_key(&def, &[KeyValue::Data(&a), KeyValue::Data(&b), KeyValue::Data(&c)]),
        fail(JET_errKeyTruncated)
    );
    def.cb_key_most = 15;
    assert!(record_key(&def, &[KeyValue::Data(&a), KeyValue::Data(&b), KeyValue::Data(&c)]).is_ok());
    assert_eq!(record_key(&def, &[KeyValue::Null]), fail(JET_errInvalidParameter));
}

/* S-KEY-01 */
// data-records 7.7: every limit form, on text, binary and a fixed type.
#[test]
fn limit_keys() {
    let mk = |def: &KeyDef, data: &[u8], grbit: u32| {
        let mut b = KeyBuilder::new();
        b.make_key(def, data, JET_bitNewKey | grbit).unwrap();
        assert!(b.is_limit() || grbit == 0);
        b.key().to_vec()
    };
    let mut text = one(seg(ColType::Text));
    text.cb_key_most = 10;
    text.cb_var_seg_mac = 10;
    let ff = |n| vec![0xFFu8; n];
    assert_eq!(mk(&text, b"ab", 0), hex("7f 41 42 00"));
    assert_eq!(mk(&text, b"ab", JET_bitFullColumnStartLimit), hex("7f 41 42 00"));
    assert_eq!(mk(&text, b"ab", JET_bitFullColumnEndLimit), cat(&[&hex("7f 41 42 00"), &ff(7)]));
    assert_eq!(mk(&text, b"ab", JET_bitPartialColumnStartLimit), hex("7f 41 42"));
    assert_eq!(mk(&text, b"ab", JET_bitPartialColumnEndLimit), cat(&[&hex("7f 41 42"), &ff(8)]));
    assert_eq!(mk(&text, b"ab", JET_bitSubStrLimit), cat(&[&hex("7f 41 42"), &ff(8)]));
    // StrLimit on text knows no binary delimiter: a full end limit
    assert_eq!(mk(&text, b"ab", JET_bitStrLimit), cat(&[&hex("7f 41 42 00"), &ff(7)]));
    // descending: the terminator looked for is inverted
    let mut desc = text.clone();
    desc.segments[0].descending = true;
    assert_eq!(mk(&desc, b"ab", JET_bitPartialColumnStartLimit), hex("80 be bd"));

    let bin = one(seg(ColType::Binary));
    assert_eq!(mk(&bin, b"ab", JET_bitPartialColumnStartLimit), hex("7f 61 62"));
    assert_eq!(mk(&bin, b"ab", JET_bitPartialColumnEndLimit), cat(&[&hex("7f 61 62"), &ff(8)]));
    assert_eq!(mk(&bin, b"ab", JET_bitStrLimit), cat(&[&hex("7f 61 62"), &ff(8)]));
    let end = mk(&bin, b"ab", JET_bitFullColumnEndLimit);
    assert_eq!(end.len(), 256);
    assert_eq!(&end[..10], &hex("7f 61 62 00 00 00 00 00 00 02")[..]);
    assert!(end[10..].iter().all(|&b| b == 0xFF));

    let long = one(seg(ColType::Long));
    let one_ = 1i32.to_ne_bytes();
    assert_eq!(mk(&long, &one_, JET_bitFullColumnStartLimit), hex("7f 80 00 00 01"));
    assert_eq!(mk(&long, &one_, JET_bitStrLimit).len(), 256);
    // SubStrLimit is for text only: on a Long it makes no limit
    let mut b = KeyBuilder::new();
    b.make_key(&long, &one_, JET_bitNewKey | JET_bitSubStrLimit).unwrap();
    assert!(!b.is_limit());
    assert_eq!(b.key(), &hex("7f 80 00 00 01")[..]);
}

// data-records 6.2: the JetMakeKey state machine and its codes.
#[test]
fn make_key_rules() {
    let def = KeyDef::new(vec![seg(ColType::Long), seg(ColType::Text)]);
    let one_ = 1i32.to_ne_bytes();
    let mut b = KeyBuilder::new();
    assert_eq!(b.make_key(&def, &one_, 0), fail(JET_errKeyNotMade));
    b.make_key(&def, &one_, JET_bitNewKey).unwrap();
    b.make_key(&def, b"x", 0).unwrap();
    assert_eq!(b.segment_count(), 2);
    assert_eq!(b.make_key(&def, b"y", 0), fail(JET_errKeyIsMade));
    assert_eq!(b.key(), &hex("7f 80 00 00 01 7f 58 00")[..]);
    // after a limit, more segments are refused
    b.make_key(&def, &one_, JET_bitNewKey | JET_bitFullColumnEndLimit).unwrap();
    assert_eq!(b.make_key(&def, b"x", 0), fail(JET_errKeyIsMade));
    // wrong fixed size, bad limit bits, partial limit on a fixed type, zero-length on a Long
    assert_eq!(b.make_key(&def, &[1, 2], JET_bitNewKey), fail(JET_errInvalidBufferSize));
    assert_eq!(
        b.make_key(&def, &one_, JET_bitNewKey | JET_bitFullColumnEndLimit | JET_bitPartialColumnEndLimit),
        fail(JET_errInvalidGrbit)
    );
    assert_eq!(
        b.make_key(&def, &one_, JET_bitNewKey | JET_bitPartialColumnStartLimit),
        fail(JET_errInvalidGrbit)
    );
    assert_eq!(
        b.make_key(&def, &[], JET_bitNewKey | JET_bitKeyDataZeroLength),
        fail(JET_errInvalidBufferSize)
    );
    // cbData 0 → NULL segment; KeyDataZeroLength on text → zero-length segment
    b.make_key(&def, &[], JET_bitNewKey).unwrap();
    b.make_key(&def, &[], JET_bitKeyDataZeroLength).unwrap();
    assert_eq!(b.key(), &[0x00, 0x40][..]);
    // NormalizedKey: too long is -1003, longer than cbKeyMost makes a limit key
    assert_eq!(b.make_key(&def, &[0u8; 257], JET_bitNormalizedKey), fail(JET_errInvalidParameter));
    b.make_key(&def, &[0x7Fu8; 256], JET_bitNormalizedKey).unwrap();
    assert!(b.is_limit());
    assert_eq!(b.key().len(), 256);
    b.reset();
    assert!(!b.is_prepared());
    assert!(b.key().is_empty());
}

// data-records 6.2 step 6: fixed text shorter than its column is padded with spaces.
#[test]
fn make_key_pads_fixed_text() {
    let mut s = seg(ColType::Text);
    s.fixed = true;
    s.cb_fixed = 5;
    let def = one(s.clone());
    let mut b = KeyBuilder::new();
    b.make_key(&def, b"ab", JET_bitNewKey).unwrap();
    assert_eq!(b.key(), b"\x7fAB   \0");
    assert_eq!(b.make_key(&def, b"abcdef", JET_bitNewKey), fail(JET_errInvalidBufferSize));
    assert_eq!(pad_fixed_text(b"a\0", 6, 1200), b"a\0 \0 \0".to_vec());
    // fixed binary is not padded
    let mut fb = s;
    fb.coltype = ColType::Binary;
    assert_eq!(b.make_key(&one(fb), b"ab", JET_bitNewKey), fail(JET_errInvalidBufferSize));
}

// data-records 6.2 step 10: a search key never grows past cbKeyMost + 1.
#[test]
fn make_key_cuts_at_limit_key_most() {
    let mut def = KeyDef::new(vec![seg(ColType::Binary), seg(ColType::Long)]);
    def.cb_key_most = 8;
    let mut b = KeyBuilder::new();
    b.make_key(&def, b"0123456789", JET_bitNewKey).unwrap();
    assert_eq!(b.key().len(), 8);
    // the key is full: the next segment adds nothing but counts
    b.make_key(&def, &1i32.to_ne_bytes(), JET_bitFullColumnEndLimit).unwrap();
    assert_eq!(b.key().len(), 8);
    assert_eq!(b.segment_count(), 2);
}

/* S-KEY-02 */
#[test]
fn unicode_keys_follow_the_collator() {
    let mut s = seg(ColType::Text);
    s.cp = 1200;
    let def = one(s);
    let u = |t: &str| t.encode_utf16().flat_map(|c| c.to_le_bytes()).collect::<Vec<u8>>();
    let k = |t: &str| key1(&def, KeyValue::Data(&u(t)));
    // case, width and kana insensitive by default
    assert_eq!(k("hello"), k("HELLO"));
    assert_eq!(k("ｈｅｌｌｏ"), k("hello"));
    assert_eq!(k("カ"), k("か"));
    assert_ne!(k("hello"), k("hellö"));
    assert!(k("apple") < k("Banana"));
    assert!(k("a") < k("ab"));
    let key = k("abc");
    assert_eq!(key[0], 0x7F);
    assert_eq!(*key.last().unwrap(), 0x00);
    assert!(key[1..key.len() - 1].iter().all(|&b| b != 0));
    // prefix search on Unicode text: a partial limit stops at the first separator
    let mut b = KeyBuilder::new();
    b.make_key(&def, &u("ab"), JET_bitNewKey | JET_bitPartialColumnStartLimit).unwrap();
    let lo = b.key().to_vec();
    b.make_key(&def, &u("ab"), JET_bitNewKey | JET_bitPartialColumnEndLimit).unwrap();
    let hi = b.key().to_vec();
    for t in ["ab", "AB", "abc", "abzzz"] {
        assert!(lo <= k(t) && k(t) <= hi, "{t} in the prefix range");
    }
    for t in ["aa", "b", "a"] {
        assert!(!(lo <= k(t) && k(t) <= hi), "{t} outside the prefix range");
    }
    // accents and case count when the flags do not ignore them
    let c = UnicodeCollation::new("en-US", lcmap::LCMAP_SORTKEY).unwrap();
    let mut d = def.clone();
    d.collation = Some(Arc::new(c));
    assert_ne!(key1(&d, KeyValue::Data(&u("a"))), key1(&d, KeyValue::Data(&u("A"))));
}

#[test]
fn unicode_collation_validation() {
    assert!(UnicodeCollation::new("en-US", 0).is_ok());
    assert!(UnicodeCollation::new("", lcmap::DEFAULT).is_ok());
    assert!(UnicodeCollation::new("de-DE", lcmap::DEFAULT | lcmap::SORT_DIGITSASNUMBERS).is_ok());
    assert_eq!(UnicodeCollation::new("en-US", 0x4000_0000).map(|_| ()), fail(JET_errInvalidLCMapStringFlags));
    assert_eq!(
        UnicodeCollation::new("en-US", lcmap::LCMAP_UPPERCASE).map(|_| ()),
        fail(JET_errInvalidLCMapStringFlags)
    );
    assert_eq!(UnicodeCollation::new("not a locale!", 0).map(|_| ()), fail(JET_errInvalidLanguageId));
    assert_eq!(UnicodeCollation::default_collation().flags(), 0x30401);
}

// S-KEY-02: the recorded collation version names the icu_collator that Cargo.lock pins.
#[test]
fn collation_version_matches_the_lock_file() {
    let lock = include_str!("../../../Cargo.lock");
    let at = lock.find("name = \"icu_collator\"\nversion = \"").expect("icu_collator in Cargo.lock");
    let rest = &lock[at + "name = \"icu_collator\"\nversion = \"".len()..];
    let version = &rest[..rest.find('"').unwrap()];
    assert_eq!(UNICODE_COLLATION_VERSION, format!("icu4x-collator-{version}"));
}

fn ordered(def: &KeyDef, a: KeyValue<'_>, b: KeyValue<'_>) -> Ordering {
    key1(def, a).cmp(&key1(def, b))
}

fn check_order<T: Copy>(coltype: ColType, a: T, b: T, bytes: fn(T) -> Vec<u8>, cmp: fn(&T, &T) -> Ordering) {
    let mut def = one(seg(coltype));
    let (ba, bb) = (bytes(a), bytes(b));
    assert_eq!(ordered(&def, KeyValue::Data(&ba), KeyValue::Data(&bb)), cmp(&a, &b));
    assert_eq!(ordered(&def, KeyValue::Null, KeyValue::Data(&ba)), Ordering::Less);
    def.segments[0].descending = true;
    assert_eq!(ordered(&def, KeyValue::Data(&ba), KeyValue::Data(&bb)), cmp(&b, &a));
    def.segments[0].descending = false;
    def.sort_nulls_high = true;
    assert_eq!(ordered(&def, KeyValue::Null, KeyValue::Data(&ba)), Ordering::Greater);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    // data-records 7.3: key order == value order for every fixed type, both directions.
    #[test]
    fn fixed_types_order(a: i64, b: i64, fa: f64, fb: f64, ga: [u8; 16], gb: [u8; 16]) {
        check_order(ColType::Bit, a as u8 & 1, b as u8 & 1, |v| vec![v], u8::cmp);
        check_order(ColType::UnsignedByte, a as u8, b as u8, |v| vec![v], u8::cmp);
        check_order(ColType::Short, a as i16, b as i16, |v| v.to_le_bytes().to_vec(), i16::cmp);
        check_order(ColType::UnsignedShort, a as u16, b as u16, |v| v.to_le_bytes().to_vec(), u16::cmp);
        check_order(ColType::Long, a as i32, b as i32, |v| v.to_le_bytes().to_vec(), i32::cmp);
        check_order(ColType::UnsignedLong, a as u32, b as u32, |v| v.to_le_bytes().to_vec(), u32::cmp);
        check_order(ColType::LongLong, a, b, |v| v.to_le_bytes().to_vec(), i64::cmp);
        check_order(ColType::Currency, a, b, |v| v.to_le_bytes().to_vec(), i64::cmp);
        check_order(ColType::UnsignedLongLong, a as u64, b as u64, |v| v.to_le_bytes().to_vec(), u64::cmp);
        // IEEE totalOrder: -0.0 < +0.0, NaNs by bit pattern at the ends
        check_order(ColType::IEEEDouble, fa, fb, |v| v.to_le_bytes().to_vec(), f64::total_cmp);
        check_order(ColType::DateTime, fa, fb, |v| v.to_le_bytes().to_vec(), f64::total_cmp);
        check_order(ColType::IEEESingle, fa as f32, fb as f32, |v| v.to_le_bytes().to_vec(), f32::total_cmp);
        check_order(ColType::IEEESingle, f32::from_bits(a as u32), f32::from_bits(b as u32),
            |v| v.to_le_bytes().to_vec(), f32::total_cmp);
        // GUID: ordered as the byte string in ESE's permutation
        let perm = |g: &[u8; 16]| [10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3].map(|i| g[i]);
        let def = one(seg(ColType::Guid));
        prop_assert_eq!(ordered(&def, KeyValue::Data(&ga), KeyValue::Data(&gb)), perm(&ga).cmp(&perm(&gb)));
    }

    // data-records 7.5: binary keys order as the byte strings (shorter prefix first).
    #[test]
    fn binary_order(
        a in proptest::collection::vec(any::<u8>(), 0..60),
        b in proptest::collection::vec(any::<u8>(), 0..60),
    ) {
        let mut def = one(seg(ColType::Binary));
        prop_assert_eq!(ordered(&def, KeyValue::Data(&a), KeyValue::Data(&b)), a.cmp(&b));
        prop_assert_eq!(ordered(&def, KeyValue::Null, KeyValue::Data(&a)), Ordering::Less);
        if !a.is_empty() {
            prop_assert_eq!(ordered(&def, KeyValue::ZeroLength, KeyValue::Data(&a)), Ordering::Less);
        }
        def.segments[0].descending = true;
        prop_assert_eq!(ordered(&def, KeyValue::Data(&a), KeyValue::Data(&b)), b.cmp(&a));
    }

    // data-records 7.4: cp-1252 keys order as the a-z upper-cased strings.
    #[test]
    fn ansi_order(a in "[ -~]{0,40}", b in "[ -~]{0,40}") {
        let def = one(seg(ColType::Text));
        let up = |s: &str| s.to_ascii_uppercase().into_bytes();
        let got = ordered(&def, KeyValue::Data(a.as_bytes()), KeyValue::Data(b.as_bytes()));
        prop_assert_eq!(got, up(&a).cmp(&up(&b)));
    }

    // S-KEY-02: Unicode keys order as the collator compares.
    #[test]
    fn unicode_order(a in "\\PC{0,12}", b in "\\PC{0,12}") {
        let mut s = seg(ColType::Text);
        s.cp = 1200;
        let def = one(s);
        let u = |t: &str| t.encode_utf16().flat_map(|c| c.to_le_bytes()).collect::<Vec<u8>>();
        let c = UnicodeCollation::default_collation();
        // an empty value is a zero-length segment (0x40), below every value with data
        let want = match (a.is_empty(), b.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => c.collator.compare(&a, &b),
        };
        prop_assert_eq!(ordered(&def, KeyValue::Data(&u(&a)), KeyValue::Data(&u(&b))), want);
    }
}

fn prefix_range(def: &KeyDef, prefix: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut b = KeyBuilder::new();
    b.make_key(def, prefix, JET_bitNewKey | JET_bitPartialColumnStartLimit).unwrap();
    let lo = b.key().to_vec();
    b.make_key(def, prefix, JET_bitNewKey | JET_bitPartialColumnEndLimit).unwrap();
    (lo, b.key().to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    // data-records 7.7: a partial-column limit pair brackets exactly the values with that
    // prefix (binary: byte prefix; cp 1252: prefix after a-z upper-casing), in both directions
    // (the start limit is the low end in key order either way).
    #[test]
    fn partial_limits_bracket_prefixes(
        prefix in proptest::collection::vec(0u8..4, 1..20),
        value in proptest::collection::vec(0u8..4, 0..30),
        text_prefix in "[a-dA-D]{1,12}",
        text in "[a-dA-D]{0,16}",
        descending in any::<bool>(),
    ) {
        let mut bin = one(seg(ColType::Binary));
        bin.segments[0].descending = descending;
        let (lo, hi) = prefix_range(&bin, &prefix);
        let k = key1(&bin, KeyValue::Data(&value));
        let inside = lo <= k && k <= hi;
        // ESE's quirk: the zero padding of a value's last chunk matches zeros of the prefix,
        // so [1] lies in the range of the prefix [1, 0] (and "ab" < "ab\0" still holds).
        let mut padded = value.clone();
        padded.resize(value.len().div_ceil(8) * 8, 0);
        let want = !value.is_empty() && padded.starts_with(&prefix);
        prop_assert_eq!(inside, want, "{:?} / {:?}", prefix, value);

        let mut txt = one(seg(ColType::Text));
        txt.segments[0].descending = descending;
        let (lo, hi) = prefix_range(&txt, text_prefix.as_bytes());
        let k = key1(&txt, KeyValue::Data(text.as_bytes()));
        let inside = lo <= k && k <= hi;
        let want = text.to_ascii_uppercase().starts_with(&text_prefix.to_ascii_uppercase());
        prop_assert_eq!(inside, want, "{:?} / {:?}", text_prefix, text);
    }
}
