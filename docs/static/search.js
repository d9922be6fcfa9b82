// relief site search: queries the index that `relief build` writes to search/ (see
// src/output/search.rs). Loaded only when a visitor focuses a search box; loads the small
// search/index.js, then only the term shards and text fragments a query needs.
//
// A classic script, not a module, and the index files are scripts too (each hands its data
// to `reliefSearch.put`), which a page opened from file:// (a `relief build --relative` site)
// runs with <script> elements: browsers refuse modules and fetch() there. Over HTTP they are
// fetched and read as data. Everything is under one global, `reliefSearch`.

(() => {
'use strict';

// English (Snowball Porter2) stemmer, the algorithm relief's index uses for English
// (rust-stemmers).

const VOWELS = 'aeiouy';
const isV = (c) => c !== undefined && VOWELS.includes(c);
const EXCEPTIONS = {
  skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl',
  gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky',
  news: 'news', howe: 'howe', atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes',
};
const AFTER_1A = ['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed'];
const STEP2 = {
  tional: 'tion', enci: 'ence', anci: 'ance', abli: 'able', entli: 'ent', izer: 'ize',
  ization: 'ize', ational: 'ate', ation: 'ate', ator: 'ate', alism: 'al', aliti: 'al',
  alli: 'al', fulness: 'ful', ousli: 'ous', ousness: 'ous', iveness: 'ive', iviti: 'ive',
  biliti: 'ble', bli: 'ble', ogi: 'og', fulli: 'ful', lessli: 'less', li: '',
};
const STEP3 = {
  tional: 'tion', ational: 'ate', alize: 'al', icate: 'ic', iciti: 'ic', ical: 'ic',
  ful: '', ness: '', ative: '',
};
const STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment',
  'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion'];

/** The longest of `suffixes` that `w` ends with, or ''. */
function longest(w, suffixes) {
  let best = '';
  for (const s of suffixes) if (s.length > best.length && w.endsWith(s)) best = s;
  return best;
}

/** Whether `w` ends with a short syllable. */
function shortV(w) {
  const n = w.length;
  return (n >= 3 && !isV(w[n - 1]) && !'wxY'.includes(w[n - 1]) && isV(w[n - 2]) && !isV(w[n - 3])) ||
    (n === 2 && isV(w[0]) && !isV(w[1]));
}

function stem(word) {
  if (Object.hasOwn(EXCEPTIONS, word)) return EXCEPTIONS[word];
  if (word.length < 3) return word;
  let w = word.replace(/^y/, 'Y').replace(/([aeiouy])y/g, '$1Y');
  // R1 and R2
  let p1 = w.length;
  const m = /^(gener|commun|arsen)/.exec(w);
  if (m) p1 = m[0].length;
  else for (let i = 0; i + 1 < w.length; i++) if (isV(w[i]) && !isV(w[i + 1])) { p1 = i + 2; break; }
  let p2 = w.length;
  for (let i = p1; i + 1 < w.length; i++) if (isV(w[i]) && !isV(w[i + 1])) { p2 = i + 2; break; }

  // Step 1a
  let s = longest(w, ['sses', 'ied', 'ies', 's', 'us', 'ss']);
  if (s === 'sses') w = w.slice(0, -2);
  else if (s === 'ied' || s === 'ies') w = w.slice(0, -3) + (w.length > 4 ? 'i' : 'ie');
  else if (s === 's' && /[aeiouy]/.test(w.slice(0, -2))) w = w.slice(0, -1);
  if (AFTER_1A.includes(w)) return w.replace(/Y/g, 'y');

  // Step 1b
  s = longest(w, ['eed', 'eedly', 'ed', 'edly', 'ing', 'ingly']);
  if (s === 'eed' || s === 'eedly') {
    if (w.length - s.length >= p1) w = w.slice(0, -s.length) + 'ee';
  } else if (s && /[aeiouy]/.test(w.slice(0, -s.length))) {
    w = w.slice(0, -s.length);
    if (/(at|bl|iz)$/.test(w)) w += 'e';
    else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
    else if (p1 === w.length && shortV(w)) w += 'e';
  }
  // Step 1c
  if (/[yY]$/.test(w) && w.length > 2 && !isV(w[w.length - 2])) w = w.slice(0, -1) + 'i';
  // Step 2
  s = longest(w, Object.keys(STEP2));
  if (s && w.length - s.length >= p1) {
    const before = w[w.length - s.length - 1];
    if (s === 'ogi') { if (before === 'l') w = w.slice(0, -3) + 'og'; }
    else if (s === 'li') { if (before && 'cdeghkmnrt'.includes(before)) w = w.slice(0, -2); }
    else w = w.slice(0, -s.length) + STEP2[s];
  }
  // Step 3
  s = longest(w, Object.keys(STEP3));
  if (s && w.length - s.length >= p1 && (s !== 'ative' || w.length - s.length >= p2)) {
    w = w.slice(0, -s.length) + STEP3[s];
  }
  // Step 4
  s = longest(w, STEP4);
  if (s && w.length - s.length >= p2) {
    if (s !== 'ion') w = w.slice(0, -s.length);
    else if (/[st]ion$/.test(w)) w = w.slice(0, -3);
  }
  // Step 5
  if (w.endsWith('e')) {
    const at = w.length - 1;
    if (at >= p2 || (at >= p1 && !shortV(w.slice(0, -1)))) w = w.slice(0, -1);
  } else if (w.endsWith('ll') && w.length - 1 >= p2) {
    w = w.slice(0, -1);
  }
  return w.replace(/Y/g, 'y');
}

// Spanish Snowball stemmer, the algorithm of rust-stemmers' Spanish (the same steps, in the
// same order: attached pronoun, then standard suffix, else y-verb suffix, else verb suffix,
// then residual suffix, then acute accents taken off).

const ES_VOWELS = 'aeiouáéíóúü';
const esV = (c) => c !== undefined && ES_VOWELS.includes(c);

/** The longest of `suffixes` that `w` ends with and that starts at `from` or later, or ''. */
function longestFrom(w, suffixes, from) {
  let best = '';
  for (const s of suffixes) {
    if (s.length > best.length && w.length - s.length >= from && w.endsWith(s)) best = s;
  }
  return best;
}

/** The start of R1 (or R2, from R1's start): after the first non-vowel that follows a vowel. */
function esRegion(w, from) {
  let i = from;
  while (i < w.length && !esV(w[i])) i++;
  i++;
  while (i < w.length && esV(w[i])) i++;
  return Math.min(i + 1, w.length);
}

/** The start of RV. */
function esRV(w) {
  const n = w.length;
  if (n < 2) return n;
  const after = (test) => {
    for (let i = 2; i < n; i++) if (test(w[i])) return i + 1;
    return n;
  };
  if (!esV(w[1])) return after(esV);
  if (esV(w[0])) return after((c) => !esV(c));
  return n >= 3 ? 3 : n;
}

const ES_PRONOUNS = ['me', 'se', 'sela', 'selo', 'selas', 'selos', 'la', 'le', 'lo', 'las', 'les', 'los', 'nos'];
const ES_BEFORE_PRONOUN = ['iéndo', 'ándo', 'ár', 'ér', 'ír', 'ando', 'iendo', 'ar', 'er', 'ir', 'yendo'];
const ES_UNACCENTED = { iéndo: 'iendo', ándo: 'ando', ár: 'ar', ér: 'er', ír: 'ir' };
const ES_STANDARD = {
  delete: ['anza', 'anzas', 'ico', 'ica', 'icos', 'icas', 'ismo', 'ismos', 'able', 'ables', 'ible',
    'ibles', 'ista', 'istas', 'oso', 'osa', 'osos', 'osas', 'amiento', 'amientos', 'imiento', 'imientos'],
  ic: ['adora', 'ador', 'ación', 'adoras', 'adores', 'aciones', 'ante', 'antes', 'ancia', 'ancias'],
  log: ['logía', 'logías'],
  u: ['ución', 'uciones'],
  ente: ['encia', 'encias'],
  amente: ['amente'],
  mente: ['mente'],
  idad: ['idad', 'idades'],
  iv: ['iva', 'ivo', 'ivas', 'ivos'],
};
const ES_STANDARD_ALL = Object.values(ES_STANDARD).flat();
const ES_Y_VERB = ['ya', 'ye', 'yan', 'yen', 'yeron', 'yendo', 'yo', 'yó', 'yas', 'yes', 'yais', 'yamos'];
const ES_VERB_GU = ['en', 'es', 'éis', 'emos'];
const ES_VERB = [
  'arían', 'arías', 'arán', 'arás', 'aríais', 'aría', 'aréis', 'aríamos', 'aremos', 'ará', 'aré',
  'erían', 'erías', 'erán', 'erás', 'eríais', 'ería', 'eréis', 'eríamos', 'eremos', 'erá', 'eré',
  'irían', 'irías', 'irán', 'irás', 'iríais', 'iría', 'iréis', 'iríamos', 'iremos', 'irá', 'iré',
  'aba', 'ada', 'ida', 'ía', 'ara', 'iera', 'ad', 'ed', 'id', 'ase', 'iese', 'aste', 'iste', 'an',
  'aban', 'ían', 'aran', 'ieran', 'asen', 'iesen', 'aron', 'ieron', 'ado', 'ido', 'ando', 'iendo',
  'ió', 'ar', 'er', 'ir', 'as', 'abas', 'adas', 'idas', 'ías', 'aras', 'ieras', 'ases', 'ieses',
  'ís', 'áis', 'abais', 'íais', 'arais', 'ierais', 'aseis', 'ieseis', 'asteis', 'isteis', 'ados',
  'idos', 'amos', 'ábamos', 'íamos', 'imos', 'áramos', 'iéramos', 'iésemos', 'ásemos',
  ...ES_VERB_GU,
];
const ES_RESIDUAL = ['os', 'a', 'o', 'á', 'í', 'ó', 'e', 'é'];
const ES_ACUTE = { á: 'a', é: 'e', í: 'i', ó: 'o', ú: 'u' };

/** `w` without its last `n` letters. */
const cut = (w, n) => w.slice(0, w.length - n);

/** Step 0: a pronoun attached to a gerund or infinitive ("comiéndoselo" → "comiendo"). */
function esAttachedPronoun(w, rv) {
  const pronoun = longestFrom(w, ES_PRONOUNS, 0);
  if (!pronoun) return w;
  const verb = cut(w, pronoun.length);
  const form = longestFrom(verb, ES_BEFORE_PRONOUN, 0);
  if (!form || verb.length - form.length < rv) return w;
  if (Object.hasOwn(ES_UNACCENTED, form)) return cut(verb, form.length) + ES_UNACCENTED[form];
  if (form === 'yendo' && verb[verb.length - form.length - 1] !== 'u') return w;
  return verb;
}

/** Step 1: the standard suffixes, or null when none is removed. */
function esStandardSuffix(w, r1, r2) {
  const s = longestFrom(w, ES_STANDARD_ALL, 0);
  if (!s) return null;
  const start = w.length - s.length;
  const inR2 = (x, suffix) => x.endsWith(suffix) && x.length - suffix.length >= r2;
  if (s === 'amente') {
    if (start < r1) return null;
    let x = w.slice(0, start);
    const t = longestFrom(x, ['iv', 'os', 'ic', 'ad'], 0);
    if (t && inR2(x, t)) {
      x = cut(x, t.length);
      if (t === 'iv' && inR2(x, 'at')) x = cut(x, 2);
    }
    return x;
  }
  if (start < r2) return null;
  let x = w.slice(0, start);
  const group = Object.keys(ES_STANDARD).find((g) => ES_STANDARD[g].includes(s));
  const removeOne = (suffixes) => {
    const t = longestFrom(x, suffixes, 0);
    if (t && inR2(x, t)) x = cut(x, t.length);
  };
  switch (group) {
    case 'ic': if (inR2(x, 'ic')) x = cut(x, 2); break;
    case 'log': x += 'log'; break;
    case 'u': x += 'u'; break;
    case 'ente': x += 'ente'; break;
    case 'mente': removeOne(['ante', 'able', 'ible']); break;
    case 'idad': removeOne(['abil', 'ic', 'iv']); break;
    case 'iv': if (inR2(x, 'at')) x = cut(x, 2); break;
    default: break;
  }
  return x;
}

/** Step 2a: a verb suffix beginning with y, after a u ("huyeron"), or null. */
function esYVerbSuffix(w, rv) {
  const s = longestFrom(w, ES_Y_VERB, rv);
  if (!s || w[w.length - s.length - 1] !== 'u') return null;
  return cut(w, s.length);
}

/** Step 2b: the other verb suffixes, or null. */
function esVerbSuffix(w, rv) {
  const s = longestFrom(w, ES_VERB, rv);
  if (!s) return null;
  let x = cut(w, s.length);
  // "en", "es", "éis", "emos" after "gu" take the u too.
  if (ES_VERB_GU.includes(s) && x.endsWith('gu')) x = cut(x, 1);
  return x;
}

/** Step 3: a residual vowel ending. */
function esResidualSuffix(w, rv) {
  const s = longestFrom(w, ES_RESIDUAL, 0);
  if (!s || w.length - s.length < rv) return w;
  let x = cut(w, s.length);
  if ((s === 'e' || s === 'é') && x.endsWith('gu') && x.length - 1 >= rv) x = cut(x, 1);
  return x;
}

function stemSpanish(word) {
  const rv = esRV(word);
  const r1 = esRegion(word, 0);
  const r2 = esRegion(word, r1);
  let w = esAttachedPronoun(word, rv);
  w = esStandardSuffix(w, r1, r2) ?? esYVerbSuffix(w, rv) ?? esVerbSuffix(w, rv) ?? w;
  w = esResidualSuffix(w, rv);
  return w.replace(/[áéíóú]/g, (c) => ES_ACUTE[c]);
}

/** The stemmers an index may name (index.js's `stemmer`): `none` keeps a word as it is. */
const STEMMERS = { english: stem, spanish: stemSpanish, none: (word) => word };

/** Lower-cased words of `text` with their offsets (letters and digits, like the index). */
function tokenize(text) {
  const words = [];
  for (const m of text.matchAll(/[\p{Alphabetic}\p{N}]+/gu)) {
    words.push({ word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return words;
}

// The index

const MAX_PREFIX_TERMS = 40;
/** Terms a misspelt word may stand for, at most. */
const MAX_SIMILAR_TERMS = 8;

/**
 * Edit distance between `a` and `b` (insertions, deletions, substitutions and swaps of two
 * neighbours each count 1), or `max + 1` once it is known to exceed `max`.
 */
function distance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2 = null;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}
const FINAL = '0123456789abcdefghijklmnopqrstuv';
const CONTINUE = 'wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 32; i++) {
  DIGIT[FINAL.charCodeAt(i)] = i;
  DIGIT[CONTINUE.charCodeAt(i)] = 32 + i;
}

/** The numbers of a posting string (base 32, see `encode` in src/output/search.rs). */
function decode(text) {
  const out = [];
  let acc = 0;
  for (let i = 0; i < text.length; i++) {
    const d = DIGIT[text.charCodeAt(i)];
    if (d < 32) { out.push(acc * 32 + d); acc = 0; } else acc = acc * 32 + d - 32;
  }
  return out;
}

function parseShard(text) {
  const terms = new Map();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) terms.set(line.slice(0, space), line.slice(space + 1));
  }
  return terms;
}

// Loading the index files. Each is a script, `reliefSearch.put("NAME",DATA);`. Over HTTP it
// is fetched and its DATA read as data (measurably quicker than running it); from file://,
// where browsers refuse fetch(), it is run with a <script> element and hands DATA to `put`.

/** The end of every index file. */
const TAIL = ');\n';

/** The data of index file `name` from its text, read without running it. */
function unwrap(text, name) {
  const head = `reliefSearch.put(${JSON.stringify(name)},`;
  if (!text.startsWith(head) || !text.endsWith(TAIL)) throw new Error(`search index: ${name} is not an index file`);
  const data = text.slice(head.length, -TAIL.length);
  // A shard's lines in a template literal, taken as they are (they need no escape), or in a
  // JSON string; index.js and fragments are JSON.
  return data[0] === '`' ? data.slice(1, -1) : JSON.parse(data);
}

/** The index files being run: their <script> element → the callback awaiting its data. */
const waiting = new Map();

/**
 * Called by each index file that runs as a script: hands `data` to whoever added that
 * script (`load`).
 */
function put(name, data) {
  const script = typeof document === 'undefined' ? null : document.currentScript;
  const receive = script && waiting.get(script);
  if (receive) receive(name, data);
}

/** Run the index file `name` at `url` with a <script> element; resolves to its data. */
function runScript(url, name) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    let received = false;
    waiting.set(script, (named, data) => {
      if (named !== name) return;
      received = true;
      resolve(data);
    });
    const done = (problem) => {
      waiting.delete(script);
      script.remove();
      if (!received) reject(new Error(`search index: ${name} ${problem}`));
    };
    script.onload = () => done('handed over no data');
    script.onerror = () => done('did not load');
    script.src = url;
    document.head.append(script);
  });
}

/** The data of the index file `name` at `url` (a URL object): fetched, or run from file://. */
function load(url, name) {
  if (url.protocol === 'file:') return runScript(url.href, name);
  return fetch(url).then((r) => {
    if (!r.ok) throw new Error(`search index: ${name}: HTTP ${r.status}`);
    return r.text();
  }).then((text) => unwrap(text, name));
}

class Index {
  /**
   * `url`: the URL of search/index.js (relative to the page). `explicitIndex`: result links
   * name `index.html` instead of ending at a folder, as every link of a relative build does.
   */
  constructor(url, { explicitIndex = false } = {}) {
    this.url = new URL(url, typeof document === 'undefined' ? undefined : document.baseURI);
    this.root = new URL('../', this.url);
    this.explicitIndex = explicitIndex;
    this.files = new Map();
    this.stems = new Map();
    this.stemWord = stem;
  }

  /**
   * A file of the index, loaded once: index.js's object, a fragment file's array, or a term
   * shard's `stem postings` lines as a Map.
   */
  file(name) {
    if (!this.files.has(name)) {
      const p = load(new URL(name, this.url), name)
        .then((data) => (typeof data === 'string' ? parseShard(data) : data));
      p.catch(() => this.files.delete(name));
      this.files.set(name, p);
    }
    return this.files.get(name);
  }

  meta() {
    if (!this.metaPromise) {
      this.metaPromise = this.file(this.url.pathname.split('/').pop()).then((m) => {
        // The index's language's stemmer (English for an index that names none).
        const stemmer = STEMMERS[m.stemmer ?? 'english'];
        if (!stemmer) throw new Error(`search index: no stemmer "${m.stemmer}"`);
        this.stemWord = stemmer;
        m.stopSet = new Set(m.stop);
        m.prefixes = Object.keys(m.shards).sort((a, b) => b.length - a.length);
        this.messages = m.messages ?? {};
        return m;
      });
      // A failed load is tried again by the next query.
      this.metaPromise.catch(() => { this.metaPromise = null; });
    }
    return this.metaPromise;
  }

  /** The stem of `word` by the index's stemmer (known once `meta()` has loaded). */
  stem(word) {
    let s = this.stems.get(word);
    if (s === undefined) this.stems.set(word, (s = this.stemWord(word)));
    return s;
  }

  /** The decoded postings of `term` in `shard` (decoded once, then kept). */
  postings(shard, term) {
    let p = shard.get(term);
    if (typeof p === 'string') shard.set(term, (p = decode(p)));
    return p;
  }

  /** The shard file holding `term`. */
  shardFor(meta, term) {
    return meta.shards[meta.prefixes.find((p) => term.startsWith(p))];
  }

  /** Terms (with postings) for one query word: its stem, plus terms it begins when `prefix`. */
  async candidates(meta, word, prefix) {
    const exact = this.stem(word);
    const found = new Map();
    const shard = await this.file(this.shardFor(meta, exact));
    if (shard.has(exact)) found.set(exact, { postings: this.postings(shard, exact), weight: 1 });
    if (prefix) {
      // Every shard that can hold a term starting with `word`.
      const names = new Set([this.shardFor(meta, word)]);
      for (const p of meta.prefixes) if (p.startsWith(word)) names.add(meta.shards[p]);
      const shards = await Promise.all([...names].map((n) => this.file(n)));
      let extra = 0;
      for (const sh of shards) {
        for (const term of sh.keys()) {
          if (extra >= MAX_PREFIX_TERMS) break;
          if (!found.has(term) && (term.startsWith(word) || term.startsWith(exact))) {
            found.set(term, { postings: this.postings(sh, term), weight: 0.7 });
            extra++;
          }
        }
      }
    }
    // Nothing at all: a misspelling? Terms of the same shard one edit away (two for long
    // words) stand in, ranked below exact matches.
    if (!found.size && [...exact].length >= 4) {
      const max = [...exact].length >= 8 ? 2 : 1;
      const near = [];
      for (const term of shard.keys()) {
        const d = distance(exact, term, max);
        if (d <= max) near.push([d, term]);
      }
      near.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
      for (const [d, term] of near.slice(0, MAX_SIMILAR_TERMS)) {
        found.set(term, { postings: this.postings(shard, term), weight: d === 1 ? 0.5 : 0.35 });
      }
      found.similar = near.length > 0;
    }
    return found;
  }

  /**
   * Rank pages for `query`. Every word must occur in a page; a page's score for a word is
   * its best chunk's score plus a quarter of the others', times the word's rarity (when the
   * last word is being typed, its best-scoring completion counts). Returns
   * { words, terms, hits, total, similar } with the first `limit` hits `{ page, chunk, score }`,
   * best first, `total` the number of matching pages, and `similar` whether a word found
   * nothing as written and was matched to similar words instead.
   */
  async search(query, { typing = true, limit = 10 } = {}) {
    const meta = await this.meta();
    const words = tokenize(query)
      .map((t) => t.word)
      .filter((w) => [...w].length >= meta.min && !meta.stopSet.has(w));
    const unique = [...new Set(words)];
    const terms = new Set();
    if (!unique.length) return { words: unique, terms, hits: [], total: 0, similar: false };
    const lastOpen = typing && /[\p{Alphabetic}\p{N}]$/u.test(query);
    const candidateSets = await Promise.all(unique.map((w, i) =>
      this.candidates(meta, w, lastOpen && i === unique.length - 1 && w === words[words.length - 1] && w.length >= 3)));
    const n = meta.pages;
    const total = new Float64Array(n);
    const matched = new Uint8Array(n);
    const wordScore = new Float64Array(n);
    const idfs = [];
    for (const [k, cands] of candidateSets.entries()) {
      wordScore.fill(0);
      let pages = 0;
      for (const [term, { postings, weight }] of cands) {
        terms.add(term);
        // Postings are sorted by page: one pass gives each page's best and summed score.
        let page = -1, best = 0, sum = 0;
        const flush = () => {
          if (page < 0) return;
          const s = weight * (best + (sum - best) / 4);
          if (wordScore[page] === 0) pages++;
          if (s > wordScore[page]) wordScore[page] = s;
        };
        let p = 0;
        for (let i = 0; i < postings.length; i += 3) {
          p += postings[i];
          if (p !== page) { flush(); page = p; best = 0; sum = 0; }
          const s = postings[i + 2];
          if (s > best) best = s;
          sum += s;
        }
        flush();
      }
      const idf = Math.log(1 + n / Math.max(1, pages));
      idfs.push(idf);
      for (let page = 0; page < n; page++) {
        if (wordScore[page] > 0 && matched[page] === k) {
          matched[page]++;
          total[page] += idf * wordScore[page];
        }
      }
    }
    const found = [];
    for (let page = 0; page < n; page++) if (matched[page] === unique.length) found.push(page);
    found.sort((a, b) => total[b] - total[a] || a - b);
    // The chunk to show for each hit: the one with the highest score over all words.
    const top = new Map(found.slice(0, limit).map((page) => [page, new Map()]));
    for (const [k, cands] of candidateSets.entries()) {
      for (const { postings, weight } of cands.values()) {
        let p = 0;
        for (let i = 0; i < postings.length; i += 3) {
          p += postings[i];
          const chunks = top.get(p);
          if (chunks) chunks.set(postings[i + 1], (chunks.get(postings[i + 1]) || 0) + idfs[k] * weight * postings[i + 2]);
        }
      }
    }
    const hits = [...top].map(([page, chunks]) => {
      let chunk = 0, best = -1;
      for (const [c, s] of chunks) if (s > best || (s === best && c < chunk)) { best = s; chunk = c; }
      return { page, chunk, score: total[page] };
    });
    const similar = candidateSets.some((c) => c.similar);
    return { words: unique, terms, hits, total: found.length, similar };
  }

  /** The link to the page at site path `path` (`benefits/sleep/`, or '' for the home page). */
  link(path) {
    return this.explicitIndex && (path === '' || path.endsWith('/')) ? `${path}index.html` : path;
  }

  /** Title, URL, section heading and snippet for hits (loads their fragments). */
  async describe(hits) {
    const meta = await this.meta();
    const starts = meta.fragments;
    const fragmentOf = (page) => {
      let lo = 0, hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= page) lo = mid; else hi = mid - 1;
      }
      return lo;
    };
    return Promise.all(hits.map(async (hit) => {
      const f = fragmentOf(hit.page);
      const entries = await this.file(`f-${f}.js`);
      const [path, title, description, chunks] = entries[hit.page - starts[f]];
      const [anchor, heading, text] = chunks[hit.chunk] || ['', '', ''];
      return {
        ...hit,
        url: new URL(this.link(path) + (anchor ? `#${anchor}` : ''), this.root).href,
        title,
        heading,
        text: hit.chunk === 0 ? [description, text] : [text],
      };
    }));
  }

  /** A snippet of the first text in `texts` that holds a match: `[{text, mark}]` parts. */
  snippet(texts, terms, words = 28) {
    const isMatch = (w) => terms.has(this.stem(w));
    for (const [n, text] of texts.entries()) {
      const tokens = tokenize(text);
      const hits = [];
      tokens.forEach((t, i) => { if (isMatch(t.word)) hits.push(i); });
      if (!hits.length && n < texts.length - 1) continue;
      // The window that shows the most different matched words, earliest first.
      let first = 0, most = 0;
      for (const h of hits) {
        const seen = new Set();
        for (const j of hits) if (j >= h && j < h + words - 6) seen.add(this.stem(tokens[j].word));
        if (seen.size > most) { most = seen.size; first = h; }
      }
      const from = Math.max(0, first - 6);
      const to = Math.min(tokens.length, from + words);
      const parts = [];
      if (!tokens.length) return parts;
      let pos = from === 0 ? 0 : tokens[from].start;
      if (from > 0) parts.push({ text: '… ' });
      for (let i = from; i < to; i++) {
        const t = tokens[i];
        if (isMatch(t.word)) {
          parts.push({ text: text.slice(pos, t.start) }, { text: text.slice(t.start, t.end), mark: true });
          pos = t.end;
        }
      }
      const end = to < tokens.length ? tokens[to - 1].end : text.length;
      parts.push({ text: text.slice(pos, end) + (to < tokens.length ? ' …' : '') });
      return parts;
    }
    return [];
  }
}

// The page

const STYLE = `.search{position:relative}.search-panel{position:absolute;z-index:20;top:100%;right:0;left:0;min-width:min(26rem,calc(100vw - 2rem));margin-top:.25rem;max-height:75vh;overflow:auto;background:var(--bg,#fff);color:var(--text,#111);border:1px solid var(--border-strong,#666);border-radius:var(--radius,.5rem);box-shadow:0 .5rem 1.5rem rgb(0 0 0 / .25)}.search-panel:not(.open){position:absolute;width:1px;height:1px;min-width:0;overflow:hidden;clip-path:inset(50%);border:0;padding:0}.search-status{margin:0;padding:.6rem .9rem;font-size:.95em;color:var(--muted,#444)}.search-status:empty{padding:0}.search-results{list-style:none;margin:0;padding:0}.search-results li{border-top:1px solid var(--border,#ccc);padding:.6rem .9rem;margin:0}.search-results a{display:block;color:var(--link,#0a58a3);font-weight:700;text-decoration:none}.search-results a:hover,.search-results a:focus{text-decoration:underline}.search-results .search-heading{display:block;font-weight:400;font-size:.9em;color:var(--muted,#444)}.search-results p{margin:.25rem 0 0;font-size:.92em;color:var(--text,#111)}.search-results mark{background:var(--highlight,#fff4b8);color:inherit;padding:0 .1em;border-radius:.15em}@media (prefers-color-scheme:dark){.search-results mark{background:#5c4a00}}.search-page-results .search-results li{padding-left:0;padding-right:0}.search-page-results .search-status{padding-left:0}`;

const HEADER_LIMIT = 8;
const PAGE_LIMIT = 50;

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

/**
 * The messages search shows, in the page's language: the search form's data-t-* attributes
 * (`data-t-no-results` for `no_results`) where the templates write them, else the index's
 * `messages` (relief writes the language's `search_*` translations into index.js, so that
 * pages need not carry them: `search_no_results` for `no_results`), else English.
 * `unavailable` is shown when the index cannot be loaded, so only an attribute can give it
 * another language. `{query}` and `{count}` stand for the query and a number.
 */
const MESSAGES = {
  results: 'Search results',
  unavailable: 'Search is not available right now. Use the menu to browse every topic.',
  too_short: '“{query}” is too short or too common to search for. Try a more specific word.',
  no_results: 'No results for “{query}”. Try another word, or browse the topics in the menu.',
  similar: 'No page has “{query}” as written; {count} pages match similar words',
  similar_one: 'No page has “{query}” as written; 1 page matches similar words',
  matches: '{count} pages match “{query}”',
  matches_one: '1 page matches “{query}”',
  showing_best: '; showing the best {count}.',
};

/** The messages of the search form `form` and the index's `fromIndex`. */
function messages(form, fromIndex = {}) {
  const out = {};
  for (const [key, english] of Object.entries(MESSAGES)) {
    out[key] = form.getAttribute(`data-t-${key.replace(/_/g, '-')}`) ?? fromIndex[key] ?? english;
  }
  return out;
}

/** `text` with `{name}` replaced by `values.name`. */
function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

/** Results for one input: a status line (live region) and a list of links. */
class Box {
  constructor(index, input, container, { limit, popup, form }) {
    this.index = index;
    this.form = form;
    this.input = input;
    this.limit = limit;
    this.popup = popup;
    this.seq = 0;
    const id = `${input.id || 'search'}-results`;
    this.status = el('p', { className: 'search-status' });
    this.status.setAttribute('role', 'status');
    this.list = el('ul', { className: 'search-results', id: `${id}-list` });
    this.list.setAttribute('aria-label', this.text().results);
    this.panel = el('div', { className: popup ? 'search-panel' : 'search-page-results open', id }, this.status, this.list);
    container.append(this.panel);
    input.setAttribute('aria-controls', this.list.id);
    input.addEventListener('input', () => {
      this.dismissed = false;
      this.update();
    });
    input.addEventListener('keydown', (e) => this.key(e));
    this.list.addEventListener('keydown', (e) => this.key(e));
    if (popup) {
      input.form.addEventListener('focusout', (e) => {
        if (!input.form.contains(e.relatedTarget)) this.close();
      });
      // Coming back to the box shows its results again, unless Escape dismissed them.
      input.addEventListener('focus', () => { if (!this.dismissed && input.value.trim()) this.update(); });
    }
  }

  /** The messages, in the index's language once it has loaded. */
  text() {
    return messages(this.form, this.index.messages);
  }

  links() {
    return [...this.list.querySelectorAll('a')];
  }

  key(e) {
    const links = this.links();
    const at = links.indexOf(document.activeElement);
    if (e.key === 'Escape' && this.popup && this.panel.classList.contains('open')) {
      e.preventDefault();
      this.dismissed = true;
      this.close();
      this.input.focus();
    } else if (e.key === 'ArrowDown' && links.length) {
      e.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (e.key === 'ArrowUp' && at >= 0) {
      e.preventDefault();
      (at === 0 ? this.input : links[at - 1]).focus();
    }
  }

  open() {
    if (!this.popup) return;
    this.panel.classList.add('open');
  }

  close() {
    if (!this.popup) return;
    this.seq++;
    this.panel.classList.remove('open');
    this.list.replaceChildren();
    this.status.textContent = '';
  }

  async update() {
    const seq = ++this.seq;
    const query = this.input.value.trim();
    if (this.onquery) this.onquery(query);
    if (query.length < 2) {
      if (this.popup) this.close();
      else { this.list.replaceChildren(); this.status.textContent = ''; }
      return;
    }
    let found, described;
    try {
      found = await this.index.search(this.input.value, { limit: this.limit });
      described = await this.index.describe(found.hits);
    } catch (err) {
      if (seq !== this.seq) return;
      this.open();
      this.status.textContent = this.text().unavailable;
      console.warn(err);
      return;
    }
    if (seq !== this.seq) return;
    this.render(query, found, described);
  }

  render(query, found, described) {
    const n = found.total;
    this.open();
    const t = this.text();
    this.list.setAttribute('aria-label', t.results);
    const one = n === 1;
    this.status.textContent = !found.words.length
      ? fill(t.too_short, { query })
      : n === 0
        ? fill(t.no_results, { query })
        : fill(found.similar ? (one ? t.similar_one : t.similar) : (one ? t.matches_one : t.matches), { query, count: n }) +
          (n > described.length ? fill(t.showing_best, { count: described.length }) : '.');
    this.list.replaceChildren(...described.map((r) => {
      const link = el('a', { href: r.url }, el('span', { className: 'search-title' }, r.title));
      if (r.heading) link.append(el('span', { className: 'search-heading' }, r.heading));
      const snippet = el('p');
      for (const part of this.index.snippet(r.text, found.terms)) {
        snippet.append(part.mark ? el('mark', {}, part.text) : part.text);
      }
      return el('li', {}, link, snippet);
    }));
  }
}

let started = false;

/**
 * Attach search to every search box of the page. search.js calls it as it loads (the loader
 * at the end of base.html adds it on the first focus of a search box); calling it again
 * does nothing.
 */
function start() {
  if (started || typeof document === 'undefined') return;
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start, { once: true });
    return;
  }
  started = true;
  const form = document.querySelector('[data-index-url]');
  if (!form) return;
  // Result links name index.html, as the page's own links do, in a relative build (its index
  // URL is written relative to the page) and wherever a folder URL would show a listing
  // instead of the page (file://).
  const written = form.getAttribute('data-index-url');
  const explicitIndex = location.protocol === 'file:' || !/^([a-z][a-z\d+.-]*:|\/)/i.test(written);
  const index = new Index(form.dataset.indexUrl, { explicitIndex });
  index.meta().catch(() => {});
  document.head.append(el('style', { textContent: STYLE }));
  const page = document.getElementById('search-page');
  for (const input of document.querySelectorAll('form[role="search"] input[name="q"]')) {
    if (page && page.contains(input)) continue;
    const box = new Box(index, input, input.form, { limit: HEADER_LIMIT, popup: true, form });
    if (document.activeElement === input && input.value.trim()) box.update();
  }
  if (page) {
    const input = page.querySelector('input[name="q"]');
    const box = new Box(index, input, page.querySelector('#search-results'), { limit: PAGE_LIMIT, popup: false, form });
    box.onquery = (q) => {
      const url = new URL(location.href);
      if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
      try {
        history.replaceState(null, '', url);
      } catch {
        // A browser that refuses to change a file:// address: the results still show.
      }
    };
    const q = new URLSearchParams(location.search).get('q');
    if (q) input.value = q;
    if (input.value.trim()) box.update();
  }
}

// The one global: index files hand their data to `put`; tests reach the stemmer and the
// index through it. Loaded twice (a theme's own <script> and the loader), the first copy
// stays in charge.
if (globalThis.reliefSearch) return;
globalThis.reliefSearch = { put, start, stem, stemSpanish, tokenize, distance, decode, unwrap, Index };
start();
})();
