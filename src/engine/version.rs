//! Version ordering that knows the ecosystem's rules.
//!
//! `compare(a, b, ecosystem)` orders two version strings the way the ecosystem does: semver
//! for npm, cargo, golang and other semver ecosystems; PEP 440 for PyPI; dpkg for Debian;
//! Maven's ComparableVersion for Maven; a natural ordering (numbers numerically, text
//! lexically) for everything else and as the fallback when a version does not parse under
//! its ecosystem's rules. Generic version crates order `1.0.post1`, `2.0~rc1` and epochs
//! wrongly (research/deps.md §4), hence these small comparators.
//!
//! `in_range` checks a comma-separated range (`">=1.2, <2.0"`, `"==1.4.*"`) with the same
//! ordering. Nothing here allocates per comparison beyond small token vectors.

use std::cmp::Ordering;

/// Orders two versions under the ecosystem's rules (`None` or unknown: natural order).
pub fn compare(a: &str, b: &str, ecosystem: Option<&str>) -> Ordering {
    let a = a.trim();
    let b = b.trim();
    let is = |name: &str| ecosystem.is_some_and(|e| e.eq_ignore_ascii_case(name));
    if is("pypi") {
        pep440(a, b).unwrap_or_else(|| natural(a, b))
    } else if is("deb") {
        dpkg(a, b)
    } else if is("maven") {
        maven(a, b)
    } else {
        semver_cmp(a, b).unwrap_or_else(|| natural(a, b))
    }
}

fn semver_cmp(a: &str, b: &str) -> Option<Ordering> {
    let pa = semver::Version::parse(a.strip_prefix('v').unwrap_or(a)).ok()?;
    let pb = semver::Version::parse(b.strip_prefix('v').unwrap_or(b)).ok()?;
    Some(pa.cmp_precedence(&pb))
}

/// One piece of a version for the natural order.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Num(u128),
    Text(&'a str),
}

fn pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let is_digit = bytes.get(i).is_some_and(u8::is_ascii_digit);
        let is_alpha = bytes.get(i).is_some_and(u8::is_ascii_alphabetic);
        if !is_digit && !is_alpha {
            i += 1;
            continue;
        }
        while bytes.get(i).is_some_and(|c| {
            if is_digit {
                c.is_ascii_digit()
            } else {
                c.is_ascii_alphabetic()
            }
        }) {
            i += 1;
        }
        let Some(tok) = s.get(start..i) else { break };
        out.push(if is_digit {
            Piece::Num(tok.parse().unwrap_or(u128::MAX))
        } else {
            Piece::Text(tok)
        });
    }
    out
}

/// Numbers numerically, text lexically; a number sorts after text at the same position
/// (`1.0.rc1` < `1.0.1`), and a missing piece sorts before a number but after text
/// (`1.0-rc1` < `1.0` < `1.0.1`).
pub fn natural(a: &str, b: &str) -> Ordering {
    let (pa, pb) = (pieces(a), pieces(b));
    let mut ia = pa.iter();
    let mut ib = pb.iter();
    loop {
        let ord = match (ia.next(), ib.next()) {
            (None, None) => return Ordering::Equal,
            (Some(Piece::Num(x)), Some(Piece::Num(y))) => x.cmp(y),
            (Some(Piece::Text(x)), Some(Piece::Text(y))) => {
                let (x, y) = (x.bytes(), y.bytes());
                x.map(|b| b.to_ascii_lowercase())
                    .cmp(y.map(|b| b.to_ascii_lowercase()))
            }
            (Some(Piece::Num(_)), Some(Piece::Text(_))) => Ordering::Greater,
            (Some(Piece::Text(_)), Some(Piece::Num(_))) => Ordering::Less,
            (Some(Piece::Num(_)), None) => Ordering::Greater,
            (Some(Piece::Text(_)), None) => Ordering::Less,
            (None, Some(Piece::Num(_))) => Ordering::Less,
            (None, Some(Piece::Text(_))) => Ordering::Greater,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
}

/// A parsed PEP 440 version: epoch, release, pre-release, post-release, dev-release.
#[derive(Debug, PartialEq, Eq)]
struct Pep440 {
    epoch: u64,
    release: Vec<u64>,
    /// (0 = a, 1 = b, 2 = rc, number)
    pre: Option<(u8, u64)>,
    post: Option<u64>,
    dev: Option<u64>,
}

impl Pep440 {
    fn parse(s: &str) -> Option<Pep440> {
        let s = s.to_ascii_lowercase();
        let s = s.strip_prefix('v').unwrap_or(&s);
        let s = s.split('+').next().unwrap_or(s); // local versions ignored for ordering
        let (epoch, rest) = match s.split_once('!') {
            Some((e, r)) => (e.parse().ok()?, r),
            None => (0, s),
        };
        let mut chars = rest.char_indices().peekable();
        let mut release = Vec::new();
        let mut end = 0;
        loop {
            let start = end;
            while chars.peek().is_some_and(|(_, c)| c.is_ascii_digit()) {
                chars.next();
                end += 1;
            }
            release.push(rest.get(start..end)?.parse().ok()?);
            if chars.peek().map(|(_, c)| *c) == Some('.')
                && rest
                    .get(end + 1..end + 2)
                    .is_some_and(|c| c.chars().all(|c| c.is_ascii_digit()))
            {
                chars.next();
                end += 1;
            } else {
                break;
            }
        }
        let mut tail = rest.get(end..)?.to_owned();
        let mut v = Pep440 {
            epoch,
            release,
            pre: None,
            post: None,
            dev: None,
        };
        for (names, kind) in [
            (&["alpha", "a"][..], 0u8),
            (&["beta", "b"][..], 1),
            (&["rc", "c", "preview", "pre"][..], 2),
        ] {
            if v.pre.is_none()
                && let Some((n, rest)) = take_tag(&tail, names)
            {
                v.pre = Some((kind, n));
                tail = rest;
            }
        }
        if let Some((n, rest)) = take_tag(&tail, &["post", "rev", "r"]) {
            v.post = Some(n);
            tail = rest;
        } else if let Some(n) = tail.strip_prefix('-').and_then(|t| t.parse().ok()) {
            v.post = Some(n);
            tail.clear();
        }
        if let Some((n, rest)) = take_tag(&tail, &["dev"]) {
            v.dev = Some(n);
            tail = rest;
        }
        tail.is_empty().then_some(v)
    }

    /// The sort key: dev-only releases sort before pre-releases, which sort before the release.
    fn key(&self) -> Pep440Key {
        let mut release = self.release.clone();
        while release.len() > 1 && release.last() == Some(&0) {
            release.pop();
        }
        let pre = match (self.pre, self.post, self.dev) {
            (Some((k, n)), _, _) => (k + 1, n),
            (None, None, Some(_)) => (0, 0),
            _ => (9, 0),
        };
        let post = self.post.map_or((0, 0), |n| (1, n));
        let dev = self.dev.map_or((1, 0), |n| (0, n));
        (self.epoch, release, pre, post, dev)
    }
}

/// (epoch, release without trailing zeros, pre, post, dev), each tagged so that absence
/// sorts correctly.
type Pep440Key = (u64, Vec<u64>, (u8, u64), (u8, u64), (u8, u64));

/// Strips an optional separator, one of `names` and an optional number (`.post1`, `rc2`).
fn take_tag(s: &str, names: &[&str]) -> Option<(u64, String)> {
    let t = s.trim_start_matches(['.', '-', '_']);
    let name = names.iter().find(|n| t.starts_with(**n))?;
    let t = t.get(name.len()..)?.trim_start_matches(['.', '-', '_']);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let n = if digits.is_empty() {
        0
    } else {
        digits.parse().ok()?
    };
    Some((n, t.get(digits.len()..)?.to_owned()))
}

fn pep440(a: &str, b: &str) -> Option<Ordering> {
    Some(Pep440::parse(a)?.key().cmp(&Pep440::parse(b)?.key()))
}

/// dpkg ordering: `[epoch:]upstream[-revision]`, `~` sorts before everything.
fn dpkg(a: &str, b: &str) -> Ordering {
    let split = |v: &str| -> (u64, String, String) {
        let (epoch, rest) = match v.split_once(':') {
            Some((e, r)) if e.chars().all(|c| c.is_ascii_digit()) => (e.parse().unwrap_or(0), r),
            _ => (0, v),
        };
        match rest.rsplit_once('-') {
            Some((u, r)) => (epoch, u.to_owned(), r.to_owned()),
            None => (epoch, rest.to_owned(), String::new()),
        }
    };
    let (ea, ua, ra) = split(a);
    let (eb, ub, rb) = split(b);
    ea.cmp(&eb)
        .then_with(|| dpkg_part(&ua, &ub))
        .then_with(|| dpkg_part(&ra, &rb))
}

/// dpkg's `verrevcmp` on one part: runs of non-digits compared by a modified character
/// order (`~` first, then end of string and digits, letters, then other symbols), runs of
/// digits compared numerically.
fn dpkg_part(a: &str, b: &str) -> Ordering {
    fn order(c: Option<u8>) -> i32 {
        match c {
            None => 0,
            Some(b'~') => -1,
            Some(c) if c.is_ascii_digit() => 0,
            Some(c) if c.is_ascii_alphabetic() => i32::from(c),
            Some(c) => i32::from(c) + 256,
        }
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    let non_digit = |v: &[u8], k: usize| v.get(k).is_some_and(|c| !c.is_ascii_digit());
    while i < a.len() || j < b.len() {
        while non_digit(a, i) || non_digit(b, j) {
            let (oa, ob) = (order(a.get(i).copied()), order(b.get(j).copied()));
            if oa != ob {
                return oa.cmp(&ob);
            }
            i += 1;
            j += 1;
        }
        let digits = |v: &[u8], k: &mut usize| -> String {
            let mut s = String::new();
            while let Some(c) = v.get(*k).filter(|c| c.is_ascii_digit()) {
                s.push(char::from(*c));
                *k += 1;
            }
            s.trim_start_matches('0').to_owned()
        };
        let (da, db) = (digits(a, &mut i), digits(b, &mut j));
        let ord = da.len().cmp(&db.len()).then_with(|| da.cmp(&db));
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// Maven's ComparableVersion, simplified: numbers numerically; known qualifiers ordered
/// `alpha < beta < milestone < rc < snapshot < (release) < sp`; unknown qualifiers after
/// `sp`, lexically.
fn maven(a: &str, b: &str) -> Ordering {
    fn items(v: &str) -> Vec<(u8, u128, String)> {
        let mut out: Vec<(u8, u128, String)> = pieces(&v.to_ascii_lowercase())
            .into_iter()
            .map(|p| match p {
                Piece::Num(n) => (1, n, String::new()),
                Piece::Text(t) => {
                    let rank = match t {
                        "alpha" | "a" => 0,
                        "beta" | "b" => 1,
                        "milestone" | "m" => 2,
                        "rc" | "cr" => 3,
                        "snapshot" => 4,
                        "ga" | "final" | "release" => 5,
                        "sp" => 6,
                        _ => 7,
                    };
                    (
                        0,
                        rank,
                        if rank == 7 {
                            t.to_owned()
                        } else {
                            String::new()
                        },
                    )
                }
            })
            .collect();
        while out
            .last()
            .is_some_and(|x| *x == (1, 0, String::new()) || *x == (0, 5, String::new()))
        {
            out.pop();
        }
        out
    }
    let (ia, ib) = (items(a), items(b));
    let pad_num = (1, 0, String::new());
    let release = (0, 5, String::new());
    for k in 0..ia.len().max(ib.len()) {
        let x = ia.get(k);
        let y = ib.get(k);
        let ord = match (x, y) {
            (Some(x), Some(y)) if x.0 == y.0 => (x.1, &x.2).cmp(&(y.1, &y.2)),
            // a number outranks a qualifier at the same position
            (Some(x), Some(_)) if x.0 == 1 => Ordering::Greater,
            (Some(_), Some(_)) => Ordering::Less,
            (Some(x), None) => cmp_item(x, if x.0 == 1 { &pad_num } else { &release }),
            (None, Some(y)) => cmp_item(if y.0 == 1 { &pad_num } else { &release }, y),
            (None, None) => Ordering::Equal,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

fn cmp_item(x: &(u8, u128, String), y: &(u8, u128, String)) -> Ordering {
    (x.1, &x.2).cmp(&(y.1, &y.2))
}

/// Why a range string is not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeError(pub String);

/// One `op version` constraint of a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    pub op: RangeOp,
    pub version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Parses `">=1.2, <2.0"` (comma- or space-separated constraints; `==1.4.*` prefix match;
/// a bare version means `==`).
pub fn parse_range(range: &str) -> Result<Vec<Constraint>, RangeError> {
    let mut out = Vec::new();
    for part in range
        .split([',', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (op, rest) = [
            ("==", RangeOp::Eq),
            ("!=", RangeOp::Ne),
            ("<=", RangeOp::Le),
            (">=", RangeOp::Ge),
            ("<", RangeOp::Lt),
            (">", RangeOp::Gt),
            ("=", RangeOp::Eq),
        ]
        .iter()
        .find_map(|(p, op)| part.strip_prefix(p).map(|r| (*op, r.trim())))
        .unwrap_or((RangeOp::Eq, part));
        if rest.is_empty()
            || !rest
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return Err(RangeError(format!("`{part}` is not `<op> <version>`")));
        }
        out.push(Constraint {
            op,
            version: rest.to_owned(),
        });
    }
    if out.is_empty() {
        return Err(RangeError("the range is empty".into()));
    }
    Ok(out)
}

/// True when `version` satisfies every constraint.
pub fn in_range(version: &str, constraints: &[Constraint], ecosystem: Option<&str>) -> bool {
    constraints.iter().all(|c| {
        if let Some(prefix) = c.version.strip_suffix(".*") {
            let hit = version == prefix || version.starts_with(&format!("{prefix}."));
            return if c.op == RangeOp::Ne { !hit } else { hit };
        }
        let ord = compare(version, &c.version, ecosystem);
        match c.op {
            RangeOp::Eq => ord == Ordering::Equal,
            RangeOp::Ne => ord != Ordering::Equal,
            RangeOp::Lt => ord == Ordering::Less,
            RangeOp::Le => ord != Ordering::Greater,
            RangeOp::Gt => ord == Ordering::Greater,
            RangeOp::Ge => ord != Ordering::Less,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ordering::*;

    #[test]
    fn semver_ecosystems() {
        assert_eq!(compare("1.2.3", "1.10.0", Some("npm")), Less);
        assert_eq!(compare("1.0.0-rc.1", "1.0.0", Some("cargo")), Less);
        assert_eq!(compare("v1.2.3", "1.2.3", Some("golang")), Equal);
    }

    #[test]
    fn pep440_orders_post_dev_and_pre() {
        assert_eq!(compare("1.0.post1", "1.0", Some("pypi")), Greater);
        assert_eq!(compare("1.0.dev1", "1.0a1", Some("pypi")), Less);
        assert_eq!(compare("1.0a1", "1.0b1", Some("pypi")), Less);
        assert_eq!(compare("1.0rc1", "1.0", Some("pypi")), Less);
        assert_eq!(compare("1!0.5", "2.0", Some("pypi")), Greater);
        assert_eq!(compare("2.0", "2.0.0", Some("pypi")), Equal);
    }

    #[test]
    fn dpkg_orders_tilde_and_epoch() {
        assert_eq!(compare("2.0~rc1", "2.0", Some("deb")), Less);
        assert_eq!(compare("1:2.0", "3.0", Some("deb")), Greater);
        assert_eq!(compare("1.2-3", "1.2-10", Some("deb")), Less);
        assert_eq!(compare("1.2a", "1.2", Some("deb")), Greater);
        assert_eq!(compare("1.2", "1.2", Some("deb")), Equal);
    }

    #[test]
    fn maven_qualifiers() {
        assert_eq!(compare("1.0-alpha-1", "1.0", Some("maven")), Less);
        assert_eq!(compare("1.0-rc1", "1.0-SNAPSHOT", Some("maven")), Less);
        assert_eq!(compare("1.0", "1.0.0", Some("maven")), Equal);
        assert_eq!(compare("1.0-sp1", "1.0", Some("maven")), Greater);
        assert_eq!(compare("1.10", "1.9", Some("maven")), Greater);
    }

    #[test]
    fn natural_fallback() {
        assert_eq!(compare("1.0.2k", "1.0.2l", None), Less);
        assert_eq!(compare("1.10", "1.9", None), Greater);
        assert_eq!(compare("2024.1", "2023.12", None), Greater);
    }

    #[test]
    fn ranges() {
        let r = parse_range(">=1.2, <2.0").unwrap();
        assert!(in_range("1.5.0", &r, Some("npm")));
        assert!(!in_range("2.0.0", &r, Some("npm")));
        let r = parse_range("==1.4.*").unwrap();
        assert!(in_range("1.4.7", &r, None));
        assert!(!in_range("1.40", &r, None));
        assert!(parse_range(">=").is_err());
        assert!(parse_range("").is_err());
    }

    #[test]
    fn never_panics_on_odd_strings() {
        for s in [
            "",
            "~",
            "-",
            "::",
            "1:",
            "!",
            "1!",
            "v",
            "..",
            "1..2",
            "\u{1b}",
            "99999999999999999999999999999999999999999",
        ] {
            for eco in [None, Some("pypi"), Some("deb"), Some("maven"), Some("npm")] {
                let _ = compare(s, "1.0", eco);
                let _ = compare("1.0", s, eco);
            }
        }
    }
}
