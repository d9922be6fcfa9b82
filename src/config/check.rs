//! `[check]`: which warnings a site silences, and the check that it names only warnings.

use crate::diagnostics::{suggest, Diagnostic};
use crate::schema;
use serde::Deserialize;

/// `[check]`: which warnings are reported.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CheckConfig {
    /// Codes of warnings never reported (`allow = ["orphan-page"]`); only warnings' codes.
    #[serde(default)]
    pub allow: Vec<String>,
}

impl CheckConfig {
    /// Drop the warnings whose code is allowed; errors always stay.
    pub(crate) fn silence(&self, diagnostics: &mut Vec<Diagnostic>) {
        if !self.allow.is_empty() {
            diagnostics.retain(|d| d.is_error() || !self.allow.iter().any(|a| a == d.code));
        }
    }
}

/// Check `[check] allow`: each entry must be the code of a warning.
pub(super) fn allowed_codes(
    doc: &schema::Doc<'_>,
    table: &toml::de::DeTable<'_>,
) -> Vec<Diagnostic> {
    use crate::diagnostics::{BUILD_WARNS, ERRORS, WARNINGS};
    use toml::de::DeValue;
    let Some(DeValue::Table(check)) = table.get("check").map(|v| v.get_ref()) else {
        return Vec::new();
    };
    let Some(DeValue::Array(allow)) = check.get("allow").map(|v| v.get_ref()) else {
        return Vec::new();
    };
    let all = || WARNINGS.join(", ");
    allow
        .iter()
        .filter_map(|item| {
            let DeValue::String(code) = item.get_ref() else {
                return None;
            };
            let code = code.as_ref();
            let at = doc.at(item.span());
            if WARNINGS.contains(&code) {
                None
            } else if ERRORS.contains(&code) {
                let build = match BUILD_WARNS.contains(&code) {
                    true => " (`relief build` shows it as a warning, but `relief check` fails on it)",
                    false => "",
                };
                Some(
                    Diagnostic::error(
                        "config",
                        format!("`{code}` is an error, and only warnings can be allowed"),
                    )
                    .at(at)
                    .help(format!(
                        "fix what it reports instead{build}; the warnings that can be allowed are: {}",
                        all()
                    )),
                )
            } else {
                let d = Diagnostic::error(
                    "config",
                    format!("`{code}` in `[check] allow` is not a warning's code"),
                )
                .at(at);
                Some(match suggest(code, WARNINGS.iter().copied()) {
                    Some(s) => d.help(format!(
                        "did you mean `{s}`? The warnings that can be allowed are: {}",
                        all()
                    )),
                    None => d.help(format!("the warnings that can be allowed are: {}", all())),
                })
            }
        })
        .collect()
}
