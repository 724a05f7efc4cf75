//! The Rust parser as an oracle for the npm package's JavaScript one
//! (tests/npm/uri-differential.test.mjs): reads one JSON string (a URI) per line on stdin and
//! writes one JSON line per input, `{"lenient": OUTCOME, "strict": OUTCOME}`, each OUTCOME in
//! the `expect` form of tests/vectors/otpauth-uris.json (the fields and warning codes, or
//! `{"error": MESSAGE}`). A line that is not a JSON string gets `{"input": MESSAGE}` instead,
//! so the caller's lines and the answers stay paired.
//!
//! ```sh
//! echo '"otpauth://totp/a?secret=JBSWY3DP"' | cargo run -q -p otp --example uri_oracle
//! ```

// serde_json is a native-only dev-dependency, and this reads stdin: nothing to run in wasm,
// where `clippy --all-targets` still builds it.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
#[path = "shared/uri_outcome.rs"]
mod uri_outcome;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::io::Result<()> {
    use otp::{Mode, uri::parse};
    use std::io::{BufRead, BufWriter, Write};
    use uri_outcome::outcome;

    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in std::io::stdin().lock().lines() {
        let answer = match serde_json::from_str::<String>(&line?) {
            Ok(uri) => serde_json::json!({
                "lenient": outcome(parse(&uri, Mode::Lenient)),
                "strict": outcome(parse(&uri, Mode::Strict)),
            }),
            Err(error) => serde_json::json!({ "input": error.to_string() }),
        };
        writeln!(out, "{answer}")?;
    }
    out.flush()
}
