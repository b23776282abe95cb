// What one answer of the portal means for the rows it answers: a final record (created, existing,
// failed…), a retry (network, 5xx, 429, a key still in flight) or the end of the run (a redirect,
// the token refused). Pure: the send pass (src/bulk/pipeline.ts) acts on it.
import { genericProblem, problemError, redirectError } from '../api/client.js';
import type { Problem } from '../contract/problems.js';
import type { ClientCreate } from '../contract/schemas.js';
import { CliError } from '../errors.js';
import type { DoneRecord } from './journal.js';
import {
  DEFAULT_POLICIES,
  emailMatchOutcome,
  type MatchOutcome,
  type MatchPolicies,
  nameMatchOutcome,
} from './matches.js';

/**
 * One row to send. Its create body is kept serialized: one flat string instead of a graph of small
 * objects, which is what rows waiting or in flight cost the garbage collector (and the request
 * body is written once, not again on each attempt).
 */
export interface WorkItem {
  row: number;
  key: string;
  gen: number;
  /** The ClientCreate body as JSON. */
  json: string;
  /** Whether creating it sends an invitation (the body's sendInvite). */
  invite: boolean;
}

export function workItem(row: number, key: string, gen: number, body: ClientCreate): WorkItem {
  return { row, key, gen, json: JSON.stringify(body), invite: body.sendInvite !== false };
}

/** The create body of an item, for the rare checks that read it (CaMS links). */
export function bodyOf(item: WorkItem): ClientCreate {
  return JSON.parse(item.json) as ClientCreate;
}

/** One HTTP answer: status, and the parsed JSON body (client, batch result or problem). */
export interface Answer {
  status: number;
  client?: { id: string };
  problem?: Problem;
  results?: { index: number; status: number; client?: { id: string } | undefined; problem?: Problem | undefined }[];
  /** Retry-After in milliseconds, when the portal sent one. */
  retryAfterMs?: number;
  /** The Location of a redirect. */
  location?: string;
  /** The Content-Type of an answer without problem details. */
  contentType?: string;
}

/**
 * Single attempts: resolves every HTTP answer, rejects only when no answer came (network).
 * `received` is called as soon as the answer is off the wire, before it is parsed: the pipeline
 * then sends its next request first, so the portal is not left waiting while an answer is read.
 */
export interface ImportTransport {
  createOne(item: WorkItem, received?: () => void, send?: SendOptions): Promise<Answer>;
  createBatch(items: WorkItem[], received?: () => void, send?: SendOptions): Promise<Answer>;
}

export interface SendOptions {
  /** Ask the portal to refuse a possible name match (`?nameMatch=refuse`, 409 duplicate-name). */
  refuseNameMatch?: boolean;
  /** Why the invitations are sent (`?reason=`, kept in each one's audit entry). */
  reason?: string;
}

export type Verdict =
  | {
      kind: 'done';
      record: DoneRecord /** cams-already-linked / ca-already-imported: the client holding the link or the CA. */;
      linkedTo?: string;
    }
  | { kind: 'retry'; throttle: boolean; retryAfterMs?: number; code: string; http?: number; message: string }
  | { kind: 'fatal'; error: CliError };

const EMAIL = /[^\s@]+@[^\s@]+/g;

/** The part of a refusal that is safe to keep: no names or emails (details may quote them). */
export function safeMessage(problem: Problem | undefined, fallback: string): string {
  if (!problem) return fallback;
  const parts = [problem.title];
  if (problem.errors?.length) parts.push(problem.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  // A 403's hint (ask for the permission) is no reason: the reason is the permission missing.
  else if (problem.missingPermission) parts.push(`your token lacks the \`${problem.missingPermission}\` permission`);
  else if (problem.hint) parts.push(problem.hint);
  return parts.join(': ').replace(EMAIL, '(email)');
}

export function failed(
  item: WorkItem,
  code: string,
  http: number | undefined,
  msg: string,
  retry: boolean,
): DoneRecord {
  return {
    t: 'done',
    r: item.row,
    s: 'failed',
    code,
    ...(http ? { http } : {}),
    msg,
    ...(retry ? { retry: true } : {}),
    ...(item.gen ? { g: item.gen } : {}),
  };
}

function matchRecord(item: WorkItem, outcome: MatchOutcome, http: number): DoneRecord {
  return {
    t: 'done',
    r: item.row,
    s: outcome.s,
    ...(outcome.id ? { id: outcome.id } : {}),
    ...(outcome.code ? { code: outcome.code } : {}),
    ...(outcome.s === 'failed' ? { http } : {}),
    ...(outcome.msg ? { msg: outcome.msg } : {}),
    ...(item.gen ? { g: item.gen } : {}),
  };
}

/** What one row's answer means. */
export function verdictFor(
  item: WorkItem,
  status: number,
  client?: { id: string },
  problem?: Problem,
  location?: string,
  contentType?: string,
  policies: MatchPolicies = DEFAULT_POLICIES,
): Verdict {
  const gen = item.gen ? { g: item.gen } : {};
  // A redirect is the wrong address (a sign-in page, a proxy): no row will fare better.
  if (status >= 300 && status < 400) return { kind: 'fatal', error: redirectError(status, location) };
  if (status >= 200 && status < 300 && client) {
    return {
      kind: 'done',
      record: { t: 'done', r: item.row, s: 'created', id: client.id, inv: item.invite, ...gen },
    };
  }
  const code = problem?.code ?? `http-${status}`;
  if (status === 409 && code === 'email-taken') {
    const outcome = emailMatchOutcome(policies, problem?.samePerson, problem?.existingClientId);
    return { kind: 'done', record: matchRecord(item, outcome, status) };
  }
  if (status === 409 && code === 'duplicate-name') {
    return { kind: 'done', record: matchRecord(item, nameMatchOutcome(policies, problem?.existingClientId), status) };
  }
  if (status === 429) {
    return {
      kind: 'retry',
      throttle: true,
      code: 'rate-limited',
      http: status,
      message: 'the portal kept rate limiting',
    };
  }
  if (status >= 500 || (status === 409 && code === 'idempotency-key-in-flight')) {
    return { kind: 'retry', throttle: false, code, http: status, message: safeMessage(problem, `HTTP ${status}`) };
  }
  if (status === 401 || (status === 403 && (problem?.missingPermission ?? 'clients') === 'clients')) {
    return { kind: 'fatal', error: tokenRefused(status, problem, contentType) };
  }
  return refusedVerdict(item, status, code, problem);
}

/** The token is refused (401, or 403 without the clients permission): no row will fare better. */
function tokenRefused(status: number, problem: Problem | undefined, contentType: string | undefined): CliError {
  // Said as every other command says it (a portal that sends no problem included).
  const said = problemError(status, problem ?? genericProblem(status, contentType));
  return new CliError(said.kind, said.message, {
    ...(said.problem ? { problem: said.problem } : {}),
    status,
    hint: `${(said.hint ?? 'ask a portal administrator').replace(/\.$/, '')}; then re-run the same command to resume`,
  });
}

/** A row the portal refused: it fails (a CaMS link or a CA held already may yet be this person's). */
function refusedVerdict(item: WorkItem, status: number, code: string, problem: Problem | undefined): Verdict {
  if (
    status === 409 &&
    (code === 'cams-already-linked' || code === 'ca-already-imported') &&
    problem?.existingClientId
  ) {
    return {
      kind: 'done',
      record: failed(item, code, status, safeMessage(problem, `HTTP ${status}`), false),
      linkedTo: problem.existingClientId,
    };
  }
  if (status === 422 && code === 'idempotency-key-reused') {
    return {
      kind: 'done',
      record: failed(item, code, status, 'this row was sent before with other content; re-run with --restart', false),
    };
  }
  return { kind: 'done', record: failed(item, code, status, safeMessage(problem, `HTTP ${status}`), false) };
}

export type RetryVerdict = Extract<Verdict, { kind: 'retry' }>;

/** A request that got no answer (network): retried. */
export function networkVerdict(error: unknown): RetryVerdict {
  const code = (error as { code?: string })?.code ?? 'network';
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'retry',
    throttle: false,
    code: 'network',
    message: `no answer from the portal (${code}): ${message}`,
  };
}

/** Errors a retry cannot cure (a transport marks them `fatal`): they stop the run. */
export function isFatal(error: unknown): error is Error {
  return error instanceof Error && (error as { fatal?: unknown }).fatal === true;
}
