//! The walk over `document.xml`: paragraphs with their style, list and
//! runs, tables, hyperlinks, breaks and images, one event at a time (no
//! recursion, so nesting cannot overflow the stack). What the walk does not
//! carry — text boxes, footnotes, comments, equations, embedded objects,
//! field codes, deleted text — is skipped whole and counted.

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::Reader;

use super::docx::{attr, toggle, Block, Context, Inline, Link, ListItem, Para, ParaStyle, Skipped};

/// What the walk found.
#[derive(Debug, Default)]
pub(super) struct Walked {
    pub blocks: Vec<Block>,
    pub images: Vec<FoundImage>,
    pub skipped: Skipped,
}

/// An image of the body: its relationship id and alternative text.
#[derive(Debug, Default)]
pub(super) struct FoundImage {
    pub rel: String,
    pub alt: String,
}

/// The text of a character or predefined entity reference.
pub(super) fn reference(r: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.as_ref().to_string();
    quick_xml::escape::resolve_predefined_entity(&name)
        .unwrap_or("")
        .to_string()
}

/// The paragraph being read and its properties.
#[derive(Default)]
struct Open {
    para: Para,
    style: Option<String>,
    outline: Option<u8>,
    num_id: Option<String>,
    level: Option<usize>,
}

#[derive(Default)]
struct Walker<'c> {
    ctx: Option<&'c Context>,
    out: Walked,
    open: Option<Open>,
    in_ppr: bool,
    in_rpr: bool,
    in_t: bool,
    bold: bool,
    italic: bool,
    link: Option<Link>,
    /// Tables being read, innermost last: rows of cells of paragraphs.
    tables: Vec<Vec<Vec<Vec<Para>>>>,
}

/// Walks the main document part.
pub(super) fn walk(xml: &str, ctx: &Context) -> Result<Walked, String> {
    let mut reader = Reader::from_str(xml);
    let mut w = Walker {
        ctx: Some(ctx),
        ..Walker::default()
    };
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                if w.skips(&e) {
                    reader.read_to_end(e.name()).map_err(|e| e.to_string())?;
                } else if e.local_name().as_ref() == "drawing" {
                    w.drawing(&mut reader)?;
                } else {
                    w.start(&e);
                }
            }
            Event::Empty(e) if !w.skips(&e) => {
                w.start(&e);
                w.end(e.local_name().as_ref());
            }
            Event::End(e) => w.end(e.local_name().as_ref()),
            Event::Text(t) if w.in_t => w.text(&t),
            Event::CData(t) if w.in_t => w.text(&t),
            Event::GeneralRef(r) if w.in_t => w.text(&reference(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(w.out)
}

impl Walker<'_> {
    /// Whether `e` is skipped whole (and counts what it was).
    fn skips(&mut self, e: &BytesStart<'_>) -> bool {
        let s = &mut self.out.skipped;
        match e.local_name().as_ref() {
            // The shown text of a field is kept; its code is not.
            "instrText" | "delInstrText" => {}
            "fldSimple" => {
                s.fields += 1;
                return false;
            }
            "fldChar" => {
                if attr(e, "fldCharType").as_deref() == Some("begin") {
                    s.fields += 1;
                }
                return false;
            }
            // Tracked deletions, and what a newer reader shows instead of.
            "del" | "moveFrom" | "Fallback" | "sectPr" | "rPrChange" | "pPrChange" => {}
            "footnoteReference" | "endnoteReference" => s.footnotes += 1,
            "commentReference" => s.comments += 1,
            "oMath" | "oMathPara" => s.equations += 1,
            "object" | "pict" => s.objects += 1,
            "txbxContent" => s.text_boxes += 1,
            _ => return false,
        }
        true
    }

    fn start(&mut self, e: &BytesStart<'_>) {
        let name = e.local_name();
        match name.as_ref() {
            "p" => self.open = Some(Open::default()),
            "pPr" => self.in_ppr = true,
            "rPr" => self.in_rpr = true,
            "r" => (self.bold, self.italic) = (false, false),
            "t" => self.in_t = true,
            "tbl" => {
                if !self.tables.is_empty() {
                    self.out.skipped.nested_tables += 1;
                }
                self.tables.push(Vec::new());
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.push(Vec::new());
                }
            }
            "tc" => {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.last_mut()) {
                    row.push(Vec::new());
                }
            }
            "hyperlink" => {
                let target = attr(e, "id")
                    .and_then(|id| self.ctx.and_then(|c| c.rels.get(&id)))
                    .filter(|r| r.external)
                    .map(|r| Link::Target(r.target.clone()));
                self.link = target.or_else(|| attr(e, "anchor").map(Link::Anchor));
            }
            "br" | "cr" => {
                let page = matches!(attr(e, "type").as_deref(), Some("page" | "column"));
                if !page && !self.in_rpr {
                    self.push(Inline::Break);
                }
            }
            "tab" if !self.in_ppr => self.text(" "),
            "noBreakHyphen" => self.text("-"),
            _ => self.property(e),
        }
    }

    /// A property of the open paragraph or run.
    fn property(&mut self, e: &BytesStart<'_>) {
        let name = e.local_name();
        if self.in_ppr && !self.in_rpr {
            let Some(open) = self.open.as_mut() else {
                return;
            };
            match name.as_ref() {
                "pStyle" => open.style = attr(e, "val"),
                "outlineLvl" => open.outline = attr(e, "val").and_then(|v| v.parse().ok()),
                "numId" => open.num_id = attr(e, "val"),
                "ilvl" => open.level = attr(e, "val").and_then(|v| v.parse().ok()),
                _ => {}
            }
        } else if self.in_rpr && !self.in_ppr {
            match name.as_ref() {
                "b" => self.bold = toggle(e),
                "i" => self.italic = toggle(e),
                // Word's character styles for the two, in English and Swedish.
                "rStyle" => match attr(e, "val").map(|v| v.to_lowercase()).as_deref() {
                    Some("strong" | "stark") => self.bold = true,
                    Some("emphasis" | "betoning") => self.italic = true,
                    _ => {}
                },
                _ => {}
            }
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "p" => self.end_paragraph(),
            "pPr" => self.in_ppr = false,
            "rPr" => self.in_rpr = false,
            "t" => self.in_t = false,
            "hyperlink" => self.link = None,
            "tbl" => self.end_table(),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let (bold, italic, link) = (self.bold, self.italic, self.link.clone());
        let Some(open) = self.open.as_mut() else {
            return;
        };
        if let Some(Inline::Text {
            text: last,
            bold: b,
            italic: i,
            link: l,
        }) = open.para.inlines.last_mut()
        {
            if *b == bold && *i == italic && *l == link {
                last.push_str(&text.replace('\t', " "));
                return;
            }
        }
        open.para.inlines.push(Inline::Text {
            text: text.replace('\t', " "),
            bold,
            italic,
            link,
        });
    }

    fn push(&mut self, inline: Inline) {
        if let Some(open) = self.open.as_mut() {
            open.para.inlines.push(inline);
        }
    }

    fn end_paragraph(&mut self) {
        let Some(mut open) = self.open.take() else {
            return;
        };
        let Some(ctx) = self.ctx else { return };
        let style_id = open.style.as_deref().unwrap_or("");
        if ctx.styles.is_toc(style_id) {
            self.out.skipped.toc_lines += 1;
            return;
        }
        open.para.style = match ctx.styles.kind(style_id) {
            ParaStyle::Body => match open.outline {
                Some(l) if l < 9 => ParaStyle::Heading(l + 1),
                _ => ParaStyle::Body,
            },
            kind => kind,
        };
        let list = match (open.num_id, open.level) {
            (Some(n), level) => Some((n, level.unwrap_or(0))),
            (None, Some(level)) => ctx.styles.list(style_id).map(|(n, _)| (n, level)),
            (None, None) => ctx.styles.list(style_id),
        };
        open.para.list = list
            .filter(|(n, _)| n != "0" && !n.is_empty())
            .map(|(num_id, level)| ListItem {
                ordered: ctx.numbering.ordered(&num_id, level),
                num_id,
                level: level.min(8),
            });
        let para = open.para;
        let in_table = !self.tables.is_empty();
        match self.tables.last_mut().and_then(|t| t.last_mut()) {
            Some(row) => match row.last_mut() {
                Some(cell) => cell.push(para),
                None => row.push(vec![para]),
            },
            None if !in_table => self.out.blocks.push(Block::Para(para)),
            // A paragraph in a table but outside a row: nowhere to show it.
            None => {}
        }
    }

    /// A finished table becomes a block; one inside another is flattened
    /// into the cell around it.
    fn end_table(&mut self) {
        let Some(rows) = self.tables.pop() else {
            return;
        };
        let in_table = !self.tables.is_empty();
        match self.tables.last_mut().and_then(|t| t.last_mut()) {
            Some(row) => {
                let paras = rows.into_iter().flatten().flatten();
                match row.last_mut() {
                    Some(cell) => cell.extend(paras),
                    None => row.push(paras.collect()),
                }
            }
            None if !in_table => self.out.blocks.push(Block::Table(rows)),
            None => {}
        }
    }

    /// A `w:drawing`: the picture's relationship and alternative text, or
    /// a text box (counted, not carried).
    fn drawing(&mut self, reader: &mut Reader<&[u8]>) -> Result<(), String> {
        let mut found = FoundImage::default();
        let mut title = String::new();
        let mut depth = 1usize;
        while depth > 0 {
            let event = reader.read_event().map_err(|e| e.to_string())?;
            let e = match &event {
                Event::Start(e) => {
                    depth += 1;
                    e
                }
                Event::Empty(e) => e,
                Event::End(_) => {
                    depth -= 1;
                    continue;
                }
                Event::Eof => return Err("the document ends inside a drawing".to_string()),
                _ => continue,
            };
            match e.local_name().as_ref() {
                "docPr" => {
                    found.alt = attr(e, "descr").unwrap_or_default();
                    title = attr(e, "title").unwrap_or_default();
                }
                "blip" => {
                    found.rel = attr(e, "embed").unwrap_or_default();
                    if found.rel.is_empty() {
                        found.rel = attr(e, "link").unwrap_or_default();
                    }
                }
                "txbxContent" => {
                    self.out.skipped.text_boxes += 1;
                    if matches!(event, Event::Start(_)) {
                        let name = e.name().as_ref().to_string();
                        reader
                            .read_to_end(QName(&name))
                            .map_err(|e| e.to_string())?;
                        depth -= 1;
                    }
                }
                // Charts and diagrams: nothing an import can carry.
                "chart" | "relIds" => self.out.skipped.objects += 1,
                _ => {}
            }
        }
        if found.rel.is_empty() {
            return Ok(());
        }
        if found.alt.trim().is_empty() {
            found.alt = title;
        }
        self.out.images.push(found);
        self.push(Inline::Image(self.out.images.len() - 1));
        Ok(())
    }
}
