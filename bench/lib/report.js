'use strict';
// The results: a text table, a JSON document and a small SVG bar chart.

const fmt = (n, digits = 2) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));
const fmtInt = (n) => (n === null || n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));

function pad(text, width, right = false) {
  const s = String(text);
  return right ? s.padStart(width) : s.padEnd(width);
}

const pct = (x) => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(0)} %`);

/**
 * rows: {label, rps, p50, p99, vs?: {label, rps, p50, p99, spread}, ratio?}. Each figure with what
 * it is divided by (its same-bytes ceiling, the peer, the other side of its pair), that side's own
 * figures and its spread over the slices, and the ratio.
 */
function table(rows) {
  const head = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'divided by', 'its req/s', 'its p50', 'its p99', 'its spread', 'ratio'];
  const body = rows.map((r) => [
    r.label,
    fmtInt(r.rps),
    fmt(r.p50),
    fmt(r.p99),
    r.vs?.label ?? '',
    fmtInt(r.vs?.rps),
    fmt(r.vs?.p50),
    fmt(r.vs?.p99),
    pct(r.vs?.spread),
    fmt(r.ratio, 3),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => pad(c, widths[i], i > 0 && i !== 4)).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** targets: {label, value, goal, pass (null: shown without a goal), shown, note} */
function targetTable(targets) {
  const word = (t) => (t.pass === null ? 'INFO ' : t.pass ? 'PASS ' : 'SHORT');
  const body = targets.map((t) => [word(t), t.label, `${t.shown} (goal ${t.goal})`, t.note ?? '']);
  const widths = [5, ...[1, 2].map((i) => Math.max(...body.map((b) => b[i].length)))];
  return body.map((b) => `${b[0]}  ${pad(b[1], widths[1])}  ${pad(b[2], widths[2])}  ${b[3]}`.trimEnd()).join('\n');
}

/** The results file: what ran, every figure with the side it was divided by, the targets. */
function json(meta, rows, targets) {
  const round = (x) => (typeof x === 'number' ? Math.round(x * 1000) / 1000 : (x ?? null));
  const figures = (r) => ({ rps: round(r.rps), p50Ms: round(r.p50), p99Ms: round(r.p99) });
  return {
    meta,
    rows: rows.map((r) => ({
      key: r.key,
      label: r.label,
      group: r.group,
      ...figures(r),
      requests: r.requests ?? null,
      spread: round(r.spread),
      rssPeakMB: r.rssPeak ? round(r.rssPeak / 2 ** 20) : null,
      dividedBy: r.vs ? { label: r.vs.label, ...figures(r.vs), spread: round(r.vs.spread) } : null,
      ratio: round(r.ratio),
    })),
    targets: targets.map((t) => ({
      label: t.label,
      value: round(t.value),
      goal: t.goal,
      result: t.pass === null ? 'INFO' : t.pass ? 'PASS' : 'SHORT',
      note: t.note ?? null,
    })),
  };
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Horizontal bars of requests/s (log scale, so bcrypt-bound creation stays visible), ratio labels. */
function svg(rows, meta) {
  const scaleLabel = `scale (${meta.accounts.smallTag} vs ${meta.accounts.largeTag})`;
  const barRows = rows.filter((r) => r.rps > 0);
  const left = 300;
  const width = 1000;
  const barMax = width - left - 290;
  const rowH = 22;
  const top = 48;
  const height = top + barRows.length * rowH + 34;
  const maxRps = Math.max(...barRows.map((r) => r.rps));
  const logMax = Math.log10(Math.max(10, maxRps));
  const scale = (rps) => Math.max(2, (Math.log10(Math.max(1, rps)) / logMax) * barMax);
  const color = (r) => ({ ceiling: '#9e9e9e', write: '#e08a2c', scale: '#7a5cc2', peer: '#2a9d8f' })[r.group] ?? '#2b7bd1';
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">iamgate benchmark — requests/s (log scale), × what each is divided by</text>`,
    `<text x="10" y="38" fill="#555">${esc(`${meta.engine}, ${meta.cpus} CPU, node ${meta.node}, ${meta.durationSeconds} s per run, BCRYPT_COST ${meta.bcryptCost}, ${meta.date}`)}</text>`,
  ];
  barRows.forEach((r, i) => {
    const y = top + i * rowH;
    const w = scale(r.rps);
    const ratio = r.ratio !== undefined ? `  ×${r.ratio.toFixed(2)} of ${r.vs.label}` : '';
    parts.push(`<text x="${left - 8}" y="${y + 15}" text-anchor="end">${esc(r.label)}</text>`);
    parts.push(`<rect x="${left}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${color(r)}"/>`);
    parts.push(`<text x="${(left + w + 6).toFixed(1)}" y="${y + 15}" fill="#333">${esc(`${fmtInt(r.rps)} req/s${ratio}`)}</text>`);
  });
  const legendY = height - 12;
  [
    ['#9e9e9e', 'ceilings'],
    ['#2b7bd1', 'reads, tokens'],
    ['#2a9d8f', 'vs oidc-provider'],
    ['#e08a2c', 'creation (bcrypt)'],
    ['#7a5cc2', scaleLabel],
  ].forEach(([c, t], i) => {
    parts.push(
      `<rect x="${10 + i * 170}" y="${legendY - 10}" width="12" height="12" fill="${c}"/><text x="${28 + i * 170}" y="${legendY}">${t}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

module.exports = { table, targetTable, json, svg, fmt, fmtInt, pct };
