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

/// The language of the content file `file`, as its name gives it: `es` for `about.es.md`
/// (or `about.es.md:12`, as a shortcode's call is named) when `es` is one of the site's
/// languages, else the default language.
pub(super) fn lang_of_file<'c>(file: &std::path::Path, config: &'c Config) -> &'c str {
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let name = match name.rsplit_once(':') {
        Some((name, line)) if line.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => name,
    };
    let code = crate::content::languages::code_of(name);
    config
        .language_codes()
        .find(|known| Some(*known) == code)
        .unwrap_or(&config.language)
}

/// The names of the months in the languages `date_format(lang=…)` knows.
const MONTHS: &[(&str, [&str; 12])] = &[
    (
        "en",
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
    ),
    (
        "es",
        [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
    ),
    (
        "fr",
        [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
    ),
    (
        "de",
        [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
    ),
    (
        "it",
        [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ],
    ),
    (
        "pt",
        [
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ],
    ),
];

/// `format` with its `%B` (the month's full name) written out in `lang` (`es`, or a regional
/// code of it such as `es-MX`), so that strftime prints it as it stands.
pub(super) fn month_in(format: &str, month: i8, lang: &str) -> Result<String, String> {
    let base = lang.split(['-', '_']).next().unwrap_or(lang);
    let Some((_, names)) = MONTHS.iter().find(|(code, _)| *code == base) else {
        return Err(format!(
            "date_format knows the month names of {} only, not of `{lang}`; write the date without `lang` and %B, such as format=\"%Y-%m-%d\"",
            MONTHS.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")
        ));
    };
    let name = names[usize::try_from(month - 1).unwrap_or(0)];
    // `%` starts a conversion (the names above have none), and `%%B` stays a literal.
    let mut out = String::with_capacity(format.len() + name.len());
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        match (c, c == '%') {
            (_, true) => match chars.next() {
                Some('B') => out.push_str(name),
                Some(next) => {
                    out.push('%');
                    out.push(next);
                }
                None => out.push('%'),
            },
            (c, false) => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_s_language_is_in_its_name() {
        let config = crate::config::Config::parse(
            "title = \"T\"\nbase_url = \"https://e.org\"\n[languages.es]\n",
            std::path::Path::new("config.toml"),
        )
        .unwrap();
        let lang = |file: &str| super::lang_of_file(std::path::Path::new(file), &config);
        assert_eq!(lang("content/about.es.md"), "es");
        assert_eq!(lang("content/about.es.md:12"), "es");
        assert_eq!(lang("content/about.md:12"), "en");
        // A code the site does not have is no language of it.
        assert_eq!(lang("content/about.fr.md"), "en");
    }

    #[test]
    fn month_names_are_written_into_the_format() {
        assert_eq!(
            super::month_in("%-d de %B de %Y", 12, "es").unwrap(),
            "%-d de diciembre de %Y"
        );
        assert_eq!(
            super::month_in("%B %%B", 1, "en-GB").unwrap(),
            "January %%B"
        );
        assert!(super::month_in("%B", 1, "xx")
            .unwrap_err()
            .contains("not of `xx`"));
    }
}
