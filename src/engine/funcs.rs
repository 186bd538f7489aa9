//! The builtin functions of the clause language: ONE table that drives the checker (arity
//! and argument types), the evaluator (each builtin has a [`Func`] id to `match` on) and the
//! generated language reference (`docs/vocabulary.md`).
//!
//! The table is data only: names, signatures, one line of documentation and an example.
//! It does not evaluate anything (that is `engine::eval`) and does not report diagnostics
//! (that is `engine::check`).

use crate::evidence::schema::Ty;

/// A builtin function, for the evaluator to `match` exhaustively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Func {
    Exists,
    Len,
    Lower,
    Contains,
    StartsWith,
    EndsWith,
    Today,
    Age,
    YearsBetween,
    MonthsBetween,
    DaysBetween,
    Allowed,
    VersionIn,
    HasHash,
    HasRef,
}

/// The type of one parameter (or the result) of a builtin, as a pattern over [`Ty`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgTy {
    /// Any value at all (a path, usually).
    Any,
    /// A list of anything, or a string.
    ListOrString,
    Bool,
    Number,
    /// A string; `url` and `license` values are accepted too.
    String,
    Date,
    Duration,
    Version,
    /// A licence expression; a string is accepted too.
    License,
    /// `list<string>`.
    StringList,
    /// A record of the vocabulary, by name (`component`).
    Record(&'static str),
}

impl ArgTy {
    /// True when a value of type `ty` may be passed where this is expected.
    pub fn accepts(self, ty: &Ty) -> bool {
        if matches!(ty, Ty::Error) {
            return true;
        }
        match self {
            ArgTy::Any => true,
            ArgTy::ListOrString => matches!(ty, Ty::List(_) | Ty::String | Ty::Url | Ty::License),
            ArgTy::Bool => *ty == Ty::Bool,
            ArgTy::Number => *ty == Ty::Number,
            ArgTy::String => matches!(ty, Ty::String | Ty::Url | Ty::License),
            ArgTy::Date => *ty == Ty::Date,
            ArgTy::Duration => *ty == Ty::Duration,
            ArgTy::Version => *ty == Ty::Version,
            ArgTy::License => matches!(ty, Ty::License | Ty::String),
            ArgTy::StringList => matches!(ty.element(), Some(Ty::String | Ty::License | Ty::Url)),
            ArgTy::Record(name) => matches!(ty, Ty::Record(r) if r == name),
        }
    }

    /// The type as the language names it, for messages and docs.
    pub fn name(self) -> &'static str {
        match self {
            ArgTy::Any => "any",
            ArgTy::ListOrString => "list or string",
            ArgTy::Bool => "bool",
            ArgTy::Number => "number",
            ArgTy::String => "string",
            ArgTy::Date => "date",
            ArgTy::Duration => "duration",
            ArgTy::Version => "version",
            ArgTy::License => "license",
            ArgTy::StringList => "list<string>",
            ArgTy::Record(name) => name,
        }
    }

    /// The concrete type of a result (results are never `Any` or `ListOrString`).
    pub fn to_ty(self) -> Ty {
        match self {
            ArgTy::Bool | ArgTy::Any => Ty::Bool,
            ArgTy::Number => Ty::Number,
            ArgTy::String | ArgTy::ListOrString => Ty::String,
            ArgTy::Date => Ty::Date,
            ArgTy::Duration => Ty::Duration,
            ArgTy::Version => Ty::Version,
            ArgTy::License => Ty::License,
            ArgTy::StringList => Ty::list(Ty::String),
            ArgTy::Record(name) => Ty::Record(name.to_owned()),
        }
    }
}

/// One row of the builtin table.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    pub func: Func,
    pub name: &'static str,
    pub params: &'static [ArgTy],
    pub ret: ArgTy,
    /// One line for the language reference.
    pub doc: &'static str,
    /// A use in a clause.
    pub example: &'static str,
}

use ArgTy as A;

/// Every builtin, sorted by name.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        func: Func::Age,
        name: "age",
        params: &[A::Date],
        ret: A::Duration,
        doc: "The time from the date to the evaluation date (`today()`).",
        example: "age(attestation.pentest.date) <= 12 months",
    },
    Builtin {
        func: Func::Allowed,
        name: "allowed",
        params: &[A::License, A::StringList],
        ret: A::Bool,
        doc: "True when the licence expression can be satisfied using only licences in the list.",
        example: "allowed(c.license, [\"MIT\", \"Apache-2.0\", \"BSD-3-Clause\"])",
    },
    Builtin {
        func: Func::Contains,
        name: "contains",
        params: &[A::String, A::String],
        ret: A::Bool,
        doc: "True when the first string contains the second (case-sensitive).",
        example: "contains(attestation.pentest.scope, \"firmware\")",
    },
    Builtin {
        func: Func::DaysBetween,
        name: "days_between",
        params: &[A::Date, A::Date],
        ret: A::Number,
        doc: "Days from the first date to the second (negative when the second is earlier).",
        example: "days_between(tender.published, tender.deadline) >= 30",
    },
    Builtin {
        func: Func::EndsWith,
        name: "ends_with",
        params: &[A::String, A::String],
        ret: A::Bool,
        doc: "True when the first string ends with the second (case-sensitive).",
        example: "ends_with(attestation.contact.email, \".nl\")",
    },
    Builtin {
        func: Func::Exists,
        name: "exists",
        params: &[A::Any],
        ret: A::Bool,
        doc: "True when the evidence has a value at the path (never `unknown`).",
        example: "exists(attestation.disclosure.security_txt)",
    },
    Builtin {
        func: Func::HasHash,
        name: "has_hash",
        params: &[A::Record("component"), A::String],
        ret: A::Bool,
        doc: "True when the component has a hash with the algorithm (`SHA-256`, `SHA-512`…).",
        example: "all c in sbom.components: has_hash(c, \"SHA-256\")",
    },
    Builtin {
        func: Func::HasRef,
        name: "has_ref",
        params: &[A::Record("component"), A::String],
        ret: A::Bool,
        doc: "True when the component has an external reference of the type (`vcs`, `website`…).",
        example: "all c in sbom.components: has_ref(c, \"vcs\")",
    },
    Builtin {
        func: Func::Len,
        name: "len",
        params: &[A::ListOrString],
        ret: A::Number,
        doc: "The number of elements of a list, or of characters of a string.",
        example: "len(sbom.documents) >= 1",
    },
    Builtin {
        func: Func::Lower,
        name: "lower",
        params: &[A::String],
        ret: A::String,
        doc: "The string in lower case.",
        example: "lower(attestation.updates.mechanism) == \"automatic\"",
    },
    Builtin {
        func: Func::MonthsBetween,
        name: "months_between",
        params: &[A::Date, A::Date],
        ret: A::Number,
        doc: "Whole months from the first date to the second (negative when the second is earlier).",
        example: "months_between(attestation.pentest.date, tender.published) <= 12",
    },
    Builtin {
        func: Func::StartsWith,
        name: "starts_with",
        params: &[A::String, A::String],
        ret: A::Bool,
        doc: "True when the first string starts with the second (case-sensitive).",
        example: "starts_with(attestation.disclosure.policy_url, \"https://\")",
    },
    Builtin {
        func: Func::Today,
        name: "today",
        params: &[],
        ret: A::Date,
        doc: "The evaluation date: `--as-of`, by default the tender's `published` date.",
        example: "attestation.support.end >= today() + 5 years",
    },
    Builtin {
        func: Func::VersionIn,
        name: "version_in",
        params: &[A::Version, A::String],
        ret: A::Bool,
        doc: "True when the version is in the range (a string literal like `\">=1.2, <2.0\"`).",
        example: "none c in sbom.components where c.name == \"openssl\": version_in(c.version, \"<1.1.1\")",
    },
    Builtin {
        func: Func::YearsBetween,
        name: "years_between",
        params: &[A::Date, A::Date],
        ret: A::Number,
        doc: "Whole years from the first date to the second (negative when the second is earlier).",
        example: "years_between(tender.published, attestation.support.end) >= 5",
    },
];

/// Looks a builtin up by name.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// The table row of a function id.
pub fn builtin(func: Func) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.func == func)
}

/// The signature as written in the docs: `years_between(date, date) -> number`.
pub fn signature(b: &Builtin) -> String {
    let params: Vec<&str> = b.params.iter().map(|p| p.name()).collect();
    format!("{}({}) -> {}", b.name, params.join(", "), b.ret.to_ty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        let names: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
    }

    #[test]
    fn every_func_has_one_row() {
        use Func::*;
        for f in [
            Exists,
            Len,
            Lower,
            Contains,
            StartsWith,
            EndsWith,
            Today,
            Age,
            YearsBetween,
            MonthsBetween,
            DaysBetween,
            Allowed,
            VersionIn,
            HasHash,
            HasRef,
        ] {
            assert_eq!(BUILTINS.iter().filter(|b| b.func == f).count(), 1, "{f:?}");
        }
        assert_eq!(BUILTINS.len(), 15);
    }

    #[test]
    fn signatures_read_like_the_language() {
        let b = lookup("years_between").unwrap();
        assert_eq!(signature(b), "years_between(date, date) -> number");
        assert!(A::StringList.accepts(&Ty::list(Ty::String)));
        assert!(!A::Date.accepts(&Ty::String));
    }
}
