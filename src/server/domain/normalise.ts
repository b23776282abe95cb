// Name normalisation for the duplicate check and the client search: case-, accent-, spacing- and
// punctuation-insensitive, so "O'Brien" = "obrien", "Mary-Ann" = "mary ann", "Côté" = "cote".

// Letters that carry no combining mark under NFD but that people type without the accent.
const FOLD: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const FOLD_RE = /[øæœßłđðþı]/g;

// Printable ASCII has no accents or folded letters: lower-casing and keeping [a-z0-9] is the
// whole job, without the Unicode decomposition (most names, and the duplicate check runs on every
// create).
const PRINTABLE_ASCII_RE = /^[\x20-\x7e]*$/;
const NOT_ASCII_ALNUM_RE = /[^a-z0-9]/g;

/** Lower-case, accents stripped, folded letters, then everything but letters and digits removed. */
export function normaliseName(value: string): string {
  if (PRINTABLE_ASCII_RE.test(value)) return value.toLowerCase().replace(NOT_ASCII_ALNUM_RE, '');
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(FOLD_RE, (c) => FOLD[c] ?? c)
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The normalised words of a name, each preceded by a space (" mary ann"), so a partial query can
 * match the start of any word: "Ann" finds "Mary-Ann", "Smith" finds "Jones Smith". Words are
 * split on spaces, hyphens, dots, commas and slashes; an apostrophe joins ("O'Brien" is one word).
 */
export function nameWords(...values: Array<string | null | undefined>): string {
  const words = nameParts(...values);
  return words.length ? ` ${words.join(' ')}` : '';
}

/** The normalised words of a name, in order ("Mary-Ann O'Brien" -> mary, ann, obrien). */
export function nameParts(...values: Array<string | null | undefined>): string[] {
  const words: string[] = [];
  for (const value of values) {
    if (!value) continue;
    for (const part of value.split(/[\s\-\u2010-\u2015_.,/]+/)) {
      const word = normaliseName(part);
      if (word) words.push(word);
    }
  }
  return words;
}

/** A [first, last] pair of normalised query parts; '' leaves that part of the name open. */
export type NameSplit = readonly [first: string, last: string];

/**
 * The ways a typed name can be read as first and last name. A last name alone is a last name. A
 * full name (a first name is given) matches however its words split between first and last name,
 * in either order: "Chloe Da Silva" is Chloe + Da Silva or Chloe Da + Silva, "Da Silva Chloe" the
 * same swapped, and all its words may be one of the two ("st pierre" is St-Pierre, "mary ann" is
 * Mary-Ann), as a person types a name into one box without knowing how it was entered.
 */
export function nameSplits(firstName: string | undefined, lastName: string | undefined): NameSplit[] {
  const last = lastName ? normaliseName(lastName) : '';
  const first = firstName ? normaliseName(firstName) : '';
  if (!first) return last ? [['', last]] : [];
  const words = nameParts(firstName, lastName);
  const splits = new Map<string, NameSplit>();
  const add = (split: NameSplit) => splits.set(`${split[0]}|${split[1]}`, split);
  for (let k = 0; k <= words.length; k++) {
    const head = words.slice(0, k).join('');
    const tail = words.slice(k).join('');
    add([head, tail]);
    add([tail, head]);
  }
  return [...splits.values()];
}

/**
 * Whether a normalised query matches a name: partial matching means the query is a prefix of the
 * whole normalised name or of one of its words. A prefix (rather than any substring) keeps short
 * queries useful ("Li" finds "Li" and "Lindsay", not every name with "li" inside, like "Williams").
 */
export function nameMatches(query: string, norm: string, words: string): boolean {
  if (!query) return false;
  return norm.startsWith(query) || words.includes(` ${query}`);
}

export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}
