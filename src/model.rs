//! The domain: kinds of page, their front matter, review status.
//!
//! These types are what the content *means*, independent of files and
//! HTML. `frontmatter` fills them in, `resolve` links them into a graph and
//! `render` shows them.

use jiff::civil::Date;
use serde::Serialize;

use crate::dates::Interval;

/// The stable identifier of a page, used in references (`owner: rektor`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct PageId(pub String);

impl PageId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a page is. Governing documents carry decisions and review dates;
/// roles, organisations, forums and contact lists are the people side.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Agreement,
    Guideline,
    Routine,
    Plan,
    Policy,
    Report,
    Page,
    Role,
    Organisation,
    Forum,
    Contacts,
    /// Text written once and placed into pages by `{{#include …}}`; never
    /// published, listed or searched on its own.
    Snippet,
    Law,
}

impl Kind {
    /// Every kind, in the order lists show them.
    pub const ALL: [Kind; 13] = [
        Kind::Agreement,
        Kind::Guideline,
        Kind::Routine,
        Kind::Plan,
        Kind::Policy,
        Kind::Report,
        Kind::Page,
        Kind::Role,
        Kind::Organisation,
        Kind::Forum,
        Kind::Contacts,
        Kind::Snippet,
        Kind::Law,
    ];

    /// The governing document kinds.
    pub const GOVERNING: [Kind; 6] = [
        Kind::Agreement,
        Kind::Guideline,
        Kind::Routine,
        Kind::Plan,
        Kind::Policy,
        Kind::Report,
    ];

    /// The key as written in front matter.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Agreement => "agreement",
            Kind::Guideline => "guideline",
            Kind::Routine => "routine",
            Kind::Plan => "plan",
            Kind::Policy => "policy",
            Kind::Report => "report",
            Kind::Page => "page",
            Kind::Role => "role",
            Kind::Organisation => "organisation",
            Kind::Forum => "forum",
            Kind::Contacts => "contacts",
            Kind::Snippet => "snippet",
            Kind::Law => "law",
        }
    }

    /// Parses a front matter `kind` value.
    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == text)
    }

    /// The Swedish label shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Agreement => "Överenskommelse",
            Kind::Guideline => "Riktlinje",
            Kind::Routine => "Rutin",
            Kind::Plan => "Plan",
            Kind::Policy => "Policy",
            Kind::Report => "Rapport",
            Kind::Page => "Sida",
            Kind::Role => "Roll",
            Kind::Organisation => "Organisation",
            Kind::Forum => "Samverkansforum",
            Kind::Contacts => "Kontaktlista",
            Kind::Snippet => "Textavsnitt",
            Kind::Law => "Lag",
        }
    }

    /// Swedish plural, for headings of lists.
    pub fn plural_label(self) -> &'static str {
        match self {
            Kind::Agreement => "Överenskommelser",
            Kind::Guideline => "Riktlinjer",
            Kind::Routine => "Rutiner",
            Kind::Plan => "Planer",
            Kind::Policy => "Policyer",
            Kind::Report => "Rapporter",
            Kind::Page => "Sidor",
            Kind::Role => "Roller",
            Kind::Organisation => "Organisationer",
            Kind::Forum => "Samverkansforum",
            Kind::Contacts => "Kontaktlistor",
            Kind::Snippet => "Textavsnitt",
            Kind::Law => "Lagar",
        }
    }

    /// Whether this is an agreement, guideline, routine, plan, policy or report.
    pub fn is_governing(self) -> bool {
        Kind::GOVERNING.contains(&self)
    }

    /// Whether pages of this kind get a review status from dates.
    pub fn is_reviewed(self) -> bool {
        self.is_governing() || self == Kind::Contacts
    }
}

impl ReviewStatus {
    /// Whether a page with this status is in force (neither a draft,
    /// replaced, not yet valid nor expired).
    pub fn in_force(self) -> bool {
        matches!(
            self,
            ReviewStatus::Overdue | ReviewStatus::Due | ReviewStatus::Current
        )
    }
}

/// Where a document stands today. The order is the precedence: the first
/// that holds wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    Draft,
    Superseded,
    Upcoming,
    Expired,
    Overdue,
    Due,
    Current,
}

impl ReviewStatus {
    /// Every status, in precedence order.
    pub const ALL: [ReviewStatus; 7] = [
        ReviewStatus::Draft,
        ReviewStatus::Superseded,
        ReviewStatus::Upcoming,
        ReviewStatus::Expired,
        ReviewStatus::Overdue,
        ReviewStatus::Due,
        ReviewStatus::Current,
    ];

    /// The machine key (`samsyn:status`).
    pub fn key(self) -> &'static str {
        match self {
            ReviewStatus::Draft => "draft",
            ReviewStatus::Superseded => "superseded",
            ReviewStatus::Upcoming => "upcoming",
            ReviewStatus::Expired => "expired",
            ReviewStatus::Overdue => "overdue",
            ReviewStatus::Due => "due",
            ReviewStatus::Current => "current",
        }
    }

    /// The Swedish label shown in the status badge.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Draft => "Utkast",
            ReviewStatus::Superseded => "Ersatt",
            ReviewStatus::Upcoming => "Kommande",
            ReviewStatus::Expired => "Upphört",
            ReviewStatus::Overdue => "Granskning försenad",
            ReviewStatus::Due => "Granskas snart",
            ReviewStatus::Current => "Gällande",
        }
    }

    /// Parses a status key (for URL filters and tests).
    pub fn parse(text: &str) -> Option<ReviewStatus> {
        ReviewStatus::ALL.into_iter().find(|s| s.key() == text)
    }
}

/// A reference to another page by id, with where it was written so an
/// unresolved reference can be reported at its line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ref {
    pub id: PageId,
    pub line: usize,
    pub col: usize,
}

/// An old address of a page (`aliases`), as a site path without the
/// leading `/` and with a trailing one (`gamla/adress/`, lower case,
/// decoded, like `ParsedPage::url_path`), with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Alias {
    pub path: String,
    pub line: usize,
    pub col: usize,
}

/// One entry of a document's change history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HistoryEntry {
    pub date: Date,
    pub note: String,
    pub decided_by: Option<String>,
}

/// One person on a contact list: who holds a role today.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Contact {
    pub name: String,
    pub role: Ref,
    pub unit: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub note: Option<String>,
}

/// A date as written, with its line for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DateAt {
    pub date: Date,
    pub line: usize,
}

/// Everything a page's front matter can say. Keys that a kind does not take
/// are rejected while parsing, so fields irrelevant to a kind stay empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Meta {
    // Common to every kind.
    pub title: String,
    pub id: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub related: Vec<Ref>,
    pub supersedes: Option<Ref>,
    pub aliases: Vec<Alias>,
    // Governing documents (and, for owner and review keys, contact lists).
    pub decided_by: Option<String>,
    pub decided: Option<Date>,
    pub diary_number: Option<String>,
    pub applies_to: Vec<Ref>,
    pub owner: Vec<Ref>,
    pub roles: Vec<Ref>,
    pub forums: Vec<Ref>,
    pub valid_from: Option<DateAt>,
    pub valid_until: Option<DateAt>,
    pub revised: Option<Date>,
    pub reviewed: Option<Date>,
    pub review_interval: Option<Interval>,
    pub next_review: Option<Date>,
    pub history: Vec<HistoryEntry>,
    // Roles.
    pub organisation: Option<Ref>,
    pub reports_to: Option<Ref>,
    // Organisations and laws.
    pub short: Option<String>,
    pub parent: Option<Ref>,
    // Forums.
    pub members: Vec<Ref>,
    pub chair: Option<Ref>,
    pub cadence: Option<String>,
    // Contact lists.
    pub contacts: Vec<Contact>,
    // Laws.
    pub sfs: Option<String>,
    pub names: Vec<String>,
    pub in_force: Option<Date>,
    pub repealed: Option<Date>,
    pub replaced_by: Option<Ref>,
    pub url: Option<String>,
    /// A date or an interval was written that is not one (an error where
    /// it is written): no review date is computed from it, and none is
    /// then reported missing as well.
    pub unreadable_dates: bool,
}
