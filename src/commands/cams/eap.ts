// `portalctl cams eap`: a linked client's Employment Action Plan, as CaMS holds it (read-only).
import { defineCommand } from '../../command/define.js';
import { clientArg } from '../../command/shared-options.js';
import { CliError } from '../../errors.js';
import { resolveClient } from '../../io/resolve.js';
import { clientName } from '../../io/views/client.js';
import { goalView, outcomeView, planItemView, subGoalView } from '../../io/views/eap.js';

export default defineCommand({
  path: ['cams', 'eap'],
  summary: "Show a linked client's CaMS Employment Action Plan",
  description:
    "Show a client's Employment Action Plan from CaMS, read-only: the case (reference number, status, program, office, CaMS caseworker), employment goals, outcomes, sub-goals and plan items. The client must be linked to CaMS (portalctl cams link). --json prints the plan as the portal gives it.",
  options: {
    client: clientArg(),
  },
  examples: [
    'portalctl cams eap mary.obrien@example.org',
    'portalctl cams eap cl_01jq3v4w5x6y7z --json',
    'portalctl cams eap cl_01jq3v4w5x6y7z --json | jq \'.planItems[] | select(.status == "in-progress")\'',
  ],
  async run(options, deps) {
    const client = await resolveClient(deps, options.client, {
      message: 'Whose Employment Action Plan? (type a name or email)',
    });
    const who = `${clientName(client)} (${client.id})`;
    if (client.link.type !== 'cams') {
      throw new CliError('conflict', `${who} is not linked to CaMS: the Employment Action Plan comes from CaMS`, {
        hint: `link them to their CaMS record first: portalctl cams link ${client.id} CLIENT_REFERENCE_NUMBER (portalctl cams lookup finds it)`,
        details: { code: 'not-linked' },
      });
    }
    const api = await deps.api();
    const plan = await api.call('getCamsEap', { params: { id: client.id } });
    if (deps.out.format === 'json' || deps.out.format === 'ndjson') {
      deps.out.value(plan);
      return;
    }
    const c = plan.case;
    const since =
      c.status === 'open' ? `open since ${c.openedOn}` : `closed ${c.closedOn ?? ''} (opened ${c.openedOn})`;
    await deps.out.prose(`Employment Action Plan of ${who}, CaMS client ${plan.clientReferenceNumber}`);
    await deps.out.prose(
      `Case ${c.caseReferenceNumber}: ${since}; ${c.program}, ${c.office}; CaMS caseworker ${c.caseworker}`,
    );
    await deps.out.prose(`Last changed in CaMS ${deps.out.time(plan.updatedAt)}`);
    const section = async <T>(title: string, view: Parameters<typeof deps.out.list<T>>[0], items: T[]) => {
      deps.out.line('');
      deps.out.line(`${title} (${items.length})`);
      if (items.length > 0) await deps.out.list(view, items);
    };
    await section('Employment goals', goalView, plan.employmentGoals);
    await section('Outcomes', outcomeView, plan.outcomes);
    await section('Sub-goals', subGoalView, plan.subGoals);
    await section('Plan items', planItemView, plan.planItems);
  },
});
