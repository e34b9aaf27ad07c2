import type { ParserDef } from '../../parser.ts';
import { cargo } from './cargo.ts';
import { clippy } from './clippy.ts';
import { go } from './go.ts';
import { goVet } from './go-vet.ts';

/** The go-rust family of parsers: the go command, go vet, cargo/rustc and clippy. */
export const GO_RUST_PARSERS: readonly ParserDef[] = [go, goVet, cargo, clippy];
