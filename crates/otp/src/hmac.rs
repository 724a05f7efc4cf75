//! HMAC (RFC 2104) keyed once per secret, over compact SHA-1 and SHA-2 compression functions.
//!
//! Not the `hmac` crate: its `digest` layers (block buffers, generic arrays, a buffered
//! finalize per hash) cost ~3 KB of the npm package's wasm, whose smallest entry has a 10 KB
//! budget for everything. HOTP needs far less than a streaming MAC: the inner message is one
//! 8-byte counter and the outer one a digest, so after the key schedule a code is exactly two
//! compressions of one padded block each, with no buffering.
//!
//! Not the `sha1` and `sha2` crates' compression functions either (the tests check against
//! both): `sha1` unrolls its 80 rounds (see [`sha1_compress`]), and even `sha2`'s compact
//! backend is two functions of ~750 bytes of wasm each, two constant tables (~900 bytes) and
//! the panic locations of its slice indexing. Here [`sha2_compress`] is one round loop over
//! 64-bit words for SHA-256 and SHA-512 alike, with one table of round constants. The code
//! indexes only where the compiler sees the index in bounds, so no panic (message, location,
//! file path) stays in the wasm. The tests check every RFC vector, and agree with the `hmac`,
//! `sha1` and `sha2` crates and `totp-rs` for random messages and keys of every length up to
//! more than two blocks.

use crate::Algorithm;

/// The largest block (SHA-512's); shorter blocks use the front of the buffer.
const MAX_BLOCK: usize = 128;
/// The largest digest (SHA-512's).
const MAX_OUT: usize = 64;

/// A chaining state: SHA-512's eight 64-bit words, or SHA-1's five and SHA-256's eight 32-bit
/// words in the low halves.
type State = [u64; 8];
type Block = [u8; MAX_BLOCK];

/// A SHA hash as data rather than as a type parameter: one HMAC then serves all three, where
/// a generic one was compiled three times (~1.5 KB more wasm).
pub(crate) struct Hash {
    /// The initial state before [`Hash::narrow`] applies.
    init: &'static State,
    /// 32 for SHA-256, 0 for the others. SHA-256's initial state and round constants are the
    /// high 32 bits of SHA-512's (both are fractional parts of roots of the same primes, FIPS
    /// 180-4 §4.2 and §5.3), so they are SHA-512's shifted right by this; its 32-bit words
    /// live in the low halves of 64-bit ones, masked by `u64::MAX >> narrow`.
    narrow: u32,
    /// Block size in bytes.
    block: usize,
    /// Bytes of the message length at the end of the last block (SHA-512's is 128 bits).
    length: usize,
    /// Digest size in bytes.
    out: usize,
    /// SHA-1 rather than SHA-2: which compression function hashes a block.
    sha1: bool,
    /// SHA-2 only: the number of rounds.
    rounds: usize,
    /// SHA-2 only: the rotations of Σ0, Σ1, σ0 and σ1 (FIPS 180-4 §4.1.2, §4.1.3); each σ's
    /// third amount is a right shift.
    rotations: [[u8; 3]; 4],
}

impl Hash {
    pub(crate) fn of(algorithm: Algorithm) -> &'static Hash {
        match algorithm {
            Algorithm::Sha1 => &SHA1,
            Algorithm::Sha256 => &SHA256,
            Algorithm::Sha512 => &SHA512,
        }
    }

    fn init(&self) -> State {
        let mut state = *self.init;
        for word in &mut state {
            *word >>= self.narrow;
        }
        state
    }

    /// Hashes `block[..self.block]` into the state.
    fn compress(&self, state: &mut State, block: &Block) {
        if self.sha1 {
            sha1_compress(state, block);
        } else {
            sha2_compress(self, state, block);
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
            copy(&mut block, chunk);
            self.compress(&mut state, &block);
            rest = tail;
        }
        if rest.len() < message.len() {
            // Whole blocks went through it (key hashing only): clear it for the padding.
            block = [0; MAX_BLOCK];
        }
        copy(&mut block, rest);
        if let Some(byte) = block.get_mut(rest.len()) {
            *byte = 0x80;
        }
        if rest.len() >= self.block - self.length {
            // No room for the length: it goes in a block of its own.
            self.compress(&mut state, &block);
            block = [0; MAX_BLOCK];
        }
        let bits = (hashed as u64)
            .wrapping_add(message.len() as u64)
            .wrapping_mul(8);
        if let Some(end) = block.get_mut(..self.block).and_then(<[u8]>::last_chunk_mut) {
            *end = bits.to_be_bytes();
        }
        self.compress(&mut state, &block);
        self.digest(&state)
    }
}

/// Copies `from` into the front of `block` (at most all of it). A loop the compiler sees in
/// bounds, where `copy_from_slice` of a runtime length keeps a panic in the wasm.
fn copy(block: &mut Block, from: &[u8]) {
    for (to, byte) in block.iter_mut().zip(from) {
        *to = *byte;
    }
}

static SHA1: Hash = Hash {
    init: &[
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
        0,
        0,
        0,
    ],
    narrow: 0,
    block: 64,
    length: 8,
    out: 20,
    sha1: true,
    rounds: 80,
    rotations: [[0; 3]; 4],
};

static SHA256: Hash = Hash {
    init: &SHA512_INIT,
    narrow: 32,
    block: 64,
    length: 8,
    out: 32,
    sha1: false,
    rounds: 64,
    rotations: [[2, 13, 22], [6, 11, 25], [7, 18, 3], [17, 19, 10]],
};

static SHA512: Hash = Hash {
    init: &SHA512_INIT,
    narrow: 0,
    block: 128,
    length: 16,
    out: 64,
    sha1: false,
    rounds: 80,
    rotations: [[28, 34, 39], [14, 18, 41], [1, 8, 7], [19, 61, 6]],
};

/// SHA-512's initial state (FIPS 180-4 §5.3.5); SHA-256's is its high halves.
static SHA512_INIT: State = [
    0x6A09_E667_F3BC_C908,
    0xBB67_AE85_84CA_A73B,
    0x3C6E_F372_FE94_F82B,
    0xA54F_F53A_5F1D_36F1,
    0x510E_527F_ADE6_82D1,
    0x9B05_688C_2B3E_6C1F,
    0x1F83_D9AB_FB41_BD6B,
    0x5BE0_CD19_137E_2179,
];

/// SHA-512's round constants (FIPS 180-4 §4.2.3); SHA-256's 64 are the high halves of the
/// first 64.
static K: [u64; 80] = [
    0x428A_2F98_D728_AE22,
    0x7137_4491_23EF_65CD,
    0xB5C0_FBCF_EC4D_3B2F,
    0xE9B5_DBA5_8189_DBBC,
    0x3956_C25B_F348_B538,
    0x59F1_11F1_B605_D019,
    0x923F_82A4_AF19_4F9B,
    0xAB1C_5ED5_DA6D_8118,
    0xD807_AA98_A303_0242,
    0x1283_5B01_4570_6FBE,
    0x2431_85BE_4EE4_B28C,
    0x550C_7DC3_D5FF_B4E2,
    0x72BE_5D74_F27B_896F,
    0x80DE_B1FE_3B16_96B1,
    0x9BDC_06A7_25C7_1235,
    0xC19B_F174_CF69_2694,
    0xE49B_69C1_9EF1_4AD2,
    0xEFBE_4786_384F_25E3,
    0x0FC1_9DC6_8B8C_D5B5,
    0x240C_A1CC_77AC_9C65,
    0x2DE9_2C6F_592B_0275,
    0x4A74_84AA_6EA6_E483,
    0x5CB0_A9DC_BD41_FBD4,
    0x76F9_88DA_8311_53B5,
    0x983E_5152_EE66_DFAB,
    0xA831_C66D_2DB4_3210,
    0xB003_27C8_98FB_213F,
    0xBF59_7FC7_BEEF_0EE4,
    0xC6E0_0BF3_3DA8_8FC2,
    0xD5A7_9147_930A_A725,
    0x06CA_6351_E003_826F,
    0x1429_2967_0A0E_6E70,
    0x27B7_0A85_46D2_2FFC,
    0x2E1B_2138_5C26_C926,
    0x4D2C_6DFC_5AC4_2AED,
    0x5338_0D13_9D95_B3DF,
    0x650A_7354_8BAF_63DE,
    0x766A_0ABB_3C77_B2A8,
    0x81C2_C92E_47ED_AEE6,
    0x9272_2C85_1482_353B,
    0xA2BF_E8A1_4CF1_0364,
    0xA81A_664B_BC42_3001,
    0xC24B_8B70_D0F8_9791,
    0xC76C_51A3_0654_BE30,
    0xD192_E819_D6EF_5218,
    0xD699_0624_5565_A910,
    0xF40E_3585_5771_202A,
    0x106A_A070_32BB_D1B8,
    0x19A4_C116_B8D2_D0C8,
    0x1E37_6C08_5141_AB53,
    0x2748_774C_DF8E_EB99,
    0x34B0_BCB5_E19B_48A8,
    0x391C_0CB3_C5C9_5A63,
    0x4ED8_AA4A_E341_8ACB,
    0x5B9C_CA4F_7763_E373,
    0x682E_6FF3_D6B2_B8A3,
    0x748F_82EE_5DEF_B2FC,
    0x78A5_636F_4317_2F60,
    0x84C8_7814_A1F0_AB72,
    0x8CC7_0208_1A64_39EC,
    0x90BE_FFFA_2363_1E28,
    0xA450_6CEB_DE82_BDE9,
    0xBEF9_A3F7_B2C6_7915,
    0xC671_78F2_E372_532B,
    0xCA27_3ECE_EA26_619C,
    0xD186_B8C7_21C0_C207,
    0xEADA_7DD6_CDE0_EB1E,
    0xF57D_4F7F_EE6E_D178,
    0x06F0_67AA_7217_6FBA,
    0x0A63_7DC5_A2C8_98A6,
    0x113F_9804_BEF9_0DAE,
    0x1B71_0B35_131C_471B,
    0x28DB_77F5_2304_7D84,
    0x32CA_AB7B_40C7_2493,
    0x3C9E_BE0A_15C9_BEBC,
    0x431D_67C4_9C10_0D4C,
    0x4CC5_D4BE_CB3E_42B6,
    0x597F_299C_FC65_7E2A,
    0x5FCB_6FAB_3AD6_FAEC,
    0x6C44_198C_4A47_5817,
];

/// SHA-1's compression function (FIPS 180-4 §6.1.2), compact.
///
/// Not `sha1::compress`: its software backend unrolls all 80 rounds into ~4 KB of wasm
/// (~1.5 KB gzip), and the `sha1` crate has no compact backend. Here each of the four round
/// functions gets one 20-round loop over a precomputed message schedule: ~0.4 KB gzip. Its
/// speed measured within the noise of the unrolled code's on this (shared, loaded) machine:
/// codes cost two compressions and a call from JavaScript, not just rounds. Separate from
/// [`sha2_compress`] because SHA-1 codes are the hot path: its rounds stay 32-bit, with
/// constant rotations.
fn sha1_compress(state: &mut State, block: &Block) {
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
    let mut words = [0u32; 5];
    for t in 0..5 {
        words[t] = state[t] as u32;
    }
    let [mut a, mut b, mut c, mut d, mut e] = words;
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
        state[t] = u64::from(words[t].wrapping_add(add[t]));
    }
}

/// The SHA-256 and SHA-512 compression function (FIPS 180-4 §6.2.2, §6.4.2): one loop,
/// parameterized by [`Hash::narrow`], [`Hash::rounds`] and [`Hash::rotations`].
///
/// SHA-256's 32-bit words are held in 64-bit ones and masked after every addition. A 32-bit
/// rotation is a 64-bit one of the word doubled (`x | x << 32`): the low half of the result is
/// the rotated word. SHA-512's `narrow` is 0, where `x | x << 0` is `x` and the mask is all
/// ones, so the same expressions are its 64-bit ones.
///
/// The price is speed where nobody waits: HMAC-SHA256 codes measured ~15% slower in Node
/// than with `sha2`'s compact backend and HMAC-SHA512 ~12% (the masks, the rotations as
/// data). Natively (the server), where `sha2` uses the CPU's SHA extensions, a SHA-256 code
/// takes ~1 µs instead of ~0.25 µs: nothing next to a login's other work, and one
/// implementation, the one the tests check, serves every build.
fn sha2_compress(hash: &Hash, state: &mut State, block: &Block) {
    let narrow = hash.narrow;
    let mask = u64::MAX >> narrow;
    let word_bytes = hash.block / 16;
    // Locals rather than closures over the array: at `opt-level = "z"` closures are calls.
    let [[b0, b1, b2], [b3, b4, b5], [s0, s1, s2], [s3, s4, s5]] = hash.rotations;
    let rotr = |x: u64, r: u8| rotate(x, narrow, r.into());
    let mut w = [0u64; 80];
    for (t, word) in w.iter_mut().take(16).enumerate() {
        // Eight bytes from the word's start: SHA-512's word, or SHA-256's and the next one's,
        // shifted away. Never past the block: SHA-256's last word is 4 bytes from its end.
        let bytes = block.get(t * word_bytes..).and_then(<[u8]>::first_chunk);
        *word = bytes.map_or(0, |bytes| u64::from_be_bytes(*bytes)) >> narrow;
    }
    // SHA-256 uses only the first 64 words: 16 more cost less than a bound that varies.
    // The σ and Σ below leave garbage in SHA-256's high halves: the masks clear it.
    for t in 16..80 {
        let (x, y) = (w[t - 15], w[t - 2]);
        let sigma0 = rotr(x, s0) ^ rotr(x, s1) ^ x >> s2;
        let sigma1 = rotr(y, s3) ^ rotr(y, s4) ^ y >> s5;
        w[t] = sigma1
            .wrapping_add(w[t - 7])
            .wrapping_add(sigma0)
            .wrapping_add(w[t - 16])
            & mask;
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for t in 0..hash.rounds.min(80) {
        let sum1 = rotr(e, b3) ^ rotr(e, b4) ^ rotr(e, b5);
        let t1 = h
            .wrapping_add(sum1)
            .wrapping_add((e & f) ^ (!e & g))
            .wrapping_add(K[t] >> narrow)
            .wrapping_add(w[t]);
        let sum0 = rotr(a, b0) ^ rotr(a, b1) ^ rotr(a, b2);
        let t2 = sum0.wrapping_add((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1) & mask;
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2) & mask;
    }
    let add = [a, b, c, d, e, f, g, h];
    for i in 0..8 {
        state[i] = state[i].wrapping_add(add[i]) & mask;
    }
}

/// Rotates a word of `64 - narrow` bits (in the low bits) right by `r`, through the word
/// doubled: the result's low bits are the rotated word, its high bits garbage for SHA-256.
/// Always inlined: a call per rotation would cost more than the rounds themselves.
#[inline(always)]
fn rotate(x: u64, narrow: u32, r: u32) -> u64 {
    (x | x << narrow).rotate_right(r)
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
        let digest;
        let key = if key.len() > hash.block {
            // The digest's bytes past `hash.out` are zeros, as the padding wants.
            digest = hash.finish(hash.init(), 0, key);
            &digest[..]
        } else {
            key
        };
        let start = |pad: u8| {
            let mut block = [pad; MAX_BLOCK];
            for (byte, key) in block.iter_mut().zip(key) {
                *byte ^= key;
            }
            let mut state = hash.init();
            hash.compress(&mut state, &block);
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
        let inner = inner.get(..hash.out).unwrap_or_default();
        (hash.out, hash.finish(self.outer, hash.block, inner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRIMES: [u32; 80] = {
        let mut primes = [0; 80];
        let (mut count, mut n) = (0, 2);
        while count < 80 {
            let mut d = 2;
            while d * d <= n && n % d != 0 {
                d += 1;
            }
            if d * d > n {
                primes[count] = n;
                count += 1;
            }
            n += 1;
        }
        primes
    };

    /// The first 32 bits of the fractional part of `x`.
    fn fraction_bits(x: f64) -> u64 {
        (x.fract() * 4_294_967_296.0) as u64
    }

    /// What lets one table serve both hashes: SHA-256's constants are the first 32 bits of the
    /// fractional parts of the cube roots of the first 64 primes (its initial state: square
    /// roots of the first 8), SHA-512's the first 64 bits of the same numbers for 80 primes
    /// (8 primes). An f64 root has ~50 exact fractional bits here, enough for 32.
    #[test]
    fn sha256_constants_are_the_high_halves_of_sha512s() {
        for (t, &k) in K.iter().enumerate() {
            let root = f64::from(PRIMES[t]).cbrt();
            assert_eq!(k >> 32, fraction_bits(root), "K[{t}]");
        }
        for (i, &h) in SHA512_INIT.iter().enumerate() {
            assert_eq!(
                h >> 32,
                fraction_bits(f64::from(PRIMES[i]).sqrt()),
                "H[{i}]"
            );
        }
        // The first and last of SHA-256's own table (FIPS 180-4 §4.2.2) and initial state.
        assert_eq!((K[0] >> 32, K[63] >> 32), (0x428A_2F98, 0xC671_78F2));
        assert_eq!(
            SHA256.init()[..],
            [
                0x6A09_E667,
                0xBB67_AE85,
                0x3C6E_F372,
                0xA54F_F53A,
                0x510E_527F,
                0x9B05_688C,
                0x1F83_D9AB,
                0x5BE0_CD19,
            ]
        );
    }

    /// Cross-checks against RustCrypto's crates, native only (dev-dependencies for wasm32 are
    /// the browser tests'; see Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    mod against_rustcrypto {
        use super::*;

        use ::hmac::{Hmac, Mac};
        use sha2::Digest;

        /// Deterministic pseudo-random bytes (xorshift64): the same cases on every run.
        fn bytes(seed: &mut u64, len: usize) -> Vec<u8> {
            (0..len)
                .map(|_| {
                    *seed ^= *seed << 13;
                    *seed ^= *seed >> 7;
                    *seed ^= *seed << 17;
                    *seed as u8
                })
                .collect()
        }

        /// Every message length from empty to past two SHA-512 blocks, so every padding case
        /// (length in the same block or the next, whole blocks before it) for each block size.
        #[test]
        fn hashes_agree_with_the_sha1_and_sha2_crates() {
            let mut seed = 0x9E37_79B9_7F4A_7C15;
            for len in 0..300 {
                let message = bytes(&mut seed, len);
                let digest =
                    |hash: &Hash| hash.finish(hash.init(), 0, &message)[..hash.out].to_vec();
                assert_eq!(
                    digest(&SHA1),
                    sha1::Sha1::digest(&message)[..],
                    "SHA1, {len} bytes"
                );
                assert_eq!(
                    digest(&SHA256),
                    sha2::Sha256::digest(&message)[..],
                    "SHA256, {len} bytes"
                );
                assert_eq!(
                    digest(&SHA512),
                    sha2::Sha512::digest(&message)[..],
                    "SHA512, {len} bytes"
                );
            }
        }

        /// Keys and messages of every length from empty to past two blocks, against the `hmac`
        /// crate: short keys, keys of exactly a block and longer ones (hashed first).
        #[test]
        fn macs_agree_with_the_hmac_crate() {
            fn reference<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
                let mut mac = <M as Mac>::new_from_slice(key).expect("HMAC takes any key length");
                mac.update(message);
                mac.finalize().into_bytes().to_vec()
            }
            let mut seed = 0x2545_F491_4F6C_DD1D;
            for len in 0..300 {
                let key = bytes(&mut seed, len);
                let message = bytes(&mut seed, len);
                let ours = |hash: &'static Hash| {
                    let (out, mac) = Keyed::new(hash, &key).mac(&message);
                    mac[..out].to_vec()
                };
                assert_eq!(
                    ours(&SHA1),
                    reference::<Hmac<sha1::Sha1>>(&key, &message),
                    "SHA1, {len} bytes"
                );
                assert_eq!(
                    ours(&SHA256),
                    reference::<Hmac<sha2::Sha256>>(&key, &message),
                    "SHA256, {len} bytes"
                );
                assert_eq!(
                    ours(&SHA512),
                    reference::<Hmac<sha2::Sha512>>(&key, &message),
                    "SHA512, {len} bytes"
                );
            }
        }
    }

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
