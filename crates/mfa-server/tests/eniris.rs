//! The Eniris dialect end to end over real HTTP, time driven by the manual clock.

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use support::{TestServer, error, ok_json, ok_text, secret_of};

#[tokio::test]
async fn login_without_2fa_gives_a_refresh_token_that_works_until_logout() {
    let server = TestServer::start("plain-login").await;
    server.add_user("alice").await;

    let response = server.login("alice", "correct horse").await;
    assert!(response.headers().get("x-two-factor-required").is_none());
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let refresh = ok_text(response).await;

    let access = ok_text(server.get("/auth/accesstoken", &refresh).await).await;
    let status = ok_json(server.get("/user/2fa", &access).await).await;
    assert_eq!(status["enabled"], false);
    assert_eq!(status["totp"], Value::Null);
    assert_eq!(status["emailOtp"], Value::Null);
    assert_eq!(status["recoveryCodes"], Value::Null);

    let validated = ok_json(server.get("/auth/refreshtoken/validate", &refresh).await).await;
    assert!(validated["userId"].is_i64());
    // An access token is not a refresh token.
    error(
        server.get("/auth/accesstoken", &access).await,
        401,
        "INVALID_TOKEN",
    )
    .await;
    error(
        server.eniris(Method::GET, "/user/2fa", None, None).await,
        401,
        "NO_TOKEN_PROVIDED",
    )
    .await;

    let logout = server
        .eniris(Method::POST, "/auth/logout", Some(&refresh), None)
        .await;
    assert_eq!(logout.status(), 204);
    error(
        server.get("/auth/accesstoken", &refresh).await,
        401,
        "INVALID_TOKEN",
    )
    .await;

    error(
        server.login("alice", "wrong").await,
        401,
        "PASSWORD_INCORRECT",
    )
    .await;
    error(
        server.login("nobody", "wrong").await,
        401,
        "PASSWORD_INCORRECT",
    )
    .await;
}

#[tokio::test]
async fn totp_setup_enable_then_login_needs_the_second_factor() {
    let server = TestServer::start("totp-flow").await;
    server.add_user("bob").await;
    let access = server.access_token("bob").await;

    let setup = ok_json(
        server
            .post("/user/2fa/totp/setup", &access, json!({}))
            .await,
    )
    .await;
    let uri = setup["url"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/otp-toolkit:bob?"), "{uri}");
    assert!(uri.contains("algorithm=SHA1&digits=6&period=30"));
    let secret = secret_of(uri);
    assert_eq!(secret.len(), 20);

    let pending = ok_json(server.get("/user/2fa", &access).await).await;
    assert_eq!(pending["enabled"], false);
    assert_eq!(pending["totpPending"], true);

    let enabled = ok_json(
        server
            .post(
                "/user/2fa/totp/enable",
                &access,
                json!({ "totp": server.code(&secret) }),
            )
            .await,
    )
    .await;
    let codes = enabled["recoveryCodes"].as_array().unwrap();
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|c| c.as_str().unwrap().len() == 16));

    let status = ok_json(server.get("/user/2fa", &access).await).await;
    assert_eq!(status["enabled"], true);
    assert_eq!(status["totp"]["completedAt"], "2026-01-01T00:00:00.000Z");
    assert_eq!(status["recoveryCodes"]["remaining"], 10);

    server.clock.advance_secs(30);
    let login = server.login("bob", "correct horse").await;
    assert_eq!(
        login.headers()["x-two-factor-required"],
        "totp,recovery-code"
    );
    let partial = ok_text(login).await;
    // A partial token is good for the second-factor step only.
    error(
        server.get("/user/2fa", &partial).await,
        401,
        "INVALID_TOKEN",
    )
    .await;
    error(
        server.get("/auth/accesstoken", &partial).await,
        401,
        "INVALID_TOKEN",
    )
    .await;

    let tokens = ok_json(server.authenticate_totp(&partial, &secret).await).await;
    for field in ["accessToken", "refreshToken", "sudoToken"] {
        assert!(
            tokens[field].as_str().is_some_and(|t| t.len() >= 40),
            "{field}"
        );
    }
    ok_json(
        server
            .get("/user/2fa", tokens["accessToken"].as_str().unwrap())
            .await,
    )
    .await;
    ok_text(
        server
            .get(
                "/auth/accesstoken",
                tokens["refreshToken"].as_str().unwrap(),
            )
            .await,
    )
    .await;
    // The partial token was spent.
    server.clock.advance_secs(30);
    let again = server.authenticate_totp(&partial, &secret).await;
    error(again, 401, "INVALID_TOKEN").await;
}

#[tokio::test]
async fn a_code_accepted_once_is_refused_for_the_rest_of_its_window() {
    let server = TestServer::start("replay").await;
    let (secret, _) = server.user_with_totp("carol").await;
    let tokens = server.login_with_totp("carol", &secret).await;
    let access = tokens["accessToken"].as_str().unwrap();

    let code = server.code(&secret);
    ok_json(server.authenticate_totp_code(access, &code).await).await;
    // Same code, same step, and still inside the drift window a step later: refused like a wrong one.
    let replay = server.authenticate_totp_code(access, &code).await;
    error(replay, 401, "TOTP_INCORRECT").await;
    server.clock.advance_secs(30);
    let replay = server.authenticate_totp_code(access, &code).await;
    error(replay, 401, "TOTP_INCORRECT").await;
    // The new step's code works.
    ok_json(server.authenticate_totp(access, &secret).await).await;
}

#[tokio::test]
async fn wrong_codes_lead_to_429_with_retry_after_and_next_guess_agrees() {
    let server = TestServer::start("throttle").await;
    let (secret, _) = server.user_with_totp("dave").await;
    let tokens = server.login_with_totp("dave", &secret).await;
    let access = tokens["accessToken"].as_str().unwrap();
    let good = server.code(&secret);
    let wrong = if good == "000000" { "111111" } else { "000000" };

    for _ in 0..5 {
        let response = server.authenticate_totp_code(access, wrong).await;
        error(response, 401, "TOTP_INCORRECT").await;
    }
    let next = |access: String| {
        let server = &server;
        async move { ok_json(server.get("/user/2fa/totp/next-guess", &access).await).await }
    };
    assert_eq!(next(access.to_owned()).await["duration"], 30);

    // Even the right code is not evaluated while waiting.
    let blocked = server.authenticate_totp_code(access, &good).await;
    assert_eq!(blocked.headers()["retry-after"], "30");
    let body = error(blocked, 429, "TOO_MANY_TOTP_CHECKS").await;
    assert_eq!(body["retryAfter"], 30);

    server.clock.advance_secs(10);
    assert_eq!(next(access.to_owned()).await["duration"], 20);
    server.clock.advance_secs(20);
    assert_eq!(next(access.to_owned()).await["duration"], 0);

    // The sixth failure doubles the wait.
    let response = server.authenticate_totp_code(access, wrong).await;
    error(response, 401, "TOTP_INCORRECT").await;
    assert_eq!(next(access.to_owned()).await["duration"], 60);
    server.clock.advance_secs(60);

    // A success resets the count: five free failures again.
    ok_json(server.authenticate_totp(access, &secret).await).await;
    assert_eq!(next(access.to_owned()).await["duration"], 0);
    let response = server.authenticate_totp_code(access, wrong).await;
    error(response, 401, "TOTP_INCORRECT").await;
    assert_eq!(next(access.to_owned()).await["duration"], 0);
}

#[tokio::test]
async fn a_recovery_code_logs_in_once() {
    let server = TestServer::start("recovery-login").await;
    let (_, codes) = server.user_with_totp("erin").await;
    let code = &codes[3];

    let partial = ok_text(server.login("erin", "correct horse").await).await;
    // Typed in lower case with a dash: still the same code.
    let typed = format!("{}-{}", &code[..8], &code[8..]).to_lowercase();
    let tokens = ok_json(
        server
            .post(
                "/user/2fa/recovery-code/authenticate",
                &partial,
                json!({ "recoveryCode": typed }),
            )
            .await,
    )
    .await;
    let access = tokens["accessToken"].as_str().unwrap();
    let status = ok_json(server.get("/user/2fa", access).await).await;
    assert_eq!(status["recoveryCodes"]["remaining"], 9);

    let partial = ok_text(server.login("erin", "correct horse").await).await;
    let reused = server
        .post(
            "/user/2fa/recovery-code/authenticate",
            &partial,
            json!({ "recoveryCode": code }),
        )
        .await;
    error(reused, 401, "RECOVERY_CODE_INCORRECT").await;
    let next = ok_json(
        server
            .get("/user/2fa/recovery-code/next-guess", access)
            .await,
    )
    .await;
    assert_eq!(next["duration"], 0);
}

#[tokio::test]
async fn recovery_code_reset_needs_a_sudo_token_which_expires() {
    let server = TestServer::start("sudo").await;
    let (secret, old_codes) = server.user_with_totp("frank").await;
    let tokens = server.login_with_totp("frank", &secret).await;
    let access = tokens["accessToken"].as_str().unwrap();
    let sudo = tokens["sudoToken"].as_str().unwrap();

    let response = server
        .post("/user/2fa/recovery-code/reset", access, json!({}))
        .await;
    error(response, 401, "SUDO_TOKEN_REQUIRED").await;

    let reset = ok_json(
        server
            .post("/user/2fa/recovery-code/reset", sudo, json!({}))
            .await,
    )
    .await;
    let new_codes = reset["recoveryCodes"].as_array().unwrap();
    assert_eq!(new_codes.len(), 10);

    let partial = ok_text(server.login("frank", "correct horse").await).await;
    let old = server
        .post(
            "/user/2fa/recovery-code/authenticate",
            &partial,
            json!({ "recoveryCode": old_codes[0] }),
        )
        .await;
    error(old, 401, "RECOVERY_CODE_INCORRECT").await;

    // Five minutes later the sudo token is gone; a fresh step-up with an access token mints one.
    server.clock.advance_secs(5 * 60 + 1);
    let expired = server
        .post("/user/2fa/recovery-code/reset", sudo, json!({}))
        .await;
    error(expired, 401, "INVALID_TOKEN").await;
    let refresh = tokens["refreshToken"].as_str().unwrap();
    let access = ok_text(server.get("/auth/accesstoken", refresh).await).await;
    let step_up = ok_json(server.authenticate_totp(&access, &secret).await).await;
    ok_json(
        server
            .post(
                "/user/2fa/recovery-code/reset",
                step_up["sudoToken"].as_str().unwrap(),
                json!({}),
            )
            .await,
    )
    .await;
}

#[tokio::test]
async fn email_otp_through_the_dev_outbox() {
    let server = TestServer::start_with("email", |config| config.dev = true).await;
    server.add_user("gina").await;
    let access = server.access_token("gina").await;

    error(
        server.setup_email(&access, "not-an-address").await,
        400,
        "Invalid email address",
    )
    .await;
    let setup = server.setup_email(&access, "gina@example.org").await;
    assert_eq!(ok_json(setup).await, Value::Null);
    let mail = server.outbox().await.last().cloned().unwrap();
    assert_eq!(mail["to"], "gina@example.org");
    assert_eq!(mail["sentAt"], "2026-01-01T00:00:00.000Z");
    let code = mail["code"].as_str().unwrap().to_owned();
    assert!(mail["body"].as_str().unwrap().contains(&code));

    let next = ok_json(server.get("/user/2fa/email-otp/next-email", &access).await).await;
    assert_eq!(next["duration"], 60);
    let again = server.setup_email(&access, "gina@example.org").await;
    assert_eq!(again.headers()["retry-after"], "60");
    let body = error(again, 429, "TOO_MANY_OTP_EMAILS").await;
    assert_eq!(body["retryAfter"], 60);

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let response = server
        .post(
            "/user/2fa/email-otp/enable",
            &access,
            json!({ "otp": wrong }),
        )
        .await;
    error(response, 401, "EMAIL_OTP_INCORRECT").await;
    let enabled = ok_json(
        server
            .post(
                "/user/2fa/email-otp/enable",
                &access,
                json!({ "otp": code }),
            )
            .await,
    )
    .await;
    assert_eq!(enabled["recoveryCodes"].as_array().unwrap().len(), 10);
    let status = ok_json(server.get("/user/2fa", &access).await).await;
    assert_eq!(status["emailOtp"]["email"], "gina@example.org");
    assert_eq!(status["totp"], Value::Null);

    // Login: partial token -> challenge (mails a code) -> authenticate.
    server.clock.advance_secs(61);
    let login = server.login("gina", "correct horse").await;
    assert_eq!(
        login.headers()["x-two-factor-required"],
        "email-otp,recovery-code"
    );
    let partial = ok_text(login).await;
    ok_json(
        server
            .post("/user/2fa/email-otp/challenge", &partial, json!({}))
            .await,
    )
    .await;
    let code = server.outbox().await.last().unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let tokens = ok_json(
        server
            .post(
                "/user/2fa/email-otp/authenticate",
                &partial,
                json!({ "otp": code.clone() }),
            )
            .await,
    )
    .await;
    let sudo = tokens["sudoToken"].as_str().unwrap();

    // The code is single use.
    let access = tokens["accessToken"].as_str().unwrap();
    let reused = server
        .post(
            "/user/2fa/email-otp/authenticate",
            access,
            json!({ "otp": code }),
        )
        .await;
    error(reused, 401, "EMAIL_OTP_INCORRECT").await;

    assert_eq!(
        ok_json(server.delete("/user/2fa/email-otp", sudo).await).await,
        Value::Null
    );
    error(
        server.delete("/user/2fa/email-otp", sudo).await,
        409,
        "EMAIL_OTP_ALREADY_INACTIVE",
    )
    .await;
    let status = ok_json(server.get("/user/2fa", access).await).await;
    assert_eq!(status["enabled"], false);
    assert_eq!(status["recoveryCodes"], Value::Null);
}

#[tokio::test]
async fn deactivating_totp_needs_sudo_and_turns_2fa_off() {
    let server = TestServer::start("deactivate").await;
    let (secret, _) = server.user_with_totp("hank").await;
    let tokens = server.login_with_totp("hank", &secret).await;
    let access = tokens["accessToken"].as_str().unwrap();
    let sudo = tokens["sudoToken"].as_str().unwrap();

    error(
        server.delete("/user/2fa/totp", access).await,
        401,
        "SUDO_TOKEN_REQUIRED",
    )
    .await;
    // Setting up a new authenticator while 2FA is on also needs sudo.
    let setup = server.post("/user/2fa/totp/setup", access, json!({})).await;
    error(setup, 401, "SUDO_TOKEN_REQUIRED").await;

    assert_eq!(
        ok_json(server.delete("/user/2fa/totp", sudo).await).await,
        Value::Null
    );
    let status = ok_json(server.get("/user/2fa", access).await).await;
    assert_eq!(status["enabled"], false);
    assert_eq!(status["totp"], Value::Null);
    assert_eq!(status["recoveryCodes"], Value::Null);
    error(
        server.delete("/user/2fa/totp", sudo).await,
        409,
        "TOTP_ALREADY_INACTIVE",
    )
    .await;

    let login = server.login("hank", "correct horse").await;
    assert!(login.headers().get("x-two-factor-required").is_none());
    ok_text(login).await;
    let response = server.get("/user/2fa/totp/next-guess", access).await;
    error(response, 409, "TOTP_UNINITIALIZED").await;
}

#[tokio::test]
async fn twenty_concurrent_activations_of_one_pending_factor_succeed_once() {
    let server = TestServer::start("concurrent").await;
    server.add_user("ivan").await;
    let access = server.access_token("ivan").await;
    let secret = server.setup_totp(&access).await;
    let body = json!({ "totp": server.code(&secret) });

    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let request = server
            .http
            .post(server.url("/eniris/user/2fa/totp/enable"))
            .bearer_auth(&access)
            .json(&body);
        attempts.spawn(request.send());
    }
    let responses: Vec<_> = attempts
        .join_all()
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let mut successes = 0;
    for response in responses {
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        match status {
            200 => {
                successes += 1;
                assert_eq!(body["recoveryCodes"].as_array().unwrap().len(), 10);
            }
            // Lost the race: the factor is no longer pending.
            409 => assert_eq!(body["message"], "TOTP_UNINITIALIZED"),
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(successes, 1);
    let status = ok_json(server.get("/user/2fa", &access).await).await;
    assert_eq!(status["recoveryCodes"]["remaining"], 10);
}

#[tokio::test]
async fn bad_input_gets_clear_errors_and_changes_nothing() {
    let server = TestServer::start("bad-input").await;
    server.add_user("judy").await;
    let access = server.access_token("judy").await;
    let secret = server.setup_totp(&access).await;
    let enable = |body: reqwest::Body| {
        server
            .http
            .post(server.url("/eniris/user/2fa/totp/enable"))
            .bearer_auth(&access)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };

    let cases: [(String, u16, &str); 7] = [
        (
            r#"{"totp": 123456}"#.into(),
            400,
            "body/totp must be string",
        ),
        (
            r#"{"totp": "1234567"}"#.into(),
            400,
            "body/totp must NOT have more than 6 characters",
        ),
        (
            r#"{"totp": "12345"}"#.into(),
            400,
            "body/totp must NOT have fewer than 6 characters",
        ),
        (
            r#"{"totp": "١٢٣٤٥٦"}"#.into(),
            400,
            "body/totp must match pattern \"^[0-9]{6}$\"",
        ),
        (
            r#"{"code": "123456"}"#.into(),
            400,
            "body must have required property 'totp'",
        ),
        (r#"["123456"]"#.into(), 400, "body must be object"),
        (
            format!(r#"{{"totp": "{}"}}"#, "1".repeat(1024 * 1024)),
            413,
            "Request body is too large",
        ),
    ];
    for (body, status, message) in cases {
        error(enable(body.into()).await.unwrap(), status, message).await;
    }
    let malformed = enable(r#"{"totp": "#.into()).await.unwrap();
    let body = error(
        malformed,
        400,
        "Body is not valid JSON: EOF while parsing a value at line 1 column 9",
    )
    .await;
    assert_eq!(body["error"], "Bad Request");

    let long_name = server.login(&"x".repeat(300), "pw").await;
    error(
        long_name,
        400,
        "body/username must NOT have more than 256 characters",
    )
    .await;
    error(
        server.login("", "pw").await,
        400,
        "body/username must NOT have fewer than 1 characters",
    )
    .await;

    // Nothing changed: still pending, and no guess was counted (five wrong guesses are free).
    let status = ok_json(server.get("/user/2fa", &access).await).await;
    assert_eq!(status["enabled"], false);
    assert_eq!(status["totpPending"], true);
    let good = server.code(&secret);
    let wrong = if good == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        let response = server
            .post("/user/2fa/totp/enable", &access, json!({ "totp": wrong }))
            .await;
        error(response, 401, "TOTP_INCORRECT").await;
    }
    ok_json(
        server
            .post("/user/2fa/totp/enable", &access, json!({ "totp": good }))
            .await,
    )
    .await;
}

#[tokio::test]
async fn a_repeated_setup_resumes_the_pending_secret_for_ten_minutes() {
    let server = TestServer::start("resume").await;
    server.add_user("kim").await;
    let access = server.access_token("kim").await;

    let first = server.setup_totp(&access).await;
    server.clock.advance_secs(9 * 60);
    // (Access tokens live 5 minutes: the wizard would have fetched a new one.)
    let access = server.access_token("kim").await;
    assert_eq!(server.setup_totp(&access).await, first);
    server.clock.advance_secs(61);
    let access = server.access_token("kim").await;
    let second = server.setup_totp(&access).await;
    assert_ne!(second, first);

    assert_eq!(
        ok_json(server.delete("/user/2fa/totp/pending", &access).await).await,
        Value::Null
    );
    error(
        server.delete("/user/2fa/totp/pending", &access).await,
        409,
        "TOTP_UNINITIALIZED",
    )
    .await;
    let response = server
        .post(
            "/user/2fa/totp/enable",
            &access,
            json!({ "totp": server.code(&second) }),
        )
        .await;
    error(response, 409, "TOTP_UNINITIALIZED").await;
}

#[tokio::test]
async fn state_changes_are_audited() {
    let server = TestServer::start("audit").await;
    let (secret, _) = server.user_with_totp("leo").await;
    let tokens = server.login_with_totp("leo", &secret).await;
    ok_json(
        server
            .delete("/user/2fa/totp", tokens["sudoToken"].as_str().unwrap())
            .await,
    )
    .await;
    let account = ok_json(
        server
            .get(
                "/auth/accesstoken/validate",
                tokens["accessToken"].as_str().unwrap(),
            )
            .await,
    )
    .await;
    let id = account["userId"].as_i64().unwrap();
    let events: Vec<String> = server
        .core
        .audit_log(id)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        events,
        [
            "totp 'default' setup started",
            "totp 'default' activated",
            "recovery codes issued",
            "totp removed",
            "recovery codes dropped (no active method left)",
        ]
    );
}

#[tokio::test]
async fn trusted_devices_expire_and_can_be_forgotten() {
    let server = TestServer::start("devices").await;
    server.add_user("mia").await;
    let access = server.access_token("mia").await;
    let account = ok_json(server.get("/auth/accesstoken/validate", &access).await).await;
    let id = account["userId"].as_i64().unwrap();
    let core = &server.core;

    let device = core
        .trust_device(
            id,
            "fingerprint-1",
            "Firefox on Linux",
            90 * 24 * 3600 * 1000,
        )
        .unwrap();
    assert!(core.is_trusted_device(id, "fingerprint-1").unwrap());
    assert!(!core.is_trusted_device(id, "fingerprint-2").unwrap());
    server.clock.advance_secs(90 * 24 * 3600);
    assert!(!core.is_trusted_device(id, "fingerprint-1").unwrap());

    let again = core
        .trust_device(id, "fingerprint-1", "Firefox on Linux", 1000 * 60)
        .unwrap();
    assert_ne!(again, device);
    assert!(core.forget_trusted_device(id, again).unwrap());
    assert!(!core.is_trusted_device(id, "fingerprint-1").unwrap());
}

#[tokio::test]
async fn a_failure_midway_leaves_no_half_change() {
    let server = TestServer::start("atomic").await;
    let (secret, _) = server.user_with_totp("nina").await;
    let partial = ok_text(server.login("nina", "correct horse").await).await;
    let code = server.code(&secret);

    // Make the last write of an authentication (minting tokens) fail, from a second connection.
    let database = rusqlite::Connection::open(server.dir.join("data/mfa.sqlite3")).unwrap();
    database
        .execute_batch("CREATE TRIGGER fail_tokens BEFORE INSERT ON token BEGIN SELECT RAISE(ABORT, 'injected'); END;")
        .unwrap();
    let failed = server.authenticate_totp_code(&partial, &code).await;
    error(failed, 500, "INTERNAL_SERVER_ERROR").await;
    database.execute_batch("DROP TRIGGER fail_tokens;").unwrap();

    // The code's time step was not recorded and the partial token not spent: the same code
    // with the same token now succeeds.
    let tokens = ok_json(server.authenticate_totp_code(&partial, &code).await).await;
    assert!(tokens["accessToken"].is_string());
}

/// A minimal SMTP relay on 127.0.0.1 that hands every received message to the test.
fn fake_smtp_relay() -> (String, std::sync::mpsc::Receiver<String>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut writer = stream.unwrap();
            let mut reader = BufReader::new(writer.try_clone().unwrap());
            writer.write_all(b"220 fake relay\r\n").unwrap();
            let mut message = String::new();
            let mut in_data = false;
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 {
                if in_data {
                    if line == ".\r\n" {
                        in_data = false;
                        writer.write_all(b"250 queued\r\n").unwrap();
                        sender.send(std::mem::take(&mut message)).unwrap();
                    } else {
                        message.push_str(&line);
                    }
                } else if line.starts_with("DATA") {
                    in_data = true;
                    writer.write_all(b"354 go ahead\r\n").unwrap();
                } else if line.starts_with("QUIT") {
                    writer.write_all(b"221 bye\r\n").unwrap();
                    break;
                } else {
                    writer.write_all(b"250 ok\r\n").unwrap();
                }
                line.clear();
            }
        }
    });
    (address, receiver)
}

#[tokio::test]
async fn code_mails_go_through_a_configured_smtp_relay() {
    let (relay, mails) = fake_smtp_relay();
    let server = TestServer::start_with("smtp", |config| config.smtp_relay = Some(relay)).await;
    server.add_user("olga").await;
    let access = server.access_token("olga").await;
    let setup = server.setup_email(&access, "olga@example.org").await;
    ok_json(setup).await;

    let message =
        tokio::task::spawn_blocking(move || mails.recv_timeout(std::time::Duration::from_secs(30)))
            .await
            .unwrap()
            .expect("the relay received the mail");
    assert!(message.contains("To: olga@example.org"), "{message}");
    let code: String = message
        .split("verification code is ")
        .nth(1)
        .unwrap()
        .chars()
        .take(6)
        .collect();
    let enabled = server
        .post(
            "/user/2fa/email-otp/enable",
            &access,
            json!({ "otp": code }),
        )
        .await;
    assert_eq!(
        ok_json(enabled).await["recoveryCodes"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
}
