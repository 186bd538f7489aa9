//! SPDX 2.2/2.3 tag-value: a line reader that fills the same [`RawDoc`] as the JSON reader,
//! with line numbers as locators, then validates and normalises it in [`super::spdx`].
//!
//! Lines are `Tag: value`; `#` starts a comment; a value may be `<text>…</text>` spanning
//! lines. Tags apply to the section opened last (`PackageName` opens a package, `FileName`
//! a file, `SnippetSPDXID` a snippet, `LicenseID` an extracted licence, `Annotator` an
//! annotation), so `SPDXID` after `PackageName` is that package's id.
//! Errors: a line with no `:` (with its line number), an unterminated `<text>`, a package
//! tag outside a package, a value longer than `max_string_bytes`. Unknown tags are a
//! warning (`spdx-unknown-tag`); tags we know but do not use are skipped quietly.
//! It never panics: no indexing, every malformed line becomes a diagnostic.

use std::sync::Arc;

use super::SbomLoad;
use super::spdx::{self, Field, RawChecksum, RawDoc, RawPackage, RawRef, RawRelationship};
use crate::diag::{Code, Diagnostic};
use crate::evidence::json;
use crate::evidence::model::{Locator, Provenance, SbomFormat};
use crate::limits::Limits;

/// A line that is not `Tag: value`, or an unterminated `<text>`.
pub const SYNTAX: Code = Code("spdx-syntax");
/// A tag this reader does not know.
pub const UNKNOWN_TAG: Code = Code("spdx-unknown-tag");

/// Tags of SPDX 2.x we recognise but do not use.
const IGNORED: &[&str] = &[
    "DocumentComment",
    "ExternalDocumentRef",
    "CreatorComment",
    "LicenseListVersion",
    "AnnotationDate",
    "AnnotationComment",
    "AnnotationType",
    "SPDXREF",
    "FileComment",
    "FileType",
    "FileChecksum",
    "LicenseConcluded",
    "LicenseInfoInFile",
    "LicenseComments",
    "FileCopyrightText",
    "FileNotice",
    "FileContributor",
    "FileAttributionText",
    "FileDependency",
    "ArtifactOfProjectName",
    "ArtifactOfProjectHomePage",
    "ArtifactOfProjectURI",
    "PackageFileName",
    "PackageDownloadLocation",
    "PackageVerificationCode",
    "PackageHomePage",
    "PackageSourceInfo",
    "PackageLicenseInfoFromFiles",
    "PackageLicenseComments",
    "PackageCopyrightText",
    "PackageSummary",
    "PackageDescription",
    "PackageComment",
    "PackageAttributionText",
    "ExternalRefComment",
    "FilesAnalyzed",
    "BuiltDate",
    "ReleaseDate",
    "ValidUntilDate",
    "SnippetFromFileSPDXID",
    "SnippetByteRange",
    "SnippetLineRange",
    "SnippetLicenseConcluded",
    "LicenseInfoInSnippet",
    "SnippetLicenseComments",
    "SnippetCopyrightText",
    "SnippetComment",
    "SnippetName",
    "SnippetAttributionText",
    "ExtractedText",
    "LicenseName",
    "LicenseCrossReference",
    "LicenseComment",
    "RelationshipComment",
    "Reviewer",
    "ReviewDate",
    "ReviewComment",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Document,
    Package,
    File,
    Other,
}

/// Loads an SPDX tag-value document.
pub fn load(name: &str, bytes: &[u8], limits: &Limits) -> Result<SbomLoad, Vec<Diagnostic>> {
    let file: &Arc<str> = &Arc::from(name);
    let text = json::prepare(file, bytes, limits).map_err(|d| vec![*d])?;
    let mut r = Reader {
        file,
        limits,
        raw: RawDoc {
            at: Some(Locator::Line(1)),
            ..RawDoc::default()
        },
        section: Section::Document,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    r.read(text);
    if let Some(v) = r
        .raw
        .spdx_version
        .as_ref()
        .filter(|v| v.value.trim().starts_with("SPDX-3"))
    {
        return Err(vec![spdx::unsupported(
            file,
            &v.value,
            v.at.clone().unwrap_or(Locator::Line(1)),
        )]);
    }
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    let mut load = spdx::normalise(file, SbomFormat::SpdxTagValue, r.raw, limits)?;
    r.warnings.append(&mut load.warnings);
    load.warnings = r.warnings;
    Ok(load)
}

/// True when the first significant line is `SPDXVersion:`.
pub fn sniff(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    String::from_utf8_lossy(head)
        .lines()
        .map(|l| l.trim().trim_start_matches('\u{feff}'))
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.starts_with("SPDXVersion:"))
}

struct Reader<'a> {
    file: &'a Arc<str>,
    limits: &'a Limits,
    raw: RawDoc,
    section: Section,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

fn line_no(i: usize) -> u32 {
    u32::try_from(i + 1).unwrap_or(u32::MAX)
}

impl Reader<'_> {
    fn at(&self, line: u32) -> crate::diag::Location {
        Provenance::new(self.file, Locator::Line(line)).location()
    }

    fn read(&mut self, text: &str) {
        let mut lines = text.lines().enumerate();
        while let Some((i, line)) = lines.next() {
            let n = line_no(i);
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let Some((tag, value)) = trimmed.split_once(':') else {
                let d = Diagnostic::error(SYNTAX, format!("line {n} is not `Tag: value`"))
                    .at(self.at(n))
                    .with_help("every line of SPDX tag-value is a tag, a colon and a value");
                self.errors.push(d);
                continue;
            };
            let tag = tag.trim();
            if tag.is_empty() || !tag.chars().all(|c| c.is_ascii_alphanumeric()) {
                let shown = spdx::esc(&tag.chars().take(40).collect::<String>());
                let d = Diagnostic::error(
                    SYNTAX,
                    format!("line {n} has no valid tag before `:` (found `{shown}`)"),
                )
                .at(self.at(n));
                self.errors.push(d);
                continue;
            }
            let Some(value) = self.value(value.trim(), n, &mut lines) else {
                continue;
            };
            if value.len() > self.limits.max_string_bytes {
                let d = Diagnostic::error(
                    json::LIMIT_EXCEEDED,
                    format!(
                        "the value of `{tag}` is longer than {} bytes",
                        self.limits.max_string_bytes
                    ),
                )
                .at(self.at(n));
                self.errors.push(d);
                continue;
            }
            self.tag(tag, value, n);
        }
    }

    /// The value, reading on to `</text>` for multi-line text; `None` after an error.
    fn value<'t>(
        &mut self,
        first: &'t str,
        n: u32,
        lines: &mut impl Iterator<Item = (usize, &'t str)>,
    ) -> Option<String> {
        let Some(open) = first.strip_prefix("<text>") else {
            return Some(first.to_owned());
        };
        if let Some((inner, _)) = open.split_once("</text>") {
            return Some(inner.to_owned());
        }
        let mut acc = open.to_owned();
        for (_, line) in lines.by_ref() {
            acc.push('\n');
            if let Some((inner, _)) = line.split_once("</text>") {
                acc.push_str(inner);
                return Some(acc);
            }
            acc.push_str(line);
            if acc.len() > self.limits.max_string_bytes {
                break;
            }
        }
        let d = Diagnostic::error(
            SYNTAX,
            format!("the `<text>` opened on line {n} is never closed"),
        )
        .at(self.at(n))
        .with_help("end multi-line values with `</text>`");
        self.errors.push(d);
        None
    }

    fn package(&mut self, tag: &str, n: u32) -> Option<&mut RawPackage> {
        if self.section != Section::Package {
            let d = Diagnostic::error(
                SYNTAX,
                format!("`{tag}` on line {n} is not inside a package"),
            )
            .at(self.at(n))
            .with_help("package fields follow a `PackageName:` line");
            self.errors.push(d);
            return None;
        }
        self.raw.packages.last_mut()
    }

    fn tag(&mut self, tag: &str, value: String, n: u32) {
        let at = Locator::Line(n);
        let field = || Field::new(value.clone(), at.clone());
        match tag {
            "SPDXVersion" => self.raw.spdx_version = Some(field()),
            "DataLicense" => self.raw.data_license = Some(field()),
            "DocumentNamespace" => self.raw.namespace = Some(field()),
            "DocumentName" => self.raw.name = Some(field()),
            "Creator" => self.raw.creators.push(field()),
            "Created" => self.raw.created = Some(field()),
            "SPDXID" => self.spdxid(field()),
            "Relationship" => self.relationship(&value, at),
            "PackageName" => {
                self.section = Section::Package;
                let name = field();
                self.raw.packages.push(RawPackage {
                    at: Some(at),
                    name: Some(name),
                    ..RawPackage::default()
                });
            }
            "FileName" => self.section = Section::File,
            "SnippetSPDXID" => {
                self.section = Section::Other;
                self.raw.elements.push(field());
            }
            "LicenseID" | "Annotator" => self.section = Section::Other,
            _ => self.package_tag(tag, value, n),
        }
    }

    fn spdxid(&mut self, id: Field) {
        match self.section {
            Section::Document if self.raw.spdxid.is_none() => self.raw.spdxid = Some(id),
            Section::Package => match self.raw.packages.last_mut() {
                Some(p) if p.spdxid.is_none() => p.spdxid = Some(id),
                _ => self.raw.elements.push(id),
            },
            _ => self.raw.elements.push(id),
        }
    }

    fn relationship(&mut self, value: &str, at: Locator) {
        let parts: Vec<&str> = value.split_whitespace().collect();
        if let [from, kind, to] = parts.as_slice() {
            self.raw.relationships.push(RawRelationship {
                from: (*from).to_owned(),
                kind: (*kind).to_owned(),
                to: (*to).to_owned(),
                at: Some(at),
            });
        } else {
            let d = Diagnostic::error(SYNTAX, "a relationship must be `ELEMENT TYPE ELEMENT`")
                .at(Provenance::new(self.file, at).location());
            self.errors.push(d);
        }
    }

    fn package_tag(&mut self, tag: &str, value: String, n: u32) {
        let at = Locator::Line(n);
        match tag {
            "PackageVersion" => self
                .package(tag, n)
                .into_iter()
                .for_each(|p| p.version = Some(value.clone())),
            "PackageSupplier" => self
                .package(tag, n)
                .into_iter()
                .for_each(|p| p.supplier = Some(value.clone())),
            "PackageOriginator" => self
                .package(tag, n)
                .into_iter()
                .for_each(|p| p.originator = Some(value.clone())),
            "PrimaryPackagePurpose" => self
                .package(tag, n)
                .into_iter()
                .for_each(|p| p.purpose = Some(value.clone())),
            "PackageLicenseConcluded" => self
                .package(tag, n)
                .into_iter()
                .for_each(|p| p.license_concluded = Some(Field::new(value.clone(), at.clone()))),
            "PackageLicenseDeclared" => self
                .package(tag, n)
                .into_iter()
                .for_each(|p| p.license_declared = Some(Field::new(value.clone(), at.clone()))),
            "PackageChecksum" => {
                let (alg, digest) = value.split_once(':').unwrap_or(("", value.as_str()));
                let ck = RawChecksum {
                    alg: alg.trim().to_owned(),
                    value: digest.trim().to_owned(),
                    at: Some(at),
                };
                self.package(tag, n)
                    .into_iter()
                    .for_each(|p| p.checksums.push(ck.clone()));
            }
            "ExternalRef" => {
                let mut parts = value.split_whitespace();
                let r = RawRef {
                    category: parts.next().unwrap_or("").to_owned(),
                    kind: parts.next().unwrap_or("").to_owned(),
                    locator: parts.collect::<Vec<_>>().join(" "),
                };
                self.package(tag, n)
                    .into_iter()
                    .for_each(|p| p.refs.push(r.clone()));
            }
            t if IGNORED.contains(&t) => {}
            _ => {
                let shown = spdx::esc(&tag.chars().take(40).collect::<String>());
                let d = Diagnostic::warning(
                    UNKNOWN_TAG,
                    format!("unknown tag `{shown}` on line {n} was skipped"),
                )
                .at(self.at(n));
                self.warnings.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<SbomLoad, Vec<Diagnostic>> {
        load("s.spdx", text.as_bytes(), &Limits::default())
    }

    const DOC: &str = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: x\nDocumentNamespace: https://x.example/1\nCreator: Tool: t\nCreated: 2024-01-02T00:00:00Z\n";

    #[test]
    fn packages_and_multiline_text() {
        let text = format!(
            "{DOC}\nPackageName: a\nSPDXID: SPDXRef-a\nPackageVersion: 1.0\nPackageDescription: <text>two\nlines</text>\nPackageLicenseDeclared: MIT\nExternalRef: PACKAGE-MANAGER purl pkg:npm/a@1.0\n"
        );
        let l = run(&text).unwrap();
        assert_eq!(l.components.len(), 1);
        assert_eq!(l.components[0].purl.as_deref(), Some("pkg:npm/a@1.0"));
        assert_eq!(l.components[0].ecosystem.as_deref(), Some("npm"));
        assert_eq!(l.document.spec_version, "2.3");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let e = run(&format!("{DOC}this line has no colon\n")).unwrap_err();
        assert_eq!(e[0].code, SYNTAX);
        assert!(e[0].message.contains("line 8"), "{}", e[0].message);
        let e = run(&format!(
            "{DOC}PackageName: a\nPackageComment: <text>never closed\n"
        ))
        .unwrap_err();
        assert!(e[0].message.contains("line 9"), "{}", e[0].message);
        let e = run(&format!("{DOC}PackageVersion: 1\n")).unwrap_err();
        assert_eq!(e[0].code, SYNTAX);
    }

    #[test]
    fn unknown_tags_warn() {
        let l = run(&format!("{DOC}Frobnicate: yes\n")).unwrap();
        assert_eq!(l.warnings[0].code, UNKNOWN_TAG);
    }

    #[test]
    fn dangling_and_duplicate_ids() {
        let text = format!(
            "{DOC}PackageName: a\nSPDXID: SPDXRef-a\nPackageName: b\nSPDXID: SPDXRef-a\nRelationship: SPDXRef-a DEPENDS_ON SPDXRef-zz\n"
        );
        let codes: Vec<_> = run(&text).unwrap_err().iter().map(|d| d.code).collect();
        assert!(codes.contains(&spdx::DUPLICATE_SPDXID), "{codes:?}");
        assert!(codes.contains(&spdx::DANGLING_REF), "{codes:?}");
    }
}
