//! The instance core: the per-instance state of the data layer, created by JetInit and torn
//! down by JetTerm after every session has ended. Calls reach it through an entered session
//! (`Session::instance().core()`), never through the process-wide registry lock (S-SES-11).

use crate::engine::database::{Database, DbSettings};
use crate::engine::params::UnicodeDefault;
use crate::engine::session::DBID_SLOTS;
use parking_lot::Mutex;
use std::sync::Arc;

/// The data-layer state of one initialized instance.
#[derive(Debug, Default)]
pub struct InstanceCore {
    /// Attached databases by JET_DBID: index 0 is the temporary database, 1..=6 user ones
    /// (S-THD-03). One mutex orders attach, detach, open and close.
    pub attachments: Mutex<[Option<Arc<Database>>; DBID_SLOTS]>,
    /// Settings captured at JetInit.
    pub settings: DbSettings,
    /// `JET_paramUnicodeIndexDefault`: it stays settable after JetInit (ESE's setter checks no
    /// lock), so index creation reads it here, where a set on the instance also writes it.
    pub unicode_default: Mutex<UnicodeDefault>,
    /// The scratch database of temporary tables and its settings (`engine::temp`).
    pub temp: crate::engine::temp::TempStore,
}

impl InstanceCore {
    pub fn new(settings: DbSettings, unicode_default: UnicodeDefault) -> Self {
        Self {
            attachments: Mutex::default(),
            settings,
            unicode_default: Mutex::new(unicode_default),
            temp: Default::default(),
        }
    }
}
