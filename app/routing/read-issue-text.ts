import { extractAcceptanceCriteria, type AcceptanceCriterion } from './extract-acceptance-criteria.ts';
import { extractFilePaths } from './extract-file-paths.ts';
import { stripHiddenContent } from './strip-hidden-content.ts';

/** What intake keeps of an issue's text: visible text only, plus what was read out of it. */
export interface IssueText {
  title: string;
  body: string;
  acceptanceCriteria: AcceptanceCriterion[];
  /** Repository-relative paths named in the title or body. */
  filesNamed: string[];
  /** Comments, invisible characters and link reference definitions removed from title and body together. */
  removedHidden: { comments: number; characters: number; definitions: number };
}

/** Reads an issue's title and body the way a model may see them: hidden content stripped, criteria and files read out. */
export function readIssueText(title: string, body: string | null | undefined): IssueText {
  const t = stripHiddenContent(title);
  const b = stripHiddenContent(body ?? '');
  const visibleTitle = t.text.replace(/\s+/g, ' ').trim();
  return {
    title: visibleTitle,
    body: b.text,
    acceptanceCriteria: extractAcceptanceCriteria(b.text),
    filesNamed: extractFilePaths(`${visibleTitle}\n${b.text}`),
    removedHidden: {
      comments: t.removedComments + b.removedComments,
      characters: t.removedCharacters + b.removedCharacters,
      definitions: t.removedDefinitions + b.removedDefinitions,
    },
  };
}
