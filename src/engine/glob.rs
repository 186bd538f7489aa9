//! Glob matching for `matches`: `*` matches any run of characters (also none), `?` exactly
//! one character, `\` escapes the next character; everything else matches itself,
//! case-sensitively. Linear-time two-pointer matching: no backtracking blow-up on hostile
//! names or patterns.

/// True when `text` matches `pattern` entirely.
pub fn matches(pattern: &str, text: &str) -> bool {
    let p: Vec<Tok> = tokens(pattern);
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(Tok::Star) => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(Tok::Any) => {
                pi += 1;
                ti += 1;
            }
            Some(Tok::Char(c)) if t.get(ti) == Some(c) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|t| *t == Tok::Star))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Star,
    Any,
    Char(char),
}

fn tokens(pattern: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '*' if out.last() == Some(&Tok::Star) => continue,
            '*' => Tok::Star,
            '?' => Tok::Any,
            '\\' => Tok::Char(chars.next().unwrap_or('\\')),
            c => Tok::Char(c),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn basics() {
        assert!(matches("openssl*", "openssl-libs"));
        assert!(matches("*camera*", "smart camera 3000"));
        assert!(matches("a?c", "abc"));
        assert!(!matches("a?c", "ac"));
        assert!(matches("*", ""));
        assert!(!matches("x", ""));
        assert!(matches("a\\*b", "a*b"));
        assert!(!matches("a\\*b", "axb"));
        assert!(!matches("Open*", "openssl"));
    }

    #[test]
    fn hostile_patterns_stay_fast() {
        let text = "a".repeat(10_000);
        let pattern = format!("{}b", "*a".repeat(1000));
        assert!(!matches(&pattern, &text));
    }
}
