//! The SVG decodes back to the text: the path is rasterised and read by `rqrr`.
#![cfg(all(feature = "qr", not(target_arch = "wasm32")))]

use otp::{ErrorCorrection, QrOptions, qr_svg};

/// Reads the `viewBox` size and the `M x y h w v1 H x z` runs of the SVG into a bitmap.
fn rasterise(svg: &str, scale: usize) -> (usize, Vec<u8>) {
    let size: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let path = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let px = size * scale;
    let mut pixels = vec![255u8; px * px];
    for run in path.split('M').filter(|r| !r.is_empty()) {
        let (xy, rest) = run.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let w: usize = rest.split('v').next().unwrap().parse().unwrap();
        for py in y * scale..(y + 1) * scale {
            for qx in x * scale..(x + w) * scale {
                pixels[py * px + qx] = 0;
            }
        }
    }
    (px, pixels)
}

fn decode(svg: &str) -> String {
    // Two pixels per module is enough for a clean image and keeps debug-build tests quick.
    let (px, pixels) = rasterise(svg, 2);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| pixels[y * px + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the picture");
    grids[0].decode().unwrap().1
}

#[test]
fn svg_decodes_to_the_same_text() {
    let uri = "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30";
    for level in [
        ErrorCorrection::Low,
        ErrorCorrection::Medium,
        ErrorCorrection::Quartile,
        ErrorCorrection::High,
    ] {
        let options = QrOptions {
            error_correction: level,
            ..QrOptions::default()
        };
        assert_eq!(decode(&qr_svg(uri, &options).unwrap()), uri, "{level:?}");
    }
}

#[test]
fn colours_and_margin_are_applied() {
    let options = QrOptions {
        margin: 2,
        dark: "#123456".into(),
        light: "rgb(250, 250, 250)".into(),
        ..QrOptions::default()
    };
    let svg = qr_svg("hi", &options).unwrap();
    assert!(svg.contains(r##"fill="#123456""##));
    assert!(svg.contains(r#"fill="rgb(250, 250, 250)""#));
    assert!(
        svg.contains(r#"viewBox="0 0 25 25""#),
        "21 modules + 2 * 2 margin: {svg}"
    );
    assert_eq!(
        decode(
            &qr_svg(
                "hi",
                &QrOptions {
                    margin: 4,
                    ..options
                }
            )
            .unwrap()
        ),
        "hi"
    );
}

/// Printable text of `len` bytes that is not one repeated character.
fn text(len: usize) -> String {
    (0..len)
        .map(|i| char::from(b"otpauth://totp/ACME:alice?secret=JBSWY3DP&x=%20-_.~"[i * 7 % 51]))
        .collect()
}

#[test]
fn every_level_and_many_versions_decode() {
    for level in [
        ErrorCorrection::Low,
        ErrorCorrection::Medium,
        ErrorCorrection::Quartile,
        ErrorCorrection::High,
    ] {
        let options = QrOptions {
            error_correction: level,
            ..QrOptions::default()
        };
        let mut len = 1;
        let mut widths = std::collections::BTreeSet::new();
        while let Ok(svg) = qr_svg(&text(len), &options) {
            let width = svg
                .split("viewBox=\"0 0 ")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .to_owned();
            // One decode per version (the tables differ per version, not per length): every
            // version at level M, versions 1 to 10 at the others (40 is checked below), which
            // keeps this test quick in debug builds.
            let small = width.parse::<usize>().unwrap() <= 17 + 4 * 10 + 8;
            if widths.insert(width) && (level == ErrorCorrection::Medium || small) {
                assert_eq!(decode(&svg), text(len), "{level:?}, {len} bytes");
            }
            len += 1 + len / 12;
        }
        assert!(
            widths.len() >= 34,
            "{level:?}: only {} versions visited",
            widths.len()
        );
    }
}

#[test]
fn version_40_capacity_per_level() {
    for (level, max) in [
        (ErrorCorrection::Low, 2953),
        (ErrorCorrection::Medium, 2331),
        (ErrorCorrection::Quartile, 1663),
        (ErrorCorrection::High, 1273),
    ] {
        let options = QrOptions {
            error_correction: level,
            margin: 0,
            ..QrOptions::default()
        };
        let svg = qr_svg(&text(max), &options).unwrap();
        assert!(
            svg.contains(r#"viewBox="0 0 177 177""#),
            "{level:?} at {max} bytes is version 40"
        );
        assert_eq!(decode(&svg), text(max));
        assert!(
            qr_svg(&text(max + 1), &options).is_err(),
            "{level:?} beyond {max} bytes"
        );
    }
}
