// The list of audit actions in the contract is what the server writes: recordAudit accepts only
// listed actions (the typecheck), and every listed action is written somewhere in src/server.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, isKnownAuditFilter } from '../../../src/contract/audit-actions.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith('.ts') ? [readFileSync(file, 'utf8')] : [];
  });
}

describe('AUDIT_ACTIONS', () => {
  const code = sources(path.resolve('src/server')).join('\n');
  const families = [...new Set(AUDIT_ACTIONS.map((action) => action.split('.')[0]))];
  const shape = new RegExp(`'((?:${families.join('|')})(?:\\.[a-z-]+)+)'`, 'g');
  const written = new Set([...code.matchAll(shape)].map((match) => match[1]));

  it('lists exactly the actions the server code writes', () => {
    expect([...written].sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it('matches an action, or a prefix that ends with . or *, only when the portal writes one', () => {
    expect(isKnownAuditFilter('client.update')).toBe(true);
    expect(isKnownAuditFilter('client.invite.')).toBe(true);
    expect(isKnownAuditFilter('portal-user*')).toBe(true);
    expect(isKnownAuditFilter('client.updated')).toBe(false);
    expect(isKnownAuditFilter('client.invite')).toBe(false);
    expect(isKnownAuditFilter('clients.*')).toBe(false);
  });
});
