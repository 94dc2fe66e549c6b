// Webhook signing secrets (issue 32): Standard Webhooks' `whsec_` + base64 of 32 random bytes, shown
// once and stored sealed with the idempotency key (AES-256-GCM, as token signing keys are), since the
// deliverer needs the secret itself to sign.
import { randomBytes } from 'node:crypto';
import type { MintedWebhookSecret, WebhookSecretMinter } from '../core/hygiene-model';
import type { Sealer } from '../http/idempotency/sealer';

export class WebhookSecrets implements WebhookSecretMinter {
  constructor(private readonly sealer: Sealer) {}

  mint(): MintedWebhookSecret {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    return { secret, sealed: this.sealer.seal(secret) };
  }

  open(sealed: string): string | null {
    return this.sealer.open(sealed);
  }
}
