/**
 * The one keymap: every key of every page, with what it does. The key handler, the help sheet and
 * the footer hints (keySheet.ts) and the label settings all read it, so a key is defined once and a
 * label can never be given a key an action holds.
 */
import type { Label } from '../model/types';
import { readPress, type CharacterKeys, type KeyPress } from './keyPress';

export type { CharacterKeys, KeyPress } from './keyPress';

/** A page of the app; each has its own keys. */
export type Page = 'documents' | 'review' | 'overview' | 'guidelines' | 'settings';

/** Every page, in the order the help sheet lists them after the current one, with its name there. */
export const PAGES: readonly { page: Page; name: string }[] = [
  { page: 'documents', name: 'Documents' },
  { page: 'review', name: 'Review' },
  { page: 'overview', name: 'Overview' },
  { page: 'guidelines', name: 'Guidelines' },
  { page: 'settings', name: 'Settings' },
];

/** The actions keys can ask for. */
export type ActionKind =
  | 'delete'
  | 'undo'
  | 'redo'
  | 'nextDocument'
  | 'previousDocument'
  | 'done'
  | 'goldDone'
  | 'skip'
  | 'deselect'
  | 'nextSpan'
  | 'previousSpan'
  | 'help'
  | 'search'
  | 'nextDifference'
  | 'previousDifference'
  | 'keepA'
  | 'keepB'
  | 'keepBoth'
  | 'keepNeither'
  | 'editGold'
  | 'addToGold'
  | 'acceptAgreements'
  | 'note'
  | 'nextFeedback'
  | 'previousFeedback'
  | 'example'
  | 'nextSuggestion'
  | 'previousSuggestion'
  | 'acceptSuggestion'
  | 'rejectSuggestion'
  | 'acceptAllSuggestions'
  | 'proposeInDocument'
  | 'proposeInCorpus'
  | 'proposeFromCopy'
  | 'focusText'
  | 'caretCharacter'
  | 'caretWord'
  | 'caretLine'
  | 'caretLineEdge'
  | 'caretTextEdge';

/** What a key press asks for: an action of the keymap, or a label by its hotkey. */
export type Action = { kind: ActionKind } | { kind: 'label'; label: string; precise: boolean };

/** One key combination. `key` is `KeyboardEvent.key`, lower case for letters. */
export interface Chord {
  key: string;
  ctrl?: boolean;
  /** With Ctrl, Shift always counts; without, only when given (F and Shift+F differ, `?` is Shift+/ anyway). */
  shift?: boolean;
  alt?: boolean;
}

export interface Binding {
  action: ActionKind;
  pages: readonly Page[];
  chords: readonly Chord[];
  /** How the help sheet writes the keys. */
  keys: string;
  /** What the action does, for the help sheet and messages ("next document"), and where that differs by page. */
  does: string;
  doesOn?: Partial<Record<Page, string>>;
  /** The footer's short word for it on the pages whose footer shows it. */
  hint?: Partial<Record<Page, string>>;
}

const DOCUMENTS: readonly Page[] = ['documents'];
const REVIEW: readonly Page[] = ['review'];
const EVERYWHERE: readonly Page[] = PAGES.map(({ page }) => page);

/** A caret key, with and without Shift (Shift extends the selection). */
const extending = (chords: readonly Chord[]): Chord[] => chords.flatMap((chord) => [chord, { ...chord, shift: true }]);

export const KEYMAP: readonly Binding[] = [
  // prettier-ignore
  { action: 'focusText', pages: ['documents', 'review'], chords: [{ key: 't' }], keys: 'T', does: 'put the keyboard focus and the caret into the text (at the selected span, else where it was if in sight, else on the first line in view)', doesOn: { review: 'put the keyboard focus and the caret into the text at the focused difference: there ← → ↑ ↓, Ctrl + ← / →, Home / End move the caret and, with Shift, select the words E puts in gold (J / K still step)' }, hint: { documents: 'caret' } },
  // The caret keys act while the text has the focus (Tab or T, or a click); elsewhere they scroll as usual.
  // prettier-ignore
  { action: 'caretCharacter', pages: DOCUMENTS, chords: [{ key: 'ArrowLeft' }, { key: 'ArrowRight' }], keys: '← / →', does: 'in the text: move the caret a character; with Shift, select (then press a label key)' },
  // prettier-ignore
  { action: 'caretWord', pages: DOCUMENTS, chords: extending([{ key: 'ArrowLeft', ctrl: true }, { key: 'ArrowRight', ctrl: true }]), keys: 'Ctrl + ← / →', does: 'in the text: move the caret to the start or end of a word; with Shift, select whole words' },
  // prettier-ignore
  { action: 'caretLine', pages: DOCUMENTS, chords: [{ key: 'ArrowUp' }, { key: 'ArrowDown' }], keys: '↑ / ↓', does: 'in the text: move the caret a line up or down; with Shift, select' },
  // prettier-ignore
  { action: 'caretLineEdge', pages: DOCUMENTS, chords: [{ key: 'Home' }, { key: 'End' }], keys: 'Home / End', does: "in the text: move the caret to the start or end of the line as shown; with Shift, select" },
  // prettier-ignore
  { action: 'caretTextEdge', pages: DOCUMENTS, chords: extending([{ key: 'Home', ctrl: true }, { key: 'End', ctrl: true }]), keys: 'Ctrl + Home / End', does: "in the text: move the caret to the text's start or end; with Shift, select" },
  {
    action: 'delete',
    pages: DOCUMENTS,
    chords: [{ key: 'Delete' }, { key: 'Backspace' }],
    keys: 'Delete / Backspace',
    does: 'remove the selected span',
    hint: { documents: 'remove' },
  },
  {
    action: 'undo',
    pages: [...DOCUMENTS, ...REVIEW],
    chords: [{ key: 'z', ctrl: true }],
    keys: 'Ctrl + Z',
    does: 'undo (a label, a status; a decision on the Review page)',
    hint: { documents: 'undo' },
  },
  {
    action: 'redo',
    pages: [...DOCUMENTS, ...REVIEW],
    chords: [
      { key: 'z', ctrl: true, shift: true },
      { key: 'y', ctrl: true },
    ],
    keys: 'Ctrl + Shift + Z, Ctrl + Y',
    does: 'redo',
  },
  {
    action: 'nextDocument',
    pages: [...DOCUMENTS, ...REVIEW],
    chords: [{ key: 'n' }, { key: 'ArrowDown', alt: true }],
    keys: 'N / Alt + ↓',
    does: 'next document',
    hint: { review: 'document' },
  },
  {
    action: 'previousDocument',
    pages: [...DOCUMENTS, ...REVIEW],
    chords: [{ key: 'p' }, { key: 'ArrowUp', alt: true }],
    keys: 'P / Alt + ↑',
    does: 'previous document',
  },
  {
    action: 'done',
    pages: DOCUMENTS,
    chords: [{ key: 'd' }],
    keys: 'D',
    does: 'mark the document done and go to the next',
    hint: { documents: 'done' },
  },
  {
    action: 'goldDone',
    pages: REVIEW,
    chords: [{ key: 'd' }],
    keys: 'D',
    does: "mark the document's gold done (asks first while differences are left) and open the next one not done",
    hint: { review: 'gold done' },
  },
  { action: 'skip', pages: DOCUMENTS, chords: [{ key: 's' }], keys: 'S', does: 'skip the document and go to the next' },
  {
    action: 'nextSpan',
    pages: DOCUMENTS,
    chords: [{ key: ']' }],
    keys: ']',
    does: 'select the next span (then relabel it with a label key, or remove it)',
  },
  { action: 'previousSpan', pages: DOCUMENTS, chords: [{ key: '[' }], keys: '[', does: 'select the previous span' },
  {
    action: 'note',
    pages: DOCUMENTS,
    chords: [{ key: ';' }],
    keys: ';',
    does: 'write a note on the selected span, else the one just labelled (Enter saves, Esc leaves it as it was; an empty note removes it)',
  },
  {
    action: 'example',
    pages: DOCUMENTS,
    chords: [{ key: 'e' }],
    keys: 'E',
    does: 'mark the selected span (else the one just labelled) as an example of its label for the guidelines, or unmark it',
  },
  {
    action: 'proposeInDocument',
    pages: DOCUMENTS,
    chords: [{ key: 'o', shift: false }],
    keys: 'O',
    does: 'label all occurrences: propose every other occurrence of the span just labelled (or the selected one) in this document as suggestions',
  },
  // prettier-ignore
  { action: 'proposeInCorpus', pages: DOCUMENTS, chords: [{ key: 'o', shift: true }], keys: 'Shift + O', does: 'label all occurrences in the whole corpus (as suggestions)' },
  {
    action: 'proposeFromCopy',
    pages: DOCUMENTS,
    chords: [{ key: 'c' }],
    keys: 'C',
    does: 'propose your spans of the near-duplicate copy here, on the same words',
  },
  { action: 'nextSuggestion', pages: DOCUMENTS, chords: [{ key: 'j' }], keys: 'J', does: 'focus the next suggestion' },
  {
    action: 'previousSuggestion',
    pages: DOCUMENTS,
    chords: [{ key: 'k' }],
    keys: 'K',
    does: 'focus the previous suggestion',
  },
  {
    action: 'acceptSuggestion',
    pages: DOCUMENTS,
    chords: [{ key: 'Enter' }],
    keys: 'Enter',
    does: 'accept the focused suggestion (it becomes your span, keeping its source; a label key takes it as that label)',
  },
  // Its keys are the delete binding's: on a focused suggestion (no span selected) they reject it.
  {
    action: 'rejectSuggestion',
    pages: DOCUMENTS,
    chords: [],
    keys: 'Backspace / Delete',
    does: 'reject the suggestion',
  },
  // prettier-ignore
  { action: 'acceptAllSuggestions', pages: DOCUMENTS, chords: [{ key: 'a', shift: true }], keys: 'Shift + A', does: 'accept every suggestion in this document' },
  {
    action: 'nextFeedback',
    pages: DOCUMENTS,
    chords: [{ key: 'f', shift: false }],
    keys: 'F',
    does: "select the next span a reviewer's feedback marked (changed, removed, or kept with a note), in any document",
  },
  {
    action: 'previousFeedback',
    pages: DOCUMENTS,
    chords: [{ key: 'f', shift: true }],
    keys: 'Shift + F',
    does: 'select the previous span the feedback marked',
  },
  {
    action: 'deselect',
    pages: EVERYWHERE,
    chords: [{ key: 'Escape' }],
    keys: 'Esc',
    does: 'clear the selection; close this sheet',
    doesOn: { overview: 'close this sheet', guidelines: 'close this sheet', settings: 'close this sheet' },
  },
  {
    action: 'nextDifference',
    pages: REVIEW,
    chords: [{ key: 'j' }, { key: 'ArrowDown' }],
    keys: 'J / ↓',
    does: 'next difference',
    hint: { review: 'move' },
  },
  {
    action: 'previousDifference',
    pages: REVIEW,
    chords: [{ key: 'k' }, { key: 'ArrowUp' }],
    keys: 'K / ↑',
    does: 'previous difference',
  },
  {
    action: 'keepA',
    pages: REVIEW,
    chords: [{ key: 'a' }],
    keys: 'A',
    does: "keep A's version in the gold layer",
    hint: { review: 'keep A' },
  },
  {
    action: 'keepB',
    pages: REVIEW,
    chords: [{ key: 'b' }],
    keys: 'B',
    does: "keep B's version in the gold layer",
    hint: { review: 'keep B' },
  },
  // prettier-ignore
  { action: 'keepBoth', pages: REVIEW, chords: [{ key: '2' }], keys: '2', does: 'keep both versions in the gold layer', hint: { review: 'both' } },
  {
    action: 'keepNeither',
    pages: REVIEW,
    chords: [{ key: 'x' }],
    keys: 'X',
    does: 'keep neither (recorded as a decision)',
    hint: { review: 'neither' },
  },
  {
    action: 'editGold',
    pages: REVIEW,
    chords: [{ key: 'e' }],
    keys: 'E',
    does: "put the text you selected into gold instead of the difference's versions (gold's own boundaries)",
    hint: { review: 'edit' },
  },
  // prettier-ignore
  { action: 'addToGold', pages: REVIEW, chords: [{ key: 'g' }], keys: 'G', does: 'add the text you selected to gold as a span of its own, one no annotator marked (with the label chosen beside Add to gold)' },
  {
    action: 'acceptAgreements',
    pages: REVIEW,
    chords: [{ key: 'm' }],
    keys: 'M',
    does: "accept every agreement into the gold layer (and, comparing three or more, the majority's versions)",
    hint: { review: 'accept agreements' },
  },
  // prettier-ignore
  { action: 'search', pages: DOCUMENTS, chords: [{ key: '/' }], keys: '/', does: 'search the documents and the open text: Enter goes to the next hit in the text, Shift + Enter the previous; ↓ takes the keys to the first document found; Esc gives the keys back to the text, at the hit gone to, else where you were reading' },
  {
    action: 'help',
    pages: EVERYWHERE,
    chords: [{ key: '?' }],
    keys: '?',
    does: 'show or hide the keyboard shortcuts',
    hint: Object.fromEntries(EVERYWHERE.map((page) => [page, 'all keys'])),
  },
];

/** A chord that types a character: the keys {@link CharacterKeys} governs. */
export const isCharacterChord = (chord: Chord): boolean => chord.key.length === 1 && !chord.ctrl && !chord.alt;

function matches(chord: Chord, press: KeyPress, key: string): boolean {
  const command = press.ctrlKey || press.metaKey;
  if (chord.key !== key || Boolean(chord.ctrl) !== command || Boolean(chord.alt) !== press.altKey) return false;
  // Shift matters with Ctrl (Ctrl+Shift+Z is redo); a typed character already says it (? is Shift+/),
  // unless the chord names it (F and Shift+F are two actions).
  return command
    ? Boolean(chord.shift) === press.shiftKey
    : chord.shift === undefined || chord.shift === press.shiftKey;
}

/** The binding a press triggers on `page`, or null. */
function bindingFor(press: KeyPress, page: Page): Binding | null {
  const key = typedKey(press);
  return (
    KEYMAP.find(
      (binding) => binding.pages.includes(page) && binding.chords.some((chord) => matches(chord, press, key)),
    ) ?? null
  );
}

/** The key a press names, lower case for a single character. */
const typedKey = (press: KeyPress): string => (press.key.length === 1 ? press.key.toLowerCase() : press.key);

/** True when `binding` holds the press through a chord that asks for Shift (Shift+A, not A). */
const asksShift = (binding: Binding, press: KeyPress): boolean =>
  binding.chords.some((chord) => chord.shift === true && matches(chord, press, typedKey(press)));

/**
 * What a key press asks for on `page`, or null. On the documents page a label's hotkey applies
 * it; with Alt held, exactly as selected (layouts change `key` with Alt, so the physical key counts).
 * An action bound to Shift and a letter (Shift+A) keeps it from the label whose hotkey is that letter.
 * With `mode` `alt`, character keys act only with Alt held (see {@link CharacterKeys}).
 */
export function actionFor(
  pressed: KeyPress,
  page: Page,
  labels: readonly Label[],
  mode: CharacterKeys = 'plain',
): Action | null {
  const reading = readPress(pressed, mode);
  if (!reading) return null;
  const { press, typed, precise } = reading;
  const binding = bindingFor(press, page);
  if (page === 'documents' && typed !== undefined && !(binding && asksShift(binding, press))) {
    const label = labelWithKey(labels, typed);
    if (label) return { kind: 'label', label: label.name, precise };
  }
  return binding ? { kind: binding.action } : null;
}

/** The label whose hotkey is `typed` (a lower-case character), if any. */
export function labelWithKey(labels: readonly Label[], typed: string): Label | undefined {
  return labels.find((candidate) => candidate.hotkey !== '' && candidate.hotkey.toLowerCase() === typed);
}

/**
 * The binding that `key` (a single character, as a label hotkey would be) triggers when pressed on
 * its own on the documents page, where label keys act; null when the key is free for a label. A
 * chord that needs Shift (Shift+A) does not hold the plain key: it keeps its action (see actionFor).
 */
export function reservedKey(key: string): Binding | null {
  const lower = key.toLowerCase();
  return (
    KEYMAP.find(
      (binding) =>
        binding.pages.includes('documents') &&
        binding.chords.some((chord) => chord.key === lower && !chord.ctrl && !chord.alt && chord.shift !== true),
    ) ?? null
  );
}
