//! Cursors (`JET_TABLEID`s): the per-slot state a session keeps for each cursor it opened.
//! The handle machinery (resolution, ownership, the session's list, closing on rollback, end
//! and term) is in `engine::session`; what a cursor points at is its [`CursorData`].

use crate::engine::database::TableLock;

/// What a cursor is open on. Closing a cursor drops its data, freeing what it holds.
#[derive(Debug, Default)]
pub enum CursorData {
    /// A cursor slot between uses (and the data of cursors that hold nothing else).
    #[default]
    Empty,
    /// A cursor on a table of an attached database.
    Table(Box<TableCursor>),
    /// A cursor on a temporary table (`engine::temp`).
    Temp(Box<crate::engine::temp::TempCursor>),
}

impl CursorData {
    /// The cursor on a table of an attached database: a temporary table's cursor takes no
    /// table-level call (DDL, table information: `JET_errIllegalOperation`, data-records §8.6),
    /// an empty slot is `JET_errInvalidTableId`.
    pub fn table(&mut self) -> crate::engine::error::JetResult<&mut TableCursor> {
        use crate::abi::consts::*;
        match self {
            CursorData::Table(t) => Ok(t),
            CursorData::Temp(_) => crate::engine::error::fail(JET_errIllegalOperation),
            CursorData::Empty => crate::engine::error::fail(JET_errInvalidTableId),
        }
    }

    /// The database the cursor is open on, if any.
    pub fn dbid(&self) -> Option<u32> {
        match self {
            CursorData::Empty => None,
            CursorData::Table(t) => Some(t.dbid),
            // The scratch database is no attachment: JetCloseDatabase never closes these.
            CursorData::Temp(_) => None,
        }
    }
}

/// A cursor on a table (JetOpenTable, JetCreateTable*). Its lock in the table's lock matrix is
/// released when the cursor is closed (the lock drops with it).
#[derive(Debug)]
pub struct TableCursor {
    pub lock: TableLock,
    pub dbid: u32,
    /// The open grbit (JET_bitTable*).
    pub grbit: u32,
    /// Whether the cursor may change the table.
    pub updatable: bool,
    /// Its records: schema view, snapshot, position, prepared update (`engine::data`).
    pub rec: crate::engine::data::RecState,
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
