/** A failed delivery attempt. `permanent` failures are not retried (e.g. SMTP 5xx, webhook 4xx). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DeliveryError";
  }
}
