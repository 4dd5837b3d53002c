/**
 * The book the workbench keeps on the open layer: which revision of it the tab shows, and whether
 * a revision the watch reports needs a read. Every write to a layer gives its summary row a new
 * revision (storage/spans.ts). A revision the tab shows costs nothing, and so does one its own
 * write produced from the one shown (it put that span on screen itself); anything else (another
 * tab, an import, an undo, a restore, a layer with no revision) is read. No storage in here: the
 * workbench does the reading and asks this class what to do.
 */
export class LayerRevisions {
  /** The revision shown; null until the layer has been read. */
  private shown: { revision: string | undefined } | null = null;
  /** The revision the watch last reported since the last read started. */
  private latest: { revision: string | undefined } | null = null;
  /** This tab's own additions since the last read: each turned revision `previous` into `revision`. */
  private ownWrites: { previous: string | undefined; revision: string }[] = [];
  /** Revisions the shown one passed through by this tab's own additions since the last read. */
  private passed = new Set<string | undefined>();
  private reads = 0;
  private reading = false;
  private writes = 0;

  /** Another document or annotator: nothing shown, nothing reported, reads under way no longer count. */
  reset(): void {
    this.shown = null;
    this.latest = null;
    this.ownWrites = [];
    this.passed.clear();
    this.reads++;
    this.reading = false;
  }

  /** The watch reported the summary's revision: true when the layer should be read now. */
  reported(revision: string | undefined): boolean {
    this.latest = { revision };
    // A read under way looks at the latest report when it lands.
    return !this.reading && !this.isShown(revision);
  }

  /** This tab stored a span and showed it: the layer went from `previous` to `revision`. */
  wrote(previous: string | undefined, revision: string | undefined): void {
    this.writes++;
    if (revision !== undefined) this.ownWrites.push({ previous, revision });
  }

  /** A read starts: hand its ticket back to `landed` or `failed`. */
  startRead(): ReadTicket {
    this.reading = true;
    // The read will see every revision reported so far, or a newer one: only reports that come
    // while it is under way can be newer than what it returns.
    this.latest = null;
    return { read: ++this.reads, writes: this.writes };
  }

  /**
   * A read landed with the layer at `revision`. `stale`: a reset or a newer read superseded it,
   * drop it. `again`: this tab added a span while it was under way, so it may lack that span:
   * read again. `show`: show it. `show-and-read`: show it, then read again, because the watch
   * reported a newer revision meanwhile.
   */
  landed(ticket: ReadTicket, revision: string | undefined): 'stale' | 'again' | 'show' | 'show-and-read' {
    if (ticket.read !== this.reads) return 'stale';
    this.reading = false;
    if (ticket.writes !== this.writes) return 'again';
    this.shown = { revision };
    this.ownWrites = [];
    this.passed.clear();
    const newer = this.latest !== null && this.latest.revision !== revision && !this.isShown(this.latest.revision);
    return newer ? 'show-and-read' : 'show';
  }

  /** A read failed: true when it was the read that counted (the view should stop waiting for it). */
  failed(ticket: ReadTicket): boolean {
    if (ticket.read !== this.reads) return false;
    this.reading = false;
    return true;
  }

  /** True when the tab already shows the layer at `revision`. */
  private isShown(revision: string | undefined): boolean {
    if (this.shown === null || revision === undefined) return false;
    // Follow this tab's own additions from what is shown: each turned one revision into the next.
    for (let step = this.nextOwnWrite(); step; step = this.nextOwnWrite()) {
      this.passed.add(this.shown.revision);
      this.shown = { revision: step.revision };
      this.ownWrites = this.ownWrites.filter((write) => write !== step);
    }
    // A late report of a revision this tab's own additions went through is nothing new either.
    return this.shown.revision === revision || this.passed.has(revision);
  }

  private nextOwnWrite() {
    const shown = this.shown?.revision;
    return this.ownWrites.find((write) => write.previous === shown);
  }
}

export interface ReadTicket {
  readonly read: number;
  readonly writes: number;
}
