// An import's memory must not grow with its file. The importer's own state per row is a few bytes
// (src/bulk/plan.ts), but V8 sizes its heap for speed: during a long, allocation-heavy run it grows
// the young generation (the nursery) by tens of MiB and lets the old generation fill further
// before collecting, so a million-row import would end up holding some 100 MB more than a
// ten-thousand-row one for nothing. Both are settled when the V8 heap is created, so the import
// re-executes itself with both fixed (16 MiB semi-spaces from the start; the old generation grows
// by half, not V8's up-to-fourfold, before the next full collection): the same process (pid, stdio,
// signals), before it has read anything. bench/RESULTS.md ("Import") has the figures. The nursery
// is a constant, paid alike at ten thousand rows and at a million: 16 MiB semi-spaces peak 5 to
// 9 MiB higher than 8 MiB ones and scavenge half as often, which took about a tenth off a
// request-per-row import's CPU (which shares the machine with a local portal); 2 MiB ones save
// 10 MiB more than 8 but cost another 4% of rows/s; --optimize-for-size costs some 15%.

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
