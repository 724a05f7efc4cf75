//! `/ecosuite/cognito`: the Cognito user pool calls a client needs to sign in and enrol TOTP,
//! in the AWS JSON 1.1 protocol (one `POST`, the action in `X-Amz-Target`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::envelope::{Challenge, Claims, TokenUse};
use super::error::CognitoError;
use super::{
    ACCESS_SCOPE, Ecosuite, Empty, ID_ACCESS_LIFETIME_MS, REFRESH_LIFETIME_MS, SESSION_LIFETIME_MS,
};
use crate::BODY_LIMIT_BYTES;
use crate::core::error::CoreError;
use crate::core::model::{Account, Method, TokenKind, TotpParams};
use crate::core::{
    Caller, DEFAULT_TOTP_NAME, IssuedToken, LoginOutcome, RecoveryCodeFormat, SecondFactor,
};
use crate::dialect::{blocking, quick_read, quick_write};

/// Content type of AWS JSON 1.1 requests and responses.
pub const AMZ_JSON: &str = "application/x-amz-json-1.1";
/// `X-Amz-Target` is `<this>.<Action>`.
const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const TOTP_DIGITS: usize = 6;
/// Cognito's limits for these fields.
const MAX_USERNAME: usize = 128;
const MAX_PASSWORD: usize = 256;
const MAX_CLIENT_ID: usize = 128;

// ----- protocol -----------------------------------------------------------------------------

/// One AWS JSON call: the action named by `X-Amz-Target` and its body, not yet decoded (the
/// action decides the type).
pub struct AmzCall {
    action: String,
    body: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for AmzCall {
    type Rejection = CognitoError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let headers = request.headers();
        let action = headers
            .get("x-amz-target")
            .and_then(|value| value.to_str().ok())
            .and_then(|target| target.strip_prefix(TARGET_PREFIX))
            .filter(|action| !action.is_empty())
            .ok_or_else(|| {
                CognitoError::new(
                    "UnknownOperationException",
                    format!("X-Amz-Target must be {TARGET_PREFIX}<Action>"),
                )
            })?
            .to_owned();
        let json_1_x = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/x-amz-json-1."));
        if !json_1_x {
            return Err(CognitoError::serialization(format!(
                "Content-Type must be {AMZ_JSON}"
            )));
        }
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    CognitoError::invalid_parameter(format!(
                        "Request body is larger than {BODY_LIMIT_BYTES} bytes"
                    ))
                    .with_status(StatusCode::PAYLOAD_TOO_LARGE)
                } else {
                    CognitoError::serialization("Request body could not be read")
                }
            })?;
        Ok(Self { action, body })
    }
}

impl AmzCall {
    /// The body as the action's input type. Malformed JSON and wrong types are a
    /// `SerializationException`, a missing member an `InvalidParameterException`, as the
    /// service answers them.
    fn input<T: DeserializeOwned>(&self) -> Result<T, CognitoError> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &self.body
        };
        serde_json::from_slice(body).map_err(|err| {
            let text = err.to_string();
            // serde_json tells a missing field from a wrong type only in its message.
            if err.is_data() && text.starts_with("missing field") {
                CognitoError::invalid_parameter(format!("1 validation error detected: {text}"))
            } else {
                CognitoError::serialization(format!("Request body is not valid input: {text}"))
            }
        })
    }
}

/// A successful answer in AWS JSON 1.1.
struct AmzJson<T>(T);

impl<T: Serialize> IntoResponse for AmzJson<T> {
    fn into_response(self) -> Response {
        let mut response = axum::Json(self.0).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static(AMZ_JSON),
        );
        response
    }
}

fn reply<T: Serialize>(value: T) -> Response {
    AmzJson(value).into_response()
}

/// `POST /ecosuite/cognito`: runs the action `X-Amz-Target` names.
pub async fn call(
    State(eco): State<Arc<Ecosuite>>,
    call: AmzCall,
) -> Result<Response, CognitoError> {
    Ok(match call.action.as_str() {
        "InitiateAuth" => reply(initiate_auth(&eco, call.input()?).await?),
        "RespondToAuthChallenge" => reply(respond_to_auth_challenge(&eco, call.input()?).await?),
        "AssociateSoftwareToken" => reply(associate_software_token(&eco, call.input()?).await?),
        "VerifySoftwareToken" => reply(verify_software_token(&eco, call.input()?).await?),
        "SetUserMFAPreference" => reply(set_user_mfa_preference(&eco, call.input()?).await?),
        "GetUser" => reply(get_user(&eco, call.input()?).await?),
        other => {
            return Err(CognitoError::new(
                "UnknownOperationException",
                format!("Unknown or unsupported operation {other}"),
            ));
        }
    })
}

// ----- shapes -------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest {
    auth_flow: String,
    #[serde(default)]
    auth_parameters: HashMap<String, String>,
    client_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
    challenge_name: String,
    client_id: String,
    session: Option<String>,
    #[serde(default)]
    challenge_responses: HashMap<String, String>,
}

/// The answer of `InitiateAuth` and `RespondToAuthChallenge`: tokens, or the next challenge.
#[derive(Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct AuthResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    challenge_name: Option<Challenge>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<String>,
    challenge_parameters: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    authentication_result: Option<AuthenticationResult>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    access_token: String,
    expires_in: i64,
    token_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    id_token: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenRequest {
    access_token: Option<String>,
    session: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenResponse {
    secret_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenRequest {
    access_token: Option<String>,
    session: Option<String>,
    user_code: String,
    /// Accepted and not kept: the core names a single-authenticator factor itself.
    #[serde(default)]
    #[allow(dead_code)]
    friendly_device_name: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenResponse {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct MfaSettings {
    enabled: Option<bool>,
    #[allow(dead_code)]
    preferred_mfa: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetUserMfaPreferenceRequest {
    access_token: String,
    software_token_mfa_settings: Option<MfaSettings>,
    #[serde(rename = "SMSMfaSettings")]
    sms_mfa_settings: Option<MfaSettings>,
    email_mfa_settings: Option<MfaSettings>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserRequest {
    access_token: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserResponse {
    username: String,
    user_attributes: Vec<Attribute>,
    /// Cognito's legacy SMS settings; always empty here.
    #[serde(rename = "MFAOptions")]
    mfa_options: Vec<Attribute>,
    #[serde(skip_serializing_if = "Option::is_none")]
    preferred_mfa_setting: Option<&'static str>,
    #[serde(rename = "UserMFASettingList", skip_serializing_if = "Vec::is_empty")]
    user_mfa_setting_list: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Attribute {
    name: &'static str,
    value: String,
}

/// Cognito's name for TOTP in MFA settings and challenges.
pub const SOFTWARE_TOKEN_MFA: &str = "SOFTWARE_TOKEN_MFA";

// ----- actions ------------------------------------------------------------------------------

async fn initiate_auth(
    eco: &Arc<Ecosuite>,
    input: InitiateAuthRequest,
) -> Result<AuthResponse, CognitoError> {
    let client_id = client_id(&input.client_id)?;
    match input.auth_flow.as_str() {
        "USER_PASSWORD_AUTH" => {}
        "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => {
            return refresh(eco, &input.auth_parameters, client_id).await;
        }
        other => {
            return Err(CognitoError::invalid_parameter(format!(
                "AuthFlow {other} is not supported; use USER_PASSWORD_AUTH or REFRESH_TOKEN_AUTH"
            )));
        }
    }
    let username = parameter(&input.auth_parameters, "USERNAME", MAX_USERNAME)?.to_owned();
    let password = parameter(&input.auth_parameters, "PASSWORD", MAX_PASSWORD)?.to_owned();
    let outcome = blocking(&eco.core, move |core| core.login(&username, &password)).await?;
    match outcome {
        LoginOutcome::Complete { account_id } if eco.mfa_required => {
            challenge(eco, account_id, Challenge::MfaSetup).await
        }
        LoginOutcome::Complete { account_id } => {
            let grants = [
                (TokenKind::Access, ID_ACCESS_LIFETIME_MS),
                (TokenKind::Refresh, REFRESH_LIFETIME_MS),
            ];
            let tokens =
                quick_write(&eco.core, |core| core.issue_tokens(account_id, &grants)).await?;
            signed_in(eco, account_id, tokens, client_id)
        }
        LoginOutcome::SecondFactorRequired {
            account_id,
            methods,
        } => {
            if !methods.contains(&Method::Totp) {
                return Err(CognitoError::not_authorized(
                    "This account's second factor is not a software token; \
                     sign in through another API of this server",
                ));
            }
            challenge(eco, account_id, Challenge::SoftwareTokenMfa).await
        }
    }
}

/// `REFRESH_TOKEN_AUTH`: new IdToken and AccessToken; the refresh token stays.
async fn refresh(
    eco: &Arc<Ecosuite>,
    parameters: &HashMap<String, String>,
    client_id: &str,
) -> Result<AuthResponse, CognitoError> {
    let refresh = parameter(
        parameters,
        "REFRESH_TOKEN",
        super::envelope::MAX_ENVELOPE_LEN,
    )?;
    let caller = quick_read(&eco.core, |core| {
        core.resolve_token(refresh, &[TokenKind::Refresh])
    })
    .map_err(|err| match err {
        CoreError::InvalidToken => CognitoError::not_authorized("Invalid Refresh Token"),
        other => other.into(),
    })?;
    let grants = [(TokenKind::Access, ID_ACCESS_LIFETIME_MS)];
    let account = caller.account_id;
    let tokens = quick_write(&eco.core, |core| core.issue_tokens(account, &grants)).await?;
    signed_in(eco, account, tokens, client_id)
}

async fn respond_to_auth_challenge(
    eco: &Arc<Ecosuite>,
    input: RespondToAuthChallengeRequest,
) -> Result<AuthResponse, CognitoError> {
    let client_id = client_id(&input.client_id)?;
    let session = input
        .session
        .as_deref()
        .ok_or_else(|| CognitoError::invalid_parameter("Missing required parameter Session"))?;
    let grants = [
        (TokenKind::Sudo, ID_ACCESS_LIFETIME_MS),
        (TokenKind::Refresh, REFRESH_LIFETIME_MS),
    ];
    match input.challenge_name.as_str() {
        SOFTWARE_TOKEN_MFA => {
            let code = digits(
                parameter(
                    &input.challenge_responses,
                    "SOFTWARE_TOKEN_MFA_CODE",
                    TOTP_DIGITS,
                )?,
                "SOFTWARE_TOKEN_MFA_CODE",
            )?
            .to_owned();
            let (claims, caller) = eco.session(session, Challenge::SoftwareTokenMfa)?;
            let username = parameter(&input.challenge_responses, "USERNAME", MAX_USERNAME)?;
            if claims.cognito_username.as_deref() != Some(username) {
                return Err(CognitoError::not_authorized(
                    "USERNAME does not match the session",
                ));
            }
            let tokens = quick_write(&eco.core, |core| {
                core.authenticate(caller, &claims.jti, SecondFactor::Totp(&code), &grants)
            })
            .await?;
            signed_in(eco, caller.account_id, tokens, client_id)
        }
        "MFA_SETUP" => {
            let (claims, caller) = eco.session(session, Challenge::MfaSetup)?;
            if !claims.verified {
                return Err(CognitoError::invalid_parameter(
                    "Answer MFA_SETUP with the Session that VerifySoftwareToken returned",
                ));
            }
            let tokens =
                quick_write(&eco.core, |core| core.rotate_token(&claims.jti, &grants)).await?;
            signed_in(eco, caller.account_id, tokens, client_id)
        }
        other => Err(CognitoError::invalid_parameter(format!(
            "ChallengeName {other} is not supported; use SOFTWARE_TOKEN_MFA or MFA_SETUP"
        ))),
    }
}

async fn associate_software_token(
    eco: &Arc<Ecosuite>,
    input: AssociateSoftwareTokenRequest,
) -> Result<AssociateSoftwareTokenResponse, CognitoError> {
    let (caller, session) = eco.access_or_setup_session(input.access_token, input.session)?;
    let enrollment = quick_write(&eco.core, |core| {
        core.begin_totp_setup(caller, DEFAULT_TOTP_NAME, TotpParams::default())
    })
    .await?;
    let secret = otp::uri::parse(&enrollment.uri, otp::uri::Mode::Lenient)
        .map_err(|_| CognitoError::from(CoreError::Corrupt(Method::Totp)))?
        .uri
        .secret;
    Ok(AssociateSoftwareTokenResponse {
        secret_code: data_encoding::BASE32_NOPAD.encode(secret.as_bytes()),
        session: session.map(|claims| eco.envelopes.seal(&claims)),
    })
}

/// Cognito has no recovery codes, but the account's first activation still issues a set so
/// that it can be recovered through another API, where they can be reset and shown.
const UNSHOWN_RECOVERY_CODES: RecoveryCodeFormat = RecoveryCodeFormat::CROCKFORD_16;

async fn verify_software_token(
    eco: &Arc<Ecosuite>,
    input: VerifySoftwareTokenRequest,
) -> Result<VerifySoftwareTokenResponse, CognitoError> {
    let code = digits(&input.user_code, "UserCode")?.to_owned();
    let (caller, session) = eco.access_or_setup_session(input.access_token, input.session)?;
    let account = caller.account_id;
    // Cognito has no recovery codes: the ones a first activation issues are not shown here
    // (another API of this server can reset and show them).
    quick_write(&eco.core, |core| {
        core.activate_totp(account, None, &code, true, UNSHOWN_RECOVERY_CODES)
    })
    .await?;
    Ok(VerifySoftwareTokenResponse {
        status: "SUCCESS",
        session: session.map(|claims| {
            eco.envelopes.seal(&Claims {
                verified: true,
                ..claims
            })
        }),
    })
}

async fn set_user_mfa_preference(
    eco: &Arc<Ecosuite>,
    input: SetUserMfaPreferenceRequest,
) -> Result<Empty, CognitoError> {
    let caller = eco.access_caller(&input.access_token)?;
    for (name, settings) in [
        ("SMS", &input.sms_mfa_settings),
        ("Email", &input.email_mfa_settings),
    ] {
        if settings.as_ref().and_then(|s| s.enabled) == Some(true) {
            return Err(CognitoError::invalid_parameter(format!(
                "{name} MFA is not available in this user pool; use SoftwareTokenMfaSettings"
            )));
        }
    }
    let wanted = input
        .software_token_mfa_settings
        .unwrap_or_default()
        .enabled;
    let account = caller.account_id;
    let active = quick_read(&eco.core, |core| core.mfa_status(account))?
        .totp_activated_at
        .is_some();
    match wanted {
        Some(true) if !active => Err(CognitoError::invalid_parameter(
            "User has not verified software token mfa",
        )),
        Some(false) if active => {
            quick_write(&eco.core, |core| core.remove_totp(caller)).await?;
            Ok(Empty {})
        }
        _ => Ok(Empty {}),
    }
}

async fn get_user(
    eco: &Arc<Ecosuite>,
    input: GetUserRequest,
) -> Result<GetUserResponse, CognitoError> {
    let caller = eco.access_caller(&input.access_token)?;
    let account = caller.account_id;
    let (account, status) = quick_read(&eco.core, |core| {
        Ok::<_, CoreError>((core.account(account)?, core.mfa_status(account)?))
    })?;
    let totp = status.totp_activated_at.is_some();
    Ok(GetUserResponse {
        username: account.username,
        user_attributes: vec![
            Attribute {
                name: "sub",
                value: account.id.to_string(),
            },
            Attribute {
                name: "email",
                value: account.email,
            },
        ],
        mfa_options: Vec::new(),
        preferred_mfa_setting: totp.then_some(SOFTWARE_TOKEN_MFA),
        user_mfa_setting_list: if totp {
            vec![SOFTWARE_TOKEN_MFA]
        } else {
            Vec::new()
        },
    })
}

// ----- shared -------------------------------------------------------------------------------

/// A challenge: a fresh partial token in a session envelope.
async fn challenge(
    eco: &Arc<Ecosuite>,
    account_id: i64,
    which: Challenge,
) -> Result<AuthResponse, CognitoError> {
    let grants = [(TokenKind::Partial, SESSION_LIFETIME_MS)];
    let tokens = quick_write(&eco.core, |core| core.issue_tokens(account_id, &grants)).await?;
    let account = quick_read(&eco.core, |core| core.account(account_id))?;
    let partial = tokens.into_iter().next().expect("one grant, one token");
    let claims = eco.claims(
        &account,
        TokenUse::Session,
        partial.token,
        SESSION_LIFETIME_MS,
    );
    let mut parameters = BTreeMap::new();
    match which {
        Challenge::MfaSetup => {
            parameters.insert(
                "MFAS_CAN_SETUP".into(),
                format!("[\"{SOFTWARE_TOKEN_MFA}\"]"),
            );
        }
        Challenge::SoftwareTokenMfa => {
            parameters.insert("USER_ID_FOR_SRP".into(), account.username.clone());
        }
    }
    Ok(AuthResponse {
        challenge_name: Some(which),
        session: Some(eco.envelopes.seal(&Claims {
            challenge: Some(which),
            ..claims
        })),
        challenge_parameters: parameters,
        authentication_result: None,
    })
}

/// Tokens for a completed sign-in: the IdToken and AccessToken both carry the one access
/// (or sudo) token the core issued.
fn signed_in(
    eco: &Arc<Ecosuite>,
    account_id: i64,
    tokens: Vec<IssuedToken>,
    client_id: &str,
) -> Result<AuthResponse, CognitoError> {
    let account = quick_read(&eco.core, |core| core.account(account_id))?;
    let token = |kinds: &[TokenKind]| {
        tokens
            .iter()
            .find(|issued| kinds.contains(&issued.kind))
            .map(|issued| issued.token.clone())
    };
    let session_token =
        token(&[TokenKind::Access, TokenKind::Sudo]).expect("sign-ins grant an access token");
    let id = Claims {
        aud: Some(client_id.to_owned()),
        cognito_username: Some(account.username.clone()),
        email: Some(account.email.clone()),
        ..eco.claims(
            &account,
            TokenUse::Id,
            session_token.clone(),
            ID_ACCESS_LIFETIME_MS,
        )
    };
    let access = Claims {
        client_id: Some(client_id.to_owned()),
        username: Some(account.username.clone()),
        scope: Some(ACCESS_SCOPE.to_owned()),
        cognito_username: None,
        ..eco.claims(
            &account,
            TokenUse::Access,
            session_token,
            ID_ACCESS_LIFETIME_MS,
        )
    };
    Ok(AuthResponse {
        authentication_result: Some(AuthenticationResult {
            access_token: eco.envelopes.seal(&access),
            expires_in: ID_ACCESS_LIFETIME_MS / 1000,
            token_type: "Bearer",
            refresh_token: token(&[TokenKind::Refresh]),
            id_token: eco.envelopes.seal(&id),
        }),
        ..AuthResponse::default()
    })
}

impl Ecosuite {
    /// Claims every envelope for `account` has.
    fn claims(
        &self,
        account: &Account,
        token_use: TokenUse,
        jti: String,
        lifetime_ms: i64,
    ) -> Claims {
        let now = self.core.now().div_euclid(1000);
        Claims {
            sub: account.id.to_string(),
            token_use,
            iss: self.issuer.clone(),
            iat: now,
            exp: now + lifetime_ms / 1000,
            jti,
            cognito_username: Some(account.username.clone()),
            username: None,
            email: None,
            aud: None,
            client_id: None,
            scope: None,
            auth_time: Some(now),
            challenge: None,
            verified: false,
        }
    }

    /// The caller behind an AccessToken.
    fn access_caller(&self, token: &str) -> Result<Caller, CognitoError> {
        let claims = self
            .envelopes
            .open(token, TokenUse::Access)
            .ok_or_else(CognitoError::invalid_access_token)?;
        Ok(quick_read(&self.core, |core| {
            core.resolve_token(&claims.jti, &[TokenKind::Access, TokenKind::Sudo])
        })?)
    }

    /// The caller behind a session envelope for `which`, with the envelope's claims.
    fn session(&self, text: &str, which: Challenge) -> Result<(Claims, Caller), CognitoError> {
        let claims = self
            .envelopes
            .open(text, TokenUse::Session)
            .filter(|claims| claims.challenge == Some(which))
            .ok_or_else(CognitoError::invalid_session)?;
        let caller = quick_read(&self.core, |core| {
            core.resolve_token(&claims.jti, &[TokenKind::Partial])
        })
        .map_err(|err| match err {
            CoreError::InvalidToken => CognitoError::invalid_session(),
            other => other.into(),
        })?;
        Ok((claims, caller))
    }

    /// `AccessToken` or an `MFA_SETUP` `Session`, exactly one of them (the software token
    /// calls); the session's claims come back to be sealed into the next session.
    fn access_or_setup_session(
        &self,
        access_token: Option<String>,
        session: Option<String>,
    ) -> Result<(Caller, Option<Claims>), CognitoError> {
        match (access_token, session) {
            (Some(token), None) => Ok((self.access_caller(&token)?, None)),
            (None, Some(session)) => {
                let (claims, caller) = self.session(&session, Challenge::MfaSetup)?;
                Ok((caller, Some(claims)))
            }
            _ => Err(CognitoError::invalid_parameter(
                "Exactly one of AccessToken and Session is required",
            )),
        }
    }
}

fn client_id(text: &str) -> Result<&str, CognitoError> {
    if text.is_empty() || text.len() > MAX_CLIENT_ID {
        return Err(CognitoError::invalid_parameter(format!(
            "ClientId must be 1 to {MAX_CLIENT_ID} characters"
        )));
    }
    Ok(text)
}

/// A required entry of `AuthParameters`/`ChallengeResponses`, at most `max` characters.
fn parameter<'a>(
    parameters: &'a HashMap<String, String>,
    name: &str,
    max: usize,
) -> Result<&'a str, CognitoError> {
    let value = parameters
        .get(name)
        .filter(|value| !value.is_empty())
        .ok_or_else(|| {
            CognitoError::invalid_parameter(format!("Missing required parameter {name}"))
        })?;
    if value.chars().count() > max {
        return Err(CognitoError::invalid_parameter(format!(
            "{name} must be at most {max} characters"
        )));
    }
    Ok(value)
}

/// A code of exactly six digits (bad input, not a guess: it is not counted).
fn digits<'a>(code: &'a str, name: &str) -> Result<&'a str, CognitoError> {
    if code.len() == TOTP_DIGITS && code.bytes().all(|byte| byte.is_ascii_digit()) {
        Ok(code)
    } else {
        Err(CognitoError::invalid_parameter(format!(
            "1 validation error detected: Value at '{name}' failed to satisfy constraint: \
             Member must be {TOTP_DIGITS} digits"
        )))
    }
}
