//! Words: tokenising, stop words and stems, and that `static/search.js` stems as the index
//! does.

use super::{node, repo, AWKWARD};
use crate::output::search::text::{stemmer, terms, tokenize, Words};
use std::collections::BTreeSet;
use std::path::PathBuf;

#[test]
fn tokenising_lowercases_and_splits_on_anything_but_letters_and_digits() {
    let words: Vec<(String, std::ops::Range<usize>)> =
        tokenize("Sleep, SLEEPING & sleep-wake (2022) café’s");
    let only: Vec<&str> = words.iter().map(|w| w.0.as_str()).collect();
    assert_eq!(
        only,
        ["sleep", "sleeping", "sleep", "wake", "2022", "café", "s"]
    );
    assert_eq!(words[1].1, 7..15);
}

#[test]
fn terms_are_english_stems_without_stop_words_or_single_letters() {
    let english = Words::english();
    assert_eq!(
        terms(&english, "The sleeping and sleeps of a relaxed body, x"),
        ["sleep", "sleep", "relax", "bodi"]
    );
    assert_eq!(
        terms(&english, "arthritis arthritic"),
        ["arthriti", "arthrit"]
    );
}

#[test]
fn tokenising_awkward_text_matches_splitting_on_non_alphanumeric_characters() {
    let text = AWKWARD.join(" ") + " " + &AWKWARD.concat() + "Trailing";
    let expected: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let words: Vec<String> = tokenize(&text).into_iter().map(|w| w.0).collect();
    assert_eq!(words, expected);
    for (word, range) in tokenize(&text) {
        assert_eq!(text[range].to_lowercase(), word);
    }
}

/// static/search.js carries a port of the Snowball English stemmer; it must agree with
/// rust-stemmers on every word of the site and on words that exercise each rule.
#[test]
fn the_script_stems_every_word_like_the_index() {
    let mut words: BTreeSet<String> = BTreeSet::new();
    for entry in walk(&repo().join("content")) {
        let text = std::fs::read_to_string(entry).unwrap();
        words.extend(tokenize(&text).into_iter().map(|w| w.0));
    }
    let tricky = "consign consigned consigning consignment consist consisted consistency \
        consistent consistently consisting consists consolation consolations consolatory \
        console consoled consoles consolidate consolidated consolidating consoling knack \
        knackeries kneaded kneading knee kneel kneeled kneeling kneels knees knell knelt \
        knife knightly knitting knives generous generously generate generation communism \
        communication arsenal universal university organization organize emergency emerge \
        later lateral past pasta caresses ponies ties cries tied died lied gas gaps kiwis \
        luxuriate hopping hoping tanned falling hissing fizzed failing filing happy enjoy \
        sky skies dying lying tying news atlas cosmos bias andes howe idly gently ugly early \
        only singly skis inning innings outing outings canning herring earring proceed \
        proceeding exceed exceedingly succeed succeeded agreed agreement feed bleed bled \
        sleeping sleepily sleepless relational conditional rational valenci hesitanci \
        digitizer conformabli radicalli differentli vileli analogousli operator feudalism \
        decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate \
        formative formalize electriciti electrical hopeful goodness revival allowance \
        inference airliner gyroscopic adjustable defensible irritant replacement adjustment \
        dependent adoption homologou activate angulariti homologous effective bowdlerize \
        probate rate cease controll roll yes yelled eyes sayings flying dryly toy toys \
        boyish obeyed playing played saying yay yyy ayy eyy year yearly yelling \
        beautiful beautifully logically analogies geology ecology apology apologies \
        biology hopelessly carelessly fluently quietly exactly quickly badly \
        cortisol arthritis arthritic osteoarthritis massage massaging massages massaged \
        therapist therapists therapeutic anxiety anxious depression depressed stress \
        stressed stressful immune immunity evidence evident hormones hormonal constructor \
        prototype tooth valueof 2022 1st 10mg x y ab abc aed ied ies sses us ss \
        news' atlas's feeds fed bed beds mess messes meeting meetings needed needing";
    words.extend(tokenize(tricky).into_iter().map(|w| w.0));
    script_stems_like_rust_stemmers(words, "stem", stemmer());
}

/// static/search.js carries a port of the Snowball Spanish stemmer: it must agree with
/// rust-stemmers on every word of the Spanish pages and on words that exercise each rule
/// (attached pronouns, each group of standard suffixes, y-verb and verb suffixes, "gu"
/// before a removed ending, residual vowels, accents).
#[test]
fn the_script_stems_every_spanish_word_like_the_index() {
    let mut words: BTreeSet<String> = BTreeSet::new();
    for entry in walk(&repo().join("content")) {
        if entry.to_string_lossy().ends_with(".es.md") {
            let text = std::fs::read_to_string(entry).unwrap();
            words.extend(tokenize(&text).into_iter().map(|w| w.0));
        }
    }
    let spanish_pages = words.len();
    let tricky = "dándoselo diciéndole haciéndolo comiéndoselas dárselo ponérmelo irse \
        levantarse comerla escribirles cantando cantándoles huyendo construyendo oyéndolos \
        yéndose esperanza esperanzas práctico práctica prácticos prácticas realismo \
        realismos posible posibles flexible flexibles artista artistas famoso famosa famosos \
        famosas levantamiento levantamientos conocimiento conocimientos trabajadora \
        trabajador organización trabajadoras trabajadores organizaciones importante \
        importantes importancia importancias comunicación autenticación biología biologías \
        solución soluciones frecuencia frecuencias rápidamente activamente \
        lógicamente completamente generosamente felizmente claramente posiblemente \
        notablemente visiblemente brillantemente actividad actividades posibilidad \
        posibilidades publicidad tranquilidad capacidad relatividad activo activa activos \
        activas evaluativo relativos rayo huyó huyan huyen huyeron haya oye leyendo \
        cantaríamos cantarían cantarías cantarán cantarás cantaríais cantaría cantaréis \
        cantaremos cantará cantaré comerían comeríamos comerán comerá comeré viviría \
        viviremos vivirá viviré cantaba cantada comida comía cantara comiera cantad comed \
        vivid cantase comiese cantaste comiste cantan cantaban comían cantaran comieran \
        cantasen comiesen cantaron comieron cantado comido comió cantar comer vivir cantas \
        cantabas cantadas comidas comías cantaras comieras cantases comieses comís cantáis \
        cantabais comíais cantarais comierais cantaseis comieseis cantasteis comisteis \
        cantados comidos cantamos cantábamos comíamos vivimos cantáramos comiéramos \
        comiésemos cantásemos comen comes coméis comemos siguen sigues seguéis averigüemos \
        persiguen consiguen pagues llegue guerra águila aguante sigue pague averigüe \
        casos casa caso cafés mamá jabalí sofá café comité rubí dominó papá está qué \
        aéreo aire oír aún país baúl reír ahí río leí oía caía creer leer poeta día tía \
        ñandú niño sueño sueños dormir duermo dormí durmió descanso masaje masajes \
        articulaciones articulación dolor dolores rodilla rodillas artrosis ansiedad \
        estrés relajación inmunitario pruebas evidencia evidencias médico médica \
        fisioterapeuta cansancio energía a e o y u yo la el en no si mi ah eh oh uy \
        io ia ua ue aa ee ii oo uu abc xyz 2024 10mg über pingüino vergüenza";
    words.extend(tokenize(tricky).into_iter().map(|w| w.0));
    assert!(
        spanish_pages > 1500,
        "only {spanish_pages} words on the Spanish pages"
    );
    script_stems_like_rust_stemmers(
        words,
        "stemSpanish",
        rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Spanish),
    );
}

/// Run `reliefSearch[function]` of static/search.js on `words` and compare its stems with
/// `stemmer`'s, word by word.
fn script_stems_like_rust_stemmers(
    words: BTreeSet<String>,
    function: &str,
    stemmer: rust_stemmers::Stemmer,
) {
    let words: Vec<String> = words.into_iter().collect();
    let expected: Vec<String> = words.iter().map(|w| stemmer.stem(w).into_owned()).collect();

    // search.js is a classic script, run here as a page runs it; it leaves its functions on
    // the global `reliefSearch`.
    let script = format!(
        "const fs = require('fs');\n\
         require('vm').runInThisContext(fs.readFileSync({:?}, 'utf8'));\n\
         const input = JSON.parse(fs.readFileSync(0, 'utf8'));\n\
         console.log(JSON.stringify(input.map((w) => globalThis.reliefSearch.{function}(w))));",
        repo().join("static/search.js")
    );
    let got: Vec<String> = node(&script, &words);
    let differences: Vec<String> = words
        .iter()
        .zip(expected.iter().zip(&got))
        .filter(|(_, (e, g))| e != g)
        .map(|(w, (e, g))| format!("{w}: rust-stemmers {e}, search.js {g}"))
        .collect();
    assert!(words.len() > 1000, "only {} words checked", words.len());
    assert!(
        differences.is_empty(),
        "{} of {} words differ:\n{}",
        differences.len(),
        words.len(),
        differences.join("\n")
    );
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "md") {
            files.push(p);
        }
    }
    files
}
