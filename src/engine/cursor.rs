//! Cursors (`JET_TABLEID`s): the per-slot state a session keeps for each cursor it opened.
//! The handle machinery (resolution, ownership, the session's list, closing on rollback, end
//! and term) is in `engine::session`; what a cursor points at is its [`CursorData`].

/// What a cursor is open on. Closing a cursor drops its data, freeing what it holds.
#[derive(Debug, Default)]
pub enum CursorData {
    /// A cursor slot between uses (and the data of cursors that hold nothing else).
    #[default]
    Empty,
}

impl CursorData {
    /// The database the cursor is open on, if any.
    pub fn dbid(&self) -> Option<u32> {
        match self {
            CursorData::Empty => None,
        }
    }
}

/// One cursor slot's state, touched only inside a call of the owning session.
#[derive(Debug, Default)]
pub struct CursorState {
    /// Neighbours in the owning session's list (slot index + 1; 0 ends the list).
    pub(crate) prev: u32,
    pub(crate) next: u32,
    /// The transaction level the cursor belongs to: the level it was opened at, lowered as
    /// commits merge levels; a rollback of that level closes it (S-THD-02).
    pub(crate) level: u8,
    pub data: CursorData,
}
