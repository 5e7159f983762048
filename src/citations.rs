//! Citations of Swedish law in running text: the grammar, as pure functions.
//!
//! The parse stage cannot know the register of laws (every page parses on
//! its own), so [`scan`] finds everything that could be a citation: SFS
//! numbers written as citations (`(2001:453)`, `SFS 2001:453`,
//! `lag (2001:453)`), words that are law names by their form
//! (`socialtjänstlagen`, `offentlighets- och sekretesslagens`,
//! `föräldrabalken`) and abbreviations (`LVU`, `SoL:s`), each with the
//! chapter and section written before it (`14 kap. 1 §`). `resolve` keeps
//! those the register knows, comparing names by [`fold`].

/// One possible citation in a piece of text. Offsets are byte offsets in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Found {
    /// Where the citation starts (its chapter and section, if written).
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// The SFS number, when one is written (`2001:453`).
    pub sfs: Option<String>,
    /// The names it could be, longest first: each trailing part of the
    /// phrase as [`fold`] gives it, with its offset from `start`.
    pub names: Vec<(usize, String)>,
    /// The chapter written before it (`14` of `14 kap.`).
    pub chapter: Option<String>,
    /// The section written before it (`1` or `1 a` of `1 a §`).
    pub section: Option<String>,
}

impl Found {
    /// The place cited, as Swedish writes it (`14 kap. 1 §`), if written.
    pub fn place(&self) -> Option<String> {
        place(self.chapter.as_deref(), self.section.as_deref())
    }
}

/// A chapter and section as Swedish writes them.
pub fn place(chapter: Option<&str>, section: Option<&str>) -> Option<String> {
    match (chapter, section) {
        (Some(c), Some(s)) => Some(format!("{c} kap. {s} §")),
        (Some(c), None) => Some(format!("{c} kap.")),
        (None, Some(s)) => Some(format!("{s} §")),
        (None, None) => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Word,
    Digits,
    /// `2001:453`.
    Sfs,
    Punct(char),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

/// Endings that make a word a law's name.
const NAME_ENDINGS: &[&str] = &[
    "lag", "lagen", "lagens", "lags", "balk", "balken", "balkens",
];

/// Every possible citation in `text`, in order, none overlapping.
///
/// Most text holds none, so the words are not all read: [`next_candidate`]
/// finds the bytes a citation must hold, and only the text around each is
/// read as tokens ([`scan_window`]). The result is what reading every token
/// gives ([`scan_every_token`], which the tests hold it to).
pub fn scan(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    // Every token starting before `decided` has been looked at.
    let mut decided = 0;
    while let Some(pos) = next_candidate(text.as_bytes(), decided) {
        match scan_window(text, pos, decided, &mut toks, &mut out) {
            Some(next) => decided = next,
            // No white space to start a window at: every token is read.
            None => return scan_every_token(text),
        }
    }
    out
}

/// What [`scan`] finds, reading every token of `text`.
fn scan_every_token(text: &str) -> Vec<Found> {
    let toks = tokens(text);
    let mut out = Vec::new();
    let all = Window {
        from_start: true,
        to_end: true,
    };
    let decided = evaluate(text, &toks, all, 0, &mut out);
    debug_assert_eq!(decided, Some(text.len()));
    out
}

/// Bytes read before a candidate, to find the tokens a citation's chapter,
/// section and coordinated names are in. More is read when they go on.
const BACK: usize = 64;
/// Bytes read after a candidate, so one window takes the candidates near it.
const AHEAD: usize = 64;
/// How far back a window's start is looked for: text without white space
/// for longer is read whole instead, which takes time in its length, not
/// in its length times its candidates.
const RESYNC: usize = 1024;

/// Reads the tokens around candidate byte `pos` and what those from
/// `decided` on make; returns where the first token it could not decide
/// starts (after `pos`), or None when no window start is near. A window
/// starts after an ASCII white space, where reading from the start of the
/// text is between tokens too: white space is never in a token.
fn scan_window(
    text: &str,
    pos: usize,
    decided: usize,
    toks: &mut Vec<Token>,
    out: &mut Vec<Found>,
) -> Option<usize> {
    let b = text.as_bytes();
    let mut back = BACK;
    let mut tried = None;
    loop {
        let at = pos.saturating_sub(back);
        let near = at.saturating_sub(RESYNC);
        let space = b[near..at]
            .iter()
            .rposition(|&c| c.is_ascii() && char::from(c).is_whitespace());
        let start = match space {
            Some(k) => near + k + 1,
            None if near == 0 => 0,
            None => return None,
        };
        if tried.replace(start) == Some(start) {
            // The same window as the last try: look further back.
            back *= 4;
            continue;
        }
        toks.clear();
        let mut i = start;
        let mut after = 0;
        let to_end = loop {
            let Some(t) = next_token(text, &mut i) else {
                break true;
            };
            toks.push(t);
            after += usize::from(t.start > pos);
            if after >= 4 && t.start > pos + AHEAD {
                break false;
            }
        };
        let window = Window {
            from_start: start == 0,
            to_end,
        };
        match evaluate(text, toks, window, decided, out) {
            Some(next) => return Some(next),
            None => back *= 4,
        }
    }
}

/// Whether a window of tokens starts at the start of the text and ends at
/// its end: else its first and last three tokens lack what is around them.
#[derive(Clone, Copy)]
struct Window {
    from_start: bool,
    to_end: bool,
}

/// Adds to `out` what the tokens of `window` from byte `decided` on make,
/// each with what it reads of the tokens around it in the window; returns
/// where the first token left undecided starts (the end of the text when
/// none is), or None when a citation reaches back out of the window.
fn evaluate(
    text: &str,
    toks: &[Token],
    window: Window,
    decided: usize,
    out: &mut Vec<Found>,
) -> Option<usize> {
    // `before_number` reads three tokens ahead, `number_citation` one.
    let stop = if window.to_end {
        toks.len()
    } else {
        toks.len().saturating_sub(3)
    };
    // The farthest back a citation reads is three tokens before its start
    // (`place_before`), and an SFS number reads two before itself.
    let reaches_out = |i: usize| !window.from_start && i < 3;
    let first = toks.partition_point(|t| t.start < decided);
    let len = out.len();
    for i in first..stop {
        let t = toks[i];
        let acts = match t.tok {
            Tok::Sfs => true,
            Tok::Word => is_name_word(&text[t.start..t.end]),
            _ => false,
        };
        if !acts {
            continue;
        }
        if reaches_out(i) {
            out.truncate(len);
            return None;
        }
        let found = match t.tok {
            Tok::Sfs => number_citation(text, toks, i),
            _ => (!before_number(toks, i)).then(|| name_citation(text, toks, i, t.end)),
        };
        if let Some(f) = found {
            if reaches_out(toks.partition_point(|t| t.start < f.start)) {
                out.truncate(len);
                return None;
            }
            if out.last().is_none_or(|l| l.end <= f.start) {
                out.push(f);
            }
        }
    }
    Some(toks.get(stop).map_or(text.len(), |t| t.start))
}

/// The first byte at or after `from` that may be in a token [`scan`] acts
/// on ([`marks`]).
fn next_candidate(b: &[u8], from: usize) -> Option<usize> {
    crate::privacy::first_in_context(b, from, |[p2, p1, c, n]| marks(p2, p1, c, n))
}

/// Whether the byte `c`, after `p2` and `p1` and before `n`, may be in a
/// token [`scan`] acts on: a colon (of an SFS number); the `ag` of `lag`
/// or the `lk` of `balk`, in any case, after an `l` or an `a` (every
/// name's ending holds one of them, and no character beyond ASCII lowers
/// to `l`, `a`, `g` or `b`; the Kelvin sign lowers to `k`); or a capital
/// after a letter: an abbreviation has a second one. A character beyond
/// U+00FF after a letter counts as a capital (the Kelvin sign too), and a
/// capital of U+00C0 to U+00DE is seen at its second byte.
fn marks(p2: u8, p1: u8, c: u8, n: u8) -> bool {
    let letter = |x: u8| x.is_ascii_alphabetic() || x >= 0x80;
    let (lo_p1, lo_c, lo_n) = (p1 | 0x20, c | 0x20, n | 0x20);
    let name = (lo_p1 == b'l' && lo_c == b'a' && lo_n == b'g')
        || (lo_p1 == b'a' && lo_c == b'l' && lo_n == b'k');
    let capital = letter(p1)
        && (c.is_ascii_uppercase()
            || c >= 0xC4
            || (p1 == 0xC3 && (0x80..=0x9E).contains(&c) && letter(p2)));
    c == b':' || name || capital
}

/// Whether `(`, an SFS number and `)` follow token `i`: the number then
/// carries the citation.
fn before_number(toks: &[Token], i: usize) -> bool {
    matches!(
        (toks.get(i + 1), toks.get(i + 2), toks.get(i + 3)),
        (Some(a), Some(b), Some(c))
            if a.tok == Tok::Punct('(') && b.tok == Tok::Sfs && c.tok == Tok::Punct(')')
    )
}

/// The citation an SFS number at token `i` makes, if it is written as one.
fn number_citation(text: &str, toks: &[Token], i: usize) -> Option<Found> {
    let t = toks[i];
    let sfs = text[t.start..t.end].to_string();
    let prev = i.checked_sub(1).map(|p| toks[p]);
    let next = toks.get(i + 1);
    let in_parens = prev.is_some_and(|p| p.tok == Tok::Punct('('))
        && next.is_some_and(|n| n.tok == Tok::Punct(')'));
    if in_parens {
        let close = toks[i + 1].end;
        let name = i.checked_sub(2).filter(|&w| {
            toks[w].tok == Tok::Word && is_law_word(&text[toks[w].start..toks[w].end])
        });
        return Some(match name {
            Some(w) => Found {
                sfs: Some(sfs),
                ..name_citation(text, toks, w, close)
            },
            None => Found {
                start: t.start,
                end: t.end,
                sfs: Some(sfs),
                names: Vec::new(),
                chapter: None,
                section: None,
            },
        });
    }
    let p = prev?;
    (p.tok == Tok::Word && &text[p.start..p.end] == "SFS").then(|| Found {
        start: p.start,
        end: t.end,
        sfs: Some(sfs),
        names: Vec::new(),
        chapter: None,
        section: None,
    })
}

/// The citation a name ending at token `w` makes, up to `end`: the phrase
/// (`offentlighets- och sekretesslagen`) with the chapter and section
/// written before it.
fn name_citation(text: &str, toks: &[Token], w: usize, end: usize) -> Found {
    let word_end = toks[w].end;
    let mut first = w;
    // `hälso-, sjukvårds- och tandvårdslagen`: words ending in `-` joined
    // by `och`, `eller` and commas belong to the name.
    let is_part =
        |k: usize| toks[k].tok == Tok::Word && text[toks[k].start..toks[k].end].ends_with('-');
    if first >= 2
        && matches!(
            &text[toks[first - 1].start..toks[first - 1].end],
            "och" | "eller"
        )
        && toks[first - 1].tok == Tok::Word
        && is_part(first - 2)
    {
        first -= 2;
        while first >= 2 && toks[first - 1].tok == Tok::Punct(',') && is_part(first - 2) {
            first -= 2;
        }
    }
    let (start, chapter, section) = place_before(text, toks, first);
    // The whole phrase with its place, and its last word alone.
    let mut names = vec![(0, fold(&text[toks[first].start..word_end]))];
    if first != w {
        names.push((toks[w].start - start, fold(&text[toks[w].start..word_end])));
    }
    Found {
        start,
        end,
        sfs: None,
        names,
        chapter,
        section,
    }
}

/// The `N kap. M §` written right before token `first`: where it starts,
/// the chapter and the section.
fn place_before(
    text: &str,
    toks: &[Token],
    first: usize,
) -> (usize, Option<String>, Option<String>) {
    let s = |k: usize| &text[toks[k].start..toks[k].end];
    let mut k = first;
    let mut start = toks[first].start;
    let mut section = None;
    if k >= 2 && toks[k - 1].tok == Tok::Punct('§') {
        let mut n = k - 2;
        let letter = toks[n].tok == Tok::Word
            && s(n).len() == 1
            && s(n).chars().all(|c| c.is_ascii_lowercase());
        if letter && n >= 1 && toks[n - 1].tok == Tok::Digits {
            section = Some(format!("{} {}", s(n - 1), s(n)));
            n -= 1;
        } else if toks[n].tok == Tok::Digits {
            section = Some(s(n).to_string());
        }
        if section.is_some() {
            k = n;
            start = toks[n].start;
        }
    }
    let mut chapter = None;
    if k >= 3
        && toks[k - 1].tok == Tok::Punct('.')
        && toks[k - 2].tok == Tok::Word
        && s(k - 2) == "kap"
        && toks[k - 3].tok == Tok::Digits
    {
        chapter = Some(s(k - 3).to_string());
        start = toks[k - 3].start;
    }
    (start, chapter, section)
}

/// Whether a word is a law's name by its form, or an abbreviation.
fn is_name_word(word: &str) -> bool {
    let bare = |w: &str| {
        if w.is_ascii() {
            NAME_ENDINGS.iter().any(|e| w.eq_ignore_ascii_case(e))
        } else {
            NAME_ENDINGS.contains(&w.to_lowercase().as_str())
        }
    };
    // A law word is one with a name's ending or an abbreviation, so this
    // is `(is_law_word && !bare) || is_abbreviation`.
    (has_name_ending(word) && !bare(word.trim_end_matches(":s"))) || is_abbreviation(word)
}

/// Whether a word ends as a law's name does (`lag`, `lagen`, `balkens`,
/// `lag` itself too) or is an abbreviation.
fn is_law_word(word: &str) -> bool {
    has_name_ending(word) || is_abbreviation(word)
}

/// Whether `word` in lower case ends with one of [`NAME_ENDINGS`].
fn has_name_ending(word: &str) -> bool {
    // Every ending ends in ag, en, ns, gs or lk: a word whose last two
    // bytes are ASCII and none of these (most words) ends in none of them.
    if let [.., a, b] = word.as_bytes() {
        let pair = [a.to_ascii_lowercase(), b.to_ascii_lowercase()];
        if pair.is_ascii() && !matches!(&pair, b"ag" | b"en" | b"ns" | b"gs" | b"lk") {
            return false;
        }
    }
    NAME_ENDINGS.iter().any(|e| ends_lowered(word, e))
}

/// Whether `word.to_lowercase()` ends with `ending` (ASCII, lower case),
/// without lowering it: from the end, an ASCII character lowers to one
/// byte, itself lowered, so comparing byte by byte decides until a
/// character beyond ASCII (which may lower to several, even to ASCII:
/// the Kelvin sign to `k`), where the word is lowered as it was.
fn ends_lowered(word: &str, ending: &str) -> bool {
    let (w, e) = (word.as_bytes(), ending.as_bytes());
    if let Some(tail) = w.len().checked_sub(e.len()).map(|at| &w[at..]) {
        if tail.is_ascii() {
            return tail.eq_ignore_ascii_case(e);
        }
    }
    let mut want = ending.bytes().rev();
    for c in word.chars().rev() {
        let Some(e) = want.next() else {
            return true;
        };
        if !c.is_ascii() {
            return word.to_lowercase().ends_with(ending);
        }
        if c.to_ascii_lowercase() as u8 != e {
            return false;
        }
    }
    want.next().is_none()
}

/// `LVU`, `SoL`, `OSL:s`: two to eight letters, starting with a capital
/// and holding at least two.
fn is_abbreviation(word: &str) -> bool {
    let w = word.strip_suffix(":s").unwrap_or(word);
    // Most words start with a small letter: no abbreviation. And eight
    // characters take at most 32 bytes: a longer word has more.
    let Some(first) = w.chars().next() else {
        return false;
    };
    if w == "SFS" || !first.is_uppercase() || w.len() > 32 {
        return false;
    }
    let n = w.chars().count();
    (2..=8).contains(&n)
        && w.chars().all(char::is_alphabetic)
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// A name as the register compares it: lower case, single spaces, the
/// last word in its base form (`socialtjänstlagens` → `socialtjänstlag`,
/// `SoL:s` → `sol`).
pub fn fold(name: &str) -> String {
    let lower = name.trim().trim_end_matches(":s").to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    let Some(last) = words.pop() else {
        return String::new();
    };
    const BASES: [(&str, &str); 6] = [
        ("lagens", "lag"),
        ("lagen", "lag"),
        ("lags", "lag"),
        ("balkens", "balk"),
        ("balken", "balk"),
        ("balks", "balk"),
    ];
    let base = BASES
        .iter()
        .find_map(|(ending, base)| {
            last.strip_suffix(ending)
                .map(|stem| format!("{stem}{base}"))
        })
        .unwrap_or_else(|| last.to_string());
    words.push(&base);
    words.join(" ")
}

/// `text` as words, digit runs, SFS numbers and single punctuation marks.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(t) = next_token(text, &mut i) {
        out.push(t);
    }
    out
}

/// The token at or after byte `i` (a character boundary, not inside a
/// token), moving `i` past it.
fn next_token(text: &str, i: &mut usize) -> Option<Token> {
    while *i < text.len() {
        let start = *i;
        let c = char_at(text, start);
        let (tok, end) = if c.is_alphabetic() {
            (Tok::Word, word_end(text, start))
        } else if c.is_ascii_digit() {
            number_end(text, start)
        } else if c.is_whitespace() {
            *i += c.len_utf8();
            continue;
        } else {
            (Tok::Punct(c), start + c.len_utf8())
        };
        *i = end;
        return Some(Token { tok, start, end });
    }
    None
}

/// The character at byte `i` of `text` (a character boundary), read
/// without decoding when it is ASCII.
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes()[i] {
        b if b.is_ascii() => char::from(b),
        _ => text[i..].chars().next().unwrap_or('\0'),
    }
}

/// The end of the word starting at `start`: letters and hyphens, and the
/// genitive of an abbreviation (`LVU:s`).
fn word_end(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut end = start + char_at(text, start).len_utf8();
    while end < b.len() {
        let d = char_at(text, end);
        if d.is_alphabetic() || d == '-' {
            end += d.len_utf8();
        } else {
            break;
        }
    }
    if text[end..].starts_with(":s") && !text[end + 2..].starts_with(char::is_alphanumeric) {
        end += 2;
    }
    end
}

/// The digit run starting at `start`, or the SFS number (`2001:453`) it
/// begins, and where it ends.
fn number_end(text: &str, start: usize) -> (Tok, usize) {
    let b = text.as_bytes();
    let digits_from = |from: usize| {
        let n = b[from..].iter().take_while(|d| d.is_ascii_digit()).count();
        from + n
    };
    let end = digits_from(start);
    if end - start == 4 && b.get(end) == Some(&b':') {
        let e2 = digits_from(end + 1);
        let n = e2 - end - 1;
        if (1..=4).contains(&n) && !text[e2..].starts_with(char::is_alphanumeric) {
            return (Tok::Sfs, e2);
        }
    }
    (Tok::Digits, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Found {
        let f = scan(text);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        f.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn names_fold_to_their_base_form() {
        assert_eq!(fold("socialtjänstlagens"), "socialtjänstlag");
        assert_eq!(fold("Socialtjänstlagen"), "socialtjänstlag");
        assert_eq!(fold("socialtjänstlag"), "socialtjänstlag");
        assert_eq!(fold("föräldrabalken"), "föräldrabalk");
        assert_eq!(
            fold("offentlighets-  och sekretesslagen"),
            "offentlighets- och sekretesslag"
        );
        assert_eq!(fold("LVU:s"), "lvu");
    }

    #[test]
    fn numbers_are_citations_only_when_written_as_one() {
        let f = one("enligt lag (2001:453) gäller");
        assert_eq!(f.sfs.as_deref(), Some("2001:453"));
        assert_eq!(
            &"enligt lag (2001:453) gäller"[f.start..f.end],
            "lag (2001:453)"
        );
        let f = one("se (2010:800).");
        assert_eq!(&"se (2010:800)."[f.start..f.end], "2010:800");
        let f = one("i SFS 2009:400 står");
        assert_eq!(&"i SFS 2009:400 står"[f.start..f.end], "SFS 2009:400");
        assert!(scan("klockan 2001:453 och 12:30").is_empty());
    }

    #[test]
    fn a_name_takes_the_place_written_before_it() {
        let text = "enligt 14 kap. 1 § socialtjänstlagen ska";
        let f = one(text);
        assert_eq!(&text[f.start..f.end], "14 kap. 1 § socialtjänstlagen");
        assert_eq!(f.place().as_deref(), Some("14 kap. 1 §"));
        assert_eq!(f.names, vec![(0, "socialtjänstlag".to_string())]);
        let text = "enligt 10 a § LVU:s regler";
        let f = one(text);
        assert_eq!(f.section.as_deref(), Some("10 a"));
        assert_eq!(f.names[0].1, "lvu");
    }

    #[test]
    fn a_coordinated_name_is_one_phrase() {
        let text = "enligt 25 kap. offentlighets- och sekretesslagen (2009:400).";
        let f = one(text);
        assert_eq!(
            &text[f.start..f.end],
            "25 kap. offentlighets- och sekretesslagen (2009:400)"
        );
        assert_eq!(f.sfs.as_deref(), Some("2009:400"));
        assert_eq!(f.chapter.as_deref(), Some("25"));
        let names: Vec<&str> = f.names.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, ["offentlighets- och sekretesslag", "sekretesslag"]);
    }

    /// The word tests as written before their fast paths, lowering every
    /// word.
    fn reference_is_abbreviation(word: &str) -> bool {
        let w = word.strip_suffix(":s").unwrap_or(word);
        if w == "SFS" {
            return false;
        }
        let n = w.chars().count();
        (2..=8).contains(&n)
            && w.chars().all(char::is_alphabetic)
            && w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().filter(|c| c.is_uppercase()).count() >= 2
    }

    fn reference_is_law_word(word: &str) -> bool {
        let lower = word.to_lowercase();
        NAME_ENDINGS.iter().any(|e| lower.ends_with(e)) || reference_is_abbreviation(word)
    }

    fn reference_is_name_word(word: &str) -> bool {
        let lower = word.trim_end_matches(":s").to_lowercase();
        (reference_is_law_word(word) && !NAME_ENDINGS.contains(&lower.as_str()))
            || reference_is_abbreviation(word)
    }

    const WORDS: &[&str] = &[
        "lag",
        "Lag",
        "LAG",
        "lagen",
        "LAGENS",
        "Lags",
        "balk",
        "BALKEN",
        "balkens",
        "förslag",
        "Förslag",
        "FÖRSLAG",
        "socialtjänstlagen",
        "SOCIALTJÄNSTLAGENS",
        "Socialtjänstlagen",
        "föräldrabalken",
        "FÖRÄLDRABALKEN",
        "ÄKTENSKAPSBALK",
        "Ärvdabalken",
        "offentlighets-",
        "sekretesslagens",
        "LVU",
        "LVU:s",
        "SoL",
        "SoL:s",
        "OSL",
        "SFS",
        "SFS:s",
        "Åsa",
        "ÅÄÖ",
        "ÅÄ",
        "Öl",
        "ÖL",
        "Ål",
        "lAg",
        "bal\u{212A}",
        "BAL\u{212A}",
        "BALK",
        "\u{212A}",
        "la",
        "g",
        "LVÅ",
        "LÅ:s",
        "ÉÉ",
        "İİ",
        "LAGİ",
        "LAİG",
        "ǅǅ",
        "ΣΣ",
        "AB1",
        "ABCDEFGH",
        "ABCDEFGHI",
        "ÅÅÅÅÅÅÅÅ",
        "ÅÅÅÅÅÅÅÅÅ",
        "när",
        "då",
        "så",
        "lagå",
        "ålag",
        "ÅLAG",
        "x:s",
        ":s",
        "",
    ];

    #[test]
    fn word_tests_decide_as_before() {
        for w in WORDS {
            assert_eq!(is_abbreviation(w), reference_is_abbreviation(w), "{w}");
            assert_eq!(is_law_word(w), reference_is_law_word(w), "{w}");
            assert_eq!(is_name_word(w), reference_is_name_word(w), "{w}");
        }
        assert!(is_name_word("Socialtjänstlagen") && is_name_word("FÖRÄLDRABALKENS"));
        assert!(!is_name_word("Lagen") && !is_name_word("Balk") && is_name_word("LAGEN"));
        assert!(is_law_word("bal\u{212A}"), "the Kelvin sign lowers to k");
        assert!(!is_name_word("bal\u{212A}"), "and makes the bare ending");
        assert!(is_abbreviation("ÅÄ") && is_abbreviation("LVÅ:s") && !is_abbreviation("Åsa"));
    }

    /// `tokens` as written before it read bytes.
    fn reference_tokens(text: &str) -> Vec<Token> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphabetic() {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_alphabetic() || d == '-' {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                if text[end..].starts_with(":s")
                    && !text[end + 2..].starts_with(char::is_alphanumeric)
                {
                    chars.next();
                    chars.next();
                    end += 2;
                }
                out.push(Token {
                    tok: Tok::Word,
                    start: i,
                    end,
                });
            } else if c.is_ascii_digit() {
                let mut end = i + 1;
                while end < b.len() && b[end].is_ascii_digit() {
                    end += 1;
                }
                let mut tok = Tok::Digits;
                if end - i == 4 && b.get(end) == Some(&b':') {
                    let mut e2 = end + 1;
                    while e2 < b.len() && b[e2].is_ascii_digit() {
                        e2 += 1;
                    }
                    let n = e2 - end - 1;
                    if (1..=4).contains(&n) && !text[e2..].starts_with(char::is_alphanumeric) {
                        tok = Tok::Sfs;
                        end = e2;
                    }
                }
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
                out.push(Token { tok, start: i, end });
            } else if !c.is_whitespace() {
                out.push(Token {
                    tok: Tok::Punct(c),
                    start: i,
                    end: i + c.len_utf8(),
                });
            }
        }
        out
    }

    #[test]
    fn tokens_are_what_they_were_on_generated_texts() {
        const PARTS: &[&str] = &[
            "lag", "LVU", ":s", ":", "s", "2001", "453", "12", "1", "-", " ", "\u{A0}", "\u{85}",
            "\u{2003}", "\n", "\t", "\u{B}", "å", "Ä", "ö", "é", "١", "２", "(", ")", "§", ".",
            ",", "kap", "och", "😀", "\u{AD}", "ǅ", "Ⅻ", "²",
        ];
        for text in crate::testgen::texts(0x1234_5678_9ABC_DEF1, PARTS, 16, 100_000) {
            assert_eq!(tokens(&text), reference_tokens(&text), "{text:?}");
        }
    }

    #[test]
    fn every_name_ending_ends_in_a_pair_has_name_ending_knows() {
        for e in NAME_ENDINGS {
            assert!(["ag", "en", "ns", "gs", "lk"]
                .iter()
                .any(|p| e.ends_with(p)));
        }
    }

    #[test]
    fn word_tests_decide_as_before_on_generated_words() {
        const PARTS: &[&str] = &[
            "l", "a", "g", "e", "n", "s", "b", "k", "L", "A", "G", "E", "N", "S", "B", "K", "å",
            "Å", "ä", "Ä", "ö", "Ö", "\u{212A}", "İ", "Σ", "-", ":s", "lag", "balk", "LAG", "BALK",
        ];
        for w in crate::testgen::texts(0x2545_F491_4F6C_DD1D, PARTS, 7, 100_000) {
            assert_eq!(is_abbreviation(&w), reference_is_abbreviation(&w), "{w}");
            assert_eq!(is_law_word(&w), reference_is_law_word(&w), "{w}");
            assert_eq!(is_name_word(&w), reference_is_name_word(&w), "{w}");
        }
    }

    /// Pieces of text with every kind of token `scan` reads, and the
    /// characters its byte tests single out.
    const SCAN_PARTS: &[&str] = &[
        "lag",
        "lagen",
        "Lagens",
        "LAGS",
        "balk",
        "BALKEN",
        "bal\u{212A}",
        "förslag",
        "skol",
        "socialtjänst",
        "sekretess",
        "offentlighets-",
        "hälso-",
        "LVU",
        "SoL",
        "SoL:s",
        ":s",
        "SFS",
        "Åsa",
        "ÅÄ",
        "İ",
        "ǅ",
        "a",
        "A",
        "l",
        "g",
        "b",
        "s",
        "ä",
        "é",
        "2001:453",
        "2001",
        ":",
        "453",
        "12",
        "1",
        "14",
        " ",
        " ",
        " ",
        "\n",
        "\u{B}",
        "\u{A0}",
        "\u{2003}",
        "(",
        ")",
        "§",
        ".",
        ",",
        "kap",
        "och",
        "eller",
        "-",
        "😀",
    ];

    #[test]
    fn scan_finds_what_reading_every_token_finds() {
        // Many short texts, and fewer long ones with windows far apart.
        for (seed, pieces, count) in [
            (0x9E37_79B9_7F4A_7C15, 40, 100_000),
            (0xD1B5_4A32_D192_ED03, 600, 3_000),
        ] {
            for text in crate::testgen::texts(seed, SCAN_PARTS, pieces, count) {
                assert_eq!(scan(&text), scan_every_token(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn a_name_coordinated_far_back_is_read_whole() {
        let parts: String = (0..40)
            .map(|k| format!("del{}-, ", "x".repeat(k % 5)))
            .collect();
        let text = format!("Se 3 kap. 2 a § {parts}hälso- och sjukvårdslagen (2017:30) nu.");
        let found = scan(&text);
        assert_eq!(found, scan_every_token(&text));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].start, 3, "from the chapter on");
        assert_eq!(found[0].chapter.as_deref(), Some("3"));
        assert_eq!(found[0].section.as_deref(), Some("2 a"));
    }

    #[test]
    fn a_place_before_a_long_name_is_read_with_it() {
        // The candidate is far into the name, and the white space nearest
        // before it is the one before `§`: the chapter is out of the first
        // window read.
        let name = format!("{}lagen", "social".repeat(12));
        let text = format!("Se 3 kap. 2 §\u{A0}{name} och 4 kap. 1 a § {name}s");
        let found = scan(&text);
        assert_eq!(found, scan_every_token(&text));
        let places: Vec<_> = found.iter().map(Found::place).collect();
        assert_eq!(
            places,
            [Some("3 kap. 2 §".into()), Some("4 kap. 1 a §".into())]
        );
    }

    #[test]
    fn text_without_white_space_is_read_whole() {
        // 50 000 candidates, none with a space to start a window at: one
        // reading of every token, not a window per candidate reaching
        // back to the start.
        let text = "LVU,".repeat(50_000) + "(2001:453)" + &"§".repeat(2_000);
        let found = scan(&text);
        assert_eq!(found, scan_every_token(&text));
        assert_eq!(found.len(), 50_001);
    }

    #[test]
    fn no_character_beyond_ascii_lowers_to_a_letter_of_lag_or_bal() {
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            assert!(!c.to_lowercase().any(|l| "lagb".contains(l)), "{c:?}");
        }
    }

    #[test]
    fn every_capital_after_a_letter_is_a_candidate() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if c.is_uppercase() {
                for before in ["a", "ö", "\u{212A}"] {
                    let text = format!("{before}{c}");
                    let found = next_candidate(text.as_bytes(), before.len());
                    assert!(found.is_some(), "{c:?} after {before}");
                }
            }
        }
    }

    #[test]
    fn plain_words_are_not_names() {
        assert!(scan("enligt lagen ska vi, i lag med andra").is_empty());
        assert_eq!(
            scan("ett förslag").len(),
            1,
            "a candidate the register will not know"
        );
    }
}
