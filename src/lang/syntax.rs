//! The pest binding: the generated parser for `grammar/tenderguard.pest`, the Pratt parser
//! for binary operators, words for every rule, and pest errors turned into diagnostics.
//!
//! Input: source text (already pre-scanned by `scan`). Output: a pest parse tree for
//! `lower`, or a `syntax-error` diagnostic that names what was expected in words. Nothing
//! here builds the AST; no pest type leaves `lang`.

#![expect(
    clippy::result_large_err,
    reason = "a diagnostic is built once per error, never on a hot path"
)]

use std::num::NonZeroUsize;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use pest::Parser as _;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};

use super::codes;
use crate::diag::{Diagnostic, FileId, Span};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/tenderguard.pest"]
pub(super) struct TgParser;

/// Rule calls pest may make per source byte before giving up (the grammar needs about
/// ten; the margin is for backtracking in expressions).
const CALLS_PER_BYTE: usize = 64;

/// The highest call limit set so far: pest's limit is process-wide, so it only ever grows.
static CALL_LIMIT: AtomicUsize = AtomicUsize::new(0);

/// Binary operators from loosest to tightest; all left-associative (comparisons are
/// non-associative: `lower` rejects a comparison whose left operand is an unparenthesised
/// comparison).
pub(super) static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left)
            | Op::infix(Rule::op_in, Assoc::Left)
            | Op::infix(Rule::op_matches, Assoc::Left)
            | Op::infix(Rule::op_satisfies, Assoc::Left))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left))
});

/// A parse tree: the `file` pair of a whole file or of one piece of it.
pub(super) type Tree<'i> = Pair<'i, Rule>;

/// Parses the piece `range` of `src` as a file of its own: a well-formed file is a
/// sequence of such pieces (the tender header and the items). Positions in the tree are
/// relative to `range.start`; positions in the error are file offsets.
pub(super) fn parse_piece<'i>(
    file: FileId,
    src: &'i str,
    range: std::ops::Range<usize>,
    max_source_bytes: u64,
) -> Result<Tree<'i>, Diagnostic> {
    raise_call_limit(max_source_bytes);
    let base = range.start;
    let piece = src.get(range).unwrap_or("");
    match TgParser::parse(Rule::file, piece) {
        Ok(mut pairs) => pairs.next().ok_or_else(|| {
            Diagnostic::error(codes::SYNTAX_ERROR, "the file could not be parsed")
                .at_span(file, Span::new(base, base))
        }),
        Err(err) => Err(error_to_diagnostic(file, src, base, &err)),
    }
}

fn raise_call_limit(max_source_bytes: u64) {
    let bytes = usize::try_from(max_source_bytes).unwrap_or(usize::MAX);
    let wanted = bytes.saturating_mul(CALLS_PER_BYTE).max(1 << 20);
    if CALL_LIMIT.fetch_max(wanted, Ordering::Relaxed) < wanted {
        pest::set_call_limit(NonZeroUsize::new(wanted));
    }
}

/// Turns a pest error on the piece of `src` that starts at `base` into a `syntax-error`
/// (or a limit diagnostic) in words.
fn error_to_diagnostic(
    file: FileId,
    src: &str,
    base: usize,
    err: &pest::error::Error<Rule>,
) -> Diagnostic {
    let pos = base
        + match err.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
    let found = found_at(src, pos);
    let span = Span::new(pos, pos + found.len());
    match &err.variant {
        ErrorVariant::CustomError { message } => {
            let (code, msg) = if message.contains("stack") {
                (
                    codes::NESTING_TOO_DEEP,
                    "the file nests too deeply to parse",
                )
            } else {
                (
                    codes::SOURCE_TOO_LARGE,
                    "the file needs more parsing steps than allowed",
                )
            };
            Diagnostic::error(code, msg)
                .at_span(file, span)
                .with_label("parsing stopped here")
                .with_help("split the file or simplify its expressions")
        }
        ErrorVariant::ParsingError {
            positives,
            negatives,
        } => syntax_error(file, span, &found, positives, negatives),
    }
}

fn syntax_error(
    file: FileId,
    span: Span,
    found: &str,
    positives: &[Rule],
    negatives: &[Rule],
) -> Diagnostic {
    let found_words = if found.is_empty() {
        "the end of the file".to_owned()
    } else {
        format!("`{found}`")
    };
    let message = if positives.is_empty() && !negatives.is_empty() {
        format!("unexpected {}", phrase_list(negatives, "or"))
    } else if positives.is_empty() {
        format!("unexpected {found_words}")
    } else {
        format!(
            "expected {}, found {found_words}",
            phrase_list(positives, "or")
        )
    };
    let mut d = Diagnostic::error(codes::SYNTAX_ERROR, message)
        .at_span(file, span)
        .with_label("unexpected here");
    if let Some(help) = help_for(found, positives) {
        d = d.with_help(help);
    }
    d
}

/// Advice for frequent mistakes.
fn help_for(found: &str, positives: &[Rule]) -> Option<String> {
    let wants = |r: Rule| positives.contains(&r);
    if wants(Rule::ident) && is_reserved(found) {
        return Some(format!("`{found}` is a reserved word; choose another name"));
    }
    if found == "=" && (wants(Rule::op_eq) || wants(Rule::rbrace)) {
        return Some("compare with `==`; a single `=` only sets a `param`".to_owned());
    }
    if wants(Rule::level) {
        return Some("a clause is either `knockout` (must pass) or `recommended`".to_owned());
    }
    if found == "&&" || found == "||" || found == "!" {
        return Some("write `and`, `or` and `not`".to_owned());
    }
    None
}

/// The words the grammar reserves.
pub(super) const RESERVED: &[&str] = &[
    "and",
    "or",
    "not",
    "in",
    "matches",
    "satisfies",
    "all",
    "any",
    "none",
    "count",
    "share",
    "where",
    "true",
    "false",
    "low",
    "medium",
    "high",
    "critical",
];

fn is_reserved(word: &str) -> bool {
    RESERVED.contains(&word)
}

/// The token at `pos`: a word, an operator of up to two characters, or one character.
fn found_at(src: &str, pos: usize) -> String {
    let rest = src.get(pos..).unwrap_or("");
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    if first.is_alphanumeric() || first == '_' {
        return rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .take(40)
            .collect();
    }
    let two: String = rest.chars().take(2).collect();
    if ["==", "!=", "<=", ">=", "=>", "&&", "||", "//", "/*"].contains(&two.as_str()) {
        return two;
    }
    first.to_string()
}

/// `a`, `a or b`, `a, b or c` (duplicates removed, at most eight).
fn phrase_list(rules: &[Rule], conj: &str) -> String {
    let mut words: Vec<&str> = Vec::new();
    for r in rules {
        let w = group_phrase(*r).unwrap_or_else(|| rule_phrase(*r));
        if !words.contains(&w) {
            words.push(w);
        }
    }
    let extra = words.len() > 8;
    words.truncate(8);
    match words.as_slice() {
        [] => String::from("something else"),
        [one] => (*one).to_owned(),
        [init @ .., last] => {
            let head = init.join(", ");
            if extra {
                format!("{head}, {last} {conj} something else")
            } else {
                format!("{head} {conj} {last}")
            }
        }
    }
}

/// One phrase for a family of rules, so a list of expectations stays short.
fn group_phrase(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::op_or
        | Rule::op_and
        | Rule::op_eq
        | Rule::op_ne
        | Rule::op_le
        | Rule::op_lt
        | Rule::op_ge
        | Rule::op_gt
        | Rule::op_in
        | Rule::op_matches
        | Rule::op_satisfies
        | Rule::op_add
        | Rule::op_sub
        | Rule::op_mul
        | Rule::op_div => "an operator",
        Rule::ref_entry
        | Rule::text_entry
        | Rule::evidence_entry
        | Rule::when_entry
        | Rule::require_entry
        | Rule::score_entry => rule_phrase(Rule::entry),
        Rule::use_item
        | Rule::param_item
        | Rule::clause
        | Rule::criterion
        | Rule::question
        | Rule::waive => rule_phrase(Rule::item),
        Rule::title_field
        | Rule::buyer_field
        | Rule::published_field
        | Rule::deadline_field
        | Rule::languages_field => rule_phrase(Rule::header_field),
        _ => return None,
    })
}

/// Every rule in words, for error messages.
pub fn rule_phrase(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "the end of the file",
        Rule::WHITESPACE => "a space or line break",
        Rule::ident_char => "a letter, digit or `_`",
        Rule::reserved => "a reserved word",
        Rule::item => "an item (`use`, `param`, `clause`, `criterion`, `question`, `waive`)",
        Rule::header_field => {
            "a header field (`title.<language>`, `buyer`, `published`, `deadline`, `languages`)"
        }
        Rule::entry => {
            "a statement (`ref`, `text.<language>`, `evidence`, `when`, `require`, `score`)"
        }
        Rule::score_rule => "`linear(…)`, `steps(…)` or `yesno(…)`",
        Rule::logic_op => "`and` or `or`",
        Rule::binary_op => "an operator",
        Rule::primary | Rule::value => "a value",
        Rule::file => "a tender file",
        Rule::tender => "a tender header",
        Rule::title_field | Rule::title_key => "`title.<language>`",
        Rule::buyer_field | Rule::kw_buyer => "`buyer`",
        Rule::published_field | Rule::kw_published => "`published`",
        Rule::deadline_field | Rule::kw_deadline => "`deadline`",
        Rule::languages_field | Rule::kw_languages => "`languages`",
        Rule::use_item | Rule::kw_use => "`use`",
        Rule::selection => "a clause selection `{ ID, … }`",
        Rule::overrides | Rule::kw_with => "`with`",
        Rule::param_override => "a parameter value `name = value`",
        Rule::param_item | Rule::kw_param => "`param`",
        Rule::clause | Rule::kw_clause => "`clause`",
        Rule::level => "`knockout` or `recommended`",
        Rule::criterion | Rule::kw_criterion => "`criterion`",
        Rule::weight => "a weight (a whole number)",
        Rule::ref_entry | Rule::kw_ref => "`ref`",
        Rule::text_entry | Rule::text_key => "`text.<language>`",
        Rule::evidence_entry | Rule::kw_evidence => "`evidence`",
        Rule::when_entry | Rule::kw_when => "`when`",
        Rule::require_entry | Rule::kw_require => "`require`",
        Rule::score_entry | Rule::kw_score => "`score`",
        Rule::linear_rule | Rule::kw_linear => "`linear(…)`",
        Rule::steps_rule | Rule::kw_steps => "`steps(…)`",
        Rule::yesno_rule | Rule::kw_yesno => "`yesno(…)`",
        Rule::score_point => "a score point `value => score`",
        Rule::score_value => "a score (a number)",
        Rule::question | Rule::kw_question => "`question`",
        Rule::type_name | Rule::type_word => "a type such as `string` or `list<string>`",
        Rule::waive | Rule::kw_waive => "`waive`",
        Rule::expr | Rule::term | Rule::relation | Rule::unary => "an expression",
        Rule::quantified => "a quantifier (`all`, `any`, `none`)",
        Rule::aggregate => "`count(…)` or `share(…)`",
        Rule::call => "a function call",
        Rule::path => "a path such as `sbom.components`",
        Rule::field => "a field name",
        Rule::list => "a list `[…]`",
        Rule::paren => "a parenthesised expression",
        Rule::literal | Rule::neg_literal => "a literal value",
        Rule::date => "a date `YYYY-MM-DD`",
        Rule::duration => "a duration such as `5 years`",
        Rule::duration_unit => "a duration unit (`days`, `weeks`, `months`, `years`)",
        Rule::percent => "a percentage such as `80%`",
        Rule::number => "a number",
        Rule::string => "a string",
        Rule::string_body => "string characters",
        Rule::version => "a version `v\"1.2.3\"`",
        Rule::boolean => "`true` or `false`",
        Rule::severity => "a severity (`low`, `medium`, `high`, `critical`)",
        Rule::ident => "a name",
        Rule::id => "an id such as `SUP-1`",
        Rule::lang => "a language tag such as `en`",
        Rule::evidence_kind => "an evidence kind such as `sbom`",
        Rule::quantifier => "`all`, `any` or `none`",
        Rule::aggregator => "`count` or `share`",
        Rule::kw_tender => "`tender`",
        Rule::kw_knockout => "`knockout`",
        Rule::kw_recommended => "`recommended`",
        Rule::kw_weight => "`weight`",
        Rule::kw_list => "`list`",
        Rule::kw_for => "`for`",
        Rule::kw_until => "`until`",
        Rule::kw_because => "`because`",
        Rule::kw_in | Rule::op_in => "`in`",
        Rule::kw_where => "`where`",
        Rule::op_or => "`or`",
        Rule::op_and => "`and`",
        Rule::op_not => "`not`",
        Rule::op_eq => "`==`",
        Rule::op_ne => "`!=`",
        Rule::op_le => "`<=`",
        Rule::op_lt => "`<`",
        Rule::op_ge => "`>=`",
        Rule::op_gt => "`>`",
        Rule::op_matches => "`matches`",
        Rule::op_satisfies => "`satisfies`",
        Rule::op_add => "`+`",
        Rule::op_sub | Rule::op_neg => "`-`",
        Rule::op_mul => "`*`",
        Rule::op_div => "`/`",
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::lbracket => "`[`",
        Rule::rbracket => "`]`",
        Rule::langle => "`<`",
        Rule::rangle => "`>`",
        Rule::comma => "`,`",
        Rule::colon => "`:`",
        Rule::equals => "`=`",
        Rule::arrow => "`=>`",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_ident(word: &str) -> bool {
        TgParser::parse(Rule::ident, word).is_ok_and(|p| p.as_str() == word)
    }

    #[test]
    fn the_grammar_reserves_exactly_the_reserved_words() {
        for word in RESERVED {
            assert!(!is_ident(word), "`{word}` is reserved but parses as a name");
            assert!(is_ident(&format!("{word}_x")), "`{word}_x` is a name");
            assert!(is_ident(&format!("{word}2")), "`{word}2` is a name");
        }
        for word in [
            "a", "c", "allowed", "counts", "lower", "notes", "sbom", "t", "wherever",
        ] {
            assert!(is_ident(word), "`{word}` is a name");
        }
    }
}
