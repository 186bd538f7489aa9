//! The bundled clause library: every `requirements/*.tg` file, embedded in the binary.
//!
//! A tender imports a set by name (`use "launching-customer"`); [`resolve`](super::resolve)
//! looks names up here before asking any loader. The table is the only list: a test keeps it
//! equal to the files in `requirements/` and checks that each one parses, lints clean and
//! is formatted canonically.

/// How bundled sets are named in diagnostics: `<library>/launching-customer.tg`.
pub const PREFIX: &str = "<library>/";

const BUNDLED: &[(&str, &str)] = &[
    (
        "bio2-suppliers",
        include_str!("../../requirements/bio2-suppliers.tg"),
    ),
    (
        "cra-annex-i",
        include_str!("../../requirements/cra-annex-i.tg"),
    ),
    (
        "etsi-en-303-645",
        include_str!("../../requirements/etsi-en-303-645.tg"),
    ),
    (
        "launching-customer",
        include_str!("../../requirements/launching-customer.tg"),
    ),
    (
        "sbom-minimum",
        include_str!("../../requirements/sbom-minimum.tg"),
    ),
    (
        "ssdf-attestation",
        include_str!("../../requirements/ssdf-attestation.tg"),
    ),
];

/// Every bundled set: name (the file name without `.tg`) and source, sorted by name.
pub fn bundled() -> &'static [(&'static str, &'static str)] {
    BUNDLED
}

/// The source of a bundled set.
pub fn find(name: &str) -> Option<&'static str> {
    BUNDLED.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// The one-line description of a set: the first sentence of its leading `//` comment (the
/// comment lines before the first blank line or item), or an empty string without one.
pub fn description(source: &str) -> String {
    let mut lines = Vec::new();
    for line in source.lines() {
        let Some(text) = line.trim_start().strip_prefix("//") else {
            break;
        };
        let text = text.trim();
        if text.is_empty() {
            break;
        }
        lines.push(text);
    }
    let joined = lines.join(" ");
    match joined.find(". ") {
        Some(end) => joined.get(..=end).unwrap_or(&joined).to_owned(),
        None => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_is_the_first_sentence_of_the_leading_comment() {
        let src = "// First part of the sentence\n// goes on. Second sentence.\n//\n// More.\nparam x = 1\n";
        assert_eq!(description(src), "First part of the sentence goes on.");
        assert_eq!(description("param x = 1\n"), "");
        assert_eq!(description("// No full stop\n"), "No full stop");
    }

    #[test]
    fn every_bundled_set_has_a_description() {
        for (name, src) in bundled() {
            assert!(!description(src).is_empty(), "{name}");
            assert_eq!(find(name), Some(*src));
        }
    }
}
