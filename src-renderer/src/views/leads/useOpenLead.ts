import { useCallback, useEffect, useState } from 'react';

const prefix = /^#\/leads\/?/;

/** "#/leads/<id>" -> "<id>"; anything else -> null. */
export function leadIdFromHash(hash: string): string | null {
  if (!prefix.test(hash)) return null;
  const rest = hash.replace(prefix, '').split(/[/?]/, 1)[0] ?? '';
  if (rest === '') return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}

export const leadHref = (id: string): string => `#/leads/${encodeURIComponent(id)}`;

/** The lead open in the detail pane lives in the URL hash, so reload and back/forward keep it. */
export function useOpenLead(): { readonly openId: string | null; readonly open: (id: string) => void; readonly close: () => void } {
  const [openId, setOpenId] = useState(() => leadIdFromHash(window.location.hash));

  useEffect(() => {
    const onHashChange = () => setOpenId(leadIdFromHash(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const open = useCallback((id: string) => {
    window.location.hash = leadHref(id);
  }, []);
  const close = useCallback(() => {
    window.location.hash = '#/leads';
  }, []);

  return { openId, open, close };
}
