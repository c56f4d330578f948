//! The config file (`config.toml` in the user's config directory, e.g.
//! `~/.config/botika/config.toml` on Linux): the token and base URL used when neither a flag nor
//! the environment gives one. Written readable by its owner only, since it holds the token.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::failure::Failure;

/// What the config file holds.
#[derive(Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The API token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The base URL of the API.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
}

impl fmt::Debug for ConfigFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigFile")
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("base_url", &self.base_url)
            .finish()
    }
}

/// The config file's path: `--config`/`BOTIKA_CONFIG` when given, else `config.toml` in the
/// user's config directory.
pub fn path(explicit: Option<&Path>) -> Result<PathBuf, Failure> {
    if let Some(path) = explicit {
        return Ok(path.to_owned());
    }
    directories::ProjectDirs::from("online", "Botika", "botika")
        .map(|dirs| dirs.config_dir().join("config.toml"))
        .ok_or_else(|| {
            Failure::usage("cannot find your config directory (no home directory is set)")
                .hint("pass --config PATH or set BOTIKA_CONFIG")
        })
}

/// Reads the config file; a missing file is an empty config.
pub fn load(path: &Path) -> Result<ConfigFile, Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ConfigFile::default()),
        Err(e) => {
            return Err(Failure::other(format!(
                "cannot read the config file {}: {e}",
                path.display()
            )));
        }
    };
    toml::from_str(&text).map_err(|e| {
        Failure::usage(format!(
            "the config file {} is not valid: {}",
            path.display(),
            e.message()
        ))
        .hint("it takes `token = \"...\"` and `base_url = \"...\"`; fix it or rewrite it with `botika config set`")
    })
}

/// Writes the config file (creating its folder), readable by its owner only.
pub fn save(path: &Path, config: &ConfigFile) -> Result<(), Failure> {
    let cannot = |e: std::io::Error| {
        Failure::other(format!(
            "cannot write the config file {}: {e}",
            path.display()
        ))
    };
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(cannot)?;
    }
    let text = toml::to_string(config)
        .map_err(|e| Failure::other(format!("cannot write the config as TOML: {e}")))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(cannot)?;
    // `mode` applies only to a new file: tighten one that already existed too.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(cannot)?;
    }
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(cannot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_config_reads_back_and_a_missing_one_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/config.toml");
        assert_eq!(load(&path).unwrap(), ConfigFile::default());
        let config = ConfigFile {
            token: Some("secret".into()),
            base_url: Some("http://127.0.0.1:1/api".into()),
        };
        save(&path, &config).unwrap();
        assert_eq!(load(&path).unwrap(), config);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(!format!("{config:?}").contains("secret"));
    }

    #[test]
    fn an_unknown_key_is_a_usage_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "tokn = \"x\"\n").unwrap();
        let failure = load(&path).unwrap_err();
        assert_eq!(failure.category.code(), 2);
        assert!(
            failure.message.contains("config.toml"),
            "{}",
            failure.message
        );
        assert!(failure.message.contains("tokn"), "{}", failure.message);
    }
}
