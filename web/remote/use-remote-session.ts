// Binds a SessionClient to a component: one client per (number, token, name,
// attempt), torn down by one abort() when any of them changes or the page goes.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Route } from './connection-check.ts';
import type { TransferView } from '../../src/shared/protocol/files.ts';
import { CustomerFiles } from './files.ts';
import { CallClient, initialCallState, type CustomerCallState } from './call-client.ts';
import { SessionClient, socketUrl } from './session-client.ts';
import { initialState, type RemoteState } from './state.ts';

export interface SessionParams {
  number: string;
  token: string | undefined;
  name: string;
  /** Bumped by "Try again" to start a fresh client. */
  attempt: number;
}

/** `onChannel`: each session data channel (issue #9, chat and marks); read when a client starts. */
export function useRemoteSession(params: SessionParams | null, extras: { onChannel?: (channel: RTCDataChannel | null) => void } = {}) {
  const onChannel = useRef(extras.onChannel);
  onChannel.current = extras.onChannel;
  const [state, setState] = useState<RemoteState>(initialState);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [ownStream, setOwnStream] = useState<MediaStream | null>(null);
  const client = useRef<SessionClient | null>(null);
  const [route, setRoute] = useState<Route | null>(null);
  const [files, setFiles] = useState<{ manager: CustomerFiles | null; transfers: TransferView[]; connected: boolean }>({ manager: null, transfers: [], connected: false });
  const [call, setCall] = useState<CustomerCallState>(initialCallState);
  const callClient = useRef<CallClient | null>(null);
  const { number, token, name, attempt } = params ?? {};

  // Direct or relayed (issue #10): read from the connection's stats every 2 s while it is up.
  const linked = state.name === 'connected' || state.name === 'viewing';
  useEffect(() => {
    if (!linked) return setRoute(null);
    const read = () => void client.current?.route().then((r) => setRoute(r ?? null));
    read();
    const timer = setInterval(read, 2000);
    return () => clearInterval(timer);
  }, [linked]);

  useEffect(() => {
    if (number === undefined || name === undefined) return;
    const abort = new AbortController();
    const manager: CustomerFiles = new CustomerFiles({ onChange: (transfers, connected) => setFiles({ manager, transfers, connected }) });
    setFiles({ manager, transfers: [], connected: false });
    const calls = new CallClient({ onState: setCall });
    callClient.current = calls;
    abort.signal.addEventListener('abort', () => calls.close());
    const session = new SessionClient({
      onPeerConnection: (pc, signal) => manager.attach(pc, signal),
      url: socketUrl(location),
      number,
      token,
      name,
      onState: setState,
      onStream: setStream,
      onOwnStream: setOwnStream,
      onChannel: (channel) => onChannel.current?.(channel),
      calls,
      signal: abort.signal,
    });
    client.current = session;
    session.start();
    return () => {
      abort.abort();
      client.current = null;
      callClient.current = null;
    };
  }, [number, token, name, attempt]);

  return {
    state,
    route,
    stream,
    ownStream,
    files,
    leave: () => client.current?.leave(),
    acceptShare: () => void client.current?.acceptShare(),
    declineShare: () => client.current?.declineShare(),
    dismissRequest: () => client.current?.dismissRequest(),
    stopShare: () => client.current?.stopShare(),
    call,
    calls: {
      voice: (on: boolean) => void callClient.current?.voice(on),
      mute: (muted: boolean) => void callClient.current?.mute(muted),
      camera: (on: boolean) => void callClient.current?.camera(on),
    },
  };
}
