//! Counter-based one-time passwords (RFC 4226).

use crate::generator::{Code, Generator};
use crate::verify::{Match, search};
use crate::{Algorithm, Error};

/// HOTP for one secret. The caller keeps the counter (it belongs to the stored account).
#[derive(Debug, Clone)]
pub struct Hotp {
    generator: Generator,
}

impl Hotp {
    pub fn new(secret: &[u8], algorithm: Algorithm, digits: u32) -> Result<Self, Error> {
        Ok(Hotp {
            generator: Generator::new(secret, algorithm, digits)?,
        })
    }

    pub fn digits(&self) -> u32 {
        self.generator.digits()
    }

    pub fn generate(&self, counter: u64) -> Code {
        self.generator.code(counter)
    }

    /// Looks for `token` at `counter - window ..= counter + window` (both directions, like
    /// otpauth; RFC 4226 §7.4 only looks ahead, which is the `delta >= 0` subset).
    pub fn verify(&self, token: &str, counter: u64, window: u64) -> Option<Match> {
        search(
            &self.generator,
            Code::parse(token, self.digits())?,
            counter,
            window,
        )
    }

    /// Like [`Hotp::verify`] with the parsed code, for callers that already hold a number.
    pub fn verify_code(&self, token: Code, counter: u64, window: u64) -> Option<Match> {
        search(&self.generator, token, counter, window)
    }
}
