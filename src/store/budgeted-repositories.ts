// Repositories whose every call is counted against one request's budget (request-budget.ts) and
// timed. `between` runs once no call of the request is in flight (SQLite: a read gives its turn on
// the database away there when the event loop is due one, pacer.ts); a call made meanwhile waits
// for it. Wrappers are made on first use, so a request pays only for the calls it makes.
import type { RequestBudget } from './request-budget';

export type Between = () => Promise<void> | null;

interface Gate {
  inFlight: number;
  pausing: Promise<void> | null;
  between?: Between;
}

export function budgeted<R extends object>(repos: R, budget: RequestBudget, between?: Between): R {
  const gate: Gate = { inFlight: 0, pausing: null, between };
  const groups = new Map<PropertyKey, unknown>();
  return new Proxy(repos, {
    get(target, name) {
      let group = groups.get(name);
      if (group === undefined) {
        group = countedGroup(Reflect.get(target, name), budget, gate);
        groups.set(name, group);
      }
      return group;
    },
  });
}

function countedGroup(group: unknown, budget: RequestBudget, gate: Gate): unknown {
  if (typeof group !== 'object' || group === null) return group;
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(group, {
    get(target, name) {
      const member: unknown = Reflect.get(target, name);
      if (typeof member !== 'function') return member;
      let wrapped = methods.get(name);
      if (!wrapped) {
        wrapped = counted(member as (...args: unknown[]) => Promise<unknown>, target, budget, gate);
        methods.set(name, wrapped);
      }
      return wrapped;
    },
  });
}

function counted(call: (...args: unknown[]) => Promise<unknown>, self: object, budget: RequestBudget, gate: Gate) {
  return async (...args: unknown[]): Promise<unknown> => {
    while (gate.pausing) await gate.pausing;
    budget.take();
    gate.inFlight++;
    const started = performance.now();
    try {
      return await call.apply(self, args);
    } finally {
      budget.spend(performance.now() - started);
      if (--gate.inFlight === 0 && gate.between) {
        const pause = gate.between();
        if (pause) {
          gate.pausing = pause.finally(() => {
            gate.pausing = null;
          });
          await gate.pausing;
        }
      }
    }
  };
}
