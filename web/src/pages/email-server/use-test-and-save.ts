import { useState } from 'react';
import type { CombinedError } from 'urql';
import { fromError, fromTest, NO_OUTCOME } from './connection-outcome';
import type { Outcome } from './connection-outcome';

type TestRun = () => Promise<{
  data?: { ok: boolean; message: string } | undefined;
  error?: CombinedError | undefined;
}>;
type SaveRun = () => Promise<{ error?: CombinedError | undefined }>;

/**
 * The "Test" / "Save" flow both authentication tabs share: check the form locally first (nothing
 * is sent while a field is missing), then run the mutation and turn its answer into an Outcome.
 */
export function useTestAndSave({
  checkLocally,
  savedText,
  onSaved,
}: {
  checkLocally: () => Outcome | undefined;
  savedText: string;
  onSaved: () => void;
}) {
  const [outcome, setOutcome] = useState<Outcome>(NO_OUTCOME);
  const [busy, setBusy] = useState<'test' | 'save'>();

  const start = (kind: 'test' | 'save') => {
    const problem = checkLocally();
    setOutcome(problem ?? NO_OUTCOME);
    if (!problem) setBusy(kind);
    return !problem;
  };

  return {
    outcome,
    busy,
    runTest: async (test: TestRun) => {
      if (!start('test')) return;
      const result = await test();
      setBusy(undefined);
      setOutcome(fromTest(result));
    },
    runSave: async (save: SaveRun) => {
      if (!start('save')) return;
      const result = await save();
      setBusy(undefined);
      if (result.error) return setOutcome(fromError(result.error));
      onSaved();
      setOutcome({ success: savedText, fields: {} });
    },
  };
}
