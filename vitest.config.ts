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
  },
});
