#!/usr/bin/env node
// Launcher: checks the runtime, enables the compile cache, then loads the bundled entry.
// Builtins come from process.getBuiltinModule rather than `import`: an ES import of a builtin has
// Node read every one of its exports, which costs start-up time (see scripts/build.mjs).

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

// V8's compiled code for dist/, kept between runs. Node's default place is one directory in /tmp
// for every user, where only its creator can add theirs. Ours: next to the package
// (node_modules/.cache, removed with it), or, when that is not writable (a global install run by
// another user), the user's cache directory. NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE
// still rule. This runs before any of dist/ is loaded (so that all of it is cached), hence its own
// line rather than src/platform-dirs.ts; only the launcher uses this cache.
const { enableCompileCache, constants } = process.getBuiltinModule('node:module');
const path = process.getBuiltinModule('node:path');
const env = process.env;
if (env.NODE_COMPILE_CACHE) {
  enableCompileCache();
} else {
  const userCache =
    process.platform === 'win32' ? env.LOCALAPPDATA : env.XDG_CACHE_HOME || (env.HOME && path.join(env.HOME, '.cache'));
  const places = [path.join(import.meta.dirname, '..', 'node_modules', '.cache', 'portalctl')];
  if (userCache) places.push(path.join(userCache, 'portalctl', 'compile-cache'));
  for (const place of places) {
    if (enableCompileCache(place).status !== constants.compileCacheStatus.FAILED) break;
  }
}

await import('../dist/cli.js');
