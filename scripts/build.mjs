// Bundles src/ into dist/ with code splitting, so each command loads only the modules it uses.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildDocs } from './build-docs.mjs';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const root = fileURLToPath(new URL('..', import.meta.url));

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

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
const result = await build({
  entryPoints: {
    cli: 'src/cli.ts',
    // The built-in local portal kept running between commands (src/config/local-portal.ts).
    'local-portal-daemon': 'src/config/local-portal-daemon.ts',
    'scripts/openapi': 'src/contract/openapi-cli.ts',
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
    // For the CommonJS packages bundled into these ES modules (esbuild turns their require() of a
    // builtin into a call of this). process.getBuiltinModule: an ES import of node:module would
    // have Node read all its exports.
    js: "const require = globalThis.process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  },
  define: {
    __PORTALCTL_VERSION__: JSON.stringify(pkg.version),
  },
  logLevel: 'warning',
  metafile: true,
});

// `import { z } from 'zod'` makes esbuild keep zod's whole namespace (every locale, the JSON
// Schema reader...): ~600 KB more for every command that uses zod. Sources import it as zod
// documents, `import * as z from 'zod'`, which is tree-shaken to what is used.
const locales = Object.values(result.metafile.outputs)
  .flatMap((output) => Object.keys(output.inputs))
  .filter((file) => /zod\/v4\/locales\/(?!en\.js)/.test(file));
if (locales.length > 0) {
  throw new Error(
    `build: dist/ holds ${locales.length} zod locales: a module imports zod in a way that defeats tree-shaking; import it as \`import * as z from 'zod'\` (or \`import type { z } from 'zod'\` for types only)`,
  );
}

await writeFile(new URL('../dist/manifest.json', import.meta.url), `${JSON.stringify(manifest)}\n`);
await buildDocs(root);
