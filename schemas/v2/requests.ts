// v2 request bodies and query strings (docs/reference/v2.md). Each is a TypeBox schema: ajv
// validates with it, and `Static<typeof schema>` is the type the bindings read.
import { Type, type Static } from '@sinclair/typebox';
import { about, dateTime, description, name, nullable, permissions, role, workspaceAssignment } from '../common/fields';

const assignments = Type.Array(workspaceAssignment, { maxItems: 100 });
const { Optional } = Type;

export const createServiceAccount = about(
  'A new service account, made with its first credential.',
  Type.Object(
    {
      name: about("The account's name, unique in the organization (case and width folded).", name),
      description: Optional(about('What the account is for; null for none.', nullable(description))),
      organizationalRole: Optional(
        about('Its role in the organization (default Member); the caller cannot grant more than it holds.', nullable(role)),
      ),
      workspaceAssignments: Optional(about('The workspaces it works in, and its role in each.', nullable(assignments))),
      expirationDate: Optional(about('When its first credential stops working; null for never.', nullable(dateTime))),
      scopes: Optional(
        about("The account's permissions (the first credential follows them); null or absent for none.", nullable(permissions)),
      ),
    },
    { additionalProperties: false },
  ),
);

export const updateServiceAccount = about(
  'What to change; a field that is absent or null stays as it is.',
  Type.Object(
    {
      name: Optional(about('A new name; absent or null leaves it as it is.', nullable(name))),
      description: Optional(about('A new description; absent or null leaves it as it is.', nullable(description))),
      organizationalRole: Optional(about('A new role; absent or null leaves it as it is.', nullable(role))),
      workspaceAssignments: Optional(
        about('The assignments from now on (they replace the old ones); absent or null leaves them.', nullable(assignments)),
      ),
    },
    { additionalProperties: false },
  ),
);

export const createCredential = about(
  'A new credential; the body may be absent.',
  nullable(
    Type.Object(
      {
        expirationDate: Optional(about('When the credential stops working; null for never.', nullable(dateTime))),
        scopes: Optional(
          about(
            'Caps the credential to these scopes (the account must hold them); absent or null: it can use all the account can.',
            nullable(permissions),
          ),
        ),
      },
      { additionalProperties: false },
    ),
  ),
);

export const createWorkspace = about(
  'A new workspace.',
  Type.Object({ name: about("The workspace's name, unique in the organization.", name) }, { additionalProperties: false }),
);

export const pageLimit = (what: string) => about(`How many ${what} a page holds (default 50).`, Type.Integer({ minimum: 1, maximum: 100 }));
export const pageToken = (description: string) => about(description, Type.String({ minLength: 1, maxLength: 512 }));

export const listServiceAccountsQuery = Type.Object(
  {
    limit: Optional(pageLimit('accounts')),
    continuationToken: Optional(
      pageToken("The previous page's `pagination.continuationToken`, for the next page (with the same filters)."),
    ),
    isActive: Optional(about('Only active (true) or only disabled (false) accounts.', Type.Boolean())),
    search: Optional(about('Only accounts whose name contains this (case-insensitive).', Type.String({ minLength: 1, maxLength: 200 }))),
  },
  { additionalProperties: false },
);

export const listAuditEventsQuery = Type.Object(
  {
    limit: Optional(pageLimit('events')),
    continuationToken: Optional(pageToken("The previous page's `pagination.continuationToken`, for the next page.")),
  },
  { additionalProperties: false },
);

export const noQuery = Type.Object({}, { additionalProperties: false });

export type CreateServiceAccount = Static<typeof createServiceAccount>;
export type UpdateServiceAccount = Static<typeof updateServiceAccount>;
export type CreateCredential = Static<typeof createCredential>;
