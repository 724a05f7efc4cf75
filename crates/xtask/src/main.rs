//! `cargo xtask <command>`: the project's two README commands and their helpers.
//!
//! Every command starts with the bootstrap, which installs whatever this machine lacks and
//! takes about a second when everything is present.

mod bootstrap;
mod npm;
mod serverbench;
mod shell;
mod tasks;
mod wizard;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run        bootstrap, build the wizard, start the server with a demo account
  test       bootstrap, then format, lint, native, browser and end-to-end tests
  bootstrap  install whatever is missing (idempotent)
  pack       build the npm package of crates/otp-wasm into target/npm/
  size       pack, then print the package's gzip -9 sizes against the budgets
  bench      pack, then compare TOTP speed with otpauth and otplib (Node + Chromium)
  bench-server  TOTP verifications/s and p99 of mfa-server, 50 clients on 127.0.0.1
  measure-wizard  build the wizard; its gzip download (<= 150 KB) and first render (<= 500 ms)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => tasks::run(),
        Some("test") => tasks::test(),
        Some("bootstrap") => bootstrap::ensure().map(|_| ()),
        Some("pack") => npm::pack(),
        Some("size") => npm::size(),
        Some("bench") => npm::bench(),
        Some("bench-server") => serverbench::bench_server(&args[1..]),
        Some("measure-wizard") => wizard::measure(),
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err}");
            ExitCode::FAILURE
        }
    }
}
