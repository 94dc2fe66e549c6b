'use strict';
// The targets of issue 19 (and the older ones of issue 7), each a ratio measured paired in one run.
// Where PostgreSQL has its own goal the issue names it; introspection's (not named) is taken as
// /auth/verify's, the same work plus a form body. `pass: null` is a figure shown without a goal.

const GOALS = {
  sqlite: { verify: 0.6, get: 0.5, list: 0.4, token: 0.5, introspect: 0.5 },
  postgres: { verify: 0.35, get: 0.35, list: 0.3, token: 0.4, introspect: 0.35 },
};

function targetsOf({ engine, ratios, rows, rssPeaks, scale, idle, flooded, createR, bcryptR, tags: [small, large] }) {
  const g = GOALS[engine];
  const out = [];
  const at = (key) => rows.find((r) => r.key === key);
  const min = (label, value, goal, note) =>
    out.push({ label, value, goal: `≥ ${goal.toFixed(2)}`, pass: value >= goal, shown: value.toFixed(3), note });
  const ceilingNote = (key) => {
    const r = at(key);
    return `${Math.round(r.rps)} vs ${Math.round(r.vs.rps)} req/s (ceiling spread ${(100 * (r.vs.spread ?? 0)).toFixed(0)} %)`;
  };
  for (const key of ['verify-secret', 'verify-token'])
    min(`${at(key).label} ÷ same-bytes express`, ratios[key], g.verify, ceilingNote(key));
  for (const d of ['v1', 'v2', 'v3']) min(`${d} GET-by-id ÷ same-bytes express`, ratios[`get-${d}`], g.get, ceilingNote(`get-${d}`));
  for (const key of ['list-v1', 'list-v2', 'list-v3', 'include-v3'])
    min(`${at(key).label} ÷ same-bytes express`, ratios[key], g.list, ceilingNote(key));
  min('token exchange ÷ same-bytes express', ratios.token, g.token, ceilingNote('token'));
  min("token exchange ÷ oidc-provider's", ratios['peer-token'], 1, ceilingNote('peer-token'));
  min('introspection ÷ same-bytes express', ratios.introspect, g.introspect, ceilingNote('introspect'));
  out.push({
    label: "introspection ÷ oidc-provider's",
    value: ratios['peer-introspect'],
    goal: 'shown',
    pass: null,
    shown: ratios['peer-introspect'].toFixed(3),
    note: ceilingNote('peer-introspect'),
  });
  min(
    'account creation ÷ bcrypt ceiling',
    ratios.create,
    0.9,
    `${createR.rps.toFixed(1)} creations/s vs ${bcryptR.rps.toFixed(1)} hashes/s`,
  );
  // Costs ≤ 10 %: on ÷ off ≥ 0.90 (a build without REQUEST_LOGS runs the same code on both sides).
  min('request logs on ÷ REQUEST_LOGS=off (v2 GET-by-id)', ratios.logging, 0.9, ceilingNote('logging'));
  {
    const v = flooded.p99 / idle.p99;
    out.push({
      label: 'GET p99 during creation flood ÷ idle',
      value: v,
      goal: '≤ 3.0',
      pass: v <= 3,
      shown: v.toFixed(2),
      note: `${flooded.p99.toFixed(2)} ms vs ${idle.p99.toFixed(2)} ms`,
    });
  }
  for (const [k, label] of [
    ['get', 'v2 GET-by-id'],
    ['v1', 'v1 first page'],
    ['v2', 'v2 keyset page'],
    ['v3', 'v3 first page'],
    ['deep', 'v1 offset page (deep)'],
  ]) {
    const v = scale[k].small.rps / scale[k].large.rps;
    const note = `p50 ${scale[k].small.p50.toFixed(2)} → ${scale[k].large.p50.toFixed(2)} ms, p99 ${scale[k].small.p99.toFixed(2)} → ${scale[k].large.p99.toFixed(2)} ms`;
    if (k === 'deep')
      out.push({
        label: `${label}: ${small} req/s ÷ ${large} req/s`,
        value: v,
        goal: 'shown',
        pass: null,
        shown: v.toFixed(2),
        note: `OFFSET reads every row it skips; ${note}`,
      });
    else
      out.push({ label: `${label}: ${small} req/s ÷ ${large} req/s`, value: v, goal: '≤ 1.5', pass: v <= 1.5, shown: v.toFixed(2), note });
  }
  {
    const mb = rssPeaks.many / 2 ** 20;
    out.push({
      label: 'server peak RSS at 200 connections',
      value: mb,
      goal: '≤ 200 MB',
      pass: mb <= 200,
      shown: `${mb.toFixed(0)} MB`,
      note: `${(Math.max(rssPeaks.main, rssPeaks.large) / 2 ** 20).toFixed(0)} MB peak elsewhere (${large}: ${(rssPeaks.large / 2 ** 20).toFixed(0)} MB); each of 2 workers ${(rssPeaks.worker / 2 ** 20).toFixed(0)} MB`,
    });
  }
  {
    const v = ratios.workers;
    const note = `the same CPU per request in a synthetic express app scales ×${ratios.calibration.toFixed(2)} here`;
    if (engine === 'sqlite')
      out.push({ label: 'IAMGATE_WORKERS=2 ÷ 1 worker', value: v, goal: '≥ 1.60', pass: v >= 1.6, shown: v.toFixed(2), note });
    else
      out.push({
        label: 'IAMGATE_WORKERS=2 ÷ 1 worker',
        value: v,
        goal: 'shown (goal on SQLite)',
        pass: null,
        shown: v.toFixed(2),
        note: `${note}; PostgreSQL shares the 2 cores`,
      });
  }
  return out;
}

module.exports = { targetsOf, GOALS };
