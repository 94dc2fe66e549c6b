'use strict';
// Which code a run measured: the git commit, and whether the tree had changes (issue 19: results
// from a dirty tree are never written as bench/results/latest*.json, which get committed; they go
// to bench/results/dirty/, marked as such). Files under bench/results/ do not count as changes.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

function git(root, args) {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** {commit, dirty, changed}; outside a git checkout the tree counts as dirty (nothing says what ran). */
function revision(root) {
  const commit = git(root, ['rev-parse', '--short=12', 'HEAD']);
  const status = git(root, ['status', '--porcelain', '--', '.', ':(exclude)bench/results']);
  const changed = status
    ? status
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(3))
    : [];
  return { commit, dirty: commit === null || status === null || changed.length > 0, changed };
}

/** Where a run's files go: bench/results/<name>.* from a clean tree, bench/results/dirty/<name>.* otherwise. */
function resultsDir(root, dirty) {
  return dirty ? join(root, 'bench', 'results', 'dirty') : join(root, 'bench', 'results');
}

module.exports = { revision, resultsDir };
