/**
 * At most `size` callers at once, like p-limit, except that waiting urgent callers go first.
 * Requests that already hold a slot of a scarce throttle budget (reports: 5 per 10 s) must not
 * queue behind a crowd of cheap mailbox batches: every millisecond they wait is budget unused.
 */
export class PriorityGate {
  #running = 0;
  readonly #urgent: Array<() => void> = [];
  readonly #normal: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async run<T>(urgent: boolean, work: () => Promise<T>): Promise<T> {
    if (this.#running < this.size) this.#running++;
    else await new Promise<void>((resolve) => (urgent ? this.#urgent : this.#normal).push(resolve));
    try {
      return await work();
    } finally {
      // A waiting caller takes the slot over; otherwise it is free again.
      const next = this.#urgent.shift() ?? this.#normal.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
