//! The optional state file: loaded at start, written (atomically, through a temporary file)
//! shortly after each change and when the sandbox stops.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::engine::Engine;
use crate::state::State;

/// Bumped when the file's shape changes incompatibly.
const VERSION: u32 = 1;
/// Changes within this time are written together.
const DEBOUNCE: Duration = Duration::from_millis(50);

#[derive(Serialize)]
struct SnapshotRef<'a> {
    version: u32,
    state: &'a State,
}

#[derive(Deserialize)]
struct Snapshot {
    version: u32,
    state: State,
}

/// The saved state, or none when the file does not exist yet.
pub fn load(path: &Path) -> io::Result<Option<State>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let invalid = |why: String| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}: {why}", path.display()),
        )
    };
    let snapshot: Snapshot = serde_json::from_slice(&bytes)
        .map_err(|e| invalid(format!("not a sandbox state file ({e})")))?;
    if snapshot.version != VERSION {
        return Err(invalid(format!(
            "state file version {} is not supported",
            snapshot.version
        )));
    }
    let mut state = snapshot.state;
    state.reindex();
    Ok(Some(state))
}

/// Serializes the state (under its lock, briefly) for [`write`].
pub fn snapshot(engine: &Engine) -> io::Result<Vec<u8>> {
    let state = engine.state();
    serde_json::to_vec(&SnapshotRef {
        version: VERSION,
        state: &state,
    })
    .map_err(io::Error::other)
}

/// Writes a snapshot so that a crash leaves either the old file or the new one.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
}

/// Writes the state after changes until `shutdown`; the final write is the stopper's job.
pub async fn run(engine: Arc<Engine>, path: PathBuf, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            () = engine.dirty.notified() => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
        tokio::select! {
            () = tokio::time::sleep(DEBOUNCE) => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
        let saved = match snapshot(&engine) {
            Ok(bytes) => {
                let path = path.clone();
                tokio::task::spawn_blocking(move || write(&path, &bytes))
                    .await
                    .unwrap_or_else(|e| Err(io::Error::other(e)))
            }
            Err(e) => Err(e),
        };
        if let Err(e) = saved {
            eprintln!(
                "botika-sandbox: could not write the state file {}: {e}",
                path.display()
            );
        }
    }
}
