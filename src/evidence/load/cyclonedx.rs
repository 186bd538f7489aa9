//! CycloneDX, either encoding: the raw document shape both readers fill, and its check and
//! normalisation into the evidence model.
//!
//! Input: a [`RawBom`] (from `cyclonedx_json` through serde, or from `cyclonedx_xml`
//! element by element), the file name and the spec version. Output: an [`SbomLoad`] or every
//! error found (up to [`MAX_ERRORS`]), each with the JSON pointer of the offending value (XML
//! files get the pointer of the equivalent JSON document).
//!
//! The raw shape keeps only what the model reads plus what the official schemas constrain in
//! ways the conformance fixtures test; other fields are ignored. Several `licenses` entries
//! of one component all apply and are combined with `AND`; entries acknowledged as
//! `concluded` (1.6+) fill `license_concluded`, the rest `license_declared`.

use std::sync::Arc;

use crate::diag::{Code, Diagnostic, has_errors};
use crate::evidence::load::SbomLoad;
use crate::evidence::model::{
    Component, ExternalRef, Locator, Provenance, SbomDocument, SbomFormat, Source, Text,
};
use crate::limits::Limits;

pub use crate::evidence::load::cyclonedx_raw::*;

mod graph;
mod parts;
mod refs;

pub use graph::{DependencyPass, vex_state};
use graph::{dependencies, vulnerabilities};
use parts::{hashes, licenses, pedigree, properties, purl};
use refs::Refs;

/// Errors reported per file before the rest are summarised.
pub const MAX_ERRORS: usize = 100;

/// The spec versions read.
pub const SUPPORTED: &[&str] = &["1.4", "1.5", "1.6", "1.7"];

pub const UNSUPPORTED_VERSION: Code = Code("unsupported-version");
pub const NOT_CYCLONEDX: Code = Code("not-cyclonedx");
pub const MISSING_FIELD: Code = Code("missing-field");
pub const INVALID_VALUE: Code = Code("invalid-value");
pub const UNEXPECTED_FIELD: Code = Code("unexpected-field");
pub const INVALID_HASH: Code = Code("invalid-hash");
pub const INVALID_PURL: Code = Code("invalid-purl");
pub const INVALID_LICENSE: Code = Code("invalid-license");
pub const DUPLICATE_BOM_REF: Code = Code("duplicate-bom-ref");
pub const DANGLING_REF: Code = Code("dangling-ref");
pub const DANGLING_AFFECTS: Code = Code("dangling-affects");
pub const TOO_MANY_ERRORS: Code = Code("too-many-errors");

/// Checks that a spec version is one we read.
pub fn check_version(file: &str, version: &str, pointer: &str) -> Result<(), Box<Diagnostic>> {
    if SUPPORTED.contains(&version) {
        return Ok(());
    }
    Err(Box::new(
        Diagnostic::error(
            UNSUPPORTED_VERSION,
            format!(
                "CycloneDX version `{}` is not supported (supported: {})",
                crate::report::escape::terminal(version),
                SUPPORTED.join(", ")
            ),
        )
        .at(crate::diag::Location::pointer(file, pointer))
        .with_help(
            "re-export the SBOM as CycloneDX 1.4 or later (e.g. with cyclonedx-cli `convert`)",
        ),
    ))
}

/// Collects findings for one file, capping errors at [`MAX_ERRORS`].
#[derive(Debug)]
struct Checker<'a> {
    file: Arc<str>,
    spec: String,
    /// `spec` as (major, minor), parsed once: [`Checker::at_least`] is asked per field.
    version: (u32, u32),
    limits: &'a Limits,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    dropped: usize,
    /// Licence texts already normalised in this file: generators repeat a handful of
    /// licences thousands of times.
    licences: parts::LicenceCache,
    /// Reused to render pointers, so each provenance costs one exact-size allocation.
    scratch: String,
    /// The file's text when the raw strings borrow from it: long strings the model keeps
    /// become slices of it instead of copies (see `evidence::text`).
    source: Source,
}

impl<'a> Checker<'a> {
    fn new(file: Arc<str>, spec: &str, source: &Source, limits: &'a Limits) -> Self {
        Checker {
            file,
            spec: spec.to_owned(),
            version: version_key(spec),
            limits,
            errors: Vec::new(),
            warnings: Vec::new(),
            dropped: 0,
            licences: parts::LicenceCache::default(),
            scratch: String::new(),
            // a handle of its own: passes run on threads of their own
            source: source.fork(),
        }
    }

    /// Takes over the findings of a later stage, as if they had been found here.
    fn absorb(&mut self, other: Checker<'_>) {
        for d in other.errors {
            if self.errors.len() >= MAX_ERRORS {
                self.dropped += 1;
            } else {
                self.errors.push(d);
            }
        }
        self.dropped += other.dropped;
        self.warnings.extend(other.warnings);
    }

    fn prov(&mut self, at: &At<'_>) -> Provenance {
        self.scratch.clear();
        at.write(&mut self.scratch);
        Provenance::new(&self.file, Locator::pointer(self.scratch.as_str()))
    }

    fn error(&mut self, code: Code, at: &At<'_>, message: String, help: Option<&str>) {
        if self.errors.len() >= MAX_ERRORS {
            self.dropped += 1;
            return;
        }
        let mut d = Diagnostic::error(code, message).at(self.prov(at).location());
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.errors.push(d);
    }

    fn missing(&mut self, at: &At<'_>, field: &str) {
        self.error(
            MISSING_FIELD,
            at,
            format!("the required field `{field}` is missing"),
            None,
        );
    }

    fn one_of(&mut self, at: &At<'_>, value: &str, allowed: &[&str]) -> bool {
        if allowed.contains(&value) {
            return true;
        }
        let hint = crate::diag::did_you_mean(value, allowed.iter().copied());
        let help = match hint {
            Some(h) => format!("did you mean `{h}`? allowed: {}", allowed.join(", ")),
            None => format!("allowed: {}", allowed.join(", ")),
        };
        self.error(
            INVALID_VALUE,
            at,
            format!("`{}` is not an allowed value here", clip(value)),
            Some(&help),
        );
        false
    }

    /// A string the model keeps: bounded by `max_string_bytes`.
    fn text(&mut self, at: &At<'_>, s: &Option<S>) -> Option<Text> {
        let s = s.as_deref()?;
        if s.len() > self.limits.max_string_bytes {
            self.error(
                crate::evidence::json::LIMIT_EXCEEDED,
                at,
                format!("a string of {} bytes is longer than the limit", s.len()),
                None,
            );
            return None;
        }
        Some(self.share(s))
    }

    /// A string the model keeps, a slice of the source where it can be.
    #[inline]
    fn share(&self, s: &str) -> Text {
        self.source.text(s)
    }

    fn at_least(&self, version: (u32, u32)) -> bool {
        self.version >= version
    }
}

fn version_key(v: &str) -> (u32, u32) {
    let mut it = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (it.next().unwrap_or(0), it.next().unwrap_or(0))
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// A JSON pointer built lazily: a chain of steps rendered only when a finding or a
/// provenance needs it (a 100,000-component SBOM would otherwise format millions).
#[derive(Debug, Clone, Copy)]
struct At<'a> {
    parent: Option<&'a At<'a>>,
    key: &'a str,
    index: Option<usize>,
}

const ROOT: At<'static> = At {
    parent: None,
    key: "",
    index: None,
};

const META: At<'static> = At {
    parent: Some(&ROOT),
    key: "metadata",
    index: None,
};

impl<'a> At<'a> {
    fn key(&'a self, key: &'a str) -> At<'a> {
        At {
            parent: Some(self),
            key,
            index: None,
        }
    }

    fn index(&'a self, key: &'a str, i: usize) -> At<'a> {
        At {
            parent: Some(self),
            key,
            index: Some(i),
        }
    }

    fn write(&self, out: &mut String) {
        if let Some(p) = self.parent {
            p.write(out);
        }
        if !self.key.is_empty() {
            out.push('/');
            // bytes, not chars: a pointer is written for every component and dependency
            if self.key.bytes().any(|b| b == b'~' || b == b'/') {
                out.push_str(&crate::diag::pointer_token(self.key));
            } else {
                out.push_str(self.key);
            }
        }
        if let Some(i) = self.index {
            out.push('/');
            push_decimal(out, i);
        }
    }
}

/// Appends `i` in decimal: pointers are rendered for every component, and `write!` costs
/// more than the rest of the pointer.
fn push_decimal(out: &mut String, mut i: usize) {
    let mut digits = [0u8; 20];
    let mut n = digits.len();
    loop {
        n -= 1;
        if let Some(d) = digits.get_mut(n) {
            *d = b'0' + (i % 10) as u8;
        }
        i /= 10;
        if i == 0 || n == 0 {
            break;
        }
    }
    if let Ok(s) = std::str::from_utf8(digits.get(n..).unwrap_or_default()) {
        out.push_str(s);
    }
}

const COMPONENT_TYPES: &[&str] = &[
    "application",
    "framework",
    "library",
    "container",
    "platform",
    "operating-system",
    "device",
    "device-driver",
    "firmware",
    "file",
    "machine-learning-model",
    "data",
    "cryptographic-asset",
];
const SCOPES: &[&str] = &["required", "optional", "excluded"];
const DATA_FLOWS: &[&str] = &["inbound", "outbound", "bi-directional", "unknown"];

/// The top-level components of a document, checked and converted one by one: by the JSON
/// reader while it reads them (so the raw components never all exist at once), or by
/// [`normalise`] from the raw shape.
#[derive(Debug)]
pub struct ComponentPass<'l> {
    c: Checker<'l>,
    out: Vec<Component>,
    refs: Refs,
    next: usize,
}

impl<'l> ComponentPass<'l> {
    /// A pass over the components of a document of spec version `spec`.
    /// Strings of the raw components that are slices of `source` are shared, not copied.
    pub fn new(file: &str, spec: &str, source: &Source, limits: &'l Limits) -> Self {
        ComponentPass {
            c: Checker::new(Arc::from(file), spec, source, limits),
            out: Vec::new(),
            refs: Refs::default(),
            next: 0,
        }
    }

    /// Checks and converts the next entry of `components` (and its nested components).
    pub fn add(&mut self, rc: &RawComponent<'_>) {
        let at = ROOT.index("components", self.next);
        self.next += 1;
        component(&mut self.c, rc, &at, 1, &mut self.out, &mut self.refs);
    }

    /// Makes room for about `n` more components (bounded by the component limit; none when
    /// the memory cannot be had: it is only an estimate).
    pub fn reserve(&mut self, n: usize) {
        let n = n.min(self.c.limits.max_components.saturating_sub(self.out.len()));
        if self.out.try_reserve(n).is_ok() {
            // the set only if the list could: it is the smaller
            self.refs.reserve(n);
        }
    }

    /// Appends `later`, a pass over the entries that follow this pass's (read on another
    /// thread, so numbered from 0): the result is what one pass over both would be. False
    /// (and this pass spoilt) when that cannot be had by appending: a `bom-ref` of `later`
    /// repeats one of this pass, or the component limit was reached; the caller then reads
    /// the entries again in one pass, which reports those.
    pub fn append(&mut self, later: ComponentPass<'l>) -> bool {
        let base = self.next;
        if self.refs.truncated
            || later.refs.truncated
            || self.out.len() + later.out.len() > self.c.limits.max_components
        {
            return false;
        }
        if self.refs.meets(&later.refs) {
            return false;
        }
        self.refs.join(later.refs);
        let mut scratch = String::new();
        let mut out = later.out;
        for component in &mut out {
            let Some(p) = &mut component.provenance else {
                return false;
            };
            let Locator::Pointer(at) = &p.at else {
                return false;
            };
            if !rebase(at, base, &mut scratch) {
                return false;
            }
            p.at = Locator::Pointer(scratch.as_str().into());
        }
        self.out.append(&mut out);
        let mut c = later.c;
        for d in c.errors.iter_mut().chain(&mut c.warnings) {
            if let Some(crate::diag::Location::Pointer { pointer, .. }) = &mut d.location {
                if !rebase(pointer, base, &mut scratch) {
                    return false;
                }
                pointer.clone_from(&scratch);
            }
        }
        self.c.absorb(c);
        self.next += later.next;
        true
    }
}

/// Writes `/components/{i}…` as `/components/{i + base}…` into `out`; false when `pointer`
/// is not of that form.
fn rebase(pointer: &str, base: usize, out: &mut String) -> bool {
    let Some(rest) = pointer.strip_prefix("/components/") else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (Some(i), Some(tail)) = (rest.get(..digits), rest.get(digits..)) else {
        return false;
    };
    let Some(i) = i.parse::<usize>().ok().and_then(|i| i.checked_add(base)) else {
        return false;
    };
    out.clear();
    out.push_str("/components/");
    push_decimal(out, i);
    out.push_str(tail);
    true
}

/// Checks and normalises a raw document. `pointer` provenance is the JSON document's.
/// `pass` holds the components when the reader has already converted them; otherwise they
/// are taken from `bom.components`.
pub fn normalise<'b>(
    file: &str,
    format: SbomFormat,
    bom: &RawBom<'b>,
    pass: Option<ComponentPass<'_>>,
    limits: &Limits,
) -> Result<SbomLoad, Vec<Diagnostic>> {
    normalise_read(file, format, bom, pass, None, &Source::default(), limits)
}

/// [`normalise`], with the dependencies too when the reader has already converted them
/// (`deps`; otherwise they are taken from `bom.dependencies`), sharing the strings that are
/// slices of `source` (the text `bom` was read from, or an empty source).
pub fn normalise_read<'b>(
    file: &str,
    format: SbomFormat,
    bom: &RawBom<'b>,
    pass: Option<ComponentPass<'_>>,
    deps: Option<DependencyPass>,
    source: &Source,
    limits: &Limits,
) -> Result<SbomLoad, Vec<Diagnostic>> {
    let spec = bom.spec_version.as_deref().unwrap_or_default();
    let mut c = Checker::new(Arc::from(file), spec, source, limits);
    if format == SbomFormat::CycloneDxJson {
        match bom.bom_format.as_deref() {
            None => c.missing(&ROOT, "bomFormat"),
            Some("CycloneDX") => {}
            Some(other) => c.error(
                NOT_CYCLONEDX,
                &ROOT.key("bomFormat"),
                format!("`bomFormat` is `{}`, not `CycloneDX`", clip(other)),
                None,
            ),
        }
    }
    check_serial(&mut c, bom.serial_number.as_deref());
    let pass = pass.unwrap_or_else(|| {
        let mut pass = ComponentPass::new(file, spec, source, limits);
        for rc in bom.components.iter().flatten() {
            pass.add(rc);
        }
        pass
    });
    let components = pass.out;
    let mut refs = pass.refs;
    c.absorb(pass.c);
    let mut document = document(&mut c, bom, &mut refs, components.len());
    document.format = format;
    services(
        &mut c,
        bom.services.as_deref().unwrap_or_default(),
        &ROOT,
        &mut refs,
    );
    citations(
        &mut c,
        bom.citations.as_deref().unwrap_or_default(),
        &mut refs,
    );
    let dependencies = dependencies(&mut c, bom, deps, &refs);
    let vulnerabilities = vulnerabilities(&mut c, bom, &refs);
    if c.dropped > 0 {
        let n = c.dropped;
        c.errors.push(
            Diagnostic::error(
                TOO_MANY_ERRORS,
                format!("…and {n} more errors in this file"),
            )
            .at(crate::diag::Location::file(file)),
        );
    }
    if has_errors(&c.errors) {
        return Err(c.errors);
    }
    Ok(SbomLoad {
        document,
        components,
        dependencies,
        vulnerabilities,
        warnings: c.warnings,
    })
}

fn check_serial(c: &mut Checker<'_>, serial: Option<&str>) {
    let Some(s) = serial else { return };
    let ok = s.strip_prefix("urn:uuid:").is_some_and(|u| {
        let groups: Vec<&str> = u.split('-').collect();
        groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
            && groups
                .iter()
                .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    if !ok {
        c.error(
            INVALID_VALUE,
            &ROOT.key("serialNumber"),
            format!("the serial number `{}` is not a `urn:uuid:` URN", clip(s)),
            Some("use the form `urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79`"),
        );
    }
}

impl Refs {
    fn add(&mut self, c: &mut Checker<'_>, r: &Option<S<'_>>, at: &At<'_>) {
        let Some(r) = r.as_ref() else { return };
        let p = at.key("bom-ref");
        if r.is_empty() {
            c.error(
                INVALID_VALUE,
                &p,
                "a `bom-ref` must not be empty".into(),
                None,
            );
        } else if !self.insert(r) {
            c.error(
                DUPLICATE_BOM_REF,
                &p,
                format!("the `bom-ref` `{}` is used twice", clip(&r.0)),
                Some("each `bom-ref` must be unique in the document"),
            );
        }
    }
}

fn document<'b>(
    c: &mut Checker<'_>,
    bom: &RawBom<'b>,
    refs: &mut Refs,
    count: usize,
) -> SbomDocument {
    let m = bom.metadata.as_ref();
    let mut timestamp_date = None;
    if let Some(t) = m.and_then(|m| m.timestamp.as_deref()) {
        timestamp_date = date_time(c, t, &META.key("timestamp"));
    }
    let mut subject = None;
    let mut subject_version = None;
    if let Some(rc) = m.and_then(|m| m.component.as_ref()) {
        let mut scratch = Vec::new();
        component(c, rc, &META.key("component"), 1, &mut scratch, refs);
        subject = rc.name.as_deref().map(str::to_owned);
        subject_version = rc.version.as_deref().map(str::to_owned);
    }
    if let Some(m) = m {
        if let Some(ls) = &m.licenses {
            licenses(c, ls, &META);
        }
        properties(c, m.properties.as_deref().unwrap_or_default(), &META);
    }
    SbomDocument {
        file: Arc::clone(&c.file),
        format: SbomFormat::CycloneDxJson,
        spec_version: c.spec.clone(),
        serial: bom.serial_number.as_deref().map(str::to_owned),
        timestamp: m.and_then(|m| m.timestamp.as_deref()).map(str::to_owned),
        timestamp_date,
        authors: m
            .and_then(|m| m.authors.as_ref())
            .map(|a| a.iter().filter_map(entity_name).collect())
            .unwrap_or_default(),
        tools: m
            .and_then(|m| m.tools.as_ref())
            .map(tools)
            .unwrap_or_default(),
        supplier: m.and_then(|m| m.supplier.as_ref()).and_then(entity_name),
        lifecycle: m
            .and_then(|m| m.lifecycles.as_ref())
            .map(|l| {
                l.iter()
                    .filter_map(|l| l.phase.as_deref().or(l.name.as_deref()).map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        subject,
        subject_version,
        components: 0..count,
        provenance: c.prov(&ROOT),
    }
}

fn entity_name(e: &RawEntity) -> Option<String> {
    e.name.as_deref().or(e.email.as_deref()).map(str::to_owned)
}

fn tools(t: &RawTools) -> Vec<String> {
    let list: Vec<&RawTool> = match t {
        RawTools::Legacy(l) => l.iter().collect(),
        RawTools::Modern {
            components,
            services,
        } => components.iter().chain(services).collect(),
    };
    list.iter()
        .filter_map(|t| {
            let name = t.name.as_deref()?;
            Some(match t.version.as_deref() {
                Some(v) => format!("{name} {v}"),
                None => name.to_owned(),
            })
        })
        .collect()
}

/// An RFC 3339 date-time; its calendar date (as written, in the writer's offset) when valid.
fn date_time(c: &mut Checker<'_>, t: &str, at: &At<'_>) -> Option<crate::lang::ast::Date> {
    let date = t
        .parse::<jiff::Timestamp>()
        .ok()
        .filter(|_| {
            t.as_bytes()
                .get(10)
                .is_some_and(|b| matches!(b, b'T' | b't'))
        })
        .and_then(|_| t.get(..10)?.parse::<jiff::civil::Date>().ok());
    match date {
        Some(d) => Some(crate::lang::ast::Date {
            year: d.year(),
            month: u8::try_from(d.month()).unwrap_or(1),
            day: u8::try_from(d.day()).unwrap_or(1),
        }),
        None => {
            c.error(
                INVALID_VALUE,
                at,
                format!("`{}` is not an RFC 3339 date-time", clip(t)),
                Some("write e.g. `2024-05-01T12:00:00Z`"),
            );
            None
        }
    }
}

fn component<'b>(
    c: &mut Checker<'_>,
    rc: &RawComponent<'b>,
    p: &At<'_>,
    depth: usize,
    out: &mut Vec<Component>,
    refs: &mut Refs,
) {
    if depth > c.limits.max_depth {
        c.error(
            crate::evidence::json::TOO_DEEP,
            p,
            "components are nested too deeply".into(),
            None,
        );
        return;
    }
    if out.len() >= c.limits.max_components {
        // reported once, at the first component refused
        if !refs.truncated {
            refs.truncated = true;
            c.error(
                crate::evidence::json::LIMIT_EXCEEDED,
                p,
                format!("more than {} components", c.limits.max_components),
                Some("the components from here on are not read"),
            );
        }
        return;
    }
    match rc.kind.as_deref() {
        None => c.missing(p, "type"),
        Some(k) => {
            c.one_of(&p.key("type"), k, COMPONENT_TYPES);
        }
    }
    if rc.name.is_none() {
        c.missing(p, "name");
    }
    if let Some(s) = rc.scope.as_deref() {
        c.one_of(&p.key("scope"), s, SCOPES);
    }
    refs.add(c, &rc.bom_ref, p);
    if rc.version_range.is_some() {
        if rc.version.is_some() {
            c.error(
                INVALID_VALUE,
                &p.key("versionRange"),
                "a component has both `version` and `versionRange`".into(),
                Some("keep one of them"),
            );
        }
        if rc.is_external != Some(true) {
            c.error(
                INVALID_VALUE,
                &p.key("versionRange"),
                "`versionRange` is only allowed on external components".into(),
                Some("set `isExternal` to true, or give a `version`"),
            );
        }
    }
    if let Some(s) = &rc.swid {
        if s.tag_id.is_none() {
            c.missing(&p.key("swid"), "tagId");
        }
        if s.name.is_none() {
            c.missing(&p.key("swid"), "name");
        }
    }
    pedigree(c, rc.pedigree.as_ref(), p);
    properties(c, rc.properties.as_deref().unwrap_or_default(), p);
    let (declared, concluded) = match &rc.licenses {
        Some(ls) => licenses(c, ls, p),
        None => (None, None),
    };
    let (purl, ecosystem) = purl(c, rc.purl.as_deref(), p);
    let this = Component {
        doc: 0,
        bom_ref: c.text(&p.key("bom-ref"), &rc.bom_ref),
        name: c.text(&p.key("name"), &rc.name).unwrap_or_default(),
        group: c.text(&p.key("group"), &rc.group),
        version: c.text(&p.key("version"), &rc.version),
        kind: rc.kind.as_deref().map(|k| c.share(k)),
        purl,
        ecosystem,
        cpe: c.text(&p.key("cpe"), &rc.cpe),
        supplier: rc.supplier.as_ref().and_then(entity_name).map(Into::into),
        author: author(rc).map(Into::into),
        license_declared: declared,
        license_concluded: concluded,
        hashes: hashes(c, rc.hashes.as_deref().unwrap_or_default(), p).into(),
        scope: rc.scope.as_deref().map(|s| c.share(s)),
        external_refs: exact(
            rc.external_references.as_deref(),
            |e| e.kind.is_some() && e.url.is_some(),
            |e| ExternalRef {
                kind: c.share(e.kind.as_deref().unwrap_or_default()),
                url: c.share(e.url.as_deref().unwrap_or_default()),
            },
        )
        .into(),
        properties: exact(
            rc.properties.as_deref(),
            |pr| pr.name.is_some(),
            |pr| {
                (
                    c.share(pr.name.as_deref().unwrap_or_default()),
                    c.share(pr.value.as_deref().unwrap_or_default()),
                )
            },
        )
        .into(),
        provenance: Some(c.prov(p)),
    };
    out.push(this);
    for (i, child) in rc.components.iter().flatten().enumerate() {
        component(c, child, &p.index("components", i), depth + 1, out, refs);
    }
}

/// The entries of a list that `keep` accepts, converted, in a vector of exactly that many:
/// `collect` on a `filter_map` would start at four and double, and the model keeps these
/// vectors (a 100,000-component SBOM wasted megabytes on the spare room).
fn exact<T, U>(list: Option<&[T]>, keep: impl Fn(&T) -> bool, f: impl Fn(&T) -> U) -> Vec<U> {
    let list = list.unwrap_or_default();
    let mut out = Vec::with_capacity(list.iter().filter(|x| keep(x)).count());
    out.extend(list.iter().filter(|x| keep(x)).map(f));
    out
}

fn author(rc: &RawComponent) -> Option<String> {
    if let Some(a) = rc.author.as_deref() {
        return Some(a.to_owned());
    }
    let names: Vec<String> = rc
        .authors
        .iter()
        .flatten()
        .filter_map(entity_name)
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

fn services<'b>(c: &mut Checker<'_>, list: &[RawService<'b>], p: &At<'_>, refs: &mut Refs) {
    for (i, s) in list.iter().enumerate() {
        let sp = p.index("services", i);
        if s.name.is_none() {
            c.missing(&sp, "name");
        }
        refs.add(c, &s.bom_ref, &sp);
        for (j, d) in s.data.iter().flatten().enumerate() {
            let dp = sp.index("data", j);
            match d.flow.as_deref() {
                Some(f) => {
                    c.one_of(&dp.key("flow"), f, DATA_FLOWS);
                }
                None => c.missing(&dp, "flow"),
            }
        }
        properties(c, s.properties.as_deref().unwrap_or_default(), &sp);
        services(c, s.services.as_deref().unwrap_or_default(), &sp, refs);
    }
}

fn citations<'b>(c: &mut Checker<'_>, list: &[RawCitation<'b>], refs: &mut Refs) {
    for (i, ci) in list.iter().enumerate() {
        let cp = ROOT.index("citations", i);
        refs.add(c, &ci.bom_ref, &cp);
        if ci.attributed_to.is_none() && ci.process.is_none() {
            c.error(
                MISSING_FIELD,
                &cp,
                "a citation needs `attributedTo` or `process`".into(),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_render_indices_in_decimal() {
        for i in [0, 7, 10, 99, 100, 12_345, 4_294_967_296, usize::MAX] {
            let mut out = String::new();
            ROOT.index("components", 3)
                .index("hashes", i)
                .write(&mut out);
            assert_eq!(out, format!("/components/3/hashes/{i}"));
        }
        let mut out = String::new();
        META.key("a/b~c").write(&mut out);
        assert_eq!(out, "/metadata/a~1b~0c");
    }

    #[test]
    fn pointers_of_a_later_chunk_are_rebased_on_the_first_component_index() {
        let mut out = String::new();
        assert!(rebase("/components/3/components/1/name", 10, &mut out));
        assert_eq!(out, "/components/13/components/1/name");
        assert!(rebase("/components/0", 5, &mut out));
        assert_eq!(out, "/components/5");
        for odd in [
            "/metadata/component",
            "/components/",
            "/components/x",
            "components/1",
        ] {
            assert!(!rebase(odd, 1, &mut out), "{odd}");
        }
        assert!(!rebase("/components/1", usize::MAX, &mut out));
    }
}
