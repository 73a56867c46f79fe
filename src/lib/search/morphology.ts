/**
 * General word-formation rules of German (and its borrowings from English and Latin) that a
 * stemmer does not know. Pure functions over folded words (analyzer.ts `foldText`); the same
 * code runs on the server and in the browser.
 *
 * Rules that always hold:
 * - Only regular, productive patterns of the language, never a list of one knowledge base's
 *   words: the forms of a verb on "-ieren" and its noun on "-ierung" are one word
 *   ("stornieren", "storniert", "Stornierung"), and its root starts its other derivations
 *   ("Storno", "Stornorechnung"); such roots, English verbs used in German ("downloaden",
 *   "gemountet") and Latin-root nouns and adjectives ("Priorität", "Konfiguration",
 *   "automatisch") have English cognates that an English article uses.
 * - A rule only proposes forms; the caller keeps those that an index actually has.
 * - Short roots (under ROOT_MIN_LENGTH letters) are left alone: too many words share them.
 */

/** Shortest root of an "-ieren" verb that is used (shorter ones, "kop-", are ambiguous). */
export const ROOT_MIN_LENGTH = 4;

/** The endings of an "-ieren" verb's forms and of its "-ierung" noun, after the "ier". */
const IEREN_FORM = /^([a-z]{4,})ier(?:e|en|end|ende|enden|ender|endes|est|et|st|t|te|tem|ten|ter|tes|tet|ung|ungen|s)?$/;

/**
 * The common stem of the forms of a German "-ieren" verb and its "-ierung" noun ("stornieren",
 * "storniert", "stornierte", "Stornierung" → "stornier"), or null for other words. The
 * German stemmer gives these forms three different stems.
 */
export function germanIerenStem(folded: string): string | null {
  const match = IEREN_FORM.exec(folded);
  return match ? `${match[1]}ier` : null;
}

/** The root of an "-ieren" stem ("stornier" → "storn"), or null when it has none of ROOT_MIN_LENGTH letters. */
export function ierenRoot(stem: string): string | null {
  if (!stem.endsWith('ier')) return null;
  const root = stem.slice(0, -3);
  return root.length >= ROOT_MIN_LENGTH ? root : null;
}

/**
 * German spellings of Latin and Greek roots back to the English ones: "k" → "c" before a
 * consonant or "a", "o", "u" at the start and in "kt", "z" → "c" before "e"/"i" ("Konfiguration",
 * "Kompression", "Aktivität", "Zentrum" → "configuration", "compression", "activity", "centrum").
 */
function latinSpellings(word: string): string[] {
  const spelled = word
    .replace(/^k(?=[aoulr])/, 'c')
    .replace(/kt/g, 'ct')
    .replace(/(?<=[aeiou])k(?=[aeiourl])/g, 'c')
    .replace(/^z(?=[ei])/, 'c')
    .replace(/(?<=[aeiou])z(?=i)/g, 'c');
  return spelled === word ? [word] : [word, spelled];
}

/** Endings of Latin-root German nouns and adjectives and the English ones they correspond to. */
const NOUN_ENDINGS: readonly (readonly [string, readonly string[]])[] = [
  ['itaet', ['ity']],
  ['ation', ['ation']],
  ['ion', ['ion']],
  ['ur', ['ure']],
  ['ie', ['y']],
  ['isch', ['ic', 'ical']],
  ['iv', ['ive']],
  ['ell', ['al']],
  ['ik', ['ic', 'ics']],
  ['ent', ['ent']],
  ['ant', ['ant']],
];

/** German adjectives on "-ell" whose English look-alike means something else. */
const FALSE_FRIENDS = new Set(['aktuell', 'eventuell', 'speziell']);

/**
 * English verbs used as German verbs take German endings ("downloaden", "gemountet",
 * "scannt", "resetten"): the English verb without them, with a doubled final consonant
 * undone. At least three letters remain.
 */
function loanVerbRoots(folded: string): string[] {
  const roots = new Set<string>();
  const bases = [folded];
  // Past participles: "ge" + verb + "t"/"et" ("gemountet", "gepingt").
  if (/^ge[a-z]{3,}e?t$/.test(folded)) bases.push(folded.slice(2));
  for (const base of bases) {
    for (const ending of ['eten', 'est', 'et', 'en', 'st', 't', 'e', 'n']) {
      if (!base.endsWith(ending)) continue;
      const root = base.slice(0, -ending.length);
      // Three letters only where a doubled consonant marks the verb ("loggen", "zippen").
      const undoubled = root.replace(/([bdfgklmnprtz])\1$/, '$1');
      if (root.length >= 4) roots.add(root);
      if (undoubled !== root && undoubled.length >= 3) roots.add(undoubled);
    }
  }
  return [...roots];
}

/**
 * English words that a German word may stand for by regular word formation, most likely
 * first: the root of an "-ieren" verb ("installieren" → "install", "konfigurieren" →
 * "configure"), an English loan verb with German endings ("downloaden" → "download"), a
 * Latin-root noun or adjective ("Priorität" → "priority", "automatisch" → "automatic"). Only
 * proposals: the caller keeps those an English index has.
 */
export function englishCognates(folded: string): string[] {
  if (FALSE_FRIENDS.has(folded)) return [];
  const found = new Set<string>();
  const add = (word: string): void => {
    for (const spelled of latinSpellings(word)) if (spelled !== folded && spelled.length >= 3) found.add(spelled);
  };
  const ieren = germanIerenStem(folded);
  const root = ieren ? ierenRoot(ieren) : null;
  if (root) {
    add(root);
    add(`${root}e`);
    add(root.replace(/([lmnprt])\1$/, '$1'));
    // "synchronisieren", "optimieren": the English verb ends in "-ize"/"-ise", "-ate".
    add(`${root}ate`);
    add(`${root}ize`);
    return [...found];
  }
  for (const [german, english] of NOUN_ENDINGS) {
    if (!folded.endsWith(german) || folded.length - german.length < 3) continue;
    const stem = folded.slice(0, -german.length);
    for (const ending of english) add(stem + ending);
    break;
  }
  for (const loan of loanVerbRoots(folded)) add(loan);
  return [...found];
}
