//! Words: how text and queries are cut into terms, folded and stemmed.
//!
//! The browser client (`themes/default/static/search.js`) repeats these
//! rules exactly (tokens, folding, the Snowball Swedish stemmer and the
//! definite-form rule); a change here needs the same change there, and the
//! parity test in `tests/search.rs` compares the two.
//!
//! - A token is a run of letters and digits; hyphens join runs into one
//!   word, which gives its parts *and* the whole (`BUS-samverkan` gives
//!   `bus`, `samverkan` and `bus-samverkan`).
//! - Tokens are lower-cased; the *surface* form keeps å, ä, ö.
//! - The *folded* form drops diacritics (`socialtjänst` → `socialtjanst`),
//!   so OCR text that lost them still matches.
//! - The *key* is the folded form stemmed (Snowball Swedish, then the
//!   definite endings -an, -en, -et, -na): `skolan` and `skola` both give
//!   `skol`. The index groups surface forms by key.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

/// Tokens longer than this (in characters) are not words: skipped.
pub const MAX_TOKEN_CHARS: usize = 40;

/// Whether `c` belongs to a word: letters, digits and combining marks.
#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Latin-1 letters (à … ÿ) are all alphabetic but × and ÷.
    if ('\u{c0}'..='\u{ff}').contains(&c) {
        return c != '\u{d7}' && c != '\u{f7}';
    }
    c.is_alphanumeric() || is_mark(c)
}

#[inline]
fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Hyphens that join the parts of a compound written with a hyphen.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// A word being cut: its current part and the whole hyphenated word, both
/// lower-cased as they are read, with their lengths in characters.
#[derive(Default)]
struct Run {
    part: String,
    part_chars: usize,
    whole: String,
    whole_chars: usize,
    parts: usize,
}

impl Run {
    /// Adds one character to the part, lower-cased; `a`/`o` followed by a
    /// combining ring or diaeresis become å, ä, ö.
    #[inline]
    fn push(&mut self, c: char) {
        if c.is_ascii() {
            self.part.push(c.to_ascii_lowercase());
            self.part_chars += 1;
            return;
        }
        // Latin-1 letters (å, ä, ö, é, …), most of the rest of Swedish
        // text, without the Unicode case tables: capitals À–Þ (but ×) are
        // their small letter less 0x20, and ß–ÿ are small already.
        if ('\u{c0}'..='\u{ff}').contains(&c) && c != '\u{d7}' && c != '\u{f7}' {
            let lower = match c {
                '\u{c0}'..='\u{de}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
                _ => c,
            };
            self.part.push(lower);
            self.part_chars += 1;
            return;
        }
        if is_mark(c) {
            let composed = match (self.part.as_bytes().last(), c) {
                (Some(b'a'), '\u{30a}') => Some('å'),
                (Some(b'a'), '\u{308}') => Some('ä'),
                (Some(b'o'), '\u{308}') => Some('ö'),
                _ => None,
            };
            if let Some(x) = composed {
                self.part.pop();
                self.part.push(x);
                return;
            }
        }
        for l in c.to_lowercase() {
            self.part.push(l);
            self.part_chars += 1;
        }
    }

    fn end_part(&mut self, emit: &mut impl FnMut(&str)) {
        if self.part.is_empty() {
            return;
        }
        emit_token(&self.part, self.part_chars, emit);
        if self.parts == 0 {
            // Most words have one part: keep it without copying.
            std::mem::swap(&mut self.part, &mut self.whole);
            self.whole_chars = self.part_chars;
        } else {
            self.whole.push('-');
            self.whole.push_str(&self.part);
            self.whole_chars += 1 + self.part_chars;
        }
        self.parts += 1;
        self.part.clear();
        self.part_chars = 0;
    }

    fn end_run(&mut self, emit: &mut impl FnMut(&str)) {
        self.end_part(emit);
        if self.parts > 1 {
            emit_token(&self.whole, self.whole_chars, emit);
        }
        self.whole.clear();
        self.whole_chars = 0;
        self.parts = 0;
    }
}

/// Calls `emit` with every token of `text`, lower-cased, in order: the parts
/// of a hyphenated word, then the whole word.
pub fn tokens(text: &str, emit: impl FnMut(&str)) {
    tokens_with(text, true, emit)
}

/// [`tokens`], with or without the plain-word shortcut (the tests compare
/// the two).
fn tokens_with(text: &str, shortcut: bool, mut emit: impl FnMut(&str)) {
    let mut run = Run::default();
    let mut in_run = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if shortcut && !in_run {
            if let Some((end, chars)) = plain_word_end(bytes, i) {
                emit_token(&text[i..end], chars, &mut emit);
                i = end;
                continue;
            }
        }
        let b = bytes[i];
        // ASCII, most of any text, without decoding.
        let (c, len) = if b < 0x80 {
            (b as char, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        };
        i += len;
        if is_word_char(c) {
            in_run = true;
            run.push(c);
        } else if c == '\u{ad}' {
            // Soft hyphen: invisible, not a break.
            in_run = true;
        } else if in_run {
            run.end_part(&mut emit);
            if !is_hyphen(c) {
                run.end_run(&mut emit);
                in_run = false;
            }
        }
    }
    if in_run {
        run.end_run(&mut emit);
    }
}

/// Where a word starting at `i` ends, and its length in characters, when it
/// is already its own token: only ASCII small letters, digits and Latin-1
/// small letters (å, ä, ö, é, …), followed by the end of the text or by
/// ASCII that is neither a word character nor a hyphen. Most words of a
/// text are; they are emitted from the text itself, without copying.
#[inline]
fn plain_word_end(bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    let (mut j, mut chars) = (i, 0);
    loop {
        match bytes.get(j) {
            Some(b'a'..=b'z' | b'0'..=b'9') => j += 1,
            // U+00DF ß … U+00FF ÿ, but U+00F7 ÷.
            Some(0xC3) if matches!(bytes.get(j + 1), Some(&b) if (0x9F..=0xBF).contains(&b) && b != 0xB7) => {
                j += 2
            }
            None => break,
            Some(&b) if b < 0x80 && b != b'-' && !b.is_ascii_alphanumeric() => break,
            Some(_) => return None,
        }
        chars += 1;
    }
    (chars > 0).then_some((j, chars))
}

fn emit_token(token: &str, chars: usize, emit: &mut impl FnMut(&str)) {
    if !token.is_empty() && chars <= MAX_TOKEN_CHARS {
        emit(token);
    }
}

/// Lower case as [`tokens`] does it: character by character, with `a` or
/// `o` followed by a combining ring or diaeresis composed into å, ä, ö (text
/// pasted from some systems arrives decomposed).
pub fn lower(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Cow::Borrowed(word);
    }
    let mut run = Run::default();
    word.chars().for_each(|c| run.push(c));
    Cow::Owned(run.part)
}

/// The folded form of one lower-case character, when it has one.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        '\u{300}'..='\u{36f}' => "",
        _ => return None,
    })
}

/// Drops diacritics from a lower-case word: `överenskommelse` →
/// `overenskommelse`.
pub fn fold(word: &str) -> Cow<'_, str> {
    if word.is_ascii() || !word.chars().any(|c| fold_char(c).is_some()) {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match fold_char(c) {
            Some(f) => out.push_str(f),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Stems folded words with Snowball Swedish.
pub struct KeyMaker {
    stemmer: Stemmer,
}

impl Default for KeyMaker {
    fn default() -> Self {
        KeyMaker {
            stemmer: Stemmer::create(Algorithm::Swedish),
        }
    }
}

impl KeyMaker {
    /// The Snowball stem of a folded word.
    pub fn stem(&self, folded: &str) -> String {
        self.stemmer.stem(folded).into_owned()
    }
}

/// The definite-form rule. Snowball Swedish leaves most definite singular
/// forms alone (`skolan`, `huset`); when a stem ends in -an, -en, -et or -na
/// and what is left (at least three letters, with a vowel) is itself the stem
/// of some word of the site, that shorter stem is the key: `skolan` meets
/// `skola` (Snowball: `skol`), `huset` meets `hus`. Looking the shorter stem
/// up keeps words that merely end so (`handlingsplan`, `organ`) whole. The
/// client applies the same rule with the vocabulary as `is_stem`.
pub fn key(stem: &str, is_stem: impl Fn(&str) -> bool) -> &str {
    match definite(stem) {
        Some(rest) if is_stem(rest) => rest,
        _ => stem,
    }
}

/// The stem without a definite ending, when the rule can apply.
pub fn definite(stem: &str) -> Option<&str> {
    ["an", "en", "et", "na"].iter().find_map(|suffix| {
        let rest = stem.strip_suffix(suffix)?;
        (rest.chars().count() >= 3 && rest.chars().any(|c| "aeiouyåäö".contains(c))).then_some(rest)
    })
}

/// Every token of `text` (convenience for tests and queries).
pub fn token_list(text: &str) -> Vec<String> {
    let mut v = Vec::new();
    tokens(text, |t| v.push(t.to_string()));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys of `words` as the index gives them, with `words` as the site.
    fn keys(words: &[&str]) -> Vec<String> {
        let km = KeyMaker::default();
        let stems: Vec<String> = words.iter().map(|w| km.stem(&fold(&lower(w)))).collect();
        let set: std::collections::HashSet<&str> = stems.iter().map(String::as_str).collect();
        stems
            .iter()
            .map(|s| key(s, |x| set.contains(x)).to_string())
            .collect()
    }

    fn same_key(a: &str, b: &str) -> bool {
        let k = keys(&[a, b]);
        k[0] == k[1]
    }

    fn key1(word: &str) -> String {
        keys(&[word]).remove(0)
    }

    #[test]
    fn splits_on_non_alphanumerics_and_lower_cases() {
        assert_eq!(
            token_list("Orosanmälan, enligt 14 kap. 1 § SoL!"),
            ["orosanmälan", "enligt", "14", "kap", "1", "sol"]
        );
        assert_eq!(token_list("  ...  "), Vec::<String>::new());
    }

    #[test]
    fn plain_word_shortcut_gives_the_same_tokens() {
        let slow = |t: &str| {
            let mut v = Vec::new();
            tokens_with(t, false, |x| v.push(x.to_string()));
            v
        };
        let samples = [
            "orosanmälan enligt 14 kap. 1 § SoL, barnets bästa.",
            "BUS-samverkan och skol-/socialtjänst – med e\u{ad}lev och a\u{30a}r",
            "ÅÄÖ åäö ß÷x ×y é-é ä\u{2011}b ab\u{2010}cd x-",
            "-a- --b c-- a1b2 Z9z 2026-11-23 ok.ok,ok;ok:ok!ok?ok(ok)ok\"ok'ok",
            "ett ord\tmed\nradbrytning\r\noch ÿ þ ðæø mu\u{308}ller",
            &"ä".repeat(41),
            &"a".repeat(40),
            &format!("{} {}", "b".repeat(41), "c".repeat(39)),
        ];
        for text in samples {
            assert_eq!(token_list(text), slow(text), "{text:?}");
        }
        // Every character after and before a plain word, one at a time.
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            for text in [format!("ab{c}cd"), format!("{c}åb"), format!("ö{c}")] {
                assert_eq!(token_list(&text), slow(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn latin1_letters_lower_case_as_unicode_says() {
        for c in ('\u{c0}'..='\u{ff}').filter(|&c| is_word_char(c)) {
            let want: String = c.to_lowercase().collect();
            assert_eq!(token_list(&c.to_string()), [want], "{c:?}");
        }
        assert_eq!(token_list("ÅÄÖ-ÉÜ"), ["åäö", "éü", "åäö-éü"]);
    }

    #[test]
    fn hyphenated_words_give_parts_and_the_whole() {
        assert_eq!(
            token_list("BUS-samverkan"),
            ["bus", "samverkan", "bus-samverkan"]
        );
        assert_eq!(token_list("2025-03-14"), ["2025", "03", "14", "2025-03-14"]);
        // A dash between spaces, or a dangling hyphen, is no compound.
        assert_eq!(token_list("skola - hem"), ["skola", "hem"]);
        assert_eq!(
            token_list("för- och grundskola"),
            ["för", "och", "grundskola"]
        );
        // En dash (ranges, F–6) separates.
        assert_eq!(token_list("F–6"), ["f", "6"]);
    }

    #[test]
    fn soft_hyphens_and_decomposed_letters_join_the_word() {
        assert_eq!(token_list("social\u{ad}tjänst"), ["socialtjänst"]);
        assert_eq!(
            token_list("Sko\u{308}ldsko\u{308}terska"),
            ["sköldsköterska"]
        );
        assert_eq!(token_list("Ga\u{30a}rd"), ["gård"]);
    }

    #[test]
    fn overlong_tokens_are_skipped() {
        let long = "a".repeat(MAX_TOKEN_CHARS + 1);
        assert_eq!(token_list(&format!("kort {long} ord")), ["kort", "ord"]);
    }

    #[test]
    fn folding_drops_diacritics() {
        assert_eq!(fold("socialtjänsten"), "socialtjansten");
        assert_eq!(fold("överenskommelse"), "overenskommelse");
        assert_eq!(fold("gård"), "gard");
        assert_eq!(fold("café"), "cafe");
        assert_eq!(fold("straße"), "strasse");
        assert!(matches!(fold("skola"), Cow::Borrowed(_)));
    }

    #[test]
    fn stemming_meets_inflected_forms() {
        assert!(same_key("skolan", "skola"));
        assert_eq!(keys(&["skolan", "skola"]), ["skol", "skol"]);
        assert!(same_key("skolorna", "skola"));
        assert!(same_key("huset", "hus"));
        assert!(same_key("barnet", "barn"));
        assert!(same_key("barnen", "barn"));
        assert!(same_key("flickan", "flicka"));
        assert!(same_key("planen", "plan"));
        assert!(same_key("rutinen", "rutin"));
        assert!(same_key("socialtjänsten", "socialtjänst"));
        assert!(same_key("samverkans", "samverkan"));
    }

    #[test]
    fn stemming_folds_first_so_lost_diacritics_meet() {
        assert!(same_key("Socialtjänsten", "socialtjansten"));
        assert!(same_key("skolsköterskan", "skolskoterska"));
    }

    #[test]
    fn definite_rule_needs_the_shorter_stem_in_the_site() {
        // Without "skola" in the site, "skolan" stays as Snowball has it.
        assert_eq!(key1("skolan"), "skolan");
        // Words that merely end in -an are not cut.
        assert_eq!(keys(&["handlingsplan", "plan"]), ["handlingsplan", "plan"]);
        assert_eq!(definite("plan"), None);
        assert_eq!(definite("man"), None);
        assert_eq!(definite("rstan"), None);
        assert_eq!(definite("skolan"), Some("skol"));
    }

    #[test]
    fn compounds_keep_their_head_last() {
        // What compound matching relies on: the key of a compound ends with
        // the key of its head.
        let k = keys(&["socialtjänstlagen", "lagen", "lag"]);
        assert!(k[0].ends_with(&k[1]), "{k:?}");
        let k = keys(&["handlingsplanen", "plan", "planen", "handlingsplan"]);
        assert!(k[0].ends_with(&k[1]), "{k:?}");
        let k = keys(&["samverkansöverenskommelsen", "överenskommelse"]);
        assert!(k[0].ends_with(&k[1]), "{k:?}");
        let k = keys(&["orosanmälan", "anmälan"]);
        assert!(k[0].ends_with(&k[1]), "{k:?}");
    }
}
