import { beforeAll, describe, expect, it } from 'vitest';
import {
  brokenTests,
  flakyTests,
  listQuarantinedTests,
  quarantineTest,
  recordTestResults,
  releaseQuarantinedTest,
  testHistory,
  testKey,
  type Store,
  type TestResultInput,
} from '../../src/store/index.ts';
import { describeEngines, useFreshStore } from './engines.ts';

const DAY = 86_400_000;
const NOW = Date.now();
const sha = (n: number) => n.toString(16).padStart(40, '0');
let repoCount = 0;

/** A repository of its own per test, so tests share a store but not a history. */
const freshRepo = () => `acme/repo-${process.pid}-${++repoCount}`;

function result(repository: string, over: Partial<TestResultInput> & Pick<TestResultInput, 'test' | 'outcome'>): TestResultInput {
  return { repository, commitSha: sha(1), branch: 'main', runId: 100, runAttempt: 1, job: 'test', source: 'report', ...over };
}

describe('testKey()', () => {
  it.each([
    ['jest log and jest-junit', 'cart › discount › rejects unknown codes politely', 'cart discount rejects unknown codes politely'],
    ['mocha log and mocha-junit', 'slug > drops punctuation', 'slug drops punctuation'],
    ['a file named with its extension or without', 'tests/net.test.ts > retries', 'tests/net.test > retries'],
  ])('gives the same key to the same test as two sources name it: %s', (_, a, b) => {
    expect(testKey(a)).toBe(testKey(b));
  });

  it('keeps tests apart that differ in more than punctuation and case', () => {
    expect(testKey('tests/test_stock.py::test_reserve_all')).not.toBe(testKey('tests/test_stock.py::test_reserve_one'));
    expect(testKey('TestTable/positive')).toBe('testtable positive');
  });

  it('is its own key, and shortens a very long name to a bounded key that still tells names apart', () => {
    const long = `param ${'x'.repeat(2000)}`;
    const key = testKey(long);
    expect(key.length).toBeLessThanOrEqual(400);
    expect(testKey(key)).toBe(key);
    expect(testKey(`${long}y`)).not.toBe(key);
    expect(testKey(testKey('a › B.test.ts'))).toBe(testKey('a › B.test.ts'));
  });
});

describeEngines('test results', (engine) => {
  let store: Store;
  useFreshStore(engine, (s) => (store = s));

  describe('recordTestResults()', () => {
    it('records a run once: the same run, attempt, job, test and outcome again adds nothing', async () => {
      const repo = freshRepo();
      const rows = [result(repo, { test: 'a > one', outcome: 'passed' }), result(repo, { test: 'a > two', outcome: 'failed' }), result(repo, { test: 'a > three', outcome: 'skipped' })];
      expect(await recordTestResults(store.db, rows)).toEqual({ recorded: 3 });
      expect(await recordTestResults(store.db, rows)).toEqual({ recorded: 0 });
      // The same failure read again from the log instead of the report is the same fact.
      expect(await recordTestResults(store.db, [result(repo, { test: 'a › two', outcome: 'failed', source: 'log' })])).toEqual({ recorded: 0 });
      // A re-run is a new attempt, and a job without a name is one row however often it is recorded.
      expect(await recordTestResults(store.db, [result(repo, { test: 'a > two', outcome: 'passed', runAttempt: 2 })])).toEqual({ recorded: 1 });
      const unnamed = result(repo, { test: 'a > four', outcome: 'passed', job: null });
      expect(await recordTestResults(store.db, [unnamed, unnamed])).toEqual({ recorded: 1 });
      const count = await store.db.selectFrom('test_results').where('repository', '=', repo).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(count.n).toBe(5);
    });

    it('records a batch larger than one statement', async () => {
      const repo = freshRepo();
      const rows = Array.from({ length: 2500 }, (_, i) => result(repo, { test: `suite > case ${i}`, outcome: i % 10 === 0 ? 'failed' : 'passed' }));
      expect(await recordTestResults(store.db, rows)).toEqual({ recorded: 2500 });
      expect(await recordTestResults(store.db, rows)).toEqual({ recorded: 0 });
    });

    it('keeps both outcomes of a test retried inside one attempt', async () => {
      const repo = freshRepo();
      const rows = [result(repo, { test: 'net > retries', outcome: 'failed' }), result(repo, { test: 'net > retries', outcome: 'passed' })];
      expect(await recordTestResults(store.db, rows)).toEqual({ recorded: 2 });
      expect((await testHistory(store.db, { repository: repo, test: 'net > retries' })).map((r) => r.outcome).sort()).toEqual(['failed', 'passed']);
    });

    it.each<[string, Partial<TestResultInput>, string]>([
      ['a short sha', { commitSha: 'abc1234' }, 'Cannot record test result 2 of 2: "commitSha" must be a full commit sha, 40 or 64 hex digits'],
      ['no test name', { test: '  ' }, 'Cannot record test result 2 of 2: "test" must be the test\'s full name, a non-empty string'],
      ['a name of punctuation', { test: '> ::' }, 'Cannot record test result 2 of 2: "test" must name a test: it has no letter or digit'],
      ['an unknown outcome', { outcome: 'flaky' as never }, 'Cannot record test result 2 of 2: "outcome" must be one of "passed", "failed", "skipped", "errored"'],
      ['an unknown source', { source: 'junit' as never }, 'Cannot record test result 2 of 2: "source" must be one of "report", "log", "check-run"'],
      ['attempt 0', { runAttempt: 0 }, 'Cannot record test result 2 of 2: "runAttempt" must be a whole number, 1 or more'],
      ['a run id as text', { runId: '5' as never }, 'Cannot record test result 2 of 2: "runId" must be a whole number, 1 or more'],
      ['a repository without an owner', { repository: 'repo' }, 'Cannot record test result 2 of 2: "repository" must be an "owner/name" repository'],
    ])('rejects a batch with %s, writing none of it', async (_, bad, message) => {
      const repo = freshRepo();
      const rows = [result(repo, { test: 'good', outcome: 'passed' }), { ...result(repo, { test: 'bad', outcome: 'failed' }), ...bad }];
      await expect(recordTestResults(store.db, rows)).rejects.toThrow(message);
      expect(await testHistory(store.db, { repository: repo, test: 'good' })).toEqual([]);
    });

    it('keeps what it was given: name, file, branch, job, work order, and a lower-cased sha', async () => {
      const repo = freshRepo();
      const at = new Date(NOW - 3 * DAY);
      await recordTestResults(store.db, [
        result(repo, { test: 'tests/t.py::test_x', outcome: 'errored', file: 'tests/t.py', commitSha: sha(0xabc).toUpperCase(), branch: null, job: 'py (3.12)', source: 'log', recordedAt: at }),
      ]);
      const [row] = await testHistory(store.db, { repository: repo, test: 'tests/t.py::test_x' });
      expect(row).toMatchObject({ testKey: 'tests t test_x', test: 'tests/t.py::test_x', file: 'tests/t.py', commitSha: sha(0xabc), branch: null, job: 'py (3.12)', outcome: 'errored', source: 'log', workOrderId: null });
      expect(row!.recordedAt.getTime()).toBe(at.getTime());
    });
  });

  describe('flakyTests()', () => {
    const since = new Date(NOW - 30 * DAY);

    it('calls a test flaky when it failed and then passed on the same commit', async () => {
      const repo = freshRepo();
      await recordTestResults(store.db, [
        result(repo, { test: 'net > retries', outcome: 'failed', commitSha: sha(1), runAttempt: 1 }),
        result(repo, { test: 'net > retries', outcome: 'passed', commitSha: sha(1), runAttempt: 2 }),
        result(repo, { test: 'net > retries', outcome: 'passed', commitSha: sha(2), runId: 101 }),
        result(repo, { test: 'net > retries', outcome: 'passed', commitSha: sha(3), runId: 102 }),
        result(repo, { test: 'net > retries', outcome: 'skipped', commitSha: sha(4), runId: 103 }),
        result(repo, { test: 'math > adds', outcome: 'passed', commitSha: sha(1) }),
      ]);
      const flaky = await flakyTests(store.db, { repository: repo, since });
      expect(flaky).toEqual([{ testKey: 'net retries', test: 'net > retries', flakyCommits: 1, commits: 3, flakeRate: 1 / 3, lastFlakyAt: expect.any(Date) }]);
    });

    it('does not call a test flaky that failed on one commit and passed on another', async () => {
      const repo = freshRepo();
      await recordTestResults(store.db, [
        result(repo, { test: 'cart > totals', outcome: 'failed', commitSha: sha(10), runId: 200 }),
        result(repo, { test: 'cart > totals', outcome: 'passed', commitSha: sha(11), runId: 201 }),
      ]);
      expect(await flakyTests(store.db, { repository: repo, since })).toEqual([]);
    });

    it('does not call a failure in one job flaky because another job passed it, unless a job is unknown', async () => {
      const repo = freshRepo();
      await recordTestResults(store.db, [
        result(repo, { test: 'fs > paths', outcome: 'failed', job: 'test (windows)' }),
        result(repo, { test: 'fs > paths', outcome: 'passed', job: 'test (ubuntu)' }),
        result(repo, { test: 'io > reads', outcome: 'failed', job: 'test (windows)', source: 'check-run' }),
        result(repo, { test: 'io > reads', outcome: 'passed', job: null, runAttempt: 2 }),
      ]);
      expect((await flakyTests(store.db, { repository: repo, since })).map((f) => f.test)).toEqual(['io > reads']);
    });

    it('counts only the window, and answers for the tests asked about', async () => {
      const repo = freshRepo();
      const old = new Date(NOW - 60 * DAY);
      await recordTestResults(store.db, [
        // Flaky 60 days ago, outside a 30-day window.
        result(repo, { test: 'old > flake', outcome: 'failed', commitSha: sha(20), recordedAt: old }),
        result(repo, { test: 'old > flake', outcome: 'passed', commitSha: sha(20), runAttempt: 2, recordedAt: old }),
        // A pass before the window does not make a failure inside it flaky.
        result(repo, { test: 'edge > case', outcome: 'passed', commitSha: sha(21), recordedAt: old }),
        result(repo, { test: 'edge > case', outcome: 'failed', commitSha: sha(21), runAttempt: 2 }),
        // Two tests flaky inside the window: one on 2 of 2 commits, one on 1 of 4.
        ...[22, 23].flatMap((c) => [
          result(repo, { test: 'a > often', outcome: 'failed', commitSha: sha(c), runId: c }),
          result(repo, { test: 'a > often', outcome: 'passed', commitSha: sha(c), runId: c, runAttempt: 2 }),
        ]),
        result(repo, { test: 'b > seldom', outcome: 'errored', commitSha: sha(22), runId: 22 }),
        result(repo, { test: 'b > seldom', outcome: 'passed', commitSha: sha(22), runId: 22, runAttempt: 2 }),
        ...[23, 24, 25].map((c) => result(repo, { test: 'b > seldom', outcome: 'passed', commitSha: sha(c), runId: c })),
      ]);
      const all = await flakyTests(store.db, { repository: repo, since });
      expect(all.map((f) => [f.test, f.flakyCommits, f.commits, f.flakeRate])).toEqual([
        ['a > often', 2, 2, 1],
        ['b > seldom', 1, 4, 0.25],
      ]);
      expect((await flakyTests(store.db, { repository: repo, since: new Date(NOW - 90 * DAY) })).map((f) => f.test)).toEqual(['a > often', 'edge > case', 'old > flake', 'b > seldom']);
      expect((await flakyTests(store.db, { repository: repo, since, tests: ['B › seldom', 'c > never'] })).map((f) => f.test)).toEqual(['b > seldom']);
      expect(await flakyTests(store.db, { repository: repo, since, tests: [] })).toEqual([]);
      expect(await flakyTests(store.db, { repository: freshRepo(), since })).toEqual([]);
    });
  });

  describe('brokenTests()', () => {
    it('finds a test failing on every run of the branch since a commit, and that commit', async () => {
      const repo = freshRepo();
      const runs = [
        { run: 300, c: 30, outcome: 'passed' },
        { run: 301, c: 31, outcome: 'passed' },
        { run: 302, c: 32, outcome: 'failed' },
        { run: 303, c: 33, outcome: 'skipped' },
        { run: 304, c: 34, outcome: 'errored' },
        { run: 305, c: 34, outcome: 'failed' },
      ] as const;
      await recordTestResults(store.db, [
        ...runs.map((r) => result(repo, { test: 'db > migrates', outcome: r.outcome, commitSha: sha(r.c), runId: r.run })),
        // Fixed: failed, then passed on a later run.
        result(repo, { test: 'db > seeds', outcome: 'failed', commitSha: sha(31), runId: 301 }),
        result(repo, { test: 'db > seeds', outcome: 'passed', commitSha: sha(32), runId: 302 }),
        // Flaky on the branch's last commit: the re-run passed, so not broken.
        result(repo, { test: 'db > pools', outcome: 'failed', commitSha: sha(34), runId: 305 }),
        result(repo, { test: 'db > pools', outcome: 'passed', commitSha: sha(34), runId: 305, runAttempt: 2 }),
        // Never passed on main; on another branch it does not count for main.
        result(repo, { test: 'db > new', outcome: 'failed', commitSha: sha(34), runId: 305 }),
        result(repo, { test: 'db > other', outcome: 'failed', commitSha: sha(35), runId: 306, branch: 'feature' }),
      ]);
      const broken = await brokenTests(store.db, { repository: repo, branch: 'main' });
      expect(broken).toEqual([
        { testKey: 'db migrates', test: 'db > migrates', since: sha(32), sinceRunId: 302, failingRuns: 3, failingCommits: 2, passedBefore: true, lastFailedAt: expect.any(Date) },
        { testKey: 'db new', test: 'db > new', since: sha(34), sinceRunId: 305, failingRuns: 1, failingCommits: 1, passedBefore: false, lastFailedAt: expect.any(Date) },
      ]);
      expect((await brokenTests(store.db, { repository: repo, branch: 'main', tests: ['DB › migrates', 'db > seeds'] })).map((b) => b.test)).toEqual(['db > migrates']);
      expect((await brokenTests(store.db, { repository: repo, branch: 'feature' })).map((b) => [b.test, b.since])).toEqual([['db > other', sha(35)]]);
      expect(await brokenTests(store.db, { repository: repo, branch: 'release' })).toEqual([]);
    });
  });

  describe('testHistory()', () => {
    it('gives a test’s results newest first, up to the limit', async () => {
      const repo = freshRepo();
      await recordTestResults(store.db, [1, 2, 3].map((i) => result(repo, { test: 'h > t', outcome: i === 2 ? 'failed' : 'passed', runId: 400 + i, commitSha: sha(40 + i), recordedAt: new Date(NOW - (10 - i) * DAY) })));
      const history = await testHistory(store.db, { repository: repo, test: 'h › t', limit: 2 });
      expect(history.map((h) => [h.runId, h.outcome])).toEqual([
        [403, 'passed'],
        [402, 'failed'],
      ]);
    });
  });

  describe('quarantine', () => {
    it('adds a test once, lists it, removes it, and keeps who did what', async () => {
      const repo = freshRepo();
      const first = await quarantineTest(store.db, { repository: repo, test: 'tests/net.test.ts > retries', by: 'octocat', reason: 'DNS in CI' });
      expect(first).toMatchObject({ added: true, entry: { testKey: 'tests net test retries', test: 'tests/net.test.ts > retries', by: 'octocat', reason: 'DNS in CI', removedAt: null } });
      const again = await quarantineTest(store.db, { repository: repo, test: 'tests/net.test > retries', by: 'hubot' });
      expect(again).toMatchObject({ added: false, entry: { id: first.entry.id, by: 'octocat' } });
      await quarantineTest(store.db, { repository: repo, test: 'db > slow', by: 'hubot' });
      await quarantineTest(store.db, { repository: freshRepo(), test: 'elsewhere', by: 'hubot' });
      expect((await listQuarantinedTests(store.db, repo)).map((q) => q.test)).toEqual(['tests/net.test.ts > retries', 'db > slow']);

      const removed = await releaseQuarantinedTest(store.db, { repository: repo, test: 'TESTS/net.test.ts > retries', by: 'monalisa' });
      expect(removed).toMatchObject({ removed: true, entry: { removedBy: 'monalisa', removedAt: expect.any(Date) } });
      expect(await releaseQuarantinedTest(store.db, { repository: repo, test: 'tests/net.test.ts > retries', by: 'monalisa' })).toEqual({ removed: false, entry: null });
      expect((await listQuarantinedTests(store.db, repo)).map((q) => q.test)).toEqual(['db > slow']);
      // Quarantined again after removal: a new entry, the old one kept.
      expect(await quarantineTest(store.db, { repository: repo, test: 'tests/net.test.ts > retries', by: 'octocat' })).toMatchObject({ added: true });
      const all = await store.db.selectFrom('quarantined_tests').select('removed_at').where('repository', '=', repo).where('test_key', '=', 'tests net test retries').execute();
      expect(all).toHaveLength(2);
    });

    it('refuses a name with no test in it', async () => {
      await expect(quarantineTest(store.db, { repository: freshRepo(), test: ' > ', by: 'octocat' })).rejects.toThrow('Cannot quarantine " > ": it names no test (no letter or digit)');
    });
  });

  describe('schema', () => {
    let repo: string;
    beforeAll(() => {
      repo = freshRepo();
    });

    it('refuses a malformed row even when written by hand', async () => {
      const base = { repository: repo, test_key: 'k', test_name: 'k', commit_sha: sha(1), workflow_run_id: 1, run_attempt: 1, outcome: 'passed' as const, source: 'report' as const };
      await expect(store.db.insertInto('test_results').values({ ...base, commit_sha: 'HEAD' }).execute()).rejects.toThrow(/test_results_commit_sha_check/);
      await expect(store.db.insertInto('test_results').values({ ...base, outcome: 'flaky' as never }).execute()).rejects.toThrow(/test_results_outcome_check/);
    });
  });
});
