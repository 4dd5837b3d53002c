import { counted } from '../model/counted';
import { isReviewLayer } from '../model/types';
import type { ImportAnalysis } from '../storage/importTypes';

/**
 * With team sync on, what of an import the server will not take from this member, so it stays in
 * this browser only (the server's rule, as `sync/records.ts` `writable` follows it: a member writes
 * their own layer; only a reviewer writes gold and the documents). A sentence for the import card,
 * counted and named before the user confirms; null when all of it reaches the team.
 * `role` is null while the server has not listed this member: they are taken as not a reviewer,
 * as the Review page takes them.
 */
export function staysLocal(
  analysis: Pick<ImportAnalysis, 'annotators' | 'newSpansByLayer' | 'newDocuments' | 'newLabels'>,
  me: string,
  role: 'annotator' | 'reviewer' | null,
): string | null {
  const reviewer = role === 'reviewer';
  const parts: string[] = [];
  for (const layer of analysis.annotators) {
    if (layer === me || (reviewer && isReviewLayer(layer))) continue;
    const spans = analysis.newSpansByLayer[layer] ?? 0;
    const what = spans > 0 ? counted(spans, 'new span') : 'what it brings';
    parts.push(
      isReviewLayer(layer)
        ? `${what} into ${layer} (only a reviewer’s decisions are shared)`
        : `${what} into the layer of “${layer}” (the server takes only your own layer, “${me}”, from you)`,
    );
  }
  if (!reviewer && analysis.newDocuments > 0)
    parts.push(
      `${counted(analysis.newDocuments, 'new document')} (only a reviewer’s documents reach the team; your spans in them wait in colleagues’ copies until one does)`,
    );
  if (!reviewer && analysis.newLabels.length > 0)
    parts.push(
      `${counted(analysis.newLabels.length, 'new label')} (only a reviewer changes the team’s labels; your spans with them reach the team and show there as unlisted)`,
    );
  if (parts.length === 0) return null;
  const unknown =
    role === null ? ' The server has not listed your role yet (or does not know this Annotator name).' : '';
  return `With team sync on, this stays in this browser only: ${parts.join('; ')}.${unknown}`;
}
