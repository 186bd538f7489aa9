//! Reading and compiling a tender from the file system: the only place the CLI turns a
//! `.tg` path into a checked tender. `use "./x.tg"` imports resolve against the importing
//! file's directory and may not leave it (symlinks included).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tenderguard::diag::{Diagnostic, FileId, SourceMap};
use tenderguard::engine::{SourceLoader, ir};
use tenderguard::limits::Limits;

/// A compiled tender with its sources (for diagnostics and explanations) and warnings.
#[derive(Debug)]
pub struct Compiled {
    pub tender: ir::Tender,
    pub sources: SourceMap,
    pub warnings: Vec<Diagnostic>,
}

/// Reads, parses, resolves and checks the tender at `path`. `Err(Ok(..))` is never used:
/// the outer error is an I/O failure, the inner one the tender's diagnostics.
pub fn compile(
    path: &Path,
    limits: &Limits,
) -> anyhow::Result<Result<Compiled, (Vec<Diagnostic>, SourceMap)>> {
    let text = read(path, limits)?;
    let mut sources = SourceMap::new();
    let root = sources.add(path.display().to_string(), text);
    let mut loader = DirLoader::new(limits.max_source_bytes);
    loader.dirs.insert(root, dir_of(path));
    Ok(
        match tenderguard::engine::compile_with(
            tenderguard::lang::parse,
            root,
            &mut sources,
            &mut loader,
            limits,
        ) {
            Ok((tender, warnings)) => Ok(Compiled {
                tender,
                sources,
                warnings,
            }),
            Err(diags) => Err((diags, sources)),
        },
    )
}

/// Compiles the tender and prints its diagnostics (warnings included); `None` when it has
/// errors, which the caller turns into exit code 2.
pub fn compile_reported(
    path: &Path,
    limits: &Limits,
    format: crate::output::ErrorFormat,
) -> anyhow::Result<Option<Compiled>> {
    Ok(match compile(path, limits)? {
        Ok(c) => {
            crate::output::print_diagnostics(&c.warnings, &c.sources, format);
            Some(c)
        }
        Err((diags, sources)) => {
            crate::output::print_diagnostics(&diags, &sources, format);
            None
        }
    })
}

/// Reads a `.tg` file, refusing one over the source-size limit before reading it.
pub fn read(path: &Path, limits: &Limits) -> anyhow::Result<String> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    if meta.len() > limits.max_source_bytes {
        anyhow::bail!(
            "`{}` has {} bytes, more than the limit of {} for a `.tg` file (raise it with `--max-source-bytes`)",
            path.display(),
            meta.len(),
            limits.max_source_bytes
        );
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))
}

pub fn dir_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Loads `use "./x.tg"` imports from the importing file's directory, refusing any file
/// that resolves (through symlinks) outside it, or one larger than `max_source_bytes`.
#[derive(Debug)]
pub struct DirLoader {
    pub dirs: BTreeMap<FileId, PathBuf>,
    pending: BTreeMap<String, PathBuf>,
    max_source_bytes: u64,
}

impl DirLoader {
    pub fn new(max_source_bytes: u64) -> Self {
        DirLoader {
            dirs: BTreeMap::new(),
            pending: BTreeMap::new(),
            max_source_bytes,
        }
    }
}

impl SourceLoader for DirLoader {
    fn load(&mut self, spec: &str, from: FileId) -> Result<(String, String), String> {
        let dir = self
            .dirs
            .get(&from)
            .cloned()
            .ok_or("the importing file has no directory")?;
        let path = dir.join(spec.trim_start_matches("./"));
        let real = path.canonicalize().map_err(|e| e.to_string())?;
        let real_dir = dir.canonicalize().map_err(|e| e.to_string())?;
        if !real.starts_with(&real_dir) {
            return Err("it resolves outside the importing file's directory".to_owned());
        }
        let len = std::fs::metadata(&real).map_err(|e| e.to_string())?.len();
        if len > self.max_source_bytes {
            return Err(format!(
                "it has {len} bytes, more than the limit of {} (raise it with `--max-source-bytes`)",
                self.max_source_bytes
            ));
        }
        let text = std::fs::read_to_string(&real).map_err(|e| e.to_string())?;
        let name = path.display().to_string();
        self.pending.insert(name.clone(), dir_of(&path));
        Ok((name, text))
    }

    fn registered(&mut self, name: &str, file: FileId) {
        if let Some(dir) = self.pending.remove(name) {
            self.dirs.insert(file, dir);
        }
    }
}
