//! Parse: the YAML front matter of a page into [`Meta`].
//!
//! We read the YAML into a generic value first and check every key
//! ourselves, so that one file reports all its mistakes at once, each at the
//! line it is on, with the closest valid key or value as a hint.

use crate::dates::{parse_date, Interval};
use crate::error::{closest, Diagnostic};
use crate::keys::{self, KeyDef, Need, Slot, CONTACT_FIELDS, HISTORY_FIELDS};
use crate::lines::line_of;
use crate::messages::msg;
use crate::messages::Message;
use crate::model::{Alias, Contact, DateAt, HistoryEntry, Kind, Meta, Ref};
use crate::yaml::{self, Mapping, Value};
use crate::yaml::{holds_control_character, holds_personnummer, scalar_string};

/// The front matter and where the body starts.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub kind: Kind,
    pub meta: Meta,
    /// Byte offset of the Markdown body in the file.
    pub body_offset: usize,
    /// (first, last) file line of every key whose value holds a personal
    /// identity number once YAML has read it (`"\u2011"` and the like are
    /// escapes the file's own text does not show).
    pub personnummer_lines: Vec<(usize, usize)>,
    /// The same for control characters (`"\e[2J"` is an escape sequence).
    pub control_lines: Vec<(usize, usize)>,
}

/// Splits and parses a page. Returns `None` when the front matter is
/// unusable (no title, broken YAML); the diagnostics say why.
pub fn parse(file: &str, text: &str) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let Some((yaml, yaml_offset, body_offset)) = split(text) else {
        diags.push(no_front_matter(file, text));
        return (None, diags);
    };
    let first_line = line_of(text, yaml_offset);
    let at = |offset: usize| {
        let (line, col) = crate::lines::line_col(yaml, offset);
        (first_line + line - 1, col)
    };
    let value = match yaml::read(yaml) {
        Ok(read) => {
            for offset in read.typographic_quotes {
                let (line, col) = at(offset);
                diags.push(
                    Diagnostic::warning(file, line, col, msg!("yaml.typographic_quotes"))
                        .with_hint(msg!("yaml.typographic_quotes_hint")),
                );
            }
            read.value
        }
        Err(e) => {
            let (line, col) = at(e.offset);
            let mut d = Diagnostic::error(file, line, col, e.message);
            d.hint = e
                .hint
                .or_else(|| Some(msg!("frontmatter.invalid_yaml.hint")));
            diags.push(d);
            return (None, diags);
        }
    };
    let mapping = match value {
        Value::Mapping(m) => m,
        Value::Null => Mapping::new(),
        _ => {
            diags.push(Diagnostic::error(
                file,
                first_line,
                1,
                msg!("frontmatter.not_a_mapping"),
            ));
            return (None, diags);
        }
    };
    let mut reader = Reader {
        file,
        lines: KeyLines::new(yaml, first_line),
        diags: &mut diags,
        unreadable_dates: false,
    };
    let lines_where = |test: fn(&Value) -> bool| -> Vec<(usize, usize)> {
        mapping
            .iter()
            .filter(|(k, v)| test(k) || test(v))
            .map(|(k, _)| {
                let key = k.as_str().unwrap_or_default();
                reader
                    .lines
                    .block(key)
                    .map_or((first_line, first_line), |(s, e)| {
                        (first_line + s, first_line + e.max(s + 1) - 1)
                    })
            })
            .collect()
    };
    let personnummer_lines = lines_where(holds_personnummer);
    let control_lines = lines_where(holds_control_character);
    let fm = reader.read(&mapping).map(|(kind, meta)| FrontMatter {
        kind,
        meta,
        body_offset,
        personnummer_lines,
        control_lines,
    });
    (fm, diags)
}

/// Where the body of `text` starts: after its front matter, or at 0 when
/// it has none (an included file's own problems are reported at its file).
pub fn body_offset(text: &str) -> usize {
    split(text).map_or(0, |(_, _, body)| body)
}

/// Why a page has no front matter: none at all, or an opening `---` line
/// whose closing line is missing (reported at the opening line).
fn no_front_matter(file: &str, text: &str) -> Diagnostic {
    let first = text.split('\n').next().unwrap_or_default();
    if first.trim_end() == "---" {
        return Diagnostic::error(file, 1, 1, msg!("frontmatter.unclosed"))
            .with_hint(msg!("frontmatter.unclosed_hint"));
    }
    Diagnostic::error(file, 1, 1, msg!("frontmatter.none")).with_hint(msg!("frontmatter.none.hint"))
}

/// Finds the YAML between the opening and closing `---` lines.
/// Returns (yaml, yaml byte offset, body byte offset).
fn split(text: &str) -> Option<(&str, usize, usize)> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let start = first_end + 1;
    let mut pos = start;
    for line in text[start..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Some((&text[start..pos], start, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

/// Where each top-level key's block of lines is, so a value can be reported
/// at the line it is written on.
struct KeyLines<'a> {
    lines: Vec<&'a str>,
    /// File line number of `lines[0]`.
    first_line: usize,
    /// (key, index of its line) in order.
    keys: Vec<(String, usize)>,
}

impl<'a> KeyLines<'a> {
    fn new(yaml: &'a str, first_line: usize) -> Self {
        let lines: Vec<&str> = yaml.lines().collect();
        let keys = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                l.chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-')
            })
            .filter_map(|(i, l)| {
                let key = l
                    .split(':')
                    .next()?
                    .trim()
                    .trim_matches(|c| c == '"' || c == '\'');
                Some((key.to_string(), i))
            })
            .collect();
        KeyLines {
            lines,
            first_line,
            keys,
        }
    }

    /// (first, end) line indexes of a key's block.
    fn block(&self, key: &str) -> Option<(usize, usize)> {
        let pos = self.keys.iter().position(|(k, _)| k == key)?;
        let start = self.keys[pos].1;
        let end = self.keys.get(pos + 1).map_or(self.lines.len(), |(_, i)| *i);
        Some((start, end))
    }

    /// File line of a key.
    fn key_line(&self, key: &str) -> usize {
        self.block(key)
            .map_or(self.first_line, |(s, _)| self.first_line + s)
    }

    /// File (line, col) of `needle` as a whole word inside a key's block,
    /// searching from the `skip`-th line of the block; the key's line if absent.
    fn locate(&self, key: &str, needle: &str, skip: usize) -> (usize, usize) {
        let Some((start, _)) = self.block(key) else {
            return (self.first_line, 1);
        };
        self.find(key, needle, skip)
            .map_or((self.first_line + start, 1), |(i, col)| {
                (self.first_line + start + i, col)
            })
    }

    /// (line index within the key's block, column) of `needle` as a word,
    /// searching from the `skip`th line of the block.
    fn find(&self, key: &str, needle: &str, skip: usize) -> Option<(usize, usize)> {
        let (start, end) = self.block(key)?;
        ((start + skip).min(end)..end)
            .find_map(|i| find_word(self.lines[i], needle).map(|col| (i - start, col)))
    }

    /// Line indexes (within the block) where the list items of a key start.
    fn item_lines(&self, key: &str) -> Vec<usize> {
        let Some((start, end)) = self.block(key) else {
            return Vec::new();
        };
        let items: Vec<usize> = (start + 1..end)
            .filter(|i| self.lines[*i].trim_start().starts_with("- "))
            .map(|i| i - start)
            .collect();
        let indent =
            |i: usize| self.lines[start + i].len() - self.lines[start + i].trim_start().len();
        let min = items.iter().map(|i| indent(*i)).min().unwrap_or(0);
        items.into_iter().filter(|i| indent(*i) == min).collect()
    }
}

/// 1-based char column of `needle` in `line` where it stands as a word.
fn find_word(line: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-' || c == '.';
    let mut from = 0;
    while let Some(pos) = line[from..].find(needle) {
        let at = from + pos;
        let before_ok = line[..at].chars().next_back().is_none_or(|c| !is_word(c));
        let after_ok = line[at + needle.len()..]
            .chars()
            .next()
            .is_none_or(|c| !is_word(c));
        if before_ok && after_ok {
            return Some(line[..at].chars().count() + 1);
        }
        from = at + needle.len();
    }
    None
}

struct Reader<'a, 'd> {
    file: &'a str,
    lines: KeyLines<'a>,
    diags: &'d mut Vec<Diagnostic>,
    /// Whether a date or an interval was written that is not one.
    unreadable_dates: bool,
}

impl Reader<'_, '_> {
    fn error_at_key(&mut self, key: &str, message: Message, hint: Option<Message>) {
        let line = self.lines.key_line(key);
        let mut d = Diagnostic::error(self.file, line, 1, message);
        d.hint = hint;
        self.diags.push(d);
    }

    fn read(&mut self, m: &Mapping) -> Option<(Kind, Meta)> {
        let (kind, check_keys) = self.read_kind(m);
        let mut meta = Meta::default();
        let mut given: Vec<&str> = Vec::new();
        for (k, v) in m {
            let Some(key) = k.as_str() else {
                self.diags.push(Diagnostic::error(
                    self.file,
                    self.lines.first_line,
                    1,
                    msg!("frontmatter.key_not_a_word"),
                ));
                continue;
            };
            let def = match check_keys {
                true => self.key_allowed(key, kind),
                false => keys::find(key).filter(|d| d.kinds.contains(kind)),
            };
            let Some(def) = def else {
                continue;
            };
            if self.read_key(def, v, &mut meta) {
                given.push(def.name);
            }
        }
        let mut usable = true;
        for def in keys::of_kind(kind) {
            let Need::Required { hint } = def.need else {
                continue;
            };
            if given.contains(&def.name) {
                continue;
            }
            // A list or a mapping where one value belongs is reported as
            // such; "missing" would be a second message for one mistake.
            if matches!(
                m.get(def.name),
                Some(Value::Sequence(_) | Value::Mapping(_))
            ) {
                usable = false;
                continue;
            }
            let line = match m.get(def.name) {
                Some(_) => self.lines.key_line(def.name),
                None => self.lines.first_line,
            };
            self.diags.push(
                Diagnostic::error(
                    self.file,
                    line,
                    1,
                    msg!("frontmatter.missing", key = def.name),
                )
                .with_hint(hint()),
            );
            usable = false;
        }
        if !usable {
            return None;
        }
        meta.unreadable_dates = self.unreadable_dates;
        self.check_dates(&meta);
        Some((kind, meta))
    }

    /// The page's kind, and whether its keys are to be checked against it.
    /// A kind that does not exist is reported once; the keys are then
    /// checked against the kind it most likely means, or (when no kind is
    /// close) not at all: a misspelt kind is one mistake, not one per key.
    fn read_kind(&mut self, m: &Mapping) -> (Kind, bool) {
        let Some(v) = m.get("kind") else {
            return (Kind::Page, true);
        };
        let text = scalar_string(v).unwrap_or_default();
        if let Some(kind) = Kind::parse(&text) {
            return (kind, true);
        }
        let keys: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
        let kinds = keys.join(", ");
        let near = closest(&text, keys.iter().copied());
        let hint = match near {
            Some(near) => msg!("frontmatter.unknown_kind.near", near = near, kinds = kinds),
            None => msg!("frontmatter.unknown_kind.hint", kinds = kinds),
        };
        let (line, col) = self.lines.locate("kind", &text, 0);
        self.diags.push(
            Diagnostic::error(
                self.file,
                line,
                col,
                msg!("frontmatter.unknown_kind", kind = text),
            )
            .with_hint(hint),
        );
        match near.and_then(Kind::parse) {
            Some(meant) => (meant, true),
            None => (Kind::Page, false),
        }
    }

    /// The key's definition if `kind` takes it; otherwise reports it, as
    /// unknown or as a key of another kind.
    fn key_allowed(&mut self, key: &str, kind: Kind) -> Option<&'static KeyDef> {
        if let Some(def) = keys::find(key) {
            if def.kinds.contains(kind) {
                return Some(def);
            }
            let owner_kinds: Vec<String> = Kind::ALL
                .iter()
                .filter(|k| def.kinds.contains(**k))
                .map(|k| format!("`{}`", k.key()))
                .collect();
            self.error_at_key(
                key,
                msg!(
                    "frontmatter.key_of_other_kind",
                    key = key,
                    kind = kind.key()
                ),
                Some(msg!(
                    "frontmatter.key_of_other_kind.hint",
                    kinds = owner_kinds.join(", ")
                )),
            );
            return None;
        }
        let known: Vec<&str> = keys::of_kind(kind).map(|k| k.name).collect();
        let message = match closest(key, known.iter().copied()) {
            Some(near) => msg!("frontmatter.unknown_key.near", key = key, near = near),
            None => msg!("frontmatter.unknown_key", key = key),
        };
        self.error_at_key(
            key,
            message,
            Some(msg!(
                "frontmatter.unknown_key.hint",
                kind = kind.key(),
                keys = known.join(", ")
            )),
        );
        None
    }

    /// Reads one key's value into its field of `meta`; whether it gave one.
    fn read_key(&mut self, def: &KeyDef, v: &Value, meta: &mut Meta) -> bool {
        let key = def.name;
        match def.slot {
            // Read first, by `read_kind`: it decides which keys are allowed.
            Slot::Kind => true,
            Slot::Title(f) => put(f(meta), self.text(key, v).unwrap_or_default()),
            Slot::Text(f) => put(f(meta), self.text(key, v)),
            Slot::Id(f) => put(f(meta), self.id(key, v)),
            Slot::Words(f) => put(f(meta), self.text_list(key, v)),
            Slot::Paths(f) => put(f(meta), self.paths(key, v)),
            Slot::Flag(f) => put(f(meta), self.boolean(key, v)),
            Slot::Date(f) => put(f(meta), self.date(key, v).map(|d| d.date)),
            Slot::DateAt(f) => put(f(meta), self.date(key, v)),
            Slot::Interval(f) => put(f(meta), self.interval(key, v)),
            Slot::Ref(_, f) => put(f(meta), self.one_ref(key, v)),
            Slot::Refs(_, _, f) => put(f(meta), self.refs(key, v)),
            Slot::History(f) => put(f(meta), self.history(key, v)),
            Slot::Contacts(_, f) => put(f(meta), self.contacts(key, v)),
        }
    }

    fn wrong_type(&mut self, key: &str, expected: Message, v: &Value) {
        if matches!(v, Value::Sequence(_)) && expected.id() == "frontmatter.value.text" {
            let line = self.lines.key_line(key);
            self.diags.push(
                Diagnostic::error(
                    self.file,
                    line,
                    1,
                    msg!("frontmatter.list_for_one", key = key),
                )
                .with_hint(msg!("frontmatter.list_for_one_hint", key = key)),
            );
            return;
        }
        let got = match v {
            Value::Null => msg!("frontmatter.value.nothing"),
            Value::Bool(_) => msg!("frontmatter.value.bool"),
            Value::Number(_) => msg!("frontmatter.value.number"),
            Value::String(_) => msg!("frontmatter.value.text"),
            Value::Sequence(_) => msg!("frontmatter.value.list"),
            Value::Mapping(_) => msg!("frontmatter.value.mapping"),
        };
        let message = msg!(
            "frontmatter.wrong_type",
            key = key,
            expected = expected,
            got = got
        );
        self.error_at_key(key, message, None);
    }

    fn text(&mut self, key: &str, v: &Value) -> Option<String> {
        match scalar_string(v) {
            Some(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            None if v.is_null() => None,
            None => {
                self.wrong_type(key, msg!("frontmatter.value.text"), v);
                None
            }
        }
    }

    fn id(&mut self, key: &str, v: &Value) -> Option<String> {
        let id = self.text(key, v)?;
        if id.chars().any(char::is_whitespace) {
            self.error_at_key(
                key,
                msg!("frontmatter.id_spaces", id = id),
                Some(msg!("frontmatter.id_spaces.hint")),
            );
            return None;
        }
        Some(id)
    }

    fn boolean(&mut self, key: &str, v: &Value) -> bool {
        match v {
            Value::Bool(b) => *b,
            Value::Null => false,
            _ => {
                self.wrong_type(key, msg!("frontmatter.value.true_or_false"), v);
                false
            }
        }
    }

    /// A list of text, or a single text as a list of one.
    fn text_list(&mut self, key: &str, v: &Value) -> Vec<String> {
        match v {
            Value::Sequence(items) => {
                let mut out = Vec::new();
                for item in items {
                    match scalar_string(item) {
                        Some(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        Some(_) => {}
                        None => self.wrong_type(key, msg!("frontmatter.value.words"), item),
                    }
                }
                out
            }
            Value::Null => Vec::new(),
            _ => self.text(key, v).into_iter().collect(),
        }
    }

    fn refs(&mut self, key: &str, v: &Value) -> Vec<Ref> {
        let ids = match v {
            Value::Mapping(_) => {
                self.wrong_type(key, msg!("frontmatter.value.ids"), v);
                return Vec::new();
            }
            _ => self.text_list(key, v),
        };
        // A scaffold's `«fyll i»` names no page: `parse` says to fill it in.
        let ids = ids
            .into_iter()
            .filter(|id| !crate::scaffold::has_marker(id));
        // Ids are written in order: look for each from where the one before
        // it was found, so a long list is read once, not once per id.
        let mut from = 0;
        ids.map(|id| {
            let found = self.lines.find(key, &id, from);
            if let Some((i, _)) = found {
                from = i;
            }
            let (line, col) = match found.or_else(|| self.lines.find(key, &id, 0)) {
                Some((i, col)) => (self.lines.key_line(key) + i, col),
                None => self.lines.locate(key, &id, 0),
            };
            Ref {
                id: crate::model::PageId(id),
                line,
                col,
            }
        })
        .collect()
    }

    /// Site paths, each normalised as page URLs are; one that is not a
    /// path of this site is an error at its place.
    fn paths(&mut self, key: &str, v: &Value) -> Vec<Alias> {
        let mut out = Vec::new();
        for written in self.refs(key, v) {
            let (line, col) = (written.line, written.col);
            match crate::urls::alias_path(written.id.as_str()) {
                Ok(path) => out.push(Alias { path, line, col }),
                Err(why) => self.diags.push(
                    Diagnostic::error(
                        self.file,
                        line,
                        col,
                        msg!(
                            "frontmatter.alias",
                            key = key,
                            path = written.id.as_str(),
                            why = why
                        ),
                    )
                    .with_hint(msg!("frontmatter.alias.hint")),
                ),
            }
        }
        out
    }

    fn one_ref(&mut self, key: &str, v: &Value) -> Option<Ref> {
        let mut refs = self.refs(key, v);
        if refs.len() > 1 {
            self.error_at_key(key, msg!("frontmatter.one_id", key = key), None);
        }
        (!refs.is_empty()).then(|| refs.swap_remove(0))
    }

    fn date(&mut self, key: &str, v: &Value) -> Option<DateAt> {
        let text = self.text(key, v)?;
        match parse_date(&text) {
            Ok(date) => Some(DateAt {
                date,
                line: self.lines.key_line(key),
            }),
            Err(why) => {
                self.unreadable_dates = true;
                let (line, col) = self.lines.locate(key, &text, 0);
                self.diags.push(Diagnostic::error(
                    self.file,
                    line,
                    col,
                    msg!("frontmatter.key_value", key = key, why = why),
                ));
                None
            }
        }
    }

    fn interval(&mut self, key: &str, v: &Value) -> Option<Interval> {
        let text = self.text(key, v)?;
        match Interval::parse(&text) {
            Ok(i) => Some(i),
            Err(why) => {
                self.unreadable_dates = true;
                self.error_at_key(
                    key,
                    msg!("frontmatter.key_value", key = key, why = why),
                    None,
                );
                None
            }
        }
    }
}

/// Keys whose value is a list of entries (`history`, `contacts`), each a
/// mapping of its own with fields checked and located one by one.
impl Reader<'_, '_> {
    /// A list of mappings, each item reported at its own line.
    fn entries<'v>(&mut self, key: &str, v: &'v Value) -> Vec<(usize, &'v Mapping)> {
        let Value::Sequence(items) = v else {
            if !v.is_null() {
                self.wrong_type(key, msg!("frontmatter.value.entries"), v);
            }
            return Vec::new();
        };
        let item_lines = self.lines.item_lines(key);
        let key_line = self.lines.key_line(key);
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let line = item_lines.get(i).map_or(key_line, |l| key_line + l);
            match item {
                Value::Mapping(m) => out.push((line, m)),
                _ => self.diags.push(Diagnostic::error(
                    self.file,
                    line,
                    1,
                    msg!("frontmatter.entry_not_a_mapping", key = key),
                )),
            }
        }
        out
    }

    fn entry_keys(&mut self, key: &str, line: usize, m: &Mapping, allowed: &[&str]) {
        for k in m.keys() {
            let k = k.as_str().unwrap_or_default();
            if !allowed.contains(&k) {
                let message = match closest(k, allowed.iter().copied()) {
                    Some(near) => {
                        msg!(
                            "frontmatter.unknown_field.near",
                            field = k,
                            key = key,
                            near = near
                        )
                    }
                    None => msg!("frontmatter.unknown_field", field = k, key = key),
                };
                let (l, c) = self.locate_after(key, k, line);
                self.diags.push(
                    Diagnostic::error(self.file, l, c, message)
                        .with_hint(msg!("frontmatter.fields", fields = allowed.join(", "))),
                );
            }
        }
    }

    /// Locates `needle` in a key's block at or after file line `line`.
    fn locate_after(&self, key: &str, needle: &str, line: usize) -> (usize, usize) {
        let skip = line.saturating_sub(self.lines.key_line(key));
        self.lines.locate(key, needle, skip)
    }

    fn entry_text(&mut self, key: &str, line: usize, m: &Mapping, field: &str) -> Option<String> {
        let v = m.get(field)?;
        match scalar_string(v) {
            Some(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            None => {
                let (l, c) = self.locate_after(key, field, line);
                self.diags.push(Diagnostic::error(
                    self.file,
                    l,
                    c,
                    msg!("frontmatter.field_not_text", key = key, field = field),
                ));
                None
            }
        }
    }

    fn history(&mut self, key: &str, v: &Value) -> Vec<HistoryEntry> {
        let mut out = Vec::new();
        for (line, m) in self.entries(key, v) {
            self.entry_keys(key, line, m, HISTORY_FIELDS);
            let date_text = self.entry_text(key, line, m, "date");
            let note = self.entry_text(key, line, m, "note");
            let decided_by = self.entry_text(key, line, m, "decided_by");
            let Some(date_text) = date_text else {
                self.diags.push(
                    Diagnostic::error(self.file, line, 1, msg!("frontmatter.history.no_date"))
                        .with_hint(msg!("frontmatter.history.no_date.hint")),
                );
                continue;
            };
            let date = match parse_date(&date_text) {
                Ok(d) => d,
                Err(why) => {
                    let (l, c) = self.locate_after(key, &date_text, line);
                    self.diags.push(Diagnostic::error(
                        self.file,
                        l,
                        c,
                        msg!("frontmatter.key_value", key = key, why = why),
                    ));
                    continue;
                }
            };
            let Some(note) = note else {
                self.diags.push(
                    Diagnostic::error(self.file, line, 1, msg!("frontmatter.history.no_note"))
                        .with_hint(msg!("frontmatter.history.no_note.hint")),
                );
                continue;
            };
            out.push(HistoryEntry {
                date,
                note,
                decided_by,
            });
        }
        out
    }

    fn contacts(&mut self, key: &str, v: &Value) -> Vec<Contact> {
        let mut out = Vec::new();
        for (line, m) in self.entries(key, v) {
            self.entry_keys(key, line, m, CONTACT_FIELDS);
            let name = self.entry_text(key, line, m, "name");
            let role = self.entry_text(key, line, m, keys::CONTACT_ROLE);
            let (Some(name), Some(role)) = (name, role) else {
                self.diags.push(
                    Diagnostic::error(self.file, line, 1, msg!("frontmatter.contact.incomplete"))
                        .with_hint(msg!("frontmatter.contact.incomplete.hint")),
                );
                continue;
            };
            let (rl, rc) = self.locate_after(key, &role, line);
            out.push(Contact {
                name,
                role: Ref {
                    id: crate::model::PageId(role),
                    line: rl,
                    col: rc,
                },
                unit: self.entry_text(key, line, m, "unit"),
                phone: self.entry_text(key, line, m, "phone"),
                email: self.entry_text(key, line, m, "email"),
                note: self.entry_text(key, line, m, "note"),
            });
        }
        out
    }

    fn check_dates(&mut self, meta: &Meta) {
        if let (Some(from), Some(until)) = (meta.valid_from, meta.valid_until) {
            if until.date < from.date {
                self.diags.push(
                    Diagnostic::error(
                        self.file,
                        until.line,
                        1,
                        msg!(
                            "frontmatter.valid_until_before_from",
                            until = until.date,
                            from = from.date
                        ),
                    )
                    .with_hint(msg!("frontmatter.valid_until_before_from.hint")),
                );
            }
        }
    }
}

/// Whether a value read from front matter says anything, for required keys.
trait Given {
    fn given(&self) -> bool;
}

impl<T> Given for Option<T> {
    fn given(&self) -> bool {
        self.is_some()
    }
}

impl<T> Given for Vec<T> {
    fn given(&self) -> bool {
        !self.is_empty()
    }
}

impl Given for String {
    fn given(&self) -> bool {
        !self.is_empty()
    }
}

impl Given for bool {
    fn given(&self) -> bool {
        true
    }
}

/// Stores a value in its field; whether it says anything.
fn put<T: Given>(field: &mut T, value: T) -> bool {
    let given = value.given();
    *field = value;
    given
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> (Kind, Meta) {
        let (fm, diags) = parse("content/a.md", text);
        assert!(diags.is_empty(), "{diags:?}");
        let fm = fm.unwrap();
        (fm.kind, fm.meta)
    }

    #[test]
    fn reads_a_routine() {
        let (kind, meta) = parse_ok(
            "---\ntitle: Orosanmälan\nkind: routine\nowner: rektor\nroles: [kurator, rektor]\nrevised: 2024-01-31\nreview_interval: 6 månader\n---\nBody\n",
        );
        assert_eq!(kind, Kind::Routine);
        assert_eq!(meta.owner[0].id.as_str(), "rektor");
        assert_eq!(meta.owner[0].line, 4);
        assert_eq!(meta.roles[1].id.as_str(), "rektor");
        assert_eq!((meta.roles[1].line, meta.roles[1].col), (5, 18));
    }

    #[test]
    fn unknown_field_names_line_and_nearest_key() {
        let (_, diags) = parse(
            "content/a.md",
            "---\ntitle: A\nkind: routine\nownr: rektor\n---\n",
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 4);
        assert_eq!(
            diags[0].message.en(),
            "`ownr`: unknown field, did you mean `owner`?"
        );
    }

    #[test]
    fn yaml_error_is_at_file_line() {
        let (fm, diags) = parse("content/a.md", "---\ntitle: A\nkind: [routine\n---\n");
        assert!(fm.is_none());
        assert!(diags[0].line >= 3, "{diags:?}");
    }

    #[test]
    fn impossible_date_and_reversed_validity() {
        let (_, diags) = parse(
            "content/a.md",
            "---\ntitle: A\nkind: plan\nrevised: 2019-02-30\nvalid_from: 2025-01-01\nvalid_until: 2024-01-01\n---\n",
        );
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].col), (4, 10));
        assert_eq!(diags[1].line, 6);
    }

    #[test]
    fn contacts_and_history_entries_are_located() {
        let text = "---\ntitle: K\nkind: contacts\ncontacts:\n  - name: Anna\n    role: kurator\n  - name: Bo\n    rol: rektor\n---\n";
        let (_, diags) = parse("content/k.md", text);
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!(diags[0].line, 8);
        assert!(diags[0].message.en().contains("did you mean `role`"));
    }

    #[test]
    fn missing_title_and_front_matter() {
        assert_eq!(
            parse("a", "---\nkind: page\n---\n").1[0].message.en(),
            "missing `title`"
        );
        assert_eq!(
            parse("a", "# Rubrik\n").1[0].message.en(),
            "the page has no front matter"
        );
    }

    #[test]
    fn governing_key_on_a_role_is_rejected() {
        let (_, diags) = parse("a", "---\ntitle: R\nkind: role\ndecided_by: BUN\n---\n");
        assert!(
            diags[0].message.en().contains("not a key of kind `role`"),
            "{diags:?}"
        );
    }

    #[test]
    fn windows_line_endings_parse() {
        let (kind, meta) = parse_ok("---\r\ntitle: A\r\nkind: plan\r\n---\r\nText\r\n");
        assert_eq!((kind, meta.title.as_str()), (Kind::Plan, "A"));
    }
}
