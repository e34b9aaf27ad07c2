// Build configurators log the compiler and linker errors of their feature probes, which are expected:
// meson's `Running compile:` … `stderr:` … `-----------` blocks and autoconf's `configure:NNN: gcc …`
// lines in config.log. A log often dumps these files when a job fails.
const MESON_START = /^\s*Running compile:$/;
const MESON_STDERR = /^\s*stderr:$/;
const MESON_END = /^\s*-{11}$/;
const AUTOCONF = /^configure:\d+: /;

const MAX_PROBE_LINES = 400;
const AUTOCONF_REACH = 8;

/** A trigger fragment for the lines that open a probe. */
export const PROBE_TRIGGER = /^\s*Running compile:$|^configure:\d+: /;
/** Keywords of the lines `PROBE_TRIGGER` matches (`configure:` with its digit: `./configure: line 3` is a shell error). */
export const PROBE_KEYWORDS: readonly string[] = ['Running compile:', ...[...'0123456789'].map((d) => `configure:${d}`)];

/** Per-log state telling whether a line belongs to a configurator's probe. */
export interface ProbeTracker {
  /** Reads a line; true while inside a probe (its errors are expected), which also keeps the parser fed. */
  feed(text: string, n: number): boolean;
}

/** Makes the state for one log. */
export function probeTracker(): ProbeTracker {
  let meson = 0;
  let stderr = false;
  let autoconfLine = -AUTOCONF_REACH - 1;
  return {
    feed(text: string, n: number): boolean {
      if (MESON_START.test(text)) {
        meson = 1;
        stderr = false;
        return true;
      }
      if (meson > 0) {
        if (MESON_STDERR.test(text)) stderr = true;
        else if ((stderr && MESON_END.test(text)) || ++meson > MAX_PROBE_LINES) meson = 0;
        return true;
      }
      if (AUTOCONF.test(text)) {
        autoconfLine = n;
        return true;
      }
      return n - autoconfLine <= AUTOCONF_REACH;
    },
  };
}
