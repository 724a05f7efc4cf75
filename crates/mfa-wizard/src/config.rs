//! Which dialect to speak and where: the served `config.json`, the sign-in page's picker
//! (kept for the tab) and the query string (`?backend=eniris&api=/eniris`), later ones winning.
//!
//! An API address decides where passwords are sent, so one from a link must not be able to
//! point at another site: only paths on this origin and origins that `config.json` lists are
//! accepted.

use crate::browser;
use crate::json::{self, Json};

/// The dialects the wizard speaks. The picker lists exactly these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BackendKind {
    Eniris,
}

impl BackendKind {
    pub const ALL: [BackendKind; 1] = [BackendKind::Eniris];

    /// The id used in `config.json` and the query string.
    pub const fn id(self) -> &'static str {
        match self {
            BackendKind::Eniris => "eniris",
        }
    }

    /// The vendor's product name, the same in every language.
    pub const fn label(self) -> &'static str {
        match self {
            BackendKind::Eniris => "Eniris / SmartgridOne",
        }
    }

    /// Where our server mounts the dialect.
    pub const fn default_api(self) -> &'static str {
        match self {
            BackendKind::Eniris => "/eniris",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.id().eq_ignore_ascii_case(id.trim()))
    }
}

/// The resolved connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WizardConfig {
    pub backend: BackendKind,
    /// Base URL of the dialect's API, without a trailing slash.
    pub api: String,
    /// Origins besides the page's own that may serve the API.
    pub allowed_origins: Vec<String>,
}

impl Default for WizardConfig {
    fn default() -> Self {
        let backend = BackendKind::Eniris;
        WizardConfig {
            backend,
            api: backend.default_api().into(),
            allowed_origins: Vec::new(),
        }
    }
}

/// `config.json` as served; every field optional. Its `backend` and `api` are the first
/// [`Choice`], read the same way as the one kept for the tab.
#[derive(Debug, Default)]
pub struct ConfigFile {
    pub choice: Choice,
    pub allowed_api_origins: Vec<String>,
}

impl ConfigFile {
    /// The file's fields; `None` when it is not a JSON object.
    pub fn parse(text: &str) -> Option<Self> {
        let file = Json::parse(text)?;
        Some(ConfigFile {
            choice: Choice::read(&file),
            allowed_api_origins: file.strings("allowedApiOrigins"),
        })
    }
}

/// A backend and API chosen by the query string or the picker.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Choice {
    pub backend: Option<String>,
    pub api: Option<String>,
}

impl Choice {
    /// The `backend` and `api` fields of `config.json` or of the copy kept in `sessionStorage`.
    fn read(object: &Json) -> Self {
        Choice {
            backend: object.str("backend"),
            api: object.str("api"),
        }
    }
}

/// Something about the configuration the person should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// `config.json` was missing or unreadable.
    FileUnreadable,
    /// An API address was refused: not on this site nor allowed.
    ApiRefused(String),
}

/// Merges the sources, later ones winning: built-in defaults, the file, the picker, the query.
pub fn resolve(
    file: Option<&ConfigFile>,
    choices: &[&Choice],
    page_origin: &str,
) -> (WizardConfig, Vec<Notice>) {
    let mut config = WizardConfig::default();
    let mut notices = Vec::new();
    if let Some(f) = file {
        config.allowed_origins = f
            .allowed_api_origins
            .iter()
            .map(|o| o.trim_end_matches('/').to_owned())
            .collect();
    }
    for choice in file
        .map(|f| &f.choice)
        .into_iter()
        .chain(choices.iter().copied())
    {
        if let Some(kind) = choice.backend.as_deref().and_then(BackendKind::from_id) {
            if kind != config.backend {
                config.api = kind.default_api().into();
            }
            config.backend = kind;
        }
        if let Some(api) = choice
            .api
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            if api_allowed(api, page_origin, &config.allowed_origins) {
                config.api = api.trim_end_matches('/').to_owned();
            } else {
                notices.push(Notice::ApiRefused(api.to_owned()));
            }
        }
    }
    (config, notices)
}

/// Whether `url` is a path on this site. `//host/...` (and `/\host`, which browsers read the
/// same way) is protocol-relative: another site.
pub fn is_site_path(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\")
}

/// Whether `api` is a path on this site or on an allowed origin.
pub fn api_allowed(api: &str, page_origin: &str, allowed: &[String]) -> bool {
    if api.starts_with('/') {
        return is_site_path(api);
    }
    let Some(origin) = origin_of(api) else {
        return false;
    };
    origin.eq_ignore_ascii_case(page_origin)
        || allowed.iter().any(|a| a.eq_ignore_ascii_case(origin))
}

/// `scheme://host[:port]` of an absolute http(s) URL.
fn origin_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host_len = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    if host_len == 0 || rest[..host_len].contains('@') {
        return None;
    }
    Some(&url[..url.len() - rest.len() + host_len])
}

const CHOICE_KEY: &str = "mfa-wizard.connection";

/// Reads the served file, the tab's picker choice and the query string.
pub async fn load() -> (WizardConfig, Vec<Notice>) {
    let file = match crate::backend::http::send(
        crate::backend::http::Method::Get,
        "/config.json",
        None,
        None,
    )
    .await
    {
        Ok(reply) if reply.ok() => ConfigFile::parse(&reply.body),
        _ => None,
    };
    let stored: Choice = browser::session_get(CHOICE_KEY)
        .and_then(|text| Json::parse(&text))
        .map(|stored| Choice::read(&stored))
        .unwrap_or_default();
    let query = Choice {
        backend: browser::query_param("backend"),
        api: browser::query_param("api"),
    };
    let (config, mut notices) = resolve(file.as_ref(), &[&stored, &query], &browser::origin());
    if file.is_none() {
        notices.insert(0, Notice::FileUnreadable);
    }
    (config, notices)
}

/// Keeps the picker's choice for this tab, so reloading any step talks to the same API.
pub fn remember(config: &WizardConfig) {
    let text = json::object_of(&[("backend", config.backend.id()), ("api", &config.api)]);
    browser::session_set(CHOICE_KEY, &text);
}
