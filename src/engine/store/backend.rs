//! The file under redb: a `redb::StorageBackend` over one open `File`, in one of two modes.
//!
//! - **Direct**: reads and writes go to the file (`pread`/`pwrite`), `sync_data` is
//!   `fdatasync`, and growing the file beyond the store's size limit is refused with an error
//!   that [`size_limit_in`] recognises (the commit then fails with `SizeLimit`).
//! - **Probe**: reads come from the file, but writes and length changes are kept in memory
//!   (4 KiB blocks laid over the file), so redb can verify and recover a file without the file
//!   changing; used to check a file before trusting it, and for read-only stores.
//!
//! Locking is declined (`BackendError::Unsupported`): the store holds its own `flock`.
//!
//! With the cargo feature `failpoints`, every operation evaluates a failpoint named
//! `store.<op>@<file name>` (`op` is `read`, `write`, `set_len` or `sync`), so a test can make
//! one store's Nth write fail with `ENOSPC` or `EIO`, be torn (`ShortWrite`), fail a sync,
//! wait in the middle of a commit (`Pause`), end the process before it (`Kill`), or panic
//! inside redb's call (`Panic`, as redb may on a malformed file).
//! Without the feature the checks do not exist.

use parking_lot::Mutex;
use redb::{BackendError, StorageBackend};
use std::collections::HashMap;
use std::fs::File;
use std::io;
use std::ops::Bound;
use std::os::unix::fs::FileExt;

const BLOCK: u64 = 4096;

/// The error payload of a refused growth past the size limit.
#[derive(Debug)]
struct SizeLimitReached;

impl std::fmt::Display for SizeLimitReached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("database size limit reached")
    }
}

impl std::error::Error for SizeLimitReached {}

/// Whether `e` is (or wraps) the backend's size-limit refusal.
pub fn size_limit_in(e: &io::Error) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = e.get_ref().map(|x| x as _);
    while let Some(err) = cur {
        if err.is::<SizeLimitReached>() {
            return true;
        }
        cur = err.source();
    }
    false
}

/// A probe's changes: the blocks written so far and the length the database believes the
/// file has.
type Overlay = (HashMap<u64, Box<[u8]>>, u64);

enum Mode {
    Direct,
    Probe { blocks: Mutex<Overlay> },
}

/// The storage of one store.
pub struct FileStorage {
    file: File,
    mode: Mode,
    max_len: Option<u64>,
    /// Names this store's failpoints (the file name).
    #[cfg_attr(not(feature = "failpoints"), allow(dead_code))]
    tag: String,
}

impl std::fmt::Debug for FileStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStorage").field("tag", &self.tag).finish()
    }
}

impl FileStorage {
    /// Reads and writes `file` directly; growth beyond `max_len` bytes is refused.
    pub fn direct(file: File, max_len: Option<u64>, tag: String) -> FileStorage {
        FileStorage { file, mode: Mode::Direct, max_len, tag }
    }

    /// Reads `file` and keeps every change in memory.
    pub fn probe(file: File, tag: String) -> io::Result<FileStorage> {
        let len = file.metadata()?.len();
        Ok(FileStorage {
            file,
            mode: Mode::Probe { blocks: Mutex::new((HashMap::new(), len)) },
            max_len: None,
            tag,
        })
    }

    /// A failure injected at `op`, if one is armed (`ShortWrite` is the caller's to act on).
    #[cfg(feature = "failpoints")]
    fn injected(&self, op: &str) -> io::Result<bool> {
        use crate::engine::failpoint::{self, Action};
        if !failpoint::any_armed() {
            return Ok(false);
        }
        let name = format!("store.{op}@{}", self.tag);
        match failpoint::fire(&name) {
            None => Ok(false),
            Some(Action::ShortWrite) => Ok(true),
            Some(Action::Pause) => {
                failpoint::pause(&name);
                Ok(false)
            }
            Some(Action::Errno(n)) => Err(io::Error::from_raw_os_error(n)),
            Some(Action::Kill) => std::process::abort(),
            // Inside redb's call, as a panic of redb's on a malformed file would be.
            Some(Action::Panic) => panic!("failpoint {name}"),
            Some(_) => Err(io::Error::from_raw_os_error(libc::EIO)),
        }
    }

    #[cfg(not(feature = "failpoints"))]
    #[inline(always)]
    fn injected(&self, _op: &str) -> io::Result<bool> {
        Ok(false)
    }

    fn file_len(&self) -> io::Result<u64> {
        Ok(self.file.metadata()?.len())
    }

    /// Reads `out.len()` bytes at `offset` of the real file, zeros past its end.
    fn read_file_zero_extended(&self, offset: u64, out: &mut [u8]) -> io::Result<()> {
        let real = self.file_len()?;
        out.fill(0);
        if offset < real {
            let n = ((real - offset) as usize).min(out.len());
            self.file.read_exact_at(&mut out[..n], offset)?;
        }
        Ok(())
    }
}

fn short_read() -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, "read past the end of the database file")
}

impl StorageBackend for FileStorage {
    fn len(&self) -> io::Result<u64> {
        match &self.mode {
            Mode::Direct => self.file_len(),
            Mode::Probe { blocks } => Ok(blocks.lock().1),
        }
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> io::Result<()> {
        self.injected("read")?;
        match &self.mode {
            Mode::Direct => self.file.read_exact_at(out, offset),
            Mode::Probe { blocks } => {
                let guard = blocks.lock();
                let (map, len) = &*guard;
                if offset.checked_add(out.len() as u64).is_none_or(|end| end > *len) {
                    return Err(short_read());
                }
                let mut done = 0usize;
                while done < out.len() {
                    let pos = offset + done as u64;
                    let block = pos / BLOCK;
                    let within = (pos % BLOCK) as usize;
                    let n = (BLOCK as usize - within).min(out.len() - done);
                    match map.get(&block) {
                        Some(b) => out[done..done + n].copy_from_slice(&b[within..within + n]),
                        None => self.read_file_zero_extended(pos, &mut out[done..done + n])?,
                    }
                    done += n;
                }
                Ok(())
            }
        }
    }

    fn set_len(&self, len: u64) -> io::Result<()> {
        self.injected("set_len")?;
        match &self.mode {
            Mode::Direct => {
                if let Some(max) = self.max_len
                    && len > max
                    && len > self.file_len()?
                {
                    return Err(io::Error::other(SizeLimitReached));
                }
                self.file.set_len(len)
            }
            Mode::Probe { blocks } => {
                let mut guard = blocks.lock();
                let (map, cur) = &mut *guard;
                if len < *cur {
                    // Forget blocks wholly past the end, zero the tail of the last one.
                    map.retain(|b, _| b * BLOCK < len);
                    if let Some(b) = map.get_mut(&(len / BLOCK)) {
                        b[(len % BLOCK) as usize..].fill(0);
                    } else if !len.is_multiple_of(BLOCK) {
                        let mut b = vec![0u8; BLOCK as usize].into_boxed_slice();
                        let start = len / BLOCK * BLOCK;
                        self.read_file_zero_extended(start, &mut b[..(len % BLOCK) as usize])?;
                        map.insert(len / BLOCK, b);
                    }
                    // Blocks between the new end and the real file's end must read as zeros
                    // if the file grows again: materialise them lazily as zero blocks.
                    let real = self.file_len()?;
                    let mut b = len.div_ceil(BLOCK);
                    while b * BLOCK < real {
                        map.insert(b, vec![0u8; BLOCK as usize].into_boxed_slice());
                        b += 1;
                    }
                }
                *cur = len;
                Ok(())
            }
        }
    }

    fn sync_data(&self) -> io::Result<()> {
        self.injected("sync")?;
        match &self.mode {
            Mode::Direct => self.file.sync_data(),
            Mode::Probe { .. } => Ok(()),
        }
    }

    fn write(&self, offset: u64, data: &[u8]) -> io::Result<()> {
        let short = self.injected("write")?;
        let data = if short { &data[..data.len() / 2] } else { data };
        match &self.mode {
            Mode::Direct => self.file.write_all_at(data, offset),
            Mode::Probe { blocks } => {
                let mut guard = blocks.lock();
                let mut done = 0usize;
                while done < data.len() {
                    let pos = offset + done as u64;
                    let block = pos / BLOCK;
                    let within = (pos % BLOCK) as usize;
                    let n = (BLOCK as usize - within).min(data.len() - done);
                    if !guard.0.contains_key(&block) {
                        let mut b = vec![0u8; BLOCK as usize].into_boxed_slice();
                        if block * BLOCK < guard.1 {
                            self.read_file_zero_extended(block * BLOCK, &mut b)?;
                        }
                        guard.0.insert(block, b);
                    }
                    let b = guard.0.get_mut(&block).expect("inserted above");
                    b[within..within + n].copy_from_slice(&data[done..done + n]);
                    done += n;
                }
                let end = offset + data.len() as u64;
                if end > guard.1 {
                    guard.1 = end;
                }
                Ok(())
            }
        }
    }

    fn try_lock_range(&self, _: Bound<u64>, _: Bound<u64>) -> Result<bool, BackendError> {
        Err(BackendError::Unsupported)
    }
    fn try_lock_shared_range(&self, _: Bound<u64>, _: Bound<u64>) -> Result<bool, BackendError> {
        Err(BackendError::Unsupported)
    }
    fn lock_range(&self, _: Bound<u64>, _: Bound<u64>) -> Result<(), BackendError> {
        Err(BackendError::Unsupported)
    }
    fn lock_shared_range(&self, _: Bound<u64>, _: Bound<u64>) -> Result<(), BackendError> {
        Err(BackendError::Unsupported)
    }
    fn unlock_range(&self, _: Bound<u64>, _: Bound<u64>) -> Result<(), BackendError> {
        Err(BackendError::Unsupported)
    }
    fn query_lock_range(&self, _: Bound<u64>, _: Bound<u64>) -> Result<bool, BackendError> {
        Err(BackendError::Unsupported)
    }
}
