import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { LeadSummary } from '../../../../src-shared/contract/areas/leads';
import { useNow } from '../../hooks/useNow';
import { LeadRow } from './LeadRow';

interface LeadListProps {
  /** The listbox's accessible name, e.g. "Lead inbox" or "Search results". */
  readonly label: string;
  readonly leads: readonly LeadSummary[];
  /** More leads exist beyond the loaded ones (the set size is then unknown). */
  readonly hasMore: boolean;
  readonly openId: string | null;
  readonly onOpen: (id: string) => void;
  /** Called when the rep scrolls close to the last loaded lead. */
  readonly onNearEnd?: () => void;
}

const rowHeight = 64;
const pageJump = 10;
const nearEndRows = 10;

const optionIdOf = (leadId: string): string => `lead-option-${leadId}`;

/**
 * A virtualized listbox of leads: the listbox itself scrolls, only visible rows are in the DOM,
 * and the active row is announced through aria-activedescendant. Arrows move, Enter opens.
 */
export function LeadList({ label, leads, hasMore, openId, onOpen, onNearEnd }: LeadListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<string | null>(openId);
  const now = useNow();

  // This build does not use the React Compiler; the virtualizer re-renders this component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: leads.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasMore && onNearEnd && lastShown >= leads.length - nearEndRows) onNearEnd();
  }, [hasMore, onNearEnd, lastShown, leads.length]);

  const activeIndex = activeId === null ? -1 : leads.findIndex((lead) => lead.id === activeId);
  const activeLead = activeIndex >= 0 ? leads[activeIndex] : undefined;

  /** The first row whose top is in view (else the one partly shown at the top); -1 when there are none. */
  const firstInView = (): number => {
    const top = scrollRef.current?.scrollTop ?? 0;
    const atTop = virtualizer.getVirtualItemForOffset(top);
    if (!atTop) return -1;
    return atTop.start < top && atTop.index + 1 < leads.length ? atTop.index + 1 : atTop.index;
  };
  /** Whether the row at index is wholly in view (read from the layout, not the last render). */
  const inView = (index: number): boolean => {
    const list = scrollRef.current;
    const item = virtualizer.measurementsCache[index];
    if (!list || !item) return false;
    return item.start >= list.scrollTop && item.end <= list.scrollTop + list.clientHeight;
  };

  // A mouse press focuses the listbox before its click lands on a row. If focusing selected
  // (and scrolled to) a row, the rows would move under the pointer and the click would be lost.
  const pointerFocus = useRef(false);

  const activate = (index: number) => {
    const lead = leads[Math.max(0, Math.min(index, leads.length - 1))];
    if (!lead) return;
    setActiveId(lead.id);
    virtualizer.scrollToIndex(leads.indexOf(lead), { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Nothing selected yet (the list was focused by a click on no row): start from what is in view.
    const start = activeIndex < 0 ? firstInView() : -1;
    const moves: Record<string, number> = {
      ArrowDown: activeIndex < 0 ? Math.max(0, start) : activeIndex + 1,
      ArrowUp: activeIndex < 0 ? Math.max(0, start) : activeIndex - 1,
      PageDown: activeIndex + pageJump,
      PageUp: activeIndex - pageJump,
      Home: 0,
      End: leads.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      activate(target);
    } else if (event.key === 'Enter' && activeLead) {
      event.preventDefault();
      onOpen(activeLead.id);
    }
  };

  const pick = (id: string) => {
    setActiveId(id);
    onOpen(id);
  };

  // With more to load the total is unknown: aria-setsize -1 says so.
  const setSize = hasMore ? -1 : leads.length;

  return (
    <div
      ref={scrollRef}
      className="lead-list"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={activeLead ? optionIdOf(activeLead.id) : undefined}
      onKeyDown={onKeyDown}
      onMouseDown={() => {
        pointerFocus.current = true;
        // Focus follows the press in the same task; never let the flag outlive it.
        window.setTimeout(() => (pointerFocus.current = false), 0);
      }}
      onFocus={(event) => {
        const byPointer = pointerFocus.current;
        pointerFocus.current = false;
        // Focus from the pointer leaves the selection to the click.
        if (byPointer || event.target !== event.currentTarget || leads.length === 0) return;
        // Keyboard focus entering: keep a selection that is in view, else the open lead if it is
        // in view, else the first row in view. The list does not scroll.
        if (activeIndex >= 0 && inView(activeIndex)) return;
        const openIndex = leads.findIndex((l) => l.id === openId);
        const index = openIndex >= 0 && inView(openIndex) ? openIndex : firstInView();
        if (index >= 0) setActiveId(leads[index]!.id);
      }}
    >
      <div className="lead-list__sizer" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const lead = leads[item.index];
          if (!lead) return null;
          return (
            <LeadRow
              key={lead.id}
              lead={lead}
              optionId={optionIdOf(lead.id)}
              position={item.index + 1}
              setSize={setSize}
              active={lead.id === activeLead?.id}
              open={lead.id === openId}
              now={now}
              style={{ height: item.size, transform: `translateY(${item.start}px)` }}
              onPick={pick}
            />
          );
        })}
      </div>
    </div>
  );
}
