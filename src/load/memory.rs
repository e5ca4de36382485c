//! How much memory the server under load holds, from Linux's `/proc/PID/status`.
//!
//! "Bounded memory" is judged on three figures: the resident set when the walk starts,
//! when it ends, and the kernel's high-water mark (`VmHWM`, the peak RSS over the
//! process's life). A sample every second shows whether it levels off or keeps growing.
//! In an embedded run the process is this one, so the figures include the load
//! generator too; `--server-pid` points them at a `conform serve` instead.

use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Whose memory is watched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watched {
    /// This process (an embedded sandbox and the load generator).
    ThisProcess,
    /// Another process, e.g. `conform serve`.
    Pid(u32),
}

impl Watched {
    fn status_path(self) -> String {
        match self {
            Watched::ThisProcess => "/proc/self/status".into(),
            Watched::Pid(pid) => format!("/proc/{pid}/status"),
        }
    }

    /// The value in KiB of `field` (`VmHWM`, `VmRSS`) of the process's status, `None`
    /// where there is no such file (not Linux, the process is gone).
    pub fn kib(self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(self.status_path()).ok()?;
        status_field_kib(&status, field)
    }
}

/// `field` of a `/proc/PID/status` text, in KiB.
fn status_field_kib(status: &str, field: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        if name != field {
            return None;
        }
        value.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

/// The memory figures of a run, in KiB.
#[derive(Debug, Clone, Serialize)]
pub struct MemoryFigures {
    /// Whose they are, in words.
    pub whose: String,
    /// The process id, or `null` for this process.
    pub pid: Option<u32>,
    /// Resident set when the walk started.
    pub rss_start_kib: u64,
    /// Resident set when the walk ended.
    pub rss_end_kib: u64,
    /// The peak resident set over the process's life (`VmHWM`).
    pub peak_rss_kib: u64,
    /// `[seconds since the start, resident KiB]`, one a second.
    pub rss_samples: Vec<(f64, u64)>,
}

/// Samples a process's resident set once a second while a run goes on.
#[derive(Debug)]
pub struct MemoryWatch {
    watched: Watched,
    start_kib: u64,
    started: Instant,
    samples: Arc<Mutex<Vec<(f64, u64)>>>,
    sampler: tokio::task::JoinHandle<()>,
}

impl MemoryWatch {
    /// Starts watching; `None` when the process's status cannot be read.
    pub fn start(watched: Watched) -> Option<Self> {
        let start_kib = watched.kib("VmRSS")?;
        let started = Instant::now();
        let samples = Arc::new(Mutex::new(vec![(0.0, start_kib)]));
        let kept = samples.clone();
        let sampler = tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(1));
            every.tick().await;
            loop {
                every.tick().await;
                let Some(kib) = watched.kib("VmRSS") else {
                    return;
                };
                let at = (started.elapsed().as_secs_f64() * 10.0).round() / 10.0;
                kept.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((at, kib));
            }
        });
        Some(Self {
            watched,
            start_kib,
            started,
            samples,
            sampler,
        })
    }

    /// Stops watching and gives the figures; `None` if the process went away.
    pub fn finish(self) -> Option<MemoryFigures> {
        self.sampler.abort();
        let end_kib = self.watched.kib("VmRSS")?;
        let peak_kib = self.watched.kib("VmHWM")?;
        let mut samples =
            std::mem::take(&mut *self.samples.lock().unwrap_or_else(|e| e.into_inner()));
        let at = (self.started.elapsed().as_secs_f64() * 10.0).round() / 10.0;
        samples.push((at, end_kib));
        let (whose, pid) = match self.watched {
            Watched::ThisProcess => (
                "this process (the embedded sandbox and the load generator)".to_owned(),
                None,
            ),
            Watched::Pid(pid) => (format!("process {pid}"), Some(pid)),
        };
        Some(MemoryFigures {
            whose,
            pid,
            rss_start_kib: self.start_kib,
            rss_end_kib: end_kib,
            peak_rss_kib: peak_kib,
            rss_samples: samples,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_fields_are_read_in_kib() {
        let status =
            "Name:\tconform\nVmPeak:\t  500000 kB\nVmHWM:\t   123456 kB\nVmRSS:\t   100000 kB\n";
        assert_eq!(status_field_kib(status, "VmHWM"), Some(123_456));
        assert_eq!(status_field_kib(status, "VmRSS"), Some(100_000));
        assert_eq!(status_field_kib(status, "VmSwap"), None);
    }

    #[test]
    fn this_process_has_a_peak_at_least_its_current_size() {
        // The current size first: other tests' threads grow the process between the two
        // reads, and the peak read second is at least every size seen before it.
        let now = Watched::ThisProcess.kib("VmRSS");
        let peak = Watched::ThisProcess.kib("VmHWM");
        if let (Some(peak), Some(now)) = (peak, now) {
            assert!(peak >= now, "peak {peak} KiB, current {now} KiB");
        }
    }
}
