// The console offers a webhook subscription the event types the API takes: the same list, in the
// same order (console/web/src/webhook-events.ts copies src/core/webhook-events.ts, which the browser
// bundle cannot import).
import { WEBHOOK_EVENT_TYPES as CONSOLE } from '../../console/web/src/webhook-events';
import { WEBHOOK_EVENT_TYPES as CORE } from '../../src/core/webhook-events';

test('the console offers exactly the event types the API accepts, in its order', () => {
  expect([...CONSOLE]).toEqual([...CORE]);
});
