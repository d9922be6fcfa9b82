//! Build-time highlighting of fenced code blocks, as Zola 0.23's `[markdown.highlighting]`
//! asks for it: the grammars and themes loaded once (`library`), a fence's annotations read
//! (`fence`), each block turned into coloured HTML (`html`) with inline colours worked out once per
//! scope stack (`inline`), with stylesheets for the class
//! style (`stylesheet`) and token colours kept readable (`contrast`).

mod contrast;
mod fence;
mod html;
mod inline;
mod library;
mod settings;
mod stylesheet;

pub(crate) use fence::Fence;
pub(crate) use html::code_block;
pub(crate) use library::{Highlighter, Language};
pub(crate) use settings::{DataAttrPosition, Settings, Style, ThemeChoice, Written};
