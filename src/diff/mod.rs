//! Diffs: delivered evidence against bid evidence, and one tender version against another.
