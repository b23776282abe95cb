import { describe, expect, it } from 'vitest';
import { IdempotencyKeySchema } from '../../src/command/shared-options.js';
import { BatchCreateSchema, ClientCreateSchema, isValidIdempotencyKey } from '../../src/contract/schemas.js';

// One rule for an Idempotency-Key: the server's header check, a batch item's key and --idempotency-key.
describe('the Idempotency-Key rule', () => {
  const client = ClientCreateSchema().parse({
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.org',
    dateOfBirth: '1990-01-01',
  });
  for (const [length, valid] of [
    [7, false],
    [8, true],
    [200, true],
    [201, false],
  ] as const) {
    it(`${length} characters: ${valid ? 'accepted' : 'refused'} everywhere`, () => {
      const key = 'k'.repeat(length);
      expect(isValidIdempotencyKey(key)).toBe(valid);
      expect(IdempotencyKeySchema.safeParse(key).success).toBe(valid);
      expect(BatchCreateSchema().safeParse({ items: [{ idempotencyKey: key, client }] }).success).toBe(valid);
    });
  }

  it('a flag error says the rule', () => {
    expect(IdempotencyKeySchema.safeParse('short').error?.issues[0]?.message).toBe('must be 8 to 200 characters');
  });
});
