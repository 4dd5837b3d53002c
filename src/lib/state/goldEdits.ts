/**
 * The reviewer's edits of gold's spans themselves, from the gold list: take one out, or give it
 * another label. Each is a decision like the others (one transaction, undoable, said in the status
 * line), written through the Review's queue.
 */
import { samePlace } from '../model/spanIdentity';
import type { Document, Span, SpanOrigin } from '../model/types';
import type { GoldDecision } from '../storage/store';
import { removal, type DecisionContext } from './reviewDecisions';

/** What the edits need of the Review. */
export interface GoldEditContext {
  current(): Document | null;
  decisionContext(document: Document): DecisionContext;
  quote(place: { start: number; end: number }): string;
  apply(document: Document, decision: GoldDecision, description: string, news: string): Promise<void>;
  notice(text: string): void;
}

export class GoldEdits {
  readonly #context: GoldEditContext;

  constructor(context: GoldEditContext) {
    this.#context = context;
  }

  /** Takes `span` out of the current document's gold (as rejected: see `removal`). */
  remove(span: Span): Promise<void> {
    const document = this.#context.current();
    if (!document) return Promise.resolve();
    const what = `“${this.#context.quote(span)}” ${span.label}`;
    const decision = removal(span, this.#context.decisionContext(document));
    return this.#context.apply(document, decision, `remove ${what} from gold`, `Removed ${what} from gold`);
  }

  /**
   * Gives gold's `span` the label `label`: the reviewer's edit (its origin says edited, its note
   * stays). Nothing when gold holds that text with that label already (it says so).
   */
  relabel(span: Span, label: string): Promise<void> {
    const document = this.#context.current();
    if (!document || label === span.label) return Promise.resolve();
    const context = this.#context.decisionContext(document);
    const quote = `“${this.#context.quote(span)}”`;
    const place = { start: span.start, end: span.end, label };
    if (context.gold.some((other) => samePlace(other, place))) {
      this.#context.notice(`Not changed: gold holds ${quote} as ${label} already.`);
      return Promise.resolve();
    }
    const origin: SpanOrigin = {
      ...(span.origin ?? { annotators: [] }),
      kind: 'edited',
      by: context.reviewer,
      at: context.now,
    };
    const decision: GoldDecision = { document, keep: [{ place, origin }], drop: [span], reject: [], unreject: [] };
    const what = `${quote} ${span.label} → ${label}`;
    return this.#context.apply(document, decision, `relabel ${what} in gold`, `Relabelled in gold: ${what}`);
  }
}
