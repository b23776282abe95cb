// Which rows this run sends: the valid rows of the plan (those a --retry-failed report selects),
// less those an earlier run of the journal finished; and the key generation each is sent with.
import { isFailed, isFinal, type JournalState, RowState } from './journal.js';
import { RowBytes } from './keys.js';
import { type Plan, PlanState } from './plan.js';

export interface Selection {
  /** Each row's state: the journal's, then this run's outcomes. */
  rowStates: RowBytes;
  /** A row this run is about (valid, and selected). */
  considered(row: number): boolean;
  needsSending(row: number): boolean;
  /** The key generation a row is sent with. */
  genOf(row: number): number;
  toSend: number;
  /** Valid rows an earlier run finished. */
  finishedEarlier: number;
}

export function sendSelection(
  plan: Plan,
  journal: JournalState | undefined,
  selected: ((row: number) => boolean) | undefined,
  /** The journal states a --retry-failed run sends again (an update's refusals too). */
  retryable: (state: number) => boolean = isFailed,
): Selection {
  const rowStates = journal?.rows ?? new RowBytes();
  const considered = (row: number) => plan.states.get(row) === PlanState.valid && (!selected || selected(row));
  const genOf = (row: number): number => {
    const gen = journal?.gens.get(row) ?? 0;
    // --retry-failed: a refusal is stored by the portal under the old key; a new generation asks again.
    const state = rowStates.get(row);
    return selected && retryable(state) && state !== RowState.failedRetryable ? gen + 1 : gen;
  };
  const needsSending = (row: number) => {
    if (!considered(row)) return false;
    const state = rowStates.get(row);
    if (selected) return state === RowState.none || state === RowState.inflight || retryable(state);
    return !isFinal(state);
  };
  let toSend = 0;
  let finishedEarlier = 0;
  for (let row = 1; row <= plan.fileRows; row++) {
    if (needsSending(row)) toSend++;
    else if (plan.states.get(row) === PlanState.valid && rowStates.get(row) >= RowState.created) finishedEarlier++;
  }
  return { rowStates, considered, needsSending, genOf, toSend, finishedEarlier };
}
