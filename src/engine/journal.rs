//! The journal of DDL not yet committed (S-STO-03, data-records §9).
//!
//! A DDL step is written to the store at once (the catalog is not versioned), so a step made
//! inside a transaction would outlive a crash before the transaction commits. Each such step
//! therefore also writes, in its own store commit, one entry of this database's journal tree:
//! for every table the step changed, the table's catalog rows as they were before it (none: the
//! table did not exist). The transaction's level-0 commit deletes the entry in the same store
//! commit as its data; a rollback deletes it in the commit that puts the old catalog back. An
//! entry still present when the file is attached belongs to a transaction that never ended:
//! attaching applies the entries newest first (each table's rows are replaced by the saved
//! ones), drops the trees no table uses any more, and deletes the entries, in one durable
//! commit (`engine::database`).
//!
//! Whole tables are saved, not a diff, so that an entry stays right after later steps that are
//! not journaled (a long-value tree made for the table at level 0) or that change the same
//! table again. The last object id is never put back: object ids are not reused.

use crate::abi::consts::*;
use crate::engine::error::{JetError, JetResult};

/// The object id whose tree (`tree_of(JOURNAL_OBJID)`) is the journal: above every object id
/// the catalog gives (at most 0x7FFF_FFF0), so no table, index or long-value tree has it.
pub const JOURNAL_OBJID: u32 = u32::MAX;

/// One table as a journal entry saves it: its object id and its catalog rows before the step
/// (empty: it did not exist; a table always has its own row).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedTable {
    pub objid: u32,
    pub rows: Vec<(Vec<u8>, Vec<u8>)>,
}

/// Format tag of an entry (a later format would use another).
const TAG: u8 = 1;

/// Encodes a journal entry: the tag, then per table its object id, row count, and each row's
/// key and value, each length-prefixed (lengths and ids big-endian u32).
pub fn encode(tables: &[SavedTable]) -> Vec<u8> {
    let mut out = vec![TAG];
    for t in tables {
        out.extend(t.objid.to_be_bytes());
        out.extend((t.rows.len() as u32).to_be_bytes());
        for (k, v) in &t.rows {
            out.extend((k.len() as u32).to_be_bytes());
            out.extend(k);
            out.extend((v.len() as u32).to_be_bytes());
            out.extend(v);
        }
    }
    out
}

/// Reads what [`encode`] wrote; anything else is `JET_errCatalogCorrupted`.
pub fn decode(mut b: &[u8]) -> JetResult<Vec<SavedTable>> {
    let bad = || JetError(JET_errCatalogCorrupted);
    fn u32_of(b: &mut &[u8]) -> Option<u32> {
        let (h, t) = b.split_first_chunk::<4>()?;
        *b = t;
        Some(u32::from_be_bytes(*h))
    }
    fn bytes_of(b: &mut &[u8]) -> Option<Vec<u8>> {
        let n = u32_of(b)? as usize;
        if b.len() < n {
            return None;
        }
        let (h, t) = b.split_at(n);
        *b = t;
        Some(h.to_vec())
    }
    let (&tag, rest) = b.split_first().ok_or_else(bad)?;
    if tag != TAG {
        return Err(bad());
    }
    b = rest;
    let mut tables = Vec::new();
    while !b.is_empty() {
        let objid = u32_of(&mut b).ok_or_else(bad)?;
        let n = u32_of(&mut b).ok_or_else(bad)?;
        let mut rows = Vec::new();
        for _ in 0..n {
            let k = bytes_of(&mut b).ok_or_else(bad)?;
            let v = bytes_of(&mut b).ok_or_else(bad)?;
            rows.push((k, v));
        }
        tables.push(SavedTable { objid, rows });
    }
    Ok(tables)
}

/// The key of journal entry `n`: big-endian, so the tree orders entries as they were made.
pub fn key_of(n: u64) -> [u8; 8] {
    n.to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip() {
        let tables = vec![
            SavedTable { objid: 7, rows: vec![(vec![1, 2], vec![3]), (vec![], vec![0; 300])] },
            SavedTable { objid: 9, rows: vec![] },
        ];
        let e = encode(&tables);
        assert_eq!(decode(&e).unwrap(), tables);
        assert_eq!(decode(&encode(&[])).unwrap(), vec![]);
    }

    #[test]
    fn damaged_entries_are_refused() {
        let e = encode(&[SavedTable { objid: 7, rows: vec![(vec![1, 2], vec![3])] }]);
        for cut in 0..e.len() {
            if cut != 1 {
                assert_eq!(decode(&e[..cut]).err(), Some(JetError(JET_errCatalogCorrupted)), "cut {cut}");
            }
        }
        let mut wrong = e.clone();
        wrong[0] = 2;
        assert!(decode(&wrong).is_err());
    }

    #[test]
    fn keys_order_as_made() {
        assert!(key_of(255) < key_of(256));
        assert!(key_of(1) < key_of(u64::MAX));
    }
}
