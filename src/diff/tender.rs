//! One tender version against another: what an amendment ("nota van inlichtingen") changed.
//!
//! Input: two checked tenders, each with the [`SourceMap`] it was compiled from (conditions,
//! requirements and scoring inputs are compared as the source text the buyer wrote, with
//! runs of whitespace collapsed, so re-indenting is not a change). Output: a [`TenderDiff`]:
//! metadata changes, parameter changes, clauses added, removed and changed. Clause texts get
//! a word-level diff ([`similar`]), on the templates as written (`{param}` placeholders kept;
//! a parameter's new value shows once, under parameters).
//!
//! Items are matched by id; their order is the new tender's (removed items: the old one's).
//! Where an item is defined (line numbers) is not compared. Questions and waivers are not
//! compared yet.

use std::collections::BTreeMap;

use crate::diag::SourceMap;
use crate::engine::ir::{self, Item, Score, TExpr, literal_text, number_text};
use crate::lang::ast::Number;

/// What changed from one tender version to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenderDiff {
    pub old_id: String,
    pub new_id: String,
    /// Header fields: `id`, `title.en`, `buyer`, `published`, `deadline`, `languages`.
    pub meta: Vec<FieldChange>,
    /// Parameters by (set, name): `support_period` or `launching-customer.support_period`.
    pub params: Vec<FieldChange>,
    pub added: Vec<ItemRef>,
    pub removed: Vec<ItemRef>,
    pub changed: Vec<ItemChange>,
}

impl TenderDiff {
    /// True when the two versions are the same for every compared field.
    pub fn is_empty(&self) -> bool {
        self.meta.is_empty()
            && self.params.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
    }
}

/// A field's value in each version (`None` when absent there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// An item that exists in one version only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRef {
    pub id: String,
    pub title: String,
    /// `knockout`, `recommended` or `criterion`.
    pub kind: &'static str,
    /// `file:line:column` in its version.
    pub defined_at: String,
}

/// An item present in both versions that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    pub id: String,
    /// The new title.
    pub title: String,
    /// `title`, `kind`, `weight`, `refs`, `evidence`, `when`, `require`, `score`, `set`.
    pub fields: Vec<FieldChange>,
    pub texts: Vec<TextChange>,
}

/// A clause text in one language that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextChange {
    pub lang: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// Word-level edit script from `old` to `new` (adjacent words of one kind merged).
    pub words: Vec<WordEdit>,
}

/// A run of words kept, removed or inserted (whitespace included as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordEdit {
    Same(String),
    Removed(String),
    Added(String),
}

/// Diffs two versions of a tender.
pub fn diff_tenders(
    old: &ir::Tender,
    old_sources: &SourceMap,
    new: &ir::Tender,
    new_sources: &SourceMap,
) -> TenderDiff {
    let old_items: BTreeMap<&str, &Item> = old.items.iter().map(|i| (i.id.as_str(), i)).collect();
    let new_items: BTreeMap<&str, &Item> = new.items.iter().map(|i| (i.id.as_str(), i)).collect();
    let added = new
        .items
        .iter()
        .filter(|i| !old_items.contains_key(i.id.as_str()))
        .map(item_ref)
        .collect();
    let removed = old
        .items
        .iter()
        .filter(|i| !new_items.contains_key(i.id.as_str()))
        .map(item_ref)
        .collect();
    let changed = new
        .items
        .iter()
        .filter_map(|n| {
            let o = old_items.get(n.id.as_str())?;
            diff_item(o, old_sources, n, new_sources)
        })
        .collect();
    TenderDiff {
        old_id: old.meta.id.clone(),
        new_id: new.meta.id.clone(),
        meta: diff_fields(&meta_fields(&old.meta), &meta_fields(&new.meta)),
        params: diff_fields(&param_fields(old), &param_fields(new)),
        added,
        removed,
        changed,
    }
}

fn item_ref(i: &Item) -> ItemRef {
    ItemRef {
        id: i.id.clone(),
        title: i.title.clone(),
        kind: i.kind.name(),
        defined_at: i.origin.display.clone(),
    }
}

/// Changes of keyed fields, in key order.
fn diff_fields(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Vec<FieldChange> {
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| FieldChange {
            field: k.clone(),
            old: old.get(k).cloned(),
            new: new.get(k).cloned(),
        })
        .collect()
}

fn meta_fields(m: &ir::Meta) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert("id".to_owned(), m.id.clone());
    for (lang, t) in &m.titles {
        out.insert(format!("title.{lang}"), t.clone());
    }
    if let Some(b) = &m.buyer {
        out.insert("buyer".to_owned(), b.clone());
    }
    if let Some(d) = m.published {
        out.insert("published".to_owned(), ir::date_text(d));
    }
    if let Some(d) = m.deadline {
        out.insert("deadline".to_owned(), ir::date_text(d));
    }
    out.insert("languages".to_owned(), m.languages.join(", "));
    out
}

fn param_fields(t: &ir::Tender) -> BTreeMap<String, String> {
    t.params
        .iter()
        .map(|p| {
            let name = match &p.set {
                Some(set) => format!("{set}.{}", p.name),
                None => p.name.clone(),
            };
            (name, literal_text(&p.value))
        })
        .collect()
}

fn diff_item(o: &Item, os: &SourceMap, n: &Item, ns: &SourceMap) -> Option<ItemChange> {
    let fields = diff_fields(&item_fields(o, os), &item_fields(n, ns));
    let texts = diff_texts(o, n);
    if fields.is_empty() && texts.is_empty() {
        return None;
    }
    Some(ItemChange {
        id: n.id.clone(),
        title: n.title.clone(),
        fields,
        texts,
    })
}

fn item_fields(i: &Item, src: &SourceMap) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert("title".to_owned(), i.title.clone());
    out.insert("kind".to_owned(), i.kind.name().to_owned());
    if i.kind == crate::engine::verdict::ItemKind::Criterion {
        out.insert("weight".to_owned(), i.weight.to_string());
    }
    out.insert("refs".to_owned(), i.refs.join("; "));
    out.insert("evidence".to_owned(), i.evidence.join(", "));
    if let Some(w) = &i.when {
        out.insert("when".to_owned(), source_text(w, src));
    }
    if !i.requires.is_empty() {
        let rs: Vec<String> = i.requires.iter().map(|r| source_text(r, src)).collect();
        out.insert("require".to_owned(), rs.join("\n"));
    }
    if let Some(s) = &i.score {
        out.insert("score".to_owned(), score_text(s, src));
    }
    if let Some(set) = &i.set {
        out.insert("set".to_owned(), set.clone());
    }
    out
}

/// The expression as the buyer wrote it, whitespace runs collapsed.
fn source_text(e: &TExpr, src: &SourceMap) -> String {
    let text = src.text(e.file).get(e.span.range()).unwrap_or("");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn score_text(s: &Score, src: &SourceMap) -> String {
    let points = |name: &str, input: &TExpr, ps: &[ir::Point]| {
        let ps: Vec<String> = ps
            .iter()
            .map(|p| format!("{} => {}", literal_text(&p.at), score_number(p.score)))
            .collect();
        format!("{name}({}, {})", source_text(input, src), ps.join(", "))
    };
    match s {
        Score::Linear { input, points: ps } => points("linear", input, ps),
        Score::Steps { input, points: ps } => points("steps", input, ps),
        Score::YesNo(e) => format!("yes_no({})", source_text(e, src)),
    }
}

fn score_number(x: f64) -> String {
    // Scores are 0–100 with at most a few decimals; render them exactly as decimals.
    let hundredths = (x * 100.0).round();
    if hundredths.is_finite() && hundredths.abs() < 1e15 {
        #[expect(clippy::cast_possible_truncation, reason = "bounded just above")]
        let units = hundredths as i128;
        let n = Number {
            units: units.try_into().unwrap_or(0),
            scale: 2,
        };
        number_text(n)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned()
    } else {
        x.to_string()
    }
}

fn diff_texts(o: &Item, n: &Item) -> Vec<TextChange> {
    let mut langs: Vec<&str> = o
        .texts
        .iter()
        .chain(&n.texts)
        .map(|t| t.lang.as_str())
        .collect();
    langs.sort_unstable();
    langs.dedup();
    langs
        .into_iter()
        .filter_map(|lang| {
            let old = o.text(lang).map(|t| t.template.clone());
            let new = n.text(lang).map(|t| t.template.clone());
            (old != new).then(|| TextChange {
                lang: lang.to_owned(),
                words: word_diff(old.as_deref().unwrap_or(""), new.as_deref().unwrap_or("")),
                old,
                new,
            })
        })
        .collect()
}

/// A word-level edit script for reading: adjacent runs of one kind merged, and changes
/// separated only by whitespace joined into one removed and one added run (`[-onderdeel
/// moet-]{+component is+}` rather than four fragments). Whitespace that only separated two
/// changed words on one side may be dropped from that side's run.
pub fn word_diff(old: &str, new: &str) -> Vec<WordEdit> {
    let diff = similar::TextDiff::from_words(old, new);
    let mut out: Vec<WordEdit> = Vec::new();
    let (mut removed, mut added, mut gap) = (String::new(), String::new(), String::new());
    let flush = |out: &mut Vec<WordEdit>, removed: &mut String, added: &mut String| {
        for (text, make) in [
            (removed, WordEdit::Removed as fn(String) -> WordEdit),
            (added, WordEdit::Added as fn(String) -> WordEdit),
        ] {
            let t = text.trim_end().to_owned();
            if !t.is_empty() {
                out.push(make(t));
            }
            text.clear();
        }
    };
    for change in diff.iter_all_changes() {
        let word = change.value();
        let in_change = !removed.is_empty() || !added.is_empty();
        match change.tag() {
            similar::ChangeTag::Equal if in_change && word.trim().is_empty() => gap.push_str(word),
            similar::ChangeTag::Equal => {
                flush(&mut out, &mut removed, &mut added);
                let text = std::mem::take(&mut gap) + word;
                match out.last_mut() {
                    Some(WordEdit::Same(s)) => s.push_str(&text),
                    _ => out.push(WordEdit::Same(text)),
                }
            }
            tag => {
                for side in [&mut removed, &mut added] {
                    if !side.is_empty() {
                        side.push_str(&gap);
                    }
                }
                gap.clear();
                if tag == similar::ChangeTag::Delete {
                    removed.push_str(word);
                } else {
                    added.push_str(word);
                }
            }
        }
    }
    flush(&mut out, &mut removed, &mut added);
    if !gap.is_empty() {
        out.push(WordEdit::Same(gap));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diff_merges_runs() {
        let d = word_diff("updates for five years", "updates for at least six years");
        assert_eq!(
            d,
            [
                WordEdit::Same("updates for ".into()),
                WordEdit::Removed("five".into()),
                WordEdit::Added("at least six".into()),
                WordEdit::Same(" years".into()),
            ]
        );
    }

    #[test]
    fn score_numbers_are_exact() {
        assert_eq!(score_number(100.0), "100");
        assert_eq!(score_number(12.5), "12.5");
        assert_eq!(score_number(0.0), "0");
    }
}
