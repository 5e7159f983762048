//! What a page that is not UTF-8 was saved as, so that the editor is told
//! in those words and shown the line as it was meant.
//!
//! Notepad saves as UTF-16 ("Unicode") when asked, older Word and Notepad
//! as Windows-1252 ("ANSI"). Each needs its own words: telling a UTF-16 file
//! it looks like Windows-1252 sends the editor to the wrong menu. The file
//! is still refused (samsyn reads UTF-8 only, so that every tool agrees on
//! what a page says); this module only names its encoding and decodes the
//! offending line for the report.

use crate::error::Diagnostic;
use crate::markup::windows_1252;
use crate::messages::msg;

/// An encoding a page was saved in instead of UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    /// UTF-16, little-endian (Windows) or not, with a byte order mark or not.
    Utf16 { little_endian: bool, bom: bool },
    /// Windows-1252, or Latin-1: one byte per character.
    Windows1252,
}

/// The text of a page's `bytes`, or the error for a page whose bytes are
/// not UTF-8 text: UTF-16 (which, all ASCII and without a byte order
/// mark, is valid UTF-8 full of zero bytes) is reported at the first line,
/// since the whole file is in it; anything else as Windows-1252 at the
/// first invalid byte. The line is decoded as it was meant, for the
/// report. Text that is UTF-8 is checked once and becomes the text without
/// a copy: at 100 000 pages it is a gigabyte.
pub fn decode(file: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let encoding = guess(&bytes);
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        // simdutf8's fastest check does not say where: only a file that is
        // refused pays for std's, which does.
        let valid_up_to = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), str::len);
        return Err(not_utf8(file, &bytes, encoding, valid_up_to));
    }
    if encoding != Encoding::Windows1252 {
        return Err(not_utf8(file, &bytes, encoding, bytes.len()));
    }
    // SAFETY: simdutf8 has just checked that the bytes are UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

fn not_utf8(file: &str, bytes: &[u8], encoding: Encoding, valid_up_to: usize) -> Diagnostic {
    let d = match encoding {
        Encoding::Utf16 { little_endian, bom } => {
            let name = if little_endian {
                "UTF-16 LE"
            } else {
                "UTF-16 BE"
            };
            let text = utf16(bytes, little_endian, bom);
            let first = text.split('\n').next().unwrap_or_default();
            let message = match bom {
                true => msg!("encoding.utf16_bom", encoding = name),
                false => msg!("encoding.utf16", encoding = name),
            };
            let mut d = Diagnostic::error(file, 1, 1, message);
            d.source_line = Some(first.trim_end_matches('\r').to_string());
            d
        }
        Encoding::Windows1252 => {
            let valid = &bytes[..valid_up_to];
            let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let line_end = bytes[line_start..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |i| line_start + i);
            let before = lenient(&bytes[line_start..valid_up_to]);
            let shown = lenient(&bytes[line_start..line_end]);
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let col = before.chars().count() + 1;
            let character = windows_1252(bytes[valid_up_to]);
            let mut d = Diagnostic::error(
                file,
                line,
                col,
                msg!("encoding.windows_1252", character = character),
            );
            d.source_line = Some(shown.trim_end_matches('\r').to_string());
            d
        }
    };
    let mut d = d.with_hint(msg!("encoding.save_as_utf8"));
    d.source_line = d.source_line.map(|l| crate::privacy::mask(&l));
    d
}

/// The encoding of bytes that are not UTF-8: UTF-16 by its byte order mark,
/// or by its zero bytes (text in a Latin script is mostly ASCII, whose
/// characters are a zero byte and a non-zero one in UTF-16); else
/// Windows-1252.
fn guess(bytes: &[u8]) -> Encoding {
    match bytes {
        [0xFF, 0xFE, ..] => {
            return Encoding::Utf16 {
                little_endian: true,
                bom: true,
            }
        }
        [0xFE, 0xFF, ..] => {
            return Encoding::Utf16 {
                little_endian: false,
                bom: true,
            }
        }
        _ => {}
    }
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    let zero_at = |odd: usize| {
        sample
            .chunks_exact(2)
            .filter(|p| p[odd] == 0 && p[1 - odd] != 0)
            .count()
    };
    let (even, odd) = (zero_at(0), zero_at(1));
    if pairs > 0 && odd.max(even) * 4 >= pairs {
        return Encoding::Utf16 {
            little_endian: odd >= even,
            bom: false,
        };
    }
    Encoding::Windows1252
}

fn utf16(bytes: &[u8], little_endian: bool, bom: bool) -> String {
    let body = if bom { &bytes[2..] } else { bytes };
    let units = body.chunks_exact(2).map(|c| match little_endian {
        true => u16::from_le_bytes([c[0], c[1]]),
        false => u16::from_be_bytes([c[0], c[1]]),
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// UTF-8 where it is valid, each other byte as Windows-1252.
fn lenient(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(chunk.invalid().iter().map(|&b| windows_1252(b)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_bytes(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if little_endian {
                [0xFF, 0xFE]
            } else {
                [0xFE, 0xFF]
            });
        }
        for u in text.encode_utf16() {
            out.extend(if little_endian {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            });
        }
        out
    }

    #[test]
    fn utf16_is_told_apart_from_windows_1252() {
        for little_endian in [true, false] {
            for bom in [true, false] {
                let bytes = utf16_bytes("---\ntitle: Hälsa\n---\n", little_endian, bom);
                assert_eq!(
                    guess(&bytes),
                    Encoding::Utf16 { little_endian, bom },
                    "{little_endian} {bom}"
                );
            }
        }
        assert_eq!(guess(b"---\ntitle: H\xe4lsa\n---\n"), Encoding::Windows1252);
    }

    #[test]
    fn the_line_is_decoded_as_it_was_meant() {
        let d = decode("a.md", b"---\ntitle: H\xe4lsa\n---\n".to_vec()).unwrap_err();
        assert_eq!((d.line, d.col), (2, 9));
        assert_eq!(d.source_line.as_deref(), Some("title: Hälsa"));
        assert_eq!(d.message.value("character"), Some("ä"));
        let bytes = utf16_bytes("---\r\ntitle: Hälsa\r\n", true, true);
        let d = decode("a.md", bytes.clone()).unwrap_err();
        assert_eq!((d.line, d.col), (1, 1));
        assert_eq!(d.source_line.as_deref(), Some("---"));
        assert_eq!(d.message.value("encoding"), Some("UTF-16 LE"));
        let ascii = utf16_bytes("---\ntitle: A\n---\n", true, false);
        assert!(std::str::from_utf8(&ascii).is_ok());
        let d = decode("a.md", ascii.clone()).unwrap_err();
        assert_eq!(d.message.id(), "encoding.utf16");
        assert!(decode("a.md", "---\ntitle: Hälsa\n---\n".into()).is_ok());
        assert!(decode("a.md", Vec::new()).is_ok());
    }

    #[test]
    fn utf8_text_is_taken_as_it_is_and_a_bad_byte_after_it_is_found() {
        let text = "---\ntitle: Hälsa § 5 – «fyll i» 😀\n---\n".repeat(200);
        assert_eq!(decode("a.md", text.clone().into_bytes()).unwrap(), text);
        let mut bytes = text.into_bytes();
        let at = bytes.len() - 3;
        bytes[at] = 0xE5; // å in Windows-1252
        let d = decode("a.md", bytes).unwrap_err();
        assert_eq!(d.line, 600);
    }
}
