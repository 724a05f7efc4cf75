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

/// The largest block (SHA-512's); shorter blocks use the front of the buffer.
const MAX_BLOCK: usize = 128;
/// The largest digest (SHA-512's).
const MAX_OUT: usize = 64;

/// A SHA hash as HMAC sees it: a chaining state, its block and digest sizes and a compression
/// function. Implemented by the state arrays themselves.
pub(crate) trait Sha: Copy {
    const INIT: Self;
    /// Block size in bytes.
    const BLOCK: usize;
    /// Bytes of the message length at the end of the last block (SHA-512's is 128 bits).
    const LENGTH: usize;
    /// Digest size in bytes.
    const OUT: usize;
    /// Hashes `block[..Self::BLOCK]` into the state.
    fn compress(&mut self, block: &[u8; MAX_BLOCK]);
    /// The digest, big-endian, in `out[..Self::OUT]`.
    fn write(&self, out: &mut [u8; MAX_OUT]);
}

impl Sha for [u32; 5] {
    const INIT: Self = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    const BLOCK: usize = 64;
    const LENGTH: usize = 8;
    const OUT: usize = 20;
    fn compress(&mut self, block: &[u8; MAX_BLOCK]) {
        sha1_compress(self, block);
    }
    fn write(&self, out: &mut [u8; MAX_OUT]) {
        write_words(self, out);
    }
}

impl Sha for [u32; 8] {
    const INIT: Self = [
        0x6A09_E667,
        0xBB67_AE85,
        0x3C6E_F372,
        0xA54F_F53A,
        0x510E_527F,
        0x9B05_688C,
        0x1F83_D9AB,
        0x5BE0_CD19,
    ];
    const BLOCK: usize = 64;
    const LENGTH: usize = 8;
    const OUT: usize = 32;
    fn compress(&mut self, block: &[u8; MAX_BLOCK]) {
        sha2::compress256(
            self,
            core::slice::from_ref(GenericArray::from_slice(&block[..64])),
        );
    }
    fn write(&self, out: &mut [u8; MAX_OUT]) {
        write_words(self, out);
    }
}

impl Sha for [u64; 8] {
    const INIT: Self = [
        0x6A09_E667_F3BC_C908,
        0xBB67_AE85_84CA_A73B,
        0x3C6E_F372_FE94_F82B,
        0xA54F_F53A_5F1D_36F1,
        0x510E_527F_ADE6_82D1,
        0x9B05_688C_2B3E_6C1F,
        0x1F83_D9AB_FB41_BD6B,
        0x5BE0_CD19_137E_2179,
    ];
    const BLOCK: usize = 128;
    const LENGTH: usize = 16;
    const OUT: usize = 64;
    fn compress(&mut self, block: &[u8; MAX_BLOCK]) {
        sha2::compress512(self, core::slice::from_ref(GenericArray::from_slice(block)));
    }
    fn write(&self, out: &mut [u8; MAX_OUT]) {
        for (bytes, word) in out.chunks_exact_mut(8).zip(self) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
    }
}

/// SHA-1's compression function (FIPS 180-4 §6.1.2), compact.
///
/// Not `sha1::compress`: its software backend unrolls all 80 rounds into ~4 KB of wasm
/// (~1.5 KB gzip), and unlike `sha2` the `sha1` crate has no compact backend. Here each of the
/// four round functions gets one loop of five rounds (the variables rotate by renaming, not
/// by moves): ~1.6 KB of wasm, and in Node about 0.9x the unrolled code's speed for
/// `generate` (still several times `otpauth`).
fn sha1_compress(state: &mut [u32; 5], block: &[u8; MAX_BLOCK]) {
    // Plain indexing rather than iterator adaptors: at `opt-level = "z"` those are not
    // inlined, and the hot path would make a call per word.
    let mut w = [0u32; 16];
    for t in 0..16 {
        w[t] = u32::from_be_bytes([
            block[4 * t],
            block[4 * t + 1],
            block[4 * t + 2],
            block[4 * t + 3],
        ]);
    }
    let [mut a, mut b, mut c, mut d, mut e] = *state;
    let mut i = 0;
    macro_rules! rounds {
        ($k:expr, |$x:ident, $y:ident, $z:ident| $f:expr) => {
            for _ in 0..4 {
                rounds!(@one $k, $x $y $z $f, a b c d e);
                rounds!(@one $k, $x $y $z $f, e a b c d);
                rounds!(@one $k, $x $y $z $f, d e a b c);
                rounds!(@one $k, $x $y $z $f, c d e a b);
                rounds!(@one $k, $x $y $z $f, b c d e a);
            }
        };
        (@one $k:expr, $x:ident $y:ident $z:ident $f:expr, $a:ident $b:ident $c:ident $d:ident $e:ident) => {
            // The message schedule, extended in place from round 16 on.
            if i >= 16 {
                w[i & 15] = (w[(i + 13) & 15] ^ w[(i + 8) & 15] ^ w[(i + 2) & 15] ^ w[i & 15])
                    .rotate_left(1);
            }
            let ($x, $y, $z) = ($b, $c, $d);
            $e = $e
                .wrapping_add($a.rotate_left(5))
                .wrapping_add($f)
                .wrapping_add($k)
                .wrapping_add(w[i & 15]);
            $b = $b.rotate_left(30);
            i += 1;
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

fn write_words(words: &[u32], out: &mut [u8; MAX_OUT]) {
    for (bytes, word) in out.chunks_exact_mut(4).zip(words) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
}

/// Hashes `message` from `state`, which has already absorbed `hashed` bytes (whole blocks),
/// and pads: the digest of everything, in the front of the result.
fn finish<S: Sha>(mut state: S, hashed: usize, message: &[u8]) -> [u8; MAX_OUT] {
    let mut block = [0u8; MAX_BLOCK];
    let mut chunks = message.chunks_exact(S::BLOCK);
    for chunk in &mut chunks {
        block[..S::BLOCK].copy_from_slice(chunk);
        state.compress(&block);
    }
    let rest = chunks.remainder();
    block = [0; MAX_BLOCK];
    block[..rest.len()].copy_from_slice(rest);
    block[rest.len()] = 0x80;
    if rest.len() >= S::BLOCK - S::LENGTH {
        // No room for the length: it goes in a block of its own.
        state.compress(&block);
        block = [0; MAX_BLOCK];
    }
    let bits = (hashed as u64)
        .wrapping_add(message.len() as u64)
        .wrapping_mul(8);
    block[S::BLOCK - 8..S::BLOCK].copy_from_slice(&bits.to_be_bytes());
    state.compress(&block);
    let mut out = [0; MAX_OUT];
    state.write(&mut out);
    out
}

/// The hash states after the inner and outer padded keys: what every MAC with this key
/// starts from.
#[derive(Clone, Copy)]
pub(crate) struct Keyed<S> {
    inner: S,
    outer: S,
}

impl<S: Sha> Keyed<S> {
    pub(crate) fn new(key: &[u8]) -> Self {
        let mut padded = [0u8; MAX_BLOCK];
        if key.len() > S::BLOCK {
            padded[..S::OUT].copy_from_slice(&finish(S::INIT, 0, key)[..S::OUT]);
        } else {
            padded[..key.len()].copy_from_slice(key);
        }
        let start = |pad: u8| {
            let mut block = padded;
            for byte in &mut block {
                *byte ^= pad;
            }
            let mut state = S::INIT;
            state.compress(&block);
            state
        };
        Keyed {
            inner: start(0x36),
            outer: start(0x5c),
        }
    }

    /// HMAC(key, message), in the front of the result (`S::OUT` bytes).
    pub(crate) fn mac(&self, message: &[u8]) -> [u8; MAX_OUT] {
        let inner = finish(self.inner, S::BLOCK, message);
        finish(self.outer, S::BLOCK, &inner[..S::OUT])
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
        let sha256 = Keyed::<[u32; 8]>::new(&key).mac(message);
        assert_eq!(
            sha256[..32],
            *b"\x60\xe4\x31\x59\x1e\xe0\xb6\x7f\x0d\x8a\x26\xaa\xcb\xf5\xb7\x7f\
               \x8e\x0b\xc6\x21\x37\x28\xc5\x14\x05\x46\x04\x0f\x0e\xe3\x7f\x54"
        );
        let sha512 = Keyed::<[u64; 8]>::new(&key).mac(message);
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
        let mac = Keyed::<[u32; 5]>::new(&[0xaa; 80])
            .mac(b"Test Using Larger Than Block-Size Key - Hash Key First");
        assert_eq!(
            mac[..20],
            *b"\xaa\x4a\xe5\xe1\x52\x72\xd0\x0e\x95\x70\x56\x37\xce\x8a\x3b\x55\xed\x40\x21\x12"
        );
        // RFC 2202 test case 7: a 73-byte message (two blocks after padding).
        let mac = Keyed::<[u32; 5]>::new(&[0xaa; 80])
            .mac(b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data");
        assert_eq!(
            mac[..20],
            *b"\xe8\xe9\x9d\x0f\x45\x23\x7d\x78\x6d\x6b\xba\xa7\x96\x5c\x78\x08\xbb\xff\x1a\x91"
        );
    }
}
