// The TypeORM manager (plain or transactional) behind a Repositories object the store handed out:
// the store's own tables and reads beside the model (token-rows.ts, federation-rows.ts, …) run on
// the manager of the repositories run() or transaction() gave them, never on one they found.
import type { EntityManager } from 'typeorm';
import type { Repositories } from '../core/ports';

const managers = new WeakMap<Repositories, EntityManager>();

export function bindManager(repos: Repositories, m: EntityManager): void {
  managers.set(repos, m);
}

export const managerOf = (repos: Repositories): EntityManager => managers.get(repos)!;
