//! The tender checker: semantic-error fixtures (one mistake each, snapshotted), clean
//! fixtures, the bundled library, the IR's shape, and the generated and hand-written docs
//! kept in sync with the code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tenderguard::diag::{self, Diagnostic, FileId, SourceMap, render_human};
use tenderguard::engine::ir::{ExprKind, PathRoot, VarId};
use tenderguard::engine::{self, NoFiles, SourceLoader, library};
use tenderguard::lang::{self, fmt};
use tenderguard::limits::Limits;

use crate::common::root;

/// Loads imports relative to the importing file's directory (like the CLI's loader).
#[derive(Default)]
struct DirLoader {
    dirs: BTreeMap<FileId, PathBuf>,
    pending: BTreeMap<String, PathBuf>,
}

impl SourceLoader for DirLoader {
    fn load(&mut self, spec: &str, from: FileId) -> Result<(String, String), String> {
        let dir = self.dirs.get(&from).cloned().ok_or("no dir")?;
        let path = dir.join(spec.trim_start_matches("./"));
        let text = std::fs::read_to_string(&path).map_err(|_| "no such file".to_owned())?;
        let name = path
            .strip_prefix(root())
            .unwrap_or(&path)
            .display()
            .to_string();
        self.pending
            .insert(name.clone(), path.parent().unwrap().to_path_buf());
        Ok((name, text))
    }

    fn registered(&mut self, name: &str, file: FileId) {
        if let Some(dir) = self.pending.remove(name) {
            self.dirs.insert(file, dir);
        }
    }
}

/// Compiles a fixture; returns all diagnostics and the source map. A first line
/// `// limits: max_import_depth=N` lowers that limit.
fn lint(rel: &str) -> (Vec<Diagnostic>, SourceMap, Option<engine::ir::Tender>) {
    let path = root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut limits = Limits::default();
    if let Some(n) = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("// limits: max_import_depth="))
    {
        limits.max_import_depth = n.trim().parse().unwrap();
    }
    let mut sources = SourceMap::new();
    let id = sources.add(rel, text);
    let mut loader = DirLoader::default();
    loader.dirs.insert(id, path.parent().unwrap().to_path_buf());
    match engine::compile(id, &mut sources, &mut loader, &limits) {
        Ok((t, w)) => (w, sources, Some(t)),
        Err(d) => (d, sources, None),
    }
}

fn fixtures(dir: &str, prefix: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".tg"))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    out.sort();
    out
}

/// The code a fixture is named after: `check-type-mismatch--version.tg` → `type-mismatch`.
fn code_of(path: &str) -> String {
    let stem = Path::new(path)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let code = stem.strip_prefix("check-").unwrap();
    code.split("--").next().unwrap().to_owned()
}

#[test]
fn each_semantic_fixture_reports_its_code_and_matches_its_snapshot() {
    let files = fixtures("tests/fixtures/lang/err", "check-");
    assert!(files.len() >= 25, "only {} fixtures", files.len());
    for f in &files {
        let (diags, sources, _) = lint(f);
        let code = code_of(f);
        assert!(
            diags.iter().any(|d| d.code.0 == code),
            "{f}: expected `{code}`, got {:?}",
            diags.iter().map(|d| d.code.0).collect::<Vec<_>>()
        );
        let name = Path::new(f)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        insta::assert_snapshot!(name, render_human(&diags, &sources, false));
    }
}

#[test]
fn every_error_code_of_the_engine_has_a_fixture() {
    let covered: BTreeSet<String> = fixtures("tests/fixtures/lang/err", "check-")
        .iter()
        .map(|f| code_of(f))
        .collect();
    for info in engine::CODES {
        assert!(
            covered.contains(info.code.0),
            "no fixture tests/fixtures/lang/err/check-{}.tg",
            info.code
        );
    }
}

#[test]
fn clean_fixtures_lint_clean() {
    let files = fixtures("tests/fixtures/lang/ok", "check-");
    assert!(!files.is_empty());
    for f in &files {
        let (diags, sources, tender) = lint(f);
        assert!(
            diags.is_empty(),
            "{f}:\n{}",
            render_human(&diags, &sources, false)
        );
        assert!(tender.is_some());
    }
}

#[test]
fn the_ir_carries_imports_params_and_typed_paths() {
    let (_, _, tender) = lint("tests/fixtures/lang/ok/check-full.tg");
    let t = tender.unwrap();
    assert_eq!(t.meta.id, "UTR-2027-017");
    assert_eq!(t.meta.languages, ["en", "nl"]);
    let ids: Vec<&str> = t.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "LC-1", "LC-2", "LC-5", "SBOM-1", "VULN-1", "CON-1", "AWD-1", "AWD-2", "AWD-3"
        ]
    );
    let lc2 = t.item("LC-2").unwrap();
    assert_eq!(lc2.set.as_deref(), Some("launching-customer"));
    assert!(
        lc2.origin
            .display
            .starts_with("<library>/launching-customer.tg:"),
        "{}",
        lc2.origin.display
    );
    assert!(
        lc2.text("en")
            .unwrap()
            .rendered
            .contains("at least 7 years after"),
        "{:?}",
        lc2.texts
    );
    assert!(
        lc2.text("en")
            .unwrap()
            .template
            .contains("{support_period}")
    );
    let param = t
        .params
        .iter()
        .find(|p| p.name == "support_period")
        .unwrap();
    assert!(param.overridden);
    // `support_period` was replaced by its literal inside the require.
    let req = format!("{:?}", lc2.requires[0].kind);
    assert!(req.contains("Years") && req.contains("amount: 7"), "{req}");
    // Quantifier variables are indexed by binder depth.
    let sbom1 = t.item("SBOM-1").unwrap();
    let ExprKind::Quant { var, body, .. } = &sbom1.requires[1].kind else {
        panic!()
    };
    assert_eq!(*var, VarId(0));
    let ExprKind::Satisfies { value, .. } = &body.kind else {
        panic!("{body:?}")
    };
    assert!(
        matches!(&value.kind, ExprKind::Path { root: PathRoot::Var(VarId(0)), fields } if fields == &["license"])
    );
    assert_eq!(t.questions.len(), 1);
    assert!(
        t.vocabulary
            .record("attestation.support")
            .unwrap()
            .field("hotline")
            .is_some()
    );
    assert_eq!(t.waivers[0].id, "LC-5");
}

#[test]
fn the_bundled_library_is_complete_clean_and_canonical() {
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("requirements"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tg"))
        .map(|n| n.trim_end_matches(".tg").to_owned())
        .collect();
    on_disk.sort();
    let table: Vec<String> = library::bundled()
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .collect();
    assert_eq!(
        on_disk, table,
        "requirements/*.tg and engine::library::bundled() differ"
    );
    for (name, src) in library::bundled() {
        let disk = std::fs::read_to_string(root().join(format!("requirements/{name}.tg"))).unwrap();
        assert_eq!(&disk, src);
        let mut sources = SourceMap::new();
        let id = sources.add(format!("requirements/{name}.tg"), *src);
        let result = engine::compile(id, &mut sources, &mut NoFiles, &Limits::default());
        match result {
            Ok((_, warnings)) => assert!(
                warnings.is_empty(),
                "{}",
                render_human(&warnings, &sources, false)
            ),
            Err(d) => panic!("{}", render_human(&d, &sources, false)),
        }
        let ast = lang::parse(id, src, &Limits::default()).unwrap();
        let canonical = fmt::format(&ast);
        if std::env::var_os("TG_BLESS").is_some() {
            std::fs::write(root().join(format!("requirements/{name}.tg")), &canonical).unwrap();
        }
        assert_eq!(
            canonical, *src,
            "requirements/{name}.tg is not formatted canonically (TG_BLESS=1 rewrites it)"
        );
    }
}

#[test]
fn vocabulary_doc_is_up_to_date() {
    let path = root().join("docs/vocabulary.md");
    let want = engine::docs::vocabulary_markdown();
    if std::env::var_os("TG_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/vocabulary.md is stale: regenerate with `TG_BLESS=1 cargo test --test integration vocabulary_doc`"
    );
}

#[test]
fn diagnostics_doc_lists_exactly_the_registered_codes() {
    let text = std::fs::read_to_string(root().join("docs/diagnostics.md")).unwrap();
    let documented: BTreeSet<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("### `").and_then(|l| l.strip_suffix('`')))
        .map(str::to_owned)
        .collect();
    let registered: BTreeSet<String> = diag::all_codes()
        .iter()
        .map(|c| c.code.0.to_owned())
        .collect();
    let missing: Vec<_> = registered.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&registered).collect();
    assert!(
        missing.is_empty(),
        "codes without a `### \\`code\\`` heading in docs/diagnostics.md: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "headings in docs/diagnostics.md for codes nobody emits: {stale:?}"
    );
}
