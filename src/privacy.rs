//! The personnummer guard.
//!
//! The intranet is read by every employee, so a Swedish personal identity
//! number (or coordination number) must never be published. We look for
//! `YYMMDD-NNNN`, `YYMMDD+NNNN` and `YYYYMMDD[-]NNNN` with a real month, a
//! plausible day (or day + 60 for samordningsnummer) and a valid Luhn check
//! digit. Ten digits without a separator are left alone: that is also the
//! shape of a Swedish mobile number.

/// Where a number was found: byte offset and length in the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    pub offset: usize,
    pub len: usize,
}

/// Finds every personal identity number in `text`.
pub fn scan(text: &str) -> Vec<Finding> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && is_number_char(b[i - 1])) {
            i += 1;
            continue;
        }
        match candidate_at(b, i) {
            Some(len) => {
                found.push(Finding { offset: i, len });
                i += len;
            }
            None => i += 1,
        }
    }
    found
}

/// Digits, and the separators that would make a run part of a longer number.
fn is_number_char(c: u8) -> bool {
    c.is_ascii_digit()
}

/// Length of a personnummer starting at `i`, if one does.
fn candidate_at(b: &[u8], i: usize) -> Option<usize> {
    let digits_at = |from: usize, n: usize| {
        b.get(from..from + n)
            .filter(|s| s.iter().all(u8::is_ascii_digit))
    };
    let ends_cleanly = |end: usize| b.get(end).is_none_or(|c| !c.is_ascii_digit());
    // 12 digits: YYYYMMDD, optional separator, NNNN.
    if let Some(head) = digits_at(i, 8) {
        if matches!(&head[..2], b"18" | b"19" | b"20") {
            for sep in [0usize, 1] {
                if sep == 1 && !matches!(b.get(i + 8), Some(b'-' | b'+')) {
                    continue;
                }
                if let Some(tail) = digits_at(i + 8 + sep, 4) {
                    let end = i + 12 + sep;
                    if ends_cleanly(end) && valid(&head[2..], tail) {
                        return Some(end - i);
                    }
                }
            }
        }
    }
    // 10 digits: YYMMDD, required separator, NNNN.
    let head = digits_at(i, 6)?;
    if !matches!(b.get(i + 6), Some(b'-' | b'+')) {
        return None;
    }
    let tail = digits_at(i + 7, 4)?;
    (ends_cleanly(i + 11) && valid(head, tail)).then_some(11)
}

/// Date plausibility and the Luhn check over YYMMDDNNN + check digit.
fn valid(yymmdd: &[u8], nnnn: &[u8]) -> bool {
    let num = |s: &[u8]| (s[0] - b'0') as u32 * 10 + (s[1] - b'0') as u32;
    let month = num(&yymmdd[2..4]);
    let day = num(&yymmdd[4..6]);
    let day_ok = (1..=31).contains(&day) || (61..=91).contains(&day);
    (1..=12).contains(&month) && day_ok && luhn(yymmdd.iter().chain(nnnn))
}

fn luhn<'a>(digits: impl Iterator<Item = &'a u8>) -> bool {
    let sum: u32 = digits
        .enumerate()
        .map(|(i, d)| {
            let v = (d - b'0') as u32 * if i % 2 == 0 { 2 } else { 1 };
            if v > 9 {
                v - 9
            } else {
                v
            }
        })
        .sum();
    sum % 10 == 0
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
    fn mask_hides_the_number() {
        assert_eq!(mask("pnr 121212-1212."), "pnr ***********.");
    }
}
