// The profiler's Chromium trace: main-thread self time by event and by category (script, style,
// layout, paint) between pairs of performance marks, and every style or layout pass over 1 ms with
// whether script forced it and from where (bench/profile.js).

/** A trace stack frame (1-based line and column) as `function source:line`, through the source map. */
function describeCaller(frame, mapSource) {
  const mapped = mapSource(String(frame.url), frame.lineNumber - 1, frame.columnNumber - 1);
  const where = mapped
    ? `${mapped.source}:${mapped.line}`
    : `${String(frame.url).split('/').pop()}:${frame.lineNumber}`;
  return `${frame.functionName || '(anonymous)'} ${where}`;
}

const CATEGORIES = [
  [
    'script',
    /^(FunctionCall|EvaluateScript|v8\.|V8\.|RunMicrotasks|EventDispatch|TimerFire|FireAnimationFrame|FireIdleCallback|MajorGC|MinorGC|BlinkGC|GCEvent|ThreadState|HandlePostMessage|XHR|ParseHTML|CppGC)/u,
  ],
  [
    'style',
    /^(UpdateLayoutTree|RecalculateStyles|ScheduleStyleRecalculation|ParseAuthorStyleSheet|InvalidateLayout|StyleInvalidator)/u,
  ],
  ['layout', /^(Layout|UpdateLayout|LocalFrameView::layout|IntersectionObserver|ResizeObserver|HitTest)/u],
  [
    'paint',
    /^(Paint|PrePaint|Layerize|UpdateLayer|CompositeLayers|Commit|PaintImage|Decode|RasterTask|UpdateLayerTree|PaintArtifactCompositor)/u,
  ],
];

function categoryOf(name) {
  return CATEGORIES.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other';
}

/**
 * Main-thread self time by trace event between each pair of `${prefix}-start` / `${prefix}-end`
 * marks, averaged over the pairs.
 */
export function summarizeTrace(trace, prefix, mapSource) {
  const events = trace.traceEvents ?? trace;
  const marks = events
    .filter((event) => event.name === `${prefix}-start` || event.name === `${prefix}-end`)
    .sort((a, b) => a.ts - b.ts);
  if (marks.length === 0) return null;
  const { pid, tid } = marks[0];
  const windows = [];
  for (let index = 0; index + 1 < marks.length; index++) {
    if (marks[index].name.endsWith('-start') && marks[index + 1].name.endsWith('-end'))
      windows.push([marks[index].ts, marks[index + 1].ts]);
  }
  // Complete events on the page's main thread (B/E pairs folded into X).
  const complete = [];
  const open = [];
  for (const event of events) {
    if (event.pid !== pid || event.tid !== tid) continue;
    if (event.ph === 'X' && typeof event.dur === 'number')
      complete.push({ name: event.name, ts: event.ts, end: event.ts + event.dur, args: event.args });
    else if (event.ph === 'B') open.push(event);
    else if (event.ph === 'E') {
      const begin = open.pop();
      if (begin) complete.push({ name: begin.name, ts: begin.ts, end: event.ts });
    }
  }
  complete.sort((a, b) => a.ts - b.ts || b.end - a.end);
  const byName = new Map();
  const byCategory = new Map();
  const layouts = [];
  for (const [from, to] of windows) {
    const stack = [];
    const inWindow = complete.filter((event) => event.end > from && event.ts < to);
    for (const event of inWindow) {
      const clipped = { name: event.name, ts: Math.max(event.ts, from), end: Math.min(event.end, to), children: 0 };
      while (stack.length > 0 && stack[stack.length - 1].end <= clipped.ts) stack.pop();
      if (stack.length > 0) stack[stack.length - 1].children += clipped.end - clipped.ts;
      // Style and layout inside a script call are forced (synchronous): script asked for geometry.
      if ((event.name === 'Layout' || event.name === 'UpdateLayoutTree') && event.end - event.ts >= 1000) {
        const caller = event.args?.beginData?.stackTrace?.[0];
        layouts.push({
          event: event.name,
          ms: Math.round((event.end - event.ts) / 100) / 10,
          forced: stack.some(
            (outer) =>
              outer.name === 'FunctionCall' || outer.name === 'v8.callFunction' || outer.name === 'RunMicrotasks',
          ),
          objects:
            event.args?.beginData?.dirtyObjects !== undefined
              ? `${event.args.beginData.dirtyObjects} dirty of ${event.args.beginData.totalObjects}`
              : undefined,
          elements: event.args?.elementCount,
          caller: caller ? describeCaller(caller, mapSource) : undefined,
        });
      }
      stack.push(clipped);
      event.clipped = clipped;
    }
    for (const event of inWindow) {
      const selfTime = Math.max(0, event.clipped.end - event.clipped.ts - event.clipped.children) / 1000;
      byName.set(event.name, (byName.get(event.name) ?? 0) + selfTime);
      byCategory.set(categoryOf(event.name), (byCategory.get(categoryOf(event.name)) ?? 0) + selfTime);
    }
  }
  const count = windows.length || 1;
  const per = (map, limit) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, value]) => ({ name, ms: Math.round((value / count) * 10) / 10 }));
  const wall = windows.reduce((sum, [from, to]) => sum + (to - from), 0) / 1000 / count;
  return {
    windows: windows.length,
    wall_ms: Math.round(wall * 10) / 10,
    by_category: per(byCategory, 10),
    by_event: per(byName, 25),
    layouts,
  };
}
