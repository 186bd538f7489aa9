//! Imports and parameters: from a root tender to one flat, ordered set of clauses.
//!
//! Input: the root file (already registered in a [`SourceMap`]), a [`SourceLoader`] for
//! `use "./x.tg"` files and the [`Limits`]. Bundled sets (`use "launching-customer"`) come
//! from [`crate::engine::library`] and never reach the loader. Output: a [`Resolved`] set:
//! the clauses and criteria in tender order (each with the parameter [`Scope`] of the `use`
//! that brought it in), the tender header, questions and waivers; or every error found.
//!
//! Every `use` gets its own scope: the imported file's `param` defaults, replaced by the
//! importer's `with { … }` overrides (same type required). A set's items are its own plus
//! those it imports; a selection `{ ID, … }` picks among all of them.
//!
//! This module does no I/O (the loader does) and checks no paths or types (`check` does).

use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use crate::diag::{Diagnostic, FileId, Location, SourceMap, Span, Spanned, did_you_mean};
use crate::engine::codes;
use crate::engine::ir::literal_ty;
use crate::engine::library;
use crate::lang::ast::{self, Item, Literal};
use crate::limits::Limits;

/// Reads the files a tender imports with `use "./x.tg"`. The library never touches the
/// file system itself: the CLI implements this over a directory (refusing paths that
/// escape it), tests over a map.
pub trait SourceLoader {
    /// Loads `spec` (a relative path ending in `.tg`, already checked to contain no `..`
    /// and not to be absolute) as imported from file `from`. Returns the name to show in
    /// diagnostics and the text, or why it cannot.
    fn load(&mut self, spec: &str, from: FileId) -> Result<(String, String), String>;

    /// Told the id under which a text returned by [`load`](Self::load) was registered, so
    /// that imports *from* that file can be resolved against its directory.
    fn registered(&mut self, _name: &str, _file: FileId) {}
}

/// A loader for when only bundled sets may be imported.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoFiles;

impl SourceLoader for NoFiles {
    fn load(&mut self, _spec: &str, _from: FileId) -> Result<(String, String), String> {
        Err("file imports are not available here".to_owned())
    }
}

/// Identifies one parameter scope (one per file instance: the root, and every `use`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(pub usize);

/// A parameter bound in one scope.
#[derive(Debug, Clone)]
pub struct BoundParam {
    pub name: String,
    /// The value in force (the default, or the override with the override's span).
    pub value: Spanned<Literal>,
    /// The file and span of the `param` declaration.
    pub file: FileId,
    pub decl: Span,
    pub overridden: bool,
}

/// The parameters of one file instance.
#[derive(Debug, Clone)]
pub struct Scope {
    pub file: FileId,
    /// `None` for the root, else the `use` spec that created it.
    pub set: Option<String>,
    pub params: BTreeMap<String, BoundParam>,
    /// Declaration order of `params`.
    pub order: Vec<String>,
}

/// A clause or criterion as written.
#[derive(Debug, Clone)]
pub enum ItemAst {
    Clause(Arc<Spanned<ast::Clause>>),
    Criterion(Arc<Spanned<ast::Criterion>>),
}

impl ItemAst {
    pub fn id(&self) -> &Spanned<String> {
        match self {
            ItemAst::Clause(c) => &c.id,
            ItemAst::Criterion(c) => &c.id,
        }
    }
}

/// One selected item and where it belongs.
#[derive(Debug, Clone)]
pub struct ResolvedItem {
    pub file: FileId,
    pub scope: ScopeId,
    pub item: ItemAst,
}

/// A tender with its imports flattened.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub root: FileId,
    pub header: Option<Spanned<ast::Tender>>,
    pub items: Vec<ResolvedItem>,
    pub scopes: Vec<Scope>,
    pub questions: Vec<(FileId, Spanned<ast::Question>)>,
    pub waivers: Vec<(FileId, Spanned<ast::Waive>)>,
}

/// Parses a source text (in production `lang::parse`).
pub type ParseFn = fn(FileId, &str, &Limits) -> Result<ast::File, Vec<Diagnostic>>;

/// Resolves the root file's imports. Errors (and warnings) are appended to `diags`; the
/// result is usable for checking even when errors were found.
pub fn resolve(
    root: FileId,
    file: &ast::File,
    sources: &mut SourceMap,
    loader: &mut dyn SourceLoader,
    limits: &Limits,
    parse: ParseFn,
    diags: &mut Vec<Diagnostic>,
) -> Resolved {
    let mut r = Resolver {
        sources,
        loader,
        limits,
        parse,
        diags,
        cache: BTreeMap::new(),
        stack: vec![(String::from("<root>"), root)],
        out: Resolved {
            root,
            header: file.tender.clone(),
            items: Vec::new(),
            scopes: Vec::new(),
            questions: Vec::new(),
            waivers: Vec::new(),
        },
    };
    let items = r.file_items(root, file, None, &[], root);
    r.out.items = items;
    duplicate_ids(&r.out.items, r.diags);
    r.out
}

struct Resolver<'a> {
    sources: &'a mut SourceMap,
    loader: &'a mut dyn SourceLoader,
    limits: &'a Limits,
    parse: ParseFn,
    diags: &'a mut Vec<Diagnostic>,
    /// Parsed imports by key (`<library>/name.tg` or the loader's display name).
    cache: BTreeMap<String, Option<(FileId, Rc<ast::File>)>>,
    /// The chain of imports being resolved: key and file.
    stack: Vec<(String, FileId)>,
    out: Resolved,
}

impl Resolver<'_> {
    /// The items of one file instance, with imports expanded in place.
    fn file_items(
        &mut self,
        file: FileId,
        ast: &ast::File,
        set: Option<String>,
        overrides: &[ast::ParamOverride],
        importer: FileId,
    ) -> Vec<ResolvedItem> {
        let scope = self.scope(file, ast, set, overrides, importer);
        let mut items = Vec::new();
        for item in &ast.items {
            match item {
                Item::Use(u) => items.extend(self.import(file, u)),
                Item::Clause(c) => items.push(ResolvedItem {
                    file,
                    scope,
                    item: ItemAst::Clause(c.clone()),
                }),
                Item::Criterion(c) => items.push(ResolvedItem {
                    file,
                    scope,
                    item: ItemAst::Criterion(c.clone()),
                }),
                Item::Question(q) => self.out.questions.push((file, q.clone())),
                Item::Waive(w) => self.out.waivers.push((file, w.clone())),
                Item::Param(_) => {}
            }
        }
        items
    }

    /// Builds the parameter scope of a file instance and applies the importer's overrides.
    fn scope(
        &mut self,
        file: FileId,
        ast: &ast::File,
        set: Option<String>,
        overrides: &[ast::ParamOverride],
        importer: FileId,
    ) -> ScopeId {
        let mut scope = Scope {
            file,
            set,
            params: BTreeMap::new(),
            order: Vec::new(),
        };
        for item in &ast.items {
            if let Item::Param(p) = item {
                self.declare(&mut scope, file, p);
            }
        }
        for o in overrides {
            self.apply_override(&mut scope, o, importer);
        }
        let id = ScopeId(self.out.scopes.len());
        self.out.scopes.push(scope);
        id
    }

    fn declare(&mut self, scope: &mut Scope, file: FileId, p: &Spanned<ast::Param>) {
        let name = &p.name;
        if crate::evidence::schema::ROOTS
            .iter()
            .any(|r| r.name == name.node)
        {
            self.diags.push(
                Diagnostic::error(
                    codes::RESERVED_PARAM_NAME,
                    format!("parameter `{}` has the name of an evidence root", name.node),
                )
                .at_span(file, name.span)
                .with_label("reserved name")
                .with_help("rename the parameter, e.g. `min_support`"),
            );
            return;
        }
        if let Some(first) = scope.params.get(&name.node) {
            self.diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_PARAM,
                    format!("parameter `{}` is declared twice", name.node),
                )
                .at_span(file, name.span)
                .with_label("declared again here")
                .with_secondary(
                    Location::source(first.file, first.decl),
                    "first declared here",
                ),
            );
            return;
        }
        scope.order.push(name.node.clone());
        scope.params.insert(
            name.node.clone(),
            BoundParam {
                name: name.node.clone(),
                value: p.value.clone(),
                file,
                decl: name.span,
                overridden: false,
            },
        );
    }

    fn apply_override(&mut self, scope: &mut Scope, o: &ast::ParamOverride, importer: FileId) {
        let set = scope.set.clone().unwrap_or_default();
        let Some(param) = scope.params.get_mut(&o.name.node) else {
            let names: Vec<&str> = scope.order.iter().map(String::as_str).collect();
            let mut d = Diagnostic::error(
                codes::UNKNOWN_PARAM,
                format!("set `{set}` has no parameter `{}`", o.name.node),
            )
            .at_span(importer, o.name.span)
            .with_label("unknown parameter");
            d = match did_you_mean(&o.name.node, names.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None if names.is_empty() => d.with_help(format!("`{set}` declares no parameters")),
                None => d.with_help(format!("its parameters are: {}", backticked(&names))),
            };
            self.diags.push(d);
            return;
        };
        let (want, got) = (literal_ty(&param.value.node), literal_ty(&o.value.node));
        if want != got {
            self.diags.push(
                Diagnostic::error(
                    codes::OVERRIDE_TYPE_MISMATCH,
                    format!(
                        "parameter `{}` is a `{want}`, but the override is a `{got}`",
                        o.name.node
                    ),
                )
                .at_span(importer, o.value.span)
                .with_label(format!("expected `{want}`"))
                .with_secondary(Location::source(param.file, param.decl), "declared here"),
            );
            return;
        }
        param.value = o.value.clone();
        param.overridden = true;
    }

    /// Expands one `use`: load, recurse, select.
    fn import(&mut self, from: FileId, u: &Spanned<ast::Use>) -> Vec<ResolvedItem> {
        if self.stack.len() > self.limits.max_import_depth {
            self.diags.push(
                Diagnostic::error(
                    codes::IMPORT_TOO_DEEP,
                    format!(
                        "imports nest deeper than the limit of {}",
                        self.limits.max_import_depth
                    ),
                )
                .at_span(from, u.set.span)
                .with_label("one import too many"),
            );
            return Vec::new();
        }
        let Some((key, file, ast)) = self.load(from, &u.set) else {
            return Vec::new();
        };
        if let Some(pos) = self.stack.iter().position(|(k, _)| *k == key) {
            let mut chain: Vec<&str> = self
                .stack
                .iter()
                .skip(pos)
                .map(|(k, _)| k.as_str())
                .collect();
            chain.push(key.as_str());
            self.diags.push(
                Diagnostic::error(
                    codes::IMPORT_CYCLE,
                    format!("import cycle: {}", chain.join(" → ")),
                )
                .at_span(from, u.set.span)
                .with_label("this import closes the cycle")
                .with_help("remove one of the imports in the chain"),
            );
            return Vec::new();
        }
        if let Some(h) = &ast.tender {
            let mut d = Diagnostic::error(
                codes::IMPORTED_TENDER_HEADER,
                format!("imported file `{}` has a tender header", u.set.node),
            )
            .at_span(file, h.id.span)
            .with_label("a second tender header")
            .with_help("an imported file holds clauses only: move the header to the tender");
            if let Some(root) = &self.out.header {
                d = d.with_secondary(
                    Location::source(self.out.root, root.id.span),
                    "the tender's header",
                );
            }
            self.diags.push(d);
        }
        self.stack.push((key, file));
        let items = self.file_items(file, &ast, Some(u.set.node.clone()), &u.overrides, from);
        self.stack.pop();
        self.select(from, u, items)
    }

    /// Keeps the selected ids (all when there is no selection) and reports unknown ones.
    fn select(
        &mut self,
        from: FileId,
        u: &ast::Use,
        items: Vec<ResolvedItem>,
    ) -> Vec<ResolvedItem> {
        let Some(selection) = &u.selection else {
            return items;
        };
        for want in selection {
            if items.iter().all(|i| i.item.id().node != want.node) {
                let ids: Vec<&str> = items.iter().map(|i| i.item.id().node.as_str()).collect();
                let mut d = Diagnostic::error(
                    codes::UNKNOWN_CLAUSE,
                    format!("set `{}` has no clause `{}`", u.set.node, want.node),
                )
                .at_span(from, want.span)
                .with_label("not in the set");
                d = match did_you_mean(&want.node, ids.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!("the set has: {}", backticked(&ids))),
                };
                self.diags.push(d);
            }
        }
        items
            .into_iter()
            .filter(|i| selection.iter().any(|s| s.node == i.item.id().node))
            .collect()
    }

    /// Finds, reads, registers and parses an imported file (once per key).
    fn load(
        &mut self,
        from: FileId,
        spec: &Spanned<String>,
    ) -> Option<(String, FileId, Rc<ast::File>)> {
        let (key, name, text) = self.fetch(from, spec)?;
        if let Some(cached) = self.cache.get(&key) {
            return cached.clone().map(|(f, a)| (key, f, a));
        }
        let file = self.sources.add(name.clone(), text.clone());
        self.loader.registered(&name, file);
        let parsed = match (self.parse)(file, &text, self.limits) {
            Ok(ast) => Some((file, Rc::new(ast))),
            Err(errs) => {
                self.diags.extend(errs);
                None
            }
        };
        self.cache.insert(key.clone(), parsed.clone());
        parsed.map(|(f, a)| (key, f, a))
    }

    /// The key, display name and text of an import spec.
    fn fetch(&mut self, from: FileId, spec: &Spanned<String>) -> Option<(String, String, String)> {
        let s = spec.node.as_str();
        let is_path = s.contains('/') || s.ends_with(".tg") || s.contains('\\');
        let from_bundled = self.sources.name(from).starts_with(library::PREFIX);
        if !is_path || from_bundled {
            let name = s
                .strip_prefix("./")
                .and_then(|n| n.strip_suffix(".tg"))
                .unwrap_or(s);
            return match library::find(name) {
                Some(text) => {
                    let display = format!("{}{name}.tg", library::PREFIX);
                    Some((display.clone(), display, text.to_owned()))
                }
                None => {
                    self.unknown_set(from, spec);
                    None
                }
            };
        }
        if let Err(why) = check_relative(s) {
            self.diags.push(
                Diagnostic::error(
                    codes::INVALID_IMPORT_PATH,
                    format!("cannot import `{s}`: {why}"),
                )
                .at_span(from, spec.span)
                .with_label("invalid import path")
                .with_help("write a path relative to this file, e.g. `\"./parts/security.tg\"`"),
            );
            return None;
        }
        match self.loader.load(s, from) {
            Ok((name, text)) => Some((name.clone(), name, text)),
            Err(why) => {
                self.diags.push(
                    Diagnostic::error(codes::IMPORT_NOT_FOUND, format!("cannot read `{s}`: {why}"))
                        .at_span(from, spec.span)
                        .with_label("imported here"),
                );
                None
            }
        }
    }

    fn unknown_set(&mut self, from: FileId, spec: &Spanned<String>) {
        let names: Vec<&str> = library::bundled().iter().map(|(n, _)| *n).collect();
        let mut d = Diagnostic::error(
            codes::UNKNOWN_SET,
            format!("there is no bundled clause set `{}`", spec.node),
        )
        .at_span(from, spec.span)
        .with_label("unknown set");
        d = match did_you_mean(&spec.node, names.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!(
                "bundled sets: {}; a file import is a relative path ending in `.tg`",
                backticked(&names)
            )),
        };
        self.diags.push(d);
    }
}

/// A relative import path must stay below the importing file's directory.
fn check_relative(s: &str) -> Result<(), &'static str> {
    if !s.ends_with(".tg") {
        return Err("a file import must end in `.tg`");
    }
    if s.starts_with('/') || s.contains('\\') || s.contains(':') {
        return Err("only relative paths with `/` are allowed");
    }
    if s.split('/').any(|seg| seg == "..") {
        return Err("the path leaves the importing file's directory");
    }
    Ok(())
}

/// `` `a`, `b`, `c` ``
pub(crate) fn backticked(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// Reports every clause or criterion id defined more than once.
fn duplicate_ids(items: &[ResolvedItem], diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, &ResolvedItem> = BTreeMap::new();
    for item in items {
        let id = item.item.id();
        match seen.get(id.node.as_str()) {
            Some(first) => diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_ID,
                    format!("`{}` is defined twice", id.node),
                )
                .at_span(item.file, id.span)
                .with_label("defined again here")
                .with_secondary(
                    Location::source(first.file, first.item.id().span),
                    "first defined here",
                )
                .with_help("give each clause and criterion its own id, or import it once"),
            ),
            None => {
                seen.insert(id.node.as_str(), item);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_below() {
        assert!(check_relative("./a.tg").is_ok());
        assert!(check_relative("parts/a.tg").is_ok());
        assert!(check_relative("../a.tg").is_err());
        assert!(check_relative("/etc/a.tg").is_err());
        assert!(check_relative("./a.txt").is_err());
        assert!(check_relative("c:/a.tg").is_err());
    }
}
