// Under a creation flood libuv's thread pool (bcrypt, UV_THREADPOOL_SIZE threads) wants every core,
// and the kernel shares the cores fairly between it and the event loop, so requests that need no
// bcrypt wait behind hashes (issue 7: on 2 cores, GET p99 3–7× its idle value during a flood).
// Linux keeps a nice value per thread: the helper threads (the pool, V8's GC and compiler helpers)
// get a lower priority than the event loop. They still get every idle cycle — creations per second
// do not change — but yield the CPU as soon as the event loop has work. Best effort, Linux only.
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

export const HELPER_NICE = 10;

/** Lowers the priority of every thread of this process but the main one; returns how many. */
export function deprioritizeHelperThreads(nice = HELPER_NICE): number {
  if (process.platform !== 'linux') return 0;
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  let changed = 0;
  for (const tid of tids) {
    if (Number(tid) === process.pid) continue; // the main thread runs the event loop
    try {
      setPriority(Number(tid), nice);
      changed++;
    } catch {
      // the thread has exited, or lowering is refused: leave it as it is
    }
  }
  return changed;
}
