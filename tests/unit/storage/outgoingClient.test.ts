/**
 * An export whose Worker stops answering: the job is run again on a new Worker, once, and then
 * fails with a message, instead of leaving the dialog at "Writing …" for good. Stand-in Workers
 * play the part of a Worker that hangs (its code never loads, or it stops mid-job), one that works
 * long but says it is alive, and one that answers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runOutgoing, SILENT_MS } from '../../../src/lib/storage/outgoingClient';
import { START_MS } from '../../../src/lib/storage/workerStart';
import { ALIVE_MS, type OutgoingRequest, type OutgoingResponse } from '../../../src/lib/storage/outgoingProtocol';

type Behaviour = 'hangs' | 'stops after a word' | 'answers' | { aliveFor: number };

const workers: StandInWorker[] = [];
/** How the next Workers made behave, in order; then they answer. */
let behaviours: Behaviour[] = [];

class StandInWorker {
  onmessage: ((event: { data: OutgoingResponse }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  readonly behaviour: Behaviour = behaviours.shift() ?? 'answers';
  readonly jobs: OutgoingRequest[] = [];

  constructor() {
    workers.push(this);
  }

  #say(message: OutgoingResponse, after: number): void {
    setTimeout(() => !this.terminated && this.onmessage?.({ data: message }), after);
  }

  postMessage(request: OutgoingRequest): void {
    this.jobs.push(request);
    const behaviour = this.behaviour;
    if (behaviour === 'hangs') return;
    this.#say({ type: 'alive' }, 5);
    if (behaviour === 'stops after a word') return;
    const working = behaviour === 'answers' ? 0 : behaviour.aliveFor;
    for (let at = ALIVE_MS; at < working; at += ALIVE_MS) this.#say({ type: 'alive' }, at);
    this.#say({ type: 'progress', done: 5, total: 5 }, working + 10);
    const text = `exported from ${request.databaseName} by Worker ${workers.indexOf(this) + 1}`;
    this.#say({ type: 'done', result: new Blob([text]) }, working + 20);
  }

  terminate(): void {
    this.terminated = true;
  }
}

const backup = { job: 'backup', databaseName: 'corpus', now: new Date(0) } as const;
let warnings: string[];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.stubGlobal('Worker', StandInWorker);
  workers.length = 0;
  behaviours = [];
  warnings = [];
  vi.spyOn(console, 'warn').mockImplementation((text: string) => void warnings.push(text));
});
afterEach(async () => {
  await vi.runAllTimersAsync(); // the kept Worker's minute
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** The job's answer once `ms` of fake time have passed, or what it was still doing. */
async function after<T>(job: Promise<T>, ms: number): Promise<T | 'waiting' | Error> {
  let outcome: T | 'waiting' | Error = 'waiting';
  job.then(
    (value) => (outcome = value),
    (error: Error) => (outcome = error),
  );
  await vi.advanceTimersByTimeAsync(ms);
  return outcome;
}

describe('runOutgoing: a Worker that stops answering', () => {
  it('runs the job again on a new Worker when the first never says a word (its code never loaded)', async () => {
    behaviours = ['hangs'];
    const hung = runOutgoing(backup);
    expect(await after(hung, START_MS - 200)).toBe('waiting');
    // A job meanwhile gets a Worker of its own, and its answer.
    const meanwhile = await after(runOutgoing(backup), 100);
    expect(await (meanwhile as Blob).text()).toBe('exported from corpus by Worker 2');
    expect(workers[0].terminated).toBe(false);
    // The hung job again, on the Worker the other job left kept.
    const again = await after(hung, 300);
    expect(await (again as Blob).text()).toBe('exported from corpus by Worker 2');
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].jobs).toEqual([backup, backup]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^The backup Worker said nothing for 10 s; running the job again on another Worker\. Hand-offs: .*#\d+ backup to a new Worker/u,
    );
  });

  it('resolves with what the new Worker wrote', async () => {
    behaviours = ['hangs'];
    const result = await after(runOutgoing(backup), START_MS + 100);
    expect(result).toBeInstanceOf(Blob);
    expect(await (result as Blob).text()).toBe('exported from corpus by Worker 2');
  });

  it('runs it again when the Worker goes quiet mid-job, after a minute of silence', async () => {
    behaviours = ['stops after a word'];
    const progress: number[][] = [];
    const job = runOutgoing(backup, (done, total) => progress.push([done, total]));
    expect(await after(job, SILENT_MS - 100)).toBe('waiting');
    expect(workers).toHaveLength(1);
    const result = await after(job, 200);
    expect(workers[0].terminated).toBe(true);
    expect(await (result as Blob).text()).toBe('exported from corpus by Worker 2');
    expect(progress).toEqual([[5, 5]]);
  });

  it('lets a long job run while its Worker says it is alive', async () => {
    behaviours = [{ aliveFor: 3 * SILENT_MS }];
    const result = await after(runOutgoing(backup), 3 * SILENT_MS + 100);
    expect(workers).toHaveLength(1);
    expect(await (result as Blob).text()).toBe('exported from corpus by Worker 1');
    expect(warnings).toEqual([]);
  });

  it('fails with a message when the new Worker hangs too, and ends both', async () => {
    behaviours = ['hangs', 'hangs'];
    const outcome = await after(runOutgoing(backup), 2 * START_MS + 100);
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe(
      'the backup stopped: its Worker said nothing for 10 s, then the next for 10 s',
    );
    expect(workers.map((worker) => worker.terminated)).toEqual([true, true]);
    expect(warnings[1]).toMatch(/^The backup Worker said nothing for 10 s; giving up\./u);
  });

  it('waits on when its timer fired late: the page was frozen or asleep, its Worker with it', async () => {
    behaviours = ['stops after a word'];
    const job = runOutgoing(backup);
    expect(await after(job, 100)).toBe('waiting'); // its one word heard
    // The laptop's lid closed for five minutes: the timer fires that much past its time.
    const clock = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 5 * 60_000);
    expect(await after(job, SILENT_MS)).toBe('waiting');
    expect(workers).toHaveLength(1);
    expect(workers[0].terminated).toBe(false);
    // Awake, and still nothing from it for a minute: then it is counted silent.
    clock.mockRestore();
    const result = await after(job, SILENT_MS + 100);
    expect(workers[0].terminated).toBe(true);
    expect(await (result as Blob).text()).toBe('exported from corpus by Worker 2');
  });

  it('runs nothing again once the job is cancelled', async () => {
    behaviours = ['hangs'];
    const controller = new AbortController();
    const job = runOutgoing(backup, undefined, controller.signal);
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort(new DOMException('The export was cancelled.', 'AbortError'));
    const outcome = await after(job, 2 * START_MS);
    expect((outcome as Error).name).toBe('AbortError');
    expect(workers).toHaveLength(1);
    expect(workers[0].terminated).toBe(true);
  });
});
