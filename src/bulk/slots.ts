// Requests on the wire in the send pass: at most `limit()` at once (the AIMD limit; one while the
// batch route is probed), none during an AIMD pause. Slots are handed out first come, first
// served: a unit woken with a slot owns it (no unit wakes to find it taken).

export class Slots {
  /** Requests holding a slot. */
  onWire = 0;
  /** Units waiting for a slot: each is handed `true` with one, or `false` when the run stopped. */
  private readonly queue: ((granted: boolean) => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limit: () => number,
    private readonly pauseMs: () => number,
    /** The run stopped: no slot is handed out any more. */
    private readonly halted: AbortSignal,
    /** A slot came free (the dispatcher may go on). */
    private readonly freed: () => void,
  ) {}

  /** Waits for a free slot; false when the run was stopped first. */
  acquire(): Promise<boolean> {
    if (this.halted.aborted) return Promise.resolve(false);
    if (!this.queue.length && this.onWire < this.limit() && this.pauseMs() === 0) {
      this.onWire++;
      return Promise.resolve(true);
    }
    const granted = new Promise<boolean>((resolve) => this.queue.push(resolve));
    this.grant();
    return granted;
  }

  /** Gives back a slot. */
  release(): void {
    this.onWire--;
    this.freed();
  }

  /** Hands free slots to waiting units in turn; during an AIMD pause, looks again when it is over. */
  grant(): void {
    if (this.halted.aborted) {
      for (const waiter of this.queue.splice(0)) waiter(false);
      return;
    }
    while (this.queue.length && this.onWire < this.limit()) {
      const pause = this.pauseMs();
      if (pause > 0) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.grant();
        }, pause);
        return;
      }
      this.onWire++;
      this.queue.shift()!(true);
    }
  }

  /**
   * One HTTP exchange in a slot: `holding` when the caller already has one (a unit's first
   * attempt). The slot is given back as soon as the answer is received. Undefined when stopped
   * before a slot was free, or when `abandoned` settles first (the portal was given up on).
   */
  async exchange<T>(
    holding: boolean,
    call: (received: () => void) => Promise<T>,
    abandoned: Promise<undefined>,
  ): Promise<{ value: T } | undefined> {
    if (!holding && !(await this.acquire())) return undefined;
    let released = false;
    const received = () => {
      if (released) return;
      released = true;
      this.release();
    };
    try {
      const answer = call(received);
      const first = await Promise.race([answer.then((value) => ({ value })), abandoned]);
      if (first === undefined) answer.catch(() => undefined);
      return first;
    } finally {
      received();
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
