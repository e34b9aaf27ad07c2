/**
 * What a person does to start a failed or budget-exhausted work order again, in words that work: GitHub sends
 * `issues.labeled` only when a label is added, so "again" means removing it first.
 */
export function retryAdvice(label = 'punchlist'): string {
  return `remove and add the \`${label}\` label, or reply \`/punchlist retry\``;
}
