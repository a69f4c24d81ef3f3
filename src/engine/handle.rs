//! Handle encoding (S-HDL-01..03).
//!
//! A handle is an integer the library decodes, never a pointer it follows. The top three bits
//! are a kind tag, so a session handle can never be taken for an instance handle or the
//! reverse, and 0 and all-bits-set are never issued (neither carries a valid tag).
//!
//! ```text
//! instance: tag 011 | slot (14 bits) | generation (47 bits)
//! session:  tag 101 | instance slot (14) | session slot (15) | generation (32)
//! ```
//!
//! Generations start at 1 and only grow; a slot whose generation would wrap is retired, so a
//! value once issued is never issued again while the process lives (S-HDL-02).

const TAG_SHIFT: u32 = 61;
const TAG_INSTANCE: u64 = 0b011;
const TAG_SESSION: u64 = 0b101;

/// Instance slots: cMaxInstances, the upper bound of `JET_paramMaxInstances`.
pub const INSTANCE_SLOTS: usize = 10240;
/// Session slots per instance slot: above the upper bound of `JET_paramMaxSessions` (30000).
pub const SESSION_SLOTS: usize = 1 << 15;

const INST_SHIFT: u32 = 47;
const INST_MASK: u64 = (1 << 14) - 1;
const SES_SHIFT: u32 = 32;
const SES_MASK: u64 = (1 << 15) - 1;
/// The largest instance generation a handle can carry.
pub const INSTANCE_GEN_MAX: u64 = (1 << 47) - 1;
/// The largest session generation a handle can carry.
pub const SESSION_GEN_MAX: u32 = u32::MAX;

const _: () = assert!(usize::BITS == 64, "libesent's handle encoding needs 64-bit JET_API_PTR");
const _: () = assert!(INSTANCE_SLOTS as u64 <= INST_MASK + 1);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct InstanceHandle {
    pub slot: usize,
    pub generation: u64,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SessionHandle {
    pub instance: usize,
    pub slot: usize,
    pub generation: u32,
}

impl InstanceHandle {
    pub fn encode(self) -> u64 {
        debug_assert!(
            self.slot < INSTANCE_SLOTS && self.generation != 0 && self.generation <= INSTANCE_GEN_MAX
        );
        (TAG_INSTANCE << TAG_SHIFT) | ((self.slot as u64) << INST_SHIFT) | self.generation
    }

    /// `None` for anything this library could not have issued as an instance handle.
    pub fn decode(h: u64) -> Option<Self> {
        if h >> TAG_SHIFT != TAG_INSTANCE {
            return None;
        }
        let slot = ((h >> INST_SHIFT) & INST_MASK) as usize;
        let generation = h & INSTANCE_GEN_MAX;
        (slot < INSTANCE_SLOTS && generation != 0).then_some(Self { slot, generation })
    }
}

impl SessionHandle {
    pub fn encode(self) -> u64 {
        debug_assert!(self.instance < INSTANCE_SLOTS && self.slot < SESSION_SLOTS && self.generation != 0);
        (TAG_SESSION << TAG_SHIFT)
            | ((self.instance as u64) << INST_SHIFT)
            | ((self.slot as u64) << SES_SHIFT)
            | self.generation as u64
    }

    /// `None` for anything this library could not have issued as a session handle.
    #[inline(always)]
    pub fn decode(h: u64) -> Option<Self> {
        if h >> TAG_SHIFT != TAG_SESSION {
            return None;
        }
        let instance = ((h >> INST_SHIFT) & INST_MASK) as usize;
        let slot = ((h >> SES_SHIFT) & SES_MASK) as usize;
        let generation = h as u32;
        (instance < INSTANCE_SLOTS && generation != 0).then_some(Self { instance, slot, generation })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_kinds_never_collide() {
        let i = InstanceHandle { slot: INSTANCE_SLOTS - 1, generation: INSTANCE_GEN_MAX };
        assert_eq!(InstanceHandle::decode(i.encode()), Some(i));
        assert_eq!(SessionHandle::decode(i.encode()), None);
        let s = SessionHandle { instance: 7, slot: SESSION_SLOTS - 1, generation: u32::MAX };
        assert_eq!(SessionHandle::decode(s.encode()), Some(s));
        assert_eq!(InstanceHandle::decode(s.encode()), None);
    }

    #[test]
    fn zero_nil_and_non_canonical_values_are_rejected() {
        for h in [0, u64::MAX, 1, 0x1000, u64::MAX >> 1] {
            assert_eq!(InstanceHandle::decode(h), None, "{h:#x}");
            assert_eq!(SessionHandle::decode(h), None, "{h:#x}");
        }
        // Generation 0 and an instance slot past the table are never issued.
        let s = SessionHandle { instance: 1, slot: 1, generation: 1 }.encode();
        assert_eq!(SessionHandle::decode(s & !0xFFFF_FFFF), None);
        let beyond = (TAG_INSTANCE << TAG_SHIFT) | ((INSTANCE_SLOTS as u64) << INST_SHIFT) | 1;
        assert_eq!(InstanceHandle::decode(beyond), None);
    }
}
