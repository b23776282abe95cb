// lazySchema and lazyRoute (src/api/define.ts) stand for schemas built on first use. They must
// behave exactly like the schemas they build: these tests compare each with its eager twin.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lazyRoute, lazySchema } from '../../src/api/define.js';

let nextId = 0;
/** A fresh registry id per call: `.meta({ id })` ids are global to zod's registry. */
const uid = (name: string) => `${name}${++nextId}`;

function twins() {
  const tagId = uid('Tag');
  const itemId = uid('Item');
  const build = (tag: z.ZodType, count: z.ZodType) =>
    z
      .object({
        id: z.string().regex(/^it_[0-9]+$/, 'must be an item id'),
        count,
        tags: z.array(tag),
        link: z.discriminatedUnion('type', [
          z.object({ type: z.literal('none') }),
          z.object({ type: z.literal('url'), href: z.string() }),
        ]),
        note: z.string().nullable(),
      })
      .meta({ id: itemId, description: 'An item' });
  const eagerTag = z.enum(['a', 'b']).meta({ id: `${tagId}Eager` });
  const count = () => z.number().int().min(0).default(1);
  const eager = build(eagerTag, count());
  let builds = 0;
  const lazyTag = lazySchema(() => z.enum(['a', 'b']).meta({ id: tagId }));
  const lazy = lazySchema(() => {
    builds++;
    return build(lazyTag, lazySchema(count)).meta({ id: `${itemId}Lazy`, description: 'An item' });
  });
  return { eager, lazy, builds: () => builds, tagId, itemId };
}

const good = { id: 'it_1', tags: ['a'], link: { type: 'url', href: 'https://x' }, note: null };
const bad = { id: 'nope', count: -1, tags: ['c'], link: { type: 'url' }, note: 3 };

describe('lazySchema', () => {
  it('builds on first use, once', () => {
    const { lazy, builds } = twins();
    expect(builds()).toBe(0);
    expect(lazy.safeParse(good).success).toBe(true);
    lazy.parse(good);
    expect(lazy.shape.id).toBeDefined();
    expect(builds()).toBe(1);
  });

  it('parses and refuses exactly as the eager schema, with and without zod’s compiled parser', () => {
    const { eager, lazy } = twins();
    for (const jitless of [true, false]) {
      for (const input of [good, bad, null, {}]) {
        const a = eager.safeParse(input, { jitless });
        const b = lazy.safeParse(input, { jitless });
        expect(b.success).toBe(a.success);
        if (a.success && b.success) expect(b.data).toEqual(a.data);
        if (!a.success && !b.success) expect(b.error.issues).toEqual(a.error.issues);
      }
    }
  });

  it('is a schema of its class, with its methods, shape and metadata', () => {
    const { lazy, itemId } = twins();
    expect(lazy).toBeInstanceOf(z.ZodObject);
    expect(lazy).toBeInstanceOf(z.ZodType);
    expect(Object.keys(lazy.shape)).toEqual(['id', 'count', 'tags', 'link', 'note']);
    expect(lazy.meta()).toEqual({ id: `${itemId}Lazy`, description: 'An item' });
    expect(lazy.description).toBe('An item');
    const extended = lazy.extend({ extra: z.boolean() });
    expect(extended.safeParse({ ...good, extra: true }).success).toBe(true);
    expect(lazy.omit({ note: true }).safeParse({ ...good, note: undefined }).success).toBe(true);
    expect(lazy.optional().safeParse(undefined).success).toBe(true);
    expect(z.array(lazy).safeParse([good, good]).success).toBe(true);
    expect(z.object({ item: lazy }).safeParse({ item: bad }).success).toBe(false);
  });

  it('gives the same JSON Schema, its metadata id naming it', () => {
    const { eager, lazy, tagId, itemId } = twins();
    const rename = (json: unknown, from: string, to: string) =>
      JSON.parse(JSON.stringify(json).replaceAll(`"${from}"`, `"${to}"`).replaceAll(`/${from}"`, `/${to}"`));
    for (const io of ['input', 'output'] as const) {
      const expected = z.toJSONSchema(z.object({ items: z.array(eager) }), { io });
      const actual = z.toJSONSchema(z.object({ items: z.array(lazy) }), { io });
      const named = rename(rename(actual, `${itemId}Lazy`, itemId), tagId, `${tagId}Eager`);
      expect(named).toEqual(expected);
    }
  });

  it('says so when its build reads it (a recursive schema needs z.lazy)', () => {
    const self: z.ZodType = lazySchema(() => z.object({ next: self.optional() }));
    expect(() => self.safeParse({})).toThrow(/read while it was built/);
  });
});

describe('lazyRoute', () => {
  it('builds each schema on its first read, and then reads as plain data', () => {
    const built: string[] = [];
    const route = lazyRoute(
      { name: 'getThing', method: 'GET', path: '/v1/things/:id', summary: 'One thing', tag: 't', permissions: [] },
      {
        params: () => {
          built.push('params');
          return z.strictObject({ id: z.string() });
        },
        response: () => {
          built.push('response');
          return z.object({ id: z.string() });
        },
      },
    );
    expect(route.path).toBe('/v1/things/:id');
    expect(built).toEqual([]);
    expect(route.response.safeParse({ id: 'x' }).success).toBe(true);
    expect(route.response.safeParse({ id: 'y' }).success).toBe(true);
    expect(built).toEqual(['response']);
    expect(route.params?.safeParse({ id: 'x' }).success).toBe(true);
    expect(built).toEqual(['response', 'params']);
    expect('query' in route).toBe(false);
    expect('body' in route).toBe(false);
    expect(Object.keys(route).sort()).toEqual(
      ['method', 'name', 'params', 'path', 'permissions', 'response', 'summary', 'tag'].sort(),
    );
    expect(Object.getOwnPropertyDescriptor(route, 'response')).toMatchObject({ writable: true });
  });
});
