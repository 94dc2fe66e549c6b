// What was done to an account and its keys, and in the whole organization.
import type { AuditPageQuery, OrganizationAuditQuery } from '../audit';
import { entry } from './entry';

export const listAccountAuditEvents = entry({
  operationId: 'listAuditEvents',
  summary: "An account's audit events",
  description:
    'What was done to the account and its keys, oldest first, a page at a time: who did it, through which dialect, from which ' +
    'address, and each changed value before and after. Secrets never appear.',
  needs: 'read',
  resource: 'audit',
  run: (core, p, input: { accountId: string; page: AuditPageQuery }) => core.listAuditEvents(p, input.accountId, input.page),
});

export const listOrganizationAuditEvents = entry({
  operationId: 'listAuditEvents',
  summary: "The organization's audit events, newest first",
  description:
    'Who changed what in the organization, from where, with each value before and after; filtered by resource or kind of ' +
    'change. Secrets never appear.',
  needs: 'read',
  resource: 'audit',
  run: (core, p, input: OrganizationAuditQuery) =>
    core.listOrganizationAuditEvents(p, { limit: input.limit, offset: input.offset, filter: input.filter }),
});
