//! All output escaping, in one place. Vendor strings are untrusted: every renderer calls
//! the function for its output kind before writing one.
//!
//! - [`terminal`]: C0/C1 control characters (ESC, BEL, CSI…) and bidi overrides become
//!   visible `\u{..}` escapes; tab and newline are kept only where a caller allows them.
//! - [`csv_cell`]: cells that a spreadsheet would run as a formula (`= + - @`, tab, CR) get a
//!   leading `'`; controls are removed.
//! - [`html`]: `& < > " ' \`` `=` escaped.
//! - [`markdown_cell`] and [`markdown_text`]: Markdown and HTML metacharacters escaped, `|`
//!   and newlines made safe inside table cells.

use std::fmt::Write as _;

/// True for characters that must never reach a terminal or document raw.
fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Neutralises terminal control sequences: every control character (including ESC, BEL,
/// CR, TAB and newline) and bidi override is shown as `\u{XX}`.
pub fn terminal(s: &str) -> String {
    terminal_keep(s, false)
}

/// Like [`terminal`], but keeps newlines (for multi-line messages).
pub fn terminal_multiline(s: &str) -> String {
    terminal_keep(s, true)
}

fn terminal_keep(s: &str, keep_newline: bool) -> String {
    if !s.chars().any(is_dangerous) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if keep_newline && c == '\n' {
            out.push(c);
        } else if is_dangerous(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Defuses spreadsheet formulas: a cell starting with `= + - @`, tab or CR gets a leading
/// `'`; other control characters are removed.
pub fn csv_cell(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\r' | '\n'))
        .collect();
    match cleaned.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cleaned}"),
        _ => cleaned,
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '`' => out.push_str("&#x60;"),
            '=' => out.push_str("&#x3D;"),
            c if is_dangerous(c) && c != '\n' && c != '\t' => {
                let _ = write!(out, "&#x{:x};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown prose: Markdown and HTML metacharacters get a backslash or an
/// entity, so vendor text can neither add links, images, emphasis nor raw HTML.
pub fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push('\n'),
            c if is_dangerous(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for one Markdown table cell: like [`markdown_text`], and newlines become
/// `<br>` so a cell cannot break the table.
pub fn markdown_cell(s: &str) -> String {
    markdown_text(s)
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_neutralises_escape_sequences() {
        assert_eq!(terminal("a\u{1b}[2Jb\u{7}"), "a\\u{1b}[2Jb\\u{7}");
        assert_eq!(terminal("plain"), "plain");
        assert_eq!(terminal("x\u{202e}y"), "x\\u{202e}y");
    }

    #[test]
    fn csv_defuses_formulas() {
        for bad in [
            "=cmd|' /C calc'!A0",
            "+SUM(1)",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert!(csv_cell(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(csv_cell("safe"), "safe");
        assert_eq!(csv_cell("a\u{1b}b"), "ab");
    }

    #[test]
    fn html_escapes_markup() {
        assert_eq!(
            html("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
        );
    }

    #[test]
    fn markdown_cell_cannot_break_a_table() {
        assert_eq!(markdown_cell("a|b\nc"), "a\\|b<br>c");
        assert_eq!(
            markdown_text("[x](javascript:y)"),
            "\\[x\\]\\(javascript:y\\)"
        );
        assert_eq!(markdown_text("<img>"), "&lt;img&gt;");
    }
}
