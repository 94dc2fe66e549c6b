'use strict';
// The runtime ceiling: bare node:http answering every request with the bytes of iamgate's v2
// GET-by-id response (BODY_FILE, CONTENT_TYPE). Prints the port on stdout.
const http = require('node:http');
const { readFileSync } = require('node:fs');

const body = readFileSync(process.env.BODY_FILE);
const type = process.env.CONTENT_TYPE || 'application/json; charset=utf-8';
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
