// The server's webhook deliverer, composed: the outbox on the runtime's store, payloads rendered as
// the v2 dialect shows audit events, secrets opened with the runtime's sealer.
import { renderAuditEvent } from '../../adapters/v2/mapper';
import type { Runtime } from '../composition';
import { DEFAULT_WEBHOOK_CONCURRENCY, DEFAULT_WEBHOOK_POLL_MS, DEFAULT_WEBHOOK_TIMEOUT_MS } from '../config';
import { WebhookOutbox } from '../store/webhook-outbox';
import { WebhookDeliverer } from './deliverer';

export function startWebhookDeliverer(runtime: Runtime): WebhookDeliverer {
  const { config } = runtime;
  return new WebhookDeliverer(
    {
      outbox: new WebhookOutbox(runtime.store),
      store: runtime.store,
      core: runtime.core,
      clock: runtime.clock,
      logger: runtime.logger,
      openSecret: (sealed) => runtime.sealer.open(sealed),
      render: renderAuditEvent,
    },
    {
      concurrency: config.webhookConcurrency ?? DEFAULT_WEBHOOK_CONCURRENCY,
      pollMs: config.webhookPollMs ?? DEFAULT_WEBHOOK_POLL_MS,
      timeoutMs: config.webhookTimeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
      allowedHosts: config.webhookAllowedHosts ?? [],
    },
  ).start();
}
