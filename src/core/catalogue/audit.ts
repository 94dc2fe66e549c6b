// What was done to an account and its keys.
import type { AuditPageQuery } from '../audit';
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
