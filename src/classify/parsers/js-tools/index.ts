import type { ParserDef } from '../../parser.ts';

/** The js-tools family of parsers. */
export const JS_TOOLS_PARSERS: readonly ParserDef[] = [];
