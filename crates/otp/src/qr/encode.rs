//! A QR code encoder (ISO/IEC 18004, byte mode, versions 1 to 40, all error correction
//! levels), written here instead of using the `qrcode` crate: that crate needs `std` and
//! its wasm build alone was ~29 KB gzip, more than the whole package's 20 KB budget. This
//! one is `no_std`, has no lookup tables beyond the two block tables the standard defines,
//! and is checked by decoding its output with two independent decoders (rqrr, jsQR).
//! The structure follows the standard's own steps, as popularised by Project Nayuki.

use alloc::vec;
use alloc::vec::Vec;

use super::ErrorCorrection;

/// Error correction codewords per block, by level (L, M, Q, H) and version (index 0 unused).
const ECC_CODEWORDS_PER_BLOCK: [[u8; 41]; 4] = [
    [
        0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28,
        30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
    [
        0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28,
        28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ],
    [
        0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30,
        30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
    [
        0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24,
        30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
];

/// Error correction blocks, by level and version (index 0 unused).
const NUM_BLOCKS: [[u8; 41]; 4] = [
    [
        0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13,
        14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25,
    ],
    [
        0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21,
        23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
    ],
    [
        0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29,
        34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
    ],
    [
        0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32,
        35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
    ],
];

/// A square of modules; `true` is dark.
pub struct Matrix {
    size: usize,
    modules: Vec<bool>,
    function: Vec<bool>,
}

impl Matrix {
    pub fn size(&self) -> usize {
        self.size
    }

    pub fn dark(&self, x: usize, y: usize) -> bool {
        self.modules[y * self.size + x]
    }

    fn set(&mut self, x: usize, y: usize, dark: bool) {
        self.modules[y * self.size + x] = dark;
        self.function[y * self.size + x] = true;
    }
}

fn level_index(level: ErrorCorrection) -> usize {
    match level {
        ErrorCorrection::Low => 0,
        ErrorCorrection::Medium => 1,
        ErrorCorrection::Quartile => 2,
        ErrorCorrection::High => 3,
    }
}

/// The two format bits of a level (they are not in L, M, Q, H order).
fn format_bits(level: ErrorCorrection) -> u32 {
    match level {
        ErrorCorrection::Low => 1,
        ErrorCorrection::Medium => 0,
        ErrorCorrection::Quartile => 3,
        ErrorCorrection::High => 2,
    }
}

/// Modules available for data and error correction in a version (all but function patterns).
fn raw_data_modules(version: usize) -> usize {
    let mut result = (16 * version + 128) * version + 64;
    if version >= 2 {
        let align = version / 7 + 2;
        result -= (25 * align - 10) * align - 55;
        if version >= 7 {
            result -= 36;
        }
    }
    result
}

fn data_codewords(version: usize, level: usize) -> usize {
    raw_data_modules(version) / 8
        - usize::from(ECC_CODEWORDS_PER_BLOCK[level][version])
            * usize::from(NUM_BLOCKS[level][version])
}

/// The smallest QR code holding `data` in byte mode, or `None` beyond version 40.
pub fn encode(data: &[u8], level: ErrorCorrection) -> Option<Matrix> {
    let ecl = level_index(level);
    let version = (1..=40).find(|&v| {
        let count_bits = if v <= 9 { 8 } else { 16 };
        data.len() < (1 << count_bits)
            && 4 + count_bits + data.len() * 8 <= data_codewords(v, ecl) * 8
    })?;

    // Mode indicator (byte = 0100), character count, data, terminator, padding.
    let capacity = data_codewords(version, ecl);
    let mut bits = Bits::default();
    bits.push(0b0100, 4);
    bits.push(data.len() as u32, if version <= 9 { 8 } else { 16 });
    for &b in data {
        bits.push(u32::from(b), 8);
    }
    let terminator = (capacity * 8 - bits.len).min(4);
    bits.push(0, terminator);
    bits.push(0, (8 - bits.len % 8) % 8);
    // Pad bytes 0xEC and 0x11 in turn (a loop rather than `cycle()`, whose iterator
    // cloning costs wasm size).
    let mut pad = 0xEC;
    while bits.bytes.len() < capacity {
        bits.push(pad, 8);
        pad ^= 0xEC ^ 0x11;
    }

    let codewords = add_ecc_and_interleave(&bits.bytes, version, ecl);
    let size = version * 4 + 17;
    let mut matrix = Matrix {
        size,
        modules: vec![false; size * size],
        function: vec![false; size * size],
    };
    draw_function_patterns(&mut matrix, version, level);
    draw_codewords(&mut matrix, &codewords);

    // The mask with the lowest penalty makes the code easiest to scan.
    let mut best = (u32::MAX, 0);
    for mask in 0..8 {
        apply_mask(&mut matrix, mask);
        draw_format_bits(&mut matrix, level, mask);
        let penalty = penalty(&matrix);
        if penalty < best.0 {
            best = (penalty, mask);
        }
        apply_mask(&mut matrix, mask); // masks are XOR: applying twice undoes
    }
    apply_mask(&mut matrix, best.1);
    draw_format_bits(&mut matrix, level, best.1);
    Some(matrix)
}

/// A big-endian bit buffer.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    len: usize,
}

impl Bits {
    fn push(&mut self, value: u32, count: usize) {
        for i in (0..count).rev() {
            if self.len.is_multiple_of(8) {
                self.bytes.push(0);
            }
            if (value >> i) & 1 != 0 {
                let last = self.bytes.len() - 1;
                self.bytes[last] |= 0x80 >> (self.len % 8);
            }
            self.len += 1;
        }
    }
}

/// Splits the data into the version's blocks, appends Reed-Solomon codewords to each and
/// interleaves them column by column.
fn add_ecc_and_interleave(data: &[u8], version: usize, ecl: usize) -> Vec<u8> {
    let blocks = usize::from(NUM_BLOCKS[ecl][version]);
    let ecc_len = usize::from(ECC_CODEWORDS_PER_BLOCK[ecl][version]);
    let raw = raw_data_modules(version) / 8;
    let short_blocks = blocks - raw % blocks;
    let short_len = raw / blocks;
    let divisor = rs_divisor(ecc_len);
    let mut all: Vec<Vec<u8>> = Vec::with_capacity(blocks);
    let mut k = 0;
    for i in 0..blocks {
        let len = short_len - ecc_len + usize::from(i >= short_blocks);
        let mut block = data[k..k + len].to_vec();
        k += len;
        let ecc = rs_remainder(&block, &divisor);
        if i < short_blocks {
            block.push(0); // placeholder so all blocks have the same length
        }
        block.extend_from_slice(&ecc);
        all.push(block);
    }
    let mut result = Vec::with_capacity(raw);
    for i in 0..all[0].len() {
        for (j, block) in all.iter().enumerate() {
            if i != short_len - ecc_len || j >= short_blocks {
                result.push(block[i]);
            }
        }
    }
    result
}

/// Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1.
fn gf_mul(x: u8, y: u8) -> u8 {
    let mut z: u16 = 0;
    for i in (0..8).rev() {
        z = (z << 1) ^ ((z >> 7) * 0x11D);
        z ^= u16::from((y >> i) & 1) * u16::from(x);
    }
    z as u8
}

/// The generator polynomial of the given degree, without its leading 1.
fn rs_divisor(degree: usize) -> Vec<u8> {
    let mut result = vec![0u8; degree];
    result[degree - 1] = 1;
    let mut root = 1u8;
    for _ in 0..degree {
        for j in 0..degree {
            result[j] = gf_mul(result[j], root);
            if j + 1 < degree {
                result[j] ^= result[j + 1];
            }
        }
        root = gf_mul(root, 2);
    }
    result
}

fn rs_remainder(data: &[u8], divisor: &[u8]) -> Vec<u8> {
    let mut result = vec![0u8; divisor.len()];
    for &b in data {
        let factor = b ^ result[0];
        result.rotate_left(1);
        let last = result.len() - 1;
        result[last] = 0;
        for (r, &d) in result.iter_mut().zip(divisor) {
            *r ^= gf_mul(d, factor);
        }
    }
    result
}

fn alignment_positions(version: usize) -> Vec<usize> {
    if version == 1 {
        return Vec::new();
    }
    let count = version / 7 + 2;
    let step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2;
    let size = version * 4 + 17;
    let mut result: Vec<usize> = (0..count - 1).map(|i| size - 7 - i * step).collect();
    result.push(6);
    result.reverse();
    result
}

fn draw_function_patterns(m: &mut Matrix, version: usize, level: ErrorCorrection) {
    let size = m.size;
    for i in 0..size {
        m.set(6, i, i % 2 == 0);
        m.set(i, 6, i % 2 == 0);
    }
    for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
        for dy in -4i32..=4 {
            for dx in -4i32..=4 {
                let (x, y) = (cx as i32 + dx, cy as i32 + dy);
                if (0..size as i32).contains(&x) && (0..size as i32).contains(&y) {
                    let distance = dx.abs().max(dy.abs());
                    m.set(x as usize, y as usize, distance != 2 && distance != 4);
                }
            }
        }
    }
    let positions = alignment_positions(version);
    let last = positions.len().saturating_sub(1);
    for (i, &x) in positions.iter().enumerate() {
        for (j, &y) in positions.iter().enumerate() {
            // The three corners hold finder patterns.
            if [(0, 0), (0, last), (last, 0)].contains(&(i, j)) {
                continue;
            }
            for dy in -2i32..=2 {
                for dx in -2i32..=2 {
                    let (px, py) = ((x as i32 + dx) as usize, (y as i32 + dy) as usize);
                    m.set(px, py, dx.abs().max(dy.abs()) != 1);
                }
            }
        }
    }
    draw_format_bits(m, level, 0); // reserves the area; redrawn once the mask is chosen
    if version >= 7 {
        let mut rem = version as u32;
        for _ in 0..12 {
            rem = (rem << 1) ^ ((rem >> 11) * 0x1F25);
        }
        let bits = (version as u32) << 12 | rem;
        for i in 0..18 {
            let dark = (bits >> i) & 1 != 0;
            let (a, b) = (size - 11 + i % 3, i / 3);
            m.set(a, b, dark);
            m.set(b, a, dark);
        }
    }
}

fn draw_format_bits(m: &mut Matrix, level: ErrorCorrection, mask: u32) {
    let data = format_bits(level) << 3 | mask;
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    let bits = (data << 10 | rem) ^ 0x5412;
    let bit = |i: usize| (bits >> i) & 1 != 0;
    let size = m.size;
    for i in 0..=5 {
        m.set(8, i, bit(i));
    }
    m.set(8, 7, bit(6));
    m.set(8, 8, bit(7));
    m.set(7, 8, bit(8));
    for i in 9..15 {
        m.set(14 - i, 8, bit(i));
    }
    for i in 0..8 {
        m.set(size - 1 - i, 8, bit(i));
    }
    for i in 8..15 {
        m.set(8, size - 15 + i, bit(i));
    }
    m.set(8, size - 8, true); // the dark module
}

/// Places the codeword bits in the two-module-wide zigzag from the bottom right.
fn draw_codewords(m: &mut Matrix, data: &[u8]) {
    let size = m.size;
    let mut i = 0;
    let mut right = size - 1;
    loop {
        if right == 6 {
            right = 5; // skip the vertical timing pattern
        }
        for vert in 0..size {
            for j in 0..2 {
                let x = right - j;
                let upward = (right + 1) & 2 == 0;
                let y = if upward { size - 1 - vert } else { vert };
                if !m.function[y * size + x] && i < data.len() * 8 {
                    m.modules[y * size + x] = (data[i >> 3] >> (7 - (i & 7))) & 1 != 0;
                    i += 1;
                }
            }
        }
        if right < 2 {
            break;
        }
        right -= 2;
    }
}

fn apply_mask(m: &mut Matrix, mask: u32) {
    let size = m.size;
    for y in 0..size {
        for x in 0..size {
            let invert = match mask {
                0 => (x + y) % 2 == 0,
                1 => y % 2 == 0,
                2 => x % 3 == 0,
                3 => (x + y) % 3 == 0,
                4 => (x / 3 + y / 2) % 2 == 0,
                5 => x * y % 2 + x * y % 3 == 0,
                6 => (x * y % 2 + x * y % 3) % 2 == 0,
                _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
            };
            if invert && !m.function[y * size + x] {
                m.modules[y * size + x] ^= true;
            }
        }
    }
}

/// The standard's penalty score: long runs, 2x2 blocks, finder-like patterns, imbalance.
fn penalty(m: &Matrix) -> u32 {
    let size = m.size;
    let mut result = 0;
    for horizontal in [true, false] {
        let at = |a: usize, b: usize| {
            if horizontal {
                m.dark(b, a)
            } else {
                m.dark(a, b)
            }
        };
        for a in 0..size {
            let mut run = 0;
            for b in 0..size {
                run = if b > 0 && at(a, b) == at(a, b - 1) {
                    run + 1
                } else {
                    1
                };
                if run == 5 {
                    result += 3;
                } else if run > 5 {
                    result += 1;
                }
            }
            // 1:1:3:1:1 finder-like patterns with four light modules on one side.
            const PATTERN: [bool; 11] = [
                true, false, true, true, true, false, true, false, false, false, false,
            ];
            for b in 0..size.saturating_sub(10) {
                let forward = (0..11).all(|k| at(a, b + k) == PATTERN[k]);
                let backward = (0..11).all(|k| at(a, b + k) == PATTERN[10 - k]);
                result += 40 * (u32::from(forward) + u32::from(backward));
            }
        }
    }
    for y in 0..size - 1 {
        for x in 0..size - 1 {
            let c = m.dark(x, y);
            if c == m.dark(x + 1, y) && c == m.dark(x, y + 1) && c == m.dark(x + 1, y + 1) {
                result += 3;
            }
        }
    }
    let dark = m.modules.iter().filter(|&&d| d).count();
    let total = size * size;
    // Each 5 % away from half dark costs 10.
    let k = ((dark * 20).abs_diff(total * 10))
        .div_ceil(total)
        .saturating_sub(1);
    result + 10 * k as u32
}
