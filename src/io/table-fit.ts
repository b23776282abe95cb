// How a table fits a terminal's width. Ids, emails, links and the like are never cut or broken:
// free text (names, notes, reasons) wraps onto further lines of its cell, a time puts its
// "(2 days ago)" under the time, and when even that is too wide whole columns are left out (the
// output layer says which). cli-table3 draws the cells at the widths chosen here.
import stringWidth from 'string-width';
import { BORDERLESS } from './output.js';

export interface FitColumn {
  key: string;
  /** The header (first; it is never wrapped) and every cell, as they will be drawn (colour codes do not count). */
  texts: readonly string[];
  /** Free text: may wrap at spaces. */
  wrap: boolean;
  /** A readable time: may put its "(2 days ago)" on a second line. */
  time: boolean;
}

export interface Fit {
  /** Indexes of the columns drawn, in order. */
  shown: number[];
  /** Indexes of the columns left out to fit. */
  hidden: number[];
  /** Width of each shown column; undefined when every cell fits on one line as it is. */
  widths: number[] | undefined;
}

const lines = (text: string) => text.split('\n');
const widest = (parts: readonly string[]) => parts.reduce((max, part) => Math.max(max, stringWidth(part)), 0);

function natural(column: FitColumn): number {
  return widest(column.texts.flatMap(lines));
}

/** The narrowest the column can be without cutting anything. */
function narrowest(column: FitColumn): number {
  const header = widest(lines(column.texts[0] ?? ''));
  if (column.wrap) return Math.max(header, widest(column.texts.flatMap(lines).flatMap((line) => line.split(/\s+/))));
  // "2026-12-03 09:48 (2 days ago)" -> "2026-12-03 09:48" over "(2 days ago)".
  if (column.time)
    return Math.max(header, widest(column.texts.flatMap(lines).flatMap((line) => line.split(/ (?=\()/))));
  return natural(column);
}

/**
 * Widths for `columns` within `width` characters, `gap` between columns. Columns are left out in
 * `hideOrder` (indexes), then from the right, never the first one.
 */
export function fitColumns(columns: readonly FitColumn[], width: number, gap = 2, hideOrder: number[] = []): Fit {
  const shown = columns.map((_, index) => index);
  const hidden: number[] = [];
  for (;;) {
    const room = width - gap * (shown.length - 1);
    const full = shown.map((index) => natural(columns[index]!));
    if (sum(full) <= room) return { shown, hidden, widths: undefined };
    const least = shown.map((index, at) => Math.min(narrowest(columns[index]!), full[at]!));
    if (sum(least) <= room) return { shown, hidden, widths: share(shown, columns, full, least, room) };
    if (shown.length === 1) return { shown, hidden, widths: undefined };
    const next = hideOrder.find((index) => shown.includes(index) && index !== shown[0]) ?? shown.at(-1)!;
    shown.splice(shown.indexOf(next), 1);
    hidden.push(next);
  }
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** From the narrowest widths, the room left goes first to times (one line each), then to free text. */
function share(
  shown: readonly number[],
  columns: readonly FitColumn[],
  full: readonly number[],
  least: readonly number[],
  room: number,
): number[] {
  const widths = [...least];
  let spare = room - sum(least);
  shown.forEach((index, at) => {
    const need = full[at]! - widths[at]!;
    if (columns[index]!.time && need > 0 && need <= spare) {
      widths[at] = full[at]!;
      spare -= need;
    }
  });
  // Free text next: each time to the column whose widening shortens the table most for the room
  // it takes; when none can, to the one with the most lines.
  const wrapping = shown.flatMap((index, at) => (columns[index]!.wrap ? [at] : []));
  const words = shown.map((index) =>
    columns[index]!.texts.map((text) => lines(text).map((line) => line.split(/\s+/).map((word) => stringWidth(word)))),
  );
  const rowsOf = (at: number, w: number) => words[at]!.map((cell) => cell.reduce((n, line) => n + linesAt(line, w), 0));
  const heights = shown.map((_, at) => rowsOf(at, widths[at]!));
  const tableHeight = (replaced: number, candidate: number[]) =>
    heights[0]!.reduce((total, _, row) => {
      let tallest = 0;
      for (let at = 0; at < heights.length; at++) {
        tallest = Math.max(tallest, at === replaced ? candidate[row]! : heights[at]![row]!);
      }
      return total + tallest;
    }, 0);
  while (spare > 0) {
    const now = tableHeight(-1, []);
    let best: { at: number; gain: number; more: number; rows: number[] } | undefined;
    for (const at of wrapping) {
      for (let more = 1; more <= Math.min(spare, full[at]! - widths[at]!); more++) {
        const rows = rowsOf(at, widths[at]! + more);
        const gain = (now - tableHeight(at, rows)) / more;
        if (gain <= 0) continue;
        if (!best || gain > best.gain) best = { at, gain, more, rows };
        break;
      }
    }
    if (!best) {
      const open = wrapping.filter((at) => widths[at]! < full[at]!);
      if (open.length === 0) break;
      const at = open.reduce((a, b) => (sum(heights[b]!) > sum(heights[a]!) ? b : a));
      best = { at, gain: 0, more: 1, rows: rowsOf(at, widths[at]! + 1) };
    }
    widths[best.at]! += best.more;
    heights[best.at] = best.rows;
    spare -= best.more;
  }
  return widths;
}

/** How many lines words of these widths take wrapped at spaces to `width` (as cli-table3 wraps them). */
function linesAt(words: readonly number[], width: number): number {
  let count = 1;
  let used = 0;
  for (const word of words) {
    if (used === 0) used = word;
    else if (used + 1 + word <= width) used += 1 + word;
    else {
      count++;
      used = word;
    }
  }
  return count;
}

/** `text` wrapped at spaces to `width` by cli-table3; a word wider than that widens it (nothing is cut). */
export async function wrapText(text: string, width: number): Promise<string> {
  if (width < 1 || widest(lines(text)) <= width) return text;
  const { default: Table } = await import('cli-table3');
  const cell = new Table({
    chars: BORDERLESS,
    colWidths: [Math.max(width, widest(lines(text).flatMap((line) => line.split(/\s+/))))],
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  cell.push([text]);
  return cell
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
