// The SQLite database holds key hashes and sealed idempotent replays: it and its -wal and -shm
// files are created owner-only (0600), whatever the umask.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TypeOrmStore } from '../../src/store/typeorm-store';

const modeOf = (path: string) => statSync(path).mode & 0o777;

test('when a new SQLite database is opened under a permissive umask, then the file, -wal and -shm are 0600 and a new directory 0700', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'iamgate-modes-')), 'data');
  const file = join(dir, 'iamgate.sqlite');
  const umask = process.umask(0o000);
  let store: TypeOrmStore | undefined;
  try {
    store = await TypeOrmStore.open(`sqlite:${file}`);
    await store.transaction(async (repos) => repos.organizations.count()); // the WAL exists once written to
    expect([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`), modeOf(dir)]).toEqual([0o600, 0o600, 0o600, 0o700]);
  } finally {
    process.umask(umask);
    await store?.close();
  }
});
