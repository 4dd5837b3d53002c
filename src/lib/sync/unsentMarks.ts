/**
 * Which shared documents hold changes of this member that the server has not acknowledged yet,
 * remembered past a reload. The provider counts what it sent and the server has not acknowledged,
 * but only for its page: after a reload offline, changes made before it wait in the stored updates
 * (Yjs sends them at the next sync) with nothing to say so. localStorage, so that the mark is
 * written at once, in the order of the changes and of the server's acknowledgements.
 */
import { localStore, readJsonArray, writeJsonArray, type LocalStore } from '../storage/localStore';
import type { TeamSettings } from './teamTypes';

export class UnsentMarks {
  readonly #key: string;
  readonly #storage: LocalStore | undefined;

  constructor(settings: Pick<TeamSettings, 'server' | 'project' | 'annotator'>, storage = localStore()) {
    this.#key = `spanwright.unsent:${JSON.stringify([settings.server, settings.project, settings.annotator])}`;
    this.#storage = storage;
  }

  /** The shared documents marked, those `counts` picks (what this member may write). */
  count(counts: (name: string) => boolean): number {
    return this.#read().filter(counts).length;
  }

  /** A change of this member's went into shared document `name`. */
  mark(name: string): void {
    const names = this.#read();
    if (!names.includes(name)) this.#write([...names, name]);
  }

  /** The server acknowledged every change to `name` sent so far (those before a reload included). */
  clear(name: string): void {
    const names = this.#read();
    if (names.includes(name)) this.#write(names.filter((marked) => marked !== name));
  }

  #read(): string[] {
    return readJsonArray(this.#storage, this.#key, (name): name is string => typeof name === 'string');
  }

  /** Kept for the next page (where storage is refused, the provider's own count still shows what this page sent). */
  #write(names: string[]): void {
    writeJsonArray(this.#storage, this.#key, names);
  }
}
