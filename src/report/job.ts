import type { Classification } from '../classify/index.ts';
import type { Decision } from '../decision/index.ts';

/** One classified job (or log) with the decision taken on it: what every reporter receives. */
export interface ClassifiedJob {
  name: string;
  classification: Classification;
  decision: Decision;
}
