//! [`Text`], the strings of the evidence model, and [`Source`], the text of an evidence file
//! they may be slices of.
//!
//! A 100,000-component SBOM holds about a million strings. Copying each into an allocation
//! of its own, and freeing it again, cost more than reading the file (issue #3). So a `Text`
//! is one of:
//! - up to 24 bytes kept inline (names, versions, types, licence ids, short pointers);
//! - a slice of the [`Source`] it was read from (purls, bom-refs, digests, URLs: longer
//!   strings written in the file without escapes), which costs a reference count;
//! - longer strings that are no slice of a source (unescaped, lowercased, made up) on the
//!   heap.
//!
//! Which one a `Text` is never shows: it compares, orders, hashes and prints as its string.
//! A slice keeps its whole source alive; the model is built from one bid's files and lives
//! as long as they would anyway.

use std::borrow::Borrow;
use std::fmt;
use std::hash::Hasher;
use std::ops::Deref;
use std::sync::Arc;

use compact_str::CompactString;

/// The text of one evidence file (UTF-8, checked once when the file is read), shared by the
/// [`Text`]s that are slices of it.
///
/// A source is a handle on the text: each slice counts a reference to its handle, and each
/// handle one to the text. Threads reading parts of one file each make slices from a
/// handle of their own ([`Source::fork`]): counting them all on the text itself made the
/// threads take turns at one cache line, hundreds of thousands of times.
#[derive(Clone, Default)]
pub struct Source(Arc<Handle>);

/// A handle's hold on the text (see [`Source`]).
#[derive(Default)]
struct Handle(Arc<String>);

impl Source {
    pub fn new(text: String) -> Source {
        Source(Arc::new(Handle(Arc::new(text))))
    }

    /// Another handle on the same text.
    pub fn fork(&self) -> Source {
        Source(Arc::new(Handle(Arc::clone(&self.0.0))))
    }

    pub fn as_str(&self) -> &str {
        &self.0.0
    }

    /// `s` as a [`Text`]: a slice of this source when `s` is a long part of it, else a copy.
    #[inline]
    pub fn text(&self, s: &str) -> Text {
        if s.len() <= INLINE {
            return Text(Repr::Own(CompactString::new(s)));
        }
        let base = self.as_str().as_ptr() as usize;
        let at = (s.as_ptr() as usize).wrapping_sub(base);
        match (u32::try_from(at), u32::try_from(s.len())) {
            (Ok(start), Ok(len)) if at.saturating_add(s.len()) <= self.as_str().len() => {
                Text(Repr::Slice {
                    src: Arc::clone(&self.0),
                    start,
                    len,
                })
            }
            _ => Text(Repr::Own(CompactString::new(s))),
        }
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Source({} bytes)", self.as_str().len())
    }
}

/// Strings up to this many bytes are kept inline.
const INLINE: usize = 24;

/// A string of the evidence model (see the module documentation).
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Own(CompactString),
    Slice {
        src: Arc<Handle>,
        start: u32,
        len: u32,
    },
}

impl Text {
    /// A text of a static string, made at compile time.
    pub const fn const_new(s: &'static str) -> Text {
        Text(Repr::Own(CompactString::const_new(s)))
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Own(s) => s.as_str(),
            Repr::Slice { src, start, len } => {
                let start = *start as usize;
                src.0.get(start..start + *len as usize).unwrap_or_default()
            }
        }
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::const_new("")
    }
}

impl Deref for Text {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// Hashes as its string does (so `Borrow<str>` lookups work).
impl std::hash::Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Repr::Own(CompactString::new(s)))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::from(s.as_str())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Repr::Own(CompactString::from(s)))
    }
}

impl From<Box<str>> for Text {
    fn from(s: Box<str>) -> Text {
        Text(Repr::Own(CompactString::from(s)))
    }
}

impl From<CompactString> for Text {
    fn from(s: CompactString) -> Text {
        Text(Repr::Own(s))
    }
}

impl From<std::borrow::Cow<'_, str>> for Text {
    fn from(s: std::borrow::Cow<'_, str>) -> Text {
        Text(Repr::Own(CompactString::from(s)))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        match t.0 {
            Repr::Own(s) => s.into_string(),
            Repr::Slice { .. } => t.as_str().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const PURL: &str = "pkg:npm/left-pad-1234@1.3.0?x=1";

    fn src() -> Source {
        Source::new(format!("{{\"purl\": \"{PURL}\", \"n\": \"ab\"}}"))
    }

    /// The part of the source at `needle`.
    fn part<'s>(s: &'s Source, needle: &str) -> &'s str {
        let at = s.as_str().find(needle).unwrap();
        s.as_str().get(at..at + needle.len()).unwrap()
    }

    #[test]
    fn long_parts_of_the_source_are_slices_others_are_owned() {
        let s = src();
        let t = s.text(part(&s, PURL));
        assert!(matches!(
            t.0,
            Repr::Slice {
                start: 10,
                len: 31,
                ..
            }
        ));
        assert_eq!(t, PURL);
        let short = s.text(part(&s, "ab"));
        assert!(matches!(short.0, Repr::Own(_)));
        assert_eq!(short, "ab");
        let elsewhere = String::from(PURL);
        let copy = s.text(&elsewhere);
        assert!(matches!(copy.0, Repr::Own(_)));
        assert_eq!(copy, t);
    }

    #[test]
    fn slices_and_copies_are_the_same_string_everywhere() {
        let s = src();
        let slice = s.text(part(&s, PURL));
        let own = Text::from(PURL);
        assert_eq!(slice, own);
        assert_eq!(slice.cmp(&own), std::cmp::Ordering::Equal);
        assert_eq!(format!("{slice:?}"), format!("{own:?}"));
        assert_eq!(slice.to_string(), own.to_string());
        let set: HashSet<Text> = [slice].into_iter().collect();
        assert!(set.contains(PURL));
        assert!(set.contains(&own));
    }

    #[test]
    fn slices_of_forked_handles_are_the_same_text() {
        let s = src();
        let fork = s.fork();
        let (a, b) = (s.text(part(&s, PURL)), fork.text(part(&s, PURL)));
        assert!(matches!(b.0, Repr::Slice { start: 10, .. }));
        assert_eq!(a, b);
        drop((s, fork));
        assert_eq!(b, PURL);
    }

    #[test]
    fn a_slice_outlives_the_source_handle_it_came_from() {
        let t = {
            let s = src();
            s.text(part(&s, PURL))
        };
        assert_eq!(t, PURL);
    }

    #[test]
    fn a_text_is_as_small_as_the_inline_string() {
        assert_eq!(std::mem::size_of::<Text>(), 24);
        assert_eq!(std::mem::size_of::<Option<Text>>(), 24);
    }
}
