//! `mfa-server`: command line entry point. Every flag can also be set from the environment
//! variable named in its help.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use mfa_server::clock::{SystemClock, iso8601};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the MFA APIs, the built wizard and the `www/` demo page.
    Serve {
        /// Address to listen on; port 0 picks a free port.
        #[arg(long, env = "MFA_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        #[command(flatten)]
        data: DataDir,
        /// Folder with the built wizard (Trunk's `dist/`).
        #[arg(long = "static", env = "MFA_STATIC", default_value = "dist")]
        static_dir: PathBuf,
        /// Folder served at `/www/`.
        #[arg(long, env = "MFA_WWW", default_value = "www")]
        www: PathBuf,
        /// Development mode: seeds the demo account, enables `/dev/outbox`, allows CORS from
        /// localhost origins and prints mails with their codes to the log.
        #[arg(long, env = "MFA_DEV")]
        dev: bool,
        /// Origins allowed to call the APIs cross-origin, comma-separated.
        #[arg(long = "cors-origin", env = "MFA_CORS_ORIGINS", value_delimiter = ',')]
        cors_origins: Vec<String>,
        /// Issuer shown in authenticator apps.
        #[arg(long, env = "MFA_ISSUER", default_value = "otp-toolkit")]
        issuer: String,
        /// `host:port` of an SMTP relay (no auth, no TLS) for code mails; default: log only.
        #[arg(long, env = "MFA_SMTP_RELAY")]
        smtp_relay: Option<String>,
        /// Sender address of code mails.
        #[arg(long, env = "MFA_MAIL_FROM", default_value = "mfa@localhost")]
        mail_from: String,
        /// The Ecosuite dialect's Cognito pool requires MFA (sign-ins without it get the
        /// `MFA_SETUP` challenge).
        #[arg(long, env = "MFA_COGNITO_MFA_REQUIRED")]
        cognito_mfa_required: bool,
    },
    /// Manage accounts in the store (works while the server runs).
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        email: String,
        /// Prefer the environment variable: arguments show up in process lists.
        #[arg(long, env = "MFA_PASSWORD", hide_env_values = true)]
        password: String,
        #[command(flatten)]
        data: DataDir,
    },
    /// List accounts and their MFA state.
    List {
        #[command(flatten)]
        data: DataDir,
    },
}

#[derive(clap::Args)]
struct DataDir {
    /// Folder for the SQLite store and the key file, created on first start.
    #[arg(long = "data", env = "MFA_DATA", default_value = "data")]
    path: PathBuf,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    match Cli::parse().command {
        Command::Serve {
            listen,
            data,
            static_dir,
            www,
            dev,
            cors_origins,
            issuer,
            smtp_relay,
            mail_from,
            cognito_mfa_required,
        } => {
            let config = mfa_server::Config {
                static_dir,
                www_dir: www,
                dev,
                cors_origins,
                issuer,
                smtp_relay,
                mail_from,
                cognito_mfa_required,
                ..mfa_server::Config::new(data.path)
            };
            let core = mfa_server::open_core(&config, Arc::new(SystemClock))?;
            let listener = tokio::net::TcpListener::bind(listen).await?;
            // Tests and the run command read this line to learn the port.
            println!("listening on http://{}", listener.local_addr()?);
            if dev {
                println!(
                    "demo login: username `{}`, password `{}`",
                    mfa_server::DEMO_USERNAME,
                    mfa_server::DEMO_PASSWORD
                );
            }
            mfa_server::serve_core(listener, &config, core).await
        }
        Command::User(UserCommand::Add {
            username,
            email,
            password,
            data,
        }) => {
            let core =
                mfa_server::open_core(&mfa_server::Config::new(data.path), Arc::new(SystemClock))?;
            let id = core.create_account(&username, &email, &password)?;
            println!("created account {id} `{username}`");
            Ok(())
        }
        Command::User(UserCommand::List { data }) => {
            let core =
                mfa_server::open_core(&mfa_server::Config::new(data.path), Arc::new(SystemClock))?;
            println!(
                "{:>4}  {:<20} {:<30} {:<5} {:<7} {:<9} created",
                "id", "username", "email", "totp", "email", "recovery"
            );
            for entry in core.accounts()? {
                let status = &entry.status;
                let yes_no = |on: bool| if on { "yes" } else { "no" };
                let recovery = status
                    .recovery_codes
                    .as_ref()
                    .map_or("-".to_owned(), |codes| format!("{} left", codes.remaining));
                println!(
                    "{:>4}  {:<20} {:<30} {:<5} {:<7} {:<9} {}",
                    entry.account.id,
                    entry.account.username,
                    entry.account.email,
                    yes_no(status.totp_activated_at.is_some()),
                    yes_no(status.email.is_some()),
                    recovery,
                    iso8601(entry.account.created_at),
                );
            }
            Ok(())
        }
    }
}
