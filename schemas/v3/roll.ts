// POST /v3/orgs/{orgId}/iam/service-accounts/{id}/keys/{keyId}/roll (issue 30): what it takes and answers.
import { Type, type Static } from '@sinclair/typebox';
import { about, nullable } from '../common/fields';
import { attributes, resourceDocument } from './requests';
import { document, issuedKey, key, many, selfLinks } from './responses';

const rollDocument = resourceDocument({
  attributes: attributes({
    overlap_seconds: about(
      'How long the old key keeps working, in seconds from now: default 86400 (a day), 0 = it stops now, at most 604800 (7 days). ' +
        'Never later than an expiry it already had.',
      Type.Integer({ minimum: 0, maximum: 604_800 }),
    ),
  }),
  idRequired: false,
});

export const rollKey = about('The new `service-account-keys` resource a roll makes; the body may be absent.', nullable(rollDocument));
export type RollDocument = Static<typeof rollKey>;

export const rolledKeyDocument = about(
  'The new key, with its secret (shown only here), and the old key with its new expiry.',
  document({
    data: issuedKey,
    included: many('The old key: it works until its `meta.expires_at`, then is refused.', key, { minItems: 1, maxItems: 1 }),
    links: selfLinks,
  }),
);
