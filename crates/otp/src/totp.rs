//! Time-based one-time passwords (RFC 6238): HOTP with counter = Unix time / period.

use crate::generator::{Code, Generator};
use crate::verify::{Match, ReplayGuard, search};
use crate::{Algorithm, Error};

/// 30 seconds, the period every authenticator app assumes.
pub const DEFAULT_PERIOD: u64 = 30;

/// TOTP for one secret. Times are Unix seconds as `u64` (year 2603 is fine, `2e10` included).
#[derive(Debug, Clone)]
pub struct Totp {
    generator: Generator,
    period: u64,
}

impl Totp {
    /// Keys the HMAC once; `period` must be at least 1 second.
    pub fn new(
        secret: &[u8],
        algorithm: Algorithm,
        digits: u32,
        period: u64,
    ) -> Result<Self, Error> {
        if period == 0 {
            return Err(Error::Period);
        }
        Ok(Totp {
            generator: Generator::new(secret, algorithm, digits)?,
            period,
        })
    }

    pub fn digits(&self) -> u32 {
        self.generator.digits()
    }

    pub fn period(&self) -> u64 {
        self.period
    }

    /// The time step that contains `time` (RFC 6238 T with T0 = 0).
    pub fn step(&self, time: u64) -> u64 {
        time / self.period
    }

    /// Seconds until the code shown at `time` changes.
    pub fn remaining(&self, time: u64) -> u64 {
        self.period - time % self.period
    }

    pub fn generate(&self, time: u64) -> Code {
        self.generator.code(self.step(time))
    }

    /// Looks for `token` within `window` steps before and after `time`'s step.
    pub fn verify(&self, token: &str, time: u64, window: u64) -> Option<Match> {
        self.verify_code(Code::parse(token, self.digits())?, time, window)
    }

    /// Like [`Totp::verify`] with the parsed code.
    pub fn verify_code(&self, token: Code, time: u64, window: u64) -> Option<Match> {
        search(&self.generator, token, self.step(time), window)
    }

    /// [`Totp::verify`] that also refuses a step the guard has seen, and records a new one.
    pub fn verify_once(
        &self,
        token: &str,
        time: u64,
        window: u64,
        guard: &mut ReplayGuard,
    ) -> Option<Match> {
        self.verify(token, time, window)
            .filter(|found| guard.accept(*found))
    }
}
