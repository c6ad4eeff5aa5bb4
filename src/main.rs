//! The `safevoice` binary: parses the command line and runs it.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    default_sigpipe();
    let cli = safevoice::cli::Cli::parse();
    match safevoice::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", safevoice::cli::error_message(&err));
            ExitCode::FAILURE
        }
    }
}

/// End quietly, as other command-line tools do, when whoever reads the
/// output goes away (`safevoice check | head`). Rust ignores SIGPIPE, so
/// `println!` would panic on the closed pipe instead.
#[cfg(unix)]
fn default_sigpipe() {
    // SAFETY: sets a signal's disposition, before any other thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn default_sigpipe() {}
