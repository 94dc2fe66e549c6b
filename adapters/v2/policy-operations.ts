// v2 credential policy (issue 32): the organization's, read and replaced by its Admins and UserAdmins.
// Bound from the catalogue.
import { policy } from '../../src/core/catalogue';
import { binder } from '../../src/http/kernel/bind';
import { TAGS } from '../../schemas/v2/api';
import * as schema from '../../schemas/v2/hygiene';
import { item, ok } from './envelope';
import * as map from './hygiene-mapper';

const bind = binder(TAGS);
const PATH = '/credential-policy';

export const policyOperations = [
  bind(policy.getPolicy, {
    method: 'get',
    path: PATH,
    responses: ok('The policy', schema.credentialPolicy),
    parse: () => ({}),
    reply: (current, request) => item(request, 200, map.renderPolicy(current)),
  }),
  bind(policy.replacePolicy, {
    method: 'put',
    path: PATH,
    description:
      'The whole policy: a rule that is absent or null is off. From then on new credentials are capped (`expirationDate` beyond ' +
      '`maxKeyLifetimeDays` is 400; none gets the maximum) and the janitor applies the rest every JANITOR_INTERVAL_S. Audited ' +
      '(`credential-policy.update`). Only an Admin or a UserAdmin may change it.',
    body: schema.putCredentialPolicy,
    example: { maxKeyLifetimeDays: 90, disableUnusedKeysAfterDays: 30, warnBeforeExpiryDays: 7 },
    responses: ok('The policy', schema.credentialPolicy),
    parse: ({ body }) => ({ rules: map.toPolicyRules(body) }),
    reply: (current, request) => item(request, 200, map.renderPolicy(current)),
  }),
];
