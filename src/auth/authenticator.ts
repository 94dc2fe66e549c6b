// Turns an Authorization header into a Principal. Every request reads the key and its account,
// so a revocation or a disable made by any process is seen on the very next request.
import type { Principal } from '../core/authorization';
import { unauthorized } from '../core/errors';
import { keyStatus } from '../core/model';
import type { Clock, Store } from '../core/ports';
import { keyIdOf } from './secret-format';
import type { SecretVerifier } from './secret-verifier';

interface PresentedCredential {
  secret: string;
  clientId?: string;
}

/** lastUsedAt is written at most this often per key, to keep reads from becoming writes. */
const TOUCH_INTERVAL_MS = 60_000;

export class Authenticator {
  constructor(
    private readonly store: Store,
    private readonly verifier: SecretVerifier,
    private readonly clock: Clock,
  ) {}

  async authenticate(header: string | undefined): Promise<Principal> {
    const credential = parseAuthorization(header);
    const keyId = keyIdOf(credential.secret);
    if (!keyId) throw unauthorized('Invalid credentials');
    const found = await this.store.run((repos) => repos.keys.getWithAccount(keyId));
    if (!found) {
      await this.verifier.decoy(credential.secret);
      throw unauthorized('Invalid credentials');
    }
    const { key, account } = found;
    if (credential.clientId !== undefined && credential.clientId !== account.clientId) {
      await this.verifier.decoy(credential.secret);
      throw unauthorized('Invalid credentials');
    }
    if (!(await this.verifier.verify(key.id, credential.secret, key.secretHash))) throw unauthorized('Invalid credentials');
    const now = this.clock.now();
    const status = keyStatus(key, now);
    if (status !== 'Active') throw unauthorized(`The key is ${status.toLowerCase()}`);
    if (!key.enabled) throw unauthorized('The key is disabled');
    if (account.status !== 'active') throw unauthorized('The service account is disabled');
    if (!key.lastUsedAt || now.getTime() - Date.parse(key.lastUsedAt) > TOUCH_INTERVAL_MS) {
      await this.store.run((repos) => repos.keys.touch(key.id, now.toISOString()));
    }
    return {
      accountId: account.id,
      organizationId: account.organizationId,
      role: account.role,
      keyId: key.id,
      scopes: key.scopes.filter((s) => account.permissions.includes(s)),
      readOnly: key.readOnly,
    };
  }
}

function parseAuthorization(header: string | undefined): PresentedCredential {
  if (!header) throw unauthorized('Authentication required');
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : header.slice(space + 1).trim();
  if (scheme === 'bearer' && value) return { secret: value };
  if (scheme === 'basic' && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  throw unauthorized('Unsupported or malformed Authorization header');
}
