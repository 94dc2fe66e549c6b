'use strict';
// The bcrypt ceiling: how many hashes per second libuv's thread pool does at BCRYPT_COST with the
// pool kept full (UV_THREADPOOL_SIZE hashes in flight, default 4) — the most account creations per
// second any server on this machine could reach. Its helper threads run at the lower priority
// iamgate gives its own (src/thread-priority.ts), so both pools compete alike with anything else.
//
// Driven over stdin: each line `run <ms>` hashes for that long and answers one JSON line
// {hashes, seconds}; hashes still running at the end are not counted.
const bcrypt = require('bcrypt');
const { randomBytes } = require('node:crypto');
const { readdirSync } = require('node:fs');
const { setPriority } = require('node:os');
const readline = require('node:readline');

const cost = Number(process.env.BCRYPT_COST || 10);
const inFlight = Number(process.env.UV_THREADPOOL_SIZE || 4);
const nice = Number(process.env.HELPER_NICE ?? 10);
// A secret shaped like iamgate's: iamg_ + 43 base64url chars + 32 hex chars.
const secret = () => `iamg_${randomBytes(32).toString('base64url')}${randomBytes(16).toString('hex')}`;

function deprioritizeHelpers() {
  if (process.platform !== 'linux' || !nice) return;
  for (const tid of readdirSync('/proc/self/task')) {
    if (Number(tid) === process.pid) continue;
    try {
      setPriority(Number(tid), nice);
    } catch {
      /* gone */
    }
  }
}

async function run(ms) {
  let counted = 0;
  let open = true;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + ms;
  const lane = async () => {
    while (Date.now() < deadline) {
      await bcrypt.hash(secret(), cost);
      if (open) counted++;
    }
  };
  const lanes = Array.from({ length: inFlight }, lane);
  await new Promise((resolve) => setTimeout(resolve, ms));
  open = false;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await Promise.all(lanes);
  return { hashes: counted, seconds };
}

(async () => {
  await bcrypt.hash('start the pool', 4);
  deprioritizeHelpers();
  process.stdout.write(`${JSON.stringify({ ready: true, cost, threads: inFlight })}\n`);
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    const m = /^run (\d+)$/.exec(line.trim());
    if (!m) break;
    process.stdout.write(`${JSON.stringify(await run(Number(m[1])))}\n`);
  }
  process.exit(0);
})();
