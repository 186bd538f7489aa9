use super::*;
use crate::diff::evidence::diff_components;
use crate::diff::tender::{ItemChange, TextChange, WordEdit};
use crate::evidence::model::Component;

const HOSTILE: &str = "evil\u{1b}[31m<script>alert(1)</script>|[x](http://e)";

fn hostile_diff() -> EvidenceDiff {
    let c = Component {
        name: HOSTILE.into(),
        version: Some("1.0.0".into()),
        ..Component::default()
    };
    let (components, unchanged) = diff_components(&[], &[c]);
    EvidenceDiff {
        bid: Default::default(),
        delivered: Default::default(),
        components,
        unchanged,
        answers: Vec::new(),
        vulnerabilities: Vec::new(),
    }
}

fn render(format: AuditFormat) -> String {
    let d = hostile_diff();
    let a = Audit {
        evidence: &d,
        tender: None,
        verdicts: None,
        tool_version: "0.0.0",
    };
    let mut out = Vec::new();
    render_audit(&a, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn vendor_strings_are_escaped_in_every_format() {
    let table = render(AuditFormat::Table);
    assert!(!table.contains('\u{1b}'), "{table}");
    assert!(table.contains("\\u{1b}"));
    let html = render(AuditFormat::Html);
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.contains("default-src 'none'"));
    let md = render(AuditFormat::Markdown);
    assert!(!md.contains("<script>"), "{md}");
    assert!(!md.contains("[x](http"), "{md}");
    assert!(md.contains("\\|"));
    let json: serde_json::Value = serde_json::from_str(&render(AuditFormat::Json)).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["components"][0]["change"], "added");
    assert_eq!(json["components"][0]["delivered"]["name"], HOSTILE);
}

#[test]
fn rendering_is_deterministic() {
    for f in AuditFormat::ALL {
        assert_eq!(render(*f), render(*f));
    }
}

#[test]
fn tender_diff_words_and_html_refused() {
    let d = TenderDiff {
        old_id: "T".into(),
        new_id: "T".into(),
        meta: Vec::new(),
        params: Vec::new(),
        added: Vec::new(),
        removed: Vec::new(),
        changed: vec![ItemChange {
            id: "A-1".into(),
            title: "t".into(),
            fields: Vec::new(),
            texts: vec![TextChange {
                lang: "nl".into(),
                old: Some("vijf jaar".into()),
                new: Some("zes jaar".into()),
                words: vec![
                    WordEdit::Removed("vijf".into()),
                    WordEdit::Added("zes".into()),
                    WordEdit::Same(" jaar".into()),
                ],
            }],
        }],
    };
    let mut out = Vec::new();
    render_tender_diff(&d, AuditFormat::Table, "0", &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("text.nl: [-vijf-]{+zes+} jaar"), "{text}");
    let mut out = Vec::new();
    assert!(render_tender_diff(&d, AuditFormat::Html, "0", &mut out).is_err());
    assert_eq!("md".parse::<AuditFormat>(), Ok(AuditFormat::Markdown));
}
