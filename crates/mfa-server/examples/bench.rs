//! Load benchmark of TOTP verification over HTTP (`cargo xtask bench-server`).
//!
//! Seeds `clients x accounts_per_client` accounts with active TOTP, serves the real router
//! (request log included) on 127.0.0.1, and lets `clients` concurrent HTTP clients call
//! `POST /eniris/user/2fa/totp/authenticate` with valid codes, each with the *partial* token a
//! password login hands out: the second half of a real 2FA login. The password half is not
//! measured (its argon2 hash is a deliberate cost), so the partial tokens are minted through
//! the core before each round, outside the measured time.
//!
//! A manual clock moves forward one 30-second step per round, because replay protection
//! accepts each account's code only once per step; every request of the measured load is
//! therefore a real, accepted verification that writes its replay step, spends its partial
//! token and mints three tokens. Afterwards every account's last code is replayed (with a
//! fresh partial token) and must be refused as incorrect, and every spent partial token must
//! be refused as invalid: proof that no update was lost.
//!
//! Server and clients run on two separate tokio runtimes (as two processes would), each with
//! one worker per core, so the CPU each side uses can be told apart: the clients share the
//! machine's cores and must not be mistaken for server cost.
//!
//! Arguments (all optional): `--clients N` (50), `--accounts-per-client N` (20),
//! `--rounds N` (10), `--max-secs N` (60, stops starting new rounds after this).

use std::sync::Arc;
use std::time::{Duration, Instant};

use mfa_server::clock::{Clock, ManualClock};
use mfa_server::core::model::{TokenKind, TotpParams};
use mfa_server::core::{Caller, Core, DEFAULT_TOTP_NAME, Settings, totp};
use mfa_server::dialect::eniris::PARTIAL_LIFETIME_MS;
use serde_json::Value;

const START_MS: i64 = 1_767_225_600_000;
const SERVER_THREADS: &str = "mfa-server";
const CLIENT_THREADS: &str = "bench-client";

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
            core.activate_totp(
                id,
                None,
                &code(&secret, clock.now_ms()),
                true,
                mfa_server::dialect::eniris::RECOVERY_CODES,
            )
            .unwrap();
            Account { id, secret }
        })
        .collect()
}

/// One partial token per account, as `POST /auth/login` would answer a 2FA account.
fn partial_tokens(core: &Core, accounts: &[Account]) -> Vec<String> {
    let grant = [(TokenKind::Partial, PARTIAL_LIFETIME_MS)];
    accounts
        .iter()
        .map(|account| {
            core.issue_tokens(account.id, &grant)
                .unwrap()
                .remove(0)
                .token
        })
        .collect()
}

/// CPU seconds (user + system) used so far by the whole process and by the client threads.
/// Linux `/proc`; server threads that exit still count in the process total, the clients'
/// workers live until the end, so server = process - clients.
#[derive(Clone, Copy)]
struct CpuTime {
    process: f64,
    clients: f64,
}

fn cpu_secs(stat: &str) -> Option<(String, f64)> {
    let name = &stat[stat.find('(')? + 1..stat.rfind(')')?];
    let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some((name.to_owned(), ticks / 100.0))
}

fn cpu_time() -> Option<CpuTime> {
    let (_, process) = cpu_secs(&std::fs::read_to_string("/proc/self/stat").ok()?)?;
    let mut clients = 0.0;
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        if let Some((name, secs)) = cpu_secs(&stat)
            && name.starts_with(CLIENT_THREADS)
        {
            clients += secs;
        }
    }
    Some(CpuTime { process, clients })
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() as f64 * fraction).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

/// What a client makes of one answer: a 2FA login completes with three tokens.
async fn completed_login(response: reqwest::Result<reqwest::Response>) -> bool {
    let Ok(response) = response else {
        return false;
    };
    if response.status() != 200 {
        return false;
    }
    let Ok(body) = response.json::<Value>().await else {
        return false;
    };
    ["accessToken", "refreshToken", "sudoToken"]
        .iter()
        .all(|key| body[key].is_string())
}

/// The `message` of a 401 answer, if that is what came back.
async fn refusal(response: reqwest::Response) -> Option<String> {
    if response.status() != 401 {
        return None;
    }
    let body: Value = response.json().await.ok()?;
    body["message"].as_str().map(str::to_owned)
}

fn runtime(name: &str) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name(name)
        .build()
}

/// The server's request log as `mfa-server serve` writes it (one line per request at
/// `info`), to a file instead of a terminal.
fn log_requests_to(path: &std::path::Path) -> anyhow::Result<()> {
    let file = std::fs::File::create(path)?;
    tracing_subscriber::fmt()
        .with_env_filter("info")
        .with_writer(Arc::new(file))
        .with_ansi(false)
        .init();
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let options = options();
    let dir = std::env::temp_dir().join(format!("mfa-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    log_requests_to(&dir.join("requests.log"))?;
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

    let server = runtime(SERVER_THREADS)?;
    let listener = server.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let url = format!(
        "http://{}/eniris/user/2fa/totp/authenticate",
        listener.local_addr()?
    );
    let served = core.clone();
    server.spawn(async move { mfa_server::serve_core(listener, &config, served).await });

    let client = runtime(CLIENT_THREADS)?;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(options.clients * 2)
        .build()?;

    let mut latencies = Vec::new();
    let mut failures = 0usize;
    let mut spent_tokens = Vec::new();
    let mut load_time = Duration::ZERO;
    let (mut cpu_process, mut cpu_clients) = (0.0, 0.0);
    let started = Instant::now();
    let mut rounds = 0;
    while rounds < options.rounds && started.elapsed() < Duration::from_secs(options.max_secs) {
        // A new time step, and this round's logins: outside the measured time.
        clock.advance_secs(30);
        let tokens = Arc::new(partial_tokens(&core, &accounts));
        let now = clock.now_ms();
        let cpu_before = cpu_time();
        let load = Instant::now();
        let results = client.block_on(async {
            let mut tasks = tokio::task::JoinSet::new();
            for client in 0..options.clients {
                let (http, url, accounts, tokens) =
                    (http.clone(), url.clone(), accounts.clone(), tokens.clone());
                let per_client = options.accounts_per_client;
                tasks.spawn(async move {
                    let mut timings = Vec::with_capacity(per_client);
                    let mut failed = 0;
                    for index in client * per_client..(client + 1) * per_client {
                        let body =
                            serde_json::json!({ "totp": code(&accounts[index].secret, now) });
                        let started = Instant::now();
                        let response = http
                            .post(&url)
                            .bearer_auth(&tokens[index])
                            .json(&body)
                            .send()
                            .await;
                        let ok = completed_login(response).await;
                        timings.push(started.elapsed());
                        if !ok {
                            failed += 1;
                        }
                    }
                    (timings, failed)
                });
            }
            tasks.join_all().await
        });
        load_time += load.elapsed();
        if let (Some(before), Some(after)) = (cpu_before, cpu_time()) {
            cpu_process += after.process - before.process;
            cpu_clients += after.clients - before.clients;
        }
        for (timings, failed) in results {
            latencies.extend(timings);
            failures += failed;
        }
        spent_tokens = tokens.to_vec();
        rounds += 1;
    }

    // Every account's last accepted code must be refused as a replay (its step was stored),
    // and every spent partial token as invalid (its deletion was stored).
    let fresh_tokens = partial_tokens(&core, &accounts);
    let now = clock.now_ms();
    let lost_updates = client.block_on(async {
        let mut lost = 0;
        for ((account, fresh), spent) in accounts.iter().zip(&fresh_tokens).zip(&spent_tokens) {
            let body = serde_json::json!({ "totp": code(&account.secret, now) });
            for (token, expected) in [(fresh, "TOTP_INCORRECT"), (spent, "INVALID_TOKEN")] {
                let response = http
                    .post(&url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await?;
                if refusal(response).await.as_deref() != Some(expected) {
                    lost += 1;
                }
            }
        }
        anyhow::Ok(lost)
    })?;

    latencies.sort();
    let requests = latencies.len();
    println!(
        "{requests} TOTP verifications over HTTP, {} concurrent clients, {rounds} rounds, {:.2?} under load",
        options.clients, load_time
    );
    println!(
        "throughput: {:.0} verifications/s",
        requests as f64 / load_time.as_secs_f64()
    );
    println!(
        "latency: p50 {:.2?}, p99 {:.2?}, max {:.2?}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    );
    if cpu_process > 0.0 {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let busy = |secs: f64| secs / load_time.as_secs_f64() / cores as f64 * 100.0;
        let per_request = |secs: f64| secs / requests as f64 * 1e6;
        let cpu_server = cpu_process - cpu_clients;
        println!(
            "CPU of {cores} cores under load: {:.0}% ({:.0} µs per verification), of which \
             server {:.0}% ({:.0} µs), clients {:.0}% ({:.0} µs)",
            busy(cpu_process),
            per_request(cpu_process),
            busy(cpu_server),
            per_request(cpu_server),
            busy(cpu_clients),
            per_request(cpu_clients),
        );
        println!(
            "with {cores} cores for the server alone that is at most ~{:.0} verifications/s",
            cores as f64 / cpu_server * requests as f64
        );
    }
    println!(
        "errors: {failures}; lost updates (replay or spent token accepted afterwards): {lost_updates}"
    );
    drop(client);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    if failures > 0 || lost_updates > 0 {
        anyhow::bail!("the load produced errors or lost updates");
    }
    Ok(())
}
