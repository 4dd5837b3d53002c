/** What a feedback file's card says: its sentence, and the entries that match no span any more. */
import { counted } from '../model/counted';
import type { FeedbackPreview, MissingFeedback } from '../storage/store';

/**
 * What importing a feedback file will do, in one sentence: "Feedback from rev on ann's spans: 12
 * spans in 3 documents — 8 kept, 3 changed, 1 removed; 11 found in ann's layer, 1 no longer there
 * (changed since)."
 */
export function feedbackSummary(preview: FeedbackPreview): string {
  const { annotator, reviewer, verdicts } = preview;
  const missing = preview.missing.length;
  const from = reviewer === '' ? 'Feedback' : `Feedback from ${reviewer}`;
  return (
    `${from} on ${annotator}'s spans: ${counted(preview.spans, 'span')} in ${counted(preview.documents, 'document')} — ` +
    `${verdicts.kept.toLocaleString('en')} kept, ${verdicts.changed.toLocaleString('en')} changed, ${verdicts.removed.toLocaleString('en')} removed; ` +
    `${preview.found.toLocaleString('en')} found in ${annotator}'s layer` +
    (missing > 0 ? `, ${missing.toLocaleString('en')} no longer there (changed since).` : '.')
  );
}

/** A feedback entry that matches no span any more, said so the user can find it. */
export function missingText(missing: MissingFeedback): string {
  return `line ${missing.line}: “${missing.title}”, ${missing.label} ${missing.start}–${missing.end} “${missing.text}”`;
}
