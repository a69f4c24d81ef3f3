//! Feeds key definitions and values drawn from the input to key normalization (data-records §7)
//! and checks what a normalized key must be, whatever the input:
//! - normalization returns a key or a defined error, never panics;
//! - a record key is at most cbKeyMost bytes, a JetMakeKey key at most cbKeyMost + 1;
//! - the same definition with every segment descending gives the bytewise inverse;
//! - of two untruncated keys, the byte order agrees with the values' order: the type's own
//!   comparison for fixed-size types, byte order for binary, ASCII-upper-cased byte order for
//!   cp-1252 text, NULL below (or with nulls high above) everything, zero-length between;
//! - JetMakeKey of the same values, one segment each, builds the record's key.
#![no_main]

use esent::abi::consts::*;
use esent::engine::coltype::ColType;
use esent::engine::key::{KeyBuilder, KeyDef, KeyValue, SegmentDef, UnicodeCollation, lcmap, record_key};
use libfuzzer_sys::fuzz_target;
use std::cmp::Ordering;
use std::sync::{Arc, LazyLock};

const TYPES: [ColType; 17] = [
    ColType::Bit,
    ColType::UnsignedByte,
    ColType::Short,
    ColType::Long,
    ColType::Currency,
    ColType::IEEESingle,
    ColType::IEEEDouble,
    ColType::DateTime,
    ColType::Binary,
    ColType::Text,
    ColType::LongBinary,
    ColType::LongText,
    ColType::UnsignedLong,
    ColType::LongLong,
    ColType::Guid,
    ColType::UnsignedShort,
    ColType::UnsignedLongLong,
];

/// A few collations, built once (building one per input would be most of the run's time).
static COLLATIONS: LazyLock<Vec<Arc<UnicodeCollation>>> = LazyLock::new(|| {
    [
        ("", lcmap::DEFAULT),
        ("en-US", 0),
        ("de-DE", lcmap::NORM_IGNORENONSPACE),
        ("ja-JP", lcmap::NORM_IGNORESYMBOLS | lcmap::SORT_DIGITSASNUMBERS),
    ]
    .iter()
    .map(|(l, f)| Arc::new(UnicodeCollation::new(l, *f).expect("a valid collation")))
    .collect()
});

/// Reads the input front to back; past its end every read is 0.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn byte(&mut self) -> u8 {
        let Some((&b, rest)) = self.0.split_first() else { return 0 };
        self.0 = rest;
        b
    }
    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }
    fn bytes(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.0.len());
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        a
    }
}

#[derive(Clone, Debug)]
enum Val {
    Null,
    Zero,
    Data(Vec<u8>),
}

impl Val {
    fn key_value(&self) -> KeyValue<'_> {
        match self {
            Val::Null => KeyValue::Null,
            Val::Zero => KeyValue::ZeroLength,
            Val::Data(d) => KeyValue::Data(d),
        }
    }
}

fn value(inp: &mut Input, seg: &SegmentDef) -> Val {
    let sel = inp.byte();
    match sel % 8 {
        0 => Val::Null,
        1 => Val::Zero,
        _ => {
            let size = match seg.coltype.fixed_size() {
                Some(n) => n as usize,
                None if seg.fixed => seg.cb_fixed,
                // Mostly short values, sometimes long ones that fill the key space.
                None if sel & 0x80 != 0 => inp.u16() as usize % 2100,
                None => (sel >> 3) as usize,
            };
            let mut d = inp.bytes(size).to_vec();
            d.resize(size, sel);
            Val::Data(d)
        }
    }
}

/// The order of two values of one segment as the type orders them, NULL and zero-length
/// included; `None` where no model is simple enough (Unicode text).
fn model_cmp(def: &KeyDef, seg: &SegmentDef, a: &Val, b: &Val) -> Option<Ordering> {
    let text_or_binary = seg.coltype.is_text() || seg.coltype.is_binary();
    let rank = |v: &Val| match v {
        Val::Null => {
            if def.sort_nulls_high {
                3
            } else {
                0
            }
        }
        Val::Data(d) if d.is_empty() => {
            if text_or_binary {
                1
            } else {
                rank_null(def)
            }
        }
        Val::Zero => {
            if text_or_binary {
                1
            } else {
                rank_null(def)
            }
        }
        Val::Data(_) => 2,
    };
    let (ra, rb) = (rank(a), rank(b));
    if ra != rb || ra != 2 {
        return Some(ra.cmp(&rb));
    }
    let (Val::Data(x), Val::Data(y)) = (a, b) else { unreachable!() };
    use ColType::*;
    let le8 = |d: &[u8]| u64::from_le_bytes(d[..8].try_into().unwrap());
    let le4 = |d: &[u8]| u32::from_le_bytes(d[..4].try_into().unwrap());
    let le2 = |d: &[u8]| u16::from_le_bytes(d[..2].try_into().unwrap());
    Some(match seg.coltype {
        Bit => (x[0] != 0).cmp(&(y[0] != 0)),
        UnsignedByte => x[0].cmp(&y[0]),
        Short => (le2(x) as i16).cmp(&(le2(y) as i16)),
        UnsignedShort => le2(x).cmp(&le2(y)),
        Long => (le4(x) as i32).cmp(&(le4(y) as i32)),
        UnsignedLong => le4(x).cmp(&le4(y)),
        LongLong | Currency => (le8(x) as i64).cmp(&(le8(y) as i64)),
        UnsignedLongLong => le8(x).cmp(&le8(y)),
        IEEESingle => f32::from_bits(le4(x)).total_cmp(&f32::from_bits(le4(y))),
        IEEEDouble | DateTime => f64::from_bits(le8(x)).total_cmp(&f64::from_bits(le8(y))),
        // ESE's GUID order: by the bytes of the last group first (fldnorm.cxx:640-700).
        Guid => {
            let order: [usize; 16] = if def.dot_net_guid {
                [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
            } else {
                [10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3]
            };
            order.iter().map(|&i| x[i]).cmp(order.iter().map(|&i| y[i]))
        }
        Binary | LongBinary => x.cmp(y),
        Text | LongText if seg.cp == 1200 => return None,
        Text | LongText => {
            let upper = |d: &[u8]| -> Vec<u8> {
                let n = d.iter().position(|&b| b == 0).unwrap_or(d.len());
                d[..n].iter().map(|b| b.to_ascii_uppercase()).collect()
            };
            upper(x).cmp(&upper(y))
        }
    })
}

fn rank_null(def: &KeyDef) -> u8 {
    if def.sort_nulls_high { 3 } else { 0 }
}

fn allowed_record_error(def: &KeyDef, code: i32) -> bool {
    (code == JET_errKeyTruncated && def.disallow_truncation) || code == JET_errInvalidBufferSize
}

fuzz_target!(|data: &[u8]| {
    let mut inp = Input(data);
    let flags = inp.byte();
    let nseg = 1 + (inp.byte() % 4) as usize;
    let mut segments = Vec::new();
    for _ in 0..nseg {
        let t = inp.byte();
        let coltype = TYPES[t as usize % TYPES.len()];
        let f = inp.byte();
        let fixed = coltype.fixed_size().is_some()
            || (f & 1 != 0 && matches!(coltype, ColType::Text | ColType::Binary));
        let cb_fixed = coltype.fixed_size().map(|n| n as usize).unwrap_or(1 + (f >> 1) as usize % 255);
        let cp = if coltype.is_text() { if f & 0x80 != 0 { 1200 } else { 1252 } } else { 0 };
        segments.push(SegmentDef { coltype, cp, descending: t & 0x80 != 0, fixed, cb_fixed });
    }
    let mut def = KeyDef::new(segments);
    if flags & 1 != 0 {
        def.cb_key_most = 255 + inp.u16() as usize % (2000 - 255 + 1);
    }
    def.cb_var_seg_mac =
        if flags & 2 != 0 { inp.byte() as usize % (def.cb_key_most + 1) } else { def.cb_key_most };
    def.sort_nulls_high = flags & 4 != 0;
    def.dot_net_guid = flags & 8 != 0;
    def.disallow_truncation = flags & 16 != 0;
    if flags & 32 != 0 {
        def.collation = Some(COLLATIONS[(flags >> 6) as usize % COLLATIONS.len()].clone());
    }
    let a: Vec<Val> = def.segments.clone().iter().map(|s| value(&mut inp, s)).collect();
    let b: Vec<Val> = def.segments.clone().iter().map(|s| value(&mut inp, s)).collect();
    let unlimited = def.cb_var_seg_mac == def.cb_key_most || def.cb_var_seg_mac == 0;

    let key_of = |def: &KeyDef, vals: &[Val]| {
        let kv: Vec<KeyValue> = vals.iter().map(Val::key_value).collect();
        record_key(def, &kv)
    };
    let ka = key_of(&def, &a);
    let kb = key_of(&def, &b);
    for k in [&ka, &kb] {
        match k {
            Ok((key, _)) => assert!(key.len() <= def.cb_key_most, "{} > {}", key.len(), def.cb_key_most),
            Err(e) => assert!(allowed_record_error(&def, e.0), "record_key: {}", e.0),
        }
    }

    // All segments the other way: the bytewise inverse.
    let mut inv = def.clone();
    inv.segments.iter_mut().for_each(|s| s.descending = !s.descending);
    match (&ka, key_of(&inv, &a)) {
        (Ok((k, t)), Ok((ki, ti))) => {
            assert_eq!(*t, ti);
            assert_eq!(k.iter().map(|b| b ^ 0xFF).collect::<Vec<_>>(), ki);
        }
        (Err(e), Err(ei)) => assert_eq!(e.0, ei.0),
        (x, y) => panic!("descending changed the outcome: {x:?} / {y:?}"),
    }

    // Order of two untruncated keys against the model.
    if let (Ok((kx, false)), Ok((ky, false))) = (&ka, &kb)
        && unlimited
    {
        let mut want = Some(Ordering::Equal);
        for (i, seg) in def.segments.iter().enumerate() {
            match model_cmp(&def, seg, &a[i], &b[i]) {
                None => {
                    want = None;
                    break;
                }
                Some(Ordering::Equal) => {}
                Some(o) => {
                    want = Some(if seg.descending { o.reverse() } else { o });
                    break;
                }
            }
        }
        if let Some(w) = want {
            assert_eq!(kx.cmp(ky), w, "keys {kx:02x?} {ky:02x?} of {a:?} {b:?} under {def:?}");
        }
    }

    // JetMakeKey, one segment a call, builds the same key (machine order is little-endian here).
    if let Ok((key, false)) = &ka {
        let mut kb = KeyBuilder::new();
        let mut ok = true;
        for (i, v) in a.iter().enumerate() {
            let grbit = if i == 0 { JET_bitNewKey } else { 0 };
            let r = match v {
                Val::Null => kb.make_key(&def, &[], grbit),
                // A zero-length value is JET_bitKeyDataZeroLength with no data (no data alone is NULL).
                Val::Zero => kb.make_key(&def, &[], grbit | JET_bitKeyDataZeroLength),
                Val::Data(d) if d.is_empty() => kb.make_key(&def, &[], grbit | JET_bitKeyDataZeroLength),
                Val::Data(d) => kb.make_key(&def, d, grbit),
            };
            match r {
                Ok(()) => {}
                Err(e) => {
                    // Zero-length where the column cannot have it, as in ESE.
                    assert!(e.0 == JET_errInvalidBufferSize, "make_key: {}", e.0);
                    ok = false;
                    break;
                }
            }
            assert!(kb.key().len() <= def.cb_limit_key_most());
        }
        if ok && def.cb_key_most != 255 {
            assert_eq!(kb.key(), &key[..], "JetMakeKey disagrees with the record key under {def:?}");
        }
    }
});
