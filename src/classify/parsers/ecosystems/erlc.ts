import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `src/a.erl:91: field x undefined in record r` (OTP < 24) and `src/a.erl:91:5: …` (OTP ≥ 24).
const DIAG = /^(\S(?:[^:]|:(?!\d))*?\.(?:erl|hrl|escript|yrl|xrl)):(\d+):(?:(\d+):)? (.*)$/;

/** erlc (directly, or under rebar3 / erlang.mk) compile errors. */
export const erlc: ParserDef = {
  name: 'erlc',
  description: 'erlc `file.erl:line[:col]: message` errors; `Warning:` lines count only when the build treats warnings as errors',
  url: 'https://www.erlang.org/doc/man/erlc.html',
  trigger: /\.(?:erl|hrl|escript|yrl|xrl):\d+:(?:\d+:)? /,
  keywords: ['.erl:', '.hrl:', '.escript:', '.yrl:', '.xrl:'],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return false;
        const m = DIAG.exec(text);
        if (!m) return false;
        const message = m[4]!;
        // Warnings are not failures; with warnings_as_errors erlc prints them without the `Warning:` tag.
        if (/^[Ww]arning: /.test(message)) return false;
        sink.emit({
          class: 'compile_error',
          tool: 'erlc',
          file: m[1]!,
          line: Number(m[2]),
          ...(m[3] ? { column: Number(m[3]) } : {}),
          message,
          evidence: [ev(text, ctx)],
        });
        return false;
      },
      end() {},
    };
  },
};
