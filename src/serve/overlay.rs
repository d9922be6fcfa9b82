//! The error overlay: when a rebuild fails, the browser covers the page (the last good
//! build, still served) with the diagnostics, file:line included, exactly as the terminal
//! shows them; the next good build removes it. Warnings (a broken link, a missing image) do
//! not cover the page: they wait folded in a corner panel until the author opens them.

use crate::diagnostics::Diagnostic;

/// The overlay's text: every error as the terminal prints it, without colour codes.
pub(crate) fn text(diagnostics: &[Diagnostic]) -> String {
    joined(diagnostics.iter().filter(|d| d.is_error()))
}

/// The warnings panel's text: every warning as the terminal prints it; empty for none.
pub(crate) fn warnings_text(diagnostics: &[Diagnostic]) -> String {
    joined(diagnostics.iter().filter(|d| !d.is_error()))
}

fn joined<'a>(diagnostics: impl Iterator<Item = &'a Diagnostic>) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&strip_ansi(&d.to_string()));
        out.push_str("\n\n");
    }
    out.trim_end().to_string()
}

/// Remove terminal escape sequences (`ESC [ … letter`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Client side: `reliefOverlay.show(text)` and `reliefOverlay.hide()`. Plain DOM and
/// `textContent`, so the diagnostics can never inject markup.
pub(crate) const CLIENT: &str = r#"const reliefOverlay = {
  show(text) {
    let el = document.getElementById('relief-error-overlay');
    if (!el) {
      el = document.createElement('div');
      el.id = 'relief-error-overlay';
      el.setAttribute('role', 'alertdialog');
      el.setAttribute('aria-label', 'relief: build error');
      el.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;margin:0;padding:1.5rem;background:rgba(24,24,27,.96);color:#f4f4f5;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left';
      const title = document.createElement('p');
      title.style.cssText = 'margin:0 0 1rem;color:#fca5a5;font-weight:bold';
      title.textContent = 'relief: the last change does not build. The page below is the last good build; fix the error and it reloads by itself.';
      const pre = document.createElement('pre');
      pre.style.cssText = 'margin:0;white-space:pre-wrap;font:inherit';
      el.append(title, pre);
      (document.body || document.documentElement).append(el);
    }
    el.querySelector('pre').textContent = text;
  },
  hide() {
    const el = document.getElementById('relief-error-overlay');
    if (el) el.remove();
  },
  warnings(text) {
    let el = document.getElementById('relief-warnings');
    if (!text) {
      if (el) el.remove();
      return;
    }
    if (!el) {
      el = document.createElement('details');
      el.id = 'relief-warnings';
      el.setAttribute('role', 'status');
      el.style.cssText = 'position:fixed;right:.5rem;bottom:.5rem;z-index:2147483646;max-width:min(46rem,calc(100vw - 1rem));max-height:70vh;overflow:auto;box-sizing:border-box;margin:0;padding:.4rem .7rem;border-radius:.4rem;background:rgba(24,24,27,.94);color:#f4f4f5;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left';
      const summary = document.createElement('summary');
      summary.style.cssText = 'cursor:pointer;color:#fcd34d;font-weight:bold';
      const pre = document.createElement('pre');
      pre.style.cssText = 'margin:.5rem 0 0;white-space:pre-wrap;font:inherit';
      el.append(summary, pre);
      (document.body || document.documentElement).append(el);
    }
    const count = text.split('\n\n').filter((w) => w.startsWith('warning')).length;
    el.querySelector('summary').textContent = `relief: ${count} warning${count === 1 ? '' : 's'} (the page is built; open for details)`;
    el.querySelector('pre').textContent = text;
  },
};
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_colour_codes() {
        assert_eq!(strip_ansi("\u{1b}[1;31merror\u{1b}[0m: x"), "error: x");
    }
}
