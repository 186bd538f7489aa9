//! Lowering of expressions: pest pairs → [`Expr`](super::ast::Expr), with the Pratt parser
//! for binary operators, the non-associativity of comparisons and the depth bound.
//!
//! Input: an `expr` pair. Output: a `Spanned<Expr>` whose height never exceeds
//! `limits.max_expr_depth` (so formatting, checking and evaluating it cannot recurse
//! unboundedly), or diagnostics (`chained-comparison`, `nesting-too-deep`, literal errors).
//! Runs of `not` and unary `-` are folded in a loop, never recursively.

use pest::iterators::Pair;

use super::ast::*;
use super::codes;
use super::lower::Lowerer;
use super::scan::too_deep;
use super::syntax::{PRATT, Rule};
use crate::diag::{Diagnostic, Span};

/// An expression being built, with its height and whether it was written in parentheses.
struct Low {
    e: Spanned<Expr>,
    height: usize,
    parens: bool,
}

impl Low {
    fn new(e: Expr, span: Span, height: usize) -> Low {
        Low {
            e: Spanned::new(e, span),
            height,
            parens: false,
        }
    }
}

fn is_comparison(op: BinOp) -> bool {
    op.precedence() == BinOp::Eq.precedence()
}

fn binop(rule: Rule) -> Option<BinOp> {
    Some(match rule {
        Rule::op_or => BinOp::Or,
        Rule::op_and => BinOp::And,
        Rule::op_eq => BinOp::Eq,
        Rule::op_ne => BinOp::Ne,
        Rule::op_lt => BinOp::Lt,
        Rule::op_le => BinOp::Le,
        Rule::op_gt => BinOp::Gt,
        Rule::op_ge => BinOp::Ge,
        Rule::op_in => BinOp::In,
        Rule::op_matches => BinOp::Matches,
        Rule::op_satisfies => BinOp::Satisfies,
        Rule::op_add => BinOp::Add,
        Rule::op_sub => BinOp::Sub,
        Rule::op_mul => BinOp::Mul,
        Rule::op_div => BinOp::Div,
        _ => return None,
    })
}

impl Lowerer<'_> {
    /// Lowers an `expr` pair.
    pub fn lower_expr(&self, p: Pair<'_, Rule>) -> Option<Spanned<Expr>> {
        self.lower_expr_low(p).map(|l| l.e)
    }

    fn lower_expr_low(&self, p: Pair<'_, Rule>) -> Option<Low> {
        PRATT
            .map_primary(|t| self.lower_term(t))
            .map_infix(|l, op, r| self.lower_binary(l?, op, r?))
            .parse(p.into_inner())
    }

    /// Checks the height of a node about to be built.
    fn bounded(&self, height: usize, span: Span) -> Option<usize> {
        if height > self.limits.max_expr_depth {
            self.error(too_deep(self.file, span, self.limits));
            None
        } else {
            Some(height)
        }
    }

    fn lower_binary(&self, l: Low, op: Pair<'_, Rule>, r: Low) -> Option<Low> {
        let bin = binop(op.as_rule())?;
        let span = l.e.span.to(r.e.span);
        if is_comparison(bin)
            && let Expr::Binary(first, ..) = &l.e.node
            && is_comparison(*first)
            && !l.parens
        {
            self.error(self.chained(*first, bin, span, self.span_of(&op)));
            return None;
        }
        let height = self.bounded(l.height.max(r.height) + 1, self.span_of(&op))?;
        Some(Low::new(
            Expr::Binary(bin, Box::new(l.e), Box::new(r.e)),
            span,
            height,
        ))
    }

    fn chained(&self, first: BinOp, second: BinOp, span: Span, at: Span) -> Diagnostic {
        Diagnostic::error(
            codes::CHAINED_COMPARISON,
            format!(
                "comparisons cannot be chained: `{}` follows `{}`",
                second.symbol(),
                first.symbol()
            ),
        )
        .at_span(self.file, span)
        .with_secondary(
            crate::diag::Location::source(self.file, at),
            "second comparison",
        )
        .with_label("chained comparison")
        .with_help("join two comparisons with `and`: `a < b and b < c`")
    }

    /// `not* (quantified | relation)`, the `not`s folded in a loop.
    fn lower_term(&self, p: Pair<'_, Rule>) -> Option<Low> {
        let mut nots: Vec<Span> = Vec::new();
        let mut operand = None;
        for c in p.into_inner() {
            if c.as_rule() == Rule::op_not {
                nots.push(self.span_of(&c));
            } else {
                operand = Some(c);
            }
        }
        let operand = operand?;
        if let Some(first) = nots.first()
            && nots.len() > self.limits.max_expr_depth
        {
            self.error(too_deep(self.file, *first, self.limits));
            return None;
        }
        let inner = match operand.as_rule() {
            Rule::quantified => self.lower_quantified(operand)?,
            _ => self.lower_relation(operand)?,
        };
        self.fold_prefix(inner, &nots, UnOp::Not)
    }

    /// Applies prefix operators, innermost (last written) first.
    fn fold_prefix(&self, mut inner: Low, ops: &[Span], op: UnOp) -> Option<Low> {
        for at in ops.iter().rev() {
            let height = self.bounded(inner.height + 1, *at)?;
            let span = at.to(inner.e.span);
            inner = Low::new(Expr::Unary(op, Box::new(inner.e)), span, height);
        }
        Some(inner)
    }

    fn lower_quantified(&self, p: Pair<'_, Rule>) -> Option<Low> {
        let span = self.span_of(&p);
        let mut q = None;
        let mut var = None;
        let mut exprs = Vec::new();
        let mut has_filter = false;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::quantifier => q = Some(quantifier(c.as_str())),
                Rule::ident => var = Some(self.lower_ident(c)),
                Rule::kw_where => has_filter = true,
                Rule::expr => exprs.push(self.lower_expr_low(c)),
                _ => {}
            }
        }
        let mut exprs = exprs.into_iter();
        let collection = exprs.next()??;
        let filter = if has_filter {
            Some(exprs.next()??)
        } else {
            None
        };
        let body = exprs.next()??;
        let height = collection
            .height
            .max(body.height)
            .max(filter.as_ref().map_or(0, |f| f.height));
        let height = self.bounded(height + 1, span)?;
        let e = Expr::Quant {
            q: q?,
            var: var?,
            collection: Box::new(collection.e),
            filter: filter.map(|f| Box::new(f.e)),
            body: Box::new(body.e),
        };
        Some(Low::new(e, span, height))
    }

    fn lower_relation(&self, p: Pair<'_, Rule>) -> Option<Low> {
        PRATT
            .map_primary(|u| self.lower_unary(u))
            .map_infix(|l, op, r| self.lower_binary(l?, op, r?))
            .parse(p.into_inner())
    }

    /// `-* primary`, the minus signs folded in a loop.
    fn lower_unary(&self, p: Pair<'_, Rule>) -> Option<Low> {
        let mut negs: Vec<Span> = Vec::new();
        let mut operand = None;
        for c in p.into_inner() {
            if c.as_rule() == Rule::op_neg {
                negs.push(self.span_of(&c));
            } else {
                operand = Some(c);
            }
        }
        if let Some(first) = negs.first()
            && negs.len() > self.limits.max_expr_depth
        {
            self.error(too_deep(self.file, *first, self.limits));
            return None;
        }
        let inner = self.lower_primary(operand?)?;
        self.fold_prefix(inner, &negs, UnOp::Neg)
    }

    fn lower_primary(&self, p: Pair<'_, Rule>) -> Option<Low> {
        let span = self.span_of(&p);
        match p.as_rule() {
            Rule::aggregate => self.lower_aggregate(p),
            Rule::call => self.lower_call(p),
            Rule::path => Some(Low::new(Expr::Path(self.lower_path(p)), span, 1)),
            Rule::list => self.lower_list(p),
            Rule::paren => self.lower_paren(p),
            _ => Some(Low::new(Expr::Lit(self.lower_value(p)?), span, 1)),
        }
    }

    fn lower_aggregate(&self, p: Pair<'_, Rule>) -> Option<Low> {
        let span = self.span_of(&p);
        let mut agg = None;
        let mut var = None;
        let mut exprs = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::aggregator => agg = Some(aggregate(c.as_str())),
                Rule::ident => var = Some(self.lower_ident(c)),
                Rule::expr => exprs.push(self.lower_expr_low(c)),
                _ => {}
            }
        }
        let mut exprs = exprs.into_iter();
        let collection = exprs.next()??;
        let filter = match exprs.next() {
            Some(f) => Some(f?),
            None => None,
        };
        let height = collection
            .height
            .max(filter.as_ref().map_or(0, |f| f.height));
        let height = self.bounded(height + 1, span)?;
        let e = Expr::Aggregate {
            agg: agg?,
            var: var?,
            collection: Box::new(collection.e),
            filter: filter.map(|f| Box::new(f.e)),
        };
        Some(Low::new(e, span, height))
    }

    /// The `expr` children of a pair, all lowered (so every error is reported).
    fn lower_expr_list(&self, p: Pair<'_, Rule>) -> Option<(Vec<Spanned<Expr>>, usize)> {
        let lowered: Vec<Option<Low>> = p
            .into_inner()
            .filter(|c| c.as_rule() == Rule::expr)
            .map(|c| self.lower_expr_low(c))
            .collect();
        let lowered: Vec<Low> = lowered.into_iter().collect::<Option<_>>()?;
        let height = lowered.iter().map(|l| l.height).max().unwrap_or(0);
        Some((lowered.into_iter().map(|l| l.e).collect(), height))
    }

    fn lower_call(&self, p: Pair<'_, Rule>) -> Option<Low> {
        let span = self.span_of(&p);
        let name = self.lower_ident(p.clone().into_inner().next()?);
        let (args, height) = self.lower_expr_list(p)?;
        let height = self.bounded(height + 1, span)?;
        Some(Low::new(Expr::Call { name, args }, span, height))
    }

    fn lower_list(&self, p: Pair<'_, Rule>) -> Option<Low> {
        let span = self.span_of(&p);
        let (items, height) = self.lower_expr_list(p)?;
        let height = self.bounded(height + 1, span)?;
        Some(Low::new(Expr::List(items), span, height))
    }

    fn lower_paren(&self, p: Pair<'_, Rule>) -> Option<Low> {
        let inner = p.into_inner().find(|c| c.as_rule() == Rule::expr)?;
        let mut low = self.lower_expr_low(inner)?;
        low.parens = true;
        Some(low)
    }
}

fn quantifier(word: &str) -> Quantifier {
    match word {
        "all" => Quantifier::All,
        "any" => Quantifier::Any,
        _ => Quantifier::None,
    }
}

fn aggregate(word: &str) -> Aggregate {
    if word == "count" {
        Aggregate::Count
    } else {
        Aggregate::Share
    }
}
