import type { ParserDef } from '../../parser.ts';
import { bazel } from './bazel.ts';
import { terraform } from './terraform.ts';

/** The build family of parsers: build systems and infrastructure tools that wrap compilers and tests (Bazel, Terraform). */
export const BUILD_PARSERS: readonly ParserDef[] = [bazel, terraform];
