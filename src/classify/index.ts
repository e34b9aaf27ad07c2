export { Classifier, classifyText, type ClassifyOptions } from './classifier.ts';
export type { Classification, EvidenceLine, Failure, FailureDraft } from './failure.ts';
export { MAX_LINE_CHARS } from './lines.ts';
export type { LineContext, Parser, ParserDef, ParserSink } from './parser.ts';
export { PARSERS } from './registry.ts';
export { FAILURE_CLASSES, type FailureClass, isFailureClass, primaryOf, rankOf } from './taxonomy.ts';
