// Idempotency-Key on POST: the first status and body are replayed for 24 h; the same key with a
// different request is a conflict; concurrent requests with one key run the handler once. Records
// live in the database, so a retry that lands on another process replays too. A record belongs to
// the credential that made it (key, and access token), never to its whole account, and is replayed
// only while that credential can still do what it could then: a replay can hold a secret.
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { authorityOf, stillCovers, type Authority } from '../../core/authorization';
import { conflict, forbidden, invalidField } from '../../core/errors';
import type { Clock } from '../../core/ports';
import type { IdempotencyRecord, ServiceStore } from '../../store/service-tables';
import type { Sealer } from './sealer';

const TTL_MS = 24 * 3600_000;
/** A pending record older than this belongs to a request that died; it may be taken over. */
const ABANDONED_MS = 60_000;
const WAIT_STEP_MS = 50;
const WAIT_MAX_MS = 10_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'cache-control', 'pragma'];

/** Answers that say "try again" (overload, unavailable, a lost race) are not replayed for 24 h. */
const isTransient = (status: number, res: Response) => status >= 500 || status === 429 || res.locals.transientAnswer === true;

export function idempotency(store: ServiceStore, sealer: Sealer, clock: Clock, scope: string): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const key = req.get('idempotency-key');
    if (req.method !== 'POST' || key === undefined) return next();
    if (!KEY_PATTERN.test(key)) throw invalidField('Idempotency-Key', 'must be 1–255 visible ASCII characters');
    const principal = req.principal!;
    const credential = `${principal.organizationId}\n${principal.accountId}\n${principal.keyId}\n${principal.tokenId ?? '-'}`;
    const id = sha256(`${scope}\n${credential}\n${key}`);
    const authority = JSON.stringify(authorityOf(principal));
    const fingerprint = sha256(`${req.method}\n${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`);

    const existing = await claimOrFind(store, clock, id, fingerprint, authority);
    if (existing) {
      if (existing.fingerprint !== fingerprint) throw conflict('This Idempotency-Key was used with a different request');
      if (!existing.authority || !stillCovers(principal, JSON.parse(existing.authority) as Authority)) {
        throw forbidden('This credential can no longer do what it did with this Idempotency-Key; nothing is replayed');
      }
      return replay(existing, sealer, res);
    }
    capture(res, async (status, body) => {
      if (isTransient(status, res)) return store.run((repos) => repos.idempotency.release(id));
      const headers = Object.fromEntries(REPLAYED_HEADERS.map((h) => [h, res.getHeader(h)]).filter(([, v]) => v !== undefined));
      await store.run((repos) => repos.idempotency.complete(id, { status, headers: JSON.stringify(headers), body: sealer.seal(body) }));
    });
    next();
  };
}

/** Claims the key (null: go ahead), or returns the finished record, waiting while another request holds it. */
async function claimOrFind(
  store: ServiceStore,
  clock: Clock,
  id: string,
  fingerprint: string,
  authority: string,
): Promise<IdempotencyRecord | null> {
  const started = Date.now();
  for (;;) {
    const now = clock.now();
    const record: IdempotencyRecord = {
      id,
      fingerprint,
      state: 'pending',
      status: null,
      headers: null,
      body: null,
      authority,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + TTL_MS).toISOString(),
    };
    if (await store.run((repos) => repos.idempotency.claim(record))) return null;
    const found = await store.run((repos) => repos.idempotency.get(id));
    if (!found) continue;
    const age = now.getTime() - Date.parse(found.createdAt);
    const stale = Date.parse(found.expiresAt) <= now.getTime() || (found.state === 'pending' && age > ABANDONED_MS);
    if (stale) {
      await store.run((repos) => repos.idempotency.release(id));
      continue;
    }
    if (found.state === 'completed' || found.fingerprint !== fingerprint) return found;
    if (Date.now() - started > WAIT_MAX_MS) throw conflict('A request with this Idempotency-Key is still in progress; retry later');
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
  }
}

function replay(record: IdempotencyRecord, sealer: Sealer, res: Response): void {
  const body = record.body ? sealer.open(record.body) : null;
  if (body === null || record.status === null) throw conflict('The stored response for this Idempotency-Key cannot be replayed');
  for (const [name, value] of Object.entries(JSON.parse(record.headers ?? '{}') as Record<string, string>)) res.setHeader(name, value);
  res.setHeader('Idempotent-Replayed', 'true');
  // A Buffer keeps the stored Content-Type as it was (a string would get `; charset=utf-8` added).
  res.status(record.status).send(Buffer.from(body));
}

/** Holds the response back until `persist` has stored it, so a retry can never miss it. */
function capture(res: Response, persist: (status: number, body: string) => Promise<void>): void {
  const send = res.send.bind(res);
  let done = false;
  res.send = ((body?: unknown) => {
    if (done) return send(body);
    done = true;
    const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body ?? '');
    // Whatever persisting or sending throws (a closed socket, a database down) ends here, never as
    // an unhandled rejection, which would take the process down.
    const deliver = () => {
      try {
        send(body);
      } catch (err) {
        res.destroy(err as Error);
      }
    };
    persist(res.statusCode, text)
      .then(deliver, deliver)
      .catch(() => undefined);
    return res;
  }) as Response['send'];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
