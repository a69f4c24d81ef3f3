//! libesent: the Extensible Storage Engine (JET) API of esent.dll as a C library.
//!
//! `abi` holds the C-visible types and constants, `api` the `extern "C"` shims (the only place
//! raw pointers are touched), and `engine` the state and rules in safe Rust. See README.md.

// The JET names (JET_errInvalidParameter, JET_paramMaxSessions...) are the ABI's own spelling.
#![allow(non_upper_case_globals)]
// Every unsafe block says why it is sound.
#![deny(clippy::undocumented_unsafe_blocks)]

pub mod abi;
pub mod api;
pub mod engine;
