// Bundles the CLI with esbuild: one ESM bundle with code splitting, so each command's module (and Ink,
// only for full-screen views) is a separate chunk that `await import()` loads when it runs.
//
// The build is staged and then published file by file (chunks first, entry points last, each a rename), so
// a kubetutor already running never finds dist/ empty or half-written, nor loses a chunk it imports later.
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileQuestions } from './compile-questions.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const prod = process.env.NODE_ENV !== 'development';
const entryPoints = { cli: 'src/cli/main.ts' };
if (existsSync('bench/bench.ts')) entryPoints.bench = 'bench/bench.ts';
const stage = mkdtempSync(path.join(root, '.dist-stage-'));

try {
  await build({
    entryPoints,
    outdir: stage,
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
    // etcd3 loads .proto files from its own folder at run time and pulls in gRPC, and cockatiel (its fault
    // policies) must be the same module etcd3 uses: keep both real imports.
    external: ['etcd3', 'cockatiel'],
    // Ink imports react-devtools-core only when DEV=true; stub it so it is never bundled.
    alias: { 'react-devtools-core': './scripts/empty-module.mjs' },
    banner: {
      // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
      js: "import { createRequire as __kt_createRequire } from 'node:module'; const require = __kt_createRequire(import.meta.url);",
    },
    plugins: [yogaWasmFile(stage)],
    logLevel: 'warning',
  });
  // The question bank, compiled to JSON so that commands never load a YAML parser (issue 7).
  compileQuestions(stage);
  publish(stage, 'dist', Object.keys(entryPoints).map((e) => `${e}.js`));
} finally {
  rmSync(stage, { recursive: true, force: true });
}

/**
 * Speed (issue 9, the TUI's first frame): yoga-layout ships its WebAssembly as a base64 data URL, which
 * emscripten reads through `fetch` — and the first touch of Node's `fetch` loads undici (about 20 ms), then the
 * bytes are decoded from base64 and compiled asynchronously. Here the bytes go to dist/yoga.wasm at build time
 * and Ink's yoga is instantiated from that file synchronously, through emscripten's `instantiateWasm` hook.
 */
function yogaWasmFile(outdir) {
  const prefix = 'data:application/octet-stream;base64,';
  return {
    name: 'yoga-wasm-file',
    setup(b) {
      b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, ({ path: file }) => {
        const source = readFileSync(file, 'utf8');
        const data = new RegExp(`"${prefix.replace(/[/;+]/g, '\\$&')}([A-Za-z0-9+/=]+)"`).exec(source);
        if (!data) throw new Error(`${file}: no inline WebAssembly found (a new yoga-layout?); update yogaWasmFile`);
        writeFileSync(path.join(outdir, 'yoga.wasm'), Buffer.from(data[1], 'base64'));
        return { contents: source.replace(data[0], JSON.stringify(prefix)), loader: 'js' };
      });
      b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, () => ({
        resolveDir: path.join(root, 'node_modules', 'yoga-layout', 'dist', 'src'),
        loader: 'js',
        contents: [
          "import { readFileSync } from 'node:fs';",
          "import loadYoga from '../binaries/yoga-wasm-base64-esm.js';",
          "import wrapAssembly from './wrapAssembly.js';",
          "const wasm = new WebAssembly.Module(readFileSync(new URL('./yoga.wasm', import.meta.url)));",
          'const instantiateWasm = (imports, done) => (done(new WebAssembly.Instance(wasm, imports)), {});',
          'const Yoga = wrapAssembly(await loadYoga({ instantiateWasm }));',
          'export default Yoga;',
          "export * from './generated/YGEnums.js';",
        ].join('\n'),
      }));
    },
  };
}

function publish(from, to, entries) {
  mkdirSync(to, { recursive: true });
  const built = readdirSync(from);
  const order = [...built.filter((f) => !entries.includes(f)), ...built.filter((f) => entries.includes(f))];
  for (const f of order) renameSync(path.join(from, f), path.join(to, f));
  // Chunks of earlier builds go once no process started before this build can still want them.
  const keep = new Set(built);
  const stale = Date.now() - 30 * 60_000;
  for (const f of readdirSync(to)) {
    if (!keep.has(f) && statSync(path.join(to, f)).mtimeMs < stale) rmSync(path.join(to, f), { recursive: true, force: true });
  }
}
