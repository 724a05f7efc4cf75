//! The Ecosuite project data API's MFA endpoints and the Cognito user pool its clients sign in
//! with, mounted at `/ecosuite`.
//!
//! Facts follow DIALECTS.md sections 1 and 6. Where the vendors are silent this server decided:
//!
//! * **`GET /users/{userId}/mfa`** → 200 `{"mfa": "SOFTWARE_TOKEN_MFA"}` when a TOTP factor is
//!   active, else `{"mfa": "NOMFA"}` (an account whose only factor is email, set up through
//!   another dialect, reads `NOMFA`: Cognito's vocabulary has no such factor here).
//!   **`DELETE /users/{userId}/mfa`** → 200 `{}`: removes the TOTP factor (and, when it was
//!   the last method, the recovery codes); `{}` too when there was none.
//! * **`Authorization: <IdToken>`**, bare as the vendor's clients send it (`Bearer ` is
//!   forgiven). Missing, invalid, expired or an AccessToken instead: 401
//!   `{"message": "Unauthorized"}` (API Gateway's words). `userId` is the account id in
//!   decimal, the IdToken's `sub` claim and GetUser's `sub` attribute. Unknown or malformed
//!   `userId`: 404 `{"message": "User not found"}`; another user's id: 403
//!   `{"message": "User does not have sufficient rights"}` (there are no admins). Removing an
//!   active TOTP needs tokens from a sign-in that proved it (see tokens); otherwise 403.
//! * **`GET /users/authentication`** (documented, shape not) →
//!   `{"region", "userPoolId", "clientId", "endpoint"}`; `endpoint` is the Cognito path below.
//!
//! **`POST /ecosuite/cognito`** speaks AWS JSON 1.1 (`Content-Type:
//! application/x-amz-json-1.x`, `X-Amz-Target: AWSCognitoIdentityProviderService.<Action>`,
//! PascalCase members), so an official client (boto3 `cognito-idp` with `endpoint_url`) works
//! unchanged. The calls are unsigned, as Cognito's are; any non-empty `ClientId` is taken.
//!
//! * **`InitiateAuth`** with `USER_PASSWORD_AUTH` (`USERNAME`, `PASSWORD`): tokens when the
//!   account has no second factor; `ChallengeName: "SOFTWARE_TOKEN_MFA"` with a `Session`
//!   when TOTP is active. The pool's MFA is *optional* (so `NOMFA` can be seen at all); with
//!   `Config::cognito_mfa_required` an account without MFA gets `MFA_SETUP`
//!   (`ChallengeParameters.MFAS_CAN_SETUP = ["SOFTWARE_TOKEN_MFA"]`) instead. An account
//!   whose only factor is email cannot sign in here (NotAuthorizedException).
//!   `REFRESH_TOKEN_AUTH` (`REFRESH_TOKEN`) returns a new IdToken and AccessToken.
//! * **`RespondToAuthChallenge`**: `SOFTWARE_TOKEN_MFA` with `ChallengeResponses`
//!   `{USERNAME, SOFTWARE_TOKEN_MFA_CODE}`; `MFA_SETUP` with the `Session` that
//!   `VerifySoftwareToken` returned (a session that has not verified a token is refused).
//! * **`AssociateSoftwareToken`** (`AccessToken` or an `MFA_SETUP` `Session`) →
//!   `{SecretCode (base32, 160 bits), Session?}`. A repeated call within ten minutes hands
//!   out the same pending secret (the core's resume rule). With MFA already on, only tokens
//!   from a sign-in that proved the second factor may replace it.
//! * **`VerifySoftwareToken`** (`UserCode`, `FriendlyDeviceName` accepted and not kept) →
//!   `{"Status": "SUCCESS", Session?}` and the factor is active at once: sign-ins ask for it
//!   from then on, whether or not `SetUserMFAPreference` follows. A wrong code is a
//!   `CodeMismatchException` rather than `Status: "ERROR"`, so a client that ignores
//!   `Status` cannot mistake it for success. Cognito has no recovery codes, so the ones the
//!   first activation issues are not shown (another dialect can reset and show them).
//! * **`SetUserMFAPreference`**: `SoftwareTokenMfaSettings.Enabled: true` confirms a verified
//!   token (InvalidParameterException "User has not verified software token mfa" without
//!   one); `false` removes it; SMS and email MFA cannot be enabled. Answer `{}`.
//! * **`GetUser`** → `{Username, UserAttributes: [sub, email], MFAOptions: [],
//!   PreferredMfaSetting?, UserMFASettingList?}` (the last two only with TOTP active).
//! * **Tokens.** The IdToken and AccessToken are JWTs (HS256, `token_use` `id` / `access`,
//!   `sub`, `cognito:username` / `username`, `email`, `aud` / `client_id`, `iss` = the
//!   server's issuer), because clients decode the IdToken to read `sub`. Each wraps one core
//!   token (its `jti`), which decides validity: both expire after 60 minutes
//!   (`ExpiresIn: 3600`, Cognito's default) and are refused once the core token is gone. A
//!   sign-in that proved a second factor carries a core *sudo* token, as Cognito's tokens may
//!   change MFA settings for their whole hour; one without MFA an access token. The
//!   RefreshToken is an opaque core refresh token (30 days). A `Session` is a JWT around a
//!   single-use partial token (5 minutes) that also names its challenge, so a session from
//!   one challenge cannot answer another. Signing uses the `jwt` crate over the RustCrypto
//!   `hmac`/`sha2` already in the server (one copy of the hash code); the key is derived
//!   from the master key. The core token inside is readable by whoever holds the JWT, and
//!   is the same account's bearer token in the other dialects too: no more power than the
//!   JWT itself carries for the same hour.
//! * **Errors** `{"__type": "<Name>Exception", "message"}`, status 400, also in the
//!   `x-amzn-ErrorType` header: wrong password or unknown user `NotAuthorizedException`
//!   "Incorrect username or password."; wrong or replayed code `CodeMismatchException`;
//!   bad, expired or revoked token `NotAuthorizedException`; missing member or bad value
//!   `InvalidParameterException`; malformed JSON or a wrong type `SerializationException`;
//!   unknown action or missing target `UnknownOperationException`; body over 16 KB: 413
//!   `InvalidParameterException`. Throttled guesses (the core's rule: after five failures
//!   30 s, doubling to 15 min) are `TooManyRequestsException` with status **429** and
//!   `Retry-After`, the project's rule for every dialect (Cognito itself answers 400;
//!   clients go by `__type`).

mod cognito;
mod envelope;
mod error;
mod users;

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::OriginalUri;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::Serialize;

pub use cognito::AMZ_JSON;
pub use error::{CognitoError, EcosuiteError};

use crate::core::Core;
use envelope::Envelopes;

const MINUTE_MS: i64 = 60 * 1000;
/// IdToken and AccessToken (Cognito's default, `ExpiresIn: 3600`).
pub const ID_ACCESS_LIFETIME_MS: i64 = 60 * MINUTE_MS;
/// Cognito's default refresh token validity.
pub const REFRESH_LIFETIME_MS: i64 = 30 * 24 * 60 * MINUTE_MS;
/// A challenge's `Session` (Cognito allows 3 to 15 minutes).
pub const SESSION_LIFETIME_MS: i64 = 5 * MINUTE_MS;
/// The scope of Cognito's own-user AccessTokens.
const ACCESS_SCOPE: &str = "aws.cognito.signin.user.admin";
/// What `GET /users/authentication` reports.
const REGION: &str = "us-east-1";
const USER_POOL_ID: &str = "us-east-1_otptoolkit";
const CLIENT_ID: &str = "otp-toolkit-wizard";

/// The dialect's state: the core and the envelope key.
pub struct Ecosuite {
    core: Arc<Core>,
    envelopes: Envelopes,
    issuer: String,
    /// The pool requires MFA: a sign-in without it is answered with `MFA_SETUP`.
    mfa_required: bool,
}

/// `{}`.
#[derive(Serialize)]
pub struct Empty {}

pub fn router(core: Arc<Core>, mfa_required: bool) -> Router {
    let state = Arc::new(Ecosuite {
        envelopes: Envelopes::new(&core),
        issuer: core.settings.issuer.clone(),
        core,
        mfa_required,
    });
    Router::new()
        .route("/cognito", post(cognito::call))
        .route("/cognito/", post(cognito::call))
        .route("/users/authentication", get(authentication))
        .route(
            "/users/{user_id}/mfa",
            get(users::get_mfa).delete(users::reset_mfa),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AuthenticationConfig {
    region: &'static str,
    user_pool_id: &'static str,
    client_id: &'static str,
    endpoint: &'static str,
}

async fn authentication() -> Json<AuthenticationConfig> {
    Json(AuthenticationConfig {
        region: REGION,
        user_pool_id: USER_POOL_ID,
        client_id: CLIENT_ID,
        endpoint: "/ecosuite/cognito",
    })
}

async fn not_found(OriginalUri(uri): OriginalUri) -> EcosuiteError {
    EcosuiteError::new(
        StatusCode::NOT_FOUND,
        format!("No route for {}", uri.path()),
    )
}

async fn method_not_allowed(OriginalUri(uri): OriginalUri) -> EcosuiteError {
    EcosuiteError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("Method not allowed on {}", uri.path()),
    )
}
