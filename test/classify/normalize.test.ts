import { describe, expect, it } from 'vitest';
import { cleanLine } from '../../src/classify/normalize.ts';

describe('cleanLine()', () => {
  it.each([
    ['plain text', 'hello', 'hello', null],
    ['ANSI colours', '\x1b[31m\x1b[1mAssertionError\x1b[22m: x\x1b[39m', 'AssertionError: x', null],
    ['ANSI in caret notation', '^[[31mFAILED^[[0m tests/a.py', 'FAILED tests/a.py', null],
    ['OSC hyperlink', '\x1b]8;;file:///a\x07a.ts\x1b]8;;\x07', 'a.ts', null],
    ['GitHub timestamp', '2026-11-25T18:51:05.7197140Z src/a.ts(8,51): error', 'src/a.ts(8,51): error', null],
    ['timestamp with an offset and no fraction', '2026-11-25T18:51:05+01:00 hello', 'hello', null],
    ['timestamp with a comma fraction', '2026-11-25T18:51:05,123Z hello', 'hello', null],
    ['a date-like word is not a timestamp', '2026-11-25Tuesday', '2026-11-25Tuesday', null],
    ['runner error marker', '2026-11-25T18:51:05.7359010Z ##[error]Process completed with exit code 2.', 'Process completed with exit code 2.', 'error'],
    ['the exit line as GitHub\'s web view shows it', 'Error: Process completed with exit code 1.', 'Process completed with exit code 1.', 'error'],
    ['a tool\'s own Error: line keeps its words', 'Error: Process crashed', 'Error: Process crashed', null],
    ['group marker', '##[group]Run npx tsc', 'Run npx tsc', 'group'],
    ['endgroup', '##[endgroup]', '', 'endgroup'],
    ['CR overwrite keeps what a terminal shows last', 'Downloading 10%\rDownloading 100%', 'Downloading 100%', null],
    ['Travis fold marker then text', 'travis_fold:end:install\r\x1b[0K$ npm test', '$ npm test', null],
    ['CR with trailing erase', 'done\r\x1b[0K', 'done', null],
  ])('%s', (_name, raw, text, marker) => {
    const c = cleanLine(raw);
    expect(c.text).toBe(text);
    expect(c.marker).toBe(marker);
  });

  it('reads a workflow command with its properties', () => {
    const c = cleanLine('::error file=src/a.ts,line=3,col=7,title=TS2322::Type %27x%27 is wrong%0Asecond line');
    expect(c.marker).toBe('error');
    expect(c.props).toEqual({ file: 'src/a.ts', line: '3', col: '7', title: 'TS2322' });
    expect(c.text).toBe('Type %27x%27 is wrong second line');
  });

  it('keeps a wrapped line whole in its text and lists its wrappers', () => {
    const c = cleanLine('2026-11-25T18:51:05.7197140Z [INFO]     [javac] A.java:3: error: x');
    expect(c.text).toBe('[INFO]     [javac] A.java:3: error: x');
    expect(c.layers).toEqual([
      { wrapper: 'maven', text: '    [javac] A.java:3: error: x' },
      { wrapper: 'ant', text: 'A.java:3: error: x' },
    ]);
    expect(cleanLine('hello').layers).toBeNull();
  });

  it('leaves text that only looks like a timestamp', () => {
    expect(cleanLine('2026-11-25 not a timestamp line here').text).toBe('2026-11-25 not a timestamp line here');
  });
});
