//! CycloneDX XML 1.4–1.7: bytes → [`SbomLoad`], through the same raw shape and checks as
//! the JSON reader, so both encodings of one SBOM give the same model.
//!
//! Parsing is roxmltree's: DTDs are refused (no entity expansion, no billion laughs, no
//! external entities) and the node count is bounded. The root's namespace
//! (`http://cyclonedx.org/schema/bom/1.x`) decides the version. Elements of other namespaces
//! (extensions) are ignored. Pointers in diagnostics are those of the equivalent JSON
//! document, and every diagnostic also names the `line:column` of the offending element
//! (for an attribute, of its element; for something missing, of the element that lacks it).
//!
//! It does not validate against the XSD; the conformance test holds it to the fixtures.

use std::collections::HashMap;

use roxmltree::{Document, Node, NodeId, ParsingOptions};

use crate::diag::{Code, Diagnostic, FileId, Location, SourceMap};
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
    let mut located = Locator::new(file, text, root);
    match (b.errors.is_empty(), loaded) {
        (true, Ok(mut sbom)) => {
            located.locate(&mut sbom.warnings);
            Ok(sbom)
        }
        (true, Err(mut e)) => {
            located.locate(&mut e);
            Err(e)
        }
        (false, Ok(_)) => Err(b.errors),
        (false, Err(mut e)) => {
            located.locate(&mut e);
            b.errors.append(&mut e);
            Err(b.errors)
        }
    }
}

/// Gives the checks' diagnostics, which carry the pointer of the equivalent JSON document,
/// the `line:column` of the XML element that pointer names (or of its nearest enclosing
/// element, when the pointer ends at an attribute or at something XML leaves out).
struct Locator<'a, 'i> {
    file: &'a str,
    text: &'a str,
    root: N<'a, 'i>,
    /// Line starts for `line:column`, built on the first diagnostic that needs them.
    sources: Option<(SourceMap, FileId)>,
    items: HashMap<NodeId, Vec<N<'a, 'i>>>,
}

impl<'a, 'i> Locator<'a, 'i> {
    fn new(file: &'a str, text: &'a str, root: N<'a, 'i>) -> Self {
        Locator {
            file,
            text,
            root,
            sources: None,
            items: HashMap::new(),
        }
    }

    fn locate(&mut self, diags: &mut [Diagnostic]) {
        for d in diags {
            if let Some(Location::Pointer {
                file,
                pointer,
                line_col: line_col @ None,
            }) = &mut d.location
                && file == self.file
            {
                let offset = element_at(self.root, pointer, &mut self.items)
                    .range()
                    .start;
                *line_col = Some(self.line_col(offset));
            }
        }
    }

    fn line_col(&mut self, offset: usize) -> (u32, u32) {
        let (map, id) = self.sources.get_or_insert_with(|| {
            let mut map = SourceMap::new();
            let id = map.add(self.file, self.text);
            (map, id)
        });
        let (line, col) = map.get(*id).map_or((1, 1), |f| {
            f.line_col(u32::try_from(offset).unwrap_or(u32::MAX))
        });
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(col).unwrap_or(u32::MAX),
        )
    }
}

/// The element a JSON pointer of the equivalent JSON document names, or the deepest element
/// on its way. `/components/3/hashes/0/alg` is the first `hash` of the fourth `component`:
/// an index counts the element children of the wrapper before it. A key naming the element
/// itself (`/licenses/0/license`) stays on it; a key with no element of that name (an
/// attribute such as `type`, or `dependsOn`, whose items are direct children) ends the walk.
/// `items` caches each wrapper's items, so that locating one diagnostic per component of a
/// large SBOM stays linear.
fn element_at<'a, 'i>(
    root: N<'a, 'i>,
    pointer: &str,
    items: &mut HashMap<NodeId, Vec<N<'a, 'i>>>,
) -> N<'a, 'i> {
    let mut node = root;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let next = match token.parse::<usize>() {
            Ok(i) => items
                .entry(node.id())
                .or_insert_with(|| node.children().filter(is_cdx).collect())
                .get(i)
                .copied(),
            Err(_) if node.tag_name().name() == token => Some(node),
            Err(_) => node
                .children()
                .find(|c| is_cdx(c) && c.tag_name().name() == token),
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    node
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
                method: b.text(r, "method"),
                source: b.one(r, "source").map(|s| RawRatingSource {
                    name: b.text(s, "name"),
                    url: b.text(s, "url"),
                }),
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

#[cfg(test)]
mod tests {
    use super::*;

    const BROKEN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
  <metadata>
    <timestamp>yesterday</timestamp>
  </metadata>
  <components>
    <component type="library">
      <name>left-pad</name>
      <hashes>
        <hash alg="MD6">abc</hash>
      </hashes>
    </component>
    <component type="gadget"><name>ünïcode</name></component>
    <component>
      <name>typeless</name>
    </component>
  </components>
</bom>
"#;

    /// `(code, pointer, line:col)` of one diagnostic.
    type Located<'d> = (&'static str, &'d str, Option<(u32, u32)>);

    fn located(diags: &[Diagnostic]) -> Vec<Located<'_>> {
        diags
            .iter()
            .map(|d| match &d.location {
                Some(Location::Pointer {
                    pointer, line_col, ..
                }) => (d.code.0, pointer.as_str(), *line_col),
                other => panic!("not a pointer: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn check_errors_name_the_line_and_column_of_the_offending_element() {
        let e = load("bom.xml", BROKEN.as_bytes(), &Limits::default()).unwrap_err();
        let mut got = located(&e);
        got.sort_by_key(|(_, _, lc)| *lc);
        assert_eq!(
            got,
            [
                // `<timestamp>`, the element holding the bad value.
                ("invalid-value", "/metadata/timestamp", Some((4, 5))),
                // `alg` is an attribute: its element, `<hash>`.
                ("invalid-value", "/components/0/hashes/0/alg", Some((10, 9))),
                ("invalid-value", "/components/1/type", Some((13, 5))),
                // The missing attribute: the component that lacks it.
                ("missing-field", "/components/2", Some((14, 5))),
            ]
        );
    }

    #[test]
    fn the_rendered_diagnostic_shows_file_line_and_column() {
        let e = load("bom.xml", BROKEN.as_bytes(), &Limits::default()).unwrap_err();
        let text = crate::diag::render_human(&e, &SourceMap::new(), false);
        assert!(text.contains("bom.xml:14:5 (at `/components/2`)"), "{text}");
    }

    #[test]
    fn malformed_xml_names_line_and_column() {
        let bad = "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">\n  <components>\n    <component type=\"library\"></components>\n</bom>\n";
        let e = load("bom.xml", bad.as_bytes(), &Limits::default()).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].code, INVALID_XML);
        assert!(
            matches!(
                e[0].location,
                Some(Location::Pointer {
                    line_col: Some((3, _)),
                    ..
                })
            ),
            "{:?}",
            e[0].location
        );
    }

    #[test]
    fn pointers_walk_wrappers_choices_and_stop_at_attributes() {
        let xml = r#"<bom xmlns="http://cyclonedx.org/schema/bom/1.6">
<components><component type="library"><name>a</name>
<licenses><expression>MIT</expression><license><name>X</name></license></licenses>
</component></components>
<dependencies><dependency ref="a"><dependency ref="b"/></dependency></dependencies>
</bom>"#;
        let doc = Document::parse(xml).unwrap();
        let root = doc.root_element();
        let at = |p: &str| {
            let n = element_at(root, p, &mut HashMap::new());
            let pos = doc.text_pos_at(n.range().start);
            (n.tag_name().name().to_owned(), pos.row, pos.col)
        };
        assert_eq!(at(""), ("bom".to_owned(), 1, 1));
        assert_eq!(at("/components/0/name"), ("name".to_owned(), 2, 39));
        assert_eq!(
            at("/components/0/licenses/0/expression"),
            ("expression".to_owned(), 3, 11)
        );
        assert_eq!(
            at("/components/0/licenses/1/license/name"),
            ("name".to_owned(), 3, 48)
        );
        // `ref` is an attribute; `dependsOn` has no element in XML.
        assert_eq!(at("/dependencies/0/ref"), ("dependency".to_owned(), 5, 15));
        assert_eq!(
            at("/dependencies/0/dependsOn/0"),
            ("dependency".to_owned(), 5, 15)
        );
        // Past the end of a list: the wrapper.
        assert_eq!(at("/components/7/name"), ("components".to_owned(), 2, 1));
    }
}
