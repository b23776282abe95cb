// The entry point (bundled to dist/cli.js, started by bin/portalctl.js): runs the command line
// in this process's world (src/run-cli.ts). The only place that sets process.exitCode.
import { runCli } from './run-cli.js';

// `portalctl … | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2));
