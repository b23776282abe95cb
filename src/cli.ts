// The entry point (bundled to dist/cli.js, started by bin/portalctl.js): runs the command line
// in this process's world (src/run-cli.ts). The only place that sets process.exitCode, and that
// listens for signals.
import { runCli } from './run-cli.js';
import { type Interrupts, processWorld } from './world.js';

/**
 * Ctrl-C for a command that watches `deps.signal`: the first aborts it (the command stops cleanly
 * and ends with a cancelled error: exit 130), a second quits at once with 130, after the command's
 * last word (`deps.onQuit`). The handler is installed when a command first reads the signal; for
 * the others, Ctrl-C ends the process as it always has.
 */
function sigint(): Interrupts {
  let controller: AbortController | undefined;
  const lastWords = new Set<() => void>();
  const onSigint = () => {
    if (!controller!.signal.aborted) {
      controller!.abort(new Error('interrupted (Ctrl-C)'));
      return;
    }
    for (const say of lastWords) say();
    process.exit(130);
  };
  return {
    get signal() {
      if (!controller) {
        controller = new AbortController();
        process.on('SIGINT', onSigint);
      }
      return controller.signal;
    },
    onQuit(listener) {
      lastWords.add(listener);
      return () => lastWords.delete(listener);
    },
  };
}

// `portalctl … | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const argv = process.argv.slice(2);
process.exitCode = await runCli(argv, processWorld(sigint(), argv));
