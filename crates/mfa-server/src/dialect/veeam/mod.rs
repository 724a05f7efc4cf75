//! Veeam Backup for Microsoft Azure's REST API (login and user MFA), mounted at `/veeam`.
//!
//! Paths and bodies follow DIALECTS.md sections 2 and 6 (API v1, with the later versions'
//! field names). Shapes:
//!
//! * `POST /api/oauth2/token`, `application/x-www-form-urlencoded`, `grant_type` =
//!   `Password` (`Username`/`username`, `Password`/`password`), `Refresh_token`
//!   (`refresh_token`) or `Mfa` (`mfa_token`, `mfa_code`); optional
//!   `short_lived_refresh_token`; `api-version` and other fields are ignored. 200
//!   `{"access_token","token_type":"bearer","refresh_token","expires_in",".issued",".expires"}`.
//!   A `Password` grant for a user with MFA answers 200 `{"mfa_token","expires_in"}` instead.
//! * `GET /api/{version}/users` → `{"offset","limit","totalCount","results":[User],"_links"}`;
//!   `GET /api/{version}/users/{id}` → User
//!   `{"id","name","description","mfaEnabled","isDefault","type","_links"}`.
//! * `POST /api/{version}/users/{id}/enableMfa` `{"recreate": bool}` → 200
//!   `{"userId","qrString","secretKey","scratchCodes","token"}`.
//! * `POST .../acceptMfa` `{"code","token"}` → 200, no body. `POST .../disableMfa` → 200, no
//!   body.
//! * Errors: RFC 7807 `application/problem+json`
//!   `{"type":"about:blank","title","status","detail","instance"}`; 429s carry `Retry-After`.
//!
//! Where the vendor is silent this server decided:
//!
//! * **Versions.** `{version}` is any of `v1` .. `v8` (the MFA paths did not change); others
//!   are 404. The token endpoint is unversioned, as documented.
//! * **Grant names** are read as documented (`Password`, `Refresh_token`, `Mfa`) and in
//!   lower case (`password`, ...), as generic OAuth2 clients send them; other v8 grants are 400.
//! * **Tokens.** Access token 60 min (`expires_in` 3600), refresh token 14 days, or 15 min with
//!   `short_lived_refresh_token=true` (the vendor says 15 in one place, 60 in another).
//!   `mfa_token` 5 min, single use. A `Refresh_token` grant rotates: the old refresh token is
//!   revoked. `.issued`/`.expires` are HTTP dates (`Thu, 03 Dec 2026 17:49:44 GMT`) of the
//!   access token.
//! * **`mfa_code`** is the 6-digit authenticator code or one scratch code (spent): the
//!   8-digit ones of `enableMfa`, or a recovery code another dialect issued to the account.
//!   The access token of an `Mfa` grant is a proof of a fresh second factor; only such a token
//!   may re-create or disable MFA once it is enabled (403 otherwise). A `Password` grant
//!   token may enable MFA while it is off.
//! * **Who.** This server has no administrator role: a user lists, reads and changes only
//!   their own record (the list holds one user; another `id` is 403, a non-numeric one 404).
//!   `id` is a string (its documented type), `userId` an integer (its documented type);
//!   `isDefault` is false, `type` is `Internal`, `description` empty.
//! * **`mfaEnabled`** is true once an authenticator is active (after `acceptMfa`, or one set
//!   up through another dialect); false while a setup is pending.
//! * **`enableMfa`.** `recreate` is a boolean or the text `"true"`/`"false"`. While MFA is
//!   enabled, `recreate=false` is 409 and `recreate=true` issues a new secret; the old one
//!   stays valid until the new one is accepted. Every call issues a fresh secret (20 bytes,
//!   32 Base32 characters, more than the vendor's 26) and 5 scratch codes of 8 digits. The
//!   scratch codes are the account's recovery codes once `acceptMfa` succeeds (replacing any
//!   earlier set, one set per account); they work in every dialect. `token` is Base64 of an
//!   upper-case hex keyed hash naming the pending secret (the vendor's token has that look),
//!   valid 10 minutes and until the next `enableMfa`.
//! * **`qrString`** has the vendor's exact shape
//!   `otpauth://totp/<user>&40<host>?secret=<BASE32>&issuer=<host>`, `&40` standing for the
//!   `@` (the vendor's quirk, kept for clients that parse it), no default parameters. The host
//!   is the server's issuer name.
//! * **`acceptMfa`** takes a current 6-digit TOTP code for the pending secret or one of its
//!   8-digit scratch codes (which is then spent). A wrong, replayed or expired code is 400
//!   (not 401: the caller's session is fine); a token that names no pending setup is 400.
//! * **`disableMfa`** removes the authenticator (and the recovery codes, when no other factor
//!   is left) or cancels a pending setup; 409 when there is neither.
//! * **Throttling and replay** are the core's, shared with every dialect: after 5 consecutive
//!   wrong passwords, codes or scratch codes, each guess waits 30 s doubling to 15 min (429
//!   with `Retry-After`); a code accepted once is refused for the rest of its window.
//! * **Bad input** (malformed JSON or form, wrong types, missing fields, bodies over 16 KB,
//!   unknown paths) is a problem document naming the field, never repeating its value, and
//!   changes nothing. JSON bodies need not carry a `Content-Type`; the token form must.

mod problem;
mod token;
mod users;

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;

pub use problem::VeeamError;

use crate::core::{Core, DIGITS, RECOVERY_ALPHABET, RecoveryCodeFormat, normalize_recovery_code};
use crate::dialect::{FormBody, JsonBody};

/// Where `lib.rs` mounts this dialect (the `_links` carry it).
pub const PREFIX: &str = "/veeam";

const MINUTE_MS: i64 = 60 * 1000;
pub const ACCESS_LIFETIME_MS: i64 = 60 * MINUTE_MS;
pub const REFRESH_LIFETIME_MS: i64 = 14 * 24 * 60 * MINUTE_MS;
pub const SHORT_REFRESH_LIFETIME_MS: i64 = 15 * MINUTE_MS;
pub const MFA_TOKEN_LIFETIME_MS: i64 = 5 * MINUTE_MS;

/// Five scratch codes of eight digits, as the vendor's examples show. Eight digits are far
/// fewer than 80 bits, which is fine for these: checking a guess offline needs the
/// code-hashing key, which is not in the database, and online guesses are throttled.
pub const SCRATCH_CODES: RecoveryCodeFormat = RecoveryCodeFormat {
    alphabet: DIGITS,
    length: 8,
    count: 5,
};

const TOTP_DIGITS: usize = 6;
/// Longer than any dialect's recovery codes.
const MAX_RECOVERY_CODE_LEN: usize = 32;

type Body<T> = JsonBody<T, VeeamError>;
type Form<T> = FormBody<T, VeeamError>;

pub fn router(core: Arc<Core>) -> Router {
    Router::new()
        .route("/api/oauth2/token", post(token::token))
        .route("/api/{version}/users", axum::routing::get(users::list))
        .route("/api/{version}/users/{id}", axum::routing::get(users::get))
        .route(
            "/api/{version}/users/{id}/enableMfa",
            post(users::enable_mfa),
        )
        .route(
            "/api/{version}/users/{id}/acceptMfa",
            post(users::accept_mfa),
        )
        .route(
            "/api/{version}/users/{id}/disableMfa",
            post(users::disable_mfa),
        )
        .fallback(|| async {
            VeeamError::new(StatusCode::NOT_FOUND, "The resource was not found.")
        })
        .method_not_allowed_fallback(|| async {
            VeeamError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "The method is not allowed on this resource.",
            )
        })
        .layer(axum::middleware::from_fn(problem::add_instance))
        .with_state(core)
}

/// A code a user typed: six digits are the authenticator's; anything else made of
/// recovery-code characters is a scratch code (the 8-digit ones this dialect issues, or a
/// recovery code another dialect issued for the same account).
enum Code {
    Totp(String),
    Scratch(String),
}

fn parse_code(typed: &str, field: &str) -> Result<Code, VeeamError> {
    let code = typed.trim();
    if code.len() == TOTP_DIGITS && code.bytes().all(|byte| byte.is_ascii_digit()) {
        return Ok(Code::Totp(code.to_owned()));
    }
    let scratch = normalize_recovery_code(code);
    if (SCRATCH_CODES.length..=MAX_RECOVERY_CODE_LEN).contains(&scratch.len())
        && scratch
            .bytes()
            .all(|byte| RECOVERY_ALPHABET.contains(&byte))
    {
        return Ok(Code::Scratch(scratch));
    }
    Err(VeeamError::bad_request(format!(
        "The field '{field}' must be the 6-digit code from the authenticator app or an 8-digit scratch code."
    )))
}

/// The vendor's `qrString`: otp's URI for account `<user>@<host>` without the issuer prefix,
/// restyled the two ways the vendor's differs (`&40` for the label's `%40`, and the default
/// parameters left out).
fn qr_string(user: &str, host: &str, secret: otp::Secret) -> Result<String, VeeamError> {
    let uri = otp::KeyUri::totp(secret)
        .account(format!("{user}@{host}"))
        .issuer(host)
        .issuer_in_label(false)
        .build()
        .map_err(|_| VeeamError::new(StatusCode::INTERNAL_SERVER_ERROR, "The secret is unusable."))?
        .to_uri();
    let uri = uri
        .strip_suffix("&algorithm=SHA1&digits=6&period=30")
        .unwrap_or(&uri);
    let (label, query) = uri.split_once('?').unwrap_or((uri, ""));
    Ok(format!("{}?{query}", label.replace("%40", "&40")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_string_has_the_vendor_shape() {
        let secret = otp::Secret::from_base32("KQ5P6HBW63UTX4JPMXBJXI2PQM").unwrap();
        assert_eq!(
            qr_string("Authentication", "vba.example", secret).unwrap(),
            "otpauth://totp/Authentication&40vba.example?secret=KQ5P6HBW63UTX4JPMXBJXI2PQM&issuer=vba.example"
        );
    }

    #[test]
    fn codes_are_told_apart_by_length() {
        assert!(matches!(parse_code(" 123456 ", "code"), Ok(Code::Totp(c)) if c == "123456"));
        assert!(matches!(
            parse_code("12345678", "code"),
            Ok(Code::Scratch(_))
        ));
        assert!(
            matches!(parse_code("ab12-cd34-ef56-gh78", "code"), Ok(Code::Scratch(c)) if c == "AB12CD34EF56GH78")
        );
        for bad in ["1234567", "12345a", "", "12345678!", &"1".repeat(33)] {
            assert!(parse_code(bad, "code").is_err(), "{bad}");
        }
    }
}
