//! SPDX 2.2/2.3 JSON: reads the fields Tenderguard uses into a [`RawDoc`] with JSON pointers
//! (`/packages/3`), then validates and normalises it in [`super::spdx`].
//!
//! The JSON is read by the strict reader (`evidence::json`: duplicate keys, depth, size). A
//! value of the wrong JSON type (a number where text belongs, `packages` not a list) is an
//! `invalid-value` error at its pointer. SPDX 3.0 JSON-LD (`@context`, or `spdxVersion`
//! `SPDX-3.*`) is refused with `unsupported-version`. Fields we do not use are ignored,
//! not validated (the official schema does that: `validate --schema`).

use std::sync::Arc;

use serde_json::Value;

use super::SbomLoad;
use super::spdx::{self, Field, RawChecksum, RawDoc, RawPackage, RawRef, RawRelationship};
use crate::diag::{Diagnostic, pointer_token};
use crate::evidence::json;
use crate::evidence::model::{Locator, Provenance, SbomFormat};
use crate::limits::Limits;

/// Loads an SPDX JSON document.
pub fn load(name: &str, bytes: &[u8], limits: &Limits) -> Result<SbomLoad, Vec<Diagnostic>> {
    let file: &Arc<str> = &Arc::from(name);
    let value = json::read_value(file, bytes, limits).map_err(|d| vec![*d])?;
    if let Some(v) = spdx3_version(&value) {
        return Err(vec![spdx::unsupported(file, &v, Locator::pointer(""))]);
    }
    let mut r = Reader {
        file,
        errors: Vec::new(),
    };
    let raw = r.document(&value);
    match spdx::normalise(file, SbomFormat::SpdxJson, raw, limits) {
        Ok(load) if r.errors.is_empty() => Ok(load),
        Ok(_) => Err(r.errors),
        Err(mut more) => {
            r.errors.append(&mut more);
            Err(r.errors)
        }
    }
}

/// True for JSON that names an SPDX version (`"spdxVersion"`) near its start, or SPDX 3
/// JSON-LD.
pub fn sniff(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let text = String::from_utf8_lossy(head);
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
        && (text.contains("\"spdxVersion\"") || text.contains("spdx.org/rdf/3"))
}

/// The version named by an SPDX 3 (or other non-2.x JSON-LD) document.
fn spdx3_version(v: &Value) -> Option<String> {
    if let Some(ver) = v.get("spdxVersion").and_then(Value::as_str) {
        return ver.starts_with("SPDX-3").then(|| ver.to_owned());
    }
    let ctx = v.get("@context")?;
    let text = ctx.to_string();
    let version = text
        .find("/v3")
        .and_then(|i| text.get(i + 2..))
        .map(|s| {
            s.chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect::<String>()
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "3".to_owned());
    Some(format!("SPDX-{version}"))
}

struct Reader<'a> {
    file: &'a Arc<str>,
    errors: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn wrong(&mut self, pointer: &str, expected: &str) {
        let at = Provenance::new(self.file, Locator::pointer(pointer));
        self.errors.push(
            Diagnostic::error(spdx::INVALID, format!("`{pointer}` must be {expected}"))
                .at(at.location()),
        );
    }

    /// A text field: absent → `None`; not text → error.
    fn text(&mut self, obj: &Value, key: &str, base: &str) -> Option<Field> {
        let pointer = format!("{base}/{}", pointer_token(key));
        match obj.get(key)? {
            Value::String(s) => Some(Field::new(s.clone(), Locator::pointer(pointer))),
            Value::Null => None,
            _ => {
                self.wrong(&pointer, "text");
                None
            }
        }
    }

    fn string(&mut self, obj: &Value, key: &str, base: &str) -> Option<String> {
        self.text(obj, key, base).map(|f| f.value)
    }

    /// A list field: absent → empty; not a list → error.
    fn list<'v>(&mut self, obj: &'v Value, key: &str, base: &str) -> &'v [Value] {
        match obj.get(key) {
            Some(Value::Array(items)) => items,
            None | Some(Value::Null) => &[],
            Some(_) => {
                self.wrong(&format!("{base}/{key}"), "a list");
                &[]
            }
        }
    }

    fn texts(&mut self, obj: &Value, key: &str, base: &str) -> Vec<Field> {
        let mut out = Vec::new();
        for (i, item) in self.list(obj, key, base).iter().enumerate() {
            let pointer = format!("{base}/{key}/{i}");
            match item.as_str() {
                Some(s) => out.push(Field::new(s, Locator::pointer(pointer))),
                None => self.wrong(&pointer, "text"),
            }
        }
        out
    }

    fn document(&mut self, v: &Value) -> RawDoc {
        if !v.is_object() {
            self.wrong("", "an object (an SPDX document)");
            return RawDoc::default();
        }
        let info = v.get("creationInfo").cloned().unwrap_or(Value::Null);
        let mut raw = RawDoc {
            at: Some(Locator::pointer("")),
            spdx_version: self.text(v, "spdxVersion", ""),
            data_license: self.text(v, "dataLicense", ""),
            spdxid: self.text(v, "SPDXID", ""),
            name: self.text(v, "name", ""),
            namespace: self.text(v, "documentNamespace", ""),
            created: self.text(&info, "created", "/creationInfo"),
            creators: self.texts(&info, "creators", "/creationInfo"),
            describes: self
                .texts(v, "documentDescribes", "")
                .into_iter()
                .map(|f| f.value)
                .collect(),
            ..RawDoc::default()
        };
        for (i, p) in self.list(v, "packages", "").iter().enumerate() {
            raw.packages
                .push(self.package(p, &format!("/packages/{i}")));
        }
        for key in ["files", "snippets"] {
            for (i, e) in self.list(v, key, "").iter().enumerate() {
                let base = format!("/{key}/{i}");
                match self.text(e, "SPDXID", &base) {
                    Some(id) => raw.elements.push(id),
                    None => self.missing_id(&base),
                }
            }
        }
        for (i, r) in self.list(v, "relationships", "").iter().enumerate() {
            let base = format!("/relationships/{i}");
            raw.relationships.push(RawRelationship {
                from: self.string(r, "spdxElementId", &base).unwrap_or_default(),
                kind: self
                    .string(r, "relationshipType", &base)
                    .unwrap_or_default(),
                to: self
                    .string(r, "relatedSpdxElement", &base)
                    .unwrap_or_default(),
                at: Some(Locator::pointer(base)),
            });
        }
        raw
    }

    fn missing_id(&mut self, base: &str) {
        let at = Provenance::new(self.file, Locator::pointer(base));
        self.errors.push(
            Diagnostic::error(
                spdx::MISSING_FIELD,
                "the required field `SPDXID` is missing",
            )
            .at(at.location()),
        );
    }

    fn package(&mut self, p: &Value, base: &str) -> RawPackage {
        if !p.is_object() {
            self.wrong(base, "an object (a package)");
            return RawPackage::default();
        }
        let mut pkg = RawPackage {
            at: Some(Locator::pointer(base)),
            spdxid: self.text(p, "SPDXID", base),
            name: self.text(p, "name", base),
            version: self.string(p, "versionInfo", base),
            supplier: self.string(p, "supplier", base),
            originator: self.string(p, "originator", base),
            purpose: self.string(p, "primaryPackagePurpose", base),
            license_concluded: self.text(p, "licenseConcluded", base),
            license_declared: self.text(p, "licenseDeclared", base),
            ..RawPackage::default()
        };
        for (i, c) in self.list(p, "checksums", base).iter().enumerate() {
            let cb = format!("{base}/checksums/{i}");
            pkg.checksums.push(RawChecksum {
                alg: self.string(c, "algorithm", &cb).unwrap_or_default(),
                value: self.string(c, "checksumValue", &cb).unwrap_or_default(),
                at: Some(Locator::pointer(cb)),
            });
        }
        for (i, r) in self.list(p, "externalRefs", base).iter().enumerate() {
            let rb = format!("{base}/externalRefs/{i}");
            pkg.refs.push(RawRef {
                category: self.string(r, "referenceCategory", &rb).unwrap_or_default(),
                kind: self.string(r, "referenceType", &rb).unwrap_or_default(),
                locator: self.string(r, "referenceLocator", &rb).unwrap_or_default(),
            });
        }
        pkg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<SbomLoad, Vec<Diagnostic>> {
        load("s.spdx.json", text.as_bytes(), &Limits::default())
    }

    const MINIMAL: &str = r#"{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT",
      "name":"x","documentNamespace":"https://x.example/1","creationInfo":{"created":"2024-01-02T00:00:00Z","creators":["Tool: t-1"]},
      "packages":[{"SPDXID":"SPDXRef-a","name":"a","versionInfo":"1","licenseConcluded":"MIT",
        "checksums":[{"algorithm":"SHA256","checksumValue":"AB"}]}]}"#;

    #[test]
    fn checksum_errors_point_at_the_checksum() {
        let e = run(MINIMAL).unwrap_err();
        assert_eq!(e[0].code, spdx::BAD_CHECKSUM);
        assert!(format!("{:?}", e[0].location).contains("/packages/0/checksums/0"));
    }

    #[test]
    fn spdx3_is_refused_by_name() {
        let e = run(r#"{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[]}"#)
            .unwrap_err();
        assert_eq!(e[0].code, spdx::UNSUPPORTED_VERSION);
        let e = run(r#"{"spdxVersion":"SPDX-3.0"}"#).unwrap_err();
        assert!(e[0].message.contains("SPDX-3.0"), "{}", e[0].message);
    }

    #[test]
    fn wrong_types_and_missing_fields() {
        let e =
            run(r#"{"spdxVersion":"SPDX-2.3","name":5,"packages":[{"name":"a"}]}"#).unwrap_err();
        let codes: Vec<_> = e.iter().map(|d| d.code.0).collect();
        assert!(codes.contains(&"invalid-value"), "{codes:?}");
        assert!(codes.contains(&"missing-field"), "{codes:?}");
    }
}
