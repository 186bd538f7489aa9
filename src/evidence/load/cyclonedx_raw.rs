//! The raw shape of a CycloneDX document: what both encodings are read into before
//! `cyclonedx.rs` checks and normalises it.
//!
//! Only the fields the model reads, and those the official schemas constrain in ways the
//! conformance fixtures test, are kept; everything else is skipped. Strings stay as
//! written (borrowed where possible, see [`S`]); enums stay strings so a bad value is a finding with a pointer, not
//! a parse failure. `metadata` refuses unknown keys as the schema does.

use std::borrow::Cow;

use serde::Deserialize;

/// A string from the file: borrowed from the JSON text unless it holds escapes (or comes
/// from XML), so reading a component allocates only for its lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct S<'a>(pub Cow<'a, str>);

impl std::ops::Deref for S<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for S<'_> {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl<'a> From<&'a str> for S<'a> {
    fn from(s: &'a str) -> Self {
        S(Cow::Borrowed(s))
    }
}

impl From<String> for S<'_> {
    fn from(s: String) -> Self {
        S(Cow::Owned(s))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for S<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = S<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<S<'de>, E> {
                Ok(S(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<S<'de>, E> {
                Ok(S(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<S<'de>, E> {
                Ok(S(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
#[serde(rename_all = "camelCase")]
pub struct RawBom<'a> {
    pub bom_format: Option<S<'a>>,
    pub spec_version: Option<S<'a>>,
    pub serial_number: Option<S<'a>>,
    pub metadata: Option<RawMetadata<'a>>,
    pub components: Option<Vec<RawComponent<'a>>>,
    pub services: Option<Vec<RawService<'a>>>,
    pub dependencies: Option<Vec<RawDependency<'a>>>,
    pub vulnerabilities: Option<Vec<RawVulnerability<'a>>>,
    pub citations: Option<Vec<RawCitation<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawMetadata<'a> {
    pub timestamp: Option<S<'a>>,
    pub lifecycles: Option<Vec<RawLifecycle<'a>>>,
    pub tools: Option<RawTools<'a>>,
    pub authors: Option<Vec<RawEntity<'a>>>,
    pub component: Option<RawComponent<'a>>,
    pub supplier: Option<RawEntity<'a>>,
    pub licenses: Option<Vec<RawLicenseChoice<'a>>>,
    pub properties: Option<Vec<RawProperty<'a>>>,
    pub manufacture: Option<serde::de::IgnoredAny>,
    pub manufacturer: Option<serde::de::IgnoredAny>,
    pub distribution_constraints: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawLifecycle<'a> {
    pub phase: Option<S<'a>>,
    pub name: Option<S<'a>>,
}

/// `tools`: an array (1.4) or `{components, services}` (1.5+).
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
#[serde(untagged)]
pub enum RawTools<'a> {
    Legacy(Vec<RawTool<'a>>),
    Modern {
        #[serde(default)]
        components: Vec<RawTool<'a>>,
        #[serde(default)]
        services: Vec<RawTool<'a>>,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawTool<'a> {
    pub vendor: Option<S<'a>>,
    pub group: Option<S<'a>>,
    pub name: Option<S<'a>>,
    pub version: Option<S<'a>>,
}

/// An organisation or person: only its name (or email) is read.
#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawEntity<'a> {
    pub name: Option<S<'a>>,
    pub email: Option<S<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
#[serde(rename_all = "camelCase")]
pub struct RawComponent<'a> {
    #[serde(rename = "type")]
    pub kind: Option<S<'a>>,
    #[serde(rename = "bom-ref")]
    pub bom_ref: Option<S<'a>>,
    pub supplier: Option<RawEntity<'a>>,
    pub author: Option<S<'a>>,
    pub authors: Option<Vec<RawEntity<'a>>>,
    pub group: Option<S<'a>>,
    pub name: Option<S<'a>>,
    pub version: Option<S<'a>>,
    pub version_range: Option<S<'a>>,
    pub is_external: Option<bool>,
    pub scope: Option<S<'a>>,
    pub hashes: Option<Vec<RawHash<'a>>>,
    pub licenses: Option<Vec<RawLicenseChoice<'a>>>,
    pub purl: Option<S<'a>>,
    pub cpe: Option<S<'a>>,
    pub swid: Option<RawSwid<'a>>,
    pub pedigree: Option<RawPedigree<'a>>,
    pub external_references: Option<Vec<RawExternalRef<'a>>>,
    pub properties: Option<Vec<RawProperty<'a>>>,
    pub components: Option<Vec<RawComponent<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawHash<'a> {
    pub alg: Option<S<'a>>,
    pub content: Option<S<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawLicenseChoice<'a> {
    pub license: Option<RawLicense<'a>>,
    pub expression: Option<S<'a>>,
    pub acknowledgement: Option<S<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawLicense<'a> {
    pub id: Option<S<'a>>,
    pub name: Option<S<'a>>,
    pub acknowledgement: Option<S<'a>>,
    pub text: Option<RawAttachment<'a>>,
    pub properties: Option<Vec<RawProperty<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawAttachment<'a> {
    pub encoding: Option<S<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
#[serde(rename_all = "camelCase")]
pub struct RawSwid<'a> {
    pub tag_id: Option<S<'a>>,
    pub name: Option<S<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawPedigree<'a> {
    pub patches: Option<Vec<RawPatch<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawPatch<'a> {
    #[serde(rename = "type")]
    pub kind: Option<S<'a>>,
    pub resolves: Option<Vec<RawIssue<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawIssue<'a> {
    #[serde(rename = "type")]
    pub kind: Option<S<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawExternalRef<'a> {
    #[serde(rename = "type")]
    pub kind: Option<S<'a>>,
    pub url: Option<S<'a>>,
}

/// A property; `extra` records keys other than `name` and `value` (1.6+ forbids them).
#[derive(Debug, Default)]
pub struct RawProperty<'a> {
    pub name: Option<S<'a>>,
    pub value: Option<S<'a>>,
    pub extra: bool,
}

impl<'de: 'a, 'a> Deserialize<'de> for RawProperty<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawProperty<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a property object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<RawProperty<'de>, A::Error> {
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
                    *slot = m.next_value::<Option<S<'de>>>()?;
                }
                Ok(p)
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawService<'a> {
    #[serde(rename = "bom-ref")]
    pub bom_ref: Option<S<'a>>,
    pub name: Option<S<'a>>,
    pub data: Option<Vec<RawServiceData<'a>>>,
    pub properties: Option<Vec<RawProperty<'a>>>,
    pub services: Option<Vec<RawService<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawServiceData<'a> {
    pub flow: Option<S<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
#[serde(rename_all = "camelCase")]
pub struct RawDependency<'a> {
    #[serde(rename = "ref")]
    pub reference: Option<S<'a>>,
    pub depends_on: Option<Vec<S<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawVulnerability<'a> {
    #[serde(rename = "bom-ref")]
    pub bom_ref: Option<S<'a>>,
    pub id: Option<S<'a>>,
    pub source: Option<RawEntity<'a>>,
    pub ratings: Option<Vec<RawRating<'a>>>,
    pub published: Option<S<'a>>,
    pub analysis: Option<RawAnalysis<'a>>,
    pub affects: Option<Vec<RawAffects<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawRating<'a> {
    pub score: Option<f64>,
    pub severity: Option<S<'a>>,
    /// `CVSSv31`, `OWASP`, `other`…: only CVSS scores are the model's `score`.
    pub method: Option<S<'a>>,
    pub source: Option<RawRatingSource<'a>>,
}

/// Who gave a rating: only its name and URL are read (they mark a CISA KEV listing).
#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawRatingSource<'a> {
    pub name: Option<S<'a>>,
    pub url: Option<S<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawAnalysis<'a> {
    pub state: Option<S<'a>>,
    pub justification: Option<S<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawAffects<'a> {
    #[serde(rename = "ref")]
    pub reference: Option<S<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
#[serde(rename_all = "camelCase")]
pub struct RawCitation<'a> {
    #[serde(rename = "bom-ref")]
    pub bom_ref: Option<S<'a>>,
    pub attributed_to: Option<S<'a>>,
    pub process: Option<S<'a>>,
}
