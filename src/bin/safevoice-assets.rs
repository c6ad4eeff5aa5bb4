//! `safevoice-assets DIR`: writes the man pages (`DIR/man`) and the bash, zsh
//! and fish completions (`DIR/completions`) generated from the command line's
//! clap definitions. Run by `scripts/package.sh`; not installed.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(dir), None) = (args.next(), args.next()) else {
        eprintln!("usage: safevoice-assets DIR");
        return ExitCode::from(2);
    };
    match safevoice::cli::generate_assets(std::path::Path::new(&dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
