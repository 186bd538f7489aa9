//! Parsing item by item: the text from one item start (as `scan` found them) to the next
//! is a piece, parsed with the grammar's `file` rule and lowered at once. Parse trees stay
//! small, a syntax error in one item does not hide the errors in the next ones, and a large
//! file is split into runs of pieces that parse on several threads.
//!
//! The scan only cuts at keywords outside brackets, which in a well-formed file is exactly
//! where items start. When a piece does not parse, the cut may be what is wrong (a keyword
//! where the grammar expects something else, such as a clause named `use`), so the whole
//! file is parsed once more: its verdict and its first error are the grammar's; the errors
//! of later pieces and the literal errors of the pieces that did parse are added to it.
//!
//! The result never depends on the number of threads: runs are contiguous, each lowers its
//! own pieces with its own comments, and the results are joined in source order.

use std::ops::Range;

use super::lower::Lowerer;
use super::scan::{Comment, Scanned};
use super::{ast, syntax};
use crate::diag::{Diagnostic, FileId, Location};
use crate::limits::Limits;

/// Pieces per run below which a file is not worth splitting over threads.
const MIN_PIECES_PER_RUN: usize = 2048;

/// Most threads one file is parsed on.
const MAX_RUNS: usize = 8;

/// Parses and lowers `src`, whose scan is `scanned`.
pub(super) fn parse(
    file: FileId,
    src: &str,
    limits: &Limits,
    scanned: Scanned,
) -> Result<ast::File, Vec<Diagnostic>> {
    parse_in_runs(
        file,
        src,
        limits,
        scanned,
        super::available_threads(),
        MIN_PIECES_PER_RUN,
    )
}

/// [`parse`] with the pieces split into at most `threads` runs of at least `min_run` pieces.
fn parse_in_runs(
    file: FileId,
    src: &str,
    limits: &Limits,
    scanned: Scanned,
    threads: usize,
    min_run: usize,
) -> Result<ast::File, Vec<Diagnostic>> {
    let pieces = piece_ranges(&scanned.item_starts, src.len());
    let runs = super::run_ranges(pieces.len(), threads.min(MAX_RUNS), min_run);
    let mut comments = scanned.comments;
    let mut jobs: Vec<Job<'_>> = Vec::with_capacity(runs.len());
    for (k, run) in runs.iter().enumerate().rev() {
        // comments lie inside one piece each: split them at the run's first byte
        let from = pieces.get(run.start).map_or(0, |r| r.start);
        let at = comments.partition_point(|c| (c.span.start as usize) < from);
        let mine = comments.split_off(at);
        jobs.push(Job {
            first: run.start,
            pieces: pieces.get(run.clone()).unwrap_or_default(),
            comments: mine,
            leading: k == 0,
            last: k + 1 == runs.len(),
        });
    }
    jobs.reverse();
    let done = run_jobs(file, src, limits, jobs);
    join(file, src, limits, &pieces, done)
}

/// One run of pieces and the comments inside it.
struct Job<'p> {
    /// The index of its first piece in the file.
    first: usize,
    pieces: &'p [Range<usize>],
    comments: Vec<Comment>,
    leading: bool,
    last: bool,
}

/// What a run produced: the items it lowered (or every lowering error), the pieces that
/// did not parse (by index in the file), and its comments back.
struct Done {
    lowered: Result<ast::File, Vec<Diagnostic>>,
    /// The comments after the run's last item: they belong to the next run's first item.
    carry: ast::Comments,
    broken: Vec<(usize, Diagnostic)>,
    comments: Vec<Comment>,
}

fn run_job(file: FileId, src: &str, limits: &Limits, job: Job<'_>) -> Done {
    let lw = Lowerer::new(file, limits, job.comments, job.leading);
    let mut out = ast::File::default();
    let mut broken = Vec::new();
    let end = job.pieces.len().saturating_sub(1);
    for (i, range) in job.pieces.iter().enumerate() {
        match syntax::parse_piece(file, src, range.clone(), limits.max_source_bytes) {
            Ok(tree) => lw.lower_piece(&mut out, range.start, tree, job.last && i == end),
            Err(d) => broken.push((job.first + i, d)),
        }
    }
    let carry = lw.unclaimed();
    let (lowered, comments) = lw.finish(out);
    Done {
        lowered,
        carry,
        broken,
        comments,
    }
}

/// Runs the jobs: one here (this thread's stack is already sized for parsing), several
/// each on a thread of its own.
fn run_jobs(file: FileId, src: &str, limits: &Limits, mut jobs: Vec<Job<'_>>) -> Vec<Done> {
    if jobs.len() == 1 {
        return jobs
            .pop()
            .map(|job| run_job(file, src, limits, job))
            .into_iter()
            .collect();
    }
    let works = jobs
        .into_iter()
        .map(|job| move || run_job(file, src, limits, job))
        .collect();
    super::on_own_stacks(limits, works)
}

/// Joins the runs' results in source order; falls back to the whole file when a piece
/// did not parse.
fn join(
    file: FileId,
    src: &str,
    limits: &Limits,
    pieces: &[Range<usize>],
    done: Vec<Done>,
) -> Result<ast::File, Vec<Diagnostic>> {
    let mut out = ast::File::default();
    let mut errors = Vec::new();
    let mut broken = Vec::new();
    let mut comments = Vec::new();
    let mut carry = ast::Comments::default();
    for (k, d) in done.into_iter().enumerate() {
        match d.lowered {
            Ok(part) if k == 0 => out = part,
            Ok(mut part) => {
                if let Some(first) = part.items.first_mut() {
                    let own = std::mem::take(first.comments_mut());
                    first.comments_mut().0 = std::mem::take(&mut carry.0);
                    first.comments_mut().0.extend(own.0);
                }
                out.items.extend(part.items);
                out.trailing = part.trailing;
            }
            Err(e) => errors.extend(e),
        }
        carry.0.extend(d.carry.0);
        broken.extend(d.broken);
        comments.extend(d.comments);
    }
    if broken.is_empty() {
        return if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        };
    }
    match syntax::parse_piece(file, src, 0..src.len(), limits.max_source_bytes) {
        Ok(tree) => {
            let lw = Lowerer::new(file, limits, comments, true);
            let mut out = ast::File::default();
            lw.lower_piece(&mut out, 0, tree, true);
            lw.finish(out).0
        }
        Err(first) => {
            let first_piece = pieces
                .partition_point(|r| r.start <= offset(&first))
                .saturating_sub(1);
            let mut all = vec![first];
            all.extend(
                broken
                    .into_iter()
                    .filter(|(n, _)| *n > first_piece)
                    .map(|(_, d)| d),
            );
            all.extend(errors);
            all.sort_by_key(offset);
            Err(all)
        }
    }
}

/// Where a diagnostic points in its source (0 when it points nowhere).
fn offset(d: &Diagnostic) -> usize {
    match &d.location {
        Some(Location::Source { span, .. }) => span.start as usize,
        _ => 0,
    }
}

/// The pieces between consecutive item starts; the first starts at 0 (with whatever comes
/// before the first item, so that it holds the header when there is one), the last ends
/// at `len`.
fn piece_ranges(starts: &[usize], len: usize) -> Vec<Range<usize>> {
    let mut cuts: Vec<usize> = Vec::with_capacity(starts.len() + 1);
    cuts.push(0);
    cuts.extend(starts.iter().skip(1).copied().filter(|&s| s > 0 && s < len));
    cuts.push(len);
    cuts.windows(2)
        .filter_map(|w| match w {
            [a, b] => Some(*a..*b),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{run_ranges, scan};

    fn parse_with(src: &str, threads: usize, min_run: usize) -> Result<ast::File, Vec<Diagnostic>> {
        let limits = Limits::default();
        let scanned = scan::scan(FileId(0), src, &limits).map_err(|d| vec![d])?;
        parse_in_runs(FileId(0), src, &limits, scanned, threads, min_run)
    }

    #[test]
    fn runs_cover_every_piece_once() {
        for n in [0, 1, 2, 7, 100, 101] {
            for threads in [1, 2, 3, 8] {
                let runs = run_ranges(n, threads, 2);
                assert!(runs.len() <= threads.max(1), "{n} {threads}");
                let flat: Vec<usize> = runs.iter().flat_map(|r| r.clone()).collect();
                assert_eq!(flat, (0..n).collect::<Vec<_>>(), "{n} {threads}");
            }
        }
    }

    const TENDER: &str = "// head\ntender \"T\" {\n  languages en\n}\n// a\nparam x = 1\n\
        clause A \"a\" knockout {\n  // inside\n  require x == 1\n}\n/* b */\nparam y = 2\n\
        question attestation.q : bool \"q\" \"q\"\ncriterion C \"c\" weight 1 {\n  score yesno(true)\n}\n// tail\n";

    #[test]
    fn the_result_does_not_depend_on_the_threads() {
        let one = parse_with(TENDER, 1, 1).unwrap();
        for threads in [2, 3, 8] {
            let many = parse_with(TENDER, threads, 1).unwrap();
            assert_eq!(many, one, "{threads} threads");
            assert_eq!(
                crate::lang::fmt::format(&many),
                crate::lang::fmt::format(&one)
            );
        }
        assert_eq!(one.comments.0, ["// head"]);
        assert_eq!(one.trailing.0, ["// tail"]);
    }

    #[test]
    fn errors_do_not_depend_on_the_threads() {
        let src = "param x = 2027-02-30\nclause A \"a\" {\n}\nparam y = 1\ntender \"T\" {\n}\nclause B \"b\" knockout {\n  require x = 1\n}\nparam z = 2027-13-01\n";
        let one = parse_with(src, 1, 1).unwrap_err();
        assert_eq!(one.len(), 5, "{one:#?}");
        for threads in [2, 3, 8] {
            assert_eq!(
                parse_with(src, threads, 1).unwrap_err(),
                one,
                "{threads} threads"
            );
        }
    }
}
