//! The Eniris / SmartgridOne dialect (DIALECTS.md section 4, with the decisions of section 6).
//!
//! Four token types: a refresh token from sign-in (kept in `sessionStorage` so a reload keeps
//! the session and resumes a pending setup), short-lived access tokens fetched with it, a sudo
//! token from any `/authenticate` call (five minutes) for sensitive changes, and a partial
//! token that only finishes a sign-in. Only the refresh token outlives the page's memory.

use std::cell::RefCell;

use super::http::{self, Method, Reply};
use super::{
    ApiError, ApiFuture, Authenticator, Backend, Capabilities, Factor, PendingSetup, ReauthRule,
    RecoveryCodes, SignIn, Status,
};
use crate::browser;
use crate::clock::now_ms;
use crate::config::BackendKind;
use crate::json::{self, Json};

const CAPABILITIES: Capabilities = Capabilities {
    several_authenticators: false,
    email_otp: true,
    recovery_codes: true,
    trusted_devices: false,
    guess_timers: true,
    cancel_pending_setup: true,
    resumable_setup: true,
    turn_off: true,
    reauth: ReauthRule::SecondFactorWhenEnabled,
};

/// Access tokens live 5 minutes (10 in some docs); renewing after 2, as the vendor's own
/// driver does, keeps every request well inside their lifetime.
const ACCESS_TOKEN_REUSE_MS: f64 = 2.0 * 60_000.0;
/// Sudo tokens live 5 minutes; stop using one a little earlier than the server would.
const SUDO_TOKEN_REUSE_MS: f64 = 4.5 * 60_000.0;
/// The header our server adds to a sign-in that needs a second factor.
const TWO_FACTOR_HEADER: &str = "X-Two-Factor-Required";

#[derive(Default)]
struct Tokens {
    refresh: Option<String>,
    access: Option<(String, f64)>,
    sudo: Option<(String, f64)>,
    partial: Option<String>,
    /// Whether two-factor authentication was on at the last status read.
    enabled: Option<bool>,
}

/// Which token a call carries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Auth {
    None,
    Refresh,
    Access,
    Partial,
    Sudo,
    /// Sudo when held, else access: setup needs sudo only once 2FA is on.
    SudoOrAccess,
}

pub struct Eniris {
    base: String,
    storage_key: String,
    tokens: RefCell<Tokens>,
}

/// The tokens an `/authenticate` or sign-in reply may carry.
struct AuthTokens {
    access_token: Option<String>,
    refresh_token: Option<String>,
    sudo_token: Option<String>,
}

impl AuthTokens {
    fn parse(body: &str) -> Option<Self> {
        let reply = Json::parse(body)?;
        Some(AuthTokens {
            access_token: reply.str("accessToken"),
            refresh_token: reply.str("refreshToken"),
            sudo_token: reply.str("sudoToken"),
        })
    }
}

/// `recoveryCodes` of a reply that makes new codes (empty when it has none); `None` when
/// the reply is not a JSON object.
fn recovery_codes(body: &str) -> Option<Vec<String>> {
    Json::parse(body).map(|reply| reply.strings("recoveryCodes"))
}

/// The path segment of a factor in `/user/2fa/<segment>/...`.
fn segment(factor: Factor) -> &'static str {
    match factor {
        Factor::Totp => "totp",
        Factor::Email => "email-otp",
        Factor::RecoveryCode => "recovery-code",
    }
}

/// The request body field of a factor's code.
fn code_field(factor: Factor) -> &'static str {
    match factor {
        Factor::Totp => "totp",
        Factor::Email => "otp",
        Factor::RecoveryCode => "recoveryCode",
    }
}

/// The factors named by the sign-in header, in the order the UI offers them.
pub fn parse_factors(header: &str) -> Vec<Factor> {
    let named = |name: &str| {
        header
            .split(',')
            .any(|part| part.trim().eq_ignore_ascii_case(name))
    };
    [Factor::Totp, Factor::RecoveryCode, Factor::Email]
        .into_iter()
        .filter(|&factor| named(segment(factor)))
        .collect()
}

/// A token from a `text/plain` body; tolerant of a JSON-quoted string.
fn plain_token(body: &str) -> Option<String> {
    let trimmed = body.trim();
    let token = json::parse_string(trimmed).unwrap_or_else(|| trimmed.to_owned());
    (!token.is_empty()).then_some(token)
}

/// Seconds until `value` (seconds) has passed, rounded up.
fn whole_seconds(value: f64) -> u64 {
    if value.is_finite() && value > 0.0 {
        value.ceil() as u64
    } else {
        0
    }
}

/// The error a failed reply stands for. Wrong codes, lockouts and missing setups are told
/// apart by the message constant; the rest by status.
pub fn classify(status: u16, body: &str, retry_after_header: Option<u64>) -> ApiError {
    let parsed = Json::parse(body);
    let message = parsed
        .as_ref()
        .and_then(|error| error.str("message"))
        .unwrap_or_default();
    let retry_after = parsed.as_ref().and_then(|error| error.number("retryAfter"));
    match (status, message.as_str()) {
        (429, _) => ApiError::RateLimited {
            seconds: retry_after_header
                .or(retry_after.map(whole_seconds))
                .unwrap_or(30)
                .max(1),
        },
        (_, "TOTP_INCORRECT" | "EMAIL_OTP_INCORRECT" | "RECOVERY_CODE_INCORRECT") => {
            ApiError::WrongCode
        }
        (_, "PASSWORD_INCORRECT") => ApiError::WrongPassword,
        (409, "TOTP_UNINITIALIZED") => ApiError::NoPendingSetup,
        (_, "SUDO_TOKEN_REQUIRED") => ApiError::ReauthRequired,
        (401, _) => ApiError::SignedOut,
        (403, _) => ApiError::ReauthRequired,
        _ => ApiError::Server { status, message },
    }
}

impl Eniris {
    pub fn new(base: &str) -> Self {
        let base = base.trim_end_matches('/').to_owned();
        let storage_key = format!("mfa-wizard.eniris.refresh:{base}");
        let refresh = browser::session_get(&storage_key);
        Eniris {
            base,
            storage_key,
            tokens: RefCell::new(Tokens {
                refresh,
                ..Tokens::default()
            }),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn fresh(token: &Option<(String, f64)>, max_age_ms: f64) -> Option<String> {
        token
            .as_ref()
            .filter(|(_, at)| now_ms() - at < max_age_ms)
            .map(|(t, _)| t.clone())
    }

    fn keep_tokens(&self, tokens: AuthTokens) {
        let now = now_ms();
        let mut held = self.tokens.borrow_mut();
        if let Some(refresh) = tokens.refresh_token {
            browser::session_set(&self.storage_key, &refresh);
            held.refresh = Some(refresh);
        }
        if let Some(access) = tokens.access_token {
            held.access = Some((access, now));
        }
        if let Some(sudo) = tokens.sudo_token {
            held.sudo = Some((sudo, now));
        }
        held.partial = None;
    }

    fn forget_session(&self) {
        browser::session_remove(&self.storage_key);
        *self.tokens.borrow_mut() = Tokens::default();
    }

    /// A current access token, fetched with the refresh token when needed.
    async fn access_token(&self, force_new: bool) -> Result<String, ApiError> {
        let cached = Self::fresh(&self.tokens.borrow().access, ACCESS_TOKEN_REUSE_MS);
        if let Some(token) = cached.filter(|_| !force_new) {
            return Ok(token);
        }
        let refresh = self
            .tokens
            .borrow()
            .refresh
            .clone()
            .ok_or(ApiError::SignedOut)?;
        let reply = http::send(
            Method::Get,
            &self.url("/auth/accesstoken"),
            Some(&refresh),
            None,
        )
        .await?;
        if !reply.ok() {
            if reply.status == 401 {
                self.forget_session();
                return Err(ApiError::SignedOut);
            }
            return Err(classify(reply.status, &reply.body, reply.retry_after()));
        }
        let token = plain_token(&reply.body).ok_or(ApiError::Network)?;
        self.tokens.borrow_mut().access = Some((token.clone(), now_ms()));
        Ok(token)
    }

    /// Sends a call with the token it needs. An access token the server refuses is renewed
    /// once; a sudo call refused for its token means re-authentication is due.
    async fn call(
        &self,
        method: Method,
        path: &str,
        auth: Auth,
        json: Option<&str>,
    ) -> Result<Reply, ApiError> {
        let url = self.url(path);
        let sudo = Self::fresh(&self.tokens.borrow().sudo, SUDO_TOKEN_REUSE_MS);
        let two_factor_on = self.tokens.borrow().enabled.unwrap_or(true);
        let (token, renewable) = match (auth, sudo) {
            (Auth::None, _) => (None, false),
            (Auth::Refresh, _) => (
                Some(
                    self.tokens
                        .borrow()
                        .refresh
                        .clone()
                        .ok_or(ApiError::SignedOut)?,
                ),
                false,
            ),
            (Auth::Partial, _) => (
                Some(
                    self.tokens
                        .borrow()
                        .partial
                        .clone()
                        .ok_or(ApiError::SignedOut)?,
                ),
                false,
            ),
            (Auth::Sudo | Auth::SudoOrAccess, Some(sudo)) => (Some(sudo), false),
            (Auth::Sudo, None) => return Err(ApiError::ReauthRequired),
            (Auth::SudoOrAccess, None)
                if two_factor_on && self.tokens.borrow().enabled.is_some() =>
            {
                return Err(ApiError::ReauthRequired);
            }
            (Auth::Access, _) | (Auth::SudoOrAccess, None) => {
                (Some(self.access_token(false).await?), true)
            }
        };
        let mut reply = http::send(method, &url, token.as_deref(), json).await?;
        if renewable && token_refused(&reply) {
            let token = self.access_token(true).await?;
            reply = http::send(method, &url, Some(&token), json).await?;
        }
        // An expired sudo token is not an ended session: it asks for fresh proof.
        let used_sudo = !renewable && matches!(auth, Auth::Sudo | Auth::SudoOrAccess);
        if used_sudo && token_refused(&reply) {
            self.tokens.borrow_mut().sudo = None;
            return Err(ApiError::ReauthRequired);
        }
        Ok(reply)
    }

    /// `call`, then the body of a success or the error of a failure.
    async fn request(
        &self,
        method: Method,
        path: &str,
        auth: Auth,
        json: Option<&str>,
    ) -> Result<String, ApiError> {
        let reply = self.call(method, path, auth, json).await?;
        if reply.ok() {
            Ok(reply.body)
        } else {
            Err(classify(reply.status, &reply.body, reply.retry_after()))
        }
    }

    async fn authenticate(&self, factor: Factor, code: &str, auth: Auth) -> Result<(), ApiError> {
        let body = json::object_of(&[(code_field(factor), code)]);
        let path = format!("/user/2fa/{}/authenticate", segment(factor));
        let reply = self.request(Method::Post, &path, auth, Some(&body)).await?;
        let tokens = AuthTokens::parse(&reply).ok_or(ApiError::Network)?;
        self.keep_tokens(tokens);
        Ok(())
    }
}

/// Whether the server refused the token itself (expired or unknown), not a code or a rule.
fn token_refused(reply: &Reply) -> bool {
    classify(reply.status, &reply.body, None) == ApiError::SignedOut
}

impl Backend for Eniris {
    fn kind(&self) -> BackendKind {
        BackendKind::Eniris
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    fn signed_in(&self) -> bool {
        self.tokens.borrow().refresh.is_some()
    }

    fn reauthenticated(&self) -> bool {
        Self::fresh(&self.tokens.borrow().sudo, SUDO_TOKEN_REUSE_MS).is_some()
    }

    fn sign_in<'a>(&'a self, username: &'a str, password: &'a str) -> ApiFuture<'a, SignIn> {
        Box::pin(async move {
            self.forget_session();
            let body = json::object_of(&[("username", username), ("password", password)]);
            let reply = self
                .call(Method::Post, "/auth/login", Auth::None, Some(&body))
                .await?;
            if !reply.ok() {
                return Err(classify(reply.status, &reply.body, reply.retry_after()));
            }
            let token = plain_token(&reply.body).ok_or(ApiError::Network)?;
            match reply.header(TWO_FACTOR_HEADER) {
                Some(header) => {
                    self.tokens.borrow_mut().partial = Some(token);
                    Ok(SignIn::SecondFactor(parse_factors(&header)))
                }
                None => {
                    browser::session_set(&self.storage_key, &token);
                    self.tokens.borrow_mut().refresh = Some(token);
                    Ok(SignIn::Done)
                }
            }
        })
    }

    fn complete_sign_in<'a>(&'a self, factor: Factor, code: &'a str) -> ApiFuture<'a, ()> {
        Box::pin(self.authenticate(factor, code, Auth::Partial))
    }

    fn reauthenticate<'a>(&'a self, factor: Factor, code: &'a str) -> ApiFuture<'a, ()> {
        Box::pin(self.authenticate(factor, code, Auth::Access))
    }

    fn send_email_code(&self) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            let auth = if self.tokens.borrow().partial.is_some() {
                Auth::Partial
            } else {
                Auth::Access
            };
            self.request(
                Method::Post,
                "/user/2fa/email-otp/challenge",
                auth,
                Some("{}"),
            )
            .await
            .map(drop)
        })
    }

    fn next_guess(&self, factor: Factor) -> ApiFuture<'_, u64> {
        Box::pin(async move {
            // The timers need an access token; during sign-in there is none yet.
            if !self.signed_in() || factor == Factor::Email {
                return Ok(0);
            }
            let path = format!("/user/2fa/{}/next-guess", segment(factor));
            match self.request(Method::Get, &path, Auth::Access, None).await {
                Ok(body) => Ok(Json::parse(&body)
                    .and_then(|reply| reply.number("duration"))
                    .map_or(0, whole_seconds)),
                // Nothing set up yet means nothing to wait for.
                Err(ApiError::NoPendingSetup | ApiError::Server { status: 409, .. }) => Ok(0),
                Err(other) => Err(other),
            }
        })
    }

    fn sign_out(&self) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            if self.signed_in() {
                // 204, or 401 when the token was already invalid: both mean signed out.
                let _ = self
                    .call(Method::Post, "/auth/logout", Auth::Refresh, None)
                    .await;
            }
            self.forget_session();
            Ok(())
        })
    }

    fn status(&self) -> ApiFuture<'_, Status> {
        Box::pin(async move {
            let body = self
                .request(Method::Get, "/user/2fa", Auth::Access, None)
                .await?;
            let two_fa = Json::parse(&body).ok_or(ApiError::Network)?;
            let enabled = two_fa.bool("enabled").unwrap_or(false);
            self.tokens.borrow_mut().enabled = Some(enabled);
            // Each active method is an object with `completedAt`; email's adds the address,
            // and our server's recovery codes add how many are `remaining`.
            Ok(Status {
                enabled,
                authenticators: two_fa
                    .object("totp")
                    .map(|totp| Authenticator {
                        id: "totp".into(),
                        name: None,
                        added: totp.str("completedAt"),
                    })
                    .into_iter()
                    .collect(),
                recovery_codes: two_fa.object("recoveryCodes").map(|codes| RecoveryCodes {
                    made: codes.str("completedAt"),
                    remaining: codes
                        .number("remaining")
                        .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
                        .map(|n| n as u32),
                }),
                email: two_fa
                    .object("emailOtp")
                    .map(|email| email.str("email").unwrap_or_default()),
                trusted_devices: Vec::new(),
            })
        })
    }

    fn begin_setup(&self) -> ApiFuture<'_, PendingSetup> {
        Box::pin(async move {
            let body = self
                .request(
                    Method::Post,
                    "/user/2fa/totp/setup",
                    Auth::SudoOrAccess,
                    Some("{}"),
                )
                .await?;
            let uri = Json::parse(&body)
                .and_then(|reply| reply.str("url"))
                .ok_or(ApiError::Network)?;
            Ok(PendingSetup { uri })
        })
    }

    fn cancel_setup(&self) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            match self
                .request(Method::Delete, "/user/2fa/totp/pending", Auth::Access, None)
                .await
            {
                Ok(_) | Err(ApiError::NoPendingSetup) => Ok(()),
                Err(other) => Err(other),
            }
        })
    }

    fn activate<'a>(&'a self, code: &'a str) -> ApiFuture<'a, Vec<String>> {
        Box::pin(async move {
            let body = json::object_of(&[("totp", code)]);
            let reply = self
                .request(
                    Method::Post,
                    "/user/2fa/totp/enable",
                    Auth::Access,
                    Some(&body),
                )
                .await?;
            self.tokens.borrow_mut().enabled = Some(true);
            Ok(recovery_codes(&reply).unwrap_or_default())
        })
    }

    fn remove_authenticator<'a>(&'a self, _id: &'a str) -> ApiFuture<'a, ()> {
        Box::pin(async move {
            match self
                .request(Method::Delete, "/user/2fa/totp", Auth::Sudo, None)
                .await
            {
                Ok(_) => Ok(()),
                Err(ApiError::Server {
                    status: 409,
                    message,
                }) if message == "TOTP_ALREADY_INACTIVE" => Ok(()),
                Err(other) => Err(other),
            }
        })
    }

    fn regenerate_recovery_codes(&self) -> ApiFuture<'_, Vec<String>> {
        Box::pin(async move {
            let body = self
                .request(
                    Method::Post,
                    "/user/2fa/recovery-code/reset",
                    Auth::Sudo,
                    Some("{}"),
                )
                .await?;
            recovery_codes(&body).ok_or(ApiError::Network)
        })
    }

    /// Eniris has no single switch: removing every active method turns 2FA off.
    fn turn_off(&self) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            for path in ["/user/2fa/totp", "/user/2fa/email-otp"] {
                match self.request(Method::Delete, path, Auth::Sudo, None).await {
                    Ok(_) => {}
                    Err(ApiError::Server { status: 409, .. }) => {}
                    Err(other) => return Err(other),
                }
            }
            self.tokens.borrow_mut().enabled = Some(false);
            Ok(())
        })
    }
}
