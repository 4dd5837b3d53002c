import { describe, expect, it } from 'vitest';
import { validateRow } from '../../../src/lib/storage/backupRows';

describe('validateRow', () => {
  it('says a required field is missing, rather than what it must be', () => {
    expect(validateRow('labels', { name: 'person', hotkey: '', description: '', order: 0 })).toEqual({
      message: 'a label\'s "colour" is missing',
    });
    expect(
      validateRow('spans', {
        id: 's1',
        documentId: 'd',
        annotator: 'ann',
        end: 3,
        label: 'claim',
        text: 'Kim',
        created: 1,
        updated: 1,
      }),
    ).toEqual({
      message: 'a span\'s "start" is missing',
    });
  });

  it('still says what a present field of the wrong type must be', () => {
    expect(validateRow('labels', { name: 'person', colour: 7, hotkey: '', description: '', order: 0 })).toEqual({
      message: 'a label\'s "colour" must be string (got 7)',
    });
  });

  it('refuses a text that is not valid Unicode (a lone surrogate), saying where', () => {
    const row = { id: 'd1', title: 'T', text: 'bad \ud83d end', source: '', meta: {}, order: 0, created: 1 };
    expect(validateRow('documents', row)).toEqual({
      message: 'a document\'s "text" holds a lone surrogate (U+D83D) at character 4: not valid Unicode',
    });
    expect(validateRow('documents', { ...row, text: 'ok \ud83d\ude00' })).toHaveProperty('value');
    // Anywhere in the row: the metadata, a span's note or origin, a setting's value.
    expect(validateRow('documents', { ...row, text: 'ok', meta: { source: { name: 'x\udc00' } } })).toEqual({
      message:
        'a document\'s "meta" → "source" → "name" holds a lone surrogate (U+DC00) at character 1: not valid Unicode',
    });
    expect(validateRow('settings', { key: 'theme', value: ['dark', 'b\ud800'] })).toHaveProperty('message');
  });
});
