// The platform table: every route outside the dialects, in the order the platform document and
// docs/reference/platform.md list them. The express routes (router.ts), /openapi/platform.json
// (openapi/platform.ts) and the reference page are made from these rows, so a platform route cannot
// be served and not documented, or documented and not served.
import { index, jwks, openIdConfiguration, serverMetadata } from './discovery';
import { verify } from './forward-auth';
import { health, metrics, readiness } from './health';
import { publicRevocation, secretScanning } from './leaked-secrets';
import { introspect, revoke, token } from './oauth2';
import type { PlatformRoute, PlatformSection } from './route';

export const PLATFORM_ROUTES: readonly PlatformRoute[] = [
  token,
  introspect,
  revoke,
  serverMetadata,
  openIdConfiguration,
  jwks,
  verify,
  health,
  readiness,
  metrics,
  index,
  secretScanning,
  publicRevocation,
];

/** The sections, in the order their first row comes, each with its rows. */
export function platformSections(
  routes: readonly PlatformRoute[] = PLATFORM_ROUTES,
): { section: PlatformSection; rows: PlatformRoute[] }[] {
  const sections = new Map<PlatformSection, PlatformRoute[]>();
  for (const row of routes) sections.set(row.section, [...(sections.get(row.section) ?? []), row]);
  return [...sections].map(([section, rows]) => ({ section, rows }));
}
