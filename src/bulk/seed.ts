// `portalctl seed FILE`: a declarative fixture (JSON, or YAML) of clients (with CaMS links or CA
// imports, caseworkers by staff email, notes), client representatives and external portal users,
// referring to each other by name. Ensure-exists: each entry is looked up first (clients by email
// or by their CaMS link, portal users by email in their portal) and only what is missing is
// created, so a second run changes nothing and says so. Creates carry idempotency keys derived
// from the entry's name and content, so a run that crashed half way re-runs cleanly.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import type { ApiClient } from '../api/client.js';
import {
  type Client,
  type ClientCreate,
  ClientCreateSchema,
  NoteCreateSchema,
  PortalUserInviteSchema,
} from '../contract/schemas.js';
import { CliError, usageError } from '../errors.js';
import { issueSentence } from '../io/issue-text.js';
import { seedIdempotencyKey } from './keys.js';

const EntryName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'entry names use letters, digits, . _ and - (e.g. "ada" or "client-1")');

const SeedClientSchema = ClientCreateSchema()
  .omit({
    providerId: true,
    caseworkerIds: true,
    link: true,
    sendInvite: true,
  })
  .extend({
    /** Service provider name or id (default: the token's own). */
    provider: z.string().min(1).optional(),
    /** Caseworkers by staff email (or id). */
    caseworkers: z.array(z.string().min(1)).max(20).optional(),
    /** CaMS Client Reference Number: link the client (names etc. come from CaMS). */
    cams: z.string().trim().min(1).optional(),
    /** Common Assessment number: import a submitted CA. */
    ca: z.string().trim().min(1).optional(),
    /** Send the portal invitation when the client is created (default true). */
    invite: z.boolean().default(true),
    /** Case notes the client should have (added when missing, matched by text). */
    notes: z.array(NoteCreateSchema().shape.text).optional(),
  });

const SeedRepresentativeSchema = z.strictObject({
  /** The client entry (by its name in this file). */
  client: EntryName,
  firstName: PortalUserInviteSchema().shape.firstName,
  lastName: PortalUserInviteSchema().shape.lastName,
  email: PortalUserInviteSchema().shape.email,
});

const SeedPortalUserSchema = z.strictObject({
  /** Client portal by name or id. */
  portal: z.string().min(1),
  email: PortalUserInviteSchema().shape.email,
  firstName: PortalUserInviteSchema().shape.firstName,
  lastName: PortalUserInviteSchema().shape.lastName,
  /** "all-jobs", or { "jobs": [job title or id, …] }. */
  access: z
    .union([z.literal('all-jobs'), z.strictObject({ jobs: z.array(z.string().min(1)).min(1) })])
    .default('all-jobs'),
});

export const SeedFileSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  clients: z.record(EntryName, SeedClientSchema).default({}),
  representatives: z.record(EntryName, SeedRepresentativeSchema).default({}),
  portalUsers: z.record(EntryName, SeedPortalUserSchema).default({}),
});
export type SeedFile = z.output<typeof SeedFileSchema>;

export type EntryKind = 'client' | 'representative' | 'portal-user';
export type EntryStatus = 'created' | 'updated' | 'unchanged';

export interface SeedEntryResult {
  name: string;
  kind: EntryKind;
  status: EntryStatus;
  id: string | null;
  inviteLink: string | null;
  /** What was (or, with --dry-run, would be) done. */
  changes: string[];
}

export interface SeedOptions {
  file: string;
  dryRun: boolean;
  yes: boolean;
}

export interface SeedDeps {
  api(): Promise<ApiClient>;
  interactive: boolean;
  confirm(message: string): Promise<boolean>;
}

/** Reads and checks a seed file; errors name the entry and field. */
export async function loadSeedFile(file: string): Promise<SeedFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw usageError(
      `cannot read ${file}: no such file`,
      'pass the path of a seed file (JSON or YAML), e.g. fixtures/ci-seed.json',
    );
  }
  let data: unknown;
  try {
    if (/\.ya?ml$/i.test(file)) {
      // yaml is CommonJS under the bundle: its functions are on the default export.
      const yaml = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
      data = (yaml.default ?? yaml).parse(text);
    } else {
      data = JSON.parse(text);
    }
  } catch (error) {
    throw usageError(`${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(error as Error).message}`);
  }
  const parsed = SeedFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => issueSentence(i.path.join('.') || '(file)', i));
    throw usageError(
      `${file} is not a valid seed file:\n  ${issues.join('\n  ')}`,
      'see fixtures/ci-seed.json for an example',
    );
  }
  const seed = parsed.data;
  const names = new Map<string, string>();
  for (const [section, entries] of Object.entries({
    clients: seed.clients,
    representatives: seed.representatives,
    portalUsers: seed.portalUsers,
  })) {
    for (const name of Object.keys(entries)) {
      const other = names.get(name);
      if (other)
        throw usageError(`${file}: the name "${name}" is used in ${other} and ${section}; names must be unique`);
      names.set(name, section);
    }
  }
  for (const [name, client] of Object.entries(seed.clients)) {
    if (client.cams && client.ca) {
      throw usageError(`${file}: clients.${name} has both cams and ca; a client links one way only`);
    }
    if (!client.cams && !client.ca) {
      for (const field of ['firstName', 'lastName', 'email'] as const) {
        if (!client[field]) throw usageError(`${file}: clients.${name}.${field} is required (or give cams / ca)`);
      }
    }
  }
  for (const [name, rep] of Object.entries(seed.representatives)) {
    if (!seed.clients[rep.client]) {
      throw usageError(`${file}: representatives.${name}.client "${rep.client}" is not a client entry of this file`);
    }
  }
  return seed;
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

async function findClientByEmail(api: ApiClient, email: string): Promise<Client | undefined> {
  for (const archived of [undefined, 'true'] as const) {
    const page = await api.call('listClients', { query: { email, limit: 1, ...(archived ? { archived } : {}) } });
    if (page.data[0]) return page.data[0];
  }
  return undefined;
}

interface Directory {
  providers?: Map<string, string>;
  staff?: Map<string, string>;
  portals?: Map<string, { id: string; jobs: Map<string, string> }>;
}

async function directory(api: ApiClient, seed: SeedFile): Promise<Directory> {
  const clients = Object.values(seed.clients);
  const result: Directory = {};
  if (clients.some((c) => c.provider)) {
    const { data } = await api.call('listProviders', {});
    result.providers = new Map(data.flatMap((p) => [[p.name.toLowerCase(), p.id] as const, [p.id, p.id] as const]));
  }
  if (clients.some((c) => c.caseworkers?.length)) {
    const { data } = await api.call('listStaff', {});
    result.staff = new Map(data.flatMap((s) => [[s.email.toLowerCase(), s.id] as const, [s.id, s.id] as const]));
  }
  if (Object.keys(seed.portalUsers).length) {
    const { data } = await api.call('listPortals', {});
    result.portals = new Map();
    for (const portal of data) {
      const jobs = new Map(portal.jobs.flatMap((j) => [[j.title.toLowerCase(), j.id] as const, [j.id, j.id] as const]));
      result.portals.set(portal.name.toLowerCase(), { id: portal.id, jobs });
      result.portals.set(portal.id, { id: portal.id, jobs });
    }
  }
  return result;
}

function clientBody(name: string, entry: SeedFile['clients'][string], dir: Directory): ClientCreate {
  const { provider, caseworkers, cams, ca, invite, notes: _notes, ...profile } = entry;
  const body: ClientCreate = { ...profile, sendInvite: invite };
  if (provider) {
    const id = dir.providers?.get(provider.toLowerCase());
    if (!id) throw usageError(`clients.${name}.provider: no service provider "${provider}" in this portal`);
    body.providerId = id;
  }
  if (caseworkers?.length) {
    body.caseworkerIds = caseworkers.map((who) => {
      const id = dir.staff?.get(who.toLowerCase());
      if (!id) throw usageError(`clients.${name}.caseworkers: no staff member "${who}" in this portal`);
      return id;
    });
  }
  if (cams) body.link = { camsClientReferenceNumber: cams };
  else if (ca) body.link = { caNumber: ca };
  return body;
}

/**
 * The client an entry names, if it already exists. An email held by someone else is a conflict,
 * never "already there": the portal decides whether the names make it the same person.
 */
async function existingClient(api: ApiClient, name: string, body: ClientCreate): Promise<Client | undefined> {
  if (body.email) {
    const existing = await findClientByEmail(api, body.email);
    if (existing && body.firstName && body.lastName) {
      const { data } = await api.call('findDuplicates', {
        query: {
          firstName: body.firstName,
          lastName: body.lastName,
          email: body.email,
          ...(body.providerId ? { providerId: body.providerId } : {}),
        },
      });
      const match = data.find((m) => m.reason === 'email' && m.client.id === existing.id);
      if (match?.samePerson === false) {
        throw new CliError(
          'conflict',
          `clients.${name}: ${body.email} belongs to ${existing.firstName} ${existing.lastName} (${existing.id}), not ${body.firstName} ${body.lastName}`,
          { hint: `give clients.${name} its own email, or the names of the client who holds it` },
        );
      }
    }
    return existing;
  }
  const link = body.link;
  if (link && 'camsClientReferenceNumber' in link) {
    const cams = await api.call('lookupCams', { params: { ref: link.camsClientReferenceNumber } });
    if (cams.linkedClientId) return api.call('getClient', { params: { id: cams.linkedClientId } });
    return cams.email ? findClientByEmail(api, cams.email) : undefined;
  }
  if (link && 'caNumber' in link) {
    const assessment = await api.call('lookupAssessment', { params: { caNumber: link.caNumber } });
    if (assessment.importedClientId) return api.call('getClient', { params: { id: assessment.importedClientId } });
    return assessment.email ? findClientByEmail(api, assessment.email) : undefined;
  }
  return undefined;
}

interface PlannedClient {
  name: string;
  body: ClientCreate;
  existing?: Client;
  missingCaseworkers: string[];
  missingNotes: string[];
}

export interface SeedResult {
  entries: SeedEntryResult[];
  dryRun: boolean;
}

/** Plans (read-only), confirms when something would notify people, then applies. */
export async function runSeed(seed: SeedFile, options: SeedOptions, deps: SeedDeps): Promise<SeedResult> {
  const api = await deps.api();
  const dir = await directory(api, seed);

  // ── plan ──
  const clients: PlannedClient[] = [];
  for (const [name, entry] of Object.entries(seed.clients)) {
    const body = clientBody(name, entry, dir);
    const existing = await existingClient(api, name, body);
    const planned: PlannedClient = { name, body, missingCaseworkers: [], missingNotes: [] };
    if (existing) {
      planned.existing = existing;
      planned.missingCaseworkers = (body.caseworkerIds ?? []).filter((id) => !existing.caseworkerIds.includes(id));
      if (entry.notes?.length) {
        const { data } = await api.call('listNotes', { params: { id: existing.id } });
        const texts = new Set(data.map((n) => n.text.trim()));
        planned.missingNotes = entry.notes.filter((text) => !texts.has(text.trim()));
      }
    } else {
      planned.missingNotes = entry.notes ?? [];
    }
    clients.push(planned);
  }
  const byName = new Map(clients.map((c) => [c.name, c]));

  const reps: { name: string; entry: SeedFile['representatives'][string]; existingId?: string }[] = [];
  for (const [name, entry] of Object.entries(seed.representatives)) {
    const owner = byName.get(entry.client)!;
    let existingId: string | undefined;
    if (owner.existing) {
      const { data } = await api.call('listRepresentatives', { params: { id: owner.existing.id } });
      existingId = data.find((r) => r.email.toLowerCase() === entry.email.toLowerCase())?.id;
    }
    reps.push({ name, entry, ...(existingId ? { existingId } : {}) });
  }

  const users: {
    name: string;
    entry: SeedFile['portalUsers'][string];
    portalId: string;
    jobIds?: string[];
    existing?: { id: string };
  }[] = [];
  for (const [name, entry] of Object.entries(seed.portalUsers)) {
    const portal = dir.portals?.get(entry.portal.toLowerCase()) ?? dir.portals?.get(entry.portal);
    if (!portal) throw usageError(`portalUsers.${name}.portal: no client portal "${entry.portal}" in this portal`);
    let jobIds: string[] | undefined;
    if (entry.access !== 'all-jobs') {
      jobIds = entry.access.jobs.map((job) => {
        const id = portal.jobs.get(job.toLowerCase()) ?? portal.jobs.get(job);
        if (!id) throw usageError(`portalUsers.${name}.access.jobs: no job "${job}" in portal "${entry.portal}"`);
        return id;
      });
    }
    const page = await api.call('listPortalUsers', { query: { email: entry.email, portalId: portal.id, limit: 1 } });
    const found = page.data.find((u) => u.email.toLowerCase() === entry.email.toLowerCase());
    users.push({
      name,
      entry,
      portalId: portal.id,
      ...(jobIds ? { jobIds } : {}),
      ...(found ? { existing: { id: found.id } } : {}),
    });
  }

  // ── confirm: invitations, representative and portal-user invites notify people ──
  const notifying =
    clients.filter((c) => !c.existing && c.body.sendInvite !== false).length +
    reps.filter((r) => !r.existingId).length +
    users.filter((u) => !u.existing).length;
  if (notifying > 0 && !options.dryRun && !options.yes) {
    if (!deps.interactive) {
      throw usageError(
        `seeding sends ${notifying} invitation email${notifying === 1 ? '' : 's'}: pass --yes to confirm when not running interactively`,
        'add --dry-run to see what would be created',
      );
    }
    if (!(await deps.confirm(`Create the missing entries and send ${notifying} invitation emails?`))) {
      throw new CliError('cancelled', 'cancelled: nothing was changed');
    }
  }

  // ── apply ──
  const results: SeedEntryResult[] = [];
  const clientIds = new Map<string, string>();
  for (const planned of clients) {
    const changes: string[] = [];
    let client = planned.existing;
    if (!client) {
      changes.push('create client');
      if (!options.dryRun) {
        client = await api.call(
          'createClient',
          { body: planned.body },
          { idempotencyKey: seedIdempotencyKey('client', planned.name, hash(planned.body)) },
        );
      }
    } else {
      for (const staffId of planned.missingCaseworkers) {
        changes.push(`assign ${staffId}`);
        if (!options.dryRun) client = await api.call('assignStaff', { params: { id: client.id }, body: { staffId } });
      }
    }
    for (const [index, text] of planned.missingNotes.entries()) {
      changes.push('add note');
      if (!options.dryRun && client) {
        await api.call(
          'createNote',
          { params: { id: client.id }, body: { text } },
          { idempotencyKey: seedIdempotencyKey('note', `${planned.name}#${index}`, hash(text)) },
        );
      }
    }
    if (client) clientIds.set(planned.name, client.id);
    results.push({
      name: planned.name,
      kind: 'client',
      status: !planned.existing ? 'created' : changes.length ? 'updated' : 'unchanged',
      id: client?.id ?? null,
      inviteLink: client?.invite.link ?? null,
      changes,
    });
  }
  for (const rep of reps) {
    const clientId = clientIds.get(rep.entry.client);
    let id = rep.existingId ?? null;
    if (!rep.existingId && !options.dryRun && clientId) {
      const body = { firstName: rep.entry.firstName, lastName: rep.entry.lastName, email: rep.entry.email };
      const created = await api.call(
        'inviteRepresentative',
        { params: { id: clientId }, body },
        { idempotencyKey: seedIdempotencyKey('representative', rep.name, hash({ clientId, ...body })) },
      );
      id = created.id;
    }
    results.push({
      name: rep.name,
      kind: 'representative',
      status: rep.existingId ? 'unchanged' : 'created',
      id,
      inviteLink: null,
      changes: rep.existingId ? [] : ['invite representative'],
    });
  }
  for (const user of users) {
    let id = user.existing?.id ?? null;
    let link: string | null = null;
    if (!user.existing && !options.dryRun) {
      const body = {
        portalId: user.portalId,
        email: user.entry.email,
        firstName: user.entry.firstName,
        lastName: user.entry.lastName,
        access: user.jobIds ? { type: 'selected-jobs' as const, jobIds: user.jobIds } : { type: 'all-jobs' as const },
      };
      const created = await api.call(
        'invitePortalUser',
        { body },
        { idempotencyKey: seedIdempotencyKey('portal-user', user.name, hash(body)) },
      );
      id = created.user.id;
      link = created.link.url;
    } else if (user.existing) {
      const { data } = await api.call('listSharedLinks', { params: { id: user.existing.id } });
      link = data.find((l) => l.status === 'active')?.url ?? null;
    }
    results.push({
      name: user.name,
      kind: 'portal-user',
      status: user.existing ? 'unchanged' : 'created',
      id,
      inviteLink: link,
      changes: user.existing ? [] : ['invite portal user'],
    });
  }
  return { entries: results, dryRun: options.dryRun };
}
