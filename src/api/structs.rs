//! Reading the caller's versioned structures. ESE's input structs (JET_COLUMNCREATE,
//! JET_INDEXCREATE and its versions, JET_TABLECREATE and its versions, JET_OPENTEMPORARYTABLE,
//! JET_RSTINFO, …) start with a `cbStruct` member that says which version the caller compiled
//! against. The rule (S-BAD-02): `cbStruct` must be one of the sizes ESE accepts for that
//! struct on this ABI, else `JET_errInvalidParameter`; only then is the struct read, and only as
//! many bytes as that version has. Shims read such structs here and hand the engine plain Rust
//! values.

use crate::abi::consts::*;
use crate::engine::error::{JetResult, fail};

/// Which version of a struct the caller passed: its index in the accepted sizes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Version(pub usize);

/// Reads a struct whose first member is a `u32 cbStruct`, accepting the sizes in `sizes`
/// (oldest version first). The bytes past the caller's version are zero in the result.
///
/// # Safety
/// `p` is NULL or points to at least `cbStruct` readable bytes (the caller's promise in C).
pub unsafe fn read_versioned<T: Copy>(p: *const T, sizes: &[usize]) -> JetResult<(T, Version)> {
    if p.is_null() {
        return fail(JET_errInvalidParameter);
    }
    // SAFETY: non-NULL; every such struct starts with its u32 cbStruct.
    let cb = unsafe { (p as *const u32).read_unaligned() } as usize;
    let Some(version) = sizes.iter().position(|&s| s == cb) else {
        return fail(JET_errInvalidParameter);
    };
    let len = cb.min(size_of::<T>());
    let mut out = std::mem::MaybeUninit::<T>::zeroed();
    // SAFETY: the caller promises `cb` readable bytes at p; `len <= cb` and `len <= size_of T`.
    // Every T read here is a plain C struct for which all-zero bytes are a valid value.
    unsafe {
        std::ptr::copy_nonoverlapping(p as *const u8, out.as_mut_ptr() as *mut u8, len);
        Ok((out.assume_init(), Version(version)))
    }
}

/// Reads `count` elements of a C array, refusing counts that are negative or whose byte size
/// would overflow (S-BAD-02).
///
/// # Safety
/// `p` is NULL or points to `count` readable elements.
pub unsafe fn read_array<T: Copy>(p: *const T, count: i64) -> JetResult<Vec<T>> {
    if count < 0 || (count as u64).checked_mul(size_of::<T>() as u64).is_none_or(|b| b > isize::MAX as u64) {
        return fail(JET_errInvalidParameter);
    }
    if count == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return fail(JET_errInvalidParameter);
    }
    let mut v = Vec::new();
    v.try_reserve_exact(count as usize).map_err(|_| crate::engine::error::JetError(JET_errOutOfMemory))?;
    // SAFETY: the caller promises `count` readable elements at p.
    v.extend((0..count as usize).map(|i| unsafe { p.add(i).read_unaligned() }));
    Ok(v)
}

/// Reads `count` elements of a C array whose elements are versioned structs walked by their own
/// `cbStruct`: each element's `cbStruct` (one of `sizes`) is the step to the next, so an array
/// may mix versions (ESE walks JET_INDEXCREATE arrays so, `data-ddl` §7.1). A bad `cbStruct`
/// stops the walk with `JET_errInvalidParameter` before anything past it is read; a NULL array
/// with a count is -1003; no count is an empty result even for NULL. Offsets use checked
/// arithmetic, and elements are reserved one at a time, so a count larger than the array fails
/// at the first element that is not a valid struct instead of reserving memory for the count.
/// Returns each element with its version and its byte offset in the array.
///
/// # Safety
/// `p` is NULL or points to `count` consecutive structs, each `cbStruct` bytes long.
pub unsafe fn walk_versioned<T: Copy>(
    p: *const T,
    count: u32,
    sizes: &[usize],
) -> JetResult<Vec<(T, Version, usize)>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return fail(JET_errInvalidParameter);
    }
    let mut out = Vec::new();
    let mut offset = 0usize;
    for _ in 0..count {
        // SAFETY: by the caller's promise the element at `offset` exists (its predecessors'
        // cbStruct were accepted sizes, so `offset` is the sum of real element sizes).
        let (t, v) = unsafe { read_versioned((p as *const u8).wrapping_add(offset) as *const T, sizes) }?;
        out.try_reserve(1).map_err(crate::engine::error::oom)?;
        out.push((t, v, offset));
        offset = offset
            .checked_add(sizes[v.0])
            .filter(|&o| o <= isize::MAX as usize)
            .ok_or(crate::engine::error::JetError(JET_errInvalidParameter))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::error::JetError;

    #[repr(C)]
    #[derive(Clone, Copy, Debug, PartialEq)]
    struct V2 {
        cb: u32,
        a: u32,
        b: u64,
    }

    // SAFETY (every block in these tests): each pointer is NULL or points to a live local of
    // the size its cbStruct or count claims.
    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn cbstruct_selects_the_version_and_reads_only_its_bytes() {
        let full = V2 { cb: 16, a: 7, b: 9 };
        let (got, v) = unsafe { read_versioned(&full, &[8, 16]) }.unwrap();
        assert_eq!((got, v), (full, Version(1)));
        // An older caller: only the first 8 bytes exist, the rest reads as zero.
        let old = V2 { cb: 8, a: 7, b: 0xdead };
        let (got, v) = unsafe { read_versioned(&old, &[8, 16]) }.unwrap();
        assert_eq!((got.a, got.b, v), (7, 0, Version(0)));
        for bad in [0, 4, 12, 17, u32::MAX] {
            let s = V2 { cb: bad, a: 0, b: 0 };
            assert_eq!(
                unsafe { read_versioned(&s, &[8, 16]) }.err(),
                Some(JetError(JET_errInvalidParameter))
            );
        }
        assert_eq!(
            unsafe { read_versioned(std::ptr::null::<V2>(), &[16]) }.err(),
            Some(JetError(JET_errInvalidParameter))
        );
    }

    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn arrays_refuse_bad_counts() {
        let xs = [1u32, 2, 3];
        assert_eq!(unsafe { read_array(xs.as_ptr(), 3) }.unwrap(), vec![1, 2, 3]);
        assert_eq!(unsafe { read_array(std::ptr::null::<u32>(), 0) }.unwrap(), Vec::<u32>::new());
        for bad in [-1, i64::MIN, i64::MAX] {
            assert!(unsafe { read_array(xs.as_ptr(), bad) }.is_err());
        }
        assert!(unsafe { read_array(std::ptr::null::<u32>(), 2) }.is_err());
    }
    #[test]
    #[allow(clippy::undocumented_unsafe_blocks)]
    fn walked_arrays_step_by_each_cbstruct() {
        // An 8-byte element followed by a 16-byte one: the second starts at byte 8.
        #[repr(C)]
        #[derive(Clone, Copy)]
        struct Buf([u32; 6]);
        let buf = Buf([8, 1, 16, 2, 3, 0]);
        let got = unsafe { walk_versioned(buf.0.as_ptr() as *const V2, 2, &[8, 16]) }.unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].0.a, got[0].1, got[0].2), (1, Version(0), 0));
        assert_eq!((got[1].0.a, got[1].0.b, got[1].1, got[1].2), (2, 3, Version(1), 8));
        // A bad cbStruct in the second element stops the walk (S-BAD-02).
        let bad = Buf([8, 1, 12, 2, 3, 0]);
        assert_eq!(
            unsafe { walk_versioned(bad.0.as_ptr() as *const V2, 2, &[8, 16]) }.err(),
            Some(JetError(JET_errInvalidParameter))
        );
        // NULL with a count is refused; no count is nothing, NULL or not.
        assert!(unsafe { walk_versioned(std::ptr::null::<V2>(), 1, &[16]) }.is_err());
        assert!(unsafe { walk_versioned(std::ptr::null::<V2>(), 0, &[16]) }.unwrap().is_empty());
    }
}
