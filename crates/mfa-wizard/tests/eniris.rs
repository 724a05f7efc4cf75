//! The Eniris dialect against a scripted `fetch` in the browser: which token each call
//! carries, how sign-in with a second factor goes, and how refusals become `ApiError`s.
#![cfg(target_arch = "wasm32")]

use mfa_wizard::backend::{ApiError, Backend, Eniris, Factor, SignIn};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Replaces `window.fetch` with one that answers from `routes` (`"METHOD /path"` to a queue
/// of `[status, body, headers]`) and records `"METHOD /path token body"` per call.
fn script_fetch(routes: &str) {
    let install = js_sys::Function::new_with_args(
        "routes",
        r#"
        window.__calls = [];
        window.__routes = JSON.parse(routes);
        window.fetch = async (input, init) => {
            const req = input instanceof Request ? input : new Request(input, init);
            const path = new URL(req.url).pathname;
            const token = (req.headers.get('Authorization') || '').replace('Bearer ', '');
            const body = req.method === 'GET' ? '' : await req.text();
            window.__calls.push(`${req.method} ${path} ${token} ${body}`.trim());
            const queue = window.__routes[`${req.method} ${path}`] || [];
            const [status, text, headers] = queue.length > 1 ? queue.shift() : (queue[0] || [404, '', {}]);
            return new Response(status === 204 ? null : text, { status, headers });
        };
        "#,
    );
    install
        .call1(&JsValue::NULL, &JsValue::from_str(routes))
        .unwrap();
}

fn calls() -> Vec<String> {
    let window = web_sys::window().unwrap();
    let calls = js_sys::Reflect::get(&window, &"__calls".into()).unwrap();
    js_sys::Array::from(&calls)
        .iter()
        .filter_map(|c| c.as_string())
        .collect()
}

fn fresh_backend(base: &str) -> Eniris {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    Eniris::new(base)
}

#[wasm_bindgen_test]
async fn a_two_factor_sign_in_uses_the_partial_token_once() {
    script_fetch(
        r#"{
        "POST /x/auth/login": [[200, "partial-1", {"X-Two-Factor-Required": "totp,recovery-code"}]],
        "POST /x/user/2fa/totp/authenticate": [[200, "{\"accessToken\":\"acc-1\",\"refreshToken\":\"ref-1\",\"sudoToken\":\"sudo-1\"}", {}]],
        "POST /x/user/2fa/recovery-code/reset": [[200, "{\"recoveryCodes\":[\"A\",\"B\"]}", {}]]
    }"#,
    );
    let eniris = fresh_backend("/x/");
    let outcome = eniris.sign_in("demo", "pw").await.unwrap();
    assert_eq!(
        outcome,
        SignIn::SecondFactor(vec![Factor::Totp, Factor::RecoveryCode])
    );
    assert!(!eniris.signed_in(), "a partial token is no session");
    eniris
        .complete_sign_in(Factor::Totp, "123456")
        .await
        .unwrap();
    assert!(eniris.signed_in() && eniris.reauthenticated());
    // The sign-in's sudo token makes a sensitive change go straight through.
    assert_eq!(
        eniris.regenerate_recovery_codes().await.unwrap(),
        ["A", "B"]
    );
    assert_eq!(
        calls(),
        [
            r#"POST /x/auth/login  {"username":"demo","password":"pw"}"#,
            r#"POST /x/user/2fa/totp/authenticate partial-1 {"totp":"123456"}"#,
            "POST /x/user/2fa/recovery-code/reset sudo-1 {}",
        ]
    );
    // The refresh token survives a reload (a new backend on the same API).
    assert!(Eniris::new("/x").signed_in());
}

#[wasm_bindgen_test]
async fn refusals_become_what_the_person_can_do() {
    script_fetch(
        r#"{
        "POST /y/auth/login": [[200, "refresh-1", {}]],
        "GET /y/auth/accesstoken": [[200, "acc-1", {}], [200, "acc-2", {}]],
        "GET /y/user/2fa": [[401, "{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"INVALID_TOKEN\"}", {}], [200, "{\"enabled\":true,\"totp\":{\"completedAt\":\"2026-11-20T10:00:00Z\"},\"recoveryCodes\":null,\"emailOtp\":null}", {}]],
        "POST /y/user/2fa/totp/enable": [[429, "{\"statusCode\":429,\"error\":\"Too Many Requests\",\"message\":\"TOO_MANY_TOTP_CHECKS\",\"retryAfter\":12}", {"Retry-After": "42"}]],
        "POST /y/user/2fa/totp/setup": [[401, "{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"SUDO_TOKEN_REQUIRED\"}", {}]]
    }"#,
    );
    let eniris = fresh_backend("/y");
    assert_eq!(eniris.sign_in("demo", "pw").await.unwrap(), SignIn::Done);
    // An access token the server no longer takes is renewed once, transparently.
    let status = eniris.status().await.unwrap();
    assert!(status.enabled);
    assert_eq!(status.authenticators.len(), 1);
    // The header wins over the body's retryAfter.
    assert_eq!(
        eniris.activate("123456").await,
        Err(ApiError::RateLimited { seconds: 42 })
    );
    // 2FA is on and no sudo token is held: asking is pointless, the UI must re-authenticate.
    assert_eq!(eniris.begin_setup().await, Err(ApiError::ReauthRequired));
    assert_eq!(
        eniris.remove_authenticator("totp").await,
        Err(ApiError::ReauthRequired)
    );
    let made: Vec<String> = calls()
        .into_iter()
        .map(|c| {
            c.split(' ')
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
                .trim()
                .to_owned()
        })
        .collect();
    assert_eq!(
        made,
        [
            "POST /y/auth/login",
            "GET /y/auth/accesstoken refresh-1",
            "GET /y/user/2fa acc-1",
            "GET /y/auth/accesstoken refresh-1",
            "GET /y/user/2fa acc-2",
            "POST /y/user/2fa/totp/enable acc-2",
        ]
    );
}
