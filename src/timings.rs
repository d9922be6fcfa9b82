//! `relief build --timings`: how long each step of a build took and how much memory the
//! process held after it, so an author can see what a large site spends its time on (and
//! relief's own benchmarks can see which step moved).
//!
//! The record is process-wide and off unless [`enable`] was called: the steps happen deep
//! in the pipeline, and threading a recorder through every caller (serve, check, tests) for
//! a diagnostic aid would cost more clarity than this one switch.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static STEPS: Mutex<Vec<Step>> = Mutex::new(Vec::new());

/// One measured step.
#[derive(Debug, Clone)]
pub struct Step {
    /// What the step did (`markdown`, `render pages`…).
    pub name: &'static str,
    /// How long it took.
    pub elapsed: Duration,
    /// Resident memory of the process when the step ended, in bytes, where the OS says.
    pub resident: Option<u64>,
    /// The most memory the process had held by then (during the step or before).
    pub peak: Option<u64>,
}

/// Start recording steps.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Run `f` as the step `name`, recording it when timings are on.
pub(crate) fn step<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !ENABLED.load(Ordering::Relaxed) {
        return f();
    }
    let started = Instant::now();
    let out = f();
    let step = Step {
        name,
        elapsed: started.elapsed(),
        resident: resident_bytes(),
        peak: peak_resident_bytes(),
    };
    crate::sync::lock(&STEPS).push(step);
    out
}

/// The steps recorded so far, emptying the record.
pub fn take() -> Vec<Step> {
    std::mem::take(&mut *crate::sync::lock(&STEPS))
}

/// The most memory the process has held so far, in bytes (Linux `VmHWM`).
pub(crate) fn peak_resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Current resident set size (Linux `/proc/self/statm`).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_steps_only_when_enabled() {
        // One test touches the process-wide record, so there is no race with another.
        assert_eq!(step("off", || 1), 1);
        assert!(take().is_empty());
        enable();
        assert_eq!(step("on", || 2), 2);
        let steps = take();
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].name, "on");
        assert!(take().is_empty());
    }
}
