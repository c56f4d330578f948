//! The profile and the media endpoints against the sandbox: uploads from a path, bytes and a
//! reader of every kind, both downloads, delete, the 404s after it, and the refusals (before
//! sending, and by the sandbox when the SDK's check is turned off).

use std::io::Cursor;

use botika::media::{MediaKind, MediaSource, UploadOptions};

use crate::support::{self, files};

#[tokio::test]
async fn the_profile_is_read_into_its_typed_fields() {
    let sandbox = support::sandbox().await;
    let profile = support::client(&sandbox).profile().get().await.unwrap();
    assert_eq!(
        profile.about.as_deref(),
        Some("Testing with the Botika sandbox")
    );
    assert_eq!(profile.email.as_deref(), Some("sandbox@example.com"));
    assert_eq!(profile.vertical.as_deref(), Some("PROF_SERVICES"));
    assert_eq!(profile.websites, ["https://example.com"]);
    assert_eq!(profile.raw["address"], "Jl. Contoh No. 1, Yogyakarta");
}

#[tokio::test]
async fn every_kind_uploads_from_each_source_and_downloads_back_unchanged() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    let folder = tempfile::tempdir().unwrap();
    let pdf_path = folder.path().join("invoice.pdf");
    std::fs::write(&pdf_path, files::PDF).unwrap();

    // (source, options, what it must be detected as, its bytes)
    let uploads = [
        (
            MediaSource::path(&pdf_path),
            UploadOptions::new(),
            MediaKind::Document,
            "application/pdf",
            "invoice.pdf",
            files::PDF,
        ),
        (
            MediaSource::bytes(files::PNG),
            UploadOptions::new().filename("photo.png"),
            MediaKind::Image,
            "image/png",
            "photo.png",
            files::PNG,
        ),
        (
            MediaSource::reader(Cursor::new(files::MP3)),
            UploadOptions::new().filename("voice.mp3"),
            MediaKind::Audio,
            "audio/mpeg",
            "voice.mp3",
            files::MP3,
        ),
        (
            MediaSource::bytes(files::MP4),
            UploadOptions::new().filename("clip.mp4"),
            MediaKind::Video,
            "video/mp4",
            "clip.mp4",
            files::MP4,
        ),
        (
            MediaSource::reader(Cursor::new(files::WEBP)),
            UploadOptions::new().filename("smile.webp"),
            MediaKind::Sticker,
            "image/webp",
            "smile.webp",
            files::WEBP,
        ),
    ];
    for (source, options, kind, mime_type, filename, content) in uploads {
        let uploaded = client.media().upload(source, options).await.unwrap();
        assert_eq!(
            (uploaded.kind, uploaded.mime_type.as_str()),
            (kind, mime_type)
        );
        assert_eq!(uploaded.size, content.len() as u64);
        assert_eq!(uploaded.filename, filename);
        assert!(!uploaded.id.is_empty());

        let downloaded = client.media().download(&uploaded.id).await.unwrap();
        assert_eq!(downloaded.bytes.as_ref(), content, "{filename}");
        assert_eq!(downloaded.mime_type.as_deref(), Some(mime_type));
        assert_eq!(downloaded.filename.as_deref(), Some(filename));

        let target = folder.path().join(format!("copy-of-{filename}"));
        let saved = client
            .media()
            .download_to(&uploaded.id, &target)
            .await
            .unwrap();
        assert_eq!(saved.size, content.len() as u64);
        assert_eq!(std::fs::read(&target).unwrap(), content, "{filename}");
    }
    assert_eq!(sandbox.stats()["media"], 5);
}

#[tokio::test]
async fn deleted_and_unknown_media_are_not_found() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    let uploaded = client
        .media()
        .upload(
            MediaSource::bytes(files::PNG),
            UploadOptions::new().filename("a.png"),
        )
        .await
        .unwrap();
    client.media().delete(&uploaded.id).await.unwrap();
    assert_eq!(sandbox.stats()["media"], 0);

    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("never.png");
    let errors = [
        client.media().download(&uploaded.id).await.unwrap_err(),
        client
            .media()
            .download_to(&uploaded.id, &target)
            .await
            .unwrap_err(),
        client.media().delete(&uploaded.id).await.unwrap_err(),
        client.media().download("999999999").await.unwrap_err(),
    ];
    for error in errors {
        assert_eq!((error.code(), error.status()), ("not_found", Some(404)));
    }
    assert!(!target.exists(), "a failed download leaves no file");
}

#[tokio::test]
async fn a_file_the_table_refuses_never_leaves_unless_the_check_is_off() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();

    let refused = client
        .media()
        .upload(MediaSource::bytes(gif.clone()), UploadOptions::new())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "invalid_argument");
    assert!(refused.field_errors().contains_key("image"), "{refused:?}");
    assert_eq!(support::processed(&sandbox, "POST", "/media"), 0);

    // With the check off the same file reaches the sandbox, which applies the same table.
    let unchecked = client
        .media()
        .upload(MediaSource::bytes(gif), UploadOptions::new().check(false))
        .await
        .unwrap_err();
    assert_eq!(
        (unchecked.code(), unchecked.status()),
        ("validation", Some(422))
    );
    assert!(
        unchecked.field_errors().contains_key("image"),
        "{unchecked:?}"
    );
    assert_eq!(support::processed(&sandbox, "POST", "/media"), 1);
}
