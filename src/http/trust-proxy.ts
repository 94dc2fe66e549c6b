// TRUST_PROXY: express's 'trust proxy' setting, read from the environment. It decides whether
// X-Forwarded-For/-Host/-Proto count (for the client address of rate limits and audit, and for the
// URLs iamgate builds when PUBLIC_URL is unset). Off by default: nothing a client sends is trusted.
import express from 'express';

/** What express accepts: true (any proxy), a hop count, or addresses/subnets (`loopback`, `10.0.0.0/8`, …). */
export type TrustProxy = boolean | number | string[];

export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  const lower = value.toLowerCase();
  if (['', 'false', 'off', 'no'].includes(lower)) return false;
  if (['true', 'on', 'yes'].includes(lower)) return true;
  if (/^\d+$/.test(value)) return Number(value);
  const list = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  try {
    // express compiles the setting at once and throws on an address it cannot read.
    express().set('trust proxy', list);
  } catch (err) {
    throw new Error(
      `TRUST_PROXY must be true, false, a hop count or a comma-separated list of addresses and subnets (got "${raw}": ${(err as Error).message})`,
      { cause: err },
    );
  }
  return list;
}
