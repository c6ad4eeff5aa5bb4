//! Pack verification in the background: a worker thread opens the pack
//! (signature), then hashes every file, while the window draws. The window
//! polls [`PackWatch::status`] (cheap when nothing changed: compare
//! [`PackWatch::generation`]) and asks for files it needs now with
//! [`PackWatch::prioritise`]: a clip about to be played is hashed next, so it
//! is held back only until its own hash is known.

use super::journal::Journal;
use super::keys::TrustedKey;
use super::verify::{self, FileState, PackStatus};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex, PoisonError};

/// What the window sees of the check.
#[derive(Clone, Debug)]
pub enum WatchState {
    /// The signature is being read.
    Opening,
    /// Open; files are being hashed (see each file's state).
    Checking(PackStatus),
    /// Every file checked.
    Done(PackStatus),
    /// The pack could not be read at all.
    Failed(String),
}

impl WatchState {
    /// The status, once the pack is open.
    pub fn status(&self) -> Option<&PackStatus> {
        match self {
            WatchState::Checking(s) | WatchState::Done(s) => Some(s),
            _ => None,
        }
    }
}

struct Shared {
    state: Mutex<WatchState>,
    generation: AtomicU64,
}

/// Called by the worker after each change of state.
type Changed = Arc<dyn Fn() + Send + Sync>;

/// A running check of one pack.
pub struct PackWatch {
    root: PathBuf,
    keys: Vec<TrustedKey>,
    changed: Changed,
    shared: Arc<Shared>,
    urgent: Sender<PathBuf>,
}

impl PackWatch {
    /// Start checking `root` against `keys` on a worker thread. `changed`
    /// is called (from the worker) after each change of state, e.g. to ask
    /// the window for a repaint.
    pub fn start(
        root: &Path,
        keys: Vec<TrustedKey>,
        journal: Journal,
        changed: impl Fn() + Send + Sync + 'static,
    ) -> Self {
        Self::spawn(root.to_path_buf(), keys, journal, Arc::new(changed))
    }

    /// Check again from the start (after the app changed files of the pack),
    /// with the journal as it is now.
    pub fn restart(&mut self) {
        *self = Self::spawn(
            self.root.clone(),
            self.keys.clone(),
            Journal::load(),
            Arc::clone(&self.changed),
        );
    }

    fn spawn(root: PathBuf, keys: Vec<TrustedKey>, journal: Journal, changed: Changed) -> Self {
        let shared = Arc::new(Shared {
            state: Mutex::new(WatchState::Opening),
            generation: AtomicU64::new(0),
        });
        let (urgent, requests) = channel();
        let worker = Arc::clone(&shared);
        let (worker_root, worker_keys, worker_changed) =
            (root.clone(), keys.clone(), Arc::clone(&changed));
        let spawned = std::thread::Builder::new()
            .name("pack-check".into())
            .spawn(move || {
                run(
                    &worker_root,
                    &worker_keys,
                    journal,
                    &worker,
                    &requests,
                    &*worker_changed,
                );
            });
        if let Err(err) = spawned {
            *lock(&shared) = WatchState::Failed(format!("cannot start the pack check: {err}"));
        }
        Self {
            root,
            keys,
            changed,
            shared,
            urgent,
        }
    }

    /// A copy of the current state.
    pub fn status(&self) -> WatchState {
        lock(&self.shared).clone()
    }

    /// Bumped on every change: copy the state only when it moved.
    pub fn generation(&self) -> u64 {
        self.shared.generation.load(Ordering::Acquire)
    }

    /// The state of one file (full path), without copying the whole status.
    /// `None` when the pack is not open yet or the file is not part of it.
    pub fn state_of(&self, path: &Path) -> Option<FileState> {
        lock(&self.shared).status()?.state_of(path).cloned()
    }

    /// Hash these files (full paths) next.
    pub fn prioritise(&self, paths: &[PathBuf]) {
        for p in paths {
            let _ = self.urgent.send(p.clone());
        }
    }
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, WatchState> {
    shared.state.lock().unwrap_or_else(PoisonError::into_inner)
}

fn publish(shared: &Shared, state: WatchState, changed: &dyn Fn()) {
    *lock(shared) = state;
    shared.generation.fetch_add(1, Ordering::AcqRel);
    changed();
}

fn run(
    root: &Path,
    keys: &[TrustedKey],
    journal: Journal,
    shared: &Shared,
    urgent: &Receiver<PathBuf>,
    changed: &dyn Fn(),
) {
    let mut status = match verify::open(root, keys, journal) {
        Ok(s) => s,
        Err(err) => return publish(shared, WatchState::Failed(err.to_string()), changed),
    };
    publish(shared, WatchState::Checking(status.clone()), changed);
    // The small files that say what is shown (texts, profiles and their
    // hotlines, clip lists) first, then the clips; popped from the end.
    let mut queue: Vec<String> = status.pending().map(str::to_owned).collect();
    queue.sort_by_key(|rel| (!rel.ends_with(".toml"), rel.clone()));
    queue.reverse();
    let mut since_publish = 0usize;
    loop {
        // Urgent requests first.
        let (next, urgent_now) = match urgent.try_recv() {
            Ok(path) => (status.relative(&path), true),
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => (queue.pop(), false),
        };
        let Some(rel) = next else {
            if urgent_now {
                continue;
            }
            break;
        };
        let was_pending = status.files.get(&rel) == Some(&FileState::Pending);
        if !was_pending {
            if urgent_now {
                // Hashed in the meantime: the window may be holding a
                // message back for it, so tell it now.
                shared.generation.fetch_add(1, Ordering::AcqRel);
                changed();
            }
            continue;
        }
        // Hash without holding the lock, then record in both copies.
        let Some(state) = status.compute(&rel) else {
            continue;
        };
        status.set(&rel, state.clone());
        {
            let mut guard = lock(shared);
            if let WatchState::Checking(s) = &mut *guard {
                s.set(&rel, state.clone());
            }
        }
        since_publish += 1;
        // Tell the window at once about a refusal or an urgent file, else
        // every 200 files (a repaint each, not one per file).
        if state.is_refused() || urgent_now || since_publish >= 200 {
            since_publish = 0;
            shared.generation.fetch_add(1, Ordering::AcqRel);
            changed();
        }
    }
    publish(shared, WatchState::Done(status), changed);
}
