// An import's memory must not grow with its file. The importer's own state per row is a few bytes
// (src/bulk/plan.ts), but V8 grows its young generation (the nursery) by tens of MiB
// during any long, allocation-heavy run, so a million-row import would
// end up holding some 100 MB more than a ten-thousand-row one for nothing. The nursery's bound is
// fixed when the V8 heap is created, so the import re-executes itself with the flag: the same
// process (pid, stdio, signals), before it has read anything. bench/RESULTS.md ("Import") has the
// figures: with 2 MiB semi-spaces the send rate is unchanged.

export const NURSERY_FLAG = '--max-semi-space-size=2';

/**
 * Re-executes the CLI with V8's young generation bounded, unless the user or the environment has
 * set it already, the platform has no execve (Windows), or this is not the portalctl launcher.
 * Returns only when it does nothing.
 */
export function boundNursery(debug: (line: string) => void): void {
  if (typeof process.execve !== 'function') return;
  const launcher = process.argv[1];
  if (!launcher || !/portalctl(\.js)?$/.test(launcher)) return;
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => /--max-semi-space-size/.test(arg));
  if (given) return;
  debug(`re-running with node ${NURSERY_FLAG} (bounded memory for the import)`);
  process.execve(process.execPath, [process.execPath, NURSERY_FLAG, ...process.execArgv, ...process.argv.slice(1)]);
}
