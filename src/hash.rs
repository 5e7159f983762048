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
//! and the same value in every process. (Values fed through `Hash` carry
//! native-width lengths, so another kind of machine may differ: that only
//! costs a full render.)

use std::hash::Hash;

/// A hash map for lookups. Its iteration order is fixed but meaningless:
/// never let it decide the order of anything written out.
pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// A hash set for lookups (see [`Map`]).
pub type Set<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;

/// A streaming fingerprint: feed it with [`Hash`] or `std::io::Write`.
///
/// The XXH3 of everything written, however it was cut into writes. Most
/// fingerprints are of a few hundred bytes fed as many small values, for
/// which XXH3's streaming state costs more than the hashing: those bytes
/// are gathered on the stack and hashed at once; longer input streams.
pub struct Fingerprinter {
    buf: [u8; BUF],
    len: usize,
    stream: Option<Box<xxhash_rust::xxh3::Xxh3Default>>,
}

const BUF: usize = 512;

impl Fingerprinter {
    /// A fresh fingerprint.
    pub fn new() -> Fingerprinter {
        Fingerprinter {
            buf: [0; BUF],
            len: 0,
            stream: None,
        }
    }
}

impl Default for Fingerprinter {
    fn default() -> Self {
        Fingerprinter::new()
    }
}

impl std::hash::Hasher for Fingerprinter {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if end <= BUF {
            self.buf[self.len..end].copy_from_slice(bytes);
            self.len = end;
            return;
        }
        let stream = self.stream.get_or_insert_with(Default::default);
        stream.update(&self.buf[..self.len]);
        self.len = 0;
        stream.update(bytes);
    }

    fn finish(&self) -> u64 {
        let rest = &self.buf[..self.len];
        match &self.stream {
            None => xxhash_rust::xxh3::xxh3_64(rest),
            Some(stream) => {
                let mut s = stream.as_ref().clone();
                s.update(rest);
                s.digest()
            }
        }
    }
}

impl std::io::Write for Fingerprinter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(self, bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_the_same_in_every_process() {
        // Kept on disk between builds: a change here makes every output
        // folder's manifest useless (correct, but a full re-render).
        assert_eq!(
            xxhash_rust::xxh3::xxh3_64(b"samsyn"),
            xxhash_rust::xxh3::xxh3_64(b"samsyn")
        );
        assert_eq!(fingerprint(("a", 1u32)), fingerprint(("a", 1u32)));
        assert_ne!(fingerprint(("a", 1u32)), fingerprint(("a", 2u32)));
    }

    #[test]
    fn fingerprint_does_not_depend_on_how_input_is_cut() {
        use std::hash::Hasher;
        let data: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        for cut in [1, 7, 511, 512, 513, 4999] {
            let mut h = fingerprinter();
            for chunk in data.chunks(cut) {
                h.write(chunk);
            }
            assert_eq!(
                h.finish(),
                xxhash_rust::xxh3::xxh3_64(&data),
                "chunks of {cut}"
            );
        }
    }

    #[test]
    fn fingerprint_separates_adjacent_strings() {
        assert_ne!(fingerprint(("ab", "c")), fingerprint(("a", "bc")));
    }
}
