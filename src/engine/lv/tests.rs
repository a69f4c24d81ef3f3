use super::*;
use crate::engine::error::JetError;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// A BTreeMap as the LV tree, counting every call so tests can bound the work of an operation.
#[derive(Default)]
struct MapTree {
    map: BTreeMap<Vec<u8>, Vec<u8>>,
    gets: usize,
    puts: usize,
    deletes: usize,
}

impl MapTree {
    fn reset_counts(&mut self) {
        self.gets = 0;
        self.puts = 0;
        self.deletes = 0;
    }

    fn counts(&self) -> (usize, usize, usize) {
        (self.gets, self.puts, self.deletes)
    }
}

impl LvTree for MapTree {
    fn get(&mut self, key: &[u8]) -> JetResult<Option<Vec<u8>>> {
        self.gets += 1;
        Ok(self.map.get(key).cloned())
    }
    fn put(&mut self, key: &[u8], value: &[u8]) -> JetResult<()> {
        self.puts += 1;
        self.map.insert(key.to_vec(), value.to_vec());
        Ok(())
    }
    fn delete(&mut self, key: &[u8]) -> JetResult<()> {
        self.deletes += 1;
        self.map.remove(key);
        Ok(())
    }
    fn last_key(&mut self) -> JetResult<Option<Vec<u8>>> {
        Ok(self.map.keys().next_back().cloned())
    }
}

const CORRUPT: Result<(), JetError> = Err(JetError(JET_errLVCorrupted));

fn lid64(n: u64) -> Lid {
    Lid::new(LID64_FIRST - 1 + n).unwrap()
}

fn cs(n: u32) -> ChunkSize {
    ChunkSize::new(n).unwrap()
}

/// A byte pattern that differs from one call to the next (`seed`).
fn bytes(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect()
}

fn read_all(t: &mut MapTree, lid: Lid, chunk: ChunkSize) -> Vec<u8> {
    let n = size(t, lid).unwrap() as usize;
    let mut out = vec![0xEE; n];
    let r = read(t, lid, 0, &mut out, chunk).unwrap();
    assert_eq!((r.size as usize, r.actual as usize, r.copied), (n, n, n));
    out
}

/// The tree holds exactly ESE's layout for `lid`: its root with `refs` and the value's size,
/// and a chunk at every multiple of the chunk size, each full but the last, holding `value`.
fn check_layout(t: &MapTree, lid: Lid, value: &[u8], refs: u32, chunk: ChunkSize) {
    let rk = root_key(lid);
    let nodes: Vec<_> = t.map.iter().filter(|(k, _)| k.starts_with(&rk)).collect();
    assert!(!nodes.is_empty(), "no root for {lid:?}");
    assert_eq!(nodes[0].0.as_slice(), &*rk);
    assert_eq!(LvRoot::decode(nodes[0].1).unwrap(), LvRoot { refs, size: value.len() as u32 });
    let chunks = &nodes[1..];
    assert_eq!(chunks.len(), value.len().div_ceil(chunk.get() as usize));
    for (i, (k, d)) in chunks.iter().enumerate() {
        let at = i * chunk.get() as usize;
        assert_eq!(k.as_slice(), &*chunk_key(lid, at as u32));
        assert_eq!(d.as_slice(), &value[at..value.len().min(at + chunk.get() as usize)]);
    }
}

// ---- LID, keys, root, chunk size ----

#[test]
fn lid_record_codec() {
    // data-records 3.7: a separated LV's record data is its LID, little-endian, 8 bytes for a
    // LID64 (flag bit 63) and 4 for a legacy LID32 (rec.hxx:135-149).
    let l = Lid::new(0x8000_0000_8000_0001).unwrap();
    assert!(l.is_64());
    assert_eq!(l.to_record().as_bytes(), &[0x01, 0, 0, 0x80, 0, 0, 0, 0x80]);
    assert_eq!(Lid::from_record(l.to_record().as_bytes()), Ok(l));
    let s = Lid::new(0x0102_0304).unwrap();
    assert!(!s.is_64());
    assert_eq!(s.to_record().as_bytes(), &[4, 3, 2, 1]);
    assert_eq!(Lid::from_record(&[4, 3, 2, 1]), Ok(s));
    // Not a LID: 0, a 4-byte value with bit 31, an 8-byte value without the flag, the reserved
    // top byte range, other lengths.
    let bad: [&[u8]; 7] = [
        &[0, 0, 0, 0],
        &[0, 0, 0, 0x80],
        &[1, 0, 0, 0, 0, 0, 0, 0],
        &[0, 0, 0, 0, 0, 0, 0, 0x81],
        &[],
        &[1, 2, 3],
        &[1, 0, 0, 0, 0, 0, 0, 0x80, 0],
    ];
    for b in bad {
        assert_eq!(Lid::from_record(b), fail(JET_errLVCorrupted), "{b:?}");
    }
    assert!(Lid::new(LID64_MAX).is_ok());
    assert!(Lid::new(LID64_MAX + 1).is_err());
    assert!(Lid::new(LID32_MAX).is_ok());
    assert!(Lid::new(LID32_MAX + 1).is_err());
}

#[test]
fn keys_are_big_endian_and_parse_back() {
    // data-records 3.7: the root is keyed by the LID, a chunk by (LID, offset), big-endian
    // (lv.hxx:35-60, 181-228).
    let l = Lid::new(0x8000_0000_8000_0102).unwrap();
    assert_eq!(&*root_key(l), &[0x80, 0, 0, 0, 0x80, 0, 0x01, 0x02]);
    assert_eq!(&*chunk_key(l, 0x0A0B_0C0D), &[0x80, 0, 0, 0, 0x80, 0, 0x01, 0x02, 0x0A, 0x0B, 0x0C, 0x0D]);
    let s = Lid::new(0x0102_0304).unwrap();
    assert_eq!(&*root_key(s), &[1, 2, 3, 4]);
    assert_eq!(&*chunk_key(s, 8110), &[1, 2, 3, 4, 0, 0, 0x1F, 0xAE]);
    assert_eq!(parse_key(&root_key(l)), Ok((l, None)));
    assert_eq!(parse_key(&chunk_key(l, 77)), Ok((l, Some(77))));
    assert_eq!(parse_key(&root_key(s)), Ok((s, None)));
    // An 8-byte key without the flag is a legacy chunk key, not a root (lv.hxx:99-131).
    assert_eq!(parse_key(&chunk_key(s, 5)), Ok((s, Some(5))));
    for bad in [&[][..], &[1, 2][..], &[0x80; 9][..], &[1; 12][..], &[0, 0, 0, 0][..]] {
        assert_eq!(parse_key(bad), fail(JET_errLVCorrupted), "{bad:?}");
    }
    // The root sorts before its chunks, and all of them before the next LID's root; chunks
    // sort by offset.
    let next = Lid::new(l.get() + 1).unwrap();
    assert!(*root_key(l) < *chunk_key(l, 0));
    assert!(*chunk_key(l, 8110) < *chunk_key(l, 16220));
    assert!(*chunk_key(l, u32::MAX) < *root_key(next));
    assert!(*chunk_key(s, u32::MAX) < *root_key(l));
}

#[test]
fn lid_allocation_follows_lid64() {
    // data-records 3.7: new LIDs are LID64s from 0x8000000080000001 up, above any LID32 in the
    // tree; the counter starts from the tree's last key (lv.cxx:5318-5408).
    assert_eq!(Lid::next_after(None).unwrap().get(), 0x8000_0000_8000_0001);
    assert_eq!(Lid::next_after(Some(Lid::new(12345).unwrap())).unwrap().get(), 0x8000_0000_8000_0001);
    assert_eq!(Lid::next_after(Some(lid64(5))).unwrap(), lid64(6));
    let near = Lid::new(LID64_MAX_ALLOWED - 2).unwrap();
    assert_eq!(Lid::next_after(Some(near)).unwrap().get(), LID64_MAX_ALLOWED - 1);
    let at = Lid::new(LID64_MAX_ALLOWED - 1).unwrap();
    assert_eq!(Lid::next_after(Some(at)), fail(JET_errOutOfLongValueIDs));

    let chunk = cs(10);
    let mut t = MapTree::default();
    assert_eq!(last_lid(&mut t), Ok(None));
    create(&mut t, Lid::new(7).unwrap(), b"legacy", chunk).unwrap();
    assert_eq!(last_lid(&mut t), Ok(Some(Lid::new(7).unwrap())));
    create(&mut t, lid64(3), &bytes(35, 1), chunk).unwrap();
    create(&mut t, lid64(2), &bytes(5, 2), chunk).unwrap();
    // The last key is a chunk of the greatest LID.
    assert_eq!(last_lid(&mut t), Ok(Some(lid64(3))));
    t.map.insert(vec![0x80, 1, 2], vec![]);
    assert_eq!(last_lid(&mut t), fail(JET_errLVCorrupted));
}

#[test]
fn chunk_size_per_page_size() {
    // data-records 3.7: ESE's LV chunk size per page size (jetapi.cxx:6021-6043).
    let got: Vec<u32> =
        [4096, 8192, 16384, 32768].iter().map(|&p| ChunkSize::for_page(p).unwrap().get()).collect();
    assert_eq!(got, [4014, 8110, 4050, 8150]);
    for p in [0, 2048, 4097, 65536] {
        assert_eq!(ChunkSize::for_page(p), fail(JET_errInvalidParameter));
    }
    assert_eq!(ChunkSize::new(0), fail(JET_errInvalidParameter));
    assert_eq!(ChunkSize::new(LV_SIZE_MOST + 1), fail(JET_errInvalidParameter));
    assert_eq!(ChunkSize::new(1).unwrap().get(), 1);
}

#[test]
fn root_codec() {
    // data-records 3.7: the root holds refcount and size, u32 LE each (rec.hxx:233-253).
    let r = LvRoot { refs: 2, size: 0x0102_0304 };
    assert_eq!(r.encode(), [2, 0, 0, 0, 4, 3, 2, 1]);
    assert_eq!(LvRoot::decode(&r.encode()), Ok(r));
    assert_eq!(LvRoot::decode(&[2, 0, 0, 0, 4, 3, 2, 1, 0]), Ok(r));
    for bad in [
        &[2, 0, 0, 0, 4, 3, 2, 1, 1][..],
        &[0, 0, 0, 0, 4, 3, 2, 1][..],
        &[0xFF, 0xFF, 0xFF, 0xFF, 4, 3, 2, 1][..],
        &[1, 0, 0, 0, 0, 0, 0, 0x80][..],
        &[1, 0, 0, 0, 0, 0, 0][..],
        &[][..],
    ] {
        assert_eq!(LvRoot::decode(bad), fail(JET_errLVCorrupted), "{bad:?}");
    }
}

// ---- operations ----

#[test]
fn create_writes_root_and_chunks() {
    // data-records 3.7: a separated LV is a root (refcount 1, size) and chunks at 0, C, 2C…
    let chunk = cs(8);
    let mut t = MapTree::default();
    let v = bytes(21, 3);
    create(&mut t, lid64(1), &v, chunk).unwrap();
    check_layout(&t, lid64(1), &v, 1, chunk);
    assert_eq!(size(&mut t, lid64(1)), Ok(21));
    assert_eq!(read_all(&mut t, lid64(1), chunk), v);
    // Exactly a multiple of the chunk size, and empty (a root alone).
    create(&mut t, lid64(2), &bytes(16, 4), chunk).unwrap();
    check_layout(&t, lid64(2), &bytes(16, 4), 1, chunk);
    create(&mut t, lid64(3), &[], chunk).unwrap();
    check_layout(&t, lid64(3), &[], 1, chunk);
    assert_eq!(size(&mut t, lid64(3)), Ok(0));
    // A LID32 LV uses the 4- and 8-byte keys.
    let s = Lid::new(9).unwrap();
    create(&mut t, s, &v, chunk).unwrap();
    check_layout(&t, s, &v, 1, chunk);
    assert!(t.map.contains_key(&[0, 0, 0, 9][..]));
    assert!(t.map.contains_key(&[0, 0, 0, 9, 0, 0, 0, 16][..]));
    // The LID is taken.
    assert_eq!(create(&mut t, lid64(1), b"x", chunk), fail(JET_errKeyDuplicate));
    check_layout(&t, lid64(1), &v, 1, chunk);
    // Zero-filled creation (SizeLV on a new value).
    create_zeroed(&mut t, lid64(4), 19, chunk).unwrap();
    check_layout(&t, lid64(4), &[0; 19], 1, chunk);
    assert_eq!(checked_size(LV_SIZE_MOST as u64 + 1), fail(JET_errColumnTooBig));
    assert_eq!(create_zeroed(&mut t, lid64(5), LV_SIZE_MOST + 1, chunk), fail(JET_errColumnTooBig));
}

#[test]
fn read_from_offset() {
    // data-records 3.7: retrieval honours ibLongValue; past the end gives 0 bytes; the full
    // size from ib is reported for cbActual.
    let chunk = cs(8);
    let mut t = MapTree::default();
    let v = bytes(30, 5);
    create(&mut t, lid64(1), &v, chunk).unwrap();
    let mut out = [0u8; 10];
    assert_eq!(read(&mut t, lid64(1), 5, &mut out, chunk), Ok(LvRead { size: 30, actual: 25, copied: 10 }));
    assert_eq!(out, v[5..15]);
    // Buffer longer than the rest.
    let mut big = [0xAAu8; 40];
    assert_eq!(read(&mut t, lid64(1), 27, &mut big, chunk), Ok(LvRead { size: 30, actual: 3, copied: 3 }));
    assert_eq!(big[..3], v[27..]);
    assert!(big[3..].iter().all(|&b| b == 0xAA));
    // At and past the end: nothing.
    for ib in [30, 31, u32::MAX] {
        let mut o = [0xAAu8; 4];
        assert_eq!(read(&mut t, lid64(1), ib, &mut o, chunk), Ok(LvRead { size: 30, actual: 0, copied: 0 }));
        assert_eq!(o, [0xAA; 4]);
    }
    // An empty buffer reads the root only (size query with a NULL buffer).
    t.reset_counts();
    assert_eq!(read(&mut t, lid64(1), 3, &mut [], chunk), Ok(LvRead { size: 30, actual: 27, copied: 0 }));
    assert_eq!(t.counts(), (1, 0, 0));
}

#[test]
fn append_fills_last_chunk_then_adds() {
    // data-records 3.7: AppendLV appends (lv.cxx:3152-3224).
    let chunk = cs(8);
    let mut t = MapTree::default();
    let mut model = bytes(5, 1);
    create(&mut t, lid64(1), &model, chunk).unwrap();
    for (n, seed) in [(2, 2), (1, 3), (17, 4), (0, 5), (8, 6)] {
        let d = bytes(n, seed);
        model.extend_from_slice(&d);
        assert_eq!(append(&mut t, lid64(1), &d, chunk), Ok(model.len() as u32));
        check_layout(&t, lid64(1), &model, 1, chunk);
    }
    // Onto an empty value.
    create(&mut t, lid64(2), &[], chunk).unwrap();
    append(&mut t, lid64(2), &bytes(9, 7), chunk).unwrap();
    check_layout(&t, lid64(2), &bytes(9, 7), 1, chunk);
}

#[test]
fn overwrite_in_place_and_past_end() {
    // data-records 3.7: OverwriteLV overwrites from ibLongValue, growing the value if the data
    // runs past the end; ib past the end → JET_errColumnNoChunk (lv.cxx:3571-3575, 3611-3613).
    let chunk = cs(8);
    let mut t = MapTree::default();
    let mut model = bytes(20, 1);
    create(&mut t, lid64(1), &model, chunk).unwrap();
    for (ib, n, seed) in
        [(3usize, 4usize, 2u8), (6, 12, 3), (0, 8, 4), (18, 5, 5), (23, 9, 6), (32, 0, 7), (5, 0, 8)]
    {
        let d = bytes(n, seed);
        let end = ib + n;
        if end > model.len() {
            model.resize(end, 0);
        }
        model[ib..end].copy_from_slice(&d);
        assert_eq!(overwrite(&mut t, lid64(1), ib as u32, &d, chunk), Ok(model.len() as u32));
        check_layout(&t, lid64(1), &model, 1, chunk);
    }
    assert_eq!(overwrite(&mut t, lid64(1), model.len() as u32 + 1, b"x", chunk), fail(JET_errColumnNoChunk));
    assert_eq!(overwrite(&mut t, lid64(1), u32::MAX, b"", chunk), fail(JET_errColumnNoChunk));
    check_layout(&t, lid64(1), &model, 1, chunk);
}

#[test]
fn resize_truncates_and_zero_extends() {
    // data-records 3.7: SizeLV sets the size: truncates, or extends with zero bytes.
    let chunk = cs(8);
    let mut t = MapTree::default();
    let mut model = bytes(30, 1);
    create(&mut t, lid64(1), &model, chunk).unwrap();
    for n in [27usize, 24, 13, 16, 16, 35, 0, 9, 8, 1] {
        model.resize(n, 0);
        assert_eq!(resize(&mut t, lid64(1), n as u32, chunk), Ok(n as u32));
        check_layout(&t, lid64(1), &model, 1, chunk);
    }
    assert_eq!(resize(&mut t, lid64(1), LV_SIZE_MOST + 1, chunk), fail(JET_errColumnTooBig));
    check_layout(&t, lid64(1), &model, 1, chunk);
}

#[test]
fn overwrite_and_truncate_ends_at_data() {
    // data-records 3.7: OverwriteLV|SizeLV overwrites from ib and truncates/extends to the end
    // of the data (lv.cxx:3615-3617, 3869-3875).
    let chunk = cs(8);
    let mut t = MapTree::default();
    let mut model = bytes(30, 1);
    create(&mut t, lid64(1), &model, chunk).unwrap();
    for (ib, n, seed) in
        [(10usize, 5usize, 2u8), (3, 20, 3), (23, 0, 4), (12, 0, 5), (12, 4, 6), (0, 3, 7), (3, 0, 8)]
    {
        let d = bytes(n, seed);
        model.truncate(ib);
        model.extend_from_slice(&d);
        assert_eq!(overwrite_and_truncate(&mut t, lid64(1), ib as u32, &d, chunk), Ok(model.len() as u32));
        check_layout(&t, lid64(1), &model, 1, chunk);
    }
    assert_eq!(overwrite_and_truncate(&mut t, lid64(1), 4, b"x", chunk), fail(JET_errColumnNoChunk));
}

#[test]
fn references_and_delete() {
    // data-records 3.7 and §4.1 (InsertCopy shares separated LVs): the root counts references;
    // the last dereference deletes the LV.
    let chunk = cs(8);
    let mut t = MapTree::default();
    let v = bytes(20, 1);
    create(&mut t, lid64(1), &v, chunk).unwrap();
    create(&mut t, lid64(2), b"neighbour", chunk).unwrap();
    assert_eq!(add_ref(&mut t, lid64(1)), Ok(2));
    assert_eq!(add_ref(&mut t, lid64(1)), Ok(3));
    check_layout(&t, lid64(1), &v, 3, chunk);
    assert_eq!(deref(&mut t, lid64(1), chunk), Ok(2));
    assert_eq!(deref(&mut t, lid64(1), chunk), Ok(1));
    check_layout(&t, lid64(1), &v, 1, chunk);
    assert_eq!(deref(&mut t, lid64(1), chunk), Ok(0));
    assert!(t.map.keys().all(|k| !k.starts_with(&root_key(lid64(1)))));
    assert_eq!(size(&mut t, lid64(1)), fail(JET_errLVCorrupted));
    check_layout(&t, lid64(2), b"neighbour", 1, chunk);
    // delete ignores the refcount.
    add_ref(&mut t, lid64(2)).unwrap();
    delete(&mut t, lid64(2), chunk).unwrap();
    assert!(t.map.is_empty());
    assert_eq!(delete(&mut t, lid64(2), chunk), CORRUPT);
    // The refcount cannot reach ESE's partially-deleted mark.
    t.map.insert(root_key(lid64(3)).to_vec(), LvRoot { refs: u32::MAX - 1, size: 0 }.encode().to_vec());
    assert_eq!(add_ref(&mut t, lid64(3)), fail(JET_errInternalError));
}

#[test]
fn prepare_write_copies_a_shared_value() {
    // data-records 3.7 / §4.1: a writer of a shared LV gets its own copy (ESE's burst,
    // lv.cxx:2871-3052); the other record keeps reading the old value.
    let chunk = cs(8);
    let mut t = MapTree::default();
    let v = bytes(20, 1);
    create(&mut t, lid64(1), &v, chunk).unwrap();
    // Not shared: nothing happens, the LID stays.
    t.reset_counts();
    assert_eq!(prepare_write(&mut t, lid64(1), lid64(9), chunk), Ok(lid64(1)));
    assert_eq!(t.counts(), (1, 0, 0));
    assert!(!t.map.contains_key(&*root_key(lid64(9))));
    // Shared: writing in place is refused, and changes nothing.
    add_ref(&mut t, lid64(1)).unwrap();
    assert_eq!(append(&mut t, lid64(1), b"x", chunk), fail(JET_errInternalError));
    assert_eq!(overwrite(&mut t, lid64(1), 0, b"x", chunk), fail(JET_errInternalError));
    assert_eq!(resize(&mut t, lid64(1), 1, chunk), fail(JET_errInternalError));
    assert_eq!(overwrite_and_truncate(&mut t, lid64(1), 0, b"x", chunk), fail(JET_errInternalError));
    check_layout(&t, lid64(1), &v, 2, chunk);
    // The copy: refcount 1 each, same bytes.
    assert_eq!(prepare_write(&mut t, lid64(1), lid64(2), chunk), Ok(lid64(2)));
    check_layout(&t, lid64(1), &v, 1, chunk);
    check_layout(&t, lid64(2), &v, 1, chunk);
    overwrite(&mut t, lid64(2), 3, b"changed", chunk).unwrap();
    resize(&mut t, lid64(2), 12, chunk).unwrap();
    check_layout(&t, lid64(1), &v, 1, chunk);
    assert_eq!(&read_all(&mut t, lid64(2), chunk)[3..10], b"changed");
    // The new LID must be free.
    add_ref(&mut t, lid64(1)).unwrap();
    assert_eq!(prepare_write(&mut t, lid64(1), lid64(2), chunk), fail(JET_errKeyDuplicate));
    assert_eq!(prepare_write(&mut t, lid64(1), lid64(1), chunk), fail(JET_errKeyDuplicate));
    check_layout(&t, lid64(1), &v, 2, chunk);
}

#[test]
fn copy_leaves_the_source_alone() {
    // data-records 3.7: the copy half of a burst, for callers that must copy whatever the
    // refcount (lv.cxx:3585-3598): new LV with refcount 1, the source untouched.
    let chunk = cs(8);
    let mut t = MapTree::default();
    let v = bytes(25, 4);
    create(&mut t, lid64(1), &v, chunk).unwrap();
    copy(&mut t, lid64(1), lid64(2), chunk).unwrap();
    check_layout(&t, lid64(1), &v, 1, chunk);
    check_layout(&t, lid64(2), &v, 1, chunk);
    append(&mut t, lid64(2), b"more", chunk).unwrap();
    check_layout(&t, lid64(1), &v, 1, chunk);
    assert_eq!(copy(&mut t, lid64(1), lid64(2), chunk), fail(JET_errKeyDuplicate));
    assert_eq!(copy(&mut t, lid64(3), lid64(4), chunk), CORRUPT);
}

#[test]
fn corrupt_trees_give_lv_corrupted() {
    // data-records 3.7: a damaged LV tree is JET_errLVCorrupted (lv.cxx:1236-1238,
    // 1723-1741), never a panic.
    let chunk = cs(8);
    let l = lid64(1);
    let mut out = [0u8; 30];
    // No root.
    let mut t = MapTree::default();
    assert_eq!(size(&mut t, l), fail(JET_errLVCorrupted));
    assert_eq!(read(&mut t, l, 0, &mut out, chunk).map(|_| ()), CORRUPT);
    assert_eq!(append(&mut t, l, b"x", chunk).map(|_| ()), CORRUPT);
    assert_eq!(overwrite(&mut t, l, 0, b"x", chunk).map(|_| ()), CORRUPT);
    assert_eq!(resize(&mut t, l, 3, chunk).map(|_| ()), CORRUPT);
    assert_eq!(overwrite_and_truncate(&mut t, l, 0, b"x", chunk).map(|_| ()), CORRUPT);
    assert_eq!(add_ref(&mut t, l).map(|_| ()), CORRUPT);
    assert_eq!(deref(&mut t, l, chunk).map(|_| ()), CORRUPT);
    assert_eq!(prepare_write(&mut t, l, lid64(2), chunk).map(|_| ()), CORRUPT);
    assert!(t.map.is_empty());
    // A chunk missing, short, long; a refcount of 0.
    type Damage = fn(&mut MapTree);
    let damage: [Damage; 4] = [
        |t| {
            t.map.remove(&*chunk_key(lid64(1), 8));
        },
        |t| {
            t.map.get_mut(&*chunk_key(lid64(1), 8)).unwrap().pop();
        },
        |t| {
            t.map.get_mut(&*chunk_key(lid64(1), 16)).unwrap().push(0);
        },
        |t| {
            t.map.insert(root_key(lid64(1)).to_vec(), LvRoot { refs: 1, size: 20 }.encode()[..4].to_vec());
        },
    ];
    for d in damage {
        let mut t = MapTree::default();
        create(&mut t, l, &bytes(20, 1), chunk).unwrap();
        d(&mut t);
        assert_eq!(read(&mut t, l, 0, &mut out, chunk).map(|_| ()), CORRUPT);
        add_ref(&mut t, l).ok();
        assert!(prepare_write(&mut t, l, lid64(2), chunk).is_err());
    }
    let mut t = MapTree::default();
    create(&mut t, l, &bytes(20, 1), chunk).unwrap();
    t.map.insert(root_key(l).to_vec(), vec![0, 0, 0, 0, 20, 0, 0, 0]);
    assert_eq!(read(&mut t, l, 0, &mut out, chunk).map(|_| ()), CORRUPT);
    // A root whose size claims more chunks than exist.
    let mut t = MapTree::default();
    create(&mut t, l, &bytes(20, 1), chunk).unwrap();
    t.map.insert(root_key(l).to_vec(), LvRoot { refs: 1, size: 36 }.encode().to_vec());
    assert_eq!(read(&mut t, l, 0, &mut out, chunk).map(|_| ()), CORRUPT);
    assert_eq!(append(&mut t, l, b"x", chunk).map(|_| ()), CORRUPT);
    assert_eq!(overwrite(&mut t, l, 34, b"xyz", chunk).map(|_| ()), CORRUPT);
    assert_eq!(resize(&mut t, l, 45, chunk).map(|_| ()), CORRUPT);
    assert_eq!(resize(&mut t, l, 34, chunk).map(|_| ()), CORRUPT);
}

// ---- cost ----

#[test]
fn small_changes_touch_o1_chunks() {
    // data-records 3.7: a change reads and writes only the chunks it covers plus the root,
    // counted through the tree, whatever the value's size.
    let chunk = ChunkSize::for_page(8192).unwrap();
    let c = chunk.get();
    let mut t = MapTree::default();
    let l = lid64(1);
    let mut model = bytes(4 << 20, 9);
    create(&mut t, l, &model, chunk).unwrap();
    let mid = 200 * c;
    // 10 bytes across a chunk boundary: root + 2 chunks read, 2 chunks written, size unchanged.
    t.reset_counts();
    overwrite(&mut t, l, mid - 5, b"0123456789", chunk).unwrap();
    assert_eq!(t.counts(), (3, 2, 0));
    model[(mid - 5) as usize..(mid + 5) as usize].copy_from_slice(b"0123456789");
    // Inside one chunk.
    t.reset_counts();
    overwrite(&mut t, l, mid + 100, b"abc", chunk).unwrap();
    assert_eq!(t.counts(), (2, 1, 0));
    model[(mid + 100) as usize..(mid + 103) as usize].copy_from_slice(b"abc");
    // Exactly one whole chunk: written without being read.
    let whole = bytes(c as usize, 77);
    t.reset_counts();
    overwrite(&mut t, l, 3 * c, &whole, chunk).unwrap();
    assert_eq!(t.counts(), (1, 1, 0));
    model[(3 * c) as usize..(4 * c) as usize].copy_from_slice(&whole);
    // A small read in the middle.
    let mut out = [0u8; 10];
    t.reset_counts();
    read(&mut t, l, mid - 5, &mut out, chunk).unwrap();
    assert_eq!(t.counts(), (3, 0, 0));
    assert_eq!(&out, b"0123456789");
    // Append: the root, the partial last chunk, the new chunks, the root again.
    t.reset_counts();
    append(&mut t, l, b"tail", chunk).unwrap();
    assert_eq!(t.counts(), (2, 2, 0));
    model.extend_from_slice(b"tail");
    // Truncate by a few bytes: the last chunk shortened, nothing else.
    t.reset_counts();
    resize(&mut t, l, model.len() as u32 - 2, chunk).unwrap();
    assert_eq!(t.counts(), (2, 2, 0));
    model.truncate(model.len() - 2);
    // Extend by a few bytes.
    t.reset_counts();
    resize(&mut t, l, model.len() as u32 + 3, chunk).unwrap();
    assert_eq!(t.counts(), (2, 2, 0));
    model.extend_from_slice(&[0; 3]);
    // Overwrite-and-truncate near the end: the boundary chunk rewritten, later ones deleted.
    let ib = model.len() as u32 - c - 10;
    t.reset_counts();
    overwrite_and_truncate(&mut t, l, ib, b"end", chunk).unwrap();
    let (g, p, d) = t.counts();
    assert!(g <= 2 && p <= 3 && d <= 2, "{:?}", t.counts());
    model.truncate(ib as usize);
    model.extend_from_slice(b"end");
    check_layout(&t, l, &model, 1, chunk);
}

#[test]
fn hundred_megabytes_by_appends() {
    // data-records 3.7: a 100 MB value built by 1 MB appends, each costing O(piece) tree calls,
    // reads back correctly piece by piece.
    const MB: usize = 1 << 20;
    const PIECES: usize = 100;
    let chunk = ChunkSize::for_page(8192).unwrap();
    let c = chunk.get() as usize;
    // Piece k is base[k % 251..][..MB]: every piece differs, none is built byte by byte.
    let base: Vec<u8> = (0..MB + 251).map(|i| (i % 251) as u8 ^ (i >> 12) as u8).collect();
    let piece = |k: usize| &base[k % 251..][..MB];
    let mut t = MapTree::default();
    let l = lid64(1);
    create(&mut t, l, &[], chunk).unwrap();
    for k in 0..PIECES {
        t.reset_counts();
        assert_eq!(append(&mut t, l, piece(k), chunk), Ok(((k + 1) * MB) as u32));
        let (g, p, d) = t.counts();
        assert!(g <= 2 && p <= MB / c + 3 && d == 0, "append {k}: {:?}", t.counts());
    }
    assert_eq!(size(&mut t, l), Ok((PIECES * MB) as u32));
    let mut out = vec![0u8; MB];
    for k in 0..PIECES {
        let r = read(&mut t, l, (k * MB) as u32, &mut out, chunk).unwrap();
        assert_eq!((r.actual as usize, r.copied), ((PIECES - k) * MB, MB));
        assert!(out == piece(k), "piece {k}");
    }
    // A read straddling two pieces.
    let mut out = vec![0u8; 1000];
    read(&mut t, l, (50 * MB - 500) as u32, &mut out, chunk).unwrap();
    assert_eq!(&out[..500], &piece(49)[MB - 500..]);
    assert_eq!(&out[500..], &piece(50)[..500]);
}

// ---- model-based ----

#[derive(Clone, Debug)]
enum Op {
    Append(Vec<u8>),
    Overwrite(u32, Vec<u8>),
    Resize(u32),
    OverwriteTruncate(u32, Vec<u8>),
    Read(u32, usize),
    /// Another record shares the value (add_ref), then this one writes to its own copy.
    Share,
}

fn arb_op() -> impl Strategy<Value = Op> {
    // Empty data is its own case in several operations: give it a fair share.
    let data = || prop_oneof![1 => Just(Vec::new()), 4 => prop::collection::vec(any::<u8>(), 1..40)];
    prop_oneof![
        data().prop_map(Op::Append),
        (0u32..120, data()).prop_map(|(ib, d)| Op::Overwrite(ib, d)),
        (0u32..120).prop_map(Op::Resize),
        (0u32..120, data()).prop_map(|(ib, d)| Op::OverwriteTruncate(ib, d)),
        (0u32..130, 0usize..60).prop_map(|(ib, n)| Op::Read(ib, n)),
        Just(Op::Share),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    // data-records 3.7: random sequences of LV operations agree with a Vec<u8> model on every
    // read and every error, leave ESE's exact chunk layout, and never disturb another LV
    // (a neighbour, or the values other records kept when they shared this one).
    #[test]
    fn operations_match_a_vec_model(
        chunk in 1u32..12,
        legacy in any::<bool>(),
        init in prop::collection::vec(any::<u8>(), 0..50),
        ops in prop::collection::vec(arb_op(), 0..40),
    ) {
        let chunk = cs(chunk);
        let mut t = MapTree::default();
        let neighbour = if legacy { Lid::new(0x7FFF_FFFF).unwrap() } else { lid64(1000) };
        create(&mut t, neighbour, b"neighbour bytes", chunk).unwrap();
        let mut next = if legacy { 1 } else { LID64_FIRST };
        let mut fresh = || { next += 1; Lid::new(next - 1).unwrap() };
        let mut lid = fresh();
        create(&mut t, lid, &init, chunk).unwrap();
        let mut model = init;
        let mut frozen: Vec<(Lid, Vec<u8>)> = Vec::new();
        for op in ops {
            let len = model.len() as u32;
            match op {
                Op::Append(d) => {
                    model.extend_from_slice(&d);
                    prop_assert_eq!(append(&mut t, lid, &d, chunk), Ok(model.len() as u32));
                }
                Op::Overwrite(ib, d) => {
                    let got = overwrite(&mut t, lid, ib, &d, chunk);
                    if ib > len {
                        prop_assert_eq!(got, fail(JET_errColumnNoChunk));
                    } else {
                        let end = ib as usize + d.len();
                        if end > model.len() { model.resize(end, 0); }
                        model[ib as usize..end].copy_from_slice(&d);
                        prop_assert_eq!(got, Ok(model.len() as u32));
                    }
                }
                Op::Resize(n) => {
                    model.resize(n as usize, 0);
                    prop_assert_eq!(resize(&mut t, lid, n, chunk), Ok(n));
                }
                Op::OverwriteTruncate(ib, d) => {
                    let got = overwrite_and_truncate(&mut t, lid, ib, &d, chunk);
                    if ib > len {
                        prop_assert_eq!(got, fail(JET_errColumnNoChunk));
                    } else {
                        model.truncate(ib as usize);
                        model.extend_from_slice(&d);
                        prop_assert_eq!(got, Ok(model.len() as u32));
                    }
                }
                Op::Read(ib, n) => {
                    let mut out = vec![0xA5; n];
                    let r = read(&mut t, lid, ib, &mut out, chunk).unwrap();
                    let rest = model.get(ib as usize..).unwrap_or(&[]);
                    let k = n.min(rest.len());
                    prop_assert_eq!(r, LvRead { size: len, actual: rest.len() as u32, copied: k });
                    prop_assert_eq!(&out[..k], &rest[..k]);
                    prop_assert!(out[k..].iter().all(|&b| b == 0xA5));
                }
                Op::Share => {
                    prop_assert_eq!(add_ref(&mut t, lid), Ok(2));
                    let mine = fresh();
                    prop_assert_eq!(prepare_write(&mut t, lid, mine, chunk), Ok(mine));
                    frozen.push((lid, model.clone()));
                    lid = mine;
                }
            }
            check_layout(&t, lid, &model, 1, chunk);
            check_layout(&t, neighbour, b"neighbour bytes", 1, chunk);
            for (l, v) in &frozen {
                check_layout(&t, *l, v, 1, chunk);
            }
        }
        prop_assert_eq!(read_all(&mut t, lid, chunk), model);
        // Dropping every LV leaves the tree empty.
        deref(&mut t, lid, chunk).unwrap();
        deref(&mut t, neighbour, chunk).unwrap();
        for (l, _) in frozen {
            deref(&mut t, l, chunk).unwrap();
        }
        prop_assert!(t.map.is_empty());
    }
}
