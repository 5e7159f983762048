//! Swedish phone numbers: the `tel:` URL of a number, and finding numbers
//! in running text (`08-508 252 88`, `070-174 06 40`, `+46 8 508 252 88`,
//! `112`, `1177`, `114 14`) without taking dates, diary numbers, SFS
//! numbers, years, times or personnummer for one.
//!
//! The shapes are deliberately narrow: a number with an area code needs
//! the hyphen (or, for a mobile number, a space) after it, so a bare run
//! of digits is never a phone number.

/// `070-123 45 67` → `tel:+46701234567`.
pub fn tel_url(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    match digits.strip_prefix('0') {
        Some(rest) if !digits.starts_with("00") => format!("tel:+46{rest}"),
        _ => format!("tel:{digits}"),
    }
}

/// National numbers that are dialled as they are.
const SHORT: &[&str] = &["114 14", "1177", "112"];

/// The byte ranges of the phone numbers in `text`, in order.
pub fn find(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = (b[i].is_ascii_digit() || b[i] == b'+') && boundary_before(b, i);
        let end = if starts { number_at(b, i) } else { None };
        match end {
            Some(end) if boundary_after(b, end) => {
                found.push((i, end));
                i = end;
            }
            // Only a digit or a `+` starts a number.
            _ => {
                let rest = &b[i + 1..];
                let starts = |c: u8| c.is_ascii_digit() || c == b'+';
                i += 1 + crate::privacy::first_byte(rest, starts).unwrap_or(rest.len());
            }
        }
    }
    found
}

/// `text` as HTML with its phone numbers as `tel:` links, or `None` when
/// it has none.
pub fn link_phones(text: &str) -> Option<String> {
    let found = find(text);
    if found.is_empty() {
        return None;
    }
    let mut html = String::with_capacity(text.len() + 40 * found.len());
    let mut last = 0;
    for (start, end) in found {
        escape(&text[last..start], &mut html);
        let number = &text[start..end];
        html.push_str(&format!(r#"<a href="{}">"#, tel_url(number)));
        escape(number, &mut html);
        html.push_str("</a>");
        last = end;
    }
    escape(&text[last..], &mut html);
    Some(html)
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

/// Not glued to a word, a number, a § sign or the separators of dates,
/// times, diary and SFS numbers (`2026-11-22`, `BUN 2026/12`, `2001:453`).
fn boundary_before(b: &[u8], i: usize) -> bool {
    let Some(&p) = i.checked_sub(1).map(|j| &b[j]) else {
        return true;
    };
    if p.is_ascii_alphanumeric() || b"-+/:.,_\xa7".contains(&p) || p >= 0x80 {
        return false;
    }
    // "§ 112", "nr 112", "sidan 112": a paragraph or item, not a call.
    let before = String::from_utf8_lossy(&b[..i]);
    let word = before.trim_end().rsplit(' ').next().unwrap_or("");
    !matches!(
        word,
        "§" | "nr" | "Nr" | "sidan" | "sid." | "s." | "kap." | "punkt"
    )
}

/// Nothing that would make the number part of a longer one (`112-tal`,
/// `08-508 252 88-1`, `1177,5`, a year after it).
fn boundary_after(b: &[u8], end: usize) -> bool {
    match b.get(end) {
        None => true,
        Some(c) if c.is_ascii_alphanumeric() || *c >= 0x80 || *c == b'_' => false,
        Some(b'-' | b'/') => !b
            .get(end + 1)
            .is_some_and(|d| d.is_ascii_alphanumeric() || *d >= 0x80),
        Some(b':' | b'.' | b',') => !b.get(end + 1).is_some_and(|d| d.is_ascii_digit()),
        Some(_) => true,
    }
}

/// Where a number starting at `i` ends, if one does.
fn number_at(b: &[u8], i: usize) -> Option<usize> {
    let rest = &b[i..];
    if let Some(s) = SHORT.iter().find(|s| rest.starts_with(s.as_bytes())) {
        return Some(i + s.len());
    }
    if rest.starts_with(b"+46") {
        let mut j = i + 3;
        if b.get(j) == Some(&b' ') {
            j += 1;
        }
        if !b.get(j).is_some_and(|c| (b'1'..=b'9').contains(c)) {
            return None;
        }
        let (end, digits) = groups(b, j, 9);
        return (7..=9).contains(&digits).then_some(end);
    }
    if rest.first() != Some(&b'0') || !rest.get(1).is_some_and(|c| (b'1'..=b'9').contains(c)) {
        return None;
    }
    let area = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    let mobile = area == 3 && rest[1] == b'7';
    let sep = *rest.get(area)?;
    if !(2..=4).contains(&area) || !(sep == b'-' || (sep == b' ' && mobile)) {
        return None;
    }
    let j = i + area + 1;
    if !b.get(j).is_some_and(|c| (b'1'..=b'9').contains(c)) {
        return None;
    }
    let (end, digits) = groups(b, j, 10 - area);
    (5..=8)
        .contains(&digits)
        .then_some(end)
        .filter(|_| area + digits >= 8)
}

/// Groups of digits from `j` joined by single spaces or hyphens, while
/// they hold at most `max` digits; (end, number of digits).
fn groups(b: &[u8], mut j: usize, max: usize) -> (usize, usize) {
    let mut digits = 0;
    let mut end = j;
    loop {
        let run = b[j..].iter().take_while(|c| c.is_ascii_digit()).count();
        if run == 0 || digits + run > max {
            break;
        }
        digits += run;
        end = j + run;
        match (b.get(end), b.get(end + 1)) {
            (Some(b' ' | b'-'), Some(d)) if d.is_ascii_digit() => j = end + 1,
            _ => break,
        }
    }
    (end, digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn phone_numbers_become_international_tel_urls() {
        assert_eq!(tel_url("070-123 45 67"), "tel:+46701234567");
        assert_eq!(tel_url("+46 8 123 456"), "tel:+468123456");
        assert_eq!(tel_url("112"), "tel:112");
        assert_eq!(tel_url("114 14"), "tel:11414");
    }

    #[test]
    fn swedish_numbers_in_text_are_found() {
        assert_eq!(numbers("Ring 08-508 252 88 dagtid."), ["08-508 252 88"]);
        assert_eq!(numbers("Mobil: 070-174 06 40"), ["070-174 06 40"]);
        assert_eq!(numbers("eller 070 174 06 40."), ["070 174 06 40"]);
        assert_eq!(numbers("Ring 112 vid akut fara."), ["112"]);
        assert_eq!(numbers("1177 eller polisen på 114 14"), ["1177", "114 14"]);
        assert_eq!(numbers("(0470-123 45)"), ["0470-123 45"]);
        assert_eq!(
            numbers("+46 8 508 252 88, +46 70-174 06 40"),
            ["+46 8 508 252 88", "+46 70-174 06 40"]
        );
        assert_eq!(
            numbers("031-10 20 30 och 08-12 34 56 78"),
            ["031-10 20 30", "08-12 34 56 78"]
        );
    }

    #[test]
    fn dates_ids_years_and_times_are_not_numbers() {
        for text in [
            "Beslutad 2026-11-22 av nämnden.",
            "Dnr BUN 2026/0112 och SN 2025-00123.",
            "Enligt SFS 2001:453 och 2010:800.",
            "Åren 2025 och 2026, klockan 08.30 eller 08:30–12:00.",
            "Personnummer 010315-1234 och 20120315-1234 ska inte stå här.",
            "Enligt § 112 och sidan 112, nr 112.",
            "Paragraf 1122, 11200 kr, 1177a, 112-tal.",
            "Telefon 0850825288 utan mellanrum.",
            "08-12 är ingen tid.",
            "Version 1.112 och 3,112.",
            "Tio 08-508 252 88-1 anknytning.",
            "Summan 070-1 och 0-7.",
        ] {
            assert_eq!(numbers(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn text_is_escaped_around_the_links() {
        assert_eq!(
            link_phones("A & B: ring 112 <nu>").as_deref(),
            Some(r#"A &amp; B: ring <a href="tel:112">112</a> &lt;nu&gt;"#)
        );
        assert_eq!(link_phones("Inga nummer 2026."), None);
    }
}
