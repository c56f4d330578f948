//! Readings of this process: CPU time (all threads), resident and peak memory.

fn rusage() -> libc::rusage {
    // SAFETY: getrusage fills the zeroed struct it is given and has no other effect.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    }
}

/// User plus system CPU time of the whole process so far, in seconds.
pub fn cpu_seconds() -> f64 {
    let usage = rusage();
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// The largest resident set size so far, in KiB.
pub fn peak_rss_kb() -> u64 {
    rusage().ru_maxrss as u64
}

/// The resident set size now, in KiB (from /proc/self/statm).
pub fn rss_kb() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    // SAFETY: sysconf has no side effects.
    let page_size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as u64;
    pages * page_size / 1024
}
