//! The README's commands: `run` and `test`.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::shell::{Result, cmd, root, run as run_cmd, target_dir};
use crate::{bootstrap, npm};

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
    let server = target_dir().join("server/mfa-server");
    let server = server
        .to_str()
        .ok_or("the target folder's path is not UTF-8")?;
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

/// The steps of `cargo xtask test` run so far; every step runs even when an earlier one failed.
struct Steps(Vec<Outcome>);

impl Steps {
    /// Runs one step, records its outcome and says whether it passed.
    fn call(&mut self, name: &'static str, work: impl FnOnce() -> Result) -> bool {
        eprintln!("\n==> {name}");
        let begun = Instant::now();
        let result = work();
        if let Err(err) = &result {
            eprintln!("xtask: {err}");
        }
        self.0.push(Outcome {
            name,
            passed: result.is_ok(),
            took: begun.elapsed(),
        });
        result.is_ok()
    }

    fn run(&mut self, name: &'static str, command: &mut Command) -> bool {
        self.call(name, || run_cmd(name, command))
    }
}

pub fn test() -> Result {
    let started = Instant::now();
    let took = bootstrap::ensure()?;
    let mut steps = Steps(vec![Outcome {
        name: "bootstrap",
        passed: true,
        took,
    }]);

    let native_excludes: Vec<&str> = WASM_ONLY.iter().flat_map(|c| ["--exclude", c]).collect();
    let with = |base: &[&'static str], extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(extra).copied().collect()
    };

    steps.run(
        "cargo fmt --check",
        &mut cmd("cargo", &["fmt", "--all", "--check"]),
    );
    steps.run(
        "clippy (native)",
        &mut cmd(
            "cargo",
            &with(
                &["clippy", "--workspace", "--all-targets"],
                &[&native_excludes[..], &["--", "-D", "warnings"]].concat(),
            ),
        ),
    );
    steps.run(
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
    steps.run(
        "native tests",
        &mut cmd("cargo", &with(&["test", "--workspace"], &native_excludes)),
    );
    for (name, krate) in [
        ("otp-wasm in Chromium + Firefox", "crates/otp-wasm"),
        ("mfa-wizard in Chromium + Firefox", "crates/mfa-wizard"),
    ] {
        steps.run(
            name,
            &mut cmd(
                "wasm-pack",
                &["test", "--headless", "--chrome", "--firefox", krate],
            ),
        );
    }
    // tests/npm/ installs the tarball this writes (target/npm/otp-wasm.tgz) during `npm test`.
    steps.call("pack npm package", npm::pack);
    let wizard_built = steps.run(
        "trunk build --release",
        &mut cmd("trunk", &["build", "--release"]),
    );
    let server_built = steps.run(
        "build mfa-server",
        &mut cmd("cargo", &["build", "-p", "mfa-server"]),
    );
    let built = wizard_built && server_built;
    steps.call("Cognito endpoint with boto3", || {
        if !server_built {
            return Err("skipped: the server did not build".into());
        }
        // pytest exits 5 when it collected no test: any non-zero exit fails the step.
        run_cmd(
            "Cognito endpoint with boto3",
            Command::new(bootstrap::python())
                .args(["-m", "pytest", "-p", "no:cacheprovider", "tests/cognito"])
                .current_dir(root())
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .env("MFA_SERVER_BIN", target_dir().join("debug/mfa-server")),
        )
    });
    steps.call("end-to-end (Chromium)", || {
        if !built {
            return Err("skipped: the wizard or the server did not build".into());
        }
        run_cmd(
            "end-to-end (Chromium)",
            cmd("npm", &["test"])
                .current_dir(root().join("tests"))
                .env("MFA_SERVER_BIN", target_dir().join("debug/mfa-server"))
                .env("MFA_DIST", root().join("dist"))
                .env("OTP_WASM_PACKAGE", npm::package_dir())
                .env("OTP_WASM_TGZ", target_dir().join("npm/otp-wasm.tgz")),
        )
    });

    summarize(&steps.0, started.elapsed())
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
