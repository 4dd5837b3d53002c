import { zipFiles } from '../formats/archive';
import { andList, counted } from '../model/counted';
import type { Store } from '../storage/store';
import { feedbackFileName } from './transfers.svelte';

/** One annotator's file in the .zip, or why there is none. */
export interface FeedbackEntry {
  annotator: string;
  /** The file's name in the .zip; null when nothing of theirs is decided yet (no file). */
  file: string | null;
  spans: number;
  documents: number;
  /** Their spans in documents still under review, left out. */
  undecided: number;
}

/**
 * Every annotator's feedback file in one .zip (`feedback-<date>.zip`, one `<annotator>-feedback-<date>.jsonl`
 * each, as Download feedback names them), for a reviewer who sends each their own. An annotator the review
 * decided nothing of gets no file, and is named. Saves nothing when no one has a file.
 */
export async function downloadEveryFeedback(
  store: Store,
  annotators: readonly string[],
  reviewer: string,
  save: (blob: Blob, name: string) => void,
  now = new Date(),
): Promise<{ name: string; entries: FeedbackEntry[] }> {
  const files = await store.files();
  const entries: FeedbackEntry[] = [];
  const written: { path: string; text: string }[] = [];
  for (const annotator of annotators) {
    const built = await files.feedbackFile(annotator, reviewer, now);
    const file = built.spans > 0 ? feedbackFileName(annotator, now) : null;
    if (file !== null) written.push({ path: file, text: await built.blob.text() });
    entries.push({ annotator, file, spans: built.spans, documents: built.documents, undecided: built.undecided });
  }
  const name = `feedback-${now.toISOString().slice(0, 10)}.zip`;
  if (written.length > 0) save(new Blob(await zipFiles(written), { type: 'application/zip' }), name);
  return { name, entries };
}

/** What {@link downloadEveryFeedback} did, in a sentence or three. */
export function everyFeedbackSaid({ name, entries }: { name: string; entries: readonly FeedbackEntry[] }): string {
  const filed = entries.filter((entry) => entry.file !== null);
  const none = entries.filter((entry) => entry.file === null).map((entry) => entry.annotator);
  const undecided = entries.reduce((sum, entry) => sum + entry.undecided, 0);
  const pending =
    undecided === 0
      ? ''
      : ` ${counted(undecided, 'span')} in documents still under review ${undecided === 1 ? 'is' : 'are'} not decided yet and left out.`;
  if (filed.length === 0)
    return `No feedback to send yet: the review has decided none of the spans of ${andList(none)}.${pending}`;
  const each = filed.map(
    (entry) => `${entry.annotator}'s ${counted(entry.spans, 'span')} in ${counted(entry.documents, 'document')}`,
  );
  const left = none.length === 0 ? '' : ` No file for ${andList(none)}: nothing of theirs is decided yet.`;
  return `${name}: ${counted(filed.length, 'file')}, ${andList(each)}.${left}${pending}`;
}
