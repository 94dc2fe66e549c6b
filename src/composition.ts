// The composition root: config → store → core → authenticator. Used by the server, the CLI and tests.
import { Authenticator } from './auth/authenticator';
import { BcryptSecretMinter } from './auth/secret-minter';
import { SecretVerifier } from './auth/secret-verifier';
import type { Config } from './config';
import { IamCore } from './core';
import { systemClock, uuidIds } from './ids';
import type { AppContext } from './http/context';
import { TypeOrmStore } from './store/typeorm-store';

export interface Runtime extends AppContext {
  store: TypeOrmStore;
  verifier: SecretVerifier;
}

export async function openRuntime(config: Config): Promise<Runtime> {
  const store = await TypeOrmStore.open(config.databaseUrl);
  const core = new IamCore({
    store,
    minter: new BcryptSecretMinter(config.bcryptCost),
    clock: systemClock,
    ids: uuidIds,
    emailDomain: config.emailDomain,
  });
  const verifier = new SecretVerifier(config.bcryptCost);
  return { config, store, core, verifier, authenticator: new Authenticator(store, verifier, systemClock) };
}
