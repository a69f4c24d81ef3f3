//! Indexes made on a table that has records (JetCreateIndex*, data-ddl §7.5): the entries of
//! every record, checked for uniqueness, written with the catalog change.
//!
//! The records a session sees are the committed ones with its own uncommitted changes over
//! them. The committed records' entries go into the DDL's store commit; where the session's
//! own changes differ (records it inserted, replaced or deleted and has not committed), the
//! difference goes into its write set, so that its commit or rollback carries the index along
//! with the records.

use crate::abi::consts::*;
use crate::engine::catalog::{Catalog, IndexDef, TableDef};
use crate::engine::data::LvView;
use crate::engine::database::Database;
use crate::engine::error::{JetResult, fail};
use crate::engine::index::{IndexEntry, index_entries, secondary_tree_key, split_secondary_tree_key};
use crate::engine::lv::{self, ChunkSize, Lid};
use crate::engine::record::Record;
use crate::engine::store::{Snapshot, Tree};
use crate::engine::txn::WriteSet;
use crate::engine::view::{Merge, View};
use std::collections::BTreeSet;
use std::ops::Bound;
use std::sync::Arc;

/// An index's entries for the records that exist: for the store (committed records) and the
/// session's corrections (entries to add and to delete in its write set).
#[derive(Debug, Default)]
pub struct Built {
    pub store: Vec<Vec<u8>>,
    pub add: Vec<Vec<u8>>,
    pub del: Vec<Vec<u8>>,
}

fn tree(snap: &Arc<dyn Snapshot>, objid: u32) -> JetResult<Option<Arc<dyn Tree>>> {
    Ok(snap.tree(&crate::engine::database::tree_of(objid))?)
}

/// Whether table `t` has no record the session sees.
pub fn table_is_empty(
    db: &Arc<Database>,
    snap: &Arc<dyn Snapshot>,
    t: &TableDef,
    own: Option<&WriteSet>,
) -> JetResult<bool> {
    let store = tree(snap, t.objid)?;
    let view = View { store: store.as_ref(), own: own.and_then(|w| w.tree(db, t.objid)) };
    Ok(Merge::default().forward(view, Bound::Unbounded)?.is_none())
}

/// The entries of every record of `t` in its new secondary index `ix` (of schema `cat`).
/// Two records with the same key in a unique index: `JET_errKeyDuplicate` (-1605).
pub fn build_index(
    db: &Arc<Database>,
    snap: &Arc<dyn Snapshot>,
    cat: &Catalog,
    t: &TableDef,
    ix: &IndexDef,
    own: Option<&WriteSet>,
) -> JetResult<Built> {
    let layout = cat.record_layout(t)?;
    let kd = cat.key_def(t, ix)?;
    let store = tree(snap, t.objid)?;
    let lv_store = match t.lv_objid {
        Some(id) => tree(snap, id)?,
        None => None,
    };
    let chunk = ChunkSize::for_page(cat.cb_page())?;
    let entries_of = |bytes: &[u8], with_own: bool| -> JetResult<Vec<IndexEntry>> {
        let rec = Record::decode(bytes, &layout)?;
        let own_lv = if with_own { t.lv_objid.and_then(|id| own.and_then(|w| w.tree(db, id))) } else { None };
        let mut view = LvView { store: lv_store.as_ref(), own: own_lv, staged: None, read_only: true };
        let mut read = |lid: &[u8], n: usize| -> JetResult<Vec<u8>> {
            let lid = Lid::from_record(lid)?;
            let size = lv::size(&mut view, lid)? as usize;
            let mut buf = vec![0u8; size.min(n)];
            lv::read(&mut view, lid, 0, &mut buf, chunk)?;
            Ok(buf)
        };
        index_entries(cat, t, ix, &kd, &rec, &mut read)
    };
    // What is committed.
    let mut committed = BTreeSet::new();
    if let Some(s) = &store {
        let mut c = s.cursor()?;
        let mut on = c.first()?;
        while on {
            if let (Some(k), Some(v)) = (c.key(), c.value()) {
                for e in entries_of(v, false)? {
                    committed.insert(secondary_tree_key(&e.key, k));
                }
            }
            on = c.next()?;
        }
    }
    // What the session sees.
    let seen: BTreeSet<Vec<u8>> = match own.and_then(|w| w.tree(db, t.objid)) {
        None => committed.clone(),
        Some(own_tree) => {
            let view = View { store: store.as_ref(), own: Some(own_tree) };
            let mut nav = Merge::default();
            let mut seen = BTreeSet::new();
            let mut at = nav.forward(view, Bound::Unbounded)?;
            while let Some((k, v)) = at {
                for e in entries_of(&v, true)? {
                    seen.insert(secondary_tree_key(&e.key, &k));
                }
                at = nav.forward(view, Bound::Excluded(&k))?;
            }
            seen
        }
    };
    if ix.is_unique() {
        let mut last: Option<Vec<u8>> = None;
        for k in &seen {
            let (key, _) = split_secondary_tree_key(k)?;
            if last.as_ref() == Some(&key) {
                return fail(JET_errKeyDuplicate);
            }
            last = Some(key);
        }
    }
    let add = seen.difference(&committed).cloned().collect();
    let del = committed.difference(&seen).cloned().collect();
    Ok(Built { store: committed.into_iter().collect(), add, del })
}
