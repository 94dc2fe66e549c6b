// The stores the contract cases run against: the in-memory one the unit tests use, the TypeORM store
// on SQLite in memory, and, when TEST_DATABASE_URL names PostgreSQL, the TypeORM store in a fresh
// schema of that database. The same case passing on each is what makes the in-memory store a
// faithful stand-in (Hydra's persister tests do the same for its storage drivers).
import { UniqueViolation, type Store } from '../../../../src/core/ports';
import { TypeOrmStore } from '../../../../src/store/typeorm-store';
import { freshDatabase, testPostgresUrl } from '../../../support/fresh-database';
import { MemoryStore } from '../../../support/memory-store';

interface Opened {
  store: Store;
  close(): Promise<void>;
}

const ENGINES: [string, () => Promise<Opened>][] = [
  [
    'the in-memory store',
    async () => {
      const store = new MemoryStore();
      return { store, close: () => store.close() };
    },
  ],
  [
    'SQLite',
    async () => {
      const store = await TypeOrmStore.open('sqlite::memory:');
      return { store, close: () => store.close() };
    },
  ],
];

if (testPostgresUrl()) {
  ENGINES.push([
    'PostgreSQL',
    async () => {
      const db = await freshDatabase();
      const store = await TypeOrmStore.open(db.url);
      return {
        store,
        close: async () => {
          await store.close();
          await db.drop();
        },
      };
    },
  ]);
}

/**
 * Declares `cases` once per store, each store opened once for the file: cases work in organizations
 * of their own (support/rows.ts), so they share a store without seeing each other.
 */
export function onEveryStore(cases: (store: () => Store) => void): void {
  describe.each(ENGINES)('on %s', (_name, open) => {
    let opened: Opened | undefined;
    beforeAll(async () => {
      opened = await open();
    });
    afterAll(async () => {
      await opened?.close();
    });
    cases(() => {
      if (!opened) throw new Error('the store did not open');
      return opened.store;
    });
  });
}

/**
 * Declares `cases` once per database engine (SQLite, and PostgreSQL with TEST_DATABASE_URL), a fresh
 * TypeORM store for each case: for what only the TypeORM store does (the webhook outbox's claims read
 * every organization's rows, so cases cannot share a store).
 */
export function onEveryDatabase(cases: (store: () => TypeOrmStore) => void): void {
  describe.each(ENGINES.filter(([name]) => name !== 'the in-memory store'))('on %s', (_name, open) => {
    let opened: Opened | undefined;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
    });
    cases(() => {
      if (!(opened?.store instanceof TypeOrmStore)) throw new Error('the store did not open');
      return opened.store;
    });
  });
}

/** A write refused by a constraint other than a unique one (a foreign key): it fails, and not as a UniqueViolation. */
export async function expectRefusedNotAsUnique(write: Promise<unknown>): Promise<void> {
  const refused = await write.then(
    () => null,
    (err: unknown) => err,
  );
  expect(refused).toBeInstanceOf(Error);
  expect(refused).not.toBeInstanceOf(UniqueViolation);
}
