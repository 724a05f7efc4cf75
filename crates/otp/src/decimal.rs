//! Decimal numbers into text without `core::fmt`, whose integer machinery costs wasm size in
//! every build that formats (the URI builder, the QR SVG).

use alloc::string::String;

/// Appends `n` in decimal.
pub(crate) fn push_decimal(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    // `i > 0` is always true here (u64 has at most 20 digits), but lets the compiler see the
    // index in bounds: no panic and no location with this file's path stays in the wasm.
    while i > 0 {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&b| char::from(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_digit() {
        for n in [0, 7, 10, 30, 1_000_000, u64::MAX] {
            let mut out = String::from("x");
            push_decimal(&mut out, n);
            assert_eq!(out, alloc::format!("x{n}"));
        }
    }
}
