// The generated service-account email (docs/concepts.md).

const MAX_LOCAL = 30;

export function emailLocalPart(name: string): string {
  const local = name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, MAX_LOCAL);
  return local || 'sa';
}

/** The first free `<local>[-n]@<orgId>.<domain>` given the emails already taken in the org. */
export function chooseEmail(name: string, orgId: string, domain: string, taken: Iterable<string>): string {
  const local = emailLocalPart(name);
  const used = new Set([...taken].map((e) => e.toLowerCase()));
  const at = `@${orgId}.${domain}`;
  if (!used.has(local + at)) return local + at;
  for (let n = 2; ; n++) {
    const candidate = `${local}-${n}${at}`;
    if (!used.has(candidate)) return candidate;
  }
}
