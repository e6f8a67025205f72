// API errors: a stable machine code, an HTTP status, and a message that says what was wrong and what to do.
import type { ErrorCode } from '../payments/types.js';

export type ApiErrorCode =
  | 'unauthorized'
  | 'token_expired'
  | 'forbidden'
  | 'not_found'
  | 'validation_failed'
  | 'order_id_conflict'
  | 'job_not_allowed'
  | 'invalid_state'
  | 'no_call'
  | 'call_busy'
  | 'telephony_unavailable'
  | 'merchant_disabled'
  | 'internal_error'
  // console and management API
  | 'invalid_credentials'
  | 'account_locked'
  | 'csrf_failed'
  | 'password_change_required'
  | 'weak_password'
  | 'login_id_taken'
  | 'did_taken'
  | 'origin_not_allowed'
  | 'not_supported'
  // after-approval operations (sale, void, refund) and pay methods
  | 'operation_not_supported'
  | 'void_window_closed'
  | 'refund_exceeds_amount'
  | 'operation_in_progress'
  | 'authorization_expired'
  | 'method_not_allowed';

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 502 | 503,
    /** an API code, or a payment ErrorCode when the gateway refused for that reason (e.g. gateway_unavailable) */
    readonly code: ApiErrorCode | ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found (or it belongs to another merchant)`);
