//! Any bytes: parsing never panics; what parses formats to text that parses back to the
//! same AST and formats to itself. Run with `cargo +nightly fuzz run parse fuzz/seeds`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(problem) = tenderguard::lang::fuzz_round_trip(data) {
        panic!("{problem}");
    }
});
