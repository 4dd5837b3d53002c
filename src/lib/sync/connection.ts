/** The one connection of a team sync to its server, and what it says of itself. */
import { HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { Reachability } from './reachability';
import type { TeamListener, TeamOptions, TeamSettings } from './teamTypes';

/**
 * The socket every shared document of a team sync goes through (not connected yet); its status goes
 * to `listener` while `live()`. The browser knows first when its network goes: the socket is then
 * closed at once, so the top bar says Offline, not a stale "Team" for the half minute Hocuspocus
 * waits for a message, and opened again when the network is back (`release` stops following it).
 * A server no socket ever reaches (a wrong address, a `connect-src` that does not allow it) is said
 * to be unreachable after a few attempts (reachability.ts), through `listener.unreachable`.
 */
export function teamSocket(
  settings: TeamSettings,
  listener: Pick<TeamListener, 'status' | 'unreachable'>,
  options: TeamOptions,
  live: () => boolean,
): { socket: HocuspocusProviderWebsocket; release: () => void } {
  const reachability = new Reachability(
    settings.server,
    (message) => live() && listener.unreachable?.(message),
    // Not while the browser says it is offline (a page opened or reloaded offline): no server is reachable then.
    (): boolean => live() && socket.shouldConnect && globalThis.navigator?.onLine !== false,
  );
  const socket: HocuspocusProviderWebsocket = new HocuspocusProviderWebsocket({
    url: settings.server,
    autoConnect: false,
    maxDelay: 5000,
    WebSocketPolyfill: reachability.watch(options.WebSocketPolyfill ?? globalThis.WebSocket),
  });
  /** Whether the browser said its network went (and not yet that it came back). */
  let networkDown = false;
  socket.on('status', ({ status }: { status: string }) => {
    if (!live()) return;
    if (status === 'connected') listener.status('online', null);
    // A socket lost while the network is up is the server's doing: tried again (Connecting), then Can't reach.
    else if (status === 'connecting' || (!networkDown && globalThis.navigator?.onLine !== false))
      listener.status('connecting', null);
    else listener.status('offline', null);
  });
  const network = options.network === undefined ? (globalThis.window ?? null) : options.network;
  if (!network) return { socket, release: () => reachability.release() };
  let connected = false;
  const offline = () => {
    networkDown = true;
    connected = socket.shouldConnect;
    socket.disconnect();
  };
  const online = () => {
    networkDown = false;
    reachability.reset();
    if (connected && live()) void socket.connect().catch(() => undefined);
  };
  network.addEventListener('offline', offline);
  network.addEventListener('online', online);
  return {
    socket,
    release: () => {
      reachability.release();
      network.removeEventListener('offline', offline);
      network.removeEventListener('online', online);
    },
  };
}
