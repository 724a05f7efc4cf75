//! `POST /api/oauth2/token`: the `Password`, `Refresh_token` and `Mfa` grants.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::{
    ACCESS_LIFETIME_MS, Form, MFA_TOKEN_LIFETIME_MS, REFRESH_LIFETIME_MS,
    SHORT_REFRESH_LIFETIME_MS, VeeamError, parse_code,
};
use crate::clock::Millis;
use crate::core::model::TokenKind;
use crate::core::{Core, IssuedToken, LoginOutcome, SecondFactor, TokenGrant};
use crate::dialect::{FormBody, MAX_TOKEN_LEN, blocking, quick_read, quick_write};

#[derive(Deserialize)]
pub enum GrantType {
    #[serde(rename = "Password", alias = "password")]
    Password,
    #[serde(rename = "Refresh_token", alias = "refresh_token")]
    RefreshToken,
    #[serde(rename = "Mfa", alias = "mfa")]
    Mfa,
}

/// The form fields of every grant; which are required depends on `grant_type`. Other fields
/// (`api-version`) are ignored.
#[derive(Deserialize)]
pub struct TokenRequest {
    grant_type: GrantType,
    #[serde(alias = "Username")]
    username: Option<String>,
    #[serde(alias = "Password")]
    password: Option<String>,
    #[serde(alias = "Refresh_token")]
    refresh_token: Option<String>,
    mfa_token: Option<String>,
    mfa_code: Option<String>,
    short_lived_refresh_token: Option<bool>,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum TokenResponse {
    Tokens(TokenSet),
    MfaRequired(MfaChallenge),
}

#[derive(Serialize)]
pub struct TokenSet {
    access_token: String,
    token_type: &'static str,
    refresh_token: String,
    expires_in: i64,
    #[serde(rename = ".issued")]
    issued: String,
    #[serde(rename = ".expires")]
    expires: String,
}

/// The answer to a `Password` grant when the user has MFA: trade `mfa_token` and a code in
/// an `Mfa` grant for the tokens.
#[derive(Serialize)]
pub struct MfaChallenge {
    mfa_token: String,
    expires_in: i64,
}

type TokenResult = Result<Json<TokenResponse>, VeeamError>;

pub async fn token(State(core): State<Arc<Core>>, form: Form<TokenRequest>) -> TokenResult {
    let FormBody(request, _) = form;
    let refresh_lifetime = if request.short_lived_refresh_token == Some(true) {
        SHORT_REFRESH_LIFETIME_MS
    } else {
        REFRESH_LIFETIME_MS
    };
    match request.grant_type {
        GrantType::Password => {
            let username = required(request.username, "username", "Password", 256)?;
            let password = required(request.password, "password", "Password", 256)?;
            password_grant(core, username, password, refresh_lifetime).await
        }
        GrantType::RefreshToken => {
            let token = required(
                request.refresh_token,
                "refresh_token",
                "Refresh_token",
                MAX_TOKEN_LEN,
            )?;
            refresh_grant(core, token, refresh_lifetime).await
        }
        GrantType::Mfa => {
            let token = required(request.mfa_token, "mfa_token", "Mfa", MAX_TOKEN_LEN)?;
            let code = required(request.mfa_code, "mfa_code", "Mfa", 64)?;
            mfa_grant(core, token, code, refresh_lifetime).await
        }
    }
}

fn required(
    value: Option<String>,
    name: &str,
    grant: &str,
    max_chars: usize,
) -> Result<String, VeeamError> {
    let value = value.filter(|value| !value.is_empty()).ok_or_else(|| {
        VeeamError::bad_request(format!(
            "The field '{name}' is required when grant_type={grant}."
        ))
    })?;
    if value.chars().count() > max_chars {
        return Err(VeeamError::bad_request(format!(
            "The field '{name}' must not be longer than {max_chars} characters."
        )));
    }
    Ok(value)
}

async fn password_grant(
    core: Arc<Core>,
    username: String,
    password: String,
    refresh_lifetime: Millis,
) -> TokenResult {
    let outcome = blocking(&core, move |core| core.login(&username, &password)).await?;
    match outcome {
        LoginOutcome::Complete { account_id } => {
            let grants = [
                (TokenKind::Access, ACCESS_LIFETIME_MS),
                (TokenKind::Refresh, refresh_lifetime),
            ];
            let tokens =
                quick_write(&core, move |core| core.issue_tokens(account_id, &grants)).await?;
            Ok(token_set(&core, tokens))
        }
        LoginOutcome::SecondFactorRequired { account_id, .. } => {
            let grants = [(TokenKind::Partial, MFA_TOKEN_LIFETIME_MS)];
            let mut tokens =
                quick_write(&core, move |core| core.issue_tokens(account_id, &grants)).await?;
            let mfa_token = tokens.pop().expect("one grant yields one token").token;
            Ok(Json(TokenResponse::MfaRequired(MfaChallenge {
                mfa_token,
                expires_in: MFA_TOKEN_LIFETIME_MS / 1000,
            })))
        }
    }
}

/// Rotation: the presented refresh token is revoked and a new pair returned.
async fn refresh_grant(core: Arc<Core>, token: String, refresh_lifetime: Millis) -> TokenResult {
    let lookup = token.clone();
    quick_read(&core, move |core| {
        core.resolve_token(&lookup, &[TokenKind::Refresh])
    })?;
    let grants = [
        (TokenKind::Access, ACCESS_LIFETIME_MS),
        (TokenKind::Refresh, refresh_lifetime),
    ];
    let tokens = quick_write(&core, move |core| core.rotate_token(&token, &grants)).await?;
    Ok(token_set(&core, tokens))
}

/// The code is a 6-digit TOTP or an 8-digit scratch code. The access token it earns is a
/// proof of a fresh second factor (the core's sudo kind), so it may change MFA settings.
async fn mfa_grant(
    core: Arc<Core>,
    token: String,
    code: String,
    refresh_lifetime: Millis,
) -> TokenResult {
    let lookup = token.clone();
    let caller = quick_read(&core, move |core| {
        core.resolve_token(&lookup, &[TokenKind::Partial])
    })
    .map_err(|_| VeeamError::unauthorized("The mfa_token is invalid or expired."))?;
    let code = parse_code(&code, "mfa_code")?;
    let grants: [TokenGrant; 2] = [
        (TokenKind::Sudo, ACCESS_LIFETIME_MS),
        (TokenKind::Refresh, refresh_lifetime),
    ];
    let tokens = quick_write(&core, move |core| {
        core.authenticate(caller, &token, code.factor(), &grants)
    })
    .await?;
    Ok(token_set(&core, tokens))
}

fn token_set(core: &Core, tokens: Vec<IssuedToken>) -> Json<TokenResponse> {
    let mut access_token = String::new();
    let mut refresh_token = String::new();
    for issued in tokens {
        match issued.kind {
            TokenKind::Refresh => refresh_token = issued.token,
            _ => access_token = issued.token,
        }
    }
    let now = core.now();
    Json(TokenResponse::Tokens(TokenSet {
        access_token,
        token_type: "bearer",
        refresh_token,
        expires_in: ACCESS_LIFETIME_MS / 1000,
        issued: http_date(now),
        expires: http_date(now + ACCESS_LIFETIME_MS),
    }))
}

/// `Thu, 03 Dec 2026 17:49:44 GMT`, as the vendor's OWIN server writes `.issued`/`.expires`.
fn http_date(ms: Millis) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    at.format(&format).unwrap_or_default()
}

impl super::Code {
    fn factor(&self) -> SecondFactor<'_> {
        match self {
            Self::Totp(code) => SecondFactor::Totp(code),
            Self::Scratch(code) => SecondFactor::RecoveryCode(code),
        }
    }
}
