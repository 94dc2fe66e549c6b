// Absolute URLs for `links` and `Location` (the JSON:API schema wants URIs, and clients follow them).
import type { Request } from 'express';
import { principalOf } from '../../src/http/context';
import { publicOrigin } from '../../src/http/public-origin';

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
  role(id: string, custom: boolean): string {
    return custom ? `${this.base}/roles/${id}` : `${this.origin}/v3/iam/roles/${id}`;
  }
}

/** The URLs of the caller's organization (the path's `{orgId}` has been checked to be it). */
export function urlsOf(req: Request): V3Urls {
  return new V3Urls(originOf(req), principalOf(req).organizationId);
}

/** The request's own URL, its query re-encoded (brackets in `fields[…]` are not legal in a URI). */
export function selfLink(req: Request, query: Record<string, string> = queryOf(req)): string {
  const search = new URLSearchParams(query).toString();
  return `${originOf(req)}${req.baseUrl}${req.path}${search ? `?${search}` : ''}`;
}

/** PUBLIC_URL, or a trusted proxy's forwarded host, or the address the server was reached on: never a bare Host header. */
function originOf(req: Request): string {
  return publicOrigin(req);
}

/** The validated query as plain strings, in the order the client gave it. */
export function queryOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.query)) out[key] = String(value);
  return out;
}
