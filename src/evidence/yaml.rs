//! YAML for untrusted vendor files (attestations, bid manifests), read safely.
//!
//! Input: a file's display name, its text and the [`Limits`]; output: a [`YamlDoc`] (the
//! document as a `serde_json::Value`, so YAML and JSON attestations share one checker, plus
//! the `line:column` of every node keyed by its JSON pointer) or one [`Diagnostic`].
//!
//! Everything goes through `serde-saphyr` configured for hostile input:
//! - `strict_booleans`: only `true`/`false` are booleans, so `country: NO` stays a string
//!   (the "Norway problem"); leading-zero and underscored numbers stay strings too;
//! - a [`Budget`](serde_saphyr::Budget) from the limits: nodes, aliases and depth, so alias
//!   bombs ("billion laughs") and 200,000-deep nesting stop early with one error;
//! - duplicate mapping keys are an error (a vendor must not hide a second answer);
//! - a single document per file.
//!
//! It does not check the document against any schema (the attestation and manifest
//! checkers do) and never uses `serde_yaml`.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_saphyr::Spanned;

use crate::diag::{Code, Diagnostic, Location};
use crate::limits::Limits;

/// The file is not valid YAML (or holds more than one document).
pub const YAML_SYNTAX: Code = Code("yaml-syntax");
use crate::evidence::json::{DUPLICATE_KEY, LIMIT_EXCEEDED, TOO_DEEP};

/// A parsed YAML document.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlDoc {
    pub value: Value,
    /// 1-based `(line, column)` of every node, by JSON pointer (`""` is the root).
    pub positions: BTreeMap<String, (u32, u32)>,
    /// 1-based `(line, column)` of every mapping key, by the JSON pointer of its value.
    pub keys: BTreeMap<String, (u32, u32)>,
}

impl YamlDoc {
    /// The location of a node for a diagnostic: the pointer, and its line:col when known
    /// (the nearest ancestor's when the node itself is absent, e.g. a missing key).
    pub fn location(&self, file: &str, pointer: &str) -> Location {
        self.find(file, pointer, &self.positions)
    }

    /// The location of the key that holds the value at `pointer` (for unknown keys).
    pub fn key_location(&self, file: &str, pointer: &str) -> Location {
        self.find(file, pointer, &self.keys)
    }

    fn find(&self, file: &str, pointer: &str, map: &BTreeMap<String, (u32, u32)>) -> Location {
        let mut p = pointer;
        let line_col = loop {
            if let Some(lc) = map.get(p).or_else(|| self.positions.get(p)) {
                break Some(*lc);
            }
            match p.rfind('/') {
                Some(i) => p = p.get(..i).unwrap_or(""),
                None => break None,
            }
        };
        Location::Pointer {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            line_col,
        }
    }
}

/// Stack reserved per nesting level for the recursive reader (measured: under 64 KiB per
/// level in debug builds), plus a base.
const STACK_PER_LEVEL: usize = 128 * 1024;
const STACK_BASE: usize = 2 * 1024 * 1024;

/// Parses one YAML document from untrusted text.
///
/// The reader recurses once per nesting level, so it runs on its own thread with a stack
/// sized for `limits.max_depth`: deep input then hits the depth budget, never the stack's end,
/// whatever thread the caller is on.
pub fn parse(file: &str, text: &str, limits: &Limits) -> Result<YamlDoc, Box<Diagnostic>> {
    let stack = STACK_BASE.saturating_add(limits.max_depth.saturating_mul(STACK_PER_LEVEL));
    let (file_owned, limits) = (file.to_owned(), *limits);
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("tenderguard-yaml".to_owned())
            .stack_size(stack)
            .spawn_scoped(scope, || parse_here(&file_owned, text, &limits));
        match worker.map(|h| h.join()) {
            Ok(Ok(result)) => result,
            Ok(Err(_)) | Err(_) => Err(Box::new(
                Diagnostic::error(YAML_SYNTAX, "the YAML reader failed on this file")
                    .at(Location::file(file)),
            )),
        }
    })
}

fn parse_here(file: &str, text: &str, limits: &Limits) -> Result<YamlDoc, Box<Diagnostic>> {
    let budget = serde_saphyr::budget! {
        max_depth: limits.max_depth,
        max_nodes: limits.max_yaml_nodes,
        max_aliases: limits.max_yaml_aliases,
        max_events: limits.max_yaml_nodes.saturating_mul(2),
        max_total_scalar_bytes: usize::try_from(limits.max_file_bytes).unwrap_or(usize::MAX),
    };
    let options = serde_saphyr::options! {
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        with_snippet: false,
        budget: budget,
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: limits.max_yaml_nodes,
            max_replay_stack_depth: limits.max_depth,
        },
    };
    let node: Spanned<Node> = serde_saphyr::from_str_with_options(text, options)
        .map_err(|e| Box::new(error_diagnostic(file, &e)))?;
    let mut pos = Positions::default();
    let value = flatten(node, String::new(), &mut pos);
    Ok(YamlDoc {
        value,
        positions: pos.values,
        keys: pos.keys,
    })
}

/// Turns a parser error into one diagnostic with its line:column.
fn error_diagnostic(file: &str, err: &serde_saphyr::Error) -> Diagnostic {
    let mut inner = err;
    while let serde_saphyr::Error::AliasError { error, .. }
    | serde_saphyr::Error::WithSnippet { error, .. } = inner
    {
        inner = error;
    }
    let line_col = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| (clamp(l.line()), clamp(l.column())));
    let location = Location::Pointer {
        file: file.to_owned(),
        pointer: String::new(),
        line_col,
    };
    let text = crate::report::escape::terminal(&first_line(&inner.to_string()));
    let d = match inner {
        serde_saphyr::Error::DuplicateMappingKey { key, .. } => Diagnostic::error(
            DUPLICATE_KEY,
            match key {
                Some(k) => format!("the key `{}` appears twice in one mapping", escape(k)),
                None => "a key appears twice in one mapping".to_owned(),
            },
        )
        .with_help("give each answer once; remove or merge the repeated key"),
        serde_saphyr::Error::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Depth { .. },
            ..
        } => too_deep(&text),
        serde_saphyr::Error::Budget { .. }
        | serde_saphyr::Error::AliasReplayLimitExceeded { .. }
        | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
        | serde_saphyr::Error::AliasReplayStackDepthExceeded { .. }
        | serde_saphyr::Error::AliasReplayCounterOverflow { .. } => Diagnostic::error(
            LIMIT_EXCEEDED,
            format!("the YAML document is too large or too deeply nested: {text}"),
        )
        .with_help("aliases that expand to huge trees and deep nesting are refused; write the values out plainly"),
        _ if text.contains("recursion limit") || text.contains("nesting") => too_deep(&text),
        _ => Diagnostic::error(YAML_SYNTAX, format!("invalid YAML: {text}")),
    };
    d.at(location)
}

fn too_deep(text: &str) -> Diagnostic {
    Diagnostic::error(
        TOO_DEEP,
        format!("the YAML document is nested too deeply: {text}"),
    )
    .with_help("attestations and manifests need only a few levels of nesting")
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_owned()
}

fn escape(s: &str) -> String {
    crate::report::escape::terminal(s)
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[derive(Default)]
struct Positions {
    values: BTreeMap<String, (u32, u32)>,
    keys: BTreeMap<String, (u32, u32)>,
}

fn line_col(at: serde_saphyr::Location) -> Option<(u32, u32)> {
    (at.line() > 0).then(|| (clamp(at.line()), clamp(at.column())))
}

/// Moves a spanned tree into a JSON value, recording positions by pointer.
fn flatten(node: Spanned<Node>, pointer: String, pos: &mut Positions) -> Value {
    if let Some(lc) = line_col(node.referenced) {
        pos.values.insert(pointer.clone(), lc);
    }
    match node.value {
        Node::Scalar(v) => v,
        Node::Seq(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, n)| flatten(n, format!("{pointer}/{i}"), pos))
                .collect(),
        ),
        Node::Map(entries) => {
            let mut map = Map::new();
            for (k, v) in entries {
                let child = format!("{pointer}/{}", crate::diag::pointer_token(&k.value.0));
                if let Some(lc) = line_col(k.referenced) {
                    pos.keys.insert(child.clone(), lc);
                }
                map.insert(k.value.0, flatten(v, child, pos));
            }
            Value::Object(map)
        }
    }
}

/// One YAML node with spanned children.
#[derive(Debug)]
enum Node {
    Scalar(Value),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Key>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Number::from_f64(v)
            .map(|n| Node::Scalar(Value::Number(n)))
            .ok_or_else(|| E::custom("numbers must be finite"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(v)))
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(n) = seq.next_element::<Spanned<Node>>()? {
            items.push(n);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = map.next_key::<Spanned<Key>>()? {
            let v = map.next_value::<Spanned<Node>>()?;
            entries.push((k, v));
        }
        Ok(Node::Map(entries))
    }
}

/// A mapping key: any scalar, as text (`1: x` has the key `"1"`, as in JSON).
#[derive(Debug)]
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(Key(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Key, E> {
        Ok(Key(v))
    }
    fn visit_unit<E>(self) -> Result<Key, E> {
        Ok(Key("null".to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> YamlDoc {
        parse("a.yaml", text, &Limits::default()).unwrap()
    }

    fn parse_err(text: &str) -> Diagnostic {
        *parse("a.yaml", text, &Limits::default()).unwrap_err()
    }

    #[test]
    fn values_and_positions() {
        let doc = parse_ok("support:\n  end: 2032-01-31\n  days: 14\nlist:\n  - a\n  - b\n");
        assert_eq!(doc.value["support"]["end"], "2032-01-31");
        assert_eq!(doc.value["support"]["days"], 14);
        assert_eq!(doc.positions.get("/support/end"), Some(&(2, 8)));
        assert_eq!(doc.positions.get("/list/1"), Some(&(6, 5)));
    }

    #[test]
    fn norway_stays_a_string() {
        let doc = parse_ok("country: NO\nyes: on\nb: true\nmode: 0777\n");
        assert_eq!(doc.value["country"], "NO");
        assert_eq!(doc.value["yes"], "on");
        assert_eq!(doc.value["b"], true);
        assert_eq!(doc.value["mode"], "0777");
    }

    #[test]
    fn duplicate_keys_are_an_error_with_line() {
        let d = parse_err("a: 1\nb: 2\na: 3\n");
        assert_eq!(d.code, DUPLICATE_KEY);
        assert!(d.message.contains("`a`"), "{}", d.message);
        assert!(
            matches!(
                d.location,
                Some(Location::Pointer {
                    line_col: Some((3, _)),
                    ..
                })
            ),
            "{d:?}"
        );
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (i, c) in "bcdefghi".chars().enumerate() {
            let prev = char::from(b'a' + u8::try_from(i).unwrap());
            s.push_str(&format!("{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        let d = parse_err(&s);
        assert_eq!(d.code, LIMIT_EXCEEDED, "{d:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let d = parse_err(&"[".repeat(200_000));
        assert_eq!(d.code, TOO_DEEP, "{d:?}");
        let block: String = (0..300).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
        assert_eq!(parse_err(&block).code, TOO_DEEP);
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let d = parse_err("a: [1, 2\nb: 3\n");
        assert_eq!(d.code, YAML_SYNTAX);
        assert!(
            matches!(
                d.location,
                Some(Location::Pointer {
                    line_col: Some(_),
                    ..
                })
            ),
            "{d:?}"
        );
        assert_eq!(parse_err("a: 1\n---\nb: 2\n").code, YAML_SYNTAX);
    }

    #[test]
    fn location_falls_back_to_the_parent() {
        let doc = parse_ok("support:\n  end: x\n");
        let Location::Pointer { line_col, .. } = doc.location("a.yaml", "/support/missing") else {
            panic!()
        };
        assert_eq!(line_col, Some((2, 3)));
    }
}
