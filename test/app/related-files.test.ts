import { describe, expect, it } from 'vitest';
import type { GitHub } from '../../app/github/repo-ref.ts';
import type { RepoSnapshot } from '../../app/github/read-tree.ts';
import { DEFAULT_LIMITS } from '../../app/config/index.ts';
import { CONTEXT_BUDGET, gatherContext, MAX_RELATED_FILES, validateAgainstSnapshot } from '../../app/worker/gather-context.ts';
import { isGeneratedPath, rankRelatedFiles, significantWords, testedName } from '../../app/worker/related-files.ts';

const tree = (...paths: string[]) => paths.map((path) => ({ path, size: 100 }));
const rank = (paths: string[], issueText: string, named: string[] = []) => rankRelatedFiles({ tree: tree(...paths), issueText, named });
const pathsOf = (ranked: { path: string }[]) => ranked.map((r) => r.path);

describe('significantWords()', () => {
  it.each([
    ['splits camelCase, snake_case and kebab-case', 'parseConfig load_yaml_file retry-policy', ['parse', 'config', 'load', 'yaml', 'file', 'retry', 'policy']],
    ['splits an acronym from the word after it', 'HTTPServer', ['http', 'server']],
    ['keeps digits with the word they end', 'UTF8Decoder base64 oauth2Client', ['utf8', 'decoder', 'base64', 'oauth2', 'client']],
    ['drops glue, boilerplate, numbers and words under three letters', 'Please fix the bug in a UI of v2 after 2024', []],
    ['folds plurals so both sides meet', 'parsers classes status', ['parser', 'classe', 'statu']],
  ])('%s', (_, text, words) => {
    expect(significantWords(text)).toEqual(words);
  });
});

describe('testedName()', () => {
  it.each([
    ['foo.test.ts', 'foo'],
    ['foo.spec.js', 'foo'],
    ['test_foo.py', 'foo'],
    ['foo_test.go', 'foo'],
    ['FooTest.java', 'foo'],
    ['FooTests.cs', 'foo'],
    ['foo.ts', null],
    ['latest.ts', null],
    ['Contest.java', null],
  ])('reads %s as a test of %j', (name, tested) => {
    expect(testedName(name)).toBe(tested);
  });
});

describe('isGeneratedPath()', () => {
  it.each([
    ['package-lock.json', true],
    ['web/yarn.lock', true],
    ['Cargo.lock', true],
    ['node_modules/left-pad/index.js', true],
    ['vendor/github.com/x/y.go', true],
    ['dist/app.js', true],
    ['public/jquery.min.js', true],
    ['src/lock.ts', false],
    ['src/distance.ts', false],
    ['docs/build-guide.md', false],
  ])('%s → %s', (path, generated) => {
    expect(isGeneratedPath(path)).toBe(generated);
  });
});

describe('rankRelatedFiles()', () => {
  it('puts the test of a named file first, with the reasons that put it there', () => {
    const ranked = rank(
      ['src/config/parse-config.ts', 'src/config/config-schema.ts', 'test/parse-config.test.ts', 'src/parser/parse.ts', 'docs/unrelated.md'],
      'Reject a negative max_cycles in src/config/parse-config.ts',
      ['src/config/parse-config.ts'],
    );
    expect(ranked[0]).toEqual({ path: 'test/parse-config.test.ts', score: expect.any(Number), reason: 'test of src/config/parse-config.ts; its name has "parse", "config" from the issue' });
    expect(ranked.find((r) => r.path === 'src/config/config-schema.ts')?.reason).toBe('in the directory of src/config/parse-config.ts; its name has "config" from the issue');
    expect(pathsOf(ranked)).not.toContain('src/config/parse-config.ts');
    expect(pathsOf(ranked)).not.toContain('docs/unrelated.md');
  });

  it.each([
    ['foo.ts ↔ foo.test.ts', 'lib/foo.ts', 'test/foo.test.ts', 'test of lib/foo.ts'],
    ['test_foo.py ↔ foo.py', 'tests/test_foo.py', 'pkg/foo.py', 'tested by tests/test_foo.py'],
    ['foo.go ↔ foo_test.go', 'cmd/foo.go', 'cmd/foo_test.go', 'test of cmd/foo.go'],
  ])('pairs a named file with its counterpart: %s', (_, named, counterpart, reason) => {
    const ranked = rank([named, counterpart, 'other/bar.ts'], 'Something is off', [named]);
    expect(ranked[0]?.path).toBe(counterpart);
    expect(ranked[0]?.reason).toContain(reason);
  });

  it('ranks a file whose name has an issue word above one whose directory has it', () => {
    expect(pathsOf(rank(['src/billing/a.ts', 'src/billing.ts'], 'Billing totals are wrong'))).toEqual(['src/billing.ts', 'src/billing/a.ts']);
  });

  it('weighs a word by its rarity in the tree: a word in every path says little about each', () => {
    const common = Array.from({ length: 50 }, (_, i) => `src/widget-${i}.ts`);
    const ranked = rank([...common, 'src/tooltip.ts'], 'The widget tooltip flickers');
    expect(ranked[0]?.path).toBe('src/tooltip.ts');
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });

  it('orders equal scores by path, whatever the tree order', () => {
    const paths = ['src/zeta/cache.ts', 'src/alpha/cache.ts', 'src/mid/cache.ts'];
    const forward = rank(paths, 'The cache forgets entries');
    const backward = rank([...paths].reverse(), 'The cache forgets entries');
    expect(pathsOf(forward)).toEqual(['src/alpha/cache.ts', 'src/mid/cache.ts', 'src/zeta/cache.ts']);
    expect(backward).toEqual(forward);
  });

  it('penalises lock and vendored files below source that matches the same words, or out of the list', () => {
    const ranked = rank(['package.json', 'package-lock.json', 'src/package-manager.ts', 'node_modules/lodash/lodash.js', 'src/lodash-wrapper.ts'], 'Bump lodash in package.json', ['package.json']);
    // Unpenalised, the lock file would lead: it shares the named file's directory as well as the word "package".
    expect(pathsOf(ranked)).toEqual(['src/package-manager.ts', 'src/lodash-wrapper.ts', 'package-lock.json']);
    expect(ranked[2]?.reason).toBe('in the directory of package.json; its name has "package" from the issue; generated, vendored or a lock file');
  });

  it('keeps a penalised file when its signal is strong enough, and says it was penalised', () => {
    const ranked = rank(['dist/report-renderer.js', 'src/other.ts'], 'The report renderer drops rows');
    expect(ranked).toEqual([{ path: 'dist/report-renderer.js', score: 4, reason: 'its name has "report", "renderer" from the issue; generated, vendored or a lock file' }]);
  });

  it('leaves out binary and empty files, and files with nothing in common with the issue', () => {
    const files = [{ path: 'assets/logo.png', size: 900 }, { path: 'src/logo.ts', size: 0 }, { path: 'src/logo-view.ts', size: 10 }, { path: 'src/else.ts', size: 10 }];
    expect(pathsOf(rankRelatedFiles({ tree: files, issueText: 'The logo is blurry', named: [] }))).toEqual(['src/logo-view.ts']);
  });

  it.each(['.env', 'config/.env.production', 'certs/api.pem', 'deploy/api.key', 'home/.ssh/id_rsa'])('never ranks the secret-like %j, however well its name matches', (path) => {
    expect(pathsOf(rank([path, 'src/api.ts'], 'The api env production deploy config certs ssh key', ['src/api.ts']))).not.toContain(path);
  });

  it('finds nothing in an issue with no meaningful words and no named files', () => {
    expect(rank(['src/a.ts', 'src/b.ts'], 'Please fix this, it does not work')).toEqual([]);
  });
});

/** A GitHub whose contents API serves `files` and records each path read. */
function fakeGitHub(files: Record<string, string>): { github: GitHub; reads: string[] } {
  const reads: string[] = [];
  const getContent = async ({ path }: { path: string }) => {
    reads.push(path);
    const content = files[path];
    if (content === undefined) throw Object.assign(new Error('Not Found'), { status: 404 });
    return { data: { type: 'file', encoding: 'base64', content: Buffer.from(content).toString('base64') } };
  };
  return { github: { rest: { repos: { getContent } } } as unknown as GitHub, reads };
}

const snapshotOf = (files: Record<string, string>): RepoSnapshot => ({
  commitSha: 'c0ffee',
  treeSha: 'beef',
  truncated: false,
  files: Object.entries(files).map(([path, content]) => ({ path, mode: '100644', size: content.length })),
});

const REPO = { owner: 'o', repo: 'r' };
const OPEN = { deny_paths: [] };

describe('gatherContext() with related files', () => {
  it('reads the named files, then related ones by rank, and says which were related and why', async () => {
    const files = { 'src/cache.ts': 'export const cache = 1;\n', 'test/cache.test.ts': 'test()\n', 'src/cache-policy.ts': 'policy\n', 'docs/x.md': 'x\n' };
    const { github } = fakeGitHub(files);
    const context = await gatherContext(github, REPO, snapshotOf(files), { named: ['src/cache.ts'], issueText: 'The cache policy evicts too early in src/cache.ts', config: OPEN });
    expect(context.files.map((f) => f.path)).toEqual(['src/cache.ts', 'test/cache.test.ts', 'src/cache-policy.ts']);
    expect(context.related).toEqual([
      { path: 'test/cache.test.ts', reason: 'test of src/cache.ts; its name has "cache" from the issue' },
      { path: 'src/cache-policy.ts', reason: 'in the directory of src/cache.ts; its name has "cache", "policy" from the issue' },
    ]);
    expect(context.tree).toEqual(['docs/x.md']);
    expect(context.left).toEqual([]);
  });

  it('skips a related file that does not fit what the budget has left, and takes the next that does', async () => {
    const named = 'a'.repeat(CONTEXT_BUDGET.fileChars - 50);
    const files = { 'src/parser.ts': named, 'src/parser-big.ts': 'b'.repeat(60), 'src/parser-small.ts': 'c'.repeat(40) };
    const { github, reads } = fakeGitHub(files);
    const context = await gatherContext(github, REPO, snapshotOf(files), { named: ['src/parser.ts'], issueText: 'parser', config: OPEN });
    expect(context.related.map((r) => r.path)).toEqual(['src/parser-small.ts']);
    expect(context.left).toEqual([{ path: 'src/parser-big.ts', reason: 'related_over_budget' }]);
    expect(reads).not.toContain('src/parser-big.ts');
    expect(context.files.reduce((n, f) => n + f.content.length, 0)).toBeLessThanOrEqual(CONTEXT_BUDGET.fileChars);
  });

  it(`takes at most ${MAX_RELATED_FILES} related files however many rank`, async () => {
    const files = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`src/widget-${String(i).padStart(2, '0')}.ts`, 'w\n']));
    const { github, reads } = fakeGitHub(files);
    const context = await gatherContext(github, REPO, snapshotOf(files), { named: [], issueText: 'widget', config: OPEN });
    expect(context.related).toHaveLength(MAX_RELATED_FILES);
    expect(context.related[0]?.path).toBe('src/widget-00.ts');
    expect(reads).toHaveLength(MAX_RELATED_FILES);
  });

  it('keeps its old behaviour without the issue text: named files only', async () => {
    const files = { 'src/cache.ts': 'c\n', 'test/cache.test.ts': 't\n', 'README.md': 'r\n' };
    const { github, reads } = fakeGitHub(files);
    const context = await gatherContext(github, REPO, snapshotOf(files), { named: ['src/cache.ts', 'src/gone.ts'], config: OPEN });
    expect(context).toEqual({
      files: [{ path: 'src/cache.ts', content: 'c\n' }],
      tree: ['test/cache.test.ts', 'README.md'],
      related: [],
      left: [{ path: 'src/gone.ts', reason: 'not_in_repository' }],
    });
    expect(reads).toEqual(['src/cache.ts']);
  });
});

describe('gatherContext() never reads what it may not send', () => {
  const files = {
    'src/config.ts': 'export const config = load();\n',
    '.env': 'API_KEY=sk-live-123\n',
    'secrets/prod.json': '{"password":"hunter2"}\n',
    'certs/server.pem': '-----BEGIN PRIVATE KEY-----\n',
    'src/config.test.ts': 'test()\n',
  };

  it.each<[string, string[], string[], { path: string; reason: string }[]]>([
    ['named by the issue', ['src/config.ts', '.env', 'secrets/prod.json', 'certs/server.pem'], ['secrets/**'], [
      { path: '.env', reason: 'secret_path' },
      { path: 'secrets/prod.json', reason: 'denied_path' },
      { path: 'certs/server.pem', reason: 'secret_path' },
    ]],
    ['secret-like, with no deny_paths at all', ['.env', 'certs/server.pem'], [], [
      { path: '.env', reason: 'secret_path' },
      { path: 'certs/server.pem', reason: 'secret_path' },
    ]],
  ])('leaves out files %s, and says why', async (_, named, denyPaths, left) => {
    const { github, reads } = fakeGitHub(files);
    const context = await gatherContext(github, REPO, snapshotOf(files), { named, issueText: `Load the config from ${named.join(' ')} secrets prod server`, config: { deny_paths: denyPaths } });
    const sent = JSON.stringify(context);
    expect(sent).not.toContain('sk-live-123');
    expect(sent).not.toContain('PRIVATE KEY');
    if (denyPaths.length > 0) expect(sent).not.toContain('hunter2');
    expect(reads).not.toContain('.env');
    expect(reads).not.toContain('certs/server.pem');
    expect(context.left.filter((l) => l.reason === 'denied_path' || l.reason === 'secret_path')).toEqual(left);
  });

  it('lists neither denied nor secret-like paths in the tree', async () => {
    const { github } = fakeGitHub(files);
    const context = await gatherContext(github, REPO, snapshotOf(files), { named: [], config: { deny_paths: ['secrets/'] } });
    expect(context.tree).toEqual(['src/config.ts', 'src/config.test.ts']);
  });

  it('reads an edited file for validation only when the rules let it be written', async () => {
    const { github, reads } = fakeGitHub(files);
    const config = { deny_paths: ['secrets/**'], allow_workflows: false, allow_config_edit: false, limits: DEFAULT_LIMITS };
    const validation = await validateAgainstSnapshot(
      github,
      REPO,
      snapshotOf(files),
      [
        { path: '.env', search: 'sk-live', replace: 'sk-test' },
        { path: 'secrets/prod.json', search: 'hunter2', replace: 'x' },
        { path: 'src/config.ts', search: 'load()', replace: 'load(env)' },
      ],
      { files: [] },
      config,
    );
    expect(reads).toEqual(['src/config.ts']);
    expect(validation.refused.map((r) => r.code)).toEqual(['secret_path', 'denied_path']);
    expect(validation.changes).toEqual([{ path: 'src/config.ts', content: 'export const config = load(env);\n' }]);
  });
});
