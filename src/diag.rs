//! Diagnostics: `tracing` into a rotating log file, and onto the terminal with
//! `--verbose`.
//!
//! The log is `logs/safevoice.YYYY-MM-DD.log` in the data folder (see
//! [`crate::paths`]), one file a day, the newest 7 kept. It records what the
//! program did (command, catalog size, audio device, errors), at info level,
//! or debug with `--verbose`, which also prints the same lines on stderr,
//! alsa-lib's own messages included.
//!
//! **Never log a case reference, a typed text, or anything about the person**
//! (which language they speak, what was played to them, what they answered):
//! the log is not a session record and is not protected like one.

use std::path::Path;
use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, fmt};

/// Log files kept (one a day).
pub const KEPT_LOG_FILES: usize = 7;

/// Keeps the log writer running; drop it last (it flushes the file).
#[must_use = "the log file is flushed when this is dropped"]
pub struct LogGuard {
    _file: Option<tracing_appender::non_blocking::WorkerGuard>,
}

/// What goes where: our own crate and alsa-lib at `level`, other crates'
/// warnings and errors.
fn targets(level: LevelFilter) -> Targets {
    Targets::new()
        .with_default(LevelFilter::WARN)
        .with_target("safevoice", level)
        .with_target("alsa", level)
}

/// A daily-rotating log in `dir`, keeping [`KEPT_LOG_FILES`] files.
pub fn rolling_file(
    dir: &Path,
) -> Result<tracing_appender::rolling::RollingFileAppender, tracing_appender::rolling::InitError> {
    tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("safevoice")
        .filename_suffix("log")
        .max_log_files(KEPT_LOG_FILES)
        .build(dir)
}

/// Start logging: to the log folder (when it can be created), and to stderr
/// with `verbose`. Also routes alsa-lib's messages on this thread into the log.
/// A log folder that cannot be written is not an error: the program runs
/// without a file log (and says why with `verbose`).
pub fn init(verbose: bool) -> LogGuard {
    let level = if verbose {
        LevelFilter::DEBUG
    } else {
        LevelFilter::INFO
    };
    let (file_layer, guard, file_problem) = match crate::paths::log_dir() {
        Some(dir) => match std::fs::create_dir_all(&dir)
            .map_err(|e| e.to_string())
            .and_then(|()| rolling_file(&dir).map_err(|e| e.to_string()))
        {
            Ok(appender) => {
                let (writer, guard) = tracing_appender::non_blocking(appender);
                let layer = fmt::layer()
                    .with_ansi(false)
                    .with_writer(writer)
                    .with_filter(targets(level));
                (Some(layer), Some(guard), None)
            }
            Err(err) => (None, None, Some(format!("{}: {err}", dir.display()))),
        },
        None => (None, None, Some("no data folder on this system".to_owned())),
    };
    let stderr_layer = verbose.then(|| {
        fmt::layer()
            .with_writer(std::io::stderr)
            .with_filter(targets(level))
    });
    // A second init (tests calling `cli::run` twice) keeps the first.
    let _ = tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
    if let Some(problem) = file_problem {
        tracing::debug!("no log file: {problem}");
    }
    crate::audio::alsa_log::route_this_thread();
    LogGuard { _file: guard }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_log_rotates_daily_and_keeps_a_week() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let mut file = super::rolling_file(dir.path()).unwrap();
        writeln!(file, "one line").unwrap();
        file.flush().unwrap();
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let today = time::OffsetDateTime::now_utc().date();
        let expected = format!(
            "safevoice.{:04}-{:02}-{:02}.log",
            today.year(),
            u8::from(today.month()),
            today.day()
        );
        assert_eq!(names, vec![expected]);
    }
}
