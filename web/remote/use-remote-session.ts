// Binds a SessionClient to a component: one client per (number, token, name,
// attempt), torn down by one abort() when any of them changes or the page goes.
import { useEffect, useRef, useState } from 'preact/hooks';
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

export function useRemoteSession(params: SessionParams | null) {
  const [state, setState] = useState<RemoteState>(initialState);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [ownStream, setOwnStream] = useState<MediaStream | null>(null);
  const client = useRef<SessionClient | null>(null);
  const [call, setCall] = useState<CustomerCallState>(initialCallState);
  const callClient = useRef<CallClient | null>(null);
  const { number, token, name, attempt } = params ?? {};

  useEffect(() => {
    if (number === undefined || name === undefined) return;
    const abort = new AbortController();
    const calls = new CallClient({ onState: setCall });
    callClient.current = calls;
    abort.signal.addEventListener('abort', () => calls.close());
    const session = new SessionClient({
      url: socketUrl(location),
      number,
      token,
      name,
      onState: setState,
      onStream: setStream,
      onOwnStream: setOwnStream,
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
    stream,
    ownStream,
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
