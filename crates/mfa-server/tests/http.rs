//! Real HTTP against the server on an ephemeral 127.0.0.1 port.

use mfa_server::Config;

async fn start(static_dir: &std::path::Path) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config {
        static_dir: static_dir.to_owned(),
        www_dir: static_dir.to_owned(),
        dev: false,
    };
    tokio::spawn(mfa_server::serve(listener, config));
    format!("http://{addr}")
}

fn temp_dist(html: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mfa-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), html).unwrap();
    dir
}

#[tokio::test]
async fn healthz_and_spa_fallback() {
    let dist = temp_dist("<h1>wizard shell</h1>");
    let base = start(&dist).await;

    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), "ok");

    // A client-side route is not a file: the wizard's index.html answers it.
    let deep = reqwest::get(format!("{base}/setup/verify")).await.unwrap();
    assert_eq!(deep.status(), 200);
    assert!(deep.text().await.unwrap().contains("wizard shell"));
}
