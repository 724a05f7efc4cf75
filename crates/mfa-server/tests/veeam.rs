//! The Veeam Backup for Azure dialect over real HTTP, with the request shapes of the vendor's
//! docs (form-encoded token requests, JSON MFA calls, `Authorization: Bearer`).

mod support;

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use support::*;

const PASSWORD: &str = "correct horse";

/// `POST /veeam/api/oauth2/token` with these form fields.
async fn token(server: &TestServer, form: &[(&str, &str)]) -> Response {
    server
        .http
        .post(server.url("/veeam/api/oauth2/token"))
        .form(form)
        .send()
        .await
        .unwrap()
}

/// A `/veeam/api/v1{path}` request with a bearer token and an optional JSON body.
async fn call(
    server: &TestServer,
    method: Method,
    path: &str,
    bearer: &str,
    body: Option<Value>,
) -> Response {
    let mut request = server
        .http
        .request(method, server.url(&format!("/veeam/api/v1{path}")))
        .bearer_auth(bearer);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

async fn post(server: &TestServer, path: &str, bearer: &str, body: Value) -> Response {
    call(server, Method::POST, path, bearer, Some(body)).await
}

async fn get(server: &TestServer, path: &str, bearer: &str) -> Value {
    ok_json(call(server, Method::GET, path, bearer, None).await).await
}

/// Asserts an RFC 7807 problem with `status` and returns it.
async fn problem(response: Response, status: u16) -> Value {
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let code = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    assert_eq!(code, status, "body: {body}");
    assert_eq!(body["status"], status);
    assert_eq!(body["type"], "about:blank");
    assert!(
        body["title"].is_string() && body["detail"].is_string(),
        "{body}"
    );
    assert!(body["instance"].as_str().unwrap().starts_with("/veeam/"));
    body
}

/// A `Password` grant with the v1 field names; the JSON answer.
async fn password_grant(server: &TestServer, username: &str) -> Value {
    let form = [
        ("grant_type", "Password"),
        ("Username", username),
        ("Password", PASSWORD),
    ];
    ok_json(token(server, &form).await).await
}

/// Signs in a user without MFA; returns the access token.
async fn access_token(server: &TestServer, username: &str) -> String {
    let tokens = password_grant(server, username).await;
    tokens["access_token"].as_str().unwrap().to_owned()
}

/// The account id in the `id` of `GET /users` (the only user listed).
async fn my_id(server: &TestServer, access: &str) -> String {
    let page = get(server, "/users", access).await;
    page["results"][0]["id"].as_str().unwrap().to_owned()
}

/// `enableMfa` then returns its answer.
async fn enable(server: &TestServer, access: &str, id: &str, recreate: bool) -> Value {
    let path = format!("/users/{id}/enableMfa");
    let body = json!({ "recreate": recreate });
    ok_json(post(server, &path, access, body).await).await
}

async fn accept(server: &TestServer, access: &str, id: &str, code: &str, token: &str) -> Response {
    let path = format!("/users/{id}/acceptMfa");
    post(
        server,
        &path,
        access,
        json!({ "code": code, "token": token }),
    )
    .await
}

fn secret_key(enabled: &Value) -> Vec<u8> {
    let key = enabled["secretKey"].as_str().unwrap();
    data_encoding::BASE32_NOPAD.decode(key.as_bytes()).unwrap()
}

fn strings(list: &Value) -> Vec<String> {
    let items = list.as_array().unwrap();
    items
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

/// A user with MFA enabled and accepted through Veeam; returns (id, secret, scratch codes).
/// The clock is left one step after the accepting code.
async fn user_with_mfa(server: &TestServer, username: &str) -> (String, Vec<u8>, Vec<String>) {
    server.add_user(username).await;
    let access = access_token(server, username).await;
    let id = my_id(server, &access).await;
    let enabled = enable(server, &access, &id, false).await;
    let secret = secret_key(&enabled);
    let token = enabled["token"].as_str().unwrap();
    let accepted = accept(server, &access, &id, &server.code(&secret), token).await;
    assert_eq!(accepted.status(), StatusCode::OK);
    server.clock.advance_secs(30);
    (id, secret, strings(&enabled["scratchCodes"]))
}

fn mfa_form<'a>(mfa_token: &'a str, code: &'a str) -> [(&'static str, &'a str); 3] {
    [
        ("grant_type", "Mfa"),
        ("mfa_token", mfa_token),
        ("mfa_code", code),
    ]
}

/// `Password` then `Mfa` grant with `code`.
async fn mfa_login(server: &TestServer, username: &str, code: &str) -> Response {
    let step1 = password_grant(server, username).await;
    let mfa_token = step1["mfa_token"].as_str().unwrap();
    token(server, &mfa_form(mfa_token, code)).await
}

#[tokio::test]
async fn password_grant_gives_the_documented_fields_and_a_refresh_rotates() {
    let server = TestServer::start("veeam-token").await;
    server.add_user("alice").await;
    let tokens = password_grant(&server, "alice").await;
    for field in [
        "access_token",
        "token_type",
        "refresh_token",
        ".issued",
        ".expires",
    ] {
        assert!(tokens[field].is_string(), "{field} in {tokens}");
    }
    assert_eq!(tokens["expires_in"], 3600);
    assert_eq!(tokens[".issued"], "Thu, 01 Jan 2026 00:00:00 GMT");
    assert_eq!(tokens[".expires"], "Thu, 01 Jan 2026 01:00:00 GMT");
    assert!(tokens.get("mfa_token").is_none());

    // The v8 spelling of the fields, and the lower-case grant name, work as well.
    let form = [
        ("grant_type", "password"),
        ("username", "alice"),
        ("password", PASSWORD),
    ];
    ok_json(token(&server, &form).await).await;

    let access = tokens["access_token"].as_str().unwrap();
    let page = get(&server, "/users", access).await;
    assert_eq!(page["totalCount"], 1);
    assert_eq!(page["offset"], 0);
    let user = &page["results"][0];
    assert_eq!(user["name"], "alice");
    assert_eq!(user["mfaEnabled"], false);
    assert_eq!(user["type"], "Internal");
    let id = user["id"].as_str().unwrap();
    assert_eq!(
        user["_links"]["self"]["href"],
        format!("/veeam/api/v1/users/{id}")
    );
    let same = get(&server, &format!("/users/{id}"), access).await;
    assert_eq!(&same, user);

    let refresh = tokens["refresh_token"].as_str().unwrap();
    let form = [("grant_type", "Refresh_token"), ("refresh_token", refresh)];
    let renewed = ok_json(token(&server, &form).await).await;
    assert_ne!(renewed["access_token"], tokens["access_token"]);
    get(&server, "/users", renewed["access_token"].as_str().unwrap()).await;
    // Rotation: the old refresh token is spent.
    problem(token(&server, &form).await, 401).await;

    // Access tokens last 60 minutes.
    server.clock.advance_secs(3601);
    let expired = call(&server, Method::GET, "/users", access, None).await;
    problem(expired, 401).await;
    // A wrong password.
    let form = [
        ("grant_type", "Password"),
        ("Username", "alice"),
        ("Password", "wrong"),
    ];
    problem(token(&server, &form).await, 401).await;
}

#[tokio::test]
async fn enable_then_accept_turns_mfa_on_and_login_takes_two_steps() {
    let server = TestServer::start("veeam-enable").await;
    server.add_user("bob").await;
    let access = access_token(&server, "bob").await;
    let id = my_id(&server, &access).await;

    let enabled = enable(&server, &access, &id, false).await;
    assert_eq!(enabled["userId"].to_string(), id);
    let key = enabled["secretKey"].as_str().unwrap();
    assert_eq!(
        enabled["qrString"],
        format!("otpauth://totp/bob&40otp-toolkit?secret={key}&issuer=otp-toolkit")
    );
    let scratch = strings(&enabled["scratchCodes"]);
    assert_eq!(scratch.len(), 5);
    assert!(
        scratch
            .iter()
            .all(|code| code.len() == 8 && code.bytes().all(|b| b.is_ascii_digit()))
    );
    let token_text = enabled["token"].as_str().unwrap();
    let token_hex = data_encoding::BASE64.decode(token_text.as_bytes()).unwrap();
    assert!(token_hex.iter().all(u8::is_ascii_hexdigit));

    // Pending: not enabled yet, and the login is still one step.
    let user = get(&server, &format!("/users/{id}"), &access).await;
    assert_eq!(user["mfaEnabled"], false);
    assert!(password_grant(&server, "bob").await["access_token"].is_string());

    let secret = secret_key(&enabled);
    let accepted = accept(&server, &access, &id, &server.code(&secret), token_text).await;
    assert_eq!(accepted.status(), StatusCode::OK);
    assert_eq!(accepted.text().await.unwrap(), "");
    let user = get(&server, &format!("/users/{id}"), &access).await;
    assert_eq!(user["mfaEnabled"], true);
    // The token named that one setup; it is spent.
    server.clock.advance_secs(30);
    let again = accept(&server, &access, &id, &server.code(&secret), token_text).await;
    problem(again, 400).await;

    let step1 = password_grant(&server, "bob").await;
    assert!(step1.get("access_token").is_none(), "{step1}");
    assert_eq!(step1["expires_in"], 300);
    let tokens = ok_json(mfa_login(&server, "bob", &server.code(&secret)).await).await;
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(get(&server, "/users", access).await["totalCount"], 1);
}

#[tokio::test]
async fn a_scratch_code_accepts_mfa_once_and_logs_in_once() {
    let server = TestServer::start("veeam-scratch").await;
    server.add_user("carol").await;
    let access = access_token(&server, "carol").await;
    let id = my_id(&server, &access).await;
    let enabled = enable(&server, &access, &id, false).await;
    let scratch = strings(&enabled["scratchCodes"]);
    let token_text = enabled["token"].as_str().unwrap();

    let accepted = accept(&server, &access, &id, &scratch[0], token_text).await;
    assert_eq!(accepted.status(), StatusCode::OK);
    let user = get(&server, &format!("/users/{id}"), &access).await;
    assert_eq!(user["mfaEnabled"], true);

    // The code that accepted MFA is spent; the others log in, each once.
    problem(mfa_login(&server, "carol", &scratch[0]).await, 401).await;
    ok_json(mfa_login(&server, "carol", &scratch[1]).await).await;
    problem(mfa_login(&server, "carol", &scratch[1]).await, 401).await;
    ok_json(mfa_login(&server, "carol", &scratch[2]).await).await;
}

#[tokio::test]
async fn a_code_accepted_once_is_refused_as_a_replay() {
    let server = TestServer::start("veeam-replay").await;
    let (_, secret, _) = user_with_mfa(&server, "dave").await;
    let code = server.code(&secret);
    ok_json(mfa_login(&server, "dave", &code).await).await;
    let replay = problem(mfa_login(&server, "dave", &code).await, 401).await;
    assert_eq!(replay["detail"], "The verification code is invalid.");
    server.clock.advance_secs(30);
    ok_json(mfa_login(&server, "dave", &server.code(&secret)).await).await;
}

#[tokio::test]
async fn wrong_codes_are_throttled_with_retry_after() {
    let server = TestServer::start("veeam-throttle").await;
    let (_, secret, _) = user_with_mfa(&server, "erin").await;
    let good = server.code(&secret);
    let wrong = if good == "000000" { "111111" } else { "000000" };
    let step1 = password_grant(&server, "erin").await;
    let mfa_token = step1["mfa_token"].as_str().unwrap();
    for _ in 0..5 {
        problem(token(&server, &mfa_form(mfa_token, wrong)).await, 401).await;
    }
    let blocked = token(&server, &mfa_form(mfa_token, &good)).await;
    assert_eq!(blocked.headers()["retry-after"], "30");
    problem(blocked, 429).await;
    server.clock.advance_secs(30);
    // The guess that was refused unchecked did not spend the code or the mfa_token.
    let good = server.code(&secret);
    ok_json(token(&server, &mfa_form(mfa_token, &good)).await).await;

    // Passwords too.
    let wrong_password = [
        ("grant_type", "Password"),
        ("Username", "erin"),
        ("Password", "wrong"),
    ];
    for _ in 0..5 {
        problem(token(&server, &wrong_password).await, 401).await;
    }
    let blocked = token(&server, &wrong_password).await;
    assert_eq!(blocked.headers()["retry-after"], "30");
    problem(blocked, 429).await;

    // acceptMfa guesses are throttled the same way (400 for a wrong code).
    server.add_user("frank").await;
    let access = access_token(&server, "frank").await;
    let id = my_id(&server, &access).await;
    let enabled = enable(&server, &access, &id, false).await;
    let token_text = enabled["token"].as_str().unwrap();
    let good = server.code(&secret_key(&enabled));
    let wrong = if good == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let response = accept(&server, &access, &id, wrong, token_text).await;
        assert_eq!(
            problem(response, 400).await["detail"],
            "The code is incorrect."
        );
    }
    let blocked = accept(&server, &access, &id, &good, token_text).await;
    assert!(blocked.headers().contains_key("retry-after"));
    problem(blocked, 429).await;
}

#[tokio::test]
async fn recreate_and_disable_need_a_token_from_the_mfa_grant() {
    let server = TestServer::start("veeam-recreate").await;
    let (id, secret, _) = user_with_mfa(&server, "gina").await;
    let tokens = ok_json(mfa_login(&server, "gina", &server.code(&secret)).await).await;
    server.clock.advance_secs(30);
    let strong = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let form = [("grant_type", "Refresh_token"), ("refresh_token", refresh)];
    let renewed = ok_json(token(&server, &form).await).await;
    let plain = renewed["access_token"].as_str().unwrap();

    let recreate = |bearer: &str, value: Value| {
        let path = format!("/users/{id}/enableMfa");
        let body = json!({ "recreate": value });
        let bearer = bearer.to_owned();
        let server = &server;
        async move { post(server, &path, &bearer, body).await }
    };
    problem(recreate(plain, json!(true)).await, 403).await;
    let disable_path = format!("/users/{id}/disableMfa");
    let disable = call(&server, Method::POST, &disable_path, plain, None).await;
    problem(disable, 403).await;
    problem(recreate(strong, json!(false)).await, 409).await;

    // A new secret; the old one still works until the new one is accepted.
    let renewed = ok_json(recreate(strong, json!("true")).await).await;
    let new_secret = secret_key(&renewed);
    assert_ne!(new_secret, secret);
    ok_json(mfa_login(&server, "gina", &server.code(&secret)).await).await;
    let token_text = renewed["token"].as_str().unwrap();
    let accepted = accept(&server, strong, &id, &server.code(&new_secret), token_text).await;
    assert_eq!(accepted.status(), StatusCode::OK);
    server.clock.advance_secs(30);
    problem(mfa_login(&server, "gina", &server.code(&secret)).await, 401).await;
    ok_json(mfa_login(&server, "gina", &server.code(&new_secret)).await).await;

    let disabled = call(&server, Method::POST, &disable_path, strong, None).await;
    assert_eq!(disabled.status(), StatusCode::OK);
    let user = get(&server, &format!("/users/{id}"), strong).await;
    assert_eq!(user["mfaEnabled"], false);
    assert!(password_grant(&server, "gina").await["access_token"].is_string());
    problem(
        call(&server, Method::POST, &disable_path, strong, None).await,
        409,
    )
    .await;
}

#[tokio::test]
async fn bad_input_is_a_problem_document_and_changes_nothing() {
    let server = TestServer::start("veeam-bad-input").await;
    server.add_user("hank").await;
    server.add_user("other").await;
    let access = access_token(&server, "hank").await;
    let id = my_id(&server, &access).await;

    // The token endpoint.
    let cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[("Username", "hank")],
            "The field 'grant_type' is required.",
        ),
        (
            &[("grant_type", "Password"), ("Password", PASSWORD)],
            "The field 'username' is required when grant_type=Password.",
        ),
        (
            &[("grant_type", "Mfa"), ("mfa_token", "x")],
            "The field 'mfa_code' is required when grant_type=Mfa.",
        ),
        (
            &[
                ("grant_type", "Password"),
                ("Username", "hank"),
                ("Password", PASSWORD),
                ("short_lived_refresh_token", "maybe"),
            ],
            "The field 'short_lived_refresh_token' is invalid.",
        ),
        (
            &[
                ("grant_type", "Password"),
                ("Username", "hank"),
                ("username", "hank"),
            ],
            "The request body is invalid.",
        ),
    ];
    for (form, detail) in cases {
        let body = problem(token(&server, form).await, 400).await;
        assert_eq!(body["detail"], detail);
    }
    let unknown = problem(token(&server, &[("grant_type", "Saml")]).await, 400).await;
    assert!(
        unknown["detail"]
            .as_str()
            .unwrap()
            .contains("unsupported value")
    );
    let as_json = server
        .http
        .post(server.url("/veeam/api/oauth2/token"))
        .json(&json!({ "grant_type": "Password" }))
        .send()
        .await
        .unwrap();
    problem(as_json, 415).await;
    let padding = "x".repeat(64 * 1024);
    let oversized = [("grant_type", "Password"), ("pad", padding.as_str())];
    let answer = problem(token(&server, &oversized).await, 413).await;
    assert_eq!(
        answer["detail"],
        "The request body is larger than 16384 bytes."
    );
    let code_not_digits = [
        ("grant_type", "Mfa"),
        ("mfa_token", "x"),
        ("mfa_code", "12"),
    ];
    problem(token(&server, &code_not_digits).await, 401).await;

    // The JSON endpoints.
    let enable_path = format!("/veeam/api/v1/users/{id}/enableMfa");
    let raw = |body: String| {
        server
            .http
            .post(server.url(&enable_path))
            .bearer_auth(&access)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let cases: [(String, u16, &str); 6] = [
        (
            r#"{"recreate": "#.into(),
            400,
            "The request body is not valid JSON: EOF while parsing a value at line 1 column 13",
        ),
        (
            r#"{"recreate": 5}"#.into(),
            400,
            "The field 'recreate' must be a boolean.",
        ),
        (
            r#"{"recreate": "yes"}"#.into(),
            400,
            "The field 'recreate' must be a boolean.",
        ),
        ("{}".into(), 400, "The field 'recreate' is required."),
        (
            "[true]".into(),
            400,
            "The request body must be a JSON object.",
        ),
        (
            format!(
                r#"{{"recreate": false, "pad": "{}"}}"#,
                "x".repeat(64 * 1024)
            ),
            413,
            "The request body is larger than 16384 bytes.",
        ),
    ];
    for (body, status, detail) in cases {
        let answer = problem(raw(body).await.unwrap(), status).await;
        assert_eq!(answer["detail"], detail);
    }
    let accept_path = format!("/users/{id}/acceptMfa");
    let secret_code = json!({ "code": 12345678, "token": "x" });
    let answer = problem(post(&server, &accept_path, &access, secret_code).await, 400).await;
    assert_eq!(answer["detail"], "The field 'code' must be a string.");
    assert!(
        !answer.to_string().contains("12345678"),
        "the code is not echoed"
    );
    let no_token = json!({ "code": "123456", "token": "not base64!" });
    problem(post(&server, &accept_path, &access, no_token).await, 400).await;
    let no_setup = json!({ "code": "123456", "token": "QUJDRA==" });
    problem(post(&server, &accept_path, &access, no_setup).await, 400).await;

    // Paths and tokens.
    let other = access_token(&server, "other").await;
    let other_id = my_id(&server, &other).await;
    let forbidden = call(
        &server,
        Method::GET,
        &format!("/users/{other_id}"),
        &access,
        None,
    )
    .await;
    problem(forbidden, 403).await;
    let enable_other = json!({ "recreate": false });
    let path = format!("/users/{other_id}/enableMfa");
    problem(post(&server, &path, &access, enable_other).await, 403).await;
    problem(
        call(&server, Method::GET, "/users/abc", &access, None).await,
        404,
    )
    .await;
    let v9 = server
        .http
        .get(server.url("/veeam/api/v9/users"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    problem(v9, 404).await;
    let v7 = server
        .http
        .get(server.url("/veeam/api/v7/users"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    ok_json(v7).await;
    problem(
        call(&server, Method::GET, "/users", "nope", None).await,
        401,
    )
    .await;
    let anonymous = server
        .http
        .get(server.url("/veeam/api/v1/users"))
        .send()
        .await
        .unwrap();
    problem(anonymous, 401).await;
    problem(
        call(&server, Method::GET, "/nothing", &access, None).await,
        404,
    )
    .await;
    problem(
        call(&server, Method::DELETE, "/users", &access, None).await,
        405,
    )
    .await;

    // Nothing changed: no setup is pending, so there is nothing to cancel.
    let user = get(&server, &format!("/users/{id}"), &access).await;
    assert_eq!(user["mfaEnabled"], false);
    let status = server.core.mfa_status(id.parse().unwrap()).unwrap();
    assert!(!status.totp_pending);
    assert!(status.recovery_codes.is_none());
    // The vendor's current example sends `"recreate": "false"`.
    let body = json!({ "recreate": "false" });
    ok_json(post(&server, &format!("/users/{id}/enableMfa"), &access, body).await).await;
}

#[tokio::test]
async fn eniris_and_veeam_share_one_account() {
    let server = TestServer::start("veeam-cross").await;

    // Set up through Eniris: seen and usable through Veeam, one replay rule for both.
    let (secret, eniris_codes) = server.user_with_totp("ivy").await;
    let access = ok_json(mfa_login(&server, "ivy", &server.code(&secret)).await).await;
    let access = access["access_token"].as_str().unwrap();
    let id = my_id(&server, access).await;
    let user = get(&server, &format!("/users/{id}"), access).await;
    assert_eq!(user["mfaEnabled"], true);
    let partial = ok_text(server.login("ivy", PASSWORD).await).await;
    let replay = server.authenticate_totp(&partial, &secret).await;
    error(replay, 401, "TOTP_INCORRECT").await;
    // An Eniris recovery code works once through Veeam's Mfa grant, then nowhere.
    ok_json(mfa_login(&server, "ivy", &eniris_codes[0]).await).await;
    let partial = ok_text(server.login("ivy", PASSWORD).await).await;
    let spent = server
        .post(
            "/user/2fa/recovery-code/authenticate",
            &partial,
            json!({ "recoveryCode": eniris_codes[0] }),
        )
        .await;
    error(spent, 401, "RECOVERY_CODE_INCORRECT").await;

    // Set up through Veeam: Eniris asks for the same factors and takes the same codes.
    let (_, secret, scratch) = user_with_mfa(&server, "jack").await;
    let login = server.login("jack", PASSWORD).await;
    assert_eq!(
        login.headers()["x-two-factor-required"],
        "totp,recovery-code"
    );
    let partial = ok_text(login).await;
    let code = server.code(&secret);
    let tokens = ok_json(server.authenticate_totp_code(&partial, &code).await).await;
    let status = ok_json(
        server
            .get("/user/2fa", tokens["accessToken"].as_str().unwrap())
            .await,
    )
    .await;
    assert_eq!(status["enabled"], true);
    assert_eq!(status["recoveryCodes"]["remaining"], 5);
    let replay = problem(mfa_login(&server, "jack", &code).await, 401).await;
    assert_eq!(replay["detail"], "The verification code is invalid.");
    let partial = ok_text(server.login("jack", PASSWORD).await).await;
    let scratch_login = server
        .post(
            "/user/2fa/recovery-code/authenticate",
            &partial,
            json!({ "recoveryCode": scratch[0] }),
        )
        .await;
    ok_json(scratch_login).await;
    problem(mfa_login(&server, "jack", &scratch[0]).await, 401).await;
}
