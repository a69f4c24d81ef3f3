//! Retrieval of columns of the current record in place (data-records §5.1-§5.2): the common
//! case of JetRetrieveColumn and the whole array of JetRetrieveColumns, with one schema refresh,
//! one read of the record and one validation of its bytes however many columns are asked for.

use crate::abi::consts::*;
use crate::engine::cursor::TableCursor;
use crate::engine::data::{Out, Retrieved, Val, column_val};
use crate::engine::error::{JetError, JetResult, fail};
use crate::engine::record::RecordView;
use crate::engine::session::Tx;

/// One column wanted from the current record: value `itag` (≥ 1) of `columnid`, from `ib` for
/// a long value, copied into `out`.
pub struct Wanted<O> {
    pub columnid: u32,
    pub itag: u32,
    pub grbit: u32,
    pub ib: u32,
    pub out: O,
}

impl<T: Out + ?Sized> Out for &mut T {
    fn cap(&self) -> usize {
        (**self).cap()
    }
    fn put(&mut self, at: usize, bytes: &[u8]) {
        (**self).put(at, bytes)
    }
}

impl TableCursor {
    /// Whether [`retrieve_in_place`](Self::retrieve_in_place) serves a retrieval with these
    /// arguments: a column (not the tagged-column walk of column 0) at a real itag, of the
    /// stored record (no index entry, no copy buffer, no read-only copy).
    pub fn in_place(&self, columnid: u32, itag: u32, grbit: u32) -> bool {
        const NOT: u32 = JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark | JET_bitRetrieveTuple;
        columnid != 0
            && itag != 0
            && grbit & NOT == 0
            && grbit & 0xF000_0000 == 0
            && !(grbit & JET_bitRetrieveCopy != 0 && self.rec.update.is_some())
            && !self.read_only_copy()
    }

    /// Retrieves `n` columns (each [`in_place`](Self::in_place)), `want(i)` naming the i-th,
    /// and gives `got(i, result)` each result in order, with JetRetrieveColumn's codes; at the
    /// first failure stops and returns its index with the error. The record is read and its
    /// bytes validated once for all of them.
    pub fn retrieve_in_place<O: Out>(
        &mut self,
        tx: &Tx<'_>,
        n: usize,
        mut want: impl FnMut(usize) -> Wanted<O>,
        mut got: impl FnMut(usize, Retrieved),
    ) -> Result<(), (usize, JetError)> {
        let sch = self.refresh().map_err(|e| (0, e))?;
        if n == 0 {
            return Ok(());
        }
        let mut w = want(0);
        // As one retrieval checks them: the column first, then the current record.
        sch.column(w.columnid).map_err(|e| (0, e))?;
        self.load_current(tx).map_err(|e| (0, e))?;
        // The record's bytes are lent out while long values are read through the cursor.
        let Some(cur) = self.rec.cur.take() else { return Err((0, JetError(JET_errNoCurrentRecord))) };
        let r = (|| {
            let view = RecordView::new(&cur.1, &sch.layout).map_err(|e| (0, e))?;
            for i in 0..n {
                if i > 0 {
                    w = want(i);
                }
                let c = sch.column(w.columnid).map_err(|e| (i, e))?;
                let mut r = Retrieved { status: 0, cb_actual: 0, columnid: w.columnid, itag: w.itag };
                let ignore_default = w.grbit & JET_bitRetrieveIgnoreDefault != 0;
                match column_val(&sch, &view, &c, w.itag, ignore_default) {
                    Val::Null => r.status = JET_wrnColumnNull,
                    Val::Data(v) => {
                        let v = if c.def.coltype.is_long_value() {
                            v.get(w.ib as usize..).unwrap_or(&[])
                        } else {
                            v
                        };
                        r.cb_actual = v.len() as u32;
                        w.out.put(0, &v[..v.len().min(w.out.cap())]);
                        if v.len() > w.out.cap() {
                            r.status = JET_wrnBufferTruncated;
                        }
                    }
                    Val::Separated(lid) => {
                        r.cb_actual =
                            self.read_lv(tx, &sch, lid, w.ib, &mut w.out, false).map_err(|e| (i, e))?;
                        if r.cb_actual as usize > w.out.cap() {
                            r.status = JET_wrnBufferTruncated;
                        }
                    }
                }
                got(i, r);
            }
            Ok(())
        })();
        // Unless a long value's read replaced it (it does not today), the record stays cached.
        if self.rec.cur.is_none() {
            self.rec.cur = Some(cur);
        }
        r
    }

    /// One in-place retrieval (the common case of JetRetrieveColumn).
    pub(crate) fn retrieve_one_in_place(
        &mut self,
        tx: &Tx<'_>,
        columnid: u32,
        out: &mut dyn Out,
        grbit: u32,
        itag: u32,
        ib: u32,
    ) -> JetResult<Retrieved> {
        let mut w = Some(Wanted { columnid, itag, grbit, ib, out });
        let mut d = Retrieved::default();
        match self.retrieve_in_place(tx, 1, |_| w.take().expect("one element"), |_, r| d = r) {
            Ok(()) => Ok(d),
            Err((_, e)) => fail(e.0),
        }
    }
}
