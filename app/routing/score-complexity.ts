import type { Tier } from '../config/config-schema.ts';
import { findRiskKeywords, type RiskKeyword } from './risk-keywords.ts';

/** A complexity band: the same 1..3 scale as model tiers, so a tier "covers" a band when it is at least as high. */
export type ComplexityBand = Tier;

/** The plain data of a work order that routing looks at; the text is already stripped of hidden content. */
export interface RoutingInput {
  title: string;
  body: string;
  /** Task-list items of the issue. */
  acceptanceCriteria: readonly { text: string }[];
  /** Files named in the issue, with their size in bytes when known (null: not in the repository, or not looked up). */
  files: readonly { path: string; size: number | null }[];
}

/** One contribution to the score: what was measured and the points it gave. */
export interface ComplexityFactor {
  name: 'criteria' | 'files' | 'text_size' | 'file_size' | 'risk';
  /** The measured value: a count, characters or bytes. */
  value: number;
  points: number;
}

/** A work order's complexity: score, band, and every input that produced them. */
export interface ComplexityScore {
  /** 0..10: the sum of the factors' points. */
  score: number;
  band: ComplexityBand;
  factors: ComplexityFactor[];
  risks: RiskKeyword[];
}

// Thresholds: [value at which 1 point starts, value at which 2 points start]. Tuned by judgement for now; the
// pattern statistics per band are what will tell whether they split work orders usefully.
const THRESHOLDS: Readonly<Record<Exclude<ComplexityFactor['name'], 'risk'>, readonly [number, number]>> = {
  criteria: [3, 6],
  files: [2, 5],
  text_size: [1_500, 5_000],
  file_size: [20_000, 100_000],
};

/** The highest score of band 1 and of band 2; above the second is band 3. */
export const BAND_LIMITS = [2, 5] as const;

function points(value: number, [one, two]: readonly [number, number]): number {
  return value >= two ? 2 : value >= one ? 1 : 0;
}

/** Scores a work order's complexity from its plain data: pure, so a recorded input always scores the same. */
export function scoreComplexity(input: RoutingInput): ComplexityScore {
  const text = `${input.title}\n${input.body}`;
  const risks = findRiskKeywords(text);
  const riskKinds = new Set(risks.map((r) => r.kind)).size;
  const fileBytes = input.files.reduce((sum, f) => sum + (f.size ?? 0), 0);
  const measured: [ComplexityFactor['name'], number][] = [
    ['criteria', input.acceptanceCriteria.length],
    ['files', input.files.length],
    ['text_size', text.length],
    ['file_size', fileBytes],
  ];
  const factors: ComplexityFactor[] = measured.map(([name, value]) => ({ name, value, points: points(value, THRESHOLDS[name as keyof typeof THRESHOLDS]) }));
  factors.push({ name: 'risk', value: riskKinds, points: Math.min(riskKinds, 2) });
  const score = factors.reduce((sum, f) => sum + f.points, 0);
  const band: ComplexityBand = score <= BAND_LIMITS[0] ? 1 : score <= BAND_LIMITS[1] ? 2 : 3;
  return { score, band, factors, risks };
}
