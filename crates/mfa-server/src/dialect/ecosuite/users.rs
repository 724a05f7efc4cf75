//! `/ecosuite/users/...`: the project data API's MFA status and reset, authorized by the
//! IdToken itself in `Authorization`.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::{StatusCode, header, request::Parts};
use serde::Serialize;

use super::cognito::SOFTWARE_TOKEN_MFA;
use super::envelope::TokenUse;
use super::error::EcosuiteError;
use super::{Ecosuite, Empty};
use crate::core::Caller;
use crate::core::error::CoreError;
use crate::core::model::{AccountId, TokenKind};
use crate::dialect::{quick_read, quick_write};

/// The caller behind `Authorization: <IdToken>`.
pub struct IdToken(pub Caller);

impl FromRequestParts<Arc<Ecosuite>> for IdToken {
    type Rejection = EcosuiteError;

    async fn from_request_parts(
        parts: &mut Parts,
        eco: &Arc<Ecosuite>,
    ) -> Result<Self, Self::Rejection> {
        let value = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
            .ok_or_else(EcosuiteError::unauthorized)?;
        // The vendor's clients send the token bare; a `Bearer ` prefix is forgiven.
        let token = value.strip_prefix("Bearer ").unwrap_or(value).trim();
        let claims = eco
            .envelopes
            .open(token, TokenUse::Id)
            .ok_or_else(EcosuiteError::unauthorized)?;
        let caller = quick_read(&eco.core, |core| {
            core.resolve_token(&claims.jti, &[TokenKind::Access, TokenKind::Sudo])
        })?;
        Ok(Self(caller))
    }
}

#[derive(Serialize)]
pub struct MfaStatusResponse {
    mfa: &'static str,
}

/// The account `{userId}` names, which must exist and be the caller's own.
fn own_account(
    eco: &Ecosuite,
    path: Result<Path<String>, PathRejection>,
    caller: Caller,
) -> Result<AccountId, EcosuiteError> {
    let Path(user_id) = path.map_err(|_| EcosuiteError::user_not_found())?;
    let id: AccountId = user_id
        .parse()
        .map_err(|_| EcosuiteError::user_not_found())?;
    match quick_read(&eco.core, |core| core.account(id)) {
        Ok(_) => {}
        Err(CoreError::InvalidToken) => return Err(EcosuiteError::user_not_found()),
        Err(other) => return Err(other.into()),
    }
    if id != caller.account_id {
        return Err(EcosuiteError::new(
            StatusCode::FORBIDDEN,
            "User does not have sufficient rights",
        ));
    }
    Ok(id)
}

fn totp_active(eco: &Ecosuite, account: AccountId) -> Result<bool, EcosuiteError> {
    Ok(quick_read(&eco.core, |core| core.mfa_status(account))?
        .totp_activated_at
        .is_some())
}

/// `GET /users/{userId}/mfa` → `{"mfa": "SOFTWARE_TOKEN_MFA" | "NOMFA"}`.
pub async fn get_mfa(
    State(eco): State<Arc<Ecosuite>>,
    IdToken(caller): IdToken,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<MfaStatusResponse>, EcosuiteError> {
    let account = own_account(&eco, path, caller)?;
    let mfa = if totp_active(&eco, account)? {
        SOFTWARE_TOKEN_MFA
    } else {
        "NOMFA"
    };
    Ok(Json(MfaStatusResponse { mfa }))
}

/// `DELETE /users/{userId}/mfa` → `{}`: the software token goes (nothing to do without one).
pub async fn reset_mfa(
    State(eco): State<Arc<Ecosuite>>,
    IdToken(caller): IdToken,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Empty>, EcosuiteError> {
    let account = own_account(&eco, path, caller)?;
    if totp_active(&eco, account)? {
        quick_write(&eco.core, |core| core.remove_totp(caller)).await?;
    }
    Ok(Json(Empty {}))
}
