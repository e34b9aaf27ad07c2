import type { ParserDef } from '../../parser.ts';
import { cargo } from './cargo.ts';
import { clippy } from './clippy.ts';
import { ginkgo } from './ginkgo.ts';
import { go } from './go.ts';
import { goVet } from './go-vet.ts';
import { nextest } from './nextest.ts';

/** The go-rust family of parsers: the go command, go vet, Ginkgo, cargo/rustc, cargo-nextest and clippy. */
export const GO_RUST_PARSERS: readonly ParserDef[] = [go, goVet, ginkgo, cargo, nextest, clippy];
