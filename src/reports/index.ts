export { reportClassification } from './classification.ts';
export { parseCtrf } from './ctrf.ts';
export { JUnitReader, type ReportedCase, type ReportOptions } from './junit.ts';
export { sameTestName } from './naming.ts';
export { mergeReported } from './overlap.ts';
export type { SuiteCounts, TestReport } from './types.ts';
