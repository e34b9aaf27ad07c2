import { httpStatus, type GitHub, type RepoRef } from './repo-ref.ts';

/** A file's text at `ref` (default branch when omitted), or null when it does not exist or is not a file. */
export async function readRepoFile(github: GitHub, repo: RepoRef, path: string, ref?: string): Promise<string | null> {
  try {
    const { data } = await github.rest.repos.getContent({ ...repo, path, ...(ref !== undefined ? { ref } : {}) });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return null;
    // The contents API sends base64 with line breaks; Buffer ignores them.
    return Buffer.from(data.content, (data.encoding as BufferEncoding | undefined) ?? 'base64').toString('utf8');
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}
