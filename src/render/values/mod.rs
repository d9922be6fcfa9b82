//! What templates see. Each page and section is turned into a Tera `Value` once; listings
//! and contexts share those values (cheap `Arc` clones) instead of re-serialising every page
//! into every context, which is what makes other generators quadratic.
//!
//! One file per kind of value, none reaching a sibling that reaches back:
//! - `documents`: page and section values, their common fields and the parts pages share;
//! - `links`: the small title-and-URL values documents embed (ancestors, neighbours, tags);
//! - `references`: a page's reference list and the site-wide `all_references`;
//! - `listings`: the values that list pages (paginator, taxonomies and their terms);
//! - `from_toml`: TOML (front matter and config `[extra]`, `config`) as template values;
//! - `related`: the index behind `related_pages`.

mod documents;
mod from_toml;
mod links;
mod listings;
mod references;
mod related;

pub(crate) use documents::{page_value, page_values, section_value};
pub(crate) use from_toml::{config_value, toml_table_value, toml_value};
pub(in crate::render) use links::ancestors;
pub(crate) use listings::{paginator_value, taxonomy_values};
pub(crate) use references::all_references;
pub(crate) use related::Related;
