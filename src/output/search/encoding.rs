//! The posting code of the term shards: numbers in a base-32 text that needs no separators
//! (the last digit of a number comes from another alphabet than the others), so a term's
//! (page delta, chunk, score) triples are one short run of letters.

/// Digits of the posting encoding: a number is written most significant digit first in base
/// 32, every digit but the last from CONTINUE, the last from FINAL; so most postings (page
/// delta, chunk and score all below 32) take three characters.
pub(super) const FINAL: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
/// The digits of a number before its last (see [`FINAL`]).
pub(super) const CONTINUE: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// The posting encoding of `value`: `digits[start..]`.
#[inline]
fn digits(value: u32) -> ([u8; 7], usize) {
    let mut digits = [0u8; 7];
    let mut i = digits.len() - 1;
    digits[i] = FINAL[(value % 32) as usize];
    let mut rest = value / 32;
    while rest > 0 {
        i -= 1;
        digits[i] = CONTINUE[(rest % 32) as usize];
        rest /= 32;
    }
    (digits, i)
}

/// Append one posting (page delta, chunk, score) in the posting encoding.
#[inline]
pub(super) fn encode_posting(page_delta: u32, chunk: u32, score: u32, out: &mut Vec<u8>) {
    if (page_delta | chunk | score) < 32 {
        out.extend_from_slice(&[
            FINAL[page_delta as usize],
            FINAL[chunk as usize],
            FINAL[score as usize],
        ]);
    } else {
        for value in [page_delta, chunk, score] {
            let (digits, start) = digits(value);
            out.extend_from_slice(&digits[start..]);
        }
    }
}

/// The number of characters the posting encoding takes for `value`.
pub(super) fn encoded_len(value: u32) -> usize {
    1 + (32 - value.leading_zeros() as usize).saturating_sub(1) / 5
}

/// The numbers of an encoded posting string (the inverse of `encode_posting`).
#[cfg(test)]
pub(crate) fn decode(text: &str) -> Vec<u32> {
    let mut values = Vec::new();
    let mut acc = 0u32;
    for b in text.bytes() {
        if let Some(d) = FINAL.iter().position(|&f| f == b) {
            values.push(acc * 32 + d as u32);
            acc = 0;
        } else if let Some(d) = CONTINUE.iter().position(|&c| c == b) {
            acc = acc * 32 + d as u32;
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_encoded_compactly_and_decode_back() {
        let values = [0, 1, 31, 32, 33, 1023, 1024, 40_000, 3, u32::MAX, 5, 6];
        let mut text = Vec::new();
        for posting in values.chunks(3) {
            encode_posting(posting[0], posting[1], posting[2], &mut text);
        }
        let text = String::from_utf8(text).unwrap();
        assert_eq!(decode(&text), values);
        let lengths: usize = values.iter().map(|&v| encoded_len(v)).sum();
        assert_eq!(text.len(), lengths);
        let mut small = Vec::new();
        encode_posting(0, 2, 3, &mut small);
        assert_eq!(small, b"023", "values below 32 take one character each");
    }
}
