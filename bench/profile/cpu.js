// The profiler's CPU profiles: source-mapping the built chunks, and self and total time per
// function and self time per module over a set of V8 CPU profiles (bench/profile.js).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILE_APP_OUT } from '../config.js';

/** Maps generated positions of the built chunks back to source files, when a source map reader is at hand. */
export async function sourceMapper(appUrl, outDir = PROFILE_APP_OUT) {
  let TraceMap;
  let originalPositionFor;
  try {
    // A dependency of the build tools, not of Spanwright: used when present, never required.
    ({ TraceMap, originalPositionFor } = await import('@jridgewell/trace-mapping'));
  } catch {
    return () => null;
  }
  const maps = new Map();
  return (url, line, column) => {
    if (!url.startsWith(appUrl) || !url.endsWith('.js')) return null;
    const file = join(outDir, new URL(url).pathname);
    if (!maps.has(file))
      maps.set(file, existsSync(`${file}.map`) ? new TraceMap(readFileSync(`${file}.map`, 'utf8')) : null);
    const map = maps.get(file);
    if (!map) return null;
    const position = originalPositionFor(map, { line: line + 1, column });
    return position.source ? { source: position.source.replace(/^(\.\.\/)+/u, ''), line: position.line } : null;
  };
}

/** `node_modules/prosemirror-view/dist/index.js` → `prosemirror-view`; `src/lib/x.ts` stays. */
function moduleOf(source) {
  if (!source) return '(unmapped)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/u.exec(source);
  return match ? match[1] : source;
}

/** A profile's nodes by id, and each node's parent id. */
export function profileTree(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  return { nodes, parent };
}

/**
 * A call frame as "function source:line", the source mapped back where it can be (`short`: a
 * dependency named from its package on, without the `node_modules/` before it), and the mapping.
 */
export function frameName(frame, mapSource, short = false) {
  const mapped = frame.url ? mapSource(frame.url, frame.lineNumber, frame.columnNumber) : null;
  const where = mapped
    ? `${short ? mapped.source.replace(/^.*node_modules\//u, '') : mapped.source}:${mapped.line}`
    : frame.url
      ? `${frame.url.split('/').pop()}:${frame.lineNumber + 1}`
      : '';
  return { name: `${frame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`, mapped };
}

/** Self and total (inclusive) time per function and self time per module, in ms per profile. */
export function summarizeProfiles(profiles, mapSource) {
  const self = new Map();
  const total = new Map();
  const modules = new Map();
  const add = (map, key, value) => map.set(key, (map.get(key) ?? 0) + value);
  let wall = 0;
  for (const profile of profiles) {
    const { nodes, parent } = profileTree(profile);
    const describe = new Map();
    const keyOf = (node) => {
      if (describe.has(node.id)) return describe.get(node.id);
      const { name, mapped } = frameName(node.callFrame, mapSource);
      const value = { key: name, module: node.callFrame.url ? moduleOf(mapped?.source) : '(native)' };
      describe.set(node.id, value);
      return value;
    };
    wall += (profile.endTime - profile.startTime) / 1000;
    profile.samples.forEach((id, index) => {
      const delta = (profile.timeDeltas[index + 1] ?? 0) / 1000;
      const leaf = keyOf(nodes.get(id));
      add(self, leaf.key, delta);
      add(modules, leaf.module, delta);
      const seen = new Set();
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const { key } = keyOf(nodes.get(at));
        if (!seen.has(key)) {
          seen.add(key);
          add(total, key, delta);
        }
      }
    });
  }
  const count = profiles.length || 1;
  const top = (map, limit) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, value]) => ({ name, ms: Math.round((value / count) * 10) / 10 }));
  return {
    profiles: profiles.length,
    wall_ms_per_profile: Math.round((wall / count) * 10) / 10,
    self: top(self, 30),
    total: top(new Map([...total].filter(([key]) => !key.startsWith('(root)'))), 40),
    modules: top(modules, 15),
  };
}
