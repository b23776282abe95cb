// Units of the send pass finish in any order; their outcomes are handed on in the order the units
// were dispatched, so the journal and the report follow the file.

export class InOrder<T> {
  private nextSeq = 0;
  private flushSeq = 0;
  private readonly finished = new Map<number, T>();

  constructor(private readonly deliver: (value: T) => void) {}

  /** The sequence number of the next unit dispatched. */
  take(): number {
    return this.nextSeq++;
  }

  /** Units dispatched whose outcomes are not handed on yet. */
  get open(): number {
    return this.nextSeq - this.flushSeq;
  }

  complete(seq: number, value: T): void {
    this.finished.set(seq, value);
    while (this.finished.has(this.flushSeq)) {
      const next = this.finished.get(this.flushSeq)!;
      this.finished.delete(this.flushSeq);
      this.flushSeq++;
      this.deliver(next);
    }
  }
}
