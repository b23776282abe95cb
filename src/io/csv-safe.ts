// Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula.
// Every CSV/TSV portalctl writes passes its cells through here: such a cell gets a leading '.

import { visible } from './visible.js';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One TSV cell: tabs and line breaks become spaces (TSV has no quoting), other control characters
 * visible stand-ins (TSV is read on terminals too: visible.ts), then neutralised.
 */
export function tsvCell(text: string): string {
  return neutraliseCell(visible(text.replace(/[\t\r\n]+/g, ' ')));
}
