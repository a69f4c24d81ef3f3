//! A table's long-value (LV) tree (`data-records` §3.7) as pure functions over an abstract
//! ordered key/value tree, [`LvTree`]: no handles, no transactions, no I/O. The record layer
//! keeps a separated LongText/LongBinary value in the record as its LV id ([`Lid`]) and calls
//! these functions to create, read and change the value; the tree it hands in is the table's LV
//! tree as the session's transaction sees it. References are to ESE's `lv.cxx`, `lv.hxx`,
//! `rec.hxx`, `cpage.hxx` and `jetapi.cxx` (microsoft/Extensible-Storage-Engine at 7030fe7);
//! the code is our own.
//!
//! # Layout (ESE's own)
//!
//! Each LV is one root node and its data chunks:
//!
//! ```text
//! root    key  LID, big-endian (8 bytes for a 64-bit LID, 4 for a legacy 32-bit one)
//!         data refcount: u32 LE, size: u32 LE                      (LVROOT, rec.hxx:233-239)
//! chunk   key  LID big-endian ‖ offset: u32 big-endian (12 bytes; 8 for a 32-bit LID)
//!         data the bytes [offset, offset + len) of the value        (LVKEY64/32, lv.hxx:35-60)
//! ```
//!
//! Chunks start at offset 0 (lv.hxx:13) and sit at every multiple of the table's chunk size
//! ([`ChunkSize`]); every chunk but the last is exactly one chunk size long, the last holds the
//! rest (lv.cxx:5600-5656, 3152-3224). A value of size 0 is a root alone. Because the big-endian
//! root key is a prefix of its chunks' keys, an LV's nodes are contiguous in key order and its
//! root comes first; so the greatest key of the tree belongs to the greatest LID (lv.cxx:5275-5316).
//!
//! # LIDs: we write ESE's 64-bit format
//!
//! ESE's newer format (`JET_efvLid64`) numbers LVs with 64-bit LIDs whose top bit is a flag
//! (`lid64Flag`, bit 63) telling them from legacy 31-bit LIDs; the rest of the top byte is
//! reserved, so a LID64 lies in 0x8000000080000001 ..= 0x80FFFFFFFFFFFFFF (rec.hxx:76-120). The
//! flag is the first bit of every key, which is how a reader tells an 8-byte LID64 root key from
//! an 8-byte legacy chunk key (lv.hxx:99-131). In the record a LID is stored **little-endian**,
//! 8 bytes for a LID64 and 4 for a LID32 (rec.hxx:135-149; lv.cxx:1275-1305). libesent allocates
//! only LID64s ([`Lid::next_after`]) and writes them in 8 bytes; it reads both forms, so a tree
//! holding legacy LIDs keeps working, and new LIDs continue above them as ESE's do
//! (lv.cxx:5349-5355).
//!
//! # Chunk size
//!
//! ESE derives the chunk size from the page size (`JET_paramLVChunkSizeMost`, jetapi.cxx:
//! 6021-6043): for pages up to 8 KiB, the page less its 40-byte header and 42 bytes of per-chunk
//! node overhead (cpage.hxx:1132), i.e. 4014 for 4 KiB and 8110 for 8 KiB pages; 4050 for 16 KiB
//! and 8150 for 32 KiB pages (so that four chunks and a root fit on a page). See
//! [`ChunkSize::for_page`].
//!
//! # Sharing and copy-on-write
//!
//! Several records may refer to one LV (JET_prepInsertCopy adds a reference to every separated
//! LV of the copied record, `data-records` §4.1); the root's refcount counts them. Before a record
//! changes a shared LV, ESE "bursts" it: copies root and chunks to a new LID with refcount 1,
//! drops one reference from the old one, and points the record at the copy (lv.cxx:3585-3598,
//! 3726-3734, 2871-3052). [`prepare_write`] does this ([`copy`] is its first half); the
//! changing functions refuse an LV whose refcount is not 1, so a forgotten `prepare_write`
//! cannot change what another record reads.
//!
//! # Cost
//!
//! No function reads or holds the whole value to change part of it: each reads the root and
//! only the chunks the change covers, writes those, and writes the root when the size changes.
//! Only [`copy`], [`prepare_write`] of a shared LV, [`delete`] and [`deref()`] to zero touch every
//! chunk (one at a time), and a truncation deletes the chunks it cuts off, as in ESE.
//!
//! # Corruption
//!
//! A root missing for a LID, a root of the wrong length, a refcount of 0 or of `u32::MAX`
//! (ESE's partially-deleted mark, lv.hxx FPartiallyDeletedLV), a size above
//! `JET_cbLVColumnMost`, a chunk missing or of the wrong length, a malformed key or record LID:
//! all give `JET_errLVCorrupted` (-1526), the code ESE gives for a damaged LV tree
//! (lv.cxx:1236-1238, 1723-1741, 4622-4627). A chunk shorter than its place says is how ESE
//! marks a compressed chunk (lv.cxx:1307-1327); libesent never compresses, so it reads one as
//! corrupt, as it does an encrypted root (LVROOT2 with `fLVEncrypted`, rec.hxx:241-253).

use crate::abi::consts::*;
use crate::engine::error::{JetResult, fail, oom};

#[cfg(test)]
mod tests;

/// One table's LV tree as the LV layer sees it: ordered byte keys to byte values.
pub trait LvTree {
    fn get(&mut self, key: &[u8]) -> JetResult<Option<Vec<u8>>>;
    fn put(&mut self, key: &[u8], value: &[u8]) -> JetResult<()>;
    fn delete(&mut self, key: &[u8]) -> JetResult<()>;
    /// The greatest key in the tree (to initialise the LID counter once per attach).
    fn last_key(&mut self) -> JetResult<Option<Vec<u8>>>;
}

/// The greatest size of a long value, `JET_cbLVColumnMost` (`data-records` §3.7); a change
/// that would make a value larger gives `JET_errColumnTooBig` (lv.cxx:3635-3638).
pub const LV_SIZE_MOST: u32 = 0x7FFF_FFFF;

// LID number space (rec.hxx:107-120).
const LID32_MAX: u64 = 0x7FFF_FFFF;
const LID64_FLAG: u64 = 1 << 63;
const LID64_RESERVED: u64 = LID64_FLAG | (0xFF << 56);
const LID64_FIRST: u64 = LID64_FLAG | (LID32_MAX + 2);
const LID64_MAX: u64 = LID64_FLAG | !LID64_RESERVED;
const LID64_MAX_ALLOWED: u64 = LID64_MAX - u32::MAX as u64;

/// Sizes of the stored forms (lv.hxx:35-60; rec.hxx:233-253).
const CB_LID32: usize = 4;
const CB_LID64: usize = 8;
const CB_ROOT: usize = 8;
const CB_ROOT2: usize = 9;

fn corrupt<T>() -> JetResult<T> {
    fail(JET_errLVCorrupted)
}

/// A long-value id: a valid LID64 (flag bit set, in ESE's LID64 range) or a valid legacy LID32
/// (1 ..= 0x7FFFFFFF) (rec.hxx:157-167 FValid).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Lid(u64);

/// A LID as the record stores it: little-endian, 8 bytes for a LID64, 4 for a LID32.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LidBytes {
    buf: [u8; 8],
    len: u8,
}

impl LidBytes {
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }
}

impl Lid {
    /// `value` as a LID, or `JET_errLVCorrupted` when ESE would not accept it as one: 0, a
    /// value without the flag above 0x7FFFFFFF, or a flagged one above 0x80FFFFFFFFFFFFFF.
    pub fn new(value: u64) -> JetResult<Lid> {
        let ok = if value & LID64_FLAG != 0 { value <= LID64_MAX } else { value != 0 && value <= LID32_MAX };
        if ok { Ok(Lid(value)) } else { corrupt() }
    }

    pub fn get(self) -> u64 {
        self.0
    }

    /// Whether this is a 64-bit LID (the flag bit, rec.hxx:151-156).
    pub fn is_64(self) -> bool {
        self.0 & LID64_FLAG != 0
    }

    /// The LID a record holds in a separated column's data (rec.hxx:135-149): 4 bytes LE for a
    /// LID32, 8 bytes LE with the flag bit for a LID64. Anything else (another length, an
    /// 8-byte value without the flag, an invalid LID) is `JET_errLVCorrupted`.
    pub fn from_record(bytes: &[u8]) -> JetResult<Lid> {
        match *bytes {
            [a, b, c, d] => Lid::new(u32::from_le_bytes([a, b, c, d]) as u64),
            [a, b, c, d, e, f, g, h] => {
                let v = u64::from_le_bytes([a, b, c, d, e, f, g, h]);
                if v & LID64_FLAG == 0 { corrupt() } else { Lid::new(v) }
            }
            _ => corrupt(),
        }
    }

    /// The bytes a record stores for this LID (lv.cxx:1291-1295): its width follows the LID.
    pub fn to_record(self) -> LidBytes {
        let mut buf = [0; 8];
        if self.is_64() {
            buf = self.0.to_le_bytes();
            LidBytes { buf, len: CB_LID64 as u8 }
        } else {
            buf[..CB_LID32].copy_from_slice(&(self.0 as u32).to_le_bytes());
            LidBytes { buf, len: CB_LID32 as u8 }
        }
    }

    /// The LID to allocate after `last`, the greatest LID in use (from [`last_lid`] at attach,
    /// then the previous allocation). As ESE with the LID64 format (lv.cxx:5318-5408): the
    /// first LID64 is 0x8000000080000001 whatever LID32s the tree holds, then they count up
    /// by one; reaching `lid64MaxAllowed` (0x80FFFFFF00000000) gives
    /// `JET_errOutOfLongValueIDs` (-1075). LIDs of rolled-back inserts are not reused by ESE
    /// either (the counter lives in the table, not the transaction).
    pub fn next_after(last: Option<Lid>) -> JetResult<Lid> {
        let base = last.map_or(0, Lid::get).max(LID64_FIRST - 1);
        let next = base + 1;
        if next >= LID64_MAX_ALLOWED {
            return fail(JET_errOutOfLongValueIDs);
        }
        Ok(Lid(next))
    }
}

/// A key of the LV tree, held inline (at most 12 bytes).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LvKey {
    buf: [u8; 12],
    len: u8,
}

impl std::ops::Deref for LvKey {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }
}

/// The key of `lid`'s root: the LID big-endian, 8 bytes or 4 (lv.hxx:181-202).
pub fn root_key(lid: Lid) -> LvKey {
    let mut buf = [0; 12];
    if lid.is_64() {
        buf[..8].copy_from_slice(&lid.0.to_be_bytes());
        LvKey { buf, len: 8 }
    } else {
        buf[..4].copy_from_slice(&(lid.0 as u32).to_be_bytes());
        LvKey { buf, len: 4 }
    }
}

/// The key of `lid`'s chunk at `offset`: the root key then the offset, both big-endian
/// (lv.hxx:205-228).
pub fn chunk_key(lid: Lid, offset: u32) -> LvKey {
    let mut k = root_key(lid);
    let at = k.len as usize;
    k.buf[at..at + 4].copy_from_slice(&offset.to_be_bytes());
    k.len += 4;
    k
}

/// What a key of the LV tree names: `(lid, None)` for a root, `(lid, Some(offset))` for a chunk
/// (lv.hxx:99-131, 275-311): 4 bytes are a LID32 root, 8 bytes a LID64 root when the flag bit
/// is set and a LID32 chunk otherwise, 12 bytes a LID64 chunk. Other keys are
/// `JET_errLVCorrupted`.
pub fn parse_key(key: &[u8]) -> JetResult<(Lid, Option<u32>)> {
    let be32 = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let be64 = |b: &[u8]| u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
    let (lid, offset) = match key.len() {
        4 => (be32(key) as u64, None),
        8 if key[0] & 0x80 != 0 => (be64(key), None),
        8 => (be32(key) as u64, Some(be32(&key[4..]))),
        12 if key[0] & 0x80 != 0 => (be64(key), Some(be32(&key[8..]))),
        _ => return corrupt(),
    };
    Ok((Lid::new(lid)?, offset))
}

/// The greatest LID in the tree (to start [`Lid::next_after`] from), or `None` for an empty
/// tree (lv.cxx:5275-5316).
pub fn last_lid<T: LvTree + ?Sized>(tree: &mut T) -> JetResult<Option<Lid>> {
    match tree.last_key()? {
        None => Ok(None),
        Some(k) => Ok(Some(parse_key(&k)?.0)),
    }
}

/// The length of a table's LV chunks: every chunk but an LV's last holds exactly this many
/// bytes. Never 0.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ChunkSize(u32);

impl ChunkSize {
    /// ESE's chunk size for a page size (jetapi.cxx:6021-6043): 4096 → 4014, 8192 → 8110,
    /// 16384 → 4050, 32768 → 8150; any other size is `JET_errInvalidParameter`.
    pub fn for_page(cb_page: u32) -> JetResult<ChunkSize> {
        // Small pages: the page less the 40-byte small page header and 42 bytes of node
        // overhead (cpage.hxx:1132-1133).
        match cb_page {
            4096 | 8192 => Ok(ChunkSize(cb_page - 40 - 42)),
            16384 => Ok(ChunkSize(4050)),
            32768 => Ok(ChunkSize(8150)),
            _ => fail(JET_errInvalidParameter),
        }
    }

    /// A chunk size given outright (a table's stored `LVChunkMax`, cat.cxx:8449-8466); 0 or
    /// more than [`LV_SIZE_MOST`] is `JET_errInvalidParameter` (the bound keeps every offset
    /// plus one chunk within `u32`).
    pub fn new(cb: u32) -> JetResult<ChunkSize> {
        if cb == 0 || cb > LV_SIZE_MOST { fail(JET_errInvalidParameter) } else { Ok(ChunkSize(cb)) }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// The offset of the chunk holding byte `ib`.
    fn start_of(self, ib: u32) -> u32 {
        ib - ib % self.0
    }

    /// The number of chunks of a value of `size` bytes.
    fn count(self, size: u32) -> u32 {
        size.div_ceil(self.0)
    }

    /// The length the chunk at `offset` has in a value of `size` bytes (0 past the end).
    fn len_at(self, offset: u32, size: u32) -> u32 {
        size.saturating_sub(offset).min(self.0)
    }
}

/// An LV's root (LVROOT, rec.hxx:233-239).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LvRoot {
    /// How many records refer to the LV; at least 1 while it exists.
    pub refs: u32,
    /// The value's length in bytes.
    pub size: u32,
}

impl LvRoot {
    /// The stored form: refcount then size, both u32 little-endian.
    pub fn encode(self) -> [u8; CB_ROOT] {
        let mut b = [0; CB_ROOT];
        b[..4].copy_from_slice(&self.refs.to_le_bytes());
        b[4..].copy_from_slice(&self.size.to_le_bytes());
        b
    }

    /// Reads a stored root: 8 bytes, or ESE's 9-byte LVROOT2 with its flags byte 0 (a set flag
    /// means an encrypted LV, which libesent cannot read). A refcount of 0 or `u32::MAX`, or a
    /// size above [`LV_SIZE_MOST`], is corrupt (lv.cxx:4660-4664).
    pub fn decode(data: &[u8]) -> JetResult<LvRoot> {
        if !(data.len() == CB_ROOT || data.len() == CB_ROOT2 && data[8] == 0) {
            return corrupt();
        }
        let refs = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
        let size = u32::from_le_bytes([data[4], data[5], data[6], data[7]]);
        if refs == 0 || refs == u32::MAX || size > LV_SIZE_MOST {
            return corrupt();
        }
        Ok(LvRoot { refs, size })
    }
}

/// The root of `lid`; missing or malformed is `JET_errLVCorrupted` (the record names an LV the
/// tree lacks, lv.cxx:1230-1241).
pub fn read_root<T: LvTree + ?Sized>(tree: &mut T, lid: Lid) -> JetResult<LvRoot> {
    match tree.get(&root_key(lid))? {
        Some(d) => LvRoot::decode(&d),
        None => corrupt(),
    }
}

fn put_root<T: LvTree + ?Sized>(tree: &mut T, lid: Lid, r: LvRoot) -> JetResult<()> {
    tree.put(&root_key(lid), &r.encode())
}

/// The chunk of `lid` at `offset`, which must be `len` bytes long.
fn get_chunk<T: LvTree + ?Sized>(tree: &mut T, lid: Lid, offset: u32, len: u32) -> JetResult<Vec<u8>> {
    match tree.get(&chunk_key(lid, offset))? {
        Some(d) if d.len() == len as usize => Ok(d),
        _ => corrupt(),
    }
}

/// The size a value reaches, or `JET_errColumnTooBig` past [`LV_SIZE_MOST`] (lv.cxx:3635-3638).
fn checked_size(n: u64) -> JetResult<u32> {
    if n > LV_SIZE_MOST as u64 { fail(JET_errColumnTooBig) } else { Ok(n as u32) }
}

/// The root of an LV about to be changed in place: refcount 1, else the caller skipped
/// [`prepare_write`] (ESE bursts first, lv.cxx:3585-3598) and gets `JET_errInternalError`.
fn sole_root(r: LvRoot) -> JetResult<LvRoot> {
    if r.refs == 1 { Ok(r) } else { fail(JET_errInternalError) }
}

/// The size of `lid`'s value (ErrRECGetLVSize, lv.cxx:5082-5191): one root read.
pub fn size<T: LvTree + ?Sized>(tree: &mut T, lid: Lid) -> JetResult<u32> {
    Ok(read_root(tree, lid)?.size)
}

/// Creates LV `lid` holding `data` with refcount 1: the root and the chunks at 0, C, 2C, …
/// (ErrRECICreateLvRootAndChunks, lv.cxx:5479-5700). A root already there for `lid` is
/// `JET_errKeyDuplicate` (ESE's LID counter makes it impossible, lv.cxx:5698); more than
/// [`LV_SIZE_MOST`] bytes is `JET_errColumnTooBig`.
pub fn create<T: LvTree + ?Sized>(tree: &mut T, lid: Lid, data: &[u8], chunk: ChunkSize) -> JetResult<()> {
    let size = checked_size(data.len() as u64)?;
    if tree.get(&root_key(lid))?.is_some() {
        return fail(JET_errKeyDuplicate);
    }
    for (i, piece) in data.chunks(chunk.0 as usize).enumerate() {
        tree.put(&chunk_key(lid, i as u32 * chunk.0), piece)?;
    }
    put_root(tree, lid, LvRoot { refs: 1, size })
}

/// Creates LV `lid` of `size` zero bytes (JET_bitSetSizeLV on a new value, lvopInsertZeroedOut,
/// lv.cxx:2047-2056); otherwise as [`create`].
pub fn create_zeroed<T: LvTree + ?Sized>(
    tree: &mut T,
    lid: Lid,
    size: u32,
    chunk: ChunkSize,
) -> JetResult<()> {
    checked_size(size as u64)?;
    create(tree, lid, &[], chunk)?;
    resize(tree, lid, size, chunk).map(|_| ())
}

/// What [`read`] found.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LvRead {
    /// The value's full size.
    pub size: u32,
    /// The bytes from `ib` to the end (0 when `ib` is at or past it): JetRetrieveColumn's
    /// `*pcbActual` for an LV (lv.cxx:4666-4685).
    pub actual: u32,
    /// The bytes copied into `out`: `min(out.len(), actual)`. Fewer than `actual` means
    /// `JET_wrnBufferTruncated`.
    pub copied: usize,
}

/// Copies the bytes of `lid`'s value from offset `ib` into `out`, reading the root and only the
/// chunks that cover `[ib, ib + out.len())` (ErrRECRetrieveSLongField, lv.cxx:4538-4914). An
/// `ib` at or past the end copies nothing (`data-records` §3.7, fldext.cxx:2143-2152).
pub fn read<T: LvTree + ?Sized>(
    tree: &mut T,
    lid: Lid,
    ib: u32,
    out: &mut [u8],
    chunk: ChunkSize,
) -> JetResult<LvRead> {
    let r = read_root(tree, lid)?;
    let actual = r.size.saturating_sub(ib);
    let n = out.len().min(actual as usize);
    let mut done = 0;
    while done < n {
        let pos = ib + done as u32;
        let offset = chunk.start_of(pos);
        let data = get_chunk(tree, lid, offset, chunk.len_at(offset, r.size))?;
        let from = (pos - offset) as usize;
        let take = (data.len() - from).min(n - done);
        out[done..done + take].copy_from_slice(&data[from..from + take]);
        done += take;
    }
    Ok(LvRead { size: r.size, actual, copied: n })
}

/// Writes `data` at `ib` into an LV whose chunks now hold `old` bytes so that the value becomes
/// `new` bytes long, with `ib <= old` and `new >= ib + data.len()`; `new` may be below `old`
/// only when `new == ib + data.len()` (overwrite and truncate). Touches only the chunks
/// overlapping `[ib, ib + data.len())`: a chunk the data covers entirely is written without
/// being read; the partly covered first and last ones are read, patched and written. Chunks
/// beyond `new` are the caller's to delete; bytes in `[old, new)` not covered by `data` are
/// the caller's to fill.
fn write_range<T: LvTree + ?Sized>(
    tree: &mut T,
    lid: Lid,
    old: u32,
    new: u32,
    ib: u32,
    data: &[u8],
    chunk: ChunkSize,
) -> JetResult<()> {
    if data.is_empty() {
        return Ok(());
    }
    let end = ib + data.len() as u32;
    let mut offset = chunk.start_of(ib);
    while offset < end {
        let new_len = chunk.len_at(offset, new);
        let from = ib.max(offset) - offset;
        let to = end.min(offset + new_len) - offset;
        let src = &data[(offset + from - ib) as usize..(offset + to - ib) as usize];
        if from == 0 && to == new_len {
            tree.put(&chunk_key(lid, offset), src)?;
        } else {
            let old_len = chunk.len_at(offset, old);
            let mut buf = if old_len > 0 { get_chunk(tree, lid, offset, old_len)? } else { Vec::new() };
            let grow = (new_len as usize).saturating_sub(buf.len());
            buf.try_reserve_exact(grow).map_err(oom)?;
            buf.resize(new_len as usize, 0);
            buf[from as usize..to as usize].copy_from_slice(src);
            tree.put(&chunk_key(lid, offset), &buf)?;
        }
        offset += chunk.0;
    }
    Ok(())
}

/// Cuts a value whose chunks hold `old` bytes down to `new` bytes: the chunk holding byte
/// `new` is shortened (unless `keep_boundary`, when the caller rewrites it) and the chunks
/// after it are deleted (ErrLVTruncate, lv.cxx:3276-3353).
fn truncate_chunks<T: LvTree + ?Sized>(
    tree: &mut T,
    lid: Lid,
    old: u32,
    new: u32,
    keep_boundary: bool,
    chunk: ChunkSize,
) -> JetResult<()> {
    let cut = new % chunk.0;
    if cut != 0 && !keep_boundary {
        let offset = chunk.start_of(new);
        let mut buf = get_chunk(tree, lid, offset, chunk.len_at(offset, old))?;
        buf.truncate(cut as usize);
        tree.put(&chunk_key(lid, offset), &buf)?;
    }
    for i in chunk.count(new)..chunk.count(old) {
        tree.delete(&chunk_key(lid, i * chunk.0))?;
    }
    Ok(())
}

/// Appends `data` to `lid`'s value (JET_bitSetAppendLV, lvopAppend; ErrLVAppend,
/// lv.cxx:3152-3224): fills the last chunk, then adds new ones. Returns the new size. Work is
/// O(1 + data.len() / chunk size) tree calls, whatever the value's size. (AppendLV with cbData
/// 0 is a no-op in ESE, lv.cxx:2005-2013; here it is one root read.)
pub fn append<T: LvTree + ?Sized>(tree: &mut T, lid: Lid, data: &[u8], chunk: ChunkSize) -> JetResult<u32> {
    let r = sole_root(read_root(tree, lid)?)?;
    let new = checked_size(r.size as u64 + data.len() as u64)?;
    if new != r.size {
        write_range(tree, lid, r.size, new, r.size, data, chunk)?;
        put_root(tree, lid, LvRoot { size: new, ..r })?;
    }
    Ok(new)
}

/// Overwrites the bytes of `lid`'s value from `ib` with `data` (JET_bitSetOverwriteLV,
/// lvopOverwriteRange): the value grows when the data runs past its end and never shrinks
/// (lv.cxx:3611-3613). An `ib` past the end is `JET_errColumnNoChunk` (-1502) (lv.cxx:
/// 3571-3575); `ib` at the end appends. Returns the new size. (OverwriteLV with cbData 0 on
/// an existing value is a no-op in ESE, without the `ib` check, lv.cxx:2015-2031: the record
/// layer should not call this for it.)
pub fn overwrite<T: LvTree + ?Sized>(
    tree: &mut T,
    lid: Lid,
    ib: u32,
    data: &[u8],
    chunk: ChunkSize,
) -> JetResult<u32> {
    let r = read_root(tree, lid)?;
    if ib > r.size {
        return fail(JET_errColumnNoChunk);
    }
    let r = sole_root(r)?;
    let new = checked_size((ib as u64 + data.len() as u64).max(r.size as u64))?;
    write_range(tree, lid, r.size, new, ib, data, chunk)?;
    if new != r.size {
        put_root(tree, lid, LvRoot { size: new, ..r })?;
    }
    Ok(new)
}

/// Overwrites from `ib` and ends the value where `data` ends, at `ib + data.len()`
/// (JET_bitSetOverwriteLV | JET_bitSetSizeLV, lvopOverwriteRangeAndResize, lv.cxx:3615-3617, 3869-3875):
/// shorter values grow, longer ones lose their tail. `ib` past the end is
/// `JET_errColumnNoChunk`. Returns the new size. (With cbData 0 ESE sets the column NULL
/// instead, lvopReplaceWithNull, lv.cxx:2077-2081: that is the record layer's.)
pub fn overwrite_and_truncate<T: LvTree + ?Sized>(
    tree: &mut T,
    lid: Lid,
    ib: u32,
    data: &[u8],
    chunk: ChunkSize,
) -> JetResult<u32> {
    let r = read_root(tree, lid)?;
    if ib > r.size {
        return fail(JET_errColumnNoChunk);
    }
    let r = sole_root(r)?;
    let new = checked_size(ib as u64 + data.len() as u64)?;
    write_range(tree, lid, r.size, new, ib, data, chunk)?;
    if new < r.size {
        // With data the chunk holding the new end was just rewritten at its new length.
        truncate_chunks(tree, lid, r.size, new, !data.is_empty(), chunk)?;
    }
    if new != r.size {
        put_root(tree, lid, LvRoot { size: new, ..r })?;
    }
    Ok(new)
}

/// Sets the size of `lid`'s value to `new_size` (JET_bitSetSizeLV, lvopResize, lv.cxx:
/// 3759-3840): a shorter size cuts the tail (deleting the chunks past it), a longer one adds
/// zero bytes. Returns `new_size`. Resizing to 0 leaves the root alone (NULL for SizeLV with
/// cbData 0 is the record layer's: it dereferences the LV).
pub fn resize<T: LvTree + ?Sized>(tree: &mut T, lid: Lid, new_size: u32, chunk: ChunkSize) -> JetResult<u32> {
    let r = sole_root(read_root(tree, lid)?)?;
    let new = checked_size(new_size as u64)?;
    if new < r.size {
        truncate_chunks(tree, lid, r.size, new, false, chunk)?;
    } else if new > r.size {
        let mut at = r.size;
        if at % chunk.0 != 0 {
            // Pad the last chunk first (lv.cxx:3770-3811).
            let offset = chunk.start_of(at);
            let mut buf = get_chunk(tree, lid, offset, at - offset)?;
            let len = chunk.len_at(offset, new) as usize;
            buf.try_reserve_exact(len - buf.len()).map_err(oom)?;
            buf.resize(len, 0);
            tree.put(&chunk_key(lid, offset), &buf)?;
            at = offset + len as u32;
        }
        if at < new {
            let mut zeros = Vec::new();
            let most = chunk.len_at(at, new) as usize;
            zeros.try_reserve_exact(most).map_err(oom)?;
            zeros.resize(most, 0);
            while at < new {
                let len = chunk.len_at(at, new) as usize;
                tree.put(&chunk_key(lid, at), &zeros[..len])?;
                at += chunk.0;
            }
        }
    } else {
        return Ok(new);
    }
    put_root(tree, lid, LvRoot { size: new, ..r })?;
    Ok(new)
}

/// Adds a reference to `lid` (a record copy now shares it: JET_prepInsertCopy,
/// ErrRECAffectSeparateLV with fLVReference, lv.cxx:5794-5812). Returns the new refcount; a
/// count that would reach `u32::MAX` (ESE's partially-deleted mark) is `JET_errInternalError`.
pub fn add_ref<T: LvTree + ?Sized>(tree: &mut T, lid: Lid) -> JetResult<u32> {
    let r = read_root(tree, lid)?;
    let refs = r.refs + 1;
    if refs == u32::MAX {
        return fail(JET_errInternalError);
    }
    put_root(tree, lid, LvRoot { refs, ..r })?;
    Ok(refs)
}

/// Drops a reference to `lid` (a record that held it was deleted or no longer refers to it,
/// ErrRECAffectSeparateLV with fLVDereference, lv.cxx:5742-5790). At 0 the LV is deleted, root
/// and chunks; ESE leaves that to version cleanup, the effect once committed is the same.
/// Returns the remaining refcount.
pub fn deref<T: LvTree + ?Sized>(tree: &mut T, lid: Lid, chunk: ChunkSize) -> JetResult<u32> {
    let r = read_root(tree, lid)?;
    if r.refs == 1 {
        delete_all(tree, lid, r, chunk)?;
        return Ok(0);
    }
    put_root(tree, lid, LvRoot { refs: r.refs - 1, ..r })?;
    Ok(r.refs - 1)
}

/// Deletes LV `lid`, root and chunks, whatever its refcount (ErrRECDeleteLV_SynchronousCleanup,
/// lv.cxx:5936-6030). A missing root is `JET_errLVCorrupted`.
pub fn delete<T: LvTree + ?Sized>(tree: &mut T, lid: Lid, chunk: ChunkSize) -> JetResult<()> {
    let r = read_root(tree, lid)?;
    delete_all(tree, lid, r, chunk)
}

fn delete_all<T: LvTree + ?Sized>(tree: &mut T, lid: Lid, r: LvRoot, chunk: ChunkSize) -> JetResult<()> {
    for i in 0..chunk.count(r.size) {
        tree.delete(&chunk_key(lid, i * chunk.0))?;
    }
    tree.delete(&root_key(lid))
}

/// Copies LV `lid` chunk by chunk to `new_lid`, which gets refcount 1; `lid` is left as it was.
/// The copy half of ESE's burst (ErrRECIBurstSeparateLV, lv.cxx:2871-3052), for a caller that
/// must copy whatever the refcount (ESE bursts for JET_prepInsertCopyDeleteOriginal too,
/// lv.cxx:3585-3598). A `new_lid` equal to `lid` or already in use is `JET_errKeyDuplicate`.
/// O(size) tree calls, one chunk in memory at a time.
pub fn copy<T: LvTree + ?Sized>(tree: &mut T, lid: Lid, new_lid: Lid, chunk: ChunkSize) -> JetResult<()> {
    let r = read_root(tree, lid)?;
    copy_from(tree, lid, r, new_lid, chunk)
}

fn copy_from<T: LvTree + ?Sized>(
    tree: &mut T,
    lid: Lid,
    r: LvRoot,
    new_lid: Lid,
    chunk: ChunkSize,
) -> JetResult<()> {
    if new_lid == lid || tree.get(&root_key(new_lid))?.is_some() {
        return fail(JET_errKeyDuplicate);
    }
    for i in 0..chunk.count(r.size) {
        let offset = i * chunk.0;
        let data = get_chunk(tree, lid, offset, chunk.len_at(offset, r.size))?;
        tree.put(&chunk_key(new_lid, offset), &data)?;
    }
    put_root(tree, new_lid, LvRoot { refs: 1, size: r.size })
}

/// Makes `lid` safe for one record to change: with refcount 1 it returns `lid` untouched and
/// `new_lid` stays unused; shared, it [`copy`]s the value to `new_lid`, drops one reference
/// from `lid`, and returns `new_lid`, which the caller writes into its record (ESE's burst
/// before changing a shared LV, lv.cxx:3585-3598 and 3726-3734, whose JET_wrnCopyLongValue
/// makes the caller store the new LID, lv.cxx:2701-2705). The other records keep reading `lid`
/// unchanged. O(size) tree calls when shared, one root read otherwise.
pub fn prepare_write<T: LvTree + ?Sized>(
    tree: &mut T,
    lid: Lid,
    new_lid: Lid,
    chunk: ChunkSize,
) -> JetResult<Lid> {
    let r = read_root(tree, lid)?;
    if r.refs == 1 {
        return Ok(lid);
    }
    copy_from(tree, lid, r, new_lid, chunk)?;
    put_root(tree, lid, LvRoot { refs: r.refs - 1, ..r })?;
    Ok(new_lid)
}
