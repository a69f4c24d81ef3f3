//! Keys and seeks on a table cursor's current index (data-records §5.4-§5.5, §6.2-§6.5,
//! §6.7-§6.8): JetSetCurrentIndex*, JetGetCurrentIndex, JetMakeKey, JetSeek, JetSetIndexRange,
//! JetIndexRecordCount, JetRetrieveKey's search key, and the secondary index bookmarks.
//!
//! The search key is a [`KeyBuilder`] in the cursor (`RecState::key`); the index range a
//! [`IndexRange`] (`RecState::range`) that `TableCursor::move_` honours. A seek is one descent of
//! the index's tree (O(log n)) through the cursor's `Merge`, so that the moves after it are
//! O(1) each. Keys are compared as ESE compares them: byte-wise on the normalized key alone (a
//! secondary entry's bookmark does not take part), a prefix first.

use crate::abi::consts::*;
use crate::engine::catalog::{IndexDef, check_name};
use crate::engine::cursor::TableCursor;
use crate::engine::data::{Pos, Schema};
use crate::engine::error::{JetResult, fail};
use crate::engine::index::{
    secondary_after_key_into, secondary_key_part, secondary_key_prefix, secondary_key_prefix_into,
    secondary_store_range, secondary_tree_key, split_secondary_tree_key,
};
use crate::engine::key::KeyDef;
use crate::engine::record::Record;
use crate::engine::session::Tx;
use crate::engine::view::{Entry, Merge, View};
use std::ops::Bound;

/// Every seek bit.
const SEEK_ALL: u32 = JET_bitSeekEQ | JET_bitSeekGE | JET_bitSeekGT | JET_bitSeekLE | JET_bitSeekLT;

/// An index range (JetSetIndexRange, data-records §6.4): a limit on the current index's keys
/// above the cursor (`upper`, for forward walks) or below it, as a bound on the index tree's
/// keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexRange {
    pub(crate) upper: bool,
    bound: Vec<u8>,
    inclusive: bool,
}

impl IndexRange {
    /// The range of limit key `limit` on the primary index (`secondary` false: tree keys are
    /// the keys) or a secondary index (tree keys carry the bookmark after the key).
    pub(crate) fn new(limit: &[u8], upper: bool, inclusive: bool, secondary: bool) -> IndexRange {
        let lim = if inclusive { Bound::Included(limit) } else { Bound::Excluded(limit) };
        if !secondary {
            return IndexRange { upper, bound: limit.to_vec(), inclusive };
        }
        if upper {
            // Entries in range are below the end of the store range.
            let end = secondary_store_range(Bound::Unbounded, lim).1.unwrap_or_default();
            IndexRange { upper, bound: end, inclusive: false }
        } else {
            let start = secondary_store_range(lim, Bound::Unbounded).0;
            IndexRange { upper, bound: start, inclusive: true }
        }
    }

    /// Whether the entry of tree key `k` is within the range.
    pub(crate) fn contains(&self, k: &[u8]) -> bool {
        let b = self.bound.as_slice();
        match (self.upper, self.inclusive) {
            (true, true) => k <= b,
            (true, false) => k < b,
            (false, true) => k >= b,
            (false, false) => k > b,
        }
    }

    /// Whether a move in direction `forward` may land on the entry of tree key `k`: only the
    /// limit the move walks towards is checked (ESE checks an upper limit on moves forward, a
    /// lower one on moves backward).
    pub(crate) fn admits(&self, k: &[u8], forward: bool) -> bool {
        self.upper != forward || self.contains(k)
    }
}

/// The current index's definition and key (`None`: the sequential order).
type Current<'s> = Option<(&'s IndexDef, &'s KeyDef)>;

/// Which index JetSetCurrentIndex* names.
#[derive(Clone, Copy, Debug)]
pub enum IndexChoice<'a> {
    /// By name: `None` or "" is the primary index (or the sequential order).
    Name(Option<&'a str>),
    /// By JET_INDEXID (JetSetCurrentIndex4 with `pindexid`): its `cbStruct` and id bytes (the
    /// name is then ignored, as in ESE).
    Id(u32, [u8; 16]),
}

/// Where JetSeek `op` starts looking for search key `k`, as a tree key written into `at` (its
/// buffer reused), and whether that tree key itself is excluded: a forward search (EQ, GE, GT)
/// starts at the first entry from there, a backward one (LT) at the last entry before it. (LE
/// is a GE search for an equal entry, else an LT one.) On a secondary index `at` is then the
/// escaped key `k` (GT: just past the entries of `k`), compared with [`has_key`].
fn seek_start(secondary: bool, op: u32, k: &[u8], at: &mut Vec<u8>) -> bool {
    if !secondary {
        at.clear();
        at.extend_from_slice(k);
        return op == JET_bitSeekGT || op == JET_bitSeekLT;
    }
    if op == JET_bitSeekGT {
        secondary_after_key_into(k, at);
        false
    } else {
        secondary_key_prefix_into(k, at);
        op == JET_bitSeekLT
    }
}

/// [`seek_start`] as a bound.
#[cfg(test)]
fn seek_bound(secondary: bool, op: u32, k: &[u8]) -> Bound<Vec<u8>> {
    let mut at = Vec::new();
    if seek_start(secondary, op, k, &mut at) { Bound::Excluded(at) } else { Bound::Included(at) }
}

/// Whether the entry of tree key `e` has search key `k`, whose [`seek_start`] for a GE search is
/// `at`: compared without copying either.
fn has_key(secondary: bool, k: &[u8], at: &[u8], e: &[u8]) -> JetResult<bool> {
    if secondary { Ok(secondary_key_part(e)? == at) } else { Ok(e == k) }
}

/// JetSeek's search for `op` from `at` (see [`seek_start`]) into `out`: whether an entry was
/// found, and (for `JET_bitCheckUniqueness` on a non-unique index) whether it is the only entry
/// with the key.
#[allow(clippy::too_many_arguments)]
fn search(
    nav: &mut Merge,
    view: View<'_>,
    op: u32,
    secondary: bool,
    k: &[u8],
    at: &[u8],
    excluded: bool,
    check_unique: bool,
    out: &mut Entry,
) -> JetResult<(bool, bool)> {
    if op == JET_bitSeekEQ && !secondary && !check_unique {
        // An equality seek on the primary index (or the sequential order) finds only the entry
        // whose key is the search key: one point lookup, with no range of the tree opened. The
        // store cursor stays where it was, which its anchor still says.
        return match view.get(at)? {
            Some(v) => {
                out.0.clear();
                out.0.extend_from_slice(at);
                out.1 = v;
                Ok((true, true))
            }
            None => Ok((false, true)),
        };
    }
    let from = if excluded { Bound::Excluded(at) } else { Bound::Included(at) };
    let found = match op {
        // An entry equal to the key is the first of its duplicates (as an equal seek finds it,
        // ManagedEsent's NavigationSeekLeSecondary); with none, the last entry below the key.
        JET_bitSeekLE => {
            (nav.forward_into(view, from, out)? && has_key(secondary, k, at, &out.0)?)
                || nav.backward_into(view, Bound::Excluded(at), out)?
        }
        JET_bitSeekLT => nav.backward_into(view, from, out)?,
        _ => nav.forward_into(view, from, out)?,
    };
    if !(found && check_unique && has_key(secondary, k, at, &out.0)?) {
        return Ok((found, true));
    }
    let mut next = Entry::default();
    let more =
        nav.forward_into(view, Bound::Excluded(&out.0), &mut next)? && has_key(secondary, k, at, &next.0)?;
    Ok((true, !more))
}

fn as_ref(b: &Bound<Vec<u8>>) -> Bound<&[u8]> {
    b.as_ref().map(|v| v.as_slice())
}

/// The position on the entry of tree key `k`.
fn on_entry(secondary: bool, k: Vec<u8>) -> JetResult<Pos> {
    let bookmark = if secondary { split_secondary_tree_key(&k)?.1 } else { k.clone() };
    Ok(Pos::On { key: k, bookmark, deleted: false })
}

impl TableCursor {
    /// Runs `f` over the view of tree `objid` with the cursor's navigation.
    fn navigate<R>(
        &mut self,
        tx: &Tx<'_>,
        objid: u32,
        f: impl FnOnce(&mut Merge, View<'_>) -> JetResult<R>,
    ) -> JetResult<R> {
        let store = self.store_tree(objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), objid));
        f(&mut self.rec.nav, View { store: store.as_ref(), own })
    }

    /// The current index's definition and key, `None` for the sequential order, with its tree
    /// and whether it is a secondary index.
    fn index_parts<'s>(&self, sch: &'s Schema) -> JetResult<(Current<'s>, u32, bool)> {
        let (cur, objid) = self.current_index(sch)?;
        let secondary = cur.is_some_and(|(ix, _)| !ix.is_primary());
        Ok((cur, objid, secondary))
    }

    // ---- current index (§6.7, §6.8) ------------------------------------------------------

    /// The index `choice` names: `None` for the primary index or sequential order, else the
    /// secondary index's name and tree.
    fn resolve_index(sch: &Schema, choice: IndexChoice<'_>) -> JetResult<Option<(String, usize)>> {
        let ix = match choice {
            IndexChoice::Name(None) => return Ok(None),
            IndexChoice::Name(Some("")) => return Ok(None),
            IndexChoice::Name(Some(n)) => {
                let n = check_name(n)?;
                match sch.table.index(&n) {
                    Some(ix) => ix,
                    None => return fail(JET_errIndexNotFound),
                }
            }
            IndexChoice::Id(cb, b) => {
                let word = |i: usize| u32::from_ne_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
                if cb as usize != size_of::<crate::abi::JET_INDEXID>() || word(0) != sch.table.objid {
                    return fail(JET_errInvalidIndexId);
                }
                let found = sch.table.indexes.iter().find(|ix| ix.objid == word(4) && ix.pgno_fdp == word(8));
                match found {
                    Some(ix) => ix,
                    None => return fail(JET_errInvalidIndexId),
                }
            }
        };
        if ix.is_primary() {
            return Ok(None);
        }
        let at = sch.table.indexes.iter().position(|i| std::ptr::eq(i, ix));
        Ok(at.map(|at| (ix.name.clone(), at)))
    }

    /// Makes `target` (a secondary index's name and place in `sch`) the current index: the
    /// search key and the index range go with the old one.
    fn switch_index(&mut self, sch: &Schema, target: Option<(String, usize)>) {
        let objid = target.as_ref().and_then(|t| sch.table.indexes.get(t.1)).map(|ix| ix.objid);
        self.lock.set_current_index(objid);
        self.rec.index_at = target.as_ref().map(|t| t.1);
        self.rec.index = target.map(|t| t.0);
        self.rec.nav.reset();
        self.rec.key.reset();
        self.rec.range = None;
    }

    /// JetSetCurrentIndex* after the shim's grbit check: `JET_bitMoveFirst` (0) cancels a
    /// prepared update and leaves the cursor owing ESE's deferred move to the first entry of the
    /// new index (made by the first call that needs an entry, `TableCursor::settle`; naming the
    /// current index keeps its search key and range);
    /// `JET_bitNoMove` keeps the current record and goes to its entry `itag` (at least 1) in
    /// the new index.
    pub fn set_current_index(
        &mut self,
        tx: &Tx<'_>,
        choice: IndexChoice<'_>,
        grbit: u32,
        itag: u32,
    ) -> JetResult<()> {
        let sch = self.refresh()?;
        if let IndexChoice::Name(Some(n)) = choice
            && !n.is_empty()
        {
            check_name(n)?;
        }
        if grbit & JET_bitNoMove == 0 {
            self.rec.update = None;
            let target = Self::resolve_index(&sch, choice)?;
            // The index already current is not switched (ESE's ErrRECSetCurrentIndex does
            // nothing then): its search key and index range stay; the cursor still goes back
            // to owing the move to the first entry.
            let same = match &target {
                None => self.rec.index.is_none(),
                Some((_, at)) => self.rec.index.is_some() && self.rec.index_at == Some(*at),
            };
            if !same {
                self.switch_index(&sch, target);
                self.rec.index_level = tx.level;
            }
            self.rec.pos = Pos::Deferred;
            return Ok(());
        }
        // ESE takes the current bookmark as the cursor has it: a cursor still owing its
        // deferred move has none.
        if matches!(self.rec.pos, Pos::Deferred) {
            return fail(JET_errNoCurrentRecord);
        }
        let (bm, bytes) = self.current(tx)?;
        let target = Self::resolve_index(&sch, choice)?;
        let same = match &target {
            None => self.rec.index.is_none(),
            Some((_, at)) => self.rec.index.is_some() && self.rec.index_at == Some(*at),
        };
        self.switch_index(&sch, target);
        if !same {
            self.rec.index_level = tx.level;
        }
        let (cur, _, secondary) = self.index_parts(&sch)?;
        let Some((ix, kd)) = cur.filter(|_| secondary) else {
            self.rec.pos = Pos::On { key: bm.clone(), bookmark: bm, deleted: false };
            return Ok(());
        };
        self.rec.pos = Pos::BeforeFirst;
        let rec = Record::decode(&bytes, &sch.layout)?;
        let entries = self.entries(tx, &sch, ix, kd, &rec, false)?;
        let itag = itag.max(1);
        // Going to the record's entry is a navigation of the level on a secondary index (ESE's
        // ErrDIRDownKeyData sets the navigate level).
        self.rec.nav_level = tx.level;
        match entries.iter().find(|e| e.itag == itag) {
            Some(e) => {
                self.rec.pos = Pos::On { key: secondary_tree_key(&e.key, &bm), bookmark: bm, deleted: false };
                Ok(())
            }
            None if entries.iter().any(|e| e.itag > itag) || entries.is_empty() => {
                fail(JET_errNoCurrentRecord)
            }
            None => fail(JET_errBadItagSequence),
        }
    }

    /// JetGetCurrentIndex: the current index's name ("" for the sequential order).
    pub fn current_index_name(&mut self) -> JetResult<String> {
        let sch = self.refresh()?;
        let (cur, _, _) = self.index_parts(&sch)?;
        Ok(cur.map(|(ix, _)| ix.name.clone()).unwrap_or_default())
    }

    // ---- keys (§6.2, §5.4) ---------------------------------------------------------------

    /// JetMakeKey: one segment (or a whole normalized key) of the search key of the current
    /// index. The sequential order takes only `JET_bitNormalizedKey` (else
    /// `JET_errNoCurrentIndex`).
    pub fn make_key(&mut self, data: &[u8], grbit: u32) -> JetResult<()> {
        let sch = self.refresh()?;
        let (cur, _, _) = self.index_parts(&sch)?;
        let sequential;
        let kd = match cur {
            Some((_, kd)) => kd,
            None if grbit & JET_bitNormalizedKey != 0 => {
                sequential = KeyDef::new(Vec::new());
                &sequential
            }
            None => return fail(JET_errNoCurrentIndex),
        };
        self.rec.key.make_key(kd, data, grbit)
    }

    /// JetRetrieveKey with `JET_bitRetrieveCopy`: the search key made so far.
    pub fn search_key(&self) -> JetResult<Vec<u8>> {
        if !self.rec.key.is_prepared() {
            return fail(JET_errKeyNotMade);
        }
        Ok(self.rec.key.key().to_vec())
    }

    // ---- seek (§6.3) ---------------------------------------------------------------------

    /// JetSeek: returns 0, `JET_wrnSeekNotEqual` or `JET_wrnUniqueKey`. One seek bit only (a
    /// combination is `JET_errInvalidGrbit`, data-records §10 item 3). The search key is gone
    /// afterwards; a prepared update is cancelled and the index range removed. The search key's
    /// copy, the bound and the entry found are written into the cursor's reused buffers, so a
    /// seek allocates nothing once they have grown (but with `JET_bitSetIndexRange` or
    /// `JET_bitCheckUniqueness`).
    pub fn seek(&mut self, tx: &Tx<'_>, grbit: u32) -> JetResult<i32> {
        let sch = self.refresh()?;
        let op = grbit & SEEK_ALL;
        if op == 0 {
            return fail(JET_errInvalidParameter);
        }
        if !self.rec.key.is_prepared() {
            return fail(JET_errKeyNotMade);
        }
        self.rec.update = None;
        self.rec.range = None;
        let mut k = std::mem::take(&mut self.rec.seek_key);
        k.clear();
        k.extend_from_slice(self.rec.key.key());
        self.rec.key.reset();
        let r = if op.is_power_of_two() {
            self.seek_key(tx, &sch, op, grbit, &k)
        } else {
            fail(JET_errInvalidGrbit)
        };
        self.rec.seek_key = k;
        r
    }

    fn seek_key(&mut self, tx: &Tx<'_>, sch: &Schema, op: u32, grbit: u32, k: &[u8]) -> JetResult<i32> {
        let (cur, objid, secondary) = self.index_parts(sch)?;
        // A seek navigates the level (ESE's ErrDIRDown sets the navigate level): a rollback of
        // it puts the cursor before the first entry.
        self.rec.nav_level = tx.level;
        let unique = cur.is_none_or(|(ix, _)| ix.is_primary() || ix.is_unique());
        let check_unique = op == JET_bitSeekEQ && grbit & JET_bitCheckUniqueness != 0 && !unique;
        let store = self.store_tree(objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), objid));
        let view = View { store: store.as_ref(), own };
        let wgen = tx.writes.as_ref().map_or(0, |w| w.generation());
        let rec = &mut self.rec;
        let excluded = seek_start(secondary, op, k, &mut rec.scratch_key);
        let at = rec.scratch_key.as_slice();
        let (found, only) = match search(
            &mut rec.nav,
            view,
            op,
            secondary,
            k,
            at,
            excluded,
            check_unique,
            &mut rec.scratch,
        ) {
            Ok(v) => v,
            Err(e) => {
                rec.pos = Pos::BeforeFirst;
                return Err(e);
            }
        };
        if !found {
            // Nothing there: an equality seek keeps the place it looked at (§6.3 item 7); the
            // others ran off the index as a move would.
            rec.pos = match op {
                JET_bitSeekEQ => Pos::Between { key: at.to_vec() },
                JET_bitSeekLE | JET_bitSeekLT => Pos::BeforeFirst,
                _ => Pos::AfterLast,
            };
            return fail(JET_errRecordNotFound);
        }
        let equal = match op {
            JET_bitSeekEQ | JET_bitSeekGE | JET_bitSeekLE => has_key(secondary, k, at, &rec.scratch.0)?,
            _ => false,
        };
        if op == JET_bitSeekEQ && !equal {
            // At the key's place, not at the entry found: a move goes from the key, seeing what
            // is inserted there in the meantime.
            rec.pos = Pos::Between { key: at.to_vec() };
            return fail(JET_errRecordNotFound);
        }
        crate::engine::data::land(rec, secondary, wgen)?;
        match op {
            JET_bitSeekEQ if check_unique && only => Ok(JET_wrnUniqueKey),
            JET_bitSeekEQ if !check_unique && unique && grbit & JET_bitCheckUniqueness != 0 => {
                Ok(JET_wrnUniqueKey)
            }
            JET_bitSeekEQ => {
                if grbit & JET_bitSetIndexRange != 0 {
                    rec.range = Some(IndexRange::new(k, true, true, secondary));
                }
                Ok(0)
            }
            JET_bitSeekGE | JET_bitSeekLE if !equal => Ok(JET_wrnSeekNotEqual),
            _ => Ok(0),
        }
    }

    // ---- index ranges (§6.4) -------------------------------------------------------------

    /// JetSetIndexRange: `JET_bitRangeRemove` removes the range (none → -1906); otherwise the
    /// search key becomes the limit, and the current entry (after the deferred move, if the
    /// cursor owes it) must be within it, else the range is gone, the cursor past it and
    /// `JET_errNoCurrentRecord`. Off the entries the range is set all the same and the call
    /// returns `JET_errNoCurrentRecord` (ESE sets the range before it checks the position).
    /// The search key is gone either way.
    pub fn set_index_range(&mut self, tx: &Tx<'_>, grbit: u32) -> JetResult<()> {
        let sch = self.refresh()?;
        if grbit & JET_bitRangeRemove != 0 {
            return if self.rec.range.take().is_some() { Ok(()) } else { fail(JET_errInvalidOperation) };
        }
        let (cur, _, secondary) = self.index_parts(&sch)?;
        if cur.is_none() {
            return fail(JET_errNoCurrentIndex);
        }
        if !self.rec.key.is_prepared() {
            return fail(JET_errKeyNotMade);
        }
        let upper = grbit & JET_bitRangeUpperLimit != 0;
        let r = IndexRange::new(self.rec.key.key(), upper, grbit & JET_bitRangeInclusive != 0, secondary);
        self.rec.key.reset();
        let instant = grbit & JET_bitRangeInstantDuration != 0;
        let settled = self.settle(tx);
        let inside = match &self.rec.pos {
            _ if settled.is_err() => None,
            Pos::On { key, .. } | Pos::Between { key } => Some(r.contains(key)),
            _ => None,
        };
        match inside {
            Some(true) => {
                self.rec.range = if instant { None } else { Some(r) };
                Ok(())
            }
            Some(false) => {
                self.rec.range = None;
                self.rec.pos = if upper { Pos::AfterLast } else { Pos::BeforeFirst };
                fail(JET_errNoCurrentRecord)
            }
            None => {
                self.rec.range = if instant { None } else { Some(r) };
                settled?;
                fail(JET_errNoCurrentRecord)
            }
        }
    }

    /// JetIndexRecordCount: the entries from the current one forward, to the end of the index
    /// or the index range, at most `max` (0: no limit). A cursor owing the deferred move makes
    /// it first (on an empty index the count is 0); off the entries → -1603. The range is
    /// removed afterwards.
    pub fn index_record_count(&mut self, tx: &Tx<'_>, max: u32) -> JetResult<u32> {
        let sch = self.refresh()?;
        let (_, objid, _) = self.index_parts(&sch)?;
        self.settle(tx)?;
        if matches!(self.rec.pos, Pos::On { deleted: true, .. }) {
            self.current(tx)?;
        }
        let mut from = match &self.rec.pos {
            Pos::On { key, .. } => Bound::Included(key.clone()),
            // Still owing the deferred move: the index is empty.
            Pos::Deferred => return Ok(0),
            _ => return fail(JET_errNoCurrentRecord),
        };
        let range = self.rec.range.clone();
        let store = self.store_tree(objid)?;
        let own = tx.writes.as_ref().and_then(|w| w.tree(self.db(), objid));
        let view = View { store: store.as_ref(), own };
        let mut nav = Merge::default();
        let mut n: u64 = 0;
        while max == 0 || n < u64::from(max) {
            let Some((k, _)) = nav.forward(view, as_ref(&from))? else { break };
            if range.as_ref().is_some_and(|r| !r.admits(&k, true)) {
                break;
            }
            n += 1;
            from = Bound::Excluded(k);
        }
        let n = u32::try_from(n).map_err(|_| crate::engine::error::JetError(JET_errTooManyRecords))?;
        self.rec.range = None;
        Ok(n)
    }

    // ---- secondary index bookmarks (§5.5) ------------------------------------------------

    /// JetGetSecondaryIndexBookmark: the current entry's secondary key and primary bookmark.
    pub fn secondary_bookmark(&mut self, tx: &Tx<'_>) -> JetResult<(Vec<u8>, Vec<u8>)> {
        let sch = self.refresh()?;
        if !self.on_secondary(&sch) {
            return fail(JET_errNoCurrentIndex);
        }
        self.current(tx)?;
        let Pos::On { key, .. } = &self.rec.pos else { return fail(JET_errNoCurrentRecord) };
        split_secondary_tree_key(key)
    }

    /// JetGotoSecondaryIndexBookmark: to the entry of secondary key `skey` and primary bookmark
    /// `bm` (a unique index may omit it). A missing entry is `JET_errRecordDeleted`, unless
    /// `JET_bitBookmarkPermitVirtualCurrency` leaves the cursor at its place (no current record;
    /// moves go on from there).
    pub fn goto_secondary_bookmark(
        &mut self,
        tx: &Tx<'_>,
        skey: &[u8],
        bm: Option<&[u8]>,
        grbit: u32,
    ) -> JetResult<()> {
        let sch = self.refresh()?;
        let (cur, objid, secondary) = self.index_parts(&sch)?;
        let Some((ix, _)) = cur.filter(|_| secondary) else { return fail(JET_errNoCurrentIndex) };
        if skey.is_empty() || (bm.is_none() && !ix.is_unique()) {
            return fail(JET_errInvalidBookmark);
        }
        self.rec.update = None;
        self.rec.range = None;
        self.rec.key.reset();
        let (found, at) = self.navigate(tx, objid, |nav, view| -> JetResult<(Option<Vec<u8>>, Vec<u8>)> {
            let at = match bm {
                Some(bm) => secondary_tree_key(skey, bm),
                None => secondary_key_prefix(skey),
            };
            let e = nav.forward(view, Bound::Included(&at))?;
            let hit = match (e, bm) {
                (Some((k, _)), Some(_)) if k == at => Some(k),
                (Some((k, _)), None) if split_secondary_tree_key(&k)?.0 == skey => Some(k),
                _ => None,
            };
            Ok((hit, at))
        })?;
        match found {
            Some(k) => {
                self.rec.pos = on_entry(true, k)?;
                Ok(())
            }
            None if grbit & JET_bitBookmarkPermitVirtualCurrency != 0 => {
                self.rec.pos = Pos::Between { key: at };
                Ok(())
            }
            None => fail(JET_errRecordDeleted),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::RangeBounds;

    fn within(lo: Bound<&[u8]>, hi: Bound<&[u8]>, t: &[u8]) -> bool {
        RangeBounds::<&[u8]>::contains(&(lo, hi), &t)
    }

    /// Secondary tree keys of (key, bookmark) pairs, in tree order.
    fn entries() -> Vec<(Vec<u8>, Vec<u8>)> {
        let keys: [&[u8]; 6] = [b"\x7fA", b"\x7fA\x00", b"\x7fB", b"\x7fB", b"\x7fB\x01", b"\x7fC"];
        let mut v: Vec<_> =
            keys.iter().enumerate().map(|(i, k)| (secondary_tree_key(k, &[i as u8]), k.to_vec())).collect();
        v.sort();
        v
    }

    // data-records 6.3: the seek bounds select entries by key alone, a prefix first.
    #[test]
    fn seek_bounds_compare_keys_only() {
        let es = entries();
        let k = b"\x7fB".as_slice();
        let first_from = |b: Bound<Vec<u8>>| es.iter().find(|(t, _)| within(as_ref(&b), Bound::Unbounded, t));
        let last_to =
            |b: Bound<Vec<u8>>| es.iter().rev().find(|(t, _)| within(Bound::Unbounded, as_ref(&b), t));
        assert_eq!(first_from(seek_bound(true, JET_bitSeekGE, k)).unwrap().1, k);
        assert_eq!(first_from(seek_bound(true, JET_bitSeekGT, k)).unwrap().1, b"\x7fB\x01");
        // The first of the two entries of that key (where LE's equal search lands).
        let ge = first_from(seek_bound(true, JET_bitSeekGE, k)).unwrap();
        assert_eq!(split_secondary_tree_key(&ge.0).unwrap().1, vec![2]);
        assert_eq!(last_to(seek_bound(true, JET_bitSeekLT, k)).unwrap().1, b"\x7fA\x00");
        // The primary index: tree keys are the keys.
        assert_eq!(seek_bound(false, JET_bitSeekGT, k), Bound::Excluded(k.to_vec()));
        assert_eq!(seek_bound(false, JET_bitSeekGE, k), Bound::Included(k.to_vec()));
    }

    // data-records 6.4 items 4, 8: the range admits by the limit the move walks towards.
    #[test]
    fn ranges_on_secondary_and_primary_keys() {
        let es = entries();
        let k = b"\x7fB".as_slice();
        let inside = |r: &IndexRange| {
            es.iter().filter(|(t, _)| r.contains(t)).map(|e| e.1.clone()).collect::<Vec<_>>()
        };
        let up_in = IndexRange::new(k, true, true, true);
        assert_eq!(inside(&up_in), vec![b"\x7fA".to_vec(), b"\x7fA\x00".to_vec(), k.to_vec(), k.to_vec()]);
        let up_ex = IndexRange::new(k, true, false, true);
        assert_eq!(inside(&up_ex).len(), 2);
        let low_in = IndexRange::new(k, false, true, true);
        assert_eq!(inside(&low_in).len(), 4);
        let low_ex = IndexRange::new(k, false, false, true);
        assert_eq!(inside(&low_ex), vec![b"\x7fB\x01".to_vec(), b"\x7fC".to_vec()]);
        // Moving away from a limit is never stopped by it.
        assert!(up_ex.admits(&es[5].0, false));
        assert!(!up_ex.admits(&es[5].0, true));
        let p = IndexRange::new(b"\x7f\x80\x00\x00\x10", true, true, false);
        assert!(p.contains(b"\x7f\x80\x00\x00\x10"));
        assert!(!p.contains(b"\x7f\x80\x00\x00\x11"));
        assert!(
            !IndexRange::new(b"\x7f\x80\x00\x00\x10", true, false, false).contains(b"\x7f\x80\x00\x00\x10")
        );
    }
}
