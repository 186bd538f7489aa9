//! CycloneDX JSON 1.4–1.7: bytes → [`SbomLoad`].
//!
//! The text is checked by [`json::prepare`] (size, byte-order mark, UTF-8) and deserialised
//! straight into the typed raw shape of `cyclonedx.rs` (no value tree; strings borrowed from
//! the text). When `specVersion` comes before `components`, as writers put it, each component
//! is checked and converted as soon as it is read and its raw form dropped, so the raw
//! components never all exist at once. Only when reading fails is the file read again with
//! the strict value reader, to name the exact problem (syntax, duplicate key, depth) with its
//! JSON pointer; a type error gets the pointer of the value serde stopped at.
//!
//! Two routes read the text into that shape. The fast one (`fast`, on the strict pull
//! reader of `json_pull`) reads well-formed files; at any irregularity at all it gives up and
//! the serde route reads the file from the start, as it always did, so every diagnostic
//! comes from the serde route. Both give the same result on every file ([`load_serde`]
//! forces the serde route, for the differential tests and the fuzz target).
//!
//! A large `components` array is read by the fast route in chunks on threads of their own
//! (`fast::components`), appended in order; the result never depends on the number of
//! threads. Given the bytes ([`load_owned`]), the model's longer strings are slices of the
//! file's text rather than copies (`evidence::text`).
//!
//! Deliberately: duplicate keys are detected for every field the raw shape reads (serde's
//! derive refuses them); repeats of fields it ignores are not looked for on the fast path.

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::diag::Diagnostic;
use crate::evidence::json;
use crate::evidence::load::SbomLoad;
use crate::evidence::load::cyclonedx::{
    self, ComponentPass, DependencyPass, RawBom, RawComponent, RawDependency, S,
};
use crate::evidence::model::{SbomFormat, Source};
use crate::limits::Limits;

mod fast;

/// Loads one CycloneDX JSON file.
pub fn load(file: &str, bytes: &[u8], limits: &Limits) -> Result<SbomLoad, Vec<Diagnostic>> {
    load_by(file, bytes, limits, Route::Fast(fast::Split::machine()))
}

/// [`load`], taking the bytes: the model's longer strings (purls, digests, URLs) become
/// slices of the file's text instead of copies, which is what makes large SBOMs cheap to
/// load (see `evidence::text`). The text lives as long as the model does.
pub fn load_owned(
    file: &str,
    bytes: Vec<u8>,
    limits: &Limits,
) -> Result<SbomLoad, Vec<Diagnostic>> {
    let source = json::prepare_owned(file, bytes, limits).map_err(|d| vec![*d])?;
    load_source(file, &source, limits)
}

/// [`load_owned`] for text already checked as UTF-8 (a byte-order mark may start it).
pub fn load_source(
    file: &str,
    source: &Source,
    limits: &Limits,
) -> Result<SbomLoad, Vec<Diagnostic>> {
    json::check_size(file, source.as_str().len() as u64, limits).map_err(|d| vec![*d])?;
    let text = json::strip_bom(source.as_str());
    read(
        file,
        text,
        source,
        limits,
        Route::Fast(fast::Split::machine()),
    )
}

/// [`load`] through the serde route only: the reference the fast route is tested against
/// (differential tests, the `evidence` fuzz target). Same result as [`load`] on any input.
#[doc(hidden)]
pub fn load_serde(file: &str, bytes: &[u8], limits: &Limits) -> Result<SbomLoad, Vec<Diagnostic>> {
    load_by(file, bytes, limits, Route::Serde)
}

/// [`load`] with the components cut into as many chunks as can be (each at least one byte),
/// up to `chunks`: the same result as [`load`] on any input (the `cyclonedx_json` fuzz
/// target compares them).
#[doc(hidden)]
pub fn load_in_chunks(
    file: &str,
    bytes: &[u8],
    limits: &Limits,
    chunks: usize,
) -> Result<SbomLoad, Vec<Diagnostic>> {
    let split = fast::Split {
        threads: chunks,
        min_bytes: 1,
    };
    load_by(file, bytes, limits, Route::Fast(split))
}

/// Which reader fills the raw shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// The pull reader (components in chunks on threads as `Split` allows), falling back
    /// to serde at any irregularity.
    Fast(fast::Split),
    /// serde only.
    Serde,
}

fn load_by(
    file: &str,
    bytes: &[u8],
    limits: &Limits,
    route: Route,
) -> Result<SbomLoad, Vec<Diagnostic>> {
    let text = json::prepare(file, bytes, limits).map_err(|d| vec![*d])?;
    read(file, text, &Source::default(), limits, route)
}

/// Reads prepared text; strings borrowed from `source` (the text's owner, or an empty
/// source) are shared by the model.
fn read(
    file: &str,
    text: &str,
    source: &Source,
    limits: &Limits,
    route: Route,
) -> Result<SbomLoad, Vec<Diagnostic>> {
    let fast = match route {
        Route::Fast(split) => fast::parse(file, text, source, limits, split).ok(),
        Route::Serde => None,
    };
    let (bom, pass, deps) = match fast {
        Some(parsed) => parsed,
        None => parse(file, text, source, limits).map_err(|d| vec![*d])?,
    };
    if let Some(v) = bom.spec_version.as_deref() {
        cyclonedx::check_version(file, v, "/specVersion").map_err(|d| vec![*d])?;
    } else {
        return Err(vec![
            Diagnostic::error(
                cyclonedx::MISSING_FIELD,
                "the required field `specVersion` is missing",
            )
            .at(crate::diag::Location::pointer(file, ""))
            .with_help("a CycloneDX document starts with `\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\"`"),
        ]);
    }
    cyclonedx::normalise_read(
        file,
        SbomFormat::CycloneDxJson,
        &bom,
        pass,
        deps,
        source,
        limits,
    )
}

/// Deserialises the raw shape, or explains precisely why not.
fn parse<'t, 'l>(
    file: &'l str,
    text: &'t str,
    source: &'l Source,
    limits: &'l Limits,
) -> Result<Parsed<'t, 'l>, Box<Diagnostic>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let read = BomSeed {
        file,
        source,
        limits,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    let err = match read {
        Ok(parsed) => return Ok(parsed),
        Err(e) => e,
    };
    // An old or unknown version explains more than whatever shape error it caused.
    if let Ok(Header {
        spec_version: Some(v),
    }) = serde_json::from_str::<Header>(text)
    {
        cyclonedx::check_version(file, &v, "/specVersion")?;
    }
    json::read_value(file, text.as_bytes(), limits)?;
    let pointer = json::pointer_at(text, err.line(), err.column());
    let mut d = json::serde_diagnostic(file, pointer, &err);
    d.code = cyclonedx::INVALID_VALUE;
    d.message = d.message.replace("unexpected value: ", "wrong type: ");
    Err(Box::new(d))
}

/// The raw document, its components when they were converted while reading, and its
/// dependencies (always converted while reading).
type Parsed<'t, 'l> = (
    RawBom<'t>,
    Option<ComponentPass<'l>>,
    Option<DependencyPass>,
);

/// Reads the top-level object as the derived reader of [`RawBom`] would (same fields, same
/// errors), handing `components` to a [`ComponentPass`] when the spec version is known.
struct BomSeed<'l> {
    file: &'l str,
    source: &'l Source,
    limits: &'l Limits,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum Field {
    BomFormat,
    SpecVersion,
    SerialNumber,
    Metadata,
    Components,
    Services,
    Dependencies,
    Vulnerabilities,
    Citations,
    #[serde(other)]
    Other,
}

const FIELDS: &[&str] = &[
    "bomFormat",
    "specVersion",
    "serialNumber",
    "metadata",
    "components",
    "services",
    "dependencies",
    "vulnerabilities",
    "citations",
];

impl<'de, 'l> DeserializeSeed<'de> for BomSeed<'l> {
    type Value = Parsed<'de, 'l>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_struct("RawBom", FIELDS, self)
    }
}

/// Reads one field into its slot, refusing a repeat as serde's derive does.
fn once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = map.next_value()?;
    Ok(())
}

impl<'de, 'l> Visitor<'de> for BomSeed<'l> {
    type Value = Parsed<'de, 'l>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("struct RawBom")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut bom = RawBom::default();
        let mut pass: Option<ComponentPass<'l>> = None;
        let mut deps: Option<DependencyPass> = None;
        let mut seen_components = false;
        while let Some(key) = map.next_key::<Field>()? {
            match key {
                Field::BomFormat => once(&mut map, &mut bom.bom_format, "bomFormat")?,
                Field::SpecVersion => once(&mut map, &mut bom.spec_version, "specVersion")?,
                Field::SerialNumber => once(&mut map, &mut bom.serial_number, "serialNumber")?,
                Field::Metadata => once(&mut map, &mut bom.metadata, "metadata")?,
                Field::Components => {
                    if seen_components {
                        return Err(de::Error::duplicate_field("components"));
                    }
                    seen_components = true;
                    match bom.spec_version.as_deref() {
                        Some(spec) => {
                            let p = pass.insert(ComponentPass::new(
                                self.file,
                                spec,
                                self.source,
                                self.limits,
                            ));
                            map.next_value_seed(Each(p))?;
                        }
                        None => bom.components = map.next_value()?,
                    }
                }
                Field::Services => once(&mut map, &mut bom.services, "services")?,
                Field::Dependencies => {
                    if deps.is_some() {
                        return Err(de::Error::duplicate_field("dependencies"));
                    }
                    let d = deps.insert(DependencyPass::new(self.file, self.source));
                    map.next_value_seed(Each(d))?;
                }
                Field::Vulnerabilities => {
                    once(&mut map, &mut bom.vulnerabilities, "vulnerabilities")?;
                }
                Field::Citations => once(&mut map, &mut bom.citations, "citations")?,
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((bom, pass, deps))
    }
}

/// A pass that converts the entries of one JSON array as they are read.
trait Pass<'de> {
    type Entry: Deserialize<'de>;
    fn add(&mut self, entry: &Self::Entry);
}

impl<'de> Pass<'de> for ComponentPass<'_> {
    type Entry = RawComponent<'de>;
    fn add(&mut self, entry: &RawComponent<'de>) {
        ComponentPass::add(self, entry);
    }
}

impl<'de> Pass<'de> for DependencyPass {
    type Entry = RawDependency<'de>;
    fn add(&mut self, entry: &RawDependency<'de>) {
        DependencyPass::add(self, entry);
    }
}

/// An array (or `null`) whose entries go to a [`Pass`] one at a time: `components` and
/// `dependencies`, so that the raw list never sits next to the model.
struct Each<'p, P>(&'p mut P);

impl<'de, P: Pass<'de>> DeserializeSeed<'de> for Each<'_, P> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, P: Pass<'de>> Visitor<'de> for Each<'_, P> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(entry) = seq.next_element::<P::Entry>()? {
            self.0.add(&entry);
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Header<'a> {
    #[serde(borrow)]
    spec_version: Option<S<'a>>,
}

/// True when the bytes look like CycloneDX JSON: an object with `"bomFormat"` (or the
/// CycloneDX schema URL) near the start, or anywhere when nothing near the start says SPDX:
/// cyclonedx-py writes `bomFormat` after the component list.
pub fn sniff(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let head = String::from_utf8_lossy(head);
    if !head
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        return false;
    }
    if head.contains("\"bomFormat\"") || head.contains("cyclonedx.org/schema/bom") {
        return true;
    }
    !head.contains("\"spdxVersion\"") && super::contains(bytes, b"\"bomFormat\"")
}

#[cfg(test)]
mod differential;

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn sniff_finds_bom_format_after_a_long_component_list() {
        let filler = r#"{"name": "x"},"#.repeat(500);
        let doc =
            format!(r#"{{"components": [{filler} {{"name": "y"}}], "bomFormat": "CycloneDX"}}"#);
        assert!(doc.find("bomFormat").unwrap() > 4096);
        assert!(sniff(doc.as_bytes()));
    }

    #[test]
    fn sniff_refuses_spdx_and_non_objects() {
        let spdx = format!(
            r#"{{"spdxVersion": "SPDX-2.3", "x": "{}", "bomFormat": 1}}"#,
            "a".repeat(5000)
        );
        assert!(!sniff(spdx.as_bytes()));
        assert!(!sniff(br#"["bomFormat"]"#));
        assert!(!sniff(br#"{"components": []}"#));
    }
}
