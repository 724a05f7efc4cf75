//! TOTP verification (RFC 6238) behind one function.
//!
//! Kept private to the server so it does not move when the `otp` crate's API does; once `otp`
//! offers a stable verify for every algorithm, [`matching_step`] can delegate to it.

use hmac::{Hmac, Mac};
use subtle::ConstantTimeEq;

use super::model::{TotpAlgorithm, TotpParams};

/// How many time steps before and after the current one are accepted (clock drift).
pub const DRIFT_STEPS: i64 = 1;

pub fn time_step(unix_secs: i64, params: TotpParams) -> i64 {
    unix_secs.div_euclid(i64::from(params.period_secs))
}

/// The HOTP value for `counter`, as a zero-padded string of `params.digits` digits.
pub fn code_at(secret: &[u8], counter: u64, params: TotpParams) -> Option<String> {
    fn truncate<M: Mac + hmac::digest::KeyInit>(secret: &[u8], counter: u64) -> Option<u32> {
        let mut mac = <M as Mac>::new_from_slice(secret).ok()?;
        mac.update(&counter.to_be_bytes());
        let hash = mac.finalize().into_bytes();
        let offset = usize::from(hash[hash.len() - 1] & 0x0f);
        Some(u32::from_be_bytes([
            hash[offset] & 0x7f,
            hash[offset + 1],
            hash[offset + 2],
            hash[offset + 3],
        ]))
    }
    if !(6..=8).contains(&params.digits) {
        return None;
    }
    let value = match params.algorithm {
        TotpAlgorithm::Sha1 => truncate::<Hmac<sha1::Sha1>>(secret, counter)?,
        TotpAlgorithm::Sha256 => truncate::<Hmac<sha2::Sha256>>(secret, counter)?,
        TotpAlgorithm::Sha512 => truncate::<Hmac<sha2::Sha512>>(secret, counter)?,
    };
    let code = value % 10u32.pow(params.digits);
    Some(format!("{code:0width$}", width = params.digits as usize))
}

/// The time step whose code equals `code`, among the steps within the drift window around
/// `unix_secs` that are later than `last_used_step` (replay protection). Every candidate is
/// compared in constant time.
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
    let now_step = time_step(unix_secs, params);
    let mut matched = None;
    for step in now_step - DRIFT_STEPS..=now_step + DRIFT_STEPS {
        if step < 0 {
            continue;
        }
        let expected = code_at(secret, step as u64, params).ok_or(())?;
        let equal: bool = expected.as_bytes().ct_eq(code.as_bytes()).into();
        let fresh = last_used_step.is_none_or(|last| step > last);
        if equal && fresh && matched.is_none() {
            matched = Some(step);
        }
    }
    Ok(matched)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, SHA-1 seed, 8 digits.
    #[test]
    fn rfc6238_sha1_vectors() {
        let params = TotpParams {
            algorithm: TotpAlgorithm::Sha1,
            digits: 8,
            period_secs: 30,
        };
        let secret = b"12345678901234567890";
        for (t, expected) in [
            (59, "94287082"),
            (1111111109, "07081804"),
            (20000000000, "65353130"),
        ] {
            let step = time_step(t, params) as u64;
            assert_eq!(code_at(secret, step, params).as_deref(), Some(expected));
        }
    }

    #[test]
    fn rfc6238_sha256_and_sha512_vectors() {
        let sha256 = TotpParams {
            algorithm: TotpAlgorithm::Sha256,
            digits: 8,
            period_secs: 30,
        };
        let sha512 = TotpParams {
            algorithm: TotpAlgorithm::Sha512,
            ..sha256
        };
        let step = time_step(59, sha256) as u64;
        assert_eq!(
            code_at(b"12345678901234567890123456789012", step, sha256).as_deref(),
            Some("46119246")
        );
        let seed64 = b"1234567890123456789012345678901234567890123456789012345678901234";
        assert_eq!(code_at(seed64, step, sha512).as_deref(), Some("90693936"));
    }

    #[test]
    fn a_used_step_is_not_accepted_again() {
        let params = TotpParams::default();
        let secret = b"12345678901234567890";
        let now = 1_000_000;
        let step = time_step(now, params);
        let code = code_at(secret, step as u64, params).unwrap();
        assert_eq!(
            matching_step(secret, params, &code, now, None),
            Ok(Some(step))
        );
        assert_eq!(
            matching_step(secret, params, &code, now, Some(step)),
            Ok(None)
        );
    }
}
