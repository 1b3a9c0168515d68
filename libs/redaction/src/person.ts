import type { Detector } from './types.js';
import { AMBIGUOUS_FIRST_NAMES, FIRST_NAMES } from './first-names.js';

/**
 * PERSON: given names from a curated list followed by capitalised surnames, and any capitalised words after
 * a title ("Dr.", "Herr", "Mme"), an introduction ("my name is", "je m'appelle"), a greeting ("Dear") or on
 * the line after a sign-off ("Best regards,").
 *
 * Limits, by design (see README): names written in lower case, names outside the list without a title or
 * context phrase, non-Latin scripts, and single ambiguous given names ("Will", "May") without a surname are
 * missed; capitalised non-names right after a known given name ("Maria Cafe") are over-redacted. An NLP
 * tagger would find more but costs ~20 ms per 2 KB (decision 0015), two hundred times our latency budget.
 */

const UP = 'A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĮİŁŃŇŐŒŘŚŞŠŢŤŮŰŹŻŽ';
const LOW = 'a-zß-öø-ÿāăąćčďđēęěğįıłńňőœřśşšţťůűźżž';
const WORD = `(?:[${UP}]['’])?[${UP}][${LOW}]+(?:-[${UP}][${LOW}]+)?(?:[${UP}][${LOW}]+)?`;
const PARTICLE = '(?:van|von|de|der|den|da|di|du|del|della|la|le|bin|ibn|al|el|dos|das|ten|ter|zu)';
// A chain of up to five capitalised words joined by single spaces (or a name particle). Attempts start only
// where no letter precedes, and the chain's words cannot overlap each other, so each character is read a
// bounded number of times.
const CHAIN = new RegExp(
  `(?<![${UP}${LOW}\\d_@./])${WORD}(?:[ ](?:${PARTICLE}[ ]){0,2}${WORD}){0,4}(?![${UP}${LOW}\\d_@])`,
  'g',
);
const WORD_IN_CHAIN = new RegExp(`${WORD}|${PARTICLE}`, 'g');

const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'mx',
  'miss',
  'mister',
  'dr',
  'prof',
  'professor',
  'doktor',
  'sir',
  'dame',
  'lady',
  'lord',
  'herr',
  'frau',
  'monsieur',
  'madame',
  'mme',
  'mlle',
  'mademoiselle',
  'señor',
  'señora',
  'sr',
  'sra',
  'signor',
  'signora',
  'dott',
]);
const TITLE_BEFORE = /(?:^|[^\p{L}])(?:mr|mrs|ms|mx|dr|prof|m|mme|mlle|sr|sra|hr|fr|dott)\.[ ]?$/u;
const INTRO_BEFORE =
  /(?:my name is|name is|i am|i'm|call me|this is|signed|name:|contact:|mein name ist|ich heiße|ich heisse|ich bin|je m'appelle|je m’appelle|je suis|me llamo|mi nombre es|soy|dear|hi|hello|hey|liebe|lieber|hallo|bonjour|cher|chère|estimado|estimada|hola|attn:?|c\/o|cc:?|from:|to:|by|with|von|mit|avec|par)[ ]$/;
// Introductions that name anyone capitalised; greetings and prepositions above only help a listed name.
const STRONG_INTRO =
  /(?:my name is|mein name ist|ich heiße|ich heisse|je m'appelle|je m’appelle|me llamo|mi nombre es|name:|signed|dear|liebe|lieber|cher|chère|estimado|estimada|attn:?)[ ]$/;
const SIGN_OFF =
  /(?:regards|best|thanks|thank you|cheers|sincerely|yours|greetings|grüße|gruß|grüssen|mfg|lg|cordialement|bien à vous|amitiés|saludos|atentamente|cordiali saluti)[,!.]?[ \t]*\r?\n[ \t]*$/;

// Capitalised words that start sentences or name things, never people.
const STOPWORDS = new Set(
  `the a an and or but if in on at to for of with from by as is are was be this that these those it its we
  you he she they i my our your his her their me us them please thanks thank hi hello hey dear regards best
  team all everyone customer customers support sales service sir madam colleagues friends manager admin
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july
  august september october november december today tomorrow yesterday street road avenue lane drive str
  inc ltd llc gmbh ag sa corp company bank group university hospital school city state north south east
  west new old good great no yes ok okay not also just then when where what which who why how here there
  montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz juni juli oktober dezember
  lundi mardi mercredi jeudi vendredi samedi dimanche janvier février avril mai juin juillet août
  der die das ein eine und oder mit von für bei le la les un une et ou avec pour chez el los las y
  hallo bonjour merci danke grüße api json http https url email phone note warning error`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
}

function chainWords(chain: string, offset: number): Word[] {
  const re = new RegExp(WORD_IN_CHAIN);
  const words: Word[] = [];
  for (let m = re.exec(chain); m !== null; m = re.exec(chain)) {
    words.push({
      text: m[0],
      lower: m[0].toLowerCase(),
      start: offset + m.index,
      end: offset + m.index + m[0].length,
    });
  }
  return words;
}

/** "Jean-Pierre" is a given name when "jean" is. */
const isGivenName = (lower: string): boolean =>
  FIRST_NAMES.has(lower) || FIRST_NAMES.has(lower.split('-')[0] ?? '');
const isParticle = (word: Word): boolean => word.text[0] === word.lower[0];
const isNameWord = (word: Word): boolean =>
  !isParticle(word) && !STOPWORDS.has(word.lower) && !TITLES.has(word.lower);

/** The name starting at `from`: it and the name words after it (particles only between two names). */
function nameFrom(words: Word[], from: number): readonly [number, number] | undefined {
  const first = words[from];
  if (first === undefined || !isNameWord(first)) return undefined;
  let last = from;
  for (let i = from + 1; i < words.length && i - from < 4; i++) {
    const word = words[i];
    if (word === undefined) break;
    if (isParticle(word)) continue;
    if (!isNameWord(word)) break;
    last = i;
  }
  const lastWord = words[last];
  return lastWord === undefined ? undefined : [first.start, lastWord.end];
}

/**
 * A cheap test before the context regexes: every context ends with a space after a word or a period
 * ("my name is ", "Dr. "), or a line break after a sign-off. Anything else cannot be context.
 */
function contextMayPrecede(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  if (i < 0) return false;
  const c = text.charCodeAt(i);
  if (c === 10 || c === 13) return true;
  if (i === index - 1) return false;
  const word = text.slice(Math.max(0, i - 11), i + 1).toLowerCase();
  const last = /[\p{L}'’:./]+$/u.exec(word)?.[0] ?? '';
  return CONTEXT_LAST_WORDS.has(last.replace(/[.:]$/, '')) || TITLES.has(last.replace(/\.$/, ''));
}

/** The last word of every context phrase in INTRO_BEFORE, STRONG_INTRO and TITLE_BEFORE. */
const CONTEXT_LAST_WORDS = new Set(
  `is am i'm me this signed name contact ist heiße heisse bin appelle m'appelle m’appelle suis llamo es soy dear hi
  hello hey liebe lieber hallo bonjour cher chère estimado estimada hola attn c/o cc from to by with von mit avec
  par mr mrs ms mx dr prof m mme mlle sr sra hr fr dott`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

export const personDetector: Detector = {
  type: 'PERSON',
  *find(text) {
    const chain = new RegExp(CHAIN);
    for (let m = chain.exec(text); m !== null; m = chain.exec(text)) {
      // Most chains are one capitalised word that starts a sentence: skip them before any splitting or
      // context regex unless the word is a given name or a title, or the word before could be context.
      const single = !m[0].includes(' ');
      const lower = single ? m[0].toLowerCase() : '';
      const mayHaveContext = contextMayPrecede(text, m.index);
      if (single && !mayHaveContext && !isGivenName(lower)) continue;
      const words = chainWords(m[0], m.index);
      const leadLower = mayHaveContext ? text.slice(Math.max(0, m.index - 40), m.index).toLowerCase() : '';
      const strongContext =
        mayHaveContext &&
        (TITLE_BEFORE.test(leadLower) || STRONG_INTRO.test(leadLower) || SIGN_OFF.test(leadLower));
      const weakContext = strongContext || (mayHaveContext && INTRO_BEFORE.test(leadLower));
      let found: readonly [number, number] | undefined;
      if (strongContext) found = nameFrom(words, 0);
      for (let i = 0; found === undefined && i < words.length; i++) {
        const word = words[i];
        if (word === undefined) break;
        if (TITLES.has(word.lower) && words[i + 1] !== undefined) {
          found = nameFrom(words, i + 1);
        } else if (isGivenName(word.lower)) {
          const next = words[i + 1];
          const hasSurname = next !== undefined && isNameWord(next) && !isGivenName(next.lower);
          const ambiguous = AMBIGUOUS_FIRST_NAMES.has(word.lower);
          if (!ambiguous || hasSurname || (i === 0 && weakContext)) found = nameFrom(words, i);
        }
      }
      if (found !== undefined) yield found;
    }
  },
};
