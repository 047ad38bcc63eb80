/** Errors of the miner/validator framework. */
import { TensoriumError } from '@tensorium/primitives';

/** Configuration, registration or chain errors of a miner or validator (`TNS_NEURON_*`). */
export class NeuronError extends TensoriumError {
  override readonly name = 'NeuronError';
}
