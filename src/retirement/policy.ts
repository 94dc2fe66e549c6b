// What a dialect's retirement means on the wire: Deprecation / Sunset / Link headers on every one
// of its responses (built once), and 410 Gone in its own error shape during a brownout (exempt
// accounts pass) or after its sunset (for everyone).
import { DomainError } from '../core/errors';
import type { Clock } from '../core/ports';
import type { DialectRetirement } from './config';

export interface DialectSignals {
  /** Response headers of every response of the dialect; empty when it is not retiring. */
  headers: Record<string, string>;
  deprecatedAt?: number;
}

export class RetirementPolicy {
  private readonly signals = new Map<string, DialectSignals>();

  constructor(
    private readonly config: Record<string, DialectRetirement>,
    private readonly dialects: string[],
    private readonly clock: Clock,
  ) {
    for (const name of dialects) this.signals.set(name, signalsOf(config[name]));
  }

  retiring(dialect: string): DialectRetirement | undefined {
    return this.config[dialect];
  }

  headers(dialect: string): Record<string, string> {
    return this.signals.get(dialect)?.headers ?? {};
  }

  /** Past its deprecation date: its calls are counted (iamgate_deprecated_requests_total). */
  isDeprecatedNow(dialect: string): boolean {
    const at = this.config[dialect]?.deprecatedAt;
    return at !== undefined && this.clock.now().getTime() >= at;
  }

  /** 410 after the sunset, whoever asks: no identity needed. */
  afterSunset(dialect: string): DomainError | null {
    const r = this.config[dialect];
    if (r?.sunsetAt === undefined || this.clock.now().getTime() < r.sunsetAt) return null;
    return this.gone(dialect, `${dialect} was retired on ${iso(r.sunsetAt)}`);
  }

  /** 410 during a brownout window, unless the account is exempt. */
  brownout(dialect: string, accountId: string): DomainError | null {
    const r = this.config[dialect];
    if (!r || r.exempt.includes(accountId)) return null;
    const now = this.clock.now().getTime();
    const window = r.brownouts.find((w) => w.start <= now && now < w.end);
    if (!window) return null;
    const sunset = r.sunsetAt === undefined ? '' : `, and always after its sunset on ${iso(r.sunsetAt)}`;
    return this.gone(dialect, `${dialect} is being retired: it is switched off during a brownout until ${iso(window.end)}${sunset}`);
  }

  /** The dialect to move to: the configured successor, else the newest one not retiring. */
  successorOf(dialect: string): string | undefined {
    return this.config[dialect]?.successor ?? [...this.dialects].reverse().find((d) => d !== dialect && !this.config[d]);
  }

  private gone(dialect: string, why: string): DomainError {
    const successor = this.successorOf(dialect);
    const link = this.config[dialect]?.deprecationLink;
    return new DomainError('GONE', `${why}.${successor ? ` Use ${successor} instead.` : ''}${link ? ` See ${link}` : ''}`);
  }
}

function signalsOf(r: DialectRetirement | undefined): DialectSignals {
  if (!r) return { headers: {} };
  const headers: Record<string, string> = {};
  // RFC 9745: an sf-date, the Unix time in seconds; RFC 8594: an HTTP-date (IMF-fixdate).
  if (r.deprecatedAt !== undefined) headers.Deprecation = `@${Math.floor(r.deprecatedAt / 1000)}`;
  if (r.sunsetAt !== undefined) headers.Sunset = new Date(r.sunsetAt).toUTCString();
  const links: string[] = [];
  if (r.deprecationLink) links.push(`<${r.deprecationLink}>; rel="deprecation"; type="text/html"`);
  const sunsetLink = r.sunsetLink ?? r.deprecationLink;
  if (sunsetLink && r.sunsetAt !== undefined) links.push(`<${sunsetLink}>; rel="sunset"; type="text/html"`);
  if (links.length) headers.Link = links.join(', ');
  return { headers, deprecatedAt: r.deprecatedAt };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
