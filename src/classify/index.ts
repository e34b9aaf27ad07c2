export { Classifier, classifyText, type ClassifyOptions } from './classifier.ts';
export type { Classification, EvidenceLine, FailedUnit, Failure, FailureDraft, LocatedFinding, UnitName } from './failure.ts';
export { meaningOfName, UNIT_VOCABULARY, unitWords } from './vocabulary.ts';
export { MAX_LINE_BYTES } from './lines.ts';
export { mergeClassifications } from './merge.ts';
export type { LineContext, Parser, ParserDef, ParserSink } from './parser.ts';
export { PARSERS } from './registry.ts';
export { CLASS_DESCRIPTIONS, FAILURE_CLASSES, type FailureClass, isFailureClass, primaryOf, rankOf } from './taxonomy.ts';
