// `portalctl outbox show`: one message the portal sent, in full (headers and text), as a person
// reads an email; --json prints the API object.
import * as z from 'zod';
import { arg, defineCommand } from '../../command/define.js';
import { messageAsText, outboxMessageView } from '../../io/views/outbox.js';

export default defineCommand({
  path: ['outbox', 'show'],
  summary: 'Show one message the portal sent, in full',
  description:
    'Show one message the portal sent, in full: to, kind, subject, time, the link and the text of the email. You can read the messages your permissions cover, as with outbox list.',
  options: {
    id: arg(
      '<id>',
      'message id (ob_…), from portalctl outbox list',
      z
        .string()
        .trim()
        .regex(/^ob_[0-9a-z]+$/i, 'a message id starts with ob_ (see portalctl outbox list)'),
    ),
  },
  examples: [
    'portalctl outbox show ob_0mx7djbqn000054941064',
    'portalctl outbox list --to ada@example.org --limit 1 -q | xargs portalctl outbox show',
    'portalctl outbox show ob_0mx7djbqn000054941064 --json',
  ],
  async run(options, deps) {
    deps.out.check(outboxMessageView);
    const api = await deps.api();
    const message = await api.call('getOutboxMessage', { params: { id: options.id.toLowerCase() } });
    if (deps.out.format === 'table' && !deps.out.quiet) deps.out.line(messageAsText(message));
    else await deps.out.one(outboxMessageView, message);
  },
});
