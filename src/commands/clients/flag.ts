// `portalctl clients flag CLIENT --reason TEXT`: the form of `clients flag add` from before flags
// could be removed, kept so that scripts written for it keep working.
import { defineCommand } from '../../command/define.js';
import { flagAddOptions, runFlagAdd } from './flag/add.js';

export default defineCommand({
  path: ['clients', 'flag'],
  summary: 'Add or remove safety flags (clients flag add|remove)',
  description:
    "Safety flags on a client's file. Commands: clients flag add (add one, with its reason), clients flag remove (remove one, with the reason: it is kept, with its removal), and clients flags list. Given a client, clients flag CLIENT --reason TEXT adds a flag exactly as clients flag add does: that older form keeps working.",
  options: flagAddOptions,
  examples: [
    'portalctl clients flag add ada@example.org --reason "Meet in pairs only"',
    'portalctl clients flag remove ada@example.org sf_01jq3v4w5x6y7z --reason "Resolved at the case review"',
    'portalctl clients flags list ada@example.org --status all',
    'portalctl clients flag ada@example.org --reason "Meet in pairs only"   # the older form of flag add',
  ],
  run: runFlagAdd,
});
