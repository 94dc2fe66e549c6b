// Webhook event types (issue 32): every audit event is `<resource>.<what happened, past tense>`
// (`service-account.created`, `key.revoked`, `group.member.added` …); the janitor's notices keep
// their own names (`key.expiring`, `key.over-lifetime`), and a revocation by secret scanning or a
// public report is also `key.leaked`.
import type { AuditEvent } from './model';

const PAST: Record<string, string> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  revoke: 'revoked',
  enable: 'enabled',
  disable: 'disabled',
  add: 'added',
  remove: 'removed',
  rotate: 'rotated',
  roll: 'rolled',
  exchange: 'exchanged',
};

/** Principal types whose key revocations mean the secret leaked (issue 30's scanners and reports). */
export const LEAK_PRINCIPAL_TYPES: readonly string[] = ['secret-scanning', 'public-revocation'];

/** The event types one audit event is delivered as (usually one). */
export function eventTypesOf(e: Pick<AuditEvent, 'action' | 'principalType'>): string[] {
  const at = e.action.lastIndexOf('.');
  const verb = e.action.slice(at + 1);
  const type = PAST[verb] ? `${e.action.slice(0, at)}.${PAST[verb]}` : e.action;
  const leaked = e.action === 'key.revoke' && e.principalType !== null && LEAK_PRINCIPAL_TYPES.includes(e.principalType);
  return leaked ? [type, 'key.leaked'] : [type];
}

/** Every type a subscription may ask for, in the order the documentation lists them. */
export const WEBHOOK_EVENT_TYPES = [
  'organization.created',
  'workspace.created',
  'service-account.created',
  'service-account.updated',
  'service-account.enabled',
  'service-account.disabled',
  'service-account.deleted',
  'key.created',
  'key.enabled',
  'key.disabled',
  'key.revoked',
  'key.rolled',
  'key.expiring',
  'key.over-lifetime',
  'key.leaked',
  'role.created',
  'role.updated',
  'role.deleted',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.member.added',
  'group.member.removed',
  'federated-credential.created',
  'federated-credential.updated',
  'federated-credential.deleted',
  'federated-credential.exchanged',
  'credential-policy.updated',
  'webhook.created',
  'webhook.updated',
  'webhook.rotated',
  'webhook.disabled',
  'webhook.deleted',
] as const;
