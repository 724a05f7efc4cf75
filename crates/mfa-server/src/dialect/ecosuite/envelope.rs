//! JWT envelopes around core tokens: the IdToken and AccessToken of a Cognito sign-in, and the
//! `Session` of a pending challenge.
//!
//! The core token in `jti` is the authority (lifetime, revocation, kind); the HS256 signature
//! (RustCrypto `hmac` through the `jwt` crate, key from [`Core::envelope_signing_key`]) makes
//! the other claims trustworthy: which use a token is for, which challenge a session answers.

use hmac::{Hmac, Mac};
use jwt::{SignWithKey, VerifyWithKey};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::core::Core;

/// Longest envelope accepted; ours are a few hundred bytes.
pub const MAX_ENVELOPE_LEN: usize = 4096;

/// What an envelope may be used for (`token_use`, as Cognito's JWTs say).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenUse {
    /// The IdToken: `Authorization` on `/ecosuite/users/...`.
    Id,
    /// The AccessToken: the Cognito calls that act on the signed-in user.
    Access,
    /// The `Session` of a pending challenge.
    Session,
}

/// The challenge a session answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Challenge {
    SoftwareTokenMfa,
    MfaSetup,
}

/// The claims of every envelope; the optional ones are present where Cognito's tokens have
/// them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The account id in decimal: the `userId` of `/users/{userId}/mfa`.
    pub sub: String,
    pub token_use: TokenUse,
    pub iss: String,
    pub iat: i64,
    pub exp: i64,
    /// The core token this envelope carries.
    pub jti: String,
    #[serde(
        rename = "cognito:username",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cognito_username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The app client (IdToken).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
    /// The app client (AccessToken).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<Challenge>,
    /// A session that has proven a new software token with `VerifySoftwareToken`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub verified: bool,
}

/// Signs and opens envelopes with the server's key.
#[derive(Clone)]
pub struct Envelopes {
    key: Hmac<Sha256>,
}

impl Envelopes {
    pub fn new(core: &Core) -> Self {
        Self {
            key: Hmac::new_from_slice(core.envelope_signing_key()).expect("HMAC takes any key"),
        }
    }

    pub fn seal(&self, claims: &Claims) -> String {
        claims
            .sign_with_key(&self.key)
            .expect("claims of plain strings and numbers always serialize")
    }

    /// The claims of a well-signed envelope of `expected` use; `None` for anything else
    /// (including an envelope whose `alg` is not HS256).
    pub fn open(&self, text: &str, expected: TokenUse) -> Option<Claims> {
        if text.len() > MAX_ENVELOPE_LEN {
            return None;
        }
        let claims: Claims = text.verify_with_key(&self.key).ok()?;
        (claims.token_use == expected).then_some(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelopes(key: &[u8]) -> Envelopes {
        Envelopes {
            key: Hmac::new_from_slice(key).unwrap(),
        }
    }

    fn claims(token_use: TokenUse) -> Claims {
        Claims {
            sub: "7".into(),
            token_use,
            iss: "test".into(),
            iat: 1,
            exp: 2,
            jti: "core-token".into(),
            cognito_username: Some("alice".into()),
            username: None,
            email: None,
            aud: None,
            client_id: None,
            scope: None,
            auth_time: None,
            challenge: None,
            verified: false,
        }
    }

    #[test]
    fn an_envelope_opens_only_with_its_key_and_use() {
        let ours = envelopes(b"key one");
        let sealed = ours.seal(&claims(TokenUse::Id));
        assert_eq!(sealed.split('.').count(), 3);
        assert_eq!(ours.open(&sealed, TokenUse::Id).unwrap().jti, "core-token");
        assert!(ours.open(&sealed, TokenUse::Access).is_none());
        assert!(envelopes(b"key two").open(&sealed, TokenUse::Id).is_none());
    }

    #[test]
    fn a_changed_claim_breaks_the_signature() {
        let ours = envelopes(b"key");
        let sealed = ours.seal(&claims(TokenUse::Id));
        let parts: Vec<&str> = sealed.split('.').collect();
        let mut forged = claims(TokenUse::Id);
        forged.sub = "8".into();
        let forged_payload = ours.seal(&forged);
        let forged_payload = forged_payload.split('.').nth(1).unwrap();
        let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
        assert!(ours.open(&tampered, TokenUse::Id).is_none());
        // An unsigned token (`alg: none`) is not accepted either.
        let unsigned = format!("eyJhbGciOiJub25lIn0.{}.", parts[1]);
        assert!(ours.open(&unsigned, TokenUse::Id).is_none());
        assert!(ours.open("not a jwt", TokenUse::Id).is_none());
    }
}
