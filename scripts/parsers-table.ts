// Prints the registered parsers as a Markdown table (for the README's "Tools it reads").
import { PARSERS } from '../src/classify/index.ts';

console.log('| parser | reads |\n|---|---|');
for (const p of PARSERS) console.log(`| [\`${p.name}\`](${p.url}) | ${p.description.replace(/\|/g, '\\|')} |`);
