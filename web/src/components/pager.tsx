import { useState } from 'react';
import type { FormEvent } from 'react';

/**
 * Cursor pagination as the API offers it (first/after, pageInfo): "Next page" follows endCursor,
 * "Previous page" returns to the cursor the previous page started from.
 */
export function usePager() {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  return {
    after,
    page: cursors.length,
    next: (endCursor: string | null | undefined) => {
      if (endCursor) setCursors((list) => [...list, endCursor]);
    },
    previous: () => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)),
    reset: () => setCursors([null]),
  };
}

export function Pager({
  pager,
  hasNextPage,
  endCursor,
  label,
}: {
  pager: ReturnType<typeof usePager>;
  hasNextPage: boolean;
  endCursor: string | null | undefined;
  label: string;
}) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" onClick={pager.previous} disabled={pager.page <= 1}>
        Previous page
      </button>
      <span>Page {pager.page}</span>
      <button type="button" onClick={() => pager.next(endCursor)} disabled={!hasNextPage}>
        Next page
      </button>
    </nav>
  );
}

/**
 * A filter form over a paged list: the form edits `draft`, "Apply filters" makes it the `applied`
 * filter the query uses and goes back to the first page.
 */
export function useAppliedFilter<T>(initial: T) {
  const pager = usePager();
  const [draft, setDraft] = useState(initial);
  const [applied, setApplied] = useState(initial);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    pager.reset();
    setApplied(draft);
  };
  return { pager, draft, setDraft, applied, apply };
}
