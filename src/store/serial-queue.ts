// SQLite has one connection: TypeORM would interleave two transactions on it (and let a plain
// write land inside someone else's transaction). Every store call on SQLite takes a turn here.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Waits for a turn; calling the function it resolves with ends the turn (again is harmless). */
  async turn(): Promise<() => void> {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const before = this.tail;
    this.tail = ended;
    await before;
    return end;
  }
}
