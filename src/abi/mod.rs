//! The C-visible types and constants of esent.h, with the widths of contract §1 (S-ABI-01..04).
//! Nothing here has behaviour; cbindgen reads these declarations to write the header.
#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use core::ffi::{c_char, c_int, c_void};

/// Every `JET_err*` / `JET_wrn*` / `JET_param*` / `JET_sesparam*` / `JET_bit*` / `JET_config*`
/// value, generated from `data/jet-constants.tsv` (the header's `#define`s come from the same
/// table).
pub mod consts {
    include!(concat!(env!("OUT_DIR"), "/constants.rs"));
}

mod data;
pub use data::*;

/// Result of every Jet function: 0 is success, warnings are positive, errors negative.
pub type JET_ERR = i32;
/// An integer the width of a pointer: the representation of every handle.
pub type JET_API_PTR = usize;
pub type JET_HANDLE = JET_API_PTR;
/// An instance handle: an opaque integer issued by JetCreateInstance or JetInit.
pub type JET_INSTANCE = JET_API_PTR;
/// A session handle: an opaque integer issued by JetBeginSession or JetDupSession.
pub type JET_SESID = JET_API_PTR;
pub type JET_TABLEID = JET_API_PTR;
pub type JET_DBID = u32;
/// A set of option bits.
pub type JET_GRBIT = u32;
/// A UTF-16 code unit (Windows `WCHAR`), whatever the width of the platform's `wchar_t`.
pub type WCHAR = u16;
/// A NUL-terminated UTF-8 string.
pub type JET_PCSTR = *const c_char;
pub type JET_PSTR = *mut c_char;
/// A NUL-terminated UTF-16 string.
pub type JET_PCWSTR = *const WCHAR;
pub type JET_PWSTR = *mut WCHAR;
/// Status notification process and type, passed to a JET_PFNSTATUS callback.
pub type JET_SNP = u32;
pub type JET_SNT = u32;
/// Progress callback of restore and recovery (kept for JET_RSTINFO; never called yet).
pub type JET_PFNSTATUS =
    Option<unsafe extern "C" fn(sesid: JET_SESID, snp: JET_SNP, snt: JET_SNT, pv: *mut c_void) -> JET_ERR>;

/// A position in the transaction log. The header declares it by hand (cbindgen.toml), before
/// JET_BKINFO which embeds it; the size is asserted below and by c-tests/test_abi_data.c.
#[repr(C)]
#[derive(Clone, Copy, Default, Debug)]
pub struct JET_LGPOS {
    pub ib: u16,
    pub isec: u16,
    pub lGeneration: i32,
}

/// A log timestamp. In C the two filler bytes are unions with the Windows header's bit fields
/// (`fTimeIsUTC:1, bMillisecondsLow:7` and `fReserved:1, bMillisecondsHigh:3, fUnused:4`, lowest
/// bit first); the header writes that declaration by hand (cbindgen.toml), and this one keeps
/// the same size and offsets (asserted below, and from C by c-tests/test_header.c).
#[repr(C)]
#[derive(Clone, Copy, Default, Debug)]
pub struct JET_LOGTIME {
    pub bSeconds: c_char,
    pub bMinutes: c_char,
    pub bHours: c_char,
    pub bDay: c_char,
    pub bMonth: c_char,
    pub bYear: c_char,
    pub bFiller1: u8,
    pub bFiller2: u8,
}

/// Identifies a transaction log stream.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_SIGNATURE {
    pub ulRandom: u32,
    pub logtimeCreate: JET_LOGTIME,
    pub szComputerName: [c_char; 16],
}

/// Identifies a durable commit (JetCommitTransaction2).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_COMMIT_ID {
    pub signLog: JET_SIGNATURE,
    pub reserved: c_int,
    pub commitId: i64,
}

/// Database path remapping for recovery (narrow).
#[repr(C)]
pub struct JET_RSTMAP_A {
    pub szDatabaseName: *mut c_char,
    pub szNewDatabaseName: *mut c_char,
}

/// Database path remapping for recovery (wide).
#[repr(C)]
pub struct JET_RSTMAP_W {
    pub szDatabaseName: *mut WCHAR,
    pub szNewDatabaseName: *mut WCHAR,
}

/// Recovery options for JetInit3A. `cbStruct` must equal `sizeof(JET_RSTINFO_A)`.
#[repr(C)]
pub struct JET_RSTINFO_A {
    pub cbStruct: u32,
    pub rgrstmap: *mut JET_RSTMAP_A,
    pub crstmap: i32,
    pub lgposStop: JET_LGPOS,
    pub logtimeStop: JET_LOGTIME,
    pub pfnStatus: JET_PFNSTATUS,
}

/// Recovery options for JetInit3W. `cbStruct` must equal `sizeof(JET_RSTINFO_W)`.
#[repr(C)]
pub struct JET_RSTINFO_W {
    pub cbStruct: u32,
    pub rgrstmap: *mut JET_RSTMAP_W,
    pub crstmap: i32,
    pub lgposStop: JET_LGPOS,
    pub logtimeStop: JET_LOGTIME,
    pub pfnStatus: JET_PFNSTATUS,
}

/// One parameter for JetEnableMultiInstanceA; the library writes `err`.
#[repr(C)]
pub struct JET_SETSYSPARAM_A {
    pub paramid: u32,
    pub lParam: JET_API_PTR,
    pub sz: *const c_char,
    pub err: JET_ERR,
}

/// One parameter for JetEnableMultiInstanceW; the library writes `err`.
#[repr(C)]
pub struct JET_SETSYSPARAM_W {
    pub paramid: u32,
    pub lParam: JET_API_PTR,
    pub sz: *const WCHAR,
    pub err: JET_ERR,
}

/// One live instance, as listed by JetGetInstanceInfoA.
#[repr(C)]
pub struct JET_INSTANCE_INFO_A {
    pub hInstanceId: JET_INSTANCE,
    pub szInstanceName: *mut c_char,
    pub cDatabases: JET_API_PTR,
    pub szDatabaseFileName: *mut *mut c_char,
    pub szDatabaseDisplayName: *mut *mut c_char,
    pub szDatabaseSLVFileName_Obsolete: *mut *mut c_char,
}

/// One live instance, as listed by JetGetInstanceInfoW.
#[repr(C)]
pub struct JET_INSTANCE_INFO_W {
    pub hInstanceId: JET_INSTANCE,
    pub szInstanceName: *mut WCHAR,
    pub cDatabases: JET_API_PTR,
    pub szDatabaseFileName: *mut *mut WCHAR,
    pub szDatabaseDisplayName: *mut *mut WCHAR,
    pub szDatabaseSLVFileName_Obsolete: *mut *mut WCHAR,
}

/// The value of `JET_sesparamOperationContext` (8 bytes).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JET_OPERATIONCONTEXT {
    pub ulUserID: u32,
    pub nOperationID: u8,
    pub nOperationType: u8,
    pub nClientType: u8,
    pub fFlags: u8,
}

const _: () = {
    assert!(core::mem::size_of::<JET_OPERATIONCONTEXT>() == 8);
    assert!(core::mem::size_of::<JET_LOGTIME>() == 8);
    assert!(core::mem::align_of::<JET_LOGTIME>() == 1);
    assert!(core::mem::offset_of!(JET_LOGTIME, bYear) == 5);
    assert!(core::mem::offset_of!(JET_LOGTIME, bFiller1) == 6);
    assert!(core::mem::offset_of!(JET_LOGTIME, bFiller2) == 7);
    assert!(core::mem::offset_of!(JET_SIGNATURE, logtimeCreate) == 4);
    assert!(core::mem::offset_of!(JET_SIGNATURE, szComputerName) == 12);
    assert!(core::mem::size_of::<JET_SIGNATURE>() == 28);
    assert!(core::mem::size_of::<JET_COMMIT_ID>() == 40);
};
