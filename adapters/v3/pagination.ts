// Offset pagination as Ctrl-Hub spells it (`limit`/`offset` or `page[limit]`/`page[offset]`) and
// shows it: `meta.pagination` plus JSON:API's first/prev/next/last links (always in page[…] form);
// a list whose total is not counted (the audit log) has no counts and no `last`.
import type { WireRequest } from '../../src/http/kernel/wire';
import type { Json } from './document';
import { queryOf, selfLink } from './links';
import { badParameter } from './query';

export const DEFAULT_PAGE_LIMIT = 10;

export interface PageRequest {
  limit: number;
  offset: number;
}

/** A query's page parameters, as the query schemas accept them (numbers). */
export interface PageQuery {
  limit?: number;
  offset?: number;
  'page[limit]'?: number;
  'page[offset]'?: number;
}

/** `limit`/`offset` (Ctrl-Hub) or `page[limit]`/`page[offset]` (JSON:API family), not both. */
export function parsePage(query: PageQuery, defaultLimit = DEFAULT_PAGE_LIMIT): PageRequest {
  const pick = (name: 'limit' | 'offset'): number | undefined => {
    const plain = query[name];
    const paged = query[`page[${name}]`];
    if (plain !== undefined && paged !== undefined) badParameter(name, `give either ${name} or page[${name}], not both`);
    return plain ?? paged;
  };
  return { limit: pick('limit') ?? defaultLimit, offset: pick('offset') ?? 0 };
}

export interface PageDocumentParts {
  links: Record<string, string | null>;
  meta: { pagination: Json };
}

/** What is known past the page: a counted total (counts and a `last` link), or only whether more follows. */
export type Extent = { total: number } | { hasMore: boolean };

export function paginate(
  request: Pick<WireRequest, 'publicBase' | 'path' | 'rawQuery'>,
  page: PageRequest,
  extent: Extent,
): PageDocumentParts {
  const { limit, offset } = page;
  const more = 'total' in extent ? offset + limit < extent.total : extent.hasMore;
  const next = more ? offset + limit : null;
  const previous = offset > 0 ? Math.max(0, offset - limit) : null;

  // Whichever spelling came in, the links use page[…], always last and in one order.
  const query = queryOf(request);
  for (const name of ['limit', 'offset', 'page[limit]', 'page[offset]']) delete query[name];
  const at = (to: number | null) =>
    to === null
      ? null
      : selfLink(request, {
          ...query,
          'page[limit]': String(limit),
          'page[offset]': String(to),
        });

  const links: Record<string, string | null> = { self: selfLink(request), first: at(0), prev: at(previous), next: at(next) };
  const pagination: Record<string, Json> = { current_page: Math.floor(offset / limit) + 1 };
  if ('total' in extent) {
    const pages = Math.ceil(extent.total / limit);
    links.last = at(Math.max(0, (pages - 1) * limit));
    pagination.counts = { resources: extent.total, pages };
  }
  pagination.requested = { limit, offset };
  pagination.offsets = { next, previous };
  return { links, meta: { pagination } };
}
