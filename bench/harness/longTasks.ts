/** The main thread's long tasks (over 50 ms, as the browser reports them) while something runs. */
export interface LongTasks {
  longestTaskMs: number;
  longTasks: number;
  /** Each long task: its start (ms after the watch began, the page's clock) and its duration. */
  longTaskEntries: { atMs: number; ms: number }[];
}

/** Starts watching long tasks; the returned function stops and reports them (after letting the last entries arrive). */
export function watchLongTasks(): () => Promise<LongTasks> {
  const began = performance.now();
  const tasks: { atMs: number; ms: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push({ atMs: entry.startTime - began, ms: entry.duration });
  });
  observer.observe({ type: 'longtask' });
  return async () => {
    // Long task entries are delivered after the task: let them arrive.
    await new Promise((resolve) => setTimeout(resolve, 100));
    observer.disconnect();
    return {
      longestTaskMs: tasks.length > 0 ? Math.max(...tasks.map((task) => task.ms)) : 0,
      longTasks: tasks.length,
      longTaskEntries: tasks,
    };
  };
}
