//! What templates need of a multilingual site: `trans(key, lang)`, and the `lang` argument
//! of `get_url`, `get_page` and `get_section`, which names a language's version of a file.

use crate::config::Config;
use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

/// Register `trans` on `tera`, reading the strings of `config`.
pub(super) fn register(tera: &mut Tera, config: Option<std::sync::Arc<Config>>) {
    tera.register_function("trans", move |kw: Kwargs, _: &State| -> TeraResult<Value> {
        let config = config
            .as_deref()
            .ok_or_else(|| Error::message("the site is not resolved yet"))?;
        let key = kw.must_get::<&str>("key")?;
        let lang = kw.get::<&str>("lang")?.unwrap_or(&config.language);
        config
            .translation(key, lang)
            .map(Value::from)
            .map_err(Error::message)
    });
}

/// The `lang` argument of `kw`, checked to be one of the site's languages.
pub(super) fn lang_argument<'k>(kw: &'k Kwargs, config: &Config) -> TeraResult<Option<&'k str>> {
    let Some(lang) = kw.get::<&str>("lang")? else {
        return Ok(None);
    };
    match config.language_codes().any(|code| code == lang) {
        true => Ok(Some(lang)),
        false => Err(Error::message(format!(
            "`lang` = \"{lang}\" is not a language of the site (they are: {}); declare it with a [languages.{lang}] table",
            config.language_codes().collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// The file under content/ that `path` names in `lang`: `blog/a.md` (or `blog/a.fr.md`) →
/// `blog/a.es.md`.
pub(super) fn file_in(path: &str, lang: Option<&str>, config: &Config) -> String {
    use crate::content::languages::{code_of, translated, untranslated};
    let Some(lang) = lang else {
        return path.to_string();
    };
    let original = match code_of(path) {
        Some(code) if config.language_codes().any(|known| known == code) => {
            untranslated(path, code)
        }
        _ => std::borrow::Cow::Borrowed(path),
    };
    translated(&original, lang, &config.language)
}

/// A site path (`blog/`) in `lang`: under `/es/` for a language other than the default.
pub(super) fn site_path_in(path: &str, lang: Option<&str>, config: &Config) -> String {
    match lang {
        Some(lang) if lang != config.language => {
            format!("{lang}/{}", path.trim_start_matches('/'))
        }
        _ => path.to_string(),
    }
}
