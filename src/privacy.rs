//! The personnummer guard.
//!
//! The intranet is read by every employee, so a Swedish personal identity
//! number (or coordination number) must never be published. We look for
//! `YYMMDD-NNNN`, `YYMMDD+NNNN` and `YYYYMMDD[-]NNNN` with a real month, a
//! plausible day (or day + 60 for samordningsnummer) and a valid Luhn check
//! digit. Ten digits without a separator are left alone: that is also the
//! shape of a Swedish mobile number.
//!
//! The scan reads the text as a reader would see it, not as it is encoded:
//! every Unicode decimal digit counts as its ASCII digit (full-width `１`,
//! Arabic-Indic `١`, …), every dash (en dash, non-breaking hyphen, minus
//! sign, …) as `-`, every space (no-break, thin, …) as a separator, and
//! characters that show nothing (Unicode's default-ignorable ones: soft
//! hyphen, zero-width space, bidi marks, variation selectors, …) are
//! skipped, so `811218\u{AD}-9876` is caught as written.
//! Callers scan what readers see: a page's file, its rendered text and
//! attributes (`markdown`), its front matter values after YAML escapes
//! (`frontmatter`), file names (`content`) and attachments (`attachment`).

/// Where a number was found: byte offset and length in the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    pub offset: usize,
    pub len: usize,
}

/// A character as the scan sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Digit(u8),
    /// `-`, `+` or a space: what may stand between date and number.
    Sep,
    /// Shows nothing: skipped as if absent.
    Invisible,
    Other,
}

/// The first code point of every run of ten Unicode decimal digits
/// (general category Nd) beyond ASCII, Unicode 15.1. A digit's value is
/// its distance from the run's start.
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950,
    0x1FBF0,
];

fn class(c: char) -> Class {
    match c {
        '0'..='9' => Class::Digit(c as u8 - b'0'),
        '-' | '+' | ' ' => Class::Sep,
        c if c.is_ascii() => Class::Other,
        // Below U+0660 (the first non-ASCII digit) only these three are
        // not Other: most letters of Swedish text are decided here.
        '\u{AD}' | '\u{34F}' | '\u{61C}' => Class::Invisible,
        '\u{A0}' => Class::Sep,
        c if c < '\u{660}' => Class::Other,
        c if is_default_ignorable(c) => Class::Invisible,
        // Hyphen, non-breaking hyphen, figure dash, en and em dash,
        // horizontal bar, minus sign, small and full-width hyphen-minus and
        // plus; en/em/figure/thin/hair and narrow no-break spaces (the
        // no-break space is above).
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{FE63}'
        | '\u{FF0D}'
        | '\u{FE62}'
        | '\u{FF0B}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Class::Sep,
        c => unicode_digit(c).map_or(Class::Other, Class::Digit),
    }
}

/// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties, 15.1):
/// characters a renderer shows nothing for unless it cannot support them.
/// Soft hyphen, zero-width and bidi marks, word joiner, variation
/// selectors, Hangul fillers, tags and the rest: skipped, so a number with
/// one inside reads as a reader sees it.
fn is_default_ignorable(c: char) -> bool {
    matches!(c,
        '\u{AD}'
        | '\u{34F}'
        | '\u{61C}'
        | '\u{115F}'..='\u{1160}'
        | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// The digits of the number `finding` covers in `text`, as ASCII: two
/// spellings of one number (`811218-9876`, `８１１２１８–９８７６`) give the
/// same digits.
pub fn digits(text: &str, finding: Finding) -> String {
    text.get(finding.offset..finding.offset + finding.len)
        .unwrap_or("")
        .chars()
        .filter_map(|c| match class(c) {
            Class::Digit(d) => Some(char::from(b'0' + d)),
            _ => None,
        })
        .collect()
}

fn unicode_digit(c: char) -> Option<u8> {
    let cp = c as u32;
    let i = DIGIT_ZEROS.partition_point(|&z| z <= cp).checked_sub(1)?;
    let d = cp - DIGIT_ZEROS[i];
    (d < 10).then_some(d as u8)
}

/// Finds every personal identity number in `text`.
pub fn scan(text: &str) -> Vec<Finding> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut prev_digit = false;
    let mut skip_until = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Characters that are surely Other (ASCII but digits; a separator
        // too ends a digit run) are skipped a run at a time.
        let run = other_run(&bytes[i..]);
        if run > 0 {
            prev_digit = false;
            i += run;
            continue;
        }
        let (class, len) = match bytes[i] {
            b @ b'0'..=b'9' => (Class::Digit(b - b'0'), 1),
            _ => text[i..]
                .chars()
                .next()
                .map_or((Class::Other, 1), |c| (class(c), c.len_utf8())),
        };
        if class != Class::Invisible {
            let is_digit = matches!(class, Class::Digit(_));
            if is_digit && !prev_digit && i >= skip_until {
                if let Some(end) = candidate_at(text, i) {
                    found.push(Finding {
                        offset: i,
                        len: end - i,
                    });
                    skip_until = end;
                }
            }
            prev_digit = is_digit;
        }
        i += len;
    }
    found
}

/// How many bytes from the start of `bytes` (at a character boundary)
/// are characters that are surely neither digit nor invisible, which to
/// the scan are all alike (they end a digit run): ASCII but digits, and
/// those of two bytes (U+0080–U+07FF) but the blocks of 64 that hold a
/// character of another class: U+0080–U+00BF (no-break space, soft
/// hyphen), U+0340–U+037F (combining grapheme joiner), U+0600–U+067F
/// (Arabic letter mark, Arabic-Indic digits), U+06C0–U+06FF and
/// U+07C0–U+07FF (digits). Swedish letters (U+00C0–U+00FF) are skipped.
/// A run stops at an ASCII byte or a first byte, so at a character.
fn other_run(bytes: &[u8]) -> usize {
    let stop =
        |b: u8| b.is_ascii_digit() || matches!(b, 0xC2 | 0xCD | 0xD8 | 0xD9 | 0xDB | 0xDF | 0xE0..);
    first_byte(bytes, stop).unwrap_or(bytes.len())
}

/// The index of the first byte of `bytes` that `hit` holds for.
pub(crate) fn first_byte(bytes: &[u8], hit: impl Fn(u8) -> bool) -> Option<usize> {
    first_in_context(bytes, 0, |[_, _, c, _]| hit(c))
}

/// The index of the first byte at or after `from` that `hit` holds for,
/// given with the two bytes before it and the one after (0 outside
/// `bytes`): `[b[i - 2], b[i - 1], b[i], b[i + 1]]`. Looked for 32 bytes at
/// a time: a loop without an early exit, which the compiler turns into
/// vector instructions, tells whether a block holds one (most blocks of a
/// page's text hold none of what scans look for).
pub(crate) fn first_in_context(
    b: &[u8],
    from: usize,
    hit: impl Fn([u8; 4]) -> bool,
) -> Option<usize> {
    const BLOCK: usize = 32;
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let hit_at = |i: usize| {
        let before = |k: usize| i.checked_sub(k).map_or(0, at);
        hit([before(2), before(1), at(i), at(i + 1)])
    };
    let mut i = from;
    // One byte at a time where a block's context would be outside `b`.
    while i < b.len() && (i < 2 || i + BLOCK >= b.len()) {
        if hit_at(i) {
            return Some(i);
        }
        i += 1;
    }
    while i + BLOCK < b.len() {
        // The block shifted by -2, -1, 0 and +1: fixed lengths, no bounds
        // checks in the loop.
        let lane = |k: usize| <&[u8; BLOCK]>::try_from(&b[i + k - 2..i + k - 2 + BLOCK]);
        if let (Ok(p2), Ok(p1), Ok(c), Ok(n)) = (lane(0), lane(1), lane(2), lane(3)) {
            // Bytes, not bools, are what the vector instructions combine.
            let any = (0..BLOCK).fold(0u8, |any, t| {
                any | u8::from(hit([p2[t], p1[t], c[t], n[t]]))
            });
            if any != 0 {
                return (i..i + BLOCK).find(|&k| hit_at(k));
            }
        }
        i += BLOCK;
    }
    (i..b.len()).find(|&k| hit_at(k))
}

/// The characters from `start` as the scan sees them, invisible ones left
/// out: (class, byte offset just past the character). At most 14 are
/// needed (12 digits, a separator, and the one after).
fn window(text: &str, start: usize) -> ([(Class, usize); 14], usize) {
    let mut out = [(Class::Other, text.len()); 14];
    let mut n = 0;
    for (i, c) in text[start..].char_indices() {
        let class = class(c);
        if class == Class::Invisible {
            continue;
        }
        out[n] = (class, start + i + c.len_utf8());
        n += 1;
        if n == out.len() {
            break;
        }
    }
    (out, n)
}

/// End (byte offset) of a personnummer starting at `start`, if one does.
fn candidate_at(text: &str, start: usize) -> Option<usize> {
    let (w, n) = window(text, start);
    let digits = |from: usize, out: &mut [u8]| -> bool {
        from + out.len() <= n
            && out.iter_mut().zip(&w[from..]).all(|(o, (c, _))| match c {
                Class::Digit(d) => {
                    *o = *d;
                    true
                }
                _ => false,
            })
    };
    // Whether the number ends after `count` characters: nothing, or no digit, follows.
    let ends = |count: usize| count >= n || !matches!(w[count].0, Class::Digit(_));
    let end_of = |count: usize| w[count - 1].1;
    let (mut head, mut tail) = ([0u8; 8], [0u8; 4]);
    // 12 digits: YYYYMMDD, an optional separator, NNNN.
    if digits(0, &mut head) && matches!(head[..2], [1, 8] | [1, 9] | [2, 0]) {
        if digits(8, &mut tail) && ends(12) && valid(&head[2..], &tail) {
            return Some(end_of(12));
        }
        let sep = w[8].0 == Class::Sep && n > 8;
        if sep && digits(9, &mut tail) && ends(13) && valid(&head[2..], &tail) {
            return Some(end_of(13));
        }
    }
    // 10 digits: YYMMDD, a required separator, NNNN.
    let ok = digits(0, &mut head[..6])
        && n > 6
        && w[6].0 == Class::Sep
        && digits(7, &mut tail)
        && ends(11)
        && valid(&head[..6], &tail);
    ok.then(|| end_of(11))
}

/// Date plausibility and the Luhn check over YYMMDDNNN + check digit.
fn valid(yymmdd: &[u8], nnnn: &[u8]) -> bool {
    let num = |s: &[u8]| s[0] as u32 * 10 + s[1] as u32;
    let month = num(&yymmdd[2..4]);
    let day = num(&yymmdd[4..6]);
    let day_ok = (1..=31).contains(&day) || (61..=91).contains(&day);
    (1..=12).contains(&month) && day_ok && luhn(yymmdd.iter().chain(nnnn))
}

fn luhn<'a>(digits: impl Iterator<Item = &'a u8>) -> bool {
    let sum: u32 = digits
        .enumerate()
        .map(|(i, &d)| {
            let v = d as u32 * if i % 2 == 0 { 2 } else { 1 };
            if v > 9 {
                v - 9
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// `text` with every personal identity number replaced by `ÅÅMMDD-XXXX`
/// style masks, so error messages never repeat one.
pub fn mask(text: &str) -> String {
    let findings = scan(text);
    if findings.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for f in findings {
        out.push_str(&text[last..f.offset]);
        out.push_str(&"*".repeat(f.len));
        last = f.offset + f.len;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catches_valid_numbers_in_every_form() {
        // Skatteverket's published test numbers.
        for t in [
            "121212-1212",
            "19121212-1212",
            "191212121212",
            "121212+1212",
            "Elev 201212121212 har",
        ] {
            assert_eq!(scan(t).len(), 1, "{t}");
        }
        // Samordningsnummer: day + 60.
        assert_eq!(scan("701063-2391").len(), 1);
    }

    #[test]
    fn leaves_luhn_failures_and_phone_numbers_alone() {
        for t in [
            "121212-1213",
            "0701234567",
            "070-123 45 67",
            "08-123 456 78",
            "+46701234567",
            "2019/123",
            "2019-12-03",
            "BUN 2019-12-03 § 121",
            "1212121212",
            "121212-12123",
        ] {
            assert!(scan(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn catches_numbers_written_with_other_dashes_spaces_and_digits() {
        for t in [
            "121212\u{2013}1212",          // en dash
            "121212\u{2011}1212",          // non-breaking hyphen
            "121212\u{2212}1212",          // minus sign
            "121212 1212",                 // space
            "121212\u{A0}1212",            // no-break space
            "19121212 1212",               // 12 digits, space
            "19121212\u{2013}1212",        // 12 digits, en dash
            "１２１２１２-１２１２",       // full-width digits
            "١٢١٢١٢-١٢١٢",                 // Arabic-Indic digits
            "121212\u{AD}-1212",           // soft hyphen
            "1212\u{200B}12-12\u{2060}12", // zero-width space, word joiner
            "121212\u{200E}-1212",         // left-to-right mark
            "121212-\u{2066}1212\u{2069}", // isolate
            "121212\u{34F}-1212\u{FE0F}",  // grapheme joiner, variation selector
            "121212\u{61C}-\u{E0041}1212", // Arabic letter mark, tag
            "pnr:121212-1212.",
        ] {
            assert_eq!(scan(t).len(), 1, "{t:?}");
        }
    }

    #[test]
    fn leaves_phone_organisation_diary_and_sfs_numbers_alone() {
        for t in [
            "08-508 252 88",
            "070-174 06 40",
            "0123-45 62 10",
            "212000-0142",
            "Dnr 2024/1234",
            "SFS 2001:453",
            "14 kap. 1 § SoL",
            "2026-12-02 12:00",
            "tel. 08\u{2013}508 252 88",
            "Paragraf 121212 1213",
        ] {
            assert!(scan(t).is_empty(), "{t:?}");
        }
    }

    #[test]
    fn finding_covers_the_number_as_written() {
        let t = "Elev １２１２１２\u{2013}１２１２ här";
        let f = scan(t);
        assert_eq!(f.len(), 1);
        assert_eq!(
            &t[f[0].offset..f[0].offset + f[0].len],
            "１２１２１２\u{2013}１２１２"
        );
    }

    #[test]
    fn every_listed_digit_run_is_ten_numeric_characters() {
        for &zero in DIGIT_ZEROS {
            for d in 0..10 {
                let c = char::from_u32(zero + d).expect("a code point");
                assert!(c.is_numeric(), "U+{:04X}", zero + d);
                assert_eq!(unicode_digit(c), Some(d as u8));
            }
        }
        assert_eq!(unicode_digit('a'), None);
        assert_eq!(unicode_digit('\u{FF1A}'), None);
    }

    /// `class` as written before its shortcut below U+0660.
    fn reference_class(c: char) -> Class {
        match c {
            '0'..='9' => Class::Digit(c as u8 - b'0'),
            '-' | '+' | ' ' => Class::Sep,
            c if c.is_ascii() => Class::Other,
            c if is_default_ignorable(c) => Class::Invisible,
            '\u{2010}'..='\u{2015}'
            | '\u{2212}'
            | '\u{FE63}'
            | '\u{FF0D}'
            | '\u{FE62}'
            | '\u{FF0B}'
            | '\u{A0}'
            | '\u{2000}'..='\u{200A}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}' => Class::Sep,
            c => unicode_digit(c).map_or(Class::Other, Class::Digit),
        }
    }

    /// `scan` as written before its byte fast path, character by
    /// character: the fast path must find exactly what this finds.
    fn reference_scan(text: &str) -> Vec<Finding> {
        let mut found = Vec::new();
        let mut prev_digit = false;
        let mut skip_until = 0;
        for (i, c) in text.char_indices() {
            let class = reference_class(c);
            if class == Class::Invisible {
                continue;
            }
            let is_digit = matches!(class, Class::Digit(_));
            if is_digit && !prev_digit && i >= skip_until {
                if let Some(end) = candidate_at(text, i) {
                    found.push(Finding {
                        offset: i,
                        len: end - i,
                    });
                    skip_until = end;
                }
            }
            prev_digit = is_digit;
        }
        found
    }

    #[test]
    fn every_character_has_the_class_it_had() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(class(c), reference_class(c), "U+{:04X}", c as u32);
        }
    }

    /// Pieces the generated texts are made of: digits of several scripts,
    /// separators, invisible characters, Swedish letters and whole parts
    /// of numbers, so that numbers form often.
    const PIECES: &[&str] = &[
        "0",
        "1",
        "2",
        "9",
        "12",
        "121212",
        "1212",
        "19",
        "20",
        "٠",
        "١",
        "٢",
        "١٢",
        "۱",
        "१",
        "１",
        "２",
        "𝟏",
        "🯱",
        "-",
        "+",
        " ",
        "\u{2013}",
        "\u{2011}",
        "\u{2212}",
        "\u{A0}",
        "\u{202F}",
        "\u{AD}",
        "\u{200B}",
        "\u{2060}",
        "\u{FE0F}",
        "\u{34F}",
        "\u{61C}",
        "\u{E0041}",
        "a",
        "Z",
        "å",
        "Ä",
        "Ö",
        "é",
        "\n",
        ".",
        ":",
        "/",
        "ß",
        "€",
        "😀",
        "x",
    ];

    #[test]
    fn the_fast_scan_finds_what_the_reference_finds() {
        for text in crate::testgen::texts(0x9E37_79B9_7F4A_7C15, PIECES, 24, 200_000) {
            assert_eq!(scan(&text), reference_scan(&text), "{text:?}");
        }
    }

    #[test]
    fn numbers_next_to_letters_and_other_digits() {
        // Letters outside ASCII end a digit run; digits of any script continue it.
        assert_eq!(scan("Å121212-1212ö").len(), 1);
        assert_eq!(scan("är19121212-1212").len(), 1);
        assert!(scan("٣121212-1212").is_empty());
        assert!(scan("１121212-1212").is_empty());
        assert!(scan("1\u{AD}121212-1212").is_empty());
        // Invisible characters anywhere between the digits.
        assert_eq!(scan("1\u{AD}2\u{200B}1212-12\u{FEFF}12").len(), 1);
        assert_eq!(scan("١\u{AD}٢١٢١٢–١٢١٢").len(), 1);
        assert_eq!(scan("１２１２１２\u{200D}-\u{2060}１２１２").len(), 1);
        let t = "x\u{AD}121212-1212";
        assert_eq!(scan(t), [Finding { offset: 3, len: 11 }]);
        assert_eq!(scan(t), reference_scan(t));
    }

    #[test]
    fn first_in_context_sees_the_bytes_around_a_hit_across_blocks() {
        // `c` after `ab`, before `d`: a hit only with all four right, at
        // every place in and between blocks, from every start before it.
        let hit = |w: [u8; 4]| w == *b"abcd";
        for len in [4, 31, 33, 34, 35, 64, 66, 100] {
            for at in 2..len - 1 {
                let mut bytes = vec![b'c'; len];
                bytes[at - 2..at + 2].copy_from_slice(b"abcd");
                for from in [0, 1, at.saturating_sub(2), at] {
                    assert_eq!(
                        first_in_context(&bytes, from, hit),
                        Some(at),
                        "{len} {at} {from}"
                    );
                }
                assert_eq!(first_in_context(&bytes, at + 1, hit), None, "{len} {at}");
            }
        }
    }

    #[test]
    fn first_byte_finds_the_first_hit_in_and_across_blocks() {
        for len in [0, 1, 31, 32, 33, 64, 65, 100] {
            for at in 0..=len {
                let mut bytes = vec![b'a'; len];
                if at < len {
                    bytes[at] = b'7';
                    // A later hit, in the same block or the next one.
                    bytes[(at + 1..len).next().unwrap_or(at)] = b'8';
                }
                let want = bytes.iter().position(u8::is_ascii_digit);
                assert_eq!(first_byte(&bytes, |b| b.is_ascii_digit()), want);
                assert_eq!(other_run(&bytes), want.unwrap_or(len));
            }
        }
        assert_eq!(other_run("abc å 1".as_bytes()), "abc å ".len());
        assert_eq!(other_run("abc-+ ١".as_bytes()), 6);
        assert_eq!(other_run("Åsa\u{AD}".as_bytes()), 4);
    }

    #[test]
    fn every_character_a_run_skips_is_other() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("{c}1");
            let run = other_run(text.as_bytes());
            assert!(run == 0 || run == c.len_utf8(), "U+{:04X}", c as u32);
            if run > 0 {
                // To the scan a separator is Other too: it ends a digit run.
                let class = class(c);
                assert!(
                    matches!(class, Class::Other | Class::Sep),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn mask_hides_the_number() {
        assert_eq!(mask("pnr 121212-1212."), "pnr ***********.");
    }
}
