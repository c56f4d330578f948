//! MIME type detection: from the content's magic bytes first, the file name's extension second,
//! and a plain-text heuristic last. `infer` knows the magic bytes of most formats; this module
//! adds what the upload table needs and `infer` cannot tell: Word, PowerPoint and Excel inside
//! their ZIP and OLE containers, 3GP and M4A among ISO media files, Opus among Ogg streams, AMR,
//! and plain text. Results use the table's spellings (`video/3gp`, `audio/mp4`, `image/jpeg`).

use std::io::Cursor;
use std::path::Path;

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const PPTX: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOC: &str = "application/msword";
const PPT: &str = "application/vnd.ms-powerpoint";
const XLS: &str = "application/vnd.ms-excel";
const ZIP: &str = "application/zip";
const OLE: &str = "application/x-ole-storage";

/// How many leading bytes are enough to sniff when the whole file is not at hand. Containers
/// (ZIP, OLE) may need more; their type then comes from the file name.
pub(crate) const SNIFF_HEAD: usize = 64 * 1024;

/// The MIME type of a file, from its `content` (or the first bytes of it) and, when the content
/// says nothing decisive, the extension of `filename`. `None` when neither tells.
///
/// Office files are told apart inside their containers (a `.docx` is a ZIP holding `word/`, a
/// `.doc` an OLE file holding a `WordDocument` stream); when a container holds no such clue the
/// name decides, else the container's own type is returned (`application/zip`).
///
/// ```
/// use botika::media::detect_mime_type;
/// assert_eq!(detect_mime_type(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None), Some("image/png"));
/// assert_eq!(detect_mime_type(b"\0\x01garbage", Some("report.pdf")), Some("application/pdf"));
/// assert_eq!(detect_mime_type(b"Halo, apa kabar?\n", None), Some("text/plain"));
/// ```
pub fn detect_mime_type(content: &[u8], filename: Option<&str>) -> Option<&'static str> {
    let by_name = filename.and_then(mime_from_name);
    if let Some(mime) = sniff_own(content, by_name) {
        return Some(mime);
    }
    if let Some(found) = infer::get(content) {
        return Some(refine(found, content, by_name));
    }
    by_name.or_else(|| looks_like_text(content).then_some("text/plain"))
}

/// The MIME type a file name's extension suggests, in the table's spelling.
pub(crate) fn mime_from_name(filename: &str) -> Option<&'static str> {
    let extension = Path::new(filename)
        .extension()?
        .to_str()?
        .to_ascii_lowercase();
    match extension.as_str() {
        // mime_guess lacks AMR and files `.opus` under audio/ogg.
        "amr" => Some("audio/amr"),
        "opus" => Some("audio/opus"),
        other => mime_guess::from_ext(other).first_raw().map(canonical),
    }
}

/// Maps other names of the table's types to the table's own (Botika writes `video/3gp`).
fn canonical(mime: &'static str) -> &'static str {
    match mime {
        "video/3gpp" => "video/3gp",
        "audio/m4a" | "audio/x-m4a" => "audio/mp4",
        "audio/mp3" | "audio/x-mp3" | "audio/x-mpeg" => "audio/mpeg",
        "audio/x-aac" | "audio/aacp" => "audio/aac",
        "image/jpg" | "image/pjpeg" => "image/jpeg",
        other => other,
    }
}

/// Formats this module recognises itself, before `infer` is asked.
fn sniff_own(content: &[u8], by_name: Option<&'static str>) -> Option<&'static str> {
    if content.starts_with(b"#!AMR-WB\n") {
        return Some("audio/amr-wb");
    }
    if content.starts_with(b"#!AMR\n") {
        return Some("audio/amr");
    }
    if content.starts_with(b"OggS") {
        return Some(ogg(content));
    }
    iso_media(content, by_name)
}

/// An Ogg stream's type from its first packet: Opus (`OpusHead`), Theora video, else audio.
fn ogg(content: &[u8]) -> &'static str {
    // A page header is 27 bytes plus one lacing byte per segment; the first packet follows.
    let segments = content.get(26).copied().unwrap_or(0) as usize;
    let packet = content.get(27 + segments..).unwrap_or_default();
    if packet.starts_with(b"OpusHead") {
        "audio/opus"
    } else if packet.starts_with(b"\x80theora") {
        "video/ogg"
    } else {
        "audio/ogg"
    }
}

/// ISO base media files (MP4 family) carry their flavour in the `ftyp` box's brands. 3GP and
/// M4A have brands of their own; a generic brand (`isom`, `mp42`) is MP4 video unless the name
/// says `.m4a` or `.3gp`. `None` when there is no `ftyp` box or its brand is another format's
/// (HEIF, QuickTime), which `infer` then names.
fn iso_media(content: &[u8], by_name: Option<&'static str>) -> Option<&'static str> {
    if content.get(4..8)? != b"ftyp" {
        return None;
    }
    let major = content.get(8..12)?;
    match major {
        b"3gp4" | b"3gp5" | b"3gp6" | b"3gp7" | b"3gs7" | b"3ge6" | b"3ge7" | b"3gg6" => {
            Some("video/3gp")
        }
        b"3g2a" | b"3g2b" | b"3g2c" => Some("video/3gpp2"),
        b"M4A " | b"M4B " | b"M4P " => Some("audio/mp4"),
        b"isom" | b"iso2" | b"iso4" | b"iso5" | b"iso6" | b"mp41" | b"mp42" | b"avc1" | b"mmp4" => {
            match by_name {
                Some(named @ ("audio/mp4" | "video/3gp")) => Some(named),
                _ => Some("video/mp4"),
            }
        }
        _ => None,
    }
}

/// Narrows what `infer` found: containers are opened to find the Office format inside, and
/// text formats (HTML, XML, scripts) defer to the name, since their "magic" is only a guess.
fn refine(found: infer::Type, content: &[u8], by_name: Option<&'static str>) -> &'static str {
    let office_by_name = |candidates: &[&str]| by_name.filter(|named| candidates.contains(named));
    match found.mime_type() {
        ZIP => ooxml(content)
            .or_else(|| office_by_name(&[DOCX, PPTX, XLSX]))
            .unwrap_or(ZIP),
        OLE => ole_document(content)
            .or_else(|| office_by_name(&[DOC, PPT, XLS]))
            .unwrap_or(OLE),
        _ if found.matcher_type() == infer::MatcherType::Text => {
            by_name.unwrap_or(found.mime_type())
        }
        other => canonical(other),
    }
}

/// The Office Open XML format of a ZIP, from the top folder of its entries: `word/`, `ppt/` or
/// `xl/`. Both local and central directory headers are read, so the order of entries does not
/// matter and a truncated head still works when the entry appears early.
fn ooxml(zip: &[u8]) -> Option<&'static str> {
    // (signature, offset of the name length, offset of the name) per header kind.
    const HEADERS: [(&[u8], usize, usize); 2] = [(b"PK\x03\x04", 26, 30), (b"PK\x01\x02", 28, 46)];
    HEADERS.iter().find_map(|&(signature, length_at, name_at)| {
        memchr::memmem::find_iter(zip, signature).find_map(|start| {
            let length_bytes = zip.get(start + length_at..start + length_at + 2)?;
            let length = u16::from_le_bytes([length_bytes[0], length_bytes[1]]) as usize;
            let name = zip.get(start + name_at..start + name_at + length)?;
            if name.starts_with(b"word/") {
                Some(DOCX)
            } else if name.starts_with(b"ppt/") {
                Some(PPTX)
            } else if name.starts_with(b"xl/") {
                Some(XLSX)
            } else {
                None
            }
        })
    })
}

/// The legacy Office format of an OLE compound file, from the streams at its root (`infer`
/// only reads the root's class id, which many writers leave empty).
fn ole_document(content: &[u8]) -> Option<&'static str> {
    let file = cfb::CompoundFile::open(Cursor::new(content)).ok()?;
    file.read_root_storage()
        .find_map(|entry| match entry.name() {
            "WordDocument" => Some(DOC),
            "PowerPoint Document" => Some(PPT),
            "Workbook" | "Book" => Some(XLS),
            _ => None,
        })
}

/// UTF-8 (a BOM allowed, a character cut off at the end of a head allowed) without control
/// characters other than tab, newlines, form feed and escape.
fn looks_like_text(content: &[u8]) -> bool {
    let body = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
    if body.is_empty() {
        return false;
    }
    let utf8 = match std::str::from_utf8(body) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    };
    utf8 && body
        .iter()
        .all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
}

#[cfg(test)]
#[path = "sniff_tests.rs"]
mod tests;
