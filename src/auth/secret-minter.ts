// Mints key secrets and their bcrypt hashes (async: bcrypt runs on libuv's pool, not the event loop).
import bcrypt from 'bcrypt';
import type { MintedSecret, SecretMinter } from '../core/ports';
import { DISPLAY_PREFIX_LENGTH, formatSecret } from './secret-format';

export interface BcryptTimer {
  timeBcrypt<T>(operation: 'hash' | 'verify' | 'decoy', work: () => Promise<T>): Promise<T>;
}

export const untimed: BcryptTimer = { timeBcrypt: (_op, work) => work() };

export class BcryptSecretMinter implements SecretMinter {
  constructor(
    private readonly cost: number,
    private readonly timer: BcryptTimer = untimed,
  ) {}

  async mint(keyId: string): Promise<MintedSecret> {
    const secret = formatSecret(keyId);
    const hash = await this.timer.timeBcrypt('hash', () => bcrypt.hash(secret, this.cost));
    return { secret, hash, prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH) };
  }
}
