//! `/user/2fa/*`: status, TOTP, email OTP and recovery codes.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::extract::{
    AccessToken, Auth, Body, EmptyObject, SecondFactorProof, check_digits, check_length,
};
use super::{EnirisError, lifetime};
use crate::clock::iso8601;
use crate::core::model::{Method, TokenKind, TotpParams};
use crate::core::{
    Core, DEFAULT_TOTP_NAME, EMAIL_CODE_DIGITS, IssuedToken, RECOVERY_ALPHABET, RecoveryCodeFormat,
    SecondFactor, normalize_recovery_code,
};
use crate::dialect::{JsonBody, quick_read, quick_write};

type JsonResult<T> = Result<Json<T>, EnirisError>;

const TOTP_DIGITS: usize = 6;

/// Eniris samples show 16-character codes: the core's Crockford format.
pub const RECOVERY_CODES: RecoveryCodeFormat = RecoveryCodeFormat::CROCKFORD_16;

// ----- request and response bodies ----------------------------------------------------------

#[derive(Deserialize)]
pub struct TotpCode {
    totp: String,
}

#[derive(Deserialize)]
pub struct EmailOtpCode {
    otp: String,
}

#[derive(Deserialize)]
pub struct EmailAddress {
    email: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCode {
    recovery_code: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCodes {
    recovery_codes: Vec<String>,
}

#[derive(Serialize)]
pub struct TotpUrl {
    url: String,
}

#[derive(Serialize)]
pub struct Duration {
    duration: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionTokens {
    access_token: Option<String>,
    refresh_token: Option<String>,
    sudo_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorStatus {
    enabled: bool,
    email_otp: Option<EmailOtpStatus>,
    totp: Option<Completed>,
    recovery_codes: Option<RecoveryCodesStatus>,
    totp_pending: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Completed {
    completed_at: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailOtpStatus {
    email: String,
    completed_at: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCodesStatus {
    completed_at: String,
    remaining: u32,
}

/// The vendor's `200 null`.
type Null = ();

fn recovery_codes(codes: Vec<String>) -> Json<RecoveryCodes> {
    Json(RecoveryCodes {
        recovery_codes: codes,
    })
}

fn duration(secs: u64) -> Json<Duration> {
    Json(Duration { duration: secs })
}

fn null() -> Json<Null> {
    Json(())
}

pub async fn status(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
) -> JsonResult<TwoFactorStatus> {
    let account = auth.caller.account_id;
    let status = quick_read(&core, move |core| core.mfa_status(account))?;
    Ok(Json(TwoFactorStatus {
        enabled: status.enabled(),
        email_otp: status.email.map(|(email, at)| EmailOtpStatus {
            email,
            completed_at: iso8601(at),
        }),
        totp: status.totp_activated_at.map(|at| Completed {
            completed_at: iso8601(at),
        }),
        recovery_codes: status.recovery_codes.map(|codes| RecoveryCodesStatus {
            completed_at: iso8601(codes.issued_at),
            remaining: codes.remaining,
        }),
        totp_pending: status.totp_pending,
    }))
}

// ----- TOTP ---------------------------------------------------------------------------------

pub async fn setup_totp(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
    _body: Body<EmptyObject>,
) -> JsonResult<TotpUrl> {
    let enrollment = quick_write(&core, move |core| {
        core.begin_totp_setup(auth.caller, DEFAULT_TOTP_NAME, TotpParams::default())
    })
    .await?;
    Ok(Json(TotpUrl {
        url: enrollment.uri,
    }))
}

pub async fn cancel_totp_setup(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
) -> JsonResult<Null> {
    let account = auth.caller.account_id;
    quick_write(&core, move |core| core.cancel_totp_setup(account)).await?;
    Ok(null())
}

pub async fn enable_totp(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
    JsonBody(TotpCode { totp: code }, _): Body<TotpCode>,
) -> JsonResult<RecoveryCodes> {
    check_digits("totp", &code, TOTP_DIGITS)?;
    let account = auth.caller.account_id;
    let codes = quick_write(&core, move |core| {
        core.activate_totp(account, None, &code, true, RECOVERY_CODES)
    })
    .await?;
    Ok(recovery_codes(codes))
}

pub async fn authenticate_totp(
    State(core): State<Arc<Core>>,
    auth: Auth<SecondFactorProof>,
    JsonBody(TotpCode { totp: code }, _): Body<TotpCode>,
) -> JsonResult<SessionTokens> {
    check_digits("totp", &code, TOTP_DIGITS)?;
    authenticate(core, auth, move |code| SecondFactor::Totp(code), code).await
}

pub async fn totp_next_guess(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
) -> JsonResult<Duration> {
    next_guess(core, auth, Method::Totp).await
}

pub async fn remove_totp(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
) -> JsonResult<Null> {
    quick_write(&core, move |core| core.remove_totp(auth.caller)).await?;
    Ok(null())
}

// ----- email OTP ----------------------------------------------------------------------------

pub async fn setup_email_otp(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
    JsonBody(EmailAddress { email }, _): Body<EmailAddress>,
) -> JsonResult<Null> {
    check_length("email", &email, 3..=256)?;
    let email = email.trim().to_owned();
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
    JsonBody(EmailOtpCode { otp: code }, _): Body<EmailOtpCode>,
) -> JsonResult<RecoveryCodes> {
    check_digits("otp", &code, EMAIL_CODE_DIGITS)?;
    let account = auth.caller.account_id;
    let codes = quick_write(&core, move |core| {
        core.activate_email(account, &code, RECOVERY_CODES)
    })
    .await?;
    Ok(recovery_codes(codes))
}

/// Also takes a partial token: a user whose only factor is email needs a code to log in.
pub async fn email_otp_challenge(
    State(core): State<Arc<Core>>,
    auth: Auth<SecondFactorProof>,
    _body: Body<EmptyObject>,
) -> JsonResult<Null> {
    let account = auth.caller.account_id;
    quick_write(&core, move |core| core.send_email_challenge(account)).await?;
    Ok(null())
}

pub async fn authenticate_email_otp(
    State(core): State<Arc<Core>>,
    auth: Auth<SecondFactorProof>,
    JsonBody(EmailOtpCode { otp: code }, _): Body<EmailOtpCode>,
) -> JsonResult<SessionTokens> {
    check_digits("otp", &code, EMAIL_CODE_DIGITS)?;
    authenticate(core, auth, move |code| SecondFactor::EmailOtp(code), code).await
}

pub async fn remove_email_otp(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
) -> JsonResult<Null> {
    quick_write(&core, move |core| core.remove_email(auth.caller)).await?;
    Ok(null())
}

pub async fn email_otp_next_email(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
) -> JsonResult<Duration> {
    let account = auth.caller.account_id;
    let secs = quick_read(&core, move |core| core.next_email(account))?;
    Ok(duration(secs))
}

// ----- recovery codes -----------------------------------------------------------------------

pub async fn reset_recovery_codes(
    State(core): State<Arc<Core>>,
    auth: Auth<AccessToken>,
    _body: Body<EmptyObject>,
) -> JsonResult<RecoveryCodes> {
    let codes = quick_write(&core, move |core| {
        core.reset_recovery_codes(auth.caller, RECOVERY_CODES)
    })
    .await?;
    Ok(recovery_codes(codes))
}

pub async fn authenticate_recovery_code(
    State(core): State<Arc<Core>>,
    auth: Auth<SecondFactorProof>,
    JsonBody(
        RecoveryCode {
            recovery_code: typed,
        },
        _,
    ): Body<RecoveryCode>,
) -> JsonResult<SessionTokens> {
    check_length("recoveryCode", &typed, 1..=64)?;
    let code = normalize_recovery_code(&typed);
    // Any dialect's codes are accepted (the 8-digit ones a Veeam setup hands out too).
    if !code.bytes().all(|byte| RECOVERY_ALPHABET.contains(&byte)) {
        return Err(EnirisError::bad_request(
            "body/recoveryCode must consist of 0-9 and A-Z",
        ));
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
) -> JsonResult<Duration> {
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
) -> JsonResult<SessionTokens> {
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
    Ok(Json(SessionTokens {
        access_token: token(TokenKind::Access),
        refresh_token: token(TokenKind::Refresh),
        sudo_token: token(TokenKind::Sudo),
    }))
}

async fn next_guess(
    core: Arc<Core>,
    auth: Auth<AccessToken>,
    method: Method,
) -> JsonResult<Duration> {
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
