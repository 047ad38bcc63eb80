/** Errors of the wire-protocol layer. */
import { TensoriumError } from '@tensorium/primitives';

/**
 * Thrown by an axon handler to answer with a given HTTP status and message (the reference's
 * `synapse.axon.status_code = 409` then raise): the body is `{"message": message}`.
 */
export class SynapseStatusError extends TensoriumError {
  override readonly name = 'SynapseStatusError';
  readonly status: number;

  constructor(status: number, message: string) {
    super('TNS_AXON_HANDLER_STATUS', message, { details: { status } });
    if (!Number.isInteger(status) || status < 100 || status > 599)
      throw new RangeError(`invalid HTTP status ${status}`);
    this.status = status;
  }
}

/** Invalid axon or dendrite configuration. */
export class NeuronConfigError extends TensoriumError {
  override readonly name = 'NeuronConfigError';
}
