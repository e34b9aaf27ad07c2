import { describe, expect, it } from 'vitest';
import { checkRepoPath, createPathPolicy, pathsToRead, validateEdits, type EditContext } from '../../app/edits/index.ts';
import type { Edit } from '../../app/model/index.ts';

const FILES = new Map([
  ['src/a.ts', 'export const a = 1;\nexport const b = 2;\n'],
  ['src/dup.ts', 'x = 1;\nx = 1;\n'],
  ['README.md', '# Title\n'],
  ['.github/workflows/ci.yml', 'on: push\n'],
]);

function context(over: Partial<EditContext['config']> = {}): EditContext {
  return { files: FILES, config: { deny_paths: ['secrets/**', '**/*.pem', '.env'], allow_workflows: false, ...over } };
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
  const policy = createPathPolicy({ deny_paths: ['secrets/**', '**/*.pem', 'config', 'infra/'], allow_workflows: false });
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
  ])('refuses %j (%s)', (path, code) => {
    expect(policy(path)?.code).toBe(code);
  });

  it.each(['src/secrets.ts', 'configs/x', 'docs/pem.md', '.github/CODEOWNERS', '.github/workflows-docs/x.md'])('allows %j', (path) => {
    expect(policy(path)).toBeNull();
  });

  it('allows workflow files when allow_workflows is true', () => {
    expect(createPathPolicy({ deny_paths: [], allow_workflows: true })('.github/workflows/ci.yml')).toBeNull();
  });

  it('names the glob and the config key in its reason', () => {
    expect(policy('secrets/a.txt')?.reason).toBe('"secrets/a.txt" matches "secrets/**" in "deny_paths" of .github/punchlist.yml');
    expect(policy('.github/workflows/ci.yml')?.reason).toBe('".github/workflows/ci.yml" is a workflow file, and "allow_workflows" is false in .github/punchlist.yml');
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
  ])('refuses %s', (_, edit, code) => {
    const r = validateEdits([edit], context());
    expect(r.accepted).toEqual([]);
    expect(r.changes).toEqual([]);
    expect(r.refused).toHaveLength(1);
    expect(r.refused[0]).toMatchObject({ index: 0, edit, code });
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
    ])).toEqual(['src/a.ts', 'b.ts']);
  });
});
