//! `{{ doc | json_ld }}`: schema.org structured data for a page or section, as one JSON-LD
//! object with a `@graph` of the document and its breadcrumb trail.
//!
//! Written in Rust rather than in each template: the object is the same on every site
//! (a medical page with its review dates and citations, a collection, the home page as a
//! WebSite with its search), it must be valid JSON however titles are written, and building
//! it in Tera with object spreads was a fifth of the time spent rendering a page. It is
//! written straight into one string, keys in reading order.

use super::values::{ancestors, toml_value};
use crate::content::{DocId, Reference};
use crate::rendered::Store;
use crate::site::Site;
use std::fmt::Write as _;
use tera::Value;

/// The JSON-LD of document `id`, read from the site and its rendered Markdown. Safe inside a
/// `<script>` element: every `<` is escaped.
pub(super) fn json_ld(site: &Site, store: &Store, id: DocId) -> String {
    let config = &site.config;
    let doc = site.document(id);
    let rendered = store.get(id);
    let language = doc.lang.as_str();
    // The site's name, description and home page in the document's language.
    let own = config.other_language(language);
    let site_name = own
        .and_then(|l| l.title.as_deref())
        .unwrap_or(&config.title);
    let description = own
        .and_then(|l| l.description.as_deref())
        .unwrap_or(&config.description);
    let base_url = match own {
        Some(_) => site.permalink(&format!("{language}/")),
        None => site.permalink(""),
    };
    let base_url = base_url.as_str();
    let title = doc.meta.title.as_str();
    let permalink = site.permalink(&doc.path);
    let permalink = permalink.as_str();
    let is_section = matches!(id, DocId::Section(_));
    let is_home = is_section && !doc.rel.contains('/');

    let mut j = Json(String::with_capacity(1024));
    j.open();
    j.field("@context", "https://schema.org");
    j.key("@graph");
    j.0.push('[');
    j.open();
    if is_home {
        j.field("@type", "WebSite");
        j.field("name", site_name);
        j.field("description", description);
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
        let evidence = doc
            .meta
            .evidence
            .as_ref()
            .is_some_and(|key| config.evidence.levels.contains_key(key));
        let references: Vec<&Reference> = rendered
            .reference_order
            .iter()
            .map(|&(index, _)| &doc.meta.references[index])
            .collect();
        let medical = !is_section && (evidence || !references.is_empty());
        let kind = match (is_section, medical) {
            (true, _) => "CollectionPage",
            (false, true) => "MedicalWebPage",
            (false, false) => "WebPage",
        };
        j.field("@type", kind);
        j.field("name", title);
        let description = match doc.meta.description.is_empty() {
            true => &config.description,
            false => &doc.meta.description,
        };
        j.field("description", description);
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
            let about = doc.meta.extra.get("about").map(toml_value);
            match about.filter(Value::is_truthy) {
                Some(about) => j.value(&about),
                None => {
                    let tags = tag_names(site, id);
                    if tags.is_empty() {
                        let short_title = doc.meta.extra.get("short_title");
                        let name = short_title
                            .and_then(toml::Value::as_str)
                            .filter(|s| !s.is_empty())
                            .unwrap_or(title);
                        j.thing(name);
                    } else {
                        j.array(tags, |j, tag| j.thing(tag));
                    }
                }
            }
        }
        if !is_section {
            let reviewed = doc.meta.reviewed.map(|d| d.to_string());
            let date = doc.meta.date.map(|d| d.to_string());
            let updated = doc.meta.updated.map(|d| d.to_string());
            let modified = updated.or(reviewed.clone()).or(date.clone());
            for (key, value) in [
                ("lastReviewed", reviewed),
                ("datePublished", date),
                ("dateModified", modified),
            ] {
                if let Some(value) = value {
                    j.field(key, &value);
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
        let trail = match id {
            DocId::Page(p) => ancestors(site, Some(site.content.pages[p].section), true),
            DocId::Section(s) => ancestors(site, Some(s), false),
        };
        for (i, ancestor) in trail.iter().enumerate() {
            // The home page is "Home", or the language's translation `home`.
            let name = match i {
                0 => config.translation("home", language).unwrap_or("Home"),
                _ => &ancestor.title,
            };
            j.item();
            j.list_item(i + 1, name, &ancestor.permalink);
        }
        j.item();
        j.list_item(trail.len() + 1, title, permalink);
        j.0.push(']');
        j.close();
    }
    j.0.push(']');
    j.close();
    j.0
}

/// The names of the `tags` terms page `id` is filed under, as its taxonomy spells them.
fn tag_names(site: &Site, id: DocId) -> Vec<&str> {
    let DocId::Page(_) = id else {
        return Vec::new();
    };
    let meta = &site.document(id).meta;
    let mut names = Vec::new();
    for taxonomy in site.taxonomies.iter().filter(|t| t.name == "tags") {
        for term_name in meta.taxonomies.get(&taxonomy.name).into_iter().flatten() {
            let slug = site.term_slug(term_name);
            if let Some(term) = taxonomy.terms.iter().find(|t| t.slug == slug) {
                names.push(term.name.as_str());
            }
        }
    }
    names
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
    /// A work with an address is named by it (`@id`: its DOI, else PubMed, else web
    /// address), which identifies it better than its title, and which the page's reference
    /// list spells out for readers anyway; only a work without one is described by its title
    /// and year.
    fn citation(&mut self, reference: &Reference) {
        let given = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
        let scholarly = given(&reference.doi) || given(&reference.pmid);
        self.open();
        let kind = if scholarly {
            "ScholarlyArticle"
        } else {
            "CreativeWork"
        };
        self.field("@type", kind);
        let address = reference
            .doi_url()
            .or_else(|| reference.pubmed_url())
            .or_else(|| reference.url.clone().filter(|u| !u.is_empty()));
        match address {
            Some(address) => self.field("@id", &address),
            None => {
                self.field("name", &reference.title);
                if let Some(year) = reference.year.as_deref().filter(|y| !y.is_empty()) {
                    self.key("datePublished");
                    self.string(year);
                }
            }
        }
        self.close();
    }
}

/// JSON that cannot end or confuse the `<script>` element holding it.
pub(super) fn script_safe(json: &str) -> String {
    json.replace("</", "<\\/").replace("<!--", "<\\u0021--")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{parse, BuildOptions};

    /// A small site: the home page, a Benefits section and one cited, rated, tagged page.
    fn site() -> (tempfile::TempDir, crate::pipeline::Parsed) {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "config.toml",
            "title = 'Massage \"&\" joints'\ndescription = 'Site description'\n\
             base_url = 'https://example.org/'\nlanguage = 'en'\ntaxonomies = ['tags']\n\
             [evidence.levels]\nsome = 'Some'\n",
        );
        write("templates/page.html", "{{ page.title }}");
        write("content/_index.md", "+++\ntitle = 'Home page'\n+++\n");
        write(
            "content/benefits/_index.md",
            "+++\ntitle = 'Benefits'\ndescription = 'All benefits'\n+++\n",
        );
        write(
            "content/benefits/knee.md",
            "+++\ntitle = \"Knees </script><!-- and \\\"pain\\\"\"\ndate = 2026-01-02\n\
             reviewed = 2026-11-25\nevidence = 'some'\n[taxonomies]\ntags = ['pain', 'knee']\n\
             [[references]]\nid = 'trial'\ntitle = 'A trial'\nyear = 2006\ndoi = '10.1/x'\n\
             [[references]]\nid = 'nice'\ntitle = 'A guideline'\nurl = 'https://nice.org.uk/ng226'\n\
             +++\nText [@trial; @nice].\n",
        );
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        };
        let parsed = parse(&options).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        (dir, parsed)
    }

    fn ld(parsed: &crate::pipeline::Parsed, rel: &str) -> serde_json::Value {
        let id = parsed.site.by_rel[rel];
        let out = json_ld(&parsed.site, &parsed.rendered, id);
        assert!(!out.contains('<'), "{out}");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
    }

    #[test]
    fn a_medical_page_has_its_audience_reviews_citations_and_breadcrumbs() {
        let (_dir, parsed) = site();
        let ld = ld(&parsed, "benefits/knee.md");
        assert_eq!(ld["@context"], "https://schema.org");
        let page = &ld["@graph"][0];
        assert_eq!(page["@type"], "MedicalWebPage");
        assert_eq!(page["name"], "Knees </script><!-- and \"pain\"");
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
        assert_eq!(page["citation"][0]["@id"], "https://doi.org/10.1/x");
        assert!(
            page["citation"][0].get("name").is_none(),
            "named by its DOI"
        );
        assert_eq!(page["citation"][1]["@type"], "CreativeWork");
        assert_eq!(page["citation"][1]["@id"], "https://nice.org.uk/ng226");
        assert!(page["citation"][1].get("datePublished").is_none());
        let crumbs = &ld["@graph"][1]["itemListElement"];
        assert_eq!(crumbs[0]["name"], "Home");
        assert_eq!(crumbs[1]["name"], "Benefits");
        assert_eq!(crumbs[2]["position"], 3);
        assert_eq!(crumbs[2]["item"], "https://example.org/benefits/knee/");
    }

    #[test]
    fn the_home_page_is_the_website_with_its_search_and_a_section_a_collection() {
        let (_dir, parsed) = site();
        let home = ld(&parsed, "_index.md");
        assert_eq!(
            home["@graph"].as_array().unwrap().len(),
            1,
            "no breadcrumbs"
        );
        let website = &home["@graph"][0];
        assert_eq!(website["@type"], "WebSite");
        assert_eq!(
            website["potentialAction"]["target"],
            "https://example.org/search/?q={search_term_string}"
        );
        let section = ld(&parsed, "benefits/_index.md");
        let collection = &section["@graph"][0];
        assert_eq!(collection["@type"], "CollectionPage");
        assert_eq!(collection["description"], "All benefits");
        assert!(collection.get("publisher").is_none() && collection.get("citation").is_none());
        assert_eq!(
            section["@graph"][1]["itemListElement"][1]["name"],
            "Benefits"
        );
    }
}
