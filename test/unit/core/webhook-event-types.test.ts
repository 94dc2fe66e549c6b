// Every audit action the core writes is an event a webhook subscription can ask for (issue 32: "every
// audit event"). The actions are read from the source that writes them (the core, and the token
// exchange in src/auth), so a new one cannot be forgotten here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventTypesOf, WEBHOOK_EVENT_TYPES } from '../../../src/core/webhook-events';

const WRITERS = [join(__dirname, '../../../src/core'), join(__dirname, '../../../src/auth')];
const RESOURCES = 'service-account|key|workspace|organization|role|group|federated-credential|credential-policy|webhook';
const ACTION = new RegExp(`'((?:${RESOURCES})(?:\\.[a-z-]+)+)'`, 'g');

function actionsWritten(): string[] {
  const found = new Set<string>();
  for (const dir of WRITERS) {
    for (const file of readdirSync(dir, { recursive: true }) as string[]) {
      if (!file.endsWith('.ts') || file.endsWith('webhook-events.ts')) continue;
      for (const m of readFileSync(join(dir, file), 'utf8').matchAll(ACTION)) found.add(m[1]);
    }
  }
  return [...found].sort();
}

describe('webhook event types', () => {
  test('when the core records any audit action, then it is delivered as a type subscriptions can ask for', () => {
    const actions = actionsWritten();
    expect(actions).toEqual(expect.arrayContaining(['key.roll', 'key.revoke', 'federated-credential.exchange', 'group.member.add']));
    const known: readonly string[] = WEBHOOK_EVENT_TYPES;
    const unknown = actions
      .flatMap((action) => eventTypesOf({ action, principalType: 'service-accounts' }))
      .filter((t) => !known.includes(t));
    expect(unknown).toEqual([]);
  });

  test('when a key is rolled or a federated credential admits a token, then the type is in the past tense', () => {
    expect(eventTypesOf({ action: 'key.roll', principalType: 'service-accounts' })).toEqual(['key.rolled']);
    expect(eventTypesOf({ action: 'federated-credential.exchange', principalType: 'service-accounts' })).toEqual([
      'federated-credential.exchanged',
    ]);
  });
});
