import type { FailureClass } from '../../taxonomy.ts';

/** `# example.org/pkg` or `# example.org/pkg [example.org/pkg.test]`: the go command's package header. */
export const GO_PKG_HEADER = /^# ([\w.~/-]+)(?: \[[\w.~/-]+\])?$/;

/** `./main.go:12:6: msg` or `vet: ./a.go:3:2: msg` (column optional) inside a package block. */
export const GO_LOCATED = /^(vet: )?(\S+?\.go):(\d+)(?::(\d+))?: (.*)$/;

// Phrases only `go vet` analyzers print (cmd/vet's suite: assign, atomic, bools, buildtag, cgocall,
// composites, copylocks, directive, errorsas, framepointer, httpresponse, ifaceassert, loopclosure,
// lostcancel, nilfunc, printf, shift, sigchanyzer, slog, stdmethods, stdversion, stringintconv, structtag,
// testinggoroutine, tests, timeformat, unmarshal, unreachable, unsafeptr, unusedresult, appends, defers,
// waitgroup, hostport). The compiler prints none of them, and vet prints its findings in the same
// `# pkg` / `file:line:col: msg` shape as compile errors, so the message is what tells them apart.
const VET_FINDING = new RegExp(
  [
    '^self-assignment of ',
    'direct assignment to atomic value',
    '^(?:redundant|suspect) (?:or|and): ',
    '\\+build (?:line|comment)',
    '//go:build (?:comment|line)',
    'embedded pointer to C',
    'literal uses unkeyed fields',
    'copies lock',
    'passes lock by value',
    '//go:debug directive',
    'errors\\.As must be a non-nil pointer',
    'frame pointer is clobbered',
    ' before checking for errors$',
    'no type can implement both',
    '\\(conflicting types for \\S+ method\\)$',
    'captured by func literal',
    'the cancel function',
    '^comparison of function \\S+ [!=]= nil is always',
    ' format %',
    'call has possible (?:Printf )?formatting directive',
    'call has arguments but no formatting directives',
    'call needs \\d+ args? but has',
    'arg list ends with redundant newline',
    'is a func value, not called$',
    'non-constant format string in call to',
    'too small for shift of',
    'misuse of unbuffered os\\.Signal channel',
    '^method \\S+ should have signature',
    'yields a string of one rune',
    'not compatible with reflect\\.StructTag\\.Get',
    '^struct field \\S+ repeats \\S+ tag',
    'from a non-test goroutine',
    'has malformed (?:name|example suffix)',
    'refers to unknown (?:identifier|field or method)',
    'should (?:be niladic|return nothing)$',
    '2006-02-01 should be 2006-01-02',
    'passes non-pointer as',
    '^unreachable code$',
    'possible misuse of (?:unsafe\\.Pointer|reflect\\.)',
    '^result of \\S+ call not used',
    '^append with no values',
    'is not deferred$',
    'should be a string or a slog\\.Attr',
    'missing a final value',
    'WaitGroup\\.Add called from inside new goroutine',
    'does not work with IPv6',
    'requires go1\\.\\d+ or later',
  ].join('|'),
);

/** True when a located message under a `# pkg` header is a `go vet` finding rather than a compile error. */
export function isVetFinding(message: string): boolean {
  return VET_FINDING.test(message);
}

/** What a go-command message about modules and packages means, when it means a failure. */
export interface GoDependencyProblem {
  class: Extract<FailureClass, 'dependency_missing' | 'orchestration_error'>;
  package?: string;
}

const NOT_PROVIDED = /no required module provides package ([^\s;]+)/;
const NOT_FOUND_QUOTED = /cannot find package "([^"\s]+)"/;
const NO_MODULE_PROVIDING = /cannot find module providing package ([^\s:;]+)/;
const MISSING_SUM_PROVIDING = /missing go\.sum entry for module providing package ([^\s;()]+)/;
const NOT_IN_GOROOT = /^package (\S+) is not in (?:GOROOT|std)\b/;
const MODULE_AT = /^(?:module )?([^\s@:]+)(?:@[^\s:]+)?: (.*)$/;
const MODULE_MISSING = /^(?:reading \S+: (?:404|410)\b|invalid version|unknown revision|missing go\.sum entry|no matching versions|module \S+ found \(\S+\), but does not contain package)/;
// A proxy or VCS host that cannot be reached: the machinery failed, not the dependency list.
const NETWORK = /^(?:Get "|reading \S+: 5\d\d\b)|dial tcp|no such host|i\/o timeout|connection refused|TLS handshake timeout|Could not resolve host/;

/** Classifies a go-command message (after any `go: ` or `file:line:col: ` prefix) about a dependency. */
export function goDependencyProblem(message: string): GoDependencyProblem | null {
  const named =
    NOT_PROVIDED.exec(message) ?? NOT_FOUND_QUOTED.exec(message) ?? NO_MODULE_PROVIDING.exec(message) ??
    MISSING_SUM_PROVIDING.exec(message) ?? NOT_IN_GOROOT.exec(message);
  if (named) return { class: 'dependency_missing', package: named[1]! };
  if (message.startsWith('module lookup disabled by GOPROXY=')) return { class: 'dependency_missing' };
  const m = MODULE_AT.exec(message);
  if (!m) return null;
  if (NETWORK.test(m[2]!)) return { class: 'orchestration_error' };
  if (MODULE_MISSING.test(m[2]!)) return { class: 'dependency_missing', package: m[1]! };
  return null;
}
