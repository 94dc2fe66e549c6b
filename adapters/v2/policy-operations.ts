// v2 credential policy (issue 32): the organization's, read and replaced by its Admins and UserAdmins.
import { operation } from '../../src/http/operation';
import { ADMINISTRATOR_ROLES } from '../../src/core/credential-policy';
import { TAGS } from '../../schemas/v2/api';
import * as schema from '../../schemas/v2/hygiene';
import * as res from '../../schemas/v2/responses';
import { sendItem } from './envelope';
import * as map from './hygiene-mapper';

const PATH = '/credential-policy';
const policy = { 200: { description: 'The policy', schema: res.item(schema.credentialPolicy) } };

export const policyOperations = [
  operation({
    method: 'get',
    path: PATH,
    summary: "The organization's credential policy",
    needs: 'read',
    roles: ADMINISTRATOR_ROLES,
    operationId: 'getCredentialPolicy',
    tag: TAGS.policy,
    description:
      'Key lifetime, idle and expiry-warning rules (each null when off). Only an Admin or a UserAdmin may read it (403 otherwise).',
    responses: policy,
    async handle({ req, res: out, core, principal }) {
      sendItem(req, out, 200, map.renderPolicy(await core.getCredentialPolicy(principal)));
    },
  }),
  operation<map.V2PolicyBody>({
    method: 'put',
    path: PATH,
    summary: "Replace the organization's credential policy",
    needs: 'write',
    roles: ADMINISTRATOR_ROLES,
    operationId: 'setCredentialPolicy',
    tag: TAGS.policy,
    description:
      'The whole policy: a rule that is absent or null is off. From then on new credentials are capped (`expirationDate` beyond ' +
      '`maxKeyLifetimeDays` is 400; none gets the maximum) and the janitor applies the rest every JANITOR_INTERVAL_S. Audited ' +
      '(`credential-policy.update`). Only an Admin or a UserAdmin may change it.',
    body: schema.putCredentialPolicy,
    example: { maxKeyLifetimeDays: 90, disableUnusedKeysAfterDays: 30, warnBeforeExpiryDays: 7 },
    responses: policy,
    async handle({ req, res: out, core, principal, body }) {
      sendItem(req, out, 200, map.renderPolicy(await core.setCredentialPolicy(principal, map.toPolicyRules(body))));
    },
  }),
];
