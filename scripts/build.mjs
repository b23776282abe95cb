// Bundles src/ into dist/ with code splitting, so each command loads only the modules it uses.
import { readFile, rm } from 'node:fs/promises';
import http2 from 'node:http2';
import { build } from 'esbuild';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * undici's HTTP/2 client requires node:http2 when it loads, and node:http2 loads node:tls: ~10 ms
 * for every API command, although only an https portal that negotiates h2 uses it. This stand-in
 * gives client-h2.js the constants it reads when it loads (copied from node:http2 at build time)
 * and loads the real module on the first connect().
 */
const lazyHttp2 = {
  name: 'lazy-http2',
  setup(b) {
    b.onResolve({ filter: /^(node:)?http2$/ }, (args) =>
      /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client-h2\.js$/.test(args.importer)
        ? { path: 'lazy-http2', namespace: 'lazy-http2' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-http2' }, () => ({
      contents: [
        `exports.constants = ${JSON.stringify(http2.constants)};`,
        "exports.connect = (...args) => require('node:http2').connect(...args);",
      ].join('\n'),
      loader: 'js',
    }));
  },
};

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
  plugins: [lazyHttp2],
  banner: {
    js: "import { createRequire as __portalctlCreateRequire } from 'node:module'; const require = __portalctlCreateRequire(import.meta.url);",
  },
  define: { __PORTALCTL_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
