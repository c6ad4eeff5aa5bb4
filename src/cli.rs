//! The command line: `gui`, `list`, `play`, `devices`, `import`, `record`,
//! `sessions`, `translations`, `pack`, `check`.
//!
//! Arguments are checked against the catalog before any audio device is
//! opened, so a mistyped language or message gets one clear line. Logging
//! (`--verbose`) is set up here; see [`crate::diag`].

use crate::audio::{Command, CpalOutput, Engine, Event, OutputFactory, PlayItem, decode_file};
use crate::catalog::coverage::Coverage;
use crate::catalog::{self, Catalog, Gender, Problem};
use anyhow::{Context, bail};
use clap::{CommandFactory, Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// safevoice: recorded messages in the person's own language, for first contact.
#[derive(Debug, Parser)]
#[command(name = "safevoice", version, about)]
pub struct Cli {
    /// Use the catalog in DIR instead of the bundled one.
    #[arg(long, global = true, value_name = "DIR")]
    pub messages: Option<PathBuf>,
    /// Print details on stderr (alsa-lib's own messages included), and log at debug level.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

/// The subcommands. Without one, the GUI starts.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Start the window (the default).
    Gui {
        /// Open straight on this language.
        #[arg(long, value_name = "CODE")]
        lang: Option<String>,
    },
    /// List the languages, or the messages of one language.
    List { lang: Option<String> },
    /// Play messages of a language, in order.
    Play {
        lang: String,
        #[arg(required = true, value_name = "MSG_ID")]
        ids: Vec<String>,
        /// Output device (see `safevoice devices`); the default otherwise.
        #[arg(long, value_name = "NAME")]
        device: Option<String>,
        /// Addressee gender, for languages that mark it.
        #[arg(long, value_name = "f|m", default_value = "f")]
        gender: Gender,
    },
    /// List the audio output devices.
    Devices,
    /// Import a recording as the clip of a message (WAV, MP3, Ogg, FLAC, M4A).
    Import {
        lang: String,
        #[arg(value_name = "MSG_ID")]
        id: String,
        file: PathBuf,
        /// For a message with gender variants: which one this recording speaks.
        #[arg(long, value_name = "f|m", default_value = "f")]
        gender: Gender,
        /// Speaker id or initials (optional).
        #[arg(long)]
        speaker: Option<String>,
    },
    /// Record a message from an input device and save it as its clip.
    Record {
        lang: String,
        #[arg(value_name = "MSG_ID")]
        id: String,
        /// Input device (the default otherwise).
        #[arg(long, value_name = "NAME")]
        device: Option<String>,
        /// How long to record.
        #[arg(long, default_value_t = 6.0)]
        seconds: f64,
        #[arg(long, value_name = "f|m", default_value = "f")]
        gender: Gender,
        #[arg(long)]
        speaker: Option<String>,
    },
    /// The session records: list, show, export, delete, purge.
    Sessions {
        #[command(subcommand)]
        action: SessionsCmd,
    },
    /// Take a language's texts out as gettext PO for review, and bring them back.
    Translations {
        #[command(subcommand)]
        action: TranslationsCmd,
    },
    /// Signed message packs: make a key pair, sign a pack, verify one.
    Pack {
        #[command(subcommand)]
        action: PackCmd,
    },
    /// Validate the catalog; exit 0 only when there is no problem.
    Check {
        /// Also decode every clip.
        #[arg(long)]
        decode: bool,
        /// Print one JSON object.
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        /// Print only the coverage table, as Markdown (for the README).
        #[arg(long)]
        markdown: bool,
    },
}

impl Cmd {
    /// The subcommand's name, for the log.
    fn name(&self) -> &'static str {
        match self {
            Cmd::Gui { .. } => "gui",
            Cmd::List { .. } => "list",
            Cmd::Play { .. } => "play",
            Cmd::Devices => "devices",
            Cmd::Import { .. } => "import",
            Cmd::Record { .. } => "record",
            Cmd::Sessions { .. } => "sessions",
            Cmd::Translations { .. } => "translations",
            Cmd::Pack { .. } => "pack",
            Cmd::Check { .. } => "check",
        }
    }
}

/// The man page's ENVIRONMENT and FILES sections (roff), after clap's own.
const MAN_EXTRA: &str = r#".SH ENVIRONMENT
.TP
\fBSAFEVOICE_MESSAGES\fR
The catalog folder, when \fB\-\-messages\fR is not given.
.TP
\fBSAFEVOICE_DATA_DIR\fR
The data folder (session records in \fIsessions\fR, the log in \fIlogs\fR).
.TP
\fBSAFEVOICE_SCREENSHOT\fR
Save a PNG screenshot of the window to this path after it has drawn, then quit.
.TP
\fBALSA_CONFIG_PATH\fR
alsa-lib's configuration file, as for any ALSA program.
.SH FILES
.TP
\fI/usr/share/safevoice/messages\fR
The bundled catalog: messages, texts and clips of every language.
.TP
\fI~/.local/share/safevoice/sessions\fR
Session records (JSON lines, mode 0600), one file per contact.
.TP
\fI~/.local/share/safevoice/logs\fR
The log, one file a day, the last 7 kept. It never holds a case reference,
a typed text, or anything about the person.
.TP
\fI~/.config/safevoice/settings.toml\fR
The window's settings.
.SH EXIT STATUS
0 on success, 1 on an error or (for \fBcheck\fR) a catalog problem,
2 on a usage error, 3 when no audio device can be opened.
"#;

/// Write the man pages (`DIR/man/*.1`) and shell completions
/// (`DIR/completions/`: `safevoice.bash`, `_safevoice`, `safevoice.fish`),
/// all generated from the clap definitions above.
pub fn generate_assets(dir: &Path) -> anyhow::Result<()> {
    use clap_complete::Shell;
    let man = dir.join("man");
    let completions = dir.join("completions");
    for folder in [&man, &completions] {
        std::fs::create_dir_all(folder).with_context(|| format!("{}", folder.display()))?;
    }
    let date = time::OffsetDateTime::now_utc()
        .format(time::macros::format_description!("[year]-[month]-[day]"))?;
    let stamp = |page: clap_mangen::Man| {
        page.date(date.clone())
            .source(format!("safevoice {}", env!("CARGO_PKG_VERSION")))
            .manual("User Commands")
    };
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    for sub in cmd.get_subcommands() {
        stamp(clap_mangen::Man::new(sub.clone()))
            .generate_to(&man)
            .with_context(|| format!("{}", man.display()))?;
    }
    let mut page = Vec::new();
    stamp(clap_mangen::Man::new(cmd.clone())).render(&mut page)?;
    page.extend_from_slice(MAN_EXTRA.as_bytes());
    let main_page = man.join("safevoice.1");
    std::fs::write(&main_page, page).with_context(|| format!("{}", main_page.display()))?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut cmd, "safevoice", &completions)
            .with_context(|| format!("{}", completions.display()))?;
    }
    Ok(())
}

/// What to do with the session records (kept in `$SAFEVOICE_DATA_DIR/sessions`
/// or the platform data folder).
#[derive(Debug, Subcommand)]
pub enum SessionsCmd {
    /// Every session, newest first.
    List,
    /// One session, as text.
    Show { id: String },
    /// Export one session.
    Export {
        id: String,
        #[arg(long, value_enum, default_value = "html")]
        format: ExportFormat,
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Check a session's hash chain: "intact (N lines)" (exit 0), or
    /// "altered or removed at line K" (exit 1). A torn last line from a crash
    /// is reported as such (exit 0); a record from before the chain cannot be
    /// checked (exit 2).
    Verify { id: String },
    /// Delete one session (its file).
    Delete { id: String },
    /// Delete sessions older than DAYS days.
    Purge {
        #[arg(long, value_name = "DAYS")]
        older_than: u32,
    },
}

/// The gettext round trip for translators.
#[derive(Debug, Subcommand)]
pub enum TranslationsCmd {
    /// Write a language's texts as a PO file (standard output without -o).
    #[command(group(clap::ArgGroup::new("which").required(true).args(["lang", "all", "ui"])))]
    Export {
        /// The language code.
        lang: Option<String>,
        /// The interface strings of UI language CODE (their own domain),
        /// not the messages.
        #[arg(long, value_name = "CODE", conflicts_with_all = ["lang", "all"])]
        ui: Option<String>,
        /// Every language but English, one LANG.po file each, into the folder -o.
        #[arg(long, requires = "output")]
        all: bool,
        /// The file (or, with --all, the folder) to write.
        #[arg(long, short, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Read a reviewed PO file back into the catalog: entries that are not
    /// fuzzy become native-reviewed.
    Import {
        file: PathBuf,
        /// Who reviewed it (initials or an id); else the Last-Translator header.
        #[arg(long, value_name = "ID", conflicts_with = "ui")]
        reviewer: Option<String>,
        /// The file holds interface strings (exported with --ui): write them
        /// into the UI language's TOML file in --into.
        #[arg(long)]
        ui: bool,
        /// The folder of the interface strings' TOML files.
        #[arg(
            long,
            value_name = "DIR",
            requires = "ui",
            default_value = "assets/i18n"
        )]
        into: PathBuf,
    },
}

fn translations(dir: &Path, action: TranslationsCmd) -> anyhow::Result<ExitCode> {
    use crate::review::{export, import};
    match action {
        TranslationsCmd::Export {
            ui: Some(code),
            output,
            ..
        } => ui_export(&code, output),
        TranslationsCmd::Import {
            file,
            ui: true,
            into,
            ..
        } => ui_import(&file, &into),
        TranslationsCmd::Export {
            lang, all, output, ..
        } => {
            let catalog = match &lang {
                Some(code) if !all => load_some(dir, Some(code))?,
                _ => load(dir)?,
            };
            if all {
                let out_dir = output.context("--all needs -o DIR")?;
                std::fs::create_dir_all(&out_dir)
                    .with_context(|| format!("{}", out_dir.display()))?;
                let mut written = 0;
                for language in catalog.languages.values() {
                    match export::export_language(&catalog, language) {
                        Ok(bytes) => {
                            let path = out_dir.join(format!("{}.po", language.meta.code));
                            catalog::edit::write_atomic(&path, &bytes)?;
                            written += 1;
                        }
                        Err(export::ExportError::Source(_)) => {}
                        Err(err) => return Err(err.into()),
                    }
                }
                eprintln!("Wrote {written} PO files to {}.", out_dir.display());
                return Ok(ExitCode::SUCCESS);
            }
            let code = lang.context("give a language code, or --all")?;
            let language = language(&catalog, &code)?;
            let bytes = export::export_language(&catalog, language)?;
            write_or_print(output.as_deref(), &bytes)
        }
        TranslationsCmd::Import { file, reviewer, .. } => {
            let catalog = load(dir)?;
            let today = catalog::edit::today();
            match import::import(&catalog, &file, reviewer.as_deref(), &today) {
                Ok(outcome) => {
                    println!("{}", outcome.summary());
                    Ok(ExitCode::SUCCESS)
                }
                Err(import::ImportError::Invalid(problems)) => Ok(refused_import(&problems)),
                Err(err) => Err(err.into()),
            }
        }
    }
}

/// Export the interface strings of UI language `code` as PO.
#[cfg(feature = "gui")]
fn ui_export(code: &str, output: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let bytes = crate::review::ui_strings::export_ui(code)?;
    write_or_print(output.as_deref(), &bytes)
}

/// Write an export to `output` atomically, or to standard output.
fn write_or_print(output: Option<&Path>, bytes: &[u8]) -> anyhow::Result<ExitCode> {
    match output {
        Some(path) => {
            catalog::edit::write_atomic(path, bytes)?;
            eprintln!("Wrote {}.", path.display());
        }
        None => std::io::stdout().write_all(bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// A PO import refused whole: each problem on its own line, nothing written.
fn refused_import(problems: &[impl std::fmt::Display]) -> ExitCode {
    eprintln!("{} problem(s); nothing was imported:", problems.len());
    for p in problems {
        eprintln!("  {p}");
    }
    ExitCode::FAILURE
}

/// Import a PO file of interface strings into `into`.
#[cfg(feature = "gui")]
fn ui_import(file: &Path, into: &Path) -> anyhow::Result<ExitCode> {
    use crate::review::ui_strings::{ImportUiError, import_ui};
    match import_ui(file, into) {
        Ok((code, changed)) => {
            println!("{code}: {changed} interface string(s) changed.");
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportUiError::Invalid(problems)) => Ok(refused_import(&problems)),
        Err(err) => Err(err.into()),
    }
}

#[cfg(not(feature = "gui"))]
fn ui_export(_: &str, _: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the interface strings are part of the window: build with the gui feature")
}

#[cfg(not(feature = "gui"))]
fn ui_import(_: &Path, _: &Path) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the interface strings are part of the window: build with the gui feature")
}

/// What to do with message packs. A deployer makes a key pair once, signs
/// each pack release, and installs the public key on the laptops.
#[derive(Debug, Subcommand)]
pub enum PackCmd {
    /// Make a password-protected key pair: NAME.key (secret: keep it off the
    /// laptops and out of every pack) and NAME.pub (public). The password is
    /// asked for, or read from $SAFEVOICE_KEY_PASSWORD.
    Keygen {
        #[arg(short, long, value_name = "NAME")]
        output: PathBuf,
        /// What the laptops call this key, e.g. "National Referral Mechanism, 2027 pack".
        #[arg(long)]
        label: Option<String>,
    },
    /// Write DIR/manifest.toml (every file, size, SHA-256) and its minisign
    /// signature DIR/manifest.toml.minisig.
    Sign {
        dir: PathBuf,
        #[arg(long, value_name = "SECRET_KEY_FILE")]
        key: PathBuf,
    },
    /// Exit 0 only when the pack in DIR is intact and signed by the key in
    /// FILE (by default: by one of this computer's trusted keys). Otherwise
    /// name every changed, missing or added file.
    Verify {
        dir: PathBuf,
        #[arg(long, value_name = "FILE")]
        pubkey: Option<PathBuf>,
    },
}

fn pack(action: PackCmd) -> anyhow::Result<ExitCode> {
    use crate::pack::{self, keys};
    match action {
        PackCmd::Keygen { output, label } => {
            if output.extension().is_some_and(|e| e == "key" || e == "pub") {
                bail!("give NAME without .key or .pub: both files are written");
            }
            let label = label.unwrap_or_else(|| {
                output
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            let (secret, public) = keys::keygen(&output, &label, keys::password_from_env())?;
            println!(
                "Secret key: {} (keep it safe, off the laptops; never put it in a pack)",
                secret.display()
            );
            println!(
                "Public key: {} (install it on the laptops, see the README)",
                public.display()
            );
        }
        PackCmd::Sign { dir, key } => {
            if key.starts_with(&dir)
                || key
                    .canonicalize()
                    .ok()
                    .zip(dir.canonicalize().ok())
                    .is_some_and(|(k, d)| k.starts_with(d))
            {
                bail!(
                    "{}: the secret key is inside the pack: move it out first",
                    key.display()
                );
            }
            let secret = keys::read_secret_key(&key, keys::password_from_env())?;
            let files = pack::sign(&dir, &secret)?;
            println!(
                "Signed {files} files: {} and {}",
                dir.join(pack::manifest::MANIFEST).display(),
                dir.join(pack::manifest::SIGNATURE).display()
            );
        }
        PackCmd::Verify { dir, pubkey } => {
            let keys = match &pubkey {
                Some(file) => vec![keys::read_public_key(file)?],
                None => {
                    let (keys, problems) = keys::trusted_keys();
                    for p in problems {
                        eprintln!("warning: {p}");
                    }
                    keys
                }
            };
            let status = pack::verify_all(&dir, &keys)?;
            for (path, state) in status.refused() {
                println!("{path}: {}", state.describe());
            }
            for path in status.locally_modified() {
                println!("{path}: modified on this computer, not signed");
            }
            println!("{}", status.one_line());
            if !status.is_genuine() {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Check the pack the catalog came from (all of it, or only the folders
/// and files given), and withhold the refused files. Returns the one-line
/// verdict and a problem per refused file.
fn check_pack(
    catalog: &mut Catalog,
    prefixes: Option<(&[&str], &[&str])>,
) -> (String, Vec<Problem>) {
    use crate::pack::{self, keys};
    let (trusted, _) = keys::trusted_keys();
    let mut status =
        match pack::verify::open(&catalog.root, &trusted, pack::journal::Journal::load()) {
            Ok(status) => status,
            Err(err) => return (format!("Pack: cannot be checked: {err}"), Vec::new()),
        };
    match prefixes {
        Some((dirs, files)) => {
            status.check_some(dirs, files);
        }
        None => status.check_all(),
    }
    catalog.withhold(&status.refused_paths());
    let problems = status
        .refused()
        .into_iter()
        .map(|(rel, state)| {
            Problem::file(
                &pack::manifest::resolve(&status.root, rel),
                format!("refused by the pack check: {}", state.describe()),
            )
        })
        .collect();
    (status.one_line(), problems)
}

/// Export formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Html,
    Csv,
    Json,
}

fn sessions(dir: &Path, action: SessionsCmd) -> anyhow::Result<ExitCode> {
    use crate::session::{Store, report};
    let store = Store::open_default();
    match action {
        SessionsCmd::List => {
            let index = store.index();
            for problem in index.problems {
                eprintln!("warning: {problem}");
            }
            if index.sessions.is_empty() {
                println!("No sessions in {}.", store.dir.display());
            }
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for s in index.sessions {
                writeln!(
                    out,
                    "{}  {}  {} ({})  {} messages, {} answers  {}",
                    s.id,
                    s.started_local(),
                    s.language_name,
                    s.language,
                    s.messages,
                    s.answers,
                    s.case_ref.map(|c| format!("case {c}")).unwrap_or_default()
                )?;
            }
            out.flush()?;
        }
        SessionsCmd::Show { id } => {
            let s = store.load(&id)?;
            for warning in &s.warnings {
                eprintln!("warning: {warning}");
            }
            println!("Session {}: {}", s.id, s.start().summary());
            println!("Record: {}", s.chain);
            if let Some(case_ref) = s.case_ref() {
                println!("Case reference {case_ref}");
            }
            for p in s.played() {
                println!(
                    "{}  {}  [{}]  {}",
                    p.started,
                    p.message,
                    p.how.as_deref().unwrap_or("-"),
                    p.text
                );
            }
            for (at, question, answer) in s.answers() {
                println!("{at}  answer to {question}: {answer}");
            }
        }
        SessionsCmd::Export { id, format, output } => {
            let s = store.load(&id)?;
            for warning in &s.warnings {
                eprintln!("warning: {warning}");
            }
            let triage = triage_of(dir, &s);
            let body = match format {
                ExportFormat::Html => report::html(&s, &triage),
                ExportFormat::Csv => report::csv(&s, &triage)?,
                ExportFormat::Json => serde_json::to_string_pretty(&report::json(&s, &triage))?,
            };
            match output {
                Some(path) => {
                    crate::atomic::write(&path, body.as_bytes(), crate::atomic::Access::Private)?
                }
                None => print!("{body}"),
            }
        }
        SessionsCmd::Verify { id } => {
            use crate::session::ChainState;
            let s = store.load(&id)?;
            println!("{}: {}", s.path.display(), report::integrity(&s));
            return Ok(match s.chain {
                ChainState::Intact { .. } | ChainState::Torn { .. } => ExitCode::SUCCESS,
                ChainState::Altered { .. } => ExitCode::FAILURE,
                ChainState::Unchained { .. } => ExitCode::from(2),
            });
        }
        SessionsCmd::Delete { id } => {
            store.delete(&id)?;
            println!("Deleted session {id}.");
        }
        SessionsCmd::Purge { older_than } => {
            let deleted = store.purge_older_than(older_than);
            println!(
                "Deleted {} session(s) older than {older_than} days.",
                deleted.len()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The triage summary of a session, under the catalog in `dir` (its messages,
/// indicators and profiles only); catalog problems are printed as warnings.
fn triage_of(dir: &Path, session: &crate::session::Session) -> crate::triage::Summary {
    let catalog = catalog::load::load_only(dir, &[]);
    for problem in &catalog.problems {
        eprintln!("warning: {problem}");
    }
    crate::triage::of_session(&catalog, session)
}

/// Run the parsed command line, with logging (see [`crate::diag`]).
/// An error for the terminal: the message and its causes, each once (the
/// library's errors already name their cause in their own message, as
/// "PATH: No such file or directory", so anyhow's `{:#}` would say it twice).
pub fn error_message(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let command = cli.command.unwrap_or(Cmd::Gui { lang: None });
    let _log = crate::diag::init(cli.verbose);
    let name = command.name();
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        command = name,
        os = std::env::consts::OS,
        "start"
    );
    // While the process has one thread: the local offset can only be read then.
    crate::times::init();
    let dir = cli.messages.unwrap_or_else(catalog::default_messages_dir);
    let result = dispatch(command, &dir);
    // Not the error's text: it can name the person's language or quote a
    // session record. The user sees it on the terminal.
    match &result {
        Ok(_) => tracing::info!(command = name, "done"),
        Err(_) => tracing::warn!(command = name, "failed"),
    }
    result
}

fn dispatch(command: Cmd, dir: &Path) -> anyhow::Result<ExitCode> {
    let dir = dir.to_path_buf();
    match command {
        Cmd::Gui { lang } => {
            if let Some(code) = &lang
                && !catalog::load::language_codes(&dir).contains(code)
            {
                bail!(
                    "unknown language {code:?}; the catalog has: {}",
                    catalog::load::language_codes(&dir).join(" ")
                );
            }
            #[cfg(feature = "gui")]
            crate::ui::run(&dir, lang.as_deref())?;
            #[cfg(not(feature = "gui"))]
            bail!(
                "this build has no window (built without the `gui` feature); {lang:?} not opened"
            );
            #[cfg(feature = "gui")]
            Ok(ExitCode::SUCCESS)
        }
        Cmd::List { lang } => list(&load_some(&dir, lang.as_deref())?, lang.as_deref()),
        Cmd::Play {
            lang,
            ids,
            device,
            gender,
        } => {
            // Every argument is checked before the device is opened, then
            // the clips against the pack's signature (a refused clip is
            // withheld). The pack's line is shown once the device is open,
            // so a failure is one line.
            let mut catalog = load_some(&dir, Some(&lang))?;
            play_items(&catalog, &lang, &ids, gender)?;
            let folder = format!("{lang}/");
            let (pack_line, _) =
                check_pack(&mut catalog, Some((&[folder.as_str()], &["catalog.toml"])));
            let items = play_items(&catalog, &lang, &ids, gender)?;
            let engine =
                Engine::start(Box::new(CpalOutput)).context("cannot start the audio engine")?;
            // Clips prepared by an earlier run are read, not decoded again.
            if let Some(disk) = crate::audio::disk_cache::DiskCache::open_default() {
                engine.cache().use_disk(disk);
            }
            engine.send(Command::SetDevice(device));
            engine.send(Command::KeepOutputOpen(false));
            engine.send(Command::OpenOutput);
            play(&engine, &catalog, &lang, items, gender, &pack_line)
        }
        Cmd::Devices => {
            let devices = CpalOutput.devices();
            if devices.is_empty() {
                println!("No audio output device found.");
            }
            for device in devices {
                println!("{device}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Sessions { action } => sessions(&dir, action),
        Cmd::Pack { action } => pack(action),
        Cmd::Import {
            lang,
            id,
            file,
            gender,
            speaker,
        } => {
            let catalog = load_some(&dir, Some(&lang))?;
            message_of(&catalog, &lang, &id)?;
            let decoded = decode_file(&file)?;
            let mono =
                crate::audio::input::prepare_take(&decoded.samples, decoded.channels, decoded.rate);
            save_take(&catalog, &lang, &id, gender, &mono, decoded.rate, speaker)
        }
        Cmd::Record {
            lang,
            id,
            device,
            seconds,
            gender,
            speaker,
        } => {
            if !(seconds.is_finite() && seconds > 0.0 && seconds <= 600.0) {
                bail!("--seconds must be between 0 and 600, not {seconds}");
            }
            let catalog = load_some(&dir, Some(&lang))?;
            message_of(&catalog, &lang, &id)?;
            let engine =
                Engine::start(Box::new(CpalOutput)).context("cannot start the audio engine")?;
            engine.send(Command::StartRecording {
                device,
                max_seconds: seconds,
            });
            eprintln!("Recording {seconds:.1} s...");
            loop {
                match engine.next_event(Duration::from_secs_f64(seconds + 15.0)) {
                    Some(Event::Recorded {
                        rate,
                        channels,
                        samples,
                        dropped,
                    }) => {
                        if dropped > 0 {
                            eprintln!(
                                "warning: {dropped} samples were lost (the system was too busy)"
                            );
                        }
                        let mono = crate::audio::input::prepare_take(&samples, channels, rate);
                        if mono.iter().any(|s| s.abs() >= 0.999) {
                            eprintln!(
                                "warning: the recording clipped: record again with a lower input level"
                            );
                        }
                        return save_take(&catalog, &lang, &id, gender, &mono, rate, speaker);
                    }
                    Some(Event::RecordError { message }) => {
                        eprintln!("error: {message}");
                        return Ok(ExitCode::from(3));
                    }
                    Some(Event::RecordingStarted {
                        device,
                        rate,
                        channels,
                    }) => {
                        eprintln!("Input: {device} ({rate} Hz, {channels} ch)");
                    }
                    Some(_) => {}
                    None => bail!("recording stalled: the input device gives no samples"),
                }
            }
        }
        Cmd::Translations { action } => translations(&dir, action),
        Cmd::Check {
            decode,
            json,
            markdown,
        } => {
            let mut catalog = load(&dir)?;
            if markdown {
                print!("{}", coverage_markdown(&catalog));
                return Ok(ExitCode::SUCCESS);
            }
            let (pack_line, refused) = check_pack(&mut catalog, None);
            catalog.problems.extend(refused);
            check(&catalog, &pack_line, decode, json)
        }
    }
}

fn load(dir: &Path) -> anyhow::Result<Catalog> {
    load_some(dir, None)
}

/// The catalog, with all languages or only `code`.
fn load_some(dir: &Path, code: Option<&str>) -> anyhow::Result<Catalog> {
    if !dir.is_dir() {
        bail!("{}: no such catalog folder", dir.display());
    }
    let catalog = match code {
        Some(code) => catalog::load::load_only(dir, &[code]),
        None => catalog::load(dir),
    };
    tracing::info!(
        catalog = %dir.display(),
        languages = catalog.languages.len(),
        problems = catalog.problems.len(),
        "catalog loaded"
    );
    Ok(catalog)
}

/// The problems that concern one language's folder.
fn problems_in<'a>(catalog: &'a Catalog, code: &str) -> impl Iterator<Item = &'a Problem> {
    let dir = catalog.root.join(code);
    catalog
        .problems
        .iter()
        .filter(move |p| p.file.starts_with(&dir))
}

fn language<'a>(catalog: &'a Catalog, code: &str) -> anyhow::Result<&'a catalog::Language> {
    if let Some(language) = catalog.language(code) {
        return Ok(language);
    }
    if let Some(files) = catalog.withheld.get(code) {
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        bail!(
            "language {code:?} is withheld: the pack check refused {}",
            names.join(", ")
        );
    }
    let problems: Vec<String> = problems_in(catalog, code)
        .map(|p| format!("  {p}"))
        .collect();
    if problems.is_empty() {
        // Only the asked-for language may have been loaded: list the folders.
        bail!(
            "unknown language {code:?}; the catalog has: {}",
            catalog::load::language_codes(&catalog.root).join(" ")
        );
    }
    bail!("language {code:?} did not load:\n{}", problems.join("\n"));
}

fn list(catalog: &Catalog, lang: Option<&str>) -> anyhow::Result<ExitCode> {
    match lang {
        None => {
            println!(
                "{:<8} {:<32} {:<4} {:>9} {:>9} {:>8} {:>7} {:>7} {:>6}  autonym",
                "code", "name", "dir", "text", "audio", "reviewed", "drafted", "flagged", "stale"
            );
            for c in Coverage::all(catalog) {
                println!(
                    "{:<8} {:<32} {:<4} {:>4}/{:<4} {:>4}/{:<4} {:>8} {:>7} {:>7} {:>6}  {}",
                    c.code,
                    c.name,
                    c.direction,
                    c.messages_with_text,
                    c.messages,
                    c.messages_with_audio,
                    c.messages,
                    c.text_reviewed,
                    c.text_draft,
                    c.text_flagged,
                    c.clips_out_of_date,
                    c.autonym
                );
            }
        }
        Some(code) => {
            let language = language(catalog, code)?;
            println!(
                "{} ({}), {} messages",
                language.meta.name,
                language.meta.autonym,
                catalog.messages.len()
            );
            for m in &catalog.messages {
                let entry = language.texts.get(m.id());
                let text = entry
                    .and_then(|e| e.text_for(Gender::Female))
                    .unwrap_or("(no text)");
                let audio = if language.clip(m.id(), Gender::Female).is_some() {
                    "audio"
                } else {
                    "text only"
                };
                let status = match entry {
                    None => "missing".to_owned(),
                    Some(e) if e.flag.is_some() => format!("{}, flagged", e.status.as_str()),
                    Some(e) => e.status.as_str().to_owned(),
                };
                println!(
                    "{:<24} {:<9} {:<11} [{audio}, {status}] {}",
                    m.id(),
                    m.category,
                    m.kind.as_str(),
                    m.text
                );
                println!("{:<24} {text}", "");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The language `code` of `catalog`, after checking that `id` is one of the
/// catalog's messages.
fn message_of<'a>(
    catalog: &'a Catalog,
    code: &str,
    id: &str,
) -> anyhow::Result<&'a catalog::Language> {
    let language = language(catalog, code)?;
    if catalog.message(id).is_none() {
        bail!("unknown message id {id:?} (see `safevoice list {code}`)");
    }
    Ok(language)
}

/// What `play` will play: every id checked, each with its clip.
fn play_items(
    catalog: &Catalog,
    code: &str,
    ids: &[String],
    gender: Gender,
) -> anyhow::Result<Vec<PlayItem>> {
    let mut items = Vec::new();
    for id in ids {
        let language = message_of(catalog, code, id)?;
        let Some(clip) = language.clip(id, gender) else {
            if let Some(files) = catalog.withheld.get(code) {
                let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                bail!(
                    "the audio of {id:?} is withheld: the pack check refused {}",
                    names.join(", ")
                );
            }
            bail!(
                "{} has no audio for {id:?} yet (text only): record it in the app or with `safevoice record`",
                language.meta.name
            );
        };
        items.push(PlayItem {
            path: clip.path.clone(),
            tag: id.clone(),
        });
    }
    Ok(items)
}

fn play(
    engine: &Engine,
    catalog: &Catalog,
    code: &str,
    items: Vec<PlayItem>,
    gender: Gender,
    pack_line: &str,
) -> anyhow::Result<ExitCode> {
    let language = language(catalog, code)?;
    let count = items.len();
    engine.send(Command::Play(items));
    let mut failed = false;
    let mut last_activity = Instant::now();
    loop {
        let Some(event) = engine.next_event(Duration::from_millis(200)) else {
            if last_activity.elapsed() > Duration::from_secs(15) {
                bail!("playback stalled: the audio device is not taking samples");
            }
            continue;
        };
        last_activity = Instant::now();
        match event {
            Event::DeviceOpened {
                name,
                rate,
                channels,
            } => {
                tracing::info!(device = %name, rate, channels, "output opened");
                eprintln!("{pack_line}");
                eprintln!("Output: {name} ({rate} Hz, {channels} ch)");
            }
            Event::Started {
                index,
                tag,
                seconds,
            } => {
                let text = language.text(&tag, gender).unwrap_or("");
                let meaning = catalog.message(&tag).map_or("", |m| m.text.as_str());
                println!(
                    "Playing [{}/{}] {tag} ({seconds:.1} s): {meaning}",
                    index + 1,
                    count
                );
                println!("    {text}");
            }
            Event::ClipError { tag, message } => {
                eprintln!("error: cannot play {tag}: {message}");
                failed = true;
            }
            Event::Error { message } => {
                tracing::warn!("audio output: {message}");
                eprintln!("error: {message}");
                return Ok(ExitCode::from(3));
            }
            Event::SequenceFinished => break,
            _ => {}
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn save_take(
    catalog: &Catalog,
    code: &str,
    id: &str,
    gender: Gender,
    mono: &[f32],
    rate: u32,
    speaker: Option<String>,
) -> anyhow::Result<ExitCode> {
    let language = message_of(catalog, code, id)?;
    if mono.is_empty() {
        bail!("the recording is silent: nothing saved");
    }
    let who = crate::catalog::edit::Provenance {
        speaker,
        date: crate::catalog::edit::today(),
    };
    let clip = crate::catalog::edit::save_recording(language, id, Some(gender), mono, rate, &who)?;
    println!(
        "Saved {} ({:.1} s) for {id} in {}, recorded {}.",
        language.dir.join(&clip.file).display(),
        mono.len() as f64 / f64::from(rate),
        language.meta.name,
        clip.recorded_on.as_deref().unwrap_or("")
    );
    Ok(ExitCode::SUCCESS)
}

/// Decode every clip of the catalog, on all cores; one problem per clip that fails.
pub fn decode_all(catalog: &Catalog) -> Vec<Problem> {
    let paths: Vec<&Path> = catalog
        .languages
        .values()
        .flat_map(|l| l.clips.iter().map(|c| c.path.as_path()))
        .collect();
    crate::parallel::map(&paths, |path| {
        decode_file(path)
            .err()
            .map(|err| Problem::file(path, err.to_string()))
    })
    .into_iter()
    .flatten()
    .collect()
}

/// The coverage table in Markdown, as the README carries it.
pub fn coverage_markdown(catalog: &Catalog) -> String {
    let mut out = String::from(
        "| code | language | autonym | dir | text | audio | recorded | synthetic | reviewed | drafted | flagged | low confidence | clips out of date |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for c in Coverage::all(catalog) {
        let audio = if c.messages_with_audio == 0 {
            "text only".to_owned()
        } else {
            format!("{}/{}", c.messages_with_audio, c.messages)
        };
        let tail: Vec<String> = c.tail_counts().iter().map(usize::to_string).collect();
        out += &format!(
            "| {} | {} | {} | {} | {}/{} | {} | {} |\n",
            c.code,
            c.name,
            c.autonym,
            c.direction,
            c.messages_with_text,
            c.messages,
            audio,
            tail.join(" | ")
        );
    }
    out
}

fn check(catalog: &Catalog, pack: &str, decode: bool, json: bool) -> anyhow::Result<ExitCode> {
    let mut problems = catalog.problems.clone();
    // Every bundled pictogram must parse (the mapping itself was checked on load).
    catalog.pictograms.parse_all(&mut problems);
    let started = Instant::now();
    if decode {
        problems.extend(decode_all(catalog));
    }
    let coverage = Coverage::all(catalog);
    if json {
        let messages: Vec<_> = catalog
            .messages
            .iter()
            .map(|m| serde_json::json!({"id": m.id(), "category": m.category, "kind": m.kind, "audience": m.audience, "flag": m.flag(), "pictograms": m.pictograms()}))
            .collect();
        let out = serde_json::json!({
            "catalog": catalog.root,
            "pack": pack,
            "languages": coverage,
            "messages": messages,
            "profiles": catalog.profiles.keys().collect::<Vec<_>>(),
            "pictograms": catalog.pictograms.dir,
            "problems": problems,
            "decoded": decode,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "Catalog {}: {} messages, {} languages, {} profiles, {} pictograms ({})",
            catalog.root.display(),
            catalog.messages.len(),
            catalog.languages.len(),
            catalog.profiles.len(),
            catalog.pictograms.defs.len(),
            catalog.pictograms.dir.display()
        );
        println!("{pack}");
        println!();
        // The widths of the columns after code and name.
        const WIDTHS: [usize; 9] = [5, 6, 9, 9, 9, 8, 8, 5, 6];
        let row = |code: &str, name: &str, cells: &[String]| {
            let cells: Vec<String> = cells
                .iter()
                .zip(WIDTHS)
                .map(|(cell, width)| format!("{cell:>width$}"))
                .collect();
            println!("{code:<8} {name:<28} {}", cells.join(" "));
        };
        let heads = [
            "text",
            "audio",
            "recorded",
            "synthetic",
            "reviewed",
            "drafted",
            "flagged",
            "low",
            "stale",
        ];
        row("code", "name", &heads.map(str::to_owned));
        for c in &coverage {
            let counts: Vec<String> = [c.messages_with_text, c.messages_with_audio]
                .into_iter()
                .chain(c.tail_counts())
                .map(|n| n.to_string())
                .collect();
            row(&c.code, &c.name, &counts);
        }
        let stale: Vec<String> = catalog
            .languages
            .values()
            .flat_map(|l| {
                l.clips
                    .iter()
                    .filter(|c| c.out_of_date)
                    .map(move |c| format!("{}/{}", l.meta.code, c.def.file))
            })
            .collect();
        if !stale.is_empty() {
            println!();
            println!(
                "{} clip(s) out of date (their text changed; scripts/render_audio.py re-renders the synthetic ones, recorded ones need a new recording):",
                stale.len()
            );
            for clip in &stale {
                println!("  {clip}");
            }
        }
        println!();
        if decode {
            let clips: usize = catalog.languages.values().map(|l| l.clips.len()).sum();
            println!(
                "Decoded {clips} clips in {:.1} s.",
                started.elapsed().as_secs_f64()
            );
        }
        if problems.is_empty() {
            println!("No problems.");
        } else {
            println!("{} problem(s):", problems.len());
            for p in &problems {
                println!("  {p}");
            }
        }
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_error_names_each_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        let err = anyhow::Error::new(crate::pack::PackError::Io {
            path: "/nonexistent".into(),
            source: io,
        })
        .context("cannot check the pack");
        assert_eq!(
            super::error_message(&err),
            "cannot check the pack: /nonexistent: No such file"
        );
    }
}
