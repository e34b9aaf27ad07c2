import type { ParserDef } from '../../parser.ts';

/** The infra family of parsers. */
export const INFRA_PARSERS: readonly ParserDef[] = [];
