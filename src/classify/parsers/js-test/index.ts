import type { ParserDef } from '../../parser.ts';

/** The js-test family of parsers. */
export const JS_TEST_PARSERS: readonly ParserDef[] = [];
