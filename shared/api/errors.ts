// Errors that cross the API boundary. Every user-facing failure says what happened and what to do next:
// `message` is the what, `hint` the next step. Codes let the UI and the CLI choose presentation and exit codes.

export type ApiErrorCode =
  | 'BAD_REQUEST' // the message did not match the API schema
  | 'NOT_FOUND' // no such service/method/resource
  | 'USER_ERROR' // bad input from the user: malformed model, bad path, corrupt manifest, …
  | 'TOOL_MISSING' // an external tool (gcc, QEMU, openocd, …) is not installed
  | 'DEVICE_ERROR' // the board or port failed or vanished
  | 'CANCELLED' // the user cancelled a long job
  | 'UNAUTHORIZED'
  | 'INTERNAL'; // a bug: we failed, not the user

export interface ApiErrorData {
  code: ApiErrorCode;
  message: string;
  hint?: string;
  /** Optional structured detail (e.g. the list of unsupported operators). */
  detail?: unknown;
}

export class ApiError extends Error implements ApiErrorData {
  readonly code: ApiErrorCode;
  readonly hint?: string;
  readonly detail?: unknown;
  constructor(code: ApiErrorCode, message: string, hint?: string, detail?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.hint = hint;
    this.detail = detail;
  }
  toData(): ApiErrorData {
    return { code: this.code, message: this.message, hint: this.hint, detail: this.detail };
  }
  static from(data: ApiErrorData): ApiError {
    return new ApiError(data.code, data.message, data.hint, data.detail);
  }
}

export function userError(message: string, hint?: string, detail?: unknown): ApiError {
  return new ApiError('USER_ERROR', message, hint, detail);
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Turns anything thrown into wire data; unknown errors become INTERNAL with their message kept. */
export function toErrorData(e: unknown): ApiErrorData {
  if (e instanceof ApiError) return e.toData();
  if (e && typeof e === 'object' && 'name' in e && (e as { name: string }).name === 'AbortError') {
    return { code: 'CANCELLED', message: 'Cancelled.' };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message, hint: 'This is a bug in TinyML Studio; the Output panel has details.' };
}
