import type { ParserDef } from '../../parser.ts';
import { jest } from './jest.ts';
import { mocha } from './mocha.ts';
import { nodeTest } from './node-test.ts';
import { vitest } from './vitest.ts';

/** The js-test family of parsers. */
export const JS_TEST_PARSERS: readonly ParserDef[] = [vitest, jest, mocha, nodeTest];
