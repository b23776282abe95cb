#!/usr/bin/env node
// Launcher: checks the runtime, enables the compile cache, then loads the bundled entry.
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(
    `error: portalctl needs Node.js 22.13 or newer (this is ${process.version}).\n` +
      'hint: run it through npx (npx portalctl ...) so the Node.js in devDependencies is used, or install a current Node.js.\n',
  );
  process.exit(1);
}

// node:sqlite is stable in behaviour but still flagged experimental; its one-line warning is noise to users.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  const text = typeof warning === 'string' ? warning : warning?.message;
  if (typeof text === 'string' && text.includes('SQLite')) return;
  return emitWarning.call(process, warning, ...rest);
};

module.enableCompileCache?.();
await import('../dist/cli.js');
