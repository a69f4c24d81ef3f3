//! JET_TABLECREATE (versions 1-4), JET_INDEXCREATE (1-3) and JET_COLUMNCREATE arrays built from
//! the input (data-ddl §5.3, §7): `cbStruct` right or wrong, counts, NULL or in-buffer pointers,
//! key strings of the `+a\0-b\0\0` form or not, cbKey short or long, every grbit, Unicode, tuple
//! and conditional-column parts, space hints. They go to JetCreateTableColumnIndex1-4A and to
//! JetCreateIndex2-4A in one running instance. Every call must return a defined code (an error
//! the library knows, never JET_errInternalError), count no more objects than were asked for,
//! and leave nothing behind (what was made is deleted; libFuzzer's leak check runs).
#![no_main]
#![allow(non_snake_case)]

#[path = "common.rs"]
mod common;

use common::{Input, env, path_c};
use esent::abi::consts::*;
use esent::abi::*;
use esent::api::{database, schema, table};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn dbid() -> JET_DBID {
    static DBID: OnceLock<JET_DBID> = OnceLock::new();
    *DBID.get_or_init(|| {
        let e = env("create_structs");
        let p = path_c(&e.dir.join("ddl.edb"));
        let mut dbid = 0;
        // SAFETY: live locals and NUL-terminated strings.
        unsafe {
            assert_eq!(database::JetCreateDatabaseA(e.sesid, p.as_ptr(), core::ptr::null(), &mut dbid, 0), 0);
        }
        // A template table to derive from.
        let mut b = Build::default();
        let mut inp = Input(&[]);
        let tname = b.keep(b"tmpl\0".to_vec());
        let cname = b.keep(b"k\0".to_vec());
        let mut cols = [JET_COLUMNCREATE_A {
            cbStruct: size_of::<JET_COLUMNCREATE_A>() as u32,
            szColumnName: cname.cast(),
            coltyp: JET_coltypLong,
            cbMax: 0,
            grbit: 0,
            pvDefault: core::ptr::null_mut(),
            cbDefault: 0,
            cp: 0,
            columnid: 0,
            err: 0,
        }];
        let _ = &mut inp;
        let mut tc = JET_TABLECREATE_A {
            cbStruct: size_of::<JET_TABLECREATE_A>() as u32,
            szTableName: tname.cast(),
            szTemplateTableName: core::ptr::null_mut(),
            ulPages: 0,
            ulDensity: 0,
            rgcolumncreate: cols.as_mut_ptr(),
            cColumns: 1,
            rgindexcreate: core::ptr::null_mut(),
            cIndexes: 0,
            grbit: JET_bitTableCreateTemplateTable | JET_bitTableCreateFixedDDL,
            tableid: 0,
            cCreated: 0,
        };
        // SAFETY: as above.
        unsafe {
            assert_eq!(table::JetCreateTableColumnIndexA(e.sesid, dbid, &mut tc), 0);
            assert_eq!(table::JetCloseTable(e.sesid, tc.tableid), 0);
        }
        dbid
    })
}

/// Owns every buffer a call's structs point into.
#[derive(Default)]
struct Build {
    bufs: Vec<Vec<u8>>,
    words: Vec<Vec<u64>>,
}

impl Build {
    /// Keeps `v` alive for the call; its pointer.
    fn keep(&mut self, v: Vec<u8>) -> *mut u8 {
        self.bufs.push(v);
        self.bufs.last_mut().unwrap().as_mut_ptr()
    }
    /// Keeps a copy of `t` in 8-aligned storage with `slack` zero bytes after it; its pointer.
    fn keep_struct<T: Copy>(&mut self, t: &T, slack: usize) -> *mut T {
        let n = (size_of::<T>() + slack).div_ceil(8);
        let mut w = vec![0u64; n.max(1)];
        // SAFETY: `w` holds at least size_of::<T>() bytes, 8-aligned; T is plain data.
        unsafe {
            core::ptr::copy_nonoverlapping(
                t as *const T as *const u8,
                w.as_mut_ptr() as *mut u8,
                size_of::<T>(),
            )
        };
        self.words.push(w);
        self.words.last_mut().unwrap().as_mut_ptr() as *mut T
    }
}

const NAMES: [&[u8]; 10] = [
    b"a",
    b"b",
    b"c",
    b"d",
    b"k",
    b"",
    b" lead",
    b"x.y",
    b"[bad]",
    b"n23456789012345678901234567890123456789012345678901234567890123456789",
];

/// A NUL-terminated name: one of a few (valid, duplicate, invalid), or bytes from the input.
fn name(b: &mut Build, inp: &mut Input) -> *mut u8 {
    let s = inp.byte();
    if s == 0xFF {
        return core::ptr::null_mut();
    }
    let mut v = if s & 0x80 != 0 {
        let n = (s & 0x1F) as usize;
        inp.bytes(n).iter().map(|&c| if c == 0 { b'z' } else { c }).collect()
    } else {
        NAMES[s as usize % NAMES.len()].to_vec()
    };
    v.push(0);
    b.keep(v)
}

/// A key string: segments of `+name\0` / `-name\0` / `name\0`, a final NUL, then cbKey exact,
/// short, 0 or long (the buffer is padded with NULs so a long cbKey stays inside it); or raw
/// input bytes.
fn key(b: &mut Build, inp: &mut Input) -> (*mut u8, u32) {
    let s = inp.byte();
    let mut v = Vec::new();
    if s & 0x80 != 0 {
        v.extend_from_slice(inp.bytes((s & 0x3F) as usize));
    } else {
        for _ in 0..(s & 7) {
            let t = inp.byte();
            match t % 4 {
                0 => v.push(b'+'),
                1 => v.push(b'-'),
                2 => {}
                _ => v.push(t),
            }
            v.extend_from_slice(NAMES[(t >> 2) as usize % NAMES.len()]);
            v.push(0);
        }
        v.push(0);
    }
    let exact = v.len() as u32;
    let cb = match (s >> 3) & 7 {
        0 => 0,
        1 => exact.saturating_sub(1),
        2 => exact.saturating_sub(2),
        3 => exact + 3,
        _ => exact,
    };
    v.resize(v.len() + 8, 0);
    if s & 0x40 != 0 && s & 0x80 == 0 && inp.byte() & 3 == 0 {
        return (core::ptr::null_mut(), cb);
    }
    (b.keep(v), cb)
}

fn columns(b: &mut Build, inp: &mut Input) -> (*mut JET_COLUMNCREATE_A, u32) {
    let n = inp.byte() % 7;
    let mut cols = Vec::new();
    for _ in 0..n {
        let cb_ok = inp.byte() & 0xF != 0;
        let szColumnName = name(b, inp).cast();
        let coltyp = inp.byte() as u32 % 20;
        let cbMax = match inp.byte() % 4 {
            0 => 0,
            1 => inp.byte() as u32,
            2 => inp.u16() as u32,
            _ => inp.u32(),
        };
        let g = inp.u32();
        let grbit = g
            & 0x001F_FFFF
            & if g & 0x8000_0000 != 0 {
                !0
            } else {
                !(JET_bitColumnUserDefinedDefault | JET_bitColumnFinalize)
            };
        let cp = [0, 1252, 1200, 0x4E4][inp.byte() as usize % 4];
        let d = inp.byte();
        let (pvDefault, cbDefault) = match d % 4 {
            0 => (core::ptr::null_mut(), 0),
            1 => (core::ptr::null_mut(), d as u32),
            // A user-defined default is a JET_USERDEFINEDDEFAULT whose pointers the caller
            // vouches for (data-ddl §3.3): NULL or in-buffer strings and data.
            _ if grbit & JET_bitColumnUserDefinedDefault != 0 => {
                let callback = if d & 4 != 0 {
                    b.keep(b"nosuchmodule!nosuchfunction\0".to_vec())
                } else {
                    core::ptr::null_mut()
                };
                let data = inp.bytes((d >> 3) as usize).to_vec();
                // NULL data with a size (refused), NULL without, or the input's bytes.
                let (data, cb_data) = match (data.is_empty(), d & 0xC0) {
                    (true, 0x80) => (core::ptr::null_mut(), 1),
                    (true, 0x40) => (core::ptr::null_mut(), 0),
                    _ => {
                        let n = data.len() as u32;
                        (b.keep(data), n)
                    }
                };
                let deps = match (d >> 3) % 3 {
                    0 => core::ptr::null_mut(),
                    1 => b.keep(b"a\0k\0\0".to_vec()),
                    _ => b.keep(b"\0".to_vec()),
                };
                let u = JET_USERDEFINEDDEFAULT_A {
                    szCallback: callback.cast(),
                    pbUserData: data,
                    cbUserData: cb_data,
                    szDependantColumns: deps.cast(),
                };
                let p = b.keep_struct(&u, 0);
                let cb = if d & 0x20 != 0 {
                    size_of::<JET_USERDEFINEDDEFAULT_A>() as u32
                } else {
                    (d >> 2) as u32
                };
                (p.cast(), cb)
            }
            _ => {
                let v = inp.bytes((d >> 2) as usize).to_vec();
                let n = v.len() as u32;
                (b.keep(v).cast(), n)
            }
        };
        cols.push(JET_COLUMNCREATE_A {
            cbStruct: if cb_ok { size_of::<JET_COLUMNCREATE_A>() as u32 } else { inp.byte() as u32 },
            szColumnName,
            coltyp,
            cbMax,
            grbit,
            pvDefault,
            cbDefault,
            cp,
            columnid: 0xDEAD,
            err: 0x5A5A,
        });
    }
    if inp.byte() & 0x1F == 0 {
        return (core::ptr::null_mut(), n as u32);
    }
    let n = cols.len() as u32;
    b.words.push(Vec::new());
    let mut w = vec![0u64; (cols.len() * size_of::<JET_COLUMNCREATE_A>()).div_ceil(8) + 1];
    // SAFETY: `w` is large enough for the array; plain data.
    unsafe {
        core::ptr::copy_nonoverlapping(
            cols.as_ptr() as *const u8,
            w.as_mut_ptr() as *mut u8,
            cols.len() * size_of::<JET_COLUMNCREATE_A>(),
        )
    };
    b.words.push(w);
    (b.words.last_mut().unwrap().as_mut_ptr().cast(), n)
}

/// The parts shared by every index version.
struct IndexParts {
    cbStruct: u32,
    name: *mut c_char,
    key: *mut c_char,
    cbKey: u32,
    grbit: u32,
    density: u32,
    lcid: u32,
    cbVarSegMac: u32,
    cond: *mut JET_CONDITIONALCOLUMN_A,
    ccond: u32,
    cbKeyMost: u32,
    hints: *mut JET_SPACEHINTS,
    unicode1: *mut JET_UNICODEINDEX,
    unicode2: *mut JET_UNICODEINDEX2,
    tuples: *mut JET_TUPLELIMITS,
}

use core::ffi::c_char;

fn hints(b: &mut Build, inp: &mut Input) -> *mut JET_SPACEHINTS {
    if inp.byte() & 3 != 0 {
        return core::ptr::null_mut();
    }
    let h = JET_SPACEHINTS {
        cbStruct: if inp.byte() & 7 != 0 { size_of::<JET_SPACEHINTS>() as u32 } else { inp.byte() as u32 },
        ulInitialDensity: inp.byte() as u32,
        cbInitial: inp.u32(),
        grbit: inp.u32() & 0xFF,
        ulMaintDensity: inp.byte() as u32,
        ulGrowth: inp.u16() as u32,
        cbMinExtent: inp.u32(),
        cbMaxExtent: inp.u32(),
    };
    b.keep_struct(&h, 0)
}

fn index_parts(b: &mut Build, inp: &mut Input, cbStruct: u32) -> IndexParts {
    let iname = name(b, inp).cast();
    let (k, cbKey) = key(b, inp);
    let key = k.cast();
    let g = inp.u32();
    // Mostly the documented bits, sometimes anything.
    let grbit = if g & 0x8000_0000 != 0 {
        g
    } else {
        g & 0x007F_FFFF & !(JET_bitIndexDeferredPopulateCreate | JET_bitIndexDeferredPopulateProcess)
    };
    let density = [0, 20, 60, 100, 101, 19][inp.byte() as usize % 6];
    let lcid = [0, 0x409, 0x407, 0x411, 0x7F, 0xFFFF_FFFF][inp.byte() as usize % 6];
    let cbVarSegMac = match inp.byte() % 3 {
        0 => 0,
        1 => inp.byte() as u32,
        _ => inp.u16() as u32,
    };
    let c = inp.byte();
    let (cond, ccond) = match c % 4 {
        0 | 1 => (core::ptr::null_mut(), 0),
        2 => (core::ptr::null_mut(), 1 + (c as u32 >> 6)),
        _ => {
            let n = 1 + (c >> 2) as usize % 3;
            let mut v = Vec::new();
            for _ in 0..n {
                v.push(JET_CONDITIONALCOLUMN_A {
                    cbStruct: if inp.byte() & 7 != 0 {
                        size_of::<JET_CONDITIONALCOLUMN_A>() as u32
                    } else {
                        inp.byte() as u32
                    },
                    szColumnName: name(b, inp).cast(),
                    grbit: inp.byte() as u32 % 5,
                });
            }
            let p = b.keep_struct(&v[0], (n - 1) * size_of::<JET_CONDITIONALCOLUMN_A>());
            for (i, x) in v.iter().enumerate().skip(1) {
                // SAFETY: keep_struct left room for n elements.
                unsafe { p.add(i).write(*x) };
            }
            (p, n as u32)
        }
    };
    let cbKeyMost = [0, 255, 256, 1000, 2000, 2001, 100][inp.byte() as usize % 7];
    let hints = hints(b, inp);
    let u = inp.byte();
    let unicode1 = if u & 1 != 0 {
        b.keep_struct(
            &JET_UNICODEINDEX {
                lcid: [0, 0x409, 0x411, 0x12345][(u >> 1) as usize % 4],
                dwMapFlags: inp.u32() & 0x0803_3FFF,
            },
            0,
        )
    } else {
        core::ptr::null_mut()
    };
    let unicode2 = if u & 2 != 0 {
        let loc: Vec<u16> = match (u >> 2) % 4 {
            0 => "en-US".encode_utf16().collect(),
            1 => "".encode_utf16().collect(),
            2 => "de-DE-u-co-phonebk".encode_utf16().collect(),
            _ => inp.bytes(6).iter().map(|&c| c as u16 | 1).collect(),
        };
        let mut loc = loc;
        loc.push(0);
        let bytes: Vec<u8> = loc.iter().flat_map(|u| u.to_le_bytes()).collect();
        let p = b.keep(bytes);
        let p = if u & 0x80 != 0 { core::ptr::null_mut() } else { p.cast() };
        b.keep_struct(&JET_UNICODEINDEX2 { szLocaleName: p, dwMapFlags: inp.u32() & 0x0803_3FFF }, 0)
    } else {
        core::ptr::null_mut()
    };
    let tuples = if u & 0x40 != 0 {
        b.keep_struct(
            &JET_TUPLELIMITS {
                chLengthMin: inp.byte() as u32,
                chLengthMax: inp.byte() as u32,
                chToIndexMax: inp.u16() as u32,
                cchIncrement: inp.byte() as u32,
                ichStart: inp.byte() as u32,
            },
            0,
        )
    } else {
        core::ptr::null_mut()
    };
    IndexParts {
        cbStruct,
        name: iname,
        key,
        cbKey,
        grbit,
        density,
        lcid,
        cbVarSegMac,
        cond,
        ccond,
        cbKeyMost,
        hints,
        unicode1,
        unicode2,
        tuples,
    }
}

fn lcid_union(p: &IndexParts) -> JET_INDEXCREATE_LCID {
    if p.grbit & JET_bitIndexUnicode != 0 {
        JET_INDEXCREATE_LCID { pidxunicode: p.unicode1 }
    } else {
        JET_INDEXCREATE_LCID { lcid: p.lcid }
    }
}

fn varseg_union(p: &IndexParts) -> JET_INDEXCREATE_VARSEG {
    if p.grbit & JET_bitIndexTupleLimits != 0 {
        JET_INDEXCREATE_VARSEG { ptuplelimits: p.tuples }
    } else {
        JET_INDEXCREATE_VARSEG { cbVarSegMac: p.cbVarSegMac }
    }
}

/// An index array of version `v` (1, 2 or 3) in one 8-aligned buffer, each element placed at
/// the offset the library will look for it: the sum of the earlier elements' `cbStruct` while
/// those are sizes it accepts (72, 80, 88), else packed by the real size.
fn indexes(b: &mut Build, inp: &mut Input, v: u32) -> (*mut u8, u32) {
    let n = inp.byte() % 5;
    let real = match v {
        1 => size_of::<JET_INDEXCREATE_A>(),
        2 => size_of::<JET_INDEXCREATE2_A>(),
        _ => size_of::<JET_INDEXCREATE3_A>(),
    };
    let mut buf = vec![0u64; (n as usize + 1) * 128 / 8];
    let mut off = 0usize;
    for _ in 0..n {
        let c = inp.byte();
        let cbStruct = match c % 8 {
            0 => inp.byte() as u32,
            1 => 72,
            2 => 80,
            3 => 88,
            _ => real as u32,
        };
        let p = index_parts(b, inp, cbStruct);
        let base = buf.as_mut_ptr() as *mut u8;
        // SAFETY: `off` + the struct's size stays inside `buf` (at most 88 + 128 * i bytes
        // in), which is 8-aligned, and every offset is a multiple of 8.
        unsafe {
            let at = base.add(off);
            match v {
                1 => (at as *mut JET_INDEXCREATE_A).write(JET_INDEXCREATE_A {
                    cbStruct: p.cbStruct,
                    szIndexName: p.name,
                    szKey: p.key,
                    cbKey: p.cbKey,
                    grbit: p.grbit,
                    ulDensity: p.density,
                    lcid_or_pidxunicode: lcid_union(&p),
                    cbVarSegMac_or_ptuplelimits: varseg_union(&p),
                    rgconditionalcolumn: p.cond,
                    cConditionalColumn: p.ccond,
                    err: 0x5A5A,
                    cbKeyMost: p.cbKeyMost,
                }),
                2 => (at as *mut JET_INDEXCREATE2_A).write(JET_INDEXCREATE2_A {
                    cbStruct: p.cbStruct,
                    szIndexName: p.name,
                    szKey: p.key,
                    cbKey: p.cbKey,
                    grbit: p.grbit,
                    ulDensity: p.density,
                    lcid_or_pidxunicode: lcid_union(&p),
                    cbVarSegMac_or_ptuplelimits: varseg_union(&p),
                    rgconditionalcolumn: p.cond,
                    cConditionalColumn: p.ccond,
                    err: 0x5A5A,
                    cbKeyMost: p.cbKeyMost,
                    pSpacehints: p.hints,
                }),
                _ => (at as *mut JET_INDEXCREATE3_A).write(JET_INDEXCREATE3_A {
                    cbStruct: p.cbStruct,
                    szIndexName: p.name,
                    szKey: p.key,
                    cbKey: p.cbKey,
                    grbit: p.grbit,
                    ulDensity: p.density,
                    pidxunicode: p.unicode2,
                    cbVarSegMac_or_ptuplelimits: varseg_union(&p),
                    rgconditionalcolumn: p.cond,
                    cConditionalColumn: p.ccond,
                    err: 0x5A5A,
                    cbKeyMost: p.cbKeyMost,
                    pSpacehints: p.hints,
                }),
            }
        }
        off += if [72, 80, 88].contains(&cbStruct) { cbStruct as usize } else { real };
        off = off.div_ceil(8) * 8;
    }
    let null = inp.byte() & 0x1F == 0;
    b.words.push(buf);
    let p = b.words.last_mut().unwrap().as_mut_ptr() as *mut u8;
    (if null { core::ptr::null_mut() } else { p }, n as u32)
}

fn check(what: &str, r: i32) {
    assert_ne!(r, JET_errInternalError, "{what}: JET_errInternalError");
    assert!(esent::engine::error::name(r).is_some(), "{what}: {r} is no code the library defines");
}

fuzz_target!(|data: &[u8]| {
    let e = env("create_structs");
    let dbid = dbid();
    let s = e.sesid;
    let mut inp = Input(data);
    let mut b = Build::default();
    let which = inp.byte() % 5;
    let tname_sel = inp.byte();
    let tname: *mut u8 = if tname_sel & 0x7 == 0 { name(&mut b, &mut inp) } else { b.keep(b"t\0".to_vec()) };
    let template: *mut u8 =
        if tname_sel & 0x30 == 0x30 { b.keep(b"tmpl\0".to_vec()) } else { core::ptr::null_mut() };
    // Every table grbit but JET_bitTableCreateTemplateTable: a template table cannot be
    // deleted (-1319), and one left behind would take the name of every later table.
    let tgrbit = inp.u32() & (0xD | if tname_sel & 0x80 != 0 { 0x8000_0000 } else { 0 });
    let pages = inp.byte() as u32;
    let density = [0, 20, 80, 100, 101][inp.byte() as usize % 5];
    let (cols, ncols) = columns(&mut b, &mut inp);
    let cb_sel = inp.byte();
    let callback = if cb_sel & 0x0F == 0x0F {
        b.keep(b"nosuchmodule!nosuchfunction\0".to_vec())
    } else {
        core::ptr::null_mut()
    };
    let seq_hints = hints(&mut b, &mut inp);
    let lv_hints = hints(&mut b, &mut inp);
    let cb_separate_lv = inp.u16() as u32;
    let mut made: Option<JET_TABLEID> = None;
    // The table, its columns and indexes, and a callback (data-ddl §5.3: cCreated counts each).
    let mut asked = ncols as usize + 1 + usize::from(!callback.is_null());
    // SAFETY: every pointer passed is NULL or into a buffer of `b`, which lives to the end; each
    // is as long as the size or count passed with it (strings NUL-terminated, keys padded).
    unsafe {
        let cbs = |right: usize| if cb_sel & 0x30 == 0x30 { (cb_sel as u32) << 2 } else { right as u32 };
        match which {
            0 => {
                let (ix, nix) = indexes(&mut b, &mut inp, 1);
                asked += nix as usize;
                let mut tc = JET_TABLECREATE_A {
                    cbStruct: cbs(size_of::<JET_TABLECREATE_A>()),
                    szTableName: tname.cast(),
                    szTemplateTableName: template.cast(),
                    ulPages: pages,
                    ulDensity: density,
                    rgcolumncreate: cols,
                    cColumns: ncols,
                    rgindexcreate: ix.cast(),
                    cIndexes: nix,
                    grbit: tgrbit,
                    tableid: 0xBAD,
                    cCreated: 0,
                };
                let p = b.keep_struct(&tc, 64);
                let r = table::JetCreateTableColumnIndexA(s, dbid, p);
                tc = p.read();
                check("JetCreateTableColumnIndex", r);
                assert!(tc.cCreated as usize <= asked, "{} objects of {asked}", tc.cCreated);
                if r >= 0 {
                    made = Some(tc.tableid);
                }
            }
            1 => {
                let (ix, nix) = indexes(&mut b, &mut inp, 1);
                asked += nix as usize;
                let tc = JET_TABLECREATE2_A {
                    cbStruct: cbs(size_of::<JET_TABLECREATE2_A>()),
                    szTableName: tname.cast(),
                    szTemplateTableName: template.cast(),
                    ulPages: pages,
                    ulDensity: density,
                    rgcolumncreate: cols,
                    cColumns: ncols,
                    rgindexcreate: ix.cast(),
                    cIndexes: nix,
                    szCallback: callback.cast(),
                    cbtyp: inp.u32() & 0xFFFF,
                    grbit: tgrbit,
                    tableid: 0xBAD,
                    cCreated: 0,
                };
                let p = b.keep_struct(&tc, 64);
                let r = table::JetCreateTableColumnIndex2A(s, dbid, p);
                let tc = p.read();
                check("JetCreateTableColumnIndex2", r);
                assert!(tc.cCreated as usize <= asked);
                if r >= 0 {
                    made = Some(tc.tableid);
                }
            }
            2 | 3 => {
                let v = if which == 2 { 2 } else { 3 };
                let (ix, nix) = indexes(&mut b, &mut inp, v);
                asked += nix as usize;
                let tc = JET_TABLECREATE3_A {
                    cbStruct: cbs(size_of::<JET_TABLECREATE3_A>()),
                    szTableName: tname.cast(),
                    szTemplateTableName: template.cast(),
                    ulPages: pages,
                    ulDensity: density,
                    rgcolumncreate: cols,
                    cColumns: ncols,
                    rgindexcreate: ix.cast(),
                    cIndexes: nix,
                    szCallback: callback.cast(),
                    cbtyp: inp.u32() & 0xFFFF,
                    grbit: tgrbit,
                    pSeqSpacehints: seq_hints,
                    pLVSpacehints: lv_hints,
                    cbSeparateLV: cb_separate_lv,
                    tableid: 0xBAD,
                    cCreated: 0,
                };
                let p = b.keep_struct(&tc, 64);
                // JET_TABLECREATE4_A has the same layout, with JET_INDEXCREATE3_A elements.
                let r = if which == 2 {
                    table::JetCreateTableColumnIndex3A(s, dbid, p)
                } else {
                    table::JetCreateTableColumnIndex4A(s, dbid, p.cast())
                };
                let tc = p.read();
                check("JetCreateTableColumnIndex3/4", r);
                assert!(tc.cCreated as usize <= asked);
                if r >= 0 {
                    made = Some(tc.tableid);
                }
            }
            _ => {
                // A plain table of the input's columns, then JetCreateIndex2/3/4 on it.
                let mut tc = JET_TABLECREATE_A {
                    cbStruct: size_of::<JET_TABLECREATE_A>() as u32,
                    szTableName: b"t\0".as_ptr() as *mut _,
                    szTemplateTableName: core::ptr::null_mut(),
                    ulPages: 0,
                    ulDensity: 0,
                    rgcolumncreate: cols,
                    cColumns: ncols,
                    rgindexcreate: core::ptr::null_mut(),
                    cIndexes: 0,
                    grbit: 0,
                    tableid: 0xBAD,
                    cCreated: 0,
                };
                let r = table::JetCreateTableColumnIndexA(s, dbid, &mut tc);
                check("JetCreateTableColumnIndex (plain)", r);
                if r >= 0 {
                    made = Some(tc.tableid);
                    let v = 1 + inp.byte() as u32 % 3;
                    let (ix, nix) = indexes(&mut b, &mut inp, v);
                    let r = match v {
                        1 => schema::JetCreateIndex2A(s, tc.tableid, ix.cast(), nix),
                        2 => schema::JetCreateIndex3A(s, tc.tableid, ix.cast(), nix),
                        _ => schema::JetCreateIndex4A(s, tc.tableid, ix.cast(), nix),
                    };
                    check("JetCreateIndex2/3/4", r);
                    // And the old form: a name, a key string and its length.
                    let n = name(&mut b, &mut inp);
                    let (k, cbk) = key(&mut b, &mut inp);
                    let r = schema::JetCreateIndexA(
                        s,
                        tc.tableid,
                        n.cast(),
                        inp.u32() & 0x7F_FFFF,
                        k.cast(),
                        cbk,
                        0,
                    );
                    check("JetCreateIndex", r);
                }
            }
        }
        // Leave nothing: close and delete what was made (the derived-from template stays).
        if let Some(t) = made {
            if which != 4 && tgrbit & JET_bitTableCreateImmutableStructure != 0 {
                // Made and closed, nothing written back (data-ddl §5.3).
                assert_eq!(t, 0xBAD, "an immutable table's create wrote a tableid back");
            } else {
                assert_eq!(table::JetCloseTable(s, t), 0, "closing a table just made");
            }
        }
        let tn = if made.is_some() && which != 4 { tname } else { b"t\0".as_ptr() as *mut u8 };
        if !tn.is_null() && core::ffi::CStr::from_ptr(tn.cast()).to_bytes() != b"tmpl" {
            let r = table::JetDeleteTableA(s, dbid, tn.cast());
            if made.is_some() {
                assert_eq!(r, 0, "deleting a table just made");
            } else {
                // A failed create leaves no table behind.
                assert_eq!(r, JET_errObjectNotFound, "a failed create left a table");
            }
        }
    }
});
