// Messages about values are the project's sentences, never the check library's wording.

import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { issueSentence, issueText } from '../../src/io/issue-text.js';

function firstIssue(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a refusal');
  return parsed.error.issues[0]!;
}

const say = (subject: string, schema: z.ZodType, value: unknown) =>
  issueSentence(subject, firstIssue(schema, value), schema);

describe('issueSentence', () => {
  it('tells a number its whole range', () => {
    const limit = z.coerce.number().int().min(1).max(500).default(50);
    expect(say('--limit', limit, 'lots')).toBe('--limit must be a whole number from 1 to 500');
    expect(say('--limit', limit, '0')).toBe('--limit must be a whole number from 1 to 500');
    expect(say('--limit', limit, '501')).toBe('--limit must be a whole number from 1 to 500');
    expect(say('--rate', z.coerce.number().min(0), 'x')).toBe('--rate must be a number of at least 0');
  });

  it('names lengths, formats and choices in words', () => {
    expect(say('--first-name', z.string().max(100), 'a'.repeat(101))).toBe(
      '--first-name is longer than 100 characters',
    );
    expect(say('--last-name', z.string().min(1), '')).toBe('--last-name must not be empty');
    expect(say('--email', z.email(), 'nope')).toBe('--email must be an email address');
    expect(say('--sort', z.enum(['newest', 'oldest']), 'name')).toBe('--sort must be one of: newest, oldest');
    expect(say('--jobs', z.array(z.string()).min(1), [])).toBe('--jobs needs at least 1 item');
    expect(say('row', z.strictObject({ a: z.string() }), { a: 'x', b: 1 })).toBe('row has unknown field b');
  });

  it('keeps a message written for the field as it is', () => {
    expect(say('--phone', z.string().regex(/^\d+$/, 'must be a phone number like 416-555-0123'), 'x')).toBe(
      '--phone must be a phone number like 416-555-0123',
    );
    const rule = z.string().refine(() => false, { message: '"mary ann": give the name as words, not both' });
    expect(say('<name>', rule, 'mary ann')).toBe('<name>: "mary ann": give the name as words, not both');
  });

  it('never passes the library wording through', () => {
    const schemas: [z.ZodType, unknown][] = [
      [z.number(), 'x'],
      [z.boolean(), 'x'],
      [z.string(), 1],
      [z.array(z.string()), 'x'],
      [z.object({}), 'x'],
      [z.string().length(3), 'abcd'],
      [z.number().multipleOf(5), 3],
      [z.union([z.number(), z.boolean()]), 'x'],
      [z.iso.date(), '14/03/1988'],
      [z.url(), 'nope'],
      [z.literal('a'), 'b'],
    ];
    for (const [schema, value] of schemas) {
      const text = issueText(firstIssue(schema, value), schema);
      expect(text, JSON.stringify(value)).toMatch(/^[a-z]/);
      expect(text).not.toMatch(/Invalid|Too (big|small)|expected|received/);
    }
  });
});
