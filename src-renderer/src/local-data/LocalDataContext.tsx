import { createContext, use, type ReactNode } from 'react';
import { useLocalDataStatus, type LocalDataState } from '../hooks/useLocalDataStatus';

interface LocalDataValue {
  readonly status: LocalDataState;
  /** Ask main again (after removing data, or to retry). */
  readonly refresh: () => void;
}

const LocalDataContext = createContext<LocalDataValue | null>(null);

/** One answer to "is the lead store open?" for the nav badges, the Leads view and Settings. */
export function LocalDataProvider({ children }: { readonly children: ReactNode }) {
  const value = useLocalDataStatus();
  return <LocalDataContext value={value}>{children}</LocalDataContext>;
}

export function useLocalData(): LocalDataValue {
  const value = use(LocalDataContext);
  if (!value) throw new Error('useLocalData needs a LocalDataProvider above it');
  return value;
}
