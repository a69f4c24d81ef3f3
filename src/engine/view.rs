//! Reading a tree as one session sees it: the store's newest snapshot with the session's own
//! uncommitted changes (`engine::txn`) laid over it. A key the write set deletes is hidden; a
//! key it sets reads its new value.
//!
//! [`Merge`] navigates such a view in key order. It keeps the store cursor between calls, so
//! a run of moves in one direction costs one store step each (O(1) amortised) plus a lookup in
//! the write set (O(log m) in its size), and a seek or a change of direction costs one
//! descent. The cursor's invariant, after a move forward that ended at (or stopped searching
//! at) key `a`: the store cursor is on the smallest store key `>= a`, or past the end; after a
//! move backward, on the largest `<= a`, or before the first.

use crate::engine::error::JetResult;
use crate::engine::store::{Cursor, Tree};
use crate::engine::txn::TreeWrites;
use std::ops::Bound;
use std::sync::Arc;

/// One tree of a snapshot with a session's changes over it.
#[derive(Clone, Copy)]
pub struct View<'a> {
    /// The store's tree (`None`: the snapshot has no such tree, as for a table created after
    /// it was taken).
    pub store: Option<&'a Arc<dyn Tree>>,
    /// The session's changes to it.
    pub own: Option<&'a TreeWrites>,
}

impl View<'_> {
    /// The value of `key`.
    pub fn get(&self, key: &[u8]) -> JetResult<Option<Vec<u8>>> {
        if let Some(own) = self.own
            && let Some(v) = own.get(key)
        {
            return Ok(v.clone());
        }
        match self.store {
            Some(t) => Ok(t.get(key)?),
            None => Ok(None),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Dir {
    Forward,
    Backward,
}

/// The store side of a merged cursor, kept between calls.
#[derive(Default)]
pub struct Merge {
    cursor: Option<Box<dyn Cursor>>,
    dir: Option<DirAnchor>,
}

struct DirAnchor {
    dir: Dir,
    /// `None`: the cursor is at the first (forward) or last (backward) store key.
    anchor: Option<Vec<u8>>,
}

impl std::fmt::Debug for Merge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Merge({:?})", self.dir.as_ref().map(|d| d.dir))
    }
}

/// An entry found: (key, value).
pub type Entry = (Vec<u8>, Vec<u8>);

fn own_next<'a>(own: Option<&'a TreeWrites>, from: Bound<&[u8]>) -> Option<(&'a [u8], Option<&'a [u8]>)> {
    own?.range::<[u8], _>((from, Bound::Unbounded)).next().map(|(k, v)| (k.as_slice(), v.as_deref()))
}

fn own_prev<'a>(own: Option<&'a TreeWrites>, to: Bound<&[u8]>) -> Option<(&'a [u8], Option<&'a [u8]>)> {
    own?.range::<[u8], _>((Bound::Unbounded, to)).next_back().map(|(k, v)| (k.as_slice(), v.as_deref()))
}

impl Merge {
    /// Forgets the store cursor (the snapshot changed).
    pub fn reset(&mut self) {
        self.cursor = None;
        self.dir = None;
    }

    fn cursor(&mut self, view: View<'_>) -> JetResult<Option<&mut Box<dyn Cursor>>> {
        if self.cursor.is_none() {
            match view.store {
                Some(t) => self.cursor = Some(t.cursor()?),
                None => return Ok(None),
            }
        }
        Ok(self.cursor.as_mut())
    }

    /// Records the direction and anchor of the store cursor, reusing the anchor's buffer.
    fn set_anchor(&mut self, dir: Dir, k: Option<&[u8]>) {
        match (&mut self.dir, k) {
            (Some(d), Some(k)) => {
                d.dir = dir;
                let a = d.anchor.get_or_insert_with(Vec::new);
                a.clear();
                a.extend_from_slice(k);
            }
            (Some(d), None) => {
                d.dir = dir;
                d.anchor = None;
            }
            (None, k) => self.dir = Some(DirAnchor { dir, anchor: k.map(|k| k.to_vec()) }),
        }
    }

    /// Whether the store cursor is where a move in `dir` from `bound` expects it.
    fn anchored(&self, dir: Dir, bound: Bound<&[u8]>) -> bool {
        match (&self.dir, bound) {
            (Some(DirAnchor { dir: d, anchor: Some(a) }), Bound::Included(k) | Bound::Excluded(k)) => {
                *d == dir && a.as_slice() == k
            }
            (Some(DirAnchor { dir: d, anchor: None }), Bound::Unbounded) => *d == dir,
            _ => false,
        }
    }

    /// Puts the store cursor on the smallest store key within `from` (forward) and returns it.
    fn store_forward(&mut self, view: View<'_>, from: Bound<&[u8]>) -> JetResult<Option<Vec<u8>>> {
        let same = self.anchored(Dir::Forward, from);
        let Some(c) = self.cursor(view)? else { return Ok(None) };
        if !same {
            match from {
                Bound::Unbounded => {
                    c.first()?;
                }
                Bound::Included(k) | Bound::Excluded(k) => {
                    c.seek_ge(k)?;
                }
            }
        }
        if let Bound::Excluded(k) = from
            && c.key() == Some(k)
        {
            c.next()?;
        }
        let found = c.key().map(|k| k.to_vec());
        if !same {
            match from {
                Bound::Included(k) | Bound::Excluded(k) => self.set_anchor(Dir::Forward, Some(k)),
                Bound::Unbounded => self.set_anchor(Dir::Forward, None),
            }
        }
        Ok(found)
    }

    fn store_backward(&mut self, view: View<'_>, to: Bound<&[u8]>) -> JetResult<Option<Vec<u8>>> {
        let same = self.anchored(Dir::Backward, to);
        let Some(c) = self.cursor(view)? else { return Ok(None) };
        if !same {
            match to {
                Bound::Unbounded => {
                    c.last()?;
                }
                Bound::Included(k) | Bound::Excluded(k) => {
                    c.seek_le(k)?;
                }
            }
        }
        if let Bound::Excluded(k) = to
            && c.key() == Some(k)
        {
            c.prev()?;
        }
        let found = c.key().map(|k| k.to_vec());
        if !same {
            match to {
                Bound::Included(k) | Bound::Excluded(k) => self.set_anchor(Dir::Backward, Some(k)),
                Bound::Unbounded => self.set_anchor(Dir::Backward, None),
            }
        }
        Ok(found)
    }

    /// Moves the anchor to `k`, a key between the last bound and the store cursor's key (or
    /// equal to it): the invariant still holds, and the next move past `k` needs no seek.
    fn anchor_at(&mut self, k: &[u8]) {
        if let Some(d) = &mut self.dir {
            let a = d.anchor.get_or_insert_with(Vec::new);
            a.clear();
            a.extend_from_slice(k);
        }
    }

    fn store_value(&self) -> Vec<u8> {
        self.cursor.as_ref().and_then(|c| c.value()).map(|v| v.to_vec()).unwrap_or_default()
    }

    /// The first entry of the view within `from` (`Unbounded`: the first entry; `Included(k)`:
    /// the first `>= k`; `Excluded(k)`: the first `> k`).
    pub fn forward(&mut self, view: View<'_>, from: Bound<&[u8]>) -> JetResult<Option<Entry>> {
        // Past a key this session deleted, the search goes on from there.
        let mut skipped: Option<Vec<u8>> = None;
        loop {
            let bound = match &skipped {
                Some(k) => Bound::Excluded(k.as_slice()),
                None => from,
            };
            let s = self.store_forward(view, bound)?;
            let o = own_next(view.own, bound);
            match (s, o) {
                (None, None) => {
                    // The store cursor may have stepped past an excluded bound that is a store
                    // key: the anchor no longer says where it is for that key included (a
                    // SeekGE to it would miss it), so the next move seeks.
                    self.dir = None;
                    return Ok(None);
                }
                (Some(s), None) => {
                    let v = self.store_value();
                    self.anchor_at(&s);
                    return Ok(Some((s, v)));
                }
                (s, Some((ok, ov))) if s.as_deref().is_none_or(|s| ok <= s) => match ov {
                    Some(v) => {
                        self.anchor_at(ok);
                        return Ok(Some((ok.to_vec(), v.to_vec())));
                    }
                    // Deleted by this session: look past it.
                    None => {
                        self.anchor_at(ok);
                        skipped = Some(ok.to_vec());
                    }
                },
                (Some(s), Some(_)) => {
                    let v = self.store_value();
                    self.anchor_at(&s);
                    return Ok(Some((s, v)));
                }
                (None, Some(_)) => unreachable!("covered by the guard above"),
            }
        }
    }

    /// The last entry of the view within `to` (`Unbounded`: the last entry; `Included(k)`: the
    /// last `<= k`; `Excluded(k)`: the last `< k`).
    pub fn backward(&mut self, view: View<'_>, to: Bound<&[u8]>) -> JetResult<Option<Entry>> {
        let mut skipped: Option<Vec<u8>> = None;
        loop {
            let bound = match &skipped {
                Some(k) => Bound::Excluded(k.as_slice()),
                None => to,
            };
            let s = self.store_backward(view, bound)?;
            let o = own_prev(view.own, bound);
            match (s, o) {
                (None, None) => {
                    // As in `forward`: before the first store key, the anchor says nothing.
                    self.dir = None;
                    return Ok(None);
                }
                (Some(s), None) => {
                    let v = self.store_value();
                    self.anchor_at(&s);
                    return Ok(Some((s, v)));
                }
                (s, Some((ok, ov))) if s.as_deref().is_none_or(|s| ok >= s) => match ov {
                    Some(v) => {
                        self.anchor_at(ok);
                        return Ok(Some((ok.to_vec(), v.to_vec())));
                    }
                    None => {
                        self.anchor_at(ok);
                        skipped = Some(ok.to_vec());
                    }
                },
                (Some(s), Some(_)) => {
                    let v = self.store_value();
                    self.anchor_at(&s);
                    return Ok(Some((s, v)));
                }
                (None, Some(_)) => unreachable!("covered by the guard above"),
            }
        }
    }
}
