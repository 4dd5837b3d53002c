import { vi } from 'vitest';

/**
 * Every WebSocket the page opens is refused at once, as under a `connect-src` that leaves the server
 * out (no server runs in these tests); `opened` counts the attempts. Undone by `vi.unstubAllGlobals()`.
 */
export function refuseSockets(): { opened: number } {
  const attempts = { opened: 0 };
  vi.stubGlobal(
    'WebSocket',
    class {
      constructor() {
        attempts.opened += 1;
        throw new DOMException('Refused to connect: it violates connect-src', 'SecurityError');
      }
    },
  );
  return attempts;
}
