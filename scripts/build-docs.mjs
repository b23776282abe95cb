// dist/docs/index.html: the API reference page `portalctl server` serves at /docs, made from the
// committed openapi.json by Redocly (build-docs, scripts inlined: the page loads nothing from
// elsewhere). Made at build time, and kept in node_modules/.cache by the document's hash, so a build
// with an unchanged openapi.json costs nothing.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

export async function buildDocs(root) {
  const require = createRequire(path.join(root, 'package.json'));
  const cliPackage = require.resolve('@redocly/cli/package.json');
  const { version } = JSON.parse(await readFile(cliPackage, 'utf8'));
  const document = await readFile(path.join(root, 'openapi.json'));
  const hash = createHash('sha256').update(`${version}\n`).update(document).digest('hex').slice(0, 16);
  const cached = path.join(root, 'node_modules', '.cache', 'portalctl', `docs-${hash}.html`);
  if (!existsSync(cached)) {
    await mkdir(path.dirname(cached), { recursive: true });
    await promisify(execFile)(
      process.execPath,
      [
        path.join(path.dirname(cliPackage), 'bin', 'cli.js'),
        'build-docs',
        'openapi.json',
        '--inlineBundle',
        '--title',
        'Jobs Portal API reference',
        '--output',
        cached,
      ],
      { cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    );
  }
  await mkdir(path.join(root, 'dist', 'docs'), { recursive: true });
  await copyFile(cached, path.join(root, 'dist', 'docs', 'index.html'));
}
