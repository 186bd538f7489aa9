//! Text for the PDF base-14 fonts: Windows-1252 (WinAnsiEncoding) bytes and Helvetica
//! widths for line wrapping.
//!
//! Characters outside cp1252, and every control character (ESC, newline, bidi overrides),
//! become `?`: the fonts cannot show them and a control character has no business in a
//! contract. PDF string syntax (`(`, `)`, `\`) is escaped by lopdf when it writes the string.

/// cp1252 bytes 0x80–0x9F and the characters they stand for (0x81, 0x8D, 0x8F, 0x90, 0x9D are
/// unassigned).
const HIGH: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// One character as a cp1252 byte; `?` when it has none or is a control character.
pub fn byte(c: char) -> u8 {
    match u32::from(c) {
        0x20..=0x7E | 0xA0..=0xFF => u8::try_from(u32::from(c)).unwrap_or(b'?'),
        _ => HIGH.iter().find(|(h, _)| *h == c).map_or(b'?', |(_, b)| *b),
    }
}

/// A string as cp1252 bytes.
pub fn encode(s: &str) -> Vec<u8> {
    s.chars().map(byte).collect()
}

/// Helvetica advance widths (1/1000 em) of ASCII 0x20–0x7E.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
    556, // '0'..'?'
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722,
    778, // '@'..'O'
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
    556, // 'P'..'_'
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556,
    556, // '`'..'o'
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // 'p'..'~'
];

/// The three fonts the annex uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Font {
    Regular,
    Bold,
    Mono,
}

impl Font {
    /// The resource name in page content.
    pub fn resource(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
            Font::Mono => "F3",
        }
    }

    pub fn base_font(self) -> &'static str {
        match self {
            Font::Regular => "Helvetica",
            Font::Bold => "Helvetica-Bold",
            Font::Mono => "Courier",
        }
    }

    /// The width of one cp1252 byte in 1/1000 em (an upper bound for Helvetica-Bold, whose
    /// glyphs are at most 10% wider than Helvetica's; accented letters as their base).
    fn advance(self, b: u8) -> u32 {
        if self == Font::Mono {
            return 600;
        }
        let base = u32::from(
            b.checked_sub(0x20)
                .and_then(|i| HELVETICA.get(usize::from(i)))
                .copied()
                .unwrap_or(600),
        );
        if self == Font::Bold {
            base * 11 / 10
        } else {
            base
        }
    }

    /// The width of a string in points at `size`.
    pub fn width(self, s: &str, size: f32) -> f32 {
        let units: u32 = s.chars().map(|c| self.advance(byte(c))).sum();
        // Widths stay far below f32's exact-integer range for any line we lay out.
        #[allow(clippy::cast_precision_loss)]
        let units = units as f32;
        units * size / 1000.0
    }
}

/// Wraps text into lines of at most `width` points: at spaces, and inside words that are
/// longer than a line. Newlines in the text start a new line. At most `max_lines` lines; a
/// cut text ends in `…`.
pub fn wrap(text: &str, font: Font, size: f32, width: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ') {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if font.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: break it by characters if it is still too long.
            for c in word.chars() {
                line.push(c);
                if font.width(&line, size) > width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
            if lines.len() > max_lines {
                break;
            }
        }
        lines.push(line);
        if lines.len() > max_lines {
            break;
        }
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_diacritics_and_quotes_encode() {
        assert_eq!(encode("é ë ï"), [0xE9, b' ', 0xEB, b' ', 0xEF]);
        assert_eq!(encode("€—’"), [0x80, 0x97, 0x92]);
        assert_eq!(encode("日\u{1b}\n\u{202e}"), b"????");
    }

    #[test]
    fn wrapping_respects_the_width_and_the_line_cap() {
        let lines = wrap("aaaa bbbb cccc", Font::Regular, 10.0, 50.0, 10);
        assert!(lines.len() >= 2, "{lines:?}");
        for l in &lines {
            assert!(Font::Regular.width(l, 10.0) <= 50.0, "{l}");
        }
        let long = "x".repeat(10_000);
        let lines = wrap(&long, Font::Mono, 8.0, 100.0, 5);
        assert_eq!(lines.len(), 5);
        assert!(lines.last().unwrap().ends_with('…'));
    }
}
