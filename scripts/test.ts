// `npm test`: type-check, lint, dist/ freshness, then every test suite (the store suite on PGlite and, where a
// PostgreSQL server answers, on PostgreSQL too). Stops at the first failing step.
import { spawnSync } from 'node:child_process';

const steps: [string, string, string[]][] = [
  ['type-check', 'tsc', ['--noEmit', '-p', '.']],
  ['lint', 'eslint', ['.']],
  ['dist', process.execPath, ['scripts/check-dist.ts']],
  ['tests', 'vitest', ['run', ...process.argv.slice(2)]],
];

for (const [name, cmd, args] of steps) {
  console.log(`\n▶ ${name}: ${[cmd === process.execPath ? 'node' : cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`✖ ${name} failed${r.status === null ? ` (${r.signal ?? r.error?.message})` : ` (exit ${r.status})`}`);
    process.exit(r.status || 1);
  }
}
console.log('\n✔ all checks passed');
