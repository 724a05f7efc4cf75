//! `cargo xtask measure-wizard`: the wizard's two budgets from issue 5.
//!
//! - Download: everything the browser fetches for the wizard (wasm + JS + CSS in `dist/`,
//!   each as the `.gz` copy Trunk's post-build hook writes and the server sends) must stay
//!   within 150 KB.
//! - First render: from navigation start to the first painted frame of the sign-in form in
//!   headless Chromium, median of several cold loads (fresh browser contexts), within 500 ms.
//!   The page is served on 127.0.0.1 by the server as `cargo xtask run` builds it (the `server`
//!   profile), so the server's own cost is that of the build people run.

use std::path::Path;

use crate::bootstrap;
use crate::shell::{Result, cmd, root, run, target_dir};

const DOWNLOAD_BUDGET: usize = 150 * 1024;
const FIRST_RENDER_BUDGET_MS: f64 = 500.0;

/// The wasm, JavaScript and CSS files of the built wizard with the sizes of their `.gz`
/// copies: the bytes the server sends, already compressed by the build, so not again here. A
/// missing copy is an error, since the server would then send the file uncompressed.
fn download_sizes(dist: &Path) -> Result<Vec<(String, usize)>> {
    let mut sizes = Vec::new();
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let counted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "wasm" | "js" | "css"));
        if counted {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let copy = dist.join(format!("{name}.gz"));
            let size = std::fs::metadata(&copy)
                .map_err(|e| format!("{}: {e} (trunk build writes it)", copy.display()))?
                .len();
            sizes.push((name, usize::try_from(size).unwrap_or(usize::MAX)));
        }
    }
    sizes.sort();
    Ok(sizes)
}

/// The median first render in ms, from the Node script's closing line.
fn first_render_ms(dist: &Path) -> Result<f64> {
    let server = target_dir().join("server/mfa-server");
    let out = cmd("node", &["e2e/measure-wizard.mjs"])
        .current_dir(root().join("tests"))
        .env("MFA_SERVER_BIN", &server)
        .env("MFA_DIST", dist)
        .output()
        .map_err(|e| format!("node: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprint!("{stdout}");
    if !out.status.success() {
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
        return Err("measuring the first render failed".into());
    }
    stdout
        .lines()
        .find_map(|line| line.strip_prefix("first-render-ms "))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| "no first-render-ms line in the script's output".into())
}

pub fn measure() -> Result {
    bootstrap::ensure()?;
    run(
        "trunk build --release",
        &mut cmd("trunk", &["build", "--release"]),
    )?;
    run(
        "build mfa-server",
        &mut cmd(
            "cargo",
            &["build", "--profile", "server", "-p", "mfa-server"],
        ),
    )?;
    let dist = root().join("dist");

    let sizes = download_sizes(&dist)?;
    let total: usize = sizes.iter().map(|(_, size)| size).sum();
    eprintln!("\n{:<48} {:>10}", "wizard download (gzip -9)", "bytes");
    for (name, size) in &sizes {
        eprintln!("{name:<48} {size:>10}");
    }
    let size_ok = total <= DOWNLOAD_BUDGET;
    let verdict = |ok: bool| if ok { "ok" } else { "OVER BUDGET" };
    eprintln!(
        "{:<48} {total:>10}  ({:.1} KB of {} KB: {})\n",
        "total",
        total as f64 / 1024.0,
        DOWNLOAD_BUDGET / 1024,
        verdict(size_ok)
    );

    // Timings on a shared machine mean little without its load.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let render = first_render_ms(&dist)?;
    let render_ok = render <= FIRST_RENDER_BUDGET_MS;
    println!(
        "xtask: wizard download {:.1} KB gzip (budget {} KB: {}), first render {render:.0} ms median (budget {FIRST_RENDER_BUDGET_MS:.0} ms: {}; load average before: {load})",
        total as f64 / 1024.0,
        DOWNLOAD_BUDGET / 1024,
        verdict(size_ok),
        verdict(render_ok)
    );
    if size_ok && render_ok {
        Ok(())
    } else {
        Err("the wizard is over a budget".into())
    }
}
