//! The Eniris / SmartgridOne authentication API, mounted at `/eniris`.
//!
//! Paths, bodies and message constants follow DIALECTS.md sections 4 and 6. Where the vendor
//! is silent this server decided (and the wizard relies on it):
//!
//! * **Tokens.** `Authorization: Bearer <token>`. Refresh 14 days, access 5 min, sudo 5 min,
//!   partial 5 min. A sudo token is accepted wherever an access token is.
//! * **Login with 2FA.** `POST /auth/login` answers 200 `text/plain` with a *partial* token and
//!   the header `X-Two-Factor-Required: totp,email-otp,recovery-code` (the active methods;
//!   absent when the body is a refresh token). The partial token works only on the three
//!   `/authenticate` endpoints and on `POST /user/2fa/email-otp/challenge` (an email-only user
//!   needs a code mailed to log in), and is spent by a successful `/authenticate`. The login
//!   query parameter `cookie` is accepted and ignored (tokens are always in the body).
//! * **`/authenticate`** always answers `{"accessToken","refreshToken","sudoToken"}` (three
//!   fresh tokens), whether called with a partial, access or sudo token.
//! * **Errors** `{"statusCode","error","message"[,"retryAfter"]}`; 429s carry `retryAfter`
//!   (integer seconds, rounded up) and a `Retry-After` header. Wrong and replayed codes:
//!   401 `TOTP_INCORRECT` / `EMAIL_OTP_INCORRECT` / `RECOVERY_CODE_INCORRECT`. Missing token:
//!   401 `NO_TOKEN_PROVIDED`; unknown, expired or wrong-kind token: 401 `INVALID_TOKEN`;
//!   changing MFA while it is on without a sudo token: 401 `SUDO_TOKEN_REQUIRED`.
//! * **Throttling** per account and method (password, TOTP, email OTP, recovery code), kept
//!   across restarts: five consecutive failures are free, then every guess waits 30 s,
//!   doubling to 15 min; a success resets. While waiting: 429 `TOO_MANY_FAILED_PASSWORD_CHECKS`
//!   / `TOO_MANY_TOTP_CHECKS` / `TOO_MANY_EMAIL_OTP_CHECKS` / `TOO_MANY_RECOVERY_CODE_CHECKS`
//!   and the guess is not evaluated; `next-guess` reports the same wait as `duration`.
//! * **Bad input** is 400 with ajv-like messages (`body must have required property 'totp'`,
//!   `body/totp must NOT have more than 6 characters`, `body/totp must match pattern ...`) and
//!   changes nothing (it does not count as a guess). Bodies over 16 KB: 413.
//! * **`GET /user/2fa`** → `{"enabled": bool, "totp": {"completedAt": ISO} | null,
//!   "emailOtp": {"email", "completedAt": ISO} | null,
//!   "recoveryCodes": {"completedAt": ISO, "remaining": int} | null, "totpPending": bool}`
//!   (`remaining` and `totpPending` are extensions).
//! * **Resuming a setup.** `POST /user/2fa/totp/setup` while a pending (not yet enabled) secret
//!   younger than 10 minutes exists returns that same `url` again, so a reloaded wizard keeps
//!   the QR code the user already scanned. Older pending secrets are replaced.
//!   Extension: `DELETE /user/2fa/totp/pending` (access token) cancels the pending secret:
//!   200 `null`, or 409 `TOTP_UNINITIALIZED` when there is none.
//! * **Enabling TOTP again** (setup + enable while active) replaces the old authenticator.
//! * **Recovery codes**: 10 codes of 16 characters (Crockford base32: `0-9`, `A-Z` without
//!   I, L, O, U); case, dashes and spaces are ignored when typed. Issued by the first enable;
//!   later enables return `[]`. Removing the last method drops them. The account has one
//!   set whichever dialect issued it, so `/recovery-code/authenticate` also takes the 8-digit
//!   scratch codes of a Veeam setup (any code of `0-9`/`A-Z`, up to 64 characters).
//! * **Email OTP**: 6-digit codes valid 10 minutes; at most one mail per 60 s per account
//!   (429 `TOO_MANY_OTP_EMAILS`).
//! * Extra: `GET /auth/accesstoken/validate` → `{"userId"}` for an access token.

mod auth;
mod error;
mod extract;
mod two_factor;

use std::sync::Arc;

use axum::Router;
use axum::extract::OriginalUri;
use axum::http::{Method as HttpMethod, StatusCode};
use axum::routing::{delete, get, post};

pub use error::EnirisError;
pub use two_factor::RECOVERY_CODES;

use crate::core::Core;
use crate::core::model::TokenKind;

const MINUTE_MS: i64 = 60 * 1000;
pub const REFRESH_LIFETIME_MS: i64 = 14 * 24 * 60 * MINUTE_MS;
pub const ACCESS_LIFETIME_MS: i64 = 5 * MINUTE_MS;
pub const SUDO_LIFETIME_MS: i64 = 5 * MINUTE_MS;
pub const PARTIAL_LIFETIME_MS: i64 = 5 * MINUTE_MS;

/// The header that tells a client its login needs a second factor.
pub const TWO_FACTOR_HEADER: &str = "x-two-factor-required";

pub fn lifetime(kind: TokenKind) -> i64 {
    match kind {
        TokenKind::Refresh => REFRESH_LIFETIME_MS,
        TokenKind::Access => ACCESS_LIFETIME_MS,
        TokenKind::Sudo => SUDO_LIFETIME_MS,
        TokenKind::Partial => PARTIAL_LIFETIME_MS,
    }
}

pub fn router(core: Arc<Core>) -> Router {
    Router::new()
        .route("/auth/login", post(auth::login))
        .route("/auth/accesstoken", get(auth::access_token))
        .route(
            "/auth/accesstoken/validate",
            get(auth::validate_access_token),
        )
        .route("/auth/refreshtoken", get(auth::refresh_token))
        .route(
            "/auth/refreshtoken/validate",
            get(auth::validate_refresh_token),
        )
        .route("/auth/logout", post(auth::logout))
        .route("/user/2fa", get(two_factor::status))
        .route("/user/2fa/totp", delete(two_factor::remove_totp))
        .route("/user/2fa/totp/setup", post(two_factor::setup_totp))
        .route(
            "/user/2fa/totp/pending",
            delete(two_factor::cancel_totp_setup),
        )
        .route("/user/2fa/totp/enable", post(two_factor::enable_totp))
        .route(
            "/user/2fa/totp/authenticate",
            post(two_factor::authenticate_totp),
        )
        .route(
            "/user/2fa/totp/next-guess",
            get(two_factor::totp_next_guess),
        )
        .route("/user/2fa/email-otp", delete(two_factor::remove_email_otp))
        .route(
            "/user/2fa/email-otp/setup",
            post(two_factor::setup_email_otp),
        )
        .route(
            "/user/2fa/email-otp/enable",
            post(two_factor::enable_email_otp),
        )
        .route(
            "/user/2fa/email-otp/challenge",
            post(two_factor::email_otp_challenge),
        )
        .route(
            "/user/2fa/email-otp/authenticate",
            post(two_factor::authenticate_email_otp),
        )
        .route(
            "/user/2fa/email-otp/next-email",
            get(two_factor::email_otp_next_email),
        )
        .route(
            "/user/2fa/recovery-code/reset",
            post(two_factor::reset_recovery_codes),
        )
        .route(
            "/user/2fa/recovery-code/authenticate",
            post(two_factor::authenticate_recovery_code),
        )
        .route(
            "/user/2fa/recovery-code/next-guess",
            get(two_factor::recovery_code_next_guess),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(core)
}

async fn not_found(method: HttpMethod, OriginalUri(uri): OriginalUri) -> EnirisError {
    EnirisError::new(
        StatusCode::NOT_FOUND,
        format!("Route {method}:{} not found", uri.path()),
    )
}

async fn method_not_allowed(method: HttpMethod, OriginalUri(uri): OriginalUri) -> EnirisError {
    EnirisError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("Method {method} not allowed on {}", uri.path()),
    )
}
