/**
 * Off-chain errors: one base class with a stable code (`TNS_<AREA>_<CONDITION>`), a short message,
 * optional structured details and a cause. Codes are append-only and documented in docs/errors.md.
 * On-chain failures are not exceptions: they are `DispatchError` values in the runtime.
 */
export class TensoriumError extends Error {
  override readonly name: string = 'TensoriumError';
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, opts: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.details = opts.details;
  }

  toJSON(): { code: string; message: string; details?: Record<string, unknown> } {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

/** Thrown by the codec, parsers and validators of this package. */
export class InvalidInputError extends TensoriumError {
  override readonly name = 'InvalidInputError';
}
