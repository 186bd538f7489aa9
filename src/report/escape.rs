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
//! - [`xml`]: XML 1.0 text and attribute values (JUnit); characters XML 1.0 cannot carry
//!   even as references (ESC, BEL…) and bidi overrides become visible `\u{..}` text.
//! - [`uri_path`]: a relative file path as a URI reference (SARIF `artifactLocation.uri`).

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
/// `'`; other control characters and bidi overrides are removed.
pub fn csv_cell(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter(|&c| !is_dangerous(c) || matches!(c, '\t' | '\r' | '\n'))
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
    markdown_escape(s, false)
}

/// Escapes text for one Markdown table cell, heading, list item or paragraph line: inline
/// metacharacters as in [`markdown_text`]; `# + - = . !` only where they could start a block
/// or underline a heading (at the start, or `.` after leading digits), so ids and versions stay readable (`KO-LIC-01`, `1.0.2k`);
/// newlines become `<br>` so a cell cannot break the table.
pub fn markdown_cell(s: &str) -> String {
    markdown_escape(s, true)
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

fn markdown_escape(s: &str, inline: bool) -> String {
    let mut out = String::with_capacity(s.len());
    // Only spaces so far on this line / only digits after them.
    let (mut blank, mut digits) = (true, false);
    for c in s.chars() {
        let block_start = !inline || blank || (c == '.' && digits);
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '+' | '-' | '=' | '.' | '!' if block_start => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(c),
            c if is_dangerous(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
        digits = (blank || digits) && c.is_ascii_digit();
        blank = matches!(c, '\n' | '\r') || (blank && c == ' ');
    }
    out
}

/// Escapes text for XML 1.0 element content and quoted attribute values. Tab, newline and
/// CR become character references (so attribute values keep them); other controls, which
/// XML 1.0 forbids even as references, and bidi overrides become visible `\u{..}` text.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => {
                let _ = write!(out, "&#x{:X};", c as u32);
            }
            c if is_dangerous(c) || matches!(c, '\u{fffe}' | '\u{ffff}') => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A relative file path as a URI reference: RFC 3986 unreserved characters and `/` stay,
/// everything else (spaces, `#`, `?`, `%`, non-ASCII) is percent-encoded byte by byte.
pub fn uri_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
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
        assert_eq!(csv_cell("a\u{202e}b"), "ab");
        assert!(csv_cell("\u{202e}=1").starts_with('\''));
    }

    #[test]
    fn xml_escapes_markup_and_forbidden_characters() {
        assert_eq!(
            xml("<a href='x'>&\"</a>"),
            "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(xml("a\u{1b}[31m\u{7}"), "a\\u{1b}[31m\\u{7}");
        assert_eq!(xml("l1\nl2\t"), "l1&#xA;l2&#x9;");
        assert_eq!(xml("\u{202e}"), "\\u{202e}");
    }

    #[test]
    fn uri_path_percent_encodes() {
        assert_eq!(
            uri_path("sboms/app sbom#1.json"),
            "sboms/app%20sbom%231.json"
        );
        assert_eq!(uri_path("é"), "%C3%A9");
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
        assert_eq!(markdown_text("a-b.c"), "a\\-b\\.c");
    }

    #[test]
    fn markdown_cell_escapes_block_starts_only() {
        assert_eq!(
            markdown_cell("KO-LIC-01 openssl@1.0.2k"),
            "KO-LIC-01 openssl@1.0.2k"
        );
        assert_eq!(markdown_cell("- item"), "\\- item");
        assert_eq!(markdown_cell("  # title"), "  \\# title");
        assert_eq!(markdown_cell("12. x"), "12\\. x");
        assert_eq!(markdown_cell("a\n- b"), "a<br>\\- b");
        assert_eq!(markdown_cell("a\r\nb\rc"), "a<br>b<br>c");
        assert_eq!(markdown_cell("![x](y)"), "\\!\\[x\\]\\(y\\)");
    }
}
