// The runner's environment as a JavaScript action sees it, read without any dependency: the launcher
// (app/action-main.ts) reads it too, and must stay small.

/** The environment the runner hands a JavaScript action (inputs as `INPUT_*`, its context as `GITHUB_*`). */
export type RunnerEnv = Readonly<Record<string, string | undefined>>;

// The runner's name for an input: `INPUT_` and the name upper-cased, spaces as `_`; hyphens stay (actions/toolkit
// reads them the same way).
function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** An input's value, else the environment variable a workflow may set instead (`env:` on the step). */
export function readInput(env: RunnerEnv, name: string, fallback?: string): string {
  const value = env[inputVariable(name)]?.trim() ?? '';
  if (value !== '' || fallback === undefined) return value;
  return env[fallback]?.trim() ?? '';
}

/** The `database-url` input (else DATABASE_URL); null runs on a throw-away PGlite store. */
export function readDatabaseUrl(env: RunnerEnv): string | null {
  return readInput(env, 'database-url', 'DATABASE_URL') || null;
}
