import type { ParserDef } from '../../parser.ts';
import { cmake } from './cmake.ts';
import { ctest } from './ctest.ts';
import { gcc } from './gcc.ts';
import { gradle } from './gradle.ts';
import { javac } from './javac.ts';
import { ld } from './ld.ts';
import { make } from './make.ts';
import { maven } from './maven.ts';

/** The native family of parsers: C/C++ toolchains, their build tools, and the JVM's. */
export const NATIVE_PARSERS: readonly ParserDef[] = [gcc, ld, make, cmake, ctest, javac, maven, gradle];
