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
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// Hyphens that join the parts of a compound written with a hyphen.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Calls `emit` with every token of `text`, lower-cased, in order: the parts
/// of a hyphenated word, then the whole word.
pub fn tokens(text: &str, mut emit: impl FnMut(&str)) {
    let mut buf = String::new();
    let mut whole = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(_, c)) = chars.peek() {
        if !is_word_char(c) && c != '\u{ad}' {
            chars.next();
            continue;
        }
        // One run of word characters and hyphens.
        whole.clear();
        let mut parts = 0usize;
        buf.clear();
        while let Some(&(_, c)) = chars.peek() {
            if is_word_char(c) {
                buf.push(c);
            } else if c == '\u{ad}' {
                // Soft hyphen: invisible, not a break.
            } else if is_hyphen(c) {
                if !buf.is_empty() {
                    flush(&mut buf, &mut whole, &mut parts, &mut emit);
                }
            } else {
                break;
            }
            chars.next();
        }
        if !buf.is_empty() {
            flush(&mut buf, &mut whole, &mut parts, &mut emit);
        }
        if parts > 1 {
            emit_token(&whole, &mut emit);
        }
    }
}

fn flush(buf: &mut String, whole: &mut String, parts: &mut usize, emit: &mut impl FnMut(&str)) {
    let lower = lower(buf);
    emit_token(&lower, emit);
    if *parts > 0 {
        whole.push('-');
    }
    whole.push_str(&lower);
    *parts += 1;
    buf.clear();
}

fn emit_token(token: &str, emit: &mut impl FnMut(&str)) {
    if !token.is_empty() && token.chars().count() <= MAX_TOKEN_CHARS {
        emit(token);
    }
}

/// Lower case, with `a`/`o` + combining ring or diaeresis composed into
/// å, ä, ö (text pasted from some systems arrives decomposed).
pub fn lower(word: &str) -> Cow<'_, str> {
    let needs_lower = word.chars().any(|c| !c.is_lowercase() && c.to_lowercase().next() != Some(c));
    let has_marks = word.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c));
    if !needs_lower && !has_marks {
        return Cow::Borrowed(word);
    }
    let lowered = word.to_lowercase();
    if !has_marks {
        return Cow::Owned(lowered);
    }
    let mut out = String::with_capacity(lowered.len());
    for c in lowered.chars() {
        let composed = match (out.chars().last(), c) {
            (Some('a'), '\u{30a}') => Some('å'),
            (Some('a'), '\u{308}') => Some('ä'),
            (Some('o'), '\u{308}') => Some('ö'),
            _ => None,
        };
        match composed {
            Some(x) => {
                out.pop();
                out.push(x);
            }
            None => out.push(c),
        }
    }
    Cow::Owned(out)
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

/// Stems folded words: Snowball Swedish, then the definite-form rule.
pub struct KeyMaker {
    stemmer: Stemmer,
}

impl Default for KeyMaker {
    fn default() -> Self {
        KeyMaker { stemmer: Stemmer::create(Algorithm::Swedish) }
    }
}

impl KeyMaker {
    /// The index key of a folded word.
    pub fn key(&self, folded: &str) -> String {
        let stem = self.stemmer.stem(folded);
        definite(&stem).to_string()
    }
}

/// Snowball Swedish leaves most definite singular forms alone (`skolan`,
/// `huset`); strip -an, -en, -et, -na when at least three letters with a
/// vowel remain, so `skolan` meets `skola` (Snowball: `skol`).
pub fn definite(stem: &str) -> &str {
    for suffix in ["an", "en", "et", "na"] {
        if let Some(rest) = stem.strip_suffix(suffix) {
            if rest.chars().count() >= 3 && rest.chars().any(|c| "aeiouyåäö".contains(c)) {
                return rest;
            }
            return stem;
        }
    }
    stem
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

    fn key(word: &str) -> String {
        KeyMaker::default().key(&fold(&lower(word)))
    }

    #[test]
    fn splits_on_non_alphanumerics_and_lower_cases() {
        assert_eq!(token_list("Orosanmälan, enligt 14 kap. 1 § SoL!"), ["orosanmälan", "enligt", "14", "kap", "1", "sol"]);
        assert_eq!(token_list("  ...  "), Vec::<String>::new());
    }

    #[test]
    fn hyphenated_words_give_parts_and_the_whole() {
        assert_eq!(token_list("BUS-samverkan"), ["bus", "samverkan", "bus-samverkan"]);
        assert_eq!(token_list("2025-03-14"), ["2025", "03", "14", "2025-03-14"]);
        // A dash between spaces, or a dangling hyphen, is no compound.
        assert_eq!(token_list("skola - hem"), ["skola", "hem"]);
        assert_eq!(token_list("för- och grundskola"), ["för", "och", "grundskola"]);
        // En dash (ranges, F–6) separates.
        assert_eq!(token_list("F–6"), ["f", "6"]);
    }

    #[test]
    fn soft_hyphens_and_decomposed_letters_join_the_word() {
        assert_eq!(token_list("social\u{ad}tjänst"), ["socialtjänst"]);
        assert_eq!(token_list("Sko\u{308}ldsko\u{308}terska"), ["sköldsköterska"]);
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
        assert_eq!(key("skolan"), key("skola"));
        assert_eq!(key("skolan"), "skol");
        assert_eq!(key("skolorna"), "skol");
        assert_eq!(key("huset"), key("hus"));
        assert_eq!(key("barnet"), key("barn"));
        assert_eq!(key("barnen"), key("barn"));
        assert_eq!(key("flickan"), key("flicka"));
        assert_eq!(key("planen"), key("plan"));
        assert_eq!(key("rutinen"), key("rutin"));
        assert_eq!(key("socialtjänsten"), key("socialtjänst"));
        assert_eq!(key("samverkans"), key("samverkan"));
    }

    #[test]
    fn stemming_folds_first_so_lost_diacritics_meet() {
        assert_eq!(key("Socialtjänsten"), key("socialtjansten"));
        assert_eq!(key("skolsköterskan"), key("skolskoterska"));
    }

    #[test]
    fn short_words_are_not_overstemmed() {
        assert_eq!(definite("plan"), "plan");
        assert_eq!(key("plan"), "plan");
        assert_eq!(definite("man"), "man");
        assert_eq!(definite("sen"), "sen");
        // No vowel would remain: keep it.
        assert_eq!(definite("rstan"), "rstan");
    }

    #[test]
    fn compounds_keep_their_head_last() {
        // What compound matching relies on: the key of a compound ends with
        // the key of its head.
        assert!(key("socialtjänstlagen").ends_with(&key("lagen")));
        assert!(key("handlingsplanen").ends_with(&key("plan")));
        assert!(key("samverkansöverenskommelsen").ends_with(&key("överenskommelse")));
        assert!(key("orosanmälan").ends_with(&key("anmälan")));
    }
}
