// POST /api/v2/service-accounts/{id}/credentials/{credentialId}/roll (issue 30): what it takes and answers.
import { Type } from '@sinclair/typebox';
import { about, closedObject, nullable, timestamp, uuid } from '../common/fields';
import { issuedCredential } from './responses';

export const rollCredential = about(
  'How long the old credential overlaps the new one; the body may be absent.',
  nullable(
    Type.Object(
      {
        overlapSeconds: Type.Optional(
          about(
            'How long the old credential keeps working, in seconds from now: default 86400 (a day), 0 = it stops now, at most 604800 ' +
              '(7 days). Never later than an expiry it already had.',
            Type.Integer({ minimum: 0, maximum: 604_800 }),
          ),
        ),
      },
      { additionalProperties: false },
    ),
  ),
);

export const rolledCredential = about(
  'The new credential with its secret (shown only here), and the old credential with its new expiry.',
  closedObject({
    ...issuedCredential.properties,
    previousCredential: about(
      'The old credential: it works until `expirationDate`, then is refused.',
      closedObject({
        id: about("The old credential's id.", uuid),
        expirationDate: about('When the old credential stops working.', timestamp),
      }),
    ),
  }),
);
