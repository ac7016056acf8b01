import { ApiError } from '../api/client';
import { errorMessage } from './states';

interface FormLike {
  setFieldError: (path: string, error: string) => void;
}

/** Error codes that belong to one form field even when the server names none. */
const FIELD_BY_CODE: Record<string, string> = {
  OCPP_IDENTITY_TAKEN: 'ocppIdentity',
  EMAIL_TAKEN: 'email',
  CURRENCY_UNKNOWN: 'currency',
  TIME_ZONE_UNKNOWN: 'timeZone',
  BILLING_DAY_INVALID: 'billingDay',
};

interface FieldIssue {
  field: string | null;
  message: string;
}

function issuesOf(error: ApiError): FieldIssue[] {
  const { details } = error;
  if (Array.isArray(details)) {
    return details.flatMap((d: unknown) => {
      if (typeof d !== 'object' || d === null) return [];
      const issue = d as { field?: unknown; message?: unknown };
      return [
        {
          field: typeof issue.field === 'string' ? issue.field : null,
          message: typeof issue.message === 'string' ? issue.message : error.message,
        },
      ];
    });
  }
  if (typeof details === 'object' && details !== null && 'field' in details) {
    const field = (details as { field: unknown }).field;
    if (typeof field === 'string') return [{ field, message: error.message }];
  }
  const byCode = FIELD_BY_CODE[error.code];
  return byCode ? [{ field: byCode, message: error.message }] : [];
}

/**
 * Puts the server's validation messages next to the fields they name (`details[].field` or
 * `details.field`, dotted paths like `connectors.0.type`). Returns the message for what could
 * not be placed on a field, or null when every issue found its field.
 */
export function applyServerErrors(
  form: FormLike,
  error: unknown,
  rename: (field: string) => string | null = (f) => f,
): string | null {
  if (!(error instanceof ApiError)) return errorMessage(error);
  const issues = issuesOf(error);
  let unplaced = issues.length === 0;
  for (const issue of issues) {
    const field = issue.field ? rename(issue.field) : null;
    if (field) form.setFieldError(field, issue.message);
    else unplaced = true;
  }
  return unplaced ? error.message : null;
}
