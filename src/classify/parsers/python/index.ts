import type { ParserDef } from '../../parser.ts';

/** The python family of parsers. */
export const PYTHON_PARSERS: readonly ParserDef[] = [];
