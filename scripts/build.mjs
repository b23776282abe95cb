// Bundles src/ into dist/ with code splitting, so each command loads only the modules it uses.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * dist/'s src/api/response-parsers.ts: zod's compiled check of each route's response schema (see
 * scripts/response-parsers.mjs), generated from the contract as it is now, at every build.
 */
async function generateResponseParsers() {
  const generator = await build({
    stdin: {
      contents: [
        "import { compileFn } from 'zod/v4/core';",
        "import { routes } from './src/api/routes.ts';",
        "import { responseParsersSource } from './scripts/response-parsers.mjs';",
        'export default responseParsersSource(routes, compileFn);',
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'generate-response-parsers.ts',
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'warning',
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'portalctl-build-'));
  try {
    const file = path.join(dir, 'generate-response-parsers.mjs');
    await writeFile(file, generator.outputFiles[0].text);
    return (await import(pathToFileURL(file).href)).default;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
const responseParsers = await generateResponseParsers();

/**
 * dist/manifest.json: every command's words, summary and flags, read from the commands'
 * declarations (src/command/define.ts), so that help and completion load no command module. The
 * build fails on a declaration that does not hold together (checkDefinition).
 */
async function generateManifest() {
  const { readdir } = await import('node:fs/promises');
  const files = (await readdir(path.join(root, 'src/commands'), { recursive: true }))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `./src/commands/${file.split(path.sep).join('/')}`)
    .sort();
  const generator = await build({
    stdin: {
      contents: [
        "import { checkDefinition, manifestEntry } from './src/command/define.ts';",
        ...files.map((file, i) => `import * as m${i} from '${file}';`),
        `const modules = [${files.map((_, i) => `m${i}`).join(', ')}];`,
        'const definitions = modules.map((m) => m.default).filter(Boolean);',
        'export const problems = definitions.flatMap(checkDefinition);',
        'export const manifest = definitions.map(manifestEntry);',
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'generate-manifest.ts',
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    external: ['fastify', 'autocannon'],
    write: false,
    logLevel: 'warning',
    define: { __PORTALCTL_VERSION__: JSON.stringify(pkg.version) },
  });
  const dir = await mkdtemp(path.join(root, 'node_modules', '.portalctl-build-'));
  try {
    const file = path.join(dir, 'generate-manifest.mjs');
    await writeFile(file, generator.outputFiles[0].text);
    const { problems, manifest } = await import(pathToFileURL(file).href);
    if (problems.length > 0) throw new Error(`build: command declarations:\n  ${problems.join('\n  ')}`);
    return manifest;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
const manifest = await generateManifest();

/**
 * Two rewrites of import statements as files are bundled (sources keep the usual imports):
 *
 * - `import { z } from 'zod'` makes esbuild keep zod's whole namespace (every locale, the JSON
 *   Schema reader...): ~600 KB more for every command that uses zod. The same namespace imported
 *   as `import * as z from 'zod'` and used as `z.object(...)` is tree-shaken to what is used.
 * - An ES import of a builtin left in dist/ (`import fs from 'node:fs'`) makes Node build an ES
 *   namespace for it, reading every export, lazy ones included: node:process, node:fs and
 *   node:util cost several ms that way (perf_hooks, worker_threads, fs/promises, stdin...). As
 *   `const fs = require('node:fs')` (the banner's require) nothing is read until used. Imports of
 *   builtins come first in a module, so evaluation order is the same.
 */
const builtins = new Set(builtinModules);
const BUILTIN_IMPORT =
  /^import\s+(?:([\w$]+)\s*,\s*)?(?:\*\s*as\s+([\w$]+)|\{([^}]*)\}|([\w$]+))\s*from\s*(['"])([\w:/]+)\5;?/gm;
const BARE_BUILTIN_IMPORT = /^import\s*(['"])([\w:/]+)\1;?/gm;

function builtinId(specifier) {
  const name = specifier.replace(/^node:/, '');
  return builtins.has(name) ? `node:${name}` : undefined;
}

function requireBuiltins(source) {
  return source
    .replace(BUILTIN_IMPORT, (statement, first, namespace, named, only, _quote, specifier) => {
      const id = builtinId(specifier);
      if (!id) return statement;
      const module = `require(${JSON.stringify(id)})`;
      const whole = first ?? namespace ?? only;
      const lines = whole ? [`const ${whole} = ${module};`] : [];
      if (first && namespace) lines.push(`const ${namespace} = ${first};`);
      const props = [];
      for (const spec of (named ?? '').split(',').map((s) => s.trim())) {
        if (spec === '' || spec.startsWith('type ')) continue;
        const [imported, local = imported] = spec.split(/\s+as\s+/);
        if (imported === 'default') lines.push(`const ${local} = ${whole ?? module};`);
        else props.push(imported === local ? imported : `${imported}: ${local}`);
      }
      if (props.length > 0) lines.push(`const { ${props.join(', ')} } = ${whole ?? module};`);
      if (lines.length === 0) lines.push(`${module};`);
      // Same line count, so source maps still point at the right lines.
      return lines.join(' ') + '\n'.repeat(statement.split('\n').length - 1);
    })
    .replace(BARE_BUILTIN_IMPORT, (statement, _quote, specifier) => {
      const id = builtinId(specifier);
      return id ? `require(${JSON.stringify(id)});` : statement;
    });
}

/**
 * Parts of dependencies loaded on first use rather than with the module that needs them. Each
 * entry replaces one exact statement; the build fails if a dependency update changed it.
 */
const LAZY_REQUIRES = [
  {
    // undici's HTTP/2 client (2,000 lines, and node:http2 and node:tls with it: ~10 ms) is used
    // only when an https portal negotiates h2.
    file: /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/,
    statement: "const connectH2 = require('./client-h2.js')",
    lazy: "const connectH2 = (...args) => require('./client-h2.js')(...args)",
  },
];

function lazyRequires(path, source) {
  let contents = source;
  for (const { file, statement, lazy } of LAZY_REQUIRES) {
    if (!file.test(path)) continue;
    if (!contents.includes(statement))
      throw new Error(`build: ${path} no longer has \`${statement}\`; update LAZY_REQUIRES`);
    contents = contents.replace(statement, lazy);
  }
  return contents;
}

const sourceTransforms = {
  name: 'source-transforms',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      if (/[\\/]src[\\/]api[\\/]response-parsers\.ts$/.test(args.path))
        return { contents: responseParsers, loader: 'js' };
      const source = await readFile(args.path, 'utf8');
      const zod = source.replaceAll("import { z } from 'zod';", "import * as z from 'zod';");
      return { contents: requireBuiltins(zod), loader: 'ts' };
    });
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.m?js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = requireBuiltins(lazyRequires(args.path, source));
      return contents === source ? undefined : { contents, loader: 'js' };
    });
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
  plugins: [sourceTransforms, lazyChildProcess],
  banner: {
    // Not `import … from 'node:module'`: see sourceTransforms. globalThis.process: a bundled
    // module's own `process` (const process = require('node:process')) may share the chunk's scope.
    js: "const require = globalThis.process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  },
  define: {
    __PORTALCTL_VERSION__: JSON.stringify(pkg.version),
    // undici's own bundling flag (Node.js core sets it too): leaves out its experimental "milo"
    // HTTP/1 parser (opt-in with UNDICI_USE_MILO; ~330 KB of WebAssembly in base64). The default
    // parser, llhttp, is the one used either way.
    esbuildDetection: 'true',
  },
  logLevel: 'warning',
  metafile: true,
});

// A zod import that defeats tree-shaking brings every locale back; say so rather than be slow.
const locales = Object.values(result.metafile.outputs)
  .flatMap((output) => Object.keys(output.inputs))
  .filter((file) => /zod\/v4\/locales\/(?!en\.js)/.test(file));
if (locales.length > 0) {
  console.warn(
    `warning: dist/ holds ${locales.length} zod locales: a module imports zod in a way that defeats tree-shaking (sourceTransforms rewrites only the statement \`import { z } from 'zod';\`)`,
  );
}

await writeFile(new URL('../dist/manifest.json', import.meta.url), `${JSON.stringify(manifest)}\n`);
