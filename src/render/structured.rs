//! `{{ doc | json_ld }}`: schema.org structured data for a page or section, as one JSON-LD
//! object with a `@graph` of the document and its breadcrumb trail.
//!
//! Written in Rust rather than in each template: the object is the same on every site
//! (a medical page with its review dates and citations, a collection, the home page as a
//! WebSite with its search), it must be valid JSON however titles are written, and building
//! it in Tera with object spreads was a fifth of the time spent rendering a page. It is
//! written straight into one string, keys in reading order.

use std::fmt::Write as _;
use tera::Value;

/// The JSON-LD of the page or section value `doc`, with site facts from `config` (the
/// templates' `config`). Safe inside a `<script>` element: every `<` is escaped.
pub fn json_ld(doc: &Value, config: &Value) -> String {
    let site_name = text(config, "title").unwrap_or_default();
    let base_url = text(config, "base_url").unwrap_or_default();
    let language = text(config, "language").unwrap_or_default();
    let title = text(doc, "title").unwrap_or_default();
    let permalink = text(doc, "permalink").unwrap_or_default();
    let is_section = doc.get_from_path("subsections").is_some();
    let is_home = is_section && text(doc, "relative_path") == Some("_index.md");

    let mut j = Json(String::with_capacity(1024));
    j.open();
    j.field("@context", "https://schema.org");
    j.key("@graph");
    j.0.push('[');
    j.open();
    if is_home {
        j.field("@type", "WebSite");
        j.field("name", site_name);
        j.field(
            "description",
            text(config, "description").unwrap_or_default(),
        );
        j.field("url", base_url);
        j.field("inLanguage", language);
        j.organization("publisher", site_name, base_url);
        j.key("potentialAction");
        j.open();
        j.field("@type", "SearchAction");
        j.key("target");
        j.string(&format!("{base_url}search/?q={{search_term_string}}"));
        j.field("query-input", "required name=search_term_string");
        j.close();
    } else {
        let evidence = doc.get_from_path("evidence").is_some_and(Value::is_truthy);
        let references = list(doc, "references");
        let medical = !is_section && (evidence || !references.is_empty());
        let kind = match (is_section, medical) {
            (true, _) => "CollectionPage",
            (false, true) => "MedicalWebPage",
            (false, false) => "WebPage",
        };
        j.field("@type", kind);
        j.field("name", title);
        let description = text(doc, "description").or_else(|| text(config, "description"));
        j.field("description", description.unwrap_or_default());
        j.field("url", permalink);
        j.field("inLanguage", language);
        j.key("isPartOf");
        j.open();
        j.field("@type", "WebSite");
        j.field("name", site_name);
        j.field("url", base_url);
        j.close();
        if !is_section {
            j.organization("publisher", site_name, base_url);
        }
        if medical {
            j.key("medicalAudience");
            j.open();
            j.field("@type", "MedicalAudience");
            j.field("audienceType", "Patient");
            j.close();
            j.key("about");
            match doc.get_from_path("extra.about").filter(|v| v.is_truthy()) {
                Some(about) => j.value(about),
                None => {
                    let tags = list(doc, "tags");
                    if tags.is_empty() {
                        let name = text(doc, "extra.short_title").unwrap_or(title);
                        j.thing(name);
                    } else {
                        j.array(tags, |j, tag| {
                            j.thing(text(tag, "name").unwrap_or_default())
                        });
                    }
                }
            }
        }
        if !is_section {
            let reviewed = text(doc, "reviewed");
            let date = text(doc, "date");
            let modified = text(doc, "updated").or(reviewed).or(date);
            for (key, value) in [
                ("lastReviewed", reviewed),
                ("datePublished", date),
                ("dateModified", modified),
            ] {
                if let Some(value) = value {
                    j.field(key, value);
                }
            }
        }
        if medical && !references.is_empty() {
            j.key("citation");
            j.array(references, Json::citation);
        }
    }
    j.close();
    if !is_home {
        j.item();
        j.open();
        j.field("@type", "BreadcrumbList");
        j.key("itemListElement");
        j.0.push('[');
        let ancestors = list(doc, "ancestors");
        for (i, ancestor) in ancestors.iter().enumerate() {
            let name = match i {
                0 => "Home",
                _ => text(ancestor, "title").unwrap_or_default(),
            };
            j.item();
            j.list_item(i + 1, name, text(ancestor, "permalink").unwrap_or_default());
        }
        j.item();
        j.list_item(ancestors.len() + 1, title, permalink);
        j.0.push(']');
        j.close();
    }
    j.0.push(']');
    j.close();
    j.0
}

/// The non-empty string at `path` of `v`.
fn text<'v>(v: &'v Value, path: &'v str) -> Option<&'v str> {
    v.get_from_path(path)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// The array at `path` of `v`, empty when there is none.
fn list<'v>(v: &'v Value, path: &'v str) -> &'v [Value] {
    v.get_from_path(path)
        .and_then(Value::as_array)
        .unwrap_or_default()
}

/// JSON written as it goes; a comma goes before every member and element but the first.
struct Json(String);

impl Json {
    fn open(&mut self) {
        self.0.push('{');
    }

    fn close(&mut self) {
        self.0.push('}');
    }

    /// Before an array element: a comma, unless the array was just opened.
    fn item(&mut self) {
        if !self.0.ends_with('[') {
            self.0.push(',');
        }
    }

    /// An array of `items`, each written by `write`.
    fn array<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut write: impl FnMut(&mut Self, T),
    ) {
        self.0.push('[');
        for item in items {
            self.item();
            write(self, item);
        }
        self.0.push(']');
    }

    /// `"key":`, after a comma unless the object was just opened.
    fn key(&mut self, key: &str) {
        if !self.0.ends_with(['{', '[']) {
            self.0.push(',');
        }
        self.string(key);
        self.0.push(':');
    }

    fn field(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    /// A JSON string; `<` is escaped too, so no `</script>` or `<!--` can appear.
    fn string(&mut self, s: &str) {
        crate::json::push_script_string(s, &mut self.0);
    }

    /// Any template value (an author's `[extra] about`), as JSON.
    fn value(&mut self, value: &Value) {
        let json = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
        self.0.push_str(&json.replace('<', "\\u003c"));
    }

    fn organization(&mut self, key: &str, name: &str, url: &str) {
        self.key(key);
        self.open();
        self.field("@type", "Organization");
        self.field("name", name);
        self.field("url", url);
        self.close();
    }

    fn thing(&mut self, name: &str) {
        self.open();
        self.field("@type", "Thing");
        self.field("name", name);
        self.close();
    }

    fn list_item(&mut self, position: usize, name: &str, item: &str) {
        self.open();
        self.field("@type", "ListItem");
        self.key("position");
        let _ = write!(self.0, "{position}");
        self.field("name", name);
        self.field("item", item);
        self.close();
    }

    /// One reference as a schema.org work: a scholarly article when it has a DOI or PubMed id.
    fn citation(&mut self, reference: &Value) {
        let get = |key: &'static str| reference.get_from_path(key).filter(|v| v.is_truthy());
        let scholarly = get("doi").is_some() || get("pmid").is_some();
        self.open();
        let kind = if scholarly {
            "ScholarlyArticle"
        } else {
            "CreativeWork"
        };
        self.field("@type", kind);
        self.field(
            "name",
            get("title").and_then(Value::as_str).unwrap_or_default(),
        );
        if let Some(year) = get("year") {
            self.key("datePublished");
            match year.as_str() {
                Some(year) => self.string(year),
                None => self.string(&year.to_string()),
            }
        }
        let same: Vec<&str> = ["doi_url", "pubmed_url", "url"]
            .into_iter()
            .filter_map(|key| get(key).and_then(Value::as_str))
            .collect();
        if !same.is_empty() {
            self.key("sameAs");
            self.array(same, |j, url| j.string(url));
        }
        self.close();
    }
}

/// JSON that cannot end or confuse the `<script>` element holding it.
pub fn script_safe(json: &str) -> String {
    json.replace("</", "<\\/").replace("<!--", "<\\u0021--")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(json: serde_json::Value) -> Value {
        Value::from_serializable(&json)
    }

    fn config() -> Value {
        value(serde_json::json!({
            "title": "Massage \"&\" joints",
            "description": "Site description",
            "base_url": "https://example.org/",
            "language": "en",
        }))
    }

    fn parse(doc: serde_json::Value) -> serde_json::Value {
        let out = json_ld(&value(doc), &config());
        assert!(!out.contains('<'), "{out}");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
    }

    #[test]
    fn a_medical_page_has_its_audience_reviews_citations_and_breadcrumbs() {
        let ld = parse(serde_json::json!({
            "title": "Knees </script><!-- and \"pain\"\n",
            "description": "",
            "permalink": "https://example.org/benefits/knee/",
            "relative_path": "benefits/knee.md",
            "evidence": {"key": "some", "label": "Some"},
            "reviewed": "2026-11-25",
            "date": "2026-01-02",
            "updated": null,
            "tags": [{"name": "pain"}, {"name": "knee"}],
            "extra": {},
            "ancestors": [
                {"title": "Home page", "permalink": "https://example.org/"},
                {"title": "Benefits", "permalink": "https://example.org/benefits/"},
            ],
            "references": [
                {"title": "A trial", "year": 2006, "doi": "10.1/x", "doi_url": "https://doi.org/10.1/x", "pmid": null, "pubmed_url": null, "url": null},
                {"title": "A guideline", "year": null, "doi": null, "pmid": null, "url": "https://nice.org.uk/ng226"},
            ],
        }));
        assert_eq!(ld["@context"], "https://schema.org");
        let page = &ld["@graph"][0];
        assert_eq!(page["@type"], "MedicalWebPage");
        assert_eq!(page["name"], "Knees </script><!-- and \"pain\"\n");
        assert_eq!(
            page["description"], "Site description",
            "falls back to the site's"
        );
        assert_eq!(page["publisher"]["name"], "Massage \"&\" joints");
        assert_eq!(page["medicalAudience"]["audienceType"], "Patient");
        assert_eq!(page["about"][1]["name"], "knee");
        assert_eq!(page["lastReviewed"], "2026-11-25");
        assert_eq!(page["datePublished"], "2026-01-02");
        assert_eq!(
            page["dateModified"], "2026-11-25",
            "updated, else reviewed, else date"
        );
        assert_eq!(page["citation"][0]["@type"], "ScholarlyArticle");
        assert_eq!(page["citation"][0]["datePublished"], "2006");
        assert_eq!(page["citation"][0]["sameAs"][0], "https://doi.org/10.1/x");
        assert_eq!(page["citation"][1]["@type"], "CreativeWork");
        assert!(page["citation"][1].get("datePublished").is_none());
        let crumbs = &ld["@graph"][1]["itemListElement"];
        assert_eq!(crumbs[0]["name"], "Home");
        assert_eq!(crumbs[1]["name"], "Benefits");
        assert_eq!(crumbs[2]["position"], 3);
        assert_eq!(crumbs[2]["item"], "https://example.org/benefits/knee/");
    }

    #[test]
    fn the_home_page_is_the_website_with_its_search_and_a_section_a_collection() {
        let home = parse(serde_json::json!({
            "title": "Home", "permalink": "https://example.org/", "relative_path": "_index.md",
            "subsections": [], "ancestors": [],
        }));
        assert_eq!(
            home["@graph"].as_array().unwrap().len(),
            1,
            "no breadcrumbs"
        );
        let site = &home["@graph"][0];
        assert_eq!(site["@type"], "WebSite");
        assert_eq!(
            site["potentialAction"]["target"],
            "https://example.org/search/?q={search_term_string}"
        );
        let section = parse(serde_json::json!({
            "title": "Benefits", "description": "All benefits",
            "permalink": "https://example.org/benefits/", "relative_path": "benefits/_index.md",
            "subsections": [], "evidence": null, "references": [],
            "ancestors": [{"title": "Home page", "permalink": "https://example.org/"}],
        }));
        let collection = &section["@graph"][0];
        assert_eq!(collection["@type"], "CollectionPage");
        assert!(collection.get("publisher").is_none() && collection.get("citation").is_none());
        assert_eq!(
            section["@graph"][1]["itemListElement"][1]["name"],
            "Benefits"
        );
    }
}
