// SQLite has one connection: TypeORM would interleave two transactions on it (and let a plain
// write land inside someone else's transaction). Every store call on SQLite goes through here.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
