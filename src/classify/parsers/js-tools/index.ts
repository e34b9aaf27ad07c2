import type { ParserDef } from '../../parser.ts';
import { apiExtractor } from './api-extractor.ts';
import { coffee } from './coffee.ts';
import { eslint } from './eslint.ts';
import { node } from './node.ts';
import { npm } from './npm.ts';
import { pnpm } from './pnpm.ts';
import { prettier } from './prettier.ts';
import { standard } from './standard.ts';
import { tldrLint } from './tldr-lint.ts';
import { yarn } from './yarn.ts';

/** The js-tools family of parsers. */
export const JS_TOOLS_PARSERS: readonly ParserDef[] = [eslint, standard, prettier, npm, yarn, pnpm, node, apiExtractor, coffee, tldrLint];
