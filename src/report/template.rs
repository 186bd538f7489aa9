//! The response template a buyer publishes with a tender: what a vendor fills in and hands
//! back.
//!
//! Input: a checked [`Tender`], its [`Questionnaire`] and a language (`en`, `nl`). Output,
//! as text ([`TemplateFiles`]):
//! - `attestation.yaml`: exactly the answers the tender's clauses read (and its `question`s),
//!   nested as an attestation holds them, each value `~` (unanswered) under a comment with
//!   the question in the chosen language, the expected type, an example and the clause ids
//!   that use it;
//! - `attestation.schema.json`: the JSON Schema of an attestation for this tender. It is the
//!   FULL schema of the tender's vocabulary (standard fields plus the tender's questions), not
//!   one cut down to the asked fields: it then accepts exactly what the attestation loader
//!   accepts, so a vendor who answers more than asked is not flagged by an editor;
//! - `checklist.md`: the other evidence the tender asks for (SBOM formats, VEX, reports), with
//!   the clauses that need each, and a `bid.yaml` manifest skeleton.
//!
//! Buyer-written strings go through `report::escape` (comments: [`escape::terminal`], so a
//! newline cannot end a YAML comment; Markdown: [`escape::markdown_cell`]). It does not
//! write files (the CLI does) and reads no evidence.

use std::fmt::Write as _;

use crate::engine::ir::{Tender, date_text};
use crate::engine::questionnaire::{Asked, Questionnaire};
use crate::evidence::attestation_schema::attestation_schema;
use crate::evidence::schema::{Ty, Vocabulary};
use crate::report::escape;

/// The three files of a response template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateFiles {
    pub attestation_yaml: String,
    pub schema_json: String,
    pub checklist_md: String,
}

/// Renders the response template of `tender` in `lang` (`nl`, else English).
pub fn render(tender: &Tender, q: &Questionnaire, lang: &str) -> TemplateFiles {
    TemplateFiles {
        attestation_yaml: attestation_yaml(tender, q, lang),
        schema_json: schema_json(tender),
        checklist_md: checklist_md(tender, q, lang),
    }
}

/// Words of the template in one language.
struct Words {
    heading: &'static str,
    fill_in: &'static str,
    unknown: &'static str,
    formats: &'static str,
    schema: &'static str,
    ty: &'static str,
    example: &'static str,
    clauses: &'static str,
    question: &'static str,
    list_of: &'static str,
}

const EN: Words = Words {
    heading: "Response template for tender",
    fill_in: "Replace each `~` by your answer.",
    unknown: "An answer left `~` is missing: the clauses that read it cannot pass.",
    formats: "Dates are YYYY-MM-DD; yes/no answers are true or false; URLs start with https://.",
    schema: "attestation.schema.json describes every field this tender accepts.",
    ty: "type",
    example: "example",
    clauses: "used by",
    question: "question of this tender",
    list_of: "a list; each entry has",
};

const NL: Words = Words {
    heading: "Antwoordsjabloon voor aanbesteding",
    fill_in: "Vervang elke `~` door uw antwoord.",
    unknown: "Een antwoord dat `~` blijft ontbreekt: de clausules die het lezen kunnen niet slagen.",
    formats: "Datums als JJJJ-MM-DD; ja/nee-antwoorden als true of false; URL's beginnen met https://.",
    schema: "attestation.schema.json beschrijft elk veld dat deze aanbesteding accepteert.",
    ty: "type",
    example: "voorbeeld",
    clauses: "gebruikt door",
    question: "vraag van deze aanbesteding",
    list_of: "een lijst; elk element heeft",
};

fn words(lang: &str) -> &'static Words {
    if lang == "nl" { &NL } else { &EN }
}

/// The tender's title in `lang`, else its first title, else its id.
pub fn title<'a>(tender: &'a Tender, lang: &str) -> &'a str {
    tender
        .meta
        .titles
        .get(lang)
        .or_else(|| tender.meta.titles.values().next())
        .map_or(tender.meta.id.as_str(), String::as_str)
}

/// One line of a YAML comment: control characters (newlines included) made visible.
fn comment(out: &mut String, indent: usize, text: &str) {
    let _ = writeln!(
        out,
        "{:indent$}# {}",
        "",
        escape::terminal(text),
        indent = indent
    );
}

/// The attestation template (YAML).
pub fn attestation_yaml(tender: &Tender, q: &Questionnaire, lang: &str) -> String {
    let w = words(lang);
    let mut out = String::new();
    comment(
        &mut out,
        0,
        &format!("{} {}: {}", w.heading, tender.meta.id, title(tender, lang)),
    );
    if let Some(buyer) = &tender.meta.buyer {
        comment(&mut out, 0, buyer);
    }
    for line in [w.fill_in, w.unknown, w.formats, w.schema] {
        comment(&mut out, 0, line);
    }
    out.push_str("# yaml-language-server: $schema=attestation.schema.json\n");
    if q.fields.is_empty() {
        out.push_str("{}\n");
        return out;
    }
    let mut open: Vec<String> = Vec::new();
    for field in &q.fields {
        let Some((leaf, parents)) = field.path.split_last() else {
            continue;
        };
        let common = open.iter().zip(parents).take_while(|(a, b)| a == b).count();
        open.truncate(common);
        for seg in parents.iter().skip(common) {
            out.push('\n');
            let indent = open.len() * 2;
            open.push(seg.clone());
            if let Some(doc) = field_at(&tender.vocabulary, &open)
                .map(|f| prompt(f, lang))
                .filter(|d| !d.is_empty())
            {
                comment(&mut out, indent, doc);
            }
            let _ = writeln!(out, "{:indent$}{seg}:", "", indent = indent);
        }
        leaf_entry(&mut out, open.len() * 2, leaf, field, lang, w);
    }
    out
}

fn prompt<'a>(f: &'a crate::evidence::schema::Field, lang: &str) -> &'a str {
    if lang == "nl" && !f.doc_nl.is_empty() {
        &f.doc_nl
    } else {
        &f.doc
    }
}

/// The field of the attestation at a path (after `attestation`).
fn field_at<'a>(
    vocab: &'a Vocabulary,
    path: &[String],
) -> Option<&'a crate::evidence::schema::Field> {
    let mut record = "attestation".to_owned();
    let mut found = None;
    for seg in path {
        let f = vocab.record(&record)?.field(seg)?;
        if let Ty::Record(name) = &f.ty {
            record.clone_from(name);
        }
        found = Some(f);
    }
    found
}

fn leaf_entry(out: &mut String, indent: usize, key: &str, field: &Asked, lang: &str, w: &Words) {
    let prompt = field.prompt(lang);
    if !prompt.is_empty() {
        comment(out, indent, prompt);
    }
    let mut facts = format!("{}: {}", w.ty, type_hint(&field.ty));
    if field.element_fields.is_empty() {
        let _ = write!(facts, " · {}: {}", w.example, field.example);
    }
    if !field.clauses.is_empty() {
        let _ = write!(facts, " · {}: {}", w.clauses, field.clauses.join(", "));
    }
    if field.question {
        let _ = write!(facts, " · {}", w.question);
    }
    comment(out, indent, &facts);
    if !field.element_fields.is_empty() {
        let names: Vec<&str> = field
            .element_fields
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        comment(out, indent, &format!("{}: {}", w.list_of, names.join(", ")));
        comment(out, indent, &format!("{}:", w.example));
        for (i, f) in field.element_fields.iter().enumerate() {
            let dash = if i == 0 { "- " } else { "  " };
            let ex = if f.example.is_empty() {
                "~"
            } else {
                &f.example
            };
            comment(out, indent, &format!("  {dash}{}: {ex}", f.name));
        }
    }
    let _ = writeln!(out, "{:indent$}{key}: ~", "", indent = indent);
}

/// The type as a vendor reads it.
fn type_hint(ty: &Ty) -> String {
    match ty {
        Ty::Date => "date (YYYY-MM-DD)".to_owned(),
        Ty::Bool => "bool (true/false)".to_owned(),
        Ty::Duration => "duration (`5 years`, `30 days`)".to_owned(),
        Ty::Percent => "percent (`80%`)".to_owned(),
        Ty::Severity => "severity (none/low/medium/high/critical)".to_owned(),
        Ty::License => "SPDX licence expression".to_owned(),
        Ty::Url => "url (https://…)".to_owned(),
        t => t.to_string(),
    }
}

/// The attestation JSON Schema for the tender's vocabulary, titled with the tender id.
pub fn schema_json(tender: &Tender) -> String {
    let mut schema = attestation_schema(&tender.vocabulary);
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "title".into(),
            serde_json::Value::String(format!(
                "Tenderguard attestation for tender {}",
                tender.meta.id
            )),
        );
    }
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// What one evidence kind is, for the checklist: (English, Dutch).
fn kind_text(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "sbom" => (
            "An SBOM of the product: CycloneDX 1.4–1.7 (JSON or XML) or SPDX 2.2/2.3 (JSON or tag-value), listing every component with version, licence and package URL.",
            "Een SBOM van het product: CycloneDX 1.4–1.7 (JSON of XML) of SPDX 2.2/2.3 (JSON of tag-value), met elk component met versie, licentie en package URL.",
        ),
        "vex" => (
            "VEX statements for known vulnerabilities: OpenVEX, CycloneDX VEX or CSAF VEX.",
            "VEX-verklaringen voor bekende kwetsbaarheden: OpenVEX, CycloneDX VEX of CSAF VEX.",
        ),
        "document" => (
            "Supporting documents (PDF), listed in the manifest as `document`.",
            "Onderbouwende documenten (PDF), in het manifest als `document`.",
        ),
        "pentest-report" => (
            "The report of the latest independent penetration test (PDF), as a `document` with `doc_kind: pentest-report`, named in `attestation.pentest.report`.",
            "Het rapport van de laatste onafhankelijke penetratietest (PDF), als `document` met `doc_kind: pentest-report`, genoemd in `attestation.pentest.report`.",
        ),
        "certificate" => (
            "Certificates (PDF), as a `document` with `doc_kind: certificate`.",
            "Certificaten (PDF), als `document` met `doc_kind: certificate`.",
        ),
        "signature" => (
            "A signature over the attestation (DSSE envelope) with the key registered for the tender.",
            "Een handtekening over de attestation (DSSE-envelop) met de sleutel die voor de aanbesteding is geregistreerd.",
        ),
        _ => ("Other evidence.", "Overig bewijs."),
    }
}

/// The checklist of evidence (Markdown).
pub fn checklist_md(tender: &Tender, q: &Questionnaire, lang: &str) -> String {
    let nl = lang == "nl";
    let pick = |en: &'static str, nl_text: &'static str| if nl { nl_text } else { en };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} {}\n\n{}\n",
        pick("Checklist for tender", "Checklist voor aanbesteding"),
        escape::markdown_cell(&tender.meta.id),
        escape::markdown_cell(title(tender, lang)),
    );
    if let Some(d) = tender.meta.deadline {
        let _ = writeln!(
            out,
            "{}: {}\n",
            pick("Deadline", "Uiterste datum"),
            date_text(d)
        );
    }
    out.push_str(pick(
        "Hand in one folder with a `bid.yaml` manifest and these files:\n\n",
        "Lever één map in met een manifest `bid.yaml` en deze bestanden:\n\n",
    ));
    let used: Vec<&str> = {
        let mut ids: Vec<&str> = Vec::new();
        for f in &q.fields {
            for c in &f.clauses {
                if !ids.contains(&c.as_str()) {
                    ids.push(c);
                }
            }
        }
        ids
    };
    let _ = write!(
        out,
        "- [ ] `attestation.yaml`: {} {}",
        q.fields.len(),
        pick(
            "answers, filled in from the response template.",
            "antwoorden, ingevuld vanuit het antwoordsjabloon."
        ),
    );
    push_clauses(&mut out, &used, nl);
    for need in &q.evidence {
        let (en, nl_text) = kind_text(&need.kind);
        let _ = write!(
            out,
            "- [ ] **{}**: {}",
            escape::markdown_cell(&need.kind),
            pick(en, nl_text)
        );
        let ids: Vec<&str> = need.clauses.iter().map(String::as_str).collect();
        push_clauses(&mut out, &ids, nl);
    }
    out.push_str(pick(
        "\nA manifest names the vendor, the product and each file:\n\n",
        "\nHet manifest noemt de leverancier, het product en elk bestand:\n\n",
    ));
    out.push_str("```yaml\nvendor: \"…\"\nproduct: \"…\"\nversion: \"…\"\nevidence:\n  - kind: attestation\n    path: attestation.yaml\n");
    for need in &q.evidence {
        let (kind, path, doc_kind) = match need.kind.as_str() {
            "sbom" => ("sbom", "sbom.cdx.json", None),
            "vex" => ("vex", "vex.openvex.json", None),
            "pentest-report" => ("document", "reports/pentest.pdf", Some("pentest-report")),
            "certificate" => (
                "document",
                "certificates/certificate.pdf",
                Some("certificate"),
            ),
            "document" => ("document", "documents/document.pdf", None),
            _ => continue,
        };
        let _ = writeln!(out, "  - kind: {kind}\n    path: {path}");
        if let Some(d) = doc_kind {
            let _ = writeln!(out, "    doc_kind: {d}");
        }
    }
    out.push_str("```\n");
    out
}

fn push_clauses(out: &mut String, ids: &[&str], nl: bool) {
    if ids.is_empty() {
        out.push('\n');
        return;
    }
    let escaped: Vec<String> = ids.iter().map(|i| escape::markdown_cell(i)).collect();
    let _ = writeln!(
        out,
        " ({}: {})",
        if nl { "clausules" } else { "clauses" },
        escaped.join(", ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::questionnaire::questionnaire;

    fn compile(src: &str) -> Tender {
        crate::engine::compile_for_test(src)
    }

    #[test]
    fn a_newline_in_a_question_cannot_end_its_comment() {
        let t = compile(
            "tender \"T\" { title.en \"x\" published 2027-01-01 }\nquestion attestation.cloud.region : string \"Region?\\nevil: true\" \"Regio?\"\n",
        );
        let yaml = attestation_yaml(&t, &questionnaire(&t), "en");
        assert!(!yaml.contains("\nevil"), "{yaml}");
        assert!(yaml.contains("cloud:\n"), "{yaml}");
        assert!(yaml.contains("  region: ~\n"), "{yaml}");
    }
}
