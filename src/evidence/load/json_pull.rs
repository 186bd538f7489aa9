//! A strict JSON pull reader over `&str`, for the hot path of large evidence files.
//!
//! Input: prepared text (UTF-8, no byte-order mark; see [`crate::evidence::json::prepare`])
//! and a depth limit. The caller pulls one token at a time: objects and arrays
//! ([`Reader::begin_object`], [`Reader::more_in_object`], …), keys, strings (borrowed from
//! the text when they hold no escape, unescaped into an owned `Cow` otherwise), `null`,
//! booleans, and whole values to skip or to hand to serde as a sub-slice.
//!
//! It accepts only RFC 8259 JSON and is at least as strict as `serde_json`: no trailing
//! commas, no leading zeros, no control characters in strings, only the standard escapes,
//! `\u` surrogates only in pairs, nothing but whitespace after the value, and nesting up to
//! the depth limit. It never explains a problem: any irregularity is [`GiveUp`], and the
//! caller reads the file again with its exact (serde) reader, which names the problem.

use std::borrow::Cow;

/// The offset in `window` of the first `{` after a `,` at the least depth (relative to the
/// start) where such a pair occurs, reading the window as JSON that starts inside a string
/// or not (`in_string`); `None` when the window is not JSON read that way (a letter outside
/// a string, say), `Some(None)` when it holds no such pair.
fn shallowest_element(window: &[u8], mut in_string: bool) -> Option<Option<usize>> {
    let mut depth = 0i64;
    let mut best: Option<(i64, usize)> = None;
    let mut i = 0;
    while let Some(&b) = window.get(i) {
        i += 1;
        if in_string {
            match b {
                b'"' => in_string = false,
                b'\\' => i += 1,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth -= 1,
            b',' => {
                let mut j = i;
                while let Some(b' ' | b'\n' | b'\r' | b'\t') = window.get(j) {
                    j += 1;
                }
                if window.get(j) == Some(&b'{') && best.is_none_or(|(d, _)| depth < d) {
                    best = Some((depth, j));
                }
            }
            // what else may stand outside strings: whitespace, numbers, literals
            b' '
            | b'\n'
            | b'\r'
            | b'\t'
            | b':'
            | b'0'..=b'9'
            | b'-'
            | b'+'
            | b'.'
            | b'e'
            | b'E'
            | b't'
            | b'r'
            | b'u'
            | b'f'
            | b'a'
            | b'l'
            | b's'
            | b'n' => {}
            _ => return None,
        }
    }
    Some(best.map(|(_, j)| j))
}

/// The reader met something it does not accept; the slow path decides what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GiveUp;

/// What every step returns.
pub type R<T> = Result<T, GiveUp>;

/// `serde_json` refuses the 128th nested container of a typed value; the reader stays below.
pub const SERDE_DEPTH: usize = 127;

/// A cursor over the text.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    depth: usize,
    max_depth: usize,
}

impl<'t> Reader<'t> {
    /// A reader accepting at most `max_depth` nested objects and arrays (and never more
    /// than [`SERDE_DEPTH`]).
    pub fn new(text: &'t str, max_depth: usize) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            max_depth: max_depth.min(SERDE_DEPTH),
        }
    }

    /// A reader at `pos` inside `depth` open containers, as another reader of the same text
    /// was there: for reading the elements of one array on several threads.
    pub fn resume(&self, pos: usize) -> Self {
        Reader { pos, ..*self }
    }

    /// The offset of the next significant byte (whitespace skipped).
    pub fn at(&mut self) -> usize {
        self.ws();
        self.pos
    }

    /// The bytes after the cursor.
    pub fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    /// A guess at where an element of the array of objects around `from` starts, at or
    /// after `from`: a `{` after a `,`, in the least deep place where one is found in the
    /// next [`Reader::GUESS_WINDOW`] bytes (elements have arrays of objects in them too).
    /// Whether `from` is inside a string is guessed too: the reading that finds only JSON
    /// outside strings wins. The caller must prove the guess.
    pub fn element_after(&self, from: usize) -> Option<usize> {
        let end = from
            .saturating_add(Self::GUESS_WINDOW)
            .min(self.bytes.len());
        let window = self.bytes.get(from..end)?;
        let found = shallowest_element(window, false).or_else(|| shallowest_element(window, true));
        found.flatten().map(|i| from + i)
    }

    /// How far [`Reader::element_after`] looks.
    pub const GUESS_WINDOW: usize = 1 << 16;

    /// Continues where `other`, a reader made by [`Reader::resume`], stopped.
    pub fn take_over(&mut self, other: &Reader<'t>) {
        self.pos = other.pos;
        self.depth = other.depth;
    }

    /// The text between two offsets the reader has passed.
    pub fn slice(&self, start: usize, end: usize) -> R<&'t str> {
        self.text.get(start..end).ok_or(GiveUp)
    }

    #[inline]
    fn ws(&mut self) {
        loop {
            match self.bytes.get(self.pos) {
                Some(b' ' | b'\r' | b'\t') => self.pos += 1,
                Some(b'\n') => {
                    self.pos += 1;
                    self.indentation();
                }
                _ => return,
            }
        }
    }

    /// Skips the spaces after a line break, eight bytes at a time (pretty-printed files
    /// indent every line).
    #[inline]
    fn indentation(&mut self) {
        const SPACES: u64 = u64::from_le_bytes(*b"        ");
        while let Some(&[b0, b1, b2, b3, b4, b5, b6, b7]) = self.bytes.get(self.pos..self.pos + 8) {
            let other = u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7]) ^ SPACES;
            if other != 0 {
                self.pos += other.trailing_zeros() as usize / 8;
                return;
            }
            self.pos += 8;
        }
    }

    /// The next significant byte, not consumed.
    #[inline]
    pub fn peek(&mut self) -> R<u8> {
        self.ws();
        self.bytes.get(self.pos).copied().ok_or(GiveUp)
    }

    #[inline]
    fn eat(&mut self, b: u8) -> R<()> {
        if self.peek()? == b {
            self.pos += 1;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// Nothing but whitespace is left.
    pub fn end(&mut self) -> R<()> {
        self.ws();
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(GiveUp);
        }
        Ok(())
    }

    /// Consumes `open`; false (and the container consumed) when `close` follows at once.
    fn begin(&mut self, open: u8, close: u8) -> R<bool> {
        self.eat(open)?;
        self.enter()?;
        if self.peek()? == close {
            self.pos += 1;
            self.depth -= 1;
            return Ok(false);
        }
        Ok(true)
    }

    /// After an entry of a container: true after `,` (another follows), false after `close`.
    #[inline]
    fn more(&mut self, close: u8) -> R<bool> {
        match self.peek()? {
            b',' => {
                self.pos += 1;
                Ok(true)
            }
            b if b == close => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            _ => Err(GiveUp),
        }
    }

    /// Consumes `{`; false (and the object consumed) when it is empty.
    pub fn begin_object(&mut self) -> R<bool> {
        self.begin(b'{', b'}')
    }

    /// After a member's value: true after `,` (another member follows), false after `}`.
    #[inline]
    pub fn more_in_object(&mut self) -> R<bool> {
        self.more(b'}')
    }

    /// A member's key and its `:`.
    #[inline]
    pub fn key(&mut self) -> R<Cow<'t, str>> {
        let k = self.string()?;
        self.eat(b':')?;
        Ok(k)
    }

    /// Consumes `[`; false (and the array consumed) when it is empty.
    pub fn begin_array(&mut self) -> R<bool> {
        self.begin(b'[', b']')
    }

    /// After an element: true after `,` (another element follows), false after `]`.
    #[inline]
    pub fn more_in_array(&mut self) -> R<bool> {
        self.more(b']')
    }

    /// Consumes `null` when it comes next.
    #[inline]
    pub fn null(&mut self) -> R<bool> {
        if self.peek()? != b'n' {
            return Ok(false);
        }
        self.literal(b"null")?;
        Ok(true)
    }

    /// `true` or `false`.
    pub fn boolean(&mut self) -> R<bool> {
        match self.peek()? {
            b't' => self.literal(b"true").map(|()| true),
            b'f' => self.literal(b"false").map(|()| false),
            _ => Err(GiveUp),
        }
    }

    fn literal(&mut self, word: &[u8]) -> R<()> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// A string, borrowed when it holds no escape.
    #[inline]
    pub fn string(&mut self) -> R<Cow<'t, str>> {
        self.eat(b'"')?;
        let start = self.pos;
        self.pos = self.plain_run(start);
        match self.bytes.get(self.pos) {
            Some(b'"') => {
                let s = self.slice(start, self.pos)?;
                self.pos += 1;
                Ok(Cow::Borrowed(s))
            }
            Some(b'\\') => self.escaped(start).map(Cow::Owned),
            _ => Err(GiveUp),
        }
    }

    /// The offset of the first `"`, `\` or control character at or after `from` (or the
    /// end of the text).
    #[inline]
    fn plain_run(&self, from: usize) -> usize {
        const ONES: u64 = u64::MAX / 255;
        let mut i = from;
        if let Some(rest) = self.bytes.get(from..) {
            for chunk in rest.chunks_exact(8) {
                let Ok(arr) = <[u8; 8]>::try_from(chunk) else {
                    break;
                };
                let w = u64::from_le_bytes(arr);
                let ctrl = w.wrapping_sub(ONES * 0x20) & !w;
                let q = w ^ (ONES * u64::from(b'"'));
                let quote = q.wrapping_sub(ONES) & !q;
                let bs = w ^ (ONES * u64::from(b'\\'));
                let backslash = bs.wrapping_sub(ONES) & !bs;
                let hit = (ctrl | quote | backslash) & (ONES << 7);
                if hit != 0 {
                    return i + hit.trailing_zeros() as usize / 8;
                }
                i += 8;
            }
        }
        while let Some(&b) = self.bytes.get(i) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            i += 1;
        }
        i
    }

    /// The rest of a string from its first escape (the cursor is on the backslash).
    #[cold]
    fn escaped(&mut self, start: usize) -> R<String> {
        let mut out = String::from(self.slice(start, self.pos)?);
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = self.escape()?;
                    out.push(c);
                }
                _ => return Err(GiveUp),
            }
            let run = self.plain_run(self.pos);
            out.push_str(self.slice(self.pos, run)?);
            self.pos = run;
        }
    }

    /// One escape after its backslash.
    fn escape(&mut self) -> R<char> {
        let b = self.bytes.get(self.pos).copied().ok_or(GiveUp)?;
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                let code = match hi {
                    0xD800..=0xDBFF => {
                        if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                            return Err(GiveUp);
                        }
                        self.pos += 2;
                        let lo = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&lo) {
                            return Err(GiveUp);
                        }
                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(GiveUp),
                    _ => hi,
                };
                char::from_u32(code).ok_or(GiveUp)?
            }
            _ => return Err(GiveUp),
        })
    }

    fn hex4(&mut self) -> R<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or(GiveUp)?;
        let mut n = 0;
        for &d in digits {
            let v = char::from(d).to_digit(16).ok_or(GiveUp)?;
            n = n * 16 + v;
        }
        self.pos += 4;
        Ok(n)
    }

    /// Checks a string without keeping it.
    fn skip_string(&mut self) -> R<()> {
        self.pos += 1; // the opening quote, seen by the caller
        loop {
            self.pos = self.plain_run(self.pos);
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape()?;
                }
                _ => return Err(GiveUp),
            }
        }
    }

    /// A number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, not converted.
    fn skip_number(&mut self) -> R<()> {
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(GiveUp),
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            self.some_digits()?;
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            self.some_digits()?;
        }
        Ok(())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn some_digits(&mut self) -> R<()> {
        let start = self.pos;
        self.digits();
        if self.pos == start {
            Err(GiveUp)
        } else {
            Ok(())
        }
    }

    /// Checks and skips one value of any kind.
    pub fn skip_value(&mut self) -> R<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' => {
                if self.begin_object()? {
                    loop {
                        self.eat_key()?;
                        self.skip_value()?;
                        if !self.more_in_object()? {
                            break;
                        }
                    }
                }
                Ok(())
            }
            b'[' => {
                if self.begin_array()? {
                    loop {
                        self.skip_value()?;
                        if !self.more_in_array()? {
                            break;
                        }
                    }
                }
                Ok(())
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.skip_number(),
            _ => Err(GiveUp),
        }
    }

    fn eat_key(&mut self) -> R<()> {
        if self.peek()? != b'"' {
            return Err(GiveUp);
        }
        self.skip_string()?;
        self.eat(b':')
    }

    /// Skips one value and returns its text (for serde to read on its own).
    pub fn raw_value(&mut self) -> R<&'t str> {
        self.ws();
        let start = self.pos;
        self.skip_value()?;
        self.slice(start, self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Whether the reader accepts the whole text as one value (skipped).
    fn accepts(text: &str) -> bool {
        let mut r = Reader::new(text, 128);
        r.skip_value().and_then(|()| r.end()).is_ok()
    }

    /// serde_json reading a value tree: strings are checked in full (lone surrogates
    /// refused), numbers converted (a huge exponent is out of range).
    fn serde_accepts(text: &str) -> bool {
        serde_json::from_str::<serde_json::Value>(text).is_ok()
    }

    /// serde_json skipping: numbers not converted, `\u` escapes not paired.
    fn serde_skips(text: &str) -> bool {
        serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
    }

    #[test]
    fn guesses_land_on_the_next_element_of_the_outer_array() {
        // elements with strings that look like boundaries and arrays of objects inside
        let item = r#"{"type":"library","name":"a, {b \", {c","refs":[{"t":"x"},{"t":"y"}],"n":-1.5e3,"ok":true}"#;
        for sep in [",", ",\n    "] {
            let text = format!("[{}]", vec![item; 40].join(sep));
            let r = Reader::new(&text, 64);
            let starts: Vec<usize> = text.match_indices(r#"{"type""#).map(|(i, _)| i).collect();
            // the first element whose `,` comes at or after `from`
            let last = *starts.last().unwrap() - sep.len();
            for from in 1..=last {
                let next = *starts.iter().find(|&&s| s >= from + sep.len()).unwrap();
                assert_eq!(r.element_after(from), Some(next), "from {from} in {sep:?}");
            }
        }
    }

    fn string_of(text: &str) -> R<Cow<'_, str>> {
        let mut r = Reader::new(text, 128);
        let s = r.string()?;
        r.end()?;
        Ok(s)
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        let bad = [
            "",
            " ",
            "[1,]",
            "{\"a\":1,}",
            "[,1]",
            "{,}",
            "01",
            "-",
            "-01",
            "1.",
            ".5",
            "1e",
            "1e+",
            "+1",
            "0x1",
            "\"a\u{1}b\"",
            "\"tab\there\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12G4\"",
            "\"\\ud800\"",
            "\"\\ud800\\u0041\"",
            "\"\\udc00\"",
            "\"\\ud800x\"",
            "\"open",
            "[1] 2",
            "{} {}",
            "{\"a\" 1}",
            "{\"a\":}",
            "{1:2}",
            "[1 2]",
            "tru",
            "nul",
            "nulls",
            "True",
            "[1}",
            "{\"a\":1]",
            "\u{c}1",
            "\u{a0}1",
            "NaN",
            "Infinity",
            "'a'",
        ];
        for t in bad {
            assert!(!serde_accepts(t), "serde accepts {t:?}");
            if !t.contains("\\u") {
                assert!(!serde_skips(t), "serde skips {t:?}");
            }
            assert!(!accepts(t), "accepted {t:?}");
        }
    }

    #[test]
    fn accepts_rfc_8259_json_as_serde_json_does() {
        let good = [
            "0",
            "-0",
            "-0.0e-0",
            "1E+10",
            "123.456e7",
            " \t\r\n[ ] ",
            "{}",
            "{\"\":\"\"}",
            "[true,false,null,\"x\",{\"a\":[1,{\"b\":{}}]}]",
            "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"",
            "\"é😀\"",
            "\"\\u0000\"",
        ];
        for t in good {
            assert!(serde_accepts(t), "serde refuses {t:?}");
            assert!(accepts(t), "refused {t:?}");
        }
    }

    #[test]
    fn strings_borrow_unless_escaped_and_unescape_like_serde_json() {
        assert!(matches!(string_of("\"abc\""), Ok(Cow::Borrowed("abc"))));
        let t = "\"a\\n\\u00e9\\ud83d\\ude00\\/z\"";
        let s = string_of(t).unwrap();
        assert!(matches!(s, Cow::Owned(_)));
        assert_eq!(s, serde_json::from_str::<String>(t).unwrap());
    }

    #[test]
    fn depth_is_limited_by_the_limit_and_by_serde_json_s() {
        let nest = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let mut r = Reader::new("[[[]]]", 3);
        assert!(r.skip_value().is_ok());
        let mut r = Reader::new("[[[[]]]]", 3);
        assert!(r.skip_value().is_err());
        assert!(accepts(&nest(SERDE_DEPTH)));
        assert!(!accepts(&nest(SERDE_DEPTH + 1)));
        assert!(!accepts(&"[".repeat(200_000)));
    }

    #[test]
    fn raw_value_is_the_value_s_text() {
        let mut r = Reader::new("{\"a\": [1, {\"b\": \"}\"}] }", 128);
        assert_eq!(r.begin_object(), Ok(true));
        assert_eq!(r.key().unwrap(), "a");
        assert_eq!(r.raw_value(), Ok("[1, {\"b\": \"}\"}]"));
        assert_eq!(r.more_in_object(), Ok(false));
        assert_eq!(r.end(), Ok(()));
    }

    /// Short texts over the characters JSON is made of.
    fn jsonish() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("{".to_owned()),
                Just("}".to_owned()),
                Just("[".to_owned()),
                Just("]".to_owned()),
                Just(",".to_owned()),
                Just(":".to_owned()),
                Just("\"".to_owned()),
                Just("\\".to_owned()),
                Just("\\u".to_owned()),
                Just("d83d".to_owned()),
                Just("de00".to_owned()),
                Just("00e9".to_owned()),
                Just(" ".to_owned()),
                Just("\n".to_owned()),
                Just("\u{1}".to_owned()),
                Just("-".to_owned()),
                Just("0".to_owned()),
                Just("1".to_owned()),
                Just(".".to_owned()),
                Just("e".to_owned()),
                Just("+".to_owned()),
                Just("null".to_owned()),
                Just("true".to_owned()),
                Just("fals".to_owned()),
                Just("a".to_owned()),
                Just("é".to_owned()),
            ],
            0..24,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// On any text, the reader accepts at most what serde_json skips, and at least what
        /// it reads into a value tree.
        #[test]
        fn agrees_with_serde_json(t in jsonish()) {
            let ours = accepts(&t);
            prop_assert!(!ours || serde_skips(&t), "accepted {:?}", t);
            prop_assert!(ours || !serde_accepts(&t), "refused {:?}", t);
        }

        /// Strings read as serde_json reads them.
        #[test]
        fn strings_agree(t in jsonish()) {
            let quoted = format!("\"{t}\"");
            let ours = string_of(&quoted).ok().map(Cow::into_owned);
            let theirs = serde_json::from_str::<String>(&quoted).ok();
            prop_assert_eq!(ours, theirs, "{:?}", quoted);
        }
    }
}
