//! HMAC (RFC 2104) keyed once per secret, over RustCrypto's SHA compression functions.
//!
//! Not the `hmac` crate: its `digest` layers (block buffers, generic arrays, a buffered
//! finalize per hash) cost ~3 KB of the npm package's wasm, whose size budget is 20 KB for
//! everything. HOTP needs far less than a streaming MAC: the inner message is one 8-byte
//! counter and the outer one a digest, so after the key schedule a code is exactly two
//! compressions of one padded block each, with no buffering. SHA-256 and SHA-512 are
//! RustCrypto's compression functions (`sha2::compress256`, `sha2::compress512`); SHA-1's is
//! here (see [`sha1_compress`]). The tests check every RFC vector and agree with `totp-rs`
//! (built on the `hmac` and `sha1` crates) for random keys of every length, longer than a
//! block too.

use sha2::digest::generic_array::GenericArray;

use crate::Algorithm;

/// The largest block (SHA-512's); shorter blocks use the front of the buffer.
const MAX_BLOCK: usize = 128;
/// The largest digest (SHA-512's).
const MAX_OUT: usize = 64;

/// A chaining state: SHA-512's eight 64-bit words, or SHA-1's five and SHA-256's eight 32-bit
/// words in the low halves.
type State = [u64; 8];

/// A SHA hash as data rather than as a type parameter: one HMAC then serves all three, where
/// a generic one was compiled three times (~1.5 KB more wasm).
pub(crate) struct Hash {
    init: State,
    /// Block size in bytes.
    block: usize,
    /// Bytes of the message length at the end of the last block (SHA-512's is 128 bits).
    length: usize,
    /// Digest size in bytes.
    out: usize,
    /// Hashes `block[..self.block]` into the state.
    compress: fn(&mut State, &[u8; MAX_BLOCK]),
}

impl Hash {
    pub(crate) fn of(algorithm: Algorithm) -> &'static Hash {
        match algorithm {
            Algorithm::Sha1 => &SHA1,
            Algorithm::Sha256 => &SHA256,
            Algorithm::Sha512 => &SHA512,
        }
    }

    /// The digest of `state`, big-endian, in the front of the result.
    fn digest(&self, state: &State) -> [u8; MAX_OUT] {
        let mut out = [0; MAX_OUT];
        // A block is 16 words: SHA-512's are 8 bytes, the others' 4. Shifts and masks
        // rather than `/` and `%` by a runtime word size, which cost a division per byte.
        let log2_word = if self.block == MAX_BLOCK { 3 } else { 2 };
        let mask = (1 << log2_word) - 1;
        let mut i = 0;
        while i < self.out && i < MAX_OUT {
            out[i] = (state[(i >> log2_word) & 7] >> (8 * (mask - (i & mask)))) as u8;
            i += 1;
        }
        out
    }

    /// Hashes `message` from `state`, which has already absorbed `hashed` bytes (whole
    /// blocks), and pads: the digest of everything.
    fn finish(&self, mut state: State, hashed: usize, message: &[u8]) -> [u8; MAX_OUT] {
        let mut block = [0u8; MAX_BLOCK];
        let mut rest = message;
        while let Some((chunk, tail)) = rest.split_at_checked(self.block) {
            block[..chunk.len()].copy_from_slice(chunk);
            (self.compress)(&mut state, &block);
            rest = tail;
        }
        if rest.len() < message.len() {
            // Whole blocks went through it (key hashing only): clear it for the padding.
            block = [0; MAX_BLOCK];
        }
        block[..rest.len()].copy_from_slice(rest);
        block[rest.len()] = 0x80;
        if rest.len() >= self.block - self.length {
            // No room for the length: it goes in a block of its own.
            (self.compress)(&mut state, &block);
            block = [0; MAX_BLOCK];
        }
        let bits = (hashed as u64)
            .wrapping_add(message.len() as u64)
            .wrapping_mul(8);
        block[self.block - 8..self.block].copy_from_slice(&bits.to_be_bytes());
        (self.compress)(&mut state, &block);
        self.digest(&state)
    }
}

static SHA1: Hash = Hash {
    init: [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
        0,
        0,
        0,
    ],
    block: 64,
    length: 8,
    out: 20,
    compress: |state, block| {
        let mut words = narrow(state);
        sha1_compress(&mut words, block);
        widen(state, &words);
    },
};

static SHA256: Hash = Hash {
    init: [
        0x6A09_E667,
        0xBB67_AE85,
        0x3C6E_F372,
        0xA54F_F53A,
        0x510E_527F,
        0x9B05_688C,
        0x1F83_D9AB,
        0x5BE0_CD19,
    ],
    block: 64,
    length: 8,
    out: 32,
    compress: |state, block| {
        let mut words = narrow(state);
        sha2::compress256(
            &mut words,
            core::slice::from_ref(GenericArray::from_slice(&block[..64])),
        );
        widen(state, &words);
    },
};

static SHA512: Hash = Hash {
    init: [
        0x6A09_E667_F3BC_C908,
        0xBB67_AE85_84CA_A73B,
        0x3C6E_F372_FE94_F82B,
        0xA54F_F53A_5F1D_36F1,
        0x510E_527F_ADE6_82D1,
        0x9B05_688C_2B3E_6C1F,
        0x1F83_D9AB_FB41_BD6B,
        0x5BE0_CD19_137E_2179,
    ],
    block: 128,
    length: 16,
    out: 64,
    compress: |state, block| {
        sha2::compress512(
            state,
            core::slice::from_ref(GenericArray::from_slice(block)),
        );
    },
};

// Index loops rather than `array::map`, which is not inlined at `opt-level = "z"`.
fn narrow(state: &State) -> [u32; 8] {
    let mut words = [0; 8];
    for i in 0..8 {
        words[i] = state[i] as u32;
    }
    words
}

fn widen(state: &mut State, words: &[u32; 8]) {
    for i in 0..8 {
        state[i] = u64::from(words[i]);
    }
}

/// SHA-1's compression function (FIPS 180-4 §6.1.2), compact.
///
/// Not `sha1::compress`: its software backend unrolls all 80 rounds into ~4 KB of wasm
/// (~1.5 KB gzip), and unlike `sha2` the `sha1` crate has no compact backend. Here each of the
/// four round functions gets one 20-round loop over a precomputed message schedule: ~0.4 KB
/// gzip. Its speed measured within the noise of the unrolled code's on this (shared, loaded)
/// machine: codes cost two compressions and a call from JavaScript, not just rounds.
fn sha1_compress(state: &mut [u32; 8], block: &[u8; MAX_BLOCK]) {
    // Plain indexing rather than iterator adaptors: at `opt-level = "z"` those are not
    // inlined, and the hot path would make a call per word. The whole schedule first, so
    // that each round reads one word.
    let mut w = [0u32; 80];
    for t in 0..16 {
        w[t] = u32::from_be_bytes([
            block[4 * t],
            block[4 * t + 1],
            block[4 * t + 2],
            block[4 * t + 3],
        ]);
    }
    for t in 16..80 {
        w[t] = (w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]).rotate_left(1);
    }
    let [mut a, mut b, mut c, mut d, mut e, ..] = *state;
    let mut i = 0;
    macro_rules! rounds {
        ($k:expr, |$x:ident, $y:ident, $z:ident| $f:expr) => {
            for _ in 0..20 {
                let ($x, $y, $z) = (b, c, d);
                let t = a
                    .rotate_left(5)
                    .wrapping_add($f)
                    .wrapping_add(e)
                    .wrapping_add($k)
                    .wrapping_add(w[i % 80]);
                e = d;
                d = c;
                c = b.rotate_left(30);
                b = a;
                a = t;
                i += 1;
            }
        };
    }
    rounds!(0x5A82_7999, |x, y, z| (x & y) | (!x & z));
    rounds!(0x6ED9_EBA1, |x, y, z| x ^ y ^ z);
    rounds!(0x8F1B_BCDC, |x, y, z| (x & y) | (x & z) | (y & z));
    rounds!(0xCA62_C1D6, |x, y, z| x ^ y ^ z);
    let add = [a, b, c, d, e];
    for t in 0..5 {
        state[t] = state[t].wrapping_add(add[t]);
    }
}

/// The hash states after the inner and outer padded keys: what every MAC with this key
/// starts from.
#[derive(Clone)]
pub(crate) struct Keyed {
    hash: &'static Hash,
    inner: State,
    outer: State,
}

impl Keyed {
    pub(crate) fn new(hash: &'static Hash, key: &[u8]) -> Self {
        let mut padded = [0u8; MAX_BLOCK];
        if key.len() > hash.block {
            padded[..hash.out].copy_from_slice(&hash.finish(hash.init, 0, key)[..hash.out]);
        } else {
            padded[..key.len()].copy_from_slice(key);
        }
        let start = |pad: u8| {
            let mut block = padded;
            for byte in &mut block {
                *byte ^= pad;
            }
            let mut state = hash.init;
            (hash.compress)(&mut state, &block);
            state
        };
        Keyed {
            hash,
            inner: start(0x36),
            outer: start(0x5c),
        }
    }

    /// HMAC(key, message): the digest's length and bytes (in the front of the array).
    pub(crate) fn mac(&self, message: &[u8]) -> (usize, [u8; MAX_OUT]) {
        let hash = self.hash;
        let inner = hash.finish(self.inner, hash.block, message);
        (
            hash.out,
            hash.finish(self.outer, hash.block, &inner[..hash.out]),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231 test case 6: a 131-byte key (longer than every block) and a 54-byte message.
    #[test]
    fn long_keys_are_hashed_first() {
        let key = [0xaa; 131];
        let message = b"Test Using Larger Than Block-Size Key - Hash Key First";
        let sha256 = Keyed::new(&SHA256, &key).mac(message).1;
        assert_eq!(
            sha256[..32],
            *b"\x60\xe4\x31\x59\x1e\xe0\xb6\x7f\x0d\x8a\x26\xaa\xcb\xf5\xb7\x7f\
               \x8e\x0b\xc6\x21\x37\x28\xc5\x14\x05\x46\x04\x0f\x0e\xe3\x7f\x54"
        );
        let sha512 = Keyed::new(&SHA512, &key).mac(message).1;
        assert_eq!(
            sha512[..64],
            *b"\x80\xb2\x42\x63\xc7\xc1\xa3\xeb\xb7\x14\x93\xc1\xdd\x7b\xe8\xb4\
               \x9b\x46\xd1\xf4\x1b\x4a\xee\xc1\x12\x1b\x01\x37\x83\xf8\xf3\x52\
               \x6b\x56\xd0\x37\xe0\x5f\x25\x98\xbd\x0f\xd2\x21\x5d\x6a\x1e\x52\
               \x95\xe6\x4f\x73\xf6\x3f\x0a\xec\x8b\x91\x5a\x98\x5d\x78\x65\x98"
        );
    }

    /// RFC 2202 test case 6 (HMAC-SHA1, 80-byte key), and messages that need a second
    /// padding block.
    #[test]
    fn sha1_long_key_and_padding_block() {
        let mac = Keyed::new(&SHA1, &[0xaa; 80])
            .mac(b"Test Using Larger Than Block-Size Key - Hash Key First")
            .1;
        assert_eq!(
            mac[..20],
            *b"\xaa\x4a\xe5\xe1\x52\x72\xd0\x0e\x95\x70\x56\x37\xce\x8a\x3b\x55\xed\x40\x21\x12"
        );
        // RFC 2202 test case 7: a 73-byte message (two blocks after padding).
        let mac = Keyed::new(&SHA1, &[0xaa; 80])
            .mac(b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data")
            .1;
        assert_eq!(
            mac[..20],
            *b"\xe8\xe9\x9d\x0f\x45\x23\x7d\x78\x6d\x6b\xba\xa7\x96\x5c\x78\x08\xbb\xff\x1a\x91"
        );
    }
}
