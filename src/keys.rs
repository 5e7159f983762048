//! Every front matter key, once: [`KEYS`].
//!
//! A key's name, the kinds that take it, what its value must be and which
//! [`Meta`] field it fills, the kind a reference must name, the Swedish
//! label the theme shows for it and the line `samsyn new` writes for it
//! are one row here. `frontmatter` reads keys by it (and reports unknown
//! keys and keys of another kind from it), `resolve` checks references by
//! it, `scaffold` writes new pages from it, and `tests/readme_keys.rs`
//! holds README.md's key tables to it. Adding a key is a row here plus the
//! code that uses its value.

use jiff::civil::Date;

use crate::dates::Interval;
use crate::messages::msg;
use crate::messages::Message;
use crate::model::{Alias, Contact, DateAt, HistoryEntry, Kind, Meta, Ref};

/// One front matter key.
#[derive(Debug, Clone, Copy)]
pub struct KeyDef {
    /// As written in front matter.
    pub name: &'static str,
    /// The kinds that take it; on any other it is an error.
    pub kinds: Kinds,
    /// Whether a page without it is an error.
    pub need: Need,
    /// What the value must be, and the [`Meta`] field it fills.
    pub slot: Slot,
    /// The Swedish label the default theme shows with the value (its
    /// templates hold the text; this is what README.md documents), or
    /// `None` where the value is shown without one.
    pub label: Option<&'static str>,
    /// What `samsyn new` writes for it, per kind.
    pub scaffold: &'static [Scaffold],
}

/// Whether a key must be given.
#[derive(Debug, Clone, Copy)]
pub enum Need {
    /// A page may leave it out.
    Optional,
    /// Missing (or empty), the page is not usable; the hint says what to write.
    Required { hint: fn() -> Message },
}

/// What a key's value must be, and where in [`Meta`] it goes. The setters
/// are the one mapping from key to field.
#[derive(Debug, Clone, Copy)]
pub enum Slot {
    /// The page's kind: read before every other key, since it decides which
    /// keys the page takes. Stored as the page's kind, not in [`Meta`].
    Kind,
    /// Text that is always there (empty when not given).
    Title(fn(&mut Meta) -> &mut String),
    /// Text; numbers and booleans are read as their text.
    Text(fn(&mut Meta) -> &mut Option<String>),
    /// Text without spaces.
    Id(fn(&mut Meta) -> &mut Option<String>),
    /// A list of words, or one word as a list of one.
    Words(fn(&mut Meta) -> &mut Vec<String>),
    /// `true` or `false`.
    Flag(fn(&mut Meta) -> &mut bool),
    /// An ISO date.
    Date(fn(&mut Meta) -> &mut Option<Date>),
    /// An ISO date whose line later checks report.
    DateAt(fn(&mut Meta) -> &mut Option<DateAt>),
    /// A review interval (`1 år`, `6 months`).
    Interval(fn(&mut Meta) -> &mut Option<Interval>),
    /// One page id.
    Ref(RefDef, fn(&mut Meta) -> &mut Option<Ref>),
    /// Page ids (one id is read as a list of one).
    Refs(RefDef, Many, fn(&mut Meta) -> &mut Vec<Ref>),
    /// Site paths (`/gamla/adress/`), one or a list, each with its place.
    Paths(fn(&mut Meta) -> &mut Vec<Alias>),
    /// `{date, note, decided_by?}` entries ([`HISTORY_FIELDS`]).
    History(fn(&mut Meta) -> &mut Vec<HistoryEntry>),
    /// `{name, role, …}` entries ([`CONTACT_FIELDS`]); each `role` is a
    /// reference.
    Contacts(RefDef, fn(&mut Meta) -> &mut Vec<Contact>),
}

/// How a list of ids is usually written; both read the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Many {
    /// Usually several ids (`roles: [kurator, rektor]`).
    List,
    /// Mostly one id (`owner: rektor`), sometimes a list.
    OneOrList,
}

/// A front matter field that names other pages.
#[derive(Debug, Clone, Copy)]
pub struct RefDef {
    /// Its place among a page's resolved references.
    pub field: RefField,
    /// The kind the named page must be; `None`: any kind.
    pub target: Option<Kind>,
    /// The references it holds once read.
    pub get: fn(&Meta) -> Refs<'_>,
}

/// The front matter fields that name other pages, in the order
/// `resolve::Targets` keeps them. Each is one key's [`RefDef`] (checked when
/// compiling: see `BY_FIELD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefField {
    Owner,
    Roles,
    Members,
    Forums,
    AppliesTo,
    Chair,
    ReportsTo,
    Organisation,
    Parent,
    Supersedes,
    Related,
    /// A law's successor.
    ReplacedBy,
    /// The `role` of each entry of a contact list, by entry.
    ContactRoles,
}

impl RefField {
    /// Every field, in declaration order (which `Targets` relies on; checked
    /// when compiling).
    pub const ALL: [RefField; 13] = [
        RefField::Owner,
        RefField::Roles,
        RefField::Members,
        RefField::Forums,
        RefField::AppliesTo,
        RefField::Chair,
        RefField::ReportsTo,
        RefField::Organisation,
        RefField::Parent,
        RefField::Supersedes,
        RefField::Related,
        RefField::ReplacedBy,
        RefField::ContactRoles,
    ];
    /// How many fields there are.
    pub const COUNT: usize = RefField::ALL.len();

    /// The key the field is written as (`role` for a contact's role).
    pub fn key(self) -> &'static str {
        BY_FIELD[self as usize].0
    }

    /// The kind the named pages must be; `None`: any kind.
    pub fn target(self) -> Option<Kind> {
        BY_FIELD[self as usize].1.target
    }

    /// The field's references in a page's front matter, in written order.
    pub fn refs(self, meta: &Meta) -> Refs<'_> {
        (BY_FIELD[self as usize].1.get)(meta)
    }
}

/// The references of one field: a list, or the roles of contact entries.
#[derive(Debug, Clone)]
pub struct Refs<'m> {
    list: std::slice::Iter<'m, Ref>,
    contacts: std::slice::Iter<'m, Contact>,
}

impl<'m> Refs<'m> {
    /// The references of a list (or of an optional one, as a slice).
    pub fn list(list: &'m [Ref]) -> Self {
        Refs {
            list: list.iter(),
            contacts: [].iter(),
        }
    }

    /// The `role` of each contact entry.
    pub fn contact_roles(contacts: &'m [Contact]) -> Self {
        Refs {
            list: [].iter(),
            contacts: contacts.iter(),
        }
    }
}

impl<'m> Iterator for Refs<'m> {
    type Item = &'m Ref;

    fn next(&mut self) -> Option<&'m Ref> {
        self.list
            .next()
            .or_else(|| self.contacts.next().map(|c| &c.role))
    }
}

/// A set of kinds (a bit per [`Kind`], so sets are `const`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinds(u16);

impl Kinds {
    /// Every kind.
    pub const EVERY: Kinds = Kinds::of(&Kind::ALL);
    /// The governing document kinds.
    pub const GOVERNING: Kinds = Kinds::of(&Kind::GOVERNING);

    /// These kinds.
    pub const fn of(kinds: &[Kind]) -> Kinds {
        let mut bits = 0;
        let mut i = 0;
        while i < kinds.len() {
            bits |= 1 << kinds[i] as u16;
            i += 1;
        }
        Kinds(bits)
    }

    /// This set and `kind`.
    pub const fn and(self, kind: Kind) -> Kinds {
        Kinds(self.0 | 1 << kind as u16)
    }

    /// This set without the kinds of `other`.
    pub const fn without(self, other: Kinds) -> Kinds {
        Kinds(self.0 & !other.0)
    }

    /// Whether `kind` is in the set.
    pub const fn contains(self, kind: Kind) -> bool {
        self.0 & (1 << kind as u16) != 0
    }

    /// Whether every kind in `self` is in `other`.
    pub const fn within(self, other: Kinds) -> bool {
        self.0 & !other.0 == 0
    }
}

/// A line `samsyn new` writes for a key, on new pages of `kinds`.
#[derive(Debug, Clone, Copy)]
pub struct Scaffold {
    /// The kinds whose new pages get the line.
    pub kinds: Kinds,
    /// Where the line goes: a new page's lines are sorted by it (ties in
    /// table order), and hints of the same place share one line.
    pub place: u8,
    /// What the line says.
    pub line: Line,
}

/// What a scaffold line says; `{today}` stands for the day of `samsyn new`.
#[derive(Debug, Clone, Copy)]
pub enum Line {
    /// `key: value`, the comment (if not empty) in a column after it.
    Value(&'static str, &'static str),
    /// `# key: example`: a key left out, for editors to add.
    Hint(&'static str),
    /// `key:`, then these lines (commented-out example entries).
    Block(&'static str),
}

/// The fields of a `history` entry.
pub const HISTORY_FIELDS: &[&str] = &["date", "note", "decided_by"];
/// The fields of a `contacts` entry.
pub const CONTACT_FIELDS: &[&str] = &["name", CONTACT_ROLE, "unit", "phone", "email", "note"];
/// The field of a `contacts` entry that names a role.
pub const CONTACT_ROLE: &str = "role";

const OPTIONAL: Need = Need::Optional;
const EVERY: Kinds = Kinds::EVERY;
const GOVERNING: Kinds = Kinds::GOVERNING;
/// The review keys: governing documents and contact lists go stale.
const REVIEWED: Kinds = Kinds::GOVERNING.and(Kind::Contacts);
const ROLE: Kinds = Kinds::of(&[Kind::Role]);
const ORGANISATION: Kinds = Kinds::of(&[Kind::Organisation]);
const FORUM: Kinds = Kinds::of(&[Kind::Forum]);
const CONTACTS: Kinds = Kinds::of(&[Kind::Contacts]);
const LAW: Kinds = Kinds::of(&[Kind::Law]);

const fn line(kinds: Kinds, place: u8, line: Line) -> Scaffold {
    Scaffold { kinds, place, line }
}

const fn to(field: RefField, target: Option<Kind>, get: fn(&Meta) -> Refs<'_>) -> RefDef {
    RefDef { field, target, get }
}

/// Every key, in the order hints list them: common keys first, then the
/// others (a kind's keys keep this order when listed).
pub const KEYS: &[KeyDef] = &[
    KeyDef {
        name: "title",
        kinds: EVERY,
        need: Need::Required {
            hint: || msg!("keys.title.hint"),
        },
        slot: Slot::Title(|m| &mut m.title),
        label: None,
        scaffold: &[],
    },
    KeyDef {
        name: "kind",
        kinds: EVERY,
        need: OPTIONAL,
        slot: Slot::Kind,
        label: Some("Dokumenttyp"),
        scaffold: &[],
    },
    KeyDef {
        name: "id",
        kinds: EVERY,
        need: OPTIONAL,
        slot: Slot::Id(|m| &mut m.id),
        label: None,
        scaffold: &[],
    },
    KeyDef {
        name: "summary",
        kinds: EVERY,
        need: OPTIONAL,
        slot: Slot::Text(|m| &mut m.summary),
        label: None,
        scaffold: &[
            line(
                GOVERNING,
                1,
                Line::Value(
                    "\"«fyll i»\"",
                    "en eller två meningar som visas i listor och sökträffar",
                ),
            ),
            line(
                EVERY.without(GOVERNING),
                1,
                Line::Value(
                    "\"\"",
                    "en eller två meningar som visas i listor och sökträffar",
                ),
            ),
        ],
    },
    KeyDef {
        name: "tags",
        kinds: EVERY,
        need: OPTIONAL,
        slot: Slot::Words(|m| &mut m.tags),
        label: Some("Ämnen"),
        scaffold: &[line(
            EVERY,
            2,
            Line::Value("[]", "fria ämnesord, t.ex. [skolfrånvaro, elevhälsa]"),
        )],
    },
    KeyDef {
        name: "draft",
        kinds: EVERY,
        need: OPTIONAL,
        slot: Slot::Flag(|m| &mut m.draft),
        label: Some("Utkast"),
        scaffold: &[],
    },
    KeyDef {
        name: "related",
        kinds: EVERY,
        need: OPTIONAL,
        slot: Slot::Refs(
            to(RefField::Related, None, |m| Refs::list(&m.related)),
            Many::List,
            |m| &mut m.related,
        ),
        label: Some("Relaterade dokument"),
        scaffold: &[line(GOVERNING, 15, Line::Hint("[]"))],
    },
    KeyDef {
        name: "supersedes",
        kinds: EVERY,
        need: OPTIONAL,
        slot: Slot::Ref(
            to(RefField::Supersedes, None, |m| {
                Refs::list(m.supersedes.as_slice())
            }),
            |m| &mut m.supersedes,
        ),
        label: Some("Ersätter"),
        scaffold: &[line(GOVERNING, 15, Line::Hint("id"))],
    },
    KeyDef {
        name: "aliases",
        kinds: EVERY,
        need: OPTIONAL,
        slot: Slot::Paths(|m| &mut m.aliases),
        label: None,
        scaffold: &[],
    },
    KeyDef {
        name: "decided_by",
        kinds: GOVERNING,
        need: OPTIONAL,
        slot: Slot::Text(|m| &mut m.decided_by),
        label: Some("Beslutad av"),
        scaffold: &[line(
            GOVERNING,
            3,
            Line::Value("\"\"", "t.ex. \"BUN {today} § 12\""),
        )],
    },
    KeyDef {
        name: "decided",
        kinds: GOVERNING,
        need: OPTIONAL,
        slot: Slot::Date(|m| &mut m.decided),
        label: Some("Beslutsdatum"),
        scaffold: &[line(GOVERNING, 4, Line::Value("{today}", ""))],
    },
    KeyDef {
        name: "diary_number",
        kinds: GOVERNING,
        need: OPTIONAL,
        slot: Slot::Text(|m| &mut m.diary_number),
        label: Some("Diarienummer"),
        scaffold: &[line(GOVERNING, 5, Line::Value("\"\"", "t.ex. BUN 2025/123"))],
    },
    KeyDef {
        name: "applies_to",
        kinds: GOVERNING,
        need: OPTIONAL,
        slot: Slot::Refs(
            to(RefField::AppliesTo, Some(Kind::Organisation), |m| {
                Refs::list(&m.applies_to)
            }),
            Many::List,
            |m| &mut m.applies_to,
        ),
        label: Some("Gäller för"),
        scaffold: &[line(GOVERNING, 6, Line::Value("[]", "organisationers id"))],
    },
    // Before `owner`: a contact list's keys are listed `contacts` first.
    KeyDef {
        name: "contacts",
        kinds: CONTACTS,
        need: OPTIONAL,
        slot: Slot::Contacts(
            to(RefField::ContactRoles, Some(Kind::Role), |m| {
                Refs::contact_roles(&m.contacts)
            }),
            |m| &mut m.contacts,
        ),
        label: Some("Kontaktpersoner"),
        scaffold: &[line(
            CONTACTS,
            16,
            Line::Block(
                "  # - name: Förnamn Efternamn\n  #   role: roll-id\n  #   unit: Enhet\n  #   phone: 0123-45 67 89\n  #   email: fornamn.efternamn@kommun.example\n",
            ),
        )],
    },
    KeyDef {
        name: "owner",
        kinds: REVIEWED,
        need: OPTIONAL,
        slot: Slot::Refs(
            to(RefField::Owner, Some(Kind::Role), |m| Refs::list(&m.owner)),
            Many::OneOrList,
            |m| &mut m.owner,
        ),
        label: Some("Dokumentansvarig"),
        scaffold: &[
            line(
                GOVERNING,
                7,
                Line::Value("«fyll i»", "dokumentansvarig roll (roll-id)"),
            ),
            line(
                CONTACTS,
                7,
                Line::Value("[]", "vem som håller listan aktuell (roll-id)"),
            ),
        ],
    },
    KeyDef {
        name: "roles",
        kinds: GOVERNING,
        need: OPTIONAL,
        slot: Slot::Refs(
            to(RefField::Roles, Some(Kind::Role), |m| Refs::list(&m.roles)),
            Many::List,
            |m| &mut m.roles,
        ),
        label: Some("Berörda roller"),
        scaffold: &[line(
            GOVERNING,
            8,
            Line::Value("[]", "roller som får uppdrag i dokumentet"),
        )],
    },
    KeyDef {
        name: "forums",
        kinds: GOVERNING,
        need: OPTIONAL,
        slot: Slot::Refs(
            to(RefField::Forums, Some(Kind::Forum), |m| Refs::list(&m.forums)),
            Many::List,
            |m| &mut m.forums,
        ),
        label: Some("Samverkansforum"),
        scaffold: &[line(
            GOVERNING,
            9,
            Line::Value("[]", "samverkansforum där dokumentet följs upp"),
        )],
    },
    KeyDef {
        name: "valid_from",
        kinds: GOVERNING,
        need: OPTIONAL,
        slot: Slot::DateAt(|m| &mut m.valid_from),
        label: Some("Giltig fr.o.m."),
        scaffold: &[line(GOVERNING, 10, Line::Value("{today}", ""))],
    },
    KeyDef {
        name: "valid_until",
        kinds: GOVERNING,
        need: OPTIONAL,
        slot: Slot::DateAt(|m| &mut m.valid_until),
        label: Some("Giltig t.o.m."),
        scaffold: &[line(GOVERNING, 14, Line::Hint("YYYY-MM-DD"))],
    },
    KeyDef {
        name: "revised",
        kinds: GOVERNING,
        need: OPTIONAL,
        slot: Slot::Date(|m| &mut m.revised),
        label: Some("Senast reviderad"),
        scaffold: &[line(GOVERNING, 11, Line::Value("{today}", ""))],
    },
    KeyDef {
        name: "reviewed",
        kinds: REVIEWED,
        need: OPTIONAL,
        slot: Slot::Date(|m| &mut m.reviewed),
        label: Some("Senast granskad"),
        scaffold: &[line(CONTACTS, 11, Line::Value("{today}", ""))],
    },
    KeyDef {
        name: "review_interval",
        kinds: REVIEWED,
        need: OPTIONAL,
        slot: Slot::Interval(|m| &mut m.review_interval),
        label: Some("Revideras"),
        scaffold: &[
            line(GOVERNING, 12, Line::Value("1 år", "eller 6 månader, 2 år")),
            line(CONTACTS, 12, Line::Value("6 månader", "")),
        ],
    },
    KeyDef {
        name: "next_review",
        kinds: REVIEWED,
        need: OPTIONAL,
        slot: Slot::Date(|m| &mut m.next_review),
        label: Some("Nästa granskning"),
        scaffold: &[line(
            GOVERNING,
            13,
            Line::Hint("YYYY-MM-DD  (vinner över det beräknade datumet)"),
        )],
    },
    KeyDef {
        name: "history",
        kinds: GOVERNING,
        need: OPTIONAL,
        slot: Slot::History(|m| &mut m.history),
        label: Some("Ändringshistorik"),
        scaffold: &[line(GOVERNING, 15, Line::Hint("[{date: …, note: …}]"))],
    },
    KeyDef {
        name: "organisation",
        kinds: ROLE,
        need: OPTIONAL,
        slot: Slot::Ref(
            to(RefField::Organisation, Some(Kind::Organisation), |m| {
                Refs::list(m.organisation.as_slice())
            }),
            |m| &mut m.organisation,
        ),
        label: Some("Organisation"),
        scaffold: &[line(ROLE, 3, Line::Value("\"\"", "organisationens id"))],
    },
    KeyDef {
        name: "reports_to",
        kinds: ROLE,
        need: OPTIONAL,
        slot: Slot::Ref(
            to(RefField::ReportsTo, Some(Kind::Role), |m| {
                Refs::list(m.reports_to.as_slice())
            }),
            |m| &mut m.reports_to,
        ),
        label: Some("Rapporterar till"),
        scaffold: &[line(ROLE, 4, Line::Hint("roll-id"))],
    },
    KeyDef {
        name: "short",
        kinds: ORGANISATION.and(Kind::Law),
        need: OPTIONAL,
        slot: Slot::Text(|m| &mut m.short),
        label: Some("Kortnamn"),
        scaffold: &[
            line(
                ORGANISATION,
                3,
                Line::Value("\"\"", "förkortning, t.ex. BUN"),
            ),
            line(LAW, 4, Line::Value("\"\"", "förkortning, t.ex. SoL")),
        ],
    },
    KeyDef {
        name: "parent",
        kinds: ORGANISATION,
        need: OPTIONAL,
        slot: Slot::Ref(
            to(RefField::Parent, Some(Kind::Organisation), |m| {
                Refs::list(m.parent.as_slice())
            }),
            |m| &mut m.parent,
        ),
        label: Some("Del av"),
        scaffold: &[line(ORGANISATION, 4, Line::Hint("organisations-id"))],
    },
    KeyDef {
        name: "members",
        kinds: FORUM,
        need: OPTIONAL,
        slot: Slot::Refs(
            to(RefField::Members, Some(Kind::Role), |m| Refs::list(&m.members)),
            Many::List,
            |m| &mut m.members,
        ),
        label: Some("Medlemmar"),
        scaffold: &[line(
            FORUM,
            3,
            Line::Value("[]", "roller som ingår (roll-id)"),
        )],
    },
    KeyDef {
        name: "chair",
        kinds: FORUM,
        need: OPTIONAL,
        slot: Slot::Ref(
            to(RefField::Chair, Some(Kind::Role), |m| {
                Refs::list(m.chair.as_slice())
            }),
            |m| &mut m.chair,
        ),
        label: Some("Ordförande"),
        scaffold: &[line(FORUM, 4, Line::Value("\"\"", "ordförande (roll-id)"))],
    },
    KeyDef {
        name: "cadence",
        kinds: FORUM,
        need: OPTIONAL,
        slot: Slot::Text(|m| &mut m.cadence),
        label: Some("Mötesfrekvens"),
        scaffold: &[line(
            FORUM,
            5,
            Line::Value("\"\"", "t.ex. två gånger per termin"),
        )],
    },
    KeyDef {
        name: "sfs",
        kinds: LAW,
        need: Need::Required {
            hint: || msg!("keys.sfs.hint"),
        },
        slot: Slot::Text(|m| &mut m.sfs),
        label: Some("SFS-nummer"),
        scaffold: &[line(
            LAW,
            3,
            Line::Value("\"2001:453\"", "byt till lagens SFS-nummer"),
        )],
    },
    KeyDef {
        name: "names",
        kinds: LAW,
        need: OPTIONAL,
        slot: Slot::Words(|m| &mut m.names),
        label: Some("Benämningar"),
        scaffold: &[line(
            LAW,
            5,
            Line::Value("[]", "namn i löpande text, t.ex. [socialtjänstlagen]"),
        )],
    },
    KeyDef {
        name: "in_force",
        kinds: LAW,
        need: OPTIONAL,
        slot: Slot::Date(|m| &mut m.in_force),
        label: Some("I kraft från"),
        scaffold: &[line(LAW, 6, Line::Value("{today}", ""))],
    },
    KeyDef {
        name: "repealed",
        kinds: LAW,
        need: OPTIONAL,
        slot: Slot::Date(|m| &mut m.repealed),
        label: Some("Upphävd"),
        scaffold: &[line(LAW, 7, Line::Hint("YYYY-MM-DD"))],
    },
    KeyDef {
        name: "replaced_by",
        kinds: LAW,
        need: OPTIONAL,
        slot: Slot::Ref(
            to(RefField::ReplacedBy, Some(Kind::Law), |m| {
                Refs::list(m.replaced_by.as_slice())
            }),
            |m| &mut m.replaced_by,
        ),
        label: Some("Ersatt av"),
        scaffold: &[line(LAW, 8, Line::Hint("lag-id"))],
    },
    KeyDef {
        name: "url",
        kinds: LAW,
        need: OPTIONAL,
        slot: Slot::Text(|m| &mut m.url),
        label: Some("Författningstext"),
        scaffold: &[line(
            LAW,
            9,
            Line::Value("\"\"", "länk till den officiella texten"),
        )],
    },
];

/// The key of this name, if there is one.
pub fn find(name: &str) -> Option<&'static KeyDef> {
    KEYS.iter().find(|k| k.name == name)
}

/// The keys pages of `kind` take, in table order (common keys first).
pub fn of_kind(kind: Kind) -> impl Iterator<Item = &'static KeyDef> {
    KEYS.iter().filter(move |k| k.kinds.contains(kind))
}

impl KeyDef {
    /// Whether every kind takes it.
    pub fn is_common(&self) -> bool {
        self.kinds == Kinds::EVERY
    }

    /// The reference field it is, if it names pages.
    pub fn reference(&self) -> Option<RefDef> {
        match self.slot {
            Slot::Ref(r, _) | Slot::Refs(r, _, _) | Slot::Contacts(r, _) => Some(r),
            _ => None,
        }
    }
}

impl Slot {
    /// The value as README.md's key tables describe it.
    pub fn describe(&self) -> String {
        let target = |r: &RefDef| r.target.map_or("page", Kind::key);
        match self {
            Slot::Kind => "a kind".into(),
            Slot::Title(_) | Slot::Text(_) => "text".into(),
            Slot::Id(_) => "word without spaces".into(),
            Slot::Words(_) => "list of words".into(),
            Slot::Paths(_) => "list of site paths".into(),
            Slot::Flag(_) => "`true` / `false`".into(),
            Slot::Date(_) | Slot::DateAt(_) => "date".into(),
            Slot::Interval(_) => "interval".into(),
            Slot::Ref(r, _) => format!("one {} id", target(r)),
            Slot::Refs(r, Many::List, _) => format!("list of {} ids", target(r)),
            Slot::Refs(r, Many::OneOrList, _) => {
                format!("{0} id or list of {0} ids", target(r))
            }
            Slot::History(_) => format!("list of `{{{}}}`", HISTORY_FIELDS.join(", ")),
            Slot::Contacts(..) => format!("list of `{{{}}}`", CONTACT_FIELDS.join(", ")),
        }
    }
}

/// Each [`RefField`]'s key name and definition, found in [`KEYS`] when
/// compiling: a field no key has, or two keys share, or a variant missing
/// from [`RefField::ALL`] fails the build, so the table and the enum cannot
/// drift apart.
const BY_FIELD: [(&str, RefDef); RefField::COUNT] = {
    const NONE: (&str, RefDef) = ("", to(RefField::Owner, None, |_| Refs::list(&[])));
    let mut out = [NONE; RefField::COUNT];
    let mut i = 0;
    while i < RefField::COUNT {
        assert!(RefField::ALL[i] as usize == i, "RefField::ALL in order");
        i += 1;
    }
    let mut k = 0;
    while k < KEYS.len() {
        let found = match KEYS[k].slot {
            Slot::Ref(r, _) | Slot::Refs(r, _, _) => Some((KEYS[k].name, r)),
            // A contact's reference is its entry's `role` field.
            Slot::Contacts(r, _) => Some((CONTACT_ROLE, r)),
            _ => None,
        };
        if let Some((name, r)) = found {
            let f = r.field as usize;
            assert!(out[f].0.is_empty(), "a reference field belongs to one key");
            out[f] = (name, r);
        }
        k += 1;
    }
    let mut f = 0;
    while f < RefField::COUNT {
        assert!(!out[f].0.is_empty(), "every reference field has a key");
        f += 1;
    }
    out
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_lower_case() {
        for (i, k) in KEYS.iter().enumerate() {
            assert!(
                KEYS[..i].iter().all(|o| o.name != k.name),
                "{} twice",
                k.name
            );
            assert!(k.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
        }
    }

    #[test]
    fn scaffold_lines_are_for_kinds_that_take_the_key() {
        for k in KEYS {
            for s in k.scaffold {
                assert!(s.kinds.within(k.kinds), "{}", k.name);
            }
        }
    }

    #[test]
    fn every_reference_field_names_its_key() {
        assert_eq!(RefField::Owner.key(), "owner");
        assert_eq!(RefField::ContactRoles.key(), "role");
        assert_eq!(RefField::Forums.target(), Some(Kind::Forum));
        assert_eq!(RefField::Related.target(), None);
        for f in RefField::ALL {
            if f != RefField::ContactRoles {
                let def = find(f.key()).and_then(KeyDef::reference);
                assert_eq!(def.map(|r| r.field), Some(f));
            }
        }
    }

    #[test]
    fn common_keys_come_first() {
        let first_other = KEYS.iter().position(|k| !k.is_common());
        assert!(KEYS[first_other.unwrap_or(0)..]
            .iter()
            .all(|k| !k.is_common()));
    }
}
