import { browserLocks, type LockManagerLike } from '../storage/importTypes';
import type { Store } from '../storage/store';
import { describeWriteError } from '../storage/writeErrors';
import type { HeldLayer } from '../sync/heldSpans';
import type { Peer, PresencePage, ReviewConflict, TeamSync, TeamStatus } from '../sync/teamSync';
import type { NoticeKind } from '../sync/teamTypes';
import { NO_TEAM, readTeamSettings, TEAM_SETTING_KEY, type TeamSettingsValue } from './teamSettings';
import { forgetMember, otherLayerRefusal, readMember, writeMember } from './teamMember';

export type { Peer, ReviewConflict } from '../sync/teamSync';
export type { HeldLayer } from '../sync/heldSpans';

export type { TeamSettingsValue } from './teamSettings';

export interface TeamEnvironment {
  store: Store;
  /** Whose layer this client writes. */
  annotator(): string;
  /** The open document (presence). */
  documentId(): string | null;
  /**
   * The `connect-src` sources the built app allows for a team server (`SPANWRIGHT_SYNC_ORIGINS`);
   * undefined where no policy applies (tests).
   */
  allowedServers?: readonly string[];
  /** A WebSocket class where the platform has none (Node in tests). */
  WebSocketPolyfill?: unknown;
  now?(): number;
  /** Tells the member in the status line: until replaced (a label split), as a `warning` (the team removed a label with their spans), or as passing `news`. */
  notify?(text: string, kind?: NoticeKind): void;
  /** The browser's Web Locks (tests give their own); without them every tab runs its own sync. */
  locks?: LockManagerLike;
}

/** How often a tab whose browser runs team sync in another tab looks whether it may take over (ms). */
const LEAD_POLL_MS = 2000;

/** What a tab says while another tab of the browser runs team sync. */
export const ANOTHER_TAB =
  'Team sync runs in another tab of this browser: what you label here reaches the team through it. This tab takes over when that one closes.';

/**
 * Team sync, opted into in Settings → Team: the settings, the connection's state, and who else is
 * online. The sync code (src/lib/sync: Yjs, the Hocuspocus provider, even the address checks) is loaded only once a server is set.
 */
export class Team {
  #settings = $state.raw<TeamSettingsValue>(NO_TEAM);
  #status = $state<TeamStatus | 'off'>('off');
  #message = $state<string | null>(null);
  #unreachable = $state<string | null>(null);
  #peers = $state.raw<Peer[]>([]);
  #unsynced = $state(0);
  #conflicts = $state.raw<ReviewConflict[]>([]);
  #held = $state.raw<HeldLayer[]>([]);
  #role = $state<'annotator' | 'reviewer' | null>(null);
  #teamLabels = $state.raw<ReadonlySet<string>>(new Set());
  /** The Annotator whose layer the server let this token only read (another member's), or null. */
  #refusedLayer = $state<string | null>(null);
  #sync: TeamSync | null = null;
  #generation = 0;
  /** Lets go of this tab's hold on the browser's team sync (`#lead`). */
  #release: (() => void) | null = null;
  readonly #environment: TeamEnvironment;

  constructor(environment: TeamEnvironment) {
    this.#environment = environment;
    if (typeof document !== 'undefined')
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && this.#tell());
  }

  get settings(): TeamSettingsValue {
    return this.#settings;
  }

  /** `off` while no server is set (or it can not be used: `message` says why). */
  get status(): TeamStatus | 'off' {
    return this.#status;
  }

  get message(): string | null {
    return this.#message;
  }

  /** Another tab of this browser runs team sync; this one waits to take over (`#lead`). */
  get inAnotherTab(): boolean {
    return this.#message === ANOTHER_TAB;
  }

  /**
   * While the server can not be reached (a few attempts never opened a socket): a sentence naming its
   * address and what to check; null otherwise. The sync keeps trying meanwhile.
   */
  get unreachable(): string | null {
    return this.#unreachable;
  }

  /** The other members online, with the document each has open. */
  get peers(): Peer[] {
    return this.#peers;
  }

  /** Changes sent and not yet confirmed by the server. */
  get unsynced(): number {
    return this.#unsynced;
  }

  /**
   * Opposite review decisions on the same spans that met in a merge, newest first (the last ten):
   * each says which decision stands (sync/reviewConflicts.ts). A reviewer's copy only.
   */
  get conflicts(): ReviewConflict[] {
    return this.#conflicts;
  }

  /**
   * The team's spans this copy keeps aside, by layer: their document is missing here or has another
   * text under the same id (sync/heldSpans.ts). They stay shared, and are stored once it arrives.
   */
  get held(): HeldLayer[] {
    return this.#held;
  }

  /** This member's role in the team (null while sync is off or the server has not listed them yet). */
  get role(): 'annotator' | 'reviewer' | null {
    return this.#role;
  }

  /**
   * Why `annotator`'s layer takes no writes in this copy now, or null: team sync is on and the layer is
   * another member's, which the server never takes from this token (a span there would stay in this
   * browser only, and could reach gold credited to that member). Known once the server has answered.
   */
  layerRefusal(annotator: string): string | null {
    if (this.#status === 'off') return null;
    const member = readMember(this.#environment.store.databaseName, this.#settings);
    if (member !== null && member !== annotator) return otherLayerRefusal(member, annotator);
    if (this.#refusedLayer === annotator)
      return `Not saved: the team’s server does not let your token write “${annotator}”’s layer (it would stay in this browser). The Annotator name must be the member the token belongs to.`;
    return null;
  }

  /** The names in the team's label set (only reviewers change them while sync runs). */
  get teamLabels(): ReadonlySet<string> {
    return this.#teamLabels;
  }

  /** The reviewer has read the conflicts. */
  dismissConflicts(): void {
    this.#conflicts = [];
  }

  /** Reads the settings and connects when a server is set. */
  async start(): Promise<void> {
    this.#settings = await readTeamSettings(this.#environment.store);
    await this.#connect();
  }

  /**
   * Stores new settings and reconnects with them; resolves with a sentence saying what is wrong
   * (nothing is stored then), or null.
   */
  async save(value: TeamSettingsValue): Promise<string | null> {
    const server = value.server.trim();
    // Working alone (Server empty) keeps no credential: the token is forgotten, the project kept.
    const settings = { server, project: value.project.trim(), token: server === '' ? '' : value.token.trim() };
    if (settings.server !== '') {
      const problem = await this.#problem(settings);
      const using = this.#settings.server === '' ? '' : ` (team sync still uses ${this.#settings.server})`;
      if (problem) return `${problem} Nothing was saved${using}.`;
    }
    try {
      await this.#environment.store.writeSetting(TEAM_SETTING_KEY, settings);
    } catch (error) {
      return `The team settings were not saved: ${describeWriteError(error)}`;
    }
    this.#settings = settings;
    await this.#connect();
    return null;
  }

  /** Connects again as the annotator now set (their layer is the one this client writes). */
  async restart(): Promise<void> {
    await this.#connect();
  }

  /** The open document and its page, as last told (at a start, the environment's document until told). */
  #shown: { documentId: string | null; page: PresencePage } | null = null;

  /** Tells the team which document is open, and whether it is reviewed or labelled. */
  setOpenDocument(documentId: string | null, page: PresencePage = 'documents'): void {
    this.#shown = { documentId, page };
    this.#tell();
  }

  /** Tells the team what this tab shows: through its own sync, or the tab of this browser that runs it. */
  #tell = (): void => {
    if (!this.#shown) return;
    if (this.#sync) this.#sync.setOpenDocument(this.#shown.documentId, this.#shown.page);
    // A waiting tab tells only while in front (one opened in the background is not what its user looks at).
    else if (this.#status !== 'off' && (typeof document === 'undefined' || document.visibilityState === 'visible'))
      this.#tabs?.postMessage(this.#shown);
  };

  /**
   * The other tabs of this browser (team sync runs in one): the document a tab shows last (opened,
   * or its tab brought to the front) is the one the team sees.
   */
  #tabs: BroadcastChannel | null = null;

  #joinTabs(): void {
    if (this.#tabs || typeof BroadcastChannel === 'undefined') return;
    this.#tabs = new BroadcastChannel(`spanwright-team-presence:${this.#environment.store.databaseName}`);
    // A tab that starts running the sync asks (`ask`) the waiting ones to tell theirs again: each visible one answers.
    this.#tabs.onmessage = ({ data }: MessageEvent<{ documentId: string | null; page: PresencePage } | 'ask'>) =>
      data === 'ask' ? this.#tell() : this.#sync?.setOpenDocument(data.documentId, data.page);
  }

  async stop(): Promise<void> {
    this.#generation++;
    const sync = this.#sync;
    this.#sync = null;
    await sync?.stop();
    this.#release?.();
    this.#release = null;
    this.#tabs?.close();
    this.#tabs = null;
  }

  /**
   * One tab of this browser runs team sync: two would each take the other's writes, coming back from
   * the server, for the team's and write them again as their own. Resolves true when this tab holds
   * the lock (or the browser has none), false when another tab does or the settings changed meanwhile.
   */
  async #lead(generation: number): Promise<boolean> {
    const locks = this.#environment.locks ?? browserLocks();
    if (!locks) return true;
    const name = `spanwright-team-sync:${this.#environment.store.databaseName}`;
    const held = await new Promise<boolean>((answer) => {
      void locks.request(name, { ifAvailable: true }, (lock) => {
        answer(lock !== null);
        return lock === null ? undefined : new Promise<void>((release) => (this.#release = release));
      });
    });
    if (held && generation !== this.#generation) this.#release?.();
    return held && generation === this.#generation;
  }

  /** What is wrong with settings that name a server (the checks load with the sync code, not the first page). */
  async #problem(settings: TeamSettingsValue): Promise<string | null> {
    const { isProjectName, serverAllowed, serverProblem } = await import('../sync/serverAddress');
    const problem = serverProblem(settings.server);
    if (problem) return problem;
    if (!isProjectName(settings.project))
      return 'The Project must be a name of letters, digits, dots, dashes or underscores (up to 64).';
    if (settings.token === '') return 'The Token is empty: ask whoever runs the server for yours.';
    const allowed = this.#environment.allowedServers;
    if (allowed && !serverAllowed(allowed, settings.server))
      return `This copy of Spanwright ${allowed.length === 0 ? 'was built to reach no sync server' : `may reach only ${allowed.join(', ')}`} (its security policy). Ask whoever hosts it for a copy built for your team’s server (they set SPANWRIGHT_SYNC_ORIGINS when they build it).`;
    return null;
  }

  async #connect(): Promise<void> {
    await this.stop();
    const generation = this.#generation;
    this.#peers = [];
    this.#unsynced = 0;
    this.#unreachable = null;
    this.#held = [];
    this.#role = null;
    this.#teamLabels = new Set();
    this.#refusedLayer = null;
    const settings = this.#settings;
    if (settings.server === '') {
      this.#status = 'off';
      this.#message = null;
      return;
    }
    const problem = await this.#problem(settings);
    if (generation !== this.#generation) return;
    if (problem) {
      this.#status = 'off';
      this.#message = problem;
      return;
    }
    this.#status = 'connecting';
    this.#message = null;
    try {
      await this.#open(settings, generation);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#status = 'offline';
      this.#message = `Team sync could not start: ${String(error)}`;
    }
  }

  async #open(settings: TeamSettingsValue, generation: number): Promise<void> {
    const { TeamSync } = await import('../sync/teamSync');
    if (generation !== this.#generation) return;
    this.#joinTabs();
    if (!(await this.#lead(generation))) {
      if (generation !== this.#generation) return;
      // Another tab runs it: this one says so (its writes reach the team through that tab) and looks again.
      const waiting = this.#message !== ANOTHER_TAB;
      [this.#status, this.#message] = ['connecting', ANOTHER_TAB];
      if (waiting) this.#tell();
      setTimeout(
        () =>
          void this.#open(settings, generation).catch((error: unknown) => {
            if (generation === this.#generation) this.#message = `Team sync could not start: ${String(error)}`;
          }),
        LEAD_POLL_MS,
      );
      return;
    }
    const annotator = this.#environment.annotator();
    const sync = new TeamSync(
      this.#environment.store,
      { ...settings, annotator },
      {
        layer: (writable) => {
          if (generation !== this.#generation) return;
          this.#refusedLayer = writable ? null : annotator;
          const database = this.#environment.store.databaseName;
          if (writable) writeMember(database, settings, annotator);
          else forgetMember(database, settings, annotator);
        },
        status: (status, message) => {
          if (generation !== this.#generation) return;
          // A refusal stays until the settings change: reconnecting does not make the token right.
          if (this.#status === 'refused' && status !== 'refused') return;
          this.#status = status;
          this.#message = message;
        },
        unreachable: (message) => generation === this.#generation && (this.#unreachable = message),
        peers: (peers) => generation === this.#generation && (this.#peers = peers),
        unsynced: (count) => generation === this.#generation && (this.#unsynced = count),
        conflicts: (conflicts) => {
          if (generation === this.#generation) this.#conflicts = [...conflicts, ...this.#conflicts].slice(0, 10);
        },
        held: (held) => generation === this.#generation && (this.#held = held),
        notice: (text, kind) => generation === this.#generation && this.#environment.notify?.(text, kind),
        role: (role) => generation === this.#generation && (this.#role = role),
        teamLabels: (names) => generation === this.#generation && (this.#teamLabels = new Set(names)),
        error: (error) => {
          if (generation === this.#generation) this.#message = `Team sync: ${String(error)}`;
        },
        // A backup was restored (in any tab): start again with the settings it brought, merging the
        // team's work back into the restored data rather than sharing what the backup lacks.
        restored: () => {
          if (generation === this.#generation) void this.start();
        },
      },
      { now: this.#environment.now, WebSocketPolyfill: this.#environment.WebSocketPolyfill },
    );
    this.#sync = sync;
    await sync.start();
    sync.setOpenDocument(this.#shown?.documentId ?? this.#environment.documentId(), this.#shown?.page);
    this.#tabs?.postMessage('ask');
  }
}
