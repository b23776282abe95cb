// `portalctl profiles remove NAME`: deletes a saved profile and its token.
import * as z from 'zod';
import { arg, defineCommand } from '../../command/define.js';
import { usageError } from '../../errors.js';

export default defineCommand({
  path: ['profiles', 'remove'],
  summary: 'Remove a saved profile',
  description: 'Remove a saved profile, with its token. If it was current, no profile is current afterwards.',
  options: { name: arg('<name>', 'profile name (see portalctl profiles list)', z.string()) },
  examples: ['portalctl profiles remove staging'],
  async run(options, deps) {
    const store = await deps.profiles();
    if (!store.remove(options.name)) {
      throw usageError(`there is no profile named "${options.name}"`, 'see portalctl profiles list');
    }
    deps.out.success(`Removed profile ${options.name}`);
  },
});
