//! A sentence made in pieces, so that its first sound comes early. A Piper model makes a whole
//! input at once: a long sentence would be heard only when all of it is made. The sentence is
//! therefore cut at its clauses (where espeak-ng puts a comma's pause, and where a newsreader
//! breathes), the first clause made alone, and each later piece made while the ones before it
//! play. A piece is never more than [`GROWTH`] times the speech before it, so it is ready in
//! time even when the inference thread runs at a third of its usual speed on a busy machine;
//! within that bound pieces are as long as possible, so a sentence has as few cuts as it can.
//! The cuts depend only on the sentence, so a reading and a render of it give the same
//! samples.

use std::ops::Range;

/// How much longer than the speech already made a piece may be. A piece is made while the
/// pieces before it play; with the model running `S` times faster than real time, a piece up
/// to `S - 1` times everything before it is ready before they have been heard. A medium voice
/// runs about 12 times faster than real time on one core of the development machine, and
/// about 9 times with both cores busy with other builds (`cargo bench --bench piper`): 3 keeps
/// the reading whole on a machine twice as busy as that.
pub(crate) const GROWTH: usize = 3;

/// The pieces of a sentence whose clauses have these `lengths` (any measure of their speech,
/// such as their number of phonemes): ranges of clause indexes, in order, covering them all.
pub(crate) fn plan(lengths: &[usize]) -> Vec<Range<usize>> {
    let mut pieces: Vec<Range<usize>> = Vec::new();
    // The speech in the pieces closed so far, and in the one being filled.
    let (mut before, mut current) = (0usize, 0usize);
    for (index, &length) in lengths.iter().enumerate() {
        let Some(last) = pieces.last_mut() else {
            pieces.push(index..index + 1);
            current = length;
            continue;
        };
        let first = before == 0;
        // The clause joins the piece being filled while that piece stays within its bound
        // (the first piece has none: it is made before anything plays).
        let fits = !first && current + length <= GROWTH * before;
        // Or it starts a new piece, if that is within the bound the filled one gives it.
        let starts = length <= GROWTH * (before + current);
        if fits || (!starts && first) {
            last.end = index + 1;
            current += length;
        } else {
            before += current;
            current = length;
            pieces.push(index..index + 1);
        }
    }
    pieces
}

/// How much longer than the frames already made a chunk may be. Less than [`GROWTH`]: a
/// chunk is made with its context (51 frames on each side for a medium voice's flow and
/// decoder), which for the first chunks is more than the chunk itself; with 3, the second
/// chunk came late once in ten readings of `tests/piper_playback.rs` on a machine loaded to
/// 5 (the playback ran dry); with 2 it is ready in time with the inference at a third of
/// its speed.
pub(crate) const CHUNK_GROWTH: usize = 2;

/// The chunks of latent frames a piece of `frames` frames is decoded in, so that its first
/// audio comes early: the first `first` frames, then each chunk up to [`CHUNK_GROWTH`]
/// times the frames before it (each is made while the ones before it play), the last one
/// taking up to half a chunk more rather than leave a sliver.
pub(crate) fn chunks(frames: usize, first: usize) -> Vec<Range<usize>> {
    let mut chunks = Vec::new();
    let mut done = 0;
    while done < frames {
        let mut size = if done == 0 {
            first.max(1)
        } else {
            CHUNK_GROWTH * done
        };
        if frames - done <= size + size / 2 {
            size = frames - done;
        }
        chunks.push(done..done + size);
        done += size;
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_grow_and_cover_the_frames() {
        assert_eq!(chunks(300, 32), [0..32, 32..96, 96..300]);
        assert_eq!(chunks(40, 32), std::iter::once(0..40).collect::<Vec<_>>());
        assert_eq!(chunks(48, 32), std::iter::once(0..48).collect::<Vec<_>>());
        assert_eq!(chunks(49, 32), [0..32, 32..49]);
        assert_eq!(chunks(60, 32), [0..32, 32..60]);
        assert_eq!(chunks(600, 32), [0..32, 32..96, 96..288, 288..600]);
        assert!(chunks(0, 32).is_empty());
        assert_eq!(chunks(3, 0), [0..1, 1..3]);
    }

    #[test]
    fn one_clause_is_one_piece() {
        assert_eq!(plan(&[40]), vec![0..1]);
        assert!(plan(&[]).is_empty());
    }

    #[test]
    fn the_first_clause_comes_alone_and_later_pieces_grow() {
        // 10 alone, then pieces of up to three times what came before.
        assert_eq!(plan(&[10, 8, 9, 30, 14, 5]), [0..1, 1..3, 3..6]);
    }

    #[test]
    fn a_long_clause_after_a_short_one_joins_it() {
        // 50 after 10 might not be ready in time: the first piece takes both.
        assert_eq!(plan(&[10, 50, 20]), [0..2, 2..3]);
        assert_eq!(plan(&[4, 60]), vec![0..2]);
    }

    #[test]
    fn a_long_clause_later_starts_its_own_piece() {
        // After 10 + 20, a clause of 100 is over the bound either way: it comes alone.
        assert_eq!(plan(&[10, 20, 100]), [0..1, 1..2, 2..3]);
    }

    #[test]
    fn every_piece_is_within_its_bound_where_the_clauses_allow_it() {
        let lengths = [12, 3, 7, 22, 9, 14, 30, 2, 41, 18, 6];
        let pieces = plan(&lengths);
        assert_eq!(pieces.first().unwrap().start, 0);
        assert_eq!(pieces.last().unwrap().end, lengths.len());
        let mut before = 0;
        for (n, piece) in pieces.iter().enumerate() {
            assert!(n == 0 || piece.start == pieces[n - 1].end);
            let length: usize = lengths[piece.clone()].iter().sum();
            assert!(n == 0 || length <= GROWTH * before, "{pieces:?}");
            before += length;
        }
    }
}
