/** Why a word makes a change risky: each kind is a place where a plausible-looking mistake is expensive. */
export type RiskKind = 'security' | 'auth' | 'data_migration' | 'schema' | 'payment' | 'concurrency';

/** A risk word found in the work order, and the kind of risk it signals. */
export interface RiskKeyword {
  kind: RiskKind;
  /** The word as written in the text (lower-cased). */
  word: string;
}

// Word stems, matched at word starts so "authority" is not "auth" but "authentication" and "auth/" are.
// "no schema changes" still matches: over-routing one safe issue to a stronger model costs cents, while
// under-routing a risky one costs a bad PR.
const PATTERNS: readonly [RiskKind, RegExp][] = [
  ['security', /\b(security|secure|insecure|vulnerab\w*|cve-\d+|xss|csrf|ssrf|(?:sql|command|shell|code|prompt|header)\s+injection|sanitiz\w*|encrypt\w*|decrypt\w*|crypto\w*|secrets?)\b/giu],
  ['auth', /\b(auth|authn|authz|authenticat\w*|authoriz\w*|oauth\w*|login|logout|passwords?|credentials?|permissions?|jwt|saml|sso)\b/giu],
  ['data_migration', /\b(migrations?|migrate|migrating|backfill\w*)\b/giu],
  ['schema', /\b(schemas?|ddl|alter\s+table|drop\s+table|foreign\s+keys?)\b/giu],
  ['payment', /\b(payments?|billing|invoices?|refunds?|stripe|paypal)\b/giu],
  ['concurrency', /\b(concurren\w*|race\s+conditions?|deadlocks?|mutex\w*|thread[\s-]safe\w*|atomicity|parallelism)\b/giu],
];

/** The distinct risk words of a text, in pattern order; empty when nothing risky is named. */
export function findRiskKeywords(text: string): RiskKeyword[] {
  const found: RiskKeyword[] = [];
  const seen = new Set<string>();
  for (const [kind, pattern] of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const word = m[0].toLowerCase().replace(/\s+/g, ' ');
      if (seen.has(word)) continue;
      seen.add(word);
      found.push({ kind, word });
    }
  }
  return found;
}
