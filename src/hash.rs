//! Hashing: fast maps for lookups, and stable fingerprints of content.
//!
//! Lookups by id, path or search term happen hundreds of thousands of times
//! per build, on short keys; std's SipHash costs several times what
//! foldhash does there, and it defends against keys chosen by an attacker,
//! which a site's own files are not.
//!
//! Fingerprints decide whether an output (or a piece of search work) can be
//! reused, and some are kept on disk in the output's manifest, so they use
//! XXH3: a 64-bit hash with a published specification, good distribution,
//! and the same value in every process and on every machine.

use std::hash::Hash;

/// A hash map for lookups. Its iteration order is fixed but meaningless:
/// never let it decide the order of anything written out.
pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// A hash set for lookups (see [`Map`]).
pub type Set<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;

/// A streaming fingerprint: feed it with [`Hash`] or `std::io::Write`.
pub type Fingerprinter = xxhash_rust::xxh3::Xxh3Default;

/// A fresh [`Fingerprinter`].
pub fn fingerprinter() -> Fingerprinter {
    Fingerprinter::new()
}

/// The fingerprint of a value, as its [`Hash`] implementation feeds it.
pub fn fingerprint(value: impl Hash) -> u64 {
    let mut h = fingerprinter();
    value.hash(&mut h);
    std::hash::Hasher::finish(&h)
}

/// The fingerprint of a byte string.
pub fn fingerprint_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_the_same_in_every_process() {
        // Kept on disk between builds: a change here makes every output
        // folder's manifest useless (correct, but a full re-render).
        assert_eq!(
            fingerprint_bytes(b"samsyn"),
            xxhash_rust::xxh3::xxh3_64(b"samsyn")
        );
        assert_eq!(fingerprint(("a", 1u32)), fingerprint(("a", 1u32)));
        assert_ne!(fingerprint(("a", 1u32)), fingerprint(("a", 2u32)));
    }

    #[test]
    fn fingerprint_separates_adjacent_strings() {
        assert_ne!(fingerprint(("ab", "c")), fingerprint(("a", "bc")));
    }
}
