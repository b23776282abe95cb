import { describe, expect, it } from 'vitest';
import { prefersMinimal } from '../../src/server/app.js';

describe('prefersMinimal (RFC 7240 Prefer header)', () => {
  it.each([
    ['return=minimal', true],
    ['RETURN = "minimal"', true],
    ['respond-async, return=minimal; foo=bar', true],
    [['wait=5', 'return=minimal'], true],
    ['return=representation', false],
    ['minimal', false],
    ['return=minimalist', false],
    [undefined, false],
  ])('%j -> %s', (header, expected) => {
    expect(prefersMinimal(header)).toBe(expected);
  });
});
