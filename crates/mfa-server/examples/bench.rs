//! Load benchmark of TOTP verification over HTTP (`cargo xtask bench-server`).
//!
//! Seeds `clients x accounts_per_client` accounts with active TOTP, serves the real router
//! on 127.0.0.1, and lets `clients` concurrent HTTP clients call
//! `POST /eniris/user/2fa/totp/authenticate` with valid codes. A manual clock moves forward
//! one 30-second step per round, because replay protection accepts each account's code only
//! once per step; every request of the measured load is therefore a real, accepted
//! verification that writes its replay step and mints three tokens. Afterwards every
//! account's last code is replayed and must be refused: proof that no update was lost.
//!
//! Arguments (all optional): `--clients N` (50), `--accounts-per-client N` (20),
//! `--rounds N` (10), `--max-secs N` (60, stops starting new rounds after this).

use std::sync::Arc;
use std::time::{Duration, Instant};

use mfa_server::clock::ManualClock;
use mfa_server::core::model::{TokenKind, TotpParams};
use mfa_server::core::{Caller, Core, DEFAULT_TOTP_NAME, Settings, totp};
use mfa_server::dialect::eniris::ACCESS_LIFETIME_MS;

const START_MS: i64 = 1_767_225_600_000;

struct Options {
    clients: usize,
    accounts_per_client: usize,
    rounds: usize,
    max_secs: u64,
}

fn options() -> Options {
    let mut options = Options {
        clients: 50,
        accounts_per_client: 20,
        rounds: 10,
        max_secs: 60,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair
            .get(1)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{} needs a number", pair[0]));
        match pair[0].as_str() {
            "--clients" => options.clients = value,
            "--accounts-per-client" => options.accounts_per_client = value,
            "--rounds" => options.rounds = value,
            "--max-secs" => options.max_secs = value as u64,
            other => panic!("unknown argument {other}"),
        }
    }
    options
}

struct Account {
    id: i64,
    secret: Vec<u8>,
}

fn code(secret: &[u8], now_ms: i64) -> String {
    let params = TotpParams::default();
    totp::code_at(
        secret,
        totp::time_step(now_ms / 1000, params) as u64,
        params,
    )
    .unwrap()
}

/// Accounts with active TOTP, created through the core (cheap argon2 cost: the benchmark
/// measures TOTP verification, not password hashing).
fn seed(core: &Core, clock: &ManualClock, count: usize) -> Vec<Account> {
    use mfa_server::clock::Clock;
    (0..count)
        .map(|n| {
            let id = core
                .create_account(&format!("bench{n}"), &format!("bench{n}@example.com"), "pw")
                .unwrap();
            let caller = Caller {
                account_id: id,
                kind: TokenKind::Access,
            };
            let enrollment = core
                .begin_totp_setup(caller, DEFAULT_TOTP_NAME, TotpParams::default())
                .unwrap();
            let secret_text = enrollment
                .uri
                .split(['?', '&'])
                .find_map(|p| p.strip_prefix("secret="))
                .unwrap();
            let secret = data_encoding::BASE32_NOPAD
                .decode(secret_text.as_bytes())
                .unwrap();
            core.activate_totp(id, None, &code(&secret, clock.now_ms()), true)
                .unwrap();
            Account { id, secret }
        })
        .collect()
}

/// User + system CPU seconds this process has used (Linux `/proc/self/stat`), so a run on a
/// busy machine can still be judged by the CPU cost per verification.
fn process_cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() as f64 * fraction).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    use mfa_server::clock::Clock;
    let options = options();
    let dir = std::env::temp_dir().join(format!("mfa-bench-{}", std::process::id()));
    let config = mfa_server::Config::new(dir.join("data"));
    let clock = Arc::new(ManualClock::starting_at(START_MS));
    let settings = Settings {
        password_cost: argon2::Params::new(8, 1, 1, None).unwrap(),
        ..Settings::default()
    };
    let core = mfa_server::open_core_with(&config, clock.clone(), settings)?;

    let total_accounts = options.clients * options.accounts_per_client;
    let seeding = Instant::now();
    let accounts = Arc::new(seed(&core, &clock, total_accounts));
    println!(
        "seeded {total_accounts} accounts with active TOTP in {:.1?}",
        seeding.elapsed()
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!(
        "http://{}/eniris/user/2fa/totp/authenticate",
        listener.local_addr()?
    );
    let served = core.clone();
    tokio::spawn(async move { mfa_server::serve_core(listener, &config, served).await });
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(options.clients * 2)
        .build()?;

    let mut latencies = Vec::new();
    let mut failures = 0usize;
    let mut last_tokens = Vec::new();
    let cpu_before = process_cpu_secs();
    let load = Instant::now();
    let mut rounds = 0;
    while rounds < options.rounds && load.elapsed() < Duration::from_secs(options.max_secs) {
        // A new time step; fresh access tokens (they live 5 minutes) minted outside the timing.
        clock.advance_secs(30);
        let grant = [(TokenKind::Access, ACCESS_LIFETIME_MS)];
        let tokens: Vec<String> = accounts
            .iter()
            .map(|account| {
                core.issue_tokens(account.id, &grant)
                    .unwrap()
                    .remove(0)
                    .token
            })
            .collect();
        let tokens = Arc::new(tokens);
        let now = clock.now_ms();
        let mut tasks = tokio::task::JoinSet::new();
        for client in 0..options.clients {
            let (http, url, accounts, tokens) =
                (http.clone(), url.clone(), accounts.clone(), tokens.clone());
            let per_client = options.accounts_per_client;
            tasks.spawn(async move {
                let mut timings = Vec::with_capacity(per_client);
                let mut failed = 0;
                for index in client * per_client..(client + 1) * per_client {
                    let body = serde_json::json!({ "totp": code(&accounts[index].secret, now) });
                    let started = Instant::now();
                    let response = http
                        .post(&url)
                        .bearer_auth(&tokens[index])
                        .json(&body)
                        .send()
                        .await;
                    let ok = match response {
                        Ok(response) => response.status() == 200 && response.bytes().await.is_ok(),
                        Err(_) => false,
                    };
                    timings.push(started.elapsed());
                    if !ok {
                        failed += 1;
                    }
                }
                (timings, failed)
            });
        }
        for (timings, failed) in tasks.join_all().await {
            latencies.extend(timings);
            failures += failed;
        }
        last_tokens = tokens.to_vec();
        rounds += 1;
    }
    let elapsed = load.elapsed();
    let cpu_used = process_cpu_secs()
        .zip(cpu_before)
        .map(|(after, before)| after - before);

    // Replay every account's last accepted code: each must be refused (its step was stored).
    let now = clock.now_ms();
    let mut lost_updates = 0;
    for (account, token) in accounts.iter().zip(&last_tokens) {
        let body = serde_json::json!({ "totp": code(&account.secret, now) });
        let response = http
            .post(&url)
            .bearer_auth(token)
            .json(&body)
            .send()
            .await?;
        if response.status() != 401 {
            lost_updates += 1;
        }
    }

    latencies.sort();
    let requests = latencies.len();
    println!(
        "{requests} TOTP verifications over HTTP, {} concurrent clients, {rounds} rounds, in {:.2?}",
        options.clients, elapsed
    );
    println!(
        "throughput: {:.0} verifications/s",
        requests as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency: p50 {:.2?}, p99 {:.2?}, max {:.2?}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    );
    if let Some(cpu) = cpu_used {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let per_request = cpu / requests as f64;
        println!(
            "CPU (server and clients together): {:.0} µs per verification, {:.0}% of {cores} cores; \
             with all {cores} cores free that is ~{:.0} verifications/s",
            per_request * 1e6,
            cpu / elapsed.as_secs_f64() / cores as f64 * 100.0,
            cores as f64 / per_request
        );
    }
    println!("errors: {failures}; lost updates (replay accepted afterwards): {lost_updates}");
    let _ = std::fs::remove_dir_all(&dir);
    if failures > 0 || lost_updates > 0 {
        anyhow::bail!("the load produced errors or lost updates");
    }
    Ok(())
}
