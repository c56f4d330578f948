//! Media against a local mock server: what an upload puts on the wire (part name, file name,
//! content type, bytes) for every source, refusals that send nothing, retries that resend the
//! same content, both download shapes, streaming to a file, delete, and 404s.

mod server;

use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

use botika::media::{MediaKind, MediaSource, UploadOptions};
use botika::{Client, ErrorKind, RetryPolicy};
use bytes::Bytes;
use server::{CLOUD_FILE, Server, TOKEN, sha256_hex};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\0\0\0\0:~\x9bU\0\0\0\nIDATx\x9cc`\0\0\0\x02\0\x01H\xaf\xa4q\0\0\0\0IEND\xaeB`\x82";

fn client(server: &Server) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(&server.base_url)
        .retry_policy(
            RetryPolicy::default()
                .base_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(5)),
        )
        .build()
        .expect("client")
}

fn opus_voice_note() -> Vec<u8> {
    let mut head = b"OggS\0\x02".to_vec();
    head.extend([0u8; 20]);
    head.push(1);
    head.push(19);
    head.extend(b"OpusHead\x01\x01\x38\x01\x80\xbb\0\0\0\0\0");
    head
}

fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn bytes_upload_sends_one_part_named_after_the_kind() {
    let server = server::start().await;
    let uploaded = client(&server)
        .media()
        .upload(
            MediaSource::bytes(PNG.to_vec()),
            UploadOptions::new().filename("dir/photo.png"),
        )
        .await
        .unwrap();
    assert_eq!(uploaded.id, "media-0");
    assert_eq!(
        (uploaded.kind, uploaded.mime_type.as_str()),
        (MediaKind::Image, "image/png")
    );
    assert_eq!(
        (uploaded.size, uploaded.filename.as_str()),
        (PNG.len() as u64, "photo.png")
    );
    assert_eq!(uploaded.raw["image"]["id"], "media-0");
    let attempts = server.shared.attempts();
    let [part] = attempts[0].as_slice() else {
        panic!("{attempts:?}")
    };
    assert_eq!(part.name, "image");
    assert_eq!(part.filename.as_deref(), Some("photo.png"));
    assert_eq!(part.content_type.as_deref(), Some("image/png"));
    assert_eq!(part.bytes, PNG);
    let seen = server.shared.seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("POST", "/api/whatsapp/v1/media")
    );
    assert_eq!(seen[0].authorization.as_deref(), Some("Bearer test-token"));
}

#[tokio::test]
async fn path_and_reader_uploads_are_named_and_typed() {
    let server = server::start().await;
    let folder = tempfile::tempdir().unwrap();
    let pdf = folder.path().join("invoice 2026.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();
    let client = client(&server);
    let media = client.media();
    let document = media
        .upload(MediaSource::path(&pdf), UploadOptions::new())
        .await
        .unwrap();
    assert_eq!(
        (document.kind, document.filename.as_str()),
        (MediaKind::Document, "invoice 2026.pdf")
    );
    let voice = media
        .upload(
            MediaSource::reader(std::io::Cursor::new(opus_voice_note())),
            UploadOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(
        (
            voice.kind,
            voice.mime_type.as_str(),
            voice.filename.as_str()
        ),
        (MediaKind::Audio, "audio/opus", "audio.opus")
    );
    let note = media
        .upload(
            Bytes::from_static(b"Halo, pesanan sudah dikirim.\n"),
            UploadOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(
        (note.kind, note.mime_type.as_str(), note.filename.as_str()),
        (MediaKind::Document, "text/plain", "document.txt")
    );
    let parts: Vec<_> = server.shared.attempts().into_iter().flatten().collect();
    let summary: Vec<_> = parts
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.filename.as_deref().unwrap(),
                p.content_type.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("document", "invoice 2026.pdf", "application/pdf"),
            ("audio", "audio.opus", "audio/opus"),
            ("document", "document.txt", "text/plain"),
        ]
    );
    assert_eq!(parts[1].bytes, opus_voice_note());
}

#[tokio::test]
async fn files_that_break_the_table_are_refused_before_sending() {
    let server = server::start().await;
    let client = client(&server);
    let media = client.media();
    let gif = b"GIF89a\x01\0\x01\0\x80\0\0\xff\xff\xff\0\0\0\x2c\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0\x3b".to_vec();
    let err = media.upload(gif, UploadOptions::new()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(
        err.message(),
        "image: image/gif is not allowed for image; allowed: image/jpeg, image/png"
    );
    let mut sticker = b"RIFF\0\0\0\0WEBPVP8L".to_vec();
    sticker.resize(150_000, 0);
    let err = media
        .upload(sticker, UploadOptions::new())
        .await
        .unwrap_err();
    assert_eq!(
        err.field_errors()["sticker"],
        ["sticker files may be at most 100 KB (102,400 bytes); this one is 150,000 bytes"]
    );
    // A file past every limit is refused from its head and size, without being read whole.
    let folder = tempfile::tempdir().unwrap();
    let big = folder.path().join("big.mp4");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(20 * 1024 * 1024).unwrap();
    drop(file);
    let err = media
        .upload(MediaSource::path(&big), UploadOptions::new())
        .await
        .unwrap_err();
    assert!(
        err.message().contains(
            "video files may be at most 10 MB (10,485,760 bytes); this one is 20,971,520 bytes"
        ),
        "{err}"
    );
    let endless = tokio::io::repeat(b'a');
    let err = media
        .upload(
            MediaSource::reader(endless),
            UploadOptions::new().filename("log.txt"),
        )
        .await
        .unwrap_err();
    assert!(
        err.message()
            .contains("this one is larger (more than 10,485,760 bytes)"),
        "{err}"
    );
    let err = media
        .upload(
            MediaSource::path(folder.path().join("absent.jpg")),
            UploadOptions::new(),
        )
        .await
        .unwrap_err();
    assert!(
        err.message().starts_with("cannot read ") && err.message().contains("absent.jpg"),
        "{err}"
    );
    assert!(server.shared.attempts().is_empty());
    assert!(server.shared.seen().is_empty());
}

#[tokio::test]
async fn with_the_check_off_a_path_streams_and_overrides_are_sent_as_given() {
    let server = server::start().await;
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("recording.bin");
    let content: Vec<u8> = (0..11 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &content).unwrap();
    let options = UploadOptions::new()
        .check(false)
        .kind(MediaKind::Video)
        .mime_type("video/quicktime");
    let uploaded = client(&server)
        .media()
        .upload(MediaSource::path(&path), options)
        .await
        .unwrap();
    assert_eq!(
        (uploaded.kind, uploaded.size),
        (MediaKind::Video, content.len() as u64)
    );
    let attempts = server.shared.attempts();
    let part = &attempts[0][0];
    assert_eq!(
        (part.name.as_str(), part.content_type.as_deref()),
        ("video", Some("video/quicktime"))
    );
    assert_eq!(sha256_hex(&part.bytes), sha256_hex(&content));
}

#[tokio::test]
async fn retries_resend_the_same_content_from_memory_and_from_a_file() {
    let server = server::start().await;
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("scan.pdf");
    std::fs::write(&path, b"%PDF-1.7\nsome pages\n%%EOF\n").unwrap();
    let client = client(&server);
    let media = client.media();
    for (source, options) in [
        (MediaSource::bytes(PNG.to_vec()), UploadOptions::new()),
        (MediaSource::path(&path), UploadOptions::new().check(false)),
    ] {
        server.shared.attempts.lock().unwrap().clear();
        server.shared.fail_uploads.store(2, Ordering::SeqCst);
        let uploaded = media.upload(source, options).await.unwrap();
        let attempts = server.shared.attempts();
        assert_eq!(attempts.len(), 3, "two 503s, then success");
        for attempt in &attempts {
            assert_eq!(attempt.len(), 1);
            assert_eq!(attempt[0].bytes, attempts[0][0].bytes);
            assert_eq!(attempt[0].bytes.len() as u64, uploaded.size);
        }
    }
}

#[tokio::test]
async fn downloads_of_the_file_itself() {
    let server = server::start().await;
    server
        .shared
        .files
        .lock()
        .unwrap()
        .insert("photo".into(), Bytes::from_static(PNG));
    let client = client(&server);
    let media = client.media();
    let downloaded = media.download("photo").await.unwrap();
    assert_eq!(downloaded.bytes, PNG);
    assert_eq!(
        (
            downloaded.mime_type.as_deref(),
            downloaded.filename.as_deref()
        ),
        (Some("image/png"), Some("photo.png"))
    );
    assert_eq!(downloaded.size, PNG.len() as u64);
    let err = media.download("unknown").await.unwrap_err();
    assert_eq!(
        (err.kind(), err.status(), err.message()),
        (ErrorKind::NotFound, Some(404), "Media not found.")
    );
    assert_eq!(err.path(), Some("/media/unknown"));
}

#[tokio::test]
async fn ids_are_percent_encoded_in_the_path() {
    let server = server::start().await;
    server
        .shared
        .files
        .lock()
        .unwrap()
        .insert("a/b c?é".into(), Bytes::from_static(PNG));
    let downloaded = client(&server).media().download("a/b c?é").await.unwrap();
    assert_eq!(downloaded.bytes, PNG);
    assert_eq!(
        server.shared.seen()[0].path,
        "/api/whatsapp/v1/media/a%2Fb%20c%3F%C3%A9"
    );
}

#[tokio::test]
async fn downloads_through_a_json_url_carry_the_token_and_check_the_sha256() {
    let server = server::start().await;
    let client = client(&server);
    let media = client.media();
    for id in ["cloud", "cloud-relative"] {
        let downloaded = media.download(id).await.unwrap();
        assert_eq!(downloaded.bytes, CLOUD_FILE, "{id}");
        assert_eq!(
            downloaded.mime_type.as_deref(),
            Some("audio/ogg"),
            "the JSON's type beats the host's"
        );
    }
    let seen = server.shared.seen();
    assert_eq!(seen[1].path, "/cdn/voice");
    assert!(
        seen.iter()
            .all(|s| s.authorization.as_deref() == Some("Bearer test-token"))
    );
    let err = media.download("cloud-bad-sha").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.message().contains("sha256"), "{err}");
    let err = media.download("cloud-gone").await.unwrap_err();
    assert_eq!(
        (err.kind(), err.path()),
        (ErrorKind::NotFound, Some("/cdn/missing"))
    );
    let err = media.download("cloud-no-url").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.message().contains("no url"), "{err}");
}

#[tokio::test]
async fn download_to_streams_into_place_and_leaves_nothing_behind_on_failure() {
    let server = server::start().await;
    let big: Bytes = (0..3 * 1024 * 1024u32)
        .map(|i| (i % 253) as u8)
        .collect::<Vec<_>>()
        .into();
    server
        .shared
        .files
        .lock()
        .unwrap()
        .insert("big".into(), big.clone());
    let folder = tempfile::tempdir().unwrap();
    let client = client(&server);
    let media = client.media();
    let target = folder.path().join("big.bin");
    std::fs::write(&target, b"old content").unwrap();
    let saved = media.download_to("big", &target).await.unwrap();
    assert_eq!(
        (saved.size, saved.filename.as_deref()),
        (big.len() as u64, Some("big.png"))
    );
    assert_eq!(saved.path, target);
    assert_eq!(std::fs::read(&target).unwrap(), big);
    let voice = folder.path().join("voice.ogg");
    let saved = media.download_to("cloud", &voice).await.unwrap();
    assert_eq!(
        (saved.size, saved.mime_type.as_deref()),
        (CLOUD_FILE.len() as u64, Some("audio/ogg"))
    );
    assert_eq!(files_in(folder.path()), ["big.bin", "voice.ogg"]);
    for (id, kind) in [
        ("cloud-bad-sha", ErrorKind::Decode),
        ("broken", ErrorKind::Connection),
        ("unknown", ErrorKind::NotFound),
    ] {
        let err = media
            .download_to(id, folder.path().join("failed.bin"))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), kind, "{id}: {err}");
        assert_eq!(files_in(folder.path()), ["big.bin", "voice.ogg"], "{id}");
    }
    let err = media
        .download_to("big", folder.path().join("no/such/folder/x.bin"))
        .await
        .unwrap_err();
    assert!(err.message().starts_with("cannot write"), "{err}");
}

#[tokio::test]
async fn delete_answers_ok_or_not_found() {
    let server = server::start().await;
    server
        .shared
        .files
        .lock()
        .unwrap()
        .insert("known".into(), Bytes::from_static(PNG));
    let client = client(&server);
    let media = client.media();
    media.delete("known").await.unwrap();
    let err = media.delete("known").await.unwrap_err();
    assert_eq!(
        (err.kind(), err.method(), err.path()),
        (ErrorKind::NotFound, Some("DELETE"), Some("/media/known"))
    );
    assert_eq!(
        media.delete("").await.unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    let seen: Vec<_> = server
        .shared
        .seen()
        .into_iter()
        .map(|s| format!("{} {}", s.method, s.path))
        .collect();
    assert_eq!(seen, ["DELETE /api/whatsapp/v1/media/known"; 2]);
}
