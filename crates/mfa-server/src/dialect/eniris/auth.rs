//! `/auth/*`: password login and the refresh/access token exchange.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::extract::{AccessToken, Auth, Body, RefreshToken, check_length};
use super::{EnirisError, TWO_FACTOR_HEADER, lifetime};
use crate::core::model::{Method, TokenKind};
use crate::core::{Core, IssuedToken, LoginOutcome};
use crate::dialect::{JsonBody, blocking, quick_write};

/// A bare token as `text/plain`, the way the vendor answers token requests.
fn plain_token(token: IssuedToken) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        token.token,
    )
        .into_response()
}

fn single(mut tokens: Vec<IssuedToken>) -> IssuedToken {
    tokens.pop().expect("one grant yields one token")
}

fn method_name(method: Method) -> &'static str {
    match method {
        Method::Totp => "totp",
        Method::EmailOtp => "email-otp",
        Method::RecoveryCode => "recovery-code",
        Method::Password => "password",
    }
}

#[derive(Deserialize)]
pub struct LoginRequest {
    username: String,
    password: String,
}

/// `{"userId"}` of the two validate endpoints.
#[derive(Serialize)]
pub struct TokenOwner {
    #[serde(rename = "userId")]
    user_id: i64,
}

pub async fn login(
    State(core): State<Arc<Core>>,
    JsonBody(LoginRequest { username, password }, _): Body<LoginRequest>,
) -> Result<Response, EnirisError> {
    check_length("username", &username, 1..=256)?;
    check_length("password", &password, 1..=256)?;
    let outcome = blocking(&core, move |core| core.login(&username, &password)).await?;
    match outcome {
        LoginOutcome::Complete { account_id } => {
            let grant = [(TokenKind::Refresh, lifetime(TokenKind::Refresh))];
            let tokens =
                quick_write(&core, move |core| core.issue_tokens(account_id, &grant)).await?;
            Ok(plain_token(single(tokens)))
        }
        LoginOutcome::SecondFactorRequired {
            account_id,
            methods,
        } => {
            let grant = [(TokenKind::Partial, lifetime(TokenKind::Partial))];
            let tokens =
                quick_write(&core, move |core| core.issue_tokens(account_id, &grant)).await?;
            let mut response = plain_token(single(tokens));
            let names: Vec<_> = methods.into_iter().map(method_name).collect();
            let value = HeaderValue::from_str(&names.join(",")).expect("method names are ASCII");
            response.headers_mut().insert(TWO_FACTOR_HEADER, value);
            Ok(response)
        }
    }
}

pub async fn access_token(
    State(core): State<Arc<Core>>,
    auth: Auth<RefreshToken>,
) -> Result<Response, EnirisError> {
    let grant = [(TokenKind::Access, lifetime(TokenKind::Access))];
    let account = auth.caller.account_id;
    let tokens = quick_write(&core, move |core| core.issue_tokens(account, &grant)).await?;
    Ok(plain_token(single(tokens)))
}

/// Rotation: the presented refresh token is revoked and a new one returned.
pub async fn refresh_token(
    State(core): State<Arc<Core>>,
    auth: Auth<RefreshToken>,
) -> Result<Response, EnirisError> {
    let grant = [(TokenKind::Refresh, lifetime(TokenKind::Refresh))];
    let tokens = quick_write(&core, move |core| core.rotate_token(&auth.token, &grant)).await?;
    Ok(plain_token(single(tokens)))
}

pub async fn logout(
    State(core): State<Arc<Core>>,
    auth: Auth<RefreshToken>,
) -> Result<StatusCode, EnirisError> {
    quick_write(&core, move |core| core.revoke_token(&auth.token)).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn validate_refresh_token(auth: Auth<RefreshToken>) -> Json<TokenOwner> {
    Json(TokenOwner {
        user_id: auth.caller.account_id,
    })
}

pub async fn validate_access_token(auth: Auth<AccessToken>) -> Json<TokenOwner> {
    Json(TokenOwner {
        user_id: auth.caller.account_id,
    })
}
