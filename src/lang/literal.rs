//! Literal tokens to values: string escapes, exact decimals, dates, durations.
//!
//! Input: the text of one token and its span. Output: the value, or a diagnostic with the
//! span of the offending part. Also the reverse for the formatter (`escape`, `number_text`,
//! `date_text`). It does not know where a literal stands; `lower` does.

#![expect(
    clippy::result_large_err,
    reason = "a diagnostic is built once per error, never on a hot path"
)]

use super::ast::{Date, Duration, DurationUnit, Number};
use super::codes;
use crate::diag::{Diagnostic, FileId, Span};

/// Decimal places a number may have.
pub const MAX_SCALE: u8 = 18;

/// Decodes the body of a string (between the quotes) that starts at byte `start`.
pub fn unescape(file: FileId, body: &str, start: usize) -> Result<String, Diagnostic> {
    if is_plain(body) {
        return Ok(body.to_owned());
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = start + i;
        if c == '\\' {
            let Some((_, e)) = chars.next() else {
                return Err(bad_escape(file, Span::new(at, at + 1), "\\"));
            };
            match e {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => out.push(unicode_escape(file, body, i, start, &mut chars)?),
                other => {
                    let len = 1 + other.len_utf8();
                    return Err(bad_escape(
                        file,
                        Span::new(at, at + len),
                        &format!("\\{other}"),
                    ));
                }
            }
        } else if c.is_control() && c != '\t' {
            return Err(Diagnostic::error(
                codes::CONTROL_CHARACTER,
                format!(
                    "a string contains the raw control character U+{:04X}",
                    c as u32
                ),
            )
            .at_span(file, Span::new(at, at + c.len_utf8()))
            .with_label("control character")
            .with_help(format!(
                "write it as `\\u{{{:x}}}` if it is really meant",
                c as u32
            )));
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// True when `body` holds no escape and no control character, so that it means itself:
/// most strings, copied without decoding them char by char. Tested on bytes: C0 controls,
/// DEL, and `0xC2` (the lead byte of the C1 controls, and of some ordinary characters,
/// which then take the slow path).
fn is_plain(body: &str) -> bool {
    !body
        .bytes()
        .any(|b| b == b'\\' || b < 0x20 || b == 0x7f || b == 0xc2)
}

/// `\u{XXXX}`: one to six hex digits naming a Unicode scalar value.
fn unicode_escape(
    file: FileId,
    body: &str,
    backslash: usize,
    start: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> Result<char, Diagnostic> {
    let rest = body.get(backslash + 2..).unwrap_or("");
    let close = rest.find('}');
    let text_end = close.map_or(backslash + 2, |n| backslash + 2 + n + 1);
    let span = Span::new(start + backslash, start + text_end);
    let written = body.get(backslash..text_end).unwrap_or("\\u");
    let hex = rest
        .strip_prefix('{')
        .and_then(|r| close.and_then(|n| r.get(..n.saturating_sub(1))));
    let value = hex
        .filter(|h| (1..=6).contains(&h.len()) && h.chars().all(|c| c.is_ascii_hexdigit()))
        .and_then(|h| u32::from_str_radix(h, 16).ok())
        .and_then(char::from_u32);
    match value {
        Some(c) => {
            for _ in 0..written.chars().count().saturating_sub(2) {
                chars.next();
            }
            Ok(c)
        }
        None => Err(bad_escape(file, span, written)),
    }
}

fn bad_escape(file: FileId, span: Span, written: &str) -> Diagnostic {
    Diagnostic::error(
        codes::INVALID_ESCAPE,
        format!("`{written}` is not a valid escape"),
    )
    .at_span(file, span)
    .with_label("unknown escape")
    .with_help("valid escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{…}` with 1 to 6 hex digits")
}

/// Escapes a string for source: quotes, backslashes, control characters and bidirectional
/// overrides become escapes, so the canonical text shows what the string contains.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_bidi(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Parses `12`, `0.75`, `-3.5` exactly.
pub fn number(file: FileId, text: &str, span: Span) -> Result<Number, Diagnostic> {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let scale = u8::try_from(frac.len()).ok().filter(|s| *s <= MAX_SCALE);
    let joined = format!("{int}{frac}");
    let units = joined.parse::<i64>().ok();
    match (scale, units) {
        (Some(scale), Some(units)) => Ok(Number {
            units: if neg { -units } else { units },
            scale,
        }),
        _ => Err(Diagnostic::error(
            codes::INVALID_NUMBER,
            format!("the number `{text}` is too large or too precise"),
        )
        .at_span(file, span)
        .with_label("out of range")
        .with_help(format!(
            "numbers hold up to 18 significant digits and at most {MAX_SCALE} decimal places"
        ))),
    }
}

/// Formats a number exactly as `units / 10^scale`.
pub fn number_text(n: Number) -> String {
    let digits = n.units.unsigned_abs().to_string();
    let sign = if n.units < 0 { "-" } else { "" };
    let scale = usize::from(n.scale);
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{sign}{int}.{frac}")
}

/// Parses and validates `YYYY-MM-DD`.
pub fn date(file: FileId, text: &str, span: Span) -> Result<Date, Diagnostic> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next().and_then(|p| p.parse::<i16>().ok());
    let month = parts.next().and_then(|p| p.parse::<u8>().ok());
    let day = parts.next().and_then(|p| p.parse::<u8>().ok());
    if let (Some(year), Some(month), Some(day)) = (year, month, day) {
        if year >= 1 && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) {
            return Ok(Date { year, month, day });
        }
        let help = if (1..=12).contains(&month) {
            format!(
                "{year:04}-{month:02} has {} days",
                days_in_month(year, month)
            )
        } else {
            "months run from 01 to 12".to_owned()
        };
        return Err(invalid_date(file, text, span).with_help(help));
    }
    Err(invalid_date(file, text, span).with_help("write dates as `YYYY-MM-DD`"))
}

fn invalid_date(file: FileId, text: &str, span: Span) -> Diagnostic {
    Diagnostic::error(codes::INVALID_DATE, format!("`{text}` is not a valid date"))
        .at_span(file, span)
        .with_label("no such day")
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

pub fn date_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// A duration from its amount (already a number) and unit word.
pub fn duration(
    file: FileId,
    amount: Number,
    unit: &str,
    span: Span,
) -> Result<Duration, Diagnostic> {
    let unit = match unit {
        "day" | "days" => DurationUnit::Days,
        "week" | "weeks" => DurationUnit::Weeks,
        "month" | "months" => DurationUnit::Months,
        _ => DurationUnit::Years,
    };
    if amount.scale != 0 {
        return Err(Diagnostic::error(
            codes::INVALID_DURATION,
            format!(
                "a duration needs a whole number, not `{}`",
                number_text(amount)
            ),
        )
        .at_span(file, span)
        .with_label("not a whole number")
        .with_help("use a smaller unit: `18 months` instead of `1.5 years`"));
    }
    Ok(Duration {
        amount: amount.units,
        unit,
    })
}

/// `1 year`, `5 years`.
pub fn duration_text(d: Duration) -> String {
    let unit = match d.unit {
        DurationUnit::Days => "day",
        DurationUnit::Weeks => "week",
        DurationUnit::Months => "month",
        DurationUnit::Years => "year",
    };
    let plural = if d.amount.unsigned_abs() == 1 {
        ""
    } else {
        "s"
    };
    format!("{} {unit}{plural}", d.amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(0);
    const S: Span = Span { start: 0, end: 0 };

    #[test]
    fn plain_strings_take_the_fast_path_and_mean_the_same() {
        for plain in ["", "abc", "é ü € 日本", "MIT OR Apache-2.0", "{param}"] {
            assert!(is_plain(plain), "{plain}");
            assert_eq!(unescape(F, plain, 0).unwrap(), plain);
        }
        for not_plain in ["a\\nb", "tab\there", "del\u{7f}", "c1\u{85}", "deg °"] {
            assert!(!is_plain(not_plain), "{not_plain:?}");
        }
        assert_eq!(unescape(F, "deg °", 0).unwrap(), "deg °");
        assert!(unescape(F, "c1\u{85}", 0).is_err());
        assert!(unescape(F, "del\u{7f}", 0).is_err());
    }

    #[test]
    fn strings_round_trip_through_escape() {
        let s = "a\"b\\c\nd\te\u{1b}\u{202e}é";
        let text = escape(s);
        let body = &text[1..text.len() - 1];
        assert_eq!(unescape(F, body, 0).unwrap(), s);
    }

    #[test]
    fn bad_escapes_are_diagnostics() {
        for body in [
            "\\q",
            "\\u{}",
            "\\u{110000}",
            "\\u{zz}",
            "\\u{1234567}",
            "\\u",
            "\\",
        ] {
            assert_eq!(
                unescape(F, body, 0).unwrap_err().code,
                codes::INVALID_ESCAPE,
                "{body}"
            );
        }
        assert_eq!(unescape(F, "\\u{41}x", 0).unwrap(), "Ax");
        assert_eq!(
            unescape(F, "a\u{7}", 0).unwrap_err().code,
            codes::CONTROL_CHARACTER
        );
    }

    #[test]
    fn numbers_are_exact() {
        assert_eq!(
            number(F, "12.50", S).unwrap(),
            Number {
                units: 1250,
                scale: 2
            }
        );
        assert_eq!(
            number(F, "-0.05", S).unwrap(),
            Number {
                units: -5,
                scale: 2
            }
        );
        assert_eq!(
            number_text(Number {
                units: -5,
                scale: 2
            }),
            "-0.05"
        );
        assert_eq!(
            number_text(Number {
                units: 1250,
                scale: 2
            }),
            "12.50"
        );
        assert_eq!(number_text(Number::int(7)), "7");
        assert!(number(F, "99999999999999999999", S).is_err());
        assert!(number(F, "0.1234567890123456789", S).is_err());
    }

    #[test]
    fn dates_are_validated() {
        assert!(date(F, "2028-02-29", S).is_ok());
        assert!(date(F, "2027-02-29", S).is_err());
        assert!(date(F, "2027-13-01", S).is_err());
        assert!(date(F, "2027-04-31", S).is_err());
        assert!(date(F, "0000-01-01", S).is_err());
        assert_eq!(date_text(date(F, "2027-01-05", S).unwrap()), "2027-01-05");
    }
}
