import { describe, expect, it } from 'vitest';
import { inQuotes } from '../../../src/lib/model/graphemes';
import { useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('a span’s text in a message', () => {
  it('is quoted “…”, or ‘…’ when it holds double quotation marks of its own', () => {
    expect(inQuotes('Kim Jong Un')).toBe('“Kim Jong Un”');
    expect(inQuotes('“actively advancing”')).toBe('‘“actively advancing”’');
    expect(inQuotes('“We have new information')).toBe('‘“We have new information’');
    expect(inQuotes('it’s')).toBe('“it’s”');
  });

  it('does not read ““…” in the status line when the span starts at an opening quote (trial)', async () => {
    const workbench = await startWorkbench();
    const document = workbench.document.current!;
    const quoted = /“[^”\n]{1,30}”/u.exec(document.text)?.[0] ?? '';
    const start = document.text.indexOf(quoted);
    expect(quoted).not.toBe('');
    await workbench.labelling.createFromRange(document, 'claim', start, start + quoted.length, true);
    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toBe(`Undone: label ‘${quoted}’ claim`);
  });
});
