import type { NamedBlob } from '../formats/format';
import type { FormatError } from '../formats/records';

/**
 * Says a backup was cut short when its last line is the one that does not parse and the file does not
 * end as every backup does, with a line break: a copy or a save that stopped mid-line, not a file
 * someone edited by hand. `errors` is changed in place.
 */
export async function sayCutShort(file: NamedBlob, errors: FormatError[], lastLine: number): Promise<void> {
  const last = errors.find((error) => error.line === lastLine && error.message.startsWith('malformed JSON'));
  if (last === undefined || file.size === 0) return;
  if ((await file.slice(file.size - 1).text()) === '\n') return;
  last.message = `the file ends in the middle of this line: it was cut short while saved or copied (${last.message})`;
}
