//! The undo log of a transaction: what a rollback must put back. Each entry belongs to the
//! transaction level that made it; a commit hands a level's entries to its parent, a commit to
//! level 0 settles them, a rollback of a level undoes its entries, newest first (data-records
//! §9.5/§9.6, data-ddl §10.1). The session keeps the log; what an entry does is its own
//! (`engine::database` for DDL), so the session layer knows nothing of tables.

use crate::engine::error::JetResult;

/// One change a rollback can undo.
pub trait Undo: Send {
    /// Puts back what the change replaced.
    fn undo(self: Box<Self>) -> JetResult<()>;
    /// The change's transaction committed to level 0: release what the undo kept.
    fn settle(self: Box<Self>) -> JetResult<()>;
}

/// An undo step and the level it belongs to.
pub struct Entry {
    pub level: u8,
    pub step: Box<dyn Undo>,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "undo entry at level {}", self.level)
    }
}
