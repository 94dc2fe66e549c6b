// Retiring a dialect (issue 18), configured per dialect from the environment:
//   DIALECT_DEPRECATION_<NAME>=2026-12-01T00:00:00Z   Deprecation header from then on (RFC 9745)
//   DIALECT_SUNSET_<NAME>=2027-06-30T00:00:00Z        Sunset header (RFC 8594); 410 always after it
//   DIALECT_DEPRECATION_LINK_<NAME>=https://…         Link rel="deprecation" (and rel="sunset")
//   DIALECT_SUNSET_LINK_<NAME>=https://…              Link rel="sunset", when it differs
//   DIALECT_BROWNOUTS_<NAME>=<start>/<duration>,…     ISO 8601 intervals answered 410
//   DIALECT_BROWNOUT_EXEMPT_<NAME>=<account id>,…      accounts let through brownouts
//   DIALECT_SUCCESSOR_<NAME>=v3                        named in 410 messages (default: the newest dialect not retiring)
// <NAME> is the dialect's name in upper case, so a new dialect needs no change here.

export interface Interval {
  start: number;
  end: number;
}

export interface DialectRetirement {
  deprecatedAt?: number;
  sunsetAt?: number;
  deprecationLink?: string;
  sunsetLink?: string;
  brownouts: Interval[];
  exempt: string[];
  successor?: string;
}

const KEYS = ['DEPRECATION_LINK', 'SUNSET_LINK', 'BROWNOUT_EXEMPT', 'BROWNOUTS', 'DEPRECATION', 'SUNSET', 'SUCCESSOR'] as const;
type Key = (typeof KEYS)[number];
const PATTERN = new RegExp(`^DIALECT_(${KEYS.join('|')})_([A-Z0-9_]+)$`);

export function retirementFromEnv(env: NodeJS.ProcessEnv): Record<string, DialectRetirement> {
  const out: Record<string, DialectRetirement> = {};
  for (const [name, raw] of Object.entries(env)) {
    const m = PATTERN.exec(name);
    if (!m || raw === undefined || raw.trim() === '') continue;
    const entry = (out[m[2].toLowerCase()] ??= { brownouts: [], exempt: [] });
    apply(entry, m[1] as Key, raw.trim(), name);
  }
  return out;
}

function apply(entry: DialectRetirement, key: Key, raw: string, name: string): void {
  switch (key) {
    case 'DEPRECATION':
      entry.deprecatedAt = instant(raw, name);
      break;
    case 'SUNSET':
      entry.sunsetAt = instant(raw, name);
      break;
    case 'DEPRECATION_LINK':
      entry.deprecationLink = link(raw, name);
      break;
    case 'SUNSET_LINK':
      entry.sunsetLink = link(raw, name);
      break;
    case 'BROWNOUTS':
      entry.brownouts = raw.split(',').map((s) => interval(s.trim(), name));
      break;
    case 'BROWNOUT_EXEMPT':
      entry.exempt = raw
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
      break;
    case 'SUCCESSOR':
      entry.successor = raw.toLowerCase();
      break;
  }
}

function instant(raw: string, name: string): number {
  const at = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(at)) throw new Error(`${name} must be an RFC 3339 date-time (got "${raw}")`);
  return at;
}

function link(raw: string, name: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    // Angle brackets and quotes would break out of the Link header's syntax.
    if (/[<>"\s]/.test(raw)) throw new Error('unsafe characters');
    return raw;
  } catch {
    throw new Error(`${name} must be an http(s) URL (got "${raw}")`);
  }
}

/** `<start>/<duration>` (PT1H, P1DT2H30M …) or `<start>/<end>`. */
function interval(raw: string, name: string): Interval {
  const [from, to] = raw.split('/');
  if (!from || !to) throw new Error(`${name}: "${raw}" is not an ISO 8601 interval like 2026-12-10T10:00:00Z/PT1H`);
  const start = instant(from, name);
  const end = to.startsWith('P') ? start + durationMs(to, name) : instant(to, name);
  if (!(end > start)) throw new Error(`${name}: "${raw}" ends before it starts`);
  return { start, end };
}

function durationMs(raw: string, name: string): number {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(raw);
  if (!m || raw === 'P' || raw.endsWith('T')) throw new Error(`${name}: "${raw}" is not an ISO 8601 duration like PT1H`);
  const [w, d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0));
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
}
