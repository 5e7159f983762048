//! Generated inputs for the tests that hold a fast path to the plain
//! reading it replaced (`privacy`, `citations`): reproducible, with no
//! dependency.

/// `count` texts, each of fewer than `max_pieces` pieces of `pieces`,
/// picked by a xorshift64 generator started at `seed`.
pub(crate) fn texts<'a>(
    seed: u64,
    pieces: &'a [&'a str],
    max_pieces: u64,
    count: usize,
) -> impl Iterator<Item = String> + 'a {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count).map(move |_| {
        let len = next() % max_pieces;
        (0..len)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect()
    })
}
