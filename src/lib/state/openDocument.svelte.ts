import type { TextViewer as Viewer } from '../editor/textViewer';
import { innermostAt } from '../model/innermost';
import { CodePointIndex } from '../model/offsets';
import { sameLayer, sameStoredSpan } from '../model/spanIdentity';
import { compareSpans, insertSorted } from '../model/spanOrder';
import type { Document, DocumentHead, Span } from '../model/types';
import type { Store } from '../storage/store';
import type { Announcer } from './announcer.svelte';
import { quoteText } from './truncate';
import { LayerRevisions } from './layerRevisions';

/** A span of the open document with its UTF-16 place and whether its quote still matches. */
export interface SpanView extends Span {
  start16: number;
  end16: number;
  /** False when the stored quoted text differs from the document at the span's offsets. */
  matches: boolean;
}

/** From this many UTF-16 units on, a newly opened text waits for its layer before it is drawn. */
const DRAW_WITH_LAYER_FROM = 50_000;

/**
 * The open document: which one, the annotator's layer of it (kept current through its summary's
 * revision, see LayerRevisions), the spans as the view shows them, the selected span, and the view.
 */
export class OpenDocument {
  #id = $state<string | null>(null);
  #annotator = '';
  #spans = $state.raw<Span[]>([]);
  /** The document whose layer `#spans` holds, once it has been read (or failed to be): see `viewShowsCurrent`. */
  #layerDocumentId = $state<string | null>(null);
  #selectedSpanId = $state<string | null>(null);
  /** Counts the spans selected: a suggestion focused before the last is no longer focused (`Suggestions`). */
  #selections = $state(0);
  #viewer: Viewer | null = null;
  #subscription: { unsubscribe(): void } | null = null;
  readonly #revisions = new LayerRevisions();
  readonly #store: Store;
  readonly #find: (id: string | null) => DocumentHead | null;
  readonly #onReadError: (error: unknown) => void;
  /** Where a screen reader is told which span the keys selected. */
  readonly #announcer: Announcer | undefined;
  /** The open document with its text, once read (see `#loadText`). */
  #loaded = $state.raw<Document | null>(null);
  /** The last few documents read, most recent last: going back and forth reads nothing again. */
  readonly #texts = new Map<string, Promise<Document | undefined>>();
  /** The read of the open document's text, while it is on its way. */
  #reading: Promise<unknown> = Promise.resolve();

  /** `find` looks a document's head up in the corpus (the list holds no texts: the text is read by id). */
  constructor(
    store: Store,
    find: (id: string | null) => DocumentHead | null,
    onReadError: (error: unknown) => void,
    announcer?: Announcer,
  ) {
    this.#store = store;
    this.#find = find;
    this.#onReadError = onReadError;
    this.#announcer = announcer;
  }

  /** The id of the open document, or null. */
  get id(): string | null {
    return this.#id;
  }

  /** The open document with its text, or null (also while its text is being read). */
  get current(): Document | null {
    return this.#current;
  }

  /** The open document's head (title, length): known at once, before its text is read. */
  get head(): DocumentHead | null {
    return this.#find(this.#id);
  }

  /** The open layer's spans in reading order. */
  get spans(): readonly Span[] {
    return this.#spans;
  }

  get selectedSpanId(): string | null {
    return this.#selectedSpanId;
  }

  /** How many times a span has been selected here: goes up with each selection. */
  get selections(): number {
    return this.#selections;
  }

  get spanViews(): readonly SpanView[] {
    return this.#spanViews;
  }

  /** How many spans no longer quote the document at their offsets. */
  get mismatchCount(): number {
    return this.#mismatchCount;
  }

  /** Code point ↔ UTF-16 conversion for the open text. */
  get index(): CodePointIndex {
    return this.#index;
  }

  get viewer(): Viewer | null {
    return this.#viewer;
  }

  /**
   * True when the view may show the open document: at once for a short text, and for a long one
   * once its layer has been read, so it is drawn once with its highlights (drawing 10,000
   * highlights into a text already on screen costs about as much as drawing the text).
   */
  get viewShowsCurrent(): boolean {
    const current = this.#current;
    return current !== null && (current.text.length < DRAW_WITH_LAYER_FROM || this.#layerDocumentId === current.id);
  }

  #current = $derived.by<Document | null>(() => {
    const loaded = this.#loaded;
    return loaded !== null && loaded.id === this.#id ? loaded : null;
  });
  #index = $derived(new CodePointIndex(this.#current?.text ?? ''));

  /** The spans and views of the last derivation, for reuse: views are parallel to spans. */
  #lastSpans: readonly Span[] = [];
  #lastViews: readonly SpanView[] = [];
  #lastIndex: CodePointIndex | null = null;

  /**
   * The open document's spans with their UTF-16 places and quote checks. An unchanged span keeps
   * its view object, so the list and the highlights redraw only what changed. Both lists are in
   * reading order, so they are matched by walking them side by side: one added span costs a pass
   * of pointer comparisons, with nothing hashed and nothing recomputed.
   */
  #spanViews = $derived.by<SpanView[]>(() => {
    const spans = this.#spans;
    const text = this.#current?.text ?? '';
    const index = this.#index;
    const reuse = this.#lastIndex === index;
    const before = reuse ? this.#lastSpans : [];
    const beforeViews = reuse ? this.#lastViews : [];
    const views: SpanView[] = new Array<SpanView>(spans.length);
    let i = 0;
    for (let j = 0; j < spans.length; j++) {
      const span = spans[j];
      while (i < before.length && before[i] !== span && compareSpans(before[i], span) < 0) i++;
      if (i < before.length && sameStoredSpan(before[i], span)) views[j] = beforeViews[i++];
      else views[j] = viewOf(span, text, index);
    }
    this.#lastSpans = spans;
    this.#lastViews = views;
    this.#lastIndex = index;
    return views;
  });

  #mismatchCount = $derived(this.#spanViews.filter((span) => !span.matches).length);

  /** Opens `documentId` in `annotator`'s layer (again, when the annotator changed). */
  open(documentId: string | null, annotator: string): void {
    if (documentId === this.#id && annotator === this.#annotator) return;
    this.#id = documentId;
    this.#annotator = annotator;
    this.#selectedSpanId = null;
    this.#removedAt = null;
    // The view shows no text until the new one is read; a long one waits for its layer too (`viewShowsCurrent`).
    this.#spans = [];
    this.#loadText(documentId);
    this.#watchLayer();
  }

  /** Reads the open document's text (or takes it from the last few read). */
  #loadText(documentId: string | null): void {
    if (documentId === null || this.#loaded?.id === documentId) return;
    const reading = this.#read(documentId).then((document) => {
      if (this.#id === documentId) this.#loaded = document ?? null;
    });
    this.#reading = reading.catch((error: unknown) => this.#onReadError(error));
  }

  #read(documentId: string): Promise<Document | undefined> {
    let read = this.#texts.get(documentId);
    if (read) this.#texts.delete(documentId);
    else read = this.#store.readDocument(documentId);
    this.#texts.set(documentId, read);
    // Keep the open document and its neighbours; a failed read is not kept.
    while (this.#texts.size > 4) this.#texts.delete(this.#texts.keys().next().value!);
    read.catch(() => this.#texts.delete(documentId));
    return read;
  }

  /** Reads `documentId`'s text ahead (the next in the list), once the open one's text is in. */
  prefetch(documentId: string | null): void {
    if (documentId === null || this.#texts.has(documentId)) return;
    void this.#reading.then(() => this.#read(documentId)).catch(() => undefined);
  }

  stop(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = null;
  }

  attachViewer(viewer: Viewer | null): void {
    this.#viewer = viewer;
  }

  /**
   * This tab stored `span` in the open layer, taking it from revision `previous` to `revision`: draws
   * its highlight now, and resolves once the frame showing it has been painted. `showCreated` lists
   * it after that. Nothing is drawn (and it resolves at once) when another document or layer is open.
   */
  drawCreated(
    span: Span,
    documentId: string,
    annotator: string,
    previous: string | undefined,
    revision: string | undefined,
  ): Promise<void> {
    const current = this.#current;
    if (this.#id !== documentId || this.#annotator !== annotator) return Promise.resolve();
    // Known at once, so the watch reporting this revision reads nothing (a read of 10,000 spans).
    this.#revisions.wrote(previous, revision);
    const viewer = this.#viewer;
    if (!current || !viewer || !this.viewShowsCurrent) return Promise.resolve();
    viewer.showSpan(viewOf(span, current.text, this.#index));
    return viewer.painted();
  }

  /** Lists `span`, which `drawCreated` drew (unless a read of the layer has brought it meanwhile). */
  showCreated(span: Span, documentId: string, annotator: string): void {
    if (
      this.#id !== documentId ||
      this.#annotator !== annotator ||
      this.#spans.some((existing) => existing.id === span.id)
    )
      return;
    this.#spans = insertSorted(this.#spans, span);
  }

  /** Selects the span at UTF-16 offset `offset` (the innermost), or clears the selection. */
  selectAt(offset: number): void {
    const hit = innermostAt(this.#spanViews, offset, (span) => ({
      start: span.start16,
      end: span.end16,
      label: span.label,
      id: span.id,
    }));
    this.#selectedSpanId = hit?.id ?? null;
    this.#removedAt = null;
  }

  /**
   * Selects the span `id` (none for null), scrolling the text to it when asked. A range the keyboard
   * caret spanned is let go: the label keys then relabel the span rather than label the range. With
   * `caret` (a key stepped to it: `]`, `[`), the caret goes to its start, so the caret keys go on from
   * there; a click on its list item leaves the caret alone (a drag may start there next).
   */
  selectSpan(id: string | null, scroll = false, caret = false): void {
    this.#selectedSpanId = id;
    this.#removedAt = null;
    if (id !== null) this.#selections++;
    const span = this.#spanViews.find((view) => view.id === id);
    if (span) this.#viewer?.collapseCaret(caret ? span.start16 : undefined);
    if (span && scroll) this.#viewer?.scrollToOffset(span.start16);
  }

  /** Puts the keyboard focus into the text: the caret at the selected span's start, else where it was. */
  focusText(): void {
    const span = this.#spanViews.find((view) => view.id === this.#selectedSpanId);
    this.#viewer?.focus(span?.start16);
  }

  /** The span after `id` in reading order (else the nearest before it) that `passed` does not pass over, or null. */
  spanAfter(id: string, passed: (id: string) => boolean): string | null {
    const views = this.#spanViews;
    const at = views.findIndex((view) => view.id === id);
    const order = [...views.slice(at + 1), ...views.slice(0, Math.max(0, at)).reverse()];
    return order.find((view) => !passed(view.id))?.id ?? null;
  }

  /**
   * Where the selected span stood when it was removed (UTF-16 offset, its id), and the caret then, or null: `]` and
   * `[` go on from there while the caret has not moved since (moved, they start from it).
   */
  #removedAt: { at: number; id: string; caret: number | null } | null = null;
  /** Span `id` was removed (it stood at `at`): it is no longer selected, and `]` and `[` go on from its place. */
  deselectRemoved(id: string, at: number | undefined): void {
    if (this.#selectedSpanId !== id) return;
    this.selectSpan(null);
    this.#removedAt = at === undefined ? null : { at, id, caret: this.#viewer?.caret?.head ?? null };
  }

  /**
   * Selects the next (+1) or previous (-1) span in reading order, scrolls to it, and says which
   * ("Selected 2 of 5: claim “Kim Jong Un”."); false when the document has none. With none selected the
   * step starts from the caret (`]` the first span starting at or after it, `[` the last starting before it),
   * or from the document's start (end) when there is no caret; 'round' when no span lies that way from the
   * caret and the first (last) is chosen; 'edge' when the selected span is the last (first) already (the caller
   * says each).
   */
  stepSpan(direction: 1 | -1): boolean | 'round' | 'edge' {
    const spans = this.#spanViews;
    if (spans.length === 0) return false;
    const caret = this.#viewer?.caret?.head ?? null;
    const index = spans.findIndex((span) => span.id === this.#selectedSpanId);
    const from = this.#removedAt?.caret === caret ? this.#removedAt : null;
    let next = direction === 1 ? 0 : spans.length - 1;
    let round = false;
    if (index >= 0) next = Math.min(spans.length - 1, Math.max(0, index + direction));
    else if (from !== null) {
      // None selected since the selected span was removed: the steps go on from where it stood (the list
      // may not be read again yet: the removed span is passed over).
      const others = spans.filter((span) => span.id !== from.id);
      const after = others.filter((span) => (direction === 1 ? span.start16 >= from.at : span.start16 < from.at));
      const found =
        (direction === 1 ? after[0] : after[after.length - 1]) ?? others[direction === 1 ? others.length - 1 : 0];
      if (found) next = spans.indexOf(found);
    } else if (caret !== null) {
      // None selected: from the caret, as a reader expects after a click or a label (helper-194).
      const found =
        direction === 1
          ? spans.findIndex((span) => span.start16 >= caret)
          : spans.findLastIndex((span) => span.start16 < caret);
      if (found >= 0) next = found;
      else round = true;
    }
    const { id, label, text } = spans[next];
    this.selectSpan(id, true, true);
    this.#announcer?.say(`Selected ${next + 1} of ${spans.length}: ${label} ${quoteText(text)}.`);
    return round ? 'round' : index >= 0 && next === index ? 'edge' : true;
  }

  /**
   * The open layer is kept current by watching its summary row, not its spans: every write to a
   * layer gives the summary a new revision, and `#revisions` says which ones need a read (see
   * LayerRevisions). So labelling never re-reads the whole layer.
   */
  #watchLayer(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = null;
    const documentId = this.#id;
    const annotator = this.#annotator;
    this.#revisions.reset();
    this.#layerDocumentId = null;
    if (documentId === null) return;
    // Read the layer at once rather than after the watch's first round trip.
    void this.#readLayer(documentId, annotator);
    this.#subscription = this.#store.watchSummary(annotator, documentId).subscribe({
      next: (summary) => {
        if (documentId !== this.#id || annotator !== this.#annotator) return;
        if (this.#revisions.reported(summary?.revision)) void this.#readLayer(documentId, annotator);
      },
      error: this.#onReadError,
    });
  }

  async #readLayer(documentId: string, annotator: string): Promise<void> {
    const ticket = this.#revisions.startRead();
    let outcome: ReturnType<LayerRevisions['landed']>;
    try {
      const layer = await this.#store.readLayer(documentId, annotator);
      outcome = this.#revisions.landed(ticket, layer.revision);
      if (outcome === 'show' || outcome === 'show-and-read') {
        // Equal records change nothing shown: keep the objects, and nothing downstream recomputes.
        if (!sameLayer(this.#spans, layer.spans)) this.#spans = layer.spans;
        this.#layerDocumentId = documentId;
        if (this.#selectedSpanId && !layer.spans.some((span) => span.id === this.#selectedSpanId))
          this.#selectedSpanId = null;
      }
    } catch (error) {
      this.#onReadError(error);
      // Show the text all the same: the notice says why it has no highlights.
      if (this.#revisions.failed(ticket)) this.#layerDocumentId = documentId;
      return;
    }
    if (outcome === 'again' || outcome === 'show-and-read') await this.#readLayer(documentId, annotator);
  }
}

function viewOf(span: Span, text: string, index: CodePointIndex): SpanView {
  const start16 = index.toUtf16(span.start);
  const end16 = index.toUtf16(span.end);
  return {
    ...span,
    start16,
    end16,
    matches: span.end <= index.codePointLength && text.slice(start16, end16) === span.text,
  };
}
