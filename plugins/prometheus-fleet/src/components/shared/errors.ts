import { ResponseError } from '@backstage/errors';

export function hasStatus(error: unknown, statusCode: number): boolean {
  return error instanceof ResponseError && error.statusCode === statusCode;
}

/** The server's own sentence, rather than "Request failed with 409". */
export function serverMessage(error: Error): string {
  return error instanceof ResponseError ? error.cause.message : error.message;
}
