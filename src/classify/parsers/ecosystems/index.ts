import type { ParserDef } from '../../parser.ts';
import { cocoapods } from './cocoapods.ts';
import { conda } from './conda.ts';
import { erlc } from './erlc.ts';
import { exunit } from './exunit.ts';
import { ghc } from './ghc.ts';
import { karma } from './karma.ts';
import { markdownlint } from './markdownlint.ts';
import { mima } from './mima.ts';
import { minitest } from './minitest.ts';
import { mixFormat } from './mix-format.ts';
import { msbuild } from './msbuild.ts';
import { perlcritic } from './perlcritic.ts';
import { pester } from './pester.ts';
import { phpt } from './phpt.ts';
import { phpunit } from './phpunit.ts';
import { prove } from './prove.ts';
import { rspec } from './rspec.ts';
import { rubocop } from './rubocop.ts';
import { sbt } from './sbt.ts';
import { stylelint } from './stylelint.ts';
import { swiftTesting } from './swift-testing.ts';
import { swiftc } from './swiftc.ts';
import { swiftlint } from './swiftlint.ts';
import { vstest } from './vstest.ts';
import { xcpretty } from './xcpretty.ts';
import { xctest } from './xctest.ts';

/** Parsers for ecosystems beyond JS, Python, native, Go/Rust and infra: Ruby, PHP, .NET, PowerShell, Elixir/Erlang, Scala, Swift, Haskell, Perl, conda, CSS and Markdown linters, Karma. */
export const ECOSYSTEMS_PARSERS: readonly ParserDef[] = [
  sbt,
  mima,
  xcpretty,
  swiftc,
  swiftlint,
  xctest,
  swiftTesting,
  cocoapods,
  stylelint,
  markdownlint,
  karma,
  exunit,
  mixFormat,
  erlc,
  conda,
  rubocop,
  rspec,
  minitest,
  phpunit,
  phpt,
  perlcritic,
  prove,
  ghc,
  msbuild,
  vstest,
  pester,
];
