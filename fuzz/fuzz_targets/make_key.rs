//! Sequences of JetMakeKey calls (data-records §6.2) with arbitrary data and grbits: every
//! combination of JET_bitNewKey, JET_bitStrLimit, JET_bitSubStrLimit, the full and partial
//! column limits, JET_bitKeyDataZeroLength and JET_bitNormalizedKey.
//!
//! Two halves, both driven by the input:
//! - the engine's key builder under a key definition built from the input, checking the rules
//!   JetMakeKey documents (the defined codes only; a key at most cbKeyMost + 1 bytes; a failed
//!   call without JET_bitNewKey leaves the key as it was; a limit ends the key; no JET_bitNewKey
//!   on a fresh key is JET_errKeyNotMade);
//! - the C ABI in-process on a table whose indexes are made from layouts drawn from the input:
//!   JetMakeKey, JetRetrieveKey (a made key goes back in with JET_bitNormalizedKey unchanged),
//!   JetSeek and JetSetIndexRange return defined codes.
#![no_main]
#![allow(non_snake_case)]

#[path = "common.rs"]
mod common;

use common::{Input, cstr, env, path_c};
use esent::abi::consts::*;
use esent::abi::*;
use esent::api::{cursors, database, records, schema, table, transaction};
use esent::engine::coltype::ColType;
use esent::engine::key::{KeyBuilder, KeyDef, SegmentDef};
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

const GRBITS: [u32; 8] = [
    JET_bitNewKey,
    JET_bitStrLimit,
    JET_bitSubStrLimit,
    JET_bitNormalizedKey,
    JET_bitKeyDataZeroLength,
    JET_bitFullColumnStartLimit,
    JET_bitFullColumnEndLimit,
    JET_bitPartialColumnStartLimit,
];

/// A grbit from one byte: any set of the known bits (JET_bitPartialColumnEndLimit through the
/// high bit), rarely an unknown bit.
fn grbit_of(b: u8, extra: u8) -> u32 {
    let mut g = 0;
    for (i, bit) in GRBITS.iter().enumerate() {
        if b & (1 << i) != 0 {
            g |= bit;
        }
    }
    if extra & 1 != 0 {
        g |= JET_bitPartialColumnEndLimit;
    }
    if extra & 0xF0 == 0xF0 {
        g |= 1 << (extra & 0x1F);
    }
    g
}

const TYPES: [ColType; 13] = [
    ColType::Bit,
    ColType::UnsignedByte,
    ColType::Short,
    ColType::Long,
    ColType::Currency,
    ColType::IEEEDouble,
    ColType::Binary,
    ColType::Text,
    ColType::LongBinary,
    ColType::LongText,
    ColType::Guid,
    ColType::UnsignedLongLong,
    ColType::IEEESingle,
];

const MAKE_KEY_CODES: [i32; 7] = [
    0,
    JET_errKeyNotMade,
    JET_errKeyIsMade,
    JET_errInvalidBufferSize,
    JET_errInvalidGrbit,
    JET_errInvalidParameter,
    JET_errNoCurrentIndex,
];

fn engine_half(inp: &mut Input) {
    let flags = inp.byte();
    let nseg = 1 + (inp.byte() % 5) as usize;
    let mut segments = Vec::new();
    for _ in 0..nseg {
        let t = inp.byte();
        let coltype = TYPES[t as usize % TYPES.len()];
        let fixed = coltype.fixed_size().is_some()
            || (t & 0x40 != 0 && matches!(coltype, ColType::Text | ColType::Binary));
        let cb_fixed = coltype.fixed_size().map(|n| n as usize).unwrap_or(1 + (inp.byte() as usize % 64));
        let cp = if coltype.is_text() { if t & 0x20 != 0 { 1200 } else { 1252 } } else { 0 };
        segments.push(SegmentDef { coltype, cp, descending: t & 0x80 != 0, fixed, cb_fixed });
    }
    let mut def = KeyDef::new(segments);
    if flags & 1 != 0 {
        def.cb_key_most = 255 + inp.u16() as usize % (2000 - 255 + 1);
    }
    if flags & 2 != 0 {
        def.cb_var_seg_mac = inp.byte() as usize % (def.cb_key_most + 1);
    } else {
        def.cb_var_seg_mac = def.cb_key_most;
    }
    def.sort_nulls_high = flags & 4 != 0;
    def.dot_net_guid = flags & 8 != 0;

    let mut kb = KeyBuilder::new();
    let calls = inp.byte() % 12;
    for _ in 0..calls {
        let g = grbit_of(inp.byte(), inp.byte());
        let sel = inp.byte();
        let len = if sel & 0x80 != 0 { inp.u16() as usize % 2100 } else { (sel & 0x3F) as usize };
        let data = inp.bytes(len).to_vec();
        let before = kb.clone();
        let r = kb.make_key(&def, &data, g);
        let code = r.err().map_or(0, |e| e.0);
        assert!(MAKE_KEY_CODES.contains(&code), "make_key: {code} for grbit {g:#x}");
        assert!(kb.key().len() <= def.cb_limit_key_most(), "key of {} bytes", kb.key().len());
        let fresh = g & (JET_bitNewKey | JET_bitNormalizedKey) == 0;
        if fresh && !before.is_prepared() {
            assert_eq!(code, JET_errKeyNotMade);
        }
        if fresh && before.is_limit() {
            assert_eq!(code, JET_errKeyIsMade);
        }
        if code != 0 && g & (JET_bitNewKey | JET_bitNormalizedKey) == 0 {
            assert_eq!(kb.key(), before.key(), "a failed JetMakeKey changed the key");
            assert_eq!(kb.segment_count(), before.segment_count());
        }
        if code == 0 {
            assert!(kb.is_prepared());
            // A limit option ends the key, unless the key was already full: then, as in ESE
            // (fldnorm.cxx ErrIsamMakeKey), the segment is not normalized and no limit is set.
            let appended_to = if g & JET_bitNewKey != 0 { 0 } else { before.key().len() };
            if g & JET_bitNormalizedKey == 0 && g & JET_maskLimitOptions != 0 && appended_to < def.cb_key_most
            {
                assert!(kb.is_limit(), "a limit grbit {g:#x} did not end the key");
            }
        }
    }
}

// ---- the C ABI half ------------------------------------------------------------------------

/// (coltyp, cbMax, grbit, cp) of the table's columns, named c0, c1, ...
const COLUMNS: [(u32, u32, u32, u32); 20] = [
    (JET_coltypBit, 0, 0, 0),
    (JET_coltypUnsignedByte, 0, 0, 0),
    (JET_coltypShort, 0, 0, 0),
    (JET_coltypLong, 0, 0, 0),
    (JET_coltypCurrency, 0, 0, 0),
    (JET_coltypIEEESingle, 0, 0, 0),
    (JET_coltypIEEEDouble, 0, 0, 0),
    (JET_coltypDateTime, 0, 0, 0),
    (JET_coltypUnsignedLong, 0, 0, 0),
    (JET_coltypLongLong, 0, 0, 0),
    (JET_coltypGUID, 0, 0, 0),
    (JET_coltypUnsignedShort, 0, 0, 0),
    (JET_coltypUnsignedLongLong, 0, 0, 0),
    (JET_coltypText, 255, 0, 1252),
    (JET_coltypText, 255, 0, 1200),
    (JET_coltypBinary, 255, 0, 0),
    (JET_coltypText, 10, JET_bitColumnFixed, 1252),
    (JET_coltypBinary, 12, JET_bitColumnFixed, 0),
    (JET_coltypLongText, 0, JET_bitColumnTagged, 1200),
    (JET_coltypLongBinary, 0, JET_bitColumnTagged, 0),
];

struct Abi {
    tableid: JET_TABLEID,
    /// Index name of each layout tried, `None` when the layout was refused.
    indexes: Mutex<HashMap<Vec<u8>, Option<String>>>,
}

fn size_of_coltyp(t: u32) -> Option<usize> {
    ColType::from_u32(t).ok().and_then(|c| c.fixed_size()).map(|n| n as usize)
}

fn abi() -> &'static Abi {
    static ABI: OnceLock<Abi> = OnceLock::new();
    ABI.get_or_init(|| {
        let e = env("make_key");
        let names: Vec<_> = (0..COLUMNS.len()).map(|i| cstr(&format!("c{i}"))).collect();
        let mut cols: Vec<JET_COLUMNCREATE_A> = COLUMNS
            .iter()
            .zip(&names)
            .map(|(&(coltyp, cbMax, grbit, cp), n)| JET_COLUMNCREATE_A {
                cbStruct: size_of::<JET_COLUMNCREATE_A>() as u32,
                szColumnName: n.as_ptr() as *mut _,
                coltyp,
                cbMax,
                grbit,
                pvDefault: core::ptr::null_mut(),
                cbDefault: 0,
                cp,
                columnid: 0,
                err: 0,
            })
            .collect();
        let tname = cstr("t");
        let db = path_c(&e.dir.join("keys.edb"));
        let mut dbid = 0;
        let mut tc = JET_TABLECREATE_A {
            cbStruct: size_of::<JET_TABLECREATE_A>() as u32,
            szTableName: tname.as_ptr() as *mut _,
            szTemplateTableName: core::ptr::null_mut(),
            ulPages: 0,
            ulDensity: 0,
            rgcolumncreate: cols.as_mut_ptr(),
            cColumns: cols.len() as u32,
            rgindexcreate: core::ptr::null_mut(),
            cIndexes: 0,
            grbit: 0,
            tableid: 0,
            cCreated: 0,
        };
        // SAFETY: pointers to live locals and NUL-terminated strings; cols outlives the call.
        unsafe {
            assert_eq!(
                database::JetCreateDatabaseA(e.sesid, db.as_ptr(), core::ptr::null(), &mut dbid, 0),
                0
            );
            assert_eq!(table::JetCreateTableColumnIndexA(e.sesid, dbid, &mut tc), 0);
        }
        let columnids: Vec<_> = cols.iter().map(|c| c.columnid).collect();
        // A few rows with values spread over each type's range.
        for i in 0u32..24 {
            let x = i.wrapping_mul(0x9E37_79B9).rotate_left(i);
            // SAFETY: as above; every value buffer lives through its call.
            unsafe {
                // Long values are set inside a transaction.
                assert_eq!(transaction::JetBeginTransaction(e.sesid), 0);
                assert_eq!(records::JetPrepareUpdate(e.sesid, tc.tableid, JET_prepInsert), 0);
                for (j, &(coltyp, cbmax, _, _)) in COLUMNS.iter().enumerate() {
                    if (x >> (j % 32)) & 3 == 0 {
                        continue; // NULL
                    }
                    let n = size_of_coltyp(coltyp).unwrap_or(if cbmax > 0 && cbmax <= 12 {
                        cbmax as usize
                    } else {
                        1 + (x as usize + j) % 40
                    });
                    let v: Vec<u8> = (0..n).map(|k| (x.rotate_left(k as u32) as u8) | 0x20).collect();
                    let v = if COLUMNS[j].3 == 1200 {
                        v.iter().flat_map(|&b| [b & 0x7F | 0x20, 0]).take(n & !1).collect()
                    } else {
                        v
                    };
                    let r = records::JetSetColumn(
                        e.sesid,
                        tc.tableid,
                        columnids[j],
                        v.as_ptr().cast(),
                        v.len() as u32,
                        0,
                        core::ptr::null(),
                    );
                    assert!(r >= 0, "set column {j}: {r}");
                }
                assert_eq!(
                    records::JetUpdate(e.sesid, tc.tableid, core::ptr::null_mut(), 0, core::ptr::null_mut()),
                    0
                );
                assert_eq!(transaction::JetCommitTransaction(e.sesid, 0), 0);
            }
        }
        Abi { tableid: tc.tableid, indexes: Mutex::new(HashMap::new()) }
    })
}

/// The index of a layout drawn from the input: made the first time (at most 64 are made), else
/// one already made.
fn index_for(inp: &mut Input) -> Option<String> {
    let e = env("make_key");
    let a = abi();
    let nseg = 1 + inp.byte() as usize % 4;
    let mut layout: Vec<u8> = (0..nseg).map(|_| inp.byte()).collect();
    let flags = inp.byte();
    let cb_key_most = inp.u16();
    let cb_var_seg_mac = inp.byte();
    layout.extend([flags, cb_var_seg_mac]);
    let mut map = a.indexes.lock().unwrap();
    if let Some(known) = map.get(&layout) {
        return known.clone();
    }
    if map.len() >= 64 {
        let made: Vec<_> = map.values().flatten().cloned().collect();
        return made.get(layout[0] as usize % made.len().max(1)).cloned();
    }
    let mut key = Vec::new();
    for &b in &layout[..nseg] {
        key.push(if b & 0x80 != 0 { b'-' } else { b'+' });
        key.extend(format!("c{}", (b & 0x7F) as usize % COLUMNS.len()).bytes());
        key.push(0);
    }
    key.push(0);
    let mut grbit = 0;
    for (i, bit) in [
        JET_bitIndexUnique,
        JET_bitIndexIgnoreNull,
        JET_bitIndexSortNullsHigh,
        JET_bitIndexDisallowTruncation,
        JET_bitIndexDotNetGuid,
        JET_bitIndexIgnoreAnyNull,
        JET_bitIndexKeyMost,
        JET_bitIndexUnicode,
    ]
    .iter()
    .enumerate()
    {
        if flags & (1 << i) != 0 && *bit != JET_bitIndexUnicode {
            grbit |= bit;
        }
    }
    let name = format!("i{}", map.len());
    let cname = cstr(&name);
    let mut ic = JET_INDEXCREATE_A {
        cbStruct: size_of::<JET_INDEXCREATE_A>() as u32,
        szIndexName: cname.as_ptr() as *mut _,
        szKey: key.as_mut_ptr().cast(),
        cbKey: key.len() as u32,
        grbit,
        ulDensity: 0,
        lcid_or_pidxunicode: JET_INDEXCREATE_LCID { lcid: 0 },
        cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_VARSEG { cbVarSegMac: cb_var_seg_mac as u32 },
        rgconditionalcolumn: core::ptr::null_mut(),
        cConditionalColumn: 0,
        err: 0,
        cbKeyMost: if grbit & JET_bitIndexKeyMost != 0 { cb_key_most as u32 % 2100 } else { 0 },
    };
    // SAFETY: every pointer is to a live local; key is cbKey bytes.
    let r = unsafe { schema::JetCreateIndex2A(e.sesid, a.tableid, &mut ic, 1) };
    let allowed = [
        0,
        JET_errKeyDuplicate,
        JET_errInvalidParameter,
        JET_errIndexInvalidDef,
        JET_errInvalidGrbit,
        JET_errKeyTruncated,
    ];
    assert!(allowed.contains(&r), "JetCreateIndex2 of {key:?} grbit {grbit:#x}: {r}");
    let made = (r == 0).then_some(name);
    map.insert(layout, made.clone());
    made
}

fn abi_half(inp: &mut Input) {
    let e = env("make_key");
    let a = abi();
    let (s, t) = (e.sesid, a.tableid);
    let Some(name) = index_for(inp) else { return };
    let cname = cstr(&name);
    // SAFETY: pointers to live locals; every data buffer is as long as the size passed.
    unsafe {
        assert_eq!(cursors::JetSetCurrentIndexA(s, t, cname.as_ptr()), 0);
        let calls = inp.byte() % 10;
        for _ in 0..calls {
            let op = inp.byte();
            match op % 8 {
                0..=4 => {
                    let g = grbit_of(inp.byte(), inp.byte());
                    let sel = inp.byte();
                    let len = if sel & 0x80 != 0 { inp.u16() as usize % 2100 } else { (sel & 0x3F) as usize };
                    let data = inp.bytes(len).to_vec();
                    let (p, cb) = match sel & 0x40 != 0 && op & 0x80 != 0 {
                        true => (core::ptr::null(), if op & 0x40 != 0 { len as u32 } else { 0 }),
                        false => (data.as_ptr().cast(), data.len() as u32),
                    };
                    let r = cursors::JetMakeKey(s, t, p, cb, g);
                    assert!(MAKE_KEY_CODES.contains(&r), "JetMakeKey: {r} for grbit {g:#x}");
                }
                5 => {
                    let mut key = vec![0u8; 2100];
                    let mut cb = 0u32;
                    let r = records::JetRetrieveKey(
                        s,
                        t,
                        key.as_mut_ptr().cast(),
                        key.len() as u32,
                        &mut cb,
                        JET_bitRetrieveCopy,
                    );
                    assert!(r == 0 || r == JET_errKeyNotMade, "JetRetrieveKey: {r}");
                    if r == 0 {
                        assert!(cb as usize <= JET_cbKeyMostMost as usize + 1, "a key of {cb} bytes");
                        key.truncate(cb as usize);
                        // The copy goes back in unchanged.
                        let r = cursors::JetMakeKey(s, t, key.as_ptr().cast(), cb, JET_bitNormalizedKey);
                        assert_eq!(r, 0, "JetMakeKey of a retrieved key");
                        let mut again = vec![0u8; 2100];
                        let mut cb2 = 0u32;
                        let r = records::JetRetrieveKey(
                            s,
                            t,
                            again.as_mut_ptr().cast(),
                            again.len() as u32,
                            &mut cb2,
                            JET_bitRetrieveCopy,
                        );
                        assert_eq!(r, 0);
                        again.truncate(cb2 as usize);
                        assert_eq!(again, key, "a normalized key came back changed");
                    }
                }
                6 => {
                    let g = [JET_bitSeekEQ, JET_bitSeekLT, JET_bitSeekLE, JET_bitSeekGE, JET_bitSeekGT]
                        [inp.byte() as usize % 5]
                        | if inp.byte() & 1 != 0 { JET_bitSetIndexRange } else { 0 };
                    let r = cursors::JetSeek(s, t, g);
                    let ok = [
                        0,
                        JET_wrnSeekNotEqual,
                        JET_wrnUniqueKey,
                        JET_errRecordNotFound,
                        JET_errKeyNotMade,
                        JET_errInvalidGrbit,
                    ];
                    assert!(ok.contains(&r), "JetSeek({g:#x}): {r}");
                }
                _ => {
                    let g = inp.byte() as u32 & 0xF;
                    let r = cursors::JetSetIndexRange(s, t, g);
                    let ok = [
                        0,
                        JET_errNoCurrentRecord,
                        JET_errKeyNotMade,
                        JET_errInvalidOperation,
                        JET_errInvalidGrbit,
                    ];
                    assert!(ok.contains(&r), "JetSetIndexRange({g:#x}): {r}");
                }
            }
        }
        let _ = records::JetMove(s, t, JET_MoveFirst, 0);
    }
}

fuzz_target!(|data: &[u8]| {
    let mut inp = Input(data);
    if inp.byte() & 1 == 0 {
        engine_half(&mut inp);
    } else {
        abi_half(&mut inp);
    }
});
