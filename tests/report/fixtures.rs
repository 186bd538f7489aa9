//! Hand-built assessments: a realistic disqualified bid, a comparison of three bids, and the
//! same data with hostile vendor strings.

use std::sync::Arc;

use tenderguard::engine::verdict::{
    Assessment, ClauseResult, Comparison, ItemKind, Status, Summary, Verdict, WaiverInfo, Witness,
};
use tenderguard::evidence::model::{Locator, Provenance};
use tenderguard::lang::ast::Date;

fn date(year: i16, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

pub fn at(file: &str, pointer: &str) -> Option<Provenance> {
    Some(Provenance::new(&Arc::from(file), Locator::pointer(pointer)))
}

fn witness(subject: &str, value: Option<&str>, place: Option<Provenance>) -> Witness {
    Witness {
        subject: subject.to_owned(),
        value: value.map(str::to_owned),
        provenance: place,
    }
}

fn result(id: &str, title: &str, kind: ItemKind, verdict: Verdict, line: u32) -> ClauseResult {
    ClauseResult {
        id: id.to_owned(),
        title: title.to_owned(),
        kind,
        verdict,
        score: None,
        weight: None,
        refs: Vec::new(),
        explanation: String::new(),
        witnesses: Vec::new(),
        witness_count: 0,
        waiver: None,
        defined_at: format!("tender.tg:{line}:1"),
    }
}

fn results() -> Vec<ClauseResult> {
    use ItemKind::{Criterion, Knockout, Recommended};
    let mut sbom = result(
        "KO-SBOM-01",
        "SBOM in CycloneDX or SPDX delivered",
        Knockout,
        Verdict::Pass,
        8,
    );
    sbom.refs = vec!["BSI TR-03183-2 §5.1".into(), "CRA Annex I(2)(1)".into()];

    let mut lic = result(
        "KO-LIC-01",
        "No strong-copyleft licences in delivered components",
        Knockout,
        Verdict::Fail,
        14,
    );
    lic.refs = vec!["Tender §4.2".into()];
    lic.explanation = "4,815 components carry a licence on the deny list `strong-copyleft`.".into();
    lic.witnesses = vec![
        witness(
            "component openssl@1.0.2k",
            Some("GPL-3.0-only"),
            at("sbom.cdx.json", "/components/12/licenses/0"),
        ),
        witness(
            "component readline@8.2",
            Some("GPL-3.0-or-later"),
            at("sbom.cdx.json", "/components/40/licenses/0"),
        ),
        witness(
            "component mysql-connector@8.0.33",
            Some("GPL-2.0-only WITH Universal-FOSS-exception-1.0"),
            at("sbom.cdx.json", "/components/41/licenses/0"),
        ),
    ];
    lic.witness_count = 4815;

    let mut support = result(
        "KO-SUP-01",
        "Security support for at least 5 years",
        Knockout,
        Verdict::Unknown,
        21,
    );
    support.explanation = "attestation has no `support.end`".into();
    support.witnesses = vec![witness(
        "attestation.support.end",
        None,
        at("attestation.yaml", "/support"),
    )];
    support.witness_count = 1;

    let mut fips = result(
        "KO-FIPS-01",
        "FIPS 140-3 validated cryptographic module",
        Knockout,
        Verdict::NotApplicable,
        27,
    );
    fips.explanation = "applies only when `deployment.model` is `on-premises`".into();

    let mut kev = result(
        "KO-KEV-01",
        "No known exploited vulnerabilities",
        Knockout,
        Verdict::Waived,
        33,
    );
    kev.explanation = "1 vulnerability is on the CISA KEV list.".into();
    kev.witnesses = vec![witness(
        "vulnerability CVE-2024-3094",
        Some("xz-utils@5.6.0"),
        Some(Provenance::new(&Arc::from("sbom.spdx"), Locator::Line(212))),
    )];
    kev.witness_count = 1;
    kev.waiver = Some(WaiverInfo {
        vendor: "Acme Cloud BV".into(),
        until: date(2026, 12, 31),
        reason: "patched in release 4.3, due before go-live".into(),
    });

    let mut sign = result(
        "REC-SIGN-01",
        "SBOM signed by the vendor",
        Recommended,
        Verdict::Fail,
        40,
    );
    sign.explanation = "the SBOM carries no signature".into();
    sign.witnesses = vec![witness("sbom.signature", None, at("sbom.cdx.json", ""))];
    sign.witness_count = 1;

    let mut patch = result(
        "AW-PATCH",
        "Median time to patch critical vulnerabilities",
        Criterion,
        Verdict::Pass,
        47,
    );
    patch.score = Some(87.456);
    patch.weight = Some(30);
    let mut vex = result(
        "AW-VEX",
        "VEX statements for known vulnerabilities",
        Criterion,
        Verdict::Unknown,
        52,
    );
    vex.weight = Some(20);
    vex.explanation = "no VEX document in the bid".into();
    let mut quality = result("AW-SBOMQ", "SBOM quality", Criterion, Verdict::Pass, 58);
    quality.score = Some(200.0 / 3.0);
    quality.weight = Some(50);
    quality.refs = vec!["NTIA minimum elements".into()];

    vec![sbom, lic, support, fips, kev, sign, patch, vex, quality]
}

pub fn assessment() -> Assessment {
    Assessment {
        tender_id: "T-2026-017".into(),
        tender_title: "Case management system for the municipality".into(),
        vendor: "Acme Cloud BV".into(),
        product: Some("Acme Records 4.2".into()),
        as_of: date(2026, 3, 1),
        results: results(),
        summary: Summary {
            pass: 3,
            fail: 2,
            unknown: 2,
            not_applicable: 1,
            waived: 1,
            knockouts_failed: vec!["KO-LIC-01".into()],
            status: Status::Disqualified,
            award_score: None,
        },
    }
}

/// A qualified bid: every knock-out passes, the given criteria scores.
fn qualified(vendor: &str, product: Option<&str>, scores: [f64; 3], award: f64) -> Assessment {
    let mut a = assessment();
    a.vendor = vendor.into();
    a.product = product.map(str::to_owned);
    for r in &mut a.results {
        if r.kind != ItemKind::Criterion && r.verdict != Verdict::NotApplicable {
            r.verdict = Verdict::Pass;
            r.explanation.clear();
            r.witnesses.clear();
            r.witness_count = 0;
            r.waiver = None;
        }
    }
    let criteria = a
        .results
        .iter_mut()
        .filter(|r| r.kind == ItemKind::Criterion);
    for (r, score) in criteria.zip(scores) {
        r.verdict = Verdict::Pass;
        r.score = Some(score);
        r.explanation.clear();
    }
    a.summary = Summary {
        pass: 8,
        fail: 0,
        unknown: 0,
        not_applicable: 1,
        waived: 0,
        knockouts_failed: Vec::new(),
        status: Status::Qualified,
        award_score: Some(award),
    };
    a
}

pub fn comparison() -> Comparison {
    Comparison {
        tender_id: "T-2026-017".into(),
        tender_title: "Case management system for the municipality".into(),
        as_of: date(2026, 3, 1),
        bids: vec![
            qualified(
                "Gamma Systems",
                Some("Gamma CMS 7"),
                [92.0, 80.0, 95.5],
                91.254,
            ),
            qualified("Beta Software", None, [70.0, 60.0, 88.0], 78.4),
            assessment(),
        ],
    }
}

pub const NASTY: [&str; 10] = [
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "+SUM(A1)",
    "@x",
    "-1",
    "a|b",
    "first line\nsecond | line\r\nthird",
    "\u{1b}[31mred",
    "\u{1b}]0;x\u{7}",
    "\u{202e}gnp.exe",
];

/// The realistic assessment with every vendor-controlled string replaced by hostile ones.
pub fn hostile() -> Assessment {
    let mut a = assessment();
    a.vendor = "=cmd|' /C calc'!A0 <script>alert(1)</script>\u{1b}[31m\u{202e}".into();
    a.product = Some("+SUM(A1)\n\u{1b}]0;x\u{7} | a|b".into());
    for (i, r) in a.results.iter_mut().enumerate() {
        r.title = format!("{} {}", NASTY[i % NASTY.len()], r.title);
        r.explanation = format!(
            "-1 a|b\n<script>alert(1)</script> \u{1b}[2J {}",
            r.explanation
        );
        let place = at("evil\u{1b}[31m file.json", "/components/0/<script>");
        r.witnesses = NASTY
            .iter()
            .map(|n| witness(n, Some(n), place.clone()))
            .collect();
        r.witness_count = 5000;
        if let Some(w) = &mut r.waiver {
            w.vendor = NASTY[6].into();
            w.reason = NASTY[0].into();
        }
    }
    a
}

pub fn hostile_comparison() -> Comparison {
    let mut c = comparison();
    for (bid, vendor) in c
        .bids
        .iter_mut()
        .zip(["@x", "-1 <script>", "\u{1b}]0;x\u{7}"])
    {
        bid.vendor = vendor.into();
    }
    c.bids.push(hostile());
    c
}
