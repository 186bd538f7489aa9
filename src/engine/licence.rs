//! Licence checks for `L satisfies E` and `allowed(L, list)`, memoised per evaluation.
//!
//! A licence expression `L` is within a set of allowed licences when it can be complied with
//! using only licences of the set; versions of a licence match by family (`GPL-3.0-only`,
//! `GPL-3.0-or-later` and `GPL-3.0+` are one family). `None` means `L` is not an SPDX
//! expression (the evaluator turns that into a missing value).
//!
//! A 100,000-component SBOM repeats a few dozen licence strings, so [`Memo`] keeps each
//! verdict per (allowed set, licence text): the expression is parsed once per distinct text
//! and allowed set, not once per component. An allowed set is known by the address of the
//! expression node that names it (`satisfies`, or an `allowed` call whose list is written
//! out), which is stable while one tender is evaluated; a `Memo` lives for one evaluation.
//! Memory is bounded by the number of distinct licence texts in the evidence times the
//! number of such nodes in the tender.

use std::cell::RefCell;
use std::collections::HashMap;

use foldhash::fast::RandomState;

/// The licence ids named in an SPDX expression, by family (see [`licence_family`]).
pub fn licence_ids(expr: &spdx::Expression) -> Vec<String> {
    let mut ids: Vec<String> = expr
        .requirements()
        .map(|r| licence_family(&r.req.license.to_string()))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// `GPL-3.0-only`, `GPL-3.0-or-later` and `GPL-3.0+` are one family: `GPL-3.0`.
pub fn licence_family(id: &str) -> String {
    let id = id.trim();
    let id = id.strip_suffix('+').unwrap_or(id);
    let id = id
        .strip_suffix("-or-later")
        .or_else(|| id.strip_suffix("-only"))
        .unwrap_or(id);
    id.to_ascii_lowercase()
}

/// The allowed families of a list of licence names, sorted for [`licence_within`].
pub fn families<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut allowed: Vec<String> = names.map(licence_family).collect();
    allowed.sort();
    allowed
}

/// True when `expression` can be complied with using only licences in `allowed` (families,
/// lowercase, sorted); `None` when it is not an SPDX expression.
pub fn licence_within(expression: &str, allowed: &[String]) -> Option<bool> {
    let parsed = spdx::Expression::parse_mode(expression, spdx::ParseMode::LAX).ok()?;
    Some(parsed.evaluate(|req| {
        allowed
            .binary_search(&licence_family(&req.license.to_string()))
            .is_ok()
    }))
}

/// Licence verdicts of one evaluation, per allowed set and licence text.
/// Hashed with foldhash (seeded per process): SipHash cost more than the rest of a
/// licence check put together.
#[derive(Debug, Default)]
pub struct Memo {
    sets: RefCell<HashMap<usize, AllowedSet, RandomState>>,
}

#[derive(Debug)]
struct AllowedSet {
    families: Vec<String>,
    verdicts: HashMap<Box<str>, Option<bool>, RandomState>,
}

impl Memo {
    /// [`licence_within`] for the allowed set named by the node at `key`; `families`
    /// computes that set the first time the node is seen.
    pub fn within(
        &self,
        key: usize,
        licence: &str,
        families: impl FnOnce() -> Vec<String>,
    ) -> Option<bool> {
        let mut sets = self.sets.borrow_mut();
        let set = sets.entry(key).or_insert_with(|| AllowedSet {
            families: families(),
            verdicts: HashMap::default(),
        });
        if let Some(v) = set.verdicts.get(licence) {
            return *v;
        }
        let v = licence_within(licence, &set.families);
        set.verdicts.insert(licence.into(), v);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licences_match_by_family() {
        let allowed = families(["GPL-3.0-only", "AGPL-3.0-only"].into_iter());
        assert_eq!(licence_within("GPL-3.0-or-later", &allowed), Some(true));
        assert_eq!(licence_within("MIT", &allowed), Some(false));
        assert_eq!(licence_within("MIT OR GPL-3.0-only", &allowed), Some(true));
        assert_eq!(
            licence_within("MIT AND GPL-3.0-only", &allowed),
            Some(false)
        );
        assert_eq!(licence_within("not a licence (", &allowed), None);
    }

    #[test]
    fn memo_answers_like_the_direct_check_and_keeps_sets_apart() {
        let memo = Memo::default();
        let mit = || families(["MIT"].into_iter());
        let gpl = || families(["GPL-2.0-only"].into_iter());
        for _ in 0..2 {
            assert_eq!(memo.within(1, "MIT", mit), Some(true));
            assert_eq!(memo.within(2, "MIT", gpl), Some(false));
            assert_eq!(memo.within(2, "GPL-2.0-or-later", gpl), Some(true));
            assert_eq!(memo.within(1, "not a licence (", mit), None);
        }
    }
}
