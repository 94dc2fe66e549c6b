// v3 credential policy (issue 32): one `credential-policies` resource per organization, its id the
// organization's, read and changed (PATCH: what it names) by its Admins and UserAdmins. Bound from
// the catalogue.
import { policy } from '../../src/core/catalogue';
import type { CredentialPolicy, CredentialPolicyRules } from '../../src/core/hygiene-model';
import type { WireRequest } from '../../src/http/kernel/wire';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { ok, ORG_IAM } from '../../schemas/v3/api';
import * as schema from '../../schemas/v3/hygiene';
import { document } from './document';
import { policyResource } from './hygiene-resources';
import { selfLink, urlsOf } from './links';
import { parseFields, type Fieldsets } from './query';
import { assertTarget } from './request-documents';
import { POLICY_TYPE } from './resource-types';
import { bind } from './bind';

const PATH = `${ORG_IAM}/credential-policy`;

function readPolicy({ data }: schema.PolicyDocument, orgId: string): Partial<CredentialPolicyRules> {
  assertTarget(data, POLICY_TYPE, orgId);
  const a = data.attributes ?? {};
  const out: Partial<CredentialPolicyRules> = {};
  if (a.max_key_lifetime_days !== undefined) out.maxKeyLifetimeDays = a.max_key_lifetime_days;
  if (a.disable_unused_keys_after_days !== undefined) out.disableUnusedKeysAfterDays = a.disable_unused_keys_after_days;
  if (a.warn_before_expiry_days !== undefined) out.warnBeforeExpiryDays = a.warn_before_expiry_days;
  return out;
}

const answerPolicy = (request: WireRequest, current: CredentialPolicy, fields: Fieldsets) =>
  document(request, 200, { data: policyResource(current, urlsOf(request), fields), links: { self: selfLink(request) } });

export const policyOperations = [
  bind(policy.getPolicy, {
    method: 'get',
    path: PATH,
    description:
      'Key lifetime, idle and expiry-warning rules (each null when off), as one `credential-policies` resource whose id is the ' +
      "organization's. Only an Admin or a UserAdmin may read it (403 otherwise).",
    query: schema.policyQuery,
    responses: ok('The policy', schema.credentialPolicyDocument),
    parse: ({ query }) => ({ fields: parseFields(query) }),
    reply: (current, request, { fields }) => answerPolicy(request, current, fields),
  }),
  bind(policy.updatePolicy, {
    method: 'patch',
    path: PATH,
    description:
      'Changes the rules it names (null turns one off); the others stay. From then on new keys are capped (`expires_at` beyond ' +
      '`max_key_lifetime_days` is 400; none gets the maximum) and the janitor applies the rest. Audited ' +
      '(`credential-policy.update`). Only an Admin or a UserAdmin may change it.',
    query: schema.policyQuery,
    body: schema.updateCredentialPolicy,
    example: {
      data: {
        type: 'credential-policies',
        id: EXAMPLE_IDS.organization,
        attributes: { max_key_lifetime_days: 90, disable_unused_keys_after_days: 30 },
      },
    },
    responses: ok('The policy', schema.credentialPolicyDocument),
    parse: ({ params, query, body }) => {
      const changes = readPolicy(body, params.orgId);
      return { changes, fields: parseFields(query) };
    },
    reply: (current, request, { fields }) => answerPolicy(request, current, fields),
  }),
];
