import { matchSecretPath } from '../edits/secret-paths.ts';

// Ranks a repository's files by how related they are to an issue, from names alone (nothing is read): beside the
// files an issue names, a model usually needs their tests, their neighbours and the modules the issue talks about.
// Every signal is weighed by how rare it is in the tree, so a word in a thousand paths says little about any one.

/** A file worth showing the model beside the named ones, and why (for the decision log). */
export interface RelatedFile {
  path: string;
  /** Higher is more related; rounded to two decimals, the order's first key. */
  score: number;
  /** One line naming the signals, e.g. `test of src/foo.ts; its name has "parser" from the issue`. */
  reason: string;
}

/** What ranking reads: the tree (paths and sizes), the issue's visible title and body, and the paths it names. */
export interface RelatedFilesInput {
  tree: readonly { path: string; size: number }[];
  issueText: string;
  named: readonly string[];
}

/** Points per signal before rarity: a test of a named file is nearly as good as naming it; a directory word is a hint. */
const WEIGHT = { counterpart: 5, sameDirectory: 2, nameWord: 3, directoryWord: 1.5, generated: -2 } as const;

/** Below this a file is noise: e.g. one word shared with a hundred other paths, or a sibling among fifty. */
export const MIN_RELATED_SCORE = 1;

const MIN_WORD_LENGTH = 3;

// English glue, issue boilerplate, and path words that every repository has (they would match everything).
const STOP_WORDS = new Set(
  ('the and for with that this from when then than into onto have has had not but are was were will would should could can cannot ' +
    'does did doing done its our your you they them their there here what which where who how why also only some more most other such ' +
    'each every very just like make makes made use uses used using get gets new add adds added fix fixes fixed bug bugs issue issues ' +
    'please need needs want wants instead currently still after before while because about again any all nothing something seems ' +
    'expected actual steps reproduce src lib app test tests spec specs index main').split(' '),
);

// Files no one edits by hand: a lock file or a bundle matches words as well as source does, but is rarely the point.
const GENERATED_DIRECTORY = /(?:^|\/)(?:node_modules|bower_components|vendor|third_party|dist|build|out|target|coverage|\.next|__generated__)\//;
const LOCK_FILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'go.sum', 'composer.lock', 'gemfile.lock', 'cargo.lock', 'poetry.lock', 'pipfile.lock']);
const GENERATED_NAME = /(?:\.lock|\.min\.(?:js|css)|\.map|\.pb\.go|_pb2\.py|\.generated\.\w+)$/i;

// Bytes, not text: the contents API would hand the model noise.
const BINARY_EXTENSION = /\.(?:png|jpe?g|gif|bmp|ico|webp|pdf|zip|gz|tgz|bz2|xz|7z|tar|jar|war|class|woff2?|ttf|otf|eot|mp[34]|mov|avi|wav|ogg|wasm|so|dylib|dll|exe|bin|o|a|pyc|sqlite|db)$/i;

/** The last part of a path. */
function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The directory of a path, '' at the root. */
function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** A file name without its last extension (`foo.test.ts` → `foo.test`); dot files keep their name. */
function withoutExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? name : name.slice(0, dot);
}

/** Folds a plural so "parsers" in the issue meets `parser.ts`; both sides go through it, so odd stems still meet. */
function foldPlural(word: string): string {
  return word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

// One word of a name: a capitalised or lower-case run (digits stay with it: utf8, base64), an acronym up to the
// capital that starts the next word (HTTPServer → HTTP, Server), or letters without case.
const WORD = /\p{Lu}?[\p{Ll}\p{N}]+|\p{Lu}+\p{N}*(?!\p{Ll})|\p{Lo}+/gu;

/** The meaningful words of a text or name: camelCase, snake_case and kebab-case split, lower-cased, glue dropped. */
export function significantWords(text: string): string[] {
  const words: string[] = [];
  for (const raw of text.match(WORD) ?? []) {
    if (raw.length < MIN_WORD_LENGTH) continue;
    const lower = raw.toLowerCase();
    if (STOP_WORDS.has(lower) || /^\p{N}+$/u.test(lower)) continue;
    words.push(foldPlural(lower));
  }
  return words;
}

/** The name a test file tests (`foo` of foo.test.ts, foo.spec.js, test_foo.py, foo_test.go, FooTest.java), or null. */
export function testedName(fileName: string): string | null {
  const stem = withoutExtension(fileName);
  const match = /^(.+)[._-](?:test|spec)s?$/i.exec(stem) ?? /^tests?_(.+)$/i.exec(stem) ?? /^(.+?)(?:Tests?|Spec)$/.exec(stem);
  return match?.[1]?.toLowerCase() ?? null;
}

/** True for lock files, bundles, source maps and anything under a vendored or build-output directory. */
export function isGeneratedPath(path: string): boolean {
  const name = baseName(path);
  return LOCK_FILES.has(name.toLowerCase()) || GENERATED_NAME.test(name) || GENERATED_DIRECTORY.test(path);
}

/** Adds one to `key`'s count. */
function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** How much a signal shared by `count` names says about one of them: 1 when unique, ¼ when shared by a thousand. */
function rarity(count: number): number {
  return 1 / (1 + Math.log10(Math.max(1, count)));
}

/** What the first pass learns about a directory: the issue words its path has, and how many files it holds. */
interface DirectoryFacts {
  words: string[];
  files: number;
}

/** What the first pass learns about a file that has any signal at all. */
interface Candidate {
  path: string;
  directory: string;
  directoryFacts: DirectoryFacts;
  nameWords: string[];
  directoryWords: string[];
  /** The named file this one tests, or is tested by. */
  counterpart: { named: string; isTest: boolean } | null;
  generated: boolean;
}

/** The named files' directories, source stems and tested names, looked up once per tree file. */
interface NamedIndex {
  paths: Set<string>;
  byDirectory: Map<string, string>;
  bySourceStem: Map<string, string>;
  byTestedName: Map<string, string>;
}

function indexNamed(named: readonly string[]): NamedIndex {
  const index: NamedIndex = { paths: new Set(named), byDirectory: new Map(), bySourceStem: new Map(), byTestedName: new Map() };
  for (const path of named) {
    const name = baseName(path);
    const tested = testedName(name);
    if (!index.byDirectory.has(directoryOf(path))) index.byDirectory.set(directoryOf(path), path);
    if (tested !== null) {
      if (!index.byTestedName.has(tested)) index.byTestedName.set(tested, path);
    } else if (!index.bySourceStem.has(withoutExtension(name).toLowerCase())) {
      index.bySourceStem.set(withoutExtension(name).toLowerCase(), path);
    }
  }
  return index;
}

/**
 * The facts of a file's directory, computed on its first file. A directory word is counted once per directory,
 * not once per file under it, so a directory the issue names is not drowned by its own size.
 */
function directoryFactsOf(directory: string, issueWords: Set<string>, directories: Map<string, DirectoryFacts>, wordCounts: Map<string, number>): DirectoryFacts {
  let facts = directories.get(directory);
  if (facts === undefined) {
    facts = { words: [...new Set(significantWords(directory).filter((w) => issueWords.has(w)))], files: 0 };
    directories.set(directory, facts);
    for (const word of facts.words) bump(wordCounts, word);
  }
  return facts;
}

/** The issue words a file's name has (each counted once more in `wordCounts`). */
function nameWordsOf(name: string, issueWords: Set<string>, wordCounts: Map<string, number>): string[] {
  const words = [...new Set(significantWords(withoutExtension(name)).filter((w) => issueWords.has(w)))];
  for (const word of words) bump(wordCounts, word);
  return words;
}

/** The named file a tree file tests or is tested by, if any. */
function findCounterpart(name: string, index: NamedIndex): Candidate['counterpart'] {
  const tested = testedName(name);
  if (tested !== null) {
    const source = index.bySourceStem.get(tested);
    return source !== undefined ? { named: source, isTest: true } : null;
  }
  const test = index.byTestedName.get(withoutExtension(name).toLowerCase());
  return test !== undefined ? { named: test, isTest: false } : null;
}

const quoted = (words: readonly string[]) => words.map((w) => `"${w}"`).join(', ');

/** Scores a candidate from the counts of the whole tree, with the reason a person reads. */
function score(candidate: Candidate, index: NamedIndex, counts: { words: Map<string, number>; counterparts: Map<string, number> }): RelatedFile {
  let total = 0;
  const reasons: string[] = [];
  if (candidate.counterpart) {
    total += WEIGHT.counterpart * rarity(counts.counterparts.get(candidate.counterpart.named) ?? 1);
    reasons.push(candidate.counterpart.isTest ? `test of ${candidate.counterpart.named}` : `tested by ${candidate.counterpart.named}`);
  }
  const neighbour = index.byDirectory.get(candidate.directory);
  if (neighbour !== undefined) {
    total += WEIGHT.sameDirectory * rarity(candidate.directoryFacts.files);
    reasons.push(`in the directory of ${neighbour}`);
  }
  for (const word of candidate.nameWords) total += WEIGHT.nameWord * rarity(counts.words.get(word) ?? 1);
  if (candidate.nameWords.length > 0) reasons.push(`its name has ${quoted(candidate.nameWords)} from the issue`);
  for (const word of candidate.directoryWords) total += WEIGHT.directoryWord * rarity(counts.words.get(word) ?? 1);
  if (candidate.directoryWords.length > 0) reasons.push(`its directory has ${quoted(candidate.directoryWords)} from the issue`);
  if (candidate.generated) {
    total += WEIGHT.generated;
    reasons.push('generated, vendored or a lock file');
  }
  return { path: candidate.path, score: Math.round(total * 100) / 100, reason: reasons.join('; ') };
}

/**
 * The tree's files most related to the issue, most related first (ties by path, so the order never varies),
 * without the named files themselves, binary files or empty ones. Linear in the tree's size: one pass collects
 * each file's signals and the tree-wide counts, a second scores only the files that had a signal.
 */
export function rankRelatedFiles(input: RelatedFilesInput): RelatedFile[] {
  const issueWords = new Set(significantWords(input.issueText));
  const index = indexNamed(input.named);
  const counts = { words: new Map<string, number>(), counterparts: new Map<string, number>() };
  const directories = new Map<string, DirectoryFacts>();
  const candidates: Candidate[] = [];
  for (const file of input.tree) {
    const slash = file.path.lastIndexOf('/');
    const directory = slash < 0 ? '' : file.path.slice(0, slash);
    const name = file.path.slice(slash + 1);
    const directoryFacts = directoryFactsOf(directory, issueWords, directories, counts.words);
    directoryFacts.files++;
    // Secret-like files are never shown, whoever calls this: skipping them here keeps them out of every ranking.
    if (index.paths.has(file.path) || file.size === 0 || BINARY_EXTENSION.test(name) || matchSecretPath(file.path) !== null) continue;
    const nameWords = nameWordsOf(name, issueWords, counts.words);
    const directoryWords = nameWords.length === 0 ? directoryFacts.words : directoryFacts.words.filter((w) => !nameWords.includes(w));
    const counterpart = findCounterpart(name, index);
    if (counterpart) bump(counts.counterparts, counterpart.named);
    if (nameWords.length === 0 && directoryWords.length === 0 && !counterpart && !index.byDirectory.has(directory)) continue;
    candidates.push({ path: file.path, directory, directoryFacts, nameWords, directoryWords, counterpart, generated: isGeneratedPath(file.path) });
  }
  return candidates
    .map((candidate) => score(candidate, index, counts))
    .filter((related) => related.score >= MIN_RELATED_SCORE)
    .sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
