// Absolute URLs for `links` and `Location` (the JSON:API schema wants URIs, and clients follow them),
// from the public origin the request was reached at (PUBLIC_URL, or a trusted proxy's forwarded host,
// or the address the server was reached on: never a bare Host header).
import type { IamRole } from '../../src/core/model';
import type { WireRequest } from '../../src/http/kernel/wire';

export class V3Urls {
  readonly base: string;

  constructor(
    readonly origin: string,
    organizationId: string,
  ) {
    this.base = `${origin}/v3/orgs/${organizationId}/iam`;
  }

  accounts(): string {
    return `${this.base}/service-accounts`;
  }

  account(id: string): string {
    return `${this.accounts()}/${id}`;
  }

  keys(accountId: string): string {
    return `${this.account(accountId)}/keys`;
  }

  key(accountId: string, keyId: string): string {
    return `${this.keys(accountId)}/${keyId}`;
  }

  log(accountId: string, logId: string): string {
    return `${this.account(accountId)}/logs/${logId}`;
  }

  keysRelationship(accountId: string): string {
    return `${this.account(accountId)}/relationships/keys`;
  }

  groupsRelationship(accountId: string): string {
    return `${this.account(accountId)}/relationships/groups`;
  }

  group(id: string): string {
    return `${this.base}/groups/${id}`;
  }

  groupMembers(id: string): string {
    return `${this.group(id)}/relationships/service-accounts`;
  }

  /** Ctrl-Hub's alias of the members relationship (its SDK's `patchMembers`). */
  groupMembersAlias(id: string): string {
    return `${this.group(id)}/relationships/members`;
  }

  /** Organizations are at /v3/orgs/{id}, above their IAM base. */
  organisation(id: string): string {
    return `${this.origin}/v3/orgs/${id}`;
  }

  /** The catalogue is the same path for every organization; a name is `[a-z0-9_*:-]`, safe in a path. */
  permission(name: string): string {
    return `${this.origin}/v3/iam/permissions/${name}`;
  }

  /** The group's members as a page of service accounts (`links.related` of its relationship). */
  accountsInGroup(groupId: string): string {
    return `${this.accounts()}?${new URLSearchParams({ 'filter[group]': groupId })}`;
  }

  /** The account's groups as a page of groups (`links.related` of its relationship). */
  groupsOfAccount(accountId: string): string {
    return `${this.base}/groups?${new URLSearchParams({ 'filter[service_account]': accountId })}`;
  }

  /** Built-in roles live at /v3/iam/roles; an organization's own under its IAM base. */
  role({ id, organizationId }: Pick<IamRole, 'id' | 'organizationId'>): string {
    return organizationId === null ? `${this.origin}/v3/iam/roles/${id}` : `${this.origin}/v3/orgs/${organizationId}/iam/roles/${id}`;
  }
}

/**
 * The URLs of an organization: by default the path's `{orgId}` (the guard has checked it is the
 * caller's); paths without one name the organization the answer is about.
 */
export function urlsOf(request: Pick<WireRequest, 'publicBase' | 'params'>, organizationId = request.params.orgId ?? ''): V3Urls {
  return new V3Urls(request.publicBase, organizationId);
}

/** The request's own URL, its query re-encoded (brackets in `fields[…]` are not legal in a URI). */
export function selfLink(
  request: Pick<WireRequest, 'publicBase' | 'path' | 'rawQuery'>,
  query: Record<string, string> = queryOf(request),
): string {
  const search = new URLSearchParams(query).toString();
  return `${request.publicBase}${request.path}${search ? `?${search}` : ''}`;
}

/** The query as sent, as plain strings, in the order the client gave it. */
export function queryOf(request: Pick<WireRequest, 'rawQuery'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.rawQuery)) out[key] = String(value);
  return out;
}
