//! CycloneDX component parts: package URL, hashes, licences, properties and pedigree,
//! checked and normalised for `cyclonedx.rs`.

use std::collections::HashMap;

use foldhash::fast::RandomState;

use super::{At, Checker, INVALID_HASH, INVALID_LICENSE, INVALID_PURL, UNEXPECTED_FIELD, clip};
use crate::evidence::license;
use crate::evidence::load::cyclonedx_raw::*;
use crate::evidence::model::{Hash, License, Text};

const HASH_ALGS: &[(&str, &[usize])] = &[
    ("MD5", &[32]),
    ("SHA-1", &[40]),
    ("SHA-256", &[64]),
    ("SHA-384", &[96]),
    ("SHA-512", &[128]),
    ("SHA3-256", &[64]),
    ("SHA3-384", &[96]),
    ("SHA3-512", &[128]),
    ("BLAKE2b-256", &[64]),
    ("BLAKE2b-384", &[96]),
    ("BLAKE2b-512", &[128]),
    ("BLAKE3", &[32, 40, 64, 96, 128]),
    ("Streebog-256", &[64]),
    ("Streebog-512", &[128]),
];

const PATCH_TYPES: &[&str] = &["unofficial", "monkey", "backport", "cherry-pick"];

const ISSUE_TYPES: &[&str] = &["defect", "enhancement", "security"];

const ENCODINGS: &[&str] = &["base64"];

const ACKNOWLEDGEMENTS: &[&str] = &["declared", "concluded"];

pub(super) fn purl(
    c: &mut Checker<'_>,
    purl: Option<&str>,
    p: &At<'_>,
) -> (Option<Text>, Option<Text>) {
    let Some(text) = purl else {
        return (None, None);
    };
    if let Some(ty) = plain_purl_type(text) {
        return (Some(c.share(text)), Some(ty.into()));
    }
    match text.parse::<packageurl::PackageUrl<'static>>() {
        Ok(u) => (
            Some(c.share(text)),
            Some(u.ty().to_ascii_lowercase().into()),
        ),
        Err(e) => {
            c.error(
                INVALID_PURL,
                &p.key("purl"),
                format!("`{}` is not a valid package URL: {e}", clip(text)),
                Some("a purl looks like `pkg:npm/left-pad@1.3.0`"),
            );
            (None, None)
        }
    }
}

/// Where a purl type puts its namespace, as `packageurl` checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Namespace {
    Optional,
    Required,
    Prohibited,
}

/// Types [`plain_purl_type`] answers for, with their namespace rule (`packageurl`'s type
/// rules; types it has no rules for are `Optional`). Types with other rules (required
/// qualifiers, name or version forms) are left to the full parser.
const PLAIN_TYPES: &[(&str, Namespace)] = &[
    ("apk", Namespace::Optional),
    ("bitbucket", Namespace::Optional),
    ("bitnami", Namespace::Prohibited),
    ("cargo", Namespace::Prohibited),
    ("cocoapods", Namespace::Prohibited),
    ("composer", Namespace::Required),
    ("conan", Namespace::Optional),
    ("conda", Namespace::Prohibited),
    ("cran", Namespace::Prohibited),
    ("deb", Namespace::Optional),
    ("docker", Namespace::Optional),
    ("gem", Namespace::Prohibited),
    ("generic", Namespace::Optional),
    ("github", Namespace::Optional),
    ("golang", Namespace::Optional),
    ("hackage", Namespace::Prohibited),
    ("hex", Namespace::Optional),
    ("maven", Namespace::Optional),
    ("npm", Namespace::Optional),
    ("nuget", Namespace::Prohibited),
    ("oci", Namespace::Prohibited),
    ("pub", Namespace::Prohibited),
    ("pypi", Namespace::Prohibited),
    ("rpm", Namespace::Optional),
    ("swift", Namespace::Required),
];

/// The type of a package URL plain enough that `packageurl` certainly accepts it, found
/// without parsing it (most purls of a large SBOM): `pkg:TYPE/`, `/`-separated segments
/// (namespace, then name) of ASCII letters, digits, `.`, `-` and `_` (none empty, `.` or
/// `..`), then optionally `@` and a version of those characters, `+` and `~`; no
/// qualifiers, subpath or percent-escapes. `None`: parse it fully.
fn plain_purl_type(text: &str) -> Option<&str> {
    // one pass over the bytes: this runs for every component of an SBOM
    let rest = text.strip_prefix("pkg:")?;
    let bytes = rest.as_bytes();
    let slash = bytes.iter().position(|&b| b == b'/')?;
    let ty = rest.get(..slash)?;
    let rule = PLAIN_TYPES.iter().find(|(t, _)| *t == ty)?.1;
    let word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_');
    // the path: `/`-separated segments of word characters, up to the first `@`
    let (mut segments, mut start, mut i) = (0, slash + 1, slash + 1);
    let version = loop {
        match bytes.get(i) {
            Some(&b) if word(b) => {}
            end @ (Some(b'/' | b'@') | None) => {
                if matches!(bytes.get(start..i)?, b"" | b"." | b"..") {
                    return None;
                }
                segments += 1;
                start = i + 1;
                if end != Some(&b'/') {
                    break bytes.get(start..).unwrap_or_default();
                }
            }
            Some(_) => return None,
        }
        i += 1;
    };
    if !version.iter().all(|&b| word(b) || matches!(b, b'+' | b'~')) {
        return None;
    }
    let ok = match rule {
        Namespace::Optional => true,
        Namespace::Required => segments > 1,
        Namespace::Prohibited => segments == 1,
    };
    ok.then_some(ty)
}

pub(super) fn hashes(c: &mut Checker<'_>, list: &[RawHash], p: &At<'_>) -> Vec<Hash> {
    let mut out = Vec::with_capacity(list.len());
    for (i, h) in list.iter().enumerate() {
        let hp = p.index("hashes", i);
        let (Some(alg), Some(content)) = (h.alg.as_deref(), h.content.as_deref()) else {
            c.missing(&hp, if h.alg.is_none() { "alg" } else { "content" });
            continue;
        };
        let Some((_, lens)) = HASH_ALGS.iter().find(|(a, _)| *a == alg) else {
            let names: Vec<&str> = HASH_ALGS.iter().map(|(a, _)| *a).collect();
            c.one_of(&hp.key("alg"), alg, &names);
            continue;
        };
        let (mut hex, mut lower) = (true, true);
        for b in content.bytes() {
            hex &= b.is_ascii_hexdigit();
            lower &= !b.is_ascii_uppercase();
        }
        if !hex || !lens.contains(&content.len()) {
            c.error(
                INVALID_HASH,
                &hp.key("content"),
                format!("`{}` is not a {alg} digest", clip(content)),
                Some("a digest is written in hex: 32 (MD5), 40 (SHA-1), 64 (SHA-256) or 128 (SHA-512) digits"),
            );
            continue;
        }
        out.push(Hash {
            alg: alg.into(),
            value: if lower {
                c.share(content)
            } else {
                content.to_ascii_lowercase().into()
            },
        });
    }
    out
}

/// Checks the licence choices of a component (or the metadata): returns the declared and
/// concluded licences.
pub(super) fn licenses(
    c: &mut Checker<'_>,
    list: &[RawLicenseChoice],
    p: &At<'_>,
) -> (Option<License>, Option<License>) {
    let mut declared = AllOf::default();
    let mut concluded = AllOf::default();
    if !c.at_least((1, 7)) && list.len() > 1 && list.iter().any(|l| l.expression.is_some()) {
        c.error(
            INVALID_LICENSE,
            &p.key("licenses"),
            "an SPDX `expression` must be the only entry of its `licenses` list".into(),
            Some("combine the licences into one expression, e.g. `MIT AND Apache-2.0` (CycloneDX 1.7 allows mixing)"),
        );
    }
    for (i, choice) in list.iter().enumerate() {
        let lp = p.index("licenses", i);
        let (lic, ack) = match (&choice.license, &choice.expression) {
            (Some(_), Some(_)) => {
                c.error(
                    INVALID_LICENSE,
                    &lp,
                    "a licence entry has both `license` and `expression`".into(),
                    Some("use one entry per licence, or a single `expression`"),
                );
                continue;
            }
            (None, None) => {
                c.missing(&lp, "license");
                continue;
            }
            (None, Some(e)) => (
                named_or_spdx(c, e, &lp.key("expression")),
                choice.acknowledgement.as_deref(),
            ),
            (Some(l), None) => match one_license(c, l, &lp.key("license")) {
                Some(lic) => (lic, l.acknowledgement.as_deref()),
                None => continue,
            },
        };
        if let Some(a) = ack {
            let license_at = lp.key("license");
            let ap = if choice.expression.is_some() {
                lp.key("acknowledgement")
            } else {
                license_at.key("acknowledgement")
            };
            c.one_of(&ap, a, ACKNOWLEDGEMENTS);
        }
        if ack == Some("concluded") {
            concluded.push(lic);
        } else {
            declared.push(lic);
        }
    }
    (declared.finish(), concluded.finish())
}

/// Licences that all apply, combined with `AND` ([`license::all_of`]); the usual one
/// licence per component needs no vector.
#[derive(Default)]
struct AllOf {
    first: Option<License>,
    more: Vec<License>,
}

impl AllOf {
    fn push(&mut self, l: License) {
        if self.first.is_none() {
            self.first = Some(l);
        } else {
            self.more.push(l);
        }
    }

    fn finish(self) -> Option<License> {
        if self.more.is_empty() {
            return self.first;
        }
        license::all_of(self.first.into_iter().chain(self.more).collect())
    }
}

/// Normalises licence text, warning (`unknown-license`) when it is not SPDX.
pub(super) fn named_or_spdx(c: &mut Checker<'_>, text: &str, at: &At<'_>) -> License {
    let l = c.licences.normalise(text);
    if !l.is_spdx {
        let prov = c.prov(at);
        c.warnings.push(license::unknown_license(text, &prov));
    }
    l
}

pub(super) fn one_license(c: &mut Checker<'_>, l: &RawLicense, p: &At<'_>) -> Option<License> {
    if let Some(enc) = l.text.as_ref().and_then(|t| t.encoding.as_deref()) {
        c.one_of(&p.key("text").key("encoding"), enc, ENCODINGS);
    }
    properties(c, l.properties.as_deref().unwrap_or_default(), p);
    match (&l.id, &l.name) {
        (Some(id), _) => {
            if !c.licences.is_id(id) {
                let hint = spdx::imprecise_license_id(id).map(|(l, _)| l.name);
                c.error(
                    INVALID_LICENSE,
                    &p.key("id"),
                    format!("`{}` is not an SPDX licence id", clip(id)),
                    Some(&match hint {
                        Some(h) => format!("did you mean `{h}`? otherwise put the text in `name`"),
                        None => {
                            "use an id from the SPDX licence list, or put the text in `name`".into()
                        }
                    }),
                );
                return None;
            }
            Some(c.licences.normalise(id))
        }
        (None, Some(name)) => Some(named_or_spdx(c, name, &p.key("name"))),
        (None, None) => {
            c.error(
                INVALID_LICENSE,
                p,
                "a licence has neither `id` nor `name`".into(),
                Some("give an SPDX `id` such as `MIT`, or a `name`"),
            );
            None
        }
    }
}

/// Licence texts already read in one file, with what they normalise to. Bounded: a file
/// with more distinct licence texts than [`LicenceCache::MAX`] normalises the rest each time.
#[derive(Debug, Default)]
pub(super) struct LicenceCache {
    normalised: HashMap<Box<str>, License, RandomState>,
    /// Whether a `license.id` is an SPDX licence or exception id.
    ids: HashMap<Box<str>, bool, RandomState>,
}

impl LicenceCache {
    const MAX: usize = 4096;

    /// [`license::normalise`], remembered.
    fn normalise(&mut self, text: &str) -> License {
        if let Some(l) = self.normalised.get(text) {
            return l.clone();
        }
        let l = license::normalise(text);
        if self.normalised.len() < Self::MAX {
            self.normalised.insert(text.into(), l.clone());
        }
        l
    }

    /// True when `id` is an SPDX licence or exception id, remembered.
    fn is_id(&mut self, id: &str) -> bool {
        if let Some(&known) = self.ids.get(id) {
            return known;
        }
        let known = spdx::license_id(id).is_some() || spdx::exception_id(id).is_some();
        if self.ids.len() < Self::MAX {
            self.ids.insert(id.into(), known);
        }
        known
    }
}

pub(super) fn properties(c: &mut Checker<'_>, list: &[RawProperty], p: &At<'_>) {
    if !c.at_least((1, 6)) {
        return;
    }
    for (i, pr) in list.iter().enumerate() {
        let pp = p.index("properties", i);
        if pr.name.is_none() {
            c.missing(&pp, "name");
        }
        if pr.extra {
            c.error(
                UNEXPECTED_FIELD,
                &pp,
                "a property may only have `name` and `value`".into(),
                None,
            );
        }
    }
}

pub(super) fn pedigree(c: &mut Checker<'_>, ped: Option<&RawPedigree>, p: &At<'_>) {
    let Some(ped) = ped else { return };
    let ped_at = p.key("pedigree");
    for (i, patch) in ped.patches.iter().flatten().enumerate() {
        let pp = ped_at.index("patches", i);
        match patch.kind.as_deref() {
            Some(k) => {
                c.one_of(&pp.key("type"), k, PATCH_TYPES);
            }
            None => c.missing(&pp, "type"),
        }
        for (j, issue) in patch.resolves.iter().flatten().enumerate() {
            let ip = pp.index("resolves", j);
            match issue.kind.as_deref() {
                Some(k) => {
                    c.one_of(&ip.key("type"), k, ISSUE_TYPES);
                }
                None => c.missing(&ip, "type"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::plain_purl_type;
    use proptest::prelude::*;

    /// What the full parser says: the lowercased type, or `None` when it refuses the purl.
    fn parsed(text: &str) -> Option<String> {
        text.parse::<packageurl::PackageUrl<'static>>()
            .ok()
            .map(|u| u.ty().to_ascii_lowercase())
    }

    #[test]
    fn plain_purls_skip_the_parser_only_when_it_would_accept_them() {
        for (text, plain) in [
            ("pkg:npm/left-pad@1.3.0", true),
            ("pkg:npm/Left_Pad", true),
            ("pkg:maven/org.apache/commons-lang3@3.12.0", true),
            ("pkg:golang/github.com/pkg/errors@0.9.1", true),
            ("pkg:pypi/Django_x@1.0+local", true),
            ("pkg:deb/debian/curl@7.74.0-1.3~deb11u7", true),
            ("pkg:swift/github.com/Alamofire/Alamofire@5.4.3", true),
            ("pkg:npm/%40babel/core@7.0.0", false),
            ("pkg:npm/@babel/core@7.0.0", false),
            ("pkg:npm/left-pad@1.3.0?x=y", false),
            ("pkg:npm/left-pad#sub/path", false),
            ("pkg:NPM/left-pad", false),
            ("pkg:npm/", false),
            ("pkg:npm//x", false),
            ("pkg:npm/./x", false),
            ("pkg:cargo/ns/serde@1.0.0", false),
            ("pkg:swift/Alamofire@5.4.3", false),
            ("pkg:julia/Flux@0.13", false),
            ("pkg:unknowntype/x@1", false),
            ("npm/left-pad", false),
        ] {
            assert_eq!(plain_purl_type(text).is_some(), plain, "{text}");
            if let Some(ty) = plain_purl_type(text) {
                assert_eq!(parsed(text).as_deref(), Some(ty), "{text}");
            }
        }
    }

    proptest! {
        #[test]
        fn plain_purl_type_agrees_with_the_parser(
            ty in prop::sample::select(vec![
                "npm", "cargo", "pypi", "maven", "swift", "composer", "golang", "julia",
                "chrome-extension", "cpan", "deb", "Npm", "",
            ]),
            path in "[a-zA-Z0-9._/@%~+:-]{0,24}",
        ) {
            let text = format!("pkg:{ty}/{path}");
            if let Some(t) = plain_purl_type(&text) {
                let full = parsed(&text);
                prop_assert_eq!(full.as_deref(), Some(t));
            }
        }
    }
}
