// Counts the SQL statements this process sends to the database, at the drivers (every
// better-sqlite3 statement run, every pg query), whatever issued them: TypeORM, the store's plain
// SQL, the authenticator. For tests whose server runs in-process (startTestServer): a response's
// statement count is what it costs the database, independent of how the store counts its budget.
import { Client } from 'pg';

const Database = require('better-sqlite3') as new (file: string) => {
  prepare(sql: string): object;
  close(): void;
};

type Method = (...args: unknown[]) => unknown;

let count = 0;
let installed = false;

function wrap(target: Record<string, unknown>, names: string[]): void {
  for (const name of names) {
    const original = target[name] as Method;
    target[name] = function counted(this: unknown, ...args: unknown[]) {
      count++;
      return original.apply(this, args);
    };
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  const probe = new Database(':memory:');
  wrap(Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>, ['run', 'get', 'all', 'iterate']);
  probe.close();
  wrap(Client.prototype as unknown as Record<string, unknown>, ['query']);
}

/** How many statements ran while `work` did (nothing else should touch the database meanwhile). */
export async function statementsDuring<T>(work: () => PromiseLike<T>): Promise<{ result: T; statements: number }> {
  install();
  const before = count;
  const result = await work();
  return { result, statements: count - before };
}
