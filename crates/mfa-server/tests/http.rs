//! HTTP hygiene: static files, 404s, CORS, security headers, dev-only endpoints.

mod support;

use support::TestServer;

#[tokio::test]
async fn healthz_spa_fallback_and_404s() {
    let server = TestServer::start("static").await;

    let health = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), "ok");

    // A client-side route is not a file: the wizard's index.html answers it.
    let deep = reqwest::get(server.url("/setup/verify")).await.unwrap();
    assert_eq!(deep.status(), 200);
    assert!(deep.text().await.unwrap().contains("wizard shell"));

    // A missing asset is not answered with HTML.
    assert_eq!(
        reqwest::get(server.url("/missing.js"))
            .await
            .unwrap()
            .status(),
        404
    );

    let unknown_api = reqwest::get(server.url("/eniris/user/nothing-here"))
        .await
        .unwrap();
    assert_eq!(unknown_api.status(), 404);
    let body: serde_json::Value = unknown_api.json().await.unwrap();
    assert_eq!(body["statusCode"], 404);
    assert_eq!(
        body["message"],
        "Route GET:/eniris/user/nothing-here not found"
    );

    // Not in dev mode: no outbox.
    assert_eq!(
        reqwest::get(server.url("/dev/outbox"))
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn static_files_are_gzipped_for_clients_that_accept_it() {
    let server = TestServer::start("gzip").await;
    let client = reqwest::Client::new();
    let get = |encoding: &'static str| {
        client
            .get(server.url("/"))
            .header("accept-encoding", encoding)
            .send()
    };
    let gzipped = get("gzip").await.unwrap();
    assert_eq!(gzipped.headers()["content-encoding"], "gzip");
    let body = gzipped.bytes().await.unwrap();
    assert_eq!(
        &body[..2],
        &[0x1f, 0x8b],
        "a gzip member starts with its magic bytes"
    );

    let plain = get("identity").await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert!(plain.text().await.unwrap().contains("wizard shell"));
}

#[tokio::test]
async fn a_stored_gzip_copy_is_sent_instead_of_compressing_again() {
    let server = TestServer::start("precompressed").await;
    let dist = server.dir.join("dist");
    std::fs::write(dist.join("app.wasm"), b"\0asm plain module").unwrap();
    // Not a gzip of the file above: the bytes prove which of the two was sent.
    let stored = b"\x1f\x8b stored copy";
    std::fs::write(dist.join("app.wasm.gz"), stored).unwrap();
    let get = |encoding: &'static str| {
        server
            .http
            .get(server.url("/app.wasm"))
            .header("accept-encoding", encoding)
            .send()
    };

    let gzipped = get("gzip, br").await.unwrap();
    assert_eq!(gzipped.headers()["content-encoding"], "gzip");
    assert_eq!(gzipped.headers()["content-type"], "application/wasm");
    assert_eq!(&gzipped.bytes().await.unwrap()[..], stored);

    let plain = get("identity").await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(&plain.bytes().await.unwrap()[..], b"\0asm plain module");
}

#[tokio::test]
async fn static_files_carry_a_csp_that_allows_the_wasm_loader() {
    let server = TestServer::start("csp").await;
    let response = reqwest::get(server.url("/")).await.unwrap();
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    assert!(!csp.contains("script-src 'unsafe-inline'"));
    // sha256 of the inline loader `start()` in the test index.html.
    assert!(
        csp.contains("'sha256-DIm7WJS6ZKDYe5qFLPy+h4JFI9Bol5QmYC57mt3Fb00='"),
        "{csp}"
    );
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers()["x-frame-options"], "DENY");
}

#[tokio::test]
async fn cors_allows_listed_and_dev_localhost_origins_only() {
    let listed = TestServer::start_with("cors", |config| {
        config.cors_origins = vec!["https://app.example".into()];
    })
    .await;
    let preflight = |server: &TestServer, origin: &str| {
        server
            .http
            .request(reqwest::Method::OPTIONS, server.url("/eniris/auth/login"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type,authorization",
            )
            .send()
    };
    let allowed = preflight(&listed, "https://app.example").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://app.example"
    );
    let refused = preflight(&listed, "http://localhost:3000").await.unwrap();
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );

    let dev = TestServer::start_with("cors-dev", |config| config.dev = true).await;
    let local = preflight(&dev, "http://localhost:3000").await.unwrap();
    assert_eq!(
        local.headers()["access-control-allow-origin"],
        "http://localhost:3000"
    );
    let remote = preflight(&dev, "https://evil.example").await.unwrap();
    assert!(
        remote
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}

#[tokio::test]
async fn dev_mode_seeds_the_demo_account_and_lists_mails() {
    let server = TestServer::start_with("dev", |config| config.dev = true).await;
    let refresh = support::ok_text(server.login("demo", "demo-password").await).await;
    assert!(!refresh.is_empty());
    let outbox = reqwest::get(server.url("/dev/outbox")).await.unwrap();
    assert_eq!(outbox.status(), 200);
    assert_eq!(
        outbox.json::<serde_json::Value>().await.unwrap(),
        serde_json::json!([])
    );
}
