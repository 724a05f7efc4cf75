//! The one error response of the Veeam dialect: RFC 7807 `application/problem+json`
//! `{"type": "about:blank", "title": reason phrase, "status", "detail"[, "instance": path]}`,
//! with a `Retry-After` header on every 429.

use std::borrow::Cow;

use axum::extract::{OriginalUri, Request};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::core::error::CoreError;
use crate::dialect::BodyError;

#[derive(Debug, Clone)]
pub struct VeeamError {
    pub status: StatusCode,
    pub detail: Cow<'static, str>,
    pub retry_after_secs: Option<u64>,
}

impl VeeamError {
    pub fn new(status: StatusCode, detail: impl Into<Cow<'static, str>>) -> Self {
        Self {
            status,
            detail: detail.into(),
            retry_after_secs: None,
        }
    }

    pub fn bad_request(detail: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }

    pub fn unauthorized(detail: &'static str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, detail)
    }

    fn too_many(retry_after_secs: u64) -> Self {
        Self {
            retry_after_secs: Some(retry_after_secs),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("Too many failed attempts. Retry in {retry_after_secs} seconds."),
            )
        }
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'static str,
    status: u16,
    detail: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance: Option<&'a str>,
}

impl VeeamError {
    fn render(&self, instance: Option<&str>) -> Response {
        let problem = Problem {
            kind: "about:blank",
            title: self.status.canonical_reason().unwrap_or("Error"),
            status: self.status.as_u16(),
            detail: &self.detail,
            instance,
        };
        let body = serde_json::to_vec(&problem).expect("a problem always serializes");
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        crate::dialect::set_retry_after(&mut response, self.retry_after_secs);
        response
    }
}

impl IntoResponse for VeeamError {
    fn into_response(self) -> Response {
        let mut response = self.render(None);
        // `add_instance` re-renders it with the request path.
        response.extensions_mut().insert(self);
        response
    }
}

/// Middleware: fills every problem's `instance` with the path that was requested.
pub async fn add_instance(request: Request, next: Next) -> Response {
    // Inside the nested router the URI lacks the `/veeam` prefix; the original has it.
    let path = match request.extensions().get::<OriginalUri>() {
        Some(OriginalUri(uri)) => uri.path().to_owned(),
        None => request.uri().path().to_owned(),
    };
    let mut response = next.run(request).await;
    match response.extensions_mut().remove::<VeeamError>() {
        Some(problem) => problem.render(Some(&path)),
        None => response,
    }
}

impl From<CoreError> for VeeamError {
    fn from(err: CoreError) -> Self {
        use StatusCode as S;
        match err {
            CoreError::PasswordIncorrect => {
                Self::unauthorized("The user name or password is incorrect.")
            }
            CoreError::CodeIncorrect(_) => Self::unauthorized("The verification code is invalid."),
            CoreError::Throttled {
                retry_after_secs, ..
            }
            | CoreError::MailTooSoon { retry_after_secs } => Self::too_many(retry_after_secs),
            CoreError::Uninitialized(_) => Self::bad_request(
                "The token does not belong to a pending enableMfa request of this user (or it expired).",
            ),
            CoreError::Inactive(_) | CoreError::AlreadyInactive(_) => {
                Self::new(S::CONFLICT, "MFA is not enabled for this user.")
            }
            CoreError::TwoFactorDisabled => {
                Self::new(S::CONFLICT, "MFA is not enabled for this user.")
            }
            CoreError::InvalidToken => {
                Self::unauthorized("The access token is missing, invalid or expired.")
            }
            CoreError::SudoRequired => Self::new(
                S::FORBIDDEN,
                "Changing MFA of a user with MFA enabled requires an access token obtained with grant_type=Mfa.",
            ),
            CoreError::UsernameTaken => Self::new(S::CONFLICT, "The user name is taken."),
            CoreError::InvalidInput(text) => Self::bad_request(text),
            CoreError::Corrupt(_) => Self::new(
                S::INTERNAL_SERVER_ERROR,
                "The stored MFA secret is unreadable.",
            ),
            CoreError::Store(err) => {
                tracing::error!(error = %err, "store failure");
                Self::new(S::INTERNAL_SERVER_ERROR, "Internal server error.")
            }
        }
    }
}

/// Body problems in plain words; values are never repeated (they may be codes or passwords).
impl From<BodyError> for VeeamError {
    fn from(problem: BodyError) -> Self {
        match problem {
            BodyError::TooLarge => Self::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "The request body is larger than {} bytes.",
                    crate::BODY_LIMIT_BYTES
                ),
            ),
            BodyError::Unreadable => Self::bad_request("The request body could not be read."),
            BodyError::WrongContentType { expected } => Self::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("The request body must be sent as {expected}."),
            ),
            BodyError::Malformed(message) => {
                Self::bad_request(format!("The request body is not valid JSON: {message}"))
            }
            BodyError::NotAnObject => Self::bad_request("The request body must be a JSON object."),
            BodyError::Missing { field } => {
                Self::bad_request(format!("The field '{field}' is required."))
            }
            BodyError::Invalid { field, problem } => {
                let subject = match &field {
                    Some(field) => format!("The field '{field}'"),
                    None => "The request body".to_owned(),
                };
                Self::bad_request(match BodyError::expected(&problem) {
                    Some(expected) => format!("{subject} must be {expected}."),
                    None if problem.starts_with("unknown variant") => {
                        format!("{subject} has an unsupported value: {problem}.")
                    }
                    None => format!("{subject} is invalid."),
                })
            }
        }
    }
}
