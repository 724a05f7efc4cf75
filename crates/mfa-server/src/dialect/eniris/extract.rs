//! Request extractors of the Eniris dialect: the one bearer-token extractor and typed JSON
//! bodies. Both reject in the dialect's error shape.

use std::marker::PhantomData;
use std::ops::RangeInclusive;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::{StatusCode, request::Parts};
use serde::Deserialize;

use super::error::EnirisError;
use crate::core::model::TokenKind;
use crate::core::{Caller, Core};
use crate::dialect::{BodyError, JsonBody, MAX_TOKEN_LEN, bearer_token, quick_read};

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
        let token = bearer_token(&parts.headers)
            .ok_or_else(|| EnirisError::unauthorized("NO_TOKEN_PROVIDED"))?
            .to_owned();
        if token.len() > MAX_TOKEN_LEN {
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

/// A typed JSON body of this dialect (see [`JsonBody`]).
pub type Body<T> = JsonBody<T, EnirisError>;

/// The body of endpoints documented as taking `{}`: any object, its properties ignored.
#[derive(Deserialize)]
pub struct EmptyObject {}

/// Body problems in ajv's words, as the vendor's validator reports them.
impl From<BodyError> for EnirisError {
    fn from(problem: BodyError) -> Self {
        match problem {
            BodyError::TooLarge => {
                Self::new(StatusCode::PAYLOAD_TOO_LARGE, "Request body is too large")
            }
            BodyError::Unreadable => Self::bad_request("Request body could not be read"),
            BodyError::WrongContentType { expected } => Self::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("Content-Type must be {expected}"),
            ),
            BodyError::Malformed(message) => {
                Self::bad_request(format!("Body is not valid JSON: {message}"))
            }
            BodyError::NotAnObject | BodyError::Invalid { field: None, .. } => {
                Self::bad_request("body must be object")
            }
            BodyError::Missing { field } => {
                let (parent, name) = match field.rsplit_once('.') {
                    Some((parent, name)) => (format!("body/{}", pointer(parent)), name),
                    None => ("body".to_owned(), field.as_str()),
                };
                Self::bad_request(format!("{parent} must have required property '{name}'"))
            }
            BodyError::Invalid {
                field: Some(field),
                problem,
            } => {
                let field = pointer(&field);
                Self::bad_request(match BodyError::expected_type(&problem) {
                    Some(expected) => format!("body/{field} must be {expected}"),
                    None => format!("body/{field} is invalid: {problem}"),
                })
            }
        }
    }
}

/// A dotted field path as a JSON pointer below `body` (`a.b` -> `a/b`).
fn pointer(path: &str) -> String {
    path.replace('.', "/")
}

/// Checks the length (in characters) of the string property `name`.
pub fn check_length(
    name: &str,
    text: &str,
    length: RangeInclusive<usize>,
) -> Result<(), EnirisError> {
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
    Ok(())
}

/// Checks that the property `name` is a code of exactly `digits` ASCII digits.
pub fn check_digits(name: &str, code: &str, digits: usize) -> Result<(), EnirisError> {
    check_length(name, code, digits..=digits)?;
    if code.bytes().all(|byte| byte.is_ascii_digit()) {
        Ok(())
    } else {
        Err(EnirisError::bad_request(format!(
            "body/{name} must match pattern \"^[0-9]{{{digits}}}$\""
        )))
    }
}
