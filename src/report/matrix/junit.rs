//! JUnit XML: one `<testsuite>` per bid, one `<testcase>` per result. fail → `<failure>`;
//! unknown knock-out → `<failure type="unknown">` (it can disqualify); other unknowns,
//! not-applicable and waived → `<skipped>`. No timestamps or durations (they would break
//! determinism). Everything passes `escape::xml`.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::common;
use crate::engine::verdict::{Assessment, ClauseResult, ItemKind, Verdict};
use crate::report::escape::xml;

/// How a result shows in JUnit.
enum Outcome {
    Passed,
    Failed { kind: &'static str },
    Skipped,
}

fn outcome(r: &ClauseResult) -> Outcome {
    match (r.verdict, r.kind) {
        (Verdict::Pass, _) => Outcome::Passed,
        (Verdict::Fail, _) => Outcome::Failed { kind: "fail" },
        (Verdict::Unknown, ItemKind::Knockout) => Outcome::Failed { kind: "unknown" },
        (Verdict::Unknown | Verdict::NotApplicable | Verdict::Waived, _) => Outcome::Skipped,
    }
}

pub fn assessment(a: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    let tests = a.results.len();
    let (mut failures, mut skipped) = (0, 0);
    for r in &a.results {
        match outcome(r) {
            Outcome::Failed { .. } => failures += 1,
            Outcome::Skipped => skipped += 1,
            Outcome::Passed => {}
        }
    }
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">",
        xml(&format!("{} — {}", a.tender_id, a.tender_title))
    );
    let _ = writeln!(
        s,
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">",
        xml(&common::bid_name(a))
    );
    properties(&mut s, a);
    for r in &a.results {
        testcase(&mut s, &a.tender_id, r);
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    out.write_all(s.as_bytes())
}

fn properties(s: &mut String, a: &Assessment) {
    s.push_str("    <properties>\n");
    let props = [
        ("tender", a.tender_id.clone()),
        ("vendor", a.vendor.clone()),
        ("product", a.product.clone().unwrap_or_default()),
        ("as_of", common::date(a.as_of)),
        ("status", common::status_line(&a.summary)),
        (
            "award_score",
            common::score_text(a.summary.award_score).unwrap_or_default(),
        ),
    ];
    for (name, value) in props {
        let _ = writeln!(
            s,
            "      <property name=\"{name}\" value=\"{}\"/>",
            xml(&value)
        );
    }
    s.push_str("    </properties>\n");
}

fn testcase(s: &mut String, tender_id: &str, r: &ClauseResult) {
    let _ = write!(
        s,
        "    <testcase classname=\"{}.{}\" name=\"{}\"",
        xml(tender_id),
        r.kind.name(),
        xml(&format!("{}: {}", r.id, r.title))
    );
    match outcome(r) {
        Outcome::Passed => s.push_str("/>\n"),
        Outcome::Failed { kind } => {
            let _ = writeln!(
                s,
                ">\n      <failure message=\"{}\" type=\"{kind}\">{}</failure>\n    </testcase>",
                xml(&headline(r)),
                xml(&body(r))
            );
        }
        Outcome::Skipped => {
            let _ = writeln!(
                s,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                xml(&headline(r))
            );
        }
    }
}

/// One line: the verdict and the explanation's first line (or the waiver).
fn headline(r: &ClauseResult) -> String {
    let reason = common::waiver_text(r)
        .or_else(|| {
            r.explanation
                .lines()
                .find(|l| !l.trim().is_empty())
                .map(str::to_owned)
        })
        .unwrap_or_default();
    if reason.is_empty() {
        common::verdict_word(r.verdict).to_owned()
    } else {
        format!("{}: {}", common::verdict_word(r.verdict), reason.trim())
    }
}

/// The whole explanation and every witness the assessment holds.
fn body(r: &ClauseResult) -> String {
    let mut text = r.explanation.trim().to_owned();
    for w in &r.witnesses {
        text.push_str(&format!("\n- {}", common::witness_text(w)));
    }
    if let Some(more) = common::more_than_shown(r, r.witnesses.len()) {
        text.push_str(&format!("\n{}", common::more_text(more)));
    }
    text.push_str(&format!("\ndefined at {}", r.defined_at));
    text
}
