import type { FederationPolicy } from './federation-rules';
import type { WebhookSecretMinter } from './hygiene-model';
import type { Clock, IdGenerator, SecretMinter, Store } from './ports';
import type { RequestLogReader } from './request-logs';
import type { UsageReader } from './usage';

/** Everything a use case needs from outside the core, passed in by the composition root. */
export interface CoreDeps {
  store: Store;
  minter: SecretMinter;
  clock: Clock;
  ids: IdGenerator;
  emailDomain: string;
  /** Request logs (read only); absent when the composition keeps none. */
  requestLogs?: RequestLogReader;
  /** Daily usage per dialect, account, key and route (read only; issue 18). */
  usage?: UsageReader;
  /** What federated credentials may name (issue 31): http issuers allowed, and the JWK check. */
  federation: FederationPolicy;
  /** Webhook signing secrets (issue 32); absent where no subscription can be made. */
  webhookSecrets?: WebhookSecretMinter;
  /** WEBHOOK_ALLOWED_HOSTS: hosts a webhook may reach over plain http and at private addresses. */
  webhookAllowedHosts?: readonly string[];
}
