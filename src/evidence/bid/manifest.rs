//! The bid manifest `bid.yaml`: who bids, and what each evidence file is.
//!
//! ```yaml
//! vendor: Example Cameras B.V.      # required
//! product: SecureCam 4              # optional
//! version: "4.2.0"                  # optional (quote it: YAML reads 4.2 as a number)
//! evidence:                         # optional; without it files are recognised by content
//!   - kind: sbom                    # sbom | attestation | vex | document | signature
//!     path: sbom/firmware.cdx.json  # relative to the bid folder, no `..` leaving it
//!     sha256: 3a7b…                 # optional: checked against the file
//!   - kind: document
//!     path: reports/pentest.pdf
//!     doc_kind: pentest-report      # optional, documents only
//! ```
//!
//! Described by `schemas/bid-manifest.schema.json` and validated here in code, every error
//! with a JSON pointer and `line:column`. Path safety (absolute paths, `..`) is checked here
//! lexically; symlinks are checked against the file system in `bid.rs`.

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::evidence::model::{BidInfo, EvidenceKind, Locator, Provenance};
use crate::evidence::yaml::YamlDoc;

/// The manifest does not match its schema.
pub const MANIFEST_INVALID: Code = Code("manifest-invalid");
/// A path leaves the bid folder (absolute, `..`, or a symlink pointing out).
pub const PATH_ESCAPE: Code = Code("bid-path-escape");

/// The manifest's file name.
pub const MANIFEST: &str = "bid.yaml";

/// One `evidence` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: EvidenceKind,
    /// Relative, normalised (no `.` or `..`), `/`-separated.
    pub path: String,
    pub sha256: Option<String>,
    pub doc_kind: Option<String>,
    /// The entry's JSON pointer in the manifest (`/evidence/2`).
    pub pointer: String,
}

/// A checked manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub info: BidInfo,
    /// `None` when the manifest has no `evidence` list.
    pub entries: Option<Vec<Entry>>,
}

const TOP: &[&str] = &["vendor", "product", "version", "evidence"];
const ENTRY: &[&str] = &["kind", "path", "sha256", "doc_kind"];
const KINDS: &[&str] = &["sbom", "attestation", "vex", "document", "signature"];

struct Checker<'a> {
    doc: &'a YamlDoc,
    errors: Vec<Diagnostic>,
}

/// Checks a parsed manifest.
pub fn check(doc: &YamlDoc) -> Result<Manifest, Vec<Diagnostic>> {
    let mut c = Checker {
        doc,
        errors: Vec::new(),
    };
    let manifest = c.manifest(&doc.value);
    if c.errors.is_empty() {
        Ok(manifest)
    } else {
        Err(c.errors)
    }
}

impl Checker<'_> {
    fn error(&mut self, pointer: &str, msg: String, help: Option<String>) {
        let mut d =
            Diagnostic::error(MANIFEST_INVALID, msg).at(self.doc.location(MANIFEST, pointer));
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.errors.push(d);
    }

    fn keys(&mut self, v: &serde_json::Map<String, Value>, base: &str, allowed: &[&str]) {
        for k in v.keys().filter(|k| !allowed.contains(&k.as_str())) {
            let help = did_you_mean(k, allowed.iter().copied())
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some(format!("allowed here: {}", allowed.join(", "))));
            let pointer = format!("{base}/{}", crate::diag::pointer_token(k));
            let msg = format!("unknown key `{}` in the manifest", esc(k));
            let mut d = Diagnostic::error(MANIFEST_INVALID, msg)
                .at(self.doc.key_location(MANIFEST, &pointer));
            if let Some(h) = help {
                d = d.with_help(h);
            }
            self.errors.push(d);
        }
    }

    fn text(&mut self, v: &Value, key: &str, base: &str, required: bool) -> Option<String> {
        let pointer = format!("{base}/{key}");
        match v.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            None | Some(Value::Null) if !required => None,
            None | Some(Value::Null) => {
                self.error(base, format!("the manifest needs `{key}`"), None);
                None
            }
            Some(other) => {
                let help = other
                    .is_number()
                    .then(|| "put the value in quotes".to_owned());
                self.error(&pointer, format!("`{key}` must be non-empty text"), help);
                None
            }
        }
    }

    fn manifest(&mut self, v: &Value) -> Manifest {
        let Value::Object(map) = v else {
            self.error(
                "",
                "the manifest must be a mapping (`vendor: …`)".to_owned(),
                None,
            );
            return Manifest {
                info: BidInfo::default(),
                entries: None,
            };
        };
        self.keys(map, "", TOP);
        let info = BidInfo {
            vendor: self.text(v, "vendor", "", true).unwrap_or_default(),
            product: self.text(v, "product", "", false),
            version: self.text(v, "version", "", false),
            provenance: Some(Provenance::new(&MANIFEST.into(), Locator::pointer(""))),
        };
        let entries = match v.get("evidence") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, e)| self.entry(e, &format!("/evidence/{i}")))
                    .collect(),
            ),
            Some(_) => {
                self.error(
                    "/evidence",
                    "`evidence` must be a list of files".to_owned(),
                    None,
                );
                None
            }
        };
        Manifest { info, entries }
    }

    fn entry(&mut self, e: &Value, base: &str) -> Option<Entry> {
        let Value::Object(map) = e else {
            self.error(
                base,
                "an evidence entry must be a mapping with `kind` and `path`".to_owned(),
                None,
            );
            return None;
        };
        self.keys(map, base, ENTRY);
        let kind = self
            .text(e, "kind", base, true)
            .and_then(|k| self.kind(&k, base));
        let path = self
            .text(e, "path", base, true)
            .and_then(|p| self.path(&p, base));
        let sha256 = self
            .text(e, "sha256", base, false)
            .and_then(|s| self.digest(&s, base));
        let doc_kind = self.text(e, "doc_kind", base, false);
        Some(Entry {
            kind: kind?,
            path: path?,
            sha256,
            doc_kind,
            pointer: base.to_owned(),
        })
    }

    fn kind(&mut self, k: &str, base: &str) -> Option<EvidenceKind> {
        let kind = match k {
            "sbom" => EvidenceKind::Sbom,
            "attestation" => EvidenceKind::Attestation,
            "vex" => EvidenceKind::Vex,
            "document" => EvidenceKind::Document,
            "signature" => EvidenceKind::Signature,
            _ => {
                let help = did_you_mean(k, KINDS.iter().copied()).map_or_else(
                    || format!("use one of: {}", KINDS.join(", ")),
                    |s| format!("did you mean `{s}`?"),
                );
                self.error(
                    &format!("{base}/kind"),
                    format!("`{}` is not an evidence kind", esc(k)),
                    Some(help),
                );
                return None;
            }
        };
        Some(kind)
    }

    fn digest(&mut self, s: &str, base: &str) -> Option<String> {
        let s = s.trim().to_ascii_lowercase();
        if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(s);
        }
        self.error(
            &format!("{base}/sha256"),
            "`sha256` must be 64 hexadecimal digits".to_owned(),
            Some("compute it with `sha256sum FILE`".to_owned()),
        );
        None
    }

    fn path(&mut self, p: &str, base: &str) -> Option<String> {
        match safe_relative(p) {
            Ok(path) => Some(path),
            Err(why) => {
                let d = Diagnostic::error(
                    PATH_ESCAPE,
                    format!("the manifest path `{}` {why}", esc(p)),
                )
                .at(self.doc.location(MANIFEST, &format!("{base}/path")))
                .with_help(
                    "name files by their path inside the bid folder, e.g. `sbom/firmware.cdx.json`",
                );
                self.errors.push(d);
                None
            }
        }
    }
}

fn esc(s: &str) -> String {
    crate::report::escape::terminal(s)
}

/// Normalises a manifest path lexically; `Err` says why it is refused.
pub fn safe_relative(p: &str) -> Result<String, &'static str> {
    if p.contains('\0') || p.contains('\\') {
        return Err("contains a backslash or NUL");
    }
    let looks_windows = p.as_bytes().get(1) == Some(&b':');
    if p.starts_with('/') || looks_windows {
        return Err("is absolute");
    }
    let mut parts: Vec<String> = Vec::new();
    for c in Path::new(p).components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err("leaves the bid folder (`..`)");
                }
            }
            Component::RootDir | Component::Prefix(_) => return Err("is absolute"),
        }
    }
    if parts.is_empty() {
        return Err("names no file");
    }
    Ok(parts.join("/"))
}

/// The path on disk of a checked relative path.
pub fn on_disk(root: &Path, rel: &str) -> PathBuf {
    rel.split('/')
        .fold(root.to_path_buf(), |p, seg| p.join(seg))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;

    fn run(text: &str) -> Result<Manifest, Vec<Diagnostic>> {
        check(&crate::evidence::yaml::parse(MANIFEST, text, &Limits::default()).unwrap())
    }

    #[test]
    fn a_manifest_checks() {
        let m = run("vendor: A\nversion: \"1.0\"\nevidence:\n  - kind: sbom\n    path: ./sbom/../sbom/a.json\n").unwrap();
        assert_eq!(m.info.vendor, "A");
        assert_eq!(m.entries.unwrap()[0].path, "sbom/a.json");
    }

    #[test]
    fn errors_have_pointers_and_suggestions() {
        let e = run("vendor: A\nevidnce: []\n").unwrap_err();
        assert_eq!(e[0].help.as_deref(), Some("did you mean `evidence`?"));
        let e = run("vendor: A\nevidence:\n  - kind: sbomm\n    path: a\n").unwrap_err();
        assert!(format!("{:?}", e[0].location).contains("/evidence/0/kind"));
        assert_eq!(run("product: x\n").unwrap_err()[0].code, MANIFEST_INVALID);
    }

    #[test]
    fn paths_that_escape_are_refused() {
        for p in ["../x", "a/../../x", "/etc/passwd", "C:/x", "a\\..\\x", "."] {
            assert!(safe_relative(p).is_err(), "{p}");
        }
        let e =
            run("vendor: A\nevidence:\n  - kind: sbom\n    path: ../../etc/passwd\n").unwrap_err();
        assert_eq!(e[0].code, PATH_ESCAPE);
        assert!(e[0].message.contains("../../etc/passwd"));
    }
}
