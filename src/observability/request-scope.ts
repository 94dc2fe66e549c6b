// The requests this process is answering right now, for the process-level safety nets: a crash is
// logged with the request id when one request was in flight, and with the ids in flight otherwise.
// (An AsyncLocalStorage would name the very request whose code failed, but its promise hooks cost
// ~6–10 % of a GET-by-id's CPU, measured; crashes are rare, requests are not.)

const inFlight = new Set<{ id: string }>();
const LISTED = 20;

/** Counts the request as in flight until its response closes (finished or cut). */
export function trackRequest(id: string, res: { once(event: 'close', listener: () => void): unknown }): void {
  const entry = { id };
  inFlight.add(entry);
  res.once('close', () => inFlight.delete(entry));
}

/** Ids of the requests in flight, the oldest first, at most 20. */
export function requestsInFlight(): string[] {
  const ids: string[] = [];
  for (const { id } of inFlight) {
    if (ids.length === LISTED) break;
    ids.push(id);
  }
  return ids;
}
