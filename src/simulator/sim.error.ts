/** Failure of a simulator operation, carrying the HTTP status and the error code its routes answer with. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "SimError";
  }
}

export const notFound = (what: string): SimError => new SimError(404, "ResourceNotFound", `${what} was not found`);
export const badRequest = (code: string, message: string): SimError => new SimError(400, code, message);
