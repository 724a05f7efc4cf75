//! The real binary, stopped and started again: every piece of state survives.

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use mfa_server::clock::{Clock, SystemClock};
use reqwest::Client;
use serde_json::json;
use support::eniris_request as call;
use support::{code_at_ms, ok_json, ok_text, secret_of, temp_dir};

struct Process {
    child: Child,
    base: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `mfa-server serve` on port 0 and reads the address it prints.
fn spawn(dir: &Path) -> Process {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mfa-server"))
        .args(["serve", "--listen", "127.0.0.1:0", "--dev"])
        .arg("--data")
        .arg(dir.join("data"))
        .arg("--static")
        .arg(dir.join("dist"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines.next().expect("server printed its address").unwrap();
        if let Some(address) = line.strip_prefix("listening on ") {
            break address.to_owned();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Process { child, base }
}

/// Trades a refresh token for an access token.
async fn access_token(http: &Client, base: &str, refresh: &str) -> String {
    let response = call(
        http,
        base,
        reqwest::Method::GET,
        "/auth/accesstoken",
        Some(refresh),
        None,
    );
    ok_text(response.await).await
}

/// Every mail in the dev outbox, as the JSON text the server sent.
async fn outbox(http: &Client, base: &str) -> String {
    let response = http.get(format!("{base}/dev/outbox")).send().await.unwrap();
    ok_text(response).await
}

fn now_code(secret: &[u8]) -> String {
    code_at_ms(secret, SystemClock.now_ms())
}

#[tokio::test]
async fn state_survives_a_restart_of_the_server_process() {
    use reqwest::Method;
    let dir = temp_dir("restart");
    let http = Client::new();
    let login = json!({ "username": "demo", "password": "demo-password" });

    let first = spawn(&dir);
    let base = first.base.clone();
    let refresh = ok_text(
        call(
            &http,
            &base,
            Method::POST,
            "/auth/login",
            None,
            Some(login.clone()),
        )
        .await,
    )
    .await;
    let access = access_token(&http, &base, &refresh).await;
    let mail = call(
        &http,
        &base,
        Method::POST,
        "/user/2fa/email-otp/setup",
        Some(&access),
        Some(json!({ "email": "demo@example.com" })),
    )
    .await;
    assert_eq!(mail.status(), 200);
    let setup = ok_json(
        call(
            &http,
            &base,
            Method::POST,
            "/user/2fa/totp/setup",
            Some(&access),
            Some(json!({})),
        )
        .await,
    )
    .await;
    let secret = secret_of(setup["url"].as_str().unwrap());
    let enabled = ok_json(
        call(
            &http,
            &base,
            Method::POST,
            "/user/2fa/totp/enable",
            Some(&access),
            Some(json!({ "totp": now_code(&secret) })),
        )
        .await,
    )
    .await;
    let recovery_codes = enabled["recoveryCodes"].as_array().unwrap().clone();
    // Throttle the TOTP method: five wrong codes (a code never equals all three window codes).
    let wrong = (0..4)
        .map(|n| n.to_string().repeat(6))
        .find(|candidate| {
            let now = SystemClock.now_ms();
            (-1..=1).all(|delta| code_at_ms(&secret, now + delta * 30_000) != *candidate)
        })
        .unwrap();
    for _ in 0..5 {
        let response = call(
            &http,
            &base,
            Method::POST,
            "/user/2fa/totp/authenticate",
            Some(&access),
            Some(json!({ "totp": wrong })),
        )
        .await;
        assert_eq!(response.status(), 401);
    }
    let mails_before = outbox(&http, &base).await;
    assert!(mails_before.contains("demo@example.com"), "{mails_before}");
    drop(first);

    let key_mode = std::fs::metadata(dir.join("data/secret.key")).unwrap();
    #[cfg(unix)]
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&key_mode.permissions()) & 0o777,
        0o600
    );

    let second = spawn(&dir);
    let base = second.base.clone();
    // The old refresh token still works, 2FA is still on, the throttle is still counting.
    let access = access_token(&http, &base, &refresh).await;
    let status =
        ok_json(call(&http, &base, Method::GET, "/user/2fa", Some(&access), None).await).await;
    assert_eq!(status["enabled"], true);
    assert_eq!(status["recoveryCodes"]["remaining"], 10);
    let next = ok_json(
        call(
            &http,
            &base,
            Method::GET,
            "/user/2fa/totp/next-guess",
            Some(&access),
            None,
        )
        .await,
    )
    .await;
    assert!(next["duration"].as_u64().unwrap() > 0, "{next}");
    let blocked = call(
        &http,
        &base,
        Method::POST,
        "/user/2fa/totp/authenticate",
        Some(&access),
        Some(json!({ "totp": now_code(&secret) })),
    )
    .await;
    assert_eq!(blocked.status(), 429);

    let response = call(&http, &base, Method::POST, "/auth/login", None, Some(login)).await;
    assert_eq!(
        response.headers()["x-two-factor-required"],
        "totp,recovery-code"
    );
    let partial = ok_text(response).await;
    let code = recovery_codes[0].as_str().unwrap();
    let tokens = ok_json(
        call(
            &http,
            &base,
            Method::POST,
            "/user/2fa/recovery-code/authenticate",
            Some(&partial),
            Some(json!({ "recoveryCode": code })),
        )
        .await,
    )
    .await;
    assert!(tokens["sudoToken"].is_string());
    let mails_after = outbox(&http, &base).await;
    assert_eq!(mails_after, mails_before);
    drop(second);
    let _ = std::fs::remove_dir_all(dir);
}
