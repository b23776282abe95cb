// `portalctl profiles use NAME`: makes a saved profile the current one.
import * as z from 'zod';
import { arg, defineCommand } from '../../command/define.js';
import { usageError } from '../../errors.js';

export default defineCommand({
  path: ['profiles', 'use'],
  summary: 'Make a profile the current one',
  description: 'Make a saved profile the current one: later commands use its URL and token.',
  options: { name: arg('<name>', 'profile name (see portalctl profiles list)', z.string()) },
  examples: ['portalctl profiles use staging'],
  async run(options, deps) {
    const store = await deps.profiles();
    const profile = store.get(options.name);
    if (!profile) {
      const known = store.list().map((p) => p.name);
      throw usageError(
        `there is no profile named "${options.name}"`,
        known.length ? `saved profiles: ${known.join(', ')}` : 'create one with portalctl login --profile NAME',
      );
    }
    store.setCurrent(options.name);
    deps.out.success(`Now using profile ${options.name} (${profile.url})`);
  },
});
