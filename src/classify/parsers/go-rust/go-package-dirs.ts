import type { FailureDraft } from '../../failure.ts';
import { relativizePath } from '../../paths.ts';

// Most module roots remembered (a log of a multi-module repository names a few); more are ignored.
const MAX_MODULES = 16;
// Failures held back until the end of the log, waiting for a package's directory to be learned.
const MAX_HELD = 5000;

interface ModuleRoot {
  /** The import path that the directory stands for (`github.com/org/repo`). */
  importPrefix: string;
  /** That directory as printed, relative to where the go command ran (`` or `go/`). */
  dirPrefix: string;
}

/**
 * Where a package's files are, as far as the log shows it. `go test` prints a test's log lines with the file's
 * base name only (`x_test.go:12: msg`) and names the package after them (`FAIL\tgithub.com/org/repo/pkg/sub`);
 * the import path alone does not say which directory that is, but a path the go command printed for a file of
 * a named package does (`# github.com/org/repo/pkg` above `pkg/x.go:3:1: …`, or an absolute path in a stack
 * trace or testify's `Error Trace` under a runner's workspace): the module's import path is the package's
 * path less the directory's trailing segments. Without such a line the base name stays as printed.
 */
export class GoPackageDirs {
  readonly #roots: ModuleRoot[] = [];
  readonly #held: { draft: FailureDraft; pkg: string | null }[] = [];

  /** Learns from a file path the go command printed for a file of package `pkg`. */
  learn(pkg: string, file: string): void {
    if (this.#roots.length >= MAX_MODULES) return;
    let p = file.replace(/\\/g, '/');
    if (p.startsWith('/') || /^[A-Za-z]:\//.test(p)) {
      p = relativizePath(p, []);
      // Outside every known workspace the path says nothing about the repository.
      if (p.startsWith('/') || /^[A-Za-z]:\//.test(p)) return;
    }
    while (p.startsWith('./')) p = p.slice(2);
    if (p.startsWith('../')) return;
    const slash = p.lastIndexOf('/');
    const dir = slash < 0 ? [] : p.slice(0, slash).split('/');
    const segs = pkg.split('/');
    // Only a path that showed its directory (`./x.go` at the top, `pkg/x.go` below) can be read this way.
    if (dir.length === 0 && !file.startsWith('./')) return;
    let k = 0;
    while (k < dir.length && k < segs.length - 1 && dir[dir.length - 1 - k] === segs[segs.length - 1 - k]) k++;
    if (k < dir.length && k === 0 && dir.length > 0) return;
    const root = { importPrefix: segs.slice(0, segs.length - k).join('/'), dirPrefix: dir.slice(0, dir.length - k).map((d) => `${d}/`).join('') };
    if (!this.#roots.some((r) => r.importPrefix === root.importPrefix && r.dirPrefix === root.dirPrefix)) this.#roots.push(root);
  }

  /**
   * Passes on a test failure of package `pkg`: now when its file already has a directory, else held until
   * `release` (a later line may show where the package is).
   */
  place(draft: FailureDraft, pkg: string | null, emit: (f: FailureDraft) => void): void {
    if (pkg !== null && draft.file !== undefined && /[\\/]/.test(draft.file)) this.learn(pkg, draft.file);
    // A bare file of no named package is held too: another report of the same failure may place it.
    if (draft.file === undefined || /[\\/]/.test(draft.file) || this.#held.length >= MAX_HELD) emit(draft);
    else this.#held.push({ draft, pkg });
  }

  /** Emits the held failures, each file under its package's directory when that became known. */
  release(emit: (f: FailureDraft) => void): void {
    // gotestsum repeats each failure in its summary under a short package name (`=== FAIL: money TestAdd`) that
    // names no directory: such a copy takes the directory its first report was placed in, so it stays one failure.
    const placed = new Map<string, string>();
    const key = (d: FailureDraft): string => `${d.test ?? ''}\u0000${d.file ?? ''}\u0000${d.line ?? ''}`;
    const resolved = this.#held.map(({ draft, pkg }) => {
      const dir = this.#dirOf(pkg);
      if (dir !== null) placed.set(key(draft), `${dir}${draft.file}`);
      return dir;
    });
    this.#held.forEach(({ draft }, i) => {
      const dir = resolved[i];
      const file = dir !== null && dir !== undefined ? `${dir}${draft.file}` : placed.get(key(draft));
      emit(file === undefined ? draft : { ...draft, file });
    });
    this.#held.length = 0;
  }

  #dirOf(pkg: string | null): string | null {
    if (pkg === null) return null;
    for (const r of this.#roots) {
      if (pkg === r.importPrefix) return r.dirPrefix;
      if (pkg.startsWith(`${r.importPrefix}/`)) return `${r.dirPrefix}${pkg.slice(r.importPrefix.length + 1)}/`;
    }
    return null;
  }
}
