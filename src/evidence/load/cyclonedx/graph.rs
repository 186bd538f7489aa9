//! CycloneDX dependencies and vulnerabilities (VEX), checked against the document's
//! `bom-ref`s and normalised for `cyclonedx.rs`.

use super::{
    At, Checker, DANGLING_AFFECTS, DANGLING_REF, INVALID_VALUE, ROOT, Refs, clip, date_time,
};
use crate::diag::Diagnostic;
use crate::evidence::load::cyclonedx_raw::*;
use std::sync::Arc;

use crate::evidence::model::{
    Dependency, Locator, Provenance, Severity, Source, VexState, Vulnerability,
};

/// The `dependencies` entries converted one by one, before they are checked: by the JSON
/// reader while it reads them (so the raw entries never all exist at once), or by
/// [`dependencies`] from the raw shape.
#[derive(Debug)]
pub struct DependencyPass {
    file: Arc<str>,
    /// The text the raw entries borrow from: their references become slices of it.
    source: Source,
    scratch: String,
    out: Vec<Dependency>,
    /// Indices of the entries without `ref` (not converted), ascending.
    missing: Vec<usize>,
    next: usize,
}

impl DependencyPass {
    pub fn new(file: &str, source: &Source) -> Self {
        DependencyPass {
            file: Arc::from(file),
            source: source.fork(),
            scratch: String::new(),
            out: Vec::new(),
            missing: Vec::new(),
            next: 0,
        }
    }

    /// Makes room for about `n` more entries, at most a million (none when the memory
    /// cannot be had: it is only an estimate).
    pub fn reserve(&mut self, n: usize) {
        let _ = self.out.try_reserve(n.min(1 << 20));
    }

    /// Converts the next entry of `dependencies`.
    pub fn add(&mut self, d: &RawDependency) {
        let i = self.next;
        self.next += 1;
        let Some(r) = d.reference.as_deref() else {
            self.missing.push(i);
            return;
        };
        self.scratch.clear();
        ROOT.index("dependencies", i).write(&mut self.scratch);
        self.out.push(Dependency {
            doc: 0,
            reference: self.source.text(r),
            depends_on: d
                .depends_on
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|t| self.source.text(t))
                .collect(),
            provenance: Provenance::new(&self.file, Locator::pointer(self.scratch.as_str())),
        });
    }
}

/// Checks the dependency graph against the bom-refs: `read` holds the entries when the
/// reader has already converted them, otherwise they are taken from `bom.dependencies`.
pub(super) fn dependencies(
    c: &mut Checker<'_>,
    bom: &RawBom,
    read: Option<DependencyPass>,
    refs: &Refs,
) -> Vec<Dependency> {
    let read = read.unwrap_or_else(|| {
        let mut pass = DependencyPass::new(&c.file, &c.source);
        for d in bom.dependencies.iter().flatten() {
            pass.add(d);
        }
        pass
    });
    let mut missing = read.missing.iter().copied().peekable();
    let mut converted = read.out.iter().zip(all_known(&read.out, refs));
    for i in 0..read.next {
        let dp = ROOT.index("dependencies", i);
        if missing.next_if_eq(&i).is_some() {
            c.missing(&dp, "ref");
            continue;
        }
        let Some((d, known)) = converted.next() else {
            break;
        };
        if known {
            continue;
        }
        check_ref(c, &d.reference, &dp.key("ref"), refs);
        for (j, t) in d.depends_on.iter().enumerate() {
            check_ref(c, t, &dp.index("dependsOn", j), refs);
        }
    }
    read.out
}

/// For each entry, whether every reference in it is a known bom-ref (so there is nothing to
/// report). The lookups are most of the cost of checking a large graph, so a long list is
/// looked up on threads, in order-preserving runs.
fn all_known(deps: &[Dependency], refs: &Refs) -> Vec<bool> {
    let ok = |r: &str| !r.is_empty() && refs.knows(r);
    let known = |d: &Dependency| ok(&d.reference) && d.depends_on.iter().all(|t| ok(t));
    let threads = crate::lang::available_threads().min(8);
    let runs = crate::lang::run_ranges(deps.len(), threads, 4096);
    if runs.len() <= 1 {
        return deps.iter().map(known).collect();
    }
    let parts: Vec<&[Dependency]> = runs.into_iter().filter_map(|r| deps.get(r)).collect();
    let joined = std::thread::scope(|s| {
        let later: Vec<_> = parts
            .iter()
            .skip(1)
            .map(|&part| {
                let thread = std::thread::Builder::new().name("tenderguard-refs".into());
                (
                    part,
                    thread.spawn_scoped(s, move || part.iter().map(known).collect()),
                )
            })
            .collect();
        let mut all: Vec<bool> = Vec::with_capacity(deps.len());
        all.extend(parts.first().copied().unwrap_or_default().iter().map(known));
        for (part, handle) in later {
            match handle {
                Ok(h) => all.extend::<Vec<bool>>(h.join().ok()?),
                // its thread could not be started: look them up here
                Err(_) => all.extend(part.iter().map(known)),
            }
        }
        Some(all)
    });
    // a thread that failed checks nothing: then every entry is checked one by one
    joined.unwrap_or_else(|| vec![false; deps.len()])
}

pub(super) fn check_ref(c: &mut Checker<'_>, r: &str, p: &At<'_>, refs: &Refs) {
    if r.is_empty() {
        c.error(
            INVALID_VALUE,
            p,
            "a reference must not be empty".into(),
            None,
        );
    } else if !refs.knows(r) {
        c.error(
            DANGLING_REF,
            p,
            format!(
                "the reference `{}` names no component or service of this SBOM",
                clip(r)
            ),
            Some(
                "every `ref` and `dependsOn` entry must be the `bom-ref` of a component or service",
            ),
        );
    }
}

pub(super) fn vulnerabilities(
    c: &mut Checker<'_>,
    bom: &RawBom,
    refs: &Refs,
) -> Vec<Vulnerability> {
    let mut out = Vec::new();
    for (i, v) in bom.vulnerabilities.iter().flatten().enumerate() {
        let vp = ROOT.index("vulnerabilities", i);
        let mut severity = None;
        let mut score: Option<f64> = None;
        let mut known_exploited = None;
        for r in v.ratings.iter().flatten() {
            if is_kev_listing(r) {
                // A marker, not a severity: its score (1) says "listed".
                known_exploited = Some(true);
                continue;
            }
            severity = severity.max(r.severity.as_deref().and_then(severity_of));
            if let Some(s) = r.score.filter(|s| s.is_finite())
                && is_cvss(r)
            {
                score = Some(score.map_or(s, |m| m.max(s)));
            }
        }
        let mut affects = Vec::new();
        for (j, a) in v.affects.iter().flatten().enumerate() {
            let Some(r) = a.reference.as_deref() else {
                continue;
            };
            if !refs.knows(r) && !r.starts_with("urn:cdx:") {
                let at = c.prov(&vp.index("affects", j).key("ref")).location();
                c.warnings.push(
                    Diagnostic::warning(
                        DANGLING_AFFECTS,
                        format!(
                            "the affected reference `{}` names no component of this SBOM",
                            clip(r)
                        ),
                    )
                    .at(at),
                );
            }
            affects.push(r.to_owned());
        }
        let published = v
            .published
            .as_deref()
            .and_then(|t| date_time(c, t, &vp.key("published")));
        let analysis = v.analysis.as_ref();
        out.push(Vulnerability {
            id: v
                .id
                .as_deref()
                .or(v.bom_ref.as_deref())
                .unwrap_or_default()
                .to_owned(),
            source: v
                .source
                .as_ref()
                .and_then(|s| s.name.as_deref())
                .map(str::to_owned),
            severity,
            score,
            affects,
            state: analysis
                .and_then(|a| a.state.as_deref())
                .map_or(VexState::Unknown, vex_state),
            justification: analysis
                .and_then(|a| a.justification.as_deref())
                .map(str::to_owned),
            known_exploited,
            published,
            provenance: c.prov(&vp),
        });
    }
    out
}

/// Whether a rating's score is a CVSS base score (the vocabulary's `score`): its method is
/// one of CycloneDX's `CVSSv2`…`CVSSv4`, or not given (a bare score is read as CVSS, as
/// most writers mean it). An EPSS probability (`method: "other"`, 0–1), an OWASP or SSVC
/// rating is not one.
fn is_cvss(r: &RawRating) -> bool {
    r.method.as_deref().is_none_or(|m| m.starts_with("CVSSv"))
}

/// True for the rating Grype adds (anchore/grype#2765, 2025) to a vulnerability listed in CISA's Known
/// Exploited Vulnerabilities catalog: `method: "other"`, `score: 1`, source named "CISA KEV
/// Catalog" with the catalog's URL. CycloneDX has no field of its own for this
/// (CycloneDX/specification#890). Without such a rating, whether a vulnerability is known
/// exploited stays unknown: absence is not evidence that it is not listed.
fn is_kev_listing(r: &RawRating) -> bool {
    let Some(source) = &r.source else {
        return false;
    };
    source
        .url
        .as_deref()
        .is_some_and(|u| u.contains("cisa.gov/known-exploited-vulnerabilities-catalog"))
        || source
            .name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case("CISA KEV Catalog"))
}

pub(super) fn severity_of(s: &str) -> Option<Severity> {
    Some(match s {
        "critical" => Severity::Critical,
        "high" => Severity::High,
        "medium" => Severity::Medium,
        "low" => Severity::Low,
        "info" | "none" => Severity::None,
        _ => return None,
    })
}

/// CycloneDX `analysis.state` → the VEX state.
pub fn vex_state(s: &str) -> VexState {
    match s {
        "exploitable" => VexState::Affected,
        "resolved" | "resolved_with_pedigree" => VexState::Fixed,
        "false_positive" | "not_affected" => VexState::NotAffected,
        "in_triage" => VexState::UnderInvestigation,
        _ => VexState::Unknown,
    }
}
