//! CycloneDX XML 1.4–1.7: bytes → [`SbomLoad`], through the same raw shape and checks as
//! the JSON reader, so both encodings of one SBOM give the same model.
//!
//! Parsing is roxmltree's: DTDs are refused (no entity expansion, no billion laughs, no
//! external entities) and the node count is bounded. The root's namespace
//! (`http://cyclonedx.org/schema/bom/1.x`) decides the version. Elements of other namespaces
//! (extensions) are ignored. Pointers in diagnostics are those of the equivalent JSON
//! document; elements repeated where the schema allows one are reported with `line:column`.
//!
//! It does not validate against the XSD; the conformance test holds it to the fixtures.

use roxmltree::{Document, Node, ParsingOptions};

use crate::diag::{Code, Diagnostic, Location};
use crate::evidence::json;
use crate::evidence::load::SbomLoad;
use crate::evidence::load::cyclonedx::{self as cdx, *};
use crate::evidence::model::SbomFormat;
use crate::limits::Limits;

pub const INVALID_XML: Code = Code("invalid-xml");
const NS_PREFIX: &str = "http://cyclonedx.org/schema/bom/";

/// True when the bytes look like CycloneDX XML.
pub fn sniff(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let head = String::from_utf8_lossy(head);
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('<') && t.contains("<bom") && t.contains(NS_PREFIX)
}

/// Loads one CycloneDX XML file.
pub fn load(file: &str, bytes: &[u8], limits: &Limits) -> Result<SbomLoad, Vec<Diagnostic>> {
    let text = json::prepare(file, bytes, limits).map_err(|d| vec![*d])?;
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: u32::try_from(limits.max_components.saturating_mul(64)).unwrap_or(u32::MAX),
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, opts).map_err(|e| vec![xml_error(file, &e)])?;
    let root = doc.root_element();
    let spec = version(file, root)?;
    cdx::check_version(file, &spec, "/specVersion").map_err(|d| vec![*d])?;
    let mut b = Builder {
        file,
        doc: &doc,
        errors: Vec::new(),
        depth_limit: limits.max_depth,
    };
    let bom = b.bom(root, spec);
    let loaded = cdx::normalise(file, SbomFormat::CycloneDxXml, &bom, None, limits);
    match (b.errors.is_empty(), loaded) {
        (true, r) => r,
        (false, Ok(_)) => Err(b.errors),
        (false, Err(mut e)) => {
            b.errors.append(&mut e);
            Err(b.errors)
        }
    }
}

fn xml_error(file: &str, e: &roxmltree::Error) -> Diagnostic {
    let pos = e.pos();
    let (msg, help) = match e {
        roxmltree::Error::DtdDetected => (
            "the XML has a document type declaration (DTD), which is refused".to_owned(),
            "CycloneDX XML needs no DTD; remove the `<!DOCTYPE …>` (DTDs allow entity-expansion attacks)",
        ),
        roxmltree::Error::NodesLimitReached => (
            "the XML has more nodes than the limit".to_owned(),
            "split the SBOM, or raise the component limit",
        ),
        _ => (
            format!("invalid XML: {e}"),
            "check that the file is complete, well-formed XML",
        ),
    };
    Diagnostic::error(INVALID_XML, msg)
        .at(Location::Pointer {
            file: file.to_owned(),
            pointer: String::new(),
            line_col: Some((pos.row, pos.col)),
        })
        .with_help(help)
}

/// The spec version from the root element's namespace.
fn version(file: &str, root: Node<'_, '_>) -> Result<String, Vec<Diagnostic>> {
    let ns = root.tag_name().namespace().unwrap_or_default();
    match ns.strip_prefix(NS_PREFIX) {
        Some(v) if root.tag_name().name() == "bom" && !v.is_empty() => Ok(v.to_owned()),
        _ => Err(vec![
            Diagnostic::error(
                cdx::NOT_CYCLONEDX,
                format!(
                    "the root element is not a CycloneDX `bom` (namespace `{}`)",
                    crate::report::escape::terminal(ns)
                ),
            )
            .at(Location::file(file))
            .with_help(
                "CycloneDX XML starts with `<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">`",
            ),
        ]),
    }
}

/// Builds the raw shape from the element tree.
struct Builder<'a, 'i> {
    file: &'a str,
    doc: &'a Document<'i>,
    errors: Vec<Diagnostic>,
    depth_limit: usize,
}

type N<'a, 'i> = Node<'a, 'i>;

fn is_cdx(n: &N<'_, '_>) -> bool {
    n.is_element()
        && n.tag_name()
            .namespace()
            .is_some_and(|ns| ns.starts_with(NS_PREFIX))
}

fn children<'a, 'i>(n: N<'a, 'i>, name: &'static str) -> impl Iterator<Item = N<'a, 'i>> {
    n.children()
        .filter(move |c| is_cdx(c) && c.tag_name().name() == name)
}

fn attr<'a>(n: N<'a, '_>, name: &str) -> Option<S<'a>> {
    n.attribute(name).map(S::from)
}

fn text_of(n: N<'_, '_>) -> S<'static> {
    let s: String = n
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    match s.trim() {
        t if t.len() == s.len() => S::from(s),
        t => S::from(t.to_owned()),
    }
}

impl<'a, 'i> Builder<'a, 'i> {
    /// The single child element `name`; repeats are reported.
    fn one(&mut self, n: N<'a, 'i>, name: &'static str) -> Option<N<'a, 'i>> {
        let mut it = children(n, name);
        let first = it.next()?;
        if let Some(second) = it.next() {
            let pos = self.doc.text_pos_at(second.range().start);
            self.errors.push(
                Diagnostic::error(
                    cdx::UNEXPECTED_FIELD,
                    format!("the element `{name}` may appear only once here"),
                )
                .at(Location::Pointer {
                    file: self.file.to_owned(),
                    pointer: String::new(),
                    line_col: Some((pos.row, pos.col)),
                }),
            );
        }
        Some(first)
    }

    fn text(&mut self, n: N<'a, 'i>, name: &'static str) -> Option<S<'a>> {
        self.one(n, name).map(text_of)
    }

    /// Items of a wrapper element: `<hashes><hash/>…</hashes>`.
    fn list<T>(
        &mut self,
        n: N<'a, 'i>,
        wrapper: &'static str,
        item: &'static str,
        mut f: impl FnMut(&mut Self, N<'a, 'i>) -> T,
    ) -> Option<Vec<T>> {
        let w = self.one(n, wrapper)?;
        Some(children(w, item).map(|c| f(self, c)).collect())
    }

    fn bom(&mut self, root: N<'a, 'i>, spec: String) -> RawBom<'a> {
        RawBom {
            bom_format: Some("CycloneDX".into()),
            spec_version: Some(spec.into()),
            serial_number: attr(root, "serialNumber"),
            metadata: self.one(root, "metadata").map(|m| self.metadata(m)),
            components: self.list(root, "components", "component", |b, c| b.component(c, 1)),
            services: self.list(root, "services", "service", Self::service),
            dependencies: self.list(root, "dependencies", "dependency", |_, d| RawDependency {
                reference: attr(d, "ref"),
                depends_on: Some(
                    children(d, "dependency")
                        .filter_map(|x| attr(x, "ref"))
                        .collect(),
                ),
            }),
            vulnerabilities: self.list(
                root,
                "vulnerabilities",
                "vulnerability",
                Self::vulnerability,
            ),
            citations: self.list(root, "citations", "citation", |b, c| RawCitation {
                bom_ref: attr(c, "bom-ref"),
                attributed_to: b.text(c, "attributedTo"),
                process: b.text(c, "process"),
            }),
        }
    }

    fn metadata(&mut self, m: N<'a, 'i>) -> RawMetadata<'a> {
        const KNOWN: &[&str] = &[
            "timestamp",
            "lifecycles",
            "tools",
            "authors",
            "component",
            "manufacture",
            "manufacturer",
            "supplier",
            "licenses",
            "properties",
            "distributionConstraints",
        ];
        for x in m.children().filter(is_cdx) {
            let name = x.tag_name().name();
            if !KNOWN.contains(&name) {
                let pos = self.doc.text_pos_at(x.range().start);
                self.errors.push(
                    Diagnostic::error(
                        cdx::UNEXPECTED_FIELD,
                        format!("`{name}` is not a metadata element"),
                    )
                    .at(Location::Pointer {
                        file: self.file.to_owned(),
                        pointer: "/metadata".to_owned(),
                        line_col: Some((pos.row, pos.col)),
                    }),
                );
            }
        }
        RawMetadata {
            timestamp: self.text(m, "timestamp"),
            lifecycles: self.list(m, "lifecycles", "lifecycle", |b, l| RawLifecycle {
                phase: b.text(l, "phase"),
                name: b.text(l, "name"),
            }),
            tools: self.one(m, "tools").map(|t| self.tools(t)),
            authors: self.list(m, "authors", "author", Self::entity),
            component: self.one(m, "component").map(|c| self.component(c, 1)),
            supplier: self.one(m, "supplier").map(|s| self.entity(s)),
            licenses: self.one(m, "licenses").map(|l| self.licenses(l)),
            properties: self.properties(m),
            ..RawMetadata::default()
        }
    }

    fn tools(&mut self, t: N<'a, 'i>) -> RawTools<'a> {
        let legacy: Vec<RawTool<'a>> = children(t, "tool").map(|x| self.tool(x)).collect();
        if !legacy.is_empty() {
            return RawTools::Legacy(legacy);
        }
        RawTools::Modern {
            components: self
                .list(t, "components", "component", Self::tool)
                .unwrap_or_default(),
            services: self
                .list(t, "services", "service", Self::tool)
                .unwrap_or_default(),
        }
    }

    fn tool(&mut self, t: N<'a, 'i>) -> RawTool<'a> {
        RawTool {
            vendor: self.text(t, "vendor"),
            group: self.text(t, "group"),
            name: self.text(t, "name"),
            version: self.text(t, "version"),
        }
    }

    fn entity(&mut self, e: N<'a, 'i>) -> RawEntity<'a> {
        RawEntity {
            name: self.text(e, "name"),
            email: self.text(e, "email"),
        }
    }

    fn component(&mut self, c: N<'a, 'i>, depth: usize) -> RawComponent<'a> {
        let nested = if depth < self.depth_limit {
            self.list(c, "components", "component", |b, x| {
                b.component(x, depth + 1)
            })
        } else {
            None
        };
        RawComponent {
            kind: attr(c, "type"),
            bom_ref: attr(c, "bom-ref"),
            supplier: self.one(c, "supplier").map(|s| self.entity(s)),
            author: self.text(c, "author"),
            authors: self.list(c, "authors", "author", Self::entity),
            group: self.text(c, "group"),
            name: self.text(c, "name"),
            version: self.text(c, "version"),
            version_range: self.text(c, "versionRange"),
            is_external: c.attribute("isExternal").map(|v| v == "true" || v == "1"),
            scope: self.text(c, "scope"),
            hashes: self.list(c, "hashes", "hash", |_, h| RawHash {
                alg: attr(h, "alg"),
                content: Some(text_of(h)),
            }),
            licenses: self.one(c, "licenses").map(|l| self.licenses(l)),
            purl: self.text(c, "purl"),
            cpe: self.text(c, "cpe"),
            swid: self.one(c, "swid").map(|s| RawSwid {
                tag_id: attr(s, "tagId"),
                name: attr(s, "name"),
            }),
            pedigree: self.one(c, "pedigree").map(|p| RawPedigree {
                patches: self.list(p, "patches", "patch", |b, x| RawPatch {
                    kind: attr(x, "type"),
                    resolves: b.list(x, "resolves", "issue", |_, i| RawIssue {
                        kind: attr(i, "type"),
                    }),
                }),
            }),
            external_references: self.list(c, "externalReferences", "reference", |b, r| {
                RawExternalRef {
                    kind: attr(r, "type"),
                    url: b.text(r, "url"),
                }
            }),
            properties: self.properties(c),
            components: nested,
        }
    }

    fn licenses(&mut self, l: N<'a, 'i>) -> Vec<RawLicenseChoice<'a>> {
        let mut out = Vec::new();
        for x in l.children().filter(is_cdx) {
            match x.tag_name().name() {
                "license" => out.push(RawLicenseChoice {
                    license: Some(RawLicense {
                        id: self.text(x, "id"),
                        name: self.text(x, "name"),
                        acknowledgement: attr(x, "acknowledgement"),
                        text: self.one(x, "text").map(|t| RawAttachment {
                            encoding: attr(t, "encoding"),
                        }),
                        properties: self.properties(x),
                    }),
                    ..RawLicenseChoice::default()
                }),
                "expression" | "expression-detailed" => out.push(RawLicenseChoice {
                    expression: Some(
                        x.attribute("expression")
                            .map_or_else(|| text_of(x), S::from),
                    ),
                    acknowledgement: attr(x, "acknowledgement"),
                    ..RawLicenseChoice::default()
                }),
                _ => {}
            }
        }
        out
    }

    fn properties(&mut self, n: N<'a, 'i>) -> Option<Vec<RawProperty<'a>>> {
        self.list(n, "properties", "property", |_, p| RawProperty {
            name: attr(p, "name"),
            value: Some(text_of(p)),
            extra: false,
        })
    }

    fn service(&mut self, s: N<'a, 'i>) -> RawService<'a> {
        let data = self.one(s, "data").map(|d| {
            children(d, "classification")
                .chain(children(d, "dataflow"))
                .map(|c| RawServiceData {
                    flow: attr(c, "flow")
                        .or_else(|| children(c, "classification").find_map(|x| attr(x, "flow"))),
                })
                .collect()
        });
        RawService {
            bom_ref: attr(s, "bom-ref"),
            name: self.text(s, "name"),
            data,
            properties: self.properties(s),
            services: self.list(s, "services", "service", Self::service),
        }
    }

    fn vulnerability(&mut self, v: N<'a, 'i>) -> RawVulnerability<'a> {
        RawVulnerability {
            bom_ref: attr(v, "bom-ref"),
            id: self.text(v, "id"),
            source: self.one(v, "source").map(|s| self.entity(s)),
            ratings: self.list(v, "ratings", "rating", |b, r| RawRating {
                score: b.text(r, "score").and_then(|s| s.parse().ok()),
                severity: b.text(r, "severity"),
            }),
            published: self.text(v, "published"),
            analysis: self.one(v, "analysis").map(|a| RawAnalysis {
                state: self.text(a, "state"),
                justification: self.text(a, "justification"),
            }),
            affects: self.list(v, "affects", "target", |b, t| RawAffects {
                reference: b.text(t, "ref"),
            }),
        }
    }
}
