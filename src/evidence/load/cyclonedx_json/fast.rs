//! The fast route of the CycloneDX JSON reader: the `json_pull` reader fills the same raw
//! shape the serde route does (`RawBom`'s document fields, `RawComponent`s handed one by one
//! to a [`ComponentPass`], `RawDependency`s to a [`DependencyPass`]), so checks, conversion
//! and diagnostics after reading are shared.
//!
//! It gives up ([`GiveUp`]) at anything it is not sure the serde route reads the same way:
//! invalid JSON, a repeated key the raw shape reads (even after a `null`, which serde lets a
//! repeat replace in a few places), a value of a type the raw shape does not expect
//! (including serde's array form of a struct), nesting deeper than the limit. The caller then
//! runs the serde route, which names the problem. Parts that are small and rarely large
//! (`metadata`, `services`, `vulnerabilities`, `citations`) are checked by the pull reader
//! and then read by serde from their own slice of the text.
//!
//! A repeated key is caught after its value is read (the result is thrown away anyway).
//!
//! A `components` array of more than a chunk (1 MiB) is cut into chunks read on threads of
//! their own ([`components`]); the thread whose chunk ends the array reads the
//! `dependencies` that follow it. Chunk boundaries are guessed and proven, never trusted.

use serde::Deserialize;

use super::Parsed;
use crate::evidence::load::cyclonedx::{
    ComponentPass, DependencyPass, RawAttachment, RawBom, RawComponent, RawDependency, RawEntity,
    RawExternalRef, RawHash, RawIssue, RawLicense, RawLicenseChoice, RawPatch, RawPedigree,
    RawProperty, RawSwid, S,
};
use crate::evidence::load::json_pull::{GiveUp, R, Reader};
use crate::evidence::model::Source;
use crate::limits::Limits;

/// How the `components` array may be cut into chunks read on threads of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Split {
    /// At most this many chunks (threads).
    pub threads: usize,
    /// A chunk is at least this many bytes long.
    pub min_bytes: usize,
}

impl Split {
    /// As many chunks as the machine has cores, up to 8, of at least 1 MiB.
    pub fn machine() -> Split {
        Split {
            threads: crate::lang::available_threads().min(8),
            min_bytes: 1 << 20,
        }
    }
}

/// Reads the document (the components in chunks as `split` allows), or gives up.
pub(super) fn parse<'t, 'l>(
    file: &'l str,
    text: &'t str,
    source: &Source,
    limits: &'l Limits,
    split: Split,
) -> R<Parsed<'t, 'l>> {
    let mut r = Reader::new(text, limits.max_depth);
    let mut bom = RawBom::default();
    let mut pass: Option<ComponentPass<'l>> = None;
    let mut deps: Option<DependencyPass> = None;
    let mut spare = Spare::default();
    let mut ahead: Option<Ahead<'t>> = None;
    fields(&mut r, |r, key| {
        Ok(match key {
            "bomFormat" => {
                bom.bom_format = opt_s(r)?;
                0
            }
            "specVersion" => {
                bom.spec_version = opt_s(r)?;
                1
            }
            "serialNumber" => {
                bom.serial_number = opt_s(r)?;
                2
            }
            "metadata" => {
                bom.metadata = by_serde(r)?;
                3
            }
            "components" => {
                match bom.spec_version.as_deref() {
                    Some(spec) => {
                        let new = || ComponentPass::new(file, spec, source, limits);
                        let p = pass.insert(new());
                        ahead = components(r, p, &new, &mut spare, split, (file, source))?;
                    }
                    None => bom.components = opt_list(r, Vec::new(), |r| component(r, &mut spare))?,
                }
                4
            }
            "services" => {
                bom.services = by_serde(r)?;
                5
            }
            "dependencies" => {
                let at = r.at();
                deps = Some(match ahead.take().filter(|a| a.at == at) {
                    // read already, from this very place, on the thread of the last chunk
                    Some(a) => {
                        #[cfg(test)]
                        AHEAD.with(|n| n.set(n.get() + 1));
                        r.take_over(&a.end);
                        a.deps
                    }
                    None => dependencies(r, file, source)?,
                });
                6
            }
            "vulnerabilities" => {
                bom.vulnerabilities = by_serde(r)?;
                7
            }
            "citations" => {
                bom.citations = by_serde(r)?;
                8
            }
            _ => {
                r.skip_value()?;
                OTHER
            }
        })
    })?;
    r.end()?;
    Ok((bom, pass, deps))
}

/// Reads the `components` array into `pass`. A long array is cut into chunks read on threads
/// of their own, each into a pass of its own (`new`), appended in order: the result is
/// the same as reading it in one go.
///
/// Where a chunk starts is a guess ([`Reader::element_after`]: the shallowest `,{` in a
/// window after an even share of the remaining text; it may still be inside a string or
/// a nested array). The reader of the chunk before reads on until its next element starts
/// exactly there, which proves the guess an element boundary of this array; if it never
/// does, it reads on to the end of the array and the later chunk is thrown away. A chunk
/// that gives up is the whole file's giving up only when its start was proven. A chunk
/// whose thread cannot be started is read by the chunk before, on.
fn components<'t, 'l>(
    r: &mut Reader<'t>,
    pass: &mut ComponentPass<'l>,
    new: &(impl Fn() -> ComponentPass<'l> + Sync),
    spare: &mut Spare<'t>,
    split: Split,
    (file, source): (&str, &Source),
) -> R<Option<Ahead<'t>>> {
    if r.null()? || !r.begin_array()? {
        return Ok(None);
    }
    let first = r.at();
    let rest = r.remaining();
    let chunks = (rest / split.min_bytes.max(1)).clamp(1, split.threads.max(1));
    let mut starts: Vec<usize> = Vec::with_capacity(chunks);
    for k in 1..chunks {
        let guess = first + rest / chunks * k;
        match r.element_after(guess.max(starts.last().map_or(first, |s| s + 1))) {
            Some(s) => starts.push(s),
            None => break,
        }
    }
    if starts.is_empty() {
        return chunk(r, pass, spare, None, rest).map(|_| None);
    }
    let start = *r;
    let outcome = std::thread::scope(|scope| {
        let later: Vec<_> = starts
            .iter()
            .enumerate()
            .map(|(k, &at)| {
                let stop = starts.get(k + 1).copied();
                let thread = std::thread::Builder::new().name("tenderguard-chunk".into());
                thread.spawn_scoped(scope, move || {
                    let mut r = start.resume(at);
                    let mut pass = new();
                    let span = stop.unwrap_or(first + rest).saturating_sub(at);
                    let end = chunk(&mut r, &mut pass, &mut Spare::default(), stop, span)?;
                    let after = r;
                    let ahead = match end {
                        End::Closed => read_ahead(&mut r, file, source),
                        End::Met => None,
                    };
                    Ok((after, pass, end, ahead))
                })
            })
            .collect();
        // this pass ends up holding every chunk's components
        let mut end = chunk(r, pass, spare, starts.first().copied(), rest)?;
        let mut ahead = None;
        for (k, handle) in later.into_iter().enumerate() {
            if end == End::Closed {
                break;
            }
            let Ok(handle) = handle else {
                // its thread could not be started: read that chunk here
                end = chunk(r, pass, spare, starts.get(k + 1).copied(), 0)?;
                ahead = None;
                continue;
            };
            let (next, next_pass, next_end, next_ahead) = handle.join().map_err(|_| GiveUp)??;
            if !pass.append(next_pass) {
                return Ok(None);
            }
            #[cfg(test)]
            APPENDED.with(|n| n.set(n.get() + 1));
            r.take_over(&next);
            end = next_end;
            ahead = next_ahead;
        }
        Ok(Some(ahead))
    })?;
    match outcome {
        Some(ahead) => Ok(ahead),
        None => {
            // a bom-ref repeated across chunks, or the component limit: read it in one go
            *r = start;
            *pass = new();
            chunk(r, pass, spare, None, rest).map(|_| None)
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Chunks appended on this thread: the tests check that chunks are really read.
    pub(super) static APPENDED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// `dependencies` arrays read ahead and used.
    pub(super) static AHEAD: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How a chunk of an array ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// At the `]` of the array.
    Closed,
    /// Where the next chunk starts.
    Met,
}

/// Reads components into `pass` up to the end of the array or up to the element that starts
/// at `stop`. `span` is about how many bytes of components `pass` will hold in the end,
/// from here: after the first components it makes room for as many as that suggests, so
/// the component list and the bom-ref set are not grown again and again.
fn chunk<'t>(
    r: &mut Reader<'t>,
    pass: &mut ComponentPass<'_>,
    spare: &mut Spare<'t>,
    stop: Option<usize>,
    span: usize,
) -> R<End> {
    let mut estimate = Estimate::new(r.at(), span);
    let mut c = RawComponent::default();
    loop {
        component_into(r, &mut c, spare)?;
        pass.add(&c);
        spare.recycle(&mut c);
        if let Some(n) = estimate.entry(r.at()) {
            pass.reserve(n);
        }
        if !r.more_in_array()? {
            return Ok(End::Closed);
        }
        if stop.is_some() && stop == Some(r.at()) {
            return Ok(End::Met);
        }
    }
}

/// How many entries a list will hold, guessed from the bytes its first entries took: room
/// is made once for that many, so a long list is not grown again and again.
struct Estimate {
    /// Where the first entry starts.
    begin: usize,
    /// About how many bytes of entries there are, from `begin`.
    span: usize,
    read: usize,
}

impl Estimate {
    const SAMPLE: usize = 64;

    fn new(begin: usize, span: usize) -> Estimate {
        Estimate {
            begin,
            span,
            read: 0,
        }
    }

    /// Counts an entry that ended at `at`; after the first [`Estimate::SAMPLE`], once,
    /// about how many entries `span` holds.
    fn entry(&mut self, at: usize) -> Option<usize> {
        self.read += 1;
        (self.read == Self::SAMPLE).then(|| {
            let each = at.saturating_sub(self.begin) / Self::SAMPLE;
            self.span / each.max(1)
        })
    }
}

/// The `dependencies` array, converted entry by entry.
fn dependencies(r: &mut Reader<'_>, file: &str, source: &Source) -> R<DependencyPass> {
    let mut d = DependencyPass::new(file, source);
    let mut targets = Vec::new();
    // room for about as many as the rest of the text holds
    let mut estimate = Estimate::new(r.at(), r.remaining());
    each(r, |r| {
        let dep = dependency(r, std::mem::take(&mut targets))?;
        d.add(&dep);
        if let Some(n) = estimate.entry(r.at()) {
            d.reserve(n);
        }
        if let Some(mut t) = dep.depends_on {
            t.clear();
            targets = t;
        }
        Ok(())
    })?;
    Ok(d)
}

/// The `dependencies` array read ahead by the thread whose chunk of `components` reached
/// its end (writers put `dependencies` right after), so the two arrays are read in
/// parallel too.
struct Ahead<'t> {
    /// Where its value starts: it counts only if the document's reader gets there.
    at: usize,
    deps: DependencyPass,
    /// The reader after it.
    end: Reader<'t>,
}

/// After the `]` of `components`: reads `, "dependencies": [...]` when that comes next.
fn read_ahead<'t>(r: &mut Reader<'t>, file: &str, source: &Source) -> Option<Ahead<'t>> {
    if !r.more_in_object().ok()? || r.key().ok()? != "dependencies" {
        return None;
    }
    let at = r.at();
    let deps = dependencies(r, file, source).ok()?;
    Some(Ahead { at, deps, end: *r })
}

/// The bit of a key that is not read (and may repeat).
const OTHER: u32 = u32::MAX;

/// Reads an object whose members `member` reads (returning the key's bit, 0..32, or
/// [`OTHER`]), giving up when a bit comes twice.
#[inline]
fn fields<'t>(
    r: &mut Reader<'t>,
    mut member: impl FnMut(&mut Reader<'t>, &str) -> R<u32>,
) -> R<()> {
    if !r.begin_object()? {
        return Ok(());
    }
    let mut seen = 0u32;
    loop {
        let key = r.key()?;
        let bit = member(r, &key)?;
        if bit != OTHER {
            let mask = 1u32.checked_shl(bit).ok_or(GiveUp)?;
            if seen & mask != 0 {
                return Err(GiveUp);
            }
            seen |= mask;
        }
        if !r.more_in_object()? {
            return Ok(());
        }
    }
}

/// `null` or an array whose elements `item` reads, one at a time.
fn each<'t>(r: &mut Reader<'t>, mut item: impl FnMut(&mut Reader<'t>) -> R<()>) -> R<()> {
    if r.null()? || !r.begin_array()? {
        return Ok(());
    }
    loop {
        item(r)?;
        if !r.more_in_array()? {
            return Ok(());
        }
    }
}

/// `null` (None) or an array of what `item` reads, collected into `into` (empty).
#[inline]
fn opt_list<'t, T>(
    r: &mut Reader<'t>,
    mut into: Vec<T>,
    mut item: impl FnMut(&mut Reader<'t>) -> R<T>,
) -> R<Option<Vec<T>>> {
    if r.null()? {
        return Ok(None);
    }
    if r.begin_array()? {
        loop {
            into.push(item(r)?);
            if !r.more_in_array()? {
                break;
            }
        }
    }
    Ok(Some(into))
}

/// `null` (None) or an object `item` reads.
fn opt_object<'t, T>(
    r: &mut Reader<'t>,
    item: impl FnOnce(&mut Reader<'t>) -> R<T>,
) -> R<Option<T>> {
    if r.null()? {
        Ok(None)
    } else {
        item(r).map(Some)
    }
}

/// `null` (None) or a string.
#[inline]
fn opt_s<'t>(r: &mut Reader<'t>) -> R<Option<S<'t>>> {
    if r.null()? {
        Ok(None)
    } else {
        r.string().map(|s| Some(S(s)))
    }
}

/// `null` (None) or a boolean.
fn opt_bool(r: &mut Reader<'_>) -> R<Option<bool>> {
    if r.null()? {
        Ok(None)
    } else {
        r.boolean().map(Some)
    }
}

/// A value checked by the pull reader, then read by serde from its own text.
fn by_serde<'t, T: Deserialize<'t>>(r: &mut Reader<'t>) -> R<T> {
    let raw = r.raw_value()?;
    serde_json::from_str(raw).map_err(|_| GiveUp)
}

/// Emptied lists of the last top-level component, reused by the next (their allocations
/// would otherwise be made and freed once per component).
#[derive(Default)]
struct Spare<'t> {
    hashes: Vec<RawHash<'t>>,
    licenses: Vec<RawLicenseChoice<'t>>,
    external_references: Vec<RawExternalRef<'t>>,
    properties: Vec<RawProperty<'t>>,
}

impl<'t> Spare<'t> {
    /// Empties `c` for the next component, keeping its lists' room.
    fn recycle(&mut self, c: &mut RawComponent<'t>) {
        fn keep<T>(list: Option<Vec<T>>, into: &mut Vec<T>) {
            if let Some(mut l) = list {
                l.clear();
                if l.capacity() > into.capacity() {
                    *into = l;
                }
            }
        }
        keep(c.hashes.take(), &mut self.hashes);
        keep(c.licenses.take(), &mut self.licenses);
        keep(c.external_references.take(), &mut self.external_references);
        keep(c.properties.take(), &mut self.properties);
        *c = RawComponent::default();
    }
}

fn component<'t>(r: &mut Reader<'t>, spare: &mut Spare<'t>) -> R<RawComponent<'t>> {
    let mut c = RawComponent::default();
    component_into(r, &mut c, spare)?;
    Ok(c)
}

/// Reads a component into `c`, which is empty (a 512-byte raw component is filled in place
/// rather than built and moved, once per component).
fn component_into<'t>(
    r: &mut Reader<'t>,
    c: &mut RawComponent<'t>,
    spare: &mut Spare<'t>,
) -> R<()> {
    fields(r, |r, key| {
        Ok(match key {
            "type" => {
                c.kind = opt_s(r)?;
                0
            }
            "bom-ref" => {
                c.bom_ref = opt_s(r)?;
                1
            }
            "supplier" => {
                c.supplier = opt_object(r, entity)?;
                2
            }
            "author" => {
                c.author = opt_s(r)?;
                3
            }
            "authors" => {
                c.authors = opt_list(r, Vec::new(), entity)?;
                4
            }
            "group" => {
                c.group = opt_s(r)?;
                5
            }
            "name" => {
                c.name = opt_s(r)?;
                6
            }
            "version" => {
                c.version = opt_s(r)?;
                7
            }
            "versionRange" => {
                c.version_range = opt_s(r)?;
                8
            }
            "isExternal" => {
                c.is_external = opt_bool(r)?;
                9
            }
            "scope" => {
                c.scope = opt_s(r)?;
                10
            }
            "hashes" => {
                c.hashes = opt_list(r, std::mem::take(&mut spare.hashes), hash)?;
                11
            }
            "licenses" => {
                c.licenses = opt_list(r, std::mem::take(&mut spare.licenses), license_choice)?;
                12
            }
            "purl" => {
                c.purl = opt_s(r)?;
                13
            }
            "cpe" => {
                c.cpe = opt_s(r)?;
                14
            }
            "swid" => {
                c.swid = opt_object(r, swid)?;
                15
            }
            "pedigree" => {
                c.pedigree = opt_object(r, pedigree)?;
                16
            }
            "externalReferences" => {
                let into = std::mem::take(&mut spare.external_references);
                c.external_references = opt_list(r, into, external_ref)?;
                17
            }
            "properties" => {
                c.properties = opt_list(r, std::mem::take(&mut spare.properties), property)?;
                18
            }
            "components" => {
                c.components = opt_list(r, Vec::new(), |r| component(r, spare))?;
                19
            }
            _ => {
                r.skip_value()?;
                OTHER
            }
        })
    })
}

fn entity<'t>(r: &mut Reader<'t>) -> R<RawEntity<'t>> {
    let mut e = RawEntity::default();
    fields(r, |r, key| {
        Ok(match key {
            "name" => {
                e.name = opt_s(r)?;
                0
            }
            "email" => {
                e.email = opt_s(r)?;
                1
            }
            _ => {
                r.skip_value()?;
                OTHER
            }
        })
    })?;
    Ok(e)
}

fn hash<'t>(r: &mut Reader<'t>) -> R<RawHash<'t>> {
    let mut h = RawHash::default();
    fields(r, |r, key| {
        Ok(match key {
            "alg" => {
                h.alg = opt_s(r)?;
                0
            }
            "content" => {
                h.content = opt_s(r)?;
                1
            }
            _ => {
                r.skip_value()?;
                OTHER
            }
        })
    })?;
    Ok(h)
}

fn license_choice<'t>(r: &mut Reader<'t>) -> R<RawLicenseChoice<'t>> {
    let mut l = RawLicenseChoice::default();
    fields(r, |r, key| {
        Ok(match key {
            "license" => {
                l.license = opt_object(r, license)?;
                0
            }
            "expression" => {
                l.expression = opt_s(r)?;
                1
            }
            "acknowledgement" => {
                l.acknowledgement = opt_s(r)?;
                2
            }
            _ => {
                r.skip_value()?;
                OTHER
            }
        })
    })?;
    Ok(l)
}

fn license<'t>(r: &mut Reader<'t>) -> R<RawLicense<'t>> {
    let mut l = RawLicense::default();
    fields(r, |r, key| {
        Ok(match key {
            "id" => {
                l.id = opt_s(r)?;
                0
            }
            "name" => {
                l.name = opt_s(r)?;
                1
            }
            "acknowledgement" => {
                l.acknowledgement = opt_s(r)?;
                2
            }
            "text" => {
                l.text = opt_object(r, attachment)?;
                3
            }
            "properties" => {
                l.properties = opt_list(r, Vec::new(), property)?;
                4
            }
            _ => {
                r.skip_value()?;
                OTHER
            }
        })
    })?;
    Ok(l)
}

fn attachment<'t>(r: &mut Reader<'t>) -> R<RawAttachment<'t>> {
    let mut a = RawAttachment::default();
    fields(r, |r, key| {
        Ok(match key {
            "encoding" => {
                a.encoding = opt_s(r)?;
                0
            }
            _ => {
                r.skip_value()?;
                OTHER
            }
        })
    })?;
    Ok(a)
}

fn swid<'t>(r: &mut Reader<'t>) -> R<RawSwid<'t>> {
    let mut s = RawSwid::default();
    fields(r, |r, key| {
        Ok(match key {
            "tagId" => {
                s.tag_id = opt_s(r)?;
                0
            }
            "name" => {
                s.name = opt_s(r)?;
                1
            }
            _ => {
                r.skip_value()?;
                OTHER
            }
        })
    })?;
    Ok(s)
}

fn pedigree<'t>(r: &mut Reader<'t>) -> R<RawPedigree<'t>> {
    let mut p = RawPedigree::default();
    fields(r, |r, key| {
        Ok(match key {
            "patches" => {
                p.patches = opt_list(r, Vec::new(), patch)?;
                0
            }
            _ => {
                r.skip_value()?;
                OTHER
            }
        })
    })?;
    Ok(p)
}

fn patch<'t>(r: &mut Reader<'t>) -> R<RawPatch<'t>> {
    let mut p = RawPatch::default();
    fields(r, |r, key| {
        Ok(match key {
            "type" => {
                p.kind = opt_s(r)?;
                0
            }
            "resolves" => {
                p.resolves = opt_list(r, Vec::new(), issue)?;
                1
            }
            _ => {
                r.skip_value()?;
                OTHER
            }
        })
    })?;
    Ok(p)
}

fn issue<'t>(r: &mut Reader<'t>) -> R<RawIssue<'t>> {
    let mut i = RawIssue::default();
    fields(r, |r, key| {
        Ok(match key {
            "type" => {
                i.kind = opt_s(r)?;
                0
            }
            _ => {
                r.skip_value()?;
                OTHER
            }
        })
    })?;
    Ok(i)
}

fn external_ref<'t>(r: &mut Reader<'t>) -> R<RawExternalRef<'t>> {
    let mut e = RawExternalRef::default();
    fields(r, |r, key| {
        Ok(match key {
            "type" => {
                e.kind = opt_s(r)?;
                0
            }
            "url" => {
                e.url = opt_s(r)?;
                1
            }
            _ => {
                r.skip_value()?;
                OTHER
            }
        })
    })?;
    Ok(e)
}

/// A property; keys other than `name` and `value` set `extra`, as the serde route does.
fn property<'t>(r: &mut Reader<'t>) -> R<RawProperty<'t>> {
    let mut p = RawProperty::default();
    fields(r, |r, key| {
        Ok(match key {
            "name" => {
                p.name = opt_s(r)?;
                0
            }
            "value" => {
                p.value = opt_s(r)?;
                1
            }
            _ => {
                p.extra = true;
                r.skip_value()?;
                OTHER
            }
        })
    })?;
    Ok(p)
}

fn dependency<'t>(r: &mut Reader<'t>, targets: Vec<S<'t>>) -> R<RawDependency<'t>> {
    let mut d = RawDependency::default();
    let mut targets = Some(targets);
    fields(r, |r, key| {
        Ok(match key {
            "ref" => {
                d.reference = opt_s(r)?;
                0
            }
            "dependsOn" => {
                let into = targets.take().unwrap_or_default();
                d.depends_on = opt_list(r, into, |r| r.string().map(S))?;
                1
            }
            _ => {
                r.skip_value()?;
                OTHER
            }
        })
    })?;
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::Estimate;

    #[test]
    fn an_estimate_is_given_once_from_the_first_entries() {
        let mut e = Estimate::new(1_000, 10_000);
        let said: Vec<(usize, usize)> = (1..=200)
            .filter_map(|k| e.entry(1_000 + 100 * k).map(|n| (k, n)))
            .collect();
        assert_eq!(said, [(Estimate::SAMPLE, 100)]);
        // entries of no bytes at all (cannot happen in JSON) do not divide by zero
        let mut z = Estimate::new(5, 64);
        assert_eq!((0..64).filter_map(|_| z.entry(5)).collect::<Vec<_>>(), [64]);
    }
}
