// The organization's credential policy (issue 32): read, replaced or changed by its Admins and
// UserAdmins only.
import { ADMINISTRATOR_ROLES } from '../credential-policy';
import type { CredentialPolicyRules } from '../hygiene-model';
import { entry } from './entry';

const CHANGED =
  'new keys are capped (an expiry beyond `maxKeyLifetimeDays` is 400; none gets the maximum) and the janitor applies the rest every ' +
  'JANITOR_INTERVAL_S. Audited (`credential-policy.update`). Only an Admin or a UserAdmin may change it.';

export const getPolicy = entry({
  operationId: 'getCredentialPolicy',
  summary: "The organization's credential policy",
  description:
    'Key lifetime, idle and expiry-warning rules (each null when off). Only an Admin or a UserAdmin may read it (403 otherwise).',
  needs: 'read',
  roles: ADMINISTRATOR_ROLES,
  resource: 'policy',
  run: (core, p) => core.getCredentialPolicy(p),
});

/** The whole policy: every rule given, null when off. */
export const replacePolicy = entry({
  operationId: 'setCredentialPolicy',
  summary: "Replace the organization's credential policy",
  description: `The whole policy: a rule that is absent or null is off. From then on ${CHANGED}`,
  needs: 'write',
  roles: ADMINISTRATOR_ROLES,
  resource: 'policy',
  run: (core, p, input: { rules: CredentialPolicyRules }) => core.setCredentialPolicy(p, input.rules),
});

/** The rules named; the others stay as they are. */
export const updatePolicy = entry({
  operationId: 'updateCredentialPolicy',
  summary: 'Change rules of the credential policy',
  description: `Changes the rules it names (null turns one off); the others stay. From then on ${CHANGED}`,
  needs: 'write',
  roles: ADMINISTRATOR_ROLES,
  resource: 'policy',
  run: (core, p, input: { changes: Partial<CredentialPolicyRules> }) => core.setCredentialPolicy(p, input.changes),
});
