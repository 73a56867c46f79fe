/**
 * Guesses whether a customer wrote German or English, for a ticket that came in by mail
 * from someone without an earlier ticket. Tierzero speaks only these two, so a count of
 * frequent function words is enough and more reliable on short mails than a general
 * language detector. Pure; English wins a tie (the portal's default language).
 */
import type { Lang } from '../../languages.ts';

const GERMAN = new Set(
  'und ich nicht die der das ist ein eine einen mit auf für sie wir es zu den dem von bei im ist sind habe hat haben kann können bitte danke vielen dank geht mein meine meinen wenn aber auch noch wie was wird werden sehr guten tag hallo leider funktioniert über oder nach mir mich uns ihr ihre ihnen schon'.split(' '),
);
const ENGLISH = new Set(
  'and i not the is a an with on for you we it to of at in are have has can could please thanks thank my me if but also still how what will be very good hello hi dear unfortunately does doesn work works working or after our your this that there'.split(' '),
);

/** 'de' when the text has clearly more German than English function words, else 'en'. */
export function detectLanguage(text: string): Lang {
  let german = 0;
  let english = 0;
  for (const word of text.toLowerCase().match(/[\p{L}']+/gu) ?? []) {
    if (GERMAN.has(word)) german++;
    if (ENGLISH.has(word)) english++;
  }
  if (/[äöüß]/i.test(text)) german += 2;
  return german > english ? 'de' : 'en';
}
