import { createHash } from 'node:crypto';
import { sameTestName } from '../reports/naming.ts';

/** Longest key kept whole: a B-tree entry must stay well under PostgreSQL's ~2,700-byte limit. */
const MAX_KEY_CHARS = 400;

/**
 * The key a test's history is kept under: its full name (as TAXONOMY.md and src/reports/naming.ts form it:
 * `suite > test`, `tests/t.py::Class::test`, `pkg.Class.method`, `TestName/sub`) lower-cased, with source-file
 * extensions dropped and every run of separators made one space. Reporters join the same name differently
 * (jest's log writes `a › b`, jest-junit `a b`; mocha's log `a > b`, its report `a b`), so a failure read from a
 * log and the same test's pass read from a report meet under one key; src/reports/overlap.ts compares names
 * the same way. The file is not part of the key: a log names the file where the assertion failed, Go's report
 * names none, so the same test would get two keys. A key longer than 400 characters (a parameterised name
 * carrying its data) keeps its start and a hash of the whole. A key is its own key, so callers may pass either.
 */
export function testKey(name: string): string {
  const key = sameTestName(name);
  if (key.length <= MAX_KEY_CHARS) return key;
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 16);
  // Letters, digits and spaces only, so a key given back to testKey() is itself.
  return `${key.slice(0, MAX_KEY_CHARS - 17).trimEnd()} ${digest}`;
}
