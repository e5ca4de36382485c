//! How much CPU the server and the load generator used during a run, from Linux's
//! `/proc/PID/stat`.
//!
//! On a small machine the load generator competes with the server for the same cores,
//! so a throughput figure means little without knowing who used the CPU: when the two
//! together use every core, the machine is saturated, and the server's share says how
//! much of the throughput is its own. Figures are in cores (CPU seconds per second).

use super::memory::Watched;
use serde::Serialize;
use std::time::Instant;

/// Clock ticks per second of `/proc/PID/stat` times (`USER_HZ`, 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

impl Watched {
    /// User plus system CPU seconds the process used so far, `None` where there is no
    /// `/proc/PID/stat` (not Linux, the process is gone).
    pub fn cpu_seconds(self) -> Option<f64> {
        let path = match self {
            Watched::ThisProcess => "/proc/self/stat".to_owned(),
            Watched::Pid(pid) => format!("/proc/{pid}/stat"),
        };
        let stat = std::fs::read_to_string(path).ok()?;
        stat_cpu_ticks(&stat).map(|ticks| ticks as f64 / TICKS_PER_SECOND)
    }
}

/// `utime + stime` (fields 14 and 15) of a `/proc/PID/stat` line. The command name in
/// field 2 may hold spaces and parentheses, so fields are counted after its last `)`.
fn stat_cpu_ticks(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // After the name, field 3 (state) is index 0: utime (14) is index 11, stime index 12.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// The CPU used during a run, in cores.
#[derive(Debug, Clone, Serialize)]
pub struct CpuFigures {
    /// The server's cores, when it is another process (`--server-pid`); in an embedded
    /// run the sandbox's CPU is inside `this_process_cores`.
    pub server_cores: Option<f64>,
    /// This process: the load generator (and an embedded sandbox).
    pub this_process_cores: Option<f64>,
    /// Cores of the machine.
    pub machine_cores: usize,
    /// The machine's load average over the last minute when the run ended (from
    /// `/proc/loadavg`): above the cores, other work was competing for them.
    pub load_average: Option<f64>,
}

/// The first figure of `/proc/loadavg`, the runnable tasks averaged over a minute.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// CPU counters at the start of a run.
#[derive(Debug)]
pub struct CpuWatch {
    server: Option<(u32, f64)>,
    this_process: Option<f64>,
    started: Instant,
}

impl CpuWatch {
    /// Reads the counters of this process and of the server `pid`, if given.
    pub fn start(server_pid: Option<u32>) -> Self {
        Self {
            server: server_pid.and_then(|pid| Some((pid, Watched::Pid(pid).cpu_seconds()?))),
            this_process: Watched::ThisProcess.cpu_seconds(),
            started: Instant::now(),
        }
    }

    /// The cores each used since the start.
    pub fn finish(self) -> CpuFigures {
        let elapsed = self.started.elapsed().as_secs_f64().max(f64::EPSILON);
        let cores = |before: f64, after: Option<f64>| {
            after.map(|after| ((after - before) / elapsed * 100.0).round() / 100.0)
        };
        CpuFigures {
            server_cores: self
                .server
                .and_then(|(pid, before)| cores(before, Watched::Pid(pid).cpu_seconds())),
            this_process_cores: self
                .this_process
                .and_then(|before| cores(before, Watched::ThisProcess.cpu_seconds())),
            machine_cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            load_average: load_average(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utime_and_stime_are_read_after_a_name_with_spaces_and_parentheses() {
        let stat = "1234 (tokio (rt) worker) S 1 1234 1234 0 -1 4194560 500 0 0 0 250 75 0 0 20 0 4 0 1000 0 0";
        assert_eq!(stat_cpu_ticks(stat), Some(325));
        assert_eq!(stat_cpu_ticks("garbage"), None);
    }

    #[test]
    fn this_process_has_used_some_cpu() {
        if let Some(seconds) = Watched::ThisProcess.cpu_seconds() {
            assert!(seconds >= 0.0);
        }
    }
}
