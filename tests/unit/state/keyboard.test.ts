import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { KeyController, type KeyTargets } from '../../../src/lib/state/keyboard';
import type { KeyPress } from '../../../src/lib/state/keymap';
import type { Review } from '../../../src/lib/state/review.svelte';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import type { DecisionState } from '../../../src/lib/state/decisionState';

const UNDECIDED: DecisionState = {
  a: false,
  b: false,
  others: false,
  neither: false,
  passed: false,
  edited: false,
  news: false,
  unweighed: [],
};

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...extra,
});

/** Targets whose every method is a spy, so a test sees which call a key made. */
function targets(precise = false) {
  const labelling = {
    precise,
    applyLabel: vi.fn(async (_label: string, _precise?: boolean) => {}),
    deleteSelected: vi.fn(async () => {}),
    undo: vi.fn(async () => {}),
    redo: vi.fn(async () => {}),
    markCurrent: vi.fn(async () => {}),
    editNote: vi.fn(),
    spanInHand: null,
    dropInHand: vi.fn(),
    caretAfter: { settle: vi.fn() },
  };
  const viewer = {
    focused: false,
    hasFocus: () => viewer.focused,
    moveCaret: vi.fn(),
    moveCaretVertically: vi.fn(),
    clearSelection: vi.fn(),
    selection: (): { start: number; end: number } | null => null,
  };
  const document = {
    selectSpan: vi.fn(),
    stepSpan: vi.fn((_direction: number) => true),
    focusText: vi.fn(),
    selectedSpanId: null,
    viewer,
  };
  const suggestions = { focused: null, focus: vi.fn(), step: vi.fn() };
  const session = { notify: vi.fn(), hint: vi.fn() };
  // The workbench's label command, with no suggestion focused here, is the labelling's.
  const label = (name: string, exact: boolean) => labelling.applyLabel(name, exact);
  const workbench = {
    corpus: { labels: DEFAULT_LABELS },
    labelling,
    document,
    suggestions,
    step: vi.fn(),
    session,
    label,
    keyName: (key: string) => key,
  };
  const focused = { kind: 'onlyA', a: { span: { start: 0, end: 3, label: 'claim' }, annotators: ['ann'] } };
  const review = {
    step: vi.fn(),
    // Moves within the three differences (and stays at either end).
    focus: vi.fn(
      (direction: number) => void (review.focusIndex = Math.max(0, Math.min(2, review.focusIndex + direction))),
    ),
    focused,
    focusIndex: 1,
    differences: [focused, focused, focused],
    quote: () => 'Kim',
    decision: vi.fn((): DecisionState => ({ ...UNDECIDED })),
    decideFocused: vi.fn(async () => {}),
    editFocused: vi.fn(async () => {}),
    acceptAgreements: vi.fn(async () => {}),
    undo: vi.fn(async () => {}),
    redo: vi.fn(async () => {}),
  };
  const toggleHelp = vi.fn();
  const onDifferenceFocused = vi.fn();
  const keyTargets: KeyTargets = {
    workbench: workbench as unknown as Workbench,
    review: () => review as unknown as Review,
    toggleHelp,
    onDifferenceFocused,
  };
  return {
    keys: new KeyController(keyTargets),
    labelling,
    document,
    workbench,
    review,
    toggleHelp,
    onDifferenceFocused,
  };
}

describe('KeyController', () => {
  it('marks done one document per D: the D after waits until the one before has marked and moved on (helper-211)', async () => {
    const { keys, labelling } = targets();
    const log: string[] = [];
    let finish: () => void = () => {};
    labelling.markCurrent.mockImplementation(
      () =>
        new Promise<void>((resolve) => {
          log.push('mark begun');
          finish = () => {
            log.push('marked, next opened');
            resolve();
          };
        }),
    );
    keys.handle(press('d'), 'documents');
    keys.handle(press('d'), 'documents');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual(['mark begun']);
    finish();
    await vi.waitFor(() => expect(log).toHaveLength(3));
    expect(log).toEqual(['mark begun', 'marked, next opened', 'mark begun']);
    finish();
  });

  it('changes once for a key held down: its auto-repeat marks, labels and deletes nothing more; J still steps', () => {
    const { keys, labelling, document } = targets();
    for (const key of ['d', 's', '1', 'Delete']) {
      expect(keys.handle(press(key, { repeat: true }), 'documents')).toBe(true);
    }
    expect(labelling.markCurrent).not.toHaveBeenCalled();
    expect(labelling.applyLabel).not.toHaveBeenCalled();
    expect(labelling.deleteSelected).not.toHaveBeenCalled();
    keys.handle(press(']', { repeat: true }), 'documents');
    keys.handle(press(']', { repeat: true }), 'documents');
    expect(document.stepSpan).toHaveBeenCalledTimes(2);
  });

  it('keeps undo and redo in the order pressed: Ctrl+Z right after a label key waits for that label to be written', async () => {
    const { keys, labelling, workbench } = targets();
    const log: string[] = [];
    workbench.step.mockImplementation(() => void log.push('next document'));
    let written: () => void = () => {};
    labelling.applyLabel.mockImplementation(
      (label: string) =>
        new Promise<void>((resolve) => {
          log.push(`label ${label} begun`);
          written = () => {
            log.push(`label ${label} written`);
            resolve();
          };
        }),
    );
    labelling.undo.mockImplementation(async () => void log.push('undo'));
    labelling.redo.mockImplementation(async () => void log.push('redo'));
    keys.handle(press('1'), 'documents');
    keys.handle(press('z', { ctrlKey: true }), 'documents');
    // N and a label pressed after the undo wait for it (its step may open its document), the redo for the label.
    keys.handle(press('n'), 'documents');
    keys.handle(press('2'), 'documents');
    keys.handle(press('y', { ctrlKey: true }), 'documents');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual(['label claim begun']);
    written();
    await vi.waitFor(() => expect(log).toContain('label denial begun'));
    expect(log).toEqual(['label claim begun', 'label claim written', 'undo', 'next document', 'label denial begun']);
    written();
    await vi.waitFor(() => expect(log).toContain('redo'));
    expect(log.slice(5)).toEqual(['label denial written', 'redo']);
  });

  it('selects the next span with ] right after a label key once that label is written (helper-155: ] did nothing)', async () => {
    const { keys, labelling, document } = targets();
    let written: () => void = () => {};
    labelling.applyLabel.mockImplementation(() => new Promise<void>((resolve) => (written = resolve)));
    keys.handle(press('1'), 'documents');
    keys.handle(press(']'), 'documents');
    keys.handle(press('['), 'documents');
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The span is not listed yet, and the label's end selects none: ] then would select nothing for long.
    expect(document.stepSpan).not.toHaveBeenCalled();
    written();
    await vi.waitFor(() => expect(document.stepSpan.mock.calls).toEqual([[1], [-1]]));
  });

  it('labels, relabels precisely with Alt or the exact-characters toggle, and runs the labelling commands', async () => {
    const { keys, labelling, document, workbench } = targets();
    expect(keys.handle(press('2'), 'documents')).toBe(true);
    expect(labelling.applyLabel).toHaveBeenLastCalledWith('denial', false);
    keys.handle(press('¡', { altKey: true, code: 'Digit1' }), 'documents');
    expect(labelling.applyLabel).toHaveBeenLastCalledWith('claim', true);
    // Delete with no span selected and no suggestion focused says so, deleting nothing.
    keys.handle(press('Delete'), 'documents');
    expect(labelling.deleteSelected).not.toHaveBeenCalled();
    expect(workbench.session.hint).toHaveBeenLastCalledWith(expect.stringMatching(/^Nothing to delete: /u));
    (document as { selectedSpanId: string | null }).selectedSpanId = 's1';
    keys.handle(press('Delete'), 'documents');
    keys.handle(press('z', { ctrlKey: true }), 'documents');
    keys.handle(press('y', { ctrlKey: true }), 'documents');
    keys.handle(press('d'), 'documents');
    keys.handle(press('s'), 'documents');
    expect(labelling.deleteSelected).toHaveBeenCalledOnce();
    // Undo and redo wait for the delete pressed before them to be written (KeyOrder), D and S for them.
    await vi.waitFor(() => expect(labelling.markCurrent).toHaveBeenCalledTimes(2));
    expect(labelling.undo).toHaveBeenCalledOnce();
    expect(labelling.redo).toHaveBeenCalledOnce();
    expect(labelling.markCurrent.mock.calls).toEqual([['done'], ['skipped']]);

    const exact = targets(true);
    exact.keys.handle(press('4'), 'documents');
    expect(exact.labelling.applyLabel).toHaveBeenLastCalledWith('visit', true);
  });

  it('takes the keyboard focus from a button into the text when J or K focuses a suggestion, so Enter then accepts', () => {
    const { keys, document } = targets();
    const button = window.document.createElement('button');
    keys.handle(press('j', { target: button }), 'documents');
    expect(document.focusText).toHaveBeenCalledOnce();
    // Pressed in the text (or on the page), J leaves the focus where it is.
    keys.handle(press('k'), 'documents');
    expect(document.focusText).toHaveBeenCalledOnce();
  });

  it('moves between documents and spans, clears the selection and toggles the help', () => {
    const { keys, workbench, document, toggleHelp } = targets();
    keys.handle(press('n'), 'documents');
    keys.handle(press('ArrowUp', { altKey: true }), 'documents');
    expect(workbench.step.mock.calls).toEqual([[1], [-1]]);
    document.stepSpan.mockReturnValue(true);
    keys.handle(press(']'), 'documents');
    keys.handle(press('['), 'documents');
    expect(document.stepSpan.mock.calls).toEqual([[1], [-1]]);
    expect(workbench.session.hint).not.toHaveBeenCalled();
    // A document with no span: ] says so in the status line (helper-146: only a screen reader heard it).
    document.stepSpan.mockReturnValue(false);
    keys.handle(press(']'), 'documents');
    expect(workbench.session.hint).toHaveBeenLastCalledWith(expect.stringMatching(/^No spans in this document yet: /u));
    keys.handle(press('Escape'), 'documents');
    expect(document.selectSpan).toHaveBeenCalledWith(null);
    expect(document.viewer.clearSelection).toHaveBeenCalledOnce();
    expect(workbench.suggestions.focus).toHaveBeenCalledWith(null);
    expect(toggleHelp).toHaveBeenLastCalledWith(false);
    keys.handle(press('?', { shiftKey: true }), 'documents');
    expect(toggleHelp).toHaveBeenLastCalledWith();
  });

  it('decides the focused difference and moves on the review page, never labelling there', async () => {
    const { keys, review, labelling, workbench, onDifferenceFocused } = targets();
    keys.handle(press('j'), 'review');
    keys.handle(press('k'), 'review');
    await vi.waitFor(() => expect(review.focus.mock.calls).toEqual([[1], [-1]]));
    expect(onDifferenceFocused).toHaveBeenCalledTimes(2);
    // Each move is said, for a screen reader (trial: the row's look alone was all that changed).
    expect(workbench.session.notify.mock.calls).toEqual([
      ['Difference 3 of 3, only A: A claim “Kim”.'],
      ['Difference 2 of 3, only A: A claim “Kim”.'],
    ]);
    // A decided one says so, as its row shows.
    review.decision.mockReturnValueOnce({ ...UNDECIDED, a: true });
    keys.handle(press('j'), 'review');
    await vi.waitFor(() => expect(onDifferenceFocused).toHaveBeenCalledTimes(3));
    expect(workbench.session.notify).toHaveBeenLastCalledWith('Difference 3 of 3 (decided), only A: A claim “Kim”.');
    // At the end of the list, J says so (the status line would keep its last words).
    keys.handle(press('j'), 'review');
    await vi.waitFor(() => expect(onDifferenceFocused).toHaveBeenCalledTimes(4));
    expect(workbench.session.notify).toHaveBeenLastCalledWith(
      'No difference after this one. Difference 3 of 3, only A: A claim “Kim”.',
    );
    for (const key of ['a', 'b', '2', 'x']) keys.handle(press(key), 'review');
    await vi.waitFor(() =>
      expect(review.decideFocused.mock.calls.map((call) => (call as unknown[])[0])).toEqual([
        'a',
        'b',
        'both',
        'neither',
      ]),
    );
    keys.handle(press('e'), 'review');
    keys.handle(press('m'), 'review');
    await vi.waitFor(() => expect(review.acceptAgreements).toHaveBeenCalledOnce());
    expect(review.editFocused).toHaveBeenCalledOnce();
    keys.handle(press('z', { ctrlKey: true }), 'review');
    keys.handle(press('z', { ctrlKey: true, shiftKey: true }), 'review');
    await vi.waitFor(() => expect([review.undo.mock.calls.length, review.redo.mock.calls.length]).toEqual([1, 1]));
    expect(labelling.undo).not.toHaveBeenCalled();
    keys.handle(press('n'), 'review');
    await vi.waitFor(() => expect(review.step).toHaveBeenCalledWith(1));
    expect(workbench.step).not.toHaveBeenCalled();
    expect(keys.handle(press('1'), 'review')).toBe(false);
    expect(labelling.applyLabel).not.toHaveBeenCalled();
  });

  it('on the review page, lets each key act only once the decision before it is written (its row moves on then)', async () => {
    const { keys, review, toggleHelp } = targets();
    const writes: (() => void)[] = [];
    review.decideFocused.mockImplementation(() => new Promise<void>((resolve) => writes.push(resolve)));
    keys.handle(press('a'), 'review');
    keys.handle(press('b'), 'review');
    keys.handle(press('j'), 'review');
    await vi.waitFor(() => expect(review.decideFocused).toHaveBeenCalledTimes(1));
    // The key sheet opens at once, though a decision is on its way (the keys after it find it open).
    keys.handle(press('?', { shiftKey: true }), 'review');
    expect(toggleHelp).toHaveBeenCalledOnce();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // A's write is on its way: B and J wait (B would decide the row A is deciding).
    expect(review.decideFocused).toHaveBeenCalledTimes(1);
    expect(review.focus).not.toHaveBeenCalled();
    writes[0]();
    await vi.waitFor(() => expect(review.decideFocused).toHaveBeenCalledTimes(2));
    expect(review.focus).not.toHaveBeenCalled();
    writes[1]();
    await vi.waitFor(() => expect(review.focus).toHaveBeenCalledOnce());
  });

  it('moves the caret while the text has the focus, and leaves the arrows to the page elsewhere', () => {
    const { keys, document, labelling } = targets();
    const { viewer } = document;
    expect(keys.handle(press('ArrowRight', { shiftKey: true }), 'documents')).toBe(false);
    expect(keys.handle(press('End'), 'documents')).toBe(false);
    expect(viewer.moveCaret).not.toHaveBeenCalled();
    expect(keys.handle(press('t'), 'documents')).toBe(true);
    expect(document.focusText).toHaveBeenCalledOnce();
    viewer.focused = true;
    keys.handle(press('ArrowRight', { ctrlKey: true, shiftKey: true }), 'documents');
    keys.handle(press('ArrowLeft'), 'documents');
    keys.handle(press('Home', { shiftKey: true }), 'documents');
    keys.handle(press('End', { ctrlKey: true }), 'documents');
    expect(viewer.moveCaret.mock.calls).toEqual([
      [{ unit: 'word', direction: 1 }, true],
      [{ unit: 'character', direction: -1 }, false],
      [{ unit: 'text', direction: 1 }, false],
    ]);
    // Each first puts the caret where a span still being written leaves it (caretAfterLabel.ts).
    expect(labelling.caretAfter.settle).toHaveBeenCalledTimes(4);
    expect(keys.handle(press('ArrowUp', { shiftKey: true }), 'documents')).toBe(true);
    // ↑ and ↓, Home and End, go by the lines on screen: the view knows where a long line wraps.
    keys.handle(press('End'), 'documents');
    expect(viewer.moveCaretVertically.mock.calls).toEqual([
      [-1, true, true],
      [-1, true, false],
      [1, false, true],
    ]);
  });

  it('leaves keys it does not know to the browser', () => {
    const { keys } = targets();
    expect(keys.handle(press('c', { ctrlKey: true }), 'documents')).toBe(false);
    expect(keys.handle(press('q'), 'documents')).toBe(false);
    expect(keys.handle(press('d'), 'settings')).toBe(false);
  });

  it('with single-key shortcuts off, a label key alone over a selection labels nothing and says labels need Alt', () => {
    const { workbench, labelling, document } = targets();
    const hint = vi.fn();
    let selection: { start: number; end: number } | null = { start: 0, end: 3 };
    Object.assign(workbench, { session: { hint } });
    Object.assign(document.viewer, { selection: () => selection });
    const keys = new KeyController({
      workbench: workbench as unknown as Workbench,
      review: () => null,
      toggleHelp: vi.fn(),
      characterKeys: () => 'alt',
    });
    expect(keys.handle(press('2', { code: 'Digit2' }), 'documents')).toBe(false);
    expect(labelling.applyLabel).not.toHaveBeenCalled();
    expect(hint).toHaveBeenLastCalledWith(
      'Single-key shortcuts are off (Settings → Keyboard): press Alt+2 to label the selection denial.',
    );
    // A key no label has says so, with Alt too; an action's key alone (D) says nothing, as no label can
    // have it; with nothing selected it stays silent; with Alt it labels.
    keys.handle(press('x', { code: 'KeyX', altKey: true }), 'documents');
    expect(hint).toHaveBeenLastCalledWith('No label has the key “x”: Settings → Labels gives labels their keys.');
    keys.handle(press('d', { code: 'KeyD' }), 'documents');
    keys.handle(press('?', { code: 'Slash', shiftKey: true }), 'documents');
    expect(hint).toHaveBeenCalledTimes(2);
    selection = null;
    keys.handle(press('2', { code: 'Digit2' }), 'documents');
    keys.handle(press('x', { code: 'KeyX' }), 'documents');
    expect(hint).toHaveBeenCalledTimes(2);
    expect(keys.handle(press('™', { code: 'Digit2', altKey: true }), 'documents')).toBe(true);
    expect(labelling.applyLabel).toHaveBeenLastCalledWith('denial', false);
  });

  it('says so when a key no label holds is pressed over a selection or a selected span, and nowhere else (trial)', () => {
    const { workbench, labelling, document } = targets();
    const hint = vi.fn();
    Object.assign(workbench, { session: { hint } });
    const keys = new KeyController({
      workbench: workbench as unknown as Workbench,
      review: () => null,
      toggleHelp: vi.fn(),
    });
    // Nothing selected: a key that means nothing stays the browser's, in silence.
    expect(keys.handle(press('7', { code: 'Digit7' }), 'documents')).toBe(false);
    expect(hint).not.toHaveBeenCalled();
    Object.assign(document.viewer, { selection: () => ({ start: 0, end: 3 }) });
    expect(keys.handle(press('7', { code: 'Digit7' }), 'documents')).toBe(false);
    expect(hint).toHaveBeenLastCalledWith('No label has the key “7”: Settings → Labels gives labels their keys.');
    // Alt with it (a label kept exact) names the key by its place, not what the layout typed.
    keys.handle(press('¶', { code: 'Digit7', altKey: true }), 'documents');
    expect(hint).toHaveBeenLastCalledWith('No label has the key “7”: Settings → Labels gives labels their keys.');
    // A chord, a space, or another page: not a label key, nothing said.
    keys.handle(press('7', { code: 'Digit7', ctrlKey: true }), 'documents');
    keys.handle(press(' ', { code: 'Space' }), 'documents');
    keys.handle(press('7', { code: 'Digit7' }), 'review');
    expect(hint).toHaveBeenCalledTimes(2);
    // A selected span, relabelled with a key no label has.
    Object.assign(document.viewer, { selection: () => null });
    Object.assign(document, { selectedSpanId: 's1' });
    keys.handle(press('q', { code: 'KeyQ' }), 'documents');
    expect(hint).toHaveBeenLastCalledWith('No label has the key “q”: Settings → Labels gives labels their keys.');
    expect(labelling.applyLabel).not.toHaveBeenCalled();
  });

  it('acts on nothing behind the open keyboard sheet: ? and Escape close it, other keys are the browser’s', () => {
    const { workbench, labelling, document, review } = targets();
    const hint = vi.fn();
    Object.assign(workbench, { session: { hint } });
    Object.assign(document.viewer, { selection: () => ({ start: 0, end: 3 }) });
    let open = true;
    const toggleHelp = vi.fn((show?: boolean) => (open = show ?? !open));
    const keys = new KeyController({
      workbench: workbench as unknown as Workbench,
      review: () => review as unknown as Review,
      toggleHelp,
      helpOpen: () => open,
    });
    for (const key of ['1', 'Delete', 'n', 'd', '7']) expect(keys.handle(press(key), 'documents')).toBe(false);
    expect(keys.handle(press('z', { ctrlKey: true }), 'documents')).toBe(false);
    expect(keys.handle(press('j'), 'review')).toBe(false);
    expect(labelling.applyLabel).not.toHaveBeenCalled();
    expect(labelling.deleteSelected).not.toHaveBeenCalled();
    expect(labelling.undo).not.toHaveBeenCalled();
    expect(labelling.markCurrent).not.toHaveBeenCalled();
    expect(workbench.step).not.toHaveBeenCalled();
    expect(review.focus).not.toHaveBeenCalled();
    expect(hint).not.toHaveBeenCalled();
    // Escape closes the sheet and leaves the selection the sheet was opened over.
    expect(keys.handle(press('Escape'), 'documents')).toBe(true);
    expect(open).toBe(false);
    expect(document.viewer.clearSelection).not.toHaveBeenCalled();
    // Closed, the keys act again; ? opens it, and ? closes it.
    keys.handle(press('1'), 'documents');
    expect(labelling.applyLabel).toHaveBeenCalledOnce();
    keys.handle(press('?', { shiftKey: true }), 'documents');
    expect(open).toBe(true);
    keys.handle(press('?', { shiftKey: true }), 'documents');
    expect(open).toBe(false);
  });

  it('on Review, moves the caret of its text while the text has the focus, and steps through differences elsewhere (trial)', async () => {
    const { keys, review } = targets();
    const reviewText = {
      focused: false,
      hasFocus: () => reviewText.focused,
      moveCaret: vi.fn(),
      moveCaretVertically: vi.fn(),
    };
    const focusText = vi.fn();
    Object.assign(review, { viewer: reviewText, focusText });
    expect(keys.handle(press('ArrowDown'), 'review')).toBe(true);
    await vi.waitFor(() => expect(review.focus).toHaveBeenLastCalledWith(1));
    // T: the caret into the review's text (at the focused difference), not the Documents text.
    keys.handle(press('t'), 'review');
    await vi.waitFor(() => expect(focusText).toHaveBeenCalledOnce());
    reviewText.focused = true;
    keys.handle(press('ArrowDown', { shiftKey: true }), 'review');
    expect(reviewText.moveCaretVertically).toHaveBeenCalledWith(1, true, false);
    keys.handle(press('ArrowRight', { ctrlKey: true, shiftKey: true }), 'review');
    expect(reviewText.moveCaret).toHaveBeenCalledWith({ unit: 'word', direction: 1 }, true);
    expect(review.focus).toHaveBeenCalledTimes(1);
    // J still steps with the text focused.
    keys.handle(press('j'), 'review');
    await vi.waitFor(() => expect(review.focus).toHaveBeenCalledTimes(2));
  });

  it('takes a note typed after ; found no span for the note, not for commands: until Esc, Enter or a pause', async () => {
    vi.useFakeTimers();
    try {
      const { keys, labelling, workbench, document } = targets();
      const type = (text: string) => {
        for (const key of text) {
          if (key !== key.toLowerCase()) keys.handle(press('Shift', { shiftKey: true }), 'documents');
          expect(keys.handle(press(key, { shiftKey: key !== key.toLowerCase() }), 'documents')).toBe(true);
          vi.advanceTimersByTime(120);
        }
      };
      keys.handle(press(';'), 'documents');
      expect(labelling.editNote).toHaveBeenCalledTimes(1);
      type('Needs a second look, done?');
      keys.handle(press('Backspace'), 'documents');
      expect(labelling.markCurrent).not.toHaveBeenCalled();
      expect(workbench.step).not.toHaveBeenCalled();
      expect(labelling.applyLabel).not.toHaveBeenCalled();
      expect(workbench.session.hint).toHaveBeenLastCalledWith(expect.stringMatching(/^No note field is open/u));
      // Esc ends it (and does nothing more); the keys are commands again.
      expect(keys.handle(press('Escape'), 'documents')).toBe(true);
      keys.handle(press('d'), 'documents');
      // (D waits for the keys before it, and holds those after it, as it opens the next document.)
      await vi.waitFor(() => expect(labelling.markCurrent).toHaveBeenCalledWith('done'));
      // So does Enter, the end of the note typed; and a pause.
      keys.handle(press(';'), 'documents');
      type('ok');
      keys.handle(press('Enter'), 'documents');
      keys.handle(press('s'), 'documents');
      await vi.waitFor(() => expect(labelling.markCurrent).toHaveBeenLastCalledWith('skipped'));
      keys.handle(press(';'), 'documents');
      vi.advanceTimersByTime(2_000);
      keys.handle(press('n'), 'documents');
      await vi.waitFor(() => expect(workbench.step).toHaveBeenCalledWith(1));
      // A dead key's accent, and a letter typed with AltGr (Ctrl+Alt on Windows), are typing too.
      const done = labelling.markCurrent.mock.calls.length;
      keys.handle(press(';'), 'documents');
      expect(keys.handle(press('Dead'), 'documents')).toBe(true);
      keys.handle(press('d'), 'documents');
      expect(keys.handle(press('ą', { ctrlKey: true, altKey: true }), 'documents')).toBe(true);
      keys.handle(press('s'), 'documents');
      await vi.advanceTimersByTimeAsync(1);
      expect(labelling.markCurrent).toHaveBeenCalledTimes(done);
      // ] first after the refusal does what it says (selects a span); a span chosen by a click ends the hold: ;
      // opens its note.
      keys.handle(press(';'), 'documents');
      await vi.advanceTimersByTimeAsync(1); // D and S are written (] waits for a change being written)
      keys.handle(press(']'), 'documents');
      expect(document.stepSpan).toHaveBeenCalledWith(1);
      keys.handle(press(';'), 'documents');
      (document as { selectedSpanId: string | null }).selectedSpanId = 's1';
      const notes = labelling.editNote.mock.calls.length;
      keys.handle(press(';'), 'documents');
      expect(labelling.editNote).toHaveBeenCalledTimes(notes + 1);
      // A span chosen since the refusal (a click) ends the hold: D acts.
      (document as { selectedSpanId: string | null }).selectedSpanId = null;
      keys.handle(press(';'), 'documents');
      keys.handle(press('x'), 'documents');
      (document as { selectedSpanId: string | null }).selectedSpanId = 's2';
      keys.handle(press('d'), 'documents');
      await vi.waitFor(() => expect(labelling.markCurrent).toHaveBeenCalledTimes(done + 1));
      // Text selected before the refused ; is no choice since: the note typed on is held, brackets in it too.
      (document as { selectedSpanId: string | null }).selectedSpanId = null;
      document.viewer.selection = () => ({ start: 0, end: 3 });
      keys.handle(press(';'), 'documents');
      const steps = document.stepSpan.mock.calls.length;
      type('d [sic] s');
      expect(labelling.markCurrent).toHaveBeenCalledTimes(done + 1);
      expect(document.stepSpan).toHaveBeenCalledTimes(steps);
      expect(labelling.applyLabel).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });
});
