//! `mfa-server`: command line entry point.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
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
        /// Folder for the SQLite store and the key file, created on first start.
        #[arg(long, env = "MFA_DATA", default_value = "data")]
        data: PathBuf,
        /// Folder with the built wizard (Trunk's `dist/`).
        #[arg(long = "static", env = "MFA_STATIC", default_value = "dist")]
        static_dir: PathBuf,
        /// Folder served at `/www/`.
        #[arg(long, env = "MFA_WWW", default_value = "www")]
        www: PathBuf,
        /// Development mode: seeds a demo account and prints its login.
        #[arg(long, env = "MFA_DEV")]
        dev: bool,
    },
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
        } => {
            std::fs::create_dir_all(&data)?;
            let config = mfa_server::Config {
                static_dir,
                www_dir: www,
                dev,
            };
            let listener = tokio::net::TcpListener::bind(listen).await?;
            // Tests and the run command read this line to learn the port.
            println!("listening on http://{}", listener.local_addr()?);
            if dev {
                println!("demo login: username `demo`, password `demo-password`");
            }
            mfa_server::serve(listener, config).await
        }
    }
}
