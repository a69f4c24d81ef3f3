//! The engine in safe Rust: handles, instances, sessions, cursors, transactions and parameters.
//! It sees no raw pointers and no C types beyond the integers the shims hand it. See
//! docs/architecture.md for how the modules fit together.

pub mod build;
pub mod catalog;
pub mod coltype;
pub mod core;
pub mod cursor;
pub mod data;
pub mod database;
pub mod enumerate;
pub mod error;
pub mod failpoint;
pub mod handle;
pub mod index;
pub mod info;
pub mod instance;
pub mod journal;
pub mod key;
pub mod lifetime;
pub mod lp64;
pub mod lv;
pub mod params;
pub mod pool;
pub mod position;
pub mod record;
pub mod retrieve;
pub mod schema;
pub mod seek;
pub mod session;
pub mod slots;
pub mod snapshots;
pub mod store;
pub mod table;
pub mod temp;
pub mod thread;
pub mod trace;
pub mod txn;
pub mod undo;
pub mod view;
