/**
 * Annotator names as a file gives them, made names the Annotator field opens: white space at either end
 * trimmed, as the field trims what is typed (" alice " and "alice" are one layer, which typing alice
 * opens); said in a note, counted, naming each name and what it became. Spaces inside stay (the field
 * keeps them: "Ann  Lee" exported comes back to its own layer); a tab or line break inside, which the
 * field cannot hold, becomes a space. A name of white space only is none (the file does not say whose);
 * one with a control character is refused, naming the line, as is the review's own rejected layer's name
 * (its spans would be stored where no page shows them and no export writes them).
 */
import { REJECTED_ANNOTATOR } from '../model/types';
import { quote } from './errorMessages';
import type { SourceItem } from './format';

/** At most this many tidied names are listed in the note. */
const LISTED_NAMES = 8;
/** Control characters but tab and line breaks (white space: trimmed at the ends, a space inside). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u;

const recordsCount = (count: number) => `${count.toLocaleString('en')} ${count === 1 ? 'record' : 'records'}`;

/** The items of `items` with every record's annotator tidied; a note after the last item says what changed. */
export async function* tidyAnnotatorNames(items: AsyncIterable<SourceItem>): AsyncGenerator<SourceItem> {
  const tidied = new Map<string, { name: string; records: number; line: number }>();
  for await (const item of items) {
    const given = 'record' in item ? item.record.annotator : null;
    if (!('record' in item) || given === null) {
      yield item;
      continue;
    }
    if (CONTROL.test(given)) {
      yield { error: { line: item.line, message: `the annotator ${quote(given)} holds a control character` } };
      continue;
    }
    // A tab or line break inside is no name the field takes (a text field keeps neither): one space instead.
    const name = given.trim().replace(/[\t\n\r\f\v\u2028\u2029]/gu, ' ');
    if (name === REJECTED_ANNOTATOR) {
      const message = `the annotator ${quote(given)} is the name the review keeps its rejected versions under, which no layer may take: rename it in the file`;
      yield { error: { line: item.line, message } };
      continue;
    }
    if (name === given) {
      yield item;
      continue;
    }
    const entry = tidied.get(given) ?? { name, records: 0, line: item.line };
    entry.records++;
    tidied.set(given, entry);
    yield { record: { ...item.record, annotator: name.length > 0 ? name : null }, line: item.line };
  }
  if (tidied.size === 0) return;
  const total = [...tidied.values()].reduce((sum, entry) => sum + entry.records, 0);
  const listed = [...tidied]
    .slice(0, LISTED_NAMES)
    .map(([given, { name, records, line }]) => {
      const became = name.length > 0 ? quote(name) : 'no name (the layer chosen here)';
      return `${quote(given)} → ${became} (${recordsCount(records)}${line > 0 ? `, first on line ${line}` : ''})`;
    })
    .join(', ');
  const more = tidied.size > LISTED_NAMES ? `, and ${tidied.size - LISTED_NAMES} more` : '';
  yield {
    note: `Annotator names with white space around them (or a tab or line break in them) were tidied (${recordsCount(total)}): ${listed}${more}.`,
  };
}
