//! The catalogue: every sentence samsyn says to an editor, in Swedish and
//! in English.
//!
//! The people who write a site's pages are municipal staff, and the site
//! speaks their language, so its diagnostics must too. A diagnostic does not
//! carry text: it carries a [`Message`], an entry's id and the values to put
//! in its `{placeholders}`, and is put into words only where it is shown
//! ([`Message::text`]), in the language of the site (`language` in
//! `site.yaml`) or of `--lang`. The terminal, `--format json` and the serve
//! overlay all render the same message the same way.
//!
//! The tests below fail when an entry lacks a language, when the two texts
//! of an entry name different placeholders, when an id is used in `src/`
//! that the catalogue lacks, or when an entry is used nowhere.

use std::collections::HashMap;
use std::fmt::Display;
use std::sync::OnceLock;

/// A language diagnostics can be shown in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Swedish, the default: samsyn's sites are Swedish.
    #[default]
    Sv,
    /// English.
    En,
}

impl Lang {
    /// The language of a BCP 47 code (`sv`, `sv-SE`, `en`, `en-GB`); `None`
    /// for a language the catalogue has no texts for.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language to show a site's diagnostics in: its own language when
    /// the catalogue has it, else Swedish.
    pub fn for_site(language: &str) -> Lang {
        Lang::from_code(language).unwrap_or_default()
    }
}

/// One entry of the catalogue.
#[derive(Debug)]
pub struct Entry {
    /// Stable id, `area.what` (`yaml.tab`, `links.unknown_page`).
    pub id: &'static str,
    /// The Swedish text, with `{name}` placeholders.
    pub sv: &'static str,
    /// The English text, with the same placeholders.
    pub en: &'static str,
}

/// Every message samsyn shows an editor. Keep entries grouped by the module
/// that says them.
pub static CATALOGUE: &[Entry] = &[
    // frontmatter: the YAML block at the top of a page
    Entry {
        id: "frontmatter.none",
        sv: "sidan saknar inledande metadata (front matter)",
        en: "the page has no front matter",
    },
    Entry {
        id: "frontmatter.none.hint",
        sv: "börja filen med en rad `---`, sedan `title: …`, sedan en rad `---` till",
        en: "start the file with a `---` line, then `title: …`, then another `---` line",
    },
    Entry {
        id: "frontmatter.invalid_yaml.hint",
        sv: "metadata skrivs som rader `nyckel: värde`; sätt citattecken runt värden som innehåller `: ` eller börjar med `[`, `{`, `*` eller `&`",
        en: "front matter is `key: value` lines; quote values that contain `: ` or start with `[`, `{`, `*`, `&`",
    },
    Entry {
        id: "frontmatter.not_a_mapping",
        sv: "metadata ska skrivas som rader `nyckel: värde`",
        en: "front matter must be `key: value` lines",
    },
    Entry {
        id: "frontmatter.key_not_a_word",
        sv: "en nyckel måste vara ett ord",
        en: "a key must be a word",
    },
    Entry {
        id: "frontmatter.missing",
        sv: "`{key}` saknas",
        en: "missing `{key}`",
    },
    Entry {
        id: "frontmatter.unknown_kind",
        sv: "`{kind}`: okänd sorts sida (kind)",
        en: "`{kind}`: unknown kind",
    },
    Entry {
        id: "frontmatter.unknown_kind.near",
        sv: "menade du `{near}`? sorterna är: {kinds}",
        en: "did you mean `{near}`? kinds are: {kinds}",
    },
    Entry {
        id: "frontmatter.unknown_kind.hint",
        sv: "sorterna är: {kinds}",
        en: "kinds are: {kinds}",
    },
    Entry {
        id: "frontmatter.key_of_other_kind",
        sv: "`{key}` hör inte till sidor av sorten `{kind}`",
        en: "`{key}` is not a key of kind `{kind}`",
    },
    Entry {
        id: "frontmatter.key_of_other_kind.hint",
        sv: "den hör till sorten {kinds}; ta bort den eller ändra `kind`",
        en: "it belongs to kind {kinds}; remove it or change `kind`",
    },
    Entry {
        id: "frontmatter.unknown_key",
        sv: "`{key}`: okänd nyckel",
        en: "`{key}`: unknown field",
    },
    Entry {
        id: "frontmatter.unknown_key.near",
        sv: "`{key}`: okänd nyckel, menade du `{near}`?",
        en: "`{key}`: unknown field, did you mean `{near}`?",
    },
    Entry {
        id: "frontmatter.unknown_key.hint",
        sv: "nycklar för sorten `{kind}`: {keys}",
        en: "keys for kind `{kind}`: {keys}",
    },
    Entry {
        id: "frontmatter.wrong_type",
        sv: "`{key}` ska vara {expected}, inte {got}",
        en: "`{key}` must be {expected}, not {got}",
    },
    Entry {
        id: "frontmatter.value.nothing",
        sv: "tomt",
        en: "nothing",
    },
    Entry {
        id: "frontmatter.value.bool",
        sv: "true/false",
        en: "true/false",
    },
    Entry {
        id: "frontmatter.value.number",
        sv: "ett tal",
        en: "a number",
    },
    Entry {
        id: "frontmatter.value.text",
        sv: "text",
        en: "text",
    },
    Entry {
        id: "frontmatter.value.list",
        sv: "en lista",
        en: "a list",
    },
    Entry {
        id: "frontmatter.value.mapping",
        sv: "en grupp av `nyckel: värde`",
        en: "a mapping",
    },
    Entry {
        id: "frontmatter.value.true_or_false",
        sv: "`true` eller `false`",
        en: "`true` or `false`",
    },
    Entry {
        id: "frontmatter.value.words",
        sv: "en lista med ord",
        en: "a list of words",
    },
    Entry {
        id: "frontmatter.value.ids",
        sv: "ett id eller en lista med id",
        en: "an id or a list of ids",
    },
    Entry {
        id: "frontmatter.value.entries",
        sv: "en lista med poster (`- name: …`)",
        en: "a list of entries (`- name: …`)",
    },
    Entry {
        id: "frontmatter.id_spaces",
        sv: "id:t `{id}` innehåller mellanslag",
        en: "id `{id}` contains spaces",
    },
    Entry {
        id: "frontmatter.id_spaces.hint",
        sv: "skriv `-` mellan orden",
        en: "use `-` between words",
    },
    Entry {
        id: "frontmatter.alias",
        sv: "`{key}`: `{path}` {why}",
        en: "`{key}`: `{path}` {why}",
    },
    Entry {
        id: "frontmatter.alias.hint",
        sv: "skriv den gamla adressen som en sökväg på den här webbplatsen, till exempel `/gamla/adress/`",
        en: "write the old address as a path of this site, e.g. `/gamla/adress/`",
    },
    Entry {
        id: "frontmatter.one_id",
        sv: "`{key}` tar ett id, inte en lista",
        en: "`{key}` takes one id, not a list",
    },
    Entry {
        id: "frontmatter.key_value",
        sv: "`{key}`: {why}",
        en: "`{key}`: {why}",
    },
    Entry {
        id: "frontmatter.entry_not_a_mapping",
        sv: "varje post i `{key}` ska vara en grupp av `nyckel: värde`",
        en: "each `{key}` entry must be a mapping",
    },
    Entry {
        id: "frontmatter.unknown_field",
        sv: "`{field}`: okänt fält i `{key}`",
        en: "`{field}`: unknown field in `{key}`",
    },
    Entry {
        id: "frontmatter.unknown_field.near",
        sv: "`{field}`: okänt fält i `{key}`, menade du `{near}`?",
        en: "`{field}`: unknown field in `{key}`, did you mean `{near}`?",
    },
    Entry {
        id: "frontmatter.fields",
        sv: "fälten är: {fields}",
        en: "fields: {fields}",
    },
    Entry {
        id: "frontmatter.field_not_text",
        sv: "`{key}`: `{field}` ska vara text",
        en: "`{key}`: `{field}` must be text",
    },
    Entry {
        id: "frontmatter.history.no_date",
        sv: "en post i historiken saknar `date`",
        en: "history entry without `date`",
    },
    Entry {
        id: "frontmatter.history.no_date.hint",
        sv: "skriv `- {date: 2024-03-14, note: …}`",
        en: "write `- {date: 2024-03-14, note: …}`",
    },
    Entry {
        id: "frontmatter.history.no_note",
        sv: "en post i historiken saknar `note`",
        en: "history entry without `note`",
    },
    Entry {
        id: "frontmatter.history.no_note.hint",
        sv: "skriv vad som ändrades",
        en: "say what changed",
    },
    Entry {
        id: "frontmatter.contact.incomplete",
        sv: "en kontakt saknar `name` eller `role`",
        en: "contact without `name` or `role`",
    },
    Entry {
        id: "frontmatter.contact.incomplete.hint",
        sv: "varje kontakt behöver `name` och `role` (id:t för en roll)",
        en: "each contact needs `name` and `role` (a role id)",
    },
    Entry {
        id: "frontmatter.valid_until_before_from",
        sv: "`valid_until` {until} är före `valid_from` {from}",
        en: "`valid_until` {until} is before `valid_from` {from}",
    },
    Entry {
        id: "frontmatter.valid_until_before_from.hint",
        sv: "byt plats på datumen, eller rätta det som är fel",
        en: "swap the dates, or correct the one that is wrong",
    },
    // keys: hints for required keys
    Entry {
        id: "keys.title.hint",
        sv: "varje sida behöver en rubrik, till exempel `title: Rutin vid orosanmälan`",
        en: "every page needs a title, e.g. `title: Rutin vid orosanmälan`",
    },
    Entry {
        id: "keys.sfs.hint",
        sv: "en lag behöver sitt SFS-nummer, till exempel `sfs: \"2001:453\"`",
        en: "a law needs its SFS number, e.g. `sfs: \"2001:453\"`",
    },
    // dates: dates and intervals as written in front matter and site.yaml
    Entry {
        id: "dates.not_an_interval",
        sv: "`{text}` är inte en tidsperiod; skriv ett tal och en enhet, till exempel `1 år` eller `6 månader`",
        en: "`{text}` is not an interval; write a number and a unit, e.g. `1 year`, `6 månader`",
    },
    Entry {
        id: "dates.bad_count",
        sv: "`{count}` är inte ett heltal från 1 till 100",
        en: "`{count}` is not a whole number from 1 to 100",
    },
    Entry {
        id: "dates.bad_unit",
        sv: "`{unit}` är inte en enhet; skriv dagar, veckor, månader eller år",
        en: "`{unit}` is not a unit; use days, weeks, months or years (dagar, veckor, månader, år)",
    },
    Entry {
        id: "dates.not_a_date",
        sv: "`{text}` är inte ett datum; skriv det som ÅÅÅÅ-MM-DD, till exempel 2025-03-14",
        en: "`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14",
    },
    Entry {
        id: "dates.not_in_calendar",
        sv: "`{text}` är inget datum som finns i kalendern",
        en: "`{text}` is not a date in the calendar",
    },
    // urls: old addresses (`aliases`)
    Entry {
        id: "urls.alias.other_site",
        sv: "är en adress till en annan webbplats",
        en: "is an address of another site",
    },
    Entry {
        id: "urls.alias.no_slash",
        sv: "måste börja med `/`",
        en: "must start with `/`",
    },
    Entry {
        id: "urls.alias.query",
        sv: "får inte innehålla `?` eller `#`",
        en: "may not hold a query (`?`) or fragment (`#`)",
    },
    Entry {
        id: "urls.alias.characters",
        sv: "innehåller tecken som en adress inte kan ha",
        en: "holds characters an address cannot carry",
    },
    Entry {
        id: "urls.alias.dots",
        sv: "får inte innehålla delarna `.` eller `..`",
        en: "may not hold `.` or `..` segments",
    },
    // config: site.yaml
    Entry {
        id: "config.unreadable",
        sv: "filen kan inte läsas: {why}",
        en: "cannot read: {why}",
    },
    Entry {
        id: "config.invalid_yaml.hint",
        sv: "site.yaml består av rader `nyckel: värde`, till exempel `title: Lindå kommun`",
        en: "site.yaml is `key: value` lines, e.g. `title: Lindå kommun`",
    },
    Entry {
        id: "config.not_a_mapping",
        sv: "site.yaml ska vara en lista med rader `nyckel: värde`",
        en: "site.yaml must be a list of `key: value` lines",
    },
    Entry {
        id: "config.personnummer",
        sv: "ett svenskt personnummer eller samordningsnummer, så som en läsare skulle se det",
        en: "a Swedish personal identity number (personnummer or samordningsnummer), as a reader would see it",
    },
    Entry {
        id: "config.personnummer.hint",
        sv: "ta bort det: värdena i site.yaml visas på varje sida",
        en: "remove it: site.yaml's values are shown on every page",
    },
    Entry {
        id: "config.link_check_skip",
        sv: "`link_check_skip` ska vara en lista med adresser",
        en: "`link_check_skip` must be a list of addresses",
    },
    Entry {
        id: "config.link_check_skip.hint",
        sv: "skriv till exempel `link_check_skip: [https://intern.kommun.se/]`",
        en: "write e.g. `link_check_skip: [https://intern.kommun.se/]`",
    },
    Entry {
        id: "config.not_single",
        sv: "`{key}` ska ha ett enda värde",
        en: "`{key}` must be a single value",
    },
    Entry {
        id: "config.base_url",
        sv: "`base_url` {why}",
        en: "`base_url` {why}",
    },
    Entry {
        id: "config.base_url.hint",
        sv: "skriv en sökväg som `/bus/`, eller webbplatsens adress som `https://intranat.kommun.se/bus/`",
        en: "write a path such as `/bus/`, or the site's address such as `https://intranat.kommun.se/bus/`",
    },
    Entry {
        id: "config.base_url.scheme",
        sv: "måste vara en sökväg eller en http(s)-adress",
        en: "must be a path or an http(s) address",
    },
    Entry {
        id: "config.base_url.host",
        sv: "har inget giltigt värdnamn efter `://`",
        en: "has no valid host name after `://`",
    },
    Entry {
        id: "config.base_url.control",
        sv: "får inte innehålla tecknet {code}",
        en: "cannot hold the character {code}",
    },
    Entry {
        id: "config.base_url.character",
        sv: "får inte innehålla `{character}`",
        en: "cannot hold `{character}`",
    },
    Entry {
        id: "config.base_url.double_slash",
        sv: "får inte börja med `//`",
        en: "must not start with `//`",
    },
    Entry {
        id: "config.base_url.personnummer",
        sv: "innehåller ett personnummer; använd en adress utan personnummer",
        en: "holds a personal identity number (personnummer); use an address without one",
    },
    Entry {
        id: "config.not_bool",
        sv: "`{key}` ska vara `true` eller `false`, inte `{value}`",
        en: "`{key}` must be `true` or `false`, not `{value}`",
    },
    Entry {
        id: "config.feedback_email",
        sv: "`feedback_email` ska vara en e-postadress, inte `{value}`",
        en: "`feedback_email` must be an e-mail address, not `{value}`",
    },
    Entry {
        id: "config.feedback_email.hint",
        sv: "skriv en adress, till exempel `intranat@kommun.se`",
        en: "write one address such as `intranat@kommun.se`",
    },
    Entry {
        id: "config.key_value",
        sv: "`{key}`: {why}",
        en: "`{key}`: {why}",
    },
    Entry {
        id: "config.unknown_key",
        sv: "`{key}`: okänd nyckel i site.yaml",
        en: "`{key}`: unknown key in site.yaml",
    },
    Entry {
        id: "config.unknown_key.near",
        sv: "menade du `{near}`?",
        en: "did you mean `{near}`?",
    },
    Entry {
        id: "config.unknown_key.hint",
        sv: "nycklar som finns: {keys}",
        en: "known keys: {keys}",
    },
    // resolve: ids, references, links and aliases across the site
    Entry {
        id: "resolve.no_review_date",
        sv: "inget datum för nästa granskning kan räknas ut",
        en: "no review date can be computed",
    },
    Entry {
        id: "resolve.no_review_date.hint",
        sv: "lägg till `revised` (eller `reviewed` eller `next_review`) så att dokumentet får en granskningsstatus",
        en: "add `revised` (or `reviewed`, or `next_review`) so the document gets a review status",
    },
    Entry {
        id: "resolve.no_feedback.no_owner",
        sv: "sidan saknar länken ”Rapportera fel eller föreslå ändring”: den har ingen `owner`",
        en: "the page has no link “Rapportera fel eller föreslå ändring” (report an error): it has no `owner`",
    },
    Entry {
        id: "resolve.no_feedback.no_email",
        sv: "sidan saknar länken ”Rapportera fel eller föreslå ändring”: ingen som har ägarrollen har en e-postadress",
        en: "the page has no link “Rapportera fel eller föreslå ändring” (report an error): nobody holding the owner role has an e-mail address",
    },
    Entry {
        id: "resolve.no_feedback.hint",
        sv: "ange `email` för den som har rollen i en kontaktlista, eller `feedback_email` i site.yaml",
        en: "give the role holder's `email` in a contact list, or `feedback_email` in site.yaml",
    },
    Entry {
        id: "resolve.snippet.hint",
        sv: "ett textblock (snippet) publiceras aldrig för sig: lägg in dess text på sidan med `{{#include …}}`, eller gör det till en annan sorts sida",
        en: "a snippet is never published on its own: put its text into the page with `{{#include …}}`, or make it another kind",
    },
    Entry {
        id: "resolve.duplicate_id",
        sv: "id:t `{id}` finns redan",
        en: "duplicate id `{id}`",
    },
    Entry {
        id: "resolve.duplicate_id.hint",
        sv: "{other} har samma id; varje id får bara finnas en gång, skriv `id:` på en av sidorna",
        en: "{other} has the same id; ids must be unique, set `id:` on one of them",
    },
    Entry {
        id: "resolve.same_address",
        sv: "den här sidan skulle också publiceras på /{path}",
        en: "this page would be published at /{path} too",
    },
    Entry {
        id: "resolve.same_address.hint",
        sv: "{other} har samma adress; byt namn på en av filerna",
        en: "{other} has the same address; rename one of the files",
    },
    Entry {
        id: "resolve.generated_address",
        sv: "den här sidan skulle publiceras på /{path}, där samsyn själv publicerar en sida",
        en: "this page would be published at /{path}, where samsyn publishes a page of its own",
    },
    Entry {
        id: "resolve.generated_address.hint",
        sv: "byt namn på filen eller flytta den; listorna, flödet, kalendrarna, search/, static/ och tags/ är samsyns egna",
        en: "rename or move the file; the lists, the feed, the calendars, search/, static/ and tags/ are samsyn's",
    },
    Entry {
        id: "content.generated_file",
        sv: "samsyn publicerar själv en fil på /{path}; den här filen skulle ersätta den",
        en: "samsyn publishes a file of its own at /{path}; this file would replace it",
    },
    Entry {
        id: "content.generated_file.hint",
        sv: "byt namn på filen; flödet, kalendrarna, api/pages.json, sitemap och 404.html är samsyns egna",
        en: "rename the file; the feed, the calendars, api/pages.json, the sitemap and 404.html are samsyn's",
    },
    Entry {
        id: "resolve.alias.page",
        sv: "den gamla adressen /{path} är adressen till en sida",
        en: "the alias /{path} is the address of a page",
    },
    Entry {
        id: "resolve.alias.page.hint",
        sv: "{other} publiceras där; en gammal adress måste vara en adress som ingen sida har",
        en: "{other} is published there; an alias must be an address no page has",
    },
    Entry {
        id: "resolve.alias.generated",
        sv: "den gamla adressen /{path} är en adress som samsyn själv publicerar",
        en: "the alias /{path} is an address samsyn publishes itself",
    },
    Entry {
        id: "resolve.alias.generated.hint",
        sv: "välj sidans gamla adress; startsidan, listorna, search/, static/ och tags/ är samsyns egna",
        en: "choose the page's old address; the start page, the lists, search/, static/ and tags/ are samsyn's",
    },
    Entry {
        id: "resolve.alias.twice",
        sv: "den gamla adressen /{path} anges två gånger",
        en: "the alias /{path} is given twice",
    },
    Entry {
        id: "resolve.alias.twice.hint",
        sv: "{other} har den också; en gammal adress kan bara leda till en sida",
        en: "{other} has it too; an old address can lead to one page only",
    },
    Entry {
        id: "resolve.alias.snippet",
        sv: "ett textblock (snippet) kan inte ha gamla adresser: det publiceras inte för sig",
        en: "a snippet takes no aliases: it is not published on its own",
    },
    Entry {
        id: "resolve.alias.snippet.hint",
        sv: "ge den gamla adressen till en sida som tar med textblocket",
        en: "give the alias to a page that includes the snippet",
    },
    Entry {
        id: "resolve.ref.wrong_kind",
        sv: "`{id}` är en sida av sorten `{kind}`, men `{key}` behöver en sida av sorten `{want}`",
        en: "`{id}` is a page of kind `{kind}`, but `{key}` needs a page of kind `{want}`",
    },
    Entry {
        id: "resolve.ref.snippet",
        sv: "`{id}` är ett textblock (snippet), som inte har någon egen sida",
        en: "`{id}` is a snippet, which has no page of its own",
    },
    Entry {
        id: "resolve.ref.draft",
        sv: "`{id}` är ett utkast, som inte kommer med i den här byggningen",
        en: "`{id}` is a draft, which this build leaves out",
    },
    Entry {
        id: "resolve.ref.draft.hint",
        sv: "publicera den (ta bort `draft: true`), eller bygg med --drafts",
        en: "publish it (remove `draft: true`), or build with --drafts",
    },
    Entry {
        id: "resolve.did_you_mean",
        sv: "menade du `{near}`?",
        en: "did you mean `{near}`?",
    },
    Entry {
        id: "resolve.ref.unknown",
        sv: "det finns ingen sida av sorten `{want}` med id:t `{id}`",
        en: "no {want} with id `{id}`",
    },
    Entry {
        id: "resolve.link.no_file",
        sv: "länken till `{link}`: det finns ingen sådan fil under content/",
        en: "link to `{link}`: no such file under content/",
    },
    Entry {
        id: "resolve.link.snippet",
        sv: "länken till `{link}` går till ett textblock (snippet), som inte har någon egen sida",
        en: "link to `{link}`, a snippet, which has no page of its own",
    },
    Entry {
        id: "resolve.link.draft",
        sv: "länken till `{link}` går till ett utkast, som inte kommer med i den här byggningen",
        en: "link to `{link}`, a draft this build leaves out",
    },
    Entry {
        id: "resolve.link.draft.hint",
        sv: "publicera den, eller bygg med --drafts",
        en: "publish it, or build with --drafts",
    },
    Entry {
        id: "resolve.link.relative",
        sv: "sökvägar räknas från mappen som den här filen ligger i",
        en: "paths are relative to this file's folder",
    },
    Entry {
        id: "resolve.link.no_page.near",
        sv: "menade du content/{near}? sökvägar räknas från mappen som den här filen ligger i",
        en: "did you mean content/{near}? paths are relative to this file's folder",
    },
    Entry {
        id: "resolve.link.no_page",
        sv: "länken till `{link}`: det finns ingen sådan sida",
        en: "link to `{link}`: no such page",
    },
    Entry {
        id: "resolve.link.no_anchor.hint",
        sv: "{target} har ingen rubrik som ger det här ankaret",
        en: "{target} has no heading that gives this anchor",
    },
    Entry {
        id: "resolve.link.no_anchor",
        sv: "länken till `{link}`: det finns ingen rubrik `#{anchor}` i {target}",
        en: "link to `{link}`: no heading `#{anchor}` in {target}",
    },
    Entry {
        id: "resolve.circle",
        sv: "`{key}` går runt i en cirkel tillbaka till `{id}`",
        en: "`{key}` goes round in a circle back to `{id}`",
    },
    Entry {
        id: "resolve.circle.hint",
        sv: "en av sidorna i kedjan får inte ange nästa sida i `{key}`",
        en: "one page in the chain must not name the next in `{key}`",
    },
    // resolve::laws: the register of laws and citations of it
    Entry {
        id: "laws.not_sfs",
        sv: "`{sfs}` är inte ett SFS-nummer",
        en: "`{sfs}` is not an SFS number",
    },
    Entry {
        id: "laws.not_sfs.hint",
        sv: "skriv året, ett kolon och numret, till exempel `sfs: \"2001:453\"`",
        en: "write the year, a colon and the number, e.g. `sfs: \"2001:453\"`",
    },
    Entry {
        id: "laws.twice",
        sv: "SFS {sfs} finns två gånger i lagregistret",
        en: "SFS {sfs} is registered twice",
    },
    Entry {
        id: "laws.twice.hint",
        sv: "{other} har samma nummer; behåll en av dem",
        en: "{other} has the same number; keep one of them",
    },
    Entry {
        id: "laws.unknown",
        sv: "SFS {sfs} finns inte i lagregistret",
        en: "SFS {sfs} is not in the register of laws",
    },
    Entry {
        id: "laws.unknown.hint",
        sv: "lägg till en sida med `kind: law` och detta `sfs`, så att hänvisningar till lagen blir länkar och det märks när den upphävs",
        en: "add a page with `kind: law` and this `sfs`, so citations of it link and its repeal is noticed",
    },
    Entry {
        id: "laws.repealed",
        sv: "hänvisar till {law}, som upphävdes {date}",
        en: "cites {law}, repealed on {date}",
    },
    Entry {
        id: "laws.repealed.successor",
        sv: "se över dokumentet: {law} gäller i stället",
        en: "revise the document: {law} applies instead",
    },
    Entry {
        id: "laws.repealed.hint",
        sv: "se över dokumentet mot den lag som gäller nu",
        en: "revise the document against the law that applies now",
    },
    Entry {
        id: "laws.vacant",
        sv: "rollen `{id}` är vakant: den {what}, men ingen kontaktlista anger den",
        en: "role `{id}` is vacant: it {what}, but no contact list names it",
    },
    Entry {
        id: "laws.vacant.hint",
        sv: "lägg till personen som har rollen i en kontaktlista, med `role: {id}`",
        en: "add the person who holds it to a contact list, with `role: {id}`",
    },
    Entry {
        id: "laws.vacant.owns_one",
        sv: "äger 1 sida som gäller",
        en: "owns 1 page in force",
    },
    Entry {
        id: "laws.vacant.owns",
        sv: "äger {count} sidor som gäller",
        en: "owns {count} pages in force",
    },
    Entry {
        id: "laws.vacant.tasks_one",
        sv: "har uppgifter i 1 dokument",
        en: "has tasks in 1 document",
    },
    Entry {
        id: "laws.vacant.tasks",
        sv: "har uppgifter i {count} dokument",
        en: "has tasks in {count} documents",
    },
    Entry {
        id: "laws.vacant.chairs_one",
        sv: "är ordförande i 1 forum",
        en: "chairs 1 forum",
    },
    Entry {
        id: "laws.vacant.chairs",
        sv: "är ordförande i {count} forum",
        en: "chairs {count} forums",
    },
    // parse: a page's body
    Entry {
        id: "parse.unsafe_link",
        sv: "länken `{link}` togs bort: den sortens adress är inte tillåten",
        en: "link `{link}` was removed: its scheme is not allowed",
    },
    Entry {
        id: "parse.unsafe_link.hint",
        sv: "länkar kan vara sökvägar inom webbplatsen, http(s), mailto eller tel",
        en: "links may be relative paths, http(s), mailto or tel",
    },
    Entry {
        id: "parse.deep_html",
        sv: "HTML som är inbäddad mer än {depth} nivåer djupt visas som text",
        en: "HTML nested more than {depth} levels deep is shown as text",
    },
    Entry {
        id: "parse.deep_html.hint",
        sv: "skriv innehållet i Markdown, eller stäng de HTML-element du öppnar",
        en: "write the content in Markdown, or close the HTML elements you open",
    },
    Entry {
        id: "parse.include.missing",
        sv: "`{{#include {path}}}`: filen finns inte",
        en: "`{{#include {path}}}`: there is no such file",
    },
    Entry {
        id: "parse.include.missing.hint",
        sv: "sökvägen räknas från mappen som den här filen ligger i, precis som för länkar; kontrollera stavningen",
        en: "the path is relative to this file's folder, as links are; check its spelling",
    },
    Entry {
        id: "parse.include.outside",
        sv: "`{{#include {path}}}` leder ut ur content/",
        en: "`{{#include {path}}}` leads out of content/",
    },
    Entry {
        id: "parse.include.outside.hint",
        sv: "bara filer under content/ kan tas med",
        en: "only files under content/ can be included",
    },
    Entry {
        id: "parse.include.not_markdown",
        sv: "`{{#include {path}}}`: bara Markdown-filer (`.md`) kan tas med",
        en: "`{{#include {path}}}`: only Markdown files (`.md`) can be included",
    },
    Entry {
        id: "parse.include.not_markdown.hint",
        sv: "skriv den gemensamma texten i en `.md`-fil, till exempel en med `kind: snippet`",
        en: "write the shared text in a `.md` file, e.g. one of `kind: snippet`",
    },
    Entry {
        id: "parse.include.circle",
        sv: "de här filerna tar med varandra: {files}",
        en: "these files include each other: {files}",
    },
    Entry {
        id: "parse.include.circle.hint",
        sv: "ta bort en av raderna `{{#include}}`, så att ingen fil till slut tar med sig själv",
        en: "remove one of the `{{#include}}` lines, so no file ends up including itself",
    },
    Entry {
        id: "parse.include.too_deep",
        sv: "här tar filer med andra filer i mer än {depth} nivåer",
        en: "includes nest more than {depth} levels deep here",
    },
    Entry {
        id: "parse.include.too_deep.hint",
        sv: "ta med den gemensamma texten direkt i stället för via andra filer som tas med",
        en: "include the shared text directly instead of through other included files",
    },
    Entry {
        id: "parse.attribute_removed",
        sv: "attributet `{name}` togs bort: innehåll kan inte sätta det",
        en: "the attribute `{name}` was removed: content cannot set it",
    },
    Entry {
        id: "parse.attribute_removed.script",
        sv: "bara temats egna skript körs på intranätet; beskriv i ord vad som ska hända i stället",
        en: "only the theme's own scripts run on the intranet; describe what should happen in words instead",
    },
    Entry {
        id: "parse.attribute_removed.hint",
        sv: "rubriker kan ha `{#ankare}` och de klasser som temat erbjuder; HTML kan inte ha `style`, `on…` eller `srcdoc`",
        en: "headings take `{#anchor}` and the classes the theme offers; raw HTML takes no `style`, `on…` or `srcdoc`",
    },
    Entry {
        id: "parse.class_removed",
        sv: "klassen `{class}` togs bort: temat erbjuder den inte till innehåll",
        en: "the class `{class}` was removed: the theme does not offer it to content",
    },
    Entry {
        id: "parse.class_removed.hint",
        sv: "innehåll kan använda klasserna {classes}",
        en: "content may use the classes {classes}",
    },
    Entry {
        id: "parse.id_removed",
        sv: "id:t `{id}` togs bort: webbplatsens layout använder det",
        en: "the id `{id}` was removed: the site's layout uses it",
    },
    Entry {
        id: "parse.id_removed.hint",
        sv: "välj ett annat id; id som börjar med `samsyn-`, `sok-` eller `filter-` hör till temat",
        en: "choose another id; ids starting with `samsyn-`, `sok-` or `filter-` belong to the theme",
    },
    Entry {
        id: "parse.external_image",
        sv: "bilden `{url}` ligger på en annan server och kommer inte att visas",
        en: "the image `{url}` is on another server and will not be shown",
    },
    Entry {
        id: "parse.external_image.hint",
        sv: "spara bilden i content/ bredvid sidan och länka till den med filnamnet: att hämta den från en annan server skulle tala om för den servern vem som läste sidan",
        en: "save the image in content/ beside the page and link it by its file name: asking another server for it would tell that server who read the page",
    },
    Entry {
        id: "parse.hidden_personnummer",
        sv: "ett svenskt personnummer eller samordningsnummer, så som en läsare skulle se det",
        en: "a Swedish personal identity number (personnummer or samordningsnummer), as a reader would see it",
    },
    Entry {
        id: "parse.hidden_personnummer.hint",
        sv: "ta bort det, även koder, teckenreferenser eller kod som sätter ihop det: alla anställda kan läsa intranätet; skriv rollen i stället för personen",
        en: "remove it, including escapes, character references or markup that put it together: every employee can read the intranet; refer to the person by role instead",
    },
    // content: reading content/
    Entry {
        id: "content.no_folder",
        sv: "det finns ingen mapp content vid {path}",
        en: "no content folder at {path}",
    },
    Entry {
        id: "content.no_folder.hint",
        sv: "skapa den med Markdown-filer, eller kör `samsyn init MAPP` för en ny webbplats",
        en: "create it with Markdown files, or run `samsyn init DIR` for a new site",
    },
    Entry {
        id: "content.unreadable",
        sv: "filen kan inte läsas: {why}",
        en: "cannot read: {why}",
    },
    Entry {
        id: "content.unreadable.hint",
        sv: "kontrollera att filen finns och att du har rätt att läsa den",
        en: "check that the file exists and that you may read it",
    },
    Entry {
        id: "content.link_outside",
        sv: "den symboliska länken pekar ut ur content/ (eller ingenstans)",
        en: "symbolic link points outside content/ (or nowhere)",
    },
    Entry {
        id: "content.link_outside.hint",
        sv: "kopiera filen till content/ i stället; länkar ut ur webbplatsen publiceras aldrig",
        en: "copy the file into content/ instead; links out of the site are never published",
    },
    // guard: what no file may hold
    Entry {
        id: "guard.name_personnummer",
        sv: "filens eller mappens namn innehåller ett svenskt personnummer eller samordningsnummer",
        en: "the file's name or folder holds a Swedish personal identity number (personnummer or samordningsnummer)",
    },
    Entry {
        id: "guard.name_personnummer.hint",
        sv: "byt namn: namnet blir adressen som alla anställda ser",
        en: "rename it: the name becomes the address every employee sees",
    },
    Entry {
        id: "guard.escaped_control",
        sv: "ett styrtecken, skrivet som en YAML-kod (till exempel `\\e`), som flöden, kalendrar och webbsidor inte kan innehålla",
        en: "a control character, written as a YAML escape (such as `\\e`), that feeds, calendars and web pages cannot carry",
    },
    Entry {
        id: "guard.escaped_control.hint",
        sv: "ta bort koden ur värdet",
        en: "remove the escape from the value",
    },
    Entry {
        id: "guard.control",
        sv: "ett osynligt styrtecken ({code}) som flöden, kalendrar och webbsidor inte kan innehålla",
        en: "an invisible control character ({code}) that feeds, calendars and web pages cannot carry",
    },
    Entry {
        id: "guard.control.hint",
        sv: "ta bort det (det följer ofta med när text kopieras från ett annat program); en ensam vagnretur är en radbrytning från gamla Mac-filer: spara filen med vanliga radbrytningar",
        en: "delete it (it often comes along when text is copied from another program); a lone carriage return is a line break of old Mac files: save the file with ordinary line breaks",
    },
    Entry {
        id: "guard.personnummer",
        sv: "ett svenskt personnummer eller samordningsnummer",
        en: "a Swedish personal identity number (personnummer or samordningsnummer)",
    },
    Entry {
        id: "guard.personnummer.hint",
        sv: "ta bort det: alla anställda kan läsa intranätet; skriv rollen i stället för personen",
        en: "remove it: every employee can read the intranet; refer to the person by role instead",
    },
    // yaml: what the YAML reader refuses
    Entry {
        id: "yaml.invalid",
        sv: "felaktig YAML: {why}",
        en: "invalid YAML: {why}",
    },
    Entry {
        id: "yaml.too_deep",
        sv: "inbäddat mer än {depth} nivåer djupt",
        en: "nested more than {depth} levels deep",
    },
    Entry {
        id: "yaml.too_many",
        sv: "fler än {count} värden (ett alias räknas som alla värden det upprepar)",
        en: "more than {count} values (an alias counts as every value it repeats)",
    },
    Entry {
        id: "yaml.unknown_anchor",
        sv: "ett alias (`*namn`) utan något ankare (`&namn`) före",
        en: "an alias (`*name`) with no anchor (`&name`) before it",
    },
    Entry {
        id: "yaml.too_complex",
        sv: "för stort eller för invecklat (för många värden, alias eller ankare)",
        en: "too large or too complex (too many values, aliases or anchors)",
    },
    // linkcheck: `check --external`
    Entry {
        id: "linkcheck.dead",
        sv: "Länken svarar inte: {url} ({why})",
        en: "The link does not answer: {url} ({why})",
    },
    Entry {
        id: "linkcheck.dead.hint",
        sv: "rätta adressen, ta bort länken, eller lägg adressen i `link_check_skip` i site.yaml om den bara nås från vissa nät",
        en: "correct the address, remove the link, or add the address to `link_check_skip` in site.yaml if it is reachable only from some networks",
    },
    Entry {
        id: "linkcheck.timeout",
        sv: "inget svar inom tidsgränsen",
        en: "no answer within the time limit",
    },
    Entry {
        id: "linkcheck.no_host",
        sv: "servernamnet finns inte (DNS)",
        en: "the server name does not exist (DNS)",
    },
    Entry {
        id: "linkcheck.connection_failed",
        sv: "anslutningen misslyckades",
        en: "the connection failed",
    },
    Entry {
        id: "linkcheck.redirects",
        sv: "för många omdirigeringar",
        en: "too many redirects",
    },
    Entry {
        id: "linkcheck.refused",
        sv: "anslutningen nekades",
        en: "the connection was refused",
    },
    Entry {
        id: "linkcheck.other",
        sv: "fel: {why}",
        en: "error: {why}",
    },
    // report: the words around every diagnostic
    Entry {
        id: "report.hint",
        sv: "tips:",
        en: "hint:",
    },
    // cli: what the samsyn command says around its work
    Entry {
        id: "cli.error",
        sv: "fel: {why}",
        en: "error: {why}",
    },
    Entry {
        id: "cli.bad_base_url",
        sv: "ogiltig --base-url: adressen {why}",
        en: "invalid --base-url: the base URL {why}",
    },
    Entry {
        id: "cli.failed",
        sv: "{errors} fel, {warnings} varning(ar); inget skrevs",
        en: "{errors} error(s), {warnings} warning(s); nothing was written",
    },
    Entry {
        id: "cli.no_errors",
        sv: "Inga fel: {summary}",
        en: "No errors: {summary}",
    },
    Entry {
        id: "cli.created",
        sv: "Skapade {path}",
        en: "Created {path}",
    },
    Entry {
        id: "cli.init_done",
        sv: "Skapade en ny webbplats i {dir} ({files} filer). Bygg den med: samsyn build {dir}",
        en: "Created a new site in {dir} ({files} files). Build it with: samsyn build {dir}",
    },
    Entry {
        id: "cli.note",
        sv: " (obs: {note})",
        en: " (note: {note})",
    },
    Entry {
        id: "cli.unchanged",
        sv: "Inget har ändrats sedan förra byggningen ({summary}) → {out}; kontrollerat på {secs} s",
        en: "Nothing changed since the last build ({summary}) → {out}; checked in {secs} s",
    },
    Entry {
        id: "cli.earlier_warnings",
        sv: "Den hade {count} varning(ar); `samsyn check` visar dem.",
        en: "It had {count} warning(s); `samsyn check` shows them.",
    },
    Entry {
        id: "cli.built",
        sv: "Byggde {summary} på {secs} s → {out}",
        en: "Built {summary} in {secs} s → {out}",
    },
    // pipeline: the summary of a build
    Entry {
        id: "pipeline.summary",
        sv: "{pages} sidor, {documents} styrdokument; {files} filer",
        en: "{pages} pages, {documents} documents; {files} files",
    },
    Entry {
        id: "pipeline.summary.statuses",
        sv: "{pages} sidor, {documents} styrdokument: {statuses}; {files} filer",
        en: "{pages} pages, {documents} documents: {statuses}; {files} files",
    },
    Entry {
        id: "pipeline.status.draft",
        sv: "{count} utkast",
        en: "{count} draft",
    },
    Entry {
        id: "pipeline.status.superseded",
        sv: "{count} ersatta",
        en: "{count} superseded",
    },
    Entry {
        id: "pipeline.status.upcoming",
        sv: "{count} kommande",
        en: "{count} upcoming",
    },
    Entry {
        id: "pipeline.status.expired",
        sv: "{count} upphörda",
        en: "{count} expired",
    },
    Entry {
        id: "pipeline.status.overdue",
        sv: "{count} med försenad granskning",
        en: "{count} overdue",
    },
    Entry {
        id: "pipeline.status.due",
        sv: "{count} som granskas snart",
        en: "{count} due",
    },
    Entry {
        id: "pipeline.status.current",
        sv: "{count} gällande",
        en: "{count} current",
    },
    // feeds: notes on what a build leaves out
    Entry {
        id: "feeds.no_full_address",
        sv: "ingen sitemap.xml och inga fullständiga länkar i flödet och kalendern: base_url är bara en sökväg; ange webbplatsens fullständiga adress i site.yaml eller med --base-url",
        en: "no sitemap.xml, and no absolute links in the feed and calendar: base_url is only a path; give the site's full address in site.yaml or with --base-url",
    },
    // serve: the preview's terminal lines and overlay
    Entry {
        id: "serve.serving",
        sv: "Visar {site} på {url} (utkast ingår). Bevakar ändringar; Ctrl-C avslutar.",
        en: "Serving {site} at {url} (drafts included). Watching for changes; Ctrl-C stops.",
    },
    Entry {
        id: "serve.all_interfaces",
        sv: "varning: lyssnar på alla nätverksgränssnitt: alla i nätverket kan läsa förhandsvisningen, utkast också; den svarar bara för localhost, 127.0.0.1 och [::1], inte för datorns andra namn och adresser, så lägg till --allow-host NAMN för det namn andra ska använda",
        en: "warning: listening on all interfaces: anyone on the network can read the preview, drafts included; it answers only for localhost, 127.0.0.1 and [::1], not for this machine's other names and addresses, so add --allow-host NAME for the name others will use",
    },
    Entry {
        id: "serve.parses_kept",
        sv: "Sparade tolkningen av sidorna i .samsyn-cache/ på {ms} ms, så att nästa start bara tolkar de filer som ändrats sedan den här starten",
        en: "Kept the pages' parses in .samsyn-cache/ in {ms} ms, so the next start parses only the files that changed since this one",
    },
    Entry {
        id: "serve.parses_not_kept",
        sv: "varning: kunde inte spara tolkningen av sidorna i .samsyn-cache/ ({why}); nästa start tolkar alla filer igen",
        en: "warning: could not keep the pages' parses in .samsyn-cache/ ({why}); the next start parses every file again",
    },
    Entry {
        id: "serve.parses_from_cache",
        sv: "{hits} av {count} sidor togs ur .samsyn-cache/ i stället för att tolkas igen",
        en: "{hits} of {count} pages were taken from .samsyn-cache/ instead of being parsed again",
    },
    Entry {
        id: "serve.built",
        sv: "Byggde på {ms} ms: {count} sid(or) ändrades",
        en: "Built in {ms} ms: {count} page(s) changed",
    },
    Entry {
        id: "serve.warnings_as_before",
        sv: "{count} varning(ar) som förut visas inte igen",
        en: "{count} warning(s) as before, not shown again",
    },
    Entry {
        id: "serve.rebuilt",
        sv: "Byggde om på {ms} ms: {count} sid(or) ändrades",
        en: "Rebuilt in {ms} ms: {count} page(s) changed",
    },
    Entry {
        id: "serve.theme_failed",
        sv: "temat kunde inte användas: {why}",
        en: "the theme could not be used: {why}",
    },
    // error: failures that are not the content's fault
    Entry {
        id: "error.output",
        sv: "utdatamappen {path}: {why}",
        en: "output directory {path}: {why}",
    },
    Entry {
        id: "output.locked",
        sv: "en annan samsyn-byggning skriver i den här mappen; inget skrevs. Försök igen när den är klar",
        en: "another samsyn build is writing this folder; nothing was written. Try again when it has finished",
    },
    Entry {
        id: "output.locked_by",
        sv: "en annan samsyn-byggning skriver i den här mappen (process {pid}); inget skrevs. Försök igen när den är klar",
        en: "another samsyn build is writing this folder (process {pid}); nothing was written. Try again when it has finished",
    },
    Entry {
        id: "output.write_failed",
        sv: "den nya webbplatsen kunde inte skrivas; den förra finns kvar som den var ({why})",
        en: "the new site could not be written; the previous one is left as it was ({why})",
    },
    Entry {
        id: "output.unnamed",
        sv: "utdata måste vara en mapp med ett namn",
        en: "the output must be a named folder",
    },
    Entry {
        id: "output.not_ours",
        sv: "den innehåller filer som samsyn inte har skrivit (ingen markering {marker}); den ersätts inte. Töm den eller välj en annan --output",
        en: "it has files that samsyn did not write (no {marker} marker); refusing to replace it. Empty it or choose another --output",
    },
    Entry {
        id: "scaffold.not_markdown",
        sv: "{path}: en sida måste vara en .md-fil",
        en: "{path}: a page must be a .md file",
    },
    Entry {
        id: "scaffold.exists",
        sv: "{path} finns redan; välj ett annat namn",
        en: "{path} exists already; choose another name",
    },
    Entry {
        id: "scaffold.site_exists",
        sv: "{path} innehåller redan en webbplats (content/ eller site.yaml); välj en tom mapp",
        en: "{path} already has a site (content/ or site.yaml); choose an empty folder",
    },
    Entry {
        id: "serve.cannot_listen",
        sv: "kan inte lyssna på {address}: {why}; välj en annan --port eller --bind",
        en: "cannot listen on {address}: {why}; choose another --port or --bind",
    },
    Entry {
        id: "serve.cannot_watch",
        sv: "kan inte bevaka filerna: {why}",
        en: "cannot watch files: {why}",
    },
    Entry {
        id: "serve.cannot_watch_path",
        sv: "kan inte bevaka {path}: {why}",
        en: "cannot watch {path}: {why}",
    },
    // attachment: files under content/ that are not pages
    Entry {
        id: "attachment.script",
        sv: "skriptfiler publiceras aldrig från content/; bara temats skript körs",
        en: "script files are never published from content/; only the theme's scripts run",
    },
    Entry {
        id: "attachment.script.hint",
        sv: "ta bort filen från content/; ett skript som webbplatsen behöver hör hemma i temat",
        en: "leave the file out of content/; a script the site needs belongs in the theme",
    },
    Entry {
        id: "attachment.reserved_name",
        sv: "en bilaga får inte heta `{name}`: det är namnet på samsyns egna sidor",
        en: "an attachment may not be named `{name}`: that is the name of samsyn's own pages",
    },
    Entry {
        id: "attachment.reserved_name.hint",
        sv: "byt namn på filen: webbservern öppnar bilagor i en skyddad miljö och känner igen dem på namnet",
        en: "rename the file: web servers open attachments in a sandbox by telling them from the pages by name",
    },
    Entry {
        id: "attachment.html",
        sv: "HTML- och XML-filer under content/ publiceras inte: öppnade på intranätet skulle de kunna köra skript i webbplatsens namn",
        en: "HTML and XML files under content/ are not published: opened on the intranet, they could run script as the site",
    },
    Entry {
        id: "attachment.html.hint",
        sv: "länka till en sida skriven i Markdown i stället, eller skriv `allow_html_attachments: true` i site.yaml och låt webbservern skicka filerna med `Content-Security-Policy: sandbox` (se README)",
        en: "link to a page written in Markdown instead, or set `allow_html_attachments: true` in site.yaml and have the web server send them with `Content-Security-Policy: sandbox` (see the README)",
    },
    Entry {
        id: "attachment.bad_name",
        sv: "bilagans namn `{name}` slutar med en punkt eller ett mellanslag: Windows och vissa webbservrar tar bort dem, så filen kan visas som en annan filtyp än den samsyn kontrollerade",
        en: "the attachment's name `{name}` ends with a dot or a space: Windows and some web servers drop those, so it could be served as another type than samsyn checked",
    },
    Entry {
        id: "attachment.bad_name.hint",
        sv: "byt namn på filen så att namnet slutar med filändelsen, till exempel `.pdf`",
        en: "rename the file so that its name ends with its extension, such as `.pdf`",
    },
    Entry {
        id: "attachment.unknown_markup",
        sv: "filen är HTML eller XML under ett namn som samsyn inte känner till, så den kan inte publiceras: en webbserver kan öppna den som ett dokument som kör skript i webbplatsens namn",
        en: "the file is HTML or XML under a name samsyn does not know, so it cannot be published: a web server may open it as a document that runs script as the site",
    },
    Entry {
        id: "attachment.unknown_markup.hint",
        sv: "spara den som PDF, eller byt namn till `.html` eller `.xml` och skriv `allow_html_attachments: true` i site.yaml (se README)",
        en: "save it as PDF, or rename it to `.html` or `.xml` and set `allow_html_attachments: true` in site.yaml (see the README)",
    },
    Entry {
        id: "attachment.no_extension",
        sv: "filen har ingen filändelse, så samsyn kan inte kontrollera om den innehåller personnummer innan den publiceras",
        en: "the file has no extension, so samsyn cannot check it for personal identity numbers before it is published",
    },
    Entry {
        id: "attachment.no_extension.hint",
        sv: "ge den en filändelse som säger vad den är, till exempel `.pdf` eller `.txt`",
        en: "give it an extension that says what it is, such as `.pdf` or `.txt`",
    },
    Entry {
        id: "attachment.unknown_type",
        sv: "samsyn kan inte läsa `.{ext}`-filer, så den här publiceras utan att ha kontrollerats för personnummer",
        en: "samsyn cannot read `.{ext}` files, so this one is published without being checked for personal identity numbers",
    },
    Entry {
        id: "attachment.save_as",
        sv: "spara den som {format} eller PDF",
        en: "save it as {format} or PDF",
    },
    Entry {
        id: "attachment.save_without_macros",
        sv: "spara den som .docx, .xlsx eller .pptx (utan makron), eller som PDF",
        en: "save it as .docx, .xlsx or .pptx (without macros), or as PDF",
    },
    Entry {
        id: "attachment.not_an_archive",
        sv: "lägg själva filerna under content/ i stället för ett arkiv med dem",
        en: "put the files themselves under content/ rather than an archive of them",
    },
    Entry {
        id: "attachment.save_email_as_pdf",
        sv: "spara e-postmeddelandet som PDF",
        en: "save the e-mail as PDF",
    },
    Entry {
        id: "attachment.export_pdf",
        sv: "exportera den som PDF",
        en: "export it as PDF",
    },
    Entry {
        id: "attachment.save_as_pdf_or_leave_out",
        sv: "spara den som PDF, eller ta bort den från content/ om den inte behöver finnas på intranätet",
        en: "save it as PDF, or leave it out of content/ if it need not be on the intranet",
    },
    Entry {
        id: "attachment.found",
        sv: "bilagan innehåller ett svenskt personnummer eller samordningsnummer",
        en: "the attachment contains a Swedish personal identity number (personnummer or samordningsnummer)",
    },
    Entry {
        id: "attachment.found_in",
        sv: "bilagan innehåller ett svenskt personnummer eller samordningsnummer {place}",
        en: "the attachment contains a Swedish personal identity number (personnummer or samordningsnummer) {place}",
    },
    Entry {
        id: "attachment.found_many_in",
        sv: "bilagan innehåller {count} svenska personnummer eller samordningsnummer {place}",
        en: "the attachment contains {count} Swedish personal identity numbers (personnummer or samordningsnummer) {place}",
    },
    Entry {
        id: "attachment.found.hint",
        sv: "ta bort numret ur filen, eller ta bort filen från content/: alla anställda kan läsa intranätet",
        en: "remove it from the file, or leave the file out of content/: every employee can read the intranet",
    },
    Entry {
        id: "attachment.found_many.hint",
        sv: "ta bort numren ur filen, eller ta bort filen från content/: alla anställda kan läsa intranätet",
        en: "remove them from the file, or leave the file out of content/: every employee can read the intranet",
    },
    Entry {
        id: "attachment.place.part",
        sv: "i {part}",
        en: "in {part}",
    },
    Entry {
        id: "attachment.place.page",
        sv: "på sidan {page}",
        en: "on page {page}",
    },
    Entry {
        id: "attachment.place.pdf_other",
        sv: "i dess egenskaper, kommentarer eller formulärfält",
        en: "in its properties, comments or form fields",
    },
    Entry {
        id: "attachment.unreadable",
        sv: "bilagan kunde inte läsas, så samsyn kunde inte kontrollera om den innehåller personnummer: {why}",
        en: "the attachment could not be read to check it for personal identity numbers: {why}",
    },
    Entry {
        id: "attachment.email_base64",
        sv: "e-postmeddelandet har base64-kodade delar, som samsyn inte kan kontrollera för personnummer",
        en: "the e-mail has base64-encoded parts, which samsyn cannot check for personal identity numbers",
    },
    Entry {
        id: "attachment.email_base64.hint",
        sv: "spara e-postmeddelandet som PDF, eller lägg dess bilagor under content/ som egna filer",
        en: "save the e-mail as PDF, or put its attachments under content/ as files of their own",
    },
    Entry {
        id: "attachment.svg.hint",
        sv: "exportera bilden igen som en enkel SVG (utan skript, länkar eller inbäddad HTML), eller som PNG",
        en: "export the drawing again as a plain SVG (no scripts, links or embedded HTML), or as PNG",
    },
    Entry {
        id: "attachment.svgz.unpack",
        sv: "SVGZ-bilden kunde inte packas upp ({why})",
        en: "the SVGZ drawing could not be unpacked ({why})",
    },
    Entry {
        id: "attachment.svgz.too_big",
        sv: "SVGZ-bilden blir större än {mib} MiB uppackad",
        en: "the SVGZ drawing unpacks to more than {mib} MiB",
    },
    Entry {
        id: "attachment.svg.fetches",
        sv: "en SVG vars stil hämtar andra filer ({what}) publiceras inte: varje läsares webbläsare skulle hämta dem från någon annanstans",
        en: "an SVG whose style loads other files ({what}) is not published: every reader's browser would fetch them from elsewhere",
    },
    Entry {
        id: "attachment.svg.active",
        sv: "en SVG med skript eller aktivt innehåll ({what}) publiceras inte: öppnad på intranätet skulle den kunna köra skript i webbplatsens namn",
        en: "an SVG with script or active content ({what}) is not published: opened on the intranet, it could run script as the site",
    },
    Entry {
        id: "attachment.svg.not_xml",
        sv: "SVG-filen kunde inte läsas som XML: {why}",
        en: "the SVG could not be read as XML: {why}",
    },
    Entry {
        id: "attachment.svg.declaration",
        sv: "en `{decl}>`-deklaration i dess DOCTYPE",
        en: "an `{decl}>` declaration in its DOCTYPE",
    },
    Entry {
        id: "attachment.svg.stylesheet",
        sv: "en `<?xml-stylesheet?>`-instruktion",
        en: "an `<?xml-stylesheet?>` instruction",
    },
    Entry {
        id: "attachment.svg.not_closed",
        sv: "ett element är inte avslutat",
        en: "an element is not closed",
    },
    Entry {
        id: "attachment.svg.empty",
        sv: "den har inga element",
        en: "it has no elements",
    },
    Entry {
        id: "attachment.svg.attribute",
        sv: "attributet `{key}`",
        en: "the `{key}` attribute",
    },
    Entry {
        id: "attachment.svg.xhtml",
        sv: "element i XHTML-namnrymden",
        en: "elements in the XHTML namespace",
    },
    Entry {
        id: "attachment.svg.link",
        sv: "en `{scheme}`-länk i `{key}`",
        en: "a `{scheme}` link in `{key}`",
    },
    Entry {
        id: "attachment.svg.animates",
        sv: "`<{name}>` som ändrar `{target}`",
        en: "`<{name}>` that changes `{target}`",
    },
    Entry {
        id: "attachment.svg.url",
        sv: "`url()` till en annan fil",
        en: "`url()` to another file",
    },
    Entry {
        id: "attachment.office.hint",
        sv: "öppna filen och spara den igen utan lösenord, eller spara den som PDF",
        en: "open it and save it again without a password, or save it as PDF",
    },
    Entry {
        id: "attachment.split.hint",
        sv: "dela upp den i mindre filer, eller spara den som PDF",
        en: "split it into smaller files, or save it as PDF",
    },
    Entry {
        id: "attachment.office.not_zip",
        sv: "den är inte ett ZIP-arkiv som formatet kräver ({why})",
        en: "it is not a ZIP archive as the format requires ({why})",
    },
    Entry {
        id: "attachment.office.embedded_not_zip",
        sv: "det inbäddade dokumentet {part} är inte ett ZIP-arkiv ({why})",
        en: "the embedded document {part} is not a ZIP archive ({why})",
    },
    Entry {
        id: "attachment.office.too_many_parts",
        sv: "den har fler än {count} delar",
        en: "it has more than {count} parts",
    },
    Entry {
        id: "attachment.office.too_big",
        sv: "den blir större än {mib} MiB uppackad, så resten kontrollerades inte",
        en: "it unpacks to more than {mib} MiB, so the rest was not checked",
    },
    Entry {
        id: "attachment.part.embedded_object",
        sv: "{part} är ett inbäddat objekt som samsyn inte kan läsa",
        en: "{part} is an embedded object samsyn cannot read",
    },
    Entry {
        id: "attachment.part.embedded_object.hint",
        sv: "klistra in innehållet i dokumentet i stället för att bädda in objektet, eller spara dokumentet som PDF",
        en: "paste its contents into the document instead of embedding the object, or save the document as PDF",
    },
    Entry {
        id: "attachment.part.unpack",
        sv: "{part} kan inte packas upp ({why})",
        en: "{part} cannot be unpacked ({why})",
    },
    Entry {
        id: "attachment.part.too_big",
        sv: "{part} blir större än {mib} MiB uppackad, så den kontrollerades inte",
        en: "{part} unpacks to more than {mib} MiB, so it was not checked",
    },
    Entry {
        id: "attachment.part.too_deep",
        sv: "{part} är inbäddad för djupt",
        en: "{part} is embedded too deep",
    },
    Entry {
        id: "attachment.part.base64",
        sv: "{part} har base64-kodade delar, som samsyn inte kan kontrollera",
        en: "{part} has base64-encoded parts, which samsyn cannot check",
    },
    Entry {
        id: "attachment.part.base64.hint",
        sv: "klistra in texten i själva dokumentet, eller spara dokumentet som PDF",
        en: "paste the text into the document itself, or save the document as PDF",
    },
    Entry {
        id: "attachment.part.not_xml",
        sv: "{part} är inte korrekt XML ({why})",
        en: "{part} is not well-formed XML ({why})",
    },
    Entry {
        id: "attachment.pdf.hint",
        sv: "spara eller skriv ut den till PDF igen utan lösenord, eller ta bort den från content/",
        en: "save or print it to PDF again without a password, or leave it out of content/",
    },
    Entry {
        id: "attachment.pdf.reader_failed",
        sv: "PDF-läsaren misslyckades med den",
        en: "the PDF reader failed on it",
    },
    Entry {
        id: "attachment.pdf.too_big",
        sv: "en av dess strömmar blir större än {mib} MiB uppackad, eller alla tillsammans större än {total_mib} MiB, så en del av texten kontrollerades inte",
        en: "one of its streams unpacks to more than {mib} MiB, or all of them to more than {total_mib} MiB, so some of its text was not checked",
    },
    Entry {
        id: "attachment.pdf.too_big.hint",
        sv: "dela upp den i mindre filer, eller skriv ut den till PDF igen",
        en: "split it into smaller files, or print it to PDF again",
    },
    Entry {
        id: "attachment.pdf.font",
        sv: "en del av texten på sidan {pages} har ett typsnitt som samsyn inte kan läsa",
        en: "some of the text on page {pages} is in a font samsyn cannot read",
    },
    Entry {
        id: "attachment.pdf.unreadable",
        sv: "den är inte en PDF som kan läsas ({why})",
        en: "it is not a PDF that can be read ({why})",
    },
    Entry {
        id: "attachment.pdf.encrypted",
        sv: "den är krypterad",
        en: "it is encrypted",
    },
    Entry {
        id: "attachment.pdf.no_pages",
        sv: "den har inga sidor som kan läsas",
        en: "it has no pages that can be read",
    },
    // import: `samsyn import` (src/import/, its summary printed by main.rs).
    Entry {
        id: "import.wrote",
        sv: "Skrev {path}",
        en: "Wrote {path}",
    },
    Entry {
        id: "import.saved_image",
        sv: "  sparade bilden {path}",
        en: "  saved the image {path}",
    },
    Entry {
        id: "import.notes_heading",
        sv: "  Kom inte med, eller behöver ses över:",
        en: "  Not carried over, or to be looked at:",
    },
    Entry {
        id: "import.summary",
        sv: "{imported} av {total} dokument importerade; {failed} gick inte att importera (för dem skrevs ingenting)",
        en: "{imported} of {total} documents imported; {failed} could not be imported (nothing was written for them)",
    },
    Entry {
        id: "import.not_found",
        sv: "{file} finns inte",
        en: "{file} does not exist",
    },
    Entry {
        id: "import.read_failed",
        sv: "{file} gick inte att läsa: {why}",
        en: "{file} could not be read: {why}",
    },
    Entry {
        id: "import.write_failed",
        sv: "{path} gick inte att skriva: {why}; ingenting importerades",
        en: "{path} could not be written: {why}; nothing was imported",
    },
    Entry {
        id: "import.empty_folder",
        sv: "{dir} har inga .docx-filer att importera",
        en: "{dir} has no .docx files to import",
    },
    Entry {
        id: "import.no_site",
        sv: "{dir} har ingen content/-mapp, så det går inte att importera dit",
        en: "{dir} has no content/ folder to import into",
    },
    Entry {
        id: "import.no_site_hint",
        sv: "ange webbplatsens mapp med --site, eller skapa en webbplats med `samsyn init`",
        en: "name the site folder with --site, or create a site with `samsyn init`",
    },
    Entry {
        id: "import.not_docx",
        sv: "{file} är inget Word-dokument i formatet .docx",
        en: "{file} is not a Word document in the .docx format",
    },
    Entry {
        id: "import.not_docx_hint",
        sv: "öppna det i Word och spara det som .docx (Arkiv → Spara som); ett äldre .doc eller ett lösenordsskyddat dokument går inte att läsa",
        en: "open it in Word and save it as .docx (File → Save as); an old .doc or a password-protected document cannot be read",
    },
    Entry {
        id: "import.no_document",
        sv: "{file} innehåller inget Word-dokument",
        en: "{file} holds no Word document",
    },
    Entry {
        id: "import.too_big",
        sv: "{file} är för stort för att importeras (mer än 256 MB, uppackat eller som fil)",
        en: "{file} is too large to import (more than 256 MB, unpacked or as a file)",
    },
    Entry {
        id: "import.broken",
        sv: "{file}: delen {part} går inte att läsa ({why})",
        en: "{file}: the part {part} cannot be read ({why})",
    },
    Entry {
        id: "import.save_again_hint",
        sv: "öppna dokumentet i Word och spara det igen, och importera sedan på nytt",
        en: "open the document in Word, save it again and import it once more",
    },
    Entry {
        id: "import.personnummer",
        sv: "{file} innehåller ett personnummer; ingenting importerades",
        en: "{file} holds a personal identity number; nothing was imported",
    },
    Entry {
        id: "import.personnummer_hint",
        sv: "ta bort numret i Word (se även kommentarer, sidhuvud, sidfot och dokumentegenskaper) och importera igen",
        en: "remove the number in Word (look in comments, headers, footers and the document properties too) and import again",
    },
    Entry {
        id: "import.exists",
        sv: "{path} finns redan; ingenting skrevs",
        en: "{path} exists already; nothing was written",
    },
    Entry {
        id: "import.exists_hint",
        sv: "välj en annan sökväg med --output, eller flytta bort den befintliga filen först",
        en: "choose another path with --output, or move the existing file away first",
    },
    Entry {
        id: "import.bad_output",
        sv: "--output {path} måste vara en .md-fil eller en mapp under content/",
        en: "--output {path} must be a .md file or a folder under content/",
    },
    Entry {
        id: "import.bad_output_hint",
        sv: "skriv sökvägen från content/, t.ex. --output rutiner/ny-rutin.md eller --output rutiner/",
        en: "write the path from content/, e.g. --output rutiner/ny-rutin.md or --output rutiner/",
    },
    Entry {
        id: "import.no_kind",
        sv: "{file} säger inte vilken sorts dokument det är (ingen rad Dokumenttyp som samsyn känner igen); ingenting importerades",
        en: "{file} does not say what kind of document it is (no Dokumenttyp line samsyn knows); nothing was imported",
    },
    Entry {
        id: "import.kind_hint",
        sv: "ange sorten med --kind, t.ex. --kind guideline (agreement, guideline, routine, plan, policy eller report)",
        en: "give the kind with --kind, e.g. --kind guideline (agreement, guideline, routine, plan, policy or report)",
    },
    Entry {
        id: "import.unknown_kind",
        sv: "Dokumenttyp ”{value}” är ingen sort samsyn känner; sorten kommer från --kind",
        en: "Dokumenttyp “{value}” is no kind samsyn knows; the kind comes from --kind",
    },
    Entry {
        id: "import.unknown_label",
        sv: "raden ”{label}: …” i faktarutan hör inte till någon nyckel; den står som kommentar i sidhuvudet",
        en: "the line “{label}: …” of the fact block belongs to no key; it is kept as a comment in the front matter",
    },
    Entry {
        id: "import.key_not_for_kind",
        sv: "{key} hör inte till sorten {kind}; raden står som kommentar i sidhuvudet",
        en: "{key} does not belong to the kind {kind}; the line is kept as a comment in the front matter",
    },
    Entry {
        id: "import.twice",
        sv: "{key} står två gånger i faktarutan (”{label}”); den andra står som kommentar i sidhuvudet",
        en: "{key} is in the fact block twice (“{label}”); the second is kept as a comment in the front matter",
    },
    Entry {
        id: "import.bad_date",
        sv: "{key}: ”{value}” är inget datum (ÅÅÅÅ-MM-DD); det står som kommentar i sidhuvudet",
        en: "{key}: “{value}” is not a date (YYYY-MM-DD); it is kept as a comment in the front matter",
    },
    Entry {
        id: "import.bad_interval",
        sv: "{key}: ”{value}” är inget intervall (t.ex. 1 år, 6 månader); det står som kommentar i sidhuvudet",
        en: "{key}: “{value}” is not an interval (e.g. 1 år, 6 månader); it is kept as a comment in the front matter",
    },
    Entry {
        id: "import.unmatched_role",
        sv: "{key}: ”{name}” är ingen roll på webbplatsen; namnet står som kommentar i sidhuvudet",
        en: "{key}: “{name}” is no role of the site; the name is kept as a comment in the front matter",
    },
    Entry {
        id: "import.unmatched_organisation",
        sv: "{key}: ”{name}” är ingen organisation på webbplatsen (varken titel eller short); namnet står som kommentar i sidhuvudet",
        en: "{key}: “{name}” is no organisation of the site (neither title nor short); the name is kept as a comment in the front matter",
    },
    Entry {
        id: "import.comment_unmatched",
        sv: "{key}: {name} (matchar ingen sida på webbplatsen)",
        en: "{key}: {name} (matches no page of the site)",
    },
    Entry {
        id: "import.comment_value",
        sv: "{key}: {value} (kunde inte föras över)",
        en: "{key}: {value} (could not be carried over)",
    },
    Entry {
        id: "import.comment_label",
        sv: "{label}: {value} (ingen nyckel)",
        en: "{label}: {value} (no key)",
    },
    Entry {
        id: "import.title_from_file",
        sv: "dokumentet har ingen rubrik i formatet Rubrik (Title); titeln ”{title}” är gjord av filnamnet",
        en: "the document has no paragraph in the Title style; the title “{title}” is made from the file name",
    },
    Entry {
        id: "import.link_dropped",
        sv: "länken till ”{target}” är ingen webbadress; bara länktexten kom med",
        en: "the link to “{target}” is not a web address; only its text was carried over",
    },
    Entry {
        id: "import.anchors_dropped",
        sv: "{count} länkar till bokmärken i dokumentet blev vanlig text",
        en: "{count} links to bookmarks in the document became plain text",
    },
    Entry {
        id: "import.image_type",
        sv: "en bild i formatet {ext}, som webbläsare inte visar, kom inte med",
        en: "an image in the {ext} format, which browsers do not show, was not carried over",
    },
    Entry {
        id: "import.no_alt",
        sv: "bilden {image} har ingen alternativtext; skriv en i sidan (texten inom ![…])",
        en: "the image {image} has no alternative text; write one in the page (the text in ![…])",
    },
    Entry {
        id: "import.skipped.text_boxes",
        sv: "{count} textrutor kom inte med; för in texten i sidan för hand",
        en: "{count} text boxes were not carried over; copy their text into the page by hand",
    },
    Entry {
        id: "import.skipped.footnotes",
        sv: "{count} fotnoter kom inte med (bara hänvisningarna fanns i texten)",
        en: "{count} footnotes were not carried over",
    },
    Entry {
        id: "import.skipped.comments",
        sv: "{count} kommentarer kom inte med",
        en: "{count} comments were not carried over",
    },
    Entry {
        id: "import.skipped.fields",
        sv: "{count} fält (sidnummer, innehållsförteckning, datum …): bara texten de visade kom med",
        en: "{count} fields (page numbers, tables of contents, dates …): only the text they showed was carried over",
    },
    Entry {
        id: "import.skipped.equations",
        sv: "{count} formler kom inte med",
        en: "{count} equations were not carried over",
    },
    Entry {
        id: "import.skipped.objects",
        sv: "{count} inbäddade objekt, diagram eller äldre bilder kom inte med",
        en: "{count} embedded objects, charts or old-style pictures were not carried over",
    },
    Entry {
        id: "import.skipped.nested_tables",
        sv: "{count} tabeller i tabeller blev text i cellen runt dem",
        en: "{count} tables inside tables became text in the cell around them",
    },
    Entry {
        id: "import.skipped.toc",
        sv: "innehållsförteckningen ({count} rader) kom inte med",
        en: "the table of contents ({count} lines) was not carried over",
    },
    Entry {
        id: "import.skipped.headers_footers",
        sv: "sidhuvud och sidfot ({count} med text) kom inte med",
        en: "headers and footers ({count} with text) were not carried over",
    },
    Entry {
        id: "import.skipped.missing_images",
        sv: "{count} bilder fanns inte i filen (länkade bilder) och kom inte med",
        en: "{count} images were not in the file (linked images) and were not carried over",
    },
    // encoding: a page saved in another encoding than UTF-8.
    Entry {
        id: "encoding.utf16",
        sv: "filen är sparad som {encoding} utan byte order mark, inte som UTF-8",
        en: "the file is saved as {encoding} without a byte order mark, not as UTF-8",
    },
    Entry {
        id: "encoding.utf16_bom",
        sv: "filen är sparad som {encoding} (med byte order mark), inte som UTF-8",
        en: "the file is saved as {encoding} (with a byte order mark), not as UTF-8",
    },
    Entry {
        id: "encoding.windows_1252",
        sv: "filen är sparad som Windows-1252 (”ANSI”), inte som UTF-8: tecknet `{character}` här går inte att läsa",
        en: "the file is saved as Windows-1252 (“ANSI”), not as UTF-8: the character `{character}` here cannot be read",
    },
    Entry {
        id: "encoding.save_as_utf8",
        sv: "spara filen som UTF-8: Arkiv → Spara som → Kodning: UTF-8 (så heter det i Anteckningar och i de flesta andra program)",
        en: "save the file as UTF-8: File → Save as → Encoding: UTF-8 (so it is called in Notepad and most other editors)",
    },
    // frontmatter: a page's keys.
    Entry {
        id: "frontmatter.unclosed",
        sv: "sidhuvudet börjar med `---` här, men raden `---` som avslutar det saknas",
        en: "the front matter starts with `---` here, but the `---` line that ends it is missing",
    },
    Entry {
        id: "frontmatter.unclosed_hint",
        sv: "skriv en rad med bara `---` efter den sista raden `nyckel: värde`, före sidans text",
        en: "write a line with only `---` after the last `key: value` line, before the page's text",
    },
    Entry {
        id: "frontmatter.list_for_one",
        sv: "`{key}` tar ett enda värde, men här står en lista",
        en: "`{key}` takes one value, but a list is written here",
    },
    Entry {
        id: "frontmatter.list_for_one_hint",
        sv: "skriv värdet på samma rad, utan `-` och utan `[ ]`: `{key}: …`",
        en: "write the value on the same line, without `-` and without `[ ]`: `{key}: …`",
    },
    // resolve: references between pages, and links.
    Entry {
        id: "refs.did_you_mean",
        sv: "menade du `{near}`?",
        en: "did you mean `{near}`?",
    },
    Entry {
        id: "refs.unknown_near",
        sv: "menade du `{near}`? Andra närliggande id som `{key}` kan ange: {ids}",
        en: "did you mean `{near}`? Other close ids `{key}` can name: {ids}",
    },
    Entry {
        id: "refs.unknown_far",
        sv: "inget id liknar det; de närmaste som `{key}` kan ange: {ids} (ett id är filnamnet utan .md, eller nyckeln `id:`)",
        en: "no id is similar; the closest `{key}` can name: {ids} (an id is the file name without .md, or the `id:` key)",
    },
    Entry {
        id: "refs.no_page_of_kind",
        sv: "webbplatsen har ännu ingen sida av sorten `{kind}`",
        en: "the site has no page of kind `{kind}` yet",
    },
    Entry {
        id: "refs.wrong_kind_only",
        sv: "menade du sidan `{near}` av sorten `{kind}`?",
        en: "did you mean the {kind} `{near}`?",
    },
    Entry {
        id: "refs.wrong_kind_near",
        sv: "menade du sidan `{near}` av sorten `{kind}`? Andra närliggande av sorten `{kind}`: {ids}",
        en: "did you mean the {kind} `{near}`? Other close ones of kind `{kind}`: {ids}",
    },
    Entry {
        id: "refs.wrong_kind_far",
        sv: "ange en sida av sorten `{kind}`; de närmaste: {ids}",
        en: "name a page of kind `{kind}`; the closest: {ids}",
    },
    Entry {
        id: "links.without_md",
        sv: "menade du `{suggestion}`? Länkar till sidor slutar på `.md`",
        en: "did you mean `{suggestion}`? Links to pages end in `.md`",
    },
    // yamlhelp: the common YAML mistakes, in plain words.
    Entry {
        id: "yaml.tab",
        sv: "här står ett tabbtecken; raderna `nyckel: värde` får bara ha mellanslag, inte tabbar",
        en: "there is a tab character here; `key: value` lines may only have spaces, not tabs",
    },
    Entry {
        id: "yaml.tab_hint",
        sv: "ta bort tabben och skriv mellanslag i stället (till exempel två)",
        en: "remove the tab and type spaces instead (two, say)",
    },
    Entry {
        id: "yaml.unclosed_quote",
        sv: "citattecknet {quote} öppnas här men stängs aldrig",
        en: "the quotation mark {quote} opens here but is never closed",
    },
    Entry {
        id: "yaml.unclosed_quote_hint",
        sv: "skriv ett {quote} till i slutet av värdet, på samma rad",
        en: "write another {quote} at the end of the value, on the same line",
    },
    Entry {
        id: "yaml.unclosed_bracket",
        sv: "listan som börjar med `[` här stängs aldrig med `]`",
        en: "the list that starts with `[` here is never closed with `]`",
    },
    Entry {
        id: "yaml.unclosed_bracket_hint",
        sv: "skriv `]` efter det sista värdet, på samma rad: `roles: [rektor, kurator]`",
        en: "write `]` after the last value, on the same line: `roles: [rektor, kurator]`",
    },
    Entry {
        id: "yaml.after_quote",
        sv: "värdet slutar vid det andra citattecknet, men det står mer text efter det",
        en: "the value ends at the second quotation mark, but more text follows it",
    },
    Entry {
        id: "yaml.after_quote_hint",
        sv: "sätt citattecken runt hela värdet, och använd ' inuti: `title: \"Rutin för 'Trygg skola'\"`",
        en: "put the quotation marks around the whole value, and use ' inside: `title: \"Rutin för 'Trygg skola'\"`",
    },
    Entry {
        id: "yaml.duplicate_key",
        sv: "`{key}` står här en gång till",
        en: "`{key}` is written here a second time",
    },
    Entry {
        id: "yaml.duplicate_key_hint",
        sv: "varje nyckel får stå en gång; ta bort den ena raden `{key}:` eller slå ihop dem",
        en: "each key may be written once; remove one of the `{key}:` lines or merge them",
    },
    Entry {
        id: "yaml.indentation",
        sv: "raden är indragen (börjar med mellanslag) men hör inte till raden ovanför",
        en: "this line is indented (starts with spaces) but does not belong to the line above",
    },
    Entry {
        id: "yaml.indentation_hint",
        sv: "börja raden där de andra nycklarna börjar; bara rader under en nyckel utan värde (som `contacts:`) dras in, alla lika långt",
        en: "start the line where the other keys start; only lines under a key without a value (such as `contacts:`) are indented, all by the same amount",
    },
    Entry {
        id: "yaml.colon_in_value",
        sv: "värdet i `{key}` innehåller `: `, som läses som början på en ny nyckel",
        en: "the value of `{key}` contains `: `, which is read as the start of a new key",
    },
    Entry {
        id: "yaml.colon_in_value_hint",
        sv: "sätt raka citattecken runt hela värdet: `{key}: \"{value}\"`",
        en: "put straight quotation marks around the whole value: `{key}: \"{value}\"`",
    },
    Entry {
        id: "yaml.unreadable",
        sv: "raden går inte att läsa som `nyckel: värde` ({detail})",
        en: "this line cannot be read as `key: value` ({detail})",
    },
    Entry {
        id: "yaml.unreadable_hint",
        sv: "skriv en `nyckel: värde` per rad, och sätt raka citattecken runt värden som innehåller `: ` eller börjar med `[`, `{`, `*` eller `&`",
        en: "write one `key: value` per line, and put straight quotation marks around values that contain `: ` or start with `[`, `{`, `*` or `&`",
    },
    Entry {
        id: "yaml.typographic_quotes",
        sv: "värdet står inom typografiska citattecken (som Word sätter in); de lästes som vanliga citattecken",
        en: "the value is in typographic quotation marks (as Word writes them); they were read as straight ones",
    },
    Entry {
        id: "yaml.typographic_quotes_hint",
        sv: "skriv raka citattecken (\") i stället, eller inga alls",
        en: "write straight quotation marks (\") instead, or none",
    },
    // serve: a build that failed.
    Entry {
        id: "serve.failed_title",
        sv: "Webbplatsen kunde inte byggas",
        en: "The site could not be built",
    },
    Entry {
        id: "serve.kept_last_good",
        sv: "Den senaste fungerande versionen visas fortfarande. Rätta felet och spara igen.",
        en: "The last good build is still being served; fix the error and save again.",
    },
    Entry {
        id: "serve.no_good_build",
        sv: "Webbplatsen har inte gått att bygga någon gång än, så varje sida visar felet. Rätta felet och spara, så visas sidan.",
        en: "There is no good build yet, so every page shows the error; fix it and save, and the page appears.",
    },
    // parse::unfinished: a page that is not finished yet.
    Entry {
        id: "unfinished.marker_key",
        sv: "`{key}` är inte ifyllt: «fyll i» från mallen står kvar",
        en: "`{key}` is not filled in: the template's «fyll i» is still there",
    },
    Entry {
        id: "unfinished.marker_key_hint",
        sv: "skriv det som ska stå här i stället för «fyll i», eller ta bort raden om den inte behövs",
        en: "write what belongs here in place of «fyll i», or remove the line if it is not needed",
    },
    Entry {
        id: "unfinished.marker_body",
        sv: "«fyll i» från mallen står kvar i texten",
        en: "the template's «fyll i» is still in the text",
    },
    Entry {
        id: "unfinished.marker_body_hint",
        sv: "skriv texten i stället för «fyll i …», eller ta bort avsnittet om det inte behövs",
        en: "write the text in place of «fyll i …», or remove the section if it is not needed",
    },
    Entry {
        id: "unfinished.no_owner",
        sv: "dokumentet har ingen dokumentansvarig (`owner`)",
        en: "the document has no owner (`owner`)",
    },
    Entry {
        id: "unfinished.owner_hint",
        sv: "skriv id för den roll som ansvarar för dokumentet, t.ex. `owner: rektor` (id är rollsidans filnamn utan .md); då vet läsarna vem de ska vända sig till",
        en: "write the id of the role responsible for the document, e.g. `owner: rektor` (the id is the role page's file name without .md), so readers know whom to ask",
    },
    Entry {
        id: "unfinished.no_summary",
        sv: "dokumentet har ingen sammanfattning (`summary`)",
        en: "the document has no summary (`summary`)",
    },
    Entry {
        id: "unfinished.summary_hint",
        sv: "skriv en eller två meningar om vad dokumentet handlar om, t.ex. `summary: Så gör du en orosanmälan.`; de visas i listor och sökträffar",
        en: "write one or two sentences on what the document is about, e.g. `summary: How to report a concern.`; lists and search results show them",
    },
    Entry {
        id: "unfinished.empty_section",
        sv: "avsnittet ”{heading}” är tomt",
        en: "the section “{heading}” is empty",
    },
    Entry {
        id: "unfinished.empty_section_hint",
        sv: "skriv avsnittets text under rubriken, eller ta bort rubriken om avsnittet inte behövs",
        en: "write the section's text under the heading, or remove the heading if the section is not needed",
    },
];

/// A message to show: a catalogue id and the values of its placeholders.
/// Made with [`msg!`](crate::msg). Boxed, so that a diagnostic (two of
/// these) stays small enough to pass around in `Result`s.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Message(Box<Parts>);

#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
struct Parts {
    id: String,
    /// `(placeholder, value)`, in the order given.
    args: Vec<(String, Arg)>,
}

/// A placeholder's value: text as given, or a message of its own, put into
/// words in the same language as the message around it (a part of a
/// sentence: "on page 3", "the `onload` attribute").
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(untagged)]
pub enum Arg {
    /// A value shown as it is: a key, a path, a number.
    Text(String),
    /// A part of a sentence from the catalogue.
    Message(Message),
    /// Parts of a sentence, shown one after the other with `, ` between.
    List(Vec<Message>),
}

impl Arg {
    /// The value in words, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Arg::Text(t) => t.clone(),
            Arg::Message(m) => m.text(lang),
            Arg::List(ms) => ms
                .iter()
                .map(|m| m.text(lang))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// What [`Message::arg`] takes: anything shown with `Display`, or a
/// [`Message`].
pub trait IntoArg {
    /// The value as an [`Arg`].
    fn into_arg(self) -> Arg;
}

impl<T: Display> IntoArg for T {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}

impl IntoArg for Message {
    fn into_arg(self) -> Arg {
        Arg::Message(self)
    }
}

impl IntoArg for Arg {
    fn into_arg(self) -> Arg {
        self
    }
}

impl Message {
    /// The message of entry `id`, without values yet.
    pub fn new(id: &str) -> Self {
        Message(Box::new(Parts {
            id: id.to_string(),
            args: Vec::new(),
        }))
    }

    /// The entry's id.
    pub fn id(&self) -> &str {
        &self.0.id
    }

    /// The value given for placeholder `name`, when it is text.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.0
            .args
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| match v {
                Arg::Text(t) => Some(t.as_str()),
                Arg::Message(_) | Arg::List(_) => None,
            })
    }

    /// Sets placeholder `name` to `value` (text, or a [`Message`]).
    pub fn arg(mut self, name: &str, value: impl IntoArg) -> Self {
        self.0.args.push((name.to_string(), value.into_arg()));
        self
    }

    /// The message in words, in `lang`. An id the catalogue lacks (a bug the
    /// tests catch) shows as the id and its values rather than nothing.
    pub fn text(&self, lang: Lang) -> String {
        let values: Vec<(String, String)> = self
            .0
            .args
            .iter()
            .map(|(n, v)| (n.clone(), v.text(lang)))
            .collect();
        let Some(entry) = entry(&self.0.id) else {
            let values: Vec<&str> = values.iter().map(|(_, v)| v.as_str()).collect();
            return format!("[{}] {}", self.0.id, values.join(" · "));
        };
        let template = match lang {
            Lang::Sv => entry.sv,
            Lang::En => entry.en,
        };
        fill(template, &values)
    }

    /// The message in English (tests and logs read this).
    pub fn en(&self) -> String {
        self.text(Lang::En)
    }

    /// The message in Swedish.
    pub fn sv(&self) -> String {
        self.text(Lang::Sv)
    }

    /// Replaces every value with `f(value)`: masking personal identity
    /// numbers reaches the values, never the catalogue's own words.
    pub fn map_values(&mut self, f: impl Fn(&str) -> String) {
        self.map_with(&f);
    }

    fn map_with(&mut self, f: &dyn Fn(&str) -> String) {
        for (_, value) in &mut self.0.args {
            match value {
                Arg::Text(t) => *t = f(t),
                Arg::Message(m) => m.map_with(f),
                Arg::List(ms) => ms.iter_mut().for_each(|m| m.map_with(f)),
            }
        }
    }
}

/// A catalogue message: the id, then `name = value` for each placeholder
/// (`msg!` with `"keys.unknown", key = k`).
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::Message::new($id)$(.arg(stringify!($name), $value))*
    };
}

// The macro is exported at the crate root (for main.rs); modules name it
// here, where it is defined: `use crate::messages::msg;`.
pub use super::msg;

fn entry(id: &str) -> Option<&'static Entry> {
    static BY_ID: OnceLock<HashMap<&'static str, &'static Entry>> = OnceLock::new();
    BY_ID
        .get_or_init(|| CATALOGUE.iter().map(|e| (e.id, e)).collect())
        .get(id)
        .copied()
}

/// `template` with every `{name}` replaced by its value; a brace that does
/// not open a known placeholder is kept as written.
fn fill(template: &str, args: &[(String, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        let value = close.and_then(|c| {
            let name = &after[..c];
            args.iter().find(|(n, _)| n == name).map(|(_, v)| (c, v))
        });
        match value {
            Some((c, v)) => {
                out.push_str(v);
                rest = &after[c + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a template, sorted.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(c)
                if c > 0
                    && after[..c]
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'_') =>
            {
                names.push(&after[..c]);
                rest = &after[c + 1..];
            }
            _ => rest = after,
        }
    }
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_entry_has_both_languages_with_the_same_placeholders() {
        for e in CATALOGUE {
            assert!(!e.sv.trim().is_empty(), "{}: no Swedish text", e.id);
            assert!(!e.en.trim().is_empty(), "{}: no English text", e.id);
            assert_eq!(
                placeholders(e.sv),
                placeholders(e.en),
                "{}: the Swedish and English texts name different placeholders",
                e.id
            );
        }
    }

    #[test]
    fn ids_are_unique() {
        let mut seen = BTreeSet::new();
        for e in CATALOGUE {
            assert!(seen.insert(e.id), "{} is in the catalogue twice", e.id);
        }
    }

    /// Every id given to `msg!` in `src/` names an entry, and every entry is used.
    #[test]
    fn every_id_used_is_in_the_catalogue_and_every_entry_is_used() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = BTreeSet::new();
        for file in walkdir::WalkDir::new(&root) {
            let file = file.expect("src/ is readable");
            if file.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(file.path()).expect("a source file");
            // `msg!(` then the id, on the same line or (as rustfmt breaks
            // long calls) the next.
            for (i, _) in text.match_indices(concat!("msg", "!(")) {
                let rest = text[i + 5..].trim_start();
                if let Some(rest) = rest.strip_prefix('"') {
                    if let Some(end) = rest.find('"') {
                        used.insert(rest[..end].to_string());
                    }
                }
            }
        }
        let known: BTreeSet<String> = CATALOGUE.iter().map(|e| e.id.to_string()).collect();
        let missing: Vec<_> = used.difference(&known).collect();
        assert!(
            missing.is_empty(),
            "used but not in the catalogue: {missing:?}"
        );
        let unused: Vec<_> = known.difference(&used).collect();
        assert!(
            unused.is_empty(),
            "in the catalogue but used nowhere: {unused:?}"
        );
    }

    #[test]
    fn placeholders_are_filled_and_other_braces_kept() {
        let args = vec![("key".to_string(), "ownr".to_string())];
        assert_eq!(fill("`{key}` {okänd} {", &args), "`ownr` {okänd} {");
        assert_eq!(placeholders("{a} {b_c} {A} {}"), vec!["a", "b_c"]);
    }

    #[test]
    fn languages_are_read_from_codes() {
        assert_eq!(Lang::from_code("sv-SE"), Some(Lang::Sv));
        assert_eq!(Lang::from_code("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_code("fi"), None);
        assert_eq!(Lang::for_site("fi"), Lang::Sv);
    }

    #[test]
    fn a_message_as_a_value_is_shown_in_the_same_language() {
        let m = msg!(
            "attachment.found_many_in",
            count = 2,
            place = msg!("attachment.place.page", page = 3)
        );
        assert!(m.sv().contains("på sidan 3"), "{}", m.sv());
        assert!(m.en().contains("on page 3"), "{}", m.en());
        let mut masked = m.clone();
        masked.map_values(|v| v.replace('3', "x"));
        assert!(masked.en().contains("on page x"), "{}", masked.en());
    }

    #[test]
    fn an_unknown_id_shows_its_values() {
        let m = Message::new("nope").arg("x", "y");
        assert_eq!(m.en(), "[nope] y");
    }
}
