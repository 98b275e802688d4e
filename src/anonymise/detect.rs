//! The detector: patterns, one tokenisation pass per document, gazetteer
//! classification of capitalised runs, a second pass for every accepted
//! name form, and longest-match-first overlap resolution. Linear in the
//! size of the corpus: every lookup is a hash probe, no per-name regex.

use std::collections::{HashMap, HashSet};

use super::gazetteer::Gazetteer;
use super::patterns::{Hit, Patterns};
use super::{Kind, Suggestion};
use crate::text::CharIndex;

/// Chars of context on each side of a suggestion.
const CONTEXT_CHARS: usize = 40;

/// Detects identifiers; build once (it loads the gazetteers), call often.
pub struct Detector {
    gaz: Gazetteer,
    patterns: Patterns,
}

impl Default for Detector {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Debug)]
struct Token<'a> {
    text: &'a str,
    lower: String,
    /// Char offsets.
    start: usize,
    end: usize,
    /// First letter of every hyphen part upper case, not all capitals.
    cap: bool,
    /// Two or more letters, all capitals (`NAV`, `AS`).
    all_caps: bool,
    /// First letter lower case.
    low: bool,
    sent_start: bool,
    line_start: bool,
    /// Only spaces between the previous token and this one.
    space_before: bool,
    /// The gap after this token starts with a comma.
    comma_after: bool,
    /// The gap after this token starts with a colon.
    colon_after: bool,
    /// Speaker label or inside an e-mail address: never a name.
    skip: bool,
    /// A well-known name kept as it is (`Ola Nordmann`, `kong Harald`).
    kept: bool,
    /// A lowercase word follows after a space: a final `-s` may be a
    /// genitive (`Karis kontor`, not `Per-Arne Løvås, han`).
    noun_after: bool,
}

/// A candidate before overlap resolution.
#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    kind: Kind,
    confidence: f32,
    /// Lowercase key of the entity form; resolved to a canonical entity at
    /// the end (`kari` → `Kari Nordvik`).
    key: String,
}

struct Doc<'a> {
    id: i64,
    text: &'a str,
    tokens: Vec<Token<'a>>,
    cands: Vec<Cand>,
}

/// A form to search for in the second pass.
#[derive(Clone)]
struct Form {
    kind: Kind,
    key: String,
}

/// Corpus-wide facts gathered in the first pass.
#[derive(Default)]
struct Stats {
    /// Lowercase occurrences of each (lowercase) word.
    lower_count: HashMap<String, u32>,
    /// Capitalised occurrences of each (lowercase) word.
    cap_count: HashMap<String, u32>,
}

impl Stats {
    fn lower(&self, w: &str) -> u32 {
        self.lower_count.get(w).copied().unwrap_or(0)
    }
    fn cap(&self, w: &str) -> u32 {
        self.cap_count.get(w).copied().unwrap_or(0)
    }
}

/// Forms accepted in the first pass, searched again everywhere.
#[derive(Default)]
struct Forms {
    /// Single-token forms by lowercase text.
    single: HashMap<String, Form>,
    /// Multi-token forms by lowercase first token: (lowercase tokens, form).
    multi: HashMap<String, Vec<(Vec<String>, Form)>>,
    /// Canonical spelling of each key, as first seen capitalised.
    canonical: HashMap<(Kind, String), String>,
    /// Person full names (lowercase, space-joined) containing each
    /// contiguous part sequence.
    person_parts: HashMap<String, HashSet<String>>,
}

impl Detector {
    pub fn new() -> Self {
        Detector {
            gaz: Gazetteer::load(),
            patterns: Patterns::new(),
        }
    }

    /// Suggestions for every identifier in `docs` (`(doc id, text)`),
    /// sorted by document order then position. Consistent across
    /// documents: a name accepted anywhere is searched for everywhere.
    pub fn detect(&self, docs: &[(i64, &str)]) -> Vec<Suggestion> {
        let mut stats = Stats::default();
        let mut work: Vec<Doc> = Vec::with_capacity(docs.len());
        // Pass 1: patterns, tokens, corpus statistics.
        for &(id, text) in docs {
            let idx = CharIndex::new(text);
            let mut hits = Vec::new();
            self.patterns.find(text, &self.gaz, &mut hits);
            let cands: Vec<Cand> = hits.iter().map(|h| pattern_cand(text, &idx, h)).collect();
            let emails: Vec<(usize, usize)> = cands
                .iter()
                .filter(|c| c.kind == Kind::Email)
                .map(|c| (c.start, c.end))
                .collect();
            let keeps: Vec<(usize, usize)> = self
                .patterns
                .keeps(text)
                .into_iter()
                .map(|(s, e)| (idx.char(s), idx.char(e)))
                .collect();
            let mut cands = cands;
            cands.retain(|c| !keeps.iter().any(|&(s, e)| c.start < e && s < c.end));
            let mut tokens = tokenise(text);
            self.mark_skips(&mut tokens, &emails);
            self.mark_keeps(&mut tokens, &keeps);
            for t in tokens.iter().filter(|t| !t.skip) {
                if t.low {
                    *stats.lower_count.entry(t.lower.clone()).or_default() += 1;
                } else if t.cap {
                    *stats.cap_count.entry(t.lower.clone()).or_default() += 1;
                }
            }
            work.push(Doc {
                id,
                text,
                tokens,
                cands,
            });
        }
        // Pass 2: classify capitalised runs.
        let mut forms = Forms::default();
        for doc in &mut work {
            let mut found = Vec::new();
            self.classify_runs(&doc.tokens, &stats, &mut found, &mut forms);
            self.classify_lower(&doc.tokens, &stats, &mut found, &mut forms);
            doc.cands.extend(found);
        }
        // File names and handles, once the names written out are known
        // (`haakon_saeboe` joins `Håkon Sæbø`).
        let folded = forms.folded_people();
        for doc in &mut work {
            let mut found = Vec::new();
            self.file_names(doc.text, &folded, &mut found, &mut forms);
            doc.cands.extend(found);
        }
        forms.index_people();
        // Pass 3: every accepted form, everywhere.
        for doc in &mut work {
            let mut found = Vec::new();
            self.second_pass(&doc.tokens, &stats, &forms, &mut found);
            doc.cands.extend(found);
        }
        // Resolve overlaps and build suggestions.
        let mut out = Vec::new();
        for doc in &work {
            resolve(doc, &forms, &mut out);
        }
        out
    }

    /// Shape identifiers alone (e-mail, phone, fødselsnummer, birth date,
    /// street address, postcode with place), for a short text whose words
    /// lack the context the name heuristics need.
    pub(crate) fn shapes(&self, text: &str, doc: i64) -> Vec<Suggestion> {
        let idx = CharIndex::new(text);
        let mut hits = Vec::new();
        self.patterns.find(text, &self.gaz, &mut hits);
        let unit = Doc {
            id: doc,
            text,
            tokens: tokenise(text),
            cands: hits.iter().map(|h| pattern_cand(text, &idx, h)).collect(),
        };
        let mut out = Vec::new();
        resolve(&unit, &Forms::default(), &mut out);
        out
    }

    /// Char spans of well-known names in `text` that must stay as they
    /// are (`Ola Nordmann`, `Askeladden`, `kong Harald`, `Statsforvalteren
    /// i Rogaland`): review lists them as kept, so apply leaves them alone
    /// even where the same word is a participant's name elsewhere.
    pub(crate) fn keeps(&self, text: &str) -> Vec<(usize, usize)> {
        let mut tokens = tokenise(text);
        self.mark_keeps(&mut tokens, &[]);
        let idx = CharIndex::new(text);
        let mut out: Vec<(usize, usize)> = self
            .patterns
            .keeps(text)
            .into_iter()
            .map(|(s, e)| (idx.char(s), idx.char(e)))
            .collect();
        for (i, t) in tokens.iter().enumerate() {
            if !t.kept {
                continue;
            }
            match out.last_mut() {
                Some(last) if i > 0 && tokens[i - 1].kept && t.space_before => last.1 = t.end,
                _ => out.push((t.start, t.end)),
            }
        }
        out.sort_unstable();
        out
    }

    pub(crate) fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// Speaker labels at line start (`Intervjuer:`, `Informant 2:`, `IP3:`,
    /// `[00:12:31] Deltaker A:`) and tokens inside e-mail addresses.
    fn mark_skips(&self, tokens: &mut [Token], emails: &[(usize, usize)]) {
        for i in 0..tokens.len() {
            if !tokens[i].line_start {
                continue;
            }
            // Skip a leading timestamp (`[00:12:31]`: digit tokens on this line).
            let mut j = i;
            while j < tokens.len()
                && (j == i || !tokens[j].line_start)
                && tokens[j].text.bytes().all(|b| b.is_ascii_digit())
            {
                j += 1;
            }
            if j < tokens.len()
                && (j == i || !tokens[j].line_start)
                && let Some(end) = self.speaker_label_end(tokens, j)
            {
                for t in &mut tokens[j..=end] {
                    t.skip = true;
                }
            }
        }
        if !emails.is_empty() {
            for t in tokens.iter_mut() {
                if emails.iter().any(|&(s, e)| t.start < e && s < t.end) {
                    t.skip = true;
                }
            }
        }
    }

    /// Tokens that must stay: inside a law or white-paper reference, a
    /// well-known character or public figure (`Askeladden`, `Ola
    /// Nordmann`, `Erna Solberg`), a name after a public title (`kong
    /// Harald`, `helseminister X`), a national body with its region.
    fn mark_keeps(&self, tokens: &mut [Token], keeps: &[(usize, usize)]) {
        let g = &self.gaz;
        for t in tokens.iter_mut() {
            if keeps.iter().any(|&(s, e)| t.start < e && s < t.end) {
                t.skip = true;
            }
        }
        let mut i = 0;
        while i < tokens.len() {
            let mut end = i;
            for phrase in g.keep_phrases(&tokens[i].lower) {
                let n = phrase.len();
                if i + n <= tokens.len()
                    && tokens[i..i + n]
                        .iter()
                        .zip(phrase)
                        .enumerate()
                        .all(|(k, (t, w))| t.lower == *w && (k == 0 || t.space_before))
                    && (tokens[i].cap || tokens[i].all_caps || n > 1 || !tokens[i].low)
                {
                    end = i + n;
                    break;
                }
            }
            if end > i && g.is_national_body(&tokens[i].lower) {
                // `Statsforvalteren i Rogaland`.
                if tokens
                    .get(end)
                    .is_some_and(|t| t.lower == "i" && t.space_before)
                    && tokens.get(end + 1).is_some_and(|t| t.cap && t.space_before)
                {
                    end += 2;
                }
            }
            if end == i && g.is_public_title(&tokens[i].lower) {
                let mut j = i + 1;
                while j < tokens.len() && j < i + 5 && tokens[j].cap && tokens[j].space_before {
                    j += 1;
                }
                if j > i + 1 {
                    end = j;
                }
            }
            if end > i {
                for t in &mut tokens[i..end] {
                    t.skip = true;
                    t.kept = true;
                }
                i = end;
            } else {
                i += 1;
            }
        }
    }

    /// Last token of a role label starting at `j` and ending with a colon.
    fn speaker_label_end(&self, tokens: &[Token], j: usize) -> Option<usize> {
        let first = tokens.get(j)?;
        let lower = first.lower.as_str();
        let letters: String = lower.chars().take_while(|c| c.is_alphabetic()).collect();
        let coded = !letters.is_empty() && letters.len() <= 3 && letters.len() < lower.len(); // ip3, r1
        if !(self.gaz.is_speaker_label(lower) || coded) {
            return None;
        }
        if first.colon_after {
            return Some(j);
        }
        // One more part: a number or a single capital (`Informant 2`, `Deltaker A`).
        let next = tokens.get(j + 1)?;
        let simple = next.text.bytes().all(|b| b.is_ascii_digit())
            || next.text.chars().count() == 1 && next.text.chars().all(char::is_uppercase);
        (next.space_before && simple && next.colon_after).then_some(j + 1)
    }

    /// Is this word, seen capitalised at the start of a sentence, also an
    /// ordinary word?
    /// A genitive (`Moes`, `Bergs`) is not: the ordinary word would not
    /// take an `-s` there.
    fn ambiguous(&self, lower: &str, stem: &str, stats: &Stats) -> bool {
        // A genitive before a noun (`Vatnes bil`) is the name's when the
        // name itself is no word, even if the `-s` form is one.
        if stem != lower {
            return self.gaz.is_common(stem);
        }
        // Lower-case uses of a known name (`torvald spurte`, a file name)
        // do not make it a word.
        let seen_lower = stats.lower(lower) >= 2 && !self.gaz.is_name(stem);
        self.gaz.is_common(lower) || seen_lower
    }

    /// A sentence-initial ambiguous name counts when a verb or a comma follows.
    /// After a comma: `Sol, som er assistent`, `Tone, hun sa`; not `Sol,
    /// grill og fotball`.
    fn person_cue(&self, tokens: &[Token], i: usize) -> bool {
        let Some(n) = tokens.get(i + 1) else {
            return false;
        };
        if !n.low {
            return false;
        }
        if tokens[i].comma_after {
            return matches!(n.lower.as_str(), "som" | "han" | "hun")
                || self.gaz.is_person_cue(&n.lower);
        }
        n.space_before && self.gaz.is_person_cue(&n.lower)
    }

    fn classify_runs(
        &self,
        tokens: &[Token],
        stats: &Stats,
        out: &mut Vec<Cand>,
        forms: &mut Forms,
    ) {
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            if let Some(end) = self
                .chain_at(tokens, i)
                .or_else(|| self.prefixed_at(tokens, i))
            {
                let text = run_text(&tokens[i..end]);
                let key = text.to_lowercase();
                out.push(cand(tokens, i, end, Kind::Workplace, 0.8, &key));
                forms.add(Kind::Workplace, &key, &text);
                i = end;
                continue;
            }
            if t.skip || !(t.cap || t.all_caps && self.gaz.is_unit_prefix(&t.lower)) {
                i += 1;
                continue;
            }
            // Multi-word place starting here (`Mo i Rana`, `Bærums Verk`).
            if let Some(end) = self.multi_place_at(tokens, i) {
                let key = join_lower(&tokens[i..end]);
                out.push(cand(tokens, i, end, Kind::Place, 0.85, &key));
                forms.add(Kind::Place, &key, &run_text(&tokens[i..end]));
                i = end;
                continue;
            }
            // A run: capitalised tokens separated by single spaces, cut at
            // ordinary capitalised words (`Rektor`, `Google`, `Hilsen`).
            let mut j = i;
            while j < tokens.len() {
                let u = &tokens[j];
                if j > i && !u.space_before {
                    break;
                }
                // `Maria Cristina dela Cruz`: a particle between name parts.
                if j > i
                    && u.low
                    && self.gaz.is_name_particle(&u.lower)
                    && tokens
                        .get(j + 1)
                        .is_some_and(|n| n.cap && n.space_before && !n.skip)
                {
                    j += 1;
                    continue;
                }
                let unit = j == i && u.all_caps && self.gaz.is_unit_prefix(&u.lower);
                let company = j > i && u.all_caps && self.gaz.is_company_suffix(u.text);
                if u.skip || !(u.cap || unit || company) {
                    break;
                }
                // An ordinary word ends the run, unless a company form or a
                // place name follows it (`Molde Rør AS`, `Nordre Vollen`).
                let next_company = tokens.get(j + 1).is_some_and(|n| {
                    n.all_caps && n.space_before && self.gaz.is_company_suffix(n.text)
                });
                let prefix = self.gaz.is_place_prefix(&u.lower)
                    && tokens.get(j + 1).is_some_and(|n| n.cap && n.space_before);
                if u.cap && self.is_stopword_cap(&u.lower) && !next_company && !prefix {
                    break;
                }
                if u.text.chars().any(|c| c.is_ascii_digit()) {
                    break;
                }
                j += 1;
                if company {
                    break;
                }
            }
            if j == i {
                // `i` itself is an ordinary capitalised word.
                i += 1;
                continue;
            }
            self.classify_run(tokens, i, j, stats, out, forms);
            i = j.max(i + 1);
        }
    }

    /// Names in lower case (and speaker labels in capitals) where the
    /// context says a person is meant: a chat handle (`marius: hei`,
    /// `agnieszka nowak:`), after a greeting (`hei rune`, `mvh eivind g`),
    /// after a preposition when the word is no ordinary word (`av
    /// hussein`), or a given name common in Norway that is no word.
    fn classify_lower(
        &self,
        tokens: &[Token],
        stats: &Stats,
        out: &mut Vec<Cand>,
        forms: &mut Forms,
    ) {
        let g = &self.gaz;
        for i in 0..tokens.len() {
            let t = &tokens[i];
            if t.skip {
                continue;
            }
            if t.all_caps && t.line_start && t.colon_after && g.is_given(&t.lower) {
                out.push(cand(tokens, i, i + 1, Kind::Person, 0.8, &t.lower));
                forms.add_single(Kind::Person, &title_case(&t.lower), &t.lower);
                continue;
            }
            if !t.low || t.text.chars().count() < 2 {
                continue;
            }
            // `teaterlinja i oslo`: a Norwegian place in lower case after a
            // place preposition.
            if i > 0
                && t.space_before
                && g.is_place_prep(&tokens[i - 1].lower)
                && g.is_norwegian_place(&t.lower)
                && !g.is_common(&t.lower)
            {
                out.push(cand(tokens, i, i + 1, Kind::Place, 0.6, &t.lower));
                continue;
            }
            if let Some(end) = self.handle_at(tokens, i) {
                let run = &tokens[i..end];
                let key = join_lower(run);
                out.push(cand(tokens, i, end, Kind::Person, 0.7, &key));
                if end - i >= 2 {
                    forms.add_person(run);
                } else {
                    forms.add_single(Kind::Person, t.text, &key);
                }
                continue;
            }
            let word = g.is_common(&t.lower) || stats.lower(&t.lower) > 3 && !g.is_given(&t.lower);
            let prev = i
                .checked_sub(1)
                .map(|k| &tokens[k])
                .filter(|p| t.space_before && !p.skip);
            let greeting = prev.is_some_and(|p| g.is_greeting(&p.lower));
            let prep = prev.is_some_and(|p| p.low && g.is_name_preposition(&p.lower));
            let name = if word {
                greeting && g.is_common_given(&t.lower)
            } else {
                (greeting || prep) && g.is_given(&t.lower)
                    || g.is_common_given(&t.lower) && stats.cap(&t.lower) > 0
            };
            if !name {
                continue;
            }
            // `eivind g`: an initial after the name belongs to it.
            let end = match tokens.get(i + 1) {
                Some(n)
                    if n.space_before
                        && n.low
                        && n.text.chars().count() == 1
                        && !matches!(n.lower.as_str(), "i" | "å" | "e" | "o" | "a") =>
                {
                    i + 2
                }
                _ => i + 1,
            };
            out.push(cand(tokens, i, end, Kind::Person, 0.55, &t.lower));
            forms.add_single(Kind::Person, t.text, &t.lower);
        }
    }

    /// A chat handle starting at `i`: one or two lower-case name words at
    /// the start of a message, then a colon.
    fn handle_at(&self, tokens: &[Token], i: usize) -> Option<usize> {
        let g = &self.gaz;
        let t = &tokens[i];
        let at_start = t.sent_start || t.line_start || !t.space_before;
        if !at_start || !(g.is_any_given(&t.lower) || g.is_surname(&t.lower)) {
            return None;
        }
        // `meg: ok!` is the writer, not Meg.
        if g.is_common(&t.lower) && !g.is_norwegian_given(&t.lower) {
            return None;
        }
        if t.colon_after {
            return Some(i + 1);
        }
        let n = tokens.get(i + 1)?;
        let second = n.low
            && n.space_before
            && n.colon_after
            && !n.skip
            && (g.is_name(&n.lower) || n.text.chars().count() == 1);
        second.then_some(i + 2)
    }

    /// Is the lower-case token at `i` where a name is written: a chat
    /// handle, or after a greeting?
    fn lower_name_context(&self, tokens: &[Token], i: usize) -> bool {
        let t = &tokens[i];
        let handle = (t.sent_start || t.line_start || !t.space_before) && t.colon_after;
        handle || i > 0 && t.space_before && self.gaz.is_greeting(&tokens[i - 1].lower)
    }

    /// Names, places and workplaces inside file names and handles, ASCII-
    /// folded and joined with `_` or `-` (`cv_marius_lokken_2024.pdf`,
    /// `kongsvinger_vgs`, `nasra_h`), and a compact birth date next to a
    /// name (`sindre-aanonsen_080807.docx`).
    fn file_names(
        &self,
        text: &str,
        folded: &HashMap<String, String>,
        out: &mut Vec<Cand>,
        forms: &mut Forms,
    ) {
        if !text.contains('_') && !text.contains('.') {
            return;
        }
        let chars: Vec<char> = text.chars().collect();
        let is_chunk = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
        let mut i = 0;
        while i < chars.len() {
            if !is_chunk(chars[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && is_chunk(chars[i]) {
                i += 1;
            }
            let mut end = i;
            while end > start && matches!(chars[end - 1], '.' | '-' | '_') {
                end -= 1;
            }
            let at_email = chars.get(i) == Some(&'@') || start > 0 && chars[start - 1] == '@';
            if at_email || end <= start {
                continue;
            }
            let chunk: String = chars[start..end].iter().collect();
            if chunk.contains('_') || has_file_extension(&chunk) {
                self.file_chunk(&chars, start, end, folded, out, forms);
            }
        }
    }

    fn file_chunk(
        &self,
        chars: &[char],
        start: usize,
        end: usize,
        folded: &HashMap<String, String>,
        out: &mut Vec<Cand>,
        forms: &mut Forms,
    ) {
        let g = &self.gaz;
        let mut parts: Vec<(usize, usize, String)> = Vec::new();
        let mut s = start;
        for k in start..=end {
            if k == end || matches!(chars[k], '_' | '-' | '.') {
                if k > s {
                    parts.push((s, k, chars[s..k].iter().collect::<String>().to_lowercase()));
                }
                s = k + 1;
            }
        }
        let name_of = |p: &str| -> Option<String> {
            if p.chars().count() < 2 || !p.chars().all(char::is_alphabetic) {
                return None;
            }
            if let Some(n) = folded.get(p) {
                return Some(n.clone());
            }
            if g.is_common(p) || g.is_file_institution(p) {
                return None;
            }
            g.unfold_name(p)
        };
        let initial = |p: &str| p.chars().count() == 1 && p.chars().all(char::is_alphabetic);
        let mut k = 0;
        let mut person_found = false;
        let mut date: Option<usize> = None;
        while k < parts.len() {
            let (ps, pe, ref p) = parts[k];
            // Place + institution word: `kongsvinger_vgs`, `baerum-legevakt`.
            if let Some(next) = parts.get(k + 1)
                && g.is_file_institution(&next.2)
                && g.unfold_place(p).is_some()
            {
                let key: String = chars[ps..next.1].iter().collect::<String>().to_lowercase();
                out.push(Cand {
                    start: ps,
                    end: next.1,
                    kind: Kind::Workplace,
                    confidence: 0.7,
                    key,
                });
                k += 2;
                continue;
            }
            let mut names = Vec::new();
            let mut j = k;
            while j < parts.len() && names.len() < 4 {
                match name_of(&parts[j].2) {
                    Some(n) => names.push(n),
                    None => break,
                }
                j += 1;
            }
            if names.is_empty() {
                if p.len() == 6 && p.bytes().all(|b| b.is_ascii_digit()) && compact_date(p) {
                    date = Some(k);
                } else if !g.is_common(p)
                    && p.chars().all(char::is_alphabetic)
                    && p.chars().count() >= 4
                    && !g.is_name(p)
                    && let Some(place) = g.unfold_place(p)
                {
                    out.push(Cand {
                        start: ps,
                        end: pe,
                        kind: Kind::Place,
                        confidence: 0.6,
                        key: place,
                    });
                }
                k += 1;
                continue;
            }
            // Split a run of several people at a known full name
            // (`hanne_skaug_bjerkeli_tharshini_s`).
            let mut n = names.len();
            for len in (2..names.len()).rev() {
                if forms
                    .canonical
                    .contains_key(&(Kind::Person, names[..len].join(" ")))
                {
                    n = len;
                    break;
                }
            }
            let mut last = k + n - 1;
            let with_initial =
                n == names.len() && parts.get(last + 1).is_some_and(|x| initial(&x.2));
            if with_initial {
                last += 1;
            }
            let key = names[..n].join(" ");
            let known = forms.single.contains_key(&key)
                || forms.canonical.contains_key(&(Kind::Person, key.clone()));
            if n >= 2 || with_initial || known || g.is_norwegian_given(&key) {
                out.push(Cand {
                    start: ps,
                    end: parts[last].1,
                    kind: Kind::Person,
                    confidence: 0.75,
                    key: key.clone(),
                });
                if n >= 2 {
                    forms.add_person_key(&names[..n]);
                }
                person_found = true;
            }
            k = last + 1;
        }
        if let (true, Some(d)) = (person_found, date) {
            let (ds, de, ref p) = parts[d];
            out.push(Cand {
                start: ds,
                end: de,
                kind: Kind::BirthDate,
                confidence: 0.6,
                key: p.clone(),
            });
        }
    }

    /// A shop chain with a place after it: `Rema 1000 Lura`, `kiwi bøler`.
    fn chain_at(&self, tokens: &[Token], i: usize) -> Option<usize> {
        let t = &tokens[i];
        if t.skip || !self.gaz.is_chain(&t.lower) || t.all_caps {
            return None;
        }
        let mut j = i + 1;
        let n = tokens.get(j)?;
        if n.space_before && n.text.bytes().all(|b| b.is_ascii_digit()) {
            j += 1; // `Rema 1000`
        }
        let p = tokens.get(j)?;
        let place = p.space_before
            && !p.skip
            && (p.cap && !p.sent_start || p.low && t.low && self.gaz.is_place(&p.lower));
        place.then_some(j + 1)
    }

    /// An institution word before a name or `i` + a place:
    /// `Sykehuset Innlandet Lillehammer`, `Flyktningtjenesten i Sandnes`.
    fn prefixed_at(&self, tokens: &[Token], i: usize) -> Option<usize> {
        let t = &tokens[i];
        if t.skip || !t.cap || !self.gaz.is_institution_prefix(&t.lower) {
            return None;
        }
        let mut j = i + 1;
        if tokens
            .get(j)
            .is_some_and(|n| n.lower == "i" && n.low && n.space_before)
        {
            j += 1;
        }
        let start = j;
        while tokens
            .get(j)
            .is_some_and(|n| n.cap && n.space_before && !n.skip && j < start + 3)
        {
            j += 1;
        }
        (j > start).then_some(j)
    }

    /// Not a name: an ordinary word written with a capital and not in the
    /// name or place lists (`Rektor`, `Teams`, `Statsforvalteren`).
    fn is_stopword_cap(&self, lower: &str) -> bool {
        let g = &self.gaz;
        g.is_common(lower) && !g.is_name(lower) && !g.is_place(lower)
    }

    fn multi_place_at(&self, tokens: &[Token], i: usize) -> Option<usize> {
        let max = self.gaz.max_place_words.min(tokens.len() - i);
        for n in (2..=max).rev() {
            let span = &tokens[i..i + n];
            let joined = join_lower(span);
            if span[1..].iter().all(|t| t.space_before && !t.skip)
                && span[n - 1].cap
                && self.gaz.is_multi_place(&joined)
                // `Maria Cristina` is a town somewhere, but a name here.
                && (self.gaz.is_own_multi_place(&joined) || !self.gaz.is_given(&span[0].lower))
            {
                return Some(i + n);
            }
        }
        None
    }

    /// Classify `tokens[a..b]`, a run of capitalised words.
    fn classify_run(
        &self,
        tokens: &[Token],
        a: usize,
        b: usize,
        stats: &Stats,
        out: &mut Vec<Cand>,
        forms: &mut Forms,
    ) {
        let g = &self.gaz;
        let mut a = a;
        // A sentence-initial word that is no name and not seen elsewhere
        // capitalised mid-sentence is just the first word: drop it.
        if tokens[a].sent_start && b - a >= 2 {
            let (lower, stem) = stem_of(g, &tokens[a].lower, false);
            // An unknown word that is no ordinary word either
            // (`Semhar Haile`) is kept as a name part.
            let ordinary = g.is_common(stem) || stats.lower(stem) > 0;
            if !g.is_name(stem) && !g.is_place(stem) && !tokens[a].all_caps && ordinary {
                let _ = lower;
                a += 1;
            }
        }
        let run = &tokens[a..b];
        let first = &run[0];

        // Unit of a public body: `NAV Sentrum`.
        if first.all_caps {
            if run.len() >= 2 {
                let key = join_lower(run);
                out.push(cand(tokens, a, b, Kind::Workplace, 0.8, &key));
                forms.add(Kind::Workplace, &key, &run_text(run));
            }
            return;
        }
        // Company: `Molde Rør AS`.
        if run.len() >= 2 && run[run.len() - 1].all_caps {
            let key = join_lower(run);
            out.push(cand(tokens, a, b, Kind::Workplace, 0.85, &key));
            forms.add(Kind::Workplace, &key, &run_text(run));
            return;
        }
        let initial_ambiguous = first.sent_start && {
            let (lower, stem) = stem_of(g, &first.lower, run.len() == 1 && first.noun_after);
            self.ambiguous(lower, stem, stats)
        };
        // Institution after the name: `Vestvik ungdomsskole`, `Tromsø kommune`.
        if let Some((end, municipality)) = self.institution_after(tokens, b)
            && (!initial_ambiguous || run.len() >= 2)
        {
            if municipality {
                let key = join_lower(run);
                out.push(cand(tokens, a, end, Kind::Place, 0.9, &key));
                forms.add(Kind::Place, &key, &run_text(run));
            } else {
                let text = workplace_text(&tokens[a..end]);
                let key = text.to_lowercase();
                out.push(cand(tokens, a, end, Kind::Workplace, 0.9, &key));
                forms.add(Kind::Workplace, &key, &text);
            }
            return;
        }
        let prep_before = a > 0
            && run[0].space_before
            && tokens[a - 1].low
            && g.is_place_prep(&tokens[a - 1].lower);

        if run.len() >= 2 {
            let stems: Vec<&str> = run
                .iter()
                .enumerate()
                .map(|(k, t)| stem_of(g, &t.lower, k + 1 == run.len() && t.noun_after).1)
                .collect();
            let any_given = stems.iter().any(|s| g.is_given(s));
            let any_name = any_given || stems.iter().any(|s| g.is_surname(s));
            if any_name {
                let conf = if any_given { 0.9 } else { 0.75 };
                let key = person_key(run);
                out.push(cand(tokens, a, b, Kind::Person, conf, &key));
                forms.add_person(run);
                return;
            }
            if stems.iter().any(|s| g.is_place(s)) {
                // Each known place on its own (`Hamar Sentrum`?): classify singly.
                for k in a..b {
                    self.classify_single(tokens, k, stats, out, forms);
                }
                return;
            }
            if first.sent_start {
                return;
            }
            let kind = if prep_before {
                Kind::Place
            } else {
                Kind::Person
            };
            let key = if kind == Kind::Person {
                person_key(run)
            } else {
                join_lower(run)
            };
            out.push(cand(tokens, a, b, kind, 0.5, &key));
            if kind == Kind::Person {
                forms.add_person(run);
            } else {
                forms.add(kind, &key, &run_text(run));
            }
            return;
        }
        self.classify_single(tokens, a, stats, out, forms);
    }

    fn classify_single(
        &self,
        tokens: &[Token],
        i: usize,
        stats: &Stats,
        out: &mut Vec<Cand>,
        forms: &mut Forms,
    ) {
        let g = &self.gaz;
        let t = &tokens[i];
        // `B1`, `Vg2` name levels, not people; `Coop` is a shop; `St.`,
        // `Dr.` are abbreviations.
        let abbreviation = matches!(t.lower.as_str(), "st" | "dr" | "nr" | "kl" | "ca" | "jf")
            && tokens.get(i + 1).is_some_and(|n| !n.space_before);
        if abbreviation
            || !t.cap
            || t.text.chars().count() < 2
            || t.text.chars().any(|c| c.is_ascii_digit())
            || g.is_chain(&t.lower)
        {
            return;
        }
        let (lower, stem) = stem_of(g, &t.lower, t.noun_after);
        let given = g.is_given(stem);
        let sur = g.is_surname(stem);
        let place = g.is_place(stem);
        let known = given || sur || place;
        // A word that only the national surname list knows (`Helgeland`),
        // first in its sentence: a name only where the corpus shows it
        // as one elsewhere (the second pass finds it then).
        if t.sent_start && sur && !given && !place && !g.is_hand_name(stem) {
            return;
        }
        let prep_before =
            i > 0 && t.space_before && tokens[i - 1].low && g.is_place_prep(&tokens[i - 1].lower);
        let confidence;
        if t.sent_start {
            // `Maëlle sender`: an unknown word that is no ordinary word,
            // with a verb after it, is a name.
            if !(known
                || self.person_cue(tokens, i) && !g.is_common(lower) && stats.lower(lower) == 0)
            {
                return;
            }
            if self.ambiguous(lower, stem, stats) {
                // Only a person reading can be confirmed by a verb: `Nå er
                // han` is no place called Nå. A word the national lists
                // have as a name (`Andre mener`) needs more than that.
                let strong = g.is_hand_name(stem) || place && g.is_norwegian_place(stem);
                if !(given || sur) || !strong || !self.person_cue(tokens, i) {
                    return;
                }
                confidence = 0.6;
            } else {
                confidence = 0.8;
            }
        } else if !known && g.is_generic_institution(lower) {
            // `Oppfølgingstjenesten`: a service, nobody's name.
            return;
        } else if !known && g.is_institution_compound(lower) && !g.is_common(lower) {
            // `Helgelandssykehuset`: one word, name and institution.
            out.push(Cand {
                start: t.start,
                end: t.end,
                kind: Kind::Workplace,
                confidence: 0.7,
                key: lower.to_string(),
            });
            forms.add(Kind::Workplace, lower, t.text);
            return;
        } else if !known {
            if g.is_common(lower)
                || g.is_common(stem)
                || stats.lower(lower) >= 1
                || stats.lower(stem) >= 1
                || designation(tokens, i)
            {
                return;
            }
            confidence = 0.5;
        } else {
            confidence = 0.85;
        }
        // A town or country abroad that only a foreign list has as a name
        // (`Syria`, `Nairobi`) is the place.
        // A Norwegian place that only the national lists have as a name
        // (`Rana`, `Selfors`) is the place.
        let norwegian_name = g.is_hand_name(stem)
            || (g.is_norwegian_given(stem) || g.is_norwegian_surname(stem))
                && !g.is_norwegian_place(stem);
        let kind = if place && (prep_before || !(given || sur) || !norwegian_name) {
            Kind::Place
        } else if given || sur {
            Kind::Person
        } else if prep_before {
            Kind::Place
        } else {
            Kind::Person
        };
        let key = stem.to_string();
        out.push(Cand {
            start: t.start,
            end: t.end,
            kind,
            confidence,
            key: key.clone(),
        });
        forms.add_single(kind, stem_text(t, stem), &key);
    }

    /// End (exclusive token index) of an institution word right after a
    /// name ending at `b`, and whether it is a municipality.
    fn institution_after(&self, tokens: &[Token], b: usize) -> Option<(usize, bool)> {
        let t = tokens.get(b)?;
        if !t.space_before || !t.low || t.skip {
            return None;
        }
        // `Værnes bo- og servicesenter`.
        if let (Some(og), Some(head)) = (tokens.get(b + 1), tokens.get(b + 2))
            && og.lower == "og"
            && head.low
            && head.space_before
            && t.text.chars().count() <= 4
            && self.gaz.is_institution_head(&head.lower)
        {
            return Some((b + 3, false));
        }
        let word = t
            .lower
            .strip_suffix('s')
            .filter(|w| self.gaz.is_institution(w))
            .unwrap_or(&t.lower);
        if !self.gaz.is_institution(word) {
            if self.gaz.is_institution_head(word) {
                return Some((b + 1, false));
            }
            return None;
        }
        if word == "videregående" {
            // `videregående skole`
            let n = tokens.get(b + 1)?;
            let ok = n.space_before && n.low && n.lower.trim_end_matches('s').starts_with("sk");
            return ok.then_some((b + 2, false));
        }
        Some((b + 1, word == "kommune" || word == "fylkeskommune"))
    }

    fn second_pass(&self, tokens: &[Token], stats: &Stats, forms: &Forms, out: &mut Vec<Cand>) {
        let g = &self.gaz;
        for (i, t) in tokens.iter().enumerate() {
            if t.skip || t.all_caps {
                continue;
            }
            let (lower, stem) = stem_of_form(&t.lower, forms, t.noun_after);
            // Multi-token forms, longest first (`bjørn haugen`).
            if let Some(list) = forms.multi.get(lower).or_else(|| forms.multi.get(stem)) {
                for (parts, form) in list {
                    if let Some(end) = match_multi(tokens, i, parts) {
                        out.push(Cand {
                            start: t.start,
                            end: tokens[end - 1].end,
                            kind: form.kind,
                            confidence: 0.8,
                            key: form.key.clone(),
                        });
                        break;
                    }
                }
            }
            let Some(form) = forms.single.get(lower).or_else(|| forms.single.get(stem)) else {
                continue;
            };
            let confidence = if t.cap {
                // `Vatnes bil`: the genitive of a person found elsewhere.
                let genitive = form.kind == Kind::Person && stem != lower;
                if t.sent_start
                    && !genitive
                    && self.ambiguous(lower, stem, stats)
                    && !(form.kind == Kind::Person && self.person_cue(tokens, i))
                {
                    continue;
                }
                // Corpus evidence that the word names a person beats the
                // gazetteer's place reading (`Vatnes bil`), unless a place
                // preposition comes before it (`i Vatne`).
                let prep_before = i > 0
                    && t.space_before
                    && tokens[i - 1].low
                    && g.is_place_prep(&tokens[i - 1].lower);
                if form.kind == Kind::Person && !prep_before {
                    0.86
                } else {
                    0.75
                }
            } else if t.low {
                // A lowercase slip (`kari`), unless the word is an ordinary
                // one where it stands (`mai` in `1. mai`, not in `hei mai`).
                let context = form.kind == Kind::Person && self.lower_name_context(tokens, i);
                if !context
                    && (g.is_common(lower)
                        || g.is_common(stem)
                        || !g.is_name(stem)
                            && stats.lower(lower) > stats.cap(lower).max(stats.cap(stem)))
                {
                    continue;
                }
                0.6
            } else {
                continue;
            };
            out.push(Cand {
                start: t.start,
                end: t.end,
                kind: form.kind,
                confidence,
                key: form.key.clone(),
            });
        }
    }
}

impl Forms {
    fn add_single(&mut self, kind: Kind, text: &str, key: &str) {
        let lower = text.to_lowercase();
        self.single.entry(lower).or_insert_with(|| Form {
            kind,
            key: key.to_string(),
        });
        self.canonical
            .entry((kind, key.to_string()))
            .or_insert_with(|| text.to_string());
    }

    /// A place or workplace: `key` is lowercase words, `text` its spelling.
    fn add(&mut self, kind: Kind, key: &str, text: &str) {
        if !key.contains(' ') {
            self.add_single(kind, text, key);
            return;
        }
        self.canonical
            .entry((kind, key.to_string()))
            .or_insert_with(|| text.to_string());
        let parts: Vec<String> = key.split(' ').map(str::to_string).collect();
        self.add_multi(kind, parts, key);
    }

    fn add_multi(&mut self, kind: Kind, parts: Vec<String>, key: &str) {
        let list = self.multi.entry(parts[0].clone()).or_default();
        if !list.iter().any(|(p, _)| *p == parts) {
            list.push((
                parts,
                Form {
                    kind,
                    key: key.to_string(),
                },
            ));
            list.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        }
    }

    /// A person name of two or more tokens: the full name and every part.
    fn add_person(&mut self, run: &[Token]) {
        let text = person_text(run);
        let key = text.to_lowercase();
        self.canonical
            .entry((Kind::Person, key.clone()))
            .or_insert(text);
        let parts: Vec<String> = key.split(' ').map(str::to_string).collect();
        self.add_multi(Kind::Person, parts.clone(), &key);
        for (t, p) in run.iter().zip(&parts) {
            self.add_single(Kind::Person, stem_text(t, p), p);
        }
        // Contiguous sub-sequences (`Geir Olav` of `Geir Olav Myklebust`).
        for len in 2..parts.len() {
            for w in parts.windows(len) {
                self.add_multi(Kind::Person, w.to_vec(), &w.join(" "));
            }
        }
    }

    /// A person's name from a file name, as lowercase parts.
    fn add_person_key(&mut self, parts: &[String]) {
        let key = parts.join(" ");
        self.canonical
            .entry((Kind::Person, key.clone()))
            .or_insert_with(|| title_case(&key));
        self.add_multi(Kind::Person, parts.to_vec(), &key);
        for p in parts {
            self.single.entry(p.clone()).or_insert_with(|| Form {
                kind: Kind::Person,
                key: p.clone(),
            });
        }
    }

    /// ASCII spellings of every person-name part found so far
    /// (`haakon` → `håkon`).
    fn folded_people(&self) -> HashMap<String, String> {
        // Sorted, spellings with letters beyond ASCII first, so the same
        // corpus always links the same way (review and apply must agree).
        let mut names: Vec<&String> = self
            .single
            .iter()
            .filter(|(_, f)| f.kind == Kind::Person)
            .map(|(l, _)| l)
            .collect();
        names.sort_by_key(|l| (l.is_ascii(), l.as_str()));
        let mut out = HashMap::new();
        for lower in names {
            for v in super::lexicon::ascii_variants(lower) {
                out.entry(v).or_insert_with(|| lower.clone());
            }
        }
        out
    }

    /// After pass 2: which full names contain each part sequence.
    fn index_people(&mut self) {
        let fulls: Vec<String> = self
            .canonical
            .keys()
            .filter(|(k, key)| *k == Kind::Person && key.contains(' '))
            .map(|(_, key)| key.clone())
            .collect();
        for full in &fulls {
            let parts: Vec<&str> = full.split(' ').collect();
            for len in 1..=parts.len() {
                for w in parts.windows(len) {
                    self.person_parts
                        .entry(w.join(" "))
                        .or_default()
                        .insert(full.clone());
                }
            }
        }
        // Keep only the longest names: drop fulls contained in another.
        let parts = std::mem::take(&mut self.person_parts);
        self.person_parts = parts
            .into_iter()
            .map(|(k, set)| {
                let maximal: HashSet<String> = set
                    .iter()
                    .filter(|f| !set.iter().any(|o| o != *f && contains_seq(o, f)))
                    .cloned()
                    .collect();
                (k, maximal)
            })
            .collect();
    }

    /// The canonical entity for a candidate key.
    fn entity(&self, kind: Kind, key: &str) -> String {
        let key = if kind == Kind::Person {
            match self.person_parts.get(key) {
                Some(set) if set.len() == 1 => set.iter().next().cloned().unwrap_or_default(),
                _ => key.to_string(),
            }
        } else {
            key.to_string()
        };
        if let Some(c) = self.canonical.get(&(kind, key.clone())) {
            return c.clone();
        }
        title_case(&key)
    }
}

/// `cv_2024.pdf`, `opptak.m4a`: a file name.
fn has_file_extension(chunk: &str) -> bool {
    const EXT: &[&str] = &[
        "pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "txt", "rtf", "csv", "pptx", "m4a",
        "wav", "mp3", "mp4", "mov", "jpg", "jpeg", "png", "heic", "zip",
    ];
    chunk
        .rsplit_once('.')
        .is_some_and(|(head, ext)| !head.is_empty() && EXT.contains(&ext.to_lowercase().as_str()))
}

/// `080807`: a plausible ddmmyy date.
fn compact_date(d: &str) -> bool {
    let n = |r: std::ops::Range<usize>| d[r].parse::<u32>().unwrap_or(0);
    (1..=31).contains(&n(0..2)) && (1..=12).contains(&n(2..4))
}

/// `a b c` contains the word sequence `b c`.
fn contains_seq(hay: &str, needle: &str) -> bool {
    let h: Vec<&str> = hay.split(' ').collect();
    let n: Vec<&str> = needle.split(' ').collect();
    n.len() < h.len() && h.windows(n.len()).any(|w| w == n.as_slice())
}

/// Token index one past a match of `parts` starting at `i` (last part may
/// carry a genitive `-s`).
fn match_multi(tokens: &[Token], i: usize, parts: &[String]) -> Option<usize> {
    if i + parts.len() > tokens.len() {
        return None;
    }
    for (k, p) in parts.iter().enumerate() {
        let t = &tokens[i + k];
        if t.skip || k > 0 && !t.space_before {
            return None;
        }
        let last = k + 1 == parts.len();
        let ok =
            t.lower == *p || last && t.noun_after && genitive_stem(&t.lower) == Some(p.as_str());
        if !ok {
            return None;
        }
    }
    // All lowercase or all capitalised: `bjørn haugen`, `Bjørn Haugen`.
    let span = &tokens[i..i + parts.len()];
    let consistent = span.iter().all(|t| t.low) || span.iter().all(|t| t.cap);
    consistent.then_some(i + parts.len())
}

/// `karis` → `kari`, `nordviks` → `nordvik`, `per-arnes` → `per-arne`.
fn genitive_stem(lower: &str) -> Option<&str> {
    let s = lower
        .strip_suffix('s')
        .or_else(|| lower.strip_suffix("'s"))?;
    (s.chars().count() >= 2).then_some(s)
}

/// (the word, its stem without a genitive `-s` when the stem is a known
/// name or place and the word itself is not: `Hans` stays `Hans`).
fn stem_of<'a>(g: &Gazetteer, lower: &'a str, genitive_ok: bool) -> (&'a str, &'a str) {
    // `Karis` is a town in Finland, but before a noun here the genitive
    // of Kari: only Norwegian places keep their final `s`.
    if !genitive_ok || g.is_hand_name(lower) || g.is_norwegian_place(lower) {
        return (lower, lower);
    }
    match genitive_stem(lower) {
        Some(s) if hand_name(g, s) || !g.is_name(lower) && (g.is_name(s) || g.is_place(s)) => {
            (lower, s)
        }
        _ => (lower, lower),
    }
}

/// On tema's own name lists, also each part of a hyphenated name.
fn hand_name(g: &Gazetteer, s: &str) -> bool {
    g.is_hand_name(s) || s.contains('-') && s.split('-').all(|p| g.is_hand_name(p))
}

/// Like [`stem_of`], against the accepted forms of the corpus.
fn stem_of_form<'a>(lower: &'a str, forms: &Forms, genitive_ok: bool) -> (&'a str, &'a str) {
    if !genitive_ok || forms.single.contains_key(lower) || forms.multi.contains_key(lower) {
        return (lower, lower);
    }
    match genitive_stem(lower) {
        Some(s) if forms.single.contains_key(s) || forms.multi.contains_key(s) => (lower, s),
        _ => (lower, lower),
    }
}

/// The token's text cut to the length of `stem` (keeps the original case).
fn stem_text<'a>(t: &Token<'a>, stem: &str) -> &'a str {
    let n = stem.chars().count();
    let b = t
        .text
        .char_indices()
        .nth(n)
        .map_or(t.text.len(), |(b, _)| b);
    &t.text[..b]
}

fn join_lower(run: &[Token]) -> String {
    run.iter()
        .map(|t| t.lower.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn strip_person_genitive(word: &str) -> Option<&str> {
    // Only strip when the word ends in a consonant + s after a vowel-final
    // stem is unlikely to be the name itself: names ending in -s (Hans,
    // Lars, Jens, Mons) are kept by the caller's gazetteer check.
    let s = word.strip_suffix('s')?;
    let last = s.chars().last()?;
    (s.chars().count() >= 2 && !matches!(last, 's' | 'x' | 'z')).then_some(s)
}

/// A person run's spelling with a final genitive `-s` removed
/// (`Anne Maries` → `Anne Marie`, `Geir Olavs` → `Geir Olav`).
fn person_text(run: &[Token]) -> String {
    let mut words: Vec<&str> = run.iter().map(|t| t.text).collect();
    let last = words.len() - 1;
    if words.len() >= 2
        && run[last].noun_after
        && !GENITIVE_KEEP.contains(&run[last].lower.as_str())
        && let Some(s) = strip_person_genitive(words[last])
    {
        words[last] = s;
    }
    words.join(" ")
}

fn person_key(run: &[Token]) -> String {
    person_text(run).to_lowercase()
}

/// A workplace's spelling with a genitive removed (`Kleive skoles`).
fn workplace_text(run: &[Token]) -> String {
    let mut words: Vec<&str> = run.iter().map(|t| t.text).collect();
    let genitive = run.last().is_some_and(|t| t.noun_after);
    if let Some(last) = words.last_mut().filter(|_| genitive)
        && let Some(s) = last.strip_suffix('s')
        && (s.ends_with("skole")
            || s.ends_with("skule")
            || s.ends_with("hage")
            || s.ends_with("hjem"))
    {
        *last = s;
    }
    words.join(" ")
}

fn run_text(run: &[Token]) -> String {
    run.iter().map(|t| t.text).collect::<Vec<_>>().join(" ")
}

/// Names ending in -s that are not genitives.
const GENITIVE_KEEP: &[&str] = &[
    "hans",
    "lars",
    "jens",
    "mons",
    "klaus",
    "nils",
    "andreas",
    "matias",
    "mathias",
    "tobias",
    "elias",
    "jonas",
    "thomas",
    "tomas",
    "markus",
    "marcus",
    "magnus",
    "johannes",
    "julius",
    "iris",
    "agnes",
    "ines",
    "doris",
    "lukas",
    "lucas",
    "kristoffersen",
    "næss",
    "aas",
    "moss",
];

fn title_case(key: &str) -> String {
    key.split(' ')
        .map(|w| {
            w.split('-')
                .map(|p| {
                    let mut c = p.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect::<String>())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An unknown word followed by a number or one capital (`Gruppe 2`,
/// `Fase 3`, `Skole B`) designates a group, a step or a pseudonym in a
/// memo or write-up; it names nobody.
fn designation(tokens: &[Token], i: usize) -> bool {
    tokens.get(i + 1).is_some_and(|n| {
        n.space_before
            && (n.text.bytes().all(|b| b.is_ascii_digit())
                || n.text.chars().count() == 1 && n.text.chars().all(char::is_uppercase))
    })
}

fn cand(tokens: &[Token], a: usize, b: usize, kind: Kind, confidence: f32, key: &str) -> Cand {
    Cand {
        start: tokens[a].start,
        end: tokens[b - 1].end,
        kind,
        confidence,
        key: key.to_string(),
    }
}

fn pattern_cand(text: &str, idx: &CharIndex, h: &Hit) -> Cand {
    let raw = &text[h.start..h.end];
    let key = match h.kind {
        Kind::Phone => {
            let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
            let d = digits
                .strip_prefix("0047")
                .or_else(|| digits.strip_prefix("47").filter(|_| raw.starts_with('+')));
            d.unwrap_or(&digits).to_string()
        }
        Kind::NationalId => raw.chars().filter(char::is_ascii_digit).collect(),
        Kind::Email => raw.to_lowercase(),
        _ => raw.split_whitespace().collect::<Vec<_>>().join(" "),
    };
    Cand {
        start: idx.char(h.start),
        end: idx.char(h.end),
        kind: h.kind,
        confidence: h.confidence,
        key,
    }
}

/// Longest match first, then the most confident; build suggestions.
fn resolve(doc: &Doc, forms: &Forms, out: &mut Vec<Suggestion>) {
    let mut cands: Vec<&Cand> = doc.cands.iter().collect();
    cands.sort_by(|x, y| {
        (y.end - y.start)
            .cmp(&(x.end - x.start))
            .then(y.confidence.total_cmp(&x.confidence))
            .then(x.start.cmp(&y.start))
    });
    let len = doc
        .tokens
        .last()
        .map_or(0, |t| t.end)
        .max(cands.iter().map(|c| c.end).max().unwrap_or(0));
    let mut taken = vec![false; len];
    let mut accepted: Vec<&Cand> = Vec::new();
    for c in cands {
        if c.end <= c.start || taken[c.start..c.end].iter().any(|&x| x) {
            continue;
        }
        taken[c.start..c.end].iter_mut().for_each(|x| *x = true);
        accepted.push(c);
    }
    accepted.sort_by_key(|c| c.start);
    // A name part alone joins the one full name of this document that
    // contains it (`Oksana` is `Oksana Melnyk` here, though another
    // transcript has an `Oksana Kovalenko`).
    let fulls: Vec<&str> = {
        let mut v: Vec<&str> = accepted
            .iter()
            .filter(|c| c.kind == Kind::Person && c.key.contains(' '))
            .map(|c| c.key.as_str())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let idx = CharIndex::new(doc.text);
    for c in accepted {
        let end = apostrophe_genitive_end(&idx, c, &taken);
        let c = &Cand { end, ..c.clone() };
        let text = idx.slice(c.start, c.end).to_string();
        let entity = match c.kind {
            Kind::Person => {
                let key = local_full(&fulls, &c.key).unwrap_or(&c.key);
                forms.entity(c.kind, key)
            }
            Kind::Place | Kind::Workplace => forms.entity(c.kind, &c.key),
            _ => c.key.clone(),
        };
        let ctx_start = c.start.saturating_sub(CONTEXT_CHARS);
        let ctx_end = (c.end + CONTEXT_CHARS).min(idx.len_chars());
        let context = idx
            .slice(ctx_start, ctx_end)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.push(Suggestion {
            doc: doc.id,
            start: c.start,
            end: c.end,
            text,
            kind: c.kind,
            entity,
            confidence: c.confidence,
            context,
        });
    }
}

/// The one full name in `fulls` that contains `key` as a word sequence,
/// longest names only.
fn local_full<'a>(fulls: &[&'a str], key: &str) -> Option<&'a str> {
    let with: Vec<&str> = fulls
        .iter()
        .copied()
        .filter(|f| *f != key && contains_seq(f, key))
        .collect();
    let maximal: Vec<&str> = with
        .iter()
        .copied()
        .filter(|f| !with.iter().any(|o| o != f && contains_seq(o, f)))
        .collect();
    match maximal.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// `Lars'`, `Marius'`: the apostrophe genitive of a name ending in -s
/// belongs to the name.
fn apostrophe_genitive_end(idx: &CharIndex, c: &Cand, taken: &[bool]) -> usize {
    if !matches!(c.kind, Kind::Person | Kind::Place | Kind::Workplace) || c.end >= idx.len_chars() {
        return c.end;
    }
    let around = idx.slice(c.end - 1, (c.end + 2).min(idx.len_chars()));
    let mut it = around.chars();
    let (last, apos, next) = (it.next(), it.next(), it.next());
    let genitive = last.is_some_and(|l| matches!(l, 's' | 'x' | 'z'))
        && matches!(apos, Some('\'' | '’'))
        && !next.is_some_and(char::is_alphanumeric)
        && !taken.get(c.end).copied().unwrap_or(false);
    if genitive { c.end + 1 } else { c.end }
}

/// Chars that end a sentence or open a new utterance: the next word is a
/// sentence start.
fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | ':'
            | ';'
            | '«'
            | '»'
            | '"'
            | '“'
            | '”'
            | '–'
            | '—'
            | '('
            | ')'
            | '['
            | ']'
            | '*'
            | '\n'
            | '…'
    )
}

/// One pass over the text: words (letters and digits, with inner hyphens
/// and apostrophes: `Per-Arne`, `IKT-ansvarlig`) and what lies between.
fn tokenise(text: &str) -> Vec<Token<'_>> {
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 6);
    let mut chars = text.char_indices().peekable();
    let mut ci = 0usize; // char index of the char about to be read
    let mut gap_boundary = true;
    let mut gap_newline = true;
    let mut gap_only_spaces = false;
    let mut gap_first: Option<char> = None;
    let mut gap_second: Option<char> = None;
    while let Some(&(b, c)) = chars.peek() {
        if c.is_alphanumeric() {
            let start_b = b;
            let start_c = ci;
            let mut end_b = b;
            let mut prev_alnum = false;
            while let Some(&(b2, c2)) = chars.peek() {
                if c2.is_alphanumeric() {
                    prev_alnum = true;
                } else if (c2 == '-' || c2 == '\'' || c2 == '’') && prev_alnum {
                    // Inner hyphen/apostrophe only when a letter follows.
                    let next = text[b2 + c2.len_utf8()..].chars().next();
                    if !next.is_some_and(char::is_alphanumeric) {
                        break;
                    }
                    prev_alnum = false;
                } else {
                    break;
                }
                end_b = b2 + c2.len_utf8();
                chars.next();
                ci += 1;
            }
            let word = &text[start_b..end_b];
            if let Some(prev) = tokens.last_mut() {
                prev.comma_after = gap_first == Some(',');
                // `magda’: jeg kommer` (a handle written with an apostrophe).
                prev.colon_after = gap_first == Some(':')
                    || matches!(gap_first, Some('\'' | '’')) && gap_second == Some(':');
            }
            // `O’Neill` and `O'Neill` are one name.
            let lower = word.to_lowercase().replace('’', "'");
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            let all_caps = letters >= 2
                && word
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
            let first_upper = word.chars().next().is_some_and(char::is_uppercase);
            let cap = !all_caps && first_upper && word.split('-').all(name_part_cased);
            let low = word.chars().next().is_some_and(char::is_lowercase);
            tokens.push(Token {
                text: word,
                lower,
                start: start_c,
                end: ci,
                cap,
                all_caps,
                low,
                sent_start: gap_boundary,
                line_start: gap_newline,
                space_before: gap_only_spaces && !tokens.is_empty(),
                comma_after: false,
                colon_after: false,
                skip: false,
                kept: false,
                noun_after: false,
            });
            gap_boundary = false;
            gap_newline = false;
            gap_only_spaces = true;
            gap_first = None;
            gap_second = None;
        } else {
            if gap_first.is_some() && gap_second.is_none() {
                gap_second = Some(c);
            }
            if gap_first.is_none() && c != ' ' && c != '\t' && c != '\u{a0}' {
                gap_first = Some(c);
            }
            if c != ' ' && c != '\u{a0}' {
                gap_only_spaces = false;
            }
            if is_boundary(c) {
                gap_boundary = true;
            }
            if c == '\n' {
                gap_newline = true;
            }
            chars.next();
            ci += 1;
        }
    }
    if let Some(prev) = tokens.last_mut() {
        prev.comma_after = gap_first == Some(',');
        prev.colon_after = gap_first == Some(':');
    }
    for i in 1..tokens.len() {
        let noun = tokens[i].space_before
            && tokens[i].low
            && !NOT_AFTER_GENITIVE.contains(&tokens[i].lower.as_str());
        tokens[i - 1].noun_after = noun;
    }
    tokens
}

/// A name part: a capital first, then lower case, except right after an
/// apostrophe (`O'Connor`, `N’Diaye`, `Ja’far`).
fn name_part_cased(p: &str) -> bool {
    let mut cs = p.chars();
    if !cs.next().is_some_and(char::is_uppercase) {
        return false;
    }
    let mut after_apostrophe = false;
    for c in cs {
        if c.is_uppercase() && !after_apostrophe {
            return false;
        }
        after_apostrophe = c == '\'' || c == '’';
    }
    true
}

/// Verbs and function words that never follow a genitive: a name ending
/// in `s` before them is the name itself (`Per-Arne Løvås var`, not the
/// genitive of `Løvå`).
const NOT_AFTER_GENITIVE: &[&str] = &[
    "er", "var", "har", "hadde", "ble", "blir", "sa", "sier", "kan", "kunne", "skal", "skulle",
    "vil", "ville", "må", "måtte", "og", "eller", "men", "som", "at", "i", "på", "til", "fra",
    "med", "om", "for", "av", "hos", "ved", "også", "jo", "da", "nå", "ikke",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Kind, String)> {
        Detector::new()
            .detect(&[(1, text)])
            .into_iter()
            .map(|s| (s.kind, s.text))
            .collect()
    }

    #[test]
    fn longest_match_first() {
        let d = Detector::new();
        let s = d.detect(&[(
            1,
            "Jeg snakket med Kari Nordvik i går. Kari var glad, og Karis mann også.",
        )]);
        let got: Vec<_> = s
            .iter()
            .map(|s| (s.text.as_str(), s.entity.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Kari Nordvik", "Kari Nordvik"),
                ("Kari", "Kari Nordvik"),
                ("Karis", "Kari Nordvik")
            ]
        );
        // An address beats the place inside it; a workplace beats its place.
        // Street, postcode and town are one address.
        let f = found("Vi bor i Storgata 12, 6002 Ålesund og jobber på Ålesund sjukehus.");
        assert_eq!(
            f,
            vec![
                (Kind::Address, "Storgata 12, 6002 Ålesund".into()),
                (Kind::Workplace, "Ålesund sjukehus".into()),
            ]
        );
    }

    #[test]
    fn char_offsets_with_norwegian_letters() {
        let text = "Blåbær og ørret. Vi møtte Øystein Ås på Smøla.";
        let s = Detector::new().detect(&[(7, text)]);
        for sug in &s {
            assert_eq!(crate::text::slice_chars(text, sug.start, sug.end), sug.text);
            assert_eq!(sug.doc, 7);
        }
        assert!(
            s.iter()
                .any(|x| x.text == "Øystein Ås" && x.kind == Kind::Person)
        );
        assert!(s.iter().any(|x| x.text == "Smøla" && x.kind == Kind::Place));
    }

    #[test]
    fn speaker_labels_and_roles_are_not_names() {
        let text = "Intervjuer: Hei.\nInformant 2: Rektor sa det.\nIP3: Ja.\n[00:12:31] Deltaker A: NAV og PPT, ordføreren.\nKari: Hei.";
        let f = found(text);
        assert_eq!(f, vec![(Kind::Person, "Kari".into())]);
    }

    #[test]
    fn a_name_found_once_is_found_everywhere() {
        let d = Detector::new();
        let s = d.detect(&[
            (1, "Jeg jobber med Trond-Erik Vatne."),
            (2, "Vatnes bil. Vi sa det til trond-erik."),
        ]);
        let got: Vec<_> = s
            .iter()
            .map(|s| (s.doc, s.text.as_str(), s.entity.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "Trond-Erik Vatne", "Trond-Erik Vatne"),
                (2, "Vatnes", "Trond-Erik Vatne"),
                (2, "trond-erik", "Trond-Erik Vatne"),
            ]
        );
    }

    #[test]
    fn names_that_are_words() {
        let f = found("Livet er fint. Sola skinner. Vi så en bjørn. Liv sa hei til Bjørn.");
        assert_eq!(
            f,
            vec![(Kind::Person, "Liv".into()), (Kind::Person, "Bjørn".into())]
        );
    }

    #[test]
    fn ordinary_words_seen_on_real_transcripts() {
        // `Nå` is a postal place, but a verb after it only confirms names;
        // `Sol,` in a list is the sun; `BankID` has inner capitals.
        let f = found("Nå er han i jobb. Sol, grill og fotball. Har du BankID, så går det.");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn final_s_is_genitive_only_before_a_noun() {
        let d = Detector::new();
        let s = d.detect(&[(
            1,
            "Informant 1: Per-Arne Løvås, han var koordinator. Per-Arnes kontor var lite.",
        )]);
        let got: Vec<_> = s
            .iter()
            .map(|s| (s.text.as_str(), s.entity.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Per-Arne Løvås", "Per-Arne Løvås"),
                ("Per-Arnes", "Per-Arne Løvås")
            ]
        );
    }

    #[test]
    fn workplaces_and_apostrophe_genitive() {
        let f =
            found("Han jobber på Helgelandssykehuset og Hauge fritidsklubb. Vi traff Marius' mor.");
        assert_eq!(
            f,
            vec![
                (Kind::Workplace, "Helgelandssykehuset".into()),
                (Kind::Workplace, "Hauge fritidsklubb".into()),
                (Kind::Person, "Marius'".into()),
            ]
        );
    }
}
