import type { EvidenceLine, FailedUnit, FailureDraft } from './failure.ts';

/** The runner's marker on a line: GitHub's `##[error]`, `::error::` and friends, with the prefix removed. */
export type LineMarker = 'error' | 'warning' | 'notice' | 'group' | 'endgroup' | 'command' | 'debug' | null;

/**
 * A prefix that one tool puts in front of another tool's lines, which the line cleaner removes (see `unwrap` in
 * normalize.ts): Maven's `[ERROR] ` / `[INFO] ` levels, sbt's `[error] ` / `[info] `, Ant's `    [javac] ` task
 * column, BuildKit's `#12 0.532 `, a `docker compose` service's `web-1  | `, `pod lib lint`'s
 * `- ERROR | [iOS] xcodebuild: `, a monorepo runner's package (Turbo `web:lint: `, Lerna `@scope/pkg: `, pnpm
 * `packages/core test: `), CodeQL's `[2024-01-01 12:00:00] [autobuild] `, and text quoted in a JavaScript error
 * object (`stderr: '…'`).
 */
export type Wrapper = 'maven' | 'sbt' | 'ant' | 'buildkit' | 'compose' | 'cocoapods' | 'workspace' | 'codeql' | 'quoted';

/** What the engine tells a parser about the line it is fed, besides its text. */
export interface LineContext {
  /** 1-based number of the line in the input. */
  readonly n: number;
  /** The runner's marker on this line, if any. */
  readonly marker: LineMarker;
  /** Location properties of a `::error file=…,line=…::` workflow command on this line, if any. */
  readonly props: Readonly<Record<string, string>> | null;
}

/** Where a parser sends what it found. */
export interface ParserSink {
  /** Report one failure; the engine relativizes its file, trims its evidence and merges duplicates. */
  emit(failure: FailureDraft): void;
  /** Report evidence that the job or step failed, for logs where nothing more specific is found. */
  jobFailed(evidence: EvidenceLine): void;
  /** Report a unit of work (step, command, job) that failed, for the engine to explain when no parser does. */
  unitFailed(unit: FailedUnit): void;
  /**
   * Keeps the raw bytes of the lines after the current one (every line, fed or not; at most `KEEP_LINES`, see
   * keep.ts), forgetting what was kept before: for lines a parser needs only if something later happens (a step's
   * script, read only if the step fails), instead of staying active so that the engine decodes every one of them.
   * `untilGroupEnd`: the keep also stops after a line that is plainly a GitHub group's end (`##[endgroup]`, see
   * `isGroupEnd` in keep.ts), so the parser need not be fed such lines to stop it.
   */
  keep(options?: { untilGroupEnd?: boolean }): void;
  /** Stops adding lines to what is kept; the lines kept stay until `keep` or `forget`. */
  stopKeeping(): void;
  /**
   * The lines kept, up to and including line `through`, decoded and cleaned now as the parser would have been fed
   * them, oldest first; consecutive from the line after `keep` was called, and fewer when the keep filled up.
   */
  kept(through: number): KeptLine[];
  /** Forgets what was kept. */
  forget(): void;
}

/** A line the engine kept for a parser (see ParserSink.keep), as the parser would have been fed it. */
export interface KeptLine {
  readonly text: string;
  readonly ctx: LineContext;
}

/** One parser's state while reading one log. */
export interface Parser {
  /**
   * Reads one cleaned line (no timestamp, colour or runner prefix). Returns true while the parser needs
   * the following lines whatever they hold (an open block), false when it is idle again.
   */
  feed(text: string, ctx: LineContext): boolean;
  /** End of input: flush any open block. */
  end(): void;
  /**
   * With `ParserDef.replayKeywords`: true while the parser, though idle, reads lines that hold none of them (so the
   * engine replays every line before a trigger again). Absent means never.
   */
  readsAllWhileIdle?(): boolean;
  /**
   * With `ParserDef.watchKeywords`: false only while a line that holds one of them and none of its `keywords`, fed
   * now, would change nothing (so the engine need not feed it); asked for each such line. Absent means always.
   */
  watching?(): boolean;
}

/** A registered parser: data about the tool plus a factory for per-log state. */
export interface ParserDef {
  /** Unique, kebab-case; also the name of its fixture folder under `test/fixtures/parsers/`. */
  readonly name: string;
  /** One line saying which tool and output formats it reads. */
  readonly description: string;
  /** Where the tool's output format is documented. */
  readonly url: string;
  /**
   * A line that can open or advance this parser while it is idle. Idle parsers see only lines that match
   * it, so it must be cheap and linear-time; it must not use the `g` or `y` flags.
   */
  readonly trigger: RegExp;
  /**
   * Literal, case-sensitive strings, one of which every line that matches `trigger` contains. The engine
   * finds them in the raw bytes in one pass for all parsers, and never decodes a line that holds none while
   * every parser is idle. Without keywords the parser must see every line (slow: it disables the prefilter).
   * A keyword written `^…` counts only where the line's text begins (past a GitHub timestamp): for a marker as
   * common inside lines as at their start (`> `, which every JavaScript stack frame's `<anonymous> (` holds).
   */
  readonly keywords?: readonly string[];
  /**
   * Literal keywords of lines that matter to this parser only while `Parser.watching()` says so: the step
   * boundaries a step gate reads (`##[group]Run …`, `Cleaning up orphan processes`), which change nothing while it
   * holds no failure for the step. A line that holds one of these and none of `keywords` is offered to the parser
   * only while it is watching, and is not decoded at all when no other parser wants it. Every line that matches
   * `trigger` holds one of `keywords` or of these.
   */
  readonly watchKeywords?: readonly string[];
  /**
   * How many lines before a triggering line this parser needs (at most 8), when the line that names the
   * subject comes before the first line that can be recognised (ESLint's file header above its rows). When
   * an idle parser is triggered, the engine first feeds it those earlier lines it has not seen.
   */
  readonly lookback?: number;
  /**
   * With `lookback`: literal strings, one of which every line that an idle parser does not ignore contains (in
   * its raw bytes, ANSI escapes aside). A line before a trigger that holds none of them is not replayed, since
   * feeding it would change nothing; a line with a byte that cleaning could turn into one (`\`, `%`, `^`, ESC) is
   * always replayed. Without it every line in the window is.
   */
  readonly replayKeywords?: readonly string[];
  /**
   * The wrappers this parser reads itself, because they are part of its tool's own output (Maven's parser reads
   * `[ERROR] `, sbt's reads `[error] `): the engine feeds it lines with these still on. Every other parser is fed
   * the text inside all wrappers.
   */
  readonly readsWrappers?: readonly Wrapper[];
  /**
   * Runner markers whose lines this parser reads whatever their text says (`##[group]Run …`, `##[error]…`): the
   * engine feeds it such a line when it holds one of its keywords, even if `trigger` does not match the text.
   */
  readonly markers?: readonly Exclude<LineMarker, null>[];
  /** Makes the state for one log. */
  create(sink: ParserSink): Parser;
}

/** Builds an evidence line. */
export function ev(text: string, ctx: LineContext): EvidenceLine {
  return { line: ctx.n, text };
}
