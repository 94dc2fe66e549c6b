// v3 credential policy (issue 32): one `credential-policies` resource per organization, its id the
// organization's, read and changed (PATCH: what it names) by its Admins and UserAdmins.
import { ADMINISTRATOR_ROLES } from '../../src/core/credential-policy';
import type { CredentialPolicyRules } from '../../src/core/hygiene-model';
import { operation } from '../../src/http/operation';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { ok, ORG_IAM, TAGS } from '../../schemas/v3/api';
import * as schema from '../../schemas/v3/hygiene';
import { sendDocument } from './document';
import { policyResource } from './hygiene-resources';
import { selfLink, urlsOf } from './links';
import { resourceOptions, type Query } from './query';
import { assertTarget, type ResourceDocument } from './request-documents';
import { POLICY_TYPE } from './resource-types';

type PolicyDocument = ResourceDocument<{
  max_key_lifetime_days?: number | null;
  disable_unused_keys_after_days?: number | null;
  warn_before_expiry_days?: number | null;
}>;

const PATH = `${ORG_IAM}/credential-policy`;
const roles = ADMINISTRATOR_ROLES;

function readPolicy({ data }: PolicyDocument, orgId: string): Partial<CredentialPolicyRules> {
  assertTarget(data, POLICY_TYPE, orgId);
  const a = data.attributes ?? {};
  const out: Partial<CredentialPolicyRules> = {};
  if (a.max_key_lifetime_days !== undefined) out.maxKeyLifetimeDays = a.max_key_lifetime_days;
  if (a.disable_unused_keys_after_days !== undefined) out.disableUnusedKeysAfterDays = a.disable_unused_keys_after_days;
  if (a.warn_before_expiry_days !== undefined) out.warnBeforeExpiryDays = a.warn_before_expiry_days;
  return out;
}

export const policyOperations = [
  operation<unknown, Query>({
    method: 'get',
    path: PATH,
    summary: "The organization's credential policy",
    needs: 'read',
    roles,
    operationId: 'getCredentialPolicy',
    tag: TAGS.policy,
    description:
      'Key lifetime, idle and expiry-warning rules (each null when off), as one `credential-policies` resource whose id is the ' +
      "organization's. Only an Admin or a UserAdmin may read it (403 otherwise).",
    query: schema.policyQuery,
    responses: ok('The policy', schema.credentialPolicyDocument),
    async handle({ req, res: out, core, principal, query }) {
      const policy = await core.getCredentialPolicy(principal);
      const fields = resourceOptions(query, POLICY_TYPE).fields;
      sendDocument(req, out, 200, { data: policyResource(policy, urlsOf(req), fields), links: { self: selfLink(req) } });
    },
  }),
  operation<PolicyDocument, Query>({
    method: 'patch',
    path: PATH,
    summary: 'Change rules of the credential policy',
    needs: 'write',
    roles,
    operationId: 'updateCredentialPolicy',
    tag: TAGS.policy,
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
    async handle({ req, res: out, core, principal, params, query, body }) {
      const policy = await core.setCredentialPolicy(principal, readPolicy(body, params.orgId));
      const fields = resourceOptions(query, POLICY_TYPE).fields;
      sendDocument(req, out, 200, { data: policyResource(policy, urlsOf(req), fields), links: { self: selfLink(req) } });
    },
  }),
];
