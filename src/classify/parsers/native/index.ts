import type { ParserDef } from '../../parser.ts';

/** The native family of parsers. */
export const NATIVE_PARSERS: readonly ParserDef[] = [];
