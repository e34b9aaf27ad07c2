import type { Failure } from '../classify/index.ts';

// Escaping as the runner parses workflow commands (actions/toolkit `escapeData` / `escapeProperty`).
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The title a failure's annotation carries: its class, the tool and code where known, and whether it was inferred. */
export function annotationTitle(f: Failure): string {
  const detail = [f.tool, f.code].filter(Boolean).join(' ');
  const title = detail ? `${f.class} (${detail})` : f.class;
  return f.basis === 'step' ? `${title}, inferred from the step's name` : title;
}

/** The message of a failure's annotation: the tool's message, with the test or package it concerns. */
export function annotationMessage(f: Failure): string {
  const about = f.test ? `${f.test}: ` : f.package && !f.message.includes(f.package) ? `${f.package}: ` : '';
  return `${about}${f.message}`;
}

/** One `::error …::message` workflow command per failure, which the runner turns into annotations. */
export function toWorkflowCommands(failures: readonly Failure[]): string {
  return failures
    .map((f) => {
      const props: string[] = [];
      if (f.file) props.push(`file=${escapeProperty(f.file)}`);
      if (f.file && f.line !== undefined) props.push(`line=${f.line}`);
      if (f.file && f.line !== undefined && f.column !== undefined) props.push(`col=${f.column}`);
      if (f.file && f.endLine !== undefined) props.push(`endLine=${f.endLine}`);
      if (f.file && f.endColumn !== undefined) props.push(`endColumn=${f.endColumn}`);
      props.push(`title=${escapeProperty(annotationTitle(f))}`);
      return `::error ${props.join(',')}::${escapeData(annotationMessage(f))}\n`;
    })
    .join('');
}
