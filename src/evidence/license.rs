//! Licence normalisation: turns licence text as an SBOM states it into a [`License`].
//!
//! Input: a licence id, name or SPDX expression. Output: a [`License`] whose `expression` is
//! a strict SPDX expression whenever the text is one, or can be read as one without guessing
//! (`Apache 2.0` → `Apache-2.0`, `GPL-2.0+` → `GPL-2.0-or-later`, `MIT/Apache-2.0` →
//! `MIT OR Apache-2.0`), keeping the text as written in `original` when it changed. Anything
//! else is kept as a named licence (`is_spdx = false`) and, through [`normalise_at`], reported
//! with an `unknown-license` warning.
//!
//! Several licences stated for one component are combined with [`all_of`] (`AND`: every
//! stated licence applies). It does not decide whether a licence is acceptable; clauses do.

use crate::diag::{Code, Diagnostic};
use crate::evidence::model::{License, Provenance};

/// Reads one licence id, name or expression.
pub fn normalise(text: &str) -> License {
    let trimmed = text.trim();
    if spdx::Expression::parse(trimmed).is_ok() {
        return License {
            expression: trimmed.into(),
            is_spdx: true,
            original: (trimmed != text).then(|| text.into()),
        };
    }
    match lax_rewrite(trimmed) {
        Some(fixed) if spdx::Expression::parse(&fixed).is_ok() => License {
            expression: fixed.into(),
            is_spdx: true,
            original: Some(text.into()),
        },
        _ => License {
            expression: text.into(),
            is_spdx: false,
            original: None,
        },
    }
}

/// Like [`normalise`], and pushes an `unknown-license` warning at `at` when the text is not
/// an SPDX expression.
pub fn normalise_at(text: &str, at: &Provenance, warnings: &mut Vec<Diagnostic>) -> License {
    let license = normalise(text);
    if !license.is_spdx {
        warnings.push(unknown_license(text, at));
    }
    license
}

/// The `unknown-license` warning.
pub fn unknown_license(text: &str, at: &Provenance) -> Diagnostic {
    Diagnostic::warning(
        Code("unknown-license"),
        format!("licence `{}` is not an SPDX licence expression", shorten(text)),
    )
    .at(at.location())
    .with_help("clauses compare it as a named licence; an SPDX id (e.g. `Apache-2.0`) or `LicenseRef-…` makes it comparable")
}

/// Combines several licences that all apply into one (`A AND B`); `None` when empty.
pub fn all_of(mut licenses: Vec<License>) -> Option<License> {
    if licenses.len() <= 1 {
        return licenses.pop();
    }
    let is_spdx = licenses.iter().all(|l| l.is_spdx);
    let parts: Vec<String> = licenses
        .iter()
        .map(|l| {
            if licenses.len() > 1 && needs_parens(&l.expression) {
                format!("({})", l.expression)
            } else {
                l.expression.to_string()
            }
        })
        .collect();
    let any_original = licenses.iter().any(|l| l.original.is_some());
    let original = any_original.then(|| {
        licenses
            .iter()
            .map(|l| l.original.as_deref().unwrap_or(&l.expression).to_owned())
            .collect::<Vec<_>>()
            .join(" AND ")
    });
    Some(License {
        expression: parts.join(" AND ").into(),
        is_spdx,
        original: original.map(Into::into),
    })
}

fn needs_parens(expr: &str) -> bool {
    expr.split_whitespace()
        .any(|w| w.eq_ignore_ascii_case("or") || w.eq_ignore_ascii_case("and"))
}

/// Rewrites a LAX SPDX expression into strict syntax, token by token; `None` when the LAX
/// lexer does not understand it either.
fn lax_rewrite(text: &str) -> Option<String> {
    use spdx::lexer::{Lexer, Token};
    // Validates the whole expression's structure in LAX mode first.
    spdx::Expression::parse_mode(text, spdx::ParseMode::LAX).ok()?;
    let tokens: Vec<Token<'_>> = Lexer::new_mode(text, spdx::ParseMode::LAX)
        .map(|t| t.map(|t| t.token))
        .collect::<Result<_, _>>()
        .ok()?;
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut iter = tokens.iter().peekable();
    while let Some(token) = iter.next() {
        let word = match token {
            Token::Spdx(id) => {
                let plus = matches!(iter.peek(), Some(Token::Plus));
                if plus {
                    iter.next();
                }
                spdx_id(*id, plus)
            }
            Token::Plus => "+".to_owned(),
            Token::OpenParen => "(".to_owned(),
            Token::CloseParen => ")".to_owned(),
            Token::And => "AND".to_owned(),
            Token::Or => "OR".to_owned(),
            Token::With => "WITH".to_owned(),
            Token::Exception(e) => e.name.to_owned(),
            Token::LicenseRef { doc_ref, lic_ref } => match doc_ref {
                Some(d) => format!("DocumentRef-{d}:LicenseRef-{lic_ref}"),
                None => format!("LicenseRef-{lic_ref}"),
            },
            Token::AdditionRef { doc_ref, add_ref } => match doc_ref {
                Some(d) => format!("DocumentRef-{d}:AdditionRef-{add_ref}"),
                None => format!("AdditionRef-{add_ref}"),
            },
            Token::Unknown(_) => return None,
        };
        out.push(word);
    }
    let mut text = out.join(" ");
    text = text.replace("( ", "(").replace(" )", ")");
    Some(text)
}

/// The current SPDX id for a (possibly deprecated) id, with `+` folded in for GNU licences.
fn spdx_id(id: spdx::LicenseId, plus: bool) -> String {
    if id.is_gnu() {
        let base = id
            .name
            .trim_end_matches("-only")
            .trim_end_matches("-or-later")
            .trim_end_matches('+');
        let or_later = plus || id.name.ends_with('+') || id.name.ends_with("-or-later");
        if let Some(g) = spdx::gnu_license_id(base, or_later) {
            return g.name.to_owned();
        }
    }
    if plus {
        format!("{}+", id.name)
    } else {
        id.name.to_owned()
    }
}

/// Licence text in a message: the first 80 characters.
fn shorten(text: &str) -> String {
    let mut s: String = text.chars().take(80).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> (String, bool, Option<String>) {
        let l = normalise(s);
        (l.expression.into(), l.is_spdx, l.original.map(Into::into))
    }

    #[test]
    fn strict_expressions_stay_as_written() {
        assert_eq!(n("MIT"), ("MIT".into(), true, None));
        assert_eq!(
            n("(MIT OR Apache-2.0) AND BSD-3-Clause"),
            ("(MIT OR Apache-2.0) AND BSD-3-Clause".into(), true, None)
        );
        assert_eq!(n("LicenseRef-acme"), ("LicenseRef-acme".into(), true, None));
        assert_eq!(
            n("Apache-2.0 WITH LLVM-exception"),
            ("Apache-2.0 WITH LLVM-exception".into(), true, None)
        );
    }

    #[test]
    fn lax_forms_are_normalised_and_keep_the_original() {
        assert_eq!(
            n("Apache 2.0"),
            ("Apache-2.0".into(), true, Some("Apache 2.0".into()))
        );
        assert_eq!(
            n("GPL-2.0+"),
            ("GPL-2.0-or-later".into(), true, Some("GPL-2.0+".into()))
        );
        assert_eq!(
            n("GPL-2.0"),
            ("GPL-2.0-only".into(), true, Some("GPL-2.0".into()))
        );
        assert_eq!(
            n("MIT/Apache-2.0"),
            (
                "MIT OR Apache-2.0".into(),
                true,
                Some("MIT/Apache-2.0".into())
            )
        );
        assert_eq!(n(" MIT "), ("MIT".into(), true, Some(" MIT ".into())));
    }

    #[test]
    fn unknown_names_stay_named_with_a_warning() {
        assert_eq!(
            n("Acme Proprietary Licence"),
            ("Acme Proprietary Licence".into(), false, None)
        );
        let at = Provenance::new(
            &std::sync::Arc::from("bom.json"),
            crate::evidence::model::Locator::pointer("/components/0/licenses/0"),
        );
        let mut w = Vec::new();
        let l = normalise_at("Acme EULA", &at, &mut w);
        assert!(!l.is_spdx);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code, Code("unknown-license"));
        assert!(normalise_at("MIT", &at, &mut w).is_spdx);
        assert_eq!(w.len(), 1);
        assert!(!normalise("MIT OR").is_spdx);
        assert!(!normalise("").is_spdx);
    }

    #[test]
    fn several_licences_all_apply() {
        let l = all_of(vec![normalise("MIT"), normalise("Apache 2.0")]).unwrap();
        assert_eq!(&*l.expression, "MIT AND Apache-2.0");
        assert!(l.is_spdx);
        assert_eq!(l.original.as_deref(), Some("MIT AND Apache 2.0"));
        let l = all_of(vec![normalise("MIT OR ISC"), normalise("Zlib")]).unwrap();
        assert_eq!(&*l.expression, "(MIT OR ISC) AND Zlib");
        assert!(spdx::Expression::parse(&l.expression).is_ok());
        let l = all_of(vec![normalise("MIT"), normalise("Acme EULA")]).unwrap();
        assert!(!l.is_spdx);
        assert_eq!(all_of(vec![]), None);
    }
}
