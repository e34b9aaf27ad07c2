import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// The CoffeeScript compiler (`coffee -c`, and the `coffee` runner when a file does not compile) reports
// `path/file.coffee:4:5: error: unexpected indentation`, then the source line and a caret
// (https://coffeescript.org/#cli). Fixture: coffeescript 2 from npm, run here on a file with a syntax error.
// CoffeeScript's own test task (`cake test`) prints the same error indented.
const ERROR = /^\s{0,8}((?:[A-Za-z]:[\\/])?[^\s:][^:]{0,500}\.(?:coffee|litcoffee|coffee\.md)):(\d+):(\d+): error: (.{1,1000})$/;

/** CoffeeScript compiler errors: the file does not compile. */
export const coffee: ParserDef = {
  name: 'coffee',
  description: 'CoffeeScript compiler errors `file.coffee:line:col: error: msg`',
  url: 'https://coffeescript.org/#cli',
  trigger: /\.(?:coffee|litcoffee|coffee\.md):\d+:\d+: error: /,
  keywords: ['.coffee:', '.litcoffee:', '.coffee.md:'],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        const m = ERROR.exec(text);
        if (m) {
          sink.emit({ class: 'compile_error', tool: 'coffeescript', file: m[1]!, line: Number(m[2]), column: Number(m[3]), message: m[4]!, evidence: [ev(text, ctx)] });
        }
        return false;
      },
      end() {},
    };
  },
};
