//! Feeds arbitrary bytes to the record decoder under a layout also drawn from the input: a
//! decode must return a record or a defined error, never panic; whatever decodes must encode
//! and decode again to the same column values (the codec is its own inverse, data-records §3).
#![no_main]

use esent::engine::coltype::ColType;
use esent::engine::record::{FixedColumn, Record, RecordLayout};
use libfuzzer_sys::fuzz_target;

const TYPES: [ColType; 6] =
    [ColType::Bit, ColType::Short, ColType::Long, ColType::Currency, ColType::Binary, ColType::Text];

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else { return };
    let n = (n % 16) as usize;
    if rest.len() < n + 1 {
        return;
    }
    let (cols, rest) = rest.split_at(n);
    let fixed: Vec<FixedColumn> = cols
        .iter()
        .map(|&b| {
            let t = TYPES[(b % TYPES.len() as u8) as usize];
            let size = t.fixed_size().unwrap_or(1 + (b >> 3) as u32 % 32) as u16;
            FixedColumn { size, coltype: if b & 0x80 != 0 { None } else { Some(t) }, cp: 1252 }
        })
        .collect();
    let cb_page = if rest[0] & 1 != 0 { 32768 } else { 8192 };
    let Ok(layout) = RecordLayout::new(fixed, cb_page) else { return };
    let Ok(rec) = Record::decode(&rest[1..], &layout) else { return };
    let bytes = rec.encode(&layout);
    let again = Record::decode(&bytes, &layout).expect("a re-encoded record decodes");
    assert_eq!(again.fixed_last(), rec.fixed_last());
    assert_eq!(again.var_last(), rec.var_last());
    for fid in 1..=rec.fixed_last() {
        assert_eq!(format!("{:?}", again.fixed(fid)), format!("{:?}", rec.fixed(fid)));
    }
    for fid in 128..=rec.var_last() {
        assert_eq!(format!("{:?}", again.var(fid)), format!("{:?}", rec.var(fid)));
    }
    assert_eq!(again.tagged_columns().len(), rec.tagged_columns().len());
});
