import type { ErrorResponse } from '../../src/lib/contract/api';

/**
 * An expected failure with a status and a body the client may see. Anything else thrown by a
 * handler is unexpected: logged in full, answered with a generic 500.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly body: ErrorResponse,
    readonly headers: Record<string, string> = {}
  ) {
    super(body.error);
  }
}

export const badRequest = (error: string, where: Omit<ErrorResponse, 'error'> = {}) => new HttpError(400, { error, ...where });
