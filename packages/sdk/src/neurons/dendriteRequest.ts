/**
 * Builds a signed request exactly as the reference dendrite does (spec/neurons.md §2.3–§2.5): the
 * JSON body of the whole synapse, the header set, and the 5-part signature. Pure apart from signing.
 */
import { InvalidInputError } from '@tensorium/primitives';
import { buildSynapseHeaders } from './headers.js';
import { toJson } from './json.js';
import { requestMessage, type Signer, signMessage } from './signature.js';
import { type AnySynapse, inputObjHeaders, type RequestOf, synapseBodyHash } from './synapse.js';
import { emptyTerminalInfo, type TerminalInfo, terminalInfoToJson } from './terminalInfo.js';
import { PROTOCOL_VERSION } from './version.js';

/** Where to send a request: an axon's published ip/port and its hotkey (a metagraph `AxonInfo` fits). */
export interface AxonTarget {
  readonly ip: string;
  readonly port: number;
  readonly hotkey: string;
}

/** The synapse's field values for a request: validated request fields plus initial response fields. */
export interface PreparedFields {
  readonly values: Record<string, unknown>;
  readonly bodyHash: string;
  readonly inputObjs: readonly (readonly [string, string])[];
}

/** Validates `request` against the synapse and computes what does not depend on the target. */
export function prepareFields<S extends AnySynapse>(synapse: S, request: RequestOf<S>): PreparedFields {
  const parsed = synapse.request.safeParse(request);
  if (!parsed.success) {
    throw new InvalidInputError(
      'TNS_DENDRITE_REQUEST',
      `invalid ${synapse.name} request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const values = { ...(parsed.data as Record<string, unknown>), ...synapse.initialResponse() };
  return { values, bodyHash: synapseBodyHash(synapse, values), inputObjs: inputObjHeaders(synapse, values) };
}

export interface BuildRequestOptions {
  target: AxonTarget;
  signer: Signer;
  /** The dendrite uuid (or lane uuid) put in the message and headers. */
  uuid: string;
  /** ns nonce (`time.time_ns()`). */
  nonce: bigint;
  /** Seconds. */
  timeout: number;
  /** The dendrite's external ip (header only). */
  externalIp: string;
}

export interface BuiltRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The signed 5-part message. */
  readonly message: string;
  readonly dendrite: TerminalInfo;
  readonly axon: TerminalInfo;
}

export function buildRequest(synapse: AnySynapse, fields: PreparedFields, o: BuildRequestOptions): BuiltRequest {
  const dendrite = emptyTerminalInfo();
  dendrite.ip = o.externalIp;
  dendrite.version = PROTOCOL_VERSION;
  dendrite.nonce = o.nonce;
  dendrite.uuid = o.uuid;
  dendrite.hotkey = o.signer.address;
  const axon = emptyTerminalInfo();
  axon.ip = o.target.ip;
  axon.port = o.target.port;
  axon.hotkey = o.target.hotkey;
  const message = requestMessage({
    nonce: o.nonce,
    dendriteHotkey: o.signer.address,
    axonHotkey: o.target.hotkey,
    uuid: o.uuid,
    bodyHash: fields.bodyHash,
  });
  dendrite.signature = signMessage(o.signer, message);
  const body = toJson({
    name: synapse.name,
    timeout: o.timeout,
    total_size: 0,
    header_size: 0,
    dendrite: terminalInfoToJson(dendrite),
    axon: terminalInfoToJson(axon),
    computed_body_hash: '',
    ...fields.values,
  });
  const headers = buildSynapseHeaders({
    name: synapse.name,
    timeout: o.timeout,
    axon,
    dendrite,
    inputObjs: fields.inputObjs,
    totalSize: Buffer.byteLength(body),
    bodyHash: fields.bodyHash,
  });
  return { path: `/${synapse.name}`, headers, body, message, dendrite, axon };
}
