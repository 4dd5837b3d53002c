import type { Span } from '../model/types';
import type { Store } from '../storage/store';
import type { Command } from './history.svelte';
import { whileKept, type LabelJournal } from './labelJournal';
import { CHANGED, putOutcome, stepOutcome } from './stepReasons';
import { quoteText } from './truncate';
import { beforeUndoneMerges } from './undoneMerges';

/**
 * `spans` under the names their labels go by now, after the renames and merges made since `since`
 * (Date.now() ms; in Settings, another tab or by the team); null when one of their labels was removed.
 * An undo or redo of a step made before a rename finds its spans, or puts them back, under the new name.
 */
export async function labelsNow(store: Store, spans: readonly Span[], since: number): Promise<Span[] | null> {
  const labels = spans.map((span) => beforeUndoneMerges(store, span.id, span.label, since));
  const names = await store.labelNamesNow([...new Set(labels)], since);
  if ([...names.values()].includes(null)) return null;
  return spans.map((span, index) => {
    const name = names.get(labels[index]) ?? labels[index];
    return name === span.label ? span : { ...span, label: name };
  });
}

/**
 * A relabel step's undo or redo: span `id` goes `from` → `to`, by the names they go by now (renamed since
 * `at`), only while it holds `from`'s; or why not. `named` is told those names.
 */
export async function relabelStep(
  store: Store,
  now: number,
  id: string,
  to: string,
  from: string,
  at: number,
  named: (to: string, from: string) => void = () => undefined,
) {
  const [toThen, fromThen] = [to, from].map((label) => beforeUndoneMerges(store, id, label, at));
  const names = await store.labelNamesNow([toThen, fromThen], at);
  const [toNow, fromNow] = [names.get(toThen) ?? null, names.get(fromThen) ?? null];
  if (toNow === null) return `the label ${toThen} was removed meanwhile`;
  if (toNow === fromNow) return `the labels ${toThen} and ${fromThen} were merged meanwhile`;
  named(toNow, fromNow ?? fromThen);
  return stepOutcome(await store.relabelSpan(id, toNow, now, fromNow ?? fromThen));
}

/**
 * The undoable step of a relabel of `before` (span `id`) to `label`, made at `at`: only the label goes back and forth,
 * and only while it is the one this step left (what else changed since, a note, in another tab, stays). Said under
 * the names the labels go by at each step (renamed since, in this tab or another).
 */
export function relabelCommand(
  store: Store,
  now: () => number,
  id: string,
  before: Pick<Span, 'label' | 'text' | 'documentId'>,
  label: string,
  at: number,
): Command {
  const said = (from: string, to: string) => (step.description = `relabel ${quoteText(before.text)} ${from} → ${to}`);
  const step: Command = {
    description: `relabel ${quoteText(before.text)} ${before.label} → ${label}`,
    documentId: before.documentId,
    undo: () => relabelStep(store, now(), id, before.label, label, at, (to, from) => said(to, from)),
    redo: () => relabelStep(store, now(), id, label, before.label, at, (to, from) => said(from, to)),
  };
  return step;
}

/**
 * The undoable step of a deletion of `removed` (at `at`, Date.now() ms): undo puts them back, under the names their
 * labels go by now. Each write is kept in `journal` from the key on (helper-204: an undo of a Delete, then a reload
 * at once, lost the span), as a label and a Delete are.
 */
export function deleteStep(
  store: Store,
  now: () => number,
  removed: readonly Span[],
  at: number,
  journal?: LabelJournal,
): Command {
  const step: Command = {
    description: `delete ${quoteText(removed[0].text)} ${removed[0].label}`,
    documentId: removed[0].documentId,
    undo: () =>
      whileKept(journal, removed, false, async () => {
        const named = await labelsNow(store, removed, at);
        if (!named) return `the label ${removed[0].label} was removed meanwhile`;
        // Said under the name it comes back with (its label renamed since).
        step.description = `delete ${quoteText(removed[0].text)} ${named[0].label}`;
        return putOutcome(await store.putSpans(named, now()));
      }),
    redo: () =>
      whileKept(journal, removed, true, async () => {
        const ids = removed.map((span) => span.id);
        const named = (await labelsNow(store, removed, at)) ?? removed;
        if ((await store.deleteSpans(ids, now(), named)).length === 0) return CHANGED;
      }),
  };
  return step;
}

/**
 * The undoable step of a label key's new `span` (made at `at`, Date.now() ms): undo deletes it while it is as made,
 * redo puts it back under the name its label goes by now. Each write is kept in `journal` from the key on, as the
 * label was: a Ctrl+Z, then a reload at once, brought the label back. `undone` is told which of them was pressed last.
 */
export function labelStep(
  store: Store,
  now: () => number,
  span: Span,
  at: number,
  journal: LabelJournal | undefined,
  undone: (yes: boolean) => void,
): Command {
  // Said under the name its label goes by at each step (renamed since, in this tab or another), as deleteStep says it.
  const step: Command = {
    description: `label ${quoteText(span.text)} ${span.label}`,
    documentId: span.documentId,
    undo: () =>
      whileKept(journal, [span], true, async () => {
        undone(true);
        const named = await labelsNow(store, [span], at);
        if (named) step.description = `label ${quoteText(span.text)} ${named[0].label}`;
        const removed = await store.deleteSpans([span.id], now(), named ?? [span]);
        if (removed.length === 0) return CHANGED;
      }),
    redo: () =>
      whileKept(journal, [span], false, async () => {
        // Its label may have been removed meanwhile (in Settings, or by the team): not brought back.
        const named = await labelsNow(store, [span], at);
        if (named === null)
          return `the label ${span.label} was removed meanwhile, so ${quoteText(span.text)} is not labelled again`;
        step.description = `label ${quoteText(span.text)} ${named[0].label}`;
        undone(false);
        return putOutcome(await store.putSpans(named, now()));
      }),
  };
  return step;
}
