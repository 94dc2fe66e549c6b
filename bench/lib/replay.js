'use strict';
// Same-bytes ceilings (issue 19): each iamgate response a figure measures is recorded once — status,
// headers as sent (names in their case) and body — and the ceiling servers answer exactly that.
// After they start, one answer of each ceiling route is compared with the record, so a ratio never
// divides by a server that sends less.
const http = require('node:http');

/** Headers the transport makes per connection or per answer (the ceilings' node sets its own alike). */
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
/** Set per request by iamgate: the ceiling replays one value of the same length. */
const PER_REQUEST = new Set(['x-request-id']);

/** One request; resolves with {status, headers: [[name, value]…] (raw case, transport ones left out), body}. */
function capture(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (!TRANSPORT.has(res.rawHeaders[i].toLowerCase())) raw.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        }
        resolve({ status: res.statusCode, headers: raw, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A record for the ceilings' RESPONSES_FILE; `path` is iamgate's path without its query. */
function record(name, method, url, response) {
  const { pathname } = new URL(url);
  return { name, method, path: pathname, status: response.status, headers: response.headers, body: response.body.toString('base64') };
}

/** The URL on a ceiling that answers `rec` (the original query kept: parsing it is the ceiling's cost too). */
function ceilingUrl(port, rec, originalUrl) {
  const { pathname, search } = new URL(originalUrl);
  return `http://127.0.0.1:${port}/${rec.name}${pathname}${search}`;
}

/** Throws unless the ceiling at `url` answers what `rec` recorded (x-request-id: same length). */
async function assertSame(url, rec, request, { bodyLengthOnly = false } = {}) {
  const got = await capture(url, request);
  if (bodyLengthOnly && got.body.length === Buffer.from(rec.body, 'base64').length) got.body = Buffer.from(rec.body, 'base64');
  const norm = (hs) => hs.map(([n, v]) => `${n.toLowerCase()}: ${PER_REQUEST.has(n.toLowerCase()) ? `<${v.length} chars>` : v}`).sort();
  const want = { status: rec.status, headers: norm(rec.headers), body: rec.body };
  const have = { status: got.status, headers: norm(got.headers), body: got.body.toString('base64') };
  if (JSON.stringify(want) !== JSON.stringify(have)) {
    throw new Error(
      `the ceiling's ${rec.name} differs from iamgate's response:\n  iamgate ${JSON.stringify(want)}\n  ceiling ${JSON.stringify(have)}`,
    );
  }
}

module.exports = { capture, record, ceilingUrl, assertSame };
