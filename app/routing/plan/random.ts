/** A source of uniform numbers in [0, 1): injected, so a plan drawn with the same seed is the same plan. */
export type Random = () => number;

/**
 * A small seeded generator (sfc32, from PractRand's test suite: passes BigCrush, 128 bits of state). Not for
 * secrets; for reproducible exploration and replays.
 */
export function seededRandom(seed: number): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const out = (t + d) | 0;
    c = (c + out) | 0;
    return (out >>> 0) / 4294967296;
  };
  // The first outputs of a fresh state still show the seed; discard them.
  for (let i = 0; i < 12; i++) next();
  return next;
}
