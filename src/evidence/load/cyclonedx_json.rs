//! CycloneDX JSON 1.4–1.7: bytes → [`SbomLoad`].
//!
//! The text is checked by [`json::prepare`] (size, byte-order mark, UTF-8) and deserialised
//! straight into the typed raw shape of `cyclonedx.rs` (no value tree: a 100,000-component
//! SBOM costs little more than skipping over it). Only when that fails is the file read again
//! with the strict value reader, to name the exact problem (syntax, duplicate key, depth)
//! with its JSON pointer; a type error gets the pointer of the value serde stopped at.
//!
//! Deliberately: duplicate keys are detected for every field the raw shape reads (serde's
//! derive refuses them); repeats of fields it ignores are not looked for on the fast path.

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::evidence::json;
use crate::evidence::load::SbomLoad;
use crate::evidence::load::cyclonedx::{self, RawBom, S};
use crate::evidence::model::SbomFormat;
use crate::limits::Limits;

/// Loads one CycloneDX JSON file.
pub fn load(file: &str, bytes: &[u8], limits: &Limits) -> Result<SbomLoad, Vec<Diagnostic>> {
    let text = json::prepare(file, bytes, limits).map_err(|d| vec![*d])?;
    let bom = parse(file, text, limits).map_err(|d| vec![*d])?;
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
    cyclonedx::normalise(file, SbomFormat::CycloneDxJson, &bom, limits)
}

/// Deserialises the raw shape, or explains precisely why not.
fn parse(file: &str, text: &str, limits: &Limits) -> Result<RawBom, Box<Diagnostic>> {
    let err = match serde_json::from_str::<RawBom>(text) {
        Ok(bom) => return Ok(bom),
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Header {
    spec_version: Option<S>,
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
    !head.contains("\"spdxVersion\"") && bytes.windows(11).any(|w| w == b"\"bomFormat\"")
}

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
