//! Spans, source files and diagnostics: the data every stage reports with.
//!
//! Inputs: source texts registered in a [`SourceMap`]; outputs: [`Diagnostic`] values that
//! stages collect and return. A diagnostic is plain data with a stable kebab-case
//! [`Code`], a [`Location`] (file + byte span for `.tg` sources, file + JSON pointer for
//! evidence), optional secondary labels and a `help` line.
//!
//! This module does not print. [`render_human`] and [`render_json`] turn diagnostics into
//! strings for a caller to write; the human form goes through `annotate-snippets`, which
//! replaces control characters planted in source text with visible pictures.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// Identifies one file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub u32);

/// A byte range `start..end` in one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span from byte offsets; offsets past `u32::MAX` saturate (files are limited far below).
    pub fn new(start: usize, end: usize) -> Span {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            start: clamp(start),
            end: clamp(end.max(start)),
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A value with the span it came from. Equality and hashing ignore the span, so two ASTs
/// that differ only in layout compare equal (the formatter round trip relies on it).
#[derive(Clone, Copy, Debug, Default)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: std::hash::Hash> std::hash::Hash for Spanned<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.node.hash(state);
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.node
    }
}

/// One registered source text, with its line starts for `line:column` lookups.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown to users (the path as given on the command line, or `<library>/set.tg`).
    pub name: String,
    pub text: Arc<str>,
    line_starts: Vec<u32>,
}

impl SourceFile {
    fn new(name: String, text: Arc<str>) -> SourceFile {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        SourceFile {
            name,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0) as usize;
        let end = (offset as usize).min(self.text.len());
        let col = self
            .text
            .get(start..end)
            .map_or(end.saturating_sub(start), |s| s.chars().count());
        (line + 1, col + 1)
    }
}

/// Every source text a run has read, so diagnostics can name `file:line:column`.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Registers a text and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile::new(name.into(), text.into()));
        id
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn name(&self, id: FileId) -> &str {
        self.get(id).map_or("<unknown>", |f| f.name.as_str())
    }

    pub fn text(&self, id: FileId) -> &str {
        self.get(id).map_or("", |f| &f.text)
    }
}

/// Where a finding is: a span in a `.tg` source, a JSON pointer (or line) in an evidence
/// file, or a whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    Source {
        file: FileId,
        span: Span,
    },
    Pointer {
        file: String,
        pointer: String,
        /// 1-based line and column when the loader knows them (YAML, tag-value, XML).
        #[serde(skip_serializing_if = "Option::is_none")]
        line_col: Option<(u32, u32)>,
    },
    File {
        file: String,
    },
}

impl Location {
    pub fn source(file: FileId, span: Span) -> Location {
        Location::Source { file, span }
    }

    pub fn pointer(file: impl Into<String>, pointer: impl Into<String>) -> Location {
        Location::Pointer {
            file: file.into(),
            pointer: pointer.into(),
            line_col: None,
        }
    }

    pub fn file(file: impl Into<String>) -> Location {
        Location::File { file: file.into() }
    }
}

/// Escapes one reference token for a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A stable kebab-case diagnostic code, documented in `docs/diagnostics.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Code(pub &'static str);

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// The registry entry of one code: its default severity and one line on what it means.
#[derive(Clone, Copy, Debug)]
pub struct CodeInfo {
    pub code: Code,
    pub severity: Severity,
    pub summary: &'static str,
}

/// Every code the library can emit, gathered from each stage's own list.
/// A test keeps this list and `docs/diagnostics.md` in sync.
pub fn all_codes() -> Vec<CodeInfo> {
    let mut all: Vec<CodeInfo> = Vec::new();
    all.extend_from_slice(crate::lang::CODES);
    all.extend_from_slice(crate::engine::CODES);
    all.extend_from_slice(crate::evidence::CODES);
    all.sort_by_key(|c| c.code);
    all
}

/// A secondary place that explains the primary one ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub location: Location,
    pub message: String,
}

/// One finding: plain data, rendered one layer up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// One lowercase sentence; user input in backticks.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The short text under the caret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Warning, message)
    }

    pub fn new(code: Code, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            location: None,
            label: None,
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Shorthand for a span in a `.tg` source.
    pub fn at_span(self, file: FileId, span: Span) -> Self {
        self.at(Location::source(file, span))
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_secondary(mut self, location: Location, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            location,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// True when any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// A stage's failure: every error it found (plus any warnings), in source order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} diagnostic(s), first: {}", .0.len(), .0.first().map_or("", |d| d.message.as_str()))]
pub struct Diagnostics(pub Vec<Diagnostic>);

/// Renders diagnostics for people: `file:line:col`, the source line, a caret, help.
/// `styled` adds ANSI colours (only for a terminal). Control characters in sources and
/// messages are neutralised by the renderer.
pub fn render_human(diags: &[Diagnostic], sources: &SourceMap, styled: bool) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diags {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let message = crate::report::escape::terminal(&d.message);
        let mut first = Group::with_title(level.primary_title(message.as_str()).id(d.code.0));
        let label = d.label.as_deref().map(crate::report::escape::terminal);
        let pointer_text;
        match &d.location {
            Some(Location::Source { file, span }) => {
                let src = sources.text(*file);
                let range = clamp_range(src, span.range());
                let mut snippet = Snippet::source(src).path(sources.name(*file)).fold(true);
                let mut primary = AnnotationKind::Primary.span(range);
                if let Some(l) = &label {
                    primary = primary.label(l.as_str());
                }
                snippet = snippet.annotation(primary);
                for l in &d.labels {
                    if let Location::Source { file: f2, span: s2 } = &l.location
                        && f2 == file
                    {
                        snippet = snippet.annotation(
                            AnnotationKind::Context
                                .span(clamp_range(src, s2.range()))
                                .label(l.message.as_str()),
                        );
                    }
                }
                first = first.element(snippet);
            }
            Some(loc @ (Location::Pointer { .. } | Location::File { .. })) => {
                pointer_text = crate::report::escape::terminal(&location_text(loc, sources));
                first = first.element(Origin::path(pointer_text.as_str()));
                if let Some(l) = &label {
                    first = first.element(Level::NOTE.message(l.as_str()));
                }
            }
            None => {}
        }
        let mut group: Vec<Group<'_>> = vec![first];
        let notes: Vec<String> = d
            .labels
            .iter()
            .filter(|l| !matches!(l.location, Location::Source { file, .. } if Some(file) == source_file(d)))
            .map(|l| {
                format!(
                    "{}: {}",
                    location_text(&l.location, sources),
                    crate::report::escape::terminal(&l.message)
                )
            })
            .collect();
        let help = d.help.as_deref().map(crate::report::escape::terminal);
        for n in &notes {
            group.push(Group::with_title(Level::NOTE.secondary_title(n.as_str())));
        }
        if let Some(h) = &help {
            group.push(Group::with_title(Level::HELP.secondary_title(h.as_str())));
        }
        out.push_str(&renderer.render(&group));
        out.push_str("\n\n");
    }
    out
}

fn source_file(d: &Diagnostic) -> Option<FileId> {
    match d.location {
        Some(Location::Source { file, .. }) => Some(file),
        _ => None,
    }
}

/// Keeps a byte range inside the text and on character boundaries.
fn clamp_range(src: &str, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut start = r.start.min(src.len());
    while start > 0 && !src.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = r.end.clamp(start, src.len());
    while end < src.len() && !src.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// `file:line:col` for a source span, `file#/json/pointer` (and line when known) for evidence.
pub fn location_text(loc: &Location, sources: &SourceMap) -> String {
    match loc {
        Location::Source { file, span } => {
            let (line, col) = sources
                .get(*file)
                .map_or((0, 0), |f| f.line_col(span.start));
            format!("{}:{line}:{col}", sources.name(*file))
        }
        Location::Pointer {
            file,
            pointer,
            line_col: Some((l, c)),
        } => format!("{file}:{l}:{c} (at `{pointer}`)"),
        Location::Pointer { file, pointer, .. } => format!("{file}#{pointer}"),
        Location::File { file } => file.clone(),
    }
}

/// The JSON wire form of one diagnostic (`--error-format json`), one object per line.
#[derive(Debug, Serialize)]
struct WireDiagnostic<'a> {
    code: Code,
    severity: Severity,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

/// Renders diagnostics as JSON lines (one object per line, stable field order).
pub fn render_json(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diags {
        let mut w = WireDiagnostic {
            code: d.code,
            severity: d.severity,
            message: &d.message,
            file: None,
            line: None,
            column: None,
            end_line: None,
            end_column: None,
            pointer: None,
            label: d.label.as_deref(),
            help: d.help.as_deref(),
        };
        match &d.location {
            Some(Location::Source { file, span }) => {
                w.file = Some(sources.name(*file));
                if let Some(f) = sources.get(*file) {
                    let (l, c) = f.line_col(span.start);
                    let (el, ec) = f.line_col(span.end);
                    (w.line, w.column, w.end_line, w.end_column) =
                        (Some(l), Some(c), Some(el), Some(ec));
                }
            }
            Some(Location::Pointer {
                file,
                pointer,
                line_col,
            }) => {
                w.file = Some(file);
                w.pointer = Some(pointer);
                if let Some((l, c)) = line_col {
                    (w.line, w.column) = (Some(*l as usize), Some(*c as usize));
                }
            }
            Some(Location::File { file }) => w.file = Some(file),
            None => {}
        }
        if let Ok(line) = serde_json::to_string(&w) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Edit distance for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(c) = cur.get_mut(j + 1) {
                *c = sub.min(del).min(ins);
            }
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// The closest candidate within a distance that scales with the word's length.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let max = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= max)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let mut sm = SourceMap::new();
        let id = sm.add("a.tg", "ab\ncé d");
        let f = sm.get(id).unwrap();
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(7), (2, 4));
    }

    #[test]
    fn spanned_equality_ignores_span() {
        assert_eq!(
            Spanned::new(1, Span::new(0, 1)),
            Spanned::new(1, Span::new(5, 9))
        );
    }

    #[test]
    fn suggestions_pick_nearest() {
        assert_eq!(
            did_you_mean("licence", ["license", "name"]),
            Some("license")
        );
        assert_eq!(did_you_mean("zzz", ["license", "name"]), None);
    }

    #[test]
    fn human_rendering_names_file_line_col_and_neutralises_escapes() {
        let mut sm = SourceMap::new();
        let id = sm.add("t.tg", "param x = \"\u{1b}[31mred\"\n");
        let d = Diagnostic::error(Code("test-code"), "bad `x`")
            .at_span(id, Span::new(6, 7))
            .with_label("here")
            .with_help("rename it");
        let out = render_human(&[d], &sm, false);
        assert!(out.contains("t.tg:1:7"), "{out}");
        assert!(!out.contains('\u{1b}'), "{out}");
        assert!(out.contains("help: rename it"), "{out}");
    }
}
