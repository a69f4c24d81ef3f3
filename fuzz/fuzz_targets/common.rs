//! What the API-level fuzz targets share: one running instance and session per process, a
//! directory for their database files, and a reader of the fuzz input.
#![allow(dead_code)]

use esent::abi::*;
use esent::api::{instance, session};
use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Reads the input front to back; past its end every read is 0.
pub struct Input<'a>(pub &'a [u8]);

impl<'a> Input<'a> {
    pub fn byte(&mut self) -> u8 {
        let Some((&b, rest)) = self.0.split_first() else { return 0 };
        self.0 = rest;
        b
    }
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }
    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.0.len());
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        a
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

pub struct Env {
    pub inst: JET_INSTANCE,
    pub sesid: JET_SESID,
    pub dir: PathBuf,
}

/// The process's instance (created and initialised once) and a directory of its own, on a
/// memory file system when there is one (every DDL step is a durable commit). Directories of
/// earlier runs whose process is gone are removed first.
pub fn env(name: &str) -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| {
        let base =
            if Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
        if let Ok(entries) = std::fs::read_dir(&base) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if let Some(pid) = n.strip_prefix("esent-fuzz-").and_then(|r| r.split('-').next())
                    && !Path::new(&format!("/proc/{pid}")).exists()
                {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = base.join(format!("esent-fuzz-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a directory for the fuzz databases");
        let mut inst = 0usize;
        let mut sesid = 0usize;
        let iname = cstr(&format!("fuzz-{name}"));
        // SAFETY: pointers to live locals and NUL-terminated strings.
        unsafe {
            assert_eq!(instance::JetCreateInstanceA(&mut inst, iname.as_ptr()), 0);
            assert_eq!(instance::JetInit(&mut inst), 0);
            assert_eq!(session::JetBeginSessionA(inst, &mut sesid, core::ptr::null(), core::ptr::null()), 0);
        }
        Env { inst, sesid, dir }
    })
}

pub fn cstr(s: &str) -> CString {
    CString::new(s).expect("no NUL")
}

pub fn path_c(p: &Path) -> CString {
    cstr(p.to_str().expect("UTF-8 path"))
}
