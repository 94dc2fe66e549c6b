// The base URL clients reach iamgate at, for every URL a response names (v2 problem `type`s too):
// the one rule of public-origin.ts, so no URL ever comes from an untrusted Host header.
import type { Request } from 'express';
import { publicOrigin } from './public-origin';

export function publicBase(req: Request): string {
  return publicOrigin(req);
}
