// Binds a SessionClient to a component: one client per (number, token, name,
// attempt), torn down by one abort() when any of them changes or the page goes.
import { useEffect, useRef, useState } from 'preact/hooks';
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
  const { number, token, name, attempt } = params ?? {};

  useEffect(() => {
    if (number === undefined || name === undefined) return;
    const abort = new AbortController();
    const session = new SessionClient({
      url: socketUrl(location),
      number,
      token,
      name,
      onState: setState,
      onStream: setStream,
      onOwnStream: setOwnStream,
      onChannel: (channel) => onChannel.current?.(channel),
      signal: abort.signal,
    });
    client.current = session;
    session.start();
    return () => {
      abort.abort();
      client.current = null;
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
  };
}
