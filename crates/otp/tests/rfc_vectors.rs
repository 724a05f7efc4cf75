//! RFC 4226 Appendix D and RFC 6238 Appendix B, and a cross-check against `totp-rs`.
#![cfg(not(target_arch = "wasm32"))]

use otp::{Algorithm, Hotp, Totp};
use proptest::prelude::*;

const SEED20: &[u8] = b"12345678901234567890";
const SEED32: &[u8] = b"12345678901234567890123456789012";
const SEED64: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

/// Appendix D: the 6-digit HOTP values and the full 31-bit truncations (10 digits).
const RFC4226: [(u32, u32); 10] = [
    (755224, 1284755224),
    (287082, 1094287082),
    (359152, 137359152),
    (969429, 1726969429),
    (338314, 1640338314),
    (254676, 868254676),
    (287922, 1918287922),
    (162583, 82162583),
    (399871, 673399871),
    (520489, 645520489),
];

#[test]
fn rfc4226_appendix_d() {
    let six = Hotp::new(SEED20, Algorithm::Sha1, 6).unwrap();
    let ten = Hotp::new(SEED20, Algorithm::Sha1, 10).unwrap();
    for (counter, (code, truncated)) in RFC4226.into_iter().enumerate() {
        assert_eq!(
            six.generate(counter as u64).value(),
            code,
            "counter {counter}"
        );
        assert_eq!(
            ten.generate(counter as u64).value(),
            truncated,
            "counter {counter}"
        );
        let text = six.generate(counter as u64).to_string();
        assert_eq!(
            six.verify(&text, counter as u64, 0).map(|m| m.step),
            Some(counter as u64)
        );
    }
}

/// Appendix B (with the erratum's 32- and 64-byte seeds for SHA256 and SHA512).
const RFC6238: [(u64, &str, &str, &str); 6] = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
];

#[test]
fn rfc6238_appendix_b() {
    let sha1 = Totp::new(SEED20, Algorithm::Sha1, 8, 30).unwrap();
    let sha256 = Totp::new(SEED32, Algorithm::Sha256, 8, 30).unwrap();
    let sha512 = Totp::new(SEED64, Algorithm::Sha512, 8, 30).unwrap();
    for (time, c1, c256, c512) in RFC6238 {
        assert_eq!(sha1.generate(time).to_string(), c1, "SHA1 at {time}");
        assert_eq!(sha256.generate(time).to_string(), c256, "SHA256 at {time}");
        assert_eq!(sha512.generate(time).to_string(), c512, "SHA512 at {time}");
        for (totp, code) in [(&sha1, c1), (&sha256, c256), (&sha512, c512)] {
            let found = totp
                .verify(code, time, 0)
                .expect("the vector verifies at its own time");
            assert_eq!((found.delta, found.step), (0, time / 30));
        }
    }
}

#[test]
fn window_names_delta_and_step() {
    let totp = Totp::new(SEED20, Algorithm::Sha1, 8, 30).unwrap();
    // 1111111109 is step 37037036; its code one step later is delta -1, two steps later nothing.
    let found = totp.verify("07081804", 1111111109 + 30, 1).unwrap();
    assert_eq!((found.delta, found.step), (-1, 37037036));
    assert_eq!(totp.verify("07081804", 1111111109 + 60, 1), None);
    let found = totp.verify("07081804", 1111111109 - 30, 1).unwrap();
    assert_eq!(found.delta, 1);
    assert_eq!(
        totp.verify("7081804", 1111111109, 1),
        None,
        "leading zero missing"
    );
}

#[test]
fn replay_guard_refuses_the_same_step() {
    let totp = Totp::new(SEED20, Algorithm::Sha1, 8, 30).unwrap();
    let mut guard = otp::ReplayGuard::default();
    assert!(
        totp.verify_once("07081804", 1111111109, 1, &mut guard)
            .is_some()
    );
    assert_eq!(
        totp.verify_once("07081804", 1111111109 + 10, 1, &mut guard),
        None
    );
    assert_eq!(guard.last_step(), Some(37037036));
}

#[test]
fn extreme_counters_and_windows_do_not_overflow() {
    let hotp = Hotp::new(SEED20, Algorithm::Sha1, 6).unwrap();
    let top = hotp.generate(u64::MAX).to_string();
    assert_eq!(hotp.verify(&top, u64::MAX, 3).map(|m| m.delta), Some(0));
    let bottom = hotp.generate(0).to_string();
    assert_eq!(hotp.verify(&bottom, 2, 5).map(|m| m.delta), Some(-2));
    let totp = Totp::new(SEED20, Algorithm::Sha1, 6, u64::MAX).unwrap();
    assert_eq!(totp.step(u64::MAX), 1);
    assert_eq!(totp.remaining(0), u64::MAX);
    assert_eq!(
        Totp::new(SEED20, Algorithm::Sha1, 6, 0).err(),
        Some(otp::Error::Period)
    );
}

fn totp_rs_algorithm(algorithm: Algorithm) -> totp_rs::Algorithm {
    match algorithm {
        Algorithm::Sha1 => totp_rs::Algorithm::SHA1,
        Algorithm::Sha256 => totp_rs::Algorithm::SHA256,
        Algorithm::Sha512 => totp_rs::Algorithm::SHA512,
    }
}

proptest! {
    /// Same codes as `totp-rs` (the reference implementation the issue names) for any secret,
    /// algorithm, 6 to 8 digits, period and time; secrets longer than every hash block too.
    #[test]
    fn agrees_with_totp_rs(
        secret in proptest::collection::vec(any::<u8>(), 1..200),
        algorithm in prop_oneof![Just(Algorithm::Sha1), Just(Algorithm::Sha256), Just(Algorithm::Sha512)],
        digits in 6u32..=8,
        period in 1u64..=300,
        time in 0u64..=40_000_000_000,
    ) {
        let ours = Totp::new(&secret, algorithm, digits, period).unwrap();
        let theirs = totp_rs::TOTP::new_unchecked(totp_rs_algorithm(algorithm), digits as usize, 1, period, secret);
        prop_assert_eq!(ours.generate(time).to_string(), theirs.generate(time));
    }

    /// Whatever code is generated at a step verifies within the window with the right delta.
    #[test]
    fn generated_codes_verify_with_their_delta(
        secret in proptest::collection::vec(any::<u8>(), 1..40),
        digits in 1u32..=10,
        time in 0u64..=u64::MAX / 2,
        shift in -3i64..=3,
    ) {
        let totp = Totp::new(&secret, Algorithm::Sha1, digits, 30).unwrap();
        let then = time.saturating_add_signed(shift * 30);
        let code = totp.generate(then).to_string();
        prop_assert_eq!(code.len(), digits as usize);
        let found = totp.verify(&code, time, 3).expect("inside the window");
        // Another step in the window may collide with a short code; it is then at least as close.
        prop_assert!(found.delta.abs() <= shift.abs());
        prop_assert_eq!(totp.generate(found.step * 30), totp.generate(then));
    }

    /// Any token string, any time and window: no panic.
    #[test]
    fn verify_never_panics(token in ".{0,12}", time in any::<u64>(), window in 0u64..50, digits in 1u32..=10) {
        let totp = Totp::new(SEED20, Algorithm::Sha1, digits, 30).unwrap();
        let _ = totp.verify(&token, time, window);
    }
}
