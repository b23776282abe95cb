// Shared by the bulk e2e tests: run the built CLI with string output, read the portal's state
// (clients, outbox) straight from its API, and write CSV files into a private temp directory.
import { existsSync, mkdtempSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import type { Client, OutboxMessage } from '../../src/contract/schemas.js';
import { portalctl as execPortalctl, type Portal } from '../helpers/portal.js';

/** What these helpers need of a portal: a `portalctl server` process or one served in this process. */
type PortalAddress = Pick<Portal, 'url' | 'adminToken'>;

export interface Result {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], options: Parameters<typeof execPortalctl>[1] = {}): Promise<Result> {
  const r = await execPortalctl(args, options);
  return { exitCode: r.exitCode, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** `portalctl clients import ...args` against the portal `portal()` returns when it runs. */
export function importer(portal: () => PortalAddress) {
  return (args: string[], extra: Parameters<typeof cli>[1] = {}) =>
    cli(['clients', 'import', ...args], { portal: portal(), ...extra });
}

export function workDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'portalctl-import-'));
}

export function writeCsv(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/**
 * Rows of a CSV with unique emails under `tag` (for files of any size). Names are unique too, and
 * none is the start of another ("Person1" would be of "Person10"), so the duplicate check by name
 * finds no match among them, nor with other tags' rows.
 */
export function clientsCsv(count: number, tag: string, header = 'First Name,Last Name,Email\n'): string {
  const rows: string[] = [];
  for (let i = 1; i <= count; i++) {
    rows.push(`${tag}${String(i).padStart(7, '0')},${tag},${tag.toLowerCase()}.${i}@example.org`);
  }
  return `${header}${rows.join('\n')}\n`;
}

/** A call to the portal's API as its administrator (for arranging and checking state). */
export async function api<T = unknown>(
  portal: PortalAddress,
  method: string,
  route: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${portal.url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${portal.adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${route} -> ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** GET as the administrator, retried: the portal may be running with fault knobs on. */
async function get<T>(portal: PortalAddress, pathAndQuery: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${portal.url}${pathAndQuery}`, {
        headers: { authorization: `Bearer ${portal.adminToken}` },
      });
      if (response.ok) return (await response.json()) as T;
      if (response.status < 429 || attempt >= 30) {
        throw new Error(`GET ${pathAndQuery} -> ${response.status}: ${await response.text()}`);
      }
    } catch (error) {
      if (attempt >= 30 || (error instanceof Error && error.message.startsWith('GET '))) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}

async function all<T>(portal: PortalAddress, route: string, query: Record<string, string> = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, limit: '500', ...(cursor ? { cursor } : {}) });
    const page: { data: T[]; nextCursor: string | null } = await get(portal, `${route}?${params}`);
    items.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The audit log's entries of one action, every page. */
export async function auditEntries(
  portal: Portal,
  action: string,
): Promise<{ entityId: string; detail: Record<string, unknown> | null }[]> {
  return all(portal, '/v1/audit', { action });
}

/** Every client (archived or not) whose email contains `needle`. */
export async function clientsMatching(portal: PortalAddress, needle: string): Promise<Client[]> {
  const active = await all<Client>(portal, '/v1/clients', { search: needle });
  const archived = await all<Client>(portal, '/v1/clients', { search: needle, archived: 'true' });
  return [...active, ...archived].filter((c) => c.email.toLowerCase().includes(needle.toLowerCase()));
}

export async function invitations(portal: PortalAddress): Promise<OutboxMessage[]> {
  return all<OutboxMessage>(portal, '/v1/outbox', { kind: 'invitation' });
}

export async function outboxSize(portal: PortalAddress): Promise<number> {
  return (await all<OutboxMessage>(portal, '/v1/outbox')).length;
}

/** How many times each value occurs. */
export function counts(values: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const value of values) map.set(value, (map.get(value) ?? 0) + 1);
  return map;
}

/** A report's lines, by column name (messages may be quoted: they name people, with commas). */
export function parseReport(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

export interface JournalLine {
  t: string;
  rows?: number[];
  r?: number;
}

export function journalLines(file: string): JournalLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as JournalLine];
      } catch {
        return [];
      }
    });
}

/**
 * Runs portalctl ARGS against `portal` and kills it with SIGKILL once its journal satisfies `ready`
 * (a point the journal shows, not a time).
 */
export async function killAt(
  portal: Portal,
  args: string[],
  journal: string,
  ready: (lines: JournalLine[]) => boolean,
): Promise<void> {
  const child = execPortalctl(args, { portal });
  await journalReaches(journal, child, ready);
  child.kill('SIGKILL');
  expect((await child).signal).toBe('SIGKILL');
}

/** Resolves once the journal satisfies `ready` (checked on every change), or rejects if the import ends first. */
export function journalReaches(
  file: string,
  child: ReturnType<typeof execPortalctl>,
  ready: (lines: JournalLine[]) => boolean,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const watcher = watch(path.dirname(file), () => check());
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      watcher.close();
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (!settled && ready(journalLines(file))) finish();
    };
    void child.then(() => {
      check();
      finish(new Error('the import finished before the kill point was reached'));
    });
    check();
  });
}
