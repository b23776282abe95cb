// The layers a newcomer reads the code by: the API contract is shared by the CLI and the server
// and depends on neither; the server does not depend on the CLI.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../../src');
const NEUTRAL = new Set(['version.ts', 'platform-dirs.ts', 'time.ts']);

/** Every file of src/ a module under `dir` imports (statically or lazily), relative to src/. */
function importsOf(dir: string): Array<{ file: string; target: string }> {
  const found: Array<{ file: string; target: string }> = [];
  for (const entry of readdirSync(path.join(src, dir), { recursive: true })) {
    const file = path.join(dir, String(entry));
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(path.join(src, file), 'utf8');
    for (const match of text.matchAll(/(?:from\s+|import\(\s*)'(\.{1,2}\/[^']+)'/g)) {
      const target = path.relative(src, path.resolve(src, path.dirname(file), match[1]!)).replace(/\.js$/, '.ts');
      found.push({ file, target: target.split(path.sep).join('/') });
    }
  }
  return found;
}

const layer = (target: string) => (NEUTRAL.has(target) ? 'neutral' : target.split('/')[0]!);

describe('layers', () => {
  it('the contract imports only itself', () => {
    const outside = importsOf('contract').filter(({ target }) => !['contract', 'neutral'].includes(layer(target)));
    expect(outside).toEqual([]);
  });

  it('the server imports only itself and the contract', () => {
    const outside = importsOf('server').filter(
      ({ target }) => !['server', 'contract', 'neutral'].includes(layer(target)),
    );
    expect(outside).toEqual([]);
  });

  it('the modules both sides share (version, platform directories, times) import none of src/', () => {
    for (const file of NEUTRAL) {
      const text = readFileSync(path.join(src, file), 'utf8');
      expect(text, file).not.toMatch(/(?:from\s+|import\(\s*)'\.{1,2}\//);
    }
  });

  it('test-only routes are not in the contract', () => {
    const text = readFileSync(path.join(src, 'contract/routes.ts'), 'utf8');
    expect(text).not.toContain('/v1/_test/');
  });
});
