/** Records as a token format's reader gives them (CoNLL, Hugging Face), for their tests. */
import { idFromText, recordTitle, type AnnotatedRecord, type RecordSpan } from '../../../src/lib/formats/records';
import { sliceCodePoints } from '../../../src/lib/model/offsets';

/** The span quoting `quote` (from UTF-16 index `from` on) with `label`, in code points. */
export function spanAt(text: string, quote: string, label: string, from = 0): RecordSpan {
  const utf16 = text.indexOf(quote, from);
  if (utf16 === -1) throw new Error(`${quote} is not in the text`);
  const start = [...text.slice(0, utf16)].length;
  const end = start + [...quote].length;
  return { start, end, label, text: sliceCodePoints(text, start, end) };
}

/** A record as the reader gives it: its text rebuilt from tokens (so it may land on a stored text spaced otherwise). */
export function tokenRecord(text: string, spans: RecordSpan[], id = idFromText(text)): AnnotatedRecord {
  return {
    id,
    text,
    title: recordTitle(text, id, {}),
    annotator: null,
    status: null,
    spans,
    meta: {},
    tokensOnly: true,
  };
}
