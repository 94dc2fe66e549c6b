// POST /v1/api-keys/{id}/roll (issue 30): what it takes and answers.
import { Type } from '@sinclair/typebox';
import { about, closedObject, nullable, optionalTimestamp, timestamp, uuid } from '../common/fields';
import { issuedApiKey } from './responses';

const overlapSeconds = about(
  'How long the old key keeps working, in seconds from now: default 86400 (a day), 0 = it stops now, at most 604800 (7 days). ' +
    'Never later than an expiry it already had.',
  Type.Integer({ minimum: 0, maximum: 604_800 }),
);

export const rollApiKey = about(
  'How long the old key overlaps the new one; the body may be absent.',
  nullable(Type.Object({ overlapSeconds: Type.Optional(overlapSeconds) }, { additionalProperties: false })),
);

export const rolledApiKey = about(
  'The new api key with its secret (shown only here), and the old key with its new expiry.',
  closedObject({
    ...issuedApiKey.properties,
    expiresAt: about(
      'When the new key stops working: as long from now as the old key had from its creation; null for never.',
      optionalTimestamp,
    ),
    previous: about(
      'The old key: it works until `expiresAt`, then is refused.',
      closedObject({ id: about("The old key's id.", uuid), expiresAt: about('When the old key stops working.', timestamp) }),
    ),
  }),
);
