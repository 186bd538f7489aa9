//! Any bytes: the PDF reader never panics or hangs, and what it reads keeps its promises
//! (no control characters in strings, a page count on every unencrypted result). Run with
//! `cargo +nightly fuzz run pdf tests/fixtures/pdf tests/fixtures/hostile` (the PDFs there
//! are good seeds). The reader catches a panic inside lopdf itself and reports it as
//! `pdf-invalid`; a panic escaping here is a bug in our code.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tenderguard::evidence::load::pdf;
use tenderguard::limits::Limits;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        // Keep each run fast: a bomb stops at 1 MiB instead of 64.
        max_pdf_stream_bytes: 1024 * 1024,
        ..Limits::default()
    };
    if let Ok(load) = pdf::read("fuzz.pdf", data, &limits) {
        let info = load.info;
        for s in [&info.title, &info.author].into_iter().flatten() {
            assert!(!s.chars().any(char::is_control), "control character in {s:?}");
        }
        assert!(info.encrypted || info.pages.is_some_and(|p| p > 0));
    }
});
