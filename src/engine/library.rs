//! The bundled clause library: every `requirements/*.tg` file, embedded in the binary.
//!
//! A tender imports a set by name (`use "launching-customer"`); [`resolve`](super::resolve)
//! looks names up here before asking any loader. The table is the only list: a test keeps it
//! equal to the files in `requirements/` and checks that each one parses, lints clean and
//! is formatted canonically.

/// How bundled sets are named in diagnostics: `<library>/launching-customer.tg`.
pub const PREFIX: &str = "<library>/";

const BUNDLED: &[(&str, &str)] = &[(
    "launching-customer",
    include_str!("../../requirements/launching-customer.tg"),
)];

/// Every bundled set: name (the file name without `.tg`) and source, sorted by name.
pub fn bundled() -> &'static [(&'static str, &'static str)] {
    BUNDLED
}

/// The source of a bundled set.
pub fn find(name: &str) -> Option<&'static str> {
    BUNDLED.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}
