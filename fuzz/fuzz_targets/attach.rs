//! Arbitrary files attached with JetAttachDatabase (S-STO-01, S-STO-05): the input's bytes as
//! they are, or a valid database of known content with the input's changes spliced in (bytes
//! flipped, a run overwritten, the file cut short). Whatever the file:
//! - the attach returns 0 or a corruption code (JET_errDatabaseCorrupted,
//!   JET_errReadVerifyFailure, JET_errInvalidDatabaseVersion, JET_errCatalogCorrupted), never
//!   panics or hangs (libFuzzer's -timeout);
//! - a refused file is not written;
//! - a database that does attach after changes to the valid one reads back exactly its
//!   content, or a call fails with a corruption code: never other data, never a lost row.
//!
//! redb, under the store, may panic on a malformed file; the store catches the panic, keeps it
//! off stderr and answers JET_errDatabaseCorrupted. Any panic that gets out aborts the run.
#![no_main]
#![allow(non_snake_case)]

#[path = "common.rs"]
mod common;

use common::{Input, cstr, env, path_c};
use esent::abi::consts::*;
use esent::abi::*;
use esent::api::{database, records, table, transaction};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const ROWS: u32 = 40;

fn row_text(i: u32) -> Vec<u8> {
    format!("row {i:04} of the seed").into_bytes()
}

fn row_blob(i: u32) -> Vec<u8> {
    let n = (i as usize * 397) % 6000;
    (0..n).map(|k| (k as u32).wrapping_mul(31).wrapping_add(i) as u8).collect()
}

struct Seed {
    bytes: Vec<u8>,
    /// The column ids of k (Long, primary), s (Text), v (LongBinary).
    columns: [JET_COLUMNID; 3],
}

fn seed() -> &'static Seed {
    static SEED: OnceLock<Seed> = OnceLock::new();
    SEED.get_or_init(|| {
        let e = env("attach");
        let s = e.sesid;
        let path = path_c(&e.dir.join("seed.edb"));
        let names = [cstr("k"), cstr("s"), cstr("v")];
        let types = [(JET_coltypLong, 0), (JET_coltypText, 255), (JET_coltypLongBinary, 0)];
        let mut cols: Vec<JET_COLUMNCREATE_A> = names
            .iter()
            .zip(types)
            .map(|(n, (coltyp, cbMax))| JET_COLUMNCREATE_A {
                cbStruct: size_of::<JET_COLUMNCREATE_A>() as u32,
                szColumnName: n.as_ptr() as *mut _,
                coltyp,
                cbMax,
                grbit: 0,
                pvDefault: core::ptr::null_mut(),
                cbDefault: 0,
                cp: if coltyp == JET_coltypText { 1252 } else { 0 },
                columnid: 0,
                err: 0,
            })
            .collect();
        let iname = cstr("pk");
        let mut key = b"+k\0\0".to_vec();
        let mut ix = [JET_INDEXCREATE_A {
            cbStruct: size_of::<JET_INDEXCREATE_A>() as u32,
            szIndexName: iname.as_ptr() as *mut _,
            szKey: key.as_mut_ptr().cast(),
            cbKey: key.len() as u32,
            grbit: JET_bitIndexPrimary,
            ulDensity: 0,
            lcid_or_pidxunicode: JET_INDEXCREATE_LCID { lcid: 0 },
            cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_VARSEG { cbVarSegMac: 0 },
            rgconditionalcolumn: core::ptr::null_mut(),
            cConditionalColumn: 0,
            err: 0,
            cbKeyMost: 0,
        }];
        let tname = cstr("t");
        let mut tc = JET_TABLECREATE_A {
            cbStruct: size_of::<JET_TABLECREATE_A>() as u32,
            szTableName: tname.as_ptr() as *mut _,
            szTemplateTableName: core::ptr::null_mut(),
            ulPages: 0,
            ulDensity: 0,
            rgcolumncreate: cols.as_mut_ptr(),
            cColumns: 3,
            rgindexcreate: ix.as_mut_ptr(),
            cIndexes: 1,
            grbit: 0,
            tableid: 0,
            cCreated: 0,
        };
        let mut dbid = 0;
        // SAFETY: pointers to live locals; value buffers live through their calls.
        unsafe {
            assert_eq!(database::JetCreateDatabaseA(s, path.as_ptr(), core::ptr::null(), &mut dbid, 0), 0);
            assert_eq!(table::JetCreateTableColumnIndexA(s, dbid, &mut tc), 0);
            let c = [cols[0].columnid, cols[1].columnid, cols[2].columnid];
            for i in 0..ROWS {
                // Several commits, so the file holds older pages and both commit slots are used.
                if i % 8 == 0 {
                    assert_eq!(transaction::JetBeginTransaction(s), 0);
                }
                assert_eq!(records::JetPrepareUpdate(s, tc.tableid, JET_prepInsert), 0);
                let k = i.to_le_bytes();
                let (t, v) = (row_text(i), row_blob(i));
                for (col, val) in [(c[0], &k[..]), (c[1], &t[..]), (c[2], &v[..])] {
                    assert_eq!(
                        records::JetSetColumn(
                            s,
                            tc.tableid,
                            col,
                            val.as_ptr().cast(),
                            val.len() as u32,
                            0,
                            core::ptr::null()
                        ),
                        0
                    );
                }
                assert_eq!(
                    records::JetUpdate(s, tc.tableid, core::ptr::null_mut(), 0, core::ptr::null_mut()),
                    0
                );
                if i % 8 == 7 || i == ROWS - 1 {
                    assert_eq!(transaction::JetCommitTransaction(s, 0), 0);
                }
            }
            assert_eq!(table::JetCloseTable(s, tc.tableid), 0);
            assert_eq!(database::JetCloseDatabase(s, dbid, 0), 0);
            assert_eq!(database::JetDetachDatabaseA(s, path.as_ptr()), 0);
        }
        let bytes = std::fs::read(e.dir.join("seed.edb")).expect("the seed database");
        Seed { bytes, columns: [cols[0].columnid, cols[1].columnid, cols[2].columnid] }
    })
}

const CORRUPT: [i32; 4] = [
    JET_errDatabaseCorrupted,
    JET_errReadVerifyFailure,
    JET_errInvalidDatabaseVersion,
    JET_errCatalogCorrupted,
];

fn corrupt(r: i32) -> bool {
    CORRUPT.contains(&r)
}

/// Reads the attached database back. Returns whether every row is the seed's; panics on other
/// data. A corruption code from any call ends the reading (a defined refusal).
///
/// # Safety
/// `path` names the attached file.
unsafe fn read_back(s: JET_SESID, path: &std::ffi::CStr, seed: &Seed, read_only: bool) {
    let mut dbid = 0;
    // SAFETY: live locals and NUL-terminated strings; buffers as long as the sizes passed.
    unsafe {
        let r = database::JetOpenDatabaseA(s, path.as_ptr(), core::ptr::null(), &mut dbid, 0);
        if corrupt(r) {
            return;
        }
        // A read-only attachment opens with JET_wrnFileOpenReadOnly.
        let want = if read_only { JET_wrnFileOpenReadOnly } else { 0 };
        assert_eq!(r, want, "JetOpenDatabase after a clean attach");
        let mut t = 0;
        let r = table::JetOpenTableA(s, dbid, c"t".as_ptr(), core::ptr::null(), 0, 0, &mut t);
        if !corrupt(r) {
            assert_eq!(r, 0, "the seed's table is gone from a database that attached");
            let mut n = 0u32;
            let mut r = records::JetMove(s, t, JET_MoveFirst, 0);
            let mut buf = vec![0u8; 8192];
            'rows: while r == 0 {
                for (j, &col) in seed.columns.iter().enumerate() {
                    let mut cb = 0u32;
                    let rr = records::JetRetrieveColumn(
                        s,
                        t,
                        col,
                        buf.as_mut_ptr().cast(),
                        buf.len() as u32,
                        &mut cb,
                        0,
                        core::ptr::null_mut(),
                    );
                    if corrupt(rr) {
                        break 'rows;
                    }
                    // Row 0's blob is empty: a NULL column.
                    assert!(rr == 0 || rr == JET_wrnColumnNull, "retrieving column {j} of row {n}: {rr}");
                    let got = if rr == JET_wrnColumnNull { &[][..] } else { &buf[..cb as usize] };
                    let want = match j {
                        0 => n.to_le_bytes().to_vec(),
                        1 => row_text(n),
                        _ => row_blob(n),
                    };
                    assert!(got == &want[..], "row {n} column {j}: other data than was written");
                }
                n += 1;
                r = records::JetMove(s, t, JET_MoveNext, 0);
            }
            if !corrupt(r) {
                assert_eq!(r, JET_errNoCurrentRecord);
                assert_eq!(n, ROWS, "rows lost from a database that attached");
            }
            assert_eq!(table::JetCloseTable(s, t), 0);
        }
        assert_eq!(database::JetCloseDatabase(s, dbid, 0), 0);
    }
}

fuzz_target!(|data: &[u8]| {
    let seed = seed();
    let e = env("attach");
    let s = e.sesid;
    let mut inp = Input(data);
    let mode = inp.byte() % 5;
    let read_only = inp.byte() & 1 != 0;
    let mut file = seed.bytes.clone();
    match mode {
        0 => file = inp.0.to_vec(),
        1 | 2 => {
            if mode == 2 {
                let at = inp.u32() as usize % (file.len() + 1);
                file.truncate(at);
            }
            while !inp.is_empty() && !file.is_empty() {
                let at = inp.u32() as usize % file.len();
                let x = inp.byte();
                file[at] ^= if x == 0 { 0xFF } else { x };
            }
        }
        3 => {
            let at = inp.u32() as usize % file.len();
            let run = inp.bytes(file.len() - at);
            file[at..at + run.len()].copy_from_slice(run);
        }
        _ => {
            // A page-sized run at a page boundary.
            let page = 4096usize;
            let at = (inp.u16() as usize % file.len().div_ceil(page)) * page;
            let run = inp.bytes(page.min(file.len() - at));
            file[at..at + run.len()].copy_from_slice(run);
        }
    }
    let changed = file != seed.bytes;
    let p = e.dir.join("f.edb");
    std::fs::write(&p, &file).expect("writing the file to attach");
    let path = path_c(&p);
    let grbit = if read_only { JET_bitDbReadOnly } else { 0 };
    // SAFETY: NUL-terminated path.
    let r = unsafe { database::JetAttachDatabaseA(s, path.as_ptr(), grbit) };
    if r == 0 {
        if mode != 0 {
            // SAFETY: the path is attached.
            unsafe { read_back(s, &path, seed, read_only) };
        }
        // SAFETY: as above.
        assert_eq!(unsafe { database::JetDetachDatabaseA(s, path.as_ptr()) }, 0);
    } else {
        assert!(
            corrupt(r),
            "JetAttachDatabase of a {} file (mode {mode}): {r}",
            if changed { "changed" } else { "whole" }
        );
        assert!(changed || mode == 0, "the whole seed was refused: {r}");
        let after = std::fs::read(&p).expect("reading the refused file");
        assert!(after == file, "a refused file was written");
    }
    let _ = std::fs::remove_file(&p);
});
