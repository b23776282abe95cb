// Bundles src/ into dist/ with code splitting, so each command loads only the modules it uses.
import { readFile, rm } from 'node:fs/promises';
import { build } from 'esbuild';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: {
    cli: 'src/cli.ts',
    'scripts/openapi': 'src/api/openapi-cli.ts',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  legalComments: 'none',
  // Fastify resolves plugins and workers at run time; it stays a normal dependency, loaded only by `server`.
  external: ['fastify', 'autocannon'],
  banner: {
    js: "import { createRequire as __portalctlCreateRequire } from 'node:module'; const require = __portalctlCreateRequire(import.meta.url);",
  },
  define: { __PORTALCTL_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
