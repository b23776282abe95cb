import { describe, expect, it } from 'vitest';
import { createOutput } from '../../src/io/output.js';
import { auditView } from '../../src/io/views/audit.js';
import { readableTime, relativeTime } from '../../src/time.js';

const NOW = new Date('2026-12-03T14:30:00.000Z');

describe('readableTime', () => {
  it('shows local time to the minute in the zone TZ names, with how long ago', () => {
    expect(readableTime('2026-12-01T14:48:27.673Z', NOW, 'America/Toronto')).toBe('2026-12-01 09:48 (1 day ago)');
    expect(readableTime('2026-12-01T14:48:27.673Z', NOW, 'Asia/Tokyo')).toBe('2026-12-01 23:48 (1 day ago)');
    expect(readableTime('2026-12-03T14:29:30.000Z', NOW, 'UTC')).toBe('2026-12-03 14:29 (just now)');
    expect(readableTime('2026-12-03T17:45:00.000Z', NOW, 'UTC')).toBe('2026-12-03 17:45 (in 3 hours)');
  });

  it('leaves out the hint beyond a month, and anything that is not a timestamp as it is', () => {
    expect(readableTime('2025-06-01T08:05:00.000Z', NOW, 'UTC')).toBe('2025-06-01 08:05');
    expect(readableTime('never', NOW, 'UTC')).toBe('never');
    expect(readableTime('1988-03-14', NOW, 'UTC')).toBe('1988-03-14');
  });

  it('an unknown zone falls back to the local one instead of failing', () => {
    expect(readableTime('2026-12-03T14:00:00.000Z', NOW, 'Nowhere/Atlantis')).toMatch(
      /^2026-12-0[34] \d\d:\d\d \(30 minutes ago\)$/,
    );
  });

  it('counts whole units', () => {
    expect(relativeTime(new Date(NOW.getTime() - 61 * 60_000), NOW)).toBe('1 hour ago');
    expect(relativeTime(new Date(NOW.getTime() - 29 * 86_400_000), NOW)).toBe('29 days ago');
    expect(relativeTime(new Date(NOW.getTime() - 31 * 86_400_000), NOW)).toBeUndefined();
  });
});

describe('times in output', () => {
  const entry = {
    id: 'au_1',
    at: '2026-12-01T14:48:27.673Z',
    actorId: 'st_1',
    action: 'client.update',
    entityType: 'client',
    entityId: 'cl_1',
    detail: null,
  };

  function render(output: string) {
    const chunks: string[] = [];
    const stdout = { isTTY: false, write: (c: string) => chunks.push(c) };
    const out = createOutput({ stdout, stderr: stdout, env: { TZ: 'America/Toronto' }, output, now: () => NOW });
    return { out, text: () => chunks.join('') };
  }

  it('tables show local time; TSV, CSV and JSON keep the ISO timestamp', async () => {
    for (const [format, shown] of [
      ['table', '2026-12-01 09:48 (1 day ago)'],
      ['tsv', '2026-12-01T14:48:27.673Z'],
      ['csv', '2026-12-01T14:48:27.673Z'],
      ['json', '"at": "2026-12-01T14:48:27.673Z"'],
    ] as const) {
      const { out, text } = render(format);
      await out.list(auditView, [entry as never]);
      expect(text(), format).toContain(shown);
      if (format !== 'table') expect(text(), format).not.toContain('09:48');
    }
  });

  it('messages tell times the same way', () => {
    const { out } = render('table');
    expect(out.time('2026-12-03T12:30:00.000Z')).toBe('2026-12-03 07:30 (2 hours ago)');
  });
});
