//! `load_data(path="data/studies.csv")`: TOML, JSON and CSV files of the project as template
//! values, so a table of trials or a list of services lives in a data file instead of being
//! typed into a template. Each file is read and parsed once per build, however many pages
//! call for it; a parse error names the data file's own line and column.

use crate::sync::lock;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use tera::Value;

/// The data files read so far, by path under the project root.
#[derive(Default)]
pub(crate) struct DataFiles {
    loaded: Mutex<HashMap<String, Result<Value, String>>>,
}

/// How a data file is parsed: from its extension, or `format=` when it has none that says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Toml,
    Json,
    Csv,
}

impl DataFiles {
    /// The file at `path` (relative to `root`) as a value. Errors are messages for the
    /// template error that calls it: they name the file, and its line where it has one.
    pub(crate) fn load(
        &self,
        root: &Path,
        path: &str,
        format: Option<&str>,
    ) -> Result<Value, String> {
        let format = match format {
            Some(name) => parse_format(name)?,
            None => {
                let extension = Path::new(path)
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_default();
                parse_format(&extension).map_err(|_| {
                    format!("cannot tell the format of `{path}` from its name: add format=\"toml\", \"json\" or \"csv\"")
                })?
            }
        };
        let key = format!("{format:?}:{path}");
        if let Some(done) = lock(&self.loaded).get(&key) {
            return done.clone();
        }
        let result = read(root, path).and_then(|text| parse(&text, format, path));
        lock(&self.loaded).insert(key, result.clone());
        result
    }
}

fn parse_format(name: &str) -> Result<Format, String> {
    match name {
        "toml" => Ok(Format::Toml),
        "json" => Ok(Format::Json),
        "csv" => Ok(Format::Csv),
        other => Err(format!(
            "unknown data format `{other}`: use \"toml\", \"json\" or \"csv\""
        )),
    }
}

/// The text of the data file `path`, found as Zola finds files (the project, then static/,
/// then content/; see [`super::files::search`]), never outside the project.
fn read(root: &Path, path: &str) -> Result<String, String> {
    if path.is_empty() {
        return Err("`load_data` needs a path: write it from the project's folder, e.g. \"data/studies.csv\"".into());
    }
    match super::files::search(root, path) {
        Ok(Some(file)) => {
            std::fs::read_to_string(&file).map_err(|e| format!("cannot read `{path}`: {e}"))
        }
        Ok(None) => Err(format!(
            "there is no data file `{path}` in the project, static/ or content/"
        )),
        Err(e) => Err(e.to_string()),
    }
}

fn parse(text: &str, format: Format, path: &str) -> Result<Value, String> {
    let at = |offset: usize| {
        let line = text[..offset.min(text.len())].matches('\n').count() + 1;
        let column = offset
            - text[..offset.min(text.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1)
            + 1;
        format!("{path}:{line}:{column}")
    };
    match format {
        Format::Toml => {
            let table: toml::Table = toml::from_str(text).map_err(|e| {
                let place = e.span().map_or(path.to_string(), |s| at(s.start));
                format!("{place}: {}", e.message())
            })?;
            Ok(Value::from_serializable(&table))
        }
        Format::Json => {
            let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
                format!("{path}:{}:{}: {e}", e.line(), e.column())
                    .replace(&format!(" at line {} column {}", e.line(), e.column()), "")
            })?;
            Ok(Value::from_serializable(&value))
        }
        Format::Csv => {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(true)
                .from_reader(text.as_bytes());
            let csv_error = |e: csv::Error| match e.position() {
                Some(p) => format!("{path}:{}: {e}", p.line()),
                None => format!("{path}: {e}"),
            };
            let headers: Vec<String> = reader
                .headers()
                .map_err(csv_error)?
                .iter()
                .map(str::to_string)
                .collect();
            let mut records = Vec::new();
            for record in reader.records() {
                let record = record.map_err(csv_error)?;
                records.push(record.iter().map(str::to_string).collect::<Vec<_>>());
            }
            Ok(Value::from_serializable(&serde_json::json!({
                "headers": headers,
                "records": records,
            })))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        dir
    }

    #[test]
    fn toml_json_and_csv_become_values() {
        let dir = project(&[
            ("data/a.toml", "[[trial]]\nname = \"Perlman\"\nn = 68\n"),
            (
                "data/b.json",
                "{\"trials\": [{\"name\": \"Field\", \"n\": 30}]}",
            ),
            (
                "data/c.csv",
                "study,year\n\"Perlman, et al.\",2006\nField,2005\n",
            ),
            ("data/plain", "x = 1\n"),
        ]);
        let data = DataFiles::default();
        let json = |v: Value| serde_json::to_value(&v).unwrap();
        let root = dir.path();
        assert_eq!(
            json(data.load(root, "data/a.toml", None).unwrap())["trial"][0]["n"],
            68
        );
        assert_eq!(
            json(data.load(root, "./data/b.json", None).unwrap())["trials"][0]["name"],
            "Field"
        );
        let csv = json(data.load(root, "data/c.csv", None).unwrap());
        assert_eq!(csv["headers"], serde_json::json!(["study", "year"]));
        assert_eq!(
            csv["records"],
            serde_json::json!([["Perlman, et al.", "2006"], ["Field", "2005"]])
        );
        assert!(data
            .load(root, "data/plain", None)
            .unwrap_err()
            .contains("format="));
        assert_eq!(
            json(data.load(root, "data/plain", Some("toml")).unwrap())["x"],
            1
        );
    }

    #[test]
    fn errors_name_the_file_and_its_line() {
        let dir = project(&[
            ("data/bad.toml", "a = 1\nb = = 2\n"),
            ("data/bad.json", "{\n  \"a\": 1,\n  \"b\": \n}"),
            ("data/bad.csv", "a,b\n1,2\n3\n"),
        ]);
        let data = DataFiles::default();
        let root = dir.path();
        let err = |path: &str| data.load(root, path, None).unwrap_err();
        assert!(
            err("data/bad.toml").starts_with("data/bad.toml:2:"),
            "{}",
            err("data/bad.toml")
        );
        assert!(
            err("data/bad.json").starts_with("data/bad.json:4:"),
            "{}",
            err("data/bad.json")
        );
        assert!(
            err("data/bad.csv").starts_with("data/bad.csv:3:"),
            "{}",
            err("data/bad.csv")
        );
        assert!(err("data/missing.toml").contains("there is no data file"));
        // A leading slash means the project's folder, as in Zola.
        assert!(err("/etc/passwd.toml").contains("there is no data file"));
    }

    /// Paths are searched as Zola searches them: `../x` from static/ is the project's own
    /// `x` (Zola sites write that), and a file outside the project is refused.
    #[test]
    fn paths_are_searched_as_zola_searches_them_inside_the_project() {
        let outer = project(&[
            ("outside.toml", "secret = 1\n"),
            ("site/theme.toml", "min_version = \"0.23\"\n"),
            ("site/static/.keep", ""),
        ]);
        let root = outer.path().join("site");
        let data = DataFiles::default();
        let found = data.load(&root, "../theme.toml", None).unwrap();
        assert_eq!(serde_json::to_value(found).unwrap()["min_version"], "0.23");
        let err = data.load(&root, "../outside.toml", None).unwrap_err();
        assert!(err.contains("outside the project"), "{err}");
    }

    #[test]
    fn a_file_is_read_once_per_set_of_templates() {
        let dir = project(&[("data/a.toml", "v = 1\n")]);
        let data = DataFiles::default();
        let root = dir.path();
        let v = |data: &DataFiles| {
            serde_json::to_value(data.load(root, "data/a.toml", None).unwrap()).unwrap()["v"]
                .clone()
        };
        assert_eq!(v(&data), 1);
        std::fs::write(root.join("data/a.toml"), "v = 2\n").unwrap();
        assert_eq!(v(&data), 1, "kept for the rest of the build");
        // serve loads the templates afresh after an edit under data/, with new data files.
        assert_eq!(v(&DataFiles::default()), 2);
    }
}
