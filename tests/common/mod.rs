//! Shared by the randomized harnesses (tests/model.rs, tests/stress.rs): a seeded PRNG, the
//! environment knobs, and error names for messages. No dependencies beyond std.
#![allow(dead_code)]

use std::time::{SystemTime, UNIX_EPOCH};

/// splitmix64: tiny, fast, and good enough to drive a test generator. The whole run is a
/// function of the seed.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform index into a collection of `n` (> 0) elements.
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }

    /// Picks an index with the given weights (at least one non-zero).
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| w as u64).sum();
        let mut r = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if r < w as u64 {
                return i;
            }
            r -= w as u64;
        }
        unreachable!("weights sum to {total}")
    }
}

/// An unsigned integer from the environment, if set and well-formed (decimal or 0x-hex).
pub fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => v.parse().ok(),
    }
}

/// `ESENT_SEED` if set, else a fresh seed from the clock and the process id.
pub fn seed() -> u64 {
    env_u64("ESENT_SEED").unwrap_or_else(|| {
        let t = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0);
        let mut r = Rng::new(t ^ ((std::process::id() as u64) << 32));
        r.next_u64()
    })
}

/// The name of a JET code for messages ("JET_errInvalidSesid (-1104)").
pub fn code_name(code: i32) -> String {
    let name = match code {
        0 => "JET_errSuccess",
        -107 => "JET_errInternalError",
        -506 => "JET_errRestoreInProgress",
        -602 => "JET_errUnicodeTranslationFail",
        -900 => "JET_errInvalidGrbit",
        -1000 => "JET_errTermInProgress",
        -1001 => "JET_errFeatureNotAvailable",
        -1003 => "JET_errInvalidParameter",
        -1011 => "JET_errOutOfMemory",
        -1014 => "JET_errOutOfBuffers",
        -1029 => "JET_errNotInitialized",
        -1030 => "JET_errAlreadyInitialized",
        -1031 => "JET_errInitInProgress",
        -1038 => "JET_errBufferTooSmall",
        -1047 => "JET_errInvalidBufferSize",
        -1054 => "JET_errNotInTransaction",
        -1059 => "JET_errTooManyActiveUsers",
        -1080 => "JET_errRunningInOneInstanceMode",
        -1081 => "JET_errRunningInMultiInstanceMode",
        -1082 => "JET_errSystemParamsAlreadySet",
        -1086 => "JET_errInstanceNameInUse",
        -1087 => "JET_errSystemParameterConflict",
        -1090 => "JET_errInstanceUnavailable",
        -1093 => "JET_errInvalidSesparamId",
        -1101 => "JET_errOutOfSessions",
        -1103 => "JET_errTransTooDeep",
        -1104 => "JET_errInvalidSesid",
        -1115 => "JET_errInvalidInstance",
        -1116 => "JET_errDirtyShutdown",
        -1214 => "JET_errTooManyInstances",
        -1329 => "JET_errClientRequestToStopJetService",
        -1906 => "JET_errInvalidOperation",
        -1910 => "JET_errSessionSharingViolation",
        -1912 => "JET_errSessionContextAlreadySet",
        -1913 => "JET_errSessionContextNotSetByThisThread",
        -1914 => "JET_errSessionInUse",
        _ => "?",
    };
    format!("{name} ({code})")
}
