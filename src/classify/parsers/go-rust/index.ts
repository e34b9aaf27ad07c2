import type { ParserDef } from '../../parser.ts';

/** The go-rust family of parsers. */
export const GO_RUST_PARSERS: readonly ParserDef[] = [];
