//! The one error response of the Eniris dialect:
//! `{"statusCode": int, "error": reason phrase, "message": CONSTANT_OR_TEXT[, "retryAfter": s]}`,
//! with a `Retry-After` header on every 429.

use std::borrow::Cow;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::core::error::CoreError;
use crate::core::model::Method;

#[derive(Debug)]
pub struct EnirisError {
    pub status: StatusCode,
    pub message: Cow<'static, str>,
    pub retry_after_secs: Option<u64>,
}

impl EnirisError {
    pub fn new(status: StatusCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            status,
            message: message.into(),
            retry_after_secs: None,
        }
    }

    pub fn bad_request(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn unauthorized(message: &'static str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    fn too_many(message: &'static str, retry_after_secs: u64) -> Self {
        Self {
            retry_after_secs: Some(retry_after_secs),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, message)
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    status_code: u16,
    error: &'static str,
    message: Cow<'static, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after: Option<u64>,
}

impl IntoResponse for EnirisError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            status_code: self.status.as_u16(),
            error: self.status.canonical_reason().unwrap_or("Error"),
            message: self.message,
            retry_after: self.retry_after_secs,
        };
        let mut response = (self.status, Json(body)).into_response();
        crate::dialect::set_retry_after(&mut response, self.retry_after_secs);
        response
    }
}

/// Method-specific message constants (`TOTP_*`, `EMAIL_OTP_*`, `RECOVERY_CODE*_*`).
fn per_method(
    method: Method,
    totp: &'static str,
    email: &'static str,
    recovery: &'static str,
    password: &'static str,
) -> &'static str {
    match method {
        Method::Totp => totp,
        Method::EmailOtp => email,
        Method::RecoveryCode => recovery,
        Method::Password => password,
    }
}

impl From<CoreError> for EnirisError {
    fn from(err: CoreError) -> Self {
        use StatusCode as S;
        match err {
            CoreError::PasswordIncorrect => Self::unauthorized("PASSWORD_INCORRECT"),
            CoreError::CodeIncorrect(method) => Self::unauthorized(per_method(
                method,
                "TOTP_INCORRECT",
                "EMAIL_OTP_INCORRECT",
                "RECOVERY_CODE_INCORRECT",
                "PASSWORD_INCORRECT",
            )),
            CoreError::Throttled {
                method,
                retry_after_secs,
            } => Self::too_many(
                per_method(
                    method,
                    "TOO_MANY_TOTP_CHECKS",
                    "TOO_MANY_EMAIL_OTP_CHECKS",
                    "TOO_MANY_RECOVERY_CODE_CHECKS",
                    "TOO_MANY_FAILED_PASSWORD_CHECKS",
                ),
                retry_after_secs,
            ),
            CoreError::MailTooSoon { retry_after_secs } => {
                Self::too_many("TOO_MANY_OTP_EMAILS", retry_after_secs)
            }
            CoreError::Uninitialized(method) => Self::new(
                S::CONFLICT,
                per_method(
                    method,
                    "TOTP_UNINITIALIZED",
                    "EMAIL_OTP_UNINITIALIZED",
                    "RECOVERY_CODES_UNINITIALIZED",
                    "NO_PASSWORD_INFO",
                ),
            ),
            CoreError::Inactive(method) => Self::new(
                S::CONFLICT,
                per_method(
                    method,
                    "TOTP_INACTIVE",
                    "EMAIL_OTP_INACTIVE",
                    "RECOVERY_CODES_UNINITIALIZED",
                    "NO_PASSWORD_INFO",
                ),
            ),
            CoreError::AlreadyInactive(method) => Self::new(
                S::CONFLICT,
                per_method(
                    method,
                    "TOTP_ALREADY_INACTIVE",
                    "EMAIL_OTP_ALREADY_INACTIVE",
                    "RECOVERY_CODES_UNINITIALIZED",
                    "NO_PASSWORD_INFO",
                ),
            ),
            CoreError::TwoFactorDisabled => Self::new(S::CONFLICT, "2FA_IS_DISABLED"),
            CoreError::InvalidToken => Self::unauthorized("INVALID_TOKEN"),
            CoreError::SudoRequired => Self::unauthorized("SUDO_TOKEN_REQUIRED"),
            CoreError::UsernameTaken => Self::new(S::CONFLICT, "USERNAME_TAKEN"),
            CoreError::InvalidInput(text) => Self::bad_request(text),
            CoreError::Corrupt(method) => Self::new(
                S::INTERNAL_SERVER_ERROR,
                per_method(
                    method,
                    "TOTP_CORRUPT",
                    "EMAIL_OTP_CORRUPT",
                    "RECOVERY_CODES_CORRUPT",
                    "NO_PASSWORD_INFO",
                ),
            ),
            CoreError::Store(err) => {
                tracing::error!(error = %err, "store failure");
                Self::new(S::INTERNAL_SERVER_ERROR, "INTERNAL_SERVER_ERROR")
            }
        }
    }
}
