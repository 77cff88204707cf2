import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { DashboardState } from '../shared/protocol/runtime.ts';
import type { DashboardConnector } from './connector.ts';

export const ConnectorContext = createContext<DashboardConnector | undefined>(undefined);

export function useConnector(): DashboardConnector {
  const connector = useContext(ConnectorContext);
  if (!connector) throw new Error('the dashboard needs a ConnectorContext');
  return connector;
}

export function useDashboardState(): DashboardState | undefined {
  const connector = useConnector();
  const [state, setState] = useState<DashboardState>();
  useEffect(() => connector.subscribe(setState), [connector]);
  return state;
}

/**
 * Where this dashboard runs: the toolbar popup (or the same page in a tab), or
 * the side panel / sidebar that stays open (sidepanel.html marks its <body>).
 */
export type Surface = 'popup' | 'sidepanel';
export const SurfaceContext = createContext<Surface>('popup');
export const useSurface = (): Surface => useContext(SurfaceContext);
