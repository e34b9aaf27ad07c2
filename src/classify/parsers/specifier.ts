/** True for a bare module specifier (`lodash`, `@scope/pkg/sub`, `node:fs`), false for a path. */
export function isBareSpecifier(spec: string): boolean {
  if (spec === '' || spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('~/')) return false;
  if (/^[A-Za-z]:[\\/]/.test(spec) || spec.startsWith('file:') || spec.startsWith('#')) return false;
  return true;
}

/** The package a bare specifier names: `@scope/pkg` or `pkg`, without a subpath or version. */
export function packageName(spec: string): string {
  const parts = spec.split('/');
  if (spec.startsWith('@') && parts.length >= 2) return `${parts[0]}/${parts[1]}`;
  return parts[0]!;
}
