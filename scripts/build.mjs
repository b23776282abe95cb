// Bundles src/ into dist/ with code splitting, so each command loads only the modules it uses.
import { readFile, rm } from 'node:fs/promises';
import http2 from 'node:http2';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * `import { z } from 'zod'` makes esbuild keep zod's whole namespace (every locale, the JSON
 * Schema reader...): ~600 KB more for every command that uses zod. The same namespace imported as
 * `import * as z from 'zod'` and used as `z.object(...)` is tree-shaken to what is used.
 */
const zodNamespace = {
  name: 'zod-namespace',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replaceAll("import { z } from 'zod';", "import * as z from 'zod';"), loader: 'ts' };
    });
  },
};

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

/**
 * `import fs from 'node:fs'` left in an ES module makes Node build an ES namespace for the builtin,
 * which reads every export, lazy ones included: node:process, node:fs and node:util cost several
 * ms that way (perf_hooks, worker_threads, fs/promises... load). The bundle requires builtins
 * instead (the banner's `require`), which reads nothing it does not use.
 */
const builtins = new Set(builtinModules);
const requireBuiltins = {
  name: 'require-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/0-9]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!builtins.has(name) || args.kind !== 'import-statement') return undefined;
      return { path: `node:${name}`, namespace: 'require-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'require-builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * commander imports node:child_process (for stand-alone executable subcommands, which portalctl
 * does not use): about 1 ms of modules for every command. It gets spawn() from the real module on
 * first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]lib[\\/]command\.js$/.test(args.importer)
        ? { path: 'lazy-child-process', namespace: 'lazy-child-process' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "exports.spawn = (...args) => require('node:child_process').spawn(...args);",
      loader: 'js',
    }));
  },
};

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
const result = await build({
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
  plugins: [zodNamespace, lazyHttp2, lazyChildProcess, requireBuiltins],
  banner: {
    // Not `import … from 'node:module'`: see requireBuiltins.
    js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  },
  define: { __PORTALCTL_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  metafile: true,
});

// A zod import that defeats tree-shaking brings every locale back; say so rather than be slow.
const locales = Object.values(result.metafile.outputs)
  .flatMap((output) => Object.keys(output.inputs))
  .filter((file) => /zod\/v4\/locales\/(?!en\.js)/.test(file));
if (locales.length > 0) {
  console.warn(
    `warning: dist/ holds ${locales.length} zod locales: a module imports zod in a way that defeats tree-shaking (zodNamespace rewrites only the statement \`import { z } from 'zod';\`)`,
  );
}
