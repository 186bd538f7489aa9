//! The contract annex: what a vendor agreed to, in a form that can be signed and archived.
//!
//! Input: a checked [`Tender`], one bid's [`Evidence`] and its [`Assessment`] (the verdict at
//! award time), a language and the annex date. [`Annex::build`] gathers everything into
//! plain strings: tender and vendor identification, every clause with its refs and its text
//! in the language with parameters filled in, the parameters, the vendor's committed values
//! (every attestation answer a clause reads, with its path), the waivers for this vendor,
//! the verdict, and every evidence file with its SHA-256.
//!
//! Renderers: [`render_text`] (Markdown or HTML through handlebars, strict mode, every value
//! escaped by `report::escape` — HTML by [`escape::html`], Markdown by
//! [`escape::markdown_cell`], which also keeps a newline from breaking a table; the
//! embedded templates use no `{{{triple}}}` braces; a user template may replace them) and
//! [`pdf::render_pdf`]. All are deterministic: no clock, no random ids, the date is passed in.
//!
//! It does not evaluate anything (the caller passes the assessment) nor read files.

pub mod pdf;
pub mod winansi;

use serde::Serialize;

use crate::engine::ir::{Tender, date_text, literal_text_in};
use crate::engine::questionnaire::Questionnaire;
use crate::engine::verdict::{Assessment, Verdict};
use crate::evidence::model::Evidence;
use crate::lang::ast::Date;
use crate::report::escape;

/// The embedded Markdown template.
pub const MARKDOWN_TEMPLATE: &str = include_str!("templates/annex.md.hbs");
/// The embedded HTML template.
pub const HTML_TEMPLATE: &str = include_str!("templates/annex.html.hbs");

/// Shown for a value that is absent.
const NONE: &str = "—";

/// Text output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    Markdown,
    Html,
}

/// Why an annex cannot be rendered.
#[derive(Debug, thiserror::Error)]
pub enum AnnexError {
    #[error("the template is invalid: {0}")]
    Template(String),
    #[error("the template cannot be rendered: {0}")]
    Render(String),
    #[error("the PDF cannot be written: {0}")]
    Pdf(String),
}

/// Everything an annex shows, as display strings (unescaped: renderers escape).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annex {
    pub lang: String,
    pub labels: Labels,
    pub producer: String,
    /// The annex date: `--as-of`, else the tender's publication date.
    pub date: String,
    pub tender: TenderInfo,
    pub vendor: VendorInfo,
    pub clauses: Vec<ClauseRow>,
    pub params: Vec<ParamRow>,
    pub commitments: Vec<Commitment>,
    pub waivers: Vec<WaiverRow>,
    pub verdict: VerdictInfo,
    pub files: Vec<FileRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TenderInfo {
    pub id: String,
    pub title: String,
    pub buyer: String,
    pub published: String,
    pub deadline: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VendorInfo {
    pub name: String,
    pub product: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClauseRow {
    pub id: String,
    pub title: String,
    pub kind: String,
    /// `ref` entries joined by `; ` (`—` without).
    pub refs: String,
    pub text: String,
    /// Criteria: `weight 10`; clauses: empty.
    pub weight: String,
    pub verdict: String,
    /// Criteria: the score 0–100; else empty.
    pub score: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamRow {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commitment {
    /// `attestation.support.end`.
    pub path: String,
    pub value: String,
    pub question: String,
    pub clauses: String,
    /// `attestation.yaml#/support/end`.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaiverRow {
    pub id: String,
    pub until: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerdictInfo {
    pub status: String,
    pub award_score: String,
    pub counts: String,
    pub knockouts_failed: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileRow {
    pub path: String,
    pub kind: String,
    pub size: String,
    pub sha256: String,
}

/// The words of an annex in one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Labels {
    pub annex: &'static str,
    pub tender: &'static str,
    pub buyer: &'static str,
    pub published: &'static str,
    pub deadline: &'static str,
    pub vendor: &'static str,
    pub product: &'static str,
    pub version: &'static str,
    pub date: &'static str,
    pub clauses: &'static str,
    pub refs: &'static str,
    pub verdict: &'static str,
    pub score: &'static str,
    pub params: &'static str,
    pub param: &'static str,
    pub value: &'static str,
    pub commitments: &'static str,
    pub commitments_intro: &'static str,
    pub path: &'static str,
    pub question: &'static str,
    pub waivers: &'static str,
    pub no_waivers: &'static str,
    pub until: &'static str,
    pub reason: &'static str,
    pub award: &'static str,
    pub status: &'static str,
    pub award_score: &'static str,
    pub results: &'static str,
    pub knockouts_failed: &'static str,
    pub files: &'static str,
    pub files_intro: &'static str,
    pub file: &'static str,
    pub kind: &'static str,
    pub size: &'static str,
    pub page: &'static str,
}

impl Labels {
    pub fn for_lang(lang: &str) -> Labels {
        if lang == "nl" {
            Labels::nl()
        } else {
            Labels::en()
        }
    }

    fn en() -> Labels {
        Labels {
            annex: "Contract annex: security requirements",
            tender: "Tender",
            buyer: "Buyer",
            published: "Published",
            deadline: "Deadline",
            vendor: "Vendor",
            product: "Product",
            version: "Version",
            date: "Date",
            clauses: "Agreed clauses",
            refs: "References",
            verdict: "Verdict",
            score: "score",
            params: "Parameters",
            param: "Parameter",
            value: "Value",
            commitments: "Committed values",
            commitments_intro: "The vendor's answers that the clauses read; they are part of this agreement.",
            path: "Path",
            question: "Question",
            waivers: "Waivers",
            no_waivers: "No waivers apply.",
            until: "Until",
            reason: "Reason",
            award: "Verdict at award",
            status: "Status",
            award_score: "Award score",
            results: "Results",
            knockouts_failed: "Failed knock-outs",
            files: "Evidence files",
            files_intro: "The files of the bid, identified by their SHA-256 digest.",
            file: "File",
            kind: "Kind",
            size: "Bytes",
            page: "page",
        }
    }

    fn nl() -> Labels {
        Labels {
            annex: "Contractbijlage: beveiligingseisen",
            tender: "Aanbesteding",
            buyer: "Aanbestedende dienst",
            published: "Gepubliceerd",
            deadline: "Uiterste datum",
            vendor: "Leverancier",
            product: "Product",
            version: "Versie",
            date: "Datum",
            clauses: "Overeengekomen clausules",
            refs: "Referenties",
            verdict: "Oordeel",
            score: "score",
            params: "Parameters",
            param: "Parameter",
            value: "Waarde",
            commitments: "Toegezegde waarden",
            commitments_intro: "De antwoorden van de leverancier die de clausules lezen; ze maken deel uit van deze overeenkomst.",
            path: "Pad",
            question: "Vraag",
            waivers: "Ontheffingen",
            no_waivers: "Er gelden geen ontheffingen.",
            until: "Tot",
            reason: "Reden",
            award: "Oordeel bij gunning",
            status: "Status",
            award_score: "Gunningsscore",
            results: "Resultaten",
            knockouts_failed: "Niet gehaalde knock-outs",
            files: "Bewijsbestanden",
            files_intro: "De bestanden van de inschrijving, geïdentificeerd door hun SHA-256.",
            file: "Bestand",
            kind: "Soort",
            size: "Bytes",
            page: "pagina",
        }
    }
}

fn or_none(s: Option<impl Into<String>>) -> String {
    s.map_or_else(|| NONE.to_owned(), Into::into)
}

/// A verdict in words.
fn verdict_word(v: Verdict, lang: &str) -> &'static str {
    let nl = lang == "nl";
    match v {
        Verdict::Pass => {
            if nl {
                "voldoet"
            } else {
                "pass"
            }
        }
        Verdict::Fail => {
            if nl {
                "voldoet niet"
            } else {
                "fail"
            }
        }
        Verdict::Unknown => {
            if nl {
                "onbekend"
            } else {
                "unknown"
            }
        }
        Verdict::NotApplicable => {
            if nl {
                "niet van toepassing"
            } else {
                "not applicable"
            }
        }
        Verdict::Waived => {
            if nl {
                "ontheven"
            } else {
                "waived"
            }
        }
    }
}

/// A score with at most one decimal (`30`, `42.5`).
fn score_text(s: f64) -> String {
    let r = (s * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// An attestation answer as text: scalars as written, lists and records as compact JSON.
fn answer_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Bool(_) | serde_json::Value::Number(_) => Some(v.to_string()),
        other => Some(other.to_string()),
    }
}

impl Annex {
    /// Gathers the annex of one bid. `date` is the annex date (`--as-of`, else the tender's
    /// publication date); `producer` names the tool (`Tenderguard 0.1.0`).
    pub fn build(
        tender: &Tender,
        questionnaire: &Questionnaire,
        evidence: &Evidence,
        assessment: &Assessment,
        lang: &str,
        date: Date,
        producer: &str,
    ) -> Annex {
        let m = &tender.meta;
        let bid = evidence.bid.as_ref();
        let clauses = tender
            .items
            .iter()
            .map(|item| {
                let result = assessment.results.iter().find(|r| r.id == item.id);
                let text = item
                    .text(lang)
                    .or_else(|| item.texts.first())
                    .map_or_else(|| item.title.clone(), |t| t.rendered.clone());
                ClauseRow {
                    id: item.id.clone(),
                    title: item.title.clone(),
                    kind: item.kind.name().to_owned(),
                    refs: if item.refs.is_empty() {
                        NONE.to_owned()
                    } else {
                        item.refs.join("; ")
                    },
                    text,
                    weight: if item.score.is_some() {
                        format!("weight {}", item.weight)
                    } else {
                        String::new()
                    },
                    verdict: result
                        .map_or(NONE, |r| verdict_word(r.verdict, lang))
                        .to_owned(),
                    score: result
                        .and_then(|r| r.score)
                        .map(score_text)
                        .unwrap_or_default(),
                }
            })
            .collect();
        let answers = evidence.attestation.as_ref();
        let commitments = questionnaire
            .fields
            .iter()
            .filter(|f| !f.clauses.is_empty() || f.question)
            .map(|f| {
                let value = answers
                    .and_then(|a| a.answers.pointer(&f.pointer()))
                    .and_then(answer_text);
                Commitment {
                    path: f.dotted(),
                    value: or_none(value),
                    question: f.prompt(lang).to_owned(),
                    clauses: f.clauses.join(", "),
                    source: answers.map_or_else(
                        || NONE.to_owned(),
                        |a| format!("{}#{}", a.file, f.pointer()),
                    ),
                }
            })
            .collect();
        let norm = |s: &str| s.trim().to_lowercase();
        let waivers = tender
            .waivers
            .iter()
            .filter(|w| norm(&w.vendor) == norm(&assessment.vendor))
            .map(|w| WaiverRow {
                id: w.id.clone(),
                until: date_text(w.until),
                reason: w.reason.clone(),
            })
            .collect();
        let s = &assessment.summary;
        let status = match (s.status, lang == "nl") {
            (crate::engine::verdict::Status::Qualified, false) => "qualified",
            (crate::engine::verdict::Status::Qualified, true) => "gekwalificeerd",
            (crate::engine::verdict::Status::Disqualified, false) => "disqualified",
            (crate::engine::verdict::Status::Disqualified, true) => "gediskwalificeerd",
        };
        let counts = format!(
            "{} {}, {} {}, {} {}, {} {}, {} {}",
            s.pass,
            verdict_word(Verdict::Pass, lang),
            s.fail,
            verdict_word(Verdict::Fail, lang),
            s.unknown,
            verdict_word(Verdict::Unknown, lang),
            s.not_applicable,
            verdict_word(Verdict::NotApplicable, lang),
            s.waived,
            verdict_word(Verdict::Waived, lang),
        );
        Annex {
            lang: lang.to_owned(),
            labels: Labels::for_lang(lang),
            producer: producer.to_owned(),
            date: date_text(date),
            tender: TenderInfo {
                id: m.id.clone(),
                title: crate::report::template::title(tender, lang).to_owned(),
                buyer: or_none(m.buyer.clone()),
                published: or_none(m.published.map(date_text)),
                deadline: or_none(m.deadline.map(date_text)),
            },
            vendor: VendorInfo {
                name: assessment.vendor.clone(),
                product: or_none(bid.and_then(|b| b.product.clone())),
                version: or_none(bid.and_then(|b| b.version.clone())),
            },
            clauses,
            params: tender
                .params
                .iter()
                .map(|p| ParamRow {
                    name: p
                        .set
                        .as_ref()
                        .map_or_else(|| p.name.clone(), |s| format!("{s}: {}", p.name)),
                    value: literal_text_in(&p.value, lang),
                })
                .collect(),
            commitments,
            waivers,
            verdict: VerdictInfo {
                status: status.to_owned(),
                award_score: or_none(s.award_score.map(score_text)),
                counts,
                knockouts_failed: if s.knockouts_failed.is_empty() {
                    NONE.to_owned()
                } else {
                    s.knockouts_failed.join(", ")
                },
            },
            files: evidence
                .files
                .iter()
                .map(|f| FileRow {
                    path: f.path.to_string(),
                    kind: f.kind.name().to_owned(),
                    size: f.size.to_string(),
                    sha256: f.sha256.clone(),
                })
                .collect(),
        }
    }
}

/// Renders an annex through a handlebars template: the embedded one for the format, or
/// `template` (a user's `.hbs`). Strict mode: a misspelt variable is an error, not a blank.
pub fn render_text(
    annex: &Annex,
    format: TextFormat,
    template: Option<&str>,
) -> Result<String, AnnexError> {
    let mut hb = handlebars::Handlebars::new();
    hb.set_strict_mode(true);
    match format {
        TextFormat::Markdown => hb.register_escape_fn(escape::markdown_cell),
        TextFormat::Html => hb.register_escape_fn(escape::html),
    }
    let source = template.unwrap_or(match format {
        TextFormat::Markdown => MARKDOWN_TEMPLATE,
        TextFormat::Html => HTML_TEMPLATE,
    });
    hb.register_template_string("annex", source)
        .map_err(|e| AnnexError::Template(e.to_string()))?;
    hb.render("annex", annex)
        .map_err(|e| AnnexError::Render(e.to_string()))
}
