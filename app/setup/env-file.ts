import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/**
 * Loads a `.env` file into `env` as Probot apps do, except that a variable already set in the environment wins
 * (so `APP_ID=… npm start` overrides the file). Returns the names it set; a missing file sets nothing.
 */
export function loadEnvFile(path: string, env: Record<string, string | undefined>): string[] {
  if (!existsSync(path)) return [];
  const values = parseEnv(readFileSync(path, 'utf8'));
  const set: string[] = [];
  for (const [name, v] of Object.entries(values)) {
    if (env[name] !== undefined && env[name] !== '') continue;
    env[name] = v;
    set.push(name);
  }
  return set;
}

/** A value as one `.env` line can hold it: quoted (with `\n` for newlines) when it is not a plain word. */
function quote(value: string): string {
  // Probot hands over the private key already wrapped in double quotes.
  const bare = /^".*"$/s.test(value) ? value.slice(1, -1) : value;
  return /^[\w@%+=:,./-]*$/.test(bare) ? bare : `"${bare.replace(/\r?\n/g, '\\n')}"`;
}

/**
 * Writes `values` into the `.env` file at `path` (Probot's `updateEnv`, for the registration page): a variable
 * already in the file is replaced where it stands, new ones are appended, comments and other lines are kept.
 * `env` (the process's environment) gets the values too, unquoted.
 */
export function updateEnvFile(path: string, values: Record<string, string | undefined>, env: Record<string, string | undefined> = process.env): Record<string, string> {
  const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n') : [];
  if (lines.at(-1) === '') lines.pop();
  const written: Record<string, string> = {};
  for (const [name, raw] of Object.entries(values)) {
    if (raw === undefined) continue;
    const line = `${name}=${quote(raw)}`;
    const at = lines.findIndex((l) => new RegExp(`^\\s*(export\\s+)?${name}\\s*=`).test(l));
    if (at >= 0) lines[at] = line;
    else lines.push(line);
    written[name] = parseEnv(line)[name] ?? '';
  }
  writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o600 });
  Object.assign(env, written);
  return written;
}
