export { reportClassification } from './classification.ts';
export { parseCtrf } from './ctrf.ts';
export { JUnitReader, type ReportOptions } from './junit.ts';
export { mergeReported } from './overlap.ts';
export type { SuiteCounts, TestReport } from './types.ts';
