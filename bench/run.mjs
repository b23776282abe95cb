// `npm run bench`: every benchmark in turn (the build has already run). Extra arguments such as
// --smoke are passed on.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

for (const script of ['server.mjs', 'startup.mjs', 'import.mjs']) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  process.stderr.write(`\n== bench/${script}\n`);
  const { status } = spawnSync(process.execPath, [path, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
