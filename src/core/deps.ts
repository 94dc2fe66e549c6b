import type { Clock, IdGenerator, SecretMinter, Store } from './ports';

/** Everything a use case needs from outside the core, passed in by the composition root. */
export interface CoreDeps {
  store: Store;
  minter: SecretMinter;
  clock: Clock;
  ids: IdGenerator;
  emailDomain: string;
}
