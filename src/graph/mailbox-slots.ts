/**
 * Outlook allows 4 concurrent requests per app and mailbox. A request (or a $batch) takes one slot
 * per Outlook call for each mailbox it touches; multi-mailbox batches take their mailboxes in sorted
 * order so two batches can never wait on each other.
 */
export class MailboxSlots {
  #inUse = new Map<string, number>();
  #waiting = new Map<string, Array<{ weight: number; resolve: () => void }>>();

  constructor(private readonly perMailbox: number) {}

  /** Takes `weight` slots of each mailbox; resolves to the release function. */
  async acquire(demand: Map<string, number>): Promise<() => void> {
    const mailboxes = [...demand.keys()].sort();
    for (const mailbox of mailboxes) await this.#take(mailbox, Math.min(demand.get(mailbox) ?? 1, this.perMailbox));
    return () => {
      for (const mailbox of mailboxes) this.#give(mailbox, Math.min(demand.get(mailbox) ?? 1, this.perMailbox));
    };
  }

  #take(mailbox: string, weight: number): Promise<void> {
    const used = this.#inUse.get(mailbox) ?? 0;
    const queue = this.#waiting.get(mailbox);
    if (!queue?.length && used + weight <= this.perMailbox) {
      this.#inUse.set(mailbox, used + weight);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const list = queue ?? [];
      list.push({ weight, resolve });
      this.#waiting.set(mailbox, list);
    });
  }

  #give(mailbox: string, weight: number): void {
    let used = (this.#inUse.get(mailbox) ?? 0) - weight;
    const queue = this.#waiting.get(mailbox) ?? [];
    while (queue.length > 0 && used + queue[0].weight <= this.perMailbox) {
      const next = queue.shift()!;
      used += next.weight;
      next.resolve();
    }
    if (queue.length === 0) this.#waiting.delete(mailbox);
    if (used === 0) this.#inUse.delete(mailbox);
    else this.#inUse.set(mailbox, used);
  }
}
