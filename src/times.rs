//! Times for people, with the `time` crate: a local clock (`16:55:19`) and a
//! human-readable local date (`Mon 23 Nov 2026, 16:55:19`), always to the
//! second. Session records keep RFC 3339 UTC; these only display them.
//!
//! The local offset is read once, as early as possible ([`init`] at start
//! up, while the process has one thread: reading it later is refused on
//! Unix, where another thread could be changing the environment). Without
//! it, times show in UTC and say so.

use std::sync::OnceLock;
use std::time::SystemTime;
use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

static LOCAL: OnceLock<Option<UtcOffset>> = OnceLock::new();

const CLOCK: &[BorrowedFormatItem<'_>] = format_description!("[hour]:[minute]:[second]");
const DATE: &[BorrowedFormatItem<'_>] =
    format_description!("[weekday repr:short] [day padding:none] [month repr:short] [year]");

/// Read the local offset now (call first thing in `main`).
pub fn init() {
    local_offset();
}

/// The local offset, if it could be read.
pub fn local_offset() -> Option<UtcOffset> {
    *LOCAL.get_or_init(|| UtcOffset::current_local_offset().ok())
}

/// `t` in local time (UTC when the offset is unknown).
pub fn to_local(t: OffsetDateTime) -> OffsetDateTime {
    t.to_offset(local_offset().unwrap_or(UtcOffset::UTC))
}

/// The zone the helpers show times in: `UTC` or `UTC+01:00`.
pub fn zone_name() -> String {
    match local_offset() {
        Some(offset) if offset != UtcOffset::UTC => {
            let (h, m, _) = offset.as_hms();
            let sign = if offset.is_negative() { '-' } else { '+' };
            format!("UTC{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
        }
        _ => "UTC".to_owned(),
    }
}

/// Local clock time, `HH:MM:SS`.
pub fn clock(t: OffsetDateTime) -> String {
    to_local(t).format(CLOCK).unwrap_or_default()
}

/// Local date and time to the second, e.g. `Mon 23 Nov 2026, 16:55:19`.
pub fn human(t: OffsetDateTime) -> String {
    let local = to_local(t);
    format!(
        "{}, {}",
        local.format(DATE).unwrap_or_default(),
        local.format(CLOCK).unwrap_or_default()
    )
}

/// [`clock`] of a system time.
pub fn clock_of(t: SystemTime) -> String {
    clock(OffsetDateTime::from(t))
}

/// Parse an RFC 3339 time, as session records hold them.
pub fn parse(at: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(at, &Rfc3339).ok()
}

/// [`clock`] of an RFC 3339 time; the text itself when it does not parse.
pub fn clock_of_rfc3339(at: &str) -> String {
    parse(at).map_or_else(|| at.to_owned(), clock)
}

/// [`human`] of an RFC 3339 time; the text itself when it does not parse.
pub fn human_of_rfc3339(at: &str) -> String {
    parse(at).map_or_else(|| at.to_owned(), human)
}

/// An RFC 3339 time cut to the second, in UTC (`2026-11-23T16:55:19Z`), for
/// exports read by programs; the text itself when it does not parse.
pub fn rfc3339_seconds(at: &str) -> String {
    parse(at)
        .and_then(|t| t.to_offset(UtcOffset::UTC).replace_nanosecond(0).ok())
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| at.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offset() -> UtcOffset {
        local_offset().unwrap_or(UtcOffset::UTC)
    }

    #[test]
    fn clock_and_date_are_local_and_to_the_second() {
        let at = "2026-11-23T16:55:19.123456789Z";
        let t = parse(at).unwrap().to_offset(offset());
        let clock = clock_of_rfc3339(at);
        assert_eq!(
            clock,
            format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
        );
        let human = human_of_rfc3339(at);
        assert!(human.ends_with(&clock), "{human}");
        assert!(human.contains(&t.year().to_string()), "{human}");
        assert!(!human.contains("123"), "{human}");
        assert_eq!(rfc3339_seconds(at), "2026-11-23T16:55:19Z");
    }

    #[test]
    fn a_utc_date_reads_as_a_person_writes_it() {
        let t = parse("2026-11-23T06:05:09Z").unwrap();
        let shown = format!("{}, {}", t.format(DATE).unwrap(), t.format(CLOCK).unwrap());
        assert_eq!(shown, "Mon 23 Nov 2026, 06:05:09");
    }

    #[test]
    fn unparsable_times_are_shown_as_they_are() {
        assert_eq!(clock_of_rfc3339("yesterday"), "yesterday");
        assert_eq!(human_of_rfc3339(""), "");
        assert_eq!(rfc3339_seconds("x"), "x");
    }

    #[test]
    fn the_zone_is_named() {
        let zone = zone_name();
        assert!(zone.starts_with("UTC"), "{zone}");
    }
}
