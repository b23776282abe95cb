import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Test files share their worker's loaded modules instead of each importing the CLI, the server
    // and the contract afresh: that import was most of the CPU time of the in-process tests. Tests
    // set no globals and mock no modules; each file starts its own portal.
    isolate: false,
    // At least two files at a time: vitest's default (one fewer than the cores) is a single worker
    // on a 2-core machine, where the end-to-end files mostly wait on child processes. Measured on
    // 2 cores: 169 s with one worker, 102 s with two (same tree, quiet machine).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
