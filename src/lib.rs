//! Tenderguard: security requirements as code for public procurement.
//!
//! The pipeline, one module per stage:
//! `lang` (text → AST) → `engine` (resolve, check, eval) over the `evidence` model
//! → `report` (render) and `diff` (audit). `diag` holds spans and diagnostics for all of them.
//! The library never prints and never exits: it returns data and writes to writers it is given.

pub mod diag;
pub mod diff;
pub mod engine;
pub mod evidence;
pub mod lang;
pub mod limits;
pub mod report;
