// What a compound answer shows beside its resources (v3's `include`): the related rows its views
// name, read in one core call whatever their number (issue 25: one query per included account, each
// reading its groups' members, held the database for seconds). A document includes at most
// MAX_INCLUDED; past that the relationships stop naming more and say so (`truncated`), so that every
// included row is named and every named one included.
import { type Related } from './model';

/** The most related rows one answer includes. */
export const MAX_INCLUDED = 1000;

/** The relationships as shown once together they name at most MAX_INCLUDED rows, and those rows' ids. */
export function withinIncluded(relationships: Related[]): { shown: Related[]; ids: string[] } {
  const named = new Set<string>();
  const shown = relationships.map((r): Related => {
    const ids: string[] = [];
    for (const id of r.ids) {
      if (!named.has(id) && named.size === MAX_INCLUDED) return { ids, truncated: true };
      named.add(id);
      ids.push(id);
    }
    return { ids, truncated: r.truncated };
  });
  return { shown, ids: [...named] };
}
