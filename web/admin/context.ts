// What every admin panel needs, handed down by AdminPage: the API client and
// who is signed in (to mark "(you)" in the user list).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { UserInfo } from '../../src/shared/protocol/wire.ts';
import type { AdminApi } from './api.ts';

export interface AdminContextValue {
  api: AdminApi;
  me: UserInfo;
}

export const AdminContext = createContext<AdminContextValue | null>(null);

export function useAdmin(): AdminContextValue {
  const value = useContext(AdminContext);
  if (!value) throw new Error('useAdmin outside <AdminContext.Provider>');
  return value;
}
