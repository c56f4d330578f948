//! Each format the sniffer supports, as a tiny but well-formed sample built here.

use std::io::{Cursor, Write};

use super::*;

/// CRC-32 as ZIP and PNG use it (reflected, polynomial 0xEDB88320).
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// CRC-32 as Ogg uses it (not reflected, polynomial 0x04C11DB7, no final inversion).
fn ogg_crc(data: &[u8]) -> u32 {
    let mut crc = 0u32;
    for &byte in data {
        crc ^= u32::from(byte) << 24;
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 != 0 {
                (crc << 1) ^ 0x04C1_1DB7
            } else {
                crc << 1
            };
        }
    }
    crc
}

fn png() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    // 1x1, 8-bit greyscale; the image data is zlib("\0\0"): filter byte and one pixel.
    chunk(&mut out, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    chunk(&mut out, b"IDAT", &[120, 156, 99, 96, 0, 0, 0, 2, 0, 1]);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn jpeg() -> Vec<u8> {
    // SOI, a JFIF APP0 segment, EOI.
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    out.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    out.extend([0xFF, 0xD9]);
    out
}

fn webp() -> Vec<u8> {
    // A 1x1 lossless WebP.
    let vp8l = [
        0x2F, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07, 0x00,
    ];
    let mut out = b"RIFF".to_vec();
    out.extend((4 + 8 + vp8l.len() as u32).to_le_bytes());
    out.extend(b"WEBPVP8L");
    out.extend((vp8l.len() as u32 - 1).to_le_bytes());
    out.extend(vp8l);
    out
}

fn gif() -> Vec<u8> {
    let mut out = b"GIF89a\x01\0\x01\0\x80\0\0\xff\xff\xff\0\0\0".to_vec();
    out.extend(b"\x2c\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0\x3b");
    out
}

fn iso_media(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
    let size = 16 + 4 * compatible.len() as u32;
    let mut out = size.to_be_bytes().to_vec();
    out.extend(b"ftyp");
    out.extend(major);
    out.extend(0u32.to_be_bytes());
    for brand in compatible {
        out.extend(*brand);
    }
    out.extend(8u32.to_be_bytes());
    out.extend(b"mdat");
    out
}

fn ogg(first_packet: &[u8]) -> Vec<u8> {
    let mut page = b"OggS\0\x02".to_vec(); // version 0, beginning of stream
    page.extend(0u64.to_le_bytes()); // granule position
    page.extend(1u32.to_le_bytes()); // serial
    page.extend(0u32.to_le_bytes()); // page sequence
    page.extend(0u32.to_le_bytes()); // checksum, filled in below
    page.push(1);
    page.push(first_packet.len() as u8);
    page.extend(first_packet);
    let crc = ogg_crc(&page);
    page[22..26].copy_from_slice(&crc.to_le_bytes());
    page
}

fn opus_head() -> Vec<u8> {
    let mut head = b"OpusHead\x01\x01".to_vec();
    head.extend(312u16.to_le_bytes());
    head.extend(48_000u32.to_le_bytes());
    head.extend([0, 0, 0]);
    head
}

/// A ZIP of empty stored entries (an empty entry's CRC is 0), with its central directory.
fn zip(names: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for name in names {
        let offset = out.len() as u32;
        out.extend(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0");
        out.extend([0u8; 12]); // crc, compressed and uncompressed sizes
        out.extend((name.len() as u16).to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(name.as_bytes());
        central.extend(b"PK\x01\x02\x14\0\x14\0\0\0\0\0\0\0\0\0");
        central.extend([0u8; 12]);
        central.extend((name.len() as u16).to_le_bytes());
        central.extend([0u8; 12]); // extra and comment lengths, disk, attributes
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let central_at = out.len() as u32;
    out.extend(&central);
    out.extend(b"PK\x05\x06\0\0\0\0");
    out.extend((names.len() as u16).to_le_bytes());
    out.extend((names.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(central_at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn office_zip(folder: &str) -> Vec<u8> {
    // Entries ordered as LibreOffice writes them: the telling folder comes late.
    let telling = format!("{folder}/document.xml");
    zip(&[
        "mimetype",
        "Configurations2/",
        "_rels/.rels",
        "docProps/app.xml",
        "[Content_Types].xml",
        &telling,
    ])
}

fn ole(stream: &str) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    file.create_stream(format!("/{stream}"))
        .unwrap()
        .write_all(b"content")
        .unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

#[test]
fn every_supported_format_is_recognised_from_its_content() {
    let mut mp3 = b"ID3\x04\0\0\0\0\0\0".to_vec();
    mp3.extend([0xFF, 0xFB, 0x90, 0x64]);
    mp3.extend([0u8; 32]);
    let mut aac = vec![0xFF, 0xF1, 0x50, 0x80, 0x02, 0x1F, 0xFC];
    aac.extend([0u8; 9]);
    let mut amr = b"#!AMR\n".to_vec();
    amr.push(0x3C);
    amr.extend([0u8; 31]);
    let mut amr_wb = b"#!AMR-WB\n".to_vec();
    amr_wb.extend([0x04; 18]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("jpeg", jpeg(), "image/jpeg"),
        ("png", png(), "image/png"),
        ("webp", webp(), "image/webp"),
        ("gif", gif(), "image/gif"),
        (
            "pdf",
            b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec(),
            "application/pdf",
        ),
        (
            "mp4",
            iso_media(b"isom", &[b"isom", b"iso2", b"avc1", b"mp41"]),
            "video/mp4",
        ),
        (
            "mp4 v2",
            iso_media(b"mp42", &[b"mp42", b"isom"]),
            "video/mp4",
        ),
        ("3gp", iso_media(b"3gp4", &[b"isom", b"3gp4"]), "video/3gp"),
        ("3g2", iso_media(b"3g2a", &[b"3g2a"]), "video/3gpp2"),
        (
            "m4a",
            iso_media(b"M4A ", &[b"M4A ", b"mp42", b"isom"]),
            "audio/mp4",
        ),
        ("mp3", mp3, "audio/mpeg"),
        ("aac", aac, "audio/aac"),
        ("amr", amr, "audio/amr"),
        ("amr-wb", amr_wb, "audio/amr-wb"),
        ("opus", ogg(&opus_head()), "audio/opus"),
        (
            "vorbis",
            ogg(b"\x01vorbis\0\0\0\0\x02\x44\xac\0\0"),
            "audio/ogg",
        ),
        ("theora", ogg(b"\x80theora\x03\x02\x01"), "video/ogg"),
        ("docx", office_zip("word"), DOCX),
        ("pptx", office_zip("ppt"), PPTX),
        ("xlsx", office_zip("xl"), XLSX),
        ("zip", zip(&["notes/a.txt", "b.txt"]), ZIP),
        ("doc", ole("WordDocument"), DOC),
        ("ppt", ole("PowerPoint Document"), PPT),
        ("xls", ole("Workbook"), XLS),
        ("xls 5", ole("Book"), XLS),
        ("other ole", ole("Contents"), OLE),
        (
            "text",
            "Halo, apa kabar?\r\n\tBaik.\n".as_bytes().to_vec(),
            "text/plain",
        ),
        (
            "text with bom",
            "\u{feff}Terima kasih".as_bytes().to_vec(),
            "text/plain",
        ),
    ];
    for (name, content, want) in cases {
        assert_eq!(detect_mime_type(&content, None), Some(want), "{name}");
    }
}

#[test]
fn office_containers_are_told_apart_whatever_the_entry_order() {
    let word_first = zip(&["word/document.xml", "[Content_Types].xml"]);
    assert_eq!(detect_mime_type(&word_first, None), Some(DOCX));
    // Only the central directory names the telling entry (the local headers were cut away).
    let whole = office_zip("xl");
    let central = memchr::memmem::find(&whole, b"PK\x01\x02").unwrap();
    let mut tail_only = b"PK\x03\x04".to_vec();
    tail_only.extend(&whole[4..30]);
    tail_only.extend(&whole[central..]);
    assert_eq!(detect_mime_type(&tail_only, None), Some(XLSX));
}

#[test]
fn containers_without_a_clue_follow_the_name() {
    let plain_zip = zip(&["[Content_Types].xml"]);
    assert_eq!(
        detect_mime_type(&plain_zip, Some("Report.DOCX")),
        Some(DOCX)
    );
    assert_eq!(detect_mime_type(&plain_zip, Some("photos.zip")), Some(ZIP));
    // A name that is not an Office format does not override the container.
    assert_eq!(detect_mime_type(&plain_zip, Some("fake.pdf")), Some(ZIP));
    let other_ole = ole("Contents");
    assert_eq!(detect_mime_type(&other_ole, Some("old.ppt")), Some(PPT));
    // A truncated OLE head cannot be opened: the name decides.
    assert_eq!(
        detect_mime_type(&ole("WordDocument")[..512], Some("memo.doc")),
        Some(DOC)
    );
}

#[test]
fn generic_iso_media_follows_an_audio_or_3gp_name() {
    let generic = iso_media(b"isom", &[b"isom"]);
    assert_eq!(
        detect_mime_type(&generic, Some("voice.m4a")),
        Some("audio/mp4")
    );
    assert_eq!(
        detect_mime_type(&generic, Some("clip.3gp")),
        Some("video/3gp")
    );
    assert_eq!(
        detect_mime_type(&generic, Some("clip.mov")),
        Some("video/mp4")
    );
    // A branded file keeps its brand whatever its name.
    assert_eq!(
        detect_mime_type(&iso_media(b"3gp5", &[]), Some("x.mp4")),
        Some("video/3gp")
    );
}

#[test]
fn content_beats_the_extension() {
    assert_eq!(
        detect_mime_type(&png(), Some("photo.jpg")),
        Some("image/png")
    );
    assert_eq!(
        detect_mime_type(&gif(), Some("sticker.webp")),
        Some("image/gif")
    );
}

#[test]
fn the_extension_is_the_fallback_in_the_table_spelling() {
    let unknown = [0u8, 1, 2, 3, 0xFE];
    let cases = [
        ("clip.3gp", "video/3gp"),
        ("clip.3GPP", "video/3gp"),
        ("voice.m4a", "audio/mp4"),
        ("voice.amr", "audio/amr"),
        ("voice.opus", "audio/opus"),
        ("song.mp3", "audio/mpeg"),
        ("memo.doc", DOC),
        ("sheet.xlsx", XLSX),
        ("notes.txt", "text/plain"),
        ("/tmp/dir.d/photo.JPG", "image/jpeg"),
    ];
    for (name, want) in cases {
        assert_eq!(detect_mime_type(&unknown, Some(name)), Some(want), "{name}");
    }
    assert_eq!(detect_mime_type(&unknown, Some("no_extension")), None);
    assert_eq!(detect_mime_type(&unknown, None), None);
}

#[test]
fn text_formats_defer_to_the_name() {
    let html = b"<!DOCTYPE html><html><body>hi</body></html>";
    assert_eq!(detect_mime_type(html, None), Some("text/html"));
    assert_eq!(detect_mime_type(html, Some("page.txt")), Some("text/plain"));
    assert_eq!(
        detect_mime_type(b"a,b\n1,2\n", Some("data.csv")),
        Some("text/csv")
    );
}

#[test]
fn binary_or_empty_content_is_not_text() {
    assert_eq!(detect_mime_type(b"", None), None);
    assert_eq!(detect_mime_type(b"abc\0def", None), None);
    assert_eq!(
        detect_mime_type(b"caf\xc3", None),
        Some("text/plain"),
        "a head cut inside a character"
    );
    assert_eq!(detect_mime_type(b"caf\xc3(", None), None, "invalid UTF-8");
}
