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
  const words: string[] = [];
  for (const value of values) {
    if (!value) continue;
    for (const part of value.split(/[\s\-\u2010-\u2015_.,/]+/)) {
      const word = normaliseName(part);
      if (word) words.push(word);
    }
  }
  return words.length ? ` ${words.join(' ')}` : '';
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
