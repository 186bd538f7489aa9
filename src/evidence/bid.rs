//! A bid folder: the manifest, the walk, and every evidence file loaded into one
//! [`Evidence`]. The only evidence code that touches the file system.
//!
//! Input: a folder (or one file), the [`Vocabulary`] (with the tender's questions) and the
//! [`Limits`]. Output: a [`BidLoad`]: the evidence, one [`FileReport`] per file and every
//! diagnostic, per file. One bad file does not stop the others.
//!
//! With a `bid.yaml` manifest (see [`manifest`]) exactly the listed files are loaded as the
//! kind it names; other files get a `bid-unlisted-file` warning. Without one, files are
//! recognised by content (CycloneDX JSON/XML, SPDX JSON/tag-value, an attestation by its
//! top-level keys or CycloneDX `declarations`, a PDF by `%PDF-`) and the vendor is the
//! folder's name.
//!
//! Safety: the walk never follows symlinks; a symlink whose target resolves outside the
//! folder (or does not resolve), an absolute manifest path, or a `..` that leaves the folder
//! is refused with `bid-path-escape` naming the path, and the whole bid is refused. Sizes are
//! checked from metadata before reading; more than `max_bid_files` files is refused. Paths
//! are reported relative to the folder, `/`-separated, in sorted order.
//!
//! PDFs (listed as `document`, or recognised by `%PDF-`) are read by `load::pdf` for their
//! pages, information and text; a listed document that is not a PDF is recorded with its
//! digest only. VEX and signatures are not read yet: they are recorded as files with their
//! digest.

pub mod manifest;
pub mod summary;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::diag::{Code, Diagnostic, Location, has_errors};
use crate::evidence::json::{self, LIMIT_EXCEEDED};
use crate::evidence::load::{self, attestation, pdf};
use crate::evidence::model::{BidInfo, Document, Evidence, EvidenceFile, EvidenceKind, Source};
use crate::evidence::schema::Vocabulary;
use crate::evidence::yaml;
use crate::limits::Limits;

pub use manifest::{MANIFEST, MANIFEST_INVALID, Manifest, PATH_ESCAPE};

/// The folder or a file cannot be read.
pub const UNREADABLE: Code = Code("bid-unreadable");
/// A manifest `sha256` differs from the file's digest.
pub const DIGEST_MISMATCH: Code = Code("bid-digest-mismatch");
/// A file in the folder is not listed in the manifest.
pub const UNLISTED: Code = Code("bid-unlisted-file");
/// A file is not a recognised evidence format.
pub const UNRECOGNISED: Code = Code("bid-unrecognised-file");
/// A symlink inside the folder was skipped (symlinks are never followed).
pub const SYMLINK_SKIPPED: Code = Code("bid-symlink-skipped");
/// A second attestation in one bid.
pub const SECOND_ATTESTATION: Code = Code("bid-second-attestation");

/// What was found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub path: Arc<str>,
    pub kind: Option<EvidenceKind>,
    /// `CycloneDX JSON`, `SPDX tag-value`, `YAML`, `PDF`…
    pub format: Option<String>,
    pub spec_version: Option<String>,
    /// Index in [`Evidence::sboms`] for an SBOM that loaded.
    pub sbom: Option<usize>,
    /// True when the file loaded without errors.
    pub ok: bool,
}

/// A loaded bid: evidence, per-file reports and every diagnostic (errors and warnings).
#[derive(Debug, Clone, Default)]
pub struct BidLoad {
    pub evidence: Evidence,
    pub files: Vec<FileReport>,
    pub diagnostics: Vec<Diagnostic>,
}

impl BidLoad {
    pub fn has_errors(&self) -> bool {
        has_errors(&self.diagnostics)
    }
}

/// Loads a bid folder: the evidence and the warnings, or every diagnostic when any file
/// (or the folder) has errors.
pub fn load_bid(
    dir: &Path,
    vocab: &Vocabulary,
    limits: &Limits,
) -> Result<(Evidence, Vec<Diagnostic>), Vec<Diagnostic>> {
    let bid = read_bid(dir, vocab, limits)?;
    if bid.has_errors() {
        return Err(bid.diagnostics);
    }
    Ok((bid.evidence, bid.diagnostics))
}

/// Reads a bid folder, keeping going past bad files. `Err` only when the folder itself
/// cannot be used: unreadable, an invalid manifest, a path escape, too many files.
pub fn read_bid(
    dir: &Path,
    vocab: &Vocabulary,
    limits: &Limits,
) -> Result<BidLoad, Vec<Diagnostic>> {
    let root =
        std::fs::canonicalize(dir).map_err(|e| vec![unreadable(&dir.display().to_string(), &e)])?;
    if !root.is_dir() {
        return Err(vec![unreadable(
            &dir.display().to_string(),
            &std::io::Error::other("not a folder"),
        )]);
    }
    let walked = walk(&root, limits)?;
    let mut bid = BidLoad::default();
    bid.diagnostics.extend(walked.warnings);
    let manifest = read_manifest(&root, &walked.files, limits)?;
    let (info, plan) = match manifest {
        Some(m) => {
            let plan = manifest_plan(&root, &m, &walked.files, &mut bid.diagnostics)?;
            (m.info, plan)
        }
        None => (
            folder_info(&root),
            walked.files.iter().map(|p| (p.clone(), None)).collect(),
        ),
    };
    bid.evidence.bid = Some(info);
    for (rel, entry) in plan {
        load_one(&mut bid, &root, &rel, entry.as_ref(), vocab, limits);
    }
    Ok(bid)
}

/// Loads one file given on its own (recognised by content), as a bid of one file.
pub fn read_file(
    path: &Path,
    vocab: &Vocabulary,
    limits: &Limits,
) -> Result<BidLoad, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| vec![unreadable(&name, &e)])?;
    if !meta.is_file() {
        return Err(vec![unreadable(
            &name,
            &std::io::Error::other("not a file"),
        )]);
    }
    let mut bid = BidLoad::default();
    let bytes = read_bounded(path, &name, meta.len(), limits).map_err(|d| vec![*d])?;
    add_file(&mut bid, &name, None, bytes, vocab, limits);
    Ok(bid)
}

fn unreadable(name: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(UNREADABLE, format!("cannot read `{}`: {e}", esc(name)))
        .at(Location::file(name))
}

fn esc(s: &str) -> String {
    crate::report::escape::terminal(s)
}

fn folder_info(root: &Path) -> BidInfo {
    BidInfo {
        vendor: root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        ..BidInfo::default()
    }
}

/// The files of a folder (relative, sorted), and warnings about skipped symlinks.
struct Walked {
    files: Vec<String>,
    warnings: Vec<Diagnostic>,
}

fn walk(root: &Path, limits: &Limits) -> Result<Walked, Vec<Diagnostic>> {
    let mut out = Walked {
        files: Vec::new(),
        warnings: Vec::new(),
    };
    let mut errors = Vec::new();
    let entries = walkdir::WalkDir::new(root)
        .follow_links(false)
        .max_depth(limits.max_depth)
        .sort_by_file_name();
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let name = e.path().map_or_else(String::new, |p| relative(root, p));
                errors.push(unreadable(&name, &std::io::Error::other(e.to_string())));
                continue;
            }
        };
        let rel = relative(root, entry.path());
        if entry.path_is_symlink() {
            match symlink_target_inside(root, entry.path()) {
                true => out.warnings.push(
                    Diagnostic::warning(
                        SYMLINK_SKIPPED,
                        format!("the symlink `{}` was skipped", esc(&rel)),
                    )
                    .at(Location::file(rel.as_str()))
                    .with_help(
                        "symlinks are never followed; put the file itself in the bid folder",
                    ),
                ),
                false => errors.push(escape_error(
                    &rel,
                    "is a symlink pointing outside the bid folder",
                )),
            }
            continue;
        }
        if entry.file_type().is_file() {
            out.files.push(rel);
            if out.files.len() > limits.max_bid_files {
                errors.push(
                    Diagnostic::error(
                        LIMIT_EXCEEDED,
                        format!(
                            "the bid folder holds more than {} files",
                            limits.max_bid_files
                        ),
                    )
                    .at(Location::file("")),
                );
                break;
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn escape_error(rel: &str, why: &str) -> Diagnostic {
    Diagnostic::error(PATH_ESCAPE, format!("`{}` {why}", esc(rel)))
        .at(Location::file(rel))
        .with_help("a bid folder must be self-contained: copy the file in instead of linking to it")
}

/// True when a symlink's target resolves inside the folder (a dangling link is outside).
fn symlink_target_inside(root: &Path, link: &Path) -> bool {
    std::fs::canonicalize(link).is_ok_and(|t| t.starts_with(root))
}

/// A path relative to the root, `/`-separated.
fn relative(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads and checks `bid.yaml` when the folder has one.
fn read_manifest(
    root: &Path,
    files: &[String],
    limits: &Limits,
) -> Result<Option<Manifest>, Vec<Diagnostic>> {
    if !files.iter().any(|f| f == MANIFEST) {
        return Ok(None);
    }
    let path = root.join(MANIFEST);
    let size = std::fs::symlink_metadata(&path)
        .map_err(|e| vec![unreadable(MANIFEST, &e)])?
        .len();
    let bytes = read_bounded(&path, MANIFEST, size, limits).map_err(|d| vec![*d])?;
    let text = crate::evidence::json::prepare(MANIFEST, &bytes, limits).map_err(|d| vec![*d])?;
    let doc = yaml::parse(MANIFEST, text, limits).map_err(|d| vec![*d])?;
    manifest::check(&doc).map(Some)
}

/// The files to load with their manifest entries; unlisted files get a warning.
fn manifest_plan(
    root: &Path,
    m: &Manifest,
    files: &[String],
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, Option<manifest::Entry>)>, Vec<Diagnostic>> {
    let Some(entries) = &m.entries else {
        return Ok(files
            .iter()
            .filter(|f| *f != MANIFEST)
            .map(|f| (f.clone(), None))
            .collect());
    };
    let mut errors = Vec::new();
    for e in entries {
        let full = manifest::on_disk(root, &e.path);
        if std::fs::symlink_metadata(&full).is_ok() && !symlink_target_inside(root, &full) {
            errors.push(escape_error(
                &e.path,
                "resolves outside the bid folder (through a symlink)",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for f in files
        .iter()
        .filter(|f| *f != MANIFEST && !entries.iter().any(|e| &e.path == *f))
    {
        warnings.push(
            Diagnostic::warning(
                UNLISTED,
                format!("`{}` is not listed in `bid.yaml` and was not read", esc(f)),
            )
            .at(Location::file(f.as_str()))
            .with_help("add it to `evidence:` in `bid.yaml`, or remove it from the bid"),
        );
    }
    let mut plan: Vec<_> = entries
        .iter()
        .map(|e| (e.path.clone(), Some(e.clone())))
        .collect();
    plan.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(plan)
}

/// Reads a file after checking its size from metadata.
fn read_bounded(
    path: &Path,
    name: &str,
    size: u64,
    limits: &Limits,
) -> Result<Vec<u8>, Box<Diagnostic>> {
    crate::evidence::json::check_size(name, size, limits)?;
    let bytes = std::fs::read(path).map_err(|e| Box::new(unreadable(name, &e)))?;
    crate::evidence::json::check_size(name, bytes.len() as u64, limits)?;
    Ok(bytes)
}

/// Reads one planned file and adds what it holds.
fn load_one(
    bid: &mut BidLoad,
    root: &Path,
    rel: &str,
    entry: Option<&manifest::Entry>,
    vocab: &Vocabulary,
    limits: &Limits,
) {
    let path: PathBuf = manifest::on_disk(root, rel);
    let bytes = std::fs::symlink_metadata(&path)
        .map_err(|e| Box::new(unreadable(rel, &e)))
        .and_then(|m| read_bounded(&path, rel, m.len(), limits));
    match bytes {
        Ok(bytes) => add_file(bid, rel, entry, bytes, vocab, limits),
        Err(d) => {
            let d = *d;
            bid.files
                .push(report(rel, entry.map(|e| e.kind), None, false));
            bid.diagnostics.push(d);
        }
    }
}

fn report(rel: &str, kind: Option<EvidenceKind>, format: Option<&str>, ok: bool) -> FileReport {
    FileReport {
        path: Arc::from(rel),
        kind,
        format: format.map(str::to_owned),
        spec_version: None,
        sbom: None,
        ok,
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a file is, by manifest kind or by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recognised {
    Sbom,
    Attestation,
    Pdf,
    /// VEX and signatures: recorded, not read yet.
    Recorded(EvidenceKind),
    Unknown,
}

fn recognise(bytes: &[u8], entry: Option<&manifest::Entry>, vocab: &Vocabulary) -> Recognised {
    match entry.map(|e| e.kind) {
        Some(EvidenceKind::Sbom) => Recognised::Sbom,
        Some(EvidenceKind::Attestation) => Recognised::Attestation,
        Some(EvidenceKind::Document) => Recognised::Pdf,
        Some(EvidenceKind::Vex) if load::sniff(bytes).is_some() => Recognised::Sbom,
        Some(k) => Recognised::Recorded(k),
        None if bytes.starts_with(b"%PDF-") => Recognised::Pdf,
        None if is_cdxa(bytes) => Recognised::Attestation,
        None if load::sniff(bytes).is_some() => Recognised::Sbom,
        None if looks_like_attestation(bytes, vocab) => Recognised::Attestation,
        None => Recognised::Unknown,
    }
}

/// A CycloneDX JSON document with `declarations` and no components: an attestation.
fn is_cdxa(bytes: &[u8]) -> bool {
    if !load::cyclonedx_json::sniff(bytes) || !load::contains(bytes, b"\"declarations\"") {
        return false;
    }
    let v: Option<serde_json::Value> = serde_json::from_slice(bytes).ok();
    v.is_some_and(|v| {
        load::cdxa::is_cdxa(&v)
            && v.get("components")
                .and_then(|c| c.as_array())
                .is_none_or(Vec::is_empty)
    })
}

/// YAML or JSON whose top-level keys are all attestation sections (at least one).
fn looks_like_attestation(bytes: &[u8], vocab: &Vocabulary) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let Some(record) = vocab.record("attestation") else {
        return false;
    };
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with([' ', '\t', '#', '-']) && !l.trim().is_empty())
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, _)| k.trim().trim_matches(['"', '\'', '{']))
        })
        .collect();
    if attestation::looks_like_json(text) {
        let v: Option<serde_json::Value> = serde_json::from_str(text).ok();
        return v.as_ref().and_then(|v| v.as_object()).is_some_and(|m| {
            !m.is_empty()
                && m.keys()
                    .all(|k| k == "$schema" || record.field(k).is_some())
        });
    }
    !keys.is_empty()
        && keys
            .iter()
            .all(|k| *k == "$schema" || record.field(k).is_some())
}

/// Loads a file's bytes into the bid.
fn add_file(
    bid: &mut BidLoad,
    rel: &str,
    entry: Option<&manifest::Entry>,
    bytes: Vec<u8>,
    vocab: &Vocabulary,
    limits: &Limits,
) {
    let size = bytes.len() as u64;
    let recognised = recognise(&bytes, entry, vocab);
    let (sha, bytes, sbom) = match recognised {
        Recognised::Sbom => {
            let format = load::sniff(&bytes).map(|f| f.name().to_owned());
            let (sha, loaded) = digest_and_load(rel, bytes, limits);
            (sha, Vec::new(), Some((format, loaded)))
        }
        _ => (sha256_hex(&bytes), bytes, None),
    };
    if let Some(expected) = entry.and_then(|e| e.sha256.as_deref())
        && expected != sha
    {
        {
            bid.diagnostics.push(
                Diagnostic::error(
                    DIGEST_MISMATCH,
                    format!("`{}` has SHA-256 `{sha}`, but `bid.yaml` says `{expected}`", esc(rel)),
                )
                .at(Location::pointer(MANIFEST, format!("{}/sha256", entry.map_or("", |e| e.pointer.as_str()))))
                .with_help("the file changed after the manifest was written: update the digest or restore the file"),
            );
            bid.files
                .push(report(rel, entry.map(|e| e.kind), None, false));
            return;
        }
    }
    let file = EvidenceFile {
        path: Arc::from(rel),
        kind: entry.map_or(EvidenceKind::Document, |e| e.kind),
        sha256: sha.clone(),
        size,
    };
    let kind = match recognised {
        Recognised::Sbom => sbom.map(|(format, loaded)| add_sbom(bid, rel, format, loaded, limits)),
        Recognised::Attestation => add_attestation(bid, rel, &bytes, vocab, limits),
        Recognised::Pdf => add_document(bid, rel, &bytes, &sha, entry, limits),
        Recognised::Recorded(k) => {
            bid.files.push(report(rel, Some(k), None, true));
            Some(k)
        }
        Recognised::Unknown => {
            bid.diagnostics.push(
                Diagnostic::warning(UNRECOGNISED, format!("`{}` is not a recognised evidence file and was skipped", esc(rel)))
                    .at(Location::file(rel))
                    .with_help("name it in `bid.yaml` with its kind, or use CycloneDX, SPDX, an attestation or a PDF"),
            );
            bid.files.push(report(rel, None, None, true));
            None
        }
    };
    if let Some(kind) = kind {
        bid.evidence.files.push(EvidenceFile { kind, ..file });
    }
}

/// Files from this size on are hashed on a thread of their own while they are loaded.
const DIGEST_ON_A_THREAD: usize = 1 << 20;

/// The SHA-256 of an SBOM's bytes and the SBOM loaded from them (its strings shared with
/// its text when it is UTF-8); at once for a large file: both read every byte.
fn digest_and_load(
    rel: &str,
    bytes: Vec<u8>,
    limits: &Limits,
) -> (String, Result<load::SbomLoad, Vec<Diagnostic>>) {
    let source = match json::into_text(bytes) {
        Ok(text) => Source::new(text),
        // the loader names the bad byte
        Err((bytes, _)) => {
            return (sha256_hex(&bytes), load::load_sbom(rel, &bytes, limits));
        }
    };
    let digest = || sha256_hex(source.as_str().as_bytes());
    if source.as_str().len() < DIGEST_ON_A_THREAD {
        return (digest(), load::load_sbom_source(rel, &source, limits));
    }
    std::thread::scope(|s| {
        let thread = std::thread::Builder::new().name("tenderguard-digest".into());
        let sha = thread.spawn_scoped(s, digest);
        let loaded = load::load_sbom_source(rel, &source, limits);
        // a thread that could not be started or failed: hash here
        let sha = sha.ok().and_then(|h| h.join().ok());
        (sha.unwrap_or_else(digest), loaded)
    })
}

fn add_sbom(
    bid: &mut BidLoad,
    rel: &str,
    format: Option<String>,
    loaded: Result<load::SbomLoad, Vec<Diagnostic>>,
    limits: &Limits,
) -> EvidenceKind {
    let loaded = loaded.and_then(|l| {
        // `max_components` holds for the bid, all SBOMs together
        let total = bid.evidence.components.len() + l.components.len();
        if total > limits.max_components {
            return Err(vec![
                Diagnostic::error(
                    LIMIT_EXCEEDED,
                    format!(
                        "with this SBOM the bid has {total} components, more than the limit of {}",
                        limits.max_components
                    ),
                )
                .at(Location::file(rel)),
            ]);
        }
        Ok(l)
    });
    match loaded {
        Ok(mut l) => {
            bid.diagnostics.append(&mut l.warnings);
            let mut r = report(
                rel,
                Some(EvidenceKind::Sbom),
                Some(l.document.format.name()),
                true,
            );
            r.spec_version = Some(l.document.spec_version.clone());
            r.sbom = Some(bid.evidence.sboms.len());
            bid.evidence.add_sbom(l);
            bid.files.push(r);
        }
        Err(mut errors) => {
            bid.files.push(report(
                rel,
                Some(EvidenceKind::Sbom),
                format.as_deref(),
                false,
            ));
            bid.diagnostics.append(&mut errors);
        }
    }
    EvidenceKind::Sbom
}

fn add_attestation(
    bid: &mut BidLoad,
    rel: &str,
    bytes: &[u8],
    vocab: &Vocabulary,
    limits: &Limits,
) -> Option<EvidenceKind> {
    let format = if is_cdxa(bytes) {
        "CycloneDX attestation"
    } else if std::str::from_utf8(bytes).is_ok_and(attestation::looks_like_json) {
        "JSON"
    } else {
        "YAML"
    };
    match attestation::load(rel, bytes, vocab, limits) {
        Ok(mut a) if bid.evidence.attestation.is_none() => {
            bid.diagnostics.append(&mut a.warnings);
            bid.evidence.attestation = Some(a.attestation);
            let mut r = report(rel, Some(EvidenceKind::Attestation), Some(format), true);
            r.spec_version = (format == "CycloneDX attestation").then(|| "1.6".to_owned());
            bid.files.push(r);
        }
        Ok(_) => {
            let first = bid
                .evidence
                .attestation
                .as_ref()
                .map_or_else(String::new, |a| a.file.to_string());
            bid.diagnostics.push(
                Diagnostic::error(
                    SECOND_ATTESTATION,
                    format!(
                        "`{}` is a second attestation; `{}` was read first",
                        esc(rel),
                        esc(&first)
                    ),
                )
                .at(Location::file(rel))
                .with_help("a bid has one attestation: merge the answers into one file"),
            );
            bid.files.push(report(
                rel,
                Some(EvidenceKind::Attestation),
                Some(format),
                false,
            ));
        }
        Err(mut errors) => {
            bid.diagnostics.append(&mut errors);
            bid.files.push(report(
                rel,
                Some(EvidenceKind::Attestation),
                Some(format),
                false,
            ));
        }
    }
    Some(EvidenceKind::Attestation)
}

fn add_document(
    bid: &mut BidLoad,
    rel: &str,
    bytes: &[u8],
    sha: &str,
    entry: Option<&manifest::Entry>,
    limits: &Limits,
) -> Option<EvidenceKind> {
    let mut document = Document {
        kind: entry
            .and_then(|e| e.doc_kind.clone())
            .unwrap_or_else(|| "document".to_owned()),
        file: Arc::from(rel),
        sha256: sha.to_owned(),
        pages: None,
        title: None,
        author: None,
        created: None,
        has_text: None,
        encrypted: None,
    };
    if !pdf::sniff(bytes) {
        // A document the manifest names that is not a PDF: recorded with its digest only.
        bid.evidence.documents.push(document);
        bid.files.push(report(
            rel,
            Some(EvidenceKind::Document),
            Some("file"),
            true,
        ));
        return Some(EvidenceKind::Document);
    }
    match pdf::read(rel, bytes, limits) {
        Ok(mut load) => {
            bid.diagnostics.append(&mut load.warnings);
            let info = load.info;
            document.pages = info.pages;
            document.title = info.title;
            document.author = info.author;
            document.created = info.created;
            document.has_text = info.has_text;
            document.encrypted = Some(info.encrypted);
            bid.evidence.documents.push(document);
            let mut r = report(rel, Some(EvidenceKind::Document), Some("PDF"), true);
            r.spec_version = Some(info.version);
            bid.files.push(r);
        }
        Err(d) => {
            bid.diagnostics.push(*d);
            bid.files.push(report(
                rel,
                Some(EvidenceKind::Document),
                Some("PDF"),
                false,
            ));
        }
    }
    Some(EvidenceKind::Document)
}
