//! Char-offset helpers. tema stores every position as a Unicode scalar
//! (`char`) offset into a document's text, end exclusive; egui and tantivy
//! speak bytes. Convert only at those edges, with these functions.

/// Byte index of the `char_idx`-th char (or `s.len()` at the end).
pub fn byte_of_char(s: &str, char_idx: usize) -> usize {
    s.char_indices().nth(char_idx).map_or(s.len(), |(b, _)| b)
}

/// Char index of a byte index that lies on a char boundary.
pub fn char_of_byte(s: &str, byte_idx: usize) -> usize {
    s[..byte_idx].chars().count()
}

/// The text between two char offsets (end exclusive), clamped to the text.
pub fn slice_chars(s: &str, start: usize, end: usize) -> &str {
    let b0 = byte_of_char(s, start);
    let b1 = b0 + byte_of_char(&s[b0..], end.saturating_sub(start));
    &s[b0..b1]
}

/// Number of chars in `s`.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Fast repeated char→byte conversion for one text: a sparse table of the
/// byte position of every 256th char, so lookups cost at most 256 steps.
pub struct CharIndex<'a> {
    text: &'a str,
    checkpoints: Vec<usize>,
    chars: usize,
}

impl<'a> CharIndex<'a> {
    const STEP: usize = 256;

    pub fn new(text: &'a str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / Self::STEP + 1);
        let mut chars = 0;
        for (b, _) in text.char_indices() {
            if chars % Self::STEP == 0 {
                checkpoints.push(b);
            }
            chars += 1;
        }
        CharIndex {
            text,
            checkpoints,
            chars,
        }
    }

    pub fn len_chars(&self) -> usize {
        self.chars
    }

    /// Byte offset of char `c` (the text length when `c` is at or past the end).
    pub fn byte(&self, c: usize) -> usize {
        if c >= self.chars {
            return self.text.len();
        }
        let base = self.checkpoints[c / Self::STEP];
        let rest = c % Self::STEP;
        base + self.text[base..]
            .char_indices()
            .nth(rest)
            .map_or(0, |(b, _)| b)
    }

    /// Char offset of byte `b` (must be a char boundary).
    pub fn char(&self, b: usize) -> usize {
        let slot = self
            .checkpoints
            .partition_point(|&x| x <= b)
            .saturating_sub(1);
        slot * Self::STEP + self.text[self.checkpoints[slot].min(b)..b].chars().count()
    }

    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        &self.text[self.byte(start)..self.byte(end.max(start))]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_survive_norwegian_letters() {
        let s = "Blåbær og ørret på Ærø";
        assert_eq!(slice_chars(s, 0, 6), "Blåbær");
        let idx = CharIndex::new(s);
        assert_eq!(idx.slice(10, 15), "ørret");
        assert_eq!(idx.char(idx.byte(19)), 19);
        assert_eq!(idx.len_chars(), char_len(s));
    }

    #[test]
    fn char_index_agrees_with_naive_on_long_text() {
        let s = "æøå abc ".repeat(500);
        let idx = CharIndex::new(&s);
        for c in [0, 1, 255, 256, 257, 1000, 3999, 4000] {
            assert_eq!(idx.byte(c), byte_of_char(&s, c), "char {c}");
            assert_eq!(idx.char(idx.byte(c)), c.min(char_len(&s)));
        }
    }
}

/// The one folding rule for matching text typed without accents: lower
/// case, accented Latin letters as their base letters (æ → ae, ø → o,
/// å → a, ä → a, é → e, ß → ss …), and "aa", the old spelling of "å", as
/// "a". Search tokens, the command palette, the document filter and
/// REFI-QDA file names all compare `fold`ed text. Offsets do not survive
/// it (æ becomes two letters): fold whole words or names, never text
/// whose positions matter.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match base_letters(c) {
            Some(base) => out.push_str(base),
            None => out.push(c),
        }
    }
    if out.contains("aa") {
        out = out.replace("aa", "a");
    }
    out
}

/// The ASCII spelling of a lower-case accented Latin letter.
fn base_letters(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ð' | 'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ß' => "ss",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Text on one line: runs of whitespace (newlines too) become one space,
/// and past `max` chars it is cut with "…".
pub fn one_line(s: &str, max: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

#[cfg(test)]
mod fold_tests {
    use super::*;

    #[test]
    fn fold_spells_accents_out_in_ascii() {
        assert_eq!(fold("Ærlighet"), "aerlighet");
        assert_eq!(fold("Øystein Ås"), "oystein as");
        assert_eq!(fold("Aase Müller-Lüdenscheidt"), "ase muller-ludenscheidt");
        assert_eq!(fold("Café Größe"), "cafe grosse");
        assert_eq!(fold("Ärlig"), "arlig");
    }

    #[test]
    fn one_line_flattens_and_cuts() {
        assert_eq!(one_line("a\n  b\tc", 10), "a b c");
        assert_eq!(one_line("æøå æøå", 3), "æøå…");
        assert_eq!(one_line("abc", 3), "abc");
    }
}

/// Compare labels the way a person sorts them: "Informant 2" before
/// "Informant 10", case-insensitive, with æ, ø, å after z as in Norwegian.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn key(s: &str) -> Vec<(u8, u64, u32)> {
        let mut out = Vec::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_ascii_digit() {
                let mut n = c.to_digit(10).unwrap_or(0) as u64;
                while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    n = n.saturating_mul(10).saturating_add(d as u64);
                    chars.next();
                }
                out.push((0, n, 0));
            } else {
                out.push((1, 0, norwegian_rank(c)));
            }
        }
        out
    }
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

/// Sort rank of a char in the Norwegian alphabet (case-folded).
pub fn norwegian_rank(c: char) -> u32 {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'æ' | 'ä' => 'z' as u32 + 1,
        'ø' | 'ö' => 'z' as u32 + 2,
        'å' => 'z' as u32 + 3,
        other => other as u32,
    }
}

#[cfg(test)]
mod sort_tests {
    use super::natural_cmp;

    #[test]
    fn sorts_numbers_and_norwegian_letters_as_people_do() {
        let mut v = vec![
            "Informant 10",
            "Østre",
            "Informant 2",
            "Åse",
            "Ærlig",
            "zebra",
            "Anne",
        ];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            [
                "Anne",
                "Informant 2",
                "Informant 10",
                "zebra",
                "Ærlig",
                "Østre",
                "Åse"
            ]
        );
    }
}

/// One replacement in a text: the chars `start..end` (of the old text)
/// become `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// How positions of an old text move when edits are applied: the basis of
/// remapping codings, turns and search hits after anonymisation.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// (old start, old end, new start, new end) of every edit, in order.
    regions: Vec<(usize, usize, usize, usize)>,
}

impl OffsetMap {
    /// Where a span that started at `old` starts now. A start inside a
    /// replaced region moves to the start of its replacement, so the span
    /// still covers the (replaced) words.
    pub fn start(&self, old: usize) -> usize {
        self.map(old, false)
    }

    /// Where a span that ended at `old` (exclusive) ends now. An end inside a
    /// replaced region moves to the end of its replacement.
    pub fn end(&self, old: usize) -> usize {
        self.map(old, true)
    }

    fn map(&self, old: usize, is_end: bool) -> usize {
        // The last region starting before `old` (or at it, for ends).
        let i = self
            .regions
            .partition_point(|r| if is_end { r.0 < old } else { r.0 <= old });
        let Some(&(o0, o1, n0, n1)) = i.checked_sub(1).map(|i| &self.regions[i]) else {
            return old;
        };
        if old >= o1 && !(old == o1 && !is_end && o0 == o1) {
            n1 + (old - o1)
        } else if is_end {
            n1
        } else {
            n0
        }
    }
}

/// Apply non-overlapping edits (in any order) to `text`; returns the new
/// text and the map from old to new positions.
pub fn apply_edits(text: &str, edits: &[Edit]) -> Result<(String, OffsetMap), String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    let index = CharIndex::new(text);
    let mut out = String::with_capacity(text.len());
    let mut map = OffsetMap::default();
    let (mut old_pos, mut new_pos) = (0usize, 0usize);
    for e in sorted {
        if e.start < old_pos || e.end < e.start || e.end > index.len_chars() {
            return Err(format!(
                "edit {}..{} overlaps another or lies outside the text",
                e.start, e.end
            ));
        }
        out.push_str(index.slice(old_pos, e.start));
        new_pos += e.start - old_pos;
        let new_start = new_pos;
        out.push_str(&e.replacement);
        new_pos += e.replacement.chars().count();
        map.regions.push((e.start, e.end, new_start, new_pos));
        old_pos = e.end;
    }
    out.push_str(index.slice(old_pos, index.len_chars()));
    Ok((out, map))
}

#[cfg(test)]
mod edit_tests {
    use super::*;

    fn edit(start: usize, end: usize, r: &str) -> Edit {
        Edit {
            start,
            end,
            replacement: r.into(),
        }
    }

    #[test]
    fn a_coded_quote_keeps_its_words_when_a_name_inside_it_is_replaced() {
        let text = "Jeg ringte Kari Nordvik på skolen, og hun svarte.";
        let quote = (4, 33); // "ringte Kari Nordvik på skolen"
        let (new, map) = apply_edits(text, &[edit(11, 23, "[Person A]")]).unwrap();
        assert_eq!(new, "Jeg ringte [Person A] på skolen, og hun svarte.");
        assert_eq!(
            slice_chars(&new, map.start(quote.0), map.end(quote.1)),
            "ringte [Person A] på skolen"
        );
    }

    #[test]
    fn spans_that_start_or_end_inside_a_name_take_in_the_whole_replacement() {
        let text = "Per-Arne sa at Ålesund er fint";
        let (new, map) =
            apply_edits(text, &[edit(0, 8, "[Person B]"), edit(15, 22, "[Sted A]")]).unwrap();
        assert_eq!(new, "[Person B] sa at [Sted A] er fint");
        // "Arne sa at Åle" (starts and ends inside names)
        assert_eq!(
            slice_chars(&new, map.start(4), map.end(18)),
            "[Person B] sa at [Sted A]"
        );
        // Spans touching a name from outside do not grow into it.
        assert_eq!(slice_chars(&new, map.start(8), map.end(15)), " sa at ");
        assert_eq!(slice_chars(&new, map.start(22), map.end(30)), " er fint");
    }

    #[test]
    fn overlapping_edits_are_refused() {
        assert!(apply_edits("abcdef", &[edit(0, 3, "x"), edit(2, 4, "y")]).is_err());
        assert!(apply_edits("abc", &[edit(2, 9, "x")]).is_err());
    }
}
