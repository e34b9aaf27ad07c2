// `npm run demo`: one work order end to end on this machine, with GitHub simulated. The App runs as it ships
// (`node app/server.ts`, started as the end-to-end tests start it) against a local stand-in for GitHub's REST API (the
// test suite's, which checks every request against GitHub's published OpenAPI description). The stand-in holds a
// small repository with a real bug and a real test; the model is scripted, or real when OPENAI_BASE_URL is set
// (PUNCHLIST_DEMO_MODEL names it; OPENAI_API_KEY if the endpoint needs one). The repository's CI is played here: its
// tests really run (`node --test` on the pull request's head), the Punchlist Action's own code classifies the output
// and reports it as a check run, and the App hears of it as GitHub would tell it (a signed `workflow_run` webhook).
// Prints what a person would see on GitHub; the last line is the outcome. Exit 0 when the work order went green.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Classifier } from '../src/classify/index.ts';
import { decide } from '../src/decision/index.ts';
import { planCheckRun, toText } from '../src/report/index.ts';
import { startApp, type AppProcess } from '../test/app-e2e/app-process.ts';
import { workflowRunCompleted } from '../test/app-e2e/ci-fixtures.ts';
import { labeledPayload, REPO } from '../test/app-e2e/fixtures.ts';
import { startFakeGitHub, type FakeGitHub, type FakePull } from '../test/helpers/fake-github.ts';
import { startScriptedModelServer, type RecordedRequest, type ScriptedReply, type ScriptedServer } from '../test/helpers/scripted-model-server.ts';

const REAL_MODEL = process.env.OPENAI_BASE_URL?.trim() || null;
const MODEL = REAL_MODEL ? (process.env.PUNCHLIST_DEMO_MODEL?.trim() || 'gpt-4.1-mini') : 'scripted-model';
/** Where a GitHub-hosted runner checks the repository out: the job log shows paths under it. */
const WORKSPACE = `/home/runner/work/${REPO.repo}/${REPO.repo}`;
const MAX_CI_RUNS = 5;
/** The status comment's states in which a work order has ended (app/status/render-status-comment.ts). */
const ENDED = ['succeeded', 'escalated', 'failed', 'cancelled', 'stopped'];
const WAIT_MS = 120_000;

// The repository: a slug helper that only replaces the first space, and the test that says so.
const BUGGY = "/** A URL-safe slug: lower case, words joined by '-'. */\nexport function slugify(title) {\n  return title.trim().toLowerCase().replace(' ', '-');\n}\n";
const FILES: Record<string, string> = {
  'README.md': '# Hello-World\n\nA tiny library. `npm test` runs its tests.\n',
  'package.json': `${JSON.stringify({ name: 'hello-world', version: '1.0.0', type: 'module', scripts: { test: 'node --test' } }, null, 2)}\n`,
  'src/slug.js': BUGGY,
  'src/slug.test.js':
    "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { slugify } from './slug.js';\n\ntest('slugify joins every word with a dash', () => {\n  assert.equal(slugify('Make CI green again'), 'make-ci-green-again');\n});\n",
  '.github/punchlist.yml': `models:\n  - name: ${MODEL}\n    provider: openai\n    tier: 3\n    input_per_mtok: ${REAL_MODEL ? 0.4 : 0.15}\n    output_per_mtok: ${REAL_MODEL ? 1.6 : 0.6}\nmax_cycles: 3\nbudget: { per_order: 1, per_month: 10 }\n`,
};
const ISSUE = {
  number: 7,
  title: 'slugify leaves spaces in titles of three words or more',
  body: '`slugify("Make CI green again")` gives `make-ci green again`: only the first space becomes a dash.\n\n- [ ] every run of spaces in `src/slug.js` becomes one dash\n- [ ] `npm test` passes',
};

/**
 * The scripted model: its first change is a plausible fix that misses (a regular expression without the `g` flag);
 * given the failing test in a refinement, it makes the real fix.
 */
function scriptedModel(request: RecordedRequest): ScriptedReply {
  const prompt = JSON.stringify((request.body as { messages?: unknown }).messages ?? '');
  if (prompt.includes('The previous attempt failed CI')) {
    return { json: { summary: 'Replace every run of whitespace, not only the first one (the test showed two spaces left).', edits: [{ path: 'src/slug.js', search: '.replace(/ /, \'-\')', replace: ".replace(/\\s+/g, '-')" }] } };
  }
  return { json: { summary: 'Use a regular expression to replace the spaces in slugify.', edits: [{ path: 'src/slug.js', search: ".replace(' ', '-')", replace: ".replace(/ /, '-')" }] } };
}

// ── printing, as a person would read it on GitHub ──
const rule = (title: string) => `\n── ${title} ${'─'.repeat(Math.max(3, 100 - title.length))}\n`;
const indent = (text: string, by = '  ') => text.trimEnd().split('\n').map((l) => `${by}${l}`).join('\n');
const say = (text = '') => process.stdout.write(`${text}\n`);

async function until<T>(what: string, probe: () => T | undefined | false, app: AppProcess): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. The App's log:\n${app.output().split('\n').slice(-30).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The repository's CI on one commit: `node --test` on its files, as a GitHub-hosted runner would run it. */
function runTests(files: Map<string, string>): { exitCode: number; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'punchlist-demo-ci-'));
  try {
    for (const [path, content] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=spec'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    const output = `${run.stdout}${run.stderr}`.replaceAll(dir, WORKSPACE);
    const exitCode = run.status ?? 1;
    const log = ['##[group]Run npm test', 'npm test', '##[endgroup]', output.trimEnd(), ...(exitCode !== 0 ? [`##[error]Process completed with exit code ${exitCode}.`] : [])].join('\n');
    return { exitCode, log: `${log}\n` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Plays one CI run on `sha`: the tests run, the Punchlist Action's code classifies the job's output and writes its
 * check run, the job finishes, and GitHub's `workflow_run.completed` webhook goes to the App.
 */
async function playCi(github: FakeGitHub, app: AppProcess, pull: FakePull, sha: string): Promise<boolean> {
  const { exitCode, log } = runTests(github.filesAt(pull.head));
  const classifier = new Classifier({ roots: [WORKSPACE] });
  classifier.push(log);
  const classification = classifier.end(exitCode);
  const plan = planCheckRun([{ name: 'test', classification, decision: decide('test', classification) }], { maxAnnotations: 1000, fallbackPath: '.github/workflows/ci.yml' });
  say(rule(`CI on ${sha.slice(0, 7)} (the repository's tests, really run: node --test)`));
  say(indent(log.replace(/^##\[(group|endgroup)\].*\n?/gm, '').replace(/^##\[error\]/gm, 'Error: '), '  │ '));
  say(rule(`Check run "punchlist" on ${sha.slice(0, 7)}: ${plan.conclusion} (written by the Punchlist Action's code)`));
  say(indent(`${plan.title}\n\n${toText(classification, { color: false })}`));
  github.ci.actionReport(sha, plan.conclusion, plan.batches.flat().map((a) => ({ ...a })));
  const run = github.ci.complete(sha, [{ name: 'test', conclusion: exitCode === 0 ? 'success' : 'failure', log }]);
  const delivered = await app.deliver('workflow_run', workflowRunCompleted(run));
  if (delivered.status !== 200) throw new Error(`The App answered the workflow_run webhook with ${delivered.status}`);
  return exitCode === 0;
}

async function main(): Promise<number> {
  say('Punchlist demo: one work order, end to end, on this machine.');
  say('GitHub is SIMULATED: a local stand-in for GitHub\'s REST API (checked against GitHub\'s OpenAPI description) plays');
  say(`the repository ${REPO.owner}/${REPO.repo}, its issue, its pull request and its CI. Nothing is sent to github.com.`);
  say(REAL_MODEL ? `The model is real: "${MODEL}" at OPENAI_BASE_URL (${REAL_MODEL}).` : 'The model is scripted (set OPENAI_BASE_URL, and PUNCHLIST_DEMO_MODEL, to use a real one).');
  say('The App is the real one (node app/server.ts), and the tests really run.');

  const dataDir = mkdtempSync(join(tmpdir(), 'punchlist-demo-'));
  let github: FakeGitHub | undefined;
  let model: ScriptedServer | undefined;
  let app: AppProcess | undefined;
  try {
    github = await startFakeGitHub({ ...REPO, files: FILES });
    github.permissions.set('Codertocat', 'admin');
    model = REAL_MODEL ? undefined : await startScriptedModelServer([], { fallback: scriptedModel });
    app = await startApp({
      githubUrl: github.url,
      modelBaseUrl: REAL_MODEL ?? model!.baseURL,
      dataDir,
      env: { LOG_LEVEL: 'warn', ...(process.env.OPENAI_API_KEY ? { OPENAI_API_KEY: process.env.OPENAI_API_KEY } : {}) },
    });

    say(rule(`${REPO.owner}/${REPO.repo} on ${REPO.defaultBranch}: the bug and its test`));
    for (const path of ['src/slug.js', 'src/slug.test.js', '.github/punchlist.yml']) say(`${indent(`${path}\n${indent(FILES[path]!, '  │ ')}`)}\n`);
    const before = runTests(github.filesAt(REPO.defaultBranch));
    say(`  npm test on ${REPO.defaultBranch}: ${before.exitCode === 0 ? 'passes' : `fails (exit ${before.exitCode})`}`);

    say(rule(`Issue #${ISSUE.number} is labelled "punchlist" by Codertocat (a maintainer)`));
    say(indent(`${ISSUE.title}\n\n${ISSUE.body}`));
    const labeled = await app.deliver('issues', labeledPayload(ISSUE));
    if (labeled.status !== 200) throw new Error(`The App answered the issues webhook with ${labeled.status}`);

    const gh = github;
    const pull = await until('the pull request', () => gh.pulls.find((p) => p.head.startsWith(`punchlist/${ISSUE.number}-`)), app);
    say(rule(`Pull request #${pull.number} opened by the App: ${pull.title}`));
    say(indent(`${pull.head} → ${pull.base}\n\n${pull.body}`));

    const statusComment = () => gh.comments.find((c) => c.issueNumber === ISSUE.number && c.body.includes('**Punchlist** is on it'))?.body ?? '';
    const state = () => /\| State \| ([^|]+) \|/.exec(statusComment())?.[1]?.trim() ?? '';
    const ended = () => ENDED.some((s) => state().startsWith(s));
    let green = false;
    let runs = 0;
    let sha = pull.headSha;
    const shas: string[] = [];
    while (!green && runs < MAX_CI_RUNS) {
      await until('the work order to wait for CI', () => state() === 'pull request open' || ended(), app);
      if (state() !== 'pull request open') break;
      sha = gh.headOf(pull.head)!;
      shas.push(sha);
      runs++;
      green = await playCi(gh, app, pull, sha);
      if (green) break;
      const next = await until('a fix commit, or the App giving up', () => (gh.headOf(pull.head) !== sha ? gh.headOf(pull.head) : ended() ? 'stopped' : undefined), app);
      if (next === 'stopped') break;
      say(rule(`The App pushed a refinement to ${pull.head}: ${next!.slice(0, 7)}`));
      say(indent(`src/slug.js now:\n${indent(gh.filesAt(pull.head).get('src/slug.js') ?? '', '  │ ')}`));
    }
    if (green) await until('the work order to end', () => ended(), app);
    const decisions = await until(
      'the work order\'s check run to conclude',
      // On green, the check run concludes once the outcome is recorded (its last notice).
      () => (green ? gh.ci.ownChecks().find((c) => c.headSha === sha && c.conclusion === 'success') : gh.ci.ownChecks().at(-1)),
      app,
    );

    say(rule(`Issue #${ISSUE.number}: the App's comments`));
    for (const c of gh.comments.filter((x) => x.issueNumber === ISSUE.number)) say(`${indent(c.body.replace(/<!--[\s\S]*?-->/g, '').trim())}\n  (edited ${c.edits} time${c.edits === 1 ? '' : 's'} as the work order moved on)\n`);
    say(rule(`Check run "Punchlist work order" on ${sha.slice(0, 7)}: the decision log, one notice per decision`));
    say(indent(decisions.annotations.map((a, i) => `${i + 1}. ${String(a.title).split(':')[0]}: ${String(a.message).split('\n').join('\n   ')}`).join('\n')));

    const pulls = gh.pulls.filter((p) => p.head.startsWith(`punchlist/${ISSUE.number}-`)).length;
    say(rule('Outcome'));
    say(`  ${green ? 'CI is green' : 'CI is not green'} on ${sha.slice(0, 7)} after ${runs} CI run${runs === 1 ? '' : 's'}; ${shas.length - 1} refinement cycle${shas.length === 2 ? '' : 's'}.`);
    say(`  Problems the GitHub stand-in saw in the App's requests: ${gh.violations.length === 0 ? 'none' : gh.violations.join('; ')}`);
    say(`Demo result: ${state() || 'unknown'}; pull requests: ${pulls}; CI runs: ${runs}; refinement cycles: ${Math.max(0, shas.length - 1)}`);
    return green && state() === 'succeeded' && pulls === 1 && gh.violations.length === 0 ? 0 : 1;
  } finally {
    await app?.stop();
    await github?.close();
    await model?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`demo: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
