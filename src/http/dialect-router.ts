// Builds one dialect's express router from its operation table. The dialect's content negotiation
// runs for every path under its base; a matched operation then runs authentication, body parsing,
// idempotency, the caller's need (before anything it sent is read), the dialect's guards and the
// validators compiled once, then its handler. Paths no operation matches get the dialect's 404
// without asking for credentials; whatever goes wrong is rendered in the dialect's shape.
import { Router, type RequestHandler } from 'express';
import { requireCapability, requireKeyWrite, type Capability, type Principal } from '../core/authorization';
import { DomainError, forbidden, notFound } from '../core/errors';
import { authenticate } from './authenticate';
import type { AppContext } from './context';
import { principalOf } from './context';
import type { BeforeStep, Dialect } from './dialect';
import { dialectErrorHandler } from './error-handler';
import { idempotency } from './idempotency/middleware';
import { jsonBody } from './json-body';
import type { Call, Operation } from './operation';
import { withoutRefusedFields } from './refused-fields';
import { canonicalId } from './path-ids';
import { compile } from './validator';
import { wireRequestOf, writeHeaders, writeWire } from './kernel/express-wire';
import type { RetirementPolicy } from '../retirement/policy';

export type DialectContext = Pick<AppContext, 'core' | 'authenticator' | 'store' | 'sealer' | 'clock' | 'logger' | 'metrics'>;

/** `retirement`: the dialect's deprecation headers go on every response; after its sunset it answers 410. */
export function dialectRouter(ctx: DialectContext, dialect: Dialect, retirement?: RetirementPolicy): Router {
  const router = Router({ mergeParams: true });
  const signals = retirement?.headers(dialect.name) ?? {};
  router.use((_req, res, next) => {
    res.locals.dialect = dialect.name;
    res.locals.basePath = dialect.basePath;
    if (!retirement) return next();
    res.set(signals);
    if (retirement.isDeprecatedNow(dialect.name)) ctx.metrics.deprecatedRequests.inc({ dialect: dialect.name });
    next();
  });
  // The dialect's own first steps (v3: X-Trace-Id, media types) run before the sunset answer, so
  // that a 410 carries every header the dialect promises on its responses.
  if (dialect.before?.length) router.use(beforeSteps(dialect.before));
  if (retirement) router.use((_req, _res, next) => next(retirement.afterSunset(dialect.name) ?? undefined));
  const perOperation = [
    authenticate(ctx.authenticator, dialect.name, dialect.vocabulary.credentialHeaders),
    jsonBody(dialect.mediaTypes),
    idempotency(ctx.store, ctx.sealer, ctx.clock, dialect.name),
  ];
  for (const op of dialect.operations) router[op.method](expressPath(op.path), ...perOperation, handlerFor(ctx, dialect, op, retirement));
  // A known path asked with a method it does not take: 405 with Allow. (CORS preflights are
  // answered before any dialect, by the app's CORS handler, when CORS_ORIGINS names origins.)
  for (const [path, methods] of methodsByPath(dialect.operations)) {
    const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
    router.all(path, (req, res, next) => {
      res.set('Allow', allow);
      next(new DomainError('METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${methods.join(', ')}`));
    });
  }
  router.use((_req, _res, next) => next(notFound('Route')));
  router.use(dialectErrorHandler(dialect, ctx.logger));
  return router;
}

/** The dialect's first steps in order: the headers each gives are on the answer, whatever follows. */
function beforeSteps(steps: BeforeStep[]): RequestHandler {
  return (req, res, next) => {
    for (const step of steps) {
      const headers = step(req);
      if (headers) writeHeaders(res, headers);
    }
    next();
  };
}

function methodsByPath(operations: Operation[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const op of operations) {
    const path = expressPath(op.path);
    out.set(path, [...(out.get(path) ?? []), op.method.toUpperCase()]);
  }
  return out;
}

/** `/service-accounts/{id}` → `/service-accounts/:id`. */
const expressPath = (template: string) => template.replace(/\{(\w+)\}/g, ':$1');

function handlerFor(ctx: DialectContext, dialect: Dialect, op: Operation, retirement?: RetirementPolicy): RequestHandler {
  const readOnly = new Set(dialect.vocabulary.readOnlyFields);
  const body = op.body ? compile(op.body, { source: 'body', readOnly }) : null;
  const queryOf = dialect.queryValidator ?? ((schema: object) => compile(schema, { source: 'query' }));
  const query = op.query ? queryOf(op.query) : null;
  return async (req, res) => {
    const principal = principalOf(req);
    // A brownout needs the caller: exempt accounts pass (and the refusal is recorded with who was hit).
    const brownout = retirement?.brownout(dialect.name, principal.accountId);
    if (brownout) throw brownout;
    // What the caller may do is settled before anything it sent is read.
    requireNeed(principal, op.needs);
    if (op.roles && !op.roles.includes(principal.role)) throw forbidden(`Only ${op.roles.join(' or ')} accounts may do this`);
    const params = Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, canonicalId(String(v))]));
    if (dialect.guards?.length) {
      const request = wireRequestOf(req, { params });
      for (const guard of dialect.guards) guard(request, principal);
    }
    // One request, one budget on the database (issue 25): what its core calls take is counted and bounded.
    const core = ctx.core.forRequest();
    const refused: DomainError[] = [];
    let validQuery: unknown = req.query;
    let validBody: unknown = undefined;
    try {
      if (query) validQuery = query(req.query);
    } catch (err) {
      refused.push(validationError(err));
    }
    try {
      if (body) validBody = body(req.body ?? null);
    } catch (err) {
      const error = validationError(err);
      refused.push(error);
      if (op.otherProblems) {
        const rest = wireRequestOf(req, { params, query: validQuery, body: withoutRefusedFields(req.body, error.fields) });
        refused.push(...(await otherProblems(op, { request: rest, core, principal })));
      }
    }
    if (refused.length) throw oneError(refused);
    // The one place an operation's answer reaches the socket.
    const request = wireRequestOf(req, { params, query: validQuery, body: validBody });
    writeWire(res, await op.handle({ request, core, principal }));
  };
}

/** Only validation errors are gathered into one; anything else goes on as it is. */
function validationError(err: unknown): DomainError {
  if (err instanceof DomainError && err.code === 'VALIDATION_ERROR') return err;
  throw err;
}

/**
 * What the core finds wrong in the fields the schema accepted. The fields left may not make a
 * whole request; what the operation cannot read from them waits for the next round.
 */
async function otherProblems(op: Operation, call: Call): Promise<DomainError[]> {
  if (call.request.body === null) return [];
  try {
    const fields = await op.otherProblems!(call);
    return fields.length ? [new DomainError('VALIDATION_ERROR', 'The request is not valid', fields)] : [];
  } catch {
    return [];
  }
}

function oneError(errors: DomainError[]): DomainError {
  if (errors.length === 1) return errors[0];
  return new DomainError(
    'VALIDATION_ERROR',
    'The request is not valid',
    errors.flatMap((e) => e.fields),
  );
}

function requireNeed(p: Principal, need: Capability | 'authenticated'): void {
  if (need === 'authenticated') return;
  if (need === 'keys:write') requireKeyWrite(p);
  else requireCapability(p, need);
}
