#!/usr/bin/env node
// The `iamgate` bin; the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
require('../dist/src/cli.js').runCli(process.argv.slice(2));
