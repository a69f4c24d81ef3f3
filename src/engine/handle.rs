//! Handle encoding (S-HDL-01..03, S-THD-01).
//!
//! A handle is an integer the library decodes, never a pointer it follows. Every kind of handle
//! is described by one [`Layout`]: a 3-bit kind tag in the top bits, then (for handles that live
//! inside an instance) the instance slot, then the object's slot, then its generation. The tag
//! keeps kinds apart (a session handle can never be taken for a table id or an instance), and
//! 0 and all-bits-set are never issued (neither carries a valid tag).
//!
//! ```text
//! instance: tag 011 |                      slot (14 bits) | generation (47 bits)
//! session:  tag 101 | instance slot (14) | slot (15 bits) | generation (32 bits)
//! table id: tag 110 | instance slot (14) | slot (20 bits) | generation (27 bits)
//! ```
//!
//! Generations start at 1 and only grow; a slot whose generation would pass its layout's
//! maximum is retired, so a value once issued is never issued again while the library is
//! loaded (S-HDL-02).

/// Instance slots: cMaxInstances, the upper bound of `JET_paramMaxInstances`.
pub const INSTANCE_SLOTS: usize = 10240;

const TAG_SHIFT: u32 = 61;
const INST_BITS: u32 = 14;

/// The bit layout of one kind of handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    tag: u64,
    /// Whether the handle carries the instance slot (every kind but instances themselves).
    in_instance: bool,
    slot_bits: u32,
    gen_bits: u32,
}

/// The fields of a decoded handle. `instance` is 0 for instance handles.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Handle {
    pub instance: usize,
    pub slot: usize,
    pub generation: u64,
}

impl Layout {
    const fn new(tag: u64, in_instance: bool, slot_bits: u32, gen_bits: u32) -> Self {
        let inst = if in_instance { INST_BITS } else { 0 };
        assert!(3 + inst + slot_bits + gen_bits == 64, "a layout uses all 64 bits");
        Self { tag, in_instance, slot_bits, gen_bits }
    }

    /// How many slots a handle of this kind can address.
    pub const fn slots(&self) -> usize {
        1 << self.slot_bits
    }

    /// The largest generation a handle of this kind can carry.
    pub const fn gen_max(&self) -> u64 {
        (1 << self.gen_bits) - 1
    }

    pub fn encode(&self, h: Handle) -> u64 {
        debug_assert!(h.instance < INSTANCE_SLOTS && h.slot < self.slots());
        debug_assert!(h.generation != 0 && h.generation <= self.gen_max());
        let inst = if self.in_instance { (h.instance as u64) << (self.slot_bits + self.gen_bits) } else { 0 };
        (self.tag << TAG_SHIFT) | inst | ((h.slot as u64) << self.gen_bits) | h.generation
    }

    /// The fields of a value known to be a valid handle of this kind (no checks).
    #[inline(always)]
    pub fn fields(&self, v: u64) -> Handle {
        Handle {
            instance: if self.in_instance {
                ((v >> (self.slot_bits + self.gen_bits)) & ((1 << INST_BITS) - 1)) as usize
            } else {
                0
            },
            slot: ((v >> self.gen_bits) & (self.slots() as u64 - 1)) as usize,
            generation: v & self.gen_max(),
        }
    }

    /// `None` for anything this library could not have issued as a handle of this kind.
    #[inline(always)]
    pub fn decode(&self, v: u64) -> Option<Handle> {
        if v >> TAG_SHIFT != self.tag {
            return None;
        }
        let generation = v & self.gen_max();
        let slot = ((v >> self.gen_bits) & (self.slots() as u64 - 1)) as usize;
        let instance = if self.in_instance {
            ((v >> (self.slot_bits + self.gen_bits)) & ((1 << INST_BITS) - 1)) as usize
        } else {
            0
        };
        let in_range = if self.in_instance { instance < INSTANCE_SLOTS } else { slot < INSTANCE_SLOTS };
        (in_range && generation != 0).then_some(Handle { instance, slot, generation })
    }
}

pub const INSTANCE: Layout = Layout::new(0b011, false, INST_BITS, 47);
pub const SESSION: Layout = Layout::new(0b101, true, 15, 32);
pub const TABLE: Layout = Layout::new(0b110, true, 20, 27);

const _: () = assert!(usize::BITS == 64, "libesent's handle encoding needs 64-bit JET_API_PTR");
const _: () = assert!(INSTANCE_SLOTS <= 1 << INST_BITS);
/// Sessions per instance: above the upper bound of `JET_paramMaxSessions` (30000).
const _: () = assert!(SESSION.slots() > 30000);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_kinds_never_collide() {
        let i = Handle { instance: 0, slot: INSTANCE_SLOTS - 1, generation: INSTANCE.gen_max() };
        assert_eq!(INSTANCE.decode(INSTANCE.encode(i)), Some(i));
        assert_eq!(SESSION.decode(INSTANCE.encode(i)), None);
        assert_eq!(TABLE.decode(INSTANCE.encode(i)), None);
        let s = Handle { instance: 7, slot: SESSION.slots() - 1, generation: SESSION.gen_max() };
        assert_eq!(SESSION.decode(SESSION.encode(s)), Some(s));
        assert_eq!(INSTANCE.decode(SESSION.encode(s)), None);
        assert_eq!(TABLE.decode(SESSION.encode(s)), None);
        let t = Handle { instance: INSTANCE_SLOTS - 1, slot: TABLE.slots() - 1, generation: TABLE.gen_max() };
        assert_eq!(TABLE.decode(TABLE.encode(t)), Some(t));
        assert_eq!(SESSION.decode(TABLE.encode(t)), None);
    }

    #[test]
    fn zero_nil_and_non_canonical_values_are_rejected() {
        for h in [0, u64::MAX, 1, 0x1000, u64::MAX >> 1] {
            for l in [INSTANCE, SESSION, TABLE] {
                assert_eq!(l.decode(h), None, "{h:#x}");
            }
        }
        // Generation 0 and an instance slot past the table are never issued.
        let s = SESSION.encode(Handle { instance: 1, slot: 1, generation: 1 });
        assert_eq!(SESSION.decode(s & !0xFFFF_FFFF), None);
        let beyond = (0b011 << TAG_SHIFT) | ((INSTANCE_SLOTS as u64) << 47) | 1;
        assert_eq!(INSTANCE.decode(beyond), None);
        let beyond = (0b110u64 << TAG_SHIFT) | ((INSTANCE_SLOTS as u64) << 47) | 1;
        assert_eq!(TABLE.decode(beyond), None);
    }

    #[test]
    fn fields_do_not_overlap() {
        let a = TABLE.encode(Handle { instance: 1, slot: 0, generation: 1 });
        let b = TABLE.encode(Handle { instance: 0, slot: 1, generation: 1 });
        let c = TABLE.encode(Handle { instance: 0, slot: 0, generation: 2 });
        assert!(a != b && b != c && a != c);
        assert_eq!(TABLE.decode(a).unwrap().instance, 1);
        assert_eq!(TABLE.decode(b).unwrap().slot, 1);
        assert_eq!(TABLE.decode(c).unwrap().generation, 2);
    }
}
