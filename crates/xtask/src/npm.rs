//! The npm package made from `crates/otp-wasm`: `pack`, `size` and `bench`.
//!
//! The package holds two wasm modules built from the same crate with different features
//! (`core`: codes, secrets, URIs; `full`: the same plus QR SVG), so the `otp-wasm/core` entry
//! downloads no QR code and the main entry one module: two modules side by side each carried
//! their own allocator, runtime and glue (~5 KB gzip more). Each is run through binaryen's
//! `wasm-opt`; `js/glue.js` is its JavaScript side (`otp_core.js`, `otp_full.js`) and
//! `api.js` is written twice, once per module (`api.full.js` imports `otp_full.js`).

use std::fs;
use std::path::{Path, PathBuf};

use crate::bootstrap;
use crate::shell::{Result, cmd, gzipped, output, root, run, target_dir};

/// Each wasm build's name (`otp_core.js`, `otp_full.js`, ...) and cargo features.
const BUILDS: [(&str, &str); 2] = [("core", "core,tiny"), ("full", "core,qr,tiny")];

/// binaryen's size passes for both modules. `--low-memory-unused` lets it fold constant
/// offsets into loads and stores: rustc puts the 1 MiB stack first, growing down from 1 MiB,
/// so the lowest KiB is only ever touched by a stack overflow (the module does not recurse).
const WASM_OPT: [&str; 10] = [
    "-Oz",
    "--converge",
    "--low-memory-unused",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--strip-debug",
    "--strip-producers",
    "--strip-target-features",
];

/// The package's JavaScript entry points (see `exports` in `js/package.json`), each bundled.
const ENTRY_POINTS: [&str; 4] = ["browser.js", "node.js", "core.browser.js", "core.node.js"];

/// The files a browser downloads for each entry point, and the gzip -9 budgets.
const ENTRIES: [(&str, &[&str], usize); 2] = [
    (
        "otp-wasm (with QR)",
        &["browser.js", "otp_full_bg.wasm"],
        20 * 1024,
    ),
    (
        "otp-wasm/core",
        &["core.browser.js", "otp_core_bg.wasm"],
        10 * 1024,
    ),
];

/// The unpacked package folder that `pack` fills (also what the benchmark imports).
pub fn package_dir() -> PathBuf {
    target_dir().join("npm/package")
}

fn path_arg(path: &Path) -> Result<&str> {
    path.to_str()
        .ok_or_else(|| format!("{} is not UTF-8", path.display()))
}

/// Runs the bootstrap only when a tool these commands need is missing, so that `pack` inside
/// `cargo xtask test` (which has bootstrapped already) costs no second check.
fn ensure_tools() -> Result {
    let present = output("wasm-opt", &["--version"]).is_some()
        && output("esbuild", &["--version"]).is_some()
        && root().join("tests/node_modules/otpauth").exists();
    if present {
        Ok(())
    } else {
        bootstrap::ensure().map(|_| ())
    }
}

/// `cargo xtask pack`: builds both wasm modules and writes `target/npm/otp-wasm-<version>.tgz`,
/// plus a copy named `otp-wasm.tgz` for the tests in `tests/npm/`.
pub fn pack() -> Result {
    ensure_tools()?;
    let target = target_dir();
    let package = package_dir();
    if package.exists() {
        fs::remove_dir_all(&package).map_err(|e| format!("clearing {}: {e}", package.display()))?;
    }
    fs::create_dir_all(&package).map_err(|e| format!("creating {}: {e}", package.display()))?;

    let wasm = target.join("wasm32-unknown-unknown/npm/otp_wasm.wasm");
    for (build, features) in BUILDS {
        // One build at a time: both write the same otp_wasm.wasm.
        run(
            &format!("build otp-wasm --features {features}"),
            &mut cmd(
                "cargo",
                &[
                    "build",
                    "-p",
                    "otp-wasm",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--profile",
                    "npm",
                    "--no-default-features",
                    "--features",
                    features,
                ],
            ),
        )?;
        // No wasm-bindgen: the module exports a plain C ABI (src/abi.rs) and js/glue.js is
        // its JavaScript side, written out below once per module.
        let module = package.join(format!("otp_{build}_bg.wasm"));
        let module = path_arg(&module)?;
        run(
            "wasm-opt",
            &mut cmd(
                "wasm-opt",
                &[&WASM_OPT[..], &[path_arg(&wasm)?, "-o", module]].concat(),
            ),
        )?;
    }

    // The JavaScript modules are staged in `npm/src/` and each entry point is bundled from
    // there into one minified file: the budget counts what browsers download, and one file
    // per entry is ~0.5 KB gzip less than its four modules apart.
    let staging = target.join("npm/src");
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| format!("clearing {}: {e}", staging.display()))?;
    }
    fs::create_dir_all(&staging).map_err(|e| format!("creating {}: {e}", staging.display()))?;
    let js = root().join("crates/otp-wasm/js");
    let entries = fs::read_dir(&js).map_err(|e| format!("reading {}: {e}", js.display()))?;
    for entry in entries.flatten() {
        let from = entry.path();
        let name = entry.file_name();
        let read = || fs::read_to_string(&from).map_err(|e| format!("{}: {e}", from.display()));
        let copied = if name == "glue.js" {
            let text = read()?;
            BUILDS.iter().try_for_each(|(build, _)| {
                let glue = text.replace("@WASM@", &format!("otp_{build}_bg.wasm"));
                fs::write(staging.join(format!("otp_{build}.js")), glue)
            })
        } else if name == "api.js" {
            let text = read()?.replace("@VERSION@", env!("CARGO_PKG_VERSION"));
            // The main entry's copy, over the module that also has QR codes.
            fs::write(
                staging.join("api.full.js"),
                text.replace("'./otp_core.js'", "'./otp_full.js'"),
            )
            .and_then(|()| fs::write(staging.join(&name), text))
        } else if name == "package.json" {
            let text = read()?.replace("@VERSION@", env!("CARGO_PKG_VERSION"));
            fs::write(package.join(&name), text)
        } else if from.extension().is_some_and(|ext| ext == "js") {
            fs::copy(&from, staging.join(&name)).map(|_| ())
        } else {
            fs::copy(&from, package.join(&name)).map(|_| ())
        };
        copied.map_err(|e| format!("copying {}: {e}", from.display()))?;
    }
    for entry in ENTRY_POINTS {
        let from = staging.join(entry);
        let to = package.join(entry);
        run(
            &format!("esbuild {entry}"),
            &mut cmd(
                "esbuild",
                &[
                    path_arg(&from)?,
                    "--bundle",
                    "--format=esm",
                    "--minify",
                    "--target=es2022",
                    "--external:node:fs",
                    "--log-level=warning",
                    &format!("--outfile={}", path_arg(&to)?),
                ],
            ),
        )?;
    }

    // The demo page in www/ imports the unpacked package from www/pkg/ (not in git).
    let www_pkg = root().join("www/pkg");
    if www_pkg.exists() {
        fs::remove_dir_all(&www_pkg).map_err(|e| format!("clearing {}: {e}", www_pkg.display()))?;
    }
    fs::create_dir_all(&www_pkg).map_err(|e| format!("creating {}: {e}", www_pkg.display()))?;
    for entry in fs::read_dir(&package)
        .map_err(|e| format!("{}: {e}", package.display()))?
        .flatten()
    {
        fs::copy(entry.path(), www_pkg.join(entry.file_name()))
            .map_err(|e| format!("copying to {}: {e}", www_pkg.display()))?;
    }

    let npm_dir = target.join("npm");
    run(
        "npm pack",
        cmd(
            "npm",
            &[
                "pack",
                "--silent",
                "--pack-destination",
                path_arg(&npm_dir)?,
            ],
        )
        .current_dir(&package),
    )?;
    let tarball = npm_dir.join(format!("otp-wasm-{}.tgz", env!("CARGO_PKG_VERSION")));
    fs::copy(&tarball, npm_dir.join("otp-wasm.tgz"))
        .map_err(|e| format!("copying {}: {e}", tarball.display()))?;
    println!("pack: wrote {}", tarball.display());
    Ok(())
}

/// `cargo xtask size`: packs, then prints what each entry point costs a browser (each file
/// gzip -9 on its own, as the package ships it) against its budget; fails when one is over.
pub fn size() -> Result {
    pack()?;
    let package = package_dir();
    let mut over = Vec::new();
    for (entry, files, budget) in ENTRIES {
        println!("\n{entry}");
        let mut total = 0;
        for file in files {
            let path = package.join(file);
            let raw = fs::metadata(&path)
                .map_err(|e| format!("{}: {e}", path.display()))?
                .len();
            let gz = gzipped(&path)?;
            total += gz;
            println!("  {file:<20} {raw:>7} bytes raw {gz:>7} bytes gzip -9");
        }
        let verdict = if total <= budget { "ok" } else { "OVER" };
        println!(
            "  {:<20} {:>25} {total:>7} bytes gzip -9 (budget {budget}) {verdict}",
            "total", ""
        );
        if total > budget {
            over.push(entry);
        }
    }
    if over.is_empty() {
        Ok(())
    } else {
        Err(format!("over budget: {}", over.join(", ")))
    }
}

/// `cargo xtask bench`: packs, then runs TOTP generate and validate (window 1) for this
/// package, otpauth and otplib side by side in Node and in headless Chromium.
pub fn bench() -> Result {
    pack()?;
    run(
        "benchmark",
        cmd("node", &["bench/run.mjs"])
            .current_dir(root().join("tests"))
            .env("OTP_WASM_PACKAGE", package_dir()),
    )
}
