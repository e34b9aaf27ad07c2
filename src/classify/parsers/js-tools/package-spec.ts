/** The package a printed spec names, without version, range or tag: `@scope/pkg@^1.0.0` → `@scope/pkg`. */
export function packageOfSpec(spec: string): string {
  const s = spec.trim().replace(/^["']|["']$/g, '');
  const at = s.indexOf('@', s.startsWith('@') ? 1 : 0);
  return at > 0 ? s.slice(0, at) : s;
}

/** The package a registry URL asks for: `https://registry.npmjs.org/@scope%2fpkg/-/pkg-1.0.0.tgz` → `@scope/pkg`. */
export function packageOfRegistryUrl(url: string): string | undefined {
  const m = /^https?:\/\/[^/\s]+\/((?:@[^/\s]+(?:\/|%2[fF]))?[^/\s@:]+)/.exec(url);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1]!;
  }
}
