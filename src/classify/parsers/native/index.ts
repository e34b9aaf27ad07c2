import type { ParserDef } from '../../parser.ts';
import { checkstyle } from './checkstyle.ts';
import { cmake } from './cmake.ts';
import { ctest } from './ctest.ts';
import { gcc } from './gcc.ts';
import { gradle } from './gradle.ts';
import { javac } from './javac.ts';
import { kotlinc } from './kotlinc.ts';
import { ld } from './ld.ts';
import { leiningen } from './leiningen.ts';
import { make } from './make.ts';
import { maven } from './maven.ts';
import { mavenEnforcer } from './maven-enforcer.ts';
import { scalatest } from './scalatest.ts';
import { spotless } from './spotless.ts';

/** The native family of parsers: C/C++ toolchains, their build tools, and the JVM's. */
export const NATIVE_PARSERS: readonly ParserDef[] = [
  gcc,
  ld,
  make,
  cmake,
  ctest,
  javac,
  kotlinc,
  maven,
  mavenEnforcer,
  checkstyle,
  spotless,
  gradle,
  scalatest,
  leiningen,
];
