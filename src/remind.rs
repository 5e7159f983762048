//! `samsyn remind`: who must act, from the compiled site. One digest per
//! person holding a role that owns documents (what is overdue, due within
//! the window, or cites repealed law), and the vacant roles with what
//! they own. Formatted as text (for a cron mail), JSON (for scripts) or an
//! mbox of one message per person with an address, for a mail tool to
//! send: samsyn itself sends nothing.

use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;

use crate::dates::{days_between, Interval};
use crate::model::{Kind, ReviewStatus};
use crate::render::url;
use crate::resolve::{Page, Site};

/// What `remind` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Mbox,
}

impl Format {
    /// Parses `text`, `json` or `mbox`.
    pub fn parse(s: &str) -> Result<Format, String> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "mbox" => Ok(Format::Mbox),
            _ => Err("use text, json or mbox".into()),
        }
    }
}

/// Parses `--within`: `30d`, `2w`, `3m`, `1y`, or an interval as front
/// matter writes one (`30 dagar`).
pub fn parse_within(s: &str) -> Result<Interval, String> {
    // A command-line value: clap's own words around it are English.
    within(s).map_err(|m| m.en())
}

fn within(s: &str) -> Result<Interval, crate::messages::Message> {
    let t = s.trim();
    let unit = match t.chars().last() {
        Some('d') => "days",
        Some('w') => "weeks",
        Some('m') => "months",
        Some('y') => "years",
        _ => return Interval::parse(t),
    };
    let count = &t[..t.len() - 1];
    match count.chars().all(|c| c.is_ascii_digit()) && !count.is_empty() {
        true => Interval::parse(&format!("{count} {unit}")),
        false => Interval::parse(t),
    }
}

/// Everything `remind` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Digest {
    /// The day it is made for.
    pub today: String,
    /// The last day "due within the window" reaches.
    pub until: String,
    pub people: Vec<Person>,
    pub vacant: Vec<Vacant>,
}

/// One person who holds an owner role, with what they must see to.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub name: String,
    pub email: Option<String>,
    pub roles: Vec<RoleRef>,
    pub documents: Vec<Item>,
}

/// A role, as a digest names it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RoleRef {
    pub id: String,
    pub title: String,
    pub url: String,
}

/// A document (or contact list) that needs its owner.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub url: String,
    /// Machine key (`overdue`, `due`, `current`).
    pub status: &'static str,
    pub status_label: &'static str,
    pub next_review: Option<String>,
    /// Days from today to the next review; negative when overdue.
    pub days_left: Option<i64>,
    /// Why it is listed: `overdue`, `due`, `repealed_law`.
    pub reasons: Vec<&'static str>,
    /// The repealed laws it cites (their titles).
    pub repealed_laws: Vec<String>,
}

/// A role nobody holds, with the documents it owns.
#[derive(Debug, Clone, Serialize)]
pub struct Vacant {
    pub role: RoleRef,
    pub documents: Vec<Item>,
}

/// The digest for `site` (on its `today`), due within `within`.
pub fn digest(site: &Site, within: Interval) -> Digest {
    let today = site.today;
    let until = within.after(today).unwrap_or(today);
    let mut people: Vec<Person> = Vec::new();
    let mut vacant = Vec::new();
    for (i, role) in site.pages.iter().enumerate() {
        if role.kind() != Kind::Role {
            continue;
        }
        let owned = role.rev.owns.iter().map(|&d| &site.pages[d]);
        let role_ref = role_ref(site, i);
        if role.laws.vacant {
            vacant.push(Vacant {
                role: role_ref.clone(),
                documents: owned
                    .clone()
                    .filter_map(|d| item(site, d, until, true))
                    .collect(),
            });
        }
        if role.rev.owns.is_empty() {
            continue;
        }
        let items: Vec<Item> = owned.filter_map(|d| item(site, d, until, false)).collect();
        for &(list, entry) in &role.rev.holders {
            let c = &site.pages[list].parsed.meta.contacts[entry];
            let email = c
                .email
                .as_deref()
                .filter(|e| is_address(e))
                .map(str::to_string);
            let same = |p: &Person| match (&p.email, &email) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                (None, None) => p.name == c.name,
                _ => false,
            };
            let at = match people.iter().position(same) {
                Some(at) => at,
                None => {
                    people.push(Person {
                        name: c.name.clone(),
                        email: email.clone(),
                        roles: Vec::new(),
                        documents: Vec::new(),
                    });
                    people.len() - 1
                }
            };
            let person = &mut people[at];
            if !person.roles.contains(&role_ref) {
                person.roles.push(role_ref.clone());
                for it in &items {
                    if !person.documents.iter().any(|d| d.id == it.id) {
                        person.documents.push(it.clone());
                    }
                }
            }
        }
    }
    for p in &mut people {
        p.documents.sort_by_key(by_urgency);
    }
    people.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.email.cmp(&b.email)));
    Digest {
        today: today.to_string(),
        until: until.to_string(),
        people,
        vacant,
    }
}

/// Overdue first, then by next review; undated last; ties by title.
fn by_urgency(i: &Item) -> (bool, Option<i64>, String) {
    (i.days_left.is_none(), i.days_left, i.title.clone())
}

fn role_ref(site: &Site, i: usize) -> RoleRef {
    let p = &site.pages[i];
    RoleRef {
        id: p.id().to_string(),
        title: p.title().to_string(),
        url: url(site, p),
    }
}

/// Document `p` as an item, if it is in force and its owner must act on
/// it (or, with `all`, whenever it is in force).
fn item(site: &Site, p: &Page, until: Date, all: bool) -> Option<Item> {
    if !p.status.in_force() {
        return None;
    }
    let mut reasons = Vec::new();
    if p.status == ReviewStatus::Overdue {
        reasons.push("overdue");
    } else if p.next_review.is_some_and(|n| n <= until) {
        reasons.push("due");
    }
    if p.needs_review() {
        reasons.push("repealed_law");
    }
    if reasons.is_empty() && !all {
        return None;
    }
    Some(Item {
        id: p.id().to_string(),
        title: p.title().to_string(),
        kind: p.kind().key(),
        url: url(site, p),
        status: p.status.key(),
        status_label: p.status.label(),
        next_review: p.next_review.map(|d| d.to_string()),
        days_left: p.next_review.map(|n| days_between(site.today, n)),
        reasons,
        repealed_laws: p
            .laws
            .repealed
            .iter()
            .map(|&l| crate::resolve::laws::law_name(&site.pages[l]))
            .collect(),
    })
}

/// Whether an e-mail address can go into a header as it is.
fn is_address(e: &str) -> bool {
    let ok = |c: char| {
        c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | ',' | ';' | '(' | ')' | '\\')
    };
    e.split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.contains('@'))
        && e.chars().all(ok)
}

/// The digest as JSON: an object with `people` and `vacant`.
pub fn json(d: &Digest) -> String {
    let mut s = serde_json::to_string_pretty(d).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// The digest as text, for a cron mail.
pub fn text(d: &Digest, site_title: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Granskningspåminnelse – {site_title}, {}", d.today);
    let _ = writeln!(
        s,
        "Dokument som är försenade, ska granskas senast {} eller hänvisar till upphävd lag.",
        d.until
    );
    for p in &d.people {
        s.push('\n');
        s.push_str(&person_text(p));
    }
    if !d.vacant.is_empty() {
        let _ = writeln!(
            s,
            "\nVakanta roller (ingen har rollen enligt kontaktlistorna):"
        );
        for v in &d.vacant {
            let _ = writeln!(s, "- {} ({}) {}", v.role.title, v.role.id, v.role.url);
            for it in &v.documents {
                s.push_str(&item_text(it, "    "));
            }
        }
    }
    s
}

/// One person's part of the text digest.
fn person_text(p: &Person) -> String {
    let mut s = String::new();
    let email = p
        .email
        .as_deref()
        .map(|e| format!(" <{e}>"))
        .unwrap_or_default();
    let _ = writeln!(s, "{}{email}", p.name);
    let roles: Vec<String> = p
        .roles
        .iter()
        .map(|r| format!("{} ({})", r.title, r.id))
        .collect();
    let _ = writeln!(s, "Roller: {}", roles.join(", "));
    if p.documents.is_empty() {
        let _ = writeln!(s, "  Inget behöver göras just nu.");
    }
    for it in &p.documents {
        s.push_str(&item_text(it, "  "));
    }
    s
}

fn item_text(it: &Item, indent: &str) -> String {
    let mut s = String::new();
    let next = it.next_review.as_deref().unwrap_or("ingen");
    let when = match it.days_left {
        Some(n) if n < 0 => format!(", försenad {} dagar", -n),
        Some(n) => format!(", om {n} dagar"),
        None => String::new(),
    };
    let _ = writeln!(s, "{indent}- {} ({})", it.title, it.id);
    let _ = writeln!(
        s,
        "{indent}  Status: {}; nästa granskning: {next}{when}",
        it.status_label
    );
    for law in &it.repealed_laws {
        let _ = writeln!(s, "{indent}  Hänvisar till upphävd lag: {law}");
    }
    let _ = writeln!(s, "{indent}  {}", it.url);
    s
}

/// The digest as an mbox: one RFC 5322 message per person with an
/// address, bodies escaped as mboxrd (`>From `), headers with non-ASCII
/// text encoded as RFC 2047 words.
pub fn mbox(d: &Digest, site_title: &str, today: Date) -> String {
    let mut out = String::new();
    let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        [today.weekday().to_monday_zero_offset() as usize];
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][today.month() as usize - 1];
    for (n, p) in d.people.iter().enumerate() {
        let Some(email) = &p.email else { continue };
        let _ = writeln!(
            out,
            "From samsyn@localhost {weekday} {month} {:>2} 00:00:00 {}",
            today.day(),
            today.year()
        );
        let _ = writeln!(out, "From: samsyn <samsyn@localhost>");
        let _ = writeln!(out, "To: {} <{email}>", display_name(&p.name));
        let subject = format!("Granskningspåminnelse – {site_title}");
        let _ = writeln!(out, "Subject: {}", encode_header(&subject));
        let _ = writeln!(
            out,
            "Date: {weekday}, {:02} {month} {} 00:00:00 +0000",
            today.day(),
            today.year()
        );
        let _ = writeln!(out, "Message-ID: <remind-{today}-{n}@samsyn.invalid>");
        let _ = writeln!(out, "MIME-Version: 1.0");
        let _ = writeln!(out, "Content-Type: text/plain; charset=UTF-8");
        let _ = writeln!(out, "Content-Transfer-Encoding: 8bit");
        out.push('\n');
        let body = format!("Hej {}!\n\n{}", p.name, person_text(p));
        for line in body.lines() {
            // mboxrd: a body line that reads as a "From " line, with any
            // number of `>` before it, gets one more.
            if line.trim_start_matches('>').starts_with("From ") {
                out.push('>');
            }
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// A display name for `To:`: as it is when plain ASCII words, else an
/// RFC 2047 encoded word.
fn display_name(name: &str) -> String {
    let plain = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-' || c == '.');
    match plain {
        true => format!("\"{name}\""),
        false => encode_header(name),
    }
}

/// `text` as RFC 2047 `B` encoded words of at most 75 characters, folded
/// onto continuation lines; plain ASCII text as it is.
fn encode_header(text: &str) -> String {
    if text.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        return text.to_string();
    }
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        // 45 bytes make 60 base64 characters: 72 with `=?UTF-8?B?…?=`.
        if chunk.len() + c.len_utf8() > 45 {
            words.push(format!("=?UTF-8?B?{}?=", base64(chunk.as_bytes())));
            chunk.clear();
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(format!("=?UTF-8?B?{}?=", base64(chunk.as_bytes())));
    }
    words.join("\n ")
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= c.len() {
                s.push(T[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("å".as_bytes()), "w6U=");
    }

    #[test]
    fn headers_encode_only_what_needs_it() {
        assert_eq!(encode_header("Hello"), "Hello");
        let long = encode_header(&"å".repeat(40));
        assert!(long.lines().all(|l| l.trim_start().len() <= 75), "{long}");
        assert!(long.starts_with("=?UTF-8?B?"));
    }

    #[test]
    fn within_takes_short_and_long_forms() {
        assert_eq!(parse_within("30d").ok(), Interval::parse("30 days").ok());
        assert_eq!(parse_within("2w").ok(), Interval::parse("2 weeks").ok());
        assert_eq!(
            parse_within("30 dagar").ok(),
            Interval::parse("30 dagar").ok()
        );
        assert!(parse_within("soon").is_err());
    }

    #[test]
    fn addresses_that_could_break_a_header_are_refused() {
        assert!(is_address("anna.berg@kommun.example"));
        assert!(!is_address("anna <x@y.se>"));
        assert!(!is_address("x@y.se\nBcc: z@w.se"));
        assert!(!is_address("no-at-sign"));
    }
}
