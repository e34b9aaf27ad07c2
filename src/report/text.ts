import { CLASS_DESCRIPTIONS, FAILURE_CLASSES, type Classification, type Failure } from '../classify/index.ts';

/** Options for the terminal report. */
export interface TextOptions {
  /** Use ANSI colour (only when writing to a terminal). */
  color: boolean;
}

const CODES = { red: [31, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22], cyan: [36, 39] } as const;
type Style = keyof typeof CODES;

/** What a person reads in a terminal: failures grouped by class in precedence order, primary first. */
export function toText(r: Classification, { color }: TextOptions): string {
  const paint = (style: Style, s: string): string => (color ? `\x1b[${CODES[style][0]}m${s}\x1b[${CODES[style][1]}m` : s);
  const out: string[] = [];
  for (const cls of FAILURE_CLASSES) {
    const group = r.failures.filter((f) => f.class === cls);
    if (group.length === 0) continue;
    const tag = cls === r.primary ? paint('bold', ' (primary)') : '';
    out.push(`${paint('red', '✖')} ${paint('bold', cls)}${tag} ${paint('dim', `— ${CLASS_DESCRIPTIONS[cls]}`)}`);
    for (const f of group) out.push(`  ${formatFailure(f, paint)}`);
    out.push('');
  }
  if (r.failures.length === 0 && r.primary === 'unknown') {
    out.push(`${paint('yellow', '?')} ${paint('bold', 'unknown')} ${paint('dim', `— ${CLASS_DESCRIPTIONS.unknown}`)}`);
    if (r.jobFailed) out.push(`  ${r.jobFailed.line > 0 ? `line ${r.jobFailed.line}: ` : ''}${r.jobFailed.text}`);
    out.push('');
  }
  const count = r.failures.length + r.omitted;
  const summary =
    r.primary === null
      ? 'No failures found.'
      : `${count} failure${count === 1 ? '' : 's'} · primary: ${r.primary}${r.omitted ? ` · ${r.omitted} not listed` : ''}`;
  out.push(paint(r.primary === null ? 'cyan' : 'bold', summary));
  return `${out.join('\n')}\n`;
}

function formatFailure(f: Failure, paint: (s: Style, t: string) => string): string {
  const where = f.file ? [f.file, f.line, f.line !== undefined ? f.column : undefined].filter((x) => x !== undefined).join(':') : '';
  const what = [f.code, f.test ? `${f.test}:` : undefined, f.message].filter(Boolean).join(' ');
  const extra = [f.package && !f.message.includes(f.package) ? `package ${f.package}` : '', f.tool ?? ''].filter(Boolean).join(', ');
  return [where ? paint('cyan', where) : '', what, extra ? paint('dim', `[${extra}]`) : ''].filter(Boolean).join('  ');
}
