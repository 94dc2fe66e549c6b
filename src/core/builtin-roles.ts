// The roles every organization has (Ctrl-Hub's predefined roles): not stored, not changeable.
import type { IamRole } from './model';

const SINCE = '2026-01-01T00:00:00.000Z';

export const BUILTIN_ROLES: readonly IamRole[] = [
  {
    id: '00000000-0000-7000-8000-00000000a001',
    organizationId: null,
    name: 'service-accounts-viewer',
    description: 'Read service accounts and their keys',
    permissions: ['service-accounts:read'],
    createdAt: SINCE,
    updatedAt: SINCE,
  },
  {
    id: '00000000-0000-7000-8000-00000000a002',
    organizationId: null,
    name: 'service-accounts-admin',
    description: 'Read and manage service accounts and their keys',
    permissions: ['service-accounts:read', 'service-accounts:write'],
    createdAt: SINCE,
    updatedAt: SINCE,
  },
];

export const builtinRole = (id: string): IamRole | undefined => BUILTIN_ROLES.find((r) => r.id === id);
