// One write transaction on PostgreSQL, through TypeORM's public API (issue 28): TypeORM's
// EntityManager.transaction, except that a client whose ROLLBACK failed (a failed COMMIT on a
// broken connection) never serves anyone again. TypeORM's QueryRunner.release() takes no error, so
// it would hand that client, maybe still inside the transaction, back to the pool for the next
// caller. The client (what QueryRunner.connect() resolves to) is ended first with pg's
// Client.end(): its connection closes, so the server drops the transaction, and pg-pool discards a
// client that is ending instead of keeping it idle. test/store/typeorm-behaviour.test.ts pins both.
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

export async function pgTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  let broken = false;
  try {
    await runner.startTransaction();
    const result = await work(runner.manager);
    await runner.commitTransaction();
    return result;
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    broken = runner.isTransactionActive;
    throw err;
  } finally {
    if (broken) await endClient(runner);
    await runner.release();
  }
}

/** Closes the runner's connection, if it ever had one; release() then leaves it out of the pool. */
async function endClient(runner: QueryRunner): Promise<void> {
  let client: { end(): Promise<void> };
  try {
    client = await runner.connect();
  } catch {
    return; // it never got a client
  }
  client.end().catch(() => undefined); // ending starts now; the pool sees it at release
}
