//! Strict reading of untrusted JSON evidence.
//!
//! Input: a file's display name, its bytes and the [`Limits`]. Output: a
//! [`serde_json::Value`] ([`read_value`]) or the text ready for a typed serde model
//! ([`prepare`]), or ONE [`Diagnostic`] pointing at the problem with a JSON pointer and
//! `line:column`.
//!
//! Stricter than `serde_json` alone: files over `max_file_bytes` are refused before parsing,
//! a UTF-8 byte-order mark is skipped, invalid UTF-8 is reported with its byte offset and
//! line, duplicate object keys are errors (serde_json silently keeps the last one, so a
//! vendor could hide a contradicting value), nesting deeper than `max_depth` and strings
//! longer than `max_string_bytes` are refused.
//!
//! It does not know any evidence format; loaders validate the value they get.

use std::cell::RefCell;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::diag::{Code, Diagnostic, Location, pointer_token};
use crate::evidence::model::Source;
use crate::limits::Limits;

/// The UTF-8 byte-order mark, which some writers put first.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The codes of this module.
pub const INVALID_JSON: Code = Code("invalid-json");
pub const DUPLICATE_KEY: Code = Code("duplicate-key");
pub const TOO_DEEP: Code = Code("too-deep");
pub const LIMIT_EXCEEDED: Code = Code("limit-exceeded");
pub const INVALID_UTF8: Code = Code("invalid-utf8");

/// Reads untrusted JSON into a value tree, refusing duplicate keys, deep nesting and long
/// strings.
pub fn read_value(file: &str, bytes: &[u8], limits: &Limits) -> Result<Value, Box<Diagnostic>> {
    let text = prepare(file, bytes, limits)?;
    let ctx = Ctx::new(limits);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Node {
        ctx: &ctx,
        depth: 0,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    value.map_err(|e| Box::new(ctx.diagnostic(file, &e)))
}

/// Checks the size, skips a byte-order mark and checks UTF-8: the text to parse.
pub fn prepare<'b>(
    file: &str,
    bytes: &'b [u8],
    limits: &Limits,
) -> Result<&'b str, Box<Diagnostic>> {
    check_size(file, bytes.len() as u64, limits)?;
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| Box::new(invalid_utf8(file, bytes, e.valid_up_to())))
}

/// [`prepare`] for bytes the caller gives away: the checked text, kept whole (a byte-order
/// mark included: [`strip_bom`]) so the model can share its strings.
pub fn prepare_owned(
    file: &str,
    bytes: Vec<u8>,
    limits: &Limits,
) -> Result<Source, Box<Diagnostic>> {
    check_size(file, bytes.len() as u64, limits)?;
    match into_text(bytes) {
        Ok(text) => Ok(Source::new(text)),
        Err((bytes, valid_up_to)) => {
            let after_bom = bytes.strip_prefix(BOM).unwrap_or(&bytes);
            let bom = bytes.len() - after_bom.len();
            let offset = valid_up_to.saturating_sub(bom);
            Err(Box::new(invalid_utf8(file, after_bom, offset)))
        }
    }
}

/// `bytes` as a string when they are UTF-8; otherwise the bytes back, with the length of
/// their valid start. Checked by `bstr`, whose ASCII path reads 64 bytes at a time:
/// `String::from_utf8` was a tenth of loading a large SBOM, on one core while the others
/// waited (this crate forbids the `unsafe` a faster check of its own would need).
pub fn into_text(bytes: Vec<u8>) -> Result<String, (Vec<u8>, usize)> {
    use bstr::ByteVec;
    Vec::into_string(bytes).map_err(|e| {
        let valid_up_to = e.utf8_error().valid_up_to();
        (e.into_vec(), valid_up_to)
    })
}

/// The text after a byte-order mark, if it starts with one.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Refuses a file larger than `max_file_bytes`; callers check the size from metadata before
/// reading too.
pub fn check_size(file: &str, size: u64, limits: &Limits) -> Result<(), Box<Diagnostic>> {
    if size <= limits.max_file_bytes {
        return Ok(());
    }
    Err(Box::new(
        Diagnostic::error(
            LIMIT_EXCEEDED,
            format!(
                "the file is {size} bytes, more than the limit of {} bytes",
                limits.max_file_bytes
            ),
        )
        .at(Location::file(file))
        .with_help(
            "split the evidence into smaller files, or raise the limit if the file is genuine",
        ),
    ))
}

fn invalid_utf8(file: &str, bytes: &[u8], offset: usize) -> Diagnostic {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let col = offset
        - before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    Diagnostic::error(
        INVALID_UTF8,
        format!("the file is not valid UTF-8 (at byte offset {offset})"),
    )
    .at(Location::Pointer {
        file: file.to_owned(),
        pointer: String::new(),
        line_col: Some((to_u32(line), to_u32(col))),
    })
    .with_help("JSON evidence must be UTF-8 encoded; re-export the file as UTF-8")
}

/// A location for a serde_json error: the pointer where it happened plus its line:column.
pub fn location(file: &str, pointer: impl Into<String>, err: &serde_json::Error) -> Location {
    Location::Pointer {
        file: file.to_owned(),
        pointer: pointer.into(),
        line_col: line_col(err),
    }
}

/// serde_json's line and column, when it knows them (it reports 0 when it does not).
pub fn line_col(err: &serde_json::Error) -> Option<(u32, u32)> {
    (err.line() > 0).then(|| (to_u32(err.line()), to_u32(err.column())))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A diagnostic for a serde_json error that carries no finding of ours: syntax errors,
/// truncation, serde_json's own recursion limit, and (for typed models) type errors.
pub fn serde_diagnostic(file: &str, pointer: String, err: &serde_json::Error) -> Diagnostic {
    let msg = strip_position(&err.to_string());
    let (code, message, help) = if msg.contains("recursion limit exceeded") {
        (TOO_DEEP, "the JSON is nested too deeply".to_owned(), None)
    } else if err.is_eof() {
        (
            INVALID_JSON,
            "the JSON ends early (truncated file?)".to_owned(),
            Some("check that the whole file was saved or uploaded"),
        )
    } else if err.is_data() {
        (INVALID_JSON, format!("unexpected value: {msg}"), None)
    } else {
        (INVALID_JSON, format!("invalid JSON: {msg}"), None)
    };
    let d = Diagnostic::error(code, message).at(location(file, pointer, err));
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// serde_json appends ` at line L column C`; the location carries that already.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg.get(..i).unwrap_or(msg).to_owned(),
        None => msg.to_owned(),
    }
}

/// The JSON pointer of the value being read at 1-based `line`/`column` (serde_json's error
/// position), found by scanning the text up to there. Used to place errors of typed models.
pub fn pointer_at(text: &str, line: usize, column: usize) -> String {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let end = (line_start + column.saturating_sub(1)).min(text.len());
    let bytes = text.as_bytes().get(..end).unwrap_or_default();
    let mut stack: Vec<(Option<Seg>, bool)> = Vec::new(); // (segment, expecting a key)
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                let start = i;
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                if let Some((seg, expecting_key @ true)) = stack.last_mut() {
                    let raw = text.get(start..=i).unwrap_or_default();
                    let key = serde_json::from_str::<String>(raw).unwrap_or_default();
                    *seg = Some(Seg::Key(key));
                    *expecting_key = false;
                }
            }
            b'{' => stack.push((None, true)),
            b'[' => stack.push((Some(Seg::Index(0)), false)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some((Some(Seg::Index(n)), _)) => *n += 1,
                Some((seg, expecting_key)) => {
                    *seg = None;
                    *expecting_key = true;
                }
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut p = String::new();
    for (seg, _) in &stack {
        match seg {
            Some(Seg::Key(k)) => {
                p.push('/');
                p.push_str(&pointer_token(k));
            }
            Some(Seg::Index(n)) => {
                p.push('/');
                p.push_str(&n.to_string());
            }
            None => {}
        }
    }
    p
}

/// One step of a JSON pointer.
#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

/// Shared state of one parse: the path to the value being read and the finding that stopped
/// it (serde errors can only carry text).
#[derive(Debug)]
struct Ctx<'l> {
    limits: &'l Limits,
    path: RefCell<Vec<Seg>>,
    finding: RefCell<Option<(Code, String, String)>>,
}

impl<'l> Ctx<'l> {
    fn new(limits: &'l Limits) -> Self {
        Ctx {
            limits,
            path: RefCell::new(Vec::new()),
            finding: RefCell::new(None),
        }
    }

    fn pointer(&self) -> String {
        let mut p = String::new();
        for seg in self.path.borrow().iter() {
            p.push('/');
            match seg {
                Seg::Key(k) => p.push_str(&pointer_token(k)),
                Seg::Index(i) => p.push_str(&i.to_string()),
            }
        }
        p
    }

    /// Records a finding and returns the serde error that stops the parse.
    fn fail<E: de::Error>(&self, code: Code, message: String, help: &str) -> E {
        *self.finding.borrow_mut() = Some((code, message.clone(), help.to_owned()));
        E::custom(message)
    }

    fn diagnostic(&self, file: &str, err: &serde_json::Error) -> Diagnostic {
        match self.finding.borrow_mut().take() {
            Some((code, message, help)) => Diagnostic::error(code, message)
                .at(location(file, self.pointer(), err))
                .with_help(help),
            None => serde_diagnostic(file, self.pointer(), err),
        }
    }

    fn check_string<E: de::Error>(&self, s: &str) -> Result<(), E> {
        if s.len() > self.limits.max_string_bytes {
            return Err(self.fail(
                LIMIT_EXCEEDED,
                format!(
                    "a string of {} bytes is longer than the limit of {} bytes",
                    s.len(),
                    self.limits.max_string_bytes
                ),
                "evidence strings are bounded to keep hostile files cheap to reject",
            ));
        }
        Ok(())
    }

    fn enter<E: de::Error>(&self, depth: usize) -> Result<(), E> {
        if depth > self.limits.max_depth {
            return Err(self.fail(
                TOO_DEEP,
                format!(
                    "the JSON is nested more than {} levels deep",
                    self.limits.max_depth
                ),
                "evidence files are bounded in depth; real SBOMs nest far less",
            ));
        }
        Ok(())
    }
}

/// Reads one value at `depth`.
#[derive(Clone, Copy)]
struct Node<'c, 'l> {
    ctx: &'c Ctx<'l>,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.ctx.check_string(v)?;
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.ctx.check_string(&v)?;
        Ok(Value::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.ctx.enter(self.depth + 1)?;
        let child = Node {
            ctx: self.ctx,
            depth: self.depth + 1,
        };
        let mut out = Vec::new();
        loop {
            self.ctx.path.borrow_mut().push(Seg::Index(out.len()));
            match seq.next_element_seed(child)? {
                Some(v) => out.push(v),
                None => {
                    self.ctx.path.borrow_mut().pop();
                    return Ok(Value::Array(out));
                }
            }
            self.ctx.path.borrow_mut().pop();
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.ctx.enter(self.depth + 1)?;
        let child = Node {
            ctx: self.ctx,
            depth: self.depth + 1,
        };
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.ctx.check_string(&key)?;
            self.ctx.path.borrow_mut().push(Seg::Key(key.clone()));
            if out.contains_key(&key) {
                return Err(self.ctx.fail(
                    DUPLICATE_KEY,
                    format!(
                        "the key `{}` appears twice in one object",
                        pointer_token(&key)
                    ),
                    "a repeated key could hide a contradicting value; keep one",
                ));
            }
            let value = map.next_value_seed(child)?;
            self.ctx.path.borrow_mut().pop();
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &[u8]) -> Result<Value, Box<Diagnostic>> {
        read_value("t.json", s, &Limits::default())
    }

    fn pointer_of(d: &Diagnostic) -> (&str, Option<(u32, u32)>) {
        match &d.location {
            Some(Location::Pointer {
                pointer, line_col, ..
            }) => (pointer.as_str(), *line_col),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reads_plain_json_and_skips_a_bom() {
        let v = read(b"\xEF\xBB\xBF{\"a\": [1, 2.5, \"x\", null, true]}").unwrap();
        assert_eq!(v["a"][2], "x");
    }

    #[test]
    fn duplicate_keys_are_errors_with_their_pointer() {
        let d = read(b"{\"a\": {\"b/c\": 1,\n \"b/c\": 2}}").unwrap_err();
        assert_eq!(d.code, DUPLICATE_KEY);
        assert_eq!(pointer_of(&d).0, "/a/b~1c");
        assert_eq!(pointer_of(&d).1.map(|l| l.0), Some(2));
        let d = read(b"[{}, {\"x\": 1, \"x\": 1}]").unwrap_err();
        assert_eq!(pointer_of(&d).0, "/1/x");
    }

    #[test]
    fn depth_is_bounded_by_our_limit_and_serde_json_s() {
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        assert!(read_value("t", b"[[[1]]]", &limits).is_ok());
        let d = read_value("t", b"[[[[1]]]]", &limits).unwrap_err();
        assert_eq!(d.code, TOO_DEEP);
        assert_eq!(pointer_of(&d).0, "/0/0/0");
        let deep = "[".repeat(200_000);
        let d = read(deep.as_bytes()).unwrap_err();
        assert_eq!(d.code, TOO_DEEP, "{d:?}");
    }

    #[test]
    fn long_strings_and_big_files_are_refused() {
        let limits = Limits {
            max_string_bytes: 4,
            max_file_bytes: 40,
            ..Limits::default()
        };
        let d = read_value("t", b"{\"a\": \"12345\"}", &limits).unwrap_err();
        assert_eq!((d.code, pointer_of(&d).0), (LIMIT_EXCEEDED, "/a"));
        let d = read_value("t", &[b' '; 41], &limits).unwrap_err();
        assert_eq!(d.code, LIMIT_EXCEEDED);
        assert_eq!(d.location, Some(Location::file("t")));
    }

    #[test]
    fn truncation_and_syntax_errors_have_line_and_column() {
        let d = read(b"{\"a\": [1,\n 2").unwrap_err();
        assert_eq!(d.code, INVALID_JSON);
        assert!(d.message.contains("ends early"), "{}", d.message);
        assert_eq!(pointer_of(&d).1.map(|l| l.0), Some(2));
        let d = read(b"{\"a\": tru}").unwrap_err();
        assert_eq!(d.code, INVALID_JSON);
        assert!(!d.message.contains("at line"), "{}", d.message);
        let d = read(b"{} {}").unwrap_err();
        assert_eq!(d.code, INVALID_JSON);
    }

    #[test]
    fn pointer_at_finds_the_value_being_read() {
        let t = "{\"a\": [1, {\"b\": \"x,\\\"\", \"c/d\": 5}]}";
        let col = t.find('5').unwrap() + 2;
        assert_eq!(pointer_at(t, 1, col), "/a/1/c~1d");
        let t = "{\"a\": 1,\n \"b\": [true,\n false]}";
        assert_eq!(pointer_at(t, 3, 3), "/b/1");
        assert_eq!(pointer_at(t, 1, 1), "");
    }

    #[test]
    fn invalid_utf8_names_offset_and_line() {
        let d = read(b"{\"a\":\n \"\xff\"}").unwrap_err();
        assert_eq!(d.code, INVALID_UTF8);
        assert!(d.message.contains("offset 8"), "{}", d.message);
        assert_eq!(pointer_of(&d).1, Some((2, 3)));
    }

    #[test]
    fn owned_bytes_are_checked_as_borrowed_ones_are() {
        let limits = Limits::default();
        for bytes in [
            &b"\xef\xbb\xbf{\"a\":\n \"\xff\"}"[..],
            b"{\"a\": \"\xc3\"}",
            b"{\"\xe2\x82\"}",
        ] {
            let borrowed = prepare("f.json", bytes, &limits).unwrap_err();
            let owned = prepare_owned("f.json", bytes.to_vec(), &limits).unwrap_err();
            assert_eq!(format!("{owned:?}"), format!("{borrowed:?}"));
        }
        let text = "\u{feff}{\"a\": \"\u{e9}\u{1F600}\"}";
        let source = prepare_owned("f.json", text.as_bytes().to_vec(), &limits).unwrap();
        assert_eq!(source.as_str(), text);
    }
}
