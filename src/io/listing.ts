// What every list command shares: `--limit <n>` and `--all` after its filter flags, and a run that
// fails on a bad --fields before any request, builds the query from the filters (naming a record
// may take a lookup), then prints the pages --limit/--all ask for through the resource's view.
//
//   export const ListOptionsSchema = z.object({ status: …, ...pagingOptions });
//   register: cmd.description(…).option('--status <status>', …)…; addPagingFlags(cmd, 'user', 'users');
//   run:      await printPages(deps, userView, 'listUsers', options, async (api) => ({ status: options.status }));
import * as z from 'zod';
import type { ApiClient, ListRouteName, PageItem } from '../api/client.js';
import { flag } from '../command/define.js';
import type { Deps } from '../command/deps.js';
import type { RouteCallInput } from '../contract/define.js';
import type { Routes } from '../contract/routes.js';
import type { View } from './view.js';

/** The options of `--limit` and `--all`, to spread last into a list command's options schema. */
export const pagingOptions = {
  limit: z.coerce.number().int().min(1).default(50),
  all: z.boolean().default(false),
};

/** `--limit <n>` and `--all`, naming what is listed (`entry`, `entries`): spread last into a command's options. */
export function pagingFlags(one: string, many: string) {
  return {
    limit: flag('--limit <n>', `at most this many ${many}`, pagingOptions.limit),
    all: flag('--all', `every matching ${one} (ignores --limit)`, pagingOptions.all),
  };
}

export interface Paging {
  limit: number;
  all: boolean;
}

type Query<N extends ListRouteName> = NonNullable<RouteCallInput<Routes[N]>['query']>;

/**
 * Prints the items of a paginated route that the filters select, --limit of them or --all. The
 * query's undefined values (filters not given) are left out of the request.
 */
export async function printPages<N extends ListRouteName>(
  deps: Deps,
  view: View<PageItem<N>>,
  route: N,
  paging: Paging,
  query: (api: ApiClient) => Promise<Query<N>>,
): Promise<void> {
  deps.out.check(view);
  const api = await deps.api();
  const filters = Object.entries(await query(api)).filter(([, value]) => value !== undefined);
  const items = api.paginate(route, { query: Object.fromEntries(filters) } as RouteCallInput<Routes[N]>, {
    limit: paging.limit,
    all: paging.all,
  });
  await deps.out.list(view, items);
}
