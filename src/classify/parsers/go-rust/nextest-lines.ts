/**
 * The lines of cargo-nextest's human output (https://nexte.st/docs/reporting/) that frame a test's result,
 * shared by the nextest parser, which reads them, and the cargo parser, which leaves what they frame alone.
 */

/**
 * A test's status line: `        FAIL [   0.004s] (1/3) crate::bin tests::name`. The counter is printed since
 * nextest 0.9.8x; the binary id has no spaces (`crate`, `crate::bin`, `crate::bin/name`); retried attempts
 * are `TRY 2 FAIL`; a test killed by a signal shows the signal (`SIGSEGV`), on Windows `ABORT`.
 */
export const NEXTEST_STATUS =
  /^\s*(?:TRY \d+ )?(PASS|FAIL|SKIP|SLOW|TIMEOUT|FLAKY|RETRY|LEAK|LEAK-FAIL|ABORT|SIG[A-Z]+|EXECFAIL) \[ *(?:> *)?\d[\d.]*m?s\] (?:\(\s*\d+\/\s*\d+\) )?(\S+) +(\S+)(?: .*)?$/;

/** The statuses that end a test as failed (`TIMEOUT` is told apart by the caller). */
export const NEXTEST_FAILED = /^(?:FAIL|TIMEOUT|LEAK-FAIL|ABORT|EXECFAIL|SIG[A-Z]+)$/;

/** Output block headers: `--- STDERR:              crate::bin tests::name ---` (before 0.9.9x). */
export const NEXTEST_OLD_HEADER = /^--- STD(?:OUT|ERR):\s+(\S+) (\S.*?) ---$/;

/** Output block headers since 0.9.9x: `  stdout ───` (its lines indented by four spaces). */
export const NEXTEST_NEW_HEADER = /^ {2}(?:stdout|stderr|output) ───$/;

/** The end of the run's live part, its summary and its closing error. */
export const NEXTEST_RUN_END = /^(?:-{12}|─{12})$|^\s*Summary \[|^\s*Cancelling due to |^error: test run failed/;
