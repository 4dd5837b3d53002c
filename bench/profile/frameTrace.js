// A Chromium trace cut into windows (a key press → the end of the first frame after it) and each
// window broken down: the renderer main thread's tasks in order, its self time by event, the style,
// layout, paint and commit passes with their arguments (elements, dirty objects, layers), and the
// busy time of every other thread (compositor, raster, the browser's IndexedDB). Used by
// bench/profile/labelFrame.js.

/** The events of one thread, B/E folded into complete events, sorted, each with its nesting depth. */
export function threadsOf(trace) {
  const events = trace.traceEvents ?? trace;
  const names = new Map();
  const processes = new Map();
  const byThread = new Map();
  const open = new Map();
  for (const event of events) {
    const key = `${event.pid}:${event.tid}`;
    if (event.ph === 'M') {
      if (event.name === 'thread_name') names.set(key, event.args?.name);
      if (event.name === 'process_name') processes.set(event.pid, event.args?.name);
      continue;
    }
    let complete = null;
    if (event.ph === 'X' && typeof event.dur === 'number')
      complete = { name: event.name, cat: event.cat, ts: event.ts, end: event.ts + event.dur, args: event.args };
    else if (event.ph === 'B') {
      if (!open.has(key)) open.set(key, []);
      open.get(key).push(event);
    } else if (event.ph === 'E') {
      const begin = open.get(key)?.pop();
      if (begin)
        complete = {
          name: begin.name,
          cat: begin.cat,
          ts: begin.ts,
          end: event.ts,
          args: { ...begin.args, ...(event.args ?? {}) },
        };
    } else if (event.ph === 'I' || event.ph === 'i' || event.ph === 'R' || event.ph === 'n')
      complete = { name: event.name, cat: event.cat, ts: event.ts, end: event.ts, args: event.args, instant: true };
    if (!complete) continue;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(complete);
  }
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.end - a.end);
    const stack = [];
    for (const event of list) {
      if (event.instant) {
        event.depth = stack.length;
        continue;
      }
      while (stack.length > 0 && stack[stack.length - 1].end <= event.ts) stack.pop();
      event.depth = stack.length;
      event.parent = stack[stack.length - 1] ?? null;
      stack.push(event);
    }
  }
  const label = (key) => {
    const pid = Number(key.split(':')[0]);
    return `${processes.get(pid) ?? pid}/${names.get(key) ?? key}`;
  };
  return { byThread, names, label };
}

/** The [pid:tid] key and trace times of every user-timing mark named `name`, in order. */
export function marksNamed(threads, name) {
  const found = [];
  for (const [key, list] of threads.byThread)
    for (const event of list) if (event.name === name) found.push({ key, ts: event.ts });
  return found.sort((a, b) => a.ts - b.ts);
}

/** The passes worth naming with their arguments. */
const PASSES = new Set([
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'UpdateLayer',
  'RasterTask',
  'ScrollLayer',
  'HitTest',
  'IntersectionObserverController::computeIntersections',
]);

/** Where script forced a pass (the first frames of its stack, when the trace has stacks). */
function forcedBy(event, mapSource) {
  const stack = event.args?.beginData?.stackTrace ?? event.args?.data?.stackTrace;
  if (!Array.isArray(stack) || stack.length === 0) return {};
  const frames = stack.slice(0, 4).map((frame) => {
    const mapped = mapSource?.(String(frame.url), frame.lineNumber - 1, frame.columnNumber - 1);
    const where = mapped
      ? `${mapped.source.replace(/^.*node_modules\//u, '')}:${mapped.line}`
      : `${String(frame.url).split('/').pop()}:${frame.lineNumber}`;
    return `${frame.functionName || '(anonymous)'} ${where}`;
  });
  return { forced_by: frames.join(' < ') };
}

function passArgs(event) {
  const args = event.args ?? {};
  if (event.name === 'UpdateLayoutTree') return { elements: args.elementCount };
  if (event.name === 'Layout')
    return {
      dirty: args.beginData?.dirtyObjects,
      total: args.beginData?.totalObjects,
      partial: args.beginData?.partialLayout,
      roots: args.endData?.layoutRoots?.length,
    };
  if (event.name === 'Paint') return { layer: args.data?.layerId, clip: args.data?.clip?.join?.(',') };
  return {};
}

const round = (value) => Math.round(value * 100) / 100;

/**
 * One window [from, to] (trace µs) of thread `mainKey` and the others: the main thread's top-level
 * tasks (start and length from the window's start, and their largest parts), self time by event,
 * the named passes, and the other threads' busy time.
 */
export function breakDown(threads, mainKey, from, to, mapSource) {
  const clip = (event) => Math.max(0, Math.min(event.end, to) - Math.max(event.ts, from)) / 1000;
  const main = (threads.byThread.get(mainKey) ?? []).filter((event) => event.end > from && event.ts < to);
  const selfTime = new Map();
  const passes = [];
  for (const event of main) {
    if (event.instant) continue;
    let self = clip(event);
    for (const child of main) if (child.parent === event) self -= clip(child);
    selfTime.set(event.name, (selfTime.get(event.name) ?? 0) + Math.max(0, self));
    if (PASSES.has(event.name))
      passes.push({
        name: event.name,
        at: round((event.ts - from) / 1000),
        ms: round(clip(event)),
        ...passArgs(event),
        ...forcedBy(event, mapSource),
      });
  }
  const tasks = main
    .filter((event) => event.depth === 0 && !event.instant)
    .map((task) => {
      const inside = main.filter((event) => !event.instant && event.ts >= task.ts && event.end <= task.end);
      const parts = new Map();
      for (const event of inside) {
        if (event === task) continue;
        let self = clip(event);
        for (const child of inside) if (child.parent === event) self -= clip(child);
        parts.set(event.name, (parts.get(event.name) ?? 0) + Math.max(0, self));
      }
      return {
        at: round((task.ts - from) / 1000),
        ms: round(clip(task)),
        name: task.name,
        parts: [...parts.entries()]
          .filter(([, ms]) => ms >= 0.2)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8)
          .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
          .join(', '),
      };
    })
    .filter((task) => task.ms > 0.05);
  // User-timing marks inside the window (the bench's own and any the code under test sets), in order.
  const marks = main
    .filter((event) => event.instant && event.cat?.includes('user_timing'))
    .map((event) => `${event.name}@${round((event.ts - from) / 1000)}`);
  const mainBusy = tasks.reduce((sum, task) => sum + task.ms, 0);
  const others = [];
  for (const [key, list] of threads.byThread) {
    if (key === mainKey) continue;
    let busy = 0;
    const names = new Map();
    for (const event of list) {
      if (event.instant || event.end <= from || event.ts >= to) continue;
      if (event.depth === 0) busy += clip(event);
      if (event.depth <= 1) names.set(event.name, (names.get(event.name) ?? 0) + clip(event));
    }
    if (busy >= 0.3)
      others.push({
        thread: threads.label(key),
        busy_ms: round(busy),
        top: [...names.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 4)
          .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
          .join(', '),
      });
  }
  others.sort((a, b) => b.busy_ms - a.busy_ms);
  return {
    wall_ms: round((to - from) / 1000),
    main_busy_ms: round(mainBusy),
    main_idle_ms: round((to - from) / 1000 - mainBusy),
    self_ms: Object.fromEntries(
      [...selfTime.entries()]
        .filter(([, ms]) => ms >= 0.05)
        .sort((a, b) => b[1] - a[1])
        .map(([name, ms]) => [name, round(ms)]),
    ),
    marks,
    passes,
    tasks,
    others,
  };
}

const CATEGORIES = [
  ['style', /^(UpdateLayoutTree|RecalculateStyles|StyleInvalidator|ParseAuthorStyleSheet)/u],
  ['layout', /^(Layout|UpdateLayout|LocalFrameView::layout|IntersectionObserver|ResizeObserver)/u],
  ['pre-paint', /^PrePaint/u],
  ['paint', /^(Paint|PaintImage|Decode)/u],
  ['layerize', /^(Layerize|UpdateLayer|PaintArtifactCompositor|CompositingInputs)/u],
  ['commit', /^(Commit|ProxyMain::BeginMainFrame::commit|WaitForCommit|ProxyMain)/u],
  ['hit test', /^HitTest/u],
  ['gc', /(GC|Sweep|Scavenge|Mark)/u],
  [
    'script',
    /^(FunctionCall|EvaluateScript|v8\.|V8\.|RunMicrotasks|EventDispatch|TimerFire|FireAnimationFrame|HandlePostMessage|RunTask|ScriptWrappable)/u,
  ],
];

/** Self time of a broken-down window by category (style, layout, paint, script …). */
export function byCategory(window) {
  const sums = {};
  for (const [name, ms] of Object.entries(window.self_ms)) {
    const category = CATEGORIES.find(([, pattern]) => pattern.test(name))?.[0] ?? `other`;
    sums[category] = round((sums[category] ?? 0) + ms);
  }
  return sums;
}
