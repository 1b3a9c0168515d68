import { HttpError, fetchUtils } from 'react-admin';
import { readToken } from './session';

export const API_URL = '/api/v1';

/** The admin API's error envelope: `{ "error": { code, message, requestId, fields } }`. */
interface ApiError {
  code: string;
  message: string;
  requestId?: string;
  fields?: { field: string; message: string }[];
}

/**
 * What react-admin reads from `HttpError.body`: `message` for notifications and `errors.<source>` for
 * server-side validation (`root.serverError` replaces the generic "form is not valid" notification).
 */
export interface ConsoleErrorBody {
  code: string;
  message: string;
  requestId?: string;
  errors?: Record<string, string | { serverError: string }>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const readApiError = (json: unknown): ApiError | undefined => {
  if (!isRecord(json) || !isRecord(json.error)) return undefined;
  const { code, message, requestId, fields } = json.error;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return {
    code,
    message,
    ...(typeof requestId === 'string' ? { requestId } : {}),
    ...(Array.isArray(fields)
      ? {
          fields: fields.filter(
            (f): f is { field: string; message: string } =>
              isRecord(f) && typeof f.field === 'string' && typeof f.message === 'string',
          ),
        }
      : {}),
  };
};

const fallbackMessage = (status: number, statusText: string): string => {
  if (status === 401) return 'Your session has expired. Please sign in again.';
  if (status === 403) return 'You are not allowed to do this.';
  if (status === 404) return 'Not found. It may have been deleted.';
  if (status >= 500) return 'The control plane failed to handle the request.';
  return statusText || `Request failed with status ${status}`;
};

/** Converts a failed response into the HttpError shape react-admin understands. */
export const toHttpError = (status: number, statusText: string, json: unknown): HttpError => {
  const apiError = readApiError(json);
  const baseMessage = apiError?.message ?? fallbackMessage(status, statusText);
  // 5xx messages are deliberately vague; the request id is what an operator needs to find the log line.
  const message =
    status >= 500 && apiError?.requestId ? `${baseMessage} (request id ${apiError.requestId})` : baseMessage;
  const body: ConsoleErrorBody = { code: apiError?.code ?? `HTTP_${status}`, message };
  if (apiError?.requestId) body.requestId = apiError.requestId;
  if (apiError?.fields && apiError.fields.length > 0) {
    const errors: Record<string, string | { serverError: string }> = { root: { serverError: message } };
    for (const { field, message: fieldMessage } of apiError.fields) errors[field] = fieldMessage;
    body.errors = errors;
  }
  return new HttpError(message, status, body);
};

export interface ApiResponse {
  status: number;
  headers: Headers;
  json: unknown;
}

/**
 * fetch for the admin API: adds the break-glass bearer token when one is stored, sends the session
 * cookie otherwise (same origin only), and turns error bodies into react-admin HttpErrors.
 * Signature-compatible with `fetchUtils.fetchJson`, so ra-data-simple-rest can use it as its httpClient.
 */
export const apiFetch = async (
  url: string,
  options: fetchUtils.Options = {},
): Promise<ApiResponse & { body: string }> => {
  const headers = new Headers(options.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  const token = readToken();
  if (token && !headers.has('Authorization')) headers.set('Authorization', `Bearer ${token}`);
  try {
    const response = await fetchUtils.fetchJson(url, { ...options, headers, credentials: 'same-origin' });
    return {
      status: response.status,
      headers: response.headers,
      body: response.body,
      json: response.json as unknown,
    };
  } catch (error: unknown) {
    if (error instanceof HttpError) {
      const status = typeof error.status === 'number' ? error.status : 0;
      throw toHttpError(status, error.message, error.body);
    }
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new HttpError('Cannot reach the control plane. Check that it is running and try again.', 0, {
      code: 'NETWORK_ERROR',
      message: 'Cannot reach the control plane.',
    });
  }
};
