import { stepMarked } from '../model/feedback';
import type { FileStore } from '../storage/store';
import type { LabellingContext } from './labellingContext';
import { whenShown } from './whenShown';

/**
 * Selects the next (+1) or previous (-1) span a reviewer's feedback marked (changed, removed, or
 * kept with a note) in the annotator's layer, across documents in list order, opening the
 * document it is in; at either end it goes round.
 */
export async function stepFeedback(context: LabellingContext, direction: 1 | -1): Promise<void> {
  const { document, session, store } = context;
  const annotator = session.annotator;
  let marked: Awaited<ReturnType<FileStore['markedSpans']>>;
  try {
    marked = await (await store.files()).markedSpans(annotator);
  } catch (error) {
    session.readFailed(error);
    return;
  }
  const selected = document.spans.find((span) => span.id === document.selectedSpanId) ?? null;
  const step = stepMarked(marked, { order: document.current?.order ?? null, selected }, direction);
  if (step === null)
    return session.notify(
      `No feedback to step through in ${annotator}'s layer: import a reviewer's feedback file, or, with team sync on, take the team's verdicts on the Review page.`,
    );
  const { target, index, wrapped } = step;
  if (document.id !== target.documentId) context.open(target.documentId);
  if (!(await whenShown(document, target.id, target.documentId))) return;
  document.selectSpan(target.id, true, true);
  const round = wrapped ? (direction === 1 ? ' (from the first again)' : ' (from the last again)') : '';
  session.notify(`Feedback ${index + 1} of ${marked.length}${round}.`);
}
