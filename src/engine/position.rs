//! Cursor positions and the smaller cursor calls (data-records §4.7, §6.6, §6.9-§6.12):
//! JetGetRecordPosition / JetGotoPosition, JetDupCursor, JetGetCursorInfo,
//! JetSetTableSequential / JetResetTableSequential, JetPrereadKeys and JetGetLock.
//!
//! Positions are on the current index (primary, sequential, or secondary: one per index
//! entry, so a multi-valued record counts once per entry). ESE estimates them from the shape
//! of its B-tree; here they are exact counts over the view the cursor reads (the snapshot with
//! the session's own changes), so a position read by JetGetRecordPosition and given back to
//! JetGotoPosition lands on the same entry while nothing changes. The price is a walk: a
//! position costs O(min(entries before, entries after)) steps, a goto the same to its target,
//! and the total O(changes of the session to the tree) lookups (the store keeps exact counts
//! per tree but no ranks).

use crate::abi::consts::*;
use crate::engine::cursor::{CursorData, TableCursor};
use crate::engine::data::Pos;
use crate::engine::error::{JetResult, fail};
use crate::engine::session::{CursorRef, Session, Tx};
use crate::engine::view::{Merge, View};
use std::ops::Bound;

/// One key of JetPrereadKeys as the caller passed it.
#[derive(Clone, Copy, Debug)]
pub enum PrereadKey<'a> {
    /// A NULL key pointer.
    Null,
    /// A key longer than any index allows (`JET_cbKeyMostMost`): not read.
    TooLong,
    Key(&'a [u8]),
}

/// The number of entries of `view`: the store's exact count, corrected by the session's
/// changes (an insert of a key the store lacks adds one, a delete of one it has removes one).
fn entry_count(view: View<'_>) -> JetResult<u64> {
    let mut n = match view.store {
        Some(t) => t.len()?,
        None => 0,
    };
    if let Some(own) = view.own {
        for (k, v) in own {
            let stored = match view.store {
                Some(t) => t.get(k)?.is_some(),
                None => false,
            };
            match (v.is_some(), stored) {
                (true, false) => n += 1,
                (false, true) => n = n.saturating_sub(1),
                _ => {}
            }
        }
    }
    Ok(n)
}

/// The number of entries of `view` whose key is below `key` (of `total` entries), walking from
/// both ends at once so that the cost is that of the nearer end.
fn entries_below(view: View<'_>, key: &[u8], total: u64) -> JetResult<u64> {
    let (mut fwd, mut back) = (Merge::default(), Merge::default());
    let mut f = fwd.forward(view, Bound::Unbounded)?.map(|e| e.0);
    let mut b = back.backward(view, Bound::Unbounded)?.map(|e| e.0);
    // `before`: entries seen from the front, all below `key`; `after`: from the back, all at
    // or above it.
    let (mut before, mut after) = (0u64, 0u64);
    loop {
        match &f {
            Some(k) if k.as_slice() < key => {
                before += 1;
                let k = k.clone();
                f = fwd.forward(view, Bound::Excluded(&k))?.map(|e| e.0);
            }
            _ => return Ok(before),
        }
        match &b {
            Some(k) if k.as_slice() >= key => {
                after += 1;
                let k = k.clone();
                b = back.backward(view, Bound::Excluded(&k))?.map(|e| e.0);
            }
            _ => return Ok(total.saturating_sub(after)),
        }
    }
}

impl TableCursor {
    /// The view of the current index's tree and whether it is a secondary index.
    fn index_view_parts(&mut self) -> JetResult<(u32, bool)> {
        let sch = self.refresh()?;
        let (_, objid) = self.current_index(&sch)?;
        Ok((objid, self.on_secondary(&sch)))
    }

    /// JetGetRecordPosition (§6.6): the current entry's place on the current index, as
    /// (entries before it, entries in the index). On a record this cursor deleted, the place
    /// it had: the entries before it and the entries left. A cursor owing the deferred move
    /// makes it first. Off the entries → -1603.
    pub fn record_position(&mut self, tx: &Tx<'_>) -> JetResult<(u64, u64)> {
        let (objid, _) = self.index_view_parts()?;
        self.settle(tx)?;
        let Pos::On { key, .. } = &self.rec.pos else { return fail(JET_errNoCurrentRecord) };
        let key = key.clone();
        let store = self.store_tree(objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), objid));
        let view = View { store: store.as_ref(), own };
        let total = entry_count(view)?;
        let lt = entries_below(view, &key, total)?;
        Ok((lt, total))
    }

    /// JetGotoPosition (§6.6) after the shim read the struct: to the entry at fraction
    /// `lt / total` of the current index (entry `lt * n / total` of its `n` entries, the last
    /// one for a fraction of 1; `total` 0 counts as the fraction 0, where ESE would divide by
    /// zero). `lt > total` → -1003 before anything changes; a prepared update is cancelled, the
    /// index range removed and the search key cleared; an empty index →
    /// `JET_errRecordNotFound`, the cursor before the first entry.
    pub fn goto_position(&mut self, tx: &mut Tx<'_>, lt: u64, total: u64) -> JetResult<()> {
        if lt > total {
            return fail(JET_errInvalidParameter);
        }
        let (objid, secondary) = self.index_view_parts()?;
        self.rec.update = None;
        // As ESE's ErrIsamGotoPosition: the index range and the search key go too.
        self.rec.range = None;
        self.rec.key.reset();
        self.rec.nav_level = tx.level;
        let store = self.store_tree(objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), objid));
        let view = View { store: store.as_ref(), own };
        let n = entry_count(view)?;
        if n == 0 {
            self.rec.pos = Pos::BeforeFirst;
            return fail(JET_errRecordNotFound);
        }
        let target =
            if total == 0 { 0 } else { ((lt as u128 * n as u128 / total as u128) as u64).min(n - 1) };
        let nav = &mut self.rec.nav;
        // From the nearer end.
        let (mut at, mut steps, forward) = if target <= (n - 1) / 2 {
            (nav.forward(view, Bound::Unbounded)?, target, true)
        } else {
            (nav.backward(view, Bound::Unbounded)?, n - 1 - target, false)
        };
        while steps > 0 {
            let Some((k, _)) = &at else { break };
            let k = k.clone();
            at = if forward {
                nav.forward(view, Bound::Excluded(&k))?
            } else {
                nav.backward(view, Bound::Excluded(&k))?
            };
            steps -= 1;
        }
        match at {
            Some((key, _)) => {
                let bookmark = if secondary {
                    crate::engine::index::split_secondary_tree_key(&key)?.1
                } else {
                    key.clone()
                };
                self.rec.pos = Pos::On { key, bookmark, deleted: false };
                Ok(())
            }
            None => {
                // The count and the walk disagree only if the store is inconsistent.
                self.rec.pos = Pos::BeforeFirst;
                fail(JET_errRecordNotFound)
            }
        }
    }

    /// JetGetCursorInfo (§6.10): `cb_max` and `info_level` must be 0 (-1003); then the cursor
    /// must be on a record (-1603; one deleted → -1017). Whether another session has an
    /// uncommitted change to the record (`JET_errWriteConflict` in ESE) is not known yet: that
    /// needs the write-conflict table, which does not exist yet.
    pub fn cursor_info(&mut self, tx: &Tx<'_>, cb_max: u32, info_level: u32) -> JetResult<()> {
        self.refresh()?;
        if cb_max != 0 || info_level != 0 {
            return fail(JET_errInvalidParameter);
        }
        // ESE looks at the cursor's position as it is: a cursor still owing its deferred move
        // to the first entry is on no record (the move is not made for this call).
        if matches!(self.rec.pos, Pos::Deferred) {
            return fail(JET_errNoCurrentRecord);
        }
        self.current(tx).map(|_| ())
    }

    /// JetSetTableSequential / JetResetTableSequential (§6.11): in ESE a read-ahead hint for
    /// the current index, with no other effect. The store reads through the OS page cache,
    /// which reads ahead on its own, so the hint changes nothing here; the grbit is not
    /// checked (ESE does not check it either).
    pub fn set_sequential(&mut self, _grbit: u32, _on: bool) -> JetResult<()> {
        self.refresh().map(|_| ())
    }

    /// JetPrereadKeys (§6.12) after the shim's checks of the arrays (non-NULL, `ckeys > 0`):
    /// `grbit` must be exactly `JET_bitPrereadForward` or `JET_bitPrereadBackward` (-900); each
    /// key in turn must be non-NULL (-1003), 1 to the current index's `cbKeyMost` bytes (4 on a
    /// table without primary index) (-1047), and not out of order with the one before
    /// (ascending forward, descending backward, equal neighbours allowed; -1003). Then each key
    /// is looked up in the index's tree, which brings the pages on its path into memory; the
    /// result is the number of keys done, all of them.
    pub fn preread_keys(&mut self, keys: &[PrereadKey<'_>], grbit: u32) -> JetResult<i32> {
        let sch = self.refresh()?;
        if grbit != JET_bitPrereadForward && grbit != JET_bitPrereadBackward {
            return fail(JET_errInvalidGrbit);
        }
        let (ix, objid) = self.current_index(&sch)?;
        let most = match ix {
            Some((_, kd)) => kd.cb_key_most,
            None => 4,
        };
        let secondary = self.on_secondary(&sch);
        let mut prev: Option<&[u8]> = None;
        for k in keys {
            let k = match k {
                PrereadKey::Null => return fail(JET_errInvalidParameter),
                PrereadKey::TooLong => return fail(JET_errInvalidBufferSize),
                PrereadKey::Key(k) => *k,
            };
            if k.is_empty() || k.len() > most {
                return fail(JET_errInvalidBufferSize);
            }
            if let Some(p) = prev {
                let bad = if grbit == JET_bitPrereadForward { p > k } else { p < k };
                if bad {
                    return fail(JET_errInvalidParameter);
                }
            }
            prev = Some(k);
        }
        if let Some(tree) = self.store_tree(objid)? {
            let mut c = tree.cursor()?;
            for k in keys {
                if let PrereadKey::Key(k) = k {
                    let at =
                        if secondary { crate::engine::index::secondary_key_prefix(k) } else { k.to_vec() };
                    c.seek_ge(&at)?;
                }
            }
        }
        Ok(keys.len() as i32)
    }

    /// JetGetLock (§4.7): the argument and state checks of ESE, in its order: outside a
    /// transaction → `JET_errNotInTransaction`; `grbit` must hold exactly one of
    /// `JET_bitReadLock` / `JET_bitWriteLock` (other bits are ignored; the private
    /// JET_bitKeyLock is not offered) → `JET_errInvalidGrbit`; a write lock needs an updatable
    /// cursor (-1809) and a read-write transaction (-1110); then the cursor must be on a record
    /// (-1603, -1017). Then the lock is taken at the current level, until that level rolls back
    /// or the transaction commits to level 0 (ESE's readLock / writeLock versions, ErrBTLock):
    /// a read lock shares the record with other sessions' read locks and conflicts with any
    /// other hold of theirs, or a change committed since the transaction began
    /// (`JET_errWriteConflict`); a write lock conflicts as an uncommitted change does.
    pub fn get_lock(&mut self, tx: &mut Tx<'_>, grbit: u32) -> JetResult<()> {
        self.refresh()?;
        if tx.level == 0 {
            return fail(JET_errNotInTransaction);
        }
        let write = match grbit & (JET_bitReadLock | JET_bitWriteLock) {
            JET_bitReadLock => false,
            JET_bitWriteLock => {
                self.check_writable(tx)?;
                true
            }
            _ => return fail(JET_errInvalidGrbit),
        };
        let (bm, _) = self.current(tx)?;
        if write {
            return self.write_check(tx, &bm);
        }
        let db = self.db().clone();
        let objid = self.objid();
        let kind = crate::engine::database::LockKind::Read;
        if db.locked_by(objid, &bm, tx.sesid) || db.holds(objid, &bm, tx.sesid, kind) {
            return Ok(());
        }
        let (level, sesid) = (tx.level, tx.sesid);
        tx.write_set().lock_as(level, &db, objid, &bm, sesid, kind)?;
        // Held now: a conflicting commit is already published.
        let newest = db.newest()?.get(&crate::engine::database::tree_of(objid), &bm)?;
        let mine = match self.store_tree(objid)? {
            Some(t) => t.get(&bm)?,
            None => None,
        };
        if newest != mine {
            tx.write_set().unlock_newest();
            return fail(JET_errWriteConflict);
        }
        Ok(())
    }
}

impl Session {
    /// JetDupCursor (§6.9): a new cursor of this session on the table of cursor `c`, as ESE
    /// makes it: on the primary (or sequential) index whatever the source's current index,
    /// owing the deferred move to the first record (`Pos::Deferred`, the default), no search
    /// key, no prepared update, updatable exactly when the source is. It takes its own place in
    /// the table's lock matrix, with no deny flags (the source's stay with the source), and
    /// belongs to the current transaction level like a cursor JetOpenTable opens now. `grbit`
    /// is ignored, as in ESE.
    pub fn dup_cursor(&mut self, c: CursorRef) -> JetResult<u64> {
        if let CursorData::Temp(_) = self.cursor(c) {
            return self.dup_temp_cursor(c);
        }
        let CursorData::Table(tc) = self.cursor(c) else { return fail(JET_errInvalidTableId) };
        let (db, dbid, objid, updatable) = (tc.db().clone(), tc.dbid, tc.objid(), tc.updatable);
        let grbit = if updatable { 0 } else { JET_bitTableReadOnly };
        let lock = db.lock_table(objid, self.sesid, grbit, updatable)?;
        self.open_cursor(CursorData::Table(Box::new(TableCursor {
            lock,
            dbid,
            grbit,
            updatable,
            rec: Default::default(),
        })))
    }
}
