//! TOTP verification (RFC 6238) for the server's factors, on the shared `otp` crate.
//!
//! This module only maps the server's stored [`TotpParams`] and `i64` times/steps onto `otp`'s
//! types and holds the server's policy (drift window, which parameters a stored factor may
//! have). The HMAC, the truncation, the constant-time window search and the replay check are
//! `otp`'s ([`otp::Totp::verify_once`] with an [`otp::ReplayGuard`]).

use otp::{Algorithm, Generator, ReplayGuard, Totp};

use super::model::{TotpAlgorithm, TotpParams};

/// How many time steps before and after the current one are accepted (clock drift).
pub const DRIFT_STEPS: u64 = 1;

/// Digit counts a stored factor may have; anything else marks a corrupt record.
const DIGITS: std::ops::RangeInclusive<u32> = 6..=8;

fn algorithm(algorithm: TotpAlgorithm) -> Algorithm {
    match algorithm {
        TotpAlgorithm::Sha1 => Algorithm::Sha1,
        TotpAlgorithm::Sha256 => Algorithm::Sha256,
        TotpAlgorithm::Sha512 => Algorithm::Sha512,
    }
}

/// The `otp` TOTP for a factor, or `None` when its parameters cannot produce codes.
fn totp(secret: &[u8], params: TotpParams) -> Option<Totp> {
    if !DIGITS.contains(&params.digits) {
        return None;
    }
    Totp::new(
        secret,
        algorithm(params.algorithm),
        params.digits,
        u64::from(params.period_secs),
    )
    .ok()
}

pub fn time_step(unix_secs: i64, params: TotpParams) -> i64 {
    unix_secs.div_euclid(i64::from(params.period_secs))
}

/// The HOTP value for `counter`, as a zero-padded string of `params.digits` digits.
pub fn code_at(secret: &[u8], counter: u64, params: TotpParams) -> Option<String> {
    if !DIGITS.contains(&params.digits) {
        return None;
    }
    let generator = Generator::new(secret, algorithm(params.algorithm), params.digits).ok()?;
    Some(generator.code(counter).to_string())
}

/// The time step whose code equals `code`, among the steps within the drift window around
/// `unix_secs` that are later than `last_used_step` (replay protection). `otp` computes and
/// compares every step of the window in constant time; among several matching steps the one
/// closest to `unix_secs` is taken, and refused if it is not later than `last_used_step`.
/// Times before the Unix epoch match nothing.
///
/// `Err(())` means the factor's parameters cannot produce codes (a corrupt record).
#[allow(clippy::result_unit_err)]
pub fn matching_step(
    secret: &[u8],
    params: TotpParams,
    code: &str,
    unix_secs: i64,
    last_used_step: Option<i64>,
) -> Result<Option<i64>, ()> {
    let totp = totp(secret, params).ok_or(())?;
    let Ok(now) = u64::try_from(unix_secs) else {
        return Ok(None);
    };
    // A negative last step refuses nothing: every step from the epoch on is later.
    let mut guard = ReplayGuard::new(last_used_step.and_then(|step| u64::try_from(step).ok()));
    Ok(totp
        .verify_once(code, now, DRIFT_STEPS, &mut guard)
        .and_then(|found| i64::try_from(found.step).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED20: &[u8] = b"12345678901234567890";
    const SEED32: &[u8] = b"12345678901234567890123456789012";
    const SEED64: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

    fn params(algorithm: TotpAlgorithm) -> TotpParams {
        TotpParams {
            algorithm,
            digits: 8,
            period_secs: 30,
        }
    }

    /// RFC 6238 Appendix B, 8 digits, through the server's parameters and `matching_step`
    /// (so the algorithm mapping onto `otp` is what is tested; `otp` has the full table).
    #[test]
    fn rfc6238_vectors_verify_through_the_server_params() {
        for (algorithm, secret, t, expected) in [
            (TotpAlgorithm::Sha1, SEED20, 59, "94287082"),
            (TotpAlgorithm::Sha1, SEED20, 1111111109, "07081804"),
            (TotpAlgorithm::Sha1, SEED20, 20000000000, "65353130"),
            (TotpAlgorithm::Sha256, SEED32, 59, "46119246"),
            (TotpAlgorithm::Sha256, SEED32, 1111111109, "68084774"),
            (TotpAlgorithm::Sha512, SEED64, 59, "90693936"),
            (TotpAlgorithm::Sha512, SEED64, 1111111109, "25091201"),
        ] {
            let params = params(algorithm);
            let step = time_step(t, params);
            assert_eq!(
                code_at(secret, step as u64, params).as_deref(),
                Some(expected),
                "{algorithm:?} at {t}"
            );
            assert_eq!(
                matching_step(secret, params, expected, t, None),
                Ok(Some(step)),
                "{algorithm:?} at {t}"
            );
        }
    }

    #[test]
    fn one_step_of_drift_is_accepted_two_are_not() {
        let params = TotpParams::default();
        let now = 1_000_000;
        let step = time_step(now, params);
        for (delta, accepted) in [(-2, false), (-1, true), (0, true), (1, true), (2, false)] {
            let code = code_at(SEED20, (step + delta) as u64, params).unwrap();
            assert_eq!(
                matching_step(SEED20, params, &code, now, None),
                Ok(accepted.then_some(step + delta)),
                "delta {delta}"
            );
        }
    }

    #[test]
    fn a_used_step_is_not_accepted_again() {
        let params = TotpParams::default();
        let now = 1_000_000;
        let step = time_step(now, params);
        let code = code_at(SEED20, step as u64, params).unwrap();
        assert_eq!(
            matching_step(SEED20, params, &code, now, None),
            Ok(Some(step))
        );
        assert_eq!(
            matching_step(SEED20, params, &code, now, Some(step)),
            Ok(None)
        );
        // An earlier step inside the window is refused too; a later one is still accepted.
        let earlier = code_at(SEED20, (step - 1) as u64, params).unwrap();
        assert_eq!(
            matching_step(SEED20, params, &earlier, now, Some(step)),
            Ok(None)
        );
        let later = code_at(SEED20, (step + 1) as u64, params).unwrap();
        assert_eq!(
            matching_step(SEED20, params, &later, now, Some(step)),
            Ok(Some(step + 1))
        );
    }

    #[test]
    fn parameters_that_cannot_make_codes_are_corrupt() {
        let default = TotpParams::default();
        for params in [
            TotpParams {
                digits: 5,
                ..default
            },
            TotpParams {
                digits: 9,
                ..default
            },
            TotpParams {
                period_secs: 0,
                ..default
            },
        ] {
            assert_eq!(matching_step(SEED20, params, "123456", 59, None), Err(()));
        }
        assert_eq!(matching_step(b"", default, "123456", 59, None), Err(()));
    }
}
