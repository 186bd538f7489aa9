//! Every input-driven size, bounded in one place, with documented defaults.
//!
//! Each limit has a clear diagnostic past it (`limit-exceeded` for evidence, the
//! language's own codes for `.tg` sources) and a CLI override. The defaults are chosen so
//! that real inputs (a 100,000-component SBOM, a 10 MB tender) pass and hostile ones (alias
//! bombs, 200,000-deep nesting, multi-gigabyte files) are refused quickly.

/// The limits for one run. `Limits::default()` is what the CLI uses without overrides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes (default 512 MiB). Checked before reading.
    pub max_file_bytes: u64,
    /// Largest `.tg` source, in bytes (default 16 MiB).
    pub max_source_bytes: u64,
    /// Deepest JSON/YAML/XML nesting accepted in evidence (default 128).
    pub max_depth: usize,
    /// Deepest expression nesting in a `.tg` file (default 256).
    pub max_expr_depth: usize,
    /// YAML nodes produced, counting alias expansions (default 250,000: attestations and
    /// manifests are small; an alias bomb is refused after a fraction of a second).
    pub max_yaml_nodes: usize,
    /// YAML aliases followed (default 50,000).
    pub max_yaml_aliases: usize,
    /// Components in one bid, all SBOMs together (default 1,000,000).
    pub max_components: usize,
    /// Longest single string value in evidence, in bytes (default 1 MiB).
    pub max_string_bytes: usize,
    /// Files in one bid folder (default 10,000).
    pub max_bid_files: usize,
    /// Import depth of `use` chains (default 32).
    pub max_import_depth: usize,
    /// Largest size one PDF stream may decompress to, in bytes (default 64 MiB): page
    /// content, object and cross-reference streams. A decompression bomb stops here.
    pub max_pdf_stream_bytes: usize,
    /// Pages of a PDF searched for text, from the first (default 20). The search stops at
    /// the first page with text, so only documents without text pay the whole cost.
    pub max_pdf_text_pages: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 * 1024 * 1024,
            max_source_bytes: 16 * 1024 * 1024,
            max_depth: 128,
            max_expr_depth: 256,
            max_yaml_nodes: 250_000,
            max_yaml_aliases: 50_000,
            max_components: 1_000_000,
            max_string_bytes: 1024 * 1024,
            max_bid_files: 10_000,
            max_import_depth: 32,
            max_pdf_stream_bytes: 64 * 1024 * 1024,
            max_pdf_text_pages: 20,
        }
    }
}
