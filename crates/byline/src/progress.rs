//! Progress of a long command on stderr: one line redrawn on a terminal,
//! a plain line every [`PROGRESS_EVERY`] steps (and at the end) otherwise.

use std::io::{IsTerminal, Write};
use std::time::Instant;

/// Steps between two progress lines when stderr is not a terminal.
const PROGRESS_EVERY: u64 = 500;

pub struct Progress {
    total: u64,
    done: u64,
    started: Instant,
    terminal: bool,
    /// What is counted (`items`, `comments`).
    what: &'static str,
    /// What a plain line says was done with them (`imported`, `read`).
    verb: &'static str,
}

impl Progress {
    pub fn new(total: u64, what: &'static str, verb: &'static str) -> Self {
        Self { total, done: 0, started: Instant::now(), terminal: std::io::stderr().is_terminal(), what, verb }
    }

    pub fn step(&mut self) {
        self.done += 1;
        let rate = self.done as f64 / self.started.elapsed().as_secs_f64().max(0.001);
        let (done, total, what) = (self.done, self.total, self.what);
        let mut err = std::io::stderr();
        if self.terminal {
            let _ = write!(err, "\r{done} of {total} {what} ({rate:.0}/s)");
            if done == total {
                let _ = writeln!(err);
            }
        } else if done.is_multiple_of(PROGRESS_EVERY) || done == total {
            let _ = writeln!(err, "{} {done} of {total} {what} ({rate:.0}/s)", self.verb);
        }
    }
}
