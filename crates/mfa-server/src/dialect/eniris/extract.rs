//! Request extractors of the Eniris dialect: the one bearer-token extractor and the one JSON
//! body extractor. Both reject in the dialect's error shape.

use std::marker::PhantomData;
use std::ops::RangeInclusive;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header, request::Parts};
use serde_json::{Map, Value};

use super::error::EnirisError;
use crate::core::model::TokenKind;
use crate::core::{Caller, Core};
use crate::dialect::quick_read;

/// Which token kinds an endpoint takes.
pub trait Accepts: Send + Sync + 'static {
    const KINDS: &'static [TokenKind];
}

/// `/auth/accesstoken`, `/auth/refreshtoken`, `/auth/logout`.
pub struct RefreshToken;
impl Accepts for RefreshToken {
    const KINDS: &'static [TokenKind] = &[TokenKind::Refresh];
}

/// Most `/user/2fa` endpoints. A sudo token is a stronger proof than an access token, so it
/// is accepted wherever an access token is (the wizard then needs to keep only one token
/// after a step-up).
pub struct AccessToken;
impl Accepts for AccessToken {
    const KINDS: &'static [TokenKind] = &[TokenKind::Access, TokenKind::Sudo];
}

/// The three `/authenticate` endpoints: also the partial token of a 2FA login.
pub struct SecondFactorProof;
impl Accepts for SecondFactorProof {
    const KINDS: &'static [TokenKind] = &[TokenKind::Access, TokenKind::Sudo, TokenKind::Partial];
}

/// The caller behind `Authorization: Bearer <token>`, checked against `K`.
pub struct Auth<K: Accepts> {
    pub caller: Caller,
    /// The raw token, for operations that consume it (partial tokens, logout, rotation).
    pub token: String,
    kinds: PhantomData<K>,
}

impl<K: Accepts> FromRequestParts<Arc<Core>> for Auth<K> {
    type Rejection = EnirisError;

    async fn from_request_parts(
        parts: &mut Parts,
        core: &Arc<Core>,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| EnirisError::unauthorized("NO_TOKEN_PROVIDED"))?
            .to_owned();
        if token.len() > 512 {
            return Err(EnirisError::bad_request("token is too long"));
        }
        let lookup = token.clone();
        let caller = quick_read(core, move |core| core.resolve_token(&lookup, K::KINDS))?;
        Ok(Self {
            caller,
            token,
            kinds: PhantomData,
        })
    }
}

/// A JSON object body. An empty body counts as `{}` (several endpoints take `{}`).
pub struct JsonBody(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = EnirisError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    EnirisError::new(StatusCode::PAYLOAD_TOO_LARGE, "Request body is too large")
                } else {
                    EnirisError::bad_request("Request body could not be read")
                }
            })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(Map::new()));
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => Ok(Self(map)),
            Ok(_) => Err(EnirisError::bad_request("body must be object")),
            Err(err) => Err(EnirisError::bad_request(format!(
                "Body is not valid JSON: {err}"
            ))),
        }
    }
}

impl JsonBody {
    /// A required string property with a length (in characters) in `length`.
    pub fn string(&self, name: &str, length: RangeInclusive<usize>) -> Result<&str, EnirisError> {
        let value = self.0.get(name).ok_or_else(|| {
            EnirisError::bad_request(format!("body must have required property '{name}'"))
        })?;
        let text = value
            .as_str()
            .ok_or_else(|| EnirisError::bad_request(format!("body/{name} must be string")))?;
        let chars = text.chars().count();
        if chars > *length.end() {
            return Err(EnirisError::bad_request(format!(
                "body/{name} must NOT have more than {} characters",
                length.end()
            )));
        }
        if chars < *length.start() {
            return Err(EnirisError::bad_request(format!(
                "body/{name} must NOT have fewer than {} characters",
                length.start()
            )));
        }
        Ok(text)
    }

    /// A required code of exactly `digits` ASCII digits.
    pub fn digits(&self, name: &str, digits: usize) -> Result<&str, EnirisError> {
        let code = self.string(name, digits..=digits)?;
        if code.bytes().all(|byte| byte.is_ascii_digit()) {
            Ok(code)
        } else {
            Err(EnirisError::bad_request(format!(
                "body/{name} must match pattern \"^[0-9]{{{digits}}}$\""
            )))
        }
    }
}
