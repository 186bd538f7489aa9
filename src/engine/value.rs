//! Runtime values of the evaluator, three-valued truth, and reading the evidence model
//! through the vocabulary's record and field names.
//!
//! A [`Value`] borrows from the evidence (`'e`): reading `c.name` for 100,000 components
//! copies nothing. A value that the evidence does not have is [`Value::Missing`], which
//! every operator propagates to [`Truth::Unknown`], so missing evidence never passes or fails
//! silently. Field names here are the names declared in `evidence/schema.rs`; a test keeps
//! both in step (every declared field of every model-backed record is readable here).

use std::borrow::Cow;
use std::sync::Arc;

use crate::evidence::load::attestation::parse_duration;
use crate::evidence::model::{
    Component, Dependency, Document, Evidence, ExternalRef, Hash, Provenance, SbomDocument, Text,
    Vulnerability,
};
use crate::evidence::schema::Ty;
use crate::lang::ast::{Date, Duration, Severity};

/// Kleene's three-valued logic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    pub fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }

    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::True, Truth::True) => Truth::True,
            _ => Truth::Unknown,
        }
    }

    pub fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::False, Truth::False) => Truth::False,
            _ => Truth::Unknown,
        }
    }

    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

/// Why a value is missing: the path as written and, when known, where it was looked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    pub what: String,
    pub at: Option<Provenance>,
}

/// The tender's own facts, readable as `tender.*`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TenderFacts {
    pub id: String,
    pub title: String,
    pub buyer: Option<String>,
    pub published: Option<Date>,
    pub deadline: Option<Date>,
}

/// A record of the vocabulary, borrowed from the evidence.
#[derive(Debug, Clone)]
pub enum Rec<'e> {
    Tender(&'e TenderFacts),
    Bid(&'e Evidence),
    Sbom(&'e Evidence),
    SbomDocument(&'e SbomDocument),
    Component(&'e Component),
    Hash(&'e Hash),
    ExternalRef(&'e ExternalRef, Option<&'e Provenance>),
    Property(&'e (Text, Text), Option<&'e Provenance>),
    Dependency(&'e Dependency),
    Vulnerability(&'e Vulnerability),
    Documents(&'e Evidence),
    Document(&'e Document),
    /// A node of the attestation's answer tree, with its JSON pointer.
    Answers {
        node: &'e serde_json::Value,
        file: &'e Arc<str>,
        pointer: String,
    },
}

/// A list value. Model-backed lists borrow their slice; nothing is collected until needed.
#[derive(Debug, Clone)]
pub enum List<'e> {
    Components(&'e [Component]),
    SbomDocuments(&'e [SbomDocument]),
    Dependencies(&'e [Dependency]),
    Vulnerabilities(&'e [Vulnerability]),
    Hashes(&'e [Hash]),
    Documents(&'e [Document]),
    /// A component's external references, with the component's provenance.
    ExternalRefs(&'e [ExternalRef], Option<&'e Provenance>),
    /// A component's properties, with the component's provenance.
    Properties(&'e [(Text, Text)], Option<&'e Provenance>),
    Values(Vec<Value<'e>>),
}

impl<'e> List<'e> {
    pub fn len(&self) -> usize {
        match self {
            List::Components(s) => s.len(),
            List::SbomDocuments(s) => s.len(),
            List::Dependencies(s) => s.len(),
            List::Vulnerabilities(s) => s.len(),
            List::Hashes(s) => s.len(),
            List::Documents(s) => s.len(),
            List::ExternalRefs(s, _) => s.len(),
            List::Properties(s, _) => s.len(),
            List::Values(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The items, each as a value.
    pub fn iter(&self) -> ListIter<'_, 'e> {
        match self {
            List::Components(s) => ListIter::Components(s.iter()),
            List::SbomDocuments(s) => ListIter::SbomDocuments(s.iter()),
            List::Dependencies(s) => ListIter::Dependencies(s.iter()),
            List::Vulnerabilities(s) => ListIter::Vulnerabilities(s.iter()),
            List::Hashes(s) => ListIter::Hashes(s.iter()),
            List::Documents(s) => ListIter::Documents(s.iter()),
            List::ExternalRefs(s, p) => ListIter::ExternalRefs(s.iter(), *p),
            List::Properties(s, p) => ListIter::Properties(s.iter(), *p),
            List::Values(v) => ListIter::Values(v.iter()),
        }
    }
}

/// The items of a [`List`], each as a value (no allocation: quantifiers nested in a loop
/// over 100,000 components start one of these per component).
#[derive(Debug, Clone)]
pub enum ListIter<'a, 'e> {
    Components(std::slice::Iter<'e, Component>),
    SbomDocuments(std::slice::Iter<'e, SbomDocument>),
    Dependencies(std::slice::Iter<'e, Dependency>),
    Vulnerabilities(std::slice::Iter<'e, Vulnerability>),
    Hashes(std::slice::Iter<'e, Hash>),
    Documents(std::slice::Iter<'e, Document>),
    ExternalRefs(std::slice::Iter<'e, ExternalRef>, Option<&'e Provenance>),
    Properties(std::slice::Iter<'e, (Text, Text)>, Option<&'e Provenance>),
    Values(std::slice::Iter<'a, Value<'e>>),
}

impl<'e> Iterator for ListIter<'_, 'e> {
    type Item = Value<'e>;

    fn next(&mut self) -> Option<Value<'e>> {
        Some(match self {
            ListIter::Components(i) => Value::Record(Rec::Component(i.next()?)),
            ListIter::SbomDocuments(i) => Value::Record(Rec::SbomDocument(i.next()?)),
            ListIter::Dependencies(i) => Value::Record(Rec::Dependency(i.next()?)),
            ListIter::Vulnerabilities(i) => Value::Record(Rec::Vulnerability(i.next()?)),
            ListIter::Hashes(i) => Value::Record(Rec::Hash(i.next()?)),
            ListIter::Documents(i) => Value::Record(Rec::Document(i.next()?)),
            ListIter::ExternalRefs(i, p) => Value::Record(Rec::ExternalRef(i.next()?, *p)),
            ListIter::Properties(i, p) => Value::Record(Rec::Property(i.next()?, *p)),
            ListIter::Values(i) => i.next()?.clone(),
        })
    }
}

/// A runtime value.
#[derive(Debug, Clone)]
pub enum Value<'e> {
    Missing(Box<Missing>),
    Bool(bool),
    Number(f64),
    /// 80% is `Percent(80.0)`.
    Percent(f64),
    /// Strings and URLs.
    Str(Cow<'e, str>),
    /// An SPDX expression (or a licence name that is not one).
    License(Cow<'e, str>),
    Date(Date),
    Duration(Duration),
    Version {
        text: Cow<'e, str>,
        ecosystem: Option<&'e str>,
    },
    Severity(Severity),
    Record(Rec<'e>),
    List(List<'e>),
}

impl<'e> Value<'e> {
    pub fn missing(what: impl Into<String>, at: Option<Provenance>) -> Value<'e> {
        Value::Missing(Box::new(Missing {
            what: what.into(),
            at,
        }))
    }

    /// A short human rendering for witnesses and explanations (not escaped).
    pub fn display(&self) -> String {
        match self {
            Value::Missing(m) => format!("missing `{}`", m.what),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => format_number(*n),
            Value::Percent(n) => format!("{}%", format_number(*n)),
            Value::Str(s) | Value::License(s) => s.to_string(),
            Value::Version { text, .. } => text.to_string(),
            Value::Date(d) => format_date(*d),
            Value::Duration(d) => format_duration(*d),
            Value::Severity(s) => severity_name(*s).to_owned(),
            Value::Record(r) => record_subject(r),
            Value::List(l) => format!("{} item(s)", l.len()),
        }
    }
}

/// Numbers without a trailing `.0` for integers, at most 4 decimals otherwise.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        let s = format!("{n:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

pub fn format_date(d: Date) -> String {
    crate::engine::ir::date_text(d)
}

pub fn format_duration(d: Duration) -> String {
    crate::engine::ir::literal_text(&crate::lang::ast::Literal::Duration(d))
}

pub fn severity_name(s: Severity) -> &'static str {
    crate::engine::ir::severity_text(s)
}

/// How a record is named in witnesses: `component openssl@1.0.2k`.
pub fn record_subject(r: &Rec<'_>) -> String {
    match r {
        Rec::Tender(t) => format!("tender {}", t.id),
        Rec::Bid(_) => "bid".into(),
        Rec::Sbom(_) => "sbom".into(),
        Rec::SbomDocument(d) => format!("sbom {}", d.file),
        Rec::Component(c) => {
            let name = match &c.group {
                Some(g) if !g.is_empty() => format!("{g}/{}", c.name),
                _ => c.name.to_string(),
            };
            match &c.version {
                Some(v) => format!("component {name}@{v}"),
                None => format!("component {name}"),
            }
        }
        Rec::Hash(h) => format!("hash {}", h.alg),
        Rec::ExternalRef(x, _) => format!("reference {}", x.kind),
        Rec::Property(p, _) => format!("property {}", p.0),
        Rec::Dependency(d) => format!("dependency {}", d.reference),
        Rec::Vulnerability(v) => format!("vulnerability {}", v.id),
        Rec::Documents(_) => "documents".into(),
        Rec::Document(d) => format!("document {}", d.file),
        Rec::Answers { pointer, .. } => format!("attestation {pointer}"),
    }
}

/// Where a record is in the bid.
pub fn record_provenance(r: &Rec<'_>) -> Option<Provenance> {
    match r {
        Rec::SbomDocument(d) => Some(d.provenance.clone()),
        Rec::Component(c) => c.provenance.clone(),
        Rec::Dependency(d) => Some(d.provenance.clone()),
        Rec::Vulnerability(v) => Some(v.provenance.clone()),
        Rec::ExternalRef(_, p) | Rec::Property(_, p) => p.cloned(),
        Rec::Answers { file, pointer, .. } => Some(Provenance::new(
            file,
            crate::evidence::model::Locator::pointer(pointer.as_str()),
        )),
        Rec::Document(d) => Some(Provenance::new(
            &d.file,
            crate::evidence::model::Locator::pointer(""),
        )),
        Rec::Bid(e) => e.bid.as_ref().and_then(|b| b.provenance.clone()),
        Rec::Tender(_) | Rec::Sbom(_) | Rec::Hash(_) | Rec::Documents(_) => None,
    }
}

/// Where a field of a record is in the bid.
pub fn field_provenance(r: &Rec<'_>, field: &str) -> Option<Provenance> {
    let key = match (r, field) {
        (Rec::Component(_), "license") => "licenses",
        (Rec::Component(_), "bom_ref") => "bom-ref",
        (Rec::Component(_), "external_refs") => "externalReferences",
        (Rec::Answers { .. }, f) => f,
        (_, f) => f,
    };
    record_provenance(r).map(|p| p.child(key))
}

/// Reads `field` of a record, typed as the vocabulary declares (`ty`).
pub fn get<'e>(r: &Rec<'e>, field: &str, ty: &Ty) -> Value<'e> {
    let missing = || Value::missing(field, field_provenance(r, field));
    match r {
        Rec::Tender(t) => tender_field(t, field).unwrap_or_else(missing),
        Rec::Bid(e) => bid_field(e, field).unwrap_or_else(missing),
        Rec::Sbom(e) => sbom_field(e, field).unwrap_or_else(missing),
        Rec::SbomDocument(d) => document_field(d, field).unwrap_or_else(missing),
        Rec::Component(c) => component_field(c, field).unwrap_or_else(missing),
        Rec::Hash(h) => match field {
            "alg" => Some(Value::Str(Cow::Borrowed(&h.alg))),
            "value" => Some(Value::Str(Cow::Borrowed(&h.value))),
            _ => None,
        }
        .unwrap_or_else(missing),
        Rec::ExternalRef(x, _) => match field {
            "type" => Some(Value::Str(Cow::Borrowed(&x.kind))),
            "url" => Some(Value::Str(Cow::Borrowed(&x.url))),
            _ => None,
        }
        .unwrap_or_else(missing),
        Rec::Property(p, _) => match field {
            "name" => Some(Value::Str(Cow::Borrowed(&p.0))),
            "value" => Some(Value::Str(Cow::Borrowed(&p.1))),
            _ => None,
        }
        .unwrap_or_else(missing),
        Rec::Dependency(d) => match field {
            "ref" => Some(Value::Str(Cow::Borrowed(&d.reference))),
            "depends_on" => Some(strings(&d.depends_on)),
            _ => None,
        }
        .unwrap_or_else(missing),
        Rec::Vulnerability(v) => vulnerability_field(v, field).unwrap_or_else(missing),
        Rec::Documents(e) => match field {
            "all" => Some(Value::List(List::Documents(&e.documents))),
            "pentest_report" => pentest_report(e).map(|d| Value::Record(Rec::Document(d))),
            _ => None,
        }
        .unwrap_or_else(missing),
        Rec::Document(d) => document_file_field(d, field).unwrap_or_else(missing),
        Rec::Answers {
            node,
            file,
            pointer,
        } => answer_field(node, file, pointer, field, ty),
    }
}

fn strings<'e, S: AsRef<str>>(v: &'e [S]) -> Value<'e> {
    Value::List(List::Values(
        v.iter()
            .map(|s| Value::Str(Cow::Borrowed(s.as_ref())))
            .collect(),
    ))
}

fn tender_field<'e>(t: &'e TenderFacts, field: &str) -> Option<Value<'e>> {
    Some(match field {
        "id" => Value::Str(Cow::Borrowed(&t.id)),
        "title" => Value::Str(Cow::Borrowed(&t.title)),
        "buyer" => Value::Str(Cow::Borrowed(t.buyer.as_ref()?)),
        "published" => Value::Date(t.published?),
        "deadline" => Value::Date(t.deadline?),
        _ => return None,
    })
}

fn bid_field<'e>(e: &'e Evidence, field: &str) -> Option<Value<'e>> {
    let b = e.bid.as_ref()?;
    Some(match field {
        "vendor" => Value::Str(Cow::Borrowed(&b.vendor)),
        "product" => Value::Str(Cow::Borrowed(b.product.as_ref()?)),
        "version" => Value::Version {
            text: Cow::Borrowed(b.version.as_ref()?),
            ecosystem: None,
        },
        _ => return None,
    })
}

/// `sbom.*` is missing altogether when the bid has no SBOM: an empty component list would
/// make `all c in sbom.components: …` pass vacuously.
fn sbom_field<'e>(e: &'e Evidence, field: &str) -> Option<Value<'e>> {
    if e.sboms.is_empty() {
        return None;
    }
    Some(Value::List(match field {
        "documents" => List::SbomDocuments(&e.sboms),
        "components" => List::Components(&e.components),
        "dependencies" => List::Dependencies(&e.dependencies),
        "vulnerabilities" => List::Vulnerabilities(&e.vulnerabilities),
        _ => return None,
    }))
}

fn document_field<'e>(d: &'e SbomDocument, field: &str) -> Option<Value<'e>> {
    Some(match field {
        "format" => Value::Str(Cow::Borrowed(d.format.family())),
        "spec_version" => Value::Version {
            text: Cow::Borrowed(&d.spec_version),
            ecosystem: None,
        },
        "serial" => Value::Str(Cow::Borrowed(d.serial.as_ref()?)),
        "timestamp" => Value::Date(d.timestamp_date?),
        "authors" => strings(&d.authors),
        "tools" => strings(&d.tools),
        "supplier" => Value::Str(Cow::Borrowed(d.supplier.as_ref()?)),
        "lifecycle" => strings(&d.lifecycle),
        "subject" => Value::Str(Cow::Borrowed(d.subject.as_ref()?)),
        "subject_version" => Value::Version {
            text: Cow::Borrowed(d.subject_version.as_ref()?),
            ecosystem: None,
        },
        "component_count" => Value::Number(d.components.len() as f64),
        "file" => Value::Str(Cow::Borrowed(&d.file)),
        _ => return None,
    })
}

fn component_field<'e>(c: &'e Component, field: &str) -> Option<Value<'e>> {
    ComponentField::from_name(field)?.read(c)
}

/// A field of an element of a component's `hashes`, `properties` or `external_refs`,
/// resolved from its name once (before a loop nested in a loop over components). Every
/// one of them is a string the element always has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartField {
    HashAlg,
    HashValue,
    PropertyName,
    PropertyValue,
    RefType,
    RefUrl,
}

impl PartField {
    /// The field `name` of the elements of the component list `list`.
    pub fn from_name(list: ComponentField, name: &str) -> Option<PartField> {
        use PartField as P;
        Some(match (list, name) {
            (ComponentField::Hashes, "alg") => P::HashAlg,
            (ComponentField::Hashes, "value") => P::HashValue,
            (ComponentField::Properties, "name") => P::PropertyName,
            (ComponentField::Properties, "value") => P::PropertyValue,
            (ComponentField::ExternalRefs, "type") => P::RefType,
            (ComponentField::ExternalRefs, "url") => P::RefUrl,
            _ => return None,
        })
    }

    /// The field's text in `item` (what [`get`] reads as `Value::Str`); `None` when `item`
    /// is not such an element.
    pub fn text<'e>(self, item: &Value<'e>) -> Option<&'e str> {
        use PartField as P;
        let Value::Record(r) = item else { return None };
        Some(match (self, r) {
            (P::HashAlg, Rec::Hash(h)) => &h.alg,
            (P::HashValue, Rec::Hash(h)) => &h.value,
            (P::PropertyName, Rec::Property(p, _)) => &p.0,
            (P::PropertyValue, Rec::Property(p, _)) => &p.1,
            (P::RefType, Rec::ExternalRef(x, _)) => &x.kind,
            (P::RefUrl, Rec::ExternalRef(x, _)) => &x.url,
            _ => return None,
        })
    }
}

/// A field of `component`, resolved from its name once (before a loop over components)
/// instead of per read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComponentField {
    Name,
    Group,
    Version,
    Type,
    Purl,
    Ecosystem,
    Cpe,
    Supplier,
    Author,
    License,
    LicenseDeclared,
    LicenseConcluded,
    Hashes,
    Scope,
    BomRef,
    ExternalRefs,
    Properties,
}

impl ComponentField {
    pub fn from_name(field: &str) -> Option<ComponentField> {
        use ComponentField as F;
        Some(match field {
            "name" => F::Name,
            "group" => F::Group,
            "version" => F::Version,
            "type" => F::Type,
            "purl" => F::Purl,
            "ecosystem" => F::Ecosystem,
            "cpe" => F::Cpe,
            "supplier" => F::Supplier,
            "author" => F::Author,
            "license" => F::License,
            "license_declared" => F::LicenseDeclared,
            "license_concluded" => F::LicenseConcluded,
            "hashes" => F::Hashes,
            "scope" => F::Scope,
            "bom_ref" => F::BomRef,
            "external_refs" => F::ExternalRefs,
            "properties" => F::Properties,
            _ => return None,
        })
    }

    /// The text of a field whose value is a string or a licence (what [`read`](Self::read)
    /// gives as `Value::Str` or `Value::License`), without building the value: the outer
    /// `None` for any other field (versions, lists), the inner one when the component
    /// does not have it.
    pub fn text(self, c: &Component) -> Option<Option<&str>> {
        use ComponentField as F;
        Some(match self {
            F::Name => Some(&*c.name),
            F::Group => c.group.as_deref(),
            F::Type => c.kind.as_deref(),
            F::Purl => c.purl.as_deref(),
            F::Ecosystem => c.ecosystem.as_deref(),
            F::Cpe => c.cpe.as_deref(),
            F::Supplier => c.supplier.as_deref(),
            F::Author => c.author.as_deref(),
            F::Scope => c.scope.as_deref(),
            F::BomRef => c.bom_ref.as_deref(),
            F::License => c.license().map(|l| &*l.expression),
            F::LicenseDeclared => c.license_declared.as_ref().map(|l| &*l.expression),
            F::LicenseConcluded => c.license_concluded.as_ref().map(|l| &*l.expression),
            F::Version | F::Hashes | F::ExternalRefs | F::Properties => return None,
        })
    }

    /// Whether the component has the field (`read` gives a value), without building it.
    pub fn present(self, c: &Component) -> bool {
        match self.text(c) {
            Some(text) => text.is_some(),
            None => self != ComponentField::Version || c.version.is_some(),
        }
    }

    /// The field's value; `None` when the component does not have it. The value only
    /// borrows from the component (compiled loops rely on that: they skip its drop).
    pub fn read<'e>(self, c: &'e Component) -> Option<Value<'e>> {
        use ComponentField as F;
        let s = |v: &'e Option<crate::evidence::model::Text>| {
            v.as_deref().map(|s| Value::Str(Cow::Borrowed(s)))
        };
        let lic = |l: Option<&'e crate::evidence::model::License>| {
            l.map(|l| Value::License(Cow::Borrowed(&*l.expression)))
        };
        match self {
            F::Name => Some(Value::Str(Cow::Borrowed(&c.name))),
            F::Group => s(&c.group),
            F::Version => c.version.as_ref().map(|v| Value::Version {
                text: Cow::Borrowed(v),
                ecosystem: c.ecosystem.as_deref(),
            }),
            F::Type => s(&c.kind),
            F::Purl => s(&c.purl),
            F::Ecosystem => s(&c.ecosystem),
            F::Cpe => s(&c.cpe),
            F::Supplier => s(&c.supplier),
            F::Author => s(&c.author),
            F::License => lic(c.license()),
            F::LicenseDeclared => lic(c.license_declared.as_ref()),
            F::LicenseConcluded => lic(c.license_concluded.as_ref()),
            F::Hashes => Some(Value::List(List::Hashes(&c.hashes))),
            F::Scope => s(&c.scope),
            F::BomRef => s(&c.bom_ref),
            F::ExternalRefs => Some(Value::List(List::ExternalRefs(
                &c.external_refs,
                c.provenance.as_ref(),
            ))),
            F::Properties => Some(Value::List(List::Properties(
                &c.properties,
                c.provenance.as_ref(),
            ))),
        }
    }
}

fn vulnerability_field<'e>(v: &'e Vulnerability, field: &str) -> Option<Value<'e>> {
    Some(match field {
        "id" => Value::Str(Cow::Borrowed(&v.id)),
        "source" => Value::Str(Cow::Borrowed(v.source.as_ref()?)),
        "severity" => Value::Severity(v.severity?),
        "score" => Value::Number(v.score?),
        "affects" => strings(&v.affects),
        "state" => Value::Str(Cow::Borrowed(v.state.name())),
        "justification" => Value::Str(Cow::Borrowed(v.justification.as_ref()?)),
        "known_exploited" => Value::Bool(v.known_exploited?),
        "published" => Value::Date(v.published?),
        _ => return None,
    })
}

fn pentest_report(e: &Evidence) -> Option<&Document> {
    let named = e
        .attestation
        .as_ref()
        .and_then(|a| a.answers.pointer("/pentest/report"))
        .and_then(serde_json::Value::as_str);
    match named {
        Some(path) => e.documents.iter().find(|d| &*d.file == path),
        None => e.documents.iter().find(|d| d.kind == "pentest-report"),
    }
}

fn document_file_field<'e>(d: &'e Document, field: &str) -> Option<Value<'e>> {
    Some(match field {
        "kind" => Value::Str(Cow::Borrowed(&d.kind)),
        "file" => Value::Str(Cow::Borrowed(&d.file)),
        "sha256" => Value::Str(Cow::Borrowed(&d.sha256)),
        "pages" => Value::Number(f64::from(d.pages?)),
        "title" => Value::Str(Cow::Borrowed(d.title.as_ref()?)),
        "author" => Value::Str(Cow::Borrowed(d.author.as_ref()?)),
        "created" => Value::Date(d.created?),
        "has_text" => Value::Bool(d.has_text?),
        "encrypted" => Value::Bool(d.encrypted?),
        _ => return None,
    })
}

/// The attestation's answers root, or missing when the bid has no attestation.
pub fn attestation_root(e: &Evidence) -> Value<'_> {
    match &e.attestation {
        Some(a) => Value::Record(Rec::Answers {
            node: &a.answers,
            file: &a.file,
            pointer: String::new(),
        }),
        None => Value::missing("attestation", None),
    }
}

fn answer_field<'e>(
    node: &'e serde_json::Value,
    file: &'e Arc<str>,
    pointer: &str,
    field: &str,
    ty: &Ty,
) -> Value<'e> {
    let ptr = format!("{pointer}/{}", crate::diag::pointer_token(field));
    let here = || {
        Some(Provenance::new(
            file,
            crate::evidence::model::Locator::pointer(ptr.as_str()),
        ))
    };
    match node.get(field) {
        None | Some(serde_json::Value::Null) => Value::missing(field, here()),
        Some(v) => json_value(v, file, ptr.clone(), ty)
            .unwrap_or_else(|| Value::missing(format!("{field} (not a {ty})"), here())),
    }
}

/// Converts an answer to the declared type; `None` when it does not fit (the attestation
/// loader rejects such files, so this is a second line of defence).
fn json_value<'e>(
    v: &'e serde_json::Value,
    file: &'e Arc<str>,
    pointer: String,
    ty: &Ty,
) -> Option<Value<'e>> {
    use serde_json::Value as J;
    Some(match (ty, v) {
        (Ty::Bool, J::Bool(b)) => Value::Bool(*b),
        (Ty::Number, J::Number(n)) => Value::Number(n.as_f64()?),
        (Ty::Percent, J::Number(n)) => Value::Percent(n.as_f64()?),
        (Ty::Percent, J::String(s)) => Value::Percent(parse_percent(s)?),
        (Ty::String | Ty::Url, J::String(s)) => Value::Str(Cow::Borrowed(s)),
        (Ty::License, J::String(s)) => Value::License(Cow::Borrowed(s)),
        (Ty::Version, J::String(s)) => Value::Version {
            text: Cow::Borrowed(s),
            ecosystem: None,
        },
        (Ty::Date, J::String(s)) => Value::Date(parse_date(s)?),
        (Ty::Duration, J::String(s)) => Value::Duration(parse_duration(s)?),
        (Ty::Severity, J::String(s)) => Value::Severity(parse_severity(s)?),
        (Ty::Record(_), J::Object(_)) => Value::Record(Rec::Answers {
            node: v,
            file,
            pointer,
        }),
        (Ty::List(inner), J::Array(items)) => Value::List(List::Values(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    json_value(item, file, format!("{pointer}/{i}"), inner)
                        .unwrap_or_else(|| Value::missing(format!("{pointer}/{i}"), None))
                })
                .collect(),
        )),
        _ => return None,
    })
}

/// `YYYY-MM-DD` (a longer ISO 8601 timestamp is cut to its date).
pub fn parse_date(s: &str) -> Option<Date> {
    let d: jiff::civil::Date = s.get(..10)?.parse().ok()?;
    Some(Date {
        year: d.year(),
        month: u8::try_from(d.month()).ok()?,
        day: u8::try_from(d.day()).ok()?,
    })
}

/// A percentage answer written as text, `99.9%` or `80 %`.
pub fn parse_percent(s: &str) -> Option<f64> {
    let n: f64 = s.trim().strip_suffix('%')?.trim().parse().ok()?;
    n.is_finite().then_some(n)
}

pub fn parse_severity(s: &str) -> Option<Severity> {
    Some(match s.to_ascii_lowercase().as_str() {
        "none" | "info" | "informational" => Severity::None,
        "low" => Severity::Low,
        "medium" | "moderate" => Severity::Medium,
        "high" | "important" => Severity::High,
        "critical" => Severity::Critical,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::schema::Vocabulary;

    #[test]
    fn percent_answers_read_as_text() {
        assert_eq!(parse_percent("99.9%"), Some(99.9));
        assert_eq!(parse_percent(" 80 %"), Some(80.0));
        assert_eq!(parse_percent("80"), None);
        assert_eq!(parse_percent("inf%"), None);
    }

    #[test]
    fn kleene_tables() {
        use Truth::*;
        assert_eq!(Unknown.and(False), False);
        assert_eq!(Unknown.and(True), Unknown);
        assert_eq!(Unknown.or(True), True);
        assert_eq!(Unknown.or(False), Unknown);
        assert_eq!(Unknown.not(), Unknown);
    }

    /// Every field the vocabulary declares for a model-backed record is readable here
    /// (a value or a "missing" on an empty record, never a silent unknown-field).
    #[test]
    fn every_declared_field_is_known_to_the_reader() {
        let vocab = Vocabulary::standard();
        let c = Component {
            name: "x".into(),
            version: Some("1".into()),
            kind: Some("library".into()),
            ..Component::default()
        };
        for f in vocab.record("component").unwrap().fields() {
            let known = component_field(&c, &f.name).is_some()
                || matches!(
                    f.name.as_str(),
                    "group"
                        | "purl"
                        | "ecosystem"
                        | "cpe"
                        | "supplier"
                        | "author"
                        | "license"
                        | "license_declared"
                        | "license_concluded"
                        | "scope"
                        | "bom_ref"
                );
            assert!(known, "component.{} is not readable", f.name);
        }
    }

    /// `text` is `read` without the value, for every field it answers for.
    #[test]
    fn text_agrees_with_read() {
        let full = Component {
            bom_ref: Some("r".into()),
            name: "n".into(),
            group: Some("g".into()),
            version: Some("1".into()),
            kind: Some("library".into()),
            purl: Some("pkg:npm/n@1".into()),
            ecosystem: Some("npm".into()),
            cpe: Some("cpe".into()),
            supplier: Some("s".into()),
            author: Some("a".into()),
            scope: Some("required".into()),
            license_declared: Some(crate::evidence::model::License {
                expression: "MIT".into(),
                is_spdx: true,
                original: None,
            }),
            ..Component::default()
        };
        let vocab = Vocabulary::standard();
        for c in [&full, &Component::default()] {
            for f in vocab.record("component").unwrap().fields() {
                let Some(field) = ComponentField::from_name(&f.name) else {
                    continue;
                };
                let from_read = match field.read(c) {
                    Some(Value::Str(s) | Value::License(s)) => Some(Some(s.into_owned())),
                    None => Some(None),
                    Some(_) => None,
                };
                assert_eq!(
                    field.present(c),
                    field.read(c).is_some(),
                    "component.{}",
                    f.name
                );
                let from_text = field.text(c).map(|t| t.map(str::to_owned));
                match (from_read, from_text) {
                    (a, Some(b)) => assert_eq!(a, Some(b), "component.{}", f.name),
                    // not a text field: read must not give a string either
                    (a, None) => assert!(
                        a.is_none()
                            || field
                                .read(&full)
                                .is_some_and(|v| !matches!(v, Value::Str(_) | Value::License(_))),
                        "component.{}",
                        f.name
                    ),
                }
            }
        }
    }

    /// Compiled loops skip dropping field values, which must therefore only borrow: check
    /// that on a component with every field set.
    #[test]
    fn field_values_only_borrow() {
        use crate::evidence::model::{ExternalRef, Hash, License};
        let s = || Some(Text::from("x"));
        let lic = || {
            Some(License {
                expression: "MIT".into(),
                is_spdx: true,
                original: None,
            })
        };
        let c = Component {
            bom_ref: s(),
            name: "x".into(),
            group: s(),
            version: s(),
            kind: s(),
            purl: s(),
            ecosystem: s(),
            cpe: s(),
            supplier: s(),
            author: s(),
            license_declared: lic(),
            license_concluded: lic(),
            hashes: vec![Hash {
                alg: "SHA-256".into(),
                value: "ab".into(),
            }]
            .into(),
            scope: s(),
            external_refs: vec![ExternalRef {
                kind: "vcs".into(),
                url: "u".into(),
            }]
            .into(),
            properties: vec![("k".into(), "v".into())].into(),
            ..Component::default()
        };
        let borrowed = |v: &Value<'_>| match v {
            Value::Str(s) | Value::License(s) | Value::Version { text: s, .. } => {
                matches!(s, Cow::Borrowed(_))
            }
            Value::List(List::Hashes(_) | List::ExternalRefs(..) | List::Properties(..)) => true,
            _ => false,
        };
        let vocab = Vocabulary::standard();
        for f in vocab.record("component").unwrap().fields() {
            let Some(field) = ComponentField::from_name(&f.name) else {
                continue;
            };
            let Some(v) = field.read(&c) else {
                panic!("component.{} unread", f.name)
            };
            assert!(borrowed(&v), "component.{} owns memory", f.name);
        }
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            parse_date("2032-01-31"),
            Some(Date {
                year: 2032,
                month: 1,
                day: 31
            })
        );
        assert_eq!(parse_date("2032-02-30"), None);
        assert_eq!(
            parse_date("2026-11-27T10:00:00Z"),
            Some(Date {
                year: 2026,
                month: 11,
                day: 27
            })
        );
        assert_eq!(parse_date("x"), None);
    }
}
