'use strict';
// The framework ceiling (issue 19: same bytes): a bare express 5 app, configured like iamgate's (no
// x-powered-by, no automatic ETag), answering each recorded iamgate response — status, headers and
// body exactly as iamgate sent them — at `/<name><iamgate's path>`, with no other work. Each
// iamgate figure is divided by this server answering the very response that figure measures.
// RESPONSES_FILE: JSON [{name, method, path, status, headers: [[name, value]…], body (base64)}].
//
// For the IAMGATE_WORKERS calibration it can also burn SPIN_US µs of CPU per request (standing in
// for iamgate's own work) and run as WORKERS processes sharing the port (node:cluster, like
// iamgate): how well *any* CPU-bound server scales on this machine with the load generator beside it.
const cluster = require('node:cluster');
const express = require('express');
const { readFileSync } = require('node:fs');

const workers = Number(process.env.WORKERS || 1);
if (cluster.isPrimary && workers > 1) {
  let announced = false;
  cluster.on('listening', (_w, address) => {
    if (!announced) process.stdout.write(`${address.port}\n`);
    announced = true;
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers)) w.kill('SIGTERM');
    process.exit(0);
  });
} else {
  const responses = JSON.parse(readFileSync(process.env.RESPONSES_FILE, 'utf8'));
  const spin = BigInt(Math.round(Number(process.env.SPIN_US || 0) * 1000));
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  for (const r of responses) {
    const body = Buffer.from(r.body, 'base64');
    app[r.method.toLowerCase()](`/${r.name}${r.path}`, (_req, res) => {
      if (spin > 0n) {
        const until = process.hrtime.bigint() + spin;
        while (process.hrtime.bigint() < until);
      }
      res.status(r.status);
      for (const [name, value] of r.headers) res.setHeader(name, value);
      if (body.length) res.send(body);
      else res.end();
    });
  }
  const server = app.listen(0, '127.0.0.1', () => {
    if (!cluster.isWorker) process.stdout.write(`${server.address().port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
