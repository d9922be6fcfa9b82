//! The filters, tests and functions of `tera-contrib` that Zola 0.23 registers, under Zola's
//! names, so that Zola templates find them: dates (`date`, `now`, `before`, `after`), regular
//! expressions (`regex_replace`, `striptags`, `spaceless`, `matching`), `base64_encode` and
//! `base64_decode`, `urlencode`, `json_encode`, `filesizeformat`, `format`, `slugify`,
//! `shuffle` and `get_random`. They read nothing of the site, so every phase has them.

use tera::Tera;
use tera_contrib::{base64, dates, filesize_format, format, json, rand, regex, slug, urlencode};

/// Register them on `tera`.
pub(super) fn register(tera: &mut Tera) {
    tera.register_filter("base64_encode", base64::b64_encode);
    tera.register_filter("base64_decode", base64::b64_decode);
    tera.register_filter("regex_replace", regex::RegexReplace::default());
    tera.register_filter("striptags", regex::striptags);
    tera.register_filter("spaceless", regex::spaceless);
    tera.register_filter("urlencode", urlencode::urlencode);
    tera.register_filter("urlencode_strict", urlencode::urlencode_strict);
    tera.register_filter("json_encode", json::json_encode);
    tera.register_filter("filesizeformat", filesize_format::filesize_format);
    tera.register_filter("format", format::format);
    tera.register_filter("slugify", slug::slug);
    tera.register_filter("date", dates::date);
    tera.register_filter("shuffle", rand::shuffle);
    tera.register_function("get_random", rand::get_random);
    tera.register_function("now", dates::now);
    tera.register_test("matching", regex::Matching::default());
    tera.register_test("before", dates::is_before);
    tera.register_test("after", dates::is_after);
}
