//! The README's commands: `run` and `test`.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::bootstrap;
use crate::shell::{Result, cmd, root, run as run_cmd};

/// Crates that only make sense in a browser; native lint and test steps skip them.
const WASM_ONLY: [&str; 2] = ["otp-wasm", "mfa-wizard"];

pub fn run() -> Result {
    bootstrap::ensure()?;
    build_wizard()?;
    run_cmd(
        "build mfa-server",
        &mut cmd(
            "cargo",
            &["build", "--profile", "server", "-p", "mfa-server"],
        ),
    )?;
    let server = root().join("target/server/mfa-server");
    let server = server.to_str().unwrap_or("target/server/mfa-server");
    // The server prints the URL and the demo login; this call only returns when it stops.
    run_cmd(
        "mfa-server",
        &mut cmd(
            server,
            &[
                "serve",
                "--listen",
                "127.0.0.1:8080",
                "--data",
                "data",
                "--static",
                "dist",
                "--dev",
            ],
        ),
    )
}

fn build_wizard() -> Result {
    run_cmd(
        "trunk build --release",
        &mut cmd("trunk", &["build", "--release"]),
    )
}

/// One line of the closing summary.
struct Outcome {
    name: &'static str,
    passed: bool,
    took: Duration,
}

pub fn test() -> Result {
    let started = Instant::now();
    let took = bootstrap::ensure()?;
    let mut outcomes = vec![Outcome {
        name: "bootstrap",
        passed: true,
        took,
    }];
    let mut step = |name: &'static str, command: &mut Command| {
        eprintln!("\n==> {name}");
        let begun = Instant::now();
        let result = run_cmd(name, command);
        if let Err(err) = &result {
            eprintln!("xtask: {err}");
        }
        outcomes.push(Outcome {
            name,
            passed: result.is_ok(),
            took: begun.elapsed(),
        });
        result.is_ok()
    };

    let native_excludes: Vec<&str> = WASM_ONLY.iter().flat_map(|c| ["--exclude", c]).collect();
    let with = |base: &[&'static str], extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(extra).copied().collect()
    };

    step(
        "cargo fmt --check",
        &mut cmd("cargo", &["fmt", "--all", "--check"]),
    );
    step(
        "clippy (native)",
        &mut cmd(
            "cargo",
            &with(
                &["clippy", "--workspace", "--all-targets"],
                &[&native_excludes[..], &["--", "-D", "warnings"]].concat(),
            ),
        ),
    );
    step(
        "clippy (wasm32)",
        &mut cmd(
            "cargo",
            &[
                "clippy",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "otp",
                "-p",
                "otp-wasm",
                "-p",
                "mfa-wizard",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
    );
    step(
        "native tests",
        &mut cmd("cargo", &with(&["test", "--workspace"], &native_excludes)),
    );
    for (name, krate) in [
        ("otp-wasm in Chromium + Firefox", "crates/otp-wasm"),
        ("mfa-wizard in Chromium + Firefox", "crates/mfa-wizard"),
    ] {
        step(
            name,
            &mut cmd(
                "wasm-pack",
                &["test", "--headless", "--chrome", "--firefox", krate],
            ),
        );
    }
    // tests/npm/ installs the tarball this writes (target/npm/otp-wasm.tgz) during `npm test`.
    step("pack npm package", &mut cmd("cargo", &["xtask", "pack"]));
    let built = step(
        "trunk build --release",
        &mut cmd("trunk", &["build", "--release"]),
    ) & step(
        "build mfa-server",
        &mut cmd("cargo", &["build", "-p", "mfa-server"]),
    );
    if built {
        let server = root().join("target/debug/mfa-server");
        step(
            "end-to-end (Chromium)",
            cmd("npm", &["test"])
                .current_dir(root().join("tests"))
                .env("MFA_SERVER_BIN", server)
                .env("MFA_DIST", root().join("dist")),
        );
    } else {
        outcomes.push(Outcome {
            name: "end-to-end (Chromium)",
            passed: false,
            took: Duration::ZERO,
        });
    }

    summarize(&outcomes, started.elapsed())
}

fn summarize(outcomes: &[Outcome], total: Duration) -> Result {
    eprintln!("\n{:<36} {:>6} {:>9}", "step", "result", "seconds");
    for o in outcomes {
        let result = if o.passed { "ok" } else { "FAILED" };
        eprintln!("{:<36} {:>6} {:>9.1}", o.name, result, o.took.as_secs_f64());
    }
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    eprintln!("{:<36} {:>6} {:>9.1}", "total", "", total.as_secs_f64());
    // The plain closing line CI reads: steps, each of which ran real tests or checks.
    println!(
        "xtask: {} passed, {} failed",
        outcomes.len() - failed,
        failed
    );
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} step(s) failed"))
    }
}
