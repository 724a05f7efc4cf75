//! The Ecosuite dialect end to end over real HTTP: `/ecosuite/users/{userId}/mfa` and the
//! Cognito-compatible `/ecosuite/cognito`, with the wire shapes of the vendors' clients.

mod support;

use mfa_server::clock::Clock;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use support::{TestServer, code_at_ms, ok_json, ok_text};

const CLIENT_ID: &str = "test-client";
const PASSWORD: &str = "correct horse";

/// What a Cognito call answered.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Answer {
    /// Asserts a 200 and returns the body.
    fn ok(self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.body);
        assert_eq!(
            self.headers["content-type"], "application/x-amz-json-1.1",
            "AWS JSON 1.1 answers"
        );
        self.body
    }

    /// Asserts Cognito's error shape with `status` and `kind`; returns the message.
    fn error(self, status: u16, kind: &str) -> String {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.body["__type"], kind, "body: {}", self.body);
        assert_eq!(self.headers["x-amzn-errortype"], format!("{kind}:"));
        let object = self.body.as_object().unwrap();
        assert_eq!(object.len(), 2, "exactly __type and message: {}", self.body);
        self.body["message"].as_str().unwrap().to_owned()
    }
}

/// One AWS JSON 1.1 call with a raw body.
async fn cognito_raw(server: &TestServer, target: Option<&str>, body: Vec<u8>) -> Answer {
    let mut request = server
        .http
        .post(server.url("/ecosuite/cognito"))
        .header("content-type", "application/x-amz-json-1.1")
        .body(body);
    if let Some(target) = target {
        request = request.header("x-amz-target", target);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    Answer {
        status,
        headers,
        body,
    }
}

async fn cognito(server: &TestServer, action: &str, body: Value) -> Answer {
    let target = format!("AWSCognitoIdentityProviderService.{action}");
    cognito_raw(server, Some(&target), body.to_string().into_bytes()).await
}

async fn initiate_auth(server: &TestServer, username: &str) -> Answer {
    cognito(
        server,
        "InitiateAuth",
        json!({
            "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": { "USERNAME": username, "PASSWORD": PASSWORD },
            "ClientId": CLIENT_ID,
        }),
    )
    .await
}

async fn answer_totp(server: &TestServer, username: &str, session: &str, code: &str) -> Answer {
    cognito(
        server,
        "RespondToAuthChallenge",
        json!({
            "ChallengeName": "SOFTWARE_TOKEN_MFA",
            "ClientId": CLIENT_ID,
            "Session": session,
            "ChallengeResponses": { "USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": code },
        }),
    )
    .await
}

fn base32(secret: &str) -> Vec<u8> {
    data_encoding::BASE32_NOPAD
        .decode(secret.as_bytes())
        .unwrap()
}

fn code(server: &TestServer, secret: &[u8]) -> String {
    code_at_ms(secret, server.clock.now_ms())
}

/// The payload of a JWT, decoded without checking it (as clients read the IdToken).
fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = data_encoding::BASE64URL_NOPAD
        .decode(payload.as_bytes())
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// A user enrolled through Cognito; returns (secret, the sign-in's AuthenticationResult).
/// The clock is left one step after the verifying code.
async fn enrolled(server: &TestServer, username: &str) -> (Vec<u8>, Value) {
    server.add_user(username).await;
    let tokens = initiate_auth(server, username).await.ok()["AuthenticationResult"].clone();
    let access = tokens["AccessToken"].as_str().unwrap();
    let associated = cognito(
        server,
        "AssociateSoftwareToken",
        json!({ "AccessToken": access }),
    )
    .await
    .ok();
    let secret = base32(associated["SecretCode"].as_str().unwrap());
    let verified = cognito(
        server,
        "VerifySoftwareToken",
        json!({ "AccessToken": access, "UserCode": code(server, &secret) }),
    )
    .await
    .ok();
    assert_eq!(verified, json!({ "Status": "SUCCESS" }));
    server.clock.advance_secs(30);
    (secret, tokens)
}

/// Signs in with the second factor; returns the AuthenticationResult.
async fn sign_in_with_totp(server: &TestServer, username: &str, secret: &[u8]) -> Value {
    let challenge = initiate_auth(server, username).await.ok();
    let session = challenge["Session"].as_str().unwrap();
    let answered = answer_totp(server, username, session, &code(server, secret)).await;
    server.clock.advance_secs(30);
    answered.ok()["AuthenticationResult"].clone()
}

/// `/ecosuite/users/{user}/mfa` with `Authorization: <authorization>` when given.
async fn users_mfa(
    server: &TestServer,
    method: reqwest::Method,
    user: &str,
    authorization: Option<&str>,
) -> (StatusCode, Value) {
    let mut request = server
        .http
        .request(method, server.url(&format!("/ecosuite/users/{user}/mfa")));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

fn id_and_sub(tokens: &Value) -> (String, String) {
    let id_token = tokens["IdToken"].as_str().unwrap().to_owned();
    let sub = claims(&id_token)["sub"].as_str().unwrap().to_owned();
    (id_token, sub)
}

#[tokio::test]
async fn cognito_sign_in_enrolment_and_mfa_challenge_have_the_services_shapes() {
    let server = TestServer::start("eco-flow").await;
    server.add_user("alice").await;

    let first = initiate_auth(&server, "alice").await.ok();
    assert_eq!(first["ChallengeParameters"], json!({}));
    assert!(first.get("ChallengeName").is_none());
    let tokens = &first["AuthenticationResult"];
    let keys: Vec<&String> = tokens.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "AccessToken",
            "ExpiresIn",
            "IdToken",
            "RefreshToken",
            "TokenType"
        ]
    );
    assert_eq!(tokens["ExpiresIn"], 3600);
    assert_eq!(tokens["TokenType"], "Bearer");
    let id = claims(tokens["IdToken"].as_str().unwrap());
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["cognito:username"], "alice");
    assert_eq!(id["email"], "alice@example.com");
    assert_eq!(id["aud"], CLIENT_ID);
    assert_eq!(
        id["exp"].as_i64().unwrap() - id["iat"].as_i64().unwrap(),
        3600
    );
    let access_claims = claims(tokens["AccessToken"].as_str().unwrap());
    assert_eq!(access_claims["token_use"], "access");
    assert_eq!(access_claims["username"], "alice");
    assert_eq!(access_claims["sub"], id["sub"]);
    let access = tokens["AccessToken"].as_str().unwrap();

    let user = cognito(&server, "GetUser", json!({ "AccessToken": access }))
        .await
        .ok();
    assert_eq!(
        user,
        json!({
            "Username": "alice",
            "UserAttributes": [
                { "Name": "sub", "Value": id["sub"] },
                { "Name": "email", "Value": "alice@example.com" },
            ],
            "MFAOptions": [],
        })
    );

    let associated = cognito(
        &server,
        "AssociateSoftwareToken",
        json!({ "AccessToken": access }),
    )
    .await
    .ok();
    assert_eq!(associated.as_object().unwrap().len(), 1, "{associated}");
    let secret_code = associated["SecretCode"].as_str().unwrap();
    assert_eq!(secret_code.len(), 32);
    let secret = base32(secret_code);
    let verified = cognito(
        &server,
        "VerifySoftwareToken",
        json!({
            "AccessToken": access,
            "UserCode": code(&server, &secret),
            "FriendlyDeviceName": "phone",
        }),
    )
    .await
    .ok();
    assert_eq!(verified, json!({ "Status": "SUCCESS" }));
    let preference = cognito(
        &server,
        "SetUserMFAPreference",
        json!({
            "AccessToken": access,
            "SoftwareTokenMfaSettings": { "Enabled": true, "PreferredMfa": true },
        }),
    )
    .await
    .ok();
    assert_eq!(preference, json!({}));
    let user = cognito(&server, "GetUser", json!({ "AccessToken": access }))
        .await
        .ok();
    assert_eq!(user["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");
    assert_eq!(user["UserMFASettingList"], json!(["SOFTWARE_TOKEN_MFA"]));

    server.clock.advance_secs(30);
    let challenge = initiate_auth(&server, "alice").await.ok();
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    assert_eq!(
        challenge["ChallengeParameters"],
        json!({ "USER_ID_FOR_SRP": "alice" })
    );
    assert!(challenge.get("AuthenticationResult").is_none());
    let session = challenge["Session"].as_str().unwrap();
    // The session's USERNAME must be the one that signed in.
    answer_totp(&server, "mallory", session, &code(&server, &secret))
        .await
        .error(400, "NotAuthorizedException");
    let answered = answer_totp(&server, "alice", session, &code(&server, &secret))
        .await
        .ok();
    let tokens = &answered["AuthenticationResult"];
    assert!(tokens["IdToken"].is_string() && tokens["RefreshToken"].is_string());
    // The session was single use.
    server.clock.advance_secs(30);
    let message = answer_totp(&server, "alice", session, &code(&server, &secret))
        .await
        .error(400, "NotAuthorizedException");
    assert_eq!(message, "Invalid session for the user, session is expired.");

    // A refresh gives new IdToken and AccessToken, no new refresh token.
    let refreshed = cognito(
        &server,
        "InitiateAuth",
        json!({
            "AuthFlow": "REFRESH_TOKEN_AUTH",
            "AuthParameters": { "REFRESH_TOKEN": tokens["RefreshToken"] },
            "ClientId": CLIENT_ID,
        }),
    )
    .await
    .ok();
    let result = &refreshed["AuthenticationResult"];
    assert!(result["IdToken"].is_string() && result.get("RefreshToken").is_none());

    // Turning the software token off removes it: the next sign-in needs no code.
    let disabled = cognito(
        &server,
        "SetUserMFAPreference",
        json!({
            "AccessToken": tokens["AccessToken"],
            "SoftwareTokenMfaSettings": { "Enabled": false },
        }),
    )
    .await
    .ok();
    assert_eq!(disabled, json!({}));
    assert!(initiate_auth(&server, "alice").await.ok()["AuthenticationResult"].is_object());
}

#[tokio::test]
async fn users_mfa_reads_and_resets_with_the_bare_id_token() {
    let server = TestServer::start("eco-users").await;
    server.add_user("bob").await;
    let plain = initiate_auth(&server, "bob").await.ok()["AuthenticationResult"].clone();
    let (id_token, sub) = id_and_sub(&plain);
    use reqwest::Method;

    let (status, body) = users_mfa(&server, Method::GET, &sub, Some(&id_token)).await;
    assert_eq!((status, body), (StatusCode::OK, json!({ "mfa": "NOMFA" })));
    // `Bearer ` is forgiven.
    let bearer = format!("Bearer {id_token}");
    let (status, _) = users_mfa(&server, Method::GET, &sub, Some(&bearer)).await;
    assert_eq!(status, StatusCode::OK);
    // Nothing to reset yet: still `{}`.
    let (status, body) = users_mfa(&server, Method::DELETE, &sub, Some(&id_token)).await;
    assert_eq!((status, body), (StatusCode::OK, json!({})));

    let unauthorized = (
        StatusCode::UNAUTHORIZED,
        json!({ "message": "Unauthorized" }),
    );
    assert_eq!(
        users_mfa(&server, Method::GET, &sub, None).await,
        unauthorized
    );
    let access = plain["AccessToken"].as_str().unwrap();
    assert_eq!(
        users_mfa(&server, Method::GET, &sub, Some(access)).await,
        unauthorized,
        "an AccessToken is not an IdToken"
    );
    // A forged payload under the real signature.
    let parts: Vec<&str> = id_token.split('.').collect();
    let mut forged_claims = claims(&id_token);
    forged_claims["sub"] = json!("999");
    let forged_payload =
        data_encoding::BASE64URL_NOPAD.encode(forged_claims.to_string().as_bytes());
    let forged = format!("{}.{forged_payload}.{}", parts[0], parts[2]);
    assert_eq!(
        users_mfa(&server, Method::GET, "999", Some(&forged)).await,
        unauthorized
    );

    let not_found = (
        StatusCode::NOT_FOUND,
        json!({ "message": "User not found" }),
    );
    for user in ["999999", "not-a-number"] {
        assert_eq!(
            users_mfa(&server, Method::GET, user, Some(&id_token)).await,
            not_found
        );
        assert_eq!(
            users_mfa(&server, Method::DELETE, user, Some(&id_token)).await,
            not_found
        );
    }
    server.add_user("carol").await;
    let carol = initiate_auth(&server, "carol").await.ok()["AuthenticationResult"].clone();
    let (_, carol_sub) = id_and_sub(&carol);
    let (status, body) = users_mfa(&server, Method::GET, &carol_sub, Some(&id_token)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body,
        json!({ "message": "User does not have sufficient rights" })
    );

    // With TOTP on: the status says so; only a sign-in that proved the code may reset it.
    let (secret, before) = enrolled(&server, "dave").await;
    let (old_id, dave) = id_and_sub(&before);
    let (status, body) = users_mfa(&server, Method::GET, &dave, Some(&old_id)).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({ "mfa": "SOFTWARE_TOKEN_MFA" }))
    );
    let (status, body) = users_mfa(&server, Method::DELETE, &dave, Some(&old_id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body["message"].as_str().unwrap().contains("sign in again"));
    let fresh = sign_in_with_totp(&server, "dave", &secret).await;
    let (new_id, _) = id_and_sub(&fresh);
    let (status, body) = users_mfa(&server, Method::DELETE, &dave, Some(&new_id)).await;
    assert_eq!((status, body), (StatusCode::OK, json!({})));
    let (status, body) = users_mfa(&server, Method::GET, &dave, Some(&new_id)).await;
    assert_eq!((status, body), (StatusCode::OK, json!({ "mfa": "NOMFA" })));

    let config = server
        .http
        .get(server.url("/ecosuite/users/authentication"))
        .send()
        .await
        .unwrap();
    let config = ok_json(config).await;
    assert_eq!(config["endpoint"], "/ecosuite/cognito");
    assert_eq!(config["region"], "us-east-1");
}

#[tokio::test]
async fn bad_input_is_a_cognito_error_and_changes_nothing() {
    let server = TestServer::start("eco-bad-input").await;
    server.add_user("erin").await;
    let tokens = initiate_auth(&server, "erin").await.ok()["AuthenticationResult"].clone();
    let access = tokens["AccessToken"].as_str().unwrap();
    let target = "AWSCognitoIdentityProviderService.VerifySoftwareToken";

    let message = cognito_raw(&server, Some(target), b"{\"AccessToken\": ".to_vec())
        .await
        .error(400, "SerializationException");
    assert!(message.contains("EOF"), "{message}");
    cognito_raw(&server, Some(target), b"[1, 2]".to_vec())
        .await
        .error(400, "SerializationException");
    cognito(
        &server,
        "VerifySoftwareToken",
        json!({ "AccessToken": access, "UserCode": 123456 }),
    )
    .await
    .error(400, "SerializationException");
    let message = cognito(
        &server,
        "VerifySoftwareToken",
        json!({ "AccessToken": access }),
    )
    .await
    .error(400, "InvalidParameterException");
    assert!(message.contains("UserCode"), "{message}");
    let message = cognito(
        &server,
        "InitiateAuth",
        json!({ "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": { "USERNAME": "erin" } }),
    )
    .await
    .error(400, "InvalidParameterException");
    assert!(message.contains("ClientId"), "{message}");
    let message = cognito(
        &server,
        "InitiateAuth",
        json!({
            "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": { "USERNAME": "erin" },
            "ClientId": CLIENT_ID,
        }),
    )
    .await
    .error(400, "InvalidParameterException");
    assert_eq!(message, "Missing required parameter PASSWORD");
    cognito(
        &server,
        "InitiateAuth",
        json!({ "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {}, "ClientId": CLIENT_ID }),
    )
    .await
    .error(400, "InvalidParameterException");
    cognito(&server, "AdminDeleteUser", json!({}))
        .await
        .error(400, "UnknownOperationException");
    cognito_raw(&server, None, b"{}".to_vec())
        .await
        .error(400, "UnknownOperationException");
    let wrong_type = server
        .http
        .post(server.url("/ecosuite/cognito"))
        .header("x-amz-target", target)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), 400);
    let body: Value = wrong_type.json().await.unwrap();
    assert_eq!(body["__type"], "SerializationException");
    let huge = json!({ "AccessToken": "x".repeat(20 * 1024), "UserCode": "123456" });
    cognito(&server, "VerifySoftwareToken", huge)
        .await
        .error(413, "InvalidParameterException");
    cognito(&server, "GetUser", json!({ "AccessToken": "not-a-token" }))
        .await
        .error(400, "NotAuthorizedException");
    cognito(
        &server,
        "AssociateSoftwareToken",
        json!({ "AccessToken": access, "Session": "both" }),
    )
    .await
    .error(400, "InvalidParameterException");

    // Codes that are not six digits are bad input, not guesses: ten of them leave the
    // throttle untouched, and nothing was set up.
    cognito(
        &server,
        "AssociateSoftwareToken",
        json!({ "AccessToken": access }),
    )
    .await
    .ok();
    for bad in ["12345", "1234567", "12345a", "", "١٢٣٤٥٦"] {
        for _ in 0..2 {
            cognito(
                &server,
                "VerifySoftwareToken",
                json!({ "AccessToken": access, "UserCode": bad }),
            )
            .await
            .error(400, "InvalidParameterException");
        }
    }
    let user = cognito(&server, "GetUser", json!({ "AccessToken": access }))
        .await
        .ok();
    assert!(user.get("UserMFASettingList").is_none(), "{user}");
    let message = cognito(
        &server,
        "SetUserMFAPreference",
        json!({ "AccessToken": access, "SoftwareTokenMfaSettings": { "Enabled": true } }),
    )
    .await
    .error(400, "InvalidParameterException");
    assert_eq!(message, "User has not verified software token mfa");
    assert!(initiate_auth(&server, "erin").await.ok()["AuthenticationResult"].is_object());
    // Had the malformed codes counted as guesses, this one would be throttled.
    let secret = cognito(
        &server,
        "AssociateSoftwareToken",
        json!({ "AccessToken": access }),
    )
    .await
    .ok()["SecretCode"]
        .as_str()
        .map(base32)
        .unwrap();
    let verified = cognito(
        &server,
        "VerifySoftwareToken",
        json!({ "AccessToken": access, "UserCode": code(&server, &secret) }),
    )
    .await
    .ok();
    assert_eq!(verified["Status"], "SUCCESS");

    // Wrong passwords and unknown users read the same.
    for username in ["erin", "nobody"] {
        let message = cognito(
            &server,
            "InitiateAuth",
            json!({
                "AuthFlow": "USER_PASSWORD_AUTH",
                "AuthParameters": { "USERNAME": username, "PASSWORD": "wrong" },
                "ClientId": CLIENT_ID,
            }),
        )
        .await
        .error(400, "NotAuthorizedException");
        assert_eq!(message, "Incorrect username or password.");
    }
}

#[tokio::test]
async fn wrong_codes_are_throttled_with_retry_after() {
    let server = TestServer::start("eco-throttle").await;
    let (secret, _) = enrolled(&server, "frank").await;
    let challenge = initiate_auth(&server, "frank").await.ok();
    let session = challenge["Session"].as_str().unwrap();
    let right = code(&server, &secret);
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    for _ in 0..5 {
        let message = answer_totp(&server, "frank", session, wrong)
            .await
            .error(400, "CodeMismatchException");
        assert_eq!(message, "Invalid code received for user");
    }
    // Waiting now: even the right code is not evaluated.
    let throttled = answer_totp(&server, "frank", session, &right).await;
    assert_eq!(throttled.headers["retry-after"], "30");
    throttled.error(429, "TooManyRequestsException");
    server.clock.advance_secs(30);
    let fresh = initiate_auth(&server, "frank").await.ok();
    let session = fresh["Session"].as_str().unwrap();
    answer_totp(&server, "frank", session, &code(&server, &secret))
        .await
        .ok();
}

#[tokio::test]
async fn an_accepted_code_is_refused_as_a_replay() {
    let server = TestServer::start("eco-replay").await;
    let (secret, _) = enrolled(&server, "grace").await;
    let used = code(&server, &secret);
    let first = initiate_auth(&server, "grace").await.ok();
    answer_totp(&server, "grace", first["Session"].as_str().unwrap(), &used)
        .await
        .ok();
    let second = initiate_auth(&server, "grace").await.ok();
    answer_totp(&server, "grace", second["Session"].as_str().unwrap(), &used)
        .await
        .error(400, "CodeMismatchException");
    // The enrolment's code cannot be replayed as a sign-in either (same step, earlier use).
}

#[tokio::test]
async fn one_account_store_across_eniris_and_ecosuite() {
    let server = TestServer::start("eco-cross").await;
    // Enrolled through Eniris: Cognito asks for the same authenticator.
    let (secret, _) = server.user_with_totp("heidi").await;
    let challenge = initiate_auth(&server, "heidi").await.ok();
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    // A code accepted by Eniris is a replay for Cognito.
    let shared = code(&server, &secret);
    let partial = ok_text(server.login("heidi", PASSWORD).await).await;
    ok_json(server.authenticate_totp_code(&partial, &shared).await).await;
    let session = challenge["Session"].as_str().unwrap();
    answer_totp(&server, "heidi", session, &shared)
        .await
        .error(400, "CodeMismatchException");
    server.clock.advance_secs(30);
    let tokens = answer_totp(&server, "heidi", session, &code(&server, &secret))
        .await
        .ok()["AuthenticationResult"]
        .clone();
    let (id_token, sub) = id_and_sub(&tokens);
    let (status, body) = users_mfa(&server, reqwest::Method::GET, &sub, Some(&id_token)).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({ "mfa": "SOFTWARE_TOKEN_MFA" }))
    );
    server.clock.advance_secs(30);

    // Enrolled through Cognito: Eniris sees the factor, and `sub` is Eniris's userId.
    let (secret, cognito_tokens) = enrolled(&server, "ivan").await;
    let (_, ivan_sub) = id_and_sub(&cognito_tokens);
    let login = server.login("ivan", PASSWORD).await;
    assert_eq!(
        login.headers()["x-two-factor-required"],
        "totp,recovery-code"
    );
    let partial = ok_text(login).await;
    let eniris_tokens = ok_json(server.authenticate_totp(&partial, &secret).await).await;
    let access = eniris_tokens["accessToken"].as_str().unwrap();
    let validated = ok_json(server.get("/auth/accesstoken/validate", access).await).await;
    assert_eq!(validated["userId"].to_string(), ivan_sub);
    let status = ok_json(server.get("/user/2fa", access).await).await;
    assert_eq!(status["enabled"], true);
}

#[tokio::test]
async fn mfa_setup_when_the_pool_requires_mfa() {
    let server = TestServer::start_with("eco-setup", |config| {
        config.cognito_mfa_required = true;
    })
    .await;
    server.add_user("judy").await;
    let challenge = initiate_auth(&server, "judy").await.ok();
    assert_eq!(challenge["ChallengeName"], "MFA_SETUP");
    assert_eq!(
        challenge["ChallengeParameters"],
        json!({ "MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]" })
    );
    let session = challenge["Session"].as_str().unwrap();
    let respond = |session: String| {
        let server = &server;
        async move {
            cognito(
                server,
                "RespondToAuthChallenge",
                json!({
                    "ChallengeName": "MFA_SETUP",
                    "ClientId": CLIENT_ID,
                    "Session": session,
                    "ChallengeResponses": { "USERNAME": "judy" },
                }),
            )
            .await
        }
    };
    // Not before a token is verified.
    respond(session.to_owned())
        .await
        .error(400, "InvalidParameterException");
    // The session is no AccessToken.
    cognito(&server, "GetUser", json!({ "AccessToken": session }))
        .await
        .error(400, "NotAuthorizedException");

    let associated = cognito(
        &server,
        "AssociateSoftwareToken",
        json!({ "Session": session }),
    )
    .await
    .ok();
    let secret = base32(associated["SecretCode"].as_str().unwrap());
    let session = associated["Session"].as_str().unwrap();
    let verified = cognito(
        &server,
        "VerifySoftwareToken",
        json!({ "Session": session, "UserCode": code(&server, &secret) }),
    )
    .await
    .ok();
    assert_eq!(verified["Status"], "SUCCESS");
    let verified_session = verified["Session"].as_str().unwrap().to_owned();
    let tokens = respond(verified_session.clone()).await.ok()["AuthenticationResult"].clone();
    assert!(tokens["IdToken"].is_string());
    respond(verified_session)
        .await
        .error(400, "NotAuthorizedException");

    // From now on the sign-in asks for the code; that session cannot answer MFA_SETUP.
    server.clock.advance_secs(30);
    let challenge = initiate_auth(&server, "judy").await.ok();
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let session = challenge["Session"].as_str().unwrap().to_owned();
    cognito(
        &server,
        "AssociateSoftwareToken",
        json!({ "Session": session }),
    )
    .await
    .error(400, "NotAuthorizedException");
    respond(session).await.error(400, "NotAuthorizedException");
}

#[tokio::test]
async fn tokens_and_sessions_expire() {
    let server = TestServer::start("eco-expiry").await;
    let (secret, tokens) = enrolled(&server, "kim").await;
    let (id_token, sub) = id_and_sub(&tokens);
    let challenge = initiate_auth(&server, "kim").await.ok();
    let session = challenge["Session"].as_str().unwrap();

    // Sessions last five minutes.
    server.clock.advance_secs(5 * 60);
    let message = answer_totp(&server, "kim", session, &code(&server, &secret))
        .await
        .error(400, "NotAuthorizedException");
    assert_eq!(message, "Invalid session for the user, session is expired.");

    // IdToken and AccessToken last an hour (ExpiresIn 3600).
    server.clock.advance_secs(55 * 60);
    let (status, body) = users_mfa(&server, reqwest::Method::GET, &sub, Some(&id_token)).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::UNAUTHORIZED,
            json!({ "message": "Unauthorized" })
        )
    );
    cognito(
        &server,
        "GetUser",
        json!({ "AccessToken": tokens["AccessToken"] }),
    )
    .await
    .error(400, "NotAuthorizedException");
    // The refresh token (30 days) still works.
    let refreshed = cognito(
        &server,
        "InitiateAuth",
        json!({
            "AuthFlow": "REFRESH_TOKEN_AUTH",
            "AuthParameters": { "REFRESH_TOKEN": tokens["RefreshToken"] },
            "ClientId": CLIENT_ID,
        }),
    )
    .await
    .ok();
    let (fresh_id, _) = id_and_sub(&refreshed["AuthenticationResult"]);
    let (status, _) = users_mfa(&server, reqwest::Method::GET, &sub, Some(&fresh_id)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn wrong_passwords_are_throttled_too() {
    let server = TestServer::start("eco-password-throttle").await;
    server.add_user("lee").await;
    let attempt = |password: &'static str| {
        let server = &server;
        async move {
            cognito(
                server,
                "InitiateAuth",
                json!({
                    "AuthFlow": "USER_PASSWORD_AUTH",
                    "AuthParameters": { "USERNAME": "lee", "PASSWORD": password },
                    "ClientId": CLIENT_ID,
                }),
            )
            .await
        }
    };
    for _ in 0..5 {
        attempt("wrong").await.error(400, "NotAuthorizedException");
    }
    let throttled = attempt(PASSWORD).await;
    assert_eq!(throttled.headers["retry-after"], "30");
    let message = throttled.error(429, "TooManyRequestsException");
    assert_eq!(message, "Password attempts exceeded");
    server.clock.advance_secs(30);
    assert!(attempt(PASSWORD).await.ok()["AuthenticationResult"].is_object());
}
