// Fails when dist/ is not what `npm run build` makes from the sources: rebuild and commit it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tmp = mkdtempSync(join(tmpdir(), 'punchlist-dist-'));
try {
  execFileSync(process.execPath, ['scripts/build.ts', '--out', tmp], { stdio: ['ignore', 'ignore', 'inherit'] });
  const fresh = readdirSync(tmp).sort();
  const committed = readdirSync('dist').sort();
  const stale = [...new Set([...fresh, ...committed])].filter((f) => {
    try {
      return !readFileSync(join(tmp, f)).equals(readFileSync(join('dist', f)));
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    console.error(`dist/ is stale (${stale.join(', ')}): run "npm run build" and commit dist/`);
    process.exit(1);
  }
  console.log(`dist/ is up to date (${fresh.length} files)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
