//! The two error shapes of the Ecosuite dialect: the project data API's `{"message"}` and the
//! Cognito endpoint's `{"__type", "message"}`. Both carry a `Retry-After` header on 429.

use std::borrow::Cow;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::cognito::AMZ_JSON;
use crate::core::error::CoreError;
use crate::core::model::Method;
use crate::dialect::set_retry_after;

/// Logs a store failure once, where it turns into a 500.
fn log_store_failure(err: &CoreError) {
    if let CoreError::Store(store) = err {
        tracing::error!(error = %store, "store failure");
    }
}

// ----- /users ------------------------------------------------------------------------------

/// `{"message": "..."}`, the error body of the Ecosuite project data API.
#[derive(Debug)]
pub struct EcosuiteError {
    pub status: StatusCode,
    pub message: Cow<'static, str>,
    pub retry_after_secs: Option<u64>,
}

#[derive(Serialize)]
struct MessageBody<'a> {
    message: &'a str,
}

impl EcosuiteError {
    pub fn new(status: StatusCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            status,
            message: message.into(),
            retry_after_secs: None,
        }
    }

    /// What API Gateway's Cognito authorizer answers for a missing or invalid token.
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthorized")
    }

    pub fn user_not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "User not found")
    }
}

impl IntoResponse for EcosuiteError {
    fn into_response(self) -> Response {
        let body = MessageBody {
            message: &self.message,
        };
        let mut response = (self.status, Json(body)).into_response();
        set_retry_after(&mut response, self.retry_after_secs);
        response
    }
}

impl From<CoreError> for EcosuiteError {
    fn from(err: CoreError) -> Self {
        log_store_failure(&err);
        match err {
            CoreError::InvalidToken => Self::unauthorized(),
            CoreError::SudoRequired => Self::new(
                StatusCode::FORBIDDEN,
                "Changing MFA needs a session signed in with its second factor; sign in again",
            ),
            CoreError::Throttled {
                retry_after_secs, ..
            }
            | CoreError::MailTooSoon { retry_after_secs } => Self {
                retry_after_secs: Some(retry_after_secs),
                ..Self::new(StatusCode::TOO_MANY_REQUESTS, "Too many requests")
            },
            CoreError::Corrupt(_) | CoreError::Store(_) => {
                Self::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error")
            }
            other => Self::new(StatusCode::BAD_REQUEST, other.to_string()),
        }
    }
}

// ----- /cognito ----------------------------------------------------------------------------

/// `{"__type": "<Name>Exception", "message": "..."}`, the AWS JSON 1.1 error body, also named
/// in the `x-amzn-ErrorType` header as the service does.
#[derive(Debug)]
pub struct CognitoError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub message: Cow<'static, str>,
    pub retry_after_secs: Option<u64>,
}

#[derive(Serialize)]
struct CognitoErrorBody<'a> {
    #[serde(rename = "__type")]
    kind: &'a str,
    message: &'a str,
}

impl CognitoError {
    pub fn new(kind: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            kind,
            message: message.into(),
            retry_after_secs: None,
        }
    }

    pub fn invalid_parameter(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new("InvalidParameterException", message)
    }

    pub fn not_authorized(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new("NotAuthorizedException", message)
    }

    pub fn serialization(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new("SerializationException", message)
    }

    pub fn with_status(self, status: StatusCode) -> Self {
        Self { status, ..self }
    }

    /// A token that is unknown, expired, revoked, tampered with or of the wrong use.
    pub fn invalid_access_token() -> Self {
        Self::not_authorized("Invalid Access Token")
    }

    pub fn invalid_session() -> Self {
        Self::not_authorized("Invalid session for the user, session is expired.")
    }
}

impl IntoResponse for CognitoError {
    fn into_response(self) -> Response {
        let body = CognitoErrorBody {
            kind: self.kind,
            message: &self.message,
        };
        let mut response =
            (self.status, [(header::CONTENT_TYPE, AMZ_JSON)], Json(body)).into_response();
        if let Ok(kind) = HeaderValue::from_str(&format!("{}:", self.kind)) {
            response.headers_mut().insert("x-amzn-errortype", kind);
        }
        set_retry_after(&mut response, self.retry_after_secs);
        response
    }
}

impl From<CoreError> for CognitoError {
    fn from(err: CoreError) -> Self {
        log_store_failure(&err);
        match err {
            CoreError::PasswordIncorrect => Self::not_authorized("Incorrect username or password."),
            CoreError::CodeIncorrect(_) => {
                Self::new("CodeMismatchException", "Invalid code received for user")
            }
            CoreError::Throttled {
                method,
                retry_after_secs,
            } => Self {
                retry_after_secs: Some(retry_after_secs),
                ..Self::new(
                    "TooManyRequestsException",
                    match method {
                        Method::Password => "Password attempts exceeded",
                        _ => "Too many failed attempts; wait before trying another code",
                    },
                )
                .with_status(StatusCode::TOO_MANY_REQUESTS)
            },
            CoreError::MailTooSoon { retry_after_secs } => Self {
                retry_after_secs: Some(retry_after_secs),
                ..Self::new("TooManyRequestsException", "Too many requests")
                    .with_status(StatusCode::TOO_MANY_REQUESTS)
            },
            CoreError::Uninitialized(Method::Totp) | CoreError::Inactive(Method::Totp) => {
                Self::invalid_parameter("User has not set up software token mfa")
            }
            CoreError::InvalidToken => Self::invalid_access_token(),
            CoreError::SudoRequired => Self::not_authorized(
                "Changing MFA needs tokens from a sign-in with the second factor; sign in again",
            ),
            CoreError::UsernameTaken => Self::new("UsernameExistsException", "User already exists"),
            CoreError::Corrupt(_) | CoreError::Store(_) => {
                Self::new("InternalErrorException", "Internal server error")
                    .with_status(StatusCode::INTERNAL_SERVER_ERROR)
            }
            other => Self::invalid_parameter(other.to_string()),
        }
    }
}
