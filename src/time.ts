// Times as a person reads them: local time (TZ honoured) to the minute, with how long ago or how
// soon when that is within a month. Machine formats keep the API's ISO timestamps. Shared by the
// CLI's views and the local portal's pages.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30 * DAY;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    });
    formats.set(key, format);
  }
  return format;
}

/** A time zone name Intl accepts, or undefined (then the process's own zone). */
function knownZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    formatFor(timeZone);
    return timeZone;
  } catch {
    return undefined;
  }
}

/** "in 5 minutes", "2 days ago", "just now"; undefined beyond a month either way. */
export function relativeTime(then: Date, now: Date): string | undefined {
  const delta = then.getTime() - now.getTime();
  const size = Math.abs(delta);
  if (size >= MONTH) return undefined;
  if (size < MINUTE) return 'just now';
  const [amount, unit] =
    size < HOUR
      ? [Math.floor(size / MINUTE), 'minute']
      : size < DAY
        ? [Math.floor(size / HOUR), 'hour']
        : [Math.floor(size / DAY), 'day'];
  const words = `${amount} ${unit}${amount === 1 ? '' : 's'}`;
  return delta < 0 ? `${words} ago` : `in ${words}`;
}

/** "2026-12-03 09:48", in `timeZone` (an IANA name such as the TZ variable holds) or the local zone. */
export function localTime(then: Date, timeZone?: string): string {
  const parts = Object.fromEntries(
    formatFor(knownZone(timeZone))
      .formatToParts(then)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** An ISO timestamp as a person reads it; any other text is returned as it is. */
export function readableTime(value: string, now: Date, timeZone?: string): string {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value)) return value;
  const then = new Date(value);
  if (Number.isNaN(then.getTime())) return value;
  const relative = relativeTime(then, now);
  return relative ? `${localTime(then, timeZone)} (${relative})` : localTime(then, timeZone);
}

const ISO_IN_TEXT = /\b\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)/g;

/**
 * Every ISO timestamp in a message as a person reads it: messages quote the portal (a problem's
 * detail says "deactivated since …"), which cannot know the reader's time zone.
 */
export function readableTimesIn(text: string, now: Date, timeZone?: string): string {
  return text.replace(ISO_IN_TEXT, (iso) => readableTime(iso, now, timeZone));
}
