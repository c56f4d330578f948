//! Wall-clock time in the forms the API shows: Unix milliseconds inside, Laravel's ISO-8601
//! (`2026-11-25T17:10:00.000000Z`) and Unix seconds as strings (webhooks) outside.

use std::time::{SystemTime, UNIX_EPOCH};

/// Jakarta's offset from UTC: "today" for `/broadcasts/latest` is a Jakarta day (Botika is an
/// Indonesian service and WIB has no daylight saving).
const JAKARTA_OFFSET_MS: i64 = 7 * 3600 * 1000;
const DAY_MS: i64 = 86_400_000;

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Laravel's default JSON date format, always UTC with microseconds.
pub fn iso(ms: u64) -> String {
    let ms = i64::try_from(ms).unwrap_or(i64::MAX);
    let (days, rest) = (ms.div_euclid(DAY_MS), ms.rem_euclid(DAY_MS));
    let (year, month, day) = civil_from_days(days);
    let secs = rest / 1000;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        (rest % 1000) * 1000
    )
}

/// Unix seconds as a decimal string, as WhatsApp webhooks carry timestamps.
pub fn unix_secs(ms: u64) -> String {
    (ms / 1000).to_string()
}

/// The number of the calendar day in Jakarta that `ms` falls on.
pub fn jakarta_day(ms: u64) -> i64 {
    (i64::try_from(ms)
        .unwrap_or(i64::MAX)
        .saturating_add(JAKARTA_OFFSET_MS))
    .div_euclid(DAY_MS)
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar (the
/// well-known era-based algorithm: 400-year eras of 146097 days, years starting in March).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_laravel() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(iso(1_709_251_199_123), "2024-02-29T23:59:59.123000Z");
        assert_eq!(iso(1_764_090_600_000), "2025-11-25T17:10:00.000000Z");
    }

    #[test]
    fn jakarta_day_starts_at_17_utc() {
        let before = 1_764_090_000_000 - 1; // 2025-11-25T16:59:59.999Z
        assert_eq!(jakarta_day(before) + 1, jakarta_day(before + 1));
    }
}
