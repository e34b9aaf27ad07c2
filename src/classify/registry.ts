import type { ParserDef } from './parser.ts';
import { BUILD_PARSERS } from './parsers/build/index.ts';
import { ECOSYSTEMS_PARSERS } from './parsers/ecosystems/index.ts';
import { GO_RUST_PARSERS } from './parsers/go-rust/index.ts';
import { INFRA_PARSERS } from './parsers/infra/index.ts';
import { JS_TEST_PARSERS } from './parsers/js-test/index.ts';
import { JS_TOOLS_PARSERS } from './parsers/js-tools/index.ts';
import { LANGUAGES_PARSERS } from './parsers/languages/index.ts';
import { NATIVE_PARSERS } from './parsers/native/index.ts';
import { PYTHON_PARSERS } from './parsers/python/index.ts';
import { tsc } from './parsers/tsc.ts';

/** Every parser, in the order they see a line. Adding a tool means adding its module to a family and its fixtures. */
export const PARSERS: readonly ParserDef[] = register([
  tsc,
  ...JS_TOOLS_PARSERS,
  ...JS_TEST_PARSERS,
  ...PYTHON_PARSERS,
  ...NATIVE_PARSERS,
  ...GO_RUST_PARSERS,
  ...INFRA_PARSERS,
  ...ECOSYSTEMS_PARSERS,
  ...BUILD_PARSERS,
  ...LANGUAGES_PARSERS,
]);

function register(defs: ParserDef[]): readonly ParserDef[] {
  const seen = new Set<string>();
  for (const d of defs) {
    if (seen.has(d.name)) throw new Error(`Parser "${d.name}" is registered twice`);
    if (d.trigger.global || d.trigger.sticky) throw new Error(`Parser "${d.name}" trigger must not use the g or y flag`);
    seen.add(d.name);
  }
  return Object.freeze(defs);
}
