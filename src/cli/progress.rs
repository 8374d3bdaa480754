//! The progress bar of a long `factlint check`: on standard error, only
//! when it is a terminal, never under CI and never with a machine format, and
//! only once the run has taken a second (a run that ends sooner shows
//! nothing). It is cleared before the report is written.

use crate::check::Progress;
use crate::output::OutputFormat;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long a run goes before the bar shows: `FACTLINT_PROGRESS_DELAY_MS`
/// (tests set it to 0), else a second.
fn delay() -> Duration {
    std::env::var("FACTLINT_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis)
}

/// Whether a run in `format` shows a bar: standard error is a terminal, the
/// run is not under CI, and the format is one a person reads.
pub fn wanted(format: OutputFormat) -> bool {
    matches!(format, OutputFormat::Full | OutputFormat::Concise)
        && std::io::stderr().is_terminal()
        && !super::under_ci()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// A bar drawn from another thread while the run goes on; dropping it
/// clears it.
pub struct Bar {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Bar {
    /// Starts watching `progress`.
    pub fn start(progress: Arc<Progress>) -> Bar {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::Builder::new()
            .name("progress".to_owned())
            .spawn(move || draw(&progress, &stopped))
            .ok();
        Bar { stop, thread }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

fn draw(progress: &Progress, stop: &AtomicBool) {
    let started = Instant::now();
    let delay = delay();
    while started.elapsed() < delay {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        std::thread::park_timeout(Duration::from_millis(50).min(delay));
    }
    // Everything is set before the bar is first drawn, so that its first
    // frame (which may be its only one) names the stage.
    let bar = ProgressBar::hidden();
    let counted = ProgressStyle::with_template("{spinner} {elapsed:>3} {msg} {bar:30} {pos}/{len}")
        .expect("a valid template");
    let uncounted =
        ProgressStyle::with_template("{spinner} {elapsed:>3} {msg}").expect("a valid template");
    bar.set_style(uncounted.clone());
    let mut shown = None;
    let mut first = true;
    loop {
        let (stage, done, total) = progress.now();
        if shown != Some((stage, total)) {
            bar.set_style(if total > 0 {
                counted.clone()
            } else {
                uncounted.clone()
            });
            bar.set_length(total as u64);
            bar.set_message(stage.describe());
            shown = Some((stage, total));
        }
        bar.set_position(done as u64);
        if first {
            bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
            first = false;
        }
        bar.tick();
        if stop.load(Ordering::Relaxed) {
            break;
        }
        std::thread::park_timeout(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}
