import { samePlace, spanKey } from '../model/spanIdentity';
import { snapSelection } from '../model/spans';
import type { Document, Span, Status } from '../model/types';
import type { Store } from '../storage/store';
import { History } from './history.svelte';
import type { OpenDocument } from './openDocument.svelte';
import type { Session } from './session.svelte';

/** What labelling needs of the rest of the workbench. */
export interface LabellingContext {
  store: Store;
  session: Session;
  document: OpenDocument;
  /** The annotator's status of a document. */
  statusOf(documentId: string): Status;
  /** Opens a document (undo of a status returns to it). */
  open(documentId: string): void;
  /** Moves on to the next document of the list. */
  advance(): void;
}

/**
 * The annotator's commands on the open layer: label a selection, relabel or delete the selected
 * span, set the document's status, and undo or redo any of them. Every command is written to
 * storage before it shows; what is undone stays undone after a reload.
 */
export class Labelling {
  readonly history = new History();
  #precise = $state(false);
  /** Spans being written right now, by `start:end:label`, so a double key press adds one span. */
  #inFlight = new Set<string>();
  readonly #context: LabellingContext;

  constructor(context: LabellingContext) {
    this.#context = context;
  }

  /** Keep selections as made, without snapping to words. */
  get precise(): boolean {
    return this.#precise;
  }

  setPrecise(precise: boolean): void {
    this.#precise = precise;
  }

  /**
   * Applies `label`: to the fresh text selection if there is one (creating a span), else to the
   * selected span (relabelling it). `precise` keeps the selection unsnapped for this one span.
   */
  async applyLabel(label: string, precise = this.#precise): Promise<void> {
    const { document, session } = this.#context;
    const current = document.current;
    if (!current) return;
    // While a newly opened text waits for its layer, the view still shows the previous one (or,
    // after a switch of annotator, the previous layer): a selection there is not on this layer.
    if (!document.viewShowsCurrent) {
      session.notify(`“${truncate(current.title)}” is still loading: select the text again in a moment.`);
      return;
    }
    const range = document.viewer?.selection();
    if (range) {
      await this.createFromRange(current, label, range.start, range.end, precise);
      return;
    }
    if (document.selectedSpanId) await this.relabelSelected(label);
  }

  /** Creates a span over UTF-16 range [start, end) of the open document. */
  async createFromRange(
    current: Document,
    label: string,
    start: number,
    end: number,
    precise: boolean,
  ): Promise<Span | null> {
    const { document, session, store } = this.#context;
    const snapped = snapSelection(current.text, start, end, precise);
    if (!snapped) return null;
    const index = document.index;
    const codeStart = index.toCodePoint(snapped.start);
    const codeEnd = index.toCodePoint(snapped.end);
    const text = current.text.slice(index.toUtf16(codeStart), index.toUtf16(codeEnd));
    const place = { start: codeStart, end: codeEnd, label };
    const key = spanKey(place);
    const duplicate = document.spans.find((span) => samePlace(span, place));
    if (duplicate || this.#inFlight.has(key)) {
      if (duplicate) document.selectSpan(duplicate.id);
      this.#clearSelectionIf(start, end);
      session.notify(`That text is already labelled ${label}.`);
      return null;
    }
    this.#inFlight.add(key);
    const annotator = session.annotator;
    let written: Awaited<ReturnType<Store['createSpan']>>;
    try {
      written = await store.createSpan(
        { documentId: current.id, annotator, start: codeStart, end: codeEnd, label, text },
        session.now(),
      );
    } catch (error) {
      session.writeFailed(error);
      return null;
    } finally {
      this.#inFlight.delete(key);
    }
    const { span } = written;
    // Committed: show it now rather than waiting for the watch to come round.
    document.showCreated(span, current.id, annotator, written.previous, written.revision);
    document.selectSpan(null);
    // A note about an earlier key press ("already labelled …") no longer applies.
    session.dismissInfo();
    // The annotator may already have selected the next phrase while this one was being stored.
    this.#clearSelectionIf(start, end);
    this.history.record({
      description: `label “${truncate(text)}” ${label}`,
      undo: async () => void (await store.deleteSpans([span.id], session.now())),
      redo: () => store.putSpans([span], session.now()),
    });
    void session.persistOnce();
    return span;
  }

  /** Clears the text selection if it is still [start, end) (UTF-16). */
  #clearSelectionIf(start: number, end: number): void {
    const viewer = this.#context.document.viewer;
    const current = viewer?.selection();
    if (!current || (current.start === start && current.end === end)) viewer?.clearSelection();
  }

  async relabelSelected(label: string): Promise<void> {
    const { document, session, store } = this.#context;
    const id = document.selectedSpanId;
    if (!id) return;
    const result = await this.#guard(() => store.relabelSpan(id, label, session.now()));
    if (!result || result.before.label === label) return;
    this.history.record({
      description: `relabel ${result.before.label} → ${label}`,
      undo: () => store.putSpans([result.before], session.now()),
      redo: () => store.putSpans([result.after], session.now()),
    });
  }

  async deleteSelected(): Promise<void> {
    const { document, session, store } = this.#context;
    const id = document.selectedSpanId;
    if (!id) return;
    const removed = await this.#guard(() => store.deleteSpans([id], session.now()));
    if (!removed || removed.length === 0) return;
    document.selectSpan(null);
    this.history.record({
      description: `delete ${removed[0].label}`,
      undo: () => store.putSpans(removed, session.now()),
      redo: async () =>
        void (await store.deleteSpans(
          removed.map((span) => span.id),
          session.now(),
        )),
    });
  }

  /**
   * Sets the open document's status (and moves on, unless `advance` is false). Undo puts the
   * previous status back and reopens the document, as Prodigy's undo returns to the last answer.
   */
  async markCurrent(status: Status, advance = true): Promise<void> {
    const context = this.#context;
    const { session, store } = context;
    const current = context.document.current;
    if (!current) return;
    const id = current.id;
    const annotator = session.annotator;
    const before = context.statusOf(id);
    // `#guard` resolves null when the write failed (and says so).
    if ((await this.#guard(() => store.setStatus(id, annotator, status, session.now()))) === null) return;
    if (before !== status) {
      this.history.record({
        description: `${status === 'todo' ? 'reopen' : `mark ${status}`} “${truncate(current.title)}”`,
        undo: async () => {
          await store.setStatus(id, annotator, before, session.now());
          if (session.annotator === annotator) context.open(id);
        },
        redo: () => store.setStatus(id, annotator, status, session.now()),
      });
    }
    if (advance) context.advance();
  }

  async undo(): Promise<void> {
    const command = await this.#guard(() => this.history.undo());
    if (command) this.#context.session.notify(`Undone: ${command.description}`);
  }

  async redo(): Promise<void> {
    const command = await this.#guard(() => this.history.redo());
    if (command) this.#context.session.notify(`Redone: ${command.description}`);
  }

  async #guard<T>(write: () => Promise<T>): Promise<T | null> {
    try {
      return await write();
    } catch (error) {
      this.#context.session.writeFailed(error);
      return null;
    }
  }
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
