//! `cargo xtask bench-server`: load benchmark of the MFA server's TOTP verification.
//!
//! Runs the `bench` example of `mfa-server` in the fast `server` profile; extra arguments
//! (`--clients`, `--accounts-per-client`, `--rounds`, `--max-secs`) are passed through.
//! Loopback only: the example serves and loads 127.0.0.1 in one process.

use crate::shell::{self, Result};

pub fn bench_server(args: &[String]) -> Result {
    let mut cargo_args = vec![
        "run",
        "--quiet",
        "-p",
        "mfa-server",
        "--profile",
        "server",
        "--example",
        "bench",
        "--",
    ];
    cargo_args.extend(args.iter().map(String::as_str));
    shell::run("bench-server", &mut shell::cmd("cargo", &cargo_args))
}
