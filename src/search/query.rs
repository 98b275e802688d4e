//! The query language: a small hand-written lexer and recursive-descent
//! parser into an AST, then the AST into tantivy queries (and into the
//! matchers the highlighter uses). Every malformed input is a friendly
//! `SearchError::Query`, never a panic.

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use super::{Analyzers, Fields, SearchError, UnitKind, norm_raw};

const MAX_FUZZY: u8 = 2;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Word {
        text: String,
        prefix: bool,
        fuzzy: Option<u8>,
    },
    Phrase {
        text: String,
        slop: u32,
    },
    Filter {
        key: String,
        value: String,
        prefix: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    Word(String),
    Phrase(String, u32),
    Field(String, String),
}

fn err<T>(msg: impl Into<String>) -> Result<T, SearchError> {
    Err(SearchError::Query(msg.into()))
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '«' => Some('»'),
        '“' => Some('”'),
        _ => None,
    }
}

fn is_boundary(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')' || closing_quote(c).is_some()
}

/// Reads a quoted string starting at `chars[i]` (the opening quote).
fn read_quoted(chars: &[char], i: usize) -> Result<(String, usize), SearchError> {
    let close = closing_quote(chars[i]).expect("called on a quote");
    let mut j = i + 1;
    let mut s = String::new();
    while j < chars.len() {
        let c = chars[j];
        if c == close || (close == '”' && c == '"') {
            return Ok((s, j + 1));
        }
        s.push(c);
        j += 1;
    }
    err(format!(
        "unbalanced quote: the {} has no closing {close}",
        chars[i]
    ))
}

/// Reads an optional `~N` right after a phrase.
fn read_slop(chars: &[char], mut i: usize) -> Result<(u32, usize), SearchError> {
    if chars.get(i) != Some(&'~') {
        return Ok((0, i));
    }
    i += 1;
    let mut n = String::new();
    while let Some(c) = chars.get(i).filter(|c| c.is_ascii_digit()) {
        n.push(*c);
        i += 1;
    }
    if n.is_empty() {
        return err("a phrase's ~ needs a number: \"på tvers\"~2");
    }
    match n.parse::<u32>() {
        Ok(v) if v <= 50 => Ok((v, i)),
        _ => err("the distance after a phrase's ~ can be at most 50"),
    }
}

fn valid_key(k: &str) -> bool {
    let mut cs = k.chars();
    cs.next().is_some_and(char::is_alphabetic)
        && cs.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

fn lex(s: &str) -> Result<Vec<Tok>, SearchError> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            out.push(Tok::LParen);
            i += 1;
        } else if c == ')' {
            out.push(Tok::RParen);
            i += 1;
        } else if closing_quote(c).is_some() {
            let (text, j) = read_quoted(&chars, i)?;
            let (slop, j) = read_slop(&chars, j)?;
            out.push(Tok::Phrase(text, slop));
            i = j;
        } else if (c == '-' || c == '+') && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) {
            if c == '-' {
                out.push(Tok::Not);
            }
            i += 1;
        } else if c == '»' || c == '”' {
            return err(format!("unbalanced quote: the {c} has no opening quote"));
        } else {
            let st = i;
            while i < chars.len() && !is_boundary(chars[i]) {
                i += 1;
            }
            let word: String = chars[st..i].iter().collect();
            match word.as_str() {
                "AND" | "&&" => out.push(Tok::And),
                "OR" | "||" => out.push(Tok::Or),
                "NOT" => out.push(Tok::Not),
                _ => {
                    if let Some((k, v)) = word.split_once(':')
                        && valid_key(k)
                    {
                        if !v.is_empty() {
                            out.push(Tok::Field(k.to_lowercase(), v.to_string()));
                        } else if i < chars.len() && closing_quote(chars[i]).is_some() {
                            let (text, j) = read_quoted(&chars, i)?;
                            out.push(Tok::Field(k.to_lowercase(), text));
                            i = j;
                        } else {
                            return err(format!("'{k}:' needs a value, e.g. {k}:\"…\""));
                        }
                    } else {
                        out.push(Tok::Word(word));
                    }
                }
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn or(&mut self) -> Result<Node, SearchError> {
        let mut items = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            if matches!(self.peek(), None | Some(Tok::RParen | Tok::Or | Tok::And)) {
                return err("'OR' needs a search term on both sides");
            }
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Node::Or(items)
        })
    }

    fn and(&mut self) -> Result<Node, SearchError> {
        let mut items = Vec::new();
        loop {
            match self.peek() {
                None | Some(Tok::RParen | Tok::Or) => break,
                Some(Tok::And) => {
                    if items.is_empty() {
                        return err("'AND' needs a search term on both sides");
                    }
                    self.pos += 1;
                    if matches!(self.peek(), None | Some(Tok::RParen | Tok::Or | Tok::And)) {
                        return err("'AND' needs a search term on both sides");
                    }
                }
                Some(_) => items.push(self.unary()?),
            }
        }
        match items.len() {
            0 => match self.peek() {
                Some(Tok::Or) => err("'OR' needs a search term on both sides"),
                Some(Tok::RParen) if self.pos == 0 || self.toks[self.pos - 1] != Tok::LParen => {
                    err("unbalanced parenthesis: a ')' has no matching '('")
                }
                Some(Tok::RParen) => err("empty parentheses: put search terms between ( and )"),
                _ => err("the query is empty"),
            },
            1 => Ok(items.pop().expect("one item")),
            _ => Ok(Node::And(items)),
        }
    }

    fn unary(&mut self) -> Result<Node, SearchError> {
        match self.next() {
            Some(Tok::Not) => {
                if matches!(self.peek(), None | Some(Tok::RParen | Tok::Or | Tok::And)) {
                    return err("'NOT' must be followed by a search term");
                }
                Ok(Node::Not(Box::new(self.unary()?)))
            }
            Some(Tok::LParen) => {
                let inner = self.or()?;
                match self.next() {
                    Some(Tok::RParen) => Ok(inner),
                    _ => err("unbalanced parenthesis: a '(' has no matching ')'"),
                }
            }
            Some(Tok::Phrase(text, slop)) => Ok(Node::Phrase { text, slop }),
            Some(Tok::Field(key, value)) => {
                let (value, prefix) = match value.strip_suffix('*') {
                    Some(v) => (v.to_string(), true),
                    None => (value, false),
                };
                if value.trim().is_empty() {
                    return err(format!("'{key}:' needs a value, e.g. {key}:\"…\""));
                }
                Ok(Node::Filter { key, value, prefix })
            }
            Some(Tok::Word(w)) => word_node(&w),
            Some(Tok::RParen) => err("unbalanced parenthesis: a ')' has no matching '('"),
            Some(Tok::And | Tok::Or) | None => err("a search term is missing"),
        }
    }
}

fn word_node(w: &str) -> Result<Node, SearchError> {
    if let Some((base, d)) = w.rsplit_once('~')
        && !base.is_empty()
    {
        let fuzzy = if d.is_empty() {
            1
        } else {
            match d.parse::<u8>() {
                Ok(n) if n <= MAX_FUZZY => n,
                Ok(_) => {
                    return err(format!(
                        "fuzzy distance can be at most {MAX_FUZZY}: {base}~2"
                    ));
                }
                Err(_) => return err(format!("after '~' comes a number (0–2): {base}~1")),
            }
        };
        if base.contains('*') {
            return err("a word cannot be both fuzzy (~) and a prefix (*)");
        }
        return Ok(Node::Word {
            text: base.to_string(),
            prefix: false,
            fuzzy: Some(fuzzy),
        });
    }
    let (text, prefix) = match w.strip_suffix('*') {
        Some(b) => (b, true),
        None => (w, false),
    };
    if text.contains('*') {
        return err("'*' works only at the end of a word: tverrfag*");
    }
    if prefix && !text.chars().any(char::is_alphanumeric) {
        return err("'*' needs some letters before it: tverrfag*");
    }
    Ok(Node::Word {
        text: text.to_string(),
        prefix,
        fuzzy: None,
    })
}

/// Parses a query; `None` for a blank query.
pub(crate) fn parse(s: &str) -> Result<Option<Node>, SearchError> {
    let toks = lex(s)?;
    if toks.is_empty() {
        return Ok(None);
    }
    let mut p = Parser { toks, pos: 0 };
    let node = p.or()?;
    if p.pos < p.toks.len() {
        return err("unbalanced parenthesis: a ')' has no matching '('");
    }
    Ok(Some(node))
}

/// Which text field (and analysis) free-text terms go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Stem,
    Exact,
    Loose,
}

pub(crate) fn analyze(an: &mut TextAnalyzer, s: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut ts = an.token_stream(s);
    while ts.advance() {
        let t = ts.token();
        out.push((t.position, t.text.clone()));
    }
    out
}

fn analyzer(an: &mut Analyzers, mode: Mode) -> &mut TextAnalyzer {
    match mode {
        Mode::Stem => &mut an.stem,
        Mode::Exact => &mut an.exact,
        Mode::Loose => &mut an.loose,
    }
}

pub(crate) struct Builder<'a> {
    pub f: &'a Fields,
    pub an: &'a mut Analyzers,
    pub mode: Mode,
    /// Set when the query has scoring (free-text) parts.
    pub scored: bool,
}

type Q = Box<dyn Query>;

fn const0(q: Q) -> Q {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

fn should(qs: Vec<Q>) -> Q {
    if qs.len() == 1 {
        return qs.into_iter().next().expect("one");
    }
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn regex_prefix(field: Field, prefix: &str) -> Result<Q, SearchError> {
    let pat = format!("{}.*", regex::escape(prefix));
    RegexQuery::from_pattern(&pat, field)
        .map(|q| Box::new(q) as Q)
        .map_err(|e| SearchError::Query(format!("bad prefix '{prefix}*': {e}")))
}

impl Builder<'_> {
    fn field(&self, mode: Mode) -> Field {
        match mode {
            Mode::Stem => self.f.text,
            Mode::Exact => self.f.text_exact,
            Mode::Loose => self.f.text_loose,
        }
    }

    /// Terms (with positions) → term or phrase query on `field`.
    fn terms_query(&self, field: Field, toks: Vec<(usize, String)>, slop: u32) -> Option<Q> {
        match toks.len() {
            0 => None,
            1 => Some(Box::new(TermQuery::new(
                Term::from_field_text(field, &toks[0].1),
                IndexRecordOption::WithFreqs,
            ))),
            _ => {
                let p0 = toks[0].0;
                let terms = toks
                    .into_iter()
                    .map(|(p, t)| (p - p0, Term::from_field_text(field, &t)))
                    .collect();
                Some(Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)))
            }
        }
    }

    pub fn build(&mut self, n: &Node) -> Result<Option<Q>, SearchError> {
        Ok(match n {
            Node::And(items) => self.all_of(items)?,
            Node::Or(items) => {
                let mut qs = Vec::new();
                for it in items {
                    qs.extend(self.build(it)?);
                }
                (!qs.is_empty()).then(|| should(qs))
            }
            Node::Not(inner) => self.build(inner)?.map(|q| {
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, const0(Box::new(AllQuery))),
                    (Occur::MustNot, q),
                ])) as Q
            }),
            Node::Phrase { text, slop } => self.words(text, *slop),
            Node::Word {
                text,
                prefix: false,
                fuzzy: None,
            } => self.words(text, 0),
            Node::Word {
                text, prefix: true, ..
            } => self.prefix(text)?,
            Node::Word {
                text,
                prefix: false,
                fuzzy: Some(d),
            } => self.fuzzy(text, *d),
            Node::Filter { key, value, prefix } => Some(const0(self.filter(key, value, *prefix)?)),
        })
    }

    /// Every item must match, except those under NOT, which must not; a
    /// query of NOTs alone matches everything else.
    fn all_of(&mut self, items: &[Node]) -> Result<Option<Q>, SearchError> {
        let mut clauses: Vec<(Occur, Q)> = Vec::new();
        for it in items {
            let (occur, node) = match it {
                Node::Not(inner) => (Occur::MustNot, inner.as_ref()),
                _ => (Occur::Must, it),
            };
            if let Some(q) = self.build(node)? {
                clauses.push((occur, q));
            }
        }
        if clauses.is_empty() {
            return Ok(None);
        }
        if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
            clauses.push((Occur::Must, const0(Box::new(AllQuery))));
        }
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    /// Words or a phrase in the current mode (stemmed, exact or loose).
    fn words(&mut self, text: &str, slop: u32) -> Option<Q> {
        let toks = analyze(analyzer(self.an, self.mode), text);
        let q = self.terms_query(self.field(self.mode), toks, slop);
        self.scored |= q.is_some();
        q
    }

    /// `word*`: a prefix of the exact (and, loose, the folded) word; several
    /// words are a phrase whose last word is a prefix.
    fn prefix(&mut self, text: &str) -> Result<Option<Q>, SearchError> {
        let toks = analyze(&mut self.an.exact, text);
        let q: Option<Q> = match toks.len() {
            0 => None,
            1 => {
                let mut qs = vec![regex_prefix(self.f.text_exact, &toks[0].1)?];
                if self.mode == Mode::Loose {
                    let folded = analyze(&mut self.an.loose, text);
                    if let Some((_, t)) = folded.first() {
                        qs.push(regex_prefix(self.f.text_loose, t)?);
                    }
                }
                Some(should(qs))
            }
            _ => {
                let p0 = toks[0].0;
                let terms = toks
                    .into_iter()
                    .map(|(p, t)| (p - p0, Term::from_field_text(self.f.text_exact, &t)))
                    .collect();
                Some(Box::new(PhrasePrefixQuery::new_with_offset(terms)))
            }
        };
        self.scored |= q.is_some();
        Ok(q)
    }

    /// `word~d`: the exact word within edit distance `d`, and the word in
    /// the current mode too.
    fn fuzzy(&mut self, text: &str, d: u8) -> Option<Q> {
        let exact = analyze(&mut self.an.exact, text);
        if exact.len() != 1 {
            // Several words ("e-post~1"): fall back to the plain phrase.
            return self.words(text, 0);
        }
        let fuzzy = |field: Field, t: &str| -> Q {
            Box::new(FuzzyTermQuery::new(
                Term::from_field_text(field, t),
                d,
                true,
            ))
        };
        let mut qs = vec![fuzzy(self.f.text_exact, &exact[0].1)];
        if self.mode != Mode::Exact {
            let other = analyze(analyzer(self.an, self.mode), text);
            if let Some((_, t)) = other.first() {
                qs.push(fuzzy(self.field(self.mode), t));
            }
        }
        self.scored = true;
        Some(should(qs))
    }

    fn filter(&mut self, key: &str, value: &str, prefix: bool) -> Result<Q, SearchError> {
        let f = self.f;
        let raw = |field: Field, v: &str| -> Result<Q, SearchError> {
            let v = norm_raw(v);
            if prefix {
                regex_prefix(field, &v)
            } else {
                Ok(Box::new(TermQuery::new(
                    Term::from_field_text(field, &v),
                    IndexRecordOption::Basic,
                )))
            }
        };
        match key {
            "code" | "kode" => raw(f.code, value),
            "participant" | "deltaker" => raw(f.participant, value),
            "theme" | "tema" => raw(f.theme, value),
            "speaker" | "taler" => raw(f.speaker, value),
            "kind" | "type" => {
                let Some(k) = UnitKind::parse(value) else {
                    let all: Vec<&str> = UnitKind::ALL.iter().map(|k| k.as_str()).collect();
                    return err(format!(
                        "unknown kind '{value}': use one of {}",
                        all.join(", ")
                    ));
                };
                raw(f.kind, k.as_str())
            }
            "doc" | "dokument" => match value.trim().parse::<i64>() {
                Ok(id) if !prefix => Ok(Box::new(TermQuery::new(
                    Term::from_field_i64(f.doc_id, id),
                    IndexRecordOption::Basic,
                ))),
                _ => raw(f.doc_name, value),
            },
            _ => {
                let v = format!("{}={}", norm_raw(key), norm_raw(value));
                if prefix {
                    regex_prefix(f.attr, &v)
                } else {
                    Ok(Box::new(TermQuery::new(
                        Term::from_field_text(f.attr, &v),
                        IndexRecordOption::Basic,
                    )))
                }
            }
        }
    }
}

/// One token test for highlighting.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Pred {
    Stem(String),
    Exact(String),
    Loose(String),
    Prefix {
        exact: String,
        loose: Option<String>,
    },
    Fuzzy {
        exact: String,
        stem: Option<String>,
        loose: Option<String>,
        d: u8,
    },
}

/// A sequence of token tests that must match consecutive tokens.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Matcher {
    pub seq: Vec<Pred>,
}

/// Collects highlight matchers from the positive parts of the query.
pub(crate) fn collect_matchers(
    n: &Node,
    negated: bool,
    mode: Mode,
    an: &mut Analyzers,
    out: &mut Vec<Matcher>,
) {
    let mode_pred = |t: String| match mode {
        Mode::Stem => Pred::Stem(t),
        Mode::Exact => Pred::Exact(t),
        Mode::Loose => Pred::Loose(t),
    };
    match n {
        Node::And(items) | Node::Or(items) => {
            for it in items {
                collect_matchers(it, negated, mode, an, out);
            }
        }
        Node::Not(inner) => collect_matchers(inner, !negated, mode, an, out),
        _ if negated => {}
        Node::Filter { .. } => {}
        Node::Phrase { text, slop } => {
            let toks = analyze(analyzer(an, mode), text);
            if *slop > 0 {
                out.extend(toks.into_iter().map(|(_, t)| Matcher {
                    seq: vec![mode_pred(t)],
                }));
            } else if !toks.is_empty() {
                out.push(Matcher {
                    seq: toks.into_iter().map(|(_, t)| mode_pred(t)).collect(),
                });
            }
        }
        Node::Word {
            text,
            prefix,
            fuzzy,
        } => {
            let exact = analyze(&mut an.exact, text);
            if *prefix {
                if exact.len() == 1 {
                    let loose = (mode == Mode::Loose)
                        .then(|| analyze(&mut an.loose, text).pop().map(|(_, t)| t))
                        .flatten();
                    out.push(Matcher {
                        seq: vec![Pred::Prefix {
                            exact: exact[0].1.clone(),
                            loose,
                        }],
                    });
                } else if !exact.is_empty() {
                    let n = exact.len();
                    out.push(Matcher {
                        seq: exact
                            .into_iter()
                            .enumerate()
                            .map(|(i, (_, t))| {
                                if i + 1 == n {
                                    Pred::Prefix {
                                        exact: t,
                                        loose: None,
                                    }
                                } else {
                                    Pred::Exact(t)
                                }
                            })
                            .collect(),
                    });
                }
            } else if let (Some(d), 1) = (fuzzy, exact.len()) {
                let stem = (mode == Mode::Stem)
                    .then(|| analyze(&mut an.stem, text).pop().map(|(_, t)| t))
                    .flatten();
                let loose = (mode == Mode::Loose)
                    .then(|| analyze(&mut an.loose, text).pop().map(|(_, t)| t))
                    .flatten();
                out.push(Matcher {
                    seq: vec![Pred::Fuzzy {
                        exact: exact[0].1.clone(),
                        stem,
                        loose,
                        d: *d,
                    }],
                });
            } else {
                let toks = analyze(analyzer(an, mode), text);
                if !toks.is_empty() {
                    out.push(Matcher {
                        seq: toks.into_iter().map(|(_, t)| mode_pred(t)).collect(),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Node {
        Node::Word {
            text: s.into(),
            prefix: false,
            fuzzy: None,
        }
    }

    fn msg(q: &str) -> String {
        match parse(q) {
            Err(SearchError::Query(m)) => m,
            other => panic!("expected a query error for {q:?}, got {other:?}"),
        }
    }

    #[test]
    fn parses_default_and_or_not_and_groups() {
        assert_eq!(parse("a b").unwrap(), Some(Node::And(vec![w("a"), w("b")])));
        assert_eq!(
            parse("a OR b c").unwrap(),
            Some(Node::Or(vec![w("a"), Node::And(vec![w("b"), w("c")])]))
        );
        assert_eq!(
            parse("(a OR b) AND NOT c").unwrap(),
            Some(Node::And(vec![
                Node::Or(vec![w("a"), w("b")]),
                Node::Not(Box::new(w("c")))
            ]))
        );
        assert_eq!(parse("-c").unwrap(), Some(Node::Not(Box::new(w("c")))));
        assert_eq!(parse("   ").unwrap(), None);
    }

    #[test]
    fn parses_phrases_prefix_fuzzy_and_fields() {
        assert_eq!(
            parse("«på tvers»~2").unwrap(),
            Some(Node::Phrase {
                text: "på tvers".into(),
                slop: 2
            })
        );
        assert_eq!(
            parse("tverrfag*").unwrap(),
            Some(Node::Word {
                text: "tverrfag".into(),
                prefix: true,
                fuzzy: None
            })
        );
        assert_eq!(
            parse("samarbeid~1").unwrap(),
            Some(Node::Word {
                text: "samarbeid".into(),
                prefix: false,
                fuzzy: Some(1)
            })
        );
        assert_eq!(
            parse("Code:\"Tillit og tro\" sector:skole").unwrap(),
            Some(Node::And(vec![
                Node::Filter {
                    key: "code".into(),
                    value: "Tillit og tro".into(),
                    prefix: false
                },
                Node::Filter {
                    key: "sector".into(),
                    value: "skole".into(),
                    prefix: false
                },
            ]))
        );
        // A clock time is not a field filter.
        assert_eq!(parse("00:12:31").unwrap(), Some(w("00:12:31")));
    }

    #[test]
    fn malformed_queries_get_friendly_messages() {
        assert!(msg("\"på tvers").contains("unbalanced quote"));
        assert!(msg("«på tvers").contains("unbalanced quote"));
        assert!(msg("(a OR b").contains("unbalanced parenthesis"));
        assert!(msg("a OR b)").contains("unbalanced parenthesis"));
        assert!(msg(")").contains("unbalanced parenthesis"));
        assert!(msg("()").contains("empty parentheses"));
        assert!(msg("a AND").contains("AND"));
        assert!(msg("AND a").contains("AND"));
        assert!(msg("OR").contains("OR"));
        assert!(msg("a OR").contains("OR"));
        assert!(msg("NOT").contains("NOT"));
        assert!(msg("code:").contains("needs a value"));
        assert!(msg("samarbeid~7").contains("at most 2"));
        assert!(msg("sam*beid").contains("end of a word"));
        assert!(msg("*").contains("letters"));
        assert!(msg("\"a\"~").contains("number"));
    }
}
