'use strict';
// The runtime ceiling: bare node:http answering each recorded iamgate response (RESPONSES_FILE, as
// for ceiling-express.js: same status, headers and body) at `/<name><iamgate's path>`, found with
// one Map lookup. A reference for what the framework costs; no target is divided by it.
const http = require('node:http');
const { readFileSync } = require('node:fs');

const routes = new Map();
for (const r of JSON.parse(readFileSync(process.env.RESPONSES_FILE, 'utf8'))) {
  const body = Buffer.from(r.body, 'base64');
  const headers = [...r.headers, ['Content-Length', String(body.length)]];
  routes.set(`${r.method} /${r.name}${r.path}`, { status: r.status, headers, body });
}
const server = http.createServer((req, res) => {
  const q = req.url.indexOf('?');
  const r = routes.get(`${req.method} ${q < 0 ? req.url : req.url.slice(0, q)}`);
  if (!r) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(r.status, r.headers.flat());
  res.end(r.body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
