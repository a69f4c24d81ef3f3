//! The engine in safe Rust: handles, instances, sessions, transactions and parameters. It sees
//! no raw pointers and no C types beyond the integers the shims hand it.

pub mod coltype;
pub mod error;
pub mod failpoint;
pub mod handle;
pub mod instance;
pub mod key;
pub mod params;
pub mod record;
pub mod session;
pub mod thread;
pub mod trace;
