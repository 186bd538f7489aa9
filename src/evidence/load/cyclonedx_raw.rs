//! The raw shape of a CycloneDX document: what both encodings are read into before
//! `cyclonedx.rs` checks and normalises it.
//!
//! Only the fields the model reads, and those the official schemas constrain in ways the
//! conformance fixtures test, are kept; everything else is skipped. Strings stay as
//! written (`Box<str>`); enums stay strings so a bad value is a finding with a pointer, not
//! a parse failure. `metadata` refuses unknown keys as the schema does.

use serde::Deserialize;

/// A string from the file.
pub type S = Box<str>;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawBom {
    pub bom_format: Option<S>,
    pub spec_version: Option<S>,
    pub serial_number: Option<S>,
    pub metadata: Option<RawMetadata>,
    pub components: Option<Vec<RawComponent>>,
    pub services: Option<Vec<RawService>>,
    pub dependencies: Option<Vec<RawDependency>>,
    pub vulnerabilities: Option<Vec<RawVulnerability>>,
    pub citations: Option<Vec<RawCitation>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawMetadata {
    pub timestamp: Option<S>,
    pub lifecycles: Option<Vec<RawLifecycle>>,
    pub tools: Option<RawTools>,
    pub authors: Option<Vec<RawEntity>>,
    pub component: Option<RawComponent>,
    pub supplier: Option<RawEntity>,
    pub licenses: Option<Vec<RawLicenseChoice>>,
    pub properties: Option<Vec<RawProperty>>,
    pub manufacture: Option<serde::de::IgnoredAny>,
    pub manufacturer: Option<serde::de::IgnoredAny>,
    pub distribution_constraints: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawLifecycle {
    pub phase: Option<S>,
    pub name: Option<S>,
}

/// `tools`: an array (1.4) or `{components, services}` (1.5+).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawTools {
    Legacy(Vec<RawTool>),
    Modern {
        #[serde(default)]
        components: Vec<RawTool>,
        #[serde(default)]
        services: Vec<RawTool>,
    },
}

#[derive(Debug, Default, Deserialize)]
pub struct RawTool {
    pub vendor: Option<S>,
    pub group: Option<S>,
    pub name: Option<S>,
    pub version: Option<S>,
}

/// An organisation or person: only its name (or email) is read.
#[derive(Debug, Default, Deserialize)]
pub struct RawEntity {
    pub name: Option<S>,
    pub email: Option<S>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawComponent {
    #[serde(rename = "type")]
    pub kind: Option<S>,
    #[serde(rename = "bom-ref")]
    pub bom_ref: Option<S>,
    pub supplier: Option<RawEntity>,
    pub author: Option<S>,
    pub authors: Option<Vec<RawEntity>>,
    pub group: Option<S>,
    pub name: Option<S>,
    pub version: Option<S>,
    pub version_range: Option<S>,
    pub is_external: Option<bool>,
    pub scope: Option<S>,
    pub hashes: Option<Vec<RawHash>>,
    pub licenses: Option<Vec<RawLicenseChoice>>,
    pub purl: Option<S>,
    pub cpe: Option<S>,
    pub swid: Option<RawSwid>,
    pub pedigree: Option<RawPedigree>,
    pub external_references: Option<Vec<RawExternalRef>>,
    pub properties: Option<Vec<RawProperty>>,
    pub components: Option<Vec<RawComponent>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawHash {
    pub alg: Option<S>,
    pub content: Option<S>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawLicenseChoice {
    pub license: Option<RawLicense>,
    pub expression: Option<S>,
    pub acknowledgement: Option<S>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawLicense {
    pub id: Option<S>,
    pub name: Option<S>,
    pub acknowledgement: Option<S>,
    pub text: Option<RawAttachment>,
    pub properties: Option<Vec<RawProperty>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawAttachment {
    pub encoding: Option<S>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawSwid {
    pub tag_id: Option<S>,
    pub name: Option<S>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawPedigree {
    pub patches: Option<Vec<RawPatch>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawPatch {
    #[serde(rename = "type")]
    pub kind: Option<S>,
    pub resolves: Option<Vec<RawIssue>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawIssue {
    #[serde(rename = "type")]
    pub kind: Option<S>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawExternalRef {
    #[serde(rename = "type")]
    pub kind: Option<S>,
    pub url: Option<S>,
}

/// A property; `extra` records keys other than `name` and `value` (1.6+ forbids them).
#[derive(Debug, Default)]
pub struct RawProperty {
    pub name: Option<S>,
    pub value: Option<S>,
    pub extra: bool,
}

impl<'de> Deserialize<'de> for RawProperty {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawProperty;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a property object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<RawProperty, A::Error> {
                let mut p = RawProperty::default();
                while let Some(key) = m.next_key::<std::borrow::Cow<'de, str>>()? {
                    let slot = match &*key {
                        "name" => &mut p.name,
                        "value" => &mut p.value,
                        _ => {
                            p.extra = true;
                            m.next_value::<serde::de::IgnoredAny>()?;
                            continue;
                        }
                    };
                    if slot.is_some() {
                        return Err(serde::de::Error::custom(format!("duplicate field `{key}`")));
                    }
                    *slot = m.next_value::<Option<S>>()?;
                }
                Ok(p)
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct RawService {
    #[serde(rename = "bom-ref")]
    pub bom_ref: Option<S>,
    pub name: Option<S>,
    pub data: Option<Vec<RawServiceData>>,
    pub properties: Option<Vec<RawProperty>>,
    pub services: Option<Vec<RawService>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawServiceData {
    pub flow: Option<S>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawDependency {
    #[serde(rename = "ref")]
    pub reference: Option<S>,
    pub depends_on: Option<Vec<S>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawVulnerability {
    #[serde(rename = "bom-ref")]
    pub bom_ref: Option<S>,
    pub id: Option<S>,
    pub source: Option<RawEntity>,
    pub ratings: Option<Vec<RawRating>>,
    pub published: Option<S>,
    pub analysis: Option<RawAnalysis>,
    pub affects: Option<Vec<RawAffects>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawRating {
    pub score: Option<f64>,
    pub severity: Option<S>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawAnalysis {
    pub state: Option<S>,
    pub justification: Option<S>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawAffects {
    #[serde(rename = "ref")]
    pub reference: Option<S>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawCitation {
    #[serde(rename = "bom-ref")]
    pub bom_ref: Option<S>,
    pub attributed_to: Option<S>,
    pub process: Option<S>,
}
