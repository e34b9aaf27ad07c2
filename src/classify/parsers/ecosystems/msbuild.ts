import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// MSBuild's canonical diagnostic `origin(line,col[,endLine,endCol]): [subcategory] error CODE: text [project]`,
// used by csc, mcs, fsc, vbc, NuGet restore (`proj.csproj : error NU1605: …`), and the Roslyn analyzers that a
// build or `dotnet format --verify-no-changes` runs as errors: code quality `CA`, code style `IDE`
// (https://learn.microsoft.com/en-us/dotnet/fundamentals/code-analysis/overview), StyleCop `SA`, Roslynator `RCS`,
// and dotnet-format's own `WHITESPACE`/`FINALNEWLINE`/`CHARSET`/`ENDOFLINE`. Paths are kept as printed
// (Windows `D:\a\r\r\src\X.cs` too): the engine makes them relative.
const CODE = /(?:^|\s)error ((?:CS|NU|FS|BC|CA|SA)\d{4}|(?:IDE|RCS)\d{4}|WHITESPACE|FINALNEWLINE|CHARSET|ENDOFLINE): /;
const LINT = /^(?:CA|SA|IDE|RCS)\d|^[A-Z]+$/;
const ORIGIN = /^\s*(\S.*?)(?:\((\d+)(?:,(\d+))?(?:,\d+,\d+)?\))?\s*:(?: [\w ]{0,40})?$/;
// NuGet codes that mean a package cannot be found or resolved (NU1301, a feed that cannot be reached, is not one).
const NUGET_MISSING = new Set(['NU1100', 'NU1101', 'NU1102', 'NU1103', 'NU1107', 'NU1108', 'NU1202', 'NU1605', 'NU1608']);
const NUGET_PACKAGE = /^(?:Unable to (?:find|resolve) (?:package )?'?|Detected package downgrade: |Version conflict detected for |Package )([\w.-]+)/;
const MAX_ORIGIN = 1000;

/** MSBuild-format diagnostics from the .NET toolchain: C#/F#/VB compiler errors, NuGet restore errors, analyzer and format errors. */
export const msbuild: ParserDef = {
  name: 'msbuild',
  description: 'MSBuild canonical errors `file(line,col): error CS0246: msg [proj]` from csc/mcs/fsc/vbc, NuGet restore `proj : error NU1101/NU1605: …`, analyzers (CA/IDE/SA/RCS) and dotnet format as lint errors',
  url: 'https://learn.microsoft.com/en-us/visualstudio/msbuild/msbuild-diagnostic-format-for-tasks',
  trigger: /error (?:(?:CS|NU|FS|BC|CA|SA)\d{4}|(?:IDE|RCS)\d{4}|WHITESPACE|FINALNEWLINE|CHARSET|ENDOFLINE): /,
  keywords: ['error CS', 'error NU', 'error FS', 'error BC', 'error CA', 'error SA', 'error IDE', 'error RCS', 'error WHITESPACE', 'error FINALNEWLINE', 'error CHARSET', 'error ENDOFLINE'],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        const m = CODE.exec(text);
        if (!m || m.index > MAX_ORIGIN) return false;
        const code = m[1]!;
        let message = text.slice(m.index + m[0].length);
        // NuGet continues an error on further lines with the same code, indented: they add no new failure.
        if (message.startsWith(' ')) return false;
        const project = message.lastIndexOf(' [');
        if (project > 0 && message.endsWith(']')) message = message.slice(0, project);
        message = message.trim();
        const origin = ORIGIN.exec(text.slice(0, m.index + 1));
        const file = origin?.[1] && !/^(?:CSC|MSBUILD|EXEC)$/i.test(origin[1]) ? origin[1] : undefined;
        const where = {
          ...(file ? { file } : {}),
          ...(origin?.[2] ? { line: Number(origin[2]) } : {}),
          ...(origin?.[3] ? { column: Number(origin[3]) } : {}),
        };
        if (code.startsWith('NU')) {
          if (!NUGET_MISSING.has(code)) return false;
          const pkg = NUGET_PACKAGE.exec(message)?.[1];
          sink.emit({
            class: 'dependency_missing',
            tool: 'nuget',
            code,
            ...where,
            ...(pkg ? { package: pkg } : {}),
            message,
            evidence: [ev(text, ctx)],
          });
          return false;
        }
        if (LINT.test(code)) {
          const tool = /^[A-Z]+$/.test(code) ? 'dotnet-format' : code.startsWith('SA') ? 'stylecop' : code.startsWith('RCS') ? 'roslynator' : 'roslyn-analyzers';
          sink.emit({ class: 'lint_error', tool, code, ...where, message, evidence: [ev(text, ctx)] });
          return false;
        }
        const tool = code.startsWith('CS') ? 'csc' : code.startsWith('FS') ? 'fsc' : 'vbc';
        sink.emit({ class: 'compile_error', tool, code, ...where, message, evidence: [ev(text, ctx)] });
        return false;
      },
      end() {},
    };
  },
};
