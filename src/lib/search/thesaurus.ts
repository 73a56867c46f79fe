/**
 * Synonyms of the knowledge base (content/synonyms.yml): groups of words that mean the
 * same to a searcher, in any language — "folder, directory, Ordner, Verzeichnis". A query
 * word also finds its group's other words, which bridges a customer's words and the
 * articles' words, and German and English.
 */
import { LANGS } from '../languages.ts';
import { isStopWord, stemWord, tokenize, type Word } from './analyzer.ts';

/** At most this many synonyms are added for one query word. */
const MAX_SYNONYMS = 16;

export class Thesaurus {
  /** The groups as given (for shipping to the browser). */
  readonly groups: string[][];
  private byKey = new Map<string, Set<number>>();
  private groupWords: Word[][];

  constructor(groups: string[][]) {
    this.groups = groups;
    this.groupWords = groups.map((group) => group.flatMap((entry) => tokenize(entry)));
    groups.forEach((group, groupIndex) => {
      for (const entry of group) {
        const words = tokenize(entry);
        // Multi-word entries are added as synonyms of others, but not looked up themselves.
        if (words.length !== 1) continue;
        for (const key of this.keysOf(words[0])) {
          let set = this.byKey.get(key);
          if (!set) this.byKey.set(key, (set = new Set()));
          set.add(groupIndex);
        }
      }
    });
  }

  /** Ways a word is looked up: as folded, and by its stem in each language. */
  private keysOf(word: Word): string[] {
    return [`=${word.folded}`, ...LANGS.filter((lang) => !isStopWord(word, lang)).map((lang) => `${lang}:${stemWord(word.folded, lang)}`)];
  }

  /** The other words of every group the word belongs to. */
  synonymsOf(word: Word): Word[] {
    const groups = new Set<number>();
    for (const key of this.keysOf(word)) for (const group of this.byKey.get(key) ?? []) groups.add(group);
    const found = new Map<string, Word>();
    for (const group of groups) {
      for (const synonym of this.groupWords[group]) {
        if (synonym.folded !== word.folded && found.size < MAX_SYNONYMS) found.set(synonym.folded, synonym);
      }
    }
    return [...found.values()];
  }
}
