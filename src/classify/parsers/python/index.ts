import type { ParserDef } from '../../parser.ts';
import { codespell } from './codespell.ts';
import { flake8 } from './flake8.ts';
import { mypy } from './mypy.ts';
import { pip } from './pip.ts';
import { pylint } from './pylint.ts';
import { pytest } from './pytest.ts';
import { python } from './python.ts';
import { unittest } from './unittest.ts';

/** The python family of parsers. */
export const PYTHON_PARSERS: readonly ParserDef[] = [pytest, unittest, python, flake8, pylint, mypy, pip, codespell];
