//! Glob matching for `matches`: `*` matches any run of characters (also none), `?` exactly
//! one character, `\` escapes the next character; everything else matches itself,
//! case-sensitively. Linear-time two-pointer matching: no backtracking blow-up on hostile
//! names or patterns.

/// A glob compiled once (when the tender is checked), matched against many values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    text: String,
    toks: Vec<Tok>,
}

impl Pattern {
    pub fn new(pattern: &str) -> Pattern {
        Pattern {
            text: pattern.to_owned(),
            toks: tokens(pattern),
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when `text` matches the pattern entirely. Walks `text` by byte offsets of its
    /// characters, so nothing is allocated per match.
    pub fn matches(&self, text: &str) -> bool {
        let p = &self.toks;
        let next_char = |ti: usize| text.get(ti..).and_then(|r| r.chars().next());
        let (mut pi, mut ti) = (0usize, 0usize);
        let mut star: Option<(usize, usize)> = None;
        while let Some(c) = next_char(ti) {
            match p.get(pi) {
                Some(Tok::Star) => {
                    star = Some((pi, ti));
                    pi += 1;
                }
                Some(Tok::Any) => {
                    pi += 1;
                    ti += c.len_utf8();
                }
                Some(Tok::Char(want)) if *want == c => {
                    pi += 1;
                    ti += c.len_utf8();
                }
                _ => match star {
                    Some((sp, st)) => {
                        let step = next_char(st).map_or(1, char::len_utf8);
                        pi = sp + 1;
                        ti = st + step;
                        star = Some((sp, st + step));
                    }
                    None => return false,
                },
            }
        }
        p.get(pi..)
            .is_some_and(|rest| rest.iter().all(|t| *t == Tok::Star))
    }
}

/// True when `text` matches `pattern` entirely.
pub fn matches(pattern: &str, text: &str) -> bool {
    Pattern::new(pattern).matches(text)
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

    #[test]
    fn non_ascii_text_matches_by_character() {
        assert!(matches("caf?", "café"));
        assert!(matches("*é*", "thé vert"));
        assert!(matches("ü*ü", "üxxü"));
        assert!(!matches("?", "éé"));
        assert!(matches("*?", "é"));
    }
}
