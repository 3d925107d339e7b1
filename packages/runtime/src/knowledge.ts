import { stat } from 'node:fs/promises';
import { type LoadResult, loadDirectory, loadJsonlCorpus } from '@switchboard/knowledge';

/** Loads a help-centre folder or a JSONL corpus, whichever the path is. */
export async function loadKnowledge(path: string, source = 'default'): Promise<LoadResult> {
  const info = await stat(path);
  return info.isDirectory() ? loadDirectory(path, { source }) : loadJsonlCorpus(path, { source });
}
