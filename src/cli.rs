//! The command line: `gui`, `list`, `play`, `devices`, `check`.

use crate::audio::{Command, CpalOutput, Engine, Event, OutputFactory, PlayItem, decode_file};
use crate::catalog::coverage::Coverage;
use crate::catalog::{self, Catalog, Gender, Problem};
use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
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
    /// Delete one session (its file).
    Delete { id: String },
    /// Delete sessions older than DAYS days.
    Purge {
        #[arg(long, value_name = "DAYS")]
        older_than: u32,
    },
}

/// Export formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Html,
    Csv,
    Json,
}

fn sessions(action: SessionsCmd) -> anyhow::Result<ExitCode> {
    use crate::session::{Store, report};
    let store = Store::open_default();
    match action {
        SessionsCmd::List => {
            let (sessions, problems) = store.list();
            for problem in problems {
                eprintln!("warning: {problem}");
            }
            if sessions.is_empty() {
                println!("No sessions in {}.", store.dir.display());
            }
            for s in sessions {
                let (code, name) = (s.start().language, s.start().language_name);
                println!(
                    "{}  {name} ({code})  {} messages, {} answers  {}",
                    s.id,
                    s.played().len(),
                    s.answers().len(),
                    s.case_ref()
                        .map(|c| format!("case {c}"))
                        .unwrap_or_default()
                );
            }
        }
        SessionsCmd::Show { id } => {
            let s = store.load(&id)?;
            for warning in &s.warnings {
                eprintln!("warning: {warning}");
            }
            println!("Session {}: {}", s.id, s.start().summary());
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
            let body = match format {
                ExportFormat::Html => report::html(&s),
                ExportFormat::Csv => report::csv(&s)?,
                ExportFormat::Json => serde_json::to_string_pretty(&report::json(&s))?,
            };
            match output {
                Some(path) => {
                    std::fs::write(&path, body).with_context(|| format!("{}", path.display()))?
                }
                None => print!("{body}"),
            }
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

/// Run the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let dir = cli
        .messages
        .clone()
        .unwrap_or_else(catalog::default_messages_dir);
    match cli.command.unwrap_or(Cmd::Gui { lang: None }) {
        Cmd::Gui { lang } => {
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
            // Open the device while the catalog loads.
            let engine =
                Engine::start(Box::new(CpalOutput)).context("cannot start the audio engine")?;
            engine.send(Command::SetDevice(device));
            engine.send(Command::KeepOutputOpen(false));
            engine.send(Command::OpenOutput);
            let catalog = load_some(&dir, Some(&lang))?;
            play(&engine, &catalog, &lang, &ids, gender)
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
        Cmd::Sessions { action } => sessions(action),
        Cmd::Import {
            lang,
            id,
            file,
            gender,
            speaker,
        } => {
            let catalog = load_some(&dir, Some(&lang))?;
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
            let catalog = load_some(&dir, Some(&lang))?;
            language(&catalog, &lang)?;
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
        Cmd::Check {
            decode,
            json,
            markdown,
        } => {
            let catalog = load(&dir)?;
            if markdown {
                print!("{}", coverage_markdown(&catalog));
                return Ok(ExitCode::SUCCESS);
            }
            check(&catalog, decode, json)
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
    Ok(match code {
        Some(code) => catalog::load::load_only(dir, &[code]),
        None => catalog::load(dir),
    })
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
    let problems: Vec<String> = problems_in(catalog, code)
        .map(|p| format!("  {p}"))
        .collect();
    if problems.is_empty() {
        let known: Vec<&str> = catalog.languages.keys().map(String::as_str).collect();
        bail!(
            "unknown language {code:?}; the catalog has: {}",
            known.join(" ")
        );
    }
    bail!("language {code:?} did not load:\n{}", problems.join("\n"));
}

fn list(catalog: &Catalog, lang: Option<&str>) -> anyhow::Result<ExitCode> {
    match lang {
        None => {
            println!(
                "{:<8} {:<32} {:<4} {:>9} {:>9}  autonym",
                "code", "name", "dir", "text", "audio"
            );
            for c in Coverage::all(catalog) {
                println!(
                    "{:<8} {:<32} {:<4} {:>4}/{:<4} {:>4}/{:<4}  {}",
                    c.code,
                    c.name,
                    c.direction,
                    c.messages_with_text,
                    c.messages,
                    c.messages_with_audio,
                    c.messages,
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
                let status = entry.map_or("missing", |e| e.status.as_str());
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

fn play(
    engine: &Engine,
    catalog: &Catalog,
    code: &str,
    ids: &[String],
    gender: Gender,
) -> anyhow::Result<ExitCode> {
    let language = language(catalog, code)?;
    let mut items = Vec::new();
    for id in ids {
        if catalog.message(id).is_none() {
            bail!("unknown message id {id:?} (see `safevoice list {code}`)");
        }
        let Some(clip) = language.clip(id, gender) else {
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
                    ids.len()
                );
                println!("    {text}");
            }
            Event::ClipError { tag, message } => {
                eprintln!("error: cannot play {tag}: {message}");
                failed = true;
            }
            Event::Error { message } => {
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
    let language = language(catalog, code)?;
    if catalog.message(id).is_none() {
        bail!("unknown message id {id:?} (see `safevoice list {code}`)");
    }
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
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = paths.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .filter_map(|path| {
                            decode_file(path)
                                .err()
                                .map(|err| Problem::file(path, err.to_string()))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// The coverage table in Markdown, as the README carries it.
pub fn coverage_markdown(catalog: &Catalog) -> String {
    let mut out = String::from(
        "| code | language | autonym | dir | text | audio | recorded | synthetic | reviewed | low confidence |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for c in Coverage::all(catalog) {
        let audio = if c.messages_with_audio == 0 {
            "text only".to_owned()
        } else {
            format!("{}/{}", c.messages_with_audio, c.messages)
        };
        out += &format!(
            "| {} | {} | {} | {} | {}/{} | {} | {} | {} | {} | {} |\n",
            c.code,
            c.name,
            c.autonym,
            c.direction,
            c.messages_with_text,
            c.messages,
            audio,
            c.audio_recorded,
            c.audio_synthetic,
            c.text_reviewed,
            c.text_low_confidence
        );
    }
    out
}

fn check(catalog: &Catalog, decode: bool, json: bool) -> anyhow::Result<ExitCode> {
    let mut problems = catalog.problems.clone();
    let started = Instant::now();
    if decode {
        problems.extend(decode_all(catalog));
    }
    let coverage = Coverage::all(catalog);
    if json {
        let messages: Vec<_> = catalog
            .messages
            .iter()
            .map(|m| serde_json::json!({"id": m.id(), "category": m.category, "kind": m.kind, "audience": m.audience, "flag": m.flag()}))
            .collect();
        let out = serde_json::json!({
            "catalog": catalog.root,
            "languages": coverage,
            "messages": messages,
            "profiles": catalog.profiles.keys().collect::<Vec<_>>(),
            "problems": problems,
            "decoded": decode,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "Catalog {}: {} messages, {} languages, {} profiles",
            catalog.root.display(),
            catalog.messages.len(),
            catalog.languages.len(),
            catalog.profiles.len()
        );
        println!();
        println!(
            "{:<8} {:<28} {:>5} {:>6} {:>9} {:>9} {:>9} {:>5}",
            "code", "name", "text", "audio", "recorded", "synthetic", "reviewed", "low"
        );
        for c in &coverage {
            println!(
                "{:<8} {:<28} {:>5} {:>6} {:>9} {:>9} {:>9} {:>5}",
                c.code,
                c.name,
                c.messages_with_text,
                c.messages_with_audio,
                c.audio_recorded,
                c.audio_synthetic,
                c.text_reviewed,
                c.text_low_confidence
            );
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
