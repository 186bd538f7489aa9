//! Delivered evidence against bid evidence: which components were added, removed, upgraded,
//! downgraded or changed; which attestation answers and vulnerabilities changed.
//!
//! Input: two [`Evidence`] models (the bid, the delivery). Output: an [`EvidenceDiff`], plain
//! data in a deterministic order. Nothing is escaped or rendered here (`report::audit`).
//!
//! # Matching components
//!
//! Components are matched in three passes; each pass only sees what the earlier ones left:
//!
//! 1. **purl**: the package URL without version, qualifiers (`?…`) and subpath (`#…`), its
//!    type lowercased (`pkg:npm/express`). Versions are compared separately.
//! 2. **name**: (ecosystem, group, name), name and group compared case-insensitively.
//! 3. **hash**: a digest (algorithm + value) both sides carry; only a digest that exactly
//!    one unmatched bid component and one unmatched delivered component share pairs them
//!    (a renamed or re-identified artefact).
//!
//! **Several versions of one package** (same key, e.g. `lodash` 3 and 4 side by side): a
//! version present on both sides pairs with itself first; the remaining versions pair in
//! ascending version order (lowest remaining bid version with lowest remaining delivered
//! version); whatever is left over on one side is added or removed. So `{1, 2} → {2, 3}`
//! reads as "1 upgraded to 3, 2 unchanged", never as a spurious removal plus addition.
//!
//! A matched pair is classified by [`crate::engine::version::compare`] under the pair's
//! ecosystem: `upgraded`, `downgraded`, or (same version) `changed` when its licence,
//! supplier or a digest differs. **A digest that differs for the same version is a red flag**:
//! the delivered artefact is not the one offered ([`ComponentChange::red_flag`]). Digests
//! of different versions are expected to differ and are not reported.
//!
//! Cost: O(n log n) in the number of components (keys are sorted into maps; no pass compares
//! every component with every other). Output is sorted by (name, group, ecosystem, versions).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use crate::engine::version;
use crate::evidence::model::{Component, Evidence, Provenance, Vulnerability};

/// What changed between a bid's evidence and the delivered evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceDiff {
    pub bid: Overview,
    pub delivered: Overview,
    /// Every component that differs, sorted by name, group, ecosystem and versions.
    pub components: Vec<ComponentChange>,
    /// Matched components that did not change.
    pub unchanged: usize,
    /// Attestation answers that differ, by JSON pointer.
    pub answers: Vec<AnswerChange>,
    /// Vulnerabilities that appeared, disappeared or changed state, by id.
    pub vulnerabilities: Vec<VulnerabilityChange>,
}

impl EvidenceDiff {
    /// Components whose digest changed while the version stayed the same.
    pub fn red_flags(&self) -> impl Iterator<Item = &ComponentChange> {
        self.components.iter().filter(|c| c.red_flag())
    }

    /// How many component changes of each kind.
    pub fn counts(&self) -> BTreeMap<ChangeKind, usize> {
        let mut out = BTreeMap::new();
        for c in &self.components {
            *out.entry(c.kind).or_insert(0) += 1;
        }
        out
    }
}

/// One side's identification.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Overview {
    pub vendor: Option<String>,
    pub product: Option<String>,
    pub version: Option<String>,
    pub components: usize,
    /// Evidence files with their SHA-256, in path order.
    pub files: Vec<(String, String)>,
}

impl Overview {
    fn of(e: &Evidence) -> Overview {
        Overview {
            vendor: e.bid.as_ref().map(|b| b.vendor.clone()),
            product: e.bid.as_ref().and_then(|b| b.product.clone()),
            version: e.bid.as_ref().and_then(|b| b.version.clone()),
            components: e.components.len(),
            files: e
                .files
                .iter()
                .map(|f| (f.path.to_string(), f.sha256.clone()))
                .collect(),
        }
    }
}

/// How a component changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Added,
    Removed,
    Upgraded,
    Downgraded,
    /// Same version; licence, supplier or a digest differs.
    Changed,
}

impl ChangeKind {
    /// The wire name.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Upgraded => "upgraded",
            ChangeKind::Downgraded => "downgraded",
            ChangeKind::Changed => "changed",
        }
    }
}

/// Which pass paired the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchRule {
    Purl,
    Name,
    Hash,
}

impl MatchRule {
    pub fn name(self) -> &'static str {
        match self {
            MatchRule::Purl => "purl",
            MatchRule::Name => "name",
            MatchRule::Hash => "hash",
        }
    }
}

/// A component as one side states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentSide {
    pub name: String,
    pub group: Option<String>,
    pub version: Option<String>,
    pub purl: Option<String>,
    pub ecosystem: Option<String>,
    pub license: Option<String>,
    pub supplier: Option<String>,
    /// `(algorithm, lowercase hex)`, sorted.
    pub hashes: Vec<(String, String)>,
    pub provenance: Option<Provenance>,
}

/// An owned copy of an optional model string.
fn owned(s: &Option<crate::evidence::model::Text>) -> Option<String> {
    s.as_deref().map(str::to_owned)
}

impl ComponentSide {
    fn of(c: &Component) -> ComponentSide {
        let mut hashes: Vec<(String, String)> = c
            .hashes
            .iter()
            .map(|h| (h.alg.to_string(), h.value.to_string()))
            .collect();
        hashes.sort();
        ComponentSide {
            name: c.name.to_string(),
            group: owned(&c.group),
            version: owned(&c.version),
            purl: owned(&c.purl),
            ecosystem: owned(&c.ecosystem),
            license: c.license().map(|l| l.expression.to_string()),
            supplier: owned(&c.supplier),
            hashes,
            provenance: c.provenance.clone(),
        }
    }

    /// `name@version`, with the group: `@scope/name@1.2.3`, `org.apache:commons@1.0`.
    pub fn label(&self) -> String {
        let name = match &self.group {
            Some(g) if self.ecosystem.as_deref() == Some("maven") => format!("{g}:{}", self.name),
            Some(g) => format!("{g}/{}", self.name),
            None => self.name.clone(),
        };
        match &self.version {
            Some(v) => format!("{name}@{v}"),
            None => name,
        }
    }
}

/// One attribute that differs between the two sides of a matched pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    License {
        bid: Option<String>,
        delivered: Option<String>,
    },
    Supplier {
        bid: Option<String>,
        delivered: Option<String>,
    },
    /// Paired by digest, but named differently (a renamed or re-identified artefact).
    Identity { bid: String, delivered: String },
    /// A digest of the same algorithm differs while the version is the same: a red flag.
    Hash {
        alg: String,
        bid: String,
        delivered: String,
    },
}

/// One component that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentChange {
    pub kind: ChangeKind,
    /// `None` for added and removed components.
    pub matched_by: Option<MatchRule>,
    pub bid: Option<ComponentSide>,
    pub delivered: Option<ComponentSide>,
    pub details: Vec<Detail>,
}

impl ComponentChange {
    /// True when a digest changed but the version did not.
    pub fn red_flag(&self) -> bool {
        self.details
            .iter()
            .any(|d| matches!(d, Detail::Hash { .. }))
    }

    /// The side that names the change (delivered, else bid).
    pub fn subject(&self) -> Option<&ComponentSide> {
        self.delivered.as_ref().or(self.bid.as_ref())
    }

    fn sort_key(&self) -> (String, String, String, String, String) {
        let s = self.subject();
        let lower = |o: Option<&String>| o.map(|x| x.to_lowercase()).unwrap_or_default();
        let version = |side: &Option<ComponentSide>| {
            side.as_ref()
                .and_then(|x| x.version.clone())
                .unwrap_or_default()
        };
        (
            s.map(|x| x.name.to_lowercase()).unwrap_or_default(),
            lower(s.and_then(|x| x.group.as_ref())),
            lower(s.and_then(|x| x.ecosystem.as_ref())),
            version(&self.bid),
            version(&self.delivered),
        )
    }
}

/// An attestation answer that differs (leaves of the answer tree, by JSON pointer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerChange {
    /// `/support/end`.
    pub pointer: String,
    /// The value as JSON text; `None` when absent on that side.
    pub bid: Option<String>,
    pub delivered: Option<String>,
    /// The attestation files of each side.
    pub bid_file: Option<String>,
    pub delivered_file: Option<String>,
}

/// A vulnerability that appeared, disappeared or changed VEX state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VulnerabilityChange {
    pub id: String,
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    /// `severity state` per side, e.g. `high affected`.
    pub bid: Option<String>,
    pub delivered: Option<String>,
    pub bid_provenance: Option<Provenance>,
    pub delivered_provenance: Option<Provenance>,
}

/// Diffs the delivered evidence against the bid's.
pub fn diff_evidence(bid: &Evidence, delivered: &Evidence) -> EvidenceDiff {
    let (components, unchanged) = diff_components(&bid.components, &delivered.components);
    EvidenceDiff {
        bid: Overview::of(bid),
        delivered: Overview::of(delivered),
        components,
        unchanged,
        answers: diff_answers(bid, delivered),
        vulnerabilities: diff_vulnerabilities(&bid.vulnerabilities, &delivered.vulnerabilities),
    }
}

/// The component changes and the number of unchanged matched pairs.
pub fn diff_components(
    bid: &[Component],
    delivered: &[Component],
) -> (Vec<ComponentChange>, usize) {
    let mut left_b: Vec<usize> = (0..bid.len()).collect();
    let mut left_d: Vec<usize> = (0..delivered.len()).collect();
    let mut pairs: Vec<(usize, usize, MatchRule)> = Vec::new();
    for rule in [MatchRule::Purl, MatchRule::Name] {
        let key = |c: &Component| match rule {
            MatchRule::Purl => c.purl.as_deref().and_then(purl_key),
            _ => Some(name_key(c)),
        };
        let (p, lb, ld) = pair_by_key(bid, delivered, &left_b, &left_d, key);
        pairs.extend(p.into_iter().map(|(b, d)| (b, d, rule)));
        (left_b, left_d) = (lb, ld);
    }
    let (p, lb, ld) = pair_by_hash(bid, delivered, &left_b, &left_d);
    pairs.extend(p.into_iter().map(|(b, d)| (b, d, MatchRule::Hash)));

    let mut changes = Vec::new();
    let mut unchanged = 0;
    for (b, d, rule) in pairs {
        let (Some(cb), Some(cd)) = (bid.get(b), delivered.get(d)) else {
            continue;
        };
        match compare_pair(cb, cd, rule) {
            Some(c) => changes.push(c),
            None => unchanged += 1,
        }
    }
    changes.extend(
        lb.iter()
            .filter_map(|&i| bid.get(i))
            .map(|c| ComponentChange {
                kind: ChangeKind::Removed,
                matched_by: None,
                bid: Some(ComponentSide::of(c)),
                delivered: None,
                details: Vec::new(),
            }),
    );
    changes.extend(
        ld.iter()
            .filter_map(|&i| delivered.get(i))
            .map(|c| ComponentChange {
                kind: ChangeKind::Added,
                matched_by: None,
                bid: None,
                delivered: Some(ComponentSide::of(c)),
                details: Vec::new(),
            }),
    );
    changes.sort_by_cached_key(|c| (c.sort_key(), c.kind));
    (changes, unchanged)
}

/// `pkg:npm/%40scope/name` from `pkg:NPM/%40scope/name@1.0?arch=x#sub`; `None` when it is
/// not a purl.
pub fn purl_key(purl: &str) -> Option<String> {
    let rest = purl.trim().strip_prefix("pkg:")?;
    let rest = rest.split('#').next().unwrap_or(rest);
    let rest = rest.split('?').next().unwrap_or(rest);
    let rest = rest.trim_start_matches('/');
    let (ty, path) = rest.split_once('/')?;
    let path = match path.rfind('@') {
        Some(at) => path.get(..at).unwrap_or(path),
        None => path,
    };
    if ty.is_empty() || path.is_empty() {
        return None;
    }
    Some(format!(
        "pkg:{}/{}",
        ty.to_ascii_lowercase(),
        path.trim_end_matches('/')
    ))
}

fn name_key(c: &Component) -> String {
    format!(
        "{}\u{0}{}\u{0}{}",
        c.ecosystem.as_deref().unwrap_or("").to_lowercase(),
        c.group.as_deref().unwrap_or("").to_lowercase(),
        c.name.to_lowercase()
    )
}

type Paired = (Vec<(usize, usize)>, Vec<usize>, Vec<usize>);

/// Bid and delivered indices that share a key.
type Sides = (Vec<usize>, Vec<usize>);

/// Groups the remaining components of both sides by key and pairs within each group;
/// components without a key, or in a group with nothing on the other side, are left over.
fn pair_by_key(
    bid: &[Component],
    delivered: &[Component],
    left_b: &[usize],
    left_d: &[usize],
    key: impl Fn(&Component) -> Option<String>,
) -> Paired {
    let mut groups: BTreeMap<String, Sides> = BTreeMap::new();
    let (mut rest_b, mut rest_d) = (Vec::new(), Vec::new());
    for &i in left_b {
        match bid.get(i).and_then(&key) {
            Some(k) => groups.entry(k).or_default().0.push(i),
            None => rest_b.push(i),
        }
    }
    for &i in left_d {
        match delivered.get(i).and_then(&key) {
            Some(k) => groups.entry(k).or_default().1.push(i),
            None => rest_d.push(i),
        }
    }
    let mut pairs = Vec::new();
    for (bs, ds) in groups.into_values() {
        let (p, lb, ld) = pair_group(bid, delivered, bs, ds);
        pairs.extend(p);
        rest_b.extend(lb);
        rest_d.extend(ld);
    }
    rest_b.sort_unstable();
    rest_d.sort_unstable();
    (pairs, rest_b, rest_d)
}

/// Pairs the versions of one package: equal versions first, then the rest in ascending
/// version order; the surplus of the longer side is left over.
fn pair_group(
    bid: &[Component],
    delivered: &[Component],
    bs: Vec<usize>,
    ds: Vec<usize>,
) -> Paired {
    if bs.is_empty() || ds.is_empty() {
        return (Vec::new(), bs, ds);
    }
    if let ([b], [d]) = (bs.as_slice(), ds.as_slice()) {
        return (vec![(*b, *d)], Vec::new(), Vec::new());
    }
    let ver = |cs: &[Component], i: usize| {
        cs.get(i)
            .and_then(|c| c.version.as_deref())
            .unwrap_or_default()
            .to_owned()
    };
    let eco = bid
        .get(bs.first().copied().unwrap_or(0))
        .and_then(|c| c.ecosystem.as_deref());
    let order = |a: &String, b: &String| version::compare(a, b, eco);
    let mut bv: Vec<(String, usize)> = bs.iter().map(|&i| (ver(bid, i), i)).collect();
    let mut dv: Vec<(String, usize)> = ds.iter().map(|&i| (ver(delivered, i), i)).collect();
    bv.sort_by(|x, y| order(&x.0, &y.0).then(x.1.cmp(&y.1)));
    dv.sort_by(|x, y| order(&x.0, &y.0).then(x.1.cmp(&y.1)));
    // Equal versions: a merge over the two sorted lists.
    let mut pairs = Vec::new();
    let (mut rb, mut rd) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (bv.get(i), dv.get(j)) {
        match order(&x.0, &y.0) {
            Ordering::Equal => {
                pairs.push((x.1, y.1));
                i += 1;
                j += 1;
            }
            Ordering::Less => {
                rb.push(x.1);
                i += 1;
            }
            Ordering::Greater => {
                rd.push(y.1);
                j += 1;
            }
        }
    }
    rb.extend(bv.iter().skip(i).map(|x| x.1));
    rd.extend(dv.iter().skip(j).map(|x| x.1));
    // The rest in ascending order.
    let n = rb.len().min(rd.len());
    pairs.extend(rb.iter().copied().zip(rd.iter().copied()));
    (
        pairs,
        rb.get(n..).map(<[usize]>::to_vec).unwrap_or_default(),
        rd.get(n..).map(<[usize]>::to_vec).unwrap_or_default(),
    )
}

/// Pairs components that share a digest nothing else shares.
fn pair_by_hash(
    bid: &[Component],
    delivered: &[Component],
    left_b: &[usize],
    left_d: &[usize],
) -> Paired {
    let mut groups: BTreeMap<(&str, &str), Sides> = BTreeMap::new();
    for &i in left_b {
        for h in bid.get(i).map(|c| &*c.hashes).unwrap_or_default() {
            groups.entry((&h.alg, &h.value)).or_default().0.push(i);
        }
    }
    for &i in left_d {
        for h in delivered.get(i).map(|c| &*c.hashes).unwrap_or_default() {
            groups.entry((&h.alg, &h.value)).or_default().1.push(i);
        }
    }
    let (mut used_b, mut used_d) = (BTreeSet::new(), BTreeSet::new());
    let mut pairs = Vec::new();
    for (bs, ds) in groups.values() {
        if let ([b], [d]) = (bs.as_slice(), ds.as_slice())
            && !used_b.contains(b)
            && !used_d.contains(d)
        {
            used_b.insert(*b);
            used_d.insert(*d);
            pairs.push((*b, *d));
        }
    }
    let rest_b = left_b
        .iter()
        .copied()
        .filter(|i| !used_b.contains(i))
        .collect();
    let rest_d = left_d
        .iter()
        .copied()
        .filter(|i| !used_d.contains(i))
        .collect();
    (pairs, rest_b, rest_d)
}

/// The change between two matched components, `None` when nothing we report differs.
fn compare_pair(b: &Component, d: &Component, rule: MatchRule) -> Option<ComponentChange> {
    let eco = d.ecosystem.as_deref().or(b.ecosystem.as_deref());
    let order = match (&b.version, &d.version) {
        (Some(x), Some(y)) if x == y => Ordering::Equal,
        (Some(x), Some(y)) => version::compare(x, y, eco),
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
    };
    let (sb, sd) = (ComponentSide::of(b), ComponentSide::of(d));
    let mut details = Vec::new();
    if rule == MatchRule::Hash && (sb.name != sd.name || sb.group != sd.group) {
        details.push(Detail::Identity {
            bid: sb.label(),
            delivered: sd.label(),
        });
    }
    if sb.license != sd.license {
        details.push(Detail::License {
            bid: sb.license.clone(),
            delivered: sd.license.clone(),
        });
    }
    if sb.supplier != sd.supplier {
        details.push(Detail::Supplier {
            bid: sb.supplier.clone(),
            delivered: sd.supplier.clone(),
        });
    }
    if order == Ordering::Equal {
        details.extend(hash_changes(&sb.hashes, &sd.hashes));
    }
    let kind = match order {
        Ordering::Less => ChangeKind::Upgraded,
        Ordering::Greater => ChangeKind::Downgraded,
        Ordering::Equal if details.is_empty() => return None,
        Ordering::Equal => ChangeKind::Changed,
    };
    Some(ComponentChange {
        kind,
        matched_by: Some(rule),
        bid: Some(sb),
        delivered: Some(sd),
        details,
    })
}

/// Digests of the same algorithm whose values differ (both lists sorted).
fn hash_changes(b: &[(String, String)], d: &[(String, String)]) -> Vec<Detail> {
    let by_alg = |hs: &[(String, String)]| -> BTreeMap<String, BTreeSet<String>> {
        let mut m: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, v) in hs {
            m.entry(a.clone()).or_default().insert(v.clone());
        }
        m
    };
    let (mb, md) = (by_alg(b), by_alg(d));
    mb.iter()
        .filter_map(|(alg, vb)| {
            let vd = md.get(alg)?;
            (vb != vd).then(|| Detail::Hash {
                alg: alg.clone(),
                bid: vb.iter().cloned().collect::<Vec<_>>().join(" "),
                delivered: vd.iter().cloned().collect::<Vec<_>>().join(" "),
            })
        })
        .collect()
}

/// Scalar leaves of both attestations compared by JSON pointer.
fn diff_answers(bid: &Evidence, delivered: &Evidence) -> Vec<AnswerChange> {
    let leaves = |e: &Evidence| {
        let mut m = BTreeMap::new();
        if let Some(a) = &e.attestation {
            flatten(&a.answers, String::new(), 0, &mut m);
        }
        m
    };
    let (lb, ld) = (leaves(bid), leaves(delivered));
    let file = |e: &Evidence| e.attestation.as_ref().map(|a| a.file.to_string());
    let keys: BTreeSet<&String> = lb.keys().chain(ld.keys()).collect();
    keys.into_iter()
        .filter(|k| lb.get(*k) != ld.get(*k))
        .map(|k| AnswerChange {
            pointer: k.clone(),
            bid: lb.get(k).cloned(),
            delivered: ld.get(k).cloned(),
            bid_file: file(bid),
            delivered_file: file(delivered),
        })
        .collect()
}

/// Depth bound for the answer tree (the loader bounds it already; this keeps the diff total).
const MAX_DEPTH: usize = 64;

fn flatten(v: &serde_json::Value, at: String, depth: usize, out: &mut BTreeMap<String, String>) {
    match v {
        serde_json::Value::Object(m) if depth < MAX_DEPTH => {
            for (k, x) in m {
                flatten(
                    x,
                    format!("{at}/{}", crate::diag::pointer_token(k)),
                    depth + 1,
                    out,
                );
            }
        }
        serde_json::Value::Array(a) if depth < MAX_DEPTH => {
            for (i, x) in a.iter().enumerate() {
                flatten(x, format!("{at}/{i}"), depth + 1, out);
            }
        }
        other => {
            out.insert(at, other.to_string());
        }
    }
}

fn diff_vulnerabilities(
    bid: &[Vulnerability],
    delivered: &[Vulnerability],
) -> Vec<VulnerabilityChange> {
    let index = |vs: &[Vulnerability]| -> BTreeMap<String, (String, Provenance)> {
        vs.iter()
            .map(|v| {
                let sev = v
                    .severity
                    .map_or("unrated", crate::engine::ir::severity_text);
                (
                    v.id.clone(),
                    (format!("{sev} {}", v.state.name()), v.provenance.clone()),
                )
            })
            .collect()
    };
    let (ib, id) = (index(bid), index(delivered));
    let ids: BTreeSet<&String> = ib.keys().chain(id.keys()).collect();
    ids.into_iter()
        .filter_map(|k| {
            let (b, d) = (ib.get(k), id.get(k));
            let kind = match (b, d) {
                (None, Some(_)) => "added",
                (Some(_), None) => "removed",
                (Some(x), Some(y)) if x.0 != y.0 => "changed",
                _ => return None,
            };
            Some(VulnerabilityChange {
                id: k.clone(),
                kind,
                bid: b.map(|x| x.0.clone()),
                delivered: d.map(|x| x.0.clone()),
                bid_provenance: b.map(|x| x.1.clone()),
                delivered_provenance: d.map(|x| x.1.clone()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::model::{Hash, License};

    fn comp(name: &str, version: &str) -> Component {
        Component {
            name: name.into(),
            version: Some(version.into()),
            purl: Some(format!("pkg:npm/{name}@{version}").into()),
            ecosystem: Some("npm".into()),
            ..Component::default()
        }
    }

    fn with_hash(mut c: Component, v: &str) -> Component {
        c.hashes = Box::new([Hash {
            alg: "SHA-256".into(),
            value: v.into(),
        }]);
        c
    }

    fn kinds(b: &[Component], d: &[Component]) -> Vec<(String, &'static str)> {
        diff_components(b, d)
            .0
            .iter()
            .map(|c| (c.subject().unwrap().label(), c.kind.name()))
            .collect()
    }

    #[test]
    fn purl_keys_drop_version_qualifiers_and_subpath() {
        assert_eq!(
            purl_key("pkg:NPM/%40scope/name@1.0.0?arch=x#lib/a").as_deref(),
            Some("pkg:npm/%40scope/name")
        );
        assert_eq!(
            purl_key("pkg:maven/org.a/b").as_deref(),
            Some("pkg:maven/org.a/b")
        );
        assert_eq!(purl_key("not a purl"), None);
        assert_eq!(purl_key("pkg:npm"), None);
    }

    #[test]
    fn classifies_added_removed_upgraded_downgraded() {
        let b = [
            comp("a", "1.0.0"),
            comp("b", "2.0.0"),
            comp("c", "1.10.0"),
            comp("x", "1.0.0"),
        ];
        let d = [
            comp("a", "1.0.0"),
            comp("b", "1.9.0"),
            comp("c", "1.9.9"),
            comp("y", "1.0.0"),
        ];
        let mut d = d.to_vec();
        d[2].version = Some("1.11.0".into());
        assert_eq!(
            kinds(&b, &d),
            [
                ("b@1.9.0".to_owned(), "downgraded"),
                ("c@1.11.0".to_owned(), "upgraded"),
                ("x@1.0.0".to_owned(), "removed"),
                ("y@1.0.0".to_owned(), "added"),
            ]
        );
        assert_eq!(diff_components(&b, &d).1, 1);
    }

    #[test]
    fn same_version_different_hash_is_a_red_flag() {
        let b = [with_hash(comp("a", "1.0.0"), "aa")];
        let d = [with_hash(comp("a", "1.0.0"), "bb")];
        let (changes, _) = diff_components(&b, &d);
        assert_eq!(changes.len(), 1);
        assert!(changes[0].red_flag());
        assert_eq!(changes[0].kind, ChangeKind::Changed);
        // A different version with a different hash is an upgrade, not a red flag.
        let d = [with_hash(comp("a", "1.0.1"), "bb")];
        let (changes, _) = diff_components(&b, &d);
        assert!(!changes[0].red_flag());
    }

    #[test]
    fn several_versions_pair_equal_first_then_in_order() {
        let b = [comp("l", "1.0.0"), comp("l", "2.0.0")];
        let d = [comp("l", "3.0.0"), comp("l", "2.0.0")];
        assert_eq!(kinds(&b, &d), [("l@3.0.0".to_owned(), "upgraded")]);
        let d = [comp("l", "2.0.0")];
        assert_eq!(kinds(&b, &d), [("l@1.0.0".to_owned(), "removed")]);
    }

    #[test]
    fn falls_back_to_name_then_hash() {
        let mut b = comp("a", "1.0.0");
        b.purl = None;
        let mut d = comp("a", "1.1.0");
        d.purl = None;
        let (changes, _) = diff_components(&[b], &[d]);
        assert_eq!(changes[0].matched_by, Some(MatchRule::Name));
        let b = with_hash(comp("old-name", "1.0.0"), "cafe");
        let d = with_hash(comp("new-name", "1.0.0"), "cafe");
        let (changes, _) = diff_components(&[b], &[d]);
        assert_eq!(changes[0].matched_by, Some(MatchRule::Hash));
        assert!(matches!(changes[0].details[0], Detail::Identity { .. }));
        assert!(!changes[0].red_flag());
    }

    #[test]
    fn licence_and_supplier_changes_are_details() {
        let b = comp("a", "1.0.0");
        let mut d = comp("a", "1.0.0");
        d.license_declared = Some(License {
            expression: "GPL-3.0-only".into(),
            is_spdx: true,
            original: None,
        });
        d.supplier = Some("Evil Corp".into());
        let (changes, _) = diff_components(&[b], &[d]);
        assert_eq!(changes[0].details.len(), 2);
        assert!(!changes[0].red_flag());
    }
}
