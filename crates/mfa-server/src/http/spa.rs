//! The built wizard with client-side routing, and `www/`.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Serves files of `dir`; a GET for a path whose last segment has no extension (a wizard
/// route such as `/setup/verify`) gets `index.html`. Anything else missing is a 404, so a
/// mistyped asset or API path is not answered with HTML.
#[derive(Clone)]
pub struct SinglePageApp {
    dir: PathBuf,
}

impl SinglePageApp {
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_owned(),
        }
    }

    pub async fn serve(self, request: Request) -> Response {
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            return StatusCode::NOT_FOUND.into_response();
        }
        let last_segment = request.uri().path().rsplit('/').next().unwrap_or("");
        // The wizard's build writes `.gz` copies of its wasm, JS and CSS: sending those saves
        // compressing the ~500 KB wasm on every load (100-200 ms of first render on a busy host).
        let files = ServeDir::new(&self.dir).precompressed_gzip();
        let result = if last_segment.contains('.') {
            files.oneshot(request).await
        } else {
            files
                .fallback(ServeFile::new(self.dir.join("index.html")))
                .oneshot(request)
                .await
        };
        match result {
            Ok(response) => response.map(Body::new),
            Err(never) => match never {},
        }
    }
}
