import { describe, expect, it } from 'vitest';
import { Classifier, classifyText, type FailureClass, type ParserDef } from '../../src/classify/index.ts';
import { ev } from '../../src/classify/parser.ts';

// A tiny parser for engine tests: `BOOM <class> <file>:<line> <message>`, and a block form that collects
// lines until `END`.
const boom: ParserDef = {
  name: 'boom',
  description: 'test parser',
  url: 'https://example.invalid',
  trigger: /^(?:BOOM |BEGIN$)/,
  keywords: ['BOOM ', 'BEGIN'],
  create(sink) {
    let block: string[] | null = null;
    return {
      feed(text, ctx) {
        if (block) {
          if (text === 'END') {
            sink.emit({ class: 'test_fail', message: block.join(' | '), evidence: [ev(text, ctx)] });
            block = null;
            return false;
          }
          block.push(text);
          return true;
        }
        if (text === 'BEGIN') {
          block = [];
          return true;
        }
        const m = /^BOOM (\w+) (?:(\S+):(\d+) )?(.*)$/.exec(text);
        if (m) {
          sink.emit({
            class: m[1] as FailureClass,
            message: m[4]!,
            ...(m[2] ? { file: m[2], line: Number(m[3]) } : {}),
            evidence: [ev(text, ctx)],
          });
        }
        if (text.startsWith('BOOM EXIT')) sink.jobFailed(ev(text, ctx));
        return false;
      },
      end() {
        if (block) sink.emit({ class: 'test_fail', message: `unterminated: ${block.join(' | ')}`, evidence: [] });
      },
    };
  },
};
const opts = { parsers: [boom] };

describe('Classifier', () => {
  it('picks the primary class by TAXONOMY precedence', () => {
    const r = classifyText('BOOM test_fail a.ts:1 x\nBOOM lint_error b.ts:2 y\nBOOM dependency_missing c.ts:3 z\n', opts);
    expect(r.primary).toBe('dependency_missing');
    expect(r.failures.map((f) => f.class)).toEqual(['test_fail', 'lint_error', 'dependency_missing']);
  });

  it('merges the same diagnostic printed twice (tool and runner) and keeps the first evidence', () => {
    const r = classifyText('BOOM compile_error a.ts:1 bad\n##[error]BOOM compile_error a.ts:1 bad\n', opts);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]!.evidence).toEqual([{ line: 1, text: 'BOOM compile_error a.ts:1 bad' }]);
  });

  it('keeps two unlocated failures with different messages apart', () => {
    const r = classifyText('BOOM orchestration_error one\nBOOM orchestration_error two\n', opts);
    expect(r.failures).toHaveLength(2);
  });

  it('is null for a log with nothing failed, and unknown when the step failed without evidence', () => {
    expect(classifyText('all good\n', opts).primary).toBeNull();
    expect(classifyText('all good\n', { ...opts, exitCode: 124 }).primary).toBe('unknown');
    expect(classifyText('all good\n', { ...opts, exitCode: 0 }).primary).toBeNull();
    const r = classifyText('x\nBOOM EXIT\n', opts);
    expect(r.primary).toBe('unknown');
    expect(r.jobFailed).toEqual({ line: 2, text: 'BOOM EXIT' });
  });

  it('feeds an open block every line, keyword or not, until the parser closes it', () => {
    const r = classifyText('BEGIN\nplain one\nplain two\nEND\nplain three\n', opts);
    expect(r.failures.map((f) => f.message)).toEqual(['plain one | plain two']);
  });

  it('flushes an open block at the end of input', () => {
    expect(classifyText('BEGIN\nplain\n', opts).failures[0]!.message).toBe('unterminated: plain');
  });

  it('gives the same result with and without the keyword prefilter', () => {
    const log = 'noise\nBOOM test_fail a.ts:1 x\n\x1b[31mBOOM\x1b[0m lint_error b.ts:2 y\nBEGIN\nz\nEND\n';
    const withKeywords = classifyText(log, opts);
    const without = classifyText(log, { parsers: [{ ...boom, keywords: [] }] });
    expect(withKeywords).toEqual(without);
    expect(withKeywords.failures).toHaveLength(3);
  });

  it('makes paths repository-relative: the given root, then a hosted runner workspace', () => {
    const r = classifyText(
      'BOOM compile_error /work/proj/src/a.ts:1 x\nBOOM compile_error /home/runner/work/app/app/src/b.ts:2 y\nBOOM compile_error .\\src\\c.ts:3 z\n',
      { ...opts, roots: ['/work/proj'] },
    );
    expect(r.failures.map((f) => f.file)).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
  });

  it('numbers evidence lines as the input does, across chunks and CRLF', () => {
    const c = new Classifier(opts);
    c.push('one\r\ntwo\r\nBOOM test_');
    c.push('fail a.ts:9 x\r\n');
    expect(c.end().failures[0]!.evidence[0]!.line).toBe(3);
  });

  it('keeps at most maxFailures and still counts the rest towards the primary', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `BOOM test_fail a.ts:${i + 1} x`);
    lines.push('BOOM timeout late.ts:1 slow');
    const r = classifyText(`${lines.join('\n')}\n`, { ...opts, maxFailures: 5 });
    expect(r.failures).toHaveLength(5);
    expect(r.omitted).toBe(6);
    expect(r.primary).toBe('timeout');
  });

  it('reads invalid UTF-8 and binary bytes without throwing', () => {
    const c = new Classifier(opts);
    c.pushBytes(new Uint8Array([0xff, 0xfe, 0x00, 0x42, 0x0a, 0xc3, 0x28, 0x0a]));
    c.pushBytes(new TextEncoder().encode('BOOM test_fail \xff.ts:1 x\n'));
    const r = c.end();
    expect(r.lines).toBe(3);
    expect(r.failures).toHaveLength(1);
  });

  it('clips long messages and evidence lines', () => {
    const r = classifyText(`BOOM test_fail a.ts:1 ${'m'.repeat(10_000)}\n`, opts);
    expect(r.failures[0]!.message.length).toBeLessThanOrEqual(2000);
    expect(r.failures[0]!.evidence[0]!.text.length).toBeLessThanOrEqual(400);
  });
});
