//! Test harness: the server in-process on an ephemeral 127.0.0.1 port, with a manual clock.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use mfa_server::clock::{Clock, ManualClock};
use mfa_server::core::Core;
use mfa_server::core::model::TotpParams;
use mfa_server::core::totp;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

/// 2026-01-01T00:00:00Z, the start of a 30-second time step.
pub const START_MS: i64 = 1_767_225_600_000;

pub struct TestServer {
    pub base: String,
    pub clock: Arc<ManualClock>,
    pub core: Arc<Core>,
    pub http: reqwest::Client,
    pub dir: PathBuf,
}

pub fn temp_dir(name: &str) -> PathBuf {
    let unique = format!(
        "mfa-test-{name}-{}-{}",
        std::process::id(),
        mfa_server::clock::SystemClock.now_ms()
    );
    let dir = std::env::temp_dir().join(unique);
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    std::fs::write(
        dir.join("dist/index.html"),
        "<h1>wizard shell</h1><script type=\"module\">start()</script>",
    )
    .unwrap();
    dir
}

impl TestServer {
    pub async fn start(name: &str) -> Self {
        Self::start_with(name, |_| {}).await
    }

    pub async fn start_with(name: &str, adjust: impl FnOnce(&mut mfa_server::Config)) -> Self {
        let dir = temp_dir(name);
        let mut config = mfa_server::Config::new(dir.join("data"));
        config.static_dir = dir.join("dist");
        config.www_dir = dir.join("dist");
        adjust(&mut config);
        let clock = Arc::new(ManualClock::starting_at(START_MS));
        // A cheaper argon2id cost keeps unoptimized test builds quick; the restart test runs
        // the binary with the default cost.
        let settings = mfa_server::core::Settings {
            password_cost: argon2_cost(),
            ..Default::default()
        };
        let core = mfa_server::open_core_with(&config, clock.clone(), settings).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let served = core.clone();
        tokio::spawn(async move { mfa_server::serve_core(listener, &config, served).await });
        Self {
            base,
            clock,
            core,
            http: reqwest::Client::new(),
            dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request to `/eniris{path}` with an optional bearer token and JSON body.
    pub async fn eniris(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        eniris_request(&self.http, &self.base, method, path, token, body).await
    }

    /// An authenticated JSON POST, the most common request of these tests.
    pub async fn post(&self, path: &str, token: &str, body: Value) -> Response {
        self.eniris(Method::POST, path, Some(token), Some(body))
            .await
    }

    /// An authenticated GET without a body.
    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.eniris(Method::GET, path, Some(token), None).await
    }

    /// An authenticated DELETE without a body.
    pub async fn delete(&self, path: &str, token: &str) -> Response {
        self.eniris(Method::DELETE, path, Some(token), None).await
    }

    /// `POST /user/2fa/totp/authenticate` with the code of the clock's current step.
    pub async fn authenticate_totp(&self, token: &str, secret: &[u8]) -> Response {
        self.authenticate_totp_code(token, &self.code(secret)).await
    }

    /// `POST /user/2fa/totp/authenticate` with `code`.
    pub async fn authenticate_totp_code(&self, token: &str, code: &str) -> Response {
        let body = json!({ "totp": code });
        self.post("/user/2fa/totp/authenticate", token, body).await
    }

    pub async fn add_user(&self, username: &str) {
        let core = self.core.clone();
        let username = username.to_owned();
        tokio::task::spawn_blocking(move || {
            core.create_account(
                &username,
                &format!("{username}@example.com"),
                "correct horse",
            )
            .unwrap()
        })
        .await
        .unwrap();
    }

    pub async fn login(&self, username: &str, password: &str) -> Response {
        self.eniris(
            Method::POST,
            "/auth/login",
            None,
            Some(json!({ "username": username, "password": password })),
        )
        .await
    }

    /// Logs in (no 2FA) and trades the refresh token for an access token.
    pub async fn access_token(&self, username: &str) -> String {
        let refresh = ok_text(self.login(username, "correct horse").await).await;
        ok_text(self.get("/auth/accesstoken", &refresh).await).await
    }

    /// Starts TOTP setup and returns the secret from the returned URI.
    pub async fn setup_totp(&self, token: &str) -> Vec<u8> {
        let body = ok_json(self.post("/user/2fa/totp/setup", token, json!({})).await).await;
        secret_of(body["url"].as_str().unwrap())
    }

    /// Asks for email OTP setup at `address` (the response is the test's to check).
    pub async fn setup_email(&self, token: &str, address: &str) -> Response {
        self.post(
            "/user/2fa/email-otp/setup",
            token,
            json!({ "email": address }),
        )
        .await
    }

    /// The code for the manual clock's current time step.
    pub fn code(&self, secret: &[u8]) -> String {
        code_at_ms(secret, self.clock.now_ms())
    }

    /// A user with active TOTP; returns (secret, recovery codes). The clock is left one step
    /// after the enabling code, so a fresh code is available.
    pub async fn user_with_totp(&self, username: &str) -> (Vec<u8>, Vec<String>) {
        self.add_user(username).await;
        let access = self.access_token(username).await;
        let secret = self.setup_totp(&access).await;
        let body = json!({ "totp": self.code(&secret) });
        let enabled = ok_json(self.post("/user/2fa/totp/enable", &access, body).await).await;
        self.clock.advance_secs(30);
        let codes = enabled["recoveryCodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect();
        (secret, codes)
    }

    /// Logs in a TOTP user completely; returns `{accessToken, refreshToken, sudoToken}`.
    pub async fn login_with_totp(&self, username: &str, secret: &[u8]) -> Value {
        let partial = ok_text(self.login(username, "correct horse").await).await;
        let tokens = ok_json(self.authenticate_totp(&partial, secret).await).await;
        self.clock.advance_secs(30);
        tokens
    }

    pub async fn outbox(&self) -> Vec<Value> {
        let response = self.http.get(self.url("/dev/outbox")).send().await.unwrap();
        ok_json(response).await.as_array().unwrap().clone()
    }
}

fn argon2_cost() -> argon2::Params {
    argon2::Params::new(4 * 1024, 1, 1, None).unwrap()
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A request to `{base}/eniris{path}` with an optional bearer token and JSON body.
pub async fn eniris_request(
    http: &reqwest::Client,
    base: &str,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Response {
    let mut request = http.request(method, format!("{base}/eniris{path}"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

pub fn code_at_ms(secret: &[u8], now_ms: i64) -> String {
    let params = TotpParams::default();
    let step = totp::time_step(now_ms / 1000, params);
    totp::code_at(secret, step as u64, params).unwrap()
}

/// The base32 `secret` parameter of an `otpauth://` URI, decoded.
pub fn secret_of(uri: &str) -> Vec<u8> {
    let secret = uri
        .split(['?', '&'])
        .find_map(|part| part.strip_prefix("secret="))
        .expect("URI has a secret");
    data_encoding::BASE32_NOPAD
        .decode(secret.as_bytes())
        .unwrap()
}

pub async fn ok_text(response: Response) -> String {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "body: {text}");
    text
}

pub async fn ok_json(response: Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "body: {text}");
    serde_json::from_str(&text).unwrap()
}

/// Asserts the Eniris error shape and returns the body.
pub async fn error(response: Response, status: u16, message: &str) -> Value {
    assert_eq!(response.status().as_u16(), status);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["statusCode"], status);
    assert_eq!(body["message"], message, "body: {body}");
    assert!(body["error"].is_string());
    body
}
