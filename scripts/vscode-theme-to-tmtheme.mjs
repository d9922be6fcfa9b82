#!/usr/bin/env node
// Converts a VS Code colour theme (JSON) into TextMate's .tmTheme (XML plist), the format
// syntect reads, for the themes relief bundles in src/highlight/themes/.
//
//   node scripts/vscode-theme-to-tmtheme.mjs plastic.json plastic > src/highlight/themes/plastic.tmTheme
//
// The JSON comes from the `tm-themes` npm package (npm pack tm-themes), which records each
// theme's source and licence in its NOTICE file: ship the licence beside the converted file.
import { readFileSync } from "node:fs";

const [file, name] = process.argv.slice(2);
if (!file || !name) {
  console.error("usage: vscode-theme-to-tmtheme.mjs THEME.json NAME");
  process.exit(2);
}
const theme = JSON.parse(readFileSync(file, "utf8"));
const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
// A dict inside a dict: written as XML, not as a string.
class Nested {
  constructor(xml) {
    this.xml = xml;
  }
}
const dict = (entries, indent) =>
  `${indent}<dict>\n` +
  entries
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) =>
      v instanceof Nested
        ? `${indent}  <key>${k}</key>\n${v.xml}`
        : `${indent}  <key>${k}</key>\n${indent}  <string>${escape(v)}</string>\n`,
    )
    .join("") +
  `${indent}</dict>\n`;

const colors = theme.colors ?? {};
const global = dict(
  [
    ["background", colors["editor.background"]],
    ["foreground", colors["editor.foreground"]],
    ["lineHighlight", colors["editor.lineHighlightBackground"]],
    ["selection", colors["editor.selectionBackground"]],
    ["caret", colors["editorCursor.foreground"]],
  ],
  "        ",
);
const items = [dict([["settings", new Nested(global)]], "      ")];
for (const token of theme.tokenColors ?? []) {
  const scope = Array.isArray(token.scope) ? token.scope.join(", ") : token.scope;
  if (!scope) continue;
  const s = token.settings ?? {};
  const settings = dict(
    [
      ["foreground", s.foreground],
      ["background", s.background],
      ["fontStyle", s.fontStyle],
    ],
    "        ",
  );
  items.push(dict([["name", token.name], ["scope", scope], ["settings", new Nested(settings)]], "      "));
}
process.stdout.write(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
  <dict>
    <key>name</key>
    <string>${escape(name)}</string>
    <key>settings</key>
    <array>
${items.join("")}    </array>
  </dict>
</plist>
`);
