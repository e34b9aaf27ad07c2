/**
 * Where the App's Actions mode reports: the job log, with the runner's workflow commands for the lines a person
 * should see on the run's page (notices, warnings, errors become annotations there).
 */
export interface ActionLog {
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

/**
 * Escapes a workflow command's message the way the runner unescapes it (`%`, CR, LF), so a message with a newline
 * stays one annotation ("Workflow commands for GitHub Actions", the `::error::` syntax).
 */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Collapses whitespace, so a fault from any layer (a pg error, an aggregated Octokit error) reads as one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** An ActionLog over `write` (the process's stdout, which the runner reads for workflow commands). */
export function createActionLog(write: (text: string) => void): ActionLog {
  return {
    info: (message) => write(`${message}\n`),
    notice: (message) => write(`::notice::${escapeCommandData(message)}\n`),
    warning: (message) => write(`::warning::${escapeCommandData(message)}\n`),
    error: (message) => write(`::error::${escapeCommandData(message)}\n`),
  };
}
