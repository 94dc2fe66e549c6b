// Webhook subscriptions (issue 32): an organization's Admins and UserAdmins choose where its events
// go and which; the signing secret is shown once (on creation and on rotation) and stored sealed.
// Every change is audited (and so is itself an event other subscriptions may take).
import type { Principal } from './authorization';
import { actingPrincipal } from './acting-principal';
import { changedValues, recordAudit, type AuditFact } from './audit';
import { requireAdministrator } from './credential-policy';
import type { CoreDeps } from './deps';
import { conflict, notFound } from './errors';
import type { StoredWebhookSubscription, WebhookDelivery, WebhookSubscription } from './hygiene-model';
import type { Repositories } from './ports';
import { FieldChecks, normalizeDescription } from './rules';
import { WEBHOOK_EVENT_TYPES } from './webhook-events';
import { normalizeWebhookUrl } from './webhook-url';
import { isUuidShaped } from './views';

/** An organization's subscriptions are few: each is a queue the deliverer works through. */
export const MAX_SUBSCRIPTIONS = 20;

export interface WebhookRequest {
  url?: string;
  events?: string[];
  description?: string | null;
  enabled?: boolean;
}

/** A subscription with its secret: the only time the secret leaves the store's seal. */
export interface IssuedWebhook {
  subscription: WebhookSubscription;
  secret: string;
}

const AUDITED = ['url', 'events', 'description', 'enabled'] as const;

function normalize(deps: CoreDeps, req: WebhookRequest, checks: FieldChecks): WebhookRequest {
  const out: WebhookRequest = {};
  if (req.url !== undefined) out.url = normalizeWebhookUrl(req.url, deps.webhookAllowedHosts ?? [], checks);
  if (req.events !== undefined) {
    const known = WEBHOOK_EVENT_TYPES as readonly string[];
    req.events.forEach((e, i) => {
      if (!known.includes(e)) checks.add(`events[${i}]`, `"${e}" is not an event type (see the documentation's list)`);
    });
    out.events = [...new Set(req.events)];
    if (!out.events.length) checks.add('events', 'must name at least one event type');
  }
  if (req.description !== undefined) out.description = normalizeDescription(req.description, checks);
  if (req.enabled !== undefined) out.enabled = req.enabled;
  return out;
}

/** Only what may be shown: never the sealed secret. */
function shown(s: StoredWebhookSubscription): WebhookSubscription {
  const { secretSealed: _sealed, ...rest } = s;
  return rest;
}

function fact(action: string, s: WebhookSubscription, before: WebhookSubscription | null, after: WebhookSubscription | null): AuditFact {
  const values = changedValues(AUDITED, before, after);
  return {
    action,
    targetType: 'webhook',
    targetId: s.id,
    serviceAccountId: null,
    changes: Object.fromEntries(values.map((v) => [v.field, v.after])),
    values,
    targetName: s.description ?? s.url,
  };
}

function minter(deps: CoreDeps) {
  if (!deps.webhookSecrets) throw new Error('webhook secrets are not configured');
  return deps.webhookSecrets;
}

export async function createWebhook(
  deps: CoreDeps,
  p: Principal,
  req: WebhookRequest & { url: string; events: string[] },
): Promise<IssuedWebhook> {
  requireAdministrator(p, 'write');
  const checks = new FieldChecks();
  const fields = normalize(deps, req, checks);
  checks.throwIfAny();
  const minted = minter(deps).mint();
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    requireAdministrator(await actingPrincipal(repos, p, now), 'write');
    await repos.organizations.lock(p.organizationId);
    if ((await repos.webhooks.list(p.organizationId)).length >= MAX_SUBSCRIPTIONS)
      throw conflict(`An organization has at most ${MAX_SUBSCRIPTIONS} webhook subscriptions`);
    const at = now.toISOString();
    const sub: StoredWebhookSubscription = {
      id: deps.ids.next(),
      organizationId: p.organizationId,
      url: fields.url!,
      events: fields.events!,
      description: fields.description ?? null,
      enabled: fields.enabled ?? true,
      disabledReason: null,
      createdAt: at,
      updatedAt: at,
      secretSealed: minted.sealed,
    };
    await repos.webhooks.insert(sub);
    await recordAudit(deps, repos, p, fact('webhook.create', sub, null, shown(sub)), p.organizationId);
    return { subscription: shown(sub), secret: minted.secret };
  });
}

export async function listWebhooks(deps: CoreDeps, p: Principal): Promise<WebhookSubscription[]> {
  requireAdministrator(p, 'read');
  return deps.store.run(async (repos) => (await repos.webhooks.list(p.organizationId)).map(shown));
}

export async function getWebhook(deps: CoreDeps, p: Principal, id: string): Promise<WebhookSubscription> {
  requireAdministrator(p, 'read');
  return deps.store.run(async (repos) => shown(await webhookOr404(repos, p.organizationId, id)));
}

/** Changes what it names; enabling it again clears why the service had disabled it. */
export async function updateWebhook(deps: CoreDeps, p: Principal, id: string, req: WebhookRequest): Promise<WebhookSubscription> {
  requireAdministrator(p, 'write');
  const checks = new FieldChecks();
  const fields = normalize(deps, req, checks);
  checks.throwIfAny();
  return changeWebhook(deps, p, id, (sub) => {
    if (fields.url !== undefined) sub.url = fields.url;
    if (fields.events !== undefined) sub.events = fields.events;
    if (fields.description !== undefined) sub.description = fields.description;
    if (fields.enabled !== undefined) sub.enabled = fields.enabled;
    if (sub.enabled) sub.disabledReason = null;
    return 'webhook.update';
  }).then((r) => r.subscription);
}

/** A new secret, shown once; the old one stops signing at once. */
export async function rotateWebhookSecret(deps: CoreDeps, p: Principal, id: string): Promise<IssuedWebhook> {
  requireAdministrator(p, 'write');
  const minted = minter(deps).mint();
  const { subscription } = await changeWebhook(deps, p, id, (sub) => {
    sub.secretSealed = minted.sealed;
    return 'webhook.rotate';
  });
  return { subscription, secret: minted.secret };
}

export async function deleteWebhook(deps: CoreDeps, p: Principal, id: string): Promise<void> {
  requireAdministrator(p, 'write');
  const now = deps.clock.now();
  await deps.store.transaction(async (repos) => {
    requireAdministrator(await actingPrincipal(repos, p, now), 'write');
    const sub = await webhookOr404(repos, p.organizationId, id);
    if (!(await repos.webhooks.delete(p.organizationId, sub.id))) throw notFound('Webhook subscription');
    await recordAudit(deps, repos, p, fact('webhook.delete', sub, shown(sub), null), p.organizationId);
  });
}

export async function listDeliveries(
  deps: CoreDeps,
  p: Principal,
  id: string,
  page: { limit: number; offset: number },
): Promise<{ items: WebhookDelivery[]; hasMore: boolean }> {
  requireAdministrator(p, 'read');
  return deps.store.run(async (repos) => {
    const sub = await webhookOr404(repos, p.organizationId, id);
    const rows = await repos.webhooks.deliveries(p.organizationId, sub.id, { ...page, limit: page.limit + 1 });
    return { items: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  });
}

async function changeWebhook(
  deps: CoreDeps,
  p: Principal,
  id: string,
  change: (sub: StoredWebhookSubscription) => string,
): Promise<{ subscription: WebhookSubscription }> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    requireAdministrator(await actingPrincipal(repos, p, now), 'write');
    const current = await webhookOr404(repos, p.organizationId, id);
    const next = { ...current, events: [...current.events] };
    const action = change(next);
    const rotated = next.secretSealed !== current.secretSealed;
    if (!rotated && !changedValues(AUDITED, current, next).length && next.disabledReason === current.disabledReason)
      return { subscription: shown(current) };
    next.updatedAt = now.toISOString();
    await repos.webhooks.update(next);
    await recordAudit(deps, repos, p, fact(action, next, shown(current), shown(next)), p.organizationId);
    return { subscription: shown(next) };
  });
}

async function webhookOr404(repos: Repositories, orgId: string, id: string): Promise<StoredWebhookSubscription> {
  const sub = isUuidShaped(id) ? await repos.webhooks.get(orgId, id.toLowerCase()) : null;
  if (!sub) throw notFound('Webhook subscription');
  return sub;
}

/**
 * The deliverer gave up on one of the subscription's deliveries (24 h of failures): the subscription
 * is disabled, audited as the system's doing, inside the caller's transaction. Enabling it again
 * (PUT/PATCH `enabled: true`) resumes its queue where it stopped.
 */
export async function disableFailingWebhook(deps: CoreDeps, repos: Repositories, orgId: string, id: string, reason: string): Promise<void> {
  const sub = await repos.webhooks.get(orgId, id);
  if (!sub || !sub.enabled) return;
  const next: StoredWebhookSubscription = {
    ...sub,
    enabled: false,
    disabledReason: reason.slice(0, 300),
    updatedAt: deps.clock.now().toISOString(),
  };
  await repos.webhooks.update(next);
  await recordAudit(deps, repos, null, fact('webhook.disable', next, shown(sub), shown(next)), orgId);
}
