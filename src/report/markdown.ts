import { FAILURE_CLASSES, type Failure } from '../classify/index.ts';
import type { ClassifiedJob } from './job.ts';
import { markBadge } from './marks.ts';

/** Escapes text for a Markdown table cell. */
function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
}

function where(f: Failure): string {
  if (!f.file) return '';
  return `\`${f.file}${f.line !== undefined ? `:${f.line}` : ''}\``;
}

const NEXT_WORDS = { none: '—', retry: '🔁 retry', fix: '🔧 fix', escalate: '🙋 escalate' } as const;

/**
 * What a person sees at a glance: per job, the primary class and what to do next, then every failure with
 * where it is. Used for the job summary and the check run's summary; cut to `maxChars` on a row boundary.
 */
export function toMarkdown(jobs: readonly ClassifiedJob[], opts: { maxChars: number; notes?: readonly string[] }): string {
  const all = jobs.flatMap((j) => j.classification.failures);
  const failed = jobs.filter((j) => j.decision.primary !== null);
  const head: string[] = ['## Punchlist', ''];
  if (failed.length === 0) head.push(`✅ No failures found in ${jobs.length} log${jobs.length === 1 ? '' : 's'}.`, '');
  for (const note of opts.notes ?? []) head.push(`> ${note}`, '');

  if (all.length > 0) {
    head.push('| class | count | tools |', '|---|---:|---|');
    for (const cls of FAILURE_CLASSES) {
      const of = all.filter((f) => f.class === cls);
      if (of.length === 0) continue;
      const tools = [...new Set(of.map((f) => f.tool).filter(Boolean))].join(', ');
      head.push(`| \`${cls}\` | ${of.length} | ${cell(tools)} |`);
    }
    head.push('');
  }
  if (failed.length > 0) {
    head.push('### Decision log', '', '| job | concluded | next | evidence |', '|---|---|---|---|');
    for (const j of failed) {
      const d = j.decision;
      const ev = d.evidence ? `${d.evidence.line > 0 ? `line ${d.evidence.line}: ` : ''}\`${cell(d.evidence.text).slice(0, 200)}\`` : '';
      head.push(`| ${cell(j.name)} | **${d.primary}** | ${NEXT_WORDS[d.next]} | ${ev} |`);
    }
    head.push('', ...failed.map((j) => `- **${cell(j.name)}**: ${cell(j.decision.reason)}`), '');
  }

  const rows: string[] = [];
  if (all.length > 0) {
    rows.push('### Failures', '', '| class | where | tool | what |', '|---|---|---|---|');
    for (const j of jobs) {
      for (const f of j.classification.failures) {
        const what = [cell(markBadge(f)), f.code ? `\`${cell(f.code)}\`` : '', f.test ? `**${cell(f.test)}**` : '', f.package ? `package \`${cell(f.package)}\`` : '', cell(f.message).slice(0, 300)]
          .filter(Boolean)
          .join(' ');
        rows.push(`| \`${f.class}\` | ${where(f)} | ${cell(f.tool ?? '')} | ${what} |`);
      }
    }
  }
  const omitted = jobs.reduce((n, j) => n + j.classification.omitted, 0);
  let out = head.join('\n');
  let shown = 0;
  const dataRows = rows.length - 4;
  for (const r of rows) {
    if (out.length + r.length + 200 > opts.maxChars) break;
    out += `\n${r}`;
    if (!r.startsWith('###') && !r.startsWith('|---') && !r.startsWith('| class') && r !== '') shown++;
  }
  const left = Math.max(0, dataRows - shown) + omitted;
  if (left > 0) out += `\n\n_${left} more failure${left === 1 ? '' : 's'} not listed here._`;
  return `${out}\n`;
}
