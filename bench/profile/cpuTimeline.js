// One V8 CPU profile (a key press → the end of its frame) as a timeline: the runs of busy samples
// in order (a gap of idle samples ends a run, roughly one task), each with its start from the
// profile's start, its length, the functions with the most self time in it, and the app's own
// functions (src/) with the most total time. Used by bench/profile/labelFrame.js --cpu.

import { frameName, profileTree } from './cpu.js';

const GAP_US = 300;

export function cpuTimeline(profile, mapSource, limit = 6) {
  const { nodes, parent } = profileTree(profile);
  const names = new Map();
  const nameOf = (node) => {
    if (names.has(node.id)) return names.get(node.id);
    const { name, mapped } = frameName(node.callFrame, mapSource, true);
    const value = { name, app: /^src\//u.test(mapped?.source ?? '') };
    names.set(node.id, value);
    return value;
  };
  const runs = [];
  let run = null;
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    time += profile.timeDeltas[index] ?? 0;
    const delta = profile.timeDeltas[index + 1] ?? 0;
    const leaf = nodes.get(id);
    const idle = ['(idle)', '(program)', '(root)'].includes(leaf.callFrame.functionName);
    if (idle) {
      if (run && time - run.end > GAP_US) run = null;
      return;
    }
    if (!run) {
      run = { start: time, end: time, self: new Map(), app: new Map() };
      runs.push(run);
    }
    run.end = time + delta;
    const { name } = nameOf(leaf);
    run.self.set(name, (run.self.get(name) ?? 0) + delta);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = nameOf(nodes.get(at));
      if (frame.app && !seen.has(frame.name)) {
        seen.add(frame.name);
        run.app.set(frame.name, (run.app.get(frame.name) ?? 0) + delta);
      }
    }
  });
  const top = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => `${(us / 1000).toFixed(1)} ${name}`);
  return runs
    .filter((entry) => entry.end - entry.start >= 200)
    .map((entry) => ({
      at_ms: Math.round((entry.start - profile.startTime) / 100) / 10,
      ms: Math.round((entry.end - entry.start) / 100) / 10,
      self: top(entry.self),
      app: top(entry.app),
    }));
}
