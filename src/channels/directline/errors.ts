/** Direct Line's error answer: an HTTP status and `{ error: { code, message } }`. */
import type restify from 'restify';

export class DirectLineError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const badArgument = (message: string) => new DirectLineError(400, 'BadArgument', message);

export function sendError(res: restify.Response, error: DirectLineError): void {
  res.send(error.status, { error: { code: error.code, message: error.message } });
}
