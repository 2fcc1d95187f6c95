// `npm run bench`: runs every section and prints each figure with its goal and pass/fail.
//   node dist/bench.js [--json] [--quick] [--only SECTION[,SECTION…]] [--strict]
// --json prints the results as JSON; --quick runs smaller sizes; --strict exits 1 when a goal failed. Each engineer adds a section:
// one import below (the module calls section(...) when it loads).
import { formatTable, runSections, sectionNames } from './harness';
import './store';
import './apiserver';
import './cluster';
import './startup';
import './scale';
import './scheduler';
import './growth';

const args = process.argv.slice(2);
const json = args.includes('--json');
const strict = args.includes('--strict');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').filter(Boolean) : undefined;
const unknown = only?.filter((n) => !sectionNames().includes(n)) ?? [];
if (unknown.length) {
  process.stderr.write(`Error: unknown section "${unknown[0]}" (sections: ${sectionNames().join(', ')})\n`);
  process.exit(2);
}

const results = await runSections(only);
if (json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
else process.stdout.write(formatTable(results) + '\n');
const failed = results.some((r) => r.error || r.figures.some((f) => f.ok === false));
if (strict && failed) process.exit(1);
