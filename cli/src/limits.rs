//! The global `--max-*` options: one per field of [`Limits`], each defaulting to the library's
//! default. `cmd::run` turns them into the one `Limits` every subcommand uses.

use tenderguard::limits::Limits;

/// Overrides for the input limits (`src/limits.rs`). Every option is global: it may follow
/// any subcommand.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Limits")]
pub struct LimitArgs {
    /// Largest file read, in bytes; checked before reading
    #[arg(long, global = true, hide_short_help = true, value_name = "BYTES", default_value_t = Limits::default().max_file_bytes)]
    pub max_file_bytes: u64,
    /// Largest `.tg` source, in bytes (imports included)
    #[arg(long, global = true, hide_short_help = true, value_name = "BYTES", default_value_t = Limits::default().max_source_bytes)]
    pub max_source_bytes: u64,
    /// Deepest JSON, YAML or XML nesting in evidence
    #[arg(long, global = true, hide_short_help = true, value_name = "LEVELS", default_value_t = Limits::default().max_depth)]
    pub max_depth: usize,
    /// Deepest expression nesting in a `.tg` file (at most 4096 take effect)
    #[arg(long, global = true, hide_short_help = true, value_name = "LEVELS", default_value_t = Limits::default().max_expr_depth)]
    pub max_expr_depth: usize,
    /// YAML nodes produced, alias expansions counted
    #[arg(long, global = true, hide_short_help = true, value_name = "N", default_value_t = Limits::default().max_yaml_nodes)]
    pub max_yaml_nodes: usize,
    /// YAML aliases followed
    #[arg(long, global = true, hide_short_help = true, value_name = "N", default_value_t = Limits::default().max_yaml_aliases)]
    pub max_yaml_aliases: usize,
    /// Components in one bid, all SBOMs together
    #[arg(long, global = true, hide_short_help = true, value_name = "N", default_value_t = Limits::default().max_components)]
    pub max_components: usize,
    /// Longest single string value in evidence, in bytes
    #[arg(long, global = true, hide_short_help = true, value_name = "BYTES", default_value_t = Limits::default().max_string_bytes)]
    pub max_string_bytes: usize,
    /// Files in one bid folder
    #[arg(long, global = true, hide_short_help = true, value_name = "N", default_value_t = Limits::default().max_bid_files)]
    pub max_bid_files: usize,
    /// Depth of `use` import chains
    #[arg(long, global = true, hide_short_help = true, value_name = "N", default_value_t = Limits::default().max_import_depth)]
    pub max_import_depth: usize,
    /// Largest size one PDF stream may decompress to, in bytes
    #[arg(long, global = true, hide_short_help = true, value_name = "BYTES", default_value_t = Limits::default().max_pdf_stream_bytes)]
    pub max_pdf_stream_bytes: usize,
    /// Pages of a PDF searched for text, from the first
    #[arg(long, global = true, hide_short_help = true, value_name = "N", default_value_t = Limits::default().max_pdf_text_pages)]
    pub max_pdf_text_pages: usize,
}

impl LimitArgs {
    /// The limits for this run: the defaults with the options given on the command line.
    pub fn limits(&self) -> Limits {
        // A struct literal without `..`: a new field in `Limits` cannot be forgotten here.
        Limits {
            max_file_bytes: self.max_file_bytes,
            max_source_bytes: self.max_source_bytes,
            max_depth: self.max_depth,
            max_expr_depth: self.max_expr_depth,
            max_yaml_nodes: self.max_yaml_nodes,
            max_yaml_aliases: self.max_yaml_aliases,
            max_components: self.max_components,
            max_string_bytes: self.max_string_bytes,
            max_bid_files: self.max_bid_files,
            max_import_depth: self.max_import_depth,
            max_pdf_stream_bytes: self.max_pdf_stream_bytes,
            max_pdf_text_pages: self.max_pdf_text_pages,
        }
    }
}
