//! SPDX 2.x, shared by the JSON and the tag-value reader: both fill a [`RawDoc`] (the fields
//! we read, as text, each with its locator), and [`normalise`] validates it and builds the
//! model. One route into the model, so the two encodings of one SBOM give the same result.
//!
//! Mapping:
//! - document: `spdxVersion` → spec version (`2.3`), `documentNamespace` → serial,
//!   `created` → timestamp (and its date), creators `Person:`/`Organization:` → authors,
//!   `Tool:` → tools; the first package named by `documentDescribes` or a `DESCRIBES`
//!   relationship of `SPDXRef-DOCUMENT` → subject, subject version and supplier;
//! - packages → components: `SPDXID` → bom-ref, `versionInfo`, `supplier`, `originator` →
//!   author, `primaryPackagePurpose` → type (lowercase), licences through the licence
//!   normaliser (`NOASSERTION`/`NONE` → absent), checksums → hashes (`SHA256` → `SHA-256`,
//!   lowercase hex), `PACKAGE-MANAGER purl` → purl and ecosystem, `SECURITY cpe23Type`/
//!   `cpe22Type` → cpe, other references → external refs (type = category, lowercase);
//! - relationships between two packages: `A DEPENDS_ON B` and `A CONTAINS B` → A depends on
//!   B; `A DEPENDENCY_OF B` → B depends on A. Others (`DYNAMIC_LINK`, `GENERATED_FROM`…) and
//!   relationships with files or snippets are not dependencies.
//!
//! Validation errors: missing `spdxVersion`, `dataLicense`, `SPDXID`, document `name`,
//! `documentNamespace`, `created`, creators, package `SPDXID`/`name`; malformed or duplicate
//! SPDXIDs; relationships naming unknown elements; checksums that are not hex of the
//! algorithm's length. SPDX 3 is refused with `unsupported-version`. Files and snippets
//! are only registered as elements (for relationship checks), not turned into components.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::SbomLoad;
use crate::diag::{Code, Diagnostic};
use crate::evidence::license;
use crate::evidence::model::{
    Component, Dependency, ExternalRef, Hash, License, Locator, Provenance, SbomDocument,
    SbomFormat,
};
use crate::limits::Limits;

// Codes shared with the CycloneDX loaders.
pub use super::cyclonedx::{
    DANGLING_REF, INVALID_HASH as BAD_CHECKSUM, INVALID_VALUE as INVALID, MISSING_FIELD,
    UNSUPPORTED_VERSION,
};
/// A malformed SPDXID is an `invalid-value`.
pub const BAD_SPDXID: Code = INVALID;
/// Two elements share one SPDXID.
pub const DUPLICATE_SPDXID: Code = Code("spdx-duplicate-spdxid");

/// A text value and where it was.
#[derive(Debug, Clone, Default)]
pub(crate) struct Field {
    pub value: String,
    pub at: Option<Locator>,
}

impl Field {
    pub fn new(value: impl Into<String>, at: Locator) -> Field {
        Field {
            value: value.into(),
            at: Some(at),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct RawChecksum {
    pub alg: String,
    pub value: String,
    pub at: Option<Locator>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct RawRef {
    pub category: String,
    pub kind: String,
    pub locator: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct RawPackage {
    pub at: Option<Locator>,
    pub spdxid: Option<Field>,
    pub name: Option<Field>,
    pub version: Option<String>,
    pub supplier: Option<String>,
    pub originator: Option<String>,
    pub purpose: Option<String>,
    pub license_concluded: Option<Field>,
    pub license_declared: Option<Field>,
    pub checksums: Vec<RawChecksum>,
    pub refs: Vec<RawRef>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct RawRelationship {
    pub from: String,
    pub kind: String,
    pub to: String,
    pub at: Option<Locator>,
}

/// An SPDX 2.x document as read, before validation.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawDoc {
    /// Where the document itself is (`""` or line 1).
    pub at: Option<Locator>,
    pub spdx_version: Option<Field>,
    pub data_license: Option<Field>,
    pub spdxid: Option<Field>,
    pub name: Option<Field>,
    pub namespace: Option<Field>,
    pub created: Option<Field>,
    pub creators: Vec<Field>,
    pub describes: Vec<String>,
    pub packages: Vec<RawPackage>,
    /// Files and snippets: only their ids (relationships may name them).
    pub elements: Vec<Field>,
    pub relationships: Vec<RawRelationship>,
}

/// The `spdx-unsupported-version` error for SPDX 3 or an unknown version.
pub(crate) fn unsupported(file: &str, version: &str, at: Locator) -> Diagnostic {
    Diagnostic::error(
        UNSUPPORTED_VERSION,
        format!(
            "SPDX version `{}` is not yet supported; Tenderguard reads SPDX 2.2 and 2.3",
            esc(version)
        ),
    )
    .at(Provenance::new(&Arc::from(file), at).location())
    .with_help("export the SBOM as SPDX 2.3 (JSON or tag-value) or CycloneDX")
}

pub(crate) fn esc(s: &str) -> String {
    crate::report::escape::terminal(s)
}

struct Ctx<'a> {
    file: &'a Arc<str>,
    root: Locator,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn prov(&self, at: Option<&Locator>) -> Provenance {
        Provenance::new(self.file, at.cloned().unwrap_or_else(|| self.root.clone()))
    }

    fn error(&mut self, code: Code, msg: String, at: Option<&Locator>) {
        let d = Diagnostic::error(code, msg).at(self.prov(at).location());
        self.errors.push(d);
    }

    fn require<'f>(
        &mut self,
        f: Option<&'f Field>,
        what: &str,
        at: Option<&Locator>,
    ) -> Option<&'f Field> {
        if f.is_none_or(|f| f.value.trim().is_empty()) {
            self.error(
                MISSING_FIELD,
                format!("the required field `{what}` is missing"),
                at,
            );
            return None;
        }
        f
    }
}

/// Validates a raw document and builds the model.
pub(crate) fn normalise(
    file: &Arc<str>,
    format: SbomFormat,
    raw: RawDoc,
    limits: &Limits,
) -> Result<SbomLoad, Vec<Diagnostic>> {
    let root = raw.at.clone().unwrap_or(match format {
        SbomFormat::SpdxTagValue => Locator::Line(1),
        _ => Locator::pointer(""),
    });
    let mut cx = Ctx {
        file,
        root: root.clone(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let version = check_document(&mut cx, &raw);
    if raw.packages.len() > limits.max_components {
        return Err(vec![too_many(file, raw.packages.len(), limits)]);
    }
    let ids = check_ids(&mut cx, &raw);
    check_relationships(&mut cx, &raw, &ids);
    let components: Vec<Component> = raw.packages.iter().map(|p| component(&mut cx, p)).collect();
    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    let dependencies = dependencies(&cx, &raw);
    let document = document(&cx, &raw, format, version, &components);
    Ok(SbomLoad {
        document,
        components,
        dependencies,
        vulnerabilities: Vec::new(),
        warnings: cx.warnings,
    })
}

fn too_many(file: &str, n: usize, limits: &Limits) -> Diagnostic {
    Diagnostic::error(
        crate::evidence::json::LIMIT_EXCEEDED,
        format!(
            "the SBOM lists {n} packages, more than the limit of {}",
            limits.max_components
        ),
    )
    .at(crate::diag::Location::file(file))
}

/// Checks the document fields; returns the spec version (`2.3`).
fn check_document(cx: &mut Ctx<'_>, raw: &RawDoc) -> String {
    let root = cx.root.clone();
    let mut version = String::new();
    if let Some(v) = cx.require(raw.spdx_version.as_ref(), "spdxVersion", Some(&root)) {
        match v.value.trim().strip_prefix("SPDX-") {
            Some(n) if n.starts_with("2.") => version = n.to_owned(),
            _ => cx.errors.push(unsupported(
                cx.file,
                &v.value,
                v.at.clone().unwrap_or(root.clone()),
            )),
        }
    }
    cx.require(raw.data_license.as_ref(), "dataLicense", Some(&root));
    cx.require(raw.name.as_ref(), "name", Some(&root));
    cx.require(raw.namespace.as_ref(), "documentNamespace", Some(&root));
    cx.require(raw.created.as_ref(), "creationInfo.created", Some(&root));
    if raw.creators.is_empty() {
        cx.error(
            MISSING_FIELD,
            "the required field `creationInfo.creators` is missing".to_owned(),
            Some(&root),
        );
    }
    if let Some(id) = cx.require(raw.spdxid.as_ref(), "SPDXID", Some(&root))
        && id.value != "SPDXRef-DOCUMENT"
    {
        {
            let msg = format!(
                "the document's SPDXID must be `SPDXRef-DOCUMENT`, found `{}`",
                esc(&id.value)
            );
            cx.error(BAD_SPDXID, msg, id.at.as_ref());
        }
    }
    version
}

/// True for `SPDXRef-` followed by letters, digits, `.` and `-`.
fn valid_id(id: &str) -> bool {
    id.strip_prefix("SPDXRef-").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    })
}

/// Checks element ids: required on packages, well-formed, unique. Returns the known ids.
fn check_ids(cx: &mut Ctx<'_>, raw: &RawDoc) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, Option<Locator>> = BTreeMap::new();
    seen.insert(
        "SPDXRef-DOCUMENT".to_owned(),
        raw.spdxid.as_ref().and_then(|f| f.at.clone()),
    );
    let mut all: Vec<&Field> = Vec::new();
    for p in &raw.packages {
        if let Some(id) = cx.require(p.spdxid.as_ref(), "SPDXID", p.at.as_ref()) {
            all.push(id);
        }
        cx.require(p.name.as_ref(), "name", p.at.as_ref());
    }
    all.extend(raw.elements.iter());
    for id in all {
        if !valid_id(&id.value) {
            let msg = format!("`{}` is not a valid SPDXID", esc(&id.value));
            let d = Diagnostic::error(BAD_SPDXID, msg)
                .at(cx.prov(id.at.as_ref()).location())
                .with_help("an SPDXID is `SPDXRef-` followed by letters, digits, `.` or `-`");
            cx.errors.push(d);
        } else if let Some(first) = seen.get(&id.value) {
            let first = cx.prov(first.as_ref()).location();
            let d = Diagnostic::error(
                DUPLICATE_SPDXID,
                format!("the SPDXID `{}` is used twice", esc(&id.value)),
            )
            .at(cx.prov(id.at.as_ref()).location())
            .with_secondary(first, "first used here");
            cx.errors.push(d);
        } else {
            seen.insert(id.value.clone(), id.at.clone());
        }
    }
    seen.into_keys().collect()
}

fn check_relationships(cx: &mut Ctx<'_>, raw: &RawDoc, ids: &BTreeSet<String>) {
    let known = |s: &str, is_target: bool| {
        ids.contains(s)
            || s.starts_with("DocumentRef-")
            || (is_target && matches!(s, "NOASSERTION" | "NONE"))
    };
    for r in &raw.relationships {
        for (end, is_target) in [(&r.from, false), (&r.to, true)] {
            if !known(end, is_target) {
                let msg = format!(
                    "the relationship names `{}`, which is not in this document",
                    esc(end)
                );
                let d = Diagnostic::error(DANGLING_REF, msg)
                    .at(cx.prov(r.at.as_ref()).location())
                    .with_help("every element a relationship names must have its own entry with that SPDXID");
                cx.errors.push(d);
            }
        }
    }
    for d in &raw.describes {
        if !ids.contains(d) && !d.starts_with("DocumentRef-") {
            let msg = format!(
                "`documentDescribes` names `{}`, which is not in this document",
                esc(d)
            );
            let root = cx.root.clone();
            cx.error(DANGLING_REF, msg, Some(&root));
        }
    }
}

/// `NOASSERTION` and `NONE` mean "no value".
fn present(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|v| {
        !v.is_empty() && !v.eq_ignore_ascii_case("NOASSERTION") && !v.eq_ignore_ascii_case("NONE")
    })
}

/// `Person: Jane Doe ()` → `Jane Doe`; `Organization: X (x@y)` → `X (x@y)`.
fn party(s: Option<&str>) -> Option<String> {
    let s = present(s)?;
    let s = ["Person:", "Organization:", "Tool:"]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s)
        .trim();
    let s = s.strip_suffix("()").unwrap_or(s).trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn component(cx: &mut Ctx<'_>, p: &RawPackage) -> Component {
    let prov = cx.prov(p.at.as_ref());
    let mut c = Component {
        bom_ref: p.spdxid.as_ref().map(|f| f.value.as_str().into()),
        name: p
            .name
            .as_ref()
            .map(|f| f.value.as_str())
            .unwrap_or_default()
            .into(),
        version: present(p.version.as_deref()).map(Into::into),
        kind: present(p.purpose.as_deref())
            .map(|s| s.to_ascii_lowercase().replace('_', "-").into()),
        supplier: party(p.supplier.as_deref()).map(Into::into),
        author: party(p.originator.as_deref()).map(Into::into),
        license_concluded: lic(cx, p.license_concluded.as_ref(), &prov),
        license_declared: lic(cx, p.license_declared.as_ref(), &prov),
        provenance: Some(prov.clone()),
        ..Component::default()
    };
    c.hashes = p.checksums.iter().filter_map(|ck| hash(cx, ck)).collect();
    let mut refs = Vec::new();
    for r in &p.refs {
        external(&mut c, &mut refs, r);
    }
    c.external_refs = refs.into();
    c
}

fn lic(cx: &mut Ctx<'_>, f: Option<&Field>, pkg: &Provenance) -> Option<License> {
    let f = f?;
    let text = present(Some(&f.value))?;
    let at =
        f.at.as_ref()
            .map_or_else(|| pkg.clone(), |a| Provenance::new(cx.file, a.clone()));
    Some(license::normalise_at(text, &at, &mut cx.warnings))
}

/// The normalised algorithm name and its hex length (`None`: any length).
fn algorithm(alg: &str) -> (String, Option<usize>) {
    let up = alg.trim().to_ascii_uppercase().replace('_', "-");
    let (name, len) = match up.as_str() {
        "SHA1" | "SHA-1" => ("SHA-1", Some(40)),
        "SHA224" | "SHA-224" => ("SHA-224", Some(56)),
        "SHA256" | "SHA-256" => ("SHA-256", Some(64)),
        "SHA384" | "SHA-384" => ("SHA-384", Some(96)),
        "SHA512" | "SHA-512" => ("SHA-512", Some(128)),
        "SHA3-256" => ("SHA3-256", Some(64)),
        "SHA3-384" => ("SHA3-384", Some(96)),
        "SHA3-512" => ("SHA3-512", Some(128)),
        "BLAKE2B-256" => ("BLAKE2b-256", Some(64)),
        "BLAKE2B-384" => ("BLAKE2b-384", Some(96)),
        "BLAKE2B-512" => ("BLAKE2b-512", Some(128)),
        "BLAKE3" => ("BLAKE3", Some(64)),
        "MD2" | "MD4" | "MD5" => (up.as_str(), Some(32)),
        "ADLER32" => ("ADLER32", Some(8)),
        other => (other, None),
    };
    (name.to_owned(), len)
}

fn hash(cx: &mut Ctx<'_>, ck: &RawChecksum) -> Option<Hash> {
    let (alg, len) = algorithm(&ck.alg);
    let value = ck.value.trim().to_ascii_lowercase();
    let hex = !value.is_empty() && value.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex || len.is_some_and(|n| n != value.len()) {
        let msg = format!(
            "the {} checksum `{}` is not a valid hex digest",
            esc(&alg),
            esc(&ck.value)
        );
        let help = len.map_or_else(
            || "a checksum value is hexadecimal".to_owned(),
            |n| format!("a {alg} digest has {n} hexadecimal digits"),
        );
        let d = Diagnostic::error(BAD_CHECKSUM, msg)
            .at(cx.prov(ck.at.as_ref()).location())
            .with_help(help);
        cx.errors.push(d);
        return None;
    }
    Some(Hash {
        alg: alg.into(),
        value: value.into(),
    })
}

fn external(c: &mut Component, refs: &mut Vec<ExternalRef>, r: &RawRef) {
    let category = r.category.trim().to_ascii_uppercase().replace('_', "-");
    match (category.as_str(), r.kind.trim()) {
        ("PACKAGE-MANAGER", "purl") if c.purl.is_none() => {
            c.ecosystem = ecosystem(&r.locator).map(Into::into);
            c.purl = Some(r.locator.trim().into());
        }
        ("SECURITY", "cpe23Type" | "cpe22Type") if c.cpe.is_none() => {
            c.cpe = Some(r.locator.trim().into())
        }
        _ => refs.push(ExternalRef {
            kind: category.to_ascii_lowercase().into(),
            url: r.locator.trim().into(),
        }),
    }
}

/// The purl type, lowercased: `pkg:maven/…` → `maven`.
pub(crate) fn ecosystem(purl: &str) -> Option<String> {
    let rest = purl.trim().strip_prefix("pkg:")?;
    let ty = rest.trim_start_matches('/').split('/').next()?;
    (!ty.is_empty()).then(|| ty.to_ascii_lowercase())
}

fn dependencies(cx: &Ctx<'_>, raw: &RawDoc) -> Vec<Dependency> {
    let packages: BTreeSet<&str> = raw
        .packages
        .iter()
        .filter_map(|p| p.spdxid.as_ref().map(|f| f.value.as_str()))
        .collect();
    let mut graph: BTreeMap<String, (BTreeSet<String>, Option<Locator>)> = BTreeMap::new();
    for r in &raw.relationships {
        let (from, to) = match r.kind.trim() {
            "DEPENDS_ON" | "CONTAINS" => (&r.from, &r.to),
            "DEPENDENCY_OF" => (&r.to, &r.from),
            _ => continue,
        };
        if packages.contains(from.as_str()) && packages.contains(to.as_str()) {
            let entry = graph
                .entry(from.clone())
                .or_insert_with(|| (BTreeSet::new(), r.at.clone()));
            entry.0.insert(to.clone());
        }
    }
    graph
        .into_iter()
        .map(|(reference, (deps, at))| Dependency {
            doc: 0,
            reference: reference.into(),
            depends_on: deps.into_iter().map(Into::into).collect(),
            provenance: cx.prov(at.as_ref()),
        })
        .collect()
}

fn document(
    cx: &Ctx<'_>,
    raw: &RawDoc,
    format: SbomFormat,
    spec_version: String,
    components: &[Component],
) -> SbomDocument {
    let mut described: Vec<&String> = raw.describes.iter().collect();
    described.extend(
        raw.relationships
            .iter()
            .filter(|r| r.from == "SPDXRef-DOCUMENT" && r.kind.trim() == "DESCRIBES")
            .map(|r| &r.to),
    );
    let subject = described.iter().find_map(|id| {
        components
            .iter()
            .find(|c| c.bom_ref.as_deref() == Some(id.as_str()))
    });
    let creators = |prefix: &[&str]| -> Vec<String> {
        raw.creators
            .iter()
            .filter(|c| prefix.iter().any(|p| c.value.trim_start().starts_with(p)))
            .filter_map(|c| party(Some(&c.value)))
            .collect()
    };
    let timestamp = raw.created.as_ref().map(|f| f.value.trim().to_owned());
    SbomDocument {
        file: Arc::clone(cx.file),
        format,
        spec_version,
        serial: raw.namespace.as_ref().map(|f| f.value.trim().to_owned()),
        timestamp_date: timestamp
            .as_deref()
            .and_then(|t| t.get(..10))
            .and_then(super::attestation::parse_date),
        timestamp,
        authors: creators(&["Person:", "Organization:"]),
        tools: creators(&["Tool:"]),
        supplier: subject.and_then(|c| c.supplier.as_deref().map(str::to_owned)),
        lifecycle: Vec::new(),
        subject: subject.map(|c| c.name.to_string()),
        subject_version: subject.and_then(|c| c.version.as_deref().map(str::to_owned)),
        components: 0..components.len(),
        provenance: cx.prov(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_parties() {
        assert!(valid_id("SPDXRef-a.b-1"));
        assert!(!valid_id("SPDXRef-"));
        assert!(!valid_id("SPDXRef-a b"));
        assert!(!valid_id("Package-1"));
        assert_eq!(
            party(Some("Person: Jane Doe ()")).as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(party(Some("NOASSERTION")), None);
        assert_eq!(algorithm("SHA256"), ("SHA-256".to_owned(), Some(64)));
        assert_eq!(
            algorithm("BLAKE2b-384"),
            ("BLAKE2b-384".to_owned(), Some(96))
        );
        assert_eq!(ecosystem("pkg:Maven/org.a/b@1").as_deref(), Some("maven"));
    }
}
