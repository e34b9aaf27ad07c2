import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../app/config/index.ts';
import { checkRepoPath, createPathPolicy, createReadPolicy, describeRefusals, groupRefusals, inertText, matchSecretPath, pathsToRead, validateEdits, type EditContext } from '../../app/edits/index.ts';
import type { RefusedEdit } from '../../app/edits/index.ts';
import type { Edit } from '../../app/model/index.ts';

const FILES = new Map([
  ['src/a.ts', 'export const a = 1;\nexport const b = 2;\n'],
  ['src/dup.ts', 'x = 1;\nx = 1;\n'],
  ['README.md', '# Title\n'],
  ['.github/workflows/ci.yml', 'on: push\n'],
  ['.github/punchlist.yml', 'budget: { per_order: 1 }\n'],
  ['.github/CODEOWNERS', '* @o\n'],
]);
const TREE = [...FILES.keys(), 'docs/guide/intro.md', 'assets/logo.png'].map((path) => ({ path }));

const CONFIG: EditContext['config'] = { deny_paths: ['secrets/**', '**/*.pem', '.env'], allow_workflows: false, allow_config_edit: false, limits: DEFAULT_LIMITS };

function context(over: Partial<EditContext['config']> = {}): EditContext {
  return { files: FILES, tree: TREE, config: { ...CONFIG, ...over } };
}

describe('checkRepoPath()', () => {
  it.each([
    ['src/a.ts', 'src/a.ts'],
    ['./src/a.ts', 'src/a.ts'],
    ['.github/CODEOWNERS', '.github/CODEOWNERS'],
    ['dir/..name', 'dir/..name'],
    ['~tilde', '~tilde'],
  ])('accepts %j as %j', (raw, path) => {
    expect(checkRepoPath(raw)).toEqual({ ok: true, path });
  });

  it.each([
    ['', 'invalid_path'],
    ['/etc/passwd', 'absolute_path'],
    ['C:/Windows/x', 'absolute_path'],
    ['c:relative', 'absolute_path'],
    ['\\\\server\\share', 'absolute_path'],
    ['~/.ssh/id_rsa', 'absolute_path'],
    ['../outside', 'parent_segment'],
    ['src/../../outside', 'parent_segment'],
    ['src/..', 'parent_segment'],
    ['src\\..\\x', 'invalid_path'],
    ['src//a.ts', 'invalid_path'],
    ['src/./a.ts', 'invalid_path'],
    ['src/', 'invalid_path'],
    ['a\u0000b', 'invalid_path'],
    ['a\nb', 'invalid_path'],
    ['.git/config', 'git_directory'],
    ['sub/.GIT/hooks/pre-commit', 'git_directory'],
    ['x'.repeat(5000), 'invalid_path'],
  ])('refuses %j (%s)', (raw, code) => {
    const r = checkRepoPath(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.reason).not.toContain('\n');
    }
  });
});

describe('createPathPolicy()', () => {
  const policy = createPathPolicy({ deny_paths: ['secrets/**', '**/*.pem', 'config', 'infra/'], allow_workflows: false, allow_config_edit: false });
  it.each([
    ['secrets/a.txt', 'denied_path'],
    ['secrets/.env', 'denied_path'],
    ['Secrets/A.txt', 'denied_path'],
    ['keys/.hidden/server.pem', 'denied_path'],
    ['config', 'denied_path'],
    ['config/app.yml', 'denied_path'],
    ['infra/main.tf', 'denied_path'],
    ['.github/workflows/ci.yml', 'workflow'],
    ['.github/workflows/nested/x.yml', 'workflow'],
    ['.GitHub/Workflows/ci.yml', 'workflow'],
    ['.github/workflows', 'workflow'],
    ['.github/punchlist.yml', 'config_file'],
    ['.GitHub/Punchlist.yml', 'config_file'],
    ['.env', 'secret_path'],
    ['app/.env.production', 'secret_path'],
    ['deploy/server.key', 'secret_path'],
    ['home/.ssh/authorized_keys', 'secret_path'],
  ])('refuses %j (%s)', (path, code) => {
    expect(policy(path)?.code).toBe(code);
  });

  it.each(['src/secrets.ts', 'configs/x', 'docs/pem.md', '.github/CODEOWNERS', '.github/workflows-docs/x.md', '.github/punchlist.yaml', 'src/env.ts'])('allows %j', (path) => {
    expect(policy(path)).toBeNull();
  });

  it('allows workflow files when allow_workflows is true, and the configuration when allow_config_edit is true', () => {
    const open = createPathPolicy({ deny_paths: [], allow_workflows: true, allow_config_edit: true });
    expect(open('.github/workflows/ci.yml')).toBeNull();
    expect(open('.github/punchlist.yml')).toBeNull();
  });

  it('refuses secret-like paths whatever the configuration allows', () => {
    expect(createPathPolicy({ deny_paths: [], allow_workflows: true, allow_config_edit: true })('.env')?.code).toBe('secret_path');
  });

  it('names the glob and the config key in its reason', () => {
    expect(policy('secrets/a.txt')?.reason).toBe('"secrets/a.txt" matches "secrets/**" in "deny_paths" of .github/punchlist.yml');
    expect(policy('.github/workflows/ci.yml')?.reason).toBe('".github/workflows/ci.yml" is a workflow file, and "allow_workflows" is false in .github/punchlist.yml');
    expect(policy('.github/punchlist.yml')?.reason).toBe('".github/punchlist.yml" is Punchlist\'s own configuration, and "allow_config_edit" is false in .github/punchlist.yml');
    expect(policy('ci/deploy.key')?.reason).toBe('"ci/deploy.key" matches "*.key", a secret-like path the App never reads or writes');
  });
});

describe('createReadPolicy()', () => {
  const readable = createReadPolicy({ deny_paths: ['secrets/**', 'infra'] });
  it.each([
    ['secrets/prod.txt', 'denied_path'],
    ['infra/main.tf', 'denied_path'],
    ['.env', 'secret_path'],
    ['.env.local', 'secret_path'],
    ['config/.ENV.staging', 'secret_path'],
    ['certs/server.pem', 'secret_path'],
    ['certs/server.key', 'secret_path'],
    ['keys/store.p12', 'secret_path'],
    ['deploy/id_rsa', 'secret_path'],
    ['deploy/id_ed25519.pub', 'secret_path'],
    ['.npmrc', 'secret_path'],
    ['infra/.aws/credentials', 'denied_path'],
    ['.aws/credentials', 'secret_path'],
    ['terraform/prod.tfstate', 'secret_path'],
  ])('never reads %j (%s)', (path, code) => {
    expect(readable(path)?.code).toBe(code);
  });

  it.each(['src/env.ts', 'docs/keys.md', 'src/keyboard.ts', '.github/workflows/ci.yml', '.github/punchlist.yml', 'environment/x.ts'])('reads %j', (path) => {
    expect(readable(path)).toBeNull();
  });

  it('refuses secret-like paths with no deny_paths at all', () => {
    expect(createReadPolicy({ deny_paths: [] })('.env')).toEqual({ code: 'secret_path', reason: '".env" matches ".env", a secret-like path the App never reads or writes' });
  });
});

describe('matchSecretPath()', () => {
  it.each([
    ['.env', '.env'],
    ['a/b/.env.production', '.env.*'],
    ['ID_RSA', 'id_rsa*'],
    ['x/.ssh/config', '.ssh'],
    ['a.key/inside.txt', '*.key'],
    ['src/main.ts', null],
    ['a.pem.md', null],
  ])('%j → %j', (path, glob) => {
    expect(matchSecretPath(path)).toBe(glob);
  });

  it('is fast enough for a tree of 100k paths', () => {
    const paths = Array.from({ length: 100_000 }, (_, i) => `src/module${i % 300}/deep/file_${i}.ts`);
    const start = performance.now();
    for (const p of paths) matchSecretPath(p);
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});

describe('validateEdits()', () => {
  it.each<[string, Edit, string]>([
    ['an absolute path', { path: '/etc/passwd', content: 'x' }, 'absolute_path'],
    ['a parent segment', { path: '../x', content: 'x' }, 'parent_segment'],
    ['a denied path', { path: 'secrets/token', content: 'x' }, 'denied_path'],
    ['a denied dotfile', { path: '.env', content: 'x' }, 'denied_path'],
    ['a workflow file', { path: '.github/workflows/ci.yml', content: 'on: pull_request_target' }, 'workflow'],
    ['deleting a workflow file', { path: '.github/workflows/ci.yml', delete: true }, 'workflow'],
    ['a search text that does not occur', { path: 'src/a.ts', search: 'const c', replace: 'x' }, 'search_not_found'],
    ['a search text that occurs twice', { path: 'src/dup.ts', search: 'x = 1;', replace: 'x = 2;' }, 'search_ambiguous'],
    ['an empty search text', { path: 'src/a.ts', search: '', replace: 'x' }, 'search_not_found'],
    ['a search in a missing file', { path: 'src/none.ts', search: 'a', replace: 'b' }, 'missing_file'],
    ['deleting a missing file', { path: 'src/none.ts', delete: true }, 'missing_file'],
    ['a directory of the tree', { path: '.github', content: 'x' }, 'directory'],
    ['deleting a directory of the tree', { path: 'docs/guide', delete: true }, 'directory'],
    ['a nested directory of the tree', { path: 'docs', content: 'x' }, 'directory'],
    ['a path under a file of the tree', { path: 'README.md/x', content: 'x' }, 'directory'],
    ['the configuration file', { path: '.github/punchlist.yml', search: 'per_order: 1', replace: 'per_order: 100' }, 'config_file'],
    ['deleting the configuration file', { path: '.github/punchlist.yml', delete: true }, 'config_file'],
    ['a secret-like file', { path: 'deploy/id_rsa', content: 'key' }, 'secret_path'],
    ['a file over max_file_bytes', { path: 'big.txt', content: 'x'.repeat(DEFAULT_LIMITS.max_file_bytes + 1) }, 'file_too_large'],
  ])('refuses %s', (_, edit, code) => {
    const r = validateEdits([edit], context());
    expect(r.accepted).toEqual([]);
    expect(r.changes).toEqual([]);
    expect(r.refused).toHaveLength(1);
    expect(r.refused[0]).toMatchObject({ index: 0, edit, code });
  });

  it.each<[string, EditContext['config']['limits'], Edit[], string]>([
    ['more edits than max_edits', { ...DEFAULT_LIMITS, max_edits: 2 }, [{ path: 'a', content: 'a' }, { path: 'b', content: 'b' }, { path: 'c', content: 'c' }], 'The answer has 3 edits, and "limits.max_edits" in .github/punchlist.yml allows 2'],
    ['a change over max_total_bytes', { max_edits: 50, max_file_bytes: 10, max_total_bytes: 15 }, [{ path: 'a', content: '12345678' }, { path: 'b', content: '12345678' }], 'The change would upload 16 bytes, and "limits.max_total_bytes" in .github/punchlist.yml allows 15'],
  ])('refuses the whole answer for %s, every edit with the same reason', (_, limits, edits, reason) => {
    const r = validateEdits(edits, context({ limits }));
    expect(r.accepted).toEqual([]);
    expect(r.changes).toEqual([]);
    expect(r.refused.map((x) => [x.index, x.reason])).toEqual(edits.map((__, i) => [i, reason]));
  });

  it('counts bytes, not characters, and the file as it ends up after a search/replace', () => {
    const limits = { max_edits: 50, max_file_bytes: 45, max_total_bytes: 100 };
    const r = validateEdits(
      [
        { path: 'e.txt', content: 'é'.repeat(23) },
        { path: 'src/a.ts', search: 'b = 2', replace: 'b = 2222' },
      ],
      context({ limits }),
    );
    expect(r.refused.map((x) => [x.index, x.code, x.reason])).toEqual([[0, 'file_too_large', '"e.txt" would be 46 bytes, and "limits.max_file_bytes" in .github/punchlist.yml allows 45']]);
    expect(r.changes).toEqual([{ path: 'src/a.ts', content: 'export const a = 1;\nexport const b = 2222;\n' }]);
  });

  it('accepts 50 edits, the default limit, and refuses 500', () => {
    const edits = (n: number): Edit[] => Array.from({ length: n }, (_, i) => ({ path: `gen/f${i}.txt`, content: `${i}\n` }));
    expect(validateEdits(edits(50), context()).changes).toHaveLength(50);
    const r = validateEdits(edits(500), context());
    expect(r.changes).toEqual([]);
    expect(new Set(r.refused.map((x) => x.code))).toEqual(new Set(['too_many_edits']));
  });

  it('refuses a file under a file created earlier in the same answer, and a file over a directory it created', () => {
    const r = validateEdits(
      [
        { path: 'new', content: 'file' },
        { path: 'new/inner.txt', content: 'x' },
        { path: 'made/deep.txt', content: 'y' },
        { path: 'made', content: 'z' },
      ],
      context(),
    );
    expect(r.refused.map((x) => [x.index, x.code])).toEqual([[1, 'directory'], [3, 'directory']]);
    expect(r.changes.map((c) => c.path)).toEqual(['new', 'made/deep.txt']);
  });

  it('lets the configuration be changed when allow_config_edit is true', () => {
    const r = validateEdits([{ path: '.github/punchlist.yml', search: 'per_order: 1', replace: 'per_order: 2' }], context({ allow_config_edit: true }));
    expect(r.changes).toEqual([{ path: '.github/punchlist.yml', content: 'budget: { per_order: 2 }\n' }]);
  });

  it('counts overlapping occurrences as ambiguous', () => {
    const r = validateEdits([{ path: 'f', search: 'aa', replace: 'b' }], { ...context(), files: new Map([['f', 'aaa']]) });
    expect(r.refused[0]?.code).toBe('search_ambiguous');
  });

  it('accepts whole-file content, an exact search/replace and a deletion, and returns what to commit', () => {
    const edits: Edit[] = [
      { path: './src/new.ts', content: 'export {};\n' },
      { path: 'src/a.ts', search: 'const b = 2', replace: 'const b = 3' },
      { path: 'README.md', delete: true },
    ];
    const r = validateEdits(edits, context());
    expect(r.refused).toEqual([]);
    expect(r.accepted.map((a) => [a.index, a.edit.path])).toEqual([[0, 'src/new.ts'], [1, 'src/a.ts'], [2, 'README.md']]);
    expect(r.changes).toEqual([
      { path: 'src/new.ts', content: 'export {};\n' },
      { path: 'src/a.ts', content: 'export const a = 1;\nexport const b = 3;\n' },
      { path: 'README.md', deleted: true },
    ]);
  });

  it('writes the replacement literally, `$&` and all', () => {
    const r = validateEdits([{ path: 'src/a.ts', search: 'a = 1', replace: "a = '$&$1$$'" }], context());
    expect(r.changes).toEqual([{ path: 'src/a.ts', content: "export const a = '$&$1$$';\nexport const b = 2;\n" }]);
  });

  it('applies edits in order, so a later edit sees an earlier one', () => {
    const r = validateEdits(
      [
        { path: 'src/a.ts', search: 'a = 1', replace: 'a = 10' },
        { path: 'src/a.ts', search: 'a = 10', replace: 'a = 100' },
        { path: 'src/created.ts', content: 'one' },
        { path: 'src/created.ts', search: 'one', replace: 'two' },
      ],
      context(),
    );
    expect(r.refused).toEqual([]);
    expect(r.changes).toEqual([
      { path: 'src/a.ts', content: 'export const a = 100;\nexport const b = 2;\n' },
      { path: 'src/created.ts', content: 'two' },
    ]);
  });

  it('keeps the accepted edits when others are refused, and refused ones change nothing', () => {
    const r = validateEdits(
      [
        { path: 'secrets/x', content: 'leak' },
        { path: 'src/a.ts', search: 'b = 2', replace: 'b = 20' },
        { path: 'src/a.ts', search: 'nope', replace: 'x' },
      ],
      context(),
    );
    expect(r.refused.map((x) => [x.index, x.code])).toEqual([[0, 'denied_path'], [2, 'search_not_found']]);
    expect(r.changes).toEqual([{ path: 'src/a.ts', content: 'export const a = 1;\nexport const b = 20;\n' }]);
  });

  it('leaves out files that end up as they were', () => {
    const r = validateEdits(
      [
        { path: 'README.md', content: '# Title\n' },
        { path: 'tmp.txt', content: 'x' },
        { path: 'tmp.txt', delete: true },
        { path: 'src/a.ts', delete: true },
        { path: 'src/a.ts', content: 'export const a = 1;\nexport const b = 2;\n' },
      ],
      context(),
    );
    expect(r.refused).toEqual([]);
    expect(r.changes).toEqual([]);
  });

  it('refuses to edit a file deleted earlier in the same answer', () => {
    const r = validateEdits([{ path: 'src/a.ts', delete: true }, { path: 'src/a.ts', search: 'a', replace: 'b' }], context());
    expect(r.refused.map((x) => x.code)).toEqual(['missing_file']);
    expect(r.changes).toEqual([{ path: 'src/a.ts', deleted: true }]);
  });

  it('allows workflow edits when the repository allows them', () => {
    const r = validateEdits([{ path: '.github/workflows/ci.yml', search: 'push', replace: 'pull_request' }], context({ allow_workflows: true }));
    expect(r.changes).toEqual([{ path: '.github/workflows/ci.yml', content: 'on: pull_request\n' }]);
  });
});

describe('pathsToRead()', () => {
  it('names each valid path once, normalised, so the caller can fetch exactly those files', () => {
    expect(pathsToRead([
      { path: './src/a.ts', content: '' },
      { path: 'src/a.ts', delete: true },
      { path: '../x', content: '' },
      { path: 'b.ts', search: 's', replace: 'r' },
    ], CONFIG)).toEqual(['src/a.ts', 'b.ts']);
  });

  it('never names a path the rules refuse, so a denied or secret file is never read', () => {
    expect(pathsToRead([
      { path: 'secrets/token', search: 'a', replace: 'b' },
      { path: '.env', search: 'KEY=', replace: 'KEY=x' },
      { path: '.github/workflows/ci.yml', search: 'push', replace: 'x' },
      { path: '.github/punchlist.yml', search: 'per_order', replace: 'x' },
      { path: 'src/a.ts', search: 'a', replace: 'b' },
    ], CONFIG)).toEqual(['src/a.ts']);
  });
});

describe('describeRefusals()', () => {
  const refusal = (path: string, code: RefusedEdit['code'], reason: string, index = 0): RefusedEdit => ({ index, edit: { path, content: '' }, code, reason });
  it.each<[string, RefusedEdit[], number, string]>([
    ['the one edit', [refusal('.github', 'directory', '".github" is a directory in the repository; an edit changes one file, never a directory')], 1,
      'The one edit was refused: ".github" is a directory in the repository; an edit changes one file, never a directory'],
    ['a limit once, not 500 times', Array.from({ length: 500 }, (_, i) => refusal(`f${i}`, 'too_many_edits', 'The answer has 500 edits, and "limits.max_edits" in .github/punchlist.yml allows 50', i)), 500,
      'All 500 edits refused: The answer has 500 edits, and "limits.max_edits" in .github/punchlist.yml allows 50'],
    ['some of several, grouped by kind', [refusal('a', 'denied_path', '"a" is denied', 0), refusal('b', 'denied_path', '"b" is denied', 1), refusal('c', 'search_not_found', 'The search text does not occur in "c"', 2)], 4,
      '3 of 4 edits refused: "a" is denied (and 1 more like it); The search text does not occur in "c"'],
    ['at most three reasons', [refusal('a', 'directory', 'd'), refusal('b', 'workflow', 'w'), refusal('c', 'config_file', 'c'), refusal('d', 'secret_path', 's')], 4,
      'All 4 edits refused: d; w; c; and 1 more reasons'],
  ])('names the reasons of %s', (_, refused, total, line) => {
    expect(describeRefusals(refused, total)).toBe(line);
    expect(groupRefusals(refused).reduce((n, g) => n + g.count, 0)).toBe(refused.length);
  });

  it('cannot mention anyone or link anywhere, whatever path the model gave', () => {
    const line = describeRefusals([refusal('@org/team', 'denied_path', '"@org/team" matches "[x](https://evil)" <img src=x>')], 1);
    expect(line).not.toMatch(/@[a-z]/i);
    expect(line).not.toMatch(/\]\(/);
    expect(line).not.toMatch(/<[a-z]/i);
    expect(line.replaceAll('\u200B', '')).toBe('The one edit was refused: "@org/team" matches "[x](https://evil)" <img src=x>');
  });
});

describe('inertText()', () => {
  it.each([
    ['@octocat hi', '@\u200Boctocat hi'],
    ['mail me at a@b.c', 'mail me at a@\u200Bb.c'],
    ['[a](b) and [c][d]', '[a]\u200B(b) and [c]\u200B[d]'],
    ['<script>', '<\u200Bscript>'],
    ['plain text, 3 < 4 @ noon', 'plain text, 3 < 4 @ noon'],
  ])('%j', (text, inert) => {
    expect(inertText(text)).toBe(inert);
  });
});
