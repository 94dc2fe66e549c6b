// Binds catalogue entries to a dialect's paths and codec, as rows of its operation table
// (src/http/operation.ts): the router, the validators, the OpenAPI document, the reference pages,
// the fuzzer and the authorization matrix read them.
import type { TObject, TSchema } from '@sinclair/typebox';
import type { CatalogueEntry, Resource } from '../../core/catalogue';
import { DomainError } from '../../core/errors';
import type { Tag } from '../openapi/api-description';
import type { Call, Operation } from '../operation';
import type { Binding, BoundRequest } from './binding';
import { expectedVersion } from './wire';

/** A dialect's binder: `tags` name the resources its operations belong to (its document's tags). */
export function binder(tags: Partial<Record<Resource, Tag>>) {
  return function bind<
    Input,
    Result,
    B extends TSchema | undefined = undefined,
    Q extends TObject | undefined = undefined,
    Parsed extends Input = Input,
  >(entry: CatalogueEntry<Input, Result>, binding: Binding<Input, Result, B, Q, Parsed>): Operation {
    const tag = tags[entry.resource];
    if (!tag) throw new Error(`${entry.operationId}: the dialect names no tag for ${entry.resource}`);
    const { parse, reply, problemInput, mapError: _mapError, ifMatch, ...wire } = binding;
    const honoursIfMatch = ifMatch ?? entry.ifMatch ?? false;
    const problemsOf = problemInput ?? parse;
    return {
      ...wire,
      operationId: binding.operationId ?? entry.operationId,
      summary: binding.summary ?? entry.summary,
      description: binding.description ?? entry.description,
      needs: entry.needs,
      ...(entry.roles ? { roles: entry.roles } : {}),
      tag,
      ...(honoursIfMatch ? { ifMatch: true } : {}),
      handle: handlerOf(entry, binding, honoursIfMatch),
      otherProblems: entry.problems && ((call) => entry.problems!(call.core, call.principal, problemsOf(requestOf<B, Q>(call)))),
      bound: { entry, parse, reply },
    };
  };
}

/**
 * The handler: parse, the one core call, the answer (the router writes it). Only where the dialect
 * honours If-Match is the call given its version; elsewhere the header is never read, and the
 * document lists it for exactly those (openapi/build.ts, from the row's `ifMatch`).
 */
function handlerOf<Input, Result, B extends TSchema | undefined, Q extends TObject | undefined, Parsed extends Input>(
  entry: CatalogueEntry<Input, Result>,
  { parse, reply, mapError }: Binding<Input, Result, B, Q, Parsed>,
  honoursIfMatch: boolean,
): Operation['handle'] {
  // The core's errors in the dialect's terms, where the binding says how.
  const settled = mapError
    ? (work: Promise<Result>) => work.catch((err: unknown) => Promise.reject(err instanceof DomainError ? mapError(err) : err))
    : (work: Promise<Result>) => work;
  if (honoursIfMatch) {
    return async (call) => {
      const request = requestOf<B, Q>(call);
      const input = parse(request);
      return reply(await settled(entry.run(call.core, call.principal, input, expectedVersion(request))), request, input);
    };
  }
  return async (call) => {
    const request = requestOf<B, Q>(call);
    const input = parse(request);
    return reply(await settled(entry.run(call.core, call.principal, input)), request, input);
  };
}

/**
 * The router (dialect-router.ts) validated the call's body and query with this binding's own
 * schemas (or, for otherProblems, kept only the body's fields they accepted), so they are what the
 * schemas say: the one place that is asserted rather than proved to the compiler.
 */
function requestOf<B, Q>(call: Call): BoundRequest<B, Q> {
  return call.request as BoundRequest<B, Q>;
}
