//! The evidence vocabulary: every path a clause may read, and its type.
//!
//! This is the one declaration of what evidence looks like to the clause language. The
//! static checker resolves paths against it, the evaluator reads the model through it, the
//! response template and its JSON Schema are generated from it, and the language reference
//! lists it. Add a field here and every one of them sees it.
//!
//! The vocabulary is a set of record types ([`Record`]) reached from named roots
//! ([`ROOTS`]). A tender's `question`s extend the `attestation` record at run time
//! ([`Vocabulary::with_questions`]).
//!
//! It does not say *how* a value is found in a file: loaders fill the model, and the
//! model's accessors (in `model.rs`) are keyed by the same record and field names.

use std::collections::BTreeMap;
use std::fmt;

/// A type in the clause language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    Bool,
    /// Integers and decimals alike.
    Number,
    /// A share, written `80%`; compares with other shares.
    Percent,
    String,
    Date,
    Duration,
    /// A version string; compared with ecosystem-aware ordering.
    Version,
    Severity,
    /// An SPDX licence expression.
    License,
    /// A URL (a string that must parse as an absolute `https`/`http`/`mailto` URL).
    Url,
    /// A record type of the vocabulary, by name (`component`, `vulnerability`…).
    Record(String),
    List(Box<Ty>),
    /// The type of an expression the checker already reported (suppresses cascades).
    Error,
}

impl Ty {
    pub fn list(of: Ty) -> Ty {
        Ty::List(Box::new(of))
    }

    /// The element type of a list.
    pub fn element(&self) -> Option<&Ty> {
        match self {
            Ty::List(t) => Some(t),
            _ => None,
        }
    }

    /// Parses a type as written in a `question` (`date`, `list<string>`…).
    pub fn from_name(name: &str) -> Option<Ty> {
        if let Some(inner) = name.strip_prefix("list<").and_then(|s| s.strip_suffix('>')) {
            return Ty::from_name(inner.trim()).map(Ty::list);
        }
        Some(match name {
            "bool" => Ty::Bool,
            "number" | "int" => Ty::Number,
            "percent" => Ty::Percent,
            "string" => Ty::String,
            "date" => Ty::Date,
            "duration" => Ty::Duration,
            "version" => Ty::Version,
            "severity" => Ty::Severity,
            "license" => Ty::License,
            "url" => Ty::Url,
            _ => return None,
        })
    }

    /// The names [`Ty::from_name`] accepts for scalars (for "did you mean" and docs).
    pub const SCALAR_NAMES: &'static [&'static str] = &[
        "bool", "number", "int", "percent", "string", "date", "duration", "version", "severity",
        "license", "url",
    ];

    /// True when values of the two types may be compared with `==`/`<`: the same type,
    /// or string-like types with each other.
    pub fn comparable_with(&self, other: &Ty) -> bool {
        if self == other || matches!(self, Ty::Error) || matches!(other, Ty::Error) {
            return true;
        }
        let stringy = |t: &Ty| matches!(t, Ty::String | Ty::Url | Ty::License);
        stringy(self) && stringy(other)
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Bool => f.write_str("bool"),
            Ty::Number => f.write_str("number"),
            Ty::Percent => f.write_str("percent"),
            Ty::String => f.write_str("string"),
            Ty::Date => f.write_str("date"),
            Ty::Duration => f.write_str("duration"),
            Ty::Version => f.write_str("version"),
            Ty::Severity => f.write_str("severity"),
            Ty::License => f.write_str("license"),
            Ty::Url => f.write_str("url"),
            Ty::Record(r) => f.write_str(r),
            Ty::List(t) => write!(f, "list<{t}>"),
            Ty::Error => f.write_str("<error>"),
        }
    }
}

/// Which evidence a field comes from: decides the `evidence` kind a clause needs and
/// whether the vendor answers it in the attestation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    Tender,
    Bid,
    Sbom,
    Vex,
    Attestation,
    Document,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Tender => "tender",
            Source::Bid => "bid",
            Source::Sbom => "sbom",
            Source::Vex => "vex",
            Source::Attestation => "attestation",
            Source::Document => "document",
        }
    }
}

/// One field of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub ty: Ty,
    /// One line for the language reference and the response template (English).
    pub doc: String,
    /// Dutch prompt for the response template (attestation fields only).
    pub doc_nl: String,
    /// An example value as it would be written in an attestation (attestation fields only).
    pub example: String,
}

/// A record type: a named set of fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub name: String,
    pub source: Source,
    pub doc: String,
    /// In declaration order.
    fields: Vec<Field>,
    /// Field name → position in `fields` (a tender may add thousands of questions to one
    /// record; lookups must not scan them).
    index: BTreeMap<String, usize>,
}

impl Record {
    /// The fields in declaration order.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.index
            .get(name)
            .and_then(|&i| self.fields.get(i))
            .filter(|f| f.name == name)
    }

    fn push(&mut self, field: Field) {
        self.index.insert(field.name.clone(), self.fields.len());
        self.fields.push(field);
    }
}

/// A root name a path may start with, and the record it denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Root {
    pub name: &'static str,
    pub record: &'static str,
}

/// The roots every tender can read.
pub const ROOTS: &[Root] = &[
    Root {
        name: "tender",
        record: "tender",
    },
    Root {
        name: "bid",
        record: "bid",
    },
    Root {
        name: "sbom",
        record: "sbom",
    },
    Root {
        name: "attestation",
        record: "attestation",
    },
    Root {
        name: "documents",
        record: "documents",
    },
];

/// The evidence kinds a clause may list after `evidence`.
pub const EVIDENCE_KINDS: &[&str] = &[
    "sbom",
    "attestation",
    "vex",
    "document",
    "pentest-report",
    "certificate",
    "signature",
];

/// Shorthand for a field with no attestation prompt.
fn f(name: &str, ty: Ty, doc: &str) -> Field {
    q(name, ty, doc, "", "")
}

/// Shorthand for an attestation field: English prompt, Dutch prompt, example answer.
fn q(name: &str, ty: Ty, doc: &str, doc_nl: &str, example: &str) -> Field {
    Field {
        name: name.to_owned(),
        ty,
        doc: doc.to_owned(),
        doc_nl: doc_nl.to_owned(),
        example: example.to_owned(),
    }
}

fn rec(name: &str, source: Source, doc: &str, fields: Vec<Field>) -> Record {
    let mut record = Record {
        name: name.to_owned(),
        source,
        doc: doc.to_owned(),
        fields: Vec::with_capacity(fields.len()),
        index: BTreeMap::new(),
    };
    for f in fields {
        record.push(f);
    }
    record
}

/// A reference to a record type.
fn r(name: &str) -> Ty {
    Ty::Record(name.to_owned())
}

/// The whole vocabulary: records by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    records: BTreeMap<String, Record>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::standard()
    }
}

impl Vocabulary {
    /// The built-in vocabulary, before any tender `question`s.
    pub fn standard() -> Vocabulary {
        let records = standard_records()
            .into_iter()
            .map(|r| (r.name.clone(), r))
            .collect();
        Vocabulary { records }
    }

    pub fn record(&self, name: &str) -> Option<&Record> {
        self.records.get(name)
    }

    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.records.values()
    }

    pub fn root(&self, name: &str) -> Option<&Record> {
        ROOTS
            .iter()
            .find(|r| r.name == name)
            .and_then(|root| self.record(root.record))
    }

    /// Adds a tender's question as a field: `segments` is the path after `attestation`
    /// (`["support", "hotline"]`). Intermediate records are created as needed and named
    /// after their path (`attestation.support`). Returns `Err` with the segment that
    /// clashes when the path runs through a non-record field or the field exists already.
    pub fn add_question(
        &mut self,
        segments: &[&str],
        ty: Ty,
        prompt_en: &str,
        prompt_nl: &str,
    ) -> Result<(), QuestionClash> {
        let Some((last, parents)) = segments.split_last() else {
            return Err(QuestionClash::Empty);
        };
        let mut record = "attestation".to_owned();
        for (i, seg) in parents.iter().enumerate() {
            let existing = self
                .record(&record)
                .and_then(|r| r.field(seg))
                .map(|f| f.ty.clone());
            record = match existing {
                Some(Ty::Record(name)) => name,
                Some(_) => return Err(QuestionClash::NotARecord(i)),
                None => {
                    let name = format!("{record}.{seg}");
                    self.records.insert(
                        name.clone(),
                        rec(&name, Source::Attestation, "", Vec::new()),
                    );
                    if let Some(parent) = self.records.get_mut(&record) {
                        parent.push(q(seg, r(&name), "", "", ""));
                    }
                    name
                }
            };
        }
        let Some(target) = self.records.get_mut(&record) else {
            return Err(QuestionClash::Empty);
        };
        if target.field(last).is_some() {
            return Err(QuestionClash::Exists);
        }
        target.push(q(last, ty, prompt_en, prompt_nl, ""));
        Ok(())
    }
}

/// Why a `question` cannot extend the vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionClash {
    Empty,
    /// The segment at this index (after `attestation`) names a field that is not a record.
    NotARecord(usize),
    Exists,
}

fn standard_records() -> Vec<Record> {
    use Source::*;
    let l = Ty::list;
    vec![
        rec(
            "tender",
            Tender,
            "The tender itself, from the `tender { … }` header.",
            vec![
                f(
                    "id",
                    Ty::String,
                    "The tender's reference, e.g. `UTR-2027-017`.",
                ),
                f("title", Ty::String, "The title in the report's language."),
                f("buyer", Ty::String, "The contracting authority."),
                f(
                    "published",
                    Ty::Date,
                    "Publication date; also the default evaluation date.",
                ),
                f("deadline", Ty::Date, "Closing date for bids."),
            ],
        ),
        rec(
            "bid",
            Bid,
            "The bid, from its `bid.yaml` manifest.",
            vec![
                f("vendor", Ty::String, "The vendor's name."),
                f("product", Ty::String, "The product offered."),
                f("version", Ty::Version, "The version offered."),
            ],
        ),
        rec(
            "sbom",
            Sbom,
            "Every SBOM in the bid, merged.",
            vec![
                f(
                    "documents",
                    l(r("sbom_document")),
                    "The SBOM files, one entry each.",
                ),
                f(
                    "components",
                    l(r("component")),
                    "Every component of every SBOM.",
                ),
                f(
                    "dependencies",
                    l(r("dependency")),
                    "The dependency graph: one entry per component that declares dependencies.",
                ),
                f(
                    "vulnerabilities",
                    l(r("vulnerability")),
                    "Vulnerabilities listed in SBOMs and VEX documents, with their VEX state.",
                ),
            ],
        ),
        rec(
            "sbom_document",
            Sbom,
            "One SBOM file.",
            vec![
                f("format", Ty::String, "`CycloneDX` or `SPDX`."),
                f(
                    "spec_version",
                    Ty::Version,
                    "The format's version, e.g. `1.6` or `2.3`.",
                ),
                f(
                    "serial",
                    Ty::String,
                    "CycloneDX `serialNumber` or SPDX `documentNamespace`.",
                ),
                f("timestamp", Ty::Date, "When the SBOM was made."),
                f("authors", l(Ty::String), "Who made the SBOM."),
                f(
                    "tools",
                    l(Ty::String),
                    "The tools that made it, `name version`.",
                ),
                f(
                    "supplier",
                    Ty::String,
                    "The supplier of the described product.",
                ),
                f(
                    "lifecycle",
                    l(Ty::String),
                    "CycloneDX lifecycle phases (`build`, `operations`…).",
                ),
                f(
                    "subject",
                    Ty::String,
                    "The name of the described component.",
                ),
                f(
                    "subject_version",
                    Ty::Version,
                    "The version of the described component.",
                ),
                f(
                    "component_count",
                    Ty::Number,
                    "How many components the file lists.",
                ),
                f("file", Ty::String, "The file's path inside the bid folder."),
            ],
        ),
        rec(
            "component",
            Sbom,
            "One component of an SBOM.",
            vec![
                f("name", Ty::String, "Component name."),
                f("group", Ty::String, "Group, namespace or Maven groupId."),
                f("version", Ty::Version, "Component version."),
                f(
                    "type",
                    Ty::String,
                    "`library`, `application`, `firmware`, `operating-system`…",
                ),
                f("purl", Ty::String, "Package URL."),
                f(
                    "ecosystem",
                    Ty::String,
                    "The purl type (`npm`, `cargo`, `maven`, `pypi`, `deb`…).",
                ),
                f("cpe", Ty::String, "CPE 2.3 name."),
                f("supplier", Ty::String, "Supplier name."),
                f("author", Ty::String, "Author or creator."),
                f(
                    "license",
                    Ty::License,
                    "The effective licence as an SPDX expression (concluded, else declared).",
                ),
                f(
                    "license_declared",
                    Ty::License,
                    "The declared licence expression.",
                ),
                f(
                    "license_concluded",
                    Ty::License,
                    "The concluded licence expression (SPDX).",
                ),
                f("hashes", l(r("hash")), "Hashes of the component."),
                f("scope", Ty::String, "`required`, `optional` or `excluded`."),
                f(
                    "bom_ref",
                    Ty::String,
                    "The component's reference inside its SBOM.",
                ),
                f(
                    "external_refs",
                    l(r("external_ref")),
                    "External references.",
                ),
                f("properties", l(r("property")), "Name/value properties."),
            ],
        ),
        rec(
            "hash",
            Sbom,
            "A digest of a component.",
            vec![
                f(
                    "alg",
                    Ty::String,
                    "Algorithm, normalised: `SHA-1`, `SHA-256`, `SHA-384`, `SHA-512`, `SHA3-256`, `BLAKE2b-256`…",
                ),
                f("value", Ty::String, "Hex digest, lowercase."),
            ],
        ),
        rec(
            "external_ref",
            Sbom,
            "An external reference of a component.",
            vec![
                f(
                    "type",
                    Ty::String,
                    "CycloneDX type (`vcs`, `website`, `security-contact`, `rfc-9116`…) or SPDX category.",
                ),
                f("url", Ty::Url, "The reference's location."),
            ],
        ),
        rec(
            "property",
            Sbom,
            "A name/value property.",
            vec![
                f("name", Ty::String, "Property name."),
                f("value", Ty::String, "Property value."),
            ],
        ),
        rec(
            "dependency",
            Sbom,
            "A dependency-graph entry.",
            vec![
                f("ref", Ty::String, "The depending component's reference."),
                f("depends_on", l(Ty::String), "References it depends on."),
            ],
        ),
        rec(
            "vulnerability",
            Vex,
            "A known vulnerability in the product, with its VEX assessment.",
            vec![
                f("id", Ty::String, "CVE, GHSA or other identifier."),
                f(
                    "source",
                    Ty::String,
                    "Who published it (NVD, GitHub, OSV…).",
                ),
                f("severity", Ty::Severity, "Highest severity given."),
                f(
                    "score",
                    Ty::Number,
                    "Highest CVSS base score given (EPSS and other methods not counted).",
                ),
                f(
                    "affects",
                    l(Ty::String),
                    "References of the affected components.",
                ),
                f(
                    "state",
                    Ty::String,
                    "VEX state: `affected`, `not_affected`, `fixed`, `under_investigation`, or `unknown`.",
                ),
                f(
                    "justification",
                    Ty::String,
                    "VEX justification when not affected.",
                ),
                f(
                    "known_exploited",
                    Ty::Bool,
                    "Listed in CISA's Known Exploited Vulnerabilities catalog: a CycloneDX rating whose source is the KEV catalog, as Grype writes it. Unknown when the SBOM or VEX has no such rating.",
                ),
                f("published", Ty::Date, "Publication date."),
            ],
        ),
        rec(
            "documents",
            Document,
            "Documents in the bid (PDF reports, certificates).",
            vec![
                f("all", l(r("document")), "Every document."),
                f(
                    "pentest_report",
                    r("document"),
                    "The penetration-test report named by the attestation.",
                ),
            ],
        ),
        rec(
            "document",
            Document,
            "One document file.",
            vec![
                f(
                    "kind",
                    Ty::String,
                    "The kind from the manifest (`pentest-report`, `certificate`…).",
                ),
                f("file", Ty::String, "Path inside the bid folder."),
                f("sha256", Ty::String, "SHA-256 of the file, lowercase hex."),
                f("pages", Ty::Number, "Number of pages (PDF)."),
                f("title", Ty::String, "Title from the document information."),
                f(
                    "author",
                    Ty::String,
                    "Author from the document information.",
                ),
                f(
                    "created",
                    Ty::Date,
                    "Creation date from the document information (the author's calendar date).",
                ),
                f(
                    "has_text",
                    Ty::Bool,
                    "Whether a page has extractable text (searched on the first 20 pages); false for a scan without text.",
                ),
                f(
                    "encrypted",
                    Ty::Bool,
                    "Whether the PDF is encrypted; one that needs a password has no other fields.",
                ),
            ],
        ),
        rec(
            "attestation",
            Attestation,
            "The vendor's answers to the tender's questions.",
            vec![
                q(
                    "support",
                    r("attestation.support"),
                    "Support period and security updates.",
                    "Ondersteuningsperiode en beveiligingsupdates.",
                    "",
                ),
                q(
                    "credentials",
                    r("attestation.credentials"),
                    "Passwords and authentication.",
                    "Wachtwoorden en authenticatie.",
                    "",
                ),
                q(
                    "updates",
                    r("attestation.updates"),
                    "How updates reach the product.",
                    "Hoe updates het product bereiken.",
                    "",
                ),
                q(
                    "disclosure",
                    r("attestation.disclosure"),
                    "Coordinated vulnerability disclosure.",
                    "Coordinated vulnerability disclosure.",
                    "",
                ),
                q(
                    "pentest",
                    r("attestation.pentest"),
                    "The latest independent penetration test.",
                    "De laatste onafhankelijke penetratietest.",
                    "",
                ),
                q(
                    "certifications",
                    l(r("certification")),
                    "Certifications of the product or the vendor.",
                    "Certificeringen van het product of de leverancier.",
                    "",
                ),
                q(
                    "sbom",
                    r("attestation.sbom"),
                    "SBOM delivery commitments.",
                    "Toezeggingen over de levering van SBOM's.",
                    "",
                ),
                q(
                    "contact",
                    r("attestation.contact"),
                    "The vendor's security contact.",
                    "Het beveiligingscontact van de leverancier.",
                    "",
                ),
            ],
        ),
        rec(
            "attestation.support",
            Attestation,
            "",
            vec![
                q(
                    "end",
                    Ty::Date,
                    "Until which date are security updates provided?",
                    "Tot welke datum worden beveiligingsupdates geleverd?",
                    "2032-01-31",
                ),
                q(
                    "policy_url",
                    Ty::Url,
                    "Where is the support period published?",
                    "Waar is de ondersteuningsperiode gepubliceerd?",
                    "https://vendor.example/support",
                ),
                q(
                    "response_days",
                    Ty::Number,
                    "Within how many days is a critical vulnerability patched?",
                    "Binnen hoeveel dagen wordt een kritieke kwetsbaarheid verholpen?",
                    "14",
                ),
            ],
        ),
        rec(
            "attestation.credentials",
            Attestation,
            "",
            vec![
                q(
                    "universal_default_password",
                    Ty::Bool,
                    "Does the product ship with a password that is the same on every unit?",
                    "Wordt het product geleverd met een wachtwoord dat op elk exemplaar gelijk is?",
                    "false",
                ),
                q(
                    "unique_per_device",
                    Ty::Bool,
                    "Are factory passwords unique per device?",
                    "Zijn fabriekswachtwoorden uniek per apparaat?",
                    "true",
                ),
                q(
                    "brute_force_protection",
                    Ty::Bool,
                    "Is authentication protected against brute-force attempts?",
                    "Is de authenticatie beschermd tegen brute-force-pogingen?",
                    "true",
                ),
                q(
                    "mfa",
                    Ty::Bool,
                    "Does administrative access support multi-factor authentication?",
                    "Ondersteunt beheertoegang meerfactorauthenticatie?",
                    "true",
                ),
            ],
        ),
        rec(
            "attestation.updates",
            Attestation,
            "",
            vec![
                q(
                    "mechanism",
                    Ty::String,
                    "How are updates delivered (e.g. `automatic`, `manual`, `managed`)?",
                    "Hoe worden updates geleverd (bijv. `automatic`, `manual`, `managed`)?",
                    "automatic",
                ),
                q(
                    "automatic",
                    Ty::Bool,
                    "Are security updates installed automatically by default?",
                    "Worden beveiligingsupdates standaard automatisch geïnstalleerd?",
                    "true",
                ),
                q(
                    "signed",
                    Ty::Bool,
                    "Are updates cryptographically signed and verified before install?",
                    "Worden updates cryptografisch ondertekend en vóór installatie geverifieerd?",
                    "true",
                ),
                q(
                    "separate_security_updates",
                    Ty::Bool,
                    "Can security updates be installed apart from feature updates?",
                    "Kunnen beveiligingsupdates los van functionele updates worden geïnstalleerd?",
                    "true",
                ),
            ],
        ),
        rec(
            "attestation.disclosure",
            Attestation,
            "",
            vec![
                q(
                    "policy_url",
                    Ty::Url,
                    "Where is the vulnerability disclosure policy published?",
                    "Waar is het beleid voor coordinated vulnerability disclosure gepubliceerd?",
                    "https://vendor.example/security/policy",
                ),
                q(
                    "security_txt",
                    Ty::Url,
                    "Where is the security.txt (RFC 9116)?",
                    "Waar staat de security.txt (RFC 9116)?",
                    "https://vendor.example/.well-known/security.txt",
                ),
                q(
                    "contact",
                    Ty::String,
                    "Which address receives vulnerability reports?",
                    "Op welk adres worden kwetsbaarheden gemeld?",
                    "security@vendor.example",
                ),
                q(
                    "csaf_provider",
                    Ty::Url,
                    "Where is the CSAF provider metadata, if any?",
                    "Waar staat de CSAF-providermetadata, indien aanwezig?",
                    "https://vendor.example/.well-known/csaf/provider-metadata.json",
                ),
            ],
        ),
        rec(
            "attestation.pentest",
            Attestation,
            "",
            vec![
                q(
                    "date",
                    Ty::Date,
                    "When did the latest independent penetration test end?",
                    "Wanneer eindigde de laatste onafhankelijke penetratietest?",
                    "2026-10-01",
                ),
                q(
                    "scope",
                    Ty::String,
                    "What did the test cover?",
                    "Wat omvatte de test?",
                    "firmware, web interface, cloud API",
                ),
                q(
                    "independent",
                    Ty::Bool,
                    "Was the tester independent of the vendor?",
                    "Was de tester onafhankelijk van de leverancier?",
                    "true",
                ),
                q(
                    "tester",
                    Ty::String,
                    "Who performed the test?",
                    "Wie heeft de test uitgevoerd?",
                    "Example Security B.V.",
                ),
                q(
                    "report",
                    Ty::String,
                    "Which file in the bid is the report?",
                    "Welk bestand in de inschrijving is het rapport?",
                    "reports/pentest-2026.pdf",
                ),
                q(
                    "open_critical",
                    Ty::Number,
                    "How many critical findings are still open?",
                    "Hoeveel kritieke bevindingen staan nog open?",
                    "0",
                ),
            ],
        ),
        rec(
            "certification",
            Attestation,
            "A certification.",
            vec![
                q(
                    "name",
                    Ty::String,
                    "Name of the certification (e.g. `ISO/IEC 27001`).",
                    "Naam van de certificering (bijv. `ISO/IEC 27001`).",
                    "ISO/IEC 27001",
                ),
                q(
                    "issuer",
                    Ty::String,
                    "Who issued it?",
                    "Wie heeft het afgegeven?",
                    "Example Certification B.V.",
                ),
                q(
                    "valid_until",
                    Ty::Date,
                    "Until when is it valid?",
                    "Tot wanneer is het geldig?",
                    "2028-05-31",
                ),
                q(
                    "scope",
                    Ty::String,
                    "What does it cover?",
                    "Waarop heeft het betrekking?",
                    "development and support of the product",
                ),
            ],
        ),
        rec(
            "attestation.sbom",
            Attestation,
            "",
            vec![
                q(
                    "every_release",
                    Ty::Bool,
                    "Is an SBOM delivered with every release?",
                    "Wordt bij elke release een SBOM geleverd?",
                    "true",
                ),
                q(
                    "format",
                    Ty::String,
                    "In which format (`CycloneDX` or `SPDX`)?",
                    "In welk formaat (`CycloneDX` of `SPDX`)?",
                    "CycloneDX",
                ),
                q(
                    "vex",
                    Ty::Bool,
                    "Are VEX statements published for known vulnerabilities?",
                    "Worden VEX-verklaringen gepubliceerd voor bekende kwetsbaarheden?",
                    "true",
                ),
            ],
        ),
        rec(
            "attestation.contact",
            Attestation,
            "",
            vec![
                q(
                    "name",
                    Ty::String,
                    "Name of the security contact.",
                    "Naam van het beveiligingscontact.",
                    "Jan Jansen",
                ),
                q(
                    "email",
                    Ty::String,
                    "Email address of the security contact.",
                    "E-mailadres van het beveiligingscontact.",
                    "security@vendor.example",
                ),
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_reference_resolves() {
        let v = Vocabulary::standard();
        for r in v.records() {
            for f in &r.fields {
                let mut t = &f.ty;
                while let Ty::List(inner) = t {
                    t = inner;
                }
                if let Ty::Record(name) = t {
                    assert!(v.record(name).is_some(), "{}.{} -> {name}", r.name, f.name);
                }
            }
        }
        for root in ROOTS {
            assert!(v.root(root.name).is_some(), "{}", root.name);
        }
    }

    #[test]
    fn questions_extend_the_attestation() {
        let mut v = Vocabulary::standard();
        v.add_question(&["support", "hotline"], Ty::Url, "Hotline?", "Hotline?")
            .unwrap();
        v.add_question(&["cloud", "region"], Ty::String, "Region?", "Regio?")
            .unwrap();
        assert_eq!(
            v.record("attestation.support")
                .unwrap()
                .field("hotline")
                .unwrap()
                .ty,
            Ty::Url
        );
        assert!(v.record("attestation.cloud").is_some());
        assert_eq!(
            v.add_question(&["support", "end"], Ty::Date, "", ""),
            Err(QuestionClash::Exists)
        );
        assert_eq!(
            v.add_question(&["support", "end", "x"], Ty::Date, "", ""),
            Err(QuestionClash::NotARecord(1))
        );
    }

    #[test]
    fn type_names_round_trip() {
        for n in Ty::SCALAR_NAMES {
            let t = Ty::from_name(n).unwrap();
            if *n != "int" {
                assert_eq!(t.to_string(), *n);
            }
        }
        assert_eq!(Ty::from_name("list<date>"), Some(Ty::list(Ty::Date)));
    }
}
