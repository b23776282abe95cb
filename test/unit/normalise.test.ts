import { describe, expect, it } from 'vitest';
import {
  nameMatches,
  nameSplits,
  nameWords,
  normaliseEmail,
  normaliseName,
} from '../../src/server/domain/normalise.js';

describe('normaliseName', () => {
  it('ignores case, accents, spacing and punctuation', () => {
    expect(normaliseName("O'Brien")).toBe('obrien');
    expect(normaliseName('OBRIEN')).toBe('obrien');
    expect(normaliseName('Mary-Ann')).toBe('maryann');
    expect(normaliseName('mary ann')).toBe(normaliseName('Mary-Ann'));
    expect(normaliseName('  Côté ')).toBe('cote');
    expect(normaliseName('Zoë Lévesque')).toBe('zoelevesque');
    expect(normaliseName('St. Pierre')).toBe(normaliseName('St-Pierre'));
    expect(normaliseName('Nguyễn')).toBe('nguyen');
    expect(normaliseName('O’Brien')).toBe('obrien');
  });

  it('folds letters that have no combining accent', () => {
    expect(normaliseName('Søren Łukasz')).toBe('sorenlukasz');
    expect(normaliseName('Straße')).toBe('strasse');
  });

  it('keeps letters of other scripts and digits', () => {
    expect(normaliseName('李 小龙')).toBe('李小龙');
    expect(normaliseName('Smith 2nd')).toBe('smith2nd');
  });

  it('treats every printable ASCII character as the Unicode rules do', () => {
    // ASCII names take a shorter path; the same name with one accented letter takes the full one.
    for (let code = 0x20; code <= 0x7e; code++) {
      const c = String.fromCharCode(code);
      const expected = /[A-Za-z0-9]/.test(c) ? c.toLowerCase() : '';
      expect(normaliseName(`x${c}y`), JSON.stringify(c)).toBe(`x${expected}y`);
      expect(normaliseName(`é${c}y`), JSON.stringify(c)).toBe(`e${expected}y`);
    }
  });

  it('is empty for punctuation only', () => {
    expect(normaliseName("-- ' .")).toBe('');
  });
});

describe('nameWords and nameMatches', () => {
  it('splits on spaces and hyphens, not apostrophes', () => {
    expect(nameWords('Mary-Ann')).toBe(' mary ann');
    expect(nameWords("O'Brien")).toBe(' obrien');
    expect(nameWords('Jean-Luc', 'JL')).toBe(' jean luc jl');
    expect(nameWords('', null)).toBe('');
  });

  it('matches a prefix of the whole name or of one of its words', () => {
    const words = nameWords('Jones-Smith');
    const norm = normaliseName('Jones-Smith');
    expect(nameMatches(normaliseName('Jones'), norm, words)).toBe(true);
    expect(nameMatches(normaliseName('jones smi'), norm, words)).toBe(true);
    expect(nameMatches(normaliseName('Smith'), norm, words)).toBe(true);
    expect(nameMatches(normaliseName('mith'), norm, words)).toBe(false);
    expect(nameMatches('', norm, words)).toBe(false);
  });
});

describe('nameSplits', () => {
  it('reads a last name alone as a last name', () => {
    expect(nameSplits(undefined, 'Da Silva')).toEqual([['', 'dasilva']]);
    expect(nameSplits('  ', "O'Brien")).toEqual([['', 'obrien']]);
    expect(nameSplits(undefined, undefined)).toEqual([]);
  });

  it('reads a full name every way its words split between first and last name, in either order', () => {
    expect(nameSplits('Chloé', 'Da Silva')).toEqual(
      expect.arrayContaining([
        ['chloe', 'dasilva'],
        ['chloeda', 'silva'],
        ['dasilva', 'chloe'],
        ['silva', 'chloeda'],
        ['', 'chloedasilva'],
        ['chloedasilva', ''],
      ]),
    );
    expect(nameSplits('Mary', 'Ann')).toHaveLength(4);
  });
});

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Mary.OBrien@Example.ORG ')).toBe('mary.obrien@example.org');
  });
});
