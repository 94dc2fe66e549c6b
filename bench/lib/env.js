'use strict';
// Numeric knobs read from the environment, shared by npm run bench and npm run soak: a typo stops
// the run with the variable's name instead of measuring something else.

/** The number in `process.env[name]`, or `fallback` when unset; `positive` also refuses 0. */
function envNumber(name, fallback, { positive = false } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  const ok = Number.isFinite(n) && (positive ? n > 0 : n >= 0);
  if (!ok) throw new Error(`${name} must be a ${positive ? 'positive' : 'non-negative'} number (got "${raw}")`);
  return n;
}

module.exports = { envNumber };
