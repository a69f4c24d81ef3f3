//! The library's own release number, apart from the JET API (whose `JetGetVersion` reports the
//! Windows API level instead).

use core::ffi::{CStr, c_char};

/// Cargo.toml's `version`, NUL-terminated; the header's `ESENT_VERSION_*` macros come from the
/// same field (build.rs).
const VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
    Ok(v) => v,
    Err(_) => panic!("CARGO_PKG_VERSION holds a NUL"),
};

/// The release of the loaded library, as "MAJOR.MINOR.PATCH" (for example "0.1.0"): what
/// `ESENT_VERSION_STRING` says for the header it was built with. A program compares the two to
/// see that it runs against the release it was compiled for. The string is static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn esent_version() -> *const c_char {
    VERSION.as_ptr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_the_crate_version() {
        // SAFETY: esent_version returns a pointer to a static NUL-terminated string.
        let v = unsafe { CStr::from_ptr(esent_version()) };
        assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
        assert_eq!(v.to_str().unwrap().split('.').count(), 3);
    }
}
