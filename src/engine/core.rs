//! The instance core: the per-instance state of the data layer, created by JetInit and torn
//! down by JetTerm after every session has ended. Calls reach it through an entered session
//! (`Session::instance().core()`), never through the process-wide registry lock (S-SES-11).

use crate::engine::session::DBID_SLOTS;
use parking_lot::Mutex;

/// One attached database, by its JET_DBID (S-THD-03).
#[derive(Debug)]
pub struct Attachment {
    /// The path as the caller gave it.
    pub path: String,
}

/// The data-layer state of one initialized instance.
#[derive(Debug, Default)]
pub struct InstanceCore {
    /// Attached databases by JET_DBID: index 0 is the temporary database, 1..=6 user ones.
    pub attachments: Mutex<[Option<Attachment>; DBID_SLOTS]>,
}

impl InstanceCore {
    pub fn new() -> Self {
        Self::default()
    }
}
