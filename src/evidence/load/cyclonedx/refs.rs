//! The bom-refs of a document, for the duplicate and dangling-reference checks.
//!
//! A large SBOM is checked against its refs hundreds of thousands of times (every `ref` and
//! `dependsOn` entry, and once per ref when chunks read on threads are appended). Each set
//! keeps its strings one after another in a buffer of its own, with their hashes in a list
//! in the order they came; the hash table holds only their numbers in that list. Adding a
//! new ref touches the table's 8-byte slots alone (a table of 24-byte entries for a large
//! SBOM outgrew the processor's cache), a lookup reads the compact buffer instead of the
//! file's text scattered over the whole document, and a string is hashed once however many
//! sets it is looked up in.

use std::hash::BuildHasher;
use std::sync::OnceLock;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

/// The hash of a ref. One seed per process, so every set of a load hashes alike; random,
/// because the refs come from the vendor (foldhash: SipHash was a tenth of the load time of
/// a 100,000-component SBOM).
pub(super) fn hash(r: &str) -> u64 {
    static STATE: OnceLock<foldhash::fast::RandomState> = OnceLock::new();
    STATE.get_or_init(Default::default).hash_one(r)
}

/// A set of strings.
#[derive(Debug, Default)]
pub(super) struct RefSet {
    /// The strings, one after another.
    text: String,
    /// Each string's hash and place in `text`, in the order they were added.
    strings: Vec<(u64, usize, usize)>,
    /// Numbers in `strings`.
    table: HashTable<usize>,
}

/// The string numbered `i` in `strings` and its hash, if it is `h`.
fn hashed<'s>(text: &'s str, strings: &[(u64, usize, usize)], i: usize, h: u64) -> Option<&'s str> {
    let &(hash, start, end) = strings.get(i)?;
    if hash == h {
        text.get(start..end)
    } else {
        None
    }
}

fn hash_of(strings: &[(u64, usize, usize)], i: usize) -> u64 {
    strings.get(i).map_or(0, |s| s.0)
}

impl RefSet {
    /// Whether `r`, of hash `h`, is in the set.
    pub(super) fn contains(&self, h: u64, r: &str) -> bool {
        let (text, strings) = (&self.text, &self.strings);
        self.table
            .find(h, |&i| hashed(text, strings, i, h) == Some(r))
            .is_some()
    }

    /// Adds `r`, of hash `h`; false when it was there already.
    pub(super) fn insert(&mut self, h: u64, r: &str) -> bool {
        let (text, strings) = (&mut self.text, &mut self.strings);
        let eq = |&i: &usize| hashed(text, strings, i, h) == Some(r);
        match self.table.entry(h, eq, |&i| hash_of(strings, i)) {
            Entry::Occupied(_) => false,
            Entry::Vacant(slot) => {
                let start = text.len();
                text.push_str(r);
                strings.push((h, start, text.len()));
                slot.insert(strings.len() - 1);
                true
            }
        }
    }

    /// Makes room for about `n` more strings (none when the memory cannot be had).
    pub(super) fn reserve(&mut self, n: usize) {
        let strings = &self.strings;
        if self.table.try_reserve(n, |&i| hash_of(strings, i)).is_ok() {
            let _ = self.strings.try_reserve(n);
        }
    }

    /// Each string with its hash, in the order they were added.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u64, &str)> {
        self.strings
            .iter()
            .map(|&(h, start, end)| (h, self.text.get(start..end).unwrap_or_default()))
    }
}

/// The bom-refs seen so far in a document.
#[derive(Debug, Default)]
pub(super) struct Refs {
    seen: RefSet,
    /// The refs of the components read in later chunks on other threads
    /// (`ComponentPass::append`), none of them in `seen` or another of these sets: kept
    /// apart, since merging them would rehash the larger one.
    later: Vec<RefSet>,
    /// Components were refused past `max_components`: their refs are missing, so a
    /// reference not in the sets proves nothing (and is not reported).
    pub(super) truncated: bool,
}

impl Refs {
    /// Whether `r` names a component or service of the document, as far as can be known.
    pub(super) fn knows(&self, r: &str) -> bool {
        self.truncated || self.has(hash(r), r)
    }

    fn has(&self, h: u64, r: &str) -> bool {
        self.seen.contains(h, r) || self.later.iter().any(|s| s.contains(h, r))
    }

    /// Adds a ref; false when it is there already.
    pub(super) fn insert(&mut self, r: &str) -> bool {
        let h = hash(r);
        !self.later.iter().any(|s| s.contains(h, r)) && self.seen.insert(h, r)
    }

    /// Makes room for about `n` more refs.
    pub(super) fn reserve(&mut self, n: usize) {
        self.seen.reserve(n);
    }

    /// Whether a ref of `other` is one of these.
    pub(super) fn meets(&self, other: &Refs) -> bool {
        std::iter::once(&other.seen)
            .chain(&other.later)
            .any(|s| s.iter().any(|(h, r)| self.has(h, r)))
    }

    /// Takes in the refs of `other`, none of which is one of these ([`Refs::meets`]).
    pub(super) fn join(&mut self, other: Refs) {
        self.later.push(other.seen);
        self.later.extend(other.later);
        self.truncated |= other.truncated;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_holds_each_string_once() {
        let mut s = RefSet::default();
        for r in ["a", "pkg:npm/left-pad@1.3.0", "", "b"] {
            assert!(s.insert(hash(r), r), "{r}");
        }
        assert!(!s.insert(hash("a"), "a"));
        assert!(s.contains(hash("pkg:npm/left-pad@1.3.0"), "pkg:npm/left-pad@1.3.0"));
        assert!(!s.contains(hash("pkg:npm/left-pad"), "pkg:npm/left-pad"));
        let mut all: Vec<&str> = s.iter().map(|(_, r)| r).collect();
        all.sort_unstable();
        assert_eq!(all, ["", "a", "b", "pkg:npm/left-pad@1.3.0"]);
    }

    #[test]
    fn joined_refs_are_known_and_met() {
        let (mut a, mut b) = (Refs::default(), Refs::default());
        assert!(a.insert("x") && a.insert("y") && b.insert("z"));
        assert!(!a.meets(&b) && !a.knows("z"));
        a.join(b);
        assert!(a.knows("x") && a.knows("z") && !a.knows("w"));
        // a ref of a joined set is a repeat
        assert!(!a.insert("z"));
        let mut c = Refs::default();
        assert!(c.insert("y"));
        assert!(a.meets(&c));
        c.truncated = true;
        a.join(c);
        assert!(a.knows("anything"));
    }

    #[test]
    fn colliding_hashes_still_compare_the_strings() {
        let mut s = RefSet::default();
        assert!(s.insert(7, "one") && s.insert(7, "two"));
        assert!(s.contains(7, "one") && s.contains(7, "two") && !s.contains(7, "three"));
        assert!(!s.insert(7, "two"));
    }
}
