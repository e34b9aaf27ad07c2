import type { ParserDef } from '../../parser.ts';
import { commonTest } from './common-test.ts';
import { editorconfigChecker } from './editorconfig-checker.ts';
import { emacsByteCompile } from './emacs-byte-compile.ts';
import { emacsPackage } from './emacs-package.ts';
import { ert } from './ert.ts';
import { packageLint } from './package-lint.ts';
import { r } from './r.ts';
import { rCmdCheck } from './r-cmd-check.ts';
import { testthat } from './testthat.ts';

/** The languages family of parsers: the test and check tools of R, Emacs Lisp, Erlang, and editorconfig. */
export const LANGUAGES_PARSERS: readonly ParserDef[] = [rCmdCheck, testthat, r, ert, emacsByteCompile, emacsPackage, packageLint, commonTest, editorconfigChecker];
