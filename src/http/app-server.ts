// The HTTP server of an express app, with each request and response built on the app's own
// prototypes (app.request, app.response). Express 5 swaps the prototype of every request and
// response it handles (Object.setPrototypeOf in app.handle); on V8 that makes the whole request's
// objects outlive young-generation collections. With node's own classes, at 535 req/s for 20 s, a
// bare express app moved 66 MB into the old generation (6 KB a request) and iamgate's soak mix
// 197 MB (18 KB), so the old generation kept growing for minutes (issue 16's soak on PostgreSQL).
// Built on the right prototype from the start, express's swap sets the prototype the object already
// has, which V8 skips: the bare app moves 0.1 MB, iamgate 44–62 MB (request logs wait in their queue).
// The approach is the one proposed in expressjs/express#5998.
import { createServer, IncomingMessage, ServerResponse, type Server, type ServerOptions } from 'node:http';
import type { Express } from 'express';

/**
 * A constructor for node's server (it calls it with `new`) whose instances start with `prototype`
 * and are initialised by `Base`. node 20's IncomingMessage and ServerResponse are plain functions,
 * so `Base` runs on the new object; Reflect.construct (what a class would need) made about half as
 * much again garbage per request and promoted some of it (a bare express app, 20 s: 301 MB
 * allocated and 9.6 MB promoted, against 192 MB and 0.1 MB), so it is only the fallback.
 */
export function onPrototype<T extends typeof IncomingMessage | typeof ServerResponse>(Base: T, prototype: object): T {
  function ViaClass(...args: unknown[]): object {
    return Reflect.construct(Base, args, ViaClass) as object;
  }
  function ViaCall(this: object, ...args: unknown[]): void {
    (Base as unknown as (...a: unknown[]) => void).apply(this, args);
  }
  const Made = /^class\b/.test(Function.prototype.toString.call(Base)) ? ViaClass : ViaCall;
  Made.prototype = prototype;
  return Made as unknown as T;
}

export function createAppServer(app: Express, options: Omit<ServerOptions, 'IncomingMessage' | 'ServerResponse'> = {}): Server {
  return createServer(
    { ...options, IncomingMessage: onPrototype(IncomingMessage, app.request), ServerResponse: onPrototype(ServerResponse, app.response) },
    app,
  );
}
