#!/usr/bin/env node
// Thin entry: everything lives in the bundle that `npm install` (prepare) builds.
import('../dist/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
    process.stderr.write('kubetutor: not built yet; run `npm install` (or `npm run build`) first\n');
    process.exit(1);
  }
  throw err;
});
