//! Provisional index entries (single-valued columns only); replaced by the full module.

use crate::abi::consts::*;
use crate::engine::catalog::{Catalog, IndexDef, TableDef};
use crate::engine::coltype::ColumnClass;
use crate::engine::error::{JetResult, fail};
use crate::engine::key::{KeyDef, KeyValue, record_key};
use crate::engine::record::{ColumnRead, Record, TaggedId, TaggedRead};

/// One entry a record has in an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexEntry {
    pub key: Vec<u8>,
    pub itag: u32,
}

pub fn index_entries(
    cat: &Catalog,
    t: &TableDef,
    ix: &IndexDef,
    kd: &KeyDef,
    rec: &Record,
    _lv: &mut dyn FnMut(&[u8], usize) -> JetResult<Vec<u8>>,
) -> JetResult<Vec<IndexEntry>> {
    let mut values = Vec::new();
    for s in &ix.segments {
        let Some(c) = cat.column_by_id(t, s.columnid) else { return fail(JET_errColumnNotFound) };
        let d = c.def.default.as_deref();
        let v = match c.def.class() {
            ColumnClass::Fixed | ColumnClass::Variable => {
                let r = if c.def.class() == ColumnClass::Fixed { rec.fixed(c.def.fid) } else { rec.var(c.def.fid) };
                match r {
                    ColumnRead::Absent => d.map_or(KeyValue::Null, KeyValue::Data),
                    ColumnRead::Null => KeyValue::Null,
                    ColumnRead::Value([]) => KeyValue::ZeroLength,
                    ColumnRead::Value(v) => KeyValue::Data(v),
                }
            }
            ColumnClass::Tagged => {
                let id = TaggedId { fid: c.def.fid, derived: c.from_template() && t.is_derived() };
                match rec.tagged(id, 1) {
                    TaggedRead::Absent => d.map_or(KeyValue::Null, KeyValue::Data),
                    TaggedRead::Value(v) if v.data.is_empty() => KeyValue::ZeroLength,
                    TaggedRead::Value(v) => KeyValue::Data(v.data),
                    _ => KeyValue::Null,
                }
            }
        };
        values.push(v);
    }
    let nulls: Vec<bool> = values.iter().map(|v| *v == KeyValue::Null).collect();
    if nulls.iter().any(|n| *n) && ix.grbit & JET_bitIndexDisallowNull != 0 {
        return fail(JET_errNullKeyDisallowed);
    }
    if (ix.grbit & JET_bitIndexIgnoreAnyNull != 0 && nulls.iter().any(|n| *n))
        || (ix.grbit & JET_bitIndexIgnoreNull != 0 && nulls.iter().all(|n| *n))
        || (ix.grbit & JET_bitIndexIgnoreFirstNull != 0 && nulls.first() == Some(&true))
    {
        return Ok(Vec::new());
    }
    let (key, _) = record_key(kd, &values)?;
    Ok(vec![IndexEntry { key, itag: 1 }])
}

pub fn secondary_tree_key(key: &[u8], bookmark: &[u8]) -> Vec<u8> {
    let mut out = secondary_key_prefix(key);
    out.extend_from_slice(bookmark);
    out
}

pub fn secondary_key_prefix(key: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(key.len() + 2);
    for &b in key {
        out.push(b);
        if b == 0 {
            out.push(1);
        }
    }
    out.extend_from_slice(&[0, 0]);
    out
}

pub fn split_secondary_tree_key(stored: &[u8]) -> JetResult<(Vec<u8>, Vec<u8>)> {
    let mut key = Vec::new();
    let mut i = 0;
    while i < stored.len() {
        let b = stored[i];
        if b == 0 {
            match stored.get(i + 1) {
                Some(1) => key.push(0),
                Some(0) => return Ok((key, stored[i + 2..].to_vec())),
                _ => return fail(JET_errDatabaseCorrupted),
            }
            i += 2;
        } else {
            key.push(b);
            i += 1;
        }
    }
    fail(JET_errDatabaseCorrupted)
}
