// Bundles the CLI with esbuild: one ESM bundle with code splitting, so each command's module (and Ink,
// only for full-screen views) is a separate chunk that `await import()` loads when it runs.
import { build } from 'esbuild';
import { rmSync, existsSync } from 'node:fs';

const prod = process.env.NODE_ENV !== 'development';
rmSync('dist', { recursive: true, force: true });
const entryPoints = { cli: 'src/cli/main.ts' };
if (existsSync('bench/bench.ts')) entryPoints.bench = 'bench/bench.ts';

await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  minifySyntax: prod,
  minifyWhitespace: prod,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': JSON.stringify(prod ? 'production' : 'development') },
  // etcd3 loads .proto files from its own folder at run time and pulls in gRPC: keep it a real import.
  external: ['etcd3'],
  // Ink imports react-devtools-core only when DEV=true; stub it so it is never bundled.
  alias: { 'react-devtools-core': './scripts/empty-module.mjs' },
  banner: {
    // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
    js: "import { createRequire as __kt_createRequire } from 'node:module'; const require = __kt_createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// The question bank, compiled to JSON so that commands never load a YAML parser (issue 7).
await import('./compile-questions.mjs');
