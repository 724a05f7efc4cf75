//! `/user/2fa/*`: status, TOTP, email OTP and recovery codes.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::extract::{AccessToken, Auth, JsonBody, SecondFactorProof};
use super::{EnirisError, lifetime};
use crate::clock::iso8601;
use crate::core::model::{Method, TokenKind, TotpParams};
use crate::core::{
    Core, DEFAULT_TOTP_NAME, EMAIL_CODE_DIGITS, IssuedToken, RECOVERY_ALPHABET, RECOVERY_CODE_LEN,
    SecondFactor, normalize_recovery_code,
};
use crate::dialect::{quick_read, quick_write};

type JsonResult = Result<Json<Value>, EnirisError>;

const TOTP_DIGITS: usize = 6;

fn recovery_codes(codes: Vec<String>) -> Json<Value> {
    Json(json!({ "recoveryCodes": codes }))
}

fn duration(secs: u64) -> Json<Value> {
    Json(json!({ "duration": secs }))
}

fn null() -> Json<Value> {
    Json(Value::Null)
}

pub async fn status(State(core): State<Arc<Core>>, auth: Auth<AccessToken>) -> JsonResult {
    let account = auth.caller.account_id;
    let status = quick_read(&core, move |core| core.mfa_status(account))?;
    Ok(Json(json!({
        "enabled": status.enabled(),
        "emailOtp": status.email.as_ref().map(|(email, at)| json!({
            "email": email,
            "completedAt": iso8601(*at),
        })),
        "totp": status.totp_activated_at.map(|at| json!({ "completedAt": iso8601(at) })),
        "recoveryCodes": status.recovery_codes.as_ref().map(|codes| json!({
            "completedAt": iso8601(codes.issued_at),
            "remaining": codes.remaining,
        })),
        "totpPending": status.totp_pending,
    })))
}

// ----- TOTP ---------------------------------------------------------------------------------

pub async fn setup_totp(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
    _body: JsonBody,
) -> JsonResult {
    let enrollment = quick_write(&core, move |core| {
        core.begin_totp_setup(auth.caller, DEFAULT_TOTP_NAME, TotpParams::default())
    })
    .await?;
    Ok(Json(json!({ "url": enrollment.uri })))
}

pub async fn cancel_totp_setup(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
) -> JsonResult {
    let account = auth.caller.account_id;
    quick_write(&core, move |core| core.cancel_totp_setup(account)).await?;
    Ok(null())
}

pub async fn enable_totp(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
    body: JsonBody,
) -> JsonResult {
    let code = body.digits("totp", TOTP_DIGITS)?.to_owned();
    let account = auth.caller.account_id;
    let codes = quick_write(&core, move |core| {
        core.activate_totp(account, None, &code, true)
    })
    .await?;
    Ok(recovery_codes(codes))
}

pub async fn authenticate_totp(
    State(core): State<Arc<Core>>,
    auth: Auth<SecondFactorProof>,
    body: JsonBody,
) -> JsonResult {
    let code = body.digits("totp", TOTP_DIGITS)?.to_owned();
    authenticate(core, auth, move |code| SecondFactor::Totp(code), code).await
}

pub async fn totp_next_guess(State(core): State<Arc<Core>>, auth: Auth<AccessToken>) -> JsonResult {
    next_guess(core, auth, Method::Totp).await
}

pub async fn remove_totp(State(core): State<Arc<Core>>, auth: Auth<AccessToken>) -> JsonResult {
    quick_write(&core, move |core| core.remove_totp(auth.caller)).await?;
    Ok(null())
}

// ----- email OTP ----------------------------------------------------------------------------

pub async fn setup_email_otp(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
    body: JsonBody,
) -> JsonResult {
    let email = body.string("email", 3..=256)?.trim().to_owned();
    if !plausible_email(&email) {
        return Err(EnirisError::bad_request("Invalid email address"));
    }
    quick_write(&core, move |core| {
        core.begin_email_setup(auth.caller, &email)
    })
    .await?;
    Ok(null())
}

pub async fn enable_email_otp(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
    body: JsonBody,
) -> JsonResult {
    let code = body.digits("otp", EMAIL_CODE_DIGITS)?.to_owned();
    let account = auth.caller.account_id;
    let codes = quick_write(&core, move |core| core.activate_email(account, &code)).await?;
    Ok(recovery_codes(codes))
}

/// Also takes a partial token: a user whose only factor is email needs a code to log in.
pub async fn email_otp_challenge(
    State(core): State<Arc<Core>>,
    auth: Auth<SecondFactorProof>,
    _body: JsonBody,
) -> JsonResult {
    let account = auth.caller.account_id;
    quick_write(&core, move |core| core.send_email_challenge(account)).await?;
    Ok(null())
}

pub async fn authenticate_email_otp(
    State(core): State<Arc<Core>>,
    auth: Auth<SecondFactorProof>,
    body: JsonBody,
) -> JsonResult {
    let code = body.digits("otp", EMAIL_CODE_DIGITS)?.to_owned();
    authenticate(core, auth, move |code| SecondFactor::EmailOtp(code), code).await
}

pub async fn remove_email_otp(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
) -> JsonResult {
    quick_write(&core, move |core| core.remove_email(auth.caller)).await?;
    Ok(null())
}

pub async fn email_otp_next_email(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
) -> JsonResult {
    let account = auth.caller.account_id;
    let secs = quick_read(&core, move |core| core.next_email(account))?;
    Ok(duration(secs))
}

// ----- recovery codes -----------------------------------------------------------------------

pub async fn reset_recovery_codes(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
    _body: JsonBody,
) -> JsonResult {
    let codes = quick_write(&core, move |core| core.reset_recovery_codes(auth.caller)).await?;
    Ok(recovery_codes(codes))
}

pub async fn authenticate_recovery_code(
    State(core): State<Arc<Core>>,
    auth: Auth<SecondFactorProof>,
    body: JsonBody,
) -> JsonResult {
    let typed = body.string("recoveryCode", 1..=64)?;
    let code = normalize_recovery_code(typed);
    let well_formed = code.len() == RECOVERY_CODE_LEN
        && code.bytes().all(|byte| RECOVERY_ALPHABET.contains(&byte));
    if !well_formed {
        return Err(EnirisError::bad_request(format!(
            "body/recoveryCode must be {RECOVERY_CODE_LEN} characters of 0-9 and A-Z"
        )));
    }
    authenticate(
        core,
        auth,
        move |code| SecondFactor::RecoveryCode(code),
        code,
    )
    .await
}

pub async fn recovery_code_next_guess(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
) -> JsonResult {
    next_guess(core, auth, Method::RecoveryCode).await
}

// ----- shared -------------------------------------------------------------------------------

/// The three `/authenticate` endpoints: prove a factor, get fresh access, refresh and sudo
/// tokens.
async fn authenticate(
    core: Arc<Core>,
    auth: Auth<SecondFactorProof>,
    factor: fn(&str) -> SecondFactor<'_>,
    code: String,
) -> JsonResult {
    let grants =
        [TokenKind::Access, TokenKind::Refresh, TokenKind::Sudo].map(|kind| (kind, lifetime(kind)));
    let tokens = quick_write(&core, move |core| {
        core.authenticate(auth.caller, &auth.token, factor(&code), &grants)
    })
    .await?;
    let token = |kind| {
        tokens
            .iter()
            .find(|issued: &&IssuedToken| issued.kind == kind)
            .map(|issued| issued.token.clone())
    };
    Ok(Json(json!({
        "accessToken": token(TokenKind::Access),
        "refreshToken": token(TokenKind::Refresh),
        "sudoToken": token(TokenKind::Sudo),
    })))
}

async fn next_guess(core: Arc<Core>, auth: Auth<AccessToken>, method: Method) -> JsonResult {
    let account = auth.caller.account_id;
    let secs = quick_read(&core, move |core| core.next_guess(account, method))?;
    Ok(duration(secs))
}

/// Deliberately loose: one `@` with something on both sides and a dot in the domain; the
/// mail itself is the real check.
fn plausible_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
                && email.matches('@').count() == 1
        }
        None => false,
    }
}
