'use strict';
// The framework ceiling: a bare express 5 app, configured like iamgate's (no x-powered-by, no
// automatic ETag), with one route answering the bytes of iamgate's v2 GET-by-id response.
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
  const body = readFileSync(process.env.BODY_FILE);
  const type = process.env.CONTENT_TYPE || 'application/json; charset=utf-8';
  const spin = BigInt(Math.round(Number(process.env.SPIN_US || 0) * 1000));
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/api/v2/service-accounts/:id', (_req, res) => {
    if (spin > 0n) {
      const until = process.hrtime.bigint() + spin;
      while (process.hrtime.bigint() < until);
    }
    res.set('Content-Type', type);
    res.send(body);
  });
  const server = app.listen(0, '127.0.0.1', () => {
    if (!cluster.isWorker) process.stdout.write(`${server.address().port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
