// The core (src/core's IamCore) on the in-memory store, with a clock the test moves and secrets in
// the real format hashed without bcrypt: what a unit test of a use case starts from. The store is
// test/support/memory-store.ts, proven against the real one by test/store/contract.
import { createHash, randomBytes } from 'node:crypto';
import { jwkProblem } from '../../../src/auth/federation/jwk-check';
import { formatSecret } from '../../../src/auth/secret-format';
import { IamCore, type CreateAccountRequest, type KeyRequest, type Principal } from '../../../src/core';
import { principalFor } from '../../../src/core/authorization';
import type { WebhookSecretMinter } from '../../../src/core/hygiene-model';
import type { Clock, SecretMinter, Store } from '../../../src/core/ports';
import { uuidIds } from '../../../src/ids';
import { MemoryStore } from '../../support/memory-store';

export class ManualClock implements Clock {
  constructor(private at = Date.parse('2030-01-01T00:00:00.000Z')) {}

  now(): Date {
    return new Date(this.at);
  }

  advance(ms: number): void {
    this.at += ms;
  }
}

/** The real secret format; SHA-256 instead of bcrypt (the core never looks inside a hash). */
export const fastMinter: SecretMinter = {
  mint: async (keyId) => {
    const secret = formatSecret(keyId);
    return { secret, prefix: secret.slice(0, 12), hash: createHash('sha256').update(secret).digest('hex') };
  },
};

/** Webhook secrets in their real shape, "sealed" reversibly (the core only stores what it is given). */
export const plainWebhookSecrets: WebhookSecretMinter = {
  mint: () => {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    return { secret, sealed: `sealed:${secret}` };
  },
};

export const EMAIL_DOMAIN = 'iam.test';

/** The core on `store`, as the composition root makes it: https issuers only, JWKs checked by jose. */
export function coreOn(store: MemoryStore, clock: Clock = new ManualClock()): IamCore {
  return new IamCore({
    store,
    minter: fastMinter,
    clock,
    ids: uuidIds,
    emailDomain: EMAIL_DOMAIN,
    federation: { httpIssuers: new Set(), jwkProblem },
    webhookSecrets: plainWebhookSecrets,
  });
}

/** The caller a key makes, as authentication would build it (through v3, for the audit log). */
export async function principalOf(store: Store, keyId: string): Promise<Principal> {
  const found = await store.run((r) => r.keys.getWithAccount(keyId));
  if (!found) throw new Error(`no key ${keyId}`);
  return { ...principalFor(found.key, found.account), via: { dialect: 'v3', requestId: 'req-unit' } };
}

export interface CoreWorld {
  core: IamCore;
  store: MemoryStore;
  clock: ManualClock;
  orgId: string;
  /** The organization's first Admin, through its bootstrap key. */
  admin: Principal;
  /**
   * An account the Admin makes with `fields`, and the caller its first key makes (`key`: that key's
   * request; a key following the account without).
   */
  caller(fields?: Partial<CreateAccountRequest>, key?: KeyRequest): Promise<{ id: string; p: Principal }>;
}

export async function coreWorld(): Promise<CoreWorld> {
  const store = new MemoryStore();
  const clock = new ManualClock();
  const core = coreOn(store, clock);
  const boot = await core.createOrganization('Acme');
  const admin = await principalOf(store, boot.admin.issued!.key.id);
  let made = 0;
  return {
    core,
    store,
    clock,
    orgId: boot.organization.id,
    admin,
    caller: async (fields = {}, key = {}) => {
      const created = await core.createAccount(admin, { name: `Caller ${++made}`, ...fields, firstKey: key });
      return { id: created.view.account.id, p: await principalOf(store, created.issued!.key.id) };
    },
  };
}

/** Runs `work` and checks that nothing stored changed; returns how it failed. */
export async function refusedWithoutChange(store: MemoryStore, work: () => Promise<unknown>): Promise<unknown> {
  const before = store.dump();
  const failure = await work().then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (err: unknown) => err,
  );
  expect(store.dump()).toBe(before);
  return failure;
}
