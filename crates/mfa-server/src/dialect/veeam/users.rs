//! `/api/{version}/users...`: the caller's user record and its MFA.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::{StatusCode, request::Parts};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::{Body, Code, PREFIX, SCRATCH_CODES, VeeamError, parse_code, qr_string};
use crate::core::error::CoreError;
use crate::core::model::{AccountId, TokenKind, TotpParams};
use crate::core::{Caller, Core, DEFAULT_TOTP_NAME};
use crate::dialect::{JsonBody, MAX_TOKEN_LEN, bearer_token, quick_read, quick_write};

/// The caller behind `Authorization: Bearer <access_token>`.
pub struct Auth(pub Caller);

impl FromRequestParts<Arc<Core>> for Auth {
    type Rejection = VeeamError;

    async fn from_request_parts(
        parts: &mut Parts,
        core: &Arc<Core>,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer_token(&parts.headers)
            .filter(|token| token.len() <= MAX_TOKEN_LEN)
            .ok_or_else(|| {
                VeeamError::unauthorized(
                    "An Authorization: Bearer <access_token> header is required.",
                )
            })?
            .to_owned();
        let kinds = [TokenKind::Access, TokenKind::Sudo];
        let caller = quick_read(core, move |core| core.resolve_token(&token, &kinds))?;
        Ok(Self(caller))
    }
}

#[derive(Deserialize)]
pub struct VersionPath {
    version: String,
}

#[derive(Deserialize)]
pub struct UserPath {
    version: String,
    id: String,
}

fn not_found() -> VeeamError {
    VeeamError::new(StatusCode::NOT_FOUND, "The resource was not found.")
}

/// `v1` .. `v8`: the paths have not changed across the product's API versions.
fn check_version(version: &str) -> Result<(), VeeamError> {
    let known = version
        .strip_prefix('v')
        .and_then(|number| number.parse::<u8>().ok())
        .is_some_and(|number| (1..=8).contains(&number));
    if known { Ok(()) } else { Err(not_found()) }
}

/// The account `path` names, which must be the caller's own: this server has no
/// administrator role, so a user sees and changes only themselves.
fn own_account(
    path: Result<Path<UserPath>, PathRejection>,
    auth: &Auth,
) -> Result<AccountId, VeeamError> {
    Ok(own_account_at(path, auth)?.1)
}

/// [`own_account`] with the API version of the path.
fn own_account_at(
    path: Result<Path<UserPath>, PathRejection>,
    auth: &Auth,
) -> Result<(String, AccountId), VeeamError> {
    let Path(UserPath { version, id }) = path.map_err(|_| not_found())?;
    check_version(&version)?;
    let id: AccountId = id.parse().map_err(|_| not_found())?;
    if id != auth.0.account_id {
        return Err(VeeamError::new(
            StatusCode::FORBIDDEN,
            "A user can only read and change their own user record.",
        ));
    }
    Ok((version, id))
}

#[derive(Serialize)]
pub struct Link {
    href: String,
}

#[derive(Serialize)]
pub struct Links {
    #[serde(rename = "self")]
    this: Link,
}

fn links(href: String) -> Links {
    Links {
        this: Link { href },
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    id: String,
    name: String,
    description: String,
    mfa_enabled: bool,
    is_default: bool,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "_links")]
    links: Links,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserPage {
    offset: u32,
    limit: u32,
    total_count: u32,
    results: Vec<User>,
    #[serde(rename = "_links")]
    links: Links,
}

fn user(core: &Core, version: &str, account: AccountId) -> Result<User, VeeamError> {
    let record = core.account(account)?;
    let status = core.mfa_status(account)?;
    Ok(User {
        id: account.to_string(),
        name: record.username,
        description: String::new(),
        mfa_enabled: status.totp_activated_at.is_some(),
        is_default: false,
        kind: "Internal",
        links: links(format!("{PREFIX}/api/{version}/users/{account}")),
    })
}

pub async fn list(
    State(core): State<Arc<Core>>,
    auth: Auth,
    path: Result<Path<VersionPath>, PathRejection>,
) -> Result<Json<UserPage>, VeeamError> {
    let Path(VersionPath { version }) = path.map_err(|_| not_found())?;
    check_version(&version)?;
    let me = user(&core, &version, auth.0.account_id)?;
    Ok(Json(UserPage {
        offset: 0,
        limit: 100,
        total_count: 1,
        results: vec![me],
        links: links(format!("{PREFIX}/api/{version}/users")),
    }))
}

pub async fn get(
    State(core): State<Arc<Core>>,
    auth: Auth,
    path: Result<Path<UserPath>, PathRejection>,
) -> Result<Json<User>, VeeamError> {
    let (version, account) = own_account_at(path, &auth)?;
    Ok(Json(user(&core, &version, account)?))
}

// ----- MFA ----------------------------------------------------------------------------------

#[derive(Deserialize)]
pub struct EnableMfaRequest {
    /// The current docs' example sends the string `"false"`, so both forms are read.
    #[serde(deserialize_with = "bool_or_text")]
    recreate: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnableMfaResponse {
    user_id: AccountId,
    qr_string: String,
    secret_key: String,
    scratch_codes: Vec<String>,
    token: String,
}

#[derive(Deserialize)]
pub struct AcceptMfaRequest {
    code: String,
    token: String,
}

pub async fn enable_mfa(
    State(core): State<Arc<Core>>,
    auth: Auth,
    path: Result<Path<UserPath>, PathRejection>,
    JsonBody(EnableMfaRequest { recreate }, _): Body<EnableMfaRequest>,
) -> Result<Json<EnableMfaResponse>, VeeamError> {
    let account = own_account(path, &auth)?;
    let enabled = quick_read(&core, |core| core.mfa_status(account))?
        .totp_activated_at
        .is_some();
    if enabled && !recreate {
        return Err(VeeamError::new(
            StatusCode::CONFLICT,
            "MFA is already enabled for this user; send recreate=true to issue a new secret.",
        ));
    }
    let caller = auth.0;
    let (enrollment, scratch_codes) = quick_write(&core, move |core| {
        core.begin_totp_setup_with_codes(
            caller,
            DEFAULT_TOTP_NAME,
            TotpParams::default(),
            SCRATCH_CODES,
        )
    })
    .await?;
    let username = quick_read(&core, |core| core.account(account))?.username;
    let secret = otp::Secret::from_bytes(enrollment.secret);
    Ok(Json(EnableMfaResponse {
        user_id: account,
        qr_string: qr_string(&username, &core.settings.issuer, secret.clone())?,
        secret_key: secret.to_base32(),
        scratch_codes,
        token: data_encoding::BASE64.encode(
            data_encoding::HEXUPPER
                .encode(&enrollment.ticket)
                .as_bytes(),
        ),
    }))
}

/// A current TOTP code for the pending secret, or one of its scratch codes (then spent).
pub async fn accept_mfa(
    State(core): State<Arc<Core>>,
    auth: Auth,
    path: Result<Path<UserPath>, PathRejection>,
    JsonBody(AcceptMfaRequest { code, token }, _): Body<AcceptMfaRequest>,
) -> Result<StatusCode, VeeamError> {
    let account = own_account(path, &auth)?;
    let code = parse_code(&code, "code")?;
    let ticket = data_encoding::BASE64
        .decode(token.trim().as_bytes())
        .ok()
        .and_then(|hex| data_encoding::HEXUPPER.decode(&hex).ok())
        .ok_or_else(|| {
            VeeamError::bad_request("The field 'token' is not a token from enableMfa.")
        })?;
    let factor = quick_read(&core, |core| {
        core.pending_factor_for_ticket(account, &ticket)
    })?;
    let outcome = quick_write(&core, move |core| match &code {
        Code::Totp(code) => core
            .activate_totp(account, Some(factor), code, true, SCRATCH_CODES)
            .map(drop),
        Code::Scratch(code) => core.activate_totp_with_recovery_code(account, factor, code, true),
    })
    .await;
    match outcome {
        Ok(()) => Ok(StatusCode::OK),
        // An authenticated call: 401 would read as "session expired" to a client.
        Err(CoreError::CodeIncorrect(_)) => Err(VeeamError::bad_request("The code is incorrect.")),
        Err(err) => Err(err.into()),
    }
}

/// Turns MFA off; a setup that was never accepted is cancelled. 409 when there is neither.
pub async fn disable_mfa(
    State(core): State<Arc<Core>>,
    auth: Auth,
    path: Result<Path<UserPath>, PathRejection>,
) -> Result<StatusCode, VeeamError> {
    let account = own_account(path, &auth)?;
    let caller = auth.0;
    let status = quick_read(&core, |core| core.mfa_status(account))?;
    if status.totp_activated_at.is_some() {
        quick_write(&core, move |core| core.remove_totp(caller)).await?;
    } else {
        match quick_write(&core, move |core| core.cancel_totp_setup(account)).await {
            Ok(()) => {}
            Err(CoreError::Uninitialized(_)) => {
                return Err(VeeamError::new(
                    StatusCode::CONFLICT,
                    "MFA is not enabled for this user.",
                ));
            }
            Err(err) => return Err(err.into()),
        }
    }
    Ok(StatusCode::OK)
}

/// A boolean, or the text `"true"` / `"false"`.
fn bool_or_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    struct BoolOrText;
    impl Visitor<'_> for BoolOrText {
        type Value = bool;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a boolean")
        }
        fn visit_bool<E: de::Error>(self, value: bool) -> Result<bool, E> {
            Ok(value)
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<bool, E> {
            match value {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(E::invalid_type(de::Unexpected::Other("text"), &self)),
            }
        }
    }
    deserializer.deserialize_any(BoolOrText)
}
