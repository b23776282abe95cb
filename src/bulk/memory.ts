// An import's memory must not grow with its file, but V8 sizes its heap for speed and would hold
// some 100 MB more at a million rows. The heap's sizes are fixed when it is created, so the import
// re-executes itself (same pid and stdio) with these flags; bench/RESULTS.md ("Import") says why these.
export const MEMORY_FLAGS = [
  '--min-semi-space-size=16',
  '--max-semi-space-size=16',
  '--heap-growing-percent=50',
] as const;

/**
 * Re-executes the CLI with MEMORY_FLAGS, unless the user or the environment sets the nursery's
 * size already (NODE_OPTIONS or node's own flags), the platform has no execve (Windows), or this
 * is not the portalctl launcher. Returns only when it does nothing.
 */
export function boundMemory(debug: (line: string) => void): void {
  if (typeof process.execve !== 'function') return;
  const launcher = process.argv[1];
  if (!launcher || !/portalctl(\.js)?$/.test(launcher)) return;
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => /--max-semi-space-size/.test(arg));
  if (given) return;
  debug(`re-running with node ${MEMORY_FLAGS.join(' ')} (bounded memory for the import)`);
  process.execve(process.execPath, [process.execPath, ...MEMORY_FLAGS, ...process.execArgv, ...process.argv.slice(1)]);
}
