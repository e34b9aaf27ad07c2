import type { ParserDef } from '../../parser.ts';
import { git } from './git.ts';
import { githubRunner } from './github-runner.ts';
import { network } from './network.ts';
import { shell } from './shell.ts';
import { shellcheck } from './shellcheck.ts';
import { travis } from './travis.ts';
import { units } from './units.ts';
import { yamllint } from './yamllint.ts';

/** The infra family of parsers: CI runners, git, shells, the network, and the shell/YAML linters. */
export const INFRA_PARSERS: readonly ParserDef[] = [githubRunner, travis, git, shell, network, shellcheck, yamllint, units];
