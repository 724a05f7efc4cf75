//! Installs what a fresh machine of this kind lacks. Each check is cheap, so a machine that
//! has everything passes in about a second; each install step names itself when it fails.
//!
//! Everything comes from the package registries (crates.io, Debian, npm, PyPI): prebuilt
//! binaries from elsewhere cannot be fetched on these machines.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use std::path::PathBuf;

use crate::shell::{Result, cargo_bin, cmd, output, root, run, target_dir};

pub const WASM_BINDGEN: &str = "0.2.130";
const TRUNK: &str = "0.21.14";
const APT_PACKAGES: [(&str, &str); 3] = [
    ("/usr/bin/chromium", "chromium"),
    ("/usr/bin/chromedriver", "chromium-driver"),
    ("/usr/bin/firefox-esr", "firefox-esr"),
];
/// Folders whose `package-lock.json` the bootstrap installs with `npm ci`.
const NPM_FOLDERS: [&str; 2] = ["tests", "www"];

/// Runs every check; returns how long the bootstrap took.
pub fn ensure() -> Result<std::time::Duration> {
    let started = Instant::now();
    wasm_target()?;
    cargo_tool(
        "wasm-bindgen",
        WASM_BINDGEN,
        &["wasm-bindgen-cli", "--version", WASM_BINDGEN],
    )?;
    cargo_tool("trunk", TRUNK, &["trunk", "--version", TRUNK, "--locked"])?;
    cargo_tool("wasm-pack", "", &["wasm-pack", "--locked"])?;
    cargo_tool("geckodriver", "", &["geckodriver", "--locked"])?;
    apt_packages()?;
    for folder in NPM_FOLDERS {
        npm_ci(folder)?;
    }
    python_venv()?;
    let took = started.elapsed();
    eprintln!(
        "bootstrap: everything present ({:.1} s)",
        took.as_secs_f64()
    );
    Ok(took)
}

fn wasm_target() -> Result {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    eprintln!("bootstrap: adding the wasm32-unknown-unknown target");
    run(
        "bootstrap: rustup target add wasm32-unknown-unknown",
        &mut cmd("rustup", &["target", "add", "wasm32-unknown-unknown"]),
    )
}

/// `cargo install` unless `binary --version` already reports `version` (any, when empty).
fn cargo_tool(binary: &str, version: &str, install_args: &[&str]) -> Result {
    let path = cargo_bin().join(binary);
    let present = output(path.to_str().unwrap_or(binary), &["--version"])
        .is_some_and(|v| v.contains(version));
    if present {
        return Ok(());
    }
    eprintln!(
        "bootstrap: cargo install {} (this takes minutes)",
        install_args.join(" ")
    );
    let mut args = vec!["install"];
    args.extend_from_slice(install_args);
    run(
        &format!("bootstrap: cargo install {binary}"),
        &mut cmd("cargo", &args),
    )
}

fn apt_packages() -> Result {
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .filter(|(file, _)| !Path::new(file).exists())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("bootstrap: apt-get install {}", missing.join(" "));
    run(
        "bootstrap: apt-get update",
        &mut cmd("apt-get", &["update", "-qq"]),
    )?;
    let mut args = vec!["install", "-y", "-qq"];
    args.extend_from_slice(&missing);
    run(
        "bootstrap: apt-get install",
        cmd("apt-get", &args).env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// `npm ci` when `node_modules` was not installed from the current lock file.
fn npm_ci(folder: &str) -> Result {
    let dir = root().join(folder);
    let lock = dir.join("package-lock.json");
    let Ok(wanted) = std::fs::read(&lock) else {
        return Ok(()); // a folder without npm dependencies
    };
    // npm writes its own copy of the lock; ours records which lock file was installed.
    let stamp = dir.join("node_modules/.xtask-installed-lock");
    if std::fs::read(&stamp).is_ok_and(|have| have == wanted) {
        return Ok(());
    }
    eprintln!("bootstrap: npm ci in {folder}/");
    run(
        &format!("bootstrap: npm ci in {folder}/"),
        cmd("npm", &["ci", "--no-audit", "--no-fund"]).current_dir(&dir),
    )?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("bootstrap: writing {stamp:?}: {e}"))
}

/// The Python of the boto3 test: a venv under `target/` with `tests/cognito/requirements.txt`.
pub fn python() -> PathBuf {
    target_dir().join("cognito-venv/bin/python")
}

/// Creates the venv and installs the pinned requirements unless the venv records that it
/// installed this very file (Debian's `python3-venv` first, where the `venv` module lacks it).
fn python_venv() -> Result {
    let requirements = root().join("tests/cognito/requirements.txt");
    let wanted = std::fs::read(&requirements)
        .map_err(|e| format!("bootstrap: reading {requirements:?}: {e}"))?;
    let stamp = target_dir().join("cognito-venv/.xtask-installed-requirements");
    if python().exists() && std::fs::read(&stamp).is_ok_and(|have| have == wanted) {
        return Ok(());
    }
    if output("python3", &["-c", "import venv, ensurepip"]).is_none() {
        eprintln!("bootstrap: apt-get install python3-venv");
        run(
            "bootstrap: apt-get update",
            &mut cmd("apt-get", &["update", "-qq"]),
        )?;
        run(
            "bootstrap: apt-get install python3-venv",
            cmd("apt-get", &["install", "-y", "-qq", "python3-venv"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
    }
    eprintln!("bootstrap: Python venv with tests/cognito/requirements.txt");
    let venv = target_dir().join("cognito-venv");
    run(
        "bootstrap: python3 -m venv",
        cmd("python3", &["-m", "venv"]).arg(&venv),
    )?;
    run(
        "bootstrap: pip install -r tests/cognito/requirements.txt",
        Command::new(python())
            .args([
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements),
    )?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("bootstrap: writing {stamp:?}: {e}"))
}
