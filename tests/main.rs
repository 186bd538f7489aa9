//! Integration tests of the library: one test binary, one module per layer.

mod check;
mod common;
mod lang;
