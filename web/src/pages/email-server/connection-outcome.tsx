import type { CombinedError } from 'urql';
import { ErrorMessage, StatusMessage } from '../../components/messages';
import { errorText, fieldErrors } from '../../errors';

/**
 * What "Test" or "Save" came to, shown next to the form's buttons: the API's message word for word
 * (e.g. "Error connecting to Tenant ID: … with Client: … credentials."), and per-field messages
 * for input the API refused.
 */
export interface Outcome {
  error?: string;
  success?: string;
  fields: Record<string, string[]>;
}

export const NO_OUTCOME: Outcome = { fields: {} };

export function fromTest(result: {
  data?: { ok: boolean; message: string } | undefined;
  error?: CombinedError | undefined;
}): Outcome {
  if (result.error) return fromError(result.error);
  if (!result.data) return NO_OUTCOME;
  return result.data.ok
    ? { success: `Connection test passed: ${result.data.message}`, fields: {} }
    : { error: result.data.message, fields: {} };
}

export function fromError(error: CombinedError): Outcome {
  return { error: errorText(error), fields: fieldErrors(error) };
}

export function OutcomeMessages({ idPrefix, outcome }: { idPrefix: string; outcome: Outcome }) {
  return (
    <div className="outcome">
      <ErrorMessage id={`${idPrefix}-error`} error={outcome.error} />
      <StatusMessage id={`${idPrefix}-status`} text={outcome.success} />
    </div>
  );
}
