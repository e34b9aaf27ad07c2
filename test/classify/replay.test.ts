import { describe, expect, it } from 'vitest';
import { Classifier, MAX_LINE_BYTES, type ParserDef } from '../../src/classify/index.ts';

// A parser with a lookback and replay keywords (ParserDef.replayKeywords) is fed, when a line triggers it while idle,
// the lines before the trigger that it has not seen and that hold one of those words (or a byte cleaning could turn
// into one), and every line once it is active or reads every line while idle. The classifier finds those lines in
// one scan of the window when the window lies in one chunk, and line by line when it does not: the lines fed must be
// the same whichever way the input is cut.

interface Fed {
  n: number;
  text: string;
}

/**
 * Triggered by `TRIGGER`; replays lines holding `RUN`/`RESULT`; `OPEN` keeps it active until `CLOSE`; `DUMP` makes it
 * read every line while idle until `CLOSE`.
 */
function recorder(fed: Fed[]): ParserDef {
  return {
    name: 'recorder',
    description: 'test parser',
    url: 'https://example.org',
    trigger: /TRIGGER/,
    keywords: ['TRIGGER'],
    lookback: 8,
    replayKeywords: ['RUN', 'RESULT'],
    create() {
      let open = false;
      let dump = false;
      return {
        feed(text, ctx) {
          fed.push({ n: ctx.n, text });
          if (text.includes('CLOSE')) open = dump = false;
          else if (text.includes('OPEN')) open = true;
          else if (text.includes('DUMP')) dump = true;
          return open;
        },
        end() {},
        readsAllWhileIdle: () => dump,
      };
    },
  };
}

/** Reads lines holding `OTHER` and does nothing: they are lines with a keyword that the recorder is not fed. */
const other: ParserDef = {
  name: 'other',
  description: 'test parser',
  url: 'https://example.org',
  trigger: /OTHER/,
  keywords: ['OTHER'],
  create: () => ({ feed: () => false, end() {} }),
};

function feedIn(bytes: Uint8Array, size: number): Fed[] {
  const fed: Fed[] = [];
  const c = new Classifier({ parsers: [recorder(fed), other] });
  for (let at = 0; at < bytes.length; at += size) c.pushBytes(bytes.slice(at, at + size));
  c.end();
  return fed;
}

const STAMP = '2026-11-25T18:51:05.7197140Z ';
const encode = (lines: string[]): Uint8Array => new TextEncoder().encode(`${lines.join('\n')}\n`);

describe('replaying the lines before a trigger', () => {
  it('feeds an idle parser only the window lines holding a replay word, escapes and timestamps aside', () => {
    const lines = [
      'noise 1',
      'RUN TestA', // 2: outside the window of line 11 (8 lines back)
      'C:\\dir 3', // a backslash that is no escape of a quoted string
      `${STAMP}RUN TestB`, // 4
      '50% noise 5', // a percent sign that is no escape of a workflow command
      'R\x1b[1mUN split by an escape', // 6: cleaning joins it
      'RU noise', // 7
      'a \\" quoted', // 8: an escape cleaning could turn into part of a word
      '::error::R%0DUN 9\r', // 9: a workflow command's escape, which cleaning takes out
      'RESULT ok\r', // 10
      'TRIGGER one', // 11
      'RUN TestC', // 12
      'TRIGGER two', // 13: line 12 is replayed, 11 was fed already
    ];
    const fed = feedIn(encode(lines), 1 << 20);
    expect(fed.map((f) => f.n)).toEqual([4, 6, 8, 9, 10, 11, 12, 13]);
    expect(fed[0]!.text).toBe('RUN TestB');
    expect(fed[1]!.text).toBe('RUN split by an escape');
    expect(fed[3]!.text).toBe('RUN 9');
  });

  it('feeds every later window line once a replayed line wakes the parser, or makes it read everything', () => {
    for (const word of ['OPEN', 'DUMP']) {
      const lines = ['noise 1', `RUN ${word}`, 'noise 3', 'noise 4', 'CLOSE RUN', 'noise 6', 'TRIGGER'];
      expect(feedIn(encode(lines), 1 << 20).map((f) => f.n)).toEqual([2, 3, 4, 5, 7]);
    }
  });

  it('feeds the lines the definition gives across the scan\'s regions and the chunks\' edges, on a long log', () => {
    // Only plain words, so that the definition is short: at each trigger, the lines since the last line fed and at
    // most 8 back that hold RUN or RESULT, then the trigger. ~420 KB: the 64 KiB regions of the scan change many
    // times, with triggers whose windows reach back into the region before, and past lines with another parser's
    // keyword (which the classifier reads, and the recorder is not fed).
    let seed = 11;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const lines: string[] = [];
    while (lines.length < 9000) {
      const r = rand(20);
      const word = r === 0 ? 'TRIGGER' : r < 4 ? 'RUN' : r < 6 ? 'RESULT' : r < 8 ? 'OTHER' : r === 8 ? 'OTHER RUN' : 'noise';
      lines.push(`${rand(2) === 0 ? STAMP : ''}${word} ${'z'.repeat(rand(40))} ${lines.length}`);
    }
    const expected: number[] = [];
    let lastFed = 0;
    lines.forEach((line, k) => {
      const n = k + 1;
      if (!line.includes('TRIGGER')) return;
      for (let m = Math.max(n - 8, lastFed + 1); m < n; m++) if (/RUN|RESULT/.test(lines[m - 1]!)) expected.push(m);
      expected.push(n);
      lastFed = n;
    });
    const bytes = encode(lines);
    expect(bytes.length).toBeGreaterThan(4 * 65_536);
    for (const size of [bytes.length, 65_536 + 7, 1000, 97]) {
      expect(feedIn(bytes, size).map((f) => f.n), `chunks of ${size}`).toEqual(expected);
    }
  });

  it('reads a window from the bytes pushed now when the caller refills one array for each chunk', () => {
    // Two chunks of the same length, the second with RUN lines where the first has noise: a window read from a copy of
    // the first chunk's bytes (kept to save copying each window) would replay none of them.
    const chunk = (word: string): Uint8Array => encode(Array.from({ length: 64 }, (_, k) => (k % 16 === 15 ? 'TRIGGER' : `${word} ${String(k).padStart(2, '0')}`)));
    const first = chunk('noise');
    const second = chunk('RUN__');
    expect(second.length).toBe(first.length);
    const apart: Fed[] = [];
    const a = new Classifier({ parsers: [recorder(apart)] });
    a.pushBytes(first.slice());
    a.pushBytes(second.slice());
    a.end();
    const refilled: Fed[] = [];
    const b = new Classifier({ parsers: [recorder(refilled)] });
    const buffer = new Uint8Array(first.length);
    buffer.set(first);
    b.pushBytes(buffer);
    buffer.set(second);
    b.pushBytes(buffer);
    b.end();
    expect(apart.filter((f) => f.text.startsWith('RUN')).length).toBeGreaterThan(20);
    expect(refilled).toEqual(apart);
  });

  it('feeds the same lines however the input is cut, on generated logs', () => {
    const words = ['noise', 'RUN', 'RESULT', 'TRIGGER', 'OPEN', 'CLOSE', 'DUMP', 'R\x1b[0mUN', '%', 'x'];
    let seed = 7;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let round = 0; round < 20; round++) {
      const lines: string[] = [];
      for (let l = 0; l < 400; l++) {
        let line = rand(3) === 0 ? STAMP : '';
        for (let t = rand(4); t >= 0; t--) line += `${words[rand(words.length)]} `;
        // Now and then a line longer than the classifier reads of a line, with a word past the cut.
        if (rand(150) === 0) line += `${'y'.repeat(MAX_LINE_BYTES + 5)} RUN`;
        lines.push(rand(10) === 0 ? `${line}\r` : line);
      }
      const bytes = encode(lines);
      const whole = feedIn(bytes, bytes.length);
      // The window scan must have had lines to skip and lines to feed.
      expect(whole.length).toBeGreaterThan(50);
      expect(whole.length).toBeLessThan(lines.length);
      for (const size of [1, 13, 4096]) expect(feedIn(bytes, size), `round ${round}, chunks of ${size}`).toEqual(whole);
    }
  });
});
