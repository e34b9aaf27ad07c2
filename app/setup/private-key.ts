import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The App's private key as PEM text, or the one line that says what is wrong with the setting. */
export type PrivateKeyResult = { ok: true; pem: string } | { ok: false; problem: string };

const WHERE = 'the .pem file from the App\'s settings page ("Private keys" → "Generate a private key")';

/**
 * PEM text as Probot accepts it in PRIVATE_KEY: the file's contents, the same with `\n` escapes (one line, as a
 * `.env` or a secret store keeps it), or base64 of the file.
 */
function unwrap(value: string): string {
  let text = value.trim();
  if (/^[A-Za-z0-9+/=\s]+$/.test(text) && !text.includes('-----')) text = Buffer.from(text, 'base64').toString('utf8');
  return text.replace(/\\n/g, '\n');
}

function check(pem: string, variable: string): PrivateKeyResult {
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem)) return { ok: false, problem: `${variable} does not hold a PEM private key: use ${WHERE}` };
  try {
    createPrivateKey(pem);
  } catch (e) {
    return { ok: false, problem: `${variable} holds a PEM private key that does not parse (${(e as Error).message.split('\n')[0]}): use ${WHERE} as it was downloaded` };
  }
  return { ok: true, pem };
}

/**
 * The App's private key from PRIVATE_KEY (the key itself) or PRIVATE_KEY_PATH (a file, relative to `cwd`), checked to
 * be a PEM private key that parses; PRIVATE_KEY wins when both are set, as in Probot.
 */
export function readPrivateKey(env: Readonly<Record<string, string | undefined>>, cwd: string): PrivateKeyResult | null {
  const inline = env.PRIVATE_KEY?.trim();
  if (inline) return check(unwrap(inline), 'PRIVATE_KEY');
  const path = env.PRIVATE_KEY_PATH?.trim();
  if (!path) return null;
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'it cannot be read (permission denied)' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    return { ok: false, problem: `PRIVATE_KEY_PATH is "${path}", but ${why}: set it to the path of ${WHERE}` };
  }
  return check(text, `PRIVATE_KEY_PATH ("${path}")`);
}
