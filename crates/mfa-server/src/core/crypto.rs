//! Keys, sealing, hashing and randomness.
//!
//! One 32-byte master key lives in `DATA/secret.key` (mode 0600, created on first start).
//! Purpose-specific keys are derived from it with HMAC-SHA256, so the TOTP sealing key and the
//! code-hashing key are never the same bytes.

use std::io::Write;
use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

pub const KEY_FILE: &str = "secret.key";
const NONCE_LEN: usize = 12;

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).expect("operating system random source");
    bytes
}

/// Reads the master key of `data_dir`, creating it (mode 0600) when absent.
pub fn load_or_create_master_key(data_dir: &Path) -> anyhow::Result<[u8; 32]> {
    let path = data_dir.join(KEY_FILE);
    match std::fs::read(&path) {
        Ok(bytes) => bytes
            .try_into()
            .map_err(|_| anyhow::anyhow!("{} must hold exactly 32 bytes", path.display())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let key = random_bytes::<32>();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&path)?;
            file.write_all(&key)?;
            file.sync_all()?;
            Ok(key)
        }
        Err(err) => Err(err.into()),
    }
}

/// The keys derived from the master key.
#[derive(Clone)]
pub struct Keys {
    sealing: Aes256Gcm,
    code_hashing: [u8; 32],
    envelope_signing: [u8; 32],
}

impl Keys {
    pub fn derive(master: &[u8; 32]) -> Self {
        let sealing_key = hmac_sha256(master, b"totp-secret-sealing");
        Self {
            sealing: Aes256Gcm::new_from_slice(&sealing_key).expect("32-byte key"),
            code_hashing: hmac_sha256(master, b"one-time-code-hashing"),
            envelope_signing: hmac_sha256(master, b"token-envelope-signing"),
        }
    }

    /// Encrypts `secret`; `context` (e.g. the account id) is authenticated, so a sealed
    /// secret copied to another account's row no longer opens.
    pub fn seal(&self, secret: &[u8], context: &[u8]) -> Vec<u8> {
        let nonce = random_bytes::<NONCE_LEN>();
        let payload = Payload {
            msg: secret,
            aad: context,
        };
        let ciphertext = self
            .sealing
            .encrypt(Nonce::from_slice(&nonce), payload)
            .expect("AES-GCM encryption cannot fail for short inputs");
        [nonce.as_slice(), &ciphertext].concat()
    }

    pub fn open(&self, sealed: &[u8], context: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < NONCE_LEN {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let payload = Payload {
            msg: ciphertext,
            aad: context,
        };
        self.sealing.decrypt(Nonce::from_slice(nonce), payload).ok()
    }

    /// Keyed hash of a recovery or emailed code.
    ///
    /// These codes are random (recovery codes carry 80 bits), so a slow password hash would
    /// add latency without adding safety: nobody can enumerate 2^80 guesses. The key means a
    /// stolen database alone does not even allow checking a guess offline. A deterministic
    /// hash also lets the store find a code by its hash with one indexed lookup.
    pub fn hash_code(&self, code: &str) -> Vec<u8> {
        hmac_sha256(&self.code_hashing, code.as_bytes()).to_vec()
    }

    /// Key for signing the envelopes a dialect wraps core tokens in (e.g. the JWTs of the
    /// Cognito-compatible endpoint). The token inside stays the authority; the signature
    /// lets clients and the dialect trust the envelope's other claims.
    pub fn envelope_signing_key(&self) -> &[u8; 32] {
        &self.envelope_signing
    }
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Tokens are 256-bit random values, so a plain SHA-256 is enough to keep them out of the
/// database in usable form.
pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

pub fn new_token() -> String {
    data_encoding::BASE64URL_NOPAD.encode(&random_bytes::<32>())
}

/// argon2id with `cost`. The cost is stored in the hash, so lowering or raising it later
/// leaves existing hashes verifiable.
pub fn hash_password(password: &str, cost: &argon2::Params) -> String {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).expect("16-byte salt");
    argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        cost.clone(),
    )
    .hash_password(password.as_bytes(), &salt)
    .expect("argon2id with default parameters")
    .to_string()
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Uniformly random characters from `alphabet` (rejection sampling, no modulo bias).
pub fn random_string(alphabet: &[u8], len: usize) -> String {
    let limit = 256 - 256 % alphabet.len();
    let mut out = String::with_capacity(len);
    while out.len() < len {
        for byte in random_bytes::<32>() {
            if usize::from(byte) < limit && out.len() < len {
                out.push(char::from(alphabet[usize::from(byte) % alphabet.len()]));
            }
        }
    }
    out
}
